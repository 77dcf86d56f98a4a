"""Ctrl-C and ``kill`` for the command: raised where it is safe, never inside a lock.

The command turns SIGINT and SIGTERM into :class:`Interrupted`, so that the output is
cleaned up and the exit status is 128 + the signal. Raising from a signal handler can
happen between any two bytecodes, though: inside ``ProcessPoolExecutor.submit`` it leaves
the pool's internal lock held, and stopping the pool then waits for that lock forever. Code
that talks to the pool runs inside :func:`deferred`: a signal arriving there is only noted,
and :func:`check` raises it at the next safe point (the pool is polled every 0.1 s).
"""

from __future__ import annotations

import contextlib
import signal
from collections.abc import Iterator
from typing import Any

_depth = 0
_pending: int | None = None
#: set when worker processes were stopped by force: the process should end without the
#: exit-time joins of multiprocessing (they can wait on queues nobody reads any more)
_forced = False


class Interrupted(KeyboardInterrupt):
    """SIGINT or SIGTERM arrived; ``signum`` says which."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def handler(signum: int, frame: Any) -> None:
    """The signal handler: raise now, or note the signal inside :func:`deferred`."""
    global _pending
    if _depth:
        if _pending is None:
            _pending = signum
        return
    raise Interrupted(signum)


@contextlib.contextmanager
def deferred() -> Iterator[None]:
    """Signals arriving inside are raised by :func:`check`, not where they land."""
    global _depth
    _depth += 1
    try:
        yield
    finally:
        _depth -= 1


def check() -> None:
    """Raise the signal that arrived since the last check, if one did."""
    global _pending
    if _pending is not None:
        signum, _pending = _pending, None
        raise Interrupted(signum)


@contextlib.contextmanager
def installed() -> Iterator[None]:
    """:func:`handler` for SIGINT and SIGTERM while the block runs (main thread only)."""
    old = {s: signal.signal(s, handler) for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for s, h in old.items():
            signal.signal(s, h)


def mark_forced() -> None:
    """Note that worker processes were terminated (see :func:`forced`)."""
    global _forced
    _forced = True


def forced() -> bool:
    """Whether worker processes were terminated in this process."""
    return _forced

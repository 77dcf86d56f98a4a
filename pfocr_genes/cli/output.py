"""Where the command's output goes, without ever losing a user's file.

- A regular file (or a new name) is written to a hidden temporary file beside it and
  renamed onto it only when the run completes: an interrupted run leaves the previous file
  untouched and no partial file behind. The replaced file keeps its permission bits.
- A symbolic link is followed: its *target* is replaced atomically, the link stays a link.
- Anything that is not a regular file (a terminal, ``/dev/null``, a FIFO, ``/dev/stdout``,
  a process substitution ``/dev/fd/63``) is written through, never renamed over or removed.
- A target that is one of the command's inputs (a record or its word table) is refused
  before anything is written: ``-o rec.md`` would replace the record with TSV.

Nothing here ever deletes a file it did not create.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any


class OutputError(Exception):
    """The output cannot be written where asked (exit status 2); the message says why."""


def _through(path: str) -> bool:
    """Whether ``path`` is written through: it exists and is not a regular file, or it is a
    descriptor path (``/dev/fd/N``, ``/proc/self/fd/N``) whose target may be a pipe."""
    if path.startswith(("/dev/fd/", "/proc/self/fd/")) or path in ("/dev/stdout", "/dev/stderr"):
        return True
    try:
        st = os.stat(path)
    except OSError:
        return False
    return not stat.S_ISREG(st.st_mode) and not stat.S_ISDIR(st.st_mode)


def check_not_input(path: str, inputs: Iterable[str]) -> None:
    """Refuse a target that is one of ``inputs`` (same file, through links or hard links)."""
    try:
        target = os.stat(path)
    except OSError:
        return  # a new file is no input
    if not stat.S_ISREG(target.st_mode):
        return
    for p in inputs:
        with contextlib.suppress(OSError):
            st = os.stat(p)
            if (st.st_dev, st.st_ino) == (target.st_dev, target.st_ino):
                raise OutputError(f"refusing to write {path}: it is one of the inputs ({p})")


@contextlib.contextmanager
def open_output(path: str | None, *, binary: bool = False,
                stdout: IO[Any] | None = None) -> Iterator[IO[Any]]:
    """A stream for ``path`` (``None`` or ``-``: standard output), written as the module
    docstring says. On an exception (an interrupt included) a temporary file is removed and
    the target left as it was."""
    import sys  # noqa: PLC0415 - looked up at call time, tests replace it

    if path in (None, "-"):
        out = stdout or (sys.stdout.buffer if binary else sys.stdout)
        yield out
        return
    text_kw: dict[str, Any] = {} if binary else {"encoding": "utf-8", "newline": ""}
    if _through(path):
        try:
            fh = open(path, "wb" if binary else "w", **text_kw)
        except OSError as exc:
            raise OutputError(f"cannot write {path}: {exc.strerror or exc}") from None
        with fh:
            yield fh
        return
    target = Path(os.path.realpath(path))  # a link's target is what gets replaced
    if target.is_dir():
        raise OutputError(f"cannot write {path}: it is a folder")
    try:
        mode = stat.S_IMODE(os.stat(target).st_mode)
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".partial", dir=target.parent)
    except OSError as exc:
        raise OutputError(f"cannot write {path}: {exc.strerror or exc}") from None
    ok = False
    try:
        with os.fdopen(fd, "wb" if binary else "w", **text_kw) as fh:
            yield fh
        os.chmod(tmp, mode)
        os.replace(tmp, target)
        ok = True
    finally:
        if not ok:
            with contextlib.suppress(OSError):
                os.unlink(tmp)

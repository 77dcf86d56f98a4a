"""Per-term cache of MyGene.info answers, in the same SQLite file as the HTTP cache.

Why a second table: requests-cache keys a POST on its whole body, so a batch that shares
999 of its 1,000 terms with an earlier one would still be a miss. This table keys one
answer per *term* (and per endpoint, scopes, species and fields, which change the answer),
so a re-run asks the service only for terms it has never seen.

Faults never stop a lookup: a file that is not a database, or is locked by another
process for longer than ``busy_timeout``, is reported once (:class:`CacheWarning`) and the
store carries on in memory for the rest of the process.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
import warnings
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

_TABLE = "pfocr_terms_v1"  # bump the suffix when the stored value format changes
_CHUNK = 500  # host parameters per SELECT (SQLite's limit is 32766 in current builds)


class CacheWarning(UserWarning):
    """The cache file could not be used; lookups go on without it (or in memory)."""


class TermStore:
    """``key -> (JSON-ready value, time stored)`` with expiry; in memory if the file fails.

    Args:
        path: SQLite file, or ``None`` for a memory-only store.
        expire_after: seconds an answer stays valid; ``None`` keeps it forever.
        busy_timeout: seconds to wait for another process's write lock before giving up.
    """

    def __init__(self, path: str | Path | None, expire_after: float | None = 7 * 86400,
                 busy_timeout: float = 5.0) -> None:
        self.path = Path(path) if path is not None else None
        self.expire_after = expire_after
        self._memory: dict[str, tuple[Any, float]] = {}
        self._lock = threading.Lock()
        self._db: sqlite3.Connection | None = None
        self.problem: str | None = None
        if self.path is not None:
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                db = sqlite3.connect(self.path, timeout=busy_timeout, check_same_thread=False)
                db.execute(f"CREATE TABLE IF NOT EXISTS {_TABLE} (key TEXT PRIMARY KEY, value TEXT, stored REAL)")
                db.execute("BEGIN IMMEDIATE")  # proves we can write now, not at the first save
                db.execute("ROLLBACK")
                db.commit()
                self._db = db
            except (sqlite3.Error, OSError) as exc:
                self._give_up(exc)

    def _give_up(self, exc: BaseException) -> None:
        self.problem = f"{self.path}: cache file unusable ({exc}); caching in memory for this run"
        warnings.warn(self.problem, CacheWarning, stacklevel=3)
        if self._db is not None:
            try:
                self._db.close()
            except sqlite3.Error:  # pragma: no cover - closing a broken handle
                pass
        self._db = None

    @property
    def persistent(self) -> bool:
        """True while answers go to the cache file (False after a fault, or memory-only)."""
        return self._db is not None

    def _fresh(self, stored: float, now: float) -> bool:
        return self.expire_after is None or now - stored <= self.expire_after

    def get_many(self, keys: Iterable[str]) -> dict[str, Any]:
        """The fresh values of those ``keys`` that are stored.

        Reads the file while it works; the memory table only holds what was stored while
        it did not (callers keep their own in-process layer for repeated keys).
        """
        now = time.time()
        found: dict[str, Any] = {}
        keys = list(keys)
        with self._lock:
            if self._db is not None:
                try:
                    for i in range(0, len(keys), _CHUNK):
                        part = keys[i:i + _CHUNK]
                        rows = self._db.execute(
                            f"SELECT key, value, stored FROM {_TABLE} WHERE key IN ({','.join('?' * len(part))})",
                            part).fetchall()
                        found.update((k, json.loads(value)) for k, value, stored in rows if self._fresh(stored, now))
                    return found
                except (sqlite3.Error, ValueError) as exc:
                    self._give_up(exc)
                    found.clear()
            for k in keys:
                hit = self._memory.get(k)
                if hit is not None and self._fresh(hit[1], now):
                    found[k] = hit[0]
        return found

    def put_many(self, items: Mapping[str, Any]) -> None:
        """Store ``items`` in the file (in memory once the file has failed)."""
        if not items:
            return
        now = time.time()
        with self._lock:
            if self._db is not None:
                try:
                    with self._db:
                        self._db.executemany(
                            f"INSERT OR REPLACE INTO {_TABLE} (key, value, stored) VALUES (?, ?, ?)",
                            [(k, json.dumps(v, separators=(",", ":")), now) for k, v in items.items()])
                    return
                except sqlite3.Error as exc:
                    self._give_up(exc)
            for k, v in items.items():
                self._memory[k] = (v, now)

    def clear(self) -> None:
        """Forget every stored answer."""
        with self._lock:
            self._memory.clear()
            if self._db is not None:
                try:
                    with self._db:
                        self._db.execute(f"DELETE FROM {_TABLE}")
                except sqlite3.Error as exc:
                    self._give_up(exc)

    def close(self) -> None:
        with self._lock:
            if self._db is not None:
                self._db.close()
                self._db = None

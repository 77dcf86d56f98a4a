"""Resumable downloads of the large source files into a cache folder.

Why plain :mod:`requests` here, when the project's MyGene client uses requests-cache:
requests-cache stores each response body whole in its backend (SQLite or files), which for
files of tens to hundreds of MB means holding them in memory and keeping a second copy, and
it cannot continue a body that stopped halfway. Here a body streams to ``<file>.part`` in
1 MB chunks. When the connection drops, the next attempt (in this run, or the next
``data update``) asks only for the rest, ``Range: bytes=N-``, with ``If-Range`` set to the
ETag (or Last-Modified) the first attempt saw: if the file changed on the server meanwhile,
the server sends it whole instead of a tail that would splice two versions. A finished file
is kept with its ETag and Last-Modified, and the next update asks ``If-None-Match`` /
``If-Modified-Since``: a 304 reuses it without a transfer.

Bytes are stored exactly as served (``Accept-Encoding: identity``, no transparent
decompression), so Range offsets and sizes refer to the file itself.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import re
import time
from collections.abc import Callable
from functools import partial
from http.client import HTTPException
from pathlib import Path
from urllib.parse import urlsplit

import attrs
import requests
import urllib3

#: Chunk written at a time (and the progress granularity).
CHUNK = 1 << 20
_CONTENT_RANGE = re.compile(r"bytes\s+(\d+)-(\d+)/(\d+|\*)|bytes\s+\*/(\d+)")
#: ``progress(file, bytes done, total or None)``.
Progress = Callable[[str, int, "int | None"], None]


class DownloadError(Exception):
    """A file could not be downloaded; the message names it, the URL and what happened."""


class _Retry(Exception):
    """A transient failure: the connection dropped, timed out, or the server said 5xx/429."""


@attrs.frozen(slots=True)
class Download:
    """A downloaded file in the cache, and where it came from."""

    file: str
    url: str
    path: Path
    size: int
    sha256: str
    last_modified: str | None = None
    etag: str | None = None
    #: True when the server said the cached copy is current (304), so nothing was transferred
    reused: bool = False
    #: True when at least one request continued a partial file (Range)
    resumed: bool = False

    def to_dict(self) -> dict:
        return {"file": self.file, "url": self.url, "size": self.size, "sha256": self.sha256,
                "last_modified": self.last_modified, "etag": self.etag, "reused": self.reused,
                "resumed": self.resumed}


def parse_content_range(value: str | None) -> tuple[int | None, int | None]:
    """``bytes 100-199/1000`` -> ``(100, 1000)``; ``bytes */1000`` -> ``(None, 1000)``;
    anything else -> ``(None, None)``. Never raises."""
    m = _CONTENT_RANGE.fullmatch((value or "").strip())
    if not m:
        return None, None
    if m.group(4) is not None:
        return None, int(m.group(4))
    total = m.group(3)
    return int(m.group(1)), None if total == "*" else int(total)


_ERRNO = re.compile(r"\[Errno -?\d+\] ([^'\")\]]+)")


def _reason(exc: BaseException) -> str:
    """The cause of a connection failure in a few words (requests nests it deep in its message)."""
    if isinstance(exc, requests.Timeout):
        return f"no answer within the timeout ({type(exc).__name__})"
    m = _ERRNO.search(str(exc))
    return m.group(1).strip() if m else type(exc).__name__


def _read_json(path: Path) -> dict:
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return doc if isinstance(doc, dict) else {}


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(CHUNK), b""):
            h.update(block)
    return h.hexdigest()


def _mb(n: int | None) -> str:
    """A size for a message: bytes below 1 MB, else MB."""
    return "?" if n is None else f"{n:,} bytes" if n < 1_000_000 else f"{n / 1e6:.1f} MB"


class Downloader:
    """Downloads into ``cache_dir``; one :class:`requests.Session` for keep-alive.

    ``attempts``: tries per file within one run (each continues the partial file);
    ``timeout``: seconds to connect and between bytes (a stalled server is a failed attempt).
    """

    def __init__(self, cache_dir: Path, *, session: requests.Session | None = None, timeout: float = 60.0,
                 attempts: int = 3, backoff: float = 0.5, progress: Progress | None = None) -> None:
        self.cache_dir = cache_dir
        self.session = session or requests.Session()
        self.session.headers.update({"Accept-Encoding": "identity", "User-Agent": "pfocr-genes data update"})
        self.timeout = timeout
        self.attempts = attempts
        self.backoff = backoff
        self.progress = progress

    def fetch(self, url: str, file: str) -> Download:
        """Download ``url`` to ``cache_dir/file`` (resuming a partial one, reusing a current
        one). Raises :class:`DownloadError`; a partial file stays for the next try."""
        try:
            self.cache_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise DownloadError(f"{file}: cannot create the download folder {self.cache_dir} "
                                f"({exc.strerror or exc})") from exc
        last = ""
        resumed = False
        for attempt in range(1, self.attempts + 1):
            try:
                done, used_range = self._attempt(url, file)
                return attrs.evolve(done, resumed=resumed or used_range)
            except _Retry as exc:
                last = str(exc)
                resumed = True
                if attempt < self.attempts:
                    time.sleep(self.backoff * 2 ** (attempt - 1))
            except OSError as exc:  # writing the cache: a full disk, permissions
                where = exc.filename or self.cache_dir
                raise DownloadError(f"{file}: cannot write {where} ({exc.strerror or exc})") from exc
        part = self.cache_dir / f"{file}.part"
        kept = part.stat().st_size if part.exists() else 0
        raise DownloadError(f"{file}: {last} (from {url}, {self.attempts} attempts)"
                            + (f"; {_mb(kept)} kept in {part}: run the update again to resume" if kept else ""))

    def _attempt(self, url: str, file: str) -> tuple[Download, bool]:
        final = self.cache_dir / file
        meta_path = self.cache_dir / f"{file}.json"
        part = self.cache_dir / f"{file}.part"
        part_meta_path = self.cache_dir / f"{file}.part.json"
        meta = _read_json(meta_path) if final.exists() else {}
        if not (meta.get("url") == url and meta.get("sha256") and meta.get("size") == final.stat().st_size):
            meta = {}  # no usable cached copy: never ask the server whether it is current
        have = part.stat().st_size if part.exists() else 0
        pmeta = _read_json(part_meta_path) if have else {}
        validator = pmeta.get("etag") or pmeta.get("last_modified")
        headers: dict[str, str] = {}
        if have and pmeta.get("url") == url and validator:
            headers.update({"Range": f"bytes={have}-", "If-Range": validator})
        else:
            have = 0
            if meta:
                if meta.get("etag"):
                    headers["If-None-Match"] = meta["etag"]
                if meta.get("last_modified"):
                    headers["If-Modified-Since"] = meta["last_modified"]
        try:
            resp = self.session.get(url, headers=headers, stream=True, timeout=self.timeout)
        except requests.RequestException as exc:
            raise _Retry(f"cannot connect to {urlsplit(url).netloc} ({_reason(exc)})") from exc
        with resp:
            status = resp.status_code
            if status == 304 and meta:
                return Download(file, url, final, meta["size"], meta["sha256"], meta.get("last_modified"),
                                meta.get("etag"), reused=True), False
            if status == 416 and have:
                _, total = parse_content_range(resp.headers.get("Content-Range"))
                if total == have:  # the part was complete: the last attempt died before renaming it
                    return self._finish(url, file, part, pmeta), True
                part.unlink(missing_ok=True)
                raise _Retry("the server refused to resume the partial file; starting again")
            if status == 429 or status >= 500:
                raise _Retry(f"HTTP {status} {resp.reason}")
            if status not in (200, 206):
                raise DownloadError(f"{file}: HTTP {status} {resp.reason} from {url}")
            start, total = 0, None
            if status == 206:
                start, total = parse_content_range(resp.headers.get("Content-Range"))
                if start != have:
                    part.unlink(missing_ok=True)
                    raise _Retry(f"the server resumed at byte {start}, not {have}; starting again")
            etag, modified = resp.headers.get("ETag"), resp.headers.get("Last-Modified")
            length = resp.headers.get("Content-Length")
            if total is None and length and length.isdigit():
                total = start + int(length)
            if start == 0:
                pmeta = {"url": url, "etag": etag, "last_modified": modified, "size": total}
                part_meta_path.write_text(json.dumps(pmeta), encoding="utf-8")
            got = self._stream(resp, part, start, file, total)
            if total is not None and got != total:
                raise _Retry(f"connection closed after {_mb(got)} of {_mb(total)}")
        return self._finish(url, file, part, pmeta), start > 0

    def _stream(self, resp: requests.Response, part: Path, start: int, file: str, total: int | None) -> int:
        """Append the body to ``part``; returns the size reached. Network errors are
        :class:`_Retry` (the bytes written so far stay), disk errors ``OSError``."""
        done = start
        # read1 returns what has arrived (up to CHUNK), so an interrupted transfer keeps it;
        # urllib3 1.x lacks it and waits for whole chunks
        read1 = getattr(resp.raw, "read1", None)
        chunks = iter(partial(read1, CHUNK, decode_content=False), b"") if read1 else resp.raw.stream(
            CHUNK, decode_content=False)
        with open(part, "ab" if start else "wb") as fh:
            try:
                for chunk in chunks:
                    fh.write(chunk)
                    done += len(chunk)
                    if self.progress is not None:
                        self.progress(file, done, total)
            except (requests.RequestException, urllib3.exceptions.HTTPError, HTTPException,
                    ConnectionError, TimeoutError) as exc:
                fh.flush()
                raise _Retry(f"connection lost after {_mb(done)} of {_mb(total)} "
                             f"({type(exc).__name__})") from exc
        return done

    def _finish(self, url: str, file: str, part: Path, pmeta: dict) -> Download:
        final = self.cache_dir / file
        size = part.stat().st_size
        digest = _sha256(part)
        part.replace(final)
        meta = {"url": url, "etag": pmeta.get("etag"), "last_modified": pmeta.get("last_modified"), "size": size,
                "sha256": digest}
        (self.cache_dir / f"{file}.json").write_text(json.dumps(meta, indent=1), encoding="utf-8")
        with contextlib.suppress(OSError):
            (self.cache_dir / f"{file}.part.json").unlink()
        return Download(file, url, final, size, digest, meta["last_modified"], meta["etag"])

"""A real HTTP file server on 127.0.0.1 standing in for HGNC's and NCBI's download sites.

Serves a folder (``tests/fixtures/update``): a path ending in ``.gz`` whose file is stored
uncompressed is served gzipped (deterministically). It speaks what ``data update`` relies on:
``ETag``/``Last-Modified``, ``If-None-Match`` (304), ``Range: bytes=N-`` with ``If-Range``
(206 with ``Content-Range``, or the whole file when the validator no longer matches).

Faults, set per path by a test: ``files[path] = bytes`` serves other content (an HTML page, a
truncated gzip...); ``cut[path] = n`` sends the full ``Content-Length`` but only ``n`` bytes of
the body, then closes the connection (a dropped download); ``status[path] = code`` answers
with that status and an HTML page; ``slow[path] = seconds`` sleeps between 4 kB chunks.
``cut_left[path] = k`` stops cutting after ``k`` responses. ``requests`` records
``(path, Range header or None)`` of every GET.
"""

from __future__ import annotations

import gzip
import hashlib
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

LAST_MODIFIED = "Tue, 15 Jul 2025 08:00:00 GMT"
HTML_ERROR = b"<!DOCTYPE html><html><head><title>Error</title></head><body>Service unavailable</body></html>\n"


class DataServer:
    """Start with :meth:`start` (returns the base URL); :meth:`stop` when done."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.files: dict[str, bytes] = {}
        self.cut: dict[str, int] = {}
        self.cut_left: dict[str, int] = {}
        self.status: dict[str, int] = {}
        self.slow: dict[str, float] = {}
        self.requests: list[tuple[str, str | None]] = []
        self._lock = threading.Lock()
        self._httpd: ThreadingHTTPServer | None = None

    def content(self, path: str) -> bytes | None:
        """The bytes served for ``path`` (``/GENE_INFO/...gz``), or ``None`` (404)."""
        if path in self.files:
            return self.files[path]
        rel = path.lstrip("/")
        if ".." in rel:
            return None
        f = self.root / rel
        if f.is_file():
            return f.read_bytes()
        if rel.endswith(".gz") and (self.root / rel[:-3]).is_file():
            return gzip.compress((self.root / rel[:-3]).read_bytes(), mtime=0)
        return None

    def reset(self) -> None:
        """Forget the faults and the request log."""
        with self._lock:
            self.files.clear()
            self.cut.clear()
            self.cut_left.clear()
            self.status.clear()
            self.slow.clear()
            self.requests.clear()

    def count(self, suffix: str = "") -> int:
        return sum(1 for p, _ in self.requests if p.endswith(suffix))

    def ranges(self, suffix: str) -> list[str]:
        return [r for p, r in self.requests if p.endswith(suffix) and r]

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: Any) -> None:
                pass

            def _plain(self, code: int, body: bytes = b"") -> None:
                self.send_response(code)
                self.send_header("Content-Type", "text/html")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_GET(self) -> None:
                path = self.path.split("?", 1)[0]
                rng = self.headers.get("Range")
                with server._lock:
                    server.requests.append((path, rng))
                    code = server.status.get(path)
                    cut = server.cut.get(path)
                    if cut is not None and path in server.cut_left:
                        server.cut_left[path] -= 1
                        if server.cut_left[path] <= 0:
                            del server.cut[path], server.cut_left[path]
                    slow = server.slow.get(path, 0.0)
                if code is not None:
                    return self._plain(code, HTML_ERROR)
                body = server.content(path)
                if body is None:
                    return self._plain(404, HTML_ERROR)
                etag = '"' + hashlib.sha1(body).hexdigest() + '"'
                if self.headers.get("If-None-Match") == etag:
                    self.send_response(304)
                    self.send_header("ETag", etag)
                    self.end_headers()
                    return None
                start = 0
                if rng and rng.startswith("bytes=") and rng.endswith("-") and self.headers.get(
                        "If-Range") in (etag, LAST_MODIFIED):
                    start = int(rng[6:-1])
                    if start >= len(body):
                        self.send_response(416)
                        self.send_header("Content-Range", f"bytes */{len(body)}")
                        self.send_header("Content-Length", "0")
                        self.end_headers()
                        return None
                part = body[start:]
                self.send_response(206 if start else 200)
                self.send_header("Content-Type", "application/octet-stream")
                self.send_header("Content-Length", str(len(part)))
                self.send_header("ETag", etag)
                self.send_header("Last-Modified", LAST_MODIFIED)
                self.send_header("Accept-Ranges", "bytes")
                if start:
                    self.send_header("Content-Range", f"bytes {start}-{len(body) - 1}/{len(body)}")
                self.end_headers()
                if cut is not None:
                    self.wfile.write(part[:cut])
                    self.wfile.flush()
                    self.close_connection = True
                    return None
                for i in range(0, len(part), 4096):
                    if slow:
                        time.sleep(slow)
                    self.wfile.write(part[i:i + 4096])
                return None

        return Handler

    def start(self) -> str:
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._httpd.daemon_threads = True
        threading.Thread(target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        return self.url

    @property
    def url(self) -> str:
        assert self._httpd is not None
        return f"http://127.0.0.1:{self._httpd.server_address[1]}/"

    def stop(self) -> None:
        if self._httpd is not None:
            httpd, self._httpd = self._httpd, None
            httpd.shutdown()
            httpd.server_close()

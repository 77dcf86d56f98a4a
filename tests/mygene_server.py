"""A real MyGene.info v3 server on 127.0.0.1, answering from the embedded snapshot.

Used by the tests and by ``benchmarks/mygene_cache.py``. It implements ``POST /v3/query``
and ``POST /v3/gene`` with the official request shapes (form-encoded or JSON bodies,
quoted comma-separated terms as ``mygene``/``biothings_client`` send them) and answer
shapes (a list of hits with ``query``, ``_id``, ``_score`` or ``notfound``), counts the
requests it serves, and plays scripted faults: ``faults`` is a queue of actions taken by
the next requests, one each.

Fault actions: ``"500"``; ``("429", seconds)`` (with ``Retry-After``); ``("slow", seconds)``
(sleeps, then answers normally); ``"malformed"`` (200 with broken JSON); ``"shape"`` (200
with a JSON object instead of a list); ``"die"`` (answers, then the server stops).
"""

from __future__ import annotations

import csv
import json
import threading
import time
from collections import deque
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs

from pfocr_genes.snapshot import Gene, Snapshot, default_snapshot
from pfocr_genes.textnorm import lookup_key

_SYMBOL, _ALIAS, _NAME = set("AQ"), set("PLN"), set("M")


def split_terms(value: str) -> list[str]:
    """``"a","b,c",d`` -> ``[a, "b,c", d]``: MyGene's quoted, comma-separated list."""
    if not value:
        return []
    return [t.strip() for t in next(csv.reader([value], skipinitialspace=True))]


class MyGeneServer:
    """Start with :meth:`start` (returns the ``.../v3`` URL); :meth:`stop` when done.

    ``renamed``: ``{entrez: new symbol}``; ``merged``: ``{old entrez: new entrez}``;
    ``withdrawn``: Entrez ids the service no longer knows; ``others``: hits of other
    species (dicts in MyGene's shape, with ``taxid``), found by symbol or alias.
    """

    def __init__(self, snapshot: Snapshot | None = None, *, renamed: dict[str, str] | None = None,
                 merged: dict[str, str] | None = None, withdrawn: set[str] | None = None,
                 others: list[dict] | None = None) -> None:
        self.snapshot = snapshot or default_snapshot()
        self.renamed = renamed or {}
        self.merged = merged or {}
        self.withdrawn = withdrawn or set()
        self.others = others or []
        self.faults: deque[Any] = deque()
        self.requests: list[tuple[str, int, float]] = []  # (path, number of terms, time)
        self._lock = threading.Lock()
        self._httpd: ThreadingHTTPServer | None = None
        self.port = 0

    # -- answers ---------------------------------------------------------------------

    def _doc(self, g: Gene, query: str, score: float, fields: list[str]) -> dict:
        doc: dict[str, Any] = {
            "query": query, "_id": g.entrez_id, "_score": score,
            "symbol": self.renamed.get(g.entrez_id or "", g.symbol), "name": g.name,
            "entrezgene": int(g.entrez_id) if g.entrez_id else None,
            "HGNC": g.hgnc_id.split(":", 1)[1] if g.hgnc_id else None,
            "type_of_gene": g.ncbi_type or g.locus_type, "taxid": 9606,
        }
        alias = list(dict.fromkeys(g.ncbi_synonyms))
        if alias:
            doc["alias"] = alias[0] if len(alias) == 1 else alias  # MyGene gives a str for one alias
        keep = set(fields) if fields and fields != ["all"] else set(doc)
        return {k: v for k, v in doc.items() if v is not None and (k in keep or k in ("query", "_id", "_score"))}

    def _human_rows(self, term: str, scopes: list[str]) -> list[tuple[int, float]]:
        out: list[tuple[int, float]] = []
        raw = self.snapshot.index.get(lookup_key(term), "")
        for item in filter(None, raw.split(",")):
            row_s, code = item.split(" ")
            if ("symbol" in scopes and code in _SYMBOL) or ("alias" in scopes and code in _ALIAS) or (
                    "name" in scopes and code in _NAME):
                out.append((int(row_s), 90.0 if code in _SYMBOL else 20.0))
        if "entrezgene" in scopes or "_id" in scopes:
            row = self.snapshot.row_of_entrez(term)
            if row is not None:
                out.append((row, 100.0))
        return out

    def query(self, terms: list[str], scopes: list[str], fields: list[str], species: str) -> list[dict]:
        human = species in ("", "all", "human", "9606")
        taxa = {"mouse": 10090, "rat": 10116, "human": 9606, "fly": 7227, "zebrafish": 7955}
        out: list[dict] = []
        for t in terms:
            hits: list[dict] = []
            seen: set[str] = set()
            for row, score in (self._human_rows(t, scopes) if human else ()):
                g = self.snapshot.gene(row)
                if g.entrez_id and g.entrez_id not in seen and g.entrez_id not in self.withdrawn:
                    seen.add(g.entrez_id)
                    hits.append(self._doc(g, t, score, fields))
            want = None if species in ("", "all") else {
                taxa.get(s, int(s) if s.isdigit() else -1) for s in species.split(",")}
            for o in self.others:
                alias = o.get("alias", [])
                names = [o.get("symbol", ""), *([alias] if isinstance(alias, str) else alias)]
                if (want is None or o["taxid"] in want) and any(n.upper() == t.upper() for n in names):
                    hits.append({"query": t, "_score": 50.0, **o})
            hits.sort(key=lambda h: -h["_score"])
            out.extend(hits or [{"query": t, "notfound": True}])
        return out

    def genes(self, ids: list[str], fields: list[str]) -> list[dict]:
        out: list[dict] = []
        for i in ids:
            target = self.merged.get(i, i)
            other = next((o for o in self.others if str(o.get("_id")) == target), None)
            if other is not None:
                keep = set(fields) if fields and fields != ["all"] else set(other)
                out.append({"query": i, **{k: v for k, v in other.items() if k in keep or k == "_id"}})
                continue
            row = self.snapshot.row_of_entrez(target)
            if row is None or target in self.withdrawn:
                out.append({"query": i, "notfound": True})
            else:
                doc = self._doc(self.snapshot.gene(row), i, 0.0, fields)
                doc.pop("_score")
                out.append(doc)
        return out

    # -- HTTP ------------------------------------------------------------------------

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: Any) -> None:  # keep test output clean
                pass

            def _send(self, status: int, body: bytes, headers: dict[str, str] | None = None) -> None:
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                for k, v in (headers or {}).items():
                    self.send_header(k, v)
                self.end_headers()
                self.wfile.write(body)

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length).decode("utf-8")
                if "json" in (self.headers.get("Content-Type") or ""):
                    params = {k: ",".join(map(str, v)) if isinstance(v, list) else str(v)
                              for k, v in json.loads(raw or "{}").items()}
                else:
                    params = {k: v[0] for k, v in parse_qs(raw, keep_blank_values=True).items()}
                path = self.path.split("?")[0].rstrip("/")
                field = "q" if path.endswith("/query") else "ids"
                terms = split_terms(params.get(field, ""))
                with server._lock:
                    server.requests.append((path, len(terms), time.monotonic()))
                    fault = server.faults.popleft() if server.faults else None
                if fault == "500":
                    return self._send(500, b'{"error": "internal"}')
                if isinstance(fault, tuple) and fault[0] == "429":
                    return self._send(429, b'{"error": "rate limited"}', {"Retry-After": str(fault[1])})
                if isinstance(fault, tuple) and fault[0] == "slow":
                    time.sleep(fault[1])
                if fault == "malformed":
                    return self._send(200, b'[{"query": "TP53", "_id": ')
                if fault == "shape":
                    return self._send(200, b'{"hits": []}')
                fields = [f for f in params.get("fields", "").split(",") if f]
                if path.endswith("/v3/query"):
                    scopes = [s for s in params.get("scopes", "_id").split(",") if s]
                    body = server.query(terms, scopes, fields, params.get("species", "all"))
                elif path.endswith("/v3/gene"):
                    body = server.genes(terms, fields)
                else:
                    return self._send(404, b'{"error": "no such endpoint"}')
                dying = fault == "die"
                if dying:  # no keep-alive: the next request must find the port closed
                    self.close_connection = True
                self._send(200, json.dumps(body).encode("utf-8"), {"Connection": "close"} if dying else None)
                if dying:
                    threading.Thread(target=server.stop, daemon=True).start()
                return None

        return Handler

    def start(self) -> str:
        self._httpd = ThreadingHTTPServer(("127.0.0.1", self.port), self._handler())
        self._httpd.daemon_threads = True
        self.port = self._httpd.server_address[1]
        threading.Thread(target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        return self.url

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v3"

    def stop(self) -> None:
        if self._httpd is not None:
            httpd, self._httpd = self._httpd, None
            httpd.shutdown()
            httpd.server_close()

    def count(self, path_suffix: str = "") -> int:
        """Requests served (all, or those whose path ends with ``path_suffix``)."""
        return sum(1 for p, _, _ in self.requests if p.endswith(path_suffix))

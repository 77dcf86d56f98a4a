"""A cached MyGene.info v3 client: batched, fault-tolerant, never repeats a look-up.

Why our own client and not ``mygene``: its current ``biothings_client`` (>= 0.4) moved to
httpx and hishel, and the older requests-based one caches by patching ``requests``
globally (``requests_cache.install_cache``), which would change every HTTP call of a
user's process. This client keeps its cache to itself in a
:class:`requests_cache.CachedSession` (SQLite, POST responses cached) and adds a
per-term table (:mod:`pfocr_genes.termcache`) because requests-cache keys whole request
bodies: an overlapping batch asks only for the terms not seen before, a repeated one
makes no request at all.

It speaks the official protocol (``POST /v3/query`` with ``q``, ``scopes``, ``fields``,
``species``; ``POST /v3/gene`` with ``ids``; answers are lists of hits with ``query``,
``_id``, ``_score`` or ``notfound``), so ``mygene.MyGeneInfo`` works against the same
server. Faults: every request has a timeout; connection errors, timeouts, 429 (honouring
``Retry-After``) and 5xx are retried a bounded number of times with exponential backoff
and jitter; malformed or oddly shaped answers are errors, never crashes, and are not
cached. When the service stays unreachable the affected terms are answered from the
embedded snapshot, marked ``source="snapshot"`` with the reason, so a batch always
completes.
"""

from __future__ import annotations

import email.utils
import json
import os
import random
import sqlite3
import time
import warnings
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

import attrs
import requests
from requests_cache import CachedSession
from requests_cache.backends.sqlite import SQLiteCache

from pfocr_genes.resolver import Resolver
from pfocr_genes.snapshot import Gene, Snapshot, default_snapshot
from pfocr_genes.termcache import CacheWarning, TermStore

DEFAULT_URL = "https://mygene.info/v3"
#: Fields asked for by default: enough to identify a gene and check a symbol.
FIELDS = ("symbol", "name", "entrezgene", "HGNC", "type_of_gene", "alias", "taxid", "homologene")
#: MyGene.info accepts up to 1,000 terms per batch request.
MAX_BATCH = 1000
_HUMAN = {"human", "9606", "homo sapiens"}
# snapshot match types a MyGene scope corresponds to (for the offline fallback)
_SCOPE_MATCHES = {
    "symbol": {"approved"}, "alias": {"alias", "ncbi_synonym", "previous"}, "name": {"name"},
    "retired": {"previous"},
}

Source = Literal["mygene", "snapshot"]


class MyGeneError(RuntimeError):
    """An answer could not be used (HTTP status, malformed JSON, unexpected shape)."""


class MyGeneUnavailable(MyGeneError):
    """The service did not answer after every retry (connection, timeout, 429, 5xx)."""


def default_cache_path() -> Path:
    """``$PFOCR_GENES_CACHE``, else ``mygene.sqlite`` in the user's cache directory."""
    env = os.environ.get("PFOCR_GENES_CACHE")
    if env:
        return Path(env)
    import platformdirs  # noqa: PLC0415 - only needed when a cache file is used

    return Path(platformdirs.user_cache_dir("pfocr-genes")) / "mygene.sqlite"


def _homologs(value: object, gid: str) -> tuple[tuple[int, str], ...]:
    """MyGene's ``homologene`` field (``{"id": .., "genes": [[taxid, geneid], ...]}``)."""
    if value is None:
        return ()
    genes = value.get("genes") if isinstance(value, Mapping) else None
    if not isinstance(genes, list) or not all(
            isinstance(g, list) and len(g) == 2 and all(isinstance(x, int) and not isinstance(x, bool) for x in g)
            for g in genes):
        raise MyGeneError(f"unexpected shape: homologene of {gid} is not a list of [taxid, gene id] pairs")
    return tuple((t, str(i)) for t, i in genes)


def _opt_str(hit: Mapping, field: str) -> str | None:
    v = hit.get(field)
    if v is None:
        return None
    if isinstance(v, bool) or not isinstance(v, (str, int)):
        raise MyGeneError(f"unexpected shape: field {field!r} of hit {hit.get('query')!r} is {type(v).__name__}")
    return str(v)


@attrs.frozen(slots=True)
class GeneRecord:
    """One gene as MyGene.info (or, in a fallback, the embedded snapshot) describes it."""

    id: str
    symbol: str | None = None
    name: str | None = None
    entrez_id: str | None = None
    hgnc_id: str | None = None
    type_of_gene: str | None = None
    aliases: tuple[str, ...] = ()
    taxid: int | None = None
    score: float | None = None
    #: the gene's HomoloGene group: ``(taxid, NCBI Gene id)`` of each member, other species included
    homologs: tuple[tuple[int, str], ...] = ()

    def homolog_in(self, taxid: int) -> str | None:
        """The NCBI Gene id of this gene's homolog in ``taxid`` (HomoloGene), or ``None``."""
        return next((gid for t, gid in self.homologs if t == taxid), None)

    @classmethod
    def from_hit(cls, hit: Mapping) -> GeneRecord:
        """Validate one hit of a MyGene answer. Raises :class:`MyGeneError` on odd shapes."""
        gid = _opt_str(hit, "_id")
        if gid is None:
            raise MyGeneError(f"unexpected shape: hit for {hit.get('query')!r} has no _id")
        alias = hit.get("alias", ())
        if isinstance(alias, str):
            alias = (alias,)
        if not isinstance(alias, (list, tuple)) or not all(isinstance(a, str) for a in alias):
            raise MyGeneError(f"unexpected shape: alias of {gid} is not a string or list of strings")
        taxid, score = hit.get("taxid"), hit.get("_score")
        if taxid is not None and (isinstance(taxid, bool) or not isinstance(taxid, int)):
            raise MyGeneError(f"unexpected shape: taxid of {gid} is {taxid!r}")
        if score is not None and (isinstance(score, bool) or not isinstance(score, (int, float))):
            raise MyGeneError(f"unexpected shape: _score of {gid} is {score!r}")
        hgnc = _opt_str(hit, "HGNC")
        homologs = _homologs(hit.get("homologene"), gid)
        return cls(
            id=gid, symbol=_opt_str(hit, "symbol"), name=_opt_str(hit, "name"),
            entrez_id=_opt_str(hit, "entrezgene"),
            hgnc_id=None if hgnc is None else hgnc if hgnc.startswith("HGNC:") else f"HGNC:{hgnc}",
            type_of_gene=_opt_str(hit, "type_of_gene"), aliases=tuple(alias), taxid=taxid,
            score=None if score is None else float(score), homologs=homologs,
        )

    @classmethod
    def from_gene(cls, g: Gene) -> GeneRecord:
        """The snapshot's record of a human gene, in MyGene's terms."""
        return cls(id=g.entrez_id or g.hgnc_id or g.symbol, symbol=g.symbol, name=g.name, entrez_id=g.entrez_id,
                   hgnc_id=g.hgnc_id, type_of_gene=g.ncbi_type or g.locus_type,
                   aliases=tuple(dict.fromkeys((*g.ncbi_synonyms, *g.aliases))), taxid=9606)

    def to_dict(self) -> dict[str, Any]:
        d = attrs.asdict(self)
        d["aliases"] = list(self.aliases)
        return d

    def to_row(self) -> list[Any]:
        """Compact JSON form for the per-term cache (field order; see :meth:`from_row`)."""
        return [self.id, self.symbol, self.name, self.entrez_id, self.hgnc_id, self.type_of_gene,
                list(self.aliases), self.taxid, self.score]

    @classmethod
    def from_row(cls, r: list[Any]) -> GeneRecord:
        return cls(r[0], r[1], r[2], r[3], r[4], r[5], tuple(r[6]), r[7], r[8])


@attrs.frozen(slots=True)
class Lookup:
    """The answer for one term or id.

    ``source`` says who answered: ``mygene`` (the service, or its answer cached earlier:
    ``cached``) or ``snapshot`` (the embedded data, because MyGene could not; ``error`` says
    why). ``genes`` is empty when nothing was found; several genes when the term is shared.
    """

    query: str
    genes: tuple[GeneRecord, ...]
    source: Source
    cached: bool = False
    error: str | None = None

    @property
    def notfound(self) -> bool:
        return not self.genes

    def to_dict(self) -> dict[str, Any]:
        return {"query": self.query, "source": self.source, "cached": self.cached, "error": self.error,
                "genes": [g.to_dict() for g in self.genes]}


@attrs.define
class ClientStats:
    """What the client did: HTTP requests sent, retries, terms answered from each place."""

    requests: int = 0
    retries: int = 0
    from_cache: int = 0
    from_service: int = 0
    from_snapshot: int = 0


def _retry_after(resp: requests.Response) -> float | None:
    value = resp.headers.get("Retry-After")
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


def _quote_terms(terms: Sequence[str]) -> str:
    """Comma-joined, each term in double quotes, as the official client sends them."""
    return ",".join(f'"{t}"' for t in terms)


class MyGeneClient:
    """MyGene.info v3 with a private SQLite cache, retries and a snapshot fallback.

    Args:
        url: service root (``https://mygene.info/v3``; a local server in tests).
        cache: SQLite file for both the HTTP and the per-term cache; default
            :func:`default_cache_path`; ``None`` keeps the cache in memory only.
        expire_after: seconds a cached answer stays valid (default 7 days; MyGene.info
            rebuilds weekly).
        timeout: seconds to connect and to read each response.
        retries: attempts after the first, for connection errors, timeouts, 429 and 5xx.
        backoff: base of the exponential wait between attempts (seconds, with jitter).
        max_wait: the longest single wait; a ``Retry-After`` beyond it ends the retries.
        cooldown: after the service proved unreachable, seconds during which further
            batches go straight to the snapshot instead of waiting through retries again.
        batch_size: terms per request (at most 1,000).
        busy_timeout: seconds to wait on a cache file locked by another process.
        snapshot: snapshot for the fallback (default: the embedded one).
    """

    def __init__(self, url: str = DEFAULT_URL, *, cache: str | Path | Literal["default"] | None = "default",
                 expire_after: float | None = 7 * 86400, timeout: float = 10.0, retries: int = 3,
                 backoff: float = 0.5, max_wait: float = 60.0, cooldown: float = 60.0,
                 batch_size: int = MAX_BATCH, busy_timeout: float = 5.0, snapshot: Snapshot | None = None) -> None:
        if not 1 <= batch_size <= MAX_BATCH:
            raise ValueError(f"batch_size must be 1..{MAX_BATCH}, got {batch_size}")
        self.url = url.rstrip("/")
        self.cache_path = default_cache_path() if cache == "default" else (Path(cache) if cache else None)
        self.expire_after = expire_after
        self.timeout = timeout
        self.retries = retries
        self.backoff = backoff
        self.max_wait = max_wait
        self.cooldown = cooldown
        self.batch_size = batch_size
        self.stats = ClientStats()
        self._snapshot = snapshot
        self._resolver: Resolver | None = None
        self._down_until = 0.0
        self._down_reason = ""
        #: answers of this process, by cache key: a repeated term costs one dict look-up
        self._memo: dict[str, Lookup] = {}
        self.store = TermStore(self.cache_path, expire_after=expire_after, busy_timeout=busy_timeout)
        self.session = self._session(busy_timeout)

    # -- HTTP --------------------------------------------------------------------------

    def _session(self, busy_timeout: float) -> CachedSession:
        expire = -1 if self.expire_after is None else self.expire_after
        common = {"expire_after": expire, "allowable_methods": ("GET", "POST"), "allowable_codes": (200,)}
        if self.store.persistent and self.cache_path is not None:
            try:
                backend = SQLiteCache(self.cache_path, busy_timeout=int(busy_timeout * 1000))
                _ = len(backend.responses)  # opens the file now: a broken one fails here, not mid-batch
                return CachedSession(backend=backend, **common)
            except sqlite3.Error as exc:
                warnings.warn(f"{self.cache_path}: HTTP cache unusable ({exc}); caching in memory",
                              CacheWarning, stacklevel=3)
        return CachedSession(backend="memory", **common)

    def _send(self, path: str, data: dict[str, str]) -> requests.Response:
        try:
            return self.session.post(f"{self.url}{path}", data=data, timeout=self.timeout)
        except sqlite3.Error as exc:  # the cache file broke or locked mid-run: go on without it
            warnings.warn(f"{self.cache_path}: HTTP cache failed ({exc}); caching in memory", CacheWarning,
                          stacklevel=4)
            self.session = CachedSession(backend="memory", expire_after=self.session.settings.expire_after,
                                         allowable_methods=("GET", "POST"), allowable_codes=(200,))
            return self.session.post(f"{self.url}{path}", data=data, timeout=self.timeout)

    def _post(self, path: str, data: dict[str, str]) -> list[dict]:
        """POST with retries; the parsed list of hits. Raises :class:`MyGeneError`."""
        problem = ""
        for attempt in range(self.retries + 1):
            wait = self.backoff * (2 ** attempt) * (0.5 + random.random())
            try:
                resp = self._send(path, data)
            except requests.Timeout as exc:
                problem = f"no answer within {self.timeout} s ({type(exc).__name__})"
            except requests.ConnectionError as exc:
                problem = f"cannot connect to {self.url} ({type(exc).__name__})"
            except requests.RequestException as exc:
                raise MyGeneError(f"request to {self.url}{path} failed: {exc}") from exc
            else:
                if not getattr(resp, "from_cache", False):
                    self.stats.requests += 1
                if resp.status_code == 200:
                    return self._parse(resp, path)
                if resp.status_code != 429 and resp.status_code < 500:
                    raise MyGeneError(f"{self.url}{path} answered HTTP {resp.status_code}: {resp.text[:200]}")
                problem = f"{self.url}{path} answered HTTP {resp.status_code}"
                after = _retry_after(resp)
                if after is not None:
                    if after > self.max_wait:
                        raise MyGeneUnavailable(f"{problem}, Retry-After {after:.0f} s is beyond {self.max_wait:.0f} s")
                    wait = after
            if attempt < self.retries:
                self.stats.retries += 1
                time.sleep(min(wait, self.max_wait))
        raise MyGeneUnavailable(f"{problem} (after {self.retries + 1} attempts)")

    def _parse(self, resp: requests.Response, path: str) -> list[dict]:
        try:
            body = resp.json()
        except ValueError as exc:
            self._forget(resp)
            raise MyGeneError(f"{self.url}{path} answered malformed JSON ({exc})") from exc
        if not isinstance(body, list) or not all(isinstance(h, dict) and isinstance(h.get("query"), str)
                                                 for h in body):
            self._forget(resp)
            raise MyGeneError(f"unexpected shape from {self.url}{path}: expected a list of hits with 'query'")
        return body

    def _forget(self, resp: requests.Response) -> None:
        """Drop a bad answer from the HTTP cache so that the next run asks again."""
        try:
            self.session.cache.delete(requests=[resp.request])
        except sqlite3.Error:  # pragma: no cover - the cache is bypassed on the next request anyway
            pass

    # -- batches -----------------------------------------------------------------------

    def _batch(self, endpoint: str, items: Iterable[str], params: dict[str, str],
               fallback: Any) -> dict[str, Lookup]:
        terms = list(dict.fromkeys(str(t) for t in items))
        prefix = f"{endpoint}|{json.dumps(params, sort_keys=True)}|"
        out: dict[str, Lookup] = {}
        memo = self._memo
        rest = [t for t in terms if prefix + t not in memo]
        for t in terms:
            lk = memo.get(prefix + t)
            if lk is not None:
                out[t] = lk
        stored = self.store.get_many([prefix + t for t in rest]) if rest else {}
        todo: list[str] = []
        for t in rest:
            rows = stored.get(prefix + t)
            if rows is None:
                todo.append(t)
            else:
                lk = out[t] = memo[prefix + t] = Lookup(t, tuple(GeneRecord.from_row(r) for r in rows), "mygene",
                                                        cached=True)
        self.stats.from_cache += len(out)
        # a term with a double quote cannot be sent in MyGene's quoted list: answer it offline
        for t in [t for t in todo if '"' in t]:
            out[t] = fallback(t, "a term with a double quote cannot be sent to MyGene.info")
        todo = [t for t in todo if '"' not in t]
        field = "q" if endpoint == "query" else "ids"
        for i in range(0, len(todo), self.batch_size):
            chunk = todo[i:i + self.batch_size]
            if time.monotonic() < self._down_until:
                for t in chunk:
                    out[t] = fallback(t, self._down_reason)
                continue
            try:
                hits = self._post(f"/{endpoint}", {field: _quote_terms(chunk), **params})
                grouped: dict[str, list[GeneRecord]] = {}
                for h in hits:
                    recs = grouped.setdefault(h["query"], [])
                    if not h.get("notfound"):
                        recs.append(GeneRecord.from_hit(h))
            except MyGeneError as exc:
                if isinstance(exc, MyGeneUnavailable):
                    self._down_until = time.monotonic() + self.cooldown
                    self._down_reason = f"MyGene.info unreachable: {exc}"
                for t in chunk:
                    out[t] = fallback(t, str(exc))
                continue
            fresh: dict[str, list[dict]] = {}
            for t in chunk:
                if t in grouped:
                    recs = sorted(grouped[t], key=lambda g: -(g.score or 0.0))
                    out[t] = Lookup(t, tuple(recs), "mygene")
                    memo[prefix + t] = attrs.evolve(out[t], cached=True)
                    fresh[prefix + t] = [g.to_row() for g in recs]
                    self.stats.from_service += 1
                else:
                    out[t] = fallback(t, "the answer had no entry for this term")
            self.store.put_many(fresh)
        return {t: out[t] for t in terms}

    def query(self, terms: Iterable[str], *, scopes: Sequence[str] = ("symbol", "alias"),
              species: str = "human", fields: Sequence[str] = FIELDS) -> dict[str, Lookup]:
        """Look terms up (``POST /v3/query``), in batches; ``{term: Lookup}`` in input order."""
        params = {"scopes": ",".join(scopes), "fields": ",".join(fields), "species": str(species)}
        return self._batch("query", terms, params,
                           lambda t, why: self._snapshot_query(t, tuple(scopes), str(species), why))

    def genes(self, ids: Iterable[str | int], *, fields: Sequence[str] = FIELDS) -> dict[str, Lookup]:
        """Fetch genes by MyGene id (Entrez id for NCBI genes; ``POST /v3/gene``)."""
        return self._batch("gene", (str(i) for i in ids), {"fields": ",".join(fields)},
                           self._snapshot_gene)

    # -- snapshot fallback -------------------------------------------------------------

    @property
    def snapshot(self) -> Snapshot:
        if self._snapshot is None:
            self._snapshot = default_snapshot()
        return self._snapshot

    def _fallback(self, term: str, genes: Iterable[Gene], why: str) -> Lookup:
        self.stats.from_snapshot += 1
        return Lookup(term, tuple(GeneRecord.from_gene(g) for g in genes), "snapshot",
                      error=f"{why}; answered from the embedded snapshot")

    def _snapshot_query(self, term: str, scopes: tuple[str, ...], species: str, why: str) -> Lookup:
        if species.lower() not in _HUMAN:
            return self._fallback(term, (), f"{why}; the snapshot holds human genes only")
        snap = self.snapshot
        rows: list[int] = []
        if "entrezgene" in scopes or "_id" in scopes:
            row = snap.row_of_entrez(term)
            rows += [row] if row is not None else []
        allowed = set().union(*(_SCOPE_MATCHES.get(s, set()) for s in scopes))
        if allowed:
            if self._resolver is None:
                self._resolver = Resolver(snap)
            res = self._resolver.resolve(term)
            if res.kind == "gene":
                rows += [c.row for c in res.candidates if c.match in allowed and c.row is not None]
        return self._fallback(term, (snap.gene(r) for r in dict.fromkeys(rows)), why)

    def _snapshot_gene(self, gid: str, why: str) -> Lookup:
        row = self.snapshot.row_of_entrez(gid)
        return self._fallback(gid, () if row is None else (self.snapshot.gene(row),), why)

    def close(self) -> None:
        """Close the HTTP session and the cache file."""
        self.session.close()
        self.store.close()

    def __enter__(self) -> MyGeneClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

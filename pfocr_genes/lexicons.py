"""Gene lexicons of other species (fly, zebrafish, worm, yeast...), with human orthologs.

``pfocr-genes data update`` writes ``species_lexicons.json.gz`` into the snapshot it builds:
for each species downloaded, every gene's symbol, synonyms, NCBI Gene id, name and human
orthologs (NCBI's gene_info and gene_orthologs). The embedded snapshot has none, and then
every look-up finds nothing: :func:`taxa` is empty.

Look-up order, and why: a species' symbols are unique within it but its synonyms are not,
and in fly nomenclature case tells genes apart (``H`` Hairless, ``h`` hairy). So the exact
symbol comes first, then exact synonyms, then the symbol ignoring case, then synonyms
ignoring case; only the first of these that finds anything is returned, every gene it
found in file order. Loading is lazy (the file on first use, a species' index on its first
look-up, ~0.1 s for 30k genes) and thread-safe.

Use::

    from pfocr_genes import lexicons
    lexicons.taxa()                   # frozenset({"7227", "7955", ...})
    lexicons.lookup("rl", "7227")     # (SpeciesGene(symbol="rl", entrez_id="3354888",
                                      #   human_symbol="MAPK1", ...),)
"""

from __future__ import annotations

import gzip
import json
import threading
from collections import defaultdict
from collections.abc import Callable
from functools import cache, cached_property, lru_cache
from pathlib import Path
from typing import Literal

import attrs

from pfocr_genes.model import Candidate, Resolution
from pfocr_genes.snapshot import SnapshotError, default_data_dir
from pfocr_genes.taxa import taxon as _known_taxon
from pfocr_genes.textnorm import lookup_key

#: The species lexicons' file in a snapshot, and its format version (written by
#: :mod:`pfocr_genes.build.lexicons`).
LEXICON_FILE = "species_lexicons.json.gz"
LEXICON_FORMAT = 1

#: How a text matched, strongest first.
Match = Literal["symbol", "synonym", "symbol_nocase", "synonym_nocase"]
MATCHES: tuple[Match, ...] = ("symbol", "synonym", "symbol_nocase", "synonym_nocase")


@attrs.frozen(slots=True)
class SpeciesGene:
    """A gene of another species, as one look-up found it.

    ``match`` says how (:data:`MATCHES`), ``matched`` which spelling. ``human_entrez_id`` and
    ``human_symbol`` are its first human ortholog (NCBI gene_orthologs; ``None`` when NCBI
    lists none); ``human_orthologs`` all of them, as ``(NCBI Gene id, symbol)``.
    """

    taxon_id: str
    symbol: str
    entrez_id: str
    name: str
    match: Match
    human_entrez_id: str | None
    human_symbol: str | None
    matched: str = ""
    synonyms: tuple[str, ...] = ()
    human_orthologs: tuple[tuple[str, str], ...] = ()
    type_of_gene: str = ""


@attrs.frozen(slots=True)
class _Row:
    entrez_id: str
    symbol: str
    name: str
    synonyms: tuple[str, ...]
    human: tuple[tuple[str, str], ...]
    type_of_gene: str

    @classmethod
    def parse(cls, line: str) -> _Row:
        f = (line.split("\t") + [""] * 6)[:6]
        human = tuple((h, s) for h, _, s in (p.partition(":") for p in f[4].split("|") if p))
        return cls(f[0], f[1], f[2], tuple(s for s in f[3].split("|") if s), human, f[5])


class _SpeciesTable:
    """One species' genes and its four look-up tables (built on first use)."""

    def __init__(self, taxon_id: str, name: str, lines: list[str]) -> None:
        self.taxon_id, self.name = taxon_id, name
        self.rows = [_Row.parse(line) for line in lines if line]
        self.tables: dict[Match, dict[str, list[int]]] = {m: defaultdict(list) for m in MATCHES}
        self.by_entrez: dict[str, int] = {}
        for i, r in enumerate(self.rows):
            self.by_entrez.setdefault(r.entrez_id, i)
            self._add("symbol", r.symbol, i)
            self._add("symbol_nocase", r.symbol.casefold(), i)
            for s in r.synonyms:
                self._add("synonym", s, i)
                self._add("synonym_nocase", s.casefold(), i)
        self.tables = {m: dict(t) for m, t in self.tables.items()}

    def _add(self, match: Match, key: str, i: int) -> None:
        rows = self.tables[match][key]
        if not rows or rows[-1] != i:
            rows.append(i)

    def gene(self, i: int, match: Match, matched: str) -> SpeciesGene:
        r = self.rows[i]
        first = r.human[0] if r.human else (None, None)
        return SpeciesGene(self.taxon_id, r.symbol, r.entrez_id, r.name, match, first[0], first[1], matched,
                           r.synonyms, r.human, r.type_of_gene)

    def lookup(self, text: str) -> tuple[SpeciesGene, ...]:
        for match in MATCHES:
            key = text.casefold() if match.endswith("_nocase") else text
            rows = self.tables[match].get(key)
            if rows:
                return tuple(self.gene(i, match, self._spelling(i, match, text)) for i in rows)
        return ()

    def _spelling(self, i: int, match: Match, text: str) -> str:
        r = self.rows[i]
        if match.startswith("symbol"):
            return r.symbol
        want: Callable[[str], bool] = (lambda s: s == text) if match == "synonym" else (
            lambda s: s.casefold() == text.casefold())
        return next((s for s in r.synonyms if want(s)), text)


def _taxon(taxon_id: str | int) -> str:
    """``4932`` -> ``559292``: PFOCR's and NCBI's ids for the same species agree here."""
    tid = str(taxon_id).strip()
    t = _known_taxon(tid)
    return t.taxon_id if t is not None else tid


class Lexicons:
    """The species lexicons of one snapshot folder (default: the snapshot in use)."""

    def __init__(self, data_dir: str | Path | None = None) -> None:
        self.data_dir = Path(data_dir) if data_dir is not None else default_data_dir()
        self._lock = threading.RLock()
        self._tables: dict[str, _SpeciesTable] = {}

    @cached_property
    def _doc(self) -> dict[str, dict]:
        path = self.data_dir / LEXICON_FILE
        with self._lock:
            if not path.exists():
                return {}
            try:
                with gzip.open(path, "rt", encoding="utf-8") as fh:
                    doc = json.load(fh)
            except (OSError, EOFError, ValueError) as exc:
                raise SnapshotError(f"{path}: cannot read the species lexicons ({exc})") from exc
            if not isinstance(doc, dict) or doc.get("format") != LEXICON_FORMAT or not isinstance(
                    doc.get("species"), dict):
                raise SnapshotError(f"{path}: not a species lexicon file of format {LEXICON_FORMAT}")
            return doc["species"]

    def taxa(self) -> frozenset[str]:
        """NCBI taxon ids with a lexicon (empty for the embedded snapshot)."""
        return frozenset(self._doc)

    def species_name(self, taxon_id: str | int) -> str | None:
        """Scientific name of a species with a lexicon, else ``None``."""
        entry = self._doc.get(_taxon(taxon_id))
        return entry.get("name") if entry else None

    def _table(self, taxon_id: str) -> _SpeciesTable | None:
        table = self._tables.get(taxon_id)
        if table is None:
            entry = self._doc.get(taxon_id)
            if not isinstance(entry, dict):
                return None
            with self._lock:
                table = self._tables.get(taxon_id)
                if table is None:
                    genes = entry.get("genes", "")
                    table = self._tables[taxon_id] = _SpeciesTable(
                        taxon_id, str(entry.get("name", "")), genes.split("\n") if isinstance(genes, str) else [])
        return table

    def lookup(self, text: str, taxon_id: str | int) -> tuple[SpeciesGene, ...]:
        """Genes of species ``taxon_id`` written ``text``: exact symbol, then synonyms,
        case-sensitive before case-insensitive (only the first tier that matches). Empty when
        nothing matches or the species has no lexicon; never raises for any ``str``."""
        if not isinstance(text, str):
            raise TypeError(f"lookup() takes a str, got {type(text).__name__}")
        table = self._table(_taxon(taxon_id))
        text = text.strip()
        return table.lookup(text) if table is not None and text else ()

    def gene(self, entrez_id: str | int, taxon_id: str | int) -> SpeciesGene | None:
        """The gene with this NCBI Gene id in species ``taxon_id`` (``match="symbol"``), or ``None``."""
        table = self._table(_taxon(taxon_id))
        i = table.by_entrez.get(str(entrez_id)) if table is not None else None
        return None if i is None else table.gene(i, "symbol", table.rows[i].symbol)


@cache
def default_lexicons() -> Lexicons:
    """The lexicons of the snapshot in use (created on first call)."""
    return Lexicons()


def lookup(text: str, taxon_id: str | int) -> tuple[SpeciesGene, ...]:
    """:meth:`Lexicons.lookup` in the snapshot in use."""
    return default_lexicons().lookup(text, taxon_id)


def taxa() -> frozenset[str]:
    """:meth:`Lexicons.taxa` of the snapshot in use."""
    return default_lexicons().taxa()


@lru_cache(maxsize=4)
def lexicons_for(data_dir: Path) -> Lexicons:
    """One :class:`Lexicons` per snapshot folder (a resolver's, say)."""
    return Lexicons(data_dir)


def resolve_in_species(data_dir: Path, token: str, species: str) -> Resolution:
    """``resolve(token, species=...)``: the token in the installed lexicon of ``species`` (an
    NCBI taxon id or name); candidates carry the species' NCBI ids, the source names the human
    ortholog. ``none``, saying how to install one, when the snapshot has no such lexicon."""
    t = _known_taxon(species if species.isdigit() else None, None if species.isdigit() else species)
    tid = t.taxon_id if t is not None else species
    lex = lexicons_for(data_dir)
    key = lookup_key(token)
    if tid not in lex.taxa():
        return Resolution(token=token, kind="none", candidates=(), unique=False, key=key,
                          note=f"no lexicon of taxon {tid} in the snapshot in use "
                               f"(pfocr-genes data update --species {tid} installs one)")
    found = lex.lookup(token, tid)
    cands = tuple(Candidate(
        symbol=g.symbol, hgnc_id=None, entrez_id=g.entrez_id, name=g.name, locus_type=g.type_of_gene,
        match="approved" if g.match.startswith("symbol") else "ncbi_synonym",
        source=f"NCBI Gene taxon {tid} {g.match}" + (
            f"; human ortholog {g.human_symbol} (NCBI Gene {g.human_entrez_id})" if g.human_entrez_id else ""),
        matched=g.matched or g.symbol) for g in found)
    note = (f"{len(cands)} gene(s) of taxon {tid} by {found[0].match}" if found
            else f"not in the lexicon of taxon {tid}")
    return Resolution(token=token, kind="gene" if cands else "none", candidates=cands,
                      unique=len(cands) == 1, key=key, note=note)

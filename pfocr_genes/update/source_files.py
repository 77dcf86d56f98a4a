"""Read and check downloaded source tables: HGNC's complete set, NCBI gene_info, gene_orthologs.

Why checks before any build: what arrives over a network is not always what was asked for.
A proxy answers with an HTML page, a connection drops inside a gzip member, a mirror serves
last year's file or another table. Each check here names the file and what is wrong with it
(:class:`SourceError`), so that ``data update`` stops before it builds anything and the
snapshot in use stays as it was.

Checks: the file is not empty and not an HTML page; a ``.gz`` file is gzip and decompresses
to its end (the CRC and length trailer are verified, so truncation is caught); the header has
the expected columns; enough rows parse (a plausible count: :data:`MIN_ROWS`); and the
newest modification date inside is neither in the future nor older than a given date.

The parsers take lines (any iterable of ``str``) so they can be tested on arbitrary text;
they stream, so a file of millions of rows never sits in memory whole.
"""

from __future__ import annotations

import csv
import gzip
import io
import re
import sys
import zlib
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import attrs

HUMAN = "9606"
#: Required columns of HGNC's complete set (it has ~50; these are the ones the build reads).
HGNC_COLUMNS = ("hgnc_id", "symbol", "name", "locus_type", "status", "alias_symbol", "prev_symbol", "entrez_id")
HGNC_DATE_COLUMNS = ("date_approved_reserved", "date_symbol_changed", "date_name_changed", "date_modified")
#: NCBI gene_info columns the lexicons read (the file has 16, see NCBI's README).
GENE_INFO_COLUMNS = ("#tax_id", "GeneID", "Symbol", "LocusTag", "Synonyms", "description", "type_of_gene",
                     "Symbol_from_nomenclature_authority", "Full_name_from_nomenclature_authority",
                     "Modification_date")
ORTHOLOG_COLUMNS = ("#tax_id", "GeneID", "relationship", "Other_tax_id", "Other_GeneID")
#: Fewest rows a real file has (HGNC ~44k approved genes; human gene_info ~190k rows; the
#: smallest species file of the catalogue, yeast, ~6.5k; orthologs: millions). Fewer means a
#: partial or wrong file. ``data update --min-rows`` lowers them (mirrors of subsets, tests).
MIN_ROWS = {"hgnc": 30_000, "gene_info:9606": 30_000, "gene_info": 1_000, "orthologs": 10_000}
#: Malformed rows tolerated, as a fraction of the rows (NCBI files have none; a few would be
#: an editing accident, many a wrong file).
MAX_BAD_FRACTION = 0.01
#: NCBI gene types left out of the human gene table: biological regions (enhancers,
#: silencers, ~"LOC" loci) are not genes a figure names, and current releases list very
#: many of them.
SKIP_HUMAN_TYPES = frozenset({"biological-region"})
_HTML = re.compile(rb"^\s*(<!doctype\s+html|<html|<head|<\?xml)", re.IGNORECASE)
_HGNC_ID = re.compile(r"HGNC:\d+")
_DATE = re.compile(r"(\d{4})-?(\d{2})-?(\d{2})")


class SourceError(Exception):
    """A downloaded file is not what it should be; the message names the file."""


@attrs.frozen(slots=True)
class TableInfo:
    """What the checks found: rows read, malformed rows skipped, newest date inside."""

    rows: int
    bad_rows: int = 0
    newest: date | None = None

    def to_dict(self) -> dict:
        return {"rows": self.rows, "bad_rows": self.bad_rows,
                "newest_date": self.newest.isoformat() if self.newest else None}


def parse_date(value: str) -> date | None:
    """``2025-06-30`` or ``20250630`` -> a date; anything else -> ``None``."""
    m = _DATE.fullmatch(value.strip())
    if not m:
        return None
    try:
        return date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return None


def check_dates(name: str, newest: date | None, not_before: date | None = None, *, today: date | None = None) -> None:
    """The newest date of a file must exist, not lie in the future (a corrupt file or a wrong
    clock) and not be older than ``not_before`` (a stale mirror would make the data older)."""
    today = today or datetime.now(UTC).date()
    if newest is None:
        raise SourceError(f"{name}: no modification date in any row (not the expected table?)")
    if newest > today + timedelta(days=2):
        raise SourceError(f"{name}: newest entry dated {newest}, in the future (a corrupt file, or a wrong clock?)")
    if not_before is not None and newest < not_before:
        raise SourceError(f"{name}: newest entry dated {newest}, older than the snapshot's {not_before} "
                          "(a stale mirror?); nothing newer to build from")


# -- opening ------------------------------------------------------------------------------

def _lines(path: Path, name: str) -> Iterator[str]:
    """Text lines of a downloaded file, after the checks every file gets: not empty, not an
    HTML page, gzip when its name says so, and complete to the end of the gzip stream."""
    try:
        size = path.stat().st_size
        with open(path, "rb") as fh:
            head = fh.read(512)
    except OSError as exc:
        raise SourceError(f"{name}: cannot read {path} ({exc.strerror or exc})") from exc
    if size == 0:
        raise SourceError(f"{name}: the download is empty (0 bytes)")
    if _HTML.match(head):
        raise SourceError(f"{name}: an HTML page, not the expected table (an error page from the server or a proxy?)")
    gz = name.endswith(".gz")
    if gz and head[:2] != b"\x1f\x8b":
        raise SourceError(f"{name}: not a gzip file (starts with {head[:16]!r})")
    if not gz and head[:2] == b"\x1f\x8b":
        raise SourceError(f"{name}: gzip-compressed, but a plain table was expected")
    try:
        raw = gzip.open(path, "rb") if gz else open(path, "rb")
        with raw, io.TextIOWrapper(raw, encoding="utf-8", newline="") as text:
            yield from text
    except (EOFError, gzip.BadGzipFile, zlib.error) as exc:
        raise SourceError(f"{name}: truncated or corrupt gzip ({exc}); delete it from the download cache "
                          "or run the update again") from exc
    except UnicodeDecodeError as exc:
        raise SourceError(f"{name}: not UTF-8 text near byte {exc.start} (a binary or wrong file?)") from exc
    except OSError as exc:
        raise SourceError(f"{name}: cannot read {path} ({exc.strerror or exc})") from exc


def _header(lines: Iterator[str], name: str, required: Iterable[str], what: str) -> list[str]:
    first = next(lines, None)
    if first is None:
        raise SourceError(f"{name}: no header line")
    cols = first.rstrip("\r\n").split("\t")
    missing = [c for c in required if c not in cols]
    if missing:
        raise SourceError(f"{name}: not {what}: missing columns {', '.join(missing)} "
                          f"(first line: {first[:80].rstrip()!r})")
    return cols


def _check_counts(name: str, rows: int, bad: int, min_rows: int) -> None:
    if bad > max(10, (rows + bad) * MAX_BAD_FRACTION):
        raise SourceError(f"{name}: {bad} malformed rows of {rows + bad} (a damaged or wrong file?)")
    if rows < min_rows:
        raise SourceError(f"{name}: only {rows} rows, a real file has at least {min_rows} "
                          "(a partial or wrong file?)")


def _dash(value: str) -> str:
    """NCBI writes ``-`` for an empty field."""
    return "" if value == "-" else value


# -- HGNC --------------------------------------------------------------------------------

def parse_hgnc(lines: Iterable[str], name: str = "hgnc_complete_set.txt", min_rows: int = 1) -> TableInfo:
    """Check HGNC's complete set: columns, HGNC ids, row count, newest date.

    The rows themselves are read by :func:`pfocr_genes.build.data.read_hgnc` (which also
    takes the embedded custom-download layout); this pass only decides whether to trust the file.
    """
    it = iter(lines)
    cols = _header(it, name, HGNC_COLUMNS, "HGNC's complete set")
    idx = {c: i for i, c in enumerate(cols)}
    dates = [idx[c] for c in HGNC_DATE_COLUMNS if c in idx]
    need = max(idx[c] for c in HGNC_COLUMNS) + 1
    rows = bad = 0
    newest: date | None = None
    try:
        for fields in csv.reader(it, delimiter="\t"):
            if not fields:
                continue
            if len(fields) < need or not _HGNC_ID.fullmatch(fields[idx["hgnc_id"]]):
                bad += 1
                continue
            rows += 1
            for i in dates:
                d = parse_date(fields[i]) if i < len(fields) and fields[i] else None
                if d is not None and (newest is None or d > newest):
                    newest = d
    except csv.Error as exc:
        raise SourceError(f"{name}: not a tab-separated table near row {rows + bad + 2} ({exc})") from exc
    _check_counts(name, rows, bad, min_rows)
    return TableInfo(rows, bad, newest)


def check_hgnc(path: Path, name: str, min_rows: int) -> TableInfo:
    """:func:`parse_hgnc` of a downloaded file (after the checks every file gets)."""
    return parse_hgnc(_lines(path, name), name, min_rows)


# -- NCBI gene_info ------------------------------------------------------------------------

@attrs.frozen(slots=True)
class GeneInfo:
    """One row of an NCBI gene_info file (``-`` read as empty)."""

    taxon_id: str
    entrez_id: str
    symbol: str
    locus_tag: str
    synonyms: tuple[str, ...]
    description: str
    type_of_gene: str
    authority_symbol: str
    full_name: str

    @property
    def name(self) -> str:
        """The nomenclature authority's full name, else NCBI's description."""
        return self.full_name or self.description

    def spellings(self) -> tuple[str, ...]:
        """Synonyms a figure may write, beyond the symbol: NCBI's synonyms, the authority's
        symbol when it differs, and the locus tag (yeast ``YAL001C``, Arabidopsis
        ``AT1G01010``; a fly ``Dmel_CG9786`` also as ``CG9786``)."""
        out = [*self.synonyms]
        if self.authority_symbol and self.authority_symbol != self.symbol:
            out.append(self.authority_symbol)
        if self.locus_tag:
            out.append(self.locus_tag)
            prefix, _, rest = self.locus_tag.partition("_")
            if rest and len(prefix) == 4 and prefix[:1].isupper() and prefix[1:].islower():
                out.append(rest)
        return tuple(dict.fromkeys(s for s in out if s and s != self.symbol))


@attrs.frozen(slots=True)
class GeneInfoTable:
    """The rows of one species' gene_info file, and what the checks found."""

    taxon_id: str
    genes: tuple[GeneInfo, ...]
    info: TableInfo
    other_taxa: int = 0

    def ncbi_table(self, skip_types: frozenset[str] = SKIP_HUMAN_TYPES) -> dict[str, dict]:
        """``GeneID -> {symbol, name, type, synonyms}``: the shape of
        :func:`pfocr_genes.build.data.read_ncbi`, for :func:`~pfocr_genes.build.data.build_genes`."""
        return {g.entrez_id: {"symbol": g.symbol, "name": g.description, "type": g.type_of_gene,
                              "synonyms": list(g.synonyms)}
                for g in self.genes if g.type_of_gene not in skip_types}


def parse_gene_info(lines: Iterable[str], taxon_id: str, row_taxa: Iterable[str] = (), *,
                    name: str = "gene_info", min_rows: int = 1) -> GeneInfoTable:
    """Parse an NCBI gene_info table, keeping the rows of ``taxon_id`` (or ``row_taxa``).

    Rows with the wrong number of fields or a non-numeric GeneID are counted as malformed and
    skipped; too many of them, too few rows of the species, or no rows of it at all (another
    species' file) are a :class:`SourceError`. Never raises anything else, for any text.
    """
    it = iter(lines)
    cols = _header(it, name, GENE_INFO_COLUMNS, "an NCBI gene_info table")
    idx = [cols.index(c) for c in GENE_INFO_COLUMNS]
    wanted = {taxon_id, *row_taxa}
    genes: list[GeneInfo] = []
    bad = other = 0
    newest: date | None = None
    seen_taxa: dict[str, int] = defaultdict(int)
    for line in it:
        f = line.rstrip("\r\n").split("\t")
        if len(f) != len(cols):
            bad += line.strip() != ""
            continue
        tax, gid, sym, tag, syn, desc, typ, auth, full, mod = (f[i] for i in idx)
        if not gid.isdigit() or not tax.isdigit() or not sym or sym == "-":
            bad += 1
            continue
        if tax not in wanted:
            other += 1
            seen_taxa[tax] += 1
            continue
        # interned: a few distinct values repeated over ~100k rows
        genes.append(GeneInfo(sys.intern(tax), gid, sym, _dash(tag), tuple(s for s in _dash(syn).split("|") if s),
                              _dash(desc), sys.intern(_dash(typ)), _dash(auth), _dash(full)))
        d = parse_date(mod)
        if d is not None and (newest is None or d > newest):
            newest = d
    if not genes and seen_taxa:
        top = max(seen_taxa, key=lambda t: seen_taxa[t])
        raise SourceError(f"{name}: no rows of taxon {taxon_id}; its rows are of taxon {top} (another species' file?)")
    _check_counts(name, len(genes), bad, min_rows)
    return GeneInfoTable(taxon_id, tuple(genes), TableInfo(len(genes), bad, newest), other)


def read_gene_info(path: Path, taxon_id: str, row_taxa: Iterable[str] = (), *, name: str | None = None,
                   min_rows: int = 1) -> GeneInfoTable:
    """:func:`parse_gene_info` of a file (``.gz`` or plain), after the checks every file gets."""
    name = name or path.name
    return parse_gene_info(_lines(path, name), taxon_id, row_taxa, name=name, min_rows=min_rows)


# -- NCBI gene_orthologs -------------------------------------------------------------------

@attrs.frozen(slots=True)
class OrthologTable:
    """Human orthologs of the genes of other species: ``{taxon: {gene id: (human gene ids)}}``."""

    human: Mapping[str, Mapping[str, tuple[str, ...]]]
    info: TableInfo
    human_pairs: int = 0

    def of(self, taxon_id: str, entrez_id: str) -> tuple[str, ...]:
        return self.human.get(taxon_id, {}).get(entrez_id, ())


def parse_orthologs(lines: Iterable[str], taxa_wanted: Iterable[str], *, name: str = "gene_orthologs.gz",
                    min_rows: int = 1) -> OrthologTable:
    """Parse NCBI's gene_orthologs, keeping the pairs of a human gene with a gene of a wanted
    species (either way round). Never raises anything but :class:`SourceError`."""
    it = iter(lines)
    cols = _header(it, name, ORTHOLOG_COLUMNS, "NCBI's gene_orthologs table")
    i_tax, i_gid, i_rel, i_otax, i_ogid = (cols.index(c) for c in ORTHOLOG_COLUMNS)
    wanted = set(taxa_wanted) - {HUMAN}
    found: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    rows = bad = pairs = 0
    for line in it:
        f = line.rstrip("\r\n").split("\t")
        if len(f) != len(cols):
            bad += line.strip() != ""
            continue
        tax, gid, rel, otax, ogid = f[i_tax], f[i_gid], f[i_rel], f[i_otax], f[i_ogid]
        if not (tax.isdigit() and gid.isdigit() and otax.isdigit() and ogid.isdigit()):
            bad += 1
            continue
        rows += 1
        if rel != "Ortholog" or HUMAN not in (tax, otax):
            continue
        pairs += 1
        species, gene, human = (otax, ogid, gid) if tax == HUMAN else (tax, gid, ogid)
        if species in wanted and human not in found[species][gene]:
            found[species][gene].append(human)
    _check_counts(name, rows, bad, min_rows)
    frozen = {t: {g: tuple(h) for g, h in genes.items()} for t, genes in found.items()}
    return OrthologTable(frozen, TableInfo(rows, bad), pairs)


def read_orthologs(path: Path, taxa_wanted: Iterable[str], *, name: str | None = None,
                   min_rows: int = 1) -> OrthologTable:
    """:func:`parse_orthologs` of a downloaded file, after the checks every file gets."""
    name = name or path.name
    return parse_orthologs(_lines(path, name), taxa_wanted, name=name, min_rows=min_rows)

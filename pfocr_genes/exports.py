"""Output formats of cleaned figures: TSV, JSON lines, GMT gene sets, parquet rows.

Plain functions from one :class:`~pfocr_genes.figure.FigureResult` to text or rows, so
that worker processes can format their own records and the parent only writes strings.
Every value taken from a record (figure ids, titles, keywords) is sanitized for the
format: tabs and line breaks never leak into a TSV or GMT cell.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any, Literal

from pfocr_genes.figure import FigureResult, KeywordResult
from pfocr_genes.taxa import HUMAN, TAXA, species_name, taxon

FORMATS = ("tsv", "jsonl", "gmt", "parquet")
TSV_COLUMNS = ("figid", "keyword", "kind", "symbol", "hgnc_id", "entrez_id", "match", "suspect", "score",
               "reasons", "mesh_id", "label", "taxon_id", "species", "human_ortholog_symbol",
               "human_ortholog_entrez_id", "human_ortholog_hgnc_id", "alternative", "candidates", "ocr_words",
               "support", "why", "word_table")
#: Columns holding lists: a JSON array in a TSV cell (a reason may contain "; " or ","), a
#: list column in parquet.
LIST_COLUMNS = frozenset({"reasons", "candidates", "ocr_words", "support"})
#: Extra columns in the online and verify modes: MyGene.info's answer for the keyword.
ONLINE_COLUMNS = ("mygene_status", "mygene_symbol", "mygene_entrez_id", "mygene_source")
GmtIds = Literal["entrez", "symbol"]
#: characters JSON escapes, or that would break a TSV line: list items without them are joined directly
_NEEDS_ESCAPE = re.compile('["\\\\\x00-\x1f\x7f\x85\u2028\u2029]')
# everything str.splitlines() breaks on, plus tab
_BREAKS = re.compile("[\t\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")


def cell(value: object) -> str:
    """One TSV/GMT cell: ``None`` empty, booleans ``true``/``false``, lists a JSON array (it
    splits unambiguously whatever the items hold; empty lists are empty cells), one line."""
    if value is None:
        return ""
    if type(value) is str and (value.isprintable() or not _BREAKS.search(value)):  # the common case first
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if type(value) is float:
        return repr(value)
    if isinstance(value, (list, tuple)):
        if not value:
            return ""
        if all(type(x) is str and not _NEEDS_ESCAPE.search(x) for x in value):
            return '["' + '", "'.join(value) + '"]'  # what json.dumps writes, a tenth of the time
        # JSON escapes tabs and \n; the other line breaks (U+0085, U+2028...) are escaped here
        return _BREAKS.sub(lambda m: f"\\u{ord(m.group()):04x}", json.dumps(list(value), ensure_ascii=False))
    return " ".join(str(value).replace("\t", " ").splitlines())


def header(online: bool = False) -> str:
    return "\t".join(TSV_COLUMNS + (ONLINE_COLUMNS if online else ())) + "\n"


def _values(result: FigureResult, k: KeywordResult) -> tuple[Any, ...]:
    """The :data:`TSV_COLUMNS` of one keyword, typed (bool, float, None, lists).

    ``reasons`` are the flags of a gene keyword; a kept gene does not list ``no_support`` (on
    most kept genes, it would drown the reasons that decide) but what supports it
    (``support``: where the title or caption names it)."""
    o = k.human_ortholog
    reasons = k.reasons
    if reasons and not k.suspect:
        reasons = tuple(r for r in reasons if not r.startswith("no_support:"))
    cands = [f"{c.symbol} ({c.match})" for c in k.candidates] if k.candidates else []
    return (result.figid, k.text, k.kind, k.symbol, k.hgnc_id, k.entrez_id, k.match, k.suspect, k.score,
            list(reasons) if reasons else [], k.mesh_id, k.label, k.taxon_id, k.species,
            *((o.symbol, o.entrez_id, o.hgnc_id) if o is not None else (None, None, None)),
            k.alternative, cands, list(k.ocr_words), list(k.support), k.why, result.hits_source)


def _online_values(k: KeywordResult) -> tuple[Any, ...]:
    o = k.online
    return (o.status, o.symbol, o.entrez_id, o.source) if o else (None,) * len(ONLINE_COLUMNS)


def keyword_rows(result: FigureResult, online: bool = False) -> Iterator[dict[str, Any]]:
    """One dict per keyword with the TSV columns (typed values: bool, float, None).

    Reads the attributes directly rather than through ``to_dict()``: this runs for every
    keyword of a corpus, and the full dict (candidates, flags) is not needed here.
    """
    columns = TSV_COLUMNS + (ONLINE_COLUMNS if online else ())
    for k in result.keywords:
        yield dict(zip(columns, _values(result, k) + (_online_values(k) if online else ()), strict=True))


def tsv_rows(result: FigureResult, online: bool = False) -> Iterator[str]:
    """One TSV line per keyword (columns :data:`TSV_COLUMNS`, then :data:`ONLINE_COLUMNS`)."""
    for k in result.keywords:
        values = _values(result, k) + (_online_values(k) if online else ())
        yield "\t".join(map(cell, values)) + "\n"


def jsonl_line(result: FigureResult) -> str:
    """The figure's ``to_dict()`` on one line."""
    return json.dumps(result.to_dict(), ensure_ascii=False) + "\n"


def gene_sets(result: FigureResult, ids: GmtIds = "entrez", keep_suspects: bool = False,
              species: str | None = None, orthologs: bool = False) -> dict[str, list[str]]:
    """The figure's cleaned genes per species (taxon id -> ids, keyword order): genes resolved
    to one gene of their species, not suspect (unless kept).

    ``species``: only that taxon's set (``None``: every species). ``orthologs``: genes of
    other species join the chosen species' set through their ``human_ortholog`` (only for
    human, the one species every ortholog is mapped to).
    """
    out: dict[str, dict[str, None]] = {}
    for k in result.keywords:
        if k.kind != "gene" or (k.suspect and not keep_suspects):
            continue
        tid = k.taxon_id
        gid = k.entrez_id if ids == "entrez" else k.symbol
        if orthologs and species == HUMAN and tid != HUMAN and k.human_ortholog is not None:
            tid = HUMAN
            gid = k.human_ortholog.entrez_id if ids == "entrez" else k.human_ortholog.symbol
        if not tid or not gid or not k.symbol or (species is not None and tid != species):
            continue
        out.setdefault(tid, {})[gid] = None
    return {t: list(g) for t, g in out.items()}


def gene_set(result: FigureResult, ids: GmtIds = "entrez", keep_suspects: bool = False) -> list[str]:
    """The figure's cleaned human genes (see :func:`gene_sets`)."""
    return gene_sets(result, ids, keep_suspects, species=HUMAN).get(HUMAN, [])


def gmt_line(result: FigureResult, ids: GmtIds = "entrez", keep_suspects: bool = False,
             species: str | None = None, orthologs: bool = False) -> str:
    """``name<TAB>description<TAB>gene...`` lines (GMT, as GSEA/clusterProfiler/fgsea read it),
    one per species, as PFOCR publishes gene sets per organism.

    The human set is named by the figure id, another species' set ``<figid>_<taxon id>``;
    the description is the title and, for other species, the species. Figures without a
    gene get no line (enrichment tools reject empty sets).
    """
    sets = gene_sets(result, ids, keep_suspects, species=species, orthologs=orthologs)
    name = cell(result.figid or result.path or "figure") or "figure"
    desc = cell(result.figtitle or "")[:250] or "na"
    lines = []
    for tid in sorted(sets, key=lambda t: (t != HUMAN, t)):
        if tid == HUMAN:
            lines.append("\t".join([name, desc, *sets[tid]]) + "\n")
        else:
            lines.append("\t".join([f"{name}_{tid}", f"{desc} ({species_name(tid)})", *sets[tid]]) + "\n")
    return "".join(lines)


def parse_species(value: str) -> str:
    """A ``--gmt-species`` value (``human``, a taxon id or a scientific/common name) -> taxon id."""
    v = value.strip()
    if v.isdigit():
        return v
    low = v.lower()
    t = taxon(name=v) or next((t for t in TAXA if low in (t.common.lower(), t.name.split()[0].lower())), None)
    if t is None:
        raise ValueError(f"unknown species {value!r} (give an NCBI taxon id, or one of "
                         f"{', '.join(t.common for t in TAXA[:8])}...)")
    return t.taxon_id


def parquet_schema(online: bool = False) -> Any:
    """The pyarrow schema of :func:`keyword_rows` (needs ``pip install pyarrow``)."""
    import pyarrow as pa  # noqa: PLC0415 - optional dependency

    cols = [(c, pa.string()) for c in TSV_COLUMNS + (ONLINE_COLUMNS if online else ())]
    types = {"suspect": pa.bool_(), "score": pa.float64(), **{c: pa.list_(pa.string()) for c in LIST_COLUMNS}}
    return pa.schema([(c, types.get(c, t)) for c, t in cols])

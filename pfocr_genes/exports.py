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

FORMATS = ("tsv", "jsonl", "gmt", "parquet")
TSV_COLUMNS = ("figid", "keyword", "kind", "symbol", "hgnc_id", "entrez_id", "match", "suspect", "score",
               "reasons", "mesh_id", "label")
#: Extra columns in the online and verify modes: MyGene.info's answer for the keyword.
ONLINE_COLUMNS = ("mygene_status", "mygene_symbol", "mygene_entrez_id", "mygene_source")
GmtIds = Literal["entrez", "symbol"]
# everything str.splitlines() breaks on, plus tab
_BREAKS = re.compile("[\t\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")


def cell(value: object) -> str:
    """One TSV/GMT cell: ``None`` empty, booleans ``true``/``false``, lists ``; ``-joined, one line."""
    if value is None:
        return ""
    if type(value) is str and (value.isprintable() or not _BREAKS.search(value)):  # the common case first
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if type(value) is float:
        return repr(value)
    if isinstance(value, (list, tuple)):
        value = "; ".join(map(str, value))
    return " ".join(str(value).replace("\t", " ").splitlines())


def header(online: bool = False) -> str:
    return "\t".join(TSV_COLUMNS + (ONLINE_COLUMNS if online else ())) + "\n"


def _values(result: FigureResult, k: KeywordResult) -> tuple[Any, ...]:
    """The :data:`TSV_COLUMNS` of one keyword, typed (bool, float, None)."""
    return (result.figid, k.text, k.kind, k.symbol, k.hgnc_id, k.entrez_id, k.match, k.suspect, k.score,
            "; ".join(k.reasons) if k.reasons else None, k.mesh_id, k.label)


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


def gene_set(result: FigureResult, ids: GmtIds = "entrez", keep_suspects: bool = False) -> list[str]:
    """The figure's cleaned human genes: resolved to one gene, not suspect (unless kept)."""
    out: dict[str, None] = {}
    for k in result.keywords:
        if k.kind != "gene" or k.species or not k.entrez_id or not k.symbol:
            continue
        if k.suspect and not keep_suspects:
            continue
        out[k.entrez_id if ids == "entrez" else k.symbol] = None
    return list(out)


def gmt_line(result: FigureResult, ids: GmtIds = "entrez", keep_suspects: bool = False) -> str:
    """``name<TAB>description<TAB>gene...`` (GMT, as GSEA/clusterProfiler/fgsea read it).

    The name is the figure id, the description its title; figures without a gene get no
    line (enrichment tools reject empty sets).
    """
    genes = gene_set(result, ids, keep_suspects)
    if not genes:
        return ""
    name = cell(result.figid or result.path or "figure") or "figure"
    desc = cell(result.figtitle or "")[:250] or "na"
    return "\t".join([name, desc, *genes]) + "\n"


def parquet_schema(online: bool = False) -> Any:
    """The pyarrow schema of :func:`keyword_rows` (needs ``pip install pyarrow``)."""
    import pyarrow as pa  # noqa: PLC0415 - optional dependency

    cols = [(c, pa.string()) for c in TSV_COLUMNS + (ONLINE_COLUMNS if online else ())]
    types = {"suspect": pa.bool_(), "score": pa.float64()}
    return pa.schema([(c, types.get(c, t)) for c, t in cols])

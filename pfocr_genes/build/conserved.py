"""Build ``conserved.json.gz``: the human genes whose function plants, fungi and microbes share.

In a plant, fungal or bacterial figure a human gene hit is usually a name collision, unless
the gene does something those organisms do too: then the figure's "ALDH" or "ATP synthase"
is a same-named homolog and the human gene its counterpart (PFOCR maps every figure to
human genes). Which functions other kingdoms share is data, not a list we keep: a gene in a
KEGG metabolic map (00xxx and 01xxx: metabolism, which all kingdoms share) counts. Keyed by
NCBI Gene id (the source tables' key).
"""

from __future__ import annotations

import csv
import gzip
import json
from collections.abc import Callable
from pathlib import Path

#: KEGG map numbers of metabolism (00xxx) and its global/overview maps (01xxx).
_METABOLIC = ("00", "01")


def _ids(path: Path, keep: Callable[[str], bool]) -> set[str]:
    if not path.exists():
        return set()
    with open(path, encoding="utf-8", newline="") as fh:
        return {r[0] for r in csv.reader(fh, delimiter="\t") if len(r) > 1 and r[0].isdigit() and keep(r[1])}


def build_conserved(sources: Path) -> list[str]:
    """NCBI Gene ids of human genes in a KEGG metabolic map, sorted. (EC numbers alone are
    too broad: receptor kinases and peptidases have them too, and FGFR3 in a plant figure is
    a collision.)"""
    metabolic = _ids(sources / "ncbi_gene_kegg.tsv", lambda v: any(p.startswith(_METABOLIC) for p in v.split(",")))
    return sorted(metabolic, key=int)


def write_conserved(sources: Path, out: Path) -> int:
    """Write ``conserved.json.gz`` into ``out``; returns the number of genes."""
    ids = build_conserved(sources)
    with open(out / "conserved.json.gz", "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as gz:
        gz.write(json.dumps({"entrez_ids": ids}, separators=(",", ":")).encode("utf-8"))
    return len(ids)

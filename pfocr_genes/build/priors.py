"""Build ``pubmed_counts.json.gz``: how much each gene is studied, the prior for ranking the
genes an ambiguous alias reaches.

"Nrf2" is an alias of GABPA and of NFE2L2; "p62" of GTF2H1, NUP62, SQSTM1 and DCTN4. A reader
means the gene the literature means, and the number of PubMed articles NCBI links to each
gene (gene2pubmed) says which one that usually is (NFE2L2 over GABPA, SQSTM1 over GTF2H1).
Keyed by NCBI Gene id.
"""

from __future__ import annotations

import csv
import gzip
import json
from pathlib import Path


def build_pubmed_counts(sources: Path) -> dict[str, int]:
    """NCBI Gene id -> PubMed articles linked to it (``ncbi_gene_pubmed_counts.tsv``)."""
    path = sources / "ncbi_gene_pubmed_counts.tsv"
    if not path.exists():
        return {}
    with open(path, encoding="utf-8", newline="") as fh:
        return {r["GeneID"]: int(r["pubmed_count"]) for r in csv.DictReader(fh, delimiter="\t")
                if r.get("GeneID", "").isdigit() and (r.get("pubmed_count") or "").isdigit()}


def write_pubmed_counts(sources: Path, out: Path) -> int:
    """Write ``pubmed_counts.json.gz`` into ``out``; returns the number of genes."""
    counts = build_pubmed_counts(sources)
    with open(out / "pubmed_counts.json.gz", "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as gz:
        gz.write(json.dumps(counts, separators=(",", ":"), sort_keys=True).encode("utf-8"))
    return len(counts)

"""pfocr-genes: clean the gene keywords of published pathway figures (PFOCR).

Public API (documented in ``docs/api.md``):

- :func:`normalize_figure` -- a figure record -> :class:`FigureResult` (every keyword typed,
  resolved and explained).
- :func:`resolve` -- a gene-like token -> :class:`Resolution` (HGNC / Entrez ids, reasons).
- :func:`load_record` -- read a record exactly as written; :class:`RecordError` on bad input.
- :class:`Resolver` -- resolution over a chosen snapshot, with its own cache.
- :class:`MyGeneClient` -- cached MyGene.info client for the online modes (imported on
  first use: it loads requests-cache, which offline work does not need).
"""

from typing import Any

from pfocr_genes.figure import FigureResult, KeywordResult, normalize_figure
from pfocr_genes.model import Candidate, Resolution
from pfocr_genes.records import FigureRecord, RecordError, load_record
from pfocr_genes.resolver import Resolver, resolve
from pfocr_genes.snapshot import Snapshot, SnapshotError

__all__ = [
    "Candidate",
    "FigureRecord",
    "FigureResult",
    "KeywordResult",
    "MyGeneClient",
    "RecordError",
    "Resolution",
    "Resolver",
    "Snapshot",
    "SnapshotError",
    "load_record",
    "normalize_figure",
    "resolve",
]
__version__ = "0.1.0"


def __getattr__(name: str) -> Any:
    if name == "MyGeneClient":
        from pfocr_genes.mygene_client import MyGeneClient  # noqa: PLC0415

        return MyGeneClient
    raise AttributeError(f"module 'pfocr_genes' has no attribute {name!r}")

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

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the names below load on first use (PEP 562): importing the package is cheap
    from pfocr_genes.figure import FigureResult, KeywordResult, normalize_figure
    from pfocr_genes.model import Candidate, Resolution
    from pfocr_genes.mygene_client import MyGeneClient
    from pfocr_genes.records import FigureRecord, RecordError, load_record
    from pfocr_genes.resolver import Resolver, resolve
    from pfocr_genes.snapshot import Snapshot, SnapshotError

#: Public name -> the module that defines it. Loaded on first use, so that ``import
#: pfocr_genes`` (and the command's start, which installs its signal handlers first) costs
#: nothing; ``MyGeneClient`` loads requests-cache, which offline work does not need.
_PUBLIC = {
    "Candidate": "model", "Resolution": "model",
    "FigureRecord": "records", "RecordError": "records", "load_record": "records",
    "FigureResult": "figure", "KeywordResult": "figure", "normalize_figure": "figure",
    "Resolver": "resolver", "resolve": "resolver",
    "Snapshot": "snapshot", "SnapshotError": "snapshot",
    "MyGeneClient": "mygene_client",
}

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
    module = _PUBLIC.get(name)
    if module is None:
        raise AttributeError(f"module 'pfocr_genes' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"pfocr_genes.{module}"), name)
    globals()[name] = value  # later look-ups skip this function
    return value

"""pfocr-genes: clean the gene keywords of published pathway figures (PFOCR).

Public API (documented in ``docs/api.md``):

- :func:`resolve` -- a gene-like token -> :class:`Resolution` (HGNC / Entrez ids, reasons).
- :class:`Resolver` -- the same over a chosen snapshot, with its own cache.
"""

from pfocr_genes.model import Candidate, Resolution
from pfocr_genes.resolver import Resolver, resolve
from pfocr_genes.snapshot import Snapshot, SnapshotError

__all__ = ["Candidate", "Resolution", "Resolver", "Snapshot", "SnapshotError", "resolve"]
__version__ = "0.1.0"

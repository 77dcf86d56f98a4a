"""Whether a long form names a gene: every name of the gene, compared word by word.

A caption spells an abbreviation out in its own words ("apoptotic signaling kinase 1" for
ASK1, "C/EBP Homologous Protein" for CHOP). Comparing exact strings calls those "defined as
something else". Here a long form names a gene when its content words are covered by one of
the gene's names (the HGNC name and the MeSH names of ``gene_names.json.gz``) after
normalization that tolerates inflection (apoptosis/apoptotic share a stem), word order,
plurals, hyphens and the generic words gene/protein.
"""

from __future__ import annotations

import re
from functools import cached_property, lru_cache
from pathlib import Path

from pfocr_genes.snapshot import read_optional_json

#: Words that say nothing about which gene: generic nouns and function words.
_GENERIC = frozenset({
    "a", "an", "and", "as", "by", "for", "from", "in", "of", "on", "or", "the", "to", "with",
    "gene", "genes", "protein", "proteins", "human", "type", "family", "member", "subunit", "isoform",
})
_TOKEN = re.compile(r"[a-z]+|\d+")
#: Stem length: long enough to keep kinase/kinesin apart, short enough for apoptosis/apoptotic.
STEM = 5
#: Share of the long form's content words a name must cover.
COVERAGE = 0.75


@lru_cache(maxsize=1 << 16)
def tokens(text: str) -> frozenset[str]:
    """Content-word stems of a name: lower case, split at non-letters and letter/digit
    boundaries, generic words dropped, a plural ``s`` dropped, cut to :data:`STEM` letters."""
    out = set()
    for word in _TOKEN.findall(text.lower()):
        if word in _GENERIC:
            continue
        t = word[:-1] if word.isalpha() and len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word
        out.add(t[:STEM] if t.isalpha() else t.lstrip("0") or "0")
    return frozenset(out)


def covers(long_form: str, name: str) -> bool:
    """Whether ``name`` covers the content words of ``long_form`` (at least two of them),
    numbers included: "aldehyde dehydrogenase" names a family, not "aldehyde dehydrogenase 3"."""
    want = tokens(long_form)
    if len(want) < 2:
        return False
    have = tokens(name)
    if {t for t in have if t.isdigit()} != {t for t in want if t.isdigit()}:
        return False
    return len(want & have) >= max(2, COVERAGE * len(want))


class GeneNames:
    """The other names of each human gene (``gene_names.json.gz``: HGNC id -> names joined
    by ``|``), loaded on first use."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = Path(data_dir)

    @cached_property
    def _names(self) -> dict[str, str]:
        # a snapshot built before the file: the approved names only
        return read_optional_json(self.data_dir / "gene_names.json.gz") or {}

    def of(self, hgnc_id: str | None) -> tuple[str, ...]:
        joined = self._names.get(hgnc_id or "")
        return tuple(joined.split("|")) if joined else ()

    def names_gene(self, long_form: str, name: str | None, hgnc_id: str | None) -> bool:
        """Whether ``long_form`` names the gene with this approved ``name`` and HGNC id."""
        return any(covers(long_form, n) for n in _variants((name or "", *self.of(hgnc_id))))


def _variants(names: tuple[str, ...]) -> list[str]:
    """The names, and the parts of a name that joins two with a comma ("ELOVL family member 6,
    elongation of long chain fatty acids protein") when a part is a name of its own (three
    content words or more: "Protein Kinase, MAP3K5" is one inverted name, not two)."""
    out = []
    for n in names:
        if not n:
            continue
        out.append(n)
        parts = [p for p in n.split(", ") if len(tokens(p)) >= 3]
        if len(parts) > 1 or (parts and parts[0] != n):
            out += parts
    return out


@lru_cache(maxsize=4)
def gene_names(data_dir: Path) -> GeneNames:
    """One :class:`GeneNames` per snapshot folder."""
    return GeneNames(data_dir)

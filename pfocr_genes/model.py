"""Result classes of the resolver: frozen, slotted, JSON-ready, each carrying provenance.

``Candidate.match`` says *how* a token reached a gene and ``Candidate.source`` *which
table row* says so, so that every answer can be checked against HGNC or NCBI by hand.
"""

from __future__ import annotations

from typing import Literal

import attrs

Match = Literal[
    "approved", "previous", "alias", "ncbi_synonym", "mesh_synonym", "name", "family_member",
    "withdrawn", "repaired", "affix",
]
#: ``chemical`` and ``other`` are words that are not genes (ATP, Fig): no candidates; the
#: genes the lexicons read into them are kept in :attr:`Resolution.alternatives`.
Kind = Literal["gene", "family", "list", "chemical", "other", "none"]

#: Ranking of match types, strongest first (for display; the resolver orders candidates by
#: the evidence of :mod:`pfocr_genes.ranking`).
MATCH_RANK: dict[str, int] = {
    m: i for i, m in enumerate(
        ("approved", "previous", "alias", "ncbi_synonym", "mesh_synonym", "name", "family_member", "withdrawn",
         "repaired", "affix")
    )
}


@attrs.frozen(slots=True)
class Candidate:
    """One gene a token may denote.

    Attributes:
        symbol: current approved symbol (NCBI symbol for loci HGNC does not name).
        hgnc_id: ``HGNC:6018`` style, or ``None`` for NCBI-only loci.
        entrez_id: NCBI Gene id as a string (``"3569"``), or ``None``.
        name: approved name (NCBI description for NCBI-only loci).
        locus_type: HGNC locus type (NCBI type of gene for NCBI-only loci).
        match: how the token reached the gene (see :data:`Match`).
        source: the table and field that support the match, in words.
        matched: the exact lexicon string that matched (an alias, a previous symbol...).
        family: FamPlex id when the gene was reached as a member of a family or complex.
        replaced_by: for a withdrawn symbol without a current gene: the replacements.
    """

    symbol: str
    hgnc_id: str | None
    entrez_id: str | None
    name: str
    locus_type: str
    match: Match
    source: str
    matched: str
    family: str | None = None
    replaced_by: tuple[str, ...] = ()
    #: row of the gene in the snapshot it came from (internal: lets callers reach the full
    #: gene record without a second lookup); not part of equality, repr or ``to_dict``.
    row: int | None = attrs.field(default=None, eq=False, repr=False)

    def to_dict(self) -> dict:
        d = attrs.asdict(self, filter=lambda a, _: a.name != "row")
        d["replaced_by"] = list(self.replaced_by)
        return d


@attrs.frozen(slots=True)
class Resolution:
    """What a token denotes.

    Attributes:
        token: the input, unchanged.
        kind: ``gene`` (one or more genes by symbol/alias/name), ``family`` (a FamPlex
            family or complex: candidates are its member genes), ``list`` (an OCR list or
            range such as ``SMAD2/3``: candidates are the genes of each part), ``chemical`` /
            ``other`` (a word that is not a gene: an ion, a lab abbreviation such as ``ATP``,
            ``DNA``, ``Fig``; no candidates, the gene readings in ``alternatives``), ``none``.
        candidates: best first. For ``gene`` ties keep every gene: nothing is dropped.
        unique: exactly one gene is meant. ``True`` when there is a single candidate, or
            the strongest hit is a single HGNC approved (or, failing that, previous) symbol
            and the rest are aliases or synonyms of other genes: HGNC assigns approved and
            previous symbols to one gene each, aliases carry no such promise. The other
            candidates stay listed as alternatives.
        key: the normalized lookup key (see :func:`pfocr_genes.textnorm.lookup_key`).
        family: FamPlex id(s), ``|``-joined, when ``kind == "family"``.
        parts: the pieces a list or range was split into.
        note: why the answer is what it is, in one line.
        alternatives: for ``chemical``/``other``: the genes the lexicons would read the word
            as, set aside (a curator can see what was not taken).
    """

    token: str
    kind: Kind
    candidates: tuple[Candidate, ...]
    unique: bool
    key: str
    note: str
    family: str | None = None
    parts: tuple[str, ...] = ()
    alternatives: tuple[Candidate, ...] = ()

    @property
    def best(self) -> Candidate | None:
        """The first candidate, or ``None``. Check :attr:`unique` before trusting it."""
        return self.candidates[0] if self.candidates else None

    @property
    def symbols(self) -> tuple[str, ...]:
        """Candidate symbols in order, without repeats."""
        return tuple(dict.fromkeys(c.symbol for c in self.candidates))

    def to_dict(self) -> dict:
        return {
            "token": self.token, "kind": self.kind, "unique": self.unique, "key": self.key,
            "note": self.note, "family": self.family, "parts": list(self.parts),
            "candidates": [c.to_dict() for c in self.candidates],
            "alternatives": [c.to_dict() for c in self.alternatives],
        }


@attrs.frozen(slots=True)
class Ortholog:
    """The human counterpart of a gene of another species, and where that link comes from.

    ``source`` names the evidence: HGNC's MGI/RGD link (mouse, rat), the figure's own word
    table (the same OCR word also hit this human gene: fly ``rl`` and MAPK1 from "ERK"), or
    MyGene.info's homology group (online).
    """

    symbol: str
    hgnc_id: str | None
    entrez_id: str | None
    source: str

    def to_dict(self) -> dict:
        return attrs.asdict(self)

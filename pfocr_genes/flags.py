"""The data model and scoring of suspect flags: a :class:`Flag` is one piece of evidence
against a gene hit, a :class:`Verdict` their noisy-OR combination; plus the small helpers
every rule module shares (how a word reached a gene, the stem of a symbol)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from typing import NamedTuple

import attrs

from pfocr_genes.resolver import NUMBERED_TAIL
from pfocr_genes.snapshot import Gene
from pfocr_genes.textnorm import lookup_key

STRONG, MEDIUM, WEAK, NO_SUPPORT = 0.8, 0.6, 0.35, 0.1
#: ``suspect`` is ``score >= THRESHOLD``.
THRESHOLD = 0.5


#: Factor on the score of a gene the title/caption names.
SUPPORTED = 0.5


#: PFOCR hits-table ``source`` -> how the OCR word reached the gene.
ROUTE_OF_SOURCE = {
    "hgnc_symbol": "symbol", "ncbigene_symbol": "symbol", "hgnc_prev_symbol": "previous symbol",
    "hgnc_alias_symbol": "alias", "ncbigene_synonym": "NCBI synonym",
    "bioentities_symbol": "family", "famplex_relations": "family",
}


#: MeSH trees of gene products (proteins, enzymes, biological factors such as cytokines).
PROTEIN_TREES = ("D12", "D08", "D23")
#: MeSH Amino Acids (D12.125), under the protein heading: small molecules, no gene products.
AMINO_ACID_TREE = "D12.125"


def gene_product_tree(tree: str) -> bool:
    """Whether a MeSH tree number places a term among gene products (:data:`PROTEIN_TREES`),
    amino acids aside: ``Met`` and ``Tyr`` are chemicals although MeSH files them there."""
    return tree.startswith(PROTEIN_TREES) and not tree.startswith(AMINO_ACID_TREE)


#: How a keywords-only rule names a spelling of the gene (no OCR word known).
KEYWORD_ALIAS = "alias of the keyword gene"


SYNONYM_ROUTES = frozenset({"previous symbol", "alias", "NCBI synonym"})


#: Term classes that make an abbreviation an ordinary word rather than a gene.
WORD_CLASSES = {"chemical": "a chemical", "disease": "a disease", "cell": "a cell type or cell part",
                 "organism": "an organism", "anatomy": "an anatomical term", "process": "a process",
                 "other": "a MeSH term"}


# Confusions OCR makes between look-alike characters (l/I/1, O/0, rn/m, S/5, B/8, Z/2).
_CONFUSABLE = str.maketrans({"I": "1", "L": "1", "|": "1", "!": "1", "O": "0", "Q": "0", "D": "0",
                             "S": "5", "B": "8", "Z": "2"})


#: A word with this many numbered approved symbols after it (IRF1, IRF2 ...) names that family.
MIN_NUMBERED = 3


@lru_cache(maxsize=1 << 15)
def confusion_key(text: str) -> str:
    """``text`` with OCR look-alike characters merged (PIGF and PlGF give the same key)."""
    return lookup_key(text).replace("RN", "M").translate(_CONFUSABLE)


@attrs.frozen(slots=True)
class Flag:
    """One piece of evidence that a gene hit is wrong.

    ``name`` is the rule, ``reason`` one line for a curator, ``source`` the table or text
    the evidence comes from, ``alternative`` the gene the word more likely means.
    """

    name: str
    weight: float
    reason: str
    source: str
    alternative: str | None = None
    #: The written form the flag is about (its caption mentions are no support).
    word: str | None = attrs.field(default=None, eq=False)

    def to_dict(self) -> dict[str, object]:
        return {"flag": self.name, "weight": self.weight, "reason": self.reason, "source": self.source,
                "alternative": self.alternative}


@attrs.frozen(slots=True)
class Verdict:
    """The combined suspect call for one gene keyword."""

    suspect: bool
    score: float
    flags: tuple[Flag, ...]
    support: tuple[str, ...]
    alternative: str | None

    @property
    def reasons(self) -> tuple[str, ...]:
        return tuple(f"{f.name}: {f.reason}" for f in self.flags)


class Route(NamedTuple):
    """How one OCR word reached a gene (from the PFOCR hits table). A named tuple, not an
    attrs class: one is made per hit of every figure, and a tuple is built in C."""

    word: str
    matched: str
    via: str


def combine(flags: Sequence[Flag], support: Sequence[str]) -> Verdict:
    """Noisy-OR of the flag weights, halved when the caption supports the gene."""
    if not flags:  # most gene keywords
        return Verdict(False, 0.0, (), tuple(support), None)
    keep = 1.0
    for f in flags:
        keep *= 1.0 - f.weight
    score = 1.0 - keep
    if support:
        score *= SUPPORTED
    score = round(score, 3)
    alt = next((f.alternative for f in sorted(flags, key=lambda f: -f.weight) if f.alternative), None) if any(
        f.alternative for f in flags) else None
    return Verdict(score >= THRESHOLD, score, tuple(flags), tuple(support), alt)


_LEADING_LETTERS = re.compile(r"[A-Z]+")


def numbered_after(gene: Gene, key: str) -> bool:
    """Whether the gene's own symbol is ``key`` plus a number (CYP2C18 after CYP2C): then
    ``key`` names the gene's own family."""
    own = gene.keys[0][2]
    return own.startswith(key) and bool(NUMBERED_TAIL.fullmatch(own, len(key)))


def stem(symbol: str) -> str:
    """The leading letters of a symbol (ADH of ADH1A): the family it is numbered in."""
    m = _LEADING_LETTERS.match(symbol)
    return m.group(0) if m else ""


def article(noun: str) -> str:
    """``noun`` with its indefinite article (an alias, a previous symbol, an NCBI synonym)."""
    return f"{'an' if noun[:1] in 'aeiouAEIOU' or noun.startswith(('NCBI', 'HGNC', 'MeSH')) else 'a'} {noun}"


def bare(word: str) -> str:
    """An OCR word without the list punctuation around it (``(CAST)``, ``FPS|``, ``GS•``)."""
    return word.strip("()[]{},.;:•*\"'|")

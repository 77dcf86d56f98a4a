"""The data model of suspect flags: a :class:`Flag` is one piece of evidence against a gene
hit, a :class:`Verdict` their combination (the fitted probability of
:mod:`pfocr_genes.scoring`, or the hand-set noisy-OR when no fitted weights are installed);
plus the small helpers every rule module shares (how a word reached a gene, the stem of a
symbol)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from typing import NamedTuple

import attrs

from pfocr_genes.resolver import NUMBERED_TAIL
from pfocr_genes.snapshot import Gene
from pfocr_genes.textnorm import lookup_key

#: The rules' strength levels: features of the fitted score, and the noisy-OR's weights.
STRONG, MEDIUM, WEAK, NO_SUPPORT = 0.8, 0.6, 0.35, 0.1
#: ``suspect`` is ``score >= THRESHOLD`` unless the caller sets another threshold.
THRESHOLD = 0.5


#: Noisy-OR only: factor on the score of a gene the title/caption names.
SUPPORTED = 0.5

#: :attr:`Verdict.basis` of the hand-set combination.
NOISY_OR = "noisy-OR of the hand-set flag weights"


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

    ``name`` is the rule, ``weight`` its hand-set strength level, ``reason`` one line for a
    curator, ``source`` the table or text the evidence comes from, ``alternative`` the gene
    the word more likely means.
    """

    name: str
    weight: float
    reason: str
    source: str
    alternative: str | None = None
    #: The written form the flag is about (its caption mentions are no support).
    word: str | None = attrs.field(default=None, eq=False)
    #: What the flag added to the fitted score, in log-odds (set by :mod:`pfocr_genes.scoring`;
    #: ``None`` before scoring, or when the score is the noisy-OR fallback).
    contribution: float | None = attrs.field(default=None, eq=False)

    def to_dict(self) -> dict[str, object]:
        return {"flag": self.name, "weight": self.weight, "reason": self.reason, "source": self.source,
                "alternative": self.alternative, "contribution": self.contribution}


@attrs.frozen(slots=True)
class Verdict:
    """The combined suspect call for one gene keyword: ``suspect`` is ``score >=``
    :data:`THRESHOLD` (callers with another threshold compare ``score`` themselves), ``flags``
    are ordered by what they added to the score, most first, and ``basis`` says how the score
    was made (the fitted weights, or the noisy-OR and why)."""

    suspect: bool
    score: float
    flags: tuple[Flag, ...]
    support: tuple[str, ...]
    alternative: str | None
    basis: str = NOISY_OR
    #: one line per flag, ``"<flag>: <reason>"`` (made once: a verdict may be reused)
    reasons: tuple[str, ...] = attrs.field(init=False, eq=False, repr=False)

    @reasons.default
    def _reasons(self) -> tuple[str, ...]:
        return tuple(f"{f.name}: {f.reason}" for f in self.flags)


class Route(NamedTuple):
    """How one OCR word reached a gene (from the PFOCR hits table). A named tuple, not an
    attrs class: one is made per hit of every figure, and a tuple is built in C."""

    word: str
    matched: str
    via: str


def combine(flags: Sequence[Flag], support: Sequence[str]) -> Verdict:
    """The verdict of flags seen without their context (genes of other species): the fitted
    ``flags`` weights of :mod:`pfocr_genes.scoring`, or the noisy-OR without them. The human
    rules pass their context to :func:`pfocr_genes.scoring.verdict` themselves."""
    from pfocr_genes.scoring import verdict  # noqa: PLC0415 - scoring builds on this module

    return verdict(flags, support, None)


def noisy_or(flags: Sequence[Flag], support: Sequence[str]) -> float:
    """The hand-set score: noisy-OR of the flag weights, halved when the caption supports the
    gene (the fallback when no fitted weights are installed, and the baseline they are
    measured against)."""
    if not flags:
        return 0.0
    keep = 1.0
    for f in flags:
        keep *= 1.0 - f.weight
    score = 1.0 - keep
    if support:
        score *= SUPPORTED
    return round(score, 3)


def alternative_of(flags: Sequence[Flag]) -> str | None:
    """The better gene the flags name: that of the strongest flag (hand-set level) naming one.
    A judgement of the rules, so not reordered by the fitted score."""
    if len(flags) < 2:
        return flags[0].alternative if flags else None
    if not any(f.alternative for f in flags):
        return None
    return next(f.alternative for f in sorted(flags, key=lambda f: -f.weight) if f.alternative)


_LEADING_LETTERS = re.compile(r"[A-Z]+")


def numbered_after(gene: Gene, key: str) -> bool:
    """Whether the gene's own symbol is ``key`` plus a number (CYP2C18 after CYP2C): then
    ``key`` names the gene's own family."""
    own = gene.keys[0][2]
    return own.startswith(key) and bool(NUMBERED_TAIL.fullmatch(own, len(key)))


@lru_cache(maxsize=1 << 15)
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

"""Flag suspect OCR gene hits: named rules, each a one-line reason a curator can check.

Every rule looks at one gene keyword of a figure with the figure's evidence (other keywords,
title and caption, the PFOCR word-level hits when there are any) and returns :class:`Flag`
objects at one of three strength levels (STRONG, MEDIUM, WEAK). The score is the fitted
probability that the hit is wrong (:mod:`pfocr_genes.scoring`): the flags, whether the title
or caption names the gene, and the context they fired in (word table or keywords only, a
plant or microbe figure, how studied the gene is, what else the keyword list holds) weighed
by a logistic regression fitted on labelled figures. ``suspect`` is ``score >= THRESHOLD``
unless the caller sets another threshold. ``docs/suspects.md`` lists the rules and the
measured precision and recall.

The rules live in :mod:`~pfocr_genes.rules.word` (the written word), :mod:`~pfocr_genes.rules.keyword_list`
(keywords only: the gene's aliases against the keyword list and caption) and
:mod:`~pfocr_genes.rules.context` (caption definitions, the organism, look-alikes); this
module runs them for one gene keyword.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from functools import lru_cache

import attrs

from pfocr_genes.evidence import FigureEvidence, memo
from pfocr_genes.flags import (
    KEYWORD_ALIAS,
    NO_SUPPORT,
    THRESHOLD,
    Flag,
    Route,
    Verdict,
    bare,
    combine,
    confusion_key,
    stem,
)
from pfocr_genes.rules.context import context_flags, definition_flags, foreign_protein_flags, homoglyph_flags
from pfocr_genes.rules.keyword_list import keywords_only_flags
from pfocr_genes.rules.word import collision_flags, locus_flags, ocr_form_flags, word_flags
from pfocr_genes.scoring import Context, verdict
from pfocr_genes.snapshot import Gene
from pfocr_genes.textnorm import lookup_key

__all__ = ["THRESHOLD", "FigureEvidence", "Flag", "Route", "Verdict", "assess", "combine", "confusion_key"]


def assess(gene: Gene, routes: Sequence[Route], ev: FigureEvidence, support: Sequence[str]) -> Verdict:
    """All rules for one gene keyword, combined into a :class:`Verdict`."""
    support = list(support)
    facts = _gene_facts(gene, ev)
    flags: list[Flag] = list(facts.locus)
    if routes:
        words = [(bare(r.word), r.via) for r in routes]
        for r in routes:
            for rule in (ocr_form_flags, word_flags, collision_flags):
                flags += rule(gene, r, ev)
    else:
        words = list(facts.words)
        flags += facts.own_word
        flags += keywords_only_flags(gene, ev)
    foreign = words if routes else facts.foreign_words
    if foreign:
        flags += foreign_protein_flags(gene, foreign, ev)
    abbreviations = ev.caption.abbreviations
    if abbreviations:
        # only words the caption defines can be defined as something else
        defined = ([(w, v) for w, v, k in facts.keyed_words if k in abbreviations] if not routes
                   else [(w, v) for w, v in words if lookup_key(w) in abbreviations])
        defined += [(f, "family") for f in ev.family_words(gene) if f in abbreviations]
        if defined:
            flags += definition_flags(gene, defined, ev, support)
    flags += homoglyph_flags(gene, ev)
    if ev.non_animal:
        flags += context_flags(gene, routes, ev)
    flags = _dedupe(flags)
    contradicted = {lookup_key(f.word) for f in flags if f.word}
    if ev.non_animal:
        # in a plant or microbe figure the abbreviation in the caption is the organism's own gene
        support = [s for s in support if s.startswith("name ") or "defines" in s]
    # a caption mention of a word the flags read otherwise is that other use, not support
    if contradicted:
        support = [s for s in support if not (s.split(" in ")[0].split()[-1:] and
                                              lookup_key(s.split(" in ")[0].split()[-1]) in contradicted)]
    if not support:
        flags.append(facts.no_support)
    return verdict(flags, support, _context(gene, bool(routes), facts, ev))


def _context(gene: Gene, word_table: bool, facts: _GeneFacts, ev: FigureEvidence) -> Context:
    """What the fitted score weighs beside the flags (see :class:`pfocr_genes.scoring.Context`)."""
    if word_table:
        return Context(True, bool(ev.non_animal), facts.pubmed, facts.short_aliases)
    sharing, paralogs = _list_evidence(ev)
    row = gene.row
    return Context(False, bool(ev.non_animal), facts.pubmed, facts.short_aliases, sharing.get(row, 0),
                   paralogs.get(row, 0))


@lru_cache(maxsize=2)
def _list_evidence(ev: FigureEvidence) -> tuple[dict[int, int], dict[int, int]]:
    """Keywords only, what the list says of each keyword gene (by row; absent: 0): how many
    other keyword genes, not its paralogs, share an alias of 3+ characters with it, and how
    many are its paralogs (same symbol stem, or a FamPlex family in common, as
    :meth:`FigureEvidence.paralogs`). Once per figure: the last two figures are kept, so every
    gene of a figure reuses it."""
    of_row = ev.families.of_row
    stems = {g.row: stem(g.symbol) for g in ev.genes}
    stem_rows: dict[str, set[int]] = defaultdict(set)
    family_rows: dict[str, set[int]] = defaultdict(set)
    for row, own in stems.items():
        if own:
            stem_rows[own].add(row)
        for name in of_row.get(row, ()):
            family_rows[name].add(row)
    paralogs: dict[int, int] = {}
    for row, own in stems.items():
        same = stem_rows[own] if own else ()
        families = of_row.get(row)
        if families:
            kin = set(same)
            for name in families:
                kin |= family_rows[name]
            paralogs[row] = len(kin) - 1  # the gene is in its own families' rows
        elif len(same) > 1:
            paralogs[row] = len(same) - 1
    sharing: dict[int, set[int]] = defaultdict(set)
    for key, genes in ev.alias_index.items() if ev.shared_alias_keys else ():
        if len(key) < 3:
            continue
        for a in genes:
            fa, sa = of_row.get(a.row, _NONE), stems[a.row]
            for b in genes:
                if a.row != b.row and not (sa and sa == stems[b.row]) and fa.isdisjoint(of_row.get(b.row, _NONE)):
                    sharing[a.row].add(b.row)
    return {row: len(others) for row, others in sharing.items()}, paralogs


_NONE: frozenset[str] = frozenset()


@attrs.frozen(slots=True)
class _GeneFacts:
    """The parts of :func:`assess` that depend on the gene alone, computed once per gene."""

    locus: tuple[Flag, ...]
    #: the keywords-only spellings: the symbol, then aliases and previous symbols
    words: tuple[tuple[str, str], ...]
    #: ``words`` with their lookup keys
    keyed_words: tuple[tuple[str, str, str], ...]
    #: the ``words`` that name a viral, microbial or plant protein (:meth:`TermIndex.foreign`)
    foreign_words: tuple[tuple[str, str], ...]
    #: :func:`word_flags` of the symbol itself (keywords only)
    own_word: tuple[Flag, ...]
    no_support: Flag
    #: spellings other than the symbol of three characters or fewer (a feature of the score)
    short_aliases: int
    #: PubMed articles linked to the gene (a feature of the score)
    pubmed: int


def _gene_facts(gene: Gene, ev: FigureEvidence) -> _GeneFacts:
    return memo("gene", ev, gene.row, _compute_gene_facts, gene, ev)


def _compute_gene_facts(gene: Gene, ev: FigureEvidence) -> _GeneFacts:
    words = ((gene.symbol, "symbol"), *((a, KEYWORD_ALIAS) for a in (*gene.aliases, *gene.previous)))
    short = len({s for s in gene.spellings()[1:] if len(s) <= 3 and s != gene.symbol})
    pubmed = ev.resolver.pubmed_counts.get(gene.entrez_id, 0) if gene.entrez_id else 0
    return _GeneFacts(
        locus=tuple(locus_flags(gene)), words=words, keyed_words=tuple((w, v, lookup_key(w)) for w, v in words),
        foreign_words=tuple((w, v) for w, v in words if ev.terms.foreign(w)),
        own_word=word_flags(gene, Route(gene.symbol, gene.symbol, "symbol"), ev),
        no_support=Flag("no_support", NO_SUPPORT, f"neither {gene.symbol}, its aliases nor its name occur in "
                        "the title or caption", "title/caption"),
        short_aliases=short, pubmed=pubmed)


def _dedupe(flags: list[Flag]) -> list[Flag]:
    """One flag per (rule, reason); per rule keep the two strongest."""
    if len(flags) < 2:
        return flags
    seen: dict[str, list[Flag]] = defaultdict(list)
    for f in sorted(flags, key=lambda f: -f.weight):
        if f.reason not in {g.reason for g in seen[f.name]} and len(seen[f.name]) < 2:
            seen[f.name].append(f)
    return [f for fs in seen.values() for f in fs]

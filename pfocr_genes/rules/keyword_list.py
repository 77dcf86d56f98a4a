"""Keywords-only rules: with no OCR word known, the gene's own aliases are checked against
the other keywords and the title and caption (an alias that is another keyword's symbol,
a cell-type initialism the caption spells out, an ordinary word the caption uses as such)."""

from __future__ import annotations

import re
from collections.abc import Iterable

from pfocr_genes.evidence import FigureEvidence, memo
from pfocr_genes.flags import MEDIUM, WEAK, Flag, numbered_after, stem
from pfocr_genes.model import Candidate
from pfocr_genes.snapshot import Gene
from pfocr_genes.textnorm import lookup_key


def _alias_facts(gene: Gene, ev: FigureEvidence) -> tuple[tuple[tuple[str, str], ...],
                                                          tuple[tuple[str, Candidate, bool], ...], frozenset]:
    """``(spelling, key)`` for previous symbols, aliases and synonyms; for aliases and
    synonyms of 3+ characters the gene each resolves to best (``(alias, best, is_family)``);
    and the rows of those other genes.

    Figure-independent, so computed once per gene: the keyword-only rules ask this for
    every gene keyword of every figure (it was a third of their time).
    """
    return memo("aliases", ev, gene.row, _compute_alias_facts, gene, ev)


def _compute_alias_facts(gene: Gene, ev: FigureEvidence) -> tuple:
    bests = []
    for alias in (*gene.aliases, *gene.ncbi_synonyms):
        if len(lookup_key(alias)) >= 3:
            res = ev.resolver.lookup(alias)
            if res.kind == "family":  # every member: HIF-1 -> ARNT, HIF1A
                bests += [(alias, c, True) for c in res.candidates if c.family]
            elif res.best is not None:
                bests.append((alias, res.best, False))
    return (tuple((a, k) for _, a, k in gene.keys[1:]), tuple(bests),
            frozenset(b.row for _, b, _ in bests if b.row != gene.row))


def keyword_collision_flags(gene: Gene, ev: FigureEvidence) -> Iterable[Flag]:
    """Keywords-only: genes of the list that share an alias none of them has as its symbol.

    Paralogs (same symbol stem, or one FamPlex family) share aliases legitimately and are
    left alone; so are aliases that name a FamPlex family.
    """
    shared = gene.alias_keys & ev.shared_alias_keys
    if not shared:
        return
    for alias, key in _alias_facts(gene, ev)[0]:
        if key not in shared or len(key) < 3 or key in ev.symbol_keys or key in ev.families.keys:
            continue
        sharing = [g for g in ev.alias_index.get(key, ()) if g.row != gene.row and not ev.paralogs(g, gene)]
        if sharing:
            names = ", ".join(g.symbol for g in sharing[:4])
            yield Flag("alias_collision", MEDIUM, f"{gene.symbol} and {names} share the alias {alias}, the "
                       "symbol of none of them: likely one OCR word read as several genes",
                       "HGNC aliases / NCBI synonyms of the keyword list")
            return


def shadow_keyword_flags(gene: Gene, ev: FigureEvidence) -> Iterable[Flag]:
    """Keywords-only: an alias of the gene is another keyword's symbol, or names a gene the
    caption names (SETD2's alias HIF-1 when the caption says HIF-1α)."""
    keys, bests, best_rows = _alias_facts(gene, ev)
    owned = gene.alias_keys & ev.symbol_keys.keys()
    stems = gene.alias_keys & ev.numbered_keywords.keys()
    own_stem = stem(gene.symbol) if stems else ""
    for alias, key in keys if stems and gene.row not in ev.caption_rows else ():
        if key not in stems or len(key) < 3 or key == own_stem or key[-1].isdigit() or numbered_after(gene, key):
            continue
        members = sorted(m for m in ev.numbered_keywords.get(key, ()) if m != gene.keys[0][2])
        if members:  # IRF, alias of TRIM63, when IRF3 and IRF7 are keywords too
            yield Flag("shadowed_alias", MEDIUM, f"{gene.symbol}'s alias {alias} is the stem of "
                       f"{', '.join(ev.symbol_keys[m].symbol for m in members[:3])}, also in this figure",
                       "HGNC approved symbols + keyword list", ev.symbol_keys[members[0]].symbol, word=alias)
            return
    written = gene.alias_keys & ev.caption.word_keys
    for alias, key in keys if written and any(k in ev.families.groundings for k in written) else ():
        grounded = ev.families.groundings.get(key, ())
        if key in written and grounded and gene.row not in grounded:
            other = ev.resolver.snapshot.gene(grounded[0])
            if not ev.paralogs(other, gene):  # CBP in the caption: curators read it as CREBBP
                yield Flag("shadowed_alias", MEDIUM, f"the caption writes {gene.symbol}'s alias {alias}, which "
                           f"curators ground to {other.symbol} ({other.name})", "FamPlex/INDRA grounding map + caption",
                           other.symbol, word=alias)
                return
    for alias, key in keys if owned else ():
        owner = ev.symbol_keys.get(key)
        if (owner is not None and owner.row != gene.row and not ev.paralogs(owner, gene)
                and gene.row not in ev.caption_rows):
            yield Flag("shadowed_alias", MEDIUM, f"{gene.symbol}'s alias {alias} is the symbol of {owner.symbol}, "
                       "also in this figure", "HGNC aliases + keyword list", owner.symbol)
            return
    if best_rows.isdisjoint(ev.caption_rows):  # no alias means a gene the caption names
        return
    for alias, best, is_family in bests:
        if best.row != gene.row and best.row in ev.caption_rows and (
                is_family or best.match in ("approved", "previous", "family")):
            yield Flag("shadowed_alias", MEDIUM, f"{gene.symbol}'s alias {alias} means {best.symbol}, which the "
                       "caption names", "resolver + caption", best.symbol)
            return


def _cell_aliases(gene: Gene, ev: FigureEvidence) -> tuple[tuple[str, str, str, tuple], ...]:
    """The gene's aliases that are cell-type initials, with the cell types (once per gene)."""
    return memo("cells", ev, gene.row, _compute_cell_aliases, gene, ev)


def _compute_cell_aliases(gene: Gene, ev: FigureEvidence) -> tuple[tuple[str, str, str, tuple], ...]:
    return tuple((what, alias, key, cells) for what, alias, key in gene.keys[1:]
                 if len(key) >= 3 and alias[:1].isalpha() and (cells := ev.terms.cell_acronym(alias)))


def plain_word_alias_flags(gene: Gene, ev: FigureEvidence) -> Iterable[Flag]:
    """Keywords-only: an alias of the gene is a word INDRA never grounds (END, WAVE) and the
    caption writes it in lower case, as the ordinary word: that mention is no support, and
    the figure's own use of the word is the likely source of the hit."""
    lower = ev.lower_case_keys
    if lower.isdisjoint(gene.alias_keys):
        return
    for what, alias, key in gene.keys[1:]:
        if len(key) >= 3 and key in lower and key != gene.keys[0][2] and ev.terms.ignored(alias):
            yield Flag("common_word", MEDIUM, f"{gene.symbol}'s {what} {alias} is the ordinary word "
                       f"'{alias.lower()}', which the caption uses as such", "INDRA ignore list + caption",
                       word=alias)
            return


def _misgrounded_aliases(gene: Gene, ev: FigureEvidence) -> tuple[tuple[str, str, str], ...]:
    """The gene's aliases INDRA lists as known wrong groundings to it (once per gene)."""
    return memo("misgrounded", ev, gene.row, _compute_misgrounded_aliases, gene, ev)


def _compute_misgrounded_aliases(gene: Gene, ev: FigureEvidence) -> tuple[tuple[str, str, str], ...]:
    return tuple((what, alias, key) for what, alias, key in gene.keys[1:]
                 if gene.hgnc_id and gene.hgnc_id in ev.terms.misgrounded(alias))


def misgrounded_alias_flags(gene: Gene, ev: FigureEvidence) -> Iterable[Flag]:
    """Keywords-only: INDRA's curators list an alias of the gene as a known wrong reading of
    that word (GAS -> GAST, NETs -> EPHB1). MEDIUM when the caption writes the word (the
    figure is using it), WEAK otherwise."""
    for what, alias, key in _misgrounded_aliases(gene, ev)[:1]:
        here = key in ev.caption.words
        yield Flag("common_word", MEDIUM if here else WEAK,
                   f"INDRA's curators list '{alias}' ({what} of {gene.symbol}) as a known wrong grounding to "
                   f"{gene.symbol}" + ("; the caption writes it" if here else ""), "INDRA misgrounding map",
                   word=alias)


_GENERIC_CELL_WORDS = frozenset({"CELL", "CELLS", "CELLULAR"})


def _shares_name_word(label: str, ev: FigureEvidence) -> bool:
    """Whether the title/caption writes a distinctive word of a MeSH cell name (Golgi)."""
    return any(k in ev.caption.words for k in (lookup_key(w) for w in re.split(r"[\s,\-]+", label))
               if len(k) >= 4 and k not in _GENERIC_CELL_WORDS)


def cell_alias_flags(gene: Gene, ev: FigureEvidence) -> Iterable[Flag]:
    """Keywords-only: an alias of the gene abbreviates a cell type (CAFs for TBX1) that the
    title or caption writes, by the abbreviation or in full: the figure is about those cells."""
    blobs = ev.caption.blobs.values()
    for what, alias, key, cells in _cell_aliases(gene, ev):
        # the acronym written in the caption counts only with another word of the cell's name
        # ("TGN" beside "Golgi"; "ASC" alone is as likely the inflammasome adaptor) and when it
        # has no other MeSH meaning (CMP is also a nucleotide); else the name must be spelled out
        written = key in ev.caption.words and not ev.terms.knows(alias)
        named = [c for c in cells if (written and _shares_name_word(c[0], ev))
                 or any(lookup_key(c[0]) in b for b in blobs)]
        if named:
            yield Flag("common_word", MEDIUM, f"{gene.symbol}'s {what} {alias} is how figures abbreviate "
                       f"{named[0][0]}, which the title or caption names", f"MeSH {named[0][1]} + caption",
                       word=alias)
            return


def keywords_only_flags(gene: Gene, ev: FigureEvidence) -> list[Flag]:
    """Every keywords-only rule above, in a fixed order. Each rule's first test is hoisted
    here, so that the rules are called only for the few genes that can fire them (a call per
    rule per gene keyword was a third of the time of the rules)."""
    flags: list[Flag] = []
    if not gene.alias_keys.isdisjoint(ev.shared_alias_keys):
        flags += keyword_collision_flags(gene, ev)
    if _cell_aliases(gene, ev):
        flags += cell_alias_flags(gene, ev)
    if not gene.alias_keys.isdisjoint(ev.lower_case_keys):
        flags += plain_word_alias_flags(gene, ev)
    if _misgrounded_aliases(gene, ev):
        flags += misgrounded_alias_flags(gene, ev)
    flags += shadow_keyword_flags(gene, ev)
    return flags

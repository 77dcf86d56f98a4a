"""Suspect rules for gene keywords of other species (fly, mouse, zebrafish... hits).

A hit of another species is right only when the figure is about that species
(:mod:`pfocr_genes.taxa`); in current PFOCR records nine in ten are not ("and" read as a fly
gene in a human figure). Such a hit is flagged even when it is a true counterpart of a gene
the figure shows: it would put the figure into that species' gene set. When the figure is
about the species, the OCR word is checked as the human rules check it: an ordinary term
(a chemical, a cell type) or a word that reached the gene only through a synonym.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from pfocr_genes.flags import (
    MEDIUM,
    STRONG,
    WEAK,
    WORD_CLASSES,
    Flag,
    Verdict,
    article,
    bare,
    combine,
    gene_product_tree,
)
from pfocr_genes.model import Candidate
from pfocr_genes.resolver import Resolver
from pfocr_genes.rules.word import lab_word_flag, names_gene_product
from pfocr_genes.taxa import FigureSpecies, species_name
from pfocr_genes.terms import TermIndex
from pfocr_genes.textnorm import lookup_key

_SYNONYM = frozenset({"alias", "NCBI synonym", "previous symbol"})


def _where_found(species: str, organisms_ner: Sequence[str]) -> str:
    if any(n.lower().startswith(species.lower()) for n in organisms_ner):
        return f"{species} appears only in organism recognition (organisms_ner)"
    return f"{species} is not named in its title, caption or paper"


def other_species_flag(species: str, fsp: FigureSpecies, organisms_ner: Sequence[str]) -> Flag:
    return Flag("other_species", STRONG,
                f"{species} gene, but the figure is about {fsp.describe()}; {_where_found(species, organisms_ner)}",
                "figure title/caption/paper organisms + PFOCR organism of the hit")


#: (taxon id, OCR word) -> {symbol of that species the word hit: how}
WordGenes = Mapping[tuple[str, str], Mapping[str, str]]


def _stem(symbol: str) -> str:
    return symbol.rstrip("0123456789").lower()


def _human_reading(word: str, resolver: Resolver) -> list[Candidate]:
    """The genes a word means in human nomenclature: its approved or previous symbol, or the
    members of the FamPlex family it names (aliases left out: they are the question)."""
    res = resolver.lookup(bare(word))
    return [c for c in res.candidates if c.family or c.match in ("approved", "previous")]


def collision_flags(fields: dict[str, Any], word_genes: WordGenes, resolver: Resolver) -> list[Flag]:
    """A word that reached this gene only through a synonym, checked against what it means:

    - when the word names a human gene or family (P38: the p38 family), the gene whose human
      ortholog is among them is right (mouse Mapk14) and the others only share the synonym
      (mouse Crk, Grap2);
    - otherwise, a word that reached several genes of the same species through synonyms names
      none for sure. Genes of one symbol stem (Ras64B, Ras85D) share names by descent.
    """
    if fields.get("match") not in _SYNONYM:
        return []
    me = fields.get("symbol") or ""
    orth = fields.get("human_ortholog")
    for word in fields.get("ocr_words", ()):
        meant = _human_reading(word, resolver)
        if meant and orth is not None and orth.hgnc_id:
            if any(c.hgnc_id == orth.hgnc_id for c in meant):
                return []
            what = f"the FamPlex family {meant[0].family}" if meant[0].family else f"the human gene {meant[0].symbol}"
            return [Flag("shadowed_alias", MEDIUM, f"'{word}' names {what}; {me} ({fields.get('species')}, "
                         f"human {orth.symbol}) only has it as {article(fields.get('match') or 'synonym')}",
                         "HGNC/FamPlex + PFOCR word table", meant[0].symbol, word=word)]
        genes = word_genes.get((fields.get("taxon_id") or "", word), {})
        if any(v == "symbol" for v in genes.values()):
            continue  # the word is some gene's own symbol: the shadowed-symbol case, not this one
        others = sorted(g for g, v in genes.items() if g != me and v in _SYNONYM and _stem(g) != _stem(me))
        if others:
            return [Flag("alias_collision", MEDIUM, f"'{word}' is {article(fields.get('match') or 'synonym')} of "
                         f"{me} and also of {', '.join(others[:4])} ({fields.get('species')}); a word naming "
                         "several genes names none for sure", "PFOCR word table")]
    return []


def word_flags(fields: dict[str, Any], terms: TermIndex, resolver: Resolver) -> list[Flag]:
    """The OCR words of a species hit in a figure about that species: an ion or lab
    abbreviation (:func:`~pfocr_genes.rules.word.lab_word_flag`), or a word that is an
    ordinary term (a chemical, a cell type), unless the term is itself a gene product
    (MeSH files interleukins under chemicals)."""
    synonym = fields.get("match") in _SYNONYM
    for word in fields.get("ocr_words", ()):
        w = bare(word)
        lab = lab_word_flag(w, fields.get("symbol") or fields["text"], synonym)
        if lab is not None:
            return [lab]
        m = terms.exact(w) or (terms.lookup(w, parts=False) if len(lookup_key(w)) >= 3 else None)
        t = next((t for t in m.terms if t.cls in WORD_CLASSES), None) if m and m.how != "singular" else None
        if t is None or gene_product_tree(t.tree) or names_gene_product(t.label, resolver):
            continue
        # a supplementary concept's abbreviation (TPT for a prostaglandin analog) is a rare reading
        weight = MEDIUM if synonym and t.source != "MeSH supplementary concept" else WEAK
        return [Flag("common_word", weight, f"'{w}' is also {WORD_CLASSES[t.cls]}: {t.label}",
                     f"{t.source} {t.id}", word=w)]
    return []


def species_verdict(fields: dict[str, Any], fsp: FigureSpecies, *, organisms_ner: Sequence[str], terms: TermIndex,
                    caption_keys: frozenset[str], word_genes: WordGenes, resolver: Resolver) -> Verdict:
    """The suspect verdict of one other-species gene keyword."""
    flags: list[Flag] = []
    tid = fields.get("taxon_id")
    if tid:
        if not fsp.is_about(tid):
            flags.append(other_species_flag(fields["species"], fsp, organisms_ner))
        else:
            flags += word_flags(fields, terms, resolver) + collision_flags(fields, word_genes, resolver)
    else:  # species unknown (keywords only): suspect unless the figure is about one it may be
        cands = fields.get("species_candidates", ())
        if not any(fsp.is_about(t) for t in cands):
            names = " or ".join(species_name(t) for t in cands)
            flags.append(other_species_flag(names, fsp, organisms_ner))
    if any(f.name == "other_species" for f in flags):
        return combine(flags, ())  # the caption naming the gene does not make the figure about the species
    text = fields.get("symbol") or fields["text"]
    support = (f"caption writes {text}",) if lookup_key(text) in caption_keys else ()
    return combine(flags, support)

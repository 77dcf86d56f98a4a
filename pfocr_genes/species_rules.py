"""Suspect rules for gene keywords of other species (fly, mouse, zebrafish... hits).

A hit of another species is right only when the figure is about that species
(:mod:`pfocr_genes.taxa`); in current PFOCR records nine in ten are not ("and" read as a fly
gene in a human figure). Such a hit is flagged even when it is a true counterpart of a gene
the figure shows: it would put the figure into that species' gene set. When the figure is
about the species, the OCR word is checked as the human rules check it: an ordinary term
(a chemical, a cell type) or a word that reached the gene only through a synonym.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pfocr_genes.flags import MEDIUM, STRONG, WEAK, WORD_CLASSES, Flag, Verdict, bare, combine
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


def word_flags(fields: dict[str, Any], terms: TermIndex) -> list[Flag]:
    """The OCR words of a species hit in a figure about that species: ordinary terms, and
    short words that reached the gene only through a synonym."""
    out: list[Flag] = []
    synonym = fields.get("match") in _SYNONYM
    for word in fields.get("ocr_words", ()):
        w = bare(word)
        m = terms.exact(w) or (terms.lookup(w, parts=False) if len(lookup_key(w)) >= 3 else None)
        t = next((t for t in m.terms if t.cls in WORD_CLASSES), None) if m and m.how != "singular" else None
        if t is not None and not t.tree.startswith(("D12", "D08", "D23")):
            out.append(Flag("common_word", MEDIUM if synonym else WEAK,
                            f"'{w}' is also {WORD_CLASSES[t.cls]}: {t.label}", f"{t.source} {t.id}", word=w))
            break
    if synonym and not out and all(len(lookup_key(bare(w))) <= 3 for w in fields.get("ocr_words", ()) or ("",)):
        out.append(Flag("alias_collision", WEAK, f"the short word(s) {', '.join(fields.get('ocr_words', ()))} "
                        f"reached {fields.get('symbol')} only through {fields.get('match')}",
                        "PFOCR word table"))
    return out


def species_verdict(fields: dict[str, Any], fsp: FigureSpecies, organisms_ner: Sequence[str], terms: TermIndex,
                    caption_keys: frozenset[str]) -> Verdict:
    """The suspect verdict of one other-species gene keyword."""
    flags: list[Flag] = []
    tid = fields.get("taxon_id")
    if tid:
        if not fsp.is_about(tid):
            flags.append(other_species_flag(fields["species"], fsp, organisms_ner))
        else:
            flags += word_flags(fields, terms)
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

"""Rules that read the figure's context: the caption defines the word as something else,
the figure is about a virus, plant or microbe, or a caption word differs from the gene
only by OCR look-alike letters."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path

from pfocr_genes.evidence import FigureEvidence
from pfocr_genes.flags import (
    KEYWORD_ALIAS,
    MEDIUM,
    STRONG,
    SYNONYM_ROUTES,
    WEAK,
    WORD_CLASSES,
    Flag,
    Route,
    article,
    bare,
    confusion_key,
    gene_product_tree,
    stem,
)
from pfocr_genes.rules.word import means_gene
from pfocr_genes.snapshot import Gene, read_optional_json
from pfocr_genes.textnorm import lookup_key

_ENZYME_NAME = re.compile(r"ases?\b", re.IGNORECASE)


#: Two or three letters, or a letter and a number, and nothing else (CAD, Mtr, F12): every
#: pathway abbreviates its enzymes and factors so, and such names collide by chance.
_SHORT_ABBREVIATION = re.compile(r"^(?:[A-Za-z]{2,3}|[A-Za-z][0-9]{1,2})$")


#: Bacterial gene (fadD) and protein (FadD) naming: three letters and a capital.
_MICROBIAL_NAME = re.compile(r"^[A-Za-z][a-z]{2}[A-Z]$")


def definition_flags(gene: Gene, words: Iterable[tuple[str, str]], ev: FigureEvidence,
                     support: list[str]) -> Iterable[Flag]:
    """The caption spells the word out as something else (HDR, "HMBPP reductase")."""
    if not ev.caption.abbreviations:
        return
    for word, _via in words:
        for a in ev.caption.abbreviations.get(lookup_key(word), ()):
            if means_gene(a.long, gene, ev.resolver):
                support.append(f"{a.where} defines {a.short} as '{a.long}'")
                return
            res = ev.resolver.lookup(a.long)
            alt = res.best.symbol if res.kind in ("gene", "family") and res.best else None
            term = ev.terms.lookup(a.long, parts=False)
            if term and any(t.cls in WORD_CLASSES and not gene_product_tree(t.tree) for t in term.terms):
                weight = STRONG  # spelled out as a chemical, disease, cell type ...
            elif _ENZYME_NAME.search(a.long) and gene.ec and not alt:
                weight = WEAK  # another name of an enzyme for an enzyme: may well be this one
            elif not alt and lookup_key(a.short) == lookup_key(gene.symbol):
                weight = WEAK  # the gene's own symbol, spelled out by an older name (MyD88)
            else:
                weight = MEDIUM
            yield Flag("caption_definition", weight,
                       f"{a.where} defines {a.short} as '{a.long}', not {gene.symbol} ({gene.name})",
                       f"abbreviation in the {a.where}", alt, word=a.short)
            return


#: Kingdoms whose proteins are never a human gene's counterpart: any word naming one counts.
#: For the other kingdoms (bacterial, fungal, plant enzymes often share the human symbol by
#: descent) only an alias or previous symbol counts, in a figure about that kingdom: yeast
#: SDH2 is the SDHB homolog, not SDHA whose previous symbol it is.
FOREIGN_ANY_WORD = frozenset({"virus"})


def foreign_protein_flags(gene: Gene, words: Iterable[tuple[str, str]], ev: FigureEvidence) -> Iterable[Flag]:
    """The word is the short name of a protein of an organism the figure is about (NSP1 of
    SARS-CoV-2, PB1 of influenza, SDH2 of yeast), per MeSH supplementary concepts."""
    main = ev.non_animal
    kingdoms = ev.organisms.kingdoms & FOREIGN_ANY_WORD
    if main:
        kingdoms |= set(main.split(", "))
    if not kingdoms:
        return
    symbol_key = lookup_key(gene.symbol)
    for word, via in words:
        entries = ev.terms.foreign(word)
        if not entries:
            continue
        key = lookup_key(word)
        own_symbol = via == "symbol" or key == symbol_key
        # a paralog-style name (ADH2 for ADH4) names the same enzyme family: a counterpart
        same_family = stem(key) == stem(symbol_key)
        # the first protein that counts (a word such as NS1 names hundreds)
        found = next((f for f in entries if f[0] in kingdoms
                      and (f[0] in FOREIGN_ANY_WORD or not same_family)
                      and (not own_symbol or (f[0] in FOREIGN_ANY_WORD and (main or _names_organism_of(f[1], ev))))),
                     None)
        if found and via != "symbol":
            # a word that names a human family with this gene in it (p38 -> MAPK14) is the
            # gene's established name, not a stray alias
            res = ev.resolver.lookup(word)
            if res.kind == "family" and any(c.row == gene.row for c in res.candidates):
                continue
        if found:
            kingdom, label, cid = found
            weight = STRONG if via in SYNONYM_ROUTES or via == "family" else MEDIUM
            spelled = (f"'{word}'" if via == "symbol" else f"{gene.symbol}'s alias '{word}'" if via == KEYWORD_ALIAS
                       else f"'{word}' ({article(via)} of {gene.symbol})")
            yield Flag("foreign_protein", weight, f"{spelled} is the name of a {kingdom} protein ({label}), and "
                       f"the figure names a {kingdom}",
                       f"MeSH supplementary concept {cid}", word=word)
            return


#: Words of a MeSH protein label's organism part that name no organism in particular.
_GENERIC_ORGANISM_WORDS = frozenset({"VIRUS", "VIRUSES", "TYPE", "STRAIN", "HUMAN", "AND", "PROTEIN", "PHAGE"})


def _names_organism_of(label: str, ev: FigureEvidence) -> bool:
    """Whether the title/caption names the organism of a MeSH protein label ("glycoprotein 5,
    PRRSV": PRRSV): then even the human symbol's own spelling (GP5) is that protein."""
    _, _, organism = label.rpartition(", ")
    words = ev.caption.words
    return any(k in words for k in (lookup_key(w) for w in organism.split())
               if len(k) >= 3 and k not in _GENERIC_ORGANISM_WORDS and not k.isdigit())


@lru_cache(maxsize=4)
def _conserved(data_dir: Path) -> frozenset[str]:
    """NCBI ids of the genes whose function other kingdoms share (``conserved.json.gz``)."""
    doc = read_optional_json(Path(data_dir) / "conserved.json.gz")
    # a snapshot built before the file: HGNC EC numbers alone decide
    return frozenset(doc["entrez_ids"]) if doc else frozenset()


def shares_function(gene: Gene, data_dir: Path) -> bool:
    """Whether plants, fungi and microbes do what this gene does: a gene of a KEGG metabolic
    map (see :mod:`pfocr_genes.build.conserved`)."""
    return bool(gene.entrez_id) and gene.entrez_id in _conserved(data_dir)


def context_flags(gene: Gene, routes: Sequence[Route], ev: FigureEvidence) -> Iterable[Flag]:
    """A plant, fungal or microbial figure: human genes there are mostly name collisions."""
    kingdom = ev.non_animal
    if not kingdom:
        return
    where = ev.non_animal_where
    # a same-named homolog is reached by name or family word ("fungal ALDH"); an alias that
    # happens to be a microbial gene name (ARO -> CYP19A1) is a collision all the same
    by_name = not routes or any(r.via not in SYNONYM_ROUTES for r in routes)
    if not gene.ec and not (by_name and shares_function(gene, ev.resolver.snapshot.data_dir)):
        yield Flag("other_organism", MEDIUM, f"the figure is about {kingdom} ({where}); {gene.symbol} is not "
                   "an enzyme such organisms share with humans (no EC number, in no KEGG metabolic map)",
                   "MeSH organisms + HGNC EC numbers + KEGG metabolic maps")
    elif all(r.via == "symbol" for r in routes) and all(
            _SHORT_ABBREVIATION.match(w) or _MICROBIAL_NAME.match(w) for w in ([bare(r.word) for r in routes]
                                                                            or [gene.symbol])):
        # the human symbol itself, as a bare abbreviation (family words such as ADH name the
        # enzyme class, which the organism shares; they are left to the rules below)
        written = ", ".join(dict.fromkeys(bare(r.word) for r in routes)) or gene.symbol
        yield Flag("other_organism", MEDIUM, f"the figure is about {kingdom} ({where}); '{written}' is a bare "
                   "short abbreviation (two or three letters, or a letter and a number) or a microbial gene name "
                   f"(fadD, FadD): there it names the organism's own enzyme, which human {gene.symbol} matches "
                   "only by chance", "MeSH organisms + the written form")
    elif any(r.via in SYNONYM_ROUTES for r in routes) and not any(r.via == "symbol" for r in routes):
        yield Flag("other_organism", WEAK, f"the figure is about {kingdom} ({where}); {gene.symbol} is an enzyme "
                   "but reached only through an alias", "MeSH organisms + PFOCR hits table")
    elif not routes:
        yield Flag("other_organism", WEAK, f"the figure is about {kingdom} ({where}); the abbreviation may "
                   f"name a different enzyme than human {gene.symbol}", "MeSH organisms")


def homoglyph_flags(gene: Gene, ev: FigureEvidence) -> Iterable[Flag]:
    """The symbol differs from a caption word naming another gene only by OCR look-alikes."""
    ck = confusion_key(gene.symbol)
    found = ev.caption_genes.get(ck)
    if found:
        word, other = found
        if other.row != gene.row and lookup_key(word) != lookup_key(gene.symbol):
            yield Flag("homoglyph", STRONG, f"{gene.symbol} differs from '{word}' in the caption ({other.symbol}, "
                       f"{other.name}) only by OCR look-alike letters", "caption", other.symbol)

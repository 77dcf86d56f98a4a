"""Rules about the written word and the gene it reached: locus type, OCR look-alikes, the
word being an ordinary term, and one word reaching several genes."""

from __future__ import annotations

import re
from collections.abc import Iterable

from pfocr_genes.evidence import FigureEvidence, memo
from pfocr_genes.flags import (
    MEDIUM,
    MIN_NUMBERED,
    STRONG,
    SYNONYM_ROUTES,
    WEAK,
    WORD_CLASSES,
    Flag,
    Route,
    article,
    bare,
    gene_product_tree,
    numbered_after,
    stem,
)
from pfocr_genes.lab_words import lab_word
from pfocr_genes.names import gene_names
from pfocr_genes.resolver import Resolver
from pfocr_genes.snapshot import Gene
from pfocr_genes.textnorm import lookup_key

_LOCUS_WEIGHTS: tuple[tuple[str, float, str], ...] = (
    ("immunoglobulin", STRONG, "an immunoglobulin segment"),
    ("T cell receptor", STRONG, "a T-cell receptor segment"),
    ("pseudogene", STRONG, "a pseudogene"), ("pseudo", STRONG, "a pseudogene"),
    ("phenotype only", STRONG, "a phenotype-only locus"), ("readthrough", MEDIUM, "a readthrough locus"),
    ("RNA, micro", 0.0, ""), ("RNA, long non-coding", MEDIUM, "a long non-coding RNA"),
    ("RNA", STRONG, "a non-coding RNA gene"), ("ncRNA", MEDIUM, "a non-coding RNA gene"),
    ("region", STRONG, "a genomic region"), ("unknown", MEDIUM, "a locus of unknown type"),
    ("other", MEDIUM, "a locus of type 'other'"), ("virus integration", STRONG, "a virus integration site"),
    ("fragile site", STRONG, "a fragile site"), ("endogenous retrovirus", STRONG, "an endogenous retrovirus"),
)


#: Chemists' radical dot (GS•, NO·): the word is a chemical species.
_RADICAL = re.compile(r"[•·∙]")


#: What separates the items of an OCR'd list inside one word (IDH1,IDH2; S1P&S2P).
_LIST_SEPARATOR = re.compile(r"[,&;+]")


_NON_LATIN = re.compile(r"[Ѐ-ӿ]")


def locus_flags(gene: Gene) -> Iterable[Flag]:
    """Pseudogenes, IG/TR segments, non-coding RNAs, withdrawn and phenotype-only entries."""
    if gene.status == "withdrawn":
        yield Flag("locus_type", STRONG, f"{gene.symbol} is a withdrawn HGNC entry", "HGNC status")
        return
    lt = gene.locus_type or ""
    for needle, weight, what in _LOCUS_WEIGHTS:
        if needle in lt:
            if weight:
                src = "HGNC locus type" if gene.hgnc_id else "NCBI Gene type"
                yield Flag("locus_type", weight, f"{gene.symbol} is {what} ({lt})", src)
            return


def means_gene(long_form: str, gene: Gene, resolver: Resolver) -> bool:
    """Whether a caption's long form names this gene (its name, or a spelling it resolves to)."""
    lf, name = lookup_key(long_form), lookup_key(gene.name or "")
    if lf and name and (lf in name or name in lf):
        return True
    lf_words = {w for w in re.findall(r"[a-z0-9]+", long_form.lower()) if len(w) > 2}
    name_words = {w for w in re.findall(r"[a-z0-9]+", (gene.name or "").lower()) if len(w) > 2}
    if lf_words and len(lf_words & name_words) >= max(2, (len(lf_words) + 1) // 2):
        return True
    if gene_names(resolver.snapshot.data_dir).names_gene(long_form, gene.name, gene.hgnc_id):
        return True  # another name of the gene, in other words (apoptotic/apoptosis, C/EBP)
    res = resolver.lookup(long_form)
    # a family long form ("phosphoinositide 3-kinase") means each of its members
    return any(c.row == gene.row for c in (res.candidates if res.kind == "family" else res.candidates[:3]))


def names_gene_product(label: str, resolver: Resolver) -> bool:
    """Whether a term is a gene product after all (MeSH files interleukins under chemicals)."""
    res = resolver.lookup(label)
    return res.kind in ("gene", "family", "list") and bool(res.candidates) and res.candidates[0].match in (
        "approved", "previous", "name", "grounding", "family_member", "alias")


def lab_word_flag(word: str, symbol: str, synonym: bool) -> Flag | None:
    """The word is an ion or a chemical or lab abbreviation of :mod:`pfocr_genes.lab_words`
    (``Ca2+`` read as CA2, ``Pi`` as SERPINA1, ``Ctrl`` as CTRL), or None.

    An ion is never a gene: STRONG. An abbreviation that reached the gene only through a
    synonym is STRONG too; written as the gene's own symbol (in another case) it is MEDIUM,
    which the caption naming the gene outweighs. An amino-acid code weighs what any chemical
    term does (MEDIUM through a synonym, WEAK as the symbol): ``Met`` for the MET receptor
    and ``Tyr`` for tyrosinase are common in figures.
    """
    lab = lab_word(word)
    if lab is None:
        return None
    if lab.rule == "amino acid":
        weight = MEDIUM if synonym else WEAK
    else:
        weight = STRONG if lab.rule == "ion" or synonym else MEDIUM
    return Flag("common_word", weight, f"'{word}' is {lab.what}, not the gene {symbol}",
                f"curated {lab.rule} table (pfocr_genes.lab_words)", word=word)


def common_word_flags(gene: Gene, route: Route, ev: FigureEvidence) -> Iterable[Flag]:
    """The OCR word is an ordinary word or abbreviation: a known misgrounding, an ion or
    lab abbreviation, a term."""
    w = bare(route.word)
    if gene.hgnc_id and gene.hgnc_id in ev.terms.misgrounded(w):
        # the caption writing the same word is no support; go on: the word's own meaning helps too
        yield Flag("common_word", STRONG, f"INDRA's curators list '{w}' as a known wrong grounding to "
                   f"{gene.symbol}", "INDRA misgrounding map", word=w)
    synonym_route = route.via in SYNONYM_ROUTES or route.via == "family"
    lab = lab_word_flag(w, gene.symbol, synonym_route)
    if lab is not None:
        yield lab
        return
    for text in (w, w + "s") if len(lookup_key(w)) >= 2 else ():
        m = ev.terms.exact(text) or ev.terms.lookup(text, parts=False)
        if m is None or m.how == "singular":
            continue
        t = next((t for t in m.terms if t.cls in WORD_CLASSES), None)
        if t is not None and (gene_product_tree(t.tree) or names_gene_product(t.label, ev.resolver)
                              or means_gene(t.label, gene, ev.resolver)):
            return
        if t is not None and route.via == "family" and t.source == "MeSH supplementary concept":
            return  # a FamPlex family name (PDE, GST, PLA2) outranks a rare chemical's abbreviation
        if t is not None:
            weight = MEDIUM if synonym_route else WEAK
            yield Flag("common_word", weight, f"'{w}' is also {WORD_CLASSES[t.cls]}: {t.label}",
                       f"{t.source} {t.id}", word=w)
            return
    cells = ev.terms.cell_acronym(w) if synonym_route and len(lookup_key(w)) >= 3 else ()
    if cells:
        yield Flag("common_word", MEDIUM, f"'{w}' is how figures abbreviate {' or '.join(c[0] for c in cells)} "
                   f"(a cell type or cell part); it is only {article(route.via)} of {gene.symbol}",
                   f"MeSH {cells[0][1]} (initials of its name)", word=w)
        return
    if synonym_route and ev.terms.ignored(w):
        yield Flag("common_word", WEAK, f"'{w}' is on INDRA's list of words never to ground",
                   "INDRA ignore list", word=w)  # go on: lower case adds to it
    letters = [c for c in w if c.isalpha()]
    # not for family words: a lower-case family word is a microbial gene name (adh, pdc)
    if (route.via in SYNONYM_ROUTES and 3 <= len(letters) <= 5 and all(c.islower() for c in letters)
            and not route.matched.islower()):
        yield Flag("common_word", MEDIUM, f"'{w}' is written in lower case like an ordinary word; "
                   f"the {route.via} is {route.matched}", "PFOCR hits table")


def word_flags(gene: Gene, route: Route, ev: FigureEvidence) -> tuple[Flag, ...]:
    """:func:`common_word_flags`, cached: they read only the word, the gene and the term
    tables, never the figure, and the same gene/word pairs recur across a corpus."""
    return memo("word", ev, (gene.row, route), _compute_word_flags, gene, route, ev)


def _compute_word_flags(gene: Gene, route: Route, ev: FigureEvidence) -> tuple[Flag, ...]:
    return tuple(common_word_flags(gene, route, ev))


def ocr_form_flags(gene: Gene, route: Route, ev: FigureEvidence) -> Iterable[Flag]:
    """Words without letters, non-Latin look-alikes, and matches made by changing letters."""
    w = route.word
    if not any(c.isalpha() for c in w):
        yield Flag("homoglyph", STRONG, f"OCR word '{w}' is a number, not a gene", "PFOCR hits table")
        return
    if _NON_LATIN.search(w):
        yield Flag("homoglyph", STRONG, f"OCR word '{w}' mixes Cyrillic look-alike letters; it matched "
                   f"{route.matched} only after they were dropped", "PFOCR hits table")
        return
    if _RADICAL.search(w):
        yield Flag("common_word", STRONG, f"OCR word '{w}' carries a radical dot: a chemical species, not a gene",
                   "PFOCR hits table")
        return
    pieces = [lookup_key(p) for p in _LIST_SEPARATOR.split(w)]
    if len(pieces) > 1 and lookup_key(route.matched) not in pieces:
        yield Flag("homoglyph", MEDIUM, f"OCR word '{w}' matched {route.matched} only by joining the pieces around "
                   f"'{''.join(sorted(set(_LIST_SEPARATOR.findall(w))))}'", "PFOCR hits table")
        return
    kw, km = lookup_key(w), lookup_key(route.matched)
    if km and km not in kw and not any(c.row == gene.row for c in ev.resolver.lookup(w).candidates):
        yield Flag("homoglyph", WEAK, f"OCR word '{w}' matched {route.matched} only after letters were "
                   "changed (l/I/1, O/0 ...)", "PFOCR hits table")


def collision_flags(gene: Gene, route: Route, ev: FigureEvidence) -> Iterable[Flag]:
    """One OCR word became several genes through aliases, or is another gene's symbol."""
    if route.via not in SYNONYM_ROUTES:
        return
    here = ev.resolver.lookup(route.word)
    if here.kind == "list" and any(c.row == gene.row for c in here.candidates):
        return
    others = {s: v for s, v in ev.word_genes.get(route.word, {}).items()
              if s != gene.symbol and ev.row_of(s) != gene.row}
    key = lookup_key(route.word)
    owner = ev.symbol_keys.get(key)
    if owner is None:
        best = here.best
        if best and best.row != gene.row and best.match == "approved" and best.row is not None:
            owner = ev.resolver.snapshot.gene(best.row)
    if owner is not None and owner.row != gene.row:
        yield Flag("shadowed_alias", STRONG, f"'{route.word}' is the approved symbol of {owner.symbol} "
                   f"({owner.name}); it is only {article(route.via)} of {gene.symbol}", "HGNC approved symbols",
                   owner.symbol)
        return
    members = [m for m in ev.resolver.numbered(key) if m != gene.keys[0][2]]
    if len(members) >= MIN_NUMBERED and stem(gene.symbol) != key and not numbered_after(gene, key):
        yield Flag("shadowed_alias", MEDIUM, f"'{route.word}' is the stem of the {', '.join(members[:3])}... genes; "
                   f"it is only {article(route.via)} of {gene.symbol}", "HGNC approved symbols", word=route.word)
        return
    grounded = ev.families.groundings.get(key, ())
    if grounded and gene.row not in grounded:
        other = ev.resolver.snapshot.gene(grounded[0])
        if not ev.paralogs(other, gene):
            yield Flag("shadowed_alias", STRONG, f"curators ground '{route.word}' to {other.symbol} ({other.name}); "
                       f"it is only {article(route.via)} of {gene.symbol}", "FamPlex/INDRA grounding map", other.symbol,
                       word=route.word)
            return
    # paralogs share aliases by descent (ERK1/2 -> MAPK3, MAPK1): a word naming both is right
    syn_others = sorted(s for s, v in others.items() if v in SYNONYM_ROUTES and not ev.paralog_symbol(s, gene))
    if syn_others:
        yield Flag("alias_collision", MEDIUM, f"'{route.word}' is {article(route.via)} of {gene.symbol} and also of "
                   f"{', '.join(syn_others[:4])}; a word naming several genes names none for sure",
                   "PFOCR hits table")
    elif others:
        sym = sorted(s for s, v in others.items() if v == "symbol")
        if sym:
            yield Flag("shadowed_alias", MEDIUM, f"'{route.word}' is the symbol of {sym[0]}, and only an "
                       f"{route.via} of {gene.symbol}", "PFOCR hits table", sym[0])
    if here.kind == "family" and not any(c.row == gene.row and c.family for c in here.candidates):
        members = [c for c in here.candidates if c.family]
        named = [c for c in members if c.row in ev.caption_rows]
        if named:
            yield Flag("shadowed_alias", STRONG, f"'{route.word}' names the FamPlex family {here.family}, and the "
                       f"caption names its member {named[0].symbol}; {gene.symbol} only shares the alias",
                       "FamPlex + caption", named[0].symbol)
        elif members:
            yield Flag("shadowed_alias", MEDIUM, f"'{route.word}' names the FamPlex family {here.family} "
                       f"({', '.join(c.symbol for c in members[:3])}); {gene.symbol} only shares the alias",
                       "FamPlex", members[0].symbol)

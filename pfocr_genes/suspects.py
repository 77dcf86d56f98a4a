"""Flag suspect OCR gene hits: named rules, each a one-line reason a curator can check.

Every rule looks at one gene keyword of a figure with the figure's evidence (other keywords,
title and caption, the PFOCR word-level hits when there are any) and returns :class:`Flag`
objects with a weight. The weights are combined as independent evidence (noisy-OR:
``1 - prod(1 - w)``); a gene named in the title or caption, or whose abbreviation the
caption spells out as this gene, keeps half of that score. ``suspect`` is
``score >= THRESHOLD``. ``docs/suspects.md`` lists the rules and their measured precision.

Weights are three levels, not fitted numbers: STRONG (one flag is enough), MEDIUM (enough
unless the caption supports the gene) and WEAK (needs a second flag or ``no_support``).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import cached_property, lru_cache
from typing import TypeVar

import attrs

from pfocr_genes.caption import CaptionIndex, OrganismContext
from pfocr_genes.model import Candidate
from pfocr_genes.records import Hit
from pfocr_genes.resolver import NUMBERED_TAIL, Resolver
from pfocr_genes.snapshot import Gene, Snapshot
from pfocr_genes.terms import TermIndex
from pfocr_genes.textnorm import lookup_key

T = TypeVar("T")

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
_PROTEIN_TREES = ("D12", "D08", "D23")
#: How a keywords-only rule names a spelling of the gene (no OCR word known).
KEYWORD_ALIAS = "alias of the keyword gene"
_SYNONYM_ROUTES = frozenset({"previous symbol", "alias", "NCBI synonym"})
#: Term classes that make an abbreviation an ordinary word rather than a gene.
_WORD_CLASSES = {"chemical": "a chemical", "disease": "a disease", "cell": "a cell type or cell part",
                 "organism": "an organism", "anatomy": "an anatomical term", "process": "a process",
                 "other": "a MeSH term"}
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
# Confusions OCR makes between look-alike characters (l/I/1, O/0, rn/m, S/5, B/8, Z/2).
_CONFUSABLE = str.maketrans({"I": "1", "L": "1", "|": "1", "!": "1", "O": "0", "Q": "0", "D": "0",
                             "S": "5", "B": "8", "Z": "2"})
#: Family keys that can be a word in a figure (ADH, ADCY), not database ids (PF00465).
_FAMILY_WORD = re.compile(r"^(?![A-Z]{1,4}\d{3,})[A-Z][A-Z0-9]{1,7}$")
#: Two or three letters, or a letter and a number, and nothing else (CAD, Mtr, F12): every
#: pathway abbreviates its enzymes and factors so, and such names collide by chance.
_SHORT_ABBREVIATION = re.compile(r"^(?:[A-Za-z]{2,3}|[A-Za-z][0-9]{1,2})$")
#: Bacterial gene (fadD) and protein (FadD) naming: three letters and a capital.
_MICROBIAL_NAME = re.compile(r"^[A-Za-z][a-z]{2}[A-Z]$")
#: A word with this many numbered approved symbols after it (IRF1, IRF2 ...) names that family.
MIN_NUMBERED = 3
#: Chemists' radical dot (GS•, NO·): the word is a chemical species.
_RADICAL = re.compile(r"[•·∙]")
#: What separates the items of an OCR'd list inside one word (IDH1,IDH2; S1P&S2P).
_LIST_SEPARATOR = re.compile(r"[,&;+]")
_ENZYME_NAME = re.compile(r"ases?\b", re.IGNORECASE)
_NON_LATIN = re.compile(r"[Ѐ-ӿ]")


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


@attrs.frozen(slots=True)
class Route:
    """How one OCR word reached a gene (from the PFOCR hits table)."""

    word: str
    matched: str
    via: str


def combine(flags: Sequence[Flag], support: Sequence[str]) -> Verdict:
    """Noisy-OR of the flag weights, halved when the caption supports the gene."""
    keep = 1.0
    for f in flags:
        keep *= 1.0 - f.weight
    score = 1.0 - keep
    if support:
        score *= SUPPORTED
    score = round(score, 3)
    alt = next((f.alternative for f in sorted(flags, key=lambda f: -f.weight) if f.alternative), None)
    return Verdict(score >= THRESHOLD, score, tuple(flags), tuple(support), alt)


@attrs.frozen(slots=True)
class FamilyIndex:
    """FamPlex families of one snapshot, inverted for the rules: built once, not per figure."""

    members: Mapping[str, Sequence[int]]
    #: family name -> the keys that can be written as a word for it (ADH, ADCY)
    words: Mapping[str, list[str]]
    #: family name keys (any spelling): an alias equal to one names a family, not a gene
    keys: Mapping[str, Sequence[str]]
    #: gene row -> names of the families it belongs to
    of_row: Mapping[int, set[str]]
    #: curated text key -> the gene rows the grounding maps give it
    groundings: Mapping[str, Sequence[int]]


@lru_cache(maxsize=4)
def _family_index(snapshot: Snapshot) -> FamilyIndex:
    fams = snapshot.families
    words: dict[str, list[str]] = defaultdict(list)
    for key, names in fams["names"].items():
        if _FAMILY_WORD.match(key):
            for n in names:
                words[n].append(key)
    of_row: dict[int, set[str]] = defaultdict(set)
    for name, members in fams["families"].items():
        for r in members:
            of_row[r].add(name)
    return FamilyIndex(fams["families"], dict(words), fams["names"], dict(of_row), fams.get("groundings", {}))


class FigureEvidence:
    """Everything the rules know about one figure, computed once per figure."""

    def __init__(self, genes: Sequence[Gene], hits: Sequence[Hit] | None, *, caption: CaptionIndex,
                 organisms: OrganismContext, resolver: Resolver, terms: TermIndex) -> None:
        self.caption = caption
        self.organisms = organisms
        self.resolver = resolver
        self.terms = terms
        self.routes: dict[str, list[Route]] = defaultdict(list)
        self.word_genes: dict[str, dict[str, str]] = defaultdict(dict)
        for h in hits or ():
            via = ROUTE_OF_SOURCE.get(h.source, "alias")
            self.routes[h.symbol].append(Route(h.word, h.match, via))
            self.word_genes[h.word][h.symbol] = via
        self.symbol_keys = {g.keys[0][2]: g for g in genes}
        self.alias_index: dict[str, list[Gene]] = defaultdict(list)
        for g in genes:
            for a in dict.fromkeys(k for _, _, k in g.keys[1:]):
                self.alias_index[a].append(g)
        self.families = _family_index(resolver.snapshot)
        self.rows = {g.row for g in genes}
        #: alias keys two or more keyword genes share: the keywords-only rules intersect each
        #: gene's alias keys with these (and with ``symbol_keys``) first
        self.shared_alias_keys = frozenset(k for k, gs in self.alias_index.items() if len(gs) > 1)

    def row_of(self, symbol: str) -> int | None:
        """Snapshot row of a symbol of the hits table (current or previous symbol)."""
        res = self.resolver.resolve(symbol)
        best = res.best
        return best.row if best and best.match in ("approved", "previous", "ncbi") else None

    def paralogs(self, a: Gene, b: Gene) -> bool:
        """Same symbol stem (ADH5/ADH6, EIF2AK1/EIF2AK2) or one FamPlex family: such genes
        share aliases by descent, which says nothing about a wrong hit."""
        stem = _stem(a.symbol)
        if stem and stem == _stem(b.symbol):
            return True
        return bool(self.families.of_row.get(a.row, set()) & self.families.of_row.get(b.row, set()))

    @cached_property
    def caption_genes(self) -> dict[str, tuple[str, Gene]]:
        """Genes the caption names unambiguously: confusion key -> (word, gene)."""
        found: dict[str, tuple[str, Gene]] = {}
        snap = self.resolver.snapshot
        index = snap.index
        for word, key in self.caption.raw_keys.items():
            if key not in index:  # not a symbol, alias or name as written: skip the
                continue                       # variant and list rules, and keep it out of the cache
            res = self.resolver.resolve(word)
            if res.kind == "gene" and res.unique and res.best and res.best.row is not None:
                found.setdefault(confusion_key(word), (word, snap.gene(res.best.row)))
        return found

    @cached_property
    def lower_case_keys(self) -> frozenset[str]:
        """Keys of the title/caption words written in lower case (ordinary words)."""
        return frozenset(k for w, k in self.caption.raw_keys.items() if w.islower())

    @cached_property
    def numbered_keywords(self) -> dict[str, list[str]]:
        """Stem -> keyword symbol keys numbered after it (IRF -> IRF3, IRF7), as
        :meth:`Resolver.numbered` would list them, from the keyword list alone."""
        out: dict[str, list[str]] = defaultdict(list)
        for key in self.symbol_keys:
            for n in (1, 2, 3):
                stem, tail = key[:-n], key[-n:]
                if stem and not stem[-1].isdigit() and NUMBERED_TAIL.fullmatch(tail):
                    out[stem].append(key)
        return out

    @cached_property
    def caption_rows(self) -> set[int]:
        """Rows of the genes the caption names unambiguously."""
        return {g.row for _, g in self.caption_genes.values()}

    def family_words(self, gene: Gene) -> list[str]:
        """Keys naming FamPlex families of ``gene`` that another keyword gene is also in:
        the word PFOCR probably expanded (ADH -> ADH1A ... ADH7)."""
        out: list[str] = []
        for name in self.families.of_row.get(gene.row, ()):
            if len(self.rows.intersection(self.families.members[name])) >= 2:
                out += self.families.words.get(name, [])
        return sorted(set(out))


# --- rules -------------------------------------------------------------------------------

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


def _means_gene(long_form: str, gene: Gene, resolver: Resolver) -> bool:
    """Whether a caption's long form names this gene (its name, or a spelling it resolves to)."""
    lf, name = lookup_key(long_form), lookup_key(gene.name or "")
    if lf and name and (lf in name or name in lf):
        return True
    lf_words = {w for w in re.findall(r"[a-z0-9]+", long_form.lower()) if len(w) > 2}
    name_words = {w for w in re.findall(r"[a-z0-9]+", (gene.name or "").lower()) if len(w) > 2}
    if lf_words and len(lf_words & name_words) >= max(2, (len(lf_words) + 1) // 2):
        return True
    res = resolver.resolve(long_form)
    # a family long form ("phosphoinositide 3-kinase") means each of its members
    return any(c.row == gene.row for c in (res.candidates if res.kind == "family" else res.candidates[:3]))


def definition_flags(gene: Gene, words: Iterable[tuple[str, str]], ev: FigureEvidence,
                     support: list[str]) -> Iterable[Flag]:
    """The caption spells the word out as something else (HDR, "HMBPP reductase")."""
    if not ev.caption.abbreviations:
        return
    for word, _via in words:
        for a in ev.caption.abbreviations.get(lookup_key(word), ()):
            if _means_gene(a.long, gene, ev.resolver):
                support.append(f"{a.where} defines {a.short} as '{a.long}'")
                return
            res = ev.resolver.resolve(a.long)
            alt = res.best.symbol if res.kind in ("gene", "family") and res.best else None
            term = ev.terms.lookup(a.long, parts=False)
            if term and any(t.cls in _WORD_CLASSES and not t.tree.startswith(_PROTEIN_TREES) for t in term.terms):
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


def _names_gene_product(label: str, resolver: Resolver) -> bool:
    """Whether a term is a gene product after all (MeSH files interleukins under chemicals)."""
    res = resolver.resolve(label)
    return res.kind in ("gene", "family", "list") and bool(res.candidates) and res.candidates[0].match in (
        "approved", "previous", "name", "grounding", "family_member", "alias")


def common_word_flags(gene: Gene, route: Route, ev: FigureEvidence) -> Iterable[Flag]:
    """The OCR word is an ordinary word or abbreviation: a term, a known misgrounding."""
    w = _bare(route.word)
    if gene.hgnc_id and gene.hgnc_id in ev.terms.misgrounded(w):
        # the caption writing the same word is no support; go on: the word's own meaning helps too
        yield Flag("common_word", STRONG, f"INDRA's curators list '{w}' as a known wrong grounding to "
                   f"{gene.symbol}", "INDRA misgrounding map", word=w)
    synonym_route = route.via in _SYNONYM_ROUTES or route.via == "family"
    for text in (w, w + "s") if len(lookup_key(w)) >= 2 else ():
        m = ev.terms.exact(text) or ev.terms.lookup(text, parts=False)
        if m is None or m.how == "singular":
            continue
        t = next((t for t in m.terms if t.cls in _WORD_CLASSES), None)
        if t is not None and (t.tree.startswith(_PROTEIN_TREES) or _names_gene_product(t.label, ev.resolver)
                              or _means_gene(t.label, gene, ev.resolver)):
            return
        if t is not None and route.via == "family" and t.source == "MeSH supplementary concept":
            return  # a FamPlex family name (PDE, GST, PLA2) outranks a rare chemical's abbreviation
        if t is not None:
            weight = MEDIUM if synonym_route else WEAK
            yield Flag("common_word", weight, f"'{w}' is also {_WORD_CLASSES[t.cls]}: {t.label}",
                       f"{t.source} {t.id}", word=w)
            return
    cells = ev.terms.cell_acronym(w) if synonym_route and len(lookup_key(w)) >= 3 else ()
    if cells:
        yield Flag("common_word", MEDIUM, f"'{w}' is how figures abbreviate {' or '.join(c[0] for c in cells)} "
                   f"(a cell type or cell part); it is only {_a(route.via)} of {gene.symbol}",
                   f"MeSH {cells[0][1]} (initials of its name)", word=w)
        return
    if synonym_route and ev.terms.ignored(w):
        yield Flag("common_word", WEAK, f"'{w}' is on INDRA's list of words never to ground",
                   "INDRA ignore list", word=w)  # go on: lower case adds to it
    letters = [c for c in w if c.isalpha()]
    # not for family words: a lower-case family word is a microbial gene name (adh, pdc)
    if (route.via in _SYNONYM_ROUTES and 3 <= len(letters) <= 5 and all(c.islower() for c in letters)
            and not route.matched.islower()):
        yield Flag("common_word", MEDIUM, f"'{w}' is written in lower case like an ordinary word; "
                   f"the {route.via} is {route.matched}", "PFOCR hits table")


#: Entries a :func:`_memo` table keeps before it starts afresh (keys per gene and word).
MEMO_SIZE = 1 << 17


@lru_cache(maxsize=16)
def _memo_table(rule: str, resolver: Resolver, terms: TermIndex) -> dict:
    return {}


def _memo(rule: str, ev: FigureEvidence, key: object, compute: Callable[[], T]) -> T:
    """Figure-independent facts of a rule (per gene, or per gene and word), computed once per
    process and snapshot: the keyword rules ask them for every gene of every figure."""
    table = _memo_table(rule, ev.resolver, ev.terms)
    found = table.get(key)
    if found is None:
        if len(table) >= MEMO_SIZE:
            table.clear()
        found = table[key] = compute()
    return found


def word_flags(gene: Gene, route: Route, ev: FigureEvidence) -> tuple[Flag, ...]:
    """:func:`common_word_flags`, cached: they read only the word, the gene and the term
    tables, never the figure, and the same gene/word pairs recur across a corpus."""
    return _memo("word", ev, (gene.row, route), lambda: tuple(common_word_flags(gene, route, ev)))


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
    if km and km not in kw and not any(c.row == gene.row for c in ev.resolver.resolve(w).candidates):
        yield Flag("homoglyph", WEAK, f"OCR word '{w}' matched {route.matched} only after letters were "
                   "changed (l/I/1, O/0 ...)", "PFOCR hits table")


def collision_flags(gene: Gene, route: Route, ev: FigureEvidence) -> Iterable[Flag]:
    """One OCR word became several genes through aliases, or is another gene's symbol."""
    if route.via not in _SYNONYM_ROUTES:
        return
    here = ev.resolver.resolve(route.word)
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
                   f"({owner.name}); it is only {_a(route.via)} of {gene.symbol}", "HGNC approved symbols",
                   owner.symbol)
        return
    members = [m for m in ev.resolver.numbered(key) if m != gene.keys[0][2]]
    if len(members) >= MIN_NUMBERED and _stem(gene.symbol) != key and not _numbered_after(gene, key):
        yield Flag("shadowed_alias", MEDIUM, f"'{route.word}' is the stem of the {', '.join(members[:3])}... genes; "
                   f"it is only {_a(route.via)} of {gene.symbol}", "HGNC approved symbols", word=route.word)
        return
    grounded = ev.families.groundings.get(key, ())
    if grounded and gene.row not in grounded:
        other = ev.resolver.snapshot.gene(grounded[0])
        if not ev.paralogs(other, gene):
            yield Flag("shadowed_alias", STRONG, f"curators ground '{route.word}' to {other.symbol} ({other.name}); "
                       f"it is only {_a(route.via)} of {gene.symbol}", "FamPlex/INDRA grounding map", other.symbol,
                       word=route.word)
            return
    # paralogs share aliases by descent (ERK1/2 -> MAPK3, MAPK1): a word naming both is right
    syn_others = sorted(s for s, v in others.items() if v in _SYNONYM_ROUTES and not _paralog_symbol(s, gene, ev))
    if syn_others:
        yield Flag("alias_collision", MEDIUM, f"'{route.word}' is {_a(route.via)} of {gene.symbol} and also of "
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


#: Kingdoms whose proteins are never a human gene's counterpart: any word naming one counts.
#: For the other kingdoms (bacterial, fungal, plant enzymes often share the human symbol by
#: descent) only an alias or previous symbol counts, in a figure about that kingdom: yeast
#: SDH2 is the SDHB homolog, not SDHA whose previous symbol it is.
FOREIGN_ANY_WORD = frozenset({"virus"})


def foreign_protein_flags(gene: Gene, words: Iterable[tuple[str, str]], ev: FigureEvidence) -> Iterable[Flag]:
    """The word is the short name of a protein of an organism the figure is about (NSP1 of
    SARS-CoV-2, PB1 of influenza, SDH2 of yeast), per MeSH supplementary concepts."""
    kingdoms = ev.organisms.kingdoms & FOREIGN_ANY_WORD
    main = ev.organisms.non_animal
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
        same_family = _stem(key) == _stem(symbol_key)
        found = [f for f in entries if f[0] in kingdoms
                 and (f[0] in FOREIGN_ANY_WORD or not same_family)
                 and (not own_symbol or (f[0] in FOREIGN_ANY_WORD and (main or _names_organism_of(f[1], ev))))]
        if found and via != "symbol":
            # a word that names a human family with this gene in it (p38 -> MAPK14) is the
            # gene's established name, not a stray alias
            res = ev.resolver.resolve(word)
            if res.kind == "family" and any(c.row == gene.row for c in res.candidates):
                continue
        if found:
            kingdom, label, cid = found[0]
            weight = STRONG if via in _SYNONYM_ROUTES or via == "family" else MEDIUM
            spelled = (f"'{word}'" if via == "symbol" else f"{gene.symbol}'s alias '{word}'" if via == KEYWORD_ALIAS
                       else f"'{word}' ({_a(via)} of {gene.symbol})")
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


def _paralog_symbol(symbol: str, gene: Gene, ev: FigureEvidence) -> bool:
    row = ev.row_of(symbol)
    return row is not None and ev.paralogs(ev.resolver.snapshot.gene(row), gene)


def context_flags(gene: Gene, routes: Sequence[Route], ev: FigureEvidence) -> Iterable[Flag]:
    """A plant, fungal or microbial figure: human genes there are mostly name collisions."""
    kingdom = ev.organisms.non_animal
    if not kingdom:
        return
    kinds = kingdom.split(", ")
    where = "; ".join([e for e in ev.organisms.evidence if any(e.endswith(f"{k})") for k in kinds)][:2])
    if not gene.ec:
        yield Flag("other_organism", MEDIUM, f"the figure is about {kingdom} ({where}); {gene.symbol} is not "
                   "an enzyme such organisms share with humans", "MeSH organisms + HGNC EC numbers")
    elif all(r.via == "symbol" for r in routes) and all(
            _SHORT_ABBREVIATION.match(w) or _MICROBIAL_NAME.match(w) for w in ([_bare(r.word) for r in routes]
                                                                            or [gene.symbol])):
        # the human symbol itself, as a bare abbreviation (family words such as ADH name the
        # enzyme class, which the organism shares; they are left to the rules below)
        written = ", ".join(dict.fromkeys(_bare(r.word) for r in routes)) or gene.symbol
        yield Flag("other_organism", MEDIUM, f"the figure is about {kingdom} ({where}); '{written}' is a bare "
                   "short abbreviation (two or three letters, or a letter and a number) or a microbial gene name "
                   f"(fadD, FadD): there it names the organism's own enzyme, which human {gene.symbol} matches "
                   "only by chance", "MeSH organisms + the written form")
    elif any(r.via in _SYNONYM_ROUTES for r in routes) and not any(r.via == "symbol" for r in routes):
        yield Flag("other_organism", WEAK, f"the figure is about {kingdom} ({where}); {gene.symbol} is an enzyme "
                   "but reached only through an alias", "MeSH organisms + PFOCR hits table")
    elif not routes:
        yield Flag("other_organism", WEAK, f"the figure is about {kingdom} ({where}); the abbreviation may "
                   f"name a different enzyme than human {gene.symbol}", "MeSH organisms")


def _alias_facts(gene: Gene, ev: FigureEvidence) -> tuple[tuple[tuple[str, str], ...],
                                                          tuple[tuple[str, Candidate, bool], ...]]:
    """``(spelling, key)`` for previous symbols, aliases and synonyms; and for aliases and
    synonyms of 3+ characters the gene each resolves to best (``(alias, best, is_family)``).

    Figure-independent, so computed once per gene: the keyword-only rules ask this for
    every gene keyword of every figure (it was a third of their time).
    """
    def compute() -> tuple:
        bests = []
        for alias in (*gene.aliases, *gene.ncbi_synonyms):
            if len(lookup_key(alias)) >= 3:
                res = ev.resolver.resolve(alias)
                if res.kind == "family":  # every member: HIF-1 -> ARNT, HIF1A
                    bests += [(alias, c, True) for c in res.candidates if c.family]
                elif res.best is not None:
                    bests.append((alias, res.best, False))
        return tuple((a, k) for _, a, k in gene.keys[1:]), tuple(bests)

    return _memo("aliases", ev, gene.row, compute)


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
    keys, bests = _alias_facts(gene, ev)
    owned = gene.alias_keys & ev.symbol_keys.keys()
    stem = _stem(gene.symbol)
    stems = gene.alias_keys & ev.numbered_keywords.keys()
    for alias, key in keys if stems and gene.row not in ev.caption_rows else ():
        if key not in stems or len(key) < 3 or key == stem or key[-1].isdigit() or _numbered_after(gene, key):
            continue
        members = sorted(m for m in ev.numbered_keywords.get(key, ()) if m != gene.keys[0][2])
        if members:  # IRF, alias of TRIM63, when IRF3 and IRF7 are keywords too
            yield Flag("shadowed_alias", MEDIUM, f"{gene.symbol}'s alias {alias} is the stem of "
                       f"{', '.join(ev.symbol_keys[m].symbol for m in members[:3])}, also in this figure",
                       "HGNC approved symbols + keyword list", ev.symbol_keys[members[0]].symbol, word=alias)
            return
    written = gene.alias_keys & ev.caption.words.keys()
    for alias, key in keys if written else ():
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
    if not ev.caption_rows:
        return
    for alias, best, is_family in bests:
        if best.row != gene.row and best.row in ev.caption_rows and (
                is_family or best.match in ("approved", "previous", "family")):
            yield Flag("shadowed_alias", MEDIUM, f"{gene.symbol}'s alias {alias} means {best.symbol}, which the "
                       "caption names", "resolver + caption", best.symbol)
            return


def _cell_aliases(gene: Gene, ev: FigureEvidence) -> tuple[tuple[str, str, str, tuple], ...]:
    """The gene's aliases that are cell-type initials, with the cell types (once per gene)."""
    return _memo("cells", ev, gene.row, lambda: tuple(
        (what, alias, key, cells) for what, alias, key in gene.keys[1:]
        if len(key) >= 3 and alias[:1].isalpha() and (cells := ev.terms.cell_acronym(alias))))


def plain_word_alias_flags(gene: Gene, ev: FigureEvidence) -> Iterable[Flag]:
    """Keywords-only: an alias of the gene is a word INDRA never grounds (END, WAVE) and the
    caption writes it in lower case, as the ordinary word: that mention is no support, and
    the figure's own use of the word is the likely source of the hit."""
    lower = ev.lower_case_keys
    if not lower:
        return
    for what, alias, key in gene.keys[1:]:
        if len(key) >= 3 and key in lower and key != gene.keys[0][2] and ev.terms.ignored(alias):
            yield Flag("common_word", MEDIUM, f"{gene.symbol}'s {what} {alias} is the ordinary word "
                       f"'{alias.lower()}', which the caption uses as such", "INDRA ignore list + caption",
                       word=alias)
            return


def _misgrounded_aliases(gene: Gene, ev: FigureEvidence) -> tuple[tuple[str, str, str], ...]:
    """The gene's aliases INDRA lists as known wrong groundings to it (once per gene)."""
    return _memo("misgrounded", ev, gene.row, lambda: tuple(
        (what, alias, key) for what, alias, key in gene.keys[1:]
        if gene.hgnc_id and gene.hgnc_id in ev.terms.misgrounded(alias)))


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


def homoglyph_flags(gene: Gene, ev: FigureEvidence) -> Iterable[Flag]:
    """The symbol differs from a caption word naming another gene only by OCR look-alikes."""
    ck = confusion_key(gene.symbol)
    found = ev.caption_genes.get(ck)
    if found:
        word, other = found
        if other.row != gene.row and lookup_key(word) != lookup_key(gene.symbol):
            yield Flag("homoglyph", STRONG, f"{gene.symbol} differs from '{word}' in the caption ({other.symbol}, "
                       f"{other.name}) only by OCR look-alike letters", "caption", other.symbol)


def assess(gene: Gene, routes: Sequence[Route], ev: FigureEvidence, support: Sequence[str]) -> Verdict:
    """All rules for one gene keyword, combined into a :class:`Verdict`."""
    support = list(support)
    flags: list[Flag] = list(locus_flags(gene))
    if routes:
        words = [(_bare(r.word), r.via) for r in routes]
        for r in routes:
            for rule in (ocr_form_flags, word_flags, collision_flags):
                flags += rule(gene, r, ev)
    else:
        words = [(gene.symbol, "symbol")] + [(a, KEYWORD_ALIAS) for a in (*gene.aliases, *gene.previous)]
        flags += word_flags(gene, Route(gene.symbol, gene.symbol, "symbol"), ev)
        flags += keyword_collision_flags(gene, ev)
        flags += cell_alias_flags(gene, ev)
        flags += plain_word_alias_flags(gene, ev)
        flags += misgrounded_alias_flags(gene, ev)
        flags += shadow_keyword_flags(gene, ev)
    flags += foreign_protein_flags(gene, words, ev)
    words += [(f, "family") for f in ev.family_words(gene)]
    flags += definition_flags(gene, words, ev, support)
    flags += homoglyph_flags(gene, ev)
    flags += context_flags(gene, routes, ev)
    flags = _dedupe(flags)
    contradicted = {lookup_key(f.word) for f in flags if f.word}
    if ev.organisms.non_animal:
        # in a plant or microbe figure the abbreviation in the caption is the organism's own gene
        support = [s for s in support if s.startswith("name ") or "defines" in s]
    # a caption mention of a word the flags read otherwise is that other use, not support
    if contradicted:
        support = [s for s in support if not (s.split(" in ")[0].split()[-1:] and
                                              lookup_key(s.split(" in ")[0].split()[-1]) in contradicted)]
    if not support:
        flags.append(Flag("no_support", NO_SUPPORT, f"neither {gene.symbol}, its aliases nor its name occur in "
                          "the title or caption", "title/caption"))
    return combine(flags, support)


def _dedupe(flags: list[Flag]) -> list[Flag]:
    """One flag per (rule, reason); per rule keep the two strongest."""
    if len(flags) < 2:
        return flags
    seen: dict[str, list[Flag]] = defaultdict(list)
    for f in sorted(flags, key=lambda f: -f.weight):
        if f.reason not in {g.reason for g in seen[f.name]} and len(seen[f.name]) < 2:
            seen[f.name].append(f)
    return [f for fs in seen.values() for f in fs]


_LEADING_LETTERS = re.compile(r"[A-Z]+")


def _numbered_after(gene: Gene, key: str) -> bool:
    """Whether the gene's own symbol is ``key`` plus a number (CYP2C18 after CYP2C): then
    ``key`` names the gene's own family."""
    own = gene.keys[0][2]
    return own.startswith(key) and bool(NUMBERED_TAIL.fullmatch(own, len(key)))


def _stem(symbol: str) -> str:
    """The leading letters of a symbol (ADH of ADH1A): the family it is numbered in."""
    m = _LEADING_LETTERS.match(symbol)
    return m.group(0) if m else ""


def _a(noun: str) -> str:
    """``noun`` with its indefinite article (an alias, a previous symbol, an NCBI synonym)."""
    return f"{'an' if noun[:1] in 'aeiouAEIOU' or noun.startswith(('NCBI', 'HGNC', 'MeSH')) else 'a'} {noun}"


def _bare(word: str) -> str:
    """An OCR word without the list punctuation around it (``(CAST)``, ``FPS|``, ``GS•``)."""
    return word.strip("()[]{},.;:•*\"'|")

"""What the suspect rules know about one figure (:class:`FigureEvidence`, built once per
figure) and about the snapshot (FamPlex families inverted once; per-gene facts memoized)."""

from __future__ import annotations

import itertools
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Mapping, Sequence
from functools import cached_property, lru_cache
from typing import Any, TypeVar

import attrs

from pfocr_genes.caption import CaptionIndex, OrganismContext
from pfocr_genes.flags import ROUTE_OF_SOURCE, Route, confusion_key, stem
from pfocr_genes.records import Hit
from pfocr_genes.resolver import NUMBERED_TAIL, Resolver
from pfocr_genes.snapshot import Gene, Snapshot
from pfocr_genes.terms import TermIndex

T = TypeVar("T")


#: Family keys that can be a word in a figure (ADH, ADCY), not database ids (PF00465).
_FAMILY_WORD = re.compile(r"^(?![A-Z]{1,4}\d{3,})[A-Z][A-Z0-9]{1,7}$")


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
        self.genes = genes
        self.families = _family_index(resolver.snapshot)
        self.rows = {g.row for g in genes}
        self.memo_tables = memo_tables(resolver, terms)
        #: the plant/fungus/microbe kingdoms the figure is about (read by several rules per gene)
        self.non_animal = organisms.non_animal
        #: alias keys two or more keyword genes share: the keywords-only rules intersect each
        #: gene's alias keys with these (and with ``symbol_keys``) first
        counts = Counter(itertools.chain.from_iterable(g.alias_keys for g in genes))
        self.shared_alias_keys = frozenset(k for k, n in counts.items() if n > 1)

    @cached_property
    def alias_index(self) -> dict[str, list[Gene]]:
        """Shared alias key -> the keyword genes that have it (in keyword order)."""
        index: dict[str, list[Gene]] = defaultdict(list)
        shared = self.shared_alias_keys
        for g in self.genes:
            for a in g.alias_keys & shared:
                index[a].append(g)
        return index

    def row_of(self, symbol: str) -> int | None:
        """Snapshot row of a symbol of the hits table (current or previous symbol)."""
        res = self.resolver.lookup(symbol)
        best = res.best
        return best.row if best and best.match in ("approved", "previous", "ncbi") else None

    def paralogs(self, a: Gene, b: Gene) -> bool:
        """Same symbol stem (ADH5/ADH6, EIF2AK1/EIF2AK2) or one FamPlex family: such genes
        share aliases by descent, which says nothing about a wrong hit."""
        own = stem(a.symbol)
        if own and own == stem(b.symbol):
            return True
        return bool(self.families.of_row.get(a.row, set()) & self.families.of_row.get(b.row, set()))

    def paralog_symbol(self, symbol: str, gene: Gene) -> bool:
        """Whether a symbol of the hits table names a paralog of ``gene`` (see :meth:`paralogs`)."""
        row = self.row_of(symbol)
        return row is not None and self.paralogs(self.resolver.snapshot.gene(row), gene)

    @cached_property
    def caption_genes(self) -> dict[str, tuple[str, Gene]]:
        """Genes the caption names unambiguously: confusion key -> (word, gene)."""
        found: dict[str, tuple[str, Gene]] = {}
        snap = self.resolver.snapshot
        raw = self.caption.raw_keys
        # only words whose key is a symbol, alias or name as written (filtered in C); each
        # word's gene is resolved once per process
        for word in itertools.compress(raw, map(snap.index.__contains__, raw.values())):
            hit = memo("caption gene", self, word, _caption_gene, self.resolver, word)
            if hit:
                found.setdefault(hit[0], (word, snap.gene(hit[1])))
        return found

    @cached_property
    def lower_case_keys(self) -> frozenset[str]:
        """Keys of the title/caption words written in lower case (ordinary words)."""
        raw = self.caption.raw_keys
        return frozenset(itertools.compress(raw.values(), map(str.islower, raw)))

    @cached_property
    def numbered_keywords(self) -> dict[str, list[str]]:
        """Stem -> keyword symbol keys numbered after it (IRF -> IRF3, IRF7), as
        :meth:`Resolver.numbered` would list them, from the keyword list alone."""
        out: dict[str, list[str]] = defaultdict(list)
        for key in self.symbol_keys:
            for base in _numbered_stems(key):
                out[base].append(key)
        return out

    @cached_property
    def caption_rows(self) -> set[int]:
        """Rows of the genes the caption names unambiguously."""
        return {g.row for _, g in self.caption_genes.values()}

    def family_words(self, gene: Gene) -> list[str]:
        """Keys naming FamPlex families of ``gene`` that another keyword gene is also in:
        the word PFOCR probably expanded (ADH -> ADH1A ... ADH7)."""
        names = self.families.of_row.get(gene.row)
        if not names:
            return []
        counts = self.family_counts
        return sorted({w for name in names if counts[name] >= 2 for w in self.families.words.get(name, ())})

    @cached_property
    def non_animal_where(self) -> str:
        """The first two words that place the figure in its non-animal kingdoms."""
        kinds = (self.non_animal or "").split(", ")
        return "; ".join([e for e in self.organisms.evidence if any(e.endswith(f"{k})") for k in kinds)][:2])

    @cached_property
    def family_counts(self) -> dict[str, int]:
        """FamPlex family -> how many keyword genes are in it."""
        counts: dict[str, int] = defaultdict(int)
        for row in self.rows:
            for name in self.families.of_row.get(row, ()):
                counts[name] += 1
        return counts


def _caption_gene(resolver: Resolver, word: str) -> tuple[str, int] | tuple[()]:
    """``(confusion key, row)`` of the one gene a caption word names, ``()`` for none."""
    res = resolver.lookup(word)
    if res.kind == "gene" and res.unique and res.best and res.best.row is not None:
        return confusion_key(word), res.best.row
    return ()


@lru_cache(maxsize=1 << 15)
def _numbered_stems(key: str) -> tuple[str, ...]:
    """The stems a symbol key is numbered after (IRF3 -> IRF; CYP2C18 -> CYP2C)."""
    return tuple(key[:-n] for n in (1, 2, 3)
                 if key[:-n] and not key[-n - 1].isdigit() and NUMBERED_TAIL.fullmatch(key[-n:]))


#: Entries a :func:`memo` table keeps before it starts afresh (keys per gene and word).
MEMO_SIZE = 1 << 14


@lru_cache(maxsize=4)
def memo_tables(resolver: Resolver, terms: TermIndex) -> defaultdict[str, dict]:
    """Rule name -> its :func:`memo` table, one set per resolver and term index (fetched
    once per figure by :class:`FigureEvidence`, not once per rule call)."""
    return defaultdict(dict)


def memo(rule: str, ev: FigureEvidence, key: object, compute: Callable[..., T], *args: Any) -> T:
    """Figure-independent facts of a rule (per gene, or per gene and word), ``compute(*args)``
    once per process and snapshot: the keyword rules ask them for every gene of every figure.
    ``compute`` is a plain function, not a closure made per call (that cost more than the look-up)."""
    table = ev.memo_tables[rule]
    found = table.get(key)
    if found is None:
        if len(table) >= MEMO_SIZE:
            table.clear()
        found = table[key] = compute(*args)
    return found

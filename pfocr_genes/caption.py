"""What a figure's title, caption and paper title say: words, abbreviations, organisms.

The suspect-hit rules check every gene against this text: is the gene named there (support),
does the caption define the OCR word as something else (``NET``, "neutrophil extracellular
traps"), and is the figure about a plant, fungus or microbe rather than an animal (where
human genes reached through short enzyme abbreviations are mostly collisions).
"""

from __future__ import annotations

import itertools
import operator
import re
from collections.abc import Iterable
from functools import lru_cache

import attrs

from pfocr_genes.snapshot import Gene
from pfocr_genes.terms import TermIndex
from pfocr_genes.textnorm import clean_text, lookup_key, lookup_keys

#: Shortest gene name searched for as a phrase in the caption ("p53" as a name would hit
#: everywhere; "placental growth factor" is specific).
MIN_NAME_KEY = 10
_CAPTION_SPLIT = re.compile(r"[\s,;:()\[\]{}/\"']+")
_WORD = re.compile(r"\w[\w\-]*")
_PAREN = re.compile(r"\(([^()]{1,60})\)")
_SHORT_FORM = re.compile(r"^[A-Za-z0-9][\w\-αβγδκ/+.]{0,11}$")
_LIST_ITEM = re.compile(r"^\s*([A-Za-z0-9][\w\-αβγδκ/+]{0,11})\s*[,:=–]\s+(.{4,100}?)\s*$")

#: MeSH organism tree prefixes -> kingdom, most specific first.
KINGDOMS: tuple[tuple[str, str], ...] = (
    ("B01.050", "animal"), ("B01.650", "plant"), ("B01.875", "plant"), ("B01.300", "fungus"),
    ("B03", "bacteria"), ("B02", "archaea"), ("B04", "virus"), ("B01", "protist"),
    ("A18", "plant"), ("A19", "fungus"),
)
#: Animal host words: cell types (not cell parts, A11.284) and animal anatomy.
_ANIMAL_TREES = ("A11.", "A01", "A02", "A03", "A04", "A05", "A06", "A07", "A08", "A09", "A12", "A13",
                 "A14", "A15", "A16", "A17")
#: Words that open a clause, never a long form ("including both the classic (ILC)").
_FUNCTION_WORDS = frozenset(
    "a an and as at both by for from however in including is of on or the to which with".split())
#: Kingdoms whose figures draw their own genes, not human ones.
NON_ANIMAL = frozenset({"plant", "fungus", "bacteria", "archaea", "protist", "microbe"})
#: Adjectives that name a kingdom; MeSH lists only the nouns ("microbial production of ...").
KINGDOM_ADJECTIVES = {"bacterial": "bacteria", "microbial": "microbe", "fungal": "fungus", "viral": "virus",
                      "archaeal": "archaea", "prokaryotic": "bacteria"}
#: A compound ends in a plant structure (kiwifruit, rootstock no): tried on unknown words.
_PLANT_PART_TREES = ("A18",)
MIN_COMPOUND = 8


@attrs.frozen(slots=True)
class Abbreviation:
    """A short form the text defines: ``long`` is what it stands for, ``where`` the field."""

    short: str
    long: str
    where: str


def _sh_long_form(short: str, words: list[str]) -> str | None:
    """Schwartz-Hearst: the shortest tail of ``words`` whose letters spell ``short`` in order.

    Each character of the short form must occur in the long form, scanning both from the
    end, and the first must start a word; the long form may have at most
    ``min(len + 5, 2 * len)`` words. The backward scan is greedy, so one scan of the longest
    allowed tail finds the shortest tail that works (the word holding the first letter).
    """
    chars = [c.lower() for c in short if c.isalnum()]
    if not chars or not any(c.isalpha() for c in chars):
        return None
    limit = min(len(chars) + 5, 2 * len(chars), len(words))
    text = " ".join(words[-limit:]).lower() if limit > 0 else ""
    t = len(text)
    for c in reversed(chars[1:]):
        t = text.rfind(c, 0, t)
        if t < 0:
            return None
    while True:  # the first character must start a word
        t = text.rfind(chars[0], 0, t)
        if t < 0:
            return None
        if t == 0 or not text[t - 1].isalnum():
            break
    n = text.count(" ", t) + 1
    # a long form is a name, not a clause ("pathway MAPK the cAMP signaling pathway")
    if words[-n].lower() in _FUNCTION_WORDS or _CLAUSE_WORDS & {w.lower() for w in words[-n:]}:
        return None
    return " ".join(words[-n:])


#: Words that make a legend item a sentence ("IFNAR: IFNs bind to the receptor"), not a name.
_CLAUSE_WORDS = frozenset("the to is are was were which that this these binds bind".split())


def _looks_short(sf: str) -> bool:
    """An abbreviation, not a capitalised word: two capitals, a digit, or short and capitalised."""
    upper = sum(map(str.isupper, sf))
    return upper >= 2 or any(map(str.isdigit, sf)) or (len(sf) <= 4 and upper == 1)


def abbreviations(text: str | None, where: str = "caption") -> tuple[Abbreviation, ...]:
    """Short forms defined in ``text``: "long form (SF)", and legend lists "SF, long form; ...".

    Legend items ("DXS, 1-deoxy-D-xylulose 5-phosphate synthase;") are read only when the
    text has at least two of them, so an ordinary sentence "TNF, IL-6 and ..." is not taken
    for a definition.
    """
    if not text:
        return ()
    text = clean_text(text)
    out: list[Abbreviation] = []
    for m in _PAREN.finditer(text):
        inner = m.group(1).strip()
        is_short = bool(_SHORT_FORM.match(inner)) and _looks_short(inner)
        if not is_short and " " not in inner:
            continue  # neither "(SF)" nor "(long form)": no definition here
        before = _WORD.findall(text[max(0, m.start() - 200): m.start()])
        if is_short and before:
            lf = _sh_long_form(inner, before)
            if lf:
                out.append(Abbreviation(inner, lf, where))
        elif (len(inner.split()) >= 2 and before and _SHORT_FORM.match(before[-1]) and _looks_short(before[-1])
              and not _CLAUSE_WORDS & set(inner.split())):
            # "HIF-1α (hypoxia-inducible factor 1α)": the long form in parentheses
            lf = _sh_long_form(before[-1], _WORD.findall(inner))
            if lf:
                out.append(Abbreviation(before[-1], inner, where))
    items = []
    for seg in re.split(r";|\.\s", text):
        m = _LIST_ITEM.match(seg)
        lf_words = m.group(2).split() if m else []
        if m and _looks_short(m.group(1)) and len(lf_words) <= 8 and not _CLAUSE_WORDS & set(lf_words) and any(
                len(w) >= 4 and w.islower() for w in lf_words):
            items.append(Abbreviation(m.group(1), m.group(2).rstrip("."), where))
    if len(items) >= 2:
        out += items
    return tuple(out)


@attrs.frozen(slots=True)
class OrganismContext:
    """Kingdoms the text names (MeSH organism terms, plant/fungal structures) and animal
    host words (animals, cell types, organs), each with how often it was named."""

    kingdoms: frozenset[str]
    evidence: tuple[str, ...]
    animal_evidence: tuple[str, ...]
    non_animal_mentions: int = 0
    animal_mentions: int = 0

    @property
    def non_animal(self) -> str | None:
        """The plant/fungus/microbe kingdoms of a figure that names them more than animals.

        Counting mentions keeps host-pathogen figures (a bacterium and the macrophages it
        infects, named as often) on the animal side.
        """
        found = sorted(self.kingdoms & NON_ANIMAL)
        if not found or self.non_animal_mentions <= self.animal_mentions:
            return None
        return ", ".join(found)


def _kingdom(tree: str) -> str | None:
    return next((k for prefix, k in KINGDOMS if tree.startswith(prefix)), None)


@lru_cache(maxsize=1 << 14)
def _plant_compound(word: str, terms: TermIndex) -> str | None:
    """``plant`` for a compound that ends in a MeSH plant structure (kiwifruit, grapeseed)."""
    if len(word) < MIN_COMPOUND or not word.isalpha() or terms.knows(word):
        return None
    for n in (5, 4, 6):
        if not terms.may_place(word[-n:]):
            continue
        m = terms.lookup(word[-n:], parts=False)
        if m and any(t.tree.startswith(_PLANT_PART_TREES) for t in m.terms):
            return "plant"
    return None


#: What one word or two-word name says about the organism (see :func:`_gram_fact`).
_GramFact = tuple[str, str, str | None] | None


@lru_cache(maxsize=1 << 14)
def _gram_fact(gram: str, key: str, terms: TermIndex) -> _GramFact:
    """``("animal", evidence, None)``, ``(how, evidence, kingdom)`` with ``how`` one of
    ``"term"``, ``"adjective"``, ``"compound"``, or ``None``: what a word or pair of words
    places. The same words recur in every caption, so each is looked up once per process.
    """
    m = terms.lookup(gram, parts=False) if terms.may_place(gram, key) else None
    if m is None:
        if " " in gram:
            return None
        adjective = KINGDOM_ADJECTIVES.get(gram.lower())
        k = adjective or _plant_compound(gram, terms)
        return ("adjective" if adjective else "compound", f"{gram} ({k})", k) if k else None
    t = m.terms[0]
    k = _kingdom(t.tree) if t.cls in ("organism", "anatomy") else None
    if k == "animal" or (t.tree.startswith(_ANIMAL_TREES) and not t.tree.startswith("A11.284")):
        return ("animal", f"{gram} ({t.label})", None)
    return ("term", f"{gram} ({t.label}, {k})", k) if k else None


_ENDS_WITH_S = operator.methodcaller("endswith", "S")
_KEY = operator.itemgetter(0)
#: Words a :func:`_word_table` keeps before it starts afresh.
WORD_TABLE_SIZE = 1 << 15


@lru_cache(maxsize=4)
def _word_table(terms: TermIndex) -> dict[str, tuple[str, _GramFact]]:
    """Word as written -> (lookup key, what it places alone): one dict look-up per word of
    every caption, instead of a key and a term look-up each."""
    return {}


def _word_entry(word: str, terms: TermIndex, table: dict[str, tuple[str, _GramFact]]) -> tuple[str, _GramFact]:
    if len(table) >= WORD_TABLE_SIZE:
        table.clear()
    key = lookup_key(word)
    entry = table[word] = (key, _gram_fact(word, key, terms) if len(word) >= 4 else None)
    return entry


def organism_context(texts: Iterable[str | None], terms: TermIndex,
                     titles: Iterable[str | None] = ()) -> OrganismContext:
    """Which kingdoms the texts name, and any animal, cell or tissue words (a human host).

    Single words and two-word names ("Saccharomyces cerevisiae") are looked up in MeSH.
    Cell types and anatomy count as animal evidence: a tuberculosis figure that draws
    macrophages is about the human host, not the bacterium. Mentions in ``titles`` (figure
    and paper title) count twice: they say what the study is about.
    """
    kingdoms: set[str] = set()
    evidence: list[str] = []
    animal: list[str] = []
    n_other = 0
    n_animal = 0
    place_keys = terms.place_keys
    table = _word_table(terms)
    for weight, text in [(1, t) for t in texts] + [(2, t) for t in titles]:
        if not text:
            continue
        words = _WORD.findall(clean_text(text))
        entries = list(map(table.get, words))  # C loops where they can be: ~150 words a caption
        if None in entries:
            entries = [e or _word_entry(w, terms, table) for w, e in zip(words, entries, strict=True)]
        # two-word names first, then single words (the order of the evidence); only pairs
        # that may name a term are looked at
        keys = list(map(_KEY, entries))
        pair_keys = list(map(operator.add, keys, keys[1:]))  # a pair's key: its words' keys joined
        if place_keys:  # set operations in C; plurals (a tenth of the pairs) one by one
            placed = set(place_keys.intersection(pair_keys))
            placed.update(filter(terms.may_place_key, itertools.compress(pair_keys, map(_ENDS_WITH_S, pair_keys))))
        else:  # a snapshot built before the table: every pair may place
            placed = set(pair_keys)
        grams = [(f"{words[i]} {words[i + 1]}", k) for i, k in enumerate(pair_keys) if k in placed] if placed else []
        facts = [_gram_fact(g, k, terms) for g, k in grams]
        facts += [e[1] for e in entries if e[1] is not None]
        for fact in facts:
            if fact is None:
                continue
            how, said, kingdom = fact
            if how == "animal":
                animal.append(said)
                n_animal += weight
                continue
            kingdoms.add(kingdom)
            evidence.append(said)
            # "bacterial products" in a caption is often the host's view; an adjective
            # says what the study is about only in a title
            if how != "adjective" or weight > 1:
                n_other += weight * (kingdom in NON_ANIMAL)
    return OrganismContext(frozenset(kingdoms), tuple(dict.fromkeys(evidence)), tuple(dict.fromkeys(animal)),
                           n_other, n_animal)


_STRIP_PUNCTUATION = operator.methodcaller("strip", ".-")


class CaptionIndex:
    """Keys of the words of a figure's title, caption and paper title, for evidence checks."""

    def __init__(self, **texts: str | None) -> None:
        self.words: dict[str, str] = {}
        self.blobs: dict[str, str] = {}
        self.abbreviations: dict[str, list[Abbreviation]] = {}
        raw: dict[str, str] = {}
        for where, text in texts.items():
            if not text:
                continue
            distinct = list(dict.fromkeys(_CAPTION_SPLIT.split(text)))  # each distinct word once
            keys = lookup_keys(distinct)
            # dict operations in C, not a Python step per word: an earlier text keeps its words
            fresh = dict.fromkeys(keys, where)
            fresh.update(self.words)
            self.words = fresh
            raw.update(zip(map(_STRIP_PUNCTUATION, distinct), keys, strict=True))  # stripping keeps the key
            self.blobs[where] = lookup_key(text)
            for a in abbreviations(text, where):
                self.abbreviations.setdefault(lookup_key(a.short), []).append(a)
        #: The distinct words as written, with their keys (for look-alike checks against gene
        #: symbols, and for lower-case ordinary words).
        self.words.pop("", None)
        self.raw_keys: dict[str, str] = {w: k for w, k in raw.items() if w and k}
        #: the word keys as a set, and every blob in one string ("|" is in no key): one set
        #: operation and one substring search tell most genes the texts do not name them
        self.word_keys = frozenset(self.words)
        self._all_blobs = "|".join(self.blobs.values())

    def evidence(self, gene: Gene) -> tuple[str, ...]:
        """Where the gene's symbol, another spelling of it, or its name is written."""
        out = []
        if gene.keys[0][2] in self.words or not gene.alias_keys.isdisjoint(self.word_keys):
            words = self.words
            found: set[str] = set()
            for label, s, key in gene.keys:  # grouped by label, symbol first: first match per label
                where = words.get(key)
                if where and label not in found:
                    found.add(label)
                    out.append(f"{label} {s} in {where}")
        name_key = gene.name_key
        if len(name_key) >= MIN_NAME_KEY and name_key in self._all_blobs:
            out += [f"name '{gene.name}' in {w}" for w, blob in self.blobs.items() if name_key in blob]
        return tuple(dict.fromkeys(out))

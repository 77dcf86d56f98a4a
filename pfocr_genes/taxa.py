"""The species of current PFOCR records, and which of them a figure is about.

PFOCR's organism recognition (``organisms_ner``) lists every species whose gene names
matched a word of the figure, so it says nothing about what the figure shows: Drosophila is
"found" in a human graft-versus-host figure because "and" is a fly gene. What a figure is
about is read the way a curator reads it (``LABELING.md`` of the dev figures):

- the figure title, caption or paper title names the species (scientific name, genus
  abbreviation such as "D. melanogaster", or a common name: fly, zebrafish, murine...), a
  cell line or strain of it (S2 cells, C57BL/6, PC12), or
- the record's paper-level ``organisms`` lists it among at most three organisms (a longer
  list is a review that only mentions them), or
- for plants and bacteria, the figure is about that kingdom: Arabidopsis stands for any
  plant and E. coli for any bacterium, as human stands for any animal (PFOCR maps every
  figure to human genes too).

A figure with none of this is about human.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

import attrs

HUMAN = "9606"
MOUSE = "10090"
RAT = "10116"
ARABIDOPSIS = "3702"
ECOLI = "511145"


@attrs.frozen(slots=True)
class Taxon:
    """A species of PFOCR's lexicons: NCBI taxon id, scientific and common names, kingdom."""

    taxon_id: str
    name: str
    common: str
    kingdom: str  # animal, plant, fungus, bacterium
    #: words that name the species in a title or caption (lower case, matched as whole words)
    words: tuple[str, ...] = ()
    #: cell lines and strains of the species (matched as written, whole words)
    lines: tuple[str, ...] = ()


#: The species of current PFOCR records (their word tables' ``organism_id``), and the model
#: organisms their figures are about. Word lists are whole words, lower case.
TAXA: tuple[Taxon, ...] = (
    Taxon(HUMAN, "Homo sapiens", "human", "animal", ("human", "humans", "homo sapiens", "patient", "patients"),
          ("HeLa", "HEK293", "HEK293T", "MCF-7", "MCF7", "A549", "HepG2", "Jurkat", "THP-1", "U937", "HCT116")),
    Taxon(MOUSE, "Mus musculus", "mouse", "animal", ("mouse", "mice", "murine", "mus musculus"),
          ("C57BL/6", "C57BL/6J", "BALB/c", "NIH3T3", "NIH/3T3", "3T3-L1", "RAW264.7", "RAW 264.7", "C2C12",
           "MEF", "MEFs")),
    Taxon(RAT, "Rattus norvegicus", "rat", "animal", ("rat", "rats", "rattus", "rattus norvegicus"),
          ("PC12", "H9c2", "INS-1", "Sprague-Dawley", "Wistar")),
    Taxon("7227", "Drosophila melanogaster", "fly", "animal",
          ("drosophila", "d. melanogaster", "fly", "flies", "fruit fly", "fruitfly", "fruit flies"), ("S2R+",)),
    Taxon("7955", "Danio rerio", "zebrafish", "animal", ("zebrafish", "danio", "danio rerio", "d. rerio")),
    Taxon("6239", "Caenorhabditis elegans", "worm", "animal",
          ("c. elegans", "caenorhabditis", "nematode", "nematodes", "worm", "worms")),
    Taxon("559292", "Saccharomyces cerevisiae", "yeast", "fungus",
          ("yeast", "yeasts", "saccharomyces", "s. cerevisiae", "budding yeast")),
    Taxon("4896", "Schizosaccharomyces pombe", "fission yeast", "fungus", ("s. pombe", "fission yeast")),
    Taxon(ARABIDOPSIS, "Arabidopsis thaliana", "thale cress", "plant", ("arabidopsis", "a. thaliana")),
    Taxon(ECOLI, "Escherichia coli", "E. coli", "bacterium", ("e. coli", "escherichia coli", "escherichia")),
    Taxon("8355", "Xenopus laevis", "frog", "animal", ("xenopus", "x. laevis", "frog", "frogs")),
    Taxon("9031", "Gallus gallus", "chicken", "animal", ("chicken", "chick", "chicks", "gallus")),
    Taxon("9823", "Sus scrofa", "pig", "animal", ("pig", "pigs", "porcine", "swine", "piglet", "piglets")),
    Taxon("9913", "Bos taurus", "cattle", "animal", ("bovine", "cattle", "cow", "cows", "calf", "calves")),
    Taxon("9796", "Equus caballus", "horse", "animal", ("horse", "horses", "equine")),
    Taxon("9598", "Pan troglodytes", "chimpanzee", "animal", ("chimpanzee", "chimpanzees")),
    Taxon("9544", "Macaca mulatta", "rhesus macaque", "animal", ("macaque", "macaques", "rhesus")),
    Taxon("9615", "Canis lupus familiaris", "dog", "animal", ("dog", "dogs", "canine")),
    Taxon("9940", "Ovis aries", "sheep", "animal", ("sheep", "ovine")),
    Taxon("8030", "Salmo salar", "Atlantic salmon", "animal", ("salmon", "salmo salar")),
    Taxon("8469", "Chelonia mydas", "green sea turtle", "animal", ("sea turtle", "chelonia", "chelonia mydas")),
    Taxon("13735", "Pelodiscus sinensis", "Chinese softshell turtle", "animal",
          ("softshell turtle", "pelodiscus", "pelodiscus sinensis")),
    Taxon("4577", "Zea mays", "maize", "plant", ("maize", "zea mays", "corn")),
    Taxon("29760", "Vitis vinifera", "grapevine", "plant", ("grapevine", "grape", "grapes", "vitis vinifera")),
    Taxon("4530", "Oryza sativa", "rice", "plant", ("rice", "oryza sativa", "oryza")),
)

BY_ID: dict[str, Taxon] = {t.taxon_id: t for t in TAXA}
BY_NAME: dict[str, Taxon] = {t.name.lower(): t for t in TAXA}
#: Other taxon ids PFOCR uses for the same species (yeast S288C, E. coli K-12 MG1655 strains).
_ALIASES = {"4932": "559292", "562": ECOLI, "83333": ECOLI, "10114": RAT, "284812": "4896"}
#: A kingdom's reference species: its lexicon stands for every species of the kingdom.
REFERENCE = {"animal": HUMAN, "plant": ARABIDOPSIS, "bacterium": ECOLI}
_PLURAL = {"plant": "plants", "bacterium": "bacteria", "animal": "animals"}
#: How many paper-level organisms still say what a paper is about (more: a review).
MAX_PAPER_ORGANISMS = 3


def taxon(taxon_id: str | None = None, name: str | None = None) -> Taxon | None:
    """The known species with this NCBI taxon id or scientific name (strain names included:
    "Escherichia coli str. K-12 substr. MG1655" is E. coli)."""
    if taxon_id:
        t = BY_ID.get(_ALIASES.get(taxon_id, taxon_id))
        if t is not None:
            return t
    if name:
        low = name.lower()
        t = BY_NAME.get(low)
        if t is not None:
            return t
        return next((t for t in TAXA if low.startswith(t.name.lower() + " ")), None)
    return None


@lru_cache(maxsize=1024)
def species_name(taxon_id: str, name: str | None = None) -> str:
    """The scientific name of a taxon: the table's, else the name given, else ``taxon <id>``."""
    t = taxon(taxon_id, name)
    return t.name if t else (name or f"taxon {taxon_id}")


@lru_cache(maxsize=1)
def _mention_pattern() -> re.Pattern[str]:
    words = sorted({w for t in TAXA for w in t.words}, key=len, reverse=True)
    return re.compile(r"(?<![\w.])(" + "|".join(re.escape(w) for w in words) + r")(?!\w)")


@lru_cache(maxsize=1)
def _line_pattern() -> re.Pattern[str]:
    lines = sorted({x for t in TAXA for x in t.lines}, key=len, reverse=True)
    return re.compile(r"(?<![\w/])(" + "|".join(re.escape(x) for x in lines) + r")(?![\w/])")


@lru_cache(maxsize=1)
def _word_taxa() -> dict[str, str]:
    return {w: t.taxon_id for t in TAXA for w in t.words} | {x: t.taxon_id for t in TAXA for x in t.lines}


@attrs.frozen(slots=True)
class FigureSpecies:
    """Which species a figure is about, each with the words that say so.

    ``about`` maps taxon id -> evidence (one line each, for a curator: "caption: 'zebrafish'").
    ``kingdoms`` are the non-animal kingdoms the figure is about (their reference species,
    Arabidopsis and E. coli, count as about). Human is always a reference (PFOCR maps every
    figure to human genes too) but is only *about* when named or when nothing else is.
    """

    about: dict[str, tuple[str, ...]]
    kingdoms: frozenset[str] = frozenset()
    #: :meth:`describe`, computed once (every other-species flag of the figure quotes it)
    summary: str = attrs.field(default="", eq=False)

    def is_about(self, taxon_id: str) -> bool:
        """Whether a gene of this species belongs in the figure's gene sets."""
        tid = _ALIASES.get(taxon_id, taxon_id)
        if tid in self.about or tid == HUMAN:
            return True
        t = BY_ID.get(tid)
        return t is not None and t.kingdom in self.kingdoms and REFERENCE.get(t.kingdom) == tid

    def describe(self) -> str:
        """One line: what the figure is about and why ("human (no other species named)")."""
        return self.summary or self._describe()

    def _describe(self) -> str:
        named = [f"{species_name(t)} ({'; '.join(ev[:2])})" for t, ev in self.about.items()]
        named += [f"{_PLURAL[k]} ({species_name(REFERENCE[k])} stands for them)" for k in sorted(self.kingdoms)
                  if k in REFERENCE]
        return ", ".join(named) if named else "human (no other species is named in its title, caption or paper)"


def figure_species(*, title: str | None, caption: str | None, papertitle: str | None,
                   organisms: Iterable[str] = (), kingdoms: Iterable[str] = ()) -> FigureSpecies:
    """Decide which species a figure is about (see the module docstring).

    ``kingdoms`` are the non-animal kingdoms the caption reading found (plant, bacteria...,
    :func:`pfocr_genes.caption.organism_context`); ``organisms`` the paper-level field.
    """
    about: dict[str, list[str]] = {}
    word_taxa = _word_taxa()
    for where, text in (("title", title), ("caption", caption), ("paper title", papertitle)):
        if not text:
            continue
        low = text.lower()
        for m in _mention_pattern().finditer(low):
            ev = about.setdefault(word_taxa[m.group(1)], [])
            if len(ev) < 3:
                ev.append(f"{where}: '{text[m.start():m.end()]}'")
        for m in _line_pattern().finditer(text):
            ev = about.setdefault(word_taxa[m.group(1)], [])
            if len(ev) < 3:
                ev.append(f"{where}: cell line or strain '{m.group(1)}'")
    orgs = [o for o in organisms if o and o != "NA"]
    kingdom_set = {_KINGDOM_WORDS.get(k, k) for k in kingdoms}
    if 0 < len(orgs) <= MAX_PAPER_ORGANISMS:
        for o in orgs:
            t = taxon(name=o)
            if t is not None:
                about.setdefault(t.taxon_id, []).append(f"paper organisms: {o}")
    for tid in about:
        k = BY_ID[tid].kingdom
        if k != "animal":
            kingdom_set.add(k)
    fsp = FigureSpecies({t: tuple(ev) for t, ev in about.items()}, frozenset(kingdom_set & set(REFERENCE)))
    return attrs.evolve(fsp, summary=fsp._describe())


#: organism_context's kingdom words -> this module's kingdoms
_KINGDOM_WORDS = {"plant": "plant", "bacteria": "bacterium", "microbe": "bacterium", "fungus": "fungus"}

"""Decide the kind of one keyword: gene, family, disease, chemical, organism or other.

The rules, in order (first that applies wins; docs/classes.md explains them with examples):

1. **Exact gene symbol**: the keyword is written exactly as a current gene symbol
   (``TP53``, ``IPP``, ``EOS``). PFOCR writes the genes it found as symbols, so this is the
   strongest evidence there is. A term with the same spelling is kept as the alternative.
2. **Ion, amino acid or lab word** (:mod:`pfocr_genes.lab_words`): an ion written with its
   charge (``Ca2+``, ``Na+``, ``HCO3-``), an amino acid (``Phenylalanine``, ``L-serine``,
   or a capitalised IUPAC code ``Gly``, ``Met``), or a curated chemical or lab abbreviation
   (``Pi``, ``Me``, ``H2O2``, ``PBS``, ``Fig``): chemical (``other`` for lab shorthand such
   as ``Fig``), the gene reading kept as the alternative. Before the term rules because the
   lexicons read these as aliases (``Ca2+`` -> CA2, ``Pi`` -> SERPINA1) and the vocabularies
   miss them; after rule 1 because a keyword written exactly as a symbol stays a gene
   (``MET``, ``TYR``; the codes count only capitalised, ``Met``, ``Tyr``).
3. **Exact term**: the keyword is written exactly as a vocabulary term or abbreviation that
   is not a gene product (``ATP``, ``NO``, ``ROS``, ``Squalene``): that term's class, with
   any gene reading kept as the alternative. Case matters here: ``NO`` is nitric oxide,
   ``No`` is not read. The term yields to the gene rules below when it is the gene product
   the keyword names: a MeSH chemical whose own label is the approved name of the keyword's
   gene or of a member of its FamPlex family (``Insulin`` -> INS, ``VEGF``, ``Glucagon``:
   MeSH files hormones and growth factors under chemicals), or an organism whose name is a
   FamPlex family (``Hedgehog``: a pathway figure names the protein, not the animal).
   MeSH's Amino Acids (D12.125) count as chemicals although they sit under its protein
   heading, here and in rule 7 (``Kynurenine``, ``Citrulline``).
4. **Family**: a FamPlex family or complex word (``VEGF``, ``NF-kB``).
5. **Other species**: the keyword is exactly a mouse or rat symbol (``Trp53``) that is not a
   human symbol, and the record mentions that species: a gene of that species, mapped to
   the human ortholog through HGNC's MGI/RGD ids.
   Likewise, a keyword written in the nomenclature of a species the record names but whose
   lexicon is not embedded (fly ``dpp``, zebrafish ``abca1a``, worm ``daf-16``) is a gene of
   unknown species rather than the human gene an alias reaches (``dpp`` -> DSPP), unless it
   is a vocabulary term or a chemical by form and no gene reads it.
6. **Gene by any route**: the resolver reaches a gene through a previous symbol, alias,
   name, list or repair (``TNF-a``, ``Claudin-2``), unless the keyword reads as a phrase in
   lower case (``breast cancer``) and a term matches.
7. **Term**: any term match (case and punctuation ignored, plural, or one word of it).
8. **Chemical by form**: IUPAC-like names (locants such as ``2,3-``, ``(3S)-``, a ``-CoA``
   ending, or a chemical suffix on a lower-case word) with no match anywhere.
9. **Other**: nothing matched; the keyword is listed as unclassified.
"""

from __future__ import annotations

import re

import attrs

from pfocr_genes.flags import AMINO_ACID_TREE
from pfocr_genes.lab_words import LabWord, lab_word
from pfocr_genes.model import Resolution
from pfocr_genes.resolver import Resolver
from pfocr_genes.species import SpeciesIndex
from pfocr_genes.species_genes import looks_like_species_gene
from pfocr_genes.taxa import Taxon, taxon
from pfocr_genes.terms import Term, TermIndex, TermMatch

#: Term class -> keyword kind.
KIND_OF_CLASS = {"disease": "disease", "chemical": "chemical", "organism": "organism"}
_LOCANT = re.compile(r"(^|[\s(-])(\d+[,']?)+(\d*[A-Za-z]?)?[)-]|\(\d*[RSEZ]\)|-CoA$|^[αβγδ]-", re.IGNORECASE)
_CHEM_SUFFIX = re.compile(
    r"(?:[a-z]{3}(?:ol|ene|ane|ine|ate|ide|one|ose|oid|oids|enes|anes|ines|ates|ides|ones|oses|ols|yl|ins|in))$"
)


@attrs.frozen(slots=True)
class Decision:
    """The kind of one keyword and the evidence behind it."""

    kind: str
    why: str
    resolution: Resolution
    term: TermMatch | None = None
    species: str | None = None
    ortholog_rows: tuple[int, ...] = ()
    alternatives: tuple[str, ...] = ()
    #: a gene of a species without an embedded lexicon: the species it may be
    species_candidates: tuple[Taxon, ...] = ()


#: Match types by which a MeSH term's label names a gene or a FamPlex family: the gene's
#: approved name, or the family itself. Not aliases (too loose to make a chemical a protein),
#: nor symbols: the label ``mica`` (the mineral) is the symbol MICA in another case.
_NAMING_MATCHES = frozenset({"name", "family_member"})
#: MeSH terms, whose labels are full names (a grounding map's label is the abbreviation).
_MESH_SOURCES = frozenset({"MeSH descriptor", "MeSH supplementary concept"})


def _term_kind(t: Term) -> str:
    """The keyword kind a term gives (MeSH's amino acids are chemicals, not gene products)."""
    if t.cls == "protein" and t.tree.startswith(AMINO_ACID_TREE):
        return "chemical"  # MeSH's Amino Acids sit under its protein heading
    return KIND_OF_CLASS.get(t.cls, "other")


def _class_name(t: Term) -> str:
    """The term's class as a reason shows it (an amino acid rather than MeSH's protein)."""
    return "amino acid" if _term_kind(t) == "chemical" and t.cls == "protein" else t.cls


def _gene_product(t: Term) -> bool:
    """A term under MeSH's protein heading that is a gene product (amino acids, D12.125, are
    not): the gene lexicon decides those."""
    return t.cls == "protein" and not t.tree.startswith(AMINO_ACID_TREE)


def _names_keyword_gene(tm: TermMatch, res: Resolution, resolver: Resolver) -> bool:
    """Whether an exact term is the gene product the keyword's own gene reading names.

    MeSH files hormones and growth factors under chemicals (Insulin, VEGF-A, Glucagon) and
    knows "Hedgehog" as the animal; a pathway figure means the protein. Evidence: the MeSH
    term's label is itself the approved name of a gene the keyword reaches, or reaches the
    FamPlex family the keyword names (``Vascular Endothelial Growth Factor A`` is VEGFA's
    name, VEGFA a member of VEGF); or the term is an organism and the keyword a FamPlex
    family. A grounding-map term (``GA``, ``HDACi``) has the abbreviation as label, so no such
    evidence: it keeps its class, and so does ATP (``Adenosine Triphosphate`` names no gene).
    """
    t = tm.terms[0]
    if not res.candidates or res.kind not in ("gene", "family") or t.source not in _MESH_SOURCES:
        return False
    if t.cls == "organism":
        return res.kind == "family"
    if t.cls != "chemical":
        return False
    rows = {c.row for c in res.candidates}
    named = resolver.lookup(t.label)
    return any(c.row in rows and c.match in _NAMING_MATCHES for c in named.candidates)


def _mesh_term(label: str, terms: TermIndex) -> TermMatch | None:
    """The MeSH descriptor a curated table names by its label (``curated``), or None when the
    snapshot lacks it."""
    m = terms.lookup(label, parts=False) if label else None
    found = tuple(t for t in m.terms if t.label == label and t.source in _MESH_SOURCES) if m else ()
    return TermMatch(found[:1], "curated", label) if found else None


def _lab_word_decision(text: str, lab: LabWord, res: Resolution, terms: TermIndex) -> Decision:
    """Rule 2: an ion, amino acid or lab abbreviation, with the MeSH descriptor it means and
    the genes the lexicons read into it kept as alternatives (a curator sees what was set aside)."""
    why = f"{text!r} is {lab.what} (curated {lab.rule} table), not a gene"
    if res.candidates:
        why += f" (the lexicons read it as {', '.join(res.symbols[:3])})"
    return Decision(lab.kind, why, res, term=_mesh_term(lab.mesh_label, terms),
                    alternatives=_gene_alternatives(res))


def _gene_alternatives(res: Resolution) -> tuple[str, ...]:
    return tuple(f"gene {s}" for s in res.symbols[:5]) if res.candidates else ()


def _term_alternative(tm: TermMatch | None) -> tuple[str, ...]:
    if not tm:
        return ()
    t = tm.terms[0]
    return (f"{t.cls} {t.label} ({t.mesh_id or t.id})",)


def looks_like_chemical(text: str) -> bool:
    """IUPAC-like spelling: locants (``2,3-``, ``24-``, ``(3S)-``), ``-CoA``, or a chemical
    suffix (-ol, -ene, -ane, -ine, -ate, -ide, -one, -ose, -oid) on a lower-case word."""
    if _LOCANT.search(text):
        return True
    words = re.findall(r"[A-Za-z]+", text)
    return any(w[1:].islower() and len(w) > 5 and _CHEM_SUFFIX.search(w.lower()) for w in words)


def _record_taxon(name: str) -> Taxon | None:
    """A species the record names whose gene nomenclature is known but whose lexicon is not
    embedded (every known species but human, mouse and rat)."""
    t = taxon(name=name)
    return t if t is not None and t.taxon_id not in ("9606", "10090", "10116") else None


def classify(text: str, resolver: Resolver, terms: TermIndex, species: SpeciesIndex,
             record_species: frozenset[str]) -> Decision:
    """Apply the rules of this module to one keyword."""
    res = resolver.lookup(text)
    exact_gene = next((c for c in res.candidates if c.symbol == text and c.match == "approved"), None)
    if exact_gene is not None:
        tm = terms.exact(text)
        return Decision("gene", f"written exactly as the gene symbol {text} ({exact_gene.source})",
                        res, alternatives=_term_alternative(tm))
    lab = lab_word(text)
    if lab is not None:
        return _lab_word_decision(text, lab, res, terms)
    tm = terms.exact(text)
    if tm and not _gene_product(tm.terms[0]) and not _names_keyword_gene(tm, res, resolver):
        t = tm.terms[0]
        return Decision(_term_kind(t), f"written exactly as {t.source} term {t.label!r} ({_class_name(t)})",
                        res, term=tm, alternatives=_gene_alternatives(res))
    unlexed = tuple(t for t in map(_record_taxon, record_species) if t is not None) if record_species else ()
    cands = looks_like_species_gene(text, unlexed) if unlexed else ()
    if res.kind == "family" and not (cands and text not in (res.family or "").split("|")):
        return Decision("family", res.note, res)
    sp = species.match(text, record_species) if record_species else None
    if sp is not None:
        name, rows = sp
        return Decision("gene", f"{name} gene symbol {text}, and the record is about {name}", res,
                        species=name, ortholog_rows=rows)
    if tm is None:
        tm = terms.lookup(text)
    if cands and (res.candidates or not (tm or looks_like_chemical(text))):
        names = " or ".join(t.name for t in cands)
        return Decision("gene", f"written like a {names} gene symbol, a species the record's organism recognition "
                        "names (no offline lexicon of it: the species is not checked)", res,
                        species_candidates=cands, alternatives=_gene_alternatives(res) + _term_alternative(tm))
    phrase = " " in text.strip() and text.lower() == text
    if res.kind in ("gene", "list") and not (phrase and tm):
        return Decision("gene", res.note, res, alternatives=_term_alternative(tm))
    if tm:
        t = tm.terms[0]
        how = {"key": "matches", "singular": "plural of", "part": f"contains {tm.matched!r}:",
               "exact": "is"}[tm.how]
        if _gene_product(t) and not res.candidates:
            return Decision("other", f"{how} {t.source} protein {t.label!r}, which is no human gene symbol",
                            res, term=tm)
        return Decision(_term_kind(t), f"{how} {t.source} term {t.label!r} ({_class_name(t)})", res, term=tm,
                        alternatives=_gene_alternatives(res))
    if looks_like_chemical(text):
        return Decision("chemical", "chemical by form (IUPAC-like locants or suffix); no vocabulary match", res)
    return Decision("other", "no gene, family or vocabulary term matches", res)

"""Keys for gene *names* (not symbols): one key for every way a biologist writes a name.

Symbols are compared by :func:`~pfocr_genes.textnorm.lookup_key` (punctuation and case
dropped). Names vary in more ways, and each rule below makes two spellings of one name share
a key; the data builder keys every name of a gene with :func:`name_key` and the resolver keys
the token the same way, so each rule works in both directions:

- **word order**: the key is the sorted list of words (numbers keep their order), so "histamine H3 receptor" meets
  HGNC's "histamine receptor H3", "alpha-synuclein" meets "synuclein alpha", and MeSH's
  inverted headings ("Receptors, LDL") meet "LDL receptor";
- **Greek letters** as letter, symbol or word, before or after ("TNF-alpha", "α-synuclein"):
  latinized as in symbols (alpha -> a);
- **hyphens, spaces and numbers**: words split at punctuation and at letter/digit
  boundaries ("metalloproteinase-2", "IL17E", "beta1-integrin");
- **Roman numerals** as words ("type II" -> 2);
- **plurals** ("receptors", "kinases");
- **British spelling** ("tumour", "haemoglobin", "oestrogen", "signalling");
- **hyphenated prefixes** joined ("sub-family" / "subfamily", "co-activator" / "coactivator");
- **one enzyme class, three words**: protease, proteinase and peptidase ("ubiquitin specific
  protease 54" is HGNC's "ubiquitin specific peptidase 54"; metalloproteinase likewise);
- **generic words** that do not tell genes apart (protein, gene, human, subunit, chain, type,
  member, motif (HGNC's "C-X-C motif chemokine receptor 4" is written without it), of, the),
  bracketed asides, nested too ("(S. cerevisiae)", "(NAD(+))") and molecular
  weights ("88kDa").

:func:`query_forms` adds the rewrites only a query needs: an abbreviation in brackets
("interleukin (IL)-17E" -> "interleukin-17E" and "IL-17E"), a species or form word in front,
generic words after a symbol, a molecular weight that is the name's number ("centrosomal protein
76kDa"), HGNC's open-reading-frame names as their symbols.
"""

from __future__ import annotations

import re
from functools import lru_cache

from pfocr_genes.textnorm import SPELLED_GREEK, clean_text, latinize_greek

_WORD = re.compile(r"[A-Za-z]+|\d+")
#: Words that say nothing about which gene a name means.
GENERIC = frozenset({
    "protein", "gene", "human", "homo", "sapiens", "the", "of", "type", "subunit", "chain",
    "polypeptide", "isoform", "isoenzyme", "isozyme", "member", "motif",
})
#: Words of one meaning, written either way in gene names.
_SAME_WORDS = {"protease": "peptidase", "proteinase": "peptidase", "metalloprotease": "metallopeptidase",
               "metalloproteinase": "metallopeptidase"}
#: Prefixes written with or without a hyphen ("sub-family", "subfamily").
_PREFIX_HYPHEN = re.compile(r"\b(sub|co|non|trans|inter|intra|multi|poly|anti|pre)-(?=[a-z])", re.IGNORECASE)
#: A molecular weight in a name ("76kDa"), whose number may be the name's own.
_KDA = re.compile(r"(\d+)\s?-?kDa\b", re.IGNORECASE)
#: HGNC's names of open reading frames: "chromosome 20 open reading frame 7" is C20orf7.
_ORF_NAME = re.compile(r"chromosome (?P<chr>\d{1,2}|X|Y) open reading frame (?P<n>\d+)", re.IGNORECASE)
_ROMAN = {"i": "1", "ii": "2", "iii": "3", "iv": "4", "v": "5", "vi": "6", "vii": "7", "viii": "8",
          "ix": "9", "x": "10", "xi": "11", "xii": "12", "xiii": "13"}
#: British -> American beginnings of words (haemoglobin, oestrogen, leukaemia, ischaemia, foetal).
_BRITISH_STARTS = (("haem", "hem"), ("haen", "hen"), ("leukaem", "leukem"), ("anaem", "anem"),
                   ("ischaem", "ischem"), ("oestr", "estr"), ("oedem", "edem"), ("oesoph", "esoph"),
                   ("foet", "fet"), ("caerul", "cerul"), ("paed", "ped"), ("glycaem", "glycem"),
                   ("lipaem", "lipem"), ("septicaem", "septicem"), ("aetio", "etio"))
_BRITISH_WORDS = {"tumour": "tumor", "colour": "color", "behaviour": "behavior", "favour": "favor",
                  "signalling": "signaling", "labelled": "labeled", "modelling": "modeling",
                  "travelling": "traveling", "fibre": "fiber", "centre": "center", "sulphate": "sulfate",
                  "sulphur": "sulfur", "sulphide": "sulfide", "sulphotransferase": "sulfotransferase",
                  "sulphatase": "sulfatase", "aluminium": "aluminum", "grey": "gray"}
#: Bracketed asides of names: the model organism a homolog is named after ("(S. cerevisiae)"),
#: an older name or abbreviation ("(glucocorticoid receptor)", "(TBP)"); and molecular
#: weights ("20kDa"), which HGNC dropped from its names.
_ASIDE = re.compile(r"\s*\([^()]*\)|\s*\[[^\[\]]*\]|,?\s*\b\d+(?:\.\d+)?\s?kDa\b", re.IGNORECASE)
#: A symbol followed by a word that does not change which gene it is ("p53 protein", "CD66e
#: antigen", "GPR19 gene"); not "receptor" or "ligand" ("TNF receptor" is another gene).
_SYMBOL_GENERIC = re.compile(r"(?P<head>\S+)(?P<word>(?:\s+(?:proteins?|genes?|antigens?|mRNAs?|homologu?e|isoforms?|"
                             r"polypeptides?|transcripts?|promoters?|enhancers?|locus|loci|alleles?|expression))+)",
                             re.IGNORECASE)
#: A word for the form or state of the product before it: "phosphorylated STAT3", "cleaved
#: caspase-3", "active MMP-9".
_FORM_WORD = re.compile(r"(?P<word>phosphorylated|phospho|cleaved|active|activated|total|mutant|recombinant|soluble|"
                        r"truncated|full-length|wild-type|wildtype|secreted|membrane-bound|nuclear|cytosolic|"
                        r"mature|pro)\s+(?P<rest>\S.*)", re.IGNORECASE)
#: A species (or kingdom) word before a gene: "human IL-6", "murine Tnf", "yeast Hsf1".
_SPECIES_WORD = re.compile(
    r"(?P<word>human|homo sapiens|mouse|murine|rat|bovine|porcine|ovine|equine|canine|feline|chicken|"
    r"avian|rabbit|hamster|monkey|simian|primate|mammalian|yeast|zebrafish|xenopus|drosophila|plant|"
    r"bacterial|fungal|viral)\s+(?P<rest>\S.*)", re.IGNORECASE)
_BRACKET_ABBR = re.compile(r"(?P<head>.*?\S)\s*\((?P<abbr>[A-Za-z][A-Za-z0-9]{0,7})\)\s*(?P<tail>.*)")


def american(word: str) -> str:
    """The American spelling of a lower-case word (``tumour`` -> ``tumor``), else the word."""
    if word in _BRITISH_WORDS:
        return _BRITISH_WORDS[word]
    if "ae" in word or "oe" in word:
        for start, repl in _BRITISH_STARTS:
            if word.startswith(start):
                return repl + word[len(start):]
    return word


def _singular(word: str) -> str:
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def name_words(text: str) -> list[str]:
    """The words of a name as :func:`name_key` compares them, in written order."""
    out = []
    text = clean_text(text)
    if "(" in text or "[" in text or "kda" in text.lower():
        for _ in range(3):  # nested asides lose their inner brackets first: "(NAD(+))"
            shorter = _ASIDE.sub("", text)
            if shorter == text or not shorter:
                break
            text = shorter
    if "-" in text:
        text = _PREFIX_HYPHEN.sub(r"\1", text)
    for found in _WORD.findall(latinize_greek(text)):
        if found.isdigit():
            out.append(found.lstrip("0") or "0")
            continue
        w = _singular(american(found.lower()))
        w = _SAME_WORDS.get(w, w)
        if w in SPELLED_GREEK:  # "alphas" once singular
            w = SPELLED_GREEK[w].lower()
        if w in _ROMAN:
            out.append(_ROMAN[w])
        elif w not in GENERIC:
            out.append(w)
    return out


@lru_cache(maxsize=1 << 14)
def name_key(text: str) -> str:
    """The key of a name: its words (see the module doc), sorted, then its numbers in the
    order written, space-joined; ``""`` when no word with a letter is left. Idempotent:
    ``name_key(name_key(s)) == name_key(s)``."""
    words = name_words(text)
    if not any(w[0].isalpha() for w in words):
        return ""
    # words in any order, numbers in theirs: "collagen type I alpha 2" is not "type II alpha 1"
    numbers = [w for w in words if w[0].isdigit()]
    return " ".join(sorted(w for w in words if not w[0].isdigit()) + numbers)


def query_forms(text: str) -> list[tuple[str, str]]:
    """Rewrites of a written name to try when it does not match as written, with the reason.

    A species word in front ("human IL-6", "murine TNF-alpha": the human gene of that name, as
    everywhere in :func:`~pfocr_genes.resolver.resolve` without ``species``). An abbreviation
    in brackets inside the name: "interleukin (IL)-17E" -> "interleukin-17E"
    (the name) and "IL-17E" (the abbreviation with what follows it); a symbol and generic
    words: "CD66e antigen" -> "CD66e", "IL-8 gene promoter" -> "IL-8"; a form word in front:
    "phosphorylated STAT3", "cleaved caspase-3".
    """
    if " " not in text and "(" not in text:
        return []  # every rewrite below needs a word boundary or a bracket (most tokens have none)
    sp = _SPECIES_WORD.fullmatch(text)
    if sp:
        rest, word = sp["rest"], sp["word"]
        why = (f"species word {word!r} dropped" if word.lower() in ("human", "homo sapiens") else
               f"species word {word!r} dropped (the human gene of that name)")
        return [(rest, why)] + [(alt, f"{why}; {w}") for alt, w in query_forms(rest)]
    fw = _FORM_WORD.fullmatch(text)
    if fw:
        rest, why = fw["rest"], f"form word {fw['word']!r} dropped"
        return [(rest, why)] + [(alt, f"{why}; {w}") for alt, w in query_forms(rest)]
    orf = _ORF_NAME.fullmatch(text)
    if orf:
        return [(f"C{orf['chr'].upper()}orf{orf['n']}", "HGNC's open-reading-frame name as its symbol")]
    if _KDA.search(text):
        kept = " ".join(_KDA.sub(r"\1", text).split())
        if kept != text:
            return [(kept, "molecular weight read as the name's number")]
    g = _SYMBOL_GENERIC.fullmatch(text)
    if g:
        word = " ".join(g["word"].split())
        return [(g["head"], f"generic word{'s' if ' ' in word else ''} {word!r} dropped")]
    m = _BRACKET_ABBR.fullmatch(text)
    if not m:
        return []
    head, abbr, tail = m["head"], m["abbr"], m["tail"]
    out = [(f"{head} {tail}".strip() if not tail.startswith("-") else f"{head}{tail}",
            f"abbreviation ({abbr}) in brackets dropped")]
    if tail:
        out.append((f"{abbr}{tail}" if tail[0] in "-0123456789" else f"{abbr} {tail}",
                    f"abbreviation ({abbr}) with what follows it"))
    return out

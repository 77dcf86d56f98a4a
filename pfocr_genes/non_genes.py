"""Whether a word the lexicons read as a gene is a gene at all.

The lexicons read every symbol, alias and synonym they hold into a word: ``ATP`` is an NCBI
synonym of ATP8A2, ``Fig`` an alias of GOPC, ``via`` an alias of SEMA6A, ``can`` a FamPlex
family. :func:`not_a_gene` decides, from the word alone, that it is none of them: an ion, an
amino acid or a curated chemical or lab abbreviation (:mod:`pfocr_genes.lab_words`), an English
function word (:mod:`pfocr_genes.english`), or a lower-case word that reaches genes only
through symbols the lexicons write in capitals. A word written exactly as an approved symbol
(``MET``, ``WAS``) stays that gene. The gene readings are kept as ``alternatives``.
"""

from __future__ import annotations

from pfocr_genes.english import function_word
from pfocr_genes.lab_words import lab_word
from pfocr_genes.model import Resolution
from pfocr_genes.textnorm import clean_text

#: Longest lower-case word read as an ordinary word when only capitalized symbols reach genes
#: ("light", "step", "via"; the English words among gene aliases are short).
MAX_ORDINARY_WORD = 5
#: Matches by which a word that is a symbol in another case reaches a gene.
_SYMBOL_MATCHES = frozenset({"previous", "alias", "ncbi_synonym", "mesh_synonym", "affix", "repaired"})


def lower_case_word(text: str, res: Resolution) -> bool:
    """A lower-case word ("via", "red", "step") that reaches genes only through symbols the
    lexicons write in capitals (aliases VIA, RED, STEP), or a short one that names a FamPlex
    family written in capitals ("or", "can", "top"). Approved symbols typed in lower case
    ("myc", "ccl2"), names ("insulin", "catalase") and longer words ("visfatin", NCBI's
    VISFATIN for NAMPT: a word of six letters or more written in capitals by a lexicon is a
    protein's name, not a misread English word) stay genes."""
    if not (text.isascii() and text.isalpha() and text.islower() and len(text) <= MAX_ORDINARY_WORD):
        return False
    if res.kind == "family":
        return len(text) <= 3 and not any(c.islower() for c in res.family or "")
    return res.kind == "gene" and all(c.match in _SYMBOL_MATCHES and not c.matched.islower() for c in res.candidates)


def not_a_gene(token: str, res: Resolution) -> Resolution | None:
    """``res`` (the lexicons' reading of ``token``) as a ``chemical``/``other`` word with the
    gene readings as alternatives, or ``None`` when the word may well be the gene."""
    if not res.candidates or any(c.match == "approved" and c.symbol == token.strip() for c in res.candidates):
        return None
    text = clean_text(token)
    lab = lab_word(text)
    if lab is not None:
        kind = "chemical" if lab.kind == "chemical" else "other"
        why = f"{text!r} is {lab.what} (curated {lab.rule} table), not a gene"
    elif function_word(text):
        kind, why = "other", f"{text!r} is an English function word (pfocr_genes.english), not a gene"
    elif lower_case_word(text, res):
        first = res.candidates[0]
        kind, why = "other", (f"{text!r} is written in lower case like an ordinary word, and the lexicons spell "
                              f"their {first.match.replace('_', ' ')} {first.matched} otherwise")
    else:
        return None
    return Resolution(token=token, kind=kind, candidates=(), unique=False, key=res.key, alternatives=res.candidates,
                      note=f"{why}; the lexicons read it as {', '.join(res.symbols[:3])}")

"""The lookup key: Greek letters, punctuation, case, Unicode forms; idempotent."""

import re
import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from pfocr_genes.textnorm import clean_text, latinize_greek, lookup_key


def test_greek_in_every_written_form_gives_one_key():
    assert {lookup_key(t) for t in ("TNF-α", "TNF-a", "TNFα", "TNF alpha", "TNF-Alpha")} == {"TNFA"}
    assert {lookup_key(t) for t in ("TGF-β1", "TGF-ß1", "TGFbeta1", "TGF-beta1", "TGF-ϐ1")} == {"TGFB1"}
    assert lookup_key("IFN-γ") == lookup_key("IFNgamma") == "IFNG"
    assert lookup_key("NF-κB") == lookup_key("NFkappaB") == "NFKB"
    assert lookup_key("PKCδ") == "PKCD"


def test_punctuation_case_and_subscripts():
    assert lookup_key("IL-6") == lookup_key("Il6") == lookup_key("IL 6") == lookup_key("I.L.6") == "IL6"
    assert lookup_key("IL₂") == "IL2"
    assert lookup_key("Ca²⁺") == "CA2"
    assert lookup_key("  ") == ""


def test_accented_letters_keep_their_base_letter():
    # OCR reads a C with a speck as Ç: the key must not lose the letter (CL4 is an alias of ERVW-3)
    assert lookup_key("ÇCL4") == "CCL4" and lookup_key("Müller") == "MULLER" and lookup_key("café") == "CAFE"


def test_spelled_greek_only_as_a_separate_part():
    # part of a longer lowercase word: not a Greek letter
    assert lookup_key("betaine") == "BETAINE"
    assert lookup_key("Alphavirus") == "ALPHAVIRUS"
    # eta and tau are left alone (ETA is an EDNRA alias, tau is MAPT)
    assert lookup_key("ETA") == "ETA"
    assert lookup_key("tau") == "TAU"


def test_clean_text_keeps_meaning():
    assert clean_text(" TGF-ß \t 1 ") == "TGF-β 1"
    assert latinize_greek("HIF-1α") == "HIF-1A"


@given(st.text())
def test_lookup_key_never_raises_and_is_idempotent(s):
    k = lookup_key(s)
    assert k == lookup_key(k)
    assert k == "" or (k.isascii() and k.isalnum() and k.upper() == k)


@given(st.text())
def test_clean_text_is_idempotent(s):
    c = clean_text(s)
    assert clean_text(c) == c


_GREEKISH = st.text(alphabet=st.sampled_from(list("aAbBßẞ-αβγδΣσςΩωκϐµ ²⁺xyz1")) | st.characters(), max_size=40)


@given(_GREEKISH)
def test_fast_paths_match_the_plain_character_tables(s):
    """The caption fast paths (a regex for Greek letters, sharp s tested before translating)
    must give what translating every character with the tables gives."""
    from pfocr_genes import textnorm  # noqa: PLC0415

    plain_clean = " ".join(unicodedata.normalize("NFKC", s.translate(textnorm._PRE_NFKC)).split())
    assert clean_text(s) == plain_clean
    assert textnorm._GREEK_RE.sub(textnorm._latin_letter, s) == s.translate(textnorm._GREEK_TABLE)
    assert lookup_key(s) == re.sub(r"[^0-9A-Z]+", "",
                                   unicodedata.normalize("NFKD", latinize_greek(clean_text(s)).upper()))

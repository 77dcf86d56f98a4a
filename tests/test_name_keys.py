"""Name keys: each rule of pfocr_genes.name_keys, and the properties every key must keep."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pfocr_genes.name_keys import american, name_key, name_words, query_forms


@pytest.mark.parametrize(("a", "b", "rule"), [
    ("histamine H3 receptor", "histamine receptor H3", "word order"),
    ("Receptors, LDL", "LDL receptor", "MeSH inverted heading, plural"),
    ("alpha-synuclein", "synuclein alpha", "Greek letter before or after"),
    ("α-synuclein", "synuclein alpha", "Greek letter as a symbol"),
    ("tumor necrosis factor-alpha", "Tumor Necrosis Factor alpha", "-alpha suffix"),
    ("matrix metalloproteinase-2", "matrix metalloproteinase 2", "hyphen before a number"),
    ("beta1-integrin", "integrin subunit beta 1", "number glued to a Greek letter, generic word"),
    ("interleukin 17E", "interleukin-17 E", "spacing of number and letter"),
    ("TGF-beta receptor type II", "TGF beta receptor 2", "Roman numeral, 'type'"),
    ("tumour necrosis factor", "tumor necrosis factor", "British spelling"),
    ("haemoglobin subunit beta", "hemoglobin subunit beta", "British ae"),
    ("oestrogen receptor 1", "estrogen receptor 1", "British oe"),
    ("C/EBP homologous protein", "C/EBP homologous", "generic word protein"),
    ("kinases", "kinase", "plural"),
    ("egl nine homolog 2 (C. elegans)", "egl nine homolog 2", "bracketed aside"),
    ("ribonuclease P 21kDa subunit", "ribonuclease P", "molecular weight"),
    ("ATP-binding cassette, sub-family G, member 8", "ATP binding cassette subfamily G 8", "hyphenated prefix, member"),
    ("nuclear receptor co-activator 2", "nuclear receptor coactivator 2", "hyphenated prefix"),
    ("ubiquitin specific protease 54", "ubiquitin specific peptidase 54", "protease / peptidase"),
    ("C-X-C chemokine receptor type 4", "C-X-C motif chemokine receptor 4", "generic words motif, type"),
    ("matrix metalloproteinase 9", "matrix metallopeptidase 9", "metalloproteinase / metallopeptidase"),
    ("isocitrate dehydrogenase 3 (NAD(+)) alpha", "isocitrate dehydrogenase 3 alpha", "nested aside"),
])
def test_each_rule_makes_two_spellings_meet(a, b, rule):
    assert name_key(a) == name_key(b) != "", rule


@pytest.mark.parametrize(("a", "b"), [
    ("collagen type I alpha 2", "collagen type II alpha 1"),  # numbers keep their order
    ("interleukin 1 receptor type 2", "interleukin 2 receptor type 1"),
    ("kinase", "kinesin"),
    ("protein kinase C alpha", "protein kinase C beta"),
])
def test_different_names_stay_apart(a, b):
    assert name_key(a) != name_key(b)


def test_american_spelling():
    assert american("tumour") == "tumor" and american("leukaemia") == "leukemia"
    assert american("aequorin") == "aequorin" and american("kinase") == "kinase"


def test_words_keep_written_order():
    assert name_words("synuclein alpha") == ["synuclein", "a"]


def test_a_key_without_letters_is_empty():
    assert name_key("(1) 2, 3") == "" and name_key("protein") == ""


@pytest.mark.parametrize(("text", "forms"), [
    ("interleukin (IL)-17E", ["interleukin-17E", "IL-17E"]),
    ("tumor necrosis factor (TNF) alpha", ["tumor necrosis factor alpha", "TNF alpha"]),
])
def test_bracketed_abbreviations(text, forms):
    assert [f for f, _ in query_forms(text)] == forms


@pytest.mark.parametrize(("text", "forms"), [
    ("human IL-6", ["IL-6"]), ("murine TNF-alpha", ["TNF-alpha"]),
    ("mouse Il6 gene", ["Il6 gene", "Il6"]),
])
def test_a_species_word_in_front_is_dropped(text, forms):
    got = query_forms(text)
    assert [f for f, _ in got] == forms and all("species word" in why for _, why in got)


@pytest.mark.parametrize(("text", "form"), [
    ("chromosome 20 open reading frame 7", "C20orf7"), ("chromosome X open reading frame 2", "CXorf2"),
    ("centrosomal protein 76kDa", "centrosomal protein 76"), ("heat shock protein 70 kDa", "heat shock protein 70"),
])
def test_names_that_hold_a_symbol_or_number(text, form):
    assert [f for f, _ in query_forms(text)] == [form]


def test_no_bracket_no_forms():
    assert query_forms("interleukin 6") == []


@settings(max_examples=400, deadline=None)
@given(st.text(max_size=80))
def test_name_key_never_raises_and_is_idempotent(s):
    k = name_key(s)
    assert isinstance(k, str)
    assert name_key(k) == k
    assert all(isinstance(f, str) and why for f, why in query_forms(s))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["matrix", "metalloproteinase", "alpha", "receptor", "kinase", "2", "IL"]),
                min_size=1, max_size=5))
def test_word_order_never_matters_for_words(words):
    letters = [w for w in words if not w.isdigit()]
    nums = [w for w in words if w.isdigit()]
    assert name_key(" ".join(letters[::-1] + nums)) == name_key(" ".join(letters + nums))

"""Keywords filed as the wrong kind: gene products MeSH files as chemicals or organisms, ions,
amino acids and lab abbreviations the gene lexicons read as genes (classify rules 2 and 3,
:mod:`pfocr_genes.lab_words`)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

import pfocr_genes
from pfocr_genes.lab_words import ABBREVIATIONS, AMINO_ACIDS, ANIONS, CATIONS, amino_acid, ion, lab_word
from pfocr_genes.records import Hit
from pfocr_genes.resolver import default_resolver


def kinds(*words: str) -> dict[str, pfocr_genes.KeywordResult]:
    return {k.text: k for k in pfocr_genes.normalize_figure(list(words)).keywords}


def one(word: str) -> pfocr_genes.KeywordResult:
    return kinds(word)[word]


# --- gene products MeSH files elsewhere ------------------------------------------------

def test_vegf_is_the_family_as_the_resolver_says():
    k = one("VEGF")
    assert k.kind == "family" == pfocr_genes.resolve("VEGF").kind, k.why


def test_hedgehog_is_the_signalling_family_not_the_animal():
    k = one("Hedgehog")
    assert k.kind in ("family", "gene") and k.kind != "organism", k.why
    assert k.family == "Hedgehog"


@pytest.mark.parametrize("word", ["Insulin", "insulin", "INS"])
def test_insulin_is_the_gene_ins_in_any_case(word):
    k = one(word)
    assert (k.kind, k.symbol, k.hgnc_id) == ("gene", "INS", "HGNC:6081"), k.why


def test_the_mesh_chemical_reading_of_insulin_is_kept_as_alternative():
    assert any("D007328" in a for a in one("Insulin").alternatives)


@pytest.mark.parametrize(("word", "symbol"), [("Glucagon", "GCG"), ("IL-6", "IL6"), ("Leptin", "LEP")])
def test_hormones_and_cytokines_mesh_files_as_chemicals_are_genes(word, symbol):
    k = one(word)
    assert (k.kind, k.symbol) == ("gene", symbol), k.why


@pytest.mark.parametrize("word", ["GA", "HDACi", "mica"])
def test_a_chemical_whose_label_names_no_gene_stays_a_chemical(word):
    """Grounding-map abbreviations (GA gibberellin, HDACi) and a label that is only a symbol in
    another case (mica, the mineral, is MICA) are no evidence of a gene product."""
    assert one(word).kind == "chemical"


@pytest.mark.parametrize(("word", "mesh"), [("ATP", "D000255"), ("NO", None), ("Met", "D008715")])
def test_chemical_abbreviations_stay_chemicals(word, mesh):
    k = one(word)
    assert k.kind == "chemical", k.why
    if mesh:
        assert k.mesh_id == mesh


def test_met_keeps_the_gene_reading_and_met_upper_case_is_the_gene():
    ks = kinds("Met", "MET")
    assert any("MET" in a for a in ks["Met"].alternatives)
    assert (ks["MET"].kind, ks["MET"].symbol) == ("gene", "MET")


# --- amino acids ---------------------------------------------------------------------------

@pytest.mark.parametrize("word", [
    "Phenylalanine", "Tryptophan", "Serine", "Gly", "Ser", "Ala", "Asp", "Arg", "Thr", "Trp", "Tyr", "His",
    "Val", "tryptophan", "GLYCINE", "L-Serine", "L-alanine", "glutamate", "L-Ala", "Kynurenine",
])
def test_amino_acids_are_chemicals(word):
    k = one(word)
    assert k.kind == "chemical", k.why
    assert k.mesh_id, k  # linked to the MeSH descriptor


@pytest.mark.parametrize("word", ["TYR", "MET", "THRA"])
def test_exact_gene_symbols_stay_genes(word):
    k = one(word)
    assert (k.kind, k.symbol) == ("gene", word), k.why


def test_every_iupac_code_reads_capitalised_and_not_upper_case():
    for code, (name, _) in AMINO_ACIDS.items():
        assert amino_acid(code) is not None and name in amino_acid(code).what
        assert amino_acid(name.upper()) is not None
        assert amino_acid(code.upper()) is None, code


# --- other chemicals and lab words ----------------------------------------------------------

@pytest.mark.parametrize(("word", "mesh"), [
    ("Bile acids", "D001647"), ("Taxol", "D017239"), ("NADH", "D009243"), ("H2O2", "D006861"),
    ("ROS", "D017382"), ("Pi", "D010710"), ("Me", None),
])
def test_common_chemicals_are_chemicals(word, mesh):
    k = one(word)
    assert k.kind == "chemical", k.why
    assert k.mesh_id == mesh


@pytest.mark.parametrize(("word", "read_as"), [
    ("Ca2+", "CA2"), ("Na+", "XK"), ("H+", "FUT1"), ("Pi", "SERPINA1"), ("Me", "MMP12"), ("ROS", "ROS1"),
])
def test_words_the_lexicons_read_as_genes_are_chemicals(word, read_as):
    assert read_as in default_resolver().lookup(word).symbols  # what the lexicons say
    res = pfocr_genes.resolve(word)  # what the word is
    assert res.kind == "chemical" and not res.candidates, res.note
    assert read_as in [c.symbol for c in res.alternatives]
    k = one(word)
    assert k.kind == "chemical" and k.symbol is None, k.why
    assert f"gene {read_as}" in k.alternatives


@pytest.mark.parametrize("word", ["Fig", "PBS"])
def test_figure_labels_and_buffers_are_no_genes(word):
    res = pfocr_genes.resolve(word)
    assert res.kind in ("other", "chemical") and res.alternatives, res.note  # ambiguous aliases set aside
    k = one(word)
    assert k.kind in ("other", "chemical") and k.suspect is None, k.why


def test_ros_is_a_chemical_in_a_record_about_it():
    rec = {"figid": "ros", "figtitle": "ROS and ROS1 signalling", "caption": "ROS activate JNK; ROS1 fusion.",
           "keywords": ["ROS", "ROS1", "ATP"]}
    ks = {k.text: k for k in pfocr_genes.normalize_figure(rec).keywords}
    assert ks["ROS"].kind == "chemical" and ks["ATP"].kind == "chemical"
    assert (ks["ROS1"].kind, ks["ROS1"].symbol) == ("gene", "ROS1")


# --- ions ------------------------------------------------------------------------------------

@pytest.mark.parametrize(("word", "mesh"), [
    ("Ca2+", "D002118"), ("Ca++", "D002118"), ("Ca²⁺", "D002118"), ("Ca(2+)", "D002118"), ("Ca^2+", "D002118"),
    ("Na+", "D012964"), ("K+", "D011188"), ("H+", "D011522"), ("Mg2+", "D008274"), ("Fe3+", "D007501"),
    ("Cl-", "D002712"), ("Cl−", "D002712"), ("HCO3-", "D001639"), ("SO4 2-", "D013431"), ("NH4+", "D064751"),
])
def test_ions_are_chemicals_with_their_mesh_descriptor(word, mesh):
    k = one(word)
    assert (k.kind, k.mesh_id) == ("chemical", mesh), k.why


@pytest.mark.parametrize("word", ["Cd4+", "CD4+", "CD8-", "Th17+", "HER2+", "NS1-", "F-", "I-", "Ca3+", "Na2+", "2++"])
def test_markers_and_broken_words_are_no_ions(word):
    assert ion(word) is None


def test_every_tabled_ion_reads_in_every_usual_spelling():
    for table, sign in ((CATIONS, "+"), (ANIONS, "-")):
        for formula, (name, _label, charges) in table.items():
            for n in charges:
                digits = "" if n == 1 else str(n)
                spellings = {f"{formula}{digits}{sign}", f"{formula} {digits}{sign}", f"{formula}({digits}{sign})"}
                if n <= 3:
                    spellings.add(formula + sign * n)
                for s in spellings:
                    got = ion(s)
                    assert got is not None and name in got.what, s


# --- suspects: a lab word read as a gene is flagged --------------------------------------------

def _with_hits(keywords, hits, caption="Signalling in the cell."):
    rec = {"figid": "hits", "figtitle": "A pathway", "caption": caption, "keywords": keywords}
    return {k.text: k for k in pfocr_genes.normalize_figure(rec, hits=hits).keywords}


@pytest.mark.parametrize(("word", "symbol", "entrez", "source"), [
    ("Ca2+", "CA2", "760", "hgnc_symbol"), ("Na+", "XK", "7504", "hgnc_prev_symbol"),
    ("Pi", "SERPINA1", "5265", "hgnc_prev_symbol"), ("PBS", "TSPO", "706", "ncbigene_synonym"),
])
def test_an_ion_or_lab_word_read_as_a_gene_is_suspect(word, symbol, entrez, source):
    k = _with_hits([symbol], [Hit(word, word.upper(), symbol, entrez, source)])[symbol]
    assert k.kind == "gene" and k.suspect, k.reasons
    assert any(f.name == "common_word" and word in f.reason for f in k.flags), k.reasons


def test_a_lab_word_as_the_symbol_in_another_case_yields_to_the_caption():
    """``Ctrl`` read as CTRL: MEDIUM, so a caption naming chymotrypsin-like protease keeps it."""
    hits = [Hit("Ctrl", "CTRL", "CTRL", "1506", "hgnc_symbol")]
    bare = _with_hits(["CTRL"], hits)["CTRL"]
    named = _with_hits(["CTRL"], hits, caption="CTRL, chymotrypsin like protease, cleaves the substrate.")["CTRL"]
    assert bare.suspect and any(f.name == "common_word" for f in bare.flags), bare.reasons
    assert not named.suspect, named.reasons


# --- the tables themselves ------------------------------------------------------------------

def test_no_abbreviation_is_an_exact_gene_symbol():
    """Rule 1 comes first: an abbreviation written as a symbol would never reach the table."""
    for word in ABBREVIATIONS:
        res = pfocr_genes.resolve(word)
        assert not any(c.symbol == word and c.match == "approved" for c in res.candidates), word


@given(st.text(max_size=60))
def test_lab_word_never_raises_on_any_text(text):
    got = lab_word(text)
    assert got is None or got.kind in ("chemical", "other")
    assert ion(text) is None or ion(text).rule == "ion"


@given(st.text(alphabet="CHNOSPaFeKlgZnu0123456789+-−⁺⁻²³()^ •", max_size=12))
def test_ion_parser_never_raises_on_formula_like_text(text):
    got = ion(text)
    assert got is None or (got.kind == "chemical" and got.mesh_label)


@pytest.mark.parametrize(("word", "kind"), [("LPS", "chemical"), ("PEP", "chemical"), ("RFP", "other"),
                                             ("GFP", "other"), ("AcO", "chemical"), ("H3C", "chemical")])
def test_lab_abbreviations_of_issue_14(word, kind):
    k = kinds(word)[word]
    assert k.kind == kind, (word, k.kind, k.why)

"""The resolver on real symbols from the embedded snapshot."""

import json

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pfocr_genes import Resolution, Resolver, resolve
from pfocr_genes.model import Candidate
from pfocr_genes.ranking import order, spelling, why_first
from pfocr_genes.resolver import default_resolver
from pfocr_genes.snapshot import default_snapshot


def best(token: str) -> str | None:
    r = resolve(token)
    return r.best.symbol if r.best else None


def test_approved_symbol_any_case_with_ids():
    r = resolve("tp53")
    assert (r.kind, r.unique, r.best.symbol, r.best.hgnc_id, r.best.entrez_id, r.best.match) == (
        "gene", True, "TP53", "HGNC:11998", "7157", "approved")
    assert r.best.source == "HGNC approved symbol"
    il6 = resolve("IL6").best
    assert (il6.hgnc_id, il6.entrez_id) == ("HGNC:6018", "3569")


def test_previous_alias_and_ncbi_synonym():
    r = resolve("SEPT1")
    assert (r.best.symbol, r.best.match, r.best.matched) == ("SEPTIN1", "previous", "SEPT1")
    r = resolve("PlGF")
    assert (r.best.symbol, r.best.match) == ("PGF", "alias")
    r = resolve("CAFS")  # NCBI synonym of TBX1 only: PFOCR's route for "CAFs"
    assert (r.best.symbol, r.best.match) == ("TBX1", "ncbi_synonym")
    assert r.best.source == "NCBI Gene synonym of TBX1"


def test_withdrawn_symbols_report_the_replacement():
    r = resolve("ATPSBL2")
    assert (r.best.symbol, r.best.match) == ("ATP5BL2", "withdrawn")
    assert "withdrawn symbol ATPSBL2" in r.best.source
    r = resolve("A12M1")  # entry withdrawn, nothing replaces it
    assert r.best.match == "withdrawn" and r.best.hgnc_id == "HGNC:1" and "no replacement" in r.best.source


@pytest.mark.parametrize(("token", "symbol"), [
    ("TNF-α", "TNF"), ("TNF-a", "TNF"), ("TGF-β1", "TGFB1"), ("IL-1β", "IL1B"), ("HIF-1α", "HIF1A"),
    ("PKCδ", "PRKCD"), ("IFN-γ", "IFNG"), ("IFNy", "IFNG"), ("TGF-ß1", "TGFB1"), ("TGF-BETA1", "TGFB1"),
    ("IL-6", "IL6"), ("CCL-2", "CCL2"), ("Il6", "IL6"), ("IL₆", "IL6"),
    ("Claudin-2", "CLDN2"), ("E-cadherin", "CDH1"), ("Cyclin D1", "CCND1"), ("β-catenin", "CTNNB1"),
])
def test_written_forms(token, symbol):
    r = resolve(token)
    assert r.kind == "gene" and r.unique and r.best.symbol == symbol, r.to_dict()


def test_tnf_alpha_is_tnf_with_ids():
    c = resolve("TNF-a").best
    assert (c.hgnc_id, c.entrez_id) == ("HGNC:11892", "7124")


@pytest.mark.parametrize(("token", "members"), [
    ("VEGF", {"VEGFA", "VEGFB", "VEGFC", "VEGFD", "PGF"}),
    ("PDGF", {"PDGFA", "PDGFB", "PDGFC", "PDGFD"}),
    ("TGFB", {"TGFB1", "TGFB2", "TGFB3"}), ("TGF-beta", {"TGFB1", "TGFB2", "TGFB3"}),
    ("AKT", {"AKT1", "AKT2", "AKT3"}),
    ("mTORC1", {"MTOR", "RPTOR"}),
    ("NF-κB", {"NFKB1", "NFKB2", "REL", "RELA", "RELB"}),
])
def test_families_report_all_members(token, members):
    r = resolve(token)
    assert r.kind == "family" and not r.unique
    fam = {c.symbol for c in r.candidates if c.match == "family_member"}
    assert members <= fam
    assert all(c.family for c in r.candidates if c.match == "family_member")


def test_family_keeps_alias_collisions_after_members():
    r = resolve("HIF-1")
    assert r.kind == "family" and {"HIF1A", "ARNT"} <= set(r.symbols)
    setd2 = [c for c in r.candidates if c.symbol == "SETD2"]
    assert setd2 and setd2[0].match in ("alias", "ncbi_synonym")
    assert r.symbols.index("SETD2") > r.symbols.index("HIF1A")


@pytest.mark.parametrize(("token", "symbols"), [
    ("LRP5/6", ["LRP5", "LRP6"]), ("JAK1/2", ["JAK1", "JAK2"]),
    ("WNT9/10", ["WNT9A", "WNT9B", "WNT10A", "WNT10B"]),
    ("TGF-β1-3", ["TGFB1", "TGFB2", "TGFB3"]),
    ("IL-4/IL-13", ["IL4", "IL13"]),
])
def test_lists_and_ranges(token, symbols):
    r = resolve(token)
    assert r.kind == "list" and not r.unique and list(r.symbols) == symbols
    assert r.parts


def test_smad23_is_a_group_of_both():
    # FamPlex has a SMAD2_3 complex; either way both genes come back
    r = resolve("SMAD2/3")
    assert r.kind in ("family", "list") and set(r.symbols) == {"SMAD2", "SMAD3"}


@pytest.mark.parametrize(("token", "symbol"), [
    ("1-Mar", "MARCHF1"), ("01-MAR", "MARCHF1"), ("2-Sep", "SEPTIN2"), ("1-Dec", "DELEC1"),
    ("7-Sep", "SEPTIN7"),
])
def test_spreadsheet_dates_are_repaired(token, symbol):
    r = resolve(token)
    assert r.best.symbol == symbol and r.best.match == "repaired"
    assert "spreadsheet date" in r.best.source


def test_roman_numerals_are_repaired():
    r = resolve("TGFBR-III")
    assert (r.best.symbol, r.best.match) == ("TGFBR3", "repaired")
    assert best("TGFBRII") == "TGFBR2"


@pytest.mark.parametrize(("token", "genes"), [
    ("NET", {"ELK3", "EPHB1", "SLC6A2"}), ("EOS", {"IKZF4", "PRSS33"}),
    ("HBP", {"AZU1", "HDLBP", "HEBP1", "SLBP"}), ("ARG", {"ABL2", "RERE"}),
])
def test_ambiguous_tokens_keep_every_candidate(token, genes):
    r = resolve(token)
    assert not r.unique and genes <= set(r.symbols)
    assert "ambiguous" in r.note


def test_approved_symbol_is_unique_but_keeps_alias_collisions():
    r = resolve("IL25")
    assert r.unique and r.symbols[0] == "IL25" and "MYDGF" in r.symbols
    assert r.candidates[1].match in ("alias", "ncbi_synonym")


def test_punctuation_collisions_prefer_the_written_form():
    assert (best("MIR124-3"), resolve("MIR124-3").unique) == ("MIR124-3", True)
    assert (best("MIR1243"), resolve("MIR1243").unique) == ("MIR1243", True)


@pytest.mark.parametrize("token", ["cancer", "breast Cancer", "Bisphosphonates", "Olls", "", "   ", "——"])
def test_non_genes_have_no_candidates(token):
    r = resolve(token)
    assert r.kind == "none" and r.candidates == () and r.best is None


def test_every_approved_symbol_resolves_to_itself():
    snap = default_snapshot()
    resolver = Resolver(snap, cache_size=0)
    wrong = []
    for g in snap.genes():
        if g.status == "approved" and g.hgnc_id:
            r = resolver.resolve(g.symbol)
            if not (r.unique and r.best.symbol == g.symbol and r.best.hgnc_id == g.hgnc_id):
                wrong.append((g.symbol, r.symbols[:3]))
    assert wrong == []


def test_to_dict_is_json():
    d = json.loads(json.dumps(resolve("VEGF").to_dict()))
    assert d["kind"] == "family" and d["family"] == "VEGF"
    assert {"symbol", "hgnc_id", "entrez_id", "match", "source"} <= set(d["candidates"][0])


def test_non_string_is_a_type_error():
    with pytest.raises(TypeError, match="takes a str"):
        resolve(42)  # type: ignore[arg-type]


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=80))
def test_resolve_never_raises_and_is_deterministic(s):
    fresh = Resolver(default_snapshot(), cache_size=0)
    a, b = resolve(s), fresh.resolve(s)
    assert isinstance(a, Resolution)
    assert a == b
    assert a.kind in ("gene", "family", "list", "chemical", "other", "none")
    assert not (a.candidates and a.alternatives)
    assert (a.kind in ("none", "chemical", "other")) == (not a.candidates)


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(["TP53", "IL6", "VEGFA", "CDH1", "TNF", "SMAD3"]),
       st.sampled_from(["", "-", " ", "."]), st.booleans())
def test_case_and_separators_do_not_change_the_gene(symbol, sep, lower):
    token = symbol[:-1] + sep + symbol[-1]
    token = token.lower() if lower else token
    assert best(token) == symbol


@pytest.mark.parametrize(("token", "first", "why"), [
    ("Nrf2", "NFE2L2", "grounding map"), ("p62", "SQSTM1", "grounding map"), ("RIP1", "RIPK1", "grounding map"),
    ("YAP", "YAP1", "grounding map"), ("NET", "SLC6A2", "PubMed articles"),
])
def test_ambiguous_aliases_list_the_meant_gene_first_and_say_why(token, first, why):
    r = resolve(token)
    assert not r.unique and r.best.symbol == first and why in r.note, (r.symbols, r.note)


# --- issue 15: names, ranking, affixes, lists, non-gene words ---------------------------------

@pytest.mark.parametrize(("token", "symbol", "source"), [
    ("matrix metalloproteinase-2", "MMP2", "HGNC approved name"), ("prostate specific antigen", "KLK3", "MeSH"),
    ("osteocalcin", "BGLAP", "MeSH"), ("LDL receptor", "LDLR", "MeSH descriptor"),
    ("plasminogen activator inhibitor 1", "SERPINE1", "MeSH"), ("histamine H3 receptor", "HRH3", "HGNC"),
    ("alpha-synuclein", "SNCA", "HGNC"), ("tumor necrosis factor-alpha", "TNF", "MeSH"),
    ("beta1-integrin", "ITGB1", "HGNC"), ("collagen, type II, alpha 1", "COL2A1", "HGNC"),
    ("factor IX", "F9", "MeSH descriptor"), ("Christmas factor", "F9", "MeSH descriptor"),
    ("basic fibroblast growth factor", "FGF2", "MeSH descriptor"), ("urokinase", "PLAU", "MeSH descriptor"),
])
def test_names_however_written(token, symbol, source):
    r = resolve(token)
    assert r.kind == "gene" and r.unique and r.best.symbol == symbol, (r.symbols, r.note)
    assert r.best.match == "name" and source in r.best.source


@pytest.mark.parametrize(("token", "symbol"), [("human IL-6", "IL6"), ("murine TNF-alpha", "TNF"),
                                               ("human p53 protein", "TP53")])
def test_a_species_word_in_front(token, symbol):
    r = resolve(token)
    assert r.unique and r.best.symbol == symbol and "species word" in r.note, (r.symbols, r.note)


@pytest.mark.parametrize(("token", "symbol", "why"), [
    ("P2Y12 receptor", "P2RY12", "words of its gene's name"), ("HES-1 factor", "HES1", "words of its gene's name"),
    ("ligase PRAJA2", "PJA2", "words of its gene's name"),
    ("IL-2 receptor alpha", "IL2RA", "read as the name of IL2"), ("IL-3 receptor alpha", "IL3RA", "name of IL3"),
    ("TNF receptor 1", "TNFRSF1A", "read as the name of TNF"),
    ("keratinocyte growth factor receptor", "FGFR2", "alias KGF + R"),
    ("GM-CSF receptor", "CSF2RA", "alias GMCSF + R"),
])
def test_a_symbol_with_words_around_it(token, symbol, why):
    r = resolve(token)
    assert r.unique and r.best.symbol == symbol and why in r.note, (r.symbols, r.note)


@pytest.mark.parametrize(("token", "symbol", "why"), [
    ("IL-8 gene promoter", "CXCL8", "generic words 'gene promoter'"),
    ("phosphorylated STAT3", "STAT3", "form word"), ("cleaved caspase-3", "CASP3", "form word"),
    ("phospho-STAT3", "STAT3", "prefix 'phospho'"),
    ("chromosome 17 open reading frame 53", "HROB", "open-reading-frame"),
])
def test_words_around_a_symbol_that_say_nothing_of_the_gene(token, symbol, why):
    r = resolve(token)
    assert r.best.symbol == symbol and why in r.note, (r.symbols, r.note)


@pytest.mark.parametrize(("token", "symbol"), [("p38alpha", "MAPK14"), ("p38α", "MAPK14"), ("p38 alpha", "MAPK14")])
def test_greek_letter_as_ncbi_spells_it_in_capitals(token, symbol):
    # NCBI's synonyms PKC-ZETA, p38ALPHA keep the letter's name, so their keys keep it too
    r = resolve(token)
    assert r.unique and r.best.symbol == symbol and "in capitals" in r.note, (r.symbols, r.note)


def test_a_name_without_its_number():
    r = resolve("isopentenyl-diphosphate delta isomerase")  # IDI1's name without the 1
    assert r.symbols[:2] == ("IDI1", "IDI2") and not r.unique and "without its number" in r.note, r.note


@pytest.mark.parametrize("token", ["transcription factor NF-kappaB", "immunoglobulin heavy chain", "growth hormone"])
def test_a_class_descriptor_names_no_one_gene(token):
    # MeSH maps one or two concepts (TONSL's, IGHV4-34's, CSH2's) to these class descriptors
    assert not resolve(token).unique


def test_bracketed_abbreviation_in_a_name():
    r = resolve("interleukin (IL)-17E")
    assert r.best.symbol == "IL25" and "abbreviation (IL)" in r.note


def test_a_symbol_is_never_read_as_a_name():
    r = resolve("1-Dec")  # a spreadsheet date, not the MeSH name "Dec-1"
    assert r.best.symbol == "DELEC1" and r.best.match == "repaired"


@pytest.mark.parametrize(("token", "first", "also", "why"), [
    ("COX-2", "PTGS2", "MT-CO2", "grounding map"), ("SRC-1", "NCOA1", "SRC", "grounding map"),
    ("TCF-1", "TCF7", "HNF1A", "spelled as written"), ("Claudin-1", "CLDN1", "CLDN7", "approved name"),
    ("alpha-SMA", "ACTA2", "ACTA1", "spelled as written"), ("a-SMA", "ACTA2", "ACTA1", "spelled as written"),
])
def test_the_gene_meant_comes_first_and_the_note_says_why(token, first, also, why):
    r = resolve(token)
    assert r.best.symbol == first and also in r.symbols and not r.unique, r.symbols
    assert why in r.note, r.note


def test_an_hgnc_symbol_before_a_mesh_synonym():
    # MeSH files "Slug" under SNAI1's concept; SLUG is SNAI2's previous symbol
    r = resolve("Slug")
    assert r.best.symbol == "SNAI2" and "SNAI1" in r.symbols, r.symbols
    cand = {c.symbol: c for c in r.candidates}
    ranked = order([("Z", cand["SNAI1"]), ("L", attrs.evolve(cand["SNAI2"], match="alias"))], spelling("Slug"),
                   frozenset(), {"6615": 625, "6591": 200})
    assert ranked[0][1].symbol == "SNAI2"
    assert "only as a MeSH synonym" in why_first(ranked, spelling("Slug"), frozenset(), {})


def test_most_studied_breaks_ties_between_aliases():
    def cand(sym: str, entrez: str) -> Candidate:
        return Candidate(symbol=sym, hgnc_id=None, entrez_id=entrez, name="", locus_type="", match="alias",
                         source="", matched="X1", row=int(entrez))

    ranked = order([("L", cand("A", "1")), ("P", cand("B", "2"))], spelling("x1"), frozenset(), {"1": 5, "2": 50})
    assert [c.symbol for _, c in ranked] == ["B", "A"]  # a previous symbol weighs no more than an alias
    grounded = order([("L", cand("A", "1")), ("P", cand("B", "2"))], spelling("x1"), frozenset({1}), {"2": 50})
    assert grounded[0][1].symbol == "A"


@pytest.mark.parametrize(("token", "symbol", "affix"), [
    ("hSERCA2", "ATP2A2", "prefix 'h'"), ("rhBMP2", "BMP2", "prefix 'rh'"), ("hVMAT2", "SLC18A2", "prefix 'h'"),
    ("Gar1p", "GAR1", "suffix 'p'"), ("sICAM-1", "ICAM1", "prefix 's'"), ("pSTAT3", "STAT3", "prefix 'p'"),
    ("SERCA2a", "ATP2A2", "isoform letter 'a'"),
])
def test_species_and_form_affixes(token, symbol, affix):
    r = resolve(token)
    assert r.best.symbol == symbol and r.best.match == "affix" and affix in r.note, (r.symbols, r.note)


@pytest.mark.parametrize("token", ["mTOR", "hTERT", "MTOR"])
def test_affixes_only_when_nothing_matches_as_written(token):
    assert resolve(token).best.match != "affix"


def test_an_affix_needs_a_gene_behind_it():
    assert resolve("hXQZW9").kind == "none"


@pytest.mark.parametrize(("token", "symbols", "never"), [
    ("CRYBA3/A1", ["CRYBA1"], {"ATP6V0A1", "RFC1"}),
    ("PKC isoforms alpha, delta, epsilon and zeta", ["PRKCA", "PRKCD", "PRKCE", "PRKCZ"], {"DLL1"}),
    ("SMADs 1, 5 and 8", ["SMAD1", "SMAD5", "SMAD9"], set()),
    ("H3/H4", None, set()),
])
def test_list_fragments_take_the_head(token, symbols, never):
    r = resolve(token)
    assert r.kind == "list", r.note
    if symbols:
        assert list(r.symbols[:len(symbols)]) == symbols, r.symbols
    assert not never & set(r.symbols)


def test_a_fragment_without_a_head_is_left_out():
    r = resolve("TP53/delta")
    assert "DLL1" not in r.symbols and "left out" in r.note and "delta" in r.note


#: Words of the dev figures' captions (and figure shorthand) that the lexicons read as genes.
NON_GENE_WORDS = ["Fig", "DNA", "ROS", "ATP", "of", "in", "to", "or", "for", "as", "can", "via", "on", "cell",
                  "at", "red", "type", "an", "not", "has", "step", "was", "end", "all", "light", "per", "up",
                  "map", "proteins", "mitochondrial", "blood", "precursor"]


@pytest.mark.parametrize("word", NON_GENE_WORDS)
def test_words_that_are_not_genes(word):
    r = resolve(word)
    assert r.kind in ("none", "chemical", "other") and not r.candidates, (r.kind, r.symbols, r.note)


@pytest.mark.parametrize("word", ["Fig", "ATP", "via", "can"])
def test_non_gene_words_keep_the_gene_readings_as_alternatives(word):
    r = resolve(word)
    assert r.alternatives and "the lexicons read it as" in r.note
    assert r.alternatives == default_resolver().lookup(word).candidates


@pytest.mark.parametrize("token", ["MET", "WAS", "SET", "CAN", "myc", "ccl2", "insulin", "catalase", "visfatin"])
def test_symbols_and_names_stay_genes(token):
    assert resolve(token).kind in ("gene", "family")


@pytest.mark.parametrize(("token", "symbol"), [("p53 protein", "TP53"), ("CD66e antigen", "CEACAM5"),
                                               ("insulin protein", "INS")])
def test_a_generic_word_after_a_symbol_or_name(token, symbol):
    assert resolve(token).best.symbol == symbol


def test_a_receptor_is_not_its_ligand():
    assert "TNF" not in resolve("TNF receptor").symbols


@pytest.mark.parametrize(("token", "first"), [("VEGF", "VEGFA"), ("AKT", "AKT1"), ("p38 MAPK", "MAPK14"),
                                              ("caspases", "CASP3")])
def test_a_family_lists_its_most_studied_member_first(token, first):
    r = resolve(token)
    assert r.kind == "family" and not r.unique and r.best.symbol == first, r.symbols
    prior = default_snapshot().pubmed_counts
    counts = [prior.get(c.entrez_id or "", 0) for c in r.candidates if c.match == "family_member"]
    assert counts == sorted(counts, reverse=True)

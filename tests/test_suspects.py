"""Suspect-hit flags: each rule on a small record, the example figure, and the dev labels."""

import threading

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pfocr_genes import normalize_figure
from pfocr_genes.caption import abbreviations, organism_context
from pfocr_genes.flags import noisy_or
from pfocr_genes.records import Hit
from pfocr_genes.suspects import THRESHOLD, Flag, combine, confusion_key
from pfocr_genes.terms import TermIndex, default_terms
from tests.conftest import EXAMPLE


def kw(result, text):
    return next(k for k in result.keywords if k.text == text)


def flags(k):
    return {f.name for f in k.flags}


@pytest.fixture(scope="module")
def example():
    return normalize_figure(EXAMPLE)


@pytest.fixture(scope="module")
def example_keywords_only():
    return normalize_figure(EXAMPLE, hits=False)


# --- the example figure (hits table next to it) ----------------------------------------

@pytest.mark.parametrize("symbol", ["ELK3", "EPHB1", "SLC6A2"])
def test_net_is_a_word_read_as_three_genes(example, symbol):
    k = kw(example, symbol)
    assert k.suspect and {"alias_collision", "common_word"} <= flags(k), k.reasons
    assert any("Extracellular Traps" in r for r in k.reasons)


def test_pigf_is_plgf_misread_and_points_to_pgf(example, example_keywords_only):
    for res in (example, example_keywords_only):
        k = kw(res, "PIGF")
        assert k.suspect and "homoglyph" in flags(k)
        assert k.alternative == "PGF"


def test_pseudogene_flagged_with_locus_type(example):
    k = kw(example, "RN7SL263P")
    assert k.suspect and "locus_type" in flags(k)
    assert next(f for f in k.flags if f.name == "locus_type").source == "HGNC locus type"


def test_setd2_is_hif1_and_points_to_hif1a(example):
    k = kw(example, "SETD2")
    assert k.suspect and "shadowed_alias" in flags(k), k.reasons
    assert k.alternative == "HIF1A"


def test_mydgf_is_shadowed_by_il25(example):
    k = kw(example, "MYDGF")
    assert k.suspect and k.alternative == "IL25", k.reasons


def test_olls_is_garbage(example):
    for sym in ("COL1A1", "IGKV2-40"):
        assert kw(example, sym).suspect, kw(example, sym).reasons


@pytest.mark.parametrize("symbol", ["MMP9", "CXCL12", "IL33", "IL25", "VEGFA", "LOX", "CD4", "PGF"])
def test_genes_of_the_figure_are_not_suspect(example, example_keywords_only, symbol):
    for res in (example, example_keywords_only):
        k = kw(res, symbol)
        assert k.suspect is False and k.score < THRESHOLD, (symbol, k.reasons)


def test_non_gene_keywords_get_no_verdict(example):
    assert kw(example, "CANCER").suspect is None and kw(example, "CANCER").reasons is None


def test_to_dict_carries_verdict_and_flag_provenance(example):
    d = kw(example, "PIGF").to_dict()
    assert d["suspect"] is True and 0.5 <= d["score"] <= 1 and d["alternative"] == "PGF"
    assert d["reasons"] and all(isinstance(r, str) for r in d["reasons"])
    assert {"flag", "weight", "reason", "source", "alternative"} <= set(d["flags"][0])


# --- rules on small records ------------------------------------------------------------

def test_caption_definition_contradicts_alias():
    rec = {"figid": "t1", "figtitle": "Terpenoid pathway in Salvia",
           "caption": "HDR, 4-hydroxy-3-methylbut-2-enyl diphosphate reductase; "
                      "IDI, isopentenyl-diphosphate delta isomerase; MVK, mevalonate kinase.",
           "keywords": ["GATA3", "IDI1", "MVK"]}
    res = normalize_figure(rec)
    gata3 = kw(res, "GATA3")
    assert gata3.suspect and "caption_definition" in flags(gata3), gata3.reasons
    # the caption spells IDI and MVK out as these genes: no contradiction
    for sym in ("IDI1", "MVK"):
        assert "caption_definition" not in flags(kw(res, sym)), kw(res, sym).reasons
    assert not kw(res, "MVK").suspect, kw(res, "MVK").reasons  # supported: the caption names mevalonate kinase
    # IDI is no alias of IDI1 and its name ends in "1", so nothing reads the caption's "IDI,
    # isopentenyl-diphosphate delta isomerase" as support: it scores as any unsupported enzyme
    # in a plant figure (about even odds on the labelled figures), far below GATA3
    assert kw(res, "IDI1").score < 0.7 < gata3.score, kw(res, "IDI1").reasons


def test_same_keywords_in_a_human_figure_are_not_flagged_for_organism():
    rec = {"figid": "t2", "figtitle": "GATA3 in breast cancer cells", "caption": "GATA3 drives luminal cells.",
           "keywords": ["GATA3"]}
    k = kw(normalize_figure(rec), "GATA3")
    assert not k.suspect and "other_organism" not in flags(k)


def test_plant_figure_flags_non_enzyme_human_genes():
    rec = {"figid": "t3", "figtitle": "Triterpene biosynthesis in ginseng roots",
           "papertitle": "Ginsenoside pathway of Panax ginseng", "keywords": ["FOXC1", "HMGCR", "CAD", "F12"]}
    res = normalize_figure(rec)
    assert kw(res, "FOXC1").suspect and "other_organism" in flags(kw(res, "FOXC1"))
    # an enzyme is only weakly suspect there: a plant enzyme may share the human name
    assert "other_organism" in flags(kw(res, "HMGCR")) and not kw(res, "HMGCR").suspect
    assert kw(res, "HMGCR").score < kw(res, "FOXC1").score
    # ... unless its symbol is a bare three-letter abbreviation (plant CAD: cinnamyl alcohol
    # dehydrogenase), which matches the human enzyme only by chance
    assert kw(res, "CAD").suspect and any("abbreviation" in r for r in kw(res, "CAD").reasons)
    assert kw(res, "F12").suspect and any("abbreviation" in r for r in kw(res, "F12").reasons)
    human = normalize_figure({**rec, "figtitle": "Pyrimidine synthesis in liver", "papertitle": "Human hepatocytes"})
    assert not kw(human, "CAD").suspect


def test_keyword_only_alias_collision():
    rec = {"figid": "t4", "caption": "Neutrophil extracellular traps in metastasis.",
           "keywords": ["ELK3", "EPHB1", "SLC6A2", "TP53"]}
    res = normalize_figure(rec)
    for sym in ("ELK3", "EPHB1", "SLC6A2"):
        assert "alias_collision" in flags(kw(res, sym)), kw(res, sym).reasons
    assert "alias_collision" not in flags(kw(res, "TP53"))


def test_one_word_for_two_paralogs_is_no_collision():
    rec = {"figid": "t19", "keywords": ["MAPK1", "MAPK3"]}
    hits = [Hit("ERK1/2", "ERK1/2", "MAPK1", "5594", "hgnc_alias_symbol"),
            Hit("ERK1/2", "ERK1/2", "MAPK3", "5595", "hgnc_alias_symbol")]
    res = normalize_figure(rec, hits=hits)
    for sym in ("MAPK1", "MAPK3"):
        assert "alias_collision" not in flags(kw(res, sym)), kw(res, sym).reasons


def test_paralogs_sharing_aliases_are_not_collisions():
    res = normalize_figure({"figid": "t5", "keywords": ["ADH1A", "ADH1B", "ADH4", "ADH5", "ADH6", "ADH7"]})
    for k in res.keywords:
        assert not {"alias_collision", "shadowed_alias"} & flags(k), k.reasons


def test_hits_rules_number_and_lowercase_word():
    rec = {"figid": "t6", "keywords": ["IGLL1", "ENG"]}
    hits = [Hit("1.41", "14.1", "IGLL1", "3543", "hgnc_alias_symbol"),
            Hit("end", "END", "ENG", "2022", "hgnc_alias_symbol")]
    res = normalize_figure(rec, hits=hits)
    assert res.hits_used
    assert kw(res, "IGLL1").suspect and "homoglyph" in flags(kw(res, "IGLL1"))
    assert "common_word" in flags(kw(res, "ENG"))
    assert not normalize_figure(rec, hits=False).hits_used


def test_viral_protein_names_are_not_human_aliases():
    rec = {"figid": "t7", "figtitle": "SARS-CoV-2 proteins that block host translation",
           "caption": "The coronavirus protein blocks interferon signalling.", "keywords": ["SH2D3A", "IRF3"]}
    hits = [Hit("Nsp1", "NSP1", "SH2D3A", "10045", "hgnc_alias_symbol"),
            Hit("IRF3", "IRF3", "IRF3", "3661", "hgnc_symbol")]
    for mode in (hits, False):
        res = normalize_figure(rec, hits=mode)
        k = kw(res, "SH2D3A")
        assert k.suspect and "foreign_protein" in flags(k), (mode, k.reasons)
        assert any("SARS" in f.reason or "virus" in f.reason for f in k.flags if f.name == "foreign_protein")
        assert "foreign_protein" not in flags(kw(res, "IRF3"))
    # the same keyword where no virus is named: no viral reading
    plain = normalize_figure({**rec, "figtitle": "Adaptor proteins of T cells", "caption": "Signalling."}, hits=hits)
    assert "foreign_protein" not in flags(kw(plain, "SH2D3A"))


def test_word_curators_ground_to_another_gene_is_shadowed():
    rec = {"figid": "t8", "figtitle": "Flavivirus sensing", "keywords": ["KRR1", "RIPK3"]}
    hits = [Hit("RIP1", "RIP-1", "KRR1", "11103", "hgnc_alias_symbol"),
            Hit("RIP3", "RIP3", "RIPK3", "11035", "hgnc_alias_symbol")]
    res = normalize_figure(rec, hits=hits)
    k = kw(res, "KRR1")
    assert k.suspect and k.alternative == "RIPK1", k.reasons
    assert any("ground" in r and "RIPK1" in r for r in k.reasons)
    assert "shadowed_alias" not in flags(kw(res, "RIPK3"))


def test_human_symbol_that_names_the_captions_virus_protein():
    rec = {"figid": "t12", "figtitle": "PRRSV proteins modulate type I interferon",
           "caption": "PRRSV GP5 and Nsp1 act on the host cell.", "keywords": ["GP5", "IRF3"]}
    res = normalize_figure(rec)
    assert "foreign_protein" in flags(kw(res, "GP5")) and kw(res, "GP5").suspect, kw(res, "GP5").reasons
    # the same symbol where the caption names another virus: the human gene is as likely
    other = normalize_figure({**rec, "figtitle": "Influenza virus and platelets", "caption": "GP5 on platelets."})
    assert "foreign_protein" not in flags(kw(other, "GP5"))


def test_human_family_names_outrank_rare_readings():
    rec = {"figid": "t18", "figtitle": "Influenza virus activates host kinases", "keywords": ["MAPK14", "PDE4B"]}
    hits = [Hit("p38", "p38", "MAPK14", "1432", "bioentities_symbol"),
            Hit("PDE", "PDE", "PDE4B", "5142", "bioentities_symbol")]
    res = normalize_figure(rec, hits=hits)
    # p38 is also a herpesvirus protein in MeSH, PDE a rare chemical: the FamPlex families win
    assert "foreign_protein" not in flags(kw(res, "MAPK14")), kw(res, "MAPK14").reasons
    assert "common_word" not in flags(kw(res, "PDE4B")), kw(res, "PDE4B").reasons


def test_yeast_protein_named_like_a_human_alias():
    rec = {"figid": "t11", "figtitle": "TCA cycle flux in Saccharomyces cerevisiae",
           "papertitle": "Engineering yeast metabolism", "keywords": ["SDHA", "ADH4"]}
    hits = [Hit("SDH2", "SDH2", "SDHA", "6389", "hgnc_prev_symbol"),
            Hit("ADH2", "ADH2", "ADH4", "127", "hgnc_alias_symbol")]
    res = normalize_figure(rec, hits=hits)
    sdha = kw(res, "SDHA")
    assert sdha.suspect and "foreign_protein" in flags(sdha), sdha.reasons
    # yeast ADH2 is an alcohol dehydrogenase like human ADH4: a paralog-style name is a counterpart
    assert "foreign_protein" not in flags(kw(res, "ADH4"))


def test_cell_type_acronyms_are_not_gene_aliases():
    rec = {"figid": "t13", "figtitle": "Breast cancer metastasis", "keywords": ["TBX1", "FAP"]}
    hits = [Hit("CAFs", "CAFS", "TBX1", "6899", "ncbigene_synonym"),
            Hit("FAP", "FAP", "FAP", "2191", "hgnc_symbol")]
    res = normalize_figure(rec, hits=hits)
    tbx1 = kw(res, "TBX1")
    assert tbx1.suspect and any("Cancer-Associated Fibroblasts" in r for r in tbx1.reasons), tbx1.reasons
    assert "common_word" not in flags(kw(res, "FAP"))
    # the acronym table is built from MeSH names, plural or not
    terms = default_terms()
    assert terms.cell_acronym("TAMs")[0][0] == "Tumor-Associated Macrophages"
    assert terms.cell_acronym("TP53") == ()
    # keywords only: the alias counts when the caption names the cells or compartment
    golgi = {"figid": "t14", "caption": "Virions leave the Golgi at the TGN for the plasma membrane.",
             "keywords": ["TG"]}
    tg = kw(normalize_figure(golgi, hits=False), "TG")
    assert tg.suspect and any("trans-Golgi Network" in r for r in tg.reasons), tg.reasons
    plain = kw(normalize_figure({**golgi, "caption": "Thyroid hormone synthesis."}, hits=False), "TG")
    assert not any("trans-Golgi" in r for r in plain.reasons)
    # an acronym alone is not the cell type: ASC here is the inflammasome adaptor (PYCARD)
    asc = {"figid": "t20", "caption": "NLRP3 recruits ASC and caspase-1.", "keywords": ["PYCARD", "NLRP3"]}
    pycard = kw(normalize_figure(asc, hits=False), "PYCARD")
    assert not any("abbreviate" in r for r in pycard.reasons), pycard.reasons


def test_alias_that_is_an_ordinary_word_of_the_caption():
    rec = {"figid": "t15", "caption": "At the end of the infection, the second wave of signalling begins.",
           "keywords": ["ENG", "WASF1", "TP53"]}
    res = normalize_figure(rec, hits=False)
    for sym in ("ENG", "WASF1"):
        assert kw(res, sym).suspect and any("ordinary word" in r for r in kw(res, sym).reasons), kw(res, sym).reasons
    assert not any("ordinary word" in r for r in kw(res, "TP53").reasons)
    # written as the symbol (upper case), the same alias is no ordinary word
    shout = normalize_figure({**rec, "caption": "END and WAVE complexes."}, hits=False)
    assert not any("ordinary word" in r for r in kw(shout, "ENG").reasons)


def test_keywords_only_aliases_that_curators_read_otherwise():
    # CBP, a previous symbol of OPN1LW, in the caption: curators ground CBP to CREBBP
    rec = {"figid": "t16", "caption": "Nsp1 degrades CBP in the nucleus.", "keywords": ["OPN1LW", "IRF3"]}
    opn = kw(normalize_figure(rec, hits=False), "OPN1LW")
    assert opn.suspect and opn.alternative == "CREBBP", opn.reasons
    # GAS -> GAST is on INDRA's misgrounding list: MEDIUM when the caption writes GAS
    gas = {"figid": "t17", "caption": "STAT1 dimers bind GAS elements.", "keywords": ["GAST", "STAT1"]}
    gast = kw(normalize_figure(gas, hits=False), "GAST")
    assert gast.suspect and any("misgrounding" in f.source for f in gast.flags), gast.reasons
    quiet = kw(normalize_figure({**gas, "caption": "Stomach hormones."}, hits=False), "GAST")
    assert not quiet.suspect and any(f.weight < 0.5 for f in quiet.flags if f.name == "common_word")


def test_radicals_and_words_glued_across_a_list_separator():
    rec = {"figid": "t9", "keywords": ["GNAS", "F12", "IDH2"]}
    hits = [Hit("GS•", "Gs", "GNAS", "2778", "bioentities_symbol"),
            Hit("F&12", "F12", "F12", "2161", "hgnc_symbol"),
            Hit("IDHI,IDH2", "IDH2", "IDH2", "3418", "hgnc_symbol")]
    res = normalize_figure(rec, hits=hits)
    assert kw(res, "GNAS").suspect and any("radical" in r for r in kw(res, "GNAS").reasons)
    assert kw(res, "F12").suspect and any("joining" in r for r in kw(res, "F12").reasons)
    assert not any("joining" in r for r in kw(res, "IDH2").reasons)  # IDH2 is an item of the list


def test_word_that_is_a_family_stem_is_not_an_alias_hit():
    rec = {"figid": "t10", "figtitle": "Flavivirus sensing", "keywords": ["TRIM63", "ADH5"]}
    hits = [Hit("IRF", "IRF", "TRIM63", "84676", "hgnc_alias_symbol"),
            Hit("ADH", "ADH", "ADH5", "128", "hgnc_alias_symbol")]
    res = normalize_figure(rec, hits=hits)
    k = kw(res, "TRIM63")
    assert k.suspect and any("stem of the IRF1" in r for r in k.reasons), k.reasons
    assert not any("stem of" in r for r in kw(res, "ADH5").reasons)  # ADH5 is itself an ADH
    # keywords only: the stem counts when its numbered genes are keywords too
    only = normalize_figure({**rec, "keywords": ["TRIM63", "IRF3", "IRF7", "G3BP1"]}, hits=False)
    assert any("stem of IRF3" in r for r in kw(only, "TRIM63").reasons), kw(only, "TRIM63").reasons
    assert not any("stem of" in r for r in kw(only, "G3BP1").reasons)  # its alias G3BP names itself
    alone = normalize_figure({**rec, "keywords": ["TRIM63", "TP53"]}, hits=False)
    assert not any("stem of" in r for r in kw(alone, "TRIM63").reasons)


def test_noisy_or_and_support_halves():
    f = [Flag("a", 0.6, "r", "s"), Flag("b", 0.5, "r2", "s", "X")]
    assert noisy_or(f, []) == pytest.approx(0.8)
    assert noisy_or(f, ["name in caption"]) == pytest.approx(0.4)
    assert noisy_or([], []) == 0.0


def test_combine_scores_flags_without_context():
    """Genes of other species: the fitted ``flags`` weights (see tests/test_scoring.py)."""
    strong = combine([Flag("other_species", 0.8, "r", "s", "X")], [])
    assert strong.suspect and strong.score > 0.9 and strong.alternative == "X"
    quiet = combine([], [])
    assert not quiet.suspect and quiet.score < 0.5 and quiet.flags == ()


# --- text helpers ----------------------------------------------------------------------

def test_abbreviations_both_styles():
    text = ("Cancer-associated fibroblasts (CAFs) recruit neutrophils. "
            "HIF-1α (hypoxia-inducible factor 1α) is induced. "
            "DXS, 1-deoxy-D-xylulose 5-phosphate synthase; DXR, 1-deoxy-D-xylulose 5-phosphate reductoisomerase")
    found = {a.short: a.long for a in abbreviations(text)}
    assert found["CAFs"] == "Cancer-associated fibroblasts"
    assert found["HIF-1α"].startswith("hypoxia-inducible factor")
    assert found["DXS"] == "1-deoxy-D-xylulose 5-phosphate synthase"


def test_long_forms_are_names_not_clauses():
    text = "the MAPK signaling pathway (MAPK), the cAMP signaling pathway (PKC) and others"
    assert not [a for a in abbreviations(text) if a.short == "PKC"]
    assert [a.long for a in abbreviations("protein kinase C (PKC) acts")] == ["protein kinase C"]


def test_sentences_are_not_definitions():
    found = {a.short for a in abbreviations("TNF, IL-6 and IL-1 were measured. However, they rose (green).")}
    assert found == set()


def test_confusion_key_merges_ocr_lookalikes():
    assert confusion_key("PIGF") == confusion_key("PlGF") == confusion_key("P1GF")
    assert confusion_key("TP53") != confusion_key("TP63")


def test_organism_context_reads_kingdom_adjectives_and_plant_compounds():
    terms = default_terms()
    microbial = organism_context([], terms, ["Modular pathway engineering for the microbial production of alcohols"])
    assert microbial.non_animal == "microbe", microbial
    # in the caption body an adjective names the kingdom but does not make the figure about it
    host = organism_context(["TREM2 binds lipids and bacterial products."], terms)
    assert "bacteria" in host.kingdoms and host.non_animal is None
    kiwi = organism_context(["Ripening pathways in kiwifruit."], terms)
    assert "plant" in kiwi.kingdoms and any("kiwifruit" in e for e in kiwi.evidence)
    assert not organism_context(["Interleukins recruit macrophages"], terms).kingdoms


@pytest.mark.parametrize("first_call", ["may_place", "placing", "foreign", "cell_acronym", "lookup"])
def test_a_fresh_term_index_loads_from_any_first_call(first_call):
    """Regression: the placing table was popped from the document under the lock that loads
    the document, so a fresh index whose first call was the organism context deadlocked."""
    terms = TermIndex()
    calls = {"may_place": lambda: terms.may_place("Saccharomyces cerevisiae"),
             "placing": lambda: terms.placing([("yeast", "YEAST")]),
             "foreign": lambda: terms.foreign("Nsp1"), "cell_acronym": lambda: terms.cell_acronym("CAFs"),
             "lookup": lambda: terms.lookup("yeast")}
    done = []
    t = threading.Thread(target=lambda: done.append(calls[first_call]() is not None), daemon=True)
    t.start()
    t.join(timeout=120)
    assert done, f"{first_call} on a fresh TermIndex did not return (deadlock)"
    assert organism_context(["Glycolysis in Saccharomyces cerevisiae"], terms).non_animal == "fungus"


def test_organism_context():
    terms = default_terms()
    yeast = organism_context(["Glycolysis genes in Saccharomyces cerevisiae"], terms)
    assert yeast.non_animal == "fungus"
    host = organism_context(["Mycobacterium tuberculosis infects human macrophages in the lung"], terms)
    assert host.non_animal is None


@given(st.text(max_size=300))
def test_abbreviations_never_raise(text):
    for a in abbreviations(text):
        assert a.short and a.long


@given(st.text(max_size=40))
def test_confusion_key_never_raises_and_is_stable(text):
    assert confusion_key(text) == confusion_key(text)


_SYMBOLS = st.sampled_from(["TP53", "SH2D3A", "KRR1", "TRIM63", "GNAS", "F12", "ADH4", "SDHA", "CAD", "GP5", "IRF3"])
_WORDS = st.one_of(_SYMBOLS, st.text(max_size=12), st.sampled_from(["GS•", "F&12", "N,O3", "Nsp1", "IRF", "RIP1",
                                                                    "fadD", "(sas)", "1.41", "НMGR", ""]))


@given(keywords=st.lists(st.one_of(_SYMBOLS, st.text(max_size=10)), min_size=1, max_size=6),
       words=st.lists(st.tuples(_WORDS, _SYMBOLS), max_size=6),
       caption=st.one_of(st.text(max_size=200), st.sampled_from(
           ["PRRSV Nsp1 in pig cells", "Saccharomyces cerevisiae TCA cycle", "kiwifruit ripening (ACO2, ACC oxidase)",
            "microbial production of alcohols", "HIF-1α and VEGF in tumours"])))
def test_rules_never_raise_and_verdicts_are_consistent(keywords, words, caption):
    sources = ["hgnc_alias_symbol", "hgnc_symbol", "bioentities_symbol", "hgnc_prev_symbol"]
    hits = [Hit(w, w, sym, "1", sources[i % len(sources)]) for i, (w, sym) in enumerate(words)]
    for mode in (hits, False):
        res = normalize_figure({"figid": "h", "caption": caption, "keywords": keywords}, hits=mode)
        for k in res.keywords:
            if k.score is not None:
                assert 0.0 <= k.score <= 1.0 and k.suspect == (k.score >= THRESHOLD)
                assert all(r.split(":", 1)[0] in {f.name for f in k.flags} for r in k.reasons)


# --- measured against the dev labels ---------------------------------------------------

def _spells(short: str, tail: list[str]) -> bool:
    """Reference Schwartz-Hearst test, one tail at a time, character by character."""
    chars = [c.lower() for c in short if c.isalnum()]
    text = " ".join(tail).lower()
    s, t = len(chars) - 1, len(text) - 1
    while s >= 0 and t >= 0:
        if text[t] == chars[s] and (s > 0 or t == 0 or not text[t - 1].isalnum()):
            s -= 1
        t -= 1
    return s < 0


@given(st.text(alphabet="abcABC1-x.", max_size=6),
       st.lists(st.text(alphabet="abcABC-1xyz", min_size=1, max_size=6) | st.sampled_from(["the", "a", "to"]),
                max_size=12))
def test_long_form_is_the_shortest_tail_that_spells_the_short_form(short, words):
    from pfocr_genes.caption import _CLAUSE_WORDS, _FUNCTION_WORDS, _sh_long_form  # noqa: PLC0415

    chars = [c for c in short if c.isalnum()]
    limit = min(len(chars) + 5, 2 * len(chars), len(words))
    found = _sh_long_form(short, words)
    first = next((n for n in range(1, limit + 1) if _spells(short, words[-n:])), None)
    clause = first is not None and (words[-first].lower() in _FUNCTION_WORDS
                                    or any(w.lower() in _CLAUSE_WORDS for w in words[-first:]))
    if not any(c.isalpha() for c in chars) or first is None or clause:
        assert found is None
    else:
        assert found == " ".join(words[-first:])

"""normalize_figure on the example record and on every labeled dev figure."""

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pfocr_genes import load_record, normalize_figure, resolve
from tests.conftest import EXAMPLE


@pytest.fixture(scope="module")
def example():
    return normalize_figure(EXAMPLE)


def kw(result, text):
    return next(k for k in result.keywords if k.text == text)


def test_one_entry_per_keyword_in_record_order(example):
    assert [k.text for k in example.keywords] == list(load_record(EXAMPLE).keywords)


def test_diseases_have_mesh_ids_and_are_grouped(example):
    for text in ("CANCER", "Cancer", "cancer", "carcinoma", "BREAST CANCER", "breast Cancer"):
        k = kw(example, text)
        assert k.kind == "disease" and k.mesh_id and k.mesh_id.startswith("D"), k
    assert kw(example, "breast Cancer").mesh_id == "D001943"  # Breast Neoplasms
    cancer = [g for g in example.groups if g.kind == "disease" and "cancer" in g.keywords]
    assert len(cancer) == 1 and set(cancer[0].keywords) == {"CANCER", "Cancer", "cancer"}


def test_bisphosphonates_is_a_drug(example):
    k = kw(example, "Bisphosphonates")
    assert (k.kind, k.drug, k.mesh_id) == ("chemical", True, "D004164")
    assert "INN" in k.drug_reason


def test_tnf_a_is_tnf(example):
    k = kw(example, "TNF-a")
    assert (k.kind, k.symbol, k.hgnc_id, k.entrez_id) == ("gene", "TNF", "HGNC:11892", "7124")
    tnf = [g for g in example.groups if g.kind == "gene" and g.id == "HGNC:11892"]
    assert set(tnf[0].keywords) == {"TNF", "TNF-a"}


def test_every_approved_symbol_gets_its_ids(example):
    for k in example.keywords:
        r = resolve(k.text)
        if r.best and r.best.match == "approved" and r.best.symbol == k.text:
            assert k.kind == "gene" and k.symbol == k.text
            assert k.entrez_id == r.best.entrez_id and k.hgnc_id == r.best.hgnc_id


def test_ocr_words_and_caption_evidence(example):
    assert kw(example, "SLC6A2").ocr_words == ("NET",)
    assert kw(example, "PIGF").ocr_words == ("PIGF",)
    assert any("MMP9" in e for e in kw(example, "MMP9").caption_evidence)
    assert kw(example, "SETD2").caption_evidence == ()
    assert not example.unclassified


def test_keywords_only_mode(example):
    bare = normalize_figure(EXAMPLE, hits=False)
    assert not bare.hits_used and example.hits_used
    assert all(k.ocr_words == () for k in bare.keywords)
    assert [k.kind for k in bare.keywords] == [k.kind for k in example.keywords]


def test_common_word_goes_to_the_evidence_with_alternative():
    r = normalize_figure(["NO", "ATP", "Met", "MET", "cAMP"])
    kinds = {k.text: k for k in r.keywords}
    assert kinds["NO"].kind == "chemical"
    assert kinds["Met"].kind == "chemical" and any("MET" in a for a in kinds["Met"].alternatives)
    assert kinds["MET"].kind == "gene" and kinds["MET"].symbol == "MET"
    assert kinds["ATP"].kind == "chemical" and kinds["ATP"].mesh_id == "D000255"


def test_mouse_symbols_in_a_mouse_record():
    rec = {"figid": "m1", "figtitle": "Signalling in mouse macrophages",
           "schema-jsonld": {"keywords": ["Trp53", "Il6", "TP53"]}}
    r = normalize_figure(rec)
    trp53 = kw(r, "Trp53")
    assert (trp53.kind, trp53.species, trp53.taxon_id, trp53.symbol, trp53.hgnc_id) == (
        "gene", "Mus musculus", "10090", "Trp53", None)
    assert (trp53.human_ortholog.symbol, trp53.human_ortholog.hgnc_id) == ("TP53", "HGNC:11998")
    assert "MGI" in trp53.human_ortholog.source and not trp53.suspect  # the figure is about mouse
    assert (kw(r, "TP53").species, kw(r, "TP53").taxon_id) == ("Homo sapiens", "9606")
    human = normalize_figure({"figid": "h", "schema-jsonld": {"keywords": ["Trp53"]}})
    assert human.keywords[0].taxon_id != "10090"  # no mouse named anywhere: not read as mouse


def test_to_dict_contract(example):
    d = json.loads(json.dumps(example.to_dict()))
    assert d["figid"] == "PMC11580516__12943_2024_2165_Fig4_HTML"
    required = {"text", "kind", "species", "symbol", "hgnc_id", "entrez_id", "match", "mesh_id", "label",
                "suspect", "score", "reasons"}
    for entry in d["keywords"]:
        assert required <= set(entry)
    tnf = next(e for e in d["keywords"] if e["text"] == "TNF-a")
    assert tnf["symbol"] == "TNF" and tnf["mesh_id"] is None
    cancer = next(e for e in d["keywords"] if e["text"] == "cancer")
    assert cancer["symbol"] is None and cancer["hgnc_id"] is None and cancer["mesh_id"] == "D009369"


def test_to_frame_when_pandas_is_installed(example):
    pd = pytest.importorskip("pandas")
    df = example.to_frame()
    assert isinstance(df, pd.DataFrame) and len(df) == len(example.keywords)


def test_unlabeled_dev_records_never_crash(dev_dir):
    n = 0
    for md in sorted((dev_dir / "unlabeled").glob("*.md")):
        result = normalize_figure(md)
        assert len(result.keywords) == len(result.to_dict()["keywords"])
        n += 1
    assert n > 100


@given(st.lists(st.sampled_from(["mouse", "Mice", "MURINE", "mus musculus", "rat", "Rats", "rattus", "rate",
                                 "mousetrap", "amice", "pirate", "brat", "murine-derived", "_rat", "2rats"]),
                max_size=6),
       st.lists(st.sampled_from([" ", "-", ".", "(", "_", "", "\n"]), min_size=6, max_size=6))
def test_species_mentions_are_whole_words_in_any_case(words, seps):
    """The literal-first patterns find what the plain whole-word, any-case patterns find."""
    import re  # noqa: PLC0415

    from pfocr_genes.species import MOUSE, RAT, record_species  # noqa: PLC0415

    text = "".join(w + s for w, s in zip(words, seps, strict=False))
    expected = {name for name, rx in ((MOUSE, r"\b(mouse|mice|murine|mus musculus)\b"), (RAT, r"\b(rats?|rattus)\b"))
                if re.search(rx, text, re.IGNORECASE)}
    assert record_species(text) == expected

"""Genes of every species (issue 12): word-table hits of other species, the species a figure
is about, orthologs, species noise, the older layout, exports and the online ortholog path.

Fixtures in tests/fixtures/species: two real current PFOCR records (CC0) and small records
built in the current database layout for a fly, a zebrafish and an Arabidopsis figure.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pfocr_genes import load_record, normalize_figure
from pfocr_genes.exports import gene_sets, gmt_line, parse_species, tsv_rows
from pfocr_genes.mygene_client import MyGeneClient
from pfocr_genes.taxa import figure_species, taxon
from tests.conftest import FIXTURES
from tests.mygene_server import MyGeneServer
from tests.test_cli import run

SPECIES = FIXTURES / "species"
HUMAN_FIGURE = SPECIES / "PMC5036846__bbv079f1p.md"  # HumanCyc MAPK cascade; fly hits from organism recognition
OLDER_LAYOUT = SPECIES / "PMC6864306__gr5.md"  # glioblastoma; hits in a genes: block


def kw(result, text):
    return next(k for k in result.keywords if k.text == text)


def test_fly_figure_keeps_fly_genes_with_their_ids_and_orthologs():
    r = normalize_figure(SPECIES / "fly_eye.md")
    rl = kw(r, "rl")
    assert (rl.kind, rl.species, rl.taxon_id, rl.symbol, rl.entrez_id, rl.hgnc_id) == (
        "gene", "Drosophila melanogaster", "7227", "rl", "3354888", None)
    assert rl.ocr_words == ("ERK",) and "word table" in rl.source
    # the same OCR word hit human MAPK1: its counterpart, with the evidence
    assert (rl.human_ortholog.symbol, rl.human_ortholog.hgnc_id) == ("MAPK1", "HGNC:6871")
    assert "'ERK'" in rl.human_ortholog.source
    fly = [k for k in r.keywords if k.taxon_id == "7227"]
    assert len(fly) == 4 and not any(k.suspect for k in fly), [(k.text, k.reasons) for k in fly]
    # MAPK1 and rl from one word are one gene in two lexicons, not an alias collision
    mapk1 = kw(r, "MAPK1")
    assert mapk1.taxon_id == "9606" and not any(f.name == "alias_collision" for f in mapk1.flags)


def test_zebrafish_figure():
    r = normalize_figure(SPECIES / "zebrafish_larvae.md")
    il1b, mapk14a = kw(r, "il1b"), kw(r, "mapk14a")
    assert (il1b.taxon_id, il1b.entrez_id, il1b.species) == ("7955", "405770", "Danio rerio")
    assert il1b.human_ortholog.symbol == "IL1B"
    assert (mapk14a.taxon_id, mapk14a.entrez_id) == ("7955", "65237")
    assert not il1b.suspect and not mapk14a.suspect, (il1b.reasons, mapk14a.reasons)


def test_arabidopsis_figure_keeps_plant_genes_and_flags_the_fly():
    r = normalize_figure(SPECIES / "arabidopsis_seed.md")
    vte1 = kw(r, "VTE1")
    assert (vte1.taxon_id, vte1.entrez_id, vte1.hgnc_id, vte1.suspect) == ("3702", "829413", None, False)
    pep = kw(r, "Pep")
    assert pep.taxon_id == "7227" and pep.suspect
    reason = pep.reasons[0]
    assert reason.startswith("other_species:") and "Arabidopsis" in reason and "organism recognition" in reason


def test_arabidopsis_stands_for_any_plant():
    rec = load_record(SPECIES / "arabidopsis_seed.md")
    maize = {"figid": "maize", "figtitle": "Tocopherol synthesis in maize kernels", "caption": "Maize seeds.",
             "keywords": list(rec.keywords)}
    r = normalize_figure(maize, hits=SPECIES / "arabidopsis_seed-genes.tsv")
    assert not kw(r, "VTE1").suspect and kw(r, "Pep").suspect


def test_human_figure_flags_drosophila_noise():
    r = normalize_figure(HUMAN_FIGURE)
    fly = [k for k in r.keywords if k.taxon_id == "7227"]
    assert len(fly) >= 8 and all(k.suspect for k in fly)
    assert all("about human" in k.reasons[0] and "organism recognition" in k.reasons[0] for k in fly)
    # human genes of the same words are judged by the human rules alone
    for sym in ("KRAS", "HRAS", "RAF1", "MAP2K1"):
        k = kw(r, sym)
        assert k.taxon_id == "9606" and not k.suspect, (sym, k.reasons)
    # keywords only: fly-style keywords are genes of an unknown species, flagged as noise
    r = normalize_figure(HUMAN_FIGURE, hits=False)
    ras = kw(r, "ras")
    assert ras.kind == "gene" and ras.species is None and ras.species_candidates == ("7227",) and ras.suspect


def test_older_layout_reads_the_genes_block():
    rec = load_record(OLDER_LAYOUT)
    assert rec.hits and all(h.taxon_id == "9606" for h in rec.hits)
    assert any(h.word == "EGFR" and h.symbol == "EGFR" and h.entrez_id == "1956" for h in rec.hits)
    r = normalize_figure(OLDER_LAYOUT)
    assert r.hits_used and kw(r, "EGFR").ocr_words == ("EGFR",)
    assert not normalize_figure(OLDER_LAYOUT, hits=False).hits_used


def test_genes_block_errors_name_the_problem():
    from pfocr_genes.records import RecordError, record_from_mapping  # noqa: PLC0415

    with pytest.raises(RecordError, match="genes item 1"):
        record_from_mapping({"keywords": ["A"], "genes": ["not a hit"]}, "x.md")
    with pytest.raises(RecordError, match="'genes' must be a list"):
        record_from_mapping({"keywords": ["A"], "genes": "EGFR"}, "x.md")


def test_keywords_only_mouse_symbols_and_species_noise():
    rec = {"figid": "h", "figtitle": "Cytokine signalling in human T cells", "organisms_ner": ["Mus musculus"],
           "keywords": ["Il6", "STAT3"]}
    il6 = kw(normalize_figure(rec), "Il6")
    assert (il6.taxon_id, il6.symbol, il6.human_ortholog.symbol) == ("10090", "Il6", "IL6")
    assert il6.suspect and "organism recognition" in il6.reasons[0]
    rec["figtitle"] = "Cytokine signalling in mouse T cells"
    assert not kw(normalize_figure(rec), "Il6").suspect


def test_keywords_only_fly_nomenclature_is_a_gene_of_unknown_species():
    fly = {"figid": "f", "figtitle": "Dpp signalling in the Drosophila wing",
           "organisms_ner": ["Drosophila melanogaster"], "keywords": ["dpp", "tkv", "TNF-a", "phosphate"]}
    r = normalize_figure(fly)
    dpp = kw(r, "dpp")
    assert (dpp.kind, dpp.species, dpp.hgnc_id, dpp.species_candidates) == ("gene", None, None, ("7227",))
    assert not dpp.suspect  # the figure is about the fly
    assert kw(r, "TNF-a").symbol == "TNF"  # a human raw word stays human
    assert kw(r, "phosphate").kind == "chemical"
    human = dict(fly, figtitle="TGF-beta signalling in human fibroblasts")
    assert kw(normalize_figure(human), "dpp").suspect
    assert kw(normalize_figure(dict(fly, organisms_ner=[])), "dpp").symbol == "DSPP"  # no fly named: as before


@pytest.mark.parametrize(("text", "organisms", "about"), [
    ("Wnt signalling in zebrafish fins", (), {"7955"}),
    ("In D. melanogaster S2R+ cells", (), {"7227"}),
    ("C57BL/6 macrophages", (), {"10090"}),
    ("A review", ("Mus musculus", "Rattus norvegicus", "Homo sapiens", "Danio rerio"), set()),  # a review
    ("A study", ("Oryza sativa",), {"4530"}),
    ("Nothing named", (), set()),
])
def test_figure_species(text, organisms, about):
    fsp = figure_species(title=text, caption=None, papertitle=None, organisms=organisms)
    assert set(fsp.about) == about
    assert fsp.is_about("9606")  # human is every animal figure's reference


def test_taxon_names_and_strains():
    assert taxon(name="Escherichia coli str. K-12 substr. MG1655").taxon_id == "511145"
    assert taxon("4932").name == "Saccharomyces cerevisiae"
    assert parse_species("fly") == "7227" and parse_species("human") == "9606" and parse_species("10090") == "10090"
    with pytest.raises(ValueError, match="unknown species"):
        parse_species("unicorn")


@given(st.text(max_size=200))
def test_figure_species_never_crashes(text):
    fsp = figure_species(title=text, caption=text, papertitle=None, organisms=(text,))
    assert isinstance(fsp.describe(), str)


def test_exports_carry_species_and_orthologs():
    r = normalize_figure(SPECIES / "fly_eye.md")
    rows = [line.rstrip("\n").split("\t") for line in tsv_rows(r)]
    from pfocr_genes.exports import TSV_COLUMNS  # noqa: PLC0415

    rl = dict(zip(TSV_COLUMNS, next(x for x in rows if x[1] == "rl"), strict=True))
    assert (rl["taxon_id"], rl["species"], rl["human_ortholog_symbol"], rl["human_ortholog_entrez_id"]) == (
        "7227", "Drosophila melanogaster", "MAPK1", "5594")
    sets = gene_sets(r)
    assert sets["7227"] == ["3354888", "31221", "31872", "41140"] and sets["9606"] == ["5594"]
    lines = gmt_line(r).splitlines()
    assert [x.split("\t")[0] for x in lines] == ["fly_eye", "fly_eye_7227"]
    assert "(Drosophila melanogaster)" in lines[1].split("\t")[1]
    human = gmt_line(r, ids="symbol", species="9606", orthologs=True).split("\t")
    assert human[0] == "fly_eye" and human[2:] == ["MAPK1\n"]  # rl -> MAPK1, already there


def test_cli_gmt_species_options():
    p = run("normalize", "-q", "-f", "gmt", "--gmt-species", "fly", str(SPECIES / "fly_eye.md"))
    assert p.returncode == 0 and p.stdout.startswith("fly_eye_7227\t"), p.stderr
    p = run("normalize", "-q", "-f", "gmt", "--orthologs", str(SPECIES / "fly_eye.md"))
    assert p.returncode == 2 and "--gmt-species human" in p.stderr
    p = run("normalize", "-q", "-f", "gmt", "--gmt-species", "unicorn", str(SPECIES / "fly_eye.md"))
    assert p.returncode == 2 and "unknown species" in p.stderr


FLY_RL = {"_id": "3354888", "symbol": "rl", "name": "rolled", "entrezgene": 3354888, "taxid": 7227,
          "type_of_gene": "protein-coding", "alias": ["ERK", "MAPK"],
          "homologene": {"id": 37670, "genes": [[7227, 3354888], [9606, 5594], [10090, 26413]]}}
FLY_DPP = {"_id": "33432", "symbol": "dpp", "name": "decapentaplegic", "entrezgene": 33432, "taxid": 7227,
           "type_of_gene": "protein-coding", "homologene": {"id": 1, "genes": [[7227, 33432], [9606, 652]]}}


@pytest.fixture
def server():
    srv = MyGeneServer(others=[FLY_RL, FLY_DPP])
    srv.start()
    yield srv
    srv.stop()


def test_online_orthologs_from_mygene_homology_groups(server, tmp_path):
    client = MyGeneClient(url=server.url, cache=tmp_path / "c.sqlite", backoff=0.01)
    # a word-table fly gene: fetched by its NCBI id, its human ortholog from the homologene group
    r = normalize_figure(SPECIES / "fly_eye.md", online=True, client=client)
    rl = kw(r, "rl")
    assert (rl.online.status, rl.online.taxon_id) == ("species_gene", "7227")
    assert (rl.human_ortholog.symbol, rl.human_ortholog.entrez_id) == ("MAPK1", "5594")
    assert "homologene" in rl.human_ortholog.source
    # keywords only: a fly-style keyword looked up in the species organism recognition names
    rec = {"figid": "f", "figtitle": "Dpp in the Drosophila wing", "organisms_ner": ["Drosophila melanogaster"],
           "keywords": ["dpp"]}
    dpp = normalize_figure(rec, online=True, client=client).keywords[0]
    assert (dpp.taxon_id, dpp.species, dpp.symbol, dpp.entrez_id) == ("7227", "Drosophila melanogaster", "dpp", "33432")
    assert dpp.human_ortholog.symbol == "BMP4"
    assert any(path.endswith("/query") for path, _, _ in server.requests)


@given(st.text(max_size=40))
def test_nomenclature_never_crashes_and_never_takes_an_upper_case_symbol(text):
    from pfocr_genes.species_genes import looks_like_species_gene  # noqa: PLC0415
    from pfocr_genes.taxa import BY_ID  # noqa: PLC0415

    found = looks_like_species_gene(text, [BY_ID["7227"], BY_ID["7955"], BY_ID["6239"]])
    if text.upper() == text:
        assert found == ()  # human symbols (TP53, TNF-A) are never read as another species' gene

"""The name index builder (pfocr_genes.build.name_index) on small real files, and the embedded
index it wrote."""

from __future__ import annotations

import random

import pytest

from pfocr_genes.build.name_index import build_name_index, split_index, symbol_form
from pfocr_genes.name_keys import name_key
from pfocr_genes.resolver import Resolver
from pfocr_genes.snapshot import default_snapshot

#: genes.tsv rows (snapshot.GENE_COLUMNS): HGNC genes, one withdrawn, one NCBI-only locus.
GENES = [
    ["HGNC:130", "ACTA2", "actin alpha 2, smooth muscle", "gene with protein product", "approved", "", "", "59",
     "ACTA2", "", "protein-coding", "", "", "", "", "", ""],
    ["HGNC:6547", "LDLR", "low density lipoprotein receptor", "gene with protein product", "approved", "", "",
     "3949", "LDLR", "", "protein-coding", "", "", "", "", "", ""],
    ["HGNC:603", "APOB", "apolipoprotein B", "gene with protein product", "approved", "", "", "338", "APOB", "",
     "protein-coding", "", "", "", "", "", ""],
    ["HGNC:6692", "LRP1", "LDL receptor related protein 1", "gene with protein product", "approved", "", "", "4035",
     "LRP1", "", "protein-coding", "", "", "", "", "", ""],
    ["HGNC:12698", "VLDLR", "very low density lipoprotein receptor", "gene with protein product", "approved", "", "",
     "7436", "VLDLR", "", "protein-coding", "", "", "", "", "", ""],
    ["HGNC:9999", "OLD1", "withdrawn", "unknown", "withdrawn", "", "", "", "", "", "", "", "", "", "", "", ""],
    ["HGNC:3551", "F9", "coagulation factor IX", "gene with protein product", "approved", "", "", "2158", "F9",
     "", "protein-coding", "", "", "", "", "", ""],
    ["HGNC:399", "ALB", "albumin", "gene with protein product", "approved", "", "", "213", "ALB", "",
     "protein-coding", "", "", "", "", "", ""],
    ["HGNC:4261", "GH1", "growth hormone 1", "gene with protein product", "approved", "", "", "2688", "GH1", "",
     "protein-coding", "", "", "", "", "", ""],
    ["HGNC:4262", "GH2", "growth hormone 2", "gene with protein product", "approved", "", "", "2689", "GH2", "",
     "protein-coding", "", "", "", "", "", ""],
    ["", "LOC1", "made-up locus one", "ncRNA", "ncbi", "", "", "100", "LOC1", "", "ncRNA", "", "", "", "", "",
     ""],
]


@pytest.fixture
def sources(tmp_path):
    (tmp_path / "mesh_supplementary.tsv").write_text(
        "C1\tACTA2 protein, human\talpha-SMA protein, human|alpha-smooth muscle actin, human\tD1\n"
        "C2\tLDLR protein, human\tlow density lipoprotein receptor, human\tD2\n"
        "C3\tAPOB protein, human\tapolipoprotein B, human\tD2\n"
        "C4\tLRP1 protein, human\tLRP1 protein, human\tD2\n"
        "C5\tVLDLR protein, human\tVLDL receptor, human\tD2\n", encoding="utf-8")
    (tmp_path / "mesh_descriptors.tsv").write_text(
        "D1\tActins\tActin|F-Actin\tD12.776.210\t\n"
        "D9\tCytoplasmic Actins\tbeta-Actin\tD12.776.210.500\t\n"
        "D2\tReceptors, LDL\tLDL Receptors|Low Density Lipoprotein Receptor|LDL Receptors, Lipoprotein\tD12.776.543\t\n"
        "D5\tFactor IX\tChristmas Factor|Coagulation Factor IX|Factor 9\tD08.622.355|D12.776.124.125.375\t\n"
        "D6\tFactor IXa\tActivated Factor IX\tD12.776.124.125.375.310\t\n"
        "D7\tAlbumins\tAlbumin|Albumin fraction\tD12.776.034\t\n"
        "D8\tSerum Albumin\tPlasma Albumin\tD12.776.034.145\t\n"
        "D10\tUrokinase-Type Plasminogen Activator\tUrokinase|U-PA\tD08.811.277\t\n",
        encoding="utf-8")
    (tmp_path / "ncbi_gene_human.tsv").write_text(
        "GeneID\tSymbol\tdescription\ttype_of_gene\tSynonyms\n"
        "59\tACTA2\tactin alpha 2, smooth muscle\tprotein-coding\t\n"
        "100\tLOC1\tmade-up locus one\tncRNA\t\n"
        "3949\tLDLR\tLDL receptor\tprotein-coding\t\n", encoding="utf-8")
    return tmp_path


def codes(index: dict[str, str], key: str) -> dict[str, str]:
    return {e.split(" ")[0]: e.split(" ")[1] for e in index.get(key, "").split(",") if e}


def test_each_source_gets_its_code(sources):
    index = build_name_index(sources, GENES)
    assert codes(index, name_key("smooth muscle actin alpha 2")) == {"HGNC:130": "H"}
    assert codes(index, name_key("made-up locus one")) == {"NCBIGene:100": "D"}
    assert codes(index, name_key("alpha-smooth muscle actin")) == {"HGNC:130": "X"}
    assert index["ASMA"] == "HGNC:130 Z alpha-SMA"  # written like a symbol: under the symbol key
    assert not any("HGNC:9999" in v for v in index.values())  # withdrawn entries have no names


def test_a_descriptor_of_many_concepts_names_only_the_gene_it_is_named_after(sources):
    index = build_name_index(sources, GENES)
    # "Receptors, LDL" is mapped from four concepts; one of its names is LDLR's own name
    assert codes(index, name_key("LDL receptor")) == {"HGNC:6547": "D"}  # NCBI's description, not APOB's
    assert codes(index, name_key("LDL Receptors, Lipoprotein")) == {"HGNC:6547": "Y"}
    assert codes(index, name_key("apolipoprotein B")) == {"HGNC:603": "H"}
    assert codes(index, name_key("Actins")) == {}  # a class word of one word, but not this gene's


def test_a_descriptor_that_is_one_genes_product_gives_its_names(sources):
    index = build_name_index(sources, GENES)
    # no concept maps to "Factor IX", but its name "Coagulation Factor IX" is F9's approved name
    assert codes(index, name_key("Christmas factor")) == {"HGNC:3551": "Y"}
    assert codes(index, name_key("Factor 9")) == {"HGNC:3551": "Y"}
    # a one-word name equal to a gene's, of a descriptor with narrower ones, names a class
    assert name_key("Albumin fraction") not in index
    assert codes(index, name_key("albumin")) == {"HGNC:399": "H"}


def test_a_descriptor_with_narrower_ones_is_a_class_whatever_maps_to_it(sources):
    # one concept (ACTA2's) maps to "Actins", which holds "Cytoplasmic Actins"
    assert name_key("F-Actin") not in build_name_index(sources, GENES)


def test_a_name_without_its_number_names_the_numbered_genes(sources):
    index = build_name_index(sources, GENES)
    assert codes(index, name_key("growth hormone")) == {"HGNC:4261": "U", "HGNC:4262": "U"}
    # LDLR's name is no numbered name, and a stem another gene holds as its name stays that gene's
    assert codes(index, name_key("LDL receptor")) == {"HGNC:6547": "D"}


def test_excluded_names_stay_out(sources):
    index = build_name_index(sources, GENES, exclude={("HGNC:130", "alpha-SMA protein")})
    assert "ASMA" not in index
    assert name_key("alpha-smooth muscle actin") in index


@pytest.mark.parametrize(("name", "form"), [
    ("alpha-SMA protein", "alpha-SMA"), ("ACC1 protein", "ACC1"), ("p62", "p62"),
    ("osteocalcin protein", None), ("bone gla protein", None), ("a, b", None), ("Urokinase", None),
    ("alpha-Synuclein", None), ("beta-Catenin", None), ("Smad", "Smad"), ("alpha-SMA", "alpha-SMA"),
])
def test_symbol_form(name, form):
    assert symbol_form(name) == form


def test_split_keeps_every_key_once():
    index = {"ASMA": "HGNC:1 Z a-SMA", "actin smooth": "HGNC:1 H", "12": "HGNC:2 Z 12"}
    names, symbols = split_index(index)
    assert names == {"actin smooth": "HGNC:1 H"} and set(symbols) == {"ASMA", "12"}


def test_every_embedded_name_entry_names_a_gene_row():
    snap = default_snapshot()
    rng = random.Random(7)
    items = rng.sample(sorted(snap.names.items()), 500) + rng.sample(sorted(snap.mesh_symbols.items()), 500)
    for _key, value in items:
        for entry in value.split(","):
            ident = entry.split(" ")[0]
            row = snap.row_of_identity(ident)
            assert row is not None, ident
            g = snap.gene(row)
            assert ident in (g.hgnc_id, f"NCBIGene:{g.entrez_id}")


def test_row_of_identity_finds_every_hgnc_row():
    snap = default_snapshot()
    for row in range(0, len(snap), 97):
        g = snap.gene(row)
        if g.hgnc_id:
            assert snap.row_of_identity(g.hgnc_id) == row
    assert snap.row_of_identity("HGNC:0") is None and snap.row_of_identity("nonsense") is None


def test_a_snapshot_without_name_tables_still_resolves(tmp_path):
    import shutil  # noqa: PLC0415 - only here

    for f in default_snapshot().data_dir.iterdir():
        if f.is_file() and f.name not in ("name_index.json.gz", "mesh_symbols.json.gz"):
            shutil.copy(f, tmp_path / f.name)
    from pfocr_genes.snapshot import Snapshot  # noqa: PLC0415

    r = Resolver(Snapshot(tmp_path))
    assert r.resolve("TP53").best.symbol == "TP53"
    assert r.resolve("matrix metalloproteinase-2").kind == "none"  # no names: nothing, no error


def test_a_concept_named_like_one_gene_lends_it_its_synonyms(sources):
    with open(sources / "mesh_supplementary.tsv", "a", encoding="utf-8") as fh:
        fh.write("C9\tlow density lipoprotein receptor\tfamilial hypercholesterolemia receptor|LDL-R7\tD2\n"
                 "C10\tapolipoprotein B, mouse\tmouse only name\tD2\n")
    index = build_name_index(sources, GENES)
    assert codes(index, name_key("familial hypercholesterolemia receptor")) == {"HGNC:6547": "X"}
    assert index["LDLR7"] == "HGNC:6547 Z LDL-R7"
    assert name_key("mouse only name") not in index  # a concept of another species

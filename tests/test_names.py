"""Other names of genes (issue 14): a caption's long form in its own words still names the gene."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from pfocr_genes.build.names import build_gene_names
from pfocr_genes.names import covers, tokens
from pfocr_genes.resolver import default_resolver
from pfocr_genes.rules.word import means_gene


def gene(symbol: str):
    res = default_resolver().resolve(symbol)
    return default_resolver().snapshot.gene(res.best.row)


def test_long_forms_in_other_words_name_the_gene():
    for long_form, symbol in [("apoptotic signaling kinase 1", "MAP3K5"), ("C EBP Homologous Protein", "DDIT3"),
                              ("melanoma differentiation-associated gene-5", "IFIH1"),
                              ("long chain fatty acyl elongase", "ELOVL6"),
                              ("S adenosyl homocysteine hydrolase", "AHCY")]:
        assert means_gene(long_form, gene(symbol), default_resolver()), (long_form, symbol)


def test_other_things_are_not_the_gene():
    assert not means_gene("aldehyde dehydrogenase", gene("ADH1C"), default_resolver())  # a family, not ADH1C
    assert not means_gene("neutrophil extracellular traps", gene("ELK3"), default_resolver())
    assert not covers("kinase", "mitogen-activated protein kinase 1")  # one word is no name
    assert not covers("MAP kinase 3", "mitogen-activated protein kinase 1")  # numbers must agree


def test_tokens_tolerate_inflection_and_generic_words():
    assert tokens("apoptosis signal-regulating kinase-1") >= tokens("apoptotic signaling kinase 1")
    assert tokens("Suppressors of cytokine signaling proteins") == tokens("suppressor of cytokine signaling")


@given(st.text(max_size=80), st.text(max_size=80))
def test_covers_never_crashes_and_is_reflexive(a, b):
    covers(a, b)
    if len(tokens(a)) >= 2:
        assert covers(a, a)


def test_builder_reads_mesh_human_protein_concepts(tmp_path):
    (tmp_path / "mesh_descriptors.tsv").write_text(
        "D051742\tTranscription Factor CHOP\tC-EBP Homologous Protein|GADD153 Protein\tD12.776\t\n"
        "D000001\tKinases\tKinase\tD08.811\t\n")
    (tmp_path / "mesh_supplementary.tsv").write_text(
        "C497249\tDDIT3 protein, human\tGADD153 protein, human|CHOP protein, human\tD051742\n"
        "C000001\tFOO1 protein, human\tfoo\t*D000001\n"
        "C000002\tBAR1 protein, human\tbar one\t*D000001\n"
        "C000003\tBAZ1 protein, human\tbaz one\t*D000001\n"
        "C000004\tQUX1 protein, human\tqux one\t*D000001\n"
        "C000005\tTP53 protein, mouse\tp53, mouse\t\n")
    genes = [["HGNC:2726", "DDIT3", "DNA damage inducible transcript 3", "gene with protein product", "approved"],
             *[[f"HGNC:{i}", s, s, "gene with protein product", "approved"] for i, s in
               enumerate(("FOO1", "BAR1", "BAZ1", "QUX1", "TP53"), 1)]]
    names = build_gene_names(tmp_path, genes)
    assert names["HGNC:2726"] == ["GADD153 protein", "CHOP protein", "Transcription Factor CHOP",
                                  "C-EBP Homologous Protein", "GADD153 Protein"]
    assert "Kinases" not in names.get("HGNC:2", [])  # a descriptor of 4 proteins names none of them
    assert "HGNC:5" not in names  # mouse concepts are not human names

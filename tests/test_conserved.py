"""Functions other kingdoms share (issue 14): a human gene of a KEGG metabolic map is a
same-named homolog's counterpart in a plant, fungal or bacterial figure, not a collision."""

from __future__ import annotations

from pfocr_genes import normalize_figure
from pfocr_genes.build.conserved import build_conserved

YEAST = {"figid": "y", "figtitle": "Aldehyde metabolism in the yeast Saccharomyces cerevisiae",
         "caption": "Yeast cells convert aldehydes to acids; the fungal pathway in S. cerevisiae.",
         "keywords": ["ALDH9A1", "TAL1", "MT-ATP6"]}


def kw(result, text):
    return next(k for k in result.keywords if k.text == text)


def test_metabolic_genes_are_counterparts_in_other_kingdoms():
    r = normalize_figure(YEAST)
    names = {k.text: {f.name for f in k.flags} for k in r.keywords}
    reasons = {k.text: " ".join(k.reasons or ()) for k in r.keywords}
    assert "not an enzyme such organisms share" not in reasons["ALDH9A1"]
    assert "not an enzyme such organisms share" not in reasons["MT-ATP6"]
    # a real collision stays: yeast TAL1 is a transaldolase, human TAL1 a transcription factor
    assert "other_organism" in names["TAL1"] and kw(r, "TAL1").suspect


def test_builder_keeps_metabolic_maps_only(tmp_path):
    (tmp_path / "ncbi_gene_kegg.tsv").write_text("GeneID\tkegg_pathways\n219\t00010,01100\n2261\t04010,05200\n"
                                                "4508\t00190\n")
    (tmp_path / "ncbi_gene_ec.tsv").write_text("GeneID\tec_numbers\n2261\t2.7.10.1\n")
    assert build_conserved(tmp_path) == ["219", "4508"]  # FGFR3 (2261): a kinase, not shared metabolism
    assert build_conserved(tmp_path / "missing") == []

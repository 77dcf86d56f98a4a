"""Data building: turns the public source tables into the snapshot files in ``data/``.

Run once per data release (``python -m pfocr_genes.build SOURCES_DIR --out data``), never
while normalizing figures: the runtime (:mod:`pfocr_genes.snapshot`, the resolver, the rules)
only reads what these modules wrote. One module per table: :mod:`.data` (gene table, symbol
index, FamPlex families; runs the others), :mod:`.terms` (MeSH/DOID vocabularies),
:mod:`.names` and :mod:`.name_index` (other names of genes), :mod:`.conserved` (functions other
kingdoms share), :mod:`.priors` (PubMed counts), :mod:`.lexicons` (other species, for
``data update``).
"""

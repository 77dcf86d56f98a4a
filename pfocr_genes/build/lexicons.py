"""Build ``species_lexicons.json.gz``: the genes of other species, with their human orthologs.

For each species downloaded by ``data update`` (fly, zebrafish, worm, yeast...): every gene's
NCBI Gene id, symbol, name and synonyms from NCBI's gene_info file, and its human orthologs
from NCBI's gene_orthologs (their human symbols taken from the new gene table, so they match
what the resolver answers). Read at run time by :mod:`pfocr_genes.lexicons`.

Layout (one string per species, one line per gene, like ``terms.json.gz``: a species has
up to ~80k genes and small lists would cost several times the memory once loaded)::

    {"format": 1, "species": {"7227": {"name": "Drosophila melanogaster", "genes":
        "entrez<TAB>symbol<TAB>name<TAB>syn|syn<TAB>human entrez:symbol|...<TAB>type<NL>..."}}}
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from pfocr_genes.lexicons import LEXICON_FORMAT
from pfocr_genes.update.source_files import GeneInfoTable, OrthologTable

#: taxon id -> (scientific name, a function reading its gene_info table). A function, so that
#: one species' table at a time is in memory (mouse alone has ~80k genes).
SpeciesTables = Mapping[str, tuple[str, Callable[[], GeneInfoTable]]]

LEXICON_COLUMNS = ("entrez_id", "symbol", "name", "synonyms", "human", "type")


def _clean(value: str) -> str:
    """Fields are tab-, pipe- and colon-separated in the layout; none may occur in a value
    where it would split it (symbols and names keep their colons: only lists are split)."""
    return " ".join(value.replace("\t", " ").replace("|", "/").split())


def human_symbols(genes: Sequence[Sequence[str]]) -> dict[str, str]:
    """NCBI Gene id -> symbol of the gene table (HGNC rows come first: their symbol wins)."""
    out: dict[str, str] = {}
    for g in genes:
        if g[7] and g[4] != "withdrawn":
            out.setdefault(g[7], g[1])
    return out


def lexicon_doc(species: SpeciesTables, orthologs: OrthologTable,
                symbols: Mapping[str, str]) -> tuple[dict, dict[str, dict]]:
    """The document, and per species the counts for the manifest.

    ``species``: see :data:`SpeciesTables`; ``symbols``: human NCBI
    Gene id -> symbol (:func:`human_symbols`). Orthologs whose human gene is not in the gene
    table are dropped (withdrawn or never named there).
    """
    doc: dict[str, dict] = {}
    counts: dict[str, dict] = {}
    for tid, (name, read) in sorted(species.items(), key=lambda kv: int(kv[0]) if kv[0].isdigit() else 0):
        table = read()
        lines = []
        with_human = 0
        for g in table.genes:
            human = [(h, symbols[h]) for h in orthologs.of(tid, g.entrez_id) if h in symbols]
            with_human += bool(human)
            lines.append("\t".join((
                g.entrez_id, _clean(g.symbol), _clean(g.name), "|".join(_clean(s) for s in g.spellings()),
                "|".join(f"{h}:{_clean(s)}" for h, s in human), _clean(g.type_of_gene))))
        doc[tid] = {"name": name, "genes": "\n".join(lines)}
        counts[tid] = {"name": name, "genes": len(lines), "with_human_ortholog": with_human,
                       "newest_date": table.info.newest.isoformat() if table.info.newest else None}
    return {"format": LEXICON_FORMAT, "species": doc}, counts

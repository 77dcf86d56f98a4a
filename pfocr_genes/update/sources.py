"""What ``pfocr-genes data update`` downloads: the URLs, and NCBI's per-species gene_info files.

Three kinds of public files, none of which needs an account:

- HGNC's complete set (``hgnc_complete_set.txt``, tab-separated, every approved human gene);
- NCBI Gene's ``gene_info`` of human and of each species asked for (gzip, one folder per
  group of organisms: ``GENE_INFO/Invertebrates/Drosophila_melanogaster.gene_info.gz``);
- NCBI Gene's ``gene_orthologs.gz`` (pairs of orthologous genes, most with a human gene).

``--base-url`` (or ``$PFOCR_GENES_UPDATE_URL``) replaces both the HGNC and the NCBI roots, so
a mirror, or the tests' server on 127.0.0.1, can stand in for them.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from datetime import date

import attrs

from pfocr_genes import taxa

HGNC_URL = "https://storage.googleapis.com/public-download-files/hgnc/tsv/tsv/hgnc_complete_set.txt"
NCBI_URL = "https://ftp.ncbi.nlm.nih.gov/gene/DATA/"
BASE_URL_ENV = "PFOCR_GENES_UPDATE_URL"
ORTHOLOGS_PATH = "gene_orthologs.gz"
HUMAN = taxa.HUMAN

#: Dates of the embedded snapshot's sources (data/SOURCES.md): a download whose newest entry
#: is older than these would make the snapshot older, not newer.
EMBEDDED_DATES: dict[str, date] = {"hgnc": date(2024, 7, 23), "gene_info:9606": date(2022, 9, 12)}


class SpeciesOptionError(ValueError):
    """A ``--species`` value names no species this command can download."""


@attrs.frozen(slots=True)
class SpeciesFile:
    """One species' NCBI gene_info file. ``row_taxa``: the tax ids its rows carry (S. pombe's
    file uses the strain id 284812, PFOCR the species id 4896)."""

    taxon_id: str
    name: str
    path: str
    row_taxa: frozenset[str]


def _species(taxon_id: str, path: str, *row_taxa: str) -> SpeciesFile:
    return SpeciesFile(taxon_id, taxa.species_name(taxon_id), path, frozenset({taxon_id, *row_taxa}))


#: NCBI's GENE_INFO paths of the species a figure is commonly about. Another species can be
#: given as ``TAXID=Group/Genus_species`` (the path under ``GENE_INFO/``, without the suffix).
GENE_INFO: dict[str, SpeciesFile] = {s.taxon_id: s for s in (
    _species(HUMAN, "GENE_INFO/Mammalia/Homo_sapiens.gene_info.gz"),
    _species(taxa.MOUSE, "GENE_INFO/Mammalia/Mus_musculus.gene_info.gz"),
    _species(taxa.RAT, "GENE_INFO/Mammalia/Rattus_norvegicus.gene_info.gz"),
    _species("9913", "GENE_INFO/Mammalia/Bos_taurus.gene_info.gz"),
    _species("9823", "GENE_INFO/Mammalia/Sus_scrofa.gene_info.gz"),
    _species("9615", "GENE_INFO/Mammalia/Canis_familiaris.gene_info.gz"),
    _species("9598", "GENE_INFO/Mammalia/Pan_troglodytes.gene_info.gz"),
    _species("7227", "GENE_INFO/Invertebrates/Drosophila_melanogaster.gene_info.gz"),
    _species("6239", "GENE_INFO/Invertebrates/Caenorhabditis_elegans.gene_info.gz"),
    _species("7955", "GENE_INFO/Non-mammalian_vertebrates/Danio_rerio.gene_info.gz"),
    _species("9031", "GENE_INFO/Non-mammalian_vertebrates/Gallus_gallus.gene_info.gz"),
    _species("8355", "GENE_INFO/Non-mammalian_vertebrates/Xenopus_laevis.gene_info.gz"),
    _species("559292", "GENE_INFO/Fungi/Saccharomyces_cerevisiae.gene_info.gz", "4932"),
    _species("4896", "GENE_INFO/Fungi/Schizosaccharomyces_pombe.gene_info.gz", "284812"),
    _species(taxa.ARABIDOPSIS, "GENE_INFO/Plants/Arabidopsis_thaliana.gene_info.gz"),
)}
#: Downloaded when ``--species`` is not given: the model organisms of most non-human figures.
DEFAULT_SPECIES = ("10090", "10116", "7227", "7955", "6239", "559292", "3702")


def parse_species(value: str | Iterable[str]) -> tuple[SpeciesFile, ...]:
    """``"7227,zebrafish,4577=Plants/Zea_mays"`` -> the species files to download.

    Items are NCBI taxon ids, scientific or common names (fly, zebrafish, worm, yeast...), or
    ``TAXID=Group/Genus_species`` for a species this table does not list. Human is always
    downloaded (it is the gene table), so it is left out here. Raises
    :class:`SpeciesOptionError` with the reason.
    """
    items = value.split(",") if isinstance(value, str) else list(value)
    out: dict[str, SpeciesFile] = {}
    for raw in items:
        item = raw.strip()
        if not item:
            continue
        if "=" in item:
            tid, _, path = (x.strip() for x in item.partition("="))
            parts = path.strip("/").split("/")
            if not tid.isdigit() or len(parts) != 2 or not all(parts) or any(".." in p for p in parts):
                raise SpeciesOptionError(f"{item!r}: write TAXID=Group/Genus_species, e.g. 4577=Plants/Zea_mays")
            f = SpeciesFile(tid, taxa.species_name(tid, parts[1].replace("_", " ")),
                            f"GENE_INFO/{parts[0]}/{parts[1].removesuffix('.gene_info.gz')}.gene_info.gz",
                            frozenset({tid}))
        else:
            f = _known(item)
        if f.taxon_id != HUMAN:
            out.setdefault(f.taxon_id, f)
    return tuple(out.values())


def _known(item: str) -> SpeciesFile:
    t = taxa.taxon(item) if item.isdigit() else taxa.taxon(name=item) or next(
        (t for t in taxa.TAXA if item.lower() in (t.common.lower(), t.name.split()[0].lower())), None)
    tid = t.taxon_id if t is not None else item
    if tid in GENE_INFO:
        return GENE_INFO[tid]
    known = ", ".join(f"{k} ({v.name})" for k, v in GENE_INFO.items() if k != HUMAN)
    raise SpeciesOptionError(f"{item!r}: no NCBI gene_info file known for it; give TAXID=Group/Genus_species "
                             f"(the path under GENE_INFO/ on NCBI's site), or one of: {known}")


@attrs.frozen(slots=True)
class Source:
    """One file to download: ``key`` names it in the manifest (``hgnc``, ``gene_info:7227``,
    ``orthologs``), ``file`` is its name in the download cache."""

    key: str
    file: str
    url: str
    species: SpeciesFile | None = None


def base_url(option: str | None) -> str | None:
    """The root replacing both HGNC's and NCBI's: the option, else the environment variable."""
    value = option or os.environ.get(BASE_URL_ENV) or None
    return value.rstrip("/") + "/" if value else None


def plan(species: Iterable[SpeciesFile], base: str | None = None) -> tuple[Source, ...]:
    """The downloads of one update: HGNC, human gene_info, each species' gene_info, orthologs."""
    ncbi = base or NCBI_URL
    hgnc = f"{base}hgnc_complete_set.txt" if base else HGNC_URL
    files = [GENE_INFO[HUMAN], *(s for s in species if s.taxon_id != HUMAN)]
    return (
        Source("hgnc", "hgnc_complete_set.txt", hgnc),
        *(Source(f"gene_info:{s.taxon_id}", s.path.rsplit("/", 1)[-1], ncbi + s.path, s) for s in files),
        Source("orthologs", ORTHOLOGS_PATH, ncbi + ORTHOLOGS_PATH),
    )

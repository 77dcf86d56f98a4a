"""Build a snapshot from current HGNC and NCBI downloads, carrying over what they do not give.

A user's machine has, after ``data update`` downloaded them, HGNC's complete set and NCBI
Gene's tables, but not the MeSH, DOID, FamPlex, INDRA, MGI and RGD tables the embedded
snapshot was built from. So the new snapshot is made of:

- ``genes.tsv.gz``, ``gene_index.json.gz``: rebuilt from the new HGNC + NCBI human tables
  with the builder's own functions (:func:`~pfocr_genes.build.data.build_genes`,
  :func:`~pfocr_genes.build.data.write_gene_tables`). HGNC's complete set lists approved
  genes only, so the base snapshot's withdrawn entries are carried into it (their
  replacements re-linked through HGNC ids): a withdrawn symbol still resolves as withdrawn.
- ``families.json.gz``, ``species.json.gz``: the base snapshot's, their gene rows remapped
  (:mod:`pfocr_genes.update.carry_over`); the curated grounding texts go into the new index again.
- every other data file of the base snapshot (``terms.json.gz``, and those keyed by HGNC or
  NCBI Gene ids: ``gene_names.json.gz``, ``pubmed_counts.json.gz``, ``conserved.json.gz``...):
  copied unchanged, so that a file the library gains is never missing from an updated
  snapshot. A new file that stores gene ROWS must be added to :data:`ROW_FILES` (and remapped
  in :mod:`pfocr_genes.update.carry_over`): copied, its rows would point at the wrong genes.
- ``species_lexicons.json.gz``: new (:mod:`pfocr_genes.build.lexicons`).
- ``manifest.json``: written last, so a folder without one is visibly unfinished.

Every file goes through one ``write`` function (:data:`~pfocr_genes.build.data.Writer`),
which syncs it to disk before the caller switches to the snapshot; tests pass one that fails
like a full disk, or is interrupted.
"""

from __future__ import annotations

import gzip
import json
import os
from collections.abc import Mapping
from pathlib import Path

import attrs

from pfocr_genes.build.data import Writer, build_genes, gz_bytes, read_hgnc, write_gene_tables
from pfocr_genes.build.lexicons import SpeciesTables, human_symbols, lexicon_doc
from pfocr_genes.lexicons import LEXICON_FILE
from pfocr_genes.textnorm import KEY_VERSION
from pfocr_genes.update.carry_over import remap_families, remap_species, row_map
from pfocr_genes.update.source_files import GeneInfoTable, OrthologTable

#: Files of a snapshot that this module writes itself (rebuilt, or remapped: ROW_FILES).
REBUILT_FILES = frozenset({"genes.tsv.gz", "gene_index.json.gz", "manifest.json", LEXICON_FILE})
#: Files that store gene rows of ``genes.tsv.gz`` (see :mod:`pfocr_genes.update.carry_over`).
ROW_FILES = frozenset({"families.json.gz", "species.json.gz"})


def copied_files(base: Path) -> list[str]:
    """The base snapshot's data files carried over unchanged (documentation left out)."""
    return sorted(p.name for p in base.iterdir() if p.is_file() and not p.name.startswith(".")
                  and p.suffix != ".md" and p.name not in REBUILT_FILES | ROW_FILES)


#: Entries of the base manifest that describe the gene tables (set anew); the others are
#: counts of the carried-over parts and stay.
_OWN_ENTRIES = frozenset({"key_version", "genes", "index_keys", "families", "sources", "update", "carried_over",
                          "species_lexicons"})


def durable_write(path: Path, data: bytes) -> None:
    """Write and fsync: the pointer must not switch to a snapshot whose files are still in
    the page cache only (a power cut would leave them empty)."""
    with open(path, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())


@attrs.frozen(slots=True)
class UpdateInputs:
    """The checked downloads: HGNC's complete set (a path: the builder reads it), the human
    gene_info, the other species' gene_info tables and the orthologs."""

    hgnc: Path
    human: GeneInfoTable
    species: SpeciesTables
    orthologs: OrthologTable


def _read_gz_json(path: Path) -> dict:
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        return json.load(fh)


def _old_rows(base: Path) -> list[list[str]]:
    """The base gene table's first 8 columns (ids, symbol, name, locus type, status, NCBI id):
    all the carry-over needs, at half the memory of whole rows."""
    with gzip.open(base / "genes.tsv.gz", "rt", encoding="utf-8") as fh:
        return [line.rstrip("\n").split("\t", 8)[:8] for line in fh]


def _withdrawn_entries(old: list[list[str]], have: set[str]) -> list[dict]:
    """The base snapshot's withdrawn HGNC entries that the new table does not list, as
    :func:`~pfocr_genes.build.data.read_hgnc` rows (the name keeps the ``[HGNC:n]`` links
    :func:`~pfocr_genes.build.data.build_genes` turns into ``replaced_by``)."""
    return [{"hgnc_id": g[0], "symbol": g[1], "name": g[2], "status": "Entry Withdrawn", "aliases": [], "prev": [],
             "entrez": "", "uniprot": [], "mgi": [], "rgd": [], "ensembl": "", "locus_type": g[3], "ec": []}
            for g in old if g[0] and g[4] == "withdrawn" and g[0] not in have]


def rebuild(base: Path, inputs: UpdateInputs, out: Path, *, write: Writer = durable_write,
            record: Mapping | None = None) -> dict:
    """Build a complete snapshot in ``out`` (an existing, empty folder) from ``inputs`` and
    the base snapshot ``base``; returns the manifest (``record`` goes into it as ``update``)."""
    old = _old_rows(base)
    hgnc = [h for h in read_hgnc(inputs.hgnc) if h["hgnc_id"].startswith("HGNC:")
            and h["hgnc_id"][5:].isdigit()]
    hgnc += _withdrawn_entries(old, {h["hgnc_id"] for h in hgnc})
    genes = build_genes(hgnc, inputs.human.ncbi_table())
    mapping = row_map(old, genes)
    del old, hgnc  # ~100 MB for the real tables: free before the index is built

    families, fam_stats = remap_families(_read_gz_json(base / "families.json.gz"), mapping)
    species, sp_stats = remap_species(_read_gz_json(base / "species.json.gz"), mapping)
    index = write_gene_tables(out, genes, families["groundings"], write)
    write(out / "families.json.gz",
          gz_bytes(json.dumps(families, separators=(",", ":"), sort_keys=True), "families.json"))
    write(out / "species.json.gz", gz_bytes(json.dumps(species, separators=(",", ":"), sort_keys=True),
                                            "species.json"))
    copied = copied_files(base)
    for name in copied:
        write(out / name, (base / name).read_bytes())
    lexicons, counts = lexicon_doc(inputs.species, inputs.orthologs, human_symbols(genes))
    write(out / LEXICON_FILE, gz_bytes(json.dumps(lexicons, separators=(",", ":"), sort_keys=True),
                                       LEXICON_FILE.removesuffix(".gz")))

    base_manifest = json.loads((base / "manifest.json").read_text(encoding="utf-8"))
    manifest = {
        **{k: v for k, v in base_manifest.items() if k not in _OWN_ENTRIES},
        "key_version": KEY_VERSION,
        "genes": len(genes),
        "index_keys": len(index),
        "families": len(families["families"]),
        "species_lexicons": counts,
        "sources": {},
        "carried_over": {
            "from": str(base),
            "sources": base_manifest.get("sources", {}),
            "families.json.gz": fam_stats.to_dict(),
            "species.json.gz": sp_stats.to_dict(),
            "copied_unchanged": copied,
            "withdrawn_entries": sum(1 for g in genes if g[4] == "withdrawn"),
        },
        "update": dict(record or {}),
    }
    downloads = manifest["update"].get("downloads", {})
    manifest["sources"] = {d["file"]: d["sha256"] for d in downloads.values() if "file" in d and "sha256" in d}
    write(out / "manifest.json", (json.dumps(manifest, indent=1, sort_keys=True) + "\n").encode("utf-8"))
    return manifest

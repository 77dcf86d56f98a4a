"""Build the embedded snapshot in ``data/`` from the public source tables.

Usage::

    python -m pfocr_genes.build ../shared/sources --out data

Why a build step: the raw tables are ~50 MB and slow to parse; the library loads a compact,
pre-indexed snapshot instead (a few MB gzip, well under a second). Everything the
resolver needs is computed here once: the merged HGNC + NCBI gene table, the lookup index
(normalized key -> genes and how they match), FamPlex families expanded recursively to
their member genes, and the term vocabularies (MeSH, DOID) used to classify keywords.

Files written (all gzip, deterministic so that rebuilding the same sources gives the same
bytes):

- ``genes.tsv.gz``: one gene per line, columns :data:`pfocr_genes.snapshot.GENE_COLUMNS`.
- ``gene_index.json.gz``: ``{key: "idx code,idx code"}``, codes in :data:`MATCH_CODES`.
- ``families.json.gz``: FamPlex id -> member gene rows, and text key -> FamPlex ids.
- ``name_index.json.gz``, ``mesh_symbols.json.gz``: every name of a gene, by identity
  (:mod:`pfocr_genes.build.name_index`).
- ``manifest.json``: key version, counts and the sha256 of each source file.

The gene tables can also be built from HGNC's current ``hgnc_complete_set.txt`` and NCBI's
``Homo_sapiens.gene_info.gz`` (put either in the sources folder in place of the embedded
layouts): ``pfocr-genes data update`` (:mod:`pfocr_genes.update.rebuild`) builds them with
:func:`build_genes` and :func:`write_gene_tables` from those downloads.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import hashlib
import io
import json
import re
import sys
from collections import defaultdict
from collections.abc import Callable, Mapping, Set
from pathlib import Path

from pfocr_genes.build.conserved import write_conserved
from pfocr_genes.build.name_index import write_name_index
from pfocr_genes.build.names import write_gene_names
from pfocr_genes.build.priors import write_pubmed_counts
from pfocr_genes.build.terms import build_terms
from pfocr_genes.snapshot import MATCH_CODES
from pfocr_genes.textnorm import KEY_VERSION, lookup_key

_HGNC_REF = re.compile(r"HGNC:\d+")


def _split(value: str, sep: str) -> list[str]:
    return [v.strip() for v in value.split(sep) if v.strip()] if value else []


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


#: Writes one snapshot file: ``(path, bytes)``. The update passes one that syncs to disk
#: (and tests one that fails like a full disk).
Writer = Callable[[Path, bytes], None]


def write_bytes(path: Path, data: bytes) -> None:
    """The default :data:`Writer`."""
    path.write_bytes(data)


def gz_bytes(text: str, name: str = "") -> bytes:
    """``text`` gzip-compressed with mtime 0, so that rebuilding gives byte-identical files
    (``name``, the file's name, is stored in the gzip header as gzip does it)."""
    buf = io.BytesIO()
    with gzip.GzipFile(filename=name, mode="wb", fileobj=buf, mtime=0) as gz:
        gz.write(text.encode("utf-8"))
    return buf.getvalue()


def _write_gz(path: Path, text: str, write: Writer = write_bytes) -> None:
    write(path, gz_bytes(text, path.name))


def _clean(value: str) -> str:
    """Fields are stored tab- and pipe-separated; neither may occur inside a value."""
    return value.replace("\t", " ").replace("|", "/").replace("\n", " ").strip()


def read_hgnc(path: Path) -> list[dict]:
    """Rows of the HGNC custom download, or of HGNC's ``hgnc_complete_set.txt``.

    Both layouts are accepted so that the update path can take HGNC's current complete
    set (lower-case column names, ``|``-separated lists) as well as the snapshot's
    custom download (``Approved symbol``..., ``, ``-separated lists).
    """
    with open(path, encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh, delimiter="\t")
        cols = reader.fieldnames or []
        complete = "symbol" in cols and "hgnc_id" in cols
        rows = []
        for r in reader:
            if complete:
                def get(col: str, r: dict = r) -> str:
                    # short rows give None; list fields may be quoted ("p53|LFS1")
                    return (r.get(col) or "").replace('"', "").strip()

                status = {"Approved": "Approved", "Withdrawn": "Entry Withdrawn"}.get(get("status"), get("status"))
                rows.append({
                    "hgnc_id": get("hgnc_id"), "symbol": get("symbol"), "name": get("name"),
                    "status": status, "aliases": _split(get("alias_symbol"), "|"),
                    "prev": _split(get("prev_symbol"), "|"),
                    "entrez": get("entrez_id"), "uniprot": _split(get("uniprot_ids"), "|"),
                    "mgi": _split(get("mgd_id"), "|"), "rgd": _split(get("rgd_id"), "|"),
                    "ensembl": get("ensembl_gene_id"), "locus_type": get("locus_type"),
                    "ec": _split(get("enzyme_id"), "|"),
                })
            else:
                rows.append({
                    "hgnc_id": r["HGNC ID"], "symbol": r["Approved symbol"],
                    "name": r["Approved name"], "status": r["Status"],
                    "aliases": _split(r["Alias symbols"], ","),
                    "prev": _split(r["Previous symbols"], ","),
                    "entrez": r["NCBI Gene ID(supplied by NCBI)"],
                    "uniprot": _split(r["UniProt ID(supplied by UniProt)"], ","),
                    "mgi": _split(r["Mouse genome database ID(supplied by MGI)"], ","),
                    "rgd": _split(r["Rat genome database ID(supplied by RGD)"], ","),
                    "ensembl": r["Ensembl gene ID"], "locus_type": r["Locus type"],
                    "ec": _split(r.get("Enzyme IDs", ""), ","),
                })
    if not rows:
        raise ValueError(f"{path}: no HGNC rows")
    return rows


def read_ncbi(path: Path) -> dict[str, dict]:
    """NCBI Gene human table: GeneID -> symbol, description, type, synonyms.

    Two layouts: the embedded extraction (``GeneID Symbol description type_of_gene
    Synonyms``), or NCBI's own ``Homo_sapiens.gene_info(.gz)`` (read by
    :mod:`pfocr_genes.update.source_files`, which drops its biological-region records).
    """
    if ".gene_info" in path.name:
        from pfocr_genes.update.source_files import read_gene_info  # noqa: PLC0415 - the update's reader

        return read_gene_info(path, "9606").ncbi_table()
    out: dict[str, dict] = {}
    with open(path, encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh, delimiter="\t"):
            out[r["GeneID"]] = {
                "symbol": r["Symbol"], "name": r["description"], "type": r["type_of_gene"],
                "synonyms": _split(r["Synonyms"], "|"),
            }
    return out


def build_genes(hgnc: list[dict], ncbi: dict[str, dict]) -> list[list[str]]:
    """Merge HGNC and NCBI Gene into one row per gene (joined on the NCBI Gene id)."""
    rows: list[list[str]] = []
    hgnc_row: dict[str, int] = {}
    used_ncbi: set[str] = set()
    withdrawn_refs: dict[int, list[str]] = {}
    for h in sorted(hgnc, key=lambda r: int(r["hgnc_id"].split(":")[1])):
        n = ncbi.get(h["entrez"]) if h["entrez"] else None
        if n:
            used_ncbi.add(h["entrez"])
        status = "approved" if h["status"] == "Approved" else "withdrawn"
        idx = len(rows)
        hgnc_row[h["hgnc_id"]] = idx
        if status == "withdrawn":
            withdrawn_refs[idx] = _HGNC_REF.findall(h["name"])
        rows.append([
            h["hgnc_id"], _clean(h["symbol"]), _clean(h["name"]), h["locus_type"], status,
            "|".join(map(_clean, h["aliases"])), "|".join(map(_clean, h["prev"])), h["entrez"],
            n["symbol"] if n else "", "|".join(map(_clean, n["synonyms"])) if n else "",
            n["type"] if n else "", h["ensembl"], "|".join(h["uniprot"]), "|".join(h["mgi"]),
            "|".join(h["rgd"]), "", "|".join(h["ec"]),
        ])
    for idx, refs in withdrawn_refs.items():
        rows[idx][15] = "|".join(str(hgnc_row[r]) for r in refs if r in hgnc_row)
    for gid in sorted(set(ncbi) - used_ncbi, key=int):
        n = ncbi[gid]
        rows.append([
            "", n["symbol"], _clean(n["name"]), n["type"], "ncbi", "", "", gid, n["symbol"],
            "|".join(map(_clean, n["synonyms"])), n["type"], "", "", "", "", "", "",
        ])
    return [[c.replace("\t", " ").replace("\n", " ") for c in r] for r in rows]


def build_index(genes: list[list[str]], grounding: dict[str, set[int]]) -> dict[str, str]:
    """Normalized key -> ``"idx code,idx code"`` for every symbol, alias and name."""
    entries: dict[str, dict[int, str]] = defaultdict(dict)
    rank = {c: i for i, c in enumerate(MATCH_CODES)}

    def add(text: str, idx: int, code: str) -> None:
        key = lookup_key(text)
        if not key:
            return
        have = entries[key].get(idx)
        if have is None or rank[code] < rank[have]:
            entries[key][idx] = code

    for idx, g in enumerate(genes):
        hgnc_id, symbol, name, _lt, status = g[0], g[1], g[2], g[3], g[4]
        if status == "withdrawn":
            add(symbol, idx, "W")
            continue
        add(symbol, idx, "A" if hgnc_id else "S")
        for p in _split(g[6], "|"):
            add(p, idx, "P")
        if g[8] and g[8] != symbol:
            add(g[8], idx, "Q")
        for a in _split(g[5], "|"):
            add(a, idx, "L")
        for s in _split(g[9], "|"):
            add(s, idx, "N")
        if hgnc_id and name:
            add(name, idx, "M")
    for text_key, idxs in grounding.items():
        for idx in idxs:
            have = entries[text_key].get(idx)
            if have is None or rank["G"] < rank[have]:
                entries[text_key][idx] = "G"
    return {
        k: ",".join(f"{i} {c}" for i, c in sorted(v.items(), key=lambda ic: (rank[ic[1]], ic[0])))
        for k, v in sorted(entries.items())
    }


def _read_csv(path: Path) -> list[list[str]]:
    with open(path, encoding="utf-8", newline="") as fh:
        return [row for row in csv.reader(fh) if row]


def build_families(famplex: Path, genes: list[list[str]]) -> tuple[dict, dict[str, set[int]]]:
    """FamPlex families -> member gene rows (recursive), text keys -> family ids.

    Returns the families document and, separately, the curated text -> gene groundings
    (grounding_map rows that point at a single gene through HGNC or UniProt), which the
    gene index takes as ``name`` matches (``E-cadherin`` -> CDH1, ``β-catenin`` -> CTNNB1).
    """
    by_symbol = {g[1]: i for i, g in enumerate(genes) if g[4] == "approved" and g[0]}
    by_hgnc = {g[0]: i for i, g in enumerate(genes) if g[0]}
    by_uniprot: dict[str, int] = {}
    for i, g in enumerate(genes):
        if g[4] == "approved":
            for u in _split(g[12], "|"):
                by_uniprot.setdefault(u, i)
    children: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for ns, child, _rel, pns, parent in (r[:5] for r in _read_csv(famplex / "relations.csv")):
        if pns == "FPLX":
            children[parent].append((ns, child))
    entities = [r[0] for r in _read_csv(famplex / "entities.csv")]

    def members(fid: str, seen: frozenset = frozenset()) -> set[int]:
        out: set[int] = set()
        for ns, child in children.get(fid, ()):
            if ns == "HGNC" and child in by_symbol:
                out.add(by_symbol[child])
            elif ns == "UP" and child in by_uniprot:
                out.add(by_uniprot[child])
            elif ns == "FPLX" and child not in seen:
                out |= members(child, seen | {fid})
        return out

    fams = {f: sorted(members(f)) for f in entities}
    fams = {f: m for f, m in fams.items() if m}
    names: dict[str, set[str]] = defaultdict(set)
    for f in fams:
        names[lookup_key(f)].add(f)
    for row in _read_csv(famplex / "equivalences.csv"):
        if len(row) >= 3 and row[2] in fams:
            names[lookup_key(row[1])].add(row[2])
    gene_grounding: dict[str, set[int]] = defaultdict(set)
    for gm in (famplex / "grounding_map.csv", famplex.parent / "indra_grounding" / "grounding_map.csv"):
        if not gm.exists():
            continue
        for row in _read_csv(gm):
            text, ns, ident = row[0], row[1] if len(row) > 1 else "", row[2] if len(row) > 2 else ""
            key = lookup_key(text)
            if not key:
                continue
            if ns == "FPLX" and ident in fams:
                names[key].add(ident)
            elif ns == "HGNC" and (f"HGNC:{ident}" in by_hgnc or ident in by_symbol):
                # the maps name HGNC genes by symbol (SRC-1 -> NCOA1), some by number
                gene_grounding[key].add(by_hgnc[f"HGNC:{ident}"] if f"HGNC:{ident}" in by_hgnc else by_symbol[ident])
            elif ns == "UP" and ident in by_uniprot:
                gene_grounding[key].add(by_uniprot[ident])
    names.pop("", None)
    doc = {
        "families": fams,
        "names": {k: sorted(v) for k, v in sorted(names.items())},
        # curated text -> the one gene it means (RIP1 -> RIPK1, CBP -> CREBBP): the suspect
        # rules read an OCR word grounded to another gene as a shadowed alias
        "groundings": {k: sorted(v) for k, v in sorted(gene_grounding.items())},
    }
    return doc, gene_grounding


def write_gene_tables(out: Path, genes: list[list[str]], grounding: Mapping[str, Set[int]],
                      write: Writer = write_bytes) -> dict[str, str]:
    """Write ``genes.tsv.gz`` and ``gene_index.json.gz`` (the index includes the curated
    ``grounding`` texts: key -> gene rows); returns the index."""
    index = build_index(genes, {k: set(v) for k, v in grounding.items()})
    _write_gz(out / "genes.tsv.gz", "".join("\t".join(g) + "\n" for g in genes), write)
    _write_gz(out / "gene_index.json.gz", json.dumps(index, separators=(",", ":")), write)
    return index


#: Accepted names of the two gene tables in a sources folder, preferred first.
HGNC_FILES = ("hgnc_entries.tsv", "hgnc_complete_set.txt")
NCBI_FILES = ("ncbi_gene_human.tsv", "Homo_sapiens.gene_info.gz", "Homo_sapiens.gene_info")


def _first(sources: Path, names: tuple[str, ...]) -> Path | None:
    return next((sources / n for n in names if (sources / n).exists()), None)


def build(sources: Path, out: Path) -> dict:
    """Build every snapshot file from ``sources`` into ``out``; returns the manifest."""
    out.mkdir(parents=True, exist_ok=True)
    hgnc_path, ncbi_path = _first(sources, HGNC_FILES), _first(sources, NCBI_FILES)
    if hgnc_path is None or ncbi_path is None:
        raise FileNotFoundError(f"{sources}: needs one of {', '.join(HGNC_FILES)} and one of {', '.join(NCBI_FILES)}")
    hgnc = read_hgnc(hgnc_path)
    ncbi = read_ncbi(ncbi_path)
    genes = build_genes(hgnc, ncbi)
    fam_doc, grounding = build_families(sources / "famplex", genes)
    index = write_gene_tables(out, genes, grounding)
    _write_gz(out / "families.json.gz", json.dumps(fam_doc, separators=(",", ":"), sort_keys=True))
    term_counts = build_terms(sources, out, genes) if (sources / "mesh_descriptors.tsv").exists() else {}
    # evidence tables of the rules (each its own builder module, keyed by stable ids)
    if (sources / "mesh_supplementary.tsv").exists():
        term_counts["gene_names"] = write_gene_names(sources, out, genes)
    term_counts["name_index_keys"] = write_name_index(sources, out, genes)
    term_counts["conserved_genes"] = write_conserved(sources, out)
    term_counts["pubmed_counts"] = write_pubmed_counts(sources, out)
    used = [*HGNC_FILES, *NCBI_FILES, "famplex/relations.csv",
            "famplex/entities.csv", "famplex/equivalences.csv", "famplex/grounding_map.csv",
            "indra_grounding/grounding_map.csv", "indra_grounding/misgrounding_map.csv",
            "indra_grounding/ignore.csv", "mesh_descriptors.tsv", "mesh_supplementary.tsv",
            "doid.json", "mgi_entries.tsv", "rgd_entries.tsv", "ncbi_gene_kegg.tsv",
            "ncbi_gene_pubmed_counts.tsv"]
    manifest = {
        "key_version": KEY_VERSION,
        "genes": len(genes),
        "index_keys": len(index),
        "families": len(fam_doc["families"]),
        **term_counts,
        "sources": {name: _sha256(sources / name) for name in used if (sources / name).exists()},
    }
    (out / "manifest.json").write_text(json.dumps(manifest, indent=1, sort_keys=True) + "\n")
    return manifest


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m pfocr_genes.build",
                                 description=__doc__.split("\n\n")[0])
    ap.add_argument("sources", type=Path, help="folder with the source tables (see data/SOURCES.md)")
    ap.add_argument("--out", type=Path, default=Path("data"), help="output folder (default: data)")
    args = ap.parse_args(argv)
    if _first(args.sources, HGNC_FILES) is None or _first(args.sources, NCBI_FILES) is None:
        print(f"error: {args.sources}: needs one of {', '.join(HGNC_FILES)} and one of {', '.join(NCBI_FILES)}",
              file=sys.stderr)
        return 2
    manifest = build(args.sources, args.out)
    print(json.dumps({k: v for k, v in manifest.items() if k != "sources"}, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

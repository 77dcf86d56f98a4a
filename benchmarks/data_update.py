"""How long ``data update`` takes on real-sized files, and how much memory (issue 17).

Run by hand from the repository root:
``PYTHONPATH=. python benchmarks/data_update.py [SOURCES_DIR] [--ortholog-rows N]``.

The real download sites are out of reach here, so it serves real-sized stand-ins from the
tests' local server (127.0.0.1):

- ``hgnc_complete_set.txt``: the embedded HGNC table (``hgnc_entries.tsv``, ~44k approved
  genes) rewritten in the complete-set layout;
- ``Homo_sapiens.gene_info.gz``: the embedded NCBI human table (~77k genes) in gene_info layout;
- fly (25k genes) and mouse (80k genes) gene_info, and ``gene_orthologs.gz`` with
  ``--ortholog-rows`` rows: SYNTHETIC rows of the real layouts and sizes (NCBI's real
  ortholog file is larger still: parsing is linear in its rows, see the rate printed).

Prints the time of each phase (download from localhost, check, build) and the peak memory
of the update process.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import os
import random
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tests.data_server import DataServer
from tests.fixtures.update.make_fixtures import GENE_INFO_HEADER, HGNC_HEADER

ROOT = Path(__file__).resolve().parent.parent


def _write(path: Path, header: list[str], rows, gz: bool) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    text = "\t".join(header) + "\n" + "".join("\t".join(r) + "\n" for r in rows)
    path.write_bytes(gzip.compress(text.encode(), compresslevel=6) if gz else text.encode())


def _hgnc(sources: Path, out: Path) -> list[str]:
    with open(sources / "hgnc_entries.tsv", encoding="utf-8", newline="") as fh:
        rows = [r for r in csv.DictReader(fh, delimiter="\t") if r["Status"] == "Approved"]
    col = {c: i for i, c in enumerate(HGNC_HEADER)}

    def row(r: dict) -> list[str]:
        f = [""] * len(HGNC_HEADER)
        for c, v in (("hgnc_id", r["HGNC ID"]), ("symbol", r["Approved symbol"]), ("name", r["Approved name"]),
                     ("locus_type", r["Locus type"]), ("status", "Approved"),
                     ("alias_symbol", r["Alias symbols"].replace(", ", "|")),
                     ("prev_symbol", r["Previous symbols"].replace(", ", "|")), ("date_modified", "2025-07-01"),
                     ("entrez_id", r["NCBI Gene ID(supplied by NCBI)"]),
                     ("mgd_id", r["Mouse genome database ID(supplied by MGI)"].replace(", ", "|")),
                     ("rgd_id", r["Rat genome database ID(supplied by RGD)"].replace(", ", "|"))):
            f[col[c]] = v
        return f

    _write(out / "hgnc_complete_set.txt", HGNC_HEADER, (row(r) for r in rows), gz=False)
    return [r["NCBI Gene ID(supplied by NCBI)"] for r in rows if r["NCBI Gene ID(supplied by NCBI)"]]


def _human(sources: Path, out: Path) -> None:
    with open(sources / "ncbi_gene_human.tsv", encoding="utf-8", newline="") as fh:
        rows = [["9606", r["GeneID"], r["Symbol"], "-", r["Synonyms"] or "-", "-", "-", "-", r["description"],
                 r["type_of_gene"], "-", "-", "-", "-", "20250701", "-"] for r in csv.DictReader(fh, delimiter="\t")]
    _write(out / "GENE_INFO/Mammalia/Homo_sapiens.gene_info.gz", GENE_INFO_HEADER, rows, gz=True)


def _synthetic(out: Path, path: str, taxon: str, n: int, rng: random.Random) -> list[str]:
    ids = [str(1_000_000 * int(taxon[:2]) + i) for i in range(n)]
    rows = [[taxon, gid, f"g{taxon}x{i}", f"Locus_{i}", f"s{i}a|s{i}b", "-", "-", "-", f"gene {i} of {taxon}",
             "protein-coding", f"g{taxon}x{i}", f"gene {i}", "O", "-", "20250701", "-"]
            for i, gid in enumerate(ids)]
    _write(out / path, GENE_INFO_HEADER, rows, gz=True)
    return ids


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("sources", nargs="?", type=Path, default=ROOT.parent / "shared" / "sources")
    ap.add_argument("--ortholog-rows", type=int, default=2_000_000)
    args = ap.parse_args()
    rng = random.Random(17)
    with tempfile.TemporaryDirectory() as tmp:
        site, home = Path(tmp) / "site", Path(tmp) / "home"
        t = time.perf_counter()
        human = _hgnc(args.sources, site)
        _human(args.sources, site)
        fly = _synthetic(site, "GENE_INFO/Invertebrates/Drosophila_melanogaster.gene_info.gz", "7227", 25_000, rng)
        mouse = _synthetic(site, "GENE_INFO/Mammalia/Mus_musculus.gene_info.gz", "10090", 80_000, rng)
        other = [(str(t), str(10**8 + i)) for i, t in enumerate(rng.choices([9913, 9823, 9031, 8364], k=50_000))]
        pairs = [("7227", g) for g in fly] + [("10090", g) for g in mouse] + other
        orth = (["9606", rng.choice(human), "Ortholog", *rng.choice(pairs)] for _ in range(args.ortholog_rows))
        _write(site / "gene_orthologs.gz", ["#tax_id", "GeneID", "relationship", "Other_tax_id", "Other_GeneID"],
               orth, gz=True)
        sizes = {p.relative_to(site).as_posix(): p.stat().st_size for p in site.rglob("*") if p.is_file()}
        print(f"made the stand-in files in {time.perf_counter() - t:.0f} s:")
        for name, size in sizes.items():
            print(f"  {name}: {size / 1e6:.1f} MB")
        server = DataServer(site)
        server.start()
        try:
            cmd = [sys.executable, "-m", "pfocr_genes.update.updater", "update", "--species", "7227,10090",
                   "--base-url", server.url, "--min-rows", "1000"]
            env = {**os.environ, "PFOCR_GENES_HOME": str(home), "PYTHONPATH": str(ROOT)}
            t = time.perf_counter()
            p = subprocess.run(["/usr/bin/time", "-v", *cmd] if Path("/usr/bin/time").exists() else cmd, env=env,
                               capture_output=True, text=True, check=False)
            wall = time.perf_counter() - t
        finally:
            server.stop()
        print(p.stdout.strip())
        stamps = [line for line in p.stderr.splitlines() if line.startswith("pfocr-genes data:")]
        print("\n".join(stamps[-4:]))
        peak = re.search(r"Maximum resident set size \(kbytes\): (\d+)", p.stderr)
        print(f"update: {wall:.1f} s wall" + (f", peak memory {int(peak[1]) / 1024:.0f} MB" if peak else "")
              + f", {args.ortholog_rows / wall / 1e6:.2f} M ortholog rows per second of the whole run")
        if p.returncode:
            print(p.stderr[-2000:])


if __name__ == "__main__":
    main()

"""Snapshot load time and resolver throughput on a realistic token mix.

Run by hand:  python benchmarks/resolve.py [PFOCR_DEV_DIR]

Tokens: every figure keyword and every OCR word of the word-level hit tables in the dev
folder (default ../shared/pfocr-dev, labeled and unlabeled records), in file order.
Prints load time (fresh process, so nothing is cached), cold throughput (first pass,
empty result cache) and warm throughput (result cache filled), one core.
Targets (issue 2): load <= 0.5 s, warm >= 200,000 tokens/s.
"""

from __future__ import annotations

import csv
import subprocess
import sys
import time
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))


def tokens(dev: Path) -> list[str]:
    out: list[str] = []
    for md in sorted(dev.glob("*.md")) + sorted(dev.glob("unlabeled/*.md")):
        text = md.read_text(encoding="utf-8")
        if not text.startswith("---"):
            continue
        meta = yaml.safe_load(text[3:].split("\n---", 1)[0]) or {}
        out += [str(k) for k in (meta.get("schema-jsonld") or {}).get("keywords") or []]
        hits = md.with_name(md.stem + "-genes.tsv")
        if hits.exists():
            with open(hits, encoding="utf-8", newline="") as fh:
                out += [r["word"] for r in csv.DictReader(fh, delimiter="\t")]
    return out


def main() -> int | None:
    dev = Path(sys.argv[1]) if len(sys.argv) > 1 else REPO.parent / "shared" / "pfocr-dev"
    if not dev.is_dir():
        print(f"error: {dev}: no dev records folder (../shared/pfocr-dev, or give one)", file=sys.stderr)
        return 2
    toks = tokens(dev)
    load_code = (
        "import time; t=time.perf_counter();"
        "from pfocr_genes.snapshot import Snapshot; Snapshot().load();"
        "print(time.perf_counter()-t)"
    )
    loads = [float(subprocess.check_output([sys.executable, "-c", load_code], cwd=REPO)) for _ in range(3)]
    from pfocr_genes.resolver import Resolver  # noqa: PLC0415
    from pfocr_genes.snapshot import Snapshot  # noqa: PLC0415

    snap = Snapshot().load()
    resolver = Resolver(snap)
    t = time.perf_counter()
    for tok in toks:
        resolver.resolve(tok)
    cold = time.perf_counter() - t
    reps = 20
    t = time.perf_counter()
    for _ in range(reps):
        for tok in toks:
            resolver.resolve(tok)
    warm = (time.perf_counter() - t) / reps
    uncached = Resolver(snap, cache_size=0)
    t = time.perf_counter()
    for tok in toks:
        uncached.resolve(tok)
    nocache = time.perf_counter() - t
    n = len(toks)
    print(f"tokens: {n} ({len(set(toks))} distinct) from {dev}")
    print(f"snapshot load (fresh process, best of 3): {min(loads):.3f} s  [target <= 0.5 s]")
    print(f"cold pass (empty cache):   {n / cold:12,.0f} tokens/s")
    print(f"no cache at all:           {n / nocache:12,.0f} tokens/s")
    print(f"warm pass (cache filled):  {n / warm:12,.0f} tokens/s  [target >= 200,000]")
    print(f"warm / cold ratio: {cold / warm:.1f}x")


if __name__ == "__main__":
    sys.exit(main())

"""Cold vs warm MyGene.info look-ups over the dev keyword lists (issue 5).

Run by hand from the repository root:
``PYTHONPATH=. python benchmarks/mygene_cache.py [PFOCR_DEV_DIR] [--extra N]``.

Starts the local MyGene.info server of the tests (127.0.0.1, answering from the embedded
snapshot), then looks up every keyword of the dev figures plus ``--extra`` approved symbols
from the snapshot (a corpus-sized vocabulary) three ways and prints terms/s and requests:

1. cold: empty cache file, every term asked in batches of 1,000;
2. warm: a new client on the same file (as a re-run in a new process would be);
3. warm in-process: the same client asked again (memory layer).

Target: warm >= 50,000 terms/s with zero requests.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from pfocr_genes.mygene_client import MyGeneClient
from pfocr_genes.records import load_record
from pfocr_genes.snapshot import default_snapshot
from tests.mygene_server import MyGeneServer


def dev_terms(dev: Path) -> list[str]:
    terms: dict[str, None] = {}
    for p in sorted(dev.glob("*.md")):
        if p.name[0].isupper() and "__" not in p.name:  # README.md, LABELING.md
            continue
        terms.update(dict.fromkeys(load_record(p).keywords))
    return list(terms)


def timed(label: str, client: MyGeneClient, server: MyGeneServer, terms: list[str]) -> float:
    before = server.count()
    t0 = time.perf_counter()
    got = client.query(terms)
    dt = time.perf_counter() - t0
    found = sum(not lk.notfound for lk in got.values())
    print(f"{label:<22} {len(terms):>7} terms  {dt:8.3f} s  {len(terms) / dt:>10,.0f} terms/s  "
          f"requests {server.count() - before:>3}  found {found}  "
          f"cached {sum(lk.cached for lk in got.values())}")
    return len(terms) / dt


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("dev", nargs="?", default=str(Path(__file__).resolve().parents[2] / "shared" / "pfocr-dev"))
    ap.add_argument("--extra", type=int, default=20_000, help="approved symbols added to the dev keywords")
    args = ap.parse_args()
    base = dev_terms(Path(args.dev))
    if not base:
        print(f"no figure records in {args.dev}", file=sys.stderr)
        return 2
    snap = default_snapshot()
    extra = (g.symbol for g in snap.genes() if g.status == "approved" and g.entrez_id)
    terms = list(dict.fromkeys([*base, *(s for _, s in zip(range(args.extra), extra, strict=False))]))
    print(f"{len(base)} distinct dev keywords, {len(terms)} terms in all")
    server = MyGeneServer()
    server.start()
    try:
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "mygene.sqlite"
            cold = timed("cold (empty cache)", MyGeneClient(server.url, cache=path), server, terms)
            warm_client = MyGeneClient(server.url, cache=path)
            warm = timed("warm (new client)", warm_client, server, terms)
            mem = timed("warm (same client)", warm_client, server, terms)
    finally:
        server.stop()
    print(f"warm/cold speed-up {warm / cold:.0f}x, in-process {mem / cold:.0f}x; "
          f"target warm >= 50,000 terms/s: {'met' if warm >= 50_000 else 'NOT met'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

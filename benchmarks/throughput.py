"""Corpus-scale speed of the batch command (issue 6).

Run by hand from the repository root:
``PYTHONPATH=. python benchmarks/throughput.py [PFOCR_DEV_DIR] [-n 20000]``, with
``--unique-captions``, ``--random-genes uniform|zipf`` or ``--current`` for other corpora
(see their help). Needs the dev records (``../shared/pfocr-dev``); exits 2 without them.

Builds a corpus of N records by copying the dev records under new figure ids (in a
temporary folder), then measures in one run:

1. records/s end to end through the real command (read, parse, normalize, write TSV) with
   1 and 2 workers, and the peak memory of the command and its workers;
2. records/s of ``normalize_figure`` alone on already-parsed records (one process; after
   one warm-up pass over the dev records, so token caches are as in a long batch);
3. records/s of plain ``yaml.safe_load`` of the same files: the reference cost of reading.

It prints the ratios against the targets (end to end >= 2,000 rec/s with 2 workers,
normalize alone >= 20,000 rec/s, peak memory < 300 MB).
"""

from __future__ import annotations

import argparse
import bisect
import itertools
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

from pfocr_genes import normalize_figure
from pfocr_genes.records import load_hits, load_record, load_yaml_text, split_front_matter


def current_records(dev: Path) -> list[Path]:
    """The current multi-species database records of the dev folder that have a word table
    (labeled current-database family and ``current/``), or that list their hits inside."""
    ids = set()
    records = dev / "records.tsv"
    if records.exists():
        for line in records.read_text(encoding="utf-8").splitlines()[1:]:
            figid, family, *_ = line.split("\t")
            if family == "current-database":
                ids.add(figid)
    paths = [dev / f"{f}.md" for f in sorted(ids)] + sorted((dev / "current").glob("*__*.md"))
    return [p for p in paths if p.exists()]


def build_corpus(dev: Path, out: Path, n: int, unique: bool = False, current: bool = False) -> list[Path]:
    """Copies of the dev records under new figids; ``unique`` also makes every caption
    distinct (as in the real corpus), so that no cache can hold on to whole texts;
    ``current``: copies of the current multi-species records with their word tables."""
    sources = current_records(dev) if current else sorted(p for p in dev.glob("*.md") if "__" in p.name)
    texts = [(p.stem, p.read_text(encoding="utf-8"), p) for p in sources]
    paths = []
    for i in range(n):
        figid, text, src = texts[i % len(texts)]
        new = f"{figid}_copy{i:06d}"
        p = out / f"{new}.md"
        text2 = text.replace(figid, new)
        table = src.with_name(f"{figid}-genes.tsv")
        if current and table.exists():
            (out / f"{new}-genes.tsv").write_bytes(table.read_bytes())
        if unique:
            meta = load_yaml_text(split_front_matter(text2, new), new)
            meta["caption"] = f"Panel {i} of study {new}. {meta.get('caption') or ''}"
            text2 = "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=1 << 16) + "---\n"
        p.write_text(text2, encoding="utf-8")
        paths.append(p)
    return paths


#: Distinct genes of the ``zipf`` corpus: the order of the number of distinct human genes the
#: PFOCR figures name (an assumption, not measured here: the full corpus is not on this machine).
ZIPF_GENES = 15_000


def build_random_gene_corpus(dev: Path, out: Path, n: int, how: str = "uniform", seed: int = 1) -> list[Path]:
    """Records of random genes. ``uniform``: the worst case for every per-gene and per-word
    cache: each record names 14 approved symbols and 4 aliases drawn uniformly from all HGNC
    genes, plus 3 caption words, and its caption mixes the dev captions' words with random
    spellings. ``zipf``: symbols drawn from :data:`ZIPF_GENES` genes by rank with weight
    1/rank (popular genes recur, as in PFOCR). Caches fill in both, so memory is alike;
    ``zipf`` is closer to the real corpus for speed."""
    from pfocr_genes.resolver import default_resolver  # noqa: PLC0415

    rng = random.Random(seed)
    snap = default_resolver().snapshot
    genes = [snap.gene(i) for i in range(len(snap._lines) - 1)]
    symbols = [g.symbol for g in genes if g.hgnc_id and g.status == "approved"]
    aliases = [a for g in genes if g.hgnc_id for a in g.aliases]
    rng.shuffle(symbols)
    if how == "zipf":
        symbols = symbols[:ZIPF_GENES]
    cumulative = list(itertools.accumulate(1 / (r + 1) for r in range(len(symbols))))

    def symbol() -> str:
        if how == "uniform":
            return rng.choice(symbols)
        return symbols[bisect.bisect(cumulative, rng.random() * cumulative[-1])]

    def sample(k: int) -> list[str]:
        if how == "uniform":
            return rng.sample(symbols, k)
        return list(dict.fromkeys(symbol() for _ in range(k)))

    def spelling() -> str:
        return symbol() if how == "zipf" or rng.random() < 0.5 else rng.choice(aliases)
    vocab = sorted({w for p in dev.glob("*.md") if "__" in p.name
                    for w in (load_record(p).caption or "").split()})
    paths = []
    for i in range(n):
        meta = {"figid": f"random{i:06d}", "figtitle": " ".join(rng.sample(vocab, 10)),
                "caption": " ".join(rng.choice(vocab) if rng.random() < 0.85 else spelling() for _ in range(150)),
                "papertitle": " ".join(rng.sample(vocab, 12)),
                "schema-jsonld": {"keywords": sample(14) + (rng.sample(aliases, 4) if how == "uniform" else sample(4))
                                  + [rng.choice(vocab) for _ in range(3)]}}
        p = out / f"random{i:06d}.md"
        p.write_text("---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False) + "---\n", encoding="utf-8")
        paths.append(p)
    return paths


def end_to_end(corpus: Path, workers: int, n: int, hits: bool = False) -> tuple[float, float]:
    """(records/s, peak RSS in MB of the command and its workers) through the real CLI."""
    out = corpus.parent / f"out{workers}.tsv"
    # VmHWM: this process's peak (reset at exec, unlike ru_maxrss); RUSAGE_CHILDREN: the workers'
    script = (
        "import re, resource, sys; from pfocr_genes.cli.commands import main; rc = main(sys.argv[1:]); "
        "hwm = int(re.search(r'VmHWM:\\s+(\\d+)', open('/proc/self/status').read()).group(1)); "
        "c = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss; "
        "print(max(hwm, c) // 1024, file=sys.stderr); sys.exit(rc)"
    )
    t0 = time.perf_counter()
    p = subprocess.run([sys.executable, "-c", script, "normalize", *(() if hits else ("--no-hits",)), "-q",
                        "--workers", str(workers), "-o", str(out), str(corpus)], capture_output=True, text=True,
                       check=False,
                       env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])})
    dt = time.perf_counter() - t0
    if p.returncode != 0:
        raise SystemExit(f"the command failed ({p.returncode}): {p.stderr[-2000:]}")
    rows = sum(1 for _ in out.open(encoding="utf-8")) - 1
    # workers are started by a fork server, not by the command: their peak is not among the
    # command's children; one worker runs in the command itself, so its peak is the per-process one
    peak = p.stderr.strip().splitlines()[-1]
    print(f"  end to end, {workers} worker(s): {n / dt:>9,.0f} rec/s  ({dt:.1f} s, {rows:,} keyword rows, "
          f"peak {peak} MB{'' if workers == 1 else ' in the command; workers not counted'})")
    return n / dt, float(peak)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("dev", nargs="?", default=str(Path(__file__).resolve().parents[2] / "shared" / "pfocr-dev"))
    ap.add_argument("-n", type=int, default=20_000, help="records in the corpus")
    ap.add_argument("--unique-captions", action="store_true",
                    help="make every copy's caption distinct (as in the real corpus)")
    ap.add_argument("--random-genes", choices=("uniform", "zipf"),
                    help="records of random genes instead of dev copies: uniform is the caches' worst case")
    ap.add_argument("--current", action="store_true",
                    help="copies of the current multi-species database records, read with their word tables")
    args = ap.parse_args()
    if not Path(args.dev).is_dir():
        print(f"error: {args.dev}: no dev records folder (../shared/pfocr-dev)", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        corpus.mkdir()
        if args.random_genes:
            paths = build_random_gene_corpus(Path(args.dev), corpus, args.n, args.random_genes)
            print(f"corpus: {len(paths):,} records of random genes ({args.random_genes})")
        else:
            paths = build_corpus(Path(args.dev), corpus, args.n, args.unique_captions, args.current)
            print(f"corpus: {len(paths):,} records (copies of {len({p.stem.rsplit('_copy', 1)[0] for p in paths})} "
                  f"{'current multi-species records with word tables' if args.current else 'dev records'})")
        n = len(paths)

        e1, m1 = end_to_end(corpus, 1, n, args.current)
        e2, m2 = end_to_end(corpus, 2, n, args.current)

        t0 = time.perf_counter()
        for p in paths:
            text = p.read_text(encoding="utf-8")
            yaml.safe_load(text.split("\n---", 1)[0][3:])
        yaml_rate = n / (time.perf_counter() - t0)
        print(f"  plain yaml.safe_load:          {yaml_rate:>9,.0f} rec/s (front matter, pure-Python loader)")

        t0 = time.perf_counter()
        records = [load_record(p) for p in paths]
        load_rate = n / (time.perf_counter() - t0)
        print(f"  load_record (parser events):   {load_rate:>9,.0f} rec/s")

        tables = [load_hits(p.with_name(f"{p.stem}-genes.tsv")) if args.current and
                  p.with_name(f"{p.stem}-genes.tsv").exists() else False for p in paths]
        for r, h in zip(records[:100], tables, strict=False):  # warm-up: lazy tables load, token caches fill
            normalize_figure(r, hits=h)
        t0 = time.perf_counter()
        for r, h in zip(records, tables, strict=True):
            normalize_figure(r, hits=h)
        norm_rate = n / (time.perf_counter() - t0)
        print(f"  normalize_figure alone:        {norm_rate:>9,.0f} rec/s")
        peak_self = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    print()
    print(f"ratios: 2 workers / 1 worker {e2 / e1:.2f}; normalize / yaml.safe_load {norm_rate / yaml_rate:.2f}; "
          f"end to end (2) / normalize alone {e2 / norm_rate:.2f}")
    print(f"targets: end to end 2 workers >= 2,000 rec/s: {e2:,.0f} {'met' if e2 >= 2000 else 'NOT met'}; "
          f"normalize >= 20,000 rec/s: {norm_rate:,.0f} {'met' if norm_rate >= 20000 else 'NOT met'}; "
          f"peak memory < 300 MB: {max(m1, m2):.0f} MB per process {'met' if max(m1, m2) < 300 else 'NOT met'} "
          f"(this benchmark process, holding all {n:,} parsed records: {peak_self} MB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

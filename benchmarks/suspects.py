"""How well ``suspect`` matches the labels of the dev figures (issue 4).

Run by hand: ``python benchmarks/suspects.py [PFOCR_DEV_DIR]``. For keywords-only input and
for input with PFOCR's word-level hits table it prints precision, recall and F1 of
``suspect`` over the human gene keywords labelled ``ok``/``suspect`` (``unsure`` rows are
left out), the same for two baselines, and per flag how often it fired on labelled-suspect
and labelled-ok keywords.
"""

from __future__ import annotations

import csv
import sys
from collections import Counter, defaultdict
from pathlib import Path

from pfocr_genes import normalize_figure

SYNONYM_SOURCES = {"hgnc_alias_symbol", "hgnc_prev_symbol", "ncbigene_synonym"}


def prf(pred: list[bool], gold: list[bool]) -> tuple[float, float, float, int, int, int]:
    tp = sum(p and g for p, g in zip(pred, gold, strict=True))
    fp = sum(p and not g for p, g in zip(pred, gold, strict=True))
    fn = sum(g and not p for p, g in zip(pred, gold, strict=True))
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f, tp, fp, fn


def synonym_only(dev: Path, figid: str, keyword: str) -> bool:
    """Baseline: the keyword's gene was reached only through a synonym (hits table)."""
    path = dev / f"{figid}-genes.tsv"
    if not path.exists():
        return False
    with open(path, encoding="utf-8") as fh:
        srcs = {r["source"] for r in csv.DictReader(fh, delimiter="\t") if r["ncbigene_symbol"] == keyword}
    return bool(srcs) and srcs <= SYNONYM_SOURCES


def main(argv: list[str]) -> int:
    dev = Path(argv[1]) if len(argv) > 1 else Path(__file__).resolve().parents[2] / "shared" / "pfocr-dev"
    labels = defaultdict(list)
    with open(dev / "labels.tsv", encoding="utf-8") as fh:
        for r in csv.DictReader(fh, delimiter="\t"):
            labels[r["figid"]].append(r)
    show = "-v" in argv
    for mode, hits in (("keywords only", False), ("with word-level hits", None)):
        gold, pred, base = [], [], []
        fired: dict[str, Counter] = defaultdict(Counter)
        for figid, rows in labels.items():
            res = normalize_figure(dev / f"{figid}.md", hits=hits)
            by_text = {k.text: k for k in res.keywords}
            for r in rows:
                if r["kind"] != "gene" or r["verdict"] not in ("ok", "suspect"):
                    continue
                k = by_text.get(r["keyword"])
                is_suspect = r["verdict"] == "suspect"
                # a labelled gene keyword filed as a disease, chemical or other word leaves the
                # gene list as a flagged one does (and counts against precision when labelled ok)
                flagged = bool(k and (k.suspect or k.kind not in ("gene", "family")))
                gold.append(is_suspect)
                pred.append(flagged)
                base.append(synonym_only(dev, figid, r["keyword"]))
                for name in {f.name for f in (k.flags if k else ())}:
                    fired[name]["suspect" if is_suspect else "ok"] += 1
                    fired[name][("tp" if is_suspect else "fp") if flagged else "below"] += 1
                if show and flagged != is_suspect:
                    print(f"  {'FN' if is_suspect else 'FP'} {figid[:28]:28} {r['keyword']:10} {r['reason']:16} "
                          f"{k.score if k else None} {k.reasons if k else ''}")
        print(f"\n== {mode}: {len(gold)} gene keywords, {sum(gold)} labelled suspect")
        print(f"{'method':38} {'precision':>9} {'recall':>7} {'F1':>6} {'TP':>4} {'FP':>4} {'FN':>4}")
        for name, p in (("pfocr-genes suspect", pred), ("baseline: flag nothing", [False] * len(gold)),
                        ("baseline: flag synonym-only hits", base)):
            pr, rc, f1, tp, fp, fn = prf(p, gold)
            print(f"{name:38} {pr:9.3f} {rc:7.3f} {f1:6.3f} {tp:4d} {fp:4d} {fn:4d}")
        print(f"\n{'flag':20} {'on suspect':>10} {'on ok':>6} {'precision':>9}  (keywords it fired on)")
        for name, c in sorted(fired.items()):
            n = c["suspect"] + c["ok"]
            print(f"{name:20} {c['suspect']:10d} {c['ok']:6d} {c['suspect'] / n:9.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

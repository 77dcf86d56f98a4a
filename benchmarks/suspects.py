"""How well ``suspect`` matches the labels of the dev figures, per record family.

Run by hand: ``python benchmarks/suspects.py [PFOCR_DEV_DIR] [-v]`` (default: the
``shared/pfocr-dev`` folder beside the repository; exits 2 when it is missing). For
keywords-only input and for input with PFOCR's word-level hits table it prints precision,
recall and F1 of ``suspect`` over the gene keywords labelled ``ok``/``suspect`` (``unsure``
rows are left out) per record family and labeling round (see
:func:`pfocr_genes.evaluation.group_of`), the same for baselines, and per flag how often it
fired on labelled-suspect and labelled-ok keywords. ``-v`` lists every disagreement.

The score is fitted on these very figures (``data/suspect_weights.json``), so what the
library does on them is a *training-set* number. The honest numbers follow: the shipped
score's recipe cross-validated by figure (:mod:`pfocr_genes.training.fit_scores`: a figure's
keywords are never in training and test at once), beside the training numbers, with a
reliability table and the Brier score. That part needs scikit-learn (``pip install
'.[train]'``); without it the script says so and stops after the training-set numbers.
"""

from __future__ import annotations

import csv
import sys
from collections import Counter, defaultdict
from pathlib import Path

from pfocr_genes import normalize_figure, scoring
from pfocr_genes.evaluation import Counts, flagged, group_of, read_labels
from pfocr_genes.flags import noisy_or

SYNONYM_SOURCES = {"hgnc_alias_symbol", "hgnc_prev_symbol", "ncbigene_synonym"}
HUMAN = "9606"


def word_table(dev: Path, figid: str) -> list[dict[str, str]]:
    path = dev / f"{figid}-genes.tsv"
    if not path.exists():
        return []
    with open(path, encoding="utf-8") as fh:
        return list(csv.DictReader(fh, delimiter="\t"))


def synonym_only(rows: list[dict[str, str]], keyword: str) -> bool:
    """Baseline: the keyword's gene was reached only through a synonym (hits table)."""
    srcs = {r["source"] for r in rows if r["ncbigene_symbol"] == keyword}
    return bool(srcs) and srcs <= SYNONYM_SOURCES


def two_line_rule(rows: list[dict[str, str]], keyword: str) -> bool:
    """Baseline of issue 12: flag hits of other species, and hits made only through synonyms."""
    orgs = {r.get("organism_id") or HUMAN for r in rows if r["ncbigene_symbol"] == keyword}
    return bool(orgs - {HUMAN}) or synonym_only(rows, keyword)


def _table(title: str, rows: dict[str, dict[str, Counts]]) -> None:
    print(f"\n{title}")
    print(f"{'group':28} {'method':24} {'precision':>9} {'recall':>7} {'F1':>6} {'TP':>4} {'FP':>4} {'FN':>4}")
    for group in sorted(rows):
        for method, c in rows[group].items():
            print(f"{group:28} {method:24} {c.precision:9.3f} {c.recall:7.3f} {c.f1:6.3f} "
                  f"{c.tp:4d} {c.fp:4d} {c.fn:4d}")


def main(argv: list[str]) -> int:
    args = [a for a in argv[1:] if not a.startswith("-")]
    dev = Path(args[0]) if args else Path(__file__).resolve().parents[2] / "shared" / "pfocr-dev"
    if not (dev / "labels.tsv").exists():
        print(f"error: {dev}: no labels.tsv (the labeled dev figures, ../shared/pfocr-dev)", file=sys.stderr)
        return 2
    labels = read_labels(dev)
    show = "-v" in argv
    for mode, hits in (("keywords only", False), ("with word-level hits", None)):
        table: dict[str, dict[str, Counts]] = defaultdict(lambda: defaultdict(Counts))
        fired: dict[str, Counter] = defaultdict(Counter)
        species_kept = [0, 0]
        for figid, labs in labels.items():
            res = normalize_figure(dev / f"{figid}.md", hits=hits)
            wt = word_table(dev, figid) if hits is None else []
            for k, lab in zip(res.keywords, labs, strict=True):
                if not lab.scored:
                    continue
                grp = group_of(lab)
                is_flagged = flagged(k)
                hand = k.kind not in ("gene", "family") or (k.score is not None and noisy_or(k.flags, k.support) >= 0.5)
                for g in (grp, "all"):
                    t = table[g]
                    t["pfocr-genes"] = t["pfocr-genes"].add(is_flagged, lab.suspect)
                    t["hand-set noisy-OR"] = t["hand-set noisy-OR"].add(hand, lab.suspect)
                    t["flag nothing"] = t["flag nothing"].add(False, lab.suspect)
                    if hits is None:
                        t["synonym-only hits"] = t["synonym-only hits"].add(synonym_only(wt, lab.keyword), lab.suspect)
                        t["other species + synonyms"] = t["other species + synonyms"].add(
                            two_line_rule(wt, lab.keyword), lab.suspect)
                orgs = {r.get("organism_id") or HUMAN for r in wt if r["ncbigene_symbol"] == lab.keyword}
                if hits is None and not lab.suspect and orgs and HUMAN not in orgs:
                    species_kept[1] += 1
                    species_kept[0] += (k.kind == "gene" and k.taxon_id in orgs and bool(k.entrez_id)
                                        and not is_flagged)
                for name in {f.name for f in k.flags}:
                    fired[name]["suspect" if lab.suspect else "ok"] += 1
                if show and is_flagged != lab.suspect:
                    why = scoring.explain(k.flags, k.score) if k.score is not None else k.why
                    print(f"  {'FN' if lab.suspect else 'FP'} {figid[:28]:28} {lab.keyword:10} {lab.reason:16} "
                          f"{k.species or '':12.12} {why} {k.reasons}")
        _table(f"== {mode}: pfocr-genes = the shipped score on the figures it was fitted on (TRAINING-SET numbers; "
               "cross-validated below)", table)
        if hits is None:
            good, total = species_kept
            print(f"\ncorrect keywords of other species kept as genes of their species with their NCBI id, "
                  f"unflagged: {good}/{total}" + (f" = {good / total:.3f}" if total else ""))
        print(f"\n{'flag':20} {'on suspect':>10} {'on ok':>6} {'precision':>9}  (keywords it fired on)")
        for name, c in sorted(fired.items()):
            n = c["suspect"] + c["ok"]
            print(f"{name:20} {c['suspect']:10d} {c['ok']:6d} {c['suspect'] / n:9.3f}")
    print(f"\nscore: {scoring.basis()}")
    return _cross_validated(dev, labels)


def _cross_validated(dev: Path, labels: dict) -> int:
    """The shipped score's recipe cross-validated by figure, beside its training numbers."""
    try:
        import sklearn  # noqa: F401, PLC0415
    except ImportError:
        print("\nscikit-learn is not installed: the numbers above are TRAINING-SET numbers of the shipped "
              "weights; the cross-validated ones need pip install '.[train]'")
        return 0
    from pfocr_genes.training.fit_scores import FOLDS, evaluate, report  # noqa: PLC0415

    print(f"\n######## the fitted score cross-validated by figure ({FOLDS} folds; the figures of a test fold are "
          "never seen by the fit, nor by the choice of its regularization)")
    report(evaluate(dev, labels))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

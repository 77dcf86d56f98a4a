"""Fit a logistic suspect score over the rules' flags on the labeled dev figures, and
measure it honestly (issue 14).

``python -m pfocr_genes.training.fit_scores ../shared/pfocr-dev`` (needs
``pip install '.[train]'``). For each input mode (keywords only, with the word table) it fits
an L2-regularized logistic regression on the features of every labelled gene keyword that got
a verdict (:func:`features`: each flag, each flag at its strength level, caption support,
word table, other species, the hand-set noisy-OR), and reports precision/recall/F1
*cross-validated by figure* (grouped folds: a figure's keywords are never in training and
test at once) beside the training-set numbers and the hand-set rules, per record family, a
reliability table and the Brier score.

Not wired into the runtime yet: on the dev figures the fitted score does not beat the
hand-set levels (docs/suspects.md has the table), so ``score`` stays the noisy-OR.
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from pfocr_genes import normalize_figure
from pfocr_genes.evaluation import Counts, Label, group_of, read_labels
from pfocr_genes.flags import MEDIUM, STRONG, Flag, combine

MODES = {"keywords": False, "hits": None}


def _level(weight: float) -> str:
    return "strong" if weight >= STRONG else "medium" if weight >= MEDIUM else "weak"


def features(flags: Sequence[Flag], *, supported: bool, hits: bool, other_species: bool,
             noisy_or: float) -> dict[str, float]:
    """The evidence of one gene keyword as named numeric features (absent = 0)."""
    out: dict[str, float] = {}
    for f in flags:
        out[f"flag:{f.name}"] = 1.0
        out[f"flag:{f.name}:{_level(f.weight)}"] = 1.0
    if supported:
        out["supported"] = 1.0
    if hits:
        out["word_table"] = 1.0
    if other_species:
        out["other_species_gene"] = 1.0
    out["noisy_or"] = noisy_or
    return out
FOLDS = 5
#: L2 strength: small data (~1,500 keywords a mode), so strong regularization.
C = 0.5


def rows(dev: Path, mode: str, labels: dict[str, list[Label]]) -> list[dict[str, Any]]:
    """One row per labelled gene keyword: its features (``None`` when the result gives it no
    verdict: filed as another kind, or ambiguous), the label, the figure and its group."""
    out = []
    for figid, labs in labels.items():
        res = normalize_figure(dev / f"{figid}.md", hits=MODES[mode])
        for k, lab in zip(res.keywords, labs, strict=True):
            if not lab.scored:
                continue
            feats = None
            if k.kind in ("gene", "family") and k.suspect is not None:
                feats = features(k.flags, supported=bool(k.support), hits=res.hits_used,
                                 other_species=(k.taxon_id or "9606") != "9606" or bool(k.species_candidates),
                                 noisy_or=combine(k.flags, k.support).score)
            out.append({"figid": figid, "group": group_of(lab), "family": lab.family, "gold": lab.suspect,
                        "feats": feats, "filed_other": k.kind not in ("gene", "family"),
                        "rule_suspect": bool(k.suspect)})
    return out


def _fit(train: Sequence[dict[str, Any]]) -> Any:
    from sklearn.feature_extraction import DictVectorizer  # noqa: PLC0415
    from sklearn.linear_model import LogisticRegression  # noqa: PLC0415
    from sklearn.pipeline import make_pipeline  # noqa: PLC0415

    data = [r for r in train if r["feats"] is not None]
    model = make_pipeline(DictVectorizer(sparse=False), LogisticRegression(C=C, max_iter=2000))
    model.fit([r["feats"] for r in data], [r["gold"] for r in data])
    return model


def _predict(model: Any, data: Sequence[dict[str, Any]]) -> list[float | None]:
    probs = model.predict_proba([r["feats"] for r in data if r["feats"] is not None])[:, 1]
    it = iter(probs)
    return [float(next(it)) if r["feats"] is not None else None for r in data]


def fold_of(figids: Sequence[str], folds: int = FOLDS) -> dict[str, int]:
    """Figure -> fold: whole figures dealt round-robin in sorted order (deterministic)."""
    return {f: i % folds for i, f in enumerate(sorted(set(figids)))}


def cross_validated(data: Sequence[dict[str, Any]], folds: int = FOLDS) -> list[float | None]:
    """Each row's probability from a model that never saw its figure."""
    fold = fold_of([r["figid"] for r in data], folds)
    out: list[float | None] = [None] * len(data)
    for k in range(folds):
        train = [r for r in data if fold[r["figid"]] != k]
        test_idx = [i for i, r in enumerate(data) if fold[r["figid"]] == k]
        probs = _predict(_fit(train), [data[i] for i in test_idx])
        for i, p in zip(test_idx, probs, strict=True):
            out[i] = p
    return out


def counts(data: Sequence[dict[str, Any]], probs: Sequence[float | None], threshold: float = 0.5,
           key: str = "group") -> dict[str, Counts]:
    """Suspect-call counts per group; a keyword filed as another kind counts as flagged."""
    out: dict[str, Counts] = defaultdict(Counts)
    for r, p in zip(data, probs, strict=True):
        flagged = r["filed_other"] or (p is not None and p >= threshold)
        for g in (r[key], "all"):
            out[g] = out[g].add(flagged, r["gold"])
    return dict(out)


def reliability(data: Sequence[dict[str, Any]], probs: Sequence[float | None], bins: int = 10) -> list[tuple]:
    """Per score bin: (low, high, keywords, mean predicted, observed suspect share)."""
    table = []
    pairs = [(p, r["gold"]) for r, p in zip(data, probs, strict=True) if p is not None]
    for b in range(bins):
        lo, hi = b / bins, (b + 1) / bins
        inside = [(p, g) for p, g in pairs if lo <= p < hi or (b == bins - 1 and p == 1.0)]
        if inside:
            table.append((lo, hi, len(inside), sum(p for p, _ in inside) / len(inside),
                          sum(g for _, g in inside) / len(inside)))
    return table


def brier(data: Sequence[dict[str, Any]], probs: Sequence[float | None]) -> float:
    pairs = [(p, r["gold"]) for r, p in zip(data, probs, strict=True) if p is not None]
    return sum((p - g) ** 2 for p, g in pairs) / len(pairs)


def _print_counts(title: str, train: dict[str, Counts], cv: dict[str, Counts], rule: dict[str, Counts]) -> None:
    print(f"\n{title}")
    print(f"{'group':22} {'rules P/R/F1':>20} {'fitted train P/R/F1':>22} {'fitted CV P/R/F1':>20}")
    for g in sorted(cv):
        cells = [f"{c.precision:.3f}/{c.recall:.3f}/{c.f1:.3f}" for c in (rule[g], train[g], cv[g])]
        print(f"{g:22} {cells[0]:>20} {cells[1]:>22} {cells[2]:>20}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m pfocr_genes.training.fit_scores", description=__doc__.split("\n\n")[0])
    ap.add_argument("dev", type=Path, help="the labeled dev figures (../shared/pfocr-dev)")
    args = ap.parse_args(argv)
    if not (args.dev / "labels.tsv").exists():
        print(f"error: {args.dev}: no labels.tsv", file=sys.stderr)
        return 2
    labels = read_labels(args.dev)
    for mode in MODES:
        data = rows(args.dev, mode, labels)
        model = _fit(data)
        train_p = _predict(model, data)
        cv_p = cross_validated(data)
        rule_p = [1.0 if r["rule_suspect"] else 0.0 for r in data]
        train_c, cv_c, rule_c = counts(data, train_p), counts(data, cv_p), counts(data, rule_p)
        _print_counts(f"== {mode}: {len(data)} labelled gene keywords, cross-validated by figure ({FOLDS} folds)",
                      train_c, cv_c, rule_c)
        print(f"Brier (CV): {brier(data, cv_p):.4f}; reliability (CV): bin, keywords, mean predicted, observed")
        for lo, hi, n, mp, ob in reliability(data, cv_p):
            print(f"  [{lo:.1f}, {hi:.1f})  {n:5d}  {mp:.3f}  {ob:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

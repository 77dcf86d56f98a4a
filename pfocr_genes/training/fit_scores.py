"""Fit the suspect score (:mod:`pfocr_genes.scoring`) on the labelled dev figures, measure it
honestly, and write the weights the runtime ships (issue 14).

``python -m pfocr_genes.training.fit_scores ../shared/pfocr-dev [--write]`` (needs
``pip install '.[train]'``). Each labelled gene keyword is cleaned twice (keywords only, and
with the word table); the features of its verdict are read from the runtime itself
(:func:`pfocr_genes.scoring.recording`), so the fit sees exactly what the runtime computes.
For each set of weights (``word``, ``keywords``, ``flags``) an L2-regularized logistic
regression is fitted, its strength C chosen by cross-validation grouped by figure.

Every number is reported twice, per record family and labeling round
(:func:`pfocr_genes.evaluation.group_of`): on the training set, and *cross-validated by
figure*: five folds of whole figures (a figure's keywords are never in training and test at
once, in either input mode), C chosen again inside each training part by an inner grouped
cross-validation, so the test figures choose nothing. Beside them: the hand-set noisy-OR,
a reliability table (mean predicted score vs observed suspect share per score bin) and the
Brier score.

``--write`` writes ``data/suspect_weights.json`` (or the given path): the weights fitted on
every labelled figure, sorted and rounded, so the same labels and code give the same file.
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import json
import math
import os
import random
import subprocess
import sys
from collections import defaultdict
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs

from pfocr_genes import normalize_figure, scoring
from pfocr_genes.evaluation import Counts, Label, group_of, read_labels
from pfocr_genes.flags import noisy_or
from pfocr_genes.scoring import MODELS, SCHEMA, Weights, features, sigmoid
from pfocr_genes.taxa import HUMAN

#: input mode -> ``normalize_figure(hits=...)``
MODES = {"keywords": False, "hits": None}
MODE_TITLES = {"keywords": "keywords only", "hits": "with the word table"}
FOLDS = 5
INNER_FOLDS = 4
#: L2 strengths tried (small data, ~1,800 keywords a set of weights: strong regularization).
C_GRID = (0.1, 0.2, 0.5, 1.0, 2.0, 5.0)
#: Decimals kept in the weights file (far below what changes a rounded score).
DECIMALS = 6
#: Thresholds the report shows the cross-validated trade-off at (``normalize_figure(threshold=)``).
THRESHOLDS = (0.3, 0.4, 0.5, 0.6, 0.7)


@attrs.frozen(slots=True)
class Row:
    """One labelled gene keyword in one input mode."""

    figid: str
    group: str
    family: str
    mode: str
    gold: bool
    #: filed as a disease, chemical... : out of the gene list, counted as flagged
    filed_other: bool
    #: the weights that score it (``None``: no verdict, e.g. ambiguous)
    model: str | None = None
    feats: Mapping[str, float] = attrs.field(factory=dict)
    #: its flags-only features (what the ``flags`` weights are fitted on)
    flag_feats: Mapping[str, float] = attrs.field(factory=dict)
    #: the hand-set noisy-OR of its flags
    hand: float | None = None
    #: the score the runtime gave it (the shipped weights, or the noisy-OR without them)
    shipped: float | None = None


def rows(dev: Path, labels: Mapping[str, list[Label]]) -> list[Row]:
    """Every scored labelled gene keyword, in both input modes, with its features."""
    out = []
    for figid, labs in labels.items():
        for mode, hits in MODES.items():
            with scoring.recording() as seen:
                res = normalize_figure(dev / f"{figid}.md", hits=hits)
            recorded = _match(res.keywords, seen, figid)
            for i, (k, lab) in enumerate(zip(res.keywords, labs, strict=True)):
                if not lab.scored:
                    continue
                base = {"figid": figid, "group": group_of(lab), "family": lab.family, "mode": mode,
                        "gold": lab.suspect, "filed_other": k.kind not in ("gene", "family")}
                s = recorded.get(i)
                if s is None:
                    out.append(Row(**base))
                    continue
                out.append(Row(**base, model=s.model, feats=s.features,
                               flag_feats=features(k.flags, k.support, None),
                               hand=noisy_or(k.flags, k.support), shipped=k.score))
    return out


def _match(keywords: Sequence[Any], seen: Sequence[scoring.Scored], figid: str) -> dict[int, scoring.Scored]:
    """Keyword index -> its recorded verdict. ``normalize_figure`` scores the genes of other
    species first, then the human genes, each in keyword order; the scores must agree."""
    other = iter([s for s in seen if s.model == "flags"])
    human = iter([s for s in seen if s.model != "flags"])
    out = {}
    for i, k in enumerate(keywords):
        if k.score is None:
            continue
        foreign = bool(k.species_candidates) or (k.taxon_id or HUMAN) != HUMAN
        s = next(other if foreign else human, None)
        if s is None or s.score != k.score:
            raise RuntimeError(f"{figid}: the recorded verdicts do not match the keywords (at {k.text!r}); "
                               "has the order of scoring in figure.py changed?")
        out[i] = s
    return out


# -- fitting (scikit-learn) --------------------------------------------------------------

def _examples(data: Sequence[Row], model: str) -> list[tuple[Mapping[str, float], bool, str]]:
    """(features, label, figure) of the rows a set of weights is fitted on: its own rows, and
    for ``flags`` every row with a verdict (its flags-only features; see
    :func:`pfocr_genes.scoring.features`)."""
    if model == "flags":
        return [(r.flag_feats, r.gold, r.figid) for r in data if r.model is not None]
    return [(r.feats, r.gold, r.figid) for r in data if r.model == model]


def fit_weights(examples: Sequence[tuple[Mapping[str, float], bool, str]], c: float) -> Weights:
    """An L2 logistic regression, as plain numbers."""
    from sklearn.feature_extraction import DictVectorizer  # noqa: PLC0415 - training-time extra
    from sklearn.linear_model import LogisticRegression  # noqa: PLC0415

    vec = DictVectorizer(sparse=False)
    x = vec.fit_transform([dict(f) for f, _, _ in examples])
    lr = LogisticRegression(C=c, max_iter=5000).fit(x, [g for _, g, _ in examples])
    coef = {name: round(float(w), DECIMALS) for name, w in zip(vec.feature_names_, lr.coef_[0], strict=True)}
    return Weights(round(float(lr.intercept_[0]), DECIMALS), dict(sorted(coef.items())))


def fold_of(figids: Sequence[str], folds: int = FOLDS, seed: int | None = None) -> dict[str, int]:
    """Figure -> fold: whole figures dealt round-robin in sorted order (deterministic), or
    shuffled by ``seed`` first (another split, to see how much the numbers depend on it)."""
    order = sorted(set(figids))
    if seed is not None:
        random.Random(seed).shuffle(order)
    return {f: i % folds for i, f in enumerate(order)}


def _log_loss(examples: Sequence[tuple[Mapping[str, float], bool, str]], c: float, folds: int) -> float:
    fold = fold_of([fig for _, _, fig in examples], folds)
    total = 0.0
    for k in range(folds):
        train = [e for e in examples if fold[e[2]] != k]
        if len({g for _, g, _ in train}) < 2:
            continue
        w = fit_weights(train, c)
        for f, g, fig in examples:
            if fold[fig] == k:
                p = min(max(sigmoid(w.logit(f)), 1e-9), 1 - 1e-9)
                total -= math.log(p if g else 1 - p)
    return total / len(examples)


def choose_c(examples: Sequence[tuple[Mapping[str, float], bool, str]], folds: int = INNER_FOLDS) -> float:
    """The C of :data:`C_GRID` with the lowest log-loss in cross-validation grouped by figure
    (ties: the stronger regularization)."""
    return min(C_GRID, key=lambda c: (round(_log_loss(examples, c, folds), 6), c))


@attrs.frozen(slots=True)
class Fitted:
    """One set of fitted weights, with its C and what it was fitted on."""

    weights: Weights
    c: float
    rows: int
    suspect: int


def fit_all(data: Sequence[Row]) -> dict[str, Fitted]:
    """Every set of weights of :data:`pfocr_genes.scoring.MODELS`, C chosen on ``data`` alone."""
    out = {}
    for model in MODELS:
        ex = _examples(data, model)
        if not ex:
            continue  # nothing to fit (a toy data set): no keyword needs these weights
        if len({g for _, g, _ in ex}) < 2:
            raise ValueError(f"the '{model}' weights need labelled keywords of both kinds, ok and suspect")
        c = choose_c(ex)
        out[model] = Fitted(fit_weights(ex, c), c, len(ex), sum(g for _, g, _ in ex))
    return out


def predict(models: Mapping[str, Fitted], data: Sequence[Row]) -> list[float | None]:
    """Each row's probability, computed as the runtime computes it."""
    return [None if r.model is None else sigmoid(models[r.model].weights.logit(r.feats)) for r in data]


def cross_validated(data: Sequence[Row], folds: int = FOLDS, seed: int | None = None) -> list[float | None]:
    """Each row's probability from weights fitted (and C chosen) without its figure."""
    fold = fold_of([r.figid for r in data], folds, seed)
    out: list[float | None] = [None] * len(data)
    for k in range(folds):
        models = fit_all([r for r in data if fold[r.figid] != k])
        test = [i for i, r in enumerate(data) if fold[r.figid] == k]
        for i, p in zip(test, predict(models, [data[i] for i in test]), strict=True):
            out[i] = p
    return out


# -- measuring ---------------------------------------------------------------------------

def counts(data: Sequence[Row], probs: Sequence[float | None], threshold: float = 0.5,
           key: str = "group") -> dict[str, Counts]:
    """Suspect-call counts per group (``key``: ``group`` or ``family``) and ``all``; a keyword
    filed as another kind counts as flagged."""
    out: dict[str, Counts] = defaultdict(Counts)
    for r, p in zip(data, probs, strict=True):
        flagged = r.filed_other or (p is not None and p >= threshold)
        for g in (getattr(r, key), "all"):
            out[g] = out[g].add(flagged, r.gold)
    return dict(out)


def reliability(data: Sequence[Row], probs: Sequence[float | None], bins: int = 10) -> list[tuple]:
    """Per score bin: (low, high, keywords, mean predicted, observed suspect share)."""
    table = []
    pairs = [(p, r.gold) for r, p in zip(data, probs, strict=True) if p is not None]
    for b in range(bins):
        lo, hi = b / bins, (b + 1) / bins
        inside = [(p, g) for p, g in pairs if lo <= p < hi or (b == bins - 1 and p == 1.0)]
        if inside:
            table.append((lo, hi, len(inside), sum(p for p, _ in inside) / len(inside),
                          sum(g for _, g in inside) / len(inside)))
    return table


def miscalibrated(table: Sequence[tuple], min_keywords: int = 30, tolerance: float = 0.1) -> list[tuple]:
    """The bins of ``table`` with at least ``min_keywords`` whose observed share is off the
    mean predicted score by more than ``tolerance`` (the issue's calibration test)."""
    return [row for row in table if row[2] >= min_keywords and abs(row[3] - row[4]) > tolerance]


def brier(data: Sequence[Row], probs: Sequence[float | None]) -> float:
    pairs = [(p, r.gold) for r, p in zip(data, probs, strict=True) if p is not None]
    return sum((p - g) ** 2 for p, g in pairs) / len(pairs)


@attrs.frozen(slots=True)
class Evaluation:
    """Everything the report prints: the rows, the final weights and each row's probability
    from the final weights (training), from weights without its figure (CV), the hand-set
    noisy-OR and the shipped weights."""

    data: tuple[Row, ...]
    models: Mapping[str, Fitted]
    train: tuple[float | None, ...]
    cv: tuple[float | None, ...]

    def mode(self, mode: str) -> tuple[list[Row], dict[str, list[float | None]]]:
        """The rows of one input mode and their probabilities by method."""
        idx = [i for i, r in enumerate(self.data) if r.mode == mode]
        rows_ = [self.data[i] for i in idx]
        return rows_, {"hand-set": [rows_[j].hand for j in range(len(idx))],
                       "shipped": [rows_[j].shipped for j in range(len(idx))],
                       "train": [self.train[i] for i in idx], "cv": [self.cv[i] for i in idx]}


def evaluate(dev: Path, labels: Mapping[str, list[Label]] | None = None, folds: int = FOLDS) -> Evaluation:
    """Fit on every labelled figure and cross-validate by figure (needs scikit-learn)."""
    data = rows(dev, labels if labels is not None else read_labels(dev))
    models = fit_all(data)
    return Evaluation(tuple(data), models, tuple(predict(models, data)), tuple(cross_validated(data, folds)))


def _cell(c: Counts) -> str:
    return f"{c.precision:.3f}/{c.recall:.3f}/{c.f1:.3f}"


def report(ev: Evaluation, out: Any = None) -> None:
    """Print train vs cross-validated numbers per input mode, group and family, the
    reliability table and the Brier scores."""
    out = out or sys.stdout
    cs = ", ".join(f"{m} C={f.c:g} ({f.rows} keywords, {f.suspect} suspect)" for m, f in ev.models.items())
    print(f"weights: {cs}", file=out)
    for mode in MODES:
        data, probs = ev.mode(mode)
        figs = len({r.figid for r in data})
        print(f"\n== {MODE_TITLES[mode]}: {len(data)} labelled gene keywords of {figs} figures; cross-validated by "
              f"figure ({FOLDS} folds, C chosen inside each training part)", file=out)
        print(f"{'group':22} {'hand-set P/R/F1':>18} {'fitted train P/R/F1':>20} {'fitted CV P/R/F1':>18} "
              f"{'F1 gap':>7}", file=out)
        by = {m: {**counts(data, p), **counts(data, p, key="family")} for m, p in probs.items()}
        groups = sorted(g for g in by["cv"] if "/" in g or g == "current-database")
        families = sorted(g for g in by["cv"] if "/" not in g and g not in ("all", "current-database"))
        for g in [*groups, *(f"{f} (all rounds)" for f in families), "all"]:
            key = g.removesuffix(" (all rounds)")
            h, t, c = by["hand-set"][key], by["train"][key], by["cv"][key]
            print(f"{g:22} {_cell(h):>18} {_cell(t):>20} {_cell(c):>18} {t.f1 - c.f1:+7.3f}", file=out)
        print(f"Brier: hand-set {brier(data, probs['hand-set']):.4f}, fitted train {brier(data, probs['train']):.4f}, "
              f"fitted CV {brier(data, probs['cv']):.4f}", file=out)
        cells = [f"{t:.1f} {_cell(counts(data, probs['cv'], t)['all'])}" for t in THRESHOLDS]
        print(f"other thresholds (CV, P/R/F1): {'; '.join(cells)}", file=out)
        table = reliability(data, probs["cv"])
        print("reliability (CV): score bin, keywords, mean predicted, observed suspect share", file=out)
        for lo, hi, n, mp, ob in table:
            mark = "  <- off by more than 0.1" if miscalibrated([(lo, hi, n, mp, ob)]) else ""
            print(f"  [{lo:.1f}, {hi:.1f})  {n:5d}  {mp:.3f}  {ob:.3f}{mark}", file=out)
        shipped = [(s, t) for s, t in zip(probs["shipped"], probs["train"], strict=True) if t is not None]
        stale = sum(s is None or abs(s - round(t, 3)) > 0.0015 for s, t in shipped)
        print(f"shipped weights: {scoring.basis()}"
              + (f"; {stale} of {len(shipped)} scores differ from this fit (refit with --write)" if stale else
                 "; the same as this fit"), file=out)


def spread(data: Sequence[Row], splits: int, out: Any = None) -> None:
    """Cross-validate again over ``splits`` shuffled assignments of figures to folds and print
    the range of each number: with ~110 figures, which figures share a fold moves them."""
    out = out or sys.stdout
    seen: dict[str, list[tuple[Counts, float, int]]] = defaultdict(list)
    for seed in range(1, splits + 1):
        cv = cross_validated(data, seed=seed)
        for mode in MODES:
            idx = [i for i, r in enumerate(data) if r.mode == mode]
            rows_, probs = [data[i] for i in idx], [cv[i] for i in idx]
            seen[mode].append((counts(rows_, probs)["all"], brier(rows_, probs),
                               len(miscalibrated(reliability(rows_, probs)))))
    print(f"\nover {splits} other assignments of figures to the {FOLDS} folds (min-max):", file=out)
    for mode, runs in seen.items():
        off = sum(n > 0 for _, _, n in runs)
        print(f"  {MODE_TITLES[mode]:20} P {_range([c.precision for c, _, _ in runs])}  "
              f"R {_range([c.recall for c, _, _ in runs])}  F1 {_range([c.f1 for c, _, _ in runs])}  "
              f"Brier {_range([b for _, b, _ in runs])}; a bin of 30+ keywords off by more than 0.1 in {off} of "
              f"{splits}", file=out)


def _range(values: Sequence[float]) -> str:
    return f"{min(values):.3f}-{max(values):.3f}"


# -- the weights file --------------------------------------------------------------------

def _sha256(path: Path) -> str | None:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else None


def _commit() -> str:
    """The code the weights were fitted with: the commit, marked when the package differs."""
    here = Path(__file__).resolve().parents[1]
    try:
        head = subprocess.run(["git", "-C", str(here), "rev-parse", "--short", "HEAD"], capture_output=True,
                              text=True, check=True, timeout=10).stdout.strip()
        dirty = subprocess.run(["git", "-C", str(here), "status", "--porcelain", "--", "."], capture_output=True,
                               text=True, check=True, timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    return f"{head} + uncommitted changes" if dirty else head


def _today() -> str:
    """The training date (``SOURCE_DATE_EPOCH`` when set, for a reproducible file)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    now = datetime.datetime.fromtimestamp(int(epoch), datetime.UTC) if epoch else datetime.datetime.now(datetime.UTC)
    return now.date().isoformat()


def weights_doc(ev: Evaluation, dev: Path) -> dict[str, Any]:
    """The weights file's content: the schema, the weights, where they come from, and the
    cross-validated numbers they were measured at."""
    measured = {}
    for mode in MODES:
        data, probs = ev.mode(mode)
        t, c = counts(data, probs["train"])["all"], counts(data, probs["cv"])["all"]
        measured[mode] = {"train": {"precision": round(t.precision, 3), "recall": round(t.recall, 3),
                                    "f1": round(t.f1, 3)},
                          "cross_validated": {"precision": round(c.precision, 3), "recall": round(c.recall, 3),
                                              "f1": round(c.f1, 3), "brier": round(brier(data, probs["cv"]), 4)}}
    return {
        "schema": SCHEMA,
        "about": "Weights of the pfocr-genes suspect score (pfocr_genes/scoring.py): p = 1 / (1 + exp(-(intercept + "
                 "sum of coef[feature] * value))). Written by python -m pfocr_genes.training.fit_scores --write.",
        "trained": _today(),
        "commit": _commit(),
        "data": {"name": dev.resolve().name, "figures": len({r.figid for r in ev.data}),
                 "labels_sha256": _sha256(dev / "labels.tsv"), "records_sha256": _sha256(dev / "records.tsv"),
                 "keywords": {m: sum(r.mode == m for r in ev.data) for m in MODES}},
        "method": f"L2 logistic regression (scikit-learn lbfgs), C from {list(C_GRID)} by {INNER_FOLDS}-fold "
                  f"cross-validation grouped by figure (log-loss); measured by {FOLDS}-fold cross-validation grouped "
                  "by figure with C chosen inside each training part",
        "measured": measured,
        "models": {m: {"C": f.c, "rows": f.rows, "suspect": f.suspect, "intercept": f.weights.intercept,
                       "coef": dict(f.weights.coef)} for m, f in ev.models.items()},
    }


def write_weights(doc: Mapping[str, Any], path: Path) -> None:
    path.write_text(json.dumps(doc, indent=1, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")


def default_weights_path() -> Path:
    """``data/suspect_weights.json`` of this checkout."""
    return Path(__file__).resolve().parents[2] / "data" / scoring.WEIGHTS_FILE


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m pfocr_genes.training.fit_scores",
                                 description=__doc__.split("\n\n")[0])
    ap.add_argument("dev", type=Path, help="the labeled dev figures (../shared/pfocr-dev)")
    ap.add_argument("--write", nargs="?", type=Path, const=default_weights_path(), metavar="PATH",
                    help=f"write the weights fitted on every labelled figure (default {default_weights_path()})")
    ap.add_argument("--splits", type=int, default=0, metavar="N",
                    help="also cross-validate over N shuffled assignments of figures to folds and print the range "
                         "(~40 s each)")
    args = ap.parse_args(argv)
    if not (args.dev / "labels.tsv").exists():
        print(f"error: {args.dev}: no labels.tsv", file=sys.stderr)
        return 2
    try:
        import sklearn  # noqa: F401, PLC0415
    except ImportError:
        print("error: fitting needs scikit-learn: pip install 'pfocr-genes[train]'", file=sys.stderr)
        return 2
    ev = evaluate(args.dev)
    report(ev)
    if args.splits > 0:
        spread(ev.data, args.splits)
    if args.write:
        write_weights(weights_doc(ev, args.dev), args.write)
        scoring.reload()
        print(f"\nwrote {args.write}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Score ``normalize_figure`` against the labeled dev figures (``../shared/pfocr-dev``).

Used by ``benchmarks/suspects.py`` and by the tests that guard quality; never imported by
the runtime. Labels are read from ``labels.tsv`` (one row per keyword) and each figure's
record family and labeling round from ``records.tsv``: every number is reported per family
(covid, terpene, terpeneadh, current-database), because a rule that fits one family can
fail on another.

A labelled gene keyword counts as *flagged* when the result marks it ``suspect`` or files
it as something other than a gene or family (it leaves the gene list either way).
"""

from __future__ import annotations

import csv
from collections import defaultdict
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import attrs


@attrs.frozen(slots=True)
class Label:
    """One labelled keyword of a dev figure."""

    figid: str
    keyword: str
    kind: str
    verdict: str
    reason: str
    family: str
    round: str

    @property
    def scored(self) -> bool:
        """A gene keyword with a decided verdict (``unsure`` rows are left out of scores)."""
        return self.kind == "gene" and self.verdict in ("ok", "suspect")

    @property
    def suspect(self) -> bool:
        return self.verdict == "suspect"


@attrs.frozen(slots=True)
class Counts:
    """True positives, false positives and false negatives of the suspect call."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0

    def add(self, flagged: bool, gold: bool) -> Counts:
        return Counts(self.tp + (flagged and gold), self.fp + (flagged and not gold),
                      self.fn + (gold and not flagged), self.tn + (not gold and not flagged))

    def __add__(self, other: Counts) -> Counts:
        return Counts(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn, self.tn + other.tn)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def n(self) -> int:
        return self.tp + self.fp + self.fn + self.tn


def read_labels(dev: str | Path) -> dict[str, list[Label]]:
    """figid -> its labelled keywords in record order, each with family and round."""
    dev = Path(dev)
    families: dict[str, tuple[str, str]] = {}
    records = dev / "records.tsv"
    if records.exists():
        with open(records, encoding="utf-8", newline="") as fh:
            for r in csv.DictReader(fh, delimiter="\t"):
                families[r["figid"]] = (r["family"], r.get("round") or "")
    out: dict[str, list[Label]] = defaultdict(list)
    with open(dev / "labels.tsv", encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh, delimiter="\t"):
            fam, rnd = families.get(r["figid"], ("unknown", ""))
            out[r["figid"]].append(Label(r["figid"], r["keyword"], r["kind"], r["verdict"], r["reason"], fam, rnd))
    return dict(out)


def flagged(k: Any) -> bool:
    """Whether a keyword result takes the keyword out of the figure's gene list."""
    return bool(k is not None and (k.suspect or k.kind not in ("gene", "family")))


def group_of(label: Label) -> str:
    """The reporting group: the family, and for the older families the labeling round too
    (``held-out-then-released`` figures were not seen when the rules were written)."""
    if label.family == "current-database":
        return label.family
    return f"{label.family}/{'held-out' if label.round.startswith('held-out') else 'first'}"


def score(results: Mapping[str, Any], labels: Mapping[str, list[Label]],
          group: Callable[[Label], str] = group_of) -> dict[str, Counts]:
    """Suspect-call counts per group over the scored gene keywords; ``results`` maps figid ->
    ``FigureResult``. Keyword results are matched to labels by position (same record order)."""
    out: dict[str, Counts] = defaultdict(Counts)
    for figid, rows in labels.items():
        res = results.get(figid)
        if res is None:
            continue
        for k, lab in zip(res.keywords, rows, strict=False):
            if lab.scored:
                out[group(lab)] = out[group(lab)].add(flagged(k), lab.suspect)
    return dict(out)


def pooled(counts: Mapping[str, Counts], keep: Callable[[str], bool] = lambda g: True) -> Counts:
    """The sum of the groups ``keep`` accepts."""
    total = Counts()
    for g, c in counts.items():
        if keep(g):
            total = total + c
    return total


def kind_agreement(results: Mapping[str, Any], labels: Mapping[str, list[Label]],
                   group: Callable[[Label], str] = group_of) -> dict[str, tuple[int, int]]:
    """Per group: (keywords whose ``kind`` agrees with the label, keywords)."""
    out: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for figid, rows in labels.items():
        res = results.get(figid)
        if res is None:
            continue
        for k, lab in zip(res.keywords, rows, strict=False):
            out[group(lab)][0] += k.kind == lab.kind
            out[group(lab)][1] += 1
    return {g: (a, n) for g, (a, n) in out.items()}


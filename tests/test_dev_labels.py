"""Quality floors on the labeled dev figures (``../shared/pfocr-dev``), per record family.

Each family is asserted on its own: a change that helps the current multi-species records
must not cost the older human-lexicon collections, and the reverse. The older families keep
the floors they had on the figures the rules were written against (round ``first``); the
figures released after being held out (round ``held-out``) and the current database records
have floors just below today's numbers, to be raised as the issues that target them land.
"""

from __future__ import annotations

import pytest

from pfocr_genes import normalize_figure
from pfocr_genes.evaluation import kind_agreement, pooled, read_labels, score

KINDS = ("gene", "family", "disease", "chemical", "organism", "other")

#: (mode, group) -> (min precision, min recall). ``first`` pooled over the three older
#: families: the thresholds of the human-lexicon test before the labels grew. Since the score
#: is fitted on these figures (issue 14) the runtime's numbers are training-set numbers, so
#: the floors changed with it sit at or below the cross-validated ones (``python -m
#: pfocr_genes.training.fit_scores``): keywords-only ``older/first`` precision went down to
#: them (0.92 -> 0.87: one fitted score trades precision on the figures the hand-set levels
#: were tuned on for recall everywhere), the held-out and current-database floors up.
FLOORS = {
    ("keywords", "older/first"): (0.87, 0.78),
    ("keywords", "older/held-out"): (0.75, 0.65),
    ("keywords", "current-database"): (0.95, 0.83),
    # recall 0.919 with the schema-2 weights: one covid keyword scores 0.498 (0.513 before)
    ("hits", "older/first"): (0.92, 0.91),
    ("hits", "older/held-out"): (0.90, 0.85),
    ("hits", "current-database"): (0.95, 0.92),
}


@pytest.fixture(scope="module")
def labels(dev_dir):
    return read_labels(dev_dir)


@pytest.fixture(scope="module")
def results(dev_dir, labels):
    """figid -> (keywords-only result, result with the word table)."""
    return {mode: {f: normalize_figure(dev_dir / f"{f}.md", hits=hits) for f in labels}
            for mode, hits in (("keywords", False), ("hits", None))}


def _older(group: str, rnd: str) -> bool:
    return group != "current-database" and group.endswith(rnd)


def test_every_keyword_is_typed_in_record_order(results, labels):
    for figid, rows in labels.items():
        res = results["hits"][figid]
        assert [k.text for k in res.keywords] == [r.keyword for r in rows], figid
        assert all(k.kind in KINDS for k in res.keywords)


@pytest.mark.parametrize(("group", "floor"), [("older", 0.98), ("current-database", 0.93)])
def test_kind_agreement_per_family(results, labels, group, floor):
    agree = kind_agreement(results["hits"], labels)
    a = sum(v[0] for g, v in agree.items() if (g == group if group == "current-database" else g != "current-database"))
    n = sum(v[1] for g, v in agree.items() if (g == group if group == "current-database" else g != "current-database"))
    assert n > 300 and a / n >= floor, f"{group}: {a}/{n}"


@pytest.mark.parametrize(("mode", "group"), sorted(FLOORS))
def test_suspect_precision_and_recall_per_family(results, labels, mode, group):
    counts = score(results[mode], labels)
    if group == "current-database":
        c = pooled(counts, lambda g: g == group)
    else:
        rnd = group.split("/")[1]
        c = pooled(counts, lambda g: _older(g, rnd))
    min_p, min_r = FLOORS[(mode, group)]
    assert c.n > 50, (group, c)
    assert c.precision >= min_p and c.recall >= min_r, (mode, group, round(c.precision, 3), round(c.recall, 3), c)

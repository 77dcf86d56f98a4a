"""The honest measurement of issue 14: grouped folds, counts, reliability, Brier."""

from __future__ import annotations

import pytest

from pfocr_genes.flags import Flag
from pfocr_genes.training.fit_scores import brier, counts, cross_validated, features, fold_of, reliability


def test_folds_keep_a_figure_whole():
    folds = fold_of(["b", "a", "a", "c", "b", "d", "e", "f"], 3)
    assert set(folds) == set("abcdef") and set(folds.values()) == {0, 1, 2}


def test_counts_reliability_brier():
    data = [{"figid": "f", "group": "g", "gold": g, "filed_other": False} for g in (True, True, False, False)]
    c = counts(data, [0.9, 0.2, 0.6, None])["all"]
    assert (c.tp, c.fn, c.fp, c.tn) == (1, 1, 1, 1)
    assert brier(data, [1.0, 0.0, 0.0, None]) == pytest.approx(1 / 3)
    table = reliability(data, [0.95, 0.91, 0.05, None])
    assert [(lo, hi, n, ob) for lo, hi, n, _, ob in table] == [(0.0, 0.1, 1, 0.0), (0.9, 1.0, 2, 1.0)]
    assert table[1][3] == pytest.approx(0.93)


def test_features_name_flags_and_context():
    f = features([Flag("common_word", 0.8, "r", "s")], supported=True, hits=False, other_species=False, noisy_or=0.4)
    assert f == {"flag:common_word": 1.0, "flag:common_word:strong": 1.0, "supported": 1.0, "noisy_or": 0.4}


def test_cross_validation_never_sees_the_test_figure():
    pytest.importorskip("sklearn")
    data = [{"figid": f"f{i}", "gold": i % 2 == 0, "feats": {"x": float(i % 2 == 0)}} for i in range(20)]
    probs = cross_validated(data, folds=4)
    assert all(p is not None for p in probs)
    assert all((p > 0.5) == r["gold"] for p, r in zip(probs, data, strict=True))

"""The honest measurement of issue 14: grouped folds, counts, reliability, Brier, and a fit
that is deterministic and computes what the runtime computes."""

from __future__ import annotations

import pytest

from pfocr_genes import normalize_figure, scoring
from pfocr_genes.flags import Flag
from pfocr_genes.scoring import Context, features
from pfocr_genes.training.fit_scores import (
    Row,
    brier,
    choose_c,
    counts,
    cross_validated,
    fit_weights,
    fold_of,
    miscalibrated,
    predict,
    reliability,
    rows,
)
from tests.conftest import EXAMPLE


def _row(gold: bool, figid: str = "f", **kw) -> Row:
    return Row(figid=figid, group="g", family="fam", mode="keywords", gold=gold, filed_other=False, **kw)


def test_folds_keep_a_figure_whole():
    folds = fold_of(["b", "a", "a", "c", "b", "d", "e", "f"], 3)
    assert set(folds) == set("abcdef") and set(folds.values()) == {0, 1, 2}


def test_counts_reliability_brier():
    data = [_row(g) for g in (True, True, False, False)]
    c = counts(data, [0.9, 0.2, 0.6, None])["all"]
    assert (c.tp, c.fn, c.fp, c.tn) == (1, 1, 1, 1)
    assert brier(data, [1.0, 0.0, 0.0, None]) == pytest.approx(1 / 3)
    table = reliability(data, [0.95, 0.91, 0.05, None])
    assert [(lo, hi, n, ob) for lo, hi, n, _, ob in table] == [(0.0, 0.1, 1, 0.0), (0.9, 1.0, 2, 1.0)]
    assert table[1][3] == pytest.approx(0.93)
    assert miscalibrated([(0.5, 0.6, 30, 0.55, 0.70), (0.6, 0.7, 29, 0.65, 0.2), (0.7, 0.8, 40, 0.75, 0.8)]) == [
        (0.5, 0.6, 30, 0.55, 0.70)]


def test_features_name_flags_and_context():
    f = [Flag("common_word", 0.8, "r", "s"), Flag("no_support", 0.1, "r", "s")]
    assert features(f, (), None) == {"flag:common_word": 1.0, "flag:common_word:strong": 1.0, "n_flags": 1.0}
    word = features(f, (), Context(word_table=True, non_animal=False, pubmed=9, short_aliases=2))
    assert word["flag:no_support:weak"] == 1.0 and word["log_pubmed"] == pytest.approx(-1.0)
    assert "short_aliases" not in word and "non_animal" not in word
    kw = features(f[:1], ["symbol X in caption"], Context(word_table=False, non_animal=True, pubmed=0, short_aliases=7,
                                                          paralogs=1))
    assert kw["flag:common_word:supported"] == kw["flag:common_word:non_animal"] == kw["supported"] == 1.0
    assert "named" not in kw
    # the caption spelling the gene out (its name, or a definition) is the stronger support
    assert features([], ["name 'tumor protein p53' in caption"], None) == {"supported": 1.0, "named": 1.0}
    assert features([], ["caption defines MVK as 'mevalonate kinase'"], None)["named"] == 1.0
    assert kw["short_aliases"] == 3.0 and kw["shared_alias"] == 0.0 and kw["paralogs"] == pytest.approx(0.6931, 1e-3)


def test_training_rows_read_the_runtime_features(tmp_path):
    """The fit sees what the runtime computed: features recorded from the verdicts, scores
    equal to the keywords' scores."""
    dev = EXAMPLE.parent
    with scoring.recording() as seen:
        res = normalize_figure(EXAMPLE, hits=False)
    labels = {res.figid: []}
    from pfocr_genes.evaluation import Label  # noqa: PLC0415

    for k in res.keywords:
        labels[res.figid].append(Label(res.figid, k.text, "gene" if k.kind == "gene" else k.kind,
                                       "suspect" if k.suspect else "ok", "-", "current-database", "first"))
    data = rows(dev, labels)
    assert {r.mode for r in data} == {"keywords", "hits"}
    kw_rows = [r for r in data if r.mode == "keywords" and r.model is not None]
    assert [r.shipped for r in kw_rows] == [s.score for s in seen]
    assert all(r.model in ("keywords", "flags") for r in kw_rows)
    assert all("log_pubmed" in r.feats for r in kw_rows if r.model == "keywords")


def test_cross_validation_never_sees_the_test_figure():
    pytest.importorskip("sklearn")
    data = [_row(i % 2 == 0, f"f{i}", model="word", feats={"x": float(i % 2 == 0)}, flag_feats={"x": float(i % 2 == 0)})
            for i in range(20)]
    probs = cross_validated(data, folds=4)
    assert all(p is not None for p in probs)
    assert all((p > 0.5) == r.gold for p, r in zip(probs, data, strict=True))


def test_fit_is_deterministic_and_matches_the_runtime_formula():
    pytest.importorskip("sklearn")
    examples = [({"a": float(i % 3 == 0), "b": (i % 7) / 7}, i % 3 == 0 or i % 5 == 0, f"f{i % 9}")
                for i in range(60)]
    one, two = fit_weights(examples, 1.0), fit_weights(examples, 1.0)
    assert one == two and list(one.coef) == sorted(one.coef)
    c = choose_c(examples)
    assert c == choose_c(examples)
    data = [_row(g, fig, model="word", feats=f) for f, g, fig in examples]
    from pfocr_genes.training.fit_scores import Fitted  # noqa: PLC0415

    probs = predict({"word": Fitted(one, 1.0, len(data), 0)}, data)
    assert probs[0] == pytest.approx(scoring.sigmoid(one.intercept + one.coef["a"] * 1.0 + one.coef["b"] * 0.0))

"""The fitted suspect score (issue 14): the runtime's dot product, the shipped weights, the
fallback to the noisy-OR, and the ``threshold`` of ``normalize_figure`` and the CLI."""

from __future__ import annotations

import json
import math
import random
import shutil

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pfocr_genes import normalize_figure, scoring
from pfocr_genes.flags import NOISY_OR, STRONG, WEAK, Flag, combine, noisy_or
from pfocr_genes.scoring import MODELS, SCHEMA, Context, check_threshold, features, load_model, verdict
from tests.conftest import EXAMPLE
from tests.test_cli import run


@pytest.fixture(scope="module")
def shipped() -> dict:
    """The weights file as written by the training script."""
    return json.loads(scoring.weights_path().read_text(encoding="utf-8"))


@pytest.fixture
def weights_at(monkeypatch):
    """Point the runtime at another weights file for one test (and back afterwards)."""

    def use(path):
        monkeypatch.setattr(scoring, "weights_path", lambda: path)
        scoring.reload()

    yield use
    monkeypatch.undo()
    scoring.reload()


def _sigmoid(z: float) -> float:
    return 1 / (1 + math.exp(-z))


# --- the shipped weights ---------------------------------------------------------------

def test_shipped_weights_are_used_and_say_where_they_come_from(shipped):
    assert shipped["schema"] == SCHEMA and set(shipped["models"]) == set(MODELS)
    assert shipped["trained"] and shipped["commit"] and shipped["data"]["figures"] > 50
    assert scoring.current_model() is not None
    assert scoring.basis().startswith("fitted probability") and "suspect_weights.json" in scoring.basis()
    # measured cross-validated by figure, beside the training-set numbers
    for mode in ("keywords", "hits"):
        assert set(shipped["measured"][mode]) == {"train", "cross_validated"}


def test_probability_by_hand_from_the_json(shipped):
    """No scikit-learn: the score of a known flag set is the logistic function of the JSON's
    numbers, feature names spelled out here (a change of the features must bump SCHEMA)."""
    flag = Flag("other_species", STRONG, "r", "s")
    m = shipped["models"]["flags"]
    z = m["intercept"] + sum(m["coef"].get(k, 0.0) * v for k, v in
                             {"flag:other_species": 1.0, "flag:other_species:strong": 1.0, "n_flags": 1.0}.items())
    v = combine([flag], [])
    assert v.score == round(_sigmoid(z), 3) and v.suspect and v.basis == scoring.basis()

    ctx = Context(word_table=False, non_animal=True, pubmed=99, short_aliases=5, shared_alias=2, paralogs=0)
    flags = [Flag("other_organism", WEAK, "r", "s"), Flag("no_support", 0.1, "r", "s")]
    m = shipped["models"]["keywords"]
    x = {"flag:other_organism": 1.0, "flag:other_organism:weak": 1.0, "flag:no_support": 1.0,
         "flag:no_support:weak": 1.0, "n_flags": 1.0, "non_animal": 1.0, "flag:other_organism:non_animal": 1.0,
         "flag:no_support:non_animal": 1.0, "log_pubmed": 0.0, "flagged:log_pubmed": 0.0, "short_aliases": 3.0,
         "shared_alias": math.log(3), "paralogs": 0.0}
    assert features(flags, (), ctx) == pytest.approx(x)
    z = m["intercept"] + sum(m["coef"].get(k, 0.0) * v for k, v in x.items())
    assert verdict(flags, [], ctx).score == round(_sigmoid(z), 3)


def test_runtime_equals_sklearn_predict_proba(shipped):
    """The runtime's dot product + sigmoid is scikit-learn's logistic model for the saved
    weights: same features by name, unknown features ignored by both."""
    pytest.importorskip("sklearn")
    import numpy as np  # noqa: PLC0415
    from sklearn.feature_extraction import DictVectorizer  # noqa: PLC0415
    from sklearn.linear_model import LogisticRegression  # noqa: PLC0415

    model = load_model(scoring.weights_path())
    rng = random.Random(14)
    for name in MODELS:
        m = shipped["models"][name]
        vec = DictVectorizer(sparse=False).fit([{k: 1.0 for k in m["coef"]}])
        lr = LogisticRegression()
        lr.classes_ = np.array([False, True])
        lr.coef_ = np.array([[m["coef"][k] for k in vec.feature_names_]])
        lr.intercept_ = np.array([m["intercept"]])
        samples = [{k: rng.choice([0.0, 1.0, rng.uniform(-2, 3)]) for k in rng.sample(sorted(m["coef"]), 6)}
                   | {"not a feature": 1.0} for _ in range(50)]
        want = lr.predict_proba(vec.transform(samples))[:, 1]
        got = [scoring.sigmoid(model.weights[name].logit(s)) for s in samples]
        assert got == pytest.approx(list(want), abs=1e-12)


def test_flags_carry_what_they_added_most_first():
    res = normalize_figure(EXAMPLE)
    net = next(k for k in res.keywords if k.text == "ELK3")
    contributions = [f.contribution for f in net.flags]
    assert all(c is not None for c in contributions) and contributions == sorted(contributions, reverse=True)
    assert net.reasons == tuple(f"{f.name}: {f.reason}" for f in net.flags)
    assert net.to_dict()["flags"][0]["contribution"] == contributions[0]
    line = scoring.explain(net.flags, net.score)
    assert "fitted probability" in line and net.flags[0].name in line


def test_scores_are_probabilities_and_unflagged_genes_stay_low():
    res = normalize_figure(EXAMPLE)
    genes = [k for k in res.keywords if k.score is not None]
    assert all(0.0 <= k.score <= 1.0 and k.suspect == (k.score >= 0.5) for k in genes)
    assert all(k.score < 0.2 for k in genes if not k.flags)


# --- fallback ----------------------------------------------------------------------------

def test_missing_weights_fall_back_to_the_noisy_or(tmp_path, weights_at):
    weights_at(tmp_path / "absent.json")
    with pytest.warns(RuntimeWarning, match="noisy-OR"):
        res = normalize_figure(EXAMPLE)
    assert scoring.current_model() is None and "missing" in scoring.basis() and NOISY_OR in scoring.basis()
    for k in res.keywords:
        if k.score is not None:
            assert k.score == noisy_or(k.flags, k.support) and all(f.contribution is None for f in k.flags)
    v = combine([Flag("a", 0.6, "r", "s")], [])
    assert v.score == 0.6 and "missing" in v.basis and "score 0.600: noisy-OR" in scoring.explain(v.flags, v.score)


def test_weights_of_another_schema_are_not_used(tmp_path, shipped, weights_at):
    path = tmp_path / "suspect_weights.json"
    path.write_text(json.dumps({**shipped, "schema": SCHEMA + 1}))
    weights_at(path)
    with pytest.warns(RuntimeWarning, match=f"schema {SCHEMA + 1}"):
        assert scoring.current_model() is None
    assert f"reads schema {SCHEMA}" in scoring.basis()
    path.write_text("{not json")
    weights_at(path)
    with pytest.warns(RuntimeWarning, match="cannot read"):
        assert combine([Flag("a", 0.6, "r", "s")], []).score == 0.6


# --- threshold ---------------------------------------------------------------------------

@pytest.mark.parametrize("threshold", [0.0, 0.05, 0.3, 0.5, 0.9, 1.0])
def test_threshold_decides_suspect(threshold):
    res = normalize_figure(EXAMPLE, threshold=threshold)
    scored = [k for k in res.keywords if k.score is not None]
    assert scored and all(k.suspect == (k.score >= threshold) for k in scored)
    if threshold == 0.0:
        assert all(k.suspect for k in scored)


def test_default_threshold_is_one_half():
    a, b = normalize_figure(EXAMPLE), normalize_figure(EXAMPLE, threshold=0.5)
    assert [k.suspect for k in a.keywords] == [k.suspect for k in b.keywords]
    assert check_threshold(None) == 0.5 and check_threshold(1) == 1.0


@pytest.mark.parametrize("bad", [-0.1, 1.5, float("nan"), "0.5", True])
def test_bad_threshold_is_a_clear_error(bad):
    with pytest.raises(ValueError, match="threshold must be a number from 0 to 1"):
        normalize_figure(EXAMPLE, threshold=bad)


def test_cli_threshold_reaches_the_workers(tmp_path):
    """``--threshold`` through a real process and a pool of two workers (70 records: more
    than one chunk)."""
    for i in range(70):
        shutil.copy(EXAMPLE, tmp_path / f"r{i:02d}.md")

    def suspects(*args: str) -> list[int]:
        p = run("normalize", "-f", "jsonl", "--workers", "2", *args, str(tmp_path))
        assert p.returncode == 0, p.stderr
        docs = [json.loads(line) for line in p.stdout.splitlines()]
        assert len(docs) == 70
        for d in docs:
            for k in d["keywords"]:
                if k["score"] is not None:
                    assert k["suspect"] == (k["score"] >= float(args[1]) if args else k["score"] >= 0.5)
        return [sum(bool(k["suspect"]) for k in d["keywords"]) for d in docs]

    default, low = suspects(), suspects("--threshold", "0.02")
    assert len(set(default)) == 1 and len(set(low)) == 1 and low[0] > default[0]


@pytest.mark.parametrize("bad", ["1.5", "-1", "nan", "half"])
def test_cli_bad_threshold_exits_2(bad):
    p = run("normalize", "--threshold", bad, str(EXAMPLE))
    assert p.returncode == 2 and "--threshold" in p.stderr and "from 0 to 1" in p.stderr


_RULES = ["other_species", "common_word", "alias_collision", "shadowed_alias", "homoglyph", "no_support",
          "other_organism", "made_up_rule"]


@given(flags=st.lists(st.tuples(st.sampled_from(_RULES), st.sampled_from([0.1, 0.35, 0.6, 0.8])), max_size=6),
       support=st.sampled_from([(), ("symbol X in caption",), ("alias Y in title", "name 'x' in caption"),
                                ("caption defines X as 'x'",)]),
       ctx=st.one_of(st.none(), st.builds(Context, word_table=st.booleans(), non_animal=st.booleans(),
                                          pubmed=st.integers(0, 10**5), short_aliases=st.integers(0, 9),
                                          shared_alias=st.integers(0, 9), paralogs=st.integers(0, 30))))
def test_runtime_shortcut_is_the_dot_product_of_the_features(flags, support, ctx):
    """What every verdict computes (without building the feature dict) is exactly the dot
    product of :func:`features` that the weights were fitted on; the parts add up to it."""
    model = scoring.current_model()
    fs = [Flag(n, w, f"reason {i}", "s") for i, (n, w) in enumerate(flags)]
    w = model.weights[scoring.model_of(ctx)]
    z, parts = w.explained_logit(fs, support, ctx)
    assert z == pytest.approx(w.logit(features(fs, support, ctx)), abs=1e-9)
    rest = z - sum(parts)
    v = verdict(fs, support, ctx)
    assert v.score == round(scoring.sigmoid(z), 3)
    assert sum(f.contribution for f in v.flags) + rest == pytest.approx(z, abs=5e-3)

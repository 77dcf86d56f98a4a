"""The suspect score: the probability that a gene hit is wrong, from the rules' flags and the
context they fired in (issue 14).

Why fitted: the rules say *what* speaks against a hit; how much each piece of evidence is
worth (alone, together, when the caption names the gene, in a plant figure) is measured on
labelled figures instead of set by hand. :mod:`pfocr_genes.training.fit_scores` fits an
L2-regularized logistic regression (scikit-learn, at training time only) and writes its
weights to ``data/suspect_weights.json``; here the probability is a dot product and a
sigmoid, so the runtime needs nothing beyond the standard library.

Three sets of weights, by what the rules could see:

- ``word``: a human gene whose OCR word is known (word table): the word rules ran;
- ``keywords``: a human gene known from the keyword list only: the list rules ran, and the
  list itself is evidence (an alias shared with other keywords, paralogs beside the gene);
- ``flags``: a gene of another species (:mod:`pfocr_genes.rules.species`): the flags alone.

Without the weights file, or with one written for another :data:`SCHEMA`, the score falls
back to the hand-set noisy-OR (:func:`pfocr_genes.flags.noisy_or`) with a warning;
:attr:`Verdict.basis <pfocr_genes.flags.Verdict.basis>` and :func:`basis` say which is used.
"""

from __future__ import annotations

import contextlib
import json
import math
import numbers
import warnings
from collections.abc import Iterator, Mapping, Sequence
from contextvars import ContextVar
from functools import cache
from pathlib import Path
from typing import NamedTuple

import attrs

from pfocr_genes.flags import MEDIUM, NOISY_OR, STRONG, THRESHOLD, Flag, Verdict, alternative_of, noisy_or
from pfocr_genes.snapshot import SnapshotError, embedded_data_dir

#: Version of the feature definitions below. A weights file written for another version is
#: not used (its numbers would be read as other features): bump it with any change to
#: :func:`features`, and refit.
SCHEMA = 2
WEIGHTS_FILE = "suspect_weights.json"
#: The sets of weights a file must hold (see the module docstring).
MODELS = ("word", "keywords", "flags")


class WeightsError(ValueError):
    """The weights file is missing, unreadable or written for another feature schema."""


class Context(NamedTuple):
    """What the rules knew about a human gene keyword besides its flags. A named tuple, not
    an attrs class: one is made for every gene keyword of every figure, and a tuple is built
    in C."""

    #: the OCR word is known (word table), so the word rules ran rather than the list rules
    word_table: bool
    #: the figure is about plants, fungi or microbes (``FigureEvidence.non_animal``)
    non_animal: bool
    #: PubMed articles linked to the gene (how studied it is: a rarely studied gene in a
    #: figure is more often a wrong reading of a word)
    pubmed: int
    #: the gene's aliases, previous symbols and NCBI synonyms of three characters or fewer
    #: (short names collide with words and other genes)
    short_aliases: int
    #: other keyword genes, not its paralogs, that share an alias with it (keywords only)
    shared_alias: int = 0
    #: other keyword genes of the same symbol stem or FamPlex family (keywords only)
    paralogs: int = 0


def check_threshold(threshold: float | None) -> float:
    """The ``suspect`` cut-off a caller asked for, as a float (``None``: :data:`THRESHOLD`).

    Raises:
        ValueError: not a number from 0 to 1.
    """
    if threshold is None:
        return THRESHOLD
    if isinstance(threshold, bool) or not isinstance(threshold, numbers.Real) or not 0.0 <= threshold <= 1.0:
        raise ValueError(f"threshold must be a number from 0 to 1 (a gene keyword is suspect when its score, the "
                         f"probability that the hit is wrong, is at least the threshold), got {threshold!r}")
    return float(threshold)


def model_of(ctx: Context | None) -> str:
    """Which set of weights scores a keyword (see the module docstring)."""
    if ctx is None:
        return "flags"
    return "word" if ctx.word_table else "keywords"


def level(weight: float) -> str:
    """A flag's hand-set strength as a word (the feature names use it)."""
    return "strong" if weight >= STRONG else "medium" if weight >= MEDIUM else "weak"


def features(flags: Sequence[Flag], support: Sequence[str], ctx: Context | None) -> dict[str, float]:
    """The evidence of one gene keyword as named numbers (an absent feature is 0).

    Each flag by name and at its strength level, whether the title or caption names the gene
    (``supported``) and whether it spells it out (``named``: its name, or an abbreviation the
    caption defines as the gene; ``flagged:named`` when a rule fires all the same), how many
    rules fired; with a context also each flag in a
    non-animal figure and the gene's PubMed prior (and the prior again when a rule other than
    ``no_support`` fired, ``flagged:log_pubmed``: a well-studied gene is less likely a wrong hit,
    but much less so once a rule says the word is something else; without it the fitted
    probabilities of flagged keywords came out too low, 0.76 predicted where 0.97 were
    suspect), and keywords-only each flag of a gene the
    caption names and the evidence of the list (short aliases, shared aliases, paralogs). Without
    a context ``no_support`` is left out: the species rules never check it (the ``flags``
    weights are fitted on every labelled gene, human genes included).
    """
    out: dict[str, float] = {}
    named: set[str] = set()
    for f in flags:
        if ctx is None and f.name == "no_support":
            continue
        out[f"flag:{f.name}"] = 1.0
        out[f"flag:{f.name}:{level(f.weight)}"] = 1.0
        if f.name != "no_support":
            named.add(f.name)
    supported = bool(support)
    if supported:
        out["supported"] = 1.0
        if names_the_gene(support):
            out["named"] = 1.0
            if named:  # a rule fires although the caption spells the gene out
                out["flagged:named"] = 1.0
    if named:
        out["n_flags"] = float(min(len(named), 3))
    if ctx is None:
        return out
    if ctx.non_animal:
        out["non_animal"] = 1.0
        for f in flags:
            out[f"flag:{f.name}:non_animal"] = 1.0
    out["log_pubmed"] = math.log10(1 + ctx.pubmed) - 2.0
    if named:  # how much a gene is studied says less once a rule has fired
        out["flagged:log_pubmed"] = out["log_pubmed"]
    if not ctx.word_table:
        if supported:  # with the OCR word known the rules already read the caption against it
            for name in named:
                out[f"flag:{name}:supported"] = 1.0
        out["short_aliases"] = float(min(ctx.short_aliases, 3))
        out["shared_alias"] = math.log1p(ctx.shared_alias)
        out["paralogs"] = math.log1p(ctx.paralogs)
    return out


#: Features of the context, in the order :attr:`Weights.context` holds their coefficients.
CONTEXT_FEATURES = ("supported", "n_flags", "non_animal", "log_pubmed", "short_aliases", "shared_alias", "paralogs",
                    "named", "flagged:named", "flagged:log_pubmed")


def names_the_gene(support: Sequence[str]) -> bool:
    """Whether the title or caption spells the gene out: its name, or an abbreviation the
    caption defines as the gene (stronger than its symbol, which may be the very word that
    was misread). The lines are those of ``CaptionIndex.evidence`` and ``definition_flags``."""
    return any(s.startswith("name ") or " defines " in s for s in support)


@attrs.frozen(slots=True)
class Weights:
    """One fitted logistic model: ``p = sigmoid(intercept + sum(coef[f] * x[f]))``."""

    intercept: float
    coef: Mapping[str, float]
    #: the coefficients of :data:`CONTEXT_FEATURES` (0 for those the model lacks)
    context: tuple[float, ...] = attrs.field(init=False, eq=False, repr=False)
    #: (rule, level) -> coefficients of the rule, at the level, in a non-animal figure, supported
    _rules: dict[tuple[str, str], tuple[float, float, float, float]] = attrs.field(
        init=False, factory=dict, eq=False, repr=False)
    _parts: dict[tuple, tuple[float, ...]] = attrs.field(init=False, factory=dict, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "context", tuple(self.coef.get(k, 0.0) for k in CONTEXT_FEATURES))

    def logit(self, feats: Mapping[str, float]) -> float:
        """The log-odds of a feature dict (what the training script and the tests compute)."""
        coef = self.coef
        return self.intercept + sum(coef.get(k, 0.0) * v for k, v in feats.items())

    def rule(self, name: str, lvl: str) -> tuple[float, float, float, float]:
        """The coefficients of one rule's features (looked up once per rule and level)."""
        found = self._rules.get((name, lvl))
        if found is None:
            c = self.coef
            found = self._rules[(name, lvl)] = (c.get(f"flag:{name}", 0.0), c.get(f"flag:{name}:{lvl}", 0.0),
                                                c.get(f"flag:{name}:non_animal", 0.0),
                                                c.get(f"flag:{name}:supported", 0.0))
        return found

    def explained_logit(self, flags: Sequence[Flag], support: Sequence[str], ctx: Context | None
                        ) -> tuple[float, Sequence[float]]:
        """``logit(features(flags, support, ctx))`` and each flag's part of it, without
        building the feature dict: the runtime scores every gene keyword this way (the
        tests check it equals :meth:`logit`). Parts as :func:`verdict` documents them."""
        c_sup, _, c_na, c_lp, c_short, c_shared, c_par, c_named, c_flagged_named, c_flagged_lp = self.context
        supported = bool(support)
        na = ctx is not None and ctx.non_animal
        if flags:
            rules = ((flags[0].name, flags[0].weight),) if len(flags) == 1 else tuple((f.name, f.weight) for f in flags)
            parts = self.flag_parts(rules, supported, ctx is not None, na, ctx is not None and not ctx.word_table)
            z = self.intercept + sum(parts)
        else:
            parts = ()
            z = self.intercept
        flagged = any(f.name != "no_support" for f in flags)
        if supported:
            z += c_sup
            if names_the_gene(support):
                z += c_named
                if flagged:
                    z += c_flagged_named
        if ctx is not None:
            lp = math.log10(1 + ctx.pubmed) - 2.0
            z += (c_na if na else 0.0) + (c_lp + (c_flagged_lp if flagged else 0.0)) * lp
            if not ctx.word_table:
                z += (c_short * min(ctx.short_aliases, 3) + c_shared * math.log1p(ctx.shared_alias)
                      + c_par * math.log1p(ctx.paralogs))
        return z, parts

    def flag_parts(self, rules: tuple[tuple[str, float], ...], supported: bool, context: bool, non_animal: bool,
                   keywords_only: bool) -> tuple[float, ...]:
        """Each flag's part of the log-odds, by its rule and weight (computed once for each
        combination: few recur across a corpus, and every gene keyword asks)."""
        key = (rules, supported, context, non_animal, keywords_only)
        found = self._parts.get(key)
        if found is not None:
            return found
        c_n = self.context[1]
        names: dict[str, int] = {}  # rule -> index of its first flag
        levels: set[tuple[str, str]] = set()
        parts: list[float] = []
        for i, (name, weight) in enumerate(rules):
            if name == "no_support" and not context:
                parts.append(0.0)
                continue
            lvl = level(weight)
            t_name, t_lvl, t_na, t_sup = self.rule(name, lvl)
            part = 0.0
            if name not in names:
                names[name] = i
                part = (t_name + (t_na if non_animal else 0.0)
                        + (t_sup if supported and keywords_only and name != "no_support" else 0.0))
            if (name, lvl) not in levels:
                levels.add((name, lvl))
                part += t_lvl
            parts.append(part)
        named = [i for n, i in names.items() if n != "no_support"]
        for i in named:
            parts[i] += c_n * min(len(named), 3) / len(named)
        if len(self._parts) >= PARTS_CACHE:
            self._parts.clear()
        found = self._parts[key] = tuple(parts)
        return found


#: Flag combinations :meth:`Weights.flag_parts` remembers.
PARTS_CACHE = 1 << 14


@attrs.frozen(slots=True)
class ScoreModel:
    """The fitted weights of every :data:`MODELS` entry, and where they come from."""

    weights: Mapping[str, Weights]
    #: one line: schema, training date, data (for :attr:`Verdict.basis`)
    about: str


def sigmoid(z: float) -> float:
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)


def load_model(path: str | Path) -> ScoreModel:
    """Read a weights file written by :mod:`pfocr_genes.training.fit_scores`.

    Raises:
        WeightsError: missing, unreadable, another :data:`SCHEMA`, or a model missing.
    """
    path = Path(path)
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise WeightsError(f"{path}: missing") from None
    except (OSError, ValueError) as exc:
        raise WeightsError(f"{path}: cannot read it ({exc})") from None
    if not isinstance(doc, dict) or doc.get("schema") != SCHEMA:
        found = doc.get("schema") if isinstance(doc, dict) else None
        raise WeightsError(f"{path}: written for feature schema {found}, this library reads schema {SCHEMA}")
    weights = {}
    for name in MODELS:
        m = (doc.get("models") or {}).get(name)
        try:
            weights[name] = Weights(float(m["intercept"]), {str(k): float(v) for k, v in m["coef"].items()})
        except (TypeError, KeyError, ValueError, AttributeError):
            raise WeightsError(f"{path}: no usable '{name}' weights") from None
    data = doc.get("data") or {}
    about = (f"fitted probability ({path.name}, schema {SCHEMA}, trained {doc.get('trained', '?')} on "
             f"{data.get('name', '?')}: {data.get('figures', '?')} labelled figures)")
    return ScoreModel(weights, about)


def weights_path() -> Path:
    """The weights shipped with the library (``data/`` of a checkout, ``pfocr_genes/data``
    installed). Not the snapshot in use: the weights belong to this version's rules, not
    to the gene tables, which ``pfocr-genes data update`` may replace."""
    try:
        return embedded_data_dir() / WEIGHTS_FILE
    except SnapshotError:
        return Path(__file__).resolve().parent / "data" / WEIGHTS_FILE


@cache
def _loaded() -> ScoreModel | str:
    """The shipped model, or why the noisy-OR is used instead (loaded once per process)."""
    try:
        return load_model(weights_path())
    except WeightsError as exc:
        warnings.warn(f"pfocr-genes: suspect scores fall back to the hand-set noisy-OR: {exc}",
                      RuntimeWarning, stacklevel=2)
        return f"{NOISY_OR} ({exc})"


def current_model() -> ScoreModel | None:
    """The model suspect scores use, or ``None`` when they fall back to the noisy-OR."""
    found = _loaded()
    return found if isinstance(found, ScoreModel) else None


def basis() -> str:
    """How suspect scores are made in this process, in one line."""
    found = _loaded()
    return found.about if isinstance(found, ScoreModel) else found


def reload() -> None:
    """Read the weights file again on next use (tests; after writing new weights)."""
    _loaded.cache_clear()
    _VERDICTS.clear()
    _SCORED.clear()


class Scored(NamedTuple):
    """One verdict as :func:`recording` reports it: which weights, the features, the score."""

    model: str
    features: dict[str, float]
    score: float


_RECORDER: ContextVar[list[Scored] | None] = ContextVar("pfocr_genes_score_recorder", default=None)


@contextlib.contextmanager
def recording() -> Iterator[list[Scored]]:
    """Collect every verdict made in this context, in order. The training script reads the
    features of each labelled keyword through it, so that it fits exactly the features the
    runtime computes (one definition, here)."""
    seen: list[Scored] = []
    token = _RECORDER.set(seen)
    try:
        yield seen
    finally:
        _RECORDER.reset(token)


def verdict(flags: Sequence[Flag], support: Sequence[str], ctx: Context | None = None) -> Verdict:
    """The suspect verdict of one gene keyword: the fitted probability of its flags in their
    context, the flags carrying what each added (log-odds), most first.

    A flag's part: its rule's features (the rule, in a non-animal figure, for a supported
    gene) for the first flag of the rule, each level for the first flag at it, and a share of
    ``n_flags`` (how many rules fired). What is left (the intercept, support, the gene's and
    the list's context) belongs to no flag."""
    found = _loaded()
    support = tuple(support)
    recording_ = _RECORDER.get() is not None
    # most gene keywords carry no flag or one the rules memoize per gene (``no_support``), in
    # a context that recurs across figures: their verdict is remembered
    memo_key = None
    if len(flags) < 2 and not recording_:
        f0 = flags[0] if flags else None
        memo_key = (id(f0), support, ctx)
        hit = _VERDICTS.get(memo_key)
        if hit is not None and hit[0] is f0:
            return hit[1]
    if not isinstance(found, ScoreModel):
        ordered = tuple(sorted(flags, key=lambda f: -f.weight))
        score = noisy_or(ordered, support)
        feats = features(flags, support, ctx) if recording_ else {}
        return _record(ctx, feats, Verdict(score >= THRESHOLD, score, ordered, support, alternative_of(ordered),
                                           found))
    w = found.weights[model_of(ctx)]
    z, parts = w.explained_logit(flags, support, ctx)
    score = round(sigmoid(z), 3)
    if not flags:
        ordered: tuple[Flag, ...] = ()
    elif len(flags) == 1:
        ordered = (_scored(flags[0], parts[0]),)
    else:
        ordered = tuple(sorted(map(_scored, flags, parts), key=_by_contribution))
    v = Verdict(score >= THRESHOLD, score, ordered, support, alternative_of(ordered), found.about)
    if recording_:
        return _record(ctx, features(flags, support, ctx), v)
    if memo_key is not None:
        if len(_VERDICTS) >= VERDICT_CACHE:
            _VERDICTS.clear()
        _VERDICTS[memo_key] = (flags[0] if flags else None, v)
    return v


#: (id of the one flag or of None, support, context) -> (that flag, verdict); the entry holds
#: the flag, so its id cannot be reused while cached. Cleared by :func:`reload`.
_VERDICTS: dict[tuple, tuple[Flag | None, Verdict]] = {}
VERDICT_CACHE = 1 << 13


#: id of a flag -> (the flag, its contribution, the flag with it). Rules memoize the flags
#: that depend on the gene alone (``no_support``, the locus type), so most gene keywords
#: score a flag seen before: this saves making it again. The entry holds the flag itself, so
#: its id cannot be reused while cached.
_SCORED: dict[int, tuple[Flag, float, Flag]] = {}
SCORED_CACHE = 1 << 13


def _scored(f: Flag, part: float) -> Flag:
    """``f`` with its contribution (rounded, as shown)."""
    c = round(part, 3)
    hit = _SCORED.get(id(f))
    if hit is not None and hit[0] is f and hit[1] == c:
        return hit[2]
    scored = Flag(f.name, f.weight, f.reason, f.source, f.alternative, f.word, c)
    if len(_SCORED) >= SCORED_CACHE:
        _SCORED.clear()
    _SCORED[id(f)] = (f, c, scored)
    return scored


def _by_contribution(f: Flag) -> float:
    """Sort key: largest contribution first (stable: equal ones keep the rules' order)."""
    return -(f.contribution or 0.0)


def _record(ctx: Context | None, feats: dict[str, float], v: Verdict) -> Verdict:
    seen = _RECORDER.get()
    if seen is not None:
        seen.append(Scored(model_of(ctx), feats, v.score))
    return v


def explain(flags: Sequence[Flag], score: float, most: int = 2) -> str:
    """One short line for a keyword's ``score`` and ``flags``: that the score is the fitted
    probability, and the flags that added most to it (or how the score was made instead)."""
    if current_model() is None:
        return f"score {score:.3f}: {basis()}"
    top = [f"{f.name} {f.contribution:+.2f}" for f in flags if f.contribution is not None and f.contribution > 0]
    return (f"score {score:.3f} = fitted probability that the hit is wrong; "
            + (f"most from {', '.join(top[:most])} (log-odds)" if top else "no flag raised it"))

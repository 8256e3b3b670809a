"""Training rows for the engine's two pair models, and their fit.

* ``event`` — "does this article report the happening of this event?": every labelled stream
  is replayed in stream order with its *gold* events (:meth:`OnlineClusterer.learn_labelled`),
  and each article is scored against the events the engine would look at — the candidates its
  index finds, and its own event when that is still open — positive for its own.
* ``story`` — "does this new happening continue this story?": the same replay, for the first
  article of each gold event against the open stories; and every graded pair of the pair sets,
  article against article, with the soft label ``(4 - overall) / 3``.

Rows carry their corpus, shape and fold (an ECB+ topic, a story, a pair), so that a model is
never scored on what it was fitted on.  Each corpus weighs the same in a fit, however many rows
it gives (MStream's 30,000 snippets would otherwise drown 376 German pairs), shared evenly by its
shapes.  The model is a logistic regression with one weight per signal and one constant per
signal for "missing" (:class:`~storyline.cluster.similarity.Model`).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..cluster.batch import Prepared
from ..cluster.engine import StoryEngine
from ..cluster.online import OnlineClusterer
from ..cluster.similarity import RESCALED, ROOTED, SIGNALS, Model, Profile, model_input, signals, time_factor, time_gap
from ..features import Features
from ..options import Options
from .corpora import ClusterCorpus, LabelledPair

MODELS = ("event", "story")
# Signals a model is fitted without (weight 0): none so far.
EXCLUDED: dict[str, frozenset[str]] = {"event": frozenset(), "story": frozenset()}
# A candidate whose time factor falls below this is decided by time, whatever its content: such
# rows say nothing about the content model.
_TIME_DECIDES = 0.5
# A corpus weighs as many rows as it gives, up to this many: ECB+'s 13,000 real decisions say more
# than a written stream's 1,000, but MStream's 80,000 snippet decisions must not drown the 2,000
# German pairs.
CORPUS_CAP = 10_000
# The models that read cosines as their square roots (:data:`~storyline.cluster.similarity.ROOTED`).
ROOTED_MODELS = ("story",)
DEFAULT_THRESHOLDS = {"event": 0.3, "story": 0.3}


@dataclass(slots=True)
class Rows:
    """Signal values (``nan`` where missing) and soft labels of one corpus in one shape."""

    model: str
    corpus: str
    shape: str
    values: list[list[float]] = field(default_factory=list)
    labels: list[float] = field(default_factory=list)
    folds: list[str] = field(default_factory=list)

    def add(self, values: list[float], label: float, fold: str) -> None:
        self.values.append(values)
        self.labels.append(label)
        self.folds.append(fold)

    def where(self, keep: set[str] | None = None, drop: set[str] | None = None) -> Rows:
        """The rows whose fold is in ``keep`` (all when ``None``) and not in ``drop``."""
        return self.at(
            [i for i, f in enumerate(self.folds) if (keep is None or f in keep) and (drop is None or f not in drop)]
        )

    def at(self, indices: Sequence[int]) -> Rows:
        """The rows at ``indices``."""
        return Rows(
            self.model,
            self.corpus,
            self.shape,
            [self.values[i] for i in indices],
            [self.labels[i] for i in indices],
            [self.folds[i] for i in indices],
        )


def pair_rows(
    name: str,
    shape: str,
    prepared: Sequence[tuple[LabelledPair, Features | None, Features | None]],
    options: Options,
) -> Rows:
    """Story-model rows of a graded pair set (document frequencies over all its texts, as
    ``storyline similarity`` has them)."""
    engine = StoryEngine(options)
    for _, fa, fb in prepared:
        for f in (fa, fb):
            if f is not None:
                engine.learn_frequencies(f)
    rows = Rows("story", name, shape)
    for pair, fa, fb in prepared:
        if fa is None or fb is None:
            continue
        (a, rare_a), (b, rare_b) = engine.profile(fa, top=None), engine.profile(fb, top=None)
        rows.add(signals(a, b, rare_a | rare_b), (4.0 - pair.overall) / 3.0, pair.id)
    return rows


def decision_rows(
    corpus: ClusterCorpus, shape: str, prepared: Sequence[Prepared], options: Options
) -> tuple[Rows, Rows]:
    """Event- and story-model rows of a labelled stream, replayed with its gold groups."""
    engine = StoryEngine(options)
    events, stories = engine.events, engine.stories
    event_rows, story_rows = Rows("event", corpus.name, shape), Rows("story", corpus.name, shape)
    seen_events: set[str] = set()
    known_events = "event" in corpus.levels
    for item in prepared:
        gold_event = corpus.event[item.id] if known_events else item.id
        gold_story = corpus.story[item.id]
        fold = corpus.folds.get(item.id, gold_story)
        if item.features is None:
            continue
        if item.duplicate_of is not None:  # a copy: counted, not scored (as the engine does)
            events.learn_member(gold_event, item.time)
            stories.learn_member(gold_story, item.time)
            continue
        profile, rare = engine.profile(item.features)
        if known_events:
            _score_candidates(events, profile, rare, gold_event, event_rows, fold)
        if gold_event not in seen_events and "story" in corpus.levels:
            _score_candidates(stories, profile, rare, gold_story, story_rows, fold)
            seen_events.add(gold_event)
        events.learn_labelled(profile, gold_event)
        stories.learn_labelled(profile, gold_story)
        engine.learn_frequencies(item.features)
    return event_rows, story_rows


def _score_candidates(
    clusterer: OnlineClusterer, profile: Profile, rare: set[str], gold: str, rows: Rows, fold: str
) -> None:
    candidates = clusterer.candidates(profile)
    own = clusterer.groups_.get(gold)
    if own is not None and clusterer.is_active(own, profile):
        candidates.add(gold)
    for group_id in sorted(candidates):
        group = clusterer.groups_[group_id]
        gap = time_gap(profile.time, clusterer.anchor(group))
        if time_factor(gap, clusterer.time_grace, clusterer.time_scale) < _TIME_DECIDES:
            continue
        rows.add(signals(profile, group.profile, rare), float(group_id == gold), fold)


def fit(rows: Sequence[Rows], model: str, c: float = 1.0, threshold: float | None = None) -> dict[str, Any]:
    """Fit one model on ``rows`` (those of other models are ignored): its JSON entry, with a
    logistic part for the rows whose dates are both known and one for the rest."""
    chosen = [r for r in rows if r.model == model and r.values]
    dated, undated = _split_by_dates(chosen)
    undated_part = _fit_logistic(undated or chosen, model, c)
    try:
        dated_part = _fit_logistic(dated, model, c) if dated else undated_part
    except ValueError:  # too few dated rows to fit: the undated part serves both
        dated_part = undated_part
    entry: dict[str, object] = {"dated": dated_part, "undated": undated_part}
    entry["threshold"] = DEFAULT_THRESHOLDS[model] if threshold is None else threshold
    return entry


def _split_by_dates(rows: Sequence[Rows]) -> tuple[list[Rows], list[Rows]]:
    days = SIGNALS.index("days_apart")
    dated: list[Rows] = []
    undated: list[Rows] = []
    for r in rows:
        for part, known in ((dated, True), (undated, False)):
            keep = [i for i, v in enumerate(r.values) if (not math.isnan(v[days])) == known]
            if keep:
                part.append(r.at(keep))
    return dated, undated


def _fit_logistic(chosen: Sequence[Rows], model: str, c: float) -> dict[str, object]:
    from sklearn.linear_model import LogisticRegression

    excluded = EXCLUDED[model]
    rooted = ROOTED if model in ROOTED_MODELS else ()
    # a signal missing from every row (dense vectors when none were computed) is not fitted: its
    # "missing" constant would only split the bias with it
    seen = {i for r in chosen for values in r.values for i, v in enumerate(values) if v == v}
    used = [i for i, name in enumerate(SIGNALS) if name not in excluded and i in seen]
    design, targets, weights = [], [], []
    corpora = {r.corpus for r in chosen}
    size = {name: sum(len(r.values) for r in chosen if r.corpus == name) for name in corpora}
    for r in chosen:
        shapes = sum(1 for other in chosen if other.corpus == r.corpus)
        # a corpus weighs as its rows, up to CORPUS_CAP, shared evenly by its shapes (soft labels as
        # two weighted rows)
        weight = min(size[r.corpus], CORPUS_CAP) / (shapes * len(r.values))
        for values, label in zip(r.values, r.labels, strict=True):
            row = _design(model_input(values, rooted, RESCALED), used)
            for target, share in ((1, label), (0, 1.0 - label)):
                if share > 0:
                    design.append(row)
                    targets.append(target)
                    weights.append(weight * share)
    if len(set(targets)) < 2:
        raise ValueError(f"cannot fit the {model} model: its rows hold one class only")
    total = np.asarray(weights)
    total *= len(total) / total.sum()
    estimator = LogisticRegression(C=c, max_iter=10_000)
    estimator.fit(np.asarray(design), np.asarray(targets), sample_weight=total)
    coef = estimator.coef_[0]
    entry_weights = dict.fromkeys(SIGNALS, 0.0)
    entry_missing = dict.fromkeys(SIGNALS, 0.0)
    for k, i in enumerate(used):
        entry_weights[SIGNALS[i]] = round(float(coef[2 * k]), 4)
        entry_missing[SIGNALS[i]] = round(float(coef[2 * k + 1]), 4)
    return {
        "bias": round(float(estimator.intercept_[0]), 4),
        "weights": entry_weights,
        "missing": entry_missing,
        "rooted": list(rooted),
        "rescaled": dict(RESCALED),
        "rows": sum(len(r.values) for r in chosen),
        "corpora": sorted(corpora),
    }


def _design(values: Sequence[float], used: Sequence[int]) -> list[float]:
    """Per used signal: its value (0 when missing) and a 1 when it is missing."""
    row: list[float] = []
    for i in used:
        value = values[i]
        if math.isnan(value):
            row += [0.0, 1.0]
        else:
            row += [value, 0.0]
    return row


def fit_models(rows: Sequence[Rows], c: float = 1.0) -> dict[str, Any]:
    """Both models, as ``similarity_weights.json`` holds them."""
    return {"models": {name: fit(rows, name, c) for name in MODELS}}


def as_models(weights: dict[str, object]) -> dict[str, Model]:
    return {name: Model.from_dict(entry) for name, entry in weights["models"].items()}  # type: ignore[attr-defined]

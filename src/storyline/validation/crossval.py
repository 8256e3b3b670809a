"""Out-of-sample figures: every model is scored only on data it was not fitted on.

* **Leave one corpus out** — fit on every labelled corpus but one (all shapes), score on that
  one in every shape.
* **k-fold within a corpus** — fit on the other corpora and the other folds of this one, score
  on the held-out fold; folds keep together what belongs together (an ECB+ topic with both its
  events, a story, a pair), and the held-out folds' predictions are pooled.

A :class:`Workbench` analyses each corpus in each shape once (cleaning, dates, language, copies,
features: the expensive part) and keeps the training rows; the folds then only fit and replay.
"""

from __future__ import annotations

import json
import tempfile
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from ..cluster.batch import Prepared, prepare_stream, replay, score_pairs
from ..cluster.engine import StoryEngine
from ..cluster.online import SHORT_LENGTH
from ..evaluate import cluster_scores, pair_scores
from ..features import Features
from ..model import Analyzed
from ..options import Options
from ..pipeline import analyze
from .corpora import ClusterCorpus, Corpus, LabelledPair, PairCorpus
from .training import Rows, decision_rows, fit_models, pair_rows

# Candidate thresholds (probabilities of the event and story models) and the shapes whose
# clustering chooses them: full texts and snippets.
EVENT_THRESHOLDS = (0.1, 0.15, 0.2, 0.3, 0.4, 0.5)
STORY_THRESHOLDS = (0.05, 0.1, 0.2, 0.3, 0.5)
CHOICE_SHAPES = ("as_is", "snippet")
#: Thresholds whose mean F1 is this close to the best are as good: the lowest of them (the fewest
#: clusters) is chosen, in the spirit of the one-standard-error rule.  On a flat F1 curve the best
#: point is noise, and the cluster count it picks swings from fold to fold (MStream's snippet stories).
CHOICE_TOLERANCE = 0.01

PairPrepared = list[tuple[LabelledPair, Features | None, Features | None]]


@dataclass
class Workbench:
    """Corpora analysed once per shape, with their training rows."""

    corpora: Sequence[Corpus]
    options: Options = field(default_factory=Options)
    progress: Callable[[str], None] | None = None
    choose: bool = True  # choose the thresholds on the training data (else the models' defaults)
    choice_limit: int = 4_000  # articles of a training stream clustered to choose them
    prepared: dict[tuple[str, str], Any] = field(default_factory=dict)
    rows: dict[tuple[str, str], list[Rows]] = field(default_factory=dict)
    reshaped: dict[tuple[str, str], Corpus] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for corpus in self.corpora:
            for shape in corpus.shapes:
                if self.progress:
                    self.progress(f"analysing {corpus.name} / {shape}")
                shaped = corpus.reshaped(shape)
                self.reshaped[(corpus.name, shape)] = shaped
                if isinstance(shaped, PairCorpus):
                    prepared = prepare_pairs(shaped.pairs, self.options)
                    self.prepared[(corpus.name, shape)] = prepared
                    self.rows[(corpus.name, shape)] = [pair_rows(corpus.name, shape, prepared, self.options)]
                else:
                    stream = prepare_stream(shaped.articles, self.options)
                    self.prepared[(corpus.name, shape)] = stream
                    self.rows[(corpus.name, shape)] = list(decision_rows(shaped, shape, stream, self.options))

    def names(self) -> list[str]:
        return [c.name for c in self.corpora]

    def corpus(self, name: str) -> Corpus:
        return next(c for c in self.corpora if c.name == name)

    def train(
        self, exclude: str | None = None, drop_folds: dict[str, set[str]] | None = None, choose: bool = True
    ) -> dict[str, Any]:
        """Models fitted without corpus ``exclude`` and without the folds in ``drop_folds``, with
        thresholds chosen on the same training data (:meth:`choose_thresholds`) unless ``choose`` is
        off (pair similarity does not use them)."""
        weights = fit_models(self.training_rows(exclude, drop_folds))
        if self.choose and choose:
            weights["models"]["event"].update(self.choose_thresholds(weights, "event", exclude, drop_folds))
            weights["models"]["story"].update(self.choose_thresholds(weights, "story", exclude, drop_folds))
        return weights

    def choose_thresholds(
        self,
        weights: dict[str, Any],
        level: str,
        exclude: str | None = None,
        drop_folds: dict[str, set[str]] | None = None,
    ) -> dict[str, float]:
        """The ``level`` model's thresholds that cluster the training streams best: each candidate
        is tried on every training stream (in the shapes of :data:`CHOICE_SHAPES`, long ones cut at
        ``choice_limit`` articles); ``threshold`` is the lowest one within :data:`CHOICE_TOLERANCE`
        of the best mean BCubed F1 (each corpus weighing as its articles; an F1 shrunk by
        :func:`_split_penalty` where the clustering has more than twice the gold number of clusters;
        an event bar's F1 the mean over the levels of :func:`_judged_levels`) over the corpora of
        long texts, ``short_threshold`` the same over those of short texts (a snippet stream wants
        another bar than full articles).  The event thresholds are chosen first, the story
        thresholds with them.  Only training corpora count, never the held-out one."""
        streams = []
        for (name, shape), shaped in self.reshaped.items():
            if name == exclude or not isinstance(shaped, ClusterCorpus) or shape not in CHOICE_SHAPES:
                continue
            if not _judged_levels(level, shaped):
                continue
            stream = self.prepared[(name, shape)]
            drop = (drop_folds or {}).get(name)
            if drop:
                stream = [p for p in stream if shaped.folds.get(p.id, shaped.story[p.id]) not in drop]
            streams.append((shaped, stream[: self.choice_limit]))
        candidates = EVENT_THRESHOLDS if level == "event" else STORY_THRESHOLDS
        mean_f1: dict[tuple[str, float], float] = {}
        size = {shaped.name: len(stream) for shaped, stream in streams}
        for candidate in candidates:
            per: dict[str, dict[str, list[float]]] = {"long": {}, "short": {}}
            trial = json.loads(json.dumps(weights))
            trial["models"][level].update(threshold=candidate, short_threshold=candidate)
            with _weights_file(trial) as path:
                options = replace(self.options, similarity_weights=path)
                for shaped, stream in streams:
                    results = _cluster_results(shaped, stream, options, None)
                    judged = [results[judged_level] for judged_level in _judged_levels(level, shaped)]
                    f1 = sum(scores["bcubed_f1"] * _split_penalty(scores) for scores in judged) / len(judged)
                    regime = "short" if _short_stream(stream) else "long"
                    per[regime].setdefault(shaped.name, []).append(f1)
            for regime, by_corpus in per.items():
                # each corpus weighs as its articles, as in the fit: ECB+'s 772 real reports say
                # more than a written stream of 47
                total = sum(size[name] for name in by_corpus)
                mean_f1[(regime, candidate)] = (
                    sum(size[name] * sum(v) / len(v) for name, v in by_corpus.items()) / total if total else 0.0
                )
        chosen = {}
        for key, regime in (("threshold", "long"), ("short_threshold", "short")):
            best = max(mean_f1[(regime, t)] for t in candidates)
            chosen[key] = min(t for t in candidates if mean_f1[(regime, t)] >= best - CHOICE_TOLERANCE)
        return chosen

    def training_rows(self, exclude: str | None = None, drop_folds: dict[str, set[str]] | None = None) -> list[Rows]:
        """Every corpus's rows but ``exclude``'s, without the folds in ``drop_folds[corpus]``."""
        chosen = []
        for (name, _), rows in self.rows.items():
            if name == exclude:
                continue
            drop = (drop_folds or {}).get(name)
            chosen += [r.where(drop=drop) if drop else r for r in rows]
        return chosen

    def score(self, name: str, shape: str, weights: dict[str, Any], keep: set[str] | None = None) -> dict[str, Any]:
        """Scores of corpus ``name`` in ``shape`` under ``weights`` (only the folds in ``keep``)."""
        with _weights_file(weights) as path:
            options = replace(self.options, similarity_weights=path)
            shaped = self.reshaped[(name, shape)]
            prepared = self.prepared[(name, shape)]
            if isinstance(shaped, PairCorpus):
                return _pair_results(prepared, options, keep)
            assert isinstance(shaped, ClusterCorpus)
            return _cluster_results(shaped, prepared, options, keep)


#: More clusters than this many times the gold number is over-split whatever the F1 says: a
#: user wants a few hundred stories from ten thousand snippets, not thousands of near-singletons.
MAX_SPLIT = 2.0


def _split_penalty(scores: dict[str, Any]) -> float:
    """1 while a clustering has at most :data:`MAX_SPLIT` times the gold number of clusters, then
    the share that many is of what it has: the threshold choice weighs F1 by it."""
    allowed = MAX_SPLIT * scores["gold_clusters"]
    return min(1.0, allowed / scores["predicted_clusters"]) if scores["predicted_clusters"] else 1.0


def _judged_levels(level: str, corpus: ClusterCorpus) -> tuple[str, ...]:
    """The gold levels that judge a ``level`` threshold on ``corpus``: a story bar its stories; an
    event bar its events and also the stories built from them (a snippet stream labelled with stories
    only, like MStream, still tells an event bar that splits its stories into fragments)."""
    if level == "event":
        return tuple(known for known in ("event", "story") if known in corpus.levels)
    return (level,) if level in corpus.levels else ()


def _short_stream(stream: Sequence[Prepared]) -> bool:
    """Whether most of a stream's articles are short texts (headlines, snippets)."""
    lengths = sorted(len(p.features.terms) + len(p.features.title_terms) for p in stream if p.features)
    return bool(lengths) and lengths[len(lengths) // 2] <= SHORT_LENGTH


def prepare_pairs(pairs: Sequence[LabelledPair], options: Options) -> PairPrepared:
    return [(p, _features(p.a, options), _features(p.b, options)) for p in pairs]


def _features(article: Any, options: Options) -> Features | None:
    result = analyze(article, options, with_features=True)
    return result.features if isinstance(result, Analyzed) else None


def _pair_results(prepared: PairPrepared, options: Options, keep: set[str] | None) -> dict[str, Any]:
    chosen = [p for p in prepared if keep is None or p[0].id in keep]
    scores = score_pairs([(fa, fb) for _, fa, fb in chosen], options)
    return _pair_parts([p for p, _, _ in chosen], {p.id: s for (p, _, _), s in zip(chosen, scores, strict=True)})


def _pair_parts(pairs: Sequence[LabelledPair], scored: dict[str, float]) -> dict[str, Any]:
    """Pearson and Spearman over all pairs, the monolingual and the cross-lingual ones (each part
    with at least 10 pairs)."""
    results: dict[str, Any] = {}
    for part in ("all", "mono", "cross"):
        gold = {p.id: p.overall for p in pairs if part == "all" or (part == "cross") == p.cross_lingual}
        if len(gold) >= 10:
            results[part] = pair_scores(gold, {i: scored[i] for i in gold})
    return results


def _cluster_results(
    corpus: ClusterCorpus, prepared: list[Prepared], options: Options, keep: set[str] | None
) -> dict[str, Any]:
    if keep is not None:
        prepared = [p for p in prepared if corpus.folds.get(p.id, corpus.story[p.id]) in keep]
    results = replay(prepared, StoryEngine(options))
    return _level_scores(corpus, {r.id: r.event for r in results}, {r.id: r.story for r in results})


def _level_scores(corpus: ClusterCorpus, event: dict[str, str], story: dict[str, str]) -> dict[str, Any]:
    """Events and stories against the gold levels the corpus has (MStream: its topics are stories;
    its events are scored against them too, for a view of how fine the events are)."""
    gold_event = corpus.event if "event" in corpus.levels else corpus.story
    gold_story = corpus.story if "story" in corpus.levels else corpus.event
    return {
        "event": cluster_scores({i: gold_event[i] for i in event}, event),
        "story": cluster_scores({i: gold_story[i] for i in story}, story),
    }


class _weights_file:
    """The weights as a temporary JSON file (the engine reads its models from a path)."""

    def __init__(self, weights: dict[str, Any]) -> None:
        self.weights = weights

    def __enter__(self) -> str:
        key = zlib.crc32(json.dumps(self.weights, sort_keys=True).encode())
        self.path = Path(tempfile.gettempdir()) / f"storyline-weights-{key:08x}.json"
        self.path.write_text(json.dumps(self.weights), encoding="utf-8")
        return str(self.path)

    def __exit__(self, *exc: object) -> None:
        self.path.unlink(missing_ok=True)


def leave_one_corpus_out(bench: Workbench) -> dict[str, dict[str, Any]]:
    """Per held-out corpus and shape: its scores under models fitted on every other corpus."""
    return {name: leave_one_corpus_out_of(bench, name) for name in bench.names()}


def leave_one_corpus_out_of(bench: Workbench, name: str) -> dict[str, Any]:
    """Per shape: the scores of corpus ``name`` under models fitted on every other corpus."""
    weights = bench.train(exclude=name, choose=isinstance(bench.corpus(name), ClusterCorpus))
    return {shape: bench.score(name, shape, weights) for shape in bench.corpus(name).shapes}


def fold_keys(corpus: Corpus, k: int) -> list[set[str]]:
    """``k`` disjoint sets of fold keys (ECB+ topics, stories, pairs), assigned by a stable hash."""
    if isinstance(corpus, PairCorpus):
        keys = sorted({p.id for p in corpus.pairs})
    else:
        keys = sorted({corpus.folds.get(a.id, corpus.story[a.id]) for a in corpus.articles})
    folds: list[set[str]] = [set() for _ in range(k)]
    for key in keys:
        folds[zlib.crc32(key.encode()) % k].add(key)
    return [f for f in folds if f]


def k_fold(bench: Workbench, name: str, k: int = 5) -> dict[str, Any]:
    """Scores of corpus ``name`` per shape, each fold scored by models fitted without it; the
    held-out folds are scored one by one and their predictions pooled."""
    corpus = bench.corpus(name)
    folds = fold_keys(corpus, k)
    per_shape: dict[str, Any] = {}
    choose = isinstance(corpus, ClusterCorpus)
    models = [bench.train(drop_folds={name: fold}, choose=choose) for fold in folds]
    for shape in corpus.shapes:
        per_shape[shape] = _pooled(bench, name, shape, folds, models)
    return per_shape


def _pooled(bench: Workbench, name: str, shape: str, folds: list[set[str]], models: list[dict[str, Any]]) -> Any:
    shaped = bench.reshaped[(name, shape)]
    prepared = bench.prepared[(name, shape)]
    if isinstance(shaped, PairCorpus):
        scored: dict[str, float] = {}
        for fold, weights in zip(folds, models, strict=True):
            chosen = [p for p in prepared if p[0].id in fold]
            with _weights_file(weights) as path:
                options = replace(bench.options, similarity_weights=path)
                # document frequencies from the whole file, as the similarity command has them
                all_scores = score_pairs([(fa, fb) for _, fa, fb in prepared], options)
            by_id = {p.id: s for (p, _, _), s in zip(prepared, all_scores, strict=True)}
            scored.update({p.id: by_id[p.id] for p, _, _ in chosen})
        return _pair_parts([p for p, _, _ in prepared], scored)
    assert isinstance(shaped, ClusterCorpus)
    event: dict[str, str] = {}
    story: dict[str, str] = {}
    for number, (fold, weights) in enumerate(zip(folds, models, strict=True)):
        chosen = [p for p in prepared if shaped.folds.get(p.id, shaped.story[p.id]) in fold]
        with _weights_file(weights) as path:
            placed = replay(chosen, StoryEngine(replace(bench.options, similarity_weights=path)))
        event.update({r.id: f"{number}:{r.event}" for r in placed})
        story.update({r.id: f"{number}:{r.story}" for r in placed})
    return _level_scores(shaped, event, story)

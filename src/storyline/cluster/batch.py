"""Batch entry points of the story engine: a JSONL stream clustered, pairs scored.

Both run the same per-article stages as ``ingest`` (cleaning, dates, language, features)
and the same :class:`~storyline.cluster.StoryEngine`; a batch run is the online loop over a
sorted stream, never a second algorithm.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .. import dates
from ..dedup import CopyDetector
from ..features import Features, published_interval
from ..model import Analyzed, Article
from ..options import Options
from ..pipeline import Pipeline, analyze
from ..store import open_store
from .engine import StoryEngine


@dataclass(frozen=True, slots=True)
class Clustered:
    """One input article's event and story."""

    id: str
    event: str
    story: str


def stream_order(articles: Sequence[Article]) -> list[Article]:
    """Sorted by publication (the middle of its interval: an article dated only "2024-05" comes
    mid-May, not before everything else of the month); an undated article keeps its place behind
    the dated article before it in the input, so undated streams stay in arrival order."""
    keyed: list[tuple[float, int, Article]] = []
    last = float("-inf")
    for position, article in enumerate(articles):
        interval = published_interval(article.published, article.published_precision)
        if interval is not None:
            last = (interval[0] + interval[1]) / 2
        keyed.append((last, position, article))
    return [article for _, _, article in sorted(keyed, key=lambda item: (item[0], item[1]))]


def cluster_stream(
    articles: Iterable[Article], options: Options | None = None, db: str = "memory://"
) -> list[Clustered]:
    """Events and stories of ``articles`` ingested as one stream into the store ``db`` (throw-away
    by default): the same pipeline and engine as ``storyline ingest``, in publication order.

    Every input article gets a line; one without usable text gets an event and a story of its own.
    """
    options = options or Options()
    ordered = stream_order([dates.take_marker(article) for article in articles])  # a date marker dates it
    with open_store(db) as store, Pipeline(store, options) as pipeline:
        pipeline.ingest(ordered)
        assigned = {s.article.id: (s.event, s.story) for s in store.articles()}
    results = []
    for number, article in enumerate(ordered, start=1):
        event, story = assigned.get(article.id, (None, None))
        if event is None or story is None:
            event, story = f"e-alone{number}", f"s-alone{number}"
        results.append(Clustered(article.id, event, story))
    return results


@dataclass(frozen=True, slots=True)
class Prepared:
    """One article of a stream, analysed: its features (``None`` when it had no usable text) and
    the first earlier article it copies."""

    id: str
    features: Features | None
    duplicate_of: str | None
    time: tuple[float, float] | None


def prepare_stream(articles: Sequence[Article], options: Options | None = None) -> list[Prepared]:
    """The per-article stages and copy detection of ``articles`` in publication order, without a store:
    what :func:`replay` needs to cluster the same stream again and again (cross-validation)."""
    options = options or Options()
    ordered = stream_order([dates.take_marker(article) for article in articles])
    results = _analyzed_with_features(ordered, options)
    detector = CopyDetector(options)
    prepared = []
    for article, result in zip(ordered, results, strict=True):
        if not isinstance(result, Analyzed) or result.features is None:
            prepared.append(Prepared(article.id, None, None, None))
            continue
        original = detector.predict_one(result.signature)
        detector.learn_one(article.id, result.signature, original)
        features = result.features
        prepared.append(Prepared(article.id, features, original, features.time))
    return prepared


def _analyzed_with_features(articles: Sequence[Article], options: Options) -> list[Analyzed | object]:
    jobs = [(article, options) for article in articles]
    workers = options.workers or (os.cpu_count() or 1)
    if len(jobs) < 2_000 or workers <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        return [_analyze_one(job) for job in jobs]
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        return pool.map(_analyze_one, jobs, chunksize=256)


def _analyze_one(job: tuple[Article, Options]) -> Analyzed | object:
    return analyze(job[0], job[1], with_features=True)


def replay(prepared: Sequence[Prepared], engine: StoryEngine) -> list[Clustered]:
    """Events and stories of a prepared stream, decided by ``engine`` as ``ingest`` decides them."""
    groups: dict[str, tuple[str, str]] = {}
    results = []
    for number, item in enumerate(prepared, start=1):
        if item.features is None:
            results.append(Clustered(item.id, f"e-alone{number}", f"s-alone{number}"))
            continue
        original = groups.get(item.duplicate_of) if item.duplicate_of else None
        if original is not None:
            assignment = engine.learn_copy(item.id, item.time, *original)
        else:
            assignment = engine.learn_one(item.id, item.features)
            groups[item.id] = (assignment.event, assignment.story)
        results.append(Clustered(item.id, assignment.event, assignment.story))
    engine.flush()
    # a merged group's members answer with its survivor's id
    return [
        Clustered(r.id, engine.events.resolve(r.event), engine.stories.resolve(r.story)) if r.event[:2] != "e-" else r
        for r in results
    ]


def pair_similarities(pairs: Sequence[tuple[str, Article, Article]], options: Options | None = None) -> list[float]:
    """How likely each pair reports the same story, with document frequencies over all texts."""
    options = options or Options()
    return score_pairs([(_features(a, options), _features(b, options)) for _, a, b in pairs], options)


def score_pairs(features: Sequence[tuple[Features | None, Features | None]], options: Options) -> list[float]:
    """The story model's probability for each pair of analysed articles (document frequencies
    learned from all of them first, as a stream would have them after a while)."""
    engine = StoryEngine(options)
    for fa, fb in features:
        for f in (fa, fb):
            if f is not None:
                engine.learn_frequencies(f)
    scores = [engine.similarity(fa, fb) if fa is not None and fb is not None else None for fa, fb in features]
    # A side without any text is no evidence either way: it gets the mean score of the pairs
    # that could be compared (the base rate), not a confident "unrelated".
    known = [score for score in scores if score is not None]
    prior = sum(known) / len(known) if known else 0.5
    return [prior if score is None else score for score in scores]


def _features(article: Article, options: Options) -> Features | None:
    result = analyze(article, options, with_features=True)
    return result.features if isinstance(result, Analyzed) else None

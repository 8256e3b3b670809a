"""Batch entry points of the story engine: a JSONL stream clustered, pairs scored.

Both run the same per-article stages as ``ingest`` (cleaning, dates, language, features)
and the same :class:`~storyline.cluster.StoryEngine`; a batch run is the online loop over a
sorted stream, never a second algorithm.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .. import dates
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
    """Sorted by publication (start of its interval); an undated article keeps its place behind
    the dated article before it in the input, so undated streams stay in arrival order."""
    keyed: list[tuple[float, int, Article]] = []
    last = float("-inf")
    for position, article in enumerate(articles):
        interval = published_interval(article.published, article.published_precision)
        if interval is not None:
            last = interval[0]
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


def pair_similarities(pairs: Sequence[tuple[str, Article, Article]], options: Options | None = None) -> list[float]:
    """How likely each pair reports the same story, with document frequencies over all texts."""
    options = options or Options()
    engine = StoryEngine(options)
    features: list[tuple[Features | None, Features | None]] = []
    for _, a, b in pairs:
        fa, fb = (_features(x, options) for x in (a, b))
        features.append((fa, fb))
        for f in (fa, fb):
            if f is not None:
                engine._learn_frequencies(f)
    scores = [engine.similarity(fa, fb) if fa is not None and fb is not None else None for fa, fb in features]
    # A side without any text is no evidence either way: it gets the mean score of the pairs
    # that could be compared (the base rate), not a confident "unrelated".
    known = [score for score in scores if score is not None]
    prior = sum(known) / len(known) if known else 0.5
    return [prior if score is None else score for score in scores]


def _features(article: Article, options: Options) -> Features | None:
    result = analyze(article, options, with_features=True)
    return result.features if isinstance(result, Analyzed) else None

"""Batch entry points of the story engine: a JSONL stream clustered, pairs scored.

Both run the same per-article stages as ``ingest`` (cleaning, dates, language, features)
and the same :class:`~storyline.cluster.StoryEngine`; a batch run is the online loop over a
sorted stream, never a second algorithm.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ..dedup import CopyDetector
from ..features import Features, published_interval
from ..model import Analyzed, Article, Rejected
from ..options import Options
from ..pipeline import analyze
from .engine import StoryEngine


@dataclass(frozen=True, slots=True)
class Clustered:
    """One input article's event and story (``article`` is None when it had no usable text)."""

    id: str
    event: str
    story: str
    article: Analyzed | None = None


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


def cluster_stream(articles: Iterable[Article], options: Options | None = None) -> list[Clustered]:
    """Events and stories of ``articles`` processed as one stream; final ids, in stream order."""
    options = options or Options()
    engine = StoryEngine(options)
    copies = CopyDetector(options)
    decided: list[Clustered] = []
    event_of: dict[str, str] = {}
    analyzed: list[Article] = []
    results: dict[str, Analyzed | Rejected] = {}
    for article in articles:  # analysed first: a date marker in the text dates the article too
        result = analyze(article, options, with_features=True)
        results[article.id] = result
        analyzed.append(result.article if isinstance(result, Analyzed) else article)
    for article in stream_order(analyzed):
        result = results[article.id]
        if isinstance(result, Rejected):  # no text to compare: an event and a story of its own
            lonely = f"empty{len(decided) + 1}"
            decided.append(Clustered(article.id, f"e-{lonely}", f"s-{lonely}"))
            continue
        original = copies.predict_one(result.signature)
        copies.learn_one(article.id, result.signature, original)
        original_event = engine.events.resolve(event_of[original]) if original in event_of else None
        assignment = engine.learn_one(article.id, result.features, original_event)
        event_of[article.id] = assignment.event
        decided.append(Clustered(article.id, assignment.event, assignment.story, result))
    final = []
    for item in decided:
        if item.article is None:
            final.append(item)
            continue
        event = engine.events.resolve(item.event)
        story = engine.story_of_event(event) or engine.stories.resolve(item.story)
        final.append(Clustered(item.id, event, story, item.article))
    return final


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
    return [engine.similarity(fa, fb) if fa is not None and fb is not None else 0.0 for fa, fb in features]


def _features(article: Article, options: Options) -> Features | None:
    result = analyze(article, options, with_features=True)
    return result.features if isinstance(result, Analyzed) else None

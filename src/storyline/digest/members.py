"""The articles of one story or event as the digest reads them, and what they share."""

from __future__ import annotations

import math
import time
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..cluster import vectors
from ..features import Features, title_words
from ..model import Article
from ..store import Store, StoredArticle
from .when import When, happened, parse_published

_UNSET: Any = object()


@dataclass(slots=True, eq=False)
class Member:
    """One article of a story: as stored, with its features.  What a digest asks of every member
    again and again (its id, event, publication date) is read once, when it is made: a story may
    hold tens of thousands of copies."""

    stored: StoredArticle
    features: Features
    article: Article = field(init=False, repr=False)
    id: str = field(init=False, repr=False)
    event: str = field(init=False, repr=False)
    story: str = field(init=False, repr=False)
    published: When | None = field(init=False, repr=False)
    _happened: When | None = field(init=False, repr=False, default=_UNSET)

    def __post_init__(self) -> None:
        self.article = self.stored.article
        self.id = self.article.id
        self.event = self.stored.event or ""
        self.story = self.stored.story or ""
        self.published = parse_published(self.article.published, self.article.published_precision)

    @property
    def title(self) -> str:
        return title_words(self.article.title)

    @property
    def happened(self) -> When | None:
        """The date the article reports (its publication, moved back by "am Dienstag", "gestern")."""
        if self._happened is _UNSET:
            self._happened = happened(self.published, self.article.title, self.article.text)
        return self._happened


def members_of(rows: Iterable[tuple[StoredArticle, dict[str, Any] | None]]) -> list[Member]:
    """Members from a store's ``members()`` rows (an article stored without features gets empty ones)."""
    made: dict[int, Features] = {}  # rows of copies carry their original's (one) features dict
    result = []
    for stored, data in rows:
        if not data:
            result.append(Member(stored, Features()))
            continue
        if id(data) not in made:
            made[id(data)] = Features.from_dict(data)
        result.append(Member(stored, made[id(data)]))
    return result


def shared(members: Sequence[Member]) -> dict[int, tuple[Features, int]]:
    """Each distinct features object of ``members`` (by identity: copies share their original's) and
    how many members carry it, so that what is summed over features costs the originals, not the copies."""
    counts: dict[int, tuple[Features, int]] = {}
    for member in members:
        key = id(member.features)
        found = counts.get(key)
        counts[key] = (member.features, found[1] + 1 if found else 1)
    return counts


def main_language(members: Sequence[Member]) -> str | None:
    """The language most of the articles are in (ties: the earliest article's)."""
    counts = Counter(m.article.lang for m in members if m.article.lang)
    if not counts:
        return None
    best = max(counts.values())
    return next(m.article.lang for m in members if m.article.lang and counts[m.article.lang] == best)


def originals(members: Sequence[Member]) -> list[Member]:
    """The members without the copies of other members (a wire text counts once)."""
    ids = {m.id for m in members}
    return [m for m in members if not (m.stored.duplicate_of and m.stored.duplicate_of in ids)]


#: Articles whose text a digest reads word by word (names, headlines): a story of thousands of
#: reports is described as well by its first and its latest ones, and a digest's cost stays bounded.
READ_LIMIT = 60


def readable(members: Sequence[Member], limit: int = READ_LIMIT) -> list[Member]:
    """The originals of ``members`` (copies say nothing new), at most ``limit``: the first half and the
    latest half, in arrival order; all members when every one of them is a copy."""
    chosen = originals(members) or list(members)
    if len(chosen) <= limit:
        return chosen
    return chosen[: limit // 2] + chosen[len(chosen) - (limit - limit // 2) :]


@dataclass(frozen=True)
class Background:
    """Document frequencies of terms and entities in the store's most recent articles: what "common" means."""

    documents: int = 0
    terms: Counter[str] = field(default_factory=Counter)
    entities: Counter[str] = field(default_factory=Counter)

    def idf(self, df: Counter[str], key: str) -> float:
        """Rarity of ``key`` in ``df`` (``terms`` or ``entities``); 1.0 for everything without a background."""
        if not self.documents:
            return 1.0
        return math.log((self.documents + 1) / (df.get(key, 0) + 1)) + 1.0


BACKGROUND_ARTICLES = 2000


def background(store: Store, limit: int = BACKGROUND_ARTICLES) -> Background:
    """The document frequencies of the ``limit`` most recently stored articles."""
    rows = store.recent_features(limit)
    terms: Counter[str] = Counter()
    entities: Counter[str] = Counter()
    for data in rows:
        terms.update(set(data.get("terms") or {}) | set(data.get("title_terms") or {}))
        entities.update(set(data.get("entities") or {}))
    return Background(len(rows), terms, entities)


class RecentBackground:
    """A store's :func:`background`, read again once it is older than ``ttl`` seconds (it moves slowly:
    a stream's publishes and a server's ``why`` answers share one instead of reading 2,000 features
    each time)."""

    def __init__(self, ttl: float = 60.0) -> None:
        self.ttl = ttl
        self._read: tuple[float, Background] | None = None

    def of(self, store: Store) -> Background:
        now = time.monotonic()
        if self._read is None or now - self._read[0] > self.ttl:
            self._read = (now, background(store))
        return self._read[1]


class Weights:
    """Term weights for one story: how many of its articles use a term, times its rarity in the store
    (``background``; without one, only the story itself counts)."""

    def __init__(self, members: Sequence[Member], background: Background | None = None) -> None:
        self.background = background or Background()
        self.story_df: Counter[str] = Counter()
        for features, n in shared(members).values():  # copies share their original's features
            for term in set(features.terms) | set(features.title_terms):
                self.story_df[term] += n
        self.size = max(1, len(members))
        self._centroid: dict[str, float] | None = None
        self._centroid_scale = 0.0  # 1 / the centroid's norm, once it is computed

    def idf(self, term: str) -> float:
        return self.background.idf(self.background.terms, term)

    def centroid(self) -> dict[str, float]:
        """The story's centre: share of its articles using each term, times the term's rarity."""
        if self._centroid is None:  # asked for by every timeline entry's title: computed once
            self._centroid = {t: (n / self.size) * self.idf(t) for t, n in self.story_df.items()}
            self._centroid_scale = vectors.inverse_norm(self._centroid)
        return self._centroid

    def closeness(self, vector: Mapping[str, float]) -> float:
        """Cosine of ``vector`` (need not be normalised) to the centroid, whose norm is computed once:
        a story's centroid holds every term of its articles, and a digest asks this of every candidate
        sentence and headline."""
        centre = self.centroid()
        return vectors.dot(vector, centre) * vectors.inverse_norm(vector) * self._centroid_scale

    def vector(self, counts: dict[str, int]) -> dict[str, float]:
        return {t: (1.0 + math.log(c)) * self.idf(t) for t, c in counts.items() if c > 0}


def cosine(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    """Cosine of two vectors that need not be normalised."""
    if len(a) > len(b):
        a, b = b, a
    return vectors.dot(a, b) * vectors.inverse_norm(a) * vectors.inverse_norm(b)

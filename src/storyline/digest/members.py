"""The articles of one story or event as the digest reads them, and what they share."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from ..features import Features, title_words
from ..model import Article
from ..store import StoredArticle
from .when import When, happened, parse_published


@dataclass(frozen=True)
class Member:
    """One article of a story: as stored, with its features."""

    stored: StoredArticle
    features: Features

    @property
    def article(self) -> Article:
        return self.stored.article

    @property
    def id(self) -> str:
        return self.stored.article.id

    @property
    def event(self) -> str:
        return self.stored.event or ""

    @property
    def story(self) -> str:
        return self.stored.story or ""

    @property
    def title(self) -> str:
        return title_words(self.article.title)

    @cached_property
    def published(self) -> When | None:
        return parse_published(self.article.published, self.article.published_precision)

    @cached_property
    def happened(self) -> When | None:
        """The date the article reports (its publication, moved back by "am Dienstag", "gestern")."""
        return happened(self.published, self.article.title, self.article.text)


def members_of(rows: Iterable[tuple[StoredArticle, dict[str, Any] | None]]) -> list[Member]:
    """Members from a store's ``members()`` rows (an article stored without features gets empty ones)."""
    return [Member(stored, Features.from_dict(data) if data else Features()) for stored, data in rows]


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


class Weights:
    """Term weights for one story: how many of its articles use a term, times its rarity in the store.

    ``background`` is the document frequency of terms in recent articles of the store (``None``:
    only the story itself), so a word every article uses ("sagte", "Regierung") weighs little.
    """

    def __init__(self, members: Sequence[Member], background: tuple[int, Counter[str]] | None = None) -> None:
        self.documents, self.df = background if background else (0, Counter())
        self.story_df: Counter[str] = Counter()
        for member in members:
            self.story_df.update(set(member.features.terms) | set(member.features.title_terms))
        self.size = max(1, len(members))

    def idf(self, term: str) -> float:
        if not self.documents:
            return 1.0
        return math.log((self.documents + 1) / (self.df.get(term, 0) + 1)) + 1.0

    def centroid(self) -> dict[str, float]:
        """The story's centre: share of its articles using each term, times the term's rarity."""
        return {t: (n / self.size) * self.idf(t) for t, n in self.story_df.items()}

    def vector(self, counts: dict[str, int]) -> dict[str, float]:
        return {t: (1.0 + math.log(c)) * self.idf(t) for t, c in counts.items() if c > 0}


def cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if not a or not b:
        return 0.0
    if len(a) > len(b):
        a, b = b, a
    dot = sum(v * b.get(k, 0.0) for k, v in a.items())
    if dot == 0.0:
        return 0.0
    return dot / (math.sqrt(sum(v * v for v in a.values())) * math.sqrt(sum(v * v for v in b.values())))

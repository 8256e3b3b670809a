"""The outlets of a story: who reported it, when first and last, how much per day."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from ..model import Article
from .members import Member

_META_KEYS = ("sitename", "site_name", "publisher", "outlet", "source_name", "feed", "hostname", "domain")


def outlet(article: Article) -> str | None:
    """The outlet of an article: its ``source``, else its url's host, else a metadata field.

    >>> outlet(Article(id="a", text="x", url="https://www.example.org/2016/talks.html"))
    'example.org'
    """
    if article.source and article.source.strip():
        return article.source.strip()
    if article.url:
        host = _host(article.url)
        if host:
            return host
    for key in _META_KEYS:
        value = article.meta.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return None


def _host(url: str) -> str | None:
    """The host of ``url`` without ``www.``; ``None`` for a url that has none or cannot be parsed
    (``http://[oops/a``: a stored url is whatever the feed sent)."""
    try:
        host = urlsplit(url if "//" in url else f"//{url}").hostname
    except ValueError:
        return None
    return host.removeprefix("www.") if host else None


UNKNOWN = "(unknown)"


@dataclass
class Source:
    """One outlet's share of a story; dates are ISO cut to their precision, ``per_day`` keyed the same way."""

    name: str
    article_count: int = 0
    first_seen: str | None = None
    last_updated: str | None = None
    per_day: dict[str, int] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "article_count": self.article_count,
            "first_seen": self.first_seen,
            "last_updated": self.last_updated,
            "per_day": self.per_day,
        }


def sources(members: Sequence[Member]) -> list[Source]:
    """The outlets of ``members``, most articles first (undated articles count, but have no day)."""
    grouped: dict[str, list[Member]] = defaultdict(list)
    for member in members:
        grouped[outlet(member.article) or UNKNOWN].append(member)
    result = []
    for name, group in grouped.items():
        first, last = span(group)
        result.append(Source(name, len(group), first, last, volume(group)))
    return sorted(result, key=lambda s: (-s.article_count, s.name))


def span(members: Sequence[Member]) -> tuple[str | None, str | None]:
    """First and last publication among ``members`` (ISO at its precision), ``None`` when none is dated."""
    dated = [m.published for m in members if m.published is not None]
    if not dated:
        return None, None
    # the earliest possible start; the latest start (a day inside a month-precise date is later news)
    return min(dated, key=lambda w: (w.start, w.end)).iso, max(dated, key=lambda w: (w.start, -w.end.toordinal())).iso


def volume(members: Sequence[Member]) -> dict[str, int]:
    """Articles per publication day (per month or year where only that is known), in date order."""
    counts = Counter(m.published.iso for m in members if m.published is not None)
    return dict(sorted(counts.items()))

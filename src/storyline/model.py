"""Plain records that flow through the pipeline.

An :class:`Article` is what every reader yields and what the store keeps; a
:class:`Rejected` is what a reader yields for a record it cannot use.  Stages are
functions from one record to an enriched copy (``dataclasses.replace``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

Precision = Literal["year", "month", "day", "minute", "unknown"]
PRECISIONS: tuple[Precision, ...] = ("year", "month", "day", "minute", "unknown")


def by_fields(record: Any) -> tuple[Any, tuple[Any, ...]]:
    """``__reduce__`` of a frozen slots dataclass: rebuilt by one call to its class.

    Records cross to and from worker processes by the thousand; the default of frozen slots
    dataclasses (``__setstate__`` looping over ``dataclasses.fields``) costs several times more.
    """
    return type(record), tuple(getattr(record, name) for name in record.__slots__)


@dataclass(frozen=True, slots=True)
class Article:
    """One news article, as read and as stored.

    ``published`` is an ISO 8601 string cut to ``published_precision``
    (``"2016-08"`` for a month, ``"2016-08-26"`` for a day,
    ``"2014-04-25T17:53-04:00"`` for a minute) or ``None`` when unknown.
    """

    __reduce__ = by_fields

    id: str
    text: str
    url: str | None = None
    source: str | None = None
    title: str | None = None
    published: str | None = None
    published_precision: Precision = "unknown"
    lang: str | None = None
    meta: Mapping[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """The article's fields as a JSON-ready dict (the ``articles --json`` shape)."""
        return {
            "id": self.id,
            "url": self.url,
            "source": self.source,
            "title": self.title,
            "text": self.text,
            "published": self.published,
            "published_precision": self.published_precision,
            "lang": self.lang,
            "meta": dict(self.meta),
        }


@dataclass(frozen=True, slots=True)
class Rejected:
    """A record that could not be used: where it came from and why."""

    __reduce__ = by_fields

    source: str
    line: int | None
    reason: str
    record_id: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"source": self.source, "line": self.line, "reason": self.reason, "id": self.record_id}

    def __str__(self) -> str:
        where = self.source + (f":{self.line}" if self.line is not None else "")
        return f"{where}: {self.reason}"


@dataclass(frozen=True, slots=True)
class Analyzed:
    """An article after the per-article stages, with what dedup and the store need."""

    __reduce__ = by_fields

    article: Article
    signature: bytes  # MinHash hash values, little-endian uint32
    duplicate_of: str | None = None
    features: Any = None  # storyline.features.Features (kept untyped here to avoid an import cycle)
    features_json: str | None = None  # the features as the store keeps them (serialised in the worker)
    search: tuple[str, str] | None = None  # title and text as full-text index terms (storyline.search)
    input_hash: str | None = None  # of the title and text as read (storyline.ingest.ids.input_hash)


@dataclass(slots=True)
class IngestReport:
    """Counts of one ingest run; ``rejected`` lists every skipped record."""

    read: int = 0
    stored: int = 0
    already_stored: int = 0
    duplicates: int = 0
    rejected: list[Rejected] = field(default_factory=list)
    handed_off: int = 0  # analysed articles handed to the ingest holding the writer lock (PostgreSQL)

    def to_dict(self) -> dict[str, Any]:
        return {
            "read": self.read,
            "stored": self.stored,
            "already_stored": self.already_stored,
            "duplicates": self.duplicates,
            "rejected": len(self.rejected),
            "handed_off": self.handed_off,
        }

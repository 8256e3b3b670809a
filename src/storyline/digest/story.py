"""A story (or an event) as a person reads it: title, summary, timeline, actors, sources, articles.

:func:`digest` builds it from the articles the store holds now, so it is always current;
:func:`digests` does it for every story, reusing a cached digest while the story has not changed
(the cache is keyed by a version that moves with every new article or merge).
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ..errors import StorylineError
from ..features import entity_key
from ..store import Store
from .actors import Actor, actors
from .members import Background, Member, Weights, background, main_language, members_of
from .sources import Source, outlet, sources, span
from .summary import summarize
from .timeline import Entry, timeline
from .title import choose_title
from .when import parse_iso


class NotFound(StorylineError):
    """No story, event or article with that id."""


@dataclass
class Story:
    """Everything shown for one story (or one event: ``kind`` says which)."""

    id: str
    kind: str
    title: str
    summary: list[str]
    timeline: list[Entry]
    entities: list[Actor]
    sources: list[Source]
    articles: list[dict[str, Any]]
    first_seen: str | None
    last_updated: str | None
    lang: str | None
    events: list[str] = field(default_factory=list)
    complete: bool = True  # False: a header only (no summary, no timeline)

    @property
    def article_count(self) -> int:
        return len(self.articles)

    def to_dict(self) -> dict[str, Any]:
        """The ``storyline show --json`` object."""
        return {
            "id": self.id,
            "kind": self.kind,
            "title": self.title,
            "summary": self.summary,
            "timeline": [e.to_dict() for e in self.timeline],
            "entities": [a.to_dict() for a in self.entities],
            "sources": [s.to_dict() for s in self.sources],
            "articles": self.articles,
            "first_seen": self.first_seen,
            "last_updated": self.last_updated,
            "article_count": self.article_count,
            "lang": self.lang,
            "events": self.events,
            "complete": self.complete,
        }

    def header(self, entities: int = 5) -> dict[str, Any]:
        """The ``storyline stories --json`` object."""
        return {
            "id": self.id,
            "title": self.title,
            "first_seen": self.first_seen,
            "last_updated": self.last_updated,
            "article_count": self.article_count,
            "event_count": len(self.events),
            "lang": self.lang,
            "entities": [a.to_dict() for a in self.entities[:entities]],
            "sources": [s.name for s in self.sources],
        }


def build(
    members: Sequence[Member],
    group_id: str,
    kind: str,
    common: Background | None,
    complete: bool = True,
) -> Story:
    """The digest of ``members`` (all the articles of one story or event); without the summary and the
    timeline unless ``complete`` (a list of stories shows neither, and they are most of the cost)."""
    weights = Weights(members, common)
    entries = timeline(members, weights) if complete else []
    position: dict[str, int] = {}
    for index, entry in enumerate(entries):
        for article_id in entry.articles:
            position.setdefault(article_id, index)
    first, last = span(members)
    return Story(
        id=group_id,
        kind=kind,
        title=choose_title(members, weights),
        summary=summarize(members, weights, order=lambda m: (position.get(m.id, len(entries)),)) if complete else [],
        timeline=entries,
        entities=actors(members),
        sources=sources(members),
        articles=[_article(m) for m in sorted(members, key=lambda m: (position.get(m.id, len(entries)), m.stored.seq))],
        first_seen=first,
        last_updated=last,
        lang=main_language(members),
        events=list(dict.fromkeys(m.event for m in members)),
        complete=complete,
    )


def _article(member: Member) -> dict[str, Any]:
    a = member.article
    return {
        "id": a.id,
        "title": a.title,
        "published": a.published,
        "published_precision": a.published_precision,
        "lang": a.lang,
        "source": outlet(a),
        "url": a.url,
        "event": member.event,
        "duplicate_of": member.stored.duplicate_of,
    }


def digest(store: Store, group_id: str) -> Story:
    """The digest of a story (``s…``) or an event (``e…``), as the store holds it now."""
    live = store.live_group(group_id)
    kind = "event" if live.startswith("e") else "story"
    published = store.published(live) if kind == "story" else None
    if published is not None and published[0] == store.story_version(live):
        return from_dict(json.loads(published[1]))  # published by the ingest that last touched it
    rows = list(store.members(event=live) if kind == "event" else store.members(story=live))
    if not rows:
        raise NotFound(f"no story or event {group_id!r} in {store.path}")
    return build(members_of(rows), live, kind, background(store))


_HEADER = "|header"


def digests(store: Store, complete: bool = True, on_progress: Callable[[int, int], None] | None = None) -> list[Story]:
    """Every story's digest, most recently updated first, cached per story version.

    ``complete=False`` gives headers (title, dates, counts, entities, sources: what a list shows)
    and skips the summaries and timelines, which cost most.  ``on_progress(done, total)`` is
    called as stories are digested.
    """
    versions = store.story_versions()
    cached = store.digests()
    common: Background | None = None
    stories: list[Story] = []
    fresh: dict[str, tuple[str, str]] = {}
    for done, (story_id, version) in enumerate(versions.items(), start=1):
        hit = cached.get(story_id)
        if hit and (hit[0] == version or (not complete and hit[0] == version + _HEADER)):
            stories.append(from_dict(json.loads(hit[1])))
            continue
        if common is None:
            common = background(store)
        story = build(members_of(store.members(story=story_id)), story_id, "story", common, complete)
        stories.append(story)
        fresh[story_id] = (version + ("" if complete else _HEADER), json.dumps(story.to_dict(), ensure_ascii=False))
        if on_progress is not None:
            on_progress(done, len(versions))
    if fresh:
        with contextlib.suppress(StorylineError):  # a read-only store: the digests are just not cached
            store.save_digests(fresh)
    stories.sort(key=lambda s: (_start(s.last_updated), s.article_count, s.id), reverse=True)
    return stories


def select(
    stories: Sequence[Story], lang: str | None = None, since: str | None = None, entity: str | None = None
) -> list[Story]:
    """The stories in ``lang``, updated on or after ``since`` (ISO date), naming ``entity`` (any spelling)."""
    chosen = []
    since_when = parse_iso(since)
    if since and since_when is None:
        raise ValueError(f"--since takes a date like 2016, 2016-08 or 2016-08-26, not {since!r}")
    since_day = since_when.start if since_when else None
    key = entity_key(entity) if entity else None
    for story in stories:
        if lang and story.lang != lang:
            continue
        if since_day and _end(story.last_updated) < since_day:
            continue
        if key and not any(key == a.key or key in {entity_key(v) for v in a.variants} for a in story.entities):
            continue
        chosen.append(story)
    return chosen


def _start(iso: str | None) -> date:
    when = parse_iso(iso)
    return when.start if when else date.min


def _end(iso: str | None) -> date:
    when = parse_iso(iso)
    return when.end if when else date.min


def from_dict(data: dict[str, Any]) -> Story:
    """A story back from its ``to_dict`` form (the cache)."""
    return Story(
        id=data["id"],
        kind=data.get("kind", "story"),
        title=data["title"],
        summary=list(data["summary"]),
        timeline=[
            Entry(
                event=e["event"],
                date=e["date"],
                precision=e["precision"],
                estimated=e["estimated"],
                title=e["title"],
                articles=list(e["articles"]),
                sources=list(e["sources"]),
                basis=e.get("basis"),
            )
            for e in data["timeline"]
        ],
        entities=[
            Actor(a["key"], a["name"], a["kind"], a["count"], a["articles"], list(a["variants"]))
            for a in data["entities"]
        ],
        sources=[
            Source(s["name"], s["article_count"], s["first_seen"], s["last_updated"], dict(s["per_day"]))
            for s in data["sources"]
        ],
        articles=list(data["articles"]),
        first_seen=data["first_seen"],
        last_updated=data["last_updated"],
        lang=data.get("lang"),
        events=list(data.get("events", [])),
        complete=bool(data.get("complete", True)),
    )

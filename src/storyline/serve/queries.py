"""The read side of the server: what the API and the pages show, as plain dicts, from the store.

Nothing here computes a digest: stories come as the ingest published them
(:mod:`storyline.digest.publish`).  Only an article's ``why`` is worked out on request, from the
members of its story (and a background of document frequencies the caller keeps).
"""

from __future__ import annotations

import base64
import binascii
import json
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from ..digest.members import Background
from ..digest.sources import outlet
from ..digest.story import NotFound
from ..digest.when import parse_iso
from ..digest.why import explain
from ..errors import StorylineError
from ..features import entity_key
from ..search import fts_query, highlight_html, snippet
from ..store import Store


class BadRequest(StorylineError, ValueError):
    """A query parameter that cannot be understood (answered with 400)."""


@dataclass
class Moved(Exception):
    """The story or event was merged into ``target`` (answered with a permanent redirect)."""

    target: str


def encode_cursor(row: tuple[str, int, str]) -> str:
    return base64.urlsafe_b64encode(json.dumps(list(row)).encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[str, int, str]:
    try:
        sort_day, count, story = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        return str(sort_day), int(count), str(story)
    except (ValueError, TypeError, binascii.Error) as error:
        raise BadRequest(f"cursor {cursor!r} is not one this server gave out") from error


def day_bound(text: str | None, name: str, end: bool) -> str | None:
    """``since``/``until`` as an ISO day: a year or a month means its first (``end``: its last) day."""
    if not text:
        return None
    text = text.strip()
    when = parse_iso(text)
    if when is None or len(text) not in (4, 7, 10):
        raise BadRequest(f"{name} takes a date like 2016, 2016-08 or 2016-08-26, not {text!r}")
    return (when.end if end else when.start).isoformat()


@dataclass(frozen=True)
class StoryQuery:
    """What a story list asks for: the page after ``cursor``, stories in main language ``lang``,
    updated on or after ``since``, first reported on or before ``until`` (YYYY[-MM[-DD]]), naming
    ``entity`` (any spelling), matching the words ``q``."""

    cursor: str | None = None
    lang: str | None = None
    since: str | None = None
    until: str | None = None
    entity: str | None = None
    q: str | None = None


def _story_rows(
    store: Store, limit: int, query: StoryQuery, with_volume: bool = False
) -> list[tuple[str, int, str, str, str]]:
    match = fts_query(query.q) if query.q else None
    if query.q and match is None:
        return []
    entity = query.entity.strip() if query.entity else ""
    return store.story_page(
        limit + 1,
        after=decode_cursor(query.cursor) if query.cursor else None,
        lang=query.lang or None,
        since=day_bound(query.since, "since", end=False),
        until=day_bound(query.until, "until", end=True),
        entity_keys=[entity_key(entity)] if entity else [],
        match=match,
        with_volume=with_volume,
    )


def list_stories_json(store: Store, limit: int, query: StoryQuery) -> str:
    """:func:`list_stories` as the JSON text the API sends: the published headers spliced in as they
    are stored, not decoded and encoded again."""
    rows = _story_rows(store, limit, query)
    following = json.dumps(encode_cursor(rows[limit - 1][:3])) if len(rows) > limit else "null"
    return '{"items": [' + ", ".join(row[3] for row in rows[:limit]) + '], "next": ' + following + "}"


def story_json(store: Store, story_id: str) -> str:
    """:func:`story` as the JSON text the API sends (as published)."""
    live = store.live_group(story_id)
    if live != story_id:
        raise Moved(live)
    published = store.published(live)
    if published is None:
        raise NotFound(f"no story {story_id!r}")
    return published[1]


def list_stories(store: Store, limit: int, query: StoryQuery, with_volume: bool = False) -> dict[str, Any]:
    """A page of stories, most recently updated first: ``{"items": [...], "next": cursor|None}``; the
    items are the ``storyline stories --json`` objects (``with_volume``: each also has its ``volume``,
    articles per day)."""
    rows = _story_rows(store, limit, query, with_volume)
    items = []
    for _, _, _, header, volume in rows[:limit]:
        item = json.loads(header)
        if with_volume:
            item["volume"] = json.loads(volume)
        items.append(item)
    more = len(rows) > limit
    return {"items": items, "next": encode_cursor(rows[limit - 1][:3]) if more else None}


def story(store: Store, story_id: str) -> dict[str, Any]:
    """The ``storyline show --json`` object of a story; :class:`Moved` when it was merged into another."""
    return dict(json.loads(story_json(store, story_id)))


def event(store: Store, event_id: str) -> dict[str, Any]:
    """An event as its story's timeline shows it, with its articles."""
    live = store.live_group(event_id)
    if live != event_id:
        raise Moved(live)
    story_id = store.story_of_event(live)
    if story_id is None or not event_id.startswith("e"):
        raise NotFound(f"no event {event_id!r}")
    data = story(store, story_id)
    entry = next((e for e in data["timeline"] if e["event"] == live), None)
    if entry is None:
        raise NotFound(f"no event {event_id!r} in story {story_id}")
    articles = [a for a in data["articles"] if a.get("event") == live]
    return {
        "id": live,
        "kind": "event",
        "story": story_id,
        "story_title": data["title"],
        "title": entry["title"],
        "date": entry["date"],
        "precision": entry["precision"],
        "estimated": entry["estimated"],
        "basis": entry.get("basis"),
        "sources": entry["sources"],
        "article_count": len(articles),
        "articles": articles,
    }


def article(store: Store, article_id: str, rarity: Background | None = None) -> dict[str, Any]:
    """An article as stored, with its event, story and the ``why`` evidence that put it there."""
    stored = store.get(article_id)
    if stored is None:
        raise NotFound(f"no article {article_id!r}")
    result: dict[str, Any] = {**stored.to_dict(), "outlet": outlet(stored.article), "story_title": None, "why": None}
    if stored.story:
        published = store.published(stored.story)
        if published is not None:
            result["story_title"] = json.loads(published[1])["title"]
    if stored.story and stored.event:
        result["why"] = explain(store, article_id, rarity=rarity).to_dict()
    return result


def entities(store: Store, q: str, limit: int = 20) -> dict[str, Any]:
    """Entities one of whose spellings is ``q`` or starts like it, with their variants and stories."""
    key = entity_key(q) if q.strip() else ""
    if not key:
        return {"items": []}
    rows = store.entities([key], key if len(key) >= 3 else None, limit)
    grouped: dict[str, list[tuple[Any, ...]]] = defaultdict(list)
    for row in rows:
        grouped[row[0]].append(row)
    headers = store.headers(sorted({row[1] for row in rows}))
    items = []
    for entity, found in grouped.items():
        variants: dict[str, None] = {}
        names: dict[str, int] = defaultdict(int)
        kinds: dict[str, int] = defaultdict(int)
        for _, _, name, kind, spellings, count in found:
            names[name] += count
            kinds[kind] += count
            variants.update(dict.fromkeys(json.loads(spellings)))
        stories = []
        for _, story_id, *_rest in sorted(found, key=lambda r: -r[5]):
            header = json.loads(headers[story_id]) if story_id in headers else {"id": story_id}
            stories.append({k: header.get(k) for k in ("id", "title", "first_seen", "last_updated", "article_count")})
        items.append(
            {
                "key": entity,
                "name": max(names, key=lambda n: names[n]),
                "kind": max(kinds, key=lambda k: kinds[k]),
                "variants": list(variants),
                "article_count": sum(r[5] for r in found),
                "exact": entity == key,
                "stories": stories,
            }
        )
    items.sort(key=lambda item: (not item["exact"], -item["article_count"], item["key"]))
    return {"items": items[:limit]}


def entity(store: Store, key: str) -> dict[str, Any]:
    """One entity by its key, with its stories."""
    found = [item for item in entities(store, key, limit=50)["items"] if item["key"] == key]
    if not found:
        raise NotFound(f"no entity {key!r}")
    return dict(found[0])


def search(store: Store, q: str, limit: int = 20) -> dict[str, Any]:
    """Stories and articles matching ``q`` (stemmed, folded), best first, with highlighted snippets."""
    match = fts_query(q)
    if match is None:
        return {"items": []}
    items: list[dict[str, Any]] = []
    for rank, story_id, data in store.search_stories(match, limit):
        found = json.loads(data)
        text = " ".join(found["summary"]) or found["title"]
        piece, spans = snippet(text, q, found.get("lang"))
        items.append(
            {
                "type": "story",
                "id": story_id,
                "title": found["title"],
                "story": story_id,
                "event": None,
                "published": found["last_updated"],
                "lang": found.get("lang"),
                "score": round(-rank, 4),
                "snippet": piece,
                "snippet_html": highlight_html(piece, spans),
                "title_html": highlight_html(*snippet(found["title"], q, found.get("lang"), width=400)),
            }
        )
    for rank, _, article_id, title, text, lang, published, _, event_id, story_id in store.search_articles(match, limit):
        piece, spans = snippet(text, q, lang)
        items.append(
            {
                "type": "article",
                "id": article_id,
                "title": title,
                "story": store.live_group(story_id) if story_id else None,
                "event": store.live_group(event_id) if event_id else None,
                "published": published,
                "lang": lang,
                "score": round(-rank, 4),
                "snippet": piece,
                "snippet_html": highlight_html(piece, spans),
                "title_html": highlight_html(*snippet(title, q, lang, width=400)) if title else None,
            }
        )
    items.sort(key=lambda item: -item["score"])
    return {"items": items[:limit]}

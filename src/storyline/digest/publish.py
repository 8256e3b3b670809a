"""Publish: bring what readers are served up to date, so that no read ever computes.

After an ingest batch the pipeline calls :func:`publish` with the stories the batch touched
(and the ones merged away); each gets its complete digest (title, summary, timeline, actors,
sources, articles) written to the store with the columns a list filters and pages on, its
entities with every spelling, and its full-text index entry.  ``storyline serve`` then only
reads.  :func:`publish` with no stories catches up on everything not yet published (a store
written by an older Storyline, or an ingest that was killed between its batch and its publish).
"""

from __future__ import annotations

import contextlib
import functools
import gc
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from ..features import entity_key
from ..search import index_terms
from ..store import Store, open_store
from .members import Background, RecentBackground, background, members_of
from .sources import volume
from .story import Story, build
from .when import parse_iso

#: Articles indexed for full text per transaction when catching up on an older store.
INDEX_BATCH = 2000
#: Digests are written once this many stories, or this many characters of their JSON, are ready: a
#: publish of hundreds of stories of tens of thousands of articles never holds them all at once.
WRITE_STORIES = 200
WRITE_BYTES = 8_000_000


def publish(
    store: Store,
    stories: Iterable[str] | None = None,
    common: Background | None = None,
    on_progress: Callable[[int, int], None] | None = None,
    on_published: Callable[[str, int], None] | None = None,
) -> int:
    """Publish the digests of ``stories`` (ids as assigned or live; ``None``: every story whose published
    digest is missing or stale) and index articles missing from the full-text index; returns how many
    stories were published.  ``on_progress(done, total)`` is called as stories are digested,
    ``on_published(story, articles)`` with each live story digested and its number of articles."""
    if stories is None:
        _index_missing_articles(store)  # (an ingest indexes its articles as it stores them)
        stale = store.unpublished()
        wanted = sorted(story for story, version in stale.items() if version is not None)
        gone: list[str] = [story for story, version in stale.items() if version is None]
    else:
        wanted, gone = live_stories(store, stories)
    with _cycle_collection_paused():
        return _publish(store, wanted, gone, common, on_progress, on_published)


def live_stories(store: Store, stories: Iterable[str]) -> tuple[list[str], list[str]]:
    """The live ids of ``stories`` (once each: many may have been merged into one), and those of them
    merged away."""
    wanted, gone = [], []
    for story in dict.fromkeys(stories):
        live = store.live_group(story)
        if live != story:
            gone.append(story)
        wanted.append(live)
    return list(dict.fromkeys(wanted)), gone


def _publish(
    store: Store,
    wanted: list[str],
    gone: list[str],
    common: Background | None,
    on_progress: Callable[[int, int], None] | None,
    on_published: Callable[[str, int], None] | None,
) -> int:
    """:func:`publish` of the live stories ``wanted``; ``gone``: those merged away (their rows go)."""
    rows: list[dict[str, Any]] = []
    pending = 0  # characters of digest JSON in rows
    merged = len(gone)  # (stories found without articles are added after these)
    for digested, row in enumerate(_digest_rows(store, wanted, common, gone), start=1):
        rows.append(row)
        if on_published is not None:
            on_published(row["story"], row["article_count"])
        if on_progress is not None:
            on_progress(digested + len(gone) - merged, len(wanted))
        pending += len(row["data"])
        if len(rows) >= WRITE_STORIES or pending >= WRITE_BYTES:  # bounded memory, short write transactions
            store.publish(rows)
            rows, pending = [], 0
    store.publish(rows, gone)
    return len(wanted) - len(set(gone) & set(wanted))


def _digest_rows(
    store: Store, wanted: list[str], common: Background | None, gone: list[str]
) -> Iterator[dict[str, Any]]:
    """The rows of the live stories ``wanted`` (``common``: read from the store when first needed); a
    story without articles is added to ``gone``."""
    for story_id in wanted:
        if common is None:
            common = background(store)
        row = digest_row(store, story_id, common)
        if row is None:
            gone.append(story_id)
        else:
            yield row


def digest_row(store: Store, story_id: str, common: Background, limit: int | None = None) -> dict[str, Any] | None:
    """The row :meth:`Store.publish` writes for one live story (``None``: it has no articles).

    Its version is read before its articles: when another process writes meanwhile (an ingest whose
    digests are built in its workers), the row is older than what it shows, never newer, and the
    story is published again rather than taken for current.  With ``limit``, a story of more articles
    than that is not read: :class:`TooLarge` is raised instead."""
    version = store.story_version(story_id)
    if limit is not None and int(version.split(":", 1)[0]) > limit:
        raise TooLarge(story_id)
    members = members_of(store.members(story=story_id))
    if not members:
        return None
    return _row(build(members, story_id, "story", common), version, volume(members))


class TooLarge(Exception):
    """A story over a :class:`DigestJob`'s size limit (internal: the job hands it back to the writer)."""


@dataclass(frozen=True, slots=True)
class Digested:
    """Digests built away from the writer (:class:`DigestJob`), for it to write with :meth:`Store.publish`."""

    rows: list[dict[str, Any]]
    gone: list[str]  # stories merged away, or without articles: their published rows go
    declined: list[str] = field(default_factory=list)  # live stories over the job's limit: the writer's to digest


class DigestJob:
    """Builds the digest rows of some stories in another process (an executor's worker) that opens the
    store at ``url`` itself, read-only; the writer writes them.  Each process opens the store once and
    keeps its own background (:class:`RecentBackground`).  A story of more than ``limit`` articles is
    handed back unread (``declined``): a worker then never holds a large story's members, and its
    memory stays that of a small story's digest.  Picklable."""

    def __init__(self, url: str, limit: int | None = None) -> None:
        self.url = url
        self.limit = limit

    def __call__(self, stories: list[str]) -> Digested:
        store, recent = _reader(self.url)
        wanted, gone = live_stories(store, stories)  # (merged since they were sent?)
        rows: list[dict[str, Any]] = []
        declined: list[str] = []
        with _cycle_collection_paused():
            for story in wanted:
                try:
                    row = digest_row(store, story, recent.of(store), self.limit)
                except TooLarge:
                    declined.append(story)
                    continue
                if row is None:
                    gone.append(story)
                else:
                    rows.append(row)
        return Digested(rows, gone, declined)


@functools.lru_cache(maxsize=2)
def _reader(url: str) -> tuple[Store, RecentBackground]:
    """A process's read-only handle on the store at ``url``, and its background (opened on first use)."""
    return open_store(url, readonly=True), RecentBackground()


@contextlib.contextmanager
def _cycle_collection_paused() -> Iterator[None]:
    """Digests make hundreds of thousands of short-lived objects, hardly any in a reference cycle;
    meanwhile Python's cycle collector would walk the process's whole live state (an ingest's story
    engine) again and again: a fifth of a large publish, measured.  Reference counting frees them all
    the same, and what cycles there are go at the next collection."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _index_missing_articles(store: Store) -> None:
    while batch := store.unindexed_articles(INDEX_BATCH):
        terms = [(seq, index_terms(title or "", lang), index_terms(text, lang)) for seq, title, text, lang in batch]
        store.publish([], (), terms)


def _row(story: Story, version: str, per_day: dict[str, int]) -> dict[str, Any]:
    first = parse_iso(story.first_seen)
    last = parse_iso(story.last_updated)
    lang = story.lang
    body = " ".join([*story.summary, *(e.title for e in story.timeline), *(a.name for a in story.entities)])
    return {
        "story": story.id,
        "version": version,
        # lists sort by the start of the last report's date (a month-precise date is not its last day)
        "sort_day": last.start.isoformat() if last else "",
        "first_day": first.start.isoformat() if first else "",
        "last_day": last.end.isoformat() if last else "",
        "article_count": story.article_count,
        "lang": lang,
        "header": json.dumps(story.header(), ensure_ascii=False),
        "data": json.dumps(story.to_dict(), ensure_ascii=False),
        "volume": json.dumps(per_day),
        "entities": [
            (a.key, a.name, a.kind, a.variants, a.articles, sorted(aliases(a.key, [a.name, *a.variants])))
            for a in story.entities
        ],
        "search": (index_terms(story.title, lang), index_terms(body, lang)),
    }


def aliases(key: str, names: Iterable[str]) -> set[str]:
    """The keys an entity is found by: its own, each spelling's, and each longer word's of a spelling
    (so "Oberländer" finds "Katrin Oberländer")."""
    found = {key}
    for name in names:
        found.add(entity_key(name))
        words = name.split()
        if len(words) > 1:
            found.update(entity_key(word) for word in words if len(word) > 2)
    return {alias for alias in found if alias}

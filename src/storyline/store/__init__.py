"""Storage behind one interface, chosen by a URL.

``sqlite:///storyline.db`` (or a plain path) opens the embedded SQLite store;
``memory://`` a throw-away in-memory one; ``postgresql://user:pass@host:port/db`` (or
``postgres://…``) a PostgreSQL database (``pip install 'storyline[postgres]'``).  Another database
is added by implementing :class:`Store` and registering its URL scheme in :func:`open_store`.

The interface is split by role, so that a part asks only for what it uses: :class:`ArticleStore`
(articles and the batched writes), :class:`EngineStateStore` (the story engine's counters, merges
and snapshots), :class:`DigestStore` (story digests and what readers are served) and
:class:`FeedStore` (polled feeds, fired alerts); :class:`Store` is all of them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from ..errors import StoreError
from ..model import Analyzed

__all__ = [
    "ArticleStore",
    "DigestStore",
    "EngineStateStore",
    "FeedState",
    "FeedStore",
    "HandoffStore",
    "Store",
    "StoredArticle",
    "open_store",
]

from .sqlite import FeedState, SQLiteStore, StoredArticle


@runtime_checkable
class ArticleStore(Protocol):
    """Articles as stored: the batched, atomic writes and every read of an article."""

    path: str
    writable: bool

    def __enter__(self) -> Any: ...

    def __exit__(self, *exc: object) -> None: ...

    def writer(self, wait: bool = True, on_wait: Callable[[str], None] | None = None) -> AbstractContextManager[None]:
        """The store's one writer lock, held for a block (re-entrant); readers never take it."""
        ...

    def existing(self, ids: Sequence[str]) -> set[str]:
        """Which of ``ids`` are stored already."""
        ...

    def input_hashes(self, ids: Sequence[str]) -> dict[str, str | None]:
        """Of the stored articles among ``ids``: the hash of each as it was read."""
        ...

    def last_seq(self) -> int:
        """The arrival number of the newest stored article; changes with every write."""
        ...

    def add(
        self,
        batch: Sequence[Analyzed],
        assignments: Mapping[str, tuple[str, str, float, float]] | None = None,
        redirects: Mapping[str, str] | None = None,
        state: bytes | None = None,
        ids: Mapping[str, tuple[int, int]] | None = None,
        taken: Sequence[int] = (),
    ) -> int:
        """Store a batch with its events, stories, merges and maybe the engine's snapshot, in one
        transaction; returns how many articles were new.  ``ids``: the id counters the batch moves,
        ``kind -> (seen, last)``; refused when another writer moved them meanwhile.  ``taken``: the
        hand-offs (:class:`HandoffStore`) the batch stores, removed in the same transaction."""
        ...

    def get(self, article_id: str) -> StoredArticle | None: ...

    def articles(self) -> Iterator[StoredArticle]:
        """Every stored article in arrival order."""
        ...

    def articles_after(self, seq: int, limit: int) -> list[StoredArticle]:
        """Up to ``limit`` articles that arrived after ``seq``, in arrival order."""
        ...

    def members(
        self, story: str | None = None, event: str | None = None
    ) -> Iterator[tuple[StoredArticle, dict[str, object] | None]]:
        """Articles with an event and story (all, or one story's or event's, merged ones included) and
        their features, in arrival order; a copy whose original is among them has the original's text
        and features (what copies share is read once: a digest of many copies costs its originals)."""
        ...

    def recent_signatures(self, limit: int) -> Iterator[tuple[str, bytes, str | None]]:
        """``(id, signature, duplicate_of)`` of the ``limit`` most recently stored articles, oldest first."""
        ...

    def recent_features(self, limit: int) -> list[dict[str, Any]]:
        """The features of the ``limit`` most recently stored articles (a copy stored without has its original's)."""
        ...

    def count(self) -> int: ...

    def close(self) -> None: ...


@runtime_checkable
class EngineStateStore(Protocol):
    """The story engine's own state: id counters, groups as assigned, merges, snapshots; only the pipeline reads it."""

    def id_counters(self) -> dict[str, int]:
        """The highest event (``e``) and story (``s``) numbers handed out so far."""
        ...

    def groups_of(self, article_id: str, as_assigned: bool = False) -> tuple[str, str] | None:
        """The (live) event and story of a stored article; ``as_assigned``: the ids it was given,
        before later merges (a replay of the engine meets the merges in their own time)."""
        ...

    def live_group(self, group: str) -> str:
        """The id a (maybe merged) event or story lives on as."""
        ...

    def redirects(self) -> dict[str, str]:
        """Merged event or story id -> the id it was merged into."""
        ...

    def engine_state(self) -> tuple[int, bytes] | None:
        """``(last_seq, snapshot)`` of the story engine, if one was saved."""
        ...

    def features_after(
        self, seq: int
    ) -> Iterator[tuple[int, str, str | None, dict[str, object] | None, str | None, str]]:
        """``(seq, id, duplicate_of, features, published, precision)`` of the articles the story engine
        learned after ``seq``, for replay (``features`` is ``None`` for a copy placed without)."""
        ...


@runtime_checkable
class DigestStore(Protocol):
    """Story digests and what readers are served (written by storyline.digest.publish, read by storyline.serve)."""

    @property
    def url(self) -> str | None:
        """Where another process opens this store (:func:`open_store`), or ``None`` when only this one
        can (``memory://``)."""
        ...

    def story_versions(self) -> dict[str, str]:
        """Each live story with a version that changes whenever its articles or merges change."""
        ...

    def story_version(self, story: str) -> str:
        """The version of one live story: its number of articles and its newest one."""
        ...

    def digests(self) -> dict[str, tuple[str, str]]:
        """Cached story digests: story -> (version, JSON)."""
        ...

    def save_digests(self, items: Mapping[str, tuple[str, str]]) -> None:
        """Cache story digests (derived data: losing them costs a recomputation)."""
        ...

    def unpublished(self) -> dict[str, str | None]:
        """Stories whose published digest is missing or stale (-> version) or gone (-> ``None``)."""
        ...

    def unindexed_articles(self, limit: int) -> list[tuple[int, str | None, str, str | None]]: ...

    def publish(
        self,
        stories: Sequence[Mapping[str, Any]],
        gone: Sequence[str] = (),
        articles: Sequence[tuple[int, str, str]] = (),
    ) -> None:
        """Replace published stories, drop merged ones and index articles, in one transaction."""
        ...

    def published(self, story: str) -> tuple[str, str] | None: ...

    def published_count(self) -> int: ...

    def story_page(
        self,
        limit: int,
        after: tuple[str, int, str] | None = None,
        lang: str | None = None,
        since: str | None = None,
        until: str | None = None,
        entity_keys: Sequence[str] = (),
        match: str | None = None,
        with_volume: bool = False,
    ) -> list[tuple[str, int, str, str, str]]: ...

    def story_of_event(self, event: str) -> str | None: ...

    def live_group(self, group: str) -> str:
        """The id a (maybe merged) event or story lives on as."""
        ...

    def entities(self, aliases: Sequence[str], prefix: str | None, limit: int) -> list[tuple[Any, ...]]: ...

    def headers(self, stories: Sequence[str]) -> dict[str, str]: ...

    def search_articles(self, match: str, limit: int) -> list[tuple[Any, ...]]: ...

    def search_stories(self, match: str, limit: int) -> list[tuple[float, str, str]]: ...


@runtime_checkable
class FeedStore(Protocol):
    """Polled feeds and fired alerts (storyline.fetch)."""

    def feed_state(self, url: str) -> FeedState | None:
        """What is remembered of the feed at ``url`` (validators, schedule), ``None`` if never polled."""
        ...

    def feed_states(self) -> list[FeedState]: ...

    def save_feed_state(self, state: FeedState) -> None: ...

    def fired(self, alert: str, keys: Sequence[str]) -> set[str]:
        """Which of ``keys`` alert ``alert`` has fired for already."""
        ...

    def record_fired(self, alert: str, keys: Sequence[str], mark: int | None = None) -> None:
        """Remember fired ``keys`` and, with ``mark``, the newest article the alert has looked at."""
        ...

    def alert_mark(self, alert: str) -> int | None: ...


@runtime_checkable
class HandoffStore(Protocol):
    """A queue of analysed articles from ingests that do not hold the writer lock, for the one that
    does (several ingest processes, on several machines, feeding one story engine: PostgreSQL)."""

    def hand_off(self, sender: str, items: Sequence[bytes]) -> None:
        """Queue pickled :class:`~storyline.model.Analyzed` articles, in one transaction."""
        ...

    def handoffs(self, after: int, limit: int) -> list[tuple[int, bytes]]:
        """Up to ``limit`` queued hand-offs after ``after``, oldest first: ``(seq, data)``."""
        ...

    def handoffs_waiting(self, sender: str | None = None) -> int:
        """How many hand-offs are queued (those of ``sender``, or all)."""
        ...


@runtime_checkable
class Store(ArticleStore, EngineStateStore, DigestStore, FeedStore, Protocol):
    """Everything the pipeline, the digests, the web service and the feed poller need from a store.
    Writes are batched; each batch is atomic.  A part that needs less asks for one of the roles above."""


def open_store(url: str | Path = "storyline.db", readonly: bool = False) -> Store:
    """Open (creating and migrating if needed) the store at ``url``; ``readonly``: only read, and
    never create (a store this process may not write is opened read-only anyway).

    >>> store = open_store("memory://")
    >>> store.count()
    0
    """
    text = str(url)
    if text.startswith(("postgresql://", "postgres://")):
        from .postgres import PostgresStore  # psycopg only when asked for

        # typed as SQLiteStore until storyline.serve.deps holds its readers as Store (same interface)
        return PostgresStore(text, readonly)
    if text in ("memory://", ":memory:"):
        return SQLiteStore(":memory:")
    if text.startswith("sqlite:///"):
        return SQLiteStore(text[len("sqlite:///") :] or "storyline.db", readonly)
    if "://" in text:
        raise StoreError(f"no store for {text!r}; use a file path, sqlite:///PATH, memory:// or postgresql://…")
    return SQLiteStore(text, readonly)

"""The embedded SQLite store: WAL journal, versioned schema, batched atomic writes.

A kill at any moment leaves the database at its last committed batch (SQLite's
transactions are atomic); re-running the ingest stores what was missing, because
article ids are stable and inserts skip ids already present.
"""

from __future__ import annotations

import contextlib
import dataclasses
import itertools
import json
import os
import random
import sqlite3
import stat
import time
import urllib.parse
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ..errors import StoreError
from ..model import Analyzed, Article
from .lock import WriterLock

# Each entry migrates the schema from version i to i + 1; never edit one that has shipped.
MIGRATIONS: list[str] = [
    """
    CREATE TABLE articles (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        url TEXT,
        source TEXT,
        title TEXT,
        text TEXT NOT NULL,
        published TEXT,
        published_precision TEXT NOT NULL DEFAULT 'unknown',
        lang TEXT,
        meta TEXT NOT NULL DEFAULT '{}',
        duplicate_of TEXT,
        ingested_at TEXT NOT NULL
    );
    CREATE INDEX articles_published ON articles(published);
    CREATE INDEX articles_duplicate_of ON articles(duplicate_of);
    CREATE TABLE signatures (
        seq INTEGER PRIMARY KEY REFERENCES articles(seq),
        article_id TEXT NOT NULL,
        minhash BLOB NOT NULL
    );
    """,
    """
    CREATE TABLE features (
        seq INTEGER PRIMARY KEY REFERENCES articles(seq),
        data TEXT NOT NULL
    );
    CREATE TABLE assignments (
        article_id TEXT PRIMARY KEY,
        seq INTEGER NOT NULL,
        event TEXT NOT NULL,
        story TEXT NOT NULL,
        event_score REAL,
        story_score REAL
    );
    CREATE INDEX assignments_event ON assignments(event);
    CREATE INDEX assignments_story ON assignments(story);
    CREATE TABLE redirects (
        old TEXT PRIMARY KEY,
        new TEXT NOT NULL
    );
    CREATE TABLE engine_state (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        last_seq INTEGER NOT NULL,
        state BLOB NOT NULL
    );
    """,
    """
    CREATE INDEX redirects_new ON redirects(new);
    CREATE TABLE digests (
        story TEXT PRIMARY KEY,
        version TEXT NOT NULL,
        data TEXT NOT NULL
    );
    """,
    # What readers are served without computing anything: each story's digest with the columns a
    # list filters and pages on, its entities and their spellings, and full-text indexes of
    # folded, stemmed terms (storyline.search) over stories and articles.
    """
    CREATE TABLE story_index (
        num INTEGER PRIMARY KEY AUTOINCREMENT,
        story TEXT NOT NULL UNIQUE,
        version TEXT NOT NULL,
        sort_day TEXT NOT NULL,
        first_day TEXT NOT NULL,
        last_day TEXT NOT NULL,
        article_count INTEGER NOT NULL,
        lang TEXT,
        header TEXT NOT NULL,
        volume TEXT NOT NULL,
        data TEXT NOT NULL  -- last: a list reads the columns before it without walking its overflow pages
    );
    CREATE INDEX story_index_order ON story_index(sort_day DESC, article_count DESC, story DESC);
    CREATE TABLE story_entities (
        key TEXT NOT NULL,
        story TEXT NOT NULL,
        name TEXT NOT NULL,
        kind TEXT NOT NULL,
        variants TEXT NOT NULL,
        articles INTEGER NOT NULL,
        PRIMARY KEY (key, story)
    ) WITHOUT ROWID;
    CREATE INDEX story_entities_story ON story_entities(story);
    CREATE TABLE entity_aliases (
        alias TEXT NOT NULL,
        key TEXT NOT NULL,
        PRIMARY KEY (alias, key)
    ) WITHOUT ROWID;
    CREATE VIRTUAL TABLE story_search USING fts5(title, body, tokenize='ascii');
    CREATE VIRTUAL TABLE article_search USING fts5(title, body, tokenize='ascii');
    """,
    # The store hands out event and story ids: the highest number of each kind taken so far, moved on
    # only by a writer that saw the one before (compare and set); and a hash of each article as it was
    # read, to tell a repeated id with another text from a plain re-run.
    """
    CREATE TABLE id_counters (
        kind TEXT PRIMARY KEY,
        last INTEGER NOT NULL
    );
    ALTER TABLE articles ADD COLUMN input_hash TEXT;
    """,
    # Feeds polled over HTTP (storyline.fetch): their validators for conditional GETs and when each
    # is due next (backing off while it fails); alerts fired, so each fires once (across restarts),
    # and per alert the newest article it has looked at.
    """
    CREATE TABLE feeds (
        url TEXT PRIMARY KEY,
        title TEXT,
        etag TEXT,
        last_modified TEXT,
        fetched_at REAL,
        failures INTEGER NOT NULL DEFAULT 0,
        next_due REAL NOT NULL DEFAULT 0,
        last_error TEXT
    );
    CREATE TABLE alerts_fired (
        alert TEXT NOT NULL,
        key TEXT NOT NULL,
        at TEXT NOT NULL,
        PRIMARY KEY (alert, key)
    ) WITHOUT ROWID;
    CREATE TABLE alert_marks (
        alert TEXT PRIMARY KEY,
        seq INTEGER NOT NULL
    );
    """,
]
SCHEMA_VERSION = len(MIGRATIONS)
_HIGHEST_SEQ = (
    "SELECT MAX(COALESCE((SELECT MAX(seq) FROM articles), 0),"
    " COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'articles'), 0))"
)


@dataclass(frozen=True, slots=True)
class StoredArticle:
    """An article as stored, with what the pipeline found out about it."""

    article: Article
    duplicate_of: str | None
    seq: int
    event: str | None = None
    story: str | None = None
    ingested_at: str | None = None
    event_score: float | None = None
    story_score: float | None = None

    def to_dict(self) -> dict[str, object]:
        return {**self.article.to_dict(), "duplicate_of": self.duplicate_of, "event": self.event, "story": self.story}


@dataclass(frozen=True, slots=True)
class FeedState:
    """What the store remembers of a polled feed: validators for a conditional GET, and its schedule
    (``fetched_at`` and ``next_due`` in seconds since 1970)."""

    url: str
    title: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    fetched_at: float | None = None
    failures: int = 0
    next_due: float = 0.0
    last_error: str | None = None


#: ``PRAGMA application_id`` of a Storyline store (``STOR`` in ASCII): tells it from other programs' SQLite files.
APPLICATION_ID = 0x53544F52
_SQLITE_HEADER = b"SQLite format 3\x00"
#: Seconds an open waits for another process that is creating or switching the same file.
_OPEN_WAIT = 30.0


class SQLiteStore:
    """Articles in one SQLite file (or in memory for ``":memory:"``).

    A file that is not a Storyline store (not SQLite, or another program's SQLite database) is
    refused before anything is written to it; a file this process may not write is opened
    read-only (``writable`` is then false, and every write raises :class:`StoreError`).
    """

    def __init__(self, path: str | Path, readonly: bool = False) -> None:
        self.path = str(path)
        memory = self.path == ":memory:"
        self.url: str | None = None if memory else os.path.abspath(self.path)  # where another process opens it
        self.writable = not readonly and (memory or _may_write(self.path))
        self._writer: WriterLock | None = None if memory else WriterLock(self.path)
        self._writing = 0  # depth of nested writer() blocks
        try:
            if not memory:
                _check_file(self.path, readonly)
            if self.writable:
                if not memory:
                    Path(self.path).parent.mkdir(parents=True, exist_ok=True)
                self._db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
            else:
                uri = f"file:{urllib.parse.quote(os.path.abspath(self.path))}?mode=ro"
                self._db = sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False)
            self._db.execute("PRAGMA busy_timeout=10000")
            self._check_ours()  # before anything below writes to the file
            if self.writable:
                self._use_wal()
                self._db.execute("PRAGMA synchronous=NORMAL")  # with WAL: atomic and never corrupt on a crash
                self._migrate()
            elif self.schema_version < SCHEMA_VERSION:
                raise StoreError(
                    f"store {self.path} is read-only and was written by an older Storyline (schema "
                    f"{self.schema_version}, now {SCHEMA_VERSION}); open it once with write access to upgrade it"
                )
            self._db.execute("PRAGMA foreign_keys=ON")
        except sqlite3.DatabaseError as error:
            raise StoreError(f"cannot open store {self.path}: {error}") from error

    def __repr__(self) -> str:
        return f"SQLiteStore({self.path!r})"

    def __enter__(self) -> SQLiteStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def schema_version(self) -> int:
        return int(self._db.execute("PRAGMA user_version").fetchone()[0])

    def _check_ours(self) -> None:
        """Refuse a database that Storyline did not create (it is never written).  The three reads are
        one snapshot, so a store another process is creating at this moment is not mistaken for a foreign one."""
        self._db.execute("BEGIN")
        try:
            application_id = self._application_id()
            version = self.schema_version
            tables = {row[0] for row in self._db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        finally:
            self._db.execute("COMMIT")
        if application_id == APPLICATION_ID:
            return
        if application_id == 0 and version == 0 and not tables:
            return  # a new, empty database
        if application_id == 0 and 1 <= version <= SCHEMA_VERSION and {"articles", "signatures"} <= tables:
            return  # written by a Storyline from before the application id
        listed = ", ".join(sorted(tables)[:5]) + (", …" if len(tables) > 5 else "")
        raise StoreError(
            f"{self.path} is not a Storyline store: it is another program's SQLite database"
            + (f" (tables {listed})" if tables else "")
            + "; nothing was written to it"
        )

    def _use_wal(self) -> None:
        """Switch the file to write-ahead logging.  The switch does not wait on SQLite's busy timeout
        while another process is switching or creating the same new file, so it is retried here."""
        deadline = time.monotonic() + _OPEN_WAIT
        while True:
            try:
                self._db.execute("PRAGMA journal_mode=WAL")
                return
            except sqlite3.OperationalError as error:
                busy = (error.sqlite_errorcode & 0xFF) in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)
                if not busy or time.monotonic() > deadline:
                    raise
                time.sleep(0.02 + 0.05 * random.random())

    def _migrate(self) -> None:
        """Bring the schema up to date; each step is one transaction, and the version is read inside it,
        so two processes opening a new store at once create its tables once."""
        if self.schema_version == SCHEMA_VERSION and self._application_id() == APPLICATION_ID:
            return
        self._db.execute("BEGIN IMMEDIATE")
        try:
            version = self.schema_version
            if version > SCHEMA_VERSION:
                raise StoreError(
                    f"store {self.path} has schema version {version}; this Storyline knows up to {SCHEMA_VERSION}"
                )
            for number in range(version, SCHEMA_VERSION):
                for statement in MIGRATIONS[number].split(";"):
                    if statement.strip():
                        self._db.execute(statement)
            self._db.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
            self._db.execute(f"PRAGMA application_id={APPLICATION_ID}")
            self._db.execute("COMMIT")
        except BaseException:
            if self._db.in_transaction:
                self._db.execute("ROLLBACK")
            raise

    def _application_id(self) -> int:
        return int(self._db.execute("PRAGMA application_id").fetchone()[0])

    @contextlib.contextmanager
    def writer(self, wait: bool = True, on_wait: Callable[[str], None] | None = None) -> Iterator[None]:
        """Hold the store's one writer lock for the block (re-entrant): another process that wants to
        write waits for it, calling ``on_wait(holder)`` first, or with ``wait=False`` gets
        :class:`StoreBusyError` at once.  Readers never wait for it."""
        if not self.writable:
            raise StoreError(f"store {self.path} is read-only here; nothing can be written to it")
        if self._writing == 0 and self._writer is not None:
            self._writer.acquire(wait, on_wait)
        self._writing += 1
        try:
            yield
        finally:
            self._writing -= 1
            if self._writing == 0 and self._writer is not None:
                self._writer.release()

    def id_counters(self) -> dict[str, int]:
        """The highest event and story numbers handed out so far, by kind (``e``, ``s``)."""
        return dict(self._db.execute("SELECT kind, last FROM id_counters"))

    def last_seq(self) -> int:
        """The arrival number of the newest stored article (0: none); changes with every write."""
        return int(self._db.execute(_HIGHEST_SEQ).fetchone()[0])

    def existing(self, ids: Sequence[str]) -> set[str]:
        found: set[str] = set()
        for start in range(0, len(ids), 500):
            chunk = list(ids[start : start + 500])
            marks = ",".join("?" * len(chunk))
            found.update(row[0] for row in self._db.execute(f"SELECT id FROM articles WHERE id IN ({marks})", chunk))
        return found

    def add(
        self,
        batch: Sequence[Analyzed],
        assignments: Mapping[str, tuple[str, str, float, float]] | None = None,
        redirects: Mapping[str, str] | None = None,
        state: bytes | None = None,
        ids: Mapping[str, tuple[int, int]] | None = None,
        taken: Sequence[int] = (),
    ) -> int:
        """Write a batch, its events and stories, merges and (optionally) the engine's state, atomically.

        ``ids``: per kind of group (``e``, ``s``), ``(seen, last)``: the writer numbered new groups up to
        ``last`` after the store's counter stood at ``seen``.  When another writer moved the counter
        meanwhile, nothing is written and :class:`StoreError` says so: no two writers ever hand out
        the same id.  ``taken`` must be empty: an SQLite store takes no hand-offs (one machine's
        ingests wait for each other)."""
        if not self.writable:
            raise StoreError(f"store {self.path} is read-only here; nothing can be written to it")
        if taken:
            raise StoreError(f"store {self.path} takes no hand-offs (SQLite); nothing was written")
        now = datetime.now(UTC).isoformat(timespec="seconds")
        assignments = assignments or {}
        try:
            self._db.execute("BEGIN IMMEDIATE")
            self._take_ids(ids or {})
            fresh = self._not_stored(batch)
            # seq numbers given here, not by SQLite one row at a time, so that every table is
            # written with one executemany (above both the highest seq stored and any ever used)
            first = 1 + self._db.execute(_HIGHEST_SEQ).fetchone()[0]
            rows = list(zip(range(first, first + len(fresh)), fresh, strict=True))
            self._db.executemany(
                "INSERT INTO articles (seq, id, url, source, title, text, published, published_precision,"
                " lang, meta, duplicate_of, ingested_at, input_hash) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
                [
                    (
                        seq,
                        item.article.id,
                        item.article.url,
                        item.article.source,
                        item.article.title,
                        item.article.text,
                        item.article.published,
                        item.article.published_precision,
                        item.article.lang,
                        json.dumps(dict(item.article.meta), ensure_ascii=False, default=str),
                        item.duplicate_of,
                        now,
                        item.input_hash,
                    )
                    for seq, item in rows
                ],
            )
            self._db.executemany(
                "INSERT INTO signatures (seq, article_id, minhash) VALUES (?,?,?)",
                [(seq, item.article.id, item.signature) for seq, item in rows],
            )
            self._db.executemany(
                "INSERT INTO features (seq, data) VALUES (?,?)",
                [
                    (seq, item.features_json or json.dumps(item.features.to_dict(), ensure_ascii=False))
                    for seq, item in rows
                    if item.features is not None
                ],
            )
            self._db.executemany(
                "INSERT OR REPLACE INTO assignments"
                " (article_id, seq, event, story, event_score, story_score) VALUES (?,?,?,?,?,?)",
                [
                    (item.article.id, seq, *assignments[item.article.id])
                    for seq, item in rows
                    if item.article.id in assignments
                ],
            )
            self._db.executemany(
                "INSERT INTO article_search (rowid, title, body) VALUES (?,?,?)",
                [(seq, *item.search) for seq, item in rows if item.search is not None],
            )
            for old, new in (redirects or {}).items():
                self._db.execute("INSERT OR REPLACE INTO redirects (old, new) VALUES (?,?)", (old, new))
            if state is not None:  # the engine as it is after every article stored so far
                self._db.execute(
                    "INSERT OR REPLACE INTO engine_state (id, last_seq, state)"
                    " VALUES (1, (SELECT COALESCE(MAX(seq), 0) FROM articles), ?)",
                    (state,),
                )
            self._db.execute("COMMIT")
        except sqlite3.DatabaseError as error:
            if self._db.in_transaction:
                self._db.execute("ROLLBACK")
            raise StoreError(f"cannot write to store {self.path}: {error}") from error
        except StoreError:
            self._db.execute("ROLLBACK")
            raise
        return len(fresh)

    def _take_ids(self, ids: Mapping[str, tuple[int, int]]) -> None:
        """Move each id counter from ``seen`` to ``last`` (in the open transaction), or refuse."""
        for kind, (seen, last) in ids.items():
            row = self._db.execute("SELECT last FROM id_counters WHERE kind = ?", (kind,)).fetchone()
            if (row[0] if row else 0) != seen:
                raise StoreError(
                    f"another process added {'events' if kind == 'e' else 'stories'} to store {self.path}"
                    " while this one was writing; nothing of this batch was written (run it again)"
                )
            if last != seen:
                self._db.execute("INSERT OR REPLACE INTO id_counters (kind, last) VALUES (?,?)", (kind, last))

    def input_hashes(self, ids: Sequence[str]) -> dict[str, str | None]:
        """Of the stored articles among ``ids``: the hash of each as it was read (``None``: stored by a
        Storyline that did not keep it)."""
        found: dict[str, str | None] = {}
        for start in range(0, len(ids), 500):
            chunk = list(ids[start : start + 500])
            marks = ",".join("?" * len(chunk))
            found.update(self._db.execute(f"SELECT id, input_hash FROM articles WHERE id IN ({marks})", chunk))
        return found

    def _not_stored(self, batch: Sequence[Analyzed]) -> list[Analyzed]:
        """The items of ``batch`` whose article is not stored yet (first of each id), in order."""
        stored = self.existing([item.article.id for item in batch])
        fresh: list[Analyzed] = []
        for item in batch:
            if item.article.id not in stored:
                stored.add(item.article.id)
                fresh.append(item)
        return fresh

    def recent_signatures(self, limit: int) -> Iterator[tuple[str, bytes, str | None]]:
        rows = self._db.execute(
            "SELECT s.article_id, s.minhash, a.duplicate_of FROM"
            " (SELECT seq, article_id, minhash FROM signatures ORDER BY seq DESC LIMIT ?) AS s"
            " JOIN articles AS a ON a.seq = s.seq ORDER BY s.seq",
            (limit,),
        )
        for article_id, minhash, duplicate_of in rows:
            yield article_id, bytes(minhash), duplicate_of

    _COLUMNS = (
        "a.seq, a.id, a.url, a.source, a.title, a.text, a.published, a.published_precision, a.lang, a.meta,"
        " a.duplicate_of, s.event, s.story FROM articles AS a LEFT JOIN assignments AS s ON s.article_id = a.id"
    )

    # An article's stored features; a copy placed without features of its own has its original's
    # (the same text).  ``_FEATURES`` reads them from the tables ``_FEATURES_JOIN`` adds to ``articles AS a``.
    _FEATURES = "COALESCE(f.data, fo.data)"
    _FEATURES_SEQ = "COALESCE(f.seq, fo.seq)"  # where they are: read once per features row, not per copy
    # ``members()``: a copy's text is read only where its original is not among the rows (see ``_members``)
    _MEMBER_COLUMNS = (
        _COLUMNS.split(" FROM ")[0].replace("a.text", "CASE WHEN a.duplicate_of IS NULL THEN a.text END")
        + f", a.ingested_at, s.event_score, s.story_score, {_FEATURES_SEQ}"
    )
    _FEATURES_JOIN = (
        " LEFT JOIN features AS f ON f.seq = a.seq LEFT JOIN articles AS o ON o.id = a.duplicate_of"
        " LEFT JOIN features AS fo ON fo.seq = o.seq"
    )

    def articles(self) -> Iterator[StoredArticle]:
        redirects = self.redirects()
        for row in self._db.execute(f"SELECT {self._COLUMNS} ORDER BY a.seq"):
            yield _row_to_stored(row, redirects)

    def get(self, article_id: str) -> StoredArticle | None:
        row = self._db.execute(f"SELECT {self._COLUMNS} WHERE a.id = ?", (article_id,)).fetchone()
        if row is None:
            return None
        event, story = row[-2:]
        merged = {g: live for g in (event, story) if g and (live := self._live(g)) != g}
        return _row_to_stored(row, merged)

    def redirects(self) -> dict[str, str]:
        """Merged event or story id -> the id it was merged into."""
        return dict(self._db.execute("SELECT old, new FROM redirects").fetchall())

    def groups_of(self, article_id: str, as_assigned: bool = False) -> tuple[str, str] | None:
        row = self._db.execute("SELECT event, story FROM assignments WHERE article_id = ?", (article_id,)).fetchone()
        if row is None or as_assigned:
            return (row[0], row[1]) if row else None
        return self._live(row[0]), self._live(row[1])

    def _live(self, group: str) -> str:
        """Follow merges one indexed lookup at a time (cheap per article, unlike loading all redirects)."""
        for _ in range(1000):
            row = self._db.execute("SELECT new FROM redirects WHERE old = ?", (group,)).fetchone()
            if row is None:
                break
            group = row[0]
        return group

    def engine_state(self) -> tuple[int, bytes] | None:
        """``(last_seq, state)`` of the last engine checkpoint."""
        row = self._db.execute("SELECT last_seq, state FROM engine_state WHERE id = 1").fetchone()
        return (int(row[0]), bytes(row[1])) if row else None

    def features_after(
        self, seq: int
    ) -> Iterator[tuple[int, str, str | None, dict[str, object] | None, str | None, str]]:
        """``(seq, id, duplicate_of, features, published, precision)`` of the articles the story
        engine learned after ``seq``, in order (``features`` is ``None`` for a copy placed without)."""
        rows = self._db.execute(
            "SELECT a.seq, a.id, a.duplicate_of, f.data, a.published, a.published_precision FROM articles AS a"
            " LEFT JOIN features AS f ON f.seq = a.seq LEFT JOIN assignments AS s ON s.article_id = a.id"
            " WHERE a.seq > ? AND (f.data IS NOT NULL OR s.event IS NOT NULL) ORDER BY a.seq",
            (seq,),
        )
        for row_seq, article_id, duplicate_of, data, published, precision in rows:
            yield int(row_seq), article_id, duplicate_of, (json.loads(data) if data else None), published, precision

    def members(
        self, story: str | None = None, event: str | None = None
    ) -> Iterator[tuple[StoredArticle, dict[str, object] | None]]:
        """Articles that have an event and a story, with their stored features, in arrival order:
        all of them, or those of one ``story`` or one ``event`` (including groups merged into it).
        A copy whose original is among them carries the original's text (``get`` has its own)."""
        if story is not None and event is not None:
            raise ValueError("members() takes a story or an event, not both")
        group, column = (story, "story") if story is not None else (event, "event")
        select = f"SELECT {self._MEMBER_COLUMNS} FROM {self._COLUMNS.split(' FROM ')[1]}{self._FEATURES_JOIN}"
        redirects: Mapping[str, str] | Callable[[str], str] = self._live  # one group: its merges, by index
        if group is None:
            redirects = self.redirects()
            rows = self._db.execute(f"{select} WHERE s.story IS NOT NULL ORDER BY a.seq")
        else:
            # driven from the group's assignments (by index), not from a scan of every article
            one_group = select.replace(
                "FROM articles AS a LEFT JOIN assignments AS s ON s.article_id = a.id",
                "FROM assignments AS s CROSS JOIN articles AS a ON a.id = s.article_id",
            )
            rows = self._db.execute(
                "WITH RECURSIVE merged(g) AS (SELECT ? UNION SELECT r.old FROM redirects AS r"
                f" JOIN merged ON r.new = merged.g) {one_group} WHERE s.{column} IN (SELECT g FROM merged)"
                " ORDER BY a.seq",
                (self._live(group),),
            )

        def by_seq(sql: str) -> Callable[[Sequence[int]], list[tuple[int, str]]]:
            return lambda seqs: self._db.execute(sql.format(",".join("?" * len(seqs))), tuple(seqs)).fetchall()

        features = by_seq("SELECT seq, data FROM features WHERE seq IN ({})")
        texts = by_seq("SELECT seq, text FROM articles WHERE seq IN ({})")
        yield from _members(rows, features, texts, redirects)

    def story_versions(self) -> dict[str, str]:
        """Each live story with a version string that changes whenever its articles or merges change."""
        redirects = self.redirects()
        merges = len(redirects)
        return {story: f"{n}:{last}:{merges}" for story, (n, last) in self._story_counts(redirects).items()}

    def _story_counts(self, redirects: Mapping[str, str]) -> dict[str, list[int]]:
        """Each live story's ``[articles, newest seq]``."""
        counts: dict[str, list[int]] = {}
        for story, seq in self._db.execute("SELECT story, seq FROM assignments"):
            entry = counts.setdefault(_follow(story, redirects), [0, 0])
            entry[0] += 1
            entry[1] = max(entry[1], seq)
        return counts

    def recent_features(self, limit: int) -> list[dict[str, Any]]:
        """The features of the ``limit`` most recently stored articles (a copy placed without has its original's)."""
        rows = self._db.execute(
            f"SELECT {self._FEATURES} FROM articles AS a{self._FEATURES_JOIN}"
            f" WHERE {self._FEATURES} IS NOT NULL ORDER BY a.seq DESC LIMIT ?",
            (limit,),
        )
        return [json.loads(data) for (data,) in rows]

    def digests(self) -> dict[str, tuple[str, str]]:
        """Cached story digests: story -> (version, JSON)."""
        return {story: (version, data) for story, version, data in self._db.execute("SELECT * FROM digests")}

    def save_digests(self, items: Mapping[str, tuple[str, str]]) -> None:
        """Cache story digests (a derived table: losing it only costs a recomputation)."""
        try:
            self._db.execute("BEGIN IMMEDIATE")
            self._db.executemany(
                "INSERT OR REPLACE INTO digests (story, version, data) VALUES (?,?,?)",
                [(story, version, data) for story, (version, data) in items.items()],
            )
            self._db.execute("COMMIT")
        except sqlite3.DatabaseError as error:
            if self._db.in_transaction:
                self._db.execute("ROLLBACK")
            raise StoreError(f"cannot write to store {self.path}: {error}") from error

    # --- what readers are served (storyline.digest.publish writes it; nothing below computes) ---

    def unpublished(self) -> dict[str, str | None]:
        """Live stories whose published digest is missing or older than their articles: id -> version;
        published stories that live no more (merged away): id -> ``None``."""
        published = dict(self._db.execute("SELECT story, version FROM story_index"))
        versions = {story: f"{n}:{last}" for story, (n, last) in self._story_counts(self.redirects()).items()}
        stale: dict[str, str | None] = {story: v for story, v in versions.items() if published.get(story) != v}
        stale.update({story: None for story in published if story not in versions})  # merged away
        return stale

    def story_version(self, story: str) -> str:
        """The version of one live story as :meth:`unpublished` counts it: its articles and its newest one."""
        n, last = self._db.execute(
            "WITH RECURSIVE merged(g) AS (SELECT ? UNION SELECT r.old FROM redirects AS r"
            " JOIN merged ON r.new = merged.g) SELECT COUNT(*), MAX(seq) FROM assignments"
            " WHERE story IN (SELECT g FROM merged)",
            (story,),
        ).fetchone()
        return f"{n}:{last}"

    def unindexed_articles(self, limit: int) -> list[tuple[int, str | None, str, str | None]]:
        """``(seq, title, text, lang)`` of up to ``limit`` articles missing from the full-text index
        (stored by a Storyline from before the index)."""
        return self._db.execute(
            "SELECT seq, title, text, lang FROM articles WHERE seq NOT IN (SELECT rowid FROM article_search)"
            " ORDER BY seq LIMIT ?",
            (limit,),
        ).fetchall()

    def publish(
        self,
        stories: Sequence[Mapping[str, Any]],
        gone: Sequence[str] = (),
        articles: Sequence[tuple[int, str, str]] = (),
    ) -> None:
        """Replace the published rows of ``stories`` (each a mapping of the ``story_index`` columns plus
        ``entities``: ``[(key, name, kind, variants, articles, aliases)]`` and ``search``: ``(title, body)``),
        drop those of ``gone`` (merged away), and index ``articles`` ``(seq, title, body)``; one transaction."""
        try:
            self._db.execute("BEGIN IMMEDIATE")
            for story in list(gone) + [s["story"] for s in stories]:
                row = self._db.execute("SELECT num FROM story_index WHERE story = ?", (story,)).fetchone()
                if row is not None:
                    self._db.execute("DELETE FROM story_search WHERE rowid = ?", (row[0],))
                self._db.execute("DELETE FROM story_index WHERE story = ?", (story,))
                self._db.execute("DELETE FROM story_entities WHERE story = ?", (story,))
            for story in stories:
                cursor = self._db.execute(
                    "INSERT INTO story_index (story, version, sort_day, first_day, last_day, article_count, lang,"
                    " header, data, volume) VALUES (?,?,?,?,?,?,?,?,?,?)",
                    tuple(story[c] for c in _INDEX_COLUMNS),
                )
                self._db.execute(
                    "INSERT INTO story_search (rowid, title, body) VALUES (?,?,?)", (cursor.lastrowid, *story["search"])
                )
                for key, name, kind, variants, count, aliases in story["entities"]:
                    self._db.execute(
                        "INSERT OR REPLACE INTO story_entities (key, story, name, kind, variants, articles)"
                        " VALUES (?,?,?,?,?,?)",
                        (key, story["story"], name, kind, json.dumps(variants, ensure_ascii=False), count),
                    )
                    self._db.executemany(
                        "INSERT OR IGNORE INTO entity_aliases (alias, key) VALUES (?,?)",
                        [(alias, key) for alias in aliases],
                    )
            self._db.executemany("INSERT INTO article_search (rowid, title, body) VALUES (?,?,?)", articles)
            self._db.execute("COMMIT")
        except sqlite3.DatabaseError as error:
            if self._db.in_transaction:
                self._db.execute("ROLLBACK")
            raise StoreError(f"cannot write to store {self.path}: {error}") from error

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
    ) -> list[tuple[str, int, str, str, str]]:
        """Published stories, most recently updated first: ``(sort_day, article_count, story, header,
        volume)``, after the cursor ``after`` (a previous row's first three), filtered: main language,
        last update on/after ``since``, first report on/before ``until`` (ISO days), naming one of
        ``entity_keys``, matching the FTS5 expression ``match`` (``volume`` is ``"{}"`` unless
        ``with_volume``)."""
        where, args = [], []  # type: ignore[var-annotated]
        if after is not None:
            where.append("(i.sort_day, i.article_count, i.story) < (?,?,?)")
            args.extend(after)
        if lang:
            where.append("i.lang = ?")
            args.append(lang)
        if since:
            where.append("i.last_day >= ?")
            args.append(since)
        if until:
            where.append("i.first_day != '' AND i.first_day <= ?")  # an undated story is not known to be early
            args.append(until)
        if entity_keys:
            marks = ",".join("?" * len(entity_keys))
            where.append(
                "i.story IN (SELECT e.story FROM story_entities AS e WHERE e.key IN"
                f" (SELECT key FROM entity_aliases WHERE alias IN ({marks})))"
            )
            args.extend(entity_keys)
        if match:
            where.append("i.num IN (SELECT rowid FROM story_search WHERE story_search MATCH ?)")
            args.append(match)
        volume = "i.volume" if with_volume else "'{}'"
        sql = f"SELECT i.sort_day, i.article_count, i.story, i.header, {volume} FROM story_index AS i"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY i.sort_day DESC, i.article_count DESC, i.story DESC LIMIT ?"
        return self._db.execute(sql, (*args, limit)).fetchall()

    def published(self, story: str) -> tuple[str, str] | None:
        """``(version, digest JSON)`` as published for a live story, ``None`` when there is none."""
        row = self._db.execute("SELECT version, data FROM story_index WHERE story = ?", (story,)).fetchone()
        return (row[0], row[1]) if row else None

    def published_count(self) -> int:
        """How many stories are published."""
        return int(self._db.execute("SELECT COUNT(*) FROM story_index").fetchone()[0])

    def story_of_event(self, event: str) -> str | None:
        """The live story of a (live) event, ``None`` for an unknown event."""
        row = self._db.execute(
            "WITH RECURSIVE merged(g) AS (SELECT ? UNION SELECT r.old FROM redirects AS r"
            " JOIN merged ON r.new = merged.g) SELECT story FROM assignments WHERE event IN (SELECT g FROM merged)"
            " LIMIT 1",
            (self._live(event),),
        ).fetchone()
        return self._live(row[0]) if row else None

    def entities(self, aliases: Sequence[str], prefix: str | None, limit: int) -> list[tuple[Any, ...]]:
        """``(key, story, name, kind, variants, articles)`` rows of the entities one of whose spellings
        has a key in ``aliases`` or starts with ``prefix``, for at most ``limit`` entities."""
        clauses, args = [], []  # type: ignore[var-annotated]
        if aliases:
            clauses.append(f"alias IN ({','.join('?' * len(aliases))})")
            args.extend(aliases)
        if prefix:
            clauses.append("(alias >= ? AND alias < ?)")
            args.extend([prefix, prefix + "\uffff"])
        if not clauses:
            return []
        keys = [
            row[0]
            for row in self._db.execute(
                f"SELECT DISTINCT key FROM entity_aliases WHERE {' OR '.join(clauses)} LIMIT ?", (*args, limit * 4)
            )
        ]
        if not keys:
            return []
        return self._db.execute(
            f"SELECT key, story, name, kind, variants, articles FROM story_entities WHERE key IN"
            f" ({','.join('?' * len(keys))})",
            keys,
        ).fetchall()

    def headers(self, stories: Sequence[str]) -> dict[str, str]:
        """The published list entries (``stories --json`` objects) of ``stories``."""
        if not stories:
            return {}
        marks = ",".join("?" * len(stories))
        return dict(self._db.execute(f"SELECT story, header FROM story_index WHERE story IN ({marks})", list(stories)))

    def search_articles(self, match: str, limit: int) -> list[tuple[Any, ...]]:
        """``(rank, seq, id, title, text, lang, published, precision, event, story)`` of the articles
        matching the FTS5 expression ``match``, best first (BM25, the title weighing twice the text)."""
        return self._db.execute(
            "SELECT bm25(article_search, 2.0, 1.0) AS rank, a.seq, a.id, a.title, a.text, a.lang, a.published,"
            " a.published_precision, s.event, s.story FROM article_search JOIN articles AS a ON a.seq ="
            " article_search.rowid LEFT JOIN assignments AS s ON s.article_id = a.id"
            " WHERE article_search MATCH ? ORDER BY rank LIMIT ?",
            (match, limit),
        ).fetchall()

    def search_stories(self, match: str, limit: int) -> list[tuple[float, str, str]]:
        """``(rank, story, data)`` of the published stories matching ``match``, best first."""
        return self._db.execute(
            "SELECT bm25(story_search, 2.0, 1.0) AS rank, i.story, i.data FROM story_search JOIN story_index AS i"
            " ON i.num = story_search.rowid WHERE story_search MATCH ? ORDER BY rank LIMIT ?",
            (match, limit),
        ).fetchall()

    # --- feeds and alerts (storyline.fetch) ---

    def feed_state(self, url: str) -> FeedState | None:
        """What is remembered of the feed at ``url``, ``None`` for a feed never polled."""
        row = self._db.execute(f"SELECT {_FEED_COLUMNS} FROM feeds WHERE url = ?", (url,)).fetchone()
        return FeedState(*row) if row else None

    def feed_states(self) -> list[FeedState]:
        """Every feed polled so far, by url."""
        return [FeedState(*row) for row in self._db.execute(f"SELECT {_FEED_COLUMNS} FROM feeds ORDER BY url")]

    def save_feed_state(self, state: FeedState) -> None:
        """Remember ``state`` for its feed (replacing what was remembered)."""
        values = dataclasses.astuple(state)
        marks = ",".join("?" * len(values))
        self._write_rows(f"INSERT OR REPLACE INTO feeds ({_FEED_COLUMNS}) VALUES ({marks})", [values])

    def fired(self, alert: str, keys: Sequence[str]) -> set[str]:
        """Which of ``keys`` (``article:ID``, ``story:ID:VERSION``) alert ``alert`` has fired for."""
        found: set[str] = set()
        for start in range(0, len(keys), 500):
            chunk = list(keys[start : start + 500])
            marks = ",".join("?" * len(chunk))
            found.update(
                row[0]
                for row in self._db.execute(
                    f"SELECT key FROM alerts_fired WHERE alert = ? AND key IN ({marks})", [alert, *chunk]
                )
            )
        return found

    def record_fired(self, alert: str, keys: Sequence[str], mark: int | None = None) -> None:
        """Remember that ``alert`` fired for ``keys`` and, with ``mark``, has looked at every article up
        to that arrival number; one transaction."""
        now = datetime.now(UTC).isoformat(timespec="seconds")
        statements: list[tuple[str, list[tuple[Any, ...]]]] = [
            ("INSERT OR IGNORE INTO alerts_fired (alert, key, at) VALUES (?,?,?)", [(alert, k, now) for k in keys])
        ]
        if mark is not None:
            statements.append(("INSERT OR REPLACE INTO alert_marks (alert, seq) VALUES (?,?)", [(alert, mark)]))
        self._write_many(statements)

    def alert_mark(self, alert: str) -> int | None:
        """The arrival number of the newest article ``alert`` has looked at (``None``: never run)."""
        row = self._db.execute("SELECT seq FROM alert_marks WHERE alert = ?", (alert,)).fetchone()
        return int(row[0]) if row else None

    def articles_after(self, seq: int, limit: int) -> list[StoredArticle]:
        """Up to ``limit`` stored articles that arrived after ``seq``, in arrival order."""
        redirects = self.redirects()
        rows = self._db.execute(f"SELECT {self._COLUMNS} WHERE a.seq > ? ORDER BY a.seq LIMIT ?", (seq, limit))
        return [_row_to_stored(row, redirects) for row in rows]

    def _write_rows(self, statement: str, rows: Sequence[tuple[Any, ...]]) -> None:
        self._write_many([(statement, list(rows))])

    def _write_many(self, statements: Sequence[tuple[str, list[tuple[Any, ...]]]]) -> None:
        """Run ``statements`` (each over its rows) in one transaction, under the writer lock."""
        with self.writer():
            try:
                self._db.execute("BEGIN IMMEDIATE")
                for statement, rows in statements:
                    self._db.executemany(statement, rows)
                self._db.execute("COMMIT")
            except sqlite3.DatabaseError as error:
                if self._db.in_transaction:
                    self._db.execute("ROLLBACK")
                raise StoreError(f"cannot write to store {self.path}: {error}") from error

    def live_group(self, group: str) -> str:
        """The id a (maybe merged) event or story lives on as."""
        return self._live(group)

    def count(self) -> int:
        return int(self._db.execute("SELECT COUNT(*) FROM articles").fetchone()[0])

    def close(self) -> None:
        self._db.close()


_FEED_COLUMNS = "url, title, etag, last_modified, fetched_at, failures, next_due, last_error"
_INDEX_COLUMNS = (
    "story",
    "version",
    "sort_day",
    "first_day",
    "last_day",
    "article_count",
    "lang",
    "header",
    "data",
    "volume",
)


def _may_write(path: str) -> bool:
    """Whether this process can write the database at ``path`` and its journal beside it."""
    folder = os.path.dirname(os.path.abspath(path))
    if os.path.exists(path):
        return os.access(path, os.W_OK) and os.access(folder, os.W_OK | os.X_OK)
    while not os.path.exists(folder):  # a new store in folders still to be made
        folder = os.path.dirname(folder)
    return os.access(folder, os.W_OK | os.X_OK)


def _check_file(path: str, readonly: bool) -> None:
    """Refuse a path that cannot hold a store: a folder, a device or pipe, a file that is not SQLite."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        if readonly:
            raise StoreError(f"no store at {path}") from None
        return
    except OSError as error:
        raise StoreError(f"cannot open store {path}: {error.strerror or error}") from error
    if stat.S_ISDIR(info.st_mode):
        raise StoreError(f"{path} is a folder, not a Storyline store")
    if not stat.S_ISREG(info.st_mode):
        raise StoreError(f"{path} is not a regular file, not a Storyline store")
    if info.st_size == 0:
        return  # SQLite takes an empty file for a new database
    try:
        with open(path, "rb") as handle:
            header = handle.read(len(_SQLITE_HEADER))
    except OSError as error:
        raise StoreError(f"cannot open store {path}: {error.strerror or error}") from error
    if header != _SQLITE_HEADER:
        raise StoreError(f"{path} is not a Storyline store: it is not an SQLite database; nothing was written to it")


def _follow(group: str, redirects: Mapping[str, str]) -> str:
    seen = 0
    while group in redirects and seen < 1000:
        group, seen = redirects[group], seen + 1
    return group


#: Member rows read before the features they point to are fetched (one query per chunk).
_MEMBER_CHUNK = 2000

#: Fetches ``(seq, value)`` rows for some seqs (a features row's data, an article's text).
_Fetch = Callable[[Sequence[int]], Iterable[tuple[int, str]]]


def _members(
    rows: Iterable[tuple],  # type: ignore[type-arg]
    features: _Fetch,
    texts: _Fetch,
    groups: Mapping[str, str] | Callable[[str], str],
) -> Iterator[tuple[StoredArticle, dict[str, Any] | None]]:
    """``members()`` rows (``_MEMBER_COLUMNS``: a copy's text is NULL) as ``(stored article, features)``.

    What copies share is read once: features are fetched by ``features(seqs)`` a chunk at a time and
    parsed once (a copy has its original's dict), and a copy whose original came before it carries
    the original's text (the same wire text; a digest reads originals, see ``digest.members.readable``);
    any other copy's own text is fetched by ``texts(seqs)``.  So a story of a thousand copies of one
    wire text costs little more than its list of articles.  ``groups`` maps a merged group id to its
    live one: a mapping of every merge, or a function (an index lookup) asked once per id."""
    parsed: dict[int, dict[str, Any]] = {}
    originals: dict[str, str] = {}  # id -> text of the originals read so far
    live = groups if callable(groups) else (lambda group: _follow(group, groups))
    lives: dict[str, str] = {}
    rows = iter(rows)
    while chunk := list(itertools.islice(rows, _MEMBER_CHUNK)):
        for row in chunk:
            if row[5] is not None and row[10] is None:
                originals[row[1]] = row[5]
        own = {row[0]: row[10] for row in chunk if row[5] is None and row[10] not in originals}
        own_text = dict(_fetched(texts, list(own)))
        wanted = list(dict.fromkeys(row[-1] for row in chunk if row[-1] is not None and row[-1] not in parsed))
        parsed.update((seq, json.loads(data)) for seq, data in _fetched(features, wanted))
        for row in chunk:
            *base, ingested_at, event_score, story_score, features_seq = row
            if base[5] is None:
                base[5] = own_text[base[0]] if base[0] in own else originals[base[10]]
            event, story = base[-2:]
            for group in (event, story):
                if group and group not in lives:
                    lives[group] = live(group)
            yield (
                _stored(base, lives.get(event), lives.get(story), ingested_at, event_score, story_score),
                parsed.get(features_seq) if features_seq is not None else None,
            )


def _fetched(fetch: _Fetch, keys: Sequence[int]) -> Iterator[tuple[int, str]]:
    """``fetch(keys)`` 500 keys at a time (a statement's parameters are bounded)."""
    for start in range(0, len(keys), 500):
        yield from fetch(keys[start : start + 500])


def _stored(
    row: Sequence[Any],
    event: str | None,
    story: str | None,
    ingested_at: str | None = None,
    event_score: float | None = None,
    story_score: float | None = None,
) -> StoredArticle:
    seq, id_, url, source, title, text, published, precision, lang, meta, duplicate_of = row[:11]
    article = Article(
        id=id_,
        text=text,
        url=url,
        source=source,
        title=title,
        published=published,
        published_precision=precision,
        lang=lang,
        meta=json.loads(meta) if meta != "{}" else {},  # (most articles: a digest reads tens of thousands)
    )
    return StoredArticle(article, duplicate_of, seq, event, story, ingested_at, event_score, story_score)


def _row_to_stored(row: tuple, redirects: Mapping[str, str]) -> StoredArticle:  # type: ignore[type-arg]
    """A stored article from a ``_COLUMNS`` row, its event and story followed through ``redirects``."""
    event, story = row[11], row[12]
    return _stored(row, _follow(event, redirects) if event else None, _follow(story, redirects) if story else None)

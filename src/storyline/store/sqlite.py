"""The embedded SQLite store: WAL journal, versioned schema, batched atomic writes.

A kill at any moment leaves the database at its last committed batch (SQLite's
transactions are atomic); re-running the ingest stores what was missing, because
article ids are stable and inserts skip ids already present.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from ..errors import StoreError
from ..model import Analyzed, Article

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
]
SCHEMA_VERSION = len(MIGRATIONS)


@dataclass(frozen=True, slots=True)
class StoredArticle:
    """An article as stored, with what the pipeline found out about it."""

    article: Article
    duplicate_of: str | None
    seq: int
    event: str | None = None
    story: str | None = None

    def to_dict(self) -> dict[str, object]:
        return {**self.article.to_dict(), "duplicate_of": self.duplicate_of, "event": self.event, "story": self.story}


class SQLiteStore:
    """Articles in one SQLite file (or in memory for ``":memory:"``)."""

    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        try:
            if self.path != ":memory:":
                Path(self.path).parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")  # with WAL: atomic and never corrupt on a crash
            self._db.execute("PRAGMA foreign_keys=ON")
            self._db.execute("PRAGMA busy_timeout=10000")
            self._migrate()
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

    def _migrate(self) -> None:
        version = self.schema_version
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"store {self.path} has schema version {version}; this Storyline knows up to {SCHEMA_VERSION}"
            )
        for number in range(version, SCHEMA_VERSION):
            self._db.execute("BEGIN IMMEDIATE")
            try:
                for statement in MIGRATIONS[number].split(";"):
                    if statement.strip():
                        self._db.execute(statement)
                self._db.execute(f"PRAGMA user_version={number + 1}")
                self._db.execute("COMMIT")
            except sqlite3.DatabaseError:
                self._db.execute("ROLLBACK")
                raise

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
    ) -> int:
        """Write a batch, its events and stories, merges and (optionally) the engine's state, atomically."""
        now = datetime.now(UTC).isoformat(timespec="seconds")
        assignments = assignments or {}
        added = 0
        try:
            self._db.execute("BEGIN IMMEDIATE")
            for item in batch:
                a = item.article
                cursor = self._db.execute(
                    "INSERT OR IGNORE INTO articles (id, url, source, title, text, published, published_precision,"
                    " lang, meta, duplicate_of, ingested_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                    (
                        a.id,
                        a.url,
                        a.source,
                        a.title,
                        a.text,
                        a.published,
                        a.published_precision,
                        a.lang,
                        json.dumps(dict(a.meta), ensure_ascii=False, default=str),
                        item.duplicate_of,
                        now,
                    ),
                )
                if cursor.rowcount:
                    added += 1
                    seq = cursor.lastrowid
                    self._db.execute(
                        "INSERT INTO signatures (seq, article_id, minhash) VALUES (?,?,?)", (seq, a.id, item.signature)
                    )
                    if item.features is not None:
                        self._db.execute(
                            "INSERT INTO features (seq, data) VALUES (?,?)",
                            (seq, json.dumps(item.features.to_dict(), ensure_ascii=False)),
                        )
                    if a.id in assignments:
                        event, story, event_score, story_score = assignments[a.id]
                        self._db.execute(
                            "INSERT OR REPLACE INTO assignments"
                            " (article_id, seq, event, story, event_score, story_score) VALUES (?,?,?,?,?,?)",
                            (a.id, seq, event, story, event_score, story_score),
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
        return added

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

    def event_of(self, article_id: str) -> str | None:
        row = self._db.execute("SELECT event FROM assignments WHERE article_id = ?", (article_id,)).fetchone()
        return self._live(row[0]) if row else None

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

    def features_after(self, seq: int) -> Iterator[tuple[int, str, str | None, dict[str, object]]]:
        """``(seq, id, duplicate_of, features)`` of the articles stored after ``seq``, in order."""
        rows = self._db.execute(
            "SELECT a.seq, a.id, a.duplicate_of, f.data FROM articles AS a JOIN features AS f ON f.seq = a.seq"
            " WHERE a.seq > ? ORDER BY a.seq",
            (seq,),
        )
        for row_seq, article_id, duplicate_of, data in rows:
            yield int(row_seq), article_id, duplicate_of, json.loads(data)

    def count(self) -> int:
        return int(self._db.execute("SELECT COUNT(*) FROM articles").fetchone()[0])

    def close(self) -> None:
        self._db.close()


def _follow(group: str, redirects: Mapping[str, str]) -> str:
    seen = 0
    while group in redirects and seen < 1000:
        group, seen = redirects[group], seen + 1
    return group


def _row_to_stored(row: tuple, redirects: Mapping[str, str]) -> StoredArticle:  # type: ignore[type-arg]
    seq, id_, url, source, title, text, published, precision, lang, meta, duplicate_of, event, story = row
    article = Article(
        id=id_,
        text=text,
        url=url,
        source=source,
        title=title,
        published=published,
        published_precision=precision,
        lang=lang,
        meta=json.loads(meta),
    )
    return StoredArticle(
        article=article,
        duplicate_of=duplicate_of,
        seq=seq,
        event=_follow(event, redirects) if event else None,
        story=_follow(story, redirects) if story else None,
    )

"""The embedded SQLite store: WAL journal, versioned schema, batched atomic writes.

A kill at any moment leaves the database at its last committed batch (SQLite's
transactions are atomic); re-running the ingest stores what was missing, because
article ids are stable and inserts skip ids already present.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator, Sequence
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
]
SCHEMA_VERSION = len(MIGRATIONS)


@dataclass(frozen=True, slots=True)
class StoredArticle:
    """An article as stored, with what the pipeline found out about it."""

    article: Article
    duplicate_of: str | None
    seq: int

    def to_dict(self) -> dict[str, object]:
        return {**self.article.to_dict(), "duplicate_of": self.duplicate_of}


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

    def add(self, batch: Sequence[Analyzed]) -> int:
        now = datetime.now(UTC).isoformat(timespec="seconds")
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
                    self._db.execute(
                        "INSERT INTO signatures (seq, article_id, minhash) VALUES (?,?,?)",
                        (cursor.lastrowid, a.id, item.signature),
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

    _COLUMNS = "seq, id, url, source, title, text, published, published_precision, lang, meta, duplicate_of"

    def articles(self) -> Iterator[StoredArticle]:
        for row in self._db.execute(f"SELECT {self._COLUMNS} FROM articles ORDER BY seq"):
            yield _row_to_stored(row)

    def get(self, article_id: str) -> StoredArticle | None:
        row = self._db.execute(f"SELECT {self._COLUMNS} FROM articles WHERE id = ?", (article_id,)).fetchone()
        return _row_to_stored(row) if row else None

    def count(self) -> int:
        return int(self._db.execute("SELECT COUNT(*) FROM articles").fetchone()[0])

    def close(self) -> None:
        self._db.close()


def _row_to_stored(row: tuple) -> StoredArticle:  # type: ignore[type-arg]
    seq, id_, url, source, title, text, published, precision, lang, meta, duplicate_of = row
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
    return StoredArticle(article=article, duplicate_of=duplicate_of, seq=seq)

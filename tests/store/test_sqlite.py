import sqlite3

import pytest

from storyline.errors import StoreError
from storyline.model import Analyzed, Article
from storyline.store import Store, open_store
from storyline.store.sqlite import SCHEMA_VERSION


def _item(i, duplicate_of=None):
    article = Article(
        id=f"a{i}",
        text=f"Text {i}",
        title="T",
        published="2016-08",
        published_precision="month",
        lang="de",
        meta={"path": "x.txt", "extra": [1, 2]},
    )
    return Analyzed(article=article, signature=bytes(4 * 8), duplicate_of=duplicate_of)


def test_store_round_trip_and_idempotent_add(tmp_path):
    with open_store(tmp_path / "s.db") as store:
        assert isinstance(store, Store)
        assert store.add([_item(1), _item(2, duplicate_of="a1")]) == 2
        assert store.add([_item(1), _item(3)]) == 1
        assert store.count() == 3
        assert store.existing(["a1", "zz", "a3"]) == {"a1", "a3"}
        stored = store.get("a2")
        assert stored.duplicate_of == "a1" and stored.article.meta == {"path": "x.txt", "extra": [1, 2]}
        assert stored.to_dict()["published"] == "2016-08"
        assert [a.article.id for a in store.articles()] == ["a1", "a2", "a3"]
        assert [(i, d) for i, _, d in store.recent_signatures(2)] == [("a2", "a1"), ("a3", None)]
        assert store.get("missing") is None


def test_schema_is_versioned_and_uses_wal(tmp_path):
    path = tmp_path / "s.db"
    open_store(f"sqlite:///{path}").close()
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        db.execute(f"PRAGMA user_version={SCHEMA_VERSION + 1}")
    with pytest.raises(StoreError, match="schema version"):
        open_store(path)


def test_unknown_url_and_unreadable_file_raise_store_error(tmp_path):
    with pytest.raises(StoreError):
        open_store("postgresql://nowhere/db")
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"this is not a database" * 100)
    with pytest.raises(StoreError):
        open_store(bad)


def test_memory_store():
    with open_store("memory://") as store:
        store.add([_item(1)])
        assert store.count() == 1

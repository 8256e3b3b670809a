"""What only the SQLite store does (the behaviour both stores share is in ``test_contract.py``)."""

import sqlite3

import pytest

from storyline.errors import StoreError
from storyline.model import Analyzed, Article
from storyline.store import open_store
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


def _foreign(path):
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT)")
        db.execute("INSERT INTO users (name) VALUES ('ada')")
    db.close()


@pytest.mark.parametrize("kind", ["foreign", "text", "folder"])
def test_a_file_that_is_not_a_storyline_store_is_refused_and_never_written(tmp_path, kind):
    path = tmp_path / "other.db"
    if kind == "foreign":
        _foreign(path)
    elif kind == "text":
        path.write_text("name,age\nada,36\n", encoding="utf-8")
    else:
        path.mkdir()
    before = path.read_bytes() if path.is_file() else None
    for readonly in (False, True):
        with pytest.raises(StoreError, match="not a Storyline store|is a folder"):
            open_store(path, readonly=readonly)
    if before is not None:
        assert path.read_bytes() == before
        assert sorted(p.name for p in tmp_path.iterdir()) == ["other.db"]  # no journal, no lock file


def test_a_store_from_before_the_application_id_is_still_opened(tmp_path):
    path = tmp_path / "old.db"
    open_store(path).close()
    with sqlite3.connect(path) as db:
        db.execute("PRAGMA application_id=0")
    db.close()
    with open_store(path) as store:
        store.add([_item(1)])
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA application_id").fetchone()[0] != 0
    db.close()


def test_a_missing_file_is_not_created_by_a_read_only_open(tmp_path):
    with pytest.raises(StoreError, match="no store"):
        open_store(tmp_path / "missing.db", readonly=True)
    assert list(tmp_path.iterdir()) == []


def _open_new(path, start, results):
    start.wait()  # all open at the same moment
    try:
        with open_store(path) as store, store.writer():
            results.put(store.schema_version)
    except Exception as error:  # reported to the test, not lost in the child
        results.put(repr(error))


def test_processes_creating_one_store_at_once_create_its_tables_once(tmp_path):
    """Six processes open one new file at the same instant, 20 times: each gets the store, none is told
    the file is locked or foreign (both happened: the switch to WAL does not wait on SQLite's busy timeout,
    and a half-created store looked like another program's database)."""
    import multiprocessing

    context = multiprocessing.get_context("fork")
    for attempt in range(20):
        path = tmp_path / f"new{attempt}.db"
        start, results = context.Barrier(6), context.Queue()
        processes = [context.Process(target=_open_new, args=(path, start, results)) for _ in range(6)]
        for process in processes:
            process.start()
        got = [results.get(timeout=60) for _ in processes]
        for process in processes:
            process.join(timeout=60)
        assert got == [SCHEMA_VERSION] * 6, f"attempt {attempt}: {got}"

"""Several ingests, one writer (PostgreSQL): an ingest that finds the writer lock held hands its
analysed articles to the store's queue; the holder stores them, or the next process to take the lock
when the holder has died.  Nothing lost, duplicated or mixed."""

from __future__ import annotations

import json
import os
import pickle
import signal
import subprocess
import sys
import time

import pytest

from storyline import Options
from storyline.errors import StoreError
from storyline.model import Article
from storyline.pipeline import Pipeline, analyze
from storyline.store import HandoffStore, open_store

STREAM = "streams/world_en.jsonl"  # written for the tests: several stories of world news


def _records(test_data):
    return [json.loads(line) for line in (test_data / STREAM).read_text(encoding="utf-8").splitlines()]


def _article(record):
    return Article(id=record["id"], text=record["text"], title=record.get("title"), published=record.get("published"))


def _handed(records, options):
    return [pickle.dumps(analyze(_article(r), options, with_features=True)) for r in records]


def _stored(url):
    """id -> (title, text, event, story) of every stored article, and the ids in arrival order."""
    with open_store(url) as store:
        rows = list(store.articles())
        return {s.article.id: (s.article.title, s.article.text, s.event, s.story) for s in rows}, [
            s.article.id for s in rows
        ]


def test_the_queue_keeps_order_and_senders_and_a_write_takes_what_it_stores(pg_databases):
    url = pg_databases.new()
    with open_store(url) as store:
        assert isinstance(store, HandoffStore)
        store.hand_off("one", [b"a", b"b"])
        store.hand_off("two", [b"c"])
        store.hand_off("one", [])
        queued = store.handoffs(0, 10)
        assert [data for _, data in queued] == [b"a", b"b", b"c"]
        assert store.handoffs(queued[0][0], 1) == [queued[1]]
        assert (store.handoffs_waiting(), store.handoffs_waiting("one"), store.handoffs_waiting("two")) == (3, 2, 1)
        store.add([], taken=[queued[0][0], queued[2][0]])
        assert store.handoffs(0, 10) == [queued[1]] and store.handoffs_waiting("two") == 0


def test_sqlite_takes_no_hand_offs(tmp_path):
    with open_store(tmp_path / "s.db") as store:
        assert not isinstance(store, HandoffStore)
        with pytest.raises(StoreError, match="no hand-offs"):
            store.add([], taken=[1])


def test_the_writer_stores_what_was_handed_to_it_after_its_own_input(pg_databases, test_data):
    records = _records(test_data)
    own, handed = records[:40], records[30:70]  # ten articles both in its input and handed
    options = Options(executor="inprocess")
    url = pg_databases.new()
    with open_store(url) as store:
        store.hand_off("elsewhere", _handed(handed, options))
        report = Pipeline(store, options).ingest(_article(r) for r in own)
        assert store.handoffs_waiting() == 0
    assert report.stored == 70 and report.already_stored == 10
    stored, order = _stored(url)
    assert order == [r["id"] for r in records[:70]]  # its own input first, then the queue in order
    assert all(stored[r["id"]][1] == r["text"] for r in records[:70])
    assert all(event and story for _, _, event, story in stored.values())
    # the same events and stories as one ingest of the same articles in the same order
    with open_store("memory://") as alone:
        Pipeline(alone, options).ingest(_article(r) for r in records[:70])
        expected = {s.article.id: (s.event, s.story) for s in alone.articles()}
    assert {k: v[2:] for k, v in stored.items()} == expected


_HOLDER = """
import sys, time
from storyline.store import open_store
with open_store(sys.argv[1]) as store, store.writer():
    print("held", flush=True)
    time.sleep(600)
"""


def _ingest(path, url):
    return subprocess.Popen(
        [sys.executable, "-m", "storyline.cli", "ingest", str(path), "--db", url],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONHASHSEED": "0", "COLUMNS": "200"},
    )


@pytest.mark.slow
def test_two_ingests_hand_off_to_a_writer_that_dies_and_the_next_one_stores_all(pg_databases, test_data, tmp_path):
    records = _records(test_data)
    first, second = tmp_path / "first.jsonl", tmp_path / "second.jsonl"
    half = len(records) // 2
    first.write_text("".join(json.dumps(r) + "\n" for r in records[:half]), encoding="utf-8")
    second.write_text("".join(json.dumps(r) + "\n" for r in records[half - 5 :]), encoding="utf-8")  # 5 in both
    url = pg_databases.new()
    open_store(url).close()  # the schema, before three processes race to make it
    holder = subprocess.Popen([sys.executable, "-c", _HOLDER, url], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        feeders = [_ingest(path, url) for path in (first, second)]
        with open_store(url) as store:  # both analyse their input and queue it while the lock is held
            deadline = time.monotonic() + 240
            while store.handoffs_waiting() < len(records) + 5 and time.monotonic() < deadline:
                assert all(f.poll() is None for f in feeders), [f.communicate() for f in feeders]
                time.sleep(0.2)
            assert store.handoffs_waiting() == len(records) + 5
            assert store.count() == 0
            handed = [pickle.loads(data).article.id for _, data in store.handoffs(0, 10_000)]
        holder.send_signal(signal.SIGKILL)  # the writer dies: the server releases its lock
        holder.wait(timeout=30)
        outputs = [f.communicate(timeout=240) for f in feeders]
    finally:
        holder.kill()
    assert [f.returncode for f in feeders] == [0, 0], outputs
    assert all("handed off" in out for out, _ in outputs), outputs
    stored, order = _stored(url)
    once = list(dict.fromkeys(handed))  # the five articles in both inputs: stored once, where first handed
    assert order == once and len(order) == len(records)
    with open_store(url) as store:
        assert store.handoffs_waiting() == 0
    # the articles, events and stories of one ingest of the articles in the order they were handed
    reference = tmp_path / "reference.db"
    ordered = tmp_path / "ordered.jsonl"
    by_id = {r["id"]: r for r in records}
    ordered.write_text("".join(json.dumps(by_id[i]) + "\n" for i in order), encoding="utf-8")
    subprocess.run(
        [sys.executable, "-m", "storyline.cli", "ingest", str(ordered), "--db", str(reference)],
        check=True,
        capture_output=True,
        env={**os.environ, "PYTHONHASHSEED": "0"},
    )
    alone, _ = _stored(f"sqlite:///{reference}")
    assert stored == alone  # nothing mixed: each id with its own title and text, event and story

"""Executors: the same stored rows whichever runs the per-article stages; order kept, memory bounded."""

import json
import os
import sqlite3
import subprocess
import sys
import threading
import time
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

import pytest

from storyline import Article, Options, Pipeline, open_store
from storyline import pipeline as pipeline_module
from storyline.digest.publish import DigestJob
from storyline.errors import ConfigError
from storyline.executors import DaskExecutor, Executor, InProcess, ProcessPool, executor_for
from storyline.pipeline import DIGEST_CHUNK

STREAM = Path(__file__).parent / "data" / "streams" / "world_en.jsonl"


def _need_dask():
    try:
        import distributed  # noqa: F401
    except ImportError:
        if os.environ.get("STORYLINE_REQUIRE_DASK") == "1":
            raise
        pytest.skip("Dask is not installed (the optional [dask] extra)")


def _world():
    return [json.loads(line) for line in STREAM.read_text(encoding="utf-8").splitlines() if line.strip()]


def _small_stream():
    """world_en and a copy of every third article (a sentence appended)."""
    rows = _world()
    copies = [
        {**row, "id": f"{row['id']}-copy", "text": row["text"] + "\nThis report was updated."} for row in rows[::3]
    ]
    return [
        Article(id=r["id"], title=r.get("title"), text=r["text"], published=r.get("published")) for r in rows + copies
    ]


def _large_stream(n=1300):
    """``n`` articles from world_en: copies (a sentence appended) and splices of two articles' halves
    (new articles for the engine), interleaved, so both stages really run in the workers."""
    rows = _world()
    out = []
    k = 0
    while len(out) < n:
        for i, row in enumerate(rows):
            if len(out) >= n:
                break
            other = rows[(i + 1 + k) % len(rows)]
            if (i + k) % 2:
                text = row["text"] + f"\nUpdate {k}."
            else:
                mine, theirs = row["text"].split("\n"), other["text"].split("\n")
                text = "\n".join(mine[: max(1, len(mine) // 2)] + theirs[len(theirs) // 2 :])
            out.append(
                Article(id=f"{row['id']}-{k}", title=row.get("title"), text=text, published=row.get("published"))
            )
        k += 1
    return out


def _rows(db):
    with sqlite3.connect(db) as connection:
        return connection.execute(
            "SELECT a.id, a.duplicate_of, s.event, s.story, f.data FROM articles AS a"
            " LEFT JOIN features AS f ON f.seq = a.seq LEFT JOIN assignments AS s ON s.article_id = a.id"
            " ORDER BY a.seq"
        ).fetchall()


def _ingested(tmp_path, articles, executor):
    db = tmp_path / f"{executor.replace(':', '_').replace('/', '_')}.db"
    with open_store(db) as store, Pipeline(store, Options(executor=executor)) as pipeline:
        report = pipeline.ingest(articles)
    assert report.stored == len(articles) and not report.rejected
    return _rows(db)


@pytest.mark.parametrize("spec", ["inprocess", "pool:2", "dask://local"])
def test_the_same_rows_are_stored_whichever_executor_runs_the_stages(tmp_path, spec):
    if spec.startswith("dask"):
        _need_dask()
    articles = _small_stream()
    (tmp_path / "auto").mkdir()
    expected = _ingested(tmp_path / "auto", articles, "auto")  # small: in this process
    rows = _ingested(tmp_path, articles, spec)
    assert rows == expected
    assert [row[0] for row in rows] == [a.id for a in articles]  # stream order
    assert sum(1 for row in rows if row[1]) >= len(articles) // 5 and all(row[2] and row[3] for row in rows)


def _published(db):
    with sqlite3.connect(db) as connection:
        return connection.execute("SELECT story, version, data FROM story_index ORDER BY story").fetchall()


@pytest.mark.parametrize("spec", ["pool:2", "dask://local"])
def test_the_same_digests_are_published_when_the_workers_build_them(tmp_path, spec):
    # publish_in_workers, workers on this machine and a store they can open: the workers build the
    # input's end digests and the writer only writes them; they read the final store, as the writer would
    if spec.startswith("dask"):
        _need_dask()
    articles = _small_stream()
    digests = {}
    for name in ("inprocess", spec):
        db = tmp_path / f"{name.replace(':', '_').replace('/', '_')}.db"
        options = Options(executor=name, publish_every=3600, publish_in_workers=True)
        with open_store(db) as store, Pipeline(store, options) as pipeline:
            pipeline.ingest(articles)
            assert store.unpublished() == {}
        digests[name] = _published(db)
    assert len(digests["inprocess"]) >= 3 and digests[spec] == digests["inprocess"]


def _jobs_sent(monkeypatch):
    """The story lists of the digest jobs the pipeline hands its executors, as they are submitted."""
    sent = []
    for kind in (ProcessPool, InProcess):
        real = kind.submit
        monkeypatch.setattr(
            kind,
            "submit",
            lambda self, fn, item, real=real: (
                (isinstance(fn, DigestJob) and sent.append(list(item))) or real(self, fn, item)
            ),
        )
    return sent


def test_the_workers_build_the_digests_while_the_stream_runs_and_what_is_published_is_current(tmp_path, monkeypatch):
    sent = _jobs_sent(monkeypatch)
    db = tmp_path / "rounds.db"
    options = Options(executor="pool:2", publish_every=0, batch_size=20)  # a round after every batch
    articles = _small_stream()
    with open_store(db) as store, Pipeline(store, options) as pipeline:
        pipeline.ingest(articles)
        assert store.unpublished() == {}
        for story, version, data in _published(db):
            assert version == store.story_version(story) and json.loads(data)["id"] == story
    assert len(sent) > 3  # rounds while the stream ran, not only the input's end
    assert all(len(stories) <= DIGEST_CHUNK for stories in sent)
    # (the digests equal the writer's own when both read the store's background at the same point:
    # test_the_same_digests_are_published_when_the_workers_build_them; mid-stream, a process re-reads
    # it once a minute, so the words' weights depend on when a round ran)


def test_stories_over_the_workers_limit_are_digested_by_the_writer(tmp_path, monkeypatch):
    # a worker never reads a large story's members: the writer digests those, whether it knew their
    # size when it sent the round (they go to no worker) or a worker found them grown (declined)
    monkeypatch.setattr(pipeline_module, "WORKER_DIGEST_LIMIT", 2)
    sent = _jobs_sent(monkeypatch)
    declined = []
    real = DigestJob.__call__
    monkeypatch.setattr(DigestJob, "__call__", lambda self, stories: _noted(real(self, stories), declined))
    written = []
    real_publish = pipeline_module.publish
    monkeypatch.setattr(
        pipeline_module,
        "publish",
        lambda store, stories, *a, **k: written.extend(stories) or real_publish(store, stories, *a, **k),
    )
    db = tmp_path / "large.db"
    options = Options(executor="inprocess", publish_every=0, batch_size=20)
    with open_store(db) as store, Pipeline(store, options) as pipeline:
        pipeline._executor = InProcessPair()  # (two "workers" on this machine, run here: the jobs are seen)
        pipeline.ingest(_small_stream())
        assert store.unpublished() == {}
        sizes = {story: json.loads(data)["article_count"] for story, _, data in _published(db)}
    assert sent and written and declined
    assert {story for story in written if sizes.get(story, 0) > 2} == {story for story, n in sizes.items() if n > 2}


def _noted(digested, declined):
    declined.extend(digested.declined)
    return digested


class InProcessPair(InProcess):
    """:class:`InProcess` taken for a pool of two local workers."""

    workers = 2


def test_without_publish_in_workers_no_worker_opens_the_store(tmp_path, monkeypatch):
    sent = _jobs_sent(monkeypatch)
    options = Options(executor="pool:2", publish_every=0, batch_size=20, publish_in_workers=False)
    with open_store(tmp_path / "writer.db") as store, Pipeline(store, options) as pipeline:
        pipeline.ingest(_small_stream())
        assert store.unpublished() == {}
    assert sent == []


@pytest.mark.slow
def test_a_large_stream_gives_the_same_rows_in_process_in_a_pool_and_on_dask(tmp_path):
    articles = _large_stream()
    inprocess = _ingested(tmp_path, articles, "inprocess")
    assert sum(1 for row in inprocess if row[1]) > 300 and sum(1 for row in inprocess if row[4]) > 300
    assert _ingested(tmp_path, articles, "pool:2") == inprocess
    assert _ingested(tmp_path, articles, "auto") == inprocess  # a whole batch and more: the pool
    try:
        _need_dask()
    except pytest.skip.Exception:
        return
    assert _ingested(tmp_path, articles, "dask://local") == inprocess


def _slow_square(x):
    time.sleep(0.01)
    return x * x


def _sleep(seconds):
    time.sleep(seconds)
    return seconds


class _Counted:
    def __init__(self, n):
        self.n, self.taken = n, 0

    def __iter__(self):
        for i in range(self.n):
            self.taken += 1
            yield i


@pytest.mark.parametrize("make", [InProcess, lambda: ProcessPool(2, in_flight=3)])
def test_map_keeps_the_order_with_a_bounded_number_in_flight(make):
    items = _Counted(60)
    with make() as executor:
        assert isinstance(executor, Executor)
        results = []
        for result in executor.map(_slow_square, items):
            results.append(result)
            assert items.taken - len(results) <= getattr(executor, "in_flight", 1)
    assert results == [i * i for i in range(60)]


def test_dask_map_keeps_the_order_with_a_bounded_number_in_flight():
    _need_dask()
    items = _Counted(40)
    with DaskExecutor("local", in_flight=3) as executor:
        assert isinstance(executor, Executor) and executor.workers == 2
        results = []
        for result in executor.map(abs, (-i for i in items)):
            results.append(result)
            assert items.taken - len(results) <= 3
    assert results == list(range(40))


def test_close_with_stop_ends_a_busy_pool_at_once():
    executor = ProcessPool(2)
    results = executor.map(_sleep, [30.0] * 4)
    started = time.monotonic()
    threading.Timer(0.5, executor.close, kwargs={"stop": True}).start()  # as Ctrl-C does
    with pytest.raises(BrokenProcessPool):
        next(results)
    assert time.monotonic() - started < 3.0


def test_executor_specs():
    options = Options(workers=3)
    assert isinstance(executor_for("inprocess", options), InProcess)
    assert isinstance(executor_for(None, options, large=False), InProcess)
    assert executor_for("auto", options).workers == 3 and executor_for("pool", options).workers == 3
    assert isinstance(executor_for("auto", Options(workers=1)), InProcess)
    assert executor_for("pool:2", options).workers == 2
    for bad in ("threads", "pool:0", "pool:x", "dask://", "", 3):
        with pytest.raises(ConfigError, match="executor"):
            Options(executor=bad)


def test_without_dask_the_dask_executor_says_which_extra_to_install(monkeypatch):
    monkeypatch.setitem(sys.modules, "distributed", None)
    with pytest.raises(ConfigError, match=r"\[dask\]"):
        executor_for("dask://local", Options())


@pytest.mark.slow
def test_the_cli_ingests_on_a_local_dask_cluster(tmp_path):
    _need_dask()
    script = Path(sys.executable).with_name("storyline")
    command = [str(script)] if script.exists() else [sys.executable, "-m", "storyline.cli"]
    for spec in ("dask://local", "inprocess"):
        db = tmp_path / f"{spec[:4]}.db"
        done = subprocess.run(
            [*command, "ingest", str(STREAM), "--db", str(db), "--executor", spec],
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert done.returncode == 0, done.stderr
        assert f"stored {len(_world())} " in done.stdout
    assert _rows(tmp_path / "dask.db") == _rows(tmp_path / "inpr.db")


STOPPED_MIDWAY = """
import sys, time
from storyline.executors import ProcessPool

def big(i):
    time.sleep(0.002 * (i % 5))
    return bytes(2_000_000)  # a result large enough to be mid-send when the stop comes

if __name__ == "__main__":
    for attempt in range(8):
        pool = ProcessPool(2, in_flight=8)
        results = pool.map(big, range(200))
        for _ in range(3 + attempt):
            next(results)
        pool.close(stop=True)
    print("ended")
"""


def test_a_process_that_stops_its_pool_midway_still_exits(tmp_path):
    # workers ended while sending results or taking work used to leave the pool's threads waiting
    # on half-used pipes: the interpreter never exited after Ctrl-C (seen about one run in five)
    script = tmp_path / "stop.py"
    script.write_text(STOPPED_MIDWAY, encoding="utf-8")
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and done.stdout.strip() == "ended", done.stderr
    assert "Traceback" not in done.stderr and "Exception in thread" not in done.stderr


def test_a_worker_that_fails_to_digest_leaves_its_stories_to_the_writer(tmp_path, monkeypatch, caplog):
    def broken(self, stories):
        raise OSError("disk read error")

    monkeypatch.setattr(DigestJob, "__call__", broken)
    options = Options(executor="inprocess", publish_every=0, batch_size=20)
    with open_store(tmp_path / "failing.db") as store, Pipeline(store, options) as pipeline:
        pipeline._executor = InProcessPair()  # (two "workers" on this machine: the jobs go to them, and fail)
        report = pipeline.ingest(_small_stream())
        assert report.stored == len(_small_stream())
        assert store.unpublished() == {} and len(_published(tmp_path / "failing.db")) >= 3
    assert "could not digest" in caplog.text

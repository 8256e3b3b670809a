"""Several processes at one store: one writer at a time, Ctrl-C, and a --db that is not a store."""

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time

import pytest

from storyline.store import open_store

pytestmark = pytest.mark.slow

STREAM = "streams/world_en.jsonl"  # written for the tests: several stories of world news


def _storyline(*args, **kwargs):
    return subprocess.Popen(
        [sys.executable, "-m", "storyline.cli", *map(str, args)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONHASHSEED": "0", "COLUMNS": "200"},
        **kwargs,
    )


def _halves(test_data, tmp_path):
    lines = (test_data / STREAM).read_text(encoding="utf-8").splitlines(keepends=True)
    first, second = tmp_path / "first.jsonl", tmp_path / "second.jsonl"
    first.write_text("".join(lines[: len(lines) // 2]), encoding="utf-8")
    second.write_text("".join(lines[len(lines) // 2 :]), encoding="utf-8")
    return first, second


def _groups(db):
    """Each article's event and story, and which input came first."""
    with sqlite3.connect(db) as connection:
        rows = connection.execute(
            "SELECT a.id, a.seq, s.event, s.story FROM articles AS a JOIN assignments AS s ON s.article_id = a.id"
        ).fetchall()
    connection.close()
    return {id_: (event, story) for id_, _, event, story in rows}, {id_: seq for id_, seq, _, _ in rows}


def _ids(path):
    return [json.loads(line)["id"] for line in path.read_text(encoding="utf-8").splitlines()]


def _run(*args):
    process = _storyline(*args)
    out, err = process.communicate(timeout=300)
    assert process.returncode == 0, err
    return out, err


@pytest.mark.parametrize("existing", [False, True], ids=["new store", "existing store"])
def test_two_ingests_at_once_give_the_events_of_a_sequential_run(test_data, tmp_path, existing):
    first, second = _halves(test_data, tmp_path)
    base = tmp_path / "base.jsonl"
    if existing:  # a store that holds some of the stream already: its last quarter
        lines = first.read_text(encoding="utf-8").splitlines(keepends=True)
        base.write_text("".join(lines[-len(lines) // 4 :]), encoding="utf-8")
    references = {}
    for order in ((first, second), (second, first)):
        db = tmp_path / f"sequential-{order[0].stem}.db"
        if existing:
            _run("ingest", base, "--db", db)
        for path in order:
            _run("ingest", path, "--db", db)
        references[order[0].stem] = _groups(db)[0]
    assert references["first"] != references["second"]  # the order matters: the test can tell them apart
    for trial in range(2):
        db = tmp_path / f"together{trial}.db"
        if existing:
            _run("ingest", base, "--db", db)
        processes = [_storyline("ingest", path, "--db", db) for path in (first, second)]
        results = [(p.wait(timeout=300), p.stderr.read()) for p in processes]
        assert [code for code, _ in results] == [0, 0], results
        groups, seq = _groups(db)
        came_first = "first" if seq[_ids(first)[0]] < seq[_ids(second)[0]] else "second"  # not in base
        assert groups == references[came_first], f"trial {trial}: not the events of a sequential run"


def test_a_second_ingest_waits_or_fails_at_once(test_data, tmp_path):
    first, second = _halves(test_data, tmp_path)
    db = tmp_path / "s.db"
    _run("ingest", first, "--db", db)
    with open_store(db) as holder, holder.writer():
        refused = _storyline("ingest", second, "--db", db, "--no-wait")
        out, err = refused.communicate(timeout=120)
        assert refused.returncode == 1
        assert err.strip().count("\n") == 0 and "another ingest is writing to this store" in err
        waiting = _storyline("ingest", second, "--db", db)
        deadline = time.monotonic() + 60
        while "waiting" not in (line := waiting.stderr.readline()) and time.monotonic() < deadline:
            pass
        assert "waiting: another ingest is writing to this store" in line
        assert waiting.poll() is None  # still waiting while the lock is held
        assert holder.count() == len(_ids(first))  # nothing of the second file yet
    out, _ = waiting.communicate(timeout=120)
    assert waiting.returncode == 0 and f"stored {len(_ids(second))} " in out


def _feed(path, n):
    words = ["Pläne", "Ausbau", "Stadtrat", "Kosten", "Millionen", "Gericht", "Hafen", "Schule", "Bahn", "Klinik", "Brücke", "Messe"]
    with path.open("w", encoding="utf-8") as handle:
        for i in range(n):
            body = " ".join(words[(i * 7 + k) % len(words)] for k in range(80))
            text = f"BERLIN – Meldung {i}: {body}. Die Entscheidung fällt im Herbst."
            handle.write(json.dumps({"id": f"m{i}", "text": text, "published": f"2025-03-{1 + i % 28:02d}"}) + "\n")


def test_ctrl_c_stops_an_ingest_within_two_seconds_and_a_rerun_completes_it(tmp_path, articles_in):
    feed = tmp_path / "feed.jsonl"
    _feed(feed, 6000)
    for attempt in range(3):  # on a loaded machine this process may send the signal only after the ingest ended
        db = tmp_path / f"s{attempt}.db"
        process = _storyline("ingest", feed, "--db", db)
        deadline = time.monotonic() + 120
        while articles_in(db) == 0 and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)  # interrupted while batches are being stored
        assert process.poll() is None, "the ingest ended before it could be interrupted"
        sent = time.monotonic()
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=30)
        if process.returncode == 0 and "stored 6000 " in out and not err:
            continue  # the signal came too late: nothing to check in this attempt
        break
    assert time.monotonic() - sent < 2.0
    assert process.returncode == 130, (out, err)
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1 and "Traceback" not in err, err
    stored = articles_in(db)
    assert lines[0].startswith(f"interrupted: {stored} articles stored of ") and "run the same command again" in lines[0]
    assert 0 < stored < 6000
    out, _ = _run("ingest", feed, "--db", db)
    assert f"stored {6000 - stored} · already stored {stored}" in out
    assert articles_in(db) == 6000


def _bad_stores(tmp_path):
    foreign = tmp_path / "foreign.db"
    with sqlite3.connect(foreign) as connection:
        connection.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL)")
    connection.close()
    text = tmp_path / "notes.db"
    text.write_text("not a database at all\n", encoding="utf-8")
    folder = tmp_path / "folder.db"
    folder.mkdir()
    return [foreign, text, folder]


COMMANDS = [
    ["articles"],
    ["articles", "--json"],
    ["stories"],
    ["stories", "--json"],
    ["show", "s1"],
    ["why", "a1"],
    ["export"],
    ["serve", "--port", "1"],
    ["ingest", "{input}"],
    ["cluster", "{input}", "--out", "{out}", "--db"],
]


def test_every_command_on_a_db_that_is_not_a_store_says_so_in_one_line(tmp_path):
    article = {"id": "a1", "text": "LONDON – The council approved the new harbour plan on Monday after a long debate."}
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps(article) + "\n", encoding="utf-8")
    for db in _bad_stores(tmp_path):
        before = db.read_bytes() if db.is_file() else None
        for command in COMMANDS:
            args = [a.format(input=source, out=tmp_path / "out.jsonl") for a in command] + (
                [db] if command[-1] == "--db" else ["--db", db]
            )
            process = _storyline(*args)
            _, err = process.communicate(timeout=120)
            lines = [line for line in err.splitlines() if line.strip()]
            assert process.returncode == 1, (args, err)
            assert len(lines) == 1 and lines[0].startswith("error: "), (args, err)
            assert "not a Storyline store" in lines[0] or "is a folder" in lines[0], (args, err)
        if before is not None:
            assert db.read_bytes() == before  # never written

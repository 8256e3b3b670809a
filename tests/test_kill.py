"""Killing an ingest at any moment leaves the store consistent, and a re-run completes it."""

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time

import pytest

pytestmark = pytest.mark.slow

TOPICS = ["Hafen", "Schule", "Gericht", "Bahn", "Klinik", "Brücke", "Satellit", "Messe"]


def _write_feed(path, n):
    rng = random.Random(7)
    previous = ""
    with path.open("w", encoding="utf-8") as handle:
        for i in range(n):
            topic = rng.choice(TOPICS)
            words = " ".join(
                rng.choice(
                    [
                        "neue",
                        "Pläne",
                        "für",
                        "den",
                        "Ausbau",
                        "wurden",
                        "gestern",
                        "vorgestellt",
                        "und",
                        "sofort",
                        "kritisiert",
                        "Stadtrat",
                        "Kosten",
                        "Millionen",
                    ]
                )
                for _ in range(60)
            )
            text = f"BERLIN – Meldung {i} zum Thema {topic}: {words}. Die Entscheidung fällt im Herbst."
            if i % 50 == 49:  # a wire copy of an earlier article
                text = previous + " Das meldete die Agentur."
            previous = text
            handle.write(json.dumps({"id": f"k{i}", "text": text, "published": f"2025-03-{1 + i % 28:02d}"}) + "\n")
            if i % 97 == 0:
                handle.write("{not json\n")


def _ingest(feed, db):
    return subprocess.Popen(
        [sys.executable, "-m", "storyline.cli", "ingest", str(feed), "--db", str(db)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "PYTHONHASHSEED": "0"},
    )


def _snapshot(db):
    with sqlite3.connect(db) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        articles = connection.execute(
            "SELECT a.id, a.duplicate_of, a.published, s.event, s.story FROM articles AS a"
            " LEFT JOIN assignments AS s ON s.article_id = a.id ORDER BY a.id"
        ).fetchall()
        signatures = connection.execute("SELECT COUNT(*) FROM signatures").fetchone()[0]
    assert signatures == len(articles)  # an article and its signature are written in one transaction
    assert all(event and story for *_, event, story in articles)  # ... and its event and story
    return articles


def test_kill_at_any_moment_then_rerun_completes(tmp_path, articles_in):
    feed = tmp_path / "feed.jsonl"
    n = 4000
    _write_feed(feed, n)
    killed_db = tmp_path / "killed.db"
    counts = []
    for target in (1, 700, 1800):  # kill before the first commit, early, and in the middle
        process = _ingest(feed, killed_db)
        deadline = time.monotonic() + 120
        while process.poll() is None and articles_in(killed_db) < target and time.monotonic() < deadline:
            time.sleep(0.02)
        process.send_signal(signal.SIGKILL)
        process.wait()
        counts.append(len(_snapshot(killed_db)))
    assert counts[-1] < n, "the ingest finished before it could be killed; make the feed larger"
    assert counts == sorted(counts)

    finished = _ingest(feed, killed_db)
    assert finished.wait(timeout=300) == 2  # the malformed lines are rejected, the rest stored
    clean_db = tmp_path / "clean.db"
    assert _ingest(feed, clean_db).wait(timeout=300) == 2
    # the engine's snapshot lags behind a kill; replaying the stored features gives the same events
    assert _snapshot(killed_db) == _snapshot(clean_db)
    assert len(_snapshot(clean_db)) == n

"""``storyline watch`` and alerts: a running watch picks up a new entry and fires a matching alert;
back-off of a failing feed; alerts fire once, across restarts; ``alerts test``."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from storyline.cli import app
from storyline.errors import ConfigError
from storyline.fetch.alerts import load_alerts
from storyline.fetch.watch import Round, parse_every, read_feed_list, watch
from storyline.options import Options
from storyline.store import open_store

from .conftest import Route, Server, rss, serve_pages

runner = CliRunner()

ALERTS = """
[[alert]]
name = "wasser"
entity = "BUNDESTAG"
words = ["Trinkwasser", "Gemeinden"]
lang = "de"
min_articles = 1
output = "{output}"
"""


def test_parse_every() -> None:
    assert parse_every("30s") == 30 and parse_every("10m") == 600 and parse_every("1h") == 3600
    with pytest.raises(ConfigError):
        parse_every("soon")


def test_read_feed_list(tmp_path: Path) -> None:
    listed = tmp_path / "feeds.txt"
    listed.write_text("# news\nhttp://a.test/feed.xml\n\nhttps://b.test/atom  # b\n", "utf-8")
    assert read_feed_list(listed) == ["http://a.test/feed.xml", "https://b.test/atom"]
    listed.write_text("/etc/passwd\n", "utf-8")
    with pytest.raises(ConfigError, match="not an http"):
        read_feed_list(listed)


def test_load_alerts_checks_fields(tmp_path: Path) -> None:
    path = tmp_path / "alerts.toml"
    path.write_text(ALERTS.format(output="-"), "utf-8")
    (alert,) = load_alerts(path)
    assert (alert.entity, alert.words, alert.lang, alert.output) == (
        "BUNDESTAG",
        ("Trinkwasser", "Gemeinden"),
        "de",
        "-",
    )
    path.write_text('[[alert]]\nname = "x"\nmin_articles = 0\nlang = "de"\n', "utf-8")
    with pytest.raises(ConfigError, match="min_articles"):
        load_alerts(path)
    path.write_text('[[alert]]\nname = "x"\nwebhook = "file:///tmp/x"\nlang = "de"\n', "utf-8")
    with pytest.raises(ConfigError, match="webhook"):
        load_alerts(path)


def _wait_for(condition, seconds: float = 60.0) -> bool:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


def test_watch_picks_up_a_new_entry_and_fires_an_alert(server: Server, tmp_path: Path) -> None:
    items = serve_pages(server)
    server.routes["/feed.xml"] = Route(rss(items[1:]), "application/rss+xml")  # bridge and hafen first
    feeds = tmp_path / "feeds.txt"
    feeds.write_text(server.url("/feed.xml") + "\n", "utf-8")
    fired = tmp_path / "fired.jsonl"
    alerts = tmp_path / "alerts.toml"
    alerts.write_text(ALERTS.format(output=fired), "utf-8")
    db = tmp_path / "watch.db"
    command = [sys.executable, "-m", "storyline.cli", "watch", str(feeds), "--db", str(db), "--every", "1s"]
    command += ["--alerts", str(alerts), "--allow-private-urls", "--delay", "0"]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=os.environ)
    try:
        assert _wait_for(lambda: server.hits("/news/hafen.html") == 1), "the first round never fetched the pages"
        assert _wait_for(lambda: server.hits("/feed.xml") >= 2)  # a later round
        server.routes["/feed.xml"] = Route(rss(items), "application/rss+xml")  # the water law is added
        assert _wait_for(lambda: fired.exists() and fired.read_text("utf-8").strip() != ""), "no alert fired"
        process.send_signal(signal.SIGINT)
        _, errors = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 0, errors
    assert "round 1:" in errors and "stopped after" in errors
    (line,) = [json.loads(text) for text in fired.read_text("utf-8").splitlines()]
    assert line["alert"] == "wasser" and line["kind"] == "article"
    assert line["title"] == "Neues Gesetz zur Wasserversorgung beschlossen"
    assert line["matched"]["entity"] == "Bundestag" and line["story"]
    with open_store(db) as store:
        assert store.count() == 3
        assert server.hits("/news/hafen.html") == 1  # never fetched again
        (state,) = store.feed_states()
        assert state.failures == 0 and state.title == "Testzeitung"


def test_watch_once_backs_off_a_failing_feed_and_retries_a_webhook(server: Server, tmp_path: Path) -> None:
    items = serve_pages(server, ["/news/wasser.html"])
    server.routes["/feed.xml"] = Route(rss(items), "application/rss+xml")
    feeds = tmp_path / "feeds.txt"
    feeds.write_text(server.url("/feed.xml") + "\n" + server.url("/gone.xml") + "\n", "utf-8")
    alerts = tmp_path / "alerts.toml"
    alerts.write_text(f'[[alert]]\nname = "law"\nwords = ["Gesetz"]\nwebhook = "{server.url("/hook")}"\n', "utf-8")
    db = str(tmp_path / "w.db")
    args = ["watch", str(feeds), "--db", db, "--once", "--alerts", str(alerts), "--allow-private-urls"]
    with open_store(db) as store:  # the alert exists before the articles come
        store.record_fired("law", [], mark=0)
    first = runner.invoke(app, [*args, "--delay", "0"])
    assert first.exit_code == 0, first.output
    assert "HTTP 404" in first.stderr and "retried next round" in first.stderr  # feed gone, webhook 404
    with open_store(db) as store:
        gone = store.feed_state(server.url("/gone.xml"))
        assert gone is not None and gone.failures == 1 and gone.next_due > time.time() + 1
        assert store.count() == 1
    server.routes["/hook"] = Route(b"ok", "text/plain")
    second = runner.invoke(app, [*args, "--delay", "0", "--every", "1s"])
    assert second.exit_code == 0, second.output
    posted = [headers["body"] for method, path, headers in server.requests if path == "/hook" and method == "POST"]
    assert len(posted) == 2 and json.loads(posted[-1])["alert"] == "law"  # the failed one, delivered now
    third = runner.invoke(app, [*args, "--delay", "0"])
    assert third.exit_code == 0
    assert sum(1 for _, path, _ in server.requests if path == "/hook") == 2  # fired once only


def test_a_round_past_the_page_cap_leaves_the_rest_for_the_next_one(server: Server, tmp_path: Path) -> None:
    items = serve_pages(server)
    server.routes["/feed.xml"] = Route(rss(items), "application/rss+xml")
    options = Options(allow_private_urls=True, host_delay=0, feed_max_pages=2)
    rounds: list[Round] = []
    with open_store(tmp_path / "w.db") as store:
        for _ in range(2):
            watch(store, [server.url("/feed.xml")], options, every=0, on_round=rounds.append, once=True)
        assert store.count() == 3
    assert [(r.new_entries, r.deferred, r.stored) for r in rounds] == [(2, 1, 2), (1, 0, 1)]


def test_alerts_test_shows_what_would_fire(server: Server, tmp_path: Path) -> None:
    items = serve_pages(server)
    server.routes["/feed.xml"] = Route(rss(items), "application/rss+xml")
    db = str(tmp_path / "a.db")
    runner.invoke(app, ["ingest", server.url("/feed.xml"), "--db", db, "--allow-private-urls", "--delay", "0"])
    alerts = tmp_path / "alerts.toml"
    alerts.write_text(ALERTS.format(output="-") + '\n[[alert]]\nname = "bridge"\nwords = ["bridges"]\n', "utf-8")
    result = runner.invoke(app, ["alerts", "test", str(alerts), "--db", db])
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert sorted(line["alert"] for line in lines) == ["bridge", "wasser"]
    again = runner.invoke(app, ["alerts", "test", str(alerts), "--db", db])
    assert len(again.stdout.splitlines()) == len(lines)  # nothing was recorded

"""Feeds → articles: RSS and Atom, full content vs teaser, known entries skipped, failures as rejections,
and the ``storyline ingest URL`` command end to end against a local server."""

from __future__ import annotations

import json
from urllib.parse import urlsplit

from typer.testing import CliRunner

from storyline.cli import app
from storyline.fetch import Fetcher, is_url, poll
from storyline.model import Article, Rejected
from storyline.options import Options

from .conftest import Route, Server, atom, rss, serve_pages

OPEN = Options(allow_private_urls=True, host_delay=0)
runner = CliRunner()
LONG = "<p>" + " ".join(["Der Rat hat am Montag über den Haushalt beraten und keine Einigung erzielt."] * 15) + "</p>"


def nothing_known(ids: object) -> set[str]:
    return set()


def test_rss_entries_become_articles_with_page_titles_and_dates(server: Server) -> None:
    items = serve_pages(server)
    server.routes["/feed.xml"] = Route(rss(items), "application/rss+xml")
    with Fetcher(OPEN) as fetcher:
        polled = poll(server.url("/feed.xml"), fetcher, nothing_known)
    articles = [r for r in polled.records if isinstance(r, Article)]
    assert (polled.entries, polled.pages, polled.known) == (3, 3, 0)
    first = articles[0]
    assert first.title == "Neues Gesetz zur Wasserversorgung beschlossen"
    assert (first.published, first.published_precision) == ("2024-03-14T09:30+01:00", "minute")
    assert first.url == server.url("/news/wasser.html") and first.id.startswith("u-")
    assert first.meta["feed"] == server.url("/feed.xml") and first.meta["author"]
    assert first.source == "Testzeitung"  # the feed's title beats a bare host name
    assert polled.state.title == "Testzeitung" and polled.state.failures == 0


def test_atom_feed_with_full_content_fetches_no_page(server: Server) -> None:
    items = [{"title": "Haushalt ohne Einigung", "link": server.url("/nowhere.html"), "content": LONG}]
    server.routes["/atom.xml"] = Route(atom(items), "application/atom+xml")
    with Fetcher(OPEN) as fetcher:
        polled = poll(server.url("/atom.xml"), fetcher, nothing_known)
    (article,) = polled.records
    assert isinstance(article, Article) and polled.pages == 0
    assert article.title == "Haushalt ohne Einigung" and article.text.startswith("Der Rat hat am Montag")
    assert (article.published, article.published_precision) == ("2024-03-15T15:00+00:00", "minute")
    assert article.meta["author"] == "Desk" and article.source == "Test Gazette"
    assert server.hits("/nowhere.html") == 0


def test_a_teaser_is_not_the_article(server: Server) -> None:
    items = serve_pages(server, ["/news/bridge.html"])
    items[0]["content"] = "<p>The council voted.</p>"  # a teaser in content:encoded
    server.routes["/feed.xml"] = Route(rss(items), "application/rss+xml")
    with Fetcher(OPEN) as fetcher:
        polled = poll(server.url("/feed.xml"), fetcher, nothing_known)
    (article,) = polled.records
    assert isinstance(article, Article) and polled.pages == 1
    assert "Construction is expected to begin" in article.text


def test_known_entries_are_not_fetched(server: Server) -> None:
    items = serve_pages(server)
    server.routes["/feed.xml"] = Route(rss(items), "application/rss+xml")
    with Fetcher(OPEN) as fetcher:
        first = poll(server.url("/feed.xml"), fetcher, nothing_known)
        ids = {r.id for r in first.records if isinstance(r, Article)}
        again = poll(server.url("/feed.xml"), fetcher, lambda wanted: ids & set(wanted))
    assert (again.known, again.pages, again.records) == (3, 0, [])
    assert server.hits("/news/wasser.html") == 1


def test_a_failing_page_is_rejected_and_the_others_kept(server: Server) -> None:
    items = serve_pages(server)
    del server.routes["/news/bridge.html"]  # 404
    server.routes["/feed.xml"] = Route(rss(items), "application/rss+xml", etag='"v1"')
    with Fetcher(OPEN) as fetcher:
        polled = poll(server.url("/feed.xml"), fetcher, nothing_known)
    rejected = [r for r in polled.records if isinstance(r, Rejected)]
    assert len(rejected) == 1 and "HTTP 404" in rejected[0].reason
    assert rejected[0].source == server.url("/news/bridge.html")
    assert sum(isinstance(r, Article) for r in polled.records) == 2
    assert polled.state.etag is None  # the old validators are kept: the next poll reads the feed again


def test_robots_txt_keeps_disallowed_pages_unfetched_and_is_read_once(server: Server) -> None:
    items = serve_pages(server)
    disallowed = urlsplit(items[1]["link"]).path
    server.routes["/robots.txt"] = Route(
        f"User-agent: *\nAllow: /\n\nUser-agent: Storyline\nDisallow: {disallowed}\n".encode(), "text/plain"
    )
    server.routes["/feed.xml"] = Route(rss(items), "application/rss+xml")
    with Fetcher(OPEN) as fetcher:
        polled = poll(server.url("/feed.xml"), fetcher, nothing_known)
        again = poll(server.url("/feed.xml"), fetcher, nothing_known)
    for result in (polled, again):
        rejected = [r for r in result.records if isinstance(r, Rejected)]
        assert [r.source for r in rejected] == [items[1]["link"]]
        assert "robots.txt does not let Storyline fetch this page" in rejected[0].reason
        assert sum(isinstance(r, Article) for r in result.records) == 2
    assert server.hits(disallowed) == 0 and server.hits("/robots.txt") == 1  # read once per site
    # without respecting robots.txt (the user's choice), every page is fetched
    with Fetcher(Options(allow_private_urls=True, host_delay=0, respect_robots=False)) as fetcher:
        polled = poll(server.url("/feed.xml"), fetcher, nothing_known)
    assert sum(isinstance(r, Article) for r in polled.records) == 3 and server.hits(disallowed) == 1


def test_an_unreadable_robots_txt_allows_no_page_and_a_missing_one_all(server: Server) -> None:
    items = serve_pages(server)
    server.routes["/feed.xml"] = Route(rss(items), "application/rss+xml")
    server.routes["/robots.txt"] = Route(b"busy", "text/plain", status=503)
    with Fetcher(OPEN) as fetcher:
        polled = poll(server.url("/feed.xml"), fetcher, nothing_known)
    assert all(isinstance(r, Rejected) and "robots.txt cannot be read (HTTP 503)" in r.reason for r in polled.records)
    assert len(polled.records) == 3
    del server.routes["/robots.txt"]  # 404: no rules, every page allowed
    with Fetcher(OPEN) as fetcher:
        polled = poll(server.url("/feed.xml"), fetcher, nothing_known)
    assert sum(isinstance(r, Article) for r in polled.records) == 3


def test_pages_past_the_cap_wait_for_the_next_poll(server: Server) -> None:
    items = serve_pages(server)
    server.routes["/feed.xml"] = Route(rss(items), "application/rss+xml", etag='"v1"')
    capped = Options(allow_private_urls=True, host_delay=0, feed_max_pages=2)
    with Fetcher(capped) as fetcher:
        first = poll(server.url("/feed.xml"), fetcher, nothing_known)
        assert (first.pages, first.deferred, first.new) == (2, 1, 2)
        assert first.state.etag is None  # the next poll reads the whole feed again, not a 304
        stored = {r.id for r in first.records}
        second = poll(server.url("/feed.xml"), fetcher, lambda ids: stored & set(ids), first.state)
    assert (second.known, second.pages, second.deferred) == (2, 1, 0)
    assert [r.url for r in second.records] == [items[2]["link"]] and second.state.etag == '"v1"'


def test_refused_feed_is_one_rejection_and_a_back_off(server: Server) -> None:
    server.routes["/feed.xml"] = Route(rss([]), "application/rss+xml")
    with Fetcher(Options(host_delay=0)) as fetcher:
        polled = poll(server.url("/feed.xml"), fetcher, nothing_known, every=60, now=lambda: 1000.0)
    assert polled.error and "loopback" in polled.error
    assert polled.records == [Rejected(server.url("/feed.xml"), None, polled.error)]
    assert (polled.state.failures, polled.state.next_due) == (1, 1060.0)
    assert server.requests == []


def test_not_a_feed(server: Server) -> None:
    server.routes["/data.json"] = Route(b'{"a": 1}', "application/json")
    with Fetcher(OPEN) as fetcher:
        polled = poll(server.url("/data.json"), fetcher, nothing_known)
    assert polled.error and polled.error.startswith("not an RSS or Atom feed")


def test_a_page_url_is_one_article(server: Server) -> None:
    serve_pages(server, ["/news/hafen.html"])
    with Fetcher(OPEN) as fetcher:
        polled = poll(server.url("/news/hafen.html"), fetcher, nothing_known)
    (article,) = polled.records
    assert isinstance(article, Article) and article.title == "Streik im Hafen legt Verladung lahm"


def test_is_url() -> None:
    assert is_url("http://127.0.0.1:8000/feed.xml") and not is_url("./http")


def test_cli_ingest_of_a_local_feed(server: Server, tmp_path) -> None:  # type: ignore[no-untyped-def]
    items = serve_pages(server)
    server.routes["/feed.xml"] = Route(rss(items), "application/rss+xml", etag='"v1"')
    db = str(tmp_path / "s.db")
    feed = server.url("/feed.xml")
    first = runner.invoke(app, ["ingest", feed, "--db", db, "--allow-private-urls", "--delay", "0"])
    assert first.exit_code == 0, first.output
    assert "stored 3" in first.stdout
    stored = [json.loads(line) for line in runner.invoke(app, ["articles", "--db", db, "--json"]).stdout.splitlines()]
    assert {(a["title"], a["published"]) for a in stored} == {
        ("Neues Gesetz zur Wasserversorgung beschlossen", "2024-03-14T09:30+01:00"),
        ("City council approves new river bridge", "2024-03-15T14:05+00:00"),
        ("Streik im Hafen legt Verladung lahm", "2024-03-16T07:45+01:00"),
    }
    assert all(a["event"] and a["story"] for a in stored)
    pages_before = len(server.requests)
    second = runner.invoke(app, ["ingest", feed, "--db", db, "--allow-private-urls", "--delay", "0"])
    assert second.exit_code == 0, second.output
    assert server.statuses()[pages_before:] == ["/feed.xml"]  # only the feed, answered 304
    assert server.requests[-1][2]["if-none-match"] == '"v1"'
    # the same entries without validators: the feed is read, no page fetched again
    server.routes["/feed.xml"] = Route(rss(items), "application/rss+xml")
    third = runner.invoke(app, ["ingest", feed, "--db", db, "--allow-private-urls", "--delay", "0"])
    assert third.exit_code == 0 and "already stored 3" in third.stdout
    assert server.statuses()[pages_before:] == ["/feed.xml", "/feed.xml"]


def test_cli_ingest_obeys_robots_txt_unless_told_not_to(server: Server, tmp_path) -> None:  # type: ignore[no-untyped-def]
    items = serve_pages(server)
    server.routes["/robots.txt"] = Route(b"User-agent: *\nDisallow: /news/hafen.html\n", "text/plain")
    server.routes["/feed.xml"] = Route(rss(items), "application/rss+xml")
    db, feed = str(tmp_path / "s.db"), server.url("/feed.xml")
    first = runner.invoke(app, ["ingest", feed, "--db", db, "--allow-private-urls", "--delay", "0"])
    assert first.exit_code == 2 and "stored 2" in first.stdout  # 2: a record was rejected, and said why
    assert "robots.txt does not let Storyline fetch this page" in first.output
    assert server.hits("/news/hafen.html") == 0
    second = runner.invoke(app, ["ingest", feed, "--db", db, "--allow-private-urls", "--delay", "0", "--ignore-robots"])
    assert second.exit_code == 0 and "stored 1" in second.stdout
    assert server.hits("/news/hafen.html") == 1


def test_cli_ingest_mixes_files_and_urls(server: Server, tmp_path) -> None:  # type: ignore[no-untyped-def]
    serve_pages(server, ["/news/bridge.html"])
    note = tmp_path / "note.txt"
    note.write_text("Die Stadtbibliothek verlängert ihre Öffnungszeiten am Wochenende bis zum Abend.", "utf-8")
    db = str(tmp_path / "s.db")
    args = ["ingest", str(note), server.url("/news/bridge.html"), "--db", db, "--delay", "0"]
    result = runner.invoke(app, [*args, "--allow-private-urls"])
    assert result.exit_code == 0, result.output
    assert "stored 2" in result.stdout


def test_cli_refuses_a_loopback_feed_without_the_flag(server: Server, tmp_path) -> None:  # type: ignore[no-untyped-def]
    server.routes["/feed.xml"] = Route(rss(serve_pages(server)), "application/rss+xml")
    result = runner.invoke(app, ["ingest", server.url("/feed.xml"), "--db", str(tmp_path / "s.db")])
    assert result.exit_code == 2  # a rejection, not a crash
    assert "refused" in result.stderr and "--allow-private-urls" in result.stderr
    assert server.requests == []

"""The store contract: every test runs on each store (SQLite, PostgreSQL) and expects the same answers.

The PostgreSQL runs need a server (see ``conftest.py``): skipped without one, required in CI
(``STORYLINE_REQUIRE_PG=1``).
"""

from __future__ import annotations

import json
import multiprocessing
import threading

import pytest

from storyline.errors import StoreBusyError, StoreError
from storyline.model import Analyzed, Article
from storyline.search import fts_query, index_terms
from storyline.store import ArticleStore, DigestStore, EngineStateStore, FeedState, FeedStore, Store, open_store

pytestmark = pytest.mark.store_contract


class _Features:
    def __init__(self, value):
        self.value = value

    def to_dict(self):
        return {"value": self.value}


def _item(i, duplicate_of=None, title="T", text=None, features=None, lang="de", input_hash=None):
    text = text if text is not None else f"Text {i}"
    article = Article(
        id=f"a{i}",
        text=text,
        title=title,
        published="2016-08",
        published_precision="month",
        lang=lang,
        meta={"path": "x.txt", "extra": [1, 2], "umlaut": "Käse"},
    )
    return Analyzed(
        article=article,
        signature=bytes(range(i % 200, i % 200 + 32)),
        duplicate_of=duplicate_of,
        features=_Features(i) if features else None,
        search=(index_terms(title, lang), index_terms(text, lang)),
        input_hash=input_hash,
    )


def test_round_trip_and_idempotent_add(store_url):
    with open_store(store_url) as store:
        for role in (Store, ArticleStore, EngineStateStore, DigestStore, FeedStore):
            assert isinstance(store, role)
        assert store.writable and store.count() == 0 and store.last_seq() == 0
        assert store.add([_item(1), _item(2, duplicate_of="a1")]) == 2
        first_seq = store.last_seq()
        assert store.add([_item(1), _item(3), _item(3)]) == 1  # stored ids and repeats in a batch are skipped
        assert store.last_seq() > first_seq
        assert store.count() == 3
        assert store.existing(["a1", "zz", "a3"]) == {"a1", "a3"} and store.existing([]) == set()
        stored = store.get("a2")
        assert stored.duplicate_of == "a1"
        assert stored.article.meta == {"path": "x.txt", "extra": [1, 2], "umlaut": "Käse"}
        assert stored.to_dict()["published"] == "2016-08" and stored.article.published_precision == "month"
        assert [a.article.id for a in store.articles()] == ["a1", "a2", "a3"]
        seqs = [a.seq for a in store.articles()]
        assert seqs == sorted(seqs) and len(set(seqs)) == 3  # the store numbers arrivals
        assert [a.article.id for a in store.articles_after(seqs[0], 10)] == ["a2", "a3"]
        assert [a.article.id for a in store.articles_after(seqs[0], 1)] == ["a2"]
        assert [(i, s, d) for i, s, d in store.recent_signatures(2)] == [
            ("a2", bytes(range(2, 34)), "a1"),
            ("a3", bytes(range(3, 35)), None),
        ]
        assert store.get("missing") is None
    with open_store(store_url) as again:  # what was committed is there for the next process
        assert again.count() == 3 and again.get("a1").article.text == "Text 1"


def test_input_hashes(store_url):
    with open_store(store_url) as store:
        store.add([_item(1, input_hash="h1"), _item(2)])
        assert store.input_hashes(["a1", "a2", "a9"]) == {"a1": "h1", "a2": None}
        assert store.input_hashes([]) == {}


def test_id_counters_move_only_from_what_the_writer_saw(store_url):
    with open_store(store_url) as one, open_store(store_url) as two:
        assert one.id_counters() == {}
        one.add([_item(1)], ids={"e": (0, 3), "s": (0, 2)})
        assert two.id_counters() == {"e": 3, "s": 2}
        with pytest.raises(StoreError, match="another process"):  # two numbered from the same start
            two.add([_item(2)], ids={"e": (0, 1), "s": (0, 1)})
        assert two.count() == 1  # nothing of the refused batch was written
        two.add([_item(2)], ids={"e": (3, 4), "s": (2, 2)})
        assert one.id_counters() == {"e": 4, "s": 2}


def test_writer_lock_is_one_writer_at_a_time_reentrant_and_waits(store_url):
    with open_store(store_url) as one, open_store(store_url) as two:
        with one.writer():
            with one.writer():  # nested: the same holder
                pass
            waited = []
            with pytest.raises(StoreBusyError, match="another ingest"), two.writer(wait=False, on_wait=waited.append):
                pass
            assert waited == []
            assert two.count() == 0  # readers never wait for the writer
            one.add([_item(1)])  # the holder writes
        with two.writer(wait=False):  # released at the end of the outer block
            pass
        # a waiting writer is told who holds the lock, and gets it when it is released
        held, got = threading.Event(), threading.Event()
        holders: list[str] = []

        def wait_for_it():
            with two.writer(on_wait=lambda holder: (holders.append(holder), held.set())):
                got.set()

        with one.writer():
            waiter = threading.Thread(target=wait_for_it)
            waiter.start()
            assert held.wait(10)
            assert not got.is_set()
        waiter.join(10)
        assert got.is_set() and holders and holders[0]


def _assign(store, items, groups, redirects=None, state=None):
    """Store ``items`` with ``groups``: article number -> (event, story)."""
    assignments = {f"a{i}": (e, s, 0.5, 0.25) for i, (e, s) in groups.items()}
    return store.add(items, assignments, redirects, state)


def test_merges_resolve_in_one_place(store_url):
    with open_store(store_url) as store:
        _assign(store, [_item(1), _item(2), _item(3)], {1: ("e1", "s1"), 2: ("e2", "s2"), 3: ("e3", "s3")})
        # e2 merged into e1, s2 into s3, then s3 into s1: chains are followed
        _assign(store, [_item(4)], {4: ("e1", "s1")}, redirects={"e2": "e1", "s2": "s3"})
        _assign(store, [], {}, redirects={"s3": "s1"})
        assert store.redirects() == {"e2": "e1", "s2": "s3", "s3": "s1"}
        assert store.live_group("s2") == "s1" and store.live_group("e3") == "e3" and store.live_group("zz") == "zz"
        assert store.groups_of("a2") == ("e1", "s1")
        assert store.groups_of("a2", as_assigned=True) == ("e2", "s2")
        assert store.groups_of("missing") is None
        stored = store.get("a2")
        assert (stored.event, stored.story) == ("e1", "s1")
        assert [(a.article.id, a.story) for a in store.articles()] == [(f"a{i}", "s1") for i in range(1, 5)]
        members = list(store.members(story="s1"))
        assert [(m.article.id, m.event, m.story) for m, _ in members] == [
            ("a1", "e1", "s1"),
            ("a2", "e1", "s1"),
            ("a3", "e3", "s1"),
            ("a4", "e1", "s1"),
        ]
        assert members[0][0].event_score == 0.5 and members[0][0].story_score == 0.25
        assert members[0][0].ingested_at
        assert [m.article.id for m, _ in store.members(story="s2")] == ["a1", "a2", "a3", "a4"]  # lives on as s1
        assert [m.article.id for m, _ in store.members(event="e1")] == ["a1", "a2", "a4"]
        assert [m.article.id for m, _ in store.members()] == ["a1", "a2", "a3", "a4"]
        assert store.story_of_event("e2") == "s1" and store.story_of_event("nope") is None
        newest = store.last_seq()
        assert store.story_version("s1") == f"4:{newest}"
        assert store.story_versions() == {"s1": f"4:{newest}:3"}
        with pytest.raises(ValueError):
            list(store.members(story="s1", event="e1"))


def test_engine_state_and_features_after(store_url):
    with open_store(store_url) as store:
        assert store.engine_state() is None
        _assign(store, [_item(1, features=True), _item(2, features=True)], {1: ("e1", "s1"), 2: ("e1", "s1")})
        checkpoint = store.last_seq()
        _assign(store, [_item(3, features=True)], {3: ("e2", "s2")}, state=b"\x00snapshot\xff")
        assert store.engine_state() == (store.last_seq(), b"\x00snapshot\xff")
        # a copy placed without features of its own, and an article the engine never saw
        _assign(store, [_item(4, duplicate_of="a3"), _item(5)], {4: ("e2", "s2")})
        replay = list(store.features_after(checkpoint))
        assert [(r[1], r[2], r[3]) for r in replay] == [("a3", None, {"value": 3}), ("a4", "a3", None)]
        assert replay[0][4:] == ("2016-08", "month")
        assert [r[1] for r in store.features_after(0)] == ["a1", "a2", "a3", "a4"]
        assert store.recent_features(2) == [{"value": 3}, {"value": 3}]  # a4 has its original's
        assert store.recent_features(10) == [{"value": 3}, {"value": 3}, {"value": 2}, {"value": 1}]
        members = dict((m.article.id, f) for m, f in store.members(story="s2"))
        assert members == {"a3": {"value": 3}, "a4": {"value": 3}}


def test_members_read_what_copies_share_once(store_url, monkeypatch):
    with open_store(store_url) as store:
        _assign(store, [_item(1, features=True), _item(2, features=True)], {1: ("e1", "s1"), 2: ("e2", "s2")})
        # a5 is a copy of a1 in the same story; a6 a copy of a2 placed in s1, its original elsewhere
        copies = [_item(5, duplicate_of="a1", text="Text 1, changed"), _item(6, duplicate_of="a2", text="Own 6")]
        _assign(store, copies, {5: ("e1", "s1"), 6: ("e1", "s1")})
        members = {m.article.id: (m, f) for m, f in store.members(story="s1")}
        assert list(members) == ["a1", "a5", "a6"]
        # the copy carries its original's text and the very same features dict: read once
        assert members["a5"][0].article.text == "Text 1"
        assert members["a5"][1] is members["a1"][1] and members["a5"][1] == {"value": 1}
        assert members["a6"][0].article.text == "Own 6" and members["a6"][1] == {"value": 2}
        assert store.get("a5").article.text == "Text 1, changed"  # its own text is kept and read by get()
        assert members["a5"][0].duplicate_of == "a1" and members["a5"][0].article.meta["umlaut"] == "Käse"
        # chunks of rows: a copy whose original was read in an earlier chunk still shares its text
        monkeypatch.setattr("storyline.store.sqlite._MEMBER_CHUNK", 1)
        again = {m.article.id: (m.article.text, f) for m, f in store.members(story="s1")}
        assert again == {k: (m.article.text, f) for k, (m, f) in members.items()}


def test_digests_cache(store_url):
    with open_store(store_url) as store:
        assert store.digests() == {}
        store.save_digests({"s1": ("1:1:0", '{"title": "Ä"}'), "s2": ("2:5:0", "{}")})
        store.save_digests({"s1": ("2:7:0", '{"title": "B"}')})
        assert store.digests() == {"s1": ("2:7:0", '{"title": "B"}'), "s2": ("2:5:0", "{}")}


def _story(story, sort_day, count, lang, title, body, entities=(), first_day=None):
    return {
        "story": story,
        "version": f"{count}:1",
        "sort_day": sort_day,
        "first_day": first_day if first_day is not None else sort_day,
        "last_day": sort_day,
        "article_count": count,
        "lang": lang,
        "header": json.dumps({"id": story, "title": title}),
        "data": json.dumps({"id": story, "title": title, "summary": [body]}),
        "volume": json.dumps({sort_day: count}),
        "entities": list(entities),
        "search": (index_terms(title, lang), index_terms(body, lang)),
    }


_STORIES = [
    _story(
        "s1",
        "2024-03-02",
        5,
        "de",
        "Wahl in Berlin",
        "Die Berliner Senatorin spricht über Gespräche",
        [
            (
                "katrin oberlander",
                "Katrin Oberländer",
                "person",
                ["K. Oberländer"],
                3,
                ["katrin oberlander", "oberlander"],
            )
        ],
    ),
    _story("s2", "2024-03-02", 2, "en", "Paris talks", "Ministers met in Paris; Berlin sent an envoy"),
    _story(
        "s3",
        "2024-02-10",
        9,
        "en",
        "Flood in Dresden",
        "The river rose",
        [("dresden", "Dresden", "place", [], 4, ["dresden"])],
        first_day="",
    ),
]


def _ids(rows):
    return [row[2] for row in rows]


def test_publish_story_pages_entities_and_search(store_url):
    with open_store(store_url) as store:
        assert store.published_count() == 0 and store.story_page(10) == []
        store.publish(_STORIES)
        assert store.published_count() == 3
        assert store.published("s1")[0] == "5:1" and store.published("zz") is None
        rows = store.story_page(10)
        assert _ids(rows) == ["s1", "s2", "s3"]  # newest day first, then more articles
        assert rows[0] == ("2024-03-02", 5, "s1", _STORIES[0]["header"], "{}")
        assert store.story_page(10, with_volume=True)[0][4] == _STORIES[0]["volume"]
        assert _ids(store.story_page(1, after=rows[0][:3])) == ["s2"]
        assert _ids(store.story_page(10, after=rows[1][:3])) == ["s3"]
        assert _ids(store.story_page(10, lang="en")) == ["s2", "s3"]
        assert _ids(store.story_page(10, since="2024-03-01")) == ["s1", "s2"]
        assert _ids(store.story_page(10, until="2024-03-01")) == []  # s3 is undated: not known to be early
        assert _ids(store.story_page(10, until="2024-03-02")) == ["s1", "s2"]
        assert _ids(store.story_page(10, entity_keys=["oberlander"])) == ["s1"]
        assert _ids(store.story_page(10, match=fts_query("Berlin"))) == ["s1", "s2"]
        assert _ids(store.story_page(10, match=fts_query("Berlin OR Dresden"))) == ["s1", "s2", "s3"]
        assert _ids(store.story_page(10, match=fts_query("Berlin Paris"))) == ["s2"]
        assert _ids(store.story_page(10, match=fts_query("Gespräche"), lang="de")) == ["s1"]
        assert store.headers(["s2", "s3", "zz"]) == {"s2": _STORIES[1]["header"], "s3": _STORIES[2]["header"]}
        assert store.headers([]) == {}
        # entities: by any alias key, or by a prefix of one
        rows = store.entities(["oberlander"], None, 10)
        assert [(r[0], r[1], r[2], r[3], json.loads(r[4]), r[5]) for r in rows] == [
            ("katrin oberlander", "s1", "Katrin Oberländer", "person", ["K. Oberländer"], 3)
        ]
        assert [r[0] for r in store.entities([], "dres", 10)] == ["dresden"]
        assert store.entities([], None, 10) == [] and store.entities(["nobody"], None, 10) == []
        # stories: the title weighs more than the text
        found = store.search_stories(fts_query("Berlin"), 10)
        assert [f[1] for f in found] == ["s1", "s2"] and all(f[0] < 0 for f in found)
        assert json.loads(found[0][2])["title"] == "Wahl in Berlin"
        assert store.search_stories(fts_query("Tokio"), 10) == []
        # republishing replaces; a story merged away is dropped
        store.publish([_story("s1", "2024-03-05", 6, "de", "Wahl in Berlin", "neu")], gone=["s2"])
        assert _ids(store.story_page(10)) == ["s1", "s3"] and store.published("s1")[0] == "6:1"
        assert _ids(store.story_page(10, match=fts_query("Paris"))) == []
        assert _ids(store.story_page(10, match=fts_query("Gespräche"))) == []


def test_article_search_ranks_titles_first(store_url):
    with open_store(store_url) as store:
        store.add(
            [
                _item(1, title="Flooding in Dresden", text="The river rose overnight", lang="en"),
                _item(2, title="Weather", text="Storms and flooding expected along the coast", lang="en"),
                _item(3, title="Markets", text="Shares rose", lang="en"),
            ]
        )
        _assign(store, [], {})
        found = store.search_articles(fts_query("floods"), 10)
        assert [row[2] for row in found] == ["a1", "a2"]
        rank, seq, article_id, title, text, lang, published, precision, event, story = found[0]
        assert rank < 0 and (title, lang, published, precision) == ("Flooding in Dresden", "en", "2016-08", "month")
        assert event is None and story is None
        assert [row[2] for row in store.search_articles(fts_query("flood"), 1)] == ["a1"]
        assert store.search_articles(fts_query("Tokio"), 10) == []
        assert store.unindexed_articles(10) == []


def test_articles_stored_without_index_terms_are_indexed_later(store_url):
    with open_store(store_url) as store:
        plain = _item(1, title="Wahl", text="Berlin wählt")
        store.add([Analyzed(article=plain.article, signature=plain.signature)])
        missing = store.unindexed_articles(10)
        assert [(seq, title, text, lang) for seq, title, text, lang in missing] == [
            (store.last_seq(), "Wahl", "Berlin wählt", "de")
        ]
        store.publish([], (), [(missing[0][0], index_terms("Wahl", "de"), index_terms("Berlin wählt", "de"))])
        assert store.unindexed_articles(10) == []
        assert [row[2] for row in store.search_articles(fts_query("Wahl"), 5)] == ["a1"]


def test_unpublished_after_merges(store_url):
    with open_store(store_url) as store:
        _assign(store, [_item(1), _item(2)], {1: ("e1", "s1"), 2: ("e2", "s2")})
        versions = store.unpublished()
        assert set(versions) == {"s1", "s2"} and versions["s1"] == store.story_version("s1")
        store.publish([_story(s, "2024-01-01", 1, "de", "T", "b") | {"version": v} for s, v in versions.items()])
        assert store.unpublished() == {}
        _assign(store, [_item(3)], {3: ("e1", "s1")}, redirects={"s2": "s1"})
        stale = store.unpublished()
        assert stale == {"s1": store.story_version("s1"), "s2": None}  # s1 grew; s2 lives on as s1
        assert store.story_version("s1").startswith("3:")


def test_feeds_and_alerts(store_url):
    with open_store(store_url) as store:
        assert store.feed_state("https://b.example/rss") is None and store.feed_states() == []
        state = FeedState(
            "https://b.example/rss", "B", '"etag"', "Mon, 01 Jan 2024", 1700000000.5, 2, 1700003600.0, "timeout"
        )
        store.save_feed_state(state)
        store.save_feed_state(FeedState("https://a.example/rss"))
        assert store.feed_state("https://b.example/rss") == state
        assert [s.url for s in store.feed_states()] == ["https://a.example/rss", "https://b.example/rss"]
        store.save_feed_state(FeedState("https://b.example/rss", failures=0, next_due=5.0))
        assert store.feed_state("https://b.example/rss") == FeedState("https://b.example/rss", next_due=5.0)
        assert store.alert_mark("berlin") is None
        store.record_fired("berlin", [], mark=7)
        assert store.alert_mark("berlin") == 7
        store.record_fired("berlin", ["article:a1", "story:s1:3:9"])
        store.record_fired("berlin", ["article:a1"], mark=9)  # firing twice is remembered once
        assert store.fired("berlin", ["article:a1", "article:a2", "story:s1:3:9"]) == {"article:a1", "story:s1:3:9"}
        assert store.fired("other", ["article:a1"]) == set() and store.fired("berlin", []) == set()
        assert store.alert_mark("berlin") == 9


def test_read_only_store_reads_and_refuses_writes(store_url):
    with open_store(store_url) as store:
        store.add([_item(1)])
    with open_store(store_url, readonly=True) as store:
        assert not store.writable
        assert store.count() == 1 and store.get("a1") is not None
        with pytest.raises(StoreError, match="read-only"):
            store.add([_item(2)])
        with pytest.raises(StoreError, match="read-only"), store.writer():
            pass


def _open_new(url):
    with open_store(url) as store:
        return store.schema_version


def test_processes_creating_one_store_at_once_create_its_schema_once(store_url):
    with multiprocessing.get_context("spawn").Pool(4) as pool:
        versions = pool.map(_open_new, [store_url] * 4)
    with open_store(store_url) as store:
        assert versions == [store.schema_version] * 4 and store.schema_version >= 1
        store.add([_item(1)])
        assert store.count() == 1


def _ingested(url, stream):
    from storyline.digest import digests
    from storyline.digest.publish import publish
    from storyline.options import Options
    from storyline.tracker import Storyline

    with Storyline(url, Options(workers=1)) as tracker:
        tracker.ingest(stream)
        assigned = {s.article.id: (s.event, s.story) for s in tracker.stored()}
        headers = [story.header() for story in digests(tracker.store, complete=False)]
        publish(tracker.store)
        page = tracker.store.story_page(1000)
        found = [row[1:3] for row in tracker.store.search_articles(fts_query("minister"), 20)]
    return assigned, headers, page, found


@pytest.mark.slow
def test_a_stream_ingested_into_sqlite_and_postgresql_gives_the_same_stories(tmp_path, pg_databases, test_data):
    stream = test_data / "streams" / "world_en.jsonl"
    on_sqlite = _ingested(f"sqlite:///{tmp_path / 'e2e.db'}", stream)
    on_postgres = _ingested(pg_databases.new(), stream)
    assigned, headers, page, found = on_sqlite
    assert len(assigned) > 50 and len(set(assigned.values())) > 5 and headers and page and found
    assert on_postgres[0] == assigned  # id -> (event, story)
    assert on_postgres[1] == headers  # stories --json
    assert on_postgres[2] == page  # the published list, as served
    assert {row[1] for row in on_postgres[3]} == {row[1] for row in found}  # the same articles found


def test_a_postgresql_role_without_write_rights_opens_the_store_read_only(pg_databases):
    import psycopg

    url = pg_databases.new()
    with open_store(url) as store:
        store.add([_item(1)])
    role = f"reader_{url.rsplit('_', 2)[-2]}"
    try:
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(f"CREATE ROLE {role} LOGIN")
            conn.execute(f"GRANT SELECT ON ALL TABLES IN SCHEMA public TO {role}")
            conn.execute(f"REVOKE CREATE ON SCHEMA public FROM {role}, PUBLIC")
    except psycopg.Error as error:
        pytest.skip(f"cannot create a role on this server: {error}")
    scheme, rest = url.split("://", 1)
    as_reader = f"{scheme}://{role}@{rest.split('@', 1)[-1]}"
    try:
        with open_store(as_reader) as store:
            assert not store.writable and store.count() == 1 and store.get("a1") is not None
            with pytest.raises(StoreError, match="read-only"):
                store.add([_item(2)])
    finally:
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(f"REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {role}")
            conn.execute(f"DROP OWNED BY {role}")
            conn.execute(f"DROP ROLE {role}")


def test_an_unreachable_or_foreign_postgresql_database_raises_store_error(pg_databases):
    import psycopg

    with pytest.raises(StoreError, match="cannot open store"):
        open_store("postgresql://nobody:secret@127.0.0.1:1/none")
    url = pg_databases.new()
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("CREATE TABLE articles (x int)")
    with pytest.raises(StoreError, match="not a Storyline store"):
        open_store(url)
    with pytest.raises(StoreError, match="no store"):
        open_store(pg_databases.new(), readonly=True)


def test_fts5_expressions_become_tsqueries():
    from storyline.store.postgres import tsquery

    assert tsquery('"a"') == "'a'"
    assert tsquery('("a" OR "b") AND "c"') == "('a' | 'b') & 'c'"
    assert tsquery('"a" NOT "b"') == "'a' & !'b'"
    assert tsquery('"it""s"*') == "'it\"s':*"
    assert tsquery("x y*") == "'x' & 'y':*"
    assert tsquery('"o\'neil"') == "'o''neil'"
    with pytest.raises(StoreError):
        tsquery('""')

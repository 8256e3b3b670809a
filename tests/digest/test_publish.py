"""Publishing: each ingest batch leaves the stories it touched published, so that reads never compute."""

from __future__ import annotations

import gc
import json

import pytest

from storyline import Options
from storyline.digest import digest
from storyline.digest import publish as publish_module
from storyline.digest.members import background
from storyline.digest.publish import DigestJob, aliases, digest_row, publish
from storyline.model import Article
from storyline.pipeline import Pipeline
from storyline.search import fts_query
from storyline.store import open_store


def _articles() -> list[Article]:
    # written for this test
    return [
        Article(
            id="p1",
            title="Fährverbindung Kiel–Oslo fällt wegen Sturm aus",
            text="Die Reederei Nordlicht hat alle Fahrten zwischen Kiel und Oslo am Montag gestrichen. "
            "Orkanböen von bis zu 120 Kilometern pro Stunde machten das Auslaufen unmöglich, sagte "
            "Sprecherin Ingrid Halvorsen.",
            published="2025-01-13",
            published_precision="day",
        ),
        Article(
            id="p2",
            title="Sturm: Nordlicht-Fähren bleiben auch am Dienstag im Hafen",
            text="Auch am Dienstag fahren keine Fähren der Reederei Nordlicht zwischen Kiel und Oslo. "
            "Sprecherin Ingrid Halvorsen sagte, der Sturm über dem Skagerrak lasse erst am Mittwoch nach.",
            published="2025-01-14",
            published_precision="day",
        ),
        Article(
            id="p3",
            title="Stadtrat Graz beschließt neues Radwegenetz",
            text="Der Grazer Gemeinderat hat am Donnerstag ein Netz von 40 Kilometern neuer Radwege beschlossen. "
            "Bürgermeisterin Elke Kahr sprach von einem großen Schritt.",
            published="2025-01-16",
            published_precision="day",
        ),
    ]


@pytest.fixture()
def store():
    with open_store("memory://") as opened:
        yield opened


def test_ingest_publishes_what_it_touched(store):
    with Pipeline(store, Options(workers=1)) as pipeline:
        pipeline.ingest(_articles())
    assert store.unpublished() == {}
    rows = store.story_page(10)
    assert {json.loads(header)["article_count"] for *_, header, _ in rows} == {2, 1}
    live = store.get("p1").story
    version, data = store.published(live)
    assert version == store.story_version(live)
    assert json.loads(data) == json.loads(json.dumps(digest(store, live).to_dict()))
    assert store.search_articles(fts_query("Fähre"), 10)  # folded and stemmed: Fähren / Fährverbindung
    assert [r[2] for r in store.search_articles(fts_query("Radwege Graz"), 10)] == ["p3"]


def test_publish_after_a_stale_ingest_catches_up(store):
    with Pipeline(store, Options(workers=1, publish=False)) as pipeline:
        pipeline.ingest(_articles())
    assert len(store.unpublished()) == 2
    assert publish(store) == 2
    assert store.unpublished() == {}
    assert publish(store) == 0  # nothing to do twice


def test_publish_pauses_the_cycle_collector_and_gives_it_back_as_it_was(store, monkeypatch):
    with Pipeline(store, Options(workers=1, publish=False)) as pipeline:
        pipeline.ingest(_articles())
    seen = []
    build = publish_module.build
    monkeypatch.setattr(publish_module, "build", lambda *a, **k: (seen.append(gc.isenabled()), build(*a, **k))[1])
    assert gc.isenabled()
    assert publish(store) == 2 and seen == [False, False] and gc.isenabled()
    gc.disable()  # a caller that runs without it keeps running without it
    try:
        publish(store, [store.get("p1").story])
        assert not gc.isenabled()
    finally:
        gc.enable()
    monkeypatch.setattr(publish_module, "build", lambda *a, **k: 1 / 0)
    with pytest.raises(ZeroDivisionError):  # and after an error too
        publish(store, [store.get("p1").story])
    assert gc.isenabled()


def test_publish_writes_its_digests_in_bounded_batches(store, monkeypatch):
    with Pipeline(store, Options(workers=1, publish=False)) as pipeline:
        pipeline.ingest(_articles())
    writes = []
    write = store.publish
    monkeypatch.setattr(store, "publish", lambda rows, *a: (writes.append(len(rows)), write(rows, *a))[1])
    monkeypatch.setattr(publish_module, "WRITE_BYTES", 1)  # every digest is over the size bound
    assert publish(store) == 2
    assert writes == [1, 1, 0] and store.unpublished() == {}


def test_digest_reads_the_published_story_instead_of_computing(store, monkeypatch):
    with Pipeline(store, Options(workers=1)) as pipeline:
        pipeline.ingest(_articles())
    live = store.get("p1").story

    def fail(*args, **kwargs):
        raise AssertionError("computed a digest that was published")

    monkeypatch.setattr("storyline.digest.story.build", fail)
    assert digest(store, live).title


def test_a_merged_story_is_unpublished_with_its_entities(store):
    with Pipeline(store, Options(workers=1)) as pipeline:
        pipeline.ingest(_articles())
    a, b = store.get("p1").story, store.get("p3").story
    store._db.execute("UPDATE assignments SET story = ? WHERE story = ?", (a, b))
    store._db.execute("INSERT INTO redirects (old, new) VALUES (?, ?)", (b, a))
    publish(store, [b])
    assert store.published(b) is None
    assert b not in {row[1] for row in store.entities(["graz"], None, 10)}
    assert json.loads(store.published(a)[1])["article_count"] == 3


def test_entity_aliases_cover_spellings_and_surnames():
    found = aliases("halvorsen", ["Ingrid Halvorsen", "Halvorsen"])
    assert {"halvorsen", "ingridhalvorsen", "ingrid"} <= found


def test_publish_interval_defers_but_the_end_of_an_ingest_always_publishes(store, monkeypatch):
    calls = []
    real = publish_module.publish
    monkeypatch.setattr(
        "storyline.pipeline.publish",
        lambda s, stories, *rest, **kw: calls.append(list(stories)) or real(s, stories, *rest, **kw),
    )
    with Pipeline(store, Options(workers=1, batch_size=1, publish_every=3600)) as pipeline:
        pipeline.ingest(_articles())
    assert len(calls) == 1 and len(calls[0]) == 2  # one publish, at the end, of both stories


def test_a_large_story_is_published_again_once_it_has_grown(store, monkeypatch):
    # publishing reads all of a story's articles: republished with every batch, a story that grows
    # with the stream would make each article dearer than the one before
    monkeypatch.setattr("storyline.pipeline.PUBLISH_PAUSE", 0.0)
    monkeypatch.setattr("storyline.pipeline._CHUNK", 1)  # a batch (of one) per article
    monkeypatch.setattr("storyline.pipeline.REPUBLISH_FROM", 2)
    monkeypatch.setattr("storyline.pipeline.REPUBLISH_GROWTH", 1.0)  # again when it has doubled
    sizes: list[int] = []
    real = publish_module.publish

    def recorded(s, stories, *rest, on_published=None, **kw):
        def seen(story, articles):
            sizes.append(articles)
            on_published(story, articles)

        return real(s, stories, *rest, on_published=seen, **kw)

    monkeypatch.setattr("storyline.pipeline.publish", recorded)
    first = _articles()[0]
    copies = [Article(id=f"c{i}", title=first.title, text=first.text, published=first.published) for i in range(6)]
    with Pipeline(store, Options(workers=1, batch_size=1, publish_every=0)) as pipeline:
        pipeline.ingest([first, *copies])
    assert sizes == [1, 2, 4, 7]  # 3, 5 and 6 articles waited; the input's end publishes what waited
    live = store.get("p1").story
    assert store.published(live)[0] == store.story_version(live)
    assert json.loads(store.published(live)[1])["article_count"] == 7


def test_a_digest_job_builds_in_its_own_read_only_store_the_rows_the_writer_would(tmp_path):
    # what an executor's worker runs: it opens the store itself, and the writer writes what it returns
    with open_store(tmp_path / "job.db") as store:
        with Pipeline(store, Options(workers=1, publish=False)) as pipeline:
            pipeline.ingest(_articles())
        stories = sorted({store.get(a.id).story for a in _articles()})
        common = background(store)
        expected = [digest_row(store, story, common) for story in stories]
        done = DigestJob(store.url)([*stories, stories[0], "s999"])  # a story named twice; one without articles
        assert [row["data"] for row in done.rows] == [row["data"] for row in expected]
        assert [row["version"] for row in done.rows] == [store.story_version(s) for s in stories]
        assert done.gone == ["s999"]
        store.publish(done.rows, done.gone)
        assert store.unpublished() == {}


def test_a_digest_job_hands_back_unread_the_stories_over_its_limit(tmp_path):
    with open_store(tmp_path / "limit.db") as store:
        with Pipeline(store, Options(workers=1, publish=False)) as pipeline:
            pipeline.ingest(_articles())
        sizes = {}
        for article in _articles():
            story = store.get(article.id).story
            sizes[story] = sizes.get(story, 0) + 1
        small = min(sizes.values())
        assert max(sizes.values()) > small  # (the fixture has stories of different sizes)
        done = DigestJob(store.url, limit=small)(sorted(sizes))
        assert sorted(done.declined) == sorted(story for story, n in sizes.items() if n > small)
        assert sorted(row["story"] for row in done.rows) == sorted(story for story, n in sizes.items() if n <= small)
        assert all(row["article_count"] <= small for row in done.rows) and done.gone == []


def test_a_memory_store_cannot_be_opened_by_another_process():
    with open_store("memory://") as store:
        assert store.url is None  # (an ingest into it builds its digests itself)

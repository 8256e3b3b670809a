"""Digests of stories in a real store: the built-in demo corpus (written for this project)."""

import json

import pytest

from storyline import Storyline
from storyline.cli import DEMO_DIR
from storyline.digest import NotFound, digest, digests, select
from storyline.model import Article


@pytest.fixture(scope="module")
def demo_store(tmp_path_factory):
    db = tmp_path_factory.mktemp("demo") / "demo.db"
    with Storyline(db) as tracker:
        tracker.ingest(DEMO_DIR)
    return db


def _story_naming(stories, name):
    return next(s for s in stories if any(a.name == name or name in a.variants for a in s.entities))


def test_every_story_has_all_products(demo_store):
    with Storyline(demo_store) as tracker:
        stories = digests(tracker.store)
        stored = list(tracker.stored())
    assert sum(s.article_count for s in stories) == len(stored)
    for story in stories:
        assert story.title and story.title != "(untitled)"
        assert 1 <= len(story.summary) <= 5
        assert sorted(a for e in story.timeline for a in e.articles) == sorted(a["id"] for a in story.articles)
        assert sum(s.article_count for s in story.sources) == story.article_count
        if story.article_count >= 3:
            assert len(story.summary) >= 3
    # most recently updated first (a month-precise date counts from its first day), undated last
    updated = [(s.last_updated + "-01-01"[len(s.last_updated) - 4 :]) if s.last_updated else "" for s in stories]
    assert updated == sorted(updated, reverse=True)


def test_a_name_with_two_spellings_is_one_actor(demo_store):
    with Storyline(demo_store) as tracker:
        story = _story_naming(digests(tracker.store), "Kößler")
    [person] = [a for a in story.entities if a.name == "Kößler"]
    assert person.kind == "person"
    assert "Koessler" in person.variants
    assert not [a for a in story.entities if a.name == "Koessler"]


def test_events_have_their_own_digest_and_ids_survive(demo_store):
    with Storyline(demo_store) as tracker:
        story = digests(tracker.store)[0]
        event = digest(tracker.store, story.timeline[0].event)
        assert event.kind == "event" and event.id == story.timeline[0].event
        assert set(a["id"] for a in event.articles) <= set(a["id"] for a in story.articles)
        with pytest.raises(NotFound):
            digest(tracker.store, "s999999")


def test_digests_are_cached_until_the_story_changes(demo_store, tmp_path):
    db = tmp_path / "copy.db"
    db.write_bytes(demo_store.read_bytes())
    with Storyline(db) as tracker:
        first = {s.id: s.to_dict() for s in digests(tracker.store)}
        cached = tracker.store.digests()
        assert set(cached) == set(first)
        assert {s.id: s.to_dict() for s in digests(tracker.store)} == first  # from the cache, same answer
        story = _story_naming(digests(tracker.store), "Kowalenko")
        text = (
            "KIEW – Der Vizeminister Oleksij Kowalenko hat am Montag in Kiew neue Transformatoren für das "
            "ukrainische Stromnetz übernommen. Kowalenko sagte, das Netz sei nun stabiler."
        )
        tracker.ingest([Article(id="extra-1", text=text, title="Kowalenko übernimmt Transformatoren", lang="de",
                                published="2025-04-28")])
        after = {s.id: s for s in digests(tracker.store)}
        holder = next(s for s in after.values() if any(a["id"] == "extra-1" for a in s.articles))
        if holder.id == story.id:
            assert holder.article_count == story.article_count + 1
        assert json.loads(tracker.store.digests()[holder.id][1])["article_count"] == holder.article_count


def test_select_by_language_date_and_entity_spelling(demo_store):
    with Storyline(demo_store) as tracker:
        stories = digests(tracker.store)
    assert {s.lang for s in select(stories, lang="en")} == {"en"}
    recent = select(stories, since="2025-04-10")
    # a story last updated "2025-04" may have news of the 10th or later: kept
    assert recent and all(s.last_updated and s.last_updated[:10] >= "2025-04-10"[: len(s.last_updated)] for s in recent)
    assert select(stories, since="2031") == []
    by_variant = select(stories, entity="Koessler")
    assert by_variant and all(any(a.key == "koesler" or "Koessler" in a.variants or a.name == "Kößler"
                                  for a in s.entities) for s in by_variant)
    with pytest.raises(ValueError):
        select(stories, since="last week")

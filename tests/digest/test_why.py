import pytest

from storyline import Storyline
from storyline.cli import DEMO_DIR
from storyline.digest import NotFound
from storyline.digest.why import explain


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    db = tmp_path_factory.mktemp("why") / "demo.db"
    with Storyline(db) as tracker:
        tracker.ingest(DEMO_DIR)
        stored = list(tracker.stored())
    return db, stored


def test_a_copy_joined_its_originals_event(demo):
    db, stored = demo
    copy = next(s for s in stored if s.duplicate_of)
    with Storyline(db) as tracker:
        why = explain(tracker.store, copy.article.id)
    assert why.duplicate_of == copy.duplicate_of
    assert why.event.decision.startswith(f"copy of {copy.duplicate_of}")
    assert why.event.compared_with == [copy.duplicate_of]
    assert why.event.shared_entities and why.event.shared_terms


def test_a_joined_article_shows_shared_names_terms_time_and_score(demo):
    db, stored = demo
    by_event = {}
    for s in stored:
        by_event.setdefault(s.event, []).append(s)
    group = next(g for g in by_event.values() if len(g) >= 2 and not any(s.duplicate_of for s in g)
                 and all(s.article.published for s in g))
    later = max(group, key=lambda s: s.seq)
    with Storyline(db) as tracker:
        why = explain(tracker.store, later.article.id).to_dict()
    event = why["event"]
    assert event["group"] == later.event and event["decision"].startswith("joined event")
    assert 0.0 < event["score"] <= 1.0
    assert set(event["compared_with"]) <= {s.article.id for s in group}
    assert event["shared_entities"] and event["time_gap_days"] is not None and event["time_gap_days"] <= 7
    weights = [e["weight"] for e in event["shared_entities"]]
    assert weights == sorted(weights, reverse=True)
    assert why["story"]["group"] == later.story


def test_the_first_article_started_its_event(demo):
    db, stored = demo
    first = stored[0]
    with Storyline(db) as tracker:
        why = explain(tracker.store, first.article.id)
        assert why.event.decision.startswith(f"started event {first.event}")
        assert why.story.decision.startswith(f"its event started story {first.story}")
        with pytest.raises(NotFound):
            explain(tracker.store, "no-such-article")

from storyline.digest.members import Weights
from storyline.digest.timeline import event_date, timeline

from .conftest import member
from .stories import bridge_story


def _entries(members):
    return timeline(members, Weights(members))


def test_one_dated_entry_per_event_in_date_order_with_the_reported_day():
    entries = _entries(bridge_story())
    dated = [e for e in entries if not e.estimated]
    assert [e.event for e in dated] == ["e1", "e2", "e3"]
    # published Wednesday 2025-05-07, the lead says "am Dienstag": the closure happened on the 6th
    assert (dated[0].date, dated[0].precision) == ("2025-05-06", "day")
    assert (dated[1].date, dated[1].precision) == ("2025-05", "month")  # a month-only article stays a month
    # "am Freitag" in an article of Saturday 24th, and the English one of Friday evening: Friday 23rd
    assert (dated[2].date, dated[2].precision) == ("2025-05-23", "day")
    assert set(dated[2].articles) == {"ferry", "ferry-en"}
    assert dated[2].sources == ["Rhein-Kurier", "Rhine Valley Post"]


def test_an_undated_copy_is_placed_at_its_originals_date_as_an_estimate():
    entries = _entries(bridge_story())
    [copy] = [e for e in entries if "copy" in e.articles]
    assert (copy.date, copy.estimated, copy.basis) == ("2025-05-06", True, "copy of closed")
    assert entries.index(copy) == 1  # right after its original's entry
    assert sorted(a for e in entries for a in e.articles) == sorted(m.id for m in bridge_story())


def test_undated_articles_get_an_estimate_a_marked_placement_or_no_date():
    members = [
        member("dated", "Die Fähre nahm am Freitag den Betrieb auf. Pendler warteten lange.", None, "2025-05-24",
               event="e1"),
        member("upcoming", "Die Fähre soll am 23. Mai den Betrieb aufnehmen, teilte die Stadt mit.", None, None,
               event="e1"),
        member("nothing", "Die Fähre über den Rhein ist voll. Pendler warten lange.", None, None, event="e1"),
        member("alone", "Ein Zoo in Weilbach hat ein Elefantenbaby.", None, None, event="e2"),
    ]
    entries = {tuple(e.articles): e for e in _entries(members)}
    assert entries[("dated",)].date == "2025-05-23" and not entries[("dated",)].estimated
    upcoming = entries[("upcoming",)]
    assert (upcoming.date, upcoming.precision, upcoming.estimated) == ("2025-05", "month", True)
    assert upcoming.basis == "mentions 23 May as upcoming"
    placed = entries[("nothing",)]
    assert (placed.date, placed.estimated, placed.basis) == ("2025-05-23", True, "undated; placed through its event")
    alone = entries[("alone",)]
    assert (alone.date, alone.precision, alone.estimated) == (None, "unknown", False)
    assert list(entries)[-1] == ("alone",)  # undated entries come last


def test_event_date_prefers_the_finest_precision_and_the_most_reported_day():
    members = [
        member("m", "Text ohne Tag.", None, "2025-05", event="e1"),
        member("a", "Die Fähre fuhr.", None, "2025-05-20", event="e1"),
        member("b", "Die Fähre fuhr.", None, "2025-05-21", event="e1"),
        member("c", "Die Fähre fuhr.", None, "2025-05-21", event="e1"),
    ]
    assert event_date(members).iso == "2025-05-21"
    assert event_date([members[0]]).iso == "2025-05"
    assert event_date([member("u", "Undatiert.")]) is None

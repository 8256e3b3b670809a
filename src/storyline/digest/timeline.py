"""The timeline of a story: its events in date order, each date with its real precision.

An event's date is what its dated articles report (:func:`~storyline.digest.when.happened`):
the finest precision any of them has, the most reported date at it (ties: the earliest).  An
article without a date never borrows a plain one:

* a copy of a dated article is shown at the original's date, marked ``estimated`` ("copy of …");
* one whose text dates it ("mentions 1 August as upcoming") gets its own entry at that estimate
  when its event's date does not fit the estimate (else it is placed through its event, below);
* one in an event with dated articles is shown at the event's date, marked ``estimated``
  ("undated; placed through its event");
* anything else is an entry with ``date: null``, after the dated ones.

Entries are in date order; a month-precise entry sits after the days inside that month that were
reported before it arrived (its day is unknown, so the arrival order is the best evidence).

So an event has one entry, plus one for each of its undated articles that has to be told apart.
"""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from .members import Member, Weights, readable
from .sources import UNKNOWN, outlet
from .title import choose_title
from .when import When, estimate

_FINENESS = {"day": 3, "month": 2, "year": 1}


@dataclass
class Entry:
    """One line of the timeline."""

    event: str
    date: str | None  # ISO cut to ``precision``; None when undated
    precision: str  # day, month, year or unknown
    estimated: bool
    title: str
    articles: list[str]
    sources: list[str]
    basis: str | None = None
    start: datetime.date | None = field(default=None, repr=False)
    end: datetime.date | None = field(default=None, repr=False)

    def to_dict(self) -> dict[str, Any]:
        return {
            "date": self.date,
            "precision": self.precision,
            "estimated": self.estimated,
            "basis": self.basis,
            "title": self.title,
            "event": self.event,
            "articles": self.articles,
            "sources": self.sources,
        }


#: Dated reports of an event whose leads are read for the day it happened.
DATE_READ_LIMIT = 200


def event_date(members: Sequence[Member]) -> When | None:
    """The date an event happened, from its dated members (see the module docstring); a copy counts
    only where its original is not dated (a wire text republished for weeks happened once)."""
    dated = readable([m for m in members if m.published is not None], limit=DATE_READ_LIMIT)
    dates = [m.happened for m in dated if m.happened is not None]
    if not dates:
        return None
    finest = max(_FINENESS.get(w.precision, 0) for w in dates)
    counts = Counter(w.start for w in dates if _FINENESS.get(w.precision, 0) == finest)
    top = max(counts.values())
    day = min(d for d, n in counts.items() if n == top)
    return next(w for w in dates if w.start == day and _FINENESS.get(w.precision, 0) == finest)


def timeline(members: Sequence[Member], weights: Weights) -> list[Entry]:
    """The entries of a story, in date order (undated ones last, in arrival order)."""
    by_id = {m.id: m for m in members}
    years = sorted(m.published.start.year for m in members if m.published is not None)
    events: dict[str, list[Member]] = defaultdict(list)
    for member in members:
        events[member.event].append(member)
    entries: list[Entry] = []
    for event, group in events.items():
        when = event_date(group)
        dated = [m for m in group if m.published is not None]
        placed: list[Member] = []
        own: dict[tuple[str, str | None], tuple[When, list[Member]]] = {}
        for member in group:
            if member.published is not None:
                continue
            guess = _copy_date(member, by_id) or estimate(member.article.text, years)
            if guess is not None and guess.basis and not guess.basis.startswith("copy") and when and guess.allows(when):
                placed.append(member)  # what its text says fits its event's date: no need to tell it apart
            elif guess is not None:
                own.setdefault((guess.iso, guess.basis), (guess, []))[1].append(member)
            else:
                placed.append(member)
        if dated and when is not None:
            entries.append(_entry(event, when, dated, weights))
            if placed:
                marked = When(when.start, when.precision, True, "undated; placed through its event")
                entries.append(_entry(event, marked, placed, weights))
        elif placed:
            entries.append(_entry(event, None, placed, weights))
        for guess, group_members in own.values():
            entries.append(_entry(event, guess, group_members, weights))
    arrival = {m.id: m.stored.seq for m in members}
    came = {id(e): min(arrival[a] for a in e.articles) for e in entries}  # each entry's first article
    first: dict[str, int] = {}  # each event's first article
    for e in entries:
        first[e.event] = min(first.get(e.event, came[id(e)]), came[id(e)])

    def place(entry: Entry) -> datetime.date:
        """Where a coarse date sits among finer ones inside it: after those that arrived before it."""
        if entry.start is None or entry.end is None or entry.precision == "day":
            return entry.start or datetime.date.max
        inside = [
            e.start
            for e in entries
            if e.precision == "day" and e.start and entry.start <= e.start <= entry.end
            if came[id(e)] < came[id(entry)]
        ]
        return max([entry.start, *inside])

    keys = {id(e): (e.start is None, place(e), first[e.event], e.estimated, came[id(e)]) for e in entries}
    return sorted(entries, key=lambda e: keys[id(e)])


def _copy_date(member: Member, by_id: dict[str, Member]) -> When | None:
    original = by_id.get(member.stored.duplicate_of or "")
    if original is None or original.happened is None:
        return None
    return When(original.happened.start, original.happened.precision, True, f"copy of {original.id}")


def _entry(event: str, when: When | None, members: Sequence[Member], weights: Weights) -> Entry:
    names = list(dict.fromkeys(outlet(m.article) or UNKNOWN for m in members))
    return Entry(
        event=event,
        date=when.iso if when else None,
        precision=when.precision if when else "unknown",
        estimated=bool(when and when.estimated),
        title=choose_title(members, weights),
        articles=[m.id for m in members],
        sources=names,
        basis=when.basis if when else None,
        start=when.start if when else None,
        end=when.end if when else None,
    )

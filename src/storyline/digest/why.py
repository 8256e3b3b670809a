"""Why an article is in its event and its story: the evidence, as the engine saw it.

The engine compared each article with the events open when it arrived; so the evidence for an
article is measured against the members of its event that came before it (for the article that
started the event: against those that joined it later), and likewise for its story against
the articles of the story's other events.  It lists the shared entities and terms, heaviest
first (rarer in the store weighs more), the time gap, and the score the engine recorded.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..features import published_interval
from ..store import Store
from .members import Background, Member, background, members_of
from .story import NotFound


@dataclass
class Evidence:
    """Why an article belongs to one group (its event or its story)."""

    group: str
    decision: str
    score: float | None
    compared_with: list[str]
    shared_entities: list[dict[str, Any]] = field(default_factory=list)
    shared_terms: list[dict[str, Any]] = field(default_factory=list)
    time_gap_days: float | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "group": self.group,
            "decision": self.decision,
            "score": self.score,
            "compared_with": self.compared_with,
            "shared_entities": self.shared_entities,
            "shared_terms": self.shared_terms,
            "time_gap_days": self.time_gap_days,
        }


@dataclass
class Why:
    """The evidence for one article (``storyline why``)."""

    article: str
    title: str | None
    published: str | None
    duplicate_of: str | None
    event: Evidence
    story: Evidence

    def to_dict(self) -> dict[str, Any]:
        return {
            "article": self.article,
            "title": self.title,
            "published": self.published,
            "duplicate_of": self.duplicate_of,
            "event": self.event.to_dict(),
            "story": self.story.to_dict(),
        }


def explain(store: Store, article_id: str, top: int = 10, rarity: Background | None = None) -> Why:
    """The evidence that put ``article_id`` in its event and its story (``rarity``: the store's
    background, when the caller keeps one; else read now)."""
    stored = store.get(article_id)
    if stored is None:
        raise NotFound(f"no article {article_id!r} in {store.path}")
    if not stored.story or not stored.event:
        raise NotFound(f"article {article_id!r} has no event yet (ingested with --no-events?)")
    members = members_of(store.members(story=stored.story))
    me = next(m for m in members if m.id == article_id)
    rarity = rarity if rarity is not None else background(store)
    event_members = [m for m in members if m.event == me.event and m.id != me.id]
    earlier = [m for m in event_members if m.stored.seq < me.stored.seq]
    original = stored.duplicate_of
    if original and any(m.id == original for m in event_members):
        event = _evidence(me, [m for m in event_members if m.id == original], rarity, top)
        event.decision = f"copy of {original}: joined its original's event directly"
        event.score = None
    elif earlier:
        event = _evidence(me, earlier, rarity, top)
        event.decision = f"joined event {me.event}, scored against its {len(earlier)} earlier article(s)"
        event.score = me.stored.event_score
    else:
        event = _evidence(me, event_members, rarity, top)
        event.decision = f"started event {me.event}" + (
            f"; {len(event_members)} article(s) joined it later" if event_members else ""
        )
        event.score = me.stored.event_score
    event.group = me.event
    others = [m for m in members if m.event != me.event]
    starter = min([me, *event_members], key=lambda m: m.stored.seq)  # its first article took the story decision
    before = [m for m in others if m.stored.seq < starter.stored.seq]
    if before:
        story = _evidence(me, before, rarity, top)
        story.decision = (
            f"its event joined story {me.story} when {'this article' if starter is me else starter.id} arrived,"
            f" compared with {len(before)} earlier article(s) of other events"
        )
        story.score = starter.stored.story_score
    else:
        story = _evidence(me, others, rarity, top)
        story.decision = f"its event started story {me.story}" + (
            f"; {len(others)} article(s) of other events joined it later" if others else ""
        )
        story.score = None
    story.group = me.story
    a = stored.article
    return Why(a.id, a.title, a.published, stored.duplicate_of, event, story)


def _evidence(me: Member, others: Sequence[Member], rarity: Background, top: int) -> Evidence:
    entities: Counter[str] = Counter()
    terms: Counter[str] = Counter()
    names: dict[str, str] = {}
    for other in others:
        entities.update(other.features.entities)
        terms.update(other.features.terms)
        names.update({k: v for k, v in other.features.names.items() if k not in names})
    names.update(me.features.names)
    shared_entities = _heaviest(
        (
            {"name": names.get(key, key), "key": key, "here": count, "there": entities[key]},
            min(count, entities[key]) * rarity.idf(rarity.entities, key),
        )
        for key, count in me.features.entities.items()
        if key in entities
    )[:top]
    shared_terms = _heaviest(
        (
            {"term": term, "here": count, "there": terms[term]},
            min(count, terms[term]) * rarity.idf(rarity.terms, term),
        )
        for term, count in me.features.terms.items()
        if term in terms
    )[:top]
    return Evidence(
        group="",
        decision="",
        score=None,
        compared_with=[m.id for m in others],
        shared_entities=shared_entities,
        shared_terms=shared_terms,
        time_gap_days=_gap(me, others),
    )


def _heaviest(items: Iterable[tuple[dict[str, Any], float]]) -> list[dict[str, Any]]:
    """The items with their weight added, heaviest first."""
    ranked = sorted(items, key=lambda item: -item[1])
    return [{**item, "weight": round(weight, 3)} for item, weight in ranked]


def _gap(me: Member, others: Sequence[Member]) -> float | None:
    mine = published_interval(me.article.published, me.article.published_precision)
    if mine is None:
        return None
    gaps = []
    for other in others:
        theirs = published_interval(other.article.published, other.article.published_precision)
        if theirs is not None:
            gaps.append(max(0.0, mine[0] - theirs[1], theirs[0] - mine[1]))
    return round(min(gaps), 2) if gaps else None

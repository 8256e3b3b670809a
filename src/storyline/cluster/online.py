"""Online clustering of reports into groups (events, or stories), shaped like a river clusterer.

``predict_one(x)`` names the group a report would join (or ``None`` for a new one) without
changing anything; ``learn_one(x)`` makes the decision and updates the groups.  Candidates
come from an inverted index from each member's heaviest terms and entities to its group,
restricted to groups active within a time window; only the ``max_candidates`` groups sharing
most keys with the report are scored, so the cost per report does not grow with the stream.
"""

from __future__ import annotations

from collections import Counter, deque
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from itertools import chain, groupby
from operator import itemgetter

from .similarity import Model, Profile, has_evidence, shares_enough_words, signals, time_factor, time_gap
from .vectors import add_into, dot, heaviest, inverse_norm, truncated

VOCABULARY_LIMIT = 3_000  # lemmas remembered per group (a large story stops learning new ones)
SHORT_LENGTH = 25  # distinct lemmas up to which a text is short (headlines, snippets: 5-15)


@dataclass(slots=True)
class Group:
    """The running sum of its members' vectors, their time span, languages and size."""

    id: str
    text: dict[str, float] = field(default_factory=dict)
    subject: dict[str, float] = field(default_factory=dict)
    title: dict[str, float] = field(default_factory=dict)
    entities: dict[str, float] = field(default_factory=dict)
    years: dict[str, float] = field(default_factory=dict)
    vocabulary: set[str] = field(default_factory=set)  # lemmas its members use (bounded)
    languages: dict[str, float] = field(default_factory=dict)
    dense: list[float] | None = None
    size: int = 0  # members, copies included
    vectors: int = 0  # members whose vectors it sums (copies add none)
    length: int = 0  # distinct lemmas of those members, summed
    titled: bool = False
    anchored: bool = False  # compared by its earliest member's date (an event), not its span (a story)
    time: tuple[float, float] | None = None  # the span of its members' dates
    first: tuple[float, float] | None = None  # the date of its earliest member (see _earliest)
    last_arrival: int = 0
    _profile: Profile | None = None

    def add(self, x: Profile, arrival: int, top: int) -> None:
        """Add one report."""
        self._accumulate(x, 1, arrival, top)
        self._learn_words(x.vocabulary)

    def absorb(self, other: Group, top: int) -> None:
        """Take in a whole group (a merge)."""
        self._accumulate(
            other.profile, other.size, other.last_arrival, top, other.vectors, other.length, other.first or other.time
        )
        self._learn_words(other.vocabulary)

    def count(self, time: tuple[float, float] | None, arrival: int) -> None:
        """Count one more report without its vectors (a copy of a member: it says nothing new)."""
        self.size += 1
        first, span = _earliest(self.first, time), _span(self.time, time)
        if span != self.time or first != self.first:
            self.time, self.first, self._profile = span, first, None
        self.last_arrival = max(self.last_arrival, arrival)

    def _learn_words(self, words: Iterable[str]) -> None:
        if len(self.vocabulary) < VOCABULARY_LIMIT:
            self.vocabulary.update(words)

    def _accumulate(
        self,
        x: Profile,
        size: int,
        arrival: int,
        top: int,
        vectors: int = 1,
        length: int | None = None,
        first: tuple[float, float] | None = None,
    ) -> None:
        # an article's vectors are unit vectors, a group's its raw sums: added as they are
        for total, vector in (
            (self.text, x.text),
            (self.subject, x.subject),
            (self.title, x.title),
            (self.entities, x.entities),
            (self.years, x.years),
            (self.languages, x.languages),
        ):
            add_into(total, vector)
        if x.dense is not None:
            old = self.dense
            self.dense = list(x.dense) if old is None else [s + v for s, v in zip(old, x.dense, strict=True)]
        # vectors keep their heaviest keys: memory per group stays bounded however large it grows
        if len(self.text) > 2 * top:
            self.text = truncated(self.text, top)
        if len(self.subject) > 2 * top:
            self.subject = truncated(self.subject, top)
        if len(self.title) > 2 * top:
            self.title = truncated(self.title, top)
        if len(self.entities) > 2 * top:
            self.entities = truncated(self.entities, top)
        self.size += size
        self.vectors += vectors
        self.length += x.length if length is None else length
        self.titled = self.titled or x.titled
        self.time = _span(self.time, x.time)
        self.first = _earliest(self.first, x.time if first is None else first)
        self.last_arrival = max(self.last_arrival, arrival)
        self._profile = None

    @property
    def profile(self) -> Profile:
        if self._profile is None:
            self._profile = Profile(
                self.text,
                self.title,
                self.entities,
                self.first if self.anchored else self.time,
                self.years,
                self.vocabulary,
                scale=(
                    inverse_norm(self.text),
                    inverse_norm(self.title),
                    inverse_norm(self.entities),
                    inverse_norm(self.dense) if self.dense is not None else 1.0,
                    inverse_norm(self.subject),
                ),
                languages=self.languages,
                length=self.length // max(1, self.vectors),
                dense=self.dense,
                titled=self.titled,
                subject=self.subject,
            )
        return self._profile

    def keys(self, top: int) -> Iterable[str]:
        yield from ("t:" + k for k in heaviest(self.text, top))
        yield from ("e:" + k for k in heaviest(self.entities, top))


def _span(a: tuple[float, float] | None, b: tuple[float, float] | None) -> tuple[float, float] | None:
    """The time span covering both (either may be unknown)."""
    if a is None or b is None:
        return a or b
    return min(a[0], b[0]), max(a[1], b[1])


def _earliest(a: tuple[float, float] | None, b: tuple[float, float] | None) -> tuple[float, float] | None:
    """The more telling of two dates for an event's anchor: a day (or a minute) before a month or
    a year — an article dated "2024-05" would otherwise hold its event open all month — and of
    two days the earlier (either may be unknown)."""
    if a is None or b is None:
        return a or b
    precise_a, precise_b = a[1] - a[0] <= 1.0, b[1] - b[0] <= 1.0
    if precise_a != precise_b:
        return a if precise_a else b
    return min(a, b)


def index_keys(text: Mapping[str, float], entities: Mapping[str, float]) -> tuple[str, ...]:
    """The inverted-index keys of a report: its 20 heaviest terms and 20 heaviest entities."""
    return tuple(["t:" + k for k in heaviest(text, 20)] + ["e:" + k for k in heaviest(entities, 20)])


@dataclass(frozen=True, slots=True)
class Decision:
    """Where a report went and why: the best candidate's score and the runner-up."""

    group: str | None
    score: float
    runner_up: str | None = None
    runner_up_score: float = 0.0
    candidates: int = 0


class OnlineClusterer:
    """Single-pass clustering with a learned pair model, a time gate and merges.

    Parameters are stored as given (``repr`` shows them); learned state ends in ``_``.
    """

    def __init__(
        self,
        model: Model,
        threshold: float = 0.5,
        short_threshold: float | None = None,
        window_days: float = 10.0,
        idle_reports: int = 20_000,
        time_grace: float = 3.0,
        time_scale: float = 4.0,
        top_keys: int = 60,
        max_postings: int = 5_000,
        max_candidates: int = 1_000_000,
        pool: int = 30,
        merge_threshold: float | None = 0.9,
        prefix: str = "g",
        anchor: str = "span",
        second_look: int = 0,
        second_look_size: int = 2,
    ) -> None:
        self.model = model
        self.threshold = threshold
        self.short_threshold = threshold if short_threshold is None else short_threshold
        self.window_days = window_days
        self.idle_reports = idle_reports
        self.time_grace = time_grace
        self.time_scale = time_scale
        self.top_keys = top_keys
        self.max_postings = max_postings
        self.max_candidates = max_candidates
        self.pool = pool
        self.merge_threshold = merge_threshold
        self.prefix = prefix
        self.anchor_time = anchor
        self.second_look = second_look
        self.second_look_size = second_look_size
        self.groups_: dict[str, Group] = {}
        self.redirects_: dict[str, str] = {}
        self.merges_: list[tuple[str, str]] = []
        self.arrivals_ = 0
        self._index: dict[str, set[str]] = {}
        self._last_id = 0
        self._now: float | None = None
        self._pending: deque[tuple[int, str, frozenset[str] | None]] = deque()

    def __repr__(self) -> str:
        return (
            f"OnlineClusterer(threshold={self.threshold}, window_days={self.window_days}, "
            f"time_grace={self.time_grace}, time_scale={self.time_scale}, prefix={self.prefix!r})"
        )

    @property
    def numbered_(self) -> int:
        """The number of the newest group (ids are ``prefix`` + number, never reused)."""
        return self._last_id

    def skip_ids(self, last: int) -> None:
        """Number new groups after ``last``: ids handed out elsewhere (by the store) are never reused."""
        self._last_id = max(self._last_id, last)

    # -- river-style interface -----------------------------------------------------------------

    def predict_one(self, x: Profile, rare: Collection[str] | None = None) -> str | None:
        """The group ``x`` would join, or ``None`` if it would start a new one."""
        return self.decide(x, rare).group

    def learn_one(
        self, x: Profile, rare: Collection[str] | None = None, into: str | None = None, alone: bool = False
    ) -> Decision:
        """Put ``x`` into the best group (or ``into``, or — ``alone`` — a new group) and update it."""
        self._arrive(x.time)
        if into is not None:
            into = self.resolve(into)
        if alone:
            decision = Decision(None, 0.0)
        else:
            decision = self.decide(x, rare) if into is None or into not in self.groups_ else Decision(into, 1.0)
        if decision.group is None:
            self._last_id += 1
            group = Group(f"{self.prefix}{self._last_id}", anchored=self.anchor_time == "first")
            self.groups_[group.id] = group
            if self.second_look:
                self._pending.append((self.arrivals_, group.id, None if rare is None else frozenset(rare)))
            decision = Decision(
                group.id, decision.score, decision.runner_up, decision.runner_up_score, decision.candidates
            )
        group = self.groups_[decision.group]  # type: ignore[index]
        group.add(x, self.arrivals_, self.top_keys)
        self._index_keys(group.id, self._query_keys(x))  # the keys a later report of it will look up
        if (
            self.merge_threshold is not None
            and decision.runner_up
            and decision.runner_up_score >= self.threshold_for(x)
            and decision.runner_up in self.groups_
        ):
            self._merge(group.id, decision.runner_up, x, rare)
        self._look_again()
        self._maybe_retire()
        return decision

    def _look_again(self) -> None:
        """Give a group that is still small ``second_look`` reports after it began a second look.

        A report that starts a group is often its story's first, told in other words than the
        reports that follow; by the time those have gathered, the group they formed says what the
        story is about, and the small group is scored against it once, as a report would be (the
        same model and bar), and merged into it when it passes.  Each group is looked at once, so
        the cost per report stays bounded.
        """
        pending = self._pending
        while pending and pending[0][0] <= self.arrivals_ - self.second_look:
            _, group_id, rare = pending.popleft()
            group = self.groups_.get(group_id)
            if group is None or group.vectors > self.second_look_size:
                continue
            best = self.best_other(group.profile, group_id, rare)
            if best is not None:
                self.merge(best, group_id)

    def best_other(self, x: Profile, own: str, rare: Collection[str] | None = None) -> str | None:
        """The best-scoring candidate group for ``x`` other than ``own`` when it passes ``x``'s bar
        (a group's second look, an event's story decided from its reports), else ``None``."""
        ranked = sorted((self.score(x, self.groups_[g], rare), g) for g in self.candidates(x) if g != own)
        return ranked[-1][1] if ranked and ranked[-1][0] >= self.threshold_for(x) else None

    def learn_labelled(self, x: Profile, label: str) -> None:
        """Put ``x`` into the group named ``label`` (made when new), whatever the model says: the
        gold replay that shows the model the decisions it will meet (``storyline.validation``)."""
        self._arrive(x.time)
        group = self.groups_.get(label)
        if group is None:
            group = self.groups_[label] = Group(label, anchored=self.anchor_time == "first")
        group.add(x, self.arrivals_, self.top_keys)
        self._index_keys(label, self._query_keys(x))
        self._maybe_retire()

    def learn_member(self, into: str, time: tuple[float, float] | None) -> None:
        """Count a report that belongs to group ``into`` (a copy of one of its members) without
        scoring it or adding its vectors: the group's size and time span grow.  Nothing changes
        when that group is no longer live."""
        group = self.groups_.get(self.resolve(into))
        if group is None:
            return
        self._arrive(time)
        group.count(time, self.arrivals_)
        self._maybe_retire()

    # -- internals --------------------------------------------------------------------------------

    def _arrive(self, time: tuple[float, float] | None) -> None:
        self.arrivals_ += 1
        if time is not None:
            self._now = time[1] if self._now is None else max(self._now, time[1])

    def _maybe_retire(self) -> None:
        if self.arrivals_ % 1000 == 0:
            self._retire()

    def resolve(self, group_id: str) -> str:
        """The live id of a group that may have been merged into another."""
        while group_id in self.redirects_:
            group_id = self.redirects_[group_id]
        return group_id

    def score(self, x: Profile, group: Group, rare: Collection[str] | None = None) -> float:
        values = signals(x, group.profile, rare)
        if not has_evidence(values, shares_enough_words(x, group.profile), x.length > SHORT_LENGTH):
            return 0.0
        content = self.model.probability(values)
        return content * time_factor(time_gap(x.time, self.anchor(group)), self.time_grace, self.time_scale)

    def anchor(self, group: Group) -> tuple[float, float] | None:
        """The group's time for the time gate: the span of its members' dates, or (``anchor="first"``,
        for events) its earliest member's date, so that a group does not creep forward day by day."""
        return group.profile.time

    @staticmethod
    def _query_keys(x: Profile) -> Iterable[str]:
        """The index keys of a report: its 20 heaviest terms and 20 heaviest entities."""
        return x.index_keys or index_keys(x.text, x.entities)

    def candidates(self, x: Profile) -> set[str]:
        """Active groups sharing heavy terms or entities with ``x``: the ``max_candidates`` closest.

        Two steps: the ``pool`` active groups sharing most index keys with ``x`` (counted in C),
        then the ``max_candidates`` of them whose text vectors are closest to ``x``'s (a common
        word shared with many groups does not crowd out the group that shares the rare ones).
        Ties go to the smaller group id, so the choice is reproducible.
        """
        index, limit = self._index, self.max_postings
        postings = [p for p in map(index.get, self._query_keys(x)) if p and len(p) <= limit]
        hits = Counter(chain.from_iterable(postings))  # counted in C: a common word's posting is long
        pool: list[str] = []
        groups = self.groups_
        for _, tied in groupby(sorted(hits.items(), key=itemgetter(1), reverse=True), key=itemgetter(1)):
            for group_id, _ in sorted(tied):
                group = groups.get(group_id)
                if group is not None and self.is_active(group, x):
                    pool.append(group_id)
            if len(pool) >= self.pool:
                break
        if len(pool) <= self.max_candidates:
            return set(pool)
        text = x.text
        closeness = [(-dot(text, groups[g].text) * groups[g].profile.scale[0], g) for g in pool]
        return {g for _, g in sorted(closeness)[: self.max_candidates]}

    def threshold_for(self, x: Profile) -> float:
        """The probability from which ``x`` joins a group: a short text (a headline, a snippet) has
        its own bar, chosen on short texts (see ``storyline.validation``)."""
        return self.short_threshold if x.length <= SHORT_LENGTH else self.threshold

    def decide(self, x: Profile, rare: Collection[str] | None = None) -> Decision:
        ranked = sorted(((self.score(x, self.groups_[g], rare), g) for g in self.candidates(x)), reverse=True)
        if not ranked or ranked[0][0] < self.threshold_for(x):
            best = ranked[0] if ranked else (0.0, None)
            return Decision(None, best[0], best[1], best[0], len(ranked))
        runner = ranked[1] if len(ranked) > 1 else (0.0, None)
        return Decision(ranked[0][1], ranked[0][0], runner[1], runner[0], len(ranked))

    def is_active(self, group: Group, x: Profile) -> bool:
        """Whether ``x`` may still join ``group`` (its last report is recent enough)."""
        if x.time is not None and group.time is not None:
            return x.time[0] - group.time[1] <= self.window_days
        return self.arrivals_ - group.last_arrival <= self.idle_reports

    def _index_group(self, group: Group) -> None:
        self._index_keys(group.id, group.keys(self.top_keys))

    def _index_keys(self, group_id: str, keys: Iterable[str]) -> None:
        index = self._index
        for key in keys:
            posting = index.get(key)
            if posting is None:
                index[key] = {group_id}
            else:
                posting.add(group_id)

    def _merge(self, keep: str, other: str, x: Profile, rare: Collection[str] | None) -> None:
        """Merge ``other`` into ``keep`` when the report that bridges them shows they are one."""
        a, b = self.groups_[keep], self.groups_[other]
        if self.merge_threshold is None:
            return
        values = signals(a.profile, b.profile, rare)
        if not has_evidence(values, shares_enough_words(a.profile, b.profile)):
            return
        if self.model.probability(values) < self.merge_threshold:
            return
        if time_factor(time_gap(self.anchor(a), self.anchor(b)), self.time_grace, self.time_scale) < 1.0:
            return  # (an article known only to the month must not bridge two events weeks apart)
        self.merge(keep, other)

    def merge(self, keep: str, other: str) -> str:
        """Make two live groups one (the larger survives); the survivor's id."""
        a, b = self.groups_[keep], self.groups_[other]
        if b.size > a.size:
            a, b = b, a
        a.absorb(b, self.top_keys)
        del self.groups_[b.id]
        self.redirects_[b.id] = a.id
        self.merges_.append((b.id, a.id))
        self._index_group(a)
        return a.id

    def take_merges(self) -> list[tuple[str, str]]:
        """The merges (absorbed id, survivor id) made since the last call."""
        merges, self.merges_ = self.merges_, []
        return merges

    def _retire(self) -> None:
        """Drop groups that can no longer be joined from memory and from the index."""
        stale = [g.id for g in self.groups_.values() if not self._still_open(g)]
        for group_id in stale:
            del self.groups_[group_id]
        if stale:
            gone = set(stale)
            for key in list(self._index):
                posting = self._index[key] - gone
                if posting:
                    self._index[key] = posting
                else:
                    del self._index[key]

    def _still_open(self, group: Group) -> bool:
        if self._now is not None and group.time is not None:
            return self._now - group.time[1] <= self.window_days
        return self.arrivals_ - group.last_arrival <= self.idle_reports

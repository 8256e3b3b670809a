"""The story engine: each article joins an event, each event a story, online.

One ``learn_one`` per article, in stream order: the article's features are weighted by the
document frequencies seen so far (then learned), scored against the active events (the
``event`` model; an event is anchored at the date of its first report, so it does not creep
forward day by day through a story's happenings) and, when it starts a new event, against the
active stories (the ``story`` model, a window of months).  Two events found to be one make their
stories one.  A copy joins its
original's event and story directly (``learn_copy``): it is counted in their size and time span
but adds no vectors and no document frequencies, since its words are its original's (a wire
text republished by twenty outlets is one text, not twenty).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar

from ..features import Features, entity_key
from ..options import Options
from .online import SHORT_LENGTH, Decision, OnlineClusterer, index_keys
from .similarity import Profile, load_models, signals
from .vectors import DocumentFrequencies, normalized

# An entity in fewer than this share of the articles so far is distinctive: a minister's
# name is, a country that half of the news mentions is not.  The share counts 100 pseudo-
# articles without the entity, so that on a young stream a name seen a few times still is.
_RARE_SHARE = 0.05
_RARE_PRIOR = 100


@dataclass(frozen=True, slots=True)
class Assignment:
    """Where one article went: its event and story, with the decisions' scores."""

    article_id: str
    event: str
    story: str
    event_score: float
    story_score: float
    new_event: bool
    new_story: bool


@dataclass(slots=True)
class StoryEngine:
    """Events and stories for a stream of articles (see the module docstring)."""

    #: Bumped whenever the engine's pickled state changes shape: an older snapshot is then replayed.
    FORMAT: ClassVar[int] = 5

    options: Options = field(default_factory=Options)
    terms_df: DocumentFrequencies = field(default_factory=DocumentFrequencies)
    entities_df: DocumentFrequencies = field(default_factory=DocumentFrequencies)
    lexicon: dict[str, str] = field(default_factory=dict)  # lower-case word -> entity key
    events: OnlineClusterer = field(init=False)
    stories: OnlineClusterer = field(init=False)
    event_story: dict[str, str] = field(default_factory=dict)
    #: Events begun by a snippet, alone in the story they started until they hold
    #: ``Options.story_decision_size`` reports: event id -> its distinctive entities.
    undecided_: dict[str, tuple[int, frozenset[str]]] = field(default_factory=dict)
    format_: int = FORMAT

    def __post_init__(self) -> None:
        models = load_models(self.options.similarity_weights, self.options.embedder)
        o = self.options
        self.events = OnlineClusterer(
            models["event"],
            threshold=models["event"].threshold if o.event_threshold is None else o.event_threshold,
            short_threshold=models["event"].short_threshold if o.event_threshold is None else o.event_threshold,
            window_days=o.event_window_days,
            time_grace=o.event_time_grace,
            time_scale=o.event_time_scale,
            prefix="e",
            merge_threshold=o.event_merge_threshold,
            anchor="first",
            max_candidates=o.max_candidates,
            pool=o.candidate_pool,
            second_look=o.event_second_look,
            second_look_size=o.second_look_size,
        )
        self.stories = OnlineClusterer(
            models["story"],
            threshold=models["story"].threshold if o.story_threshold is None else o.story_threshold,
            short_threshold=models["story"].short_threshold if o.story_threshold is None else o.story_threshold,
            window_days=o.story_window_days,
            time_grace=o.story_time_grace,
            time_scale=o.story_time_scale,
            merge_threshold=o.story_merge_threshold,
            prefix="s",
            top_keys=o.story_terms,
            max_candidates=o.max_candidates,
            pool=o.candidate_pool,
            second_look=o.story_second_look,
            second_look_size=o.second_look_size,
        )

    def profile(self, features: Features, top: int | None = -1) -> tuple[Profile, set[str]]:
        """The article's weighted profile and its distinctive entities, by the frequencies so far.

        ``top``: heaviest lemmas kept in the text vector (``-1``: ``Options.profile_terms``;
        ``None``: all, as for a single pair)."""
        entities = dict(features.entities)
        names = {surface.lower() for surface in features.names.values()}
        if not features.cased:  # lower-cased text: entities come from the lexicon of cased articles
            for term, count in features.terms.items():
                key = self.lexicon.get(term)
                if key:
                    entities[key] = entities.get(key, 0) + count
                    names.add(term)
        limit = _RARE_SHARE * (self.entities_df.documents_ + _RARE_PRIOR)
        rare = {k for k in entities if self.entities_df.count(k) < limit}
        counts = _merged(features.terms, features.title_terms)
        text = self.terms_df.weigh(counts, top=self.options.profile_terms if top == -1 else top)
        weighted_entities = self.entities_df.weigh(entities)
        # what happened without who: the text vector without the names (unknown in lower-cased text)
        subject = (
            normalized({k: v for k, v in text.items() if k not in names and entity_key(k) not in entities})
            if features.cased or names
            else {}
        )
        profile = Profile(
            text=text,
            title=self.terms_df.weigh(features.title_terms),
            entities=weighted_entities,
            time=features.time,
            years={year: 1.0 for year in features.years},
            vocabulary=counts.keys(),
            index_keys=index_keys(text, weighted_entities),
            languages={features.lang: 1.0} if features.lang else {},
            length=len(counts),
            dense=features.dense,
            titled=bool(features.title_terms),
            subject=subject,
        )
        return profile, rare

    def similarity(self, a: Features, b: Features) -> float:
        """How likely two articles report the same story (the ``story`` model on the pair)."""
        pa, rare_a = self.profile(a, top=None)
        pb, rare_b = self.profile(b, top=None)
        return self.stories.model.probability(signals(pa, pb, rare_a | rare_b))

    def learn_one(self, article_id: str, features: Features, original_event: str | None = None) -> Assignment:
        """Assign one article to an event (``original_event`` for a copy) and a story, and learn from it."""
        profile, rare = self.profile(features)
        event: Decision = self.events.learn_one(profile, rare, into=original_event)
        for absorbed, survivor in self.events.take_merges():
            self._join_stories(absorbed, survivor)
        event_id = self.events.resolve(event.group or "")
        new_event = event_id not in self.event_story
        if new_event:
            alone = self.options.story_decision_size > 1 and profile.length <= SHORT_LENGTH
            story = self.stories.learn_one(profile, rare, alone=alone)
            story_id = self.stories.resolve(story.group or "")
            self.event_story[event_id] = story_id
            story_score = story.score
            if alone:
                self.undecided_[event_id] = (self.events.arrivals_, frozenset(rare))
        else:
            story_id = self.stories.resolve(self.event_story[event_id])
            self.stories.learn_one(profile, rare, into=story_id)
            story_score = 1.0
            if event_id in self.undecided_:
                story_id = self._decide_story(event_id, story_id)
        self._decide_waiting()
        self.stories.take_merges()  # followed through redirects_; nothing else waits for them
        self.learn_frequencies(features)
        self._forget_retired()
        return Assignment(
            article_id,
            event_id,
            story_id,
            event.score,
            story_score,
            new_event,
            new_event and story_score < self.stories.threshold_for(profile),
        )

    def _decide_waiting(self, due: int | None = None) -> None:
        """Decide the stories of the events that began ``Options.story_decision_wait`` reports ago (or,
        ``due``, at or before that arrival) without reaching ``story_decision_size``: a small event
        must not stay alone for good."""
        if due is None:
            due = self.events.arrivals_ - self.options.story_decision_wait
        while self.undecided_:
            event_id, (began, _) = next(iter(self.undecided_.items()))
            if began > due:
                return
            story_id = self.event_story.get(self.events.resolve(event_id))
            if story_id is None:
                del self.undecided_[event_id]
                continue
            self._decide_story(event_id, self.stories.resolve(story_id), force=True)

    def flush(self) -> None:
        """Decide now the stories of all events still waiting for more reports: the end of an input
        (``ingest``, ``cluster``), when no more reports will come to tell."""
        self._decide_waiting(due=self.events.arrivals_)

    def _decide_story(self, event_id: str, story_id: str, force: bool = False) -> str:
        """The story of an event begun by a snippet, decided once it holds enough reports: one snippet
        is too few words to tell which story it continues, and a wrong guess would carry every later
        report of the event into that story.  Until then the event is alone in a story of its own,
        which it now joins to the best other story that passes the bar, scored by its reports together."""
        event = self.events.groups_.get(self.events.resolve(event_id))
        if event is None:
            self.undecided_.pop(event_id, None)
            return story_id
        if event.vectors < self.options.story_decision_size and not force:
            return story_id
        _, rare = self.undecided_.pop(event_id)
        stories = self.stories
        own = stories.groups_.get(story_id)
        if own is None or own.vectors != event.vectors:  # another event joined its story meanwhile
            return story_id
        best = stories.best_other(event.profile, story_id, rare)
        if best is not None:
            story_id = stories.merge(best, story_id)
            self.event_story[event.id] = story_id
        return story_id

    def _join_stories(self, absorbed: str, survivor: str) -> None:
        """Two events were found to be one: so are their stories."""
        old = self.event_story.pop(absorbed, None)
        if old is None:
            return
        current = self.event_story.get(survivor)
        if current is None:
            self.event_story[survivor] = old
            return
        old, current = self.stories.resolve(old), self.stories.resolve(current)
        if old != current and old in self.stories.groups_ and current in self.stories.groups_:
            self.event_story[survivor] = self.stories.merge(current, old)

    def learn_copy(
        self, article_id: str, time: tuple[float, float] | None, original_event: str, original_story: str
    ) -> Assignment:
        """Put a copy into its original's event and story without its features (see the module
        docstring), also when that event can no longer be joined by other articles."""
        event_id = self.events.resolve(original_event)
        story_id = self.stories.resolve(self.event_story.get(event_id) or original_story)
        self.events.learn_member(event_id, time)  # an event or story retired from memory stays as it is
        self.stories.learn_member(story_id, time)
        self._forget_retired()
        return Assignment(article_id, event_id, story_id, 1.0, 1.0, False, False)

    def _forget_retired(self) -> None:
        if self.events.arrivals_ % 1000 == 0:  # events that can no longer be joined need no story lookup
            live = set(self.events.groups_)
            self.event_story = {e: s for e, s in self.event_story.items() if e in live}
            self.undecided_ = {e: r for e, r in self.undecided_.items() if e in live}  # (order kept)

    def learn_frequencies(self, features: Features) -> None:
        """Count the article's lemmas and entities in the document frequencies (and its names in the lexicon)."""
        self.terms_df.learn_one(features.terms)
        self.entities_df.learn_one(features.entities)
        if self.terms_df.documents_ % 10_000 == 0:  # bounded memory on an endless stream
            self.terms_df.prune(self.options.max_vocabulary)
            self.entities_df.prune(self.options.max_vocabulary)
        if features.cased:
            for key, name in features.names.items():
                self.lexicon.setdefault(name.lower(), key)


def _merged(terms: dict[str, int], title_terms: dict[str, int]) -> dict[str, int]:
    """Lemma counts of headline and body together."""
    if not title_terms:
        return terms
    merged = dict(terms)
    for term, count in title_terms.items():
        merged[term] = merged.get(term, 0) + count
    return merged

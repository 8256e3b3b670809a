"""The signals that say two reports belong together, and how they are combined.

A *report* is an article or a group of them (an event, a story): a :class:`Profile`.  Each
signal is a number in [0, 1] — or *missing* (``nan``) when one side cannot give it:

* ``text`` — cosine of the lemma TF-IDF vectors of headline and body together (the headline
  counts the same whether a feed gives it as a title field or as the text's first line);
* ``title`` — cosine of the two title fields; ``title_text`` — each headline against the other's
  text; ``title_coverage`` — the share of each headline's lemmas the other text uses at all
  (missing unless the sides have title fields);
* ``entities`` (cosine of the entity vectors, entity IDF), ``shared_entities`` (shared
  distinctive entities, up to 5) and ``entity_conflict`` (both name distinctive people, places or
  organisations and share none of them) — missing unless both sides name entities (a
  lower-cased snippet names none, which is no evidence of anything);
* ``year_conflict`` — both mention years, none in common (missing unless both mention years);
* ``dense`` — cosine of dense multilingual vectors (missing unless both have them);
  ``dense_other_language`` — that cosine, rescaled from its floor (:data:`RESCALED`), times
  ``other_language``: across languages the dense vectors are nearly all the evidence there is;
* ``other_language`` — the share of the other side written in another language;
* ``short`` — how short the shorter side is (1 for a one-word text, 0 from 1,000 distinct
  lemmas): a short text shares fewer words with anything, so the same cosine means more;
* ``text_short``, ``text_other_language`` — ``text`` times each of the two above: what a cosine
  means depends on them (0.2 is much for two eight-word snippets, little for two long articles;
  two languages share only names and numbers);
* ``subject`` — cosine of the text vectors without the names in them (what happened, not who):
  two rounds of talks between the same ministers over two different wars share the names, not
  the subject; missing when the names cannot be told (lower-cased text);
* ``days_apart`` — the time between the article's date and the group's (its first member's for
  an event, its span for a story), on a log scale; missing unless both are dated.

A :class:`Model` combines them: two logistic parts, one for pairs whose dates are both known and
one for the rest (with dates, time tells two happenings of one story apart; without, the words
must).  Its weights are fitted on labelled data of many shapes (``storyline.validation``) and
stored in ``similarity_weights.json``, with the thresholds chosen on the same training data.  A
missing signal contributes its own fitted constant — what the signal adds on average over the
training pairs, which saw every pair both with and without it — never the weight of a zero.
Beyond the learned ``days_apart``, time gates the score (``time_factor``): a date known only to
the month is an interval of a month, so it is never "far" from a day inside it.
"""

from __future__ import annotations

import json
import math
from collections.abc import Collection, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

from .vectors import dot

SIGNALS = (
    "text",
    "title",
    "title_text",
    "title_coverage",
    "entities",
    "shared_entities",
    "entity_conflict",
    "year_conflict",
    "dense",
    "other_language",
    "short",
    "text_short",
    "text_other_language",
    "days_apart",
    "subject",
    "dense_other_language",
)
MISSING = math.nan
_SHORT_SCALE = math.log1p(1000.0)
_MONTH_SCALE = math.log1p(30.0)


@dataclass(frozen=True, slots=True)
class Profile:
    """A report or a group of reports, as the similarity sees it.

    An article's vectors are unit vectors; a group's are its members' running sums, with
    ``scale`` (1 / L2 norm of text, title, entities and dense) so that nothing is copied into
    unit vectors each time a member joins.
    """

    text: Mapping[str, float]
    title: Mapping[str, float]
    entities: Mapping[str, float]
    time: tuple[float, float] | None
    years: Mapping[str, float] = field(default_factory=dict)  # years the text mentions
    vocabulary: AbstractSet[str] = frozenset()  # every lemma of the text (the text vector keeps the heaviest)
    index_keys: tuple[str, ...] = ()  # its inverted-index keys, when computed once for both clusterers
    scale: tuple[float, float, float, float, float] = (1.0, 1.0, 1.0, 1.0, 1.0)
    languages: Mapping[str, float] = field(default_factory=dict)  # language -> members (1 for an article)
    length: int = 0  # distinct lemmas of the article (of its members, on average, for a group)
    dense: Sequence[float] | None = None
    titled: bool = False  # the article had a title field (a group: some member had)
    subject: Mapping[str, float] = field(default_factory=dict)  # the text vector without names


def signals(a: Profile, b: Profile, rare: Collection[str] | None = None) -> list[float]:
    """The signals of a pair, in the order of :data:`SIGNALS` (``nan`` where missing);
    ``rare``: the distinctive entities (all shared ones count when ``None``)."""
    a_text, a_title, a_entities, a_dense, a_subject = a.scale
    b_text, b_title, b_entities, b_dense, b_subject = b.scale
    text = dot(a.text, b.text) * a_text * b_text if a.text and b.text else MISSING
    other_language = _other_language(a.languages, b.languages)
    same_language = other_language != 1.0  # headline wording says nothing across languages
    title = dot(a.title, b.title) * a_title * b_title if a.title and b.title and same_language else MISSING
    if (a.title or b.title) and same_language:
        title_text = max(
            dot(a.title, b.text) * a_title * b_text if a.title else 0.0,
            dot(b.title, a.text) * b_title * a_text if b.title else 0.0,
        )
        coverage = _coverage(a, b)
    else:
        title_text = coverage = MISSING
    if a.entities and b.entities:
        shared = a.entities.keys() & b.entities.keys()
        if rare is None:
            rare_shared, distinctive = len(shared), True
        else:
            rare_set = rare if isinstance(rare, AbstractSet) else set(rare)
            rare_shared, distinctive = len(shared & rare_set), not rare_set.isdisjoint(a.entities)
        entities = dot(a.entities, b.entities) * a_entities * b_entities
        shared_entities = min(rare_shared, 5) / 5
        # both name distinctive people, places or organisations, and not one of them the same:
        # two different happenings of the same kind (two rehab check-ins, two earthquakes)
        conflict = 1.0 if distinctive and rare_shared == 0 else 0.0
    else:
        entities = shared_entities = conflict = MISSING
    year_conflict = float(a.years.keys().isdisjoint(b.years)) if a.years and b.years else MISSING
    if a.dense is not None and b.dense is not None:
        dense = sum(x * y for x, y in zip(a.dense, b.dense, strict=True)) * a_dense * b_dense
    else:
        dense = MISSING
    subject = dot(a.subject, b.subject) * a_subject * b_subject if a.subject and b.subject else MISSING
    short = 1.0 - math.log(max(1, min(a.length or 1, b.length or 1))) / _SHORT_SCALE
    return [
        text,
        title,
        title_text,
        coverage,
        entities,
        shared_entities,
        conflict,
        year_conflict,
        dense,
        other_language,
        short,
        # how much a cosine means depends on the lengths and the languages
        text * short,
        text * other_language,
        _days_apart(a.time, b.time),
        subject,
        _read(dense, False, RESCALED["dense"]) * other_language if dense == dense else MISSING,
    ]


def _days_apart(a: tuple[float, float] | None, b: tuple[float, float] | None) -> float:
    """Days between the two dates, on a log scale (0: the same day, 1: a month or more); missing
    unless both are dated."""
    gap = time_gap(a, b)
    if gap is None:
        return MISSING
    return min(1.0, math.log1p(gap) / _MONTH_SCALE)


def _coverage(a: Profile, b: Profile) -> float:
    shares = [
        len(x.title.keys() & (y.vocabulary or y.text.keys())) / (len(x.title) + 1)
        for x, y in ((a, b), (b, a))
        if x.title
    ]
    return sum(shares) / len(shares) if shares else 0.0


def _other_language(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    """The share of the larger side's members written in a language the other side does not use."""
    if not a or not b:
        return MISSING
    if len(a) == 1 and len(b) == 1:
        return 0.0 if a.keys() == b.keys() else 1.0
    small, large = (a, b) if sum(a.values()) <= sum(b.values()) else (b, a)
    total = sum(large.values())
    return sum(n for lang, n in large.items() if lang not in small) / total if total else MISSING


#: Below these a signal is no sign that two reports share anything (cosines of lemma vectors, of
#: headline vectors, of e5 vectors: unrelated e5 texts are rarely below 0.75).
MIN_TEXT, MIN_TITLE, MIN_DENSE = 0.1, 0.2, 0.85
#: The text bar for two long texts whose names are unknown (lower-cased): in cased text, a shared
#: entity is evidence too; here the names are only words in the text vector, and an article set
#: against a whole story's vector (many events' words) rarely reaches ``MIN_TEXT`` on words alone.
#: Set by hand on k-fold rows of the lower-cased shape (0.05 and 0.07 tried; see docs/quality.md).
MIN_TEXT_UNNAMED = 0.05


#: Words (lemmas) two reports must share for their words alone to link them: one word that names
#: nothing ("hours", "strike") is no evidence that two reports tell one story — unless one of them
#: is a snippet of at most ``SNIPPET_WORDS`` distinct lemmas, where one word is an eighth of it.
MIN_SHARED_WORDS = 2
SNIPPET_WORDS = 10


def shares_enough_words(a: Profile, b: Profile) -> bool:
    """Whether two reports share :data:`MIN_SHARED_WORDS` lemmas of their text vectors — or one, when
    one side is a snippet (or its length is unknown)."""
    small, large = (a.text, b.text) if len(a.text) <= len(b.text) else (b.text, a.text)
    needed = 1 if min(a.length, b.length) <= SNIPPET_WORDS else MIN_SHARED_WORDS
    shared = 0
    for k in small:
        if k in large:
            shared += 1
            if shared >= needed:
                return True
    return False


def has_evidence(values: Sequence[float], enough_words: bool = True, long_text: bool = False) -> bool:
    """Whether anything links a pair: an entity they share, words they share in a language they share
    (in any language when neither side's names are known, as in lower-cased text; and when they
    share enough of them: :func:`shares_enough_words`), close dense vectors.  Two ``long_text``
    reports whose names are unknown need less of a text cosine (:data:`MIN_TEXT_UNNAMED`): the
    shared-entity route is closed to them.
    A model's prior alone (learned, say, for candidates in another language, which in labelled
    streams are mostly the same event) must never join two reports that share nothing: the clusterer
    asks this before it lets a probability decide.

    >>> nan = MISSING
    >>> has_evidence([0.02, nan, nan, nan, 0.0, 0.0, 1.0, nan, nan, 1.0, 0.1, 0.0, 0.02, 1.0, 0.0])
    False
    >>> has_evidence([0.02, nan, nan, nan, 0.3, 0.2, 0.0, nan, nan, 1.0, 0.1, 0.0, 0.02, 1.0, 0.0])
    True
    >>> one_word = [0.3, nan, nan, nan, nan, nan, nan, nan, nan, 0.0, 0.5, 0.15, 0.0, 0.5, nan]
    >>> has_evidence(one_word), has_evidence(one_word, enough_words=False)
    (True, False)
    >>> across = [0.3, nan, nan, nan, 0.0, 0.0, 1.0, nan, nan, 1.0, 0.1, 0.0, 0.3, 1.0, nan]
    >>> lower_cased = [0.3, nan, nan, nan, nan, nan, nan, nan, nan, 1.0, 0.1, 0.0, 0.3, 1.0, nan]
    >>> has_evidence(across), has_evidence(lower_cased)  # words across languages: only without names
    (False, True)
    >>> long_lower = [0.07, nan, nan, nan, nan, nan, nan, nan, nan, 0.0, 0.1, 0.0, 0.0, 0.5, nan]
    >>> has_evidence(long_lower), has_evidence(long_lower, long_text=True)
    (False, True)
    """
    text, title, _, _, entities, shared, _, _, dense, other_language = values[:10]
    if entities > 0 or shared > 0:  # nan compares False: a missing signal is no evidence either way
        return True
    same_language = not other_language >= 1.0
    # across languages shared lemmas count only where names are unknown (lower-cased text): there
    # the words two languages share are mostly the names themselves
    names_unknown = entities != entities
    min_text = MIN_TEXT_UNNAMED if names_unknown and long_text else MIN_TEXT
    if (same_language or names_unknown) and enough_words and (text >= min_text or title >= MIN_TITLE):
        return True
    return dense >= MIN_DENSE


def time_gap(a: tuple[float, float] | None, b: tuple[float, float] | None) -> float | None:
    """Days between two intervals (0 when they overlap); ``None`` when a date is unknown."""
    if a is None or b is None:
        return None
    return max(0.0, a[0] - b[1], b[0] - a[1])


def time_factor(gap: float | None, grace: float, scale: float) -> float:
    """1 within ``grace`` days, then ``exp(-(gap - grace) / scale)``; 1 when a date is unknown."""
    if gap is None or gap <= grace:
        return 1.0
    return math.exp(-(gap - grace) / scale)


#: Signals a model reads as their square roots: cosines of sparse lemma vectors are small, and what
#: they say grows fastest near 0 (two languages share a few names; a cosine of 0.05 already says
#: much, 0.5 little more than 0.4).  Measured on SemEval's pairs (5-fold linear fits): the root
#: raised the cross-lingual Pearson from 0.57 to 0.59 and the monolingual one from 0.70 to 0.73.
ROOTED = ("text", "title", "title_text", "entities", "subject", "text_short", "text_other_language")


#: Signals a model reads rescaled from ``[floor, 1]`` to ``[0, 1]`` (below the floor: 0).  e5's cosines
#: between any two news texts lie between about 0.7 and 1, so the plain cosine needs a weight many
#: times larger than the other signals' to move the score, and the fit's L2 penalty holds it back.
#: Measured with ``scripts/dense_quality.py`` (k-fold, on the scored corpora): multilingual pairs
#: 0.745 → 0.786, cross-lingual 0.668 → 0.732 with the floor at 0.7 (0.5: 0.776 / 0.717; 0.6: 0.781
#: / 0.726); with ``dense_other_language`` too, 0.786 / 0.734.
RESCALED = {"dense": 0.7}


def _root(value: float) -> float:
    """A signal's square root (0, negatives and ``nan`` as they are)."""
    return math.sqrt(value) if value > 0 else value


def _read(value: float, root: bool, floor: float) -> float:
    """A present signal as a model reads it: its square root (``root``), or rescaled from
    ``[floor, 1]`` to ``[0, 1]`` (a ``floor`` above 0), or as it is."""
    if root:
        return _root(value)
    if floor:
        return max(0.0, (value - floor) / (1.0 - floor))
    return value


def model_input(
    values: Sequence[float], rooted: Collection[str], rescaled: Mapping[str, float] | None = None
) -> list[float]:
    """The signals as a model fitted with ``rooted`` (:data:`ROOTED`) and ``rescaled``
    (:data:`RESCALED`) reads them (``nan`` stays ``nan``)."""
    floors = rescaled or {}
    return [
        v if v != v else _read(v, name in rooted, floors.get(name, 0.0))
        for name, v in zip(SIGNALS, values, strict=True)
    ]


@dataclass(frozen=True, slots=True)
class Logistic:
    """A logistic combination of :data:`SIGNALS`; a missing signal adds its ``missing`` constant;
    the signals flagged in ``rooted`` enter as their square roots (:data:`ROOTED`), those with a
    floor above 0 in ``floors`` rescaled from it (:data:`RESCALED`)."""

    weights: tuple[float, ...]
    missing: tuple[float, ...]
    bias: float
    rooted: tuple[bool, ...] = (False,) * len(SIGNALS)
    floors: tuple[float, ...] = (0.0,) * len(SIGNALS)

    def logit(self, values: Sequence[float]) -> float:
        z = self.bias
        for value, weight, absent, root, floor in zip(
            values, self.weights, self.missing, self.rooted, self.floors, strict=True
        ):
            if value != value:  # nan != nan: the signal is missing
                z += absent
            else:
                z += weight * _read(value, root, floor)
        return z

    @classmethod
    def from_dict(cls, entry: Mapping[str, Any]) -> Logistic:
        weights, missing = entry["weights"], entry.get("missing", {})
        rooted = set(entry.get("rooted", ()))  # weights fitted before the roots read plain values
        floors = entry.get("rescaled", {})  # (and before the rescaling, plain dense cosines)
        return cls(
            tuple(float(weights.get(s, 0.0)) for s in SIGNALS),
            tuple(float(missing.get(s, 0.0)) for s in SIGNALS),
            float(entry["bias"]),
            tuple(s in rooted for s in SIGNALS),
            tuple(float(floors.get(s, 0.0)) for s in SIGNALS),
        )


_DAYS = SIGNALS.index("days_apart")


@dataclass(frozen=True, slots=True)
class Model:
    """One pair model: a logistic part for pairs whose dates are both known and one for the rest.

    With dates, time tells two happenings of one story apart and the words need not; without,
    the words must (ECB+'s two check-ins into rehab, years apart, undated) — one set of weights
    for both would be wrong for each.  ``threshold``: the probability from which an article
    joins a group, ``short_threshold`` for a short text (a headline, a snippet).
    """

    dated: Logistic
    undated: Logistic
    threshold: float = 0.5
    short_threshold: float = 0.5

    def logit(self, values: Sequence[float]) -> float:
        part = self.undated if values[_DAYS] != values[_DAYS] else self.dated
        return part.logit(values)

    def probability(self, values: Sequence[float]) -> float:
        z = self.logit(values)
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    @classmethod
    def from_dict(cls, entry: Mapping[str, Any]) -> Model:
        if "dated" not in entry:  # one logistic part for both
            dated = undated = Logistic.from_dict(entry)
        else:
            dated, undated = Logistic.from_dict(entry["dated"]), Logistic.from_dict(entry["undated"])
        threshold = float(entry.get("threshold", 0.5))
        return cls(dated, undated, threshold, float(entry.get("short_threshold", threshold)))


@lru_cache(maxsize=8)
def load_models(path: str | None = None, embedder: str = "none") -> dict[str, Model]:
    """The fitted models by name (``event``, ``story``): those at ``path``, else the packaged ones —
    fitted with ``embedder``'s dense vectors when it is on and they ship (``similarity_weights_e5.json``)."""
    if path is None:
        package = resources.files("storyline.cluster")
        name = f"similarity_weights_{embedder}.json"
        if embedder == "none" or not package.joinpath(name).is_file():
            name = "similarity_weights.json"
        raw = package.joinpath(name).read_text(encoding="utf-8")
    else:
        with open(path, encoding="utf-8") as handle:
            raw = handle.read()
    data = json.loads(raw)
    return {name: Model.from_dict(entry) for name, entry in data["models"].items()}

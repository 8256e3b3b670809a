"""The signals that say two reports belong together, and how they are combined.

Signals (each in [0, 1]): cosine of the lemma TF-IDF vectors of the bodies, of the titles,
and of the entity vectors (entity IDF: a country everyone mentions weighs little, a
minister's name a lot); the number of shared rare entities; each headline against the other
body (cosine) and the share of each headline's lemmas the other text uses at all.  They are combined by a
logistic model whose weights are fitted on labelled pairs (``scripts/fit_similarity.py``:
ECB+ train/dev pairs for "same event", SemEval German dev pairs for "same story") and
stored in ``similarity_weights.json``.  Time is not learned (the labelled sets have no
dates); it gates the content score: reports within ``grace`` days of each other are not
penalised, further apart the score decays with ``scale`` days — and a date known only to
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
from operator import mul

from .vectors import dot

SIGNALS = (
    "body",
    "title",
    "entities",
    "shared_entities",
    "no_title",
    "entity_conflict",
    "year_conflict",
    "title_body",
    "title_coverage",
)


@dataclass(frozen=True, slots=True)
class Profile:
    """A report or a group of reports, as the similarity sees it (vectors L2-normalised)."""

    body: Mapping[str, float]
    title: Mapping[str, float]
    entities: Mapping[str, float]
    time: tuple[float, float] | None
    years: Mapping[str, float] = field(default_factory=dict)  # years the text mentions
    vocabulary: AbstractSet[str] = frozenset()  # every lemma of the text (the body vector keeps the heaviest)
    index_keys: tuple[str, ...] = ()  # its inverted-index keys, when computed once for both clusterers
    # 1 / L2 norm of body, title and entities: a group's profile is its running sums (not copied
    # into unit vectors each time a member joins), an article's vectors are unit already
    scale: tuple[float, float, float] = (1.0, 1.0, 1.0)


def signals(a: Profile, b: Profile, rare: Collection[str] | None = None) -> list[float]:
    """The content signals of a pair, in the order of :data:`SIGNALS`; ``rare``: the distinctive entities."""
    shared = a.entities.keys() & b.entities.keys()
    if rare is None:
        rare_shared, distinctive = len(shared), True
    else:
        rare_set = rare if isinstance(rare, AbstractSet) else set(rare)
        rare_shared, distinctive = len(shared & rare_set), not rare_set.isdisjoint(a.entities)
    no_title = 1.0 if not a.title or not b.title else 0.0
    # Both name distinctive people, places or organisations, and not one of them the same:
    # two different happenings of the same kind (two rehab check-ins, two earthquakes).
    conflict = 1.0 if distinctive and a.entities and b.entities and rare_shared == 0 else 0.0
    (a_body, a_title, a_entities), (b_body, b_title, b_entities) = a.scale, b.scale
    return [
        dot(a.body, b.body) * a_body * b_body,
        dot(a.title, b.title) * a_title * b_title if not no_title else 0.0,
        dot(a.entities, b.entities) * a_entities * b_entities,
        min(rare_shared, 5) / 5,
        no_title,
        conflict,
        # both mention years and none in common: reports of happenings years apart
        1.0 if a.years and b.years and a.years.keys().isdisjoint(b.years) else 0.0,
        # one side's headline against the other's body: a headline sums up what the other tells at length
        max(dot(a.title, b.body) * a_title * b_body, dot(b.title, a.body) * b_title * a_body),
        # how much of each headline's wording the other text uses anywhere (unweighted; headlines only)
        _coverage(a, b),
    ]


def _coverage(a: Profile, b: Profile) -> float:
    shares = [
        len(x.title.keys() & (y.vocabulary or y.body.keys())) / (len(x.title) + 1)
        for x, y in ((a, b), (b, a))
        if x.title
    ]
    return sum(shares) / len(shares) if shares else 0.0


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


@dataclass(frozen=True, slots=True)
class Model:
    """A logistic combination of :data:`SIGNALS`."""

    weights: tuple[float, ...]
    bias: float

    def probability(self, values: Sequence[float]) -> float:
        z = self.bias + sum(map(mul, self.weights, values))  # both in the order of SIGNALS
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


@lru_cache(maxsize=4)
def load_models(path: str | None = None) -> dict[str, Model]:
    """The fitted models by name (``event``, ``story``)."""
    if path is None:
        raw = resources.files("storyline.cluster").joinpath("similarity_weights.json").read_text(encoding="utf-8")
    else:
        with open(path, encoding="utf-8") as handle:
            raw = handle.read()
    data = json.loads(raw)
    return {
        name: Model(tuple(float(entry["weights"].get(s, 0.0)) for s in SIGNALS), float(entry["bias"]))
        for name, entry in data["models"].items()
    }

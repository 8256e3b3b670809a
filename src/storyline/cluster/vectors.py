"""Sparse vectors as plain dicts, and document frequencies learned online.

These run a few hundred times per article in the engine's single stream, so they lean on
what CPython does in C: ``Counter.update`` over keys, sorting with ``dict.__getitem__`` as
the key, set intersection of key views, ``math.hypot``.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from itertools import repeat

import numpy as np

Vector = dict[str, float]
_NUMPY_FROM = 48  # keys from which weighing in numpy beats a dict comprehension


class DocumentFrequencies:
    """How many articles so far held each key; IDF from it, smoothed for a young stream.

    ``prior`` pseudo-documents that hold no key keep the first articles from being judged
    by an empty vocabulary: with none seen, every key weighs ``log(1 + prior)``.

    >>> df = DocumentFrequencies(prior=10)
    >>> df.learn_one({"syrien": 1, "und": 1}); df.learn_one({"und": 2})
    >>> df.idf("syrien") > df.idf("und")
    True
    """

    def __init__(self, prior: float = 20.0) -> None:
        self.prior = prior
        self.documents_ = 0
        self._counts: Counter[str] = Counter()

    def __repr__(self) -> str:
        return f"DocumentFrequencies(prior={self.prior})"

    def learn_one(self, keys: Iterable[str]) -> None:
        """Count one document holding ``keys`` (a mapping's keys count once each)."""
        self.documents_ += 1
        self._counts.update(iter(keys))  # an iterator, not a mapping: counted in C

    def count(self, key: str) -> int:
        return self._counts.get(key, 0)

    def idf(self, key: str) -> float:
        return math.log(self.documents_ + self.prior + 1) - math.log(self._counts.get(key, 0) + 1)

    def weigh(self, counts: Mapping[str, int], top: int | None = None) -> Vector:
        """``(1 + log tf) · idf`` per key, L2-normalised; only the ``top`` heaviest keys if given."""
        total = math.log(self.documents_ + self.prior + 1)
        if len(counts) >= _NUMPY_FROM:  # an article's body: one pass in numpy instead of a few hundred in Python
            keys = list(counts)
            tf = np.fromiter(counts.values(), dtype=np.float64, count=len(keys))
            df = np.fromiter(map(self._counts.get, keys, repeat(0)), dtype=np.float64, count=len(keys))
            weights = (1.0 + np.log(tf)) * (total - np.log(df + 1.0))
            if top is not None and len(keys) > top:
                chosen = np.argsort(-weights, kind="stable")[:top]  # heaviest first, ties in key order
                keys, weights = [keys[i] for i in chosen.tolist()], weights[chosen]
            norm = math.sqrt(float(weights @ weights))
            return dict(zip(keys, (weights / norm).tolist(), strict=True)) if norm > 0 else {}
        log, get = math.log, self._counts.get
        vector = {key: (1.0 + log(count)) * (total - log(get(key, 0) + 1)) for key, count in counts.items()}
        if top is not None and len(vector) > top:
            vector = truncated(vector, top)
        return normalized(vector)

    def prune(self, keep: int) -> None:
        """Forget the rarest keys once more than ``keep`` are counted (memory stays flat)."""
        if len(self._counts) > keep:
            self._counts = Counter(dict(self._counts.most_common(keep // 2)))


def normalized(vector: Mapping[str, float]) -> Vector:
    norm = math.hypot(*vector.values())
    if norm <= 0:
        return {}
    scale = 1.0 / norm
    return {key: value * scale for key, value in vector.items()}


def dot(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    """Dot product of two sparse vectors."""
    if len(a) > len(b):
        a, b = b, a
    # the set intersection runs in C, a fifth faster with the larger side first
    return sum([a[key] * b[key] for key in b.keys() & a.keys()])


def cosine(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    """Cosine of two vectors (both already normalised)."""
    return dot(a, b)


def inverse_norm(vector: Mapping[str, float] | Sequence[float]) -> float:
    """1 / the L2 norm (0 for the zero vector, so that it scores 0 against anything)."""
    norm = math.hypot(*(vector.values() if isinstance(vector, Mapping) else vector))
    return 1.0 / norm if norm > 0 else 0.0


def add_into(total: dict[str, float], vector: Mapping[str, float], weight: float = 1.0) -> None:
    get = total.get
    if weight == 1.0:
        for key, value in vector.items():
            total[key] = get(key, 0.0) + value
    else:
        for key, value in vector.items():
            total[key] = get(key, 0.0) + weight * value


def heaviest(vector: Mapping[str, float], top: int) -> list[str]:
    """The ``top`` keys of largest value, heaviest first (ties in insertion order)."""
    return sorted(vector, key=vector.__getitem__, reverse=True)[:top]


def truncated(vector: Mapping[str, float], top: int) -> Vector:
    if len(vector) <= top:
        return dict(vector)
    return {key: vector[key] for key in heaviest(vector, top)}

"""Sparse vectors as plain dicts, and document frequencies learned online."""

from __future__ import annotations

import math
from collections.abc import Mapping

Vector = dict[str, float]


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
        self._counts: dict[str, int] = {}

    def __repr__(self) -> str:
        return f"DocumentFrequencies(prior={self.prior})"

    def learn_one(self, keys: Mapping[str, object]) -> None:
        self.documents_ += 1
        counts = self._counts
        for key in keys:
            counts[key] = counts.get(key, 0) + 1

    def count(self, key: str) -> int:
        return self._counts.get(key, 0)

    def idf(self, key: str) -> float:
        return math.log((self.documents_ + self.prior + 1) / (self._counts.get(key, 0) + 1))

    def weigh(self, counts: Mapping[str, int], top: int | None = None) -> Vector:
        """``(1 + log tf) · idf`` per key, L2-normalised; only the ``top`` heaviest keys if given."""
        vector = {key: (1.0 + math.log(count)) * self.idf(key) for key, count in counts.items() if count > 0}
        if top is not None and len(vector) > top:
            vector = dict(sorted(vector.items(), key=lambda item: -item[1])[:top])
        return normalized(vector)

    def prune(self, keep: int) -> None:
        """Forget the rarest keys once more than ``keep`` are counted (memory stays flat)."""
        if len(self._counts) > keep:
            ranked = sorted(self._counts.items(), key=lambda item: -item[1])[: keep // 2]
            self._counts = dict(ranked)


def normalized(vector: Mapping[str, float]) -> Vector:
    norm = math.sqrt(sum(value * value for value in vector.values()))
    return {key: value / norm for key, value in vector.items()} if norm > 0 else {}


def cosine(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    """Cosine of two vectors (both already normalised)."""
    if len(a) > len(b):
        a, b = b, a
    return sum([a[key] * b[key] for key in a.keys() & b.keys()])  # the set intersection runs in C


def add_into(total: dict[str, float], vector: Mapping[str, float], weight: float = 1.0) -> None:
    for key, value in vector.items():
        total[key] = total.get(key, 0.0) + weight * value


def truncated(vector: Mapping[str, float], top: int) -> Vector:
    if len(vector) <= top:
        return dict(vector)
    return dict(sorted(vector.items(), key=lambda item: -item[1])[:top])

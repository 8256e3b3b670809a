"""Near-duplicate detection (syndicated wire copies, re-posts) with MinHash LSH.

Each article gets a MinHash signature of its word shingles (computed in the parallel
per-article stage); the :class:`CopyDetector` is the sequential part: it remembers the
signatures of recent articles in a datasketch ``MinHashLSH`` index and answers, for each
new article, the first earlier article it copies.  Nothing is dropped: a copy is stored
with ``duplicate_of`` pointing at the first copy.
"""

from __future__ import annotations

import re
import zlib
from collections import deque
from collections.abc import Iterable

import numpy as np
from datasketch import MinHash, MinHashLSH

from .options import Options

_TOKEN = re.compile(r"\w+", re.UNICODE)
_SEED = 1  # fixed so that signatures stored by one run are comparable with the next
_SCHEME = "affine32"  # 32-bit hash values: 4 bytes a permutation in the store


def _hash32(data: bytes) -> int:
    # crc32 is a C call; datasketch's default sha1 costs three times more per shingle and
    # its extra quality does not matter after 128 random permutations.
    return zlib.crc32(data)


def signature(text: str, options: Options) -> bytes:
    """MinHash signature of ``text``'s word shingles, as bytes for the store."""
    tokens = _TOKEN.findall(text.casefold())
    k = options.shingle_words
    if len(tokens) < k:
        shingles = {" ".join(tokens).encode("utf-8")}
    else:
        shingles = {" ".join(tokens[i : i + k]).encode("utf-8") for i in range(len(tokens) - k + 1)}
    minhash = MinHash(
        num_perm=options.num_perm,
        seed=_SEED,
        hashfunc=_hash32,
        permutations=_permutations(options.num_perm),
        scheme=_SCHEME,
    )
    minhash.update_batch(list(shingles))
    return minhash.hashvalues.astype("<u4").tobytes()


_PERMUTATIONS: dict[int, tuple[np.ndarray, np.ndarray]] = {}


def _permutations(num_perm: int) -> tuple[np.ndarray, np.ndarray]:
    """datasketch draws the permutations anew for every MinHash; they depend only on the seed."""
    if num_perm not in _PERMUTATIONS:
        _PERMUTATIONS[num_perm] = MinHash(num_perm=num_perm, seed=_SEED, scheme=_SCHEME).permutations
    return _PERMUTATIONS[num_perm]


def _minhash(signature_bytes: bytes, num_perm: int) -> MinHash:
    values = np.frombuffer(signature_bytes, dtype="<u4").astype(np.uint64)
    return MinHash(
        num_perm=num_perm, seed=_SEED, hashvalues=values, permutations=_permutations(num_perm), scheme=_SCHEME
    )


class CopyDetector:
    """Online copy detection: ``learn_one`` remembers an article, ``predict_one`` finds its original.

    >>> options = Options()
    >>> detector = CopyDetector(options)
    >>> wire = "Die Minister trafen sich am Freitag in Genf und sprachen neun Stunden lang über eine Waffenruhe."
    >>> detector.learn_one("a", signature(wire, options))
    >>> detector.predict_one(signature(wire + " Das meldet die Agentur.", options))
    'a'
    """

    def __init__(self, options: Options | None = None) -> None:
        self.options = options or Options()
        self._lsh = MinHashLSH(threshold=self.options.duplicate_threshold, num_perm=self.options.num_perm)
        self._order: deque[str] = deque()
        self._remembered: dict[str, tuple[int, bytes]] = {}  # id -> (arrival number, signature)
        self._arrivals = 0

    def __repr__(self) -> str:
        return f"CopyDetector(threshold={self.options.duplicate_threshold}, remembered={len(self._order)})"

    def __contains__(self, article_id: str) -> bool:
        return article_id in self._remembered

    def predict_one(self, signature_bytes: bytes) -> str | None:
        """Id of the earliest remembered article this signature copies, or ``None``."""
        query = _minhash(signature_bytes, self.options.num_perm)
        best: tuple[int, str] | None = None
        for candidate in self._lsh.query(query):
            arrival, other = self._remembered[candidate]
            similar = query.jaccard(_minhash(other, self.options.num_perm)) >= self.options.duplicate_threshold
            if similar and (best is None or arrival < best[0]):
                best = (arrival, candidate)
        return best[1] if best else None

    def learn_one(self, article_id: str, signature_bytes: bytes) -> None:
        """Remember an article; the oldest is forgotten past ``options.dedup_memory``."""
        if article_id in self._remembered:
            return
        self._lsh.insert(article_id, _minhash(signature_bytes, self.options.num_perm), check_duplication=False)
        self._remembered[article_id] = (self._arrivals, signature_bytes)
        self._arrivals += 1
        self._order.append(article_id)
        while len(self._order) > self.options.dedup_memory:
            oldest = self._order.popleft()
            self._lsh.remove(oldest)
            del self._remembered[oldest]

    def learn_many(self, items: Iterable[tuple[str, bytes]]) -> None:
        for article_id, signature_bytes in items:
            self.learn_one(article_id, signature_bytes)

"""Near-duplicate detection (syndicated wire copies, re-posts) with MinHash LSH.

Each article gets a MinHash signature of its word shingles (computed in the parallel
per-article stage); the :class:`CopyDetector` is the sequential part: it remembers the
signatures of recent articles in an LSH index (bands as chosen by datasketch's
``MinHashLSH`` for the threshold) and answers, for each new article, the first earlier
article it copies.  Nothing is dropped: a copy is stored
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


_MULTIPLIER = np.uint64(0x9E3779B1)  # odd 32-bit constant (golden ratio) to mix word hashes
_MASK = np.uint64(0xFFFFFFFF)


_WORD_HASHES: dict[str, int] = {}
_WORD_HASHES_MAX = 500_000


def _identity(value: int) -> int:
    return value


def shingle_hashes(text: str, words: int) -> np.ndarray:
    """32-bit hashes of the ``words``-word shingles of ``text`` (case-folded), deduplicated.

    Each word is hashed once with crc32 (stable across processes and runs, unlike ``hash``);
    a shingle's hash combines its words' hashes polynomially, vectorised with numpy.
    """
    tokens = _TOKEN.findall(text.casefold()) or [""]
    known = _WORD_HASHES
    if len(known) > _WORD_HASHES_MAX:  # news vocabulary is Zipfian: a bounded memo hits almost always
        known.clear()
    missing = [t for t in set(tokens) if t not in known]
    for token in missing:
        known[token] = zlib.crc32(token.encode("utf-8"))
    hashes = np.fromiter(map(known.__getitem__, tokens), dtype=np.uint64, count=len(tokens))
    k = min(words, len(hashes))
    combined = hashes[: len(hashes) - k + 1].copy()
    for offset in range(1, k):
        combined = (combined * _MULTIPLIER + hashes[offset : len(hashes) - k + 1 + offset]) & _MASK
    return np.unique(combined)


def signature(text: str, options: Options) -> bytes:
    """MinHash signature of ``text``'s word shingles, as bytes for the store."""
    minhash = MinHash(
        num_perm=options.num_perm,
        seed=_SEED,
        hashfunc=_identity,
        permutations=_permutations(options.num_perm),
        scheme=_SCHEME,
    )
    minhash.update_batch(shingle_hashes(text, options.shingle_words).tolist())
    return minhash.hashvalues.astype("<u4").tobytes()


_PERMUTATIONS: dict[int, tuple[np.ndarray, np.ndarray]] = {}


def _permutations(num_perm: int) -> tuple[np.ndarray, np.ndarray]:
    """datasketch draws the permutations anew for every MinHash; they depend only on the seed."""
    if num_perm not in _PERMUTATIONS:
        _PERMUTATIONS[num_perm] = MinHash(num_perm=num_perm, seed=_SEED, scheme=_SCHEME).permutations
    return _PERMUTATIONS[num_perm]


class CopyDetector:
    """Online copy detection: ``learn_one`` remembers an article, ``predict_one`` finds its first copy.

    An LSH index over the signatures' bands (datasketch's choice of ``b`` bands of ``r``
    rows for the threshold) finds candidates in constant time; a candidate is a copy when
    the share of equal MinHash values (the Jaccard estimate) reaches the threshold.  The
    buckets are plain dicts keyed by a band's bytes, so a lookup costs a slice and a hash.

    >>> options = Options()
    >>> detector = CopyDetector(options)
    >>> wire = "Die Minister trafen sich am Freitag in Genf und sprachen neun Stunden lang über eine Waffenruhe."
    >>> detector.learn_one("a", signature(wire, options))
    >>> detector.predict_one(signature(wire + " Das meldet die Agentur.", options))
    'a'
    """

    def __init__(self, options: Options | None = None) -> None:
        self.options = options or Options()
        lsh = MinHashLSH(threshold=self.options.duplicate_threshold, num_perm=self.options.num_perm)
        self._band_bytes = 4 * lsh.r  # 4 bytes a 32-bit hash value
        self._bands = lsh.b
        self._buckets: list[dict[bytes, list[str]]] = [{} for _ in range(self._bands)]
        self._order: deque[str] = deque()
        self._remembered: dict[str, tuple[int, bytes]] = {}  # id -> (arrival number, signature)
        self._roots: dict[str, str] = {}  # copy id -> id of the first copy
        self._arrivals = 0

    def __repr__(self) -> str:
        return f"CopyDetector(threshold={self.options.duplicate_threshold}, remembered={len(self._order)})"

    def __contains__(self, article_id: str) -> bool:
        return article_id in self._remembered

    def _keys(self, signature_bytes: bytes) -> list[bytes]:
        size = self._band_bytes
        return [signature_bytes[band * size : (band + 1) * size] for band in range(self._bands)]

    def predict_one(self, signature_bytes: bytes) -> str | None:
        """Id of the first copy of the text this signature belongs to, or ``None``.

        Candidates are checked oldest first and the first one similar enough wins, so a text
        copied a hundred times costs one comparison, not a hundred.  A copy of a copy points
        to the first copy, not to the copy in between.
        """
        found: set[str] = set()
        for bucket, key in zip(self._buckets, self._keys(signature_bytes), strict=True):
            ids = bucket.get(key)
            if ids:
                found.update(ids)
        if not found:
            return None
        values = np.frombuffer(signature_bytes, dtype="<u4")
        for _, candidate in sorted((self._remembered[c][0], c) for c in found):
            other = np.frombuffer(self._remembered[candidate][1], dtype="<u4")
            if np.count_nonzero(values == other) / len(values) >= self.options.duplicate_threshold:
                return self._roots.get(candidate, candidate)
        return None

    def learn_one(self, article_id: str, signature_bytes: bytes, duplicate_of: str | None = None) -> None:
        """Remember an article (and the first copy it copies); the oldest are forgotten past ``dedup_memory``."""
        if article_id in self._remembered:
            return
        for bucket, key in zip(self._buckets, self._keys(signature_bytes), strict=True):
            bucket.setdefault(key, []).append(article_id)
        self._remembered[article_id] = (self._arrivals, signature_bytes)
        if duplicate_of is not None:
            self._roots[article_id] = duplicate_of
        self._arrivals += 1
        self._order.append(article_id)
        while len(self._order) > self.options.dedup_memory:
            self._forget(self._order.popleft())

    def _forget(self, article_id: str) -> None:
        _, signature_bytes = self._remembered.pop(article_id)
        for bucket, key in zip(self._buckets, self._keys(signature_bytes), strict=True):
            ids = bucket[key]
            ids.remove(article_id)
            if not ids:
                del bucket[key]
        self._roots.pop(article_id, None)

    def learn_many(self, items: Iterable[tuple[str, bytes, str | None]]) -> None:
        for article_id, signature_bytes, duplicate_of in items:
            self.learn_one(article_id, signature_bytes, duplicate_of)

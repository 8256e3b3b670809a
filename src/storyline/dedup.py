"""Near-duplicate detection (syndicated wire copies, re-posts) with MinHash LSH.

Each article gets a MinHash signature of its word shingles (computed in the parallel
per-article stage); the :class:`CopyDetector` is the sequential part: it remembers the
signatures of recent articles in an LSH index (bands as chosen by datasketch's
``MinHashLSH`` for the threshold) and answers, for each new article, the first earlier
article it copies.  Nothing is dropped: a copy is stored
with ``duplicate_of`` pointing at the first copy.
"""

from __future__ import annotations

import heapq
import re
import zlib
from collections import deque
from collections.abc import Iterable

import numpy as np
from datasketch import MinHash, MinHashLSH
from datasketch.minhash import _fmix  # the scheme's pre-mix, so that values match MinHash's

from .options import Options

_TOKEN = re.compile(r"\w+", re.UNICODE)
_SEED = 1  # fixed so that signatures stored by one run are comparable with the next
_SCHEME = "affine32"  # 32-bit hash values: 4 bytes a permutation in the store


_MULTIPLIER = np.uint64(0x9E3779B1)  # odd 32-bit constant (golden ratio) to mix word hashes
_MASK = np.uint64(0xFFFFFFFF)
_WIDTH = 32  # bits of a hash value in the affine32 scheme
_CHUNK = 4096  # shingles permuted at a time: bounds the (shingles x num_perm) array of a huge text


class _WordHashes(dict[str, int]):
    """crc32 of each word (stable across processes and runs, unlike ``hash``), remembered.

    News vocabulary is Zipfian: a bounded memo hits almost always; past the bound it starts over.
    """

    def __missing__(self, word: str) -> int:
        if len(self) >= _WORD_HASHES_MAX:
            self.clear()
        value = self[word] = zlib.crc32(word.encode("utf-8"))
        return value


_WORD_HASHES = _WordHashes()
_WORD_HASHES_MAX = 500_000


def shingle_hashes(text: str, words: int) -> np.ndarray:
    """32-bit hashes (``uint64`` array) of the ``words``-word shingles of ``text`` (case-folded).

    Each word is hashed once with crc32; a shingle's hash combines its words' hashes
    polynomially, vectorised with numpy.  A shingle that occurs twice is hashed twice: a
    MinHash, a minimum, does not change with repeats.
    """
    tokens = _TOKEN.findall(text.casefold()) or [""]
    hashes = np.fromiter(map(_WORD_HASHES.__getitem__, tokens), dtype=np.uint64, count=len(tokens))
    k = min(words, len(hashes))
    combined = hashes[: len(hashes) - k + 1].copy()
    for offset in range(1, k):
        combined = (combined * _MULTIPLIER + hashes[offset : len(hashes) - k + 1 + offset]) & _MASK
    return combined


def signature(text: str, options: Options) -> bytes:
    """MinHash signature of ``text``'s word shingles, as bytes for the store.

    The values are those of datasketch's ``MinHash(scheme="affine32")`` after
    ``update_batch`` with the shingle hashes (identity ``hashfunc``): each hash is pre-mixed
    with datasketch's finaliser, permuted by every ``(a, b)`` of the sketch's permutations,
    and the minimum kept per permutation.  All shingles are permuted at once in numpy instead
    of one Python call per shingle, which is most of ``update_batch``'s time on news-sized
    texts; ``tests/test_dedup.py`` checks that both give the same values.
    """
    a, b = _permutations(options.num_perm)
    hashes = _fmix(shingle_hashes(text, options.shingle_words).astype(np.uint32), _WIDTH)[:, np.newaxis]
    values = _permuted_min(hashes[:_CHUNK], a, b)
    for start in range(_CHUNK, len(hashes), _CHUNK):
        np.minimum(values, _permuted_min(hashes[start : start + _CHUNK], a, b), out=values)
    return values.astype("<u4").tobytes()


def _permuted_min(hashes: np.ndarray, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Per permutation, the least ``a * hash + b`` over a column of hashes (uint32: modulo 2**32, as in datasketch)."""
    permuted = hashes * a
    permuted += b
    return permuted.min(axis=0)


_PERMUTATIONS: dict[int, tuple[np.ndarray, np.ndarray]] = {}


def _permutations(num_perm: int) -> tuple[np.ndarray, np.ndarray]:
    """datasketch's permutations ``(a, b)`` for ``num_perm`` and the fixed seed (they depend on nothing else)."""
    if num_perm not in _PERMUTATIONS:
        a, b = MinHash(num_perm=num_perm, seed=_SEED, scheme=_SCHEME).permutations
        _PERMUTATIONS[num_perm] = (a, b)
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
        self._remembered: dict[str, bytes] = {}  # id -> signature
        self._arrival: dict[str, int] = {}  # id -> arrival number
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
        postings = [ids for ids in map(dict.get, self._buckets, self._keys(signature_bytes)) if ids]
        if not postings:
            return None
        values = np.frombuffer(signature_bytes, dtype="<u4")
        tried: set[str] = set()
        # Every bucket lists its ids in arrival order, so merging them yields the candidates
        # oldest first, lazily: a text copied a hundred times is settled by its first copy
        # without sorting the hundred.
        for candidate in heapq.merge(*postings, key=self._arrival.__getitem__):
            if candidate in tried:
                continue
            tried.add(candidate)
            other = np.frombuffer(self._remembered[candidate], dtype="<u4")
            if np.count_nonzero(values == other) / len(values) >= self.options.duplicate_threshold:
                return self._roots.get(candidate, candidate)
        return None

    def learn_one(self, article_id: str, signature_bytes: bytes, duplicate_of: str | None = None) -> None:
        """Remember an article (and the first copy it copies); the oldest are forgotten past ``dedup_memory``."""
        if article_id in self._remembered:
            return
        for bucket, key in zip(self._buckets, self._keys(signature_bytes), strict=True):
            bucket.setdefault(key, []).append(article_id)
        self._remembered[article_id] = signature_bytes
        self._arrival[article_id] = self._arrivals
        if duplicate_of is not None:
            self._roots[article_id] = duplicate_of
        self._arrivals += 1
        self._order.append(article_id)
        while len(self._order) > self.options.dedup_memory:
            self._forget(self._order.popleft())

    def _forget(self, article_id: str) -> None:
        signature_bytes = self._remembered.pop(article_id)
        del self._arrival[article_id]
        for bucket, key in zip(self._buckets, self._keys(signature_bytes), strict=True):
            ids = bucket[key]
            ids.remove(article_id)
            if not ids:
                del bucket[key]
        self._roots.pop(article_id, None)

    def learn_many(self, items: Iterable[tuple[str, bytes, str | None]]) -> None:
        for article_id, signature_bytes, duplicate_of in items:
            self.learn_one(article_id, signature_bytes, duplicate_of)

"""An extractive summary: 3–5 whole sentences from the members, central and not redundant.

Sentences come from pysbd, paragraph by paragraph of the cleaned text (a headline or a
caption line never runs into the next sentence), in the story's main language, from one copy
of each wire text.  A sentence is a candidate only if it is whole: it starts with a capital
(or a quote, or a digit), ends with a full stop, question or exclamation mark (or a closing
quote after one), holds 6–45 words, no url and no unbalanced quotes.  Large stories are read
from their 12 articles closest to the centroid, each from the paragraphs starting in its first 2,500
characters (sentence splitting is the cost).  Candidates are scored by
the cosine of their lemma vector to the story's centroid (centroid summarisation, Radev et al.
2004) with a small bonus for lead sentences, then picked by maximal marginal relevance
(Carbonell & Goldstein 1998): ``λ · score − (1 − λ) · max similarity to those picked``.  The picked
sentences are shown in the order of the timeline (their event's date, then the article's, then
their place in it).  A story told only in short texts without whole sentences (a feed of headlines,
lower-cased or not) is summarised by its most central headlines instead.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ..features import terms_of
from .members import Member, Weights, cosine, main_language, originals
from .title import strip_dateline

_PYSBD_LANGS = {"de", "en", "fr", "es", "it", "nl", "pl", "ru", "da", "el", "bg", "ar", "fa", "hi", "ja", "zh", "am"}
_STARTS_WELL = re.compile(r"^[\"„“«»‚'(]?[A-ZÀ-ÖØ-ÞĀ-Ž0-9]")
_ENDS_WELL = re.compile(r"[.!?](?:[\"“”»«'’)]+)?$")
_URL = re.compile(r"https?://|www\.|\.(?:com|de|org|net|ch|at)/", re.IGNORECASE)
_CHROME = re.compile(
    r"\b(?:Foto|Bild|Photo|Image|Quelle|Source|Copyright|©|Lesen Sie auch|Read more|Mehr zum Thema|Anzeige|"
    r"Advertisement|Newsletter|Cookie|abonnieren|subscribe)\b",
    re.IGNORECASE,
)
_QUOTE_PAIRS = (("„", "“"), ("«", "»"), ("(", ")"))
MMR_LAMBDA = 0.7
LEAD_BONUS = 0.15
MAX_ARTICLES = 12  # the most central articles of a large story are read for sentences
READ_CHARS = 2500  # of each, the paragraphs that start within its first characters (news puts the gist first)


@dataclass(frozen=True, slots=True)
class Sentence:
    """A candidate sentence and where it comes from."""

    text: str
    member: Member
    position: int  # index among the article's sentences
    vector: dict[str, float]
    score: float = 0.0


#: pysbd builds a regular expression per abbreviation it meets and compiles it on every call; with
#: Python's default cache of 512 compiled patterns, segmenting news evicts and recompiles them
#: without end (60 % of a digest's time, measured).  A larger cache keeps them all.
REGEX_CACHE = 16_384


@lru_cache(maxsize=32)
def _segmenter(lang: str) -> Any:
    import pysbd

    if getattr(re, "_MAXCACHE", REGEX_CACHE) < REGEX_CACHE:
        re._MAXCACHE = REGEX_CACHE  # type: ignore[attr-defined]

    return pysbd.Segmenter(language=lang if lang in _PYSBD_LANGS else "en", clean=False)


def sentences(text: str, lang: str | None) -> list[str]:
    """The sentences of a text (pysbd, one call per text); a line break always ends a sentence.

    >>> sentences("Die Gespräche gehen weiter. Am 3. März beginnt die zweite Runde.\\nKurze Zeile", "de")
    ['Die Gespräche gehen weiter.', 'Am 3. März beginnt die zweite Runde.', 'Kurze Zeile']
    """
    return list(_sentences(text, lang))


@lru_cache(maxsize=16_384)
def _sentences(text: str, lang: str | None) -> tuple[str, ...]:
    """Cached: a story is digested again whenever an article joins it, and pysbd (~15 ms a text) would
    split the same leads again each time."""
    text = "\n".join(line.strip() for line in text.split("\n") if line.strip())
    if not text:
        return ()
    found: list[str] = []
    for segment in _segmenter(lang or "en").segment(text):
        found.extend(part.strip() for part in segment.split("\n") if part.strip())
    return tuple(found)


def is_whole(sentence: str) -> bool:
    """A sentence fit for a summary: complete, of a sensible length, no chrome, balanced quotes.

    >>> is_whole("Die Gewerkschaft kündigte am Montag einen Streik von 48 Stunden an."), is_whole("Foto: dpa")
    (True, False)
    """
    words = len(sentence.split())
    if not 6 <= words <= 45 or not _STARTS_WELL.match(sentence) or not _ENDS_WELL.search(sentence):
        return False
    if _URL.search(sentence) or _CHROME.search(sentence) or sentence.endswith("…"):
        return False
    if sentence.count('"') % 2:
        return False
    return all(sentence.count(a) == sentence.count(b) for a, b in _QUOTE_PAIRS)


def summarize(
    members: Sequence[Member],
    weights: Weights,
    order: Callable[[Member], tuple[Any, ...]] | None = None,
    size: int | None = None,
) -> list[str]:
    """3–5 sentences (``size`` if given) summarising ``members``; ``order`` sorts members along the timeline."""
    lang = main_language(members)
    pool = [m for m in originals(members) if not lang or m.article.lang in (lang, None)]
    if len(pool) > MAX_ARTICLES:  # sentence splitting is the cost: read the articles closest to the centroid
        closeness = {m.id: weights.closeness(weights.vector(m.features.terms)) for m in pool}
        pool = sorted(pool, key=lambda m: -closeness[m.id])[:MAX_ARTICLES]
    candidates: list[Sentence] = []
    headlines: list[Sentence] = []  # for a feed of headlines only (no whole sentences to pick)
    seen: set[str] = set()
    for member in pool:
        for position, text in enumerate(sentences(_lead(member.article.text), member.article.lang)):
            if position == 0:
                text = strip_dateline(text)
            key = " ".join(text.lower().split())
            whole = is_whole(text)
            if key in seen or not (whole or _headline_like(text)):
                continue
            seen.add(key)
            vector = weights.vector(terms_of(text, member.article.lang))
            if not vector:
                continue
            score = weights.closeness(vector) + LEAD_BONUS * max(0.0, 1.0 - position / 3)
            (candidates if whole else headlines).append(Sentence(text, member, position, vector, score))
    if len(candidates) < 3 and not any(len(m.article.text.split()) > 40 for m in pool):
        candidates += headlines  # short texts without sentence ends: the headlines themselves
    if size is None:
        events = len({m.event for m in pool})
        size = max(3, min(5, 2 + events))
    picked = _mmr(candidates, size)
    rank = order or (lambda m: ())
    picked.sort(key=lambda s: (rank(s.member), s.member.stored.seq, s.position))
    return [s.text for s in picked]


def _headline_like(text: str) -> bool:
    """A line of a headline feed: 4-30 words, no url or chrome, whatever its case and final mark."""
    return 4 <= len(text.split()) <= 30 and not _URL.search(text) and not _CHROME.search(text)


def _lead(text: str) -> str:
    """The paragraphs of ``text`` that start within its first :data:`READ_CHARS` characters."""
    if len(text) <= READ_CHARS:
        return text
    cut = text.find("\n", READ_CHARS)
    return text if cut < 0 else text[:cut]


def _mmr(candidates: list[Sentence], size: int) -> list[Sentence]:
    picked: list[Sentence] = []
    remaining = sorted(candidates, key=lambda s: -s.score)
    while remaining and len(picked) < size:
        best_index, best_value = 0, float("-inf")
        for index, sentence in enumerate(remaining):
            redundancy = max((cosine(sentence.vector, p.vector) for p in picked), default=0.0)
            value = MMR_LAMBDA * sentence.score - (1 - MMR_LAMBDA) * redundancy
            if redundancy > 0.6:  # the same statement again, reworded by another outlet
                value -= 1.0
            if value > best_value:
                best_index, best_value = index, value
        picked.append(remaining.pop(best_index))
    return picked

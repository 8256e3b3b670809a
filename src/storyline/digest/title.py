"""A headline for a story or an event: the member title that best says what the whole is about.

A title is chosen, not generated: each member headline (in the story's main language, with an
outlet's name cut off its end) is scored by how close its lemmas are to the story's centre and
by a length a person would write.  A story without any headline gets its most central lead
sentence, without the dateline and cut at a clause boundary.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from ..features import terms_of
from .members import Member, Weights, main_language, readable

_OUTLET_TAIL = re.compile(r"\s+(?:[|–—-]|::)\s+([^|–—-]{2,40})$")
_DATELINE = re.compile(
    r"^\s*(?:[A-ZÄÖÜ][\w.]*(?:[ /][A-ZÄÖÜ][\w.]*){0,2}\s*(?:\([^)]{1,30}\))?\s*[–—-]\s+|\([A-Za-z]{2,10}\)\s*[–—-]?\s*)"
)
_SENTENCE_END = re.compile(r"(?<![0-9]\.)(?<=[.!?])\s+(?=[A-ZÄÖÜ„«\"])")
_CLAUSE = re.compile(r"[,;:]\s+")
_WORDS = re.compile(r"\S+")


def clean_title(title: str) -> str:
    """A headline without the outlet's name after a separator ("Talks resume - Example News").

    >>> clean_title("Talks resume in Geneva - Example News"), clean_title("Kerry - Lawrow: Gespräche gehen weiter")
    ('Talks resume in Geneva', 'Kerry - Lawrow: Gespräche gehen weiter')
    """
    title = " ".join(title.split())
    match = _OUTLET_TAIL.search(title)
    if match and len(match.group(1).split()) <= 4 and len(title[: match.start()].split()) >= 3:
        return title[: match.start()].strip()
    return title


def _length_factor(words: int) -> float:
    """Headlines run 5-14 words; a lead sentence standing in for a title is longer."""
    if words < 3:
        return 0.6
    if words > 24:
        return 0.35
    if words > 14:
        return 0.6
    return 1.0 if words >= 5 else 0.9


@lru_cache(maxsize=16384)
def _title_terms(title: str, lang: str | None) -> dict[str, int]:
    """Cached: every time a story is digested, its headlines are read again."""
    return dict(terms_of(title, lang))


def choose_title(members: Sequence[Member], weights: Weights) -> str:
    """The best member headline of ``members`` (see the module docstring)."""
    lang = main_language(members)
    candidates: list[tuple[float, str]] = []
    scored: dict[tuple[str, str | None], float] = {}  # copies share headlines: each is scored once
    for prefer_lang in (True, False):
        for member in readable(members):
            if not member.title or (prefer_lang and lang and member.article.lang not in (lang, None)):
                continue
            title = clean_title(member.title)
            key = (title, member.article.lang)
            if key not in scored:
                vector = weights.vector(_title_terms(title, member.article.lang))
                scored[key] = weights.closeness(vector) * _length_factor(len(title.split()))
            candidates.append((scored[key], title))
        if candidates:
            break
    if candidates:
        return max(candidates, key=lambda item: item[0])[1]
    return lead_headline(members, weights)


def lead_headline(members: Sequence[Member], weights: Weights) -> str:
    """A headline from the most central lead sentence, for stories whose articles have no title."""
    lang = main_language(members)
    best: tuple[float, str] = (-1.0, "")
    for member in readable(members):
        if lang and member.article.lang not in (lang, None):
            continue
        lead = first_sentence(member.article.text)
        if not lead:
            continue
        score = weights.closeness(weights.vector(terms_of(lead, member.article.lang)))
        if score > best[0]:
            best = (score, lead)
    return shorten(best[1]) if best[1] else "(untitled)"


def strip_dateline(sentence: str) -> str:
    """A lead sentence without its dateline.

    >>> strip_dateline("Vientiane/Genf - Gibt es Hoffnung?"), strip_dateline("BERLIN (dpa) – Der Bundestag hat.")
    ('Gibt es Hoffnung?', 'Der Bundestag hat.')
    """
    return _DATELINE.sub("", sentence, count=1)


def first_sentence(text: str) -> str:
    """The first sentence of a text, without a leading dateline ("GENF (dpa) – ")."""
    for line in text.splitlines():
        line = line.strip()
        if len(line.split()) >= 4:
            return _SENTENCE_END.split(strip_dateline(line), maxsplit=1)[0].strip()
    return ""


def shorten(sentence: str, limit: int = 14, clause_limit: int = 20) -> str:
    """A sentence cut to a headline's length: whole if it has at most ``limit`` words, else its first
    clause if that has at most ``clause_limit``, else its first ``limit`` words, marked "…".

    >>> shorten("Die Gewerkschaft hat den Nahverkehr erneut bestreikt, nachdem die Gespräche mit der Stadt "
    ...         "am Montag gescheitert waren.")
    'Die Gewerkschaft hat den Nahverkehr erneut bestreikt'
    """
    sentence = sentence.strip().rstrip(".")
    if len(sentence.split()) <= limit:
        return sentence
    for match in _CLAUSE.finditer(sentence):
        head = sentence[: match.start()]
        if 4 <= len(head.split()) <= clause_limit:
            return head
    return " ".join(_WORDS.findall(sentence)[:limit]) + " …"

"""Shapes of input: the same labelled article as other feeds would deliver it (augmentation).

News reaches Storyline in many shapes, and a model fitted on one shape must hold on the others.
Each shape is a pure function of an :class:`~storyline.model.Article`:

* ``as_is`` — the record as labelled (a title field when it has one);
* ``no_title`` — headline and body in one text, two spaces between, no title field;
* ``truncated`` — as ``no_title``, cut at 1,000 characters (as scraped previews are);
* ``lower`` — title and text lower-cased (no capitals: no entities by case);
* ``headline`` — the headline alone as the text (a headline feed); the first sentence when the
  record has no usable headline;
* ``snippet`` — the headline lower-cased, stop words removed, words stemmed (Snowball), as
  short-text research streams deliver them;
* ``undated`` — no publication date (nor a leading date marker).

>>> a = Article(id="x", title="Talks resume in Geneva", text="The ministers met on Monday. They agreed.")
>>> reshape(a, "no_title").text
'Talks resume in Geneva  The ministers met on Monday. They agreed.'
>>> reshape(a, "snippet").text
'talk resum geneva'
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from functools import lru_cache
from typing import Any

from ..features import title_words
from ..lexicon import STOPWORDS
from ..model import Article

SHAPES = ("as_is", "no_title", "truncated", "lower", "headline", "snippet", "undated")
TRUNCATE_AT = 1_000  # characters: the length of the SemEval-2022 previews

_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*", re.UNICODE)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÄÖÜ«»„\"])")
_SNOWBALL = {
    "de": "german",
    "en": "english",
    "fr": "french",
    "es": "spanish",
    "it": "italian",
    "nl": "dutch",
    "pl": "polish",
    "pt": "portuguese",
}


def reshape(article: Article, shape: str) -> Article:
    """``article`` in ``shape`` (one of :data:`SHAPES`)."""
    try:
        return _SHAPERS[shape](article)
    except KeyError:
        raise ValueError(f"unknown shape {shape!r}; expected one of {', '.join(SHAPES)}") from None


def _as_is(article: Article) -> Article:
    return article


def _no_title(article: Article) -> Article:
    title = title_words(article.title)
    text = f"{title}  {article.text}" if title else article.text
    return dataclasses.replace(article, title=None, text=text.strip())


def _truncated(article: Article) -> Article:
    glued = _no_title(article)
    return dataclasses.replace(glued, text=glued.text[:TRUNCATE_AT])


def _lower(article: Article) -> Article:
    return dataclasses.replace(
        article, title=article.title.lower() if article.title else article.title, text=article.text.lower()
    )


def headline_of(article: Article) -> str:
    """The headline, else the first sentence (at most 25 words) of the text."""
    title = title_words(article.title).strip()
    if title:
        return title
    text = article.text.strip()
    if "  " in text[:300]:  # "headline  body" as glued feeds deliver it
        return text.split("  ", 1)[0].strip()
    first = _SENTENCE_END.split(text, maxsplit=1)[0]
    return " ".join(first.split()[:25])


def _headline(article: Article) -> Article:
    return dataclasses.replace(article, title=None, text=headline_of(article))


def _snippet(article: Article) -> Article:
    lang = article.lang or "en"
    stop = STOPWORDS.get(lang, STOPWORDS["en"])
    words = [w for w in _WORD.findall(headline_of(article).lower()) if w not in stop and len(w) > 1]
    stemmer = _stemmer(lang)
    stems = stemmer.stemWords(words) if stemmer is not None else words
    return dataclasses.replace(article, title=None, text=" ".join(stems))


@lru_cache(maxsize=16)
def _stemmer(lang: str) -> Any:
    import snowballstemmer  # a test-time dependency (pip install -e '.[test]')

    name = _SNOWBALL.get(lang)
    return snowballstemmer.stemmer(name) if name else None


def _undated(article: Article) -> Article:
    """No date field and no date marker (a dateline in the text may still date it, as in a real feed)."""
    from ..dates import take_marker

    return dataclasses.replace(take_marker(article), published=None, published_precision="unknown")


_SHAPERS: dict[str, Callable[[Article], Article]] = {
    "as_is": _as_is,
    "no_title": _no_title,
    "truncated": _truncated,
    "lower": _lower,
    "headline": _headline,
    "snippet": _snippet,
    "undated": _undated,
}

"""Language of each article with lingua, restricted to the configured languages.

lingua knows one German, so Swiss and Austrian German come out as ``de``.
"""

from __future__ import annotations

import dataclasses
import re
from functools import lru_cache
from typing import Any

from .features import title_words
from .model import Article
from .options import Options

_ISO_ALIASES = {
    "ger": "de",
    "deu": "de",
    "eng": "en",
    "fra": "fr",
    "fre": "fr",
    "spa": "es",
    "ita": "it",
    "nld": "nl",
    "dut": "nl",
    "pol": "pl",
    "por": "pt",
    "german": "de",
    "english": "en",
    "deutsch": "de",
}


def normalize_code(code: str | None) -> str | None:
    """``de-CH`` → ``de``, ``deu`` → ``de``; ``None`` for what is not a language code.

    >>> normalize_code("de-CH"), normalize_code("English"), normalize_code("??")
    ('de', 'en', None)
    """
    if not code:
        return None
    base = re.split(r"[-_]", code.strip().lower())[0]
    base = _ISO_ALIASES.get(base, base)
    return base if re.fullmatch(r"[a-z]{2}", base) else None


@lru_cache(maxsize=8)
def _detector(languages: tuple[str, ...]) -> Any:
    from lingua import IsoCode639_1, Language, LanguageDetectorBuilder

    wanted = [Language.from_iso_code_639_1(getattr(IsoCode639_1, code.upper())) for code in languages]
    if len(wanted) == 1:
        return None
    # Preloading takes 1.2 s and 270 MB once; loading lazily costs more (2.2 s spread over the
    # first articles) and, done after the fork, is repeated in every worker process.
    return LanguageDetectorBuilder.from_languages(*wanted).with_preloaded_language_models().build()


def warm_up(options: Options) -> None:
    """Build the detector now (1 s), e.g. once before forking worker processes: they share it, and
    a worker that built one after the parent had built one would hang in lingua's thread pool."""
    _detector(tuple(options.languages))


def detect_language(text: str, options: Options) -> str | None:
    """ISO 639-1 code of ``text``'s language among ``options.languages``; ``None`` if it has no words.

    >>> detect_language("Die Gespräche in Genf wurden am Freitag fortgesetzt.", Options())
    'de'
    """
    return _detect_sample(text[: options.language_prefix_chars], tuple(options.languages))


@lru_cache(maxsize=16_384)
def _detect_sample(sample: str, languages: tuple[str, ...]) -> str | None:
    """:func:`detect_language` of a prefix, remembered: wire copies and re-posts of one report
    open alike, and lingua costs about 0.25 ms a sample."""
    if not re.search(r"[^\W\d_]{2,}", sample):
        return None
    detector = _detector(languages)
    if detector is None:
        return languages[0]
    language = detector.detect_language_of(sample)
    return language.iso_code_639_1.name.lower() if language is not None else None


def detect(article: Article, options: Options) -> Article:
    """The article with ``lang`` set: a valid given code is kept, otherwise it is detected."""
    given = normalize_code(article.lang)
    if given is not None:
        return article if given == article.lang else dataclasses.replace(article, lang=given)
    title = title_words(article.title)  # a url where the title belongs would read as any language
    sample = f"{title}\n{article.text}" if title else article.text
    return dataclasses.replace(article, lang=detect_language(sample, options))

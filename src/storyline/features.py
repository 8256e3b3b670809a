"""What the story engine compares: lemmas, named entities and time, computed once per article.

Per article (in the parallel stage, so a pure function of the article):

* ``terms``: lemmas (simplemma) of the body's content words with their counts, and the
  title's separately; IDF weights are applied later, online, by the clusterer;
* ``entities``: proper nouns as alias keys (:func:`entity_key`: Lawrow / Lavrov / Lawrows →
  ``lavrov``; ß/ss; case and diacritics) with counts.  German: HanTa's analysis of each
  capitalised word (NE vs. NN, memoised per word).  Other languages: capitalised words that do
  not open a sentence, and acronyms.  In lower-cased text nothing is capitalised, so
  ``cased`` is False and the clusterer looks words up in the entity lexicon it learned
  from cased articles;
* ``time``: the publication interval in days, honouring the date's precision.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Any

from .lexicon import STOPWORDS
from .model import Article

_TOKEN = re.compile(r"[^\W\d_](?:[\w'’-]*[^\W_])?", re.UNICODE)
_SENTENCE_START = re.compile(r"(?:^|[.!?:;»«„“\"]\s+|\n)$")
_EPOCH = date(1970, 1, 1)
_YEAR = re.compile(r"(?<![\d.,])(?:19|20)\d{2}(?!\d)(?![.,]\d)")
_LETTER = re.compile(r"[^\W\d_]")
_CAPITAL = re.compile(r"[A-ZÀ-ÖØ-ÞĀ-Ž]")


@dataclass(frozen=True, slots=True)
class Features:
    """The comparable signals of one article."""

    terms: dict[str, int] = field(default_factory=dict)
    title_terms: dict[str, int] = field(default_factory=dict)
    entities: dict[str, int] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)  # entity key -> a surface form
    time: tuple[float, float] | None = None  # (first, last) possible day since 1970
    cased: bool = True
    years: dict[str, int] = field(default_factory=dict)  # years the text mentions (1900-2099)

    def to_dict(self) -> dict[str, Any]:
        return {
            "terms": self.terms,
            "title_terms": self.title_terms,
            "entities": self.entities,
            "names": self.names,
            "time": list(self.time) if self.time else None,
            "cased": self.cased,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Features:
        time = data.get("time")
        return cls(
            data.get("terms", {}),
            data.get("title_terms", {}),
            data.get("entities", {}),
            data.get("names", {}),
            (float(time[0]), float(time[1])) if time else None,
            bool(data.get("cased", True)),
        )


def published_interval(published: str | None, precision: str) -> tuple[float, float] | None:
    """The days (since 1970) the publication can fall on: a month-precise date spans the month.

    >>> published_interval("2016-08", "month")
    (17014.0, 17044.0)
    """
    if not published or precision == "unknown":
        return None
    try:
        year = int(published[:4])
        if precision == "year":
            start, end = date(year, 1, 1), date(year, 12, 31)
        elif precision == "month":
            month = int(published[5:7])
            start = date(year, month, 1)
            end = (date(year + month // 12, month % 12 + 1, 1)) - timedelta(days=1)
        else:
            start = end = date(year, int(published[5:7]), int(published[8:10]))
    except ValueError:
        return None
    if precision == "minute":
        moment = datetime.fromisoformat(published)
        day = (moment.replace(tzinfo=None) - datetime(1970, 1, 1)).total_seconds() / 86400
        return (day, day)
    return (float((start - _EPOCH).days), float((end - _EPOCH).days))


_FOLDS = (
    ("tsch", "ch"),
    ("tch", "ch"),
    ("sch", "sh"),
    ("ph", "f"),
    ("w", "v"),
    ("y", "i"),
    ("j", "i"),
    ("oe", "o"),
    ("ue", "u"),
    ("ae", "a"),
    ("ck", "k"),
    ("dsh", "j"),
    ("kh", "h"),
    ("ts", "z"),
)


@lru_cache(maxsize=200_000)
def entity_key(name: str) -> str:
    """One key for the spellings of one name: case, diacritics, ß/ss, common transliterations.

    >>> entity_key("Lawrow") == entity_key("Lavrov") == entity_key("LAWROW")
    True
    >>> entity_key("Kößler") == entity_key("Koessler"), entity_key("Genf") == entity_key("Kerry")
    (True, False)
    """
    text = name.casefold().replace("ß", "ss")
    text = re.sub(r"['’]s$", "", text)
    text = "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))
    for before, after in _FOLDS:
        text = text.replace(before, after)
    text = re.sub(r"(.)\1+", r"\1", text)  # doubled letters: Kössler / Kossler / Koesler
    return re.sub(r"[^a-z0-9]+", "", text) or name.casefold()


@lru_cache(maxsize=1)
def _hanta() -> Any:
    from HanTa import HanoverTagger

    return HanoverTagger.HanoverTagger("morphmodel_ger.pgz")


# German compounds are mostly common nouns even when no dictionary lists them.
_NOUN_ENDINGS = (
    "ung",
    "heit",
    "keit",
    "schaft",
    "tion",
    "ismus",
    "tät",
    "nis",
    "gruppe",
    "gruppen",
    "gespräch",
    "gespräche",
    "runde",
    "minister",
    "ministerin",
    "präsident",
    "konflikt",
    "krieg",
    "partei",
)


@lru_cache(maxsize=200_000)
def _german_analysis(word: str) -> tuple[str, str]:
    """(lemma, tag) of a capitalised German word out of context, memoised (news vocabulary is Zipfian).

    A word simplemma's dictionary does not know and that does not end like a compound noun is
    a name (Lawrow, Kowalenko): no need to ask HanTa, whose analysis costs ~0.8 ms a new word.
    The words the dictionary knows (Genf, Regierung, Schweiz) are few and frequent: HanTa tells
    the places from the common nouns, once per word.
    """
    import simplemma

    lowered = word.lower()
    if not simplemma.is_known(word, lang="de") and not lowered.endswith(_NOUN_ENDINGS) and "-" not in word:
        return word, "NE"
    tagger = _hanta()
    tag = str(tagger.tag_word(word, cutoff=0)[0][0])  # the tag alone; the lemma only for names (a third of the cost)
    if tag != "NE":
        return word, tag
    lemma, tag = tagger.analyze(word, pos="NE", taglevel=1)
    return str(lemma), str(tag)


@lru_cache(maxsize=400_000)
def _lemma(token: str, lang: str) -> str:
    import simplemma

    try:
        return str(simplemma.lemmatize(token, lang=lang)).lower()
    except (ValueError, KeyError):
        return token.lower()


_SIMPLEMMA_LANGS = {"de", "en", "fr", "es", "it", "nl", "pl", "pt", "sv", "da", "fi", "cs", "ru", "uk", "tr"}


def _terms(tokens: list[str], lang: str) -> Counter[str]:
    stop = STOPWORDS.get(lang, STOPWORDS["en"])
    lemma_lang = lang if lang in _SIMPLEMMA_LANGS else "en"
    counts: Counter[str] = Counter()
    for token in tokens:
        lowered = token.lower()
        if len(lowered) < 2 or lowered in stop:
            continue
        lemma = _lemma(lowered, lemma_lang)
        if lemma not in stop:
            counts[lemma] += 1
    return counts


def terms_of(text: str, lang: str | None) -> dict[str, int]:
    """Lemma counts of the content words of any text (a title, a sentence), as for an article's body.

    >>> terms_of("Die Gespräche wurden fortgesetzt", "de")
    {'gespräch': 1, 'fortsetzen': 1}
    """
    return dict(_terms(_TOKEN.findall(text), lang or "en"))


def _entities(text: str, lang: str) -> tuple[Counter[str], dict[str, str]]:
    counts: Counter[str] = Counter()
    names: dict[str, str] = {}
    stop = STOPWORDS.get(lang, STOPWORDS["en"])
    for match in _TOKEN.finditer(text):
        word = match.group(0)
        if not word[0].isupper() or len(word) < 2:
            continue
        acronym = word.isupper() and len(word) <= 6
        if lang == "de" and not acronym:
            lemma, tag = _german_analysis(word)
            if tag != "NE":
                continue
            surface = lemma if lemma[:1].isupper() else word
        else:
            if word.lower() in stop:
                continue
            if not acronym and _SENTENCE_START.search(text[max(0, match.start() - 3) : match.start()]):
                continue  # a capital that opens a sentence says nothing
            surface = word
        surface = re.sub(r"['’]s$", "", surface)
        key = entity_key(surface)
        counts[key] += 1
        names.setdefault(key, surface)
    return counts, names


_URL_TITLE = re.compile(r"^\s*(?:https?\s*:\s*/\s*/|www\s*\.)", re.IGNORECASE)


def title_words(title: str | None) -> str:
    """The title, or nothing when a feed put the url where the title belongs.

    >>> title_words("http: / / www. example. com / 2013 / may / 03 / lohan - rehab"), title_words("Talks resume")
    ('', 'Talks resume')
    """
    if not title or _URL_TITLE.match(title):
        return ""
    return title


# Loaded before the workers fork (shared by them); the others load in a worker when its first
# article in that language arrives (about 1.5 s each: eight eagerly would delay every start).
EAGER_LANGUAGES = ("de", "en")


def warm_up(languages: tuple[str, ...]) -> None:
    """Load German and English lemma dictionaries and HanTa's model once (before worker processes fork)."""
    for lang in languages:
        if lang in _SIMPLEMMA_LANGS and lang in EAGER_LANGUAGES:
            _lemma("warmup", lang)
    if "de" in languages:
        _hanta()


def extract_features(article: Article) -> Features:
    """The features of one (cleaned, dated, language-tagged) article."""
    lang = article.lang or "en"
    text = article.text
    title = title_words(article.title)
    sample = text[:2000]
    letters = len(_LETTER.findall(sample))
    cased = letters == 0 or len(_CAPITAL.findall(sample)) / letters > 0.005
    tokens = _TOKEN.findall(text)
    entities, names = _entities(f"{title}\n{text}", lang) if cased else (Counter(), {})
    return Features(
        terms=dict(_terms(tokens, lang)),
        title_terms=dict(_terms(_TOKEN.findall(title), lang)),
        entities=dict(entities),
        names=names,
        time=published_interval(article.published, article.published_precision),
        cased=cased,
        years=dict(Counter(_YEAR.findall(f"{title}\n{text}"))),
    )

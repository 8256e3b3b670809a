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

import numpy as np

from .lexicon import STOPWORDS
from .model import Article, by_fields

_TOKEN = re.compile(r"[^\W\d_](?:[\w'’-]*[^\W_])?", re.UNICODE)
_EPOCH = date(1970, 1, 1)
# a year 1900-2099 standing alone (not part of 12.2019 or 2019,5); the century first lets the
# regex engine skip ahead to "19" / "20" instead of trying the lookbehind at every character
_YEAR = re.compile(r"(?:19|20)(?<![\d.,]19)(?<![\d.,]20)\d{2}(?!\d)(?![.,]\d)")


@dataclass(frozen=True, slots=True)
class Features:
    """The comparable signals of one article."""

    __reduce__ = by_fields

    terms: dict[str, int] = field(default_factory=dict)
    title_terms: dict[str, int] = field(default_factory=dict)
    entities: dict[str, int] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)  # entity key -> a surface form
    time: tuple[float, float] | None = None  # (first, last) possible day since 1970
    cased: bool = True
    years: dict[str, int] = field(default_factory=dict)  # years the text mentions (1900-2099)
    lang: str | None = None
    dense: tuple[float, ...] | None = None  # a dense multilingual vector, when an embedder is on

    def to_dict(self) -> dict[str, Any]:
        return {
            "terms": self.terms,
            "title_terms": self.title_terms,
            "entities": self.entities,
            "names": self.names,
            "time": list(self.time) if self.time else None,
            "cased": self.cased,
            "years": self.years,
            "lang": self.lang,
            "dense": _dense_text(self.dense),
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
            data.get("years", {}),  # stores written before 0.3 lack them: no year signal on replay
            data.get("lang"),
            _dense_values(data.get("dense")),
        )


def _dense_text(vector: tuple[float, ...] | None) -> str | None:
    """A dense vector as the store keeps it: int8 with a scale, base64 (``dim + 5`` bytes)."""
    if vector is None:
        return None
    from .dense import to_base64

    return to_base64(np.asarray(vector, dtype=np.float32))


def _dense_values(stored: Any) -> tuple[float, ...] | None:
    if not stored:
        return None
    if isinstance(stored, str):
        from .dense import from_base64

        return tuple(float(x) for x in from_base64(stored))
    return tuple(float(x) for x in stored)


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


_MEMO_LIMIT = 300_000  # words remembered per memo (a memo that fills up starts again)
# capitalised German word -> (lemma, tag); one memo per process: each worker of a pool asks HanTa
# about a word once (a stream's new words cost ~1 ms each in every worker that meets them)
_GERMAN: dict[str, tuple[str, str]] = {}


def _german_analysis(word: str) -> tuple[str, str]:
    """(lemma, tag) of a capitalised German word out of context, memoised (news vocabulary is Zipfian).

    A word simplemma's dictionary does not know and that does not end like a compound noun is
    a name (Lawrow, Kowalenko): no need to ask HanTa, whose analysis costs ~1 ms a new word.
    A hyphenated compound is what its last part is (US-Außenminister, Ex-Nissan-Chef: nouns;
    Baden-Württemberg: a name).  The words the dictionary knows (Genf, Regierung, Schweiz)
    are asked of HanTa, once per word and process.
    """
    known = _GERMAN.get(word)
    if known is not None:
        return known
    lowered = word.lower()
    head = word.rsplit("-", 1)[-1]
    if "-" in word and len(head) >= 2 and head[0].isupper():
        tag = _german_analysis(head)[1]
        result = (word, tag)
    elif not _simplemma_knows(word) and not lowered.endswith(_NOUN_ENDINGS) and "-" not in word:
        result = (word, "NE")
    else:
        tag = hanta_tag(word)  # the tag alone; the lemma only for names
        if tag == "NE":
            lemma, tag = _hanta().analyze(word, pos="NE", taglevel=1)
            result = (str(lemma), str(tag))
        else:
            result = (word, tag)
    if len(_GERMAN) >= _MEMO_LIMIT:  # a full memo starts again
        _GERMAN.clear()
    _GERMAN[word] = result
    return result


def hanta_tag(word: str) -> str:
    """HanTa's best tag for a capitalised German word out of context (NE, NN, ...), memoised per
    process: about 1 ms a new word, asked once whichever stage asks (the features of an article, the
    actors of a digest built in the same worker)."""
    tag = _HANTA_TAGS.get(word)
    if tag is None:
        if len(_HANTA_TAGS) >= _MEMO_LIMIT:  # a full memo starts again
            _HANTA_TAGS.clear()
        tag = _HANTA_TAGS[word] = str(_hanta().tag_word(word, cutoff=0)[0][0])
    return tag


_HANTA_TAGS: dict[str, str] = {}


def _simplemma_knows(word: str) -> bool:
    import simplemma

    return bool(simplemma.is_known(word, lang="de"))


_SIMPLEMMA_LANGS = {"de", "en", "fr", "es", "it", "nl", "pl", "pt", "sv", "da", "fi", "cs", "ru", "uk", "tr"}
_LEMMAS: dict[str, dict[str, str]] = {}  # language -> lower-cased word -> lemma ("" for a stopword)


def _lemma_of(word: str, lang: str) -> str:
    """The lemma of a lower-cased content word; ``""`` when it or its lemma is a stopword."""
    import simplemma

    stop = STOPWORDS.get(lang, STOPWORDS["en"])
    if len(word) < 2 or word in stop:
        return ""
    try:
        lemma = str(simplemma.lemmatize(word, lang=lang if lang in _SIMPLEMMA_LANGS else "en")).lower()
    except (ValueError, KeyError):
        lemma = word
    return "" if lemma in stop else lemma


def _terms(tokens: list[str], lang: str) -> Counter[str]:
    """Lemma counts of the content words among ``tokens``: each distinct word is looked up once."""
    memo = _LEMMAS.get(lang)
    if memo is None or len(memo) > _MEMO_LIMIT:
        memo = _LEMMAS[lang] = {}
    counts: Counter[str] = Counter()
    for word, n in Counter(map(str.lower, tokens)).items():
        lemma = memo.get(word)
        if lemma is None:
            lemma = memo[word] = _lemma_of(word, lang)
        if lemma:
            counts[lemma] += n
    return counts


def terms_of(text: str, lang: str | None) -> dict[str, int]:
    """Lemma counts of the content words of any text (a title, a sentence), as for an article's body.

    >>> terms_of("Die Gespräche wurden fortgesetzt", "de")
    {'gespräch': 1, 'fortsetzen': 1}
    """
    return dict(_terms(_TOKEN.findall(text), lang or "en"))


# A token that opens a sentence (text start, after . ! ? : ; or a quote and a space or two, after
# a line break): its capital says nothing about being a name.
_OPENING = re.compile(
    r"(?:\A|(?<=[.!?:;»«„“\"]\s)|(?<=[.!?:;»«„“\"]\s\s)|(?<=\n))[^\W\d_](?:[\w'’-]*[^\W_])?", re.UNICODE
)
_POSSESSIVE = re.compile(r"['’]s$")
_ENTITY_MEMO: dict[tuple[str, str], tuple[str, str] | None] = {}  # (word, lang) -> (key, surface) or None


def _entity_of(word: str, lang: str) -> tuple[str, str] | None:
    """(alias key, surface form) of a capitalised word that names something, else ``None``."""
    acronym = word.isupper() and len(word) <= 6
    if lang == "de" and not acronym:
        lemma, tag = _german_analysis(word)
        if tag != "NE":
            return None
        surface = lemma if lemma[:1].isupper() else word
    else:
        if word.lower() in STOPWORDS.get(lang, STOPWORDS["en"]):
            return None
        surface = word
    surface = _POSSESSIVE.sub("", surface)
    return entity_key(surface), surface


def _entities(tokens: list[str], text: str, lang: str) -> tuple[Counter[str], dict[str, str]]:
    """Entity counts and surface forms among ``tokens`` (the tokens of ``text``)."""
    capitalised = Counter(w for w in tokens if w[0].isupper() and len(w) >= 2)
    if lang != "de":  # German capitalises every noun, so HanTa decides there, not the position
        for word in _OPENING.findall(text):
            if word in capitalised and not (word.isupper() and len(word) <= 6):
                capitalised[word] -= 1
    if len(_ENTITY_MEMO) > _MEMO_LIMIT:
        _ENTITY_MEMO.clear()
    counts: Counter[str] = Counter()
    names: dict[str, str] = {}
    for word, n in capitalised.items():
        if n <= 0:
            continue
        memo_key = (word, lang)
        if memo_key in _ENTITY_MEMO:
            entity = _ENTITY_MEMO[memo_key]
        else:
            entity = _ENTITY_MEMO[memo_key] = _entity_of(word, lang)
        if entity is not None:
            key, surface = entity
            counts[key] += n
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
            _lemma_of("warmup", lang)
    if "de" in languages:
        _hanta()


def _cased(tokens: list[str]) -> bool:
    """Whether capitals carry information: lower-cased feeds have (almost) none.

    More than one token in 50 among the first 400 starts with a capital (in cased news it is
    one in four to ten; a lower-cased feed keeps only the odd acronym).
    """
    head = tokens[:400]
    return not head or sum(1 for token in head if token[0].isupper()) > 0.02 * len(head)


def extract_features(article: Article) -> Features:
    """The features of one (cleaned, dated, language-tagged) article."""
    lang = article.lang or "en"
    text = article.text
    title = title_words(article.title)
    tokens = _TOKEN.findall(text)
    title_tokens = _TOKEN.findall(title)
    cased = _cased(tokens or title_tokens)
    full = f"{title}\n{text}"
    entities, names = _entities(title_tokens + tokens, full, lang) if cased else (Counter(), {})
    return Features(
        terms=dict(_terms(tokens, lang)),
        title_terms=dict(_terms(title_tokens, lang)),
        entities=dict(entities),
        names=names,
        time=published_interval(article.published, article.published_precision),
        cased=cased,
        years=dict(Counter(_YEAR.findall(full))),
        lang=article.lang,
    )

"""The text side of full-text search: folded, stemmed index terms, FTS5 queries, snippets.

What was chosen: SQLite FTS5 over *pre-stemmed, folded* terms. Python's ``sqlite3`` module cannot
register a custom FTS5 tokenizer (that needs the C API's ``fts5_api``), and FTS5's built-in
tokenizers only offer Porter (English) stemming. So the stemming happens here, in Python:
:func:`index_terms` turns a document into a string of terms (pure ``[a-z0-9 ]``, so any FTS5
tokenizer — ``ascii``, ``unicode61`` — splits it the same way) and :func:`fts_query` turns what a
reader typed into a ``MATCH`` expression over the same terms. Ranking is FTS5's ``bm25()``;
:func:`snippet` and :func:`highlight_html` cut and mark a passage of the *original* text, since
FTS5's own ``snippet()`` would show the stems.

Terms, in order:

1. :func:`fold` — lower-case, ``ß`` → ``ss``, diacritics stripped (``ä`` → ``a``, ``é`` → ``e``,
   ``ł`` → ``l``, ``ø`` → ``o``, ``æ`` → ``ae``), letters and digits only.
2. Snowball stemming of the *folded* word in the document's language (``german``, ``english``,
   ``french``, …; no stemming when the language is unknown or has no Snowball stemmer).

Fold first, then stem: the term then depends only on ``fold(word)``, so two spellings that fold
alike ("Genève"/"Geneve", "Außenminister"/"Aussenminister") always get the same term, whatever the
stemmer does with accents. Stem-then-fold does not guarantee that: the English stemmer keeps "é"
as a consonant-like letter, so "résumés" → "résumé" → "resume" while "resumes" → "resum"; the
French one stems "créées" → "cré" but "creees" → "cree". For German both orders agree (the German
stemmer maps ä/ö/ü to a/o/u and ß to ss itself), and it also maps ae/oe/ue to a/o/u, so
"Gespraeche" and "Gespräch" both stem to ``gesprach``; :func:`fold` leaves "ae" alone
("Koessler" stays ``koessler``) and lets the stemmer decide.

The query side does not know the document's language, so every query word becomes an OR of its
German stem, its English stem and the folded word itself (:func:`query_terms`); a German article
misdetected as English is still found. A query word with umlauts also brings its ae/oe/ue
spelling, so "Kößler" finds an English text's "Koessler". Documents in other Snowball languages
are indexed under their own stem *and* the folded word, so a query word typed as it appears there
matches. Query syntax: words are ANDed, a bare ``OR`` joins two words into one alternative, a bare
``AND`` is ignored; everything else (quotes, ``*``, ``-``, ``:``, ``NEAR``) is plain text — phrase
search is not offered (an FTS5 phrase cannot hold alternatives).

Words that fold to something outside ASCII (Cyrillic, Greek, CJK, …) are written into the index as
``xn`` + their punycode, so the index stays ``[a-z0-9 ]`` and they remain searchable.

Speed: stems are cached per (language, folded word) in an LRU cache and index terms per (language,
raw word) in a dict in front of it, so a word seen before costs a dict look-up (about 6,500
articles of 3,000 characters a second). A *new* word costs a Snowball call: 25 µs (English) to
50 µs (German) in pure-Python snowballstemmer, about 2 µs with PyStemmer (C, same algorithms,
used when installed). Stemmer objects keep state while they work, so there is one per thread.
"""

from __future__ import annotations

import html
import re
import threading
import unicodedata
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

import snowballstemmer

try:  # optional: the same algorithms in C (pip install PyStemmer)
    import Stemmer as _PyStemmer
except ImportError:  # pragma: no cover - depends on the environment
    _PyStemmer = None

__all__ = ["fold", "tokens", "index_terms", "query_terms", "fts_query", "snippet", "highlight_html"]

# ISO 639-1 → Snowball algorithm, restricted to what the installed snowballstemmer offers.
_SNOWBALL_NAMES = {
    "ar": "arabic",
    "ca": "catalan",
    "cs": "czech",
    "da": "danish",
    "de": "german",
    "el": "greek",
    "en": "english",
    "eo": "esperanto",
    "es": "spanish",
    "et": "estonian",
    "eu": "basque",
    "fa": "persian",
    "fi": "finnish",
    "fr": "french",
    "ga": "irish",
    "hi": "hindi",
    "hu": "hungarian",
    "hy": "armenian",
    "id": "indonesian",
    "it": "italian",
    "lt": "lithuanian",
    "nb": "norwegian",
    "ne": "nepali",
    "nl": "dutch",
    "nn": "norwegian",
    "no": "norwegian",
    "pl": "polish",
    "pt": "portuguese",
    "ro": "romanian",
    "ru": "russian",
    "sr": "serbian",
    "st": "sesotho",
    "sv": "swedish",
    "ta": "tamil",
    "tr": "turkish",
    "yi": "yiddish",
}
_AVAILABLE = set(snowballstemmer.algorithms())
_SNOWBALL = {code: name for code, name in _SNOWBALL_NAMES.items() if name in _AVAILABLE}
_FULL_NAMES = {name: code for code, name in _SNOWBALL.items()} | {
    "deutsch": "de",
    "ger": "de",
    "deu": "de",
    "eng": "en",
}
# Languages every query word is stemmed in (the query side does not know the document's language).
QUERY_LANGS = ("de", "en")
# Documents in these languages are indexed under their stem only; others also under the folded word.
_STEM_ONLY = frozenset(QUERY_LANGS)
_MAX_QUERY_GROUPS = 32

# Letters and digits; underscores, apostrophes, hyphens and all punctuation split words.
_WORD = re.compile(r"[^\W_]+")
# Combining marks (text in NFD: "e" + U+0301) belong to the word they follow.
_MARK_RANGES = (
    "\u0300-\u036f\u0483-\u0489\u0591-\u05bd\u0610-\u061a\u064b-\u065f"
    "\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
)
_MARKS = re.compile(f"[{_MARK_RANGES}]")
_WORD_WITH_MARKS = re.compile(rf"[^\W_](?:[^\W_]|[{_MARK_RANGES}])*")
_APOSTROPHES = "'’ʼ′`´"
# English clitics after an apostrophe ("Macron's", "don't"): dropped from queries, so "Macron's"
# finds "Macron" (the index keeps them; they match nothing there).
_CLITICS = frozenset({"s", "t", "d", "ll", "re", "ve", "m"})
_SPACES = re.compile(r"\s+")
_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue"})
ELLIPSIS = "…"
_EDGE = 10  # at most this much non-word text before the first / after the last word is kept

# Letters NFKD does not decompose (ł, ø, æ, …), and ß.
_FOLD_TABLE = {
    "ß": "ss",
    "ẞ": "ss",
    "ł": "l",
    "ø": "o",
    "æ": "ae",
    "œ": "oe",
    "đ": "d",
    "ð": "d",
    "þ": "th",
    "ı": "i",
    "ħ": "h",
    "ŧ": "t",
    "ŀ": "l",
    "ĸ": "k",
    "ŋ": "n",
    "й": "й",  # Cyrillic short i is a letter of its own, not и with a breve
}


@lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    mapped = _FOLD_TABLE.get(char)
    if mapped is not None:
        return mapped
    if char.isdecimal():
        return str(unicodedata.decimal(char))
    return "".join(c for c in unicodedata.normalize("NFKD", char) if c.isalnum()).lower()


def fold(word: str) -> str:
    """Lower-case, ß → ss, diacritics stripped, letters and digits only.

    >>> fold("Außenminister"), fold("Genève"), fold("Łódź"), fold("Ærø"), fold("Koessler")
    ('aussenminister', 'geneve', 'lodz', 'aero', 'koessler')
    """
    lowered = word.lower()
    if lowered.isascii():
        return lowered if lowered.isalnum() else "".join(c for c in lowered if c.isalnum())
    return "".join(map(_fold_char, lowered))


def tokens(text: str) -> list[tuple[int, int, str]]:
    """``(start, end, raw)`` of every word (a run of letters and digits) in ``text``.

    >>> tokens("Merkel's talks—in Genève")
    [(0, 6, 'Merkel'), (7, 8, 's'), (9, 14, 'talks'), (15, 17, 'in'), (18, 24, 'Genève')]
    """
    return [(m.start(), m.end(), m.group()) for m in _word_pattern(text).finditer(text)]


def _word_pattern(text: str) -> re.Pattern[str]:
    return _WORD_WITH_MARKS if _MARKS.search(text) else _WORD


def _language(lang: str | None) -> str | None:
    """``de-CH`` → ``de``, ``german`` → ``de``; ``None`` unless Snowball has a stemmer for it."""
    if not lang:
        return None
    base = re.split(r"[-_]", lang.strip().lower(), maxsplit=1)[0]
    base = _FULL_NAMES.get(base, base)
    return base if base in _SNOWBALL else None


_local = threading.local()


def _stemmer(lang: str) -> Any:
    """One Snowball stemmer per language and thread (they keep state while stemming).

    PyStemmer, where installed, is the same Snowball code compiled to C (PyStemmer 3.1.0 and
    snowballstemmer 3.1.1 agree on every word tried) and 20 to 30 times faster on new words.
    """
    stemmers: dict[str, Any] | None = getattr(_local, "stemmers", None)
    if stemmers is None:
        stemmers = _local.stemmers = {}
    stemmer = stemmers.get(lang)
    if stemmer is None:
        name = _SNOWBALL[lang]
        if _PyStemmer is not None and name in _PyStemmer.algorithms():
            stemmer = _PyStemmer.Stemmer(name)
        else:
            stemmer = snowballstemmer.stemmer(name)
        stemmers[lang] = stemmer
    return stemmer


def _ascii(term: str) -> str:
    """The term as ``[a-z0-9]``: non-ASCII terms become ``xn`` + punycode (its ``-`` as ``0``)."""
    if term.isascii():
        return term
    return "xn" + term.encode("punycode").decode("ascii").replace("-", "0")


@lru_cache(maxsize=1 << 18)
def _stem(lang: str | None, folded: str) -> str:
    """The index term of a folded word in ``lang`` (a code from ``_language``)."""
    if lang is None:
        return _ascii(folded)
    return _ascii(_stemmer(lang).stemWord(folded) or folded)


# raw word → its index terms, per document language: a plain dict in front of the LRU cache of
# stems (a dict look-up is cheaper than an lru_cache call, and this runs once per word at ingest);
# emptied when it outgrows _RAW_CACHE_SIZE, after which the words come back from _stem's cache.
_raw_cache: dict[str | None, dict[str, str]] = {}
_RAW_CACHE_SIZE = 1 << 18


def _doc_terms(lang: str | None, raw: str) -> str:
    """What one raw word of a document in ``lang`` contributes to the index ('' for none)."""
    folded = fold(raw)
    if not folded:
        terms = ""
    else:
        terms = _stem(lang, folded)
        if lang is not None and lang not in _STEM_ONLY:
            plain = _ascii(folded)
            if plain != terms:
                terms = f"{terms} {plain}"
    cache = _raw_cache.setdefault(lang, {})
    if len(cache) >= _RAW_CACHE_SIZE:
        cache.clear()
    cache[raw] = terms
    return terms


def index_terms(text: str, lang: str | None) -> str:
    """The FTS5 column value for ``text`` in language ``lang``: folded stems, ``[a-z0-9 ]`` only.

    >>> index_terms("Der Außenminister führte Gespräche in Genève.", "de")
    'der aussenminist fuhrt gesprach in genev'
    >>> index_terms("The ministers' talks", "en")
    'the minist talk'
    """
    code = _language(lang)
    get = _raw_cache.get(code, {}).get
    terms = [get(raw) or _doc_terms(code, raw) for raw in _word_pattern(text).findall(text)]
    return " ".join([term for term in terms if term])


def _alternatives(folded: str, extra: Iterable[str | None] = ()) -> set[str]:
    alternatives = {_ascii(folded)}
    for lang in (*QUERY_LANGS, *extra):
        alternatives.add(_stem(lang, folded))
    return alternatives


def _query_words(q: str) -> list[list[str]]:
    """The folded query words, grouped: words joined by a bare ``OR`` form one group.

    A bare ``AND`` is dropped (every group is required anyway), as are English clitics after an
    apostrophe. Everything else, FTS5 syntax included, is just text.
    """
    groups: list[list[str]] = []
    pending_or = False
    for start, _end, raw in tokens(q):
        if raw == "AND":
            continue
        if raw == "OR":
            pending_or = bool(groups)
            continue
        folded = fold(raw)
        if not folded or (start > 0 and q[start - 1] in _APOSTROPHES and folded in _CLITICS and groups):
            continue
        variants = [folded]
        transcribed = _transcribe(raw)
        if transcribed and transcribed != folded:
            variants.append(transcribed)
        if pending_or:
            groups[-1].extend(variants)
        else:
            groups.append(variants)
        pending_or = False
    return groups[:_MAX_QUERY_GROUPS]


def _transcribe(raw: str) -> str | None:
    """The German transcription ä → ae, ö → oe, ü → ue, folded; ``None`` without umlauts.

    So "Kößler" also finds an English text's "Koessler" (in German texts the stemmer already
    equates the two).
    """
    lowered = unicodedata.normalize("NFC", raw.lower())
    if not any(char in "äöü" for char in lowered):
        return None
    return fold(lowered.translate(_UMLAUTS))


def query_terms(q: str) -> list[set[str]]:
    """One set of alternative index terms per query word: its German stem, English stem and folded form.

    A word with umlauts also brings its ae/oe/ue spelling's (English stem, folded form); a bare
    ``OR`` between words puts them in one set; a set implied by another (a superset) is left out.

    >>> [sorted(group) for group in query_terms("Außenminister Gespräche")]
    [['aussenminist', 'aussenminister'], ['gesprach', 'gesprache', 'gespraech', 'gespraeche']]
    """
    groups: list[set[str]] = []
    for words in _query_words(q):
        group: set[str] = set()
        for folded in words:
            group |= _alternatives(folded)
        groups.append(group)
    # A group that holds all of another one's terms is implied by it ("talks talk"): keep the smaller.
    result: list[set[str]] = []
    for number, group in enumerate(groups):
        implied = any(
            other < group or (other == group and earlier < number)
            for earlier, other in enumerate(groups)
            if earlier != number
        )
        if not implied:
            result.append(group)
    return result


def fts_query(q: str) -> str | None:
    """An FTS5 ``MATCH`` expression for what a reader typed; ``None`` when it has no words.

    Every term is double-quoted (and only ``[a-z0-9]``), so nothing typed can become FTS5 syntax.

    >>> fts_query('Aussenminister "Gespräche"')
    '("aussenminist" OR "aussenminister") AND ("gesprach" OR "gesprache" OR "gespraech" OR "gespraeche")'
    >>> fts_query('NEAR(* -:') is None, fts_query("") is None
    (False, True)
    """
    groups = query_terms(q)
    if not groups:
        return None
    parts = []
    for group in groups:
        quoted = ['"' + term.replace('"', '""') + '"' for term in sorted(group)]
        parts.append(quoted[0] if len(quoted) == 1 else "(" + " OR ".join(quoted) + ")")
    return " AND ".join(parts)


@lru_cache(maxsize=1 << 16)
def _word_keys(lang: str | None, raw: str) -> frozenset[str]:
    """Every term a document word could be found under: its stem in ``lang``, German, English, folded."""
    folded = fold(raw)
    if not folded:
        return frozenset()
    return frozenset(_alternatives(folded, (lang,)))


def _render(
    text: str, words: list[tuple[int, int, str]], start: int, end: int, matched: set[int]
) -> tuple[str, list[tuple[int, int]]]:
    """``text[start:end]`` with runs of whitespace as one space; the spans of ``matched`` words in it."""
    pieces: list[str] = []
    spans: list[tuple[int, int]] = []
    length = 0
    position = start
    for index, (word_start, word_end, raw) in enumerate(words):
        if word_end <= start:
            continue
        if word_start >= end:
            break
        gap = _SPACES.sub(" ", text[position:word_start])
        pieces.append(gap)
        length += len(gap)
        if index in matched:
            spans.append((length, length + len(raw)))
        pieces.append(raw)
        length += len(raw)
        position = word_end
    pieces.append(_SPACES.sub(" ", text[position:end]))
    return "".join(pieces), spans


def snippet(text: str, q: str, lang: str | None = None, width: int = 200) -> tuple[str, list[tuple[int, int]]]:
    """About ``width`` characters of ``text`` around the densest cluster of query words.

    Returns the passage (cut at word boundaries, "…" where it was cut, whitespace runs as one
    space) and the ``(start, end)`` of the matching words in it. Without matches: the opening.

    >>> snippet("Nach langen Gesprächen einigten sich die Außenminister.", "Gespräch Aussenminister", "de", 45)
    ('…Gesprächen einigten sich die Außenminister.', [(1, 11), (30, 43)])
    """
    words = tokens(text)
    if not words:
        return _SPACES.sub(" ", text.strip()), []
    code = _language(lang)
    owner: dict[str, set[int]] = {}
    for number, group in enumerate(_query_words(q)):
        for folded in group:
            for term in _alternatives(folded, (code,)):
                owner.setdefault(term, set()).add(number)
    hits: list[tuple[int, set[int]]] = []  # (word index, query groups it matches)
    if owner:
        for index, (_start, _end, raw) in enumerate(words):
            groups = {number for key in _word_keys(code, raw) for number in owner.get(key, ())}
            if groups:
                hits.append((index, groups))
    if not hits:
        first, last = 0, 0
        while last + 1 < len(words) and words[last + 1][1] - words[0][0] <= width:
            last += 1
        return _cut(text, words, first, last, set())

    # The window of hits no wider than `width` covering the most query words, then the most hits.
    best = (-1, -1, 0, 0)
    covered: Counter[int] = Counter()
    right = -1
    for left in range(len(hits)):
        if right < left:
            right = left
            covered = Counter(hits[left][1])
        while right + 1 < len(hits) and words[hits[right + 1][0]][1] - words[hits[left][0]][0] <= width:
            right += 1
            covered.update(hits[right][1])
        score = (len(covered), right - left + 1, left, right)
        if score[:2] > best[:2]:
            best = score
        covered.subtract(hits[left][1])
        covered = +covered
    _, _, left, right = best
    first, last = hits[left][0], hits[right][0]

    # Pad the cluster with whole words on both sides, alternately, up to `width`.
    span_start = words[first][0]
    span_end = words[last][1]
    grow_left = True
    while True:
        can_left = first > 0 and span_end - words[first - 1][0] <= width
        can_right = last + 1 < len(words) and words[last + 1][1] - span_start <= width
        if not (can_left or can_right):
            break
        if can_left and (grow_left or not can_right):
            first -= 1
            span_start = words[first][0]
        else:
            last += 1
            span_end = words[last][1]
        grow_left = not grow_left
    return _cut(text, words, first, last, {index for index, _ in hits})


def _cut(
    text: str, words: list[tuple[int, int, str]], first: int, last: int, matched: set[int]
) -> tuple[str, list[tuple[int, int]]]:
    """Words ``first`` … ``last`` of ``text``, with the text's own edges (quotes, a full stop) when
    they are reached and short; "…" where text was left out."""
    start = words[first][0]
    if first == 0 and start <= _EDGE:
        start = 0
    end = words[last][1]
    if last == len(words) - 1 and len(text) - end <= _EDGE:
        end = len(text)
    body, spans = _render(text, words, start, end, matched)
    lead = len(body) - len(body.lstrip())
    body = body.strip()
    spans = [(s - lead, e - lead) for s, e in spans]
    if text[:start].strip():
        body = ELLIPSIS + body
        spans = [(s + 1, e + 1) for s, e in spans]
    if text[end:].strip():
        body += ELLIPSIS
    return body, spans


def highlight_html(snippet_text: str, spans: list[tuple[int, int]]) -> str:
    """The snippet as HTML: every piece escaped, the spans wrapped in ``<mark>``.

    >>> highlight_html("<b>Talks</b> & more", [(3, 8)])
    '&lt;b&gt;<mark>Talks</mark>&lt;/b&gt; &amp; more'
    """
    out: list[str] = []
    position = 0
    for start, end in sorted(spans):
        start = max(start, position)
        end = min(end, len(snippet_text))
        if end <= start:
            continue
        out.append(html.escape(snippet_text[position:start]))
        out.append("<mark>" + html.escape(snippet_text[start:end]) + "</mark>")
        position = end
    out.append(html.escape(snippet_text[position:]))
    return "".join(out)

import re
import sqlite3
import threading

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from storyline import search
from storyline.search import fold, fts_query, highlight_html, index_terms, query_terms, snippet, tokens

DE_TALKS = "Der Außenminister führte am Montag in Genève lange Gespräche mit seiner Amtskollegin aus Łódź."
DE_LATER = "Nach dem Gespräch sagte Frau Müller, die Verhandlungen gingen am Dienstag weiter."
EN_TALKS = "The foreign ministers held talks in Geneva on Monday, and the meeting ran late."
EN_LATER = "After the meetings ended, Mr Koessler said they would talk again next week."
EN_OTHER = "The city council approved a new budget for the harbour and the railway station."


def _table(rows: list[tuple[str, str | None]], tokenizer: str | None = None) -> sqlite3.Connection:
    db = sqlite3.connect(":memory:")
    option = f", tokenize='{tokenizer}'" if tokenizer else ""
    db.execute(f"CREATE VIRTUAL TABLE t USING fts5(body{option})")
    db.executemany(
        "INSERT INTO t (rowid, body) VALUES (?, ?)",
        [(n, index_terms(text, lang)) for n, (text, lang) in enumerate(rows, 1)],
    )
    return db


def _found(db: sqlite3.Connection, q: str) -> list[int]:
    match = fts_query(q)
    if match is None:
        return []
    return [rowid for (rowid,) in db.execute("SELECT rowid FROM t WHERE t MATCH ? ORDER BY bm25(t)", (match,))]


def _finds(text: str, lang: str | None, q: str) -> bool:
    return _found(_table([(text, lang)]), q) == [1]


# fold and tokens


@pytest.mark.parametrize(
    ("word", "folded"),
    [
        ("Außenminister", "aussenminister"),
        ("AUSSENMINISTER", "aussenminister"),
        ("Gespräche", "gesprache"),
        ("Müller", "muller"),
        ("Koessler", "koessler"),
        ("Genève", "geneve"),
        ("Łódź", "lodz"),
        ("Øresund", "oresund"),
        ("Æsop", "aesop"),
        ("Œuvre", "oeuvre"),
        ("São", "sao"),
        ("Dvořák", "dvorak"),
        ("Gene\u0300ve", "geneve"),  # decomposed (NFD) è
        ("G7-Gipfel", "g7gipfel"),
        ("２０２６", "2026"),
        ("Москва", "москва"),
        ("…", ""),
    ],
)
def test_fold(word, folded):
    assert fold(word) == folded


def test_tokens_are_offsets_into_the_original_text():
    text = "„Gespräche“ in Genève – Macron’s talks, 3.5 Mrd. Euro; e-mail"
    words = tokens(text)
    assert [raw for _, _, raw in words] == [
        "Gespräche",
        "in",
        "Genève",
        "Macron",
        "s",
        "talks",
        "3",
        "5",
        "Mrd",
        "Euro",
        "e",
        "mail",
    ]
    assert all(text[start:end] == raw for start, end, raw in words)


def test_tokens_keep_combining_marks_with_their_word():
    text = "Ein Treffen in Gene\u0300ve und Zu\u0308rich"
    assert [raw for _, _, raw in tokens(text)][-3:] == ["Gene\u0300ve", "und", "Zu\u0308rich"]


# index_terms


def test_index_terms_are_folded_stems():
    assert index_terms("Die Gespräche des Außenministers", "de") == "die gesprach des aussenminist"
    assert index_terms("The talks and the meetings", "en") == "the talk and the meet"
    assert index_terms("Genève, Łódź", None) == "geneve lodz"
    assert index_terms("", "de") == ""
    assert index_terms(" … – !? ", "en") == ""


@pytest.mark.parametrize("lang", ["de", "en", "fr", "ru", "xx", None])
def test_index_terms_are_plain_ascii(lang):
    text = "Außenminister Lavrov (Лавров) traf in Genève Ærø-Fischer, 東京 und Αθήνα; l’économie d’Œuvre"
    assert re.fullmatch(r"[a-z0-9 ]*", index_terms(text, lang))


def test_language_codes_are_normalized():
    assert (
        index_terms("Gespräche", "de-AT")
        == index_terms("Gespräche", "german")
        == index_terms("Gespräche", "de")
        == "gesprach"
    )


def test_fold_then_stem_makes_terms_depend_only_on_the_folded_word():
    # Stem-then-fold would give "resume" for "résumés" but "resum" for "resumes" (English), and
    # "cre" for "créées" but "cree" for "creees" (French); fold-then-stem gives one term.
    pairs = [
        ("de", "Außenminister", "Aussenminister"),
        ("de", "Gespräche", "Gesprache"),
        ("en", "résumés", "resumes"),
        ("en", "naïve", "naive"),
        ("fr", "créées", "creees"),
        ("fr", "élèves", "eleves"),
        ("es", "canción", "cancion"),
    ]
    for lang, accented, plain in pairs:
        assert index_terms(accented, lang) == index_terms(plain, lang), (lang, accented)


# finding documents


@pytest.mark.parametrize(
    ("text", "lang", "q"),
    [
        (DE_TALKS, "de", "Aussenminister"),
        (DE_TALKS.replace("Außenminister", "Aussenminister"), "de", "Außenminister"),
        (DE_TALKS, "de", "AUSSENMINISTER"),
        (DE_TALKS, "de", "Gespräch"),
        (DE_LATER, "de", "Gespräche"),
        (DE_LATER, "de", "Gespraeche"),
        (DE_LATER, "de", "Gesprächen"),
        (DE_TALKS, "de", "Geneve"),
        (DE_TALKS, "de", "Lodz"),
        (DE_LATER, "de", "Muller"),
        (DE_LATER, "de", "Mueller"),
        (DE_LATER, "de", "verhandlung"),
        (EN_TALKS, "en", "talk"),
        (EN_LATER, "en", "talks"),
        (EN_LATER, "en", "meeting"),
        (EN_TALKS, "en", "meetings"),
        (EN_TALKS, "en", "minister"),
        (EN_LATER, "en", "Koessler"),
        (EN_LATER, "en", "Kößler"),
        (EN_TALKS.replace("Geneva", "Genève"), "en", "Geneve"),
        (EN_TALKS.replace("Geneva", "Geneve"), "en", "Genève"),
        # the query side does not know the document's language: a misdetected or unknown one still works
        (DE_TALKS, "en", "Außenminister Gespräche"),
        (EN_TALKS, "de", "talks meeting"),
        (DE_TALKS, None, "Gespräche Geneve"),
        (DE_TALKS, "xx", "gespräche"),
    ],
)
def test_query_finds_document(text, lang, q):
    assert _finds(text, lang, q)


@pytest.mark.parametrize(
    ("text", "lang", "q"),
    [
        (DE_TALKS, "de", "Gespräche Haushalt"),  # every query word is required
        (EN_OTHER, "en", "talks"),
        (DE_LATER, "de", "Außenminister"),
        (EN_TALKS, "en", "Genève"),  # Geneva is not Genève: no translation of names
    ],
)
def test_query_does_not_find_document(text, lang, q):
    assert not _finds(text, lang, q)


def test_other_languages_are_found_by_exact_words_and_by_stems():
    text = "Les élèves ont présenté leurs propositions pour l’économie régionale."
    assert _finds(text, "fr", "économie")
    assert _finds(text, "fr", "economie regionale")
    assert _finds(text, "fr", "eleves")
    assert _finds(text, "fr", "proposition")  # the English stem of the query word is the French stem


def test_non_latin_words_are_searchable():
    text = "Министр иностранных дел прибыл в Москву."
    assert _finds(text, "ru", "Москву")
    assert _finds(text, "ru", "министр")
    assert not _finds(text, "ru", "Берлин")


@pytest.mark.parametrize("tokenizer", [None, "ascii", "unicode61 remove_diacritics 2", "trigram"])
def test_fts5_finds_the_right_rows_and_ranks_with_bm25(tokenizer):
    rows = [
        (EN_OTHER, "en"),
        (DE_TALKS, "de"),
        (EN_TALKS, "en"),
        ("Gespräche, Gespräche, nichts als Gespräche: Der Außenminister hat genug vom Gespräch.", "de"),
        (DE_LATER, "de"),
        (EN_LATER, "en"),
    ]
    db = _table(rows, tokenizer)
    if tokenizer == "trigram":  # a trigram table still works for whole words, just not ranked the same
        assert set(_found(db, "Gespräche")) == {2, 4, 5}
        return
    assert _found(db, "Gespräche")[0] == 4
    assert set(_found(db, "Gespräche")) == {2, 4, 5}
    assert set(_found(db, "Aussenminister")) == {2, 4}
    assert set(_found(db, "talk")) == {3, 6}
    assert set(_found(db, "meetings")) == {3, 6}
    assert set(_found(db, "talks OR Gespräch")) == {2, 3, 4, 5, 6}
    assert _found(db, "Haushalt") == []


def test_query_terms_are_alternatives_per_word():
    assert query_terms("Aussenminister Gesprache") == [{"aussenminist", "aussenminister"}, {"gesprach", "gesprache"}]
    assert query_terms("Gespräche") == [{"gesprach", "gesprache", "gespraech", "gespraeche"}]
    assert query_terms("meetings") == [{"meeting", "meet", "meetings"}]
    assert query_terms("talks talk") == [{"talk"}]  # "talk" implies "talks" (talk or talks)
    assert query_terms("talk talk") == [{"talk"}]
    assert query_terms("") == [] and query_terms(" -- !!") == []


def test_query_terms_drop_english_clitics_and_bare_and():
    assert query_terms("Koessler's talks") == query_terms("Koessler talks")
    assert query_terms("talks AND meetings") == query_terms("talks meetings")
    assert len(query_terms("talks OR meetings")) == 1
    assert query_terms("and or") == [{"and"}, {"or"}]  # lower-case "and"/"or" are words


def test_fts_query_quotes_every_term():
    assert (
        fts_query("Aussenminister Gesprache") == '("aussenminist" OR "aussenminister") AND ("gesprach" OR "gesprache")'
    )
    assert fts_query("Lodz") == '"lodz"'


HOSTILE = [
    "",
    " ",
    '"',
    '""',
    '"Gespräche',
    "'; DROP TABLE t; --",
    "NEAR(",
    "NEAR(talks meeting, 2)",
    "talks*",
    "*",
    "-talks",
    "- -",
    "body:talks",
    ":",
    "^talks",
    "AND",
    "OR",
    "NOT",
    "talks AND",
    "AND OR NOT",
    "talks OR",
    "OR talks",
    "(((",
    ")",
    "{body}: talks",
    "+-*/:()\"'",
    "…—–",
    "\x00",
    "talks\x00meeting",
    "a" * 5000,
    "talks " * 500,
]


@pytest.mark.parametrize("q", HOSTILE)
def test_hostile_queries_never_break_fts5(q):
    db = _table([(EN_TALKS, "en"), (DE_TALKS, "de")])
    match = fts_query(q)
    if match is not None:
        db.execute("SELECT rowid FROM t WHERE t MATCH ?", (match,)).fetchall()
    snippet(EN_TALKS, q)


@pytest.mark.parametrize("q", ["", " ", "…", "'\"*:-()", "AND", "OR", "AND OR"])
def test_queries_without_words_give_none(q):
    assert fts_query(q) is None


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60))
def test_any_query_is_valid_fts5(q):
    db = _table([(EN_TALKS, "en")])
    match = fts_query(q)
    if match is not None:
        db.execute("SELECT rowid FROM t WHERE t MATCH ?", (match,)).fetchall()


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200), st.sampled_from(["de", "en", "fr", "ru", None]))
def test_any_text_indexes_to_ascii_terms(text, lang):
    assert re.fullmatch(r"[a-z0-9 ]*", index_terms(text, lang))
    for start, end, raw in tokens(text):
        assert text[start:end] == raw


def test_index_terms_agree_across_threads():
    texts = [f"{DE_TALKS} Runde {n}. {DE_LATER}" for n in range(200)]
    expected = [index_terms(text, "de") for text in texts]
    search._stem.cache_clear()
    search._raw_cache.clear()
    results: dict[int, list[str]] = {}

    def work(worker: int) -> None:
        results[worker] = [index_terms(text, "de") for text in texts]

    threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert all(result == expected for result in results.values())


def test_pystemmer_gives_the_same_stems_when_installed():
    stemmer = pytest.importorskip("Stemmer")
    import snowballstemmer

    words = [fold(raw) for _, _, raw in tokens(" ".join([DE_TALKS, DE_LATER, EN_TALKS, EN_LATER, EN_OTHER]))]
    for name in ("german", "english", "french"):
        assert stemmer.Stemmer(name).stemWords(words) == snowballstemmer.stemmer(name).stemWords(words)


# snippets


def _marked(text: str, spans: list[tuple[int, int]]) -> list[str]:
    return [text[start:end] for start, end in spans]


def test_snippet_marks_the_matching_words():
    text, spans = snippet(DE_TALKS, "Aussenminister Gespräch", "de")
    assert text == DE_TALKS
    assert _marked(text, spans) == ["Außenminister", "Gespräche"]


def test_snippet_marks_english_forms():
    text, spans = snippet(EN_TALKS + " " + EN_LATER, "talk meetings", "en")
    assert _marked(text, spans) == ["talks", "meeting", "meetings", "talk"]


def test_snippet_marks_folded_words_in_any_language():
    text, spans = snippet(DE_TALKS, "Geneve Lodz")
    assert _marked(text, spans) == ["Genève", "Łódź"]


def test_snippet_cuts_around_the_densest_cluster():
    filler = " ".join(["Der Stadtrat beriet über den Haushalt der Gemeinde."] * 12)
    text = f"Ein Gespräch am Morgen. {filler} Im Gespräch mit dem Außenminister ging es um Gespräche. {filler}"
    cut, spans = snippet(text, "Gespräche Außenminister", "de", width=120)
    assert cut.startswith("…") and cut.endswith("…")
    assert len(cut) <= 122
    assert _marked(cut, spans) == ["Gespräch", "Außenminister", "Gespräche"]
    assert "Ein Gespräch am Morgen" not in cut


def test_snippet_without_matches_is_the_opening():
    cut, spans = snippet(DE_TALKS, "Haushalt", "de", width=40)
    assert spans == []
    assert cut == "Der Außenminister führte am Montag in…"
    assert snippet("Kurz.", "Haushalt") == ("Kurz.", [])
    assert snippet("", "Haushalt") == ("", [])
    assert snippet(DE_TALKS, "", "de", width=40) == (cut, [])


def test_snippet_collapses_whitespace_and_keeps_spans_right():
    text = "Erste Zeile.\n\n   Dann   kamen die\tGespräche\nzum Abschluss."
    cut, spans = snippet(text, "Gespräche")
    assert cut == "Erste Zeile. Dann kamen die Gespräche zum Abschluss."
    assert _marked(cut, spans) == ["Gespräche"]


def test_highlight_html_escapes_everything():
    text = "<script>alert('talks')</script> talks & meetings"
    cut, spans = snippet(text, "talks meeting", "en")
    html = highlight_html(cut, spans)
    assert "<script>" not in html and "</script>" not in html
    assert html == (
        "&lt;script&gt;alert(&#x27;<mark>talks</mark>&#x27;)&lt;/script&gt; <mark>talks</mark> &amp; <mark>meetings</mark>"
    )


def test_highlight_html_tolerates_odd_spans():
    assert highlight_html("a <b> c", [(2, 5), (3, 4), (6, 99), (0, 0)]) == "a <mark>&lt;b&gt;</mark> <mark>c</mark>"
    assert highlight_html("", []) == ""


@pytest.mark.parametrize("width", [1, 10, 40, 80, 200])
def test_snippet_stays_near_the_width(width):
    text = " ".join([DE_TALKS, DE_LATER, EN_TALKS, EN_LATER, EN_OTHER] * 3)
    for q in ["Gespräche", "talks Genève", "Haushalt", ""]:
        cut, spans = snippet(text, q, width=width)
        longest = max(len(raw) for _, _, raw in tokens(text))
        assert len(cut) <= max(width, longest) + 2
        assert all(fold(cut[start:end]) for start, end in spans)


def test_snippet_leaves_out_long_non_word_edges():
    cut, spans = snippet("Gespräche " + "!" * 50, "Gespräche")
    assert cut == "Gespräche…" and spans == [(0, 9)]

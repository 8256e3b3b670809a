import io
import json
import os
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from storyline.ingest.jsonl import line_to_article, read_jsonl, record_to_article
from storyline.model import Article, Rejected
from storyline.options import Options


def test_fields_dates_and_unknown_fields(tmp_path):
    path = tmp_path / "in.jsonl"
    rows = [
        {"id": "w1", "title": "T", "text": "Body.", "published": "2014-04-25 17:53:00-04:00", "section": "Welt"},
        {"id": "w2", "text": "Body two.", "published": "2016-08", "lang": "de-CH", "url": "https://example.org/2"},
        {"text": "Body three.", "date": "Sa, 15 Okt 2016", "source": "Beispiel-Zeitung"},
        {"id": "w4", "text": "Body four.", "published": "sometime soon"},
    ]
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n\n", encoding="utf-8")
    articles = list(read_jsonl(path, Options()))
    assert all(isinstance(a, Article) for a in articles)
    first, second, third, fourth = articles
    assert (first.published, first.published_precision, first.meta["section"]) == (
        "2014-04-25T17:53-04:00",
        "minute",
        "Welt",
    )
    assert (second.published, second.published_precision, second.lang) == ("2016-08", "month", "de-CH")
    assert (third.published, third.source) == ("2016-10-15", "Beispiel-Zeitung")
    assert third.id.startswith("t-")
    assert fourth.published is None and fourth.meta["published_raw"] == "sometime soon"
    assert first.meta["line"] == 1 and third.meta["line"] == 3


def test_bad_lines_are_rejected_with_line_numbers_and_the_rest_kept(tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_bytes(
        b'{"id": "ok1", "text": "Fine."}\n{"id": broken\n[1, 2]\n{"id": "no-text"}\n'
        b'{"id": "e", "text": "  "}\n{"id": "ok2", "text": "Also fine."}\n'
    )
    results = list(read_jsonl(path, Options()))
    assert [r.id for r in results if isinstance(r, Article)] == ["ok1", "ok2"]
    rejected = [r for r in results if isinstance(r, Rejected)]
    assert [(r.line, r.reason.split(":")[0]) for r in rejected] == [
        (2, "malformed JSON"),
        (3, "expected a JSON object, got list"),
        (4, "no 'text' field"),
        (5, "empty article"),
    ]
    assert all(r.source == str(path) for r in rejected)


def test_stated_coarser_precision_is_honoured():
    record = {"text": "Kurz.", "published": "2016-08-26", "published_precision": "month"}
    article = record_to_article(record, "f", 1)
    assert (article.published, article.published_precision) == ("2016-08", "month")


def test_reads_stdin(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b'{"id": "s1", "text": "From stdin."}\n')))
    [article] = list(read_jsonl("-", Options()))
    assert article.id == "s1" and article.meta["path"] == "<stdin>"


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.binary(max_size=200),
            st.dictionaries(
                st.text(max_size=8),
                st.one_of(st.none(), st.integers(), st.text(max_size=50), st.lists(st.integers(), max_size=3)),
                max_size=6,
            ).map(lambda d: json.dumps(d).encode()),
        ),
        max_size=10,
    )
)
def test_any_lines_give_articles_or_rejections(tmp_path_factory, lines):
    path = tmp_path_factory.mktemp("fuzz") / "f.jsonl"
    path.write_bytes(b"\n".join(line.replace(b"\n", b" ") for line in lines))
    for result in read_jsonl(path, Options()):
        assert isinstance(result, Article | Rejected)


def _read(path, options=None):
    return list(read_jsonl(path, options or Options()))


def _line(raw: bytes, options=None):
    return line_to_article(raw, "f.jsonl", 1, options or Options())


def _strings(value):
    """Every string in a record's fields, meta keys and values included."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(key)
            yield from _strings(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _strings(item)


def test_lone_surrogates_are_repaired_in_every_field_and_meta():
    raw = (
        rb'{"id": "s\ud800", "title": "Kopf\udfff", "text": "Ein \ud83d Text", "source": "Q\uDC00",'
        rb' "k\ud801": ["v\ude00", {"w": "\ud802"}]}'
    )
    article = _line(raw)
    assert isinstance(article, Article)
    assert (article.id, article.title, article.text, article.source) == (
        "s\ufffd",
        "Kopf\ufffd",
        "Ein \ufffd Text",
        "Q\ufffd",
    )
    assert article.meta["k\ufffd"] == ["v\ufffd", {"w": "\ufffd"}]
    for text in _strings(article.to_dict()):
        text.encode("utf-8")  # raised UnicodeEncodeError before: the store and print failed on it
    pair = _line(rb'{"id": "p", "text": "Emoji \ud83d\ude00 bleibt"}')
    assert pair.text == "Emoji \U0001f600 bleibt"


@pytest.mark.parametrize("depth", [65, 1_000, 100_000])
def test_deep_nesting_is_rejected_not_a_recursion_error(depth):
    for raw in (
        b'{"id": "d", "text": "Tief.", "x": ' + b"[" * depth + b"]" * depth + b"}",
        b'{"id": "d", "text": "Tief.", "x": ' + b'{"a": ' * depth + b"1" + b"}" * depth + b"}",
    ):
        rejected = _line(raw)
        assert isinstance(rejected, Rejected) and rejected.line == 1
        assert rejected.reason == "JSON nested deeper than 64 levels"


def test_nesting_depth_is_an_option_and_wide_records_pass():
    nested = b'{"id": "d", "text": "Tief genug.", "x": ' + b"[" * 9 + b"]" * 9 + b"}"  # 10 levels
    assert isinstance(_line(nested, Options(max_nesting_depth=10)), Article)
    assert _line(nested, Options(max_nesting_depth=9)).reason == "JSON nested deeper than 9 levels"
    wide = json.dumps({"id": "w", "text": "Breit.", "tags": [[i] for i in range(500)]}).encode()
    assert isinstance(_line(wide), Article)


@pytest.mark.parametrize(
    ("given", "reason"),
    [
        (True, "id must be a string or an integer, got bool"),
        (1.5, "id must be a string or an integer, got float"),
        ({"a": 1}, "id must be a string or an integer, got dict"),
        (["a"], "id must be a string or an integer, got list"),
        ("", "id is blank"),
        (" \t", "id is blank"),
        ("a\nb", "id holds a control character"),
        ("a\x1b[31m", "id holds a control character"),
        ("x" * 513, "id is over 512 characters long"),
        (10**600, "id is over 512 characters long"),
    ],
)
def test_bad_ids_are_rejected_with_a_reason(given, reason):
    rejected = record_to_article({"id": given, "text": "Ein Text."}, "f", 3)
    assert isinstance(rejected, Rejected)
    assert (rejected.line, rejected.reason, rejected.record_id) == (3, reason, None)


def test_integer_ids_are_their_decimal_string():
    assert record_to_article({"id": 1, "text": "Ein Text."}, "f", 1).id == "1"
    assert record_to_article({"id": "1", "text": "Ein Text."}, "f", 1).id == "1"
    assert record_to_article({"id": -7, "text": "Ein Text."}, "f", 1).id == "-7"
    assert record_to_article({"id": "x" * 512, "text": "Ein Text."}, "f", 1).id == "x" * 512
    assert record_to_article({"id": None, "text": "Ein Text."}, "f", 1).id.startswith("t-")


@pytest.mark.parametrize("relative", ["now", "today", "yesterday", "vor 2 Tagen", "2 hours ago", "heute", "Monday"])
def test_relative_dates_are_not_the_time_of_the_run(relative):
    article = record_to_article({"id": "r", "text": "Ein Text.", "published": relative}, "f", 1)
    assert (article.published, article.published_precision) == (None, "unknown")
    assert article.meta["published_raw"] == relative


def test_too_few_letters_are_rejected_and_headlines_still_pass():
    options = Options(min_letters=3)
    short = record_to_article({"id": "b", "text": "\u00e9\u00ff 12"}, "f", 4, options)
    assert isinstance(short, Rejected)
    assert (short.line, short.reason, short.record_id) == (4, "only 2 letters; at least 3 needed", "b")
    assert isinstance(record_to_article({"id": "m", "text": "era"}, "f", 1, options), Article)  # an MStream snippet
    headline = record_to_article({"id": "h", "title": "Kiel baut", "text": ""}, "f", 1, options)
    assert (headline.text, headline.meta["headline_only"]) == ("Kiel baut", True)
    placeholder = record_to_article({"id": "p", "title": "Kiel baut", "text": "--"}, "f", 1, options)
    assert (placeholder.text, placeholder.meta["text_raw"]) == ("Kiel baut", "--")
    both = record_to_article({"id": "t", "title": "K1", "text": " "}, "f", 1, options)
    assert both.reason == "empty article (title: only 1 letter; at least 3 needed)"
    assert isinstance(record_to_article({"id": "z", "text": "7"}, "f", 1, Options(min_letters=0)), Article)


def test_control_characters_leave_one_line_fields_and_text_keeps_newlines_and_tabs():
    record = {
        "id": "c",
        "title": "Kopf\x1b[31m rot\x1b[0m\nzweite Zeile",
        "source": "Quelle\x07",
        "url": "https://example.org/\x00a",
        "lang": "de\x85",
        "text": "Zeile eins\r\nZeile\tzwei\rdrei\x00\x9b vier\x1b]8;;https://evil.example\x07link",
    }
    article = record_to_article(record, "f", 1)
    assert article.title == "Kopf rot zweite Zeile"
    assert (article.source, article.url, article.lang) == ("Quelle", "https://example.org/ a", "de")
    assert article.text == "Zeile eins\nZeile\tzwei\ndrei vierlink"


def test_wrong_types_of_string_fields_are_kept_in_meta_not_used():
    record = {
        "id": "t",
        "text": "Ein Text.",
        "title": ["a", "b"],
        "source": {"name": "Agentur"},
        "url": True,
        "lang": 2,
    }
    article = record_to_article(record, "f", 1)
    assert (article.title, article.source, article.url, article.lang) == (None, None, None, "2")
    assert (article.meta["title"], article.meta["source"], article.meta["url"]) == (
        ["a", "b"],
        {"name": "Agentur"},
        True,
    )


def test_nan_infinity_and_huge_numbers_do_not_reach_the_store():
    article = _line(b'{"id": "n", "text": "Zahlen.", "score": NaN, "max": Infinity, "big": 1e999, "ok": 1.5}')
    assert {k: article.meta[k] for k in ("score", "max", "big", "ok")} == {
        "score": None,
        "max": None,
        "big": None,
        "ok": 1.5,
    }
    json.dumps(dict(article.meta), allow_nan=False)
    assert _line(b'{"id": NaN, "text": "Zahlen."}').reason == "id must be a string or an integer, got float"
    digits = _line(b'{"id": "g", "text": "Zahlen.", "n": ' + b"9" * 5000 + b"}")
    assert digits.reason == "malformed JSON: a number with too many digits"


def test_over_long_lines_are_skipped_in_bounded_memory_with_their_line_number(tmp_path):
    path = tmp_path / "long.jsonl"
    long_line = b'{"id": "big", "text": "' + b"a" * 5_000 + b'"}\n'
    path.write_bytes(b'{"id": "a", "text": "Vorher."}\n' + long_line + b'{"id": "b", "text": "Nachher."}\r\n')
    first, rejected, last = _read(path, Options(max_article_bytes=1_000))
    assert (first.id, last.id, last.text) == ("a", "b", "Nachher.")
    assert (rejected.line, rejected.reason) == (
        2,
        f"record of {len(long_line)} bytes is over the size limit of 1000 bytes",
    )


def test_a_record_exactly_at_the_limit_is_read(tmp_path):
    line = json.dumps({"id": "e", "text": "Genau am Limit " + "x" * 20}).encode()
    path = tmp_path / "edge.jsonl"
    path.write_bytes(line + b"\n" + line)
    assert [type(r) for r in _read(path, Options(max_article_bytes=len(line)))] == [Article, Article]
    assert [type(r) for r in _read(path, Options(max_article_bytes=len(line) - 1))] == [Rejected, Rejected]


def test_non_regular_paths_are_never_opened(tmp_path):
    if not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs here")
    fifo = tmp_path / "pipe.jsonl"
    os.mkfifo(fifo)
    [rejected] = _read(fifo)  # opening it would block until a writer came
    assert rejected.reason == "not a regular file (fifo)" and rejected.line is None
    if os.path.exists("/dev/zero"):
        [zero] = _read("/dev/zero")
        assert zero.reason == "not a regular file (character device)"

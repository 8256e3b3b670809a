import io
import json
import sys

from hypothesis import given, settings
from hypothesis import strategies as st

from storyline.ingest.jsonl import read_jsonl, record_to_article
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
    article = record_to_article({"text": "x", "published": "2016-08-26", "published_precision": "month"}, "f", 1)
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

"""Title, date, text and charset of HTML pages, on the labelled pages of tests/data/html_metadata."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from storyline.ingest import html as html_reader
from storyline.ingest.decode import declared_charset, decode_html
from storyline.ingest.html import html_to_article
from storyline.ingest.metadata import page_metadata
from storyline.ingest.state import ReadState
from storyline.model import Article, Rejected
from storyline.options import Options

DATA = Path(__file__).resolve().parent.parent / "data" / "html_metadata"
GOLD = [json.loads(line) for line in (DATA / "gold.jsonl").open(encoding="utf-8") if line.strip()]
# Every page of the set is read right (docs/html_metadata.md); the set was written with the reader,
# so a floor below 1.0 would hide a regression on one of the cases it was written for.
FLOOR = 1.0


def test_labelled_set_covers_the_cases():
    assert len(GOLD) >= 30
    assert {entry["file"] for entry in GOLD} == {path.name for path in DATA.glob("*.html")}


@pytest.mark.parametrize("entry", GOLD, ids=[entry["file"] for entry in GOLD])
def test_title_and_published_date(entry):
    article = html_to_article((DATA / entry["file"]).read_bytes(), None, Options(), name=entry["file"])
    assert isinstance(article, Article), article
    assert " ".join((article.title or "").split()) == entry["title"]
    assert (article.published, article.published_precision) == (entry["published"], entry["published_precision"])


def test_accuracy_floor():
    import importlib.util

    spec = importlib.util.spec_from_file_location("quality", DATA.parents[2] / "scripts" / "html_metadata_quality.py")
    assert spec is not None and spec.loader is not None
    quality = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(quality)
    table, misses = quality.measure(DATA)
    assert table["storyline"]["title"] >= FLOOR and table["storyline"]["date"] >= FLOOR, misses


def test_published_wins_over_modified_placed_first():
    page = """<html><head><script type="application/ld+json">{"@type": "NewsArticle", "dateModified": "2020-05-02T10:00:00Z",
    "datePublished": "2020-05-01T08:30:00+02:00", "headline": "A"}</script></head><body></body></html>"""
    found = page_metadata(page)
    assert (found.published, found.precision, found.date_source) == ("2020-05-01T08:30+02:00", "minute", "json-ld")


@pytest.mark.parametrize(
    ("title", "site", "expected"),
    [
        ("Harbour reopens | DW | 19.01.2020", "Deutsche Welle", "Harbour reopens"),
        ("Harbour reopens after the storm - Reuters", None, "Harbour reopens after the storm"),
        ("Neue Brücke für die Altstadt – SPIEGEL ONLINE", "SPIEGEL ONLINE", "Neue Brücke für die Altstadt"),
        ("Example Post :: Harbour reopens after the storm", "Example Post", "Harbour reopens after the storm"),
        ("Brexit - what changes now", None, "Brexit - what changes now"),
    ],
)
def test_site_names_and_dates_are_cut_from_titles(title, site, expected):
    site_meta = f'<meta property="og:site_name" content="{site}">' if site else ""
    found = page_metadata(f"<html><head><title>{title}</title>{site_meta}</head><body><p>x</p></body></html>")
    assert found.title == expected


@pytest.mark.parametrize("bad", ["null", "undefined", "", "council-approves-budget-2024", "Example Post"])
def test_unusable_titles_give_way_to_the_h1(bad):
    page = (
        f'<html><head><title>{bad}</title><meta property="og:title" content="{bad}">'
        '<meta property="og:site_name" content="Example Post"></head>'
        "<body><article><h1>Council approves budget</h1><p>Text.</p></article></body></html>"
    )
    assert page_metadata(page).title == "Council approves budget"


def test_time_in_the_article_beats_a_time_in_the_sidebar():
    page = (
        '<html><body><aside><time datetime="2021-09-09">9.9.</time></aside>'
        '<article><h1>A</h1><time datetime="2021-09-01T10:15:00+02:00">1.9.</time><p>B</p></article></body></html>'
    )
    found = page_metadata(page)
    assert (found.published, found.precision) == ("2021-09-01T10:15+02:00", "minute")


def test_precision_extraction_of_only_a_headline_falls_back_to_recall(monkeypatch):
    """A page of which the precision-oriented extraction keeps only the headline (as one of the 60
    real pages did) gets the recall-oriented extraction instead of losing its body."""
    body = "The vote was close. Turnout was high. The count took all night."

    class Document:
        def __init__(self, text: str) -> None:
            self.text, self.title, self.url, self.author, self.sitename = text, None, None, None, None

    def extract(html: str, url: str | None, recall: bool) -> Document:
        return Document("Mayor re-elected\n" + body if recall else "Mayor re-elected")

    monkeypatch.setattr(html_reader, "_extract", extract)
    article = html_to_article(b"<html><body><h1>Mayor re-elected</h1></body></html>", None, Options())
    assert isinstance(article, Article) and body in article.text and article.meta["extraction"] == "recall"


def test_table_heavy_page_keeps_its_tables():
    article = html_to_article((DATA / "table_heavy.html").read_bytes(), None, Options())
    assert isinstance(article, Article) and "Freie Wähler" in article.text and "Oberried" in article.text
    assert article.meta["extraction"] == "recall"


def test_page_without_any_text_is_still_rejected():
    result = html_to_article(b"<html><body></body></html>", None, Options(), name="blank.html")
    assert isinstance(result, Rejected) and result.source == "blank.html" and "no article text" in result.reason


def test_one_stray_byte_does_not_turn_a_utf8_page_into_cp1252():
    article = html_to_article((DATA / "utf8_stray_byte.html").read_bytes(), None, Options())
    assert isinstance(article, Article) and article.meta["encoding"] == "utf-8"
    assert "Straßenfest in der Südstadt" in article.text and "Ã" not in article.text


def test_declared_charsets():
    assert declared_charset(b'<meta http-equiv="Content-Type" content="text/html; charset=windows-1252">') == "cp1252"
    assert declared_charset(b"<meta charset=latin1>") == "cp1252"  # as browsers read it
    assert declared_charset(b"<meta charset=nonsense>") is None
    assert declared_charset(b"<meta charset=utf-8>", "text/html; charset=ISO-8859-15") == "iso8859-15"
    text, encoding = decode_html("Grüße".encode("cp1252"), "text/html; charset=windows-1252")
    assert (text, encoding) == ("Grüße", "cp1252")
    article = html_to_article((DATA / "cp1252_declared.html").read_bytes(), None, Options())
    assert isinstance(article, Article) and "„Wir wollen" in article.text and article.meta["encoding"] == "cp1252"


def test_two_pages_with_one_url_get_two_ids():
    state = ReadState()
    first = b"<html><body><article><p>The first version of the report said the bridge would open in May.</p></article></body></html>"
    second = first.replace(b"May", b"June")
    a = html_to_article(first, "https://example.org/bridge", Options(), state=state)
    b = html_to_article(second, "https://example.org/bridge", Options(), state=state)
    again = html_to_article(first, "https://example.org/bridge", Options(), state=state)
    assert isinstance(a, Article) and isinstance(b, Article) and isinstance(again, Article)
    assert a.id != b.id and b.id.startswith(a.id + "-") and again.id == a.id


def test_oversized_and_binary_pages_are_rejected():
    too_big = html_to_article(
        b"<html>" + b"x" * 200 + b"</html>", "https://example.org/x", Options(max_article_bytes=100)
    )
    assert (
        isinstance(too_big, Rejected) and "size limit" in too_big.reason and too_big.source == "https://example.org/x"
    )
    binary = html_to_article(bytes(range(32)) * 10, None, Options(), name="b")
    assert isinstance(binary, Rejected) and "binary" in binary.reason

"""The WARC reader: one article per HTML page, the rest skipped and counted, broken records rejected."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from typer.testing import CliRunner
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from storyline.ingest import ReadState, detect_format, read
from storyline.ingest.warc import read_warc
from storyline.model import Article, Rejected
from storyline.options import Options

CRAWLED = "2022-05-06T07:08:09Z"


def page(headline: str, body: str, published: str | None = None) -> bytes:
    date = f'<meta property="article:published_time" content="{published}">' if published else ""
    paragraphs = "".join(f"<p>{sentence}</p>" for sentence in body.split("\n"))
    return (
        f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{headline} | Testblatt</title>{date}</head>'
        f"<body><nav><a href='/'>Home</a></nav><article><h1>{headline}</h1>{paragraphs}</article></body></html>"
    ).encode()


FERRY = page(
    "Ferry service resumes after storm",
    "The ferry between Ostend and Dover sailed again on Thursday after two days of storm warnings.\n"
    "Operators said all passengers with cancelled bookings would be carried by Saturday evening.\n"
    "Harbour staff worked through the night to repair a damaged ramp on the Belgian side.",
    published="2022-05-05T18:30:00+02:00",
)
LIBRARY = page(
    "Stadtbibliothek öffnet länger",
    "Die Stadtbibliothek hat ab Montag auch abends bis 22 Uhr geöffnet, teilte die Stadt mit.\n"
    "Der Stadtrat hatte die längeren Öffnungszeiten im Frühjahr nach einer Umfrage beschlossen.\n"
    "Für die Abendstunden werden zwei zusätzliche Stellen geschaffen, die Kosten trägt das Land.",
)
LIBRARY_CHANGED = LIBRARY.replace(b"22 Uhr", b"23 Uhr").replace(b"zwei zus", b"drei zus")


def response(
    writer: WARCWriter, url: str, payload: bytes, content_type: str = "text/html; charset=utf-8", status: str = "200 OK"
) -> None:
    http = StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")
    record = writer.create_warc_record(
        url, "response", payload=io.BytesIO(payload), http_headers=http, warc_headers_dict={"WARC-Date": CRAWLED}
    )
    writer.write_record(record)


def crawl(path: Path, gzip: bool) -> Path:
    """A small crawl: warcinfo, a request, two pages, an image, a 404, a revisit, metadata, one changed page."""
    with open(path, "wb") as handle:
        writer = WARCWriter(handle, gzip=gzip)
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "storyline-test"}))
        request = StatusAndHeaders("GET /ferry HTTP/1.1", [("Host", "example.org")], is_http_request=True)
        writer.write_record(writer.create_warc_record("https://example.org/ferry", "request", http_headers=request))
        response(writer, "https://example.org/ferry", FERRY)
        response(writer, "https://example.de/bibliothek", LIBRARY, content_type="text/html; charset=UTF-8")
        response(writer, "https://example.org/logo.png", b"\x89PNG\r\n\x1a\n" + bytes(200), content_type="image/png")
        response(writer, "https://example.org/missing", b"<html><body>Not found</body></html>", status="404 Not Found")
        revisit = writer.create_revisit_record(
            "https://example.org/ferry",
            digest="sha1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
            refers_to_uri="https://example.org/ferry",
            refers_to_date=CRAWLED,
        )
        writer.write_record(revisit)
        writer.write_record(
            writer.create_warc_record("https://example.org/ferry", "metadata", payload=io.BytesIO(b"outlinks: 3"))
        )
        response(writer, "https://example.de/bibliothek", LIBRARY_CHANGED, content_type="application/octet-stream")
    return path


@pytest.mark.parametrize("name", ["crawl.warc.gz", "crawl.warc"])
def test_one_article_per_html_page_with_url_and_dates(tmp_path, name):
    path = crawl(tmp_path / name, gzip=name.endswith(".gz"))
    assert detect_format(path) == "warc"
    state = ReadState()
    records = list(read([path], options=Options(), state=state))
    assert all(isinstance(record, Article) for record in records), records
    ferry, library, changed = records
    assert ferry.url == "https://example.org/ferry" and ferry.title == "Ferry service resumes after storm"
    assert (ferry.published, ferry.published_precision) == ("2022-05-05T18:30+02:00", "minute")  # the page's own
    assert ferry.meta["warc_date"] == CRAWLED and ferry.meta["warc_record_id"].startswith("<urn:uuid:")
    assert (library.published, library.published_precision) == ("2022-05-06T07:08+00:00", "minute")  # crawl time
    assert library.meta["date_source"] == "warc" and "Öffnungszeiten" in library.text
    # the same url crawled again with other text: a second id, not a silent collision
    assert changed.url == library.url and changed.id != library.id and changed.id.startswith(library.id + "-")
    assert "23 Uhr" in changed.text
    assert state.skipped == {
        "WARC warcinfo": 1,
        "WARC request": 1,
        "WARC response not HTML": 1,
        "WARC response not status 200": 1,
        "WARC revisit": 1,
        "WARC metadata": 1,
    }


def test_same_url_same_text_keeps_one_id(tmp_path):
    path = tmp_path / "twice.warc.gz"
    with open(path, "wb") as handle:
        writer = WARCWriter(handle, gzip=True)
        response(writer, "https://example.org/ferry", FERRY)
        response(writer, "https://example.org/ferry", FERRY)
    first, second = read_warc(path, Options())
    assert isinstance(first, Article) and isinstance(second, Article) and first.id == second.id


def test_gzipped_warc_without_extension_is_sniffed(tmp_path):
    path = crawl(tmp_path / "crawl.warc.gz", gzip=True).rename(tmp_path / "crawl-data")
    plain = crawl(tmp_path / "plain.warc", gzip=False).rename(tmp_path / "plain-data")
    assert detect_format(path) == "warc" and detect_format(plain) == "warc"


@pytest.mark.parametrize("gzip", [True, False])
def test_truncated_file_rejects_the_cut_record_and_keeps_the_rest(tmp_path, gzip):
    path = tmp_path / ("cut.warc.gz" if gzip else "cut.warc")
    with open(path, "wb") as handle:
        writer = WARCWriter(handle, gzip=gzip)
        response(writer, "https://example.org/ferry", FERRY)
        response(writer, "https://example.de/bibliothek", LIBRARY)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) - 300])
    first, second = read_warc(path, Options())
    assert isinstance(first, Article) and first.url == "https://example.org/ferry"
    assert isinstance(second, Rejected) and second.line == 2 and second.source == str(path)
    assert "truncated" in second.reason or "broken" in second.reason


def test_corrupt_gzip_member_is_rejected_not_raised(tmp_path):
    path = tmp_path / "bad.warc.gz"
    with open(path, "wb") as handle:
        writer = WARCWriter(handle, gzip=True)
        response(writer, "https://example.org/ferry", FERRY)
        start = handle.tell()
        response(writer, "https://example.de/bibliothek", LIBRARY)
    data = bytearray(path.read_bytes())
    data[start + 40 : start + 60] = bytes(20)
    path.write_bytes(bytes(data))
    first, *rest = read_warc(path, Options())
    assert isinstance(first, Article)
    assert len(rest) == 1 and isinstance(rest[0], Rejected) and rest[0].line == 2
    assert "broken WARC record" in rest[0].reason and len(rest[0].reason) < 250


def test_page_over_the_size_limit_is_rejected_and_reading_goes_on(tmp_path):
    path = tmp_path / "big.warc"
    with open(path, "wb") as handle:
        writer = WARCWriter(handle, gzip=False)
        response(writer, "https://example.org/big", b"<html><body>" + b"<p>word</p>" * 2000 + b"</body></html>")
        response(writer, "https://example.org/ferry", FERRY)
    big, ferry = read_warc(path, Options(max_article_bytes=10_000))
    assert isinstance(big, Rejected) and big.line == 1 and "size limit" in big.reason
    assert isinstance(ferry, Article)


def test_not_a_warc_is_rejected(tmp_path):
    path = tmp_path / "notes.warc"
    path.write_text("these are just notes\n", encoding="utf-8")
    [rejected] = read_warc(path, Options())
    assert isinstance(rejected, Rejected) and rejected.line == 1


def _read_big_crawl(path: str) -> list[str]:
    return [record.url or "" for record in read_warc(Path(path), Options()) if isinstance(record, Article)]


def test_large_crawl_is_streamed_in_bounded_memory(tmp_path, bounded):
    """A 96 MB video response is skipped without being held: the child may map only 48 MB more."""
    import trafilatura  # noqa: F401  (imported before the fork: its import maps memory of its own)
    import warcio.archiveiterator  # noqa: F401

    path = tmp_path / "video.warc"
    chunk = bytes(1 << 20)
    with open(path, "wb") as handle:
        writer = WARCWriter(handle, gzip=False)
        response(writer, "https://example.org/ferry", FERRY)
        http = StatusAndHeaders("200 OK", [("Content-Type", "video/mp4")], protocol="HTTP/1.1")

        class Video(io.RawIOBase):
            left = 96

            def readable(self) -> bool:
                return True

            def read(self, size: int = -1) -> bytes:
                if self.left == 0:
                    return b""
                self.left -= 1
                return chunk

        record = writer.create_warc_record(
            "https://example.org/video.mp4", "response", payload=Video(), length=96 << 20, http_headers=http
        )
        writer.write_record(record)
        response(writer, "https://example.de/bibliothek", LIBRARY)
    assert path.stat().st_size > 96 << 20
    urls = bounded(120, _read_big_crawl, str(path), memory=48 << 20)
    assert urls == ["https://example.org/ferry", "https://example.de/bibliothek"]


def test_cli_ingests_a_crawl(tmp_path):
    from storyline.cli import app
    from storyline.store import open_store

    path = crawl(tmp_path / "crawl.warc.gz", gzip=True)
    db = tmp_path / "x.db"
    result = CliRunner().invoke(app, ["ingest", str(path), "--db", str(db), "--no-events"])
    assert result.exit_code == 0, result.output
    assert "stored 3" in result.output
    assert "skipped " in result.output and "(not articles): " in result.output  # counted, not rejected
    with open_store(str(db)) as store:
        urls = sorted(stored.article.url or "" for stored in store.articles())
    assert urls == ["https://example.de/bibliothek", "https://example.de/bibliothek", "https://example.org/ferry"]

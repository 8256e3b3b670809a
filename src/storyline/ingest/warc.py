"""Web archives (``.warc``, ``.warc.gz``): each HTML page a crawler saved is one article.

The file is streamed record by record with warcio's ``ArchiveIterator``; at most one page
(``Options.max_article_bytes``) is held in memory.  A ``response`` record of status 200 whose
Content-Type is HTML (or, without a useful one, whose payload looks like HTML) goes to
:func:`.html.html_to_article` with the record's target URI as url; ``meta`` gets
``warc_date`` and ``warc_record_id``.  The page's own published date wins; a page without one
is dated by the WARC-Date (the time of the crawl, to the minute, in UTC).

Records that are not pages (``request``, ``revisit``, ``metadata``, ``warcinfo``, non-HTML
and non-200 responses) are left out on purpose and counted in ``ReadState.skipped``; they are
not bad input.  A broken record (a truncated gzip member, unreadable HTTP headers, a page over
the size limit) is a :class:`~storyline.model.Rejected` naming its record number (1-based), and
reading goes on with the next record when the archive allows it.
"""

from __future__ import annotations

import dataclasses
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..dates import parse_date
from ..model import Article, Rejected
from ..options import Options
from .files import open_regular
from .html import html_to_article
from .printable import display_name, one_line
from .state import ReadState

_HTML_TYPES = ("text/html", "application/xhtml+xml")
# Content types that say nothing about the payload; such a response is sniffed.
_UNSPECIFIC_TYPES = ("", "application/octet-stream", "text/plain", "unk", "unknown")
_HTML_STARTS = (b"<!doctype html", b"<html", b"<head", b"<?xml")
# Errors warcio lets out of a record it cannot read (gzip member cut short, bad headers, bad
# chunked encoding, a Content-Encoding it cannot undo).
_RECORD_ERRORS: tuple[type[BaseException], ...] = (zlib.error, EOFError, OSError, ValueError, KeyError, IndexError)


def read_warc(path: Path, options: Options, state: ReadState | None = None) -> Iterator[Article | Rejected]:
    """Yield the article of every HTML page in the WARC file at ``path``; skipped records are
    counted in ``state.skipped``."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    state = state if state is not None else ReadState()
    name = display_name(path)
    handle = open_regular(path)
    if isinstance(handle, str):
        yield Rejected(name, None, handle)
        return
    with handle:
        records = iter(ArchiveIterator(handle))
        number = 0
        while True:
            try:
                record = next(records)
            except StopIteration:
                return
            except (ArchiveLoadFailed, *_RECORD_ERRORS) as error:
                # the archive cannot be followed past this point: the rest of the file is lost
                yield Rejected(name, number + 1, f"broken WARC record, rest of file not read: {_said(error)}")
                return
            number += 1
            try:
                result = _record_to_article(record, name, number, options, state)
            except (ArchiveLoadFailed, *_RECORD_ERRORS) as error:
                result = Rejected(name, number, f"broken WARC record: {_said(error)}")
            if result is not None:
                yield result


def _record_to_article(
    record: Any, name: str, number: int, options: Options, state: ReadState
) -> Article | Rejected | None:
    """The article of one WARC record, why it is rejected, or ``None`` (skipped and counted)."""
    kind = record.rec_type or "unknown"
    if kind != "response":
        state.skipped[f"WARC {kind}"] += 1
        return None
    http = record.http_headers
    if http is None:  # dns:, whois: and other non-HTTP responses
        state.skipped["WARC response not HTTP"] += 1
        return None
    status = http.get_statuscode()
    if status != "200":
        state.skipped["WARC response not status 200"] += 1
        return None
    content_type = http.get_header("Content-Type") or ""
    media_type = content_type.split(";", 1)[0].strip().lower()
    if media_type not in _HTML_TYPES and media_type not in _UNSPECIFIC_TYPES:
        state.skipped["WARC response not HTML"] += 1
        return None
    limit = options.max_article_bytes
    payload = record.content_stream().read(limit + 1)  # bounded: warcio skips the rest of the record
    if len(payload) > limit:
        return Rejected(name, number, f"page of over {limit} bytes is over the size limit")
    if getattr(record.raw_stream, "limit", 0) > 0:  # warcio ends a cut-off record quietly
        return Rejected(name, number, "truncated WARC record (the file ends inside it)")
    if media_type not in _HTML_TYPES and not _looks_like_html(payload):
        state.skipped["WARC response not HTML"] += 1
        return None
    url = record.rec_headers.get_header("WARC-Target-URI")
    warc_date = record.rec_headers.get_header("WARC-Date")
    result = html_to_article(payload, url or None, options, name=name, content_type=content_type, state=state)
    if isinstance(result, Rejected):
        return dataclasses.replace(result, line=number)
    meta = {**result.meta, "warc_record": number}
    if warc_date:
        meta["warc_date"] = warc_date
    record_id = record.rec_headers.get_header("WARC-Record-ID")
    if record_id:
        meta["warc_record_id"] = record_id
    result = dataclasses.replace(result, meta=meta)
    if result.published is None and warc_date:
        published, precision = parse_date(warc_date)
        if published:
            result = dataclasses.replace(
                result,
                published=published,
                published_precision=precision,
                meta={**meta, "date_source": "warc"},
            )
    return result


def _looks_like_html(payload: bytes) -> bool:
    head = payload[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith(_HTML_STARTS) or b"<body" in head


def _said(error: BaseException) -> str:
    """What went wrong, on one line and short: warcio quotes the raw bytes of a bad record."""
    text = one_line(f"{type(error).__name__}: {error}")
    return text if len(text) <= 160 else text[:159] + "…"

"""JSON Lines: one article object per line; also from standard input (``-``).

Known fields: ``id, url, source, title, text, published, published_precision, lang``
(``body``/``content`` are read as ``text``, ``date`` as ``published``).  Every other
field is kept in ``meta``.  A line that is not an object with some text is rejected
with its line number; the lines around it are still read.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from ..dates import parse_date
from ..model import PRECISIONS, Article, Rejected
from ..options import Options
from .decode import decode_bytes
from .ids import article_id

_TEXT_FIELDS = ("text", "body", "content")
_DATE_FIELDS = ("published", "date", "published_at", "pubDate", "datetime")
_KNOWN = {"id", "url", "source", "title", "published_precision", "lang", *_TEXT_FIELDS, *_DATE_FIELDS}


def read_jsonl(path: Path | str, options: Options) -> Iterator[Article | Rejected]:
    """Yield one article per line of the JSONL file at ``path`` (``"-"``: standard input)."""
    if str(path) == "-":
        yield from _read_lines(sys.stdin.buffer, "<stdin>", options)
        return
    name = str(path)
    try:
        handle = open(path, "rb")  # noqa: SIM115 - closed below, generator-safe
    except OSError as error:
        yield Rejected(name, None, f"cannot read file: {error.strerror or error}")
        return
    with handle:
        yield from _read_lines(handle, name, options)


def _read_lines(handle: IO[bytes], name: str, options: Options) -> Iterator[Article | Rejected]:
    for number, raw in enumerate(handle, start=1):
        if not raw.strip():
            continue
        if len(raw) > options.max_article_bytes:
            yield Rejected(
                name, number, f"record of {len(raw)} bytes is over the size limit of {options.max_article_bytes} bytes"
            )
            continue
        line, _ = decode_bytes(raw)
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            yield Rejected(name, number, f"malformed JSON: {error.msg} at column {error.colno}")
            continue
        yield record_to_article(record, name, number)


def record_to_article(record: Any, name: str, number: int | None) -> Article | Rejected:
    """One JSON object as an :class:`Article`, or why it cannot be one."""
    if not isinstance(record, dict):
        return Rejected(name, number, f"expected a JSON object, got {type(record).__name__}")
    given_id = record.get("id")
    record_id = str(given_id) if given_id not in (None, "") else None
    text = next((record[k] for k in _TEXT_FIELDS if k in record), None)
    if text is None:
        return Rejected(name, number, "no 'text' field", record_id)
    if not isinstance(text, str):
        return Rejected(name, number, f"'text' must be a string, got {type(text).__name__}", record_id)
    url = _string(record.get("url"))
    title = _string(record.get("title"))
    headline_only = not text.strip() and title is not None
    if headline_only:
        text = title or ""  # a headline stream: the title is all the text there is
    if not text.strip():
        return Rejected(name, number, "empty article", record_id)
    raw_date = next((record[k] for k in _DATE_FIELDS if record.get(k) not in (None, "")), None)
    published, precision = parse_date(raw_date) if raw_date is not None else (None, "unknown")
    given_precision = record.get("published_precision")
    if published is not None and given_precision in PRECISIONS and given_precision != "unknown":
        published, precision = _cut(published, given_precision, precision)
    meta: dict[str, Any] = {k: v for k, v in record.items() if k not in _KNOWN}
    if raw_date is not None and published is None:
        meta["published_raw"] = raw_date
    if headline_only:
        meta["headline_only"] = True
    meta["path"] = name
    if number is not None:
        meta["line"] = number
    return Article(
        id=record_id or article_id(None, text, url),
        text=text,
        url=url,
        source=_string(record.get("source")),
        title=title,
        published=published,
        published_precision=precision,
        lang=_string(record.get("lang")),
        meta=meta,
    )


def _cut(published: str, given: str, found: str) -> tuple[str, Any]:
    """Honour a coarser precision stated by the record; never claim a finer one than parsed."""
    order = ["year", "month", "day", "minute"]
    if order.index(given) < order.index(found):
        return published[: {"year": 4, "month": 7, "day": 10}[given]], given
    return published, found


def _string(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None

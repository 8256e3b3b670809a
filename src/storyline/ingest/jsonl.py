"""JSON Lines: one article object per line; also from standard input (``-``).

Known fields: ``id, url, source, title, text, published, published_precision, lang``
(``body``/``content`` are read as ``text``, ``date`` as ``published``).  Every other
field is kept in ``meta``.  A line that is not an object with some text is rejected
with its line number; the lines around it are still read.

What a record must be (anything else is a rejection with its reason, never a crash):

- a line of at most ``Options.max_article_bytes`` bytes (a longer one is skipped unread) holding
  one JSON object nested at most ``Options.max_nesting_depth`` levels deep;
- ``id`` missing or null (an id is made from the url or the text), a string or an integer
  (``1`` and ``"1"`` are the same id), not blank, no control characters, at most
  ``Options.max_id_chars`` characters (:func:`~storyline.ingest.ids.given_id`);
- a ``text`` string with at least ``Options.min_letters`` letters.  A record whose text is empty
  (or has fewer letters) but whose ``title`` has enough is a headline: the title is its text
  (``meta["headline_only"]``; a replaced non-empty text is kept in ``meta["text_raw"]``).

``url``, ``source``, ``title`` and ``lang`` are strings (numbers are written as strings); a list,
an object or true/false there is not used but kept in ``meta`` under its name.  ``published`` is
an absolute date: a relative one ("now", "vor 2 Tagen") is not resolved against the time of
the run; like any date that cannot be read it is kept as ``meta["published_raw"]``.  Lone
surrogates become U+FFFD and, in ``meta``, NaN and infinities become null (see
:mod:`~storyline.ingest.printable` for the control characters).
"""

from __future__ import annotations

import json
import math
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from ..dates import parse_date
from ..model import PRECISIONS, Article, Rejected
from ..options import Options
from .decode import decode_bytes
from .files import open_regular
from .ids import article_id, given_id
from .limits import bounded_lines, deeper_than, too_few_letters
from .printable import article_text, display_name, json_safe, one_line, repair_surrogates

_TEXT_FIELDS = ("text", "body", "content")
_DATE_FIELDS = ("published", "date", "published_at", "pubDate", "datetime")
_STRING_FIELDS = ("url", "source", "title", "lang")
_KNOWN = {"id", "published_precision", *_STRING_FIELDS, *_TEXT_FIELDS, *_DATE_FIELDS}
# A \ud800-\udfff escape may leave a lone surrogate, which no encoder accepts: only lines holding
# one pay for the repair walk.
_SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89a-fA-F]")
_DEFAULTS = Options()


def read_jsonl(path: Path | str, options: Options) -> Iterator[Article | Rejected]:
    """Yield one article per line of the JSONL file at ``path`` (``"-"``: standard input)."""
    if str(path) == "-":
        yield from _read_lines(sys.stdin.buffer, "<stdin>", options)
        return
    name = display_name(path)
    handle = open_regular(path)
    if isinstance(handle, str):
        yield Rejected(name, None, handle)
        return
    with handle:
        yield from _read_lines(handle, name, options)


def _read_lines(handle: IO[bytes], name: str, options: Options) -> Iterator[Article | Rejected]:
    limit = options.max_article_bytes
    for number, raw in enumerate(bounded_lines(handle, limit), start=1):
        if isinstance(raw, int):
            yield Rejected(name, number, f"record of {raw} bytes is over the size limit of {limit} bytes")
        elif raw.strip():
            yield line_to_article(raw, name, number, options)


def line_to_article(raw: bytes, name: str, number: int | None, options: Options) -> Article | Rejected:
    """One line of JSONL as an :class:`Article`, or why it cannot be one."""
    line, _ = decode_bytes(raw)
    try:
        record = json.loads(line)
    except json.JSONDecodeError as error:
        return Rejected(name, number, f"malformed JSON: {error.msg} at column {error.colno}")
    except RecursionError:
        return Rejected(name, number, f"JSON nested deeper than {options.max_nesting_depth} levels")
    except ValueError:  # an integer of more digits than Python converts (sys.get_int_max_str_digits)
        return Rejected(name, number, "malformed JSON: a number with too many digits")
    depth = options.max_nesting_depth
    if raw.count(b"{") + raw.count(b"[") > depth and deeper_than(record, depth):
        return Rejected(name, number, f"JSON nested deeper than {depth} levels")
    if _SURROGATE_ESCAPE.search(raw):
        record = repair_surrogates(record)
    return record_to_article(record, name, number, options)


def record_to_article(record: Any, name: str, number: int | None, options: Options | None = None) -> Article | Rejected:
    """One JSON object as an :class:`Article`, or why it cannot be one."""
    options = options or _DEFAULTS
    if not isinstance(record, dict):
        return Rejected(name, number, f"expected a JSON object, got {type(record).__name__}")
    record_id, bad_id = given_id(record.get("id"), options.max_id_chars)
    if bad_id:
        return Rejected(name, number, bad_id)
    text = next((record[k] for k in _TEXT_FIELDS if k in record), None)
    if text is None:
        return Rejected(name, number, "no 'text' field", record_id)
    if not isinstance(text, str):
        return Rejected(name, number, f"'text' must be a string, got {type(text).__name__}", record_id)
    text = article_text(text)
    meta: dict[str, Any] = {k: v for k, v in record.items() if k not in _KNOWN}
    strings: dict[str, str | None] = {}
    for key in _STRING_FIELDS:
        value = record.get(key)
        strings[key] = _string(value)
        if value is not None and strings[key] is None and not isinstance(value, str):
            meta[key] = value  # a list, an object or a boolean: not a url or title, but not lost either
    title = strings["title"]
    too_short = too_few_letters(text, options) if text.strip() else "empty article"
    headline_only = False
    if too_short and title is not None:
        title_too_short = too_few_letters(title, options)
        if title_too_short:
            return Rejected(name, number, f"{too_short} (title: {title_too_short})", record_id)
        headline_only = True  # a headline stream: the title is all the text there is
        if text.strip():
            meta["text_raw"] = text
        text = title
    elif too_short:
        return Rejected(name, number, too_short, record_id)
    raw_date = next((record[k] for k in _DATE_FIELDS if record.get(k) not in (None, "")), None)
    published, precision = parse_date(raw_date) if raw_date is not None else (None, "unknown")
    given_precision = record.get("published_precision")
    if published is not None and given_precision in PRECISIONS and given_precision != "unknown":
        published, precision = _cut(published, given_precision, precision)
    if raw_date is not None and published is None:
        meta["published_raw"] = raw_date
    meta = json_safe(meta)  # a few fields: cheaper to walk always than to look for what it repairs
    if headline_only:
        meta["headline_only"] = True
    meta["path"] = name
    if number is not None:
        meta["line"] = number
    return Article(
        id=record_id or article_id(None, text, strings["url"]),
        text=text,
        url=strings["url"],
        source=strings["source"],
        title=title,
        published=published,
        published_precision=precision,
        lang=strings["lang"],
        meta=meta,
    )


def _cut(published: str, given: str, found: str) -> tuple[str, Any]:
    """Honour a coarser precision stated by the record; never claim a finer one than parsed."""
    order = ["year", "month", "day", "minute"]
    if order.index(given) < order.index(found):
        return published[: {"year": 4, "month": 7, "day": 10}[given]], given
    return published, found


def _string(value: Any) -> str | None:
    """A known one-line field: a string or a number as a string; ``None`` for anything else."""
    if isinstance(value, str):
        return one_line(value) or None
    if isinstance(value, float) and math.isfinite(value):
        return str(value)
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() <= 1024:
        return str(value)
    return None

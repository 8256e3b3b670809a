"""Article ids: the ones records bring, checked, and stable ones for records that bring none.

A record's id is a string or an integer; an integer is read as its decimal string, so ``1``
and ``"1"`` are the same id.  An id is kept exactly as given (no stripping); one that is
blank, holds a control character or is over ``Options.max_id_chars`` long is rejected.
"""

from __future__ import annotations

import hashlib
import re
from typing import Any

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")  # controls, line separators


def content_hash(text: str) -> str:
    """A hash of ``text`` that ignores whitespace differences."""
    return hashlib.sha1(" ".join(text.split()).encode("utf-8")).hexdigest()


def article_id(name: str | None, text: str, url: str | None = None) -> str:
    """The id of an article without one: from its url, else its file name and text.

    The file name makes ids readable (``000_804ca40b-3f2a9c1e0b7d``); the text hash keeps
    them stable wherever the file is read from.

    >>> article_id(None, "x", url="https://example.org/a")
    'u-579f2a2ceeee0bc3'
    """
    if url:
        return "u-" + hashlib.sha1(url.strip().encode("utf-8")).hexdigest()[:16]
    digest = content_hash(text)[:12]
    if name:
        stem = re.sub(r"[^\w.-]+", "-", name).strip("-.")[:40]
        if stem:
            return f"{stem}-{digest}"
    return "t-" + digest


def given_id(value: Any, max_chars: int) -> tuple[str | None, str | None]:
    """``(id, None)`` for a usable id (``(None, None)``: the record has none), ``(None, why)`` otherwise.

    >>> given_id(7, 512), given_id(" ", 512), given_id(1.5, 512)
    (('7', None), (None, 'id is blank'), (None, 'id must be a string or an integer, got float'))
    """
    if value is None:
        return None, None
    if isinstance(value, bool) or not isinstance(value, str | int):
        return None, f"id must be a string or an integer, got {type(value).__name__}"
    if isinstance(value, int):
        try:  # more than max_chars digits, seen without writing them out
            value = str(value) if value.bit_length() <= 4 * max_chars else None
        except ValueError:  # over Python's limit of digits in an int-to-str conversion
            value = None
        if value is None:
            return None, f"id is over {max_chars} characters long"
    if len(value) > max_chars:
        return None, f"id is over {max_chars} characters long"
    if not value.strip():
        return None, "id is blank"
    if _CONTROL.search(value):
        return None, "id holds a control character"
    return value, None

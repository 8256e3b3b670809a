"""Stable article ids for records that bring none."""

from __future__ import annotations

import hashlib
import re


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

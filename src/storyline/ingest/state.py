"""What one reading of the input remembers across files: skipped records and the urls seen.

Pages get their id from their url (``u-…``, stable across runs).  Two *different* pages with
one url in one input (a page crawled twice after it changed, two pages claiming one canonical
url) must not collapse into one id: the first keeps the url id, a later one with other text gets
``u-<url hash>-<text hash>``; the same text again keeps the url id (a copy, found as such).
"""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass, field

from .ids import article_id, content_hash


@dataclass
class ReadState:
    """Skip counts and url → first text seen, for one :func:`storyline.ingest.read` call.

    ``skipped`` counts records left out on purpose, by why (``"WARC revisit"``,
    ``"WARC response not HTML"``): they are not bad input, so they are not rejections.
    """

    skipped: Counter[str] = field(default_factory=Counter)
    # url hash -> text hash of the first page seen with that url: 16 bytes a url
    _first_text: dict[bytes, bytes] = field(default_factory=dict, repr=False)

    def page_id(self, name: str | None, text: str, url: str | None) -> str:
        """The id of a page: its url's, unless an earlier page of this input had that url and other text."""
        plain = article_id(name, text, url)
        if not url:
            return plain
        url_key = hashlib.sha1(url.strip().encode("utf-8")).digest()[:8]
        text_hash = content_hash(text)
        first = self._first_text.setdefault(url_key, bytes.fromhex(text_hash[:16]))
        if first == bytes.fromhex(text_hash[:16]):
            return plain
        return f"{plain}-{text_hash[:12]}"

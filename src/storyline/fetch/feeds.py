"""RSS and Atom feeds (and single pages) fetched over HTTP, turned into articles.

A feed is fetched with a conditional GET (the ETag and Last-Modified the store remembers) and parsed
by feedparser from the fetched bytes.  Each entry becomes an :class:`~storyline.model.Article`: its
id from its link (``u-<hash of the url>``, as a page read from a file with that url gets), else its
guid; entries whose id is stored already are skipped *before* their page is fetched, and at most
``Options.feed_max_pages`` pages are fetched per poll (the entries past it wait for the next one).  An entry that
carries its full text (``content:encoded``, Atom ``content`` of at least
``Options.feed_full_text_chars`` characters) is taken as it is; otherwise its page is fetched and
extracted by the HTML reader (:func:`storyline.ingest.html.page_to_article`).  The entry's title,
date and author fill in what the page does not give; the page's title and date win (the date of the
more precise of the two is kept).  A url that is an HTML page rather than a feed is read as one article.

Nothing here writes to the store: :func:`poll` returns the records and the feed's new state, which
the caller saves once the records are stored (so a crash never marks unstored entries as seen).
"""

from __future__ import annotations

import dataclasses
import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from ..dates import parse_date
from ..ingest.decode import decode_html
from ..ingest.html import page_to_article
from ..ingest.ids import article_id
from ..ingest.printable import article_text, one_line
from ..model import PRECISIONS, Article, Precision, Rejected
from ..options import Options
from ..store import FeedState
from .http import Fetcher, FetchError

__all__ = ["FeedPoll", "backoff", "entry_text", "poll"]

_FEED_TYPES = "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, text/html;q=0.5"
_BLOCKS = re.compile(r"^(p|div|br|li|h[1-6]|blockquote|pre|tr|section|article|figcaption|ul|ol|table)$")


@dataclass(slots=True)
class FeedPoll:
    """One fetch of one feed: the records it gave, counts, and the state to save once they are stored."""

    url: str
    state: FeedState
    records: list[Article | Rejected] = field(default_factory=list)
    entries: int = 0  # entries in the feed (1 for a page)
    known: int = 0  # of which stored already (their pages not fetched)
    pages: int = 0  # pages fetched
    deferred: int = 0  # new entries left for the next poll (``Options.feed_max_pages`` reached)
    not_modified: bool = False  # the server answered 304
    error: str | None = None  # why the feed itself could not be read

    @property
    def new(self) -> int:
        """Entries not stored before and read now (stored, or rejected); not the deferred ones."""
        return self.entries - self.known - self.deferred


def backoff(every: float, failures: int, cap: float) -> float:
    """Seconds to wait before polling a feed again after its ``failures``-th failure in a row.

    >>> backoff(600, 1, 21600), backoff(600, 3, 21600), backoff(600, 12, 21600)
    (600, 2400, 21600)
    """
    return min(max(every, 1.0) * 2 ** max(failures - 1, 0), cap)


def poll(
    url: str,
    fetcher: Fetcher,
    known: Callable[[Sequence[str]], set[str]],
    previous: FeedState | None = None,
    every: float = 0.0,
    now: Callable[[], float] = time.time,
) -> FeedPoll:
    """Fetch the feed (or page) at ``url`` and read its new entries; never raises for a bad feed.

    ``known(ids)`` says which article ids are stored already; ``previous`` is the feed's stored state
    (validators for a conditional GET, failures so far); ``every`` the polling interval, for the
    schedule in the returned state.
    """
    options = fetcher.options
    previous = previous or FeedState(url)
    started = now()
    try:
        response = fetcher.get(url, previous.etag, previous.last_modified, accept=_FEED_TYPES)
    except FetchError as error:
        failures = previous.failures + 1
        state = dataclasses.replace(
            previous,
            fetched_at=started,
            failures=failures,
            next_due=started + backoff(every, failures, options.feed_max_backoff),
            last_error=error.reason,
        )
        return FeedPoll(url, state, [Rejected(url, None, error.reason)], error=error.reason)
    state = dataclasses.replace(previous, fetched_at=started, failures=0, next_due=started + every, last_error=None)
    if response.not_modified:
        return FeedPoll(url, state, not_modified=True)
    import feedparser

    parsed = feedparser.parse(response.content, response_headers=dict(response.headers))
    if not parsed.get("version") and not parsed.entries:
        html_type = response.content_type in ("text/html", "application/xhtml+xml")
        if html_type or b"<html" in response.content[:2048].lower():
            return _page(url, response.content, response.headers.get("content-type"), state, known, options)
        reason = "not an RSS or Atom feed" + (f": {one_line(str(parsed.bozo_exception))}" if parsed.get("bozo") else "")
        return FeedPoll(url, state, [Rejected(url, None, reason)], error=reason)
    feed_title = _field(parsed.feed.get("title"))
    result = FeedPoll(url, dataclasses.replace(state, title=feed_title or previous.title))
    ids = [_entry_id(entry) for entry in parsed.entries]
    stored = known([i for i in ids if i])
    failed = False
    for entry, entry_id in zip(parsed.entries, ids, strict=True):
        result.entries += 1
        if entry_id in stored:
            result.known += 1
            continue
        if result.pages >= options.feed_max_pages and _needs_page(entry, options):
            result.deferred += 1  # not lost: still new at the next poll, while the feed lists it
            continue
        record = _entry_article(entry, entry_id, url, feed_title, fetcher, result, options)
        failed = failed or isinstance(record, Rejected)
        result.records.append(record)
    if not failed and not result.deferred:  # else keep the old validators: the next poll reads the feed again
        result.state = dataclasses.replace(result.state, etag=response.etag, last_modified=response.last_modified)
    return result


def _page(
    url: str,
    content: bytes,
    content_type: str | None,
    state: FeedState,
    known: Callable[[Sequence[str]], set[str]],
    options: Options,
) -> FeedPoll:
    """A url that is one HTML page: its article (``id`` from the url, like a feed entry's)."""
    page_id = article_id(None, "", url)
    if page_id in known([page_id]):
        return FeedPoll(url, state, entries=1, known=1)
    html, encoding = decode_html(content, content_type)
    page = page_to_article(html, url, encoding=encoding, url=url, options=options)
    if isinstance(page, Article):
        page = dataclasses.replace(page, id=page_id)
    return FeedPoll(url, state, [page], entries=1, pages=1)


def _needs_page(entry: Any, options: Options) -> bool:
    """Whether reading an entry means fetching its page (it has a link and not its full text)."""
    return bool(_field(entry.get("link"))) and len(entry_text(entry)) < options.feed_full_text_chars


def _entry_id(entry: Any) -> str | None:
    """The id of an entry's article: from its link, else its guid (``None``: it has neither)."""
    link = _field(entry.get("link"))
    if link:
        return article_id(None, "", link)
    guid = _field(entry.get("id"))
    return article_id(None, "", guid) if guid else None


def _entry_article(
    entry: Any,
    entry_id: str | None,
    feed_url: str,
    feed_title: str | None,
    fetcher: Fetcher,
    result: FeedPoll,
    options: Options,
) -> Article | Rejected:
    """The article of one feed entry: its own full text, or its page's."""
    link = _field(entry.get("link"))
    where = link or feed_url
    title = _field(entry.get("title"))
    published, precision = _entry_date(entry)
    author = _field(entry.get("author"))
    full = entry_text(entry)
    meta: dict[str, Any] = {"feed": feed_url}
    guid = _field(entry.get("id"))
    if guid:
        meta["entry_id"] = guid
    if author:
        meta["author"] = author
    if len(full) >= options.feed_full_text_chars:
        text = article_text(full)
        return Article(
            id=entry_id or article_id(None, text),
            text=text,
            url=link,
            source=feed_title,
            title=title,
            published=published,
            published_precision=precision,
            meta=meta,
        )
    if not link:
        name = one_line(title or guid or "?")
        return Rejected(feed_url, None, f"entry {name!r} has neither a link nor its full text")
    try:
        refusal = fetcher.robots_refusal(link)
        if refusal is not None:
            return Rejected(link, None, refusal, entry_id)
        response = fetcher.get(link, accept="text/html, application/xhtml+xml;q=0.9, */*;q=0.5")
    except FetchError as error:
        return Rejected(link, None, f"cannot fetch the entry's page: {error.reason}", entry_id)
    result.pages += 1
    html, encoding = decode_html(response.content, response.headers.get("content-type"))
    page = page_to_article(html, where, encoding=encoding, url=link, options=options)
    if isinstance(page, Rejected):
        return dataclasses.replace(page, record_id=entry_id)
    if response.url != link:
        meta["final_url"] = response.url
    if _rank(precision) > _rank(page.published_precision):  # the feed's date is more precise
        page = dataclasses.replace(page, published=published, published_precision=precision)
    if page.meta.get("author"):
        meta["author"] = page.meta["author"]  # the page's byline, else the entry's
    return dataclasses.replace(
        page,
        id=entry_id or page.id,
        title=page.title or title,
        source=feed_title
        if feed_title and page.source in (None, urlsplit(link).netloc, urlsplit(link).hostname)
        else page.source,  # a site name beats the feed's title, a bare host name does not
        meta={**page.meta, **meta},
    )


def entry_text(entry: Any) -> str:
    """The plain text of an entry's own content (``content:encoded``, Atom ``content``; '' for none).

    >>> entry_text({"content": [{"type": "text/html", "value": "<p>Erster Absatz.</p><p>Zweiter.</p>"}]})
    'Erster Absatz.\\n\\nZweiter.'
    """
    best = ""
    for content in entry.get("content") or ():
        value = content.get("value") or ""
        kind = content.get("type") or ""
        text = _html_text(value) if "html" in kind else value.strip()
        if len(text) > len(best):
            best = text
    return best


def _html_text(fragment: str) -> str:
    """The text of an HTML fragment, a blank line between blocks."""
    import lxml.html

    if not fragment.strip():
        return ""
    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except (ValueError, TypeError, lxml.etree.ParserError):
        return ""
    for element in root.iter():
        if isinstance(element.tag, str) and _BLOCKS.match(element.tag):
            element.tail = "\n\n" + (element.tail or "")
    lines = (" ".join(line.split()) for line in root.text_content().split("\n"))
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def _entry_date(entry: Any) -> tuple[str | None, Precision]:
    """The entry's published (else updated) date with its precision."""
    for key in ("published", "updated", "created"):
        raw = entry.get(key)
        if raw:
            found, precision = parse_date(raw)
            if found:
                return found, precision
    return None, "unknown"


def _rank(precision: str) -> int:
    """How precise a date is: minute 4 … year 1, unknown 0."""
    return len(PRECISIONS) - 1 - PRECISIONS.index(precision) if precision in PRECISIONS else 0  # type: ignore[arg-type]


def _field(value: object) -> str | None:
    return (one_line(str(value)) or None) if value else None

"""News as it comes: fetching feeds and pages over HTTP, watching feeds, and alerts.

* :mod:`.http`: one :class:`Fetcher` — timeouts, size limits, redirects checked hop by hop, no
  private addresses (SSRF), per-host politeness, conditional GET.
* :mod:`.feeds`: an RSS or Atom feed (or a page) → articles; entries already stored are not fetched.
* :mod:`.watch`: polling feeds on a schedule kept in the store, ingesting what is new.
* :mod:`.alerts`: saved queries that fire on new articles and story updates.
"""

from __future__ import annotations

from .feeds import FeedPoll, poll
from .http import Fetcher, FetchError, Response

__all__ = ["FeedPoll", "FetchError", "Fetcher", "Response", "poll", "is_url"]


def is_url(text: str) -> bool:
    """Whether a command-line argument is an http(s) url rather than a path.

    >>> is_url("https://example.org/feed.xml"), is_url("feeds/today.xml"), is_url("HTTP://x")
    (True, False, True)
    """
    return text[:8].lower().startswith(("http://", "https://"))

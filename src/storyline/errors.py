"""The one exception tree of Storyline.

::

    StorylineError
    ├── InputError        a record or file that cannot be read (carries source, line)
    │   └── FetchError        a url that cannot be fetched: refused (SSRF), unreachable, too large, HTTP error
    ├── StoreError        the store cannot be opened, migrated or written
    │   └── StoreBusyError    another process is writing to the store (and we were told not to wait)
    └── ConfigError       an option with an invalid value

Bad input records are not raised through the pipeline: readers turn them into
:class:`storyline.model.Rejected` results so that one broken line never stops an ingest.
"""

from __future__ import annotations


class StorylineError(Exception):
    """Root of every error Storyline raises on purpose."""


class InputError(StorylineError):
    """A file or record that cannot be read; says where."""

    def __init__(self, reason: str, source: str = "", line: int | None = None) -> None:
        self.reason = reason
        self.source = source
        self.line = line
        where = source + (f":{line}" if line is not None else "")
        super().__init__(f"{where}: {reason}" if where else reason)


class FetchError(InputError):
    """A url that could not be fetched (refused, unreachable, too large, an HTTP error); says why."""

    def __init__(self, reason: str, url: str, status: int | None = None) -> None:
        super().__init__(reason, url)
        self.url = url
        self.status = status


class StoreError(StorylineError):
    """The store cannot be opened, migrated or written."""


class StoreBusyError(StoreError):
    """Another process holds the store's writer lock."""


class ConfigError(StorylineError, ValueError):
    """An option with an invalid value."""

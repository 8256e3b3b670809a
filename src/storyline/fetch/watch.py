"""Watching feeds: poll each when it is due, ingest what is new, fire alerts; round after round.

Everything a restart needs is in the store: each feed's validators and schedule (a failing feed backs
off, ``every`` × 2^(failures − 1) up to ``Options.feed_max_backoff``, and never holds up the others),
the articles (entries already stored are not fetched again), the story engine's snapshot, and per
alert what fired and the newest article it has looked at.
"""

from __future__ import annotations

import re
import sys
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from ..errors import ConfigError
from ..model import Article, IngestReport, Rejected
from ..options import Options
from ..pipeline import Pipeline
from ..store import FeedState, Store
from .alerts import Alert, deliver, pending
from .feeds import FeedPoll, backoff, poll
from .http import Fetcher

__all__ = ["Round", "parse_every", "read_feed_list", "watch"]

_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_every(text: str) -> float:
    """Seconds of an interval like ``30s``, ``10m``, ``1h`` (a bare number is seconds).

    >>> parse_every("30s"), parse_every("10m"), parse_every("1h"), parse_every("1.5")
    (30.0, 600.0, 3600.0, 1.5)
    """
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*", text.lower())
    if not match or float(match.group(1)) <= 0:
        raise ConfigError(f"an interval is a positive number with s, m, h or d (30s, 10m, 1h); got {text!r}")
    return float(match.group(1)) * _UNITS.get(match.group(2) or "s", 1)


def read_feed_list(path: str | Path) -> list[str]:
    """The feed urls of a ``FEEDS.txt``: one a line; blank lines and ``#`` comments skipped."""
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"cannot read feed list {path}: {error}") from error
    urls = [line.split("#", 1)[0].strip() for line in lines]
    urls = list(dict.fromkeys(url for url in urls if url))
    bad = [url for url in urls if not url.lower().startswith(("http://", "https://"))]
    if bad:
        raise ConfigError(f"{path}: not an http(s) url: {bad[0]!r}")
    if not urls:
        raise ConfigError(f"{path} lists no feeds")
    return urls


@dataclass(slots=True)
class Round:
    """What one polling round did."""

    number: int
    polled: int = 0
    new_entries: int = 0
    deferred: int = 0  # new entries left for the next round (``Options.feed_max_pages``)
    stored: int = 0
    failed: list[FeedPoll] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)
    fired: int = 0
    alert_failures: list[str] = field(default_factory=list)


def watch(
    store: Store,
    feeds: Sequence[str],
    options: Options,
    every: float,
    alerts: Sequence[Alert] = (),
    stop: threading.Event | None = None,
    on_round: Callable[[Round], None] | None = None,
    once: bool = False,
    fetcher: Fetcher | None = None,
    stdout: TextIO = sys.stdout,
) -> int:
    """Poll ``feeds`` every ``every`` seconds until ``stop`` is set (or one round, ``once``); returns
    the number of rounds run.  Alerts start with the articles stored after the first round began."""
    stop = stop or threading.Event()
    own = fetcher is None
    fetcher = fetcher or Fetcher(options)
    try:
        with Pipeline(store, options) as pipeline:
            start = store.last_seq()
            for alert in alerts:
                if store.alert_mark(alert.name) is None:  # a new alert looks at what comes from now on
                    store.record_fired(alert.name, [], mark=start)
            number = 0
            while not stop.is_set():
                number += 1
                result = _round(number, store, pipeline, fetcher, feeds, every, alerts, stop, stdout)
                if on_round is not None:
                    on_round(result)
                if once:
                    break
                stop.wait(_until_due(store, feeds))
            return number
    finally:
        if own:
            fetcher.close()


def _until_due(store: Store, feeds: Sequence[str]) -> float:
    """Seconds until the next feed is due (at least a tenth of a second, at most a minute: the
    feed list's schedule may change under us, by another process's polls)."""
    states = [store.feed_state(url) for url in feeds]
    due = min((state.next_due if state else 0.0) for state in states)
    return min(max(due - time.time(), 0.1), 60.0)


def _round(
    number: int,
    store: Store,
    pipeline: Pipeline,
    fetcher: Fetcher,
    feeds: Sequence[str],
    every: float,
    alerts: Sequence[Alert],
    stop: threading.Event,
    stdout: TextIO,
) -> Round:
    result = Round(number)
    now = time.time()
    polls: list[FeedPoll] = []
    for url in feeds:
        if stop.is_set():
            break
        previous = store.feed_state(url)
        if previous is not None and previous.next_due > now:
            continue
        polls.append(_poll(url, fetcher, store, previous, every))
    records: list[Article | Rejected] = [record for polled in polls for record in polled.records]
    report = pipeline.ingest(records, IngestReport()) if records else IngestReport()
    for polled in polls:  # once its entries are stored
        store.save_feed_state(polled.state)
    result.polled = len(polls)
    result.new_entries = sum(polled.new for polled in polls)
    result.deferred = sum(polled.deferred for polled in polls)
    result.stored = report.stored
    result.failed = [polled for polled in polls if polled.error]
    result.rejected = [r for r in report.rejected if not any(r.source == p.url and p.error for p in polls)]
    if alerts:
        marks = {alert.name: store.alert_mark(alert.name) or 0 for alert in alerts}
        newest: dict[str, int] = {}
        firings = pending(store, alerts, marks, newest)
        delivered, failed = deliver(
            firings, fetcher, stdout, on_failure=lambda alert, why: result.alert_failures.append(f"{alert.name}: {why}")
        )
        for alert in alerts:
            keys = delivered.get(alert.name, [])
            store.record_fired(alert.name, keys, mark=None if alert.name in failed else newest.get(alert.name))
        result.fired = sum(len(keys) for keys in delivered.values())
    return result


def _poll(url: str, fetcher: Fetcher, store: Store, previous: FeedState | None, every: float) -> FeedPoll:
    """One feed's poll; an unexpected error in a parser is this feed's failure, not the watch's end."""
    try:
        return poll(url, fetcher, store.existing, previous, every)
    except Exception as error:  # noqa: BLE001 — a bug met on one feed must not stop the others; it is reported
        failures = (previous.failures if previous else 0) + 1
        reason = f"unexpected {type(error).__name__}: {error}"
        state = FeedState(
            url,
            title=previous.title if previous else None,
            etag=previous.etag if previous else None,
            last_modified=previous.last_modified if previous else None,
            fetched_at=time.time(),
            failures=failures,
            next_due=time.time() + backoff(every, failures, fetcher.options.feed_max_backoff),
            last_error=reason,
        )
        return FeedPoll(url, state, [Rejected(url, None, reason)], error=reason)

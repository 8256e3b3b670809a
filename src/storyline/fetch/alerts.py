"""Alerts: saved queries over new articles, fired once each, to a JSONL file, stdout or a webhook.

An ``ALERTS.toml`` holds ``[[alert]]`` tables::

    [[alert]]
    name = "syria talks"
    entity = "Lavrov"                  # any spelling: Lawrow, LAVROV (storyline.features.entity_key)
    words = ["Syrien", "Waffenruhe"]   # all must occur (folded and stemmed, as search does)
    lang = "de"                        # the article's language
    min_articles = 2                   # the article's story has at least this many articles
    on = "articles"                    # or "stories": one line per story update instead
    output = "alerts.jsonl"            # "-" for stdout; or webhook = "https://…"

An article alert fires once per (alert, new article) that matches; a story alert once per (alert,
story, version) when a story gains a matching article.  Copies (wire duplicates) do not fire.  What
fired is recorded in the store, with the newest article each alert has looked at, so a restart
neither repeats nor misses an alert; a delivery that fails (a webhook down) is retried next round.
"""

from __future__ import annotations

import json
import sys
import tomllib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TextIO

from ..errors import ConfigError
from ..features import entity_key
from ..search import index_terms, query_terms, tokens
from ..store import Store, StoredArticle
from .http import Fetcher, FetchError

__all__ = ["Alert", "Firing", "deliver", "load_alerts", "pending"]

_BATCH = 5000  # articles examined per query of the store


@dataclass(frozen=True, slots=True)
class Alert:
    """One saved query and where its matches go."""

    name: str
    entity: str | None = None
    words: tuple[str, ...] = ()
    lang: str | None = None
    min_articles: int = 1
    on: str = "articles"
    output: str | None = None
    webhook: str | None = None
    _terms: tuple[frozenset[str], ...] = field(default=(), repr=False, compare=False)

    def __post_init__(self) -> None:
        groups = tuple(frozenset(group) for group in query_terms(" ".join(self.words)))
        object.__setattr__(self, "_terms", groups)

    def match(self, stored: StoredArticle, story_size: int) -> dict[str, Any] | None:
        """What made ``stored`` match (``entity``, ``words``, ``lang``, ``story_articles``), or ``None``."""
        article = stored.article
        if stored.duplicate_of is not None or story_size < self.min_articles:
            return None
        if self.lang and (article.lang or "") != self.lang:
            return None
        text = f"{article.title or ''}\n{article.text}"
        matched: dict[str, Any] = {"story_articles": story_size}
        if self.lang:
            matched["lang"] = article.lang
        if self.entity:
            found = _spelling(text, self.entity)
            if found is None:
                return None
            matched["entity"] = found
        if self._terms:
            terms = set(index_terms(text, article.lang).split())
            if not all(group & terms for group in self._terms):
                return None
            matched["words"] = list(self.words)
        return matched


def _spelling(text: str, entity: str) -> str | None:
    """How ``text`` spells ``entity`` (any spelling with its key), ``None`` if it does not name it."""
    key = entity_key(entity)
    size = max(len(entity.split()), 1)
    words = tokens(text)
    for start in range(len(words) - size + 1):
        window = words[start : start + size]
        if entity_key(" ".join(raw for _, _, raw in window)) == key:
            return text[window[0][0] : window[-1][1]]
    return None


def load_alerts(path: str | Path) -> list[Alert]:
    """The alerts of an ``ALERTS.toml``; a :class:`ConfigError` naming the alert and field for a bad one."""
    try:
        with open(path, "rb") as handle:
            data = tomllib.load(handle)
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise ConfigError(f"cannot read alerts {path}: {error}") from error
    tables = data.get("alert", [])
    if not isinstance(tables, list) or not all(isinstance(t, dict) for t in tables):
        raise ConfigError(f"{path}: alerts are [[alert]] tables")
    alerts, names = [], set()
    for number, table in enumerate(tables, start=1):
        where = f"{path}: alert {number}"
        unknown = set(table) - {"name", "entity", "words", "lang", "min_articles", "on", "output", "webhook"}
        if unknown:
            raise ConfigError(f"{where}: unknown field(s) {', '.join(sorted(unknown))}")
        name = table.get("name")
        if not isinstance(name, str) or not name.strip() or name in names:
            raise ConfigError(f"{where}: 'name' must be a unique, non-empty string")
        names.add(name)
        words = table.get("words", [])
        if isinstance(words, str):
            words = words.split()
        if not isinstance(words, list) or not all(isinstance(w, str) for w in words):
            raise ConfigError(f"{where} ({name}): 'words' must be a list of strings")
        minimum = table.get("min_articles", 1)
        if not isinstance(minimum, int) or isinstance(minimum, bool) or minimum < 1:
            raise ConfigError(f"{where} ({name}): 'min_articles' must be an integer >= 1; got {minimum!r}")
        on = table.get("on", "articles")
        if on not in ("articles", "stories"):
            raise ConfigError(f"{where} ({name}): 'on' must be articles or stories; got {on!r}")
        for key in ("entity", "lang", "output", "webhook"):
            if key in table and not isinstance(table[key], str):
                raise ConfigError(f"{where} ({name}): {key!r} must be a string")
        if "output" in table and "webhook" in table:
            raise ConfigError(f"{where} ({name}): give 'output' or 'webhook', not both")
        webhook = table.get("webhook")
        if webhook is not None and not webhook.lower().startswith(("http://", "https://")):
            raise ConfigError(f"{where} ({name}): 'webhook' must be an http(s) url")
        if not (table.get("entity") or words or table.get("lang")):
            raise ConfigError(f"{where} ({name}): give at least one of entity, words, lang")
        alerts.append(
            Alert(
                name=name,
                entity=table.get("entity") or None,
                words=tuple(words),
                lang=table.get("lang") or None,
                min_articles=minimum,
                on=on,
                output=table.get("output", None if webhook else "-"),
                webhook=webhook,
            )
        )
    return alerts


@dataclass(frozen=True, slots=True)
class Firing:
    """One alert that fires: its de-duplication key and the JSON line it writes."""

    alert: Alert
    key: str
    record: dict[str, Any]


def pending(
    store: Store, alerts: Sequence[Alert], marks: dict[str, int], record_marks: dict[str, int] | None = None
) -> list[Firing]:
    """What ``alerts`` would fire for the articles stored after each alert's mark (``marks``), not
    fired before; ``record_marks`` receives the newest article each alert looked at."""
    if not alerts:
        return []
    start = min(marks.get(alert.name, 0) for alert in alerts)
    sizes: dict[str, int] = {}
    titles: dict[str, str | None] = {}
    firings: list[Firing] = []
    now = datetime.now(UTC).isoformat(timespec="seconds")
    newest = start
    while batch := store.articles_after(newest, _BATCH):
        newest = batch[-1].seq
        for stored in batch:
            if stored.story is None:
                continue
            size = sizes.get(stored.story)
            if size is None:
                size = sizes[stored.story] = int(store.story_version(stored.story).split(":", 1)[0])
            for alert in alerts:
                if stored.seq <= marks.get(alert.name, 0):
                    continue
                matched = alert.match(stored, size)
                if matched is not None:
                    firings.append(_firing(store, alert, stored, matched, now, titles))
    if record_marks is not None:
        record_marks.update({alert.name: max(newest, marks.get(alert.name, 0)) for alert in alerts})
    seen: set[tuple[str, str]] = set()
    fresh: list[Firing] = []
    for alert in alerts:
        mine = [f for f in firings if f.alert is alert]
        done = store.fired(alert.name, [f.key for f in mine])
        for firing in mine:
            if firing.key not in done and (alert.name, firing.key) not in seen:
                seen.add((alert.name, firing.key))
                fresh.append(firing)
    return fresh


def _firing(
    store: Store,
    alert: Alert,
    stored: StoredArticle,
    matched: dict[str, Any],
    now: str,
    titles: dict[str, str | None],
) -> Firing:
    article, story = stored.article, stored.story or ""
    if alert.on == "stories":
        if story not in titles:
            published = store.published(story)
            titles[story] = json.loads(published[1]).get("title") if published else None
        version = store.story_version(story)
        record = {
            "alert": alert.name,
            "kind": "story",
            "story": story,
            "version": version,
            "title": titles[story] or article.title,
            "url": article.url,
            "published": article.published,
            "matched": {**matched, "article": article.id},
            "at": now,
        }
        return Firing(alert, f"story:{story}:{version}", record)
    record = {
        "alert": alert.name,
        "kind": "article",
        "story": story,
        "article": article.id,
        "title": article.title,
        "url": article.url,
        "published": article.published,
        "matched": matched,
        "at": now,
    }
    return Firing(alert, f"article:{article.id}", record)


def deliver(
    firings: Sequence[Firing],
    fetcher: Fetcher | None,
    stdout: TextIO = sys.stdout,
    on_failure: Callable[[Alert, str], None] | None = None,
) -> tuple[dict[str, list[str]], set[str]]:
    """Write each firing where its alert says; returns the keys delivered per alert and the alerts
    whose delivery failed (a webhook down, a file not writable: they stop there for this round)."""
    delivered: dict[str, list[str]] = {}
    failed: set[str] = set()
    for firing in firings:
        alert = firing.alert
        if alert.name in failed:
            continue
        line = json.dumps(firing.record, ensure_ascii=False)
        try:
            if alert.webhook:
                if fetcher is None:
                    raise FetchError("no fetcher for webhooks", alert.webhook)
                fetcher.post_json(alert.webhook, line.encode("utf-8"))
            elif alert.output in (None, "-"):
                stdout.write(line + "\n")
                stdout.flush()
            else:
                with open(alert.output, "a", encoding="utf-8") as handle:
                    handle.write(line + "\n")
        except (FetchError, OSError) as error:
            failed.add(alert.name)
            if on_failure is not None:
                on_failure(alert, str(error))
            continue
        delivered.setdefault(alert.name, []).append(firing.key)
    return delivered, failed

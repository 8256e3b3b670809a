"""The Python API: a store and the pipeline behind three lines.

>>> from storyline import Storyline
>>> with Storyline("memory://") as tracker:
...     report = tracker.ingest([Article(id="x1", text="LONDON – Parliament voted on Tuesday to extend the ban.")])
...     [a.id for a in tracker.articles()]
['x1']
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from .digest import Story, digest, digests
from .digest.why import Why, explain
from .ingest import Format, read
from .model import Article, IngestReport, Rejected
from .options import Options
from .pipeline import Pipeline
from .store import StoredArticle, open_store


class Storyline:
    """A store opened by URL (``storyline.db``, ``sqlite:///path``, ``memory://``) plus the pipeline."""

    def __init__(self, db: str | Path = "storyline.db", options: Options | None = None) -> None:
        self.options = options or Options()
        self.store = open_store(db)
        self._pipeline = Pipeline(self.store, self.options)

    def __repr__(self) -> str:
        return f"Storyline({self.store!r})"

    def __enter__(self) -> Storyline:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def ingest(
        self, source: Iterable[str | Path | Article | Rejected] | str | Path, format: Format = "auto"
    ) -> IngestReport:
        """Ingest files, directories (recursively), ``"-"`` for stdin, or ``Article`` objects."""
        items = [source] if isinstance(source, str | Path) else list(source)
        paths = [item for item in items if isinstance(item, str | Path)]
        records = [item for item in items if isinstance(item, Article | Rejected)]
        report = IngestReport()
        if paths:
            self._pipeline.ingest(read(paths, format, self.options), report)
        if records:
            self._pipeline.ingest(records, report)
        return report

    def articles(self) -> Iterator[Article]:
        """Stored articles in arrival order."""
        for stored in self.store.articles():
            yield stored.article

    def stored(self) -> Iterator[StoredArticle]:
        """Stored articles with what the pipeline found (``duplicate_of``)."""
        return self.store.articles()

    def stories(self) -> list[Story]:
        """Every story's digest (title, summary, timeline, actors, sources), most recently updated first."""
        return digests(self.store)

    def story(self, story_id: str) -> Story:
        """The digest of one story (``s…``) or event (``e…``)."""
        return digest(self.store, story_id)

    def why(self, article_id: str) -> Why:
        """The evidence that put an article in its event and story."""
        return explain(self.store, article_id)

    def close(self) -> None:
        self._pipeline.close()
        self.store.close()

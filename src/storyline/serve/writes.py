"""The write side of the server: ``POST /api/articles`` runs the pipeline here, one request at a time."""

from __future__ import annotations

from typing import Any

from ..ingest.jsonl import record_to_article
from ..model import Article, Rejected
from ..options import Options
from ..pipeline import Pipeline
from ..store import open_store
from .deps import Stores

SOURCE = "POST /api/articles"


def ingest_records(stores: Stores, records: list[Any]) -> dict[str, Any]:
    """Ingest a list of JSON records (the fields of JSONL input); the counts of ``ingest --report`` and one
    result per record, in order: ``stored``, ``duplicate`` (a copy, stored and placed with its original),
    ``already_stored`` (the id is there already) or ``rejected`` with its reason."""
    parsed = [record_to_article(record, SOURCE, number) for number, record in enumerate(records, start=1)]
    # in the server's own process: no worker pools forked from a threaded server
    options = Options(workers=1)
    # an ingest writing to the store meanwhile: 503 at once (StoreBusyError), not a request left waiting
    with stores.write_lock, open_store(stores.path) as store, store.writer(wait=False):
        ids = [a.id for a in parsed if isinstance(a, Article)]
        before = store.existing(ids)
        with Pipeline(store, options) as pipeline:
            report = pipeline.ingest(parsed)
        rejected = {r.line: r for r in report.rejected}
        results: list[dict[str, Any]] = []
        seen: set[str] = set()
        for number, item in enumerate(parsed, start=1):
            if isinstance(item, Rejected) or number in rejected:
                bad = item if isinstance(item, Rejected) else rejected[number]
                results.append({"line": number, "id": bad.record_id, "status": "rejected", "reason": bad.reason})
                continue
            if item.id in before or item.id in seen:
                results.append({"line": number, "id": item.id, "status": "already_stored"})
                continue
            seen.add(item.id)
            stored = store.get(item.id)
            if stored is None:  # not expected: every accepted record is stored
                results.append({"line": number, "id": item.id, "status": "rejected", "reason": "not stored"})
                continue
            results.append(
                {
                    "line": number,
                    "id": item.id,
                    "status": "duplicate" if stored.duplicate_of else "stored",
                    "duplicate_of": stored.duplicate_of,
                    "event": stored.event,
                    "story": stored.story,
                    "published": stored.article.published,
                    "lang": stored.article.lang,
                }
            )
    return {**report.to_dict(), "results": results}

"""``/api/articles``: one article with the evidence for its event and story; ``POST`` ingests a list."""

from __future__ import annotations

import json
import secrets
from typing import Any

from fastapi import APIRouter, HTTPException, Request
from starlette.concurrency import run_in_threadpool

from .. import queries
from ..writes import ingest_records
from .common import AppSettings, AppStores, Reader

router = APIRouter(prefix="/articles", tags=["articles"])


@router.get("/{article_id}")
def get_article(article_id: str, store: Reader, stores: AppStores) -> dict[str, Any]:
    """The article as stored (clean text, dates, language), its event and story, and ``why``."""
    return queries.article(store, article_id, rarity=stores.background())


@router.post("", status_code=200)
async def post_articles(request: Request, settings: AppSettings, stores: AppStores) -> dict[str, Any]:
    """Ingest a JSON list of articles (the fields of JSONL input: id, title, text, published, url, lang, …).

    Needs ``Authorization: Bearer <token>`` (401 without; no token configured: every write is 401).
    A body over ``max_body_bytes`` or a list over ``max_articles`` is refused with 413.  Answers the
    counts of ``ingest --report`` and a result per record.
    """
    expected = settings.token.get_secret_value() if settings.token else None
    given = request.headers.get("authorization", "")
    scheme, _, token = given.partition(" ")
    if not expected or scheme.lower() != "bearer" or not secrets.compare_digest(token.strip(), expected):
        raise HTTPException(401, "a write needs 'Authorization: Bearer <token>' with the server's token")
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > settings.max_body_bytes:
        raise HTTPException(413, f"body over {settings.max_body_bytes} bytes")
    body = bytearray()
    async for chunk in request.stream():
        body.extend(chunk)
        if len(body) > settings.max_body_bytes:
            raise HTTPException(413, f"body over {settings.max_body_bytes} bytes")
    try:
        records = json.loads(body)
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise HTTPException(400, f"the body is not JSON: {error}") from error
    if isinstance(records, dict):
        records = [records]
    if not isinstance(records, list):
        raise HTTPException(400, "the body must be a JSON list of article objects")
    if len(records) > settings.max_articles:
        raise HTTPException(413, f"{len(records)} articles in one request; at most {settings.max_articles}")
    return await run_in_threadpool(ingest_records, stores, records)

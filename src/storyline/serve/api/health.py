"""``/healthz``: the server is up and its store answers."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from .common import Reader

router = APIRouter(tags=["health"])


@router.get("/healthz")
def healthz(store: Reader) -> dict[str, Any]:
    return {"status": "ok", "articles": store.count(), "stories": store.published_count()}

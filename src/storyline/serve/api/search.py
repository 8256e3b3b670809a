"""``/api/search?q=``: full text over stories and articles."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from .. import queries
from .common import AppSettings, Reader

router = APIRouter(prefix="/search", tags=["search"])


@router.get("")
def search(
    store: Reader,
    settings: AppSettings,
    q: Annotated[str, Query(min_length=1, max_length=500, description="Words; German and English forms match.")],
    limit: Annotated[int | None, Query(ge=1, le=500)] = None,
) -> dict[str, Any]:
    """``{"items": [...]}``, best first; each with a ``snippet`` and ``snippet_html`` (matches in ``<mark>``)."""
    return queries.search(store, q, limit or settings.search_limit)

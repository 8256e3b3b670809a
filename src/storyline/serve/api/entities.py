"""``/api/entities?q=``: people, places and organisations by any spelling, with their stories."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from .. import queries
from .common import Reader

router = APIRouter(prefix="/entities", tags=["entities"])


@router.get("")
def find_entities(
    store: Reader,
    q: Annotated[str, Query(min_length=1, description="A name or its beginning, in any spelling.")],
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
) -> dict[str, Any]:
    """``{"items": [{key, name, kind, variants, article_count, stories: [...]}]}``, exact matches first."""
    return queries.entities(store, q, limit)


@router.get("/{key}")
def get_entity(key: str, store: Reader) -> dict[str, Any]:
    return queries.entity(store, key)

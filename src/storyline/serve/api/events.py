"""``/api/events/{id}``: one event as its story's timeline shows it, with its articles."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from fastapi.responses import RedirectResponse

from .. import queries
from .common import Reader

router = APIRouter(prefix="/events", tags=["events"])


@router.get("/{event_id}", response_model=None)
def get_event(event_id: str, store: Reader) -> dict[str, Any] | RedirectResponse:
    try:
        return queries.event(store, event_id)
    except queries.Moved as moved:
        return RedirectResponse(f"/api/events/{moved.target}", status_code=308)

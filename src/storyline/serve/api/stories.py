"""``/api/stories``: the list (filtered, paged by cursor), one story, its articles."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query
from fastapi.responses import RedirectResponse, Response

from .. import queries
from .common import AppSettings, LoopReader, Reader

JSON = "application/json"

router = APIRouter(prefix="/stories", tags=["stories"])


@router.get("", response_model=None)
async def list_stories(
    store: LoopReader,
    settings: AppSettings,
    lang: Annotated[str | None, Query(description="Main language of the story (ISO 639-1).")] = None,
    since: Annotated[str | None, Query(description="Updated on or after (YYYY, YYYY-MM or YYYY-MM-DD).")] = None,
    until: Annotated[str | None, Query(description="First reported on or before (YYYY[-MM[-DD]]).")] = None,
    entity: Annotated[str | None, Query(description="Naming this entity, in any spelling.")] = None,
    q: Annotated[str | None, Query(description="Words of the title, summary or actors (stemmed, folded).")] = None,
    cursor: Annotated[str | None, Query(description="The `next` of the previous page.")] = None,
    limit: Annotated[int | None, Query(ge=1, description="Stories per page.")] = None,
) -> Response:
    """Stories, most recently updated first: ``{"items": [...], "next": cursor|null}``, items as
    ``storyline stories --json``."""
    size = min(limit or settings.page_size, settings.max_page_size)
    query = queries.StoryQuery(cursor, lang, since, until, entity, q)
    return Response(queries.list_stories_json(store, size, query), media_type=JSON)


@router.get("/{story_id}", response_model=None)
async def get_story(story_id: str, store: LoopReader) -> Response:
    """The ``storyline show --json`` object; a merged story answers 308 to the story it lives on in."""
    try:
        return Response(queries.story_json(store, story_id), media_type=JSON)
    except queries.Moved as moved:
        return RedirectResponse(f"/api/stories/{moved.target}", status_code=308)


@router.get("/{story_id}/articles", response_model=None)
def story_articles(story_id: str, store: Reader) -> dict[str, Any] | RedirectResponse:
    """The story's articles in timeline order: ``{"items": [...]}``."""
    try:
        return {"items": queries.story(store, story_id)["articles"]}
    except queries.Moved as moved:
        return RedirectResponse(f"/api/stories/{moved.target}/articles", status_code=308)

"""The JSON API: one router per resource, thin over :mod:`storyline.serve.queries`."""

from fastapi import APIRouter

from . import articles, entities, events, health, search, stories

router = APIRouter()
for module in (stories, events, articles, entities, search):
    router.include_router(module.router, prefix="/api")
router.include_router(health.router)

__all__ = ["router"]

"""What the API's routers share: the store of the request's thread, the settings."""

from __future__ import annotations

from typing import Annotated, Any, cast

from fastapi import Depends, Request

from ...store import SQLiteStore
from ..deps import Stores
from ..settings import Settings


async def stores(request: Request) -> Stores:
    """(``async``: FastAPI runs a plain function dependency in its thread pool, a hop per request.)"""
    return request.app.state.stores  # type: ignore[no-any-return]


class _ThreadStore:
    """Stands for the store of whichever thread uses it: a plain-function endpoint runs in a pool
    thread that need not be the one its dependencies ran in, and an SQLite connection is not to be
    shared between threads."""

    def __init__(self, stores: Stores) -> None:
        self._stores = stores

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stores.reader(), name)


async def reader(request: Request) -> SQLiteStore:
    """The store for a plain-function endpoint (resolved in the thread that runs it)."""
    return cast(SQLiteStore, _ThreadStore(request.app.state.stores))


async def loop_reader(request: Request) -> SQLiteStore:
    """The store of the event loop's own thread, for the few reads quick enough to run on the loop
    (one indexed select each: the story list, one story) without a hop to the thread pool."""
    return request.app.state.stores.reader()  # type: ignore[no-any-return]


async def settings(request: Request) -> Settings:
    return request.app.state.settings  # type: ignore[no-any-return]


Reader = Annotated[SQLiteStore, Depends(reader)]
LoopReader = Annotated[SQLiteStore, Depends(loop_reader)]
AppStores = Annotated[Stores, Depends(stores)]
AppSettings = Annotated[Settings, Depends(settings)]

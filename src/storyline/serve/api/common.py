"""What the API's routers share: the store of the request's thread, the settings."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from ...store import SQLiteStore
from ..deps import Stores
from ..settings import Settings


def stores(request: Request) -> Stores:
    return request.app.state.stores  # type: ignore[no-any-return]


def reader(request: Request) -> SQLiteStore:
    return stores(request).reader()


def settings(request: Request) -> Settings:
    return request.app.state.settings  # type: ignore[no-any-return]


Reader = Annotated[SQLiteStore, Depends(reader)]
AppStores = Annotated[Stores, Depends(stores)]
AppSettings = Annotated[Settings, Depends(settings)]

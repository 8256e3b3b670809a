"""The server's one settings object, read from the environment (``STORYLINE_…``) or an env file."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """What ``storyline serve`` is configured with.

    Every field can be set as ``STORYLINE_<FIELD>`` in the environment or in the env file named by
    ``Settings(_env_file=...)`` (``storyline serve --env-file``); command-line options win.

    >>> Settings(db="news.db").max_articles
    1000
    """

    model_config = SettingsConfigDict(env_prefix="STORYLINE_", env_file=None, extra="ignore")

    #: The store: a path or sqlite:///PATH.
    db: str = "storyline.db"
    host: str = "127.0.0.1"
    port: Annotated[int, Field(ge=0, le=65535)] = 8000
    #: Bearer token that ``POST /api/articles`` requires; no token set: writes are refused (401).
    token: SecretStr | None = None
    #: Largest request body accepted, in bytes (larger: 413).
    max_body_bytes: Annotated[int, Field(ge=1)] = 5_000_000
    #: Most articles one POST may carry (more: 413).
    max_articles: Annotated[int, Field(ge=1)] = 1000
    #: Stories per page of ``GET /api/stories`` unless ``limit`` says otherwise, and the most it may say.
    page_size: Annotated[int, Field(ge=1)] = 20
    max_page_size: Annotated[int, Field(ge=1)] = 200
    #: Server processes (uvicorn workers); each reads the store on its own.
    workers: Annotated[int, Field(ge=1, le=64)] = 1
    #: Results of a search.
    search_limit: Annotated[int, Field(ge=1, le=500)] = 20

"""The FastAPI application: routers, error answers, security headers, static files, the docs page."""

from __future__ import annotations

import logging
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from .. import __version__
from ..digest.publish import publish
from ..digest.story import NotFound
from ..errors import StoreBusyError, StoreError, StorylineError
from ..store import open_store
from . import api, pages
from .deps import Stores
from .queries import BadRequest
from .settings import Settings

log = logging.getLogger("storyline.serve")
HERE = Path(__file__).parent

#: Pages: nothing but this server's own scripts, styles and images; no inline script, no framing.
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self';"
    " form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
#: The API docs page: Swagger UI (bundled, served from here) sets styles inline.
DOCS_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:;"
    " connect-src 'self'; base-uri 'none'; frame-ancestors 'none'"
)


def create_app(settings: Settings | None = None, catch_up: bool = True) -> FastAPI:
    """The application over ``settings.db``; ``catch_up`` first publishes the stories an older
    Storyline (or a killed ingest) left unpublished, so that no read has to."""
    settings = settings or Settings()
    stores = Stores(settings)
    if catch_up:
        published = _catch_up(stores)
        if published:
            log.info("published %d stories", published)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        stores.close()

    app = FastAPI(
        title="Storyline",
        version=__version__,
        description="News stories: events on a timeline, their articles, actors and sources.",
        docs_url=None,
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.stores = stores
    app.include_router(api.router)
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    _mount_swagger(app)
    _add_error_answers(app)

    app.add_middleware(SecurityHeaders)
    return app


class SecurityHeaders:
    """Adds the CSP and the other security headers to every answer (plain ASGI: a request pays
    nothing but the headers, unlike a ``BaseHTTPMiddleware``)."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        policy = (DOCS_CSP if scope["path"] == "/docs" else CSP).encode()

        async def with_headers(message: Any) -> None:
            if message["type"] == "http.response.start":
                present = {name.lower() for name, _ in message.get("headers", [])}
                extra = [
                    (b"content-security-policy", policy),
                    (b"x-content-type-options", b"nosniff"),
                    (b"referrer-policy", b"no-referrer"),
                    (b"x-frame-options", b"DENY"),
                ]
                message["headers"] = list(message.get("headers", [])) + [h for h in extra if h[0] not in present]
            await send(message)

        await self.app(scope, receive, with_headers)


def from_environment() -> FastAPI:
    """The application as a uvicorn worker process builds it: settings from the environment (and the
    env file ``STORYLINE_ENV_FILE`` names); the parent process has published already."""
    env_file = os.environ.get("STORYLINE_ENV_FILE") or None
    return create_app(Settings(_env_file=env_file), catch_up=False)  # type: ignore[call-arg]


def _catch_up(stores: Stores) -> int:
    """Publish what is unpublished, unless the store is read-only here or an ingest is writing to it
    (which publishes what it touches itself)."""
    with stores.write_lock, open_store(stores.path) as store:
        if not store.writable:
            return 0
        try:
            with store.writer(wait=False):
                return publish(store)
        except StoreBusyError:
            return 0


def _mount_swagger(app: FastAPI) -> None:
    """``/docs``: Swagger UI from the ``swagger-ui-bundle`` package (no CDN: works offline)."""
    try:
        import swagger_ui_bundle
    except ImportError:  # pragma: no cover - a dependency; without it /openapi.json still answers
        return
    app.mount("/_swagger", StaticFiles(directory=swagger_ui_bundle.swagger_ui_path), name="swagger")

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return HTMLResponse(
            "<!doctype html><html lang='en'><head><meta charset='utf-8'><title>Storyline API</title>"
            "<link rel='stylesheet' href='/_swagger/swagger-ui.css'></head><body><div id='swagger-ui'></div>"
            "<script src='/_swagger/swagger-ui-bundle.js'></script><script src='/static/docs.js'></script>"
            "</body></html>"
        )


def _wants_json(request: Request) -> bool:
    path = request.url.path
    return path.startswith("/api") or path in ("/healthz", "/openapi.json")


def _error(request: Request, status: int, error: str, detail: Any) -> Response:
    if _wants_json(request):
        return JSONResponse({"error": error, "detail": detail}, status_code=status)
    return pages.error_page(request, status, error, detail)


def _add_error_answers(app: FastAPI) -> None:
    """Every error is ``{"error": ..., "detail": ...}`` (a page for the web pages), never a stack trace."""
    names = {
        400: "bad_request",
        401: "unauthorized",
        404: "not_found",
        405: "method_not_allowed",
        413: "too_large",
        422: "invalid_request",
    }

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, error: StarletteHTTPException) -> Response:
        response = _error(request, error.status_code, names.get(error.status_code, "http_error"), error.detail)
        if error.status_code == 401:
            response.headers["WWW-Authenticate"] = "Bearer"
        return response

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, error: RequestValidationError) -> Response:
        detail = [
            {"where": ".".join(str(part) for part in e.get("loc", ())), "problem": e.get("msg")} for e in error.errors()
        ]
        return _error(request, 422, "invalid_request", detail)

    @app.exception_handler(NotFound)
    async def not_found(request: Request, error: NotFound) -> Response:
        return _error(request, 404, "not_found", str(error))

    @app.exception_handler(BadRequest)
    async def bad_request(request: Request, error: BadRequest) -> Response:
        return _error(request, 400, "bad_request", str(error))

    @app.exception_handler(StoreError)
    async def store_error(request: Request, error: StoreError) -> Response:
        log.error("store error on %s: %s", request.url.path, error)
        return _error(request, 503, "store_unavailable", "the store cannot be read or written now; try again")

    @app.exception_handler(StorylineError)
    async def storyline_error(request: Request, error: StorylineError) -> Response:
        return _error(request, 400, "bad_request", str(error))

    @app.exception_handler(Exception)
    async def unexpected(request: Request, error: Exception) -> Response:
        log.exception("unexpected error on %s", request.url.path)
        return _error(request, 500, "internal_error", "an unexpected error; the server log has the details")

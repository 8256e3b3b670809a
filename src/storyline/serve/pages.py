"""The web pages: server-rendered (Jinja2, autoescaped), no script needed to read them.

Every text that came with an article is untrusted: templates escape everything (autoescape is on
and no template marks article text ``safe``); the only markup built here is the search snippets'
``<mark>``, made by :func:`storyline.search.highlight_html`, which escapes the text around it.
Charts are SVG drawn from numbers computed here (no inline styles: the CSP forbids them).
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from ..digest.story import NotFound
from ..digest.when import parse_iso
from . import queries
from .api.common import AppSettings, AppStores, Reader

HERE = Path(__file__).parent
_env = Environment(
    loader=FileSystemLoader(HERE / "templates"), autoescape=select_autoescape(default=True), auto_reload=False
)


def _http_url(url: object) -> str:
    """A link target only when it is a web address (never ``javascript:`` or ``data:``)."""
    return url if isinstance(url, str) and url.lower().startswith(("http://", "https://")) else ""


_env.filters["http_url"] = _http_url
templates = Jinja2Templates(env=_env)
router = APIRouter(include_in_schema=False)

PRECISION_LABEL = {"day": "", "month": "month", "year": "year", "unknown": "undated"}


def sparkline(volume: dict[str, int], width: int = 120, height: int = 24, bins: int = 24) -> dict[str, Any] | None:
    """Points of a small volume-over-time line: articles per bin over the story's dated span."""
    dated = [(w, n) for iso, n in volume.items() if (w := parse_iso(iso)) is not None]
    if not dated:
        return None
    start = min(w.start for w, _ in dated)
    end = max(w.end for w, _ in dated)
    days = max(1, (end - start).days + 1)
    counts = [0.0] * bins
    for when, n in dated:
        span = max(1, (when.end - when.start).days + 1)  # a month-precise count spreads over its month
        first = (when.start - start).days
        for offset in range(0, span, max(1, span // 31)):
            counts[min(bins - 1, (first + offset) * bins // days)] += n / min(span, 31)
    top = max(counts) or 1.0
    step = width / (bins - 1)
    points = " ".join(f"{i * step:.1f},{height - 2 - (c / top) * (height - 4):.1f}" for i, c in enumerate(counts))
    return {"points": points, "width": width, "height": height, "total": sum(volume.values())}


def timeline_chart(entries: list[dict[str, Any]], width: int = 720) -> dict[str, Any] | None:
    """Marks for a visual timeline: a dot for a day, a bar over its span for a month or a year,
    hollow for an estimated date; rows alternate so that neighbouring labels do not overlap."""
    dated = [(e, w) for e in entries if (w := parse_iso(e.get("date"))) is not None]
    if not dated:
        return None
    start = min(w.start for _, w in dated)
    end = max(w.end for _, w in dated)
    span = max(1, (end - start).days + 1)
    left, right = 12, width - 12

    def x(day: date) -> float:
        return left + (right - left) * (day - start).days / span

    marks = []
    for row, (entry, when) in enumerate(dated):
        x0, x1 = x(when.start), x(when.end + timedelta(days=1))
        marks.append(
            {
                "event": entry["event"],
                "x": round(x0, 1),
                "width": round(max(x1 - x0, 4.0), 1),
                "cx": round((x0 + x1) / 2, 1),
                "y": 24 + (row % 3) * 22,
                "span": when.precision != "day",
                "estimated": bool(entry.get("estimated")),
                "label": entry["date"],
                "title": entry["title"],
            }
        )
    ticks = []
    month = date(start.year, start.month, 1)
    months = (end.year - start.year) * 12 + end.month - start.month + 1
    every = max(1, months // 8)
    for i in range(0, months, every):
        day = date(month.year + (month.month - 1 + i) // 12, (month.month - 1 + i) % 12 + 1, 1)
        if day >= start:
            ticks.append({"x": round(x(day), 1), "label": day.strftime("%Y-%m")})
    return {"width": width, "height": 120, "marks": marks, "ticks": ticks, "axis": 96}


def _page(request: Request, name: str, status: int = 200, **context: Any) -> HTMLResponse:
    context = {"precision_label": PRECISION_LABEL, **context}
    return templates.TemplateResponse(request, name, context, status_code=status)


def error_page(request: Request, status: int, error: str, detail: Any) -> HTMLResponse:
    message = detail if isinstance(detail, str) else "the request could not be understood"
    return _page(request, "error.html", status=status, status_code=status, error=error, detail=message)


@router.get("/favicon.ico")
def favicon() -> RedirectResponse:
    return RedirectResponse("/static/favicon.svg", status_code=308)


@router.get("/", response_class=HTMLResponse)
def story_list(
    request: Request,
    store: Reader,
    settings: AppSettings,
    q: Annotated[str | None, Query()] = None,
    lang: Annotated[str | None, Query()] = None,
    since: Annotated[str | None, Query()] = None,
    until: Annotated[str | None, Query()] = None,
    entity: Annotated[str | None, Query()] = None,
    cursor: Annotated[str | None, Query()] = None,
) -> HTMLResponse:
    query = queries.StoryQuery(cursor, lang, since, until, entity, q)
    page = queries.list_stories(store, settings.page_size, query, with_volume=True)
    for item in page["items"]:
        item["sparkline"] = sparkline(item.pop("volume"))
    filters = {k: v for k, v in {"q": q, "lang": lang, "since": since, "until": until, "entity": entity}.items() if v}
    next_url = "/?" + urlencode({**filters, "cursor": page["next"]}) if page["next"] else None
    return _page(request, "stories.html", stories=page["items"], filters=filters, next_url=next_url)


@router.get("/stories/{story_id}", response_class=HTMLResponse, response_model=None)
def story_page(request: Request, story_id: str, store: Reader) -> Response:
    try:
        story = queries.story(store, story_id)
    except queries.Moved as moved:
        return RedirectResponse(f"/stories/{moved.target}", status_code=308)
    return _page(request, "story.html", story=story, chart=timeline_chart(story["timeline"]))


@router.get("/events/{event_id}", response_model=None)
def event_page(event_id: str, store: Reader) -> Response:
    try:
        found = queries.event(store, event_id)
    except queries.Moved as moved:
        return RedirectResponse(f"/events/{moved.target}", status_code=308)
    return RedirectResponse(f"/stories/{found['story']}#{found['id']}", status_code=303)


@router.get("/articles/{article_id}", response_class=HTMLResponse)
def article_page(request: Request, article_id: str, store: Reader, stores: AppStores) -> HTMLResponse:
    found = queries.article(store, article_id, rarity=stores.background())
    paragraphs = [p.strip() for p in found["text"].split("\n") if p.strip()]
    return _page(request, "article.html", article=found, paragraphs=paragraphs)


@router.get("/entities/{key}", response_class=HTMLResponse)
def entity_page(request: Request, key: str, store: Reader) -> HTMLResponse:
    return _page(request, "entity.html", entity=queries.entity(store, key))


@router.get("/search", response_class=HTMLResponse)
def search_page(
    request: Request, store: Reader, settings: AppSettings, q: Annotated[str, Query(max_length=500)] = ""
) -> HTMLResponse:
    results = queries.search(store, q, settings.search_limit)["items"] if q.strip() else []
    for item in results:
        # escaped text with <mark>, made by highlight_html
        item["snippet_html"] = Markup(item["snippet_html"])
        item["title_html"] = Markup(item["title_html"]) if item["title_html"] else None
    entities = queries.entities(store, q, limit=5)["items"] if q.strip() else []
    return _page(request, "search.html", q=q, results=results, entities=entities)


__all__ = ["NotFound", "error_page", "router", "sparkline", "timeline_chart"]

"""A local HTTP server for the fetch tests: feeds and pages written here, requests counted.

Nothing in these tests leaves the machine: the server listens on 127.0.0.1 on a free port, and
every url a test fetches is on it (or answered by an injected transport or resolver).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest


@dataclass
class Route:
    """What the server answers for one path."""

    body: bytes
    content_type: str = "text/html; charset=utf-8"
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    etag: str | None = None  # answers 304 to a matching If-None-Match
    delay: float = 0.0  # seconds before answering (a slow server)


@dataclass
class Server:
    """The routes, the requests seen (``(method, path, headers)``) and the base url."""

    base: str
    routes: dict[str, Route]
    requests: list[tuple[str, str, dict[str, str]]]

    def url(self, path: str) -> str:
        return self.base + path

    def hits(self, path: str) -> int:
        return sum(1 for _, seen, _ in self.requests if seen == path)

    def statuses(self) -> list[str]:
        return [path for _, path, _ in self.requests]


def _handler(server: Server) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def _answer(self, method: str) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            headers = {k.lower(): v for k, v in self.headers.items()}
            if body:
                headers["body"] = body.decode("utf-8", "replace")
            server.requests.append((method, self.path, headers))
            route = server.routes.get(self.path)
            if route is None:
                self.send_response(404)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            if route.delay:
                time.sleep(route.delay)
            if route.etag and headers.get("if-none-match") == route.etag:
                self.send_response(304)
                self.send_header("ETag", route.etag)
                self.end_headers()
                return
            self.send_response(route.status)
            self.send_header("Content-Type", route.content_type)
            self.send_header("Content-Length", str(len(route.body)))
            if route.etag:
                self.send_header("ETag", route.etag)
                self.send_header("Last-Modified", formatdate(usegmt=True))
            for name, value in route.headers.items():
                self.send_header(name, value)
            self.end_headers()
            if method != "HEAD":
                self.wfile.write(route.body)

        def do_GET(self) -> None:  # noqa: N802
            self._answer("GET")

        def do_POST(self) -> None:  # noqa: N802
            self._answer("POST")

        def log_message(self, *args: object) -> None:  # quiet
            pass

    return Handler


@pytest.fixture
def server() -> Iterator[Server]:
    """A running local server with no routes yet; stopped after the test."""
    state = Server("", {}, [])
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(state))
    httpd.daemon_threads = True
    state.base = f"http://127.0.0.1:{httpd.server_address[1]}"
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield state
    httpd.shutdown()
    httpd.server_close()


# --- feeds and pages, written for these tests ---

PAGES = {
    "/news/wasser.html": (
        "Neues Gesetz zur Wasserversorgung beschlossen",
        "2024-03-14T09:30:00+01:00",
        "de",
        [
            "Berlin – Der Bundestag hat am Donnerstag ein Gesetz beschlossen, das die Versorgung kleiner Gemeinden "
            "mit sauberem Trinkwasser sichern soll. Die Abgeordneten stimmten nach langer Debatte mit breiter "
            "Mehrheit dafür.",
            "Das Gesetz verpflichtet die Länder, ihre Leitungsnetze bis zum Jahr 2030 zu prüfen und marode "
            "Rohre zu ersetzen. Der Bund übernimmt dabei einen Teil der Kosten, wie die Umweltministerin erklärte.",
            "Kritik kam von den Kommunen: Der Städtetag bemängelte, dass die zugesagten Mittel nicht ausreichten "
            "und viele Gemeinden die Arbeiten nicht rechtzeitig planen könnten.",
        ],
    ),
    "/news/bridge.html": (
        "City council approves new river bridge",
        "2024-03-15T14:05:00+00:00",
        "en",
        [
            "The city council voted on Friday to build a new bridge across the river, ending a dispute that "
            "had divided residents of the two districts for more than a decade.",
            "Construction is expected to begin next spring and to last about three years. The mayor said the "
            "bridge would carry buses, bicycles and pedestrians, but no private cars.",
            "Opponents argued that the money would be better spent on repairing existing roads, and a group of "
            "shop owners announced that they would ask the regional court to review the decision.",
        ],
    ),
    "/news/hafen.html": (
        "Streik im Hafen legt Verladung lahm",
        "2024-03-16T07:45:00+01:00",
        "de",
        [
            "Hamburg – Ein Streik der Hafenarbeiter hat am Samstag die Verladung von Containern fast vollständig "
            "zum Erliegen gebracht. Die Gewerkschaft fordert höhere Löhne und kürzere Schichten.",
            "Nach Angaben der Hafenbetreiber lagen am Morgen mehr als zwanzig Schiffe vor der Elbmündung und "
            "warteten auf ihre Abfertigung. Die Reedereien rechnen mit Verspätungen von mehreren Tagen.",
            "Der Arbeitgeberverband nannte den Ausstand unverhältnismäßig und rief die Gewerkschaft auf, an den "
            "Verhandlungstisch zurückzukehren.",
        ],
    ),
}


def page_html(title: str, published: str, lang: str, paragraphs: list[str]) -> bytes:
    body = "\n".join(f"<p>{p}</p>" for p in paragraphs)
    return f"""<!doctype html>
<html lang="{lang}"><head><meta charset="utf-8"><title>{title}</title>
<meta property="article:published_time" content="{published}">
<meta name="author" content="Test Redaktion"></head>
<body><nav><a href="/">Start</a> <a href="/politik">Politik</a></nav>
<article><h1>{title}</h1>
{body}
</article><footer>Impressum · Datenschutz</footer></body></html>""".encode()


def rss(items: list[dict[str, str]], title: str = "Testzeitung") -> bytes:
    entries = []
    for item in items:
        content = f"<content:encoded><![CDATA[{item['content']}]]></content:encoded>" if "content" in item else ""
        entries.append(
            f"""<item><title>{item["title"]}</title><link>{item["link"]}</link>
<guid>{item.get("guid", item["link"])}</guid><pubDate>{item.get("date", "Thu, 14 Mar 2024 08:00:00 GMT")}</pubDate>
<author>{item.get("author", "redaktion@example.org (Redaktion)")}</author>
<description>{item.get("summary", "Kurz gemeldet.")}</description>{content}</item>"""
        )
    return f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>
<title>{title}</title><link>http://127.0.0.1/</link><description>Nachrichten</description>
{"".join(entries)}
</channel></rss>""".encode()


def atom(items: list[dict[str, str]], title: str = "Test Gazette") -> bytes:
    entries = []
    for item in items:
        content = f'<content type="html"><![CDATA[{item["content"]}]]></content>' if "content" in item else ""
        entries.append(
            f"""<entry><title>{item["title"]}</title><link href="{item["link"]}"/>
<id>{item.get("guid", item["link"])}</id><updated>{item.get("date", "2024-03-15T15:00:00Z")}</updated>
<author><name>{item.get("author", "Desk")}</name></author><summary>{item.get("summary", "In brief.")}</summary>
{content}</entry>"""
        )
    return f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>{title}</title><id>urn:test:gazette</id>
<updated>2024-03-15T15:00:00Z</updated>{"".join(entries)}</feed>""".encode()


def serve_pages(server: Server, paths: list[str] | None = None) -> list[dict[str, str]]:
    """Serve the pages and return their feed items (title, link, date)."""
    items = []
    for path in paths or list(PAGES):
        title, published, lang, paragraphs = PAGES[path]
        server.routes[path] = Route(page_html(title, published, lang, paragraphs))
        items.append({"title": title, "link": server.url(path), "date": "Thu, 14 Mar 2024 08:00:00 GMT"})
    return items

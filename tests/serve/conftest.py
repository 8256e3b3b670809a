"""A demo store served by the app (FastAPI's TestClient), shared by the API and page tests."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from storyline import Options
from storyline.ingest import read
from storyline.pipeline import Pipeline
from storyline.serve import Settings, create_app
from storyline.store import open_store

DEMO = Path(__file__).resolve().parents[2] / "src" / "storyline" / "demo" / "articles"
TOKEN = "test-token-0123456789"

# Written for these tests: hostile markup in every field a page shows.
HOSTILE = [
    {
        "id": "xss-1",
        "title": "<script>alert('title')</script> Hafenkräne stehen still",
        "text": (
            'Im Hafen von Bremerhaven stehen seit Montag alle Containerkräne still. "><img src=x onerror=alert(1)>'
            " Die Gewerkschaft fordert mehr Personal. <script>document.title='pwned'</script> Der Betreiber"
            " spricht von einem Sachschaden nach einem Stromausfall."
        ),
        "published": "2025-05-02",
        "url": "javascript:alert('url')",
        "source": "<b>Hafenblatt</b>",
    }
]


def ingest_demo(db: Path) -> None:
    with open_store(db) as store, Pipeline(store, Options(workers=1)) as pipeline:
        pipeline.ingest(read([str(DEMO)], "auto", Options()))


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("serve") / "demo.db"
    ingest_demo(db)
    jsonl = db.parent / "hostile.jsonl"
    jsonl.write_text("\n".join(json.dumps(r) for r in HOSTILE) + "\n", encoding="utf-8")
    with open_store(db) as store, Pipeline(store, Options(workers=1)) as pipeline:
        pipeline.ingest(read([str(jsonl)], "jsonl", Options()))
    return db


@pytest.fixture(scope="session")
def client(demo_db) -> TestClient:
    """Read-only use: tests that write get :func:`writable` (their own copy of the store)."""
    app = create_app(Settings(db=str(demo_db), token=TOKEN, max_body_bytes=20_000, max_articles=5))
    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client


@pytest.fixture()
def writable(demo_db, tmp_path) -> TestClient:
    db = tmp_path / "copy.db"
    with open_store(demo_db) as store:
        store._db.execute(f"VACUUM INTO '{db}'")
    app = create_app(Settings(db=str(db), token=TOKEN, max_body_bytes=20_000, max_articles=5))
    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client

"""Shared fixtures: the third-party corpora in ../shared/data are read there, never copied."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SHARED_DATA = Path(os.environ.get("STORYLINE_SHARED_DATA", REPO.parent / "shared" / "data"))
TEST_DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """``../shared/data``; skipped when absent, a failure when STORYLINE_REQUIRE_SHARED=1."""
    if not (SHARED_DATA / "seeds").is_dir():
        message = f"shared data not found at {SHARED_DATA}"
        if os.environ.get("STORYLINE_REQUIRE_SHARED") == "1":
            pytest.fail(message + " (STORYLINE_REQUIRE_SHARED=1)")
        pytest.skip(message)
    return SHARED_DATA


@pytest.fixture(scope="session")
def test_data() -> Path:
    return TEST_DATA


def _articles_in(db: Path) -> int:
    try:
        with sqlite3.connect(db, timeout=1) as connection:
            return int(connection.execute("SELECT COUNT(*) FROM articles").fetchone()[0])
    except sqlite3.Error:
        return 0


@pytest.fixture
def articles_in():
    """How many articles a SQLite store holds now (0 while it cannot be read yet): for the tests that
    watch another process write."""
    return _articles_in

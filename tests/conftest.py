"""Shared fixtures: the third-party corpora in ../shared/data are read there, never copied."""

from __future__ import annotations

import os
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

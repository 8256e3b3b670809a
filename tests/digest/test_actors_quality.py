"""The actors of the held-out stories of the labelled set (tests/data/actors/gold.jsonl): docs/actors.md."""

import importlib.util
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "actors_quality.py"


@pytest.fixture(scope="module")
def figures():
    spec = importlib.util.spec_from_file_location("actors_quality", SCRIPT)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("actors_quality", module)  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module.measure()["figures"]


def test_held_out_floors(figures):
    """Floors just under the figures measured when the set was first scored (docs/actors.md)."""
    held_out = figures["heldout"]
    assert held_out["all"]["actor_precision"] >= 0.90
    assert held_out["all"]["kind_precision"] >= 0.85
    assert held_out["de"]["kind_precision"] >= 0.90
    assert held_out["all"]["recall"] >= 0.90


def test_dev_kinds(figures):
    assert figures["dev"]["all"]["kind_precision"] >= 0.95
    assert figures["dev"]["all"]["actor_precision"] >= 0.95


@pytest.mark.xfail(reason="issue 13 target not met for English held-out stories (multi-word names, teams)")
def test_held_out_kind_target(figures):
    assert figures["heldout"]["all"]["kind_precision"] >= 0.90
    assert figures["heldout"]["en"]["kind_precision"] >= 0.90

"""Actors of real news from ../shared/data against our judgements (scripts/actors_real.py, docs/actors.md)."""

import importlib.util
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "actors_real.py"


@pytest.fixture(scope="module")
def figures(shared_data):
    spec = importlib.util.spec_from_file_location("actors_real", SCRIPT)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("actors_real", module)
    spec.loader.exec_module(module)
    return module.measure(shared_data, (0, 1), module.load_judged())


# Floors just under the figures of docs/actors_real.md.  Part 0's errors were read to write the rules of
# the commit that added this test (in sample for them); part 1 was scored once after them (out of sample).  The
# issue's target is 0.90 kind precision: part 1 (0.869) does not meet it yet.
FLOORS = {
    ("part0", "kind_precision"): 0.89,
    ("part0", "actor_precision"): 0.89,
    ("part1", "kind_precision"): 0.86,
    ("part1", "actor_precision"): 0.79,
    ("part1 de", "kind_precision"): 0.94,
}


@pytest.mark.parametrize(("group", "figure"), sorted(FLOORS))
def test_real_news_actors_keep_their_judged_precision(figures, group, figure):
    assert figures[group][figure] >= FLOORS[(group, figure)], figures[group]


def test_nearly_every_listed_actor_is_judged(figures):
    """A change that lists new names must have them judged, or the figures above stop meaning much."""
    for group in ("part0", "part1"):
        judged, unjudged = figures[group]["judged"], figures[group]["unjudged"]
        assert unjudged <= 0.05 * (judged + unjudged), figures[group]

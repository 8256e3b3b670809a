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
    return module.measure(shared_data, module.PARTS, module.load_judged())


# Floors just under the figures of docs/actors_real.md.  Parts 0 to 7: their errors were read to write
# rules and the kind model is fitted on them (in sample).  Part 2 was scored once, unseen, by commit
# 3256f21 (kind precision 0.920, actor precision 0.850), part 4 (English, no title field) by 50d76c0
# (kind precision 0.915, actor precision 0.717), part 5 (the same shape) by c5749a6 (0.847, 0.761) and
# part 6 (the same shape) by c355915 (0.847, 0.772), part 7 (the same shape) by 9651e8b (0.911, 0.713)
# and part 8 (single English articles) by 0a7cb3f (0.886, 0.790), part 9 (German pairs) by d1eff29 (0.966,
# 0.900), part 10 (single English articles of pairs rated unrelated) by fff0d54 (0.855, 0.614) and part 11
# (the same kind) by 6885ce0 (0.885, 0.677), part 12 (the same kind) by e988598 (0.871, 0.721) and part 13
# (the same kind) by 6bd610f (0.893, 0.697), part 14 (the same kind) by 444707f (0.904, 0.591) and part 15
# (the same kind) by 4cb8bc3 (0.851, 0.724), part 16 (the same kind) by 365b080 (0.920, 0.762) and part 17
# (German pairs) by 365b080 (0.974, 0.885), part 18 (single English articles, second sides of pairs rated
# unrelated) by 8acd984 (0.870, 0.767), part 19 (the same kind) by f47b63d (0.874, 0.689), part 20 (the
# same kind) by 98450fa (0.881, 0.822), part 21 (the same kind) by db3cc0c (0.845, 0.811), part 22 (the same
# kind) by 405779f (0.911, 0.778), part 23 (the same kind) by f155ece (0.903, 0.824) and part 24 (the same
# kind) by 4b38abf (0.903, 0.746); the floors hold today's code there (parts 8 to 24 in sample since: read
# and fitted on).
FLOORS = {
    ("part0", "kind_precision"): 0.95,
    ("part0", "actor_precision"): 0.89,
    ("part1", "kind_precision"): 0.94,
    ("part1", "actor_precision"): 0.80,
    ("part2", "kind_precision"): 0.91,
    ("part2", "actor_precision"): 0.84,
    ("part2 en", "kind_precision"): 0.89,
    ("part2 de", "kind_precision"): 0.95,
    ("part3", "kind_precision"): 0.93,
    ("part3", "actor_precision"): 0.77,
    ("part4", "kind_precision"): 0.90,
    ("part4", "actor_precision"): 0.70,
    ("part5", "kind_precision"): 0.83,
    ("part5", "actor_precision"): 0.75,
    ("part6", "kind_precision"): 0.83,
    ("part6", "actor_precision"): 0.76,
    ("part7", "kind_precision"): 0.90,
    ("part7", "actor_precision"): 0.70,
    ("part8", "kind_precision"): 0.87,
    ("part8", "actor_precision"): 0.78,
    ("part9", "kind_precision"): 0.95,
    ("part9", "actor_precision"): 0.88,
    ("part10", "kind_precision"): 0.92,
    ("part10", "actor_precision"): 0.60,
    ("part11", "kind_precision"): 0.91,
    ("part11", "actor_precision"): 0.66,
    ("part12", "kind_precision"): 0.93,
    ("part12", "actor_precision"): 0.70,
    ("part13", "kind_precision"): 0.95,
    ("part13", "actor_precision"): 0.68,
    ("part14", "kind_precision"): 0.95,
    ("part14", "actor_precision"): 0.71,
    ("part15", "kind_precision"): 0.92,
    ("part15", "actor_precision"): 0.76,
    ("part16", "kind_precision"): 0.95,
    ("part16", "actor_precision"): 0.74,
    ("part17", "kind_precision"): 0.96,
    ("part17", "actor_precision"): 0.86,
    ("part18", "kind_precision"): 0.93,
    ("part18", "actor_precision"): 0.75,
    ("part19", "kind_precision"): 0.92,
    ("part19", "actor_precision"): 0.66,
    ("part20", "kind_precision"): 0.95,
    ("part20", "actor_precision"): 0.80,
    ("part21", "kind_precision"): 0.91,
    ("part21", "actor_precision"): 0.79,
    ("part22", "kind_precision"): 0.94,
    ("part22", "actor_precision"): 0.76,
    ("part23", "kind_precision"): 0.93,
    ("part23", "actor_precision"): 0.81,
    ("part24", "kind_precision"): 0.92,
    ("part24", "actor_precision"): 0.73,
}


@pytest.mark.parametrize(("group", "figure"), sorted(FLOORS))
def test_real_news_actors_keep_their_judged_precision(figures, group, figure):
    assert figures[group][figure] >= FLOORS[(group, figure)], figures[group]


def test_nearly_every_listed_actor_is_judged(figures):
    """A change that lists new names must have them judged, or the figures above stop meaning much."""
    for group in [f"part{n}" for n in range(25)]:
        judged, unjudged = figures[group]["judged"], figures[group]["unjudged"]
        assert unjudged <= 0.05 * (judged + unjudged), figures[group]

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


# (split, language, figure): floor just under what docs/actors.md reports.  "heldout" (d5-d7, e5-e7):
# its errors were read once before English names of several words were joined, so it is no longer fully
# unseen; "fresh" (h1-h5): written afterwards, scored once before and once after that change, its errors
# read since; "fresh2" (h6-h9): written before the next three rules, scored before and after them, its errors
# read since; "fresh3" (h10-h13): written before the next two rules, scored before and after them, its errors
# read since; "fresh4" (h14-h17): written before the last rules, scored once before and once after them,
# its errors read since; "fresh5" (h18-h21, written before the kind model) and "fresh6" (h22-h25, written after
# its first fit): each scored once unseen by that fit (dev to fresh4); "fresh7" (h26-h29): scored once
# unseen by the second fit (dev to fresh6); "fresh8" (h30-h33): scored once unseen by the fit on dev to
# fresh7 (commit bbebb20); "fresh9" (h34-h37): scored once unseen by the fit on dev to fresh8 (commit b4d5744:
# kind precision 0.938); "fresh10" (h38-h41): scored once unseen by the fit on dev to fresh9 (commit a91a7dc:
# kind precision 1.000); "fresh11" (h42-h45): scored once unseen by the fit on dev to fresh10 (commit beb0150:
# kind precision 0.929); "fresh12" (h46-h49): scored once unseen by the fit on dev to fresh11 (commit f6dc01b:
# kind precision 0.765); "fresh13" (h50-h53): scored once unseen by the fit on dev to fresh12 (commit f6392e1:
# kind precision 0.889); "fresh14" (h54-h57): scored once unseen by the fit on dev to fresh13 (commit 210e745:
# kind precision 0.857); "fresh15" (h58-h61): scored once unseen by the fit on dev to fresh14 (commit 8924e8c:
# kind precision 0.867 with one missing label added); "fresh16" (h62-h65): scored once unseen by the fit on dev
# to fresh15 (commit 28f6142: kind precision 0.905); "fresh17" (h66-h69): scored once unseen by the fit on dev
# to fresh16 (commit 6949386: kind precision 0.875 with two label slips mended); "fresh18" (h70-h73): scored once
# unseen by the fit on dev to fresh17 (commit 9eed1e7: kind precision 0.857); "fresh19" (h74-h77): scored once
# unseen by the fit on dev to fresh18 (commit 8841457: kind precision 0.947); "fresh20" (h78-h81): scored once
# unseen by the fit on dev to fresh19 (commit a155306: kind precision 0.941); "fresh21" (h82-h85): scored once
# unseen by the fit on dev to fresh20 (commit 8aeb376: kind precision 0.909 with one missing label added); their
# errors read since; "fresh22" (h86-h89): scored once unseen by the fit on dev to fresh21 (commit 0d2ffaf: kind
# precision 1.000, recall 0.455).  The shipped kind model is fitted on
# every split, so the floors below are in-sample regression guards; the out-of-sample figures are the
# leave-one-split-out ones of scripts/fit_actor_kinds.py (the last two tests).
FLOORS = {
    ("heldout", "all", "actor_precision"): 0.90,
    ("heldout", "all", "kind_precision"): 0.85,
    ("heldout", "de", "kind_precision"): 0.90,
    ("heldout", "en", "kind_precision"): 0.78,
    ("heldout", "all", "recall"): 0.90,
    ("fresh", "all", "actor_precision"): 0.90,
    ("fresh", "all", "kind_precision"): 0.88,
    ("fresh", "en", "kind_precision"): 0.84,
    ("fresh", "de", "kind_precision"): 0.95,
    ("fresh", "en", "recall"): 0.95,
    ("fresh", "all", "recall"): 0.80,
    ("fresh2", "all", "actor_precision"): 0.90,
    ("fresh2", "all", "kind_precision"): 0.75,
    ("fresh2", "de", "kind_precision"): 0.95,
    ("fresh2", "all", "recall"): 0.80,
    ("fresh3", "all", "actor_precision"): 0.90,
    ("fresh3", "all", "kind_precision"): 0.85,
    ("fresh3", "de", "kind_precision"): 0.95,
    ("fresh3", "all", "recall"): 0.85,
    ("fresh4", "all", "actor_precision"): 0.95,
    ("fresh4", "all", "kind_precision"): 0.88,
    ("fresh4", "de", "kind_precision"): 0.95,
    ("fresh4", "all", "recall"): 0.85,
    ("fresh5", "all", "actor_precision"): 0.95,
    ("fresh5", "all", "kind_precision"): 0.90,
    ("fresh5", "all", "recall"): 0.85,
    ("fresh6", "all", "actor_precision"): 0.95,
    ("fresh6", "all", "kind_precision"): 0.90,
    ("fresh6", "all", "recall"): 0.85,
    ("fresh7", "all", "actor_precision"): 0.85,
    ("fresh7", "all", "kind_precision"): 0.90,
    ("fresh7", "all", "recall"): 0.75,
    ("fresh8", "all", "actor_precision"): 0.90,
    ("fresh8", "all", "kind_precision"): 0.85,
    ("fresh8", "en", "recall"): 0.85,
    ("fresh9", "all", "actor_precision"): 0.90,
    ("fresh9", "all", "kind_precision"): 0.90,
    ("fresh9", "en", "recall"): 0.90,  # "Northline" and "Northline Ferries": two labels, one actor (short names)
    ("fresh10", "all", "actor_precision"): 0.90,
    ("fresh10", "all", "kind_precision"): 0.95,
    ("fresh10", "en", "recall"): 0.95,
    ("fresh11", "all", "actor_precision"): 0.95,
    ("fresh11", "all", "kind_precision"): 0.90,
    ("fresh11", "all", "recall"): 0.85,
    ("fresh12", "all", "actor_precision"): 0.90,
    ("fresh12", "en", "recall"): 0.85,
    ("fresh13", "all", "actor_precision"): 0.90,
    ("fresh13", "all", "kind_precision"): 0.95,
    ("fresh13", "all", "recall"): 0.85,
    ("fresh14", "all", "actor_precision"): 0.95,
    ("fresh14", "all", "kind_precision"): 0.95,
    ("fresh14", "all", "recall"): 0.80,
    ("fresh15", "all", "actor_precision"): 0.80,
    ("fresh15", "all", "kind_precision"): 0.95,
    ("fresh15", "all", "recall"): 0.80,
    ("fresh16", "all", "actor_precision"): 0.90,
    ("fresh16", "all", "kind_precision"): 0.95,
    ("fresh16", "all", "recall"): 0.85,
    ("fresh17", "all", "actor_precision"): 0.85,
    ("fresh17", "all", "kind_precision"): 0.95,
    ("fresh17", "all", "recall"): 0.85,
    ("fresh18", "all", "actor_precision"): 0.95,
    ("fresh18", "all", "kind_precision"): 0.95,
    ("fresh18", "all", "recall"): 0.80,
    ("fresh19", "all", "actor_precision"): 0.95,
    ("fresh19", "all", "kind_precision"): 0.95,
    ("fresh19", "all", "recall"): 0.90,
    ("fresh20", "all", "actor_precision"): 0.95,
    ("fresh20", "all", "kind_precision"): 0.95,
    ("fresh20", "all", "recall"): 0.85,
    ("fresh21", "all", "actor_precision"): 0.95,
    ("fresh21", "all", "kind_precision"): 0.95,
    ("fresh21", "all", "recall"): 0.90,
    ("fresh22", "all", "actor_precision"): 0.80,
    ("fresh22", "all", "kind_precision"): 0.95,
    ("fresh22", "all", "recall"): 0.50,
}


@pytest.mark.parametrize(("split", "lang", "figure"), list(FLOORS))
def test_held_out_floors(figures, split, lang, figure):
    assert figures[split][lang][figure] >= FLOORS[split, lang, figure]


def test_dev_kinds(figures):
    assert figures["dev"]["all"]["kind_precision"] >= 0.95
    assert figures["dev"]["all"]["actor_precision"] >= 0.95


@pytest.fixture(scope="module")
def out_of_sample():
    """scripts/fit_actor_kinds.py: each split scored by a kind model fitted on the others (docs/actors.md)."""
    sys.path.insert(0, str(SCRIPT.parent))
    import fit_actor_kinds

    splits = fit_actor_kinds.FIT_ON
    return fit_actor_kinds.cross_validate(fit_actor_kinds.rows(fit_actor_kinds.actors_quality.GOLD, splits), splits)


def test_the_kind_model_beats_the_rules_out_of_sample(out_of_sample):
    for split, by_lang in out_of_sample.items():
        assert by_lang["all"]["model"] >= by_lang["all"]["rules"], split
    assert out_of_sample["pooled"]["all"]["model"] >= 0.89 and out_of_sample["pooled"]["en"]["model"] >= 0.84
    assert out_of_sample["fresh4"]["all"]["model"] >= 0.80  # the rules alone: 0.682


@pytest.mark.xfail(reason="issue 13 target not met on the newest fresh stories (towns and firms of unknown names)")
def test_held_out_kind_target(out_of_sample):
    for split in ("fresh5", "fresh6", "fresh7", "fresh8"):
        assert out_of_sample[split]["all"]["model"] >= 0.90, split
        assert out_of_sample[split]["en"]["model"] >= 0.90, split

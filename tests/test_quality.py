"""Quality of the story engine on ../shared/data (the measurements of scripts/quality.py).

The seeds' target (one story, no background article in it), the ECB+ target (BCubed F1 ≥ 0.93
on the fixed shuffle, seed 13) and the SemEval target (Pearson ≥ 0.75) are asserted as the issue
states them.  The pair models were fitted on these same files (docs/quality.md says so): these are
in-sample figures, the held-out checks are elsewhere.
"""

import importlib.util
from pathlib import Path

import pytest

from storyline import Options

pytestmark = pytest.mark.slow

_spec = importlib.util.spec_from_file_location(
    "quality", Path(__file__).resolve().parent.parent / "scripts" / "quality.py"
)
quality = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(quality)


def test_ecb_events(shared_data):
    scores = quality.ecb(shared_data, Options())
    assert scores["items"] == 772 and scores["missing"] == 0
    assert scores["bcubed_f1"] >= 0.93


def test_semeval_pairs(shared_data):
    scores = quality.semeval(shared_data, Options())
    assert scores["pairs"] == 376 and scores["pearson"] >= 0.75


def test_seeds_keep_background_out(shared_data):
    result = quality.seeds_with_background(shared_data, Options())
    assert result["background_in_seed_story"] == 0
    assert result["seed_stories"] == 1


def test_demo_summaries_against_the_references():
    """ROUGE of story summaries (scripts/summary_quality.py); no shared data needed.

    The floor sits just under the measured mean (docs/quality.md) so that a regression shows;
    beating random whole sentences and the lead-3 baseline is the real claim.
    """
    spec = importlib.util.spec_from_file_location(
        "summary_quality", Path(__file__).resolve().parent.parent / "scripts" / "summary_quality.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    results = module.evaluate_summaries()
    assert len(results["stories"]) == 4
    for row in results["stories"]:
        assert 3 <= row["sentences"] <= 5
    means = results["mean"]
    assert means["storyline"]["rouge1"] > means["random3"]["rouge1"]
    assert means["storyline"]["rouge2"] > means["random3"]["rouge2"]
    assert means["storyline"]["rouge1"] > means["lead3"]["rouge1"]
    assert means["storyline"]["rouge1"] >= 0.40

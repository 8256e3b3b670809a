"""Quality of the story engine on ../shared/data, out of sample (the measurements of scripts/quality.py).

Every figure asserted here comes from models fitted without the scored data (k-fold within the
corpus, or leave one corpus out), thresholds included.  The issue's targets are asserted where they
are met; where they are not, the test holds the measured level so that a regression shows, and
docs/quality.md says the target is missed.
"""

import importlib.util
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

_spec = importlib.util.spec_from_file_location(
    "quality", Path(__file__).resolve().parent.parent / "scripts" / "quality.py"
)
quality = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(quality)


@pytest.fixture(scope="module")
def results(shared_data):
    return quality.measure(shared_data, workers=2)


def _kfold(results, corpus, shape="as_is"):
    return results["corpora"][corpus]["kfold"][shape]


def _floor(results, corpus, shape="as_is"):
    return results["corpora"][corpus]["floor"][shape]


def test_german_pairs_reach_the_target_and_beat_the_floor_in_every_shape(results):
    assert _kfold(results, "semeval_de")["all"]["pearson"] >= 0.75
    for shape in quality.corpora.semeval_de().shapes:
        assert _kfold(results, "semeval_de", shape)["all"]["pearson"] >= _floor(results, "semeval_de", shape)["all"][
            "pearson"
        ], shape


def test_multilingual_pairs_reach_the_target(results):
    multi = _kfold(results, "semeval_multi")
    assert multi["all"]["pearson"] >= 0.65 and multi["mono"]["pearson"] >= 0.70
    assert multi["all"]["pearson"] > _floor(results, "semeval_multi")["all"]["pearson"]
    # the cross-lingual pairs apart: as given and lower-cased, at least plain TF-IDF
    for shape in ("as_is", "lower"):
        cross = _kfold(results, "semeval_multi", shape)["cross"]["pearson"]
        assert cross >= _floor(results, "semeval_multi", shape)["cross"]["pearson"], shape


def test_ecb_events_leave_topic_out(results):
    ecb = _kfold(results, "ecb")["event"]
    assert ecb["bcubed_f1"] >= 0.93
    assert ecb["bcubed_f1"] > _floor(results, "ecb")["event"]["bcubed_f1"]


def test_snippet_stream_stories(results):
    stories = _kfold(results, "mstream")["story"]
    assert stories["nmi"] >= 0.85
    assert stories["predicted_clusters"] <= 2 * stories["gold_clusters"]


def test_dated_streams_beat_the_floor_at_both_levels(results):
    for corpus in ("streams_en", "streams_multi", "demo"):
        scores = _kfold(results, corpus)
        for level in ("event", "story"):
            assert scores[level]["bcubed_f1"] >= _floor(results, corpus)[level]["bcubed_f1"] - 0.02, (corpus, level)
        assert scores["event"]["bcubed_f1"] >= 0.80 and scores["story"]["bcubed_f1"] >= 0.85, corpus


def test_seeds_keep_background_out(results):
    assert results["seeds"]["seed_stories"] == 1
    assert results["seeds"]["background_in_seed_story"] == 0


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

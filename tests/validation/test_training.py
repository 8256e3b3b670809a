"""The pair models' fit and the out-of-sample machinery, on the project's own demo corpus."""

import math

import pytest

from storyline.cluster.similarity import RESCALED, ROOTED, SIGNALS, Model
from storyline.validation import corpora
from storyline.validation.crossval import Workbench, fold_keys, k_fold
from storyline.validation.training import ROOTED_MODELS, decision_rows, fit_models

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def bench():
    demo = corpora.demo()
    small = corpora.ClusterCorpus(demo.name, demo.articles, demo.event, demo.story, ("as_is", "undated"))
    return Workbench([small], choice_limit=100)


def test_the_written_streams_and_the_demo_load_with_gold_levels():
    demo = corpora.demo()
    assert len(demo.articles) == 47 and set(demo.event) == set(demo.story) == {a.id for a in demo.articles}
    streams = corpora.streams()
    assert {s.name for s in streams} == {"streams_en", "streams_multi"}
    for stream in streams:
        events_of_story = {}
        for article in stream.articles:
            events_of_story.setdefault(stream.event[article.id], set()).add(stream.story[article.id])
        assert all(len(stories) == 1 for stories in events_of_story.values())  # an event lies in one story


def test_gold_replay_rows_hold_both_classes_and_missing_signals(bench):
    events, stories = bench.rows[("demo", "as_is")]
    assert events.model == "event" and stories.model == "story"
    assert 0 < sum(events.labels) < len(events.labels)
    days = SIGNALS.index("days_apart")
    undated_events, _ = bench.rows[("demo", "undated")]
    missing = sum(math.isnan(values[days]) for values in undated_events.values)
    assert missing > 0.8 * len(undated_events.values)  # a dateline in the text may still date one
    assert any(not math.isnan(values[days]) for values in events.values)


def test_fitted_models_have_a_dated_and_an_undated_part(bench):
    weights = fit_models(bench.training_rows())
    for name in ("event", "story"):
        entry = weights["models"][name]
        model = Model.from_dict(entry)
        assert entry["dated"]["rows"] > 0 and entry["undated"]["rows"] > 0
        assert 0 < model.threshold <= 1 and model.dated != model.undated
        # the model reads the cosines as it was fitted on them: square roots for the story model
        rooted = set(ROOTED) if name in ROOTED_MODELS else set()
        assert set(entry["dated"]["rooted"]) == set(entry["undated"]["rooted"]) == rooted
        assert {s for s, r in zip(SIGNALS, model.dated.rooted, strict=True) if r} == rooted
        # and dense cosines rescaled from their floor, in both models
        assert entry["dated"]["rescaled"] == entry["undated"]["rescaled"] == RESCALED
        assert model.dated.floors[SIGNALS.index("dense")] == RESCALED["dense"]


def test_folds_are_disjoint_and_keep_stories_together():
    demo = corpora.demo()
    folds = fold_keys(demo, 5)
    assert len(folds) == 5 and sum(len(f) for f in folds) == len(set(demo.story.values()))
    assert all(a.isdisjoint(b) for i, a in enumerate(folds) for b in folds[i + 1 :])


def test_k_fold_scores_every_article_with_a_model_that_did_not_see_its_story(bench):
    results = k_fold(bench, "demo", k=3)
    for shape in ("as_is", "undated"):
        assert results[shape]["event"]["items"] == 47 and results[shape]["story"]["missing"] == 0
        assert 0 < results[shape]["story"]["bcubed_f1"] <= 1


def test_a_held_out_fold_leaves_no_row_in_training(bench):
    fold = fold_keys(bench.corpus("demo"), 3)[0]
    rows = bench.training_rows(drop_folds={"demo": fold})
    assert rows and all(f not in fold for r in rows for f in r.folds)
    stream = bench.prepared[("demo", "as_is")]
    events, _ = decision_rows(bench.reshaped[("demo", "as_is")], "as_is", stream, bench.options)
    assert set(events.folds) <= set(bench.corpus("demo").story.values())

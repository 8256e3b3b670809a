"""Tests of storyline.evaluate: clustering scores, pair correlations, loaders and formatting."""

from __future__ import annotations

import json
import math
import random
from itertools import combinations
from pathlib import Path

import pytest

from storyline.errors import InputError
from storyline.evaluate import (
    cluster_scores,
    format_scores,
    load_assignments,
    load_pair_gold,
    load_pair_predictions,
    pair_scores,
)

GOLD = {"a": "x", "b": "x", "c": "y"}


def _reference_bcubed(gold: dict[str, str], predicted: dict[str, str]) -> tuple[float, float]:
    """Literal O(n²) BCubed of Amigó et al. (2009): per-item precision and recall, averaged over items."""
    items = list(gold)
    precision = recall = 0.0
    for item in items:
        same_predicted = [other for other in items if predicted[other] == predicted[item]]
        same_gold = [other for other in items if gold[other] == gold[item]]
        correct = [other for other in same_predicted if gold[other] == gold[item]]
        precision += len(correct) / len(same_predicted)
        recall += len(correct) / len(same_gold)
    return precision / len(items), recall / len(items)


def _reference_pairwise(gold: dict[str, str], predicted: dict[str, str]) -> tuple[int, int, int]:
    """(pairs together in both, pairs together in predicted, pairs together in gold), by enumeration."""
    both = pred = gld = 0
    for one, two in combinations(list(gold), 2):
        p = predicted[one] == predicted[two]
        g = gold[one] == gold[two]
        both += p and g
        pred += p
        gld += g
    return both, pred, gld


# --- cluster_scores -------------------------------------------------------------------------------------------------


def test_perfect_clustering_scores_one_everywhere() -> None:
    predicted = {"a": "7", "b": "7", "c": "8"}  # label names differ from gold's: only the partition matters
    scores = cluster_scores(GOLD, predicted)
    for key in (
        "bcubed_precision",
        "bcubed_recall",
        "bcubed_f1",
        "pairwise_precision",
        "pairwise_recall",
        "pairwise_f1",
        "nmi",
        "ari",
    ):
        assert scores[key] == pytest.approx(1.0), key
    assert (scores["items"], scores["gold_clusters"], scores["predicted_clusters"]) == (3, 2, 2)
    assert (scores["missing"], scores["extra"], scores["note"]) == (0, 0, "")


def test_all_in_one_cluster_known_bcubed() -> None:
    scores = cluster_scores(GOLD, {"a": "0", "b": "0", "c": "0"})
    assert scores["bcubed_precision"] == pytest.approx((2 / 3 * 2 + 1 / 3) / 3)  # 5/9
    assert scores["bcubed_recall"] == pytest.approx(1.0)
    assert scores["bcubed_f1"] == pytest.approx(2 * (5 / 9) / (5 / 9 + 1))
    # pairs: predicted {ab, ac, bc}, gold {ab}
    assert scores["pairwise_precision"] == pytest.approx(1 / 3)
    assert scores["pairwise_recall"] == pytest.approx(1.0)
    assert scores["pairwise_f1"] == pytest.approx(0.5)


def test_all_singletons_known_bcubed() -> None:
    scores = cluster_scores(GOLD, {"a": "1", "b": "2", "c": "3"})
    assert scores["bcubed_precision"] == pytest.approx(1.0)
    assert scores["bcubed_recall"] == pytest.approx((1 / 2 + 1 / 2 + 1) / 3)  # 2/3
    assert scores["bcubed_f1"] == pytest.approx(0.8)
    # no predicted pair: precision 1.0 by convention, recall 0 of the one gold pair
    assert scores["pairwise_precision"] == 1.0
    assert scores["pairwise_recall"] == 0.0
    assert scores["pairwise_f1"] == 0.0


def test_no_pairs_on_either_side_is_perfect_pairwise() -> None:
    scores = cluster_scores({"a": "1", "b": "2"}, {"a": "p", "b": "q"})
    assert (scores["pairwise_precision"], scores["pairwise_recall"], scores["pairwise_f1"]) == (1.0, 1.0, 1.0)


def test_pairwise_hand_computed() -> None:
    gold = {"a": "G1", "b": "G1", "c": "G1", "d": "G2", "e": "G2", "f": "G3"}
    predicted = {"a": "P1", "b": "P1", "c": "P2", "d": "P2", "e": "P2", "f": "P3"}
    # gold pairs: ab ac bc de = 4; predicted pairs: ab cd ce de = 4; shared: ab de = 2
    scores = cluster_scores(gold, predicted)
    assert scores["pairwise_precision"] == pytest.approx(0.5)
    assert scores["pairwise_recall"] == pytest.approx(0.5)
    assert scores["pairwise_f1"] == pytest.approx(0.5)
    # BCubed by hand: precision a,b 1; c,d,e 1/3, 2/3, 2/3; f 1 -> (1+1+1/3+2/3+2/3+1)/6
    assert scores["bcubed_precision"] == pytest.approx((1 + 1 + 1 / 3 + 2 / 3 + 2 / 3 + 1) / 6)
    # recall a,b 2/3; c 1/3; d,e 1; f 1
    assert scores["bcubed_recall"] == pytest.approx((2 / 3 + 2 / 3 + 1 / 3 + 1 + 1 + 1) / 6)


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("size", [1, 2, 5, 17, 60])
def test_bcubed_and_pairwise_match_slow_reference(seed: int, size: int) -> None:
    rng = random.Random(seed * 1000 + size)
    gold_k = rng.randint(1, size)
    predicted_k = rng.randint(1, size)
    ids = [f"doc{i}" for i in range(size)]
    gold = {item: f"g{rng.randrange(gold_k)}" for item in ids}
    predicted = {item: f"p{rng.randrange(predicted_k)}" for item in ids}

    scores = cluster_scores(gold, predicted)
    precision, recall = _reference_bcubed(gold, predicted)
    assert scores["bcubed_precision"] == pytest.approx(precision)
    assert scores["bcubed_recall"] == pytest.approx(recall)
    assert scores["bcubed_f1"] == pytest.approx(2 * precision * recall / (precision + recall))

    both, pred, gld = _reference_pairwise(gold, predicted)
    assert scores["pairwise_precision"] == pytest.approx(both / pred if pred else 1.0)
    assert scores["pairwise_recall"] == pytest.approx(both / gld if gld else 1.0)
    for key in ("nmi", "ari"):
        assert math.isfinite(scores[key])


def test_nmi_ari_identical_labelings() -> None:
    rng = random.Random(3)
    gold = {f"i{n}": str(rng.randrange(5)) for n in range(40)}
    scores = cluster_scores(gold, dict(gold))
    assert scores["nmi"] == pytest.approx(1.0)
    assert scores["ari"] == pytest.approx(1.0)
    assert isinstance(scores["nmi"], float) and isinstance(scores["ari"], float)


def test_missing_and_extra_are_counted_and_excluded() -> None:
    gold = {"a": "x", "b": "x", "c": "y", "d": "y"}
    predicted = {"a": "1", "b": "1", "c": "2", "z": "1", "w": "9"}
    scores = cluster_scores(gold, predicted)
    assert (scores["items"], scores["missing"], scores["extra"]) == (3, 1, 2)
    # on the intersection {a, b, c} the prediction is perfect
    assert scores["bcubed_f1"] == pytest.approx(1.0)
    assert scores["pairwise_f1"] == pytest.approx(1.0)


def test_disjoint_mappings_do_not_crash() -> None:
    scores = cluster_scores({"a": "x"}, {"b": "y"})
    assert (scores["items"], scores["missing"], scores["extra"]) == (0, 1, 1)
    assert scores["bcubed_f1"] == 0.0 and scores["nmi"] == 0.0
    assert scores["note"]
    empty = cluster_scores({}, {})
    assert empty["items"] == 0 and empty["note"]


def test_scores_are_json_serialisable() -> None:
    json.dumps(cluster_scores(GOLD, {"a": "0", "b": "0", "c": "1"}), allow_nan=False)
    json.dumps(pair_scores({"p": 1.0}, {"p": 0.5}), allow_nan=False)


# --- pair_scores ----------------------------------------------------------------------------------------------------


def test_pair_scores_sign_convention() -> None:
    gold = {"p1": 1.0, "p2": 2.0, "p3": 3.0, "p4": 4.0}
    predicted = {"p1": 0.9, "p2": 0.7, "p3": 0.2, "p4": 0.1}  # similarity falls as overall rises: good
    scores = pair_scores(gold, predicted)
    assert scores["pearson"] > 0.9
    assert scores["spearman"] == pytest.approx(1.0)
    assert scores["note"] == ""
    reversed_scores = pair_scores(gold, {key: -value for key, value in predicted.items()})
    assert reversed_scores["pearson"] < -0.9
    assert reversed_scores["spearman"] == pytest.approx(-1.0)


def test_pair_scores_counts_intersection() -> None:
    gold = {"p1": 1.0, "p2": 4.0, "p3": 2.5}
    predicted = {"p1": 0.8, "p2": 0.1, "q": 0.5}
    scores = pair_scores(gold, predicted)
    assert (scores["pairs"], scores["missing"], scores["extra"]) == (2, 1, 1)
    assert scores["pearson"] == pytest.approx(1.0)


@pytest.mark.parametrize(
    ("gold", "predicted", "fragment"),
    [
        ({"p1": 1.0, "p2": 3.0, "p3": 4.0}, {"p1": 0.5, "p2": 0.5, "p3": 0.5}, "predicted similarity is constant"),
        ({"p1": 2.0, "p2": 2.0}, {"p1": 0.1, "p2": 0.9}, "gold overall is constant"),
        ({"p1": 2.0}, {"p1": 0.1}, "only 1 pair"),
        ({}, {}, "only 0 pair"),
    ],
)
def test_pair_scores_undefined_correlation_is_zero_with_note(
    gold: dict[str, float], predicted: dict[str, float], fragment: str
) -> None:
    scores = pair_scores(gold, predicted)
    assert scores["pearson"] == 0.0 and scores["spearman"] == 0.0
    assert fragment in scores["note"]


# --- format_scores --------------------------------------------------------------------------------------------------


def test_format_scores_cluster_and_pair() -> None:
    text = format_scores(cluster_scores(GOLD, {"a": "0", "b": "0", "c": "0", "z": "1"}))
    assert "BCubed" in text and "P 0.5556" in text and "R 1.0000" in text
    assert "NMI" in text and "ARI" in text and "extra 1" in text
    assert len(text.splitlines()) == 4
    pair_text = format_scores(pair_scores({"p1": 1.0, "p2": 4.0}, {"p1": 0.5, "p2": 0.5}))
    assert "Pearson 0.0000" in pair_text and "note: predicted similarity is constant" in pair_text


# --- loaders --------------------------------------------------------------------------------------------------------


def _write(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_load_assignments_gold_and_predictions(tmp_path: Path) -> None:
    gold_path = _write(
        tmp_path / "gold.jsonl",
        [
            json.dumps({"id": "d1", "label": 3, "event": "e1", "story": "s1"}),
            "",
            json.dumps({"id": "d2", "label": "x", "event": "e1", "story": "s1"}),
        ],
    )
    assert load_assignments(gold_path, "label") == {"d1": "3", "d2": "x"}
    assert load_assignments(str(gold_path), "story") == {"d1": "s1", "d2": "s1"}
    predicted_path = _write(
        tmp_path / "pred.jsonl",
        [json.dumps({"id": "d1", "event": 10, "story": 4}), json.dumps({"id": "d2", "event": 11, "story": 4})],
    )
    assert load_assignments(predicted_path, "event") == {"d1": "10", "d2": "11"}


def test_load_pair_files(tmp_path: Path) -> None:
    gold_path = _write(
        tmp_path / "g.jsonl", [json.dumps({"id": "1_2", "overall": 1}), json.dumps({"id": "3_4", "overall": 3.5})]
    )
    pred_path = _write(tmp_path / "p.jsonl", [json.dumps({"id": "1_2", "similarity": 0.75})])
    assert load_pair_gold(gold_path) == {"1_2": 1.0, "3_4": 3.5}
    assert load_pair_predictions(pred_path) == {"1_2": 0.75}


@pytest.mark.parametrize(
    ("bad_line", "reason"),
    [
        ("{not json", "not valid JSON"),
        ("[1, 2]", "not a JSON object"),
        (json.dumps({"label": "x"}), "'id'"),
        (json.dumps({"id": "d9"}), "lacks 'label'"),
        (json.dumps({"id": "d9", "label": None}), "not a cluster label"),
        (json.dumps({"id": "d1", "label": "other"}), "repeated"),
    ],
)
def test_load_assignments_bad_rows_name_the_line(tmp_path: Path, bad_line: str, reason: str) -> None:
    path = _write(tmp_path / "bad.jsonl", [json.dumps({"id": "d1", "label": "x"}), "", bad_line])
    with pytest.raises(InputError) as caught:
        load_assignments(path, "label")
    assert caught.value.line == 3
    assert caught.value.source == str(path)
    assert reason in caught.value.reason
    assert f"{path}:3" in str(caught.value)


@pytest.mark.parametrize(
    "bad_row",
    [{"id": "p", "overall": "3"}, {"id": "p", "overall": True}, {"id": "p"}],
)
def test_load_pair_gold_bad_rows(tmp_path: Path, bad_row: dict[str, object]) -> None:
    path = _write(tmp_path / "g.jsonl", [json.dumps({"id": "ok", "overall": 2}), json.dumps(bad_row)])
    with pytest.raises(InputError) as caught:
        load_pair_gold(path)
    assert caught.value.line == 2


def test_load_pair_predictions_rejects_nan(tmp_path: Path) -> None:
    path = _write(tmp_path / "p.jsonl", ['{"id": "p", "similarity": NaN}'])
    with pytest.raises(InputError) as caught:
        load_pair_predictions(path)
    assert caught.value.line == 1 and "finite" in caught.value.reason


def test_loader_bad_encoding_and_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "latin.jsonl"
    path.write_bytes(b'{"id": "a", "label": "x"}\n{"id": "b", "label": "caf\xe9"}\n')
    with pytest.raises(InputError) as caught:
        load_assignments(path, "label")
    assert caught.value.line == 2
    with pytest.raises(InputError) as missing:
        load_assignments(tmp_path / "absent.jsonl", "label")
    assert missing.value.line is None and "cannot read" in missing.value.reason

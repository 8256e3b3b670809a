"""Evaluation of clusterings (events, stories) against gold labels, and of pair similarities against graded gold.

Everything here is a pure function over plain mappings keyed by item id, except the small JSONL loaders at the end.
Scores are computed on the ids present in both the gold and the predicted mapping; ``missing`` (gold ids without a
prediction) and ``extra`` (predicted ids without gold) are reported alongside so that a partial run is visible.

Clustering scores:

* BCubed precision / recall / F1 as defined by Amigó, Gonzalo, Artiles & Verdejo (2009), "A comparison of extrinsic
  clustering evaluation metrics based on formal constraints", computed in O(n) from the contingency counts;
* pairwise precision / recall / F1 over the unordered pairs of items put in one cluster;
* NMI (arithmetic normalisation) and ARI from scikit-learn.

Pair scores: Pearson and Spearman correlation between a predicted similarity and the *negated* gold ``overall``
grade (SemEval style: 1 = same story ... 4 = unrelated).

Summary scores: ROUGE-1, ROUGE-2 and ROUGE-L F1 (Lin 2004) over lower-cased word tokens (letters and digits of
any script, so German umlauts count; no stemming, no stop-word removal).
"""

from __future__ import annotations

import json
import math
import os
import re
import warnings
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from typing import Any

from scipy import stats
from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score

from .errors import InputError

__all__ = [
    "cluster_scores",
    "format_scores",
    "load_assignments",
    "load_pair_gold",
    "load_pair_predictions",
    "pair_scores",
    "rouge",
]


def _pairs(count: int) -> int:
    """Number of unordered pairs among ``count`` items, C(count, 2)."""
    return count * (count - 1) // 2


def _ratio(numerator: float, denominator: float, empty: float) -> float:
    """``numerator / denominator``, or ``empty`` when the denominator is zero."""
    return numerator / denominator if denominator else empty


def _f1(precision: float, recall: float) -> float:
    """Harmonic mean of precision and recall; 0.0 when both are zero."""
    total = precision + recall
    return 2.0 * precision * recall / total if total else 0.0


def cluster_scores(gold: Mapping[str, str], predicted: Mapping[str, str]) -> dict[str, Any]:
    """Score a predicted clustering (id -> cluster label) against a gold one on the ids both of them label.

    Pairwise conventions for empty pair sets: precision is 1.0 when no pair is predicted (no false positives),
    recall is 1.0 when the gold has no pair (nothing to find), so all-singletons against all-singletons is 1.0.
    When the two mappings share no id every score is 0.0 and ``note`` says why.

    >>> s = cluster_scores({"a": "x", "b": "x", "c": "y"}, {"a": "1", "b": "1", "c": "1", "d": "2"})
    >>> round(s["bcubed_precision"], 4), s["bcubed_recall"], s["pairwise_precision"], s["pairwise_recall"]
    (0.5556, 1.0, 0.3333333333333333, 1.0)
    >>> s["items"], s["gold_clusters"], s["predicted_clusters"], s["missing"], s["extra"]
    (3, 2, 1, 0, 1)
    """
    ids = sorted(gold.keys() & predicted.keys())
    missing = sum(1 for item in gold if item not in predicted)
    extra = sum(1 for item in predicted if item not in gold)
    gold_labels = [gold[item] for item in ids]
    predicted_labels = [predicted[item] for item in ids]
    n = len(ids)

    gold_sizes = Counter(gold_labels)
    predicted_sizes = Counter(predicted_labels)
    joint = Counter(zip(gold_labels, predicted_labels, strict=True))

    scores: dict[str, Any] = {
        "items": n,
        "gold_clusters": len(gold_sizes),
        "predicted_clusters": len(predicted_sizes),
        "missing": missing,
        "extra": extra,
        "note": "",
    }
    if n == 0:
        for name in ("bcubed", "pairwise"):
            for part in ("precision", "recall", "f1"):
                scores[f"{name}_{part}"] = 0.0
        scores["nmi"] = 0.0
        scores["ari"] = 0.0
        scores["note"] = "gold and predicted share no id; nothing to score"
        return scores

    # BCubed: an item in cell (g, p) of the contingency table has joint[g, p] correct neighbours (itself included)
    # out of |p| in its predicted cluster and |g| in its gold cluster; the cell's joint[g, p] items all score alike.
    precision_sum = 0.0
    recall_sum = 0.0
    for (gold_label, predicted_label), count in joint.items():
        precision_sum += count * count / predicted_sizes[predicted_label]
        recall_sum += count * count / gold_sizes[gold_label]
    bcubed_precision = precision_sum / n
    bcubed_recall = recall_sum / n

    # Pairwise: pairs sharing both clusters are exactly the pairs inside one contingency cell.
    together = sum(_pairs(count) for count in joint.values())
    predicted_pairs = sum(_pairs(count) for count in predicted_sizes.values())
    gold_pairs = sum(_pairs(count) for count in gold_sizes.values())
    pairwise_precision = _ratio(together, predicted_pairs, 1.0)
    pairwise_recall = _ratio(together, gold_pairs, 1.0)

    scores.update(
        bcubed_precision=bcubed_precision,
        bcubed_recall=bcubed_recall,
        bcubed_f1=_f1(bcubed_precision, bcubed_recall),
        pairwise_precision=pairwise_precision,
        pairwise_recall=pairwise_recall,
        pairwise_f1=_f1(pairwise_precision, pairwise_recall),
        nmi=float(normalized_mutual_info_score(gold_labels, predicted_labels, average_method="arithmetic")),
        ari=float(adjusted_rand_score(gold_labels, predicted_labels)),
    )
    return scores


_WORD = re.compile(r"\w+", re.UNICODE)


def rouge(candidate: str, reference: str) -> dict[str, float]:
    """ROUGE-1, ROUGE-2 and ROUGE-L F1 of ``candidate`` against one ``reference``.

    >>> scores = rouge("die Gewerkschaft streikt", "die Gewerkschaft streikt erneut")
    >>> round(scores["rouge1"], 3), round(scores["rouge2"], 3), round(scores["rougeL"], 3)
    (0.857, 0.8, 0.857)
    """
    cand = _WORD.findall(candidate.lower())
    ref = _WORD.findall(reference.lower())
    scores = {}
    for n in (1, 2):
        c = Counter(tuple(cand[i : i + n]) for i in range(len(cand) - n + 1))
        r = Counter(tuple(ref[i : i + n]) for i in range(len(ref) - n + 1))
        overlap = sum((c & r).values())
        scores[f"rouge{n}"] = _f1(_ratio(overlap, sum(c.values()), 0.0), _ratio(overlap, sum(r.values()), 0.0))
    lcs = _lcs(cand, ref)
    scores["rougeL"] = _f1(_ratio(lcs, len(cand), 0.0), _ratio(lcs, len(ref), 0.0))
    return scores


def _lcs(a: list[str], b: list[str]) -> int:
    """Length of the longest common subsequence (one row of the table at a time)."""
    previous = [0] * (len(b) + 1)
    for x in a:
        current = [0]
        for j, y in enumerate(b, start=1):
            current.append(previous[j - 1] + 1 if x == y else max(previous[j], current[j - 1]))
        previous = current
    return previous[-1]


def _correlation(method: Callable[..., Any], xs: list[float], ys: list[float]) -> float:
    """A scipy correlation coefficient as a plain float; NaN (undefined) becomes 0.0."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        value = float(method(xs, ys)[0])
    return value if math.isfinite(value) else 0.0


def pair_scores(gold: Mapping[str, float], predicted: Mapping[str, float]) -> dict[str, Any]:
    """Correlate predicted pair similarity with the negated gold ``overall`` grade (1 = same story ... 4 = unrelated).

    A good similarity is high where ``overall`` is low, so it correlates positively with ``-overall``.  Correlation is
    undefined with fewer than two pairs or a constant side; it is then reported as 0.0 and ``note`` says why.
    """
    ids = sorted(gold.keys() & predicted.keys())
    similarity = [float(predicted[item]) for item in ids]
    closeness = [-float(gold[item]) for item in ids]
    scores: dict[str, Any] = {
        "pairs": len(ids),
        "missing": sum(1 for item in gold if item not in predicted),
        "extra": sum(1 for item in predicted if item not in gold),
        "note": "",
    }
    reasons = []
    if len(ids) < 2:
        reasons.append(f"only {len(ids)} pair(s) in common")
    else:
        if len(set(similarity)) == 1:
            reasons.append("predicted similarity is constant")
        if len(set(closeness)) == 1:
            reasons.append("gold overall is constant")
    if reasons:
        scores.update(pearson=0.0, spearman=0.0, note="; ".join(reasons) + "; correlations undefined, reported as 0.0")
        return scores
    scores["pearson"] = _correlation(stats.pearsonr, similarity, closeness)
    scores["spearman"] = _correlation(stats.spearmanr, similarity, closeness)
    return scores


def format_scores(scores: Mapping[str, Any]) -> str:
    """Render a :func:`cluster_scores` or :func:`pair_scores` result as a few aligned lines for the terminal."""
    lines: list[str] = []
    if "bcubed_f1" in scores:
        lines.append(
            f"items {scores['items']}  (gold clusters {scores['gold_clusters']}, "
            f"predicted clusters {scores['predicted_clusters']}; missing {scores['missing']}, extra {scores['extra']})"
        )
        for label, name in (("BCubed", "bcubed"), ("pairwise", "pairwise")):
            lines.append(
                f"{label:<9} P {scores[f'{name}_precision']:.4f}  R {scores[f'{name}_recall']:.4f}  "
                f"F1 {scores[f'{name}_f1']:.4f}"
            )
        lines.append(f"{'NMI':<9} {scores['nmi']:.4f}   ARI {scores['ari']:.4f}")
    elif "pearson" in scores:
        lines.append(f"pairs {scores['pairs']}  (missing {scores['missing']}, extra {scores['extra']})")
        lines.append(f"Pearson {scores['pearson']:.4f}   Spearman {scores['spearman']:.4f}")
    else:
        lines.extend(
            f"{key}: {value:.4f}" if isinstance(value, float) else f"{key}: {value}"
            for key, value in scores.items()
            if key != "note"
        )
    if scores.get("note"):
        lines.append(f"note: {scores['note']}")
    return "\n".join(lines)


# --- loaders -------------------------------------------------------------------------------------------------------


def _rows(path: str | os.PathLike[str]) -> Iterator[tuple[int, dict[str, Any]]]:
    """Yield (line number, JSON object) for each non-blank line of a JSONL file; InputError on anything else."""
    source = os.fspath(path)
    try:
        handle = open(source, "rb")  # noqa: SIM115 - closed below; bytes so a decoding error has its line
    except OSError as error:
        raise InputError(f"cannot read file ({error.strerror or error})", source=source) from None
    with handle:
        for number, raw in enumerate(handle, start=1):
            try:
                line = raw.decode("utf-8-sig" if number == 1 else "utf-8")
            except UnicodeDecodeError:
                raise InputError("not UTF-8 text", source=source, line=number) from None
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as error:
                raise InputError(f"not valid JSON ({error.msg})", source=source, line=number) from None
            if not isinstance(row, dict):
                raise InputError("row is not a JSON object", source=source, line=number)
            yield number, row


def _row_id(row: Mapping[str, Any], source: str, number: int) -> str:
    """The row's ``id`` as a string (strings and integers accepted)."""
    value = row.get("id")
    if isinstance(value, bool) or not isinstance(value, str | int) or value == "":
        raise InputError("row lacks a string 'id'", source=source, line=number)
    return str(value)


def _load(
    path: str | os.PathLike[str], key: str, convert: Callable[[Any], Any | None], expected: str
) -> dict[str, Any]:
    """Map ``id`` -> ``convert(row[key])`` over a JSONL file; a repeated id must repeat the same value."""
    source = os.fspath(path)
    result: dict[str, Any] = {}
    for number, row in _rows(path):
        item = _row_id(row, source, number)
        if key not in row:
            raise InputError(f"row lacks {key!r}", source=source, line=number)
        value = convert(row[key])
        if value is None:
            raise InputError(f"{key!r} is not {expected}: {row[key]!r}", source=source, line=number)
        if item in result and result[item] != value:
            raise InputError(
                f"id {item!r} repeated with a different {key!r} ({result[item]!r} then {value!r})",
                source=source,
                line=number,
            )
        result[item] = value
    return result


def _as_label(value: Any) -> str | None:
    """A cluster label: any JSON scalar but null, as a string."""
    if value is None or isinstance(value, dict | list):
        return None
    return str(value)


def _as_number(value: Any) -> float | None:
    """A finite JSON number as a float."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    number = float(value)
    return number if math.isfinite(number) else None


def load_assignments(path: str | os.PathLike[str], key: str) -> dict[str, str]:
    """Read a JSONL file of rows ``{"id": ..., key: ...}`` (gold or predicted) into id -> cluster label."""
    return _load(path, key, _as_label, "a cluster label")


def load_pair_gold(path: str | os.PathLike[str]) -> dict[str, float]:
    """Read SemEval-style gold pair rows ``{"id": ..., "overall": 1..4}`` into id -> overall."""
    return _load(path, "overall", _as_number, "a finite number")


def load_pair_predictions(path: str | os.PathLike[str]) -> dict[str, float]:
    """Read predicted pair rows ``{"id": ..., "similarity": ...}`` into id -> similarity."""
    return _load(path, "similarity", _as_number, "a finite number")

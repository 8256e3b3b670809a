"""Measure the cleaner on the labelled line sets, and (with --fit) refit its line scorer.

    python scripts/cleaner_quality.py            # precision / recall of removed lines
    python scripts/cleaner_quality.py --fit      # refit weights on dev.jsonl, then measure

The scorer is fitted on ``tests/data/clean/dev.jsonl`` only; ``heldout.jsonl`` was written
separately (different outlets' wording) and is never used for fitting.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

from storyline import clean

DATA = Path(__file__).resolve().parent.parent / "tests" / "data" / "clean"
WEIGHTS = Path(clean.__file__).with_name("clean_weights.json")


def load(name: str) -> list[dict]:
    return [json.loads(line) for line in (DATA / name).open(encoding="utf-8") if line.strip()]


def measure(documents: list[dict]) -> dict[str, object]:
    tp = fp = fn = tn = 0
    missed: Counter[str] = Counter()
    wrongly: Counter[str] = Counter()
    for doc in documents:
        lines = [entry["text"] for entry in doc["lines"]]
        for entry, verdict in zip(doc["lines"], clean.classify_lines(lines), strict=True):
            if not entry["text"].strip():
                continue
            if entry["chrome"] and verdict.chrome:
                tp += 1
            elif entry["chrome"]:
                fn += 1
                missed[entry["kind"]] += 1
            elif verdict.chrome:
                fp += 1
                wrongly[entry["kind"]] += 1
            else:
                tn += 1
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "lines": tp + fp + fn + tn,
        "chrome": tp + fn,
        "precision": round(precision, 3),
        "recall": round(recall, 3),
        "f1": round(f1, 3),
        "kept_chrome_by_kind": dict(missed),
        "removed_content_by_kind": dict(wrongly),
    }


def fit(documents: list[dict]) -> None:
    from sklearn.linear_model import LogisticRegression

    rows, labels = [], []
    for doc in documents:
        lines = [entry["text"] for entry in doc["lines"]]
        rules = [clean.rule_for(line) for line in lines]
        context = clean._Context.of(lines, rules)
        decided = clean.classify_lines(lines)
        for i, entry in enumerate(doc["lines"]):
            if decided[i].reason != "scorer":
                continue  # the rules and the body test decide these; the scorer never sees them
            rows.append(clean.line_features(context, i))
            labels.append(1 if entry["chrome"] else 0)
    model = LogisticRegression(C=1.0, fit_intercept=False, max_iter=2000, class_weight=None)
    model.fit(rows, labels)
    weights = {name: round(float(w), 4) for name, w in zip(clean.FEATURES, model.coef_[0], strict=True)}
    # A news sentence lost is worse than a chrome line kept: demand 0.6 before removing.
    payload = {
        "note": f"fitted by scripts/cleaner_quality.py --fit on tests/data/clean/dev.jsonl ({len(rows)} lines "
        f"left to the scorer, {sum(labels)} of them chrome)",
        "threshold": 0.6,
        "weights": weights,
    }
    WEIGHTS.write_text(json.dumps(payload, indent=1) + "\n", encoding="utf-8")
    clean._weights.cache_clear()
    print(f"fitted on {len(rows)} lines ({sum(labels)} chrome): {weights}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--fit", action="store_true", help="refit the line scorer on dev.jsonl first")
    args = parser.parse_args()
    dev, heldout = load("dev.jsonl"), load("heldout.jsonl")
    if args.fit:
        fit(dev)
    for name, documents in (("dev", dev), ("heldout", heldout)):
        print(name, json.dumps(measure(documents), ensure_ascii=False))


if __name__ == "__main__":
    main()

"""Story summaries against reference summaries written for demo stories: ROUGE-1/2/L F1.

The demo corpus (``src/storyline/demo``) is ingested into a throw-away store with the story engine;
each reference story (``tests/data/demo_reference_summaries.jsonl``: gold story id, language, a
summary written by hand) is matched to the predicted story holding most of its gold articles, and
that story's summary (``storyline show``) is scored.  Two baselines on the same predicted story:
*lead-3* (the first three sentences of its earliest article in its main language) and *random-3*
(three whole sentences of its articles drawn with a fixed seed, mean of 20 draws).  The summariser's
parameters (λ = 0.7 for MMR, the lead bonus) were set by reading its output on the demo, not fitted
to these references.

    python scripts/summary_quality.py            # prints a Markdown table
"""

from __future__ import annotations

import json
import random
import sys
import tempfile
from collections import Counter
from pathlib import Path
from statistics import mean

REPO = Path(__file__).resolve().parent.parent
DEMO = REPO / "src" / "storyline" / "demo"
REFERENCES = REPO / "tests" / "data" / "demo_reference_summaries.jsonl"


def evaluate_summaries() -> dict[str, object]:
    """ROUGE of the summariser and two baselines per reference story, and their means."""
    from storyline import Storyline
    from storyline.digest import digest
    from storyline.digest.members import main_language, members_of
    from storyline.digest.summary import is_whole, sentences
    from storyline.evaluate import rouge

    gold = {}
    for row in map(json.loads, (DEMO / "gold.jsonl").open(encoding="utf-8")):
        gold[(row["file"], row["id"])] = row["story"]
    references = [json.loads(line) for line in REFERENCES.open(encoding="utf-8")]
    rows = []
    with tempfile.TemporaryDirectory() as tmp, Storyline(Path(tmp) / "demo.db") as tracker:
        tracker.ingest(DEMO / "articles")
        predicted_of: dict[str, Counter[str]] = {}
        for stored in tracker.stored():
            name = Path(stored.article.meta["path"]).name
            story = gold[(name, stored.article.id if name.endswith(".jsonl") else None)]
            predicted_of.setdefault(story, Counter())[stored.story or ""] += 1
        for reference in references:
            story_id = predicted_of[reference["story"]].most_common(1)[0][0]
            story = digest(tracker.store, story_id)
            members = members_of(tracker.store.members(story=story_id))
            lang = main_language(members)
            in_lang = [m for m in members if m.article.lang == lang]
            earliest = min(
                in_lang, key=lambda m: (m.published.start.toordinal() if m.published else 10**9, m.stored.seq)
            )
            lead = " ".join(sentences(earliest.article.text, lang)[:3])
            pool = [s for m in in_lang for s in sentences(m.article.text, lang) if is_whole(s)]
            draws = random.Random(7)
            random3 = [rouge(" ".join(draws.sample(pool, min(3, len(pool)))), reference["summary"]) for _ in range(20)]
            rows.append(
                {
                    "story": reference["story"],
                    "predicted": story_id,
                    "lang": reference["lang"],
                    "sentences": len(story.summary),
                    "storyline": rouge(" ".join(story.summary), reference["summary"]),
                    "lead3": rouge(lead, reference["summary"]),
                    "random3": {k: mean(r[k] for r in random3) for k in ("rouge1", "rouge2", "rougeL")},
                }
            )
    means = {
        system: {k: mean(r[system][k] for r in rows) for k in ("rouge1", "rouge2", "rougeL")}  # type: ignore[index]
        for system in ("storyline", "lead3", "random3")
    }
    return {"stories": rows, "mean": means}


def markdown(results: dict[str, object]) -> list[str]:
    """The docs/quality.md section."""
    lines = [
        "## Story summaries (ROUGE F1 against hand-written references, demo corpus)",
        "",
        "`python scripts/summary_quality.py`: four demo stories with a reference summary written for this project",
        "(`tests/data/demo_reference_summaries.jsonl`); each is matched to the predicted story holding most of its",
        "articles. Baselines on the same story: lead-3 (first three sentences of its earliest article) and",
        "random-3 (three whole sentences drawn at random, mean of 20 draws, seed 7).",
        "",
        "| story | lang | sentences | Storyline R-1 / R-2 / R-L | lead-3 R-1 / R-2 / R-L | random-3 R-1 / R-2 / R-L |",
        "|---|---|---:|---|---|---|",
    ]

    def triple(scores: dict[str, float]) -> str:
        return " / ".join(f"{scores[k]:.3f}" for k in ("rouge1", "rouge2", "rougeL"))

    for row in results["stories"]:  # type: ignore[attr-defined]
        lines.append(
            f"| {row['story']} ({row['predicted']}) | {row['lang']} | {row['sentences']} | {triple(row['storyline'])} |"
            f" {triple(row['lead3'])} | {triple(row['random3'])} |"
        )
    means = results["mean"]
    lines.append(
        f"| **mean** | | | **{triple(means['storyline'])}** | {triple(means['lead3'])} |"  # type: ignore[index]
        f" {triple(means['random3'])} |"  # type: ignore[index]
    )
    lines.append("")
    return lines


if __name__ == "__main__":
    sys.path.insert(0, str(REPO / "src"))
    result = evaluate_summaries()
    print(json.dumps(result, indent=1))
    print("\n".join(markdown(result)))

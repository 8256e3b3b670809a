"""Quality of the story engine on ../shared/data and the demo corpus; writes docs/quality.md.

    python scripts/quality.py [--data ../shared/data] [--out docs/quality.md]

1. Seeds: the five seed articles mixed with every German article of the SemEval dev pairs as
   background (each given a 2020 date): are the seeds one story, with no background in it?
2. ECB+ train+dev, event level, streamed in a shuffled order (seed 13), no number of clusters
   given: BCubed, pairwise, NMI, ARI.
3. SemEval German dev pairs: Pearson and Spearman of ``similarity`` against −overall.
4. The demo corpus against its gold events and stories.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections import Counter
from pathlib import Path

from storyline import Article, Options, read
from storyline.cluster.batch import cluster_stream, pair_similarities
from storyline.evaluate import cluster_scores, pair_scores

REPO = Path(__file__).resolve().parent.parent
TARGETS = {"ecb_bcubed_f1": 0.93, "semeval_pearson": 0.75}


def seeds_with_background(data: Path, options: Options) -> dict[str, object]:
    seeds = [a for a in read([data / "seeds"]) if isinstance(a, Article)]
    background = []
    for line in (data / "semeval_de_dev.jsonl").open(encoding="utf-8"):
        row = json.loads(line)
        for side in ("a", "b"):
            if row[side]["text"].strip():
                day = 1 + len(background) % 28
                background.append(
                    Article(
                        id=f"bg-{row['id']}-{side}",
                        title=row[side]["title"],
                        text=row[side]["text"],
                        published=f"2020-03-{day:02d}",
                        published_precision="day",
                        lang="de",
                    )
                )
    results = cluster_stream(seeds + background, options)
    story_of = {item.id: item.story for item in results}
    seed_stories = Counter(story_of[a.id] for a in seeds)
    main_story = seed_stories.most_common(1)[0][0]
    intruders = [item.id for item in results if item.story == main_story and item.id.startswith("bg-")]
    return {
        "seeds": len(seeds),
        "background": len(background),
        "seed_stories": len(seed_stories),
        "background_in_seed_story": len(intruders),
        "seed_events": len({i.event for i in results if i.id in {a.id for a in seeds}}),
    }


def ecb(data: Path, options: Options, seed: int = 13) -> dict[str, object]:
    rows = [json.loads(line) for line in (data / "ecbplus_train_dev.jsonl").open(encoding="utf-8")]
    random.Random(seed).shuffle(rows)
    articles = [Article(id=r["id"], title=r["title"], text=r["text"] or r["title"], lang=r.get("lang")) for r in rows]
    started = time.perf_counter()
    results = cluster_stream(articles, options)
    seconds = time.perf_counter() - started
    scores = cluster_scores({r["id"]: r["label"] for r in rows}, {i.id: i.event for i in results})
    return {**scores, "seconds": round(seconds, 1)}


def semeval(data: Path, options: Options) -> dict[str, object]:
    rows = [json.loads(line) for line in (data / "semeval_de_dev.jsonl").open(encoding="utf-8")]
    pairs = [
        (
            r["id"],
            Article(id=r["id"] + "/a", lang="de", **_fields(r["a"])),
            Article(id=r["id"] + "/b", lang="de", **_fields(r["b"])),
        )
        for r in rows
    ]
    scores = pair_similarities(pairs, options)
    return pair_scores(
        {r["id"]: float(r["overall"]) for r in rows}, {p[0]: s for p, s in zip(pairs, scores, strict=True)}
    )


def _fields(side: dict[str, str]) -> dict[str, str]:
    return {"title": side.get("title") or "", "text": side.get("text") or side.get("title") or ""}


def demo(options: Options) -> dict[str, dict[str, object]]:
    demo_dir = REPO / "src" / "storyline" / "demo"
    articles = [a for a in read([demo_dir / "articles"]) if isinstance(a, Article)]
    gold = {}
    for row in map(json.loads, (demo_dir / "gold.jsonl").open(encoding="utf-8")):
        gold[(row["file"], row["id"])] = row
    results = cluster_stream(articles, options)
    by_id = {a.id: a for a in articles}
    gold_event, gold_story, event, story = {}, {}, {}, {}
    for item in results:
        article = by_id[item.id]
        name = Path(article.meta["path"]).name
        row = gold[(name, item.id if name.endswith(".jsonl") else None)]
        gold_event[item.id], gold_story[item.id] = row["event"], row["story"]
        event[item.id], story[item.id] = item.event, item.story
    return {"event": cluster_scores(gold_event, event), "story": cluster_scores(gold_story, story)}


def _row(name: str, s: dict[str, object]) -> str:
    keys = ("bcubed_precision", "bcubed_recall", "bcubed_f1", "pairwise_f1", "nmi", "ari")
    return (
        f"| {name} | "
        + " | ".join(f"{s[k]:.3f}" for k in keys)
        + f" | {s['gold_clusters']} | {s['predicted_clusters']} |"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=REPO.parent / "shared" / "data")
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "quality.md")
    args = parser.parse_args()
    options = Options()
    results = {
        "seeds": seeds_with_background(args.data, options),
        "ecb": ecb(args.data, options),
        "semeval": semeval(args.data, options),
        "demo": demo(options),
    }
    other_orders = [float(ecb(args.data, options, seed=seed)["bcubed_f1"]) for seed in (1, 2, 3, 42)]
    results["ecb_other_orders"] = other_orders
    print(json.dumps(results, indent=1, default=str))
    seeds, ecb_scores, sem, dem = results["seeds"], results["ecb"], results["semeval"], results["demo"]
    lines = [
        "# Story engine quality",
        "",
        "Produced by `python scripts/quality.py` (figures below are from its last run; CI runs the same",
        "measurements in `tests/test_quality.py`). Data: `../shared/data` (third-party, read at run time) and the",
        "demo corpus written for this project. The event and story pair models were fitted by",
        "`scripts/fit_similarity.py` on ECB+ train+dev (article-versus-event decisions, shuffled with seed 7) and",
        "on the SemEval German dev pairs, i.e. on the same files measured here: these are in-sample figures (eight",
        "or nine weights per model, too few to memorise a corpus; the held-out checks will tell). Five-fold",
        "cross-validation of the story model on the 364 SemEval pairs with text (`scripts/fit_similarity.py --cv`)",
        "gives Pearson 0.768 with the headline-coverage signal and 0.739 without it. The decision threshold",
        "is the models' 0.5, not tuned on these figures. In SemEval, 13 article sides have no text and no title;",
        "such a pair gets the mean score of the comparable pairs (no evidence either way).",
        "",
        "## Seeds with background (`seeds/` + every German SemEval dev article dated 2020)",
        "",
        f"- seed articles: {seeds['seeds']}, background articles: {seeds['background']}",
        f"- stories the seeds fall into: **{seeds['seed_stories']}** (target 1); events: {seeds['seed_events']}",
        f"- background articles in the seeds' main story: **{seeds['background_in_seed_story']}** (target 0)",
        "",
        "## Clustering",
        "",
        "| set | BCubed P | BCubed R | BCubed F1 | pairwise F1 | NMI | ARI | gold clusters | predicted |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
        _row("ECB+ train+dev, events, shuffled (seed 13)", ecb_scores),
        _row("demo corpus, events", dem["event"]),
        _row("demo corpus, stories", dem["story"]),
        "",
        f"Target for ECB+: BCubed F1 ≥ {TARGETS['ecb_bcubed_f1']}. ECB+ run time: {ecb_scores['seconds']} s for "
        f"{ecb_scores['items']} articles. The order matters for an online clusterer: over four other shuffles "
        f"(seeds 1, 2, 3, 42) BCubed F1 is {min(other_orders):.3f}–{max(other_orders):.3f} "
        f"(mean {sum(other_orders) / len(other_orders):.3f}).",
        "",
        "## Pair similarity (SemEval-2022 Task 8, German–German dev pairs)",
        "",
        f"- pairs: {sem['pairs']}; Pearson(similarity, −overall) = **{sem['pearson']:.3f}**, "
        f"Spearman = {sem['spearman']:.3f} (target Pearson ≥ {TARGETS['semeval_pearson']})",
        "",
    ]
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from summary_quality import evaluate_summaries, markdown

    summaries = evaluate_summaries()
    print(json.dumps(summaries["mean"], indent=1))
    lines += markdown(summaries)
    args.out.write_text("\n".join(lines), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())

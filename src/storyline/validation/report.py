"""The quality report: every labelled corpus in every shape, out of sample, beside the floor.

:func:`evaluate` runs, on one :class:`~storyline.validation.crossval.Workbench`:

* k-fold within each corpus (k = 5; the other corpora and the other folds train) — the figure
  that stands for "news of this kind we have not seen";
* leave one corpus out (only the other corpora train) — the strict figure;
* the plain lemma TF-IDF floor on the same input in the same shape.

The tasks are independent and run in worker processes (forked, sharing the analysed corpora).
:func:`markdown` renders the tables of ``docs/quality.md``.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable
from typing import Any

from .corpora import ClusterCorpus, PairCorpus
from .crossval import Workbench, k_fold, leave_one_corpus_out_of
from .floor import floor

FOLDS = 5

_BENCH: Workbench | None = None  # the workbench the forked workers share


def evaluate(bench: Workbench, workers: int = 2, progress: Callable[[str], None] | None = None) -> dict[str, Any]:
    """k-fold, leave-one-corpus-out and floor figures of every corpus in every shape."""
    global _BENCH
    tasks = [(kind, name) for name in bench.names() for kind in ("kfold", "loco", "floor")]
    _BENCH = bench
    results: dict[str, Any] = {name: {} for name in bench.names()}
    try:
        if workers > 1 and "fork" in multiprocessing.get_all_start_methods():
            with multiprocessing.get_context("fork").Pool(workers) as pool:
                for (kind, name), value in zip(tasks, pool.imap(_run, tasks), strict=True):
                    results[name][kind] = value
                    if progress:
                        progress(f"{kind} {name} done")
        else:
            for kind, name in tasks:
                results[name][kind] = _run((kind, name))
                if progress:
                    progress(f"{kind} {name} done")
    finally:
        _BENCH = None
    return results


def _run(task: tuple[str, str]) -> Any:
    kind, name = task
    bench = _BENCH
    assert bench is not None
    if kind == "kfold":
        return k_fold(bench, name, FOLDS)
    if kind == "loco":
        return leave_one_corpus_out_of(bench, name)
    corpus = bench.corpus(name)
    figures: dict[str, Any] = {}
    for shape in corpus.shapes:
        shaped = bench.reshaped[(name, shape)]
        if isinstance(shaped, PairCorpus):
            parts = ("all", "mono", "cross") if any(p.cross_lingual for p in shaped.pairs) else ("all",)
            figures[shape] = {part: floor(shaped, part=part) for part in parts}
        else:
            assert isinstance(shaped, ClusterCorpus)
            event = floor(shaped, level="event")
            story = event if shaped.event is shaped.story else floor(shaped, level="story")
            figures[shape] = {"event": event, "story": story}
    return figures


def markdown(results: dict[str, Any], bench: Workbench) -> list[str]:
    """The tables: pair sets (Pearson), then cluster sets (BCubed F1, NMI, clusters)."""
    lines = [
        "| pair set | shape | pairs | k-fold Pearson | leave-corpus-out | TF-IDF floor | k-fold ≥ floor |",
        "|---|---|---:|---:|---:|---:|:---:|",
    ]
    for name in bench.names():
        corpus = bench.corpus(name)
        if not isinstance(corpus, PairCorpus):
            continue
        for shape in corpus.shapes:
            kfold, loco = results[name]["kfold"][shape], results[name]["loco"][shape]
            base = results[name]["floor"][shape]
            for part in ("all", "mono", "cross") if "cross" in kfold else ("all",):
                if part not in kfold:
                    continue
                label = name if part == "all" else f"{name} ({part}-lingual)"
                floor_value = base.get(part, {}).get("pearson") if base.get(part) else None
                lines.append(
                    f"| {label} | {shape} | {kfold[part]['pairs']} | **{kfold[part]['pearson']:.3f}** | "
                    f"{loco[part]['pearson']:.3f} | {_num(floor_value)} | "
                    f"{_mark(kfold[part]['pearson'], floor_value)} |"
                )
    lines += [
        "",
        "| cluster set | shape | level | k-fold BCubed F1 | NMI | clusters (gold) | leave-corpus-out F1 | "
        "TF-IDF floor F1 (NMI, clusters) | k-fold ≥ floor |",
        "|---|---|---|---:|---:|---:|---:|---:|:---:|",
    ]
    for name in bench.names():
        corpus = bench.corpus(name)
        if not isinstance(corpus, ClusterCorpus):
            continue
        for shape in corpus.shapes:
            for level in ("event", "story"):
                kfold = results[name]["kfold"][shape][level]
                loco = results[name]["loco"][shape][level]
                gold_level = level if level in corpus.levels else corpus.levels[0]
                # a level the corpus has no labels for is scored against the other, for a view only
                base = results[name]["floor"][shape].get(gold_level) if level in corpus.levels else None
                note = "" if level in corpus.levels else f" (vs {gold_level} labels, a view)"
                floor_text = f"{base['bcubed_f1']:.3f} ({base['nmi']:.3f}, {base['clusters']})" if base else "—"
                lines.append(
                    f"| {name} | {shape} | {level}{note} | **{kfold['bcubed_f1']:.3f}** | {kfold['nmi']:.3f} | "
                    f"{kfold['predicted_clusters']} ({kfold['gold_clusters']}) | {loco['bcubed_f1']:.3f} | "
                    f"{floor_text} | {_mark(kfold['bcubed_f1'], base['bcubed_f1'] if base else None)} |"
                )
    return lines


def _num(value: float | None) -> str:
    return "—" if value is None else f"{value:.3f}"


def _mark(value: float, floor_value: float | None) -> str:
    if floor_value is None:
        return "—"
    return "yes" if value >= floor_value else "**no**"

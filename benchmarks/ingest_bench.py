"""Ingest throughput benchmark: articles/s and peak memory of ``storyline ingest``.

Builds a corpus of ``--n`` articles (default 20,000) in a temporary directory from the shared
data (``<repo>/../shared/data``: ``seeds/*.txt``, ``ecbplus_train_dev.jsonl`` and both sides of
``semeval_de_dev.jsonl``: 1,529 rows, 1,467 with text), repeated with new ids and a small
deterministic change per copy (one sentence dropped or one appended) and ``published`` dates
shifted week by week in mixed formats.  It is written in two shapes, one JSONL file and a
directory of plain-text files (some with a `` date YYYY-MM-DD `` marker), and each is ingested
by ``storyline ingest INPUT --db FRESH.db`` in a child process, timed by wall clock.

Memory is measured two ways: ``ru_maxrss`` of the child from ``os.wait4`` (the largest single
process of the child's tree: the CLI process or one of its worker processes), and the sum of
RSS / PSS over the whole process tree, sampled from ``/proc`` every ``--sample`` seconds
(PSS counts pages shared between the forked workers once).

With ``--split`` (on by default) every shape is ingested a second time in a child process that
runs the same reader and :class:`~storyline.pipeline.Pipeline` as the CLI and notes the time
after every batch, to give the time per 1,000 articles in the first and the last 20 % of the
stream.  ``--profile DIR`` also writes cProfile output for the JSONL shape and prints the top
entries (the CLI's main process, and the per-article stages run in-process with one worker).

With ``--splice`` the later copies of a text are not perturbed copies but splices of the openings
of three texts of the same collection, so the copy detector finds hardly any: the worst case for
the story engine, where every article pays for features and a scored decision.

Shared texts are only ever copied into the temporary directory, never into the repository.

Usage::

    python benchmarks/ingest_bench.py                       # n = 20,000, Markdown table
    python benchmarks/ingest_bench.py --n 5000 --out bench.json
    python benchmarks/ingest_bench.py --data /path/to/shared/data --no-split --profile /tmp/prof
    python benchmarks/ingest_bench.py --n 100000 --events --shapes jsonl            # issue 3's stream
    python benchmarks/ingest_bench.py --n 100000 --events --shapes jsonl --splice   # hardly any copies
"""

from __future__ import annotations

import argparse
import email.utils
import json
import os
import platform
import random
import re
import shutil
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_DATA = REPO.parent / "shared" / "data"
TARGET_PER_S = 1500  # issue 2: read, clean, date, copies, store (--no-events)
TARGET_EVENTS_PER_S = 1000  # issue 3: the same with the story engine (--events)
START = datetime(2016, 1, 4, 9, 30, tzinfo=timezone(timedelta(hours=1)))
_MARKER = re.compile(r"^\s*date\s+\d{4}-\d{1,2}(?:-\d{1,2})?\s+")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
_COUNTS = re.compile(r"read (\d+) · stored (\d+) · already stored (\d+) · duplicates (\d+) · rejected (\d+)")


@dataclass(frozen=True)
class Base:
    """One distinct article of the shared data."""

    key: str
    title: str | None
    text: str


# --------------------------------------------------------------------------- corpus


def load_bases(data: Path) -> list[Base]:
    """The distinct articles of the shared data, in a fixed order."""
    bases: list[Base] = []
    for path in sorted((data / "seeds").glob("*.txt")):
        text = _MARKER.sub("", path.read_text(encoding="utf-8"), count=1)
        bases.append(Base(f"seed{path.stem[:3]}", None, text))
    with open(data / "ecbplus_train_dev.jsonl", encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                row = json.loads(line)
                bases.append(Base(f"ecb{row['id']}", row.get("title"), row["text"]))
    with open(data / "semeval_de_dev.jsonl", encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                row = json.loads(line)
                for side in ("a", "b"):
                    bases.append(Base(f"se{row['id']}{side}", row[side].get("title"), row[side]["text"]))
    return [base for base in bases if base.text.strip()]  # 62 rows have no text (title only)


def perturb(text: str, copy: int, rng: random.Random) -> str:
    """Copy 0 unchanged; later copies lose one sentence or gain one, so copies differ byte-wise."""
    if copy == 0:
        return text
    parts = _SENTENCE_END.split(text)
    if len(parts) >= 4 and rng.random() < 0.5:
        del parts[rng.randrange(1, len(parts))]
        return " ".join(parts)
    return f"{text.rstrip()} (Update {copy}: report revised.)"


_SPLICE_STEPS = (1, 7919, 104_729)  # one step per part: two articles hardly ever share two parts
_SPLICE_WORDS = 60  # about this many words from each part, whole sentences


def spliced(bases: list[Base], kin: dict[str, list[int]], index: int, copy: int) -> str:
    """Copy 0 unchanged; a later copy joins the opening sentences (about 60 words each) of three
    bases of the same collection, chosen by the copy number, so that it is no near-duplicate of
    anything earlier: every article then pays for features and a scored engine decision."""
    base = bases[index]
    if copy == 0:
        return base.text
    family = kin[base.key[:2]]
    position = family.index(index)
    parts = []
    for step in _SPLICE_STEPS:
        sentences, words = [], 0
        for sentence in _SENTENCE_END.split(bases[family[(position + step * copy) % len(family)]].text):
            sentences.append(sentence)
            words += len(sentence.split())
            if words >= _SPLICE_WORDS:
                break
        parts.append(" ".join(sentences))
    return "\n\n".join(parts)


def published(seq: int, copy: int, index: int) -> tuple[str, datetime]:
    """A date one week later per copy, in one of several formats (ISO day/minute, month, RFC 2822)."""
    when = START + timedelta(weeks=copy, days=index % 7)
    kind = seq % 10
    if kind < 6:
        return when.strftime("%Y-%m-%d"), when
    if kind < 8:
        return when.isoformat(timespec="seconds"), when
    if kind == 8:
        return when.strftime("%Y-%m"), when
    return email.utils.format_datetime(when), when


def build_corpus(
    bases: list[Base], n: int, root: Path, seed: int, splice: bool = False, text_files: bool = True
) -> tuple[Path, Path, int]:
    """Write ``n`` articles as ``root/articles.jsonl`` and (``text_files``) ``root/text/*.txt``; returns
    both and the bytes.

    Later copies of a base are lightly perturbed (``perturb``: near-duplicates, as wire copies
    are), or with ``splice`` spliced from three bases (``spliced``: hardly any near-duplicates).
    """
    rng = random.Random(seed)
    kin: dict[str, list[int]] = {}  # the bases of each collection (seeds, ECB+, SemEval)
    for i, base in enumerate(bases):
        kin.setdefault(base.key[:2], []).append(i)
    jsonl_path = root / "articles.jsonl"
    text_dir = root / "text"
    text_dir.mkdir()
    size = 0
    with open(jsonl_path, "w", encoding="utf-8") as out:
        for seq in range(n):
            copy, index = divmod(seq, len(bases))
            base = bases[index]
            text = spliced(bases, kin, index, copy) if splice else perturb(base.text, copy, rng)
            date_string, when = published(seq, copy, index)
            record = {
                "id": f"bench-{copy:03d}-{base.key}",
                "title": base.title,
                "text": text,
                "published": date_string,
                "source": f"bench-{base.key[:3]}",
            }
            line = json.dumps(record, ensure_ascii=False) + "\n"
            out.write(line)
            size += len(line.encode("utf-8"))
            body = f"{base.title}\n\n{text}" if base.title else text
            if seq % 2 == 0:  # half the text files carry a date marker, the others are dated by their text
                body = f" date {when:%Y-%m-%d} {body}"
            if text_files:
                (text_dir / f"{seq:06d}_{base.key}.txt").write_text(body, encoding="utf-8")
    return jsonl_path, text_dir, size


# --------------------------------------------------------------------------- measuring


def _tree(pid: int) -> list[int]:
    pids, todo = [], [pid]
    while todo:
        current = todo.pop()
        pids.append(current)
        try:
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children") as handle:
                    todo.extend(int(child) for child in handle.read().split())
        except OSError:
            continue
    return pids


def _memory_kb(pid: int) -> tuple[int, int]:
    """(RSS, PSS) of one process in kB, 0 if it is gone."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as handle:
            values = dict(line.split(":", 1) for line in handle if line.startswith(("Rss:", "Pss:")))
        return int(values["Rss"].split()[0]), int(values["Pss"].split()[0])
    except (OSError, KeyError, ValueError):
        return 0, 0


class TreeSampler(threading.Thread):
    """Samples the summed RSS and PSS of a process tree until stopped; keeps the peaks."""

    def __init__(self, pid: int, interval: float) -> None:
        super().__init__(daemon=True)
        self.pid, self.interval = pid, interval
        self.peak_rss_kb = self.peak_pss_kb = self.peak_processes = 0
        self._stop_event = threading.Event()

    def run(self) -> None:
        while not self._stop_event.is_set():
            pids = _tree(self.pid)
            totals = [_memory_kb(pid) for pid in pids]
            self.peak_rss_kb = max(self.peak_rss_kb, sum(rss for rss, _ in totals))
            self.peak_pss_kb = max(self.peak_pss_kb, sum(pss for _, pss in totals))
            self.peak_processes = max(self.peak_processes, sum(1 for rss, _ in totals if rss))
            self._stop_event.wait(self.interval)

    def stop(self) -> None:
        self._stop_event.set()
        self.join()


def run_measured(command: list[str], workdir: Path, interval: float) -> dict[str, object]:
    """Run ``command``; wall time, exit code, output and peak memory of the child and its tree."""
    env = {**os.environ, "COLUMNS": "400"}  # keep rich from wrapping the one-line report
    with open(workdir / "stdout.txt", "wb") as stdout, open(workdir / "stderr.txt", "wb") as stderr:
        started = time.perf_counter()
        process = subprocess.Popen(command, stdout=stdout, stderr=stderr, env=env)
        sampler = TreeSampler(process.pid, interval)
        sampler.start()
        # wait4 on this pid gives this child's own rusage (max RSS over it and its reaped
        # descendants) rather than the max over every child this benchmark ever ran.
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        sampler.stop()
        process.returncode = os.waitstatus_to_exitcode(status)
    return {
        "seconds": seconds,
        "exit_code": process.returncode,
        "stdout": (workdir / "stdout.txt").read_text(encoding="utf-8", errors="replace"),
        "stderr": (workdir / "stderr.txt").read_text(encoding="utf-8", errors="replace"),
        "max_rss_one_process_mb": usage.ru_maxrss / 1024,
        "peak_tree_rss_mb": sampler.peak_rss_kb / 1024,
        "peak_tree_pss_mb": sampler.peak_pss_kb / 1024,
        "processes": sampler.peak_processes,
        "cpu_seconds_user": usage.ru_utime,
        "cpu_seconds_system": usage.ru_stime,
    }


def storyline_command() -> list[str]:
    script = Path(sys.executable).with_name("storyline")
    return [str(script)] if script.exists() else [sys.executable, "-m", "storyline.cli"]


def bench_cli(
    shape: str, source: Path, n: int, workdir: Path, interval: float, events: bool, extra: tuple[str, ...] = ()
) -> dict[str, object]:
    run_dir = workdir / f"run-{shape}"
    run_dir.mkdir()
    db = run_dir / "bench.db"
    flag = "--events" if events else "--no-events"
    command = [*storyline_command(), "ingest", str(source), "--db", str(db), flag, *extra]
    result = run_measured(command, run_dir, interval)
    if result["exit_code"] not in (0, 2):  # 2: some records were rejected
        raise SystemExit(f"ingest of {shape} failed ({result['exit_code']}):\n{result['stderr'][-2000:]}")
    match = _COUNTS.search(" ".join(str(result["stdout"]).split()))
    if match is None:
        raise SystemExit(f"cannot read the ingest report from:\n{result['stdout']}")
    read, stored, already, duplicates, rejected = map(int, match.groups())
    seconds = float(result["seconds"])  # type: ignore[arg-type]
    return {
        "shape": shape,
        "input": str(source),
        "n": n,
        "read": read,
        "stored": stored,
        "already_stored": already,
        "duplicates": duplicates,
        "rejected": rejected,
        "seconds": round(seconds, 3),
        "articles_per_s": round(read / seconds, 1),
        "db_mb": round(db.stat().st_size / 2**20, 1),
        **{
            key: round(value, 1) if isinstance(value, float) else value
            for key, value in result.items()
            if key not in ("stdout", "stderr", "seconds", "exit_code")
        },
    }


_SPLIT_CHILD = textwrap.dedent("""
    import json, sys, time
    from storyline.ingest import read
    from storyline.model import IngestReport
    from storyline.options import Options
    from storyline.pipeline import Pipeline
    from storyline.store import open_store

    source, db, events = sys.argv[1], sys.argv[2], sys.argv[3] == "1"
    options = Options(events=events)
    marks = []
    started = time.perf_counter()
    with open_store(db) as store, Pipeline(store, options) as pipeline:
        report = pipeline.ingest(read([source], "auto", options), IngestReport(),
                                 lambda r: marks.append((time.perf_counter() - started, r.read)))
    marks.append((time.perf_counter() - started, report.read))
    print(json.dumps({"marks": marks}))
""")


def bench_split(shape: str, source: Path, workdir: Path, events: bool) -> dict[str, object]:
    """Seconds per 1,000 articles over the first and the last 20 % (and 10 %) of the stream (batch granularity)."""
    run_dir = workdir / f"split-{shape}"
    run_dir.mkdir()
    done = subprocess.run(
        [sys.executable, "-c", _SPLIT_CHILD, str(source), str(run_dir / "bench.db"), "1" if events else "0"],
        capture_output=True,
        text=True,
        check=True,
    )
    marks: list[tuple[float, int]] = [(0.0, 0), *json.loads(done.stdout.strip().splitlines()[-1])["marks"]]
    total_time, total = marks[-1]
    result: dict[str, object] = {}
    for share in (20, 10):
        first_t, first_n = next((t, r) for t, r in marks if r >= share / 100 * total)
        last_start_t, last_start_n = [(t, r) for t, r in marks if r <= (1 - share / 100) * total][-1]
        result[f"first_{share}pct_s_per_1k"] = round(first_t / first_n * 1000, 3)
        result[f"last_{share}pct_s_per_1k"] = round((total_time - last_start_t) / (total - last_start_n) * 1000, 3)
    # the last progress mark before the end comes after the last batch: what follows is the input's end
    # publish (every story touched since it was last published), a one-off cost of the stories' size
    last_batch_t = marks[-3][0] if len(marks) >= 3 else total_time
    result["end_publish_s"] = round(total_time - last_batch_t, 1)
    start_t, start_n = [(t, r) for t, r in marks if r <= 0.9 * total][-1]
    result["last_10pct_s_per_1k_before_end_publish"] = round((last_batch_t - start_t) / (total - start_n) * 1000, 3)
    result["in_process_articles_per_s"] = round(total / total_time, 1)
    return result


# --------------------------------------------------------------------------- profiling

_PROFILE_INPROCESS = textwrap.dedent("""
    import cProfile, sys
    from storyline.ingest import read
    from storyline.options import Options
    from storyline.pipeline import Pipeline
    from storyline.store import open_store

    source, db, out = sys.argv[1], sys.argv[2], sys.argv[3]
    options = Options(workers=1)
    with open_store(db) as store, Pipeline(store, options) as pipeline:
        cProfile.run("pipeline.ingest(read([source], 'auto', options))", out)
""")


def profile(source: Path, out_dir: Path, workdir: Path, top: int) -> None:
    """cProfile the CLI (main process only) and the whole pipeline in one process; print the top entries."""
    import pstats

    out_dir.mkdir(parents=True, exist_ok=True)
    cli_prof, inproc_prof = out_dir / "cli_main.prof", out_dir / "inprocess_1worker.prof"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "cProfile",
            "-o",
            str(cli_prof),
            "-m",
            "storyline.cli",
            "ingest",
            str(source),
            "--db",
            str(workdir / "profile-cli.db"),
        ],
        capture_output=True,
        check=False,
    )
    subprocess.run(
        [sys.executable, "-c", _PROFILE_INPROCESS, str(source), str(workdir / "profile-inproc.db"), str(inproc_prof)],
        capture_output=True,
        check=True,
    )
    for title, path in (
        ("CLI main process (workers not profiled)", cli_prof),
        ("whole pipeline in one process (Options(workers=1))", inproc_prof),
    ):
        for order in ("cumulative", "tottime"):
            print(f"\n### Profile: {title}, by {order} ({path})\n")
            pstats.Stats(str(path)).sort_stats(order).print_stats(top)


# --------------------------------------------------------------------------- report


def machine_info() -> dict[str, object]:
    cpu = "unknown"
    with open("/proc/cpuinfo") as handle:
        for line in handle:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    with open("/proc/meminfo") as handle:
        mem_kb = next(int(line.split()[1]) for line in handle if line.startswith("MemTotal:"))
    try:
        commit = (
            subprocess.run(
                ["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=False
            ).stdout.strip()
            or None
        )
    except OSError:
        commit = None
    return {
        "nproc": os.cpu_count(),
        "usable_cpus": len(os.sched_getaffinity(0)),
        "cpu_model": cpu,
        "ram_gb": round(mem_kb / 2**20, 1),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "git_commit": commit,
    }


def markdown(results: list[dict[str, object]]) -> str:
    columns = [
        ("shape", "input"),
        ("read", "read"),
        ("stored", "stored"),
        ("duplicates", "duplicates"),
        ("rejected", "rejected"),
        ("seconds", "wall s"),
        ("articles_per_s", "articles/s"),
        ("max_rss_one_process_mb", "peak RSS one process MB"),
        ("peak_tree_rss_mb", "peak RSS tree MB"),
        ("peak_tree_pss_mb", "peak PSS tree MB"),
        ("processes", "processes"),
        ("first_20pct_s_per_1k", "s/1k first 20%"),
        ("last_20pct_s_per_1k", "s/1k last 20%"),
        ("first_10pct_s_per_1k", "s/1k first 10%"),
        ("last_10pct_s_per_1k", "s/1k last 10%"),
        ("last_10pct_s_per_1k_before_end_publish", "s/1k last 10% before end publish"),
        ("end_publish_s", "end publish s"),
    ]
    lines = ["| " + " | ".join(label for _, label in columns) + " |", "|" + "---|" * len(columns)]
    for row in results:
        lines.append("| " + " | ".join(str(row.get(key, "—")) for key, _ in columns) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--n", type=int, default=20_000, help="articles per input shape (default 20000)")
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help=f"shared data folder (default {DEFAULT_DATA})")
    parser.add_argument("--out", type=Path, help="also write the results as JSON here")
    parser.add_argument("--seed", type=int, default=20_160_826, help="seed of the per-copy changes")
    parser.add_argument("--shapes", default="jsonl,text", help="comma-separated: jsonl, text (default both)")
    parser.add_argument(
        "--split",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="also time the first and last 20%% of the stream (one more ingest per shape)",
    )
    parser.add_argument("--sample", type=float, default=0.2, help="seconds between /proc memory samples")
    parser.add_argument("--profile", type=Path, metavar="DIR", help="also cProfile the JSONL shape into DIR")
    parser.add_argument("--top", type=int, default=15, help="profile entries to print (default 15)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary corpus and databases")
    parser.add_argument(
        "--splice",
        action="store_true",
        help="splice later copies from three bases instead of perturbing them lightly: a stream with hardly any "
        "near-duplicates, so every article pays for features and a scored engine decision (the worst case)",
    )
    parser.add_argument(
        "--events",
        action=argparse.BooleanOptionalAction,
        default=False,
        help="run the story engine during ingest (default: off, the foundation's read-clean-date-store path)",
    )
    parser.add_argument(
        "--publish-every",
        type=float,
        metavar="S",
        help="pass --publish-every S to the timed ingest (seconds between digest publishes while it runs; "
        "the --split child keeps the default)",
    )
    args = parser.parse_args(argv)
    extra = () if args.publish_every is None else ("--publish-every", f"{args.publish_every:g}")

    if not (args.data / "ecbplus_train_dev.jsonl").exists():
        parser.error(f"no shared data at {args.data}; pass --data DIR")
    workdir = Path(tempfile.mkdtemp(prefix="storyline-bench-"))
    if workdir.resolve().is_relative_to(REPO):
        parser.error(f"the temporary directory {workdir} is inside the repository; set TMPDIR elsewhere")
    try:
        bases = load_bases(args.data)
        started = time.perf_counter()
        shapes = args.shapes.split(",")
        jsonl_path, text_dir, size = build_corpus(bases, args.n, workdir, args.seed, args.splice, "text" in shapes)
        print(
            f"corpus: {args.n} articles from {len(bases)} distinct ones"
            f"{', later copies spliced from three' if args.splice else ''} ({size / 2**20:.1f} MB as JSONL), "
            f"built in {time.perf_counter() - started:.1f} s in {workdir}",
            file=sys.stderr,
        )
        sources = {"jsonl": jsonl_path, "text": text_dir}
        results = []
        for shape in shapes:
            print(f"ingesting {shape} …", file=sys.stderr)
            row = bench_cli(shape, sources[shape], args.n, workdir, args.sample, args.events, extra)
            if args.split:
                row.update(bench_split(shape, sources[shape], workdir, args.events))
            results.append(row)
        info = machine_info()
        flag = "--events" if args.events else "--no-events"
        command = " ".join([*storyline_command(), "ingest", "INPUT", "--db", "FRESH.db", flag, *extra])
        target = TARGET_EVENTS_PER_S if args.events else TARGET_PER_S
        kind = ", spliced corpus (hardly any copies)" if args.splice else ""
        print(f"\n## storyline ingest benchmark: n = {args.n}{kind}, target ≥ {target} articles/s\n")
        print(
            f"Machine: {info['nproc']} CPUs ({info['cpu_model']}), {info['ram_gb']} GB RAM, "
            f"Python {info['python']}, commit {info['git_commit'] or '—'}. Command: `{command}`.\n"
        )
        print(markdown(results))
        for row in results:
            verdict = "meets" if float(row["articles_per_s"]) >= target else "BELOW"  # type: ignore[arg-type]
            print(f"\n{row['shape']}: {row['articles_per_s']} articles/s {verdict} the target of {target}/s")
        if args.out:
            payload = {
                "n": args.n,
                "distinct_articles": len(bases),
                "spliced": args.splice,
                "corpus_jsonl_mb": round(size / 2**20, 1),
                "target_articles_per_s": target,
                "command": command,
                "machine": info,
                "results": results,
            }
            args.out.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
        if args.profile:
            profile(jsonl_path, args.profile, workdir, args.top)
    finally:
        if args.keep:
            print(f"kept {workdir}", file=sys.stderr)
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

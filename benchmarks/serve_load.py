"""Load test of ``storyline serve``: latency of the story list and of one story under concurrent clients.

1. Builds (or reuses, ``--db``) a store of ``--n`` generated articles (default 100,000) with their
   events, stories and published digests: the corpus of ``benchmarks/ingest_bench.py`` (texts of
   ``../shared/data``, repeated with new ids and dates, most of them near-duplicate copies; with
   ``--splice`` hardly any are, and the store holds many more stories), ingested by ``storyline ingest``.
2. Starts ``storyline serve`` on it in a child process (``--workers`` uvicorn processes).
3. Runs ``--clients`` concurrent clients (threads with a keep-alive ``http.client`` connection each:
   httpx's async pool capped the client near 200 requests/s here) for ``--seconds``, closed loop:
   each sends its next request as soon as the last one answered (``--think S``: after a random
   pause of S seconds on average, as a reader would); each request is, at random,
   ``GET /api/stories`` (the first page, a later page by cursor, or filtered by language / date /
   entity) or ``GET /api/stories/{id}`` of a random story.
4. Prints the latency percentiles per endpoint (and writes them as JSON with ``--out``).

The clients run on the same machine as the server and take part of its CPU: the figures are an
upper bound of what a separate client machine would see.

Usage::

    python benchmarks/serve_load.py --n 100000 --out /tmp/load.json
    python benchmarks/serve_load.py --db /tmp/load/storyline.db --seconds 30   # reuse a store
"""

from __future__ import annotations

import argparse
import http.client
import importlib.util
import json
import os
import random
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

import httpx

REPO = Path(__file__).resolve().parent.parent
TARGETS_MS = {"list": 50.0, "story": 100.0}  # issue 11: p99


def _ingest_bench():  # type: ignore[no-untyped-def]
    if "ingest_bench" in sys.modules:
        return sys.modules["ingest_bench"]
    spec = importlib.util.spec_from_file_location("ingest_bench", REPO / "benchmarks" / "ingest_bench.py")
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    sys.modules["ingest_bench"] = module  # (dataclasses look their module up there)
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


def build_store(db: Path, n: int, data: Path, splice: bool) -> dict[str, float]:
    bench = _ingest_bench()
    root = db.parent
    jsonl, _, _ = bench.build_corpus(bench.load_bases(data), n, root, seed=20_161_009, splice=splice)
    started = time.monotonic()
    subprocess.run(
        [str(Path(sys.executable).with_name("storyline")), "ingest", str(jsonl), "--db", str(db)],
        check=False,
        stdout=subprocess.DEVNULL,
    )
    return {"ingest_s": round(time.monotonic() - started, 1)}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_server(db: Path, port: int, workers: int) -> subprocess.Popen[bytes]:
    env = {**os.environ, "STORYLINE_WORKERS": str(workers)}
    command = [str(Path(sys.executable).with_name("storyline")), "serve", "--db", str(db), "--port", str(port)]
    server = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL)
    deadline = time.monotonic() + 600  # the first start may publish stories an older ingest left
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=2).status_code == 200:
                return server
        except httpx.HTTPError:
            time.sleep(0.3)
    server.kill()
    raise SystemExit("the server did not come up")


def percentiles(values: list[float]) -> dict[str, float]:
    ordered = sorted(values)

    def at(q: float) -> float:
        return round(ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000, 2)

    return {"n": len(ordered), "p50_ms": at(0.50), "p90_ms": at(0.90), "p99_ms": at(0.99), "max_ms": at(1.0)}


def _plan(base: str) -> tuple[list[str], list[str], list[str], list[str]]:
    """Story ids, list cursors, entity names and languages to draw requests from."""
    with httpx.Client(base_url=base, timeout=60) as client:
        first = client.get("/api/stories", params={"limit": 200}).json()
        story_ids = [s["id"] for s in first["items"]]
        cursors = [first["next"]] if first["next"] else []
        page = first
        while page["next"] and len(cursors) < 20:
            page = client.get("/api/stories", params={"limit": 200, "cursor": page["next"]}).json()
            story_ids += [s["id"] for s in page["items"]]
            if page["next"]:
                cursors.append(page["next"])
    entities = [e["name"] for s in first["items"][:50] for e in s["entities"][:2]]
    langs = sorted({s["lang"] for s in first["items"] if s["lang"]})
    return story_ids, cursors, entities, langs


def load(base: str, clients: int, seconds: float, seed: int, think: float) -> dict[str, object]:
    """``clients`` threads, each with its own keep-alive connection (``http.client``: a load client
    must cost little CPU, as it shares the machine with the server), each sending a request as soon
    as the last one answered (after ``think`` seconds, when given)."""
    story_ids, cursors, entities, langs = _plan(base)
    host, port = base.removeprefix("http://").split(":")
    latencies: dict[str, list[float]] = {"list": [], "story": []}
    errors: list[str] = []
    stop = time.monotonic() + seconds

    def one_client(number: int) -> None:
        rng = random.Random(seed + number)
        connection = http.client.HTTPConnection(host, int(port), timeout=60)
        mine: dict[str, list[float]] = {"list": [], "story": []}
        while time.monotonic() < stop:
            if rng.random() < 0.5:
                kind, params = "list", {}
                roll = rng.random()
                if roll < 0.25 and cursors:
                    params = {"cursor": rng.choice(cursors)}
                elif roll < 0.4 and langs:
                    params = {"lang": rng.choice(langs)}
                elif roll < 0.55 and entities:
                    params = {"entity": rng.choice(entities)}
                elif roll < 0.7:
                    params = {"since": "2016-06"}
                url = "/api/stories" + ("?" + urlencode(params) if params else "")
            else:
                kind, url = "story", f"/api/stories/{rng.choice(story_ids)}"
            started = time.perf_counter()
            connection.request("GET", url)
            response = connection.getresponse()
            response.read()
            mine[kind].append(time.perf_counter() - started)
            if response.status != 200:
                errors.append(f"{response.status} {url}")
            if think:
                time.sleep(rng.uniform(0, 2 * think))
        connection.close()
        for key, values in mine.items():
            latencies[key].extend(values)

    threads = [threading.Thread(target=one_client, args=(i,)) for i in range(clients)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.monotonic() - started
    requests = sum(len(v) for v in latencies.values())
    return {
        "clients": clients,
        "think_s": think,
        "seconds": round(wall, 1),
        "requests_per_s": round(requests / wall, 1),
        "stories_sampled": len(story_ids),
        "errors": len(errors),
        "list": percentiles(latencies["list"]),
        "story": percentiles(latencies["story"]),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=100_000, help="articles in the generated store")
    parser.add_argument("--db", type=Path, help="use this store (built there first when it does not exist)")
    parser.add_argument("--data", type=Path, default=REPO.parent / "shared" / "data")
    parser.add_argument("--splice", action="store_true", help="hardly any copies: many more stories (slow to build)")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--workers", type=int, default=2, help="uvicorn worker processes")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--think", type=float, default=0.0, help="mean seconds a client waits between requests")
    parser.add_argument("--out", type=Path)
    args = parser.parse_args(argv)

    bench = _ingest_bench()
    result: dict[str, object] = {"machine": bench.machine_info(), "n": args.n}
    db = args.db or Path(tempfile.mkdtemp(prefix="storyline-load-")) / "storyline.db"
    if not db.exists():
        db.parent.mkdir(parents=True, exist_ok=True)
        result.update(build_store(db, args.n, args.data, args.splice))
    port = _free_port()
    server = start_server(db, port, args.workers)
    try:
        stats = httpx.get(f"http://127.0.0.1:{port}/healthz").json()
        result["articles"] = stats["articles"]
        result["stories"] = stats.get("stories")
        result.update(load(f"http://127.0.0.1:{port}", args.clients, args.seconds, args.seed, args.think))
    finally:
        server.send_signal(signal.SIGINT)
        server.wait(timeout=30)
    result["workers"] = args.workers
    met = {k: result[k]["p99_ms"] <= v for k, v in TARGETS_MS.items()}  # type: ignore[index]
    result["targets_met"] = met
    print(json.dumps(result, indent=2))
    if args.out:
        args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

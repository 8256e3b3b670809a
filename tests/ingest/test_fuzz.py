"""Fuzz test of reading: thousands of hostile records and files with good ones mixed in.

Nothing bites (no exception escapes ``read``, the pipeline or the CLI, nothing hangs, every string
handed on is printable UTF-8) and nothing is lost (every good record is read and stored; every
line of a JSONL file and every file gives exactly one article or rejection).

The corpus is drawn from ``random.Random(seed)``: a new seed each run, printed (pytest shows it
with a failure); ``STORYLINE_FUZZ_SEED=<seed>`` replays a run.  Every text here is written for
this test.
"""

from __future__ import annotations

import json
import os
import random
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from typer.testing import CliRunner

from storyline.cli import app
from storyline.ingest import read
from storyline.ingest.ids import article_id
from storyline.ingest.printable import display_name
from storyline.model import Article, Rejected
from storyline.options import Options
from storyline.pipeline import Pipeline
from storyline.store import open_store

pytestmark = pytest.mark.skipif(
    os.name != "posix" or not os.path.exists("/dev/zero"), reason="FIFOs, devices and bytes file names are POSIX"
)

SEED = int(os.environ.get("STORYLINE_FUZZ_SEED") or random.SystemRandom().randrange(2**32))
LIMIT = 16_384  # max_article_bytes: small, so that over-long lines and files stay cheap to write and skip
OPTIONS = Options(workers=1, max_article_bytes=LIMIT)
# Memory the pipeline's child process may map beyond the test process: with the language models of
# every language loaded the CLI's ingest maps about 2 GB.
PIPELINE_MEMORY = 4 * 2**30
HOSTILE_LINES = 2_400
GOOD_LINES = 300
GOOD_FILES = 40

_WORDS = [
    "Stadtrat",
    "Hafenamt",
    "Brücke",
    "Gewerkschaft",
    "Ministerin",
    "Bahnstrecke",
    "Streik",
    "Wahlkreis",
    "Landgericht",
    "Klinikum",
    "Fähre",
    "Messehalle",
    "Verband",
    "Behörde",
    "Vertrag",
    "Gipfeltreffen",
    "Ausschuss",
    "Feuerwehr",
    "Kanal",
    "Schleuse",
    "Haushalt",
    "council",
    "harbour",
    "bridge",
    "union",
    "minister",
    "railway",
    "strike",
    "election",
    "court",
    "hospital",
    "ferry",
    "treaty",
    "summit",
    "committee",
    "budget",
    "tunnel",
    "airport",
    "festival",
    "museum",
    "archive",
    "lighthouse",
    "glacier",
    "vineyard",
    "reservoir",
    "conseil",
    "pont",
    "grève",
    "tribunal",
    "hôpital",
    "ayuntamiento",
    "puente",
    "huelga",
    "tribunale",
    "ponte",
    "sciopero",
]
_PLACES = ("KIEL", "GENF", "TRIEST", "LYON", "BILBAO", "ODENSE", "GRAZ", "TURKU")
# Things that must not bite: terminal escapes, Rich markup, controls, odd Unicode.
_NASTY = (
    "",
    " ",
    "\t\n\r",
    "\x00",
    "\x1b[31mrot\x1b[0m",
    "\x1b]8;;https://evil.example\x07klick\x1b]8;;\x07",
    "\x07\x08\x7f\x85\x9b",
    "[/]",
    "[link=https://evil.example]x[/link]",
    "[bold red]laut[/]",
    "\u202eevil",
    "\ufeffbom",
    "zeile\u2028trenner",
    "now",
    "vor 2 Tagen",
    "yesterday",
    "12",
    "éß",
    "a" * 600,
    "x" * 3_000,
)
_VALUES: tuple[object, ...] = (
    None,
    True,
    False,
    0,
    -1,
    2**63,
    10**100,
    1.5,
    -0.0,
    1e308,
    [],
    {},
    [1, "a", None],
    {"a": {"b": [1, {"c": "d"}]}},
    "2016-08-26",
    "Sa, 15 Okt 2016",
    "month",
    "de",
    *_NASTY,
)
# JSON values json.dumps never writes: escapes of lone surrogates, NaN, numbers beyond a float or
# beyond Python's digit limit, bytes that are not UTF-8, raw control bytes.
_RAW_VALUES = (
    rb'"\ud800"',
    rb'"a\udfffb"',
    rb'"\ud83d alone"',
    rb'"\uDE00"',
    rb'"\u0000 nul \u001b[2J"',
    b"NaN",
    b"Infinity",
    b"-Infinity",
    b"1e999",
    b"-1e999",
    b"9" * 5_000,
    b'"caf\xe9 \xff\xfe"',
    b'"\x93cp1252\x94 \x80"',
    b'"nul\x00raw"',
    b'"tab\tand\x1b raw"',
    b"[" * 70 + b"]" * 70,
    b'{"a":' * 300 + b"1" + b"}" * 300,
    b"[" * 1_200 + b"]" * 1_200,
    b"[" * 8_000 + b"]" * 8_000,
)
_FIELDS = (
    "id",
    "text",
    "title",
    "url",
    "source",
    "lang",
    "published",
    "date",
    "published_precision",
    "body",
    "content",
    "tags",
    "extra",
)
_KEYS = (rb'"\ud800"', rb'"k\u001b[31m"', b'"[/]"', b'"caf\xe9"', b'""', b'"path"', b'"line"')


@dataclass
class Corpus:
    folder: Path
    direct: list[str] = field(default_factory=list)  # paths given to read() besides the folder
    good: dict[str, dict[str, object]] = field(default_factory=dict)  # id -> the fields it must come out with
    jsonl: dict[str, int] = field(default_factory=dict)  # shown name -> results its lines must give
    one_article: set[str] = field(default_factory=set)  # shown names of text and HTML files: one result each
    special: dict[str, str] = field(default_factory=dict)  # shown name -> the rejection's reason
    hostile: int = 0


def _sentence(rng: random.Random) -> str:
    words = [rng.choice(_WORDS) for _ in range(rng.randint(8, 14))]
    return " ".join(words).capitalize() + "."


def _good_text(rng: random.Random, number: int) -> str:
    body = " ".join(_sentence(rng) for _ in range(3))
    return f"{rng.choice(_PLACES)} – Meldung {number}: {body}\n\n\t{_sentence(rng)} [link=https://evil.example]x[/link]"


def _value(rng: random.Random) -> bytes:
    roll = rng.random()
    if roll < 0.25:
        return rng.choice(_RAW_VALUES)
    if roll < 0.35:  # long enough to push the line over the limit, or nearly
        return json.dumps("w" * rng.randint(LIMIT // 2, LIMIT * 3)).encode()
    return json.dumps(rng.choice(_VALUES), ensure_ascii=rng.random() < 0.5).encode("utf-8", "surrogatepass")


def _hostile_line(rng: random.Random) -> bytes:
    roll = rng.random()
    if roll < 0.05:
        return bytes(rng.randrange(256) for _ in range(rng.randint(1, 300))).replace(b"\n", b" ")
    if roll < 0.08:
        return rng.choice((b"[]", b"1", b'"text"', b"null", b"true", b"[{}]", b"{", b"}", b"\xef\xbb\xbf"))
    keys = rng.sample(_FIELDS, k=rng.randint(0, len(_FIELDS)))
    pairs = [json.dumps(key).encode() + b": " + _value(rng) for key in keys]
    if rng.random() < 0.15 and pairs:
        pairs.append(rng.choice(pairs))  # a duplicate key
    if rng.random() < 0.2:
        pairs.append(rng.choice(_KEYS) + b": " + _value(rng))
    line = b"{" + b", ".join(pairs) + b"}"
    roll = rng.random()
    if roll < 0.08:
        line = line[: rng.randrange(len(line) + 1)]  # truncated
    elif roll < 0.12:
        line = b"\xef\xbb\xbf" + line  # a BOM
    elif roll < 0.14:
        line = b"[" * 2_000 + line + b"]" * 2_000
    return line


def _good_line(rng: random.Random, number: int, corpus: Corpus) -> bytes:
    text = _good_text(rng, number)
    record: dict[str, object] = {"id": f"good-{number}", "text": text}
    expected: dict[str, object] = {"text": text}
    roll = rng.random()
    if roll < 0.2:
        record["id"] = 10_000_000 + number  # an integer id: its decimal string
    elif roll < 0.3:
        record["published"] = rng.choice(("now", "today", "vor 2 Tagen", "2 hours ago"))
        expected["published"] = None
    elif roll < 0.4:
        record["title"] = f"Titel {number} [/] [bold]fett[/bold]"
        expected["title"] = record["title"]
    elif roll < 0.5:
        record["text"], record["title"] = "", f"Nur die Schlagzeile {number} zum Hafen"
        expected["text"] = record["title"]
    corpus.good[str(record["id"])] = expected
    return json.dumps(record, ensure_ascii=rng.random() < 0.5).encode()


def _jsonl_results(data: bytes) -> int:
    """Results a JSONL file must give: one per line that is not blank or is over the limit."""
    lines = re.findall(rb"[^\n]*\n|[^\n]+$", data)
    return sum(1 for line in lines if len(line.rstrip(b"\n")) > LIMIT or line.strip())


def _write(path: Path | bytes, data: bytes) -> None:
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    try:
        os.write(descriptor, data)
    finally:
        os.close(descriptor)


def _build(root: Path, rng: random.Random) -> Corpus:
    folder = root / "corpus"
    deep = folder.joinpath(*[f"d{level}" for level in range(30)])
    deep.mkdir(parents=True)
    corpus = Corpus(folder)
    # JSONL files: hostile lines with good ones among them, some with CRLF and blank lines
    good, hostile = list(range(GOOD_LINES)), HOSTILE_LINES
    for number in range(12):
        lines: list[bytes] = []
        share = hostile // (12 - number)
        hostile -= share
        lines += [_hostile_line(rng) for _ in range(share)]
        corpus.hostile += share
        lines += [_good_line(rng, good.pop(), corpus) for _ in range(min(len(good), GOOD_LINES // 12 + 1))]
        lines += [b"", b"   ", b"\r"] * rng.randint(0, 3)
        rng.shuffle(lines)
        ending = b"\r\n" if number % 3 == 0 else b"\n"
        data = ending.join(lines) + (ending if number % 2 else b"")
        name = [f"feed{number}.jsonl", f"stream{number}.ndjson", f"no-extension-{number}"][number % 3]
        where = deep if number == 5 else folder
        _write(where / name, b"{}\n" + data if name.startswith("no-extension") else data)
        corpus.jsonl[display_name(where / name)] = _jsonl_results((where / name).read_bytes())
    # good text files, some with names that need escaping, a BOM or cp1252
    for number in range(GOOD_FILES):
        text = _good_text(rng, 1_000 + number)
        # "[b]fett[" / "b] 1.txt": a path that reads as Rich markup ("/" cannot be in a name)
        stem = [f"good_{number}", f"b] {number}", f"grüße {number}", f"\x1b[31m{number}"][number % 4]
        data = text.encode()
        if number % 5 == 1:
            data = b"\xef\xbb\xbf" + data
        elif number % 5 == 2:
            text = text.replace("–", "-") + " Grüße aus Köln."
            data = text.encode("cp1252")
        path = (deep if number % 7 == 0 else folder) / ("[b]fett[" if number % 4 == 1 else "") / f"{stem}.txt"
        path.parent.mkdir(exist_ok=True)
        _write(path, data)
        corpus.good[article_id(stem, text)] = {"text": text}
        corpus.one_article.add(display_name(path))
    # hostile one-article files
    extensions = (".txt", ".md", ".html", ".htm", ".text")
    contents = (
        lambda: bytes(rng.randrange(256) for _ in range(rng.randint(0, 3_000))),
        lambda: bytes(rng.randrange(256) for _ in range(rng.randint(1, 4))),
        lambda: b"",
        lambda: b" \n\t\r\n",
        lambda: b"\xef\xbb\xbf",
        lambda: b"\xff\xfe" + "Zwei Bytes je Zeichen.".encode("utf-16-le"),
        lambda: b"Text mit \x00 NUL.",
        lambda: "Anführungszeichen “so” – und €.".encode("cp1252"),
        lambda: b"\x1b[2J\x1b[31m[link=https://evil.example]klick[/link] [/]\x07\r\n\x9b\x85",
        lambda: b"12 34 56 -- 78",
        lambda: b"w" * (LIMIT + 10),
        lambda: b"<html><body><p>" + b"[/] \x1b[31m" * 50 + b"</p></body></html>",
    )
    names = (
        lambda n: f"noise{n}",
        lambda n: os.fsencode(f"bytes{n}") + b"\xff\xfe",  # not UTF-8
        lambda n: f"esc\x1b[31m{n}",
        lambda n: f"new\nline{n}",
        lambda n: f"[link=https:/evil.example]x[/link]{n}",
        lambda n: f"[/]{n}",
        lambda n: f"del\x7f{n}",
        lambda n: f"rtl\u202e{n}",
    )
    hostile_files = 180
    for number in range(hostile_files):
        extension = extensions[number % len(extensions)]
        if extension.startswith(".htm") and number >= 40:  # HTML costs trafilatura: fewer of them
            extension = ".txt"
        name = names[number % len(names)](number)
        name = name + extension.encode() if isinstance(name, bytes) else name + extension
        where = deep if number % 9 == 0 else folder
        path: Path | bytes = os.fsencode(where) + b"/" + name if isinstance(name, bytes) else where / name
        if isinstance(path, Path):
            path.parent.mkdir(parents=True, exist_ok=True)
        _write(path, contents[number % len(contents)]())
        corpus.one_article.add(display_name(path))
    corpus.hostile += hostile_files
    # big sparse files: read past the limit they would exhaust memory
    for name in ("sparse.txt", "sparse.jsonl"):
        with open(folder / name, "wb") as handle:
            handle.truncate(2**30 if name.endswith(".txt") else 64 * 2**20)
    corpus.one_article.add(display_name(folder / "sparse.txt"))
    corpus.jsonl[display_name(folder / "sparse.jsonl")] = 1
    corpus.hostile += 2
    # things that are not regular files
    specials = {
        folder / "pipe.jsonl": (os.mkfifo, "not a regular file (fifo)"),
        deep / "pipe.txt": (os.mkfifo, "not a regular file (fifo)"),
        folder / "zero.jsonl": (lambda p: os.symlink("/dev/zero", p), "not a regular file (character device)"),
        deep / "zero.txt": (lambda p: os.symlink("/dev/zero", p), "not a regular file (character device)"),
        folder / "loop.txt": (lambda p: os.symlink(p.name, p), "symbolic link loop"),
        folder / "broken.jsonl": (lambda p: os.symlink("nowhere", p), "broken symbolic link"),
        deep / "up": (lambda p: os.symlink("../../..", p), "symbolic link loop (it leads to a folder that holds it)"),
    }
    for path, (make, reason) in specials.items():
        make(path)
        corpus.special[display_name(path)] = reason
    os.mkfifo(root / "given.fifo")
    os.symlink("given-loop", root / "given-loop")
    corpus.direct += [str(root / "given.fifo"), "/dev/zero", str(root / "given-loop")]
    corpus.special[display_name(root / "given.fifo")] = "not a regular file (fifo)"
    corpus.special["/dev/zero"] = "not a regular file (character device)"
    corpus.special[display_name(root / "given-loop")] = "symbolic link loop"
    corpus.hostile += len(specials) + len(corpus.direct)
    return corpus


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Corpus:
    return _build(tmp_path_factory.mktemp("fuzz"), random.Random(SEED))


@pytest.fixture(autouse=True)
def _show_seed() -> None:
    print(f"fuzz seed {SEED} (replay: STORYLINE_FUZZ_SEED={SEED})")


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_CONTROL_IN_TEXT = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")


def _strings(value: object):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(key)
            yield from _strings(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _strings(item)


def _check_printable(result: Article | Rejected) -> None:
    """UTF-8 throughout; no control character but \\n and \\t in text, none in the one-line fields."""
    for text in _strings(result.to_dict()):
        text.encode("utf-8")
    if isinstance(result, Rejected):
        assert result.source and result.reason, result
        lines = (result.source, result.reason, result.record_id or "")
    else:
        assert not _CONTROL_IN_TEXT.search(result.text), repr(result.text[:200])
        lines = (result.id, result.title, result.source, result.url, result.lang, result.published, result.meta["path"])
        json.dumps(dict(result.meta), allow_nan=False)  # what the store and the API write
        assert sum(c.isalpha() for c in result.text) >= OPTIONS.min_letters
    for line in lines:
        assert not _CONTROL.search(line or ""), repr(line)


def _read_all(corpus: Corpus) -> list[Article | Rejected]:
    return list(read([str(corpus.folder), *corpus.direct], "auto", OPTIONS))


def _store_all(corpus: Corpus, db: Path) -> tuple[list[str], int, int]:
    """Good ids the store lacks after an ingest of the corpus, and the counts stored and rejected."""
    with open_store(db) as store, Pipeline(store, OPTIONS) as pipeline:
        report = pipeline.ingest(read([str(corpus.folder), *corpus.direct], "auto", OPTIONS))
        missing = [given_id for given_id in corpus.good if store.get(given_id) is None]
    return missing, report.stored, len(report.rejected)


def _ingest_command(folder: Path, db: Path, report: Path) -> tuple[int, str, str | None]:
    result = CliRunner().invoke(app, ["ingest", str(folder), "--db", str(db), "--report", str(report)])
    crash = None if result.exception is None or isinstance(result.exception, SystemExit) else repr(result.exception)
    return result.exit_code, result.output, crash


# Each run is in a child process with a time and a memory limit (the ``bounded`` fixture): a FIFO
# opened for reading blocks for ever, and /dev/zero read to its end takes all memory.


def test_reading_a_hostile_corpus(corpus: Corpus, bounded) -> None:
    assert corpus.hostile >= 2_000
    results = bounded(30, _read_all, corpus)
    for result in results:
        _check_printable(result)
    articles = {r.id: r for r in results if isinstance(r, Article)}
    for given_id, expected in corpus.good.items():
        article = articles.get(given_id)
        assert article is not None, f"good record {given_id} lost"
        assert {key: getattr(article, key) for key in expected} == expected
    by_source = Counter(r.meta["path"] if isinstance(r, Article) else r.source for r in results)
    for name, count in corpus.jsonl.items():
        assert by_source[name] == count, name
    for name in corpus.one_article:
        assert by_source[name] == 1, name
    for name, reason in corpus.special.items():
        [rejected] = [r for r in results if isinstance(r, Rejected) and r.source == name]
        assert rejected.reason.startswith(reason) and rejected.line is None, rejected
    assert len(results) == sum(corpus.jsonl.values()) + len(corpus.one_article) + len(corpus.special)
    for rejected in results:
        if isinstance(rejected, Rejected) and rejected.source in corpus.jsonl:
            assert rejected.line is not None, rejected


@pytest.mark.slow
def test_the_pipeline_stores_every_good_record(corpus: Corpus, tmp_path: Path, bounded) -> None:
    missing, stored, rejected = bounded(90, _store_all, corpus, tmp_path / "f.db", memory=PIPELINE_MEMORY)
    assert missing == []
    assert rejected and stored >= len(corpus.good)


@pytest.mark.slow
def test_the_cli_reports_every_rejection(corpus: Corpus, tmp_path: Path, bounded) -> None:
    report = tmp_path / "rejected.jsonl"
    exit_code, output, crash = bounded(
        90, _ingest_command, corpus.folder, tmp_path / "c.db", report, memory=PIPELINE_MEMORY
    )
    assert crash is None, crash
    assert exit_code == 2, output
    # split at "\n" only: a JSON string may hold U+2028, a line end to str.splitlines()
    rows = [json.loads(line) for line in report.read_text(encoding="utf-8").split("\n") if line]
    assert rows and all(row["source"] and row["reason"] for row in rows)
    assert {row["source"] for row in rows} >= {name for name in corpus.special if name.startswith(str(corpus.folder))}

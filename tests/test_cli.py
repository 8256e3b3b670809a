import csv
import io
import json
import re
from importlib import metadata

from rich.console import Console
from typer.testing import CliRunner

from storyline import Article, Options, Pipeline, open_store
from storyline.cli import _expected_records, app
from storyline.digest.members import background, members_of
from storyline.digest.story import build

runner = CliRunner()
BODY = "BERLIN – Der Bundestag hat am Freitag das Gesetz zur Wasserversorgung mit großer Mehrheit beschlossen."


def test_ingest_then_articles_json(tmp_path):
    (tmp_path / "a.txt").write_text(" date 2025-03 " + BODY + "\n\nKommentare\nLeser1: Gut so.", encoding="utf-8")
    db = str(tmp_path / "s.db")
    result = runner.invoke(app, ["ingest", str(tmp_path / "a.txt"), "--db", db])
    assert result.exit_code == 0, result.output
    assert "read 1 · stored 1" in result.output
    result = runner.invoke(app, ["articles", "--db", db, "--json"])
    [row] = [json.loads(line) for line in result.stdout.splitlines()]
    assert set(row) == {
        "id",
        "url",
        "source",
        "title",
        "text",
        "published",
        "published_precision",
        "lang",
        "meta",
        "duplicate_of",
        "event",
        "story",
    }
    assert row["event"] and row["story"]
    assert (row["published"], row["published_precision"], row["lang"], row["text"]) == ("2025-03", "month", "de", BODY)


def test_rejected_records_give_exit_code_2_a_report_and_the_rest_is_stored(tmp_path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    feed = inputs / "feed.jsonl"
    feed.write_text(
        json.dumps({"id": "g1", "text": BODY}) + "\n{oops\n" + json.dumps({"id": "g2", "text": BODY + " Ja."}) + "\n",
        encoding="utf-8",
    )
    (inputs / "img.txt").write_bytes(b"\x89PNG\x00\x00\x00\x0dIHDR")
    report = tmp_path / "rejected.jsonl"
    db = str(tmp_path / "s.db")
    result = runner.invoke(app, ["ingest", str(inputs), "--db", db, "--report", str(report)])
    assert result.exit_code == 2
    assert "rejected 2" in result.stdout
    rows = [json.loads(line) for line in report.read_text(encoding="utf-8").splitlines()]
    assert {(r["source"].rsplit("/", 1)[-1], r["line"]) for r in rows} == {("feed.jsonl", 2), ("img.txt", None)}
    assert all(r["reason"] for r in rows)
    listed = runner.invoke(app, ["articles", "--db", db, "--json"]).stdout.splitlines()
    assert [json.loads(line)["id"] for line in listed] == ["g1", "g2"]
    assert json.loads(listed[1])["duplicate_of"] == "g1"


def test_demo_ingests_the_built_in_articles(tmp_path, monkeypatch):
    db = str(tmp_path / "demo.db")
    result = runner.invoke(app, ["demo", "--db", db, "--no-serve"])
    assert result.exit_code == 0, result.output
    assert "rejected 0" in result.stdout
    assert "stories in" in result.stdout and "timeline" in result.stdout  # the stories, and the largest one shown
    assert "Serving" not in result.stdout
    served: list[dict] = []
    monkeypatch.setattr("uvicorn.run", lambda application, **options: served.append(options))
    rerun = runner.invoke(app, ["demo", "--db", db, "--port", "8123"])  # without --no-serve: ends by serving
    assert rerun.exit_code == 0, rerun.output
    assert "stored 0" in rerun.stdout
    assert served == [{"host": "127.0.0.1", "port": 8123, "log_level": "warning"}]
    assert "http://127.0.0.1:8123/" in rerun.stdout


def test_bad_format_and_missing_store(tmp_path):
    assert runner.invoke(app, ["ingest", str(tmp_path), "--format", "pdf"]).exit_code == 1
    assert runner.invoke(app, ["articles", "--db", str(tmp_path / "none.db")]).exit_code == 1


def _rows(path):
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_cluster_writes_one_line_per_input_article(tmp_path):
    feed = tmp_path / "in.jsonl"
    rows = [
        {
            "id": "a",
            "title": "Harbour strike begins",
            "text": "Dock workers at Felixstowe walked out on Monday over pay.",
            "published": "2025-04-01",
        },
        {
            "id": "b",
            "text": "Felixstowe dock workers continued their strike over pay on Tuesday.",
            "published": "2025-04-02",
        },
        {"id": "c", "title": "Headline only: satellite reaches orbit", "text": ""},
        {"id": "d", "text": "   "},
    ]
    feed.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    out_path = tmp_path / "pred.jsonl"
    result = runner.invoke(app, ["cluster", str(feed), "--out", str(out_path)])
    assert result.exit_code == 2  # "d" has no text: reported, and still given its own event
    predicted = _rows(out_path)
    assert sorted(r["id"] for r in predicted) == ["a", "b", "c", "d"]
    assert all(set(r) == {"id", "event", "story"} and r["event"] and r["story"] for r in predicted)


def test_similarity_and_eval_contracts(tmp_path):
    pairs = tmp_path / "pairs.jsonl"
    strike = "Dock workers at Felixstowe walked out on Monday over pay, halting container traffic at the port."
    pairs.write_text(
        "\n".join(
            json.dumps(r)
            for r in [
                {
                    "id": "p1",
                    "a": {"title": "Port strike", "text": strike},
                    "b": {"text": strike.replace("Monday", "Tuesday")},
                    "overall": 1.0,
                },
                {
                    "id": "p2",
                    "a": {"text": strike},
                    "b": {"text": "The council approved a new school building in Leeds."},
                    "overall": 4.0,
                },
            ]
        )
        + "\n",
        encoding="utf-8",
    )
    out_path = tmp_path / "sim.jsonl"
    assert runner.invoke(app, ["similarity", str(pairs), "--out", str(out_path)]).exit_code == 0
    scores = {r["id"]: r["similarity"] for r in _rows(out_path)}
    assert set(scores) == {"p1", "p2"} and 0 <= scores["p2"] < scores["p1"] <= 1
    result = runner.invoke(app, ["eval", "pairs", str(pairs), str(out_path), "--json"])
    assert json.loads(result.stdout)["pearson"] > 0.99

    gold = tmp_path / "gold.jsonl"
    gold.write_text(
        "\n".join(json.dumps({"id": i, "label": label}) for i, label in [("a", "x"), ("b", "x"), ("c", "y")]),
        encoding="utf-8",
    )
    pred = tmp_path / "pred.jsonl"
    pred.write_text(
        "\n".join(json.dumps({"id": i, "event": e, "story": "s"}) for i, e in [("a", 1), ("b", 1), ("c", 2)]),
        encoding="utf-8",
    )
    scores = json.loads(runner.invoke(app, ["eval", "clusters", str(gold), str(pred), "--json"]).stdout)
    assert scores["bcubed_f1"] == 1.0 and scores["predicted_clusters"] == 2
    story = json.loads(
        runner.invoke(app, ["eval", "clusters", str(gold), str(pred), "--key", "story", "--json"]).stdout
    )
    assert story["predicted_clusters"] == 1 and story["bcubed_recall"] == 1.0


STORY_TEXTS = [
    (
        "2025-06-02",
        "Hafenstreik in Bremerhaven",
        "BREMERHAVEN – Die Hafenarbeiter in Bremerhaven sind am Montag in einen "
        "Streik getreten. Die Gewerkschaft Kaiwacht fordert acht Prozent mehr Lohn. Der Betreiber Nordkai bot fünf Prozent.",
    ),
    (
        "2025-06-04",
        "Bremerhaven: Streik im Hafen geht weiter",
        "Der Streik im Hafen von Bremerhaven geht weiter. Die "
        "Gewerkschaft Kaiwacht lehnte das neue Angebot von Nordkai ab. Dutzende Schiffe warten vor Bremerhaven.",
    ),
    (
        "2025-06-11",
        "Einigung im Hafenstreik von Bremerhaven",
        "Im Hafenstreik von Bremerhaven haben sich die Gewerkschaft "
        "Kaiwacht und der Betreiber Nordkai am Dienstag geeinigt. Die Löhne steigen um 6,5 Prozent.",
    ),
]


def _story_store(tmp_path):
    feed = tmp_path / "feed.jsonl"
    rows = [
        {"id": f"h{i}", "published": day, "title": title, "text": text, "source": "Weser-Blatt"}
        for i, (day, title, text) in enumerate(STORY_TEXTS)
    ]
    feed.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8")
    db = str(tmp_path / "s.db")
    assert runner.invoke(app, ["ingest", str(feed), "--db", db]).exit_code == 0
    return db


def test_stories_show_why_and_export_contracts(tmp_path):
    db = _story_store(tmp_path)
    result = runner.invoke(app, ["stories", "--db", db, "--json"])
    assert result.exit_code == 0, result.output
    [header] = [json.loads(line) for line in result.stdout.splitlines()]
    assert {"id", "title", "first_seen", "last_updated", "article_count", "entities"} <= set(header)
    assert (header["first_seen"], header["last_updated"], header["article_count"]) == ("2025-06-02", "2025-06-11", 3)
    assert "Bremerhaven" in {e["name"] for e in header["entities"]}

    shown = json.loads(runner.invoke(app, ["show", header["id"], "--db", db, "--json"]).stdout)
    assert {
        "id",
        "title",
        "summary",
        "timeline",
        "entities",
        "sources",
        "articles",
        "first_seen",
        "last_updated",
    } <= set(shown)
    assert isinstance(shown["summary"], list) and 3 <= len(shown["summary"]) <= 5
    for entry in shown["timeline"]:
        assert {"date", "precision", "estimated", "title", "articles"} <= set(entry)
    assert [e["date"] for e in shown["timeline"]][-1] == "2025-06-10"  # "am Dienstag" in a Wednesday article
    for entity in shown["entities"]:
        assert {"name", "kind", "count", "variants"} <= set(entity)
        assert entity["kind"] in ("person", "place", "organisation", "other")
    assert shown["sources"][0]["name"] == "Weser-Blatt" and shown["sources"][0]["article_count"] == 3
    assert {a["id"] for a in shown["articles"]} == {"h0", "h1", "h2"}

    text = runner.invoke(app, ["show", header["id"], "--db", db]).stdout
    assert "timeline" in text and header["title"][:20] in text

    why = json.loads(runner.invoke(app, ["why", "h2", "--db", db, "--json"]).stdout)
    assert why["article"] == "h2" and why["story"]["group"] == header["id"]
    assert "Bremerhaven" in runner.invoke(app, ["why", "h2", "--db", db]).stdout

    exported = json.loads(runner.invoke(app, ["export", "--db", db]).stdout)
    assert [s["id"] for s in exported] == [header["id"]] and exported[0]["summary"] == shown["summary"]
    out = tmp_path / "stories.csv"
    assert runner.invoke(app, ["export", "--db", db, "--format", "csv", "--out", str(out)]).exit_code == 0
    rows = out.read_text(encoding="utf-8").splitlines()
    assert rows[0].startswith("id,title,first_seen") and len(rows) >= 2


def test_story_filters_and_unknown_ids(tmp_path):
    db = _story_store(tmp_path)
    assert runner.invoke(app, ["stories", "--db", db, "--json", "--lang", "en"]).stdout == ""
    assert runner.invoke(app, ["stories", "--db", db, "--json", "--since", "2025-07"]).stdout == ""
    assert runner.invoke(app, ["stories", "--db", db, "--json", "--entity", "BREMERHAVEN"]).stdout.count("\n") == 1
    assert runner.invoke(app, ["stories", "--db", db, "--since", "soon"]).exit_code == 1
    assert runner.invoke(app, ["show", "s404", "--db", db]).exit_code == 1
    assert runner.invoke(app, ["why", "nope", "--db", db]).exit_code == 1
    assert runner.invoke(app, ["export", "--db", db, "--format", "xml"]).exit_code == 1
    assert runner.invoke(app, ["stories", "--db", str(tmp_path / "missing.db")]).exit_code == 1


HOSTILE_TITLE = "[link=https://evil.example]click[/link] [/] [bold]x"
HOSTILE_ID = "ev\x1b[2Jil\u202edi"
HOSTILE_SOURCE = "Blatt\x1b]8;;https://evil.example\x1b\\tap\x1b]8;;\x1b\\ \x9b31m\u2066"
UNSAFE = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")  # all control but the newline


def _hostile_store(tmp_path) -> str:
    """A store holding what a hostile feed can send: markup in a title, escapes in an id and a source,
    urls no parser accepts, a title that is a spreadsheet formula.  The articles go to the pipeline as
    they are (the readers clean what they read; a store written before that, or by another client,
    may hold anything)."""
    articles = [
        Article(
            id=HOSTILE_ID,
            title=HOSTILE_TITLE,
            text=BODY,
            source=HOSTILE_SOURCE,
            url="http://[oops/a",
            published="2025-03-01",
            published_precision="day",
        ),
        Article(
            id="f1",
            title='=HYPERLINK("https://evil.example","tap")',
            url="http://[oops/b",
            text="LEEDS – The council approved a new school building on Tuesday after a long debate.",
            published="2025-09-01",
            published_precision="day",
        ),
    ]
    db = tmp_path / "x.db"
    with open_store(db) as store, Pipeline(store, Options(workers=1)) as pipeline:
        assert pipeline.ingest(articles).stored == 2
    return str(db)


def test_read_commands_print_stored_data_safely(tmp_path, monkeypatch):
    db = _hostile_store(tmp_path)
    [stored] = [
        row
        for row in map(json.loads, runner.invoke(app, ["articles", "--db", db, "--json"]).stdout.splitlines())
        if row["id"] == HOSTILE_ID
    ]  # JSON keeps everything, escaped by json.dumps
    commands = [["articles"], ["stories"], ["show", stored["story"]], ["why", HOSTILE_ID]]
    for command in commands:
        result = runner.invoke(app, [*command, "--db", db])
        assert result.exit_code == 0, (command, result.output)
        assert not UNSAFE.search(result.output), command
        assert HOSTILE_TITLE in result.stdout, command  # shown as written, not read as markup
    assert "ev\\x1b[2Jil\\u202edi" in runner.invoke(app, ["articles", "--db", db]).stdout
    assert (
        "Blatt\\x1b]8;;https://evil.example\\x1b\\tap"
        in runner.invoke(app, ["show", stored["story"], "--db", db]).stdout
    )
    # on a terminal Rich writes styles, but nothing from the store becomes a link or a control sequence
    monkeypatch.setattr("storyline.cli.out", Console(force_terminal=True, color_system="truecolor", width=400))
    for command in commands:
        result = runner.invoke(app, [*command, "--db", db])
        assert result.exit_code == 0, (command, result.output)
        assert "\x1b]8;" not in result.stdout and "\x1b[2J" not in result.stdout, command
        assert not re.search("[\x80-\x9f\u202a-\u202e\u2066-\u2069]", result.stdout), command
        assert HOSTILE_TITLE in result.stdout, command


def test_export_survives_bad_urls_and_csv_cells_never_start_like_a_formula(tmp_path):
    db = _hostile_store(tmp_path)
    for format in ("json", "jsonl"):
        assert runner.invoke(app, ["export", "--db", db, "--format", format]).exit_code == 0
    result = runner.invoke(app, ["export", "--db", db, "--format", "csv"])
    assert result.exit_code == 0, result.output
    header, *rows = list(csv.reader(io.StringIO(result.stdout)))
    assert len(rows) == 2 and not [
        cell for row in rows for cell in row if cell.startswith(("=", "+", "-", "@", "\t", "\r"))
    ]
    assert {row[header.index("title")] for row in rows} >= {"'" + '=HYPERLINK("https://evil.example","tap")'}
    assert {row[header.index("article_count")] for row in rows} == {"1"}


def test_file_names_in_rejected_and_error_lines_are_printed_safely(tmp_path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "bad\x1b[2J\x9b31m.txt").write_bytes(b"\x89PNG\x00\x00\x00\x0dIHDR")
    result = runner.invoke(app, ["ingest", str(inputs), "--db", str(tmp_path / "s.db")])
    assert result.exit_code == 2
    assert "rejected" in result.stderr and "bad\\x1b[2J\\x9b31m.txt" in result.stderr
    assert not UNSAFE.search(result.stderr)
    pairs = tmp_path / "pairs\x1b[2J.jsonl"  # a path from the command line, not from a reader
    pairs.write_text("{oops\n", encoding="utf-8")
    result = runner.invoke(app, ["similarity", str(pairs), "--out", str(tmp_path / "sim.jsonl")])
    assert result.exit_code == 2 and "pairs\\x1b[2J.jsonl:1: " in result.stderr and not UNSAFE.search(result.stderr)
    missing = str(tmp_path / "[bold]no\x1b]8;;evil.example\x1b\\.db")
    result = runner.invoke(app, ["articles", "--db", missing])
    assert result.exit_code == 1 and not UNSAFE.search(result.stderr)
    assert "[bold]no\\x1b]8;;evil.example\\x1b\\.db" in result.stderr


def test_version():
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0 and result.stdout == f"storyline {metadata.version('storyline')}\n"


def test_piped_tables_have_one_line_per_row_and_whole_ids(tmp_path):
    feed = tmp_path / "feed.jsonl"
    rows = [
        {
            "id": f"weser-blatt/2025/06/hafenstreik-in-bremerhaven-artikel-{i}",
            "published": day,
            "source": "Weser-Blatt",
            "title": f"{title} – was Beschäftigte, Reedereien und Pendler an der Wesermündung jetzt wissen müssen",
            "text": text,
        }
        for i, (day, title, text) in enumerate(STORY_TEXTS)
    ]
    feed.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8")
    db = str(tmp_path / "s.db")
    assert runner.invoke(app, ["ingest", str(feed), "--db", db]).exit_code == 0
    listed = runner.invoke(app, ["articles", "--db", db]).stdout
    assert "3 articles in" in listed
    table_rows = [line for line in listed.splitlines() if line.startswith("│")]
    assert len(table_rows) == 3 and all(line.endswith("│") for line in table_rows)
    for row in rows:
        assert row["id"] in listed and row["title"] in listed
    assert runner.invoke(app, ["why", rows[2]["id"], "--db", db]).exit_code == 0  # the id as the table shows it
    stories = runner.invoke(app, ["stories", "--db", db]).stdout
    assert "1 story in" in stories and len([line for line in stories.splitlines() if line.startswith("│")]) == 1
    shown = runner.invoke(app, ["show", "s1", "--db", db]).stdout
    assert "3 articles · " in shown and rows[0]["title"] in shown
    out = tmp_path / "stories.csv"
    assert "1 story → " in runner.invoke(app, ["export", "--db", db, "--format", "csv", "--out", str(out)]).stderr


def test_cluster_reads_a_folder_of_text_files(tmp_path):
    folder = tmp_path / "texts"
    folder.mkdir()
    for i, (_, title, text) in enumerate(STORY_TEXTS):
        (folder / f"{i}.txt").write_text(f"{title}\n\n{text}\n", encoding="utf-8")
    out_path = tmp_path / "pred.jsonl"
    result = runner.invoke(app, ["cluster", str(folder), "--out", str(out_path)])
    assert result.exit_code == 0, result.output
    assert "malformed" not in result.output and "3 articles · " in result.stdout
    assert len(_rows(out_path)) == 3


def test_ingest_progress_on_a_terminal_has_a_total(tmp_path, monkeypatch):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(BODY, encoding="utf-8")
    (folder / ".hidden.txt").write_text(BODY, encoding="utf-8")
    (folder / "feed.jsonl").write_text(
        "\n".join(json.dumps({"id": f"j{i}", "text": text}) for i, (_, _, text) in enumerate(STORY_TEXTS)) + "\n",
        encoding="utf-8",
    )
    assert _expected_records([str(folder)], "auto") == 4  # one text file, three JSONL lines
    assert _expected_records(["-"], "auto") is None  # stdin: a spinner
    drawn = io.StringIO()
    monkeypatch.setattr("storyline.cli.err", Console(file=drawn, force_terminal=True, width=120))
    assert runner.invoke(app, ["ingest", str(folder), "--db", str(tmp_path / "s.db")]).exit_code == 0
    assert "100%" in drawn.getvalue() and "read 4 · stored 4" in drawn.getvalue()


def test_show_reads_the_published_digest(tmp_path, monkeypatch):
    db = _story_store(tmp_path)
    with open_store(db) as store:
        computed = build(members_of(store.members(story="s1")), "s1", "story", background(store)).to_dict()

    def recompute(*args, **kwargs):
        raise AssertionError("show computed a digest that was published")

    monkeypatch.setattr("storyline.digest.story.build", recompute)
    result = runner.invoke(app, ["show", "s1", "--db", db, "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == computed


def test_ingest_publish_every_sets_the_pause_and_the_end_publishes_every_story(tmp_path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    for i, town in enumerate(("Kelmstadt", "Orrinbrück", "Waldfurt")):
        text = f"{town} – Der Stadtrat von {town} hat am Montag den Haushalt für die Schwimmbäder beschlossen."
        (inputs / f"{i}.txt").write_text(f" date 2025-03-0{i + 1} {text}", encoding="utf-8")
    listed = {}
    for pause in ("0", "3600"):
        db = str(tmp_path / f"s{pause}.db")
        result = runner.invoke(app, ["ingest", str(inputs), "--db", db, "--publish-every", pause])
        assert result.exit_code == 0, result.output
        stories = [
            json.loads(line) for line in runner.invoke(app, ["stories", "--db", db, "--json"]).stdout.splitlines()
        ]
        listed[pause] = sorted((s["title"], s["article_count"]) for s in stories)
    assert listed["0"] == listed["3600"] and sum(n for _, n in listed["0"]) == 3
    refused = runner.invoke(app, ["ingest", str(inputs), "--db", str(tmp_path / "x.db"), "--publish-every", "-1"])
    assert refused.exit_code != 0

import json

from typer.testing import CliRunner

from storyline.cli import app

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
    }
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


def test_demo_ingests_the_built_in_articles(tmp_path):
    db = str(tmp_path / "demo.db")
    result = runner.invoke(app, ["demo", "--db", db])
    assert result.exit_code == 0, result.output
    assert "rejected 0" in result.stdout
    rerun = runner.invoke(app, ["demo", "--db", db])
    assert "stored 0" in rerun.stdout


def test_bad_format_and_missing_store(tmp_path):
    assert runner.invoke(app, ["ingest", str(tmp_path), "--format", "pdf"]).exit_code == 1
    assert runner.invoke(app, ["articles", "--db", str(tmp_path / "none.db")]).exit_code == 1

from storyline.ingest import detect_format, read
from storyline.model import Article, Rejected


def test_directories_are_read_recursively_in_order_with_format_sniffing(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.txt").write_text("Zweiter Text.", encoding="utf-8")
    (tmp_path / "a.txt").write_text("Erster Text.", encoding="utf-8")
    (tmp_path / "feed.data").write_text('{"id": "j1", "text": "Json text."}\n', encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text("Hidden.", encoding="utf-8")
    assert detect_format(tmp_path / "feed.data") == "jsonl"
    results = list(read([tmp_path]))
    assert [r.text for r in results if isinstance(r, Article)] == ["Erster Text.", "Json text.", "Zweiter Text."]


def test_missing_path_is_a_rejection_not_a_crash(tmp_path):
    [result] = list(read([tmp_path / "missing"]))
    assert isinstance(result, Rejected) and result.reason == "no such file or directory"

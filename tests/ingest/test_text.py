from hypothesis import given, settings
from hypothesis import strategies as st

from storyline.ingest.text import read_text
from storyline.model import Article, Rejected
from storyline.options import Options


def _one(path, options=None):
    results = list(read_text(path, options or Options()))
    assert len(results) == 1
    return results[0]


def test_utf8_file_with_marker_keeps_marker_for_dating(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(" date 2025-03 Hamburg – Die Busse stehen still.", encoding="utf-8")
    article = _one(path)
    assert isinstance(article, Article)
    assert article.text.startswith(" date 2025-03")
    assert article.meta["encoding"] == "utf-8" and article.id.startswith("a-")


def test_legacy_encodings_are_detected(tmp_path):
    path = tmp_path / "b.txt"
    path.write_bytes("Überraschung in Zürich: Straßenbahn fährt wieder – «endlich».".encode("cp1252"))
    article = _one(path)
    assert article.text == "Überraschung in Zürich: Straßenbahn fährt wieder – «endlich»."
    assert article.meta["encoding"] == "cp1252"
    path.write_bytes(b"Gr\xfc\xdfe \x81 aus K\xf6ln")  # 0x81 is undefined in cp1252
    assert "Köln" in _one(path).text


def test_id_is_stable_across_locations(tmp_path):
    (tmp_path / "x").mkdir()
    (tmp_path / "y").mkdir()
    for folder in ("x", "y"):
        (tmp_path / folder / "same.txt").write_text("Gleicher Text.", encoding="utf-8")
    assert _one(tmp_path / "x" / "same.txt").id == _one(tmp_path / "y" / "same.txt").id


def test_binary_empty_oversized_and_missing_files_are_rejected(tmp_path):
    cases = {"bin.txt": b"\x00\x01\x02PNG\x00\x00", "empty.txt": b"  \n\n", "big.txt": b"x" * 2000}
    for name, data in cases.items():
        (tmp_path / name).write_bytes(data)
    options = Options(max_article_bytes=1000)
    reasons = {name: _one(tmp_path / name, options).reason for name in cases}
    assert "binary" in reasons["bin.txt"]
    assert "empty" in reasons["empty.txt"]
    assert "size limit" in reasons["big.txt"]
    missing = _one(tmp_path / "nope.txt")
    assert isinstance(missing, Rejected) and missing.source.endswith("nope.txt")


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=3000))
def test_any_bytes_give_an_article_or_a_clear_rejection(tmp_path_factory, data):
    path = tmp_path_factory.mktemp("fuzz") / "f.txt"
    path.write_bytes(data)
    result = _one(path)
    assert isinstance(result, Article | Rejected)
    if isinstance(result, Rejected):
        assert result.reason and result.source == str(path)


def test_files_with_too_few_letters_are_rejected(tmp_path):
    path = tmp_path / "noise.txt"
    for data, reason in (
        (b"\xe9\xdf\xb1", "only 2 letters; at least 3 needed"),  # random bytes read as cp1252: "éß±"
        (b"12 34 -- 56", "only 0 letters; at least 3 needed"),
    ):
        path.write_bytes(data)
        rejected = _one(path)
        assert isinstance(rejected, Rejected) and rejected.reason == reason
    path.write_bytes(b"Neu!")
    assert isinstance(_one(path), Article)
    path.write_bytes(b"\xe9\xdf\xb1")
    assert isinstance(_one(path, Options(min_letters=1)), Article)


def test_text_keeps_newlines_and_tabs_and_loses_other_controls(tmp_path):
    path = tmp_path / "c.txt"
    path.write_bytes(b"Titel\r\n\tEinzug\x1b[31m rot\x1b[0m\x07 Ende\r\n")
    assert _one(path).text == "Titel\n\tEinzug rot Ende\n"


def test_size_is_checked_before_reading(tmp_path):
    path = tmp_path / "huge.txt"
    with open(path, "wb") as handle:
        handle.truncate(2**40)  # a sparse terabyte: reading it first would exhaust memory
    rejected = _one(path, Options(max_article_bytes=1000))
    assert rejected.reason == f"file of {2**40} bytes is over the size limit of 1000 bytes"

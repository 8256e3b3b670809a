import io
import json
from pathlib import Path

import pytest

import storyline
from storyline.ingest import read
from storyline.ingest.jsonl import record_to_article
from storyline.ingest.limits import bounded_lines, deeper_than, too_few_letters
from storyline.model import Rejected
from storyline.options import Options


class _Reads(io.BytesIO):
    """A byte stream that remembers the largest piece it handed out."""

    largest = 0

    def readline(self, size=-1):
        line = super().readline(size)
        self.largest = max(self.largest, len(line))
        return line


def test_over_long_lines_are_never_held_whole():
    handle = _Reads(b"short\n" + b"x" * 5_000_000 + b"\nafter\r\nlast")
    assert list(bounded_lines(handle, 100)) == [b"short\n", 5_000_001, b"after\r\n", b"last"]
    assert handle.largest <= 1 << 20  # a 5 MB line read in pieces of at most 1 MB
    endless = _Reads(b"\0" * 3_000_000)  # a stream without a newline, as /dev/zero through stdin
    assert list(bounded_lines(endless, 100)) == [3_000_000]


def test_lines_at_the_limit():
    assert list(bounded_lines(io.BytesIO(b"abc\nabcd\nabcde"), 3)) == [b"abc\n", 5, 5]
    assert list(bounded_lines(io.BytesIO(b""), 3)) == []


@pytest.mark.parametrize(
    ("text", "minimum", "reason"),
    [
        ("", 3, "only 0 letters; at least 3 needed"),
        ("a1 2", 3, "only 1 letter; at least 3 needed"),
        ("\x00\ufffd\u00e9\u00df", 3, "only 2 letters; at least 3 needed"),
        ("abc", 3, None),
        ("Ärger", 5, None),
        ("", 0, None),
    ],
)
def test_too_few_letters(text, minimum, reason):
    assert too_few_letters(text, Options(min_letters=minimum)) == reason


def test_too_few_letters_stops_counting_early():
    assert too_few_letters("a" * 10_000_000, Options(min_letters=3)) is None


def test_depth():
    assert not deeper_than({"a": 1, "b": [1, 2], "c": {"d": "e"}}, 2)
    assert deeper_than({"c": {"d": ["e"]}}, 2)
    assert not deeper_than("text", 1) and not deeper_than([], 1) and deeper_than([[]], 1)
    chain = current = []
    for _ in range(100_000):  # deeper than Python's stack: the walk does not recurse
        current.append([])
        current = current[0]
    assert deeper_than(chain, 64)


def _rows(path):
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if line.strip():
                yield number, json.loads(line)


@pytest.mark.shared
def test_no_labelled_text_of_the_shared_data_has_too_few_letters(shared_data, test_data):
    """The default ``min_letters`` rejects none of the labelled texts (MStream's shortest has 3)."""
    options = Options()
    records = []
    for name in ("mstream_tweets_t.jsonl", "ecbplus_train_dev.jsonl"):
        records += [(name, number, row) for number, row in _rows(shared_data / name)]
    for name in ("semeval_de_dev.jsonl", "semeval_multi_train.jsonl"):
        for number, row in _rows(shared_data / name):
            records += [(name, number, {**row[side], "id": f"{row['id']}/{side}"}) for side in "ab"]
    for path in sorted((test_data / "streams").glob("*.jsonl")):
        records += [(path.name, number, row) for number, row in _rows(path)]
    too_short = []
    for name, number, row in records:
        result = record_to_article(row, name, number, options)
        if isinstance(result, Rejected) and "letter" in result.reason:
            too_short.append(result)
    assert len(records) == 34_450
    assert too_short == []
    demo = Path(storyline.__file__).with_name("demo") / "articles"
    assert [r for r in read([demo, shared_data / "seeds"]) if isinstance(r, Rejected)] == []

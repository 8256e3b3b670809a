import os
from pathlib import Path

import pytest

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


def _special(tmp_path):
    """A folder holding one of each thing that is not a regular file (and one that is)."""
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    (folder / "good.txt").write_text("Ein guter Text.", encoding="utf-8")
    os.mkfifo(folder / "pipe.jsonl")
    os.symlink("/dev/zero", folder / "zero.jsonl")
    os.symlink("self.txt", folder / "self.txt")
    os.symlink("missing.txt", folder / "broken.txt")
    os.symlink("..", folder / "sub" / "up")
    return folder


@pytest.mark.skipif(not hasattr(os, "mkfifo") or not os.path.exists("/dev/zero"), reason="POSIX only")
def test_nothing_but_regular_files_is_opened_and_each_other_thing_is_named(tmp_path, bounded, deadline):
    folder = _special(tmp_path)
    given = [folder, folder / "pipe.jsonl", "/dev/zero", folder / "self.txt", folder / "broken.txt"]
    # in a child with time and memory limits: a FIFO opened for reading blocks until a writer
    # comes, and /dev/zero never ends
    results = bounded(20, lambda: list(read(given)))
    reasons = [(Path(r.source).name, r.reason) for r in results if isinstance(r, Rejected)]
    assert reasons == [
        ("broken.txt", "broken symbolic link (its target does not exist)"),
        ("pipe.jsonl", "not a regular file (fifo)"),
        ("self.txt", "symbolic link loop"),
        ("up", "symbolic link loop (it leads to a folder that holds it)"),
        ("zero.jsonl", "not a regular file (character device)"),
        ("pipe.jsonl", "not a regular file (fifo)"),
        ("zero", "not a regular file (character device)"),
        ("self.txt", "symbolic link loop"),
        ("broken.txt", "broken symbolic link (its target does not exist)"),
    ]
    assert [r.text for r in results if isinstance(r, Article)] == ["Ein guter Text."]
    with deadline(10):
        assert detect_format(folder / "pipe.jsonl") == "jsonl"
        assert detect_format(Path("/dev/zero")) == "text"


def test_linked_folders_are_followed(tmp_path):
    (tmp_path / "real").mkdir()
    (tmp_path / "real" / "a.txt").write_text("Im echten Ordner.", encoding="utf-8")
    (tmp_path / "in").mkdir()
    os.symlink(tmp_path / "real", tmp_path / "in" / "linked")
    [article] = list(read([tmp_path / "in"]))
    assert article.text == "Im echten Ordner." and article.meta["path"].endswith("linked/a.txt")


def test_file_names_that_are_not_utf8_are_shown_escaped(tmp_path):
    folder = os.fsencode(tmp_path)
    for name, data in ((b"caf\xe9\x1b[31m.txt", b"Ein Text mit Namen."), (b"bad\xff.jsonl", b'{"text": "x"}\n')):
        descriptor = os.open(folder + b"/" + name, os.O_WRONLY | os.O_CREAT, 0o644)
        os.write(descriptor, data)
        os.close(descriptor)
    article, rejected = sorted(read([tmp_path]), key=lambda r: type(r).__name__)
    assert article.meta["path"] == f"{tmp_path}/caf\\xe9\\x1b[31m.txt" and article.id.startswith("caf-31m-")
    assert (rejected.source, rejected.line) == (f"{tmp_path}/bad\\xff.jsonl", 1)
    for text in (article.meta["path"], article.id, rejected.source):
        text.encode("utf-8")


def test_a_folder_that_cannot_be_listed_is_a_rejection(tmp_path, monkeypatch):
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "a.txt").write_text("Unlesbar.", encoding="utf-8")
    listing = os.scandir

    def scandir(folder):  # as a folder without read permission answers (root may read any, so not chmod)
        if os.fspath(folder) == os.fspath(locked):
            raise PermissionError(13, "Permission denied", os.fspath(folder))
        return listing(folder)

    monkeypatch.setattr(os, "scandir", scandir)
    [rejected] = list(read([tmp_path]))
    assert rejected.source == str(locked) and rejected.reason == "cannot read folder: Permission denied"


def test_a_folder_of_text_files_reads_as_auto(tmp_path):
    for number in range(3):
        (tmp_path / f"{number}.txt").write_text(f"Bericht Nummer {number}.", encoding="utf-8")
    results = list(read([tmp_path], "auto"))
    assert [r.text for r in results] == ["Bericht Nummer 0.", "Bericht Nummer 1.", "Bericht Nummer 2."]

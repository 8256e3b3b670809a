import os
import socket

import pytest

from storyline.ingest.files import open_regular, walk

pytestmark = pytest.mark.skipif(os.name != "posix", reason="FIFOs, sockets and devices are POSIX")


def test_open_regular_opens_files_and_names_everything_else(tmp_path, deadline):
    (tmp_path / "a.txt").write_bytes(b"text")
    with open_regular(tmp_path / "a.txt") as handle:
        assert handle.read() == b"text"
    os.mkfifo(tmp_path / "pipe")
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(str(tmp_path / "sock"))
        with deadline(10):
            assert open_regular(tmp_path / "pipe") == "not a regular file (fifo)"
            assert open_regular(tmp_path / "sock") == "not a regular file (socket)"
            assert open_regular(tmp_path) == "not a regular file (directory)"
            assert open_regular(tmp_path / "none") == "no such file or directory"
            if os.path.exists("/dev/zero"):
                assert open_regular("/dev/zero") == "not a regular file (character device)"


def test_walk_lists_in_path_order_and_leaves_hidden_names_out(tmp_path):
    for name in ("b/z.txt", "a.txt", "b/a.txt", ".hidden/x.txt", "b/.x.txt", "c.jsonl"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x", encoding="utf-8")
    found = [(path.relative_to(tmp_path).as_posix(), problem) for path, problem in walk(tmp_path)]
    assert found == [("a.txt", None), ("b/a.txt", None), ("b/z.txt", None), ("c.jsonl", None)]
    assert list(walk(tmp_path / "a.txt")) == [(tmp_path / "a.txt", None)]


def test_two_links_pointing_at_each_other_are_one_loop_each(tmp_path):
    os.symlink("two", tmp_path / "one")
    os.symlink("one", tmp_path / "two")
    assert [problem for _, problem in walk(tmp_path)] == ["symbolic link loop", "symbolic link loop"]

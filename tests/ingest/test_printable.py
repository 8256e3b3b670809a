import os

import pytest

from storyline.ingest.printable import article_text, display_name, json_safe, one_line, repair_surrogates

_CONTROLS = [chr(c) for c in (*range(0x20), *range(0x7F, 0xA0))]


@pytest.mark.parametrize(
    ("given", "shown"),
    [
        (b"plain.txt", "plain.txt"),
        ("grüße.txt".encode(), "grüße.txt"),
        (b"caf\xe9.txt", "caf\\xe9.txt"),  # latin-1 bytes: not UTF-8
        (b"a\nb\x1b[31m.txt", "a\\x0ab\\x1b[31m.txt"),
        ("a\x85b", "a\\x85b"),  # a C1 control in a name
        ("a\u2028b", "a\\u2028b"),  # a line separator
        ("lone\ud800", "lone\\xed\\xa0\\x80"),  # a surrogate no file system gave
    ],
)
def test_display_names_are_printable_utf8(given, shown):
    assert display_name(given) == shown
    shown.encode("utf-8")
    if isinstance(given, bytes):
        assert display_name(os.fsdecode(given)) == shown  # str(path) of a name with undecodable bytes


def test_one_line_fields_keep_no_control_character():
    for control in _CONTROLS:
        assert one_line(f"a{control}b") in ("a b", "ab")
    assert one_line("Titel\x1b[1;31m fett\x1b[0m") == "Titel fett"
    assert one_line("[link=https://evil.example]x[/link]") == "[link=https://evil.example]x[/link]"  # markup is data
    assert one_line("x\udc80") == "x\ufffd"


def test_article_text_keeps_newlines_and_tabs_only():
    for control in _CONTROLS:
        cleaned = article_text(f"a{control}b")
        assert cleaned in ("a\nb", "a\tb", "ab"), repr(control)
        assert all(c in "\n\t" for c in cleaned if c in _CONTROLS)
    assert article_text("a\r\nb\rc") == "a\nb\nc"
    assert article_text("Link \x1b]8;;https://evil.example\x1b\\hier\x1b]8;;\x1b\\ ende") == "Link hier ende"
    text = "Schon sauber.\n\tEingerückt."
    assert article_text(text) is text  # the common case costs one search


def test_repairs_walk_keys_and_values():
    assert repair_surrogates(["\udfff", {"\ud800": 1.5}]) == ["\ufffd", {"\ufffd": 1.5}]
    assert json_safe({"a": [float("inf"), float("-inf"), 2.0], "b\ud800": "c"}) == {
        "a": [None, None, 2.0],
        "b\ufffd": "c",
    }

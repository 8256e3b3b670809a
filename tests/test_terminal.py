import io
import re

from hypothesis import given
from hypothesis import strategies as st
from rich.console import Console
from rich.panel import Panel
from rich.table import Table

from storyline.terminal import UNWRAPPED, counted, print_fitted, safe, unwrapped, visible

UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
HOSTILE = "[link=https://evil.example]tap[/link] [/] \x1b[2J\x1b]8;;https://evil.example\x1b\\x\x9b31m\u202edcba\u2066"


def test_control_characters_become_visible_escapes():
    assert visible("a\x1b[2Jb") == "a\\x1b[2Jb"
    assert visible("\x00\x7f\x85\x9b") == "\\x00\\x7f\\x85\\x9b"
    assert visible("abc\u202edef\u2069") == "abc\\u202edef\\u2069"
    assert visible("Kößler – «Zürich» 東京 😀") == "Kößler – «Zürich» 東京 😀"
    assert visible("one\ttwo\nthree\r") == "one\\ttwo\\nthree\\r"
    assert visible("one\ttwo\nthree\r", multiline=True) == "one\ttwo\nthree\\r"
    assert visible(None) == "None"


@given(st.text())
def test_nothing_unsafe_survives(text):
    assert not UNSAFE.search(visible(text))
    assert not UNSAFE.search(visible(text, multiline=True).replace("\n", "").replace("\t", ""))


def _terminal() -> tuple[Console, io.StringIO]:
    buffer = io.StringIO()
    return Console(file=buffer, force_terminal=True, color_system="truecolor", width=200), buffer


def test_safe_text_is_never_read_as_markup_even_on_a_terminal():
    console, buffer = _terminal()
    table = Table(title=safe("[bold]title[/]"))
    table.add_column("cell")
    table.add_row(safe(HOSTILE))
    console.print(table)
    console.print(Panel(safe(HOSTILE), title=safe("[/] x")))
    printed = buffer.getvalue()
    assert "\x1b]8;" not in printed and "\x1b[2J" not in printed  # no OSC 8 link, no screen clear
    assert not re.search("[\x80-\x9f\u202a-\u202e\u2066-\u2069]", printed)
    assert "[link=https://evil.example]tap[/link] [/]" in printed and "[bold]title[/]" in printed
    assert "\\x1b[2J" in printed and "\\x9b31m" in printed and "\\u202e" in printed


def test_counted_says_one_in_the_singular():
    assert counted(1, "article") == "1 article"
    assert counted(2, "article") == "2 articles"
    assert counted(1, "story", "stories") == "1 story"
    assert counted(0, "story", "stories") == "0 stories"


def test_off_a_terminal_nothing_is_wrapped_and_panels_fit_their_text():
    buffer = io.StringIO()
    console = Console(file=buffer, width=80)
    unwrapped(console)
    assert console.width == UNWRAPPED
    long_cell = "word " * 40
    table = Table()
    table.add_column("text")
    table.add_row(long_cell)
    console.print(table)
    print_fitted(console, Panel(long_cell.strip()))
    lines = buffer.getvalue().splitlines()
    assert len(lines) == 5 + 3  # table: top, header, rule, one row, bottom; panel: top, one line, bottom
    assert max(len(line) for line in lines) < 250

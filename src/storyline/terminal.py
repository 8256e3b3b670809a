"""Stored data made safe to print: control characters shown as escapes, Rich markup never interpreted.

Titles, ids, sources and file names are whatever a feed or a file system sent.  Printed as they
are, an ``ESC [2J`` clears the screen, an OSC 8 sequence plants a link, a bidi override turns the
rest of the line around, and ``[link=…]`` in a string Rich reads as markup becomes a clickable
link.  Everything the CLI prints from the store or from its input goes through :func:`safe` (a
:class:`rich.text.Text`, which Rich lays out without reading markup) or :func:`visible`.

>>> visible("a\\x1b[2Jb\\u202e")
'a\\\\x1b[2Jb\\\\u202e'
>>> safe("[bold]x[/]").plain
'[bold]x[/]'
"""

from __future__ import annotations

import re

from rich.console import Console, RenderableType
from rich.measure import Measurement
from rich.style import Style
from rich.text import Text

# C0 (but \t and \n, handled per call), DEL, C1, and the bidi embeddings, overrides and isolates
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_CONTROL_OR_LINE = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_NAMED = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}

#: Columns of output that is not a terminal: wide enough that nothing is wrapped.
UNWRAPPED = 100_000


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return _NAMED.get(match.group()) or (f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")


def visible(text: object, multiline: bool = False) -> str:
    r"""``text`` with every control character written as a visible escape (``\x1b``, ``\u202e``);
    ``multiline`` keeps line breaks and tabs.

    >>> visible("one\ttwo\nthree\x9b31m")
    'one\\ttwo\\nthree\\x9b31m'
    >>> visible("one\ttwo\nthree", multiline=True)
    'one\ttwo\nthree'
    """
    return (_CONTROL if multiline else _CONTROL_OR_LINE).sub(_escape, str(text))


def safe(text: object, style: str | Style = "", multiline: bool = False) -> Text:
    """``text`` as :func:`visible` writes it, in a :class:`~rich.text.Text` (so never read as markup)."""
    return Text(visible(text, multiline), style=style)


def counted(number: int, noun: str, plural: str | None = None) -> str:
    """``number`` and ``noun``, singular for one.

    >>> counted(1, "story", "stories"), counted(2, "story", "stories"), counted(0, "article")
    ('1 story', '2 stories', '0 articles')
    """
    return f"{number} {noun if number == 1 else plural or noun + 's'}"


def unwrapped(console: Console) -> None:
    """Let ``console`` write lines as long as they are when it does not write to a terminal (a pipe or
    a file gets one line per table row, not a layout for 80 columns)."""
    if not console.is_terminal:
        console.width = UNWRAPPED


def print_fitted(console: Console, renderable: RenderableType) -> None:
    """Print ``renderable``; off a terminal, as wide as its longest line (panels would fill
    :data:`UNWRAPPED` columns otherwise)."""
    if console.is_terminal:
        console.print(renderable)
        return
    width = Measurement.get(console, console.options, renderable).maximum
    console.print(renderable, width=max(width, 1))

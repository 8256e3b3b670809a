"""Strings that are safe to store, print and show: valid UTF-8 and free of control characters.

Readers pass every string of an :class:`~storyline.model.Article` or
:class:`~storyline.model.Rejected` through these.  An article's ``text`` keeps its line breaks
and tabs (``\\n``, ``\\t``; ``\\r\\n`` and the other line ends, U+2028 and U+2029 among them,
become ``\\n``); ids, titles, sources, urls, languages and file names keep no control character
or line separator at all.  Terminal escape sequences are dropped whole, other C0/C1 controls and
DEL are dropped from text and become a space in one-line fields.  Lone surrogates (from JSON
escapes such as ``"\\ud800"``) become U+FFFD.  Values kept in ``meta`` are data stored and shown
as JSON, which escapes controls; only their lone surrogates are repaired (they cannot be encoded
at all) and NaN and infinities dropped (JSON cannot carry them).
"""

from __future__ import annotations

import math
import os
import re
from typing import Any

# ESC [ ... final byte (colours, cursor moves) and ESC ] ... BEL / ESC \ (titles, hyperlinks)
_ESCAPES = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]?|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?")
_CONTROLS = r"\x00-\x1f\x7f-\x9f"
_SURROGATES = r"\ud800-\udfff"
_SEPARATORS = "\u2028\u2029"  # not controls, but line ends to str.splitlines() and many a tool
_UNSAFE_IN_LINE = re.compile(f"[{_CONTROLS}{_SEPARATORS}{_SURROGATES}]")
_UNSAFE_IN_TEXT = re.compile(rf"[\x00-\x08\x0b-\x1f\x7f-\x9f{_SEPARATORS}{_SURROGATES}]")
_SURROGATE = re.compile(f"[{_SURROGATES}]")
# what str.split() and str.splitlines() take for whitespace or line ends
_LINE_ENDS = frozenset("\r\x0b\x0c\x1c\x1d\x1e\x1f\x85" + _SEPARATORS)


def one_line(value: str) -> str:
    """``value`` without control characters (each a space) or lone surrogates, stripped.

    >>> one_line(" Kerry\\x1b[31m trifft\\tLawrow\\r\\n")
    'Kerry trifft Lawrow'
    """
    if _UNSAFE_IN_LINE.search(value):
        value = _UNSAFE_IN_LINE.sub(_in_line, _ESCAPES.sub("", value))
    return value.strip()


def article_text(value: str) -> str:
    """``value`` with line breaks as ``\\n``, tabs kept, other controls and lone surrogates gone.

    >>> article_text("Genf\\r\\nDie Gespr\\x00\\x1b[1mäche\\x0cgehen weiter.")
    'Genf\\nDie Gespräche\\ngehen weiter.'
    """
    if not _UNSAFE_IN_TEXT.search(value):
        return value
    value = _ESCAPES.sub("", value.replace("\r\n", "\n"))
    return _UNSAFE_IN_TEXT.sub(_in_text, value)


def _in_line(match: re.Match[str]) -> str:
    return "\ufffd" if match.group() >= "\ud800" else " "


def _in_text(match: re.Match[str]) -> str:
    found = match.group()
    if found >= "\ud800":
        return "\ufffd"
    return "\n" if found in _LINE_ENDS else ""


def repair_surrogates(value: Any) -> Any:
    """``value`` (parsed JSON) with every lone surrogate in its strings and keys replaced by U+FFFD.

    The caller bounds the nesting depth first (the walk is recursive).

    >>> repair_surrogates({"id": "a\\ud800", "tags": ["\\udfff"]})
    {'id': 'a�', 'tags': ['�']}
    """
    if isinstance(value, str):
        return _SURROGATE.sub("\ufffd", value)
    if isinstance(value, dict):
        return {repair_surrogates(key): repair_surrogates(item) for key, item in value.items()}
    if isinstance(value, list):
        return [repair_surrogates(item) for item in value]
    return value


def json_safe(value: Any) -> Any:
    """``value`` with lone surrogates repaired and NaN and infinities (which JSON cannot carry) as ``None``.

    >>> json_safe({"score": float("nan"), "tags": ["a\\udc80", 1e308 * 10]})
    {'score': None, 'tags': ['a�', None]}
    """
    if isinstance(value, str):
        return _SURROGATE.sub("\ufffd", value)
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {json_safe(key): json_safe(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [json_safe(item) for item in value]
    return value


def display_name(path: str | bytes | os.PathLike[str] | os.PathLike[bytes]) -> str:
    """A file name as it can be printed and stored: bytes that are not UTF-8 shown as ``\\xNN``,
    control characters too.

    >>> display_name(b"caf\\xe9\\n.txt")
    'caf\\\\xe9\\\\x0a.txt'
    """
    name = os.fspath(path)
    if isinstance(name, str):
        try:
            raw = name.encode("utf-8", "surrogateescape")  # as the file system gave it (os.fsencode)
        except UnicodeEncodeError:  # a surrogate no file system gave: a str built by hand
            raw = name.encode("utf-8", "surrogatepass")
    else:
        raw = name
    shown = raw.decode("utf-8", "backslashreplace")
    if _UNSAFE_IN_LINE.search(shown):
        shown = _UNSAFE_IN_LINE.sub(_escaped, shown)
    return shown


def _escaped(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"

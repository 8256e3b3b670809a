"""Readers: every input format yields the same :class:`~storyline.model.Article` records.

``read(paths)`` walks files and directories (recursively, in name order), picks a reader
per file by its extension or, for unknown extensions, by sniffing the first bytes, and
yields articles and :class:`~storyline.model.Rejected` records in input order.

Only regular files are opened: a FIFO, device or socket, a broken symbolic link or a link
loop, given or met in a folder, is a rejection naming it (:mod:`.files`).  Limits are kept
while reading, in bounded memory (:mod:`.limits`), and every string handed on is printable
and encodes as UTF-8, file names included (:mod:`.printable`).

Records left out on purpose (a WARC's requests, revisits and non-HTML responses) are not
rejections: they are counted in the :class:`.ReadState` passed as ``state`` (``state.skipped``).
"""

from __future__ import annotations

import os
import zlib
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Literal

from ..errors import InputError
from ..model import Article, Rejected
from ..options import Options
from .files import open_regular, walk
from .html import html_to_article, read_html
from .jsonl import read_jsonl
from .printable import display_name
from .state import ReadState
from .text import read_text
from .warc import read_warc

Format = Literal["auto", "text", "jsonl", "html", "warc"]
Reader = Callable[[Path, Options], Iterator[Article | Rejected]]

READERS: dict[str, Reader] = {"text": read_text, "jsonl": read_jsonl, "html": read_html, "warc": read_warc}
# Readers that take the ReadState of the whole input as a third argument (url ids, skip counts).
_WITH_STATE = frozenset({"html", "warc"})
_EXTENSIONS = {
    ".txt": "text",
    ".text": "text",
    ".md": "text",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "jsonl",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".warc": "warc",
}
_DOUBLE_EXTENSIONS = {".warc.gz": "warc"}

__all__ = ["READERS", "Format", "ReadState", "read", "detect_format", "html_to_article"]


def detect_format(path: Path) -> str:
    """The reader for ``path``: by extension, else by its first bytes."""
    by_extension = _EXTENSIONS.get(path.suffix.lower()) or _DOUBLE_EXTENSIONS.get("".join(path.suffixes[-2:]).lower())
    if by_extension:
        return by_extension
    handle = open_regular(path)
    if isinstance(handle, str):
        return "text"  # its reader says why it cannot be read
    try:
        with handle:
            head = handle.read(512)
    except OSError:
        return "text"
    if head.startswith(b"\x1f\x8b"):  # gzip: a WARC if its first record says so
        try:
            head = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(head)
        except zlib.error:
            return "text"
    head = head.lstrip().lower()
    if head.startswith(b"warc/"):
        return "warc"
    if head.startswith(b"{"):
        return "jsonl"
    if head.startswith((b"<!doctype html", b"<html", b"<?xml")) or b"<body" in head:
        return "html"
    return "text"


def read(
    paths: Iterable[str | bytes | Path],
    format: Format = "auto",
    options: Options | None = None,
    state: ReadState | None = None,
) -> Iterator[Article | Rejected]:
    """Yield every article (or rejection) found under ``paths``; ``"-"`` reads JSONL from stdin.

    ``state`` collects what the caller may want to report: ``state.skipped`` counts records left
    out on purpose, by why (``{"WARC revisit": 3, "WARC response not HTML": 7}``).
    """
    options = options or Options()
    state = state if state is not None else ReadState()
    if format not in ("auto", *READERS):
        raise InputError(f"unknown format {format!r}; use auto, text, jsonl, html or warc")
    for given in paths:
        if str(given) == "-":
            yield from read_jsonl("-", options)
            continue
        for file, problem in walk(Path(os.fsdecode(given))):  # a bytes path too
            if problem:
                yield Rejected(display_name(file), None, problem)
                continue
            kind = format if format != "auto" else detect_format(file)
            if kind in _WITH_STATE:
                yield from READERS[kind](file, options, state)  # type: ignore[call-arg]
            else:
                yield from READERS[kind](file, options)

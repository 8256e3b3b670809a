"""Limits a record must keep, checked while reading and in bounded memory.

The numbers live in :class:`~storyline.options.Options` (``max_article_bytes``,
``max_nesting_depth``, ``min_letters``); these functions apply them.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import islice
from typing import IO, Any

from ..options import Options

# An over-long line is skipped in pieces of this size, so that memory stays flat whatever its length.
_SKIP_BYTES = 1 << 20


def too_few_letters(text: str, options: Options) -> str | None:
    """Why ``text`` is too short to be an article (fewer than ``options.min_letters`` letters), or ``None``.

    Used by the readers on the text as read and by ``pipeline.analyze`` on the text after cleaning.

    >>> too_few_letters("7 %", Options(min_letters=3))
    'only 0 letters; at least 3 needed'
    >>> too_few_letters("era", Options(min_letters=3)) is None
    True
    """
    needed = options.min_letters
    # stops at the needed count: a long article costs no more than a short one
    found = sum(1 for _ in islice(filter(str.isalpha, text), needed))
    if found >= needed:
        return None
    return f"only {found} letter{'' if found == 1 else 's'}; at least {needed} needed"


def deeper_than(value: Any, limit: int) -> bool:
    """True when parsed JSON ``value`` nests objects and arrays more than ``limit`` levels deep.

    >>> deeper_than({"a": [[1]]}, 2), deeper_than({"a": [[1]]}, 3)
    (True, False)
    """
    level: list[tuple[Any, int]] = [(value, 1)]
    while level:  # a stack, not recursion: the point is not to trust the depth
        item, depth = level.pop()
        children = item.values() if isinstance(item, dict) else item if isinstance(item, list) else None
        if children is None:
            continue
        if depth > limit:
            return True
        level.extend((child, depth + 1) for child in children if isinstance(child, dict | list))
    return False


def bounded_lines(handle: IO[bytes], limit: int) -> Iterator[bytes | int]:
    """The lines of ``handle``; a line over ``limit`` bytes (its line end aside) as its size instead.

    An over-long line is read on to its end in pieces and never held whole, so a 500 MB line
    (or an endless stream without a newline) costs no more memory than a short one.
    """
    while line := handle.readline(limit + 1):
        if len(line) <= limit or line.endswith(b"\n"):
            yield line
            continue
        size = len(line)
        while not line.endswith(b"\n"):
            line = handle.readline(_SKIP_BYTES)
            if not line:
                break
            size += len(line)
        yield size

"""The files a reader may open: regular files only, found without walking in circles.

A FIFO would block the run forever and a device such as ``/dev/zero`` never ends, so both are
named in a rejection instead of being opened; so are broken symbolic links, link loops and
folders that cannot be listed.  Nothing here is skipped silently except hidden names.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import IO

_KINDS = (
    (stat.S_ISDIR, "directory"),
    (stat.S_ISFIFO, "fifo"),
    (stat.S_ISCHR, "character device"),
    (stat.S_ISBLK, "block device"),
    (stat.S_ISSOCK, "socket"),
)
# a FIFO swapped in between the check and the open must not block the open
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)


def not_regular(mode: int) -> str | None:
    """Why a file of this ``st_mode`` is not read (``None`` for a regular file)."""
    if stat.S_ISREG(mode):
        return None
    kind = next((name for test, name in _KINDS if test(mode)), "special file")
    return f"not a regular file ({kind})"


def stat_problem(path: str | Path, error: OSError) -> str:
    """Why ``os.stat(path)`` failed, in words."""
    if error.errno == errno.ELOOP:
        return "symbolic link loop"
    if error.errno == errno.ENOENT and os.path.islink(path):
        return "broken symbolic link (its target does not exist)"
    if error.errno == errno.ENOENT:
        return "no such file or directory"
    return f"cannot read file: {error.strerror or error}"


def open_regular(path: str | Path) -> IO[bytes] | str:
    """``path`` opened for binary reading, or why not.

    The file is checked with ``stat`` before the open (a FIFO or device is never opened) and
    with ``fstat`` after it (it may have been replaced in between).
    """
    try:
        problem = not_regular(os.stat(path).st_mode)
    except OSError as error:
        return stat_problem(path, error)
    if problem:
        return problem
    try:
        descriptor = os.open(path, _OPEN_FLAGS)
    except OSError as error:
        return stat_problem(path, error)
    try:
        problem = not_regular(os.fstat(descriptor).st_mode)
    except OSError as error:
        problem = f"cannot read file: {error.strerror or error}"
    if problem:
        os.close(descriptor)
        return problem
    return os.fdopen(descriptor, "rb")


def walk(path: Path) -> Iterator[tuple[Path, str | None]]:
    """Every file under ``path`` in path order, each with why it cannot be read (``None``: it can).

    Names starting with "." are left out.  Symbolic links are followed, except one leading back
    to a folder it lies in (a loop, reported once).  ``path`` itself may be a file.
    """
    try:
        info = os.stat(path)
    except OSError as error:
        yield path, stat_problem(path, error)
        return
    if not stat.S_ISDIR(info.st_mode):
        yield path, not_regular(info.st_mode)
        return
    found: list[tuple[Path, str | None]] = []
    folders = [(path, frozenset({(info.st_dev, info.st_ino)}))]
    while folders:  # a stack, not recursion: folders may nest deeper than Python's stack
        folder, above = folders.pop()
        try:
            with os.scandir(folder) as listing:
                entries = [entry for entry in listing if not entry.name.startswith(".")]
        except OSError as error:
            found.append((folder, f"cannot read folder: {error.strerror or error}"))
            continue
        for entry in entries:
            child = folder / entry.name
            try:
                info = entry.stat()  # follows symbolic links
            except OSError as error:
                found.append((child, stat_problem(child, error)))
                continue
            if stat.S_ISDIR(info.st_mode):
                identity = (info.st_dev, info.st_ino)
                if identity in above:
                    found.append((child, "symbolic link loop (it leads to a folder that holds it)"))
                else:
                    folders.append((child, above | {identity}))
            else:
                found.append((child, not_regular(info.st_mode)))
    # path order (part by part, as Path sorts); comparing parts tuples runs in C
    found.sort(key=lambda item: item[0].parts)
    yield from found

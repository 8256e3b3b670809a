"""One writer at a time per store: an advisory lock on a file beside the database.

The operating system releases the lock when its holder exits, however it exits (``kill -9``
included), so a crashed ingest never leaves a stale lock behind.  Readers do not take it:
SQLite's WAL journal lets them read while the writer writes.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Callable

from ..errors import StoreBusyError, StoreError

try:  # POSIX
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]
    import msvcrt


class WriterLock:
    """The lock of the store at ``path`` (held on ``PATH.lock``); :meth:`acquire` waits or refuses."""

    def __init__(self, path: str) -> None:
        self.path = path + ".lock"
        self._fd: int | None = None

    def __repr__(self) -> str:
        return f"WriterLock({self.path!r}, held={self._fd is not None})"

    def acquire(self, wait: bool = True, on_wait: Callable[[str], None] | None = None) -> None:
        """Take the lock; if another process holds it, wait for it (calling ``on_wait`` once with who
        holds it) or, with ``wait=False``, raise :class:`StoreBusyError` at once."""
        if self._fd is not None:
            return
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), 0o644)
        except OSError as error:
            raise StoreError(f"cannot lock store for writing ({self.path}): {error.strerror or error}") from error
        try:
            if not _try_lock(fd):
                holder = _holder(fd)
                if not wait:
                    raise StoreBusyError(f"another ingest is writing to this store ({holder}); try again later")
                if on_wait is not None:
                    on_wait(holder)
                _lock(fd)
            os.ftruncate(fd, 0)
            os.write(fd, f"pid {os.getpid()} since {time.strftime('%Y-%m-%d %H:%M:%S')}".encode())
        except BaseException:
            os.close(fd)
            raise
        self._fd = fd

    def release(self) -> None:
        if self._fd is None:
            return
        fd, self._fd = self._fd, None
        with contextlib.suppress(OSError):
            os.ftruncate(fd, 0)
        os.close(fd)  # closing the file releases the lock


def _try_lock(fd: int) -> bool:
    try:
        if fcntl is not None:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        else:  # pragma: no cover - Windows
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
    except OSError:
        return False
    return True


def _lock(fd: int) -> None:
    if fcntl is not None:
        fcntl.flock(fd, fcntl.LOCK_EX)
        return
    while not _try_lock(fd):  # pragma: no cover - Windows
        time.sleep(0.2)


def _holder(fd: int) -> str:
    """Who holds the lock, as the holder wrote it (``pid 123 since …``)."""
    try:
        text = os.pread(fd, 200, 0).decode("utf-8", "replace").strip()
    except (OSError, AttributeError):
        text = ""
    return text or "another process"

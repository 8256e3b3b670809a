"""What a request needs: the settings, a reading connection of its own thread, the one writer."""

from __future__ import annotations

import threading
from pathlib import Path

from ..digest.members import Background, RecentBackground
from ..errors import StoreError
from ..store import Store, open_store
from .settings import Settings


class Stores:
    """One store connection per server thread for reading (SQLite WAL: a read never waits for the
    writer, and sees every batch committed before it began), one lock for writing."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.path = settings.db
        if "://" not in self.path and not Path(self.path).exists():
            raise StoreError(f"no store at {self.path}; run 'storyline ingest' first")
        self.write_lock = threading.Lock()
        self._local = threading.local()
        self._opened: list[Store] = []
        self._opened_lock = threading.Lock()
        self._background = RecentBackground()  # for ``why``
        with open_store(self.path):  # creates or migrates the schema once, before any reader
            pass

    def reader(self) -> Store:
        store = getattr(self._local, "store", None)
        if store is None:
            store = open_store(self.path)
            self._local.store = store
            with self._opened_lock:
                self._opened.append(store)
        return store

    def background(self) -> Background:
        return self._background.of(self.reader())

    def close(self) -> None:
        with self._opened_lock:
            for store in self._opened:
                store.close()
            self._opened.clear()

"""Serve the stories: a JSON API under ``/api`` and server-rendered pages, read from the store.

Reads never compute: the ingest publishes each story's digest (``storyline.digest.publish``) and
the server only selects it.  Writes (``POST /api/articles``) run the pipeline in the server, one
at a time; other processes may ingest into the same store meanwhile (SQLite WAL: readers never
wait for a writer).
"""

from .app import create_app
from .settings import Settings

__all__ = ["Settings", "create_app"]

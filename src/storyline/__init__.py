"""Storyline: a self-hosted news story tracker.

>>> from storyline import Storyline
>>> tracker = Storyline("memory://")
>>> tracker.ingest([Article(id="a", text="PARIS – Le Sénat a adopté mardi la réforme des retraites.")]).stored
1
"""

from .errors import ConfigError, InputError, StoreError, StorylineError
from .ingest import read
from .model import Analyzed, Article, IngestReport, Rejected
from .options import Options
from .pipeline import Pipeline, analyze, ingest
from .store import Store, StoredArticle, open_store
from .tracker import Storyline

__version__ = "0.1.0"

__all__ = [
    "Analyzed",
    "Article",
    "ConfigError",
    "IngestReport",
    "InputError",
    "Options",
    "Pipeline",
    "Rejected",
    "Store",
    "StoreError",
    "StoredArticle",
    "Storyline",
    "StorylineError",
    "analyze",
    "ingest",
    "open_store",
    "read",
]

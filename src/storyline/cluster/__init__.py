"""Events and stories: online clustering over article features (see ``engine.py``)."""

from .engine import Assignment, StoryEngine
from .online import Decision, OnlineClusterer
from .similarity import Profile

__all__ = ["Assignment", "Decision", "OnlineClusterer", "Profile", "StoryEngine"]

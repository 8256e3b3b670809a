"""What a person reads about a story: title, summary, timeline, actors, sources, and why an article is in it."""

from .story import NotFound, Story, digest, digests, select

__all__ = ["NotFound", "Story", "digest", "digests", "select"]

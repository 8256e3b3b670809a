"""Members of invented stories, built the way the store hands them to the digest."""

from __future__ import annotations

import itertools

import pytest

from storyline.dates import parse_date
from storyline.digest.members import Member
from storyline.features import extract_features
from storyline.model import Article
from storyline.store import StoredArticle

_SEQ = itertools.count(1)


def member(
    id: str,
    text: str,
    title: str | None = None,
    published: str | None = None,
    lang: str = "de",
    event: str = "e1",
    story: str = "s1",
    duplicate_of: str | None = None,
    source: str | None = None,
    url: str | None = None,
    meta: dict | None = None,
) -> Member:
    iso, precision = parse_date(published) if published else (None, "unknown")
    article = Article(
        id=id,
        text=text,
        title=title,
        published=iso,
        published_precision=precision,
        lang=lang,
        source=source,
        url=url,
        meta=meta or {},
    )
    stored = StoredArticle(article, duplicate_of, next(_SEQ), event, story)
    return Member(stored, extract_features(article))


@pytest.fixture
def make_member():
    return member

import pytest

from storyline.model import Article
from storyline.validation.shapes import SHAPES, TRUNCATE_AT, headline_of, reshape

ARTICLE = Article(
    id="a1",
    title="Ministers agree on a ceasefire in Geneva",
    text="GENEVA – The two foreign ministers agreed on Friday on a ceasefire. " * 40,
    published="2024-05-07",
    published_precision="day",
    lang="en",
)


def test_every_shape_keeps_the_id_and_language():
    for shape in SHAPES:
        shaped = reshape(ARTICLE, shape)
        assert shaped.id == "a1" and shaped.lang == "en" and shaped.text


def test_title_glued_cut_and_lowered():
    glued = reshape(ARTICLE, "no_title")
    assert glued.title is None and glued.text.startswith("Ministers agree on a ceasefire in Geneva  GENEVA")
    assert len(reshape(ARTICLE, "truncated").text) == TRUNCATE_AT
    lowered = reshape(ARTICLE, "lower")
    assert lowered.text == ARTICLE.text.lower() and lowered.title == ARTICLE.title.lower()


def test_headline_and_snippet_are_short():
    assert reshape(ARTICLE, "headline").text == ARTICLE.title
    snippet = reshape(ARTICLE, "snippet").text
    assert snippet == "minist agre ceasefir geneva" and snippet == snippet.lower()
    # without a title: the part before two spaces, else the first sentence
    untitled = Article(id="b", text="Flood hits the valley  Rescue teams worked through the night.")
    assert headline_of(untitled) == "Flood hits the valley"
    assert headline_of(Article(id="c", text="Flood hits the valley. Rescue teams worked.")) == "Flood hits the valley."


def test_undated_drops_the_date_and_unknown_shapes_are_refused():
    undated = reshape(ARTICLE, "undated")
    assert undated.published is None and undated.published_precision == "unknown"
    with pytest.raises(ValueError, match="unknown shape"):
        reshape(ARTICLE, "translated")

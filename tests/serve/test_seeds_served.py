"""Issue 11's "done": the seeds ingested and served (read from ../shared/data, never copied)."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from storyline import Options
from storyline.ingest import read
from storyline.pipeline import Pipeline
from storyline.serve import Settings, create_app
from storyline.store import open_store


@pytest.fixture(scope="module")
def seeds_client(shared_data, tmp_path_factory):
    db = tmp_path_factory.mktemp("seeds-served") / "seeds.db"
    with open_store(db) as store, Pipeline(store, Options(workers=1)) as pipeline:
        pipeline.ingest(read([str(shared_data / "seeds")], "auto", Options()))
    with TestClient(create_app(Settings(db=str(db), token="secret")), raise_server_exceptions=False) as client:
        yield client


def test_the_seed_story_is_listed_with_its_timeline_in_order(seeds_client):
    stories = seeds_client.get("/api/stories").json()["items"]
    assert len(stories) == 1 and stories[0]["article_count"] == 5
    story = seeds_client.get(f"/api/stories/{stories[0]['id']}").json()
    texts = {a["id"]: seeds_client.get(f"/api/articles/{a['id']}").json()["text"] for a in story["articles"]}
    position = {}
    for index, entry in enumerate(story["timeline"]):
        for article_id in entry["articles"]:
            position[article_id] = (index, entry)
    geneva = [i for i, text in texts.items() if "Genf" in text and position[i][1]["date"] == "2016-08"]
    lausanne = [i for i, text in texts.items() if "Lausanne" in text and position[i][1]["date"] == "2016-10"]
    assert geneva and lausanne
    assert max(position[i][0] for i in geneva) < min(position[i][0] for i in lausanne)
    assert position[geneva[0]][1]["precision"] == "month"  # never a made-up day
    page = seeds_client.get(f"/stories/{stories[0]['id']}").text
    assert page.index(f'id="{position[geneva[0]][1]["event"]}"') < page.index(f'id="{position[lausanne[0]][1]["event"]}"')
    assert 'class="mark span' in page  # month precision drawn as a span


def test_search_folds_ss_and_finds_the_seed_articles(seeds_client):
    found = seeds_client.get("/api/search", params={"q": "Aussenminister"}).json()["items"]
    articles = [i for i in found if i["type"] == "article"]
    assert len(articles) >= 3
    assert all("<mark>" in i["snippet_html"] + (i["title_html"] or "") for i in articles)
    assert {i["id"] for i in articles} <= {a["id"] for a in seeds_client.get("/api/stories/s1/articles").json()["items"]}
    plural = seeds_client.get("/api/search", params={"q": "Gespräch"}).json()["items"]
    assert any(i["type"] == "article" for i in plural)


def test_a_write_without_the_token_is_refused(seeds_client):
    response = seeds_client.post("/api/articles", json=[{"id": "x", "text": "Ein Text."}])
    assert response.status_code == 401

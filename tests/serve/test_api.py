"""The JSON API over the demo store (FastAPI's TestClient)."""

from __future__ import annotations

import json

from storyline.digest import digest
from storyline.store import open_store

from .conftest import TOKEN


def test_story_list_is_paged_by_cursor_without_gaps_or_repeats(client):
    whole = client.get("/api/stories", params={"limit": 200}).json()
    assert whole["next"] is None and len(whole["items"]) >= 8
    seen, cursor = [], None
    while True:
        page = client.get("/api/stories", params={"limit": 3, **({"cursor": cursor} if cursor else {})}).json()
        assert len(page["items"]) <= 3
        seen += [item["id"] for item in page["items"]]
        cursor = page["next"]
        if cursor is None:
            break
    assert seen == [item["id"] for item in whole["items"]]


def test_story_list_items_are_the_stories_json_objects(client, demo_db):
    item = client.get("/api/stories").json()["items"][0]
    assert set(item) == {"id", "title", "first_seen", "last_updated", "article_count", "event_count", "lang",
                         "entities", "sources"}
    with open_store(demo_db) as store:
        assert digest(store, item["id"]).header() == item


def test_story_list_filters(client):
    everything = client.get("/api/stories", params={"limit": 200}).json()["items"]
    english = client.get("/api/stories", params={"lang": "en", "limit": 200}).json()["items"]
    assert english and all(s["lang"] == "en" for s in english) and len(english) < len(everything)
    # an actor in either spelling: Kößler / Koessler (the Munich fraud trial)
    for spelling in ("Kößler", "Koessler", "KOESSLER"):
        found = client.get("/api/stories", params={"entity": spelling}).json()["items"]
        assert [s["id"] for s in found] == [next(s["id"] for s in everything if "Kößler" in json.dumps(s, ensure_ascii=False))]
    late = client.get("/api/stories", params={"since": "2025-04-20", "limit": 200}).json()["items"]
    # a date known to the month only may be any day of it: "2025-04" may be on or after 2025-04-20
    assert late and all(s["last_updated"] >= "2025-04-20"[: len(s["last_updated"])] for s in late)
    assert any(s["last_updated"] < "2025-04-20" for s in everything if len(s["last_updated"] or "") == 10)
    early = client.get("/api/stories", params={"until": "2025-03-09", "limit": 200}).json()["items"]
    assert early and all(s["first_seen"] and s["first_seen"] <= "2025-03-09" for s in early)
    streik = client.get("/api/stories", params={"q": "Warnstreiks"}).json()["items"]
    assert streik and "streik" in streik[0]["title"].lower()


def test_bad_parameters_are_json_errors(client):
    for params in ({"since": "last week"}, {"cursor": "not-a-cursor"}, {"limit": 0}):
        response = client.get("/api/stories", params=params)
        assert response.status_code in (400, 422)
        body = response.json()
        assert set(body) == {"error", "detail"} and "Traceback" not in json.dumps(body)


def test_one_story_is_show_json_and_missing_is_404(client, demo_db):
    sid = client.get("/api/stories").json()["items"][0]["id"]
    body = client.get(f"/api/stories/{sid}").json()
    with open_store(demo_db) as store:
        assert body == json.loads(json.dumps(digest(store, sid).to_dict()))
    assert body["timeline"] and body["summary"]
    missing = client.get("/api/stories/s99999")
    assert missing.status_code == 404 and missing.json()["error"] == "not_found"


def test_merged_story_answers_308_to_its_survivor(writable):
    stores = writable.app.state.stores
    live = writable.get("/api/stories").json()["items"][0]["id"]
    with open_store(stores.path) as store:
        store._db.execute("INSERT INTO redirects (old, new) VALUES ('s-old-merged', ?)", (live,))
    response = writable.get("/api/stories/s-old-merged", follow_redirects=False)
    assert response.status_code == 308 and response.headers["location"] == f"/api/stories/{live}"
    assert writable.get("/api/stories/s-old-merged").json()["id"] == live


def test_story_articles_event_and_article_with_why(client):
    sid = client.get("/api/stories", params={"entity": "Kowalenko"}).json()["items"][0]["id"]
    articles = client.get(f"/api/stories/{sid}/articles").json()["items"]
    assert len(articles) >= 4 and all(a["id"] for a in articles)
    event_id = articles[0]["event"]
    event = client.get(f"/api/events/{event_id}").json()
    assert event["story"] == sid and event["articles"] and all(a["event"] == event_id for a in event["articles"])
    article = client.get(f"/api/articles/{articles[0]['id']}").json()
    assert article["story"] == sid and article["event"] == event_id and article["text"]
    assert article["why"]["event"]["group"] == event_id and article["why"]["story"]["group"] == sid
    assert client.get("/api/articles/no-such-article").status_code == 404
    assert client.get("/api/events/e99999").status_code == 404


def test_entities_by_any_spelling_with_variants_and_stories(client):
    for q in ("Kowalenko", "Kovalenko", "kowal"):
        items = client.get("/api/entities", params={"q": q}).json()["items"]
        assert items, q
        top = items[0]
        assert {"Kowalenko", "Kovalenko"} <= {v.split()[-1] for v in top["variants"]}
        assert top["stories"] and top["stories"][0]["title"]
    assert client.get("/api/entities", params={"q": "Zzyzxq"}).json() == {"items": []}


def test_search_stems_and_folds_and_highlights(client):
    # "Außenminister"-style folding: Swiss "Zürcher"/"Zurcher" and umlauts; stemming: plural finds singular
    found = client.get("/api/search", params={"q": "Warnstreiks"}).json()["items"]
    assert found and any(i["type"] == "article" for i in found) and any(i["type"] == "story" for i in found)
    assert all("<mark>" in i["snippet_html"] + (i["title_html"] or "") for i in found)
    assert [i["score"] for i in found] == sorted((i["score"] for i in found), reverse=True)
    munchen = {i["id"] for i in client.get("/api/search", params={"q": "München"}).json()["items"]}
    assert munchen and munchen == {i["id"] for i in client.get("/api/search", params={"q": "Munchen"}).json()["items"]}
    hostile = client.get("/api/search", params={"q": 'NEAR( "* -: AND OR'})
    assert hostile.status_code == 200


def test_post_needs_the_token(client):
    body = [{"id": "p1", "text": "Ein kurzer Bericht aus Kiel über eine neue Fähre."}]
    assert client.post("/api/articles", json=body).status_code == 401
    wrong = client.post("/api/articles", json=body, headers={"Authorization": "Bearer wrong"})
    assert wrong.status_code == 401 and wrong.json()["error"] == "unauthorized"


def test_post_limits_answer_413(client):
    auth = {"Authorization": f"Bearer {TOKEN}"}
    too_big = [{"id": "big", "text": "Wort " * 10_000}]
    assert client.post("/api/articles", json=too_big, headers=auth).status_code == 413
    too_many = [{"id": f"m{i}", "text": "Kurzer Text über die Kieler Woche."} for i in range(6)]
    response = client.post("/api/articles", json=too_many, headers=auth)
    assert response.status_code == 413 and response.json()["error"] == "too_large"


def test_post_ingests_reports_each_record_and_is_live(writable):
    auth = {"Authorization": f"Bearer {TOKEN}"}
    before = {s["id"]: s["article_count"] for s in writable.get("/api/stories", params={"limit": 200}).json()["items"]}
    records = [
        {
            "id": "post-1",
            "title": "Hydros: Ingenieure lösen das klemmende Sonnensegel",
            "text": "Das Sonnensegel des Wassersatelliten Hydros hat sich nach Angaben der Betreiber in Friedrichshafen"
            " am Montag doch noch vollständig entfaltet. Projektleiterin Katrin Oberländer sprach von einer"
            " Erleichterung; die ersten Messdaten sollen im Mai folgen.",
            "published": "2025-05-05",
        },
        {"id": "post-2"},
        "not an object",
    ]
    response = writable.post("/api/articles", json=records, headers=auth)
    assert response.status_code == 200
    body = response.json()
    assert (body["read"], body["stored"], body["rejected"]) == (3, 1, 2)
    statuses = [(r["line"], r["status"]) for r in body["results"]]
    assert statuses == [(1, "stored"), (2, "rejected"), (3, "rejected")]
    story = body["results"][0]["story"]
    after = {s["id"]: s["article_count"] for s in writable.get("/api/stories", params={"limit": 200}).json()["items"]}
    assert after[story] == before.get(story, 0) + 1  # published by the POST: no restart, no recompute on read
    assert any(a["id"] == "post-1" for a in writable.get(f"/api/stories/{story}/articles").json()["items"])
    again = writable.post("/api/articles", json=records[:1], headers=auth).json()
    assert again["results"][0]["status"] == "already_stored"


def test_health_and_openapi_docs(client):
    assert client.get("/healthz").json()["status"] == "ok"
    spec = client.get("/openapi.json").json()
    assert {"/api/stories", "/api/stories/{story_id}", "/api/search", "/api/articles"} <= set(spec["paths"])
    docs = client.get("/docs")
    assert docs.status_code == 200 and "/_swagger/swagger-ui-bundle.js" in docs.text
    assert client.get("/_swagger/swagger-ui-bundle.js").status_code == 200


def test_reads_never_compute_a_digest(client, monkeypatch):
    def fail(*args, **kwargs):
        raise AssertionError("a read computed a digest")

    monkeypatch.setattr("storyline.digest.story.build", fail)
    monkeypatch.setattr("storyline.digest.publish.build", fail)
    sid = client.get("/api/stories").json()["items"][0]["id"]
    for path in ("/api/stories", f"/api/stories/{sid}", f"/api/stories/{sid}/articles", "/", f"/stories/{sid}",
                 "/api/search?q=Hamburg", "/api/entities?q=Hamburg"):
        assert client.get(path).status_code == 200, path


def test_an_ingest_by_another_process_shows_without_a_restart(writable, tmp_path):
    import subprocess
    import sys
    from pathlib import Path

    before = writable.get("/api/stories", params={"limit": 200}).json()["items"]
    feed = tmp_path / "more.jsonl"
    record = {
        "id": "live-1",
        "title": "Lotsenstreik legt den Nord-Ostsee-Kanal lahm",
        "text": "Im Nord-Ostsee-Kanal stauen sich seit dem Morgen Dutzende Frachter: Die Kanalsteurer in"
        " Brunsbüttel und Kiel-Holtenau legen für 24 Stunden die Arbeit nieder.",
        "published": "2025-05-06",
    }
    feed.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    storyline = Path(sys.executable).with_name("storyline")
    db = writable.app.state.stores.path
    done = subprocess.run([str(storyline), "ingest", str(feed), "--db", db], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    after = writable.get("/api/stories", params={"limit": 200}).json()["items"]
    assert len(after) == len(before) + 1 and after[0]["title"].startswith("Lotsenstreik")
    found = writable.get("/api/search", params={"q": "Kanalsteurer"}).json()["items"]
    assert any(item["id"] == "live-1" for item in found)

"""The server-rendered pages: content, escaping of untrusted text, security headers."""

from __future__ import annotations

import re

from storyline.serve.pages import sparkline, timeline_chart


def test_list_page_shows_stories_with_filters_and_sparklines(client):
    page = client.get("/")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    first = client.get("/api/stories").json()["items"][0]
    assert first["title"].replace("'", "&#39;").replace('"', "&#34;") in page.text or first["id"] in page.text
    assert page.text.count('class="story-card"') >= 8 and "<svg class=\"spark\"" in page.text
    filtered = client.get("/", params={"entity": "Koessler"})
    assert filtered.text.count('class="story-card"') == 1 and "Solvaria" in filtered.text


def test_story_page_has_timeline_actors_sources_and_articles(client):
    sid = client.get("/api/stories", params={"entity": "Kößler"}).json()["items"][0]["id"]
    story = client.get(f"/api/stories/{sid}").json()
    page = client.get(f"/stories/{sid}").text
    assert '<svg class="timeline"' in page
    for entry in story["timeline"]:
        assert f'id="{entry["event"]}"' in page
    dates = re.findall(r'<span class="date[^"]*">([^<]*)', page)
    assert [d.strip() for d in dates] == [e["date"] or "undated" for e in story["timeline"]]
    assert "Koessler" in page  # a variant spelling is shown
    assert all(f"/articles/{a['id']}" in page for a in story["articles"])


def test_month_precision_is_a_span_and_estimates_are_marked():
    chart = timeline_chart(
        [
            {"event": "e1", "date": "2016-08", "precision": "month", "estimated": False, "title": "a"},
            {"event": "e2", "date": "2016-10-14", "precision": "day", "estimated": True, "title": "b"},
        ]
    )
    first, second = chart["marks"]
    assert first["span"] and first["width"] > 5 * second["width"] / 4 and not first["estimated"]
    assert not second["span"] and second["estimated"] and second["x"] > first["x"] + first["width"]
    assert timeline_chart([{"event": "e1", "date": None, "estimated": False, "title": "x"}]) is None


def test_sparkline_follows_the_volume():
    line = sparkline({"2025-03-01": 1, "2025-03-10": 5, "2025-03-20": 1})
    ys = [float(p.split(",")[1]) for p in line["points"].split()]
    assert min(ys) == ys[len(ys) // 2 - 1] or min(ys) < ys[0]  # the peak (smallest y) is inside the span
    assert line["total"] == 7 and sparkline({}) is None


def test_hostile_article_text_is_shown_as_text(client):
    page = client.get("/articles/xss-1")
    assert page.status_code == 200
    html = page.text
    assert "<script>alert" not in html and "<script>document" not in html
    assert "<img src=x" not in html and "<b>Hafenblatt</b>" not in html
    assert "&lt;script&gt;" in html and "&lt;img src=x onerror=alert(1)&gt;" in html
    assert 'href="javascript:' not in html
    story = client.get("/api/articles/xss-1").json()["story"]
    story_page = client.get(f"/stories/{story}").text
    assert "<script>alert" not in story_page and 'href="javascript:' not in story_page
    search = client.get("/search", params={"q": "Containerkräne"}).text
    assert "<mark>" in search and "<img src=x" not in search and "<script>document" not in search
    listing = client.get("/", params={"q": "Hafenkräne"}).text
    assert "<script>alert" not in listing


def test_every_page_has_a_strict_content_security_policy(client):
    for path in ("/", "/search?q=Hamburg", "/articles/xss-1", "/no/such/page"):
        headers = client.get(path).headers
        csp = headers["content-security-policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "default-src 'none'" in csp
        assert headers["x-content-type-options"] == "nosniff"


def test_page_errors_are_pages_not_traces(client):
    missing = client.get("/stories/s99999")
    assert missing.status_code == 404 and "text/html" in missing.headers["content-type"]
    assert "Traceback" not in missing.text

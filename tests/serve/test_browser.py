"""The pages in a real headless Chromium (Debian's, driven by Playwright): list, story, timeline,
search, article; screenshots saved (to $STORYLINE_SCREENSHOTS when set, as docs/screenshots is made)."""

from __future__ import annotations

import os
import socket
import threading
import time
from pathlib import Path

import pytest

from storyline.serve import Settings, create_app

CHROMIUM = Path(os.environ.get("STORYLINE_CHROMIUM", "/usr/bin/chromium"))


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        message = f"no Chromium at {CHROMIUM}"
        if os.environ.get("STORYLINE_REQUIRE_BROWSER") == "1":
            pytest.fail(message + " (STORYLINE_REQUIRE_BROWSER=1)")
        pytest.skip(message)
    playwright_api = pytest.importorskip("playwright.sync_api")
    with playwright_api.sync_playwright() as playwright:
        args = ["--no-sandbox"] if hasattr(os, "geteuid") and os.geteuid() == 0 else []
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=args, headless=True)
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def server(demo_db):
    import uvicorn

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    app = create_app(Settings(db=str(demo_db)))
    instance = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=instance.run, daemon=True)
    thread.start()
    for _ in range(100):
        if instance.started:
            break
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    instance.should_exit = True
    thread.join(timeout=10)


@pytest.fixture()
def shots(tmp_path) -> Path:
    target = Path(os.environ.get("STORYLINE_SCREENSHOTS") or tmp_path)
    target.mkdir(parents=True, exist_ok=True)
    return target


def _page(browser, width=1200, height=900):
    page = browser.new_page(viewport={"width": width, "height": height})
    problems: list[str] = []
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    return page, problems


def test_list_story_timeline_search_article(browser, server, shots):
    page, problems = _page(browser)
    page.goto(server + "/")
    cards = page.locator("li.story-card")
    assert cards.count() >= 8
    assert page.locator("svg.spark").count() >= 8
    page.screenshot(path=str(shots / "stories.png"), full_page=True)

    page.locator("a.chip", has_text="Kößler").first.click()  # an actor chip: its entity page
    page.wait_for_url("**/entities/**")
    page.locator("ul.stories-small a").first.click()
    page.wait_for_url("**/stories/**")
    assert page.locator("svg.timeline .mark").count() >= 2
    entries = page.locator("ol.timeline-list li.entry")
    assert entries.count() >= 2
    dates = [d.strip() for d in entries.locator(".date").all_inner_texts()]
    dated = [d.split()[0] for d in dates if d and d[0].isdigit()]
    assert dated == sorted(dated)
    page.screenshot(path=str(shots / "story.png"), full_page=True)

    page.fill("#site-q", "Warnstreiks")
    page.press("#site-q", "Enter")
    page.wait_for_url("**/search?q=Warnstreiks")
    results = page.locator("ol.results li.result")
    assert results.count() >= 2 and page.locator("ol.results mark").count() >= 1
    page.screenshot(path=str(shots / "search.png"), full_page=True)

    page.locator("ol.results li.result.article h2 a").first.click()
    page.wait_for_url("**/articles/**")
    assert page.locator("article.article .text p").count() >= 1
    assert page.locator("section.why").count() == 1
    page.screenshot(path=str(shots / "article.png"), full_page=True)
    assert problems == []  # no script errors, no CSP violations


def test_phone_width_reads_without_sideways_scrolling(browser, server, shots):
    page, problems = _page(browser, width=390, height=844)
    page.goto(server + "/")
    sid = page.locator("li.story-card h2 a").first.get_attribute("href")
    page.goto(server + sid)
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 1
    page.screenshot(path=str(shots / "story-phone.png"), full_page=True)
    assert problems == []


def test_hostile_text_stays_text_in_the_browser(browser, server):
    page, problems = _page(browser)
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(server + "/articles/xss-1")
    assert "<script>alert('title')</script>" in page.locator("h1").inner_text()
    assert page.locator("article img").count() == 0
    assert page.title().startswith("<script>") and "pwned" not in page.title()
    page.goto(server + "/search?q=Containerkr%C3%A4ne")
    assert dialogs == [] and page.locator("img").count() == 0

import io
import re

from rich.console import Console

from storyline.digest.actors import Actor
from storyline.digest.render import stories_table, story_view, why_view
from storyline.digest.sources import Source
from storyline.digest.story import Story
from storyline.digest.timeline import Entry
from storyline.digest.why import Evidence, Why

LINK = "[link=https://evil.example]tap here[/link]"
ESCAPES = "\x1b[2J\x1b]8;;https://evil.example\x1b\\x\x1b]8;;\x1b\\\x9b31m\u202e"


def hostile_story() -> Story:
    return Story(
        id="s1",
        kind="story",
        title=f"{LINK} [/] [bold]Hafen",
        summary=[f"Erster Satz {LINK}.", f"Zweiter Satz{ESCAPES}."],
        timeline=[
            Entry("e1", "2025-06-02", "day", True, f"Streik {LINK}", ["a1"], [f"Blatt{ESCAPES}"], f"[/]{ESCAPES}")
        ],
        entities=[Actor("k", f"Kaiwacht [/]{ESCAPES}", "organisation", 2, 1, ["Kaiwacht", f"[dim]KW{ESCAPES}"])],
        sources=[Source(f"Blatt{ESCAPES}", 1, "2025-06-02", "2025-06-02", {"2025-06-02": 1})],
        articles=[{"id": "a1"}],
        first_seen="2025-06-02",
        last_updated="2025-06-02",
        lang="de",
        events=["e1"],
    )


def _printed(renderable) -> str:
    buffer = io.StringIO()
    Console(file=buffer, force_terminal=True, color_system="truecolor", width=400).print(renderable)
    return buffer.getvalue()


def _assert_safe(printed: str) -> None:
    assert "\x1b]8;" not in printed and "\x1b[2J" not in printed  # no OSC 8 link, no screen clear
    assert not re.search("[\x80-\x9f\u202a-\u202e\u2066-\u2069]", printed)
    assert "\\x1b[2J" in printed and "\\x9b31m" in printed and "\\u202e" in printed


def test_story_view_and_stories_table_print_stored_text_as_it_is():
    story = hostile_story()
    for printed in (_printed(story_view(story)), _printed(stories_table([story], f"1 story in {LINK}"))):
        _assert_safe(printed)
        assert LINK in printed
    assert "1 article · 1 event" in _printed(story_view(story))


def test_why_view_prints_stored_text_as_it_is():
    evidence = Evidence(f"s1{ESCAPES}", f"joined {LINK}", 0.5, ["a0"], [{"name": f"[/]{ESCAPES}"}], [], 1.0)
    printed = _printed(why_view(Why(f"a1{ESCAPES}", f"{LINK} [/]", None, f"a0{ESCAPES}", evidence, evidence)))
    _assert_safe(printed)
    assert f"{LINK} [/]" in printed and "time gap 1 day\x1b" not in printed and "time gap 1 day" in printed

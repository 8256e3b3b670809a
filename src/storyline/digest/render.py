"""Stories, a story and the evidence for an article, laid out for the terminal (rich).

Every stored value reaches Rich as :func:`~storyline.terminal.safe` text: never read as markup,
control characters shown as escapes.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from ..terminal import counted, safe
from .story import Story
from .why import Evidence, Why

_KIND_LABEL = {"person": "people", "place": "places", "organisation": "organisations", "other": "other names"}


def stories_table(stories: Sequence[Story], title: str) -> Table:
    """One row per story: id, title, dates, size, top entities; ``title`` is printed as it is, not as markup."""
    table = Table(title=safe(title), show_lines=False)
    for column in ("story", "title", "first seen", "last updated", "articles", "events", "main actors"):
        table.add_column(column, overflow="fold", no_wrap=column in ("story", "first seen", "last updated"))
    for story in stories:
        table.add_row(
            safe(story.id),
            safe(story.title),
            safe(story.first_seen or "—"),
            safe(story.last_updated or "—"),
            str(story.article_count),
            str(len(story.events)),
            safe(", ".join(a.name for a in story.entities[:4])),
        )
    return table


def story_view(story: Story) -> RenderableType:
    """The whole story: title, summary, timeline, actors, sources."""
    head = Text()
    head.append_text(safe(story.title, style="bold"))
    head.append("\n")
    head.append_text(
        safe(
            f"{story.kind} {story.id} · {counted(story.article_count, 'article')} · "
            f"{counted(len(story.events), 'event')} · "
            f"{story.first_seen or 'undated'} – {story.last_updated or 'undated'} · {story.lang or '?'}",
            style="dim",
        )
    )
    summary = Text("\n").join(safe(f"• {sentence}") for sentence in story.summary) or Text("(no summary)")
    timeline = Table(show_header=True, box=None, pad_edge=False)
    for column in ("date", "", "event", "what", "articles", "sources"):
        timeline.add_column(column, overflow="fold", no_wrap=column in ("date", "event"))
    for entry in story.timeline:
        what = safe(entry.title)
        if entry.basis:
            what.append("\n").append_text(safe(entry.basis, style="dim"))
        timeline.add_row(
            safe(entry.date or "undated"),
            "≈" if entry.estimated else "",
            safe(entry.event),
            what,
            str(len(entry.articles)),
            safe(", ".join(entry.sources)),
        )
    actors = Table(show_header=False, box=None, pad_edge=False)
    actors.add_column("kind", style="bold", no_wrap=True)
    actors.add_column("names", overflow="fold")
    for kind, label in _KIND_LABEL.items():
        named = [a for a in story.entities if a.kind == kind]
        if named:
            names = Text(", ").join(
                safe(f"{a.name} ({a.count})")
                + (safe(f" aka {', '.join(a.variants[1:])}", style="dim") if a.variants[1:] else Text())
                for a in named
            )
            actors.add_row(label, names)
    sources = Table(show_header=True, box=None, pad_edge=False)
    for column in ("source", "articles", "first seen", "last updated"):
        sources.add_column(column, overflow="fold")
    for source in story.sources:
        sources.add_row(
            safe(source.name),
            str(source.article_count),
            safe(source.first_seen or "—"),
            safe(source.last_updated or "—"),
        )
    return Group(
        Panel(head, expand=True),
        Panel(summary, title="summary", title_align="left"),
        Panel(timeline, title="timeline", title_align="left"),
        Panel(actors, title="actors and places", title_align="left"),
        Panel(sources, title="sources", title_align="left"),
    )


def why_view(why: Why) -> RenderableType:
    """The evidence for one article."""
    head = Text()
    head.append_text(safe(why.title or why.article, style="bold"))
    head.append("\n")
    head.append_text(safe(f"{why.article} · published {why.published or 'undated'}", style="dim"))
    if why.duplicate_of:
        head.append_text(safe(f" · copy of {why.duplicate_of}", style="dim"))
    return Group(Panel(head), _evidence_panel("event", why.event), _evidence_panel("story", why.story))


def _evidence_panel(level: str, evidence: Evidence) -> Panel:
    lines = [evidence.decision]
    if evidence.score is not None:
        lines.append(f"score {evidence.score:.3f}")
    if evidence.time_gap_days is not None:
        lines.append(f"time gap {evidence.time_gap_days:g} day{'' if evidence.time_gap_days == 1 else 's'}")
    if evidence.shared_entities:
        lines.append("shared names: " + ", ".join(f"{e['name']}" for e in evidence.shared_entities))
    if evidence.shared_terms:
        lines.append("shared terms: " + ", ".join(f"{t['term']}" for t in evidence.shared_terms))
    if not evidence.compared_with:
        lines.append("(alone in its " + level + ")")
    return Panel(
        Text("\n").join(safe(line) for line in lines), title=safe(f"{level} {evidence.group}"), title_align="left"
    )

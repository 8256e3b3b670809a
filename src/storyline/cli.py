"""The ``storyline`` command: ingest, list articles, run the demo."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from .errors import StorylineError
from .ingest import read
from .model import IngestReport
from .options import Options
from .pipeline import Pipeline
from .store import open_store

app = typer.Typer(
    add_completion=False, no_args_is_help=True, help="Storyline: track news stories from a stream of articles."
)
out = Console()
err = Console(stderr=True)

DbOption = Annotated[
    str, typer.Option("--db", envvar="STORYLINE_DB", help="Store: a path, sqlite:///PATH or memory://.")
]
DEMO_DIR = Path(__file__).with_name("demo") / "articles"


def _run_ingest(paths: list[str], db: str, format: str, report_file: Path | None, quiet: bool = False) -> IngestReport:
    options = Options()
    report = IngestReport()
    started = time.monotonic()
    with (
        open_store(db) as store,
        Pipeline(store, options) as pipeline,
        Progress(
            SpinnerColumn(),
            TextColumn("{task.description}"),
            TimeElapsedColumn(),
            console=err,
            transient=True,
            disable=quiet or not err.is_terminal,
        ) as progress,
    ):
        task = progress.add_task("reading", total=None)
        shown = 0

        def on_progress(current: IngestReport) -> None:
            nonlocal shown
            for rejected in current.rejected[shown:]:
                err.print(f"[yellow]rejected[/] {rejected}", highlight=False)
            shown = len(current.rejected)
            rate = current.read / max(time.monotonic() - started, 1e-9)
            progress.update(task, description=f"read {current.read} · stored {current.stored} · {rate:,.0f}/s")

        pipeline.ingest(read(paths, format, options), report, on_progress)  # type: ignore[arg-type]
        on_progress(report)
    if report_file is not None:
        with open(report_file, "w", encoding="utf-8") as handle:
            for rejected in report.rejected:
                handle.write(json.dumps(rejected.to_dict(), ensure_ascii=False) + "\n")
    return report


def _print_report(report: IngestReport, db: str) -> None:
    counts = report.to_dict()
    out.print(
        f"read {counts['read']} · stored {counts['stored']} · already stored {counts['already_stored']} · "
        f"duplicates {counts['duplicates']} · rejected {counts['rejected']}  → {db}",
        highlight=False,
    )


@app.command()
def ingest(
    paths: Annotated[list[str], typer.Argument(help="Files or directories (recursive); '-' reads JSONL from stdin.")],
    db: DbOption = "storyline.db",
    format: Annotated[str, typer.Option("--format", help="auto, text, jsonl or html.")] = "auto",
    report: Annotated[Path | None, typer.Option("--report", help="Write rejected records here as JSONL.")] = None,
) -> None:
    """Read, clean, date and store articles. Exit code 2 when some records were rejected."""
    if format not in ("auto", "text", "jsonl", "html"):
        err.print(f"[red]error:[/] unknown --format {format!r}; use auto, text, jsonl or html")
        raise typer.Exit(1)
    try:
        result = _run_ingest(paths, db, format, report)
    except StorylineError as error:
        err.print(f"[red]error:[/] {error}")
        raise typer.Exit(1) from error
    _print_report(result, db)
    raise typer.Exit(2 if result.rejected else 0)


@app.command()
def articles(
    db: DbOption = "storyline.db",
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per line.")] = False,
) -> None:
    """List stored articles in arrival order."""
    if not as_json and not Path(db).exists() and "://" not in db:
        err.print(f"[red]error:[/] no store at {db}; run 'storyline ingest' first")
        raise typer.Exit(1)
    with open_store(db) as store:
        if as_json:
            write = sys.stdout.write
            for stored in store.articles():
                write(json.dumps(stored.to_dict(), ensure_ascii=False) + "\n")
            return
        _print_table(store)


def _print_table(store) -> None:  # type: ignore[no-untyped-def]
    table = Table(title=f"{store.count()} articles in {store.path}", show_lines=False)
    for column in ("id", "published", "lang", "source", "title", "copy of"):
        table.add_column(column, overflow="fold")
    for stored in store.articles():
        a = stored.article
        title = a.title or (a.text[:60] + "…")
        table.add_row(
            a.id[:24], a.published or "—", a.lang or "—", a.source or "—", title, (stored.duplicate_of or "")[:24]
        )
    out.print(table)


@app.command()
def demo(db: DbOption = "storyline-demo.db") -> None:
    """Ingest the built-in demo articles (German and English) and show what the store holds."""
    out.print(f"[bold]Storyline demo[/]: ingesting {DEMO_DIR}")
    result = _run_ingest([str(DEMO_DIR)], db, "auto", None)
    _print_report(result, db)
    with open_store(db) as store:
        _print_table(store)


def main() -> None:
    app()


if __name__ == "__main__":
    main()

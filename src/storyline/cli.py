"""The ``storyline`` command: ingest, list articles, run the demo."""

from __future__ import annotations

import contextlib
import json
import os
import sys
import time
from collections.abc import Iterator
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    Progress,
    ProgressColumn,
    SpinnerColumn,
    TaskProgressColumn,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.style import Style
from rich.table import Table
from rich.text import Text

from .errors import StorylineError
from .ingest import ReadState, detect_format, read
from .ingest.files import open_regular, walk
from .model import Article, IngestReport, Rejected
from .options import Options
from .pipeline import Pipeline
from .store import HandoffStore, Store, open_store
from .terminal import counted, print_fitted, safe, unwrapped, visible

if TYPE_CHECKING:
    from .fetch import FeedPoll

app = typer.Typer(
    add_completion=False, no_args_is_help=True, help="Storyline: track news stories from a stream of articles."
)
out = Console()
err = Console(stderr=True)

DbOption = Annotated[
    str, typer.Option("--db", envvar="STORYLINE_DB", help="Store: a path, sqlite:///PATH or memory://.")
]
DenseOption = Annotated[
    str,
    typer.Option("--dense", help="Dense vectors as one more signal: none, e5 or static (pip install -e '.[dense]')."),
]
AllowPrivateOption = Annotated[
    bool,
    typer.Option(
        "--allow-private-urls",
        envvar="STORYLINE_ALLOW_PRIVATE_URLS",
        help="Fetch urls that resolve to private, loopback, link-local or multicast addresses (off: no SSRF).",
    ),
]
IgnoreRobotsOption = Annotated[
    bool,
    typer.Option(
        "--ignore-robots",
        envvar="STORYLINE_IGNORE_ROBOTS",
        help="Fetch entry pages even where the site's robots.txt does not let Storyline (off: it is obeyed).",
    ),
]
DelayOption = Annotated[
    float | None,
    typer.Option("--delay", envvar="STORYLINE_HOST_DELAY", help="Seconds between two requests to one host (1)."),
]
FetchSettings = dict[str, Any]  # Options fields for fetching, from command-line flags
DEMO_DIR = Path(__file__).with_name("demo") / "articles"


def _fetch_settings(allow_private_urls: bool, delay: float | None, ignore_robots: bool = False) -> FetchSettings:
    """The Options fields the fetching flags set."""
    settings: FetchSettings = {"allow_private_urls": allow_private_urls, "respect_robots": not ignore_robots}
    if delay is not None:
        settings["host_delay"] = delay
    return settings


def _error(message: object) -> None:
    """``error: message`` on stderr; the message (paths, ids, input) printed as it is, escapes made visible."""
    err.print(Text.assemble(("error:", "red"), " ", safe(message, multiline=True)))


def _rejected(rejected: object) -> None:
    """``rejected source:line: reason`` on stderr, on one line, escapes made visible."""
    err.print(Text.assemble(("rejected", "yellow"), " ", safe(rejected)))


def _version() -> str:
    try:
        return metadata.version("storyline")
    except metadata.PackageNotFoundError:  # run from a source tree that was not installed
        from . import __version__

        return __version__


def _print_version(shown: bool) -> None:
    if shown:
        out.print(f"storyline {_version()}", highlight=False)
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool, typer.Option("--version", callback=_print_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    """Storyline: track news stories from a stream of articles."""
    unwrapped(out)  # a pipe or a file gets one line per table row
    unwrapped(err)


def _run_ingest(
    paths: list[str],
    db: str,
    format: str,
    report_file: Path | None,
    quiet: bool = False,
    events: bool = True,
    dense: str = "none",
    wait: bool = True,
    fetching: FetchSettings | None = None,
    executor: str = "auto",
    publish_every: float | None = None,
) -> IngestReport:
    """Run the ingest with progress on stderr; Ctrl-C stops it at once (:class:`_Interrupted`)."""
    every = Options.publish_every if publish_every is None else publish_every
    options = Options(
        events=events, embedder=dense, executor=executor, hand_off=wait, publish_every=every, **(fetching or {})
    )
    report = IngestReport()
    before: int | None = None
    try:
        with open_store(db) as store, _writer_for(store, options):
            before = store.count()
            return _ingest_into(store, paths, format, report_file, report, options, quiet)
    except KeyboardInterrupt:
        if before is None:
            raise _Interrupted(0, report.read) from None
        with open_store(db) as store:  # what the batches committed before the interrupt hold
            raise _Interrupted(store.count() - before, report.read) from None


def _writer_for(store: Store, options: Options) -> contextlib.AbstractContextManager[None]:
    """The store's writer lock for the whole ingest (waiting for another writer, or failing at once
    with ``--no-wait``) — unless the store takes hand-offs (PostgreSQL): then the pipeline takes the
    lock, or hands its analysed articles to the process holding it."""
    if options.hand_off and isinstance(store, HandoffStore):
        return contextlib.nullcontext()
    return store.writer(options.hand_off, on_wait=_waiting)


class _Interrupted(Exception):
    """Ctrl-C during an ingest: ``stored`` articles were stored of ``read`` read."""

    def __init__(self, stored: int, read: int) -> None:
        self.stored, self.read = stored, read


def _waiting(holder: str) -> None:
    err.print(Text.assemble("waiting: another ingest is writing to this store (", safe(holder), ") …"))


def _ingest_into(  # type: ignore[no-untyped-def]
    store, paths: list[str], format: str, report_file: Path | None, report: IngestReport, options: Options, quiet: bool
) -> IngestReport:
    started = time.monotonic()
    drawn = not quiet and err.is_terminal
    expected = _expected_records(paths, format) if drawn else None
    polls: list[FeedPoll] = []
    state = ReadState()  # records a reader leaves out on purpose (WARC requests, revisits, non-HTML)
    with (
        contextlib.ExitStack() as fetchers,
        Pipeline(store, options) as pipeline,
        Progress(*_progress_columns(expected), console=err, transient=True, disable=not drawn) as progress,
    ):
        task = progress.add_task("reading", total=expected)
        shown = 0

        def on_progress(current: IngestReport) -> None:
            nonlocal shown
            for rejected in current.rejected[shown:]:
                _rejected(rejected)
            shown = len(current.rejected)
            rate = current.read / max(time.monotonic() - started, 1e-9)
            progress.update(
                task,
                description=f"read {current.read} · stored {current.stored} · {rate:,.0f}/s",
                completed=current.read if expected is None else min(current.read, expected),
            )

        records = _inputs(store, paths, format, options, polls, fetchers, state)
        pipeline.ingest(records, report, on_progress)  # type: ignore[arg-type]
        on_progress(report)
    for polled in polls:  # only now that its entries are stored: a crash before makes the next run read them
        store.save_feed_state(polled.state)
        report.read += polled.known
        report.already_stored += polled.known
        if not quiet:
            _feed_line(polled)
    if state.skipped and not quiet:
        said = ", ".join(f"{n} {why}" for why, n in state.skipped.most_common())
        err.print(safe(f"skipped {counted(sum(state.skipped.values()), 'record')} (not articles): {said}"))
    if report_file is not None:
        with open(report_file, "w", encoding="utf-8") as handle:
            for rejected in report.rejected:
                handle.write(json.dumps(rejected.to_dict(), ensure_ascii=False) + "\n")
    return report


def _inputs(  # type: ignore[no-untyped-def]
    store,
    paths: list[str],
    format: str,
    options: Options,
    polls: list[FeedPoll],
    fetchers: contextlib.ExitStack,
    state: ReadState,
) -> Iterator[Article | Rejected]:
    """The records of ``paths`` in order: files and folders read, http(s) urls fetched (a feed's
    entries, or a page); each url's poll is added to ``polls``."""
    from .fetch import Fetcher, is_url, poll

    fetcher: Fetcher | None = None
    for given in paths:
        if not is_url(given):
            yield from read([given], format, options, state=state)  # type: ignore[arg-type]
            continue
        if fetcher is None:
            fetcher = fetchers.enter_context(Fetcher(options))
        polled = poll(given, fetcher, store.existing, store.feed_state(given))
        polls.append(polled)
        yield from polled.records


def _feed_line(polled: FeedPoll) -> None:
    """One line on stderr about a fetched feed: what it held and what was fetched."""
    if polled.error:
        return  # reported as a rejection
    if polled.not_modified:
        said = "not modified since the last fetch"
    else:
        said = (
            f"{counted(polled.entries, 'entry', 'entries')} · {polled.known} stored before · "
            f"{counted(polled.pages, 'page')} fetched"
        )
        if polled.deferred:
            said += f" · {polled.deferred} left for the next run (at most {counted(polled.pages, 'page')} a run)"
    err.print(Text.assemble(("feed", "cyan"), " ", safe(polled.url), " ", safe(said)))


def _progress_columns(expected: int | None) -> list[ProgressColumn]:
    """A spinner while the size of the input is unknown (stdin), else a bar with percentage and time left."""
    if expected is None:
        return [SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn()]
    return [
        TextColumn("{task.description}"),
        BarColumn(),
        TaskProgressColumn(),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
    ]


def _expected_records(paths: list[str], format: str) -> int | None:
    """About how many records ``paths`` hold, for the progress bar: one per text or HTML file (and per
    file that cannot be read), one per line of a JSONL file; ``None`` when reading stdin."""
    if "-" in paths or any(given.lower().startswith(("http://", "https://")) for given in paths):
        return None
    total = 0
    for given in paths:
        for file, problem in walk(Path(given)):  # the files ``read`` opens, found as it finds them
            kind = None if problem else format if format != "auto" else detect_format(file)
            if kind == "warc":
                return None  # records of any number and size: a spinner
            total += _lines(file) if kind == "jsonl" else 1
    return total


def _lines(path: Path) -> int:
    handle = open_regular(path)
    if isinstance(handle, str):
        return 1  # rejected by the reader
    with handle:
        try:
            return sum(chunk.count(b"\n") for chunk in iter(lambda: handle.read(1 << 20), b"")) or 1
        except OSError:  # the reader will say what went wrong
            return 1


def _print_report(report: IngestReport, db: str) -> None:
    counts = report.to_dict()
    out.print(
        safe(
            f"read {counts['read']} · stored {counts['stored']} · already stored {counts['already_stored']} · "
            f"duplicates {counts['duplicates']} · rejected {counts['rejected']}"
            + (f" · handed off {report.handed_off} to the ingest writing to it" if report.handed_off else "")
            + f"  → {db}"
        )
    )


@app.command()
def ingest(
    paths: Annotated[
        list[str],
        typer.Argument(
            help="Files or directories (recursive), http(s) urls of RSS/Atom feeds or pages;"
            " '-' reads JSONL from stdin."
        ),
    ],
    db: DbOption = "storyline.db",
    format: Annotated[str, typer.Option("--format", help="auto, text, jsonl, html or warc.")] = "auto",
    report: Annotated[Path | None, typer.Option("--report", help="Write rejected records here as JSONL.")] = None,
    events: Annotated[bool, typer.Option("--events/--no-events", help="Group into events and stories.")] = True,
    dense: DenseOption = "none",
    wait: Annotated[
        bool,
        typer.Option(
            "--wait/--no-wait",
            help="When another ingest is writing to the store: wait for it (default; with PostgreSQL, hand it this"
            " ingest's analysed articles instead), or fail at once (exit 1).",
        ),
    ] = True,
    allow_private_urls: AllowPrivateOption = False,
    delay: DelayOption = None,
    ignore_robots: IgnoreRobotsOption = False,
    executor: Annotated[
        str,
        typer.Option(
            "--executor",
            help="What runs the per-article stages: auto (default: a process per core for a large input),"
            " inprocess, pool, pool:N, dask://local or dask://HOST:PORT (the [dask] extra).",
        ),
    ] = "auto",
    publish_every: Annotated[
        float | None,
        typer.Option(
            "--publish-every",
            min=0.0,
            help="Seconds between two publishes of the touched stories' digests while the input runs (default 2:"
            " stories readable as they grow); a bulk back-fill spends less on digests with a longer pause. The"
            " end of the input always publishes every story touched.",
        ),
    ] = None,
) -> None:
    """Read, clean, date and store articles. Exit code 2 when some records were rejected, 130 on Ctrl-C
    (what was stored stays stored: running the same command again stores the rest).

    A url is fetched: an RSS or Atom feed's new entries (their pages fetched unless the entry
    carries the full text; entries stored before are not fetched again; an entry page the site's
    robots.txt keeps from Storyline is reported, not fetched, unless --ignore-robots), or one HTML
    page.  Urls resolving to private, loopback or link-local addresses are refused unless
    --allow-private-urls.

    On a terminal a progress bar shows the records read out of those expected (one per text or HTML
    file, one per line of a JSONL file), with the time left; reading stdin shows a spinner."""
    if format not in ("auto", "text", "jsonl", "html", "warc"):
        _error(f"unknown --format {format!r}; use auto, text, jsonl, html or warc")
        raise typer.Exit(1)
    try:
        fetching = _fetch_settings(allow_private_urls, delay, ignore_robots)
        result = _run_ingest(
            paths,
            db,
            format,
            report,
            events=events,
            dense=dense,
            wait=wait,
            fetching=fetching,
            executor=executor,
            publish_every=publish_every,
        )
    except StorylineError as error:
        _error(error)
        raise typer.Exit(1) from error
    except _Interrupted as stop:
        err.print(
            f"interrupted: {counted(stop.stored, 'article')} stored of {stop.read} read; run the same command"
            " again to store the rest",
            highlight=False,
        )
        raise typer.Exit(130) from None
    _print_report(result, db)
    raise typer.Exit(2 if result.rejected else 0)


@app.command()
def articles(
    db: DbOption = "storyline.db",
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per line.")] = False,
) -> None:
    """List stored articles in arrival order."""
    with _open_existing(db) as store:
        if as_json:
            write = sys.stdout.write
            for stored in store.articles():
                write(json.dumps(stored.to_dict(), ensure_ascii=False) + "\n")
            return
        _print_table(store)


def _print_table(store) -> None:  # type: ignore[no-untyped-def]
    table = Table(title=safe(f"{counted(store.count(), 'article')} in {store.path}"), show_lines=False)
    for column in ("story", "event", "published", "lang", "title", "id", "copy of"):
        table.add_column(column, overflow="fold", no_wrap=column in ("story", "event", "published", "lang"))

    def order(s):  # type: ignore[no-untyped-def]  # stories s1, s2, … s10 in number order, then by date
        story = s.story or "~"
        return (len(story), story, s.article.published or "~", s.seq)

    rows = sorted(store.articles(), key=order)
    for stored in rows:
        a = stored.article
        title = a.title or (a.text[:60] + "…")
        table.add_row(
            safe(stored.story or "—"),
            safe(stored.event or "—"),
            safe(a.published or "—"),
            safe(a.lang or "—"),
            safe(title),
            safe(a.id),  # whole: the id a reader copies into `storyline why`
            safe(stored.duplicate_of or ""),
        )
    out.print(table)


@app.command()
def demo(
    db: DbOption = "storyline-demo.db",
    serve_after: Annotated[
        bool, typer.Option("--serve/--no-serve", help="End by serving the demo store on the web.")
    ] = True,
    host: Annotated[str, typer.Option("--host", help="Address to serve on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port to serve on.")] = 8000,
) -> None:
    """Ingest the built-in demo articles (German and English), show what the store holds, then serve it."""
    from .digest import digest as story_digest
    from .digest.render import stories_table, story_view

    out.print(Text.assemble(("Storyline demo", "bold"), ": ingesting ", safe(DEMO_DIR)))
    result = _run_ingest([str(DEMO_DIR)], db, "auto", None)
    _print_report(result, db)
    with open_store(db) as store:
        _print_table(store)
        stories = _digest_all(store, complete=False)
        out.print(stories_table(stories, f"{counted(len(stories), 'story', 'stories')} in {store.path}"))
        if stories:
            largest = max(stories, key=lambda s: (s.article_count, s.id))
            print_fitted(out, story_view(story_digest(store, largest.id)))
            more = (
                f"storyline stories --db {db} · storyline show STORY_ID --db {db} · storyline why ARTICLE_ID --db {db}"
            )
            out.print(safe(f"More: {more}", style="dim"))
    if serve_after:
        _serve(db, host, port, None)


def _serve(db: str, host: str | None, port: int | None, env_file: Path | None) -> None:
    import uvicorn
    from pydantic import ValidationError

    from .serve import Settings, create_app

    values = {k: v for k, v in {"db": db, "host": host, "port": port}.items() if v is not None}
    try:
        settings = Settings(_env_file=env_file, **values)  # type: ignore[call-arg, arg-type]
        # publishes what an older Storyline or a killed ingest left unpublished, once, before serving
        application = create_app(settings)
    except StorylineError as error:
        _error(error)
        raise typer.Exit(1) from error
    except ValidationError as error:
        _error(f"invalid settings: {error}")
        raise typer.Exit(1) from error
    address = f"http://{settings.host}:{settings.port}/"
    out.print(
        Text.assemble(
            ("Serving", "bold"),
            " ",
            safe(settings.db),
            " on ",
            safe(address, style=Style(link=visible(address))),
            safe(f" (API: {address}docs) · Ctrl-C stops"),
        )
    )
    if settings.token is None:
        out.print("No STORYLINE_TOKEN set: POST /api/articles answers 401.", style="dim")
    if settings.workers == 1:
        uvicorn.run(application, host=settings.host, port=settings.port, log_level="warning")
        return
    # several processes: each builds its app from the same settings, passed on in the environment
    os.environ.update(
        {"STORYLINE_DB": settings.db, "STORYLINE_HOST": settings.host, "STORYLINE_PORT": str(settings.port)}
    )
    if env_file is not None:
        os.environ["STORYLINE_ENV_FILE"] = str(env_file)
    uvicorn.run(
        "storyline.serve.app:from_environment",
        factory=True,
        host=settings.host,
        port=settings.port,
        workers=settings.workers,
        log_level="warning",
    )


@app.command()
def serve(
    db: DbOption = "storyline.db",
    host: Annotated[str | None, typer.Option("--host", help="Address (default 127.0.0.1).")] = None,
    port: Annotated[int | None, typer.Option("--port", help="Port (default 8000).")] = None,
    env_file: Annotated[
        Path | None, typer.Option("--env-file", help="Settings file of STORYLINE_… lines (token, limits).")
    ] = None,
) -> None:
    """Serve the stories: web pages at / and a JSON API at /api (docs at /docs).

    Settings come from STORYLINE_… environment variables or --env-file: STORYLINE_TOKEN (needed by
    POST /api/articles), STORYLINE_MAX_BODY_BYTES, STORYLINE_MAX_ARTICLES, STORYLINE_PAGE_SIZE."""
    if not Path(db).exists() and "://" not in db:
        _error(f"no store at {db}; run 'storyline ingest' first")
        raise typer.Exit(1)
    _serve(db, host, port, env_file)


def _digest_all(store, complete: bool):  # type: ignore[no-untyped-def]
    """Every story's digest, with a progress bar on stderr while new ones are computed."""
    from .digest import digests

    with Progress(
        TextColumn("{task.description}"),
        TimeElapsedColumn(),
        console=err,
        transient=True,
        disable=not err.is_terminal,
    ) as progress:
        task = progress.add_task("digesting stories", total=None)

        def on_progress(done: int, total: int) -> None:
            progress.update(task, description=f"digesting stories {done}/{total}")

        return digests(store, complete=complete, on_progress=on_progress)


def _open_existing(db: str):  # type: ignore[no-untyped-def]
    """The store at ``db`` for reading, or a one-line error and exit code 1 (none there, not a store)."""
    if not Path(db).exists() and "://" not in db:
        _error(f"no store at {db}; run 'storyline ingest' first")
        raise typer.Exit(1)
    try:
        return open_store(db)
    except StorylineError as error:
        _error(error)
        raise typer.Exit(1) from error


@app.command()
def stories(
    db: DbOption = "storyline.db",
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per line.")] = False,
    lang: Annotated[str | None, typer.Option("--lang", help="Only stories in this main language.")] = None,
    since: Annotated[
        str | None, typer.Option("--since", help="Only stories updated on or after this date (YYYY[-MM[-DD]]).")
    ] = None,
    entity: Annotated[
        str | None, typer.Option("--entity", help="Only stories naming this entity (any spelling).")
    ] = None,
    limit: Annotated[int, typer.Option("--limit", help="At most this many stories (0: all).")] = 0,
) -> None:
    """List stories, most recently updated first: title, dates, article count, top entities."""
    from .digest import select
    from .digest.render import stories_table

    with _open_existing(db) as store:
        try:
            chosen = select(_digest_all(store, complete=False), lang=lang, since=since, entity=entity)
        except (StorylineError, ValueError) as error:
            _error(error)
            raise typer.Exit(1) from error
        if limit > 0:
            chosen = chosen[:limit]
        if as_json:
            for story in chosen:
                sys.stdout.write(json.dumps(story.header(), ensure_ascii=False) + "\n")
            return
        out.print(stories_table(chosen, f"{counted(len(chosen), 'story', 'stories')} in {store.path}"))


@app.command()
def show(
    story_id: Annotated[str, typer.Argument(help="A story id (s…) or an event id (e…).")],
    db: DbOption = "storyline.db",
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object.")] = False,
) -> None:
    """Show a story: title, summary, timeline, actors and places, sources, articles."""
    from .digest import digest as story_digest
    from .digest.render import story_view

    _print_one(db, as_json, lambda store: story_digest(store, story_id), story_view)


@app.command()
def why(
    article_id: Annotated[str, typer.Argument(help="An article id.")],
    db: DbOption = "storyline.db",
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object.")] = False,
) -> None:
    """Why an article is in its event and story: shared entities and terms, time gap, score."""
    from .digest.render import why_view
    from .digest.why import explain

    _print_one(db, as_json, lambda store: explain(store, article_id), why_view)


def _print_one(db: str, as_json: bool, compute, render) -> None:  # type: ignore[no-untyped-def]
    """One object from the store: as one JSON line, or laid out by ``render``; exit 1 when it is not there."""
    with _open_existing(db) as store:
        try:
            found = compute(store)
        except StorylineError as error:
            _error(error)
            raise typer.Exit(1) from error
        if as_json:
            sys.stdout.write(json.dumps(found.to_dict(), ensure_ascii=False) + "\n")
            return
        print_fitted(out, render(found))


@app.command()
def export(
    db: DbOption = "storyline.db",
    format: Annotated[str, typer.Option("--format", help="json (an array), jsonl or csv.")] = "json",
    output: Annotated[Path | None, typer.Option("--out", help="Write here instead of stdout.")] = None,
) -> None:
    """Write all stories: json/jsonl with everything `show --json` gives, csv with one row per story."""
    from .digest.export import write_export

    if format not in ("json", "jsonl", "csv"):
        _error(f"unknown --format {format!r}; use json, jsonl or csv")
        raise typer.Exit(1)
    with _open_existing(db) as store:
        all_stories = _digest_all(store, complete=True)
    if output is None:
        write_export(all_stories, format, sys.stdout)
    else:
        with open(output, "w", encoding="utf-8", newline="") as handle:
            write_export(all_stories, format, handle)
        err.print(safe(f"{counted(len(all_stories), 'story', 'stories')} → {output}"))


@app.command()
def cluster(
    inputs: Annotated[
        list[Path],
        typer.Argument(
            help="JSONL files of articles (id, title?, text, published?, lang?), or folders of text/HTML files."
        ),
    ],
    out_path: Annotated[Path, typer.Option("--out", help="Write one {id, event, story} line per input article.")],
    db: Annotated[str | None, typer.Option("--db", help="Keep the articles, events and stories in this store.")] = None,
    dense: DenseOption = "none",
) -> None:
    """Group articles into events and stories as one stream (sorted by published, else file order)."""
    from .cluster.batch import Clustered, cluster_stream

    options = _options(embedder=dense)
    articles: list[Article] = []
    rejected: list[Rejected] = []
    for record in read([str(path) for path in inputs], "auto", options):
        if isinstance(record, Rejected):
            rejected.append(record)
        else:
            articles.append(record)
    for bad in rejected:
        _rejected(bad)
    try:
        results = cluster_stream(articles, options, db or "memory://")
    except StorylineError as error:
        _error(error)
        raise typer.Exit(1) from error
    for number, bad in enumerate((r for r in rejected if r.record_id), start=1):
        # a record without usable text still gets its line: an event and a story of its own
        results.append(Clustered(bad.record_id or "", f"e-rejected{number}", f"s-rejected{number}"))
    with open(out_path, "w", encoding="utf-8") as handle:
        for item in results:
            row = {"id": item.id, "event": item.event, "story": item.story}
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    events = len({item.event for item in results})
    stories = len({item.story for item in results})
    out.print(
        safe(
            f"{counted(len(results), 'article')} · {counted(events, 'event')} · "
            f"{counted(stories, 'story', 'stories')} → {out_path}"
        )
    )
    raise typer.Exit(2 if rejected else 0)


@app.command()
def similarity(
    pairs_path: Annotated[Path, typer.Argument(help="JSONL rows {id, a: {title?, text, ...}, b: {...}}.")],
    out_path: Annotated[Path, typer.Option("--out", help="Write {id, similarity} lines here.")],
    dense: DenseOption = "none",
) -> None:
    """How likely each pair of articles reports the same story (0..1), from the clusterer's signals."""
    from .cluster.batch import pair_similarities
    from .ingest.jsonl import record_to_article

    pairs, bad = [], 0
    with open(pairs_path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
                sides = [
                    record_to_article({**row[side], "id": f"{row['id']}/{side}"}, str(pairs_path), number)
                    for side in ("a", "b")
                ]
            except (json.JSONDecodeError, KeyError, TypeError) as error:
                _rejected(f"{pairs_path}:{number}: {error}")
                bad += 1
                continue
            a, b = (
                side if not isinstance(side, Rejected) else Article(id=side.record_id or "", text="") for side in sides
            )
            pairs.append((str(row["id"]), a, b))
    scores = pair_similarities(pairs, _options(embedder=dense))
    with open(out_path, "w", encoding="utf-8") as handle:
        for (pair_id, _, _), score in zip(pairs, scores, strict=True):
            handle.write(json.dumps({"id": pair_id, "similarity": round(score, 6)}) + "\n")
    out.print(safe(f"{counted(len(pairs), 'pair')} → {out_path}"))
    raise typer.Exit(2 if bad else 0)


@app.command()
def watch(
    feeds: Annotated[Path, typer.Argument(help="FEEDS.txt: one feed url a line (# comments).")],
    db: DbOption = "storyline.db",
    every: Annotated[str, typer.Option("--every", help="Poll each feed this often: 30s, 10m, 1h.")] = "10m",
    alerts_file: Annotated[Path | None, typer.Option("--alerts", help="ALERTS.toml: alerts to fire.")] = None,
    once: Annotated[bool, typer.Option("--once", help="One round, then exit (for cron and tests).")] = False,
    allow_private_urls: AllowPrivateOption = False,
    delay: DelayOption = None,
    ignore_robots: IgnoreRobotsOption = False,
) -> None:
    """Poll feeds, ingest new entries into events and stories as they come, and fire alerts.

    One line per round (feeds polled, new entries, stored, alerts fired). A failing feed backs off and
    never stops the others. Ctrl-C or SIGTERM stops after the current feed; the feeds' state, the
    stories and the alerts fired are in the store, so a restart carries on where it stopped."""
    import signal
    import threading

    from .fetch.alerts import load_alerts
    from .fetch.watch import Round, parse_every, read_feed_list
    from .fetch.watch import watch as run_watch

    try:
        interval = parse_every(every)
        urls = read_feed_list(feeds)
        alerts = load_alerts(alerts_file) if alerts_file else []
        options = Options(**_fetch_settings(allow_private_urls, delay, ignore_robots))
        store = open_store(db)
    except StorylineError as error:
        _error(error)
        raise typer.Exit(1) from error
    stop = threading.Event()

    def on_signal(number: int, frame: object) -> None:
        if stop.is_set():  # a second Ctrl-C: stop at once
            raise KeyboardInterrupt
        stop.set()

    previous = {sig: signal.signal(sig, on_signal) for sig in (signal.SIGINT, signal.SIGTERM)}

    def on_round(done: Round) -> None:
        for failed in done.failed:
            _rejected(f"{failed.url}: {failed.error} (failures in a row: {failed.state.failures})")
        for rejected in done.rejected:
            _rejected(rejected)
        for failure in done.alert_failures:
            _error(f"alert {failure} (retried next round)")
        stamp = time.strftime("%H:%M:%S")
        err.print(
            safe(
                f"{stamp} round {done.number}: {counted(done.polled, 'feed')} polled · "
                f"{done.new_entries} new entries · stored {done.stored} · "
                f"{counted(done.fired, 'alert')} fired"
                + (f" · {done.deferred} entries left for the next round (feed_max_pages)" if done.deferred else "")
            )
        )

    out.print(safe(f"watching {counted(len(urls), 'feed')} every {every} → {db}; Ctrl-C stops"), highlight=False)
    try:
        with store:
            rounds = run_watch(store, urls, options, interval, alerts, stop, on_round, once=once)
    except StorylineError as error:
        _error(error)
        raise typer.Exit(1) from error
    except KeyboardInterrupt:
        err.print("interrupted", highlight=False)
        raise typer.Exit(130) from None
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    err.print(f"stopped after {counted(rounds, 'round')}", highlight=False)


alerts_app = typer.Typer(no_args_is_help=True, help="Alerts: saved queries that fire on new articles.")
app.add_typer(alerts_app, name="alerts")


@alerts_app.command("test")
def alerts_test(
    alerts_file: Annotated[Path, typer.Argument(help="ALERTS.toml.")],
    db: DbOption = "storyline.db",
) -> None:
    """Print (as JSON lines) what the alerts would fire on the store now, without recording it."""
    from .fetch.alerts import load_alerts, pending

    try:
        alerts = load_alerts(alerts_file)
    except StorylineError as error:
        _error(error)
        raise typer.Exit(1) from error
    with _open_existing(db) as store:
        firings = pending(store, alerts, {})
    for firing in firings:
        sys.stdout.write(json.dumps(firing.record, ensure_ascii=False) + "\n")
    err.print(safe(f"{counted(len(firings), 'alert')} would fire ({counted(len(alerts), 'alert')} checked)"))


eval_app = typer.Typer(no_args_is_help=True, help="Score predictions against gold labels.")
app.add_typer(eval_app, name="eval")


@eval_app.command("clusters")
def eval_clusters(
    gold: Annotated[Path, typer.Argument(help="Gold JSONL: id and a label field.")],
    predicted: Annotated[Path, typer.Argument(help="Predictions JSONL: id, event, story.")],
    key: Annotated[str, typer.Option("--key", help="event or story.")] = "event",
    gold_key: Annotated[str | None, typer.Option("--gold-key", help="Gold field (default: KEY, else label).")] = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """BCubed, pairwise P/R/F1, NMI, ARI and cluster counts."""
    from .evaluate import cluster_scores, format_scores, load_assignments

    if key not in ("event", "story"):
        _error("--key must be event or story")
        raise typer.Exit(1)
    try:
        gold_labels = _load_gold(gold, gold_key, key, load_assignments)
        scores = cluster_scores(gold_labels, load_assignments(predicted, key))
    except StorylineError as error:
        _error(error)
        raise typer.Exit(1) from error
    out.print(json.dumps(scores) if as_json else format_scores(scores), highlight=False)


def _load_gold(path: Path, gold_key: str | None, key: str, loader):  # type: ignore[no-untyped-def]
    if gold_key:
        return loader(path, gold_key)
    try:
        return loader(path, key)
    except StorylineError:
        return loader(path, "label")


@eval_app.command("pairs")
def eval_pairs(
    gold: Annotated[Path, typer.Argument(help="Gold JSONL: id and overall (1 same … 4 unrelated).")],
    predicted: Annotated[Path, typer.Argument(help="Predictions JSONL: id and similarity.")],
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Pearson and Spearman of the similarity against −overall."""
    from .evaluate import format_scores, load_pair_gold, load_pair_predictions, pair_scores

    try:
        scores = pair_scores(load_pair_gold(gold), load_pair_predictions(predicted))
    except StorylineError as error:
        _error(error)
        raise typer.Exit(1) from error
    out.print(json.dumps(scores) if as_json else format_scores(scores), highlight=False)


def _options(**values: object) -> Options:
    """Options from command-line values, or a clear error and exit code 1."""
    try:
        return Options(**values)  # type: ignore[arg-type]
    except StorylineError as error:
        _error(error)
        raise typer.Exit(1) from error


def main() -> None:
    try:
        app()
    except StorylineError as error:  # every command catches its own; this is the last net
        _error(error)
        sys.exit(1)


if __name__ == "__main__":
    main()

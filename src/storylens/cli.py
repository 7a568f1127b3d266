"""The `storylens` command: thin wrappers that run pipeline stages and print what they found.

Exit codes: 0 all went well; 1 some input was skipped (each named on stderr); 2 a usage error
(unknown story, bad option); 3 the store or a model cannot be used.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import click
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from storylens import __version__
from storylens.config import Settings
from storylens.model import StoryReport
from storylens.pipeline import (
    IngestResult,
    ModelUnavailable,
    analyze_pending,
    cluster_pending,
    ingest,
    load_models,
    story_report,
)
from storylens.report import FORMATS, json_schema, print_report, print_story_list, render
from storylens.store import Store, StoreError

EXIT_SKIPPED = 1
EXIT_USAGE = 2
EXIT_STORE = 3

out = Console(highlight=False)
err = Console(stderr=True, highlight=False, soft_wrap=True)

db_option = click.option(
    "--db",
    "db_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path("storylens.db"),
    show_default=True,
    help="SQLite store to read and write.",
)


class Timings:
    """Wall time of each stage, for `--timings`."""

    def __init__(self) -> None:
        self.stages: list[tuple[str, float]] = []

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        start = time.perf_counter()
        yield
        self.stages.append((name, time.perf_counter() - start))

    def table(self) -> Table:
        table = Table(title="Stage timings")
        table.add_column("stage")
        table.add_column("seconds", justify="right")
        for name, seconds in self.stages:
            table.add_row(name, f"{seconds:.2f}")
        table.add_row("total", f"{sum(s for _, s in self.stages):.2f}", style="bold")
        return table


@contextmanager
def progress_bar(description: str, total: int | None) -> Iterator[Callable[[int], None]]:
    """A bar on stderr while a stage runs, only when stderr is a terminal."""
    columns = [SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn()]
    with Progress(*columns, console=err, transient=True, disable=not err.is_terminal) as bar:
        task = bar.add_task(description, total=total)
        yield lambda n: bar.advance(task, n)


def require_models(settings: Settings) -> None:
    try:
        load_models(settings)
    except ModelUnavailable as error:
        err.print(f"storylens: {escape(str(error))}")
        sys.exit(EXIT_STORE)


def open_store(db_path: Path) -> Store:
    try:
        return Store(db_path)
    except StoreError as error:
        err.print(f"storylens: {escape(str(error))}")
        sys.exit(EXIT_STORE)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="storylens")
def main() -> None:
    """storylens: every side of a news story.

    Reads articles from many outlets, groups the ones on the same event into stories, and
    shows for each story what every outlet reports, what only one reports, where they
    disagree, how each frames it, and a neutral summary that cites its outlets.

    \b
    Examples:
      storylens run examples/seed-pair
      storylens stories
      storylens report 1 --format html -o story-1.html
    """
    _open_consoles()


def _open_consoles() -> None:
    """Consoles made for each invocation, so they follow the terminal (its width, whether it is
    one) of this run rather than of whoever imported the module first."""
    global out, err
    out = Console(highlight=False)
    err = Console(stderr=True, highlight=False, soft_wrap=True)


def _run_stages(store: Store, paths: tuple[Path, ...], outlet: str | None, timings: Timings) -> IngestResult:
    """Ingest, analyse and cluster, naming each skipped input on stderr."""
    settings = Settings.from_env()
    with timings.stage("ingest"), progress_bar("Reading", None) as advance:
        result = ingest(store, list(paths), outlet=outlet, progress=advance)
    for problem in result.problems:
        err.print(f"storylens: skipped {escape(problem.source)}: {escape(problem.reason)}")
    with timings.stage("load models"):
        require_models(settings)
    with timings.stage("analyze"), progress_bar("Analysing", len(result.added)) as advance:
        analyze_pending(store, settings, advance)
    with timings.stage("cluster"), progress_bar("Clustering", len(result.added)) as advance:
        cluster_pending(store, settings, advance)
    return result


def _ingest_summary(result: IngestResult) -> str:
    return (
        f"{len(result.added)} new article(s), {len(result.known)} already stored, "
        f"{len(result.problems)} input(s) skipped"
    )


@main.command("ingest")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--outlet", help="Outlet name for every article read (otherwise from the file, URL or file name).")
@db_option
def ingest_command(paths: tuple[Path, ...], outlet: str | None, db_path: Path) -> None:
    """Read files or folders (recursively) into the store, analyse them and group them into stories.

    Reads .txt (headline on the first line), .html, .json, .jsonl and RSS/Atom .xml files.
    Ingesting the same input twice adds nothing. Unreadable inputs are named on stderr and
    skipped; the exit code is then 1.

    \b
    Examples:
      storylens ingest saved-articles/
      storylens ingest feed.xml page.html --outlet "The Guardian" --db news.db
    """
    with open_store(db_path) as store:
        result = _run_stages(store, paths, outlet, Timings())
        out.print(_ingest_summary(result))
    sys.exit(EXIT_SKIPPED if result.problems else 0)


@main.command("run")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--outlet", help="Outlet name for every article read.")
@click.option("--timings", is_flag=True, help="Print how long each stage took.")
@db_option
def run_command(paths: tuple[Path, ...], outlet: str | None, timings: bool, db_path: Path) -> None:
    """The main job: ingest PATHS, group them into stories, and print each story's report.

    \b
    Examples:
      storylens run examples/seed-pair
      storylens run ~/saved-articles --db research.db --timings
    """
    clock = Timings()
    with open_store(db_path) as store:
        result = _run_stages(store, paths, outlet, clock)
        out.print(_ingest_summary(result))
        article_ids = set(result.added + result.known)
        stories = [s for s in store.stories() if article_ids & set(s.article_ids)]
        if len(stories) > 1:
            print_story_list(stories, out)
        for story in sorted(stories, key=lambda s: -len(s.article_ids)):
            with clock.stage(f"compare story {story.id}"):
                report = story_report(store, story.id, Settings.from_env())
            with clock.stage(f"report story {story.id}"):
                print_report(report, out)
    if timings:
        err.print(clock.table())
    sys.exit(EXIT_SKIPPED if result.problems else 0)


@main.command("stories")
@db_option
def stories_command(db_path: Path) -> None:
    """List the stories in the store: id, label, outlets, article count, first and last seen.

    \b
    Example:
      storylens stories --db news.db
    """
    with open_store(db_path) as store:
        stories = store.stories()
    if not stories:
        out.print("No stories yet: run `storylens ingest PATH` first.")
        return
    print_story_list(stories, out)


def _report_or_exit(db_path: Path, story_id: int) -> StoryReport:
    settings = Settings.from_env()
    require_models(settings)
    with open_store(db_path) as store:
        try:
            return story_report(store, story_id, settings)
        except KeyError:
            err.print(f"storylens: no story {story_id} in {escape(str(db_path))}; `storylens stories` lists them")
            sys.exit(EXIT_USAGE)


@main.command("show")
@click.argument("story_id", type=int)
@db_option
def show_command(story_id: int, db_path: Path) -> None:
    """Print one story's comparison report in the terminal.

    \b
    Example:
      storylens show 1
    """
    print_report(_report_or_exit(db_path, story_id), out)


@main.command("report")
@click.argument("story_id", type=int)
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="json", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="File to write (default: stdout).")
@db_option
def report_command(story_id: int, fmt: str, output: Path | None, db_path: Path) -> None:
    """Write one story's report as JSON, Markdown or a self-contained HTML page.

    \b
    Examples:
      storylens report 1 --format html -o story-1.html
      storylens report 1 --format json | jq '.summary[].text'
    """
    text = render(_report_or_exit(db_path, story_id), fmt)
    if output is None:
        click.echo(text)
    else:
        output.write_text(text, encoding="utf-8")
        err.print(f"wrote {escape(str(output))}")


@main.command("schema")
def schema_command() -> None:
    """Print the JSON Schema of `storylens report --format json`.

    \b
    Example:
      storylens schema > storylens-report.schema.json
    """
    click.echo(json.dumps(json_schema(), indent=2))


@main.command("serve")
@db_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on; any but loopback exposes the store.")
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True, help="Port to listen on.")
@click.option("--allow-ingest", is_flag=True, help="Accept uploads (POST /api/ingest and the upload form); off by default.")
def serve_command(db_path: Path, host: str, port: int, allow_ingest: bool) -> None:
    """Browse the stories in a web browser: list, story and article pages, and a JSON API.

    Reads the store read-only (ingest may write to it meanwhile) unless --allow-ingest, which
    adds an upload form and POST /api/ingest. The API is described at /openapi.json.

    \b
    Examples:
      storylens serve --db news.db
      storylens serve --db news.db --port 8080 --allow-ingest
    """
    # Imported here so that the other commands start without loading the web stack.
    from storylens.web import ServerConfig, check_store, run_server

    config = ServerConfig(db_path=db_path, host=host, port=port, allow_ingest=allow_ingest)
    if allow_ingest:
        open_store(db_path).close()
    try:
        check_store(config)
    except StoreError as error:
        err.print(f"storylens: {escape(str(error))}")
        sys.exit(EXIT_STORE)
    require_models(config.settings)
    click.echo(f"storylens: serving {db_path} on http://{host}:{port}/ (Ctrl-C stops)")
    run_server(config)

"""The `storylens` command: thin wrappers that run pipeline stages and print what they found.

Exit codes: 0 all went well; 1 some input was skipped (each named on stderr); 2 a usage error
(unknown story, bad option, an output file or folder that cannot be written); 3 the store or a
model cannot be used.

Imports are made inside the commands that need them: the pipeline's stages pull in spaCy,
onnxruntime, scikit-learn and datasketch (seconds to import), which `--help`, `stories` and
`schema` never use, so importing this module loads only click, rich and the settings, and each
command loads only what it runs.
"""

from __future__ import annotations

import difflib
import json
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, NoReturn

import click
from click.exceptions import NoArgsIsHelpError
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from storylens import __version__
from storylens.config import Settings
from storylens.model import BLINDSPOT_SHARE

if TYPE_CHECKING:
    from storylens.model import Story, StoryReport
    from storylens.pipeline import Engine, IngestResult
    from storylens.store import Store

EXIT_SKIPPED = 1
EXIT_USAGE = 2
EXIT_STORE = 3

REPORT_FORMATS = ("json", "md", "html")
"""`storylens.report.FORMATS`, named here so that building the `report` command's options does not
import the renderers (a test keeps the two equal)."""

out = Console(highlight=False)
err = Console(stderr=True, highlight=False, soft_wrap=True)

SQLITE_INTEGERS = range(-(2**63), 2**63)
"""The ids SQLite can hold; any other story id is unknown without asking it."""


def _db_option(help: str) -> Callable[[Callable[..., None]], Callable[..., None]]:
    return click.option(
        "--db",
        "db_path",
        type=click.Path(dir_okay=False),
        default="storylens.db",
        show_default=True,
        help=help,
    )


db_option = _db_option("SQLite file, or postgresql:// URL, to read and write; made if missing.")
existing_db_option = _db_option("SQLite file, or postgresql:// URL, to read; it must exist (this command makes none).")
report_db_option = _db_option(
    "SQLite file, or postgresql:// URL, to read; it must exist (this command makes none). The analysis a first report makes is kept in it."
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
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    columns = [SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn()]
    with Progress(*columns, console=err, transient=True, disable=not err.is_terminal) as bar:
        task = bar.add_task(description, total=total)
        yield lambda n: bar.advance(task, n)


def _keep_overrides(ctx: click.Context, _: click.Parameter, value: tuple[tuple[str, str], ...]) -> None:
    ctx.meta["storylens.settings"] = value


settings_option = click.option(
    "--setting",
    type=(str, str),
    multiple=True,
    metavar="NAME VALUE",
    expose_value=False,
    callback=_keep_overrides,
    help="Change one setting for this command (`storylens settings` lists them); repeat for more.",
)


def run_settings() -> Settings:
    """The settings of this command: defaults, then STORYLENS_* variables, then its --setting pairs."""
    from storylens.config import SettingsError

    overrides = click.get_current_context().meta.get("storylens.settings", ())
    try:
        return Settings.resolve(overrides)
    except SettingsError as error:
        err.print(f"storylens: {escape(str(error))}")
        sys.exit(EXIT_USAGE)


def require_models(settings: Settings) -> None:
    from storylens.pipeline import ModelUnavailable, load_models

    try:
        load_models(settings)
    except ModelUnavailable as error:
        err.print(f"storylens: {escape(str(error))}")
        sys.exit(EXIT_STORE)


def open_store(db_path: str) -> Store:
    from storylens.store import StoreError, open_store

    try:
        return open_store(db_path)
    except StoreError as error:
        _unusable_store(error)


def _unusable_store(error: Exception) -> NoReturn:
    """Say in one line why the store cannot be used, and exit 3."""
    err.print(f"storylens: {_shown(str(error))}")
    sys.exit(EXIT_STORE)


def _store_failure(error: Exception) -> None:
    """A store error that reached the top of a command (`StoreFailed`: the database failed while
    the command ran, whichever command and stage) is one line and exit 3, never a traceback;
    any other error goes on. Imported here, so that a command that never opens a store does not
    load the store's modules."""
    from storylens.store import StoreError

    if isinstance(error, StoreError):
        _unusable_store(error)


class _OneLineUsageError(click.ClickException):
    """click's usage error (a bad option or argument, an unknown command) said the way every other
    error of the command is: one line on stderr, exit 2."""

    exit_code = EXIT_USAGE

    def __init__(self, error: click.UsageError) -> None:
        helping = f" (see `{error.ctx.command_path} --help`)" if error.ctx else ""
        super().__init__(_printable(error.format_message()) + helping)

    def show(self, file: IO[Any] | None = None) -> None:
        click.echo(f"storylens: {self.format_message()}", err=True)


class OneLineUsage(click.Group):
    """The `storylens` group: its own and its commands' usage errors are one line (a missing
    subcommand still prints the help, as click does), and so is a store that fails while any
    command runs (exit 3)."""

    def make_context(self, info_name: str | None, args: list[str], parent: click.Context | None = None, **extra: Any) -> click.Context:
        try:
            return super().make_context(info_name, args, parent, **extra)
        except NoArgsIsHelpError:
            raise
        except click.UsageError as error:
            raise _OneLineUsageError(error) from None

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except NoArgsIsHelpError:
            raise
        except click.UsageError as error:
            raise _OneLineUsageError(error) from None
        except Exception as error:
            _store_failure(error)
            raise


@click.group(cls=OneLineUsage, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="storylens")
def main() -> None:
    """storylens: every side of a news story.

    Reads articles from many outlets, groups the ones on the same event into stories, and
    shows for each story what every outlet reports, what only one reports, where they
    disagree, how each frames it, and a neutral summary that cites its outlets.

    Exit codes: 0 all went well; 1 some input was skipped (each named on stderr); 2 a usage
    error (unknown story id, bad option, an output that cannot be written, a busy port); 3 the
    store or a model cannot be used (a store that does not exist, for a command that only reads).

    \b
    Examples:
      storylens run examples/seed-pair              # one overview row per story
      storylens run examples/seed-pair --full       # every story's whole report
      storylens run saved-articles/ --out reports/  # HTML, Markdown, JSON and an index.html
      storylens stories --json
      storylens report 1 --format html -o story-1.html
    """
    _open_consoles()


def _open_consoles() -> None:
    """Consoles made for each invocation, so they follow the terminal (its width, whether it is
    one) of this run rather than of whoever imported the module first."""
    global out, err
    out = Console(highlight=False)
    err = Console(stderr=True, highlight=False, soft_wrap=True)


STAGE_LABELS = {"ingest": "Reading", "cluster": "Clustering"}
"""What a progress bar calls each stage of the pipeline's sequences."""


class CommandStages:
    """The pipeline's stages as a command shows them: each timed, with a progress bar on a terminal."""

    def __init__(self, timings: Timings) -> None:
        self.timings = timings

    @contextmanager
    def stage(self, name: str, total: int | None) -> Iterator[Callable[[int], None]]:
        with self.timings.stage(name), progress_bar(STAGE_LABELS.get(name, name), total) as advance:
            yield advance


def _run_stages(
    store: Store, paths: tuple[Path, ...], outlet: str | None, timings: Timings, strict: bool = False, engine: Engine | None = None
) -> IngestResult:
    """Ingest and cluster (`pipeline.ingest_and_cluster`), naming each skipped input on stderr;
    with `strict`, the first skipped input ends the command (exit 1) before anything after it is
    stored or clustered. The deep analysis waits until a story is compared."""
    from storylens.analyze.nlp import ModelNotInstalled
    from storylens.pipeline import ingest_and_cluster

    try:
        placed = ingest_and_cluster(store, list(paths), run_settings(), outlet, strict, CommandStages(timings), engine=engine)
    except ModelNotInstalled as error:
        err.print(f"storylens: {escape(str(error))}; what was read is stored and waits for `storylens cluster`")
        sys.exit(EXIT_STORE)
    result = placed.ingest
    for problem in result.problems:
        err.print(f"storylens: skipped {_shown(problem.source)}: {_shown(problem.reason)}")
    if strict and result.problems:
        out.print(_ingest_summary(store, result))
        err.print("storylens: --strict: stopped at the first skipped input; nothing after it was stored")
        sys.exit(EXIT_SKIPPED)
    return result


def _shown(text: str) -> str:
    """Text from the input (a file name may hold a newline or a terminal escape sequence) as one
    harmless line: control characters written as Python escapes ("\\x1b"), rich markup escaped."""
    return escape(_printable(text))


def _printable(text: str) -> str:
    """`text` with its control characters written as Python escapes, so it prints as one line."""
    return "".join(char if char.isprintable() else ascii(char)[1:-1] for char in text)


def _cluster_stage(store: Store, settings: Settings, timings: Timings, total: int | None, rebuild: bool = False) -> list[int]:
    """Cluster the pending articles, or with `rebuild` all of them again (either takes the store's
    clustering lock); returns the stories that changed."""
    from storylens.pipeline import cluster_pending, recluster

    place = recluster if rebuild else cluster_pending
    with timings.stage("cluster"), progress_bar("Clustering", total) as advance:
        return place(store, settings, advance)


def _ingest_summary(store: Store, result: IngestResult) -> str:
    """The counts of one ingest, and a line naming the languages set aside when there are any."""
    from storylens.ingest.language import DEFAULT_LANGUAGE

    summary = f"{len(result.added)} new article(s), {len(result.known)} already stored, {len(result.problems)} input(s) skipped"
    others = store.languages(result.added)
    del others[DEFAULT_LANGUAGE]
    if not others:
        return summary
    total = others.total()
    which = ", ".join(f"{code} {n}" for code, n in others.most_common())
    noun = "1 article in another language" if total == 1 else f"{total} articles in other languages"
    verb = "was" if total == 1 else "were"
    return f"{summary}\n{noun} ({which}) {verb} stored and left out of analysis"


@main.command("ingest")
@settings_option
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--outlet", help="Outlet name for every article read (otherwise from the file, URL or file name).")
@click.option("--strict", is_flag=True, help="Stop at the first input that cannot be read (exit 1); what came before it stays stored.")
@db_option
def ingest_command(paths: tuple[Path, ...], outlet: str | None, strict: bool, db_path: str) -> None:
    """Read files or folders (recursively) into the store and group them into stories.

    Reads .txt (headline on the first line), .html, .json, .jsonl (.jsonl.gz), RSS/Atom .xml
    and WARC (.warc, .warc.gz) files, in any common encoding. Articles not in English are
    stored, marked with their language and left out of the analysis. Ingesting the same input
    twice adds nothing. Unreadable inputs are named on stderr and
    skipped; the exit code is then 1. With --strict the first unreadable input stops the
    command at once: the articles read before it stay stored (and are clustered on the next
    run), nothing after it is read. The articles are analysed in depth when their story is
    first shown or reported.

    \b
    Examples:
      storylens ingest saved-articles/
      storylens ingest feed.xml page.html --outlet "The Guardian" --db news.db
      storylens ingest incoming/ --strict
    """
    with open_store(db_path) as store:
        result = _run_stages(store, paths, outlet, Timings(), strict)
        out.print(_ingest_summary(store, result))
    sys.exit(EXIT_SKIPPED if result.problems else 0)


EXIT_INTERRUPTED = 130
"""Stopped by Ctrl-C or SIGTERM (`watch`): the shell's code for an interrupted command."""


@main.command("watch")
@settings_option
@click.argument("feeds_file", metavar="FEEDS.txt", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--every", metavar="INTERVAL", help="Poll every INTERVAL (30s, 15m, 1h, 1d) until stopped; the default, at 15m.")
@click.option("--once", is_flag=True, help="Poll every feed once, now (failed feeds too), store and cluster, then exit.")
@db_option
def watch_command(feeds_file: Path, every: str | None, once: bool, db_path: str) -> None:
    """Poll the RSS/Atom feeds listed in FEEDS.txt (one http(s) URL a line; blank lines and
    # comments allowed), fetch each new item's page, read it as `ingest` reads a saved page, and
    store and cluster the articles as they come.

    Each feed is asked with its last ETag and Last-Modified (304: nothing new); robots.txt is
    obeyed and a host is asked at most once a second (`--setting host_delay`). Items already
    read are never fetched again, across runs. A page that cannot be read is replaced by the
    item's own text in the feed when that is long enough, else tried again on later polls. A
    feed that fails (timeout, HTTP error, malformed XML) is named in one line and tried again
    on a later poll; the others go on. One progress line per round goes to stderr.

    Exit codes: 0 done (--once; some feeds may have failed, each named); 1 every feed failed
    (--once); 2 a bad FEEDS.txt line or option; 3 the store cannot be used; 130 stopped by
    Ctrl-C or SIGTERM (what was stored stays stored).

    \b
    Examples:
      storylens watch feeds.txt --once --db news.db
      storylens watch feeds.txt --every 30m --db news.db
      storylens watch feeds.txt --every 1h --setting host_delay 5
    """
    from storylens.analyze.nlp import ModelNotInstalled
    from storylens.ingest.watch import FeedListError, parse_interval, read_feed_list
    from storylens.pipeline import WatchRound, watch

    if once and every is not None:
        _usage_error("watch: give --every or --once, not both")
    try:
        seconds = None if once else parse_interval(every or "15m")
    except ValueError as error:
        _usage_error(f"watch: --every {_shown(str(error))}")
    try:
        feeds = read_feed_list(feeds_file)
    except FeedListError as error:
        _usage_error(f"watch: {_shown(str(error))}")
    settings = run_settings()
    rounds: list[WatchRound] = []

    def say(line: str) -> None:
        err.print(f"watch: {_shown(line)}")

    def on_round(done: WatchRound) -> None:
        rounds.append(done)
        err.print(f"watch: {done.line()}")

    with open_store(db_path) as store, _stop_on_sigterm():
        try:
            watch(store, feeds, settings, seconds, say, on_round)
        except KeyboardInterrupt:
            err.print("watch: stopped; everything stored so far is kept, and the next run goes on from there")
            sys.exit(EXIT_INTERRUPTED)
        except ModelNotInstalled as error:
            err.print(f"storylens: {escape(str(error))}; what was read is stored and waits for `storylens cluster`")
            sys.exit(EXIT_STORE)
        done = rounds[-1]
        out.print(
            f"{len(done.ingest.added)} new article(s), {len(done.ingest.known)} already stored, "
            f"{done.failed_feeds} of {len(feeds)} feed(s) failed, {done.failed_items} item(s) failed, "
            f"{done.skipped_items} skipped, "
            f"{len(done.stories)} story(ies) changed",
            soft_wrap=True,
        )
    sys.exit(EXIT_SKIPPED if done.failed_feeds and not done.polled else 0)


def _usage_error(message: str) -> NoReturn:
    err.print(f"storylens: {message}")
    sys.exit(EXIT_USAGE)


@contextmanager
def _stop_on_sigterm() -> Iterator[None]:
    """SIGTERM (a service manager stopping `watch`) stops it as Ctrl-C does: cleanly, between or inside steps."""
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        yield  # only the main thread may set a signal handler; Ctrl-C still stops it
        return

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


@main.command("run")
@settings_option
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--outlet", help="Outlet name for every article read.")
@click.option("--full", is_flag=True, help="Print every story's full report instead of the one-line-per-story overview.")
@click.option(
    "--out",
    "out_dir",
    metavar="DIR",
    type=click.Path(path_type=Path),
    help="Folder (made if missing) to write each story's report to as story-ID.html, .md and .json, with an index.html linking them.",
)
@click.option("--timings", is_flag=True, help="Print how long each stage took (on stderr).")
@click.option("--strict", is_flag=True, help="Stop at the first input that cannot be read (exit 1); what came before it stays stored.")
@click.option(
    "--engine",
    type=click.Choice(("local", "ray")),
    default="local",
    show_default=True,
    help="Where reading, analysis and comparison run: this machine's processes, or a Ray cluster (`pip install 'storylens[ray]'`).",
)
@click.option("--address", metavar="ADDR", help="With --engine ray: the Ray cluster to run on (host:port of its head); default: start one here.")
@click.option("--workers", type=click.IntRange(1), metavar="N", help="With --engine ray: how many workers (default: every CPU of the cluster).")
@db_option
def run_command(
    paths: tuple[Path, ...],
    outlet: str | None,
    full: bool,
    out_dir: Path | None,
    timings: bool,
    strict: bool,
    engine: str,
    address: str | None,
    workers: int | None,
    db_path: str,
) -> None:
    """The main job: ingest PATHS, group them into stories, compare each story the run touched,
    and print an overview: one row per story with its outlets, articles, facts (corroborated,
    single-source, disputed), conflicts and loaded spans in each outlet's own words.

    With --full, each story's whole report instead (as `storylens show` prints it). With --out
    DIR, every story's report is also written to DIR as HTML, Markdown and JSON, with an
    index.html linking them; a DIR that cannot be written stops the command before anything
    is read (exit 2). A path written @FILE names a text file listing the inputs, one a line.

    With --engine ray, files are read, articles analysed and stories compared on a Ray cluster's
    workers (the one at --address, or one started here); this process clusters and writes the
    store, which ends up as a local run leaves it.

    \b
    Examples:
      storylens run examples/seed-pair
      storylens run examples/seed-pair --full
      storylens run ~/saved-articles --db research.db --out reports/
      storylens run ~/saved-articles --db research.db --timings
      storylens run @crawl-files.txt --db crawl.db --engine ray --address 10.0.0.1:6379
    """
    if engine == "local" and (address or workers):
        _usage_error("--address and --workers go with --engine ray")
    if out_dir is not None:
        _writable_folder(out_dir)
    with _engine(engine, address, workers) as chosen:
        _run(paths, outlet, full, out_dir, timings, strict, chosen, db_path)


@contextmanager
def _engine(name: str, address: str | None, workers: int | None) -> Iterator[Engine]:
    """The engine named, ready; one that cannot start (Ray missing, a cluster out of reach) ends
    the command with one line, exit 3."""
    from storylens.pipeline import LOCAL

    if name == "local":
        yield LOCAL
        return
    from storylens.engines.ray import EngineUnavailable, ray_engine

    try:
        with ray_engine(address, workers) as ready:
            yield ready
    except EngineUnavailable as error:
        err.print(f"storylens: {escape(str(error))}")
        sys.exit(EXIT_STORE)


def _run(
    paths: tuple[Path, ...], outlet: str | None, full: bool, out_dir: Path | None, timings: bool, strict: bool, engine: Engine, db_path: str
) -> None:
    """`run_command` on the chosen engine: every stage of the sequence, then the reports."""
    from storylens.pipeline import analyze_stories, story_report
    from storylens.report import (
        FORMATS,
        INDEX_FILE,
        OverviewRow,
        index_html,
        print_overview,
        print_report,
        print_story_list,
        report_file_name,
    )
    from storylens.report import render as render_report

    clock = Timings()
    rows: list[OverviewRow] = []
    with clock.stage("load models"):
        require_models(run_settings())
    with open_store(db_path) as store:
        result = _run_stages(store, paths, outlet, clock, strict, engine)
        out.print(_ingest_summary(store, result))
        article_ids = set(result.added + result.known)
        stories = [s for s in store.stories() if article_ids & set(s.article_ids)]
        if full and len(stories) > 1:
            print_story_list(stories, out)
        settings = run_settings()
        with clock.stage("analyze"), progress_bar("Analysing", None) as advance:
            analyze_stories(store, [s.id for s in stories], settings, advance, engine)
        stories.sort(key=lambda s: -len(s.article_ids))
        with clock.stage("compare"), progress_bar("Comparing", len(stories)) as advance:
            engine.compare(store, [s.id for s in stories], settings, advance)
        for story in stories:
            with clock.stage(f"report story {story.id}"):
                report = story_report(store, story.id, settings)
                if full:
                    print_report(report, out)
                if out_dir is not None:
                    for fmt in FORMATS:
                        _write(out_dir / report_file_name(story.id, fmt), render_report(report, fmt))
                rows.append(OverviewRow.of(report))
    with clock.stage("overview"):
        if not full:
            print_overview(rows, out)
        if out_dir is not None:
            _write(out_dir / INDEX_FILE, index_html(rows, FORMATS))
            err.print(f"wrote {len(rows)} story report(s) and {INDEX_FILE} to {escape(str(out_dir))}")
    if timings:
        err.print(clock.table())
    sys.exit(EXIT_SKIPPED if result.problems else 0)


def _writable_folder(folder: Path) -> None:
    """Make `folder` if missing and make sure a file can be written in it, before any work is done;
    otherwise exit with one line saying why."""
    if folder.exists() and not folder.is_dir():
        _cannot_write(folder, "it is a file, not a folder")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=folder):
            pass
    except OSError as error:
        _cannot_write(folder, error.strerror or str(error))


def _write(path: Path, text: str) -> None:
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as error:
        _cannot_write(path, error.strerror or str(error))


def _cannot_write(path: Path, reason: str) -> NoReturn:
    """One line on stderr, then exit 2: the path the user gave cannot be written."""
    err.print(f"storylens: cannot write to {_shown(str(path))}: {_shown(reason)}")
    sys.exit(EXIT_USAGE)


@main.command("cluster")
@settings_option
@click.option("--rebuild", is_flag=True, help="Forget every story and cluster the whole store again in publication order.")
@_db_option("SQLite file, or postgresql:// URL, to read and write; it must exist (`ingest` makes one).")
def cluster_command(rebuild: bool, db_path: str) -> None:
    """Group the stored articles that are in no story yet into stories, or with --rebuild all of them.

    A rebuild gives the stories that ingesting the same articles in date order would have given;
    run it after changing the clustering settings (STORYLENS_STORY_THRESHOLD,
    STORYLENS_CLUSTER_REPRESENTATION, ...). Story ids change. Interrupted, it leaves the stories
    made so far; running it again starts over, and `storylens cluster` completes them instead.

    \b
    Examples:
      storylens cluster --db news.db
      STORYLENS_STORY_THRESHOLD=0.25 storylens cluster --rebuild --db news.db
    """
    settings = run_settings()
    require_models(settings)
    with _existing_store(db_path) as store:
        clock = Timings()
        changed = _cluster_stage(store, settings, clock, None, rebuild)
        counts = store.counts()
    out.print(
        f"{len(changed)} story(ies) made or changed; {counts['stories']} story(ies) of "
        f"{counts['articles']} article(s) in the store ({clock.stages[0][1]:.1f} s)"
    )


LISTED_STORIES = 50
"""Stories `storylens stories` shows by default: a month of news makes hundreds, which no one
reads in a terminal, and drawing them all takes seconds."""


@main.command("stories")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array, one object per story, for scripts.")
@click.option(
    "--limit",
    type=click.IntRange(min=0),
    default=None,
    help=f"Show the N most recently seen stories; 0 for all. Default {LISTED_STORIES}, and all with --json.",
)
@existing_db_option
def stories_command(as_json: bool, limit: int | None, db_path: str) -> None:
    """List the stories in the store, most recently seen first: id, label, outlets, article
    count, first and last seen. The list stops at the 50 most recent (--limit), and says how
    many there are in all.

    With --json, stdout is one JSON array with an object per story (every story, unless --limit
    is given): id, label, outlets, articles (the count), article_ids, first_seen and last_seen
    (ISO 8601, or null); an empty store gives [] (and the reason on stderr).

    \b
    Examples:
      storylens stories --db news.db
      storylens stories --limit 0 --db news.db
      storylens stories --json --db news.db | jq '.[] | select(.articles > 5) | .id'
    """
    from storylens.report import print_story_list

    if limit is None:
        limit = 0 if as_json else LISTED_STORIES
    with _existing_store(db_path) as store:
        stories = store.stories(limit or None)
        counts = store.counts() if not stories else {}
        total = store.count_stories() if stories and len(stories) == limit else len(stories)
    if as_json:
        click.echo(json.dumps([_story_object(story) for story in stories], ensure_ascii=False, indent=2))
        if not stories:
            err.print(_why_no_stories(counts))
        return
    if not stories:
        out.print(_why_no_stories(counts))
        return
    print_story_list(stories, out)
    if total > len(stories):
        out.print(f"The {len(stories)} most recently seen of {total} stories; --limit 0 lists them all.")


def _story_object(story: Story) -> dict[str, object]:
    """One story of `stories --json`."""
    record = story.model_dump(mode="json")
    return {
        "id": record["id"],
        "label": record["label"],
        "outlets": record["outlets"],
        "articles": len(record["article_ids"]),
        "article_ids": record["article_ids"],
        "first_seen": record["first_seen"],
        "last_seen": record["last_seen"],
    }


def _why_no_stories(counts: dict[str, int]) -> str:
    """An empty list explained: nothing stored, nothing in English, or clustering not yet run."""
    if not counts["articles"]:
        return "No stories yet: run `storylens ingest PATH` first."
    if counts["not English"] == counts["articles"]:
        return f"No stories: the {counts['articles']} stored article(s) are not in English, and only English ones are grouped."
    return f"No stories yet: {counts['unclustered']} article(s) wait for `storylens cluster`."


def _report_or_exit(db_path: str, story_id: int) -> StoryReport:
    """The report of a story of an existing store; the store and the story id are checked before
    the models are loaded, so a typo is answered at once."""
    from storylens.pipeline import story_report

    settings = run_settings()
    with _existing_store(db_path) as store:
        if not _has_story(store, story_id):
            err.print(f"storylens: no story {story_id} in {_shown(_store_name(db_path))}; `storylens stories` lists them")
            sys.exit(EXIT_USAGE)
        require_models(settings)
        return story_report(store, story_id, settings)


def _has_story(store: Store, story_id: int) -> bool:
    """Whether the store has this story; an id beyond SQLite's integers is none."""
    if story_id not in SQLITE_INTEGERS:
        return False
    try:
        store.story(story_id)
    except KeyError:
        return False
    return True


@main.command("show")
@settings_option
@click.argument("story_id", type=int)
@report_db_option
def show_command(story_id: int, db_path: str) -> None:
    """Print one story's comparison report in the terminal.

    Its articles are analysed first if no report has compared them yet; the analysis is kept
    in the store. An unknown STORY_ID is a usage error (exit 2); `storylens stories` lists them.

    \b
    Example:
      storylens show 1
    """
    from storylens.report import print_report

    print_report(_report_or_exit(db_path, story_id), out)


@main.command("report")
@settings_option
@click.argument("story_id", type=int)
@click.option("--format", "fmt", type=click.Choice(REPORT_FORMATS), default="json", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="File to write (default: stdout).")
@report_db_option
def report_command(story_id: int, fmt: str, output: Path | None, db_path: str) -> None:
    """Write one story's report as JSON, Markdown or a self-contained HTML page.

    Its articles are analysed first if no report has compared them yet; the analysis is kept
    in the store. An unknown STORY_ID, or an output file that cannot be written, is a usage
    error (exit 2).

    \b
    Examples:
      storylens report 1 --format html -o story-1.html
      storylens report 1 --format json | jq '.summary[].text'
    """
    from storylens.report import render

    text = render(_report_or_exit(db_path, story_id), fmt)
    if output is None:
        click.echo(text)
        return
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as error:
        _cannot_write(output, error.strerror or str(error))
    err.print(f"wrote {escape(str(output))}")


@main.command("settings")
@settings_option
@click.option("--json", "as_json", is_flag=True, help="Print a JSON object, section → name → value, for scripts.")
def settings_command(as_json: bool) -> None:
    """Every setting: its value for this command (STORYLENS_* variables and --setting pairs
    applied), its default, and what it decides. Any setting can be changed for one command with
    --setting NAME VALUE, or for a shell with STORYLENS_NAME=VALUE.

    \b
    Examples:
      storylens settings
      STORYLENS_STORY_THRESHOLD=0.25 storylens settings
      storylens run news/ --setting story_threshold 0.25 --setting framing_model classifier
    """
    from dataclasses import asdict

    from storylens.config import described

    settings = run_settings()
    if as_json:
        click.echo(json.dumps(asdict(settings), indent=2))
        return
    defaults = Settings()
    table = Table(title="Settings", show_lines=False)
    for column in ("setting", "value", "default", "what it decides"):
        table.add_column(column, overflow="fold")
    for section, name, leaf in described():
        value, default = getattr(getattr(settings, section), name), getattr(getattr(defaults, section), name)
        table.add_row(f"{section}.{name}", str(value), "" if value == default else str(default), leaf.metadata["help"])
    out.print(table)


@main.command("schema")
def schema_command() -> None:
    """Print the JSON Schema of `storylens report --format json`.

    \b
    Example:
      storylens schema > storylens-report.schema.json
    """
    from storylens.report.jsonfile import json_schema

    click.echo(json.dumps(json_schema(), indent=2))


@main.command("serve")
@settings_option
@_db_option("SQLite file, or postgresql:// URL, to read; it must exist, unless --allow-ingest, which makes it if missing.")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on; any but loopback exposes the store.")
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True, help="Port to listen on.")
@click.option("--allow-ingest", is_flag=True, help="Accept uploads (POST /api/ingest and the upload form); off by default.")
def serve_command(db_path: str, host: str, port: int, allow_ingest: bool) -> None:
    """Browse the stories in a web browser: list, story and article pages, and a JSON API.

    Reads the store read-only (ingest may write to it meanwhile) unless --allow-ingest, which
    adds an upload form and POST /api/ingest. The API is described at /openapi.json. A store
    that does not exist is refused (exit 3), and so is a port already in use (exit 2), before
    anything is served.

    \b
    Examples:
      storylens serve --db news.db
      storylens serve --db news.db --port 8080 --allow-ingest
    """
    # Imported here so that the other commands start without loading the web stack.
    from storylens.store import StoreError
    from storylens.web import ServerConfig, check_store, run_server

    config = ServerConfig(db_path=db_path, host=host, port=port, allow_ingest=allow_ingest, settings=run_settings())
    if allow_ingest:
        open_store(db_path).close()
    try:
        check_store(config)
    except StoreError as error:
        _unusable_store(error)
    require_models(config.settings)
    _can_listen(host, port)
    click.echo(f"storylens: serving {_store_name(db_path)} on http://{host}:{port}/ (Ctrl-C stops)")
    run_server(config)


def _can_listen(host: str, port: int) -> None:
    """Bind, as the server will (every address of `host`, SO_REUSEADDR, IPv6 sockets IPv6 only),
    and let go at once, so that a busy port or an address this machine does not have is one line
    and exit 2 before the server is announced."""
    import errno
    import socket

    def refuse(problem: str) -> NoReturn:
        err.print(f"storylens: {problem}")
        sys.exit(EXIT_USAGE)

    try:
        addresses = socket.getaddrinfo(host or None, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except (socket.gaierror, UnicodeError) as error:
        refuse(f"cannot listen on {_shown(host)}: {_shown(getattr(error, 'strerror', None) or str(error))}")
    for family, kind, protocol, _, address in addresses:
        with socket.socket(family, kind, protocol) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            if family == socket.AF_INET6:
                probe.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
            try:
                probe.bind(address)
            except OSError as error:
                if error.errno == errno.EADDRINUSE:
                    refuse(f"port {port} on {_shown(host)} is in use; choose another with --port")
                refuse(f"cannot listen on port {port} of {_shown(host)}: {_shown(error.strerror or str(error))}")


@main.group("db")
def db_group() -> None:
    """Look after a store: check it, compact it, export it to a file and import it back, or
    into a store of the other kind (SQLite file, PostgreSQL database).

    \b
    Examples:
      storylens db check --db news.db
      storylens db export news.jsonl --db news.db
      storylens db import news.jsonl --db copy.db
      storylens db import news.jsonl --db postgresql://news@db.example/storylens
    """


def _store_name(db_path: str) -> str:
    """The store as messages name it: its file, or its URL without the password."""
    from storylens.store import target_name

    return target_name(db_path)


def _existing_store(db_path: str) -> Store:
    """Open a store that must already exist: a command that only reads, given a mistyped path,
    should say so rather than create an empty store there."""
    from storylens.store import StoreError, store_exists

    try:
        found = store_exists(db_path)
    except StoreError as error:
        _unusable_store(error)
    if not found:
        shown = _shown(_store_name(db_path))
        err.print(f"storylens: {shown}: no such store; check --db, or make one with `storylens ingest PATH --db {shown}`")
        sys.exit(EXIT_STORE)
    return open_store(db_path)


@db_group.command("check")
@existing_db_option
def db_check_command(db_path: str) -> None:
    """Check the store: integrity (SQLite's integrity check; PostgreSQL's invalid indexes),
    foreign keys, schema version, and counts of articles, analysed articles, stories and articles
    not yet in a story. Exit 0 if sound, 3 if not.

    \b
    Example:
      storylens db check --db news.db
    """
    from storylens.lifecycle import check

    with _existing_store(db_path) as store:
        result = check(store)
    table = Table(title=f"Store {escape(_store_name(db_path))}")
    table.add_column("check")
    table.add_column("result", justify="right")
    table.add_row("integrity", "ok" if not result.integrity else f"{len(result.integrity)} problem(s)")
    table.add_row("foreign keys", "ok" if not result.foreign_keys else f"{len(result.foreign_keys)} problem(s)")
    table.add_row("schema version", str(result.schema_version))
    for name, count in result.counts.items():
        table.add_row(name, str(count))
    out.print(table)
    for problem in result.integrity + result.foreign_keys:
        err.print(f"storylens: {escape(problem)}")
    if result.counts["empty stories"]:
        err.print(f"storylens: {result.counts['empty stories']} story(ies) without articles")
    sys.exit(0 if result.ok else EXIT_STORE)


@db_group.command("vacuum")
@existing_db_option
def db_vacuum_command(db_path: str) -> None:
    """Compact the store (VACUUM, then PRAGMA optimize) and print its size before and after.

    Needs a moment with no other command writing to the store.

    \b
    Example:
      storylens db vacuum --db news.db
    """
    from storylens.lifecycle import vacuum

    with _existing_store(db_path) as store:
        before, after = vacuum(store)
    out.print(f"{escape(_store_name(db_path))}: {before:,} bytes before, {after:,} bytes after")


@db_group.command("export")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path, allow_dash=True))
@existing_db_option
def db_export_command(file: Path, db_path: str) -> None:
    """Write every article, MinHash signature and story to FILE as JSON Lines (- for stdout),
    streaming. FILE is written whole or not at all; a FILE that cannot be written is a usage
    error (exit 2).

    \b
    Line 1:  {"type": "storylens-export", "format": 2, "schema_version": N}
    Then:    {"type": "article", "article": {...}}   the Article record as stored, one per line
    Then:    {"type": "signature", "article_id", "scheme", "minhash", "copy_of"}   MinHash and copy link
    Then:    {"type": "story", "id", "label", "first_seen", "last_seen", "profile", "article_ids"}

    Analysis (sentences, vectors, loaded spans, tone) is not exported. `storylens db import`
    restores the articles, stories, signatures and copy links; an imported article is analysed
    when its story is first compared (run, show, report or the web page), as a newly ingested
    one is.

    \b
    Examples:
      storylens db export backup.jsonl --db news.db
      storylens db export - --db news.db | gzip > backup.jsonl.gz
    """
    from storylens.lifecycle import export_store

    with _existing_store(db_path) as store:
        try:
            with click.open_file(str(file), "w", encoding="utf-8", atomic=True) as handle:
                result = export_store(store, handle)
        except OSError as error:
            _cannot_write(file, error.strerror or str(error))
    err.print(f"exported {result.articles} article(s) and {result.stories} story(ies) to {escape(str(file))}")


@db_group.command("import")
@settings_option
@click.argument("file", type=click.Path(path_type=Path, allow_dash=True))
@db_option
def db_import_command(file: Path, db_path: str) -> None:
    """Read a `storylens db export` FILE (- for stdin), plain or gzip-compressed, into the store
    (new or existing), then cluster the new articles that the file puts in no story. Articles,
    stories, MinHash signatures and copy links are restored: stories come back with the same
    labels and articles; importing twice changes nothing. Articles of a story already in the
    store keep that story. The analysis is not in the file: an article is analysed when its
    story is first compared (run, show, report or the web page).

    A FILE that cannot be read, or is not an export, is refused before the store is touched
    (exit 2). A bad line further on stops the import there (exit 2): what came before it stays
    stored, and `storylens cluster` groups it.

    \b
    Examples:
      storylens db import backup.jsonl --db restored.db
      storylens db import backup.jsonl.gz --db restored.db
      storylens db export - --db news.db | storylens db import - --db copy.db
      storylens db export - --db news.db | storylens db import - --db postgresql://news@db.example/storylens
    """
    from storylens.lifecycle import ExportFileError, export_lines, import_store

    settings = run_settings()
    try:
        handle = click.open_file(str(file), "rb")
    except OSError as error:
        err.print(f"storylens: cannot read {_shown(str(file))}: {_shown(error.strerror or str(error))}")
        sys.exit(EXIT_USAGE)
    with handle:
        try:
            lines = export_lines(handle)
        except OSError as error:
            err.print(f"storylens: cannot read {_shown(str(file))}: {_shown(error.strerror or str(error))}")
            sys.exit(EXIT_USAGE)
        except ExportFileError as error:
            err.print(f"storylens: {_shown(str(file))}: {_shown(str(error))}")
            sys.exit(EXIT_USAGE)
        require_models(settings)
        with open_store(db_path) as store:
            try:
                result = import_store(store, lines)
            except ExportFileError as error:
                err.print(f"storylens: {_shown(str(file))}: {_shown(str(error))}")
                sys.exit(EXIT_USAGE)
            _cluster_stage(store, settings, Timings(), None)
    out.print(
        f"{len(result.added)} new article(s), {len(result.known)} already stored, "
        f"{result.stories_restored} story(ies) restored, {result.stories_known} already stored"
    )


@main.group("outlets", invoke_without_command=True)
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array, one object per outlet, for scripts.")
@_db_option("SQLite file, or postgresql:// URL, to read; it must exist (this command makes none).")
@click.pass_context
def outlets_group(ctx: click.Context, as_json: bool, db_path: str) -> None:
    """List the outlets of the store with their article and story counts, and what you told of
    them (`outlets import`): lean, country, kind, owner and domains. storylens ships no ratings.

    \b
    Examples:
      storylens outlets --db news.db
      storylens outlets import outlets.csv --db news.db
    """
    if ctx.invoked_subcommand is not None:
        return
    from storylens.pipeline import outlet_listing
    from storylens.report import print_outlets

    with _existing_store(db_path) as store:
        rows = outlet_listing(store)
    if as_json:
        click.echo(json.dumps([row.model_dump(mode="json") for row in rows], ensure_ascii=False, indent=2))
    else:
        print_outlets(rows, out)


@outlets_group.command("show")
@click.argument("name")
@click.option(
    "--json", "as_json", is_flag=True, help="Print the profile as one JSON object, for scripts (the record of `GET /api/outlets/{name}`)."
)
@existing_db_option
def outlets_show_command(name: str, as_json: bool, db_path: str) -> None:
    """Show how the outlet NAME writes across all its stories: loaded spans per 1,000 words by
    kind, in its own voice and in the quotes it carries, tone, attribution, how often its facts
    are single-source, how often it omits what most others report or gives another figure, how
    often it reported a shared fact first, its most loaded spans with their neutral wording, and
    its stories. Stories without a stored report
    are compared first, and their reports kept.

    \b
    Examples:
      storylens outlets show "Daily Star" --db news.db
      storylens outlets show Reuters --json --db news.db
    """
    from storylens.pipeline import outlet_listing, outlet_profile, story_report, uncompared
    from storylens.report import print_outlet_profile

    settings = run_settings()
    with _existing_store(db_path) as store:
        to_compare = set(uncompared(store, store.stories_of_outlet(name), settings))
        if to_compare:
            require_models(settings)
        with progress_bar("comparing its stories", len(to_compare)) as advance:

            def report(story_id: int) -> StoryReport:
                advance(story_id in to_compare)
                return story_report(store, story_id, settings)

            profile = outlet_profile(store, name, report)
        if profile is None:
            names = [row.name for row in outlet_listing(store)]
            close = difflib.get_close_matches(name, names, n=3)
            hint = f"; did you mean {', '.join(repr(n) for n in close)}?" if close else "; `storylens outlets` lists them"
            err.print(f"storylens: no outlet named {_shown(repr(name))} in {escape(_store_name(db_path))}{hint}")
            sys.exit(EXIT_USAGE)
    if as_json:
        click.echo(profile.model_dump_json(indent=2))
    else:
        print_outlet_profile(profile, out)


@outlets_group.command("import")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@db_option
def outlets_import_command(file: Path, db_path: str) -> None:
    """Tell storylens about outlets from a CSV or TOML FILE: a header row (CSV) or the keys of each
    [[outlet]] table (TOML) among name, domains, lean, country, owner and kind; domains separated
    by spaces. An outlet named again replaces what was said of it. Articles read afterwards from
    its domains are credited to it; articles already stored keep their names. A file that cannot
    be read is one line naming the problem (exit 2), and the store is not touched.

    \b
    Examples:
      storylens outlets import outlets.csv --db news.db
      storylens outlets import outlets.toml --db news.db
    """
    from storylens.ingest.outlet_file import OutletFileError, read_outlet_file

    try:
        outlets = read_outlet_file(file)
    except OutletFileError as error:
        err.print(f"storylens: {_shown(str(error))}")
        sys.exit(EXIT_USAGE)
    with open_store(db_path) as store:
        count = store.set_outlet_info(outlets)
    out.print(f"{count} outlet(s) described in {escape(_store_name(db_path))}")


@main.command("blindspots")
@click.option(
    "--share",
    type=click.FloatRange(0.5, 1.0),
    default=BLINDSPOT_SHARE,
    show_default=True,
    help="Least share of the outlets with a lean that one lean must hold.",
)
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array, one object per story, for scripts.")
@existing_db_option
def blindspots_command(share: float, as_json: bool, db_path: str) -> None:
    """List the stories that outlets of one lean cover and the others leave out: at least --share
    of the story's outlets with a lean (two or more) have the same one. Leans are the ones you gave
    (`storylens outlets import`); storylens ships none.

    \b
    Examples:
      storylens blindspots --db news.db
      storylens blindspots --share 0.9 --json --db news.db
    """
    from storylens.compare.outlets import blindspot, lean_coverage
    from storylens.report import print_blindspots

    with _existing_store(db_path) as store:
        leans = {outlet.name: outlet.lean for outlet in store.outlet_info() if outlet.lean}
        stories = store.stories()
    found = []
    for story in stories:
        coverage = lean_coverage(story.outlets, leans)
        if side := blindspot(coverage, share):
            others = [group.model_dump() for group in coverage if group is not side]
            found.append({"id": story.id, "label": story.label, "lean": side.lean, "outlets": side.outlets, "others": others})
    if as_json:
        click.echo(json.dumps(found, ensure_ascii=False, indent=2))
    elif not leans:
        out.print("No outlet has a lean yet: give them with `storylens outlets import FILE` (columns name, domains, lean).")
    else:
        print_blindspots(found, out)

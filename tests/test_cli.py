"""The `storylens` command as a user meets it: real files, real stores, real models, real output.

Every test drives `storylens.cli.main` through click's CliRunner against SQLite stores under
tmp_path. The seed pair is run once per module; tests that only read reuse that store, tests
that write work on a copy of it.
"""

from __future__ import annotations

import json
import re
import sqlite3
import subprocess
import sys
from dataclasses import dataclass
from datetime import UTC, datetime
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from storylens.cli import main
from storylens.model import REPORT_SCHEMA_VERSION, Article, FactStatus, Story, StoryReport
from storylens.store import Store
from tests.conftest import DAILY_MAIL, GUARDIAN, SEED, make_article

SEED_OUTLETS = {DAILY_MAIL, GUARDIAN}

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
SKIPPED = "storylens: skipped "

FLOOD_ARTICLE = """\
Floods cut off half of Porto Alegre as the Guaíba river reaches a record height

Mayor Sebastião Melo said on Thursday that 84,000 residents had left their homes after three days of torrential rain.
The Guaíba river rose to 5.3 metres at the city's Mauá wharf, beating the record of 4.76 metres set in 1941.
Firefighters in rubber boats rescued 1,200 people from rooftops in the Sarandi and Humaitá neighbourhoods overnight.
Salgado Filho international airport suspended all flights until at least the end of May after its runway went under water.
Eduardo Leite, the governor of Rio Grande do Sul, asked the federal government for 19 billion reais in emergency aid.
The state's civil defence agency counted 37 deaths and 74 people missing across 265 municipalities.
Meteorologists at MetSul warned that another 150 millimetres of rain could fall on the Serra Gaúcha hills before Sunday.
Schools in the city will stay closed next week, and volunteers have opened 60 shelters in gyms and churches.
"""

LIBRARY_ARTICLE = """\
Leeds Central Library reopens after a two-year restoration

The Grade II listed building on the Headrow opened its doors again on Saturday after a £12 million refurbishment.
Council leader James Lewis said the restored Victorian reading room would host free coding classes for children.
Around 3,000 visitors queued in the rain for the reopening, according to the librarians at the front desk.
The tiled Tiled Hall café, closed since 2022, will serve its first customers again from Monday morning.
"""

LATIN1_ARTICLE = """\
Rio Negro café opens its first shop in São Paulo

The Manaus roaster Rio Negro opened a café on Avenida Paulista in São Paulo on Tuesday.
Its founder, Ana Beatriz Souza, said the shop would buy beans from 40 family farms in Amazonas.
The café seats 80 people and plans to train 25 baristas from the neighbourhood this year.
Coffee prices in São Paulo have risen by 30 percent since January, according to the city's statistics office.
"""

RAIL_STRIKE_LINE = json.dumps(
    {
        "title": "Rail workers in Lyon walk out over night-shift pay",
        "outlet": "Le Rhône Express",
        "published": "2024-03-05T08:00:00+01:00",
        "text": (
            "Train drivers and signal staff in Lyon began a 48-hour strike on Tuesday over night-shift pay.\n"
            "The union said 70 percent of regional TER services were cancelled across Auvergne-Rhône-Alpes.\n"
            "SNCF regional director Marc Duval said talks would resume on Thursday morning."
        ),
    }
)


# --- helpers ---------------------------------------------------------------------------------


@dataclass
class Run:
    """What one command printed, with colour codes removed."""

    result: Result
    stdout: str
    stderr: str

    @property
    def code(self) -> int:
        return self.result.exit_code

    @property
    def output(self) -> str:
        return self.stdout + self.stderr

    def skipped_lines(self) -> list[str]:
        return [line for line in self.stderr.splitlines() if line.startswith(SKIPPED)]


def runner() -> CliRunner:
    """A wide terminal, so tables and summaries are not wrapped in the middle of a phrase."""
    return CliRunner(env={"COLUMNS": "200", "LINES": "50"})


def storylens(*args: object) -> Run:
    """Run the CLI in-process; an exception other than the CLI's own exit is a failure here."""
    result = runner().invoke(main, [str(a) for a in args])
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        import traceback

        trace = "".join(traceback.format_exception(*result.exc_info))
        pytest.fail(f"storylens {' '.join(map(str, args))} raised:\n{trace}\nstderr:\n{result.stderr}")
    return Run(result, ANSI.sub("", result.stdout), ANSI.sub("", result.stderr))


def section(text: str, heading: str, next_heading: str | None = None) -> str:
    """The lines of the report between `heading` and `next_heading` (or the end)."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.strip() == heading)
    end = len(lines)
    if next_heading is not None:
        end = next(i for i, line in enumerate(lines) if i > start and line.strip() == next_heading)
    return "\n".join(lines[start + 1 : end])


def table_rows(text: str) -> list[list[str]]:
    """The body rows of every rich table in `text`, as stripped cells."""
    return [[cell.strip() for cell in line.strip().strip("│").split("│")] for line in text.splitlines() if line.startswith("│")]


def copy_store(source: Path, target: Path) -> Path:
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    src.close()
    dst.close()
    return target


def count_articles(db: Path) -> int:
    with Store(db) as store:
        return store.count_articles()


def stored_articles(db: Path) -> dict[str, Article]:
    """Every article in the store's stories, by the file it came from."""
    with Store(db) as store:
        ids = [article_id for story in store.stories() for article_id in story.article_ids]
        return {article.source: article for article in store.articles(ids)}


def assert_no_traceback(run: Run) -> None:
    assert "Traceback" not in run.output


def overview_rows(text: str) -> list[list[str]]:
    """The rows of `run`'s overview table (ID, story, articles, facts, conflicts, outlets)."""
    return [row for row in table_rows(text) if len(row) == 6]


def loaded_by_outlet(cell: str) -> dict[str, int]:
    """'a 6 · b 0' as {'a': 6, 'b': 0}."""
    pairs = [part.strip().rsplit(" ", 1) for part in cell.split("·")]
    return {name: int(count) for name, count in pairs}


class Links(HTMLParser):
    """Every href of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.hrefs += [value for name, value in attrs if name == "href" and value is not None]


# --- fixtures --------------------------------------------------------------------------------


@dataclass
class Seeded:
    db: Path
    run: Run


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Seeded:
    """`storylens run examples/seed-pair` once, into a store the reading tests share."""
    db = tmp_path_factory.mktemp("seeded") / "seed.db"
    return Seeded(db=db, run=storylens("run", SEED, "--db", db))


@pytest.fixture
def seeded_copy(seeded: Seeded, tmp_path: Path) -> Path:
    """A private copy of the seeded store, for tests that write."""
    return copy_store(seeded.db, tmp_path / "copy.db")


# --- 1. the main job -------------------------------------------------------------------------


def test_run_on_the_seed_pair_prints_one_overview_row_with_both_outlets(seeded: Seeded) -> None:
    run = seeded.run
    assert run.code == 0, run.stderr
    assert_no_traceback(run)
    assert "2 new article(s), 0 already stored, 0 input(s) skipped" in run.stdout
    assert "Stories in this run" in run.stdout

    # One row: the one story, its two articles, both outlets each with its loaded spans.
    (row,) = overview_rows(run.stdout)
    story_id, label, articles, facts, conflicts, outlets = row
    assert story_id == "1" and articles == "2"
    assert label.startswith("North Korea")
    loaded = loaded_by_outlet(outlets)
    assert set(loaded) == SEED_OUTLETS

    # The counts are the report's: facts by status, conflicts, spans in the outlet's own words.
    report = StoryReport.model_validate_json(storylens("report", "1", "--db", seeded.db).stdout)
    statuses = [fact.status for fact in report.facts]
    expected = [statuses.count(s) for s in (FactStatus.CORROBORATED, FactStatus.SINGLE_SOURCE, FactStatus.CONFLICTING)]
    assert [int(n) for n in facts.split("/")] == expected
    assert expected[0] > 0, "the seed pair shares facts"
    assert int(conflicts) == len(report.conflicts)
    for outlet in SEED_OUTLETS:
        assert loaded[outlet] == sum(1 for span in report.spans if span.outlet == outlet and not span.quoted)
    assert loaded[DAILY_MAIL] >= 2, "the Daily Mail's 'tubby' and 'brutal' dictator"

    # The full report is not printed by default.
    for heading in ("Summary", "Loaded spans", "Tubby dictator"):
        assert heading not in run.stdout


def test_run_full_prints_every_section_of_the_report(seeded_copy: Path) -> None:
    run = storylens("run", SEED, "--full", "--db", seeded_copy)
    assert run.code == 0, run.stderr
    assert_no_traceback(run)
    assert "0 new article(s), 2 already stored, 0 input(s) skipped" in run.stdout
    assert "Stories in this run" not in run.stdout

    # One story, both outlets in its header.
    assert "Story 1" in run.stdout
    assert "Story 2" not in run.stdout
    header = next(line for line in run.stdout.splitlines() if "Outlets:" in line)
    assert DAILY_MAIL in header and GUARDIAN in header

    # A summary whose every sentence cites outlets, and both outlets are cited.
    summary = " ".join(section(run.stdout, "Summary", "Timeline (UTC)").split())
    items = re.split(r"\s(?=\d+\. )", " " + summary)
    items = [item.strip() for item in items if item.strip()]
    assert items, "empty summary"
    cited: set[str] = set()
    for item in items:
        match = re.search(r"\[([^\[\]]+)\]( \(single source\))?$", item)
        assert match, f"summary sentence without citation: {item!r}"
        cited |= {name.strip() for name in match.group(1).split(",")}
    assert SEED_OUTLETS <= cited

    for heading in ("Timeline (UTC)", "Coverage by outlet", "Conflicts", "Framing"):
        assert heading in run.stdout

    # The Daily Mail's name-calling is shown as loaded language.
    spans = section(run.stdout, "Loaded spans")
    assert "Tubby dictator" in spans
    assert "brutal dictator" in spans

    # Page furniture never reaches the report.
    for boilerplate in ("Read Full Article", "READ MORE", "Photograph:"):
        assert boilerplate.lower() not in run.output.lower(), boilerplate


def test_run_out_writes_every_report_and_an_index_that_links_them(seeded_copy: Path, tmp_path: Path) -> None:
    hostile = tmp_path / "library.txt"
    title = '<script>alert("owned")</script> Leeds library reopens & <b>celebrates</b>'
    hostile.write_text(title + LIBRARY_ARTICLE[LIBRARY_ARTICLE.index("\n") :], encoding="utf-8")
    folder = tmp_path / "site" / "reports"  # neither exists yet

    run = storylens("run", SEED, hostile, "--out", folder, "--db", seeded_copy)
    assert run.code == 0, run.stderr
    assert_no_traceback(run)
    assert len(overview_rows(run.stdout)) == 2, "the overview is still printed"
    assert f"to {folder}" in run.stderr

    names = {f"story-{i}.{ext}" for i in (1, 2) for ext in ("html", "md", "json")}
    assert {p.name for p in folder.iterdir()} == names | {"index.html"}
    for story_id in (1, 2):
        report = StoryReport.model_validate_json((folder / f"story-{story_id}.json").read_text(encoding="utf-8"))
        assert report.story.id == story_id
        assert "<html" in (folder / f"story-{story_id}.html").read_text(encoding="utf-8").lower()
        assert (folder / f"story-{story_id}.md").read_text(encoding="utf-8").lstrip().startswith("#")

    index = (folder / "index.html").read_text(encoding="utf-8")
    links = Links()
    links.feed(index)
    assert set(links.hrefs) == names, "every report linked, and nothing else"
    assert all((folder / href).is_file() for href in links.hrefs)

    # The article's title is shown as text, never as markup, in the index and the story page.
    assert "<script" not in index.lower() and "<b>" not in index
    assert "&lt;script&gt;" in index and "&lt;b&gt;celebrates&lt;/b&gt;" in index
    assert "Content-Security-Policy" in index
    (library,) = [n for n in (1, 2) if "library" in (folder / f"story-{n}.json").read_text(encoding="utf-8").lower()]
    assert "<script" not in (folder / f"story-{library}.html").read_text(encoding="utf-8").lower()


def test_run_out_to_a_folder_that_cannot_be_made_stops_before_reading(tmp_path: Path) -> None:
    blocker = tmp_path / "notes.txt"
    blocker.write_text("a file where the folder should go\n", encoding="utf-8")
    db = tmp_path / "never.db"
    for target in (blocker, blocker / "reports"):
        refused = storylens("run", SEED, "--out", target, "--db", db)
        assert refused.code == 2, refused.output
        assert_no_traceback(refused)
        lines = refused.stderr.strip().splitlines()
        assert len(lines) == 1, refused.stderr
        assert lines[0].startswith(f"storylens: cannot write to {target}: ")
        assert refused.stdout.strip() == ""
    assert not db.exists(), "nothing was read or stored"


# --- 2. idempotent ingest --------------------------------------------------------------------


@pytest.mark.parametrize("command", ["run", "ingest"])
def test_running_the_same_input_again_adds_nothing(seeded_copy: Path, command: str) -> None:
    again = storylens(command, SEED, "--db", seeded_copy)
    assert again.code == 0, again.stderr
    assert "0 new article(s), 2 already stored, 0 input(s) skipped" in again.stdout
    if command == "run":
        assert [row[0] for row in overview_rows(again.stdout)] == ["1"]

    assert count_articles(seeded_copy) == 2
    listed = storylens("stories", "--db", seeded_copy)
    assert listed.code == 0
    rows = table_rows(listed.stdout)
    assert len(rows) == 1, listed.stdout
    assert rows[0][0] == "1" and rows[0][3] == "2"


# --- 3. stories and show ---------------------------------------------------------------------


def test_stories_lists_id_label_outlets_and_article_count(seeded: Seeded) -> None:
    with Store(seeded.db) as store:
        (story,) = store.stories()
    listed = storylens("stories", "--db", seeded.db)
    assert listed.code == 0, listed.stderr
    assert "Stories" in listed.stdout
    header = next(line for line in listed.stdout.splitlines() if "ID" in line and "Label" in line)
    for column in ("Outlets", "Articles"):
        assert column in header
    (row,) = table_rows(listed.stdout)
    assert row[0] == str(story.id) == "1"
    assert row[1] == story.label and story.label
    assert {name.strip() for name in row[2].split(",")} == SEED_OUTLETS
    assert row[3] == "2"


def test_stories_lists_the_most_recent_first_and_says_how_many_it_left_out(tmp_path: Path) -> None:
    db = tmp_path / "three.db"
    with Store(db) as store:
        articles = [make_article(f"Outlet {day}", f"Event of March {day}", ["Something happened."], datetime(2024, 3, day, tzinfo=UTC)) for day in (1, 2, 3)]
        store.add_articles(articles)
        with store.transaction():
            for article in articles:
                story = Story(id=0, label=article.title, article_ids=[article.id], outlets=[article.outlet.name], first_seen=article.published, last_seen=article.published)
                store.open_story(story, {})
    two = storylens("stories", "--limit", "2", "--db", db)
    assert two.code == 0, two.stderr
    assert [row[1] for row in table_rows(two.stdout)] == ["Event of March 3", "Event of March 2"]
    assert "The 2 most recently seen of 3 stories; --limit 0 lists them all." in two.stdout
    for every in (["--limit", "0"], []):
        listed = storylens("stories", *every, "--db", db)
        assert [row[1] for row in table_rows(listed.stdout)] == ["Event of March 3", "Event of March 2", "Event of March 1"]
        assert "most recently seen" not in listed.stdout
    assert len(json.loads(storylens("stories", "--json", "--db", db).stdout)) == 3, "scripts get every story"
    assert [story["label"] for story in json.loads(storylens("stories", "--json", "--limit", "1", "--db", db).stdout)] == ["Event of March 3"]


def test_stories_on_an_empty_store_says_what_to_do(tmp_path: Path) -> None:
    Store(tmp_path / "empty.db").close()
    listed = storylens("stories", "--db", tmp_path / "empty.db")
    assert listed.code == 0
    assert "storylens ingest" in listed.stdout


def test_stories_json_is_one_array_for_scripts(seeded: Seeded, tmp_path: Path) -> None:
    listed = storylens("stories", "--json", "--db", seeded.db)
    assert listed.code == 0, listed.stderr
    (story,) = json.loads(listed.stdout)
    assert list(story) == ["id", "label", "outlets", "articles", "article_ids", "first_seen", "last_seen"]
    assert story["id"] == 1 and story["label"].startswith("North Korea")
    assert set(story["outlets"]) == SEED_OUTLETS
    assert story["articles"] == len(story["article_ids"]) == 2
    with Store(seeded.db) as store:
        (stored,) = store.stories()
    assert story["article_ids"] == stored.article_ids

    Store(tmp_path / "empty.db").close()
    empty = storylens("stories", "--json", "--db", tmp_path / "empty.db")
    assert empty.code == 0
    assert json.loads(empty.stdout) == []
    assert "storylens ingest" in empty.stderr


def test_show_prints_the_report_of_a_story(seeded: Seeded) -> None:
    shown = storylens("show", "1", "--db", seeded.db)
    assert shown.code == 0, shown.stderr
    for heading in ("Story 1", "Summary", "Framing", "Loaded spans"):
        assert heading in shown.stdout
    assert DAILY_MAIL in shown.stdout and GUARDIAN in shown.stdout
    assert "Tubby dictator" in shown.stdout


def test_show_of_an_unknown_story_is_a_one_line_usage_error(seeded: Seeded) -> None:
    shown = storylens("show", "999", "--db", seeded.db)
    assert shown.code == 2
    assert_no_traceback(shown)
    lines = shown.stderr.strip().splitlines()
    assert len(lines) == 1, shown.stderr
    assert "999" in lines[0]
    assert "storylens stories" in lines[0]
    assert shown.stdout.strip() == ""


@pytest.mark.parametrize("command", ["show", "report"])
@pytest.mark.parametrize("story_id", ["99999999999999999999999", str(2**63), "0"])
def test_an_id_beyond_sqlite_integers_is_an_unknown_story_like_any_other(seeded: Seeded, command: str, story_id: str) -> None:
    shown = storylens(command, story_id, "--db", seeded.db)
    assert shown.code == 2, shown.output
    assert_no_traceback(shown)
    assert shown.stderr.strip().splitlines() == [f"storylens: no story {story_id} in {seeded.db}; `storylens stories` lists them"]
    assert shown.stdout.strip() == ""


# --- 4. report files -------------------------------------------------------------------------


def test_json_report_validates_against_the_published_record(seeded: Seeded, tmp_path: Path) -> None:
    target = tmp_path / "f.json"
    written = storylens("report", "1", "--format", "json", "-o", target, "--db", seeded.db)
    assert written.code == 0, written.stderr
    assert written.stdout.strip() == "", "with -o the report goes to the file, not stdout"

    report = StoryReport.model_validate_json(target.read_text(encoding="utf-8"))
    assert report.schema_version == REPORT_SCHEMA_VERSION == 6
    assert {profile.outlet for profile in report.framing} == SEED_OUTLETS
    assert report.summary
    for sentence in report.summary:
        assert sentence.citations, sentence.text
        assert set(sentence.citations) <= SEED_OUTLETS
    raw = json.loads(target.read_text(encoding="utf-8"))
    assert raw["facts"]
    statuses = {fact["status"] for fact in raw["facts"]}
    assert statuses <= {status.value for status in FactStatus}
    assert "corroborated" in statuses


def test_json_report_to_stdout_is_the_same_json(seeded: Seeded) -> None:
    printed = storylens("report", "1", "--db", seeded.db)
    assert printed.code == 0, printed.stderr
    report = StoryReport.model_validate_json(printed.stdout)
    assert report.story.id == 1


def test_markdown_and_html_reports_are_written(seeded: Seeded, tmp_path: Path) -> None:
    markdown = tmp_path / "story.md"
    page = tmp_path / "story.html"
    assert storylens("report", "1", "--format", "md", "-o", markdown, "--db", seeded.db).code == 0
    assert storylens("report", "1", "--format", "html", "-o", page, "--db", seeded.db).code == 0

    text = markdown.read_text(encoding="utf-8")
    assert text.lstrip().startswith("#")
    for outlet in SEED_OUTLETS:  # Markdown escapes the underscores of the guessed names
        assert outlet.replace("_", "\\_") in text or outlet in text

    html = page.read_text(encoding="utf-8")
    assert "<html" in html.lower()
    assert "<script" not in html.lower()
    assert DAILY_MAIL in html and GUARDIAN in html


def test_unknown_report_format_is_refused(seeded: Seeded, tmp_path: Path) -> None:
    target = tmp_path / "story.pdf"
    refused = storylens("report", "1", "--format", "pdf", "-o", target, "--db", seeded.db)
    assert refused.code == 2
    assert "pdf" in refused.stderr
    assert not target.exists()


# --- 5. bad input in one batch ---------------------------------------------------------------


@pytest.fixture
def bad_batch(tmp_path: Path) -> tuple[list[Path], dict[str, Path]]:
    """Four inputs that cannot be read, three articles that can, in one folder."""
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    empty = inbox / "empty.txt"
    empty.write_bytes(b"")
    binary = inbox / "binary.txt"
    binary.write_bytes(bytes(range(256)) * 8)
    latin1 = inbox / "latin1.txt"
    latin1.write_bytes(LATIN1_ARTICLE.encode("latin-1"))
    feed = inbox / "feed.jsonl"
    feed.write_text(RAIL_STRIKE_LINE + "\n" + RAIL_STRIKE_LINE[:70], encoding="utf-8")
    good = inbox / "good.txt"
    good.write_text(LIBRARY_ARTICLE, encoding="utf-8")
    missing = inbox / "missing.txt"
    bad = {"empty": empty, "binary": binary, "truncated line": feed, "missing": missing}
    return [empty, binary, latin1, feed, good, missing], bad


def test_bad_inputs_are_named_and_skipped_while_the_rest_is_stored(seeded_copy: Path, bad_batch) -> None:
    paths, bad = bad_batch
    before = count_articles(seeded_copy)
    assert before == 2

    first = storylens("ingest", *paths, "--db", seeded_copy)
    assert first.code == 1, first.output
    assert_no_traceback(first)
    assert "3 new article(s), 0 already stored, 4 input(s) skipped" in first.stdout

    skipped = first.skipped_lines()
    assert len(skipped) == len(bad), first.stderr
    for what, path in bad.items():
        naming = [line for line in skipped if line.startswith(f"{SKIPPED}{path}")]
        assert len(naming) == 1, f"{what}: {path} should be named once in:\n{first.stderr}"
        assert re.fullmatch(rf"{re.escape(SKIPPED + str(path))}(#\d+)?: \S.*", naming[0]), naming[0]
    assert any(line.startswith(f"{SKIPPED}{bad['truncated line']}#2: ") for line in skipped), skipped
    for good in ("latin1.txt", "good.txt"):
        assert not any(good in line for line in skipped)

    # The seed pair from before the batch is still there, plus the three good articles.
    assert count_articles(seeded_copy) == before + 3
    articles = stored_articles(seeded_copy)
    sources = {Path(source.split("#")[0]).name for source in articles}
    assert {f"{DAILY_MAIL}.txt", f"{GUARDIAN}.txt", "latin1.txt", "good.txt", "feed.jsonl"} <= sources
    (latin1,) = [a for source, a in articles.items() if source.endswith("latin1.txt")]
    latin1_text = latin1.title + " " + " ".join(latin1.body)
    assert "café" in latin1_text and "São Paulo" in latin1_text

    # The same batch again: the same complaints, nothing new stored.
    second = storylens("ingest", *paths, "--db", seeded_copy)
    assert second.code == 1
    assert_no_traceback(second)
    assert sorted(second.skipped_lines()) == sorted(skipped)
    assert "0 new article(s), 3 already stored, 4 input(s) skipped" in second.stdout
    assert count_articles(seeded_copy) == before + 3


# --- 6. a store that is not a store ----------------------------------------------------------


@pytest.mark.parametrize(
    "command",
    [["stories"], ["show", "1"], ["report", "1"], ["ingest", str(SEED)], ["run", str(SEED)]],
    ids=lambda c: c[0],
)
def test_a_file_that_is_not_sqlite_is_refused_and_left_alone(tmp_path: Path, command: list[str]) -> None:
    notes = tmp_path / "notes.db"
    content = b"My shopping list, not a database.\n" * 40
    notes.write_bytes(content)

    refused = storylens(*command, "--db", notes)
    assert refused.code == 3, refused.output
    assert_no_traceback(refused)
    lines = refused.stderr.strip().splitlines()
    assert len(lines) == 1, refused.stderr
    assert str(notes) in lines[0]
    assert notes.read_bytes() == content
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.db"], "no side files left next to it"


READING_COMMANDS = [
    ["show", "1"],
    ["report", "1"],
    ["report", "1", "--format", "md", "-o", "story.md"],
    ["stories"],
    ["stories", "--json"],
    ["db", "check"],
    ["db", "export", "backup.jsonl"],
    ["db", "vacuum"],
    ["serve"],
    ["cluster"],
]
"""Commands that must not make a store: every one that only reads, and `cluster` (nothing to
cluster in a new store)."""


@pytest.mark.parametrize("command", READING_COMMANDS, ids=" ".join)
def test_a_command_that_only_reads_refuses_a_missing_store_and_makes_none(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: list[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    typo = tmp_path / "typo.db"
    refused = storylens(*command, "--db", typo)
    assert refused.code == 3, refused.output
    assert_no_traceback(refused)
    lines = refused.stderr.strip().splitlines()
    assert len(lines) == 1, refused.stderr
    assert str(typo) in lines[0] and "no such store" in lines[0]
    assert list(tmp_path.iterdir()) == [], "nothing made: no store, no output file"


@pytest.mark.parametrize("command", [["ingest", str(SEED)], ["db", "import", "-"]], ids=lambda c: c[0] if c[0] != "db" else "db import")
def test_a_command_that_writes_makes_a_missing_store(tmp_path: Path, command: list[str]) -> None:
    export = '{"type": "storylens-export", "format": 2, "schema_version": 5}\n'
    made = tmp_path / "new.db"
    result = runner().invoke(main, [*command, "--db", str(made)], input=export)
    assert result.exit_code == 0, result.output
    assert made.is_file()


def test_the_db_option_says_whether_the_store_must_exist() -> None:
    must_exist = {"show", "report", "stories", "serve", "cluster", "db check", "db export", "db vacuum"}
    made_if_missing = {"ingest", "run", "db import"}
    for name in sorted(must_exist | made_if_missing):
        helped = storylens(*name.split(), "--help")
        assert helped.code == 0
        option = " ".join(helped.stdout.split("--db FILE", 1)[1].split())
        if name in must_exist:
            assert "it must exist" in option, (name, option)
        else:
            assert "made if missing" in option, (name, option)


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (["show", "abc"], "'abc' is not a valid integer"),
        (["report", "1", "--format", "pdf"], "'pdf' is not one of"),
        (["report", "1", "-o", "{tmp}"], "is a directory"),
        (["db", "export", "{tmp}"], "is a directory"),
        (["show", "1", "--bogus"], "--bogus"),
        (["shw", "1"], "'shw'"),
        (["serve", "--port", "0"], "0 is not in the range"),
        (["show"], "Missing argument 'STORY_ID'"),
    ],
    ids=lambda a: " ".join(a) if isinstance(a, list) else "",
)
def test_a_bad_option_or_argument_is_one_line_and_exit_2(seeded: Seeded, tmp_path: Path, args: list[str], named: str) -> None:
    refused = storylens(*[a.format(tmp=tmp_path) for a in args], "--db", seeded.db)
    assert refused.code == 2, refused.output
    lines = refused.stderr.strip().splitlines()
    assert len(lines) == 1, refused.stderr
    assert lines[0].startswith("storylens: ") and named in lines[0], lines[0]
    assert "--help`)" in lines[0]
    assert list(tmp_path.iterdir()) == []


def test_a_group_without_its_command_still_prints_its_help() -> None:
    helped = storylens("db")
    assert "Commands:" in helped.output and "export" in helped.output


def test_top_level_help_gives_the_exit_codes() -> None:
    helped = " ".join(storylens("--help").stdout.split())
    for code in ("0 all went well", "1 some input was skipped", "2 a usage error", "3 the store or a model cannot be used"):
        assert code in helped


# --- serve -------------------------------------------------------------------------------------


def test_serve_on_a_busy_port_is_one_line_and_exit_2_before_announcing(seeded: Seeded) -> None:
    import socket

    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        refused = storylens("serve", "--db", seeded.db, "--host", "127.0.0.1", "--port", port)
    assert refused.code == 2, refused.output
    assert_no_traceback(refused)
    assert "serving" not in refused.output
    assert refused.stderr.strip().splitlines() == [f"storylens: port {port} on 127.0.0.1 is in use; choose another with --port"]


def test_serve_on_an_address_this_machine_does_not_have_is_one_line_and_exit_2(seeded: Seeded) -> None:
    refused = storylens("serve", "--db", seeded.db, "--host", "host.invalid", "--port", "8000")
    assert refused.code == 2, refused.output
    assert "serving" not in refused.output
    lines = refused.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("storylens: cannot listen on host.invalid"), refused.stderr


# --- 7. clustering -----------------------------------------------------------------------------


def test_an_unrelated_article_gets_its_own_story(tmp_path: Path) -> None:
    flood = tmp_path / "porto_alegre_flood.txt"
    flood.write_text(FLOOD_ARTICLE, encoding="utf-8")
    db = tmp_path / "two.db"

    ran = storylens("run", SEED, flood, "--db", db)
    assert ran.code == 0, ran.stderr
    assert "3 new article(s)" in ran.stdout
    rows = overview_rows(ran.stdout)
    assert [(row[0], row[2]) for row in rows] == [("1", "2"), ("2", "1")], "largest story first"
    assert set(loaded_by_outlet(rows[1][5])) == {"porto_alegre_flood"}

    listed = storylens("stories", "--db", db)
    rows = table_rows(listed.stdout)
    assert len(rows) == 2, listed.stdout
    by_outlets = {frozenset(name.strip() for name in row[2].split(",")): row[3] for row in rows}
    assert by_outlets == {frozenset(SEED_OUTLETS): "2", frozenset({"porto_alegre_flood"}): "1"}


# --- 8. help -----------------------------------------------------------------------------------


@pytest.mark.parametrize("command", sorted(main.commands))
def test_every_command_help_has_an_example(command: str) -> None:
    helped = storylens(command, "--help")
    assert helped.code == 0
    assert "Example" in helped.stdout


def test_top_level_help_lists_every_command() -> None:
    helped = storylens("--help")
    assert helped.code == 0
    for command in main.commands:
        assert command in helped.stdout
    assert "Examples" in helped.stdout and "storylens run examples/seed-pair" in helped.stdout


def test_report_formats_offered_are_the_renderers_formats() -> None:
    from storylens.cli import REPORT_FORMATS
    from storylens.report import FORMATS

    assert REPORT_FORMATS == FORMATS


def test_report_to_a_file_that_cannot_be_written_is_one_line(seeded: Seeded, tmp_path: Path) -> None:
    blocker = tmp_path / "notes.txt"
    blocker.write_text("not a folder\n", encoding="utf-8")
    refused = storylens("report", "1", "--format", "html", "-o", blocker / "story.html", "--db", seeded.db)
    assert refused.code == 2, refused.output
    assert_no_traceback(refused)
    lines = refused.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("storylens: cannot write to "), refused.stderr


# --- 9. a fast start -----------------------------------------------------------------------------

MODEL_LIBRARIES = ("spacy", "onnxruntime", "sklearn", "datasketch")
"""Libraries that take seconds to import; only commands that analyse or cluster need them."""

LOADED_AFTER = """
import contextlib, io, json, sys
{body}
print(json.dumps(sorted(name for name in {libraries!r} if name in sys.modules)))
"""

RUN_COMMAND = """
from storylens.cli import main
with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
    try:
        main({args!r}, prog_name="storylens")
    except SystemExit as exit:
        assert exit.code in (0, None), exit.code
"""


def model_libraries_loaded(body: str) -> list[str]:
    """Which model libraries a fresh interpreter has imported after running `body`."""
    code = LOADED_AFTER.format(body=body, libraries=MODEL_LIBRARIES)
    done = subprocess.run([sys.executable, "-c", code], check=False, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.splitlines()[-1])


def test_importing_the_cli_loads_no_model_library() -> None:
    assert model_libraries_loaded("import storylens.cli") == []


@pytest.mark.parametrize(
    "args",
    [["--help"], ["run", "--help"], ["stories"], ["stories", "--json"], ["schema"], ["settings"], ["db", "check"], ["db", "vacuum"]],
    ids=" ".join,
)
def test_commands_that_need_no_model_start_without_loading_one(args: list[str], tmp_path: Path) -> None:
    if args[0] in ("stories", "db"):
        Store(tmp_path / "empty.db").close()
        args = [*args, "--db", str(tmp_path / "empty.db")]
    assert model_libraries_loaded(RUN_COMMAND.format(args=args)) == []


# --- 10. timings --------------------------------------------------------------------------------


def test_run_timings_prints_a_stage_table_on_stderr(seeded_copy: Path) -> None:
    timed = storylens("run", SEED, "--timings", "--db", seeded_copy)
    assert timed.code == 0, timed.stderr
    assert "Stage timings" in timed.stderr
    assert "Stage timings" not in timed.stdout
    stages = {row[0]: row[1] for row in table_rows(timed.stderr)}
    for stage in ("analyze", "cluster", "total"):
        assert stage in stages, timed.stderr
        assert re.fullmatch(r"\d+\.\d\d", stages[stage]), stages[stage]

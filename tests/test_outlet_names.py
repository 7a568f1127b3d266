"""Outlets named as readers know them: the outlet table, the order of the sources of a name, wires."""

from __future__ import annotations

import csv
import json
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from storylens.cli import main
from storylens.config import Settings
from storylens.ingest.inputs import read_inputs
from storylens.ingest.outlet import KNOWN_OUTLETS, known_site, resolve_outlet
from storylens.model import Article, Problem, StoryReport
from storylens.pipeline import ingest, story_report
from storylens.report.markdown import to_markdown
from storylens.report.sections import lean_class
from storylens.store import Store
from tests.conftest import run_pipeline

KINDS = {"wire", "broadsheet", "tabloid", "public broadcaster", "state broadcaster", "broadcaster", "magazine", "digital"}
BODY = ["Ships stayed in harbour on Monday as the storm reached the coast.", "The coastguard said the ports would reopen on Tuesday."]


def read_one(path: Path, outlet: str | None = None) -> Article:
    (found,) = list(read_inputs([path], outlet=outlet))
    assert not isinstance(found, Problem), found
    return found


def jsonl(tmp_path: Path, **record: str) -> Path:
    path = tmp_path / "records.jsonl"
    path.write_text(json.dumps({"title": "Storm closes ports", "text": "\n\n".join(BODY), **record}) + "\n", encoding="utf-8")
    return path


def test_the_table_lists_hundreds_of_outlets_worldwide_once_each() -> None:
    with KNOWN_OUTLETS.open(encoding="utf-8", newline="") as table:
        rows = list(csv.DictReader(table, delimiter="\t"))
    domains = Counter(row["domain"] for row in rows)
    assert len(rows) >= 300 and max(domains.values()) == 1
    assert all(row["domain"] == row["domain"].lower().removeprefix("www.") and "." in row["domain"] for row in rows)
    assert {row["kind"] for row in rows} <= KINDS
    assert sum(row["kind"] == "wire" for row in rows) >= 20
    assert len({row["country"] for row in rows}) >= 40


@pytest.mark.parametrize(
    ("url", "name", "kind"),
    [
        ("https://edition.cnn.com/2024/world/storm", "CNN", "broadcaster"),
        ("https://www.bbc.co.uk/news/world-1", "BBC News", "public broadcaster"),
        ("https://apnews.com/article/storm", "Associated Press", "wire"),
        ("https://www.reuters.com/world/storm/", "Reuters", "wire"),
    ],
)
def test_a_known_domain_names_its_outlet_under_any_subdomain(tmp_path: Path, url: str, name: str, kind: str) -> None:
    article = read_one(jsonl(tmp_path, url=url))
    assert (article.outlet.name, article.outlet.kind, article.outlet.guessed) == (name, kind, False)
    assert article.outlet.wire == (kind == "wire")


def test_a_suffix_of_a_known_domain_is_no_match() -> None:
    assert known_site("notcnn.com") is None and known_site("cnn.com.example") is None and known_site(None) is None


def test_the_user_and_the_record_name_the_outlet_before_the_table(tmp_path: Path) -> None:
    path = jsonl(tmp_path, url="https://www.reuters.com/world/storm/", outlet="Harbour Gazette")
    assert read_one(path).outlet.name == "Harbour Gazette" and read_one(path).outlet.kind is None
    assert read_one(path, outlet="My Desk").outlet.name == "My Desk"


def test_a_known_name_from_the_record_is_known_as_a_wire(tmp_path: Path) -> None:
    outlet = read_one(jsonl(tmp_path, outlet="reuters")).outlet
    assert outlet.name == "reuters" and outlet.wire and outlet.country == "GB"


def test_the_site_name_comes_after_the_table_and_before_the_bare_domain() -> None:
    assert resolve_outlet("page.html", None, None, "https://www.cnn.com/a", site_name="CNN International").name == "CNN"
    assert resolve_outlet("page.html", None, None, "https://courier.example/a", site_name="The Courier").name == "The Courier"
    assert resolve_outlet("page.html", None, None, "https://courier.example/a").name == "courier.example"
    assert resolve_outlet("page.html", None, None, None).guessed


def test_a_page_read_again_under_another_outlet_name_is_no_new_article(tmp_path: Path) -> None:
    """A store made before the table knew a domain named its pages by the domain; reading the
    same pages again must not add them a second time."""
    path = jsonl(tmp_path, url="https://www.reuters.com/world/storm/")
    with Store(tmp_path / "s.db") as store:
        first = ingest(store, [path], outlet="reuters.com")
        again = ingest(store, [path])
        assert (len(first.added), len(again.added), store.count_articles()) == (1, 0, 1)


def test_the_report_marks_a_wire_agency(tmp_path: Path) -> None:
    wire = read_one(jsonl(tmp_path, url="https://apnews.com/article/storm"))
    with Store(tmp_path / "s.db") as store:
        (story_id,) = run_pipeline(store, [wire])
        report = story_report(store, story_id, Settings())
    (article,) = report.articles
    assert (article.outlet, article.outlet_kind, article.outlet_country) == ("Associated Press", "wire", "US")


def cli(*args: object) -> Result:
    return CliRunner(env={"COLUMNS": "200"}).invoke(main, [str(a) for a in args])


OUTLETS_CSV = (
    "name,domains,lean,country,kind\nHarbour Gazette,harbourgazette.example www.gazette.example,left,NZ,broadsheet\nCoast FM,,right,,\n"
)


def test_outlets_imported_from_csv_name_the_articles_of_their_domains(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    (tmp_path / "outlets.csv").write_text(OUTLETS_CSV, encoding="utf-8")
    imported = cli("outlets", "import", tmp_path / "outlets.csv", "--db", db)
    assert imported.exit_code == 0 and "2 outlet(s)" in imported.stdout
    assert cli("ingest", jsonl(tmp_path, url="https://news.gazette.example/storm"), "--db", db).exit_code == 0
    listed = {row["name"]: row for row in json.loads(cli("outlets", "--json", "--db", db).stdout)}
    assert listed["Harbour Gazette"] == {
        "name": "Harbour Gazette",
        "articles": 1,
        "stories": 1,
        "lean": "left",
        "country": "NZ",
        "kind": "broadsheet",
        "owner": None,
        "domains": ["harbourgazette.example", "gazette.example"],
    }
    assert (listed["Coast FM"]["articles"], listed["Coast FM"]["lean"]) == (0, "right")
    table = cli("outlets", "--db", db).stdout
    assert "Harbour Gazette" in table and "left" in table and "gazette.example" in table


def test_outlets_import_reads_toml_and_a_later_import_replaces_an_outlet(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    (tmp_path / "outlets.csv").write_text(OUTLETS_CSV, encoding="utf-8")
    toml = tmp_path / "outlets.toml"
    toml.write_text(
        '[[outlet]]\nname = "Coast FM"\ndomains = ["coastfm.example"]\nlean = "centre"\nowner = "Coast Media"\n', encoding="utf-8"
    )
    assert cli("outlets", "import", tmp_path / "outlets.csv", "--db", db).exit_code == 0
    assert cli("outlets", "import", toml, "--db", db).exit_code == 0
    listed = {row["name"]: row for row in json.loads(cli("outlets", "--json", "--db", db).stdout)}
    assert (listed["Coast FM"]["lean"], listed["Coast FM"]["owner"], listed["Coast FM"]["domains"]) == (
        "centre",
        "Coast Media",
        ["coastfm.example"],
    )
    assert listed["Harbour Gazette"]["lean"] == "left"


@pytest.mark.parametrize(
    ("name", "text", "said"),
    [
        ("o.csv", "title,lean\nCourier,left\n", "must name a 'name' column"),
        ("o.csv", "name,bias\nCourier,left\n", "unknown column(s) bias"),
        ("o.csv", "name,lean\nCourier,left\ncourier,right\n", "names 'courier' a second time"),
        ("o.csv", "name,lean\n,left\n", "line 2 has no name"),
        ("o.toml", "[[outlet]]\nname = 'Courier'\nrating = 3\n", "unknown key(s) rating"),
        ("o.toml", "[[outlet]\nname = 'Courier'\n", "not valid TOML"),
        ("o.csv", "name\n", "no outlets in it"),
    ],
)
def test_a_bad_outlet_file_is_one_line_and_leaves_the_store_alone(tmp_path: Path, name: str, text: str, said: str) -> None:
    db = tmp_path / "s.db"
    (tmp_path / "good.csv").write_text(OUTLETS_CSV, encoding="utf-8")
    assert cli("outlets", "import", tmp_path / "good.csv", "--db", db).exit_code == 0
    (tmp_path / name).write_text(text, encoding="utf-8")
    result = cli("outlets", "import", tmp_path / name, "--db", db)
    assert result.exit_code == 2 and said in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert str(tmp_path / name) in result.stderr
    assert len(json.loads(cli("outlets", "--json", "--db", db).stdout)) == 2


def test_an_outlet_file_that_cannot_be_read_is_one_line(tmp_path: Path) -> None:
    missing = cli("outlets", "import", tmp_path / "nope.csv", "--db", tmp_path / "s.db")
    assert missing.exit_code == 2 and "nope.csv: cannot be read: No such file or directory" in missing.stderr
    (tmp_path / "latin1.csv").write_bytes("name\nLa Naci\xf3n\n".encode("latin-1"))
    latin1 = cli("outlets", "import", tmp_path / "latin1.csv", "--db", tmp_path / "s.db")
    assert latin1.exit_code == 2 and "latin1.csv: not UTF-8 text" in latin1.stderr
    assert not (tmp_path / "s.db").exists()


def test_outlets_refuses_a_missing_store(tmp_path: Path) -> None:
    result = cli("outlets", "--db", tmp_path / "typo.db")
    assert result.exit_code == 3 and not (tmp_path / "typo.db").exists()


def test_what_was_told_of_outlets_survives_an_export_and_import(tmp_path: Path) -> None:
    (tmp_path / "outlets.csv").write_text(OUTLETS_CSV, encoding="utf-8")
    assert cli("outlets", "import", tmp_path / "outlets.csv", "--db", tmp_path / "a.db").exit_code == 0
    assert cli("ingest", jsonl(tmp_path, url="https://gazette.example/storm"), "--db", tmp_path / "a.db").exit_code == 0
    assert cli("db", "export", tmp_path / "a.jsonl", "--db", tmp_path / "a.db").exit_code == 0
    assert cli("db", "import", tmp_path / "a.jsonl", "--db", tmp_path / "b.db").exit_code == 0
    before, after = (json.loads(cli("outlets", "--json", "--db", tmp_path / db).stdout) for db in ("a.db", "b.db"))
    assert before == after and {row["name"] for row in after} == {"Harbour Gazette", "Coast FM"}


EVENTS = {
    "strike": (
        "Dockworkers strike shuts Rotterdam port",
        "Dockworkers at the port of Rotterdam walked out on Monday over pay, halting container traffic. The Rotterdam port authority said ships were waiting at anchor.",
    ),
    "bridge": (
        "Bridge collapses over the Vistula in Torun",
        "A road bridge over the Vistula in Torun collapsed on Monday night, injuring four drivers. Engineers said the Torun bridge had been closed for repairs.",
    ),
    "vaccine": (
        "Regulator approves malaria vaccine for infants",
        "The medicines regulator approved a malaria vaccine for infants on Monday after trials in Ghana and Kenya. The malaria vaccine will be given in three doses.",
    ),
    "final": (
        "Hajduk win the cup final in Split",
        "Hajduk Split beat Dinamo Zagreb two goals to one in the cup final on Monday. Hajduk fans celebrated in Split until dawn.",
    ),
    "quake": (
        "Earthquake shakes Chivay in the Andes",
        "An earthquake shook the Andean town of Chivay on Monday, damaging a colonial church. Rescuers in Chivay searched the ruins of the church.",
    ),
}
COVERED = {"strike": "ABCD", "bridge": "AB", "vaccine": "DEF", "final": "DE", "quake": "AFG"}
LEANS_CSV = "name,lean\nOutlet A,left\nOutlet B,left\nOutlet C,left\nOutlet D,right\nOutlet E,right\nOutlet F,centre\n"


@pytest.fixture(scope="module")
def leaning_store(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, int]]:
    """Five stories from seven outlets, six of them given a lean (G none)."""
    folder = tmp_path_factory.mktemp("leans")
    records = []
    for event, outlets in COVERED.items():
        title, text = EVENTS[event]
        for letter in outlets:
            records.append(
                {
                    "title": title,
                    "text": f"{text} Outlet {letter} reported it.",
                    "outlet": f"Outlet {letter}",
                    "published": "2024-05-06T10:00:00Z",
                }
            )
    (folder / "news.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    (folder / "leans.csv").write_text(LEANS_CSV, encoding="utf-8")
    db = folder / "s.db"
    assert cli("outlets", "import", folder / "leans.csv", "--db", db).exit_code == 0
    assert cli("ingest", folder / "news.jsonl", "--db", db).exit_code == 0
    stories = json.loads(cli("stories", "--json", "--db", db).stdout)
    ids = {event: next(s["id"] for s in stories if s["label"] == EVENTS[event][0]) for event in EVENTS}
    assert {event: sorted(s["outlets"]) for s in stories for event in EVENTS if s["id"] == ids[event]} == {
        event: [f"Outlet {letter}" for letter in outlets] for event, outlets in COVERED.items()
    }
    return db, ids


def test_blindspots_are_the_stories_one_lean_covers(leaning_store: tuple[Path, dict[str, int]]) -> None:
    """By hand: strike left 3 of 4 (0.75), bridge left 2 of 2, vaccine right 2 of 3, final right
    2 of 2, quake left 1 and centre 1 of the 2 with a lean."""
    db, ids = leaning_store
    found = {row["id"]: (row["lean"], row["outlets"]) for row in json.loads(cli("blindspots", "--json", "--db", db).stdout)}
    assert found == {ids["bridge"]: ("left", ["Outlet A", "Outlet B"]), ids["final"]: ("right", ["Outlet D", "Outlet E"])}
    looser = {row["id"] for row in json.loads(cli("blindspots", "--share", "0.6", "--json", "--db", db).stdout)}
    assert looser == {ids["bridge"], ids["final"], ids["strike"], ids["vaccine"]}
    table = cli("blindspots", "--db", db).stdout
    assert EVENTS["bridge"][0] in table and EVENTS["strike"][0] not in table


def test_each_report_shows_its_coverage_by_lean(leaning_store: tuple[Path, dict[str, int]]) -> None:
    db, ids = leaning_store
    report = json.loads(cli("report", ids["quake"], "--db", db).stdout)
    assert report["coverage_by_lean"] == [
        {"lean": "centre", "outlets": ["Outlet F"]},
        {"lean": "left", "outlets": ["Outlet A"]},
        {"lean": None, "outlets": ["Outlet G"]},
    ]
    strike = cli("report", ids["strike"], "--format", "md", "--db", db).stdout
    assert "Coverage by lean: left 3 (Outlet A, Outlet B, Outlet C) · right 1 (Outlet D)" in strike
    html = cli("report", ids["strike"], "--format", "html", "--db", db).stdout
    assert html.count('<rect class="lean-') == 2 and 'width="75.00"' in html and 'width="25.00"' in html
    assert "Coverage by lean:" in cli("show", ids["strike"], "--db", db).stdout


def test_no_leans_given_no_coverage_by_lean(seed_report: StoryReport) -> None:
    assert seed_report.coverage_by_lean == []
    assert "Coverage by lean" not in to_markdown(seed_report)


def test_a_lean_has_the_same_colour_in_every_story() -> None:
    assert lean_class("left") == lean_class("Left") == "lean-0" and lean_class("right") == "lean-1"
    assert lean_class("centre") == lean_class("center") and lean_class(None) == "lean-none"
    assert lean_class("libertarian") == lean_class("libertarian") != "lean-none"

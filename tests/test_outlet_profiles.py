"""Outlets across their stories, checked against counts made by hand: a store of five stories from
six outlets with the leans a user gave (`outlets import`), where the profiles (`storylens outlets
show`), the blindspots and the timelines are each worked out from the texts below.

- the strike (6 May): all three of Harbour Post (left, 08:00), Coast Wire (centre, 09:30) and Bay
  Times (right, 09:30) report the walkout; Harbour Post and Coast Wire say 40 ships wait, Bay Times
  says 25 at the same minute as Coast Wire (a conflict, not an update); Harbour Post alone calls
  the union bosses reckless and says they hold the country to ransom; Coast Wire alone says talks
  resume on Thursday;
- the bridge (13 May, both 10:00): Harbour Post and Coast Wire report the collapse, each adds one
  sentence of its own;
- the cup final (20 May): Harbour Post alone, with two loaded words;
- the vaccine (27 May): Delta Daily (left, 07:00) first, Echo News (right) and Fjord FM (left)
  at 12:00; Delta Daily and Echo News give the three doses, each of the later two adds a sentence;
- the floods (6 June): Delta Daily (10:00) says 12 died, Fjord FM (14:00) 15: a toll updated
  over time; only Delta Daily tells of the rooftop rescues.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from storylens.cli import main
from storylens.config import Settings
from storylens.pipeline import story_report, uncompared
from storylens.store import Store

HARBOUR, COAST, BAY, DELTA, ECHO, FJORD = "Harbour Post", "Coast Wire", "Bay Times", "Delta Daily", "Echo News", "Fjord FM"
LEANS = {HARBOUR: "left", COAST: "centre", BAY: "right", DELTA: "left", ECHO: "right", FJORD: "left"}
WALKOUT = "Dockworkers at the port of Rotterdam walked out on Monday over pay, halting container traffic."
COLLAPSE = "A road bridge over the Vistula in Torun collapsed on Monday night, injuring four drivers."
APPROVAL = "The medicines regulator approved a malaria vaccine for infants on Monday after trials in Ghana and Kenya."
FLOODS = "Floods in Porto Alegre forced 84,000 residents from their homes on Thursday."
STRIKE, BRIDGE, FINAL = "Dockworkers strike shuts Rotterdam port", "Road bridge collapses over the Vistula in Torun", "Hajduk win the cup final in Split"
VACCINE, FLOOD = "Regulator approves malaria vaccine for infants", "Floods force thousands from their homes in Porto Alegre"
ARTICLES = [
    (HARBOUR, STRIKE, "2024-05-06T08:00:00Z", [WALKOUT, "The port authority said 40 ships were waiting at anchor.", "The reckless union bosses have held the whole country to ransom."]),
    (COAST, STRIKE, "2024-05-06T09:30:00Z", [WALKOUT, "The port authority said 40 ships were waiting at anchor.", "Union leaders said talks with the employers would resume on Thursday."]),
    (BAY, STRIKE, "2024-05-06T09:30:00Z", [WALKOUT, "The port authority said 25 ships were waiting at anchor."]),
    (HARBOUR, BRIDGE, "2024-05-13T10:00:00Z", [COLLAPSE, "Drivers were trapped for hours in the wreckage."]),
    (COAST, BRIDGE, "2024-05-13T10:00:00Z", [COLLAPSE, "Engineers said the Torun bridge had been closed for repairs since March."]),
    (
        HARBOUR,
        FINAL,
        "2024-05-20T10:00:00Z",
        ["Hajduk Split beat Dinamo Zagreb two goals to one in a thrilling cup final on Monday.", "The pathetic Dinamo defence collapsed in the second half."],
    ),
    (DELTA, VACCINE, "2024-05-27T07:00:00Z", [APPROVAL, "The vaccine will be given to infants in three doses."]),
    (
        ECHO,
        "Malaria vaccine approved for babies",
        "2024-05-27T12:00:00Z",
        [APPROVAL, "Infants will receive the vaccine in three doses, the regulator said.", "The first doses will reach clinics in July."],
    ),
    (FJORD, VACCINE, "2024-05-27T12:00:00Z", [APPROVAL, "Health workers in Ghana welcomed the decision."]),
    (DELTA, FLOOD, "2024-06-06T10:00:00Z", [FLOODS, "Officials said 12 people had died in the floods.", "Firefighters rescued 1,200 people from rooftops."]),
    (FJORD, FLOOD, "2024-06-06T14:00:00Z", [FLOODS, "Officials said 15 people had died in the floods."]),
]


def cli(*args: object) -> Result:
    return CliRunner().invoke(main, [str(a) for a in args])


def write_articles(path: Path, articles: list[tuple[str, str, str, list[str]]]) -> Path:
    records = [{"title": title, "text": "\n\n".join(body), "outlet": outlet, "published": published} for outlet, title, published, body in articles]
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("profiles")
    db = folder / "p.db"
    (folder / "leans.csv").write_text("name,lean\n" + "".join(f"{name},{lean}\n" for name, lean in LEANS.items()), encoding="utf-8")
    assert cli("outlets", "import", folder / "leans.csv", "--db", db).exit_code == 0
    assert cli("run", write_articles(folder / "news.jsonl", ARTICLES), "--db", db).exit_code == 0
    return db


def profile(db: Path, outlet: str) -> dict:
    result = cli("outlets", "show", outlet, "--json", "--db", db)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_the_stories_are_the_ones_the_counts_are_made_for(store_path: Path) -> None:
    """The hand counts below hold only if the reports say what the texts were written to say."""
    with Store(store_path) as store:
        stories = {story.label: story for story in store.stories()}
        strike = story_report(store, stories[STRIKE].id, Settings())
    assert {label: sorted(story.outlets) for label, story in stories.items()} == {
        STRIKE: [BAY, COAST, HARBOUR],
        BRIDGE: [COAST, HARBOUR],
        FINAL: [HARBOUR],
        VACCINE: [DELTA, ECHO, FJORD],
        FLOOD: [DELTA, FJORD],
    }
    stated = {fact.text: sorted(fact.stated_by) for fact in strike.facts}
    assert stated[WALKOUT] == [BAY, COAST, HARBOUR]
    assert stated["The port authority said 40 ships were waiting at anchor."] == [COAST, HARBOUR]
    differs = [s.outlet for f in strike.facts for s in f.support if s.status.value == "differs"]
    assert differs == [BAY]


def test_the_profile_of_the_loaded_outlet_is_its_stories_summed(store_path: Path) -> None:
    found = profile(store_path, HARBOUR)
    assert (found["outlet"]["stories"], found["outlet"]["articles"], found["compared_stories"]) == (3, 3, 2)
    # Body words: 36 (strike) + 23 (bridge) + 25 (final) = 84; three own-voice loaded spans:
    # "reckless union bosses", "ransom", "pathetic Dinamo defence" (the tagger's "collapsed" after
    # it joins its span, which the lexicon's span covers: a defence that collapsed is sports talk).
    assert found["body_words"] == 84
    assert found["loaded_per_1000_words"] == round(3000 / 84, 2)
    assert found["quoted_loaded_per_1000_words"] == 0.0
    assert {(k["kind"], k["own"], k["quoted"]) for k in found["by_kind"]} == {("loaded_adjective", 3, 0)}
    # Facts it states where others report too: strike 3 (walkout, 40 ships, ransom), bridge 2
    # (collapse, trapped drivers); its own: ransom and trapped drivers.
    assert (found["facts"], found["single_source_share"]) == (5, 0.4)
    # Facts most of the others state: strike 1 (the walkout: Bay Times and Coast Wire, 2 of 2),
    # bridge 2 (Coast Wire's two, 1 of 1); it omits the bridge's repairs.
    assert (found["majority_facts"], found["omitted_share"]) == (3, 0.333)
    assert found["differs_share"] == 0.0
    # Facts it shares with a time: the walkout and the 40 ships (it published first, at 08:00) and
    # the collapse (at 10:00, as Coast Wire): first on all three.
    assert (found["dated_shared_facts"], found["first_share"]) == (3, 1.0)
    assert [line["label"] for line in found["stories"]] == [FINAL, BRIDGE, STRIKE], "most recent first"
    lines = {line["label"]: line for line in found["stories"]}
    assert (lines[STRIKE]["loaded_spans"], lines[STRIKE]["facts"], lines[STRIKE]["single_source"], lines[STRIKE]["omitted"]) == (2, 3, 1, 0)
    assert (lines[BRIDGE]["facts"], lines[BRIDGE]["single_source"], lines[BRIDGE]["omitted"]) == (2, 1, 1)
    assert (lines[FINAL]["outlets"], lines[FINAL]["loaded_spans"]) == (1, 1)
    shown = [example["text"] for example in found["most_loaded"]]
    assert any("reckless" in text for text in shown) and any("pathetic" in text for text in shown)
    scores = [example["score"] for example in found["most_loaded"]]
    assert scores == sorted(scores, reverse=True)


def test_an_outlet_that_gives_another_figure_is_counted_as_differing(store_path: Path) -> None:
    found = profile(store_path, BAY)
    # It states the walkout only, alone nothing; the others' walkout and 40 ships are majority facts,
    # and it gives 25 ships instead: it differs on 1 of the 2 facts it states or differs on.
    assert (found["facts"], found["single_source_share"]) == (1, 0.0)
    assert (found["majority_facts"], found["omitted_share"]) == (2, 0.0)
    assert found["differs_share"] == 0.5
    assert (found["dated_shared_facts"], found["first_share"]) == (1, 0.0), "Harbour Post had the walkout at 08:00"
    assert found["loaded_per_1000_words"] == 0.0 and found["by_kind"] == [] and found["most_loaded"] == []


def test_an_outlet_of_two_stories_omits_what_its_one_rival_says(store_path: Path) -> None:
    found = profile(store_path, COAST)
    assert (found["compared_stories"], found["facts"], found["single_source_share"]) == (2, 5, 0.4)
    # Most of the others state: the strike's walkout, the bridge's collapse and trapped drivers; it omits the drivers.
    assert (found["majority_facts"], found["omitted_share"]) == (3, 0.333)
    assert (found["dated_shared_facts"], found["first_share"]) == (3, 0.333), "first only on the collapse, tied"


@pytest.mark.parametrize(
    ("outlet", "expected"),
    [
        # Vaccine: shares the approval and the doses; floods: shares the evacuation and the toll,
        # alone on the rescues. Majority facts: the approval (Echo News and Fjord FM), the
        # evacuation; the toll it alone states at 12. First on all four shared facts.
        (DELTA, {"compared_stories": 2, "facts": 5, "single_source_share": 0.2, "majority_facts": 2, "omitted_share": 0.0, "first_share": 1.0}),
        # Shares the approval and the doses, alone on the July doses; Delta Daily was first.
        (ECHO, {"compared_stories": 1, "facts": 3, "single_source_share": 0.333, "majority_facts": 1, "omitted_share": 0.0, "first_share": 0.0}),
        # Omits the doses (Delta Daily and Echo News state them) and the rescues (its one rival
        # states them): 2 of the 5 facts most others state. Its 15 dead is the toll updated, which
        # it shares with Delta Daily's 12, and no disagreement.
        (FJORD, {"compared_stories": 2, "facts": 4, "single_source_share": 0.25, "majority_facts": 5, "omitted_share": 0.4, "first_share": 0.0}),
    ],
)
def test_the_profiles_of_the_other_three_outlets(store_path: Path, outlet: str, expected: dict) -> None:
    found = profile(store_path, outlet)
    assert {key: found[key] for key in expected} == expected
    assert found["differs_share"] == 0.0, "a toll updated over time is no figure given differently"
    assert found["outlet"]["lean"] == LEANS[outlet]


def test_blindspots_are_the_stories_one_lean_covers(store_path: Path) -> None:
    """By hand: strike left, centre, right; bridge left and centre; the final one outlet; vaccine
    left 2 of 3 (0.67); floods left 2 of 2."""
    found = json.loads(cli("blindspots", "--json", "--db", store_path).stdout)
    assert [(row["label"], row["lean"], row["outlets"]) for row in found] == [(FLOOD, "left", [DELTA, FJORD])]
    looser = json.loads(cli("blindspots", "--share", "0.6", "--json", "--db", store_path).stdout)
    assert sorted(row["label"] for row in looser) == sorted([FLOOD, VACCINE])


def report_of(db: Path, label: str) -> dict:
    stories = json.loads(cli("stories", "--json", "--db", db).stdout)
    story_id = next(s["id"] for s in stories if s["label"] == label)
    return json.loads(cli("report", story_id, "--db", db).stdout)


def test_the_timelines_put_articles_and_first_reports_in_time_order(store_path: Path) -> None:
    vaccine = report_of(store_path, VACCINE)
    fact_of = {f["text"]: f["id"] for f in vaccine["facts"]}
    timeline = vaccine["timeline"]
    assert [(a["outlet"], a["published"]) for a in timeline["articles"]] == [
        (DELTA, "2024-05-27T07:00:00Z"),
        (ECHO, "2024-05-27T12:00:00Z"),
        (FJORD, "2024-05-27T12:00:00Z"),
    ]
    first = {f["fact_id"]: (f["first_outlets"], f["later_outlets"]) for f in timeline["facts"]}
    assert first[fact_of[APPROVAL]] == ([DELTA], [ECHO, FJORD])
    assert first[fact_of["The vaccine will be given to infants in three doses."]] == ([DELTA], [ECHO])
    strike = report_of(store_path, STRIKE)
    (ships,) = strike["timeline"]["figure_changes"]
    assert not ships["update"] and len(strike["conflicts"]) == 1, "25 and 40 ships at the same minute is a conflict"


def test_a_toll_rising_over_time_is_an_update_not_a_conflict(store_path: Path) -> None:
    flood = report_of(store_path, FLOOD)
    (toll,) = flood["timeline"]["figure_changes"]
    assert toll["update"] and toll["latest"] == "15 people"
    assert [(v["outlet"], v["value"]) for v in toll["values"]] == [(DELTA, "12 people"), (FJORD, "15 people")]
    assert flood["conflicts"] == []
    (told,) = [s for s in flood["summary"] if s["updated"]]
    assert "15 people (up from 12 in earlier reports)" in told["text"] and sorted(told["citations"]) == [DELTA, FJORD]


def test_the_terminal_profile_shows_measures_spans_with_neutral_wording_and_stories(store_path: Path) -> None:
    result = cli("outlets", "show", HARBOUR, "--db", store_path)
    assert result.exit_code == 0, result.output
    rows = {line.split("│")[1].strip(): line.split("│")[2].strip() for line in result.stdout.splitlines() if line.count("│") == 3}
    assert rows["Loaded per 1,000 words, own voice"] == "35.7"
    assert rows["Its facts no other outlet states"] == "40% of 5 facts"
    assert rows["Facts most others state that it omits"] == "33% of 3 such facts"
    assert "Its most loaded words, in its own voice" in result.stdout and "pathetic" in result.stdout


def test_an_unknown_outlet_is_one_line_with_the_close_names(store_path: Path) -> None:
    result = cli("outlets", "show", "Harbor Post", "--db", store_path)
    assert result.exit_code == 2
    assert result.stderr.strip().count("\n") == 0
    assert "no outlet named 'Harbor Post'" in result.stderr and "'Harbour Post'" in result.stderr


def test_a_report_is_kept_and_made_again_only_when_what_it_is_made_from_changes(tmp_path: Path) -> None:
    db = tmp_path / "p.db"
    assert cli("run", write_articles(tmp_path / "news.jsonl", ARTICLES[3:5]), "--db", db).exit_code == 0
    with Store(db) as store:
        (story,) = store.stories()
        assert uncompared(store, [story.id], Settings()) == [], "`run` keeps each story's report"
        assert story_report(store, story.id, Settings()).coverage_by_lean == []
    # Telling a lean changes the report (its coverage by lean), so the kept one is not shown.
    (tmp_path / "leans.csv").write_text(f"name,lean\n{HARBOUR},left\n{COAST},right\n", encoding="utf-8")
    assert cli("outlets", "import", tmp_path / "leans.csv", "--db", db).exit_code == 0
    with Store(db) as store:
        assert uncompared(store, [story.id], Settings()) == [story.id]
        leans = {group.lean for group in story_report(store, story.id, Settings()).coverage_by_lean}
        assert leans == {"left", "right"}
        assert uncompared(store, [story.id], Settings()) == []
        # Another setting is another report.
        other = Settings.resolve([("min_agreement", "0.6")])
        assert uncompared(store, [story.id], other) == [story.id]
    # A third outlet joining the story makes its report again.
    later = [(BAY, BRIDGE, "2024-05-13T11:00:00Z", [COLLAPSE, "Traffic was diverted through the city centre."])]
    assert cli("ingest", write_articles(tmp_path / "more.jsonl", later), "--db", db).exit_code == 0
    with Store(db) as store:
        (story,) = store.stories()
        assert uncompared(store, [story.id], Settings()) == [story.id]
        assert BAY in {a.outlet for a in story_report(store, story.id, Settings()).articles}

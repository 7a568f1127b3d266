"""An outlet's profile across its stories (`storylens outlets show`), checked against counts made by hand.

Three outlets, three stories, written so that each figure can be counted from the texts:
- the strike: all three report the walkout; Harbour Post and Coast Wire say 40 ships wait, Bay
  Times says 25 (it differs); Harbour Post alone calls the union bosses reckless and says they hold
  the country to ransom; Coast Wire alone says talks resume on Thursday;
- the bridge: Harbour Post and Coast Wire report the collapse; each adds one sentence of its own;
- the cup final: Harbour Post alone, with two loaded words ("pathetic", "collapsed").
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

HARBOUR, COAST, BAY = "Harbour Post", "Coast Wire", "Bay Times"
WALKOUT = "Dockworkers at the port of Rotterdam walked out on Monday over pay, halting container traffic."
COLLAPSE = "A road bridge over the Vistula in Torun collapsed on Monday night, injuring four drivers."
STRIKE, BRIDGE, FINAL = "Dockworkers strike shuts Rotterdam port", "Road bridge collapses over the Vistula in Torun", "Hajduk win the cup final in Split"
ARTICLES = [
    (HARBOUR, STRIKE, 6, [WALKOUT, "The port authority said 40 ships were waiting at anchor.", "The reckless union bosses have held the whole country to ransom."]),
    (COAST, STRIKE, 6, [WALKOUT, "The port authority said 40 ships were waiting at anchor.", "Union leaders said talks with the employers would resume on Thursday."]),
    (BAY, STRIKE, 6, [WALKOUT, "The port authority said 25 ships were waiting at anchor."]),
    (HARBOUR, BRIDGE, 13, [COLLAPSE, "Drivers were trapped for hours in the wreckage."]),
    (COAST, BRIDGE, 13, [COLLAPSE, "Engineers said the Torun bridge had been closed for repairs since March."]),
    (
        HARBOUR,
        FINAL,
        20,
        ["Hajduk Split beat Dinamo Zagreb two goals to one in a thrilling cup final on Monday.", "The pathetic Dinamo defence collapsed in the second half."],
    ),
]


def cli(*args: object) -> Result:
    return CliRunner().invoke(main, [str(a) for a in args])


def write_articles(path: Path, articles: list[tuple[str, str, int, list[str]]]) -> Path:
    records = [
        {"title": title, "text": "\n\n".join(body), "outlet": outlet, "published": f"2024-05-{day:02d}T10:00:00Z"}
        for outlet, title, day, body in articles
    ]
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("profiles")
    db = folder / "p.db"
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
    assert sorted(stories) == sorted([STRIKE, BRIDGE, FINAL])
    stated = {fact.text: sorted(fact.stated_by) for fact in strike.facts}
    assert stated[WALKOUT] == [BAY, COAST, HARBOUR]
    assert stated["The port authority said 40 ships were waiting at anchor."] == [COAST, HARBOUR]
    differs = [s.outlet for f in strike.facts for s in f.support if s.status.value == "differs"]
    assert differs == [BAY]


def test_the_profile_of_the_loaded_outlet_is_its_stories_summed(store_path: Path) -> None:
    found = profile(store_path, HARBOUR)
    assert (found["outlet"]["stories"], found["outlet"]["articles"], found["compared_stories"]) == (3, 3, 2)
    # Body words: 36 (strike) + 23 (bridge) + 25 (final) = 84; four own-voice loaded spans.
    assert found["body_words"] == 84
    assert found["loaded_per_1000_words"] == round(4000 / 84, 2)
    assert found["quoted_loaded_per_1000_words"] == 0.0
    assert {(k["kind"], k["own"], k["quoted"]) for k in found["by_kind"]} == {("loaded_adjective", 4, 0)}
    # Facts it states where others report too: strike 3 (walkout, 40 ships, ransom), bridge 2
    # (collapse, trapped drivers); its own: ransom and trapped drivers.
    assert (found["facts"], found["single_source_share"]) == (5, 0.4)
    # Facts most of the others state: strike 1 (the walkout: Bay Times and Coast Wire, 2 of 2),
    # bridge 2 (Coast Wire's two, 1 of 1); it omits the bridge's repairs.
    assert (found["majority_facts"], found["omitted_share"]) == (3, 0.333)
    assert found["differs_share"] == 0.0
    assert [line["label"] for line in found["stories"]] == [FINAL, BRIDGE, STRIKE], "most recent first"
    lines = {line["label"]: line for line in found["stories"]}
    assert (lines[STRIKE]["loaded_spans"], lines[STRIKE]["facts"], lines[STRIKE]["single_source"], lines[STRIKE]["omitted"]) == (2, 3, 1, 0)
    assert (lines[BRIDGE]["facts"], lines[BRIDGE]["single_source"], lines[BRIDGE]["omitted"]) == (2, 1, 1)
    assert (lines[FINAL]["outlets"], lines[FINAL]["loaded_spans"]) == (1, 2)
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
    assert found["loaded_per_1000_words"] == 0.0 and found["by_kind"] == [] and found["most_loaded"] == []


def test_an_outlet_of_two_stories_omits_what_its_one_rival_says(store_path: Path) -> None:
    found = profile(store_path, COAST)
    assert (found["compared_stories"], found["facts"], found["single_source_share"]) == (2, 5, 0.4)
    # Most of the others state: the strike's walkout, the bridge's collapse and trapped drivers; it omits the drivers.
    assert (found["majority_facts"], found["omitted_share"]) == (3, 0.333)


def test_the_terminal_profile_shows_measures_spans_with_neutral_wording_and_stories(store_path: Path) -> None:
    result = cli("outlets", "show", HARBOUR, "--db", store_path)
    assert result.exit_code == 0, result.output
    rows = {line.split("│")[1].strip(): line.split("│")[2].strip() for line in result.stdout.splitlines() if line.count("│") == 3}
    assert rows["Loaded per 1,000 words, own voice"] == "47.6"
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
    later = [(BAY, BRIDGE, 13, [COLLAPSE, "Traffic was diverted through the city centre."])]
    assert cli("ingest", write_articles(tmp_path / "more.jsonl", later), "--db", db).exit_code == 0
    with Store(db) as store:
        (story,) = store.stories()
        assert uncompared(store, [story.id], Settings()) == [story.id]
        assert BAY in {a.outlet for a in story_report(store, story.id, Settings()).articles}

"""The story timeline, checked against values worked out by hand.

The test story: an earthquake reported by four dated outlets and one undated one, built in the test
and run through the real pipeline (real models). Hand-computed from the articles below:

| published (UTC)  | outlet       | toll | injured | reports first                          |
|------------------|--------------|------|---------|----------------------------------------|
| 2024-03-05 09:10 | Lima Wire    | 12   |         | the toll, the church, the magnitude    |
| 2024-03-05 13:00 | Peru Post    | 14   |         | the president's visit                  |
| 2024-03-05 18:40 | Andes Daily  | 15   | 40      | the injured (tied with Cusco Times)    |
| 2024-03-05 18:40 | Cusco Times  | 15   | 60      | the injured (tied), the alpacas        |
| undated          | Sierra Radio |      |         | nothing first; the aftershocks alone   |

The toll rises 12 → 14 → 15 hours apart and both articles from the latest change on give 15: an
update, not a conflict. The injured, 40 against 60 in articles of the same minute: a conflict.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from storylens.compare.timeline import BACK, ONE_VALUE, SAME_TIME, UNDATED, UPDATE, running_tally, why_not_update
from storylens.config import Settings
from storylens.model import Conflict, ConflictSlot, ConflictValue, FactStatus, FigureValue, Role, SentenceRef, StoryReport
from storylens.pipeline import story_report
from storylens.report import render
from storylens.report.overview import OverviewRow
from storylens.report.sections import ReportView
from storylens.store import Store
from tests.conftest import make_article, run_pipeline


def at(hour: int, minute: int) -> datetime:
    return datetime(2024, 3, 5, hour, minute, tzinfo=UTC)


QUAKE = [
    make_article(
        "Lima Wire",
        "Quake kills 12 in Peru's south",
        [
            "An earthquake killed 12 people in southern Peru on Tuesday, the civil defence agency said.",
            "Rescue teams were searching the rubble of a collapsed church in the Andean town of Chivay.",
            "The quake had a magnitude of 6.1, the national seismology institute said.",
        ],
        at(9, 10),
    ),
    make_article(
        "Peru Post",
        "Death toll from Peru earthquake rises to 14",
        [
            "An earthquake killed 14 people in southern Peru on Tuesday, the civil defence agency said.",
            "The national seismology institute put the magnitude of the quake at 6.1.",
            "President Dina Boluarte will visit the Colca valley on Thursday, her office said.",
        ],
        at(13, 0),
    ),
    make_article(
        "Andes Daily",
        "Peru quake toll reaches 15",
        [
            "An earthquake killed 15 people in southern Peru on Tuesday, the civil defence agency said.",
            "President Dina Boluarte will visit the Colca valley on Thursday, her office said.",
            "Hospitals in Arequipa said 40 people were injured in the quake.",
        ],
        at(18, 40),
    ),
    make_article(
        "Cusco Times",
        "Fifteen dead in southern Peru earthquake",
        [
            "An earthquake killed 15 people in southern Peru on Tuesday, the civil defence agency said.",
            "Hospitals in Arequipa said 60 people were injured in the quake.",
            "Farmers in the Colca valley lost hundreds of alpacas when stone corrals collapsed.",
        ],
        at(18, 40),
    ),
    make_article(
        "Sierra Radio",
        "Strong earthquake shakes southern Peru",
        [
            "The quake had a magnitude of 6.1, the national seismology institute said.",
            "Aftershocks were felt as far away as the city of Puno on Wednesday morning.",
        ],
    ).model_copy(update={"published": None}),
]


@pytest.fixture(scope="module")
def quake_db(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, int]:
    db = tmp_path_factory.mktemp("timeline") / "q.db"
    with Store(db) as store:
        (story,) = run_pipeline(store, QUAKE)
    return db, story


@pytest.fixture(scope="module")
def quake(quake_db: tuple[Path, int]) -> StoryReport:
    db, story = quake_db
    with Store(db) as store:
        return story_report(store, story, Settings())


def fact_id(report: StoryReport, words: str) -> int:
    (found,) = [f.id for f in report.facts if words in f.text and f.part_of is None]
    return found


def test_articles_run_in_publication_order_ties_by_outlet_and_undated_last(quake: StoryReport) -> None:
    articles = quake.timeline.articles
    assert [a.outlet for a in articles] == ["Lima Wire", "Peru Post", "Andes Daily", "Cusco Times", "Sierra Radio"]
    assert [a.published for a in articles] == [at(9, 10), at(13, 0), at(18, 40), at(18, 40), None]


def test_each_fact_first_appears_with_its_first_reporters_and_who_followed(quake: StoryReport) -> None:
    seen = {s.fact_id: s for s in quake.timeline.facts}
    toll, magnitude = fact_id(quake, "killed"), fact_id(quake, "magnitude")
    visit, injured = fact_id(quake, "will visit"), fact_id(quake, "injured")
    aftershocks = fact_id(quake, "Aftershocks")
    assert (seen[toll].first_published, seen[toll].first_outlets) == (at(9, 10), ["Lima Wire"])
    assert seen[toll].later_outlets == ["Peru Post", "Andes Daily", "Cusco Times"]
    assert (seen[magnitude].first_outlets, seen[magnitude].later_outlets, seen[magnitude].undated_outlets) == (
        ["Lima Wire"],
        ["Peru Post"],
        ["Sierra Radio"],
    )
    assert (seen[visit].first_published, seen[visit].first_outlets, seen[visit].later_outlets) == (at(13, 0), ["Peru Post"], ["Andes Daily"])
    assert (seen[injured].first_published, seen[injured].first_outlets) == (at(18, 40), ["Andes Daily", "Cusco Times"])
    assert (seen[aftershocks].first_published, seen[aftershocks].first_outlets, seen[aftershocks].undated_outlets) == (
        None,
        [],
        ["Sierra Radio"],
    )
    firsts = {a.outlet: set(a.first_reports) for a in quake.timeline.articles}
    assert {toll, magnitude, fact_id(quake, "Rescue teams")} == firsts["Lima Wire"]
    assert firsts["Peru Post"] == {visit}
    assert injured in firsts["Andes Daily"] and injured in firsts["Cusco Times"]
    assert firsts["Sierra Radio"] == set()


def test_a_rising_toll_the_later_articles_agree_on_is_an_update_not_a_conflict(quake: StoryReport) -> None:
    toll = fact_id(quake, "killed")
    (change,) = [c for c in quake.timeline.figure_changes if c.fact_id == toll]
    assert change.update and change.reason == UPDATE and change.latest == "15 people"
    assert [(v.outlet, v.normalised.split()[0], v.published) for v in change.values] == [
        ("Lima Wire", "12", at(9, 10)),
        ("Peru Post", "14", at(13, 0)),
        ("Andes Daily", "15", at(18, 40)),
        ("Cusco Times", "15", at(18, 40)),
    ]
    assert all(c.fact_id != toll for c in quake.conflicts)
    assert next(f for f in quake.facts if f.id == toll).status == FactStatus.UPDATED
    (told,) = [s for s in quake.summary if s.fact_id == toll]
    assert told.updated and not told.disputed
    assert "15 people (up from 12 in earlier reports)" in told.text
    assert set(told.citations) == {"Lima Wire", "Peru Post", "Andes Daily", "Cusco Times"}


def test_outlets_disagreeing_at_the_same_time_stay_a_conflict(quake: StoryReport) -> None:
    injured = fact_id(quake, "injured")
    (conflict,) = [c for c in quake.conflicts if c.fact_id == injured]
    assert {v.outlet: v.value for v in conflict.values} == {"Andes Daily": "40 people", "Cusco Times": "60 people"}
    (change,) = [c for c in quake.timeline.figure_changes if c.fact_id == injured]
    assert not change.update and change.reason == SAME_TIME


def test_a_wider_same_time_window_makes_the_rising_toll_a_conflict_again(quake_db: tuple[Path, int]) -> None:
    """09:10 and 13:00 are 230 minutes apart: within a window of 300 they are the same time."""
    db, story = quake_db
    with Store(db) as store:
        report = story_report(store, story, Settings().updated(same_time_minutes=300))
    toll = fact_id(report, "killed")
    (conflict,) = [c for c in report.conflicts if c.fact_id == toll]
    assert conflict.disputed == "12–15 people"
    assert next(f for f in report.facts if f.id == toll).status == FactStatus.CONFLICTING


def test_every_format_shows_the_update_in_the_timeline_and_not_among_conflicts(quake: StoryReport) -> None:
    steps = "12 people (Lima Wire, 2024-03-05 09:10 UTC) → 14 people (Peru Post, 2024-03-05 13:00 UTC) → 15 people (Andes Daily, Cusco Times, 2024-03-05 18:40 UTC)"
    view = ReportView.of(quake)
    assert [f.steps for f in view.timeline.figures if f.change.update] == [steps]
    markdown = render(quake, "md")
    timeline = markdown[markdown.index("## Timeline") : markdown.index("## Reported by every outlet")]
    assert timeline.index("Lima Wire") < timeline.index("Peru Post") < timeline.index("**undated** · Sierra Radio")
    assert "**update** (count): " + steps in timeline
    assert "said 60 people were injured in the quake. _(tied with Andes Daily)_" in timeline
    conflicts = markdown[markdown.index("## Conflicts") : markdown.index("## Framing")]
    assert "12 people" not in conflicts and "60 people" in conflicts
    assert "1 figure changed over time" in conflicts
    html = render(quake, "html")
    section = html[html.index('<section id="timeline">') : html.index("</section>", html.index('<section id="timeline">'))]
    assert "2024-03-05 09:10 UTC" in section and "undated" in section and "→" in section


def value(outlet: str, figure: str, published: datetime | None) -> FigureValue:
    ref = SentenceRef(article_id=outlet, position=0, outlet=outlet, role=Role.BODY, text=figure, start=0, end=len(figure))
    return FigureValue(outlet=outlet, article_id=outlet, published=published, value=figure, normalised=figure, evidence=ref)


HOUR = timedelta(hours=1)


@pytest.mark.parametrize(
    ("values", "why"),
    [
        ([value("A", "12", at(9, 0)), value("B", "14", at(11, 0)), value("C", "14", at(12, 0))], None),
        ([value("A", "12", at(9, 0)), value("B", "14", at(9, 40))], SAME_TIME),
        ([value("A", "12", at(9, 0)), value("B", "14", at(10, 1))], None),
        ([value("A", "12", at(9, 0)), value("B", "15", at(12, 0)), value("C", "12", at(15, 0))], BACK),
        ([value("A", "12", at(9, 0)), value("B", "15", at(12, 0)), value("C", "15", None)], UNDATED),
        ([value("A", "15", at(9, 0)), value("B", "14", at(12, 0))], None),
        ([value("A", "15", at(9, 0)), value("B", "15", at(12, 0))], ONE_VALUE),
        ([], ONE_VALUE),
    ],
    ids=["rising", "within-the-hour", "just-over-the-hour", "old-figure-back", "undated", "revised-down", "same", "none"],
)
def test_what_makes_a_change_an_update(values: list[FigureValue], why: str | None) -> None:
    assert why_not_update(values, HOUR) == why


def test_the_undated_seed_pair_credits_no_first_reporter_and_says_why(seed_report: StoryReport) -> None:
    timeline = seed_report.timeline
    assert [a.published for a in timeline.articles] == [None, None]
    assert len(timeline.facts) == len(seed_report.facts)
    assert all(s.first_published is None and s.first_outlets == [] and s.undated_outlets for s in timeline.facts)
    assert all(a.first_reports == [] for a in timeline.articles) and timeline.figure_changes == []
    markdown = render(seed_report, "md")
    section = markdown[markdown.index("## Timeline") : markdown.index("## Reported by every outlet")]
    assert "No article of this story gives a publication time" in section and "Only in undated articles" not in section


def test_the_story_overview_counts_the_updated_toll_as_agreed(quake: StoryReport) -> None:
    """Facts: the toll (updated, stated by Andes Daily and Cusco Times at 15), the magnitude and the
    visit corroborated; the church, the alpacas and the aftershocks single-source; the injured disputed."""
    row = OverviewRow.of(quake)
    assert (row.corroborated, row.single_source, row.disputed, row.conflicts) == (3, 3, 1, 1)


def conflict_of(slot: ConflictSlot, *texts: str) -> Conflict:
    values = []
    for n, text in enumerate(texts):
        ref = SentenceRef(article_id=f"a{n}", position=0, outlet=f"O{n}", role=Role.BODY, text=text, start=0, end=len(text))
        values.append(ConflictValue(outlet=f"O{n}", value=text.split()[0], normalised=text.split()[0], evidence=ref))
    return Conflict(fact_id=1, slot=slot, values=values)


@pytest.mark.parametrize(
    ("conflict", "tally"),
    [
        (conflict_of(ConflictSlot.COUNT, "12 people died in the quake.", "15 people were killed in the quake."), True),
        (conflict_of(ConflictSlot.COUNT, "Police arrested 40 protesters.", "Police detained 55 protesters."), True),
        (conflict_of(ConflictSlot.COUNT, "23 states back the bill.", "26 states back the bill."), False),
        (conflict_of(ConflictSlot.MONEY, "$5.7 billion was requested for the wall.", "$8 billion was requested for the wall."), False),
        (conflict_of(ConflictSlot.DURATION, "He was suspended for 60 days after the deaths.", "He was suspended for 187 days."), False),
    ],
    ids=["toll", "arrests", "states", "budget", "suspension"],
)
def test_only_a_running_tally_can_be_updated_over_time(conflict: Conflict, tally: bool) -> None:
    """A budget, a suspension or a number of states is what it is: a later article giving another
    one disagrees with the earlier ones, however many hours apart they are."""
    assert running_tally(conflict) is tally


HATE_CRIMES_BILL = [
    make_article(
        "Capitol Ledger",
        "House passes COVID-19 Hate Crimes Act",
        [
            "The House of Representatives passed the COVID-19 Hate Crimes Act on Tuesday, clearing Congress with bipartisan support.",
            "The bill passed 364 to 62 and now heads to President Joe Biden's desk to be signed into law.",
        ],
        at(9, 0),
    ),
    make_article(
        "Federal Wire",
        "House passes bill to combat hate crimes against Asian Americans",
        [
            "The House on Tuesday passed legislation to investigate hate crimes against Asian Americans, which have increased during the pandemic.",
            "The vote was 364 to 62; all the votes in opposition came from Republicans.",
        ],
        at(9, 0),
    ),
]


def test_a_sentence_that_reports_several_facts_first_is_listed_once(tmp_path: Path) -> None:
    """The Federal Wire's first sentence is two facts (the House passed the bill, which the Ledger
    also reports, and the rise in hate crimes, which it alone does): the timeline had listed it
    twice under the article, once tied with the Ledger and once alone."""
    with Store(tmp_path / "bill.db") as store:
        (story,) = run_pipeline(store, HATE_CRIMES_BILL)
        report = story_report(store, story, Settings())
    markdown = render(report, "md")
    timeline = markdown[markdown.index("## Timeline") : markdown.index("## Reported by every outlet")]
    firsts = [line.split(" _(")[0] for line in timeline.splitlines() if "first to report:" in line]
    assert len(firsts) == len(set(firsts)) >= 3
    assert "first to report: The House on Tuesday passed legislation" in timeline
    assert "_(for part of it: tied with Capitol Ledger)_" in timeline

"""People's titles across a story: an outlet that gives a person another post disagrees, wherever in the story it says so."""

from __future__ import annotations

from pathlib import Path

from storylens.config import Settings
from storylens.model import ConflictSlot, StoryReport
from storylens.pipeline import story_report
from storylens.store import Store
from tests.conftest import make_article, run_pipeline


def _report(tmp_path: Path, first_title: str, second_title: str) -> StoryReport:
    """Each outlet gives the title in a sentence the other outlet does not tell: no fact holds both."""
    articles = [
        make_article(
            "Capitol Ledger",
            "House passes spending bill",
            [
                "The House passed a $1.2 trillion spending bill on Friday after a week of talks.",
                f"The vote was a setback for {first_title} Nancy Pelosi, who had urged members to reject it.",
            ],
        ),
        make_article(
            "Federal Wire",
            "Spending bill clears the House",
            [
                "The House approved a $1.2 trillion spending bill on Friday after a week of negotiations.",
                f"{second_title} Nancy Pelosi spent the morning meeting union leaders in her office.",
            ],
        ),
    ]
    with Store(tmp_path / "titles.db") as store:
        (story,) = run_pipeline(store, articles)
        return story_report(store, story, Settings())


def test_two_outlets_giving_one_person_contradicting_titles_conflict(tmp_path: Path) -> None:
    report = _report(tmp_path, "Minority Leader", "Majority Leader")
    (conflict,) = [c for c in report.conflicts if c.slot == ConflictSlot.ROLE]
    assert {(v.outlet, v.value) for v in conflict.values} == {("Capitol Ledger", "Minority Leader"), ("Federal Wire", "Majority Leader")}


def test_a_title_that_only_adds_a_word_does_not_conflict(tmp_path: Path) -> None:
    """"House Minority Leader" and "Minority Leader" are one post; a party or state word adds, it never contradicts."""
    assert not [c for c in _report(tmp_path, "House Minority Leader", "Democratic Minority Leader").conflicts if c.slot == ConflictSlot.ROLE]

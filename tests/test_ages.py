"""People's ages: an outlet that gives a person another age disagrees, wherever in the story it says so."""

from __future__ import annotations

from pathlib import Path

from storylens.config import Settings
from storylens.model import ConflictSlot, StoryReport
from storylens.pipeline import story_report
from storylens.store import Store
from tests.conftest import make_article, run_pipeline


def _report(tmp_path: Path, first_age: str, second_age: str) -> StoryReport:
    articles = [
        make_article(
            "Capitol Ledger",
            "House passes spending bill",
            [
                "The House passed a $1.2 trillion spending bill on Friday after a week of talks.",
                f"Speaker Kevin McCarthy, {first_age}, said the vote showed the party could govern.",
            ],
        ),
        make_article(
            "Federal Wire",
            "Spending bill clears the House",
            [
                "The House approved a $1.2 trillion spending bill on Friday after a week of negotiations.",
                f"McCarthy, {second_age}, has led the chamber since January.",
            ],
        ),
    ]
    with Store(tmp_path / "ages.db") as store:
        (story,) = run_pipeline(store, articles)
        return story_report(store, story, Settings())


def test_two_outlets_giving_one_person_different_ages_conflict(tmp_path: Path) -> None:
    report = _report(tmp_path, "49", "58")
    (conflict,) = [c for c in report.conflicts if any(v.normalised == "49 age" for v in c.values)]
    assert conflict.slot == ConflictSlot.COUNT
    assert {(v.outlet, v.value) for v in conflict.values} == {("Capitol Ledger", "49"), ("Federal Wire", "58")}


def test_ages_a_year_apart_do_not_conflict(tmp_path: Path) -> None:
    """Articles days apart may straddle a birthday."""
    assert not [c for c in _report(tmp_path, "49", "50").conflicts if c.slot == ConflictSlot.COUNT]

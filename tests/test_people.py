"""People across a story: an outlet that gives a person another age or another post disagrees,
wherever in the story it says so, even where no fact holds both sentences."""

from __future__ import annotations

from pathlib import Path

from storylens.model import ConflictSlot, StoryReport
from tests.conftest import one_story_report, spending_bill


def _report(tmp_path: Path, ledger_line: str, wire_line: str) -> StoryReport:
    return one_story_report(tmp_path / "people.db", spending_bill(ledger_line, wire_line))


def _ages(tmp_path: Path, first: str, second: str) -> StoryReport:
    return _report(
        tmp_path,
        f"Speaker Kevin McCarthy, {first}, said the vote showed the party could govern.",
        f"McCarthy, {second}, has led the chamber since January.",
    )


def _titles(tmp_path: Path, first: str, second: str) -> StoryReport:
    """Each outlet gives the title in a sentence the other outlet does not tell: no fact holds both."""
    return _report(
        tmp_path,
        f"The vote was a setback for {first} Nancy Pelosi, who had urged members to reject it.",
        f"{second} Nancy Pelosi spent the morning meeting union leaders in her office.",
    )


def test_two_outlets_giving_one_person_different_ages_conflict(tmp_path: Path) -> None:
    report = _ages(tmp_path, "49", "58")
    (conflict,) = [c for c in report.conflicts if any(v.normalised == "49 age" for v in c.values)]
    assert conflict.slot == ConflictSlot.COUNT
    assert {(v.outlet, v.value) for v in conflict.values} == {("Capitol Ledger", "49"), ("Federal Wire", "58")}


def test_ages_a_year_apart_do_not_conflict(tmp_path: Path) -> None:
    """Articles days apart may straddle a birthday."""
    assert not [c for c in _ages(tmp_path, "49", "50").conflicts if c.slot == ConflictSlot.COUNT]


def test_two_outlets_giving_one_person_contradicting_titles_conflict(tmp_path: Path) -> None:
    report = _titles(tmp_path, "Minority Leader", "Majority Leader")
    (conflict,) = [c for c in report.conflicts if c.slot == ConflictSlot.ROLE]
    assert {(v.outlet, v.value) for v in conflict.values} == {("Capitol Ledger", "Minority Leader"), ("Federal Wire", "Majority Leader")}


def test_a_title_that_only_adds_a_word_does_not_conflict(tmp_path: Path) -> None:
    """"House Minority Leader" and "Minority Leader" are one post; a party or state word adds, it never contradicts."""
    assert not [c for c in _titles(tmp_path, "House Minority Leader", "Democratic Minority Leader").conflicts if c.slot == ConflictSlot.ROLE]


def test_ages_of_two_people_in_one_fact_do_not_conflict(tmp_path: Path) -> None:
    """One outlet gives the mother's age, the other the daughter's, in sentences that align as one
    fact (ECB+: "the murders of Alice McMeekin, 58, ..." against "... and sister, Kathryn Jenkin,
    20," had been a conflict of 58 against 20)."""
    report = _report(
        tmp_path,
        "Police found the bodies of Alice McMeekin, 58, at the family home in Millom on Saturday.",
        "Police found the bodies of Kathryn Jenkin, 20, at the family home in Millom on Saturday.",
    )
    assert not [c for c in report.conflicts if c.slot == ConflictSlot.COUNT]

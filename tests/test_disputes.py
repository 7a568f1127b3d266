"""A disputed figure is told in the words and the unit of the outlet whose sentence words the fact."""

from __future__ import annotations

import pytest

from storylens.analyze.quantities import extract_quantities
from storylens.compare.conflicts import normalised
from storylens.compare.disputes import disputed_range, updated_figure
from storylens.compare.summary import with_range
from storylens.model import (
    Conflict,
    ConflictSlot,
    ConflictValue,
    Fact,
    FactStatus,
    FigureChange,
    FigureValue,
    OutletSupport,
    Role,
    SentenceRef,
    SupportStatus,
)


def conflict(slot: ConflictSlot, *written: str) -> Conflict:
    """The conflict of outlets A, B, ... giving these figures, each compared as the analysis reads it."""
    values = []
    for number, text in enumerate(written):
        (quantity,) = extract_quantities(text)
        outlet = "ABC"[number]
        ref = SentenceRef(article_id=outlet, position=0, outlet=outlet, role=Role.BODY, text=text, start=0, end=len(text))
        values.append(ConflictValue(outlet=outlet, value=text, normalised=normalised(quantity), evidence=ref))
    return Conflict(fact_id=1, slot=slot, values=values)


@pytest.mark.parametrize(
    ("slot", "written", "shown"),
    [
        (ConflictSlot.DURATION, ("three years", "four years"), "3–4 years"),
        (ConflictSlot.DURATION, ("six days", "seven days"), "6–7 days"),
        (ConflictSlot.DURATION, ("36 hours", "two days"), "36–48 hours"),
        (ConflictSlot.DISTANCE, ("5,000 miles", "7,000 km"), "4,350–5,000 miles"),
        (ConflictSlot.DISTANCE, ("8,047 km", "8,000 km"), "8,000–8,047 km"),
        (ConflictSlot.COUNT, ("15 people", "12 people"), "12–15 people"),
        (ConflictSlot.DURATION, ("a week", "ten days"), "a week or ten days"),
    ],
)
def test_a_disputed_figure_is_told_in_the_wording_outlets_unit(slot: ConflictSlot, written: tuple[str, ...], shown: str) -> None:
    assert disputed_range(conflict(slot, *written), "A") == shown


@pytest.mark.parametrize(
    ("slot", "first", "latest", "shown"),
    [
        (ConflictSlot.COUNT, "12 people", "15 people", "15 people (up from 12 in earlier reports)"),
        (ConflictSlot.DURATION, "three years", "four years", "four years (up from 3 in earlier reports)"),
        (ConflictSlot.DURATION, "three years", "two years", "two years (down from 3 in earlier reports)"),
        (ConflictSlot.DURATION, "a week", "ten days", "ten days (up from 7 in earlier reports)"),
    ],
)
def test_an_updated_figure_tells_where_it_started_in_the_latest_unit(slot: ConflictSlot, first: str, latest: str, shown: str) -> None:
    values = [
        FigureValue(outlet=v.outlet, article_id=v.evidence.article_id, published=None, value=v.value, normalised=v.normalised, evidence=v.evidence)
        for v in conflict(slot, first, latest).values
    ]
    assert updated_figure(FigureChange(fact_id=1, slot=slot, values=values, update=True)) == shown


def test_a_disputed_tally_is_told_where_the_sentence_writes_it_not_inside_a_year() -> None:
    """The loser's count, 63 against 196, replaced as a figure: not the "63" that ends "1963"."""
    text = "In a caucus founded in 1963, Pelosi won by a vote of 134 to 63."
    ref = SentenceRef(article_id="A", position=0, outlet="A", role=Role.BODY, text=text, start=0, end=len(text))
    disputed = Fact(
        id=1,
        text=text,
        evidence=[ref, ref.model_copy(update={"article_id": "B", "outlet": "B"})],
        outlets=["A", "B"],
        stated_by=["A"],
        status=FactStatus.CONFLICTING,
        support=[OutletSupport(outlet=o, status=SupportStatus.STATES if o == "A" else SupportStatus.DIFFERS, claims=1, claims_stated=1) for o in "AB"],
    )
    tally = Conflict(
        fact_id=1,
        slot=ConflictSlot.COUNT,
        values=[
            ConflictValue(outlet="A", value="63", normalised="63 tally", evidence=ref),
            ConflictValue(outlet="B", value="196", normalised="196 tally", evidence=ref.model_copy(update={"outlet": "B"})),
        ],
    )
    told = with_range(disputed, [tally])
    assert told is not None
    assert told.text == "In a caucus founded in 1963, Pelosi won by a vote of 134 to 63–196 (A: 63; B: 196)."


def test_two_conflicts_on_one_written_figure_are_told_as_one_range() -> None:
    """One conflict from the fact's own sentences, one from an outlet aligned elsewhere, both on
    "three people": an ECB+ summary had nested the second range inside the first."""
    text = "The governor said four villages had been destroyed and three people killed."
    ref = SentenceRef(article_id="A", position=0, outlet="A", role=Role.BODY, text=text, start=0, end=len(text))
    disputed = Fact(
        id=1,
        text=text,
        evidence=[ref],
        outlets=["A"],
        stated_by=["A"],
        status=FactStatus.CONFLICTING,
        support=[OutletSupport(outlet=o, status=SupportStatus.STATES if o == "A" else SupportStatus.DIFFERS, claims=1, claims_stated=1) for o in "ABC"],
    )

    def dead(*given: tuple[str, str, int]) -> Conflict:
        return Conflict(
            fact_id=1,
            slot=ConflictSlot.COUNT,
            values=[
                ConflictValue(outlet=o, value=v, normalised=f"{n} people", evidence=ref.model_copy(update={"outlet": o}))
                for o, v, n in given
            ],
        )

    told = with_range(disputed, [dead(("A", "three people", 3), ("B", "10 people", 10)), dead(("A", "three people", 3), ("C", "ten people", 10))])
    assert told is not None
    assert told.text == "The governor said four villages had been destroyed and 3–10 people (A: three people; B: 10 people; C: ten people) killed."

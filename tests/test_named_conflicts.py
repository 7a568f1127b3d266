"""Places and people's titles as conflicts: reported where two outlets contradict each other,
and not where one outlet is only more or less specific."""

from __future__ import annotations

from pathlib import Path

import pytest

from storylens.analyze import analyze
from storylens.analyze.nlp import load_pipeline
from storylens.compare.named_slots import StoryNames, Title, event_place, named_disagreements, titles
from storylens.config import Settings
from storylens.framing.lexicon import LexiconFraming
from storylens.model import ConflictSlot, Entity, FactStatus, QuantityKind, Role, Sentence, StoryReport
from storylens.pipeline import story_report
from storylens.store import Store
from tests.conftest import make_article, run_pipeline

TRAIN = "He later boarded his armoured train back to Pyongyang, state media said."


def report_of(tmp_path: Path, first: list[str], second: list[str]) -> StoryReport:
    a = make_article("Outlet A", "Kim meets Putin's minister", first)
    b = make_article("Outlet B", "Kim and Putin's minister meet", second)
    with Store(tmp_path / "s.db") as store:
        (story_id,) = run_pipeline(store, [a, b])
        return story_report(store, story_id, Settings())


def test_two_outlets_giving_one_man_two_posts_conflict_on_his_role(tmp_path: Path) -> None:
    report = report_of(
        tmp_path,
        ["Kim Jong Un held talks with Russian Defence Minister Sergei Shoigu in Vladivostok on Saturday.", TRAIN],
        ["Kim Jong Un held talks with Russian Foreign Minister Sergei Shoigu in Vladivostok on Saturday.", TRAIN],
    )
    (conflict,) = report.conflicts
    assert conflict.slot == ConflictSlot.ROLE
    assert sorted(v.value for v in conflict.values) == ["Defence Minister", "Foreign Minister"]
    assert sorted(v.normalised for v in conflict.values) == ["defense minister (sergei shoigu)", "foreign minister (sergei shoigu)"]
    assert next(f for f in report.facts if f.id == conflict.fact_id).status == FactStatus.CONFLICTING


def test_two_outlets_putting_one_meeting_in_two_cities_conflict_on_the_place(tmp_path: Path) -> None:
    report = report_of(
        tmp_path,
        ["Kim Jong Un held talks with Vladimir Putin in Vladivostok on Saturday, the Kremlin said.", TRAIN],
        ["Kim Jong Un held talks with Vladimir Putin in Khabarovsk on Saturday, the Kremlin said.", TRAIN],
    )
    (conflict,) = report.conflicts
    assert conflict.slot == ConflictSlot.PLACE
    assert {v.outlet: v.value for v in conflict.values} == {"Outlet A": "Vladivostok", "Outlet B": "Khabarovsk"}


def test_an_outlet_that_names_both_places_only_chose_another_one_to_mention(tmp_path: Path) -> None:
    """B puts the talks in the region, and knows the city: that is granularity, not a contradiction."""
    report = report_of(
        tmp_path,
        ["Kim Jong Un held talks with Vladimir Putin in Vladivostok on Saturday, the Kremlin said.", TRAIN],
        [
            "Kim Jong Un held talks with Vladimir Putin in Primorye on Saturday, the Kremlin said.",
            "The region's capital, Vladivostok, hosted a parade for him.",
            TRAIN,
        ],
    )
    assert [c for c in report.conflicts if c.slot == ConflictSlot.PLACE] == []


def test_a_place_of_another_event_told_in_the_same_sentence_is_no_other_place_of_this_one(tmp_path: Path) -> None:
    """Pompeo met the king in Riyadh; the other outlet tells the talks with no place, and names
    Istanbul as where the journalist died. With one place in both the sentences read alike, and
    a NeuS summary had shown Pompeo meeting the king "in Riyadh or Istanbul"."""
    report = report_of(
        tmp_path,
        [
            "Pressure is growing on Saudi Arabia to explain the fate of journalist Jamal Khashoggi, as US Secretary of State "
            "Mike Pompeo met King Salman in Riyadh.",
        ],
        [
            "Secretary of State Mike Pompeo held talks with top Saudi leaders Tuesday as sources told CNN that the Kingdom is "
            "preparing to acknowledge that missing journalist Jamal Khashoggi died at the Saudi consulate in Istanbul, Turkey.",
        ],
    )
    assert [c for c in report.conflicts if c.slot == ConflictSlot.PLACE] == []


def test_a_title_given_to_a_surname_is_compared_with_the_one_given_to_the_full_name(tmp_path: Path) -> None:
    """"Vice President Obama" and "President Barack Obama" title one man: the story names one
    Obama in full, so the surname is his."""
    report = report_of(
        tmp_path,
        ["Hillary Clinton on Sunday urged Vice President Obama to listen to congressional Democrats on the trade deal.", TRAIN],
        ["Hillary Clinton on Sunday encouraged President Barack Obama to listen to congressional Democrats on the trade deal.", TRAIN],
    )
    (conflict,) = report.conflicts
    assert conflict.slot == ConflictSlot.ROLE
    assert sorted(v.value for v in conflict.values) == ["President", "Vice President"]


@pytest.mark.parametrize(("town", "conflicts"), [("Manchester, N.H.,", False), ("Manchester, NH,", False), ("Manchester", True)])
def test_a_town_written_with_its_state_is_in_that_state(tmp_path: Path, town: str, conflicts: bool) -> None:
    """"Manchester, N.H." names New Hampshire as surely as the state's name does; a bare
    "Manchester" does not say which one."""
    report = report_of(
        tmp_path,
        ["Senator Rand Paul held a town hall meeting in New Hampshire on Tuesday, his campaign said.", TRAIN],
        [f"Senator Rand Paul held a town hall meeting in {town} on Tuesday, his campaign said.", TRAIN],
    )
    assert bool([c for c in report.conflicts if c.slot == ConflictSlot.PLACE]) == conflicts


def sentence(text: str, people: dict[str, str]) -> Sentence:
    entities = [Entity(text=name, label="PERSON", key=key, start=text.index(name), end=text.index(name) + len(name)) for name, key in people.items()]
    return Sentence(article_id="a", position=0, text=text, start=0, end=len(text), role=Role.BODY, entities=entities)


def title_of(text: str) -> Title:
    (title,) = titles(sentence(text, {"Joe Biden": "joe biden"})).values()
    return title


@pytest.mark.parametrize(
    ("mine", "theirs", "conflict"),
    [
        ("Vice President Joe Biden spoke.", "President Joe Biden spoke.", True),
        ("The speech by ex-Vice President Joe Biden.", "Former Vice President Joe Biden spoke.", False),
        ("Former Vice President Joe Biden spoke.", "Vice President Joe Biden spoke.", False),
        ("Delaware Senator Joe Biden spoke.", "Democratic Senator Joe Biden spoke.", False),
        ("Senate Majority Leader Joe Biden spoke.", "Senate Minority Leader Joe Biden spoke.", True),
        ("Joe Biden, the defence secretary, spoke.", "Defense Secretary Joe Biden spoke.", False),
        ("Joe Biden, the defence secretary, spoke.", "Treasury Secretary Joe Biden spoke.", True),
        ("Secretary Joe Biden spoke.", "Treasury Secretary Joe Biden spoke.", False),
    ],
)
def test_titles_contradict_only_on_rank_or_portfolio(mine: str, theirs: str, conflict: bool) -> None:
    assert title_of(mine).contradicts(title_of(theirs)) is conflict


def test_a_name_without_a_title_has_none() -> None:
    assert titles(sentence("Meanwhile Joe Biden spoke in Dover.", {"Joe Biden": "joe biden"})) == {}
    assert titles(sentence("Joe Biden, who spoke in Dover, left.", {"Joe Biden": "joe biden"})) == {}


def test_every_kind_of_figure_is_a_conflict_slot() -> None:
    assert {kind.value for kind in QuantityKind} | {"place", "role"} == {slot.value for slot in ConflictSlot}


def _titled(sentences_by_outlet: dict[str, list[str]]) -> tuple[StoryNames, dict[str, Sentence]]:
    """The last sentence of each outlet's article, analysed, and the story's names."""
    nlp = load_pipeline(Settings().models.spacy_model)
    items = list(analyze([make_article(outlet, "Senate standoff", body) for outlet, body in sentences_by_outlet.items()], nlp, LexiconFraming()))
    return StoryNames(items), {item.article.outlet.name: item.sentences[-1] for item in items}


def _roles(names: StoryNames, mine: Sentence, theirs: Sentence, similarity: float) -> list[str]:
    found = named_disagreements(mine, theirs, lambda: similarity, names, Settings().conflicts)
    return sorted(d.mine.written for d in found if d.slot == ConflictSlot.ROLE)


def test_a_person_named_in_full_keeps_one_title_through_the_story_however_loosely_the_sentences_match() -> None:
    """Two outlets' sentences of one fact may tell it in different words; a full name is one man,
    so "Majority Leader" against "Minority Leader" conflicts even when they are loosely alike.
    An outlet that gives him both titles knows both; a bare surname may be two people."""
    names, first = _titled(
        {
            "Outlet A": ["Senate Republicans sent a letter.", "The letter went to Senate Majority Leader Harry Reid on Wednesday."],
            "Outlet B": ["Republicans dug in.", "All 42 members warned Senate Minority Leader Harry Reid of a standstill."],
        }
    )
    assert _roles(names, first["Outlet A"], first["Outlet B"], similarity=0.3) == ["Majority Leader"]
    both, second = _titled(
        {
            "Outlet A": ["Senate Republicans sent a letter.", "The letter went to Senate Majority Leader Harry Reid on Wednesday."],
            "Outlet B": ["Majority Leader Harry Reid warned of this in 2013.", "All 42 members warned Senate Minority Leader Harry Reid."],
        }
    )
    assert _roles(both, second["Outlet A"], second["Outlet B"], similarity=0.3) == [], "B's article gives him both titles"
    bare, third = _titled(
        {
            "Outlet A": ["Republicans sent a letter.", "The letter went to Senate Majority Leader Reid on Wednesday."],
            "Outlet B": ["Republicans dug in.", "All 42 members warned Senate Minority Leader Reid of a standstill."],
        }
    )
    assert _roles(bare, third["Outlet A"], third["Outlet B"], similarity=0.3) == [], "a surname alone, loosely alike"
    assert _roles(bare, third["Outlet A"], third["Outlet B"], similarity=0.8) == ["Majority Leader"], "closely alike"


def test_one_claim_told_beside_different_things_conflicts_on_its_place(tmp_path: Path) -> None:
    """Each outlet tells where he was born beside something else: the whole sentences read far
    apart, even with one place in both; the claims that hold the places read alike."""
    report = report_of(
        tmp_path,
        [
            "Born the son of a single mother in Puerto Rico, the congressman is now the favourite of the hardliners "
            "who want the leadership to stop any vote on the budget this year.",
            TRAIN,
        ],
        [
            "Reyes tells voters on his campaign site: “Born to a single mother in Ohio, Tomás Reyes moved with his "
            "mother to the coast at an early age, worked his way through law school at night, and ran a small "
            "practice for fifteen years before he entered politics.”",
            TRAIN,
        ],
    )
    places = [c for c in report.conflicts if c.slot == ConflictSlot.PLACE]
    assert [{v.outlet: v.value for v in c.values} for c in places] == [{"Outlet A": "Puerto Rico", "Outlet B": "Ohio"}]


def test_claims_that_share_no_word_besides_their_places_do_not_conflict(tmp_path: Path) -> None:
    """Support for rebels in Syria and troops in the Middle East read alike once both are in
    Syria; they are two claims all the same."""
    report = report_of(
        tmp_path,
        [
            "Reyes has opposed the talks with Iran, pushed for more help to the rebels in Syria and backed more aid to Ukraine.",
            TRAIN,
        ],
        ["Reyes spoke for an hour.", "Troops in the Middle East for good.", TRAIN],
    )
    assert [c for c in report.conflicts if c.slot == ConflictSlot.PLACE] == []


@pytest.mark.parametrize(
    ("text", "place"),
    [("Supporters lined up at Chick-fil-A restaurants on Wednesday.", None), ("They met at a diner in Chicago on Monday.", "chicago")],
)
def test_a_name_hyphened_onto_more_words_is_no_place(text: str, place: str | None) -> None:
    """The recogniser reads "Chick" of "Chick-fil-A" as a place; a conflict on it would say an
    outlet put the event in a town it never named."""
    name = "Chick" if place is None else "Chicago"
    start = text.index(name)
    entity = Entity(text=name, label="GPE", key=name.lower(), start=start, end=start + len(name))
    found = event_place(Sentence(article_id="a", position=0, text=text, start=0, end=len(text), role=Role.BODY, entities=[entity]))
    assert (found.key if found else None) == place


def _places(text: str, *names: str) -> Sentence:
    """A sentence with the named places as the recogniser marks them."""
    entities = [Entity(text=n, label="GPE", key=n.lower().strip("."), start=text.index(n), end=text.index(n) + len(n)) for n in names]
    return Sentence(article_id="a", position=0, text=text, start=0, end=len(text), role=Role.BODY, entities=entities)


@pytest.mark.parametrize(
    ("text", "names", "place"),
    [
        ("Cables were cut, causing outages in Egypt and India.", ("Egypt", "India"), None),
        ("Troops were sent to bases in Iraq, Syria or Jordan.", ("Iraq", "Syria", "Jordan"), None),
        ("Cables were cut off Egypt and repaired in Italy.", ("Egypt", "Italy"), "italy"),
        ("She studies in Bellingham, Wash., near the border.", ("Bellingham", "Wash."), "bellingham"),
    ],
)
def test_a_list_of_places_is_no_one_place_of_the_event(text: str, names: tuple[str, ...], place: str | None) -> None:
    """"causing outages in the Mideast and India" puts the outages in both: an ECB+ report had set
    its "Mideast" against another outlet's "Alexandria" as the place of one event."""
    found = event_place(_places(text, *names))
    assert (found.key if found else None) == place


def test_a_sea_named_without_the_word_sea_is_named(tmp_path: Path) -> None:
    """B writes "the Mediterranean" elsewhere: its "in the Mediterranean Sea" is the same place, and
    A's "in the Mediterranean Sea" against B's other place is granularity, not a contradiction."""
    report = report_of(
        tmp_path,
        ["Kim Jong Un held talks with Vladimir Putin aboard a ship in the Mediterranean Sea on Saturday.", TRAIN],
        [
            "Kim Jong Un held talks with Vladimir Putin aboard a ship in Valletta on Saturday.",
            "The ship later sailed across the Mediterranean to Sicily.",
            TRAIN,
        ],
    )
    assert [c for c in report.conflicts if c.slot == ConflictSlot.PLACE] == []

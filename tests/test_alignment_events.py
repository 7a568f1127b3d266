"""Same event in other words: a meeting reported as "held talks" by one outlet and as "a summit" by
another is one fact, but two meetings of one day, or a meeting and a day that do not belong
together, are not."""

from __future__ import annotations

import pytest
from spacy.language import Language

from storylens.analyze import analyze
from storylens.analyze.nlp import load_pipeline
from storylens.compare.alignment import units_of
from storylens.compare.events import same_event
from storylens.config import Settings
from storylens.framing.lexicon import LexiconFraming
from tests.conftest import DAILY_MAIL, GUARDIAN, make_article


@pytest.fixture(scope="module")
def nlp() -> Language:
    return load_pipeline(Settings().models.spacy_model)


LEAD = "North Korean leader Kim Jong Un has left Russia, where President Vladimir Putin had been his host."
"""Each article names the people in full first, as articles do, so that "Mr Kim" is known to be him."""


def linked(nlp: Language, first: str, second: str) -> bool:
    """Whether the two sentences, as whole units of two outlets' articles, report the same event."""
    articles = [make_article(outlet, "Kim in Russia", [LEAD, text]) for outlet, text in (("A", first), ("B", second))]
    a, b = (units_of(0, item.sentences[-1])[0] for item in analyze(articles, nlp, LexiconFraming()))
    return same_event([a.marks, b.marks], [a.participants, b.participants]).tolist() == [[0, 1]]


def test_talks_and_summit_on_the_same_day_between_the_same_people(nlp: Language) -> None:
    assert linked(
        nlp,
        "On Wednesday, Vladimir Putin and Kim Jong Un held talks at the Vostochny cosmodrome.",
        "Mr Kim's trip, highlighted by a summit with Mr Putin on Wednesday, has underscored their ties.",
    )


def test_two_meetings_of_one_day_with_other_participants(nlp: Language) -> None:
    assert not linked(
        nlp,
        "On Wednesday, Vladimir Putin and Kim Jong Un held talks at the Vostochny cosmodrome.",
        "On Wednesday, Kim Jong Un held talks with Sergei Shoigu in Vladivostok.",
    )


def test_same_meeting_words_on_different_days(nlp: Language) -> None:
    assert not linked(
        nlp,
        "On Wednesday, Vladimir Putin and Kim Jong Un held talks at the Vostochny cosmodrome.",
        "On Saturday, Vladimir Putin and Kim Jong Un held talks in Vladivostok.",
    )


def test_a_day_far_from_the_event_word_is_not_the_events_day(nlp: Language) -> None:
    assert not linked(
        nlp,
        "Hours before the talks between Vladimir Putin and Kim Jong Un, the senator of the region appeared on Fox News Sunday.",
        "Vladimir Putin and Kim Jong Un held talks on Sunday.",
    )


def test_seed_pair_aligns_the_summit_with_the_talks_at_the_cosmodrome(seed_report) -> None:
    (fact,) = [f for f in seed_report.facts if any(e.outlet == DAILY_MAIL and "Vostochny" in e.text for e in f.evidence)]
    assert any(e.outlet == GUARDIAN and "summit with Mr Putin on Wednesday" in e.text for e in fact.evidence)

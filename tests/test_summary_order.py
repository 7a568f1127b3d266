"""The neutral summary tells the facts in the order of events, not in the order news prints them."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from spacy.language import Language

from storylens.analyze import analyze
from storylens.analyze.nlp import load_pipeline
from storylens.compare.chronology import another_time, fact_day, sentence_days
from storylens.compare.summary import write_summary
from storylens.config import Settings, SummarySettings
from storylens.framing.lexicon import LexiconFraming
from storylens.model import AnalyzedArticle, Fact, FactStatus, Role, SentenceRef
from tests.conftest import make_article

SUNDAY = datetime(2023, 9, 17, 18, tzinfo=UTC)


@pytest.fixture(scope="module")
def nlp() -> Language:
    return load_pipeline(Settings().models.spacy_model)


def analysed(nlp: Language, body: list[str], published: datetime | None) -> AnalyzedArticle:
    article = make_article("Outlet A", "Kim leaves Russia", body)
    (item,) = analyze([article.model_copy(update={"published": published})], nlp, LexiconFraming())
    return item


def day_of_sentence(item: AnalyzedArticle, words: str) -> float | None:
    (sentence,) = [s for s in item.sentences if words in s.text]
    return fact_day([sentence], sentence_days([item]))


def test_weekdays_are_read_against_the_publication_day(nlp: Language) -> None:
    item = analysed(
        nlp,
        [
            "Kim left Russia by train on Sunday.",
            "He held talks with Putin at a cosmodrome on Wednesday.",
            "He had arrived by train last Sunday.",
            "State media on Monday said the visit was a success.",
        ],
        SUNDAY,
    )
    sunday = date(2023, 9, 17).toordinal()
    assert day_of_sentence(item, "left Russia") == sunday
    assert day_of_sentence(item, "held talks") == sunday - 4
    assert day_of_sentence(item, "had arrived") == sunday - 7
    assert day_of_sentence(item, "State media") is None, "a weekday that dates a statement dates no event"


@pytest.mark.parametrize(
    ("first", "second", "apart"),
    [
        ("Three cables were damaged on Friday.", "In January, five cables were cut.", True),
        ("Three cables were damaged on Friday.", "Earlier this year, five cables were cut.", True),
        ("He coached there from 1994 until June 27, 2001.", "He was fired on March 2 after four seasons.", True),
        ("He was fired on March 2 after four seasons.", "On March 2, the team fired him after three seasons.", False),
        ("In December, boxes of 50,000 pages were delivered.", "The department said late Monday that it had received 55,000 pages.", False),
        ("Three cables were damaged on Friday.", "Five cables were cut, the company said.", False),
    ],
)
def test_sentences_that_date_what_they_tell_to_different_times_tell_of_two_events(nlp: Language, first: str, second: str, apart: bool) -> None:
    """Their figures are then two events' (`compare.conflicts.one_account`), not two accounts of one:
    a weekday is this week's news, a month or a recap an earlier event's; a weekday that dates a
    statement ("said late Monday") dates no event."""
    mine, theirs = analysed(nlp, [first, second], None).sentences[1:]
    assert another_time(mine, theirs) is apart


def test_a_day_and_month_is_read_in_the_publication_year_unless_far_ahead(nlp: Language) -> None:
    item = analysed(
        nlp, ["The plan was first drafted on April 3.", "It was signed on Sept. 12.", "The vote is set for Nov. 3."], SUNDAY
    )
    assert day_of_sentence(item, "drafted") == date(2023, 4, 3).toordinal()
    assert day_of_sentence(item, "signed") == date(2023, 9, 12).toordinal()
    assert day_of_sentence(item, "vote") == date(2023, 11, 3).toordinal()
    march = analysed(nlp, ["The report on the attack of Sept. 11 was released."], datetime(2016, 3, 1, tzinfo=UTC))
    assert day_of_sentence(march, "report") == date(2015, 9, 11).toordinal()


def test_the_lead_is_the_latest_news_and_an_undated_article_is_written_on_its_leads_day(nlp: Language) -> None:
    item = analysed(
        nlp,
        [
            "Kim is on his way home from Russia.",
            "Earlier on Sunday he toured a university.",
            "On Wednesday he held talks with Putin.",
        ],
        None,
    )
    lead, university, talks = (day_of_sentence(item, w) for w in ("way home", "university", "held talks"))
    assert talks is not None and university is not None and lead is not None
    assert university - talks == 4
    assert talks < university < lead


def fact(fact_id: int, text: str) -> Fact:
    ref = SentenceRef(article_id="a", position=fact_id, outlet="A", role=Role.BODY, text=text, start=0, end=len(text))
    return Fact(
        id=fact_id,
        text=text,
        evidence=[ref, ref.model_copy(update={"article_id": "b", "outlet": "B"})],
        outlets=["A", "B"],
        stated_by=["A", "B"],
        agreement=0.9,
        status=FactStatus.CORROBORATED,
    )


def test_summary_follows_event_days_and_undated_facts_stay_beside_their_neighbour() -> None:
    facts = [
        fact(1, "Kim is on his way home."),
        fact(2, "Kim watched a walrus show on Sunday."),
        fact(3, "The walrus is called Misha."),
        fact(4, "Kim met Putin on Wednesday."),
        fact(5, "The talks were held at a cosmodrome."),
    ]
    summary = write_summary(facts, {1: 17.5, 2: 17.0, 4: 13.0})
    assert [s.fact_id for s in summary] == [4, 5, 2, 3, 1]
    assert [s.fact_id for s in write_summary(facts)] == [1, 2, 3, 4, 5], "without days: the order the articles tell"


def test_the_most_central_facts_are_chosen_and_a_caption_or_a_lone_voice_only_after_a_loose_shared_one() -> None:
    """Of more facts than the summary holds, those closest to the rest of the story come in; a fact
    several outlets state loosely comes before one outlet's alone; a photo caption never does."""
    shared = [fact(i, f"Rescuers searched the ruins of building number {i} in Chivay.") for i in range(1, 13)]
    loose = fact(13, "The quake struck before dawn on Sunday.").model_copy(update={"agreement": 0.3})
    lone = fact(14, "The mayor asked for tents.").model_copy(update={"stated_by": ["A"], "status": FactStatus.SINGLE_SOURCE})
    caption = fact(15, "Rescuers dig through rubble in Chivay, Sunday")
    central = {i: i / 100 for i in range(1, 13)}
    told = {s.fact_id for s in write_summary(shared + [loose, lone, caption], centrality=central, captions=frozenset({15}))}
    assert told == set(range(3, 13)), "the ten most central of twelve"
    few = write_summary([shared[0], lone, loose, caption], captions=frozenset({15}))
    assert [s.fact_id for s in few] == [1, 13, 14]
    two = write_summary([shared[0], lone, loose, caption], settings=SummarySettings(min_sentences=2), captions=frozenset({15}))
    assert [s.fact_id for s in two] == [1, 13]


def test_the_summary_does_not_tell_one_fact_twice() -> None:
    """Outlets give the tax rate alone and again beside the rate of all taxes: where one fact's
    wording carries every claim of another's (`tells`, made from `Support` by the compare stage),
    the summary tells the one that says more, and the next fact instead of the other."""
    facts = [
        fact(1, "The Clintons earned about $141 million from 2007 to 2014."),
        fact(2, "Last year, the Clintons paid an effective federal tax rate of 35.7 percent."),
        fact(3, "The Clintons' effective federal tax rate for 2014 was 35.7 percent, while the rate of all taxes was 45.8 percent."),
        fact(4, "Most of the income came from speeches and books."),
        fact(5, "The campaign also released a letter from her doctor."),
        fact(6, "Her doctor said she is in excellent health."),
    ]
    settings = SummarySettings(min_sentences=4, max_sentences=4)
    told = [s.fact_id for s in write_summary(facts, settings=settings, tells=lambda fact_id, by: (fact_id, by) == (2, 3))]
    assert told == [1, 3, 4, 5]
    assert [s.fact_id for s in write_summary(facts, settings=settings)] == [1, 2, 3, 4], "without it, the rate twice"
    alone = [f.model_copy(update={"stated_by": ["A"], "status": FactStatus.SINGLE_SOURCE}) if f.id == 3 else f for f in facts[:4]]
    told = [s.fact_id for s in write_summary(alone, settings=settings, tells=lambda fact_id, by: (fact_id, by) == (2, 3))]
    assert told == [1, 2, 3, 4], "one outlet's fuller sentence comes in beside the shared one, not in its place"


def test_a_summary_is_no_longer_than_the_storys_typical_article() -> None:
    """A fact that would take the summary past the article length is skipped for a shorter one;
    the best-supported fact is told even when it alone is longer."""
    lead = fact(1, "Rescuers searched the ruins of a collapsed church in the Andean town of Chivay on Sunday.")
    long = fact(2, "The quake, which struck before dawn, damaged dozens of adobe houses across the Colca valley.")
    short = fact(3, "Roads to the town were closed.")
    lone = fact(4, "The mayor asked for tents.").model_copy(update={"stated_by": ["A"], "status": FactStatus.SINGLE_SOURCE})
    assert [s.fact_id for s in write_summary([lead, long, short, lone], words_at_most=30)] == [1, 3, 4]
    assert [s.fact_id for s in write_summary([lead, long, short, lone], words_at_most=10)] == [1]
    assert len(write_summary([lead, long, short, lone])) == 4, "without a length, the sentence counts alone decide"

"""An aligned group of sentences is worded as one fact only where its wording tells what each
member says: alignment puts the sheriff's endorsement beside the quotation he endorsed with, and
a fact worded by the quotation alone would drop the endorsement both outlets report."""

from __future__ import annotations

from storylens.analyze import analyze
from storylens.analyze.embeddings import get_encoder
from storylens.compare.story import _told_apart
from storylens.compare.support import Support
from storylens.compare.wording import neutral_wording
from storylens.config import Settings
from storylens.model import Article, Role, Sentence, SentenceRef
from storylens.pipeline import load_models
from tests.conftest import make_article

ENDORSEMENT = [
    make_article(
        "Border Post",
        "Sheriff backs Perry",
        [
            "Sheriff Joe Arpaio endorsed Governor Rick Perry for president on Tuesday.",
            "\u201cI'm endorsing Rick Perry because we need a tough-on-crime president who will fund border security,\u201d Arpaio said.",
        ],
    ),
    make_article(
        "Granite Daily",
        "Arpaio endorses Perry",
        [
            "Arizona Sheriff Joe Arpaio announced on Tuesday that he will endorse Governor Rick Perry for president.",
            "\u201cI'm endorsing Rick Perry because we need a tough-on-crime president who will fund border security,\u201d the sheriff said.",
            "The sheriff also praised the governor's record of sending state troopers to the border.",
        ],
    ),
]
TOLL = [
    make_article("Andes Daily", "Quake kills 15", ["An earthquake killed 15 people in southern Peru on Tuesday, exposing the neglect of rural housing."]),
    make_article("Lima Wire", "Quake kills 14", ["An earthquake killed 14 people in southern Peru on Tuesday as rescuers searched a collapsed church."]),
]


def parts(articles: list[Article], disputed: set[tuple[str, int]] = frozenset()) -> list[tuple[list[Sentence], str]]:
    """Every body sentence of the articles as one aligned group, told apart: each part's members and wording."""
    models = load_models(Settings())
    items = list(analyze(articles, models.nlp, models.framing))
    group = [s for item in items for s in item.sentences if s.role == Role.BODY]
    outlet_of = {a.id: a.outlet.name for a in articles}
    support = Support.of(group, outlet_of, get_encoder(), Settings().support)
    rate = dict.fromkeys(outlet_of.values(), 0.0)
    found = _told_apart(
        group,
        support,
        lambda s: SentenceRef.of(s, outlet_of[s.article_id]),
        lambda candidates: neutral_wording(candidates, [], rate, lambda wording: len(support.states_all(wording.sentence, wording.kept))),
        lambda members: set(disputed),
    )
    return [(members, text) for members, (_, text) in found]


def test_an_endorsement_both_outlets_report_is_worded_apart_from_the_quotation_it_was_aligned_with() -> None:
    told = parts(ENDORSEMENT)
    endorsed = [text for _, text in told if "endors" in text and "\u201c" not in text]
    assert endorsed, [text for _, text in told]
    assert all(len({s.article_id for s in members}) == 2 for members, text in told if text in endorsed)


def test_what_one_outlet_alone_adds_stays_a_sentence_of_the_groups_fact() -> None:
    told = parts(ENDORSEMENT)
    (praise,) = [members for members, _ in told if any("praised the governor" in s.text for s in members)]
    assert len(praise) > 1, "the lone sentence is no fact of its own, which would call the other outlet silent on it"


def test_sentences_that_give_another_toll_stay_one_fact() -> None:
    disputed = {(a.id, 1) for a in TOLL}
    assert len(parts(TOLL, disputed)) == 1



REPORT = [
    make_article("Peru Post", "Camp report", ["The document concerned abuses at a border camp."]),
    make_article("Lima Wire", "Camp report", ["The report, which described abuses at a border camp, was published online by a news website in March."]),
    make_article("Andes Daily", "Abuse report", ["The report described abuses at a border camp and was published online in March."]),
]


def test_a_second_wording_tells_what_the_first_does_not() -> None:
    """Worded first by what all three outlets say of the report's content, the group must not be
    worded by that again for the members that say more: the publication in March, which two of
    them report, becomes a fact of its own."""
    told = parts(REPORT)
    march = [members for members, text in told if "March" in text]
    assert march, [text for _, text in told]
    assert {s.article_id for s in march[0]} == {REPORT[1].id, REPORT[2].id}


WEDDING = [
    make_article("Peru Post", "Sister objects", ["\u201cI love my sister, but she is wrong on marriage,\u201d she wrote on Friday."]),
    make_article(
        "Lima Wire", "Family split", ["Mary Vale, who married Dana Ruiz last year, wrote: \u201cI love my sister, but she is wrong on marriage.\u201d"]
    ),
    make_article(
        "Andes Daily",
        "A family split over marriage",
        ["Mary Vale, who married Dana Ruiz last year, posted on Facebook: \u201cI love my sister, but she is wrong on marriage.\u201d"],
    ),
]


def test_a_second_wording_that_two_outlets_state_is_a_fact_though_one_of_them_says_more() -> None:
    """The wedding two outlets report beside the quotation all three give is a fact of its own,
    though one of the two also says where she posted: it is what both state that counts."""
    told = parts(WEDDING)
    assert any("married" in text for _, text in told), [text for _, text in told]

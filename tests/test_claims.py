"""Claims: a sentence split into the statements an outlet must each make to be cited for it."""

from __future__ import annotations

import pytest
from spacy.language import Language

from storylens.analyze import analyze, content_lemmas
from storylens.analyze.claims import claims_of
from storylens.analyze.nlp import PARSED_DASHES, load_pipeline
from storylens.config import Settings
from storylens.framing.lexicon import LexiconFraming
from storylens.model import StoryReport
from tests.conftest import make_article


@pytest.fixture(scope="module")
def nlp() -> Language:
    return load_pipeline(Settings().models.spacy_model)


def claim_texts(nlp: Language, text: str) -> list[str]:
    doc = nlp(text)
    return [text[c.start : c.end] for c in claims_of(doc[:], content_lemmas)]


def test_the_invitation_and_the_space_offer_are_claims_apart_from_the_meeting(nlp: Language) -> None:
    text = "While meeting Kim, Putin accepted an invitation to visit North Korea and offered to send one of its nationals to space, which would be a first."
    claims = claim_texts(nlp, text)
    assert claims[0] == "While meeting Kim"
    assert claims[1] == "Putin accepted an invitation to visit North Korea"
    # "which would be a first" says too little alone and stays with the offer it qualifies.
    assert claims[2] == "offered to send one of its nationals to space, which would be a first"
    assert len(claims) == 3


def test_a_verb_of_saying_is_no_claim_what_was_said_is(nlp: Language) -> None:
    text = "US and South Korean officials have said North Korea could provide munitions for Moscow's war on Ukraine."
    assert claim_texts(nlp, text) == ["North Korea could provide munitions for Moscow's war on Ukraine"]


def test_what_a_verb_of_saying_says_is_a_claim_however_short(nlp: Language) -> None:
    """"it is not her fault" has one content word and joins its verb of saying; the two stay a
    claim, so the sentence is not cited to every outlet that mentions a lost vote, as its "when"
    clause alone would be."""
    claims = claim_texts(nlp, "Her allies say it is not her fault when the party loses a vote in the council.")
    assert any("not her fault" in claim for claim in claims)
    assert "when the party loses a vote in the council" in claims


@pytest.mark.parametrize(
    ("text", "claims"),
    [
        (
            "Republican lawmakers have argued that the White House altered the talking points for political reasons.",
            ["that the White House altered the talking points for political reasons"],
        ),
        (
            "The governor announced on Tuesday that the state would close two prisons next year.",
            ["that the state would close two prisons next year"],
        ),
        # Without a clause of what was said, the verb is an act and its claim stays.
        (
            "The company announced a new phone, which will cost $999 in the United States.",
            ["The company announced a new phone", "which will cost $999 in the United States"],
        ),
    ],
)
def test_a_verb_that_attributes_a_clause_is_no_claim(nlp: Language, text: str, claims: list[str]) -> None:
    """An outlet writing "Republicans charged that the White House altered the talking points"
    states what the lawmakers argued; "have argued" alone, as a claim of its own, it never states."""
    assert claim_texts(nlp, text) == claims


@pytest.mark.parametrize(
    ("text", "claims"),
    [
        (
            "Trump told NBC that he had real doubts about whether Obama was born in the country.",
            ["that he had real doubts about whether Obama was born in the country"],
        ),
        (
            "The congressman grabbed the student after the student asked if he supported the Obama agenda.",
            ["The congressman grabbed the student", "after the student asked if he supported the Obama agenda"],
        ),
        (
            "Sestak would drop out of the Senate primary if given an unpaid advisory post.",
            ["Sestak would drop out of the Senate primary if given an unpaid advisory post"],
        ),
    ],
)
def test_a_question_or_a_condition_stays_in_its_claim(nlp: Language, text: str, claims: list[str]) -> None:
    """"whether Obama was born in the country" asserts nothing: as a claim of its own, an outlet
    that reports the doubts in other words would be silent on it, and "asked" would ask nothing."""
    assert claim_texts(nlp, text) == claims


def test_what_is_given_in_exchange_is_a_claim_of_its_own(nlp: Language) -> None:
    """The tabloid says Pyongyang could provide Moscow with weapons; only the agency says what it
    would get back, so that part must be a claim the tabloid can be silent on."""
    text = (
        "US and South Korean officials have said North Korea could provide badly needed munitions for Moscow’s war on Ukraine "
        "in exchange for sophisticated Russian weapons technology that would advance Mr Kim’s nuclear ambitions."
    )
    doc = nlp(text)
    claims = claims_of(doc[:], content_lemmas)
    assert [(text[c.start : c.end], c.clause) for c in claims] == [
        ("North Korea could provide badly needed munitions for Moscow’s war on Ukraine", "complement"),
        ("in exchange for sophisticated Russian weapons technology", "prepositional"),
        ("that would advance Mr Kim’s nuclear ambitions", "relative"),
    ]


def test_the_seed_summary_cites_the_tabloid_for_the_arms_fears_not_for_the_trade(seed_report: StoryReport) -> None:
    (arms,) = [s for s in seed_report.summary if "munitions" in s.text]
    assert "exchange" not in arms.text and len(arms.citations) == 2


def test_a_sentence_of_one_statement_is_one_claim(nlp: Language) -> None:
    text = "North Korea's Kim Jong-un heads home after Russia visit"
    assert claim_texts(nlp, text) == [text]


def test_claims_carry_their_own_lemmas_not_those_of_the_claims_inside_them(nlp: Language) -> None:
    doc = nlp("Mr Kim has met President Vladimir Putin and visited key military and technology sites.")
    meeting, visit = claims_of(doc[:], content_lemmas)
    assert meeting.action == "meet" and "site" not in meeting.lemmas
    assert visit.action == "visit" and "site" in visit.lemmas and "putin" not in visit.lemmas


def test_claims_say_how_their_clause_joins_the_sentence(nlp: Language) -> None:
    doc = nlp("During his visit, Kim said his country would make ties with Russia its priority, as he held a rare summit with Putin.")
    kinds = {doc.text[c.start : c.end]: c.clause for c in claims_of(doc[:], content_lemmas)}
    assert kinds["his country would make ties with Russia its priority"] == "complement"
    assert kinds["as he held a rare summit with Putin"] == "adverbial"


def test_who_said_it_is_no_part_of_the_claim(nlp: Language) -> None:
    text = "About 95 people were arrested, according to a police spokesman."
    assert claim_texts(nlp, text) == ["About 95 people were arrested"]


def test_a_participle_phrase_between_commas_is_a_claim_of_its_own(nlp: Language) -> None:
    """The agency's "summit with Mr Putin on Wednesday" is a fact the tabloid states ("On Wednesday,
    Putin and Kim held talks"), though it says nothing of interests aligning."""
    text = "Mr Kim’s trip, highlighted by a summit with Mr Putin on Wednesday, has underscored how their interests are aligning."
    doc = nlp(text)
    kinds = {text[c.start : c.end]: c.clause for c in claims_of(doc[:], content_lemmas)}
    assert kinds["highlighted by a summit with Mr Putin on Wednesday"] == "participial"
    # Without the commas the participle only says which thing is meant, and stays in its claim.
    assert claim_texts(nlp, "Putin accepted an invitation to visit North Korea.") == ["Putin accepted an invitation to visit North Korea"]


@pytest.mark.parametrize(
    ("text", "claim"),
    [
        ("Catholic teaching calls for government to step in and help.", "Catholic teaching calls for government to step in and help"),
        ("The union called for workers to strike on Monday.", "The union called for workers to strike on Monday"),
    ],
)
def test_what_a_verb_calls_for_stays_in_its_claim(nlp: Language, text: str, claim: str) -> None:
    """Split off, "for government to step in" would leave "Catholic teaching calls", which a fact
    worded without the rest would end on."""
    assert claim_texts(nlp, text) == [claim]


@pytest.mark.parametrize(
    ("text", "claim"),
    [
        ("Kim Jong Un watches walrus perform during Russian aquarium trip", "Kim Jong Un watches walrus perform during Russian aquarium trip"),
        ("Witnesses saw the car hit the barrier at speed.", "Witnesses saw the car hit the barrier at speed"),
        ("Neighbours heard him shouting at the guards.", "Neighbours heard him shouting at the guards"),
    ],
)
def test_what_a_verb_of_perceiving_perceives_stays_in_its_claim(nlp: Language, text: str, claim: str) -> None:
    """Split off, "walrus perform during Russian aquarium trip" would be a claim the tabloid makes
    alone and "Kim Jong Un watches" one that no outlet's "watched a walrus show" carries."""
    assert claim_texts(nlp, text) == [claim]


def test_a_perceived_that_clause_is_still_a_claim_of_its_own(nlp: Language) -> None:
    claims = claim_texts(nlp, "Officials saw that prices had risen sharply in the capital.")
    assert claims == ["Officials saw", "that prices had risen sharply in the capital"]


def test_a_claim_keeps_its_subject_apart_from_what_it_says_of_it(nlp: Language) -> None:
    """Another outlet that names the senator and the committee but not the briefing does not state it."""
    text = "Senator Ruth Calder, the judiciary committee's chair, demanded a briefing."
    (claim,) = claims_of(nlp(text)[:], content_lemmas)
    assert claim.subject is not None and text[claim.subject[0] : claim.subject[1]] == "Senator Ruth Calder, the judiciary committee's chair"
    assert claim.predicate_lemmas == ["demand", "briefing"]


@pytest.mark.parametrize("dash", ["\u2015", "\u2012", "\ufe58"])
def test_a_dash_the_parser_never_learnt_reads_as_one_it_has(nlp: Language, dash: str) -> None:
    """HuffPost sets asides off with a horizontal bar (―), which the parser took for a noun heading
    the whole sentence: its claims then ran over the aside into the next clause. Read as an em
    dash (or an en dash), the claims are those of that dash, at the same places in the article's
    own text."""
    line = "The same three have led the council for a decade {0} Ortiz, Lopez and Grant {0} and each of them is past sixty now."
    (plain,) = list(analyze([make_article("Outlet A", "Caucus", [line.format(dash.translate(PARSED_DASHES))])], nlp, LexiconFraming()))
    (odd,) = list(analyze([make_article("Outlet A", "Caucus", [line.format(dash)])], nlp, LexiconFraming()))
    claims = [[(c.start, c.end, c.action) for c in s.claims] for s in plain.sentences]
    assert [[(c.start, c.end, c.action) for c in s.claims] for s in odd.sentences] == claims
    assert any(action == "lead" for sentence in claims for _, _, action in sentence)
    body = odd.sentences[-1]
    assert odd.article.text[body.start : body.end].translate(PARSED_DASHES) == body.text

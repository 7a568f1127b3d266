"""Wordings: a fact is told in the part of a sentence that several outlets state, and what one
outlet alone adds is kept as a fact of its own, cited to it alone."""

from __future__ import annotations

from pathlib import Path

import pytest
from spacy.language import Language

from storylens.analyze import analyze, content_lemmas
from storylens.analyze.attribution import attribution_of
from storylens.analyze.claims import claims_of
from storylens.analyze.nlp import load_pipeline
from storylens.compare.wording import wordings
from storylens.config import Settings
from storylens.framing.lexicon import LexiconFraming
from storylens.model import Claim, ClauseKind, FactStatus, Role, Sentence, StoryReport, SupportStatus
from storylens.pipeline import story_report
from storylens.store import Store
from tests.conftest import DAILY_MAIL, GUARDIAN, make_article, run_pipeline


@pytest.fixture(scope="module")
def nlp() -> Language:
    return load_pipeline(Settings().models.spacy_model)


def sentence(nlp: Language, text: str, role: Role = Role.BODY) -> Sentence:
    doc = nlp(text)
    return Sentence(
        article_id="a",
        position=0,
        text=text,
        start=0,
        end=len(text),
        role=role,
        claims=claims_of(doc[:], content_lemmas),
        attribution=attribution_of(doc[:]),
    )


def test_a_sentence_is_cut_after_a_claim_where_the_next_opens_a_clause_of_its_own(nlp: Language) -> None:
    text = (
        "Kim is heading back to North Korea by bulletproof train, with KCNA saying the leader ‘starts his way home after "
        "bringing about a new radical turn in the history of the development of the DPRK-Russia relations.’"
    )
    texts = [w.text for w in wordings(sentence(nlp, text))]
    assert texts[0] == text
    assert "Kim is heading back to North Korea by bulletproof train, with KCNA saying the leader ‘starts his way home’." in texts
    # Never inside a claim: "with KCNA saying" is not cut from what KCNA said.
    assert not any(t.endswith("saying.") for t in texts)


def test_a_leading_clause_left_out_keeps_the_subject_that_no_claim_holds(nlp: Language) -> None:
    """The verb of saying is no claim, so the next claim starts at "married": a wording that began
    there would read "Married her partner last year, wrote: ..."."""
    text = "Posting on Facebook on Friday, Ana Ruiz, who is a nurse and married her partner last year, wrote: \u201cI love my sister.\u201d"
    texts = [w.text for w in wordings(sentence(nlp, text))]
    assert "Ana Ruiz, who is a nurse and married her partner last year, wrote: \u201cI love my sister.\u201d" in texts
    assert not any(t.startswith("Married") for t in texts)


@pytest.mark.parametrize(
    ("text", "cut", "bare"),
    [
        (
            "Earlier on Friday, the senator revealed her position on the pipeline, a topic she has kept quiet about since declaring her candidacy.",
            "Earlier on Friday, the senator revealed her position on the pipeline.",
            "a topic.",
        ),
        # After a dash as after a comma.
        (
            "The speech, scheduled for March 3, was arranged by the speaker and the ambassador without consulting the White House — a move that angered the president's aides.",
            "The speech was arranged by the speaker and the ambassador without consulting the White House.",
            "a move.",
        ),
    ],
)
def test_a_cut_does_not_end_on_a_bare_noun_the_clause_cut_off_described(nlp: Language, text: str, cut: str, bare: str) -> None:
    texts = [w.text for w in wordings(sentence(nlp, text))]
    assert cut in texts
    assert not any(t.endswith(bare) for t in texts)


def test_a_complement_is_never_cut_off_its_verb(nlp: Language) -> None:
    text = "The minister argued the plan would create about 2,000 jobs in the defence industry."
    assert [w.text for w in wordings(sentence(nlp, text))] == [text]


@pytest.mark.parametrize(
    ("text", "verb"),
    [
        # The parse takes "the more" of the quotation for a source, deep inside what Mr. Lund disputed.
        (
            "In short remarks after talks with Prime Minister Anna Novak of Slovenia, Mr. Lund on Thursday flatly disputed that "
            "farmers widely feel cheated by his pact with rural lawmakers on the fuel taxes, saying that “the more who read it, the "
            "more will say this is fair.”",
            "disputed.",
        ),
        # The code of conduct is a source, but what it says is what the board noted.
        (
            "In its ruling, the ethics board noted the code of conduct for city officials says that an official should avoid comment "
            "on a candidate for public office.",
            "noted.",
        ),
    ],
)
def test_a_verb_is_never_cut_off_its_object_for_a_source_named_inside_it(nlp: Language, text: str, verb: str) -> None:
    """The words of a source may be cut off a sentence that can be told without them (", with KCNA
    saying ..."), never the object of the sentence's own verb."""
    (item,) = analyze([make_article("Wire", "A dispute", [text])], nlp, LexiconFraming())
    (analysed,) = [s for s in item.sentences if s.text == text]
    assert not any(w.text.endswith(verb) for w in wordings(analysed))


def test_a_word_is_never_cut_off_the_phrase_that_completes_it(nlp: Language) -> None:
    noted = "The mayor is represented by lawyer Ana Ruiz, who is noted for winning the dismissal of all charges against a former governor in a fraud case."
    assert [w.text for w in wordings(sentence(nlp, noted))] == [noted]
    called = "As mayor of Dayton in 2004, she called for lifting the ban on food trucks, which would have helped the downtown market."
    assert [w.text for w in wordings(sentence(nlp, called))] == [called, "As mayor of Dayton in 2004, she called for lifting the ban on food trucks."]
    compared = "Social Security will start paying out more in benefits than it absorbs in taxes this year, according to the trustees."
    assert "Social Security will start paying out more in benefits." not in [w.text for w in wordings(sentence(nlp, compared))]


def test_a_relative_clause_that_restricts_its_noun_is_cut_off_only_where_what_is_left_still_holds(nlp: Language) -> None:
    """Not to release records that could harm the inquiry is not "not to release records", and
    payments to people who lost their homes are not payments to "people"; but helicopters that
    took water to villages the road could not reach took water to villages."""
    negated = "The board told its staff not to release any records that could harm the police inquiry into the fire."
    light = "The council approved emergency payments to people who lost their homes in the flood."
    for text in (negated, light):
        assert [w.text for w in wordings(sentence(nlp, text))] == [text]
    villages = "Army helicopters were taking food and water to villages that could not be reached by road."
    assert "Army helicopters were taking food and water to villages." in [w.text for w in wordings(sentence(nlp, villages))]


def test_a_cut_never_parts_a_verb_from_what_follows_an_interruption(nlp: Language) -> None:
    """After "-- and beginning to explain --" comes what was defended; after "– as a camera
    rolled –" a clause of its own, which may be left out."""
    defending = (
        "The Trudeau government found itself defending -- and beginning to explain -- yet another monitoring effort "
        "after leaked papers revealed details about two secret police programmes."
    )
    texts = [w.text for w in wordings(sentence(nlp, defending))]
    assert "The Trudeau government found itself defending." not in texts
    assert "The Trudeau government found itself defending -- and beginning to explain -- yet another monitoring effort." in texts
    leverage = "The minister was seen grabbing the arm of a young reporter – as a camera rolled – as the reporter tried to ask him about the budget."
    assert "The minister was seen grabbing the arm of a young reporter." in [w.text for w in wordings(sentence(nlp, leverage))]


def test_a_cut_never_ends_on_the_subject_of_a_clause_the_parse_missed(nlp: Language) -> None:
    """'Lopez by promising ... and Chen by promising ...' are two clauses without their verb: no
    cut ends on 'Lopez' or 'Chen'."""
    text = "Both mayors made repeated appeals to commuters, Lopez by promising cheaper bus fares and Chen by promising faster trains for everyone."
    assert [w.text for w in wordings(sentence(nlp, text))] == [text]


def parsed(text: str, parts: list[tuple[str, ClauseKind, list[str]]]) -> Sentence:
    """A sentence with the claims a parse gave it: (claim's words, clause kind, its lemmas)."""
    found = [Claim(start=text.index(words), end=text.index(words) + len(words), action=lemmas[0], lemmas=lemmas, clause=kind) for words, kind, lemmas in parts]
    return Sentence(article_id="a", position=0, text=text, start=0, end=len(text), role=Role.BODY, claims=found)


def test_a_cut_keeps_what_the_parse_left_out_of_the_last_claim_and_a_clause_that_stands() -> None:
    """Two misparses a cut must not turn into fragments: the object of "gave" left out of its
    claim, and a main verb read as a second participle."""
    gave = parsed(
        "She argued that the council vote gave Mr. Lund “this rare opening” to save the pact.",
        [("that the council vote gave Mr. Lund", "complement", ["give", "council", "vote", "lund"]), ("to save the pact", "adverbial", ["save", "pact"])],
    )
    assert [w.text for w in wordings(gave)] == [gave.text]
    review = parsed(
        "The review, commissioned after the library fire, recommended trained wardens for every branch.",
        [
            ("commissioned after the library fire", "participial", ["commission", "library", "fire", "after"]),
            ("recommended trained wardens for every branch", "participial", ["recommend", "train", "warden", "branch"]),
        ],
    )
    assert "The review, commissioned after the library fire." not in [w.text for w in wordings(review)]


def test_a_sentence_read_without_a_verb_at_its_head_is_never_cut_to_that_head(nlp: Language) -> None:
    """The parser reads "Thousands" as the head of this NeuS sentence and "banned" as a phrase
    hanging off it: "Thousands of gun-rights activists, banned." had been a summary's sentence,
    cited to two outlets. A cut must keep a clause that stands; the head's claim is none."""
    text = (
        "Thousands of gun-rights activists, banned from carrying their weapons out of fear of violence, crammed into the "
        "Virginia Capitol on Monday to urge state lawmakers to reject sweeping measures to limit the spread of firearms."
    )
    told = sentence(nlp, text)
    assert told.claims[0].clause == "verbless"
    texts = [w.text for w in wordings(told)]
    assert "Thousands of gun-rights activists, banned." not in texts
    assert all(t.count(" ") >= 8 for t in texts)
    # Read with "group" as its head too, this one has its verb: a cut keeps it whole up to where the feed cut it off.
    cut_off = (
        "A group associated with left-wing antifa activists converged on the Washington, D.C., home of Fox News host "
        "Tucker Carlson on Wednesday night while chanting “Racist scumbag, leave town!” and"
    )
    told = sentence(nlp, cut_off)
    assert told.claims[0].clause == "main"
    assert cut_off[: cut_off.index(" while")] + "." in [w.text for w in wordings(told)]
    # A verb at the head is the statement, whatever commas stand before it (BASIL 2010).
    steele = sentence(nlp, "Mr. Steele, seeking to clarify his remarks, issued a statement on Friday afternoon, saying, “We must win.”")
    assert steele.claims[0].clause == "main"


def test_a_cut_never_keeps_someones_words_without_who_said_them(nlp: Language) -> None:
    """Cut from its speaker, Romney's quotation had been a NeuS summary's sentence, "“Republicans
    and Democrats have come together, along with the White House”.", read as no one's words."""
    text = (
        "“Republicans and Democrats have come together, along with the White House, and we’ve agreed on a framework,” "
        "Sen. Mitt Romney (R-Utah) told reporters after a meeting Wednesday."
    )
    texts = [w.text for w in wordings(sentence(nlp, text))]
    assert texts and all("Romney" in t for t in texts), texts


def test_a_purpose_clause_may_be_cut_off_and_what_is_left_reads_as_a_sentence(nlp: Language) -> None:
    """What a verb of perceiving perceives stays with it: the cut comes before "to watch", not
    between "watch" and what was watched."""
    text = "Kim sat in the stands surrounded by his officials to watch a giant walrus perform with its handler at the aquarium."
    assert [w.text for w in wordings(sentence(nlp, text))] == [text, "Kim sat in the stands surrounded by his officials."]


@pytest.mark.parametrize(
    ("text", "told", "cut"),
    [
        # The sentence begins inside a quotation opened a sentence earlier: its one mark closes it,
        # and told alone, whole or cut, it opens with the mark that opened it.
        (
            'It\'s wasteful," said Dana Pell, the mayor\'s former aide, who is now running for the council.',
            '"It\'s wasteful," said Dana Pell, the mayor\'s former aide, who is now running for the council.',
            '"It\'s wasteful," said Dana Pell, the mayor\'s former aide.',
        ),
        (
            'The council called the plan "a waste of money for the city," which the mayor denied on Tuesday.',
            'The council called the plan "a waste of money for the city," which the mayor denied on Tuesday.',
            'The council called the plan "a waste of money for the city".',
        ),
    ],
)
def test_a_cut_closes_a_quotation_it_leaves_open_and_opens_one_it_began_inside(nlp: Language, text: str, told: str, cut: str) -> None:
    assert [w.text for w in wordings(sentence(nlp, text))] == [told, cut]


def test_a_leading_clause_may_be_left_out_and_the_rest_starts_a_sentence(nlp: Language) -> None:
    text = (
        "Since entering Russia last Tuesday in his first overseas trip in more than four years, Mr Kim has met President "
        "Vladimir Putin and visited key military and technology sites."
    )
    assert "Mr Kim has met President Vladimir Putin." in [w.text for w in wordings(sentence(nlp, text))]


def test_an_aside_between_commas_may_be_left_out_and_the_rest_reads_as_a_sentence(nlp: Language) -> None:
    text = (
        "Arizona Sheriff Joe Arpaio, known for his tough stances on illegal immigration, endorsed Texas Governor Rick Perry "
        "for the Republican presidential nomination on Tuesday."
    )
    found = wordings(sentence(nlp, text))
    (without,) = [w for w in found if w.gap is not None]
    assert without.text == "Arizona Sheriff Joe Arpaio endorsed Texas Governor Rick Perry for the Republican presidential nomination on Tuesday."
    # What the wording keeps is what it tells: the aside's words are not in it.
    aside = text.index("tough")
    assert not without.keeps(aside, aside + 5) and without.keeps(0, 7)
    assert without.offset(text.index("endorsed")) == without.part.index("endorsed")


def test_a_caption_loses_where_people_stand_in_the_photo(nlp: Language) -> None:
    text = "North Korean leader Kim Jong-un (R) shakes hands with Russian defence minister Sergei Shoigu"
    (whole,) = wordings(sentence(nlp, text, Role.CAPTION))
    assert whole.text == "North Korean leader Kim Jong-un shakes hands with Russian defence minister Sergei Shoigu"


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("“We have won before and we will win again.", "“We have won before and we will win again.”"),
        ('"We have won before and we will win again.', '"We have won before and we will win again."'),
        ("“We have won before,” she said.", "“We have won before,” she said."),
        ("The mayor’s office didn’t say.", "The mayor’s office didn’t say."),
        # A straight mark opening, a curly one closing: closed already.
        ('"We have won before and we will win again.”', '"We have won before and we will win again.”'),
    ],
)
def test_a_sentence_that_opens_a_quotation_the_next_goes_on_with_is_shown_with_it_closed(nlp: Language, text: str, shown: str) -> None:
    """Alone in a fact or the summary, the speaker's words must end where the sentence does."""
    whole = wordings(sentence(nlp, text))[0]
    assert whole.whole
    assert whole.text == shown


def test_the_train_the_university_and_the_arms_fears_are_corroborated_on_the_seed_pair(seed_report: StoryReport) -> None:
    for words in ("by bulletproof train", "Far Eastern Federal University", "munitions for Moscow"):
        (fact,) = [f for f in seed_report.facts if words in f.text and f.part_of is None]
        assert fact.status == FactStatus.CORROBORATED, fact.text
        assert fact.stated_by == sorted([DAILY_MAIL, GUARDIAN])


def test_what_one_outlet_adds_to_a_shared_fact_stays_cited_to_it_alone(seed_report: StoryReport) -> None:
    ids = {f.id for f in seed_report.facts}
    (train,) = [f for f in seed_report.facts if "by bulletproof train" in f.text and f.part_of is None]
    (beyond,) = [f for f in seed_report.facts if f.part_of == train.id]
    assert "a new radical turn" in beyond.text
    assert beyond.stated_by == [DAILY_MAIL] and beyond.status == FactStatus.SINGLE_SOURCE
    assert all(f.part_of in ids for f in seed_report.facts if f.part_of is not None)
    (tabloid,) = [c for c in seed_report.coverage if c.outlet == DAILY_MAIL]
    assert beyond.id in tabloid.only_here


def test_the_summary_never_tells_a_fact_and_what_adds_to_it(seed_report: StoryReport) -> None:
    told = {s.fact_id for s in seed_report.summary}
    for fact in seed_report.facts:
        if fact.part_of is not None:
            assert not (fact.id in told and fact.part_of in told)


def test_the_shared_train_fact_names_no_source_the_agency_does_not_name(seed_report: StoryReport) -> None:
    """The tabloid says KCNA reported the departure, the agency says RIA did: the fact cited to both
    is the departure alone; the tabloid's sentence with KCNA stays cited to the tabloid alone."""
    (train,) = [f for f in seed_report.facts if "by bulletproof train" in f.text and f.part_of is None]
    assert train.text == "Kim is heading back to North Korea by bulletproof train."
    assert train.stated_by == sorted([DAILY_MAIL, GUARDIAN])
    for fact in seed_report.facts:
        if "KCNA" in fact.text:
            assert fact.stated_by == [DAILY_MAIL], fact.text


TRAILING_SOURCE = "Police arrested 12 protesters in central Lyon on Saturday after a march against pension cuts turned violent, {} said."


def arrests(tmp_path: Path, sources: tuple[str, str], body: str = TRAILING_SOURCE) -> StoryReport:
    outlets = (
        ("Lyon Daily", "Police arrest protesters in Lyon", "Shops along the Rue de la République were closed all afternoon."),
        ("Rhone Wire", "Lyon march ends in arrests", "Unions have called another day of strikes for next Thursday."),
    )
    articles = [make_article(outlet, title, [body.format(source), other]) for (outlet, title, other), source in zip(outlets, sources)]
    tmp_path.mkdir()
    with Store(tmp_path / "s.db") as store:
        (story_id,) = run_pipeline(store, articles)
        return story_report(store, story_id, Settings())


def test_a_fact_names_its_source_only_where_every_cited_outlet_names_it(tmp_path: Path) -> None:
    differing = arrests(tmp_path / "a", ("AFP", "Reuters"))
    (shared,) = [f for f in differing.facts if "12 protesters" in f.text and len(f.stated_by) == 2]
    assert "AFP" not in shared.text and "Reuters" not in shared.text
    for source, outlet in (("AFP", "Lyon Daily"), ("Reuters", "Rhone Wire")):
        (own,) = [f for f in differing.facts if source in f.text]
        assert own.stated_by == [outlet]
        (other,) = [s for s in own.support if s.outlet != outlet]
        assert other.status == SupportStatus.OTHER_SOURCE and other.value == ({"AFP", "Reuters"} - {source}).pop()
    alike = arrests(tmp_path / "b", ("AFP", "AFP"))
    (shared,) = [f for f in alike.facts if "12 protesters" in f.text]
    assert shared.text.endswith("AFP said.") and len(shared.stated_by) == 2


@pytest.mark.parametrize(
    "body",
    [
        "According to {}, police arrested 12 protesters in central Lyon on Saturday after a march against pension cuts turned violent.",
        "{} reported on Saturday that police arrested 12 protesters in central Lyon after a march against pension cuts turned violent.",
    ],
)
def test_a_source_opening_the_sentence_is_left_out_of_what_both_outlets_state(tmp_path: Path, body: str) -> None:
    report = arrests(tmp_path / "story", ("AFP", "Reuters"), body)
    (shared,) = [f for f in report.facts if "12 protesters" in f.text and len(f.stated_by) == 2]
    assert shared.text.startswith("Police arrested 12 protesters") and shared.status == FactStatus.CORROBORATED
    for source, outlet in (("AFP", "Lyon Daily"), ("Reuters", "Rhone Wire")):
        (own,) = [f for f in report.facts if source in f.text]
        assert own.stated_by == [outlet]
        (other,) = [s for s in own.support if s.outlet != outlet]
        assert other.status == SupportStatus.OTHER_SOURCE


def test_a_source_described_by_a_relative_clause_is_never_cut_from_it(nlp: Language) -> None:
    """Cut after "U.S. Senator Cory Booker,", the NeuS sentence had read "Who gained national
    prominence ..., announced on Friday that he would seek the Democratic Party's nomination.", a
    summary's sentence."""
    text = (
        "U.S. Senator Cory Booker, who gained national prominence in the fight over Supreme Court Justice Brett Kavanaugh, "
        "announced on Friday that he would seek the Democratic Party’s nomination."
    )
    assert not [w.text for w in wordings(sentence(nlp, text)) if w.text.startswith("Who")]


def test_an_opening_source_is_cut_only_when_nothing_else_comes_before_the_claims(nlp: Language) -> None:
    opening = sentence(nlp, "According to AFP, police arrested 12 protesters in central Lyon on Saturday.")
    assert [w.text for w in wordings(opening)][-1] == "Police arrested 12 protesters in central Lyon on Saturday."
    after_a_time = sentence(nlp, "Late on Saturday, AFP reported that police arrested 12 protesters in Lyon.")
    assert [w.text for w in wordings(after_a_time)] == [after_a_time.text]
    # The day of the saying goes with the source.
    dated = sentence(nlp, "AFP said Saturday that police arrested 12 protesters in central Lyon after a march turned violent.")
    assert [w.text for w in wordings(dated)][-1] == "Police arrested 12 protesters in central Lyon after a march turned violent."


def test_a_source_only_described_is_told_apart_as_a_named_one_is(tmp_path: Path) -> None:
    """'..., a police spokesman said' and '..., witnesses said': both outlets report the arrests,
    neither reports what the other's source said."""
    report = arrests(tmp_path / "story", ("a police spokesman", "witnesses"))
    (shared,) = [f for f in report.facts if "12 protesters" in f.text and len(f.stated_by) == 2]
    assert "spokesman" not in shared.text and "witnesses" not in shared.text
    sourced = [f for f in report.facts if "spokesman" in f.text or "witnesses" in f.text]
    assert sourced
    for fact in sourced:
        outlet = "Lyon Daily" if "spokesman" in fact.text else "Rhone Wire"
        assert fact.stated_by == [outlet]
        (other,) = [s for s in fact.support if s.outlet != outlet]
        assert other.status == SupportStatus.OTHER_SOURCE


@pytest.mark.parametrize(
    ("text", "bare"),
    [
        (
            "Senate Democrats on Wednesday formally launched their push to bring a vote on restoring net neutrality protections to the Senate floor.",
            "Senate Democrats on Wednesday formally launched their push.",
        ),
        (
            "Senate Democrats launched a drive Wednesday to force a vote that could restore Obama-era net neutrality rules for the internet.",
            "Senate Democrats launched a drive Wednesday.",
        ),
    ],
)
def test_a_cut_never_leaves_a_noun_without_what_it_is_for(nlp: Language, text: str, bare: str) -> None:
    """"Senate Democrats on Wednesday formally launched their push." had been a NeuS summary's
    sentence, cited to two outlets: what the push is for is the news."""
    assert bare not in [w.text for w in wordings(sentence(nlp, text))]

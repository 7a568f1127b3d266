"""Analysis of the seed pair: sentences at exact offsets, matching names, claims kept as claims."""

import pytest

from storylens.analyze import analyze
from storylens.analyze.entities import entity_key
from storylens.analyze.nlp import PARSED_DASHES, ModelNotInstalled, load_pipeline
from storylens.config import Settings
from storylens.framing.lexicon import LexiconFraming
from storylens.ingest.inputs import read_inputs
from storylens.model import AnalyzedArticle, Article, QuantityKind, Role
from tests.conftest import SEED, make_article


@pytest.fixture(scope="module")
def analysed():
    articles = sorted(read_inputs([SEED]), key=lambda a: a.source)
    return list(analyze(articles, load_pipeline(Settings().models.spacy_model), LexiconFraming()))


def analysed_one(*paragraphs: str) -> AnalyzedArticle:
    """One article of these body paragraphs, analysed as the pipeline analyses it (lexicon framing)."""
    (item,) = analyze([make_article("A", "T", list(paragraphs))], load_pipeline(Settings().models.spacy_model), LexiconFraming())
    return item


def sentence(analysed, start: str):
    return next(s for item in analysed for s in item.sentences if s.text.startswith(start))


def test_every_sentence_points_at_its_text_in_the_article(analysed):
    for item in analysed:
        assert item.sentences
        for s in item.sentences:
            assert item.article.text[s.start : s.end] == s.text
        assert [s.position for s in item.sentences] == list(range(len(item.sentences)))


def test_a_line_break_ends_a_sentence(analysed):
    bullet = sentence(analysed, "Kim Jong Un expressed his ‘heartfelt thanks’")
    assert bullet.role == Role.STANDFIRST and "\n" not in bullet.text


def test_who_exclaimed_or_asked_stays_in_the_sentence_of_the_quotation() -> None:
    """Not "He declared." as a sentence, and a fact, of its own."""
    text = "“I have a problem!” he declared. “Who are you?” the congressman demands. He left."
    item = analysed_one(text)
    body = [s.text for s in item.sentences if s.role == Role.BODY]
    assert body == ["“I have a problem!” he declared.", "“Who are you?” the congressman demands.", "He left."]


def test_a_quotation_keeps_its_speaker_named_after_it() -> None:
    """"Akin continued." alone would be a fact that says nothing, and the quotation would have no
    speaker; "Obama said the bill would fail." says something of its own."""
    text = (
        "“Why can't Mitt Romney run his race and I'll run mine?” Akin continued. "
        "“It is a disgrace.” Obama said the bill would fail."
    )
    item = analysed_one(text)
    body = [s for s in item.sentences if s.role == Role.BODY]
    assert [s.text for s in body] == [
        "“Why can't Mitt Romney run his race and I'll run mine?” Akin continued.",
        "“It is a disgrace.”",
        "Obama said the bill would fail.",
    ]
    assert body[0].attribution == "Akin"


def test_a_sentence_wholly_inside_a_quotation_is_marked_quoted() -> None:
    """The parser splits a quotation into its sentences; the middle ones carry no quotation mark,
    yet they are the speaker's words, not the outlet's."""
    text = (
        "“Everything we built is at stake,” Ortiz told the hall. “We need a steady hand now. "
        "Nobody negotiates better than Maria Lopez. Nobody comes close.” The vote was held in secret."
    )
    item = analysed_one(text)
    quoted = {s.text: (s.quoted, s.speaker) for s in item.sentences if s.role == Role.BODY}
    assert quoted == {
        "“Everything we built is at stake,” Ortiz told the hall.": (False, None),
        "“We need a steady hand now.": (True, "Ortiz"),
        "Nobody negotiates better than Maria Lopez.": (True, "Ortiz"),
        "Nobody comes close.”": (True, "Ortiz"),
        "The vote was held in secret.": (False, None),
    }


def test_a_quoted_sentence_has_the_speaker_its_quotation_names() -> None:
    """The speaker is named where the quotation closes ("…,” Ortiz told the hall.") or opens
    ("Ortiz told the hall: “…"), a sentence away from the words before or after it, or just
    before a quotation that goes on another's ("…,” Mr. Grant said. “…")."""
    closing = "“We need a steady hand now. Nobody negotiates better than Maria Lopez,” Ortiz told the hall. Lopez won."
    opening = "Ortiz told the hall: “We need a steady hand now. Nobody negotiates better than Maria Lopez.” Lopez won."
    found = []
    for text in (closing, opening):
        item = analysed_one(text)
        found.append([(s.quoted, s.speaker) for s in item.sentences if s.role == Role.BODY])
    assert found == [[(True, "Ortiz"), (False, None), (False, None)], [(False, None), (True, "Ortiz"), (False, None)]]
    text = "“She has many allies,” Mr. Grant said. “This is her party, plainly.” The vote was secret."
    item = analysed_one(text)
    assert [(s.quoted, s.speaker) for s in item.sentences if s.role == Role.BODY] == [(False, None), (True, "Mr. Grant"), (False, None)]


def test_a_sentence_never_starts_on_a_lower_case_word() -> None:
    """"(R-Wisc.)" and "Calif." end no sentence: "to task for his misuse …" alone would be a fact
    that no longer says who did what."""
    text = (
        "Nearly 90 faculty members have called Representative Paul Ryan (R-Wisc.) to task for his misuse of Catholic "
        "teaching. He spoke to KBFX-TV in Bakersfield, Calif. just as lawmakers met. “We did not know it was Eric "
        "Holder [coming],” a priest said."
    )
    item = analysed_one(text)
    body = [s.text for s in item.sentences if s.role == Role.BODY]
    assert body == [
        "Nearly 90 faculty members have called Representative Paul Ryan (R-Wisc.) to task for his misuse of Catholic teaching.",
        "He spoke to KBFX-TV in Bakersfield, Calif. just as lawmakers met.",
        "“We did not know it was Eric Holder [coming],” a priest said.",
    ]


def test_a_title_abbreviated_before_a_name_ends_no_sentence() -> None:
    text = "Those present included Lt. Gen. Michael Flynn, Sgt. Bowe Bergdahl and Capt. Jane Doe. They asked for a vote."
    item = analysed_one(text)
    assert [s.text for s in item.sentences if s.role == Role.BODY] == [
        "Those present included Lt. Gen. Michael Flynn, Sgt. Bowe Bergdahl and Capt. Jane Doe.",
        "They asked for a vote.",
    ]


def test_text_in_lower_case_still_has_sentences() -> None:
    text = "the senate voted on tuesday. then the house adjourned for the week."
    item = analysed_one(text)
    assert [s.text for s in item.sentences if s.role == Role.BODY] == ["the senate voted on tuesday.", "then the house adjourned for the week."]


def test_a_demand_or_a_shout_is_an_attribution_only_with_what_was_said() -> None:
    """'the congressman demands' after his question says who said it; 'declared a state of
    emergency' and 'demanded the release of the “Cuban Five”' are acts the outlet reports itself."""
    text = (
        "“Who are you?” the congressman demands. “We will not leave,” Senator Jones shouted. "
        "The governor declared a state of emergency. Officials demanded the release of the “Cuban Five”."
    )
    item = analysed_one(text)
    assert [s.attribution for s in item.sentences if s.role == Role.BODY] == ["congressman", "Senator Jones", None, None]


def test_going_on_or_posting_is_an_attribution_only_with_what_was_said() -> None:
    """"“… run mine?” Akin continued." says who spoke; prices that continued to rise said nothing,
    the agency did; a group that posted a video is no source. A bracket in a source's name is kept whole."""
    text = (
        "“Why can't he run mine?” Akin continued. Prices continued to rise in March, the agency said. "
        "The group posted a video of the rally on Tuesday. “We will pass it,” Rep. Ana Ruiz (D-Calif.) said."
    )
    item = analysed_one(text)
    assert [s.attribution for s in item.sentences if s.role == Role.BODY] == ["Akin", "agency", None, "Rep. Ana Ruiz (D-Calif.)"]


@pytest.mark.parametrize(
    ("text", "sentences"),
    [
        (
            "“Have you gone today?” Bachmann asked her followers on what became an unofficial appreciation day. "
            "“It is a disgrace.” Obama said the bill would fail.",
            [
                "“Have you gone today?” Bachmann asked her followers on what became an unofficial appreciation day.",
                "“It is a disgrace.”",
                "Obama said the bill would fail.",
            ],
        ),
        (
            "“Did the President lie? Was the President not truthful?” Douglas Letter, the House general counsel, reportedly said. "
            "“It is a disgrace.” Obama, the former president, said the bill would fail.",
            [
                "“Did the President lie?",
                "Was the President not truthful?” Douglas Letter, the House general counsel, reportedly said.",
                "“It is a disgrace.”",
                "Obama, the former president, said the bill would fail.",
            ],
        ),
    ],
)
def test_who_asked_the_question_stays_with_it_whatever_follows(text: str, sentences: list[str]) -> None:
    """After a question the speaker and all the sentence says of the asking stay with it:
    "Bachmann asked her followers on what became ..." alone says nothing she asked; so do who the
    speaker is and an adverb between the name and the verb ("Douglas Letter, the House general
    counsel, reportedly said." had been a sentence, and a NeuS summary's, of its own). After a
    full stop a name and a verb of saying may open a sentence of their own."""
    item = analysed_one(text)
    assert [s.text for s in item.sentences if s.role == Role.BODY] == sentences


def test_a_speaker_set_off_between_commas_after_the_verb_is_the_source() -> None:
    """"Her remarks, said Tomas Duarte, the council's spokesman, are ..." is Duarte's saying: the
    parser may take the name for the subject of "are" and the remarks for that of "said". After
    ", saying" comes what was said, not who said it."""
    text = (
        "Her remarks, said Tomas Duarte, the council's spokesman, are “fully in line with what the mayor said.” "
        "The remarks came as the mayor turned down a meeting with the council, saying such a session could “deepen the rift.”"
    )
    item = analysed_one(text)
    spokesman, refusal = [s for s in item.sentences if s.role == Role.BODY]
    assert spokesman.attribution is not None and "Tomas Duarte" in spokesman.attribution
    assert refusal.attribution is None


def test_a_verb_of_saying_inside_a_quotation_is_what_was_said_not_who_said_it() -> None:
    """Bloomberg's “Trump says he wants to run the nation ...” is Bloomberg's words: a report that
    gave Trump as its source, and as the speaker of the quotation that follows, would put a
    critic's mockery in Trump's mouth. A quotation left open runs on into the next sentence, whose
    speaker is then the one its close names. A stray opening mark before a decade (“the ‘90s”)
    opens no quotation that hides the source after it."""
    text = (
        "“Trump says he wants to run the nation like he’s run his business,” Mr. Bloomberg said on Wednesday. "
        "“Trump says he wants to run the nation like he’s running his business? God help us,” said Bloomberg. "
        "In the ‘90s, officials said the plan would work."
    )
    item = analysed_one(text)
    body = [s for s in item.sentences if s.role == Role.BODY]
    assert [s.attribution for s in body] == ["Mr. Bloomberg", None, "Bloomberg", "officials"]
    assert body[1].quoted and body[1].speaker == "Bloomberg"


@pytest.mark.parametrize(
    ("text", "sources"),
    [
        # The clause after "who" is more of what he did, and a source of twenty words was none at all.
        (
            'God help us," said Bloomberg, who added that "the richest thing about Donald Trump is his hypocrisy." '
            "“It is a disgrace,” said Senator Jane Ruiz, who chairs the committee.",
            ["Bloomberg", "Senator Jane Ruiz"],
        ),
        # A long description does not make a spokesman's words the outlet's own: his name stands for him.
        (
            "In a response shortly after the emails were made public on Wednesday, Brendan Buck, spokesman for "
            "House Speaker John Boehner (R-Ohio), said just that.",
            ["Brendan Buck"],
        ),
        # The parser may take a noun of the quotation for a second subject of "said".
        (
            "“Throughout his career, Trump has left behind a well-documented record of bankruptcies, thousands of lawsuits, "
            "angry stockholders and contractors who feel cheated and disillusioned customers who feel ripped off,” Bloomberg said.",
            ["Bloomberg"],
        ),
    ],
    ids=["relative clause", "long description", "noun inside the quotation"],
)
def test_a_source_is_named_by_who_spoke_and_no_more(text: str, sources: list[str]) -> None:
    item = analysed_one(text)
    assert [s.attribution for s in item.sentences if s.role == Role.BODY] == sources


def test_who_was_told_is_no_source_and_who_confirmed_it_is() -> None:
    """A passive verb of saying names who was told or accused, not who spoke: "people" were the
    source of nothing in "Some people were told that ...", which the report listed as theirs."""
    text = (
        "Some people were told that they would be meeting with an official, but not that it was Holder. "
        "The meeting was confirmed by two officials on Monday. "
        "The senator was quoted as saying the bill would fail. "
        "The suspect was accused of fraud."
    )
    item = analysed_one(text)
    assert [s.attribution for s in item.sentences if s.role == Role.BODY] == [None, "two officials", "senator", None]


def test_a_verb_of_saying_in_a_clause_of_its_own_is_no_source_of_the_sentence() -> None:
    """The meeting is the outlet's report; the senator suggested only what his clause says
    (BASIL 2012: "Attributed to: top Republican senator" beside the meeting). "…, as Reuters
    reported" has no clause of its own and reports the sentence."""
    text = (
        "The president and the speaker met at the White House on Sunday as a top Republican senator suggested "
        "that his party should accept higher tax rates. "
        "The talks collapsed when the minister said that no deal was possible. "
        "The company will close its plant, as Reuters reported on Monday."
    )
    item = analysed_one(text)
    assert [s.attribution for s in item.sentences if s.role == Role.BODY] == [None, None, "Reuters"]


def test_a_state_before_a_title_ends_no_sentence() -> None:
    """"calling for Ariz. Gov. Jan Brewer to veto" was cut after "Ariz.", and the summary led with
    "Gov. Jan Brewer to veto a controversial bill ...", which says nothing of who called for it.
    After a city the state may end a sentence."""
    text = "Prominent Republicans are calling for Ariz. Gov. Jan Brewer to veto the bill. He spoke in Phoenix, Ariz. The governor left."
    item = analysed_one(text)
    assert [s.text for s in item.sentences if s.role == Role.BODY] == [
        "Prominent Republicans are calling for Ariz. Gov. Jan Brewer to veto the bill.",
        "He spoke in Phoenix, Ariz.",
        "The governor left.",
    ]


def test_a_paragraph_introduced_as_someones_words_is_a_quotation() -> None:
    """Outlets set a letter or a post apart after a line ending on a colon, without quotation
    marks: its sentences are the writer's, not the outlet's, and so are its loaded words. A label
    ("UPDATE:") introduces the outlet's own words."""
    body = [
        "A congressional aide criticised the president's daughters on Friday.",
        "Read the full rant via Gawker:",
        "Dear Sasha and Malia, your parents are a disgraceful embarrassment. At least respect the part you play.",
        "UPDATE:",
        "The aide resigned on Monday.",
    ]
    item = analysed_one(*body)
    quoted = {s.text: s.quoted for s in item.sentences if s.role == Role.BODY}
    assert quoted["At least respect the part you play."]
    assert quoted["Dear Sasha and Malia, your parents are a disgraceful embarrassment."]
    assert not quoted["The aide resigned on Monday."] and not quoted["Read the full rant via Gawker:"]
    assert [span.quoted for span in item.spans if "disgraceful" in span.text] == [True]


def test_spellings_of_one_person_share_a_key(analysed):
    assert entity_key("Kim Jong-un") == entity_key("Kim Jong Un") == entity_key("Mr Kim Jong Un’s")
    assert entity_key("Representative Bruce Braley") == entity_key("Bruce Braley") == entity_key("Reps. Bruce Braley")
    guardian = sentence(analysed, "Mr Kim began his journey back")
    daily_mail = sentence(analysed, "Kim is heading back to North Korea")
    assert "kim jong un" in {e.key for e in guardian.entities}
    assert "kim jong un" in {e.key for e in daily_mail.entities}


def test_attributions_name_who_said_it(analysed):
    assert sentence(analysed, "Kim is heading home ‘after").attribution == "KCNA"
    assert sentence(analysed, "US and South Korean officials").attribution == "US and South Korean officials"
    assert sentence(analysed, "He was later seen at the island’s").attribution == "Russian media"
    assert sentence(analysed, "China is currently").attribution is None


def test_quantities_are_normalised_on_the_sentences(analysed):
    drones = sentence(analysed, "Before departing from Vladivostok")
    assert [(q.kind, q.value, q.subject) for q in drones.quantities] == [(QuantityKind.COUNT, 5, "drone")]
    trip = sentence(analysed, "North Korean leader Kim Jong-un is on his way home")
    assert any(q.kind == QuantityKind.DURATION and q.value == 6 for q in trip.quantities)
    week = sentence(analysed, "North Korea’s Kim Jong Un has made his way home")
    assert any(q.kind == QuantityKind.DURATION and q.value == 7 and q.approximate for q in week.quantities)


def test_captions_are_analysed_as_captions(analysed):
    caption = sentence(analysed, "North Korea leader Kim Jong Un visits the Far Eastern Federal University")
    assert caption.role == Role.CAPTION


def test_a_missing_spacy_model_is_a_clear_error():
    with pytest.raises(ModelNotInstalled, match="not installed"):
        load_pipeline("en_no_such_model")


def test_a_paragraph_of_two_million_characters_is_analysed_in_pieces() -> None:
    """spaCy refuses a text of over a million characters; the analysis parses a long line a piece
    at a time, and its sentences still point into the article's text."""
    from storylens.model import Outlet, article_id

    body = ["Officials met on Monday. " + "a" * 2_000_000 + " The talks ended."]
    article = Article(id=article_id("X", "Long", body), outlet=Outlet(name="X"), title="Long", body=body, source="long.txt")
    (item,) = analyze([article], load_pipeline(Settings().models.spacy_model), LexiconFraming())
    assert [s.text for s in item.sentences][:2] == ["Long", "Officials met on Monday."]
    assert item.sentences[-1].text.endswith("The talks ended.")
    for sentence in item.sentences:
        assert article.text[sentence.start : sentence.end] == sentence.text


@pytest.mark.parametrize("dash", ["—", "–", "─"])
def test_a_dateline_is_no_sentence_of_its_own(dash: str) -> None:
    """The parser had made "RICHMOND, Va. (AP) —" a sentence, and so a fact first reported by two
    NeuS sources; one of them set its dateline off with a box-drawing line."""
    text = f"RICHMOND, Va. (AP) {dash} Tens of thousands of gun-rights activists rallied peacefully at the Virginia Capitol on Monday."
    item = analysed_one(text)
    assert [s.text for s in item.sentences if s.role == Role.BODY] == [text.translate(PARSED_DASHES)]

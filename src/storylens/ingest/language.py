"""The language an article is written in, so that English-only analysis can leave the others out.

py3langid's naive Bayes model ships inside its wheel, so detection needs no download. Its
probabilities are calibrated per text length, and on English news it is never sure of another
language: over BASIL's and PTC's headlines, whose names and capitals mislead it most, a wrong
guess never reaches 0.41. An article is marked as another language only when the detector is
far surer than that, so a short or name-heavy English text stays "en".
"""

from __future__ import annotations

from functools import cache

from py3langid.langid import MODEL_FILE, LanguageIdentifier

DEFAULT_LANGUAGE = "en"
CONFIDENT = 0.9
"""Probability a language other than English must reach to be believed."""
SAMPLE = 4000
"""Characters judged: far more than the detector needs, so a long text costs no more."""


@cache
def _identifier() -> LanguageIdentifier:
    """Loaded once per process on first use (half a second), so commands that read no article
    never pay for it."""
    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def release_detector() -> None:
    """Let the detector go once a run of inputs is read: its model would otherwise sit in memory
    beside the analysis that follows (`benchmarks.run` prints the run's memory); the next
    detection loads it again."""
    _identifier.cache_clear()


def detect_language(text: str) -> str:
    """ISO 639-1 code of the text's language; "en" unless another language is clearly detected."""
    language, probability = _identifier().classify(text[:SAMPLE])
    if language != DEFAULT_LANGUAGE and probability >= CONFIDENT:
        return language
    return DEFAULT_LANGUAGE

"""Tone and subjectivity of a sentence, from lexicons that ship inside their MIT-licensed packages.

Tone is VADER's compound score (Hutto and Gilbert, 2014; `vaderSentiment`, MIT): -1 (negative)
to 1 (positive), tuned on short texts and robust to news sentences. Subjectivity is TextBlob's
(`textblob`, MIT, with the Pattern lexicon of De Smedt and Daelemans, BSD): 0 (factual) to 1
(opinion), the mean subjectivity of the adjectives and adverbs it knows, adjusted for
intensifiers and negation. Both work offline. The MPQA subjectivity clues were set aside: their
licence (GPL) does not allow shipping them inside this MIT package.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer


@lru_cache(maxsize=1)
def vader() -> SentimentIntensityAnalyzer:
    """The analyzer with its lexicon, read once per process."""
    return SentimentIntensityAnalyzer()


def valence(word: str) -> float | None:
    """VADER's prior valence of a lower-case word, -4 to 4; None when the lexicon lacks it."""
    return vader().lexicon.get(word)


def tone(text: str) -> float:
    return float(vader().polarity_scores(text)["compound"])


@lru_cache(maxsize=1)
def _pattern_sentiment() -> Callable[[str], tuple[float, float]]:
    """TextBlob's Pattern analyzer, made as `textblob.en` makes it, from TextBlob's own module and
    lexicon, without importing the `textblob` package: its `__init__` imports nltk, which imports
    scikit-learn and scipy.stats into every process that analyses, for a scorer that
    needs none of them (`textblob/_text.py` imports the standard library only). Loaded under a
    name of its own, so that an `import textblob` elsewhere still gets the whole package.
    `tests/test_tone.py` holds its scores equal to `textblob.en.sentiment`'s."""
    package = importlib.util.find_spec("textblob")
    if package is None or not package.submodule_search_locations:
        raise ModuleNotFoundError("the subjectivity lexicon needs the package 'textblob'")
    folder = Path(package.submodule_search_locations[0])
    spec = importlib.util.spec_from_file_location("storylens_pattern_text", folder / "_text.py")
    assert spec is not None and spec.loader is not None, "a file location always gives a spec with a loader"
    pattern = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(pattern)

    class EnglishSentiment(pattern.Sentiment):  # type: ignore[name-defined]
        """The lexicon with an adverb for each adjective ("terrible" gives "terribly"), as TextBlob's
        English analyzer reads it when it loads the lexicon on first use."""

        def load(self, path: str | None = None) -> None:
            super().load(path)
            if path:
                return
            for word, tags in list(self.items()):
                if "JJ" in tags:
                    stem = word[:-1] + "i" if word.endswith("y") else word
                    stem = stem.removesuffix("le")
                    self.annotate(stem + "ly", "RB", *tags["JJ"])

    analyzer: Callable[[str], tuple[float, float]] = EnglishSentiment(
        path=str(folder / "en" / "en-sentiment.xml"),
        synset="wordnet_id",
        negations=("no", "not", "n't", "never"),
        modifiers=("RB",),
        modifier=lambda word: word.endswith("ly"),
        language="en",
    )
    return analyzer


def subjectivity(text: str) -> float:
    return float(_pattern_sentiment()(text)[1])

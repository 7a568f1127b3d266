"""Tone and subjectivity of a sentence, from lexicons that ship inside their MIT-licensed packages.

Tone is VADER's compound score (Hutto and Gilbert, 2014; `vaderSentiment`, MIT): -1 (negative)
to 1 (positive), tuned on short texts and robust to news sentences. Subjectivity is TextBlob's
(`textblob`, MIT, with the Pattern lexicon of De Smedt and Daelemans, BSD): 0 (factual) to 1
(opinion), the mean subjectivity of the adjectives and adverbs it knows, adjusted for
intensifiers and negation. Both work offline. The MPQA subjectivity clues were set aside: their
licence (GPL) does not allow shipping them inside this MIT package.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

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
    """TextBlob's Pattern analyzer, imported on first use: importing textblob pulls in nltk (about 0.8 s)."""
    from textblob.en import sentiment

    return sentiment


def subjectivity(text: str) -> float:
    return float(_pattern_sentiment()(text)[1])

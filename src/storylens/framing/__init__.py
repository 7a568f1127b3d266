"""Framing: the loaded words an outlet chose, found per article in the analyze stage and stored.

Models are registered by name, so that a user with a better one plugs it in through the
`framing_model` setting: "lexicon+tagger" (the default: the curated lexicon's spans, and the
learnt tagger's where the lexicon found nothing), "tagger" (the fine-tuned transformer alone),
"lexicon" (the curated lexicon grown along the parse), "classifier" (a logistic-regression token
tagger trained on PTC and BASIL) and "lexicon+classifier". Every one keeps the lexicon's rules for
hedges, sarcastic questions and speculation. `eval/framing.py` scores them side by side.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Protocol

from storylens.framing.placement import ParsedLine
from storylens.model import Article, FramingSpan


class FramingModel(Protocol):
    """What the analyze stage needs from a framing detector."""

    name: str

    def spans(self, article: Article, lines: Sequence[ParsedLine]) -> list[FramingSpan]:
        """Spans with offsets into `article.text`, from the analyze stage's parse of each line
        (`placement.lines`); a model that reads raw text ignores the parse."""
        ...


def _lexicon() -> FramingModel:
    from storylens.framing.lexicon import LexiconFraming

    return LexiconFraming()


def _classifier() -> FramingModel:
    from storylens.framing.classifier import ClassifierFraming

    return ClassifierFraming()


def _tagger() -> FramingModel:
    from storylens.framing.tagger import TaggerFraming

    return TaggerFraming()


def _lexicon_and_tagger() -> FramingModel:
    from storylens.framing.tagger import LexiconAndTagger

    return LexiconAndTagger()


def _lexicon_and_classifier() -> FramingModel:
    from storylens.framing.classifier import LexiconAndClassifier

    return LexiconAndClassifier()


MODELS: dict[str, Callable[[], FramingModel]] = {
    "lexicon": _lexicon,
    "classifier": _classifier,
    "lexicon+classifier": _lexicon_and_classifier,
    "tagger": _tagger,
    "lexicon+tagger": _lexicon_and_tagger,
}
"""Each model's maker, imported on first use: a command that needs no model loads none."""


def get_framing_model(name: str = "lexicon") -> FramingModel:
    """The framing model registered under `name`; the configuration names it."""
    try:
        return MODELS[name]()
    except KeyError:
        raise ValueError(f"unknown framing model {name!r}; known: {', '.join(sorted(MODELS))}") from None

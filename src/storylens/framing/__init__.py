"""Framing: the loaded words an outlet chose, found per article in the analyze stage and stored.

Models are registered by name, so that a user with a better one plugs it in through the
`framing_model` setting: "lexicon+tagger" (the default: the curated lexicon's spans, and the
learnt tagger's where the lexicon found nothing), "tagger" (the fine-tuned transformer alone),
"lexicon" (the curated lexicon grown along the parse), "classifier" (a logistic-regression token
tagger trained on PTC and BASIL) and "lexicon+classifier". Every one keeps the lexicon's rules for
hedges, sarcastic questions and speculation. `eval/framing.py` scores them side by side.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from storylens.model import ANALYSIS_VERSION

if TYPE_CHECKING:
    from storylens.framing.placement import ParsedLine
    from storylens.model import Article, FramingSpan


class FramingModel(Protocol):
    """What the analyze stage needs from a framing detector."""

    name: str

    def spans(self, article: Article, lines: Sequence[ParsedLine]) -> list[FramingSpan]:
        """Spans with offsets into `article.text`, from the analyze stage's parse of each line
        (`placement.lines`); a model that reads raw text ignores the parse."""
        ...


def _lexicon(threads: int | None = None) -> FramingModel:
    from storylens.framing.lexicon import LexiconFraming

    return LexiconFraming()


def _classifier(threads: int | None = None) -> FramingModel:
    from storylens.framing.classifier import ClassifierFraming

    return ClassifierFraming()


def _tagger(threads: int | None = None) -> FramingModel:
    from storylens.framing.tagger import TaggerFraming

    return TaggerFraming(threads=threads)


def _lexicon_and_tagger(threads: int | None = None) -> FramingModel:
    from storylens.framing.tagger import LexiconAndTagger

    return LexiconAndTagger(threads=threads)


def _lexicon_and_classifier(threads: int | None = None) -> FramingModel:
    from storylens.framing.classifier import LexiconAndClassifier

    return LexiconAndClassifier()


MODELS: dict[str, Callable[[int | None], FramingModel]] = {
    "lexicon": _lexicon,
    "classifier": _classifier,
    "lexicon+classifier": _lexicon_and_classifier,
    "tagger": _tagger,
    "lexicon+tagger": _lexicon_and_tagger,
}
"""Each model's maker, imported on first use: a command that needs no model loads none. A maker
takes the number of threads the model may run on (None: one per core), which a worker that shares
its machine's cores with others sets to one."""


def get_framing_model(name: str = "lexicon", threads: int | None = None) -> FramingModel:
    """The framing model registered under `name`; the configuration names it."""
    try:
        return MODELS[name](threads)
    except KeyError:
        raise ValueError(f"unknown framing model {name!r}; known: {', '.join(sorted(MODELS))}") from None


DATA = Path(__file__).parent / "data"
LISTS = ("loaded.tsv", "standard_terms.txt")
"""The lexicon's lists, which every built-in model reads for its rules."""
WEIGHTS = {
    "classifier": "loaded_language.json",
    "lexicon+classifier": "loaded_language.json",
    "tagger": "tagger.json",
    "lexicon+tagger": "tagger.json",
}
"""Each trained model's weights file, or the manifest that records its weights' sha256."""


@cache
def stored_name(name: str) -> str:
    """The name an article's analysis and its spans are stored under: the model's registered name
    and a digest of the files it reads (the lexicon's lists, the trained weights) and of the
    analysis version (`model.ANALYSIS_VERSION`), so that an article analysed before a model was
    retrained, its lists edited or the analysis changed is analysed again rather than shown with
    spans or figures the current one no longer finds. A model plugged in from outside is stored
    under its name and the analysis version."""
    if name not in MODELS:
        return f"{name}@analysis-{ANALYSIS_VERSION}"
    digest = hashlib.sha256(f"analysis {ANALYSIS_VERSION}".encode())
    for file in (*LISTS, *([WEIGHTS[name]] if name in WEIGHTS else [])):
        digest.update((DATA / file).read_bytes())
    return f"{name}@{digest.hexdigest()[:12]}"

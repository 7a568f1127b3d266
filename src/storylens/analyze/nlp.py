"""Loading the spaCy pipeline once, by name, from an installed package (never from a hub)."""

from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from storylens.framing.placement import OPENING_QUOTES, QUOTE_FAMILY

QUOTE_ENDS = frozenset({"!", "?", "."})
CLOSING_QUOTES = frozenset(QUOTE_FAMILY) - OPENING_QUOTES
"""Marks that may close a quotation: the curly closing ones and the straight ones (`framing.placement`)."""
ATTRIBUTION_AFTER_QUOTE = "storylens_attribution_after_quote"


class ModelNotInstalled(Exception):
    """The configured spaCy package is not installed in this environment."""


@Language.component(ATTRIBUTION_AFTER_QUOTE)
def attribution_after_quote(doc: Doc) -> Doc:
    """Keep "he declared" in the sentence of the quotation it attributes.

    The parser ends a sentence after a quotation that closes on "!", "?" or "." ("“I have a
    problem!” he declared."), which leaves "he declared." as a sentence of its own: a fact of two
    words that says nothing, and a quotation with no speaker. A lower-case word right after such a
    closing quote continues the sentence; the parser keeps a boundary set before it runs.
    """
    for i in range(2, len(doc)):
        word = doc[i]
        if word.is_alpha and word.is_lower and doc[i - 1].text in CLOSING_QUOTES and doc[i - 2].text in QUOTE_ENDS:
            word.is_sent_start = False
    return doc


@lru_cache(maxsize=4)
def load_pipeline(name: str) -> Language:
    """The pipeline with the parser (sentences, attributions) and NER; loaded once per process."""
    try:
        nlp = spacy.load(name)
    except OSError:
        raise ModelNotInstalled(
            f"spaCy model {name!r} is not installed; install the pinned package from requirements.lock"
        ) from None
    if "parser" in nlp.pipe_names:
        nlp.add_pipe(ATTRIBUTION_AFTER_QUOTE, before="parser")
    return nlp

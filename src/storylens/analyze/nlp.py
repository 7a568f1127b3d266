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
CLOSING_MARKS = CLOSING_QUOTES | {")", "]"}
OPENING_MARKS = OPENING_QUOTES | {"(", "[", "—", "–", "―"}
"""What may stand between a lower-case word and the end of the sentence before it: "(R-Wisc.) to",
"Holder [coming]", "pearls!” — whose"."""
SENTENCE_CONTINUATIONS = "storylens_sentence_continuations"


class ModelNotInstalled(Exception):
    """The configured spaCy package is not installed in this environment."""


@Language.component(SENTENCE_CONTINUATIONS)
def sentence_continuations(doc: Doc) -> Doc:
    """Keep a lower-case word in the sentence before it; the parser keeps a boundary set before it runs.

    The parser ends sentences where edited news never does: after a quotation that closes on "!",
    "?" or "." ("“I have a problem!” he declared." leaves "he declared." a fact of two words, and
    the quotation without its speaker), after an abbreviated state in brackets ("Representative
    Paul Ryan (R-Wisc.) to task for his misuse …" left "to task for his misuse …" a fact that no
    longer says who did what), after "Calif." or an ellipsis, and inside a quotation cut by a
    dash or a bracket. A sentence that starts on a lower-case word is such a piece. Only where a
    full stop, "!" or "?" closes a lower-case word, outside a quotation, is the boundary the
    parser's to choose: text written all in lower case still has sentences.
    """
    for i in range(1, len(doc)):
        if not (doc[i].is_alpha and doc[i].is_lower):
            continue
        start = i
        while start > 1 and doc[start - 1].text in OPENING_MARKS:
            start -= 1
        before, quoted = start - 1, False
        while before > 0 and doc[before].text in CLOSING_MARKS:
            quoted = quoted or doc[before].text in CLOSING_QUOTES
            before -= 1
        ends_a_word = doc[before].text in QUOTE_ENDS and before > 0 and doc[before - 1].is_lower
        if quoted or not ends_a_word:
            for token in doc[start : i + 1]:
                token.is_sent_start = False
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
        nlp.add_pipe(SENTENCE_CONTINUATIONS, before="parser")
    return nlp

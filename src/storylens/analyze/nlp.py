"""Loading the spaCy pipeline once, by name, from an installed package (never from a hub)."""

from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language


class ModelNotInstalled(Exception):
    """The configured spaCy package is not installed in this environment."""


@lru_cache(maxsize=4)
def load_pipeline(name: str) -> Language:
    """The pipeline with the parser (sentences, attributions) and NER; loaded once per process."""
    try:
        return spacy.load(name)
    except OSError:
        raise ModelNotInstalled(
            f"spaCy model {name!r} is not installed; install the pinned package from requirements.lock"
        ) from None

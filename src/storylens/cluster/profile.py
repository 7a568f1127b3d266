"""What a story is, for clustering: the running sum of its articles' profiles.

A profile is a plain JSON-able map: "terms" and "entities" (weight maps from the article sketch,
`storylens.analyze.sketch`) and, when the representation uses one, "vector" (the sum of the
articles' unit vectors, whose direction is the story's mean). Sums can be updated when an article
joins and stored as JSON, without recomputing the story.
"""

from __future__ import annotations

import math
from collections import Counter

Profile = dict
"""{"terms": {lemma: weight}, "entities": {key: weight}, "vector": [float, ...] (optional)}."""

ENTITY_WEIGHT = 2.0
"""Entities count twice the content words: the same people and places are the surest sign of
the same event."""
WEIGHT_MAPS = ("terms", "entities")


def merge(story: Profile, article: Profile) -> Profile:
    """The story's profile after the article joins it: a running sum of every part."""
    merged: Profile = {}
    for part in WEIGHT_MAPS:
        total = Counter(story.get(part, {}))
        total.update(article.get(part, {}))
        merged[part] = dict(total)
    if "vector" in article:
        previous = story.get("vector") or [0.0] * len(article["vector"])
        merged["vector"] = [a + b for a, b in zip(previous, article["vector"])]
    return merged


def cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if not a or not b:
        return 0.0
    if len(a) > len(b):
        a, b = b, a
    dot = sum(w * b.get(t, 0.0) for t, w in a.items())
    norm = math.sqrt(sum(w * w for w in a.values())) * math.sqrt(sum(w * w for w in b.values()))
    return dot / norm if norm else 0.0


def term_similarity(article: Profile, story: Profile) -> float:
    """Content and entities together: the same people in different words, or the same words about the same people."""
    terms = cosine(article["terms"], story["terms"])
    if not article["entities"]:
        return terms
    entities = cosine(article["entities"], story["entities"])
    return (terms + ENTITY_WEIGHT * entities) / (1.0 + ENTITY_WEIGHT)


def vector_similarity(article: Profile, story: Profile) -> float:
    """Cosine of the article's vector and the direction of the story's summed vectors."""
    a, s = article.get("vector"), story.get("vector")
    if not a or not s:
        return 0.0
    dot = sum(x * y for x, y in zip(a, s))
    norm = math.sqrt(sum(x * x for x in a)) * math.sqrt(sum(y * y for y in s))
    return dot / norm if norm else 0.0

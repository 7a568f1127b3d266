"""What an article or a story is, for clustering: weighted content lemmas and named entities.

Kept as plain term→weight maps so that a story's profile is the sum of its articles' and can be
stored as JSON and updated when an article joins, without recomputing the story.
"""

from __future__ import annotations

import math
from collections import Counter

from storylens.model import AnalyzedArticle, Role

ROLE_WEIGHT = {Role.HEADLINE: 3.0, Role.STANDFIRST: 2.0, Role.BODY: 1.0, Role.CAPTION: 0.5}
"""The headline says what the event is more clearly than any body sentence."""
ENTITY_WEIGHT = 2.0


def article_profile(item: AnalyzedArticle) -> dict[str, dict[str, float]]:
    """Log-scaled lemma weights and entity weights of one article."""
    terms: Counter[str] = Counter()
    entities: Counter[str] = Counter()
    for sentence in item.sentences:
        weight = ROLE_WEIGHT[sentence.role]
        for lemma in sentence.lemmas:
            terms[lemma] += weight
        for entity in sentence.entities:
            entities[entity.key] += weight
    return {
        "terms": {t: 1.0 + math.log(w) if w >= 1 else w for t, w in terms.items()},
        "entities": {e: 1.0 + math.log(w) if w >= 1 else w for e, w in entities.items()},
    }


def merge(story: dict[str, dict[str, float]], article: dict[str, dict[str, float]]) -> dict[str, dict[str, float]]:
    """The story's profile after the article joins it: a running sum."""
    merged = {}
    for part in ("terms", "entities"):
        total = Counter(story.get(part, {}))
        total.update(article[part])
        merged[part] = dict(total)
    return merged


def cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if not a or not b:
        return 0.0
    if len(a) > len(b):
        a, b = b, a
    dot = sum(w * b.get(t, 0.0) for t, w in a.items())
    norm = math.sqrt(sum(w * w for w in a.values())) * math.sqrt(sum(w * w for w in b.values()))
    return dot / norm if norm else 0.0


def similarity(article: dict[str, dict[str, float]], story: dict[str, dict[str, float]]) -> float:
    """Content and entities together: the same people in different words, or the same words about the same people."""
    terms = cosine(article["terms"], story["terms"])
    entities = cosine(article["entities"], story["entities"])
    return (terms + ENTITY_WEIGHT * entities) / (1.0 + ENTITY_WEIGHT) if article["entities"] else terms

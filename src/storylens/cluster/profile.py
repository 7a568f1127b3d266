"""What a story is, for clustering: the running sum of its articles' profiles.

A profile is a plain JSON-able map: "terms" and "entities" (weight maps from the article sketch,
`storylens.analyze.sketch`) and, when the representation uses one, "vector" (the sum of the
articles' unit vectors, whose direction is the story's mean). Sums can be updated when an article
joins and stored as JSON, without recomputing the story.
"""

from __future__ import annotations

import heapq
import math
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

Profile = dict
"""{"terms": {lemma: weight}, "entities": {key: weight}, "vector": [float, ...] (optional)}."""

WEIGHT_MAPS = ("terms", "entities")
KEPT = {"terms": 1000, "entities": 300}
"""The heaviest keys a story keeps of each map. A story that runs for weeks would otherwise grow
its profile (and the cost of every article joining it, and its JSON) without end; an article's
own profile holds a few hundred terms, and the keys past these add almost nothing to a cosine."""


def merge(story: Profile, article: Profile) -> Profile:
    """The story's profile after the article joins it: a running sum of every part, cut to the
    heaviest `KEPT` keys of each map."""
    merged: Profile = {}
    for part in WEIGHT_MAPS:
        total = Counter(story.get(part, {}))
        total.update(article.get(part, {}))
        if len(total) > KEPT[part]:
            total = Counter(dict(heapq.nlargest(KEPT[part], total.items(), key=lambda item: (item[1], item[0]))))
        merged[part] = dict(total)
    if "vector" in article:
        previous = story.get("vector") or [0.0] * len(article["vector"])
        merged["vector"] = [a + b for a, b in zip(previous, article["vector"])]
    return merged


Rarity = Callable[[str, str], float]
"""(part, key) → weight: how rare a key is among the open stories (see `OpenStories.rarity`)."""


@dataclass(frozen=True)
class Query:
    """An article as it is scored against stories: its weight maps scaled by each key's rarity
    among the open stories (a name every open story mentions, "Trump", counts for less than one
    only this story does), their lengths, and its vector; made once, scored against many stories.
    Rarity weighs the article side only, so a story's lengths are numbers kept with it."""

    weights: dict[str, dict[str, float]]
    norms: dict[str, float]
    vector: list[float] | None

    @classmethod
    def of(cls, profile: Profile, rarity: Rarity) -> Query:
        weights = {part: {k: w * rarity(part, k) for k, w in profile.get(part, {}).items()} for part in WEIGHT_MAPS}
        return cls(weights, norms(weights), profile.get("vector"))


def norms(profile: Profile) -> dict[str, float]:
    """The length of each weight map (and of the vector), kept with an open story so that scoring
    never sums a whole story."""
    lengths = {part: math.sqrt(sum(w * w for w in profile.get(part, {}).values())) for part in WEIGHT_MAPS}
    lengths["vector"] = math.sqrt(sum(x * x for x in profile.get("vector", ())))
    return lengths


def _cosine(query: dict[str, float], story: dict[str, float], query_norm: float, story_norm: float) -> float:
    if not query_norm or not story_norm:
        return 0.0
    return sum(weight * story.get(key, 0.0) for key, weight in query.items()) / (query_norm * story_norm)


def term_similarity(query: Query, story: Profile, story_norms: dict[str, float]) -> float:
    """Cosine of the terms. Names are among the terms already; scoring the entity map as well
    (weighed 2, 1, 0.5 or 0.25 against the terms) lowered BCubed F1 on the NeuS fit part from
    0.885 to 0.72-0.86 and gained nothing on BASIL, so entities only find candidates."""
    return _cosine(query.weights["terms"], story.get("terms", {}), query.norms["terms"], story_norms["terms"])


def vector_similarity(query: Query, story: Profile, story_norms: dict[str, float]) -> float:
    """Cosine of the article's unit vector and the direction of the story's summed vectors."""
    vector = story.get("vector")
    if not query.vector or not vector or not story_norms["vector"]:
        return 0.0
    return sum(x * y for x, y in zip(query.vector, vector)) / story_norms["vector"]

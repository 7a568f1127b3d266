"""Clustering scores against gold stories: BCubed precision, recall, F1 and pairwise F1.

Both are computed from the contingency counts (how many items each predicted cluster shares with
each gold story), so they cost O(n) instead of comparing every pair of items: NeuS has thousands.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from itertools import combinations


@dataclass(frozen=True)
class ClusterScore:
    """What a table row shows for one clustering of one part of a data set."""

    precision: float
    recall: float
    f1: float
    pair_f1: float
    predicted: int
    gold: int


def _f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def _pairs(count: int) -> int:
    return count * (count - 1) // 2


def cluster_score(gold: Mapping[str, Hashable], predicted: Mapping[str, Hashable]) -> ClusterScore:
    """Score `predicted` (item -> cluster) against `gold` (item -> story) over the gold items.

    An item the prediction leaves out counts as a cluster of its own, so dropping items can never
    raise precision.
    """
    if not gold:
        raise ValueError("no gold items to score")
    clusters = {item: predicted.get(item, ("unclustered", item)) for item in gold}
    both = Counter((clusters[item], gold[item]) for item in gold)
    by_cluster = Counter(clusters.values())
    by_story = Counter(gold.values())
    precision = sum(n * n / by_cluster[c] for (c, _), n in both.items()) / len(gold)
    recall = sum(n * n / by_story[s] for (_, s), n in both.items()) / len(gold)
    together = sum(_pairs(n) for n in both.values())
    predicted_pairs = sum(_pairs(n) for n in by_cluster.values())
    gold_pairs = sum(_pairs(n) for n in by_story.values())
    pair_precision = together / predicted_pairs if predicted_pairs else 0.0
    pair_recall = together / gold_pairs if gold_pairs else 0.0
    return ClusterScore(
        precision=precision,
        recall=recall,
        f1=_f1(precision, recall),
        pair_f1=_f1(pair_precision, pair_recall),
        predicted=len(by_cluster),
        gold=len(by_story),
    )


def hard_negatives_joined(
    topics: Mapping[str, Hashable], gold: Mapping[str, Hashable], predicted: Mapping[str, Hashable]
) -> tuple[int, int]:
    """Pairs of items of one topic but different gold stories (similar events, as in ECB+) that
    the prediction puts in one cluster, and how many such pairs there are."""
    joined = total = 0
    by_topic: dict[Hashable, list[str]] = {}
    for item, topic in topics.items():
        by_topic.setdefault(topic, []).append(item)
    for items in by_topic.values():
        for first, second in combinations(items, 2):
            if gold[first] != gold[second]:
                total += 1
                joined += predicted[first] == predicted[second]
    return joined, total

"""Conflicts: outlets whose sentences state the same fact with different values in one slot.

A false conflict costs a reader's trust more than a missed one, so a slot conflicts only when
the two values are comparable (same kind, unit and counted thing) and clearly differ beyond
rounding, and weekdays and dates only when the two sentences are close paraphrases.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import combinations

from storylens.analyze.quantities import same_value
from storylens.model import Conflict, ConflictValue, Quantity, QuantityKind, Sentence, SentenceRef

TIME_SLOTS = frozenset({QuantityKind.WEEKDAY, QuantityKind.DATE})
TIME_SIMILARITY = 0.45
"""Two sentences must be this similar before their weekdays or dates may conflict: 'Saturday's
visits' and 'on Sunday' are often two different events of one trip."""


def normalised(quantity: Quantity) -> str:
    if quantity.kind == QuantityKind.WEEKDAY:
        return ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")[int(quantity.value)]
    value = f"{quantity.value:,.0f}" if quantity.value >= 100 else f"{quantity.value:g}"
    approx = "about " if quantity.approximate else ""
    return f"{approx}{value} {quantity.subject or quantity.unit}".strip()


def find_conflicts(
    fact_id: int,
    evidence: list[tuple[Sentence, SentenceRef]],
    similarity: Callable[[Sentence, Sentence], float],
) -> list[Conflict]:
    """Every slot on which two outlets' sentences of one fact disagree, with each outlet's value."""
    found: dict[QuantityKind, dict[str, ConflictValue]] = {}
    for (s1, r1), (s2, r2) in combinations(evidence, 2):
        if r1.outlet == r2.outlet:
            continue
        for q1 in s1.quantities:
            for q2 in s2.quantities:
                if same_value(q1, q2) is not False:
                    continue
                if q1.kind in TIME_SLOTS and similarity(s1, s2) < TIME_SIMILARITY:
                    continue
                if _agrees_elsewhere(q1, s2) or _agrees_elsewhere(q2, s1):
                    continue
                slot = found.setdefault(q1.kind, {})
                slot.setdefault(r1.outlet, ConflictValue(outlet=r1.outlet, value=q1.text, normalised=normalised(q1), evidence=r1))
                slot.setdefault(r2.outlet, ConflictValue(outlet=r2.outlet, value=q2.text, normalised=normalised(q2), evidence=r2))
    return [Conflict(fact_id=fact_id, slot=kind, values=list(values.values())) for kind, values in found.items()]


def _agrees_elsewhere(quantity: Quantity, sentence: Sentence) -> bool:
    """The other sentence also states a matching value ('5,000 miles (8,000 km)'): no conflict."""
    return any(same_value(quantity, other) for other in sentence.quantities)

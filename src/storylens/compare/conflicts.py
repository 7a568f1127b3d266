"""Conflicts: outlets whose sentences state the same fact with different values in one slot.

A false conflict costs a reader's trust more than a missed one, so a slot conflicts only when
each sentence states exactly one value for it (one weekday, one count of drones), the two are
comparable (same kind, unit and counted thing) and they clearly differ beyond rounding; and
weekdays and dates only when the two sentences are close paraphrases, because "Saturday's
visits" and "on Sunday" are often two events of one trip.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import combinations

from storylens.analyze.quantities import same_value
from storylens.model import Conflict, ConflictValue, Quantity, QuantityKind, Sentence, SentenceRef

TIME_SLOTS = frozenset({QuantityKind.WEEKDAY, QuantityKind.DATE})
SLOT_SIMILARITY = 0.55
"""How similar two sentences must be before their figures may conflict: a fact's looser members
often give figures about different things."""
TIME_SIMILARITY = 0.7
"""Weekdays and dates need closer paraphrases still: 'said Tuesday' dates the saying, not the event,
and a year often dates a different part of the story."""
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def normalised(quantity: Quantity) -> str:
    """The value as compared, for a reader: 'Sunday', '5 drone', '8,047 km'."""
    if quantity.kind == QuantityKind.WEEKDAY:
        return WEEKDAYS[int(quantity.value)]
    value = f"{quantity.value:,.0f}" if quantity.value >= 100 else f"{quantity.value:g}"
    return f"{value} {quantity.subject or quantity.unit}".strip()


def slots(sentence: Sentence) -> dict[tuple[str, str, str], list[Quantity]]:
    """The sentence's values grouped by what they measure: kind, unit and counted thing."""
    grouped: dict[tuple[str, str, str], list[Quantity]] = {}
    for quantity in sentence.quantities:
        grouped.setdefault((quantity.kind, quantity.unit, quantity.subject or ""), []).append(quantity)
    return grouped


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
        theirs = slots(s2)
        for slot, mine in slots(s1).items():
            other = theirs.get(slot, [])
            if len(mine) != 1 or len(other) != 1 or same_value(mine[0], other[0]) is not False:
                continue
            if similarity(s1, s2) < (TIME_SIMILARITY if mine[0].kind in TIME_SLOTS else SLOT_SIMILARITY):
                continue
            values = found.setdefault(mine[0].kind, {})
            for quantity, ref in ((mine[0], r1), (other[0], r2)):
                values.setdefault(
                    ref.outlet,
                    ConflictValue(outlet=ref.outlet, value=quantity.text, normalised=normalised(quantity), evidence=ref),
                )
    return [Conflict(fact_id=fact_id, slot=kind, values=list(values.values())) for kind, values in found.items()]

"""Disputed figures, told as a reader needs them: "12–15 people (Andes Daily: at least 15 people;
Lima Wire: 14 people; Peru Post: twelve people)".

A conflict lists each outlet's value with its sentence; a reader of the summary needs the span of
what is reported and who reports what, in one line. The range is of the values as compared; what
is counted keeps the wording of the outlet whose sentence words the fact. A figure that changed
over time (`compare.timeline`) is told as it last stood and where it started: "15 people (up from
12 in earlier reports)".
"""

from __future__ import annotations

import re

from storylens.analyze.quantities import APPROX, LEADING_MARKER, NUMBER
from storylens.model import Conflict, ConflictSlot, FigureChange

NUMERIC_SLOTS = frozenset({ConflictSlot.COUNT, ConflictSlot.DURATION, ConflictSlot.DISTANCE, ConflictSlot.MONEY, ConflictSlot.PERCENT})
_FIGURE = re.compile(rf"^{APPROX}{NUMBER}[\s-]*", re.IGNORECASE)
_MONEY_SIGN = re.compile(r"^[$£€₽¥₩]")


def who_says_what(conflict: Conflict) -> str:
    """'Andes Daily: at least 15 people; Lima Wire: 14 people', in the order the conflict lists them."""
    return "; ".join(f"{v.outlet}: {_lowered(v.value)}" for v in conflict.values)


def disputed_range(conflict: Conflict, wording_outlet: str | None = None) -> str:
    """'12–15 people', what is counted in the words of the outlet whose sentence words the fact; for
    a slot that is no number ('Tuesday', a place) or a sum of money, the values joined by 'or'."""
    numbers = [_number(v.normalised) for v in conflict.values]
    if conflict.slot not in NUMERIC_SLOTS or any(n is None for n in numbers) or _MONEY_SIGN.match(conflict.values[0].value):
        return " or ".join(dict.fromkeys(_lowered(v.value) for v in conflict.values))
    low, high = min(n for n in numbers if n is not None), max(n for n in numbers if n is not None)
    own = next((v for v in conflict.values if v.outlet == wording_outlet), conflict.values[0])
    return f"{_shown(low)}–{_shown(high)} {_FIGURE.sub('', own.value).strip()}".strip()


def disputed_figure(conflict: Conflict, wording_outlet: str | None = None) -> str:
    """'12–15 people (Andes Daily: at least 15 people; Lima Wire: 14 people; Peru Post: twelve people)'."""
    return f"{disputed_range(conflict, wording_outlet)} ({who_says_what(conflict)})"


def updated_figure(change: FigureChange) -> str:
    """'15 people (up from 12 in earlier reports)': the latest value as its outlet writes it, and the first."""
    first, latest = change.values[0], change.values[-1]
    start, end = _number(first.normalised), _number(latest.normalised)
    if start is None or end is None or start == end:
        return f"{_lowered(latest.value)} (earlier reports: {_lowered(first.value)})"
    return f"{_lowered(latest.value)} ({'up' if end > start else 'down'} from {_shown(start)} in earlier reports)"


def _number(normalised: str) -> float | None:
    first = normalised.split(maxsplit=1)[0].replace(",", "") if normalised.split() else ""
    try:
        return float(first)
    except ValueError:
        return None


def _shown(value: float) -> str:
    return f"{value:,.0f}" if value >= 100 else f"{value:g}"


def _lowered(value: str) -> str:
    """'At least 15 people' → 'at least 15 people', 'Dozens of people' → 'dozens of people': a figure
    capitalised only for opening its sentence; a name ('Tuesday', 'Defence Minister') keeps its capital."""
    return value[:1].lower() + value[1:] if _FIGURE.match(value) or LEADING_MARKER.match(value) else value

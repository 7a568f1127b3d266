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

from storylens.analyze.quantities import APPROX, LEADING_MARKER, NUMBER, extract_quantities, number_value
from storylens.compare.conflicts import shown_number
from storylens.model import Conflict, ConflictSlot, FigureChange

NUMERIC_SLOTS = frozenset({ConflictSlot.COUNT, ConflictSlot.DURATION, ConflictSlot.DISTANCE, ConflictSlot.MONEY, ConflictSlot.PERCENT})
CONVERTED_SLOTS = frozenset({ConflictSlot.DURATION, ConflictSlot.DISTANCE})
"""Slots compared in one unit (days, km) whatever unit the outlets write."""
_FIGURE = re.compile(rf"^{APPROX}{NUMBER}[\s-]*", re.IGNORECASE)
_MONEY_SIGN = re.compile(r"^[$£€₽¥₩]")


def who_says_what(conflict: Conflict) -> str:
    """'Andes Daily: at least 15 people; Lima Wire: 14 people', in the order the conflict lists them."""
    return "; ".join(f"{v.outlet}: {_lowered(v.value)}" for v in conflict.values)


def disputed_range(conflict: Conflict, wording_outlet: str | None = None) -> str:
    """'12–15 people', '3–4 years': the values as compared, in the unit and words of the outlet
    whose sentence words the fact (durations are compared in days and distances in km, so they
    are turned back into that outlet's unit: 1,096 and 1,461 days are not "1,096–1,461 years");
    for a slot that is no number ('Tuesday', a place), a sum of money, or a figure whose unit
    cannot be read back, the values joined by 'or'."""
    numbers = [_number(v.normalised) for v in conflict.values]
    own = next((v for v in conflict.values if v.outlet == wording_outlet), conflict.values[0])
    scale = _scale(conflict.slot, own.value)
    if (
        conflict.slot not in NUMERIC_SLOTS
        or any(n is None for n in numbers)
        or _MONEY_SIGN.match(conflict.values[0].value)
        or scale is None
    ):
        return " or ".join(dict.fromkeys(_lowered(v.value) for v in conflict.values))
    low, high = min(n for n in numbers if n is not None), max(n for n in numbers if n is not None)
    return f"{shown_number(_in_unit(low, scale))}–{shown_number(_in_unit(high, scale))} {_FIGURE.sub('', own.value).strip()}".strip()


def _scale(slot: ConflictSlot, value: str) -> float | None:
    """How many of the compared unit one of the written value's unit is: 365.25 days for "three
    years", 1 for a slot compared as written; None when it is not one figure with a written
    number ("a week")."""
    if slot not in CONVERTED_SLOTS:
        return 1.0
    written, found = _FIGURE.match(value), extract_quantities(value)
    if written is None or written["number"] is None or len(found) != 1:
        return None
    number = number_value(written["number"])
    return found[0].value / number if number else None


def _in_unit(compared: float, scale: float) -> float:
    """A value as compared, in the written unit `scale` gives, without the conversion's last
    digits (1,096 days are 3.0007 years, and "3" is what the outlet wrote)."""
    return compared if scale == 1.0 else round(compared / scale, 2)


def disputed_figure(conflict: Conflict, wording_outlet: str | None = None) -> str:
    """'12–15 people (Andes Daily: at least 15 people; Lima Wire: 14 people; Peru Post: twelve people)'."""
    return f"{disputed_range(conflict, wording_outlet)} ({who_says_what(conflict)})"


def updated_figure(change: FigureChange) -> str:
    """'15 people (up from 12 in earlier reports)': the latest value as its outlet writes it, and the first."""
    first, latest = change.values[0], change.values[-1]
    start, end = _number(first.normalised), _number(latest.normalised)
    scale = _scale(change.slot, latest.value)
    if start is None or end is None or start == end or scale is None:
        return f"{_lowered(latest.value)} (earlier reports: {_lowered(first.value)})"
    return f"{_lowered(latest.value)} ({'up' if end > start else 'down'} from {shown_number(_in_unit(start, scale))} in earlier reports)"


def _number(normalised: str) -> float | None:
    first = normalised.split(maxsplit=1)[0].replace(",", "") if normalised.split() else ""
    try:
        return float(first)
    except ValueError:
        return None


def _lowered(value: str) -> str:
    """'At least 15 people' → 'at least 15 people', 'Dozens of people' → 'dozens of people': a figure
    capitalised only for opening its sentence; a name ('Tuesday', 'Defence Minister') keeps its capital."""
    return value[:1].lower() + value[1:] if _FIGURE.match(value) or LEADING_MARKER.match(value) else value

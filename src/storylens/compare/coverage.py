"""Coverage: per outlet, what it shares, what it alone reports, and what it leaves out.

Omission is the quietest form of bias: a fact most other outlets report and this one does not.
"""

from __future__ import annotations

from storylens.model import Coverage, Fact


def coverage(outlets: list[str], facts: list[Fact]) -> list[Coverage]:
    result = []
    for outlet in outlets:
        others = len(outlets) - 1
        result.append(
            Coverage(
                outlet=outlet,
                shared=[f.id for f in facts if outlet in f.outlets and len(f.outlets) > 1],
                only_here=[f.id for f in facts if f.outlets == [outlet]],
                omitted=[f.id for f in facts if outlet not in f.outlets and others and len(f.outlets) > others / 2],
            )
        )
    return result

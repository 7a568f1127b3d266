"""Coverage: per outlet, what it shares, what it alone reports, and what it leaves out.

Omission is the quietest form of bias: a fact most other outlets report and this one does not.
A shared fact can still carry a detail only one outlet gives (the walrus's name), so names and
figures are compared across the whole story too.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from storylens.analyze.quantities import same_value
from storylens.compare.conflicts import normalised
from storylens.model import Coverage, Detail, Entity, Fact, FactStatus, Quantity, QuantityKind, Role, Sentence, SentenceRef, SupportStatus

DETAIL_ROLES = frozenset({Role.STANDFIRST, Role.BODY})
_MODIFIES = re.compile(r"[ -][a-z]")
"""A name followed by a word in lower case, as in "Pacific port" or "Pacific-facing"."""
NOT_DETAILS = frozenset({QuantityKind.WEEKDAY})
"""A weekday alone ("on Monday") dates a sentence; it is no figure an outlet adds."""


def is_detail(detail: Entity | Quantity, sentence: Sentence) -> bool:
    """A name or figure a reader would miss: not a weekday, not a nationality or region word
    ("Western", "Soviet": NORP), not a region that only qualifies the noun after it ("the Pacific
    port city": a LOC before a word in lower case), and a name written as one (capitalised), not a
    common word the recogniser took for one at the start of a sentence ("Forget", "Instead")."""
    if isinstance(detail, Quantity):
        return detail.kind not in NOT_DETAILS
    if detail.label == "LOC" and _MODIFIES.match(sentence.text, detail.end):
        return False
    return detail.label != "NORP" and detail.text[:1].isupper() and any(c.isalpha() for c in detail.text)


def _mentioned(detail: Entity | Quantity, text: str, entities: set[str], quantities: list[Quantity]) -> bool:
    """Named in the other outlets' text in any spelling we can see, or a figure they also give."""
    if isinstance(detail, Entity):
        name = detail.text.lower().removeprefix("the ")
        return detail.key in entities or name in text
    return any(same_value(detail, other) for other in quantities)


def details_only_here(
    outlet: str, sentences: list[Sentence], outlet_of: dict[str, str], ref: Callable[[Sentence], SentenceRef]
) -> list[Detail]:
    """Details in the outlet's body that no other outlet mentions in any role, captions included."""
    others = [s for s in sentences if outlet_of[s.article_id] != outlet]
    text = " ".join(s.text for s in others).lower()
    entities = {e.key for s in others for e in s.entities}
    quantities = [q for s in others for q in s.quantities]
    found: dict[str, Detail] = {}
    for sentence in sentences:
        if outlet_of[sentence.article_id] != outlet or sentence.role not in DETAIL_ROLES:
            continue
        details: list[Entity | Quantity] = [*sentence.entities, *sentence.quantities]
        for detail in (d for d in details if is_detail(d, sentence)):
            key = detail.key if isinstance(detail, Entity) else f"{detail.kind}:{normalised(detail)}"
            if key not in found and not _mentioned(detail, text, entities, quantities):
                kind = "entity" if isinstance(detail, Entity) else str(detail.kind)
                found[key] = Detail(text=detail.text, kind=kind, evidence=ref(sentence))
    return list(found.values())


def _cited(fact: Fact) -> list[str]:
    """The outlets a fact is told for: those stating it, and for an updated figure those giving it another value."""
    if fact.status != FactStatus.UPDATED:
        return fact.stated_by
    differing = {s.outlet for s in fact.support if s.status == SupportStatus.DIFFERS}
    return sorted(set(fact.stated_by) | differing)


def coverage(
    facts: list[Fact],
    sentences: list[Sentence],
    outlet_of: dict[str, str],
    ref: Callable[[Sentence], SentenceRef],
    aligned: dict[int, set[str]],
) -> list[Coverage]:
    """One entry per outlet of `outlet_of`, which holds only articles in their own voice: an outlet
    that only carries copies of another's article has nothing of its own to share, omit or add.

    What an outlet shares or alone reports is what it is cited for (`Fact.stated_by`), and, for a
    fact whose figure was updated over time (UPDATED), also what it states with an earlier or later
    figure: the summary cites it for that fact too, so the fact is not its rival's alone. It omits
    a fact most others state only when its article states none of the fact's claims anywhere: one
    that says it in other words in its lead, or gives another figure, has not left it out. Nor has
    an outlet with a sentence in the aligned group the fact was worded from (`aligned`: fact id →
    outlets): alignment found it telling the same thing, though no sentence of it carries every
    claim ("has fanned Western fears that Pyongyang could provide weapons" beside "triggered
    global concerns about weapons transfer deals")."""
    outlets = sorted(set(outlet_of.values()))
    others = len(outlets) - 1
    silent = {(f.id, s.outlet) for f in facts for s in f.support if s.status == SupportStatus.SILENT}
    cited = {f.id: _cited(f) for f in facts}
    return [
        Coverage(
            outlet=outlet,
            shared=[f.id for f in facts if outlet in cited[f.id] and len(cited[f.id]) > 1],
            only_here=[f.id for f in facts if cited[f.id] == [outlet]],
            omitted=[
                f.id
                for f in facts
                if (f.id, outlet) in silent and outlet not in aligned.get(f.id, set()) and others and len(f.stated_by) > others / 2
            ],
            details_only_here=details_only_here(outlet, sentences, outlet_of, ref) if others else [],
        )
        for outlet in outlets
    ]

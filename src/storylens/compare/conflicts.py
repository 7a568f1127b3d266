"""Conflicts: outlets whose sentences state the same fact with different values in one slot:
a figure, a date or weekday, or (`named_slots`) a place or a person's title.

A false conflict costs a reader's trust more than a missed one, so a slot conflicts only when
the two sentences give it the same number of values and all but one of them agree one to one
(one weekday each; or "Romney 21 percent, Trump 17 percent" against "Trump 17 percent, Romney
70 percent", where the agreeing 17 shows that both list the same things), or, for sums of money,
when the words after them pair one of each ("in federal taxes"), the two left over are
comparable (same kind, unit and counted thing) and they clearly differ beyond rounding, or,
for a claim's one count of a named thing, when the sentence that states the claim gives several
counts of that thing and none of them is the claim's (`among_others`); and weekdays and dates
only when the two sentences are close paraphrases, because "Saturday's visits" and "on Sunday"
are often two events of one trip. Two weekdays conflict only where each
article was out by the day the other names (`chronology.NewsDays`). Two figures are two accounts
of one thing only where the sentences tell of one time and of the same people or bodies, and
neither writes the other's number too (`one_account`); a fact's disputes on two counted things
are two conflicts.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterator
from functools import cache, partial
from itertools import combinations

from storylens.analyze.quantities import AGE, aged_name, money_purpose, money_words, same_value, value_range, writes_number
from storylens.compare.chronology import NewsDays, another_time
from storylens.compare.named_slots import Disagreement, OnePlace, StoryNames, Value, named_disagreements
from storylens.config import ConflictSettings
from storylens.model import Conflict, ConflictSlot, ConflictValue, Quantity, QuantityKind, Sentence, SentenceRef

TIME_SLOTS = frozenset({QuantityKind.WEEKDAY, QuantityKind.DATE})
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def normalised(quantity: Quantity) -> str:
    """The value as compared, for a reader: 'Sunday', '5 drone', '8,047 km', '1.66667–2.5 days'."""
    if quantity.kind == QuantityKind.WEEKDAY:
        return WEEKDAYS[int(quantity.value)]
    value = "–".join(map(shown_number, value_range(quantity) or (quantity.value,)))
    what = quantity.subject if quantity.kind == QuantityKind.COUNT else None
    return f"{value} {what or quantity.unit}".strip()


def shown_number(value: float) -> str:
    """A compared value as a reader reads it: '8,047', '2.5'."""
    return f"{value:,.0f}" if value >= 100 else f"{value:g}"


OUTCOMES = {
    "dead": re.compile(r"\b(?:di(?:e|ed|es|ing)|dead|deaths?|kill(?:s|ed|ing)?|fatalit(?:y|ies)|perish(?:ed)?|(?:death )?toll)\b", re.IGNORECASE),
    "hurt": re.compile(r"\b(?:injur(?:e|ed|es|ies|y|ing)|hurt|wound(?:s|ed)?)\b", re.IGNORECASE),
    "missing": re.compile(r"\bmissing\b", re.IGNORECASE),
    "held": re.compile(r"\b(?:arrest(?:s|ed)?|detain(?:s|ed)?|detention|custody)\b", re.IGNORECASE),
    "displaced": re.compile(r"\b(?:evacuat(?:e|ed|ion)|fle(?:e|d)|displaced|homeless)\b", re.IGNORECASE),
    "rescued": re.compile(r"\b(?:rescued|survivors?|pulled out)\b", re.IGNORECASE),
}
"""What happened to the people a count counts: '15 people died' and '40 people were injured' count
people, yet are different slots, as are the dead and the arrested."""


def slots(quantities: list[Quantity], sentence: Sentence | None = None) -> dict[tuple[str, str, str], list[Quantity]]:
    """Values grouped by what they measure: kind, unit and counted thing; a count, in its sentence,
    also by what happened to what it counts (`outcome`), and an age by whose it is: "Alice
    McMeekin, 58" and "Kathryn Jenkin, 20" had been one outlet's 58 against another's 20 (ECB+)."""
    grouped: dict[tuple[str, str, str], list[Quantity]] = {}
    for quantity in quantities:
        counted = quantity.subject or ""
        if sentence is not None and counted == AGE:
            counted = f"{AGE} of {aged_name(sentence.text, quantity)}"
        elif sentence is not None and quantity.kind == QuantityKind.COUNT and (happened := outcome(sentence, quantity)):
            counted = f"{counted}|{happened}"
        grouped.setdefault((quantity.kind, quantity.unit, counted), []).append(quantity)
    return grouped


def outcome(sentence: Sentence, quantity: Quantity) -> str | None:
    """The outcome named nearest the count within its claim ("died", "were injured", "arrested"), if any."""
    start, end = next(((c.start, c.end) for c in sentence.claims if c.holds(quantity)), (0, len(sentence.text)))
    text = sentence.text[start:end]
    middle = (quantity.start + quantity.end) / 2 - start
    found = [(abs((m.start() + m.end()) / 2 - middle), name) for name, pattern in OUTCOMES.items() for m in pattern.finditer(text)]
    return min(found)[1] if found else None


def disagreeing_pair(mine: list[Quantity], theirs: list[Quantity]) -> tuple[Quantity, Quantity] | None:
    """The one value of each side that the other side does not give, when the sides give the slot
    equally many values and all the others agree one to one; None unless those two clearly differ.

    With several values, the agreeing ones must be the very same figure, exact on both sides
    ("17 percent" and "17 percent", not 36 and 35.7 percent nor "$200,000" and "just over
    $200,000"), and dates are never paired this way: "from 2000 to 2006" and "from 2006 to 2012"
    share a year but not a subject."""
    if not mine or len(mine) != len(theirs) or (len(mine) > 1 and mine[0].kind in TIME_SLOTS):
        return None
    left_mine, left_theirs = list(mine), list(theirs)
    for quantity in mine:
        match = next((other for other in left_theirs if _same_figure(quantity, other)), None)
        if match is not None:
            left_mine.remove(quantity)
            left_theirs.remove(match)
    if len(left_mine) != 1 or same_value(left_mine[0], left_theirs[0]) is not False:
        return None
    return left_mine[0], left_theirs[0]


def among_others(mine: list[Quantity], theirs: list[Quantity]) -> tuple[Quantity, Quantity] | None:
    """The claim's one count of a named thing, and the closest of the several counts of that thing
    the other sentence gives, when none of them can be the claim's: "made 148 arrests overnight"
    against "six arrests Wednesday, compared to 47 the previous night". Which of theirs is the
    counterpart is not known, so the closest is shown. Counts only: a sentence's several rates or
    sums are often of different things ("a federal tax rate of 35.7 percent, while the rate for
    federal, state and local taxes was 45.8 percent"), and the closest of them would be a false
    conflict. For a claim's own figure, read against the sentence that states the claim
    (`support.Support.other_values`), not for two whole sentences, whose other counts may be of
    other things."""
    if len(mine) != 1 or len(theirs) < 2 or mine[0].kind != QuantityKind.COUNT or not mine[0].subject:
        return None
    agreeing = [same_value(mine[0], other) for other in theirs]
    if any(agreeing) or False not in agreeing:
        return None
    differing = [other for other, same in zip(theirs, agreeing) if same is False]
    return mine[0], min(differing, key=lambda other: abs(math.log(max(other.value, 1e-9) / max(mine[0].value, 1e-9))))


def sums_of_one_thing(mine: Sentence, here: list[Quantity], theirs: Sentence, there: list[Quantity]) -> tuple[Quantity, Quantity] | None:
    """Two sums that the words after them say are of the same thing, the only sum of that thing in
    each sentence, when they clearly differ: "$131 million in federal taxes and $13 million in
    state taxes" against "$43 million in federal taxes", where the sentences give the slot
    unequally many values and `disagreeing_pair` cannot pair them by position. Every word
    counts, not the purpose alone: "federal taxes" are not "state taxes"."""
    if len(here) == len(there) or not here or here[0].kind != QuantityKind.MONEY:
        return None
    mine_of = _by_purpose(mine, here)
    theirs_of = _by_purpose(theirs, there)
    for purpose, sums in mine_of.items():
        others = theirs_of.get(purpose, [])
        if len(sums) == 1 and len(others) == 1 and same_value(sums[0], others[0]) is False:
            return sums[0], others[0]
    return None


def _by_purpose(sentence: Sentence, sums: list[Quantity]) -> dict[tuple[str, ...], list[Quantity]]:
    found: dict[tuple[str, ...], list[Quantity]] = {}
    for money in sums:
        if words := money_words(sentence.text, money.end):
            found.setdefault(tuple(words), []).append(money)
    return found


def _same_figure(a: Quantity, b: Quantity) -> bool:
    """Both state exactly this value of the same thing, neither as an estimate or a bound."""
    return bool(same_value(a, b)) and a.value == b.value and not (a.approximate or b.approximate)


def lone_count(mine: Sentence, theirs: Sentence, slot: tuple[str, str, str]) -> list[Quantity]:
    """The other sentence's count, when each sentence gives one count only and one of the two does
    not say what it counts: "Fifteen of the 19 Sept. 11 hijackers" against "Fifteen of the 64
    hijackers" (the date in between hides the noun)."""
    counts = [[q for q in s.quantities if q.kind == QuantityKind.COUNT] for s in (mine, theirs)]
    if slot[0] != QuantityKind.COUNT or any(len(c) != 1 for c in counts):
        return []
    return counts[1] if not (counts[0][0].subject and counts[1][0].subject) else []


def find_conflicts(
    fact_id: int,
    evidence: list[tuple[Sentence, SentenceRef]],
    similarity: Callable[[Sentence, Sentence], float],
    names: StoryNames,
    days: NewsDays,
    settings: ConflictSettings = ConflictSettings(),
    one_place: OnePlace | None = None,
) -> list[Conflict]:
    """Every slot on which two outlets' sentences of one fact disagree, with each outlet's value."""
    found: dict[tuple[ConflictSlot, str], dict[str, ConflictValue]] = {}
    for (s1, r1), (s2, r2) in combinations(evidence, 2):
        if r1.outlet == r2.outlet:
            continue
        similar = cache(partial(similarity, s1, s2))
        disagreements = [
            *quantity_disagreements(s1, s2, similar, settings, days),
            *named_disagreements(s1, s2, similar, names, settings, one_place),
        ]
        for disagreement in disagreements:
            values = found.setdefault((disagreement.slot, disagreement.about), {})
            for value, ref in zip((disagreement.mine, disagreement.theirs), (r1, r2)):
                values.setdefault(
                    ref.outlet, ConflictValue(outlet=ref.outlet, value=value.written, normalised=value.compared, evidence=ref)
                )
    return [Conflict(fact_id=fact_id, slot=slot, values=list(values.values())) for (slot, _), values in found.items()]


def one_value_apart(days: NewsDays | None, mine: Sentence, here: Quantity, theirs: Sentence, there: Quantity) -> bool:
    """Whether two differing values of one slot are two outlets' values of one thing, not two
    things: sums of money whose words say they are of different things ("$139 million in adjusted
    gross income" and "$43 million in federal taxes": two of the seven conflicts flagged on the 70
    unmodified BASIL events) are not, and neither are two weekdays that `days` finds may name two
    occurrences. A sum whose words do not say what it is of is compared with any."""
    if here.kind == QuantityKind.MONEY:
        purposes = money_purpose(mine.text, here.end), money_purpose(theirs.text, there.end)
        return None in purposes or purposes[0] == purposes[1]
    return here.kind != QuantityKind.WEEKDAY or days is None or days.comparable(mine, here, theirs, there)


def one_account(mine: Sentence, here: Quantity, theirs: Sentence, there: Quantity) -> bool:
    """Whether two differing figures can be two accounts of one: neither sentence also writes the
    other's number, its noun left out ("played for the Sixers for 11 seasons and served as an
    assistant coach for seven" against "spent seven seasons as an assistant coach") or opening a
    range ("from 1978-89" against "in 1978"; a weekday's or month's number is not read so); and,
    for figures other than dates and weekdays (whose differing is what a time conflict is), the
    sentences tell of the same time (`chronology.another_time`: "In January, five cables were
    cut" recalls another event than "three undersea cables were damaged Friday"), and the claims
    that give them name a person in common where both name people, and a body where both name
    bodies (`holders`: "Jamaal Charles rushed for 226 yards" and "Peyton Hillis added 101 yards"
    are two runners' yards; all ECB+)."""
    written = here.kind not in TIME_SLOTS or here.unit == "year"
    if written and (writes_number(theirs.text, here.value) or writes_number(mine.text, there.value)):
        return False
    if here.kind in TIME_SLOTS:
        return True
    if another_time(mine, theirs):
        return False
    for label in HOLDER_LABELS:
        ours, others = holders(mine, here, label), holders(theirs, there, label)
        if ours and others and not ours & others:
            return False
    return True


HOLDER_LABELS = ("PERSON", "ORG")
"""People are compared with people and bodies with bodies: "FBI agent" and "Agent Daniel Harlow" may be one man."""


def holders(sentence: Sentence, quantity: Quantity, label: str) -> set[str]:
    """The last words of the names of one kind (people, bodies) in the claim that gives the figure
    (the whole sentence where no claim does), less who said it: whose figure it is."""
    claim = next((c for c in sentence.claims if c.holds(quantity)), None)
    said_by = sentence.attribution or ""
    return {
        e.key.split()[-1]
        for e in sentence.entities
        if e.label == label and e.key and (claim is None or claim.holds(e)) and e.text not in said_by
    }


def quantity_disagreements(
    mine: Sentence, theirs: Sentence, similarity: Callable[[], float], settings: ConflictSettings, days: NewsDays | None = None
) -> Iterator[Disagreement]:
    """The figures on which two sentences of one fact disagree, slot by slot (only values of one
    thing, `one_value_apart`, told as one account, `one_account`). ``similarity`` is asked only
    for pairs with differing figures: most pairs of a fact have none."""
    their_slots = slots(theirs.quantities, theirs)
    for slot, quantities in slots(mine.quantities, mine).items():
        others = their_slots.get(slot) or lone_count(mine, theirs, slot)
        pair = disagreeing_pair(quantities, others) or sums_of_one_thing(mine, quantities, theirs, others)
        if pair is None:
            continue
        if similarity() < (settings.time_similarity if pair[0].kind in TIME_SLOTS else settings.slot_similarity):
            continue
        here, there = pair
        if not one_value_apart(days, mine, here, theirs, there) or not one_account(mine, here, theirs, there):
            continue
        yield Disagreement(ConflictSlot(here.kind), Value(here.text, normalised(here)), Value(there.text, normalised(there)), "|".join(slot[1:]))

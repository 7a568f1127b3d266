"""Same event, other words: "Putin and Kim held talks on Wednesday" and "a summit with Mr Putin on
Wednesday" report one meeting, yet a sentence model rates them only as close as any two sentences
of the story (0.37), since one is about a cosmodrome and the other about aligned interests.

Two units are taken to report the same event when they name an event of the same kind (a meeting:
talks, summit, met) with the same day next to it (the same weekday or date), and name the same
participants (at least two named entities in common: the `facts.shared_participants` setting).
Each condition alone is common within one story; the three together are rare for different
events: two meetings on one day share at most one participant, and one meeting is seldom reported
on two days.
"""

from __future__ import annotations

import re

import numpy as np
from scipy.sparse import csr_matrix

from storylens.analyze.quantities import DAYLESS_DATES
from storylens.config import FactSettings
from storylens.model import QuantityKind, Sentence

EVENT_WORDS = {
    "meeting": r"met|meets?|meetings?|talks|summits?|negotiat(?:e|ed|es|ing|ions?)",
    "vote": r"votes?|voted|voting|elections?|ballots?|referend(?:um|a|ums)",
    "resignation": r"resign(?:s|ed|ing|ations?)?",
    "arrest": r"arrest(?:s|ed|ing)?|detain(?:s|ed|ing)?|detentions?",
    "attack": r"attack(?:s|ed)?|bombings?|airstrikes?|shootings?",
    "hearing": r"testif(?:y|ied|ies|ying)|testimony|hearings?",
    "debate": r"debates?|debated",
    "ruling": r"verdicts?|rulings?|ruled",
}
"""Kinds of event, by the words that name them. Only kinds of which one story seldom holds two on
the same day between the same people; visits and tours are left out, as a trip is many visits a day."""
_EVENT_WORD = re.compile(
    "|".join(rf"\b(?P<{kind}>{words})\b" for kind, words in EVENT_WORDS.items()), re.IGNORECASE
)
NEAR = 40
"""Characters at most between the word naming the event and the day, for the day to be the event's:
"held talks on Wednesday", "a summit with Mr Putin on Wednesday", not "a meeting, ... said on Fox
News Sunday"."""
DAY_KINDS = frozenset({QuantityKind.WEEKDAY, QuantityKind.DATE})


def event_marks(sentence: Sentence, start: int, end: int) -> frozenset[str]:
    """'meeting@weekday:weekday:2' for every event the unit names with a day next to it."""
    days = [q for q in sentence.quantities if q.kind in DAY_KINDS and q.unit not in DAYLESS_DATES and start <= q.start and q.end <= end]
    marks = set()
    for match in _EVENT_WORD.finditer(sentence.text, start, end):
        for day in days:
            if max(day.start - match.end(), match.start() - day.end) <= NEAR:
                marks.add(f"{match.lastgroup}@{day.kind}:{day.unit}:{day.value:g}")
    return frozenset(marks)


def same_event(
    marks: list[frozenset[str]], participants: list[frozenset[str]], settings: FactSettings = FactSettings()
) -> np.ndarray:
    """The pairs (i, j), i < j, of units that name an event of one kind on one day and share
    `shared_participants` or more participants, as an array of shape (pairs, 2). Events are rare,
    so the pairs are found through the units' marks and only those few are checked for participants."""
    if not any(marks):
        return np.zeros((0, 2), dtype=np.int64)
    incidence = _incidence(marks)
    shared = (incidence @ incidence.T).tocoo()
    pairs = [
        (i, j)
        for i, j in zip(shared.row.tolist(), shared.col.tolist())
        if i < j and len(participants[i] & participants[j]) >= settings.shared_participants
    ]
    return np.array(pairs, dtype=np.int64).reshape(-1, 2)


def _incidence(sets: list[frozenset[str]]) -> csr_matrix:
    """Rows: the sets; columns: their distinct members; 1 where a set holds a member."""
    vocabulary: dict[str, int] = {}
    rows, columns = [], []
    for row, members in enumerate(sets):
        for member in members:
            rows.append(row)
            columns.append(vocabulary.setdefault(member, len(vocabulary)))
    data = np.ones(len(rows), dtype=np.int32)
    return csr_matrix((data, (rows, columns)), shape=(len(sets), max(len(vocabulary), 1)))

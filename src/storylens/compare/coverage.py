"""Coverage: per outlet, what it shares, what it alone reports, and what it leaves out.

Omission is the quietest form of bias: a fact most other outlets report and this one does not.
A shared fact can still carry a detail only one outlet gives (the walrus's name), so names and
figures are compared across the whole story too.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from storylens.analyze.quantities import as_written, same_value
from storylens.compare.conflicts import normalised
from storylens.compare.summary_hygiene import DATELINE
from storylens.model import Coverage, Detail, Entity, Fact, FactStatus, Quantity, QuantityKind, Role, Sentence, SentenceRef, SupportStatus

DETAIL_ROLES = frozenset({Role.STANDFIRST, Role.BODY})
_MODIFIES = re.compile(r"[ -][a-z]")
"""A name followed by a word in lower case, as in "Pacific port" or "Pacific-facing"."""
NOT_DETAILS = frozenset({QuantityKind.WEEKDAY})
"""A weekday alone ("on Monday") dates a sentence; it is no figure an outlet adds."""


_DATELINE_AFTER = re.compile(r"[\s,.()A-Za-z]{0,30}?(?:-{1,2}|–|—)(?:\s|$)")
"""What follows a dateline's city: "WASHINGTON --", "HOUSTON —", "LONDON (Reuters) -"."""
NAME_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})
NICKNAMES = {
    "bill": "william", "will": "william", "bob": "robert", "rob": "robert", "dick": "richard", "rick": "richard",
    "jim": "james", "mike": "michael", "chuck": "charles", "joe": "joseph", "ted": "edward", "ed": "edward",
    "dave": "david", "dan": "daniel", "ken": "kenneth", "tom": "thomas", "tim": "timothy", "steve": "steven",
    "jack": "john", "hank": "henry", "ron": "ronald", "don": "donald", "andy": "andrew", "tony": "anthony",
    "sam": "samuel", "nick": "nicholas", "matt": "matthew", "greg": "gregory", "jeff": "jeffrey",
    "larry": "lawrence", "jerry": "gerald", "pat": "patrick", "liz": "elizabeth", "beth": "elizabeth",
    "kathy": "katherine", "sue": "susan", "peggy": "margaret", "meg": "margaret", "bibi": "benjamin",
    "newt": "newton",
}  # fmt: skip
"""Common English nicknames and the given name each stands for, as news writes one person both ways."""
SAME_PLACES = (
    frozenset({"us", "usa", "united states", "united states of america", "america"}),
    frozenset({"uk", "britain", "great britain", "united kingdom"}),
    frozenset({"un", "united nations"}),
)
"""Names of one place or body that no spelling rule joins: "U.S." and "the United States"."""


def is_detail(detail: Entity | Quantity, sentence: Sentence) -> bool:
    """A name or figure a reader would miss: not a weekday, not a count of one, not a nationality
    or region word ("Western", "Soviet": NORP), not a region that only qualifies the noun after it
    ("the Pacific port city": a LOC before a word in lower case), not a dateline's city or agency
    ("WASHINGTON --": where the article was filed; "WASHINGTON (AP) —": who filed it, which a
    NeuS report had listed as a name one outlet alone gives), and a name written as one
    (capitalised), not a common word the recogniser took for one at the start of a sentence
    ("Forget", "Instead")."""
    if isinstance(detail, Quantity):
        return detail.kind not in NOT_DETAILS and not _one_of(detail)
    if detail.label == "LOC" and _MODIFIES.match(sentence.text, detail.end):
        return False
    if detail.start == 0 and detail.text.isupper() and _DATELINE_AFTER.match(sentence.text, detail.end):
        return False
    if (dateline := DATELINE.match(sentence.text)) is not None and detail.end <= dateline.end():
        return False
    return detail.label != "NORP" and detail.text[:1].isupper() and any(c.isalpha() for c in detail.text)


def _one_of(quantity: Quantity) -> bool:
    """A count of one written as a word: "at one point", "on one hand", "one official said" count
    nothing a reader would miss, yet they filled the BASIL outlets' "only here" lists."""
    return quantity.kind == QuantityKind.COUNT and quantity.value == 1 and quantity.text.split()[0].lower() in {"one", "a", "an"}


def _compact(key: str) -> str:
    """An entity key with its run of single letters joined: "u s" and "us", "f b i" and "fbi" meet."""
    words = key.split()
    return "".join(words) if len(words) > 1 and all(len(w) == 1 for w in words) else key


def _person(key: str) -> tuple[str, str] | None:
    """A person's first name (or initial) and surname, middle initials and "Jr." aside: "Susan E.
    Rice" is ("susan", "rice"), and so is "Susan Rice"; a leading initial before a given name
    goes too, "J. Christopher Stevens" is ("christopher", "stevens"); ("", surname) for a surname
    alone."""
    words = [w for w in key.split() if w not in NAME_SUFFIXES]
    if len(words) > 2 and len(words[0]) == 1:
        words = words[1:]
    words = [w for i, w in enumerate(words) if len(w) > 1 or i == 0]
    if not words:
        return None
    return (words[0], words[-1]) if len(words) > 1 else ("", words[0])


def _same_first_name(a: str, b: str) -> bool:
    """Whether two first names can be one person's: the same, an initial of the other, one the
    start of the other ("Chris", "Christopher") or a common nickname ("Chuck", "Charles"). Two
    names of one initial are not enough: the sisters Loretta Sanchez and Linda Sánchez."""
    if not a or not b:
        return True
    if len(a) == 1 or len(b) == 1:
        return a[0] == b[0]
    return a.startswith(b) or b.startswith(a) or NICKNAMES.get(a) == b or NICKNAMES.get(b) == a


BARE_NUMBER = re.compile(r"\d{1,3}(?:,\d{3})+|\d+")
NATIONAL = re.compile(r"^(?:u\.\s?s\.|us|united states|american|u\.\s?k\.|uk|british)\s+")
"""A country's mark before an institution's name, which other outlets leave out when the story
makes it plain: "The U.S. Senate" had been listed as a name one NeuS source alone gives, beside
two that write "the Senate"."""


@dataclass(frozen=True)
class OtherOutlets:
    """What the other outlets of a story name, every way a name can be matched against it."""

    text: str
    keys: set[str]
    people: dict[str, set[str]]
    """Surname → the first names (or initials) it is given with ("" for the surname alone)."""
    quantities: list[Quantity]

    @classmethod
    def of(cls, sentences: list[Sentence]) -> OtherOutlets:
        keys = {_compact(e.key) for s in sentences for e in s.entities}
        people: dict[str, set[str]] = {}
        for entity in (e for s in sentences for e in s.entities if e.label == "PERSON"):
            if (person := _person(entity.key)) is not None:
                people.setdefault(person[1], set()).add(person[0])
        text = " ".join(s.text for s in sentences).lower()
        return cls(text, keys, people, [q for s in sentences for q in s.quantities])

    def mention(self, detail: Entity | Quantity) -> bool:
        """Named in the other outlets' text in any spelling we can see, or a figure they also give.

        A person is named when they name the surname with a first name that can be the same
        (`_same_first_name`), or either side gives the surname alone ("Obama" and "Barack
        Obama"): calling a name one outlet's alone when another gives it says something false of
        both."""
        if isinstance(detail, Quantity):
            return any(same_value(detail, other) for other in self.quantities) or _written_alike(detail, self.text)
        key = _compact(detail.key)
        name = detail.text.lower().removeprefix("the ")
        if key in self.keys or name in self.text:
            return True
        if (plain := NATIONAL.sub("", name)) != name and re.search(rf"\b{re.escape(plain)}\b", self.text):
            return True
        if any(key in same and same & self.keys for same in SAME_PLACES):
            return True
        person = _person(detail.key) if detail.label == "PERSON" else None
        if person is None:
            return False
        return any(_same_first_name(person[0], other) for other in self.people.get(person[1], ()))


def _written_alike(figure: Quantity, text: str) -> bool:
    """Whether a bare number ("214", one side of a vote) is written whole in the other outlets'
    text, however they read it: "The measure passed by a 214-207 vote" and "passed the bill
    214-207 on Thursday" give one tally, though only the first reads as one, and "214" and "207"
    had been listed as figures the first outlet alone gives."""
    return figure.kind == QuantityKind.COUNT and BARE_NUMBER.fullmatch(figure.text) is not None and as_written(figure.text).search(text) is not None


def details_only_here(
    outlet: str, sentences: list[Sentence], outlet_of: dict[str, str], ref: Callable[[Sentence], SentenceRef]
) -> list[Detail]:
    """Details in the outlet's body that no other outlet mentions in any role, captions included."""
    others = OtherOutlets.of([s for s in sentences if outlet_of[s.article_id] != outlet])
    found: dict[str, Detail] = {}
    for sentence in sentences:
        if outlet_of[sentence.article_id] != outlet or sentence.role not in DETAIL_ROLES:
            continue
        details: list[Entity | Quantity] = [*sentence.entities, *sentence.quantities]
        for detail in (d for d in details if is_detail(d, sentence)):
            key = detail.key if isinstance(detail, Entity) else f"{detail.kind}:{normalised(detail)}"
            if key not in found and not others.mention(detail):
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

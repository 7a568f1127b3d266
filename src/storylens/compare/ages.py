"""People's ages: one person has one age throughout a story, wherever each outlet gives it.

"Kevin McCarthy, 49, said ..." in one article and "McCarthy, 51, told reporters ..." in another
rarely sit in sentences that align as one fact: the age is an aside to what each sentence is
about. So ages are not compared fact by fact, like other figures (`compare.conflicts`), but
person by person across the story: two outlets that give the same named person ages more than
`AGE_SLACK` years apart disagree.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from storylens.compare.conflicts import normalised
from storylens.compare.named_slots import StoryNames
from storylens.model import Conflict, ConflictSlot, ConflictValue, Entity, Quantity, Sentence, SentenceRef

AGE_SLACK = 1.0
"""Years two ages may differ by: articles days apart may straddle a birthday."""
AGE_SUBJECT = "age"
"""What an age counts (`analyze.quantities`: 'Putin, 70, said')."""


def person_aged(sentence: Sentence, age: Quantity) -> Entity | None:
    """The person whose age the figure gives: the name that ends just before its comma."""
    return next(
        (e for e in sentence.entities if e.label == "PERSON" and e.end <= age.start and sentence.text[e.end : age.start].strip() == ","),
        None,
    )


def age_conflicts(
    sentences: list[Sentence],
    voice_of: Mapping[str, str],
    names: StoryNames,
    fact_of: Mapping[tuple[str, int], int],
    ref: Callable[[Sentence], SentenceRef],
) -> list[Conflict]:
    """One conflict for each person whom outlets give clearly different ages, with each outlet's
    first age for them. A person is named in full, or by a surname that stands for one person of
    the story ("McCarthy" where it names only Kevin McCarthy). The conflict is listed under the
    fact of the sentence where the first outlet (by name) gives the age, none when that sentence
    is in no fact; it does not make that fact conflicting, as the fact is about something else."""
    given: dict[str, dict[str, tuple[Quantity, Sentence]]] = {}
    for sentence in sentences:
        for quantity in sentence.quantities:
            person = person_aged(sentence, quantity) if quantity.subject == AGE_SUBJECT else None
            if person is not None and (full := names.full_name(person.key)) is not None:
                given.setdefault(full, {}).setdefault(voice_of[sentence.article_id], (quantity, sentence))
    conflicts = []
    for by_outlet in given.values():
        ages = [age.value for age, _ in by_outlet.values()]
        if len(by_outlet) < 2 or max(ages) - min(ages) <= AGE_SLACK:
            continue
        values = [
            ConflictValue(outlet=outlet, value=age.text, normalised=normalised(age), evidence=ref(sentence))
            for outlet, (age, sentence) in sorted(by_outlet.items())
        ]
        first = by_outlet[values[0].outlet][1]
        if (fact_id := fact_of.get((first.article_id, first.position))) is not None:
            conflicts.append(Conflict(fact_id=fact_id, slot=ConflictSlot.COUNT, values=values))
    return conflicts

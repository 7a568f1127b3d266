"""People across a story: one person has one age and one title throughout it, wherever each
outlet gives them.

"Kevin McCarthy, 49, said ..." in one article and "McCarthy, 51, told reporters ..." in another
rarely sit in sentences that align as one fact: the age is an aside to what each sentence is
about. A title is one too ("That separates Mr. Reid from Vice President Obama's support of ...",
against another outlet's "President Obama" elsewhere). So ages and titles are compared not only
fact by fact, like other figures and names (`compare.conflicts`, `named_slots`), but person by
person across the story. A person is named in full, or by a surname that stands for one person of
the story ("McCarthy" where it names only Kevin McCarthy). Two outlets disagree when they give
the person ages more than `AGE_SLACK` years apart, or titles that share their noun and differ in
rank or portfolio (`named_slots.Title.contradicts`) where neither outlet gives the person the
other's title anywhere: an outlet that writes both knows both. Each conflict is listed under the
fact of the sentence where the first outlet (by name) gives its value, none when that sentence is
in no fact; it does not make that fact conflicting, as the fact is about something else.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from itertools import combinations

from storylens.analyze.quantities import AGE
from storylens.compare.conflicts import normalised
from storylens.compare.named_slots import StoryNames, Title
from storylens.model import Conflict, ConflictSlot, ConflictValue, Entity, Quantity, Sentence, SentenceRef

AGE_SLACK = 1.0
"""Years two ages may differ by: articles days apart may straddle a birthday."""


def person_aged(sentence: Sentence, age: Quantity) -> Entity | None:
    """The person whose age the figure gives: the name that ends just before its comma."""
    return next(
        (e for e in sentence.entities if e.label == "PERSON" and e.end <= age.start and sentence.text[e.end : age.start].strip() == ","),
        None,
    )


@dataclass(frozen=True)
class StoryPeople:
    """The story's sentences in the outlets' own voices, with what places a conflict under a fact."""

    sentences: list[Sentence]
    voice_of: Mapping[str, str]
    """Article id → outlet."""
    names: StoryNames
    fact_of: Mapping[tuple[str, int], int]
    """(article id, sentence position) → the fact the sentence is in."""
    ref: Callable[[Sentence], SentenceRef]

    def age_conflicts(self) -> list[Conflict]:
        """One conflict for each person whom outlets give clearly different ages, with each outlet's first age for them."""
        given: dict[str, dict[str, tuple[Quantity, Sentence]]] = {}
        for sentence in self.sentences:
            for quantity in sentence.quantities:
                person = person_aged(sentence, quantity) if quantity.subject == AGE else None
                if person is not None and (full := self.names.full_name(person.key)) is not None:
                    given.setdefault(full, {}).setdefault(self.voice_of[sentence.article_id], (quantity, sentence))
        conflicts = []
        for by_outlet in given.values():
            ages = [age.value for age, _ in by_outlet.values()]
            if len(by_outlet) < 2 or max(ages) - min(ages) <= AGE_SLACK:
                continue
            values = [
                ConflictValue(outlet=outlet, value=age.text, normalised=normalised(age), evidence=self.ref(sentence))
                for outlet, (age, sentence) in sorted(by_outlet.items())
            ]
            conflicts += self._listed(ConflictSlot.COUNT, values, by_outlet[values[0].outlet][1])
        return conflicts

    def title_conflicts(self) -> list[Conflict]:
        """One conflict for each person and pair of outlets whose first titles for them contradict."""
        given: dict[str, dict[str, tuple[Title, Sentence]]] = {}
        for sentence in self.sentences:
            for person, title in self.names.titles(sentence).items():
                if self.names.one_person(person):
                    given.setdefault(person, {}).setdefault(self.voice_of[sentence.article_id], (title, sentence))
        conflicts = []
        for by_outlet in given.values():
            for (first, (mine, here)), (second, (theirs, there)) in combinations(sorted(by_outlet.items()), 2):
                if mine.contradicts(theirs) and not self.names.gives_title(there.article_id, mine) and not self.names.gives_title(here.article_id, theirs):
                    values = [
                        ConflictValue(outlet=outlet, value=value.written, normalised=value.compared, evidence=self.ref(sentence))
                        for outlet, value, sentence in ((first, mine.value(), here), (second, theirs.value(), there))
                    ]
                    conflicts += self._listed(ConflictSlot.ROLE, values, here)
        return conflicts

    def _listed(self, slot: ConflictSlot, values: list[ConflictValue], first: Sentence) -> list[Conflict]:
        """The conflict under the fact of the first outlet's sentence; none when that sentence is in no fact."""
        fact_id = self.fact_of.get((first.article_id, first.position))
        return [] if fact_id is None else [Conflict(fact_id=fact_id, slot=slot, values=values)]

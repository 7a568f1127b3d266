"""People's titles across a story: one outlet's "Vice President Obama" against another's
"President Obama", wherever each writes it.

A title is an aside to what its sentence reports ("That separates Mr. Reid from President
Obama's support of ..."), so the sentence seldom aligns with another outlet's as one fact, and the
fact-by-fact comparison (`compare.conflicts`, `named_slots.named_disagreements`) never sees the two
titles side by side. So titles are compared person by person too, as ages are (`compare.ages`),
under the same narrow reading: a person named in full, or by a surname that stands for one person
of the story; two titles that share their noun and differ in rank or portfolio
(`named_slots.Title.contradicts`); and neither outlet giving the person the other's title
anywhere, since an outlet that writes both knows both.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from itertools import combinations

from storylens.compare.named_slots import StoryNames, Title
from storylens.model import Conflict, ConflictSlot, ConflictValue, Sentence, SentenceRef


def title_conflicts(
    sentences: list[Sentence],
    voice_of: Mapping[str, str],
    names: StoryNames,
    fact_of: Mapping[tuple[str, int], int],
    ref: Callable[[Sentence], SentenceRef],
) -> list[Conflict]:
    """One conflict for each person and pair of contradicting titles two outlets give them, with
    the first sentence where each gives its title. It is listed under the fact of the first
    outlet's sentence (none when that sentence is in no fact) and does not make that fact
    conflicting: the fact is about something else."""
    given: dict[str, dict[str, tuple[Title, Sentence]]] = {}
    for sentence in sentences:
        for person, title in names.titles(sentence).items():
            if names.one_person(person):
                given.setdefault(person, {}).setdefault(voice_of[sentence.article_id], (title, sentence))
    conflicts = []
    for by_outlet in given.values():
        for (first, (mine, here)), (second, (theirs, there)) in combinations(sorted(by_outlet.items()), 2):
            if not mine.contradicts(theirs) or names.gives_title(there.article_id, mine) or names.gives_title(here.article_id, theirs):
                continue
            fact_id = fact_of.get((here.article_id, here.position))
            if fact_id is None:
                continue
            values = [
                ConflictValue(outlet=outlet, value=value.written, normalised=value.compared, evidence=ref(sentence))
                for outlet, value, sentence in ((first, mine.value(), here), (second, theirs.value(), there))
            ]
            conflicts.append(Conflict(fact_id=fact_id, slot=ConflictSlot.ROLE, values=values))
    return conflicts

"""The neutral summary: the best-supported facts, each in its least loaded wording, cited.

A reader should be able to trust every sentence of it, so each one carries the outlets that
state it, single-source facts come in only to reach the minimum length and say so, and the
wording is chosen, then cleaned, to carry as little loaded language as the outlets allow.

It should also read as an editor would write it (`compare.summary_hygiene`): no wire dateline
("OSLO (Reuters) -"), no caption, byline or verbless fragment, and no sentence that leans on one
the summary does not carry ("But ...", "It ...") unless the sentence before it in the summary is
the one before it in its article; an opening connective is dropped instead when what follows
stands on its own.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from storylens.analyze.quantities import as_written
from storylens.compare.disputes import disputed_figure, updated_figure
from storylens.compare.summary_hygiene import (
    is_fragment,
    leans_on_before,
    strip_dateline,
    unfinished,
    without_connective,
)
from storylens.config import SummarySettings
from storylens.model import Conflict, Fact, FactStatus, FigureChange, SummarySentence, SupportStatus


def write_summary(
    facts: list[Fact],
    event_day: dict[int, float] | None = None,
    settings: SummarySettings = SummarySettings(),
    conflicts: list[Conflict] | None = None,
    changes: list[FigureChange] | None = None,
    centrality: dict[int, float] | None = None,
    captions: frozenset[int] = frozenset(),
    words_at_most: int | None = None,
    quoted: frozenset[int] = frozenset(),
    tells: Callable[[int, int], bool] = lambda fact, by: False,
) -> list[SummarySentence]:
    """Pick the facts most outlets state in close agreement, fill up with single-source ones, and
    tell them in the order of events: by `event_day` (fact id → day, see `compare.chronology`),
    then, within a day or for facts without one, in story order. Citations name the outlets that state the fact in their own text;
    outlets carrying it only in a copy of a cited outlet's article are listed apart, never as support.

    A conflicting fact stays out: no outlet's wording can speak for outlets that disagree with it
    (the conflicts section shows them side by side), unless its wording gives each disputed value:
    then it is told with what each outlet gives (`with_range`). A fact whose figure changed over time
    and stands agreed (`FactStatus.UPDATED`) is told with the latest figure and the first
    (`with_update`), or left out when its wording gives neither. Looser multi-outlet facts fill the
    summary up to its minimum length before single-source ones: several outlets state them. Fact ids follow the order in which the articles
    tell the facts, so they are the story order. A fact without a day takes the day of the chosen
    fact told just before it, so that it stays beside what the articles tell it with.

    Among facts that as many outlets state, the more central (`centrality`, fact id → how close
    its wording is to the rest of the story, as LexRank ranks sentences) comes first. A fact whose
    wording is a fragment or a photo caption (`captions`: "Kim visits the university, Sunday", a
    label for a picture) never comes in (a dateline is cut from it first). One whose
    wording leans on an earlier sentence comes in only right after its article's sentence before
    it, or without its opening connective; otherwise it is left out and the choice is made again
    without it, until every sentence told stands where it is. So does one worded from a sentence
    wholly inside a quotation (`quoted`: "No one is a better tactician than Nancy Pelosi.", the
    middle of a congressman's quotation): told alone, someone's words read as the outlets' own.
    A sentence that begins inside a quotation opened a sentence before it comes worded with the
    mark that opens it (`wording.closed`: '"God help us," said Bloomberg'), never a closing one alone.

    Nor is a fact told twice (`tells(fact, by)`: the wording of fact `by` carries every claim of
    fact `fact`'s, with the same figures, `Support.repeats`): one that a chosen fact tells is skipped, and one that tells a chosen fact and
    more takes its place where as many outlets state it ("The Clintons' effective federal tax rate
    for 2014 was 35.7 percent, while ..." for "Last year, the Clintons paid an effective federal
    tax rate of 35.7 percent."); stated by fewer, it comes in as any other fact would, for what it adds.

    A summary is read instead of the articles, so it is never longer than the story's typical
    article (`words_at_most`, words): a fact that would take it past that is skipped for a shorter
    one, though the first fact is always told. Three two-sentence wire items get a two-sentence
    summary, not five sentences padded with what one outlet alone says.
    """
    ranges = {f.id: ranged for f in facts if f.status == FactStatus.CONFLICTING and (ranged := with_range(f, conflicts or [])) is not None}
    updates = {f.id: as_now for f in facts if f.status == FactStatus.UPDATED and (as_now := with_update(f, changes or [])) is not None}
    agreed = [f for f in facts if f.status not in (FactStatus.CONFLICTING, FactStatus.UPDATED)]
    central = centrality or {}
    ranked = sorted(agreed + list(ranges.values()) + list(updates.values()), key=lambda f: (-len(f.stated_by), -central.get(f.id, 0.0), f.id))
    ranked = [
        f.model_copy(update={"text": text})
        for f in ranked
        if not (is_fragment(text := strip_dateline(f.text)) or unfinished(text)) and f.id not in captions
    ]
    left_out: set[int] = set()
    while True:
        ordered = in_event_order(_choose([f for f in ranked if f.id not in left_out], settings, words_at_most, tells), event_day or {})
        told, leaning = _without_dangling(ordered, quoted)
        if not leaning:
            break
        left_out |= leaning
    return [
        SummarySentence(
            text=fact.text,
            fact_id=fact.id,
            citations=fact.stated_by,
            single_source=len(fact.stated_by) == 1,
            voices=fact.voices,
            copies={outlet: carriers for outlet, carriers in fact.copies.items() if outlet in fact.stated_by},
            disputed=fact.id in ranges,
            updated=fact.id in updates,
        )
        for fact in told
    ]


def with_range(fact: Fact, conflicts: list[Conflict]) -> Fact | None:
    """The fact told with each disputed value as what the outlets give and who gives which ("12–15
    people (Andes Daily: at least 15 people; ...)", "on Tuesday or Wednesday (...)"), cited to
    every outlet that states all its claims with one value or another; None when its wording does
    not give the value of one of its conflicts. Two conflicts on one written value (the fact's
    sentences disputed it, and an outlet aligned elsewhere gives another) are told as one, with
    every outlet's value once: an ECB+ summary had nested one range inside the other."""
    at: dict[tuple[int, int], tuple[str, Conflict]] = {}
    for conflict in (c for c in conflicts if c.fact_id == fact.id):
        own = next(((v, found) for v in conflict.values if (found := written_at(fact.text, v.value))), None)
        if own is None:
            return None
        value, found = own
        span = found.span()
        if span in at:
            outlet, told = at[span]
            given = {v.outlet for v in told.values}
            at[span] = (outlet, told.model_copy(update={"values": told.values + [v for v in conflict.values if v.outlet not in given]}))
        elif not any(start < span[1] and span[0] < end for start, end in at):
            at[span] = (value.outlet, conflict)
    text = fact.text
    for (start, end), (outlet, conflict) in sorted(at.items(), reverse=True):
        text = text[:start] + disputed_figure(conflict, outlet) + text[end:]
    return fact.model_copy(update={"text": text[:1].upper() + text[1:], "stated_by": _backers(fact)})


def with_update(fact: Fact, changes: list[FigureChange]) -> Fact | None:
    """The fact told with each figure that changed over time as it last stood and where it began
    ("15 people (up from 12 in earlier reports)"), cited to every outlet that states all its claims
    with one value or another; None when its wording does not give the figure as any outlet wrote it."""
    text = fact.text
    evidence = {(r.article_id, r.position) for r in fact.evidence}
    for change in changes:
        if not change.update or (change.fact_id != fact.id and not any((v.article_id, v.evidence.position) in evidence for v in change.values)):
            continue
        found = next((found for v in change.values if (found := written_at(text, v.value))), None)
        if found is None:
            return None
        text = text[: found.start()] + updated_figure(change) + text[found.end() :]
    return fact.model_copy(update={"text": text[:1].upper() + text[1:], "stated_by": _backers(fact)})


def written_at(text: str, value: str) -> re.Match[str] | None:
    """Where the sentence writes the value as a whole figure or word (`quantities.as_written`)."""
    return as_written(value).search(text)


def _backers(fact: Fact) -> list[str]:
    """Outlets that state every claim of the fact, with its value or another."""
    return [
        s.outlet
        for s in fact.support
        if s.status == SupportStatus.STATES or (s.status == SupportStatus.DIFFERS and s.claims_stated == s.claims)
    ]


def _choose(ranked: list[Fact], settings: SummarySettings, words_at_most: int | None, tells: Callable[[int, int], bool]) -> list[Fact]:
    close = [f for f in ranked if len(f.stated_by) > 1 and (f.agreement or 0) >= settings.min_agreement]
    single = [f for f in ranked if len(f.stated_by) == 1]
    loose = [f for f in ranked if len(f.stated_by) > 1 and (f.agreement or 0) < settings.min_agreement]
    chosen: list[Fact] = []
    closely = {f.id for f in close}
    words = 0
    for fact in close + loose + single:
        if fact.text in {c.text for c in chosen} or _family(fact) in {_family(c) for c in chosen} or any(tells(fact.id, c.id) for c in chosen):
            continue
        told = [c for c in chosen if tells(c.id, fact.id)]
        shorter = words - sum(word_count(c.text) for c in told) + word_count(fact.text)
        if told and all(len(c.stated_by) <= len(fact.stated_by) for c in told) and (words_at_most is None or shorter <= words_at_most):
            # It says all that chosen facts say and more, and as many outlets state it: it takes their place.
            chosen = [fact if c is told[0] else c for c in chosen if c is told[0] or c not in told]
            words = shorter
            continue
        full = len(chosen) >= (settings.max_sentences if fact.id in closely else settings.min_sentences)
        too_long = bool(chosen) and words_at_most is not None and words + word_count(fact.text) > words_at_most
        if not full and not too_long:
            chosen.append(fact)
            words += word_count(fact.text)
    return chosen


def word_count(text: str) -> int:
    return len(text.split())


def _family(fact: Fact) -> int:
    """A fact and the one it adds to (`Fact.part_of`) tell the same thing twice; the summary tells it once."""
    return fact.part_of if fact.part_of is not None else fact.id


def _without_dangling(ordered: list[Fact], quoted: frozenset[int]) -> tuple[list[Fact], set[int]]:
    """The facts as told, an opening connective dropped where the rest stands alone, and the ids
    of those that lean on a sentence the summary does not put just before them (a quoted one
    always does: its speaker is named elsewhere)."""
    told: list[Fact] = []
    leaning: set[int] = set()
    for fact in ordered:
        if not (fact.id in quoted or leans_on_before(fact.text)) or (told and follows_in_its_article(fact, told[-1])):
            told.append(fact)
        elif fact.id not in quoted and (rewritten := without_connective(fact.text)) is not None:
            told.append(fact.model_copy(update={"text": rewritten}))
        else:
            leaning.add(fact.id)
    return told, leaning


def follows_in_its_article(fact: Fact, before: Fact) -> bool:
    """Whether a sentence of the fact worded as the summary words it comes right after a sentence
    of `before` in the same article, so that what it refers back to is the sentence before it."""
    opening = fact.text.split(maxsplit=1)[0].lower() if fact.text.split() else ""
    wording = [r for r in fact.evidence if r.text.split() and r.text.split(maxsplit=1)[0].lower() == opening]
    previous = {(r.article_id, r.position) for r in before.evidence}
    return any((r.article_id, r.position - 1) in previous for r in wording)


def in_event_order(chosen: list[Fact], event_day: dict[int, float]) -> list[Fact]:
    """By day, then story order. A fact that says what will happen on a weekday ("will meet on
    Wednesday") is dated by the chronology to the next such day, after the events already past,
    whichever outlet's sentence words it (`compare.chronology`)."""
    story_order = sorted(chosen, key=lambda f: f.id)
    keys: list[tuple[float, int]] = []
    day = min(event_day.values(), default=0.0)
    for fact in story_order:
        day = event_day.get(fact.id, day)
        keys.append((day, fact.id))
    return [fact for _, fact in sorted(zip(keys, story_order), key=lambda pair: pair[0])]

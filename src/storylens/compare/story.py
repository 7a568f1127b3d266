"""One story compared: its analysed articles in, the side-by-side `StoryReport` out.

Cross-article work only, on the analyze stage's stored records: no parse, no per-article model.
The sentence vectors come through `vectors`, which reads them from the store.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from itertools import combinations
from statistics import mean, median_high

from storylens.analyze.embeddings import SentenceEncoder
from storylens.compare.alignment import Alignment, align, states_fact
from storylens.compare.chronology import NewsDays, fact_day, sentence_days
from storylens.compare.conflicts import find_conflicts
from storylens.compare.coverage import coverage
from storylens.compare.disputes import disputed_range
from storylens.compare.named_slots import StoryNames
from storylens.compare.outlets import lean_coverage, outlet_profiles
from storylens.compare.people import StoryPeople
from storylens.compare.stopwatch import Stopwatch, TimedEncoder
from storylens.compare.summary import write_summary
from storylens.compare.support import Support, fact_support, name_word, unnamed_speech
from storylens.compare.timeline import figure_change, story_timeline
from storylens.compare.voices import Voices
from storylens.compare.wording import Wording, neutral_wording, whole_wording, wordings
from storylens.config import Settings
from storylens.model import (
    AnalyzedArticle,
    ArticleInfo,
    Conflict,
    Fact,
    FactStatus,
    FramingSpan,
    OutletSupport,
    Role,
    Sentence,
    SentenceRef,
    Story,
    StoryReport,
    SupportStatus,
)

DEFAULT_SETTINGS = Settings()


def compare_story(
    story: Story,
    items: list[AnalyzedArticle],
    vectors: SentenceEncoder,
    stopwatch: Stopwatch | None = None,
    settings: Settings = DEFAULT_SETTINGS,
    leans: Mapping[str, str] | None = None,
) -> StoryReport:
    """Facts are aligned across the independent articles only; copies (`AnalyzedArticle.copy_of`)
    are counted as outlets that carry their original's facts, not as voices. A figure given
    differently that changed over time and stands agreed (`compare.timeline`) is no conflict: its
    fact is UPDATED and the timeline holds its values. A stopwatch, when given, is charged the time
    of each phase (framing, encode, align, facts, conflicts with the judging of updates, coverage,
    summary). `leans` are the user's, outlet → lean, for the coverage by lean."""
    clock = stopwatch or Stopwatch()
    articles = [item.article for item in items]
    outlet_of = {a.id: a.outlet.name for a in articles}
    voices = Voices.of(items, settings.facts)
    independent = voices.independent(items)
    names = StoryNames(independent)
    news_days = NewsDays(independent)
    voice_of = {item.article.id: item.article.outlet.name for item in independent}
    length = {item.article.id: max(len(item.sentences), 1) for item in items}
    with clock.phase("framing"):
        spans = [span for item in items for span in item.spans]
        profiles = outlet_profiles(items, spans)
    loaded_rate = {p.outlet: p.loaded_per_1000_words for p in profiles}
    sentences = [s for item in independent for s in item.sentences]
    with clock.phase("align"):
        alignment = align(sentences, voice_of, TimedEncoder(vectors, clock), settings.facts)
    with clock.phase("support"):
        support = Support.of(sentences, voice_of, TimedEncoder(vectors, clock), settings.support, news_days, names)

    def ref(sentence: Sentence) -> SentenceRef:
        return SentenceRef.of(sentence, outlet_of[sentence.article_id])

    def story_position(members: list[Sentence]) -> float:
        """Where a fact comes in the articles that state it, from 0 (lead) to 1 (end)."""
        return mean(s.position / length[s.article_id] for s in members if states_fact(s))

    def disputing(members: list[Sentence]) -> set[tuple[str, int]]:
        """The members that give another figure, place or title than another member does."""
        found = find_conflicts(
            0, [(s, ref(s)) for s in members], alignment.similarity, names, news_days, settings.conflicts, support.one_place_similarity
        )
        return {(v.evidence.article_id, v.evidence.position) for c in found for v in c.values}

    with clock.phase("facts"):
        drafts = _drafts(alignment.facts, support, ref, spans, loaded_rate, disputing)
    facts: list[Fact] = []
    conflicts: list[Conflict] = []
    days = sentence_days(independent)
    event_day: dict[int, float] = {}
    ordered = sorted(drafts, key=lambda d: story_position(d.members))
    fact_id_of = {id(draft): fact_id for fact_id, draft in enumerate(ordered, start=1)}
    worded_by: dict[int, str] = {}
    found_on: dict[int, list[Conflict]] = {}
    for fact_id, draft in enumerate(ordered, start=1):
        worded_by[fact_id] = voice_of[draft.wording.sentence.article_id]
        day = fact_day([s for s in draft.members if states_fact(s)], days)
        if day is not None:
            event_day[fact_id] = day
        evidence = [(s, ref(s)) for s in draft.members]
        with clock.phase("conflicts"):
            found = find_conflicts(
                fact_id, evidence, alignment.similarity, names, news_days, settings.conflicts, support.one_place_similarity
            )
        with clock.phase("facts"):
            part_of = fact_id_of[id(draft.part_of)] if draft.part_of is not None else None
            fact, found = _fact(fact_id, draft, evidence, found, alignment, support, ref, voices, part_of, settings)
        facts.append(fact)
        found_on[fact_id] = found
        conflicts += [c for c in found if not any(_same_dispute(c, known) for known in conflicts)]
    with clock.phase("conflicts"):
        fact_of = {(s.article_id, s.position): fact_id for fact_id, draft in enumerate(ordered, start=1) for s in draft.members}
        people = StoryPeople(sentences, voice_of, names, fact_of, ref)
        for across in (people.age_conflicts(), people.title_conflicts()):
            conflicts += [c for c in across if not any(_same_dispute(c, known) or _shown_already(c, known) for known in conflicts)]
    conflicts = [c.model_copy(update={"disputed": disputed_range(c, worded_by.get(c.fact_id))}) for c in conflicts]
    infos = [ArticleInfo.of(a, voices.original_of.get(a.id)) for a in articles]
    with clock.phase("conflicts"):
        changes = [figure_change(c, {a.id: a.published for a in articles}, settings.timeline) for c in conflicts]
        conflicts = [c for c, change in zip(conflicts, changes) if not change.update]
        facts = [_updated(f, found_on[f.id], conflicts) for f in facts]
        worded_from = {fact_id: _key(draft.wording.sentence) for fact_id, draft in enumerate(ordered, start=1)}
        facts = _disputed_both_ways(facts, worded_by, worded_from, found_on)
    with clock.phase("coverage"):
        aligned = {fact_id: {voice_of[article_id] for article_id, _ in draft.aligned} for fact_id, draft in enumerate(ordered, start=1)}
        covered = coverage(facts, sentences, voice_of, ref, aligned)
    with clock.phase("summary"):
        central = {fact_id: alignment.centrality(draft.wording.sentence) for fact_id, draft in enumerate(ordered, start=1)}
        captions = frozenset(fact_id for fact_id, draft in enumerate(ordered, start=1) if draft.wording.sentence.role == Role.CAPTION)
        quoted = frozenset(fact_id for fact_id, draft in enumerate(ordered, start=1) if draft.wording.sentence.quoted)
        typical = median_high(item.article.body_words for item in independent)

        def tells(fact_id: int, by: int) -> bool:
            """Whether the wording of fact `by`, a whole sentence, says all that fact `fact_id`'s wording says."""
            mine, theirs = ordered[fact_id - 1].wording, ordered[by - 1].wording
            return theirs.whole and support.repeats(mine.sentence, theirs.sentence, mine.kept)

        summary = write_summary(facts, event_day, settings.summary, conflicts, changes, central, captions, max(typical, 1), quoted, tells)
    return StoryReport(
        story=story,
        articles=infos,
        facts=facts,
        coverage=covered,
        conflicts=conflicts,
        framing=profiles,
        spans=spans,
        summary=summary,
        coverage_by_lean=lean_coverage(outlet_of.values(), leans or {}),
        timeline=story_timeline(infos, facts, changes),
    )


def _updated(fact: Fact, found: list[Conflict], conflicts: list[Conflict]) -> Fact:
    """A conflicting fact whose every disagreement turned out to be a figure changing over time is
    UPDATED: no outlet contradicts another on it."""
    if fact.status != FactStatus.CONFLICTING or any(_same_dispute(c, kept) for c in found for kept in conflicts):
        return fact
    return fact.model_copy(update={"status": FactStatus.UPDATED})


def _disputed_both_ways(
    facts: list[Fact], worded_by: dict[int, str], worded_from: dict[int, tuple[str, int]], found_on: dict[int, list[Conflict]]
) -> list[Fact]:
    """A dispute read from both of its sides. Where a fact worded by one outlet finds another
    giving a different value in a sentence of its own, a fact worded by that sentence has the
    first outlet giving a different value too. Claims are read one way at a time, and the two
    ways can disagree: "Foreign Minister Carla Mendoza presented a $5.9 billion military budget"
    is about "Peru's government requested $5.7 billion for defence, Defence Minister Carla
    Mendoza told lawmakers", but that sentence shares too little of its content with the first
    for the first to be about it; its fact would call the outlet of the $5.9 billion silent, and
    list it as leaving out a budget it gives another figure for."""
    answers: dict[tuple[tuple[str, int], str], tuple[str, SentenceRef]] = {}
    for fact in facts:
        writer = worded_by[fact.id]
        for stance in fact.support:
            if stance.status != SupportStatus.DIFFERS or stance.evidence is None:
                continue
            theirs = (stance.evidence.article_id, stance.evidence.position)
            mine = [
                v
                for c in found_on[fact.id]
                if any(v.outlet == stance.outlet for v in c.values)
                for v in c.values
                if v.outlet == writer
            ]
            if mine:
                answers.setdefault((theirs, writer), (", ".join(dict.fromkeys(v.value for v in mine)), mine[0].evidence))
    answered = []
    for fact in facts:
        support = [
            (
                OutletSupport(
                    outlet=stance.outlet, status=SupportStatus.DIFFERS, claims_stated=0, claims=stance.claims, value=answer[0], evidence=answer[1]
                )
                if stance.status in (SupportStatus.SILENT, SupportStatus.CLOSE) and (answer := answers.get((worded_from[fact.id], stance.outlet)))
                else stance
            )
            for stance in fact.support
        ]
        answered.append(fact if support == fact.support else fact.model_copy(update={"support": support}))
    return answered


@dataclass
class Draft:
    """A fact before it is numbered: its member sentences and its wording."""

    members: list[Sentence]
    wording: Wording
    text: str
    part_of: Draft | None = None
    aligned: set[tuple[str, int]] = field(default_factory=set)
    """The sentences of the aligned group it was worded from, its own and those worded apart."""


def _drafts(
    groups: list[list[Sentence]],
    support: Support,
    ref: Callable[[Sentence], SentenceRef],
    spans: list[FramingSpan],
    loaded_rate: dict[str, float],
    disputing: Callable[[list[Sentence]], set[tuple[str, int]]],
) -> list[Draft]:
    """Each aligned group worded by what the most outlets state in full (`wording.neutral_wording`),
    and, where that wording is a part of a member sentence or a caption, that sentence and the
    member sentence that would have worded the group whole, each as a fact of its own that adds to
    it: what an outlet alone says beyond the shared part stays in the report, cited to it alone.

    A group's members that the wording does not tell (`Support.tells`), where two outlets or more
    wrote them, are worded again, as a fact of their own (`_told_apart`): alignment puts
    "Sheriff Joe Arpaio endorsed Rick Perry" beside the quotation of his endorsement, and a fact
    worded by the quotation alone would drop the endorsement that every outlet reports."""

    def backers(wording: Wording) -> int:
        return sum(support.names_source(outlet, wording.source) for outlet in support.states_all(wording.sentence, wording.kept))

    def word(candidates: list[tuple[Wording, SentenceRef]]) -> tuple[Wording, str]:
        return neutral_wording(candidates, spans, loaded_rate, backers)

    drafts = []
    worded: dict[tuple[str, int, tuple[int, ...]], Draft] = {}
    for group in groups:
        for members, (wording, text) in _told_apart(group, support, ref, word, disputing):
            same = (*_key(wording.sentence), wording.kept)
            if same in worded:
                # Two groups worded alike are one fact: its sentences are both groups'.
                known = {_key(s) for s in worded[same].members}
                worded[same].members += [s for s in members if _key(s) not in known]
                worded[same].aligned |= {_key(s) for s in group}
                continue
            parent = worded[same] = Draft(members, wording, text, aligned={_key(s) for s in group})
            drafts.append(parent)
            if wording.whole and states_fact(wording.sentence):
                continue
            first, _ = word([(whole_wording(s), ref(s)) for s in members if states_fact(s)])
            beyond = {_key(s): s for s in (first.sentence, wording.sentence) if states_fact(s)}
            for sentence in beyond.values():
                own, own_text = word([(whole_wording(sentence), ref(sentence))])
                drafts.append(Draft([sentence], own, own_text, part_of=parent))
    # A sentence told whole by a fact of its own, or already added to another fact, is not added again.
    told_whole = {_key(d.wording.sentence) for d in drafts if d.part_of is None and d.wording.whole}
    distinct = []
    for draft in drafts:
        if draft.part_of is not None:
            if _key(draft.wording.sentence) in told_whole:
                continue
            told_whole.add(_key(draft.wording.sentence))
        distinct.append(draft)
    return distinct


def _told_apart(
    group: list[Sentence],
    support: Support,
    ref: Callable[[Sentence], SentenceRef],
    word: Callable[[list[tuple[Wording, SentenceRef]]], tuple[Wording, str]],
    disputing: Callable[[list[Sentence]], set[tuple[str, int]]],
) -> list[tuple[list[Sentence], tuple[Wording, str]]]:
    """The group's sentences by what they tell: the group's wording with the members it tells
    (`Support.tells`), then, worded again, the members it does not, where two outlets or more of
    those members state the new wording and the group's wording does not already tell it. An
    outlet whose sentence says more than the new wording still states it: "Mary Vale, who married
    Dana Ruiz last year, posted on Facebook: ..." states "Mary Vale, who married Dana Ruiz last
    year, wrote: ...", and the wedding is a fact both report (`eval.claims` prints what this does
    to shared claims found and to citations).
    The new wording is chosen among those that say something the group's wording does not: a cut
    of a member down to what the group's wording says ("The memo described surveillance of a
    trade delegation.") would win again, as the most outlets state it, and "appeared online in
    January", which two outlets report, would be no fact's.

    What one outlet alone says beside the group's fact stays a sentence of that fact: as a fact of
    its own it would call the others silent on what they may tell in other words, since support
    finds fewer of the claims an outlet states than it misses (`eval.claim_support`). Members
    that give another figure, place or title than another member stay with the group's fact too:
    "killed 15 people" and "killed 14 people" are one disputed fact, not two corroborated ones."""
    rest = group
    parts: list[tuple[list[Sentence], tuple[Wording, str]]] = []
    disputed: set[tuple[str, int]] | None = None
    while rest:
        candidates = [(w, ref(s)) for s in rest if states_fact(s) or s.role == Role.CAPTION for w in wordings(s)]
        said = parts[0][1][0].sentence if parts else None
        if said is not None:
            candidates = [(w, r) for w, r in candidates if not support.tells(w.sentence, said, w.kept)] or candidates
        wording, text = word(candidates)
        # The outlets of this round's members, of which two must state the new wording.
        writers = {support.outlet_of[s.article_id] for s in rest if states_fact(s)}
        told: list[Sentence] = []
        left: list[Sentence] = []
        for sentence in rest:
            if not states_fact(sentence) or support.tells(sentence, wording.sentence):
                told.append(sentence)
            else:
                left.append(sentence)
        if left and disputed is None:
            disputed = disputing(group)
        if disputed:
            told += [s for s in left if _key(s) in disputed]
            left = [s for s in left if _key(s) not in disputed]
        rest = left
        if not any(states_fact(s) for s in told) or not any(states_fact(s) for s in rest):
            # A caption's wording, or nothing left that states a fact: the rest stays with it.
            told, rest = told + rest, []
        if said is not None and (
            len(writers & set(support.states_all(wording.sentence, wording.kept))) < 2 or support.tells(wording.sentence, said, wording.kept)
        ):
            parts[0][0].extend(told)
        else:
            parts.append((told, (wording, text)))
    return parts


def _key(sentence: Sentence) -> tuple[str, int]:
    return sentence.article_id, sentence.position


def _shown_already(a: Conflict, b: Conflict) -> bool:
    """A story-wide conflict of ages or titles (`compare.people`) that a fact's
    conflict already shows: both hold two of its differing values, each from the same outlet."""
    return a.slot == b.slot and len({value for _, value in _told(a) & _told(b)}) >= 2


def _same_dispute(a: Conflict, b: Conflict) -> bool:
    """Two records of one disagreement: a fact and the fact that adds to it may both hold it."""
    return a.slot == b.slot and _told(a) == _told(b)


def _told(conflict: Conflict) -> set[tuple[str, str]]:
    """Which outlet gives which value, as compared."""
    return {(v.outlet, v.normalised) for v in conflict.values}


def _fact(
    fact_id: int,
    draft: Draft,
    evidence: list[tuple[Sentence, SentenceRef]],
    conflicts: list[Conflict],
    alignment: Alignment,
    support: Support,
    ref: Callable[[Sentence], SentenceRef],
    voices: Voices,
    part_of: int | None,
    settings: Settings,
) -> tuple[Fact, list[Conflict]]:
    """The fact in its draft's wording, cited to exactly the outlets that state every claim of it:
    an outlet whose similar sentence leaves out a claim of the wording, or gives another figure,
    is shown as such, never cited. Returned with the conflicts on it: its sentences' and those on
    its claims' figures (`support.fact_support`)."""
    refs = [r for _, r in evidence]
    outlets = sorted({r.outlet for r in refs})
    stating = [(s, r) for s, r in evidence if states_fact(s)]
    cross = [alignment.similarity(s1, s2) for (s1, r1), (s2, r2) in combinations(stating, 2) if r1.outlet != r2.outlet]
    stances, on_claims = fact_support(
        fact_id, draft.wording.sentence, draft.wording.kept, support, conflicts, ref, settings.conflicts, draft.wording.source
    )
    conflicts = conflicts + on_claims
    stated_by = [stance.outlet for stance in stances if stance.status == SupportStatus.STATES]
    if conflicts:
        status = FactStatus.CONFLICTING
    else:
        status = FactStatus.CORROBORATED if len(stated_by) > 1 else FactStatus.SINGLE_SOURCE
    fact = Fact(
        id=fact_id,
        text=draft.text,
        evidence=refs,
        outlets=outlets,
        stated_by=stated_by,
        agreement=round(mean(cross), 3) if cross else None,
        status=status,
        attributed_to=_claimed_by([s for s, _ in stating]),
        voices=len(stated_by),
        copies=voices.copies([(s, r.outlet) for s, r in evidence], stated_by),
        support=stances,
        part_of=part_of,
    )
    return fact, conflicts


def _claimed_by(stating: list[Sentence]) -> str | None:
    """The named sources, when every outlet reports the fact only as someone's claim: in the
    sentence ("KCNA said"), or, for a sentence inside a quotation, where the quotation names its
    speaker. An outlet giving the same words as speech whose speaker it leaves unnamed ("“We
    know how to win elections,” she added.") reports them as someone's too, and the names the
    others give stand; one source named in several ways ("Rice", "Ms. Rice") is listed once."""
    sources = [s.attribution or s.speaker for s in stating]
    if not any(sources) or not all(source or unnamed_speech(s) for source, s in zip(sources, stating)):
        return None
    named: dict[str, str] = {}
    for source in sources:
        if source:
            named.setdefault(name_word(source) or source, source)
    return "; ".join(named.values())


"""An outlet's track record: how it writes across every story it is in, from those stories' reports.

The measures are the report's own, summed over stories, so an outlet page never says what its
story reports do not: its loaded spans are the spans the reports show in its own voice, its
single-source facts the facts they list as its alone, its omissions the facts they list as
omitted. Rates are per 1,000 words or shares of a stated base, and means are weighted by body
words, so that an outlet with one long feature and one with many briefs compare fairly.

Fact measures need another outlet to compare with: a story only this outlet covers has every fact
single-source and nothing to omit, so it counts in the framing measures but not in the fact ones.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from storylens.model import (
    ArticleInfo,
    Coverage,
    Fact,
    FactStatus,
    FramingSpan,
    KindRate,
    LoadedExample,
    OutletListing,
    OutletProfile,
    OutletRecord,
    OutletStory,
    StoryReport,
    SupportStatus,
)

MOST_LOADED = 10
"""Own-voice spans shown as evidence on an outlet's profile, one per wording."""


def outlet_record(outlet: OutletListing, reports: Iterable[StoryReport], examples: int = MOST_LOADED) -> OutletRecord:
    """The profile of `outlet` over `reports`, the reports of the stories it is in (others are skipped)."""
    mine = [r for r in reports if any(a.outlet == outlet.name for a in r.articles)]
    profiles = [_profile_in(r, outlet.name) for r in mine]
    words = sum(p.body_words for p in profiles)
    spans = [s for r in mine for s in _loaded_spans(r, outlet.name)]
    own = [s for s in spans if not s.quoted]
    own_kinds, quoted_kinds = Counter(s.kind for s in own), Counter(s.kind for s in spans if s.quoted)
    lines = [_story_line(r, outlet.name) for r in mine]
    compared = [(r, line) for r, line in zip(mine, lines, strict=True) if line.outlets > 1 and _compared(r, outlet.name)]
    facts = sum(line.facts for _, line in compared)
    majority = sum(_majority_facts(r, outlet.name) for r, _ in compared)
    differs_base = sum(line.facts + _differs_only(r, outlet.name) for r, line in compared)
    dated_shared = sum(_dated_shared(r, outlet.name) for r, _ in compared)
    return OutletRecord(
        outlet=outlet,
        body_words=words,
        loaded_per_1000_words=_per_1000(len(own), words),
        quoted_loaded_per_1000_words=_per_1000(len(spans) - len(own), words),
        by_kind=[
            KindRate(kind=kind, own=own_kinds[kind], quoted=quoted_kinds[kind], own_per_1000_words=_per_1000(own_kinds[kind], words))
            for kind in sorted(own_kinds | quoted_kinds, key=lambda k: (-own_kinds[k], -quoted_kinds[k], k.value))
        ],
        headline_loaded_spans=sum(p.headline_loaded_spans or 0 for p in profiles),
        tone=_weighted([(p.tone, p.body_words) for p in profiles]),
        subjectivity=_weighted([(p.subjectivity, p.body_words) for p in profiles]),
        attributed_share=_weighted([(p.attributed_share, p.body_words) for p in profiles]),
        quoted_share=_weighted([(p.quoted_share, p.body_words) for p in profiles]),
        compared_stories=len(compared),
        facts=facts,
        single_source_share=_share(sum(line.single_source for _, line in compared), facts),
        majority_facts=majority,
        omitted_share=_share(sum(line.omitted for _, line in compared), majority),
        differs_share=_share(sum(line.differs for _, line in compared), differs_base),
        dated_shared_facts=dated_shared,
        first_share=_share(sum(line.first_reports for _, line in compared), dated_shared),
        most_loaded=_most_loaded(mine, outlet.name, examples),
        stories=sorted(lines, key=lambda line: _recency(mine, line.story_id)),
    )


def _profile_in(report: StoryReport, outlet: str) -> OutletProfile:
    return next(p for p in report.framing if p.outlet == outlet)


def _loaded_spans(report: StoryReport, outlet: str) -> list[FramingSpan]:
    """Its loaded spans in the story, own voice and quoted, in its own articles only."""
    own = _own_articles(report, outlet)
    return [s for s in report.spans if s.outlet == outlet and s.kind.loaded and s.article_id in own]


def _coverage_of(report: StoryReport, outlet: str) -> Coverage | None:
    """The story's coverage entry of the outlet; None when it carries only another's copy."""
    return next((c for c in report.coverage if c.outlet == outlet), None)


def _own_articles(report: StoryReport, outlet: str) -> set[str]:
    """The outlet's articles in the story but those copying another of its own (counted once, as the report does)."""
    theirs: list[ArticleInfo] = [a for a in report.articles if a.outlet == outlet]
    ids = {a.id for a in theirs}
    kept = {a.id for a in theirs if a.copy_of not in ids or a.copy_of == a.id}
    return kept or {theirs[0].id}


def _compared(report: StoryReport, outlet: str) -> bool:
    """Whether the story's coverage has this outlet in its own voice (an outlet carrying only
    another's copy has nothing of its own to share or omit) and another outlet beside it."""
    return len(report.coverage) > 1 and any(c.outlet == outlet for c in report.coverage)


def _story_line(report: StoryReport, outlet: str) -> OutletStory:
    coverage = _coverage_of(report, outlet)
    return OutletStory(
        story_id=report.story.id,
        label=report.story.label,
        outlets=len(report.story.outlets),
        articles=sum(a.outlet == outlet for a in report.articles),
        loaded_spans=sum(1 for s in _loaded_spans(report, outlet) if not s.quoted),
        facts=len(coverage.shared) + len(coverage.only_here) if coverage else 0,
        single_source=len(coverage.only_here) if coverage else 0,
        omitted=len(coverage.omitted) if coverage else 0,
        differs=sum(1 for f in report.facts if _differs_on(f, outlet)),
        first_reports=len(_first_on_shared(report, outlet)),
    )


def _majority_facts(report: StoryReport, outlet: str) -> int:
    """Facts most of the other outlets state, by the rule the report's omissions follow (`compare.coverage`)."""
    others = len(report.coverage) - 1
    return sum(1 for f in report.facts if len(set(f.stated_by) - {outlet}) > others / 2)


def _differs_on(fact: Fact, outlet: str) -> bool:
    """The outlet gives the fact another figure, date, place or actor: not when the figure only
    changed over time and the latest reports agree (UPDATED), which is no disagreement."""
    return fact.status != FactStatus.UPDATED and any(s.outlet == outlet and s.status == SupportStatus.DIFFERS for s in fact.support)


def _differs_only(report: StoryReport, outlet: str) -> int:
    """Facts the outlet gives with another value and does not also state: added to the base of its differing share."""
    return sum(1 for f in report.facts if outlet not in f.stated_by and _differs_on(f, outlet))


def _dated_shared(report: StoryReport, outlet: str) -> int:
    """Its facts another outlet states too whose first report has a time (`StoryReport.timeline`)."""
    coverage = _coverage_of(report, outlet)
    dated = {f.fact_id for f in report.timeline.facts if f.first_published is not None}
    return len(dated & set(coverage.shared)) if coverage else 0


def _first_on_shared(report: StoryReport, outlet: str) -> list[int]:
    """Its facts another outlet states too that it reported first, alone or at the same moment as others."""
    coverage = _coverage_of(report, outlet)
    shared = set(coverage.shared) if coverage else set()
    return [f.fact_id for f in report.timeline.facts if f.fact_id in shared and outlet in f.first_outlets]


def _most_loaded(reports: list[StoryReport], outlet: str, count: int) -> list[LoadedExample]:
    """The strongest own-voice spans, one per wording (case aside), so that a word repeated in every
    article does not crowd out the rest."""
    found: dict[str, LoadedExample] = {}
    candidates = [(r.story.id, s) for r in reports for s in _loaded_spans(r, outlet) if not s.quoted]
    for story_id, span in sorted(candidates, key=lambda c: (-c[1].score, c[1].text.casefold(), c[0])):
        key = " ".join(span.text.casefold().split())
        if key not in found:
            found[key] = LoadedExample(
                story_id=story_id, article_id=span.article_id, text=span.text, kind=span.kind, score=span.score, neutral=span.neutral
            )
    return list(found.values())[:count]


def _recency(reports: list[StoryReport], story_id: int) -> tuple[bool, float, int]:
    story = next(r.story for r in reports if r.story.id == story_id)
    seen = story.last_seen or story.first_seen
    return (seen is None, -seen.timestamp() if seen else 0.0, story_id)


def _per_1000(count: int, words: int) -> float:
    return round(1000 * count / words, 2) if words else 0.0


def _share(part: int, whole: int) -> float | None:
    """None when there is no base, which is not the same as 0."""
    return round(part / whole, 3) if whole else None


def _weighted(values: list[tuple[float | None, int]]) -> float | None:
    known = [(value, weight) for value, weight in values if value is not None and weight > 0]
    total = sum(weight for _, weight in known)
    return round(sum(value * weight for value, weight in known) / total, 3) if total else None


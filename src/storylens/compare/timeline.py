"""The story in time order: articles by publication, when each fact first appeared and which outlet
reported it first, and how a figure changed as reports came in.

A reader asks who had it first and whether a figure moved; and a death toll rising from 12 to 15
over a day is news being updated, not outlets contradicting each other. So a figure the conflict
stage found given differently (`compare.conflicts`) is judged here, on publication times alone:

- it is an **update** when every value comes from a dated article, it is a running tally (a count
  of people dead, hurt, missing, held, displaced or rescued: what officials revise while an event
  unfolds, where a budget, a sentence length or a number of states is not), no two articles
  published at about the same time (`timeline.same_time_minutes`) give it differently, and no
  figure comes back after a newer one replaced it (an outlet printing the old toll late is out of
  step with the others: that is a disagreement). Then every article from the latest change on
  agrees, and the report shows it as a change over time, not as a conflict;
- otherwise it stays a conflict, its values still shown in time order.

Only publication times count: an undated article can be placed nowhere in time, so it never
establishes an update, reports no fact first, and is listed last. Records in, records out: no
store and no model, so the same kernel runs wherever compare runs.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, datetime, timedelta

from storylens.compare.conflicts import OUTCOMES
from storylens.config import TimelineSettings
from storylens.model import (
    ArticleInfo,
    Conflict,
    ConflictSlot,
    Fact,
    FactFirstSeen,
    FigureChange,
    FigureValue,
    StoryTimeline,
    SupportStatus,
    TimelineArticle,
)

REPORTING = frozenset({SupportStatus.STATES, SupportStatus.DIFFERS, SupportStatus.OTHER_SOURCE})
"""Stances of an outlet that reports a fact: in its words, or with another figure (an earlier toll)."""


def utc(moment: datetime) -> datetime:
    """The moment in UTC; a naive time (a reader that lost the zone) is taken to be UTC already."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def time_key(published: datetime | None, outlet: str) -> tuple[bool, datetime, str]:
    """Dated before undated, then by time, then by outlet name: the one order every list here uses."""
    return published is None, utc(published) if published else datetime.min.replace(tzinfo=UTC), outlet


def figure_change(conflict: Conflict, published: Mapping[str, datetime | None], settings: TimelineSettings) -> FigureChange:
    """The conflict's values in time order (`published`: article id → time), judged update or not."""
    values = sorted(
        (
            FigureValue(
                outlet=v.outlet,
                article_id=v.evidence.article_id,
                published=published.get(v.evidence.article_id),
                value=v.value,
                normalised=v.normalised,
                evidence=v.evidence,
            )
            for v in conflict.values
        ),
        key=lambda v: time_key(v.published, v.outlet),
    )
    kept = NOT_A_TALLY if not running_tally(conflict) else why_not_update(values, timedelta(minutes=settings.same_time_minutes))
    return FigureChange(
        fact_id=conflict.fact_id,
        slot=conflict.slot,
        values=values,
        update=kept is None,
        latest=values[-1].value if kept is None else None,
        reason=kept or UPDATE,
    )


UPDATE = "it changed over time and the latest reports agree: an update, not a conflict"
NOT_A_TALLY = "not a running tally (a count of the dead, hurt, missing, held, displaced or rescued): outlets disagree"
ONE_VALUE = "the values compare alike: nothing changed"
UNDATED = "an undated article gives a value, which cannot be placed in time: outlets disagree"
SAME_TIME = "outlets publishing at about the same time disagree"
BACK = "an older figure was reported again after a newer one: outlets disagree"


def running_tally(conflict: Conflict) -> bool:
    """A count whose every sentence tells what happened to what it counts ("killed", "injured",
    "arrested", "evacuated"): a toll that may rise as reports come in."""
    return conflict.slot == ConflictSlot.COUNT and all(
        any(pattern.search(v.evidence.text) for pattern in OUTCOMES.values()) for v in conflict.values
    )


def why_not_update(values: list[FigureValue], same_time: timedelta) -> str | None:
    """None when values in time order tell one figure changing: all dated, no two different ones
    within `same_time` of each other, and no figure back once a newer one replaced it; otherwise
    the reason it stays a conflict."""
    if len({v.normalised for v in values}) < 2:
        return ONE_VALUE
    if any(v.published is None for v in values):
        return UNDATED
    times = [utc(v.published) for v in values if v.published is not None]
    for i, earlier in enumerate(values):
        for j in range(i + 1, len(values)):
            if values[j].normalised != earlier.normalised and times[j] - times[i] <= same_time:
                return SAME_TIME
    runs = [v.normalised for k, v in enumerate(values) if k == 0 or v.normalised != values[k - 1].normalised]
    return BACK if len(runs) != len(set(runs)) else None


def story_timeline(articles: list[ArticleInfo], facts: list[Fact], changes: list[FigureChange]) -> StoryTimeline:
    """Articles in publication order with the facts each reported first, each fact's first
    appearance, and the figures that changed (`figure_change`)."""
    by_id = {a.id: a for a in articles}
    seen = [first_seen(fact, reporters(fact, articles), by_id) for fact in facts]
    firsts: dict[str, list[int]] = {}
    for fact, (_, first_articles) in zip(facts, seen):
        for article_id in first_articles:
            firsts.setdefault(article_id, []).append(fact.id)
    ordered = sorted(articles, key=lambda a: (*time_key(a.published, a.outlet), a.title, a.id))
    return StoryTimeline(
        articles=[
            TimelineArticle(article_id=a.id, outlet=a.outlet, title=a.title, published=a.published, first_reports=firsts.get(a.id, []))
            for a in ordered
        ],
        facts=sorted(
            (record for record, _ in seen),
            key=lambda r: (*time_key(r.first_published, ""), r.fact_id),
        ),
        figure_changes=changes,
    )


def reporters(fact: Fact, articles: Iterable[ArticleInfo]) -> dict[str, set[str]]:
    """Outlet → ids of its articles that report the fact: those whose sentences state it (or give
    it with another figure), and the copies other outlets carry of those articles."""
    reporting = {s.outlet for s in fact.support if s.status in REPORTING} if fact.support else set(fact.outlets)
    found: dict[str, set[str]] = {}
    for ref in fact.evidence:
        if ref.outlet in reporting:
            found.setdefault(ref.outlet, set()).add(ref.article_id)
    originals = {article_id for ids in found.values() for article_id in ids}
    carriers = {outlet for carried in fact.copies.values() for outlet in carried}
    for article in articles:
        if article.outlet in carriers and article.copy_of in originals:
            found.setdefault(article.outlet, set()).add(article.id)
    return found


def first_seen(fact: Fact, found: dict[str, set[str]], by_id: Mapping[str, ArticleInfo]) -> tuple[FactFirstSeen, list[str]]:
    """The fact's first appearance and the ids of the articles that made it (all tied at that moment)."""
    earliest: dict[str, ArticleInfo] = {}
    for outlet, ids in found.items():
        known = [by_id[i] for i in ids if i in by_id]
        if known:
            earliest[outlet] = min(known, key=lambda a: time_key(a.published, a.outlet))
    dated = sorted((a for a in earliest.values() if a.published), key=lambda a: time_key(a.published, a.outlet))
    undated = sorted(outlet for outlet, a in earliest.items() if a.published is None)
    if not dated:
        return FactFirstSeen(fact_id=fact.id, first_published=None, first_outlets=[], undated_outlets=undated), []
    start = time_key(dated[0].published, "")[1]
    tied = [a for a in dated if time_key(a.published, "")[1] == start]
    record = FactFirstSeen(
        fact_id=fact.id,
        first_published=dated[0].published,
        first_outlets=[a.outlet for a in tied],
        later_outlets=[a.outlet for a in dated[len(tied) :]],
        undated_outlets=undated,
    )
    return record, [a.id for a in tied]

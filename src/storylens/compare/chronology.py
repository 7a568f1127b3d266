"""When what each sentence describes happened, so that the summary tells the facts in the order of
events rather than in the order the articles tell them.

News puts the latest development first and fills in earlier events after it, so article order is
not time order. A reader of a summary expects a story told forward: how it began, what followed,
where it stands. Each sentence is given a day:

- the day it states: a date, or a weekday resolved to the latest such day on or before the
  article's publication ("on Wednesday" in an article of Sunday 17 September is the 13th; "last
  Sunday" is a week back), or, where the sentence says what will happen that day ("will meet on
  Wednesday", "is expected to sign it as soon as Thursday"), to the next such day. An article
  without a publication date is taken to be written on the first weekday it names without
  "last" or "next" (its lead's day), which is how news leads date the latest event. A
  weekday that dates a statement ("KCNA on Monday said", "said Tuesday") dates the saying, not
  the event, and is not used; of several days a sentence states, the earliest is its event's;
- a sentence that states no day continues the event of the sentence before it in its article;
- the lead, before the article's first dated sentence, tells the latest news: it is placed after
  everything dated on the publication day.

A fact's day is the median of its sentences' days, so one outlet's stray date does not move it;
facts of one day keep the order in which the articles tell them.
"""

from __future__ import annotations

import re
from datetime import date
from statistics import median

from storylens.analyze.quantities import DAYLESS_DATES, same_value
from storylens.compare.summary_hygiene import looks_ahead_to_weekday
from storylens.model import AnalyzedArticle, Quantity, QuantityKind, Role, Sentence

WEEK = 7
"""Days from the weekday read back to the same weekday ahead."""
LEAD_OFFSET = 0.5
"""The lead's news comes after the events dated on its publication day (days are whole numbers)."""
NARRATIVE_ROLES = frozenset({Role.STANDFIRST, Role.BODY})
"""Roles whose sentences follow one another in time; captions and headlines stand apart."""
SAYING = r"(?:said|says|told|announced|reported|added|stated|confirmed|claimed)"
_SAID_BEFORE = re.compile(rf"\b{SAYING}\s+(?:(?:on|late|early)\s+)?$")
_SAID_AFTER = re.compile(rf"^,?\s+{SAYING}\b")
_LAST = re.compile(r"\blast\s+$", re.IGNORECASE)
_NEXT = re.compile(r"\b(?:next|this\s+coming)\s+$", re.IGNORECASE)
WINDOW = 14
"""Characters either side of a weekday searched for the words that qualify it."""

AHEAD_DAYS = 180
"""A day and month without a year more than this far after publication is last year's: an article
of April that names "Sept. 11" looks back; one of September that names "Nov. 3" (an election)
looks ahead."""
Key = tuple[str, int]
"""(article id, sentence position)."""


def dates_a_statement(sentence: Sentence, quantity: Quantity) -> bool:
    before = sentence.text[max(0, quantity.start - WINDOW) : quantity.start]
    after = sentence.text[quantity.end : quantity.end + WINDOW]
    return bool(_SAID_BEFORE.search(before) or _SAID_AFTER.search(after))


def _relative(sentence: Sentence, quantity: Quantity) -> bool:
    """'last Tuesday', 'next Friday': a weekday named from another week than the writing day's."""
    before = sentence.text[max(0, quantity.start - WINDOW) : quantity.start]
    return bool(_LAST.search(before) or _NEXT.search(before))


class Calendar:
    """Turns one article's dates and weekdays into day numbers (proleptic Gregorian ordinals)."""

    def __init__(self, item: AnalyzedArticle, fallback_day: int) -> None:
        published = item.article.published
        self.year = published.year if published else None
        if published:
            self.day, self.weekday = published.date().toordinal(), published.weekday()
        else:
            named = [
                q
                for s in item.sentences
                if s.role in NARRATIVE_ROLES
                for q in _event_times(s)
                if q.kind == QuantityKind.WEEKDAY and not _relative(s, q)
            ]
            self.day = fallback_day
            self.weekday = int(named[0].value) if named else date.fromordinal(fallback_day).weekday()

    def day_of(self, sentence: Sentence, quantity: Quantity) -> int | None:
        """The day a weekday or date names; None for a year alone, too coarse to order one story's events."""
        if quantity.kind == QuantityKind.WEEKDAY:
            back = (self.weekday - int(quantity.value)) % 7
            before = sentence.text[max(0, quantity.start - WINDOW) : quantity.start]
            if _NEXT.search(before):
                return self.day + ((int(quantity.value) - self.weekday) % 7 or 7)
            if back == 0 and _LAST.search(before):
                back = 7
            return self.day - back
        if quantity.unit == "date":
            return int(quantity.value)
        if quantity.unit == "month-day" and self.year is not None:
            month, day = divmod(int(quantity.value), 100)
            this_year = _ordinal(self.year, month, day)
            if this_year is not None and this_year - self.day > AHEAD_DAYS:
                return _ordinal(self.year - 1, month, day)
            return this_year
        return None

    def stated_day(self, sentence: Sentence) -> int | None:
        days = [d for q in _event_times(sentence) if (d := self.day_of(sentence, q)) is not None]
        return min(days) if days else None


class NewsDays:
    """Each dated article's publication day and calendar, to tell whether two weekdays can
    contradict each other: an article cannot be contradicted about a day after it came out. An
    article of Sunday 9 December saying the leaders "met on Sunday" and one of Thursday the 13th
    saying they "met on Thursday" tell of two meetings (four of the twelve conflicts flagged on
    the 70 unmodified BASIL events were such); an article of Wednesday putting a quake on
    Tuesday and one of Thursday putting it on Wednesday disagree."""

    def __init__(self, items: list[AnalyzedArticle]) -> None:
        self.calendars = {i.article.id: Calendar(i, 0) for i in items if i.article.published is not None}

    def comparable(self, mine: Sentence, here: Quantity, theirs: Sentence, there: Quantity) -> bool:
        """Whether each article was out by the day the other's weekday names; weekdays of undated
        articles compare only with each other."""
        first, second = self.calendars.get(mine.article_id), self.calendars.get(theirs.article_id)
        if first is None or second is None:
            return first is second
        day_here, day_there = first.day_of(mine, here), second.day_of(theirs, there)
        if day_here is None or day_there is None:
            return True
        return day_here <= second.day and day_there <= first.day


def _ordinal(year: int, month: int, day: int) -> int | None:
    try:
        return date(year, month, day).toordinal()
    except ValueError:
        return None


def _event_times(sentence: Sentence) -> list[Quantity]:
    return [
        q
        for q in sentence.quantities
        if q.kind in (QuantityKind.WEEKDAY, QuantityKind.DATE) and not dates_a_statement(sentence, q)
    ]


def sentence_days(items: list[AnalyzedArticle]) -> dict[Key, float]:
    """The day of every standfirst and body sentence of the articles."""
    published = [i.article.published.date().toordinal() for i in items if i.article.published]
    fallback = max(published) if published else date(2000, 1, 1).toordinal()
    days: dict[Key, float] = {}
    for item in items:
        calendar = Calendar(item, fallback)
        dated = False
        for sentence in sorted(item.sentences, key=lambda s: s.position):
            if sentence.role not in NARRATIVE_ROLES:
                continue
            stated = calendar.stated_day(sentence)
            if stated is not None and looks_ahead_to_weekday(sentence.text):
                stated += WEEK
            dated = dated or stated is not None
            if stated is not None or not dated:
                days[sentence.article_id, sentence.position] = calendar.day + LEAD_OFFSET if stated is None else stated
    return days


RECAP = re.compile(
    r"\b(?:earlier this year|(?:late |early )?last (?:year|month|summer|spring|autumn|fall|winter)"
    r"|(?:a|one|two|three|four|five|six|\d+|several|many) (?:years?|months?|decades?) (?:ago|earlier|before)|previously)\b",
    re.IGNORECASE,
)
"""Words that put what a sentence tells months or more before the story's news: a recap of an
earlier event ("Earlier this year, five separate undersea cables were cut")."""


def another_time(mine: Sentence, theirs: Sentence) -> bool:
    """Whether two sentences tell of different times, so that their figures are of two events,
    not two outlets' accounts of one: both date what they tell and no date of one agrees with a
    date of the other while some disagree ("in 1994 ... on June 27, 2001" against "March 2");
    one dates it by month or year alone where the other dates it by weekday ("In January, five
    cables ... were cut" against "three undersea cables were damaged Friday", ECB+: news names
    this week's days by weekday and other times by month); or one says it was months or more
    before (`RECAP`) and the other does not. Statement dates ("said Tuesday") date the saying
    and are not read."""
    here, there = _event_dates(mine), _event_dates(theirs)
    if here and there:
        agreeing = [same_value(a, b) for a in here for b in there]
        return True not in agreeing and False in agreeing
    if here or there:
        dated, other = (here, theirs) if here else (there, mine)
        if all(q.unit in DAYLESS_DATES for q in dated) and any(q.kind == QuantityKind.WEEKDAY for q in _event_times(other)):
            return True
    return bool(RECAP.search(mine.text)) != bool(RECAP.search(theirs.text))


def _event_dates(sentence: Sentence) -> list[Quantity]:
    return [q for q in _event_times(sentence) if q.kind == QuantityKind.DATE]


def fact_day(members: list[Sentence], days: dict[Key, float]) -> float | None:
    """The median day of the fact's sentences that have one; None when none has."""
    known = [days[k] for s in members if (k := (s.article_id, s.position)) in days]
    return float(median(known)) if known else None

"""Numbers, durations, distances, money, percentages, dates and weekdays in a news sentence.

Outlets disagree most visibly on figures: "six-day trip" against "nearly a week", "five drones"
against "three drones", "Saturday" against "Sunday". To see such a disagreement the compare stage
needs each figure reduced to one comparable value (days, km, a currency amount, a date ordinal),
and a way to tell a real disagreement from rounding: `same_value`.

Extraction is regular expressions over one sentence, no model: figures in news prose follow a
few fixed shapes, and a regex is fast, predictable and easy to correct. Where a shape is
ambiguous the code leaves it out, because a figure it misreads becomes a false conflict in the
report, while a figure it misses only hides one.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from enum import Enum

from storylens.model import Quantity, QuantityKind

SMALL_NUMBERS = {
    word: value
    for value, word in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
        "fifteen sixteen seventeen eighteen nineteen".split()
    )
}
TENS = {word: 10 * (i + 2) for i, word in enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split())}
MULTIPLIERS = {"hundred": 100.0, "dozen": 12.0}
"""Scale words that multiply the number before them and may be followed by more: 'two hundred and five'."""
LARGE_SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
"""Scale words that close a group: 'two million three hundred thousand'."""
ABBREVIATED_SCALES = {"k": 1e3, "m": 1e6, "mn": 1e6, "bn": 1e9, "b": 1e9, "tn": 1e12, "trn": 1e12}
"""'£300m', '$1.2bn': only read after a currency, since a bare '300m' is as often metres."""

VAGUE_MULTIPLES = {
    "tens": 10,
    "dozens": 12,
    "scores": 20,
    "hundreds": 100,
    "thousands": 1e3,
    "millions": 1e6,
    "billions": 1e9,
}
"""'dozens of people' is read as 24: the least the phrase can mean (two dozen), marked approximate
and as a lower bound, so 'dozens' agrees with 30 or 60 but not with 10. 'tens of thousands' is
two tens of a thousand: 20,000."""

YEAR_DAYS = 365.25
DURATION_DAYS = {
    "second": 1 / 86400,
    "minute": 1 / 1440,
    "hour": 1 / 24,
    "day": 1.0,
    "week": 7.0,
    "fortnight": 14.0,
    "month": YEAR_DAYS / 12,
    "year": YEAR_DAYS,
    "decade": 10 * YEAR_DAYS,
}
"""Durations in days; a month is an average month, so 'two months' is 60.875 days."""
ARTICLE_DURATIONS = ("hour", "day", "week", "fortnight", "month", "year", "decade")
"""Units that 'a'/'an' counts as one of: 'a week'. Not seconds or minutes: 'a second summit'."""
RATE_WORDS = frozenset({"once", "twice", "thrice", "times", "per"})
"""'twice a week', 'three times a day': 'a week' there is a rate, not a duration."""
FIGURE_BEFORE = re.compile(
    r"(?:\d%?|\b(?:hundred|thousand|million|billion|trillion|percent|cents?|dollars?|euros?|pounds?|people|workers))\s+$",
    re.IGNORECASE,
)
"""'$600 a year', '12 percent a year', '50 cents an hour': after a figure, 'a year' is the figure's rate."""

MILE_KM = 1.609344
DISTANCE_KM = {
    "nautical mile": 1.852,
    "mile": MILE_KM,
    "kilometre": 1.0,
    "kilometer": 1.0,
    "km": 1.0,
    "metre": 1e-3,
    "meter": 1e-3,
    "foot": 0.3048e-3,
    "feet": 0.3048e-3,
    "ft": 0.3048e-3,
}
"""Distances in km. A bare 'm' is left out: after a number it is as often 'million' as 'metres'."""

CURRENCY_SIGNS = {"US$": "USD", "$": "USD", "£": "GBP", "€": "EUR", "₽": "RUB", "¥": "JPY", "₩": "KRW"}
CURRENCY_CODES = ("USD", "GBP", "EUR", "RUB", "CNY", "JPY", "KRW", "INR", "UAH")
CURRENCY_WORDS = {
    "dollar": "USD",
    "pound": "GBP",
    "euro": "EUR",
    "ruble": "RUB",
    "rouble": "RUB",
    "yuan": "CNY",
    "yen": "JPY",
    "won": "KRW",
    "rupee": "INR",
    "hryvnia": "UAH",
} | {code.lower(): code for code in CURRENCY_CODES}

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("January", "Jan"),
            ("February", "Feb"),
            ("March", "Mar"),
            ("April", "Apr"),
            ("May",),
            ("June", "Jun"),
            ("July", "Jul"),
            ("August", "Aug"),
            ("September", "Sept", "Sep"),
            ("October", "Oct"),
            ("November", "Nov"),
            ("December", "Dec"),
        ],
        start=1,
    )
    for name in names
}
WEEKDAYS = {name: i for i, name in enumerate("Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split())}


class Bound(Enum):
    """What an approximate marker says about the true value, relative to the stated one."""

    NEAR = "near"
    AT_LEAST = "at_least"
    AT_MOST = "at_most"


APPROXIMATE_MARKERS = {
    "nearly": Bound.NEAR,
    "almost": Bound.NEAR,
    "about": Bound.NEAR,
    "around": Bound.NEAR,
    "roughly": Bound.NEAR,
    "approximately": Bound.NEAR,
    "some": Bound.NEAR,
    "close to": Bound.NEAR,
    "an estimated": Bound.NEAR,
    "estimated": Bound.NEAR,
    "more than": Bound.AT_LEAST,
    "over": Bound.AT_LEAST,
    "just over": Bound.AT_LEAST,
    "well over": Bound.AT_LEAST,
    "at least": Bound.AT_LEAST,
    "upwards of": Bound.AT_LEAST,
    "up to": Bound.AT_MOST,
    "as many as": Bound.AT_MOST,
    "fewer than": Bound.AT_MOST,
    "less than": Bound.AT_MOST,
    "under": Bound.AT_MOST,
    "just under": Bound.AT_MOST,
}
"""Words before a figure that make it approximate. 'nearly' and 'almost' are read as near rather
than as an upper bound: 'nearly 300' does not agree with 150."""

STOP_WORDS = frozenset(
    "a an the of in on at to from for with by and or but nor as than that which who whom whose this these "
    "those it its their his her our your my is are was were be been being has have had do does did will "
    "would shall should can could may might must not no so if then there here when where while after before "
    "during since until about into onto over under between among against across through per each every "
    "behind beyond above below near inside outside within without toward towards upon despite along amid "
    "such same own just only also very too both either neither all any some many much few several said says "
    "say told according including like via up down out off again ago later earlier".split()
)
"""Words that end the search for a counted noun: what follows them is not what the number counts."""
MEASURE_WORDS = frozenset(
    {*DURATION_DAYS, *DISTANCE_KM, *CURRENCY_WORDS, "percent", "cent", "percentage", "square", "cubic"}
    | {"tonne", "ton", "kg", "kilogram", "gram", "degree", "litre", "liter", "barrel", "mph", "acre"}
    | {"hectare", "time", "am", "pm"}
)
"""A number followed by one of these measures something this module does not count ('12 per cent'
is a percentage, '5,000 square miles' an area, 'three times' a ratio), so it is not a count."""
IRREGULAR_PLURALS = {
    "people": "person",
    "men": "man",
    "women": "woman",
    "children": "child",
    "lives": "life",
    "crises": "crisis",
    "police": "police",
    "personnel": "personnel",
    "aircraft": "aircraft",
    "staff": "staff",
    "cattle": "cattle",
}
NOT_PLURAL = frozenset({"news", "series", "species", "arms", "means", "headquarters"})
"""Words ending in s that are modifiers, not the counted noun: 'two arms deals'."""
SINGULAR_SUFFIXES = (("ies", "y"), ("sses", "ss"), ("ches", "ch"), ("shes", "sh"), ("xes", "x"), ("s", ""))
IDENTIFIER_WORDS = frozenset({"number", "no", "no.", "nos.", "article", "section", "flight", "route", "room"})
"""Words that make the number after them a name: 'No. 1', 'number one priority', 'Article 5'."""
MAX_NOUN_DISTANCE = 4
"""Words searched after a number for its noun: 'five explosive drones', '3,000 heavily armed troops'."""


def _alternation(words: Iterable[str]) -> str:
    """A regex alternative of literal words, longest first so 'eighteen' wins over 'eight'."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


BEFORE = r"(?<![\w$£€₽¥₩#.,:/-])"
"""Not inside a word or code: keeps 'G7', 'F-16', 'Su-57', 'COVID-19', '#1' and '10:30' out."""
DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
NUMBER_WORD = _alternation([*SMALL_NUMBERS, *TENS, *MULTIPLIERS, *LARGE_SCALES])
SCALE_WORD = _alternation([*MULTIPLIERS, *LARGE_SCALES])
DIGIT_NUMBER = rf"(?:{DIGITS})(?:\s+(?:{SCALE_WORD})\b)*"
WORD_NUMBER = (
    rf"(?:an?\s+(?=(?:{SCALE_WORD})\b))?(?:{NUMBER_WORD})"
    rf"(?:(?:-|\s+|(?<=hundred)\s+and\s+)(?:{NUMBER_WORD}))*\b"
)
NUMBER = rf"(?P<number>{DIGIT_NUMBER}|{WORD_NUMBER})"
APPROX = rf"(?:(?P<approx>{_alternation(APPROXIMATE_MARKERS)})\s+)?"
NOT_AGE = r"(?!s?[\s-]old\b)"
COUNT_END = r"(?![\w%:/-]|[.,]\d)"
"""A count's number ends the word: not '3d-R', '2nd-L', '12%', nor the first half of '200-300'."""


def _compile(pattern: str) -> re.Pattern[str]:
    """Figure patterns ignore case: 'Five drones', 'Nearly a week' and 'KM' all occur."""
    return re.compile(pattern, re.IGNORECASE)


RANGE_JOINT = r"(?:\s*[-–]\s*|-?\s+to\s+)"
"""What joins a range's two ends: '40-60', '40 to 60', '40- to 60'."""
RANGE_LOW = rf"(?:(?P<low>{DIGITS}){RANGE_JOINT})?"
"""The first end of a range before a measure's number: '40-60 hours', '40 to 60 hours', '40- to 60-hour'."""
RANGE_TEXT = re.compile(rf"(?P<low>{DIGITS}){RANGE_JOINT}(?P<high>{DIGITS})")


def _measure_pattern(units: Iterable[str], article_units: Iterable[str] = (), after: str = "") -> re.Pattern[str]:
    """A number, or a range of two (or 'a'/'an' before `article_units`), followed by one of
    `units`, singular or plural."""
    unit = rf"(?P<unit>{_alternation(units)})s?\b"
    article = rf"|(?P<article>an?)\s+(?P<article_unit>{_alternation(article_units)})s?\b" if article_units else ""
    return _compile(rf"{BEFORE}{APPROX}(?:{RANGE_LOW}{NUMBER}[\s-]?{unit}{article}){after}")


DURATION_PATTERN = _measure_pattern(DURATION_DAYS, ARTICLE_DURATIONS, after=NOT_AGE)
DISTANCE_PATTERN = _measure_pattern(DISTANCE_KM, after=r"(?!\s*/|\s+(?:per|an?)\s+hour)")
MONEY_SIGN_PATTERN = _compile(
    rf"{BEFORE}{APPROX}(?P<currency>{_alternation([*CURRENCY_SIGNS, *CURRENCY_CODES])})\s?"
    rf"(?P<number>{DIGIT_NUMBER})(?P<scale>{_alternation(ABBREVIATED_SCALES)})?(?![\w%])"
)
MONEY_WORD_PATTERN = _compile(
    rf"{BEFORE}{APPROX}{NUMBER}(?P<scale>{_alternation(ABBREVIATED_SCALES)})?\s+(?:US\s+)?"
    rf"(?P<currency>{_alternation(CURRENCY_WORDS)})s?\b"
)
PERCENT_PATTERN = _compile(
    rf"{BEFORE}{APPROX}{NUMBER}(?:\s?%|\s+per\s?cent\b|\s+percent\b|[\s-](?P<points>percentage)[\s-]points?\b)"
)
COUNT_PATTERN = _compile(rf"{BEFORE}{APPROX}{NUMBER}{COUNT_END}")
COUNT_RANGE_PATTERN = _compile(
    rf"{BEFORE}{APPROX}(?P<low>{DIGITS})(?P<joint>\s*[-–]\s*|\s+to\s+)(?P<number>{DIGIT_NUMBER}){COUNT_END}"
)
"""'200 to 300 people', '1,500-3,500 deaths': one count from its first value to its last."""
VAGUE_COUNT_PATTERN = _compile(
    rf"\b(?:(?P<outer>{_alternation(VAGUE_MULTIPLES)})\s+of\s+)?(?P<inner>{_alternation(VAGUE_MULTIPLES)})\s+of"
    r"(?:\s+(?:the|their|its|his|her|our|these|those))?\b"
)
MONTH = rf"(?P<month>{_alternation(MONTHS)})\b"
"""A month name; the dot of 'Sept.' is read only before the day, where it cannot end the sentence."""
DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?\b"
YEAR_AFTER_DAY = r"(?:,?\s+(?P<year>\d{4})\b)?"
MONTH_DAY_PATTERN = re.compile(rf"\b{MONTH}\.?\s+{DAY}{YEAR_AFTER_DAY}")
DAY_MONTH_PATTERN = re.compile(rf"\b{DAY}\s+(?:of\s+)?{MONTH}{YEAR_AFTER_DAY}")
ISO_DATE_PATTERN = re.compile(r"\b(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})\b")
YEAR_LIKE = re.compile(r"1[89]\d\d|20\d\d")
DAYLESS_DATES = frozenset({"year", "decade", "month", "month-year"})
"""Units of a date that names no day: no event of one day is placed by one."""
MONTH_NAMES = tuple(name for name in MONTHS if len(name) > 4 or name in ("May", "June", "July"))
"""Months written out: "Jan" and "Dec" are as often names."""
MONTH_TIME = rf"(?P<month>{_alternation(MONTH_NAMES)})(?:,?\s+(?P<year>{YEAR_LIKE.pattern})\b)?(?![\w-]|\s+\d)"
MONTH_ALONE_PATTERN = re.compile(
    rf"\b(?:(?:[Ii]n|[Ss]ince|[Uu]ntil|[Tt]ill|[Tt]hrough|[Dd]uring|[Ll]ast|[Nn]ext|[Tt]his|(?:[Tt]he\s+)?(?:end|beginning|start|middle)\s+of)"
    rf"\s+(?:(?:early|late|mid)-?\s*)?|(?<=[\s(])(?=[A-Z][a-z]+,?\s+(?:{YEAR_LIKE.pattern})\b)){MONTH_TIME}"
)
"""A month with no day: "in March", "since last April" ("last" is read), "by the end of June",
"in mid-July", "September 2019". Only after a word that makes it a time, or before a year, so
"May" the name and "March" the verb are no dates; only its words, not the lead, are the figure."""
YEAR_PATTERN = re.compile(rf"{BEFORE}(?P<year>{YEAR_LIKE.pattern}){COUNT_END}")
DECADE_PATTERN = re.compile(rf"{BEFORE}(?P<decade>1[89]\d0|20\d0)['’]?s\b")
"""'the 1980s', "the 1990's": a decade, a date of its own that only another decade is compared with."""
WEEKDAY_PATTERN = re.compile(rf"\b(?P<weekday>{_alternation(WEEKDAYS)})\b")

WHOLE_NUMBER = r"\d{1,3}(?:,\d{3})+|\d+"
TALLY_PATTERN = re.compile(rf"{BEFORE}(?P<first>{WHOLE_NUMBER})(?P<joint>-to-|\s+to\s+|\s*[-–]\s*)(?P<second>{WHOLE_NUMBER}){COUNT_END}")
"""Two numbers joined as a vote or a score is written: '134-to-63', '134 to 63', '396-9'."""
TALLY_CONTEXT_WORDS = 4
TALLY_BEFORE = re.compile(
    r"\b(?:vot(?:e|es|ed|ing)|won|wins?|lost|loses?|beat|defeated|passed|approved|rejected|confirmed|margin|score|tally|split|ruled)\b(?:\s+(?:of|by|a|an|the|was|were|is))*$"
)
"""Words right before a pair of numbers that make it a tally: 'voted 48 to 52', 'won, 134 to 63',
'by a vote of 134 to 63'."""
TALLY_NOUNS = frozenset({"vote", "votes", "decision", "ruling", "margin", "majority", "victory", "win", "loss", "defeat", "tally", "score", "split"})
"""Words right after a pair of numbers that make it a tally: 'a 5-4 decision'."""
CONTRAST_BEFORE = re.compile(r"\b(?:compared (?:to|with)|versus|vs\.?|up from|down from|against)\s+$", re.IGNORECASE)
"""What sets a bare count against the count before it: '..., compared to 47'."""
HYPHENATED_LENGTH = re.compile(r"\w-[A-Za-z]+$")
"""A length written as an adjective, "60-day", "two-week": the noun after it is what lasts."""
LASTING_NOUN_AFTER = re.compile(r"(?:\s+[A-Z][\w.]*){0,2}\s+([a-z]{3,})\b")
"""The noun a hyphenated length qualifies, past up to two names before it ("a 21-year FBI veteran")."""
LASTING_VERB_BEFORE = re.compile(r"\b([a-z]{3,}ed)\s+for\s+$")
"""The verb a length is "for": "suspended for 90 days", "jailed for two years"."""
LASTING_SUFFIXES = (("sion", "d"), ("ment", ""), ("ed", ""), ("e", ""))
"""Endings that one noun, singular, and its verb differ by: "suspension"/"suspended", "sentence"/"sentenced"."""
AGE = "age"
"""What an age counts."""
AGE_BEFORE = re.compile(r"([A-Z][\w’'-]*),\s*$")
AGE_AFTER = re.compile(r"\s*(?:,|\.(?:\s|$))")
"""'Putin, 70, said', 'and Kathryn Jenkin, 20.': a number set off by a comma after a name, and by
another or the sentence's end, is that person's age."""
WORD_AFTER = re.compile(r"\s+([A-Za-z]+(?:-[A-Za-z]+)*)\b")
WORD_BEFORE = re.compile(r"([A-Za-z.]+)\s+$")
LEADING_BOUNDS = APPROXIMATE_MARKERS | dict.fromkeys(VAGUE_MULTIPLES, Bound.AT_LEAST)
"""What the word opening a figure's text says about it: 'more than 200' and 'dozens of' are floors."""
LEADING_MARKER = _compile(rf"(?P<marker>{_alternation(LEADING_BOUNDS)})\b")
PARENTHESIS_OPENING = re.compile(r"\s*\(\s*")

Builder = Callable[[re.Match[str], str], Quantity | None]


def extract_quantities(text: str) -> list[Quantity]:
    """Every figure in `text` with its comparable value, in reading order.

    Patterns run from the most specific (a full date, money, a unit) to the least (a bare count,
    a year), and a later pattern's match is dropped where it overlaps an earlier one, so
    '5,000 miles' is a distance and not also a count of 5,000, and the 2023 in 'Sept. 13, 2023'
    is not also a year.
    """
    taken: list[Quantity] = list(_tallies(text))
    for pattern, build in MATCHERS:
        for match in pattern.finditer(text):
            found = build(match, text)
            if found and not any(found.start < t.end and t.start < found.end for t in taken):
                taken.append(found)
    read = _with_elided_nouns(text, _inherit_approximation(text, sorted(taken, key=lambda q: q.start)))
    return [_with_what_lasts(text, q) if q.kind == QuantityKind.DURATION else q for q in read]


def as_written(figure: str) -> re.Pattern[str]:
    """The figure or word where a text writes it whole: a tally's "63" is not the end of "1963",
    nor "10" the start of "10.5"."""
    return re.compile(rf"(?<![\w.,]){re.escape(figure)}(?![\w]|[.,]\d)")


def _tallies(text: str) -> Iterator[Quantity]:
    """Both sides of each vote or score: '134-to-63 vote', 'by a vote of 134 to 63', 'a 5-4
    decision', 'voted 48 to 52'. A tally is two counts of one thing, never a range: read as one,
    '48 to 52' would agree with 50 and a changed tally, 134 to 196, would pass for 134–196.
    Two numbers before a unit are a range of it, whatever joins them ('a 10-to-15 percent raise')."""
    for match in TALLY_PATTERN.finditer(text):
        first, second = match["first"], match["second"]
        if YEAR_LIKE.fullmatch(first) or YEAR_LIKE.fullmatch(second):
            continue
        after = WORD_AFTER.match(text, match.end())
        following = after[1].lower() if after else None
        if (following is not None and _singular(following) in MEASURE_WORDS) or text.startswith("%", match.end()):
            continue
        hyphenated = match["joint"].strip() == "-to-"
        before = " ".join(re.findall(r"[\w']+", text[: match.start()].lower())[-TALLY_CONTEXT_WORDS:])
        if not (hyphenated or TALLY_BEFORE.search(before) or following in TALLY_NOUNS):
            continue
        for group in ("first", "second"):
            yield Quantity(
                kind=QuantityKind.COUNT,
                value=number_value(match[group]),
                unit="",
                subject="tally",
                text=match[group],
                start=match.start(group),
                end=match.end(group),
            )


def _with_elided_nouns(text: str, quantities: list[Quantity]) -> list[Quantity]:
    """A bare count set against an earlier one counts the same thing: in 'six arrests Wednesday,
    compared to 47 the previous night' the 47 are arrests, and a report comparing it with
    another outlet's '148 arrests' must know that."""
    result: list[Quantity] = []
    counted: Quantity | None = None
    for quantity in quantities:
        bare = quantity.kind == QuantityKind.COUNT and quantity.subject is None
        if bare and counted is not None and CONTRAST_BEFORE.search(text, counted.end, quantity.start) is not None:
            quantity = quantity.model_copy(update={"subject": counted.subject})
        if quantity.kind == QuantityKind.COUNT and quantity.subject not in (None, AGE):
            counted = quantity
        result.append(quantity)
    return result


def _with_what_lasts(text: str, duration: Quantity) -> Quantity:
    """A duration with what lasts it, where the sentence says so: "a 60-day suspension" and
    "suspended for 90 days" are two lengths of one suspension, but "a 21-year FBI veteran" is
    no length of it, and comparing the two would flag a conflict between different things."""
    hyphenated = HYPHENATED_LENGTH.search(duration.text) is not None
    noun = LASTING_NOUN_AFTER.match(text, duration.end) if hyphenated else None
    verb = None if hyphenated else LASTING_VERB_BEFORE.search(text, 0, duration.start)
    word = noun[1] if noun else verb[1] if verb else None
    return duration.model_copy(update={"subject": lasting_stem(word)}) if word else duration


def lasting_stem(word: str) -> str:
    """One form for a noun of what lasts and the verb of doing it: "suspension" and "suspended",
    "imprisonment" and "imprisoned", "sentence" and "sentenced", "ban" and "banned"."""
    stem = _singular(word.lower())
    for suffix, replacement in LASTING_SUFFIXES:
        if stem.endswith(suffix) and len(stem) - len(suffix) >= 3:
            stem = stem[: -len(suffix)] + replacement
            break
    if len(stem) > 3 and stem[-1] == stem[-2] and stem[-1] not in "aeiousl":
        stem = stem[:-1]
    return stem


def _record(
    match: re.Match[str],
    kind: QuantityKind,
    value: float,
    unit: str,
    end: int | None = None,
    subject: str | None = None,
    vague: bool = False,
    start: int | None = None,
) -> Quantity:
    """The record for a match; approximate when vague or when the match starts with a marker.
    `start` drops the match's opening words: a falling pair, "from 10 to 5 years", is two
    values in turn, not a range, and its figure is the last."""
    marked = "approx" in match.re.groupindex and match["approx"] is not None and start is None
    start, end = match.start() if start is None else start, match.end() if end is None else end
    return Quantity(
        kind=kind,
        value=value,
        unit=unit,
        approximate=vague or marked,
        subject=subject,
        text=match.string[start:end],
        start=start,
        end=end,
    )


def number_value(phrase: str) -> float:
    """'3,000' → 3000, '1.5 million' → 1500000, 'twenty-one' → 21, 'two hundred and five' → 205."""
    total, current = 0.0, 0.0
    for token in re.findall(r"[\d.,]+|[a-z]+", phrase.lower()):
        if token[0].isdigit():
            current = float(token.replace(",", ""))
        elif token in ("a", "an"):
            current = 1.0
        elif token in SMALL_NUMBERS or token in TENS:
            current += SMALL_NUMBERS.get(token, 0) + TENS.get(token, 0)
        elif token in MULTIPLIERS:
            current = (current or 1.0) * MULTIPLIERS[token]
        elif token in LARGE_SCALES:
            total, current = total + (current or 1.0) * LARGE_SCALES[token], 0.0
    return total + current


def _unit_factor(table: dict[str, float], unit: str) -> float:
    """The table's factor for a unit as written: any case, singular or plural."""
    key = " ".join(unit.lower().split())
    return table[key] if key in table else table[key.removesuffix("s")]


def _measure_builder(kind: QuantityKind, table: dict[str, float], unit: str) -> Builder:
    """A builder for `kind`: the number times the unit's factor in `table`."""

    def build(match: re.Match[str], text: str) -> Quantity | None:
        if match["number"] is not None:
            value = number_value(match["number"]) * _unit_factor(table, match["unit"])
            falling = match["low"] is not None and number_value(match["low"]) >= number_value(match["number"])
            return _record(match, kind, value, unit, start=match.start("number") if falling else None)
        if _is_rate(text, match.start("article")):
            return None
        return _record(match, kind, _unit_factor(table, match["article_unit"]), unit)

    return build


def _is_rate(text: str, start: int) -> bool:
    """Whether the words before `start` make 'a week' a rate: 'twice a week', '$600 a year'."""
    before = WORD_BEFORE.search(text, 0, start)
    return (before is not None and before[1].lower() in RATE_WORDS) or FIGURE_BEFORE.search(text, 0, start) is not None


def _build_money(match: re.Match[str], _text: str) -> Quantity:
    """'$1.2bn', '£300m', 'US$5 million', '300 million rubles': the amount in its currency."""
    currency = match["currency"]
    code = CURRENCY_SIGNS.get(currency.upper()) or CURRENCY_WORDS.get(currency.lower()) or currency.upper()
    scale = ABBREVIATED_SCALES[match["scale"].lower()] if match["scale"] else 1.0
    return _record(match, QuantityKind.MONEY, number_value(match["number"]) * scale, code)


def _build_percent(match: re.Match[str], _text: str) -> Quantity:
    """'12%', '12 per cent', '12 percent'; percentage points keep their own unit, 'pp'."""
    return _record(match, QuantityKind.PERCENT, number_value(match["number"]), "pp" if match["points"] else "%")


def _build_count(match: re.Match[str], text: str) -> Quantity | None:
    """A number and, where one follows, the noun it counts: 'five explosive drones' → 5 'drone'.

    Word numbers need a noun ('one of its nationals' and 'the two met' are not counts); digits
    do not ('killing 10'). A number that names something ('No. 1', 'Article 5'), a plain year
    ('the 2019 elections') and a number before a unit this module does not measure are left out.
    An age counts years of 'age', so it is compared only with other ages.
    """
    number = match["number"]
    if match["approx"] is None and (YEAR_LIKE.fullmatch(number) or _names_a_thing(text, match.start())):
        return None
    if _next_word(text, match.end()) in MEASURE_WORDS:
        return None
    value = number_value(number)
    if _is_age(text, match):
        return _record(match, QuantityKind.COUNT, value, "", subject=AGE)
    noun = _counted_noun(text, match.end(), plural=value != 1)
    if noun:
        return _record(match, QuantityKind.COUNT, value, "", end=noun[1], subject=noun[0])
    return _record(match, QuantityKind.COUNT, value, "") if number[0].isdigit() else None


def _build_count_range(match: re.Match[str], text: str) -> Quantity | None:
    """A rising range of digits and the noun it counts. Not a falling pair ('134 to 63', '5-4':
    a tally or a score, two values), a span of years ('2010-2012'), nor a hyphen between numbers
    of unlike length ('9-11'): those are read as before, number by number."""
    low, high = match["low"], match["number"]
    if number_value(low) >= number_value(high) or YEAR_LIKE.fullmatch(low) or YEAR_LIKE.fullmatch(high):
        return None
    if "to" not in match["joint"] and len(low.replace(",", "")) != len(high.replace(",", "")):
        return None
    if _names_a_thing(text, match.start()) or _next_word(text, match.end()) in MEASURE_WORDS:
        return None
    noun = _counted_noun(text, match.end(), plural=True)
    if noun:
        return _record(match, QuantityKind.COUNT, number_value(high), "", end=noun[1], subject=noun[0])
    return _record(match, QuantityKind.COUNT, number_value(high), "")


def _build_vague_count(match: re.Match[str], text: str) -> Quantity | None:
    """'dozens of people' → 24, 'tens of thousands of troops' → 20,000: see VAGUE_MULTIPLES."""
    outer = VAGUE_MULTIPLES[match["outer"].lower()] if match["outer"] else 1
    value = 2 * outer * VAGUE_MULTIPLES[match["inner"].lower()]
    noun = _counted_noun(text, match.end(), plural=True)
    if noun is None:
        return None
    return _record(match, QuantityKind.COUNT, value, "", end=noun[1], subject=noun[0], vague=True)


def _is_age(text: str, match: re.Match[str]) -> bool:
    """'Putin, 70, said': digits between commas right after a capitalised name."""
    return (
        match["number"].isdigit()
        and AGE_BEFORE.search(text, 0, match.start()) is not None
        and AGE_AFTER.match(text, match.end()) is not None
    )


def writes_number(text: str, value: float) -> bool:
    """Whether the text writes this whole number on its own, in digits or as a word ("7", "1,200",
    "seven"), with or without what it counts, or opening a range ("from 1978-89"): "served as an
    assistant coach for seven" gives the seven seasons of another sentence. "seven-year" gives a
    length, not the number."""
    if value < 0 or value != int(value):
        return False
    number = int(value)
    forms = {str(number), f"{number:,}", *(w for w, v in (SMALL_NUMBERS | TENS).items() if v == number)}
    alternatives = "|".join(map(re.escape, sorted(forms)))
    return re.search(rf"(?<![\w.,-])(?:{alternatives})(?!\w|[.,]\d|-[^\W\d])", text, re.IGNORECASE) is not None


def aged_name(text: str, age: Quantity) -> str:
    """The name word an age follows ("mcmeekin" of "Alice McMeekin, 58"), casefolded: whose age it is."""
    found = AGE_BEFORE.search(text, 0, age.start)
    return found[1].casefold() if found else ""


def _names_a_thing(text: str, start: int) -> bool:
    """Whether the word before a number makes it a name: 'No. 1', 'number one', 'Boeing 747'.

    A capitalised word directly before a number is nearly always a name ('Article 5'), unless it
    is a function word opening the sentence ('In 300 cases') or a weekday ('on Sunday 300').
    After a month name a number is a day, even an impossible one ('February 30'), never a count.
    """
    before = WORD_BEFORE.search(text, 0, start)
    if before is None:
        return False
    word = before[1]
    if word.lower() in IDENTIFIER_WORDS:
        return True
    is_function_word = word.lower().rstrip(".") in STOP_WORDS
    return word[0].isupper() and not is_function_word and word not in WEEKDAYS


def _next_word(text: str, position: int) -> str | None:
    """The lower-case, singular form of the word right after `position`, if a word follows."""
    word = WORD_AFTER.match(text, position)
    return _singular(word[1].lower()) if word else None


def _counted_noun(text: str, position: int, plural: bool) -> tuple[str, int] | None:
    """The lemma and end offset of the noun a number counts, searched in the words after it.

    Capitalised words are modifiers ('3,000 Russian troops'). For a plural count the noun is the
    first plural-looking word ('five explosive drones'); for a count of one it is the last word
    before a function word, a plural-looking word or a verb-looking word ('one reconnaissance
    drone was'), since a singular noun does not look different from its modifiers.
    """
    found: tuple[str, int] | None = None
    for lower, end in _words_after(text, position):
        if plural and _looks_plural(lower):
            return _singular(lower), end
        if not plural:
            if _looks_plural(lower) or lower.endswith(("ed", "ing")):
                break
            found = (lower, end)
    return found


MONEY_WORDS = frozenset({"money", "cash"})
"""Heads that say only that a sum is money: what it is of is the word before them ('$750,000 in
campaign money' and '$750,000 in campaign cash' are both of the campaign)."""


def money_purpose(text: str, position: int) -> str | None:
    """What a sum of money is of, from the words after it (at `position`): the last word before a
    function word or a verb-looking word, after an optional "in" and skipping names ('$43 million
    in federal taxes' → 'tax', '$716 billion in Medicare cuts' → 'cut', '$2.6 trillion trust
    fund' → 'fund', '$750,000 in campaign cash' → 'campaign'); None when they do not say ('cut
    $716 billion from Medicare'). Read when two sums are compared, not stored: a sum's text stays
    the figure alone."""
    words = money_words(text, position)
    return words[-1] if words else None


def money_words(text: str, position: int) -> list[str]:
    """The words after a sum that say what it is of, its purpose last and singular ('$43 million
    in federal taxes' → 'federal', 'tax'): federal and state taxes share a purpose, not these
    words. Empty when they do not say."""
    word = WORD_AFTER.match(text, position)
    if word is not None and word[1].lower() == "in":
        position = word.end()
    words: list[str] = []
    for lower, _ in _words_after(text, position):
        if words and lower.endswith(("ed", "ing")):
            break
        words.append(lower)
    if words and words[-1] in MONEY_WORDS:
        words.pop()
    if not words or words[-1].endswith(("ed", "ing")):
        return []
    return [*words[:-1], _singular(words[-1])]


def _words_after(text: str, position: int) -> Iterator[tuple[str, int]]:
    """The lowercased words after `position` where a figure's noun may lie, each with its end
    offset: up to `MAX_NOUN_DISTANCE` words and never past a boundary word; capitalised ones are
    skipped as modifiers ('3,000 Russian troops', '$716 billion in Medicare cuts')."""
    for _ in range(MAX_NOUN_DISTANCE):
        word = WORD_AFTER.match(text, position)
        if word is None or _is_boundary_word(word[1]):
            return
        position = word.end()
        if not word[1][0].isupper():
            yield word[1].lower(), position


def _is_boundary_word(word: str) -> bool:
    """A word the counted noun cannot lie beyond: function words, units, month and day names, and
    vague numbers ('tens of thousands' counts nothing until 'of' and a noun follow)."""
    lower = word.lower()
    calendar = word in MONTHS or word in WEEKDAYS
    return lower in STOP_WORDS or lower in VAGUE_MULTIPLES or _singular(lower) in MEASURE_WORDS or calendar


def _looks_plural(word: str) -> bool:
    """Ends like a plural ('drones', 'countries') or is a listed irregular one ('people')."""
    return word in IRREGULAR_PLURALS or (
        len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")) and word not in NOT_PLURAL
    )


def _singular(word: str) -> str:
    """'countries' → 'country', 'people' → 'person', 'drones' → 'drone'; other words unchanged."""
    if word in IRREGULAR_PLURALS:
        return IRREGULAR_PLURALS[word]
    if not _looks_plural(word):
        return word
    suffix, replacement = next((s, r) for s, r in SINGULAR_SUFFIXES if word.endswith(s))
    return word.removesuffix(suffix) + replacement


def _build_date(match: re.Match[str], _text: str) -> Quantity | None:
    """'September 13', '13 September 2023', 'Sept. 13, 2023', '2023-09-13'."""
    month_text = match["month"]
    month = int(month_text) if month_text.isdigit() else MONTHS[month_text]
    day, year = int(match["day"]), int(match["year"]) if match["year"] else None
    try:
        day_in_year = date(year or 2000, month, day)
    except ValueError:
        return None
    if year is None:
        return _record(match, QuantityKind.DATE, month * 100 + day, "month-day")
    return _record(match, QuantityKind.DATE, day_in_year.toordinal(), "date")


def _build_month(match: re.Match[str], _text: str) -> Quantity:
    """'in March' (unit 'month', its number) or 'March 2021' (unit 'month-year', 202103): a
    claim dated to a month is not stated by an outlet that dates nothing (`support`)."""
    month = MONTHS[match["month"]]
    start = match.start("month")
    if match["year"]:
        return _record(match, QuantityKind.DATE, int(match["year"]) * 100 + month, "month-year", start=start)
    return _record(match, QuantityKind.DATE, month, "month", start=start)


def _build_year(match: re.Match[str], _text: str) -> Quantity:
    """'in 2019': a year alone, 1800 to 2099, unit 'year'."""
    return _record(match, QuantityKind.DATE, int(match["year"]), "year")


def _build_decade(match: re.Match[str], _text: str) -> Quantity:
    """'built in the 1980s': a decade, by its first year, unit 'decade'. An outlet that dates
    nothing in a claim's sentences does not state "many of them built in the 1980s"."""
    return _record(match, QuantityKind.DATE, int(match["decade"]), "decade")


def _build_weekday(match: re.Match[str], _text: str) -> Quantity:
    """'on Sunday', "Saturday's visits": 0 for Monday to 6 for Sunday."""
    return _record(match, QuantityKind.WEEKDAY, WEEKDAYS[match["weekday"]], "weekday")


def _inherit_approximation(text: str, quantities: list[Quantity]) -> list[Quantity]:
    """A conversion in brackets is as approximate as the figure it converts.

    'roughly 5,000 miles (8,000 kilometres)': the 8,000 is the same rough figure in other units.
    """
    result: list[Quantity] = []
    for current in quantities:
        previous = result[-1] if result else None
        if (
            previous is not None
            and previous.approximate
            and previous.kind == current.kind
            and PARENTHESIS_OPENING.fullmatch(text, previous.end, current.start)
        ):
            current = current.model_copy(update={"approximate": True})
        result.append(current)
    return result


MATCHERS: tuple[tuple[re.Pattern[str], Builder], ...] = (
    (ISO_DATE_PATTERN, _build_date),
    (MONTH_DAY_PATTERN, _build_date),
    (DAY_MONTH_PATTERN, _build_date),
    (MONTH_ALONE_PATTERN, _build_month),
    (MONEY_SIGN_PATTERN, _build_money),
    (MONEY_WORD_PATTERN, _build_money),
    (PERCENT_PATTERN, _build_percent),
    (DISTANCE_PATTERN, _measure_builder(QuantityKind.DISTANCE, DISTANCE_KM, "km")),
    (DURATION_PATTERN, _measure_builder(QuantityKind.DURATION, DURATION_DAYS, "days")),
    (WEEKDAY_PATTERN, _build_weekday),
    (VAGUE_COUNT_PATTERN, _build_vague_count),
    (COUNT_RANGE_PATTERN, _build_count_range),
    (COUNT_PATTERN, _build_count),
    (DECADE_PATTERN, _build_decade),
    (YEAR_PATTERN, _build_year),
)
"""Most specific first: see `extract_quantities`."""


@dataclass(frozen=True)
class Tolerance:
    """How far apart two values may be and still agree: the larger of the two slacks.

    The absolute slack never exceeds the smaller value itself, so the 1-day slack for durations
    lets 'six-day' meet 'a week' but not '2 hours' meet '10 hours'.
    """

    relative: float
    absolute: float = 0.0

    def slack(self, a: float, b: float) -> float:
        a, b = abs(a), abs(b)
        return max(self.relative * max(a, b), min(self.absolute, a, b), 1e-9 * max(a, b))


TOLERANCES: dict[QuantityKind, tuple[Tolerance, Tolerance]] = {
    QuantityKind.COUNT: (Tolerance(0.0), Tolerance(0.10)),
    QuantityKind.DURATION: (Tolerance(0.15, 1.0), Tolerance(0.25, 1.5)),
    QuantityKind.DISTANCE: (Tolerance(0.05), Tolerance(0.15)),
    QuantityKind.MONEY: (Tolerance(0.0), Tolerance(0.15)),
    QuantityKind.PERCENT: (Tolerance(0.0, 0.5), Tolerance(0.10, 1.0)),
}
"""(when both are exact, when either is approximate) per kind.

Counts: exact counts must be equal; an approximate one may be 10% off ('about 300' vs 310).
Durations: 15% or 1 day, since outlets count a trip's days differently ('six-day' vs 'a week');
approximate 25% or 1.5 days ('nearly a week' vs 'six-day'). Distances: 5%, for unit conversion
and rounding ('5,000 miles' = 8,047 km vs '8,000 km'); approximate 15%. Money in one currency is
never converted, so an exact sum may differ only by its rounding, half a unit of its last written
digit and at most a quarter of it ('$1.2bn' and '$1.25 billion' agree, '$5.7 billion' and '$5.9
billion' do not, nor '$1 million' and '$500,000');
approximate 15%. Percentages: half a point, a whole-number rounding; approximate 10% or 1 point. Each errs wide: a missed
conflict costs less than a false one.
"""


def same_value(a: Quantity, b: Quantity) -> bool | None:
    """Whether two figures agree: True, False, or None when they measure different things.

    None for different kinds, different units (USD vs GBP), or counts of different things when
    both name what they count ('5 drones' vs '5 vests'); a count that names nothing ('killed 10')
    is compared with any count. Weekdays and dates must match exactly;
    a date without a year, a full date and a year alone are compared on what both state. Other
    kinds agree within TOLERANCES, and a bound agrees with any value on its side: 'more than 200'
    and 250 agree, 'dozens' and 60 agree, 'up to 50' and 80 do not; so does a range with any
    value inside it, and two ranges agree when both ends do ('40-60 hours' and '40 to 187
    hours' do not). Two that disagree by more than `MAGNITUDES_APART` are about different
    things (None).
    """
    if a.kind != b.kind:
        return None
    if a.kind == QuantityKind.DATE:
        return _same_date(a, b)
    if a.unit != b.unit or (a.kind == QuantityKind.COUNT and a.subject and b.subject and a.subject != b.subject):
        return None
    if a.kind == QuantityKind.WEEKDAY:
        return a.value == b.value
    exact, approximate = TOLERANCES[a.kind]
    slack = (approximate if _estimate(a) or _estimate(b) else exact).slack(a.value, b.value)
    if a.kind == QuantityKind.MONEY and not (_estimate(a) or _estimate(b)):
        slack = max(slack, _rounding(a), _rounding(b))
    range_a, range_b = value_range(a), value_range(b)
    if range_a is not None and range_b is not None:
        tolerance = approximate if _estimate(a) or _estimate(b) else exact
        if all(abs(x - y) <= tolerance.slack(x, y) for x, y in zip(range_a, range_b)):
            return True
        return None if _apart(a.value, b.value) else False
    (low_a, high_a), (low_b, high_b) = _interval(a), _interval(b)
    if low_a <= high_b + slack and low_b <= high_a + slack:
        return True
    return None if _apart(a.value, b.value) else False


MAGNITUDES_APART = 10.0
"""Two figures further apart than this factor measure different things: outlets that disagree on
one figure give 12 dead against 15, 50,000 pages against 55,000, not "nearly an hour" against
"three weeks" or $43,000 against $750,000 (BASIL's false conflicts of this kind)."""


def _apart(a: float, b: float) -> bool:
    low, high = sorted((abs(a), abs(b)))
    return low > 0 and high / low > MAGNITUDES_APART


_WRITTEN_NUMBER = re.compile(r"\d[\d,]*(?:\.(\d+))?")


ROUNDING_SHARE = 0.25
"""The most of a sum its rounding may stand for: half a unit of the last digit of "$1 million" is
$500,000, and an outlet that gives $500,000 gives another sum, not the same one rounded."""


def _rounding(q: Quantity) -> float:
    """Half a unit of the figure's last written digit, in its value's scale: 0.05 billion for
    '$1.2bn'; at most `ROUNDING_SHARE` of the figure."""
    match = _WRITTEN_NUMBER.search(q.text)
    written = float(match.group().replace(",", "")) if match else 0.0
    if match is None or not written:
        return 0.0
    return min(0.5 * 10.0 ** -len(match.group(1) or "") * q.value / written, ROUNDING_SHARE * abs(q.value))


def _leading_bound(q: Quantity) -> tuple[Bound, str | None]:
    """The bound the words opening a figure's text set, and those words, if any."""
    marker = LEADING_MARKER.match(q.text)
    if not marker:
        return Bound.NEAR, None
    words = " ".join(marker["marker"].lower().split())
    return LEADING_BOUNDS[words], words


def _estimate(q: Quantity) -> bool:
    """Approximate about its value, not only a stated bound: 'about 300', 'dozens', 'nearly a week'.
    'At least 15' is exact about where it starts, so it and 14 cannot overlap."""
    bound, words = _leading_bound(q)
    return q.approximate and not (bound is not Bound.NEAR and words in APPROXIMATE_MARKERS)


RANGED_KINDS = frozenset({QuantityKind.DURATION, QuantityKind.DISTANCE, QuantityKind.COUNT})
"""The kinds read as ranges (`RANGE_LOW`, `COUNT_RANGE_PATTERN`); a date's text ("2024-03-12") only looks like one."""


def value_range(q: Quantity) -> tuple[float, float] | None:
    """The ends of a range, in the figure's unit ('40 to 60 hours' → 1.67, 2.5 days); None for
    one value. The value stored is the upper end; the lower is read from the text."""
    written = RANGE_TEXT.search(q.text) if q.kind in RANGED_KINDS else None
    if written is None:
        return None
    high = number_value(written["high"])
    return (q.value * number_value(written["low"]) / high, q.value) if high else None


def _interval(q: Quantity) -> tuple[float, float]:
    """The values a figure allows: a range's ends ('40 to 60 hours'), or from the marker that
    opens its text: 'more than 200' → [200, ∞)."""
    if (ends := value_range(q)) is not None:
        return ends
    bound, _ = _leading_bound(q)
    if bound is Bound.AT_LEAST:
        return q.value, math.inf
    if bound is Bound.AT_MOST:
        return -math.inf, q.value
    return q.value, q.value


def _same_date(a: Quantity, b: Quantity) -> bool | None:
    """Dates agree when every field both state (year, month, day) is equal; None if they share none."""
    fields_a, fields_b = _date_fields(a), _date_fields(b)
    shared = fields_a.keys() & fields_b.keys()
    if not shared:
        return None
    return all(fields_a[f] == fields_b[f] for f in shared)


def _date_fields(q: Quantity) -> dict[str, int]:
    """The year, month and day a DATE states, by its unit."""
    value = int(q.value)
    if q.unit == "year":
        return {"year": value}
    if q.unit == "decade":
        return {"decade": value // 10}
    if q.unit == "month-day":
        return {"month": value // 100, "day": value % 100}
    if q.unit == "month":
        return {"month": value}
    if q.unit == "month-year":
        return {"year": value // 100, "month": value % 100}
    day = date.fromordinal(value)
    return {"year": day.year, "month": day.month, "day": day.day}

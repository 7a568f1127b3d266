"""Figures found in news sentences, and whether two outlets' figures agree.

Each case is what a reader of the report would notice: a figure missed, misread, or a
disagreement flagged where the outlets only rounded differently.
"""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest

from storylens.analyze.quantities import extract_quantities, money_purpose, money_words, same_value, value_range
from storylens.model import Quantity, QuantityKind
from tests.conftest import SEED

DRONES = (
    "Before departing from Vladivostok, the Pacific port city just over the border, Kim was presented with "
    "five explosive drones, a reconnaissance drone and a bulletproof vest as gifts from the governor of the "
    "Primorye region, which borders China and North Korea."
)
COSMODROME = (
    "On Wednesday, Putin and Kim held talks at Russia’s new Vostochny cosmodrome, roughly 5,000 miles "
    "(8,000 kilometres) from Moscow."
)
SIX_DAY = (
    "North Korean leader Kim Jong-un is on his way home from Russia, ending a six-day trip that triggered "
    "global concerns about weapons transfer deals between the two countries locked in separate standoffs with the West."
)
NEARLY_A_WEEK = (
    "North Korea’s Kim Jong Un has made his way home after nearly a\u00a0week in Russia on a defence-focused "
    "trip – but not before taking in a performing walrus show."
)
FOUR_YEAR = (
    "Since entering Russia last Tuesday in his first overseas trip in more than four year, Mr Kim has met "
    "President Vladimir Putin and visited key military and technology sites."
)


def one(text: str, kind: QuantityKind | None = None) -> Quantity:
    """The single figure of `kind` (or of any kind) in `text`; fails if there is not exactly one."""
    found = [q for q in extract_quantities(text) if kind is None or q.kind == kind]
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(
    ("text", "value", "subject", "approximate"),
    [
        ("Kim was given five explosive drones.", 5, "drone", False),
        ("ties between the two countries", 2, "country", False),
        ("Moscow sent 3,000 troops to the border.", 3000, "troop", False),
        ("Dozens of people gathered.", 24, "person", True),
        ("more than 200 people were killed", 200, "person", True),
        ("1.5 million refugees fled", 1_500_000, "refugee", False),
        ("twenty-one soldiers died", 21, "soldier", False),
        ("some 300 heavily armed Russian troops", 300, "troop", True),
        ("tens of thousands of protesters", 20_000, "protester", True),
        ("hundreds of civilians", 200, "civilian", True),
        ("a dozen missiles", 12, "missile", False),
        ("two hundred and five vehicles", 205, "vehicle", False),
        ("one drone was shot down", 1, "drone", False),
        ("at least 12 casualties", 12, "casualty", True),
        ("the strike killed 10.", 10, None, False),
    ],
)
def test_counts_have_a_value_and_what_is_counted(
    text: str, value: float, subject: str | None, approximate: bool
) -> None:
    count = one(text, QuantityKind.COUNT)
    assert (count.value, count.subject, count.approximate) == (pytest.approx(value), subject, approximate)


@pytest.mark.parametrize(
    "text",
    [
        "a reconnaissance drone and a bulletproof vest",
        "his first overseas trip",
        "offered to send one of its nationals to space",
        "make ties with Russia its ‘number one priority’",
        "He was ranked No. 1 in the poll.",
        "at the G7 summit, during COVID-19, flying F-16 and Su-57 jets",
        "Russian President Vladimir Putin (2nd-L) and North Korean leader Kim Jong Un (3d-R) visit",
        "the two met behind closed doors",
        "a 10-year-old boy",
        "under Article 5 of the treaty",
        "5,000 square miles",
    ],
)
def test_non_counts_are_ignored(text: str) -> None:
    assert [q for q in extract_quantities(text) if q.kind == QuantityKind.COUNT] == []


def test_vague_number_without_a_noun_is_not_a_count() -> None:
    assert extract_quantities("the war has killed tens of thousands and displaced millions") == []


def test_ages_are_counts_of_age_so_they_meet_only_ages() -> None:
    putin, kim = extract_quantities("Putin, 70, met Kim, 39, in Russia.")
    assert [(q.value, q.subject) for q in (putin, kim)] == [(70, "age"), (39, "age")]
    assert same_value(putin, one("Russia lost 70 tanks")) is None


def test_an_age_may_end_its_sentence() -> None:
    """"… of Alice McMeekin, 58, and Kathryn Jenkin, 20." gives two ages (ECB+): the 20 had been a bare count."""
    mother, daughter = extract_quantities("He is due in court over the murders of Alice McMeekin, 58, and Kathryn Jenkin, 20.")
    assert [(q.value, q.subject) for q in (mother, daughter)] == [(58, "age"), (20, "age")]


def test_picture_markers_and_codes_give_no_quantity_at_all() -> None:
    text = "Putin (2nd-L) and Kim Jong Un (3d-R) discussed the G7, COVID-19, F-16 and Su-57 jets."
    assert extract_quantities(text) == []


@pytest.mark.parametrize(
    ("text", "days", "approximate"),
    [
        ("Kim’s six-day trip", 6, False),
        ("after nearly a week in Russia", 7, True),
        ("he stayed a week", 7, False),
        ("his first trip in more than four years", 4 * 365.25, True),
        ("his first trip in more than four year", 4 * 365.25, True),
        ("the talks lasted 48 hours", 2, False),
        ("two months of fighting", 60.875, False),
        ("a fortnight later", 14, False),
        ("a 48-hour ceasefire", 2, False),
        ("about 30 minutes", 30 / 1440, True),
    ],
)
def test_durations_are_in_days(text: str, days: float, approximate: bool) -> None:
    duration = one(text, QuantityKind.DURATION)
    assert (duration.value, duration.unit, duration.approximate) == (pytest.approx(days), "days", approximate)


@pytest.mark.parametrize(
    "text",
    ["they meet twice a week", "three times a day", "saving them $600 a year", "it grew 12 percent a year", "a 10-year-old boy", "a second summit"],
)
def test_rates_ages_and_ordinals_are_not_durations(text: str) -> None:
    assert [q for q in extract_quantities(text) if q.kind == QuantityKind.DURATION] == []


@pytest.mark.parametrize(
    ("text", "km"),
    [
        ("5,000 miles away", 8046.72),
        ("8,000 kilometres from Moscow", 8000),
        ("8,000 km from Moscow", 8000),
        ("8,000km from Moscow", 8000),
        ("8,000 kilometers from Moscow", 8000),
        ("a 500-metre runway", 0.5),
        ("200 nautical miles offshore", 370.4),
    ],
)
def test_distances_are_in_km(text: str, km: float) -> None:
    distance = one(text, QuantityKind.DISTANCE)
    assert (distance.value, distance.unit) == (pytest.approx(km), "km")


@pytest.mark.parametrize(
    ("text", "written", "days"),
    [
        ("a 40-60 hour training program", "40-60 hour", (40 / 24, 60 / 24)),
        ("willing to go through 40 to 60 hours of training", "40 to 60 hours", (40 / 24, 60 / 24)),
        ("take a 40- to 60-hour training course", "40- to 60-hour", (40 / 24, 60 / 24)),
        ("faces 5 to 10 years in prison", "5 to 10 years", (5 * 365.25, 10 * 365.25)),
    ],
)
def test_a_range_is_one_figure_from_its_first_value_to_its_last(text: str, written: str, days: tuple[float, float]) -> None:
    """"40 to 60 hours" is one duration, not a count of 40 beside 60 hours: a range that another
    outlet gives with other ends disagrees, and a value inside it agrees."""
    (duration,) = extract_quantities(text)
    assert (duration.kind, duration.text) == (QuantityKind.DURATION, written)
    assert value_range(duration) == (pytest.approx(days[0]), pytest.approx(days[1]))


@pytest.mark.parametrize(
    ("first", "second", "same"),
    [
        ("a 40-60 hour course", "40 to 60 hours of training", True),
        ("a 40-60 hour course", "a 40- to 187-hour course", False),
        ("a 40-60 hour course", "a 50-hour course", True),
        ("a 40-60 hour course", "a 90-hour course", False),
        ("faces 5 to 10 years in prison", "faces up to 10 years in prison", True),
    ],
)
def test_ranges_agree_on_both_ends_and_with_the_values_inside_them(first: str, second: str, same: bool) -> None:
    assert same_value(one(first, QuantityKind.DURATION), one(second, QuantityKind.DURATION)) is same


@pytest.mark.parametrize(
    ("text", "written", "ends", "subject"),
    [
        ("Police said 200 to 300 people marched.", "200 to 300 people", (200, 300), "person"),
        ("Some 200-300 people marched.", "Some 200-300 people", (200, 300), "person"),
        ("The model projects 100,000 to 240,000 deaths.", "100,000 to 240,000 deaths", (100_000, 240_000), "death"),
    ],
)
def test_a_range_of_counts_is_one_count(text: str, written: str, ends: tuple[int, int], subject: str) -> None:
    """"200 to 300 people" was a count of 200 beside one of 300 people, which could meet another
    outlet's "about 250 people" as a conflict of 300 against 250."""
    (count,) = extract_quantities(text)
    assert (count.kind, count.text, value_range(count), count.subject) == (QuantityKind.COUNT, written, ends, subject)


def test_a_count_inside_a_range_of_counts_agrees_with_it() -> None:
    marched = one("Police said 200 to 300 people marched.", QuantityKind.COUNT)
    assert same_value(marched, one("About 250 people marched.", QuantityKind.COUNT)) is True
    assert same_value(marched, one("Some 200-400 people marched.", QuantityKind.COUNT)) is False


@pytest.mark.parametrize(
    ("text", "counts"),
    [
        ("Pelosi won, 134 to 63.", ["134", "63"]),
        ("The court ruled 5-4 on Monday.", ["5", "4"]),
        ("She won by a 134-to-63 vote.", ["134", "63"]),
        ("The Senate voted 48 to 52 against it.", ["48", "52"]),
        ("It was upheld in a 5-4 decision.", ["5", "4"]),
        ("the 9-11 attacks", []),
        ("from 2009 to 2012", []),
    ],
)
def test_a_tally_a_score_and_a_span_of_years_are_no_ranges(text: str, counts: list[str]) -> None:
    found = [q for q in extract_quantities(text) if q.kind == QuantityKind.COUNT]
    assert [q.text for q in found] == counts
    assert all(q.subject == "tally" and value_range(q) is None for q in found)


@pytest.mark.parametrize("text", ["They got a 10-to-15 percent raise.", "It costs 20-to-30 dollars.", "A 5-to-10 mile walk."])
def test_two_numbers_before_a_unit_are_no_tally(text: str) -> None:
    assert not [q for q in extract_quantities(text) if q.subject == "tally"]


def test_a_changed_tally_disagrees_with_the_first_on_one_side_only() -> None:
    """A rising tally, 134 to 196, is two counts like 134 to 63, not the range 134-196 that 150 would fall in."""
    before = extract_quantities("Pelosi won by a vote of 134 to 63.")
    after = extract_quantities("Pelosi won by a vote of 134 to 196.")
    assert [same_value(a, b) for a, b in zip(before, after)] == [True, False]


@pytest.mark.parametrize(
    ("text", "subject"),
    [
        ("Johnson said there were six arrests Wednesday, compared to 47 the previous night.", "arrest"),
        ("The plant employs 40 workers, up from 25.", "worker"),
        ("Police made 12 arrests versus 30 last year.", "arrest"),
    ],
)
def test_a_bare_count_set_against_a_counted_one_counts_the_same_thing(text: str, subject: str) -> None:
    *_, last = [q for q in extract_quantities(text) if q.kind == QuantityKind.COUNT]
    assert last.subject == subject


def test_a_bare_count_without_a_contrast_stays_uncounted() -> None:
    """'killing 10' after '12 soldiers were sent': nothing sets the 10 against the soldiers."""
    *_, last = [q for q in extract_quantities("After 12 soldiers were sent, the attack went on, killing 10.") if q.kind == QuantityKind.COUNT]
    assert last.subject is None


def test_a_full_date_is_no_range() -> None:
    (day,) = [q for q in extract_quantities("The deal was signed on 2024-03-12 in Seoul.") if q.kind == QuantityKind.DATE]
    assert value_range(day) is None


def test_a_figure_going_down_is_not_a_range() -> None:
    """"cut the term from 10 to 5 years": two values in turn, the later one the figure."""
    duration = one("cut the term from 10 to 5 years", QuantityKind.DURATION)
    assert (duration.text, value_range(duration)) == ("5 years", None)


def test_speeds_are_not_distances() -> None:
    assert extract_quantities("the train ran at 100 km/h") == []


@pytest.mark.parametrize(
    ("text", "amount", "currency"),
    [
        ("a $1.2bn deal", 1.2e9, "USD"),
        ("a $1.2 billion deal", 1.2e9, "USD"),
        ("a £300m fund", 3e8, "GBP"),
        ("fined 300 million rubles", 3e8, "RUB"),
        ("€50,000 in aid", 50_000, "EUR"),
        ("US$5 million", 5e6, "USD"),
        ("five million dollars", 5e6, "USD"),
    ],
)
def test_money_is_in_units_of_its_currency(text: str, amount: float, currency: str) -> None:
    money = one(text, QuantityKind.MONEY)
    assert (money.value, money.unit) == (pytest.approx(amount), currency)


@pytest.mark.parametrize("text", ["rose 12%", "rose 12 per cent", "rose 12 percent", "rose 12.0%"])
def test_percentages(text: str) -> None:
    share = one(text, QuantityKind.PERCENT)
    assert (share.value, share.unit) == (12, "%")


def test_percentage_points_are_not_percentages() -> None:
    assert one("support fell 3 percentage points", QuantityKind.PERCENT).unit == "pp"


@pytest.mark.parametrize(
    ("text", "day", "weekday"),
    [
        ("Kim was at the aquarium on Sunday.", "Sunday", 6),
        ("accompanied on Saturday’s visits", "Saturday", 5),
        ("Kim’s tour, which began Tuesday, has fanned fears", "Tuesday", 1),
        ("Wednesday", "Wednesday", 2),
    ],
)
def test_weekdays_are_numbered_from_monday(text: str, day: str, weekday: int) -> None:
    found = one(text, QuantityKind.WEEKDAY)
    assert (found.text, found.value, found.unit) == (day, weekday, "weekday")


@pytest.mark.parametrize(
    "text",
    [
        "on 13 September 2023",
        "on Sept. 13, 2023",
        "on September 13, 2023",
        "on 2023-09-13",
        "the 13th of September 2023",
    ],
)
def test_full_dates_are_day_ordinals(text: str) -> None:
    found = one(text)
    assert (found.kind, found.unit, found.value) == (QuantityKind.DATE, "date", date(2023, 9, 13).toordinal())


@pytest.mark.parametrize("text", ["on September 13", "on 13 September", "on Sept 13th"])
def test_dates_without_a_year_are_month_and_day(text: str) -> None:
    found = one(text)
    assert (found.kind, found.unit, found.value) == (QuantityKind.DATE, "month-day", 913)


@pytest.mark.parametrize(
    ("text", "unit", "value", "written"),
    [
        ("introduced the bill in March after attacks rose", "month", 3, "March"),
        ("his first visit since last April", "month", 4, "April"),
        ("a deal by the end of June", "month", 6, "June"),
        ("talks in mid-July", "month", 7, "July"),
        ("In May, he won.", "month", 5, "May"),
        ("a speech in September 2019", "month-year", 201909, "September 2019"),
    ],
)
def test_a_month_without_a_day_is_a_date(text: str, unit: str, value: int, written: str) -> None:
    """A claim dated to a month ("introduced the act in March") is not stated by an outlet that
    dates nothing: a NeuS summary had cited one for it."""
    found = one(text)
    assert (found.kind, found.unit, found.value, found.text) == (QuantityKind.DATE, unit, value, written)


@pytest.mark.parametrize("text", ["Theresa May said she would go", "They march on Washington", "Jan Brewer signed it", "in Marches"])
def test_a_month_name_that_is_no_time_is_no_date(text: str) -> None:
    assert extract_quantities(text) == []


def test_a_year_alone_is_a_year_but_a_count_with_a_comma_is_not() -> None:
    assert (one("his first visit since 2019").unit, one("his first visit since 2019").value) == ("year", 2019)
    troops = one("2,019 troops")
    assert (troops.kind, troops.value) == (QuantityKind.COUNT, 2019)


def test_a_full_stop_after_a_date_is_not_part_of_it() -> None:
    assert one("Kim left on 17 September.").text == "17 September"


def test_impossible_dates_are_ignored() -> None:
    assert extract_quantities("on February 30") == []


@pytest.mark.parametrize(
    "text",
    [DRONES, COSMODROME, SIX_DAY, NEARLY_A_WEEK, FOUR_YEAR, "about $1.2bn, 12 per cent, dozens of men on 13 September"],
)
def test_offsets_point_at_the_text(text: str) -> None:
    for q in extract_quantities(text):
        assert text[q.start : q.end] == q.text


def test_approximation_marker_is_part_of_the_text() -> None:
    assert one("nearly a week in Russia").text == "nearly a week"


def test_seed_drone_gifts_are_one_count_of_five() -> None:
    found = extract_quantities(DRONES)
    assert [(q.kind, q.value, q.subject, q.text) for q in found] == [
        (QuantityKind.COUNT, 5, "drone", "five explosive drones")
    ]


def test_seed_cosmodrome_sentence_gives_weekday_and_both_rough_distances() -> None:
    weekday, miles, kilometres = extract_quantities(COSMODROME)
    assert (weekday.kind, weekday.value) == (QuantityKind.WEEKDAY, 2)
    assert (miles.value, miles.approximate, miles.text) == (pytest.approx(8046.72), True, "roughly 5,000 miles")
    assert (kilometres.value, kilometres.approximate, kilometres.text) == (8000, True, "8,000 kilometres")
    assert same_value(miles, kilometres) is True


def test_seed_trip_lengths_agree() -> None:
    six_day = one(SIX_DAY, QuantityKind.DURATION)
    nearly_a_week = one(NEARLY_A_WEEK, QuantityKind.DURATION)
    assert (six_day.value, nearly_a_week.value, nearly_a_week.approximate) == (6, 7, True)
    assert same_value(six_day, nearly_a_week) is True


def test_seed_first_trip_in_more_than_four_year() -> None:
    kinds = {q.kind: q for q in extract_quantities(FOUR_YEAR)}
    assert kinds.keys() == {QuantityKind.WEEKDAY, QuantityKind.DURATION}
    assert kinds[QuantityKind.DURATION].value == pytest.approx(1461)
    assert kinds[QuantityKind.DURATION].approximate


def test_seed_articles_give_only_real_figures() -> None:
    """Every figure found in the two seed articles, so a new false positive shows up here."""
    found = Counter(
        (q.kind.value, q.text)
        for path in sorted(SEED.glob("*.txt"))
        for line in path.read_text(encoding="utf-8").splitlines()
        for q in extract_quantities(line)
    )
    assert found == Counter(
        {
            ("weekday", "Sunday"): 9,
            ("weekday", "Wednesday"): 4,
            ("weekday", "Tuesday"): 2,
            ("weekday", "Monday"): 1,
            ("weekday", "Saturday"): 1,
            ("count", "two countries"): 3,
            ("count", "five explosive drones"): 1,
            ("duration", "six-day"): 2,
            ("duration", "nearly a\u00a0week"): 1,
            ("duration", "more than four year"): 1,
            ("distance", "roughly 5,000 miles"): 1,
            ("distance", "8,000 kilometres"): 1,
        }
    )


@pytest.mark.parametrize(
    ("first", "second", "agree"),
    [
        ("five drones", "three drones", False),
        ("five drones", "5 drones", True),
        ("five drones", "5 vests", None),
        ("5 drones", "5 km", None),
        ("about 300 people", "310 people", True),
        ("about 300 people", "400 people", False),
        ("300 people", "310 people", False),
        ("more than 200 people", "250 people", True),
        ("more than 200 people", "150 people", False),
        # A bound is exact where it starts: the ranges of "at least 15" and 14 cannot overlap.
        ("at least 15 people", "14 people", False),
        ("at least 15 people", "16 people", True),
        ("about 15 people", "14 people", True),
        ("up to 50 people", "52 people", False),
        ("dozens of people", "60 people", True),
        ("dozens of people", "10 people", False),
        ("up to 50 people", "80 people", False),
        ("killed 10", "10 people", True),
        ("on Saturday", "on Sunday", False),
        ("on Sunday", "Sunday", True),
        ("a six-day trip", "a week", True),
        ("a six-day trip", "a three-day trip", False),
        ("48 hours", "two days", True),
        ("2 hours", "10 hours", False),
        ("more than four years", "five years", True),
        ("5,000 miles", "8,000 km", True),
        ("5,000 miles", "6,000 km", False),
        ("$1.2bn", "$1.25 billion", True),
        ("$1.2bn", "$2bn", False),
        ("$5.7 billion", "$5.9 billion", False),
        ("$716 billion", "$716bn", True),
        ("$1 million", "$1.2 million", True),
        ("$1 million", "$500,000", False),
        ("$1 million", "$1.5 million", False),
        ("$1.2bn", "£1.2bn", None),
        ("12%", "12.4 per cent", True),
        ("12%", "15%", False),
        ("about 40%", "42%", True),
        ("12%", "12 percentage points", None),
        ("September 13", "13 September 2023", True),
        ("September 13", "Sept. 14, 2023", False),
        ("13 September 2023", "2023-09-13", True),
        ("13 September 2022", "2023-09-13", False),
        ("since 2019", "on 13 September 2019", True),
        ("since 2019", "September 13", None),
        ("in March", "on March 13", True),
        ("in March", "in April", False),
        ("in September 2019", "since 2019", True),
        ("in September 2019", "on 13 September 2020", False),
    ],
)
def test_same_value(first: str, second: str, agree: bool | None) -> None:
    a, b = one(first), one(second)
    assert same_value(a, b) is agree
    assert same_value(b, a) is agree


def test_figures_an_order_of_magnitude_apart_count_different_things() -> None:
    """'a 21-year veteran' and 'a 60-day suspension' are two durations of two things, not a dispute;
    60 days against 90 days is one."""
    veteran, suspension, longer = (one(t, QuantityKind.DURATION) for t in ("a 21-year veteran", "a 60-day suspension", "suspended for 90 days"))
    assert same_value(veteran, suspension) is None
    assert same_value(suspension, longer) is False


@pytest.mark.parametrize(
    ("text", "purpose"),
    [
        ("the couple paid $43 million in federal taxes since 2007", "tax"),
        ("the program's $2.6 trillion trust fund from running out", "fund"),
        ("he boasted of $716 billion in Medicare cuts", "cut"),
        ("a $1 million prize awarded to him", "prize"),
        ("he spent $750,000 in campaign cash on personal items", "campaign"),
        ("his use of $750,000 in campaign money to buy", "campaign"),
        ("she gave $20 in cash to the driver", None),
        ("Obama has cut $716 billion from Medicare.", None),
        ("earned nearly $20 million between 2011 and 2014", None),
    ],
)
def test_the_words_after_a_sum_say_what_it_is_of(text: str, purpose: str | None) -> None:
    money = one(text, QuantityKind.MONEY)
    assert money_purpose(text, money.end) == purpose


@pytest.mark.parametrize(
    ("text", "words"),
    [("paid $43 million in federal taxes", ["federal", "tax"]), ("paid $13.6 million in state taxes", ["state", "tax"])],
)
def test_federal_and_state_taxes_share_a_purpose_but_not_their_words(text: str, words: list[str]) -> None:
    money = one(text, QuantityKind.MONEY)
    assert (money_purpose(text, money.end), money_words(text, money.end)) == ("tax", words)


@pytest.mark.parametrize(
    ("text", "lasting"),
    [
        ("Harlow was given a 60-day suspension without pay.", "suspend"),
        ("A senior FBI agent has been suspended for 60 days over the leak.", "suspend"),
        ("Daniel Harlow, a 21-year FBI veteran, was suspended.", "veteran"),
        ("He was jailed for two years.", "jail"),
        ("The review is expected to take about three months.", None),
        ("An FBI agent with two decades at the bureau", None),
    ],
)
def test_a_duration_says_what_lasts_it_where_the_sentence_does(text: str, lasting: str | None) -> None:
    """A suspension's length and a career's are different figures: a report must not set them against each other."""
    (duration,) = [q for q in extract_quantities(text) if q.kind == QuantityKind.DURATION]
    assert duration.subject == lasting


def test_a_suspension_told_as_a_noun_and_as_a_verb_is_one_thing_to_compare() -> None:
    noun, verb, career = (extract_quantities(t)[0] for t in ("a 187-day suspension", "suspended for 60 days", "a 21-year veteran"))
    assert noun.subject == verb.subject != career.subject


def test_a_decade_is_a_date_compared_only_with_decades() -> None:
    """'built in the 1980s' dates a claim: an outlet that dates nothing must not be cited for it."""
    (_, decade) = extract_quantities("The ministry plans to replace 312 armoured vehicles, many of them built in the 1980s.")
    assert (decade.kind, decade.unit, decade.text) == (QuantityKind.DATE, "decade", "1980s")
    (nineties,) = extract_quantities("in the 1990's")
    (year,) = extract_quantities("in 1985")
    assert same_value(decade, nineties) is False and same_value(decade, year) is None

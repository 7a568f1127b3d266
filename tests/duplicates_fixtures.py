"""Built articles for the near-duplicate tests: one agency story, lightly edited copies of it, and
an independent report of the same event that shares its names, figures and a quote."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from storylens.model import Article
from tests.conftest import make_article

START = datetime(2026, 7, 14, 6, 0, tzinfo=UTC)

AGENCY_BODY = [
    "LAKEPORT, Calif. — A fast-moving wildfire forced the evacuation of about 4,000 residents from "
    "the lakeside town of Lakeport on Monday as strong winds pushed the flames toward homes on the "
    "western edge of Clear Lake.",
    "The Pine Ridge fire had burned 12,000 acres by Monday evening and was 5% contained, the "
    "California Department of Forestry and Fire Protection said in a statement.",
    "Fire crews from six counties were sent to the area, and two air tankers dropped retardant along "
    "the ridge above the town throughout the afternoon while bulldozers cut firebreaks below it.",
    "“The wind is the enemy right now,” said Lake County fire chief Maria Delgado. “We are asking "
    "everyone in the warning zone to leave while the roads are still open.”",
    "The Red Cross opened an evacuation shelter in the gymnasium of Lakeport High School, where "
    "volunteers handed out cots, blankets and hot meals to families who had fled with little more "
    "than their pets and documents.",
    "Pacific Gas and Electric cut power to roughly 9,000 customers in the county as a precaution, the "
    "utility said, and warned that the outage could last until Wednesday.",
    "No injuries had been reported by Monday night, but officials said at least 14 structures, "
    "including several barns and a winery warehouse, had been destroyed.",
    "The cause of the fire was under investigation. Forecasters said winds were expected to ease on "
    "Tuesday, which could give firefighters a chance to strengthen their lines around the town.",
]

INDEPENDENT_BODY = [
    "Thousands of people packed their cars and drove out of Lakeport on Monday afternoon as the Pine "
    "Ridge fire raced down the hills west of Clear Lake.",
    "The Pine Ridge fire had scorched about 12,000 acres by Monday evening, according to Cal Fire, "
    "which put containment at 5%.",
    "Sheriff’s deputies went door to door in the Lakeshore Drive neighbourhood, where smoke turned the "
    "sky orange and ash fell on lawns and parked cars.",
    "“The wind is the enemy right now,” Lake County fire chief Maria Delgado told reporters at a "
    "briefing, adding that crews from six counties had arrived.",
    "Carla Nunez, 67, said she had twenty minutes to gather her medicines and her two dogs before a "
    "deputy told her to leave. “I could see the flames over the ridge,” she said.",
    "The town’s only hospital, Sutter Lakeside, said it was moving patients to Ukiah as a precaution.",
    "Officials said they did not yet know what started the fire, and that winds could ease on Tuesday.",
]


def agency() -> Article:
    return make_article("Wire Agency", "Wildfire forces 4,000 to flee California lake town", AGENCY_BODY, START)


def copies() -> list[Article]:
    """What three outlets make of the agency story: their own headline, and small edits."""
    body = AGENCY_BODY
    return [
        make_article(
            "Valley Herald",
            "Lakeport evacuated as Pine Ridge fire grows",
            [*body, "Copyright 2026 The Wire Agency. All rights reserved."],
            START + timedelta(minutes=40),
        ),
        make_article("Coast Daily", "Thousands flee wildfire near Clear Lake", body[:-1], START + timedelta(hours=1)),
        make_article(
            "Metro Times",
            "Wind-driven fire empties Lakeport",
            ["By Jordan Lee, Wire Agency", *body[:3], body[3].replace("right now", "at the moment"), *body[4:]],
            START + timedelta(hours=2),
        ),
    ]


def independent() -> Article:
    return make_article(
        "Lake Gazette",
        "Lakeport residents flee as Pine Ridge fire races toward town",
        INDEPENDENT_BODY,
        START + timedelta(hours=3),
    )

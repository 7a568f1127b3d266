"""What the pages read: the story list with its filters, over the store opened read-only.

The request's filters are checked here and handed to the store as a `StoryFilter`; the store
(`store/listing.py`) reads them as SQL, so that a page never loads every story.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from enum import StrEnum

from pydantic import BaseModel, Field, field_validator
from spacy.language import Language

from storylens.analyze.entities import entity_key
from storylens.compare.outlets import blindspot, lean_coverage
from storylens.model import BLINDSPOT_SHARE
from storylens.store import Store, StoryFilter

SQLITE_INTEGERS = range(-(2**63), 2**63)
"""The integers SQLite stores (64-bit, signed); a larger one cannot name a row, and sqlite3 raises
OverflowError when asked to bind it, so ids and offsets are checked against this range first."""
MAX_PER_PAGE = 100
MAX_PAGE = SQLITE_INTEGERS.stop // MAX_PER_PAGE
"""The last page that can be asked for: its offset, (page - 1) × per_page, still fits SQLite's integers."""


class Sort(StrEnum):
    RECENT = "recent"
    SIZE = "size"


class StoryQuery(BaseModel):
    """The story list's filters, shared by the list page and `GET /api/stories`."""

    q: str = Field(default="", max_length=200, description="Words; a story matches when it uses every one.")
    entity: str = Field(default="", max_length=200, description="A person, place or group, in any spelling: 'Kim Jong-un'.")
    outlet: str = Field(default="", max_length=200, description="Only stories with an article from this outlet.")
    since: date | None = Field(default=None, description="Only stories last seen on or after this day (UTC).")
    until: date | None = Field(default=None, description="Only stories first seen on or before this day (UTC).")
    blindspot: bool = Field(
        default=False,
        description="Only stories that outlets of one lean cover: at least 80% of the two or more outlets with a lean "
        "(`storylens outlets import`) have the same one.",
    )
    sort: Sort = Field(default=Sort.RECENT, description="'recent': last seen first; 'size': most articles first.")
    page: int = Field(default=1, ge=1, le=MAX_PAGE)
    per_page: int = Field(default=20, ge=1, le=MAX_PER_PAGE)

    @field_validator("since", "until", mode="before")
    @classmethod
    def _blank_is_none(cls, value: object) -> object:
        """A form sends an empty date field as ''; that means no bound, not a bad date."""
        return None if value == "" else value

    @field_validator("until")
    @classmethod
    def _has_an_end(cls, value: date | None) -> date | None:
        """`until` is matched up to the start of the next day, which 9999-12-31 does not have."""
        if value is not None and value >= date.max:
            raise ValueError(f"must be before {date.max.isoformat()}; leave it empty for no end")
        return value


class StorySummary(BaseModel):
    """One row of the story list."""

    id: int
    label: str
    outlets: list[str]
    articles: int
    first_seen: datetime | None
    last_seen: datetime | None
    entities: list[str] = Field(description="The story's most mentioned entity keys, heaviest first.")


class StoryPage(BaseModel):
    """One page of the story list, with what is needed to page through the rest."""

    total: int
    page: int
    per_page: int
    pages: int
    stories: list[StorySummary]


def list_stories(store: Store, query: StoryQuery, terms: list[set[str]]) -> StoryPage:
    """The page of stories `query` asks for, and how many match in all; `terms` are its words
    as `query_terms` reads them."""
    wanted = StoryFilter(
        outlet=query.outlet,
        since=_day_start(query.since) if query.since else None,
        before=_day_start(query.until + timedelta(days=1)) if query.until else None,
        words=terms,
        entity=entity_key(query.entity),
        only=blindspot_ids(store) if query.blindspot else None,
        by_size=query.sort is Sort.SIZE,
    )
    total, rows = store.story_list(wanted, offset=(query.page - 1) * query.per_page, limit=query.per_page)
    return StoryPage(
        total=total,
        page=query.page,
        per_page=query.per_page,
        pages=max(1, -(-total // query.per_page)),
        stories=[StorySummary.model_validate(row, from_attributes=True) for row in rows],
    )


def query_terms(text: str, nlp: Language) -> list[set[str]]:
    """The words of a search, each as the forms a story profile may hold it in.

    Profiles hold content lemmas (proper nouns in lower case), so a word is looked up both as
    written and as its lemma: the query alone is too short for spaCy to tag reliably, and
    "walruses" must still find "walrus". Stop words are dropped unless nothing else is left.
    """
    tokens = [t for t in nlp.make_doc(text) if t.is_alpha or t.like_num] if text.strip() else []
    content = [t for t in tokens if not t.is_stop] or tokens
    if not content:
        return []
    tagged = nlp(" ".join(t.text for t in content))
    return [{t.lower_, t.lemma_.lower()} for t in tagged if t.is_alpha or t.like_num]


def blindspot_ids(store: Store, share: float = BLINDSPOT_SHARE) -> list[int]:
    """The stories one lean covers (`compare.outlets.blindspot`), by the leans the user gave."""
    leans = store.outlet_leans()
    if not leans:
        return []
    return [story_id for story_id, names in store.story_outlets().items() if blindspot(lean_coverage(names, leans), share)]


def _day_start(day: date) -> datetime:
    """Midnight UTC of `day`."""
    return datetime(day.year, day.month, day.day, tzinfo=UTC)

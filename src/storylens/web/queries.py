"""What the pages read: the story list with its filters, over the store opened read-only.

`store.py` owns the schema and every write. The list's search, filters and pagination are read
here as SQL over the same tables, because loading every `Story` record to filter it in Python
would cost the list page a pass over the whole store on every request. Words and entities are
matched against each story's cluster profile (its content lemmas and normalised entity keys, kept
up to date by the cluster stage) as the JSON text the store holds: a key is a JSON string followed
by a colon, so a LIKE scan finds `"walrus":` exactly, several times faster than `json_each`,
which parses every profile.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum

from pydantic import BaseModel, Field, field_validator
from spacy.language import Language

from storylens.analyze.entities import entity_key
from storylens.compare.outlets import blindspot, lean_coverage
from storylens.model import BLINDSPOT_SHARE

TOP_ENTITIES = 5
"""Entities shown beside each story in the list, heaviest first, each a link to filter by it."""
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


ARTICLE_COUNT = "(SELECT count(*) FROM story_articles c WHERE c.story_id = s.id)"
ORDER = {
    Sort.RECENT: "s.last_seen IS NULL, s.last_seen DESC, s.id DESC",
    Sort.SIZE: f"{ARTICLE_COUNT} DESC, s.last_seen IS NULL, s.last_seen DESC, s.id DESC",
}
HAS_OUTLET = """EXISTS (SELECT 1 FROM story_articles o JOIN articles a ON a.id = o.article_id
                        WHERE o.story_id = s.id AND a.outlet = ?)"""
HAS_TEXT = "s.profile LIKE ? ESCAPE '\\'"
HAS_ENTITY = "EXISTS (SELECT 1 FROM json_each(s.profile, '$.entities') e WHERE ' ' || e.key || ' ' LIKE ? ESCAPE '\\')"


def list_stories(db: sqlite3.Connection, query: StoryQuery, terms: list[set[str]]) -> StoryPage:
    """The page of stories `query` asks for, and how many match in all; `terms` are its words
    as `query_terms` reads them."""
    where, params = _conditions(db, query, terms)
    clause = f"WHERE {' AND '.join(where)}" if where else ""
    total = db.execute(f"SELECT count(*) FROM stories s {clause}", params).fetchone()[0]
    rows = db.execute(
        f"""SELECT s.id, s.label, s.first_seen, s.last_seen, {ARTICLE_COUNT} FROM stories s {clause}
            ORDER BY {ORDER[query.sort]} LIMIT ? OFFSET ?""",
        [*params, query.per_page, (query.page - 1) * query.per_page],
    ).fetchall()
    ids = [row[0] for row in rows]
    outlets, entities = _outlets_of(db, ids), _entities_of(db, ids)
    return StoryPage(
        total=total,
        page=query.page,
        per_page=query.per_page,
        pages=max(1, -(-total // query.per_page)),
        stories=[
            StorySummary(
                id=story_id,
                label=label,
                outlets=outlets.get(story_id, []),
                articles=count,
                first_seen=first,
                last_seen=last,
                entities=entities.get(story_id, []),
            )
            for story_id, label, first, last, count in rows
        ],
    )


def all_outlets(db: sqlite3.Connection) -> list[str]:
    """Every outlet in the store, for the list page's outlet filter."""
    return [row[0] for row in db.execute("SELECT DISTINCT outlet FROM articles ORDER BY outlet")]


def story_of(db: sqlite3.Connection, article_id: str) -> int | None:
    """The story an article belongs to; None until the cluster stage has placed it."""
    row = db.execute("SELECT story_id FROM story_articles WHERE article_id = ?", (article_id,)).fetchone()
    return row[0] if row else None


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


def blindspot_ids(db: sqlite3.Connection, share: float = BLINDSPOT_SHARE) -> list[int]:
    """The stories one lean covers (`compare.outlets.blindspot`), by the leans the user gave."""
    leans = {name: lean for name, lean in db.execute("SELECT name, json_extract(record, '$.lean') FROM outlet_info") if lean}
    if not leans:
        return []
    outlets: dict[int, list[str]] = {}
    rows = db.execute("SELECT DISTINCT sa.story_id, a.outlet FROM story_articles sa JOIN articles a ON a.id = sa.article_id")
    for story_id, outlet in rows:
        outlets.setdefault(story_id, []).append(outlet)
    return [story_id for story_id, names in outlets.items() if blindspot(lean_coverage(names, leans), share)]


def _conditions(db: sqlite3.Connection, query: StoryQuery, terms: list[set[str]]) -> tuple[list[str], list[object]]:
    """SQL conditions on `stories s` for each filter the query sets, with their parameters."""
    where: list[str] = []
    params: list[object] = []
    if query.outlet:
        where.append(HAS_OUTLET)
        params.append(query.outlet)
    if query.blindspot:
        where.append("s.id IN (SELECT value FROM json_each(?))")
        params.append(json.dumps(blindspot_ids(db)))
    if query.since:
        where.append("s.last_seen >= ?")
        params.append(_day_start(query.since))
    if query.until:
        where.append("s.first_seen < ?")
        params.append(_day_start(query.until + timedelta(days=1)))
    for forms in terms:
        condition, patterns = _in_profile(f"{key}:" for form in sorted(forms) for key in _json_keys(form))
        where.append(condition)
        params += patterns
    if key := entity_key(query.entity):
        # The cheap text scan first: the exact match parses the profile, so only for candidates.
        condition, patterns = _in_profile(json_key[1:-1] for json_key in _json_keys(key))
        where.append(f"({condition} AND {HAS_ENTITY})")
        params += [*patterns, f"% {_like_escape(key)} %"]
    return where, params


def _day_start(day: date) -> str:
    """Midnight UTC of `day` in the ISO form the store writes, so string comparison orders dates."""
    return datetime(day.year, day.month, day.day, tzinfo=UTC).isoformat()


def _in_profile(fragments: Iterable[str]) -> tuple[str, list[str]]:
    """A condition that the profile's JSON text contains any of `fragments`, and its parameters."""
    patterns = [f"%{_like_escape(fragment)}%" for fragment in dict.fromkeys(fragments)]
    return f"({' OR '.join([HAS_TEXT] * len(patterns))})", patterns


def _json_keys(word: str) -> list[str]:
    """`word` as a JSON object key may be written, with non-ASCII letters escaped or not."""
    return [json.dumps(word), json.dumps(word, ensure_ascii=False)]


def _like_escape(text: str) -> str:
    """`text` matched literally inside a LIKE pattern with ESCAPE '\\'."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _placeholders(values: list[int]) -> str:
    """'?, ?, ?' for an IN list of these values."""
    return ", ".join("?" * len(values))


def _outlets_of(db: sqlite3.Connection, story_ids: list[int]) -> dict[int, list[str]]:
    rows = db.execute(
        f"""SELECT DISTINCT sa.story_id, a.outlet FROM story_articles sa JOIN articles a ON a.id = sa.article_id
            WHERE sa.story_id IN ({_placeholders(story_ids)}) ORDER BY a.outlet""",
        story_ids,
    )
    found: dict[int, list[str]] = {}
    for story_id, outlet in rows:
        found.setdefault(story_id, []).append(outlet)
    return found


def _entities_of(db: sqlite3.Connection, story_ids: list[int]) -> dict[int, list[str]]:
    rows = db.execute(
        f"""SELECT s.id, e.key FROM stories s, json_each(s.profile, '$.entities') e
            WHERE s.id IN ({_placeholders(story_ids)}) ORDER BY s.id, e.value DESC, e.key""",
        story_ids,
    )
    found: dict[int, list[str]] = {}
    for story_id, key in rows:
        keys = found.setdefault(story_id, [])
        if len(keys) < TOP_ENTITIES:
            keys.append(key)
    return found

"""What the store hands out besides the records of `model.py`: feed state for `storylens watch`,
the story list's filters and rows, and the error for a store that cannot be used."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime


def iso(moment: datetime | None) -> str | None:
    """UTC ISO text: the form every backend is given dates in, which SQLite also orders as text."""
    return moment.astimezone(UTC).isoformat() if moment else None


def moment(value: str | datetime | None) -> datetime | None:
    """A stored date as a datetime: SQLite hands back the ISO text it keeps, PostgreSQL a timestamp."""
    if isinstance(value, str):
        return datetime.fromisoformat(value) if value else None
    return value


def stored_text(value: str | datetime | None) -> str | None:
    """A stored date as the ISO text an export carries: SQLite's text exactly as kept."""
    return value if isinstance(value, str) or value is None else iso(value)


class StoreError(Exception):
    """The store cannot be used (not a storylens database, from a newer storylens, unreachable)."""


class StoreFailed(StoreError):
    """The database failed while a command was using it (locked past the wait, disk full or failing,
    the server shut down or the connection cut): the driver's error said as one line that names
    the store and what it was doing. Every write is one transaction, so what was committed before
    is kept, and the message says so."""

    def __init__(self, store: str, doing: str, problem: str) -> None:
        super().__init__(f"the store {store} failed while {doing}: {problem}; what was stored before is kept")
        self.store = store
        self.doing = doing
        self.problem = problem


@dataclass(frozen=True)
class FeedState:
    """What the store remembers of a polled feed: the validators of its last answer, for a
    conditional GET, and its failures in a row with the time it may be tried again."""

    url: str
    etag: str | None = None
    last_modified: str | None = None
    last_polled: datetime | None = None
    last_error: str | None = None
    failures: int = 0
    next_try: datetime | None = None


@dataclass(frozen=True)
class FeedItem:
    """A feed item the watcher has seen, by its key (its link, else its guid): `state` is "stored"
    (its article is in the store), "failed" (tried `attempts` times, tried again on a later poll),
    "gave up" or "skipped" (robots.txt forbids its page and the feed's text is too short)."""

    key: str
    feed_url: str
    link: str | None
    published: datetime | None = None
    site_name: str | None = None
    state: str = "new"
    attempts: int = 0
    article_id: str | None = None
    last_error: str | None = None


@dataclass(frozen=True)
class StoryFilter:
    """Which stories the list shows: the web page's filters in the store's terms.

    `words` holds, for each word searched, the forms it may take in a story profile (a story
    matches when it has one form of every word); `entity` is an entity key (`entity_key`);
    `only` restricts the list to these story ids (the blindspots) when it is not None.
    """

    outlet: str = ""
    since: datetime | None = None
    before: datetime | None = None
    words: list[set[str]] = field(default_factory=list)
    entity: str = ""
    only: list[int] | None = None
    by_size: bool = False


@dataclass(frozen=True)
class StoryRow:
    """One story of the list: its dates, size, outlets and heaviest entity keys."""

    id: int
    label: str
    first_seen: datetime | None
    last_seen: datetime | None
    articles: int
    outlets: list[str]
    entities: list[str]

"""The interface every format reader implements, and the one place drafts become Articles.

Readers only find a record's parts; cleaning, outlet resolution and ids happen here, so that
every format gets the same rules and the same id for the same text.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import BinaryIO, Protocol, runtime_checkable

from storylens.ingest.clean import clean_body, normalise_lines, normalise_space, stamped
from storylens.ingest.language import detect_language
from storylens.ingest.outlet import NO_USER_OUTLETS, UserOutlets, resolve_outlet
from storylens.model import Article, Problem, article_id


@dataclass
class Draft:
    """One record as a reader found it: raw paragraphs, not yet cleaned."""

    source: str
    title: str
    paragraphs: list[str] = field(default_factory=list)
    standfirst: str = ""
    byline: str | None = None
    url: str | None = None
    published: datetime | None = None
    outlet: str | None = None
    """The outlet the record names (a JSON field)."""
    site_name: str | None = None
    """The name a page or feed gives its site (`og:site_name`, a feed's title): used after the known domains."""


class Reader(Protocol):
    """One input format: the file suffixes it claims and how its text becomes drafts."""

    @property
    def suffixes(self) -> tuple[str, ...]: ...

    def read(self, source: str, text: str) -> Iterator[Draft | Problem]:
        """Drafts for the records in `text`, or a Problem for each record that cannot be read."""
        ...


@runtime_checkable
class StreamReader(Protocol):
    """A format whose files can be larger than memory (archives, line-per-record exports): it reads
    the open file as it goes instead of being handed the whole decoded text."""

    @property
    def suffixes(self) -> tuple[str, ...]: ...

    def read_stream(self, source: str, stream: BinaryIO) -> Iterator[Draft | Problem]:
        """Drafts for the records in `stream`, or a Problem for each record that cannot be read."""
        ...


def build_article(
    draft: Draft, path: str, outlet: str | None, named: str | None = None, users: UserOutlets = NO_USER_OUTLETS
) -> Article | Problem:
    """The cleaned Article of a draft; `outlet`, when given, overrides what the record says, and
    `named` stands for the file name when the outlet must be guessed from it."""
    title = normalise_space(draft.title)
    body, captions = clean_body(draft.paragraphs)
    if not title:
        return Problem(source=draft.source, reason="no headline found")
    if not body:
        return Problem(source=draft.source, reason="no article body found")
    found = resolve_outlet(path, outlet, draft.outlet, draft.url, named=named, site_name=draft.site_name, users=users)
    standfirst = normalise_lines(draft.standfirst)
    return Article(
        id=article_id(found.name, title, body),
        outlet=found,
        title=title,
        standfirst=standfirst,
        byline=_optional(draft.byline),
        body=body,
        captions=captions,
        url=_optional(draft.url),
        published=draft.published or stamped(draft.paragraphs),
        language=detect_language("\n".join([title, standfirst, *body])),
        source=draft.source,
    )


def _optional(value: str | None) -> str | None:
    return normalise_space(value or "") or None


def parse_date(value: object) -> datetime | None:
    """An aware datetime from ISO 8601 or RFC 2822 text; UTC when the text has no zone."""
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError:
        try:
            moment = parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)

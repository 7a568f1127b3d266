"""RSS and Atom feeds: one article per entry, its HTML content reduced to paragraphs."""

from __future__ import annotations

import io
import time
from collections.abc import Iterator
from datetime import datetime, timezone
from html.parser import HTMLParser
from xml.sax import SAXParseException

import feedparser

from storylens.ingest.clean import split_paragraphs, standfirst_from
from storylens.ingest.reader import Draft
from storylens.model import Problem

UTF8_HEADERS = {"content-type": "application/xml; charset=utf-8"}
"""The text is already decoded; this stops feedparser from re-reading it in the declared encoding."""

BLOCK_TAGS = frozenset(
    "address article aside blockquote br dd div dl dt figcaption figure footer h1 h2 h3 h4 h5 h6 "
    "header hr li ol p pre section table td th tr ul".split()
)
SKIPPED_TAGS = frozenset({"script", "style", "template"})


class FeedReader:
    """Entries are located as "#N"; a feed with no usable entry is one Problem for the file."""

    suffixes = (".xml", ".rss", ".atom")

    def read(self, source: str, text: str) -> Iterator[Draft | Problem]:
        # A stream, never a string: feedparser fetches strings that look like URLs.
        feed = feedparser.parse(io.BytesIO(text.encode("utf-8")), response_headers=UTF8_HEADERS)
        if not any(entry.get("title") or _content(entry) for entry in feed.entries):
            yield Problem(source=source, reason=_no_entries_reason(feed))
            return
        outlet = feed.feed.get("title")
        for number, entry in enumerate(feed.entries, start=1):
            yield _entry(f"{source}#{number}", entry, outlet)


def _no_entries_reason(feed: feedparser.FeedParserDict) -> str:
    """Why a feed gave nothing, without the XML parser's meaningless "<unknown>:2:0" place."""
    if not feed.bozo:
        return "feed has no entries"
    error = feed.bozo_exception
    return f"malformed feed: {error.getMessage() if isinstance(error, SAXParseException) else error}"


def _entry(source: str, entry: feedparser.FeedParserDict, outlet: str | None) -> Draft | Problem:
    content = _content(entry)
    summary = entry.get("summary") or ""
    paragraphs = _html_paragraphs(content or summary)
    if not entry.get("title"):
        return Problem(source=source, reason="missing field: title")
    if not paragraphs:
        return Problem(source=source, reason="entry has no content or summary")
    teaser = " ".join(_html_paragraphs(summary)) if content else ""
    return Draft(
        source=source,
        title=entry.title,
        paragraphs=paragraphs,
        standfirst=standfirst_from(teaser, paragraphs),
        byline=entry.get("author"),
        url=entry.get("link"),
        published=_published(entry),
        outlet=outlet,
    )


def _content(entry: feedparser.FeedParserDict) -> str:
    """The full content (Atom content, RSS content:encoded), which is richer than the summary."""
    return "\n".join(part.get("value") or "" for part in entry.get("content") or [])


def _published(entry: feedparser.FeedParserDict) -> datetime | None:
    """feedparser gives UTC struct_time; published first, else the last update."""
    parsed: time.struct_time | None = entry.get("published_parsed") or entry.get("updated_parsed")
    return datetime(*parsed[:6], tzinfo=timezone.utc) if parsed else None


def _html_paragraphs(fragment: str) -> list[str]:
    """The text of an HTML fragment, one paragraph per block element."""
    parser = _BlockText()
    parser.feed(fragment)
    parser.close()
    return split_paragraphs("\n".join(parser.blocks))


class _BlockText(HTMLParser):
    """Collects text, starting a new block at every block-level tag and skipping scripts."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = [""]
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._mark(tag, 1)

    def handle_endtag(self, tag: str) -> None:
        self._mark(tag, -1)

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.blocks[-1] += data.replace("\n", " ")

    def _mark(self, tag: str, step: int) -> None:
        if tag in SKIPPED_TAGS:
            self.skipping = max(0, self.skipping + step)
        elif tag in BLOCK_TAGS:
            self.blocks.append("")

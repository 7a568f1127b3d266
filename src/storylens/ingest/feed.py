"""RSS and Atom feeds: one article per entry, its HTML content reduced to paragraphs."""

from __future__ import annotations

import io
import re
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from html.parser import HTMLParser
from xml.sax import SAXParseException

import feedparser

from storylens.ingest.clean import normalise_space, split_paragraphs, standfirst_from
from storylens.ingest.reader import Draft
from storylens.model import Problem

UTF8_HEADERS = {"content-type": "application/xml; charset=utf-8"}
"""The text is already decoded; this stops feedparser from re-reading it in the declared encoding."""

BLOCK_TAGS = frozenset(
    "address article aside blockquote br dd div dl dt figcaption figure footer h1 h2 h3 h4 h5 h6 "
    "header hr li ol p pre section table td th tr ul".split()
)
SKIPPED_TAGS = frozenset({"script", "style", "template"})
ENTITY = re.compile(r"&(?:[A-Za-z][\w.:-]*|#\d+|#[xX][0-9A-Fa-f]+);?")
"""An entity reference; feedparser's loose parser passes an undeclared one on, its ";" at times dropped."""
ONLY_ENTITIES = re.compile(rf"\s*(?:{ENTITY.pattern}\s*)+")


class FeedReader:
    """Entries are located as "#N"; a feed with no usable entry is one Problem for the file."""

    suffixes = (".xml", ".rss", ".atom")

    def read(self, source: str, text: str) -> Iterator[Draft | Problem]:
        # A stream, never a string: feedparser fetches strings that look like URLs.
        feed = feedparser.parse(io.BytesIO(text.encode("utf-8")), response_headers=UTF8_HEADERS)
        if not any(entry.get("title") or entry.get("summary") or _content(entry) for entry in feed.entries):
            yield Problem(source=source, reason=_no_entries_reason(feed))
            return
        site_name = feed.feed.get("title")
        for number, entry in enumerate(feed.entries, start=1):
            yield _entry(f"{source}#{number}", entry, site_name)


def _no_entries_reason(feed: feedparser.FeedParserDict) -> str:
    """Why a feed gave nothing, without the XML parser's meaningless "<unknown>:2:0" place."""
    if not feed.bozo:
        return f"feed has {len(feed.entries)} item(s), none with a title or text" if feed.entries else "feed has no entries"
    error = feed.bozo_exception
    return f"malformed feed: {error.getMessage() if isinstance(error, SAXParseException) else error}"


def _entry(source: str, entry: feedparser.FeedParserDict, site_name: str | None) -> Draft | Problem:
    """An item's draft, or a Problem naming it (`source` is the feed's path and "#N").

    Text that is only an entity reference ("&lol9;") is no text: feedparser leaves unexpanded
    the entities a feed declares (a "billion laughs" attack), and such an item is not an article."""
    content = _content(entry)
    summary = entry.get("summary") or ""
    from_content = _text_paragraphs(content)
    paragraphs = from_content or _text_paragraphs(summary)
    title = entry.get("title") or ""
    if not title:
        return Problem(source=source, reason="missing field: title")
    if ONLY_ENTITIES.fullmatch(title):
        return Problem(source=source, reason=f"item has no title: {_only_entity(title.split()[0])}")
    if not paragraphs:
        return Problem(source=source, reason=f"item {_quoted(title)} has no text{_why_no_text(content, summary)}")
    teaser = " ".join(_text_paragraphs(summary)) if from_content else ""
    return Draft(
        source=source,
        title=title,
        paragraphs=paragraphs,
        standfirst=standfirst_from(teaser, paragraphs),
        byline=entry.get("author"),
        url=entry.get("link"),
        published=_published(entry),
        site_name=site_name,
    )


def _why_no_text(content: str, summary: str) -> str:
    """What the item held instead of text, for its Problem line."""
    entities = [ENTITY.search(p) for p in (*_html_paragraphs(content), *_html_paragraphs(summary))]
    if found := next((match.group() for match in entities if match), None):
        return f": {_only_entity(found)}"
    return " (no content or summary)" if not (content.strip() or summary.strip()) else " (only markup)"


def _quoted(title: str) -> str:
    """An item's title for its Problem line: one line, at most 60 characters."""
    text = normalise_space(title)
    return f'"{text if len(text) <= 60 else text[:59] + "…"}"'


def _only_entity(reference: str) -> str:
    return f"only an unexpanded entity reference ({reference[:40]}), not an article"


def _text_paragraphs(fragment: str) -> list[str]:
    """The paragraphs of an HTML fragment, less any that is only entity references."""
    return [paragraph for paragraph in _html_paragraphs(fragment) if not ONLY_ENTITIES.fullmatch(paragraph)]


def _content(entry: feedparser.FeedParserDict) -> str:
    """The full content (Atom content, RSS content:encoded), which is richer than the summary."""
    return "\n".join(part.get("value") or "" for part in entry.get("content") or [])


def _published(entry: feedparser.FeedParserDict) -> datetime | None:
    """feedparser gives UTC struct_time; published first, else the last update."""
    parsed: time.struct_time | None = entry.get("published_parsed") or entry.get("updated_parsed")
    return datetime(*parsed[:6], tzinfo=UTC) if parsed else None


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


def entry_draft(source: str, entry: feedparser.FeedParserDict, site_name: str | None) -> Draft | Problem:
    """An entry of a feed parsed elsewhere (`ingest.watch`, polling live feeds), read as a saved
    feed's entry is: the same text and the same article id either way."""
    return _entry(source, entry, site_name)


def no_entries_reason(feed: feedparser.FeedParserDict) -> str:
    """Why a parsed feed gave no entry, in one line."""
    return _no_entries_reason(feed)

"""Live feeds, the ingest side: the feed list, one poll of a feed, and one item read into an Article.

No store and no SQL here: `pipeline.watch_round` decides what is new from the store's record of
items seen, calls these functions for the network work, and stores what they return. A feed is
read by feedparser (as `ingest.feed` reads a saved one), an item's page by the same trafilatura
reader as a saved page (`ingest.html.read_page`), so a live article is the article that saving
the page and running `storylens ingest` on it would give.
"""

from __future__ import annotations

import io
import re
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import feedparser

from storylens.config import WatchSettings
from storylens.ingest.decode import NotText, decode
from storylens.ingest.feed import entry_draft, no_entries_reason
from storylens.ingest.fetch import Disallowed, Fetcher, FetchError, Response, web_url
from storylens.ingest.html import read_page
from storylens.ingest.outlet import NO_USER_OUTLETS, UserOutlets
from storylens.ingest.reader import Draft, build_article
from storylens.model import Article, Problem
from storylens.store import FeedItem, FeedState

INTERVAL = re.compile(r"(\d+(?:\.\d+)?)\s*(s|sec|m|min|h|d)?", re.IGNORECASE)
UNIT_SECONDS = {"s": 1, "sec": 1, "m": 60, "min": 60, "h": 3600, "d": 86400}
SHORTEST_INTERVAL = 10.0
"""Seconds: polling a feed more often than this asks its site for nothing a reader could miss."""
HTML_TYPES = ("text/html", "application/xhtml+xml")


class FeedListError(ValueError):
    """A feed list that cannot be used; the message is one line naming the file and line."""


def read_feed_list(path: Path) -> list[str]:
    """The feed URLs of a list, one per line; blank lines and `#` comments are skipped, a URL
    listed twice is polled once, and any other line is a FeedListError naming its place."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise FeedListError(f"{path}: not UTF-8 text") from None
    except OSError as error:
        raise FeedListError(f"{path}: {(error.strerror or str(error)).lower()}") from None
    urls: list[str] = []
    for number, line in enumerate(text.splitlines(), start=1):
        url = line.strip()
        if not url or url.startswith("#"):
            continue
        try:
            web_url(url)
            if any(char.isspace() for char in url):
                raise FetchError(f"not one URL: {url[:200]!r}")
        except FetchError as error:
            raise FeedListError(f"{path}, line {number}: {error}; each line is one http(s) feed URL or a # comment") from None
        if url not in urls:
            urls.append(url)
    if not urls:
        raise FeedListError(f"{path}: no feed URL in it")
    return urls


def parse_interval(text: str) -> float:
    """Seconds of an interval written "30s", "15m", "1h", "1d" or a plain number of seconds;
    a ValueError with a one-line reason for anything else, or for less than `SHORTEST_INTERVAL`."""
    found = INTERVAL.fullmatch(text.strip())
    if not found:
        raise ValueError(f"{text!r} is not an interval such as 30s, 15m, 1h or 1d")
    seconds = float(found.group(1)) * UNIT_SECONDS[(found.group(2) or "s").lower()]
    if seconds < SHORTEST_INTERVAL:
        raise ValueError(f"{text!r} is too short: poll at most every {SHORTEST_INTERVAL:g}s")
    return seconds


@dataclass(frozen=True)
class Entry:
    """One item of a polled feed: its key (link, else guid), and the article its own text makes
    (or why it makes none), for when its page cannot be read."""

    key: str
    link: str | None
    published: datetime | None
    site_name: str | None
    own_text: Article | Problem


@dataclass(frozen=True)
class Poll:
    """A feed's answer: `modified` False for a 304; the validators to send next time."""

    url: str
    modified: bool
    etag: str | None
    last_modified: str | None
    entries: list[Entry]


def poll_feed(fetcher: Fetcher, url: str, state: FeedState | None, users: UserOutlets = NO_USER_OUTLETS) -> Poll:
    """Ask a feed for what is new since its last answer (a conditional GET with the stored ETag and
    Last-Modified); FetchError for a failure, a malformed feed included."""
    headers = {"Accept": "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5"}
    if state and state.etag:
        headers["If-None-Match"] = state.etag
    if state and state.last_modified:
        headers["If-Modified-Since"] = state.last_modified
    response = fetcher.get(url, headers)
    etag = response.headers.get("etag") or (state.etag if state else None)
    last_modified = response.headers.get("last-modified") or (state.last_modified if state else None)
    if response.status == 304:
        return Poll(url, False, etag, last_modified, [])
    # A stream, never a string: feedparser fetches strings that look like URLs.
    feed = feedparser.parse(io.BytesIO(response.body), response_headers={"content-type": response.headers.get("content-type", "")})
    if not feed.entries and (feed.bozo or not feed.get("version")):
        # An empty feed is a feed; a page with no feed's root element (a site's HTML at a moved
        # feed's address) or XML that cannot be parsed is a failure, named.
        raise FetchError(no_entries_reason(feed) if feed.bozo else "not an RSS or Atom feed (no <rss>, <feed> or RDF root element)")
    site_name = feed.feed.get("title") or None
    entries: list[Entry] = []
    for number, item in enumerate(feed.entries, start=1):
        link = _absolute_link(item.get("link"), response.url)
        key = link or item.get("id")
        if not key:
            continue  # neither link nor guid: nothing tells this item from the next one
        draft = entry_draft(f"{url}#{number}", item, site_name)
        own = build_article(draft, link or url, None, users=users) if isinstance(draft, Draft) else draft
        entries.append(Entry(key, link, draft.published if isinstance(draft, Draft) else _published(item), site_name, own))
    return Poll(url, True, etag, last_modified, entries)


def _absolute_link(link: object, base: str) -> str | None:
    from urllib.parse import urljoin

    if not isinstance(link, str) or not link.strip():
        return None
    absolute = urljoin(base, link.strip())
    return absolute if absolute.startswith(("http://", "https://")) else None


def _published(item: feedparser.FeedParserDict) -> datetime | None:
    parsed: time.struct_time | None = item.get("published_parsed") or item.get("updated_parsed")
    return datetime(*parsed[:6], tzinfo=UTC) if parsed else None


@dataclass(frozen=True)
class ItemRead:
    """What reading one item gave: an article (from its page, or from the feed's own text, `how`
    says which), or none and why; `final` when trying again cannot help (robots.txt forbids)."""

    article: Article | None
    how: str
    problem: str | None = None
    final: bool = False


def read_item(
    fetcher: Fetcher, item: FeedItem, own_text: Article | Problem | None, settings: WatchSettings, users: UserOutlets = NO_USER_OUTLETS
) -> ItemRead:
    """The article of a feed item: its page fetched and read by the HTML reader, with the feed's
    date and site name where the page gives none; else the item's own text in the feed, when it
    has `feed_text_words` words or more; else no article and the page's problem."""
    problem: str
    final = False
    if item.link is None:
        problem = "the item has no link"
        final = True
    else:
        try:
            found = _page_article(fetcher.get(item.link, {"Accept": "text/html, application/xhtml+xml;q=0.9, */*;q=0.5"}), item, users)
        except Disallowed as error:
            problem, final = str(error), True
        except FetchError as error:
            problem = str(error)
        else:
            if isinstance(found, Article):
                return ItemRead(found, "page")
            problem = found
    if isinstance(own_text, Article) and _words(own_text) >= settings.feed_text_words:
        return ItemRead(own_text, "the feed's own text", problem)
    return ItemRead(None, "", problem, final)


def _page_article(response: Response, item: FeedItem, users: UserOutlets) -> Article | str:
    """The page's article, or why it has none."""
    kind = response.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind and kind not in HTML_TYPES:
        return f"not an HTML page ({kind})"
    try:
        text = decode(response.body)
    except NotText as error:
        return str(error)
    draft = read_page(item.link or response.url, text)
    if isinstance(draft, Problem):
        return draft.reason
    draft.url = draft.url or response.url
    draft.published = draft.published or item.published
    draft.site_name = draft.site_name or item.site_name
    built = build_article(draft, response.url, None, users=users)
    return built.reason if isinstance(built, Problem) else built


def _words(article: Article) -> int:
    return sum(len(paragraph.split()) for paragraph in article.body)

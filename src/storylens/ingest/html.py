"""HTML pages: trafilatura finds the article among the navigation, and its metadata.

The publication time is read from the page's own metadata where it gives one with a time of day
(`<meta property="article:published_time">` and its kin, `datePublished` in JSON-LD or microdata,
`<time datetime>`): trafilatura's date search prefers a date in the URL and then keeps only the
day. A time written without a zone is taken as UTC; every date returned is timezone-aware.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from functools import cache

import trafilatura
from lxml import etree
from lxml.html import HtmlElement
from trafilatura.settings import Document
from trafilatura.utils import load_html

from storylens.ingest.clean import split_paragraphs, standfirst_from
from storylens.ingest.reader import Draft, parse_date
from storylens.model import Problem, normalise_text

DATE_PARAMS = {"outputformat": "%Y-%m-%dT%H:%M:%S%z", "original_date": True, "extensive_search": False}
"""Keep the time and zone of the publication date, not only the day; never guess from the text."""

PUBLISHED_META = (
    "article:published_time",
    "og:article:published_time",
    "datepublished",
    "pubdate",
    "publishdate",
    "publish-date",
    "parsely-pub-date",
    "sailthru.date",
    "dc.date.issued",
    "dcterms.issued",
)
"""`<meta>` names (property, name or itemprop, any case) of the publication time, surest first."""

ARTICLE_TYPES = re.compile(r"(?:\w*Article|\w*BlogPosting|Report)$")
"""schema.org types whose `datePublished` is the article's, before a page's or a site's."""

TIME_OF_DAY = re.compile(r"\d:\d\d|T\d{4}")
"""A value that says the time, not only the day ("14:05", or ISO 8601's basic "T1405")."""

EARLIEST = datetime(1995, 1, 1, tzinfo=UTC)
"""No news page is older (trafilatura's date search has the same floor)."""

MARKED_TIMES = etree.XPath("//*[@itemprop] | //time[@datetime]")
"""Elements that may state a time, in document order (found in C: a page has thousands of others)."""

NO_ARTICLE = "no article text found in HTML"


class HtmlReader:
    """One article per page; pages without one (index pages, error pages) are Problems."""

    suffixes = (".html", ".htm")

    def read(self, source: str, text: str) -> Iterator[Draft | Problem]:
        yield read_page(source, text)


def extract_article(source: str, html: str) -> Draft | None:
    """The article of a page with its metadata, or None when the page has no article to read.

    Shared by every reader of web pages (saved pages, web archives) so they all find the same text.
    """
    found = read_page(source, html)
    return found if isinstance(found, Draft) else None


def read_page(source: str, html: str) -> Draft | Problem:
    """The article of a page, or a Problem saying why there is none."""
    try:
        tree = load_html(html)
    except (TypeError, ValueError):  # as trafilatura's own call treats them: not a page
        tree = None
    if tree is None:
        return Problem(source=source, reason=NO_ARTICLE)
    if _too_deep(tree):
        # The parser drops everything below its depth limit and everything after it: what is
        # left would be a part of the page read as if it were the whole.
        return Problem(source=source, reason=f"HTML nested too deeply (over {_depth_limit() - 1} levels) to read")
    stated = _stated_times(tree)
    page = trafilatura.bare_extraction(
        tree,
        with_metadata=True,
        include_comments=False,
        favor_precision=True,
        date_extraction_params=DATE_PARAMS,
    )
    if not isinstance(page, Document):
        return Problem(source=source, reason=NO_ARTICLE)
    paragraphs = split_paragraphs(page.text or "")
    if not paragraphs:
        return Problem(source=source, reason=NO_ARTICLE)
    title = page.title or ""
    if normalise_text(paragraphs[0]) == normalise_text(title):
        paragraphs = paragraphs[1:]
    return Draft(
        source=source,
        title=title,
        paragraphs=paragraphs,
        standfirst=standfirst_from(page.description or "", paragraphs),
        byline=page.author,
        url=page.url,
        published=_published(stated, parse_date(page.date)),
        site_name=page.sitename,
    )


# Publication time


def _published(stated: tuple[list[str], list[str]], found: datetime | None) -> datetime | None:
    """The first time of day the metadata states; else the date trafilatura found, whose time a
    `<time datetime>` element on that same day may give."""
    sure, time_elements = stated
    on_the_day = (moment for moment in _times(time_elements) if found and moment.date() == found.date())
    return next(_times(sure), None) or next(on_the_day, None) or found


def _times(values: list[str]) -> Iterator[datetime]:
    """The plausible aware datetimes among `values` that give a time of day, in order."""
    for value in values:
        moment = parse_date(value) if TIME_OF_DAY.search(value) else None
        if moment is not None and _plausible(moment):
            yield moment


def _plausible(moment: datetime) -> bool:
    """Not before the web's news, nor more than a day ahead (zones); year checks first, since
    comparing a year-1 or year-9999 time with another zone's would overflow."""
    now = datetime.now(UTC)
    return EARLIEST.year <= moment.year <= now.year + 1 and EARLIEST <= moment <= now + timedelta(days=1)


def _stated_times(tree: HtmlElement) -> tuple[list[str], list[str]]:
    """Publication times the page states, surest first: `<meta>`, JSON-LD, microdata and
    `<time pubdate>`; then, apart, every other `<time datetime>` (a page's clock, a comment's
    time and a related story's date are also written so)."""
    metas: dict[str, list[str]] = {}
    for meta in tree.iter("meta"):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").strip().lower()
        if key in PUBLISHED_META and meta.get("content"):
            metas.setdefault(key, []).append(meta.get("content", ""))
    sure = [value for key in PUBLISHED_META for value in metas.get(key, [])]
    sure += _json_ld_dates(tree)
    others: list[str] = []
    for element in MARKED_TIMES(tree):
        if (element.get("itemprop") or "").strip().lower() == "datepublished" and element.tag != "meta":
            sure += [value for value in (element.get("datetime"), element.get("content")) if value]
        elif element.tag == "time" and element.get("datetime"):
            (sure if element.get("pubdate") is not None else others).append(element.get("datetime", ""))
    return sure, others


def _json_ld_dates(tree: HtmlElement) -> list[str]:
    """`datePublished` values of the page's JSON-LD: an article's first, then any other's."""
    articles: list[str] = []
    others: list[str] = []
    for script in tree.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json" or not script.text:
            continue
        try:
            data = json.loads(script.text)
        except (ValueError, RecursionError):  # invalid, or nested past the parser's stack
            continue
        stack = [data]
        while stack:  # a loop, not recursion: the JSON may nest deeply
            item = stack.pop()
            if isinstance(item, list):
                stack.extend(reversed(item))
            elif isinstance(item, dict):
                value = item.get("datePublished")
                if isinstance(value, str):
                    types = item.get("@type")
                    names = types if isinstance(types, list) else [types]
                    is_article = any(isinstance(name, str) and ARTICLE_TYPES.match(name) for name in names)
                    (articles if is_article else others).append(value)
                stack.extend(reversed(list(item.values())))
    return articles + others


# Nesting depth


@cache
def _depth_limit() -> int:
    """Levels of elements the HTML parser keeps: it drops whatever is nested deeper, and all that
    follows it. Measured once on this lxml, not assumed."""
    probe = load_html("<html><body>" + "<div>" * 10_000 + "</body></html>")
    depth = deepest = 0
    for event, _ in etree.iterwalk(probe, events=("start", "end")):
        depth += 1 if event == "start" else -1
        deepest = max(deepest, depth)
    return deepest


@cache
def _at_depth_limit() -> etree.XPath:
    """True when some element lies at the parser's depth limit: a path step per level, evaluated
    in C over each level in turn, so no recursion and time in proportion to the page."""
    return etree.XPath("boolean(/" + "/".join(["*"] * _depth_limit()) + ")")


def _too_deep(tree: HtmlElement) -> bool:
    """Whether parsing stopped at the depth limit. A page nested exactly that deep and no deeper
    lost nothing, yet cannot be told apart and is refused too: no real page comes near it."""
    return bool(_at_depth_limit()(tree))

"""HTML pages: trafilatura finds the article among the navigation, and its metadata."""

from __future__ import annotations

from collections.abc import Iterator

import trafilatura

from storylens.ingest.clean import split_paragraphs, standfirst_from
from storylens.ingest.reader import Draft, parse_date
from storylens.model import Problem, normalise_text

DATE_PARAMS = {"outputformat": "%Y-%m-%dT%H:%M:%S%z", "original_date": True, "extensive_search": False}
"""Keep the time and zone of the publication date, not only the day; never guess from the text."""


class HtmlReader:
    """One article per page; pages without one (index pages, error pages) are Problems."""

    suffixes = (".html", ".htm")

    def read(self, source: str, text: str) -> Iterator[Draft | Problem]:
        draft = extract_article(source, text)
        yield draft or Problem(source=source, reason="no article text found in HTML")


def extract_article(source: str, html: str) -> Draft | None:
    """The article of a page with its metadata, or None when trafilatura finds no article text.

    Shared by every reader of web pages (saved pages, web archives) so they all find the same text.
    """
    page = trafilatura.bare_extraction(
        html,
        with_metadata=True,
        include_comments=False,
        favor_precision=True,
        date_extraction_params=DATE_PARAMS,
    )
    paragraphs = split_paragraphs(page.text or "") if page else []
    if not paragraphs:
        return None
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
        published=parse_date(page.date),
        outlet=page.sitename,
    )

"""Web archives (WARC, plain or gzipped, as crawlers and `wget --warc-file` write them).

A crawl holds far more than articles: index pages, images, redirects, errors. Those are normal, so
they are skipped and counted, never reported one by one; only a break in the archive itself is a
Problem, and the articles before it are kept. Archives run to gigabytes, so records are read one
at a time from the open file, and only the payloads of HTML pages are held in memory.
"""

from __future__ import annotations

import io
import logging
import zlib
from collections import Counter
from collections.abc import Iterator
from dataclasses import replace
from email.message import Message
from itertools import count
from typing import BinaryIO

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.recordloader import ArcWarcRecord
from warcio.statusandheaders import StatusAndHeadersParserException

from storylens.ingest.compressed import InputTooLarge, decompressed, truncated
from storylens.ingest.decode import NotText, decode
from storylens.ingest.html import extract_article
from storylens.ingest.reader import Draft, parse_date
from storylens.model import Problem

log = logging.getLogger(__name__)

MIN_WORDS = 80
"""Fewer words than this is a teaser, a gallery or a section front, not an article to compare."""

MAX_PAGE_BYTES = 20_000_000
"""A bigger "page" is a dump or a mislabelled file, and would be held whole in memory to parse."""

WARC_START = b"WARC/"
HEAD_SLACK = 64
"""Blank bytes tolerated before the first record."""

HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})

BROKEN_ARCHIVE = (ArchiveLoadFailed, StatusAndHeadersParserException, zlib.error, EOFError, ValueError, AttributeError)
"""What warcio raises on bytes that are not a WARC record (AttributeError: a record cut inside its
headers, before its URI)."""


class WarcReader:
    """Article pages among an archive's responses, each located as "#N", N counting every record."""

    suffixes = (".warc", ".warc.gz")

    def read_stream(self, source: str, stream: BinaryIO) -> Iterator[Draft | Problem]:
        skipped: Counter[str] = Counter()
        try:
            yield from _read(source, decompressed(stream), skipped)
        finally:
            if skipped:
                log.info("%s: %d page(s) skipped: %s", source, skipped.total(), dict(skipped))


def _read(source: str, stream: io.BufferedReader, skipped: Counter[str]) -> Iterator[Draft | Problem]:
    """The drafts of the archive's article pages, then one Problem where the archive breaks.

    The stream is already decompressed (within bounds), so warcio sees a plain archive.
    """
    try:
        head = stream.peek(len(WARC_START) + HEAD_SLACK).lstrip()
    except EOFError as error:
        yield _broken(source, 1, 0, str(error))
        return
    if not head:
        yield Problem(source=source, reason="empty file")
        return
    if not head.startswith(WARC_START):
        # warcio would read the first "line" whole, however long: a gigabyte of zeros, in memory.
        yield _broken(source, 1, 0, "it does not begin with a WARC record header")
        return
    records = ArchiveIterator(stream)
    for number in count(1):
        start = records.offset
        record, page = None, None
        try:
            record = next(records, None)
            page = _page(record, skipped) if record else None
            if record:
                records.read_to_end()
        except BROKEN_ARCHIVE as error:
            yield _broken(source, number, start, _first_line(error))
            return
        except InputTooLarge as error:
            # warcio reads on past a record's end looking for the next one: a page read whole
            # before the expansion is still an article.
            draft = _article(f"{source}#{number}", record, page, skipped) if record and page is not None else None
            yield from filter(None, [draft, Problem(source=f"{source}#{number}", reason=str(error))])
            return
        if record is None:
            if start < records.fh.tell():
                yield _broken(source, number, start, "the bytes left are not a whole record")
            elif truncated(stream):
                yield _broken(source, number, start, "the compressed data is cut short")
            elif number == 1:
                yield Problem(source=source, reason="empty file")
            return
        if not _complete(record):
            yield _broken(source, number, start, "the record is cut short")
            return
        draft = _article(f"{source}#{number}", record, page, skipped) if page is not None else None
        if draft:
            yield draft


def _page(record: ArcWarcRecord, skipped: Counter[str]) -> bytes | None:
    """The payload of a successful HTML response; anything else is counted in `skipped` by kind."""
    if record.rec_type != "response" or record.http_headers is None:
        return None
    kind = record.http_headers.get_header("Content-Type", "").split(";")[0].strip().lower()
    if record.http_headers.get_statuscode() != "200":
        skipped["status not 200"] += 1
    elif kind not in HTML_TYPES:
        skipped["not HTML"] += 1
    else:
        try:
            page = record.content_stream().read(MAX_PAGE_BYTES + 1)
        except (zlib.error, ValueError):
            skipped["unreadable payload"] += 1
        else:
            if len(page) <= MAX_PAGE_BYTES:
                return page
            skipped["page too large"] += 1
    return None


def _article(source: str, record: ArcWarcRecord, page: bytes, skipped: Counter[str]) -> Draft | None:
    """The page's article with the archive's URL, dated by the capture when the page has no date.

    The outlet is left to the URL's domain: one site's pages disagree on their site name.
    """
    try:
        draft = extract_article(source, _text(page, record.http_headers.get_header("Content-Type", "")))
    except NotText:
        draft = None
    if draft is None or sum(len(p.split()) for p in draft.paragraphs) < MIN_WORDS:
        skipped["no article text"] += 1
        return None
    headers = record.rec_headers
    return replace(
        draft,
        url=(headers.get_header("WARC-Target-URI") or "").strip("<>") or draft.url,
        published=draft.published or parse_date(headers.get_header("WARC-Date")),
        outlet=None,
    )


def _text(page: bytes, content_type: str) -> str:
    """The page decoded by the charset its response declared, else by the usual guessing."""
    message = Message()
    message["Content-Type"] = content_type
    charset = message.get_content_charset()
    if charset:
        try:
            return page.decode(charset)
        except (LookupError, UnicodeDecodeError):
            pass
    return decode(page)


def _complete(record: ArcWarcRecord) -> bool:
    """Whether the record just read ended where its headers said: warcio returns a record cut off
    by the end of the file (inside its headers, so without a length, or inside its content) as if
    it were whole."""
    declared = record.rec_headers.get_header("Content-Length") or ""
    return declared.strip().isdigit() and getattr(record.raw_stream, "limit", 0) <= 0


def _broken(source: str, number: int, offset: int, why: str) -> Problem:
    return Problem(
        source=f"{source}#{number}",
        reason=f"corrupt or truncated WARC: record {number} (byte {offset}) cannot be read: {why}",
    )


def _first_line(error: Exception) -> str:
    """warcio's message, short: on random bytes it quotes the whole first "line" of them."""
    line = str(error).split("\n")[0]
    return line if len(line) <= 80 else line[:79] + "…"

"""JSON and JSON Lines exports from scrapers and news APIs: one article per object."""

from __future__ import annotations

import codecs
import io
import json
from collections.abc import Iterator
from typing import BinaryIO

from storylens.ingest.clean import split_paragraphs
from storylens.ingest.compressed import InputTooLarge, decompressed, truncated
from storylens.ingest.decode import LineDecoder, NotText
from storylens.ingest.reader import Draft, parse_date
from storylens.model import Problem

HEAD_SIZE = 8192
"""Bytes looked at before parsing, to refuse a binary file as one Problem instead of one per line."""
MAX_LINE_BYTES = 32_000_000
"""A longer line is a dump, not an article, and would be held whole in memory to parse."""

WIDE_BYTE_ORDER_MARKS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_BE)
"""UTF-16 and UTF-32 files cannot be split into lines on the byte b"\\n" (the UTF-32 LE mark
begins with the UTF-16 LE one)."""


class JsonReader:
    """A file holding one article object or a list of them (item N is located as "#N")."""

    suffixes = (".json",)

    def read(self, source: str, text: str) -> Iterator[Draft | Problem]:
        try:
            data = _parse(text)
        except ValueError as error:
            yield Problem(source=source, reason=f"invalid JSON: {error}")
            return
        if isinstance(data, list):
            yield from (_record(f"{source}#{n}", item) for n, item in enumerate(data, start=1))
        else:
            yield _record(source, data)


class JsonLinesReader:
    """One article object per line (line N is located as "#N"); a bad line spoils only itself.

    Exports of this kind run to gigabytes, so the file is read a line at a time and never whole;
    gzipped ones (".jsonl.gz") are decompressed as they are read.
    """

    suffixes = (".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz")

    def read_stream(self, source: str, stream: BinaryIO) -> Iterator[Draft | Problem]:
        try:
            yield from _read_lines(source, decompressed(stream))
        except InputTooLarge as error:
            yield Problem(source=source, reason=str(error))
        except EOFError as error:
            yield Problem(source=source, reason=f"corrupt gzip file: {error}")


def _read_lines(source: str, stream: io.BufferedReader) -> Iterator[Draft | Problem]:
    """Every line's draft or Problem, after refusing a file that is not UTF-8 text as a whole."""
    head = stream.peek(HEAD_SIZE)[:HEAD_SIZE]
    if head.startswith(WIDE_BYTE_ORDER_MARKS):
        yield Problem(source=source, reason="undecodable bytes: JSON Lines must be UTF-8")
        return
    if b"\x00" in head:
        yield Problem(source=source, reason="binary file, not text")
        return
    decoder = LineDecoder()
    empty = True
    for number, raw in enumerate(_lines(stream), start=1):
        if raw is not None and not raw.strip():
            continue
        empty = False
        yield _line(f"{source}#{number}", raw, decoder)
    if empty:
        yield Problem(source=source, reason="empty file")
    elif truncated(stream):
        yield Problem(source=source, reason="corrupt gzip file: the compressed data is cut short")


def _lines(stream: BinaryIO) -> Iterator[bytes | None]:
    """The file's lines, the first without its UTF-8 byte order mark; None for a line too long to
    be one article, whose bytes are read past a chunk at a time instead of held.

    Lines end at b"\n" only: U+2028, which JSON strings may hold, is not a line break here.
    """
    first = True
    while line := stream.readline(MAX_LINE_BYTES + 1):
        if len(line) > MAX_LINE_BYTES and not line.endswith(b"\n"):
            while line and not line.endswith(b"\n"):
                line = stream.readline(HEAD_SIZE)
            yield None
        else:
            yield line.removeprefix(codecs.BOM_UTF8) if first else line
        first = False


def _line(source: str, raw: bytes | None, decoder: LineDecoder) -> Draft | Problem:
    """The draft of one line, or the Problem that spoils that line alone."""
    if raw is None:
        return Problem(source=source, reason=f"line longer than {MAX_LINE_BYTES // 1_000_000} MB: not one article")
    try:
        data = _parse(decoder(raw))
    except NotText as error:
        return Problem(source=source, reason=str(error))
    except ValueError as error:
        return Problem(source=source, reason=f"truncated or invalid JSON: {error}")
    return _record(source, data)


def _parse(text: str) -> object:
    """json.loads, with nesting too deep for the parser reported like any other invalid JSON."""
    try:
        return json.loads(text)
    except RecursionError:
        raise ValueError("nested too deeply") from None


def _record(source: str, data: object) -> Draft | Problem:
    """The draft of one JSON object, naming the field that is missing when it cannot be one."""
    if not isinstance(data, dict):
        return Problem(source=source, reason="expected a JSON object for an article")
    title = _text(data, "title", "headline")
    body = data.get("text") or data.get("body")
    if not title:
        return Problem(source=source, reason="missing field: title")
    paragraphs = _paragraphs(body)
    if not paragraphs:
        return Problem(source=source, reason="missing field: text (or body)")
    return Draft(
        source=source,
        title=title,
        paragraphs=paragraphs,
        standfirst=_text(data, "standfirst") or "",
        byline=_text(data, "byline", "author"),
        url=_text(data, "url", "link"),
        published=parse_date(_text(data, "published", "date")),
        outlet=_outlet(data),
    )


def _text(data: dict[str, object], *keys: str) -> str | None:
    """The first of `keys` that holds a non-empty string."""
    for key in keys:
        value = data.get(key)
        if isinstance(value, str) and value.strip():
            return value
    return None


def _paragraphs(body: object) -> list[str]:
    """Paragraphs from a text with line breaks, or from a list of paragraph strings."""
    if isinstance(body, str):
        return split_paragraphs(body)
    if isinstance(body, list):
        return [p for item in body if isinstance(item, str) for p in split_paragraphs(item)]
    return []


def _outlet(data: dict[str, object]) -> str | None:
    """The outlet name; news APIs often nest it as {"source": {"name": ...}}."""
    for key in ("outlet", "source", "site"):
        value = data.get(key)
        if isinstance(value, dict):
            value = value.get("name")
        if isinstance(value, str) and value.strip():
            return value
    return None

"""JSON and JSON Lines exports from scrapers and news APIs: one article per object."""

from __future__ import annotations

import codecs
import io
import json
from collections.abc import Iterator
from itertools import chain
from typing import BinaryIO

from storylens.ingest.clean import split_paragraphs
from storylens.ingest.reader import Draft, parse_date
from storylens.model import Problem

HEAD_SIZE = 8192
"""Bytes looked at before parsing, to refuse a binary file as one Problem instead of one per line."""

WIDE_BYTE_ORDER_MARKS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_BE)
"""UTF-16 and UTF-32 files cannot be split into lines on the byte b"\\n" (the UTF-32 LE mark
begins with the UTF-16 LE one)."""


class JsonReader:
    """A file holding one article object or a list of them (item N is located as "#N")."""

    suffixes = (".json",)

    def read(self, source: str, text: str) -> Iterator[Draft | Problem]:
        try:
            data = json.loads(text)
        except json.JSONDecodeError as error:
            yield Problem(source=source, reason=f"invalid JSON: {error}")
            return
        if isinstance(data, list):
            yield from (_record(f"{source}#{n}", item) for n, item in enumerate(data, start=1))
        else:
            yield _record(source, data)


class JsonLinesReader:
    """One article object per line (line N is located as "#N"); a bad line spoils only itself.

    Exports of this kind run to gigabytes, so the file is read a line at a time and never whole.
    """

    suffixes = (".jsonl", ".ndjson")

    def read_stream(self, source: str, stream: BinaryIO) -> Iterator[Draft | Problem]:
        head = stream.read(HEAD_SIZE)
        if head.startswith(WIDE_BYTE_ORDER_MARKS):
            yield Problem(source=source, reason="undecodable bytes: JSON Lines must be UTF-8")
            return
        if b"\x00" in head:
            yield Problem(source=source, reason="binary file, not text")
            return
        # Lines end at b"\n" only: U+2028, which JSON strings may hold, is not a line break here.
        lines = chain(io.BytesIO(head.removeprefix(codecs.BOM_UTF8) + stream.readline()), stream)
        empty = True
        for number, raw in enumerate(lines, start=1):
            if not raw.strip():
                continue
            empty = False
            yield _line(f"{source}#{number}", raw)
        if empty:
            yield Problem(source=source, reason="empty file")


def _line(source: str, raw: bytes) -> Draft | Problem:
    """The draft of one line, or the Problem that spoils that line alone."""
    try:
        data = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        return Problem(source=source, reason="undecodable bytes: line is not UTF-8")
    except json.JSONDecodeError as error:
        return Problem(source=source, reason=f"truncated or invalid JSON: {error}")
    return _record(source, data)


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

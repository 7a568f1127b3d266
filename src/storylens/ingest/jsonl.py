"""JSON and JSON Lines exports from scrapers and news APIs: one article per object."""

from __future__ import annotations

import json
from collections.abc import Iterator

from storylens.ingest.clean import split_paragraphs
from storylens.ingest.reader import Draft, parse_date
from storylens.model import Problem


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
    """One article object per line (line N is located as "#N"); a bad line spoils only itself."""

    suffixes = (".jsonl", ".ndjson")

    def read(self, source: str, text: str) -> Iterator[Draft | Problem]:
        # Split on "\n" only: str.splitlines would also split on U+2028, which JSON strings may hold.
        for number, line in enumerate(text.split("\n"), start=1):
            if not line.strip():
                continue
            locator = f"{source}#{number}"
            try:
                data = json.loads(line)
            except json.JSONDecodeError as error:
                yield Problem(source=locator, reason=f"truncated or invalid JSON: {error}")
            else:
                yield _record(locator, data)


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

"""Plain text articles: headline on the first line, then standfirst, then body paragraphs."""

from __future__ import annotations

import re
from collections.abc import Iterator

from storylens.ingest.reader import Draft
from storylens.model import Problem

BULLET = re.compile(r"^\s*[•*\-]\s+")


class PlainTextReader:
    """Each non-empty line is a paragraph, which is how copied and scraped articles arrive."""

    suffixes = (".txt",)

    def read(self, source: str, text: str) -> Iterator[Draft | Problem]:
        lines = [line for line in text.splitlines() if line.strip()]
        standfirst, body = _standfirst(lines[1:])
        yield Draft(source=source, title=lines[0], standfirst=standfirst, paragraphs=body)


def _standfirst(lines: list[str]) -> tuple[str, list[str]]:
    """The paragraph after the headline plus the bullet lines under it; the rest is body.

    A lone paragraph after the headline is body, not standfirst: an article needs a body.
    """
    if len(lines) < 2:
        return "", lines
    bullets = 0
    while 1 + bullets < len(lines) and BULLET.match(lines[1 + bullets]):
        bullets += 1
    points = [BULLET.sub("", line) for line in lines[1 : 1 + bullets]]
    return "\n".join([lines[0], *points]), lines[1 + bullets :]

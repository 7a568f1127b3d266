"""Where a framing span lands: offsets into `Article.text`, and whether it sits in quoted speech.

Every framing model reads an article section by section; this module places what it finds back
into the article's canonical text and flags quotes, so that all models agree on offsets and on
what counts as the speaker's words rather than the outlet's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from storylens.model import SECTION_SEPARATOR, Article, FramingKind, FramingSpan, Role

QUOTE_FAMILY = {"“": '"', "”": '"', '"': '"', "‘": "'", "’": "'", "'": "'"}
OPENING_QUOTES = frozenset("“‘")
CLOSING_QUOTES = frozenset("”’")
BEFORE_OPENING = frozenset("([{—–-/")
QUOTE_MARK = re.compile("[" + "".join(QUOTE_FAMILY) + "]")

SENTENCE_END = re.compile(r"[.!?]+[\"”’')\]]*\s+(?=[\"“‘'(\[]?[A-Z0-9])")
"""End punctuation, closing marks, spaces, then what can open a sentence."""
ABBREVIATIONS = frozenset(
    "mr mrs ms dr st sen rep gov gen lt col maj capt sgt adm prof rev jr sr inc corp co ltd vs etc jan feb "
    "aug sept oct nov dec".split()
)
"""Words whose full stop rarely ends a sentence ("Mr. Kim", "Gen. Milley")."""


@dataclass(frozen=True)
class Placement:
    """One section of an article and where it starts in `article.text`."""

    article: Article
    role: Role
    text: str
    offset: int

    def span(self, start: int, end: int, kind: FramingKind, score: float, neutral: str | None) -> FramingSpan:
        """A span from character offsets in the section, trimmed of spaces and placed in the article's text."""
        piece = self.text[start:end]
        start += len(piece) - len(piece.lstrip())
        end -= len(piece) - len(piece.rstrip())
        return FramingSpan(
            article_id=self.article.id,
            outlet=self.article.outlet.name,
            start=self.offset + start,
            end=self.offset + end,
            text=self.text[start:end],
            kind=kind,
            score=score,
            neutral=neutral,
            quoted=self.quoted(start, end),
        )

    def quoted(self, start: int, end: int) -> bool:
        return any(a <= start and end <= b for a, b in self.quotes)

    @cached_property
    def quotes(self) -> list[tuple[int, int]]:
        return quoted_regions(self.text)


@dataclass(frozen=True)
class Unit:
    """A sentence-sized piece of a section, `[start, end)` in the section's text: what a model parses.

    Spans found in it are placed through the whole section, so that a quote opened in an earlier
    sentence still marks the speaker's words.
    """

    placement: Placement
    start: int
    end: int

    @property
    def text(self) -> str:
        return self.placement.text[self.start : self.end]

    def span(self, start: int, end: int, kind: FramingKind, score: float, neutral: str | None) -> FramingSpan:
        return self.placement.span(self.start + start, self.start + end, kind, score, neutral)


def sentence_units(placement: Placement) -> list[Unit]:
    """The section cut where a sentence surely ends; a doubtful stop ("Mr. Kim", "U.S. troops") does not cut.

    A cut that a parser would not make only costs context, while a missed one costs time, so
    the rule leans to keeping text together.
    """
    units, start = [], 0
    for match in SENTENCE_END.finditer(placement.text):
        if match.group().startswith(".") and _abbreviated(placement.text[start : match.start()]):
            continue
        units.append(Unit(placement, start, match.start() + len(match.group().rstrip())))
        start = match.end()
    if start < len(placement.text):
        units.append(Unit(placement, start, len(placement.text)))
    return units


def _abbreviated(before: str) -> bool:
    """The word before a full stop is an abbreviation or an initial ("J.", "U.S")."""
    word = before.rsplit(None, 1)[-1] if before.strip() else ""
    bare = word.lstrip("([\"“‘'")
    return bare.lower() in ABBREVIATIONS or bool(re.fullmatch(r"(?:[A-Za-z]\.)*[A-Za-z]", bare))


def placements(article: Article) -> list[Placement]:
    """The article's sections in the order of `article.text`, each with its offset there."""
    found, offset = [], 0
    for role, text in article.sections():
        found.append(Placement(article, role, text, offset))
        offset += len(text) + len(SECTION_SEPARATOR)
    return found


def quoted_regions(text: str) -> list[tuple[int, int]]:
    """Character ranges inside quotation marks; a quote left open runs to the end of its block.

    Curly marks say which way they face; straight ones are read from the character before them.
    A ’ or ' between two letters or digits is an apostrophe ("Korea’s"), not a quote.
    """
    regions, open_at = [], {}
    for found in QUOTE_MARK.finditer(text):
        i = found.start()
        mark = _quote_mark(text, i)
        if mark is None:
            continue
        family, opening = mark
        if opening and family not in open_at:
            open_at[family] = i
        elif not opening and family in open_at:
            regions.append((open_at.pop(family), i + 1))
    return regions + [(i, len(text)) for i in open_at.values()]


def quoted_chars(text: str) -> int:
    """How many of the text's characters sit inside quotation marks."""
    return sum(end - start for start, end in _merged(quoted_regions(text)))


def _merged(regions: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Overlapping regions (a ‘quote’ inside a “quote”) joined, so no character counts twice."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(regions):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _quote_mark(text: str, i: int) -> tuple[str, bool] | None:
    before = text[i - 1] if i else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    char = text[i]
    if QUOTE_FAMILY[char] == "'" and before.isalnum() and after.isalnum():
        return None
    if char in OPENING_QUOTES or char in CLOSING_QUOTES:
        return QUOTE_FAMILY[char], char in OPENING_QUOTES
    return char, before.isspace() or before in BEFORE_OPENING

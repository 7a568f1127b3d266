"""Where a framing span lands: offsets into `Article.text`, and whether it sits in quoted speech.

Every framing model reads an article section by section; this module places what it finds back
into the article's canonical text and flags quotes, so that all models agree on offsets and on
what counts as the speaker's words rather than the outlet's. A span never crosses a quote mark
(`Placement.span` cuts it there), so it is wholly the speaker's words or wholly the outlet's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from spacy.tokens import Doc

from storylens.model import SECTION_SEPARATOR, Article, FramingKind, FramingSpan, Role

PIECE_CHARS = 20_000
"""Longest text parsed at once: far longer than any real paragraph (a long one has ~2,000 characters)."""
QUOTE_FAMILY = {"“": '"', "”": '"', '"': '"', "‘": "'", "’": "'", "'": "'"}
OPENING_QUOTES = frozenset("“‘")
CLOSING_QUOTES = frozenset("”’")
BEFORE_OPENING = frozenset("([{—–-/")
QUOTE_MARK = re.compile("[" + "".join(QUOTE_FAMILY) + "]")
EDGE = "".join(QUOTE_FAMILY) + " \t\n,;:–—"
"""Trimmed off a span's ends: spaces, quote marks, and the punctuation a cut at a quote mark leaves ("So pathetic,")."""


@dataclass(frozen=True)
class Placement:
    """One section of an article and where it starts in `article.text`."""

    article: Article
    role: Role
    text: str
    offset: int
    before: str = ""
    """The last line of the section before it, which may introduce it as someone's words (`block_quotations`)."""

    def span(
        self, start: int, end: int, kind: FramingKind, score: float, neutral: str | None, core: tuple[int, int] | None = None
    ) -> FramingSpan:
        """A span from character offsets in the section, placed in the article's text.

        It never crosses a quote mark: one that runs over a mark (past the end of a quote into the
        outlet's words, or from them into a quote) is cut there, and the part kept is the one that
        holds most of `core`, the loaded words that named the span, where the model gives them (the
        lexicon does: "deep state” Justice Department" keeps "deep state"), else the part with the
        most letters and digits (a run the classifier tagged is loaded throughout). A cut span loses
        its neutral wording, which was written for the whole, and so does a neutral that holds a
        quote mark. The ends are trimmed of spaces, quote marks and the punctuation a cut leaves.
        """
        parts = self._parts(start, end)
        if len(parts) != 1 or (neutral is not None and quote_marks(neutral)):
            neutral = None
        if parts:
            start, end = max(parts, key=lambda part: (_overlap(part, core), _letters(self.text[part[0] : part[1]])))
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

    def _parts(self, start: int, end: int) -> list[tuple[int, int]]:
        """`[start, end)` cut at every quote mark in it, each part trimmed of `EDGE`; parts without a letter or digit are dropped."""
        marks = quote_marks(self.text, start, end)
        found = []
        for a, b in zip([start, *(i + 1 for i in marks)], [*marks, end]):
            piece = self.text[a:b]
            a, b = a + len(piece) - len(piece.lstrip(EDGE)), b - (len(piece) - len(piece.rstrip(EDGE)))
            if a < b and _letters(self.text[a:b]):
                found.append((a, b))
        return found

    def quoted(self, start: int, end: int) -> bool:
        return any(a <= start and end <= b for a, b in self.quotes)

    @cached_property
    def quotes(self) -> list[tuple[int, int]]:
        return quoted_regions(self.text) + block_quotations(self.text, self.before)


@dataclass(frozen=True)
class Unit:
    """A line of a section, `[start, end)` in the section's text: what the analyze stage parses.

    Spans found in it are placed through the whole section, so that a quote opened in an earlier
    line still marks the speaker's words.
    """

    placement: Placement
    start: int
    end: int

    @property
    def text(self) -> str:
        return self.placement.text[self.start : self.end]

    @property
    def offset(self) -> int:
        """Where the unit starts in `article.text`."""
        return self.placement.offset + self.start

    def span(
        self, start: int, end: int, kind: FramingKind, score: float, neutral: str | None, core: tuple[int, int] | None = None
    ) -> FramingSpan:
        """`Placement.span` from offsets in the unit's text."""
        moved = None if core is None else (self.start + core[0], self.start + core[1])
        return self.placement.span(self.start + start, self.start + end, kind, score, neutral, moved)


@dataclass(frozen=True)
class ParsedLine:
    """A line and the analyze stage's parse of it: what a framing model reads, so that none parses again."""

    unit: Unit
    doc: Doc


def lines(article: Article) -> list[Unit]:
    """Every non-empty line of the article's sections, in the order of `article.text`, a very long
    line cut in pieces (`pieces`).

    A line break always ends a sentence (a standfirst's bullets, a caption under a paragraph), so
    lines are parsed apart, and spaCy never runs two of them together.
    """
    found = []
    for placement in placements(article):
        start = 0
        for line in placement.text.split("\n"):
            if line.strip():
                found += [Unit(placement, a, b) for a, b in pieces(line, start)]
            start += len(line) + 1
    return found


def pieces(line: str, offset: int = 0, size: int = PIECE_CHARS) -> list[tuple[int, int]]:
    """`[start, end)` ranges (plus `offset`) of at most `size` characters covering the line, each
    cut after the last sentence end, else the last space, before the limit; a run with neither is
    cut at the limit. Parsing costs memory in proportion to the text parsed at once, and spaCy
    refuses a text of over a million characters, so a 5 MB paragraph is parsed a piece at a time."""
    found, start = [], 0
    while len(line) - start > size:
        window = line[start : start + size]
        cut = max(window.rfind(". "), window.rfind("? "), window.rfind("! "))
        cut = cut + 2 if cut > 0 else window.rfind(" ") + 1
        end = start + (cut if cut > 0 else size)
        found.append((offset + start, offset + end))
        start = end
    found.append((offset + start, offset + len(line)))
    return [(a, b) for a, b in found if line[a - offset : b - offset].strip()]


def placements(article: Article) -> list[Placement]:
    """The article's sections in the order of `article.text`, each with its offset there."""
    found, offset, before = [], 0, ""
    for role, text in article.sections():
        found.append(Placement(article, role, text, offset, before if role == Role.BODY else ""))
        offset += len(text) + len(SECTION_SEPARATOR)
        before = next((line for line in reversed(text.split("\n")) if line.strip()), before)
    return found


INTRODUCING = re.compile(
    r"\b(?:said|says|saying|wrote|writes|writing|tweet(?:s|ed)?|posted|statement|letter|excerpt|reads?|"
    r"reported|reports|commentary|message|remarks|following)\b",
    re.IGNORECASE,
)
"""Words of a line that introduces someone's words: "Read the full rant via Gawker:", "And Trump
himself lashed out on Twitter, saying:", "issued a brief statement shortly after the speech:"."""
INTRODUCTION_WORDS = 2
"""Words an introducing line has at least: "UPDATE:" is a label, and what follows it the outlet's."""


def block_quotations(text: str, before: str = "") -> list[tuple[int, int]]:
    """Lines set apart as someone's words: a line that a line ending on a colon introduces (with a
    word of `INTRODUCING`) and that has no double quotation mark of its own. Outlets set a letter,
    a post or a tweet apart so instead of between marks ("Read the full rant via Gawker:" and then
    "Dear Sasha and Malia, … At least respect the part you play."), and its sentences are the
    writer's words, not the outlet's: stated as the outlet's, "Then again your mother and father
    don't respect their positions very much" stood in a summary as a fact. `before`: the line
    before the text's first (that of the paragraph before it)."""
    found, start = [], 0
    for line in text.split("\n"):
        introduced = before.rstrip().endswith(":") and len(before.split()) >= INTRODUCTION_WORDS and INTRODUCING.search(before)
        if introduced and line.strip() and not any(QUOTE_FAMILY[line[i]] == '"' for i in quote_marks(line)):
            found.append((start, start + len(line)))
        if line.strip():
            before = line
        start += len(line) + 1
    return found


def quoted_regions(text: str) -> list[tuple[int, int]]:
    """Character ranges inside quotation marks; a quote left open runs to the end of its block.

    Curly marks say which way they face; straight ones are read from the character before them.
    A ’ or ' between two letters or digits is an apostrophe ("Korea’s"), not a quote.
    """
    regions, open_at = _read_marks(text)
    return regions + [(i, len(text)) for i in open_at.values()]


def speech_regions(text: str) -> list[tuple[int, int]]:
    """Where a sentence gives someone's words: its closed quotations, a double quotation it leaves
    open (one that runs on into the next sentence), and a single one left open from its first
    word, as British outlets open theirs. A single opening mark left open anywhere else is more
    likely an apostrophe typed the wrong way round ("in the ‘90s, officials said") than a quotation."""
    closed, open_at = _read_marks(text)
    first = len(text) - len(text.lstrip())
    return closed + [(i, len(text)) for family, i in open_at.items() if family == '"' or i == first]


def open_quotation(text: str) -> str | None:
    """The mark that closes the double quotation the text leaves open at its end, read as
    `quoted_regions` reads it ("“" closed by "”", a straight mark by another); None where none is
    open: a text that begins inside a quotation opened earlier ("It's destructive," said Robert
    Gibbs) has only its closing mark."""
    at = _read_marks(text)[1].get('"')
    return None if at is None else "”" if text[at] == "“" else '"'


def _read_marks(text: str) -> tuple[list[tuple[int, int]], dict[str, int]]:
    """The quotations closed in the text, and where each family's quotation left open begins."""
    regions: list[tuple[int, int]] = []
    open_at: dict[str, int] = {}
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
    return regions, open_at


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


def quote_marks(text: str, start: int = 0, end: int | None = None) -> list[int]:
    """Where `text[start:end]` has a quote mark, opening or closing, matched or not; apostrophes ("Korea’s") left out."""
    found = QUOTE_MARK.finditer(text, start, len(text) if end is None else end)
    return [mark.start() for mark in found if _quote_mark(text, mark.start()) is not None]


def _overlap(part: tuple[int, int], core: tuple[int, int] | None) -> int:
    return 0 if core is None else max(0, min(part[1], core[1]) - max(part[0], core[0]))


def _letters(text: str) -> int:
    return sum(c.isalnum() for c in text)


def _quote_mark(text: str, i: int) -> tuple[str, bool] | None:
    before = text[i - 1] if i else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    char = text[i]
    if QUOTE_FAMILY[char] == "'" and before.isalnum() and after.isalnum():
        return None
    if char in OPENING_QUOTES or char in CLOSING_QUOTES:
        return QUOTE_FAMILY[char], char in OPENING_QUOTES
    return char, before.isspace() or before in BEFORE_OPENING

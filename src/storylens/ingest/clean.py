"""Boilerplate and caption rules shared by every reader.

Body paragraphs feed fact matching and framing scores, so promotion lines, agency credits and
image captions must not be in them; captions are kept apart because they still name who and where.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import UTC, datetime

from storylens.model import normalise_text

INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))
CONTROLS = {code: " " for code in (*range(0x20), *range(0x7F, 0xA0))}
"""Control characters become spaces: they have no place in an article, and an escape sequence
printed to a terminal can recolour it, retitle it or worse (terminal injection)."""
TIDY = {**CONTROLS, **INVISIBLE}

BOILERPLATE = re.compile(
    r"source:\s*read full article"
    r"|read more(?:\s*[:|\-–—].*)?"
    r"|related(?: articles| stories)?(?:\s*:.*)?"
    r"|advertisement"
    r"|share this (?:article|story)"
    r"|scroll down for video"
    r"|story continues below(?: advertisement)?"
    r"|(?:this (?:article|story|post) )?(?:was )?originally (?:appeared|published) (?:on|in|at) .{1,160}"
    r"|the post .{1,300} appeared first on .{1,160}",
    re.IGNORECASE,
)
"""Whole paragraphs that are site furniture, not reporting: among them a syndication note ("This
article originally appeared on ...", a feed's "The post ... appeared first on ...")."""
SYNDICATED_OPENING = re.compile(r"^.{1,300}?\s+originally appeared on\s+(?:www\.)?[\w-]+(?:\.[\w-]+)+\s+(?=[A-Z“\"‘'])")
"""A syndication note glued to the start of the first paragraph, the syndicated title with it:
"Who is Marie Yovanovitch? originally appeared on abcnews.go.com Her friends ..." (a NeuS source,
whose first words had become a summary's sentence)."""

MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_MONTH = r"(?P<month{0}>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_DAY = r"(?P<day{0}>\d{{1,2}})(?:st|nd|rd|th)?"
_CLOCK = r"\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\.?)?(?:\s*[a-z]{2,4}\b)?"
_WEEKDAY = r"(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?\.?"
STAMP = re.compile(
    r"(?:(?P<label>posted|published|updated|last updated|first published)(?:\s+(?:on|at))?\s*:?\s*)?"
    rf"(?:{_CLOCK}\s*,?\s*)?(?:{_WEEKDAY}\s*,?\s*)?"
    rf"(?:{_DAY.format(1)}\s+{_MONTH.format(1)}\s*,?\s+(?P<year1>\d{{4}})|{_MONTH.format(2)}\s+{_DAY.format(2)}\s*,?\s+(?P<year2>\d{{4}}))"
    rf"(?:\s*[,|\-–]?\s*(?:at\s+)?{_CLOCK})?[\s|]*",
    re.IGNORECASE,
)
"""A paragraph that is only a page's date stamp ("Posted: May 24, 2005", "Published at 12:45,
Wednesday, 12 June 2013", "Posted on Thu Jun 13, 2013 08:45 AM PDT", "May 2, 2013 | 5:03pm",
"17 September 2013-21:29"): furniture, no fact. Left in, two outlets' stamps read as two dates of
one fact and made a conflict (ECB+ pages)."""
STAMP_REACH = 3
"""Paragraphs from the top where a stamp dates the article that gives no date of its own; one
that says it dates an update ("Updated", "Last updated") does not."""

GLUED_SOURCE = re.compile(r"\s*Source:\s*Read Full Article\s*$", re.IGNORECASE)

AGENCY_CREDIT = re.compile(
    r"(?:^[–—-]?|\s+[–—-])\s*(?:with |and )?"
    r"(?:[Aa]gencies|Reuters|AFP|AP|PA|Associated Press|Press Association|Bloomberg|dpa|Xinhua|Yonhap|EFE)\.?$"
)
"""A credit at the very end of a text ("... relations. – Agencies"), or a line of its own."""

PHOTO_CREDIT = re.compile(r"\s*\(?\b(?:Photograph|Photo|Picture|Credit|Image)s?\s*:[^:]{0,120}$")
"""A photo credit ends a caption line: "... Sergei Shoigu. Photograph: KCNA/AP"."""

PICTURE_MARKER = re.compile(
    r"\((?:[Pp]ictured\b[^)]*"
    r"|(?:far |second |2nd |3rd )?(?:[Ll]eft|[Rr]ight|[Cc]entre|[Cc]enter|[Tt]op|[Bb]ottom|[Ii]nset)"
    r"|[LRC]|\d(?:st|nd|rd|th|d)?-[LR])\)"
)
"""A position note that only makes sense beside a picture: "(pictured)", "(left)", "(2nd-L)", "(R)"."""

TERMINAL = re.compile(r"[.!?…:][\"'”’»)\]]*$")
CAPTION_MIN_WORDS = 6


def normalise_space(text: str) -> str:
    """One line with single plain spaces: non-breaking and zero-width characters vary by site."""
    return " ".join(text.translate(TIDY).split())


def normalise_lines(text: str) -> str:
    """Like normalise_space, but keeps line breaks (a standfirst's bullets stay separate)."""
    return "\n".join(line for line in map(normalise_space, text.splitlines()) if line)


def split_paragraphs(text: str) -> list[str]:
    """Each non-empty line is a paragraph; extractors and JSON producers mark paragraphs that way."""
    return [line for line in map(normalise_space, text.splitlines()) if line]


def clean_body(paragraphs: Iterable[str]) -> tuple[list[str], list[str]]:
    """Body paragraphs and unique captions, with boilerplate and credits removed from both."""
    tidy = [p for p in map(_tidy, paragraphs) if p and not BOILERPLATE.fullmatch(p) and not STAMP.fullmatch(p)]
    if tidy:
        tidy[0] = SYNDICATED_OPENING.sub("", tidy[0])
    return _split_captions(_strip_agency_credit(tidy))


def stamped(paragraphs: list[str]) -> datetime | None:
    """The day a date stamp near the top of the body gives (`STAMP`), at midnight UTC as a day
    alone is read elsewhere: the publication day of an article whose record gives none. A stamp
    lower down may date an update or an earlier report, so only the first few paragraphs count."""
    for paragraph in paragraphs[:STAMP_REACH]:
        found = STAMP.fullmatch(_tidy(paragraph))
        if found and "updated" not in (found["label"] or "").lower():
            side = "1" if found["year1"] else "2"
            month = MONTHS.index(found["month" + side][:3].lower()) + 1
            try:
                return datetime(int(found["year" + side]), month, int(found["day" + side]), tzinfo=UTC)
            except ValueError:
                return None
    return None


def standfirst_from(teaser: str, paragraphs: list[str]) -> str:
    """A page's teaser as standfirst, unless it only repeats the opening of the body."""
    key = normalise_text(teaser).rstrip(".… ")
    return "" if not key or key in normalise_text(" ".join(paragraphs[:2])) else normalise_lines(teaser)


def _tidy(paragraph: str) -> str:
    return GLUED_SOURCE.sub("", normalise_space(paragraph))


def _strip_agency_credit(paragraphs: list[str]) -> list[str]:
    if not paragraphs:
        return paragraphs
    last = AGENCY_CREDIT.sub("", paragraphs[-1]).rstrip()
    return paragraphs[:-1] + ([last] if last else [])


def _split_captions(paragraphs: list[str]) -> tuple[list[str], list[str]]:
    """Marked captions always; unpunctuated lines too when the article otherwise punctuates."""
    unmarked = [p for p in paragraphs if not _is_marked(p)]
    punctuated = sum(1 for p in unmarked if TERMINAL.search(p))
    strict = punctuated * 2 >= len(unmarked)
    body: list[str] = []
    captions: list[str] = []
    for paragraph in paragraphs:
        if _is_marked(paragraph) or strict and _is_unpunctuated_line(paragraph):
            caption = PHOTO_CREDIT.sub("", paragraph)
            if caption and caption not in captions:
                captions.append(caption)
        else:
            body.append(paragraph)
    return body, captions


def _is_marked(paragraph: str) -> bool:
    """A credit tail marks a caption; a position note only on an unpunctuated line, because body
    sentences also say "(pictured)" and "(R)" is a US party label."""
    return bool(PHOTO_CREDIT.search(paragraph) or PICTURE_MARKER.search(paragraph) and not TERMINAL.search(paragraph))


def _is_unpunctuated_line(paragraph: str) -> bool:
    return len(paragraph.split()) >= CAPTION_MIN_WORDS and not TERMINAL.search(paragraph)

"""Bytes to text: files arrive in any encoding, and binary files must be refused, not parsed."""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes
from charset_normalizer.md import mess_ratio

BYTE_ORDER_MARKS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
"""UTF-32 comes before UTF-16 because the UTF-32 LE mark starts with the UTF-16 LE one."""

WESTERN_ENCODINGS = ("cp1252", "latin_1")
CHAOS_SLACK = 0.1
"""charset-normalizer often ranks Central or Eastern European code pages first for short Western
text ("Café in São Paulo" comes out as "Săo", curly quotes as "Æ ōdealö"), and may not list cp1252
at all when another code page gives the same text; the Western reading wins when it looks this
close to as clean as the best one."""
MESS_SAMPLE = 200_000
"""Characters of a Western reading judged for mess: enough to meet its accents, and bounded."""

CONTROL_SHARE_LIMIT = 0.1
CONTROLS = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")
"""Unicode's control characters (category Cc) other than the whitespace ones text holds."""


class NotText(ValueError):
    """The bytes hold no readable text; the message is the reason reported to the user."""


def decode(data: bytes) -> str:
    """The text of a file's bytes, or NotText when it is empty, binary or in no known encoding."""
    return _checked(_decode(data))


class LineDecoder:
    """Decodes the lines of one file: UTF-8, else the encoding guessed for the file's first line
    that was not UTF-8, else a fresh guess, so a file in one legacy encoding is guessed once."""

    def __init__(self) -> None:
        self.encoding: str | None = None

    def __call__(self, line: bytes) -> str:
        """The line's text, or NotText when no encoding reads it as text. Control characters are
        left to the JSON parser, which refuses them unescaped."""
        for encoding in ("utf-8", self.encoding):
            if encoding:
                try:
                    return line.decode(encoding)
                except UnicodeDecodeError:
                    pass
        text, self.encoding = _guess(line)
        return text


def _checked(text: str) -> str:
    """`text`, unless it is blank or mostly control characters."""
    if not text.strip():
        raise NotText("empty file")
    if _control_share(text) > CONTROL_SHARE_LIMIT:
        raise NotText("binary file, not text")
    return text


def _decode(data: bytes) -> str:
    for mark, encoding in BYTE_ORDER_MARKS:
        if data.startswith(mark):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                raise NotText(f"undecodable bytes: not {encoding} despite its byte order mark") from None
    if b"\x00" in data:
        raise NotText("binary file, not text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return _guess(data)[0]


def _guess(data: bytes) -> tuple[str, str]:
    """The text and the name of the encoding that reads `data` most cleanly, Western first."""
    best = from_bytes(data).best()
    if best is None:
        raise NotText("undecodable bytes: no known text encoding fits")
    for encoding in WESTERN_ENCODINGS:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if mess_ratio(text[:MESS_SAMPLE], 1.0) <= best.chaos + CHAOS_SLACK:
            return text, encoding
    return str(best), best.encoding


def _control_share(text: str) -> float:
    return sum(1 for _ in CONTROLS.finditer(text)) / len(text)

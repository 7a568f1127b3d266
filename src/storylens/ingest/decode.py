"""Bytes to text: files arrive in any encoding, and binary files must be refused, not parsed."""

from __future__ import annotations

import codecs
import unicodedata

from charset_normalizer import from_bytes

BYTE_ORDER_MARKS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
"""UTF-32 comes before UTF-16 because the UTF-32 LE mark starts with the UTF-16 LE one."""

WESTERN_ENCODINGS = frozenset({"cp1252", "latin_1", "iso8859_15"})
CHAOS_SLACK = 0.1
"""charset-normalizer often ranks Central European code pages first for short Latin-1 text
("Café in São Paulo" comes out as "Săo"); a Western candidate this close to the best wins."""

CONTROL_SHARE_LIMIT = 0.1
TEXT_CONTROLS = frozenset("\t\n\r\f\v")


class NotText(ValueError):
    """The bytes hold no readable text; the message is the reason reported to the user."""


def decode(data: bytes) -> str:
    """The text of a file's bytes, or NotText when it is empty, binary or in no known encoding."""
    text = _decode(data)
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
        return _guess(data)


def _guess(data: bytes) -> str:
    matches = from_bytes(data)
    best = matches.best()
    if best is None:
        raise NotText("undecodable bytes: no known text encoding fits")
    western = [m for m in matches if m.encoding in WESTERN_ENCODINGS and m.chaos <= best.chaos + CHAOS_SLACK]
    return str(western[0] if western else best)


def _control_share(text: str) -> float:
    controls = sum(1 for char in text if char not in TEXT_CONTROLS and unicodedata.category(char) == "Cc")
    return controls / len(text)

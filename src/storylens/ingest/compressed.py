"""Gzipped input, decompressed here rather than by the format's library, so that a zip bomb (a
small file that expands without end) is refused after a few megabytes instead of filling memory.

warcio, left to itself, decompresses and then reads a header line until it meets a line break:
300 KB of gzipped zeros took it 30 seconds and 4 GB. Real archives and exports of news expand
5 to 15 times; nothing legitimate comes near MAX_RATIO.
"""

from __future__ import annotations

import io
import zlib
from typing import BinaryIO, cast

GZIP_MAGIC = b"\x1f\x8b"
MAX_RATIO = 100
"""Most bytes out per byte in that a compressed input may reach."""
RATIO_FLOOR = 4_000_000
"""Output allowed before the ratio is checked, so a tiny, very repetitive file is still read."""
CHUNK = 16_384
GZIP_WBITS = zlib.MAX_WBITS | 16


class InputTooLarge(Exception):
    """An input that would expand past any article's size; the message is the reason to report."""


class BoundedGunzip(io.RawIOBase):
    """The decompressed bytes of a gzip stream of any number of members, read as they are needed.

    Fails with InputTooLarge past MAX_RATIO and with EOFError on corrupt data. A member cut short
    ends the bytes where it breaks and sets `truncated`: readers read ahead, and an error raised
    there would be blamed on a record before the break.
    """

    def __init__(self, raw: BinaryIO) -> None:
        super().__init__()
        self.raw = raw
        self.inflater = zlib.decompressobj(GZIP_WBITS)
        self.in_member = False
        self.truncated = False
        self.pending = b""
        self.read_in = 0
        self.written = 0

    def readable(self) -> bool:
        return True

    def tell(self) -> int:
        """Position in the decompressed bytes (warcio asks, to locate records)."""
        return self.written

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        while not self.pending:
            if not self._inflate():
                return 0
        size = min(len(buffer), len(self.pending))
        buffer[:size] = self.pending[:size]
        self.pending = self.pending[size:]
        self.written += size
        return size

    def _inflate(self) -> bool:
        """Decompress the next piece into `pending`; False at the clean end of the last member."""
        if self.inflater.eof:
            data = self.inflater.unused_data
            self.inflater = zlib.decompressobj(GZIP_WBITS)
            self.in_member = False
        else:
            data = self.inflater.unconsumed_tail
        if not data:
            data = self.raw.read(CHUNK)
            self.read_in += len(data)
        if not data:
            self.truncated = self.in_member
            return False
        self.in_member = True
        try:
            self.pending = self.inflater.decompress(data, CHUNK)
        except zlib.error as error:
            raise EOFError(f"corrupt compressed data ({error})") from None
        self._check_ratio()
        return True

    def _check_ratio(self) -> None:
        out = self.written + len(self.pending)
        if out > RATIO_FLOOR and out > MAX_RATIO * self.read_in:
            raise InputTooLarge(
                f"compressed data expands more than {MAX_RATIO} times (a zip bomb?): not read further"
            )


def truncated(stream: io.BufferedReader) -> bool:
    """Whether a stream from `decompressed` ended inside a gzip member."""
    return isinstance(stream.raw, BoundedGunzip) and stream.raw.truncated


def decompressed(stream: BinaryIO) -> io.BufferedReader:
    """The stream's content, gunzipped within bounds when it starts with gzip's magic bytes (so a
    ".gz" file that is not compressed is read as it is), buffered so readers can peek at it."""
    start = stream.tell()
    magic = stream.read(len(GZIP_MAGIC))
    stream.seek(start)
    raw = BoundedGunzip(stream) if magic == GZIP_MAGIC else cast(io.RawIOBase, stream)  # any readinto() serves
    return io.BufferedReader(raw, CHUNK)

"""The ingest stage: files and folders in, Articles out, and a Problem for whatever cannot be read.

Bad input is normal when reading many outlets' files, so nothing here raises for it: each
unreadable file or record becomes a Problem and the rest of the batch goes on.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from storylens.ingest.decode import NotText, decode
from storylens.ingest.feed import FeedReader
from storylens.ingest.html import HtmlReader
from storylens.ingest.jsonl import JsonLinesReader, JsonReader
from storylens.ingest.plaintext import PlainTextReader
from storylens.ingest.reader import Draft, Reader, StreamReader, build_article
from storylens.ingest.warc import WarcReader
from storylens.model import Article, Problem

__all__ = ["READERS", "read_inputs", "reader_for"]

READERS: dict[str, Reader | StreamReader] = {
    suffix: reader
    for reader in (PlainTextReader(), HtmlReader(), JsonReader(), JsonLinesReader(), FeedReader(), WarcReader())
    for suffix in reader.suffixes
}
"""File suffix (lower case; ".warc.gz" is one suffix) to the reader of that format."""


def read_inputs(paths: list[str | Path], outlet: str | None = None) -> Iterator[Article | Problem]:
    """Articles from files and folders (walked recursively, in sorted order), and their Problems.

    `outlet` names the outlet of every article read, overriding what the files say.
    """
    for path in map(Path, paths):
        for found in _files(path):
            if isinstance(found, Problem):
                yield found
            else:
                yield from _read_file(found, outlet)


def _files(path: Path) -> Iterator[Path | Problem]:
    """The files to read for one argument: a file named explicitly must be of a known type."""
    if path.is_dir():
        yield from _walk(path, set())
    elif not path.exists():
        yield Problem(source=str(path), reason="no such file or directory")
    elif reader_for(path):
        yield path
    else:
        yield Problem(source=str(path), reason=f"unsupported file type {path.suffix or '(no suffix)'!r}")


def _walk(folder: Path, seen: set[Path]) -> Iterator[Path | Problem]:
    """Known files under `folder`, sorted; hidden entries, other files and symlink loops skipped."""
    real = folder.resolve()
    if real in seen:
        return
    seen.add(real)
    try:
        entries = sorted(folder.iterdir())
    except OSError as error:
        yield Problem(source=str(folder), reason=_os_reason(error))
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        if entry.is_dir():
            yield from _walk(entry, seen)
        elif reader_for(entry):
            yield entry


def reader_for(path: Path) -> Reader | StreamReader | None:
    """The reader of a file's format, by its suffix; a double suffix (".warc.gz") first."""
    double = "".join(path.suffixes[-2:]).lower()
    return READERS.get(double) or READERS.get(path.suffix.lower())


def _read_file(path: Path, outlet: str | None) -> Iterator[Article | Problem]:
    source = str(path)
    try:
        for found in _drafts(path, source):
            yield found if isinstance(found, Problem) else build_article(found, source, outlet)
    except NotText as error:
        yield Problem(source=source, reason=str(error))
    except OSError as error:
        yield Problem(source=source, reason=_os_reason(error))


def _drafts(path: Path, source: str) -> Iterator[Draft | Problem]:
    """A stream reader reads the open file as it goes; the others get its whole decoded text."""
    reader = reader_for(path)
    if isinstance(reader, StreamReader):
        with path.open("rb") as stream:
            yield from reader.read_stream(source, stream)
    elif reader:
        yield from reader.read(source, decode(path.read_bytes()))


def _os_reason(error: OSError) -> str:
    """The system's wording in lower case ("no such file or directory"), without the path."""
    return (error.strerror or str(error)).lower()

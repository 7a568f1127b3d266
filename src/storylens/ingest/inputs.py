"""Reading inputs: files, folders and lists of paths in, Articles out, each file by the reader of its kind.

Bad input is normal when reading many outlets' files, so nothing here raises for it: each
unreadable file or record becomes a Problem and the rest of the batch goes on.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterator
from pathlib import Path

from storylens.ingest.decode import NotText, decode
from storylens.ingest.feed import FeedReader
from storylens.ingest.html import HtmlReader
from storylens.ingest.jsonl import JsonLinesReader, JsonReader
from storylens.ingest.outlet import NO_USER_OUTLETS, UserOutlets
from storylens.ingest.plaintext import PlainTextReader
from storylens.ingest.reader import Draft, Reader, StreamReader, build_article
from storylens.ingest.warc import WarcReader
from storylens.model import Article, Problem

__all__ = ["LIST_PREFIX", "READERS", "input_files", "read_file", "read_inputs", "reader_for"]

READERS: dict[str, Reader | StreamReader] = {
    suffix: reader
    for reader in (PlainTextReader(), HtmlReader(), JsonReader(), JsonLinesReader(), FeedReader(), WarcReader())
    for suffix in reader.suffixes
}
"""File suffix (lower case; ".warc.gz" is one suffix) to the reader of that format."""

MAX_WHOLE_FILE_BYTES = 32_000_000
"""Largest file read whole (text, HTML, JSON, feeds): far above any article or feed, and
small enough to hold, decode and parse in memory. JSON Lines and WARC files stream, unbounded."""

LIST_PREFIX = "@"
"""An argument `@FILE` names a text file listing the inputs, one a line: an archive's thousands
of WARC files are named once in a file rather than on a command line too long for the shell."""


def read_inputs(
    paths: list[str | Path], outlet: str | None = None, named: str | None = None, users: UserOutlets = NO_USER_OUTLETS
) -> Iterator[Article | Problem]:
    """Articles from files and folders (walked recursively, in sorted order), and their Problems.

    `outlet` names the outlet of every article read, overriding what the files say; `named` is
    the name to guess an outlet from in place of each file's own (an upload's client-side name);
    `users` are the outlets the user described, whose domains name an article's outlet first.
    """
    for found in input_files(paths):
        if isinstance(found, Problem):
            yield found
        else:
            yield from read_file(found, outlet, named, users)


def input_files(paths: list[str | Path]) -> Iterator[Path | Problem]:
    """The files to read for the arguments, in order, each folder's walked in sorted order; the
    unit an engine hands out to its workers (`read_file` reads one)."""
    for path in map(Path, paths):
        if _is_list(path):
            for listed in _listed(path):
                if isinstance(listed, Problem):
                    yield listed
                else:
                    yield from _files(listed)
        else:
            yield from _files(path)


def _files(path: Path) -> Iterator[Path | Problem]:
    """The files to read for one argument: a file named explicitly must be of a known type."""
    if path.is_dir():
        yield from _walk(path, (), set())
    elif error := _stat_error(path):
        yield Problem(source=str(path), reason=_os_reason(error))
    elif reader_for(path):
        yield path
    else:
        yield Problem(source=str(path), reason=f"unsupported file type {path.suffix or '(no suffix)'!r}")


def _is_list(path: Path) -> bool:
    """`@FILE` names a list of inputs, unless a file or folder is really called so."""
    return path.name.startswith(LIST_PREFIX) and not path.exists()


def _listed(argument: Path) -> Iterator[Path | Problem]:
    """The paths an `@FILE` lists, one a line; blank lines and lines starting with # are passed
    over, and a relative path is taken from the list's own folder, wherever the command runs."""
    listing = argument.with_name(argument.name.removeprefix(LIST_PREFIX))
    try:
        lines = listing.read_text(encoding="utf-8").splitlines()
    except OSError as error:
        yield Problem(source=str(listing), reason=f"cannot read the list of inputs: {_os_reason(error)}")
        return
    except UnicodeDecodeError:
        yield Problem(source=str(listing), reason="cannot read the list of inputs: not UTF-8 text")
        return
    for line in map(str.strip, lines):
        if line and not line.startswith("#"):
            yield listing.parent / Path(line).expanduser()


def _walk(folder: Path, ancestors: tuple[Path, ...], seen: set[Path]) -> Iterator[Path | Problem]:
    """Known files under `folder`, sorted; hidden entries and other files skipped.

    A link back to a folder above is a loop and is named; a second way into a folder already
    read (a link beside it) is passed over quietly, since its files were read once already.
    """
    real = folder.resolve()
    if real in ancestors:
        yield Problem(source=str(folder), reason=f"symlink loop: leads back to {real}, not followed")
        return
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
            yield from _walk(entry, (*ancestors, real), seen)
        elif reader_for(entry):
            yield entry


def reader_for(path: Path) -> Reader | StreamReader | None:
    """The reader of a file's format, by its suffix; a double suffix (".warc.gz") first."""
    double = "".join(path.suffixes[-2:]).lower()
    return READERS.get(double) or READERS.get(path.suffix.lower())


def read_file(
    path: Path, outlet: str | None = None, named: str | None = None, users: UserOutlets = NO_USER_OUTLETS
) -> Iterator[Article | Problem]:
    """The articles of one file and the Problems of what in it cannot be read (`read_inputs`)."""
    source = str(path)
    try:
        for found in _drafts(path, source):
            yield found if isinstance(found, Problem) else build_article(found, source, outlet, named, users)
    except NotText as error:
        yield Problem(source=source, reason=str(error))
    except OSError as error:
        yield Problem(source=source, reason=_os_reason(error))


def _drafts(path: Path, source: str) -> Iterator[Draft | Problem]:
    """A stream reader reads the open file as it goes; the others get its whole decoded text.

    Only regular files are opened: a named pipe would block the batch, a device never end.
    """
    reader = reader_for(path)
    # Opened without blocking: opening a named pipe that no one writes to would wait for ever.
    with open(os.open(path, os.O_RDONLY | os.O_NONBLOCK), "rb") as stream:
        status = os.fstat(stream.fileno())
        os.set_blocking(stream.fileno(), True)
        if not stat.S_ISREG(status.st_mode):
            yield Problem(source=source, reason="not a regular file (a pipe, socket or device)")
        elif isinstance(reader, StreamReader):
            yield from reader.read_stream(source, stream)
        elif status.st_size > MAX_WHOLE_FILE_BYTES:
            yield Problem(source=source, reason=_too_large(status.st_size))
        elif reader:
            yield from reader.read(source, decode(stream.read()))


def _too_large(size: int) -> str:
    return (
        f"file too large: {size / 1e6:,.0f} MB, and files of this type are read whole (up to "
        f"{MAX_WHOLE_FILE_BYTES // 1_000_000} MB); one article is far smaller: split the file, or export it as JSON Lines"
    )


def _stat_error(path: Path) -> OSError | None:
    """Why the path cannot be looked at (missing, a dangling link, a loop of links), if it cannot."""
    try:
        path.stat()
    except OSError as error:
        return error
    return None


def _os_reason(error: OSError) -> str:
    """The system's wording in lower case ("no such file or directory"), without the path."""
    reason = (error.strerror or str(error)).lower()
    return f"symlink loop: {reason}" if error.errno == errno.ELOOP else reason

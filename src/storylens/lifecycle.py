"""Looking after a store over its life: check it, compact it, move it to another file, and ingest
that stops at the first bad input.

Export writes JSON Lines so that a store of any size streams through in flat memory and the
file stays readable by other tools:

    {"type": "storylens-export", "format": 2, "schema_version": N}
    {"type": "article", "article": {...the Article record as stored...}}      one per article
    {"type": "signature", "article_id": ..., "scheme": ..., "minhash": BASE64,
     "copy_of": null | {"original_id": ..., "similarity": 0.93}}             one per MinHash
    {"type": "story", "id": 1, "label": ..., "first_seen": ..., "last_seen": ...,
     "profile": {...}, "article_ids": [...]}                                  one per story
    {"type": "outlet", "outlet": {...what the user told of it...}}            one per outlet described

Analysis (sentences, embeddings) is not exported: it is derived from the articles, and an
imported article is analysed, like a newly ingested one, when its story is first compared, so an
export never carries the output of an older analyser. Story profiles are kept
so that articles ingested after an import join the restored stories as they would have before,
and MinHash signatures with their copy links so that wire copy stays linked to its original and
a copy ingested later is still found. Format 1 files (no signatures) and format 2 (no outlets) still import, and so does
a gzip-compressed export (known by its first bytes, whatever the file is called).
"""

from __future__ import annotations

import base64
import binascii
import gzip
import io
import itertools
import json
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import IO

from pydantic import ValidationError

from storylens.model import Article, OutletInfo
from storylens.pipeline import INGEST_BATCH, IngestResult
from storylens.store import SCHEMA_VERSION, Store

EXPORT_FORMAT = 3
"""Version of the export file layout; changes when a line's fields change meaning."""
READABLE_FORMATS = (1, 2, 3)


class ExportFileError(Exception):
    """The file is not a storylens export this version can read; names the line."""


GZIP_MAGIC = b"\x1f\x8b"
NOT_READ = {
    b"BZh": "it is bzip2-compressed",
    b"\xfd7zXZ\x00": "it is xz-compressed",
    b"\x28\xb5\x2f\xfd": "it is zstd-compressed",
    b"PK\x03\x04": "it is a zip archive",
    b"SQLite format 3\x00": "it is a SQLite database (a store?)",
}
"""First bytes of files that are certainly not an export as this version reads it, and what they are."""
HEAD = max(len(magic) for magic in (GZIP_MAGIC, *NOT_READ))


def export_lines(binary: IO[bytes]) -> Iterator[str]:
    """The text lines of an export read from `binary`, plain or gzip-compressed (told by its first
    bytes, not its name). What kind of file it is and its header are checked at once, before the
    lines are handed out, so that nothing is written for a file that is no export; a line that is
    not UTF-8, or compressed data that is cut short or corrupt, is an ExportFileError naming the
    line when it is reached."""
    head = binary.read(HEAD)
    buffered = io.BufferedReader(_Rejoined(head, binary))
    compressed = head.startswith(GZIP_MAGIC)
    stream: Iterable[bytes] = buffered
    if compressed:
        stream = gzip.GzipFile(fileobj=buffered, mode="rb")
    else:
        for magic, what in NOT_READ.items():
            if head.startswith(magic):
                raise ExportFileError(f"not a storylens export: {what}; plain or gzip-compressed JSON Lines are read")
    lines = _decoded(stream, compressed)
    before: list[str] = []
    for line in lines:
        before.append(line)
        if line.strip():
            break
    _header(len(before) or 1, before[-1] if before else "")
    return itertools.chain(before, lines)


class _Rejoined(io.RawIOBase):
    """A binary stream with the first bytes, read to tell what it is, put back in front."""

    def __init__(self, head: bytes, rest: IO[bytes]) -> None:
        super().__init__()
        self.head = head
        self.rest = rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        data = self.head[: len(buffer)]
        self.head = self.head[len(data) :]
        if not data:
            data = self.rest.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


def _decoded(stream: Iterable[bytes], compressed: bool) -> Iterator[str]:
    """The lines of `stream` as text, each decoded on its own so that a bad one is named exactly."""
    number = 0
    try:
        for number, raw in enumerate(stream, start=1):
            try:
                yield raw.decode("utf-8-sig" if number == 1 else "utf-8")
            except UnicodeDecodeError:
                raise ExportFileError(f"line {number}: not UTF-8 text") from None
    except (OSError, EOFError, zlib.error) as error:
        what = "the gzip data" if compressed else "the file"
        raise ExportFileError(f"line {number + 1}: cannot read {what} ({error})") from None


@dataclass
class CheckResult:
    integrity: list[str]
    foreign_keys: list[str]
    schema_version: int
    counts: dict[str, int]

    @property
    def ok(self) -> bool:
        return not self.integrity and not self.foreign_keys and self.counts["empty stories"] == 0


def check(store: Store) -> CheckResult:
    """Everything `storylens db check` reports, in one pass."""
    return CheckResult(
        integrity=store.integrity_problems(),
        foreign_keys=store.foreign_key_problems(),
        schema_version=store.schema_version(),
        counts=store.counts(),
    )


def vacuum(store: Store) -> tuple[int, int]:
    """Compact the store; returns its size on disk before and after, in bytes."""
    before = store.file_size()
    store.vacuum()
    return before, store.file_size()


@dataclass
class ExportResult:
    articles: int = 0
    signatures: int = 0
    stories: int = 0


def export_store(store: Store, handle: IO[str]) -> ExportResult:
    """Write the export to `handle` line by line, from one snapshot of the store; the stored
    article JSON is copied as it is, so the export holds exactly what the store holds."""
    result = ExportResult()
    header = {"type": "storylens-export", "format": EXPORT_FORMAT, "schema_version": SCHEMA_VERSION}
    handle.write(json.dumps(header) + "\n")
    with store.snapshot():
        for record in store.article_records():
            handle.write(f'{{"type": "article", "article": {record}}}\n')
            result.articles += 1
        for line in _signature_lines(store):
            handle.write(json.dumps(line) + "\n")
            result.signatures += 1
        for story in store.story_records():
            handle.write(json.dumps({"type": "story", **story}, ensure_ascii=False) + "\n")
            result.stories += 1
        for outlet in store.outlet_info():
            handle.write(f'{{"type": "outlet", "outlet": {outlet.model_dump_json()}}}\n')
    return result


def _signature_lines(store: Store) -> Iterator[dict]:
    """The current scheme's MinHash of every clustered article, with its copy link; signatures of
    other schemes are left out, since clustering ignores them. The similarity of a copy is
    estimated again from the two signatures (the store keeps the one to the closest member of
    its duplicate group, which may be another copy)."""
    from storylens.cluster.duplicates import SCHEME, from_blob

    rows = store.signatures(SCHEME, None)
    blobs = {article_id: blob for article_id, _, blob, _ in rows}
    for article_id, _, blob, original in rows:
        copy_of = None
        if original is not None:
            similarity = from_blob(blob).jaccard(from_blob(blobs[original])) if original in blobs else None
            copy_of = {"original_id": original, "similarity": similarity}
        yield {
            "type": "signature",
            "article_id": article_id,
            "scheme": SCHEME,
            "minhash": base64.b64encode(blob).decode("ascii"),
            "copy_of": copy_of,
        }


@dataclass
class ImportResult(IngestResult):
    signatures: int = 0
    stories_restored: int = 0
    stories_known: int = 0


@dataclass
class Signature:
    article_id: str
    scheme: str
    minhash: bytes
    original_id: str | None
    similarity: float


def import_store(store: Store, lines: Iterable[str]) -> ImportResult:
    """Read an export into `store`: new articles are added (unanalysed), signatures and copy links
    restored, and each story restored unless its articles already have one, so importing twice
    changes nothing. A bad line stops the import with an ExportFileError; the articles and
    signatures before it are stored first."""
    result = ImportResult()
    pending: list[Article] = []
    signatures: list[Signature] = []
    try:
        _import_records(store, lines, result, pending, signatures)
    except ExportFileError:
        _store_batch(store, pending, result)
        _store_signatures(store, signatures, result)
        raise
    _store_batch(store, pending, result)
    _store_signatures(store, signatures, result)
    return result


def _import_records(store: Store, lines: Iterable[str], result: ImportResult, pending: list[Article], signatures: list[Signature]) -> None:
    for number, record in _records(lines):
        if record["type"] == "article":
            pending.append(_article(number, record))
            if len(pending) >= INGEST_BATCH:
                _store_batch(store, pending, result)
            continue
        _store_batch(store, pending, result)
        if record["type"] == "outlet":
            store.set_outlet_info([_outlet(number, record)])
        elif record["type"] == "signature":
            signatures.append(_signature(store, number, record))
            if len(signatures) >= INGEST_BATCH:
                _store_signatures(store, signatures, result)
        else:
            _store_signatures(store, signatures, result)
            _restore(store, number, record, result)


def _records(lines: Iterable[str]) -> Iterator[tuple[int, dict]]:
    """Parsed lines after a valid header, with their line numbers; blank lines ignored."""
    numbered = ((n, line) for n, line in enumerate(lines, start=1) if line.strip())
    first = next(numbered, None)
    _header(*(first or (1, "")))
    for number, line in numbered:
        record = _parse(number, line)
        if record.get("type") not in ("article", "signature", "story", "outlet"):
            raise ExportFileError(f"line {number}: unknown type {record.get('type')!r}")
        yield number, record


def _header(number: int, line: str) -> None:
    """Refuse anything but the header line of an export this version reads."""
    try:
        header = json.loads(line)
    except json.JSONDecodeError:
        header = None
    if not isinstance(header, dict) or header.get("type") != "storylens-export" or header.get("format") not in READABLE_FORMATS:
        formats = " or ".join(map(str, READABLE_FORMATS))
        raise ExportFileError(f"line {number}: not a storylens export (no header line of format {formats})")


def _parse(number: int, line: str) -> dict:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as error:
        raise ExportFileError(f"line {number}: invalid JSON ({error})") from None
    if not isinstance(record, dict):
        raise ExportFileError(f"line {number}: expected a JSON object")
    return record


def _outlet(number: int, record: dict) -> OutletInfo:
    try:
        return OutletInfo.model_validate(record.get("outlet"))
    except ValidationError as error:
        raise ExportFileError(f"line {number}: not an outlet ({error.errors()[0]['msg']})") from None


def _article(number: int, record: dict) -> Article:
    try:
        return Article.model_validate(record.get("article"))
    except ValidationError as error:
        raise ExportFileError(f"line {number}: not an article ({error.errors()[0]['msg']})") from None


def _signature(store: Store, number: int, record: dict) -> Signature:
    """A signature line checked before anything is written: its articles must be in the store."""
    copy_of = record.get("copy_of") or {}
    try:
        found = Signature(
            article_id=_string(record["article_id"]),
            scheme=_string(record["scheme"]),
            minhash=base64.b64decode(_string(record["minhash"]), validate=True),
            original_id=_string(copy_of["original_id"]) if copy_of else None,
            similarity=float(copy_of.get("similarity") or 0.0),
        )
    except (AttributeError, KeyError, TypeError, ValueError, binascii.Error):
        raise ExportFileError(f"line {number}: a signature needs article_id, scheme, minhash (base64) and copy_of") from None
    missing = store.missing_articles([i for i in (found.article_id, found.original_id) if i])
    if missing:
        raise ExportFileError(f"line {number}: signature names articles not in the file: {', '.join(missing)}")
    return found


def _string(value: object) -> str:
    if not isinstance(value, str):
        raise TypeError("expected a string")
    return value


def _store_signatures(store: Store, signatures: list[Signature], result: ImportResult) -> None:
    """Write the signatures read so far in one transaction and empty the list. A copy link the
    store already has (from its own clustering) is kept rather than replaced."""
    if not signatures:
        return
    with store.transaction():
        for signature in signatures:
            store.save_signature(signature.article_id, signature.scheme, signature.minhash)
            if signature.original_id and store.original_of(signature.article_id) is None:
                store.save_duplicate(signature.article_id, signature.original_id, signature.similarity)
    result.signatures += len(signatures)
    signatures.clear()


def _restore(store: Store, number: int, record: dict, result: ImportResult) -> None:
    fields = ("id", "label", "first_seen", "last_seen", "profile", "article_ids")
    if any(name not in record for name in fields) or not record["article_ids"]:
        raise ExportFileError(f"line {number}: a story needs {', '.join(fields)} (with at least one article)")
    missing = store.missing_articles(record["article_ids"])
    if missing:
        raise ExportFileError(f"line {number}: story {record['id']} names articles not in the file: {', '.join(missing)}")
    if store.restore_story(record) is None:
        result.stories_known += 1
    else:
        result.stories_restored += 1


def _store_batch(store: Store, batch: list[Article], result: ImportResult) -> None:
    """Store the articles read so far in one transaction and empty `batch`; on import this runs
    before each story too, so that the story's articles are there for it to point at."""
    result.keep(store, batch)
    batch.clear()

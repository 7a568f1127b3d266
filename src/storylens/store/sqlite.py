"""The embedded default: one SQLite file, in WAL mode so that a reader (the web page) works while
ingest writes, and an flock beside it that serialises clustering across processes."""

from __future__ import annotations

import fcntl
import json
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import MappingProxyType

from storylens.model import text_key
from storylens.store.base import Store
from storylens.store.dialect import Dialect
from storylens.store.records import StoreError, StoreFailed

MIGRATIONS: list[str] = [
    # 1: articles, their analysis, and stories.
    """
    CREATE TABLE articles (
        id TEXT PRIMARY KEY,
        outlet TEXT NOT NULL,
        published TEXT,
        source TEXT NOT NULL,
        ingested_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
        record TEXT NOT NULL
    );
    CREATE INDEX articles_published ON articles(published);
    CREATE TABLE sentences (
        article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        record TEXT NOT NULL,
        PRIMARY KEY (article_id, position)
    );
    CREATE TABLE analyzed (
        article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
        model TEXT NOT NULL
    );
    CREATE TABLE stories (
        id INTEGER PRIMARY KEY,
        label TEXT NOT NULL,
        first_seen TEXT,
        last_seen TEXT,
        profile TEXT NOT NULL
    );
    CREATE TABLE story_articles (
        article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
        story_id INTEGER NOT NULL REFERENCES stories(id) ON DELETE CASCADE
    );
    CREATE INDEX story_articles_story ON story_articles(story_id);
    """,
    # 2: sentence vectors, so that a story is not encoded again each time it is compared.
    """
    CREATE TABLE embeddings (
        model TEXT NOT NULL,
        text_hash TEXT NOT NULL,
        vector BLOB NOT NULL,
        PRIMARY KEY (model, text_hash)
    );
    """,
    # 3: near-duplicate detection: each article's MinHash signature (under the scheme that made it),
    # so the LSH index of the story window is rebuilt without rehashing, and copy → original links.
    """
    CREATE TABLE signatures (
        article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
        scheme TEXT NOT NULL,
        minhash BLOB NOT NULL
    );
    CREATE TABLE duplicates (
        article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
        original_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        similarity REAL NOT NULL
    );
    CREATE INDEX duplicates_original ON duplicates(original_id);
    """,
    # 4: the analysis holds everything per article: loaded-language spans (per framing model) and
    # each sentence's tone. Analyses made before lack both, so every article is analysed again
    # when its story is next compared.
    """
    CREATE TABLE framing (
        article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        model TEXT NOT NULL,
        spans TEXT NOT NULL,
        PRIMARY KEY (article_id, model)
    );
    DELETE FROM analyzed;
    """,
    # 5: revisions: an article whose URL an earlier article had is a new version of it. The
    # version read later (or dated later) supersedes the other, which stays stored as history.
    # And a hash of each article's text alone, the order in which undated articles are clustered.
    """
    ALTER TABLE articles ADD COLUMN url TEXT;
    UPDATE articles SET url = json_extract(record, '$.url');
    ALTER TABLE articles ADD COLUMN text_key TEXT;
    UPDATE articles SET text_key = storylens_text_key(record);
    CREATE INDEX articles_url ON articles(url) WHERE url IS NOT NULL;
    CREATE TABLE superseded (
        article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
        by_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE
    );
    """,
    # 6: each sentence's claims (`analyze.claims`), which the compare stage matches across outlets.
    # Analyses made before have none, so every article is analysed again when its story is next compared.
    """
    DELETE FROM analyzed;
    """,
    # 7: claims leave out who said it ("according to Russian media"); analysed again as for 6.
    """
    DELETE FROM analyzed;
    """,
    # 8: what the user tells of outlets (`storylens outlets import`): domains, lean, country, owner, kind.
    """
    CREATE TABLE outlet_info (
        name TEXT PRIMARY KEY,
        record TEXT NOT NULL
    );
    """,
    # 9: `storylens watch`: each feed's poll state (validators for a conditional GET, its failures and
    # when to try it again), and each feed item seen, so that no page is fetched twice.
    """
    CREATE TABLE feeds (
        url TEXT PRIMARY KEY,
        etag TEXT,
        last_modified TEXT,
        last_polled TEXT,
        last_error TEXT,
        failures INTEGER NOT NULL DEFAULT 0,
        next_try TEXT
    );
    CREATE TABLE feed_items (
        item_key TEXT PRIMARY KEY,
        feed_url TEXT NOT NULL,
        link TEXT,
        published TEXT,
        site_name TEXT,
        state TEXT NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        article_id TEXT,
        last_error TEXT,
        seen_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
    );
    CREATE INDEX feed_items_retry ON feed_items(feed_url, state);
    """,
    # 10: each story's last report, under a key of everything it was made from (`pipeline.report_key`),
    # so a story is compared once until it, its analysis, the settings or the code change; and the
    # articles by outlet, which an outlet's profile looks up.
    """
    CREATE TABLE story_reports (
        story_id INTEGER PRIMARY KEY REFERENCES stories(id) ON DELETE CASCADE,
        key TEXT NOT NULL,
        report BLOB NOT NULL
    );
    CREATE INDEX articles_outlet ON articles(outlet);
    """,
]
"""Schema migrations in order; migration N takes the store from version N-1 to N."""
BUSY_SECONDS = 30
"""How long a command waits for another one holding the store before it gives up."""
FAILURES = frozenset(
    {
        sqlite3.SQLITE_BUSY,
        sqlite3.SQLITE_LOCKED,
        sqlite3.SQLITE_NOMEM,
        sqlite3.SQLITE_READONLY,
        sqlite3.SQLITE_IOERR,
        sqlite3.SQLITE_CORRUPT,
        sqlite3.SQLITE_FULL,
        sqlite3.SQLITE_CANTOPEN,
        sqlite3.SQLITE_PROTOCOL,
        sqlite3.SQLITE_NOTADB,
    }
)
"""SQLite's primary result codes of a file or lock that failed, as opposed to SQL that is wrong
(SQLITE_ERROR: a syntax error, a missing table) or a broken constraint: those are bugs."""
NOT_A_STORE = frozenset({sqlite3.SQLITE_NOTADB, sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_CANTOPEN})
"""The failures that, met while opening, mean the file is no (sound) storylens database, or
none can be made there: said as before, "not a storylens database (the driver's reason)"."""


def _text_key_of_record(record: str) -> str:
    """`model.text_key` of a stored article record, for the migration that adds the column."""
    article = json.loads(record)
    return text_key(article["title"], article["body"])


class SQLiteStore(Store):
    """A store in one SQLite file; `read_only` opens it through a read-only connection, which WAL
    lets read while another process writes."""

    dialect = Dialect(
        begin_write="BEGIN IMMEDIATE",
        begin_read="BEGIN",
        json_field="json_extract({column}, '$.{name}')",
        language="json_extract(record, '$.language')",
        entities="json_each(s.profile, '$.entities')",
        id_list="SELECT value FROM json_each(?)",
        like="LIKE",
    )
    migrations = MappingProxyType(dict(enumerate(MIGRATIONS, start=1)))

    def __init__(self, path: str | Path, read_only: bool = False) -> None:
        self.path = Path(path)
        self.read_only = read_only
        if read_only:
            self._open_read_only()
            return
        try:
            self.db = sqlite3.connect(self.path, timeout=BUSY_SECONDS, isolation_level=None)
            self.db.execute(f"PRAGMA busy_timeout={BUSY_SECONDS * 1000}")
            self.db.execute("PRAGMA foreign_keys=ON")
            self.db.create_function("storylens_text_key", 1, _text_key_of_record, deterministic=True)
            self._enable_wal()
            self._migrate()
        except sqlite3.DatabaseError as error:
            raise self._refused(error) from None
        self._guard()

    @property
    def name(self) -> str:
        return str(self.path)

    @classmethod
    def exists(cls, target: str | Path) -> bool:
        return Path(target).is_file()

    def _open_read_only(self) -> None:
        if not self.path.is_file():
            raise StoreError(f"{self.path}: no such store; run `storylens ingest PATH --db {self.path}` first")
        try:
            uri = f"{self.path.resolve().as_uri()}?mode=ro"
            self.db = sqlite3.connect(uri, uri=True, timeout=BUSY_SECONDS, isolation_level=None, check_same_thread=False)
            self.db.execute(f"PRAGMA busy_timeout={BUSY_SECONDS * 1000}")
            version = self.schema_version()
        except sqlite3.DatabaseError as error:
            raise self._refused(error) from None
        self._check_version(version)
        self._guard()

    def _refused(self, error: sqlite3.DatabaseError) -> StoreError:
        """Why the file could not be opened: the file or its lock failing (locked past the busy
        wait, a full disk) is said as such, not as a file that is no storylens database."""
        problem = self._failure(error)
        if problem is not None and error.sqlite_errorcode & 0xFF not in NOT_A_STORE:
            return StoreFailed(self.name, "opening", problem)
        return StoreError(f"{self.path}: not a storylens database ({error})")

    def _failure(self, error: Exception) -> str | None:
        """The file or its lock failed: the store locked past `BUSY_SECONDS`, a full disk, an I/O
        error, a file made read-only. sqlite3 raises most of these as OperationalError, as it
        does a syntax error, so the result code tells them apart. A write through a read-only
        store's connection is storylens's own mistake, not the file's, and stays the driver's error
        (as PostgreSQL's refusal of it does)."""
        if not isinstance(error, sqlite3.DatabaseError):
            return None
        code = error.sqlite_errorcode & 0xFF
        if code not in FAILURES or (self.read_only and code == sqlite3.SQLITE_READONLY):
            return None
        return str(error)

    def _enable_wal(self) -> None:
        """Switch to WAL, waiting out another process that is creating the same store: SQLite answers
        'database is locked' to a journal-mode change at once, without its busy wait."""
        deadline = time.monotonic() + BUSY_SECONDS
        while True:
            try:
                self.db.execute("PRAGMA journal_mode=WAL")
                return
            except sqlite3.OperationalError as error:
                if "locked" not in str(error) or time.monotonic() > deadline:
                    raise
                time.sleep(0.05)

    @contextmanager
    def clustering_lock(self) -> Iterator[None]:
        """An flock on a file beside the store (never on the store itself, whose POSIX locks SQLite
        loses when any descriptor of it is closed); the kernel releases it if the process dies."""
        with open(f"{self.path}.cluster-lock", "a+b") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def integrity_problems(self) -> list[str]:
        """What `PRAGMA integrity_check` finds; empty when the file is sound."""
        rows = [r[0] for r in self.db.execute("PRAGMA integrity_check")]
        return [] if rows == ["ok"] else rows

    def foreign_key_problems(self) -> list[str]:
        return [
            f"{table} row {rowid} points at a missing {parent}" for table, rowid, parent, _ in self.db.execute("PRAGMA foreign_key_check")
        ]

    def file_size(self) -> int:
        """Bytes on disk: the store and its write-ahead log."""
        files = [self.path, Path(f"{self.path}-wal")]
        return sum(f.stat().st_size for f in files if f.exists())

    def vacuum(self) -> None:
        """Rebuild the file without free pages, refresh the planner's statistics, and fold the
        log back in so that the size on disk is the compacted one."""
        self.db.execute("VACUUM")
        self.db.execute("PRAGMA optimize")
        self.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")

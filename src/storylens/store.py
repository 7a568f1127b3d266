"""The embedded default store: one SQLite file that persists every stage's records.

Each record is kept whole as JSON beside the columns that queries need, so the records of
`model.py` stay the single definition of the data. WAL mode lets a reader (the web page) work
while ingest writes; one transaction per batch means a crash loses at most the batch in flight
and never leaves half of one behind.
"""

from __future__ import annotations

import fcntl
import json
import sqlite3
import time
import zlib
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Self

import numpy as np
from pydantic import TypeAdapter

from storylens.model import AnalyzedArticle, Article, FramingSpan, OutletInfo, Sentence, Story, text_key

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

SCHEMA_VERSION = len(MIGRATIONS)
_FEED_ITEM_COLUMNS = "SELECT item_key, feed_url, link, published, site_name, state, attempts, article_id, last_error FROM feed_items"
_SPANS = TypeAdapter(list[FramingSpan])
ENGLISH = "json_extract(record, '$.language') = 'en'"
"""Articles the analysis and clustering handle; the models are English ones, other languages stay stored."""
CURRENT = f"{ENGLISH} AND id NOT IN (SELECT article_id FROM superseded)"
"""English articles that no later version of the same URL has superseded."""
BUSY_SECONDS = 30
"""How long a command waits for another one holding the store before it gives up."""


IN_CHUNK = 500
"""Ids bound per `IN (...)` query, well under SQLite's limit on query parameters."""


def _in_chunks(ids: list[str]) -> Iterator[tuple[list[str], str]]:
    """The ids `IN_CHUNK` at a time, each chunk with the `?,?,...` placeholders of its IN clause."""
    for start in range(0, len(ids), IN_CHUNK):
        chunk = ids[start : start + IN_CHUNK]
        yield chunk, ",".join("?" * len(chunk))


MAX_FEED_BACKOFF = timedelta(days=1)
"""The longest a failed feed waits for its next try, however often it failed."""


@dataclass(frozen=True)
class FeedState:
    """What the store remembers of a polled feed: the validators of its last answer, for a
    conditional GET, and its failures in a row with the time it may be tried again."""

    url: str
    etag: str | None = None
    last_modified: str | None = None
    last_polled: datetime | None = None
    last_error: str | None = None
    failures: int = 0
    next_try: datetime | None = None


@dataclass(frozen=True)
class FeedItem:
    """A feed item the watcher has seen, by its key (its link, else its guid): `state` is "stored"
    (its article is in the store), "failed" (tried `attempts` times, tried again on a later poll),
    "gave up" or "skipped" (robots.txt forbids its page and the feed's text is too short)."""

    key: str
    feed_url: str
    link: str | None
    published: datetime | None = None
    site_name: str | None = None
    state: str = "new"
    attempts: int = 0
    article_id: str | None = None
    last_error: str | None = None


def _moment(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


class StoreError(Exception):
    """The store file cannot be used (not SQLite, or from a newer storylens)."""


def _text_key_of_record(record: str) -> str:
    """`model.text_key` of a stored article record, for the migration that adds the column."""
    article = json.loads(record)
    return text_key(article["title"], article["body"])


def _page(url: str | None) -> str | None:
    """The URL without its fragment: "#comments" names a place on the same page."""
    return url.split("#", 1)[0] if url else None


def _iso(moment: datetime | None) -> str | None:
    """UTC ISO text, so that SQLite orders and compares dates as strings correctly."""
    return moment.astimezone(UTC).isoformat() if moment else None


def _feed_item(row: tuple) -> FeedItem:
    key, feed_url, link, published, site_name, state, attempts, article_id, error = row
    return FeedItem(key, feed_url, link, _moment(published), site_name, state, attempts, article_id, error)


class Store:
    """Typed access to the SQLite file; the only module that writes SQL.

    `read_only` opens an existing store through a read-only connection (the web server's, so that
    serving pages can never change it): nothing is migrated, a store of another schema version is
    refused, and new sentence vectors are simply not kept. WAL lets such a connection read while
    another process writes.
    """

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
            raise StoreError(f"{self.path}: not a storylens database ({error})") from None

    def _open_read_only(self) -> None:
        if not self.path.is_file():
            raise StoreError(f"{self.path}: no such store; run `storylens ingest PATH --db {self.path}` first")
        try:
            uri = f"{self.path.resolve().as_uri()}?mode=ro"
            self.db = sqlite3.connect(uri, uri=True, timeout=BUSY_SECONDS, isolation_level=None, check_same_thread=False)
            self.db.execute(f"PRAGMA busy_timeout={BUSY_SECONDS * 1000}")
            version = self.schema_version()
        except sqlite3.DatabaseError as error:
            raise StoreError(f"{self.path}: not a storylens database ({error})") from None
        if version != SCHEMA_VERSION:
            self.db.close()
            raise StoreError(
                f"{self.path}: schema version {version}, this storylens reads {SCHEMA_VERSION}; "
                "run `storylens stories` on it once to upgrade it"
            )

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

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One batch, all or nothing; IMMEDIATE so two writers queue instead of deadlocking."""
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield self.db
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    def schema_version(self) -> int:
        return self.db.execute("SELECT version FROM schema_version").fetchone()[0]

    def _migrate(self) -> None:
        with self.transaction() as db:
            db.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
            row = db.execute("SELECT version FROM schema_version").fetchone()
            current = row[0] if row else 0
            if row is None:
                db.execute("INSERT INTO schema_version VALUES (0)")
            if current > SCHEMA_VERSION:
                raise StoreError(f"{self.path}: schema version {current} is newer than this storylens ({SCHEMA_VERSION})")
            for version in range(current + 1, SCHEMA_VERSION + 1):
                for statement in MIGRATIONS[version - 1].split(";"):
                    if statement.strip():
                        db.execute(statement)
                db.execute("UPDATE schema_version SET version = ?", (version,))

    # articles

    def add_articles(self, articles: Iterable[Article], feed_items: Iterable[FeedItem] = ()) -> list[str]:
        """Store new articles in one transaction; returns the ids that were new (the rest were known).

        `feed_items` are written in the same transaction: an item is marked stored exactly when its
        article is, so a watcher killed in between fetches the page again rather than never."""
        added = []
        with self.transaction() as db:
            for item in feed_items:
                self._keep_feed_item(db, item)
            for article in articles:
                if self._page_known(db, article):
                    continue
                cursor = db.execute(
                    "INSERT OR IGNORE INTO articles (id, outlet, published, source, record, url, text_key) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (
                        article.id,
                        article.outlet.name,
                        _iso(article.published),
                        article.source,
                        article.model_dump_json(),
                        _page(article.url),
                        text_key(article.title, article.body),
                    ),
                )
                if cursor.rowcount:
                    added.append(article.id)
                    self._supersede(db, article)
        return added

    @staticmethod
    def _page_known(db: sqlite3.Connection, article: Article) -> bool:
        """The same text from the same page is stored already, whatever outlet name it came with
        then: a page read again after the outlet table learnt its domain is no new article."""
        if article.url is None:
            return False
        found = db.execute(
            "SELECT 1 FROM articles WHERE url = ? AND text_key = ? LIMIT 1", (_page(article.url), text_key(article.title, article.body))
        )
        return found.fetchone() is not None

    def _supersede(self, db: sqlite3.Connection, article: Article) -> None:
        """Link a new article to the earlier version of its page, if the store has one.

        An updated article is the same outlet's one voice, never a second one: the later version
        (by publication date where both have one, else the one read later) takes the earlier one's
        place in its story, and the earlier one is kept, superseded, as history."""
        if article.url is None:
            return
        published = _iso(article.published)
        rows = db.execute(
            "SELECT id, published FROM articles WHERE url = ? AND id != ? AND id NOT IN (SELECT article_id FROM superseded)",
            (_page(article.url), article.id),
        ).fetchall()
        for other, other_published in rows:
            if published and other_published and published < other_published:
                db.execute("INSERT OR IGNORE INTO superseded VALUES (?, ?)", (article.id, other))
                return
            db.execute("INSERT OR IGNORE INTO superseded VALUES (?, ?)", (other, article.id))
            db.execute("UPDATE story_articles SET article_id = ? WHERE article_id = ?", (article.id, other))

    # feeds (`storylens watch`)

    def feed_states(self, urls: Iterable[str]) -> dict[str, FeedState]:
        """The stored state of each of these feeds that was polled before."""
        found: dict[str, FeedState] = {}
        for chunk, marks in _in_chunks(list(urls)):
            rows = self.db.execute(
                f"SELECT url, etag, last_modified, last_polled, last_error, failures, next_try FROM feeds WHERE url IN ({marks})", chunk
            )
            for url, etag, modified, polled, error, failures, next_try in rows:
                found[url] = FeedState(url, etag, modified, _moment(polled), error, failures, _moment(next_try))
        return found

    def feed_polled(self, url: str, etag: str | None, last_modified: str | None, at: datetime) -> None:
        """A feed answered: keep its validators for the next conditional GET and forget its failures."""
        with self.transaction() as db:
            db.execute(
                """INSERT INTO feeds (url, etag, last_modified, last_polled, last_error, failures, next_try)
                   VALUES (?, ?, ?, ?, NULL, 0, NULL)
                   ON CONFLICT(url) DO UPDATE SET etag = excluded.etag, last_modified = excluded.last_modified,
                       last_polled = excluded.last_polled, last_error = NULL, failures = 0, next_try = NULL""",
                (url, etag, last_modified, _iso(at)),
            )

    def feed_failed(self, url: str, error: str, at: datetime, backoff: float) -> FeedState:
        """A feed could not be read: count the failure and set its next try `backoff` seconds on,
        doubled for each earlier failure in a row (at most `MAX_FEED_BACKOFF`); returns its new state."""
        with self.transaction() as db:
            row = db.execute("SELECT failures FROM feeds WHERE url = ?", (url,)).fetchone()
            failures = (row[0] if row else 0) + 1
            wait = min(timedelta(seconds=backoff * 2 ** min(failures - 1, 30)), MAX_FEED_BACKOFF)
            db.execute(
                """INSERT INTO feeds (url, last_polled, last_error, failures, next_try) VALUES (?, ?, ?, ?, ?)
                   ON CONFLICT(url) DO UPDATE SET last_polled = excluded.last_polled, last_error = excluded.last_error,
                       failures = excluded.failures, next_try = excluded.next_try""",
                (url, _iso(at), error, failures, _iso(at + wait)),
            )
        return self.feed_states([url])[url]

    def feed_items(self, keys: Iterable[str]) -> dict[str, FeedItem]:
        """The items among these keys that the watcher has seen before."""
        found: dict[str, FeedItem] = {}
        for chunk, marks in _in_chunks(list(keys)):
            rows = self.db.execute(f"{_FEED_ITEM_COLUMNS} WHERE item_key IN ({marks})", chunk)
            found.update((row[0], _feed_item(row)) for row in rows)
        return found

    def failed_feed_items(self, feed_url: str) -> list[FeedItem]:
        """The items of a feed that failed and wait for another try, oldest first."""
        rows = self.db.execute(f"{_FEED_ITEM_COLUMNS} WHERE feed_url = ? AND state = 'failed' ORDER BY seen_at, item_key", (feed_url,))
        return [_feed_item(row) for row in rows]

    def keep_feed_item(self, item: FeedItem) -> None:
        """Record what became of an item that stored no article (failed, gave up, skipped)."""
        with self.transaction() as db:
            self._keep_feed_item(db, item)

    @staticmethod
    def _keep_feed_item(db: sqlite3.Connection, item: FeedItem) -> None:
        db.execute(
            """INSERT INTO feed_items (item_key, feed_url, link, published, site_name, state, attempts, article_id, last_error)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
               ON CONFLICT(item_key) DO UPDATE SET state = excluded.state, attempts = excluded.attempts,
                   article_id = excluded.article_id, last_error = excluded.last_error""",
            (
                item.key,
                item.feed_url,
                item.link,
                _iso(item.published),
                item.site_name,
                item.state,
                item.attempts,
                item.article_id,
                item.last_error,
            ),
        )

    # outlets

    def set_outlet_info(self, outlets: Iterable[OutletInfo]) -> int:
        """Store what the user tells of each outlet, replacing what an earlier import said of it."""
        rows = [(outlet.name, outlet.model_dump_json()) for outlet in outlets]
        with self.transaction() as db:
            db.executemany("INSERT OR REPLACE INTO outlet_info VALUES (?, ?)", rows)
        return len(rows)

    def outlet_info(self) -> list[OutletInfo]:
        return [OutletInfo.model_validate_json(row[0]) for row in self.db.execute("SELECT record FROM outlet_info ORDER BY name")]

    def outlet_counts(self) -> dict[str, tuple[int, int]]:
        """Outlet name → (its current articles, the stories they are in)."""
        rows = self.db.execute(
            """SELECT a.outlet, count(*), count(DISTINCT sa.story_id) FROM articles a
                LEFT JOIN story_articles sa ON sa.article_id = a.id
                WHERE a.id NOT IN (SELECT article_id FROM superseded) GROUP BY a.outlet"""
        )
        return {name: (articles, stories) for name, articles, stories in rows}

    def superseded(self) -> dict[str, str]:
        """Earlier version's id → the id of the version that superseded it."""
        return dict(self.db.execute("SELECT article_id, by_id FROM superseded").fetchall())

    def article(self, article_id: str) -> Article:
        row = self.db.execute("SELECT record FROM articles WHERE id = ?", (article_id,)).fetchone()
        if row is None:
            raise KeyError(article_id)
        return Article.model_validate_json(row[0])

    def articles(self, ids: Iterable[str]) -> list[Article]:
        """The articles with these ids, in the order asked, read `IN_CHUNK` at a time."""
        ids = list(ids)
        found: dict[str, Article] = {}
        for chunk, marks in _in_chunks(ids):
            rows = self.db.execute(f"SELECT id, record FROM articles WHERE id IN ({marks})", chunk)
            found.update((r[0], Article.model_validate_json(r[1])) for r in rows)
        missing = [i for i in ids if i not in found]
        if missing:
            raise KeyError(missing[0])
        return [found[i] for i in ids]

    def count_articles(self) -> int:
        return self.db.execute("SELECT count(*) FROM articles").fetchone()[0]

    def languages(self, ids: Iterable[str]) -> Counter[str]:
        """How many of these articles are in each language, counted in SQL, so that the summary
        of a 100,000-article ingest does not parse every record again."""
        ids = list(ids)
        counts: Counter[str] = Counter()
        for chunk, marks in _in_chunks(ids):
            rows = self.db.execute(
                f"""SELECT json_extract(record, '$.language'), count(*) FROM articles
                    WHERE id IN ({marks}) GROUP BY 1""",
                chunk,
            )
            counts.update(dict(rows.fetchall()))
        return counts

    def unanalyzed_articles(self, framing_model: str) -> list[Article]:
        """English articles without an analysis, or without the spans of this framing model; the
        other languages stay stored but are not analysed."""
        rows = self.db.execute(
            f"""SELECT record FROM articles
                WHERE (id NOT IN (SELECT article_id FROM analyzed)
                       OR id NOT IN (SELECT article_id FROM framing WHERE model = ?)) AND {CURRENT}
                ORDER BY published, id""",
            (framing_model,),
        )
        return [Article.model_validate_json(r[0]) for r in rows]

    def unanalyzed_of(self, article_ids: list[str], framing_model: str) -> list[str]:
        """The ids among `article_ids` whose articles have no analysis yet, or none by this framing model."""
        analysed: set[str] = set()
        for chunk, marks in _in_chunks(article_ids):
            rows = self.db.execute(
                f"""SELECT a.article_id FROM analyzed a JOIN framing f ON f.article_id = a.article_id AND f.model = ?
                    WHERE a.article_id IN ({marks})""",
                (framing_model, *chunk),
            )
            analysed.update(r[0] for r in rows)
        return [a for a in article_ids if a not in analysed]

    # analysis

    def add_analysis(self, analyzed: Iterable[AnalyzedArticle], model: str) -> None:
        """Keep each article's analysis: its sentences (made with the spaCy pipeline `model`) and
        its framing spans under the name of the framing model that found them."""
        with self.transaction() as db:
            for item in analyzed:
                db.execute("DELETE FROM sentences WHERE article_id = ?", (item.article.id,))
                db.executemany(
                    "INSERT INTO sentences (article_id, position, record) VALUES (?, ?, ?)",
                    [(s.article_id, s.position, s.model_dump_json()) for s in item.sentences],
                )
                db.execute("INSERT OR REPLACE INTO analyzed VALUES (?, ?)", (item.article.id, model))
                if item.framing_model is not None:
                    db.execute(
                        "INSERT OR REPLACE INTO framing VALUES (?, ?, ?)",
                        (item.article.id, item.framing_model, _SPANS.dump_json(item.spans).decode()),
                    )

    def sentences(self, article_id: str) -> list[Sentence]:
        rows = self.db.execute("SELECT record FROM sentences WHERE article_id = ? ORDER BY position", (article_id,))
        return [Sentence.model_validate_json(r[0]) for r in rows]

    def analyzed(self, article_ids: list[str], framing_model: str) -> list[AnalyzedArticle]:
        """The articles with their stored analysis, in the order asked, read a chunk of ids per query."""
        articles = self.articles(article_ids)
        sentences: dict[str, list[Sentence]] = {a: [] for a in article_ids}
        spans: dict[str, list[FramingSpan]] = {}
        for chunk, marks in _in_chunks(article_ids):
            rows = self.db.execute(
                f"SELECT article_id, record FROM sentences WHERE article_id IN ({marks}) ORDER BY article_id, position", chunk
            )
            for article_id, record in rows:
                sentences[article_id].append(Sentence.model_validate_json(record))
            rows = self.db.execute(
                f"SELECT article_id, spans FROM framing WHERE model = ? AND article_id IN ({marks})", (framing_model, *chunk)
            )
            spans.update((article_id, _SPANS.validate_json(found)) for article_id, found in rows)
        copies = self.originals(article_ids)
        return [
            AnalyzedArticle(
                article=article,
                sentences=sentences[article.id],
                spans=spans.get(article.id, []),
                framing_model=framing_model if article.id in spans else None,
                copy_of=copies.get(article.id),
            )
            for article in articles
        ]

    def unclustered(self) -> list[tuple[str, datetime | None]]:
        """(id, published) of the English articles with no story yet, in publication order (undated
        last, then by a hash of their text, never by a name); ids only, so that a whole archive's
        backlog fits in memory."""
        rows = self.db.execute(
            f"""SELECT id, published FROM articles
                WHERE id NOT IN (SELECT article_id FROM story_articles) AND {CURRENT}
                ORDER BY published IS NULL, published, text_key, id"""
        ).fetchall()
        return [(r[0], datetime.fromisoformat(r[1]) if r[1] else None) for r in rows]

    # embeddings

    def embeddings(self, model: str, hashes: list[str]) -> dict[str, np.ndarray]:
        """Stored float32 vectors by text hash."""
        found: dict[str, np.ndarray] = {}
        for chunk, marks in _in_chunks(hashes):
            rows = self.db.execute(f"SELECT text_hash, vector FROM embeddings WHERE model = ? AND text_hash IN ({marks})", (model, *chunk))
            found.update({h: np.frombuffer(v, dtype=np.float32) for h, v in rows})
        return found

    def save_embeddings(self, model: str, vectors: dict[str, np.ndarray]) -> None:
        """Keep new vectors; a read-only store (the web server's) does not keep them. Any other
        failure to write ("database is locked" past the wait, "disk is full") is raised."""
        if self.read_only:
            return
        with self.transaction() as db:
            db.executemany(
                "INSERT OR IGNORE INTO embeddings (model, text_hash, vector) VALUES (?, ?, ?)",
                [(model, h, v.astype(np.float32).tobytes()) for h, v in vectors.items()],
            )

    # stories

    def open_story(self, db: sqlite3.Connection, story: Story, profile: dict) -> int | None:
        """Insert a new story holding its first article, inside the caller's transaction.

        A writer that decided from a stale read (another process placed this article meanwhile)
        writes nothing and gets None, so an article never ends up in two stories and no story is
        left without articles; `add_member` refuses the same way."""
        if self._stories_holding(db, story.article_ids, besides=0):
            return None
        story_id = db.execute(
            "INSERT INTO stories (label, first_seen, last_seen, profile) VALUES (?, ?, ?, ?)",
            (story.label, _iso(story.first_seen), _iso(story.last_seen), json.dumps(profile)),
        ).lastrowid
        db.executemany("INSERT INTO story_articles VALUES (?, ?)", [(a, story_id) for a in story.article_ids])
        return story_id

    def add_member(self, db: sqlite3.Connection, story_id: int, article_id: str) -> bool:
        """Put an article in an existing story; False (nothing written) when it already is in one."""
        cursor = db.execute("INSERT OR IGNORE INTO story_articles VALUES (?, ?)", (article_id, story_id))
        return cursor.rowcount == 1

    def update_story(self, db: sqlite3.Connection, story: Story, profile: dict) -> None:
        """Write a story's dates and profile once for every article that joined it in a batch."""
        db.execute(
            "UPDATE stories SET first_seen = ?, last_seen = ?, profile = ? WHERE id = ?",
            (_iso(story.first_seen), _iso(story.last_seen), json.dumps(profile), story.id),
        )

    def forget_stories(self) -> None:
        """Drop every story, membership, copy link and MinHash, keeping the articles and their
        analysis: the start of a re-clustering, which makes them all again in publication order."""
        with self.transaction() as db:
            for table in ("story_reports", "story_articles", "stories", "duplicates", "signatures"):
                db.execute(f"DELETE FROM {table}")

    def newest_story_date(self) -> datetime | None:
        """The latest `last_seen` of any story: where undated articles are placed in time."""
        row = self.db.execute("SELECT max(last_seen) FROM stories").fetchone()
        return datetime.fromisoformat(row[0]) if row[0] else None

    def open_stories(self, since: datetime | None) -> list[tuple[Story, dict]]:
        """Stories seen on or after `since` (all undated ones too), with their cluster profiles."""
        rows = self.db.execute(
            "SELECT id, profile FROM stories WHERE last_seen IS NULL OR ? IS NULL OR last_seen >= ?",
            (_iso(since), _iso(since)),
        ).fetchall()
        return [(self.story(r[0]), json.loads(r[1])) for r in rows]

    def story(self, story_id: int) -> Story:
        row = self.db.execute("SELECT id, label, first_seen, last_seen FROM stories WHERE id = ?", (story_id,)).fetchone()
        if row is None:
            raise KeyError(story_id)
        members = self.db.execute(
            """SELECT a.id, a.outlet FROM story_articles s JOIN articles a ON a.id = s.article_id
               WHERE s.story_id = ? ORDER BY a.published IS NULL, a.published, a.id""",
            (story_id,),
        ).fetchall()
        return Story(
            id=row[0],
            label=row[1],
            first_seen=row[2],
            last_seen=row[3],
            article_ids=[m[0] for m in members],
            outlets=sorted({m[1] for m in members}),
        )

    def stored_report(self, story_id: int, key: str) -> str | None:
        """The story's report as JSON, when the one kept was made under `key`."""
        row = self.db.execute("SELECT report FROM story_reports WHERE story_id = ? AND key = ?", (story_id, key)).fetchone()
        return zlib.decompress(row[0]).decode() if row else None

    def keep_report(self, story_id: int, key: str, report: str) -> None:
        """Kept compressed: a report's JSON repeats its sentences and field names, and shrinks about tenfold."""
        with self.transaction() as db:
            db.execute("INSERT OR REPLACE INTO story_reports VALUES (?, ?, ?)", (story_id, key, zlib.compress(report.encode())))

    def stories_of_outlet(self, outlet: str) -> list[int]:
        """Ids of the stories with a current article of `outlet`."""
        rows = self.db.execute(
            """SELECT DISTINCT sa.story_id FROM story_articles sa JOIN articles a ON a.id = sa.article_id
               WHERE a.outlet = ? AND a.id NOT IN (SELECT article_id FROM superseded) ORDER BY sa.story_id""",
            (outlet,),
        )
        return [row[0] for row in rows]

    def stories(self) -> list[Story]:
        ids = self.db.execute("SELECT id FROM stories ORDER BY last_seen DESC, id").fetchall()
        return [self.story(r[0]) for r in ids]

    def _stories_holding(self, db: sqlite3.Connection, article_ids: list[str], besides: int) -> list[int]:
        """Stories other than `besides` that already hold any of `article_ids`."""
        found: list[int] = []
        for chunk, marks in _in_chunks(article_ids):
            rows = db.execute(
                f"SELECT DISTINCT story_id FROM story_articles WHERE story_id != ? AND article_id IN ({marks})",
                (besides, *chunk),
            )
            found += [r[0] for r in rows]
        return found

    @contextmanager
    def clustering_lock(self) -> Iterator[None]:
        """Serialise the cluster stage across processes: it reads stories, decides, then writes,
        and two processes doing that at once would each merge into a profile the other replaces.

        An flock on a file beside the store (never on the store itself, whose POSIX locks SQLite
        loses when any descriptor of it is closed); the kernel releases it if the process dies.
        """
        with open(f"{self.path}.cluster-lock", "a+b") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    # lifecycle: check, vacuum, export, import

    def integrity_problems(self) -> list[str]:
        """What `PRAGMA integrity_check` finds; empty when the file is sound."""
        rows = [r[0] for r in self.db.execute("PRAGMA integrity_check")]
        return [] if rows == ["ok"] else rows

    def foreign_key_problems(self) -> list[str]:
        """Rows pointing at a parent that does not exist, one line each."""
        return [
            f"{table} row {rowid} points at a missing {parent}" for table, rowid, parent, _ in self.db.execute("PRAGMA foreign_key_check")
        ]

    def counts(self) -> dict[str, int]:
        """The numbers `storylens db check` shows, from one consistent snapshot."""
        queries = {
            "articles": "SELECT count(*) FROM articles",
            "analysed": "SELECT count(*) FROM analyzed",
            "stories": "SELECT count(*) FROM stories",
            "unclustered": f"SELECT count(*) FROM articles WHERE id NOT IN (SELECT article_id FROM story_articles) AND {CURRENT}",
            "superseded": "SELECT count(*) FROM superseded",
            "not English": f"SELECT count(*) FROM articles WHERE NOT {ENGLISH}",
            "empty stories": "SELECT count(*) FROM stories WHERE id NOT IN (SELECT story_id FROM story_articles)",
        }
        with self.snapshot():
            return {name: self.db.execute(sql).fetchone()[0] for name, sql in queries.items()}

    @contextmanager
    def snapshot(self) -> Iterator[None]:
        """A read transaction, so that a long read sees one state while ingest goes on writing."""
        self.db.execute("BEGIN")
        try:
            yield
        finally:
            self.db.execute("COMMIT")

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

    def article_records(self) -> Iterator[str]:
        """Every article's stored JSON in id order, one row at a time (call inside `snapshot`)."""
        for (record,) in self.db.execute("SELECT record FROM articles ORDER BY id"):
            yield record

    def story_records(self) -> Iterator[dict]:
        """Every story as stored, with its profile and members, one at a time (call inside `snapshot`)."""
        stories = self.db.execute("SELECT id, label, first_seen, last_seen, profile FROM stories ORDER BY id")
        for story_id, label, first_seen, last_seen, profile in stories:
            members = self.db.execute("SELECT article_id FROM story_articles WHERE story_id = ? ORDER BY article_id", (story_id,))
            yield {
                "id": story_id,
                "label": label,
                "first_seen": first_seen,
                "last_seen": last_seen,
                "profile": json.loads(profile),
                "article_ids": [m[0] for m in members],
            }

    def missing_articles(self, article_ids: list[str]) -> list[str]:
        """The ids among `article_ids` that are not stored."""
        return [a for a in article_ids if self.db.execute("SELECT 1 FROM articles WHERE id = ?", (a,)).fetchone() is None]

    def restore_story(self, record: dict) -> int | None:
        """Insert a story exactly as exported, keeping its id when free; returns the new id, or
        None when any of its articles is already in a story (importing again changes nothing)."""
        with self.transaction() as db:
            if self._stories_holding(db, record["article_ids"], besides=0):
                return None
            taken = db.execute("SELECT 1 FROM stories WHERE id = ?", (record["id"],)).fetchone()
            story_id = db.execute(
                "INSERT INTO stories (id, label, first_seen, last_seen, profile) VALUES (?, ?, ?, ?, ?)",
                (
                    None if taken else record["id"],
                    record["label"],
                    record["first_seen"],
                    record["last_seen"],
                    json.dumps(record["profile"]),
                ),
            ).lastrowid
            db.executemany(
                "INSERT INTO story_articles (article_id, story_id) VALUES (?, ?)",
                [(a, story_id) for a in record["article_ids"]],
            )
        return story_id

    # near-duplicates

    def save_signature(self, db: sqlite3.Connection, article_id: str, scheme: str, minhash: bytes) -> None:
        """Keep an article's MinHash inside the caller's transaction (the one that clusters it)."""
        db.execute("INSERT OR REPLACE INTO signatures VALUES (?, ?, ?)", (article_id, scheme, minhash))

    def save_duplicate(self, db: sqlite3.Connection, article_id: str, original_id: str, similarity: float) -> None:
        """Record that an article is a copy of an earlier one, inside the caller's transaction."""
        db.execute("INSERT OR REPLACE INTO duplicates VALUES (?, ?, ?)", (article_id, original_id, similarity))

    def signatures(self, scheme: str, since: datetime | None) -> list[tuple[str, datetime | None, bytes, str | None]]:
        """(article id, published, MinHash, original id) of clustered articles published on or after
        `since` (all undated ones too), in publication order."""
        rows = self.db.execute(
            """SELECT a.id, a.published, s.minhash, d.original_id FROM signatures s
               JOIN articles a ON a.id = s.article_id
               LEFT JOIN duplicates d ON d.article_id = s.article_id
               WHERE s.scheme = ? AND (a.published IS NULL OR ? IS NULL OR a.published >= ?)
               ORDER BY a.published IS NULL, a.published, a.id""",
            (scheme, _iso(since), _iso(since)),
        ).fetchall()
        return [(r[0], datetime.fromisoformat(r[1]) if r[1] else None, r[2], r[3]) for r in rows]

    def originals(self, article_ids: list[str]) -> dict[str, str]:
        """Copy id → original id, for the copies among these articles."""
        found: dict[str, str] = {}
        for chunk, marks in _in_chunks(article_ids):
            rows = self.db.execute(f"SELECT article_id, original_id FROM duplicates WHERE article_id IN ({marks})", chunk)
            found.update(rows.fetchall())
        return found

    def original_of(self, article_id: str) -> str | None:
        """The article this one is a copy of; None for an original."""
        row = self.db.execute("SELECT original_id FROM duplicates WHERE article_id = ?", (article_id,)).fetchone()
        return row[0] if row else None

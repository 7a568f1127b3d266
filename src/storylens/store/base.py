"""The store interface: every stage's records persisted between stages, with the SQL written once.

Each record is kept whole as JSON beside the columns that queries need, so the records of
`model.py` stay the single definition of the data; one transaction per batch means a crash loses
at most the batch in flight and never leaves half of one behind. The queries here are plain SQL
that SQLite and PostgreSQL both read (`?` parameters, `ON CONFLICT`, `RETURNING`); what differs
between them (connecting, the schema, locks, checks, a few JSON functions in `Dialect`) lives in
`sqlite.py` and `postgres.py`.
"""

from __future__ import annotations

import json
import re
import zlib
from abc import ABC, abstractmethod
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, contextmanager
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, ClassVar, Protocol, Self
from urllib.parse import urlsplit, urlunsplit

import numpy as np
from pydantic import TypeAdapter

from storylens.model import AnalyzedArticle, Article, FramingSpan, OutletInfo, Sentence, Story, text_key
from storylens.store import listing
from storylens.store.dialect import Dialect
from storylens.store.records import FeedItem, FeedState, StoreError, StoreFailed, StoryFilter, StoryRow, iso, moment, stored_text

POSTGRES_SCHEMES = ("postgresql://", "postgres://")
"""How a `--db` value names a PostgreSQL database rather than a SQLite file."""
SCHEMA_VERSION = 10
"""The schema every backend's migrations bring a store to."""
_FEED_ITEM_COLUMNS = "SELECT item_key, feed_url, link, published, site_name, state, attempts, article_id, last_error FROM feed_items"
_STORY_COLUMNS = "id, label, first_seen, last_seen"
_SPANS = TypeAdapter(list[FramingSpan])
TOP_ENTITIES = 5
"""Entities the story list shows beside each story, heaviest first."""
IN_CHUNK = 500
"""Ids bound per `IN (...)` query, well under either backend's limit on query parameters."""
MAX_FEED_BACKOFF = timedelta(days=1)
"""The longest a failed feed waits for its next try, however often it failed."""


def _in_chunks(ids: list[Any]) -> Iterator[tuple[list[Any], str]]:
    """The ids `IN_CHUNK` at a time, each chunk with the `?,?,...` placeholders of its IN clause."""
    for start in range(0, len(ids), IN_CHUNK):
        chunk = ids[start : start + IN_CHUNK]
        yield chunk, ",".join("?" * len(chunk))


def _upsert(table: str, columns: Sequence[str], key: Sequence[str]) -> str:
    """An INSERT that replaces the row with the same `key`: the upsert both backends read."""
    updates = ", ".join(f"{c} = excluded.{c}" for c in columns if c not in key)
    return (
        f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))}) "
        f"ON CONFLICT ({', '.join(key)}) DO UPDATE SET {updates}"
    )


_SUPERSEDE = "INSERT INTO superseded VALUES (?, ?) ON CONFLICT DO NOTHING"


def _since(column: str, since: datetime | None) -> tuple[str, list[str | None]]:
    """A condition that `column` is on or after `since` or undated, and its parameters; any row
    when `since` is None (a test in Python: PostgreSQL cannot type a parameter only tested for NULL)."""
    if since is None:
        return "1 = 1", []
    return f"({column} IS NULL OR {column} >= ?)", [iso(since)]


def _page(url: str | None) -> str | None:
    """The URL without its fragment: "#comments" names a place on the same page."""
    return url.split("#", 1)[0] if url else None


def _feed_item(row: tuple) -> FeedItem:
    key, feed_url, link, published, site_name, state, attempts, article_id, error = row
    return FeedItem(key, feed_url, link, moment(published), site_name, state, attempts, article_id, error)


class Cursor(Protocol):
    """What the queries use of a DB-API cursor."""

    @property
    def rowcount(self) -> int: ...

    def fetchone(self) -> Any: ...

    def fetchall(self) -> list[Any]: ...

    def __iter__(self) -> Iterator[Any]: ...


class Connection(Protocol):
    """What the queries use of a connection: sqlite3's, or `postgres.Connection` around psycopg's."""

    def execute(self, sql: str, parameters: Sequence[Any] = ..., /) -> Cursor: ...

    def executemany(self, sql: str, parameters: Iterable[Sequence[Any]], /) -> Cursor: ...

    def close(self) -> None: ...


class _GuardedCursor:
    """A cursor whose rows, read as it is iterated (SQLite steps a query lazily), arrive through
    the store's failure guard too."""

    def __init__(self, cursor: Cursor, store: Store) -> None:
        self.cursor = cursor
        self.store = store

    @property
    def rowcount(self) -> int:
        return self.cursor.rowcount

    def fetchone(self) -> Any:
        with self.store._failures():
            return self.cursor.fetchone()

    def fetchall(self) -> list[Any]:
        with self.store._failures():
            return self.cursor.fetchall()

    def __iter__(self) -> Iterator[Any]:
        with self.store._failures():
            yield from self.cursor


class _GuardedConnection:
    """A backend's connection whose failures (`Store._failure`) arrive as `StoreFailed`: the one
    place where driver errors become ours, so that no command needs to know either driver."""

    def __init__(self, connection: Connection, store: Store) -> None:
        self.connection = connection
        self.store = store

    def execute(self, sql: str, parameters: Sequence[Any] = (), /) -> Cursor:
        with self.store._failures():
            return _GuardedCursor(self.connection.execute(sql, parameters), self.store)

    def executemany(self, sql: str, parameters: Iterable[Sequence[Any]], /) -> Cursor:
        with self.store._failures():
            return _GuardedCursor(self.connection.executemany(sql, parameters), self.store)

    def close(self) -> None:
        self.connection.close()


class Store(ABC):
    """Typed access to a store; the only package that writes SQL.

    `Store(target)` opens the backend that `target` names: a `postgresql://` URL opens that
    PostgreSQL database, anything else is a SQLite file. `read_only` opens an existing store so
    that serving pages can never change it: nothing is migrated, a store of another schema version
    is refused, and new sentence vectors are simply not kept.
    """

    dialect: ClassVar[Dialect]
    migrations: ClassVar[Mapping[int, str]]
    """Schema version → the statements that bring the store to it from the one before."""
    db: Connection
    read_only: bool

    def __new__(cls, target: str | Path, read_only: bool = False) -> Self:
        """`Store(...)` itself picks the backend; a backend's class opens its own kind."""
        backend = _backend(target) if cls is Store else cls
        return super().__new__(backend)  # type: ignore[return-value]

    @property
    @abstractmethod
    def name(self) -> str:
        """How messages name the store: its file, or its URL without the password."""

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One batch, all or nothing. The store's write methods that take no transaction of their
        own (`open_story`, `add_member`, `save_signature`, ...) are called inside one. A COMMIT
        that fails (a full disk) is rolled back too, so that no half-open transaction is left."""
        with self._doing("writing"):
            self.db.execute(self.dialect.begin_write)
            try:
                yield
                self.db.execute("COMMIT")
            except BaseException as error:
                self._roll_back(error)
                raise

    @contextmanager
    def snapshot(self) -> Iterator[None]:
        """A read transaction, so that a long read sees one state while ingest goes on writing."""
        with self._doing("reading"):
            self.db.execute(self.dialect.begin_read)
            try:
                yield
            except BaseException as error:
                self._roll_back(error)
                raise
            self.db.execute("COMMIT")

    def _roll_back(self, error: BaseException) -> None:
        """End the transaction that `error` interrupted (`_undo`)."""
        self._undo(error, "ROLLBACK")

    def _undo(self, error: BaseException, sql: str, parameters: Sequence[Any] = ()) -> None:
        """Run `sql` to undo what `error` interrupted (a transaction, a lock). After the store
        itself failed this may fail as well (SQLite has already rolled back after a full disk or
        an I/O error; a server that cut the connection has dropped the transaction and the
        session's locks itself), and then the first failure is the one to tell: this one's own
        is left out."""
        try:
            self.db.execute(sql, parameters)
        except Exception:
            if not isinstance(error, StoreFailed):
                raise

    _activity = "reading"
    """What the store is doing, for the message of a failure: "writing" inside a transaction."""

    @contextmanager
    def _doing(self, activity: str) -> Iterator[None]:
        before, self._activity = self._activity, activity
        try:
            yield
        finally:
            self._activity = before

    def _guard(self) -> None:
        """Once the store is open: from here on a failure of the database (`_failure`) is raised
        as `StoreFailed`, which the command says in one line; the errors of opening keep their
        own messages ("not a storylens database", "cannot connect")."""
        self.db = _GuardedConnection(self.db, self)

    @contextmanager
    def _failures(self) -> Iterator[None]:
        """Raise the backend's failures (`_failure`) as `StoreFailed`; anything else, a bug's
        error included, goes on as it is."""
        try:
            yield
        except Exception as error:
            problem = self._failure(error)
            if problem is None:
                raise
            raise StoreFailed(self.name, self._activity, problem) from error

    def schema_version(self) -> int:
        return self.db.execute("SELECT version FROM schema_version").fetchone()[0]

    def _migrate(self) -> None:
        with self.transaction():
            self.db.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
            row = self.db.execute("SELECT version FROM schema_version").fetchone()
            current = row[0] if row else 0
            if row is None:
                self.db.execute("INSERT INTO schema_version VALUES (0)")
            if current > SCHEMA_VERSION:
                raise StoreError(f"{self.name}: schema version {current} is newer than this storylens ({SCHEMA_VERSION})")
            for version in range(current + 1, SCHEMA_VERSION + 1):
                for statement in self.migrations.get(version, "").split(";"):
                    if statement.strip():
                        self.db.execute(statement)
                self.db.execute("UPDATE schema_version SET version = ?", (version,))

    def _check_version(self, version: int) -> None:
        """Refuse, in read-only use, a store of `version` that this storylens would have to migrate first."""
        if version != SCHEMA_VERSION:
            self.close()
            raise StoreError(
                f"{self.name}: schema version {version}, this storylens reads {SCHEMA_VERSION}; "
                "run `storylens stories` on it once to upgrade it"
            )

    @property
    def _english(self) -> str:
        """Articles the analysis and clustering handle; the models are English ones, other languages stay stored."""
        return f"{self.dialect.language} = 'en'"

    @property
    def _current(self) -> str:
        """English articles that no later version of the same URL has superseded."""
        return f"{self._english} AND id NOT IN (SELECT article_id FROM superseded)"

    # what differs between backends

    @classmethod
    @abstractmethod
    def exists(cls, target: str | Path) -> bool:
        """Whether `target` holds a store already, found without making one."""

    @abstractmethod
    def _failure(self, error: Exception) -> str | None:
        """The one-line problem when a driver's `error` is the database failing (locked, full,
        unreachable, shut down), not a bug in the SQL or in how it is called; else None."""

    @abstractmethod
    def clustering_lock(self) -> AbstractContextManager[None]:
        """Serialise the cluster stage across processes: it reads stories, decides, then writes,
        and two processes doing that at once would each merge into a profile the other replaces."""

    @abstractmethod
    def integrity_problems(self) -> list[str]:
        """What the backend's own check of its storage finds; empty when it is sound."""

    @abstractmethod
    def foreign_key_problems(self) -> list[str]:
        """Rows pointing at a parent that does not exist, one line each."""

    @abstractmethod
    def file_size(self) -> int:
        """Bytes the store takes on disk."""

    @abstractmethod
    def vacuum(self) -> None:
        """Give free space back and refresh the planner's statistics."""

    def _restored_ids(self) -> None:
        """After stories were inserted with their own ids: make new ids follow them (PostgreSQL)."""

    # articles

    def add_articles(self, articles: Iterable[Article], feed_items: Iterable[FeedItem] = ()) -> list[str]:
        """Store new articles in one transaction; returns the ids that were new (the rest were known).

        `feed_items` are written in the same transaction: an item is marked stored exactly when its
        article is, so a watcher killed in between fetches the page again rather than never."""
        added = []
        with self.transaction():
            for item in feed_items:
                self._keep_feed_item(item)
            for article in articles:
                if self._page_known(article):
                    continue
                cursor = self.db.execute(
                    """INSERT INTO articles (id, outlet, published, source, record, url, text_key) VALUES (?, ?, ?, ?, ?, ?, ?)
                       ON CONFLICT DO NOTHING""",
                    (
                        article.id,
                        article.outlet.name,
                        iso(article.published),
                        article.source,
                        article.model_dump_json(),
                        _page(article.url),
                        text_key(article.title, article.body),
                    ),
                )
                if cursor.rowcount:
                    added.append(article.id)
                    self._supersede(article)
        return added

    def _page_known(self, article: Article) -> bool:
        """The same text from the same page is stored already, whatever outlet name it came with
        then: a page read again after the outlet table learnt its domain is no new article."""
        if article.url is None:
            return False
        found = self.db.execute(
            "SELECT 1 FROM articles WHERE url = ? AND text_key = ? LIMIT 1", (_page(article.url), text_key(article.title, article.body))
        )
        return found.fetchone() is not None

    def _supersede(self, article: Article) -> None:
        """Link a new article to the earlier version of its page, if the store has one.

        An updated article is the same outlet's one voice, never a second one: the later version
        (by publication date where both have one, else the one read later) takes the earlier one's
        place in its story, and the earlier one is kept, superseded, as history."""
        if article.url is None:
            return
        rows = self.db.execute(
            "SELECT id, published FROM articles WHERE url = ? AND id != ? AND id NOT IN (SELECT article_id FROM superseded)",
            (_page(article.url), article.id),
        ).fetchall()
        for other, other_published in rows:
            earlier = moment(other_published)
            if article.published and earlier and article.published < earlier:
                self.db.execute(_SUPERSEDE, (article.id, other))
                return
            self.db.execute(_SUPERSEDE, (other, article.id))
            self.db.execute("UPDATE story_articles SET article_id = ? WHERE article_id = ?", (article.id, other))

    # feeds (`storylens watch`)

    def feed_states(self, urls: Iterable[str]) -> dict[str, FeedState]:
        """The stored state of each of these feeds that was polled before."""
        found: dict[str, FeedState] = {}
        for chunk, marks in _in_chunks(list(urls)):
            rows = self.db.execute(
                f"SELECT url, etag, last_modified, last_polled, last_error, failures, next_try FROM feeds WHERE url IN ({marks})", chunk
            )
            for url, etag, modified, polled, error, failures, next_try in rows:
                found[url] = FeedState(url, etag, modified, moment(polled), error, failures, moment(next_try))
        return found

    def feed_polled(self, url: str, etag: str | None, last_modified: str | None, at: datetime) -> None:
        """A feed answered: keep its validators for the next conditional GET and forget its failures."""
        with self.transaction():
            self.db.execute(
                """INSERT INTO feeds (url, etag, last_modified, last_polled, last_error, failures, next_try)
                   VALUES (?, ?, ?, ?, NULL, 0, NULL)
                   ON CONFLICT(url) DO UPDATE SET etag = excluded.etag, last_modified = excluded.last_modified,
                       last_polled = excluded.last_polled, last_error = NULL, failures = 0, next_try = NULL""",
                (url, etag, last_modified, iso(at)),
            )

    def feed_failed(self, url: str, error: str, at: datetime, backoff: float) -> FeedState:
        """A feed could not be read: count the failure and set its next try `backoff` seconds on,
        doubled for each earlier failure in a row (at most `MAX_FEED_BACKOFF`); returns its new state."""
        with self.transaction():
            row = self.db.execute("SELECT failures FROM feeds WHERE url = ?", (url,)).fetchone()
            failures = (row[0] if row else 0) + 1
            wait = min(timedelta(seconds=backoff * 2 ** min(failures - 1, 30)), MAX_FEED_BACKOFF)
            self.db.execute(
                """INSERT INTO feeds (url, last_polled, last_error, failures, next_try) VALUES (?, ?, ?, ?, ?)
                   ON CONFLICT(url) DO UPDATE SET last_polled = excluded.last_polled, last_error = excluded.last_error,
                       failures = excluded.failures, next_try = excluded.next_try""",
                (url, iso(at), error, failures, iso(at + wait)),
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
        with self.transaction():
            self._keep_feed_item(item)

    def _keep_feed_item(self, item: FeedItem) -> None:
        self.db.execute(
            """INSERT INTO feed_items (item_key, feed_url, link, published, site_name, state, attempts, article_id, last_error)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
               ON CONFLICT(item_key) DO UPDATE SET state = excluded.state, attempts = excluded.attempts,
                   article_id = excluded.article_id, last_error = excluded.last_error""",
            (
                item.key,
                item.feed_url,
                item.link,
                iso(item.published),
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
        with self.transaction():
            self.db.executemany(_upsert("outlet_info", ("name", "record"), ("name",)), rows)
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

    def count_stories(self) -> int:
        return self.db.execute("SELECT count(*) FROM stories").fetchone()[0]

    def languages(self, ids: Iterable[str]) -> Counter[str]:
        """How many of these articles are in each language, counted in SQL, so that the summary
        of a 100,000-article ingest does not parse every record again."""
        ids = list(ids)
        counts: Counter[str] = Counter()
        for chunk, marks in _in_chunks(ids):
            rows = self.db.execute(
                f"""SELECT {self.dialect.language}, count(*) FROM articles
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
                       OR id NOT IN (SELECT article_id FROM framing WHERE model = ?)) AND {self._current}
                ORDER BY published IS NOT NULL, published, id""",
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
        with self.transaction():
            for item in analyzed:
                self.db.execute("DELETE FROM sentences WHERE article_id = ?", (item.article.id,))
                self.db.executemany(
                    "INSERT INTO sentences (article_id, position, record) VALUES (?, ?, ?)",
                    [(s.article_id, s.position, s.model_dump_json()) for s in item.sentences],
                )
                self.db.execute(_upsert("analyzed", ("article_id", "model"), ("article_id",)), (item.article.id, model))
                if item.framing_model is not None:
                    self.db.execute(
                        _upsert("framing", ("article_id", "model", "spans"), ("article_id", "model")),
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
                WHERE id NOT IN (SELECT article_id FROM story_articles) AND {self._current}
                ORDER BY published IS NULL, published, text_key, id"""
        ).fetchall()
        return [(r[0], moment(r[1])) for r in rows]

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
        with self.transaction():
            self.db.executemany(
                "INSERT INTO embeddings (model, text_hash, vector) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                [(model, h, v.astype(np.float32).tobytes()) for h, v in vectors.items()],
            )

    # stories

    def open_story(self, story: Story, profile: dict) -> int | None:
        """Insert a new story holding its first article, inside the caller's transaction.

        A writer that decided from a stale read (another process placed this article meanwhile)
        writes nothing and gets None, so an article never ends up in two stories and no story is
        left without articles; `add_member` refuses the same way."""
        if self._stories_holding(story.article_ids, besides=0):
            return None
        story_id = self.db.execute(
            "INSERT INTO stories (label, first_seen, last_seen, profile) VALUES (?, ?, ?, ?) RETURNING id",
            (story.label, iso(story.first_seen), iso(story.last_seen), json.dumps(profile)),
        ).fetchone()[0]
        self.db.executemany("INSERT INTO story_articles VALUES (?, ?)", [(a, story_id) for a in story.article_ids])
        return story_id

    def add_member(self, story_id: int, article_id: str) -> bool:
        """Put an article in an existing story; False (nothing written) when it already is in one."""
        cursor = self.db.execute("INSERT INTO story_articles VALUES (?, ?) ON CONFLICT DO NOTHING", (article_id, story_id))
        return cursor.rowcount == 1

    def update_story(self, story: Story, profile: dict) -> None:
        """Write a story's dates and profile once for every article that joined it in a batch."""
        self.db.execute(
            "UPDATE stories SET first_seen = ?, last_seen = ?, profile = ? WHERE id = ?",
            (iso(story.first_seen), iso(story.last_seen), json.dumps(profile), story.id),
        )

    def forget_stories(self) -> None:
        """Drop every story, membership, copy link and MinHash, keeping the articles and their
        analysis: the start of a re-clustering, which makes them all again in publication order."""
        with self.transaction():
            for table in ("story_reports", "story_articles", "stories", "duplicates", "signatures"):
                self.db.execute(f"DELETE FROM {table}")

    def newest_story_date(self) -> datetime | None:
        """The latest `last_seen` of any story: where undated articles are placed in time."""
        row = self.db.execute("SELECT max(last_seen) FROM stories").fetchone()
        return moment(row[0])

    def open_stories(self, since: datetime | None) -> list[tuple[Story, dict]]:
        """Stories seen on or after `since` (all undated ones too), with their cluster profiles."""
        condition, params = _since("last_seen", since)
        rows = self.db.execute(f"SELECT {_STORY_COLUMNS}, profile FROM stories WHERE {condition}", params).fetchall()
        stories = self._stories([row[:4] for row in rows])
        return [(story, json.loads(row[4])) for story, row in zip(stories, rows)]

    def story(self, story_id: int) -> Story:
        rows = self.db.execute(f"SELECT {_STORY_COLUMNS} FROM stories WHERE id = ?", (story_id,)).fetchall()
        if not rows:
            raise KeyError(story_id)
        return self._stories(rows)[0]

    def _stories(self, rows: list[tuple]) -> list[Story]:
        """The stories of these rows (`_STORY_COLUMNS`), in their order, with their members read
        `IN_CHUNK` stories per query rather than one query per story."""
        members: dict[int, list[tuple[str, str]]] = {row[0]: [] for row in rows}
        for chunk, marks in _in_chunks(list(members)):
            found = self.db.execute(
                f"""SELECT s.story_id, a.id, a.outlet FROM story_articles s JOIN articles a ON a.id = s.article_id
                    WHERE s.story_id IN ({marks}) ORDER BY a.published IS NULL, a.published, a.id""",
                chunk,
            )
            for story_id, article_id, outlet in found:
                members[story_id].append((article_id, outlet))
        return [
            Story(
                id=story_id,
                label=label,
                first_seen=first_seen,
                last_seen=last_seen,
                article_ids=[article_id for article_id, _ in members[story_id]],
                outlets=sorted({outlet for _, outlet in members[story_id]}),
            )
            for story_id, label, first_seen, last_seen in rows
        ]

    def stored_report(self, story_id: int, key: str) -> str | None:
        """The story's report as JSON, when the one kept was made under `key`."""
        row = self.db.execute("SELECT report FROM story_reports WHERE story_id = ? AND key = ?", (story_id, key)).fetchone()
        return zlib.decompress(row[0]).decode() if row else None

    def keep_report(self, story_id: int, key: str, report: str) -> None:
        """Kept compressed: a report's JSON repeats its sentences and field names, and shrinks about tenfold."""
        with self.transaction():
            self.db.execute(
                _upsert("story_reports", ("story_id", "key", "report"), ("story_id",)), (story_id, key, zlib.compress(report.encode()))
            )

    def stories_of_outlet(self, outlet: str) -> list[int]:
        """Ids of the stories with a current article of `outlet`."""
        rows = self.db.execute(
            """SELECT DISTINCT sa.story_id FROM story_articles sa JOIN articles a ON a.id = sa.article_id
               WHERE a.outlet = ? AND a.id NOT IN (SELECT article_id FROM superseded) ORDER BY sa.story_id""",
            (outlet,),
        )
        return [row[0] for row in rows]

    # the story list (the web page and `GET /api/stories`)

    def story_list(self, query: StoryFilter, offset: int, limit: int) -> tuple[int, list[StoryRow]]:
        """The `limit` stories from `offset` that `query` selects, and how many it selects in all."""
        where, params = listing.conditions(self.dialect, query)
        clause = f"WHERE {' AND '.join(where)}" if where else ""
        total = self.db.execute(f"SELECT count(*) FROM stories s {clause}", params).fetchone()[0]
        rows = self.db.execute(
            f"""SELECT s.id, s.label, s.first_seen, s.last_seen, {listing.ARTICLE_COUNT} FROM stories s {clause}
                ORDER BY {listing.order(query.by_size)} LIMIT ? OFFSET ?""",
            [*params, limit, offset],
        ).fetchall()
        ids = [row[0] for row in rows]
        outlets, entities = self._outlets_of(ids), self._entities_of(ids)
        return total, [
            StoryRow(story_id, label, moment(first), moment(last), count, outlets.get(story_id, []), entities.get(story_id, []))
            for story_id, label, first, last, count in rows
        ]

    def outlet_names(self) -> list[str]:
        """Every outlet in the store, for the list page's outlet filter."""
        return [row[0] for row in self.db.execute("SELECT DISTINCT outlet FROM articles ORDER BY outlet")]

    def story_of(self, article_id: str) -> int | None:
        """The story an article belongs to; None until the cluster stage has placed it."""
        row = self.db.execute("SELECT story_id FROM story_articles WHERE article_id = ?", (article_id,)).fetchone()
        return row[0] if row else None

    def outlet_leans(self) -> dict[str, str]:
        """Outlet name → the lean the user gave it, for the outlets that have one."""
        rows = self.db.execute(f"SELECT name, {self.dialect.field('record', 'lean')} FROM outlet_info")
        return {name: lean for name, lean in rows if lean}

    def story_outlets(self) -> dict[int, list[str]]:
        """Story id → the outlets of its articles, for every story, in one query."""
        found: dict[int, list[str]] = {}
        rows = self.db.execute(
            "SELECT DISTINCT sa.story_id, a.outlet FROM story_articles sa JOIN articles a ON a.id = sa.article_id ORDER BY sa.story_id, a.outlet"
        )
        for story_id, outlet in rows:
            found.setdefault(story_id, []).append(outlet)
        return found

    def _outlets_of(self, story_ids: list[int]) -> dict[int, list[str]]:
        if not story_ids:
            return {}
        rows = self.db.execute(
            f"""SELECT DISTINCT sa.story_id, a.outlet FROM story_articles sa JOIN articles a ON a.id = sa.article_id
                WHERE sa.story_id IN ({", ".join("?" * len(story_ids))}) ORDER BY a.outlet""",
            story_ids,
        )
        found: dict[int, list[str]] = {}
        for story_id, outlet in rows:
            found.setdefault(story_id, []).append(outlet)
        return found

    def _entities_of(self, story_ids: list[int]) -> dict[int, list[str]]:
        """Each story's `TOP_ENTITIES` heaviest entity keys (ties by key), ordered here in Python so
        that both backends order keys alike, whatever a database's collation."""
        if not story_ids:
            return {}
        rows = self.db.execute(
            f"SELECT s.id, e.key, e.value FROM stories s, {self.dialect.entities} e WHERE s.id IN ({', '.join('?' * len(story_ids))})",
            story_ids,
        )
        weights: dict[int, list[tuple[float, str]]] = {}
        for story_id, key, value in rows:
            weights.setdefault(story_id, []).append((-float(value), key))
        return {story_id: [key for _, key in sorted(found)[:TOP_ENTITIES]] for story_id, found in weights.items()}

    def stories(self, limit: int | None = None) -> list[Story]:
        """Every story, or the `limit` first, last seen first (undated ones last)."""
        order = f"SELECT {_STORY_COLUMNS} FROM stories ORDER BY last_seen IS NULL, last_seen DESC, id"
        if limit is None:
            return self._stories(self.db.execute(order).fetchall())
        return self._stories(self.db.execute(order + " LIMIT ?", (limit,)).fetchall())

    def _stories_holding(self, article_ids: list[str], besides: int) -> list[int]:
        """Stories other than `besides` that already hold any of `article_ids`."""
        found: list[int] = []
        for chunk, marks in _in_chunks(article_ids):
            rows = self.db.execute(
                f"SELECT DISTINCT story_id FROM story_articles WHERE story_id != ? AND article_id IN ({marks})",
                (besides, *chunk),
            )
            found += [r[0] for r in rows]
        return found

    def counts(self) -> dict[str, int]:
        """The numbers `storylens db check` shows, from one consistent snapshot."""
        queries = {
            "articles": "SELECT count(*) FROM articles",
            "analysed": "SELECT count(*) FROM analyzed",
            "stories": "SELECT count(*) FROM stories",
            "unclustered": f"SELECT count(*) FROM articles WHERE id NOT IN (SELECT article_id FROM story_articles) AND {self._current}",
            "superseded": "SELECT count(*) FROM superseded",
            "not English": f"SELECT count(*) FROM articles WHERE NOT {self._english}",
            "empty stories": "SELECT count(*) FROM stories WHERE id NOT IN (SELECT story_id FROM story_articles)",
        }
        with self.snapshot():
            return {name: self.db.execute(sql).fetchone()[0] for name, sql in queries.items()}

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
                "first_seen": stored_text(first_seen),
                "last_seen": stored_text(last_seen),
                "profile": json.loads(profile),
                "article_ids": [m[0] for m in members],
            }

    def missing_articles(self, article_ids: list[str]) -> list[str]:
        """The ids among `article_ids` that are not stored."""
        found: set[str] = set()
        for chunk, marks in _in_chunks(article_ids):
            found.update(row[0] for row in self.db.execute(f"SELECT id FROM articles WHERE id IN ({marks})", chunk))
        return [a for a in article_ids if a not in found]

    def restore_story(self, record: dict) -> int | None:
        """Insert a story exactly as exported, keeping its id when free; returns the new id, or
        None when any of its articles is already in a story (importing again changes nothing)."""
        with self.transaction():
            if self._stories_holding(record["article_ids"], besides=0):
                return None
            taken = self.db.execute("SELECT 1 FROM stories WHERE id = ?", (record["id"],)).fetchone()
            fields = {"label": record["label"], "first_seen": record["first_seen"], "last_seen": record["last_seen"]}
            fields["profile"] = json.dumps(record["profile"])
            if not taken:
                fields = {"id": record["id"], **fields}
            story_id = self.db.execute(
                f"INSERT INTO stories ({', '.join(fields)}) VALUES ({', '.join('?' * len(fields))}) RETURNING id", list(fields.values())
            ).fetchone()[0]
            self.db.executemany(
                "INSERT INTO story_articles (article_id, story_id) VALUES (?, ?)",
                [(a, story_id) for a in record["article_ids"]],
            )
            self._restored_ids()
        return story_id

    # near-duplicates

    def save_signature(self, article_id: str, scheme: str, minhash: bytes) -> None:
        """Keep an article's MinHash inside the caller's transaction (the one that clusters it)."""
        self.db.execute(_upsert("signatures", ("article_id", "scheme", "minhash"), ("article_id",)), (article_id, scheme, minhash))

    def save_duplicate(self, article_id: str, original_id: str, similarity: float) -> None:
        """Record that an article is a copy of an earlier one, inside the caller's transaction."""
        self.db.execute(
            _upsert("duplicates", ("article_id", "original_id", "similarity"), ("article_id",)), (article_id, original_id, similarity)
        )

    def signatures(self, scheme: str, since: datetime | None) -> list[tuple[str, datetime | None, bytes, str | None]]:
        """(article id, published, MinHash, original id) of clustered articles published on or after
        `since` (all undated ones too), in publication order."""
        condition, params = _since("a.published", since)
        rows = self.db.execute(
            f"""SELECT a.id, a.published, s.minhash, d.original_id FROM signatures s
               JOIN articles a ON a.id = s.article_id
               LEFT JOIN duplicates d ON d.article_id = s.article_id
               WHERE s.scheme = ? AND {condition}
               ORDER BY a.published IS NULL, a.published, a.id""",
            (scheme, *params),
        ).fetchall()
        return [(r[0], moment(r[1]), bytes(r[2]), r[3]) for r in rows]

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


def open_store(target: str | Path, read_only: bool = False) -> Store:
    """The store `target` names: a PostgreSQL database for a `postgresql://` URL, else a SQLite file."""
    return _backend(target)(target, read_only)


def store_exists(target: str | Path) -> bool:
    """Whether `target` holds a store already: for a command that only reads, which should say
    so rather than make an empty store at a mistyped path or in the wrong database."""
    return _backend(target).exists(target)


def is_postgres(target: str | Path) -> bool:
    return str(target).startswith(POSTGRES_SCHEMES)


def target_name(target: str | Path) -> str:
    """How messages name a store: its path, or its URL with any password hidden."""
    text = str(target)
    if not is_postgres(text):
        return text
    parts = urlsplit(text)
    netloc = parts.netloc
    if parts.password is not None:
        userinfo, _, host = netloc.rpartition("@")
        netloc = f"{userinfo.split(':', 1)[0]}:***@{host}"
    query = re.sub(r"(password=)[^&]*", r"\1***", parts.query)
    return urlunsplit(parts._replace(netloc=netloc, query=query))


def _backend(target: str | Path) -> type[Store]:
    """The store class for `target`: PostgreSQL for a `postgresql://` URL, else a SQLite file."""
    if is_postgres(target):
        from storylens.store.postgres import PostgresStore

        return PostgresStore
    from storylens.store.sqlite import SQLiteStore

    return SQLiteStore

"""A store that fails while a command runs, as a user meets it: one line on stderr naming the
store and the problem, exit 3, no traceback, and what was stored before still there.

The failures are real ones, made at a known point of the run: the test holds the store's
clustering lock, so that `storylens run` stops, its new articles stored, when it reaches the
cluster stage; once the run is seen waiting for that lock (in /proc/locks for SQLite's flock,
in pg_locks for PostgreSQL's advisory lock), the test blocks every write to the store from
another connection and lets go. SQLite then answers the run's next write "database is locked"
after its busy wait (shortened here to a second); on PostgreSQL the test terminates the run's
connection while it waits for the table lock, as an administrator would.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

import storylens.store.sqlite as sqlite_store
from storylens.cli import main
from storylens.store import Store, StoreError, is_postgres, target_name
from tests.conftest import SEED_DAILY_MAIL, SEED_GUARDIAN

TABLES = (
    "articles, sentences, analyzed, stories, story_articles, embeddings, signatures, duplicates, "
    "framing, superseded, outlet_info, feeds, feed_items, story_reports"
)
WAIT_SECONDS = 60
"""The most any step waits for the other thread; reached only when the test fails."""


def storylens(*args: object) -> Result:
    return CliRunner(env={"COLUMNS": "200", "LINES": "50"}).invoke(main, [str(a) for a in args])


def wait_until(condition: Callable[[], bool], what: str) -> None:
    """Poll `condition` until it holds: a wait for a state, never a guess at a duration."""
    deadline = time.monotonic() + WAIT_SECONDS
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting until {what}")
        time.sleep(0.02)


def waiting_for_flock(lock_file: Path) -> bool:
    """Whether a process waits for an flock on `lock_file` (a "->" line of /proc/locks)."""
    inode = f":{lock_file.stat().st_ino} "
    return any("->" in line and inode in line for line in Path("/proc/locks").read_text().splitlines())


class SQLiteBreaker:
    """Blocks every write with an exclusive transaction of another connection."""

    def __init__(self, target: str) -> None:
        self.target = target
        self.blocker: sqlite3.Connection | None = None

    def run_waits_for_clustering(self) -> bool:
        return waiting_for_flock(Path(f"{self.target}.cluster-lock"))

    def block_writes(self) -> None:
        self.blocker = sqlite3.connect(self.target, isolation_level=None, check_same_thread=False)
        self.blocker.execute("BEGIN EXCLUSIVE")

    def break_run(self) -> None:
        """Nothing more: the run's next write waits out the busy timeout and fails."""

    def release(self) -> None:
        if self.blocker is not None:
            self.blocker.execute("ROLLBACK")
            self.blocker.close()


class PostgresBreaker:
    """Blocks every write with table locks of another connection, then terminates the run's
    connection once it waits for one of them."""

    def __init__(self, target: str) -> None:
        import psycopg

        self.monitor = psycopg.connect(target, autocommit=True)
        self.blocker = psycopg.connect(target)
        self.target = target

    def _waiting(self, locktype: str) -> list[int]:
        rows = self.monitor.execute(
            """SELECT pid FROM pg_locks WHERE locktype = %s AND NOT granted
               AND database = (SELECT oid FROM pg_database WHERE datname = current_database())""",
            (locktype,),
        ).fetchall()
        return [pid for (pid,) in rows]

    def run_waits_for_clustering(self) -> bool:
        return bool(self._waiting("advisory"))

    def block_writes(self) -> None:
        self.blocker.execute(f"LOCK TABLE {TABLES} IN EXCLUSIVE MODE")

    def break_run(self) -> None:
        wait_until(lambda: bool(self._waiting("relation")), "the run waits to write")
        for pid in self._waiting("relation"):
            # With a timeout, pg_terminate_backend returns once the backend has gone.
            assert self.monitor.execute("SELECT pg_terminate_backend(%s, 30000)", (pid,)).fetchone() == (True,)

    def release(self) -> None:
        self.blocker.rollback()
        self.blocker.close()
        self.monitor.close()


def stored(target: str) -> dict[str, Any]:
    """What a user can read back from the store: its stories with their articles, and the counts."""
    with Store(target, read_only=True) as store:
        return {"stories": [(s.id, s.label, s.article_ids) for s in store.stories()], "counts": store.counts()}


def test_a_store_that_fails_mid_run_is_one_line_exit_3_and_keeps_what_was_stored(
    store_target: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sqlite_store, "BUSY_SECONDS", 1)
    first = storylens("run", SEED_DAILY_MAIL, "--db", store_target)
    assert first.exit_code == 0, first.output
    before = stored(store_target)
    assert len(before["stories"]) == 1

    breaker = PostgresBreaker(store_target) if is_postgres(store_target) else SQLiteBreaker(store_target)
    holder = Store(store_target)
    held, finished = threading.Event(), threading.Event()
    failures: list[BaseException] = []

    def break_the_store() -> None:
        try:
            with holder.clustering_lock():
                held.set()
                wait_until(breaker.run_waits_for_clustering, "the run waits for the clustering lock")
                breaker.block_writes()
            breaker.break_run()
        except BaseException as error:  # noqa: BLE001 - reported by the test's own thread below
            failures.append(error)
        finally:
            held.set()
            finished.wait(WAIT_SECONDS)
            breaker.release()

    helper = threading.Thread(target=break_the_store)
    helper.start()
    try:
        assert held.wait(WAIT_SECONDS)
        second = storylens("run", SEED_GUARDIAN, "--db", store_target)
    finally:
        finished.set()
        helper.join()
        holder.close()
    assert not failures, failures

    assert second.exit_code == 3, second.output
    assert isinstance(second.exception, SystemExit)
    assert "Traceback" not in second.output
    lines = second.stderr.strip().splitlines()
    assert len(lines) == 1, second.stderr
    problem = "terminating connection due to administrator command" if is_postgres(store_target) else "database is locked"
    assert lines[0] == (f"storylens: the store {target_name(store_target)} failed while writing: {problem}; what was stored before is kept")

    after = stored(store_target)
    assert after["stories"] == before["stories"], "the first run's stories are kept as they were"
    assert after["counts"]["articles"] == 2, "the second run's articles, stored before it failed, are kept"
    assert after["counts"]["unclustered"] == 1
    listed = storylens("stories", "--json", "--db", store_target)
    assert listed.exit_code == 0, listed.output


def test_a_bug_in_the_sql_stays_the_drivers_error(store_target: str) -> None:
    """Only the database failing becomes a StoreFailed: wrong SQL is a bug, and keeps its traceback."""
    with Store(store_target) as store:
        with pytest.raises(Exception) as raised:
            store.db.execute("SELEC 1")
        assert not isinstance(raised.value, StoreError)
        assert store.counts()["articles"] == 0, "the store goes on working"


def test_a_sqlite_store_locked_past_the_busy_wait_at_start_is_one_line_not_a_foreign_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another program holding the write lock longer than storylens waits is a store that failed
    while opening, exit 3; the file is a storylens store all the same, and keeps what it held."""
    monkeypatch.setattr(sqlite_store, "BUSY_SECONDS", 1)
    target = str(tmp_path / "s.db")
    assert storylens("ingest", SEED_DAILY_MAIL, "--db", target).exit_code == 0
    blocker = sqlite3.connect(target, isolation_level=None)
    blocker.execute("BEGIN EXCLUSIVE")
    try:
        refused = storylens("ingest", SEED_GUARDIAN, "--db", target)
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    assert refused.exit_code == 3, refused.output
    assert "Traceback" not in refused.output
    assert refused.stderr.strip().splitlines() == [
        f"storylens: the store {target} failed while opening: database is locked; what was stored before is kept"
    ]
    assert stored(target)["counts"]["articles"] == 1

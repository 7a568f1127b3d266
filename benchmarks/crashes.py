"""What killing `storylens ingest` needs, shared by tests/test_crash.py and benchmarks/reliability.py:
a corpus whose every article is distinct, the command as a separate process, kills at states of
the store seen from outside, and the checks a store must pass after a kill (sound) and after a run
to completion (nothing lost, nothing twice).

A kill is aimed at a state, never at a moment: on a busy machine a process killed after a fixed
delay may still be importing its libraries, and such a kill tests nothing. The watcher polls the
store read-only (and the kernel's lock table) until the state is there, then sends SIGKILL; a
run that ends, or takes too long, before the state is seen is "never reached", not a success.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

STORYLENS = Path(sys.executable).parent / "storylens"
OUTLETS = ["Harbour Gazette", "Northern Courier", "Valley Times"]
EVENTS = [
    ("Lisbon", "tram strike", "tram drivers", 41),
    ("Osaka", "warehouse fire", "firefighters", 63),
    ("Nairobi", "marathon record", "runners", 12),
    ("Quito", "volcano alert", "geologists", 7),
    ("Tromsø", "aurora festival", "photographers", 350),
    ("Cardiff", "rugby stadium vote", "councillors", 48),
    ("Hanoi", "metro opening", "commuters", 9000),
    ("Perth", "shark sighting", "lifeguards", 3),
    ("Montreal", "ice storm", "linemen", 1200),
    ("Gdańsk", "shipyard contract", "welders", 800),
    ("Cusco", "museum theft", "detectives", 14),
    ("Reykjavik", "geothermal leak", "engineers", 22),
    ("Dakar", "fishing ban", "fishermen", 5000),
    ("Tbilisi", "wine harvest", "growers", 260),
    ("Winnipeg", "flood barrier", "volunteers", 700),
    ("Bergen", "landslide", "rescuers", 31),
    ("Seville", "heatwave", "doctors", 45),
    ("Manila", "ferry delay", "passengers", 640),
    ("Zagreb", "earthquake drill", "pupils", 3000),
    ("Hobart", "ferry launch", "shipbuilders", 150),
]


def write_articles(folder: Path) -> list[Path]:
    """One short article per outlet and event, each worded differently so every id is new."""
    folder.mkdir()
    files = []
    for event_number, (city, event, people, count) in enumerate(EVENTS):
        for outlet_number, outlet in enumerate(OUTLETS):
            path = folder / f"{outlet.replace(' ', '_')}-{event_number:02d}.txt"
            path.write_text(
                f"{city} {event}: {people} respond as officials count {count}\n\n"
                f"The {event} in {city} drew {count} {people} on Monday, {outlet} reports.\n"
                f"Officials in {city} said the {event} would be reviewed by a panel next week.\n"
                f"Local {people} told {outlet} that the {event} had been expected for months.\n"
                f"The mayor of {city} promised a full statement on the {event} by Friday.\n"
                f"Report number {outlet_number} on the {city} {event} closes with {count + outlet_number} comments.\n",
                encoding="utf-8",
            )
            files.append(path)
    return files


def start_ingest(folder: Path, db: Path, niceness: int = 0) -> subprocess.Popen[bytes]:
    """``niceness`` slows the ingest against everything else on a busy machine, so that a watcher
    polling for a short stage still sees it."""
    return subprocess.Popen(
        [str(STORYLENS), "ingest", str(folder), "--db", str(db)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "COLUMNS": "200"},
        preexec_fn=(lambda: os.nice(niceness)) if niceness else None,  # noqa: PLW1509 -- no threads here
    )


REACH_SECONDS = 180.0
"""How long a watcher waits for a state: generous, since a loaded machine can take tens of
seconds to start the interpreter and import the libraries."""
POLL_SECONDS = 0.002
LOCKS = Path("/proc/locks")
"""The kernel's table of file locks (Linux): who holds the clustering lock, read without taking it."""
NEVER_REACHED = "no store: the run ended before it made one (the kill's state was never reached)"


def _read_only(db: Path) -> sqlite3.Connection | None:
    """A connection that can neither create the store nor write to it (no checkpoint on close
    either), or None while there is no store."""
    if not db.exists():
        return None
    return sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True, timeout=5)


def _count(db: Path, table: str) -> int:
    """Rows in `table`, read while the writer goes on (WAL); 0 while there is no store or table."""
    try:
        connection = _read_only(db)
        if connection is None:
            return 0
        try:
            return connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        finally:
            connection.close()
    except sqlite3.Error:  # no such table yet, or the schema being written
        return 0


def stored(db: Path) -> int:
    """Articles stored so far."""
    return _count(db, "articles")


def placed(db: Path) -> int:
    """Articles in a story so far, read while an ingest or a rebuild writes (WAL)."""
    return _count(db, "story_articles")


def holds_clustering_lock(db: Path, pid: int | None) -> bool:
    """Whether process `pid` holds the store's clustering lock: its cluster stage has begun."""
    lock = Path(f"{db}.cluster-lock")
    try:
        inode = lock.stat().st_ino
        table = LOCKS.read_text()
    except OSError:
        return False
    # "1: FLOCK  ADVISORY  WRITE 4711 fe:00:2155889 0 EOF"; a waiter's line has "->" after the number
    return any(
        fields[1:2] == ["FLOCK"] and fields[4:5] == [str(pid)] and fields[5].rsplit(":", 1)[-1] == str(inode)
        for fields in map(str.split, table.splitlines())
        if len(fields) > 5
    )


@dataclass(frozen=True)
class KillPoint:
    """A state of the store that an ingest passes through, and how to see it from outside."""

    name: str
    reached: Callable[[Path, int | None], bool]
    """(store, pid of the ingest) -> whether the state is there; pid None: before any run."""


def kill_points(articles: int) -> list[KillPoint]:
    """The states a first ingest of `articles` new articles passes through, in order, each one
    seen on the same store in its own run: the store file made (the schema being written), the
    articles stored (one batch: fewer than pipeline.INGEST_BATCH), the cluster stage begun."""
    clustering = (
        KillPoint("clustering started (lock taken)", holds_clustering_lock)
        if LOCKS.exists()
        else KillPoint("clustering started (a story made)", lambda db, pid: placed(db) > 0)
    )
    return [
        KillPoint("store file created", lambda db, pid: db.exists()),
        KillPoint(f"{articles} articles stored", lambda db, pid: stored(db) >= articles),
        clustering,
    ]


@dataclass
class Kill:
    """How a run aimed at a kill point ended."""

    point: KillPoint
    outcome: str
    """"killed" at the point; else why not: "already reached before the run", "exited before
    reaching it" or "timed out before reaching it"."""
    returncode: int | None
    stderr: str
    seconds: float

    @property
    def reached(self) -> bool:
        return self.outcome == "killed"

    def __str__(self) -> str:
        said = "\n".join(self.stderr.strip().splitlines()[-3:])
        return f"ingest {self.outcome}: {self.point.name} (exit {self.returncode} after {self.seconds:.1f} s)\n{said}".strip()


def kill_ingest_at(folder: Path, db: Path, point: KillPoint, niceness: int = 0, timeout: float = REACH_SECONDS) -> Kill:
    """Start `storylens ingest`, SIGKILL it once `point` is seen, and say whether that happened.

    The state must not hold before the run, or the kill would land while Python imports."""
    started = time.monotonic()
    if point.reached(db, None):
        return Kill(point, "already reached before the run", None, "", 0.0)
    process = start_ingest(folder, db, niceness)
    outcome = "exited before reaching it"
    while process.poll() is None:
        if point.reached(db, process.pid):
            process.send_signal(signal.SIGKILL)  # sends nothing if it has just exited
            outcome = "killed"
            break
        if time.monotonic() - started > timeout:
            process.kill()
            outcome = "timed out before reaching it"
            break
        time.sleep(POLL_SECONDS)
    _, stderr = process.communicate()
    if outcome == "killed" and process.returncode != -signal.SIGKILL:
        outcome = "exited just after reaching it"  # done before the signal came: nothing killed
    return Kill(point, outcome, process.returncode, stderr.decode(errors="replace"), time.monotonic() - started)


def soundness_problems(db: Path) -> list[str]:
    """What is wrong with the file after a kill: integrity or foreign key errors, half a schema
    (a kill before the first migration committed leaves none, which is sound), an empty story.
    No file at all is not sound: the kill came before the store was made, and tested nothing."""
    if not db.exists():
        return [NEVER_REACHED]
    connection = sqlite3.connect(db, timeout=30)
    try:
        problems = [row for (row,) in connection.execute("PRAGMA integrity_check") if row != "ok"]
        problems += [f"foreign key: {row}" for row in connection.execute("PRAGMA foreign_key_check")]
        tables = {name for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if tables <= {"schema_version"}:
            return problems
        missing = {"articles", "stories", "story_articles"} - tables
        if missing:
            return [*problems, f"half a schema: no {', '.join(sorted(missing))}"]
        empty = connection.execute("SELECT count(*) FROM stories WHERE id NOT IN (SELECT story_id FROM story_articles)")
        count = empty.fetchone()[0]
        return problems + ([f"{count} empty story(ies)"] if count else [])
    finally:
        connection.close()


def completeness(db: Path, files: list[Path]) -> tuple[int, int, int]:
    """(articles lost, articles stored twice, articles in no story or in more than one) after a
    run to completion over `files`, one article each."""
    connection = sqlite3.connect(db, timeout=30)
    try:
        sources = [Path(s).name for (s,) in connection.execute("SELECT source FROM articles")]
        lost = len({f.name for f in files} - set(sources))
        twice = len(sources) - len(set(sources))
        ids = {i for (i,) in connection.execute("SELECT id FROM articles")}
        memberships = dict(connection.execute("SELECT article_id, count(*) FROM story_articles GROUP BY article_id"))
        misplaced = sum(1 for i in ids if memberships.get(i) != 1)
        return lost, twice, misplaced
    finally:
        connection.close()

"""Crash safety and concurrency, for real: `storylens ingest` runs as a separate process that is
killed with SIGKILL at random moments, or that races a second one on the same store.

After every kill the store must be a sound SQLite file; run to completion afterwards, every
article must be stored exactly once and in exactly one story (analysis waits until a story is
compared, so ingest leaves none). Two ingests at once
must both succeed without "database is locked" and without duplicating anything.
(A kill during `storylens cluster --rebuild` is tested in tests/test_recluster.py.)
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

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
KILLS = 6
SEED = 20240601


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


def start_ingest(folder: Path, db: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [str(STORYLENS), "ingest", str(folder), "--db", str(db)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "COLUMNS": "200"},
    )


def assert_sound(db: Path) -> None:
    """The file passes integrity and foreign key checks, has its whole schema or none (a kill
    before the first migration committed), and no story is empty."""
    if not db.exists():
        return
    connection = sqlite3.connect(db, timeout=30)
    try:
        assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
        tables = {name for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if tables <= {"schema_version"}:
            return
        assert {"articles", "analyzed", "stories", "story_articles"} <= tables
        empty = connection.execute("SELECT count(*) FROM stories WHERE id NOT IN (SELECT story_id FROM story_articles)")
        assert empty.fetchone()[0] == 0
    finally:
        connection.close()


def assert_complete(db: Path, files: list[Path]) -> None:
    """Every file's article stored once and in exactly one story."""
    connection = sqlite3.connect(db, timeout=30)
    try:
        sources = [Path(s).name for (s,) in connection.execute("SELECT source FROM articles")]
        assert sorted(sources) == sorted(f.name for f in files)
        ids = [i for (i,) in connection.execute("SELECT id FROM articles")]
        assert len(ids) == len(set(ids)) == len(files)
        memberships = connection.execute(
            "SELECT article_id, count(*) FROM story_articles GROUP BY article_id"
        ).fetchall()
        assert sorted(a for a, _ in memberships) == sorted(ids)
        assert all(count == 1 for _, count in memberships)
    finally:
        connection.close()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Path]]:
    folder = tmp_path_factory.mktemp("corpus") / "articles"
    return folder, write_articles(folder)


def test_ingest_killed_at_random_moments_leaves_a_sound_store_that_completes(
    corpus: tuple[Path, list[Path]], tmp_path: Path
) -> None:
    folder, files = corpus
    db = tmp_path / "crash.db"
    rng = random.Random(SEED)
    killed = 0
    for _ in range(KILLS):
        process = start_ingest(folder, db)
        time.sleep(rng.uniform(1.0, 2.6))
        if process.poll() is None:
            process.send_signal(signal.SIGKILL)
            killed += 1
        process.communicate()
        assert_sound(db)
    assert killed >= KILLS // 2, "the run finished before most kills: raise the delays' range"

    final = start_ingest(folder, db)
    _, stderr = final.communicate(timeout=120)
    assert final.returncode == 0, stderr.decode()
    assert_sound(db)
    assert_complete(db, files)


def clustered(db: Path) -> int:
    """Articles placed in a story so far, read while the writer goes on (WAL)."""
    if not db.exists():
        return 0
    connection = sqlite3.connect(db, timeout=30)
    try:
        return connection.execute("SELECT count(*) FROM story_articles").fetchone()[0]
    except sqlite3.OperationalError:
        return 0
    finally:
        connection.close()


def test_ingest_killed_in_the_middle_of_clustering_completes_on_the_next_run(
    corpus: tuple[Path, list[Path]], tmp_path: Path
) -> None:
    """Random delays rarely land in the short cluster stage, so this kill waits for it."""
    folder, files = corpus
    db = tmp_path / "mid-cluster.db"
    process = start_ingest(folder, db)
    while process.poll() is None and clustered(db) == 0:
        time.sleep(0.005)
    process.send_signal(signal.SIGKILL)
    process.communicate()
    assert_sound(db)
    assert 0 < clustered(db) < len(files), "the kill missed the cluster stage"

    final = start_ingest(folder, db)
    _, stderr = final.communicate(timeout=120)
    assert final.returncode == 0, stderr.decode()
    assert_sound(db)
    assert_complete(db, files)


def test_two_ingests_at_once_on_one_store_neither_fail_nor_duplicate(
    corpus: tuple[Path, list[Path]], tmp_path: Path
) -> None:
    folder, files = corpus
    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir()
    second.mkdir()
    for number, path in enumerate(files):
        if number < 40:
            (first / path.name).write_bytes(path.read_bytes())
        if number >= 20:
            (second / path.name).write_bytes(path.read_bytes())
    db = tmp_path / "shared.db"

    processes = [start_ingest(first, db), start_ingest(second, db)]
    results = [process.communicate(timeout=120) for process in processes]
    for process, (_, stderr) in zip(processes, results):
        text = stderr.decode()
        assert process.returncode == 0, text
        assert "locked" not in text.lower(), text
    assert_sound(db)
    assert_complete(db, files)

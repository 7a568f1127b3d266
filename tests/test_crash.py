"""Crash safety and concurrency, for real: `storylens ingest` runs as a separate process that is
killed with SIGKILL at random moments, or that races a second one on the same store.

After every kill the store must be a sound SQLite file; run to completion afterwards, every
article must be stored exactly once and in exactly one story (analysis waits until a story is
compared, so ingest leaves none). Two ingests at once
must both succeed without "database is locked" and without duplicating anything.
(A kill during `storylens cluster --rebuild` is tested in tests/test_recluster.py.)
"""

from __future__ import annotations

import random
import signal
import sqlite3
import time
from pathlib import Path

import pytest

from benchmarks.crashes import completeness, soundness_problems, start_ingest, write_articles

KILLS = 6
SEED = 20240601


def assert_sound(db: Path) -> None:
    assert soundness_problems(db) == []


def assert_complete(db: Path, files: list[Path]) -> None:
    """Every file's article stored once and in exactly one story."""
    assert completeness(db, files) == (0, 0, 0)


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
    process = start_ingest(folder, db, niceness=15)
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

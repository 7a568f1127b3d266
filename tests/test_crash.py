"""Crash safety and concurrency, for real: `storylens ingest` runs as a separate process that is
killed with SIGKILL at each state it passes through, or that races a second one on the same store.

Each kill waits until its state is seen in the store (read-only) or in the kernel's lock table,
never for a fixed delay: on a busy machine a delay can end while Python still imports, and the
kill then tests nothing. A run that ends, or takes minutes, before its state is seen fails.
After every kill the store must be a sound SQLite file; run to completion afterwards, every
article must be stored exactly once and in exactly one story (analysis waits until a story is
compared, so ingest leaves none). Two ingests at once
must both succeed without "database is locked" and without duplicating anything.
(A kill during `storylens cluster --rebuild` is tested in tests/test_recluster.py.)
"""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.crashes import (
    KillPoint,
    completeness,
    kill_ingest_at,
    kill_points,
    placed,
    soundness_problems,
    start_ingest,
    stored,
    write_articles,
)


def assert_sound(db: Path) -> None:
    assert soundness_problems(db) == []


def assert_complete(db: Path, files: list[Path]) -> None:
    """Every file's article stored once and in exactly one story."""
    assert completeness(db, files) == (0, 0, 0)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Path]]:
    folder = tmp_path_factory.mktemp("corpus") / "articles"
    return folder, write_articles(folder)


def test_ingest_killed_at_each_state_it_passes_leaves_a_sound_store_that_completes(corpus: tuple[Path, list[Path]], tmp_path: Path) -> None:
    """One store, one run per state, in order: store file created, articles stored, clustering
    started; then a run to completion."""
    folder, files = corpus
    db = tmp_path / "crash.db"
    for point in kill_points(len(files)):
        kill = kill_ingest_at(folder, db, point)
        assert kill.reached, f"the kill tested nothing: {kill}"
        assert_sound(db)
    assert stored(db) == len(files)

    final = start_ingest(folder, db)
    _, stderr = final.communicate(timeout=300)
    assert final.returncode == 0, stderr.decode()
    assert_sound(db)
    assert_complete(db, files)


def test_ingest_killed_in_the_middle_of_clustering_completes_on_the_next_run(corpus: tuple[Path, list[Path]], tmp_path: Path) -> None:
    """The first batch of stories is written, the second not yet: a short moment, so the ingest
    runs at a low priority and the watcher catches it between the two."""
    folder, files = corpus
    db = tmp_path / "mid-cluster.db"
    kill = kill_ingest_at(folder, db, KillPoint("a story made", lambda db, pid: placed(db) > 0), niceness=15)
    assert kill.reached, f"the kill tested nothing: {kill}"
    assert_sound(db)
    assert 0 < placed(db) < len(files), "the kill missed the cluster stage"

    final = start_ingest(folder, db)
    _, stderr = final.communicate(timeout=300)
    assert final.returncode == 0, stderr.decode()
    assert_sound(db)
    assert_complete(db, files)


def test_a_kill_whose_state_never_comes_fails_instead_of_passing(corpus: tuple[Path, list[Path]], tmp_path: Path) -> None:
    """The watcher itself: a state the ingest never reaches is reported, and a store never made is
    not called sound."""
    folder, _ = corpus
    db = tmp_path / "never.db"
    kill = kill_ingest_at(folder, db, KillPoint("a million articles stored", lambda db, pid: stored(db) >= 10**6))
    assert not kill.reached and kill.outcome == "exited before reaching it" and kill.returncode == 0
    assert kill_ingest_at(folder, db, kill_points(1)[0]).outcome == "already reached before the run"
    assert soundness_problems(tmp_path / "missing.db") != []


def test_two_ingests_at_once_on_one_store_neither_fail_nor_duplicate(corpus: tuple[Path, list[Path]], tmp_path: Path) -> None:
    _, files = corpus
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
    results = [process.communicate(timeout=300) for process in processes]
    for process, (_, stderr) in zip(processes, results):
        text = stderr.decode()
        assert process.returncode == 0, text
        assert "locked" not in text.lower(), text
    assert_sound(db)
    assert_complete(db, files)

"""`storylens db check|vacuum|export|import` and `--strict`, driven through the CLI on real stores.

Export then import must give back the same stories (ids, labels, members, outlets, dates), and
importing again must change nothing; `--strict` must stop at the first bad input.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from storylens.store import Store
from tests.test_cli import LIBRARY_ARTICLE, SEED, copy_store, storylens

STORY_FIELDS = ("id", "label", "article_ids", "outlets", "first_seen", "last_seen")


def story_view(db: Path) -> list[dict]:
    """The stories as a user sees them, for comparing two stores."""
    with Store(db) as store:
        return [story.model_dump(include=set(STORY_FIELDS)) for story in store.stories()]


def article_records(db: Path) -> dict[str, str]:
    with Store(db) as store:
        return {i: r for i, r in store.db.execute("SELECT id, record FROM articles")}


@pytest.fixture(scope="module")
def pipeline_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed pair plus one unrelated article, ingested: two stories."""
    folder = tmp_path_factory.mktemp("inputs")
    (folder / "library.txt").write_text(LIBRARY_ARTICLE, encoding="utf-8")
    db = tmp_path_factory.mktemp("store") / "news.db"
    run = storylens("ingest", SEED, folder, "--db", db)
    assert run.code == 0, run.stderr
    return db


@pytest.fixture(scope="module")
def exported(pipeline_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("export") / "news.jsonl"
    run = storylens("db", "export", target, "--db", pipeline_store)
    assert run.code == 0, run.stderr
    assert "exported 3 article(s) and 2 story(ies)" in run.stderr
    return target


def test_export_is_a_header_then_articles_then_stories(exported: Path) -> None:
    lines = [json.loads(line) for line in exported.read_text(encoding="utf-8").splitlines()]
    assert lines[0]["type"] == "storylens-export" and lines[0]["format"] == 1
    assert [line["type"] for line in lines[1:]] == ["article"] * 3 + ["story"] * 2
    assert {line["article"]["title"] for line in lines[1:4]} >= {"Leeds Central Library reopens after a two-year restoration"}


def test_import_into_a_fresh_store_restores_the_same_stories_and_leaves_analysis_for_later(
    pipeline_store: Path, exported: Path, tmp_path: Path
) -> None:
    restored = tmp_path / "restored.db"
    run = storylens("db", "import", exported, "--db", restored)
    assert run.code == 0, run.stderr
    assert "3 new article(s), 0 already stored, 2 story(ies) restored, 0 already stored" in run.stdout

    original = story_view(pipeline_store)
    assert len(original) == 2
    assert story_view(restored) == original
    assert article_records(restored) == article_records(pipeline_store)
    check = storylens("db", "check", "--db", restored)
    assert check.code == 0, check.output
    assert "│ analysed       │      0 │" in check.stdout  # analysed when a story is first compared
    assert "│ unclustered    │      0 │" in check.stdout

    again = tmp_path / "again.jsonl"
    assert storylens("db", "export", again, "--db", restored).code == 0
    assert again.read_text(encoding="utf-8") == exported.read_text(encoding="utf-8")


def test_importing_twice_changes_nothing(pipeline_store: Path, exported: Path, tmp_path: Path) -> None:
    store = copy_store(pipeline_store, tmp_path / "copy.db")
    before = (story_view(store), article_records(store))
    run = storylens("db", "import", exported, "--db", store)
    assert run.code == 0, run.stderr
    assert "0 new article(s), 3 already stored, 0 story(ies) restored, 2 already stored" in run.stdout
    assert (story_view(store), article_records(store)) == before


def test_import_of_a_file_that_is_not_an_export_names_the_line(tmp_path: Path) -> None:
    bogus = tmp_path / "bogus.jsonl"
    bogus.write_text('{"type": "storylens-export", "format": 1}\n{"type": "article", "article": {"id": 3}}\n')
    run = storylens("db", "import", bogus, "--db", tmp_path / "s.db")
    assert run.code == 2
    assert "line 2: not an article" in run.stderr
    assert "Traceback" not in run.output


def test_check_reports_counts_and_exits_3_on_a_broken_store(pipeline_store: Path, tmp_path: Path) -> None:
    ok = storylens("db", "check", "--db", pipeline_store)
    assert ok.code == 0, ok.output
    for row in ("integrity      │     ok", "articles       │      3", "stories        │      2", "schema version"):
        assert row in ok.stdout

    broken = copy_store(pipeline_store, tmp_path / "broken.db")
    db = sqlite3.connect(broken)
    db.execute("INSERT INTO story_articles (article_id, story_id) VALUES ('no-such-article', 1)")
    db.commit()
    db.close()
    bad = storylens("db", "check", "--db", broken)
    assert bad.code == 3
    assert "foreign keys   │ 1 problem(s)" in bad.stdout
    assert "story_articles" in bad.stderr


def test_check_of_a_missing_store_does_not_create_one(tmp_path: Path) -> None:
    run = storylens("db", "check", "--db", tmp_path / "typo.db")
    assert run.code == 3
    assert not (tmp_path / "typo.db").exists()


def test_vacuum_prints_sizes_and_keeps_the_stories(pipeline_store: Path, tmp_path: Path) -> None:
    store = copy_store(pipeline_store, tmp_path / "copy.db")
    run = storylens("db", "vacuum", "--db", store)
    assert run.code == 0, run.stderr
    assert "bytes before" in run.stdout and "bytes after" in run.stdout
    assert story_view(store) == story_view(pipeline_store)


# --- --strict --------------------------------------------------------------------------------


@pytest.fixture
def inbox_with_a_bad_file(tmp_path: Path) -> Path:
    """Read in sorted order: a good article, an empty file, then another good article."""
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "a_library.txt").write_text(LIBRARY_ARTICLE, encoding="utf-8")
    (inbox / "b_empty.txt").write_bytes(b"")
    for name, seed in zip(("c_kim.txt", "d_kim.txt"), sorted(SEED.glob("*.txt"))):
        (inbox / name).write_bytes(seed.read_bytes())
    return inbox


@pytest.mark.parametrize("command", ["ingest", "run"])
def test_strict_stops_at_the_first_bad_input_keeping_what_came_before(
    inbox_with_a_bad_file: Path, tmp_path: Path, command: str
) -> None:
    db = tmp_path / "strict.db"
    run = storylens(command, inbox_with_a_bad_file, "--strict", "--db", db)
    assert run.code == 1
    skipped = [line for line in run.stderr.splitlines() if line.startswith("storylens: skipped ")]
    assert len(skipped) == 1 and "b_empty.txt" in skipped[0]
    assert "--strict" in run.stderr
    with Store(db) as store:
        stored = [source for (source,) in store.db.execute("SELECT source FROM articles")]
    assert [Path(s).name for s in stored] == ["a_library.txt"]


def test_without_strict_the_bad_input_is_skipped_and_the_rest_stored(inbox_with_a_bad_file: Path, tmp_path: Path) -> None:
    db = tmp_path / "lenient.db"
    run = storylens("ingest", inbox_with_a_bad_file, "--db", db)
    assert run.code == 1
    with Store(db) as store:
        assert store.count_articles() == 3


# --- a writer working from a stale read ------------------------------------------------------


def test_saving_a_story_for_an_article_another_process_already_placed_writes_nothing(tmp_path: Path) -> None:
    """Two ingests may both decide where the same article goes; the second decision is dropped."""
    from storylens.model import Story
    from tests.test_model import make_article

    article = make_article()
    with Store(tmp_path / "s.db") as store:
        store.add_articles([article])
        fresh = Story(id=0, label="first", article_ids=[article.id], outlets=[article.outlet.name])
        with store.transaction() as db:
            first = store.save_story(db, fresh, {})
        with store.transaction() as db:
            again = store.save_story(db, fresh.model_copy(update={"label": "stale"}), {})
        assert again == first
        assert [(s.id, s.label, s.article_ids) for s in store.stories()] == [(first, "first", [article.id])]

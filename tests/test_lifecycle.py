"""`storylens db check|vacuum|export|import` and `--strict`, driven through the CLI on real stores.

Export then import must give back the same stories (ids, labels, members, outlets, dates), and
importing again must change nothing; `--strict` must stop at the first bad input.
"""

from __future__ import annotations

import bz2
import gzip
import json
import re
import sqlite3
import zipfile
from pathlib import Path

import pytest

from storylens.cli import main
from storylens.model import Article
from storylens.store import Store
from tests.test_cli import LIBRARY_ARTICLE, SEED, copy_store, runner, storylens

STORY_FIELDS = ("id", "label", "article_ids", "outlets", "first_seen", "last_seen")


def story_view(db: str | Path) -> list[dict]:
    """The stories as a user sees them, for comparing two stores."""
    with Store(db) as store:
        return [story.model_dump(include=set(STORY_FIELDS)) for story in store.stories()]


def article_records(db: str | Path) -> dict[str, str]:
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


def test_export_is_a_header_then_articles_then_signatures_then_stories(exported: Path) -> None:
    lines = [json.loads(line) for line in exported.read_text(encoding="utf-8").splitlines()]
    assert lines[0]["type"] == "storylens-export" and lines[0]["format"] == 3
    assert [line["type"] for line in lines[1:]] == ["article"] * 3 + ["signature"] * 3 + ["story"] * 2
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


def test_a_store_moves_to_postgresql_and_back_with_the_same_stories(pipeline_store: Path, exported: Path, postgres, tmp_path: Path) -> None:
    """Export from SQLite, import into PostgreSQL, export again and import into a new SQLite file:
    every step keeps the stories, the articles byte for byte, and the export itself."""
    url = postgres.new_database()
    run = storylens("db", "import", exported, "--db", url)
    assert run.code == 0, run.stderr
    assert "3 new article(s), 0 already stored, 2 story(ies) restored, 0 already stored" in run.stdout
    assert story_view(url) == story_view(pipeline_store)
    assert article_records(url) == article_records(pipeline_store)
    check = storylens("db", "check", "--db", url)
    assert check.code == 0, check.output
    assert "│ stories        │      2 │" in check.stdout and "│ unclustered    │      0 │" in check.stdout

    back = tmp_path / "from-postgres.jsonl"
    assert storylens("db", "export", back, "--db", url).code == 0
    assert back.read_text(encoding="utf-8") == exported.read_text(encoding="utf-8")
    assert storylens("db", "import", back, "--db", tmp_path / "back.db").code == 0
    assert story_view(tmp_path / "back.db") == story_view(pipeline_store)
    vacuumed = storylens("db", "vacuum", "--db", url)
    assert vacuumed.code == 0 and "bytes before" in vacuumed.stdout
    assert story_view(url) == story_view(pipeline_store)


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


def one_line_refusal(run, naming: Path | str, code: int = 2) -> str:
    """The one stderr line of a refused command, which names `naming`."""
    assert run.code == code, run.output
    assert "Traceback" not in run.output
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1, run.stderr
    assert str(naming) in lines[0], lines[0]
    return lines[0]


# --- export to a place that cannot be written -----------------------------------------------


@pytest.mark.parametrize("where", ["missing folder", "under a file", "a folder"])
def test_export_to_a_file_that_cannot_be_written_is_one_line_and_exit_2(pipeline_store: Path, tmp_path: Path, where: str) -> None:
    (tmp_path / "notes.txt").write_text("not a folder\n", encoding="utf-8")
    (tmp_path / "folder").mkdir()
    target = {
        "missing folder": tmp_path / "nonexistent" / "x.jsonl",
        "under a file": tmp_path / "notes.txt" / "x.jsonl",
        "a folder": tmp_path / "folder",
    }[where]
    before = sorted(p.name for p in tmp_path.iterdir())
    run = storylens("db", "export", target, "--db", pipeline_store)
    line = one_line_refusal(run, target)
    if where != "a folder":  # click refuses a folder itself, naming it
        assert line.startswith(f"storylens: cannot write to {target}: "), line
    assert sorted(p.name for p in tmp_path.iterdir()) == before
    assert list((tmp_path / "folder").iterdir()) == []


# --- import of compressed and unreadable files -------------------------------------------------


@pytest.mark.parametrize("name", ["backup.jsonl.gz", "backup.jsonl"], ids=["gz suffix", "no gz suffix"])
def test_a_gzip_compressed_export_imports_like_the_plain_one(pipeline_store: Path, exported: Path, tmp_path: Path, name: str) -> None:
    packed = tmp_path / name
    packed.write_bytes(gzip.compress(exported.read_bytes()))
    restored = tmp_path / "restored.db"
    run = storylens("db", "import", packed, "--db", restored)
    assert run.code == 0, run.output
    assert "3 new article(s), 0 already stored, 2 story(ies) restored, 0 already stored" in run.stdout
    assert story_view(restored) == story_view(pipeline_store)
    assert article_records(restored) == article_records(pipeline_store)


def test_a_gzip_compressed_export_on_stdin_imports(pipeline_store: Path, exported: Path, tmp_path: Path) -> None:
    restored = tmp_path / "restored.db"
    result = runner().invoke(main, ["db", "import", "-", "--db", str(restored)], input=gzip.compress(exported.read_bytes()))
    assert result.exit_code == 0, result.output
    assert story_view(restored) == story_view(pipeline_store)


def unreadable_inputs(folder: Path, export: bytes) -> dict[str, tuple[Path, str]]:
    """Files `db import` cannot read, each with what its one line must say."""
    made = {
        "bzip2": ("backup.jsonl.bz2", bz2.compress(export), "bzip2-compressed"),
        "an image": ("backup.jsonl", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "line 1: not UTF-8 text"),
        "empty": ("empty.jsonl", b"", "line 1: not a storylens export"),
        "plain text": ("notes.jsonl", b"shopping list\n", "line 1: not a storylens export"),
    }
    inputs = {}
    for what, (name, content, message) in made.items():
        (folder / name).write_bytes(content)
        inputs[what] = (folder / name, message)
    with zipfile.ZipFile(folder / "backup.zip", "w") as archive:
        archive.writestr("backup.jsonl", export)
    inputs["zip"] = (folder / "backup.zip", "a zip archive")
    Store(folder / "store.db").close()
    inputs["a store"] = (folder / "store.db", "a SQLite database")
    inputs["missing"] = (folder / "missing.jsonl", "cannot read")
    (folder / "folder").mkdir()
    inputs["a folder"] = (folder / "folder", "cannot read")
    return inputs


@pytest.mark.parametrize("what", ["bzip2", "an image", "empty", "plain text", "zip", "a store", "missing", "a folder"])
def test_an_input_that_is_no_readable_export_is_one_line_and_no_store_is_made(exported: Path, tmp_path: Path, what: str) -> None:
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    path, message = unreadable_inputs(inputs, exported.read_bytes())[what]
    target = tmp_path / "new.db"
    run = storylens("db", "import", path, "--db", target)
    line = one_line_refusal(run, path)
    assert message in line, line
    assert not target.exists()


def test_a_bad_line_stops_the_import_keeping_the_articles_before_it(exported: Path, tmp_path: Path) -> None:
    lines = exported.read_text(encoding="utf-8").splitlines(keepends=True)
    assert [json.loads(line)["type"] for line in lines[:4]] == ["storylens-export"] + ["article"] * 3
    bogus = tmp_path / "cut.jsonl"
    bogus.write_text("".join(lines[:4]) + "{bad\n", encoding="utf-8")
    target = tmp_path / "s.db"
    line = one_line_refusal(storylens("db", "import", bogus, "--db", target), bogus)
    assert "line 5: invalid JSON" in line
    check = storylens("db", "check", "--db", target)
    assert "│ articles       │      3 │" in check.stdout
    assert "│ unclustered    │      3 │" in check.stdout  # `storylens cluster` groups them
    assert storylens("cluster", "--db", target).code == 0
    assert len(story_view(target)) == 2


@pytest.mark.parametrize("damage", ["not UTF-8", "gzip cut short"])
def test_a_damaged_line_further_on_is_named(exported: Path, tmp_path: Path, damage: str) -> None:
    content = exported.read_bytes()
    header_end = content.index(b"\n") + 1
    if damage == "not UTF-8":
        bad = tmp_path / "bad.jsonl"
        bad.write_bytes(content[:header_end] + b"\xff\xfe\n")
        expected = "line 2: not UTF-8 text"
    else:
        bad = tmp_path / "bad.jsonl.gz"
        packed = gzip.compress(content)
        bad.write_bytes(packed[: len(packed) // 2])
        expected = "cannot read the gzip data"
    line = one_line_refusal(storylens("db", "import", bad, "--db", tmp_path / "s.db"), bad)
    assert expected in line, line


# --- what the help says ------------------------------------------------------------------------


def test_export_help_says_when_the_analysis_is_made_again() -> None:
    helped = " ".join(storylens("db", "export", "--help").stdout.split())
    assert "recomputes" not in helped
    assert "restores the articles, stories, signatures and copy links" in helped
    assert "analysed when its story is first compared" in helped


def test_import_help_says_it_reads_gzip() -> None:
    helped = " ".join(storylens("db", "import", "--help").stdout.split())
    assert "gzip-compressed" in helped and "storylens db import backup.jsonl.gz" in helped


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


def test_check_of_a_postgresql_database_without_a_store_makes_no_tables(postgres) -> None:
    import psycopg

    url = postgres.new_database()
    run = storylens("db", "check", "--db", url)
    assert run.code == 3
    assert run.stderr.strip() == f"storylens: {url}: no such store; check --db, or make one with `storylens ingest PATH --db {url}`"
    with psycopg.connect(url) as connection:
        assert connection.execute("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'").fetchone() == (0,)


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
def test_strict_stops_at_the_first_bad_input_keeping_what_came_before(inbox_with_a_bad_file: Path, tmp_path: Path, command: str) -> None:
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


def test_saving_a_story_for_an_article_another_process_already_placed_writes_nothing(store_target: str) -> None:
    """Two ingests may both decide where the same article goes; the second decision is dropped."""
    from storylens.model import Story
    from tests.test_model import make_article

    article = make_article()
    with Store(store_target) as store:
        store.add_articles([article])
        fresh = Story(id=0, label="first", article_ids=[article.id], outlets=[article.outlet.name])
        with store.transaction():
            first = store.open_story(fresh, {})
        with store.transaction():
            again = store.open_story(fresh.model_copy(update={"label": "stale"}), {})
            joined = store.add_member(first, article.id)
        assert again is None and not joined
        assert [(s.id, s.label, s.article_ids) for s in store.stories()] == [(first, "first", [article.id])]


# --- wire copy links survive export and import ------------------------------------------------


def copy_links(store: Store) -> dict[str, str | None]:
    from storylens.cluster.duplicates import SCHEME

    return {article_id: original for article_id, _, _, original in store.signatures(SCHEME, None)}


def test_export_and_import_keep_signatures_and_copy_links_so_a_later_copy_is_still_found(tmp_path: Path, store_target: str) -> None:
    from io import StringIO

    from storylens.config import Settings
    from storylens.lifecycle import export_store, import_store
    from storylens.pipeline import cluster_pending
    from tests.duplicates_fixtures import agency, copies

    first, second, later = copies()
    original = agency()
    with Store(tmp_path / "wire.db") as store:
        store.add_articles([original, first, second])
        cluster_pending(store, Settings())
        links = copy_links(store)
        export = StringIO()
        result = export_store(store, export)
        stories = story_view(tmp_path / "wire.db")
    assert links == {original.id: None, first.id: original.id, second.id: original.id}
    assert result.signatures == 3
    lines = [json.loads(line) for line in export.getvalue().splitlines()]
    assert [line["type"] for line in lines] == ["storylens-export"] + ["article"] * 3 + ["signature"] * 3 + ["story"]
    assert {line["copy_of"]["similarity"] > 0.7 for line in lines[4:7] if line["copy_of"]} == {True}

    with Store(store_target) as restored:
        imported = import_store(restored, export.getvalue().splitlines(keepends=True))
        assert imported.signatures == 3
        assert copy_links(restored) == links
        assert story_view(store_target) == stories
        assert restored.original_of(first.id) == original.id

        restored.add_articles([later])
        cluster_pending(restored, Settings())
        assert restored.original_of(later.id) == original.id
        again = import_store(restored, export.getvalue().splitlines(keepends=True))
        assert (again.added, again.stories_restored) == ([], 0)
        assert copy_links(restored) == {**links, later.id: original.id}


def test_an_export_of_format_1_without_signatures_still_imports(exported: Path, tmp_path: Path) -> None:
    lines = exported.read_text(encoding="utf-8").splitlines(keepends=True)
    old = [line.replace('"format": 3', '"format": 1') for line in lines if '"type": "signature"' not in line]
    assert old[0].startswith('{"type": "storylens-export", "format": 1')
    (tmp_path / "old.jsonl").write_text("".join(old), encoding="utf-8")
    run = storylens("db", "import", tmp_path / "old.jsonl", "--db", tmp_path / "s.db")
    assert run.code == 0, run.output
    assert "3 new article(s), 0 already stored, 2 story(ies) restored" in run.stdout


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ('{"type": "signature", "article_id": "nope", "scheme": "s", "minhash": "AAAA", "copy_of": null}', "not in the file: nope"),
        ('{"type": "signature", "article_id": 5, "scheme": "s", "minhash": "AAAA", "copy_of": null}', "a signature needs"),
        ('{"type": "signature", "article_id": "x", "scheme": "s", "minhash": "not base64!", "copy_of": null}', "a signature needs"),
        ('{"type": "signature", "article_id": "x", "scheme": "s", "minhash": "AAAA", "copy_of": [1]}', "a signature needs"),
    ],
    ids=["unknown article", "id not a string", "bad base64", "bad copy link"],
)
def test_a_bad_signature_line_is_named_and_nothing_of_it_written(tmp_path: Path, line: str, message: str) -> None:
    bogus = tmp_path / "bogus.jsonl"
    bogus.write_text('{"type": "storylens-export", "format": 2}\n' + line + "\n", encoding="utf-8")
    run = storylens("db", "import", bogus, "--db", tmp_path / "s.db")
    assert run.code == 2
    assert "line 2: " in run.stderr and message in run.stderr
    assert "Traceback" not in run.output


# --- migrations from every earlier schema -----------------------------------------------------


def old_store(path: Path, version: int) -> Article:
    """A store built by the first `version` migrations only, holding rows shaped as that version
    wrote them (article records without the fields added since); returns its article."""
    from storylens.store.sqlite import MIGRATIONS, _text_key_of_record
    from tests.conftest import make_article

    article = make_article("Harbour Gazette", "Storm closes ports", ["Ships stayed in harbour on Monday."])
    record = json.loads(article.model_dump_json())
    del record["language"]
    db = sqlite3.connect(path)
    db.create_function("storylens_text_key", 1, _text_key_of_record, deterministic=True)
    for migration in MIGRATIONS[:version]:
        db.executescript(migration)
    db.execute("CREATE TABLE schema_version (version INTEGER NOT NULL)")
    db.execute("INSERT INTO schema_version VALUES (?)", (version,))
    db.execute(
        "INSERT INTO articles (id, outlet, published, source, record) VALUES (?, ?, ?, ?, ?)",
        (article.id, article.outlet.name, article.published.isoformat(), article.source, json.dumps(record)),
    )
    db.execute("INSERT INTO stories (id, label, first_seen, last_seen, profile) VALUES (7, 'Storm', NULL, NULL, '{}')")
    db.execute("INSERT INTO story_articles (article_id, story_id) VALUES (?, 7)", (article.id,))
    if version >= 2:
        db.execute("INSERT INTO embeddings (model, text_hash, vector) VALUES ('m', 'h', ?)", (bytes(16),))
    db.commit()
    db.close()
    return article


def earlier_versions() -> list[int]:
    from storylens.store import SCHEMA_VERSION

    return list(range(1, SCHEMA_VERSION))


@pytest.mark.parametrize("version", earlier_versions())
def test_a_store_of_every_earlier_schema_opens_migrated_with_its_data(tmp_path: Path, version: int) -> None:
    from storylens.store import SCHEMA_VERSION

    article = old_store(tmp_path / "old.db", version)
    with Store(tmp_path / "old.db") as store:
        assert store.schema_version() == SCHEMA_VERSION
        assert store.article(article.id) == article
        assert store.article(article.id).language == "en"
        assert [(s.id, s.label, s.article_ids) for s in store.stories()] == [(7, "Storm", [article.id])]
        if version >= 2:
            assert list(store.embeddings("m", ["h"])) == ["h"]
        assert store.integrity_problems() == [] and store.foreign_key_problems() == []
        with store.transaction():
            store.save_signature(article.id, "scheme", b"minhash")
    check = storylens("db", "check", "--db", tmp_path / "old.db")
    assert check.code == 0, check.output
    assert re.search(rf"schema version\s+│\s+{SCHEMA_VERSION}\s+│", check.stdout), check.stdout

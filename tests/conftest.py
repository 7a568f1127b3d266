"""Shared fixtures: the seed pair run once through the real pipeline, and article builders."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from storylens.config import Settings
from storylens.model import Article, Outlet, StoryReport, article_id
from storylens.pipeline import analyze_pending, cluster_pending, ingest, story_report
from storylens.store import Store
from tests.postgres_server import Server, running_server, server_bin

SEED = Path(__file__).resolve().parents[1] / "examples" / "seed-pair"
DAILY_MAIL = "000_4044de4b10530389"
GUARDIAN = "002_aa8b4faea0fba326"
SEED_DAILY_MAIL = SEED / f"{DAILY_MAIL}.txt"
SEED_GUARDIAN = SEED / f"{GUARDIAN}.txt"


def make_article(outlet: str, title: str, body: list[str], published: datetime | None = None) -> Article:
    return Article(
        id=article_id(outlet, title, body),
        outlet=Outlet(name=outlet),
        title=title,
        body=body,
        published=published or datetime(2023, 9, 17, tzinfo=UTC),
        source=f"{outlet}.txt",
    )


def run_pipeline(store: Store, articles: list[Article]) -> list[int]:
    """Store, analyse and cluster; returns the ids of the stories that changed."""
    store.add_articles(articles)
    analyze_pending(store, Settings())
    return cluster_pending(store, Settings())


def spending_bill(ledger_line: str, wire_line: str) -> list[Article]:
    """Two outlets' articles on one House vote, each with a line of its own after the shared lead."""
    return [
        make_article(
            "Capitol Ledger",
            "House passes spending bill",
            ["The House passed a $1.2 trillion spending bill on Friday after a week of talks.", ledger_line],
        ),
        make_article(
            "Federal Wire",
            "Spending bill clears the House",
            ["The House approved a $1.2 trillion spending bill on Friday after a week of negotiations.", wire_line],
        ),
    ]


def one_story_report(db: Path, articles: list[Article]) -> StoryReport:
    """The report of the one story the articles make, through the real pipeline."""
    with Store(db) as store:
        (story,) = run_pipeline(store, articles)
        return story_report(store, story, Settings())


def ingested_story_report(db: Path, inputs: list[Path]) -> StoryReport:
    """The report of the one story the inputs make, read from files as `storylens ingest` reads them."""
    with Store(db) as store:
        ingest(store, inputs)
        analyze_pending(store, Settings())
        (story_id,) = cluster_pending(store, Settings())
        return story_report(store, story_id, Settings())


@pytest.fixture(scope="session")
def seed_report(tmp_path_factory: pytest.TempPathFactory) -> StoryReport:
    return ingested_story_report(tmp_path_factory.mktemp("seed") / "seed.db", [SEED])


@pytest.fixture(scope="session")
def postgres() -> Iterator[Server]:
    """One PostgreSQL server for the session, in a temporary folder."""
    bin_dir = server_bin()
    if bin_dir is None:
        pytest.skip("PostgreSQL is not installed: no initdb on PATH or under /usr/lib/postgresql/*/bin")
    with running_server(bin_dir) as server:
        yield server


@pytest.fixture(params=["sqlite", "postgresql"])
def store_target(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Where a test's new store lives: a SQLite file, or a new database on the session's server."""
    if request.param == "sqlite":
        return str(tmp_path / "s.db")
    return request.getfixturevalue("postgres").new_database()

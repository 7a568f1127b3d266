"""SQLite and PostgreSQL are two homes for the same store: one input through each gives the same
stories, the same story list, and the same report JSON."""

from __future__ import annotations

from pathlib import Path

import pytest

from storylens.config import Settings
from storylens.pipeline import analyze_pending, cluster_pending, ingest, story_report
from storylens.store import Store, StoryFilter
from tests.conftest import SEED
from tests.test_cli import LIBRARY_ARTICLE


def outcome(target: str | Path, inputs: list[Path]) -> dict:
    """What a user sees of a store after ingesting `inputs`: stories, the list, every report."""
    with Store(target) as store:
        ingest(store, list(inputs))
        analyze_pending(store, Settings())
        cluster_pending(store, Settings())
        stories = store.stories()
        total, rows = store.story_list(StoryFilter(by_size=True), offset=0, limit=10)
        return {
            "stories": [story.model_dump() for story in stories],
            "list": (total, rows),
            "searched": store.story_list(StoryFilter(words=[{"library"}]), offset=0, limit=10),
            "reports": {story.id: story_report(store, story.id, Settings()).model_dump_json() for story in stories},
        }


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    folder = tmp_path_factory.mktemp("inputs")
    (folder / "library.txt").write_text(LIBRARY_ARTICLE, encoding="utf-8")
    return [SEED, folder]


def test_the_same_input_gives_the_same_stories_list_and_reports_on_both_backends(inputs, postgres, tmp_path) -> None:
    on_sqlite = outcome(tmp_path / "s.db", inputs)
    on_postgres = outcome(postgres.new_database(), inputs)
    assert len(on_sqlite["stories"]) == 2 and on_sqlite["list"][0] == 2
    assert on_sqlite["searched"][0] == 1 and on_sqlite["searched"][1][0].label.startswith("Leeds Central Library")
    assert on_postgres == on_sqlite


def test_the_story_list_filters_alike_on_both_backends(inputs, postgres, tmp_path) -> None:
    """Every filter of the web page's list, read as each backend's SQL, picks the same stories."""
    from datetime import UTC, datetime

    from storylens.model import OutletInfo

    targets = [str(tmp_path / "s.db"), postgres.new_database()]
    answers = []
    for target in targets:
        with Store(target) as store:
            ingest(store, list(inputs))
            cluster_pending(store, Settings())
            store.set_outlet_info([OutletInfo(name="Daily Mail", lean="right")])
            _, everything = store.story_list(StoryFilter(), offset=0, limit=10)
            entity = everything[0].entities[0]
            outlet = everything[0].outlets[0]
            filters = [
                StoryFilter(entity=entity),
                StoryFilter(outlet=outlet),
                StoryFilter(since=datetime(2030, 1, 1, tzinfo=UTC)),
                StoryFilter(before=datetime(2000, 1, 1, tzinfo=UTC)),
                StoryFilter(only=[everything[-1].id]),
                StoryFilter(words=[{"library"}, {"nothing-like-this"}]),
            ]
            answers.append(
                {
                    "all": everything,
                    "filtered": [store.story_list(f, offset=0, limit=10) for f in filters],
                    "second page": store.story_list(StoryFilter(), offset=1, limit=1),
                    "leans": store.outlet_leans(),
                    "outlets": store.outlet_names(),
                }
            )
    sqlite, postgresql = answers
    assert [total for total, _ in sqlite["filtered"]] == [1, 1, 0, 0, 1, 0]
    assert sqlite["leans"] == {"Daily Mail": "right"}
    assert postgresql == sqlite

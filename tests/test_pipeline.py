"""The sequences `pipeline.py` owns: analysis shared with a worker process gives what one process
gives, a story already analysed is compared without analysing again, and an upload analyses only
the stories it changed."""

from __future__ import annotations

import json
from pathlib import Path

from storylens.config import Settings
from storylens.framing import stored_name
from storylens.pipeline import analyze_pending, ingest, ingest_and_cluster, story_report, upload
from storylens.store import Store
from tests.conftest import SEED


def analysed_records(store: Store) -> list[str]:
    ids = sorted(a for s in store.stories() for a in s.article_ids)
    return [item.model_dump_json() for item in store.analyzed(ids, stored_name(Settings().models.framing_model))]


def test_a_worker_process_analyses_as_this_process_does(tmp_path: Path) -> None:
    """One article a batch: the seed pair's two batches go one here, one to a worker."""
    settings = Settings()
    with Store(tmp_path / "alone.db") as alone, Store(tmp_path / "shared.db") as shared:
        for store in (alone, shared):
            ingest_and_cluster(store, [SEED], settings)
        assert analyze_pending(alone, settings.updated(analysis_processes=1)) == 2
        assert analyze_pending(shared, settings.updated(analysis_processes=2, analysis_batch=1)) == 2
        assert analysed_records(alone) == analysed_records(shared)
        assert alone.counts()["analysed"] == shared.counts()["analysed"] == 2


def test_a_story_analysed_before_is_compared_without_analysing_again(tmp_path: Path) -> None:
    settings = Settings()
    with Store(tmp_path / "s.db") as store:
        (story_id,) = ingest_and_cluster(store, [SEED], settings).stories
        first = story_report(store, story_id, settings)
        assert analyze_pending(store, settings) == 0
        assert story_report(store, story_id, settings) == first


def test_an_upload_analyses_its_own_stories_and_no_backlog(tmp_path: Path) -> None:
    """Articles another command stored and left unanalysed stay so; the upload's story is analysed."""
    settings = Settings()
    upload_file = tmp_path / "upload.jsonl"
    upload_file.write_text(
        json.dumps(
            {"title": "Floods close the coast road", "text": "Floods closed the coast road on Monday, police said.", "outlet": "Coast News"}
        )
        + "\n",
        encoding="utf-8",
    )
    with Store(tmp_path / "s.db") as store:
        ingest(store, [SEED])
        placed = upload(store, [upload_file], settings)
        assert len(placed.ingest.added) == 1
        assert store.unanalyzed_of(placed.ingest.added, stored_name(settings.models.framing_model)) == []
        assert len(store.unanalyzed_articles(stored_name(settings.models.framing_model))) == 2

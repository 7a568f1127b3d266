"""What the routes share: the server's options, the report cache, and a lock around the models.

Every route reaches these through `app_state(request)` and opens its own read-only connection
through `reader(request)`, so no connection is ever shared between two requests.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from fastapi import Request

from storylens.analyze.nlp import load_pipeline
from storylens.config import Settings
from storylens.model import StoryReport
from storylens.pipeline import story_report
from storylens.store import Store, open_store
from storylens.web.queries import query_terms

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
"""The largest request body the server reads; anything longer is answered 413."""
CACHED_REPORTS = 256
"""Story reports kept in memory; a report is some tens of kilobytes."""


@dataclass(frozen=True)
class ServerConfig:
    """How `storylens serve` was started."""

    db_path: str | Path
    """A SQLite file, or a postgresql:// URL."""
    host: str = "127.0.0.1"
    port: int = 8000
    allow_ingest: bool = False
    max_upload_bytes: int = MAX_UPLOAD_BYTES
    settings: Settings = field(default_factory=Settings.from_env)


class ReportCache:
    """Story reports by story id and member articles, most recently used kept.

    Comparing a story takes about a second (more when its articles were never analysed: the
    read-only store cannot keep an analysis, so it is made in memory for the report), a lookup
    microseconds. The key holds the story's
    article ids, so a story that an upload (or a concurrent `storylens ingest`) grows is compared
    again on its next view, and a stale report is never shown.
    """

    def __init__(self, settings: Settings, models: threading.Lock, capacity: int = CACHED_REPORTS) -> None:
        self.settings = settings
        self.capacity = capacity
        self._models = models
        self._lock = threading.Lock()
        self._reports: OrderedDict[tuple[int, tuple[str, ...]], StoryReport] = OrderedDict()

    def get(self, store: Store, story_id: int) -> StoryReport:
        """The story's report, computed on the first view; KeyError when there is no such story."""
        key = (story_id, tuple(store.story(story_id).article_ids))
        if (report := self._cached(key)) is not None:
            return report
        with self._models:
            if (report := self._cached(key)) is None:
                report = story_report(store, story_id, self.settings, keep=False)
        with self._lock:
            self._reports[key] = report
            while len(self._reports) > self.capacity:
                self._reports.popitem(last=False)
        return report

    def _cached(self, key: tuple[int, tuple[str, ...]]) -> StoryReport | None:
        with self._lock:
            report = self._reports.get(key)
            if report is not None:
                self._reports.move_to_end(key)
            return report


@dataclass
class AppState:
    """The server's shared objects; `models` serialises every use of the spaCy and ONNX models,
    which are loaded once per process and not documented as safe to call from two threads."""

    config: ServerConfig
    models: threading.Lock
    reports: ReportCache

    @classmethod
    def of(cls, config: ServerConfig) -> AppState:
        models = threading.Lock()
        return cls(config, models, ReportCache(config.settings, models))

    def search_terms(self, text: str) -> list[set[str]]:
        """The words of a story search, read by the spaCy model under the models lock."""
        if not text.strip():
            return []
        with self.models:
            return query_terms(text, load_pipeline(self.config.settings.models.spacy_model))


def app_state(request: Request) -> AppState:
    """The state of the app serving `request` (a FastAPI dependency)."""
    return request.app.state.storylens


def reader(request: Request) -> Iterator[Store]:
    """A read-only connection for one request, closed when the response is sent."""
    store = open_store(app_state(request).config.db_path, read_only=True)
    try:
        yield store
    finally:
        store.close()

"""The Ray engine (`storylens run --engine ray`): the stages' kernels on a Ray cluster's workers.

Only the heavy maps leave this process: reading the input files (one task per file), the
analysis (batches of articles on an actor pool, each actor loading the models once) and the
comparison (one story per call, on the same actors). The driver keeps the pipeline's sequences,
clusters in date order, and writes every record to the store in the order of the inputs, so a run
on Ray stores what a local run stores. Each map keeps a bounded window of calls in flight and
takes their results in the order it made them: the memory of the driver and of each worker stays
flat however large the input, and a slow call holds back at most a window's results.

Plain Ray tasks and actors, not Ray Data: the work is a few ordered maps whose results go to one
writer, which a window of calls covers, and Ray Data would add pyarrow and pandas to install.
"""

from __future__ import annotations

import logging
import os
import socket
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from storylens.config import Settings
from storylens.model import AnalyzedArticle, Article, OutletInfo, Problem, Story
from storylens.pipeline import (
    Analyses,
    HeldVectors,
    Models,
    Progress,
    StoredEncoder,
    analysis_of,
    analyzed_articles,
    comparison,
    report_key,
    text_key,
)
from storylens.store import Store

if TYPE_CHECKING:
    import numpy as np

    from storylens.ingest.outlet import UserOutlets

T = TypeVar("T")

CALLS_PER_WORKER = 2
"""Calls in flight per worker: one running and one waiting, so that no worker idles while the
driver stores a result, and no more than that waits in memory."""

HEAD_TIMEOUT = 10.0
"""Seconds to wait for the head of a cluster named by --address to answer."""


class EngineUnavailable(Exception):
    """Ray is not installed, or the cluster named cannot be reached."""


@contextmanager
def ray_engine(address: str | None = None, workers: int | None = None) -> Iterator[RayEngine]:
    """A Ray engine on the cluster at `address`, or on a local cluster of `workers` CPUs (this
    machine's cores by default) started now and stopped after. A process already connected to Ray
    (a test's cluster) keeps its connection. Ray is asked to send no usage statistics and to start
    no dashboard: storylens reaches no network but the cluster's."""
    try:
        import ray
    except ImportError:
        raise EngineUnavailable("--engine ray needs Ray, which is not installed: pip install 'storylens[ray]'") from None
    os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
    started = not ray.is_initialized()
    if started:
        _connect(ray, address, workers)
    try:
        engine = RayEngine(workers or int(ray.cluster_resources().get("CPU", 1)))
        try:
            yield engine
        finally:
            engine.close()
    finally:
        if started:
            ray.shutdown()


def _connect(ray: Any, address: str | None, workers: int | None) -> None:
    quiet = {"logging_level": logging.ERROR, "log_to_driver": True}
    try:
        if address:
            _answers(address)
            ray.init(address=address, **quiet)
        else:
            ray.init(num_cpus=workers or os.cpu_count() or 1, include_dashboard=False, **quiet)
    except (OSError, RuntimeError, ValueError) as error:
        where = f"the Ray cluster at {address}" if address else "a local Ray cluster"
        reason = error.strerror if isinstance(error, OSError) and error.strerror else _first_line(error)
        raise EngineUnavailable(f"cannot reach {where}: {reason.lower()}") from None


def _answers(address: str) -> None:
    """Raise ConnectionError at once when nothing listens at the cluster's head: Ray itself retries
    an unreachable head for minutes. "auto" (the cluster `ray start` made on this machine) is
    left to Ray."""
    if address == "auto":
        return
    host, _, port = address.split("://")[-1].rpartition(":")
    if not host or not port.isdigit():
        raise ValueError(f"{address!r} is not HOST:PORT")
    with socket.create_connection((host, int(port)), timeout=HEAD_TIMEOUT):
        pass


def _first_line(error: Exception) -> str:
    return (str(error).strip().splitlines() or [type(error).__name__])[0]


class RayEngine:
    """`pipeline.Engine` on the Ray cluster this process is connected to, with `workers` actors."""

    def __init__(self, workers: int) -> None:
        import ray

        self.workers = max(workers, 1)
        self._read = ray.remote(num_cpus=1)(_read_file)
        self._actors: list[Any] = []
        self._settings: Settings | None = None

    def read(self, paths: list[str | Path], outlet: str | None, named: str | None, users: UserOutlets) -> Iterator[Article | Problem]:
        """One task per file; a path that cannot be read is named as it is met, in its place."""
        import ray

        from storylens.ingest.inputs import input_files

        def submit(found: Path | Problem, _: int) -> Any:
            return ray.put([found]) if isinstance(found, Problem) else self._read.remote(found, outlet, named, users)

        for _, read in self._in_order(input_files(paths), submit):
            yield from read

    def analyses(self, batches: list[list[Article]], models: Models) -> Analyses:
        actors = self._pool(models.settings)
        for _, done in self._in_order(batches, lambda batch, n: actors[n % len(actors)].analysis.remote(batch)):
            yield done

    def compare(self, store: Store, story_ids: list[int], settings: Settings, progress: Progress = lambda _: None) -> None:
        """The stories whose report the store does not keep yet, each compared on a worker from its
        analysed articles and their vectors, sent from the store; the reports (and any vector a
        worker had to make) are kept here."""
        from storylens.analyze.vectors import vector_requests

        described = store.outlet_info()
        models = Models(settings)
        encoder = settings.models.sentence_encoder
        actors = self._pool(settings)

        def todo() -> Iterator[tuple[int, str, Story]]:
            for story_id in story_ids:
                story = store.story(story_id)
                key = report_key(story, described, settings)
                if store.stored_report(story_id, key) is None:
                    yield story_id, key, story
                else:
                    progress(1)

        def submit(work: tuple[int, str, Story], n: int) -> Any:
            story = work[2]
            items = analyzed_articles(store, story.article_ids, models)
            known = store.embeddings(encoder, sorted({text_key(t) for t in vector_requests(items)}))
            return actors[n % len(actors)].compare.remote(story, items, known, described)

        for (story_id, key, _), (report, fresh) in self._in_order(todo(), submit):
            if fresh:
                store.save_embeddings(encoder, fresh)
            store.keep_report(story_id, key, report)
            progress(1)

    def _pool(self, settings: Settings) -> list[Any]:
        """The actors, one a worker, started for these settings (again when they change)."""
        import ray

        if self._settings != settings:
            self.close()
            worker = ray.remote(num_cpus=1)(Worker)
            self._actors = [worker.remote(settings) for _ in range(self.workers)]
            self._settings = settings
        return self._actors

    def close(self) -> None:
        """Free the actors' CPUs now. A process that stays connected to the cluster (a test's, a
        notebook's) would otherwise keep them until the last handle is collected, and a later
        run's tasks would wait for those CPUs for ever."""
        import ray

        for actor in self._actors:
            ray.kill(actor)
        self._actors, self._settings = [], None

    def _in_order(self, work: Iterable[T], submit: Callable[[T, int], Any]) -> Iterator[tuple[T, Any]]:
        """Each piece of work with its result, in the order of `work`, with at most a window of
        calls in flight; calls still waiting when the caller stops early are cancelled."""
        import ray

        window = self.workers * CALLS_PER_WORKER
        pending: deque[tuple[T, Any]] = deque()
        try:
            for n, piece in enumerate(work):
                pending.append((piece, submit(piece, n)))
                if len(pending) >= window:
                    piece, call = pending.popleft()
                    yield piece, ray.get(call)
            while pending:
                piece, call = pending.popleft()
                yield piece, ray.get(call)
        finally:
            for _, call in pending:
                ray.cancel(call)


def _read_file(path: Path, outlet: str | None, named: str | None, users: UserOutlets) -> list[Article | Problem]:
    """One file's articles and problems, read on a worker (`ingest.read_file`)."""
    from storylens.ingest.inputs import read_file

    return list(read_file(path, outlet, named, users))


class Worker:
    """A Ray actor holding the models, loaded on first use, once: it analyses batches of articles
    and compares stories, with one thread each so that the actors of a node share its cores."""

    def __init__(self, settings: Settings) -> None:
        self.models = Models(settings, threads=1)

    def analysis(self, batch: list[Article]) -> tuple[list[AnalyzedArticle], dict[str, np.ndarray]]:
        return analysis_of(batch, self.models)

    def compare(
        self, story: Story, items: list[AnalyzedArticle], known: dict[str, np.ndarray], described: list[OutletInfo]
    ) -> tuple[str, dict[str, np.ndarray]]:
        """The story's report as JSON, and the vectors the worker made for texts not sent to it."""
        held = HeldVectors(known)
        report = comparison(story, items, StoredEncoder(self.models, held), described, self.models.settings)
        return report.model_dump_json(), held.fresh

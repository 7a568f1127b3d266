"""The pipeline's stages run against a store: ingest → cluster → analyze → compare.

This module owns every sequence of stages and the lock that serialises clustering: the CLI, the
web upload, the lifecycle commands and the tests call these functions and run no stage of their
own, so each stage's contract with the store is written once. Clustering reads only the
articles' text (a cheap sketch of each, and the vectors of its headline and lead), so it keeps up
with ingest; the analysis (one parse, the
framing spans, the sentence vectors) costs most of a run and is made for the stories that are
compared, the first time each is, and kept in the store for the next time.
"""

from __future__ import annotations

import hashlib
import json
import logging
import multiprocessing
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from functools import cache, cached_property
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

import numpy as np

from storylens.config import Settings
from storylens.framing import stored_name
from storylens.model import (
    REPORT_SCHEMA_VERSION,
    AnalyzedArticle,
    Article,
    OutletInfo,
    OutletListing,
    OutletRecord,
    Problem,
    Story,
    StoryReport,
)
from storylens.store import Store

if TYPE_CHECKING:
    from spacy.language import Language

    from storylens.analyze.embeddings import SentenceEncoder
    from storylens.cluster import ClusterStats
    from storylens.framing import FramingModel
    from storylens.ingest.fetch import Fetcher
    from storylens.ingest.outlet import UserOutlets
    from storylens.ingest.watch import Entry, Poll
    from storylens.store import FeedItem

Analyses = Iterator[tuple[list[AnalyzedArticle], dict[str, np.ndarray]]]
"""Each batch's analysed articles with the vectors of their sentences and clauses, by text key."""

INGEST_BATCH = 200
"""Articles written per transaction: a crash loses at most one batch, never half of one."""

Progress = Callable[[int], None]
log = logging.getLogger("storylens")


def _no_progress(_: int) -> None:
    return None


@dataclass
class IngestResult:
    added: list[str] = field(default_factory=list)
    known: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def keep(self, store: Store, batch: list[Article]) -> None:
        """Store a batch of articles in one transaction and count which were new."""
        self.keep_with(store, batch, [])

    def keep_with(self, store: Store, batch: list[Article], feed_items: list[FeedItem]) -> None:
        """`keep`, with the records of the feed items the articles came from in the same transaction."""
        if batch:
            new_ids = set(store.add_articles(batch, feed_items))
            self.added += [a.id for a in batch if a.id in new_ids]
            self.known += [a.id for a in batch if a.id not in new_ids]


def _batches(items: Iterable[Article], size: int) -> Iterator[list[Article]]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def ingest(
    store: Store,
    paths: list[str | Path],
    outlet: str | None = None,
    progress: Progress = _no_progress,
    strict: bool = False,
    named: str | None = None,
    engine: Engine | None = None,
) -> IngestResult:
    """Read every input and store the articles not already stored; problems are collected, not
    raised. With `strict` the first problem stops the reading: what was read before it is stored,
    nothing after it is, and the problem is the last thing named. `named` stands for the file
    names an outlet is guessed from (`ingest.inputs.read_inputs`). The engine reads; this process stores,
    in the order of the inputs whichever engine read them."""
    from storylens.ingest.language import release_detector
    from storylens.ingest.outlet import UserOutlets

    result = IngestResult()
    users = UserOutlets.of(store.outlet_info())

    def articles() -> Iterator[Article]:
        for item in (engine or LOCAL).read(paths, outlet, named, users):
            progress(1)
            if isinstance(item, Problem):
                result.problems.append(item)
                if strict:
                    return
            else:
                yield item

    for batch in _batches(articles(), INGEST_BATCH):
        result.keep(store, batch)
    release_detector()
    return result


class Engine(Protocol):
    """Where the heavy work of a sequence runs: this machine's processes (`LOCAL`) or a cluster
    (`storylens.engines.ray`). An engine maps the stage kernels over files, batches of articles and
    stories; the sequences, the clustering and every write to the store stay in this process."""

    def read(self, paths: list[str | Path], outlet: str | None, named: str | None, users: UserOutlets) -> Iterator[Article | Problem]:
        """The articles and problems of the inputs, in the order `ingest.inputs.read_inputs` gives them."""
        ...

    def analyses(self, batches: list[list[Article]], models: Models) -> Analyses:
        """Each batch's analysis (`analysis_of`), in the order of the batches."""
        ...

    def compare(self, store: Store, story_ids: list[int], settings: Settings, progress: Progress = _no_progress) -> None:
        """Make and keep the report of each story whose report the store does not keep yet."""
        ...


class LocalEngine:
    """This machine: reading in this process, the analysis in this process and a pool of worker
    processes, each story compared here."""

    def read(self, paths: list[str | Path], outlet: str | None, named: str | None, users: UserOutlets) -> Iterator[Article | Problem]:
        from storylens.ingest.inputs import read_inputs

        return read_inputs(paths, outlet=outlet, named=named, users=users)

    def analyses(self, batches: list[list[Article]], models: Models) -> Analyses:
        helpers = max(min(models.settings.analysis.analysis_processes, len(batches)) - 1, 0)
        return _with_workers(batches, models, helpers) if helpers else (analysis_of(batch, models) for batch in batches)

    def compare(self, store: Store, story_ids: list[int], settings: Settings, progress: Progress = _no_progress) -> None:
        for story_id in story_ids:
            story_report(store, story_id, settings)
            progress(1)


LOCAL = LocalEngine()


class Stages(Protocol):
    """Watches a sequence's stages: the CLI times each and draws a progress bar."""

    def stage(self, name: str, total: int | None) -> AbstractContextManager[Progress]:
        """A context around one stage, giving the progress callback the stage reports to."""
        ...


class Unwatched:
    """Stages run with nobody watching."""

    @contextmanager
    def stage(self, name: str, total: int | None) -> Iterator[Progress]:
        yield _no_progress


UNWATCHED = Unwatched()


@dataclass
class Placed:
    """What `ingest_and_cluster` did: the articles read and the stories they changed."""

    ingest: IngestResult
    stories: list[int] = field(default_factory=list)


def ingest_and_cluster(
    store: Store,
    paths: list[str | Path],
    settings: Settings,
    outlet: str | None = None,
    strict: bool = False,
    stages: Stages = UNWATCHED,
    named: str | None = None,
    engine: Engine | None = None,
) -> Placed:
    """Ingest the inputs, then place the new articles in stories. With `strict`, a problem stops
    the sequence after the ingest stage, before anything is clustered. Clustering runs here,
    whatever the engine: it places articles one by one in date order, and keeps up with reading."""
    with stages.stage("ingest", None) as progress:
        result = ingest(store, paths, outlet, progress, strict, named, engine)
    if strict and result.problems:
        return Placed(result)
    with stages.stage("cluster", len(result.added)) as progress:
        return Placed(result, cluster_pending(store, settings, progress))


def upload(store: Store, paths: list[str | Path], settings: Settings, outlet: str | None = None, named: str | None = None) -> Placed:
    """The web upload's sequence: ingest, cluster, and analyse the stories the upload changed
    (only those: a backlog other commands left unanalysed waits for its own stories' views).
    `named` is the upload's own file name, for an outlet guessed from it."""
    placed = ingest_and_cluster(store, paths, settings, outlet, named=named)
    added = set(placed.ingest.added)
    analyze_stories(store, [s for s in placed.stories if added.intersection(store.story(s).article_ids)], settings)
    return placed


def cluster_pending(store: Store, settings: Settings, progress: Progress = _no_progress, stats: ClusterStats | None = None) -> list[int]:
    """Put every English article without a story into one; returns the stories that changed.

    Under the store's clustering lock, so that two processes on one store take turns instead of
    both placing the same articles from what each read before."""
    from storylens.cluster import cluster_new_articles

    with store.clustering_lock():
        return cluster_new_articles(store, settings, progress, stats)


def recluster(store: Store, settings: Settings, progress: Progress = _no_progress) -> list[int]:
    """Forget every story and cluster the whole store again in publication order, a batch per
    transaction: the stories streaming the same articles in date order would have made. Killed
    half way, the store keeps the stories of the articles placed so far, and running it (or any
    ingest) again completes them."""
    from storylens.cluster import cluster_new_articles

    with store.clustering_lock():
        store.forget_stories()
        return cluster_new_articles(store, settings, progress)


class ModelUnavailable(Exception):
    """A model named in the settings is unknown or not installed."""


class Models:
    """The models of the analyze stage, each loaded on first use by its own registry, once per process."""

    def __init__(self, settings: Settings, threads: int | None = None) -> None:
        self.settings = settings
        self.threads = threads
        """Threads each model may run on: one in a Ray actor, which the cluster gives one core
        (more would take cores it gave others); None for one per core. The local engine's analysis
        workers keep one per core: each waits on the other in turn, and `benchmarks.run` at 100
        articles took 73-74 s with their tagger on one thread against 68.5 s."""

    @cached_property
    def nlp(self) -> Language:
        from storylens.analyze.nlp import ModelNotInstalled, load_pipeline

        try:
            return load_pipeline(self.settings.models.spacy_model)
        except ModelNotInstalled as error:
            raise ModelUnavailable(str(error)) from None

    @cached_property
    def encoder(self) -> SentenceEncoder:
        from storylens.analyze.embeddings import EncoderNotInstalled, get_encoder

        try:
            if self.threads is None:
                return get_encoder(self.settings.models.sentence_encoder)
            return get_encoder(self.settings.models.sentence_encoder, self.threads)
        except (EncoderNotInstalled, ValueError) as error:
            raise ModelUnavailable(str(error)) from None

    @cached_property
    def framing(self) -> FramingModel:
        from storylens.framing import get_framing_model

        try:
            return get_framing_model(self.settings.models.framing_model, self.threads)
        except ValueError as error:
            raise ModelUnavailable(str(error)) from None


def load_models(settings: Settings) -> Models:
    """Every model the settings name, loaded now, so that a bad name fails before any work, in one line."""
    from storylens.cluster.representation import Representation

    try:
        Representation.named(settings)
    except ValueError as error:
        raise ModelUnavailable(str(error)) from None
    models = Models(settings)
    _ = models.nlp, models.encoder, models.framing
    return models


class Vectors(Protocol):
    """Where sentence vectors are kept by text key: the store, or `HeldVectors` on a worker."""

    def embeddings(self, model: str, hashes: list[str]) -> dict[str, np.ndarray]: ...

    def save_embeddings(self, model: str, vectors: dict[str, np.ndarray]) -> None: ...


class HeldVectors:
    """The vectors sent with a story to a worker that has no store; what the worker has to encode
    besides is kept in `fresh`, for the driver to store."""

    def __init__(self, known: dict[str, np.ndarray]) -> None:
        self.known = known
        self.fresh: dict[str, np.ndarray] = {}

    def embeddings(self, model: str, hashes: list[str]) -> dict[str, np.ndarray]:
        return {h: self.known[h] for h in hashes if h in self.known}

    def save_embeddings(self, model: str, vectors: dict[str, np.ndarray]) -> None:
        self.known.update(vectors)
        self.fresh.update(vectors)


class StoredEncoder:
    """Sentence vectors through the store: each distinct text is encoded once and its vector kept.

    The analyze stage fills it for every sentence and clause, so the compare stage only reads;
    a text never seen (a read-only store, a setting that asks for another clause) is encoded then,
    the model loaded only for it.
    """

    def __init__(self, models: Models, store: Vectors) -> None:
        self.models = models
        self.store = store
        self.name = models.settings.models.sentence_encoder

    @property
    def dimensions(self) -> int:
        return self.models.encoder.dimensions

    def encode(self, texts: list[str]) -> np.ndarray:
        keys = [text_key(t) for t in texts]
        known = self.store.embeddings(self.name, sorted(set(keys)))
        missing = {k: t for k, t in zip(keys, texts) if k not in known}
        if missing:
            fresh = dict(zip(missing, self.models.encoder.encode(list(missing.values()))))
            self.store.save_embeddings(self.name, fresh)
            known.update(fresh)
        if not keys:
            return np.zeros((0, self.dimensions), dtype=np.float32)
        return np.stack([known[k] for k in keys])


def text_key(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def _analyse_and_keep(store: Store, articles: list[Article], models: Models, progress: Progress, engine: Engine | None = None) -> int:
    """Analyse the articles a batch at a time and keep each batch's analysis with its sentence vectors.

    Locally, this process and worker processes (one per further core, the `analysis_processes`
    setting) each analyse a batch at a time; on a cluster, its workers do. The store is written
    here, by one writer.
    """
    batches = list(_batches(articles, models.settings.analysis.analysis_batch))
    for items, vectors in (engine or LOCAL).analyses(batches, models):
        store.save_embeddings(models.settings.models.sentence_encoder, vectors)
        store.add_analysis(items, model=models.settings.models.spacy_model)
        progress(len(items))
    return len(articles)


_worker_models: Models | None = None
"""The models of this process when it is an analysis worker, loaded by `_start_worker`."""


def _with_workers(
    batches: list[list[Article]], models: Models, helpers: int
) -> Iterator[tuple[list[AnalyzedArticle], dict[str, np.ndarray]]]:
    """The batches analysed here and by `helpers` worker processes, in turns of one batch each, so
    that no more than a turn's analyses wait in memory. The workers are started by a fork server,
    so that none inherits the threads of this process's models, and each loads its own."""
    context = multiprocessing.get_context("forkserver")
    turn = helpers + 1
    with context.Pool(helpers, initializer=_start_worker, initargs=(models.settings,)) as pool:
        for first in range(0, len(batches), turn):
            theirs = [pool.apply_async(_worker_analysis, (batch,)) for batch in batches[first + 1 : first + turn]]
            yield analysis_of(batches[first], models)
            for result in theirs:
                yield result.get()


def _start_worker(settings: Settings) -> None:
    global _worker_models
    _worker_models = Models(settings)


def _worker_analysis(batch: list[Article]) -> tuple[list[AnalyzedArticle], dict[str, np.ndarray]]:
    assert _worker_models is not None, "started by _start_worker"
    return analysis_of(batch, _worker_models)


def analysis_of(batch: list[Article], models: Models) -> tuple[list[AnalyzedArticle], dict[str, np.ndarray]]:
    """One batch's analysis and the vectors of its sentences and clauses, by text key."""
    from storylens.analyze import analyze

    try:
        items = list(analyze(batch, models.nlp, models.framing))
    except Exception:  # noqa: BLE001 - whatever a model raises on one article, the batch's others go on
        items = [_alone(article, models) for article in batch]
    return items, analysis_vectors(items, models)


def analysis_vectors(items: list[AnalyzedArticle], models: Models) -> dict[str, np.ndarray]:
    """The vectors the analysis keeps for the articles, by text key: every sentence's, clause's and claim's."""
    from storylens.analyze.vectors import vector_requests

    requests = vector_requests(items)
    return dict(zip(map(text_key, requests), models.encoder.encode(requests)))


def _alone(article: Article, models: Models) -> AnalyzedArticle:
    """One article's analysis, after its batch failed: an article the analysis cannot read is kept
    with no sentences and named in the log, so that it never blocks the others of its batch nor
    is tried again at every view."""
    from storylens.analyze import analyze

    try:
        return next(analyze([article], models.nlp, models.framing))
    except Exception as error:  # noqa: BLE001 - the article is named in the log, with the error
        log.warning("storylens: %s: cannot be analysed (%s); kept without sentences", article.source, error)
        return AnalyzedArticle(article=article, sentences=[], framing_model=stored_name(models.settings.models.framing_model))


def _analysed(articles: list[Article], models: Models, store: Store) -> list[AnalyzedArticle]:
    """The articles analysed in memory, for a store that cannot keep them (the web server's read-only one)."""
    from storylens.analyze import analyze

    return list(analyze(articles, models.nlp, models.framing))


def analyze_pending(store: Store, settings: Settings, progress: Progress = _no_progress) -> int:
    """Analyse every English article that has no analysis yet; returns how many were analysed.

    Not needed before clustering: for analysing a whole store ahead of time (an evaluation, a
    store about to be served read-only)."""
    return _analyse_and_keep(store, store.unanalyzed_articles(stored_name(settings.models.framing_model)), Models(settings), progress)


def analyze_stories(
    store: Store, story_ids: list[int], settings: Settings, progress: Progress = _no_progress, engine: Engine | None = None
) -> int:
    """Analyse and keep the articles of these stories that have no analysis yet; returns how many."""
    article_ids = [a for story_id in story_ids for a in store.story(story_id).article_ids]
    missing = store.unanalyzed_of(article_ids, stored_name(settings.models.framing_model))
    return _analyse_and_keep(store, store.articles(missing), Models(settings), progress, engine)


def analyzed_articles(store: Store, article_ids: list[str], models: Models, keep: bool = True) -> list[AnalyzedArticle]:
    """The articles with their analysis, analysing those that have none yet; `keep` stores the new
    analyses (a read-only store, the web server's, makes them in memory each time instead)."""
    framing_model = stored_name(models.settings.models.framing_model)
    missing = store.unanalyzed_of(article_ids, framing_model)
    if keep:
        _analyse_and_keep(store, store.articles(missing), models, _no_progress)
        return store.analyzed(article_ids, framing_model)
    originals = store.originals(missing)
    fresh = {
        item.article.id: item.model_copy(update={"copy_of": originals.get(item.article.id)})
        for item in _analysed(store.articles(missing), models, store)
    }
    stored = {item.article.id: item for item in store.analyzed([a for a in article_ids if a not in fresh], framing_model)}
    return [fresh[a] if a in fresh else stored[a] for a in article_ids]


def story_report(store: Store, story_id: int, settings: Settings, keep: bool = True) -> StoryReport:
    """The story's report: the one the store keeps when it was made from the same articles, outlet
    descriptions, settings and code, else a new comparison, analysing any article not analysed
    yet. `keep` stores the new analyses and report (a read-only store, the web server's, makes
    them in memory each time instead)."""
    story = store.story(story_id)
    described = store.outlet_info()
    key = report_key(story, described, settings)
    if (kept := store.stored_report(story_id, key)) is not None:
        return StoryReport.model_validate_json(kept)
    models = Models(settings)
    items = analyzed_articles(store, story.article_ids, models, keep)
    report = comparison(story, items, StoredEncoder(models, store), described, settings)
    if keep:
        store.keep_report(story_id, key, report.model_dump_json())
    return report


def comparison(story: Story, items: list[AnalyzedArticle], encoder: StoredEncoder, described: list[OutletInfo], settings: Settings) -> StoryReport:
    """The story compared from its analysed articles, with the leans the user gave its outlets:
    the one kernel of the compare stage, run here or on a cluster's worker."""
    from storylens.compare.story import compare_story

    leans = {outlet.name: outlet.lean for outlet in described if outlet.lean}
    return compare_story(story, items, encoder, settings=settings, leans=leans)


def uncompared(store: Store, story_ids: list[int], settings: Settings) -> list[int]:
    """The stories among `story_ids` whose report the store does not keep under the current key:
    those a caller must compare (and load the models for)."""
    described = store.outlet_info()
    return [i for i in story_ids if store.stored_report(i, report_key(store.story(i), described, settings)) is None]


def report_key(story: Story, described: list[OutletInfo], settings: Settings) -> str:
    """A digest of everything a story's report is made from but the analysis, which the framing
    model's stored name and the settings pin down: the story with its articles, what the user told
    of its outlets, every setting, and the code itself (an upgrade or a local change compares again)."""
    theirs = [outlet.model_dump(mode="json") for outlet in described if outlet.name in story.outlets]
    parts = [
        REPORT_SCHEMA_VERSION,
        _code_digest(),
        stored_name(settings.models.framing_model),
        json.dumps(asdict(settings), sort_keys=True, default=str),
        story.model_dump(mode="json"),
        theirs,
    ]
    return hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode()).hexdigest()


@cache
def _code_digest() -> str:
    """The package's Python source as one digest, read once per process."""
    digest = hashlib.sha256()
    root = Path(__file__).parent
    for path in sorted(root.rglob("*.py")):
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def outlet_listing(store: Store) -> list[OutletListing]:
    """Every outlet the store has articles of or was told of, with its counts, and its lean,
    country, kind, owner and domains from the user's description, else from the outlet table."""
    from storylens.ingest.outlet import known_name

    counts, described = store.outlet_counts(), {o.name: o for o in store.outlet_info()}
    rows = []
    for name in sorted(set(counts) | set(described), key=str.casefold):
        info, known = described.get(name), known_name(name)
        articles, stories = counts.get(name, (0, 0))
        rows.append(
            OutletListing(
                name=name,
                articles=articles,
                stories=stories,
                lean=info.lean if info else None,
                country=(info.country if info else None) or (known.country if known else None),
                kind=(info.kind if info else None) or (known.kind if known else None),
                owner=info.owner if info else None,
                domains=info.domains if info else [],
            )
        )
    return rows


def outlet_profile(store: Store, name: str, report: Callable[[int], StoryReport]) -> OutletRecord | None:
    """How the outlet writes across all its stories, from each story's report as `report` gives it
    (stored, cached or compared); None when the store has no such outlet."""
    from storylens.compare.track_record import outlet_record

    listing = next((row for row in outlet_listing(store) if row.name == name), None)
    if listing is None:
        return None
    return outlet_record(listing, [report(story_id) for story_id in store.stories_of_outlet(name)])


# Live feeds: poll → fetch → ingest → cluster


@dataclass
class WatchRound:
    """What one poll of every feed did, for the round's progress line."""

    number: int
    polled: int = 0
    not_modified: int = 0
    failed_feeds: int = 0
    waiting: int = 0
    """Feeds not polled this round: they failed before and their next try is later."""
    new_items: int = 0
    fetched: int = 0
    """Items whose article came from their page (the others from the feed's own text)."""
    failed_items: int = 0
    skipped_items: int = 0
    """Items whose page robots.txt forbids and whose feed text is too short to stand for it."""
    ingest: IngestResult = field(default_factory=IngestResult)
    stories: set[int] = field(default_factory=set)

    def line(self) -> str:
        """The round in one line: feeds polled, new items, fetched, stored, failed."""
        feeds = f"{self.polled} feed(s) polled"
        notes = [f"{n} {what}" for n, what in ((self.not_modified, "not modified"), (self.failed_feeds, "failed")) if n]
        if notes:
            feeds += f" ({', '.join(notes)})"
        if self.waiting:
            feeds += f", {self.waiting} waiting to retry"
        skipped = f", {self.skipped_items} skipped" if self.skipped_items else ""
        return (
            f"round {self.number}: {feeds}, {self.new_items} new item(s), {self.fetched} page(s) fetched, "
            f"{len(self.ingest.added)} article(s) stored, {len(self.ingest.known)} already stored, "
            f"{self.failed_items} item(s) failed{skipped}, {len(self.stories)} story(ies) changed"
        )


Say = Callable[[str], None]


def watch_round(
    store: Store,
    feeds: list[str],
    settings: Settings,
    fetcher: Fetcher,
    say: Say,
    number: int = 1,
    honour_backoff: bool = False,
) -> WatchRound:
    """Poll every feed once, each on its own: fetch and store its new items (and its failed ones
    again), then cluster what it added, before the next feed. A feed that fails is named through
    `say`, counted in the store and, with `honour_backoff`, left alone until its next try.

    An item is marked seen in the transaction that stores its article, and a feed's validators
    are kept only once its items are done, so a watcher stopped at any point fetches nothing twice
    that it stored and loses no item it had not."""
    from storylens.ingest.fetch import FetchError
    from storylens.ingest.outlet import UserOutlets
    from storylens.ingest.watch import poll_feed

    done = WatchRound(number)
    users = UserOutlets.of(store.outlet_info())
    states = store.feed_states(feeds)
    for url in feeds:
        state = states.get(url)
        if honour_backoff and state and state.next_try and state.next_try > _now():
            done.waiting += 1
            continue
        try:
            poll = poll_feed(fetcher, url, state, users)
        except FetchError as error:
            failed = store.feed_failed(url, str(error), _now(), max(settings.watch.feed_backoff, error.retry_after or 0.0))
            done.failed_feeds += 1
            say(f"{url}: {error} (failed {failed.failures} time(s) in a row; tried again on a later poll)")
            continue
        done.polled += 1
        done.not_modified += not poll.modified
        added_before = len(done.ingest.added)
        for item, own_text in _items_to_read(store, poll, done):
            _read_and_keep(store, fetcher, item, own_text, settings, users, say, done)
        store.feed_polled(url, poll.etag, poll.last_modified, _now())
        if len(done.ingest.added) > added_before:
            done.stories.update(cluster_pending(store, settings))
    return done


def _items_to_read(store: Store, poll: Poll, done: WatchRound) -> list[tuple[FeedItem, Article | Problem | None]]:
    """The feed's items never seen, in its order, then its items that failed before (with the
    feed's own text where the feed still lists them)."""
    from storylens.store import FeedItem

    entries: dict[str, Entry] = {}
    for entry in poll.entries:
        entries.setdefault(entry.key, entry)  # an item listed twice is read once
    seen = store.feed_items(entries)
    fresh = [entry for key, entry in entries.items() if key not in seen]
    done.new_items += len(fresh)
    todo: list[tuple[FeedItem, Article | Problem | None]] = [
        (FeedItem(e.key, poll.url, e.link, e.published, e.site_name), e.own_text) for e in fresh
    ]
    for item in store.failed_feed_items(poll.url):
        todo.append((item, entries[item.key].own_text if item.key in entries else None))
    return todo


def _read_and_keep(
    store: Store, fetcher: Fetcher, item: FeedItem, own_text: Article | Problem | None, settings: Settings, users: UserOutlets, say: Say, done: WatchRound
) -> None:
    """Read one item and store its article with the item's record, or record why it has none."""
    from dataclasses import replace

    from storylens.ingest.watch import read_item

    read = read_item(fetcher, item, own_text, settings.watch, users)
    attempts = item.attempts + 1
    where = item.link or item.key
    if read.article is not None:
        if read.how == "page":
            done.fetched += 1
        else:
            say(f"{where}: {read.problem}; stored from the feed's own text")
        kept = replace(item, state="stored", attempts=attempts, article_id=read.article.id, last_error=read.problem)
        done.ingest.keep_with(store, [read.article], [kept])
        return
    if read.final:
        done.skipped_items += 1
        state, next_step = "skipped", "skipped"
    elif attempts >= settings.watch.item_attempts:
        done.failed_items += 1
        state, next_step = "gave up", f"given up after {attempts} attempt(s)"
    else:
        done.failed_items += 1
        state, next_step = "failed", f"tried again on the next poll (attempt {attempts} of {settings.watch.item_attempts})"
    store.keep_feed_item(replace(item, state=state, attempts=attempts, last_error=read.problem))
    say(f"{where}: {read.problem}; {next_step}")


def watch(
    store: Store,
    feeds: list[str],
    settings: Settings,
    every: float | None,
    say: Say,
    on_round: Callable[[WatchRound], None],
    rounds: int | None = None,
    fetcher: Fetcher | None = None,
    sleep: Callable[[float], None] | None = None,
) -> list[WatchRound]:
    """Poll the feeds once (`every` None: every feed now, whatever its failures) or every `every`
    seconds, rounds apart from start to start, failed feeds waiting out their backoff; `rounds`
    stops after that many. Ctrl-C (KeyboardInterrupt) passes through between or inside steps:
    what was stored stays stored, and the next run goes on from there."""
    import time

    from storylens.ingest.fetch import Fetcher

    fetcher = fetcher or Fetcher(settings.watch)
    pause = sleep or time.sleep
    done: list[WatchRound] = []
    while True:
        started = time.monotonic()
        done.append(watch_round(store, feeds, settings, fetcher, say, len(done) + 1, honour_backoff=every is not None))
        on_round(done[-1])
        if every is None or (rounds is not None and len(done) >= rounds):
            return done
        pause(max(0.0, started + every - time.monotonic()))


def _now() -> datetime:
    return datetime.now(UTC)

"""The pipeline's stages run against a store: ingest → cluster → analyze → compare.

The CLI, the tests and the web server all drive the pipeline through these functions, so each
stage's contract with the store is written once. Clustering reads only the articles' text (a
cheap sketch of each), so it keeps up with ingest; the deep analysis (parse, entities, quantities)
costs a tenth of a second an article and runs only for the stories that are compared, the first
time each is, and is kept in the store for the next time.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

import numpy as np
from spacy.language import Language

from storylens.analyze import analyze
from storylens.analyze.embeddings import EncoderNotInstalled, SentenceEncoder, get_encoder
from storylens.analyze.nlp import ModelNotInstalled, load_pipeline
from storylens.cluster import ClusterStats, cluster_new_articles
from storylens.cluster.representation import Representation
from storylens.compare import compare_story
from storylens.compare.framing import FramingModel, get_framing_model
from storylens.config import Settings
from storylens.ingest import read_inputs
from storylens.model import AnalyzedArticle, Article, Problem, StoryReport
from storylens.store import Store

INGEST_BATCH = 200
"""Articles written per transaction: a crash loses at most one batch, never half of one."""
ANALYZE_BATCH = 32

Progress = Callable[[int], None]


def _no_progress(_: int) -> None:
    return None


@dataclass
class IngestResult:
    added: list[str] = field(default_factory=list)
    known: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def _batches(items: Iterable[Article], size: int) -> Iterator[list[Article]]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def ingest(store: Store, paths: list[str | Path], outlet: str | None = None, progress: Progress = _no_progress) -> IngestResult:
    """Read every input and store the articles not already stored; problems are collected, not raised."""
    result = IngestResult()

    def articles() -> Iterator[Article]:
        for item in read_inputs(paths, outlet=outlet):
            progress(1)
            if isinstance(item, Problem):
                result.problems.append(item)
            else:
                yield item

    for batch in _batches(articles(), INGEST_BATCH):
        new_ids = store.add_articles(batch)
        result.added += new_ids
        result.known += [a.id for a in batch if a.id not in new_ids]
    return result


def analyze_pending(store: Store, settings: Settings, progress: Progress = _no_progress) -> int:
    """Analyse every English article that has no analysis yet; returns how many were analysed.

    Not needed before clustering: for analysing a whole store ahead of time (an evaluation, a
    store about to be served read-only)."""
    return _analyse_and_keep(store, store.unanalyzed_articles(), settings, progress)


def _analyse_and_keep(store: Store, articles: list[Article], settings: Settings, progress: Progress) -> int:
    if articles:
        nlp = load_pipeline(settings.spacy_model)
        for batch in _batches(articles, ANALYZE_BATCH):
            store.add_analysis(analyze(batch, nlp), model=settings.spacy_model)
            progress(len(batch))
    return len(articles)


def cluster_pending(
    store: Store, settings: Settings, progress: Progress = _no_progress, stats: ClusterStats | None = None
) -> list[int]:
    """Put every English article without a story into one; returns the stories that changed."""
    return cluster_new_articles(store, settings, progress, stats)


def recluster(store: Store, settings: Settings, progress: Progress = _no_progress) -> list[int]:
    """Forget every story and cluster the whole store again in publication order, a batch per
    transaction: the stories streaming the same articles in date order would have made. Killed
    half way, the store keeps the stories of the articles placed so far, and running it (or any
    ingest) again completes them."""
    store.forget_stories()
    return cluster_new_articles(store, settings, progress)


def analyze_stories(store: Store, story_ids: list[int], settings: Settings, progress: Progress = _no_progress) -> int:
    """Analyse and keep the articles of these stories that have no analysis yet; returns how many."""
    missing = store.unanalyzed_of([a for story_id in story_ids for a in store.story(story_id).article_ids])
    return _analyse_and_keep(store, store.articles(missing), settings, progress)


class ModelUnavailable(Exception):
    """A model named in the settings is unknown or not installed."""


@dataclass(frozen=True)
class Models:
    """The models a run uses, each loaded once per process by its own registry."""

    nlp: Language
    encoder: SentenceEncoder
    framing: FramingModel


def load_models(settings: Settings) -> Models:
    """Every model the settings name, so that a bad name fails before any work, in one line."""
    try:
        Representation.named(settings)
        return Models(
            nlp=load_pipeline(settings.spacy_model),
            encoder=get_encoder(settings.sentence_encoder),
            framing=get_framing_model(settings.framing_model),
        )
    except (ModelNotInstalled, EncoderNotInstalled, ValueError) as error:
        raise ModelUnavailable(str(error)) from None


class StoredEncoder:
    """A sentence encoder that encodes each distinct text once and keeps its vector in the store.

    Encoding is nine tenths of comparing a story, and a story is compared again each time it grows
    or is shown; the vectors of sentences already seen are read back instead.
    """

    def __init__(self, encoder: SentenceEncoder, store: Store) -> None:
        self.encoder = encoder
        self.store = store
        self.name = encoder.name
        self.dimensions = encoder.dimensions

    def encode(self, texts: list[str]) -> np.ndarray:
        keys = [hashlib.sha256(t.encode("utf-8")).hexdigest()[:32] for t in texts]
        known = self.store.embeddings(self.name, sorted(set(keys)))
        missing = {k: t for k, t in zip(keys, texts) if k not in known}
        if missing:
            fresh = dict(zip(missing, self.encoder.encode(list(missing.values()))))
            self.store.save_embeddings(self.name, fresh)
            known.update(fresh)
        if not keys:
            return np.zeros((0, self.dimensions), dtype=np.float32)
        return np.stack([known[k] for k in keys])


def analyzed_articles(store: Store, article_ids: list[str], settings: Settings, keep: bool = True) -> list[AnalyzedArticle]:
    """The articles with their analysis, analysing those that have none yet; `keep` stores the new
    analyses (a read-only store, the web server's, computes them in memory each time instead)."""
    if keep:
        _analyse_and_keep(store, store.articles(store.unanalyzed_of(article_ids)), settings, _no_progress)
        return [store.analyzed(a) for a in article_ids]
    missing = store.articles(store.unanalyzed_of(article_ids))
    fresh = {
        item.article.id: item.model_copy(update={"copy_of": store.original_of(item.article.id)})
        for item in analyze(missing, load_pipeline(settings.spacy_model))
    }
    return [fresh[a] if a in fresh else store.analyzed(a) for a in article_ids]


def story_report(store: Store, story_id: int, settings: Settings, keep_analysis: bool = True) -> StoryReport:
    """Compare a story's articles, analysing any not analysed yet (kept in the store unless `keep_analysis` is False)."""
    story = store.story(story_id)
    models = load_models(settings)
    items = analyzed_articles(store, story.article_ids, settings, keep_analysis)
    return compare_story(story, items, models.nlp, models.framing, StoredEncoder(models.encoder, store))

"""The pipeline's stages run against a store: ingest → analyze → cluster → compare.

The CLI, the tests and (later) the web server all drive the pipeline through these functions,
so each stage's contract with the store is written once.
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
from storylens.cluster import cluster_new_articles
from storylens.compare import compare_story
from storylens.compare.framing import FramingModel, get_framing_model
from storylens.config import Settings
from storylens.ingest import read_inputs
from storylens.model import Article, Problem, StoryReport
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
    """Analyse the articles that have no analysis yet; returns how many were analysed."""
    pending = store.unanalyzed_articles()
    if not pending:
        return 0
    nlp = load_pipeline(settings.spacy_model)
    for batch in _batches(pending, ANALYZE_BATCH):
        store.add_analysis(analyze(batch, nlp), model=settings.spacy_model)
        progress(len(batch))
    return len(pending)


def cluster_pending(store: Store, settings: Settings, progress: Progress = _no_progress) -> list[int]:
    """Put every analysed article without a story into one; returns the stories that changed."""
    return cluster_new_articles(store, settings, progress)


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


def story_report(store: Store, story_id: int, settings: Settings) -> StoryReport:
    story = store.story(story_id)
    items = [store.analyzed(article_id) for article_id in story.article_ids]
    models = load_models(settings)
    return compare_story(story, items, models.nlp, models.framing, StoredEncoder(models.encoder, store))

"""The pipeline's stages run against a store: ingest → analyze → cluster → compare.

The CLI, the tests and (later) the web server all drive the pipeline through these functions,
so each stage's contract with the store is written once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

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


def story_report(store: Store, story_id: int, settings: Settings) -> StoryReport:
    story = store.story(story_id)
    items = [store.analyzed(article_id) for article_id in story.article_ids]
    models = load_models(settings)
    return compare_story(story, items, models.nlp, models.framing, models.encoder)

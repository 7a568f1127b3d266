"""Two peers that storylens's story clustering is scored beside, on the same articles.

Both are batch methods: they see a whole part of a data set at once, with no time window and no
streaming, which is an advantage over an online clusterer that must decide as each article arrives.

- TF-IDF + agglomerative: scikit-learn's TfidfVectorizer over headline and body, average-linkage
  clustering on cosine distance, cut at a fitted distance threshold: the textbook baseline.
- HDBSCAN over sentence embeddings: each article is the mean of the L2-normalised MiniLM vectors
  (the encoder storylens uses by default, `minilm-int8-dynamic`) of its headline and first body sentences; HDBSCAN
  with min_cluster_size 2, its selection method and min_samples fitted. Points it calls noise are
  stories of their own.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from functools import lru_cache
from typing import Protocol

import numpy as np
from sklearn.cluster import HDBSCAN, AgglomerativeClustering
from sklearn.feature_extraction.text import TfidfVectorizer

from eval.clustering_data import Labelled
from storylens.analyze.embeddings import DEFAULT_ENCODER, ENCODERS, get_encoder

EMBEDDED_SENTENCES = 5
"""Headline plus this many body sentences make an article's vector: the lead says what happened."""
_ABBREVIATION_END = re.compile(r"(?:^|\s)(?:[A-Z][a-z]{0,3}|(?:[A-Za-z]\.)+[A-Za-z])\.$")
_SENTENCE_END = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][\"'”’)]))\s+(?=[\"'“‘(]?[A-Z0-9])")


class Method(Protocol):
    """A clusterer scored here, storylens or a peer, with one fitted parameter (which may be a
    tuple of settings)."""

    name: str
    grid: Sequence[object]

    def features(self, items: list[Labelled]) -> object:
        """Whatever the clustering needs, computed once per part and reused across the grid."""
        ...

    def cluster(self, features: object, parameter: object) -> list[int]:
        """A cluster number for each item, in the items' order."""
        ...


def describe(parameter: object) -> str:
    if parameter is None:
        return "default"
    if isinstance(parameter, tuple):
        return "/".join(describe(p) for p in parameter)
    return f"{parameter:.2f}" if isinstance(parameter, float) else str(parameter)


class TfidfAgglomerative:
    name = "TF-IDF + agglomerative"
    grid: Sequence[object] = [round(0.5 + 0.05 * i, 2) for i in range(10)]
    """Cosine distance at which average linkage stops merging."""

    def features(self, items: list[Labelled]) -> np.ndarray:
        """The cosine distance matrix of sublinear TF-IDF vectors (rows are unit length)."""
        vectors = TfidfVectorizer(sublinear_tf=True, stop_words="english").fit_transform(
            [f"{item.article.title}\n{' '.join(item.article.body)}" for item in items]
        )
        similarity = (vectors @ vectors.T).toarray()
        return np.clip(1.0 - similarity, 0.0, None)

    def cluster(self, features: object, parameter: object) -> list[int]:
        distance = float(parameter)  # type: ignore[arg-type]
        model = AgglomerativeClustering(n_clusters=None, metric="precomputed", linkage="average", distance_threshold=distance)
        return list(model.fit_predict(features))


class RememberingEncoder:
    """The MiniLM encoder storylens uses by default, encoding each distinct text once per run.

    Registered among storylens's encoders under its own name, so that storylens's embedding
    representations, swept over many thresholds, and the HDBSCAN peer encode a fit part once;
    the vectors are the plain encoder's."""

    name = "minilm-remembering"

    def __init__(self) -> None:
        self.inner = get_encoder(DEFAULT_ENCODER)
        self.dimensions = self.inner.dimensions
        self.vectors: dict[str, np.ndarray] = {}

    def encode(self, texts: list[str]) -> np.ndarray:
        missing = sorted(set(texts) - self.vectors.keys())
        if missing:
            self.vectors.update(zip(missing, self.inner.encode(missing)))
        if not texts:
            return np.zeros((0, self.dimensions), dtype=np.float32)
        return np.stack([self.vectors[text] for text in texts])

    @contextmanager
    def cold(self) -> Iterator[None]:
        """Within the block nothing is remembered from before, so that a timed run pays for its
        own encoding; afterwards the earlier vectors are back for the next method's sweep."""
        kept = self.vectors
        self.vectors = {}
        try:
            yield
        finally:
            self.vectors = {**self.vectors, **kept}


@lru_cache(maxsize=1)
def remembering_encoder() -> RememberingEncoder:
    """The one shared instance, registered in `storylens.analyze.embeddings.ENCODERS` on first use."""
    encoder = RememberingEncoder()
    ENCODERS[encoder.name] = lambda threads: encoder
    return encoder


class HdbscanEmbeddings:
    name = "HDBSCAN on MiniLM means"
    grid: Sequence[object] = tuple((method, samples) for method in ("eom", "leaf") for samples in (1, 2, 3, 4, 5))
    """Cluster selection method and min_samples (how dense a point's neighbourhood must be).
    cluster_selection_epsilon is left at 0: on ECB+ values up to 0.5 changed nothing, and larger
    ones stop scikit-learn 1.9.1's HDBSCAN with a TypeError."""

    def features(self, items: list[Labelled]) -> np.ndarray:
        """One unit vector per article: the normalised mean of its lead sentences' vectors."""
        leads = [_lead(item) for item in items]
        vectors = remembering_encoder().encode([text for lead in leads for text in lead])
        ends = np.cumsum([len(lead) for lead in leads])
        means = np.stack([part.mean(axis=0) for part in np.split(vectors, ends[:-1])])
        return means / np.clip(np.linalg.norm(means, axis=1, keepdims=True), 1e-12, None)

    def cluster(self, features: object, parameter: object) -> list[int]:
        method, samples = parameter  # type: ignore[misc]
        labels = HDBSCAN(
            min_cluster_size=2, min_samples=samples, cluster_selection_method=method, copy=True
        ).fit_predict(features)
        singletons = iter(range(int(labels.max()) + 1, int(labels.max()) + 1 + len(labels)))
        return [int(label) if label >= 0 else next(singletons) for label in labels]


def _lead(item: Labelled) -> list[str]:
    """The headline and the first body sentences."""
    sentences = [s for paragraph in item.article.body for s in split_sentences(paragraph)]
    return [item.article.title, *sentences[:EMBEDDED_SENTENCES]]


def split_sentences(text: str) -> list[str]:
    """Split at sentence-ending punctuation followed by a capital, except after an abbreviation
    ("Sen.", "U.S.", "Jr."): the peers need no parser, only a lead of a few sentences."""
    sentences: list[str] = []
    for piece in _SENTENCE_END.split(text.strip()):
        if sentences and _ABBREVIATION_END.search(sentences[-1]):
            sentences[-1] += " " + piece
        elif piece:
            sentences.append(piece)
    return sentences


PEERS: tuple[Method, ...] = (TfidfAgglomerative(), HdbscanEmbeddings())

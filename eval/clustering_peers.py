"""Two peers that storylens's story clustering is scored beside, on the same articles.

Both are batch methods: they see a whole part of a data set at once, with no time window and no
streaming, which is an advantage over an online clusterer that must decide as each article arrives.

- TF-IDF + agglomerative: scikit-learn's TfidfVectorizer over headline and body, average-linkage
  clustering on cosine distance, cut at a fitted distance threshold: the textbook baseline.
- HDBSCAN over sentence embeddings: each article is the mean of the L2-normalised MiniLM vectors
  (the encoder storylens uses, `minilm-int8`) of its headline and first body sentences; HDBSCAN
  with min_cluster_size 2, its selection method and min_samples fitted. Points it calls noise are
  stories of their own.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

import numpy as np
from sklearn.cluster import HDBSCAN, AgglomerativeClustering
from sklearn.feature_extraction.text import TfidfVectorizer

from eval.clustering_data import Labelled
from storylens.analyze.embeddings import get_encoder

EMBEDDED_SENTENCES = 5
"""Headline plus this many body sentences make an article's vector: the lead says what happened."""
_ABBREVIATION_END = re.compile(r"(?:^|\s)(?:[A-Z][a-z]{0,3}|(?:[A-Za-z]\.)+[A-Za-z])\.$")
_SENTENCE_END = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][\"'”’)]))\s+(?=[\"'“‘(]?[A-Z0-9])")


class Peer(Protocol):
    """A batch clusterer with one fitted parameter (which may be a tuple of settings)."""

    name: str
    grid: Sequence[object]

    def features(self, items: list[Labelled]) -> object:
        """Whatever the clustering needs, computed once per part and reused across the grid."""
        ...

    def cluster(self, features: object, parameter: object) -> list[int]:
        """A cluster number for each item, in the items' order."""
        ...


def describe(parameter: object) -> str:
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
        model = AgglomerativeClustering(
            n_clusters=None, metric="precomputed", linkage="average", distance_threshold=float(parameter)  # type: ignore[arg-type]
        )
        return list(model.fit_predict(features))


@dataclass
class HdbscanEmbeddings:
    name: str = "HDBSCAN on MiniLM means"
    grid: Sequence[object] = tuple((method, samples) for method in ("eom", "leaf") for samples in (1, 2, 3, 4, 5))
    """Cluster selection method and min_samples (how dense a point's neighbourhood must be).
    cluster_selection_epsilon is left at 0: on ECB+ values up to 0.5 changed nothing, and larger
    ones stop scikit-learn 1.9.1's HDBSCAN with a TypeError."""

    def __post_init__(self) -> None:
        self._vectors: dict[str, np.ndarray] = {}

    def features(self, items: list[Labelled]) -> np.ndarray:
        """One unit vector per article: the normalised mean of its lead sentences' vectors."""
        texts = [_lead(item) for item in items]
        self._encode({t for sentences in texts for t in sentences})
        means = np.stack([np.mean([self._vectors[t] for t in sentences], axis=0) for sentences in texts])
        return means / np.clip(np.linalg.norm(means, axis=1, keepdims=True), 1e-12, None)

    def cluster(self, features: object, parameter: object) -> list[int]:
        method, samples = parameter  # type: ignore[misc]
        labels = HDBSCAN(
            min_cluster_size=2, min_samples=samples, cluster_selection_method=method, copy=True
        ).fit_predict(features)
        singletons = iter(range(int(labels.max()) + 1, int(labels.max()) + 1 + len(labels)))
        return [int(label) if label >= 0 else next(singletons) for label in labels]

    def _encode(self, texts: set[str]) -> None:
        """Encode only texts not seen in this run: a fit part and its sweep share the work."""
        missing = sorted(texts - self._vectors.keys())
        if missing:
            self._vectors.update(zip(missing, get_encoder("minilm-int8").encode(missing)))


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


PEERS: tuple[Peer, ...] = (TfidfAgglomerative(), HdbscanEmbeddings())

"""Aligning sentences across outlets into facts: which sentences state the same thing.

Two sentences are compared by meaning (sentence embeddings, which see that "armoured train" and
"bulletproof train" or "white dolphins" and "beluga whales" are close) and by what they name
(TF-IDF of content lemmas, entity keys and normalised quantities, with the IDF taken over the
story, so that what every sentence shares, "Kim", "Russia", counts for little and the specific
"walrus", "train", "Wednesday" carry the match). Within one story every sentence is on the same
topic, so embeddings alone rate unrelated sentences of the story as fairly close; a pair is kept
when it is clearly similar, or when the two sentences are each other's best match.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from storylens.analyze.embeddings import SentenceEncoder
from storylens.model import Role, Sentence

FACT_ROLES = frozenset({Role.STANDFIRST, Role.BODY})
"""Roles that can state a fact; captions may only back a fact some body sentence states."""
EMBEDDING_WEIGHT = 0.7
"""Share of meaning in the similarity; the rest is shared lemmas, entities and numbers."""
ALIGN_THRESHOLD = 0.5
"""Similarity at which two outlets' sentences state the same fact."""
MUTUAL_THRESHOLD = 0.45
"""Lower similarity that still aligns two sentences that are each other's best match."""
GROUP_THRESHOLD = 0.38
"""Minimum mean cross-outlet similarity of a merged group, which stops chains of weak links."""
MAX_PER_ARTICLE = 2
"""An article may restate a fact, but a group with many sentences of one article is a topic, not a fact."""


def states_fact(sentence: Sentence) -> bool:
    """Body and standfirst sentences state facts; a question ("Maybe Kim should try sit-ups?") does not."""
    return sentence.role in FACT_ROLES and not sentence.text.rstrip("'\"’” ").endswith("?")


def sentence_features(sentence: Sentence) -> list[str]:
    """What two sentences must share to state the same thing."""
    features = list(sentence.lemmas)
    features += ["entity:" + e.key for e in sentence.entities]
    features += [f"{q.kind}:{q.subject or q.unit}:{round(q.value, 1)}" for q in sentence.quantities]
    return features


@dataclass
class Alignment:
    """The facts, and how similar any two of the story's sentences are (for the conflict check)."""

    facts: list[list[Sentence]]
    sentences: list[Sentence]
    matrix: np.ndarray
    index: dict[tuple[str, int], int] = field(init=False)

    def __post_init__(self) -> None:
        self.index = {(s.article_id, s.position): i for i, s in enumerate(self.sentences)}

    def similarity(self, a: Sentence, b: Sentence) -> float:
        return float(self.matrix[self.index[(a.article_id, a.position)], self.index[(b.article_id, b.position)]])


@dataclass
class Group:
    members: list[int]
    articles: dict[str, int] = field(default_factory=dict)


def lexical_similarity(sentences: list[Sentence]) -> np.ndarray:
    vectorizer = TfidfVectorizer(analyzer=sentence_features, sublinear_tf=True, norm="l2")
    vectors = vectorizer.fit_transform(sentences)
    return (vectors @ vectors.T).toarray()


def similarity_matrix(sentences: list[Sentence], encoder: SentenceEncoder, outlets: list[str]) -> np.ndarray:
    """Similarity of every pair of sentences; zero within an outlet, since alignment is across outlets."""
    embeddings = encoder.encode([s.text for s in sentences])
    matrix = EMBEDDING_WEIGHT * (embeddings @ embeddings.T) + (1 - EMBEDDING_WEIGHT) * lexical_similarity(sentences)
    outlet = np.array(outlets)
    matrix[outlet[:, None] == outlet[None, :]] = 0.0
    return matrix


def best_in_outlet(matrix: np.ndarray, outlets: list[str]) -> np.ndarray:
    """best[i, j]: the highest similarity of sentence i to any sentence of j's outlet."""
    outlet = np.array(outlets)
    best = np.zeros_like(matrix)
    for name in set(outlets):
        columns = outlet == name
        best[:, columns] = matrix[:, columns].max(axis=1, keepdims=True)
    return best


def candidate_pairs(matrix: np.ndarray, outlets: list[str]) -> list[tuple[int, int]]:
    """Pairs above the threshold, or above the lower one and each other's best match in the
    other's outlet; strongest first."""
    best = best_in_outlet(matrix, outlets)
    mutual = (matrix >= best) & (matrix >= best.T)
    keep = (matrix >= ALIGN_THRESHOLD) | (mutual & (matrix >= MUTUAL_THRESHOLD))
    pairs = np.argwhere(np.triu(keep, k=1)).tolist()
    return sorted(pairs, key=lambda p: -matrix[p[0], p[1]])


def align(sentences: list[Sentence], outlet_of: dict[str, str], encoder: SentenceEncoder) -> Alignment:
    """Group sentences into facts; every fact-bearing sentence ends up in exactly one group."""
    sentences = [s for s in sentences if s.role in FACT_ROLES or s.role == Role.CAPTION]
    if not sentences:
        return Alignment([], [], np.zeros((0, 0)))
    outlets = [outlet_of[s.article_id] for s in sentences]
    matrix = similarity_matrix(sentences, encoder, outlets)
    groups = [Group([i], {sentences[i].article_id: 1}) for i in range(len(sentences))]
    owner = list(range(len(sentences)))
    for i, j in candidate_pairs(matrix, outlets):
        a, b = owner[i], owner[j]
        if a == b or not _may_merge(groups[a], groups[b], matrix):
            continue
        groups[a].members += groups[b].members
        for article, count in groups[b].articles.items():
            groups[a].articles[article] = groups[a].articles.get(article, 0) + count
        for member in groups[b].members:
            owner[member] = a
        groups[b] = Group([])
    facts = []
    for group in groups:
        members = [sentences[i] for i in sorted(group.members)]
        if any(states_fact(s) for s in members):
            facts.append(members)
    return Alignment(facts, sentences, matrix)


def _may_merge(a: Group, b: Group, matrix: np.ndarray) -> bool:
    for article, count in b.articles.items():
        if a.articles.get(article, 0) + count > MAX_PER_ARTICLE:
            return False
    cross = matrix[np.ix_(a.members, b.members)]
    linked = cross[cross > 0]
    return bool(linked.size) and float(linked.mean()) >= GROUP_THRESHOLD

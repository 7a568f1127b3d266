"""How an article is compared with a story, chosen by name (`Settings.cluster_representation`).

- "terms": the article sketch's lemma weights against the story's (cosine, each of the article's
  terms weighed by its rarity among the open stories); the sketch runs at about 1,000 BASIL
  articles a second on one core, with no model beyond spaCy's lemma tables.
- "embedding": the mean all-MiniLM vector of the headline and the lead (standfirst and first
  paragraphs) against the mean of the story's; two encoder calls an article: clustering the 90
  articles of the BASIL test part took 9.6 s against 0.2 s for "terms" (eval.clustering).
- "terms+embedding": the mean of both similarities, decayed by the time between the article and
  the story's latest article (half of it gone after `story_decay_days`), so that an old story
  needs more in common to take a new article than one still being reported.

Every representation keeps the sketch in the story profile: the candidate index and the web
search read it whichever one decides.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from storylens.analyze.embeddings import SentenceEncoder, get_encoder
from storylens.analyze.sketch import get_sketcher
from storylens.cluster.candidates import OpenStory
from storylens.cluster.profile import Profile, Query, term_similarity, vector_similarity
from storylens.config import Settings
from storylens.model import Article

LEAD_WORDS = 80
"""Words of standfirst and body that stand for the article's lead in the embedding."""

REPRESENTATIONS: dict[str, tuple[str, ...]] = {
    "terms": ("terms",),
    "embedding": ("vector",),
    "terms+embedding": ("terms", "vector"),
}
"""Each representation by name, and the parts of the profiles it compares."""


class UnknownRepresentation(ValueError):
    """`cluster_representation` names no representation."""


@dataclass(frozen=True)
class Representation:
    """Makes article profiles and scores them against story profiles."""

    name: str
    settings: Settings
    encoder: SentenceEncoder | None

    @classmethod
    def named(cls, settings: Settings) -> Representation:
        name = settings.cluster.cluster_representation
        if name not in REPRESENTATIONS:
            raise UnknownRepresentation(
                f"unknown cluster representation {name!r}; choose one of {', '.join(REPRESENTATIONS)}"
            )
        uses_vectors = "vector" in REPRESENTATIONS[name]
        return cls(name, settings, get_encoder(settings.models.sentence_encoder) if uses_vectors else None)

    def profiles(self, articles: list[Article]) -> list[Profile]:
        """One profile per article: the sketch, and the lead vector when this representation uses one."""
        sketcher = get_sketcher(self.settings.models.spacy_model)
        profiles: list[Profile] = [sketcher.sketch(article) for article in articles]
        if self.encoder is not None:
            for profile, vector in zip(profiles, self.vectors(articles)):
                profile["vector"] = vector
        return profiles

    def vectors(self, articles: list[Article]) -> list[list[float]]:
        """Each article's unit vector: the mean of its headline's and its lead's (none without an encoder)."""
        if self.encoder is None or not articles:
            return []
        texts = [text for article in articles for text in (article.title, _lead(article))]
        vectors = self.encoder.encode(texts).reshape(len(articles), 2, -1).mean(axis=1)
        vectors /= np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)
        return [[float(x) for x in vector] for vector in vectors]

    def similarity(self, article: Query, story: OpenStory, gap_days: float) -> float:
        """How much the article belongs to the story, 0 to 1; `gap_days` after the story's latest article."""
        parts = REPRESENTATIONS[self.name]
        scores = [(term_similarity if part == "terms" else vector_similarity)(article, story.profile, story.norms) for part in parts]
        score = sum(scores) / len(scores)
        if len(parts) > 1:
            score *= 0.5 ** (max(gap_days, 0.0) / self.settings.cluster.story_decay_days)
        return score


def _lead(article: Article) -> str:
    """The standfirst and the first body paragraphs, up to `LEAD_WORDS` words (or the headline when there is no body)."""
    words = " ".join([article.standfirst, *article.body]).split()[:LEAD_WORDS]
    return " ".join(words) or article.title

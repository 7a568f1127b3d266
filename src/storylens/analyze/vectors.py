"""Which sentence vectors the analyze stage stores for an article, so that compare encodes nothing.

The compare stage asks for the vector of each sentence and of each clause it weighs on its own
(`compare.alignment.units_of`) and of each claim (`compare.support`); a part's vector is pooled from its sentence's pass of the
model (`embeddings.part_text`), so asking for every clause costs next to nothing and keeps this
list independent of the alignment's settings.
"""

from __future__ import annotations

from collections.abc import Iterable

from storylens.analyze.embeddings import part_text
from storylens.model import AnalyzedArticle


def vector_requests(items: Iterable[AnalyzedArticle]) -> list[str]:
    """The distinct texts to encode: every sentence, and every clause and claim of it."""
    requests: dict[str, None] = {}
    for item in items:
        for sentence in item.sentences:
            requests[sentence.text] = None
            for start, end in [(c.start, c.end) for c in sentence.clauses] + [(c.start, c.end) for c in sentence.claims]:
                requests[part_text(sentence.text, start, end)] = None
    return list(requests)

"""Voices, not outlets: copies of another outlet's article (wire copy carried again) add outlets
that carry a fact, never independent confirmations of it.

The cluster stage links each copy to its original. Compare aligns only the originals and the
independent articles, so a copy's sentences can never corroborate its own original; each copy is
then matched to its original sentence by sentence, to say which of the original's facts it carries
(a copy may have cut the last paragraph).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from storylens.config import FactSettings
from storylens.model import AnalyzedArticle, Sentence

_WORD = re.compile(r"\w+")


def _words(sentence: Sentence) -> frozenset[str]:
    return frozenset(_WORD.findall(sentence.text.lower()))


def _carried(original: AnalyzedArticle, copy: AnalyzedArticle, match: float) -> set[int]:
    """Positions of the original's sentences that the copy also prints: a sentence of the copy shares
    `match` (`facts.copy_sentence_match`) of their words."""
    theirs = [_words(s) for s in copy.sentences]
    found = set()
    for sentence in original.sentences:
        ours = _words(sentence)
        if ours and any(len(ours & other) >= match * len(ours | other) for other in theirs):
            found.add(sentence.position)
    return found


@dataclass(frozen=True)
class Voices:
    """Which articles of a story are copies, and of whose sentences."""

    original_of: dict[str, str]
    """Copy's article id → its original's id, for originals present in the story."""
    carriers: dict[tuple[str, int], list[str]]
    """(original article id, sentence position) → outlets whose copies print that sentence."""

    @classmethod
    def of(cls, items: list[AnalyzedArticle], settings: FactSettings = FactSettings()) -> Voices:
        by_id = {item.article.id: item for item in items}
        original_of = {i.article.id: i.copy_of for i in items if i.copy_of in by_id and i.copy_of != i.article.id}
        carriers: dict[tuple[str, int], list[str]] = {}
        for copy_id, original_id in original_of.items():
            copy = by_id[copy_id]
            for position in _carried(by_id[original_id], copy, settings.copy_sentence_match):
                carriers.setdefault((original_id, position), []).append(copy.article.outlet.name)
        return cls(original_of, carriers)

    def independent(self, items: list[AnalyzedArticle]) -> list[AnalyzedArticle]:
        """The articles that speak in their own voice: every one that is not a copy."""
        return [item for item in items if item.article.id not in self.original_of]

    def copies(self, evidence: Iterable[tuple[Sentence, str]], voices: list[str]) -> dict[str, list[str]]:
        """Original's outlet → the other outlets whose copies carry these sentences, leaving out outlets
        that already state the fact in their own voice."""
        found: dict[str, set[str]] = {}
        for sentence, outlet in evidence:
            carriers = self.carriers.get((sentence.article_id, sentence.position), [])
            found.setdefault(outlet, set()).update(c for c in carriers if c not in voices)
        return {outlet: sorted(carriers) for outlet, carriers in sorted(found.items()) if carriers}

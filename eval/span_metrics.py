"""Precision, recall and F1 of predicted character spans against gold spans, three ways.

- token: word tokens (`framing_classifier.tokenize`) touched by a gold span vs by a predicted one;
- span: a predicted span is right when it overlaps a gold span, a gold span is found when a
  predicted span overlaps it (lenient, since annotators disagree on where a phrase starts);
- SemEval SI: the partial-credit character overlap of SemEval-2020 Task 11's span
  identification (Da San Martino et al., 2020), with overlapping spans merged on each side.
Counts are summed over articles (micro average).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Self

from storylens.framing.classifier import tokenize

Span = tuple[int, int]


@dataclass
class Score:
    """Sums of the two halves of a precision/recall pair, so articles add up before dividing."""

    right: float = 0.0
    predicted: float = 0.0
    found: float = 0.0
    gold: float = 0.0

    def __iadd__(self, other: Score) -> Self:
        self.right += other.right
        self.predicted += other.predicted
        self.found += other.found
        self.gold += other.gold
        return self

    @property
    def precision(self) -> float:
        return self.right / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.found / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def token_score(text: str, scored_from: int, gold: Iterable[Span], predicted: Iterable[Span]) -> Score:
    words = [t for t in tokenize(text) if t.is_word and t.start >= scored_from]
    gold_words = {i for i, t in enumerate(words) if _touches(t.start, t.end, gold)}
    predicted_words = {i for i, t in enumerate(words) if _touches(t.start, t.end, predicted)}
    both = len(gold_words & predicted_words)
    return Score(both, len(predicted_words), both, len(gold_words))


def span_score(gold: list[Span], predicted: list[Span]) -> Score:
    right = sum(1 for s in predicted if _touches(*s, gold))
    found = sum(1 for g in gold if _touches(*g, predicted))
    return Score(right, len(predicted), found, len(gold))


def semeval_score(gold: list[Span], predicted: list[Span]) -> Score:
    gold, predicted = merged(gold), merged(predicted)
    right = sum(_overlap(s, t) / (s[1] - s[0]) for s in predicted for t in gold)
    found = sum(_overlap(s, t) / (t[1] - t[0]) for s in predicted for t in gold)
    return Score(right, len(predicted), found, len(gold))


def merged(spans: Iterable[Span]) -> list[Span]:
    out: list[Span] = []
    for start, end in sorted(s for s in spans if s[1] > s[0]):
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


def _touches(start: int, end: int, spans: Iterable[Span]) -> bool:
    return any(start < b and a < end for a, b in spans)


def _overlap(a: Span, b: Span) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))

"""Loaded language learnt from labelled news: a logistic-regression token tagger, fast enough for every paragraph.

The lexicon knows only the words someone wrote down; this model learnt from PTC's
`Loaded_Language` and `Name_Calling,Labeling` spans and BASIL's `lex` spans which words, in which
company, annotators call loaded, and from PTC's `Appeal_to_fear-prejudice`, `Doubt` and
`Exaggeration,Minimisation` spans which words carry fear, doubt or exaggeration. Each group of
classes has its own decision threshold, since the groups differ in how often and how surely
they can be told from plain text (`scripts/train_framing.py` trains it; the weights ship in
`models/loaded_language.json` with the sha256 of every training file). It reads raw tokens only,
no parse: each feature describes one word type at one position around the token (the word, its
suffix and shape, its lexicon kind, its VADER valence), so a word type's contribution at each
position is summed once and cached, and tagging a paragraph is a table lookup per token and a
softmax.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np

from storylens.framing.lexicon import Lexicon, LexiconEntry, LexiconFraming, default_lexicon
from storylens.framing.placement import ParsedLine, Placement, placements
from storylens.framing.tone import valence
from storylens.model import Article, FramingKind, FramingSpan

MODEL_FILE = Path(__file__).parent / "data" / "loaded_language.json"
MODEL_FORMAT = 2
NONE = "none"
"""The class of a token outside every loaded span; always the first class of the model."""

TOKEN = re.compile(r"\w+(?:-\w+)*|[^\w\s]")
CONTEXT: dict[int, tuple[str, ...]] = {
    -2: ("lex", "vader"),
    -1: ("w", "shape", "lex", "vader"),
    0: ("w", "suf", "shape", "lex", "vader"),
    1: ("w", "shape", "lex", "vader"),
    2: ("lex", "vader"),
}
"""Which word features are read at each position relative to the token being tagged."""
SUFFIXES = (("ies", "y"), ("ied", "y"), ("ing", ""), ("ing", "e"), ("ed", ""), ("ed", "e"), ("es", ""), ("s", ""), ("ly", ""))


class FramingModelUnavailable(ValueError):
    """The model file is missing or of another format; a ValueError, like an unknown model name."""


class Token(NamedTuple):
    """A word or punctuation mark and its offsets; a tuple, since a paragraph makes hundreds."""

    start: int
    end: int
    text: str

    @property
    def is_word(self) -> bool:
        return self.text[0].isalnum() or self.text[0] == "_"


def tokenize(text: str) -> list[Token]:
    """Words (hyphenated compounds kept whole) and single punctuation marks, with their offsets."""
    return [Token(m.start(), m.end(), m.group()) for m in TOKEN.finditer(text)]


class WordFeatures:
    """What the model knows of a word type, independent of where it stands."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.entries = {_surface(e.words): e for e in lexicon.entries if " " not in _surface(e.words)}

    def __call__(self, word: str) -> dict[str, str]:
        lower = word.lower()
        found = {"w": lower, "shape": _shape(word)}
        if len(lower) >= 5:
            found["suf"] = lower[-3:]
        entry = self.entry(lower)
        if entry is not None:
            found["lex"] = entry.kind.value
        score = valence(lower)
        if score is not None:
            found["vader"] = _valence_band(score)
        return found

    def entry(self, lower: str) -> LexiconEntry | None:
        """The single-word lexicon entry of the word or of its stem ("dictators", "brutally")."""
        for stem in _stems(lower):
            if stem in self.entries:
                return self.entries[stem]
        return None


def _surface(words: tuple[str, ...]) -> str:
    """A lexicon phrase as written: ("so", "-", "called") is "so-called"."""
    return " ".join(words).replace(" - ", "-")


def _stems(lower: str) -> list[str]:
    stems = [lower]
    for suffix, replacement in SUFFIXES:
        if lower.endswith(suffix) and len(lower) > len(suffix) + 2:
            stem = lower[: -len(suffix)] + replacement
            stems.append(stem)
            if len(stem) > 3 and stem[-1] == stem[-2] and not replacement:
                stems.append(stem[:-1])
    return stems


def _shape(word: str) -> str:
    if not word[0].isalnum():
        return "punct"
    if word.isdigit():
        return "digit"
    if word.isupper() and len(word) > 1:
        return "upper"
    if word[0].isupper():
        return "title"
    return "lower" if word.islower() else "mixed"


def _valence_band(score: float) -> str:
    if score <= -2:
        return "neg2"
    if score < 0:
        return "neg1"
    return "pos2" if score >= 2 else "pos1"


def context_features(words: list[str], features: WordFeatures) -> list[list[str]]:
    """The feature names of every token: each word feature prefixed by the position it is read at.

    Training builds its matrix from these names; tagging sums the same weights per word type.
    """
    described = [features(w) for w in words]
    names: list[list[str]] = [[] for _ in words]
    for i in range(len(words)):
        for offset, templates in CONTEXT.items():
            j = i + offset
            if 0 <= j < len(words):
                names[i] += [f"{offset}:{t}={described[j][t]}" for t in templates if t in described[j]]
    return names


class TokenTagger:
    """The trained weights, applied to a paragraph's tokens: one class probability row per token."""

    def __init__(self, model: dict[str, Any], features: WordFeatures) -> None:
        if model.get("format") != MODEL_FORMAT or model["classes"][0] != NONE:
            raise FramingModelUnavailable(f"framing model of format {model.get('format')!r}; this storylens reads {MODEL_FORMAT}")
        self.classes: list[str] = model["classes"]
        self.kinds = {name: FramingKind(kind) for name, kind in model["kinds"].items()}
        self.groups: dict[str, list[int]] = {g: [self.classes.index(c) for c in members] for g, members in model["groups"].items()}
        """Classes decided together: a token belongs to a group when their summed probability reaches its threshold."""
        self.thresholds: dict[str, dict[str, float]] = model["thresholds"]
        """For each model name that uses the tagger, the decision threshold of each group."""
        self.intercept = np.asarray(model["intercept"], dtype=np.float64)
        self.weights = {name: np.asarray(w, dtype=np.float64) for name, w in model["weights"].items()}
        self.features = features
        self.offsets = sorted(CONTEXT)
        self._rows: dict[str, int] = {}
        self._table = np.zeros((1024, len(self.offsets), len(self.classes)))

    def probabilities(self, words: list[str]) -> np.ndarray:
        """Softmax over the classes for each word, from its own features and its neighbours'."""
        ids = np.fromiter((self._row(w) for w in words), dtype=np.intp, count=len(words))
        logits = np.tile(self.intercept, (len(words), 1))
        for column, offset in enumerate(self.offsets):
            by_word = self._table[ids, column]
            if offset > 0:
                logits[:-offset] += by_word[offset:]
            elif offset < 0:
                logits[-offset:] += by_word[:offset]
            else:
                logits += by_word
        logits -= logits.max(axis=1, keepdims=True)
        exp = np.exp(logits)
        return exp / exp.sum(axis=1, keepdims=True)

    def group_scores(self, probabilities: np.ndarray) -> np.ndarray:
        """The summed probability of each group's classes, one column per group in the order of `groups`."""
        return np.stack([probabilities[:, members].sum(axis=1) for members in self.groups.values()], axis=1)

    def positive(self, probabilities: np.ndarray, thresholds: dict[str, float]) -> np.ndarray:
        """Tokens for which some group reaches its threshold."""
        limits = np.array([thresholds[group] for group in self.groups])
        return np.asarray((self.group_scores(probabilities) >= limits).any(axis=1))

    def _row(self, word: str) -> int:
        """The cached row of the word type: its summed weights at each position."""
        row = self._rows.get(word)
        if row is not None:
            return row
        row = len(self._rows)
        if row == len(self._table):
            self._table = np.concatenate([self._table, np.zeros_like(self._table)])
        described = self.features(word)
        zero = np.zeros(len(self.classes))
        for column, offset in enumerate(self.offsets):
            names = (f"{offset}:{t}={described[t]}" for t in CONTEXT[offset] if t in described)
            self._table[row, column] = sum((self.weights.get(n, zero) for n in names), zero)
        self._rows[word] = row
        return row


@lru_cache(maxsize=2)
def load_tagger(path: Path = MODEL_FILE) -> TokenTagger:
    """The committed model, read once per process."""
    try:
        model = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise FramingModelUnavailable(f"framing model {path} cannot be read: {error}") from None
    return TokenTagger(model, WordFeatures(default_lexicon()))


class ClassifierFraming:
    """Runs of tokens the tagger scores as loaded, with the most likely kind and the lexicon's neutral wording."""

    name = "classifier"

    def __init__(self, tagger: TokenTagger | None = None, thresholds: dict[str, float] | None = None) -> None:
        self.tagger = tagger if tagger is not None else load_tagger()
        self.thresholds = thresholds if thresholds is not None else self.tagger.thresholds[self.name]

    def spans(self, article: Article, lines: Sequence[ParsedLine] = ()) -> list[FramingSpan]:
        """All spans of the article, offsets into `article.text`; the tagger reads raw text, so the parse is unused."""
        return [span for placement in placements(article) for span in self.placement_spans(placement)]

    def placement_spans(self, placement: Placement) -> list[FramingSpan]:
        tokens = tokenize(placement.text)
        if not tokens:
            return []
        probabilities = self.tagger.probabilities([t.text for t in tokens])
        positive = self.tagger.positive(probabilities, self.thresholds)
        return [self._span(placement, tokens, run, probabilities) for run in _runs(tokens, positive)]

    def _span(self, placement: Placement, tokens: list[Token], run: range, probabilities: np.ndarray) -> FramingSpan:
        """The run's kind: the lexicon's for a word it lists, else the class the run leans to."""
        entries = [self.tagger.features.entry(tokens[i].text.lower()) for i in run]
        listed = [e for e in entries if e is not None]
        if listed:
            kind = listed[-1].kind
        else:
            leaning = probabilities[run.start : run.stop, 1:].sum(axis=0)
            kind = self.tagger.kinds[self.tagger.classes[1 + int(leaning.argmax())]]
        neutral = entries[-1].neutral if entries[-1] is not None else None
        score = round(float(1.0 - probabilities[run.start : run.stop, 0].min()), 3)
        return placement.span(tokens[run.start].start, tokens[run.stop - 1].end, kind, score, neutral)


def _runs(tokens: list[Token], positive: np.ndarray) -> list[range]:
    """Consecutive positive tokens, trimmed so that a span starts and ends on a word."""
    runs, start = [], None
    for i, flag in enumerate([*positive.tolist(), False]):
        if flag and start is None:
            start = i
        elif not flag and start is not None:
            words = [j for j in range(start, i) if tokens[j].is_word]
            if words:
                runs.append(range(words[0], words[-1] + 1))
            start = None
    return runs


class LexiconAndClassifier:
    """The lexicon's parsed phrases first, then the classifier's spans where the lexicon found nothing.

    The classifier's thresholds here are their own, tuned for adding to the lexicon rather than
    for working alone.
    """

    name = "lexicon+classifier"

    def __init__(self) -> None:
        self.lexicon = LexiconFraming()
        tagger = load_tagger()
        self.classifier = ClassifierFraming(tagger, tagger.thresholds[self.name])

    def spans(self, article: Article, lines: Sequence[ParsedLine]) -> list[FramingSpan]:
        found = self.lexicon.spans(article, lines)
        extra = [s for s in self.classifier.spans(article) if not any(_overlap(s, f) for f in found)]
        return sorted(found + extra, key=lambda s: (s.start, s.end))


def _overlap(a: FramingSpan, b: FramingSpan) -> bool:
    return a.start < b.end and b.start < a.end

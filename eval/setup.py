"""The machine an evaluation ran on, printed under its tables.

The same code and the same model bytes (the built encoder's sha256 is checked by
tests/test_encoder_build.py) printed slightly different figures on two machines (README,
Limits): ONNX Runtime picks its kernels by CPU. A figure is therefore quoted with this line.
"""

from __future__ import annotations

import os
import platform
from importlib.metadata import version
from pathlib import Path

SIMD = ("avx2", "avx512f", "avx512_vnni", "avx_vnni", "amx_int8")
"""The instruction sets that decide which int8 and float kernels ONNX Runtime runs."""


def setup_line() -> str:
    """'set-up: AMD EPYC, 2 cores, avx2; onnxruntime 1.32.0, storylens 0.1.0'."""
    name, flags = _cpu()
    found = [flag for flag in SIMD if flag in flags] or ["no AVX2"]
    return (
        f"set-up: {name}, {os.cpu_count()} cores, {' '.join(found)}; "
        f"onnxruntime {version('onnxruntime')}, storylens {version('storylens')}"
    )


def _cpu() -> tuple[str, set[str]]:
    """The CPU's model name and feature flags, from /proc/cpuinfo where there is one."""
    info = Path("/proc/cpuinfo")
    if not info.is_file():
        return platform.processor() or platform.machine(), set()
    fields = dict(line.split(":", 1) for line in info.read_text().splitlines() if ":" in line)
    fields = {key.strip(): value.strip() for key, value in fields.items()}
    return fields.get("model name", platform.machine()), set(fields.get("flags", "").split())

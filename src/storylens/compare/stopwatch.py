"""Where the time of one comparison goes, phase by phase, for `benchmarks.compare` and `--timings`.

Phases nest (encoding happens inside alignment), and each one is charged only its own time: the
seconds spent in an inner phase are taken off the outer one, so the phases add up to the whole.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from time import perf_counter

import numpy as np

from storylens.analyze.embeddings import SentenceEncoder


class Stopwatch:
    """Seconds per phase name, exclusive of the phases nested inside it."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self._inner: list[float] = []

    @contextmanager
    def phase(self, name: str) -> Iterator[None]:
        started = perf_counter()
        self._inner.append(0.0)
        try:
            yield
        finally:
            spent = perf_counter() - started
            self.seconds[name] = self.seconds.get(name, 0.0) + spent - self._inner.pop()
            if self._inner:
                self._inner[-1] += spent


class TimedEncoder:
    """An encoder whose calls are charged to the stopwatch's "encode" phase."""

    def __init__(self, encoder: SentenceEncoder, stopwatch: Stopwatch) -> None:
        self.encoder = encoder
        self.stopwatch = stopwatch
        self.name = encoder.name

    @property
    def dimensions(self) -> int:
        return self.encoder.dimensions

    def encode(self, texts: list[str]) -> np.ndarray:
        with self.stopwatch.phase("encode"):
            return self.encoder.encode(texts)

"""Speed of every registered sentence encoder on real news sentences, and how far each one's
vectors are from those of the shipped graph (`minilm-int8`).

    .venv/bin/python -m benchmarks.encoders [--runs 3] [--articles 10]

The sentences are the distinct sentences of `benchmarks.compare`'s story of that many articles
(real BASIL text). Each encoder is loaded and warmed on a few sentences first; its load time is
reported apart, the build included for an encoder derived on first use (cache emptied first).
Wall seconds are the best of `--runs`, CPU seconds those of that run (all threads).
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from collections.abc import Callable

import numpy as np
from rich.console import Console
from rich.table import Table

from benchmarks.compare import benchmark_articles, cpu_model
from storylens.analyze.embeddings import ENCODERS
from storylens.analyze.nlp import load_pipeline
from storylens.config import Settings

REFERENCE = "minilm-int8"


def sentences(articles: int) -> list[str]:
    nlp = load_pipeline(Settings().models.spacy_model)
    texts = (s.text for article in benchmark_articles(articles) for paragraph in article.body for s in nlp(paragraph).sents)
    return list(dict.fromkeys(t for t in texts if t.strip()))


def best_run(encode: Callable[[list[str]], np.ndarray], texts: list[str], runs: int) -> tuple[float, float, np.ndarray]:
    """Best wall seconds, the CPU seconds of that run, and the vectors."""
    best = (float("inf"), 0.0, np.zeros(0))
    for _ in range(runs):
        wall, cpu = time.perf_counter(), time.process_time()
        vectors = encode(texts)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        if wall < best[0]:
            best = (wall, cpu, vectors)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--articles", type=int, default=10)
    args = parser.parse_args()
    texts = sentences(args.articles)
    os.environ["STORYLENS_CACHE_DIR"] = tempfile.mkdtemp(prefix="storylens-bench-")
    table = Table(
        title=f"Sentence encoders on {len(texts)} distinct sentences of a {args.articles}-article story (best of {args.runs})",
        caption=f"{os.cpu_count()} CPUs ({cpu_model()}), load average {os.getloadavg()[0]:.1f} at start; "
        f"cosine and drift against {REFERENCE}, the shipped graph",
    )
    for column in ("encoder", "load s", "wall s", "cpu s", "sentences/s", "cosine mean", "cosine min", "pair drift mean", "pair drift max"):
        table.add_column(column, justify="right")
    reference = None
    for name in [REFERENCE] + sorted(set(ENCODERS) - {REFERENCE}):
        started = time.perf_counter()
        encoder = ENCODERS[name]()
        loaded = time.perf_counter() - started
        encoder.encode(texts[:8])
        wall, cpu, vectors = best_run(encoder.encode, texts, args.runs)
        reference = vectors if reference is None else reference
        cosines = (vectors * reference).sum(axis=1)
        pairs = np.triu_indices(len(texts), 1)
        drift = np.abs(vectors @ vectors.T - reference @ reference.T)[pairs]
        table.add_row(
            name,
            f"{loaded:.1f}",
            f"{wall:.2f}",
            f"{cpu:.2f}",
            f"{len(texts) / wall:.0f}",
            f"{cosines.mean():.4f}",
            f"{cosines.min():.4f}",
            f"{drift.mean():.4f}",
            f"{drift.max():.4f}",
        )
    Console(width=140).print(table)


if __name__ == "__main__":
    main()

"""Fact alignment on the seed pair against the hand-made key in tests/keys/.

Precision counts predicted cross-outlet pairs that the key lists as required or acceptable;
recall counts required pairs that were predicted. Run: .venv/bin/python -m eval.seed_alignment
"""

from __future__ import annotations

import json
import tempfile
from itertools import combinations
from pathlib import Path

from rich.console import Console
from rich.table import Table

from eval.setup import setup_line
from storylens.config import Settings
from storylens.model import SentenceRef, StoryReport
from storylens.pipeline import analyze_pending, cluster_pending, ingest, story_report
from storylens.store import Store

ROOT = Path(__file__).resolve().parents[1]
KEY = ROOT / "tests" / "keys" / "seed_pair_alignment.json"
SEED = ROOT / "examples" / "seed-pair"

Pair = tuple[str, str]


def seed_report(db: Path) -> StoryReport:
    """The seed pair run through the real pipeline into a fresh store."""
    with Store(db) as store:
        ingest(store, [SEED])
        analyze_pending(store, Settings())
        (story_id,) = cluster_pending(store, Settings())
        return story_report(store, story_id, Settings())


def cross_outlet_pairs(report: StoryReport) -> list[tuple[SentenceRef, SentenceRef]]:
    """Every cross-outlet pair of evidence sentences that the report puts in one fact, the outlet
    first in name order; a pair that two facts share comes once per fact."""
    pairs = []
    for fact in report.facts:
        for a, b in combinations(fact.evidence, 2):
            if a.outlet != b.outlet:
                first, second = sorted((a, b), key=lambda ref: ref.outlet)
                pairs.append((first, second))
    return pairs


def predicted_pairs(report: StoryReport) -> set[Pair]:
    """The cross-outlet pairs as texts, which is how the seed key names sentences."""
    return {(a.text, b.text) for a, b in cross_outlet_pairs(report)}


def _in_key(pair: Pair, key: list[list[str]]) -> bool:
    return any(pair[0].startswith(a) and pair[1].startswith(b) for a, b in key)


def score(report: StoryReport) -> dict[str, float]:
    key = json.loads(KEY.read_text(encoding="utf-8"))
    predicted = predicted_pairs(report)
    correct = [p for p in predicted if _in_key(p, key["required"] + key["acceptable"])]
    found = [r for r in key["required"] if any(_in_key(p, [r]) for p in predicted)]
    return {
        "predicted": len(predicted),
        "correct": len(correct),
        "precision": len(correct) / len(predicted) if predicted else 0.0,
        "required": len(key["required"]),
        "found": len(found),
        "recall": len(found) / len(key["required"]),
    }


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        report = seed_report(Path(tmp) / "seed.db")
    result = score(report)
    table = Table(title="Seed pair: aligned fact pairs against tests/keys/seed_pair_alignment.json")
    for column in ("predicted pairs", "precision", "required pairs", "recall"):
        table.add_column(column, justify="right")
    table.add_row(
        str(result["predicted"]), f"{result['precision']:.2f}", str(result["required"]), f"{result['recall']:.2f}"
    )
    Console().print(table)


if __name__ == "__main__":
    main()
    print(setup_line())

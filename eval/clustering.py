"""Story clustering on BASIL: BCubed and pairwise F1 of the online clusterer.

The articles are streamed in publication order through the real pipeline (analyze, then the
cluster stage on a SQLite store). The threshold is fitted on 2010-2013 and scored on 2014-2016.
Run: .venv/bin/python -m eval.clustering
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import replace
from itertools import combinations
from pathlib import Path

from rich.console import Console
from rich.table import Table

from eval.basil import BasilArticle, load_basil
from storylens.config import Settings
from storylens.pipeline import analyze_pending, cluster_pending
from storylens.store import Store

THRESHOLDS = [0.05, 0.08, 0.1, 0.12, 0.15, 0.18, 0.2, 0.25, 0.3, 0.35, 0.4]
FIT_YEARS = range(2010, 2014)
TEST_YEARS = range(2014, 2017)


def bcubed(gold: dict[str, str], predicted: dict[str, int]) -> tuple[float, float, float]:
    precision = recall = 0.0
    for item in gold:
        same_pred = {o for o in gold if predicted[o] == predicted[item]}
        same_gold = {o for o in gold if gold[o] == gold[item]}
        both = len(same_pred & same_gold)
        precision += both / len(same_pred)
        recall += both / len(same_gold)
    precision, recall = precision / len(gold), recall / len(gold)
    return precision, recall, 2 * precision * recall / (precision + recall)


def pairwise_f1(gold: dict[str, str], predicted: dict[str, int]) -> float:
    pairs = list(combinations(gold, 2))
    same_gold = {p for p in pairs if gold[p[0]] == gold[p[1]]}
    same_pred = {p for p in pairs if predicted[p[0]] == predicted[p[1]]}
    if not same_pred or not same_gold:
        return 0.0
    precision = len(same_gold & same_pred) / len(same_pred)
    recall = len(same_gold & same_pred) / len(same_gold)
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def analysed_store(articles: list[BasilArticle], folder: Path, name: str) -> Path:
    path = folder / f"{name}.db"
    with Store(path) as store:
        store.add_articles([a.article for a in articles])
        analyze_pending(store, Settings())
    return path


def score(analysed: Path, articles: list[BasilArticle], threshold: float, folder: Path) -> tuple[float, ...]:
    path = folder / f"t{threshold}.db"
    shutil.copy(analysed, path)
    with Store(path) as store:
        cluster_pending(store, replace(Settings(), story_threshold=threshold))
        predicted = {a: s.id for s in store.stories() for a in s.article_ids}
    gold = {a.article.id: a.story for a in articles}
    return (*bcubed(gold, predicted), pairwise_f1(gold, predicted), len(set(predicted.values())), len(set(gold.values())))


def main() -> None:
    console = Console()
    everything = load_basil()
    parts = {
        "fit 2010-2013": [a for a in everything if a.year in FIT_YEARS],
        "test 2014-2016": [a for a in everything if a.year in TEST_YEARS],
    }
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        stores = {name: analysed_store(arts, folder, name.split()[0]) for name, arts in parts.items()}
        fit_name, test_name = parts
        sweep = Table(title=f"BASIL {fit_name}: threshold sweep")
        for column in ("threshold", "B3 P", "B3 R", "B3 F1", "pair F1", "stories", "gold"):
            sweep.add_column(column, justify="right")
        best = (0.0, THRESHOLDS[0])
        for threshold in THRESHOLDS:
            p, r, f, pf, n, g = score(stores[fit_name], parts[fit_name], threshold, folder)
            sweep.add_row(f"{threshold:.2f}", f"{p:.3f}", f"{r:.3f}", f"{f:.3f}", f"{pf:.3f}", str(n), str(g))
            best = max(best, (f, threshold))
        console.print(sweep)
        p, r, f, pf, n, g = score(stores[test_name], parts[test_name], best[1], folder)
        result = Table(title=f"BASIL {test_name} at the fitted threshold {best[1]:.2f} (default {Settings().story_threshold})")
        for column in ("B3 P", "B3 R", "B3 F1", "pair F1", "stories", "gold"):
            result.add_column(column, justify="right")
        result.add_row(f"{p:.3f}", f"{r:.3f}", f"{f:.3f}", f"{pf:.3f}", str(n), str(g))
        console.print(result)


if __name__ == "__main__":
    main()

"""Story clustering on BASIL, NeuS and ECB+: storylens beside two batch peers, BCubed and pairwise F1.

storylens runs through the real pipeline on a temporary SQLite store, once per representation
it offers ("terms", "embedding", "terms+embedding"): the articles are added and clustered in the
store's stream order (publication date; undated ones in the order of a hash of their text).
Each representation runs at its shipped thresholds (`config.CLUSTER_THRESHOLDS`), and each
method's parameter (storylens's story threshold, the peers' settings) is fitted on a data set's
fit part by BCubed F1 and scored once on its test part.
See eval/clustering_data.py for the parts and eval/clustering_peers.py for the peers.

Run: .venv/bin/python -m eval.clustering [--dataset basil|neus|ecbplus] [--quick] [--neus-fit-events N]
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from itertools import combinations, count
from pathlib import Path

from rich.console import Console
from rich.table import Table

from eval.cluster_metrics import ClusterScore, cluster_score, hard_negatives_joined
from eval.clustering_data import DATASETS, Dataset, Labelled, neus
from eval.clustering_peers import PEERS, Method, describe, remembering_encoder
from eval.setup import setup_line
from storylens.cluster.representation import REPRESENTATIONS
from storylens.config import Settings
from storylens.pipeline import cluster_pending
from storylens.store import Store

THRESHOLDS = (0.05, 0.08, 0.1, 0.12, 0.15, 0.18, 0.2, *(round(0.25 + 0.05 * i, 2) for i in range(14)))
"""One grid for every representation: term cosines of one event sit low, embedding cosines high."""
QUICK_NEUS_EVENTS = 100
"""--quick scores NeuS on this many train events (fit) and as many val events (test)."""
NEUS_FIT_EVENTS = 307
"""NeuS is fitted on this many train events, as many as val holds: undated, every story stays a
candidate, so a stream's density sets the threshold, and the fit stream should be as dense as the
test one (all 2,452 train events with --neus-fit-events 0)."""


_STORE_NUMBERS = count()


@dataclass(frozen=True)
class PreparedStore:
    """A store holding one part's articles, ready to be clustered (copied once per threshold)."""

    path: Path
    article_ids: list[str]


class Storylens:
    """storylens's online clusterer with one representation, run by the pipeline's own functions
    on a SQLite store. Clustering reads only the articles' text (no analysis beforehand), as in
    `storylens ingest`."""

    def __init__(self, representation: str, folder: Path, default: bool = False) -> None:
        """`default`: no fitting, the thresholds a user gets choosing this representation and no threshold."""
        self.representation = representation
        chosen = " (the default)" if representation == Settings().cluster.cluster_representation else ""
        self.name = f"storylens {representation}" + (f"{chosen}, default thresholds" if default else ", fitted")
        self.grid: tuple[float | None, ...] = (None,) if default else THRESHOLDS
        """None: the default thresholds, for dated and undated articles each."""
        self.folder = folder

    def features(self, items: list[Labelled]) -> PreparedStore:
        path = self._new_path()
        with Store(path) as store:
            store.add_articles([item.article for item in items])
        return PreparedStore(path, [item.article.id for item in items])

    def cluster(self, features: object, parameter: object) -> list[int]:
        assert isinstance(features, PreparedStore)
        settings = Settings().updated(cluster_representation=self.representation, sentence_encoder=remembering_encoder().name)
        if parameter is not None:
            threshold = float(parameter)  # type: ignore[arg-type]
            settings = settings.updated(story_threshold=threshold, dense_story_threshold=threshold)
        path = self._new_path()
        shutil.copy(features.path, path)
        with Store(path) as store:
            cluster_pending(store, settings)
            story_of = {article: story.id for story in store.stories() for article in story.article_ids}
        path.unlink()
        return [story_of.get(article, -1 - n) for n, article in enumerate(features.article_ids)]

    def _new_path(self) -> Path:
        return self.folder / f"store-{next(_STORE_NUMBERS)}.db"


@dataclass(frozen=True)
class Fitted:
    method: str
    parameter: object
    sweep: list[tuple[object, ClusterScore]]
    test: ClusterScore
    seconds: float
    joined: tuple[int, int] | None
    """Hard-negative pairs (same topic, different event) put in one story, of all such pairs."""


def evaluate(method: Method, dataset: Dataset) -> Fitted:
    """Sweep the method's grid on the fit part, then cluster the test part once at the best value;
    `seconds` is the test part's whole cost, features included."""
    features = method.features(dataset.fit)
    sweep = [(value, _score(dataset.fit, method.cluster(features, value))) for value in method.grid]
    best = _middle_of_best(sweep)
    with remembering_encoder().cold():
        start = time.perf_counter()
        labels = method.cluster(method.features(dataset.test), best)
        seconds = time.perf_counter() - start
    return Fitted(method.name, best, sweep, _score(dataset.test, labels), seconds, _joined(dataset.test, labels))


def _middle_of_best(sweep: list[tuple[object, ClusterScore]]) -> object:
    """The middle of the grid values that tie for the best fit F1: a plateau's edge is the value
    most likely to fall off it on other data."""
    top = max(score.f1 for _, score in sweep)
    tied = [value for value, score in sweep if score.f1 >= top - 1e-9]
    return tied[(len(tied) - 1) // 2]


def _score(items: list[Labelled], labels: list[int]) -> ClusterScore:
    gold = {item.article.id: item.story for item in items}
    return cluster_score(gold, {item.article.id: label for item, label in zip(items, labels)})


def _joined(items: list[Labelled], labels: list[int]) -> tuple[int, int] | None:
    topics = {item.article.id: item.topic for item in items if item.topic is not None}
    if not topics:
        return None
    gold = {item.article.id: item.story for item in items}
    return hard_negatives_joined(topics, gold, {item.article.id: label for item, label in zip(items, labels)})


def sweep_table(dataset: Dataset, results: list[Fitted]) -> Table:
    table = Table(title=f"{dataset.name} fit part, {dataset.fit_label}: B3 F1 at each parameter value")
    table.add_column("method")
    table.add_column("chosen")
    table.add_column("parameter: B3 F1")
    for result in results:
        values = [value for value, _ in result.sweep]
        at_edge = len(values) > 1 and isinstance(result.parameter, float) and result.parameter in (values[0], values[-1])
        edge = " (grid edge)" if at_edge else ""
        cells = [f"{describe(value)}: {score.f1:.3f}" for value, score in result.sweep]
        table.add_row(result.method, describe(result.parameter) + edge, "  ".join(cells))
    return table


def test_table(dataset: Dataset, results: list[Fitted]) -> Table:
    table = Table(
        title=f"{dataset.name} test part, {dataset.test_label}, at the parameters chosen on the fit part "
        "(storylens streams the articles; the peers cluster the whole part at once, no time window)"
    )
    columns = ["method", "parameter", "B3 P", "B3 R", "B3 F1", "pair F1", "stories", "gold", "seconds"]
    hard_negatives = all(result.joined is not None for result in results)
    if hard_negatives:
        columns.append("similar-event pairs joined")
    for column in columns:
        table.add_column(column, justify="left" if column == "method" else "right")
    for result in results:
        s = result.test
        cells = [
            result.method,
            describe(result.parameter),
            *(f"{value:.3f}" for value in (s.precision, s.recall, s.f1, s.pair_f1)),
            str(s.predicted),
            str(s.gold),
            f"{result.seconds:.1f}",
        ]
        if result.joined is not None and hard_negatives:
            joined, total = result.joined
            cells.append(f"{joined} of {total} ({joined / max(total, 1):.1%})")
        table.add_row(*cells)
    return table


@dataclass(frozen=True)
class SmallRuns:
    """What the default clustering makes of small inputs, each group of a part run alone on a
    store of its own, as a user runs `storylens run` over a folder on one event or one topic."""

    groups: int
    whole: int
    """Groups whose articles of one event all landed in one story (ECB+: each of its two events counted)."""
    events: int
    same_joined: int
    same_pairs: int
    other_joined: int
    other_pairs: int
    """Pairs of articles of one group but different events (ECB+'s similar events) put in one story."""


def small_runs(items: list[Labelled], group_of: Callable[[Labelled], str | None]) -> SmallRuns:
    """Each group (a NeuS event, an ECB+ topic of two similar events) clustered alone at the default settings."""
    groups: dict[str | None, list[Labelled]] = {}
    for item in items:
        groups.setdefault(group_of(item), []).append(item)
    whole = events = same_joined = same_pairs = other_joined = other_pairs = 0
    with tempfile.TemporaryDirectory() as tmp:
        for number, members in enumerate(groups.values()):
            with Store(Path(tmp) / f"small-{number}.db") as store:
                store.add_articles([item.article for item in members])
                cluster_pending(store, Settings().updated(sentence_encoder=remembering_encoder().name))
                story_of = {article: story.id for story in store.stories() for article in story.article_ids}
            labels = [story_of.get(item.article.id) for item in members]
            by_event: dict[str, set[int | None]] = {}
            for item, label in zip(members, labels):
                by_event.setdefault(item.story, set()).add(label)
            events += len(by_event)
            whole += sum(len(found) == 1 for found in by_event.values())
            for (a, first), (b, second) in combinations(zip(members, labels), 2):
                if a.story == b.story:
                    same_pairs += 1
                    same_joined += first == second
                else:
                    other_pairs += 1
                    other_joined += first == second
    return SmallRuns(len(groups), whole, events, same_joined, same_pairs, other_joined, other_pairs)


def small_runs_table(dataset: Dataset, part: str, runs: SmallRuns, group: str) -> Table:
    label = dataset.fit_label if part == "fit" else dataset.test_label
    table = Table(title=f"{dataset.name} {part} part, {label}: each {group} clustered alone, default settings")
    for column in ("groups", "events in one story", "same-event pairs joined", "different-event pairs joined"):
        table.add_column(column, justify="right")
    other = f"{runs.other_joined} of {runs.other_pairs} ({runs.other_joined / runs.other_pairs:.1%})" if runs.other_pairs else "–"
    table.add_row(
        str(runs.groups),
        f"{runs.whole} of {runs.events}",
        f"{runs.same_joined} of {runs.same_pairs} ({runs.same_joined / max(runs.same_pairs, 1):.1%})",
        other,
    )
    return table


SMALL_RUNS: dict[str, tuple[str, Callable[[Labelled], str | None]]] = {
    "NeuS": ("event", lambda item: item.story),
    "ECB+": ("topic", lambda item: item.topic),
}
"""Data sets whose parts are also clustered a group at a time (the fit part's runs chose the
sparse threshold, `config.CLUSTER_THRESHOLDS`), and the group: a NeuS event's
three articles should make one story, an ECB+ topic's two similar events two."""


def _events(value: str) -> int:
    if not value.isdigit():
        raise argparse.ArgumentTypeError(f"expected a number of events (0 or more), got {value!r}")
    return int(value)


def main() -> None:
    parser = argparse.ArgumentParser(description="Story clustering accuracy of storylens and two peers.")
    parser.add_argument("--dataset", choices=sorted(DATASETS), help="score one data set only (default: all)")
    parser.add_argument("--quick", action="store_true", help=f"NeuS on {QUICK_NEUS_EVENTS} train and {QUICK_NEUS_EVENTS} val events")
    parser.add_argument(
        "--neus-fit-events",
        type=_events,
        default=NEUS_FIT_EVENTS,
        metavar="N",
        help=f"NeuS train events to fit on, sampled with a fixed seed (default {NEUS_FIT_EVENTS}; 0: all)",
    )
    args = parser.parse_args()
    console = Console(width=160)
    loaders = {name: DATASETS[name] for name in ([args.dataset] if args.dataset else DATASETS)}
    if "neus" in loaders:
        fit_events, test_events = (QUICK_NEUS_EVENTS, QUICK_NEUS_EVENTS) if args.quick else (args.neus_fit_events or None, None)
        loaders["neus"] = lambda: neus(fit_events, test_events)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        methods: list[Method] = [
            *(Storylens(name, folder, default=True) for name in REPRESENTATIONS),
            *(Storylens(name, folder) for name in REPRESENTATIONS),
            *PEERS,
        ]
        for load in loaders.values():
            dataset = load()
            results = [evaluate(method, dataset) for method in methods]
            console.print(sweep_table(dataset, results))
            console.print(test_table(dataset, results))
            small = SMALL_RUNS.get(dataset.name)
            if small is not None:
                for part in ("fit", "test"):
                    console.print(small_runs_table(dataset, part, small_runs(getattr(dataset, part), small[1]), small[0]))


if __name__ == "__main__":
    main()
    print(setup_line())

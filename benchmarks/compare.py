"""How long `compare_story` takes for stories of 2, 10 and 50 articles of about 800 words, with the
time of each phase, three ways:

- unencoded: in a store with no sentence vector (every sentence encoded during the comparison:
  what comparing costs a store whose analysis did not keep vectors);
- cold: the story's first comparison after the analysis stage kept the vectors of its sentences,
  clauses and claims (`pipeline.analysis_of`), as `storylens run` and `storylens analyze` do: what a
  user waits for the first time a story is compared;
- warm: the story compared again in that store.

    .venv/bin/python -m benchmarks.compare [--runs 3]

The stories are made of real text with distinct sentences, read from ../shared/data:

- articles 1-3 are the three real BASIL articles of the event with the most body words;
- every further article mixes one real BASIL article of another event (its own sentences, in
  order, about half the words) with sentences of the first event's articles, so that it shares
  facts with the story as outlets do. Each borrowed sentence is reworded (a connective in front,
  a word or two swapped: "said" / "stated", "more than" / "over") so that no two sentences of a
  story have the same text, and none is encoded once for many articles.

The caption gives how many sentence texts of the 50-article story are distinct. Models are loaded
and every article is analysed before timing, and one unmeasured comparison in a throwaway store
fills first-call caches. Each size is timed `--runs` times: unencoded in a fresh store, then cold
in another fresh store given the analysis's vectors, then warm in that same store; the medians are
reported with the load average, since other work on the machine
slows every figure, and with the process's CPU seconds (all threads; the encoder runs two), which
such work inflates much less. The goal is under 1 s of wall time for 10 articles, cold.

Memory is measured apart, after the timings, since tracing allocations slows Python: for each
size of `--memory-sizes`, one cold comparison under `tracemalloc` (which numpy reports its arrays
to), and its peak above what was allocated before it. A comparison holds the similarities of
every pair of the story's sentences and clauses while they fit in `compare.alignment.HELD_CELLS`
and makes them when asked past that, and scores claims a block at a time (`compare.blocks`), so
its peak grows with the square of a story's size only up to that bound; the report itself, a
stance per fact and outlet, grows on. The largest story of a run, not the run's size, sets how
much memory a worker needs.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import tempfile
import time
import tracemalloc
from collections import defaultdict
from pathlib import Path
from typing import NamedTuple

from rich.console import Console
from rich.table import Table

from eval.basil import BasilArticle, basil_sentences, load_basil
from storylens.analyze import analyze
from storylens.compare.stopwatch import Stopwatch
from storylens.compare.story import compare_story
from storylens.config import Settings
from storylens.model import AnalyzedArticle, Article, Outlet, Story, article_id
from storylens.pipeline import Models, StoredEncoder, analysis_vectors, load_models
from storylens.store import Store

SIZES = (2, 10, 50)
ARTICLE_WORDS = 800
OWN_SHARE = 0.5
"""Share of a mixed article's words that are its own real article's; the rest are borrowed."""
PARAGRAPH_SENTENCES = 3
SEED = 20240601
GOAL = (10, 1.0)
"""Articles and seconds: a 10-article story compared in under 1 s."""
PHASES = ("encode", "align", "support", "conflicts", "facts", "coverage", "summary", "framing", "other")
"""Phases of `compare_story`; "other" is the time outside them (the whole run is timed as "other")."""
CONNECTIVES = (
    "Meanwhile",
    "In addition",
    "Separately",
    "Notably",
    "At the same time",
    "Earlier",
    "Later",
    "Still",
    "Also",
    "Moreover",
    "Indeed",
    "Meantime",
    "Elsewhere",
    "Furthermore",
    "Besides",
    "Likewise",
    "In turn",
    "For its part",
    "By then",
    "As a result",
    "Even so",
    "In fact",
    "Once again",
    "So far",
)
SWAPS = (
    (" said ", " stated "),
    (" says ", " states "),
    (" more than ", " over "),
    (" nearly ", " almost "),
    (" about ", " around "),
    (" but ", " yet "),
    (" people ", " individuals "),
    (" told ", " informed "),
)
LOWER_FIRST = frozenset("The A An He She It They We In On At But And His Her Their This That".split())


def reworded(sentence: str, rng: random.Random, taken: set[str]) -> str | None:
    """A wording of the sentence no other sentence of the story has, or None when all are taken."""
    first, _, rest = sentence.partition(" ")
    start = (first.lower() if first in LOWER_FIRST else first) + " " + rest
    applicable = [swap for swap in SWAPS if swap[0] in sentence]
    for connective in rng.sample(CONNECTIVES, len(CONNECTIVES)):
        for count in range(len(applicable) + 1):
            text = f"{connective}, {start}"
            for old, new in applicable[:count]:
                text = text.replace(old, new, 1)
            if text not in taken:
                taken.add(text)
                return text
    return None


def words(sentences: list[str]) -> int:
    return sum(len(s.split()) for s in sentences)


def paragraphs(sentences: list[str]) -> list[str]:
    return [" ".join(sentences[k : k + PARAGRAPH_SENTENCES]) for k in range(0, len(sentences), PARAGRAPH_SENTENCES)]


def mixed_article(number: int, own: BasilArticle, event: list[str], taken: set[str]) -> Article:
    """Its own real article's headline and first sentences, with reworded sentences of the event
    spread among them."""
    rng = random.Random(SEED + number)
    own_sentences: list[str] = []
    for sentence in basil_sentences(own.path):
        if words(own_sentences) >= OWN_SHARE * ARTICLE_WORDS:
            break
        own_sentences.append(sentence.strip())
    borrowed: list[tuple[int, str]] = []
    for index in rng.sample(range(len(event)), len(event)):
        if words(own_sentences) + words([s for _, s in borrowed]) >= ARTICLE_WORDS:
            break
        text = reworded(event[index], rng, taken)
        if text:
            borrowed.append((index, text))
    borrowed.sort()
    step = max(len(own_sentences) // max(len(borrowed), 1), 1)
    sentences = list(own_sentences)
    for k, (_, text) in enumerate(borrowed):
        sentences.insert(min(k * (step + 1), len(sentences)), text)
    outlet = f"Outlet {number:02d}"
    body = paragraphs(sentences)
    title = own.article.title
    return Article(
        id=article_id(outlet, title, body), outlet=Outlet(name=outlet), title=title, body=body, source=f"mixed {number}"
    )


def benchmark_articles(count: int) -> list[Article]:
    """The event's real articles, then mixed ones, each under its own outlet name."""
    events: dict[str, list[BasilArticle]] = defaultdict(list)
    for item in load_basil():
        events[item.story].append(item)
    ranked = sorted(events.values(), key=lambda members: -sum(m.article.body_words for m in members))
    event, others = ranked[0], [member for members in ranked[1:] for member in members]
    pool = [s.strip() for member in event for s in basil_sentences(member.path) if s.strip()]
    taken = set(pool)
    real = [m.article.model_copy(update={"outlet": Outlet(name=f"Outlet {n:02d}")}) for n, m in enumerate(event, 1)]
    mixed = [mixed_article(n, others[n], pool, taken) for n in range(len(real) + 1, count + 1)]
    return real + mixed


def story_of(items: list[AnalyzedArticle]) -> Story:
    return Story(
        id=len(items),
        label=items[0].article.title,
        article_ids=[i.article.id for i in items],
        outlets=[i.article.outlet.name for i in items],
    )


class Run(NamedTuple):
    """One comparison: wall seconds per phase, and the CPU seconds of the whole process (all its
    threads), which other work on the machine inflates far less than wall time."""

    watch: Stopwatch
    cpu: float


WAYS = ("unencoded", "cold", "warm")


def compared(story: Story, items: list[AnalyzedArticle], stored: StoredEncoder) -> Run:
    watch = Stopwatch()
    started = time.process_time()
    with watch.phase("other"):
        compare_story(story, items, stored, watch)
    return Run(watch, time.process_time() - started)


def timed(items: list[AnalyzedArticle], models: Models, runs: int) -> dict[str, list[Run]]:
    """Per run, an unencoded comparison in a fresh store, then a cold one in another fresh store
    holding the analysis's vectors, then a warm one in that store."""
    story = story_of(items)
    vectors = analysis_vectors(items, models)
    kept: dict[str, list[Run]] = {way: [] for way in WAYS}
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "bare.db") as bare, Store(Path(tmp) / "analysed.db") as analysed:
            kept["unencoded"].append(compared(story, items, StoredEncoder(models, bare)))
            analysed.save_embeddings(models.settings.models.sentence_encoder, vectors)
            stored = StoredEncoder(models, analysed)
            kept["cold"].append(compared(story, items, stored))
            kept["warm"].append(compared(story, items, stored))
    return kept


def peak_megabytes(items: list[AnalyzedArticle], models: Models) -> float:
    """The most memory one unencoded comparison of the story (the encoder's work included) holds at
    once, above what was held before it."""
    with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "bench.db") as store:
        tracemalloc.start()
        try:
            compare_story(story_of(items), items, StoredEncoder(models, store))
            return tracemalloc.get_traced_memory()[1] / 2**20
        finally:
            tracemalloc.stop()


def memory_table(analysed: list[AnalyzedArticle], models: Models, sizes: list[int]) -> Table:
    table = Table(title="compare_story, peak memory of one unencoded comparison (tracemalloc, numpy arrays included)")
    for column in ("articles", "sentences", "peak MB", "MB / sentences² × 10⁶"):
        table.add_column(column, justify="right")
    for size in sizes:
        items = analysed[:size]
        sentences = sum(len(i.sentences) for i in items)
        peak = peak_megabytes(items, models)
        table.add_row(str(size), str(sentences), f"{peak:.0f}", f"{peak / sentences**2 * 1e6:.1f}")
    return table


def cpu_model() -> str:
    for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown"


def total(run: Run) -> float:
    return sum(run.watch.seconds.values())


def median_of(runs: list[Run], phase: str) -> float:
    return statistics.median(r.watch.seconds.get(phase, 0.0) for r in runs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="timed runs per story size (default 3)")
    parser.add_argument(
        "--memory-sizes", default="10,50,100", help="story sizes whose peak memory is measured, comma-separated (default 10,50,100)"
    )
    args = parser.parse_args()
    memory_sizes = [int(size) for size in args.memory_sizes.split(",") if size]
    settings = Settings.from_env()
    models = load_models(settings)
    analysed = list(analyze(benchmark_articles(max(SIZES + tuple(memory_sizes))), models.nlp, models.framing))
    texts = [s.text for item in analysed[: max(SIZES)] for s in item.sentences]
    timed(analysed[: min(SIZES)], models, 1)
    load = os.getloadavg()[0]
    table = Table(
        title=f"compare_story, median of {args.runs} runs, seconds (models loaded, articles analysed beforehand)",
        caption=f"{os.cpu_count()} CPUs ({cpu_model()}), load average {load:.1f} at start, Python "
        f"{platform.python_version()}; 50-article story: {len(texts)} sentences, {len(set(texts))} distinct texts",
    )
    for column in ("articles", "words/article", "sentences", "run", "total", "cpu", *PHASES):
        table.add_column(column, justify="right")
    medians = {}
    for size in SIZES:
        items = analysed[:size]
        for name, watches in timed(items, models, args.runs).items():
            first = name == WAYS[0]
            medians[size, name] = statistics.median(total(w) for w in watches)
            cpu = statistics.median(w.cpu for w in watches)
            table.add_row(
                str(size) if first else "",
                f"{statistics.mean(i.article.body_words for i in items):.0f}" if first else "",
                str(sum(len(i.sentences) for i in items)) if first else "",
                name,
                f"{medians[size, name]:.2f}",
                f"{cpu:.2f}",
                *(f"{median_of(watches, phase):.2f}" for phase in PHASES),
            )
    console = Console(width=160)
    console.print(table)
    articles_goal, seconds_goal = GOAL
    for name in WAYS:
        seconds = medians[articles_goal, name]
        verdict = "met" if seconds < seconds_goal else "NOT met"
        console.print(f"goal, {name}: {articles_goal} articles in under {seconds_goal:.0f} s: {verdict} ({seconds:.2f} s)")
    if memory_sizes:
        console.print(memory_table(analysed, models, memory_sizes))


if __name__ == "__main__":
    main()

"""How long `compare_story` takes for stories of 2, 10 and 50 articles of about 800 words.

    .venv/bin/python -m benchmarks.compare [--runs 3]

The articles are made of real sentences: the body sentences of BASIL's largest event (the three
articles with the most body words, read from ../shared/data) form the pool, and each article is a
seeded random sample of the pool, kept in the pool's order, of at least 800 words, under its own
outlet name. Articles of one story so share sentences as wire copy does, which is the harder case
for alignment (more candidate pairs) than unrelated texts. Models are loaded and every article is
analysed before timing, and one unmeasured comparison of the smallest story fills first-call caches;
each size is then timed `--runs` times and the median reported, with the load average, since other
work on the machine slows every figure. The goal is under 1 s for 10 articles.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import time
from collections import defaultdict
from pathlib import Path

from rich.console import Console
from rich.table import Table
from spacy.language import Language

from eval.basil import BasilArticle, basil_sentences, load_basil
from storylens.analyze import analyze
from storylens.analyze.embeddings import SentenceEncoder, get_encoder
from storylens.analyze.nlp import load_pipeline
from storylens.compare import compare_story
from storylens.compare.framing import FramingModel, get_framing_model
from storylens.config import Settings
from storylens.model import AnalyzedArticle, Article, Outlet, Story, article_id

SIZES = (2, 10, 50)
ARTICLE_WORDS = 800
PARAGRAPH_SENTENCES = 3
SEED = 20240601
GOAL = (10, 1.0)
"""Articles and seconds: a 10-article story compared in under 1 s."""


def sentence_pool() -> tuple[list[str], str]:
    """BASIL's body sentences of the event with the most body words, in article order, and its title."""
    events: dict[str, list[BasilArticle]] = defaultdict(list)
    for item in load_basil():
        events[item.story].append(item)
    group = max(events.values(), key=lambda members: sum(m.article.body_words for m in members))
    sentences = [s.strip() for member in group for s in basil_sentences(member.path) if s.strip()]
    return sentences, group[0].article.title


def make_article(number: int, pool: list[str], title: str) -> Article:
    """A seeded random sample of the pool, in pool order, of at least ARTICLE_WORDS words."""
    rng = random.Random(SEED + number)
    chosen: set[int] = set()
    order = rng.sample(range(len(pool)), len(pool))
    while sum(len(pool[i].split()) for i in chosen) < ARTICLE_WORDS and order:
        chosen.add(order.pop())
    sentences = [pool[i] for i in sorted(chosen)]
    body = [" ".join(sentences[k : k + PARAGRAPH_SENTENCES]) for k in range(0, len(sentences), PARAGRAPH_SENTENCES)]
    outlet = f"Outlet {number:02d}"
    return Article(
        id=article_id(outlet, title, body),
        outlet=Outlet(name=outlet),
        title=title,
        body=body,
        source=f"benchmark article {number}",
    )


def story_of(items: list[AnalyzedArticle]) -> Story:
    return Story(
        id=len(items),
        label=items[0].article.title,
        article_ids=[i.article.id for i in items],
        outlets=[i.article.outlet.name for i in items],
    )


def timed(
    items: list[AnalyzedArticle], nlp: Language, framing: FramingModel, encoder: SentenceEncoder, runs: int
) -> list[float]:
    story = story_of(items)
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        compare_story(story, items, nlp, framing, encoder)
        times.append(time.perf_counter() - started)
    return times


def cpu_model() -> str:
    for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="timed runs per story size (default 3)")
    args = parser.parse_args()
    settings = Settings.from_env()
    nlp = load_pipeline(settings.spacy_model)
    framing = get_framing_model(settings.framing_model)
    encoder = get_encoder(settings.sentence_encoder)
    pool, title = sentence_pool()
    articles = [make_article(n, pool, title) for n in range(1, max(SIZES) + 1)]
    analysed = list(analyze(articles, nlp))
    smallest = analysed[: min(SIZES)]
    compare_story(story_of(smallest), smallest, nlp, framing, encoder)
    load = os.getloadavg()[0]
    table = Table(
        title=f"compare_story, median of {args.runs} runs (models loaded and articles analysed beforehand)",
        caption=f"{os.cpu_count()} CPUs ({cpu_model()}), load average {load:.1f} at start, Python "
        f"{platform.python_version()}; articles sampled "
        f"from {len(pool)} real sentences of one BASIL event ({title[:50]})",
    )
    for column in ("articles", "words/article", "sentences", "median s", "min s", "max s"):
        table.add_column(column, justify="right")
    medians = {}
    for size in SIZES:
        items = analysed[:size]
        times = timed(items, nlp, framing, encoder, args.runs)
        medians[size] = statistics.median(times)
        table.add_row(
            str(size),
            f"{statistics.mean(i.article.body_words for i in items):.0f}",
            str(sum(len(i.sentences) for i in items)),
            f"{medians[size]:.2f}",
            f"{min(times):.2f}",
            f"{max(times):.2f}",
        )
    console = Console()
    console.print(table)
    articles_goal, seconds_goal = GOAL
    verdict = "met" if medians[articles_goal] < seconds_goal else "NOT met"
    console.print(
        f"goal: {articles_goal} articles in under {seconds_goal:.0f} s: {verdict} ({medians[articles_goal]:.2f} s)"
    )


if __name__ == "__main__":
    main()

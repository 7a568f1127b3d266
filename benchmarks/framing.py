"""Throughput of every framing model: spans for articles of about 800 words, one process.

The articles are built from real sentences: BASIL body sentences and PTC lines, drawn with a
fixed seed into paragraphs of one to three sentences, each article headed by a short sentence.
Framing runs inside the analyze stage on the parse the stage makes anyway, so the articles are
parsed first, as the stage parses them (its rate is printed beside), and each model is timed on
top of that parse, warmed on one article before the clock starts. Wall-clock time depends on
what else the machine runs; the CPU column is this process's own time.
Run: .venv/bin/python -m benchmarks.framing [--articles N]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import time
from pathlib import Path

import spacy
from rich.console import Console
from rich.table import Table

from benchmarks.compare import cpu_model
from eval.framing_data import load_basil_lex, load_ptc
from storylens.analyze import parsed_lines
from storylens.analyze.nlp import load_pipeline
from storylens.config import Settings
from storylens.framing import MODELS, get_framing_model
from storylens.framing.placement import ParsedLine
from storylens.model import Article, Outlet, article_id

WORDS = 800
SEED = 2019


def sentences() -> list[str]:
    """Every BASIL body sentence (split as the corpus splits them) and every PTC line."""
    ptc = [line for part in (False, True) for item in load_ptc(part) for line in item.article.body]
    basil = [s for item in load_basil_lex(range(2010, 2017)) for s in _basil_sentences(item.files[0])]
    return [s for s in ptc + basil if len(s.split()) >= 4]


def _basil_sentences(path: Path) -> list[str]:
    return [s for paragraph in json.loads(path.read_text(encoding="utf-8"))["body-paragraphs"] for s in paragraph]


def articles(count: int, pool: list[str]) -> list[Article]:
    rng = random.Random(SEED)
    titles = [s for s in pool if len(s.split()) <= 14]
    built = []
    for n in range(count):
        body, words = [], 0
        while words < WORDS:
            paragraph = " ".join(rng.choice(pool) for _ in range(rng.randint(1, 3)))
            body.append(paragraph)
            words += len(paragraph.split())
        title = rng.choice(titles)
        outlet = Outlet(name=f"bench{n % 3}")
        built.append(Article(id=article_id(outlet.name, title, body), outlet=outlet, title=title, body=body, source="benchmark"))
    return built


def timed(name: str, parsed: list[tuple[Article, list[ParsedLine]]]) -> list[str]:
    """Seconds, articles per second (wall and CPU) and spans per article of the model on parsed
    articles, warmed on the first one: what framing adds to the analyze stage's parse; and the
    memory the process grew by when the model was loaded and warmed."""
    before = resident_mb()
    model = get_framing_model(name)
    model.spans(*parsed[0])
    memory = resident_mb() - before
    wall, cpu = time.perf_counter(), time.process_time()
    found = sum(len(model.spans(article, lines)) for article, lines in parsed)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    rates = [f"{len(parsed) / wall:.1f}", f"{len(parsed) / cpu:.1f}"]
    return [str(len(parsed)), f"{wall:.2f}", *rates, f"{found / len(parsed):.2f}", f"{memory:.0f}"]


def resident_mb() -> float:
    """This process's resident memory (Linux /proc; 0 elsewhere, where the column then reads 0)."""
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
    except OSError:
        return 0.0
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def machine() -> str:
    return (
        f"{os.cpu_count()} CPUs ({cpu_model()}), load average {os.getloadavg()[0]:.1f} at start, "
        f"Python {platform.python_version()}, spaCy {spacy.__version__}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=300, help="articles parsed and timed per model (default 300)")
    options = parser.parse_args()
    built = articles(options.articles, sentences())
    words = sum(a.body_words for a in built) / len(built)
    nlp = load_pipeline(Settings().models.spacy_model)
    caption = machine()
    start = time.perf_counter()
    parsed = list(parsed_lines(built, nlp))
    parse_rate = len(parsed) / (time.perf_counter() - start)
    table = Table(title=f"Framing spans for articles of {words:.0f} body words on average, on the analysis parse, one process", caption=caption)
    for column in ("model", "articles", "seconds", "articles/s", "articles/s of CPU", "spans per article", "model MB"):
        table.add_column(column, justify="right")
    for name in sorted(MODELS):
        table.add_row(name, *timed(name, parsed))
    Console(width=130).print(table)
    print(f"The analyze stage's parse itself (full spaCy pipeline on every line, not timed above): {parse_rate:.1f} articles/s")


if __name__ == "__main__":
    main()

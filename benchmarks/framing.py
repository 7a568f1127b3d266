"""Throughput of every framing model: spans for 1,000 articles of about 800 words, one process.

The articles are built from real sentences: BASIL body sentences and PTC lines, drawn with a
fixed seed into paragraphs of one to three sentences, each article headed by a short sentence.
Models are loaded and warmed on one article before the clock starts; each article's spans are
then asked for one at a time, from its text, as the compare stage asks.

Two inputs are timed. A bare `Article` is all a model gets outside the pipeline: the lexicon
model then runs spaCy's named-entity recogniser itself on the sentences it parses. In the
pipeline the compare stage hands over the `AnalyzedArticle`, whose entities the analyze stage
found anyway, and the lexicon model reuses them; analysing costs far more than framing, so it is
done before the clock starts on a sample (`--analysed`), and its own rate is printed beside.
The first row is the lexicon model without its prefilter: the full pipeline over every sentence.
Wall-clock time depends on what else the machine runs; the CPU column is this process's own time.
Run: .venv/bin/python -m benchmarks.framing [--articles N] [--analysed N]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import time
from collections.abc import Sequence
from pathlib import Path

import spacy
from spacy.language import Language

from rich.console import Console
from rich.table import Table

from eval.framing_data import load_basil_lex, load_ptc
from storylens.analyze import analyze
from storylens.analyze.nlp import load_pipeline
from storylens.compare.framing import MODELS, FramingModel, LexiconFraming, get_framing_model
from storylens.config import Settings
from storylens.model import AnalyzedArticle, Article, Outlet, article_id

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


def timed(model: FramingModel, items: Sequence[Article | AnalyzedArticle], nlp: Language) -> list[str]:
    """Seconds, articles per second (wall and CPU) and spans per article, the model warmed on the first item."""
    model.spans(items[0], nlp)
    wall, cpu = time.perf_counter(), time.process_time()
    found = sum(len(model.spans(item, nlp)) for item in items)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    return [str(len(items)), f"{wall:.1f}", f"{len(items) / wall:.1f}", f"{len(items) / cpu:.1f}", f"{found / len(items):.2f}"]


def machine() -> str:
    return (
        f"{os.cpu_count()} CPUs ({platform.processor() or 'unknown'}), load average {os.getloadavg()[0]:.1f} at start, "
        f"Python {platform.python_version()}, spaCy {spacy.__version__}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=1000, help="bare articles timed per model (default 1000)")
    parser.add_argument("--analysed", type=int, default=200, help="of them, how many are analysed first (default 200)")
    options = parser.parse_args()
    built = articles(options.articles, sentences())
    words = sum(a.body_words for a in built) / len(built)
    nlp = load_pipeline(Settings().spacy_model)
    caption = machine()
    start = time.perf_counter()
    analysed = list(analyze(built[: options.analysed], nlp))
    analyse_rate = len(analysed) / (time.perf_counter() - start)
    table = Table(title=f"Framing spans for articles of {words:.0f} body words on average, one process", caption=caption)
    for column in ("model", "input", "articles", "seconds", "articles/s", "articles/s of CPU", "spans per article"):
        table.add_column(column, justify="right")
    sample = built[: options.analysed]
    table.add_row("lexicon, every sentence parsed", "bare", *timed(LexiconFraming(prefilter=False), sample, nlp))
    for name in sorted(MODELS):
        table.add_row(name, "bare", *timed(get_framing_model(name), built, nlp))
    for name in sorted(MODELS):
        table.add_row(name, "analysed", *timed(get_framing_model(name), analysed, nlp))
    Console(width=130).print(table)
    print(f"The analyze stage itself (full spaCy pipeline on every line, not timed above): {analyse_rate:.1f} articles/s")


if __name__ == "__main__":
    main()

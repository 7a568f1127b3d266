"""Throughput of every framing model: spans for 1,000 articles of about 800 words, one process.

The articles are built from real sentences: BASIL body sentences and PTC lines, drawn with a
fixed seed into paragraphs of one to three sentences, each article headed by a short sentence.
The first row is the lexicon model as it was before it learnt to skip paragraphs that cannot
hold a lexicon word: the full spaCy pipeline over every section. Run: .venv/bin/python -m benchmarks.framing [--articles N]
"""

from __future__ import annotations

import argparse
import json
import random
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

from eval.framing_data import load_basil_lex, load_ptc
from storylens.analyze.nlp import load_pipeline
from storylens.compare.framing import MODELS, LexiconFraming, get_framing_model
from storylens.config import Settings
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=1000)
    count = parser.parse_args().articles
    built = articles(count, sentences())
    words = sum(a.body_words for a in built) / len(built)
    nlp = load_pipeline(Settings().spacy_model)
    table = Table(title=f"Framing spans for {count} articles of {words:.0f} body words on average, one process")
    for column in ("model", "seconds", "articles/s", "spans per article"):
        table.add_column(column, justify="right")
    models = [("lexicon, every section parsed (as before)", LexiconFraming(prefilter=False))]
    models += [(name, get_framing_model(name)) for name in sorted(MODELS)]
    for name, model in models:
        model.spans(built[0], nlp)
        start = time.perf_counter()
        found = sum(len(model.spans(a, nlp)) for a in built)
        elapsed = time.perf_counter() - start
        table.add_row(name, f"{elapsed:.1f}", f"{count / elapsed:.1f}", f"{found / count:.1f}")
    Console(width=120).print(table)


if __name__ == "__main__":
    main()

"""Neutral wording: how often the lexicon offers one, and whether it keeps what is reported, against hand-checked keys.

The system (the default framing model unless `--model` names another, on the analysis parse: `storylens.analyze.parsed_lines`
then the model's `spans`, which is what `framing_spans` runs) reads BASIL 2010-2013 and 2014-2016
(Fan et al., EMNLP 2019), the PTC train and test parts of `eval/framing_data.py` (Da San Martino
et al., 2019; SemEval-2020 Task 11) and the seed pair. Each span with a neutral wording is a pair
(span in its sentence → neutral). `eval/keys/neutral_wording.jsonl` holds hand-checked pairs
(see eval/keys/README.md): "offered" pairs judged meaning-preserving or not, and "missing" pairs,
spans for which a neutral clearly exists that the system did not offer when the keys were made.

Printed: per corpus part, the spans, the name-calling and loaded adjective/verb spans and the
share of them with a neutral wording; the distinct pairs offered, how many of them the keys judge
and the share judged meaning-preserving (the goal is 0.95 or more); the pairs no key judges (new
since the keys were made: listed below the table as key lines to judge, with their sentence); and
how many "missing" pairs the system now covers. Pairs judged not to keep the meaning are listed
with the reason. A pair is counted once however often its sentence repeats in an article.
Run: .venv/bin/python -m eval.neutral_wording [--all] [--model NAME]  (--all lists every judged-false pair, not the first 40)
"""

from __future__ import annotations

import argparse
import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from rich.console import Console
from rich.table import Table

from eval.basil import DATA
from eval.framing_data import BASIL_TEST_YEARS, BASIL_TRAIN_YEARS, load_basil_lex, load_ptc
from eval.setup import setup_line
from storylens.analyze import parsed_lines
from storylens.analyze.nlp import load_pipeline
from storylens.config import Settings
from storylens.framing import get_framing_model
from storylens.ingest.inputs import read_inputs
from storylens.model import Article, FramingKind

KEYS = Path(__file__).resolve().parent / "keys" / "neutral_wording.jsonl"
SHARED = DATA.parent
SEED = SHARED / "samples" / "seed-pair"
REWORDED = frozenset({FramingKind.NAME_CALLING, FramingKind.LOADED_ADJECTIVE})
"""The kinds a neutral wording is meant for: name-calling and loaded adjectives and verbs."""
GOAL = 0.95
LISTED = 40

PairKey = tuple[str, str, str, str]
"""Source file (relative to the shared folder), sentence hash, span text, neutral wording."""


@dataclass(frozen=True)
class Pair:
    """One span with a neutral wording, in its sentence."""

    part: str
    source: str
    sentence: str
    span: str
    neutral: str
    kind: FramingKind

    @property
    def key(self) -> PairKey:
        return (self.source, sentence_hash(self.sentence), self.span, self.neutral)


@dataclass
class Part:
    """What the system gave on one corpus part."""

    name: str
    articles: int = 0
    spans: int = 0
    reworded: int = 0
    with_neutral: int = 0
    sources: set[str] = field(default_factory=set)
    pairs: dict[PairKey, Pair] = field(default_factory=dict)


def sentence_hash(sentence: str) -> str:
    """`sha256:` and the first 16 hex digits of the stripped sentence, as the alignment keys name sentences."""
    return "sha256:" + hashlib.sha256(sentence.strip().encode("utf-8")).hexdigest()[:16]


def relative_source(article: Article) -> str:
    return str(Path(article.source).resolve().relative_to(SHARED))


def corpus() -> dict[str, list[Article]]:
    """The articles of each part, in a fixed order."""
    seed = sorted((a for a in read_inputs([SEED]) if isinstance(a, Article)), key=lambda a: a.source)
    return {
        "BASIL 2010-2013": [item.article for item in load_basil_lex(BASIL_TRAIN_YEARS)],
        "BASIL 2014-2016": [item.article for item in load_basil_lex(BASIL_TEST_YEARS)],
        "PTC train": [item.article for item in load_ptc(test=False)],
        "PTC test": [item.article for item in load_ptc(test=True)],
        "seed pair": seed,
    }


def run(parts: dict[str, list[Article]], model_name: str) -> list[Part]:
    nlp = load_pipeline(Settings().models.spacy_model)
    model = get_framing_model(model_name)
    results = []
    for name, articles in parts.items():
        part = Part(name, articles=len(articles))
        for article, lines in parsed_lines(articles, nlp):
            source = relative_source(article)
            part.sources.add(source)
            sentences = [(line.unit.offset + s.start_char, line.unit.offset + s.end_char, s.text) for line in lines for s in line.doc.sents]
            for span in model.spans(article, lines):
                part.spans += 1
                if span.kind not in REWORDED:
                    continue
                part.reworded += 1
                if span.neutral:
                    part.with_neutral += 1
                    sentence = next((text for start, end, text in sentences if start <= span.start < end), span.text)
                    pair = Pair(name, source, sentence, span.text, span.neutral, span.kind)
                    part.pairs.setdefault(pair.key, pair)
        results.append(part)
    return results


def read_keys(path: Path = KEYS) -> tuple[dict[PairKey, dict], dict[tuple[str, str, str], dict]]:
    """The "offered" keys by pair, and the "missing" keys by (source, sentence, span)."""
    offered, missing = {}, {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        key = json.loads(line)
        if key["type"] == "offered":
            offered[(key["source"], key["sentence"], key["span"], key["neutral"])] = key
        elif key["type"] == "missing":
            missing[(key["source"], key["sentence"], key["span"])] = key
        else:
            raise ValueError(f"{path}:{number}: type must be 'offered' or 'missing'")
    return offered, missing


def key_line(pair: Pair) -> str:
    """A key line for a pair no key judges, for a maintainer to fill in `preserves` (and `reason` when false)."""
    source, sentence, span, neutral = pair.key
    line = {"type": "offered", "source": source, "sentence": sentence, "span": span, "neutral": neutral, "preserves": None, "reason": None}
    return json.dumps(line, ensure_ascii=False)


def share(part: int, whole: int) -> str:
    return f"{part / whole:.3f}" if whole else "-"


def table(parts: list[Part], offered: dict[PairKey, dict], missing: dict[tuple[str, str, str], dict], model_name: str) -> Table:
    columns = [
        "part", "articles", "spans", "name-calling + loaded adj/verb", "with a neutral", "share",
        "pairs", "judged", "meaning-preserving", "share judged preserving", "unjudged", "missing keys covered",
    ]  # fmt: skip
    out = Table(
        title=f"Neutral wording of the {model_name} model, against {KEYS.relative_to(KEYS.parents[2])} (goal: share judged preserving >= {GOAL})"
    )
    for column in columns:
        out.add_column(column, justify="left" if column == "part" else "right")
    totals = Part("all")
    for part in [*parts, totals]:
        if part is not totals:
            totals.articles += part.articles
            totals.spans += part.spans
            totals.reworded += part.reworded
            totals.with_neutral += part.with_neutral
            totals.pairs.update(part.pairs)
            totals.sources |= part.sources
        judged = [offered[k] for k in part.pairs if k in offered]
        good = sum(1 for k in judged if k["preserves"])
        wanted = [k for k in missing if k[0] in part.sources]
        offered_at = {k[:3] for k in part.pairs}
        covered = sum(1 for k in wanted if k in offered_at)
        out.add_row(
            part.name, str(part.articles), str(part.spans), str(part.reworded), str(part.with_neutral), share(part.with_neutral, part.reworded),
            str(len(part.pairs)), str(len(judged)), str(good), share(good, len(judged)), str(len(part.pairs) - len(judged)),
            f"{covered} of {len(wanted)}",
        )  # fmt: skip
    return out


def judged_false(parts: list[Part], offered: dict[PairKey, dict]) -> Iterator[str]:
    for part in parts:
        for key, pair in part.pairs.items():
            judged = offered.get(key)
            if judged is not None and not judged["preserves"]:
                yield f"[{part.name}] {pair.span!r} -> {pair.neutral!r}: {judged.get('reason') or 'no reason given'}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--all", action="store_true", help="list every pair judged not to keep the meaning")
    parser.add_argument("--model", default=Settings().models.framing_model, help="framing model (default: the configured default)")
    args = parser.parse_args()
    console = Console(width=200)
    offered, missing = read_keys()
    parts = run(corpus(), args.model)
    console.print(table(parts, offered, missing, args.model))
    false = list(judged_false(parts, offered))
    console.print(f"\nPairs judged not to keep the meaning ({len(false)}):")
    for line in false if args.all else false[:LISTED]:
        console.print("  " + line, markup=False, highlight=False)
    if not args.all and len(false) > LISTED:
        console.print(f"  ... and {len(false) - LISTED} more (--all)")
    unjudged = [pair for part in parts for key, pair in part.pairs.items() if key not in offered]
    console.print(f"\nPairs no key judges ({len(unjudged)}): judge each and add its line to {KEYS.name}")
    for pair in unjudged:
        console.print(f"  [{pair.part}] {pair.sentence.strip()}", markup=False, highlight=False)
        console.print(f"    {key_line(pair)}", markup=False, highlight=False)


if __name__ == "__main__":
    main()
    print(setup_line())

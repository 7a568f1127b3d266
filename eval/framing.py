"""Loaded-language spans and outlet ranking, every framing model side by side, on held-out data.

- BASIL `lex` spans (Fan et al., EMNLP 2019), 2014-2016 events, body text only (the headline is
  not annotated). The classifier was trained on BASIL 2010-2013 and the PTC train part.
- PTC `Loaded_Language` + `Name_Calling,Labeling` (Da San Martino et al., 2019; SemEval-2020
  Task 11), the test part of `eval/framing_data.py` (every fourth article by id).
- Outlet ranking on the BASIL 2014-2016 events: for each pair of outlets covering an event whose
  articles have different gold rates (`lex` spans outside quotes per 1,000 body words), whether
  storylens's `loaded_per_1000_words` orders them the same way; a tie counts half.
Published figures are printed beside ours only where one was found; none is for exactly this
subset, and the table says how each differs.
Run: .venv/bin/python -m eval.framing
"""

from __future__ import annotations

import json
from collections import defaultdict
from itertools import combinations

from rich.console import Console
from rich.table import Table

from eval.basil import DATA
from eval.framing_data import BASIL_TEST_YEARS, LabelledArticle, load_basil_lex, load_ptc
from eval.span_metrics import Score, semeval_score, span_score, token_score
from storylens.analyze.nlp import load_pipeline
from storylens.compare.framing import MODELS, get_framing_model
from storylens.compare.framing_classifier import MODEL_FILE
from storylens.compare.outlets import outlet_profiles
from storylens.config import Settings
from storylens.model import AnalyzedArticle, FramingSpan

PUBLISHED = [
    (
        "CyberWallE, SemEval-2020 Task 11 SI",
        "0.439",
        "all 14 techniques, official test set, BERT + bi-LSTM; rank 8 of 35 "
        "(github.com/cicl-iscl/CyberWallE-propaganda-detection README)",
    ),
]
"""Fan et al. (2019) publish baselines for informational bias only, none for `lex` span detection."""


def predicted(model_name: str, items: list[LabelledArticle]) -> list[list[FramingSpan]]:
    nlp = load_pipeline(Settings().spacy_model)
    model = get_framing_model(model_name)
    return [model.spans(item.article, nlp) for item in items]


def scores(items: list[LabelledArticle], spans: list[list[FramingSpan]]) -> dict[str, Score]:
    """Token, span and SemEval scores over the annotated part of each article."""
    total = {"token": Score(), "span": Score(), "semeval": Score()}
    for item, found in zip(items, spans):
        gold = [(g.start, g.end) for g in item.gold]
        mine = [(s.start, s.end) for s in found if s.start >= item.scored_from]
        total["token"] += token_score(item.article.text, item.scored_from, gold, mine)
        total["span"] += span_score(gold, mine)
        total["semeval"] += semeval_score(gold, mine)
    return total


def ranking(items: list[LabelledArticle], spans: list[list[FramingSpan]]) -> tuple[int, int, int]:
    """Agreeing, tied and disagreeing outlet pairs over the events; pairs with equal gold rates are left out."""
    by_event: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for item, found in zip(items, spans):
        words = item.article.body_words
        gold = 1000 * sum(1 for g in item.gold if not g.quoted) / words
        (profile,) = outlet_profiles([AnalyzedArticle(article=item.article, sentences=[])], found)
        by_event[item.group].append((gold, profile.loaded_per_1000_words))
    agree = tie = disagree = 0
    for rates in by_event.values():
        for (gold_a, mine_a), (gold_b, mine_b) in combinations(rates, 2):
            if gold_a == gold_b:
                continue
            if mine_a == mine_b:
                tie += 1
            elif (gold_a > gold_b) == (mine_a > mine_b):
                agree += 1
            else:
                disagree += 1
    return agree, tie, disagree


def prf(score: Score) -> list[str]:
    return [f"{score.precision:.3f}", f"{score.recall:.3f}", f"{score.f1:.3f}"]


def detection_table(title: str, results: dict[str, dict[str, Score]], levels: list[str]) -> Table:
    table = Table(title=title)
    table.add_column("model")
    for level in levels:
        for measure in ("P", "R", "F1"):
            table.add_column(f"{level} {measure}", justify="right")
    for name, by_level in results.items():
        table.add_row(name, *[cell for level in levels for cell in prf(by_level[level])])
    return table


def held_out_check(items: list[LabelledArticle]) -> str:
    """Says whether any scored file was among the shipped model's training files (it must not be)."""
    trained = {path for path, _ in json.loads(MODEL_FILE.read_text(encoding="utf-8"))["training"]["files"]}
    scored = {str(path.relative_to(DATA)) for item in items for path in item.files}
    leaked = sorted(trained & scored)
    return f"held-out check: {len(scored)} scored files, {len(leaked)} among the model's training files"


def main() -> None:
    console = Console(width=150)
    basil, ptc = load_basil_lex(BASIL_TEST_YEARS), load_ptc(test=True)
    console.print(held_out_check(basil + ptc))
    names = sorted(MODELS)
    basil_spans = {name: predicted(name, basil) for name in names}
    ptc_spans = {name: predicted(name, ptc) for name in names}
    basil_title = f"BASIL lex spans, test 2014-2016 ({len(basil)} articles, {sum(len(i.gold) for i in basil)} gold spans)"
    console.print(detection_table(basil_title, {n: scores(basil, basil_spans[n]) for n in names}, ["token", "span"]))
    ptc_title = f"PTC Loaded_Language + Name_Calling, test part ({len(ptc)} articles, {sum(len(i.gold) for i in ptc)} gold spans)"
    levels = ["token", "span", "semeval"]
    console.print(detection_table(ptc_title, {n: scores(ptc, ptc_spans[n]) for n in names}, levels))
    published = Table(title="Published figures (not the same subset: for orientation only)")
    for column in ("system", "F1", "setting and source"):
        published.add_column(column)
    for row in PUBLISHED:
        published.add_row(*row)
    console.print(published)
    rank = Table(title="Outlet ranking on BASIL 2014-2016 events: pairs ordered as by gold lex rate")
    for column in ("model", "pairs", "agree", "tie", "disagree", "agreement"):
        rank.add_column(column, justify="right")
    for name in names:
        agree, tie, disagree = ranking(basil, basil_spans[name])
        pairs = agree + tie + disagree
        rank.add_row(name, str(pairs), str(agree), str(tie), str(disagree), f"{(agree + tie / 2) / pairs:.3f}")
    console.print(rank)


if __name__ == "__main__":
    main()

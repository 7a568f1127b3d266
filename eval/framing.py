"""Loaded-language spans and outlet ranking, every framing model side by side, on held-out data.

- BASIL `lex` spans (Fan et al., EMNLP 2019), 2014-2016 events, body text only (the headline is
  not annotated). The classifier and the tagger were trained on BASIL 2010-2013 and the PTC train
  part. Scored: each model's spans of the loaded kinds (name-calling, loaded adjective or verb,
  intensifier); the other kinds are scored apart below.
- The same BASIL spans by voice: gold spans inside quotes (BASIL's `quote` field) against the
  spans a model marks quoted, and the outlet's own words against its unquoted spans.
- PTC `Loaded_Language` + `Name_Calling,Labeling` (Da San Martino et al., 2019; SemEval-2020
  Task 11), the test part of `eval/framing_data.py` (every fourth article by id), against the
  spans of the loaded kinds.
- Per kind on the same PTC test part: a model's spans of one kind against the gold spans of the
  techniques that kind stands for (name-calling: `Name_Calling,Labeling`; loaded adjective and
  intensifier: `Loaded_Language`; fear or doubt: `Appeal_to_fear-prejudice` and `Doubt`;
  exaggeration: `Exaggeration,Minimisation`).
- Speculation presented as fact has no gold anywhere: the spans of that kind found in the BASIL
  test bodies are counted, with how many lie in quotes or touch a `lex` span, and listed.
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
from eval.framing_data import BASIL_TEST_YEARS, LOADED_LABELS, LabelledArticle, load_basil_lex, load_ptc
from eval.setup import setup_line
from eval.span_metrics import Score, semeval_score, span_score, token_score
from storylens.analyze import framing_spans
from storylens.analyze.nlp import load_pipeline
from storylens.compare.outlets import outlet_profiles
from storylens.config import Settings
from storylens.framing import MODELS, get_framing_model
from storylens.framing.classifier import MODEL_FILE
from storylens.framing.tagger import MANIFEST_FILE
from storylens.model import AnalyzedArticle, FramingKind, FramingSpan

PUBLISHED = [
    (
        "CyberWallE, SemEval-2020 Task 11 SI",
        "0.439",
        "all 14 techniques, official test set, BERT + bi-LSTM; rank 8 of 35 "
        "(github.com/cicl-iscl/CyberWallE-propaganda-detection README)",
    ),
]
"""Fan et al. (2019) publish baselines for informational bias only, none for `lex` span detection."""
KIND_LABELS = {
    "name calling": ({FramingKind.NAME_CALLING}, {"name_calling"}),
    "loaded wording": ({FramingKind.LOADED_ADJECTIVE, FramingKind.INTENSIFIER}, {"loaded"}),
    "fear or doubt": ({FramingKind.FEAR_OR_DOUBT}, {"fear_or_doubt"}),
    "exaggeration": ({FramingKind.EXAGGERATION}, {"exaggeration"}),
}
"""Each kind row: the span kinds a model reports, and the gold classes of `framing_data.PTC_LABELS` they stand for."""


LOADED_KINDS = frozenset({FramingKind.NAME_CALLING, FramingKind.LOADED_ADJECTIVE, FramingKind.INTENSIFIER})
"""The kinds that stand for loaded language proper: PTC's two techniques, BASIL's `lex`."""


def loaded(spans: list[list[FramingSpan]]) -> list[list[FramingSpan]]:
    return [[s for s in article if s.kind in LOADED_KINDS] for article in spans]


def with_every_loaded_kind(scored: dict[str, list[list[FramingSpan]]], items: list[LabelledArticle], labels: frozenset[str] | None) -> dict[str, dict[str, Score]]:
    """Each model's scores on its loaded kinds, and the default model's on every kind the product
    counts as loaded language (`FramingKind.loaded`: all but hedges), as an outlet's figures count
    them: PTC's annotators call most of the lexicon's exaggeration words ("devastating", "chaos")
    loaded language."""
    found = {name: scores(items, loaded(spans), labels) for name, spans in scored.items()}
    default = Settings().models.framing_model
    every = [[s for s in article if s.kind.loaded] for article in scored[default]]
    found[f"{default}, every loaded kind"] = scores(items, every, labels)
    return found


def predicted(model_name: str, items: list[LabelledArticle]) -> list[list[FramingSpan]]:
    nlp = load_pipeline(Settings().models.spacy_model)
    model = get_framing_model(model_name)
    return framing_spans([item.article for item in items], nlp, model)


def scores(
    items: list[LabelledArticle], spans: list[list[FramingSpan]], labels: frozenset[str] | set[str] | None = None
) -> dict[str, Score]:
    """Token, span and SemEval scores over the annotated part of each article, against the gold of `labels` (all by default)."""
    total = {"token": Score(), "span": Score(), "semeval": Score()}
    for item, found in zip(items, spans):
        gold = [(g.start, g.end) for g in item.gold if labels is None or g.label in labels]
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


def kind_table(items: list[LabelledArticle], spans: dict[str, list[list[FramingSpan]]]) -> Table:
    """Span P/R/F1 of each kind, each model's spans of that kind against the gold of its techniques."""
    counts = {kind: sum(1 for i in items for g in i.gold if g.label in labels) for kind, (_, labels) in KIND_LABELS.items()}
    table = Table(title=f"PTC test part by kind ({len(items)} articles): span P / R / F1 (gold spans: "
                  + ", ".join(f"{kind} {n}" for kind, n in counts.items()) + ")")
    table.add_column("model")
    for kind in KIND_LABELS:
        table.add_column(kind, justify="right")
    for name, found in spans.items():
        cells = []
        for kinds, labels in KIND_LABELS.values():
            score = scores(items, [[s for s in article if s.kind in kinds] for article in found], labels)["span"]
            cells.append(" / ".join(prf(score)))
        table.add_row(name, *cells)
    return table


def speculation_table(items: list[LabelledArticle], spans: dict[str, list[list[FramingSpan]]]) -> Table:
    """Speculation spans found in the annotated bodies: no gold exists, so they are counted and shown."""
    table = Table(title=f"Speculation presented as fact, BASIL 2014-2016 bodies ({len(items)} articles, no gold)")
    for column in ("model", "spans", "in quotes", "touching a lex span", "examples"):
        table.add_column(column)
    for name, found in spans.items():
        mine = [
            (s, any(g.start < s.end and s.start < g.end for g in item.gold))
            for item, article in zip(items, found)
            for s in article
            if s.kind is FramingKind.SPECULATION and s.start >= item.scored_from
        ]
        examples = "; ".join(dict.fromkeys(s.text for s, _ in mine[:6]))
        table.add_row(name, str(len(mine)), str(sum(s.quoted for s, _ in mine)), str(sum(t for _, t in mine)), examples)
    return table


def voice_table(items: list[LabelledArticle], spans: dict[str, list[list[FramingSpan]]]) -> Table:
    """Span P/R/F1 apart for quoted speech and the outlet's own words: a model must find both and tell them apart."""
    quoted = sum(g.quoted for i in items for g in i.gold)
    table = Table(title=f"BASIL lex spans by voice ({quoted} quoted, {sum(len(i.gold) for i in items) - quoted} own words): span P / R / F1")
    for column in ("model", "own words", "quoted"):
        table.add_column(column, justify="right")
    for name, found in spans.items():
        cells = []
        for voice in (False, True):
            score = Score()
            for item, article in zip(items, loaded(found)):
                gold = [(g.start, g.end) for g in item.gold if g.quoted == voice]
                score += span_score(gold, [(s.start, s.end) for s in article if s.quoted == voice and s.start >= item.scored_from])
            cells.append(" / ".join(prf(score)))
        table.add_row(name, *cells)
    return table


def held_out_check(items: list[LabelledArticle]) -> str:
    """Says whether any scored file was among the shipped models' training files (none may be)."""
    trained = {path for path, _ in json.loads(MODEL_FILE.read_text(encoding="utf-8"))["training"]["files"]}
    trained |= {path for path, _ in json.loads(MANIFEST_FILE.read_text(encoding="utf-8"))["files"]}
    scored = {str(path.relative_to(DATA)) for item in items for path in item.files}
    leaked = sorted(trained & scored)
    return f"held-out check: {len(scored)} scored files, {len(leaked)} among the trained models' training files"


def main() -> None:
    console = Console(width=150)
    basil, ptc = load_basil_lex(BASIL_TEST_YEARS), load_ptc(test=True)
    console.print(held_out_check(basil + ptc))
    names = sorted(MODELS)
    basil_spans = {name: predicted(name, basil) for name in names}
    ptc_spans = {name: predicted(name, ptc) for name in names}
    basil_title = f"BASIL lex spans, test 2014-2016 ({len(basil)} articles, {sum(len(i.gold) for i in basil)} gold spans)"
    console.print(detection_table(basil_title, with_every_loaded_kind(basil_spans, basil, None), ["token", "span"]))
    console.print(voice_table(basil, basil_spans))
    loaded_gold = sum(1 for i in ptc for g in i.gold if g.label in LOADED_LABELS)
    ptc_title = f"PTC Loaded_Language + Name_Calling, test part ({len(ptc)} articles, {loaded_gold} gold spans)"
    levels = ["token", "span", "semeval"]
    console.print(detection_table(ptc_title, with_every_loaded_kind(ptc_spans, ptc, LOADED_LABELS), levels))
    console.print(kind_table(ptc, ptc_spans))
    console.print(speculation_table(basil, basil_spans))
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
    print(setup_line())

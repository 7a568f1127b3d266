"""Fact alignment on three BASIL events against the hand-made keys in eval/keys/, beside the seed pair.

Each keyed event's three articles (Fox News, The New York Times, HuffPost) go through the real
pipeline in a fresh store: analyze, cluster, compare. If clustering splits them, the split is
reported and the three are compared as one story all the same, since the key is about alignment.

The keys number sentences as BASIL does; storylens splits sentences itself (spaCy), so each of its
sentences is mapped to every BASIL sentence it overlaps. A predicted cross-outlet pair is correct
when a BASIL pair it covers is in the key (required or acceptable); a required pair is found when
some predicted pair covers it. The compare thresholds were chosen on the seed pair only; these
events were keyed before storylens was run on them and nothing is fitted on them.
Run: .venv/bin/python -m eval.alignment_basil [--errors]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from rich.console import Console
from rich.table import Table

from eval.basil import OUTLETS, BasilArticle, basil_sentences, load_basil, sentence_spans
from eval.seed_alignment import cross_outlet_pairs, seed_report
from eval.seed_alignment import score as seed_score
from eval.setup import setup_line
from eval.span_metrics import Score
from storylens.analyze.embeddings import get_encoder
from storylens.compare.story import compare_story
from storylens.config import Settings
from storylens.framing import stored_name
from storylens.model import SentenceRef, Story, StoryReport
from storylens.pipeline import analyze_pending, cluster_pending, story_report
from storylens.store import Store

KEYS = Path(__file__).resolve().parent / "keys"
CODE = {name: code for code, name in OUTLETS.items()}
"""BASIL's outlet codes (fox, nyt, hpo), which the keys use, by the outlet names storylens reports."""

Ref = tuple[str, int]
"""A BASIL sentence: outlet code and index in the flattened body-paragraphs."""
KeyPair = frozenset[Ref]


@dataclass(frozen=True)
class EventKey:
    event: str
    year: int
    required: frozenset[KeyPair]
    acceptable: frozenset[KeyPair]
    hashes: dict[Ref, str]
    texts: dict[str, list[str]] = field(default_factory=dict)


@dataclass
class EventResult:
    key: EventKey
    sentences: dict[str, int]
    stories: int
    counts: Score
    merged: int = 0
    """storylens sentences that cover more than one BASIL sentence (the mapping is then looser)."""
    wrong: list[tuple[SentenceRef, SentenceRef]] = field(default_factory=list)
    missed: list[KeyPair] = field(default_factory=list)


def _pairs(raw: list[list[list]]) -> frozenset[KeyPair]:
    return frozenset(frozenset((outlet, index) for outlet, index, _ in pair) for pair in raw)


def load_key(path: Path) -> EventKey:
    record = json.loads(path.read_text(encoding="utf-8"))
    hashes = {(o, i): digest for pair in record["required"] + record["acceptable"] for o, i, digest in pair}
    return EventKey(
        event=record["event"],
        year=record["year"],
        required=_pairs(record["required"]),
        acceptable=_pairs(record["acceptable"]),
        hashes=hashes,
    )


def event_articles(key: EventKey) -> list[BasilArticle]:
    """The event's three articles, checked against the key's sentence hashes so that a changed
    data file cannot be scored against a key written for another text. The key holds hashes, not
    text, so that no part of the data is copied into the project."""
    articles = [a for a in load_basil(range(key.year, key.year + 1)) if a.story == key.event]
    key.texts.update({CODE[a.article.outlet.name]: basil_sentences(a.path) for a in articles})
    for (outlet, index), digest in key.hashes.items():
        if sentence_hash(key.texts[outlet][index]) != digest:
            sys.exit(f"eval: key for {key.event} names {outlet} sentence {index} by {digest}; the data says otherwise")
    return articles


def sentence_hash(text: str) -> str:
    return "sha256:" + hashlib.sha256(text.strip().encode("utf-8")).hexdigest()[:16]


def event_report(articles: list[BasilArticle], db: Path) -> tuple[StoryReport, int]:
    """The three articles compared as one story, and how many stories clustering made of them."""
    settings = Settings()
    with Store(db) as store:
        store.add_articles([a.article for a in articles])
        analyze_pending(store, settings)
        stories = cluster_pending(store, settings)
        if len(stories) == 1:
            return story_report(store, stories[0], settings), 1
        story = Story(
            id=0,
            label=articles[0].article.title,
            article_ids=[a.article.id for a in articles],
            outlets=sorted(a.article.outlet.name for a in articles),
        )
        items = store.analyzed([a.article.id for a in articles], stored_name(settings.models.framing_model))
    report = compare_story(story, items, get_encoder(settings.models.sentence_encoder))
    return report, len(stories)


def basil_refs(ref: SentenceRef, spans: dict[str, list[tuple[int, int]]], codes: dict[str, str]) -> list[Ref]:
    """The BASIL sentences a storylens sentence overlaps."""
    return [
        (codes[ref.article_id], index) for index, (start, end) in enumerate(spans[ref.article_id]) if start < ref.end and ref.start < end
    ]


def score_event(key: EventKey, articles: list[BasilArticle], report: StoryReport, stories: int) -> EventResult:
    spans = {a.article.id: sentence_spans(a) for a in articles}
    codes = {a.article.id: CODE[a.article.outlet.name] for a in articles}
    covered: dict[frozenset[KeyPair], tuple[SentenceRef, SentenceRef]] = {}
    for a, b in cross_outlet_pairs(report):
        pairs = frozenset(frozenset((x, y)) for x in basil_refs(a, spans, codes) for y in basil_refs(b, spans, codes))
        if pairs:
            covered.setdefault(pairs, (a, b))
    keyed = key.required | key.acceptable
    wrong = [refs for pairs, refs in covered.items() if not pairs & keyed]
    found = set().union(*covered) & key.required if covered else set()
    refs = [r for fact in report.facts for r in fact.evidence]
    return EventResult(
        key=key,
        sentences={codes[a.article.id]: len(spans[a.article.id]) for a in articles},
        stories=stories,
        counts=Score(right=len(covered) - len(wrong), predicted=len(covered), found=len(found), gold=len(key.required)),
        merged=sum(1 for r in {(r.article_id, r.position): r for r in refs}.values() if len(basil_refs(r, spans, codes)) > 1),
        wrong=wrong,
        missed=sorted(key.required - found, key=sorted),
    )


def _row(table: Table, name: str, sentences: str, stories: str, counts: Score) -> None:
    table.add_row(
        name,
        sentences,
        stories,
        str(int(counts.predicted)),
        str(int(counts.right)),
        f"{counts.precision:.2f}",
        str(int(counts.gold)),
        str(int(counts.found)),
        f"{counts.recall:.2f}",
        f"{counts.f1:.2f}",
    )


def results_table(results: list[EventResult], seed: Score) -> Table:
    table = Table(
        title="Aligned cross-outlet sentence pairs against hand keys "
        "(compare thresholds chosen on the seed pair only, not on these BASIL events)",
        caption="sents: BASIL body sentences fox/nyt/hpo; stories: how many stories clustering made of the "
        "event's articles (compared as one story either way); pred: predicted pairs, ok: of them in the key, "
        "req: required pairs, found: of them predicted; pooled: micro over the three BASIL events. "
        f"storylens sentences covering more than one BASIL sentence: {sum(r.merged for r in results)}.",
    )
    for column in ("event", "sents", "stories", "pred", "ok", "P", "req", "found", "R", "F1"):
        table.add_column(column, justify="left" if column == "event" else "right")
    for r in results:
        sizes = "/".join(str(r.sentences.get(code, 0)) for code in ("fox", "nyt", "hpo"))
        _row(table, f"{r.key.year} {r.key.event[:8]}", sizes, str(r.stories), r.counts)
    pooled = Score()
    for result in results:
        pooled += result.counts
    _row(table, "BASIL pooled", "", "", pooled)
    _row(table, "seed pair (dev)", "", "1", seed)
    return table


def print_errors(console: Console, result: EventResult) -> None:
    """What to read before changing the alignment: its false pairs and its misses, as texts."""
    console.print(f"[bold]{result.key.event}[/bold]: predicted pairs not in the key")
    for a, b in result.wrong:
        console.print(f"  {a.outlet}: {a.text[:90]}\n  {b.outlet}: {b.text[:90]}\n")
    console.print(f"[bold]{result.key.event}[/bold]: required pairs not predicted")
    for pair in result.missed:
        console.print("\n".join(f"  {o} {i}: {result.key.texts[o][i][:90]}" for o, i in sorted(pair)) + "\n")


def seed_counts(folder: Path) -> Score:
    result = seed_score(seed_report(folder / "seed.db"))
    return Score(right=result["correct"], predicted=result["predicted"], found=result["found"], gold=result["required"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--errors", action="store_true", help="list wrong predicted pairs and missed required pairs")
    args = parser.parse_args()
    console = Console()
    keys = [load_key(path) for path in sorted(KEYS.glob("basil_*.json"))]
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for key in keys:
            articles = event_articles(key)
            report, stories = event_report(articles, folder / f"{key.event}.db")
            results.append(score_event(key, articles, report, stories))
        seed = seed_counts(folder)
    console.print(results_table(results, seed))
    if args.errors:
        for result in results:
            print_errors(console, result)


if __name__ == "__main__":
    main()
    print(setup_line())

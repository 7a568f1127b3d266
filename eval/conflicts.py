"""Conflict detection on BASIL: false conflicts on the real texts, and injected ones found.

No labelled set of cross-outlet numeric disagreements exists, so this measures both error kinds
the way they can be measured here:
- false conflicts: every conflict flagged on the 70 unmodified BASIL triplets is printed and
  counted; outlets do sometimes disagree, so read them before calling them all false.
- missed conflicts: in each event, one exact figure that two outlets' aligned sentences agree on
  (a count, amount, percentage or duration written in digits, neither side approximate or a
  bound like "more than") is changed in one article to a
  clearly different value (x3 + 7), and the event is compared again; recall is the share of
  these injected disagreements reported on the right slot.
Run: .venv/bin/python -m eval.conflicts [--limit N]
"""

from __future__ import annotations

import argparse
import re
import time
from dataclasses import dataclass

from rich.console import Console
from rich.table import Table

from eval.basil import BasilArticle, load_basil
from storylens.analyze import analyze
from storylens.analyze.quantities import same_value
from storylens.config import Settings
from storylens.model import AnalyzedArticle, Article, Conflict, QuantityKind, Sentence, Story, StoryReport
from storylens.compare import compare_story
from storylens.pipeline import Models, load_models

INJECTABLE = frozenset({QuantityKind.COUNT, QuantityKind.MONEY, QuantityKind.PERCENT, QuantityKind.DURATION})
DIGITS = re.compile(r"\d[\d,]*(?:\.\d+)?")


@dataclass
class Injection:
    event: str
    slot: QuantityKind
    original: str
    changed: str
    found: bool


def events(articles: list[BasilArticle]) -> dict[str, list[Article]]:
    grouped: dict[str, list[Article]] = {}
    for item in articles:
        grouped.setdefault(item.story, []).append(item.article)
    return grouped


def compare(articles: list[Article], models: Models) -> tuple[list[AnalyzedArticle], StoryReport]:
    items = list(analyze(articles, models.nlp))
    outlets = sorted({a.outlet.name for a in articles})
    story = Story(id=1, label=articles[0].title, article_ids=[a.id for a in articles], outlets=outlets)
    return items, compare_story(story, items, models.nlp, models.framing, models.encoder)


def agreeing_figure(items: list[AnalyzedArticle], report: StoryReport) -> tuple[Sentence, str, QuantityKind] | None:
    """A digit figure in one outlet's sentence that another outlet's sentence of the same fact matches."""
    sentence_of = {(s.article_id, s.position): s for item in items for s in item.sentences}
    for fact in report.facts:
        members = [sentence_of[(e.article_id, e.position)] for e in fact.evidence]
        for first in members:
            for quantity in first.quantities:
                if quantity.kind not in INJECTABLE or quantity.approximate or not DIGITS.search(quantity.text):
                    continue
                for other in members:
                    exact = [q for q in other.quantities if not q.approximate]
                    if other.article_id != first.article_id and any(same_value(quantity, q) for q in exact):
                        return first, quantity.text, quantity.kind
    return None


def inject(articles: list[Article], sentence: Sentence, figure: str) -> tuple[list[Article], str]:
    """The articles with the figure in that sentence replaced by a clearly different one."""
    number = DIGITS.search(figure)
    value = float(number.group().replace(",", ""))
    changed_number = f"{value * 3 + 7:,.0f}"
    changed_figure = figure[: number.start()] + changed_number + figure[number.end() :]
    changed_sentence = sentence.text.replace(figure, changed_figure, 1)
    result = []
    for article in articles:
        if article.id == sentence.article_id:
            body = [p.replace(sentence.text, changed_sentence, 1) for p in article.body]
            article = article.model_copy(update={"body": body, "id": article.id + "-changed"})
        result.append(article)
    return result, changed_figure


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--limit", type=int, default=None, help="only the first N events")
    limit = parser.parse_args().limit
    console = Console()
    models = load_models(Settings())
    grouped = list(events(load_basil()).items())[:limit]
    started = time.perf_counter()
    flagged: list[tuple[str, str]] = []
    injections: list[Injection] = []
    for event, articles in grouped:
        items, report = compare(articles, models)
        flagged += [(event, _describe(c)) for c in report.conflicts]
        figure = agreeing_figure(items, report)
        if figure is None:
            continue
        sentence, text, slot = figure
        changed, changed_text = inject(articles, sentence, text)
        _, changed_report = compare(changed, models)
        found = any(c.slot == slot and any(v.value == changed_text for v in c.values) for c in changed_report.conflicts)
        injections.append(Injection(event, slot, text, changed_text, found))
    elapsed = time.perf_counter() - started
    _print(console, len(grouped), flagged, injections, elapsed)


def _describe(conflict: Conflict) -> str:
    return f"{conflict.slot}: " + " vs ".join(f"{v.outlet}: {v.value!r}" for v in conflict.values)


def _print(
    console: Console, events_run: int, flagged: list[tuple[str, str]], injections: list[Injection], elapsed: float
) -> None:
    found = sum(i.found for i in injections)
    table = Table(title=f"Conflicts on BASIL ({events_run} events, {elapsed:.0f} s)")
    for column in ("measure", "value"):
        table.add_column(column)
    table.add_row("conflicts flagged on unmodified events", str(len(flagged)))
    table.add_row("events with an injectable agreeing figure", str(len(injections)))
    table.add_row("injected disagreements reported", f"{found} / {len(injections)}")
    table.add_row("recall on injected", f"{found / len(injections):.2f}" if injections else "n/a")
    console.print(table)
    if flagged:
        listing = Table(title="Conflicts flagged on the unmodified texts (read before judging)")
        listing.add_column("event")
        listing.add_column("conflict")
        for event, text in flagged:
            listing.add_row(event[:8], text)
        console.print(listing)
    missed = [i for i in injections if not i.found]
    if missed:
        listing = Table(title="Injected disagreements not reported")
        for column in ("event", "slot", "original", "changed to"):
            listing.add_column(column)
        for item in missed:
            listing.add_row(item.event[:8], str(item.slot), item.original, item.changed)
        console.print(listing)


if __name__ == "__main__":
    main()

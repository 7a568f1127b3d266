"""Conflict detection on BASIL: false conflicts on the real texts, and injected ones found.

No labelled set of cross-outlet numeric disagreements exists, so this measures both error kinds
the way they can be measured here:
- false conflicts: every conflict flagged on the 70 unmodified BASIL triplets is printed and
  counted; outlets do sometimes disagree, so each flagged conflict is judged by hand, real (two
  values for one thing) or false (values of different things), in `eval/keys/conflicts_judged.json`,
  and one the key does not judge (a new one) is counted false until someone reads it.
- false conflicts where many outlets tell one event: the same count on a fixed sample of ECB+
  events (`ECB_EVENTS` events of three or more articles, every outlet's article of the event
  compared as one story; the files read as `storylens ingest` reads a page, so a page's date
  stamp is no fact), judged in the same key. BASIL's events have three outlets; a news archive's
  stories have ten or twenty, each adding the figures, dates and places of its own sentences, and
  sports and crime reports give many figures of many people.
- missed conflicts: in each event, one exact figure that two outlets' aligned sentences agree on
  (a count, amount, percentage or duration written in digits, neither side approximate or a
  bound like "more than") is changed to a clearly different value (x3 + 7) wherever one
  article writes it (an article still giving it elsewhere would give both), and the event is
  compared again; recall is the share of these injected disagreements reported on
  the right slot: as a conflict or, where the changed article was published well after the
  other (BASIL's articles carry dates), as a figure that changed over time, which the report's
  timeline shows with both values (counted apart). The same is done, in separate runs, with a
  place two aligned sentences both put the event in (changed to a city the event never names,
  throughout the article, headline included) and with a title two aligned sentences both give
  one person (its portfolio changed, "defense" → "foreign", or "Vice" put before it).
Run: .venv/bin/python -m eval.conflicts [--limit N]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

from rich.console import Console
from rich.table import Table

from eval.basil import BasilArticle, load_basil
from eval.clustering_data import ECBPLUS, _ecb_document, rejoined
from eval.setup import setup_line
from storylens.analyze import analyze
from storylens.analyze.quantities import as_written, same_value
from storylens.compare.named_slots import event_place, title_word, titles
from storylens.compare.story import compare_story
from storylens.config import Settings
from storylens.ingest.reader import Draft, build_article
from storylens.model import AnalyzedArticle, Article, Conflict, ConflictSlot, QuantityKind, Sentence, Story, StoryReport
from storylens.pipeline import Models, load_models

INJECTABLE = frozenset({QuantityKind.COUNT, QuantityKind.MONEY, QuantityKind.PERCENT, QuantityKind.DURATION})
DIGITS = re.compile(r"\d[\d,]*(?:\.\d+)?")
CITIES = ("Denver", "Omaha", "Tucson", "Boise", "Tulsa")
"""Places put in instead of the real one: US cities the entity recogniser knows."""
ECB_EVENTS = 12
ECB_SEED = 5
"""The ECB+ events compared: a seeded sample of those with three articles or more."""
OTHER_PORTFOLIO = {"defense": "Foreign", "foreign": "Defense", "majority": "Minority", "minority": "Majority"}


@dataclass
class Injection:
    event: str
    slot: ConflictSlot
    original: str
    changed: str
    found: bool
    as_update: bool = False
    """Found, as a figure that changed over time (the articles' publication times set apart): the
    report's timeline shows both values as an update, not as a conflict."""


JUDGED = Path(__file__).parent / "keys" / "conflicts_judged.json"


Judged = dict[tuple[str, str], tuple[str, str]]
"""(event, conflict hash) → (verdict, why)."""


def judgements() -> Judged:
    """(event, conflict hash) → (verdict, why), from the hand key (see its note)."""
    key = json.loads(JUDGED.read_text(encoding="utf-8"))
    return {(item["event"], item["conflict"]): (item["verdict"], item["why"]) for item in key["judged"]}


def conflict_hash(description: str) -> str:
    """How the key names a flagged conflict without holding its text: its printed line's hash."""
    return "sha256:" + hashlib.sha256(description.encode("utf-8")).hexdigest()[:16]


Change = tuple[Sentence, str, str, ConflictSlot, str]
"""A sentence, the text in it to replace, its replacement, the slot that should then conflict, and
the value the report should then give (the replacement, or the title in it without the name)."""


def events(articles: list[BasilArticle]) -> dict[str, list[Article]]:
    grouped: dict[str, list[Article]] = {}
    for item in articles:
        grouped.setdefault(item.story, []).append(item.article)
    return grouped


def ecb_events(count: int = ECB_EVENTS, seed: int = ECB_SEED) -> dict[str, list[Article]]:
    """A seeded sample of ECB+ events (topic and ecb/ecbplus half) of three articles or more, each
    article's tokens joined back into running text (`rejoined`: "4,183", not "4, 183") and built
    as ingest builds one: outlet from its URL's domain (else a letter), the page's
    furniture cleaned, a date stamp near the top taken as its date."""
    files: dict[str, list[Path]] = {}
    for topic in sorted(p for p in ECBPLUS.iterdir() if p.is_dir()):
        for path in sorted(topic.glob("*.xml")):
            files.setdefault(f"ecb+ {topic.name}-{'ecbplus' if path.stem.endswith('ecbplus') else 'ecb'}", []).append(path)
    names = sorted(name for name, paths in files.items() if len(paths) >= 3)
    random.Random(seed).shuffle(names)
    chosen: dict[str, list[Article]] = {}
    for name in sorted(names[:count]):
        articles = []
        for number, path in enumerate(files[name]):
            url, title, body = _ecb_document(path)
            outlet = urlparse(url).netloc.removeprefix("www.") if url else f"Outlet {number + 1}"
            draft = Draft(source=str(path), title=rejoined(title), paragraphs=[rejoined(p) for p in body], url=url)
            built = build_article(draft, str(path), outlet)
            if isinstance(built, Article):
                articles.append(built)
        chosen[name] = articles
    return chosen


def compare(articles: list[Article], models: Models) -> tuple[list[AnalyzedArticle], StoryReport]:
    items = list(analyze(articles, models.nlp, models.framing))
    outlets = sorted({a.outlet.name for a in articles})
    story = Story(id=1, label=articles[0].title, article_ids=[a.id for a in articles], outlets=outlets)
    return items, compare_story(story, items, models.encoder, settings=models.settings)


def fact_members(items: list[AnalyzedArticle], report: StoryReport) -> Iterator[list[Sentence]]:
    sentence_of = {(s.article_id, s.position): s for item in items for s in item.sentences}
    for fact in report.facts:
        yield [sentence_of[(e.article_id, e.position)] for e in fact.evidence]


def figure_change(items: list[AnalyzedArticle], report: StoryReport) -> Change | None:
    """A digit figure in one outlet's sentence that another outlet's sentence of the same fact
    matches, and a clearly different figure (x3 + 7) in its place."""
    for members in fact_members(items, report):
        for first in members:
            for quantity in first.quantities:
                if quantity.kind not in INJECTABLE or quantity.approximate or not DIGITS.search(quantity.text):
                    continue
                for other in members:
                    exact = [q for q in other.quantities if not q.approximate]
                    if other.article_id != first.article_id and any(same_value(quantity, q) for q in exact):
                        figure = _changed_figure(quantity.text)
                        return first, quantity.text, figure, ConflictSlot(quantity.kind), figure
    return None


def _changed_figure(figure: str) -> str:
    """The figure with its last number changed: the value of a range ("40-60 hour") is its upper
    end, and a lower end above it ("127-60 hour") would read as two values, not a range."""
    number = list(DIGITS.finditer(figure))[-1]
    value = float(number.group().replace(",", ""))
    return figure[: number.start()] + f"{value * 3 + 7:,.0f}" + figure[number.end() :]


def place_change(items: list[AnalyzedArticle], report: StoryReport) -> Change | None:
    """A place two outlets' sentences of one fact both put the event in, and a city the event's
    articles never name in its place."""
    text = " ".join(s.text for item in items for s in item.sentences)
    city = next(c for c in CITIES if c not in text)
    for members in fact_members(items, report):
        for first in members:
            place = event_place(first)
            if place is None:
                continue
            for other in members:
                there = event_place(other)
                if other.article_id != first.article_id and there is not None and there.key == place.key:
                    return first, place.text, city, ConflictSlot.PLACE, city
    return None


def title_change(items: list[AnalyzedArticle], report: StoryReport) -> Change | None:
    """A title two outlets' sentences of one fact both give one person, and another post of the
    same title in its place: the portfolio swapped, or "Vice" put before it; with the name after
    it ("Vice President Obama") where the sentence writes it so, to be changed wherever the
    article gives that person that title (an outlet giving one person both titles knows both)."""
    for members in fact_members(items, report):
        for first in members:
            for person, title in titles(first).items():
                for other in members:
                    their = titles(other).get(person)
                    if other.article_id == first.article_id or their is None or their.contradicts(title) or their.noun != title.noun:
                        continue
                    swap = next((p for p in title.modifiers if p in OTHER_PORTFOLIO), None)
                    noun = title.text.split()[-1]
                    if swap is not None:
                        written = next(w for w in title.text.split() if title_word(w) == swap)
                        changed = title.text.replace(written, OTHER_PORTFOLIO[swap], 1)
                    elif "vice" not in title.modifiers:
                        changed = title.text[: -len(noun)] + "Vice " + noun
                    else:
                        continue
                    name = next(e.text for e in first.entities if e.key == person)
                    titled = f"{title.text} {name}"
                    if titled in first.text:
                        return first, titled, f"{changed} {name}", ConflictSlot.ROLE, changed
                    return first, title.text, changed, ConflictSlot.ROLE, changed
    return None


def inject(articles: list[Article], sentence: Sentence, old: str, new: str) -> list[Article]:
    """The articles with ``old`` replaced by ``new`` wherever the sentence's article writes it as
    a whole word or figure, headline, standfirst and captions included: an outlet that puts an
    event elsewhere names that place, not the other, in all it writes, and an article that still
    gave the first figure, place or title elsewhere would be giving both, which no report should
    call a dispute (so with a titled name). "63" is not changed inside "1963" or "63.5"."""
    written = as_written(old)

    def change(text: str) -> str:
        return written.sub(lambda _: new, text)

    result = []
    for article in articles:
        if article.id == sentence.article_id:
            update = {
                "title": change(article.title),
                "standfirst": change(article.standfirst),
                "body": [change(p) for p in article.body],
                "captions": [change(c) for c in article.captions],
            }
            article = article.model_copy(update={**update, "id": article.id + "-changed"})
        result.append(article)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--limit", type=int, default=None, help="only the first N events")
    parser.add_argument("--setting", nargs=2, action="append", default=[], metavar=("NAME", "VALUE"), help="as the CLI's --setting")
    args = parser.parse_args()
    limit = args.limit
    console = Console()
    models = load_models(Settings.resolve(args.setting))
    grouped = list(events(load_basil()).items())[:limit]
    started = time.perf_counter()
    flagged: list[tuple[str, str]] = []
    injections: list[Injection] = []
    for event, articles in grouped:
        items, report = compare(articles, models)
        flagged += [(event, _describe(c)) for c in report.conflicts]
        for find_change in (figure_change, place_change, title_change):
            change = find_change(items, report)
            if change is None:
                continue
            sentence, old, new, slot, reported = change
            _, changed_report = compare(inject(articles, sentence, old, new), models)
            found = any(c.slot == slot and any(reported in v.value for v in c.values) for c in changed_report.conflicts)
            updated = any(
                c.update and c.slot == slot and any(reported in v.value for v in c.values) for c in changed_report.timeline.figure_changes
            )
            injections.append(Injection(event, slot, old, new, found or updated, updated and not found))
    elapsed = time.perf_counter() - started
    _print(console, len(grouped), flagged, injections, elapsed)
    started = time.perf_counter()
    sample = ecb_events() if limit is None else {}
    flagged = [(event, _describe(c)) for event, articles in sample.items() for c in compare(articles, models)[1].conflicts]
    if sample:
        articles_run = sum(map(len, sample.values()))
        title = f"Conflicts on ECB+ ({len(sample)} events, {articles_run} articles, {time.perf_counter() - started:.0f} s)"
        judged = judgements()
        console.print(flagged_table(title, len(sample), flagged, judged))
        _print_listing(console, flagged, judged)


def _describe(conflict: Conflict) -> str:
    return f"{conflict.slot}: " + " vs ".join(f"{v.outlet}: {v.value!r}" for v in conflict.values)


def _print(
    console: Console, events_run: int, flagged: list[tuple[str, str]], injections: list[Injection], elapsed: float
) -> None:
    judged = judgements()
    table = flagged_table(f"Conflicts on BASIL ({events_run} events, {elapsed:.0f} s)", events_run, flagged, judged)
    for label, slots in (("figures", set(ConflictSlot) - {ConflictSlot.PLACE, ConflictSlot.ROLE}), ("places", {ConflictSlot.PLACE}), ("titles", {ConflictSlot.ROLE})):
        tried = [i for i in injections if i.slot in slots]
        hits = sum(i.found for i in tried)
        rate = f" (recall {hits / len(tried):.2f})" if tried else ""
        updates = sum(i.as_update for i in tried)
        told = f", {updates} of them as an update" if updates else ""
        table.add_row(f"injected {label} reported", f"{hits} / {len(tried)}{rate}{told}")
    console.print(table)
    _print_listing(console, flagged, judged)
    missed = [i for i in injections if not i.found]
    if missed:
        listing = Table(title="Injected disagreements not reported")
        for column in ("event", "slot", "original", "changed to"):
            listing.add_column(column)
        for item in missed:
            listing.add_row(item.event[:8], str(item.slot), item.original, item.changed)
        console.print(listing)


def flagged_table(title: str, events_run: int, flagged: list[tuple[str, str]], judged: Judged) -> Table:
    """The count of conflicts flagged on unmodified texts and how many the key judges false (one it
    does not judge counts false)."""
    table = Table(title=title)
    for column in ("measure", "value"):
        table.add_column(column)
    table.add_row("conflicts flagged on unmodified events", str(len(flagged)))
    verdicts = [judged.get((event, conflict_hash(text)), ("not judged", ""))[0] for event, text in flagged]
    false = sum(verdict != "real" for verdict in verdicts)
    table.add_row(
        "false conflicts on unmodified events",
        f"{false} ({false / max(events_run, 1) * 10:.2f} per 10 events): {verdicts.count('false')} judged false, "
        f"{verdicts.count('not judged')} not judged; {verdicts.count('real')} judged real",
    )
    return table


def _print_listing(console: Console, flagged: list[tuple[str, str]], judged: Judged) -> None:
    if not flagged:
        return
    listing = Table(title=f"Conflicts flagged on the unmodified texts, as judged in {JUDGED.name}")
    for column in ("event", "conflict", "judged", "why"):
        listing.add_column(column)
    for event, text in flagged:
        verdict, why = judged.get((event, conflict_hash(text)), ("not judged", ""))
        listing.add_row(event[:8] if not event.startswith("ecb+") else event, text, verdict, why)
    console.print(listing)


if __name__ == "__main__":
    main()
    print(setup_line())

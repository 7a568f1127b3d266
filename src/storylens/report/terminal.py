"""The report and the story list on a terminal, with rich.

Article text is untrusted and rich reads markup in plain strings, so every piece of it goes in as
a `Text` object, which rich never parses: a headline holding '[link=file:///etc/passwd]' prints
as those characters and cannot turn into a link or restyle the screen.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from rich.console import Console, Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from storylens.model import Detail, Fact, FramingSpan, OutletListing, OutletRecord, SentenceRef, Story, StoryReport
from storylens.report.sections import (
    ConflictView,
    OutletCoverage,
    ReportView,
    SpanView,
    citation_text,
    fact_notes,
    kind_label,
    outlet_rows,
    profile_rows,
    quoted_label,
    slot_text,
    support_text,
    updates_text,
    when,
)

HIGHLIGHT = "bold black on yellow"
FIRSTS_SHOWN = 3
"""Sentences shown under each article of the terminal's timeline; the rest are counted (the other formats list them all)."""
CITATION = "cyan"
DIM = "dim"


def print_report(report: StoryReport, console: Console) -> None:
    """Print every section of the report, in the order all formats share."""
    view = ReportView.of(report)
    sections = [
        _header(view),
        _articles(view),
        _summary(view),
        _timeline(view),
        _everyone(view),
        _coverage(view),
        _conflicts(view),
        _framing(view),
        _spans(view),
    ]
    for section in sections:
        console.print(section)
        console.print()


def print_story_list(stories: list[Story], console: Console) -> None:
    """One row per story, so a user can pick the id to report on."""
    if not stories:
        console.print(Text("No stories yet.", style=DIM))
        return
    table = Table(title=Text("Stories"), show_lines=False)
    for column in ("ID", "Label", "Outlets", "Articles", "First seen", "Last seen"):
        table.add_column(column)
    for story in stories:
        table.add_row(
            Text(str(story.id)),
            Text(story.label),
            Text(", ".join(story.outlets)),
            Text(str(len(story.article_ids))),
            Text(when(story.first_seen)),
            Text(when(story.last_seen)),
        )
    console.print(table)


def print_outlets(rows: list[OutletListing], console: Console) -> None:
    """One row per outlet: its counts, and what the user or the outlet table says of it."""
    if not rows:
        console.print(Text("No outlets yet.", style=DIM))
        return
    table = Table(title=Text("Outlets"))
    for column in ("Outlet", "Articles", "Stories", "Lean", "Country", "Kind", "Domains"):
        table.add_column(column, justify="right" if column in ("Articles", "Stories") else "left")
    for row in rows:
        table.add_row(
            *(Text(str(value)) for value in (row.name, row.articles, row.stories)),
            *(Text(value or "") for value in (row.lean, row.country, row.kind)),
            Text(" ".join(row.domains)),
        )
    console.print(table)


def print_outlet_profile(record: OutletRecord, console: Console) -> None:
    """An outlet across its stories: its measures, its loaded kinds, its strongest spans, its stories."""
    said = [f"{label} {value}" for label, value in (("lean", record.outlet.lean), ("country", record.outlet.country), ("kind", record.outlet.kind)) if value]
    console.print(Panel(Text(" · ".join(said) or "nothing told of it yet"), title=Text(record.outlet.name, style="bold"), title_align="left"))
    measures = Table(title=Text("Across its stories"), show_header=False)
    measures.add_column("Measure")
    measures.add_column("Value", justify="right")
    for label, value in outlet_rows(record):
        measures.add_row(Text(label), Text(value))
    console.print(measures)
    if record.by_kind:
        kinds = Table(title=Text("Loaded language by kind"))
        for column in ("Kind", "Own voice", "In quotes", "Own per 1,000 words"):
            kinds.add_column(column, justify="left" if column == "Kind" else "right")
        for rate in record.by_kind:
            kinds.add_row(Text(kind_label(rate.kind)), Text(str(rate.own)), Text(str(rate.quoted)), Text(f"{rate.own_per_1000_words:.2f}"))
        console.print(kinds)
    if record.most_loaded:
        spans = Table(title=Text("Its most loaded words, in its own voice"))
        for column in ("Span", "Kind", "Neutral wording", "Story"):
            spans.add_column(column)
        for example in record.most_loaded:
            spans.add_row(
                Text(example.text, style=HIGHLIGHT), Text(kind_label(example.kind)), Text(example.neutral or "—"), Text(str(example.story_id))
            )
        console.print(spans)
    stories = Table(title=Text("Its stories"))
    for column in ("ID", "Story", "Outlets", "Loaded", "Facts", "Only here", "Omitted", "Differs", "First"):
        stories.add_column(column, justify="left" if column == "Story" else "right")
    for line in record.stories:
        figures = (line.outlets, line.loaded_spans, line.facts, line.single_source, line.omitted, line.differs, line.first_reports)
        stories.add_row(Text(str(line.story_id)), Text(line.label), *(Text(str(value)) for value in figures))
    console.print(stories)


def print_blindspots(found: list[dict[str, Any]], console: Console) -> None:
    """One row per story that one lean covers and the others leave out."""
    if not found:
        console.print(Text("No blindspots: no story is covered by one lean alone.", style=DIM))
        return
    table = Table(title=Text("Blindspots: stories one lean covers"))
    for column in ("ID", "Story", "Covered by", "Other outlets"):
        table.add_column(column)
    for row in found:
        others = " · ".join(f"{group['lean'] or 'no lean given'}: {', '.join(group['outlets'])}" for group in row["others"])
        table.add_row(Text(str(row["id"])), Text(row["label"]), Text(f"{row['lean']}: {', '.join(row['outlets'])}"), Text(others))
    console.print(table)


def _heading(title: str, body: RenderableType) -> Group:
    """A section: its title, then its body."""
    return Group(Text(title, style="bold underline"), body)


def _none(message: str) -> Text:
    """What an empty section says, so an absence reads as a finding rather than a glitch."""
    return Text(message, style=DIM)


def _header(view: ReportView) -> Panel:
    """Story label, outlets (with guessed-name notes) and the dates it was seen."""
    story = view.report.story
    lines = Group(
        Text(story.label, style="bold"),
        Text("Outlets: ") + Text(", ".join(view.label(outlet) for outlet in view.outlets)),
        Text(f"First seen {when(story.first_seen)} · last seen {when(story.last_seen)}"),
        *([Text(lean)] if (lean := view.lean_text()) else []),
    )
    return Panel(lines, title=Text(f"Story {story.id}"), title_align="left")


def _articles(view: ReportView) -> Group:
    """Which article each outlet contributed."""
    table = Table()
    for column in ("Outlet", "Title", "Published", "Body words"):
        table.add_column(column)
    for article in view.report.articles:
        table.add_row(
            Text(view.article_outlet(article)),
            Text(article.title),
            Text(when(article.published)),
            Text(str(article.body_words)),
        )
    return _heading("Articles", table)


def _summary(view: ReportView) -> Group:
    """The neutral summary, each sentence followed by the outlets that state it."""
    if not view.report.summary:
        return _heading("Summary", _none("No summary."))
    lines = [
        Text.assemble(f"{i}. ", sentence.text, " ", (citation_text(sentence), CITATION))
        for i, sentence in enumerate(view.report.summary, start=1)
    ]
    return _heading("Summary", Group(*lines))


def _timeline(view: ReportView) -> Group:
    """Articles in publication order (UTC), the facts each reported first, and figures over time."""
    timeline = view.timeline
    if not timeline.entries:
        return _heading("Timeline", _none("No timeline."))
    lines: list[RenderableType] = []
    for entry in timeline.entries:
        lines.append(Text.assemble((entry.time, "bold"), "  ", view.label(entry.article.outlet), " — ", entry.article.title))
        for first in entry.firsts[:FIRSTS_SHOWN]:
            told = _sentence(view, first.sentence) if first.sentence else Text(first.fact.text)
            lines.append(Text.assemble("    first: ", told, (f" ({first.later})" if first.later else "", DIM)))
        if len(entry.firsts) > FIRSTS_SHOWN:
            lines.append(_none(f"    and {len(entry.firsts) - FIRSTS_SHOWN} more sentences that reported facts first"))
    if timeline.undated_note:
        lines.append(_none(timeline.undated_note))
    if timeline.undated_facts:
        lines.append(Text("Only in undated articles (no first time):"))
        for fact, seen in timeline.undated_facts[:FIRSTS_SHOWN]:
            lines.append(Text.assemble("    ", fact.text, (f" ({', '.join(seen.undated_outlets)})", DIM)))
        if len(timeline.undated_facts) > FIRSTS_SHOWN:
            lines.append(_none(f"    and {len(timeline.undated_facts) - FIRSTS_SHOWN} more"))
    if timeline.figures:
        lines.append(Text("Figures over time:"))
        for figure in timeline.figures:
            style = "green" if figure.change.update else "bold red"
            lines.append(
                Text.assemble("  ", (figure.verdict, style), f" ({figure.change.slot.value}): ", figure.steps, (f" — {figure.change.reason}", DIM))
            )
            if figure.fact:
                lines.append(_none(f"    fact: {figure.fact.text}"))
    return _heading("Timeline (UTC)", Group(*lines))


def _everyone(view: ReportView) -> Group:
    """The common ground: facts every outlet reports."""
    if not view.everyone:
        return _heading("Reported by every outlet", _none(view.nobody_shares()))
    table = Table()
    for column in ("#", "Fact", "Status", "Voices", "Attributed to"):
        table.add_column(column)
    for fact in view.everyone:
        table.add_row(
            Text(str(fact.id)),
            Text(fact.text),
            Text(fact.status.value),
            Text(support_text(fact)),
            Text(fact.attributed_to or ""),
        )
    return _heading("Reported by every outlet", table)


def _coverage(view: ReportView) -> Group:
    """Per outlet, what only it reports and what it leaves out that others report."""
    if not view.coverage:
        return _heading("Coverage by outlet", _none("No coverage recorded."))
    return _heading("Coverage by outlet", Group(*(_outlet_coverage(view, c) for c in view.coverage)))


def _outlet_coverage(view: ReportView, coverage: OutletCoverage) -> Group:
    """One outlet's 'only here' and 'omitted' lists."""
    return Group(
        Text(view.label(coverage.outlet), style="bold"),
        Text("  Only here:"),
        *_fact_lines(coverage.only_here),
        Text("  Omitted:"),
        *_fact_lines(coverage.omitted),
        Text("  Names and figures no other outlet gives:"),
        *_detail_lines(coverage.details),
    )


def _detail_lines(details: list[Detail]) -> list[Text]:
    """Each detail with the sentence it comes from, or a dim 'none'."""
    if not details:
        return [_none("    none")]
    return [Text.assemble("    • ", (detail.text, "bold"), " — ", detail.evidence.text) for detail in details]


def _fact_lines(facts: list[Fact]) -> list[Text]:
    """Bulleted fact texts, each with the outlets carrying copies of it, or a dim 'none'."""
    if not facts:
        return [_none("    none")]
    return [Text.assemble("    • ", fact.text, (_notes(fact), DIM)) for fact in facts]


def _notes(fact: Fact) -> str:
    """' (copies; outlets stating part of it)', or '' when there is nothing to add."""
    notes = fact_notes(fact)
    return f" ({notes})" if notes else ""


def _conflicts(view: ReportView) -> Group:
    """Numbers the outlets disagree on: one row per outlet's value, grouped by fact."""
    updates = [_none(note)] if (note := updates_text(view)) else []
    if not view.conflicts:
        return _heading("Conflicts", Group(_none("No conflicts: no figure, date, place or title on which outlets disagree."), *updates))
    table = Table()
    for column in ("Fact", "Slot", "Outlet", "Value", "Sentence"):
        table.add_column(column)
    for conflict in view.conflicts:
        _add_conflict(view, table, conflict)
    return _heading("Conflicts", Group(table, *updates))


def _add_conflict(view: ReportView, table: Table, item: ConflictView) -> None:
    """The conflict's rows; fact and slot only on its first row, a rule after its last."""
    fact = item.fact.text if item.fact else f"fact {item.conflict.fact_id}"
    values = item.conflict.values
    for i, value in enumerate(values):
        first = i == 0
        table.add_row(
            Text(fact if first else ""),
            Text(slot_text(item.conflict) if first else ""),
            Text(value.outlet),
            Text(value.value, style="bold red"),
            _sentence(view, value.evidence),
            end_section=i == len(values) - 1,
        )


def _framing(view: ReportView) -> Group:
    """Each outlet's loaded wording scaled to its length, tone, subjectivity, sourcing, quoting and headline."""
    if not view.profiles:
        return _heading("Framing", _none("No framing profile."))
    table = Table()
    for column in ("Measure", *(view.label(p.outlet) for p in view.profiles)):
        table.add_column(Text(column))
    for row in profile_rows(view.profiles):
        table.add_row(*(Text(cell) for cell in row))
    return _heading("Framing", table)


def _spans(view: ReportView) -> Group:
    """Every loaded span, highlighted in its sentence, with its kind and a neutral wording."""
    if not view.spans:
        return _heading("Loaded spans", _none("No loaded language found."))
    table = Table()
    for column in ("Outlet", "Kind", "In context", "Neutral alternative"):
        table.add_column(column)
    for item in view.spans:
        table.add_row(Text(item.span.outlet), Text(_kind(item)), _context(view, item), Text(item.span.neutral or "—"))
    return _heading("Loaded spans", table)


def _kind(item: SpanView) -> str:
    """The span's kind, flagged when it sits in quoted speech and is not the outlet's own word."""
    return f"{kind_label(item.span.kind)} ({quoted_label(item.span)})" if item.span.quoted else kind_label(item.span.kind)


def _context(view: ReportView, item: SpanView) -> Text:
    """The span inside its sentence, or the span alone when the sentence is not in the report."""
    if item.sentence is None:
        return Text(item.span.text, style=HIGHLIGHT)
    return _sentence(view, item.sentence, [item.span])


def _sentence(view: ReportView, ref: SentenceRef, spans: Iterable[FramingSpan] | None = None) -> Text:
    """A sentence with its loaded spans highlighted (all of them unless `spans` narrows it)."""
    text = Text()
    for run in view.segments(ref, spans):
        text.append(run.text, style=HIGHLIGHT if run.span else "")
    return text

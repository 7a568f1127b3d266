"""The report as Markdown, for notes, tickets and pull requests.

Article text is untrusted and Markdown renderers pass HTML through, so every piece of it is
escaped: HTML-significant characters become entities and Markdown-significant ones get a
backslash. Whitespace runs collapse to one space, so no article text can start a new block (a
heading, a list, a table row) of its own.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from storylens.model import Fact, FramingSpan, SentenceRef, StoryReport
from storylens.report.sections import (
    ConflictView,
    OutletCoverage,
    ReportView,
    SpanView,
    citation_text,
    fact_notes,
    profile_rows,
    span_title,
    support_text,
    updates_text,
    when,
)

_HTML = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
_INLINE = re.compile(r"[&<>\\`*_\[\]|~]")
_WHITESPACE = re.compile(r"\s+")
_BLOCK_START = re.compile(r"^(\d*)([.)#+\-])")


def escape(text: str) -> str:
    """Untrusted text made inert in Markdown and in the HTML a renderer may pass through."""
    return _block_safe(_inline(text))


def _inline(text: str) -> str:
    """Whitespace runs as one space, inline markup characters escaped wherever they are.

    Edges are kept so that runs of one sentence can be escaped apart and joined again.
    """
    flat = _WHITESPACE.sub(" ", text)
    return _INLINE.sub(lambda m: _HTML.get(m.group(), "\\" + m.group()), flat)


def _block_safe(text: str) -> str:
    """Escaped text trimmed, with a list or heading marker at its start escaped: the one place it acts.

    Escaping those characters only there keeps ordinary prose readable in the raw file.
    """
    return _BLOCK_START.sub(r"\1\\\2", text.strip())


def to_markdown(report: StoryReport) -> str:
    """The whole report, sections in the order all formats share, ending in a newline."""
    view = ReportView.of(report)
    blocks = [
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
    return "\n\n".join("\n".join(block) for block in blocks) + "\n"


def _table(header: list[str], rows: Iterable[list[str]]) -> list[str]:
    """A pipe table; cells must already be escaped (which escapes their pipes too)."""
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    return lines + ["| " + " | ".join(row) + " |" for row in rows]


def _blocks(blocks: Iterable[list[str]]) -> list[str]:
    """Blocks one after another, a blank line between each, as Markdown needs to keep them apart."""
    lines: list[str] = []
    for block in blocks:
        lines += ["", *block] if lines else block
    return lines


def _section(title: str, body: list[str]) -> list[str]:
    """A second-level heading, a blank line, then the body."""
    return [f"## {title}", "", *body]


def _header(view: ReportView) -> list[str]:
    """Story label as the title, then outlets and dates."""
    story = view.report.story
    outlets = ", ".join(escape(view.label(outlet)) for outlet in view.outlets)
    return [
        f"# {escape(story.label)}",
        "",
        f"Story {story.id} · outlets: {outlets} · first seen {when(story.first_seen)} · last seen {when(story.last_seen)}",
        *(["", escape(lean)] if (lean := view.lean_text()) else []),
    ]


def _articles(view: ReportView) -> list[str]:
    """Which article each outlet contributed."""
    rows = ([escape(view.article_outlet(a)), escape(a.title), when(a.published), str(a.body_words)] for a in view.report.articles)
    return _section("Articles", _table(["Outlet", "Title", "Published", "Body words"], rows))


def _summary(view: ReportView) -> list[str]:
    """The neutral summary as a numbered list, each sentence with its citations."""
    lines = [f"{i}. {escape(s.text)} {escape(citation_text(s))}" for i, s in enumerate(view.report.summary, start=1)]
    return _section("Summary", lines or ["_No summary._"])


def _timeline(view: ReportView) -> list[str]:
    """Articles in publication order (UTC), each with the facts it reported first in its own words, then figures over time."""
    timeline = view.timeline
    if not timeline.entries:
        return _section("Timeline", ["_No timeline._"])
    lines = ["Publication times in UTC; undated articles last, as they cannot be placed in time.", ""]
    for i, entry in enumerate(timeline.entries, start=1):
        lines.append(f"{i}. **{entry.time}** · {escape(view.label(entry.article.outlet))} — {escape(entry.article.title)}")
        for first in entry.firsts:
            told = _sentence(view, first.sentence) if first.sentence else escape(first.fact.text)
            lines.append(f"   - first to report: {told}" + (f" _({escape(first.later)})_" if first.later else ""))
    if timeline.undated_note:
        lines += ["", f"_{escape(timeline.undated_note)}_"]
    if timeline.undated_facts:
        lines += ["", "Only in undated articles (no first time):", ""]
        lines += [f"- {escape(fact.text)} _({escape(', '.join(seen.undated_outlets))})_" for fact, seen in timeline.undated_facts]
    if timeline.figures:
        lines += ["", "### Figures over time", ""]
        lines += [
            f"- **{figure.verdict}** ({figure.change.slot.value}): {escape(figure.steps)} — {escape(figure.change.reason)}"
            + (f" _(fact: {escape(figure.fact.text)})_" if figure.fact else "")
            for figure in timeline.figures
        ]
    return _section("Timeline", lines)


def _everyone(view: ReportView) -> list[str]:
    """The common ground: facts every outlet reports."""
    if not view.everyone:
        return _section("Reported by every outlet", [f"_{view.nobody_shares()}_"])
    rows = ([str(f.id), escape(f.text), f.status.value, escape(support_text(f)), escape(f.attributed_to or "")] for f in view.everyone)
    return _section("Reported by every outlet", _table(["#", "Fact", "Status", "Voices", "Attributed to"], rows))


def _coverage(view: ReportView) -> list[str]:
    """Per outlet, what only it reports and what it leaves out that others report."""
    if not view.coverage:
        return _section("Coverage by outlet", ["_No coverage recorded._"])
    return _section("Coverage by outlet", _blocks(_outlet_coverage(view, c) for c in view.coverage))


def _outlet_coverage(view: ReportView, coverage: OutletCoverage) -> list[str]:
    """One outlet's 'only here' and 'omitted' lists under its own heading."""
    return [
        f"### {escape(view.label(coverage.outlet))}",
        "",
        "Only here:",
        "",
        *_fact_items(coverage.only_here),
        "",
        "Omitted:",
        "",
        *_fact_items(coverage.omitted),
        "",
        "Names and figures no other outlet gives:",
        "",
        *[f"- **{escape(d.text)}**: {escape(d.evidence.text)}" for d in coverage.details],
        *(["- _none_"] if not coverage.details else []),
    ]


def _fact_items(facts: list[Fact]) -> list[str]:
    """A bulleted list of fact texts, each with the outlets carrying copies of it and those that
    state it in part, otherwise or something close (as the terminal lists them), or '_none_'."""
    return [f"- {escape(fact.text)}" + (f" _({escape(notes)})_" if (notes := fact_notes(fact)) else "") for fact in facts] or ["- _none_"]


def _conflicts(view: ReportView) -> list[str]:
    """Numbers the outlets disagree on, one table per fact."""
    updates = [["_" + escape(note) + "_"]] if (note := updates_text(view)) else []
    if not view.conflicts:
        return _section("Conflicts", _blocks([["_No conflicts: no figure, date, place or title on which outlets disagree._"], *updates]))
    return _section("Conflicts", _blocks([*(_conflict(view, c) for c in view.conflicts), *updates]))


def _conflict(view: ReportView, item: ConflictView) -> list[str]:
    """One conflict: the fact and slot as a heading, then each outlet's value and sentence."""
    fact = escape(item.fact.text) if item.fact else f"fact {item.conflict.fact_id}"
    rows = ([escape(v.outlet), f"**{escape(v.value)}**", _sentence(view, v.evidence)] for v in item.conflict.values)
    heading = f"### {fact} ({item.conflict.slot.value})"
    reported = [f"Reported: **{escape(item.conflict.disputed)}**", ""] if item.conflict.disputed else []
    return [heading, "", *reported, *_table(["Outlet", "Value", "Sentence"], rows)]


def _framing(view: ReportView) -> list[str]:
    """Each outlet's loaded wording scaled to its length, tone, subjectivity, sourcing, quoting and headline."""
    if not view.profiles:
        return _section("Framing", ["_No framing profile._"])
    header = ["Measure", *(escape(view.label(p.outlet)) for p in view.profiles)]
    return _section("Framing", _table(header, profile_rows(view.profiles)))


def _spans(view: ReportView) -> list[str]:
    """Every loaded span, in bold inside its sentence, with its kind and neutral wording."""
    items = [_span_item(view, item) for item in view.spans]
    return _section("Loaded spans", items or ["_No loaded language found._"])


def _span_item(view: ReportView, item: SpanView) -> str:
    """'- outlet: “… **span** …” (kind — neutral)'."""
    context = _sentence(view, item.sentence, [item.span]) if item.sentence else f"**{escape(item.span.text)}**"
    return f"- {escape(item.span.outlet)}: “{context}” ({escape(span_title(item.span))})"


def _sentence(view: ReportView, ref: SentenceRef, spans: Iterable[FramingSpan] | None = None) -> str:
    """A sentence with its loaded spans in bold, each run escaped on its own."""
    runs = view.segments(ref, spans)
    return _block_safe("".join(f"**{_inline(r.text)}**" if r.span else _inline(r.text) for r in runs))

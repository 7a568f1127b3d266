"""The story as HTML: one self-contained page for `report --format html`, and the served page.

Both render the same templates (one layout, one story template); `standalone` picks the static
file's inline CSS and anchor-only links, and the web server passes its own links instead.

Article text is untrusted, so the templates run with autoescape on and each page forbids every
resource it does not use through its Content-Security-Policy. The only markup built in Python is
the <mark> around a loaded span, and there each run of text is escaped on its own before the tags
are joined in, so no article text ever reaches the page unescaped.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup, escape

from storylens.model import Fact, FramingSpan, OutletProfile, SentenceRef, StoryReport, SummarySentence
from storylens.report.sections import (
    ReportView,
    Segment,
    also_carried,
    copies_text,
    evidence_for,
    kind_label,
    lean_class,
    parts_text,
    profile_rows,
    quoted_label,
    segments,
    slot_text,
    span_title,
    stance_label,
    stance_of,
    stance_text,
    updates_text,
    voices_text,
    when,
)


def _safe_href(url: str | None) -> str | None:
    """The article's URL when it is plain http(s); anything else ('javascript:') gets no link."""
    if url and urlsplit(url).scheme.lower() in {"http", "https"}:
        return url
    return None


_ENV = Environment(
    loader=PackageLoader("storylens.report", "templates"),
    autoescape=True,
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)
_ENV.globals.update(
    when=when,
    kind_label=kind_label,
    quoted_label=quoted_label,
    span_title=span_title,
    article_href=_safe_href,
    also_carried=also_carried,
    copies_text=copies_text,
    voices_text=voices_text,
    stance_text=stance_text,
    stance_label=stance_label,
    parts_text=parts_text,
    stance_of=stance_of,
    slot_text=slot_text,
    lean_class=lean_class,
    updates_text=updates_text,
)


@dataclass(frozen=True)
class Cell:
    """One evidence sentence in the side-by-side table; `anchor` is set on its first appearance."""

    ref: SentenceRef
    anchor: str | None


@dataclass(frozen=True)
class FactRow:
    """A fact with one list of evidence cells per outlet, in the view's outlet order."""

    fact: Fact
    cells: list[list[Cell]]


@dataclass(frozen=True)
class Citation:
    """An outlet cited by a summary sentence, linking to its evidence when the report has any."""

    outlet: str
    href: str | None


@dataclass(frozen=True)
class FramingRow:
    """An outlet's framing profile with its bar width, as a percentage of the widest bar."""

    profile: OutletProfile
    width: float


def to_html(report: StoryReport) -> str:
    """The whole report as one HTML page that needs nothing else: no server, no other file."""
    return render_page("story.html.j2", standalone=True, article_page=_no_page, outlet_page=_no_page, **story_context(report))


def render_page(template: str, **context: object) -> str:
    """Render one of the shared templates; the web pages call this with their own context."""
    return _ENV.get_template(template).render(**context)


def story_context(report: StoryReport) -> dict[str, object]:
    """What the story template shows, worked out the same way for the file and the served page."""
    view = ReportView.of(report)
    return {
        "view": view,
        "rows": _fact_rows(view),
        "summary": [(sentence, _citations(view, sentence)) for sentence in report.summary],
        "framing": _framing_rows(view.profiles),
        "measures": profile_rows(view.profiles),
        "mark": lambda ref, spans=None: marked(ref, report.spans if spans is None else spans),
    }


def anchor(ref: SentenceRef) -> str:
    """The id of a sentence's element, which summary citations link to."""
    return f"s-{ref.article_id}-{ref.position}"


def _fact_rows(view: ReportView) -> list[FactRow]:
    """One row per fact and one cell per outlet, each sentence anchored where it first appears.

    A sentence can be evidence for more than one fact; giving only its first appearance the id
    keeps ids unique, and every citation still lands on that same sentence.
    """
    seen: set[str] = set()
    rows: list[FactRow] = []
    for fact in view.facts:
        cells: list[list[Cell]] = []
        for outlet in view.outlets:
            cell: list[Cell] = []
            for ref in evidence_for(fact, outlet):
                key = anchor(ref)
                # A sentence shown only as close to the fact is another fact's evidence: its id stays there.
                told = ref in fact.evidence
                cell.append(Cell(ref, key if told and key not in seen else None))
                if told:
                    seen.add(key)
            cells.append(cell)
        rows.append(FactRow(fact, cells))
    return rows


def _citations(view: ReportView, sentence: SummarySentence) -> list[Citation]:
    """Each cited outlet, linked to its own sentence for the fact: body text before captions."""
    fact = view.fact(sentence.fact_id)
    citations: list[Citation] = []
    for outlet in sentence.citations:
        refs = evidence_for(fact, outlet) if fact else []
        citations.append(Citation(outlet, "#" + anchor(refs[0]) if refs else None))
    return citations


def _framing_rows(profiles: list[OutletProfile]) -> list[FramingRow]:
    """Bars scaled to the most loaded outlet, so the comparison between outlets is what shows."""
    top = max((p.loaded_per_1000_words for p in profiles), default=0.0)
    return [FramingRow(p, round(100 * p.loaded_per_1000_words / top, 1) if top else 0.0) for p in profiles]


def marked(ref: SentenceRef, spans: Iterable[FramingSpan]) -> Markup:
    """The sentence with each of `spans` that lies in it in a <mark>, every run escaped separately."""
    return Markup("").join(_run(run) for run in segments(ref, spans))


def _no_page(_name: str) -> None:
    """The static file has no article or outlet pages to link to."""
    return


def _run(run: Segment) -> Markup:
    """A plain run escaped, or a span run escaped inside a <mark> titled with kind and alternative."""
    if run.span is None:
        return escape(run.text)
    return Markup('<mark title="{}">{}</mark>').format(span_title(run.span), run.text)

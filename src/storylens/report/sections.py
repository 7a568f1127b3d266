"""What every report format shows, worked out once.

The terminal, Markdown and HTML reports show the same sections in the same order. Deciding that
order, resolving fact ids and locating framing spans inside their sentences here keeps the formats
from drifting apart and leaves each renderer with only its own layout and escaping.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

from storylens.model import (
    ArticleInfo,
    Conflict,
    Detail,
    Fact,
    FactFirstSeen,
    FigureChange,
    FigureValue,
    FramingKind,
    FramingSpan,
    KindRate,
    OutletProfile,
    OutletRecord,
    OutletSupport,
    Role,
    SentenceRef,
    StoryReport,
    SummarySentence,
    SupportStatus,
    TimelineArticle,
)

GUESSED_NOTE = "(name guessed from file)"
"""Said wherever an outlet's name was made from a file name, so nobody takes it for a real byline."""


@dataclass(frozen=True)
class Segment:
    """A run of a sentence's text; `span` is set when the run is a loaded span to highlight."""

    text: str
    span: FramingSpan | None = None


@dataclass(frozen=True)
class OutletCoverage:
    """One outlet's single-source and omitted facts, resolved from the ids in `Coverage`."""

    outlet: str
    only_here: list[Fact]
    omitted: list[Fact]
    details: list[Detail]


@dataclass(frozen=True)
class ConflictView:
    """A conflict with the fact it disagrees about, which may be missing from a partial report."""

    conflict: Conflict
    fact: Fact | None


@dataclass(frozen=True)
class SpanView:
    """A loaded span with the sentence it lies in, when the report carries that sentence."""

    span: FramingSpan
    sentence: SentenceRef | None


@dataclass(frozen=True)
class FirstReport:
    """A sentence with which an article was the first to report one or more facts, in that
    article's own words (the first toll it gave, not the fact's later wording), with who carried
    them afterwards. A sentence of several claims is often several facts, each carried by other
    outlets: it is listed once, not once a fact."""

    fact: Fact
    """The first of the facts, whose text stands in for a copy's sentence, which has none of its own."""
    seen: tuple[FactFirstSeen, ...]
    """How each fact the sentence reports first was then carried."""
    sentence: SentenceRef | None
    outlet: str

    @property
    def later(self) -> str:
        """'tied with Cusco Times; then 3 more: Peru Post, Andes Daily, Cusco Times; undated: Sierra
        Radio', or ''; where the sentence's facts were carried by different outlets, the note of
        the most widely carried, said to hold for part of the sentence."""
        notes = [self._note(seen) for seen in self.seen]
        if len(set(notes)) == 1:
            return notes[0]
        widest = max(range(len(self.seen)), key=lambda i: (_reporting_outlets(self.seen[i]), -i))
        return f"for part of it: {notes[widest]}"

    def _note(self, seen: FactFirstSeen) -> str:
        parts = []
        tied = [o for o in seen.first_outlets if o != self.outlet]
        if tied:
            parts.append(f"tied with {', '.join(tied)}")
        if seen.later_outlets:
            parts.append(f"then {len(seen.later_outlets)} more: {', '.join(seen.later_outlets)}")
        if seen.undated_outlets:
            parts.append(f"undated: {', '.join(seen.undated_outlets)}")
        return "; ".join(parts)


def _reporting_outlets(seen: FactFirstSeen) -> int:
    return len(seen.first_outlets) + len(seen.later_outlets) + len(seen.undated_outlets)


@dataclass(frozen=True)
class TimelineEntry:
    """An article in publication order: its time in UTC ('undated' when it has none) and the facts it reported first."""

    article: TimelineArticle
    time: str
    firsts: list[FirstReport]


@dataclass(frozen=True)
class FigureStep:
    """One value of a figure and who gave it when: (outlets, UTC time) pairs, outlets of one moment together."""

    value: str
    who: list[tuple[str, str]]

    @property
    def text(self) -> str:
        return f"{self.value} ({'; '.join(f'{outlets}, {time}' for outlets, time in self.who)})"


@dataclass(frozen=True)
class FigureView:
    """A figure given differently, its values in time order as one line, and what that means."""

    change: FigureChange
    fact: Fact | None
    parts: list[FigureStep]

    @property
    def joint(self) -> str:
        """' → ' between the values of an update; ' vs ' between a conflict's, where an arrow would
        say that one replaced the other."""
        return " → " if self.change.update else " vs "

    @property
    def steps(self) -> str:
        """'12 people (Lima Wire, 2024-03-05 09:10 UTC) → 15 people (Andes Daily, Cusco Times, 2024-03-05 18:40 UTC)'."""
        return self.joint.join(part.text for part in self.parts)

    @property
    def verdict(self) -> str:
        """'update' or 'conflict', the word a reader scans for."""
        return "update" if self.change.update else "conflict"


@dataclass(frozen=True)
class TimelineView:
    """The report's timeline arranged for display."""

    entries: list[TimelineEntry]
    undated_facts: list[tuple[Fact, FactFirstSeen]]
    figures: list[FigureView]

    @property
    def updates(self) -> int:
        return sum(f.change.update for f in self.figures)

    @property
    def undated_note(self) -> str | None:
        """Said when no article gives a time: then no fact has a first time, and listing every fact
        as 'only in undated articles' would repeat the whole story; None when some article is dated."""
        if not self.entries or any(e.article.published for e in self.entries):
            return None
        return "No article of this story gives a publication time: no fact can be placed in time or credited to a first reporter."


@dataclass(frozen=True)
class ReportView:
    """A `StoryReport` arranged for display: outlets, facts and spans in one agreed order."""

    report: StoryReport
    outlets: list[str]
    guessed: frozenset[str]
    facts: list[Fact]
    everyone: list[Fact]
    coverage: list[OutletCoverage]
    conflicts: list[ConflictView]
    profiles: list[OutletProfile]
    spans: list[SpanView]
    timeline: TimelineView

    @classmethod
    def of(cls, report: StoryReport) -> ReportView:
        """Arrange `report`; every renderer starts here."""
        outlets = outlet_order(report)
        facts = ordered_facts(report.facts)
        by_id = {fact.id: fact for fact in facts}
        rank = {name: i for i, name in enumerate(outlets)}
        return cls(
            report=report,
            outlets=outlets,
            guessed=guessed_outlets(report),
            facts=facts,
            everyone=[fact for fact in facts if set(outlets) <= carried_by(fact)] if len(outlets) > 1 else [],
            coverage=[
                OutletCoverage(c.outlet, _resolve(c.only_here, by_id), _resolve(c.omitted, by_id), c.details_only_here)
                for c in sorted(report.coverage, key=lambda c: rank[c.outlet])
            ],
            conflicts=[ConflictView(c, by_id.get(c.fact_id)) for c in report.conflicts],
            profiles=sorted(report.framing, key=lambda p: rank[p.outlet]),
            spans=_span_views(report, rank),
            timeline=timeline_view(report, by_id),
        )

    def nobody_shares(self) -> str:
        """What the section of the facts every outlet reports says when it lists none. A story of
        one outlet shares nothing: listing each of its facts there, "single source, 1 voice", as
        it did, read as if every outlet reported them."""
        if len(self.outlets) < 2:
            return "Only one outlet reports this story: no fact is shared."
        return "No fact is reported by every outlet."

    def label(self, outlet: str) -> str:
        """The outlet's name, with the guessed-name note when it came from a file name."""
        return f"{outlet} {GUESSED_NOTE}" if outlet in self.guessed else outlet

    def copy_note(self, article: ArticleInfo) -> str | None:
        """Say "copy of <outlet>'s article" for a near-duplicate of another article of the report."""
        original = next((a for a in self.report.articles if a.id == article.copy_of), None)
        return f"copy of {original.outlet}'s article" if original else None

    def lean_text(self) -> str | None:
        """'Coverage by lean: left 2 (A, B) · right 1 (C) · no lean given 1 (D)', or None when no
        outlet of the story has a lean."""
        groups = self.report.coverage_by_lean
        if not groups:
            return None
        parts = [f"{group.lean or 'no lean given'} {len(group.outlets)} ({', '.join(group.outlets)})" for group in groups]
        return "Coverage by lean: " + " · ".join(parts)

    def article_outlet(self, article: ArticleInfo) -> str:
        """The article's outlet label, noting a wire agency, and a near-duplicate's original."""
        notes = [note for note in ("wire agency" if article.outlet_kind == "wire" else None, self.copy_note(article)) if note]
        return f"{self.label(article.outlet)} ({'; '.join(notes)})" if notes else self.label(article.outlet)

    def fact(self, fact_id: int) -> Fact | None:
        """The fact with this id, or None when the report does not carry it."""
        return next((fact for fact in self.facts if fact.id == fact_id), None)

    def segments(self, sentence: SentenceRef, spans: Iterable[FramingSpan] | None = None) -> list[Segment]:
        """The sentence cut into plain and highlighted runs, by default for every span in it."""
        return segments(sentence, self.report.spans if spans is None else spans)


def outlet_order(report: StoryReport) -> list[str]:
    """The story's outlets first, then any other outlet a record names, each once.

    A partial or hand-made report may name an outlet only in its articles or profiles; listing it
    anyway keeps its evidence visible instead of dropping it silently.
    """
    names = [
        *report.story.outlets,
        *(a.outlet for a in report.articles),
        *(p.outlet for p in report.framing),
        *(c.outlet for c in report.coverage),
    ]
    return list(dict.fromkeys(names))


def guessed_outlets(report: StoryReport) -> frozenset[str]:
    """Outlets whose name was made from a file name, by either record that can say so."""
    return frozenset([a.outlet for a in report.articles if a.outlet_guessed] + [p.outlet for p in report.framing if p.outlet_guessed])


def ordered_facts(facts: Iterable[Fact]) -> list[Fact]:
    """Most widely stated first, so the common ground leads and single sources trail."""
    return sorted(facts, key=lambda fact: (-len(fact.stated_by), -len(set(fact.outlets)), fact.id))


SHOWN_EVIDENCE = frozenset({SupportStatus.CLOSE, SupportStatus.DIFFERS})
"""Stances whose sentence is shown beside a fact that holds none of the outlet's sentences."""


def evidence_for(fact: Fact, outlet: str) -> list[SentenceRef]:
    """The outlet's sentences for a fact, body text before captions, in article order; for an outlet
    that says something close (`SupportStatus.CLOSE`) or gives another value in a sentence of
    another fact, that sentence, for the reader to judge."""
    refs = [ref for ref in fact.evidence if ref.outlet == outlet]
    stance = stance_of(fact, outlet)
    if not refs and stance is not None and stance.status in SHOWN_EVIDENCE and stance.evidence is not None:
        refs = [stance.evidence]
    return sorted(refs, key=lambda ref: (ref.role == Role.CAPTION, ref.article_id, ref.position))


def carried_by(fact: Fact) -> set[str]:
    """Every outlet that prints the fact: the voices stating it and the outlets carrying copies of them."""
    return set(fact.stated_by) | {outlet for carriers in fact.copies.values() for outlet in carriers}


def also_carried(carriers: list[str]) -> str:
    """'also carried by: outlet-b, outlet-c', for the outlets running copies of one outlet's article."""
    return f"also carried by: {', '.join(carriers)}"


def voices_text(fact: Fact) -> str:
    """'2 voices', so that a reader sees how many independent sources stand behind a fact."""
    count = fact.voices or len(fact.outlets)
    return f"{count} voice" if count == 1 else f"{count} voices"


def copies_text(fact: Fact) -> str:
    """'Wire Agency also carried by: a, b', or '' when no outlet carries a copy of the fact."""
    return "; ".join(f"{outlet} {also_carried(carriers)}" for outlet, carriers in fact.copies.items())


def support_text(fact: Fact) -> str:
    """'1 voice — Wire Agency also carried by: a, b — b: differs (12 people)': the voices, the copies
    that add none, and the outlets that state it in part or with another value."""
    return " — ".join(filter(None, [voices_text(fact), copies_text(fact), stance_text(fact)]))


SHOWN_STANCES = frozenset({SupportStatus.PARTLY, SupportStatus.DIFFERS, SupportStatus.OTHER_SOURCE, SupportStatus.CLOSE})
"""Stances a fact's note names: why an outlet that reports it is not cited."""


def stance_label(stance: OutletSupport) -> str:
    """'states it', 'differs: 12 people', 'states 1 of 3 claims', 'states it according to Reuters',
    'says something close', 'silent'."""
    if stance.status == SupportStatus.DIFFERS:
        return f"differs: {stance.value}" if stance.value else "differs"
    if stance.status == SupportStatus.PARTLY:
        return f"states {stance.claims_stated} of {stance.claims} claims"
    if stance.status == SupportStatus.OTHER_SOURCE:
        return f"states it according to {stance.value}" if stance.value else "states it without naming the source"
    if stance.status == SupportStatus.CLOSE:
        return "says something close"
    return "states it" if stance.status == SupportStatus.STATES else "silent"


def stance_text(fact: Fact) -> str:
    """The outlets that report the fact in part or with another value, each with what it does:
    the reader sees why they are not cited. A text note has no table cell to show the sentence of
    an outlet that says something close, so it quotes it: the reader judges how close it is; nor
    of one that states part of the fact, so it names the parts."""
    return "; ".join(
        f"{s.outlet}: {parts_text(s) or stance_label(s)}{_close_sentence(s)}" for s in fact.support if s.status in SHOWN_STANCES
    )


def parts_text(stance: OutletSupport) -> str:
    """'states “While meeting Kim”, not “Putin accepted an invitation to visit North Korea”': which
    claims of a fact an outlet that states it in part states, and which it does not; '' when the
    stance names no parts."""
    if not stance.stated_parts:
        return ""
    stated = ", ".join(f"“{part}”" for part in stance.stated_parts)
    missing = ", ".join(f"“{part}”" for part in stance.missing_parts)
    return f"states {stated}, not {missing}" if missing else f"states {stated}"


def fact_notes(fact: Fact) -> str:
    """'copies; outlets stating part of it', or '' when there is nothing to add to the fact's text."""
    return "; ".join(filter(None, [copies_text(fact), stance_text(fact)]))


def _close_sentence(stance: OutletSupport) -> str:
    if stance.status != SupportStatus.CLOSE or stance.evidence is None:
        return ""
    return f" (“{stance.evidence.text}”)"


def stance_of(fact: Fact, outlet: str) -> OutletSupport | None:
    return next((s for s in fact.support if s.outlet == outlet), None)


def slot_text(conflict: Conflict) -> str:
    """'count: 12–15 people': what is disputed and what the outlets report, or the slot alone."""
    return f"{conflict.slot.value}: {conflict.disputed}" if conflict.disputed else conflict.slot.value


def citation_text(sentence: SummarySentence) -> str:
    """'[outlet-a (also carried by: c), outlet-b]', with '(single source)' when only one voice states
    the fact: outlets carrying copies are named but never counted as support."""
    cited = ", ".join(f"{o} ({also_carried(sentence.copies[o])})" if sentence.copies.get(o) else o for o in sentence.citations)
    return f"[{cited}] (single source)" if sentence.single_source else f"[{cited}]"


LEAN_COLOURS = 5
"""Colour classes of the lean bar (`lean-0` ... `lean-4` in the stylesheet), and `lean-none`."""
USUAL_LEANS = {"left": 0, "right": 1, "centre": 2, "center": 2}


def lean_class(lean: str | None) -> str:
    """The colour class of a lean, the same in every story: the usual labels have their own, any
    other label takes one from its letters (two rare labels may share one; the key names each)."""
    if lean is None:
        return "lean-none"
    usual = USUAL_LEANS.get(lean.casefold())
    return f"lean-{usual if usual is not None else zlib.crc32(lean.casefold().encode()) % LEAN_COLOURS}"


def timeline_view(report: StoryReport, by_id: dict[int, Fact]) -> TimelineView:
    """The timeline's articles with the facts each reported first, the facts only undated articles
    report, and each figure given differently as one line of values in time order."""
    timeline = report.timeline
    seen = {s.fact_id: s for s in timeline.facts}
    entries = [
        TimelineEntry(
            article=article,
            time=utc_when(article.published),
            firsts=first_reports(article, by_id, seen),
        )
        for article in timeline.articles
    ]
    undated = [(by_id[s.fact_id], s) for s in timeline.facts if s.first_published is None and s.fact_id in by_id]
    if not any(a.published for a in timeline.articles):
        undated = []
    figures = [FigureView(change, by_id.get(change.fact_id), figure_steps(change.values)) for change in timeline.figure_changes]
    return TimelineView(entries, undated, figures)


def first_reports(article: TimelineArticle, by_id: dict[int, Fact], seen: dict[int, FactFirstSeen]) -> list[FirstReport]:
    """The article's sentences with which it reported facts first, each once, in the order of
    their first fact; a fact told in no sentence of the article's own (a copy's) is listed alone."""
    grouped: dict[int | tuple[str, int], tuple[SentenceRef | None, list[int]]] = {}
    for i in article.first_reports:
        if i in by_id and i in seen:
            sentence = _own_sentence(by_id[i], article.article_id)
            grouped.setdefault(i if sentence is None else (sentence.article_id, sentence.position), (sentence, []))[1].append(i)
    return [FirstReport(by_id[ids[0]], tuple(seen[i] for i in ids), sentence, article.outlet) for sentence, ids in grouped.values()]


def _own_sentence(fact: Fact, article_id: str) -> SentenceRef | None:
    """The article's sentence for the fact, body text before captions; None for a copy, which has none of its own."""
    refs = sorted((r for r in fact.evidence if r.article_id == article_id), key=lambda r: (r.role == Role.CAPTION, r.position))
    return refs[0] if refs else None


def figure_steps(values: list[FigureValue]) -> list[FigureStep]:
    """Each value once per run of outlets giving it in a row, with when they published it: the
    outlets of one moment share its time ('Andes Daily, Cusco Times, 2024-03-05 18:40 UTC')."""
    runs: list[list[FigureValue]] = []
    for value in values:
        if runs and runs[-1][0].normalised == value.normalised:
            runs[-1].append(value)
        else:
            runs.append([value])
    steps = []
    for run in runs:
        times = list(dict.fromkeys(utc_when(v.published) for v in run))
        if len(times) == 1:
            who = [(", ".join(v.outlet for v in run), times[0])]
        else:
            who = [(v.outlet, utc_when(v.published)) for v in run]
        steps.append(FigureStep(run[0].value, who))
    return steps


def utc_when(moment: datetime | None) -> str:
    """'2024-03-05 09:10 UTC': the timeline's one clock, so times of outlets in other zones compare
    at a glance; 'undated' when the article gave none. A naive time is taken as UTC."""
    if moment is None:
        return "undated"
    return (moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)).strftime("%Y-%m-%d %H:%M UTC")


def updates_text(view: ReportView) -> str | None:
    """Said under Conflicts when figures only changed over time, so a reader looking for the toll
    there finds where it went; None when none did."""
    updates = view.timeline.updates
    if not updates:
        return None
    figures = "1 figure" if updates == 1 else f"{updates} figures"
    return f"{figures} changed over time with the latest reports agreeing: {'not a conflict' if updates == 1 else 'not conflicts'} (see Timeline)."


def when(moment: datetime | None) -> str:
    """A date and time to the minute, with its zone when known; 'unknown' when missing."""
    if moment is None:
        return "unknown"
    return moment.strftime("%Y-%m-%d %H:%M %Z").strip()


def kind_label(kind: FramingKind) -> str:
    """'name_calling' as a reader would write it: 'name calling'."""
    return kind.value.replace("_", " ")


def span_title(span: FramingSpan) -> str:
    """'kind — neutral alternative', the short note shown beside or over a highlighted span."""
    parts = [kind_label(span.kind)]
    if span.neutral:
        parts.append(span.neutral)
    title = " — ".join(parts)
    return f"{title} ({quoted_label(span)})" if span.quoted else title


def quoted_label(span: FramingSpan) -> str:
    """'quoted', or 'quoted: Frank Sharry' where the sentence names the speaker."""
    return f"quoted: {span.speaker}" if span.speaker else "quoted"


def lies_in(span: FramingSpan, sentence: SentenceRef) -> bool:
    """True when the span falls wholly inside the sentence; both use canonical-text offsets."""
    return span.article_id == sentence.article_id and sentence.start <= span.start and span.end <= sentence.end


def segments(sentence: SentenceRef, spans: Iterable[FramingSpan]) -> list[Segment]:
    """Cut a sentence into runs at the offsets of the spans that lie in it.

    A span overlapping an earlier one is left unmarked, and so is one whose offsets do not point
    at its own text: highlighting the wrong words would be worse than highlighting none.
    """
    inside = sorted((s for s in spans if lies_in(s, sentence)), key=lambda s: (s.start, -s.end))
    runs: list[Segment] = []
    cursor = 0
    for span in inside:
        start, end = span.start - sentence.start, span.end - sentence.start
        if start < cursor or sentence.text[start:end] != span.text:
            continue
        runs += [Segment(sentence.text[cursor:start]), Segment(sentence.text[start:end], span)]
        cursor = end
    runs.append(Segment(sentence.text[cursor:]))
    return [run for run in runs if run.text]


def known_sentences(report: StoryReport) -> list[SentenceRef]:
    """Every sentence the report quotes, once each, from facts and conflicts."""
    refs = [ref for fact in report.facts for ref in fact.evidence]
    refs += [value.evidence for conflict in report.conflicts for value in conflict.values]
    return list({(ref.article_id, ref.position): ref for ref in refs}.values())


def _span_views(report: StoryReport, rank: dict[str, int]) -> list[SpanView]:
    """Spans by outlet then place in the article, each with the sentence it lies in."""
    sentences = known_sentences(report)
    spans = sorted(report.spans, key=lambda s: (rank.get(s.outlet, len(rank)), s.article_id, s.start))
    return [SpanView(span, next((ref for ref in sentences if lies_in(span, ref)), None)) for span in spans]


def _resolve(fact_ids: Iterable[int], by_id: dict[int, Fact]) -> list[Fact]:
    """The facts for these ids, in display order, skipping ids the report does not carry."""
    return ordered_facts(by_id[i] for i in fact_ids if i in by_id)


MEASURES: list[tuple[str, Callable[[OutletProfile], str]]] = [
    ("Loaded spans (own words)", lambda p: str(p.loaded_spans)),
    ("Loaded spans in quotes (speakers' words)", lambda p: _number(p.quoted_loaded_spans, "{}")),
    ("Loaded per 1,000 body words", lambda p: f"{p.loaded_per_1000_words:.1f}"),
    ("Loaded spans in headline and standfirst", lambda p: _number(p.headline_loaded_spans, "{}")),
    ("Tone of body (-1 to +1)", lambda p: _number(p.tone, "{:+.2f}")),
    ("Tone of headline and standfirst", lambda p: _number(p.headline_tone, "{:+.2f}")),
    ("Subjectivity of body (0 to 1)", lambda p: _number(p.subjectivity, "{:.2f}")),
    ("Sentences attributed to a source", lambda p: _number(p.attributed_share, "{:.0%}")),
    ("Body text in quotes", lambda p: _number(p.quoted_share, "{:.0%}")),
    ("Body words", lambda p: str(p.body_words)),
]
"""What the reports show of a profile, in order: a label and the value as text ("—" when not measured)."""


def profile_rows(profiles: list[OutletProfile]) -> list[list[str]]:
    """One row per measure, its label then each outlet's value, so every report format shows the same table.

    Measures run down and outlets across: ten measures fit a terminal that way, and the headline's
    figures sit right under the body's.
    """
    return [[label, *(show(p) for p in profiles)] for label, show in MEASURES]


def _number(value: float | None, form: str) -> str:
    return "—" if value is None else form.format(value)


OUTLET_MEASURES: list[tuple[str, Callable[[OutletRecord], str]]] = [
    ("Stories", lambda r: str(r.outlet.stories)),
    ("Articles", lambda r: str(r.outlet.articles)),
    ("Body words", lambda r: str(r.body_words)),
    ("Loaded per 1,000 words, own voice", lambda r: f"{r.loaded_per_1000_words:.1f}"),
    ("Loaded per 1,000 words, in quotes", lambda r: f"{r.quoted_loaded_per_1000_words:.1f}"),
    ("Loaded spans in headlines and standfirsts", lambda r: str(r.headline_loaded_spans)),
    ("Tone of body (-1 to +1)", lambda r: _number(r.tone, "{:+.2f}")),
    ("Subjectivity of body (0 to 1)", lambda r: _number(r.subjectivity, "{:.2f}")),
    ("Sentences attributed to a source", lambda r: _number(r.attributed_share, "{:.0%}")),
    ("Body text in quotes", lambda r: _number(r.quoted_share, "{:.0%}")),
    ("Stories compared with other outlets", lambda r: str(r.compared_stories)),
    ("Its facts no other outlet states", lambda r: _of(r.single_source_share, r.facts, "facts")),
    ("Facts most others state that it omits", lambda r: _of(r.omitted_share, r.majority_facts, "such facts")),
    ("Facts where it gives another figure, date, place or actor", lambda r: _number(r.differs_share, "{:.0%}")),
    ("Facts it shares that it reported first", lambda r: _of(r.first_share, r.dated_shared_facts, "dated shared facts")),
]
"""What an outlet's profile shows, in order, in every format: a label and the value as text."""


def outlet_rows(record: OutletRecord) -> list[tuple[str, str]]:
    return [(label, show(record)) for label, show in OUTLET_MEASURES]


@dataclass(frozen=True)
class KindBar:
    """One kind's row of an outlet's chart: widths on a 0-100 scale shared by every row of the chart."""

    rate: KindRate
    own: float
    quoted: float


def kind_bars(record: OutletRecord) -> list[KindBar]:
    """The chart of loaded kinds: own-voice and quoted spans per kind, scaled so the longest row fills it."""
    top = max((rate.own + rate.quoted for rate in record.by_kind), default=0)
    return [KindBar(rate, 100 * rate.own / top, 100 * rate.quoted / top) for rate in record.by_kind] if top else []


def _of(share: float | None, base: int, what: str) -> str:
    """'25% of 12 facts'; '—' with no base."""
    return "—" if share is None else f"{share:.0%} of {base} {what}"


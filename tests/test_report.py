"""The report stage, checked for what a reader of each format would notice.

The fixture is a hand-made but realistic comparison of two outlets' articles on Kim Jong Un
leaving Russia, with offsets computed from the articles' canonical text exactly as the pipeline
computes them, so span highlighting is tested against real offsets rather than made-up ones.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from html.parser import HTMLParser
from pathlib import Path

import pytest
from rich.console import Console

from storylens.model import (
    SECTION_SEPARATOR,
    Article,
    ArticleInfo,
    Conflict,
    ConflictValue,
    Coverage,
    Fact,
    FactStatus,
    FramingKind,
    FramingSpan,
    Outlet,
    OutletProfile,
    OutletSupport,
    QuantityKind,
    SentenceRef,
    Story,
    StoryReport,
    SummarySentence,
    SupportStatus,
    article_id,
)
from storylens.report import FORMATS, json_schema, print_report, print_story_list, render
from storylens.report.markdown import escape as md_escape
from storylens.report.sections import ReportView, ordered_facts, segments
from tests import conftest

DM, GU = "dailymail-like", "guardian-like"
RICH_MARKUP = " [bold red]x[/] [link=file:///etc/passwd]here[/link]"
HTML_ATTACK = ' <script>alert(1)</script> "><img src=x onerror=alert(1)>'


def make_article(outlet: Outlet, title: str, body: list[str], **fields: object) -> Article:
    """An article with the id ingest would give it."""
    return Article(
        id=article_id(outlet.name, title, body),
        outlet=outlet,
        title=title,
        body=body,
        source=f"examples/{outlet.name}.html",
        **fields,
    )


def sentence_refs(article: Article) -> list[SentenceRef]:
    """One sentence per block here, with offsets into the article's canonical text."""
    refs, start = [], 0
    for position, (role, block) in enumerate(article.sections()):
        end = start + len(block)
        assert article.text[start:end] == block
        refs.append(
            SentenceRef(
                article_id=article.id,
                position=position,
                outlet=article.outlet.name,
                role=role,
                text=block,
                start=start,
                end=end,
            )
        )
        start = end + len(SECTION_SEPARATOR)
    return refs


def find(refs: list[SentenceRef], fragment: str) -> SentenceRef:
    """The one sentence containing `fragment`."""
    (ref,) = [ref for ref in refs if fragment in ref.text]
    return ref


def loaded(article: Article, text: str, kind: FramingKind, neutral: str | None) -> FramingSpan:
    """A framing span located in the canonical text, as the compare stage would find it."""
    start = article.text.index(text)
    return FramingSpan(
        article_id=article.id,
        outlet=article.outlet.name,
        start=start,
        end=start + len(text),
        text=text,
        kind=kind,
        score=0.8,
        neutral=neutral,
    )


def profile(article: Article, spans: int) -> OutletProfile:
    return OutletProfile(
        outlet=article.outlet.name,
        outlet_guessed=article.outlet.guessed,
        article_ids=[article.id],
        body_words=article.body_words,
        loaded_spans=spans,
        loaded_per_1000_words=round(1000 * spans / article.body_words, 2),
    )


def fact(fact_id: int, text: str, status: FactStatus, *evidence: SentenceRef, attributed_to: str | None = None) -> Fact:
    outlets = list(dict.fromkeys(ref.outlet for ref in evidence))
    return Fact(
        id=fact_id,
        text=text,
        evidence=list(evidence),
        outlets=outlets,
        stated_by=outlets,
        status=status,
        attributed_to=attributed_to,
    )


def kim_report(payload: str = "") -> StoryReport:
    """The two-outlet story; `payload` is planted in the label, a title, a sentence and the summary."""
    dm = make_article(
        Outlet(name=DM, guessed=True),
        f"Kim Jong Un heads home from Russia{payload}",
        [
            "Tubby dictator Kim Jong Un left Russia on Sunday after a six-day visit.",
            f"He was seen off by officials{payload} at the border station in a shocking display of pomp.",
            "Putin gave him five drones as a farewell gift.",
            "The pair discussed military cooperation, the Kremlin said.",
        ],
        captions=["Kim Jong Un waves from his armoured train."],
        url="javascript:alert(1)",
        published=datetime(2023, 9, 17, 8, 0, tzinfo=UTC),
    )
    gu = make_article(
        Outlet(name=GU, domain="theguardian.example"),
        "Kim Jong Un leaves Russia after six-day visit",
        [
            "North Korea's leader Kim Jong Un left Russia on Sunday after a six-day visit, state media said.",
            "Vladimir Putin gave him three drones as a farewell gift, according to KCNA.",
            "Kim and Putin discussed military cooperation, the Kremlin said.",
            "Kim travelled home on his armoured train.",
            "Kim toured a space launch centre in the far east.",
        ],
        standfirst="The North Korean leader's trip included military and space sites",
        url="https://www.theguardian.example/world/kim-leaves-russia",
        published=datetime(2023, 9, 17, 12, 30, tzinfo=UTC),
    )
    d, g = sentence_refs(dm), sentence_refs(gu)
    facts = [
        fact(1, "Kim Jong Un left Russia on Sunday after a six-day visit.", FactStatus.CORROBORATED,
             find(d, "left Russia"), find(g, "left Russia")),
        fact(2, "Kim and Putin discussed military cooperation, the Kremlin said.", FactStatus.CORROBORATED,
             find(d, "discussed"), find(g, "discussed"), attributed_to="the Kremlin"),
        fact(3, "Kim Jong Un travelled home on his armoured train.", FactStatus.CORROBORATED,
             find(d, "waves from"), find(g, "armoured train")),
        fact(4, "Putin gave Kim drones as a farewell gift.", FactStatus.CONFLICTING,
             find(d, "drones"), find(g, "drones")),
        fact(5, f"He was seen off by officials{payload} at the border station.", FactStatus.SINGLE_SOURCE,
             find(d, "seen off")),
        fact(6, "Kim toured a space launch centre in the far east.", FactStatus.SINGLE_SOURCE,
             find(g, "space launch")),
    ]
    return StoryReport(
        story=Story(
            id=7,
            label=f"Kim Jong Un leaves Russia{payload}",
            article_ids=[dm.id, gu.id],
            outlets=[DM, GU],
            first_seen=dm.published,
            last_seen=gu.published,
        ),
        articles=[ArticleInfo.of(dm), ArticleInfo.of(gu)],
        facts=facts,
        coverage=[
            Coverage(outlet=DM, shared=[1, 2, 3, 4], only_here=[5], omitted=[6]),
            Coverage(outlet=GU, shared=[1, 2, 3, 4], only_here=[6], omitted=[5]),
        ],
        conflicts=[
            Conflict(
                fact_id=4,
                slot=QuantityKind.COUNT,
                values=[
                    ConflictValue(outlet=DM, value="five drones", normalised="5 drone", evidence=find(d, "drones")),
                    ConflictValue(outlet=GU, value="three drones", normalised="3 drone", evidence=find(g, "drones")),
                ],
            )
        ],
        framing=[profile(dm, 2), profile(gu, 0)],
        spans=[
            loaded(dm, "Tubby dictator", FramingKind.NAME_CALLING, "North Korea's leader"),
            loaded(dm, "shocking", FramingKind.LOADED_ADJECTIVE, None),
        ],
        summary=[
            SummarySentence(text="Kim Jong Un left Russia on Sunday after a six-day visit.", fact_id=1,
                            citations=[DM, GU], single_source=False),
            SummarySentence(text="Kim and Putin discussed military cooperation, the Kremlin said.", fact_id=2,
                            citations=[DM, GU], single_source=False),
            SummarySentence(text=f"Kim toured a space launch centre in the far east.{payload}", fact_id=6,
                            citations=[GU], single_source=True),
        ],
    )


@pytest.fixture
def report() -> StoryReport:
    return kim_report()


def terminal_text(report: StoryReport) -> str:
    """What a user sees on a wide terminal, without colours."""
    console = Console(record=True, width=320, color_system=None)
    print_report(report, console)
    return console.export_text()


class TagCollector(HTMLParser):
    """Every start tag with its attributes, and the text inside each <mark>."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.marks: list[str] = []
        self._in_mark = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._in_mark = tag == "mark"
        if self._in_mark:
            self.marks.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "mark":
            self._in_mark = False

    def handle_data(self, data: str) -> None:
        if self._in_mark:
            self.marks[-1] += data


def parse(page: str) -> TagCollector:
    collector = TagCollector()
    collector.feed(page)
    return collector


# --- the format switch ---------------------------------------------------------------------


def test_formats_are_json_md_html() -> None:
    assert FORMATS == ("json", "md", "html")


def test_unknown_format_names_the_known_ones(report: StoryReport) -> None:
    with pytest.raises(ValueError, match="'pdf'.*json, md, html"):
        render(report, "pdf")


# --- JSON ----------------------------------------------------------------------------------


def test_json_round_trips(report: StoryReport) -> None:
    assert StoryReport.model_validate_json(render(report, "json")) == report


def test_json_schema_describes_the_report() -> None:
    schema = json_schema()
    assert {"story", "facts", "conflicts", "spans", "summary"} <= set(schema["properties"])
    assert "FramingSpan" in schema["$defs"]


# --- shared sections -----------------------------------------------------------------------


def test_facts_every_outlet_reports_lead(report: StoryReport) -> None:
    assert [f.id for f in ordered_facts(report.facts)] == [1, 2, 3, 4, 5, 6]
    assert [f.id for f in ReportView.of(report).everyone] == [1, 2, 3, 4]


def test_a_story_of_one_outlet_lists_nothing_as_reported_by_every_outlet(tmp_path: Path) -> None:
    """One outlet's story shares no fact with another: its facts under "Reported by every
    outlet" (each "single source, 1 voice") would read as if every outlet reported them."""
    alone = conftest.make_article("Harbour Gazette", "Port strike ends", ["Dock workers ended a six-day strike on Monday.", "The port reopened on Tuesday."])
    report = conftest.one_story_report(tmp_path / "one.db", [alone])
    assert ReportView.of(report).everyone == []
    md = render(report, "md")
    section = md.split("## Reported by every outlet", 1)[1].split("\n## ", 1)[0]
    assert "Only one outlet reports this story" in section and "Dock workers" not in section
    console = Console(record=True, width=120)
    print_report(report, console)
    assert "Only one outlet reports this story" in console.export_text()


def test_span_is_cut_out_of_its_sentence_by_offsets(report: StoryReport) -> None:
    sentence = report.facts[0].evidence[0]
    runs = ReportView.of(report).segments(sentence)
    assert [(run.text, run.span is not None) for run in runs] == [
        ("Tubby dictator", True),
        (" Kim Jong Un left Russia on Sunday after a six-day visit.", False),
    ]


def test_span_with_offsets_off_its_text_is_not_highlighted(report: StoryReport) -> None:
    sentence = report.facts[0].evidence[0]
    shifted = report.spans[0].model_copy(update={"start": 1, "end": 15})
    assert [run.span for run in segments(sentence, [shifted])] == [None]


# --- terminal ------------------------------------------------------------------------------


def test_terminal_shows_every_section(report: StoryReport) -> None:
    out = terminal_text(report)
    assert "Kim Jong Un leaves Russia" in out
    assert f"{DM} (name guessed from file)" in out
    assert f"{GU} (name guessed from file)" not in out
    assert "1. Kim Jong Un left Russia on Sunday after a six-day visit. [dailymail-like, guardian-like]" in out
    assert "3. Kim toured a space launch centre in the far east. [guardian-like] (single source)" in out
    assert "Reported by every outlet" in out and "the Kremlin" in out
    assert "Only here" in out and "Omitted" in out
    assert "five drones" in out and "three drones" in out and "count" in out
    assert "Tubby dictator" in out and "name calling" in out and "North Korea's leader" in out
    assert "43.5" in out  # dailymail-like: 2 spans in 46 body words


def test_terminal_prints_rich_markup_literally() -> None:
    console = Console(record=True, width=320, color_system=None)
    print_report(kim_report(RICH_MARKUP), console)
    out = console.export_text()
    assert "[bold red]x[/]" in out
    assert "[link=file:///etc/passwd]here[/link]" in out
    assert 'href="file:///etc/passwd"' not in console.export_html()


def test_story_list_has_one_row_per_story(report: StoryReport) -> None:
    console = Console(record=True, width=200, color_system=None)
    print_story_list([report.story], console)
    out = console.export_text()
    assert "Kim Jong Un leaves Russia" in out
    assert "dailymail-like, guardian-like" in out
    assert "2023-09-17 08:00 UTC" in out and "2023-09-17 12:30 UTC" in out


def test_empty_story_list_says_so() -> None:
    console = Console(record=True, width=80, color_system=None)
    print_story_list([], console)
    assert "No stories yet." in console.export_text()


# --- Markdown ------------------------------------------------------------------------------


def test_markdown_shows_every_section(report: StoryReport) -> None:
    md = render(report, "md")
    assert md.startswith("# Kim Jong Un leaves Russia\n")
    assert r"1. Kim Jong Un left Russia on Sunday after a six-day visit. \[dailymail-like, guardian-like\]" in md
    assert r"3. Kim toured a space launch centre in the far east. \[guardian-like\] (single source)" in md
    assert f"{DM} (name guessed from file)" in md
    assert "**five drones**" in md and "**three drones**" in md
    assert "**Tubby dictator** Kim Jong Un left Russia" in md
    assert "name calling — North Korea's leader" in md


def test_markdown_escapes_untrusted_text() -> None:
    md = render(kim_report(HTML_ATTACK + " *x* _y_ `z` [a](b) | c"), "md")
    assert "<script" not in md and "<img" not in md
    assert "&lt;script&gt;" in md
    assert r"\*x\* \_y\_ \`z\` \[a\](b) \| c" in md


def test_markdown_table_rows_keep_their_columns() -> None:
    md = render(kim_report(" a | b | c"), "md")
    for table in re.findall(r"(?:^\|.*\n)+", md, flags=re.MULTILINE):
        widths = {len(re.findall(r"(?<!\\)\|", line)) for line in table.splitlines()}
        assert len(widths) == 1, table


def test_markdown_escape_stops_block_markers() -> None:
    assert md_escape("1. not a list") == r"1\. not a list"
    assert md_escape("# not a heading\n\n- nor a list") == r"\# not a heading - nor a list"


# --- HTML ----------------------------------------------------------------------------------


def test_html_is_self_contained_and_locked_down(report: StoryReport) -> None:
    page = render(report, "html")
    csp = "default-src 'none'; style-src 'unsafe-inline'"
    assert f'<meta http-equiv="Content-Security-Policy" content="{csp}">' in page
    tags = parse(page).tags
    assert not [t for t, _ in tags if t in {"script", "link", "img", "iframe", "object"}]
    assert not [a for _, attrs in tags for a in attrs if a == "src" or a.startswith("on")]


def test_html_summary_cites_outlets_with_links_to_their_sentences(report: StoryReport) -> None:
    page = render(report, "html")
    tags = parse(page).tags
    ids = {attrs["id"] for _, attrs in tags if "id" in attrs}
    links = [attrs["href"] for tag, attrs in tags if tag == "a" and attrs["href"].startswith("#")]
    dm_id, gu_id = report.articles[0].id, report.articles[1].id
    assert f"#s-{dm_id}-1" in links and f"#s-{gu_id}-2" in links
    assert all(link[1:] in ids for link in links)
    assert "Kim toured a space launch centre in the far east." in page and "(single source)" in page


def test_html_shows_a_sentence_close_to_a_fact_beside_it_and_links_citations_to_its_own_fact(report: StoryReport) -> None:
    """The Guardian says nothing of the send-off, but its space-centre sentence is close to it:
    the send-off's row shows that sentence under "says something close", while the id that
    citations link to stays with the fact the sentence is evidence for."""
    space = report.facts[5].evidence[0]
    facts = list(report.facts)
    facts[4] = facts[4].model_copy(update={"support": [
        OutletSupport(outlet=DM, status=SupportStatus.STATES, claims=1, claims_stated=1),
        OutletSupport(outlet=GU, status=SupportStatus.CLOSE, claims=1, claims_stated=0, evidence=space),
    ]})  # fmt: skip
    page = render(report.model_copy(update={"facts": facts}), "html")
    rows = {row.split("</th>")[0]: row for row in page.split("<tr>") if '<th class="status-' in row}
    (send_off,) = [row for head, row in rows.items() if "He was seen off by officials" in head]
    (own,) = [row for head, row in rows.items() if "Kim toured a space launch centre" in head]
    assert "says something close" in send_off and space.text in send_off
    assert f'id="s-{space.article_id}-{space.position}"' in own


def test_html_side_by_side_has_a_column_per_outlet_and_marks_captions(report: StoryReport) -> None:
    page = render(report, "html")
    guessed = r'<th>dailymail-like <span class="note">\(name guessed from file\)</span>\s*</th>'
    assert re.search(guessed + "<th>guardian-like</th>", page)
    assert 'Kim Jong Un waves from his armoured train.</span> <span class="tag">caption</span>' in page


def test_html_conflict_values_in_red_with_sentences(report: StoryReport) -> None:
    page = render(report, "html")
    assert '<td class="value">five drones</td>' in page
    assert '<td class="value">three drones</td>' in page
    assert "Vladimir Putin gave him three drones as a farewell gift, according to KCNA." in page


def test_html_marks_spans_and_draws_framing_bars(report: StoryReport) -> None:
    page = render(report, "html")
    marks = parse(page).marks
    assert "Tubby dictator" in marks and "shocking" in marks
    assert '<mark title="name calling — North Korea&#39;s leader">Tubby dictator</mark>' in page
    assert 'style="width: 100.0%"' in page and 'style="width: 0.0%"' in page


def test_html_links_only_http_article_urls(report: StoryReport) -> None:
    page = render(report, "html")
    assert 'href="https://www.theguardian.example/world/kim-leaves-russia"' in page
    assert "javascript:" not in page


def test_html_escapes_untrusted_text_and_still_marks_spans() -> None:
    page = render(kim_report(HTML_ATTACK), "html")
    assert "<script" not in page and "<img" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&#34;&gt;&lt;img src=x onerror=alert(1)&gt;" in page
    collector = parse(page)
    assert not [t for t, _ in collector.tags if t in {"script", "img"}]
    assert collector.marks.count("shocking") >= 2

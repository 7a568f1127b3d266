"""The overview of many stories (`storylens run` and the index of `--out`), from real reports.

The seed pair's report comes from the real pipeline (conftest); the hostile variants are that
report with a field replaced, as an article with such a headline would give.
"""

from __future__ import annotations

import re
from io import StringIO

from rich.console import Console

from storylens.model import FactStatus, StoryReport
from storylens.report import FORMATS, OverviewRow, index_html, print_overview, report_file_name
from tests.conftest import DAILY_MAIL, GUARDIAN

HOSTILE = '<img src=x onerror="alert(1)"> [bold red]Leader[/] & co'


def printed(reports: list[StoryReport | OverviewRow], width: int = 200) -> str:
    buffer = StringIO()
    print_overview(reports, Console(file=buffer, width=width, highlight=False, color_system=None))
    return buffer.getvalue()


def renamed(report: StoryReport, story_id: int, label: str) -> StoryReport:
    return report.model_copy(update={"story": report.story.model_copy(update={"id": story_id, "label": label})})


def test_a_row_counts_what_the_report_says(seed_report: StoryReport) -> None:
    row = OverviewRow.of(seed_report)
    statuses = [fact.status for fact in seed_report.facts]
    assert row.story_id == seed_report.story.id
    assert row.articles == 2
    assert (row.corroborated, row.single_source, row.disputed) == (
        statuses.count(FactStatus.CORROBORATED),
        statuses.count(FactStatus.SINGLE_SOURCE),
        statuses.count(FactStatus.CONFLICTING),
    )
    assert row.corroborated + row.single_source + row.disputed == len(seed_report.facts)
    assert row.conflicts == len(seed_report.conflicts)
    loaded = dict(row.loaded)
    assert set(loaded) == {DAILY_MAIL, GUARDIAN}, "every outlet listed, a clean one with 0"
    assert loaded[DAILY_MAIL] >= 2


def test_spans_in_quoted_speech_are_not_counted_against_the_outlet(seed_report: StoryReport) -> None:
    own = [span for span in seed_report.spans if span.outlet == DAILY_MAIL and not span.quoted]
    assert own
    first = own[0]
    quoted = [span.model_copy(update={"quoted": True}) if span is first else span for span in seed_report.spans]
    before = dict(OverviewRow.of(seed_report).loaded)[DAILY_MAIL]
    after = dict(OverviewRow.of(seed_report.model_copy(update={"spans": quoted})).loaded)[DAILY_MAIL]
    assert after == before - 1


def test_the_terminal_overview_is_one_row_per_story(seed_report: StoryReport) -> None:
    second = renamed(seed_report, 2, "Second story")
    text = printed([seed_report, second])
    rows = [line for line in text.splitlines() if line.startswith("│")]
    assert len(rows) == 2, text
    assert rows[0].split("│")[1].strip() == str(seed_report.story.id)
    assert f"{DAILY_MAIL} " in rows[0] and f"{GUARDIAN} " in rows[0] and " · " in rows[0]


def test_a_narrow_terminal_still_shows_every_outlet_name_whole(seed_report: StoryReport) -> None:
    text = printed([seed_report], width=80)
    assert max(len(line) for line in text.splitlines()) <= 80
    flat = re.sub(r"[│\s]+", "", "".join(line.split("│")[-2] for line in text.splitlines() if line.startswith("│")))
    assert DAILY_MAIL in flat and GUARDIAN in flat


def test_a_headline_with_rich_markup_prints_as_written(seed_report: StoryReport) -> None:
    text = printed([renamed(seed_report, 1, HOSTILE)])
    assert "[bold red]Leader[/]" in text


def test_no_stories_says_so(seed_report: StoryReport) -> None:
    assert "No stories" in printed([])


def test_index_page_links_each_report_file_and_escapes_article_text(seed_report: StoryReport) -> None:
    reports = [seed_report, renamed(seed_report, 7, HOSTILE)]
    page = index_html(reports, FORMATS)
    hrefs = re.findall(r'href="([^"]*)"', page)
    assert set(hrefs) == {f"story-{n}.{fmt}" for n in (seed_report.story.id, 7) for fmt in FORMATS}
    assert "<img" not in page and "onerror=\"" not in page
    assert "&lt;img src=x onerror=&#34;alert(1)&#34;&gt;" in page
    assert "&amp; co" in page
    assert "<script" not in page.lower()
    assert "Content-Security-Policy" in page


def test_report_file_names_come_from_the_story_id_only() -> None:
    assert report_file_name(12, "html") == "story-12.html"
    assert [report_file_name(3, fmt) for fmt in FORMATS] == [f"story-3.{fmt}" for fmt in FORMATS]

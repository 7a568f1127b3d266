"""Many stories at a glance: one row per story, for `storylens run` and the index of `--out`.

A row only counts what a `StoryReport` already says (its facts by status, its conflicts, its
loaded spans in each outlet's own words); nothing here analyses anything. Labels and outlet names
come from articles and are untrusted: on the terminal they go in as `Text`, which rich never reads
as markup, and the index page is rendered with jinja2's autoescape.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from jinja2 import ChoiceLoader, DictLoader, Environment, PackageLoader, StrictUndefined
from rich.console import Console
from rich.table import Table
from rich.text import Text

from storylens.model import Fact, FactStatus, StoryReport
from storylens.report.sections import outlet_order

COLUMNS = (
    "ID",
    "Story",
    "Outlets",
    "Articles",
    "Corroborated",
    "Single source",
    "Disputed",
    "Conflicts",
    "Loaded spans (own words)",
)
"""The index page's columns, one per count."""

FORMAT_NAMES = {"html": "HTML", "md": "Markdown", "json": "JSON"}
"""How the index page names each report file format."""

INDEX_FILE = "index.html"


@dataclass(frozen=True)
class OverviewRow:
    """What the overview shows of one story; small, so a long run keeps rows, not reports."""

    story_id: int
    label: str
    outlets: list[str]
    articles: int
    corroborated: int
    single_source: int
    disputed: int
    conflicts: int
    loaded: list[tuple[str, int]]
    """Loaded spans in each outlet's own words (quoted speech left out), every outlet listed."""

    @classmethod
    def of(cls, report: StoryReport) -> OverviewRow:
        statuses = Counter(_agreed_status(fact) for fact in report.facts)
        outlets = outlet_order(report)
        own_words = Counter(span.outlet for span in report.spans if not span.quoted)
        return cls(
            story_id=report.story.id,
            label=report.story.label,
            outlets=outlets,
            articles=len(report.story.article_ids),
            corroborated=statuses[FactStatus.CORROBORATED],
            single_source=statuses[FactStatus.SINGLE_SOURCE],
            disputed=statuses[FactStatus.CONFLICTING],
            conflicts=len(report.conflicts),
            loaded=[(outlet, own_words[outlet]) for outlet in outlets],
        )

    @property
    def loaded_text(self) -> str:
        """'Daily Mail 4 · Yonhap 0'."""
        return " · ".join(f"{outlet} {count}" for outlet, count in self.loaded)

    def cells(self) -> list[str]:
        """The row's cells as plain text, in the order of `COLUMNS`."""
        return [
            str(self.story_id),
            self.label,
            ", ".join(self.outlets),
            str(self.articles),
            str(self.corroborated),
            str(self.single_source),
            str(self.disputed),
            str(self.conflicts),
            self.loaded_text,
        ]


def overview_rows(reports: Iterable[StoryReport | OverviewRow]) -> list[OverviewRow]:
    """A row for each report, in the order given; rows already made are kept as they are."""
    return [item if isinstance(item, OverviewRow) else OverviewRow.of(item) for item in reports]


def overview_table(reports: Iterable[StoryReport | OverviewRow]) -> Table:
    """One row per story, every cell a `Text` so that no article text is read as rich markup.

    Narrower than the index page, to stay legible in an 80-column terminal: the three fact counts
    share a column ("10 / 20 / 0"), and the outlets are named once, each with its loaded spans.
    """
    table = Table(title=Text("Stories in this run"))
    table.add_column("ID", justify="right", no_wrap=True)
    table.add_column("Story", ratio=3, min_width=12, overflow="fold")
    table.add_column("Articles", justify="right", no_wrap=True)
    table.add_column("Facts: corroborated / single source / disputed", justify="center", max_width=14)
    table.add_column("Conflicts", justify="right", no_wrap=True)
    table.add_column("Outlets: loaded spans (own words)", ratio=2, min_width=12, overflow="fold")
    for row in overview_rows(reports):
        table.add_row(
            Text(str(row.story_id)),
            Text(row.label),
            Text(str(row.articles)),
            Text(f"{row.corroborated} / {row.single_source} / {row.disputed}"),
            Text(str(row.conflicts)),
            Text(row.loaded_text),
        )
    return table


def print_overview(reports: Iterable[StoryReport | OverviewRow], console: Console) -> None:
    """Print the overview table, or say that the run touched no story."""
    rows = overview_rows(reports)
    if not rows:
        console.print(Text("No stories in this run.", style="dim"))
        return
    console.print(overview_table(rows))


def report_file_name(story_id: int, fmt: str) -> str:
    """'story-7.html': made from the story id and format only, never from article text."""
    return f"story-{int(story_id)}.{fmt}"


_INDEX_TEMPLATE = """\
{% extends "_layout.html.j2" %}
{% block title %}Stories · storylens{% endblock %}
{% block content %}
<h1>Stories</h1>
<p class="meta">{{ rows | length }} {{ "story" if rows | length == 1 else "stories" }}; each report as
{% for fmt in formats %}{{ format_names.get(fmt, fmt) }}{% if not loop.last %}, {% endif %}{% endfor %}.</p>
<table class="stories">
  <thead><tr>{% for column in columns %}<th>{{ column }}</th>{% endfor %}<th>Reports</th></tr></thead>
  <tbody>
  {% for row in rows %}
    <tr>
      <td>{{ row.story_id }}</td>
      <td>{% if "html" in formats %}<a href="{{ file_name(row.story_id, "html") }}">{{ row.label }}</a>{% else %}{{ row.label }}{% endif %}</td>
      <td>{{ row.outlets | join(", ") }}</td>
      <td>{{ row.articles }}</td>
      <td>{{ row.corroborated }}</td>
      <td>{{ row.single_source }}</td>
      <td>{{ row.disputed }}</td>
      <td>{{ row.conflicts }}</td>
      <td>{{ row.loaded_text }}</td>
      <td>{% for fmt in formats %}<a href="{{ file_name(row.story_id, fmt) }}">{{ format_names.get(fmt, fmt) }}</a>{% if not loop.last %} · {% endif %}{% endfor %}</td>
    </tr>
  {% endfor %}
  </tbody>
</table>
{% endblock %}
"""

_ENV = Environment(
    loader=ChoiceLoader([DictLoader({"index.html.j2": _INDEX_TEMPLATE}), PackageLoader("storylens.report", "templates")]),
    autoescape=True,
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)


def index_html(reports: Iterable[StoryReport | OverviewRow], formats: Sequence[str]) -> str:
    """A self-contained page (the reports' layout and Content-Security-Policy) with the overview
    table, each story linking to its report files as `report_file_name` names them."""
    return _ENV.get_template("index.html.j2").render(
        standalone=True,
        rows=overview_rows(reports),
        columns=COLUMNS,
        formats=list(formats),
        format_names=FORMAT_NAMES,
        file_name=report_file_name,
    )


def _agreed_status(fact: Fact) -> FactStatus:
    """A fact whose figure only changed over time (UPDATED) is agreed, so it counts with the
    corroborated or single-source facts by its voices, never with the disputed ones."""
    if fact.status != FactStatus.UPDATED:
        return fact.status
    return FactStatus.CORROBORATED if len(fact.stated_by) > 1 else FactStatus.SINGLE_SOURCE

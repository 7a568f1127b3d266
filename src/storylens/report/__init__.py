"""The report stage: a `StoryReport` rendered for a terminal, or as JSON, Markdown or HTML.

Renderers only display what the compare stage decided; none of them analyses anything, so every
format tells the same story.
"""

from __future__ import annotations

from collections.abc import Callable

from storylens.model import StoryReport
from storylens.report.html import to_html
from storylens.report.jsonfile import json_schema, to_json
from storylens.report.markdown import to_markdown
from storylens.report.overview import INDEX_FILE, OverviewRow, index_html, print_overview, report_file_name
from storylens.report.terminal import print_blindspots, print_outlet_profile, print_outlets, print_report, print_story_list

_RENDERERS: dict[str, Callable[[StoryReport], str]] = {"json": to_json, "md": to_markdown, "html": to_html}

FORMATS: tuple[str, ...] = tuple(_RENDERERS)
"""The file formats `render` writes, as a user names them on the command line."""


def render(report: StoryReport, fmt: str) -> str:
    """The report as text in `fmt`; an unknown format is refused with the list of known ones."""
    try:
        renderer = _RENDERERS[fmt]
    except KeyError:
        raise ValueError(f"unknown report format {fmt!r}; known formats: {', '.join(FORMATS)}") from None
    return renderer(report)


__all__ = [
    "FORMATS",
    "INDEX_FILE",
    "OverviewRow",
    "index_html",
    "json_schema",
    "print_blindspots",
    "print_outlet_profile",
    "print_outlets",
    "print_overview",
    "print_report",
    "print_story_list",
    "render",
    "report_file_name",
]

"""The report as JSON: exactly the `StoryReport` record, so it loads back with no loss.

Named `jsonfile` rather than `json` so that inside this package `import json` still means the
standard library.
"""

from __future__ import annotations

from typing import Any

from storylens.model import StoryReport


def to_json(report: StoryReport) -> str:
    """The report as indented JSON; `StoryReport.model_validate_json` reads it back unchanged."""
    return report.model_dump_json(indent=2) + "\n"


def json_schema() -> dict[str, Any]:
    """The JSON Schema of the report, generated from the same record, for the README and consumers."""
    return StoryReport.model_json_schema()

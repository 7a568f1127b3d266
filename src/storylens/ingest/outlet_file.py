"""What a user tells storylens about outlets: a CSV or TOML file of names, domains and labels.

CSV: a header row names the columns (`name` is required; `domains`, `lean`, `country`, `owner`,
`kind` are optional, `domains` separated by spaces). TOML: an `[[outlet]]` table per outlet with
the same keys (`domains` a list or a space-separated string). storylens ships no ratings: a lean
is the user's own label, on whatever scale they use. Any problem is one line naming the file.
"""

from __future__ import annotations

import csv
import tomllib
from pathlib import Path

from pydantic import ValidationError

from storylens.model import OutletInfo

COLUMNS = ("name", "domains", "lean", "country", "owner", "kind")


class OutletFileError(ValueError):
    """The file cannot be read as outlets; the message names the file and the problem."""


def read_outlet_file(path: Path) -> list[OutletInfo]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as error:
        raise OutletFileError(f"{path}: cannot be read: {error.strerror or error}") from None
    except UnicodeDecodeError:
        raise OutletFileError(f"{path}: not UTF-8 text") from None
    rows = _toml_rows(path, text) if path.suffix.lower() == ".toml" else _csv_rows(path, text)
    outlets: dict[str, OutletInfo] = {}
    for number, row in rows:
        name = str(row.get("name") or "").strip()
        if not name:
            raise OutletFileError(f"{path}: {number} has no name")
        if name.casefold() in outlets:
            raise OutletFileError(f"{path}: {number} names {name!r} a second time")
        try:
            outlets[name.casefold()] = OutletInfo(
                name=name,
                domains=_domains(row.get("domains")),
                **{key: str(value).strip() or None for key in COLUMNS[2:] if (value := row.get(key)) is not None},
            )
        except ValidationError as error:
            raise OutletFileError(f"{path}: {number}: {error.errors()[0]['msg']}") from None
    if not outlets:
        raise OutletFileError(f"{path}: no outlets in it")
    return list(outlets.values())


def _csv_rows(path: Path, text: str) -> list[tuple[str, dict[str, object]]]:
    reader = csv.DictReader(text.splitlines())
    header = [column.strip().lower() for column in reader.fieldnames or []]
    if "name" not in header:
        raise OutletFileError(f"{path}: the header row must name a 'name' column (columns: {', '.join(COLUMNS)})")
    if unknown := [column for column in header if column not in COLUMNS]:
        raise OutletFileError(f"{path}: unknown column(s) {', '.join(unknown)}; known: {', '.join(COLUMNS)}")
    reader.fieldnames = header
    rows = []
    for row in reader:
        if None in row:
            raise OutletFileError(f"{path}: line {reader.line_num} has more fields than the header")
        rows.append((f"line {reader.line_num}", dict(row)))
    return rows


def _toml_rows(path: Path, text: str) -> list[tuple[str, dict[str, object]]]:
    try:
        tables = tomllib.loads(text).get("outlet", [])
    except tomllib.TOMLDecodeError as error:
        raise OutletFileError(f"{path}: not valid TOML ({error})") from None
    if not isinstance(tables, list) or not all(isinstance(t, dict) for t in tables):
        raise OutletFileError(f"{path}: outlets must be [[outlet]] tables")
    for number, table in enumerate(tables, start=1):
        if unknown := [key for key in table if key not in COLUMNS]:
            raise OutletFileError(f"{path}: outlet {number}: unknown key(s) {', '.join(unknown)}; known: {', '.join(COLUMNS)}")
    return [(f"outlet {number}", table) for number, table in enumerate(tables, start=1)]


def _domains(value: object) -> list[str]:
    """Domains lower-cased, without "www." or a scheme, however the user wrote them."""
    words = value if isinstance(value, list) else str(value or "").split()
    found = []
    for word in map(str, words):
        domain = word.strip().lower().removeprefix("https://").removeprefix("http://").split("/")[0].removeprefix("www.")
        if domain and domain not in found:
            found.append(domain)
    return found

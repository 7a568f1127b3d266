"""The few pieces of SQL that differ between SQLite and PostgreSQL, so that every query of
`base.py` and `listing.py` is written once and filled in with its backend's pieces."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Dialect:
    """The SQL that differs between the backends; every query is otherwise written once."""

    begin_write: str
    """Starts a write transaction: SQLite's takes the write lock at once, so that two writers queue
    instead of deadlocking; PostgreSQL's locks rows as it writes them."""
    begin_read: str
    """Starts a transaction that reads one state of the store throughout."""
    json_field: str
    """A top-level field of a JSON text column, as text: formatted with `column` and `name`."""
    language: str
    """An article's language (`articles` as the only table, or the one without an alias)."""
    entities: str
    """A table of the story profile's entities (`key`, `value`) for `stories s`."""
    id_list: str
    """A subquery of the integers in one parameter holding them as a JSON array."""
    like: str
    """The pattern match that ignores ASCII case, as SQLite's LIKE does."""

    def field(self, column: str, name: str) -> str:
        return self.json_field.format(column=column, name=name)

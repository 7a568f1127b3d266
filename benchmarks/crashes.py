"""What killing `storylens ingest` needs, shared by tests/test_crash.py and benchmarks/reliability.py:
a corpus whose every article is distinct, the command as a separate process, and the checks a
store must pass after a kill (sound) and after a run to completion (nothing lost, nothing twice).
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

STORYLENS = Path(sys.executable).parent / "storylens"
OUTLETS = ["Harbour Gazette", "Northern Courier", "Valley Times"]
EVENTS = [
    ("Lisbon", "tram strike", "tram drivers", 41),
    ("Osaka", "warehouse fire", "firefighters", 63),
    ("Nairobi", "marathon record", "runners", 12),
    ("Quito", "volcano alert", "geologists", 7),
    ("Tromsø", "aurora festival", "photographers", 350),
    ("Cardiff", "rugby stadium vote", "councillors", 48),
    ("Hanoi", "metro opening", "commuters", 9000),
    ("Perth", "shark sighting", "lifeguards", 3),
    ("Montreal", "ice storm", "linemen", 1200),
    ("Gdańsk", "shipyard contract", "welders", 800),
    ("Cusco", "museum theft", "detectives", 14),
    ("Reykjavik", "geothermal leak", "engineers", 22),
    ("Dakar", "fishing ban", "fishermen", 5000),
    ("Tbilisi", "wine harvest", "growers", 260),
    ("Winnipeg", "flood barrier", "volunteers", 700),
    ("Bergen", "landslide", "rescuers", 31),
    ("Seville", "heatwave", "doctors", 45),
    ("Manila", "ferry delay", "passengers", 640),
    ("Zagreb", "earthquake drill", "pupils", 3000),
    ("Hobart", "ferry launch", "shipbuilders", 150),
]


def write_articles(folder: Path) -> list[Path]:
    """One short article per outlet and event, each worded differently so every id is new."""
    folder.mkdir()
    files = []
    for event_number, (city, event, people, count) in enumerate(EVENTS):
        for outlet_number, outlet in enumerate(OUTLETS):
            path = folder / f"{outlet.replace(' ', '_')}-{event_number:02d}.txt"
            path.write_text(
                f"{city} {event}: {people} respond as officials count {count}\n\n"
                f"The {event} in {city} drew {count} {people} on Monday, {outlet} reports.\n"
                f"Officials in {city} said the {event} would be reviewed by a panel next week.\n"
                f"Local {people} told {outlet} that the {event} had been expected for months.\n"
                f"The mayor of {city} promised a full statement on the {event} by Friday.\n"
                f"Report number {outlet_number} on the {city} {event} closes with {count + outlet_number} comments.\n",
                encoding="utf-8",
            )
            files.append(path)
    return files


def start_ingest(folder: Path, db: Path, niceness: int = 0) -> subprocess.Popen[bytes]:
    """``niceness`` slows the ingest against everything else on a busy machine, so that a watcher
    polling for a short stage still sees it."""
    return subprocess.Popen(
        [str(STORYLENS), "ingest", str(folder), "--db", str(db)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "COLUMNS": "200"},
        preexec_fn=(lambda: os.nice(niceness)) if niceness else None,
    )


def placed(db: Path) -> int:
    """Articles in a story so far, read while a rebuild writes (WAL)."""
    connection = sqlite3.connect(db, timeout=30)
    try:
        return connection.execute("SELECT count(*) FROM story_articles").fetchone()[0]
    finally:
        connection.close()


def soundness_problems(db: Path) -> list[str]:
    """What is wrong with the file after a kill: integrity or foreign key errors, half a schema
    (a kill before the first migration committed leaves none, which is sound), an empty story."""
    if not db.exists():
        return []
    connection = sqlite3.connect(db, timeout=30)
    try:
        problems = [row for (row,) in connection.execute("PRAGMA integrity_check") if row != "ok"]
        problems += [f"foreign key: {row}" for row in connection.execute("PRAGMA foreign_key_check")]
        tables = {name for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if tables <= {"schema_version"}:
            return problems
        missing = {"articles", "stories", "story_articles"} - tables
        if missing:
            return [*problems, f"half a schema: no {', '.join(sorted(missing))}"]
        empty = connection.execute("SELECT count(*) FROM stories WHERE id NOT IN (SELECT story_id FROM story_articles)")
        count = empty.fetchone()[0]
        return problems + ([f"{count} empty story(ies)"] if count else [])
    finally:
        connection.close()


def completeness(db: Path, files: list[Path]) -> tuple[int, int, int]:
    """(articles lost, articles stored twice, articles in no story or in more than one) after a
    run to completion over `files`, one article each."""
    connection = sqlite3.connect(db, timeout=30)
    try:
        sources = [Path(s).name for (s,) in connection.execute("SELECT source FROM articles")]
        lost = len({f.name for f in files} - set(sources))
        twice = len(sources) - len(set(sources))
        ids = {i for (i,) in connection.execute("SELECT id FROM articles")}
        memberships = dict(connection.execute("SELECT article_id, count(*) FROM story_articles GROUP BY article_id"))
        misplaced = sum(1 for i in ids if memberships.get(i) != 1)
        return lost, twice, misplaced
    finally:
        connection.close()

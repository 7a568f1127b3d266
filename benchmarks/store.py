"""SQLite against PostgreSQL: seconds to ingest and to cluster the same articles, and to read a
page of the story list, on each backend's fresh store.

The articles are `benchmarks.throughput`'s: synthetic stories recombined from the real sentences
of NeuS and BASIL events. SQLite is a file in a temporary folder; PostgreSQL is a throwaway local
server on a unix socket (the tests' helper, with fsync on, as SQLite syncs its log), or the empty
database that `--postgres URL` names.

Run: .venv/bin/python -m benchmarks.store [--articles 1000] [--postgres postgresql://...]
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path

from rich.console import Console
from rich.table import Table

from benchmarks.throughput import load_events, stage, synthetic_articles
from benchmarks.web import hardware
from storylens.store import Store, StoryFilter, target_name

LIST_READS = 20
"""Story list pages read per filter, for the time of one."""
FILTERS = {
    "list page": StoryFilter(),
    "list page, by size": StoryFilter(by_size=True),
    "list page, a word": StoryFilter(words=[{"police"}]),
}


def list_seconds(target: str) -> dict[str, float]:
    """Seconds to read the first page of the story list under each of `FILTERS`."""
    with Store(target, read_only=True) as store:
        timed = {}
        for name, wanted in FILTERS.items():
            started = time.perf_counter()
            for _ in range(LIST_READS):
                store.story_list(wanted, offset=0, limit=20)
            timed[name] = (time.perf_counter() - started) / LIST_READS
        return timed


def measure(target: str, jsonl: Path) -> dict[str, float]:
    ingested = stage("ingest", jsonl, target)
    clustered = stage("cluster", jsonl, target)
    with Store(target) as store:
        stories = len(store.stories())
    return {"ingest": ingested["seconds"], "cluster": clustered["seconds"], "stories": stories, **list_seconds(target)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--postgres", metavar="URL", help="an empty database to use instead of a throwaway server")
    args = parser.parse_args()
    console = Console(width=150)
    with tempfile.TemporaryDirectory(prefix="storylens-store-") as tmp, ExitStack() as stack:
        jsonl = Path(tmp) / "articles.jsonl"
        records = synthetic_articles(args.articles, 500, load_events())
        jsonl.write_text("".join(json.dumps(record) + "\n" for record in records), encoding="utf-8")
        url = args.postgres or _throwaway_database(stack)
        results = {"SQLite": measure(str(Path(tmp) / "store.db"), jsonl), "PostgreSQL": measure(url, jsonl)}
    table = Table(title=f"{args.articles:,} articles, ingest then cluster; {hardware()}; PostgreSQL at {target_name(url)}")
    table.add_column("backend")
    for column in ("ingest s", "cluster s", "stories", *(f"{name} ms" for name in FILTERS)):
        table.add_column(column, justify="right")
    for backend, result in results.items():
        lists = [f"{result[name] * 1000:.1f}" for name in FILTERS]
        table.add_row(backend, f"{result['ingest']:.2f}", f"{result['cluster']:.2f}", str(int(result["stories"])), *lists)
    console.print(table)


def _throwaway_database(stack: ExitStack) -> str:
    from tests.postgres_server import running_server, server_bin

    bin_dir = server_bin()
    if bin_dir is None:
        raise SystemExit("benchmarks.store: PostgreSQL is not installed; give --postgres URL of an empty database")
    return stack.enter_context(running_server(bin_dir, durable=True)).new_database()


if __name__ == "__main__":
    main()

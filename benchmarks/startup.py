"""How long the `storylens` command takes to start: the median of 5 runs each of `storylens --help`,
`storylens stories` and `storylens outlets` on an empty store and `storylens schema`, each a fresh
process, against the goal of issue #14: under 0.5 s. The empty store is made first (read-only
commands refuse a store that does not exist), or `stories` and `outlets` read the store given
with --db (one `benchmarks.run` kept, say); one unmeasured run of each command comes first (file
cache).

    .venv/bin/python -m benchmarks.startup [--runs 5] [--db STORE]
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

from benchmarks.throughput import STORYLENS
from storylens.store import Store

GOAL_SECONDS = 0.5
RUNS = 5


def machine() -> str:
    """The machine line of a benchmark table: cores, CPU model, load, Python."""
    from benchmarks.compare import cpu_model  # imported here: it loads storylens's analysis modules

    return f"{os.cpu_count()} CPUs ({cpu_model()}), load average {os.getloadavg()[0]:.1f} at start, Python {platform.python_version()}"


def seconds_to_run(command: list[str]) -> tuple[float, int]:
    """Wall seconds and exit status of one run of the command."""
    started = time.perf_counter()
    done = subprocess.run(command, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started, done.returncode


def startup_table(db: Path, runs: int = RUNS) -> Table:
    """Median, fastest and slowest of `runs` starts of each command, after one unmeasured start
    (a command that fails there is shown failed)."""
    commands = {
        "storylens --help": [str(STORYLENS), "--help"],
        f"storylens stories --db {db.name}": [str(STORYLENS), "stories", "--db", str(db)],
        f"storylens outlets --db {db.name}": [str(STORYLENS), "outlets", "--db", str(db)],
        "storylens schema": [str(STORYLENS), "schema"],
    }
    table = Table(title=f"CLI start, median of {runs} runs, seconds (goal: under {GOAL_SECONDS} s)", caption=machine())
    for column in ("command", "median", "fastest", "slowest", "goal"):
        table.add_column(column, justify="left" if column == "command" else "right")
    for name, command in commands.items():
        _, status = seconds_to_run(command)
        if status != 0:
            table.add_row(name, "-", "-", "-", f"failed (exit {status})")
            continue
        times = [seconds_to_run(command)[0] for _ in range(runs)]
        median = statistics.median(times)
        table.add_row(name, f"{median:.2f}", f"{min(times):.2f}", f"{max(times):.2f}", "met" if median < GOAL_SECONDS else "NOT met")
    return table


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=RUNS, help=f"timed runs per command (default {RUNS})")
    parser.add_argument("--db", type=Path, help="time `stories` and `outlets` on this store instead of an empty one")
    args = parser.parse_args()
    if args.db is not None:
        Console(width=140).print(startup_table(args.db, args.runs))
        return
    with tempfile.TemporaryDirectory(prefix="storylens-startup-") as tmp:
        db = Path(tmp) / "empty.db"
        with Store(db):
            pass
        Console(width=140).print(startup_table(db, args.runs))


if __name__ == "__main__":
    main()

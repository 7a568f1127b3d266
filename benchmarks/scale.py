"""`storylens run` on the local engine and on Ray with 1 and 2 workers, every story compared (issue #15).

Goal: Ray with 2 workers at ≥ 1.8× the articles/s of Ray with 1 worker, and the peak memory of a
worker flat from one size to the next (the issue's sizes are 20,000 and 100,000 articles).

    .venv/bin/python -m benchmarks.scale [--sizes 500,2000] [--engines local,ray-1,ray-2] [--keep DIR]

The articles are the recombined real sentences of `benchmarks.run` (BASIL events, NeuS
backgrounds, 3 to 10 outlets a story), one JSON Lines file per size. Each row is one
`storylens run FILE --db NEW.db --timings` in a fresh process (Ray: a local cluster of that many
CPUs, started by the run and counted in its time). Memory is each process's own peak (VmHWM),
sampled every 0.2 s over the run's process tree: "driver" is the `storylens` process (locally it
also analyses a batch in turn), "worker" the largest of the others that do the work: the analysis
pool's processes locally, Ray's worker processes ("ray::…") on Ray. Ray's own services (GCS,
raylet) are left out of both. CPU seconds (user and system, as last sampled) are the driver's and
the working processes' summed: on a machine with as many cores as workers, whatever the driver
uses is taken from them.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from rich.console import Console
from rich.table import Table

from benchmarks.run import ROOT, SAMPLE_SECONDS, _tree, stage_seconds, synthetic_articles
from benchmarks.startup import machine

ENGINES = {"local": [], "ray-1": ["--engine", "ray", "--workers", "1"], "ray-2": ["--engine", "ray", "--workers", "2"]}
GOAL_SPEEDUP = 1.8
COMMAND = [sys.executable, "-c", "from storylens.cli import main; main()"]


class PeakMemory(threading.Thread):
    """The peak resident memory (VmHWM) of every process of a tree, with its command line, and the
    CPU seconds (user and system) each had used when last seen."""

    def __init__(self, root: int) -> None:
        super().__init__(daemon=True)
        self.root = root
        self.peaks: dict[int, tuple[int, str]] = {}
        self.cpu: dict[int, float] = {}
        self.finished = threading.Event()

    def run(self) -> None:
        ticks = os.sysconf("SC_CLK_TCK")
        while not self.finished.wait(SAMPLE_SECONDS):
            for pid in _tree(self.root):
                try:
                    status = Path(f"/proc/{pid}/status").read_text()
                    title = Path(f"/proc/{pid}/cmdline").read_text().replace("\0", " ").strip()
                    times = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
                except OSError:
                    continue
                peak = next((int(line.split()[1]) for line in status.splitlines() if line.startswith("VmHWM:")), 0)
                self.peaks[pid] = (max(peak, self.peaks.get(pid, (0, ""))[0]), title)
                self.cpu[pid] = (int(times[11]) + int(times[12])) / ticks

    def _working(self, pid: int) -> bool:
        title = self.peaks[pid][1]
        return pid != self.root and (title.startswith("ray::") or "multiprocessing" in title)

    def driver_mb(self) -> float:
        return self.peaks.get(self.root, (0, ""))[0] / 1024

    def worker_mb(self) -> float:
        """The largest working process other than the driver: Ray's workers, or the local analysis pool."""
        return max((kb for pid, (kb, _) in self.peaks.items() if self._working(pid)), default=0) / 1024

    def driver_cpu(self) -> float:
        return self.cpu.get(self.root, 0.0)

    def workers_cpu(self) -> float:
        """CPU seconds of the working processes other than the driver, summed."""
        return sum(seconds for pid, seconds in self.cpu.items() if self._working(pid))


@dataclass
class Row:
    engine: str
    articles: int
    seconds: float
    returncode: int
    driver_mb: float
    worker_mb: float
    driver_cpu: float
    workers_cpu: float
    store_mb: float
    """The SQLite store the run left (its file and write-ahead log), for the database size a crawl needs."""
    stages: dict[str, float] = field(default_factory=dict)

    @property
    def rate(self) -> float:
        return self.articles / self.seconds


def measure(engine: str, jsonl: Path, articles: int, folder: Path) -> Row:
    db = folder / f"{engine}-{articles}.db"
    for leftover in folder.glob(f"{db.name}*"):
        leftover.unlink()
    env = {**os.environ, "COLUMNS": "200", "RAY_USAGE_STATS_ENABLED": "0", "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")])}
    command = [*COMMAND, "run", str(jsonl), "--db", str(db), "--timings", *ENGINES[engine]]
    with (folder / f"{engine}-{articles}.stderr").open("w+", encoding="utf-8") as err:
        started = time.perf_counter()
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=err, env=env, cwd=ROOT)
        memory = PeakMemory(process.pid)
        memory.start()
        process.wait()
        seconds = time.perf_counter() - started
        memory.finished.set()
        memory.join()
        err.seek(0)
        stages = stage_seconds(err.read())
    store_bytes = sum(part.stat().st_size for part in (db, db.with_name(f"{db.name}-wal")) if part.exists())
    return Row(
        engine,
        articles,
        seconds,
        process.returncode,
        memory.driver_mb(),
        memory.worker_mb(),
        memory.driver_cpu(),
        memory.workers_cpu(),
        store_bytes / 2**20,
        stages,
    )


def report(rows: list[Row], console: Console) -> None:
    table = Table(title="storylens run, every story compared: local engine and Ray (articles/s; peak RSS in MB)", caption=machine())
    for name in (
        "articles",
        "engine",
        "exit",
        "seconds",
        "articles/s",
        "× ray-1",
        "analyze s",
        "compare s",
        "driver MB",
        "worker MB",
        "driver CPU s",
        "workers CPU s",
        "store MB",
    ):
        table.add_column(name, justify="left" if name == "engine" else "right")
    for row in rows:
        base = next((r for r in rows if r.engine == "ray-1" and r.articles == row.articles), None)
        speedup = f"{row.rate / base.rate:.2f}" if base else "–"
        table.add_row(
            f"{row.articles:,}",
            row.engine,
            str(row.returncode),
            f"{row.seconds:.1f}",
            f"{row.rate:.2f}",
            speedup,
            f"{row.stages.get('analyze', 0):.1f}",
            f"{row.stages.get('compare', 0):.1f}",
            f"{row.driver_mb:.0f}",
            f"{row.worker_mb:.0f}",
            f"{row.driver_cpu:.0f}",
            f"{row.workers_cpu:.0f}",
            f"{row.store_mb:.1f}",
        )
    console.print(table)
    console.print(f"Goal: ray-2 ≥ {GOAL_SPEEDUP}× ray-1; a worker's peak memory flat from the smallest size to the largest.")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="500,2000", help="articles per run, comma-separated (issue #15: 20000,100000)")
    parser.add_argument("--engines", default=",".join(ENGINES), help=f"which of {', '.join(ENGINES)}")
    parser.add_argument("--keep", type=Path, help="folder for the inputs and stores (default: a temporary one)")
    args = parser.parse_args()
    console = Console(width=200)
    with tempfile.TemporaryDirectory() as scratch:
        folder = args.keep or Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        rows = []
        for size in (int(n) for n in args.sizes.split(",")):
            records, _ = synthetic_articles(size)
            jsonl = folder / f"articles-{size}.jsonl"
            jsonl.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
            for engine in args.engines.split(","):
                rows.append(measure(engine, jsonl, size, folder))
                console.print(f"{size:,} articles, {engine}: {rows[-1].seconds:.1f} s, exit {rows[-1].returncode}")
        report(rows, console)


if __name__ == "__main__":
    main()

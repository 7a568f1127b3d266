"""How fast `storylens serve` answers over a store of 1,000 stories: requests/s and p95 latency.

    .venv/bin/python -m benchmarks.web [--db bench.db] [--stories 1000] [--requests 2000] [--seconds 20]

Without an existing --db it builds one: the 210 BASIL articles (70 events × 3 outlets, read from
../shared/data) are analysed once by the real analyze stage, then replicated, each copy of an
event 4 days after the previous one so that the real cluster stage makes one story of each copy
and never merges two. The server runs as `storylens serve` in its own process on 127.0.0.1, and a
bounded load generator (threads with keep-alive httpx clients; N requests or T seconds, whichever
comes first) measures each page. Story pages are measured warm (report cached), cold (the first
view of a story computes its report) and kept (the first view of a story whose report `storylens
run` kept in the store); the cold and kept ones are timed one at a time.
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import os
import platform
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx

from eval.basil import load_basil
from storylens.analyze import analyze
from storylens.analyze.nlp import load_pipeline
from storylens.config import Settings
from storylens.framing import get_framing_model
from storylens.model import AnalyzedArticle
from storylens.pipeline import cluster_pending, story_report
from storylens.store import Store

EVENT_SPACING = timedelta(days=4)
"""Longer than the story window (3 days), so copies of one event never join the same story."""
START = datetime(2000, 1, 1, tzinfo=UTC)


def build_store(path: Path, stories: int) -> None:
    """A store of `stories` replicated BASIL events, analysed once and clustered for real."""
    settings = Settings.from_env()
    basil = load_basil()
    analysed = list(analyze([item.article for item in basil], load_pipeline(settings.models.spacy_model), get_framing_model(settings.models.framing_model)))
    events: dict[str, list[AnalyzedArticle]] = {}
    for item, done in zip(basil, analysed, strict=True):
        events.setdefault(item.story, []).append(done)
    with Store(path) as store:
        for n, members in zip(range(stories), itertools.cycle(events.values())):
            copies = [_copy(item, n, hour) for hour, item in enumerate(members)]
            store.add_articles(copy.article for copy in copies)
            store.add_analysis(copies, model=settings.models.spacy_model)
        cluster_pending(store, settings)


def _copy(item: AnalyzedArticle, n: int, hour: int) -> AnalyzedArticle:
    """The article as the `n`-th copy of its event: a new id, date and URL (the store keeps one
    article per page and text), the same text and analysis."""
    new_id = hashlib.sha256(f"{n}:{item.article.id}".encode()).hexdigest()[:20]
    url = f"{item.article.url}?copy={n}" if item.article.url else None
    article = item.article.model_copy(
        update={"id": new_id, "url": url, "published": START + n * EVENT_SPACING + timedelta(hours=hour), "source": f"basil-copy-{n}"}
    )
    sentences = [s.model_copy(update={"article_id": new_id}) for s in item.sentences]
    spans = [s.model_copy(update={"article_id": new_id}) for s in item.spans]
    return AnalyzedArticle(article=article, sentences=sentences, spans=spans, framing_model=item.framing_model)


@dataclass(frozen=True)
class Result:
    name: str
    latencies: list[float]
    errors: int
    elapsed: float

    def row(self) -> list[str]:
        ms = sorted(1000 * t for t in self.latencies)
        p95 = ms[max(0, round(0.95 * len(ms)) - 1)]
        return [
            self.name,
            str(len(ms)),
            str(self.errors),
            f"{len(ms) / self.elapsed:.1f}",
            f"{statistics.median(ms):.1f}",
            f"{p95:.1f}",
            f"{ms[-1]:.1f}",
        ]


def load(name: str, base: str, paths: list[str], requests: int, seconds: float, threads: int) -> Result:
    """`threads` keep-alive clients cycling through `paths` until `requests` are sent or `seconds` pass."""
    latencies: list[float] = []
    errors = 0
    counter = itertools.count()
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def worker() -> None:
        nonlocal errors
        with httpx.Client(base_url=base, timeout=60) as client:
            while (n := next(counter)) < requests and time.monotonic() < deadline:
                start = time.perf_counter()
                status = client.get(paths[n % len(paths)]).status_code
                took = time.perf_counter() - start
                with lock:
                    latencies.append(took)
                    errors += status != 200

    started = time.perf_counter()
    pool = [threading.Thread(target=worker) for _ in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    return Result(name, latencies, errors, time.perf_counter() - started)


def one_at_a_time(name: str, base: str, paths: list[str]) -> Result:
    """Each path once, sequentially: for cold story pages, whose cost is the report computation."""
    return load(name, base, paths, len(paths), float("inf"), threads=1)


@contextmanager
def serving(db: Path) -> Iterator[str]:
    """`storylens serve` in its own process on a free loopback port, stopped afterwards."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = [str(Path(sys.executable).with_name("storylens")), "serve", "--db", str(db), "--port", str(port)]
    base = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryFile() as log:
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
        try:
            deadline = time.monotonic() + 120
            while True:
                if process.poll() is not None or time.monotonic() > deadline:
                    log.seek(0)
                    sys.exit(f"benchmark: storylens serve did not start:\n{log.read().decode(errors='replace')}")
                try:
                    httpx.get(f"{base}/api/stories?per_page=1", timeout=5)
                    break
                except httpx.TransportError:
                    time.sleep(0.2)
            yield base
        finally:
            process.terminate()
            process.wait(timeout=30)


def hardware() -> str:
    """CPU count and model, memory and Python version, for the table's header."""
    cpuinfo = Path("/proc/cpuinfo").read_text().splitlines()
    model = next((line.split(":", 1)[1].strip() for line in cpuinfo if line.startswith("model name")), "unknown CPU")
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    cores = len(os.sched_getaffinity(0))
    return f"nproc {cores}, {model}, {memory:.0f} GiB RAM, Python {platform.python_version()}"


def sizes(db: Path) -> tuple[str, list[int]]:
    """The store's size in words, and its story ids."""
    with Store(db) as store:
        stories, articles, sentences = (
            store.db.execute(f"SELECT count(*) FROM {table}").fetchone()[0] for table in ("stories", "articles", "sentences")
        )
        story_ids = [row[0] for row in store.db.execute("SELECT id FROM stories ORDER BY id")]
    megabytes = sum(p.stat().st_size for p in db.parent.glob(db.name + "*")) / 2**20
    return f"{stories} stories, {articles} articles, {sentences} sentences, store {megabytes:.0f} MB", story_ids


def table(rows: list[list[str]]) -> str:
    """A Markdown table, the page names left-aligned and the figures right-aligned."""
    header = ["page", "requests", "errors", "req/s", "p50 ms", "p95 ms", "max ms"]
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]

    def line(row: list[str]) -> str:
        pairs = enumerate(zip(row, widths, strict=True))
        cells = [cell.ljust(width) if i == 0 else cell.rjust(width) for i, (cell, width) in pairs]
        return "| " + " | ".join(cells) + " |"

    return "\n".join([line(header), "|" + "|".join("-" * (width + 2) for width in widths) + "|", *map(line, rows)])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, help="store to serve; built here when missing (default: a temporary file)")
    parser.add_argument("--stories", type=int, default=1000, help="stories to build")
    parser.add_argument("--requests", type=int, default=2000, help="requests per page, at most")
    parser.add_argument("--seconds", type=float, default=20.0, help="seconds per page, at most")
    parser.add_argument("--threads", type=int, default=4, help="concurrent clients")
    parser.add_argument("--cold", type=int, default=20, help="stories viewed for the first time, one at a time")
    parser.add_argument("--warm", type=int, default=50, help="stories cycled through for warm story pages")
    parser.add_argument("--kept", type=int, default=20, help="stories whose reports are kept in the store before serving, as `run` keeps them")
    args = parser.parse_args()

    db = args.db or Path(tempfile.mkdtemp(prefix="storylens-bench-")) / "bench.db"
    build_seconds = None
    if not db.exists():
        started = time.perf_counter()
        build_store(db, args.stories)
        build_seconds = time.perf_counter() - started
    described, story_ids = sizes(db)
    cold = story_ids[: args.cold]
    warm = story_ids[args.cold : args.cold + args.warm]
    kept = story_ids[args.cold + args.warm : args.cold + args.warm + args.kept]
    with Store(db) as store:
        for story_id in kept:
            story_report(store, story_id, Settings.from_env())
    with serving(db) as base:
        rows = [one_at_a_time("story page, cold (report computed)", base, [f"/stories/{i}" for i in cold]).row()]
        rows.append(one_at_a_time("story page, first view of a kept report", base, [f"/stories/{i}" for i in kept]).row())
        one_at_a_time("(warming the story cache)", base, [f"/stories/{i}" for i in warm])
        pages = {
            "list page /": ["/"],
            "list page, page 7 by size": ["/?sort=size&page=7"],
            "list page, words search": ["/?q=president+obama", "/?q=senate+vote", "/?q=police"],
            "list page, entity + dates": ["/?entity=Obama&since=2001-01-01&until=2004-12-31"],
            "story page, warm (cached)": [f"/stories/{i}" for i in warm],
            "GET /api/stories": ["/api/stories?per_page=50"],
            "GET /api/stories/{id}, warm": [f"/api/stories/{i}" for i in warm],
            "outlet list /outlets": ["/outlets"],
        }
        for name, paths in pages.items():
            rows.append(load(name, base, paths, args.requests, args.seconds, args.threads).row())
    print(f"hardware: {hardware()}")
    print(f"store: {described}" + (f", built in {build_seconds:.0f} s" if build_seconds else ""))
    print(
        f"load: {args.threads} client threads, at most {args.requests} requests or {args.seconds:.0f} s per page; "
        "server: storylens serve (uvicorn, 1 process), on 127.0.0.1"
    )
    print(table(rows))


if __name__ == "__main__":
    main()

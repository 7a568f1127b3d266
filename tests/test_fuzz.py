"""A fuzz target: mutated copies of valid inputs fed to every reader for a bounded time.

Random bytes rarely get past a format's first check, so each round starts from a valid file of
that format and breaks it the ways files break (bytes flipped, cut short, spliced, a run
repeated, random bytes inserted), then reads it through `read_inputs`, the readers' public entry.
Every result must keep the promises of `assert_well_formed`.

STORYLENS_FUZZ_SECONDS sets the time per format (default 1; CI may run it longer) and
STORYLENS_FUZZ_SEED the seed (default: a fixed one, so a plain test run is repeatable). A failing
input is written beside the test's files and its path and seed are in the failure message.
"""

from __future__ import annotations

import gzip
import json
import os
import random
import time
from io import BytesIO
from pathlib import Path

import pytest
from warcio.warcwriter import WARCWriter

from storylens.ingest.inputs import read_inputs
from tests.test_properties_ingest import assert_well_formed

SECONDS = float(os.environ.get("STORYLENS_FUZZ_SECONDS", "1"))
SEED = int(os.environ.get("STORYLENS_FUZZ_SEED", "20261124"))

PARAGRAPHS = [
    "Storm Agnes forced the closure of three ports on the west coast on Monday, stranding ferries.",
    "The coastguard said winds had reached 80 miles an hour at the harbour mouth shortly after dawn.",
    "Port officials said they expected to reopen on Tuesday morning once engineers had inspected the walls.",
    "Hauliers warned that deliveries of fresh food to island communities would be delayed by two days.",
]
TITLE = "Storm closes three ports"
RECORD = {"title": TITLE, "text": "\n".join(PARAGRAPHS), "url": "https://herald.example/storm", "published": "2023-09-18"}
PAGE = (
    f'<html><head><meta charset="utf-8"><title>{TITLE}</title><meta property="og:site_name" content="Herald">'
    f'</head><body><nav><a href="/">Home</a></nav><article><h1>{TITLE}</h1>'
    + "".join(f"<p>{p} {p}</p>" for p in PARAGRAPHS)
    + "</article></body></html>"
)
RSS = (
    '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Herald</title><item>'
    f"<title>{TITLE}</title><link>https://herald.example/storm</link><pubDate>Mon, 18 Sep 2023 08:00:00 GMT</pubDate>"
    f"<description>&lt;p&gt;{'&lt;/p&gt;&lt;p&gt;'.join(PARAGRAPHS)}&lt;/p&gt;</description></item></channel></rss>"
)
ATOM = (
    '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Herald</title>'
    f'<entry><title>{TITLE}</title><link href="https://herald.example/storm"/><updated>2023-09-18T08:00:00Z</updated>'
    f'<content type="html">&lt;p&gt;{"&lt;/p&gt;&lt;p&gt;".join(PARAGRAPHS)}&lt;/p&gt;</content></entry></feed>'
)


def warc(gzipped: bool) -> bytes:
    out = BytesIO()
    writer = WARCWriter(out, gzip=gzipped)
    for number, body in enumerate((PAGE, "<html><body>Not found</body></html>")):
        http = f"HTTP/1.1 {200 + 204 * number} OK\r\nContent-Type: text/html\r\n\r\n{body}".encode()
        url = f"https://herald.example/{number}"
        writer.write_record(writer.create_warc_record(url, "response", payload=BytesIO(http), length=len(http)))
    return out.getvalue()


JSON_LINES = "\n".join(json.dumps(dict(RECORD, title=f"{TITLE} ({n})")) for n in range(3)).encode()

SAMPLES: dict[str, bytes] = {
    ".txt": "\n\n".join([TITLE, *PARAGRAPHS]).encode("utf-8"),
    ".html": PAGE.encode("utf-8"),
    ".json": json.dumps([RECORD, dict(RECORD, title="Ports reopen")]).encode(),
    ".jsonl": JSON_LINES,
    ".jsonl.gz": gzip.compress(JSON_LINES),
    ".rss": RSS.encode("utf-8"),
    ".atom": ATOM.encode("utf-8"),
    ".warc": warc(gzipped=False),
    ".warc.gz": warc(gzipped=True),
}
"""One valid file per reader (and per compressed form), each giving at least one article."""


def mutate(data: bytes, rng: random.Random) -> bytes:
    """One to four of the ways files get damaged, applied in turn."""
    for _ in range(rng.randint(1, 4)):
        at = rng.randrange(len(data) + 1)
        kind = rng.randrange(6)
        if kind == 0 and data:
            data = data[:at] + bytes([rng.randrange(256)]) + data[at + 1 :]
        elif kind == 1:
            data = data[:at]
        elif kind == 2:
            data = data[:at] + rng.randbytes(rng.randint(1, 64)) + data[at:]
        elif kind == 3:
            end = min(len(data), at + rng.randint(1, 256))
            data = data[:at] + data[at:end] * rng.randint(2, 50) + data[end:]
        elif kind == 4:
            other = rng.choice(list(SAMPLES.values()))
            data = data[:at] + other[rng.randrange(len(other)) :]
        else:
            data = data[:at] + data[at + rng.randint(1, 128) :]
    return data


def test_every_sample_is_valid(tmp_path: Path) -> None:
    """The fuzz starts from inputs that work, so what it breaks is the reader's handling of damage."""
    for suffix, data in SAMPLES.items():
        path = tmp_path / f"sample{suffix}"
        path.write_bytes(data)
        found = list(read_inputs([path]))
        assert_well_formed(path, found)
        assert any(hasattr(item, "body") for item in found), (suffix, found)


@pytest.mark.parametrize("suffix", SAMPLES)
def test_damaged_inputs_never_break_a_reader(tmp_path: Path, suffix: str) -> None:
    rng = random.Random(f"{SEED}{suffix}")
    path = tmp_path / f"fuzzed{suffix}"
    deadline = time.monotonic() + SECONDS
    rounds = 0
    while time.monotonic() < deadline or rounds < 10:
        data = mutate(SAMPLES[suffix], rng)
        path.write_bytes(data)
        try:
            assert_well_formed(path, list(read_inputs([path])))
        except BaseException as error:
            kept = tmp_path / f"failing-{rounds}{suffix}"
            kept.write_bytes(data)
            raise AssertionError(f"{suffix} round {rounds} (seed {SEED}): input kept at {kept}: {error!r}") from error
        rounds += 1

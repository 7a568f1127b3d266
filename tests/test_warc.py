"""Web archives: article pages read from a crawl, everything else skipped, and a broken archive
reported once, after the articles that came before the break."""

from __future__ import annotations

import io
import logging
import random
from datetime import UTC, datetime
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from storylens.ingest.inputs import read_inputs
from storylens.ingest.warc import WarcReader
from storylens.model import Article, Problem

PORTS_PARAGRAPHS = [
    "Storm Agnes forced the closure of three ports on the west coast on Monday, stranding ferries and"
    " leaving hundreds of lorries queued on the approach roads.",
    "The coastguard said winds had reached 80 miles an hour at the harbour mouth shortly after dawn, and"
    " that crews had rescued two fishermen whose boat lost power off the headland.",
    "Port officials said they expected to reopen on Tuesday morning once engineers had inspected the"
    " breakwaters, which took a battering during the overnight high tide.",
    "Hauliers warned that deliveries of fresh food to island communities would be delayed by at least two"
    " days, and several supermarkets said shelves were already running low.",
    "The Met Office kept an amber warning in place until midnight, urging drivers to avoid coastal routes"
    " and not to walk along sea walls while the waves remained high.",
    "Local councillors called for a review of the ferry timetable after the third weather closure this"
    " autumn, saying residents could not rely on the service to reach hospital appointments.",
]

BUDGET_PARAGRAPHS = [
    "The city council approved a budget of 1.2 billion pounds on Wednesday after a four-hour debate in"
    " which opposition members accused the leadership of cutting library hours by stealth.",
    "The plan raises council tax by 4.9 per cent, the largest rise allowed without a local referendum,"
    " and sets aside 30 million pounds for repairs to school buildings.",
    "The council leader said the rise was unavoidable because the cost of adult social care had grown by"
    " almost a fifth in two years while the grant from central government had not.",
    "Opposition councillors proposed an amendment to keep all twelve branch libraries open on Saturdays,"
    " but it was defeated by 41 votes to 27 after a short adjournment.",
    "Unions representing council staff said they would ballot members over the loss of 150 posts, most"
    " of them in parks, waste collection and customer services.",
    "The budget takes effect in April, and the council said residents would receive letters explaining"
    " the new bills, along with details of discounts for people on low incomes.",
]

NAV_PAGE = """<!DOCTYPE html><html><head><title>The Harbour Herald - Home</title></head>
<body><header><nav><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li>
<li><a href="/sport">Sport</a></li></ul></nav></header>
<ul class="headlines"><li><a href="/a">Storm closes ports</a></li><li><a href="/b">Budget approved</a></li></ul>
<footer>© 2023 The Harbour Herald</footer></body></html>"""

PORTS_URL = "https://www.harbourherald.example/news/storm-closes-ports"
BUDGET_URL = "https://citywire.example/politics/budget-approved"
CAPTURED = "2023-09-20T08:00:00Z"

PNG_PAYLOAD = b"\x89PNG\r\n\x1a\n" + random.Random(7).randbytes(64_000)
"""Large enough that the archive is several of warcio's read blocks long."""


def article_page(title: str, paragraphs: list[str], published: str | None) -> str:
    date = f'<meta property="article:published_time" content="{published}">' if published else ""
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>{title}</title>{date}</head>"
        f"<body><nav><a href='/'>Home</a> <a href='/news'>News</a></nav>"
        f"<article><h1>{title}</h1>{body}</article><footer>Share this article</footer></body></html>"
    )


def response(writer: WARCWriter, url: str, status: str, content_type: str, payload: bytes) -> None:
    http = StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")
    record = writer.create_warc_record(
        url, "response", payload=io.BytesIO(payload), http_headers=http, warc_headers_dict={"WARC-Date": CAPTURED}
    )
    writer.write_record(record)


def archive(gzip: bool) -> bytes:
    """Record 1 warcinfo, 2 an article, 3 a nav page, 4 an image, 5 a 404, 6 an article with no date."""
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=gzip)
    writer.write_record(writer.create_warcinfo_record("crawl.warc", {"software": "storylens tests"}))
    ports = article_page("Storm closes ports", PORTS_PARAGRAPHS, "2023-09-18T09:15:00+01:00")
    response(writer, PORTS_URL, "200 OK", "text/html; charset=utf-8", ports.encode())
    response(writer, "https://www.harbourherald.example/", "200 OK", "text/html", NAV_PAGE.encode())
    response(writer, "https://www.harbourherald.example/logo.png", "200 OK", "image/png", PNG_PAYLOAD)
    missing = article_page("Not found", PORTS_PARAGRAPHS, None)
    response(writer, "https://www.harbourherald.example/gone", "404 Not Found", "text/html", missing.encode())
    budget = article_page("Council approves budget", BUDGET_PARAGRAPHS, None)
    response(writer, BUDGET_URL, "200 OK", "text/html; charset=windows-1252", budget.encode("cp1252"))
    return out.getvalue()


def read(*paths: Path) -> tuple[list[Article], list[Problem]]:
    found = list(read_inputs(list(paths)))
    return [a for a in found if isinstance(a, Article)], [p for p in found if isinstance(p, Problem)]


@pytest.fixture(scope="module", params=[True, False], ids=["gzip", "plain"])
def warc_bytes(request: pytest.FixtureRequest) -> tuple[str, bytes]:
    gzip = request.param
    return ("crawl.warc.gz" if gzip else "crawl.warc"), archive(gzip)


def test_articles_are_read_and_other_pages_skipped_quietly(
    tmp_path: Path, warc_bytes: tuple[str, bytes], caplog: pytest.LogCaptureFixture
) -> None:
    name, data = warc_bytes
    path = tmp_path / name
    path.write_bytes(data)
    with caplog.at_level(logging.INFO, logger="storylens.ingest.warc"):
        articles, problems = read(path)
    assert not problems
    ports, budget = articles
    assert [ports.source, budget.source] == [f"{path}#2", f"{path}#6"]
    assert (ports.url, ports.outlet.name, ports.outlet.guessed) == (PORTS_URL, "harbourherald.example", False)
    assert ports.title == "Storm closes ports"
    assert ports.published == datetime(2023, 9, 18, 8, 15, tzinfo=UTC)
    assert len(ports.body) == 6 and ports.body[0].startswith("Storm Agnes forced the closure")
    assert (budget.url, budget.outlet.name) == (BUDGET_URL, "citywire.example")
    assert budget.published == datetime(2023, 9, 20, 8, tzinfo=UTC)
    assert "4.9 per cent" in budget.body[1]
    assert "3 page(s) skipped" in caplog.text
    for kind in ("no article text", "not HTML", "status not 200"):
        assert f"'{kind}': 1" in caplog.text


def test_archive_is_read_as_it_goes(tmp_path: Path, warc_bytes: tuple[str, bytes]) -> None:
    name, data = warc_bytes
    path = tmp_path / name
    path.write_bytes(data)
    with path.open("rb") as stream:
        first = next(WarcReader().read_stream(str(path), stream))
        assert first.source == f"{path}#2"
        assert stream.tell() < len(data) // 2


@pytest.mark.parametrize("gzip", [True, False], ids=["gzip", "plain"])
def test_truncated_archive_keeps_the_articles_before_the_break(tmp_path: Path, gzip: bool) -> None:
    data = archive(gzip)
    path = tmp_path / ("cut.warc.gz" if gzip else "cut.warc")
    path.write_bytes(data[: len(data) - 300])
    articles, problems = read(path)
    assert [a.source for a in articles] == [f"{path}#2"]
    assert len(problems) == 1
    assert problems[0].source == f"{path}#6"
    assert problems[0].reason.startswith("corrupt or truncated WARC: record 6 (byte ")


def test_every_cut_gives_a_prefix_of_the_articles_and_at_most_one_problem(tmp_path: Path) -> None:
    data = archive(gzip=True)
    whole = [d.source for d in WarcReader().read_stream("a", io.BytesIO(data))]
    for cut in range(0, len(data), 211):
        found = list(WarcReader().read_stream("a", io.BytesIO(data[:cut])))
        problems = [f for f in found if isinstance(f, Problem)]
        sources = [f.source for f in found if not isinstance(f, Problem)]
        assert sources == whole[: len(sources)], cut
        assert len(problems) <= 1 and found[-1:] == problems, cut


def test_random_bytes_are_one_problem_and_the_next_file_is_still_read(tmp_path: Path) -> None:
    bad = tmp_path / "noise.warc.gz"
    bad.write_bytes(random.Random(1).randbytes(5000))
    good = tmp_path / "good.txt"
    good.write_text("Storm closes ports\n\nShips stayed in harbour.\n\nThe coastguard spoke.\n", encoding="utf-8")
    articles, problems = read(bad, good)
    assert [(p.source, p.reason.split(":")[0]) for p in problems] == [(f"{bad}#1", "corrupt or truncated WARC")]
    assert "record 1 (byte 0)" in problems[0].reason
    assert [a.source for a in articles] == [str(good)]


def test_empty_archive_is_one_problem(tmp_path: Path) -> None:
    path = tmp_path / "empty.warc"
    path.write_bytes(b"")
    assert read(path) == ([], [Problem(source=str(path), reason="empty file")])


def test_oversized_page_is_skipped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr("storylens.ingest.warc.MAX_PAGE_BYTES", 1000)
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(archive(gzip=True))
    with caplog.at_level(logging.INFO, logger="storylens.ingest.warc"):
        assert read(path) == ([], [])
    assert "'page too large': 2" in caplog.text

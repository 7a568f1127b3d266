"""`storylens serve` as a reader meets it: the real server on a loopback port, a real browser.

The store is built once by the real pipeline from the seed pair, an article whose title, body,
outlet and URL are script payloads, and one plain article with an http URL. The server runs
under uvicorn in a background thread on a free 127.0.0.1 port; pages are driven with Debian's
headless Chromium through Playwright, the API with httpx. Screenshots go to test-artifacts/.
"""

from __future__ import annotations

import http.client
import json
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import httpx
import pytest
from click.testing import CliRunner
from playwright.sync_api import Browser, ConsoleMessage, Page, expect, sync_playwright

from storylens.cli import main
from storylens.config import Settings
from storylens.model import OutletInfo, StoryReport
from storylens.pipeline import analyze_pending, cluster_pending, ingest
from storylens.report import render
from storylens.store import Store
from storylens.web import MAX_UPLOAD_BYTES, ServerConfig, server_for
from storylens.web.ingest import upload_stem
from storylens.web.pages import size_text
from storylens.web.queries import MAX_PAGE, MAX_PER_PAGE
from storylens.web.security import CONTENT_SECURITY_POLICY

from .conftest import DAILY_MAIL, GUARDIAN, SEED, make_article, run_pipeline

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"

PAYLOAD_TITLE = "<script>window.__pwned=1</script>"
PAYLOAD_IMG = '<img src=x onerror="window.__pwned=2">'
PAYLOAD_OUTLET = "<b>Payload Outlet</b>"
ARTICLES = [
    {
        "title": PAYLOAD_TITLE,
        "text": (
            f"Harbour officials in Tromsø said on Friday that 40 fishing boats were stuck in sea ice near the port. {PAYLOAD_IMG}"
            "\n\nA spokesman for the coastguard said the crews were safe and that two icebreakers would reach them "
            f"on Saturday. {PAYLOAD_IMG}"
        ),
        "url": "javascript:window.__pwned=3",
        "outlet": PAYLOAD_OUTLET,
        "published": "2024-01-05T10:00:00Z",
    },
    {
        "title": "Leeds Central Library reopens after a two-year restoration",
        "text": (
            "The Grade II listed building on the Headrow opened its doors again on Saturday after a £12 million refurbishment."
            "\n\nCouncil leader James Lewis said the restored Victorian reading room would host free coding classes for children."
        ),
        "url": "https://news.example/leeds-library",
        "outlet": "Leeds Courier",
        "published": "2024-02-10T09:00:00Z",
    },
]
WIDE_OUTLETS = 60
"""Outlets of the synthetic wide story: a column each on its story page."""
NARROW, WIDE = 390, 1280
"""Viewport widths, in CSS pixels, of a phone and of a laptop."""
UPLOAD = b"""Porto Alegre floods cut off half of the city

Mayor Sebastiao Melo said on Thursday that 84,000 residents had left their homes after three days of rain.
Firefighters in rubber boats rescued 1,200 people from rooftops in the Sarandi neighbourhood overnight.
"""


@dataclass(frozen=True)
class Seeded:
    """The test store and the ids of its three stories."""

    db: Path
    seed: int
    payload: int
    library: int
    payload_article: str
    dm_article: str


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Seeded:
    folder = tmp_path_factory.mktemp("web")
    inputs = folder / "articles.json"
    inputs.write_text(json.dumps(ARTICLES), encoding="utf-8")
    db = folder / "web.db"
    with Store(db) as store:
        result = ingest(store, [SEED, inputs])
        assert len(result.added) == 4 and not result.problems
        analyze_pending(store, Settings())
        cluster_pending(store, Settings())
        assert len(store.stories()) == 3
        store.set_outlet_info(
            [
                OutletInfo(name=DAILY_MAIL, lean="right"),
                OutletInfo(name=GUARDIAN, lean="right"),
                OutletInfo(name="Leeds Courier", lean="left"),
            ]
        )
        by_outlet = {outlet: story for story in store.stories() for outlet in story.outlets}
        (payload_article,) = by_outlet[PAYLOAD_OUTLET].article_ids
        dm_article = next(a for a in by_outlet[DAILY_MAIL].article_ids if store.article(a).outlet.name == DAILY_MAIL)
    return Seeded(
        db=db,
        seed=by_outlet[GUARDIAN].id,
        payload=by_outlet[PAYLOAD_OUTLET].id,
        library=by_outlet["Leeds Courier"].id,
        payload_article=payload_article,
        dm_article=dm_article,
    )


@dataclass(frozen=True)
class Wide:
    """A store of one story told by `WIDE_OUTLETS` outlets, each with its own figures."""

    db: Path
    story: int


@pytest.fixture(scope="module")
def wide(tmp_path_factory: pytest.TempPathFactory) -> Wide:
    db = tmp_path_factory.mktemp("wide") / "wide.db"
    articles = [
        make_article(
            f"Outlet {n:02d} Gazette",
            "Porto Alegre floods cut off half of the city",
            [
                f"Mayor Sebastiao Melo said on Thursday that {80_000 + 100 * n:,} residents had left their homes after three days of rain.",
                f"Firefighters in rubber boats rescued {1_000 + 10 * n:,} people from rooftops in the Sarandi neighbourhood overnight.",
                "The Guaiba river rose to 5.3 metres on Wednesday, the highest level since records began in 1941.",
                "Governor Eduardo Leite asked the federal government for emergency funds to rebuild roads and bridges.",
                "The international airport of Porto Alegre suspended all flights until the end of the month.",
                "Schools in 300 towns of Rio Grande do Sul closed, and the army sent helicopters to reach isolated farms.",
            ],
        )
        for n in range(WIDE_OUTLETS)
    ]
    with Store(db) as store:
        (story,) = run_pipeline(store, articles)
        assert len(store.story(story).outlets) == WIDE_OUTLETS
    return Wide(db, story)


def running(config: ServerConfig) -> Iterator[str]:
    """The app under uvicorn in a thread, on a port the OS picked on 127.0.0.1; yields its URL."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = server_for(config, log_level="warning")
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "the server did not start"
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()


@pytest.fixture(scope="module")
def server(seeded: Seeded) -> Iterator[str]:
    """Started as `storylens serve` starts it: read-only, no ingest."""
    yield from running(ServerConfig(db_path=seeded.db, settings=Settings()))


@pytest.fixture(scope="module")
def postgres_server(seeded: Seeded, postgres) -> Iterator[str]:
    """The same store moved into PostgreSQL (`db export`, then `db import`), served the same way."""
    from io import StringIO

    from storylens.lifecycle import export_store, import_store

    url = postgres.new_database()
    export = StringIO()
    with Store(seeded.db) as source, Store(url) as target:
        export_store(source, export)
        import_store(target, export.getvalue().splitlines(keepends=True))
    yield from running(ServerConfig(db_path=url, settings=Settings()))


@pytest.fixture(params=["sqlite", "postgresql"])
def list_server(request: pytest.FixtureRequest) -> str:
    """The read-only server over the SQLite store, or over its copy in PostgreSQL."""
    return request.getfixturevalue("server" if request.param == "sqlite" else "postgres_server")


@pytest.fixture(scope="module")
def ingest_server(seeded: Seeded, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """With --allow-ingest, over a copy of the store, with a small upload limit to test 413."""
    db = tmp_path_factory.mktemp("ingest") / "copy.db"
    shutil.copy(seeded.db, db)
    yield from running(ServerConfig(db_path=db, allow_ingest=True, max_upload_bytes=64 * 1024, settings=Settings()))


@pytest.fixture(scope="module")
def wide_server(wide: Wide) -> Iterator[str]:
    yield from running(ServerConfig(db_path=wide.db, settings=Settings()))


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.fail(
            f"Chromium is not installed at {CHROMIUM}; the browser tests need Debian's package: "
            "apt-get update && apt-get install -y chromium"
        )
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@dataclass
class Tab:
    """A browser page and every console error and uncaught exception it reported."""

    page: Page
    errors: list[str]

    def screenshot(self, name: str, full_page: bool = True) -> Path:
        ARTIFACTS.mkdir(exist_ok=True)
        path = ARTIFACTS / name
        self.page.screenshot(path=str(path), full_page=full_page)
        assert path.stat().st_size > 0
        return path


@pytest.fixture
def tab(browser: Browser) -> Iterator[Tab]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors: list[str] = []

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            errors.append(message.text)

    page.on("console", on_console)
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield Tab(page, errors)
    context.close()


# --- pages in the browser ------------------------------------------------------------------


def test_list_opens_the_seed_story(tab: Tab, server: str, seeded: Seeded) -> None:
    page = tab.page
    page.goto(server + "/")
    expect(page.locator("table.stories tbody tr")).to_have_count(3)
    tab.screenshot("list.png")
    page.get_by_role("link", name="North Korea’s Kim Jong-un heads home after Russia visit").click()
    page.wait_for_url(f"{server}/stories/{seeded.seed}")
    expect(page.locator("h1")).to_have_text("North Korea’s Kim Jong-un heads home after Russia visit")
    assert tab.errors == []


def test_list_filters_by_outlet_in_the_form(tab: Tab, server: str, seeded: Seeded) -> None:
    page = tab.page
    page.goto(server + "/")
    page.select_option("select[name=outlet]", "Leeds Courier")
    page.get_by_role("button", name="Show").click()
    expect(page.locator("table.stories tbody tr")).to_have_count(1)
    expect(page.locator("table.stories tbody a").first).to_have_text("Leeds Central Library reopens after a two-year restoration")


def test_story_page_has_a_column_per_outlet_and_marked_spans(tab: Tab, server: str, seeded: Seeded) -> None:
    page = tab.page
    page.goto(f"{server}/stories/{seeded.seed}")
    headers = page.locator("#side-by-side thead th")
    expect(headers).to_have_count(3)
    assert [h.split(" (")[0] for h in headers.all_inner_texts()] == ["Fact", DAILY_MAIL, GUARDIAN]
    rows = page.locator("#side-by-side tbody tr")
    assert rows.count() >= 8
    assert rows.first.locator("td").count() == 2
    mark = page.locator("mark", has_text="Tubby dictator").first
    expect(mark).to_be_visible()
    assert "name calling" in (mark.get_attribute("title") or "")
    expect(page.locator("#framing svg.bar")).to_have_count(2)
    tab.screenshot("story.png")
    assert tab.errors == [], "the page broke its own Content-Security-Policy"


def test_summary_citation_scrolls_to_the_cited_sentence(tab: Tab, server: str, seeded: Seeded) -> None:
    page = tab.page
    page.goto(f"{server}/stories/{seeded.seed}")
    citations = page.locator("#summary a[href^='#s-']")
    assert citations.count() >= 6
    citation = citations.nth(citations.count() - 1)
    href = citation.get_attribute("href")
    assert href
    target = page.locator(f"[id='{href[1:]}']")
    expect(target).not_to_be_in_viewport()
    citation.click()
    assert page.evaluate("location.hash") == href
    assert page.evaluate("document.querySelector(':target').id") == href[1:]
    expect(target).to_be_in_viewport()
    column = target.evaluate("el => el.closest('table').tHead.rows[0].cells[el.closest('td').cellIndex].innerText")
    assert column.startswith(citation.inner_text())
    tab.screenshot("story-citation.png", full_page=False)


def test_article_page_marks_spans_and_keeps_captions_apart(tab: Tab, server: str, seeded: Seeded) -> None:
    page = tab.page
    page.goto(f"{server}/articles/{seeded.dm_article}")
    expect(page.locator("h1")).to_have_text("Kim Jong Un watches walrus perform during Russian aquarium trip")
    mark = page.locator(".article-text mark", has_text="Tubby dictator")
    expect(mark).to_have_attribute("title", "name calling — Leader")
    expect(page.locator("aside.captions")).to_contain_text("Maritime Territorial Aquarium")
    expect(page.locator(".article-text")).not_to_contain_text("Maritime Territorial Aquarium")
    expect(page.get_by_role("link", name="original")).to_have_count(0)
    tab.screenshot("article.png")


def test_article_links_the_original_only_when_http(tab: Tab, server: str, seeded: Seeded) -> None:
    page = tab.page
    page.goto(f"{server}/stories/{seeded.library}")
    page.get_by_role("link", name="Leeds Central Library reopens after a two-year restoration").click()
    expect(page.get_by_role("link", name="original")).to_have_attribute("href", "https://news.example/leeds-library")


@pytest.mark.parametrize("where", ["list", "story", "article"])
def test_script_payloads_are_shown_as_text_and_never_run(tab: Tab, server: str, seeded: Seeded, where: str) -> None:
    page = tab.page
    url = {"list": "/", "story": f"/stories/{seeded.payload}", "article": f"/articles/{seeded.payload_article}"}[where]
    page.goto(server + url)
    assert page.evaluate("typeof window.__pwned") == "undefined"
    expect(page.get_by_text(PAYLOAD_TITLE).first).to_be_visible()
    assert page.locator("img").count() == 0
    assert page.locator("a[href^='javascript']").count() == 0
    if where != "list":
        expect(page.get_by_text(PAYLOAD_IMG).first).to_be_visible()
        expect(page.get_by_text(PAYLOAD_OUTLET).first).to_be_visible()
    tab.screenshot(f"payload-{where}.png")
    assert page.evaluate("typeof window.__pwned") == "undefined"


def page_overflow(page: Page) -> int:
    """How many pixels the page is wider than the window: above 0, it scrolls sideways."""
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


@pytest.mark.parametrize("width", [NARROW, WIDE])
@pytest.mark.parametrize("where", ["list", "story", "article", "outlets", "outlet"])
def test_pages_never_scroll_sideways(tab: Tab, server: str, seeded: Seeded, where: str, width: int) -> None:
    page = tab.page
    page.set_viewport_size({"width": width, "height": 844})
    url = {
        "list": "/",
        "story": f"/stories/{seeded.seed}",
        "article": f"/articles/{seeded.dm_article}",
        "outlets": "/outlets",
        "outlet": f"/outlets/{DAILY_MAIL}",
    }[where]
    page.goto(server + url)
    tab.screenshot(f"{where}-{width}.png")
    assert page_overflow(page) <= 0
    for table in page.locator("table").all():
        box = table.evaluate("t => t.parentElement.getBoundingClientRect().right")
        assert box <= width, "a table reaches past the window instead of scrolling in its own box"
    assert tab.errors == []


def hit(page: Page, x: float, y: float) -> str:
    """What is drawn on top at (x, y): 'head' for a header cell, 'first' for the first column's."""
    return page.evaluate(
        """([x, y]) => {
            const cell = document.elementFromPoint(x, y).closest('th, td');
            if (!cell) return 'none';
            const head = cell.closest('thead') !== null;
            const first = cell.cellIndex === 0;
            return (head ? 'head' : 'body') + (first ? ' first' : '');
        }""",
        [x, y],
    )


@pytest.mark.parametrize("width", [NARROW, WIDE])
def test_a_story_of_sixty_outlets_scrolls_in_its_own_box(tab: Tab, wide_server: str, wide: Wide, width: int) -> None:
    page = tab.page
    page.set_viewport_size({"width": width, "height": 844})
    page.goto(f"{wide_server}/stories/{wide.story}")
    expect(page.locator("#side-by-side thead th")).to_have_count(WIDE_OUTLETS + 1)
    tab.screenshot(f"wide-story-{width}.png", full_page=False)
    assert page_overflow(page) <= 0
    box = page.locator("#side-by-side .scroll")
    assert box.evaluate("el => getComputedStyle(el).overflowX") == "auto"
    assert box.evaluate("el => el.scrollWidth") > 10 * width, "sixty outlets' columns are squeezed"
    assert page.locator("#side-by-side thead th").nth(1).evaluate("el => el.getBoundingClientRect().width") >= 140
    box.scroll_into_view_if_needed()
    box.evaluate("el => { el.scrollLeft = el.scrollWidth; el.scrollTop = el.scrollHeight / 2; }")
    assert box.evaluate("el => el.scrollLeft") > 0 and box.evaluate("el => el.scrollTop") > 0
    inside = box.evaluate(
        """el => { const r = el.getBoundingClientRect();
                   return {left: r.left + el.clientLeft, top: r.top + el.clientTop, right: r.left + el.clientLeft + el.clientWidth}; }"""
    )
    header = page.locator("#side-by-side thead tr").evaluate("el => el.getBoundingClientRect().height")
    # Scrolled right and down, the facts' column is still at the left and the outlets' row on top.
    assert hit(page, inside["left"] + 4, inside["top"] + 4) == "head first"
    assert hit(page, inside["left"] + 4, inside["top"] + header + 20) == "body first"
    assert hit(page, inside["right"] - 20, inside["top"] + 4) == "head"
    first = page.locator("#side-by-side tbody th").first.evaluate("el => el.getBoundingClientRect().left")
    assert abs(first - inside["left"]) <= 1
    tab.screenshot(f"wide-story-scrolled-{width}.png", full_page=False)
    assert tab.errors == []


# --- the static report shares the templates ------------------------------------------------


def test_static_report_renders_the_same_story_template(server: str, seeded: Seeded) -> None:
    served = httpx.get(f"{server}/stories/{seeded.seed}").text
    report = StoryReport.model_validate(httpx.get(f"{server}/api/stories/{seeded.seed}").json())
    static = render(report, "html")

    def section(html: str, name: str) -> str:
        start = html.index(f'<section id="{name}">')
        return html[start : html.index("</section>", start)]

    for name in ("summary", "side-by-side", "coverage", "conflicts"):
        assert section(served, name) == section(static, name)
    assert "<style>" in static and "mark { background" in static
    assert 'href="/' not in static and "<style>" not in served
    assert f'href="/articles/{seeded.dm_article}"' in served


# --- the JSON API ----------------------------------------------------------------------------


def stories(server: str, **params: object) -> dict:
    response = httpx.get(f"{server}/api/stories", params=params)
    assert response.status_code == 200, response.text
    return response.json()


def ids(answer: dict) -> list[int]:
    return [story["id"] for story in answer["stories"]]


def test_api_lists_sorts_and_pages(list_server: str, seeded: Seeded) -> None:
    server = list_server
    assert ids(stories(server)) == [seeded.library, seeded.payload, seeded.seed]
    assert ids(stories(server, sort="size"))[0] == seeded.seed
    pages = [stories(server, per_page=2, page=n) for n in (1, 2, 3)]
    assert [ids(p) for p in pages] == [[seeded.library, seeded.payload], [seeded.seed], []]
    assert {(p["total"], p["pages"]) for p in pages} == {(3, 2)}
    seed = stories(server, outlet=GUARDIAN)["stories"][0]
    assert seed["articles"] == 2 and seed["outlets"] == [DAILY_MAIL, GUARDIAN]
    assert "kim jong un" in seed["entities"]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"q": "walruses"}, ["seed"]),
        ({"q": "walrus Putin"}, ["seed"]),
        ({"q": "walrus library"}, []),
        ({"q": "icebreakers"}, ["payload"]),
        ({"entity": "Kim Jong-un"}, ["seed"]),
        ({"entity": "Mr Putin’s"}, ["seed"]),
        ({"entity": "James Lewis"}, ["library"]),
        ({"outlet": GUARDIAN}, ["seed"]),
        ({"outlet": "nobody"}, []),
        ({"since": "2024-01-01"}, ["library", "payload"]),
        ({"since": "2024-01-01", "until": "2024-01-31"}, ["payload"]),
        ({"until": "2024-01-04"}, []),
        ({"since": "", "until": "", "q": ""}, ["library", "payload", "seed"]),
        ({"blindspot": "true"}, ["seed"]),
        ({"blindspot": "false"}, ["library", "payload", "seed"]),
    ],
)
def test_api_filters(list_server: str, seeded: Seeded, params: dict, expected: list[str]) -> None:
    assert ids(stories(list_server, **params)) == [getattr(seeded, name) for name in expected]


def test_a_story_and_its_article_read_alike_from_postgresql(server: str, postgres_server: str, seeded: Seeded) -> None:
    """The moved store carries no analysis; the read-only server makes it in memory, alike."""
    for path in (f"/api/stories/{seeded.seed}", f"/api/articles/{seeded.dm_article}", "/api/outlets"):
        from_sqlite, from_postgres = httpx.get(f"{server}{path}", timeout=60), httpx.get(f"{postgres_server}{path}", timeout=60)
        assert from_postgres.status_code == from_sqlite.status_code == 200, from_postgres.text
        assert from_postgres.json() == from_sqlite.json()


@pytest.mark.parametrize(
    "params",
    [
        {"page": 0},
        {"per_page": 101},
        {"sort": "oldest"},
        {"since": "yesterday"},
        {"page": 2**63 - 1},
        {"page": "99999999999999999999"},
        {"page": MAX_PAGE + 1},
        {"until": "9999-12-31"},
    ],
)
def test_api_refuses_bad_filters(server: str, params: dict) -> None:
    assert httpx.get(f"{server}/api/stories", params=params).status_code == 422
    page = httpx.get(f"{server}/", params=params)
    assert page.status_code == 422 and "text/html" in page.headers["content-type"]


def test_the_last_page_and_day_there_are_still_answer(server: str) -> None:
    assert stories(server, page=MAX_PAGE, per_page=MAX_PER_PAGE)["stories"] == []
    assert ids(stories(server, until="9999-12-30")) == ids(stories(server, until="2100-01-01"))
    assert stories(server, since="9999-12-31")["total"] == 0


def test_api_story_is_the_story_report(server: str, seeded: Seeded) -> None:
    response = httpx.get(f"{server}/api/stories/{seeded.seed}")
    assert response.status_code == 200 and response.headers["content-type"] == "application/json"
    report = StoryReport.model_validate(response.json())
    assert report.story.id == seeded.seed and report.story.outlets == [DAILY_MAIL, GUARDIAN]
    assert any(span.text == "Tubby dictator" for span in report.spans)


def test_api_article_carries_its_story_and_spans(server: str, seeded: Seeded) -> None:
    detail = httpx.get(f"{server}/api/articles/{seeded.dm_article}").json()
    assert detail["story_id"] == seeded.seed
    assert "Tubby dictator" in {span["text"] for span in detail["spans"]}


@pytest.mark.parametrize(
    "path",
    [
        "/api/stories/9999",
        "/api/articles/nope",
        "/stories/9999",
        "/articles/nope",
        "/nowhere",
        f"/api/stories/{2**63 - 1}",
        "/api/stories/99999999999999999999999",
        "/api/stories/-99999999999999999999999",
        "/stories/99999999999999999999999",
        "/outlets/Nobody",
        "/api/outlets/Nobody",
    ],
)
def test_unknown_ids_are_404(server: str, path: str) -> None:
    response = httpx.get(server + path)
    assert response.status_code == 404
    if path.startswith("/api/"):
        assert "detail" in response.json()
    else:
        assert "<h1>404</h1>" in response.text


def test_a_store_that_fails_under_the_server_is_a_503_with_one_line_and_served_again_once_back(
    seeded: Seeded, tmp_path: Path
) -> None:
    """The file replaced while serving (a restore gone wrong): each request says what is wrong
    with the store, as the CLI does, instead of a 500; once the file is back, pages are served."""
    db = tmp_path / "copy.db"
    shutil.copy(seeded.db, db)
    good = db.read_bytes()
    for url in running(ServerConfig(db_path=db, settings=Settings())):
        db.write_bytes(b"this is not a database" * 100)
        page, api = httpx.get(url + "/"), httpx.get(url + "/api/stories")
        assert (page.status_code, api.status_code) == (503, 503)
        assert str(db) in api.json()["detail"] and "\n" not in api.json()["detail"]
        assert "<h1>503</h1>" in page.text and "Traceback" not in page.text
        db.write_bytes(good)
        assert httpx.get(url + "/").status_code == 200


@pytest.mark.parametrize("path", ["/", "/stories/{seed}", "/articles/{article}", "/static/storylens.css"])
def test_head_answers_as_get_does_without_a_body(server: str, seeded: Seeded, path: str) -> None:
    path = path.format(seed=seeded.seed, article=seeded.dm_article)
    got = httpx.get(server + path)
    host, port = server.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=10)
    try:
        connection.request("HEAD", path)
        head = connection.getresponse()
        assert head.read() == b""
        # The same connection reads a whole answer next only if HEAD's sent no body.
        connection.request("GET", path)
        after = connection.getresponse()
        assert after.status == 200 and after.read() == got.content
    finally:
        connection.close()
    assert head.status == got.status_code == 200
    assert head.getheader("content-type") == got.headers["content-type"]
    assert head.getheader("content-length") == str(len(got.content))
    assert head.getheader("content-security-policy") == CONTENT_SECURITY_POLICY


def test_openapi_documents_the_api(server: str) -> None:
    schema = httpx.get(f"{server}/openapi.json").json()
    assert {"/api/stories", "/api/stories/{story_id}", "/api/articles/{article_id}", "/api/ingest", "/api/outlets", "/api/outlets/{name}"} <= set(
        schema["paths"]
    )
    outlet = schema["paths"]["/api/outlets/{name}"]["get"]["responses"]["200"]["content"]["application/json"]
    assert outlet["schema"]["$ref"].endswith("/OutletRecord")
    assert not [path for path in schema["paths"] if not path.startswith("/api/")]
    story = schema["paths"]["/api/stories/{story_id}"]["get"]["responses"]["200"]["content"]["application/json"]
    assert story["schema"]["$ref"].endswith("/StoryReport")
    assert "multipart/form-data" in schema["paths"]["/api/ingest"]["post"]["requestBody"]["content"]
    assert httpx.get(f"{server}/docs").status_code == 404, "the Swagger page would load scripts from a CDN"


# --- security ------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/", "/stories/1", "/api/stories", "/static/storylens.css", "/nowhere", "/openapi.json"])
def test_every_response_carries_the_security_headers(server: str, path: str) -> None:
    headers = httpx.get(server + path).headers
    assert headers["content-security-policy"] == CONTENT_SECURITY_POLICY
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "same-origin"
    assert "server" not in headers


def test_stylesheet_is_served_from_the_fixed_table(server: str) -> None:
    response = httpx.get(f"{server}/static/storylens.css")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/css")
    assert "mark { background" in response.text


@pytest.mark.parametrize(
    "path",
    [
        "/static/../../etc/passwd",
        "/static/..%2F..%2Fetc%2Fpasswd",
        "/static/%2e%2e/%2e%2e/etc/passwd",
        "/static//etc/passwd",
        "/static/storylens.css/../../../../etc/passwd",
        "/static/html.py",
    ],
)
def test_no_request_path_reaches_the_file_system(server: str, path: str) -> None:
    host, port = server.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=10)
    connection.request("GET", path)  # sent exactly as written: httpx would resolve the dots first
    response = connection.getresponse()
    body = response.read()
    connection.close()
    assert response.status == 404
    assert b"root:" not in body


def test_a_foreign_host_name_is_refused(server: str) -> None:
    """A DNS-rebinding page would reach 127.0.0.1 under its own name."""
    response = httpx.get(f"{server}/api/stories", headers={"host": "evil.example"})
    assert response.status_code == 400
    assert response.headers["content-security-policy"] == CONTENT_SECURITY_POLICY


# --- uploads -------------------------------------------------------------------------------


def upload(server: str, name: str = "floods.txt", data: bytes = UPLOAD, **headers: str) -> httpx.Response:
    return httpx.post(f"{server}/api/ingest", files={"file": (name, data)}, headers=headers, timeout=60)


def test_ingest_is_off_unless_allowed(server: str) -> None:
    assert upload(server).status_code == 403
    page = httpx.post(f"{server}/upload", files={"file": ("floods.txt", UPLOAD)})
    assert page.status_code == 403 and "--allow-ingest" in page.text
    assert stories(server)["total"] == 3


def test_ingest_adds_analyses_and_clusters_an_upload(ingest_server: str) -> None:
    first = upload(ingest_server, name="../../etc/evil.TXT")
    assert first.status_code == 200, first.text
    answer = first.json()
    assert len(answer["added"]) == 1 and answer["known"] == [] and answer["problems"] == []
    (story_id,) = answer["stories"]
    again = upload(ingest_server, name="../../etc/evil.TXT").json()
    assert again["added"] == [] and again["known"] == answer["added"]
    assert story_id in ids(stories(ingest_server, q="floods"))
    report = httpx.get(f"{ingest_server}/api/stories/{story_id}").json()
    assert report["articles"][0]["title"] == "Porto Alegre floods cut off half of the city"
    page = httpx.get(f"{ingest_server}/")
    assert 'action="/upload"' in page.text


def test_ingest_reports_unreadable_records(ingest_server: str) -> None:
    answer = upload(ingest_server, name="broken.jsonl", data=b'{"title": "no text"}\n{not json\n').json()
    assert answer["added"] == []
    assert [p["source"] for p in answer["problems"]] == ["broken.jsonl#1", "broken.jsonl#2"]


@pytest.mark.parametrize(
    ("filename", "stem"),
    [
        ("Daily Planet.txt", "Daily Planet"),
        ("../../etc/evil.TXT", "evil"),
        ("C:\\Users\\me\\Herald.html", "Herald"),
        ("/tmp/feed.warc.gz", "feed.warc"),
        ("Le Monde diplomatique.json", "Le Monde diplomatique"),
        ("a\x00b\u202e\u200b\tc\n.txt", "ab c"),
        ("  spaced \u3000  out .txt", "spaced out"),
        ("x" * 300 + ".txt", "x" * 100),
        ("../..", "upload"),
        ("\x01\x02.txt", "upload"),
        ("", "upload"),
        (None, "upload"),
    ],
)
def test_the_outlet_guessed_for_an_upload_is_its_name_cleaned(filename: str | None, stem: str) -> None:
    assert upload_stem(filename) == stem


def test_an_upload_that_names_no_outlet_is_named_after_its_file(ingest_server: str) -> None:
    data = UPLOAD.replace(b"84,000", b"85,500")
    answer = upload(ingest_server, name="../drafts/Daily  Planet.txt", data=data).json()
    (article,) = answer["added"]
    outlet = httpx.get(f"{ingest_server}/api/articles/{article}").json()["article"]["outlet"]
    assert outlet == {"name": "Daily Planet", "domain": None, "guessed": True, "country": None, "kind": None}


def test_the_outlet_field_names_an_uploads_outlet(ingest_server: str) -> None:
    data = UPLOAD.replace(b"84,000", b"86,200")
    response = httpx.post(
        f"{ingest_server}/api/ingest", files={"file": ("Daily Planet.txt", data)}, data={"outlet": " Harbour Times "}, timeout=60
    )
    (article,) = response.json()["added"]
    outlet = httpx.get(f"{ingest_server}/api/articles/{article}").json()["article"]["outlet"]
    assert outlet == {"name": "Harbour Times", "domain": None, "guessed": False, "country": None, "kind": None}


def test_the_upload_form_states_the_size_limit(ingest_server: str) -> None:
    assert "at most 64 KB" in httpx.get(f"{ingest_server}/").text
    assert size_text(MAX_UPLOAD_BYTES) == "10 MB"
    assert (size_text(1536), size_text(1000)) == ("1.5 KB", "1000 bytes")


def test_ingest_refuses_unknown_file_types(ingest_server: str) -> None:
    response = upload(ingest_server, name="article.exe")
    assert response.status_code == 415 and ".txt" in response.json()["detail"]
    assert upload(ingest_server, name="no-suffix").status_code == 415


def test_oversize_uploads_are_413(ingest_server: str) -> None:
    big = b"x" * (64 * 1024 + 1)
    assert upload(ingest_server, name="big.txt", data=big).status_code == 413

    def chunks() -> Iterator[bytes]:
        yield b'--b\r\ncontent-disposition: form-data; name="file"; filename="big.txt"\r\n\r\n'
        for _ in range(80):
            yield b"x" * 1024

    streamed = httpx.post(f"{ingest_server}/api/ingest", content=chunks(), headers={"content-type": "multipart/form-data; boundary=b"})
    assert streamed.status_code == 413
    assert MAX_UPLOAD_BYTES == 10 * 1024 * 1024


def test_uploads_from_another_site_are_refused(ingest_server: str) -> None:
    assert upload(ingest_server, origin="http://evil.example").status_code == 403
    assert upload(ingest_server, "floods.txt", UPLOAD, **{"sec-fetch-site": "cross-site"}).status_code == 403


def test_upload_form_answers_with_a_page(ingest_server: str, tab: Tab) -> None:
    page = tab.page
    page.goto(ingest_server + "/")
    page.set_input_files("input[name=file]", files=[{"name": "floods.txt", "mimeType": "text/plain", "buffer": UPLOAD}])
    page.get_by_role("button", name="Upload").click()
    expect(page.locator("h1")).to_have_text("Upload")
    expect(page.locator("main, body")).to_contain_text("already stored")
    assert tab.errors == []


# --- the command -----------------------------------------------------------------------------


def test_serve_refuses_a_missing_store(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["serve", "--db", str(tmp_path / "none.db")])
    assert result.exit_code == 3
    assert "no such store" in result.output


def test_serve_command_serves_on_loopback(seeded: Seeded) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = [str(Path(sys.executable).with_name("storylens")), "serve", "--db", str(seeded.db), "--port", str(port)]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        deadline = time.monotonic() + 40
        while True:
            assert process.poll() is None, process.stdout.read() if process.stdout else ""
            assert time.monotonic() < deadline, "storylens serve did not answer"
            try:
                response = httpx.get(f"http://127.0.0.1:{port}/api/stories", timeout=2)
                break
            except httpx.TransportError:
                time.sleep(0.2)
        assert response.json()["total"] == 3
        assert httpx.post(f"http://127.0.0.1:{port}/api/ingest", files={"file": ("a.txt", UPLOAD)}).status_code == 403
    finally:
        process.terminate()
        output = process.communicate(timeout=20)[0]
    assert f"on http://127.0.0.1:{port}/" in output


def test_the_story_page_draws_its_coverage_by_lean_and_the_list_filters_blindspots(tab: Tab, server: str, seeded: Seeded) -> None:
    """Both seed outlets were given the lean 'right': one bar, and the seed story is a blindspot."""
    page = tab.page
    page.goto(f"{server}/stories/{seeded.seed}")
    assert page.locator("figure.lean rect").count() == 1
    assert "right 2" in page.locator("figure.lean figcaption").inner_text()
    page.goto(server + "/")
    page.check("input[name=blindspot]")
    page.click("button[type=submit]")
    assert "blindspot=true" in page.url
    assert page.locator("tbody tr").count() == 1 and page.locator(f"a[href='/stories/{seeded.seed}']").count() >= 1
    assert tab.errors == []


# --- outlets -------------------------------------------------------------------------------


def test_the_outlet_list_and_profile_answer_as_the_cli_does(server: str, seeded: Seeded) -> None:
    listed = httpx.get(f"{server}/api/outlets").json()
    cli_listed = CliRunner().invoke(main, ["outlets", "--json", "--db", str(seeded.db)])
    assert listed == json.loads(cli_listed.stdout)
    assert {row["name"]: row["lean"] for row in listed}[DAILY_MAIL] == "right"
    profile = httpx.get(f"{server}/api/outlets/{DAILY_MAIL}").json()
    assert profile["outlet"]["name"] == DAILY_MAIL and [line["story_id"] for line in profile["stories"]] == [seeded.seed]
    assert profile["loaded_per_1000_words"] > 0 and profile["most_loaded"]
    assert any(example["neutral"] == "leader" for example in profile["most_loaded"]), "brutal dictator → leader"
    for page in ("/", f"/articles/{seeded.dm_article}"):
        assert f'href="/outlets/{DAILY_MAIL}"' in httpx.get(server + page).text, f"{page} links the outlet to its page"


def test_an_outlet_named_with_markup_is_shown_as_text(server: str) -> None:
    response = httpx.get(f"{server}/outlets/{quote(PAYLOAD_OUTLET, safe='')}")
    assert response.status_code == 200
    assert "&lt;b&gt;Payload Outlet&lt;/b&gt;" in response.text and PAYLOAD_OUTLET not in response.text


def test_the_outlet_page_charts_its_kinds_and_links_its_stories(tab: Tab, server: str, seeded: Seeded) -> None:
    page = tab.page
    page.goto(f"{server}/stories/{seeded.seed}")
    page.locator("header").get_by_role("link", name=DAILY_MAIL).click()
    page.wait_for_url(f"{server}/outlets/{DAILY_MAIL}")
    profile = httpx.get(f"{server}/api/outlets/{DAILY_MAIL}").json()
    bars = page.locator("table.kinds tbody tr")
    expect(bars).to_have_count(len(profile["by_kind"]))
    widths = [float(w) for w in page.locator("table.kinds rect.own").evaluate_all("rects => rects.map(r => r.getAttribute('width'))")]
    quoted = [float(w) for w in page.locator("table.kinds rect.quoted").evaluate_all("rects => rects.map(r => r.getAttribute('width'))")]
    top = max(k["own"] + k["quoted"] for k in profile["by_kind"])
    assert widths == pytest.approx([100 * k["own"] / top for k in profile["by_kind"]], abs=0.01)
    assert quoted == pytest.approx([100 * k["quoted"] / top for k in profile["by_kind"]], abs=0.01)
    expect(page.locator("#most-loaded li", has_text="brutal dictator")).to_contain_text("→ leader")
    for width in (NARROW, WIDE):
        page.set_viewport_size({"width": width, "height": 844})
        tab.screenshot(f"outlet-{width}.png")
    page.locator("#stories").get_by_role("link").first.click()
    page.wait_for_url(f"{server}/stories/{seeded.seed}")
    assert tab.errors == []


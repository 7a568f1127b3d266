"""`storylens watch` against a real HTTP server on 127.0.0.1: feeds and pages made here, every
request counted by the server, the real pipeline and models behind the command."""

from __future__ import annotations

import gzip
import itertools
import sqlite3
import threading
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from storylens.config import Settings
from storylens.ingest.fetch import Fetcher, FetchError
from storylens.pipeline import watch
from storylens.store import SCHEMA_VERSION, Store
from tests.test_cli import storylens

FAST = ("--setting", "host_delay", "0.01", "--setting", "fetch_timeout", "1")


@dataclass
class Route:
    body: bytes
    status: int = 200
    content_type: str = "text/html; charset=utf-8"
    encoding: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    delay: float = 0.0
    location: str | None = None
    retry_after: str | None = None


@dataclass
class Site:
    """What the server serves, by path, and what it was asked: hits per path, and each request's
    path, arrival time and conditional headers."""

    routes: dict[str, Route] = field(default_factory=dict)
    hits: Counter[str] = field(default_factory=Counter)
    requests: list[tuple[str, float, str | None, str | None, str | None]] = field(default_factory=list)
    base: str = ""
    folder: Path = Path()

    def url(self, path: str) -> str:
        return self.base + path


def _handler(site: Site) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            site.hits[self.path] += 1
            site.requests.append(
                (self.path, time.monotonic(), self.headers.get("If-None-Match"), self.headers.get("If-Modified-Since"), self.headers.get("User-Agent"))
            )
            route = site.routes.get(self.path)
            if route is None:
                self.send_error(404)
                return
            if route.delay:
                time.sleep(route.delay)
            if route.etag and self.headers.get("If-None-Match") == route.etag:
                self.send_response(304)
                self.end_headers()
                return
            self.send_response(route.status)
            self.send_header("Content-Type", route.content_type)
            self.send_header("Content-Length", str(len(route.body)))
            if route.etag:
                self.send_header("ETag", route.etag)
            if route.last_modified:
                self.send_header("Last-Modified", route.last_modified)
            if route.encoding:
                self.send_header("Content-Encoding", route.encoding)
            if route.location:
                self.send_header("Location", route.location)
            if route.retry_after:
                self.send_header("Retry-After", route.retry_after)
            self.end_headers()
            try:
                self.wfile.write(route.body)
            except (BrokenPipeError, ConnectionResetError):  # the client gave up (a timeout test)
                pass

        def log_message(self, *args: object) -> None:
            return

    return Handler


@pytest.fixture
def site(tmp_path: Path) -> Iterator[Site]:
    site = Site(folder=tmp_path)
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(site))
    site.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield site
    server.shutdown()
    server.server_close()


# Articles: two outlets report one storm, a third item another event.

STORM = [
    "A powerful storm closed every port on the northern coast on Monday, stranding {n} ships and their crews.",
    "Harbour officials said winds reached 140 kilometres per hour overnight and waves of eight metres broke over the sea walls.",
    "The coast guard rescued eleven fishermen whose trawler lost power near the harbour entrance before dawn.",
    "Ferry services to the islands were cancelled until Wednesday, and the national weather office kept its red warning in place.",
    "Port authorities expect to reopen the main terminals once the storm moves east, but warned that clearing debris could take days.",
]
ELECTION = [
    "Voters in the mountain province elected a new governor on Sunday after a campaign dominated by road building and school funding.",
    "The winner, a former mayor of the provincial capital, took 54 percent of the vote against two rivals, the electoral commission said.",
    "Turnout reached 61 percent, the highest in two decades, as queues formed outside polling stations in the larger towns.",
    "The new governor promised to finish the long-delayed highway through the valley and to hire three hundred teachers within a year.",
    "Her opponents conceded defeat late on Sunday night and called for calm while the final count was checked.",
]


def page(title: str, paragraphs: list[str], site_name: str, published: str | None = "2026-11-30T09:15:00Z") -> bytes:
    meta = f'<meta property="article:published_time" content="{published}">' if published else ""
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f'<!doctype html><html><head><title>{title}</title><meta property="og:site_name" content="{site_name}">{meta}</head>'
        f'<body><nav><a href="/">Home</a> <a href="/world">World</a></nav><article><h1>{title}</h1>{body}</article>'
        f"<footer>Copyright {site_name}</footer></body></html>"
    ).encode()


def rss(title: str, items: list[tuple[str, str, str]]) -> bytes:
    """An RSS 2.0 feed of (title, link, description) items."""
    entries = "".join(
        f"<item><title>{t}</title><link>{link}</link><guid>{link}</guid><description>{d}</description>"
        "<pubDate>Mon, 30 Nov 2026 09:00:00 GMT</pubDate></item>"
        for t, link, d in items
    )
    return f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>{title}</title>{entries}</channel></rss>'.encode()


def atom(title: str, items: list[tuple[str, str, str]]) -> bytes:
    entries = "".join(
        f'<entry><title>{t}</title><link href="{link}"/><id>{link}</id><updated>2026-11-30T10:00:00Z</updated><summary>{d}</summary></entry>'
        for t, link, d in items
    )
    return (
        f'<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>{title}</title>'
        f"<id>urn:{title}</id><updated>2026-11-30T10:00:00Z</updated>{entries}</feed>"
    ).encode()


def feed_route(body: bytes, etag: str | None = None, modified: str | None = None) -> Route:
    return Route(body, content_type="application/rss+xml; charset=utf-8", etag=etag, last_modified=modified)


def serve_storm(site: Site) -> Path:
    """Two outlets' feeds (RSS and Atom) with one storm article each; returns a FEEDS.txt."""
    site.routes["/gazette/storm"] = Route(page("Storm closes northern ports", [p.format(n=40) for p in STORM], "Harbour Gazette"))
    site.routes["/courier/storm"] = Route(page("Ports shut as storm batters coast", [p.format(n=42) for p in STORM], "Coast Courier"))
    site.routes["/gazette/rss.xml"] = feed_route(
        rss("Harbour Gazette", [("Storm closes northern ports", site.url("/gazette/storm"), "Ports shut.")]),
        etag='"g1"',
        modified="Mon, 30 Nov 2026 09:00:00 GMT",
    )
    site.routes["/courier/atom.xml"] = Route(
        atom("Coast Courier", [("Ports shut as storm batters coast", site.url("/courier/storm"), "Storm.")]),
        content_type="application/atom+xml",
        etag='"c1"',
    )
    return feeds_file(site, "/gazette/rss.xml", "/courier/atom.xml")


def feeds_file(site: Site, *paths: str) -> Path:
    """A FEEDS.txt listing these paths of the site, with a comment and a blank line."""
    target = site.folder / "feeds.txt"
    target.write_text("\n".join(["# feeds for the test", "", *(site.url(p) for p in paths)]) + "\n")
    return target


def pages_hit(site: Site) -> Counter[str]:
    return Counter({path: n for path, n in site.hits.items() if not path.endswith((".xml", "robots.txt"))})


# --- the main path -------------------------------------------------------------------------------


def test_once_stores_and_clusters_then_a_second_poll_picks_up_only_the_new_item(site: Site, store_target: str) -> None:
    feeds = serve_storm(site)
    db = store_target
    first = storylens("watch", feeds, "--once", "--db", db, *FAST)
    assert first.code == 0, first.stderr
    assert "round 1: 2 feed(s) polled, 2 new item(s), 2 page(s) fetched, 2 article(s) stored" in first.stderr
    assert "2 new article(s)" in first.stdout
    with Store(db) as store:
        (story,) = store.stories()
        assert sorted(story.outlets) == ["Coast Courier", "Harbour Gazette"]
        gazette = next(a for a in store.articles(story.article_ids) if a.outlet.name == "Harbour Gazette")
        assert gazette.url == site.url("/gazette/storm")
        assert gazette.published == datetime(2026, 11, 30, 9, 15, tzinfo=UTC)

    # The gazette's feed gains an item; the courier's answers 304 to its ETag.
    site.routes["/gazette/election"] = Route(page("Former mayor wins governor race", ELECTION, "Harbour Gazette"))
    site.routes["/gazette/rss.xml"] = feed_route(
        rss(
            "Harbour Gazette",
            [
                ("Former mayor wins governor race", site.url("/gazette/election"), "A new governor."),
                ("Storm closes northern ports", site.url("/gazette/storm"), "Ports shut."),
            ],
        ),
        etag='"g2"',
    )
    second = storylens("watch", feeds, "--once", "--db", db, *FAST)
    assert second.code == 0, second.stderr
    assert "round 1: 2 feed(s) polled (1 not modified), 1 new item(s), 1 page(s) fetched, 1 article(s) stored" in second.stderr
    assert pages_hit(site) == {"/gazette/storm": 1, "/courier/storm": 1, "/gazette/election": 1}
    conditional = {path: (etag, since) for path, _, etag, since, _ in site.requests[len(site.requests) - 4 :] if path.endswith(".xml")}
    assert conditional["/gazette/rss.xml"] == ('"g1"', "Mon, 30 Nov 2026 09:00:00 GMT")
    assert conditional["/courier/atom.xml"] == ('"c1"', None)
    assert all(agent and agent.startswith("storylens/") for *_, agent in site.requests)
    with Store(db) as store:
        assert store.count_articles() == 3
        assert len(store.stories()) == 2

    # A third poll: both feeds unchanged; nothing is fetched but the feeds.
    third = storylens("watch", feeds, "--once", "--db", db, *FAST)
    assert "2 feed(s) polled (2 not modified), 0 new item(s), 0 page(s) fetched" in third.stderr
    assert pages_hit(site) == {"/gazette/storm": 1, "/courier/storm": 1, "/gazette/election": 1}


def test_failing_feeds_are_named_and_retried_without_stopping_the_others(site: Site, store_target: str) -> None:
    serve_storm(site)
    site.routes["/slow.xml"] = feed_route(rss("Slow", []), etag=None)
    site.routes["/slow.xml"].delay = 1.5
    site.routes["/broken.xml"] = Route(b"Internal error", status=500, content_type="text/plain")
    site.routes["/garbled.xml"] = feed_route(b"this is not xml <<< >>> at all")
    feeds = feeds_file(site, "/slow.xml", "/broken.xml", "/gazette/rss.xml", "/garbled.xml")
    db = store_target
    run = storylens("watch", feeds, "--once", "--db", db, *FAST)
    assert run.code == 0, run.stderr
    lines = run.stderr.splitlines()
    assert f"watch: {site.url('/slow.xml')}: timed out after 1 s (failed 1 time(s) in a row; tried again on a later poll)" in lines
    assert f"watch: {site.url('/broken.xml')}: HTTP 500 Internal Server Error (failed 1 time(s) in a row; tried again on a later poll)" in lines
    assert any(line.startswith(f"watch: {site.url('/garbled.xml')}: malformed feed: ") for line in lines), lines
    assert "round 1: 1 feed(s) polled (3 failed), 1 new item(s), 1 page(s) fetched, 1 article(s) stored" in run.stderr
    assert "Traceback" not in run.output
    with Store(db) as store:
        assert store.count_articles() == 1
        assert store.feed_states([site.url("/broken.xml")])[site.url("/broken.xml")].failures == 1

    # Fixed: each feed now serves an item of its own, and the next poll stores them.
    site.routes["/slow.xml"] = feed_route(rss("Coast Courier", [("Ports shut as storm batters coast", site.url("/courier/storm"), "x")]))
    site.routes["/broken.xml"] = feed_route(rss("Gazette", [("Former mayor wins governor race", site.url("/gazette/election"), "x")]))
    site.routes["/gazette/election"] = Route(page("Former mayor wins governor race", ELECTION, "Harbour Gazette"))
    site.routes["/garbled.xml"] = feed_route(rss("Empty", []))
    again = storylens("watch", feeds, "--once", "--db", db, *FAST)
    assert again.code == 0, again.stderr
    assert "round 1: 4 feed(s) polled (1 not modified), 2 new item(s), 2 page(s) fetched, 2 article(s) stored" in again.stderr
    with Store(db) as store:
        assert store.count_articles() == 3
        states = store.feed_states([site.url("/broken.xml")])
        assert states[site.url("/broken.xml")].failures == 0


def test_when_every_feed_fails_the_exit_status_is_1(site: Site, tmp_path: Path) -> None:
    site.routes["/broken.xml"] = Route(b"down", status=503, content_type="text/plain")
    run = storylens("watch", feeds_file(site, "/broken.xml", "/missing.xml"), "--once", "--db", tmp_path / "w.db", *FAST)
    assert run.code == 1
    assert f"watch: {site.url('/missing.xml')}: HTTP 404 Not Found" in run.stderr
    assert "0 of 2 feed(s) failed" not in run.stdout and "2 of 2 feed(s) failed" in run.stdout


def test_robots_txt_disallowing_a_page_keeps_it_unfetched(site: Site, tmp_path: Path) -> None:
    serve_storm(site)
    site.routes["/robots.txt"] = Route(b"User-agent: *\nDisallow: /courier/\n", content_type="text/plain")
    feeds = feeds_file(site, "/gazette/rss.xml", "/courier/atom.xml")
    run = storylens("watch", feeds, "--once", "--db", tmp_path / "w.db", *FAST)
    assert run.code == 0, run.stderr
    assert site.hits["/courier/storm"] == 0 and site.hits["/courier/atom.xml"] == 0
    assert f"watch: {site.url('/courier/atom.xml')}: robots.txt disallows it" in run.stderr
    assert site.hits["/robots.txt"] == 1  # asked once for the host, kept for the run
    assert site.hits["/gazette/storm"] == 1


def test_a_disallowed_page_is_stored_from_a_long_enough_feed_text_and_said_so(site: Site, tmp_path: Path) -> None:
    site.routes["/robots.txt"] = Route(b"User-agent: storylens\nDisallow: /paywall/\n", content_type="text/plain")
    long_text = " ".join(ELECTION)
    site.routes["/news.xml"] = feed_route(
        rss("Valley Times", [("Former mayor wins governor race", site.url("/paywall/election"), f"<p>{long_text}</p>"),
                             ("Short teaser only", site.url("/paywall/teaser"), "Read more.")])
    )
    db = tmp_path / "w.db"
    run = storylens("watch", feeds_file(site, "/news.xml"), "--once", "--db", db, *FAST)
    assert run.code == 0, run.stderr
    assert f"watch: {site.url('/paywall/election')}: robots.txt disallows it; stored from the feed's own text" in run.stderr
    assert f"watch: {site.url('/paywall/teaser')}: robots.txt disallows it; skipped" in run.stderr
    assert pages_hit(site) == {}
    with Store(db) as store:
        assert store.count_articles() == 1


def test_a_page_that_fails_is_retried_a_bounded_number_of_times(site: Site, tmp_path: Path) -> None:
    site.routes["/news.xml"] = feed_route(rss("Valley Times", [("Teaser", site.url("/flaky"), "Short.")]))
    site.routes["/flaky"] = Route(b"oops", status=502, content_type="text/plain")
    db = tmp_path / "w.db"
    feeds = feeds_file(site, "/news.xml")
    settings = (*FAST, "--setting", "item_attempts", "2")
    first = storylens("watch", feeds, "--once", "--db", db, *settings)
    assert f"watch: {site.url('/flaky')}: HTTP 502 Bad Gateway; tried again on the next poll (attempt 1 of 2)" in first.stderr
    second = storylens("watch", feeds, "--once", "--db", db, *settings)
    assert f"watch: {site.url('/flaky')}: HTTP 502 Bad Gateway; given up after 2 attempt(s)" in second.stderr
    storylens("watch", feeds, "--once", "--db", db, *settings)
    assert site.hits["/flaky"] == 2


def test_two_requests_to_one_host_are_the_delay_apart(site: Site, tmp_path: Path) -> None:
    serve_storm(site)
    run = storylens("watch", feeds_file(site, "/gazette/rss.xml", "/courier/atom.xml"), "--once", "--db", tmp_path / "w.db",
                    "--setting", "host_delay", "0.2")
    assert run.code == 0, run.stderr
    times = [moment for _, moment, *_ in site.requests]
    assert len(times) == 5  # robots.txt, two feeds, two pages
    # The server notes a request on arrival, a moment after the client sent it; 10 ms of slack.
    assert min(b - a for a, b in itertools.pairwise(times)) >= 0.19


def test_a_crawl_delay_in_robots_txt_spaces_the_requests_to_its_host(site: Site, tmp_path: Path) -> None:
    serve_storm(site)
    site.routes["/robots.txt"] = Route(b"User-agent: *\nCrawl-delay: 1\n", content_type="text/plain")
    run = storylens("watch", feeds_file(site, "/gazette/rss.xml", "/courier/atom.xml"), "--once", "--db", tmp_path / "w.db", *FAST)
    assert run.code == 0, run.stderr
    times = [moment for _, moment, *_ in site.requests]
    assert len(times) == 5 and min(b - a for a, b in itertools.pairwise(times)) >= 0.99, "robots.txt, two feeds, two pages"


def test_a_busy_feed_is_left_alone_as_long_as_its_retry_after_asks(site: Site, tmp_path: Path) -> None:
    serve_storm(site)
    site.routes["/busy.xml"] = Route(b"busy", status=503, content_type="text/plain", retry_after="3600")
    settings = Settings().updated(host_delay=0.0, feed_backoff=1.0)
    lines: list[str] = []
    with Store(tmp_path / "w.db") as store:
        done = watch(
            store,
            [site.url("/busy.xml"), site.url("/gazette/rss.xml")],
            settings,
            every=60.0,
            say=lines.append,
            on_round=lambda _: None,
            rounds=2,
            sleep=lambda _: None,
        )
        state = store.feed_states([site.url("/busy.xml")])[site.url("/busy.xml")]
    assert "HTTP 503 Service Unavailable, asked to wait 3600 s" in lines[0]
    assert state.next_try is not None and (state.next_try - datetime.now(UTC)).total_seconds() > 3500
    assert site.hits["/busy.xml"] == 1 and done[1].waiting == 1, "not asked again within its Retry-After"


def test_every_polls_in_rounds_and_a_failed_feed_waits_its_backoff(site: Site, tmp_path: Path) -> None:
    serve_storm(site)
    site.routes["/broken.xml"] = Route(b"down", status=500, content_type="text/plain")
    settings = Settings().updated(host_delay=0.0, feed_backoff=3600.0)
    lines: list[str] = []
    rounds: list[str] = []
    with Store(tmp_path / "w.db") as store:
        done = watch(
            store,
            [site.url("/broken.xml"), site.url("/gazette/rss.xml")],
            settings,
            every=60.0,
            say=lines.append,
            on_round=lambda r: rounds.append(r.line()),
            rounds=2,
            sleep=lambda seconds: None,
        )
    assert [r.polled for r in done] == [1, 1] and site.hits["/broken.xml"] == 1
    assert rounds[1].startswith("round 2: 1 feed(s) polled (1 not modified), 1 waiting to retry, 0 new item(s)")


# --- limits of the HTTP client ---------------------------------------------------------------------


def test_responses_over_the_size_cap_and_redirect_loops_are_refused(site: Site) -> None:
    site.routes["/big"] = Route(b"x" * 5000)
    site.routes["/loop"] = Route(b"", status=302, location="/loop")
    site.routes["/moved"] = Route(b"", status=301, location="/big")
    fetcher = Fetcher(Settings().updated(host_delay=0.0, max_response_bytes=1000, max_redirects=2).watch)
    with pytest.raises(FetchError, match="response too large"):
        fetcher.get(site.url("/moved"))
    with pytest.raises(FetchError, match=r"too many redirects \(more than 2\)"):
        fetcher.get(site.url("/loop"))
    assert site.hits["/loop"] == 3
    with pytest.raises(FetchError, match="not an http"):
        fetcher.get("file:///etc/passwd")


def test_a_compression_bomb_stops_at_the_size_cap(site: Site) -> None:
    site.routes["/bomb"] = Route(gzip.compress(b"\0" * 50_000_000), encoding="gzip")
    site.routes["/small"] = Route(gzip.compress(b"<p>fine</p>"), encoding="gzip")
    fetcher = Fetcher(Settings().updated(host_delay=0.0, max_response_bytes=1_000_000).watch)
    with pytest.raises(FetchError, match="response too large: over 1,000,000 bytes"):
        fetcher.get(site.url("/bomb"))
    assert fetcher.get(site.url("/small")).body == b"<p>fine</p>"


@pytest.mark.parametrize(
    ("content_type", "problem"),
    [
        ("text/html; charset=utf-8", "malformed feed: text/html; charset=utf-8 is not an XML media type"),
        ("application/xml", "not an RSS or Atom feed (no <rss>, <feed> or RDF root element)"),
    ],
)
def test_a_feed_address_answering_with_a_web_page_is_a_failed_feed(site: Site, tmp_path: Path, content_type: str, problem: str) -> None:
    site.routes["/moved.xml"] = Route(b"<html><body><p>We moved our feeds.</p></body></html>", content_type=content_type)
    run = storylens("watch", feeds_file(site, "/moved.xml"), "--once", "--db", tmp_path / "w.db", *FAST)
    assert f"watch: {site.url('/moved.xml')}: {problem} (failed 1 time(s)" in run.stderr
    assert run.code == 1


def test_stopped_mid_watch_it_keeps_what_it_stored_and_fetches_nothing_twice_after(site: Site, tmp_path: Path) -> None:
    """Ctrl-C between rounds (here raised by the pause) loses nothing; the next run goes on."""
    serve_storm(site)
    feeds = [site.url("/gazette/rss.xml"), site.url("/courier/atom.xml")]
    settings = Settings().updated(host_delay=0.0)

    def interrupted(seconds: float) -> None:
        raise KeyboardInterrupt

    with Store(tmp_path / "w.db") as store, pytest.raises(KeyboardInterrupt):
        watch(store, feeds, settings, every=60.0, say=print, on_round=lambda r: None, sleep=interrupted)
    with Store(tmp_path / "w.db") as store:
        assert store.count_articles() == 2 and len(store.stories()) == 1
        (again,) = watch(store, feeds, settings, every=None, say=print, on_round=lambda r: None)
    assert again.new_items == 0 and pages_hit(site) == {"/gazette/storm": 1, "/courier/storm": 1}


# --- bad input -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lines", "every", "message"),
    [
        (["http://127.0.0.1:9/a.xml", "ftp://example.com/feed"], "15m", "line 2: not an http(s) URL: 'ftp://example.com/feed'"),
        (["# only a comment"], "15m", "no feed URL in it"),
        (["http://127.0.0.1:9/a.xml"], "soon", "--every 'soon' is not an interval such as 30s, 15m, 1h or 1d"),
        (["http://127.0.0.1:9/a.xml"], "0s", "--every '0s' is too short"),
    ],
)
def test_a_bad_feed_list_or_interval_is_one_line_and_exit_2_with_nothing_stored(tmp_path: Path, lines: list[str], every: str, message: str) -> None:
    feeds = tmp_path / "feeds.txt"
    feeds.write_text("\n".join(lines) + "\n")
    run = storylens("watch", feeds, "--every", every, "--db", tmp_path / "w.db")
    assert run.code == 2
    assert message in run.stderr and len(run.stderr.strip().splitlines()) == 1, run.stderr
    assert not (tmp_path / "w.db").exists()


def test_a_missing_feed_list_is_one_line_and_exit_2(tmp_path: Path) -> None:
    run = storylens("watch", tmp_path / "nope.txt", "--once", "--db", tmp_path / "w.db")
    assert run.code == 2 and "nope.txt: no such file or directory" in run.stderr
    assert not (tmp_path / "w.db").exists()


def test_once_and_every_together_are_refused(tmp_path: Path) -> None:
    feeds = tmp_path / "feeds.txt"
    feeds.write_text("http://127.0.0.1:9/a.xml\n")
    run = storylens("watch", feeds, "--once", "--every", "1h", "--db", tmp_path / "w.db")
    assert run.code == 2 and "not both" in run.stderr


# --- the store -----------------------------------------------------------------------------------


def test_a_schema_8_store_gains_the_watch_tables_and_the_kept_reports(tmp_path: Path) -> None:
    from tests.test_lifecycle import old_store

    article = old_store(tmp_path / "old.db", 8)
    with Store(tmp_path / "old.db") as store:
        assert store.schema_version() == SCHEMA_VERSION == 10
        assert store.article(article.id).title == article.title
        assert store.stored_report(1, "any key") is None
        assert store.feed_states(["http://example.com/feed"]) == {}
        moment = datetime(2026, 12, 1, tzinfo=UTC)
        failed = store.feed_failed("http://example.com/feed", "HTTP 500", moment, 60.0)
        again = store.feed_failed("http://example.com/feed", "HTTP 500", moment, 60.0)
        assert (failed.failures, again.failures) == (1, 2)
        assert again.next_try is not None and (again.next_try - moment).total_seconds() == 120
    tables = {row[0] for row in sqlite3.connect(tmp_path / "old.db").execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"feeds", "feed_items", "story_reports"} <= tables

"""The story page's timeline in Chromium: the quake story of tests/test_timeline.py served by the
real server, read at a phone's width and a laptop's. The server, browser and tab come from
tests/test_web.py; screenshots go where its screenshots go (test-artifacts/)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import expect

from storylens.config import Settings
from storylens.store import Store
from storylens.web import ServerConfig

from . import test_web as web
from .conftest import run_pipeline
from .test_timeline import QUAKE
from .test_web import ARTIFACTS, NARROW, WIDE, Tab, page_overflow, running

browser = web.browser
tab = web.tab
"""test_web's fixtures, offered to this module's tests under their own names."""


@pytest.fixture(scope="module")
def quake_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, int]]:
    db: Path = tmp_path_factory.mktemp("web-timeline") / "quake.db"
    with Store(db) as store:
        (story,) = run_pipeline(store, QUAKE)
    for url in running(ServerConfig(db_path=db, settings=Settings())):
        yield url, story


def test_the_story_page_shows_the_articles_in_time_order_and_the_toll_as_an_update(tab: Tab, quake_server: tuple[str, int]) -> None:
    url, story = quake_server
    page = tab.page
    page.goto(f"{url}/stories/{story}")
    items = page.locator("#timeline ol.timeline > li")
    expect(items).to_have_count(5)
    assert [item.locator(".when").inner_text() for item in items.all()] == [
        "2024-03-05 09:10 UTC",
        "2024-03-05 13:00 UTC",
        "2024-03-05 18:40 UTC",
        "2024-03-05 18:40 UTC",
        "undated",
    ]
    expect(items.first).to_contain_text("Lima Wire")
    expect(items.first.locator("ul.firsts")).to_contain_text("killed 12 people")
    expect(items.last).to_have_class("undated")
    expect(items.last).to_contain_text("Sierra Radio")
    update = page.locator("#timeline li.figure-update")
    expect(update).to_have_count(1)
    expect(update).to_contain_text("12 people (Lima Wire, 2024-03-05 09:10 UTC) → 14 people (Peru Post, 2024-03-05 13:00 UTC) → 15 people")
    expect(page.locator("#timeline li.figure-conflict")).to_contain_text("40 people")
    expect(page.locator("#conflicts")).not_to_contain_text("12 people")
    expect(page.locator("#conflicts")).to_contain_text("1 figure changed over time")
    expect(page.locator("#summary")).to_contain_text("15 people (up from 12 in earlier reports)")
    assert tab.errors == [], "the page broke its own Content-Security-Policy"


@pytest.mark.parametrize("width", [NARROW, WIDE])
def test_the_timeline_reads_without_sideways_scrolling(tab: Tab, quake_server: tuple[str, int], width: int) -> None:
    url, story = quake_server
    page = tab.page
    page.set_viewport_size({"width": width, "height": 844})
    page.goto(f"{url}/stories/{story}#timeline")
    timeline = page.locator("#timeline")
    expect(timeline).to_be_visible()
    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / f"timeline-{width}.png"
    timeline.screenshot(path=str(shot))
    assert shot.stat().st_size > 0
    tab.screenshot(f"timeline-story-{width}.png")
    assert page_overflow(page) <= 0
    assert timeline.evaluate("el => el.scrollWidth - el.clientWidth") <= 0
    right = timeline.evaluate("el => Math.max(...[...el.querySelectorAll('*')].map(e => e.getBoundingClientRect().right))")
    assert right <= width, "a line of the timeline reaches past the window"
    assert tab.errors == []

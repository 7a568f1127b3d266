"""Issue #16: a page's publication time of day, a page nested too deeply to parse, and feed items
with no text (or only an unexpanded entity reference): each read fully, or named in one line."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from storylens.ingest.inputs import read_inputs
from storylens.model import Article, Problem

PARAGRAPHS = [
    "Storm Agnes forced the closure of three ports on the west coast on Monday, stranding ferries and lorries.",
    "The coastguard said winds had reached 80 miles an hour at the harbour mouth shortly after dawn.",
    "Port officials said they expected to reopen on Tuesday morning once engineers had inspected the walls.",
    "Hauliers warned that deliveries of fresh food to island communities would be delayed by two days.",
    "The Met Office kept an amber warning in place until midnight, urging drivers to avoid coastal routes.",
]
BODY = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
CANONICAL = '<link rel="canonical" href="https://www.harbour.example/news/2024/03/12/storm-closes-ports">'
"""News pages put the day in the URL, and trafilatura's date search takes the URL's date first."""


def page(head: str = "", before_body: str = "") -> str:
    return (
        f"<!DOCTYPE html><html><head><title>Storm closes ports</title>{CANONICAL}{head}</head><body>"
        f"<article><h1>Storm closes ports</h1>{before_body}{BODY}</article></body></html>"
    )


def read(*paths: Path) -> tuple[list[Article], list[Problem]]:
    found = list(read_inputs(list(paths)))
    return [a for a in found if isinstance(a, Article)], [p for p in found if isinstance(p, Problem)]


def published(tmp_path: Path, html: str) -> datetime | None:
    path = tmp_path / "story.html"
    path.write_text(html, encoding="utf-8")
    (article,), problems = read(path)
    assert not problems
    return article.published


# 1. The time of day of a page's publication


JSON_LD = (
    '<script type="application/ld+json">{"@context": "https://schema.org", "@graph": ['
    '{"@type": "WebSite", "name": "Harbour News"},'
    '{"@type": ["NewsArticle"], "headline": "Storm closes ports", "datePublished": "%s"}]}</script>'
)

TIMES = {
    "article:published_time, Z and no seconds": (
        '<meta property="article:published_time" content="2024-03-12T14:05Z">',
        "",
        datetime(2024, 3, 12, 14, 5, tzinfo=UTC),
    ),
    "article:published_time with an offset": (
        '<meta property="article:published_time" content="2024-03-12T14:05:30+01:00">',
        "",
        datetime(2024, 3, 12, 13, 5, 30, tzinfo=UTC),
    ),
    "article:published_time without a zone is UTC": (
        '<meta property="article:published_time" content="2024-03-12T14:05:00">',
        "",
        datetime(2024, 3, 12, 14, 5, tzinfo=UTC),
    ),
    "RFC 2822 in a pubdate meta": (
        '<meta name="pubdate" content="Tue, 12 Mar 2024 14:05:00 GMT">',
        "",
        datetime(2024, 3, 12, 14, 5, tzinfo=UTC),
    ),
    "datePublished in JSON-LD": (JSON_LD % "2024-03-12T09:05:00-05:00", "", datetime(2024, 3, 12, 14, 5, tzinfo=UTC)),
    "datePublished in microdata": (
        "",
        '<time itemprop="datePublished" datetime="2024-03-12T16:05+02:00">12 March</time>',
        datetime(2024, 3, 12, 14, 5, tzinfo=UTC),
    ),
    "a time element on the page's day": (
        "",
        '<p class="byline">By Ann Reporter, <time datetime="2024-03-12T14:05:00Z">12 March 2024</time></p>',
        datetime(2024, 3, 12, 14, 5, tzinfo=UTC),
    ),
}


@pytest.mark.parametrize("form", TIMES)
def test_html_publication_keeps_its_time_of_day_and_zone(tmp_path: Path, form: str) -> None:
    head, before_body, expected = TIMES[form]
    moment = published(tmp_path, page(head, before_body))
    assert moment == expected
    assert moment is not None and moment.tzinfo is not None


def test_the_articles_own_json_ld_date_is_taken_before_the_sites(tmp_path: Path) -> None:
    ld = (
        '<script type="application/ld+json">[{"@type": "WebPage", "datePublished": "2020-01-01T08:00:00Z"},'
        '{"@type": "NewsArticle", "datePublished": "2024-03-12T14:05:00Z"}]</script>'
    )
    assert published(tmp_path, page(ld)) == datetime(2024, 3, 12, 14, 5, tzinfo=UTC)


def test_a_page_with_only_a_day_keeps_the_day_and_implausible_times_are_passed_over(tmp_path: Path) -> None:
    assert published(tmp_path, page('<meta property="article:published_time" content="2024-03-12">')) == datetime(2024, 3, 12, tzinfo=UTC)
    # A time on another day than the page's is a clock or a related story's, not the article's.
    other_day = page("", '<time datetime="2024-03-15T09:00:00Z">Friday</time>')
    assert published(tmp_path, other_day) == datetime(2024, 3, 12, tzinfo=UTC)
    future = (datetime.now(UTC) + timedelta(days=400)).isoformat()
    odd = page(
        f'<meta property="article:published_time" content="{future}">'
        '<meta property="article:published_time" content="0001-01-01T00:30:00+05:00">'
        '<meta property="article:published_time" content="2024-03-12T14:05:00+01:00">'
    )
    assert published(tmp_path, odd) == datetime(2024, 3, 12, 13, 5, tzinfo=UTC)


def test_json_ld_nested_past_the_json_parsers_stack_is_passed_over(tmp_path: Path) -> None:
    deep = '<script type="application/ld+json">' + "[" * 100_000 + "]" * 100_000 + "</script>"
    assert published(tmp_path, page(deep)) == datetime(2024, 3, 12, tzinfo=UTC)


# 2. A page nested deeper than the HTML parser goes


@pytest.mark.parametrize("levels", [300, 200_000])
def test_html_nested_too_deeply_is_named_as_such_in_one_line(tmp_path: Path, levels: int) -> None:
    path = tmp_path / "deep.html"
    path.write_text(page(before_body="<div>" * levels) + "</div>" * levels, encoding="utf-8")
    started = time.perf_counter()
    articles, problems = read(path)
    assert time.perf_counter() - started < 10
    assert articles == []
    assert [p.source for p in problems] == [str(path)]
    assert problems[0].reason.startswith("HTML nested too deeply (over ")
    assert problems[0].reason.endswith(" levels) to read")
    assert "\n" not in problems[0].reason


def test_html_nested_deeply_but_within_the_parsers_reach_is_read(tmp_path: Path) -> None:
    path = tmp_path / "nested.html"
    path.write_text(page(before_body="<div>" * 120) + "</div>" * 120, encoding="utf-8")
    (article,), problems = read(path)
    assert not problems and len(article.body) == len(PARAGRAPHS)


# 3. Feed items with no text, or only an unexpanded entity reference


LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE rss [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<rss version="2.0"><channel><title>Laughs Daily</title>
<item><title>&lol9;</title><description>&lol9;</description></item>
<item><title>Harbour reopens after the storm</title>
<description>Ships left the harbour on Tuesday morning after two days in port.</description></item>
<item><title>Laughs in the text</title><description>&lol9;</description></item>
<item><title>Nothing to read</title><link>https://www.laughs.example/empty</link></item>
</channel></rss>
"""


def test_feed_items_that_are_only_an_entity_or_have_no_text_are_each_named_not_stored(tmp_path: Path) -> None:
    path = tmp_path / "laughs.rss"
    path.write_text(LAUGHS, encoding="utf-8")
    articles, problems = read(path)
    assert [(a.source, a.title) for a in articles] == [(f"{path}#2", "Harbour reopens after the storm")]
    assert [p.source for p in problems] == [f"{path}#1", f"{path}#3", f"{path}#4"]
    first, entity_text, empty = (p.reason for p in problems)
    assert first.startswith("item has no title: only an unexpanded entity reference (&lol9;)")
    assert entity_text.startswith('item "Laughs in the text" has no text: only an unexpanded entity reference (&lol9')
    assert empty == 'item "Nothing to read" has no text (no content or summary)'
    assert not any("\n" in reason for reason in (first, entity_text, empty))


def test_feed_item_keeps_its_real_text_beside_an_entity_reference(tmp_path: Path) -> None:
    path = tmp_path / "mixed.rss"
    path.write_text(
        LAUGHS.split("<item>")[0] + "<item><title>Harbour reopens &lol9;</title><description>"
        "&lt;p&gt;Ships left the harbour on Tuesday.&lt;/p&gt;&lt;p&gt;&amp;lol9;&lt;/p&gt;"
        "</description></item></channel></rss>",
        encoding="utf-8",
    )
    (article,), problems = read(path)
    assert not problems
    assert article.body == ["Ships left the harbour on Tuesday."]


def test_feed_item_whose_content_is_only_markup_falls_back_to_its_summary(tmp_path: Path) -> None:
    path = tmp_path / "pictures.rss"
    path.write_text(
        '<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">'
        "<channel><title>Gazette</title><item><title>Harbour reopens</title>"
        "<description>Ships left the harbour on Tuesday morning.</description>"
        '<content:encoded><![CDATA[<figure><img src="ships.jpg"></figure>]]></content:encoded></item>'
        "</channel></rss>",
        encoding="utf-8",
    )
    (article,), problems = read(path)
    assert not problems
    assert article.body == ["Ships left the harbour on Tuesday morning."]


def test_feed_whose_items_all_lack_a_title_and_text_is_one_line_counting_them(tmp_path: Path) -> None:
    path = tmp_path / "hollow.rss"
    path.write_text('<rss version="2.0"><channel><title>T</title><item></item><item> </item></channel></rss>', encoding="utf-8")
    articles, problems = read(path)
    assert articles == []
    assert [(p.source, p.reason) for p in problems] == [(str(path), "feed has 2 item(s), none with a title or text")]

"""The ingest stage on the seed articles, on each input format, and on every kind of bad input."""

from __future__ import annotations

import json
import time
import tracemalloc
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from storylens.ingest.clean import clean_body
from storylens.ingest.inputs import read_inputs
from storylens.model import Article, Problem, article_id
from tests.conftest import SEED, SEED_DAILY_MAIL, SEED_GUARDIAN

GOOD_TEXT = (
    "Storm closes ports\n\nShips stayed in harbour on Monday.\n\n"
    "The coastguard said the ports would reopen on Tuesday.\n"
)

HTML_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Kim Jong Un heads home after Russia visit | The Daily Courier</title>
<meta property="og:site_name" content="The Daily Courier">
<meta property="og:title" content="Kim Jong Un heads home after Russia visit">
<meta property="og:url" content="https://www.dailycourier.example/world/kim-heads-home">
<meta property="article:published_time" content="2023-09-17T14:30:00+09:00">
<meta name="author" content="Jane Reporter">
</head>
<body>
<header><nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a></nav></header>
<main>
<article>
<h1>Kim Jong Un heads home after Russia visit</h1>
<p>North Korean leader Kim Jong Un left Russia on Sunday after a six-day visit that raised fears of an arms deal
between the two countries.</p>
<p>Kim boarded his armoured train in the Primorye region after a farewell ceremony at a railway station, Russian
state news agency RIA said.</p>
<p>During the trip he met President Vladimir Putin at the Vostochny cosmodrome and toured military and technology
sites in the Far East.</p>
<p>Advertisement</p>
<p>On Sunday he visited a university on Russky Island and watched a walrus show at the Primorsky Aquarium, the
largest in Russia.</p>
<p>US and South Korean officials have said Pyongyang could supply munitions for the war in Ukraine in exchange for
advanced weapons technology.</p>
<p>Both governments have denied any plan to break United Nations sanctions, and the Kremlin said no agreement had
been signed during the visit.</p>
<p>Analysts say the visit signals a closer partnership that could complicate efforts by Washington and Seoul to
isolate the North. – Reuters</p>
</article>
</main>
<footer><p>Share this article</p><p>© 2023 The Daily Courier. All rights reserved.</p></footer>
</body>
</html>
"""

HTML_WITHOUT_ARTICLE = """<!DOCTYPE html><html><head><title>The Daily Courier - Home</title>
<meta property="og:site_name" content="The Daily Courier"></head>
<body><header><nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li></ul></nav></header>
<div class="cookie">We use cookies. <button>Accept</button></div>
<ul class="headlines"><li><a href="/a">Kim heads home</a></li><li><a href="/b">Markets rally</a></li></ul>
<footer>© 2023 The Daily Courier</footer></body></html>
"""

RSS_FEED = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
     xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel>
<title>Northern Gazette</title>
<link>https://www.northerngazette.example/</link>
<description>World news</description>
<item>
<title>Kim Jong Un leaves Russia after six-day visit</title>
<link>https://www.northerngazette.example/world/kim-leaves-russia</link>
<description>The North Korean leader ends a trip that alarmed the West.</description>
<pubDate>Sun, 17 Sep 2023 10:15:00 +0300</pubDate>
<dc:creator>Sam Writer</dc:creator>
<content:encoded><![CDATA[<p>North Korean leader Kim Jong Un left Russia on Sunday by armoured train.</p>
<figure><img src="k.jpg"><figcaption>Kim waves from his train. Photograph: KCNA/AP</figcaption></figure>
<p>He had met President Vladimir Putin at the Vostochny cosmodrome on Wednesday.</p>
<p>READ MORE: Putin and Kim hold summit</p>
<p>Western officials fear an arms deal between the two countries.</p>]]></content:encoded>
</item>
<item>
<title>Markets steady as oil prices ease</title>
<link>https://www.northerngazette.example/business/markets</link>
<description>&lt;p&gt;Stock markets held steady on Monday as oil prices eased.&lt;/p&gt;&lt;p&gt;Traders are
waiting for central bank decisions this week.&lt;/p&gt;</description>
<pubDate>Mon, 18 Sep 2023 08:00:00 GMT</pubDate>
</item>
</channel>
</rss>
"""

ATOM_FEED = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
<id>urn:uuid:60a76c80-d399-11d9-b93c-0003939e0af6</id>
<updated>2023-09-17T12:00:00Z</updated>
<entry>
<title>Kim visits aquarium in Vladivostok</title>
<link href="https://www.eastwire.example/news/kim-aquarium"/>
<id>urn:uuid:1225c695-cfb8-4ebb-aaaa-80da344efa6a</id>
<published>2023-09-17T09:30:00+10:00</published>
<updated>2023-09-17T11:00:00+10:00</updated>
<content type="html">&lt;p&gt;Kim Jong Un watched a walrus show at the Primorsky Aquarium on Sunday.&lt;/p&gt;
&lt;p&gt;He also visited a university on Russky Island, state media said.&lt;/p&gt;</content>
</entry>
</feed>
"""


def read(*paths: str | Path, outlet: str | None = None) -> tuple[list[Article], list[Problem]]:
    """Articles and Problems of one read_inputs call, each in order."""
    found = list(read_inputs(list(paths), outlet=outlet))
    return [a for a in found if isinstance(a, Article)], [p for p in found if isinstance(p, Problem)]


def only_article(*paths: str | Path, outlet: str | None = None) -> Article:
    articles, problems = read(*paths, outlet=outlet)
    assert not problems
    assert len(articles) == 1
    return articles[0]


def write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


# The seed pair


def test_seed_000_headline_standfirst_and_bullet() -> None:
    article = only_article(SEED_DAILY_MAIL)
    assert article.title == "Kim Jong Un watches walrus perform during Russian aquarium trip"
    first, bullet = article.standfirst.split("\n")
    assert "Tubby dictator" in first
    assert bullet == "Kim Jong Un expressed his ‘heartfelt thanks’ to fellow despot Vladimir Putin"
    assert article.outlet.name == "000_4044de4b10530389"
    assert article.outlet.guessed
    assert article.source == str(SEED_DAILY_MAIL)
    assert article.published is None


def test_seed_000_captions_are_kept_apart() -> None:
    article = only_article(SEED_DAILY_MAIL)
    assert len(article.captions) == 14
    assert (
        "North Korea leader Kim Jong Un visits the Far Eastern Federal University in Russky Island, Vladivostok, Sunday"
        in article.captions
    )
    assert (
        "Putin and Kim look to the skies at the space centre in the far eastern Amur region in Russia on Wednesday"
        in article.captions
    )
    assert any(p.startswith("Before departing from Vladivostok, the Pacific port city") for p in article.body)
    assert article.body[0].startswith("North Korea’s Kim Jong Un has made his way home after nearly a week")
    assert article.body[-1] == "But the Kremlin has said no agreement has or will be signed."
    assert all(p.endswith((".", "’")) for p in article.body)


def test_seed_002_caption_stored_once_without_its_credit() -> None:
    article = only_article(SEED_GUARDIAN)
    assert article.title == "North Korea’s Kim Jong-un heads home after Russia visit"
    assert article.standfirst.startswith("Kim’s six-day trip and meeting with Vladimir Putin")
    assert article.captions == [
        "North Korean leader Kim Jong-un (R) shakes hands with Russian defence minister Sergei Shoigu."
    ]
    assert article.body[-1].endswith("in what Pyongyang called a “fresh heyday” for bilateral relations.")
    assert len(article.body) == 11


@pytest.mark.parametrize("seed", [SEED_DAILY_MAIL, SEED_GUARDIAN], ids=["000", "002"])
def test_seed_body_has_no_caption_or_boilerplate(seed: Path) -> None:
    article = only_article(seed)
    for paragraph in article.body:
        for unwanted in ("Photograph:", "READ MORE", "Source: Read Full Article", "(pictured", "Agencies"):
            assert unwanted not in paragraph
        assert "\xa0" not in paragraph and "  " not in paragraph and paragraph == paragraph.strip()


def test_ids_are_stable_across_reads() -> None:
    first, _ = read(SEED)
    second, _ = read(SEED)
    assert [a.id for a in first] == [a.id for a in second]
    assert len({a.id for a in first}) == 2
    assert first[0].id == article_id(first[0].outlet.name, first[0].title, first[0].body)


def test_outlet_argument_overrides_everything(tmp_path: Path) -> None:
    guessed = only_article(SEED_GUARDIAN)
    given = only_article(SEED_GUARDIAN, outlet="The Guardian")
    assert given.outlet.name == "The Guardian" and not given.outlet.guessed
    assert given.id != guessed.id
    html = write(tmp_path / "page.html", HTML_PAGE)
    assert only_article(html, outlet="Courier Online").outlet.name == "Courier Online"


# Formats


def test_html_page(tmp_path: Path) -> None:
    article = only_article(write(tmp_path / "kim.html", HTML_PAGE))
    assert article.title == "Kim Jong Un heads home after Russia visit"
    assert article.outlet.name == "The Daily Courier"
    assert article.outlet.domain == "dailycourier.example"
    assert article.url == "https://www.dailycourier.example/world/kim-heads-home"
    assert article.published == datetime(2023, 9, 17, 5, 30, tzinfo=UTC)
    assert article.byline == "Jane Reporter"
    assert len(article.body) == 7
    assert article.body[0].startswith("North Korean leader Kim Jong Un left Russia on Sunday")
    assert article.body[-1].endswith("isolate the North.")
    assert not any("Advertisement" in p or "Share this" in p or p == "Home" for p in article.body)


def test_html_title_loses_the_site_name(tmp_path: Path) -> None:
    page = HTML_PAGE.replace('<meta property="og:title" content="Kim Jong Un heads home after Russia visit">', "")
    page = page.replace("<h1>Kim Jong Un heads home after Russia visit</h1>", "")
    assert only_article(write(tmp_path / "kim.html", page)).title == "Kim Jong Un heads home after Russia visit"


def test_jsonl_with_a_truncated_line(tmp_path: Path) -> None:
    good = {"title": "Kim leaves Russia", "text": "Kim left on Sunday.\n\nHe met Putin.", "outlet": "Wire One",
            "published": "2023-09-17T10:00:00"}
    from_url = {"title": "Kim visits aquarium", "body": "Kim watched a walrus show.",
                "url": "https://www.theguardian.com/world/kim", "date": "Sun, 17 Sep 2023 08:00:00 +0100"}
    lines = [json.dumps(good), '{"title": "Cut off", "text": "The line ends he', "", json.dumps(from_url)]
    path = write(tmp_path / "wire.jsonl", "\n".join(lines) + "\n")
    articles, problems = read(path)
    assert [p.source for p in problems] == [f"{path}#2"]
    assert problems[0].reason.startswith("truncated or invalid JSON: ")
    assert [a.source for a in articles] == [f"{path}#1", f"{path}#4"]
    first, second = articles
    assert first.outlet.name == "Wire One"
    assert first.body == ["Kim left on Sunday.", "He met Putin."]
    assert first.published == datetime(2023, 9, 17, 10, tzinfo=UTC)
    assert (second.outlet.name, second.outlet.domain, second.outlet.kind) == ("The Guardian", "theguardian.com", "broadsheet")
    assert second.published == datetime(2023, 9, 17, 7, tzinfo=UTC)


def test_jsonl_lines_in_other_encodings_are_detected_and_garbage_spoils_only_its_line(tmp_path: Path) -> None:
    first = {"title": "Kim leaves Russia", "text": "Kim left on Sunday.\u2028He waved."}
    latin1 = {"title": "Café opens in São Paulo", "text": "The café on Avenida Paulista opened on Tuesday."}
    cp1252 = {"title": "Ministers’ “deal” agreed", "text": "Prices in Zürich rose by 5€ — a record."}
    last = {"title": "Kim visits aquarium", "text": "Kim watched a walrus show."}
    lines = [
        b"\xef\xbb\xbf" + json.dumps(first, ensure_ascii=False).encode(),
        json.dumps(latin1, ensure_ascii=False).encode("latin-1"),
        json.dumps(cp1252, ensure_ascii=False).encode("cp1252"),
        bytes(range(128, 256)) * 3,
        json.dumps(last).encode(),
    ]
    path = write(tmp_path / "wire.ndjson", b"\n".join(lines))
    articles, problems = read(path)
    assert [(p.source, p.reason) for p in problems] == [
        (f"{path}#4", "undecodable bytes: no known text encoding fits")
    ]
    assert [a.source for a in articles] == [f"{path}#{n}" for n in (1, 2, 3, 5)]
    assert articles[0].body == ["Kim left on Sunday.", "He waved."]
    assert articles[1].title == latin1["title"] and articles[1].body == [latin1["text"]]
    assert articles[2].title == cp1252["title"] and articles[2].body == [cp1252["text"]]


def test_large_jsonl_is_read_line_by_line(tmp_path: Path) -> None:
    """50 MB of records, each carrying the page's raw HTML as scraper exports do: reading them must
    not hold the file, so memory stays flat and far below the file's size."""
    paragraph = "Officials said on Monday that ships would stay in port until the storm had passed. "
    path = tmp_path / "big.jsonl"
    with path.open("w", encoding="utf-8") as out:
        records = 0
        while out.tell() < 50_000_000:
            records += 1
            text = "\n".join([paragraph] * 6)
            html = "<p>" + paragraph * 500 + "</p>"
            out.write(json.dumps({"title": f"Storm closes port {records}", "text": text, "html": html}) + "\n")
    started = time.perf_counter()
    tracemalloc.start()
    try:
        found = sum(1 for item in read_inputs([path]) if isinstance(item, Article))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert found == records
    assert peak < 20_000_000
    assert time.perf_counter() - started < 20


def test_json_list_names_missing_fields(tmp_path: Path) -> None:
    records = [
        {"title": "Ports reopen", "text": "Ships left harbour on Tuesday.", "source": {"name": "Harbour News"}},
        {"text": "No headline here."},
        {"title": "No text here"},
    ]
    path = write(tmp_path / "export.json", json.dumps(records))
    articles, problems = read(path)
    assert [(a.source, a.outlet.name) for a in articles] == [(f"{path}#1", "Harbour News")]
    assert [(p.source, p.reason) for p in problems] == [
        (f"{path}#2", "missing field: title"),
        (f"{path}#3", "missing field: text (or body)"),
    ]


def test_rss_feed(tmp_path: Path) -> None:
    path = write(tmp_path / "gazette.rss", RSS_FEED)
    articles, problems = read(path)
    assert not problems
    kim, markets = articles
    assert kim.source == f"{path}#1" and markets.source == f"{path}#2"
    assert (kim.outlet.name, kim.outlet.domain) == ("Northern Gazette", "northerngazette.example")
    assert kim.url == "https://www.northerngazette.example/world/kim-leaves-russia"
    assert kim.published == datetime(2023, 9, 17, 7, 15, tzinfo=UTC)
    assert kim.byline == "Sam Writer"
    assert kim.standfirst == "The North Korean leader ends a trip that alarmed the West."
    assert kim.body == [
        "North Korean leader Kim Jong Un left Russia on Sunday by armoured train.",
        "He had met President Vladimir Putin at the Vostochny cosmodrome on Wednesday.",
        "Western officials fear an arms deal between the two countries.",
    ]
    assert kim.captions == ["Kim waves from his train."]
    assert markets.body == [
        "Stock markets held steady on Monday as oil prices eased.",
        "Traders are waiting for central bank decisions this week.",
    ]


def test_atom_feed_without_title_takes_outlet_from_link(tmp_path: Path) -> None:
    article = only_article(write(tmp_path / "east.atom", ATOM_FEED))
    assert article.title == "Kim visits aquarium in Vladivostok"
    assert (article.outlet.name, article.outlet.guessed) == ("eastwire.example", False)
    assert article.published == datetime(2023, 9, 17, 9, 30, tzinfo=timezone(timedelta(hours=10)))
    assert article.published.tzinfo is not None
    assert len(article.body) == 2


def test_latin1_text_decodes(tmp_path: Path) -> None:
    text = "Café in São Paulo\n\nCrowds gathered at the café.\n\nThe mayor of São Paulo spoke later.\n"
    article = only_article(write(tmp_path / "cafe.txt", text.encode("latin-1")))
    assert article.title == "Café in São Paulo"
    assert article.body == ["The mayor of São Paulo spoke later."]


def test_utf8_bom_and_glued_source_line(tmp_path: Path) -> None:
    text = "\ufeffHeadline here\n\nStandfirst here\n\nThe body ends here.Source: Read Full Article"
    article = only_article(write(tmp_path / "glued.txt", text))
    assert article.title == "Headline here"
    assert article.body == ["The body ends here."]


def test_boilerplate_and_caption_rules() -> None:
    body, captions = clean_body([
        "Officials met on Monday.",
        "Advertisement",
        "The mayor (pictured) spoke first.",
        "The mayor (left) greets Crowds outside the town hall on Monday evening",
        "Photo: City Hall",
        "Talks will go on.",
        "– Reuters",
    ])
    assert body == ["Officials met on Monday.", "The mayor (pictured) spoke first.", "Talks will go on."]
    assert captions == ["The mayor (left) greets Crowds outside the town hall on Monday evening"]


def test_a_syndication_note_is_no_body_text() -> None:
    """Yahoo's and WordPress's notes on where a text first ran: the first had opened a NeuS
    source's body, and the summary, with "Who is Marie Yovanovitch? originally appeared on ..."."""
    body, _ = clean_body([
        "Who is Marie Yovanovitch? originally appeared on abcnews.go.com Her friends all know her as \"Masha.\"",
        "She was the U.S. ambassador to Ukraine.",
        "This article originally appeared on The Conversation.",
        "The post Who is Marie Yovanovitch? appeared first on Example News.",
    ])  # fmt: skip
    assert body == ["Her friends all know her as \"Masha.\"", "She was the U.S. ambassador to Ukraine."]


def test_a_page_date_stamp_is_no_body_text_and_dates_an_undated_article(tmp_path: Path) -> None:
    """ECB+ pages open on "Published: 09th June 2013" or "Monday 10 Jun 2013 10:45 am": two outlets'
    stamps had made a fact of their own and a date conflict between its two "values"."""
    records = [
        {"title": "Trial date set", "text": "Published at 12:45, Wednesday, 12 June 2013\n\nA man will stand trial in July."},
        {"title": "Trial date set", "text": "Posted: May 24, 2005\n\nA man will stand trial.", "published": "2005-05-25"},
        {"title": "Trial set", "text": "Last updated Thu Jun 13, 2013 | 10:45 am PDT\n\nA man will stand trial.\n\nMay 24, 2005 was the day."},
        {"title": "Trial set for July", "text": "17 September 2013-21:29\n\nA man will stand trial."},
    ]
    path = write(tmp_path / "pages.jsonl", "\n".join(map(json.dumps, records)) + "\n")
    articles, _ = read(path)
    assert [a.body for a in articles] == [
        ["A man will stand trial in July."],
        ["A man will stand trial."],
        ["A man will stand trial.", "May 24, 2005 was the day."],
        ["A man will stand trial."],
    ]
    assert [a.published for a in articles] == [
        datetime(2013, 6, 12, tzinfo=UTC), datetime(2005, 5, 25, tzinfo=UTC), None, datetime(2013, 9, 17, tzinfo=UTC)
    ]


def test_unpunctuated_text_keeps_its_lines_as_body() -> None:
    lines = ["Ships stayed in the harbour all day long", "The coastguard expects calmer seas by tomorrow"]
    assert clean_body(lines) == (lines, [])


# Bad input: one Problem naming the file, and the good file beside it still read


BAD_INPUTS: dict[str, tuple[str, bytes | str]] = {
    "empty file": ("empty.txt", b""),
    "whitespace only": ("blank.txt", " \n\t\n"),
    "binary file": ("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00"),
    "control characters": ("controls.txt", bytes(range(1, 9)) * 20),
    "undecodable bytes": ("mojibake.txt", bytes(range(128, 256)) * 3),
    "invalid JSON": ("broken.json", '{"title": "Cut", "text": "off'),
    "HTML without an article": ("index.html", HTML_WITHOUT_ARTICLE),
    "malformed feed": ("broken.rss", "<rss><channel><item><title>Cut</title"),
    "feed without entries": ("empty.xml", '<rss version="2.0"><channel><title>T</title></channel></rss>'),
    "headline only": ("headline.txt", "Just a headline\n"),
    "empty JSON Lines": ("empty.jsonl", b"\n \n"),
    "binary JSON Lines": ("image.jsonl", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00"),
    "UTF-16 JSON Lines": ("wide.jsonl", '{"title": "T", "text": "B"}\n'.encode("utf-16")),
}

REASONS = {
    "empty file": "empty file",
    "whitespace only": "empty file",
    "binary file": "binary file, not text",
    "control characters": "binary file, not text",
    "undecodable bytes": "undecodable bytes",
    "invalid JSON": "invalid JSON",
    "HTML without an article": "no article text found in HTML",
    "malformed feed": "malformed feed",
    "feed without entries": "feed has no entries",
    "headline only": "no article body found",
    "empty JSON Lines": "empty file",
    "binary JSON Lines": "binary file, not text",
    "UTF-16 JSON Lines": "undecodable bytes",
}


@pytest.mark.parametrize("kind", BAD_INPUTS)
def test_bad_input_gives_one_problem(tmp_path: Path, kind: str) -> None:
    name, content = BAD_INPUTS[kind]
    bad = write(tmp_path / name, content)
    good = write(tmp_path / "good.txt", GOOD_TEXT)
    articles, problems = read(bad, good)
    assert [p.source for p in problems] == [str(bad)]
    assert problems[0].reason.startswith(REASONS[kind])
    assert [a.source for a in articles] == [str(good)]


def test_missing_path_and_unknown_suffix(tmp_path: Path) -> None:
    good = write(tmp_path / "good.txt", GOOD_TEXT)
    notes = write(tmp_path / "notes.pdf", "not an article")
    articles, problems = read(tmp_path / "nowhere.txt", notes, good)
    assert [(p.source, p.reason) for p in problems] == [
        (str(tmp_path / "nowhere.txt"), "no such file or directory"),
        (str(notes), "unsupported file type '.pdf'"),
    ]
    assert len(articles) == 1


# Folders


def test_folder_walk_is_sorted_recursive_reads_each_folder_once_and_names_a_loop(tmp_path: Path) -> None:
    root = tmp_path / "inbox"
    write(root / "b.txt", GOOD_TEXT)
    write(root / "a" / "z.txt", GOOD_TEXT.replace("Monday", "Friday"))
    write(root / "a" / "notes.pdf", "skipped silently")
    write(root / ".hidden.txt", GOOD_TEXT)
    write(root / ".cache" / "c.txt", GOOD_TEXT)
    (root / "a" / "loop").symlink_to(root, target_is_directory=True)
    (root / "b-link").symlink_to(root / "a", target_is_directory=True)
    (tmp_path / "empty").mkdir()
    articles, problems = read(root, tmp_path / "empty")
    assert [(p.source, p.reason) for p in problems] == [
        (str(root / "a" / "loop"), f"symlink loop: leads back to {root.resolve()}, not followed")
    ]
    assert [a.source for a in articles] == [str(root / "a" / "z.txt"), str(root / "b.txt")]
    assert [a.outlet.name for a in articles] == ["z", "b"]


def test_a_list_of_inputs_reads_each_listed_path_in_order_from_the_list_folder(tmp_path: Path) -> None:
    first = write(tmp_path / "crawl" / "one.txt", GOOD_TEXT)
    second = write(tmp_path / "crawl" / "more" / "two.txt", GOOD_TEXT.replace("Monday", "Friday"))
    listing = write(tmp_path / "crawl" / "inputs.txt", f"# this month\nmore\n\n{first}\nnowhere.txt\n")
    articles, problems = read(listing.with_name("@inputs.txt"))
    assert [a.source for a in articles] == [str(second), str(first)]
    assert [(p.source, p.reason) for p in problems] == [(str(tmp_path / "crawl" / "nowhere.txt"), "no such file or directory")]


def test_a_missing_list_of_inputs_is_one_problem_naming_it(tmp_path: Path) -> None:
    articles, problems = read(tmp_path / "@absent.txt")
    assert not articles
    assert [(p.source, p.reason) for p in problems] == [
        (str(tmp_path / "absent.txt"), "cannot read the list of inputs: no such file or directory")
    ]

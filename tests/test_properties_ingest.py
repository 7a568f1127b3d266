"""Properties every reader and the text normalisers must keep whatever they are given (hypothesis).

Any bytes under any supported suffix give Articles or Problems, never an exception; everything
yielded names the file it came from; a Problem is one line; an Article has a headline, a body and
the id of its text; reading again gives the same ids; normalising twice changes nothing.
"""

from __future__ import annotations

import gzip
import json
import re
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storylens.ingest.clean import clean_body, normalise_lines, normalise_space, split_paragraphs
from storylens.ingest.inputs import READERS, read_inputs
from storylens.model import Article, Problem, article_id, normalise_text

LANGUAGE_CODE = re.compile(r"[a-z]{2,3}")
SUFFIXES = sorted(READERS)
"""Every suffix a reader claims, so a reader added later is covered here without a new test."""

PROPERTY_SETTINGS = settings(
    max_examples=40,
    deadline=2000,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

news_text = st.text(
    alphabet=st.characters(blacklist_categories=["Cs"]) | st.sampled_from(list(" \n\t.,“”’éß€•-\x1b\x9b")), max_size=300
)
"""Any Unicode text, with more of the spaces, line breaks and punctuation that articles hold."""


def assert_well_formed(path: Path, found: list[Article | Problem]) -> None:
    """What every reader promises for any input: only Articles and Problems, all naming the file,
    each Problem one line, each Article whole and with the id of its own text."""
    for item in found:
        assert isinstance(item, (Article, Problem)), item
        assert item.source == str(path) or item.source.startswith(f"{path}#"), item.source
        if isinstance(item, Problem):
            assert item.reason.strip() and "\n" not in item.reason, item.reason
        else:
            assert item.title.strip() and item.body and all(p.strip() for p in item.body)
            assert item.id == article_id(item.outlet.name, item.title, item.body)
            assert LANGUAGE_CODE.fullmatch(item.language), item.language


def read_twice(path: Path) -> list[Article | Problem]:
    first = list(read_inputs([path]))
    again = list(read_inputs([path]))
    assert [getattr(i, "id", i) for i in first] == [getattr(i, "id", i) for i in again]
    return first


@pytest.mark.parametrize("suffix", SUFFIXES)
@PROPERTY_SETTINGS
@given(data=st.binary(max_size=3000))
def test_any_bytes_under_any_suffix_give_articles_or_problems(tmp_path: Path, suffix: str, data: bytes) -> None:
    path = tmp_path / f"input{suffix}"
    path.write_bytes(data)
    found = read_twice(path)
    assert_well_formed(path, found)
    assert found, "every input gives at least an article or a problem"


@PROPERTY_SETTINGS
@given(lines=st.lists(news_text, max_size=8))
def test_plain_text_headline_is_its_first_line(tmp_path: Path, lines: list[str]) -> None:
    path = tmp_path / "article.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    found = read_twice(path)
    assert_well_formed(path, found)
    assert len(found) == 1
    if isinstance(found[0], Article):
        assert found[0].title == normalise_space(next(line for line in lines if line.strip()).splitlines()[0])


records = st.fixed_dictionaries(
    {},
    optional={
        "title": news_text | st.integers(),
        "text": news_text | st.lists(news_text, max_size=3),
        "outlet": news_text,
        "url": st.sampled_from(["https://news.example/a", "not a url", "http://[::1", ""]),
        "published": st.sampled_from(["2023-09-17T10:00:00+02:00", "Sun, 17 Sep 2023 08:00:00 +0100", "yesterday", ""]),
    },
)


@PROPERTY_SETTINGS
@given(items=st.lists(records | news_text.map(lambda t: {"raw": t}), max_size=8), compressed=st.booleans())
def test_each_json_line_gives_exactly_one_article_or_problem(tmp_path: Path, items: list[dict], compressed: bool) -> None:
    lines = [item["raw"].replace("\n", " ") if set(item) == {"raw"} else json.dumps(item) for item in items]
    data = "\n".join(lines).encode("utf-8")
    path = tmp_path / ("export.jsonl.gz" if compressed else "export.jsonl")
    path.write_bytes(gzip.compress(data) if compressed else data)
    found = read_twice(path)
    assert_well_formed(path, found)
    numbered = [f"{path}#{n}" for n, line in enumerate(lines, start=1) if line.strip()]
    if numbered:
        assert [item.source for item in found] == numbered
    else:
        assert found == [Problem(source=str(path), reason="empty file")]


# The normalisers


@settings(max_examples=300, deadline=None, derandomize=True)
@given(text=news_text)
def test_normalising_twice_changes_nothing(text: str) -> None:
    assert normalise_text(normalise_text(text)) == normalise_text(text)
    assert normalise_space(normalise_space(text)) == normalise_space(text)
    assert normalise_lines(normalise_lines(text)) == normalise_lines(text)
    assert split_paragraphs("\n".join(split_paragraphs(text))) == split_paragraphs(text)


@settings(max_examples=300, deadline=None, derandomize=True)
@given(text=news_text)
def test_normalised_space_is_single_plain_spaces(text: str) -> None:
    spaced = normalise_space(text)
    assert spaced == spaced.strip() and "  " not in spaced
    assert not set(spaced) & set("\n\t\r\xa0\u200b\ufeff")
    assert not [char for char in spaced if unicodedata.category(char) == "Cc"], "control characters reach a terminal"


@settings(max_examples=200, deadline=None, derandomize=True)
@given(paragraphs=st.lists(news_text, max_size=10))
def test_cleaning_keeps_only_tidy_paragraphs_it_was_given(paragraphs: list[str]) -> None:
    body, captions = clean_body(paragraphs)
    given = normalise_space(" ".join(paragraphs))
    for paragraph in body + captions:
        assert paragraph and paragraph == normalise_space(paragraph)
        assert all(word in given for word in paragraph.split())
    assert len(captions) == len(set(captions))


@settings(max_examples=200, deadline=None, derandomize=True)
@given(outlet=news_text, title=news_text, body=st.lists(news_text, min_size=1, max_size=4))
def test_article_id_ignores_spacing_and_case(outlet: str, title: str, body: list[str]) -> None:
    respaced = [f"  {p.upper()}\t" for p in body]
    assert article_id(outlet, title, body) == article_id(f" {outlet} ", title, body)
    if all(p.upper().lower() == p.lower() for p in body):
        assert article_id(outlet, title, body) == article_id(outlet, title, respaced)

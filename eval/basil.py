"""BASIL (Fan et al., EMNLP 2019) as storylens records: the gold story of an article is its triplet.

The data is read from ../shared/data at run time and never copied into the project.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from storylens.model import Article, Outlet, article_id

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
BASIL = DATA / "basil"
OUTLETS = {"fox": "Fox News", "nyt": "The New York Times", "hpo": "HuffPost"}


@dataclass
class BasilArticle:
    article: Article
    story: str
    year: int
    path: Path


def require(path: Path) -> Path:
    """Exit with a clear line when the shared data is not where eval expects it."""
    if not path.exists():
        sys.exit(f"eval: {path} not found; the labelled data lives in ../shared/data beside the repository")
    return path


def load_basil(years: range = range(2010, 2017)) -> list[BasilArticle]:
    found = []
    for year in years:
        for path in sorted(require(BASIL / "articles" / str(year)).glob("*.json")):
            found.append(_article(path, year))
    return found


def basil_sentences(path: Path) -> list[str]:
    """The body sentences as BASIL numbers them (body-paragraphs flattened in order): its span
    annotations and the hand keys in eval/keys/ point at sentences by this index."""
    record = json.loads(path.read_text(encoding="utf-8"))
    return [sentence for paragraph in record["body-paragraphs"] for sentence in paragraph]


def sentence_spans(item: BasilArticle) -> list[tuple[int, int]]:
    """Where each BASIL sentence lies in the article's canonical text, so that storylens's own
    sentences (split by spaCy, with offsets into that text) can be mapped to BASIL's numbering."""
    text = item.article.text
    cursor = len(item.article.title)
    spans = []
    for sentence in basil_sentences(item.path):
        start = text.index(sentence.strip(), cursor)
        cursor = start + len(sentence.strip())
        spans.append((start, cursor))
    return spans


def _article(path: Path, year: int) -> BasilArticle:
    record = json.loads(path.read_text(encoding="utf-8"))
    body = [" ".join(sentences) for sentences in record["body-paragraphs"] if sentences]
    outlet = OUTLETS[record["source"].lower()]
    published = datetime.fromisoformat(record["date"]).replace(tzinfo=UTC) if record.get("date") else None
    article = Article(
        id=article_id(outlet, record["title"], body),
        outlet=Outlet(name=outlet, domain=None),
        title=record["title"],
        body=body,
        url=record.get("url"),
        published=published,
        source=str(path),
    )
    return BasilArticle(article=article, story=record["triplet-uuid"], year=year, path=path)

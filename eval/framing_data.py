"""Loaded-language gold spans from PTC and BASIL, as storylens articles with offsets into `Article.text`.

Both corpora are read from ../shared/data at run time and never copied into the project. The
splits are fixed here, once, so that training (`scripts/train_framing.py`), scoring
(`eval/framing.py`) and the benchmark (`benchmarks/framing.py`) agree on what was held out:

- PTC (Da San Martino et al., 2019/2020): the articles sorted by id; every fourth one (positions
  3, 7, 11, ...) is the test part, the rest train. Gold: `Loaded_Language`,
  `Name_Calling,Labeling`, `Appeal_to_fear-prejudice` and `Doubt` (one class, fear or doubt) and
  `Exaggeration,Minimisation`.
- BASIL (Fan et al., 2019): 2010-2013 train, 2014-2016 test, as in `eval/clustering.py`. Gold:
  the `lex` spans.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from eval.basil import BASIL, DATA, BasilArticle, load_basil, require
from storylens.model import SECTION_SEPARATOR, Article, Outlet, article_id

PTC = DATA / "ptc"
PTC_LABELS = {
    "Loaded_Language": "loaded",
    "Name_Calling,Labeling": "name_calling",
    "Appeal_to_fear-prejudice": "fear_or_doubt",
    "Doubt": "fear_or_doubt",
    "Exaggeration,Minimisation": "exaggeration",
}
"""PTC techniques that storylens detects, and the class each trains."""
LOADED_LABELS = frozenset({"loaded", "name_calling"})
"""The classes scored as loaded language proper: PTC's two most frequent techniques, BASIL's `lex`."""
BASIL_LABEL = "loaded"
TEST_EVERY = 4
BASIL_TRAIN_YEARS = range(2010, 2014)
BASIL_TEST_YEARS = range(2014, 2017)


@dataclass(frozen=True)
class Gold:
    """One annotated span, offsets into `Article.text`."""

    start: int
    end: int
    label: str
    quoted: bool = False


@dataclass
class LabelledArticle:
    article: Article
    gold: list[Gold]
    scored_from: int
    """Offset in `article.text` where annotation starts: BASIL annotates the body only."""
    files: list[Path]
    group: str
    """The event (BASIL triplet) or the article id (PTC)."""


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def ptc_ids() -> list[str]:
    return sorted(p.stem for p in require(PTC / "articles").glob("article*.txt"))


def load_ptc(test: bool) -> list[LabelledArticle]:
    """The train (test=False) or test part of PTC."""
    ids = ptc_ids()
    chosen = [a for i, a in enumerate(ids) if (i % TEST_EVERY == TEST_EVERY - 1) == test]
    return [_ptc_article(name) for name in chosen]


def _ptc_article(name: str) -> LabelledArticle:
    """Title, then one paragraph per non-empty line; gold offsets mapped from the file into `Article.text`."""
    text_path = PTC / "articles" / f"{name}.txt"
    label_path = PTC / "labels" / f"{name}.task2-TC.labels"
    raw = text_path.read_text(encoding="utf-8")
    lines, position = [], 0
    for line in raw.split("\n"):
        if line.strip():
            lines.append((position, line))
        position += len(line) + 1
    title, body = lines[0][1], [line for _, line in lines[1:]]
    article = Article(
        id=article_id("PTC", title, body),
        outlet=Outlet(name="PTC"),
        title=title,
        body=body,
        source=str(text_path),
    )
    starts, cursor = [], 0
    for file_start, line in lines:
        starts.append((file_start, cursor, len(line)))
        cursor += len(line) + len(SECTION_SEPARATOR)
    gold = []
    for row in label_path.read_text(encoding="utf-8").splitlines():
        _, technique, start, end = row.split("\t")
        if technique in PTC_LABELS:
            gold.append(Gold(_moved(starts, int(start)), _moved(starts, int(end), True), PTC_LABELS[technique]))
    return LabelledArticle(article, gold, 0, [text_path, label_path], name)


def _moved(starts: list[tuple[int, int, int]], offset: int, is_end: bool = False) -> int:
    """A file offset as an offset into `Article.text`; one on a blank line snaps to the nearest text."""
    for file_start, text_start, length in reversed(starts):
        if file_start < offset or (file_start == offset and not is_end):
            return text_start + min(offset - file_start, length)
    return 0


def load_basil_lex(years: range) -> list[LabelledArticle]:
    return [_basil_lex(item) for item in load_basil(years)]


def _basil_lex(item: BasilArticle) -> LabelledArticle:
    """Each `lex` span sits in one sentence of the flattened paragraphs (`pN` is sentence N)."""
    record = json.loads(item.path.read_text(encoding="utf-8"))
    annotation_path = BASIL / "annotations" / str(item.year) / f"{item.path.stem}_ann.json"
    annotation = json.loads(annotation_path.read_text(encoding="utf-8"))
    sentence_starts, cursor = [], len(item.article.title) + len(SECTION_SEPARATOR)
    for sentences in (s for s in record["body-paragraphs"] if s):
        for sentence in sentences:
            sentence_starts.append((cursor, sentence))
            cursor += len(sentence) + 1
        cursor += len(SECTION_SEPARATOR) - 1
    gold = []
    for span in annotation["phrase-level-annotations"]:
        if span["bias"] != "lex":
            continue
        base, sentence = sentence_starts[int(span["id"][1:])]
        if sentence[span["start"] : span["end"]] != span["txt"]:
            raise ValueError(f"{annotation_path}: span {span['id']} does not match its sentence")
        quoted = span.get("quote") == "yes"
        gold.append(Gold(base + span["start"], base + span["end"], BASIL_LABEL, quoted))
    scored_from = len(item.article.title) + len(SECTION_SEPARATOR)
    return LabelledArticle(item.article, gold, scored_from, [item.path, annotation_path], item.story)

"""Same-event data sets for story clustering, as storylens Articles with their gold story.

Each data set comes in two parts: `fit`, where thresholds are chosen, and `test`, where they are
scored. The data is read from ../shared/data at run time and never copied into the project.

- BASIL (Fan et al., EMNLP 2019): the triplet is the story; dated, so streamed in date order;
  fit 2010-2013, test 2014-2016.
- NeuS (Lee et al., NAACL 2022): each line holds three outlets' versions of one event; fit on the
  train file, test on val. NeuS has no dates, so its articles are stored undated and the clusterer
  takes them in the store's order for undated articles (by article id, a hash): the events
  interleave, never one event's three versions in a row. Outlets are named by position
  (neus-a/b/c) because the data does not say which side each position is.
- ECB+ (Cybulska and Vossen, LREC 2014): two similar but different events per topic (ecb and
  ecbplus files), the hard negatives; undated; fit on the odd topics, test on the even ones.
"""

from __future__ import annotations

import random
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from xml.etree import ElementTree

from eval.basil import DATA, load_basil, require
from storylens.model import Article, Outlet, article_id

NEUS = DATA / "neus"
ECBPLUS = DATA / "ecbplus"
NEUS_OUTLETS = ("neus-a", "neus-b", "neus-c")
SEED = 0


@dataclass(frozen=True)
class Labelled:
    """An article and the gold story it belongs to."""

    article: Article
    story: str
    topic: str | None = None
    """ECB+ only: the topic whose two events are each other's hard negatives."""

    @property
    def published(self) -> datetime | None:
        return self.article.published


@dataclass(frozen=True)
class Dataset:
    name: str
    fit: list[Labelled]
    test: list[Labelled]
    fit_label: str
    test_label: str


def basil() -> Dataset:
    everything = load_basil()
    return Dataset(
        name="BASIL",
        fit=[Labelled(a.article, a.story) for a in everything if a.year < 2014],
        test=[Labelled(a.article, a.story) for a in everything if a.year >= 2014],
        fit_label="2010-2013",
        test_label="2014-2016",
    )


def neus(fit_events: int | None = None, test_events: int | None = None) -> Dataset:
    """NeuS train (fit) and val (test), each optionally cut to a random sample of events (seed 0)."""
    fit = _neus_part("train", fit_events)
    test = _neus_part("val", test_events)
    return Dataset(
        name="NeuS",
        fit=fit,
        test=test,
        fit_label=_sample_label("train", fit_events, fit),
        test_label=_sample_label("val", test_events, test),
    )


def ecbplus() -> Dataset:
    topics = sorted(int(p.name) for p in require(ECBPLUS).iterdir() if p.is_dir())
    return Dataset(
        name="ECB+",
        fit=_ecb_topics(t for t in topics if t % 2),
        test=_ecb_topics(t for t in topics if not t % 2),
        fit_label="odd topics",
        test_label="even topics",
    )


def _sample_label(part: str, events: int | None, items: list[Labelled]) -> str:
    stories = len({item.story for item in items})
    return f"{part} ({stories} events{', sampled' if events else ''})"


def _neus_part(part: str, events: int | None) -> list[Labelled]:
    lines = [line for line in require(NEUS / f"{part}.source").read_text(encoding="utf-8").splitlines() if line.strip()]
    numbered = list(enumerate(lines))
    if events is not None and events < len(numbered):
        numbered = random.Random(SEED).sample(numbered, events)
    items = []
    for number, line in numbered:
        for outlet, version in zip(NEUS_OUTLETS, line.split(" [SEP] ")):
            title, body = _neus_text(version)
            items.append(_labelled(outlet, title, [body], f"{part}-{number}", f"{NEUS / part}.source:{number + 1}"))
    random.Random(SEED).shuffle(items)
    return _unique(items)


def _neus_text(version: str) -> tuple[str, str]:
    """`TITLE=> headline ARTICLE=> text` split into its two halves."""
    title, _, body = version.partition("ARTICLE=>")
    return title.replace("TITLE=>", "", 1).strip(), body.strip()


def _ecb_topics(topics: Iterable[int]) -> list[Labelled]:
    items = []
    for topic in topics:
        for path in sorted((ECBPLUS / str(topic)).glob("*.xml")):
            kind = "ecbplus" if path.stem.endswith("ecbplus") else "ecb"
            url, title, body = _ecb_document(path)
            item = _labelled(path.stem, title, body, f"{topic}-{kind}", str(path), url)
            items.append(replace(item, topic=str(topic)))
    return _unique(items)


def _ecb_document(path: Path) -> tuple[str | None, str, list[str]]:
    """The source URL (ecbplus files begin with it), the first sentence as title, the rest as body."""
    sentences: dict[int, list[str]] = defaultdict(list)
    for token in ElementTree.parse(path).getroot().iter("token"):
        sentences[int(token.get("sentence", "0"))].append(token.text or "")
    lines = [sentences[number] for number in sorted(sentences)]
    url = None
    if lines and lines[0] and lines[0][0].startswith("http"):
        url = "".join(lines.pop(0))
    texts = [detokenise(tokens) for tokens in lines if tokens]
    if not texts:
        raise ValueError(f"{path}: no sentences")
    return url, texts[0], texts[1:]


_NO_SPACE_BEFORE = re.compile(r" (?=[,.;:!?%)\]}]|'s\b|'re\b|'ve\b|'ll\b|'d\b|'m\b|n't\b|'(?= |$))")
_NO_SPACE_AFTER = re.compile(r"(?<=[(\[{$]) ")


def detokenise(tokens: list[str]) -> str:
    """Tokens joined as running text: no space before punctuation or clitics, PTB quotes as '"'."""
    text = " ".join(tokens).replace("``", '"').replace("''", '"')
    text = _NO_SPACE_BEFORE.sub("", text)
    text = _NO_SPACE_AFTER.sub("", text)
    text = re.sub(r"(?<=\d) ?([:/]) (?=\d)", r"\1", text)
    return re.sub(r'" (.*?) "', r'"\1"', text)


def rejoined(text: str) -> str:
    """Detokenised text with the pieces of a compound, a score, a time or a number put back
    together ("single-season", "13-3", "8.40am", "p.m.", "4,183"): split, they read as several
    bare numbers, and a report compared "4" and "183" with another outlet's figures. For the
    conflict eval; the clustering eval keeps the text it was first scored on."""
    text = re.sub(r"(?<=\w) - (?=\w)", "-", text)
    text = re.sub(r"(?<![\d,])(\d{1,3}), (?=\d{3}\b)", r"\1,", text)
    text = re.sub(r"(?<![\d.])(\d{1,2})\. (?=\d)", r"\1.", text)
    return re.sub(r"\b([ap])\. m\.", r"\1.m.", text)


def _labelled(outlet: str, title: str, body: list[str], story: str, source: str, url: str | None = None) -> Labelled:
    article = Article(
        id=article_id(outlet, title, body),
        outlet=Outlet(name=outlet, domain=None),
        title=title,
        body=body,
        url=url,
        source=source,
    )
    return Labelled(article, story)


def _unique(items: list[Labelled]) -> list[Labelled]:
    """The first of articles with the same id: the store keeps one, so the gold may name one too."""
    seen: set[str] = set()
    kept = []
    for item in items:
        if item.article.id not in seen:
            seen.add(item.article.id)
            kept.append(item)
    return kept


DATASETS = {"basil": basil, "neus": neus, "ecbplus": ecbplus}

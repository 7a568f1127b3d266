"""The neutral summary on NeuS val: ROUGE against the AllSides editors' summary, and NeuS's
framing-bias measure, beside lead-3 and LexRank on the same inputs.

NeuS (Lee et al., NAACL 2022): each `.source` line holds three outlets' articles of one event,
`TITLE=> ... ARTICLE=> ...`, separated by ` [SEP] `; the `.target` line is the neutral reference.
Every event's three articles are analysed in one spaCy stream and compared as one story
(`compare_story`); clustering is not run, since each line is one gold story. The ARTICLE parts are
the bodies; titles stay headlines, which storylens never puts in a summary. Systems, all built on
storylens's own sentence split so that they pick from the same sentences:

- storylens: the report's summary sentences, joined;
- lead-3: the first 3 sentences of the line's first article (the .source order, which names no
  outlet);
- LexRank (sumy): over the three articles' sentences, as many sentences as storylens's summary of
  the event has.

ROUGE-1/2/L F (rouge-score, Porter stemming) is scored against the target's ARTICLE part.
Framing bias is the NeuS authors' measure (their released metric code, HLTCHKUST/framing-bias-metric):
text lower-cased, "U.S." as "USA", punctuation removed, words lemmatised; over the set of distinct
words of the output that the reference does not contain, Arousal+ sums the NRC-VAD arousal of words
with valence > 0.65, Arousal- that of words with valence < 0.35; both are averaged over events, and
lower is less framing. NLTK's WordNet lemmatiser needs data that cannot be fetched here, so a word
missing from the lexicon is reduced by WordNet's noun-suffix rules (-s, -ses, -ves, -xes, -zes,
-ches, -shes, -men, -ies) to the shortest form the lexicon has. Because that measure is zero for the
reference by construction, the same sums over all of a text's distinct words ("uncalibrated") are
given too, with their rate per 100 words, for the sources and the reference as well.
Run: .venv/bin/python -m eval.summary [--limit N] [--split train] [--setting NAME VALUE ...]
"""

from __future__ import annotations

import argparse
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from statistics import mean

from rich.console import Console
from rich.table import Table
from rouge_score import rouge_scorer
from sumy.models.dom import ObjectDocumentModel, Paragraph
from sumy.models.dom import Sentence as SumySentence
from sumy.nlp.stemmers import Stemmer
from sumy.summarizers.lex_rank import LexRankSummarizer
from sumy.utils import get_stop_words

from eval.basil import DATA, require
from eval.setup import setup_line
from storylens.analyze import analyze
from storylens.analyze.embeddings import get_encoder
from storylens.analyze.nlp import load_pipeline
from storylens.compare.story import compare_story
from storylens.config import Settings
from storylens.framing import get_framing_model
from storylens.model import AnalyzedArticle, Article, Outlet, Role, Story, article_id

NEUS = DATA / "neus"
VAD = DATA / "lexicons" / "NRC-VAD-Lexicon-Aug2018Release" / "NRC-VAD-Lexicon.txt"
LEAD = 3
POSITIVE, NEGATIVE = 0.65, 0.35
"""Valence bounds of NeuS's Arousal+ and Arousal- word sets."""
NOUN_RULES = (
    ("s", ""),
    ("ses", "s"),
    ("ves", "f"),
    ("xes", "x"),
    ("zes", "z"),
    ("ches", "ch"),
    ("shes", "sh"),
    ("men", "man"),
    ("ies", "y"),
)
"""WordNet's noun detachment rules, the part of NLTK's lemmatiser that NeuS's default call uses."""
ROUGE_TYPES = ("rouge1", "rouge2", "rougeL")


@dataclass
class Event:
    titles: list[str]
    bodies: list[str]
    reference: str


@dataclass
class Outputs:
    """Every text scored for one event, as sentences (the reference is not split)."""

    storylens: list[str]
    lead: list[str]
    lexrank: list[str]
    sources: list[list[str]]
    reference: str


def _parts(text: str) -> tuple[str, str]:
    """Title and article of one `TITLE=> ... ARTICLE=> ...` block."""
    title, _, body = text.partition("ARTICLE=>")
    return title.replace("TITLE=>", "", 1).strip(), body.strip()


def load_events(limit: int | None, split: str = "val") -> list[Event]:
    sources = require(NEUS / f"{split}.source").read_text(encoding="utf-8").splitlines()
    targets = require(NEUS / f"{split}.target").read_text(encoding="utf-8").splitlines()
    events = []
    for source, target in list(zip(sources, targets))[:limit]:
        parts = [_parts(block) for block in source.split(" [SEP] ")]
        events.append(Event([t for t, _ in parts], [b for _, b in parts], _parts(target)[1]))
    return events


def event_articles(number: int, event: Event, split: str = "val") -> list[Article]:
    """The event's articles as storylens records; NeuS names no outlet, so they are numbered."""
    articles = []
    for k, (title, body) in enumerate(zip(event.titles, event.bodies), start=1):
        outlet = f"outlet {k}"
        articles.append(
            Article(
                id=article_id(outlet, title, [body]),
                outlet=Outlet(name=outlet),
                title=title,
                body=[body],
                source=f"neus/{split}.source:{number}#{k}",
            )
        )
    return articles


def body_sentences(item: AnalyzedArticle) -> list[str]:
    return [s.text for s in item.sentences if s.role == Role.BODY]


class WordTokenizer:
    """What sumy needs to read a sentence, without NLTK's punkt data (which cannot be fetched)."""

    pattern = re.compile(r"\w+(?:['’-]\w+)*")

    def to_words(self, sentence: str) -> list[str]:
        return self.pattern.findall(sentence)


@cache
def lexrank() -> LexRankSummarizer:
    summarizer = LexRankSummarizer(Stemmer("english"))
    summarizer.stop_words = get_stop_words("english")
    return summarizer


def lexrank_summary(items: list[AnalyzedArticle], count: int) -> list[str]:
    """LexRank over the storylens sentences of all three articles, in document order; sumy's DOM
    is built directly so that LexRank and storylens choose among the very same sentences."""
    tokenizer = WordTokenizer()
    paragraphs = [Paragraph([SumySentence(s, tokenizer) for s in body_sentences(item)]) for item in items]
    return [str(s) for s in lexrank()(ObjectDocumentModel(paragraphs), count)] if count else []


def event_outputs(event: Event, items: list[AnalyzedArticle], number: int, settings: Settings) -> Outputs:
    story = Story(
        id=number,
        label=items[0].article.title,
        article_ids=[i.article.id for i in items],
        outlets=[i.article.outlet.name for i in items],
    )
    report = compare_story(story, items, get_encoder(settings.models.sentence_encoder), settings=settings)
    return Outputs(
        storylens=[s.text for s in report.summary],
        lead=body_sentences(items[0])[:LEAD],
        lexrank=lexrank_summary(items, len(report.summary)),
        sources=[body_sentences(item) for item in items],
        reference=event.reference,
    )


@cache
def vad() -> dict[str, tuple[float, float]]:
    """Word -> (valence, arousal) from the NRC-VAD lexicon (Mohammad, ACL 2018)."""
    table = {}
    for line in require(VAD).read_text(encoding="utf-8").splitlines():
        word, valence, arousal, _ = line.split("\t")
        table[word] = (float(valence), float(arousal))
    return table


def lemma(word: str) -> str:
    """The shortest of the word and its noun-rule reductions that the lexicon knows."""
    forms = [word] + [word[: -len(suffix)] + ending for suffix, ending in NOUN_RULES if word.endswith(suffix)]
    known = [f for f in forms if f in vad()]
    return min(known, key=len) if known else word


def words(text: str) -> list[str]:
    """NeuS's preprocessing: "U.S." as "USA", lower case, no punctuation, lemmatised."""
    text = re.sub(r"[^\w\s]", "", text.replace("U.S.", "USA").lower())
    return [lemma(w) for w in text.split()]


def arousal(distinct: set[str]) -> tuple[float, float]:
    """Arousal+ and Arousal-: summed arousal of the clearly positive and clearly negative words."""
    positive = sum(vad()[w][1] for w in distinct if w in vad() and vad()[w][0] > POSITIVE)
    negative = sum(vad()[w][1] for w in distinct if w in vad() and vad()[w][0] < NEGATIVE)
    return positive, negative


def rouge(prediction: str, reference: str) -> tuple[float, ...]:
    scores = scorer().score(reference, prediction)
    return tuple(100 * scores[t].fmeasure for t in ROUGE_TYPES)


@cache
def scorer() -> rouge_scorer.RougeScorer:
    return rouge_scorer.RougeScorer(list(ROUGE_TYPES), use_stemmer=True)


@dataclass
class Scores:
    """One text's scores; the event averages are means of these."""

    sentences: int
    words: int
    rouge: tuple[float, ...]
    calibrated: tuple[float, float]
    uncalibrated: tuple[float, float]


def scores(sentences: list[str], reference: str) -> Scores:
    text = " ".join(sentences)
    tokens = words(text)
    return Scores(
        sentences=len(sentences),
        words=len(text.split()),
        rouge=rouge(text, reference),
        calibrated=arousal(set(tokens) - set(words(reference))),
        uncalibrated=arousal(set(tokens)),
    )


SYSTEMS: dict[str, Callable[[Outputs], list[list[str]]]] = {
    "storylens": lambda o: [o.storylens],
    "LexRank (sumy)": lambda o: [o.lexrank],
    "lead-3, first article": lambda o: [o.lead],
    "sources, each article": lambda o: o.sources,
    "reference": lambda o: [[o.reference]],
}
"""Each system's texts for one event, as sentence lists; the sources give three texts an event."""


def rouge_table(rows: dict[str, list[Scores]], events: int, split: str = "val") -> Table:
    table = Table(title=f"NeuS {split}, {events} events: ROUGE F (x100, Porter stemming) against the reference")
    for column in ("text", "sentences", "words", "ROUGE-1", "ROUGE-2", "ROUGE-L"):
        table.add_column(column, justify="left" if column == "text" else "right")
    for name, found in rows.items():
        if name == "reference":
            continue
        table.add_row(
            name,
            f"{mean(s.sentences for s in found):.1f}",
            f"{mean(s.words for s in found):.1f}",
            *(f"{mean(s.rouge[k] for s in found):.2f}" for k in range(len(ROUGE_TYPES))),
        )
    return table


def framing_table(rows: dict[str, list[Scores]], events: int, split: str = "val") -> Table:
    table = Table(
        title=f"NeuS {split}, {events} events: framing bias, NRC-VAD arousal (lower is less framing)",
        caption="A+ / A-: summed arousal of distinct words with valence > 0.65 / < 0.35; calibrated (NeuS's "
        "measure): words the reference does not contain; all: every distinct word; per 100 words: "
        "A+ + A- of all words over the text's length. Means per text.",
    )
    for column in ("text", "A+", "A-", "A+ + A-", "all A+ + A-", "per 100 words"):
        table.add_column(column, justify="left" if column == "text" else "right")
    for name, found in rows.items():
        calibrated = [sum(s.calibrated) for s in found]
        everything = [sum(s.uncalibrated) for s in found]
        per_word = [100 * sum(s.uncalibrated) / s.words for s in found if s.words]
        if name == "reference":
            table.add_row(name, "-", "-", "-", f"{mean(everything):.2f}", f"{mean(per_word):.2f}")
            continue
        table.add_row(
            name,
            f"{mean(s.calibrated[0] for s in found):.2f}",
            f"{mean(s.calibrated[1] for s in found):.2f}",
            f"{mean(calibrated):.2f}",
            f"{mean(everything):.2f}",
            f"{mean(per_word):.2f}",
        )
    return table


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--limit", type=int, default=None, help="only the first N events (default: all 307)")
    parser.add_argument("--split", choices=("val", "train"), default="val", help="train: for fitting a summary setting, val for its figure")
    parser.add_argument("--setting", nargs=2, action="append", default=[], metavar=("NAME", "VALUE"), help="as the CLI's --setting")
    args = parser.parse_args()
    started = time.perf_counter()
    settings = Settings.resolve(args.setting)
    events = load_events(args.limit, args.split)
    articles = [event_articles(n, e, args.split) for n, e in enumerate(events, start=1)]
    nlp = load_pipeline(Settings().models.spacy_model)
    analysed = {item.article.id: item for item in analyze([a for group in articles for a in group], nlp, get_framing_model(Settings().models.framing_model))}
    rows: dict[str, list[Scores]] = {name: [] for name in SYSTEMS}
    for number, (event, group) in enumerate(zip(events, articles), start=1):
        items = [analysed[a.id] for a in group]
        outputs = event_outputs(event, items, number, settings)
        for name, pick in SYSTEMS.items():
            rows[name] += [scores(sentences, event.reference) for sentences in pick(outputs)]
    console = Console()
    console.print(rouge_table(rows, len(events), args.split))
    console.print(framing_table(rows, len(events), args.split))
    console.print(
        f"{len(events)} events, {sum(len(g) for g in articles)} articles, {time.perf_counter() - started:.1f} s"
    )


if __name__ == "__main__":
    main()
    print(setup_line())

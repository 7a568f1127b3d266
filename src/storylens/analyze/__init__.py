"""The analyze stage: all per-article work, once, for the store to keep.

One parse of each article gives its sentences with their entities, quantities, attributions,
lemmas, clauses, tone and subjectivity, and the framing model's loaded-language spans; the
pipeline adds the sentence vectors (`vectors.py`). The compare stage reads these records and
parses nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache
from itertools import islice

from spacy.language import Language
from spacy.tokens import Span

from storylens.analyze.attribution import attribution_of
from storylens.analyze.clauses import clauses_of
from storylens.analyze.entities import entities_of, resolve_short_names
from storylens.analyze.parse import Parser
from storylens.analyze.quantities import extract_quantities
from storylens.framing import FramingModel
from storylens.framing.placement import ParsedLine, lines
from storylens.framing.tone import subjectivity, tone
from storylens.model import AnalyzedArticle, Article, FramingSpan, Sentence

CONTENT_POS = frozenset({"NOUN", "PROPN", "VERB", "ADJ", "NUM"})
TITLES = frozenset({"mr", "mrs", "ms", "dr"})
"""Honorifics that some outlets write and others do not; they say nothing about the event."""


def content_lemmas(span: Span) -> list[str]:
    """Lemmas of the words that carry meaning; what clustering and alignment compare."""
    return [
        (t.lower_ if t.pos_ == "PROPN" else t.lemma_.lower())
        for t in span
        if t.pos_ in CONTENT_POS and not t.is_stop and (t.is_alpha or t.like_num) and t.lower_ not in TITLES
    ]


def analyze(articles: Iterable[Article], nlp: Language, framing: FramingModel, batch_size: int = 64) -> Iterator[AnalyzedArticle]:
    """Every article's analysis, its lines parsed in one spaCy stream."""
    for article, parsed in parsed_lines(articles, nlp, batch_size):
        sentences: list[Sentence] = []
        for line in parsed:
            sentences += _sentences(article.id, line, len(sentences))
        yield AnalyzedArticle(
            article=article,
            sentences=_resolve_names(sentences),
            spans=framing.spans(article, parsed),
            framing_model=framing.name,
        )


def parsed_lines(articles: Iterable[Article], nlp: Language, batch_size: int = 64) -> Iterator[tuple[Article, list[ParsedLine]]]:
    """Each article with the parse of each of its lines, articles read in one stream."""
    articles = list(articles)
    units = [lines(article) for article in articles]
    docs = parser_for(nlp).parse((unit.text for found in units for unit in found), batch_size)
    for article, found in zip(articles, units):
        yield article, [ParsedLine(unit, doc) for unit, doc in zip(found, islice(docs, len(found)))]


@lru_cache(maxsize=4)
def parser_for(nlp: Language) -> Parser:
    """The pipeline's parser with its indexed ruler, made once per pipeline."""
    return Parser(nlp)


def _sentences(article_id: str, line: ParsedLine, first_position: int) -> list[Sentence]:
    found: list[Sentence] = []
    for sent in line.doc.sents:
        text = sent.text.strip()
        if not any(c.isalnum() for c in text):
            continue
        lead = len(sent.text) - len(sent.text.lstrip())
        start = line.unit.offset + sent.start_char + lead
        found.append(
            Sentence(
                article_id=article_id,
                position=first_position + len(found),
                text=text,
                start=start,
                end=start + len(text),
                role=line.unit.placement.role,
                entities=entities_of(sent, sent.start_char + lead),
                quantities=extract_quantities(text),
                attribution=attribution_of(sent),
                lemmas=content_lemmas(sent),
                clauses=clauses_of(sent, content_lemmas),
                tone=tone(text),
                subjectivity=subjectivity(text),
            )
        )
    return found


def _resolve_names(sentences: list[Sentence]) -> list[Sentence]:
    """Resolve short person names against the whole article, then hand entities back per sentence."""
    everything = resolve_short_names([e for s in sentences for e in s.entities])
    resolved, cursor = [], 0
    for sentence in sentences:
        count = len(sentence.entities)
        resolved.append(sentence.model_copy(update={"entities": everything[cursor : cursor + count]}))
        cursor += count
    return resolved


def framing_spans(articles: Iterable[Article], nlp: Language, framing: FramingModel) -> list[list[FramingSpan]]:
    """Each article's spans as `analyze` finds them, without the rest of the analysis: for
    evaluating and timing framing models."""
    return [framing.spans(article, parsed) for article, parsed in parsed_lines(articles, nlp)]

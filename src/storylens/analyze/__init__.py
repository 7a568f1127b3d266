"""The analyze stage: all per-article work, once, for the store to keep.

One parse of each article gives its sentences with their entities, quantities, attributions,
lemmas, clauses, tone and subjectivity, and the framing model's loaded-language spans, each
quoted one with the speaker its sentence names; the pipeline adds the sentence vectors
(`vectors.py`). The compare stage reads these records and parses nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache
from itertools import islice

from spacy.language import Language
from spacy.tokens import Token

from storylens.analyze.attribution import attribution_of
from storylens.analyze.claims import claims_of
from storylens.analyze.clauses import clauses_of
from storylens.analyze.entities import entities_of, resolve_short_names
from storylens.analyze.nlp import PARSED_DASHES
from storylens.analyze.parse import Parser
from storylens.analyze.quantities import extract_quantities
from storylens.framing import FramingModel, stored_name
from storylens.framing.placement import EDGE, QUOTE_FAMILY, ParsedLine, lines, quote_marks
from storylens.framing.tone import subjectivity, tone
from storylens.model import AnalyzedArticle, Article, FramingSpan, Sentence

CONTENT_POS = frozenset({"NOUN", "PROPN", "VERB", "ADJ", "NUM"})
TITLES = frozenset({"mr", "mrs", "ms", "dr"})
"""Honorifics that some outlets write and others do not; they say nothing about the event."""


def content_lemmas(span: Iterable[Token]) -> list[str]:
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
        regions = _quotation_regions(parsed)
        yield AnalyzedArticle(
            article=article,
            sentences=_with_speakers_of_quotations(article, _resolve_names(sentences), regions),
            spans=with_speakers(article, framing.spans(article, parsed), sentences, regions),
            framing_model=stored_name(framing.name),
        )


def parsed_lines(articles: Iterable[Article], nlp: Language, batch_size: int = 64) -> Iterator[tuple[Article, list[ParsedLine]]]:
    """Each article with the parse of each of its lines, articles read in one stream."""
    articles = list(articles)
    units = [lines(article) for article in articles]
    docs = parser_for(nlp).parse((unit.text.translate(PARSED_DASHES) for found in units for unit in found), batch_size)
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
        in_section = line.unit.start + sent.start_char + lead
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
                quoted=line.unit.placement.quoted(in_section, in_section + len(text)),
                lemmas=content_lemmas(sent),
                clauses=clauses_of(sent, content_lemmas),
                claims=claims_of(sent, content_lemmas),
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


def with_speakers(
    article: Article, spans: list[FramingSpan], sentences: list[Sentence], regions: list[tuple[int, int]]
) -> list[FramingSpan]:
    """Each quoted span with its speaker (`_speaker`: its sentence's, where its quote closes or
    opens, right after a quote that ends its own, "“So pathetic.” Frank Sharry tweeted.", or right
    before it opens). Every framing model's spans pass here."""
    if not any(span.quoted for span in spans):
        return spans
    text = article.text
    return [span.model_copy(update={"speaker": _speaker(span.start, span.end, regions, sentences, text)}) if span.quoted else span for span in spans]


def _with_speakers_of_quotations(article: Article, sentences: list[Sentence], regions: list[tuple[int, int]]) -> list[Sentence]:
    """Each sentence wholly inside a quotation with the speaker its quotation names, found as a
    quoted span's is: "No one is a better tactician than Nancy Pelosi." is Schiff's when the
    quotation closes on "Schiff told the room"."""
    if not any(sentence.quoted for sentence in sentences):
        return sentences
    return [
        s.model_copy(update={"speaker": _speaker(s.start, s.end, regions, sentences, article.text)}) if s.quoted else s for s in sentences
    ]


def _quotation_regions(parsed: list[ParsedLine]) -> list[tuple[int, int]]:
    """Where the article's quotations are, in `article.text`, marks included: those of the sections
    its lines come from, which `_sentences` has already read to mark quoted sentences."""
    sections = {id(line.unit.placement): line.unit.placement for line in parsed}.values()
    return [(p.offset + a, p.offset + b) for p in sections for a, b in p.quotes]


def _speaker(start: int, end: int, regions: list[tuple[int, int]], sentences: list[Sentence], text: str) -> str | None:
    """Who said the quoted words `text[start:end]`: the source named by their sentence's
    attribution, else by the sentence where their quotation closes, else where it opens, else by
    the sentence right after a quotation that ends its own, else by the sentence right before it
    opens ("“She has a lot of friends,” Mr. Ryan said. “This is her caucus, clearly.”")."""

    def holding(i: int) -> Sentence | None:
        return next((s for s in sentences if s.start <= i < s.end), None)

    found = [holding(start)]
    quote = min((r for r in regions if r[0] <= start and end <= r[1]), key=lambda r: r[1] - r[0], default=None)
    if quote is not None:
        opening, close = quote[0], quote[1] - 1
        closing = holding(close) if text[close] in QUOTE_FAMILY else None
        found += [closing, holding(opening)]
        if closing is not None and closing.end == close + 1:
            found.append(next((s for s in sentences if s.start > close and not text[close + 1 : s.start].strip(" ")), None))
        found.append(next((s for s in reversed(sentences) if s.end <= opening and not text[s.end : opening].strip()), None))
    for sentence in found:
        if sentence is not None and sentence.attribution:
            return speaker_name(sentence.attribution)
    return None


def speaker_name(attribution: str) -> str | None:
    """The attribution without quoted words the parse ran into it ("So pathetic” Frank Sharry"
    becomes "Frank Sharry"): its last part between quote marks that has a letter."""
    marks = quote_marks(attribution)
    parts = [attribution[a + 1 : b].strip(EDGE) for a, b in zip([-1, *marks], [*marks, len(attribution)])]
    return next((part for part in reversed(parts) if any(c.isalpha() for c in part)), None)


def framing_spans(articles: Iterable[Article], nlp: Language, framing: FramingModel) -> list[list[FramingSpan]]:
    """Each article's spans as `analyze` finds them (without the speakers of quoted spans, which
    need the sentences), without the rest of the analysis: for evaluating and timing framing models."""
    return [framing.spans(article, parsed) for article, parsed in parsed_lines(articles, nlp)]

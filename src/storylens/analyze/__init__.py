"""The analyze stage: sentences, entities, quantities, attributions and lemmas for each article."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc, Span

from storylens.analyze.attribution import attribution_of
from storylens.analyze.clauses import clauses_of
from storylens.analyze.entities import entities_of, resolve_short_names
from storylens.analyze.quantities import extract_quantities
from storylens.model import SECTION_SEPARATOR, AnalyzedArticle, Article, Role, Sentence

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


def analyze(articles: Iterable[Article], nlp: Language, batch_size: int = 64) -> Iterator[AnalyzedArticle]:
    """Parse every line of every article in one spaCy stream and build its sentences.

    Lines are parsed apart because a line break always ends a sentence (a standfirst's bullets,
    a caption under a paragraph), and spaCy would otherwise run them together.
    """
    articles = list(articles)
    lines = [(article, role, start, text) for article in articles for role, start, text in _lines(article)]
    docs = nlp.pipe((text for *_, text in lines), batch_size=batch_size)
    sentences: dict[str, list[Sentence]] = {a.id: [] for a in articles}
    for (article, role, start, _), doc in zip(lines, docs):
        sentences[article.id] += _sentences(article.id, role, doc, start, len(sentences[article.id]))
    for article in articles:
        yield AnalyzedArticle(article=article, sentences=_resolve_names(sentences[article.id]))


def _lines(article: Article) -> Iterator[tuple[Role, int, str]]:
    """Each non-empty line of the article's sections, with its offset in `article.text`."""
    offset = 0
    for role, block in article.sections():
        line_start = offset
        for line in block.split("\n"):
            if line.strip():
                yield role, line_start, line
            line_start += len(line) + 1
        offset += len(block) + len(SECTION_SEPARATOR)


def _sentences(article_id: str, role: Role, doc: Doc, block_start: int, first_position: int) -> list[Sentence]:
    found = []
    for sent in doc.sents:
        text = sent.text.strip()
        if not any(c.isalnum() for c in text):
            continue
        lead = len(sent.text) - len(sent.text.lstrip())
        start = block_start + sent.start_char + lead
        found.append(
            Sentence(
                article_id=article_id,
                position=first_position + len(found),
                text=text,
                start=start,
                end=start + len(text),
                role=role,
                entities=entities_of(sent, sent.start_char + lead),
                quantities=extract_quantities(text),
                attribution=attribution_of(sent),
                lemmas=content_lemmas(sent),
                clauses=clauses_of(sent, content_lemmas),
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

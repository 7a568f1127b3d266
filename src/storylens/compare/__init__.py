"""The compare stage: one story's articles in, the side-by-side `StoryReport` out."""

from __future__ import annotations

from statistics import mean

from spacy.language import Language

from storylens.analyze.embeddings import SentenceEncoder
from storylens.compare.alignment import align, states_fact
from storylens.compare.conflicts import find_conflicts
from storylens.compare.coverage import coverage
from storylens.compare.framing import FramingModel
from storylens.compare.outlets import outlet_profiles
from storylens.compare.summary import neutral_wording, write_summary
from storylens.model import (
    AnalyzedArticle,
    Article,
    ArticleInfo,
    Fact,
    FactStatus,
    Sentence,
    SentenceRef,
    Story,
    StoryReport,
)


def compare_story(
    story: Story, items: list[AnalyzedArticle], nlp: Language, framing: FramingModel, encoder: SentenceEncoder
) -> StoryReport:
    articles = [item.article for item in items]
    outlet_of = {a.id: a.outlet.name for a in articles}
    length = {item.article.id: max(len(item.sentences), 1) for item in items}
    spans = [span for article in articles for span in framing.spans(article, nlp)]
    sentences = [s for item in items for s in item.sentences]
    alignment = align(sentences, outlet_of, encoder)

    def ref(sentence: Sentence) -> SentenceRef:
        return _ref(sentence, outlet_of)

    def story_position(members: list[Sentence]) -> float:
        """Where a fact comes in the articles that state it, from 0 (lead) to 1 (end)."""
        return mean(s.position / length[s.article_id] for s in members if states_fact(s))

    facts, conflicts = [], []
    for fact_id, members in enumerate(sorted(alignment.facts, key=story_position), start=1):
        refs = [ref(s) for s in members]
        found = find_conflicts(fact_id, list(zip(members, refs)), alignment.similarity)
        conflicts += found
        outlets = sorted({r.outlet for r in refs})
        stating = [s for s in members if states_fact(s)]
        facts.append(
            Fact(
                id=fact_id,
                text=neutral_wording([ref(s) for s in stating], spans),
                evidence=refs,
                outlets=outlets,
                status=FactStatus.CONFLICTING if found else FactStatus.CORROBORATED if len(outlets) > 1 else FactStatus.SINGLE_SOURCE,
                attributed_to=stating[0].attribution if all(s.attribution for s in stating) else None,
            )
        )
    return StoryReport(
        story=story,
        articles=[_info(a) for a in articles],
        facts=facts,
        coverage=coverage(facts, sentences, outlet_of, ref),
        conflicts=conflicts,
        framing=outlet_profiles(articles, spans),
        spans=spans,
        summary=write_summary(facts),
    )


def _ref(sentence: Sentence, outlet_of: dict[str, str]) -> SentenceRef:
    return SentenceRef(
        article_id=sentence.article_id,
        position=sentence.position,
        outlet=outlet_of[sentence.article_id],
        role=sentence.role,
        text=sentence.text,
        start=sentence.start,
        end=sentence.end,
    )


def _info(article: Article) -> ArticleInfo:
    return ArticleInfo(
        id=article.id,
        outlet=article.outlet.name,
        outlet_guessed=article.outlet.guessed,
        title=article.title,
        url=article.url,
        published=article.published,
        source=article.source,
        body_words=article.body_words,
    )

"""The neutral summary: the best-supported facts, each in its least loaded wording, cited.

A reader should be able to trust every sentence of it, so each one carries the outlets that
state it, single-source facts come in only to reach the minimum length and say so, and the
wording is chosen, then cleaned, to carry as little loaded language as the outlets allow.
"""

from __future__ import annotations

from storylens.model import Fact, FactStatus, FramingSpan, SentenceRef, SummarySentence

MIN_SENTENCES = 5
MAX_SENTENCES = 10


def own_voice_spans(ref: SentenceRef, spans: list[FramingSpan]) -> list[FramingSpan]:
    """Loaded spans inside the sentence that are the outlet's words, not a quoted speaker's."""
    return [
        s for s in spans if s.article_id == ref.article_id and ref.start <= s.start and s.end <= ref.end and not s.quoted
    ]


def neutral_wording(evidence: list[SentenceRef], spans: list[FramingSpan]) -> str:
    """The member sentence with the fewest loaded spans, with the rest replaced by neutral alternatives."""
    best = min(evidence, key=lambda ref: (len(own_voice_spans(ref, spans)), len(ref.text)))
    text = best.text
    for span in sorted(own_voice_spans(best, spans), key=lambda s: -s.start):
        if span.neutral:
            offset = span.start - best.start
            text = text[:offset] + span.neutral + text[offset + len(span.text) :]
    return text[0].upper() + text[1:] if text else text


def write_summary(facts: list[Fact]) -> list[SummarySentence]:
    """Pick the facts with most outlets, fill up with single-source ones, and tell them in story order.

    Fact ids follow the order in which the articles tell the facts, so they are the story order.
    """
    ranked = sorted(facts, key=lambda f: (-len(f.outlets), f.id))
    chosen = [f for f in ranked if f.status != FactStatus.SINGLE_SOURCE][:MAX_SENTENCES]
    if len(chosen) < MIN_SENTENCES:
        chosen += [f for f in ranked if f.status == FactStatus.SINGLE_SOURCE][: MIN_SENTENCES - len(chosen)]
    return [
        SummarySentence(
            text=fact.text,
            fact_id=fact.id,
            citations=fact.outlets,
            single_source=fact.status == FactStatus.SINGLE_SOURCE,
        )
        for fact in sorted(chosen, key=lambda f: f.id)
    ]

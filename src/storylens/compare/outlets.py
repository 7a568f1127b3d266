"""Framing per outlet: loaded wording, tone, subjectivity, sourcing and quoting, headline beside body.

Every measure is a rate or a mean, so that outlets with long and short articles compare fairly.
Loaded spans in quotes are the speaker's words, not the outlet's: they are counted apart from the
outlet's own (`quoted_loaded_spans`) and left out of its rates. The headline (with the standfirst
under it, where tabloids put their mockery) is measured apart because it is where an outlet frames
a story most and where most readers stop. Hedges ("may well", "remains to be seen") are shown in the
report but are not loaded language, and are not counted.

Wire copy: an article that the cluster stage linked as a near-duplicate of another article of the
same outlet (the same text run twice, or updated) is left out of that outlet's measures, so its
wording is counted once. A copy of another outlet's article stays in its carrier's profile: the
carrier chose to publish those words, and often its own headline over them; the report names the
original beside it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from statistics import mean

from storylens.framing.placement import quoted_chars
from storylens.model import SECTION_SEPARATOR, AnalyzedArticle, FramingSpan, LeanCoverage, OutletProfile, Role

DISPLAY_ROLES = frozenset({Role.HEADLINE, Role.STANDFIRST})


def outlet_profiles(items: list[AnalyzedArticle], spans: list[FramingSpan]) -> list[OutletProfile]:
    """One profile per outlet, from its analysed articles (with each sentence's tone) and the framing spans found in them."""
    outlets = sorted({item.article.outlet.name for item in items})
    return [_profile(outlet, [i for i in items if i.article.outlet.name == outlet], spans) for outlet in outlets]


def lean_coverage(outlets: Iterable[str], leans: Mapping[str, str]) -> list[LeanCoverage]:
    """The outlets grouped by the lean the user gave each, largest group first and those without a
    lean last; nothing when none has a lean, so a user who gave no leans sees no empty bar."""
    groups: dict[str | None, list[str]] = {}
    for outlet in sorted(set(outlets), key=str.casefold):
        groups.setdefault(leans.get(outlet), []).append(outlet)
    if set(groups) <= {None}:
        return []
    order = sorted(groups, key=lambda lean: (lean is None, -len(groups[lean]), (lean or "").casefold()))
    return [LeanCoverage(lean=lean, outlets=groups[lean]) for lean in order]


def blindspot(coverage: list[LeanCoverage], share: float) -> LeanCoverage | None:
    """The lean of at least `share` of the outlets whose lean is known, where two or more are: a
    story one side covers and the others leave out. One outlet alone is no pattern."""
    known = [group for group in coverage if group.lean is not None]
    total = sum(len(group.outlets) for group in known)
    if total < 2:
        return None
    top = max(known, key=lambda group: len(group.outlets))
    return top if len(top.outlets) >= share * total else None


def once_each(items: list[AnalyzedArticle]) -> list[AnalyzedArticle]:
    """One outlet's articles without those that copy another of them (never none: a cycle of copies keeps its first)."""
    ids = {item.article.id for item in items}
    kept = [item for item in items if item.copy_of not in ids or item.copy_of == item.article.id]
    return kept or items[:1]


def _profile(outlet: str, every: list[AnalyzedArticle], spans: list[FramingSpan]) -> OutletProfile:
    items = once_each(every)
    articles = [item.article for item in items]
    display_end = {a.id: len(a.title) + (len(SECTION_SEPARATOR) + len(a.standfirst) if a.standfirst else 0) for a in articles}
    kept = [s for s in spans if s.article_id in display_end and s.kind.loaded]
    own = [s for s in kept if not s.quoted]
    words = sum(a.body_words for a in articles)
    body = [s for item in items for s in item.sentences if s.role is Role.BODY]
    paragraphs = [p for a in articles for p in a.body]
    characters = sum(len(p) for p in paragraphs)
    return OutletProfile(
        outlet=outlet,
        outlet_guessed=any(item.article.outlet.guessed for item in every),
        article_ids=[item.article.id for item in every],
        body_words=words,
        loaded_spans=len(own),
        quoted_loaded_spans=len(kept) - len(own),
        loaded_per_1000_words=round(1000 * len(own) / words, 2) if words else 0.0,
        tone=_mean([s.tone for s in body if s.tone is not None]),
        subjectivity=_mean([s.subjectivity for s in body if s.subjectivity is not None]),
        attributed_share=_mean([float(s.attribution is not None) for s in body]),
        quoted_share=round(sum(quoted_chars(p) for p in paragraphs) / characters, 3) if characters else None,
        headline_loaded_spans=sum(1 for s in own if s.end <= display_end[s.article_id]),
        headline_tone=_mean([s.tone for item in items for s in item.sentences if s.role in DISPLAY_ROLES and s.tone is not None]),
    )


def _mean(values: list[float]) -> float | None:
    """Rounded for the report; None when there is nothing to measure, which is not the same as 0."""
    return round(mean(values), 3) if values else None

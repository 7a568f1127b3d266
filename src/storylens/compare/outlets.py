"""Framing per outlet: how much loaded language each outlet uses in its own voice."""

from __future__ import annotations

from storylens.model import Article, FramingSpan, OutletProfile


def outlet_profiles(articles: list[Article], spans: list[FramingSpan]) -> list[OutletProfile]:
    """Spans per 1,000 body words, so long and short articles compare fairly; quotes are not counted."""
    profiles = []
    for outlet in sorted({a.outlet.name for a in articles}):
        mine = [a for a in articles if a.outlet.name == outlet]
        ids = {a.id for a in mine}
        words = sum(a.body_words for a in mine)
        loaded = sum(1 for s in spans if s.article_id in ids and not s.quoted)
        profiles.append(
            OutletProfile(
                outlet=outlet,
                outlet_guessed=any(a.outlet.guessed for a in mine),
                article_ids=[a.id for a in mine],
                body_words=words,
                loaded_spans=loaded,
                loaded_per_1000_words=round(1000 * loaded / words, 2) if words else 0.0,
            )
        )
    return profiles

"""Finding what a page or API route shows, or answering 404: shared so both say the same."""

from __future__ import annotations

from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException

from storylens.model import Article, FramingSpan, OutletRecord, StoryReport
from storylens.pipeline import outlet_profile
from storylens.store import Store
from storylens.web.queries import SQLITE_INTEGERS
from storylens.web.state import AppState


class ArticleDetail(BaseModel):
    """One article with its story and its loaded spans, as the article page shows it."""

    article: Article
    story_id: int | None = Field(description="None until the cluster stage has placed the article.")
    spans: list[FramingSpan] = Field(description="Loaded spans, as its story's report finds them.")


def report_of(state: AppState, store: Store, story_id: int) -> StoryReport:
    """The story's report from the cache, or 404; an id beyond SQLite's integers names no story."""
    if story_id not in SQLITE_INTEGERS:
        raise HTTPException(404, f"no story {story_id}")
    try:
        return state.reports.get(store, story_id)
    except KeyError:
        raise HTTPException(404, f"no story {story_id}") from None


def article_detail(state: AppState, store: Store, article_id: str) -> ArticleDetail:
    """The article, its story and its spans, or 404; spans come from the (cached) story report."""
    try:
        article = store.article(article_id)
    except KeyError:
        raise HTTPException(404, "no such article") from None
    story_id = store.story_of(article_id)
    report = report_of(state, store, story_id) if story_id is not None else None
    spans = [span for span in report.spans if span.article_id == article_id] if report else []
    return ArticleDetail(article=article, story_id=story_id, spans=spans)


def outlet_profile_of(state: AppState, store: Store, name: str) -> OutletRecord:
    """The outlet across its stories, from the stored or cached reports (compared in memory where
    there are none), or 404."""
    profile = outlet_profile(store, name, lambda story_id: state.reports.get(store, story_id))
    if profile is None:
        raise HTTPException(404, "no such outlet")
    return profile

"""The cluster stage: online story detection over articles in publication order.

Each new article is compared only with the stories seen within the time window, joins the most
similar one above the threshold, or opens a new story. A story's profile is updated in place, so
new articles never make the old stories be recomputed.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from storylens.cluster.profile import article_profile, merge, similarity
from storylens.config import Settings
from storylens.model import AnalyzedArticle, Story
from storylens.store import Store


def best_story(
    profile: dict, candidates: list[tuple[Story, dict]], threshold: float
) -> tuple[Story, dict] | None:
    scored = [(similarity(profile, story_profile), story.id, story, story_profile) for story, story_profile in candidates]
    scored = [s for s in scored if s[0] >= threshold]
    if not scored:
        return None
    _, _, story, story_profile = max(scored, key=lambda s: (s[0], -s[1]))
    return story, story_profile


def cluster_new_articles(
    store: Store, settings: Settings, progress: Callable[[int], None] = lambda _: None
) -> list[int]:
    """Assign every analysed article without a story; returns the ids of stories that changed."""
    window = timedelta(days=settings.story_window_days)
    touched: list[int] = []
    for item in store.unclustered_articles():
        published = item.article.published
        candidates = store.open_stories(published - window if published else None)
        profile = article_profile(item)
        with store.transaction() as db:
            story_id = store.save_story(db, *_joined(item, profile, best_story(profile, candidates, settings.story_threshold)))
        if story_id not in touched:
            touched.append(story_id)
        progress(1)
    return touched


def _joined(item: AnalyzedArticle, profile: dict, match: tuple[Story, dict] | None) -> tuple[Story, dict]:
    published = item.article.published
    if match is None:
        story = Story(
            id=0,
            label=item.article.title,
            article_ids=[item.article.id],
            outlets=[item.article.outlet.name],
            first_seen=published,
            last_seen=published,
        )
        return story, profile
    story, story_profile = match
    dates = [d for d in (story.first_seen, story.last_seen, published) if d is not None]
    story = story.model_copy(
        update={
            "article_ids": story.article_ids + [item.article.id],
            "first_seen": min(dates, default=None),
            "last_seen": max(dates, default=None),
        }
    )
    return story, merge(story_profile, profile)

"""The cluster stage: online story detection over articles in publication order.

Each new article is first checked for being a near-duplicate of one already clustered (wire copy
carried again), and then joins its original's story; otherwise it is compared only with the
stories seen within the time window, joins the most similar one above the threshold, or opens a
new story. A story's profile is updated in place, so new articles never make the old stories be
recomputed.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from storylens.cluster.duplicates import SCHEME, DuplicateIndex, signature, to_blob
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
    """Assign every analysed article without a story; returns the ids of stories that changed.

    A near-duplicate of an article already clustered joins that article's story whatever the
    similarity of profiles says, and leaves the story's profile as it was: it adds an outlet, not a voice.
    """
    window = timedelta(days=settings.story_window_days)
    pending = store.unclustered_articles()
    dates = [item.article.published for item in pending if item.article.published]
    index = DuplicateIndex.from_store(store, min(dates) - window if dates else None)
    undated = len(dates) < len(pending)
    open_stories = OpenStories(store.open_stories(None if undated or not dates else min(dates) - window))
    touched: list[int] = []
    for item in pending:
        article = item.article
        minhash = signature(article)
        copy = index.original_of(minhash) if minhash else None
        original_story = store.story_of(copy[0]) if copy else None
        if original_story:
            story, story_profile = _joined(item, None, original_story)
        else:
            profile = article_profile(item)
            candidates = open_stories.seen_since(article.published - window if article.published else None)
            story, story_profile = _joined(item, profile, best_story(profile, candidates, settings.story_threshold))
        with store.transaction() as db:
            story_id = store.save_story(db, story, story_profile)
            if minhash:
                store.save_signature(db, article.id, SCHEME, to_blob(minhash))
            if copy:
                store.save_duplicate(db, article.id, *copy)
        open_stories.update(store.story_of(article.id))
        if minhash:
            index.add(article.id, minhash, article.published, copy[0] if copy else None)
        if story_id not in touched:
            touched.append(story_id)
        progress(1)
    return touched


class OpenStories:
    """The stories an article of this run may join, read from the store once and kept as they
    change, instead of reading every story of the window again for each article."""

    def __init__(self, stories: list[tuple[Story, dict]]) -> None:
        self.by_id = {story.id: (story, profile) for story, profile in stories}

    def seen_since(self, since: datetime | None) -> list[tuple[Story, dict]]:
        """Stories last seen on or after `since`, and undated ones: the store's `open_stories` rule."""
        return [
            (story, profile)
            for story, profile in self.by_id.values()
            if since is None or story.last_seen is None or story.last_seen >= since
        ]

    def update(self, stored: tuple[Story, dict] | None) -> None:
        if stored:
            self.by_id[stored[0].id] = stored


def _joined(item: AnalyzedArticle, profile: dict | None, match: tuple[Story, dict] | None) -> tuple[Story, dict]:
    """The story after the article joins `match` (or opens a new one); a None profile leaves the
    story's profile unchanged."""
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
        return story, profile or {}
    story, story_profile = match
    dates = [d for d in (story.first_seen, story.last_seen, published) if d is not None]
    story = story.model_copy(
        update={
            "article_ids": story.article_ids + [item.article.id],
            "first_seen": min(dates, default=None),
            "last_seen": max(dates, default=None),
        }
    )
    return story, merge(story_profile, profile) if profile else story_profile

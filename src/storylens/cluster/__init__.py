"""The cluster stage: online story detection over articles in publication order.

Each new English article is first checked for being a near-duplicate of one already clustered
(wire copy carried again), and then joins its original's story; otherwise it is scored against
the open stories sharing a key with it (`candidates`), joins the most similar one above the
threshold, or opens a new story. Stories that go quiet are closed as the articles move on.
A story's profile is updated in place, so new articles never make the old stories be recomputed,
and clustering reads only each article's text: the deep analysis waits until a story is compared.

Articles are placed in batches, one transaction each: a crash loses at most the batch in flight,
and the next run places it again from the same state, so a run that was killed, a run in three
ingests and a re-clustering of the whole store give the same stories.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta

from storylens.cluster.candidates import OpenStories, OpenStory
from storylens.cluster.duplicates import SCHEME, DuplicateIndex, signature, to_blob
from storylens.cluster.profile import Profile, Query, merge
from storylens.cluster.representation import Representation
from storylens.config import Settings
from storylens.model import Article, Story
from storylens.store import Store

BATCH = 50
"""Articles placed per transaction."""


def join_threshold(settings: Settings, open_stories: int) -> float:
    """The similarity an article needs to join a story when `open_stories` are open: the sparse
    threshold for one, rising with the logarithm of the count to the dense one at
    `dense_open_stories`. A dense stream (a day of 500 articles, or undated input, where no story
    ever closes) gives every unrelated story its chance to look alike: on 10,000 synthetic articles
    at 500 a day (benchmarks.throughput) a fixed 0.20 gave BCubed precision 0.64, and 0.30 gave 0.93."""
    low, high = settings.cluster.story_threshold, settings.cluster.dense_story_threshold
    share = math.log1p(max(open_stories - 1, 0)) / math.log1p(max(settings.cluster.dense_open_stories - 1, 1))
    return low + (high - low) * min(share, 1.0)


@dataclass
class ClusterStats:
    """What a run did, for the benchmark and the candidate-index check."""

    articles: int = 0
    scored: int = 0
    """Article-to-story similarities computed: the cost the candidate index saves."""
    copies: int = 0
    peak_open: int = 0
    """The most stories open at once: what the run's memory follows."""
    peak_signatures: int = 0
    """The most MinHash signatures in the duplicate index at once."""


def cluster_new_articles(
    store: Store,
    settings: Settings,
    progress: Callable[[int], None] = lambda _: None,
    stats: ClusterStats | None = None,
) -> list[int]:
    """Place every English article without a story; returns the ids of stories that changed."""
    pending = store.unclustered()
    if not pending:
        return []
    representation = Representation.named(settings)
    window = timedelta(days=settings.cluster.story_window_days)
    dates = [published for _, published in pending if published]
    newest = store.newest_story_date()
    since = min(dates) - window if dates else (newest - window if newest else None)
    placer = Placer(
        store,
        settings,
        representation,
        OpenStories(
            with_vectors(store, representation, store.open_stories(since)), exhaustive=settings.cluster.cluster_candidates == "all"
        ),
        DuplicateIndex.from_store(store, since, settings.cluster.copy_threshold),
        stats or ClusterStats(),
    )
    for batch in _batches([article_id for article_id, _ in pending], BATCH):
        articles = store.articles(batch)
        placer.place(articles, representation.profiles(articles))
        progress(len(batch))
    return list(placer.touched)


def with_vectors(store: Store, representation: Representation, stories: list[tuple[Story, Profile]]) -> list[tuple[Story, Profile]]:
    """The open stories, each with the vector the representation compares where it has none: the
    sum of its original articles' vectors, as if it had been clustered this way, written back so
    that it is made once. A store clustered by `terms` (the default before 2026-12-06) holds
    stories without one, and those would score half their similarity and take no new article of
    their event."""
    if representation.encoder is None:
        return stories
    bare = [story for story, profile in stories if "vector" not in profile]
    if not bare:
        return stories
    members = [article_id for story in bare for article_id in story.article_ids]
    copies = store.originals(members)
    articles = store.articles([article_id for article_id in members if article_id not in copies])
    vector_of = {article.id: vector for article, vector in zip(articles, representation.vectors(articles))}
    completed = []
    with store.transaction():
        for story, profile in stories:
            vectors = [vector_of[article_id] for article_id in story.article_ids if article_id in vector_of]
            if "vector" not in profile and vectors:
                profile = {**profile, "vector": [sum(values) for values in zip(*vectors)]}
                store.update_story(story, profile)
            completed.append((story, profile))
    return completed


def _batches(items: list[str], size: int) -> Iterator[list[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


@dataclass
class Placer:
    """Places articles one by one, keeping the open stories and the duplicate index as they change."""

    store: Store
    settings: Settings
    representation: Representation
    open_stories: OpenStories
    copies: DuplicateIndex
    stats: ClusterStats

    def __post_init__(self) -> None:
        self.touched: dict[int, None] = {}
        """Ids of the stories this run opened or changed, in the order first touched."""
        self.window = timedelta(days=self.settings.cluster.story_window_days)

    def place(self, articles: list[Article], profiles: list[Profile]) -> None:
        """One transaction for the batch; each story that changed is written once, at its end."""
        changed: dict[int, OpenStory] = {}
        with self.store.transaction():
            for article, profile in zip(articles, profiles):
                entry = self._place_one(article, profile)
                if entry is not None:
                    changed[entry.story.id] = entry
            for entry in changed.values():
                self.store.update_story(entry.story, entry.profile)
        self.touched.update(dict.fromkeys(changed))

    def _place_one(self, article: Article, profile: Profile) -> OpenStory | None:
        """The story the article went into, or None when another process had placed it already."""
        self.stats.articles += 1
        if article.published is not None:
            self.open_stories.close_before(article.published - self.window)
            self.copies.close_before(article.published - self.window)
        self.stats.peak_open = max(self.stats.peak_open, len(self.open_stories))
        self.stats.peak_signatures = max(self.stats.peak_signatures, len(self.copies.members))
        minhash = signature(article)
        copy = self.copies.original_of(minhash) if minhash else None
        match = self.open_stories.holding(copy[0]) if copy else None
        if match is not None:
            self.stats.copies += 1
            entry = self._join(match, article, None)
        else:
            entry = self._join(self._best(article, profile), article, profile)
        if entry is None:
            return None
        if minhash:
            self.store.save_signature(article.id, SCHEME, to_blob(minhash))
            self.copies.add(article.id, minhash, article.published, copy[0] if copy else None)
        if copy:
            self.store.save_duplicate(article.id, *copy)
        return entry

    def _best(self, article: Article, profile: Profile) -> OpenStory | None:
        """The most similar candidate at or above the threshold; the older story wins a tie."""
        best: tuple[float, int, OpenStory] | None = None
        query = Query.of(profile, self.open_stories.rarity)
        threshold = join_threshold(self.settings, len(self.open_stories))
        for entry in self.open_stories.candidates(profile, query):
            self.stats.scored += 1
            gap = _days(entry.story.last_seen, article.published)
            score = self.representation.similarity(query, entry, gap)
            if score >= threshold and (best is None or (score, -entry.story.id) > best[:2]):
                best = (score, -entry.story.id, entry)
        return best[2] if best else None

    def _join(self, match: OpenStory | None, article: Article, profile: Profile | None) -> OpenStory | None:
        """Open a story for the article or add it to `match`; a None profile (a copy) adds an
        outlet, not a voice, and leaves the story's profile as it was."""
        published = article.published
        if match is None:
            story = Story(
                id=0,
                label=article.title,
                article_ids=[article.id],
                outlets=[article.outlet.name],
                first_seen=published,
                last_seen=published,
            )
            story_id = self.store.open_story(story, profile or {})
            if story_id is None:
                return None
            story = story.model_copy(update={"id": story_id})
            self.open_stories.put(story, profile or {}, profile)
            return self.open_stories.by_id[story_id]
        if not self.store.add_member(match.story.id, article.id):
            return None
        dates = [d for d in (match.story.first_seen, match.story.last_seen, published) if d is not None]
        match.story.article_ids.append(article.id)
        story = match.story.model_copy(
            update={
                "outlets": sorted(set(match.story.outlets) | {article.outlet.name}),
                "first_seen": min(dates, default=None),
                "last_seen": max(dates, default=None),
            }
        )
        self.open_stories.put(story, merge(match.profile, profile) if profile else match.profile, profile)
        return self.open_stories.by_id[story.id]


def _days(earlier: datetime | None, later: datetime | None) -> float:
    """Days from `earlier` to `later`; 0 when either is unknown."""
    if earlier is None or later is None:
        return 0.0
    return (later - earlier).total_seconds() / 86400.0

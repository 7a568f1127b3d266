"""The open stories of the time window, and the inverted index that finds an article's candidates.

An archive holds millions of stories, and even one window holds thousands, so an article is
scored only against the open stories that share one of its keys: any named entity, or one of the
heaviest terms. A story that goes quiet (its latest article older than the window before the
article being placed) is closed: it leaves the cache and the index, so memory follows the number
of stories in one window, never the number closed.
"""

from __future__ import annotations

import heapq
import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from storylens.cluster.profile import WEIGHT_MAPS, Profile, Query, norms
from storylens.model import Story

TOP_TERMS = 20
"""Terms of a story or article that enter the index: its heaviest, which say what it is about."""
CANDIDATES = 10
"""Stories scored in full per article: those sharing the most (rarity-weighted) keys with it."""
COMMON_SHARE = 0.2
COMMON_MIN = 50
"""A key held by more than this share of the open stories (and by at least `COMMON_MIN`) finds no
candidates: "say" or "official" would make every story one, and an article sharing only such
words with a story does not reach the threshold."""


def index_keys(profile: Profile) -> set[tuple[str, str]]:
    """Every entity of the profile and its heaviest terms, as (part, key) so a name and a word never meet."""
    terms = profile.get("terms", {})
    top = heapq.nlargest(TOP_TERMS, terms, key=lambda t: (terms[t], t))
    return {("entities", key) for key in profile.get("entities", {})} | {("terms", term) for term in top}


@dataclass
class OpenStory:
    """A story while it can still take articles: what clustering reads and changes."""

    story: Story
    profile: Profile
    keys: set[tuple[str, str]] = field(default_factory=set)
    norms: dict[str, float] = field(default_factory=dict)


class OpenStories:
    """The stories an article may join, read from the store once per run and kept as they change."""

    def __init__(self, stories: list[tuple[Story, Profile]], exhaustive: bool = False) -> None:
        self.exhaustive = exhaustive
        self.by_id: dict[int, OpenStory] = {}
        self.postings: dict[tuple[str, str], set[int]] = {}
        self.story_of_article: dict[str, int] = {}
        self.stories_with: Counter[tuple[str, str]] = Counter()
        """(part, key) → how many open stories hold the key: what makes a key common or rare."""
        self._expiry: list[tuple[datetime, int]] = []
        for story, profile in stories:
            self.put(story, profile, profile)

    def put(self, story: Story, profile: Profile, added: Profile | None) -> None:
        """Add a story or replace it with its new state (after `added`, an article's profile,
        joined it; None when its profile did not change), re-indexing its keys."""
        entry = self.by_id.get(story.id)
        if added:
            before = entry.profile if entry else {}
            for part in WEIGHT_MAPS:
                known = before.get(part, {})
                self.stories_with.update((part, key) for key in added.get(part, {}) if key not in known)
        old_keys = entry.keys if entry else set()
        keys = index_keys(profile)
        for key in old_keys - keys:
            self.postings[key].discard(story.id)
            if not self.postings[key]:
                del self.postings[key]
        for key in keys - old_keys:
            self.postings.setdefault(key, set()).add(story.id)
        self.by_id[story.id] = OpenStory(story, profile, keys, norms(profile))
        for article_id in story.article_ids[-1:] if entry else story.article_ids:
            self.story_of_article[article_id] = story.id
        if story.last_seen is not None:
            heapq.heappush(self._expiry, (story.last_seen, story.id))

    def close_before(self, since: datetime) -> None:
        """Close the stories last seen before `since`; undated stories stay open."""
        while self._expiry and self._expiry[0][0] < since:
            _, story_id = heapq.heappop(self._expiry)
            entry = self.by_id.get(story_id)
            if entry is None or entry.story.last_seen is None or entry.story.last_seen >= since:
                continue
            for key in entry.keys:
                self.postings[key].discard(story_id)
                if not self.postings[key]:
                    del self.postings[key]
            for article_id in entry.story.article_ids:
                self.story_of_article.pop(article_id, None)
            for part in WEIGHT_MAPS:
                for key in entry.profile.get(part, {}):
                    self.stories_with[(part, key)] -= 1
                    if not self.stories_with[(part, key)]:
                        del self.stories_with[(part, key)]
            del self.by_id[story_id]

    def rarity(self, part: str, key: str) -> float:
        """Inverse story frequency among the open stories, 1 for a key all of them hold."""
        return 1.0 + math.log((1 + len(self.by_id)) / (1 + self.stories_with.get((part, key), 0)))

    def candidates(self, profile: Profile, query: Query) -> list[OpenStory]:
        """The open stories worth scoring for an article, by story id: the `CANDIDATES` sharing
        the most weight of its index keys (each key weighed as the query weighs it)."""
        if self.exhaustive:
            return [self.by_id[i] for i in sorted(self.by_id)]
        common = max(COMMON_MIN, COMMON_SHARE * len(self.by_id))
        shared: defaultdict[int, float] = defaultdict(float)
        for part, key in index_keys(profile):
            posting = self.postings.get((part, key), ())
            if len(posting) <= common:
                weight = query.weights[part].get(key, 0.0)
                for story_id in posting:
                    shared[story_id] += weight
        best = heapq.nlargest(CANDIDATES, shared, key=lambda i: (shared[i], -i))
        return [self.by_id[i] for i in sorted(best)]

    def holding(self, article_id: str) -> OpenStory | None:
        """The open story an article is in, if any."""
        story_id = self.story_of_article.get(article_id)
        return self.by_id.get(story_id) if story_id is not None else None

    def __len__(self) -> int:
        return len(self.by_id)

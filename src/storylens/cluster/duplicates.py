"""Near-duplicate detection: wire copy that many outlets carry with small edits is one voice.

Twenty outlets running one agency story are not twenty confirmations of its facts. Each article's
body is reduced to a MinHash signature of its normalised word 5-grams; an LSH index finds earlier
articles whose estimated Jaccard similarity reaches the `copy_threshold` setting, and the new article is linked to
the earliest-published member of that duplicate group (its original). A new headline, a byline,
a copyright line or a trimmed last paragraph change few 5-grams; an independent article on the
same event shares words and names, but seldom five words in a row.

Signatures are kept in the store, so that the index of the story window is rebuilt from them when
clustering starts instead of rehashing every article; `SCHEME` names the parameters, and
signatures made with other ones are ignored.
"""

from __future__ import annotations

import heapq
import re
import unicodedata
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from itertools import islice

from datasketch import LeanMinHash, MinHash, MinHashLSH

from storylens.model import Article
from storylens.store import Store

NUM_PERM = 128
SHINGLE_WORDS = 5
SEED = 1
PERMUTATIONS = "affine32"
"""datasketch's permutation scheme (its default since 2.0); sketches of different schemes do not compare."""
SCHEME = f"minhash-{PERMUTATIONS}-{NUM_PERM}-w{SHINGLE_WORDS}-s{SEED}"
"""Stored signatures are only comparable when made with the same parameters."""
MIN_SHINGLES = 10
"""Bodies shorter than this (a teaser, a one-line brief) match by chance; they are never linked."""
HASHED_AT_ONCE = 4096
"""Shingles per datasketch batch: memory bounded by this, not by the body's length."""

_WORD = re.compile(r"\w+")


def shingles(body: Iterable[str]) -> Iterator[str]:
    """Word 5-grams of the body, lower-cased with punctuation dropped, so that quote styles, dashes
    and paragraph breaks that outlets restyle do not hide a copy. Made one at a time: a body of
    megabytes must not be held as millions of strings at once."""
    words: deque[str] = deque(maxlen=SHINGLE_WORDS)
    for paragraph in body:
        for match in _WORD.finditer(unicodedata.normalize("NFKC", paragraph).lower()):
            words.append(match.group())
            if len(words) == SHINGLE_WORDS:
                yield " ".join(words)


_PERMUTATION_PARAMETERS = MinHash(num_perm=NUM_PERM, seed=SEED, scheme=PERMUTATIONS).permutations
"""Drawn once from the seed: datasketch would draw the same ones again for every article."""


def signature(article: Article) -> LeanMinHash | None:
    """The body's MinHash, or None when the body is too short to tell a copy from a coincidence.

    Shingles are hashed `HASHED_AT_ONCE` at a time: datasketch permutes a batch as one matrix of
    batch × `NUM_PERM` integers, which for a whole 5 MB line would take a gigabyte."""
    minhash = MinHash(num_perm=NUM_PERM, seed=SEED, scheme=PERMUTATIONS, permutations=_PERMUTATION_PARAMETERS)
    distinct: set[str] = set()
    grams = shingles(article.body)
    while batch := list(islice(grams, HASHED_AT_ONCE)):
        for gram in batch:
            if len(distinct) >= MIN_SHINGLES:
                break
            distinct.add(gram)
        minhash.update_batch([g.encode("utf-8") for g in batch])
    return LeanMinHash(minhash) if len(distinct) >= MIN_SHINGLES else None


def to_blob(minhash: LeanMinHash) -> bytes:
    """datasketch's own serialisation, which keeps the seed and permutation scheme with the values."""
    buffer = bytearray(minhash.bytesize())
    minhash.serialize(buffer)
    return bytes(buffer)


def from_blob(blob: bytes) -> LeanMinHash:
    return LeanMinHash.deserialize(blob)


@dataclass(frozen=True)
class Indexed:
    """An article in the index: its signature, when it was published, and its original if a copy."""

    minhash: LeanMinHash
    published: datetime | None
    original: str | None


def _order(article_id: str, published: datetime | None) -> tuple[bool, str, str]:
    """The store's publication order: dated first by date, undated last, then by id."""
    return (published is None, published.isoformat() if published else "", article_id)


class DuplicateIndex:
    """The LSH index of the articles already clustered in the window, and their copy links."""

    def __init__(self, threshold: float) -> None:
        self.threshold = threshold
        self.lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
        self.members: dict[str, Indexed] = {}
        self._by_date: list[tuple[datetime, str]] = []

    @classmethod
    def from_store(cls, store: Store, since: datetime | None, threshold: float) -> DuplicateIndex:
        """The index of the stored signatures of articles published since `since`, with their links."""
        index = cls(threshold)
        for article_id, published, blob, original in store.signatures(SCHEME, since):
            index.add(article_id, from_blob(blob), published, original)
        return index

    def add(self, article_id: str, minhash: LeanMinHash, published: datetime | None, original: str | None) -> None:
        if article_id not in self.members:
            self.lsh.insert(article_id, minhash)
            self.members[article_id] = Indexed(minhash, published, original)
            if published is not None:
                heapq.heappush(self._by_date, (published, article_id))

    def close_before(self, since: datetime) -> None:
        """Forget the articles published before `since`: their stories are closed, and a copy
        carried days later is a new story of its own. Undated articles stay."""
        while self._by_date and self._by_date[0][0] < since:
            _, article_id = heapq.heappop(self._by_date)
            self.lsh.remove(article_id)
            del self.members[article_id]

    def original_of(self, minhash: LeanMinHash) -> tuple[str, float] | None:
        """The original of the duplicate group the signature falls in, with the estimated similarity
        to its closest member; None when it is nobody's copy.

        LSH candidates are checked against the threshold, since banding lets some lower pairs through.
        """
        scores = {c: minhash.jaccard(self.members[c].minhash) for c in self.lsh.query(minhash)}
        close = {c: score for c, score in scores.items() if score >= self.threshold}
        if not close:
            return None
        roots = {self.members[c].original or c for c in close}
        original = min(roots, key=lambda r: _order(r, self.members[r].published if r in self.members else None))
        return original, max(close.values())

"""The store: every stage's records kept between stages, behind one interface.

`Store(target)` opens SQLite (the embedded default, a file path) or PostgreSQL (a
`postgresql://` URL); both answer the same methods, and all SQL lives in this package.
"""

from storylens.store.base import SCHEMA_VERSION, Store, is_postgres, open_store, store_exists, target_name
from storylens.store.records import FeedItem, FeedState, StoreError, StoryFilter, StoryRow

__all__ = [
    "SCHEMA_VERSION",
    "FeedItem",
    "FeedState",
    "Store",
    "StoreError",
    "StoryFilter",
    "StoryRow",
    "is_postgres",
    "open_store",
    "store_exists",
    "target_name",
]

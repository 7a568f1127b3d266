"""The story list's SQL: its filters as conditions on `stories s`, its order, and its page.

Listing is read as SQL rather than by loading every `Story` to filter it in Python, which would
cost a pass over the whole store per page. Words and entities are matched against each story's
cluster profile (its content lemmas and normalised entity keys, kept up to date by the cluster
stage) as the JSON text the store holds: a key is a JSON string followed by a colon, so a LIKE
scan finds `"walrus":` exactly, several times faster than expanding the JSON of every profile.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from storylens.store.dialect import Dialect
from storylens.store.records import StoryFilter, iso

ARTICLE_COUNT = "(SELECT count(*) FROM story_articles c WHERE c.story_id = s.id)"
RECENT = "s.last_seen IS NULL, s.last_seen DESC, s.id DESC"
HAS_OUTLET = """EXISTS (SELECT 1 FROM story_articles o JOIN articles a ON a.id = o.article_id
                        WHERE o.story_id = s.id AND a.outlet = ?)"""


def order(by_size: bool) -> str:
    """Last seen first; by size, most articles first and then last seen."""
    return f"{ARTICLE_COUNT} DESC, {RECENT}" if by_size else RECENT


def conditions(dialect: Dialect, query: StoryFilter) -> tuple[list[str], list[object]]:
    """SQL conditions on `stories s` for each filter the query sets, with their parameters."""
    where: list[str] = []
    params: list[object] = []
    if query.outlet:
        where.append(HAS_OUTLET)
        params.append(query.outlet)
    if query.only is not None:
        where.append(f"s.id IN ({dialect.id_list})")
        params.append(json.dumps(query.only))
    if query.since:
        where.append("s.last_seen >= ?")
        params.append(iso(query.since))
    if query.before:
        where.append("s.first_seen < ?")
        params.append(iso(query.before))
    for forms in query.words:
        condition, patterns = _in_profile(dialect, (f"{key}:" for form in sorted(forms) for key in _json_keys(form)))
        where.append(condition)
        params += patterns
    if query.entity:
        # The cheap text scan first: the exact match parses the profile, so only for candidates.
        condition, patterns = _in_profile(dialect, (json_key[1:-1] for json_key in _json_keys(query.entity)))
        exact = f"EXISTS (SELECT 1 FROM {dialect.entities} e WHERE ' ' || e.key || ' ' {dialect.like} ? ESCAPE '\\')"
        where.append(f"({condition} AND {exact})")
        params += [*patterns, f"% {_like_escape(query.entity)} %"]
    return where, params


def _in_profile(dialect: Dialect, fragments: Iterable[str]) -> tuple[str, list[str]]:
    """A condition that the profile's JSON text contains any of `fragments`, and its parameters."""
    patterns = [f"%{_like_escape(fragment)}%" for fragment in dict.fromkeys(fragments)]
    has_text = f"s.profile {dialect.like} ? ESCAPE '\\'"
    return f"({' OR '.join([has_text] * len(patterns))})", patterns


def _json_keys(word: str) -> list[str]:
    """`word` as a JSON object key may be written, with non-ASCII letters escaped or not."""
    return [json.dumps(word), json.dumps(word, ensure_ascii=False)]


def _like_escape(text: str) -> str:
    """`text` matched literally inside a LIKE pattern with ESCAPE '\\'."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")

"""Stories never depend on the names articles came with (issue #16.6).

Undated articles without an outlet field get an outlet guessed from their file name, and that
name is part of their id. Saved under other names, the same texts must still make the same
stories: the cluster stage reads undated articles in the order of a hash of their text.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from eval.clustering_data import ECBPLUS
from storylens.config import Settings
from storylens.model import text_key
from storylens.pipeline import ingest_and_cluster
from storylens.store import Store

TOPICS = range(2, 20, 2)


def ecb_texts() -> list[str]:
    """ECB+ documents of a few topics, as plain-text articles: headline line, then the body."""
    from eval.clustering_data import _ecb_topics

    return [f"{item.article.title}\n\n" + "\n\n".join(item.article.body) for item in _ecb_topics(TOPICS) if item.article.body]


def stories_of(folder: Path, texts: list[str], names: list[str]) -> set[frozenset[str]]:
    """The stories made of the texts saved under these names, each as the set of its texts' hashes."""
    folder.mkdir()
    for name, text in zip(names, texts):
        (folder / name).write_text(text, encoding="utf-8")
    with Store(folder / "store.db") as store:
        placed = ingest_and_cluster(store, [folder], Settings())
        assert not placed.ingest.problems
        articles = {a.id: a for a in store.articles(placed.ingest.added)}
        return {frozenset(text_key(articles[a].title, articles[a].body) for a in s.article_ids) for s in store.stories()}


def test_the_same_texts_under_other_file_names_make_the_same_stories(tmp_path: Path) -> None:
    if not ECBPLUS.exists():
        pytest.skip("ECB+ is not in ../shared/data")
    texts = ecb_texts()
    count = len(texts)
    first = stories_of(tmp_path / "a", texts, [f"report-{n:03d}.txt" for n in range(count)])
    second = stories_of(tmp_path / "b", texts, [f"{(7 * n) % 1000:03d}-zz-{count - n}.txt" for n in range(count)])
    assert len(first) > 5
    assert first == second

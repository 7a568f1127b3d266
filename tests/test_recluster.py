"""Batch mode: `storylens cluster --rebuild` makes the stories that streaming the same articles in
date order makes, and a SIGKILL in the middle of it loses nothing and duplicates nothing."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

from benchmarks.crashes import placed
from storylens.config import Settings
from storylens.model import Article
from storylens.pipeline import cluster_pending, recluster
from storylens.store import Store
from tests.conftest import make_article
from tests.test_cluster import DAY
from tests.test_crash import assert_sound

STORYLENS = Path(sys.executable).parent / "storylens"
TOPICS = [
    ("Lisbon", "tram drivers strike over pay", "union"),
    ("Osaka", "warehouse fire burns overnight", "firefighters"),
    ("Quito", "volcano ash closes airport", "geologists"),
    ("Cardiff", "council approves stadium roof", "councillors"),
    ("Hanoi", "metro line opens to crowds", "commuters"),
    ("Perth", "shark sighting shuts beaches", "lifeguards"),
    ("Montreal", "ice storm cuts power", "linemen"),
    ("Gdansk", "shipyard wins ferry order", "welders"),
]
OUTLETS = ["Harbour Gazette", "Northern Courier", "Valley Times", "Coast Daily"]


def stream(days: int = 12) -> list[Article]:
    """Two topics a day for `days` days, each told by every outlet in its own words; topics come
    back every four days, so a story may stay open across days or close and open again."""
    articles = []
    for day in range(days):
        for slot in range(2):
            place, what, who = TOPICS[(2 * day + slot) % len(TOPICS)]
            for number, outlet in enumerate(OUTLETS):
                body = [
                    f"{place}: {what}, {outlet} reported on day {day}.",
                    f"The {who} of {place} said the {what.split()[-1]} news was {number + day} hours old.",
                ]
                when = DAY + timedelta(days=day, hours=3 * slot + number)
                articles.append(make_article(outlet, f"{place} {what}", body, when))
    return articles


def partition(store: Store) -> set[frozenset[str]]:
    return {frozenset(story.article_ids) for story in store.stories()}


def test_streaming_in_three_ingests_gives_the_stories_of_one_rebuild(store_target):
    articles = sorted(stream(), key=lambda a: a.published)
    third = len(articles) // 3
    with Store(store_target) as store:
        for part in (articles[:third], articles[third : 2 * third], articles[2 * third :]):
            store.add_articles(part)
            cluster_pending(store, Settings())
        streamed = partition(store)
        recluster(store, Settings())
        rebuilt = partition(store)
    assert rebuilt == streamed
    assert sum(len(s) for s in streamed) == len(articles)
    assert 8 < len(streamed) < len(articles) / 2, "topics grouped, and a topic back after days is a new story"


def test_a_rebuild_with_another_threshold_changes_the_stories_and_keeps_every_article(store_target):
    with Store(store_target) as store:
        store.add_articles(stream(days=4))
        cluster_pending(store, Settings())
        before = partition(store)
        recluster(store, Settings().updated(story_threshold=0.95))
        after = partition(store)
        assert store.counts()["unclustered"] == 0 and store.counts()["empty stories"] == 0
    assert len(after) > len(before)
    assert set().union(*after) == set().union(*before)


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(STORYLENS), *args], check=False, capture_output=True, text=True, env={**os.environ, "COLUMNS": "200"}, timeout=300
    )


def test_a_rebuild_killed_half_way_leaves_a_sound_store_and_running_it_again_completes_it(tmp_path):
    db = tmp_path / "s.db"
    articles = stream(days=40)
    with Store(db) as store:
        store.add_articles(articles)
        cluster_pending(store, Settings())
        expected = partition(store)
    process = subprocess.Popen([str(STORYLENS), "cluster", "--rebuild", "--db", str(db)], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    seen_empty = False
    while process.poll() is None:
        count = placed(db)
        seen_empty = seen_empty or count == 0
        if seen_empty and count > 0:
            break
        time.sleep(0.002)
    process.send_signal(signal.SIGKILL)
    process.communicate()
    assert_sound(db)
    with Store(db) as store:
        assert 0 < store.counts()["articles"] - store.counts()["unclustered"] < len(articles), "the kill missed the rebuild"
        assert store.counts()["articles"] == len(articles)

    again = run_cli("cluster", "--rebuild", "--db", str(db))
    assert again.returncode == 0, again.stderr
    assert_sound(db)
    with Store(db) as store:
        assert partition(store) == expected
        memberships = store.db.execute("SELECT count(*), count(DISTINCT article_id) FROM story_articles").fetchone()
    assert memberships == (len(articles), len(articles))


def test_the_cluster_command_completes_a_store_and_refuses_an_unknown_representation(store_target):
    db = store_target
    with Store(db) as store:
        store.add_articles(stream(days=2))
    done = run_cli("cluster", "--db", str(db))
    assert done.returncode == 0, done.stderr
    assert "story(ies) of 16 article(s)" in done.stdout
    bad = subprocess.run(
        [str(STORYLENS), "cluster", "--rebuild", "--db", str(db)],
        check=False,
        capture_output=True, text=True, env={**os.environ, "STORYLENS_CLUSTER_REPRESENTATION": "words"}, timeout=120,
    )
    assert bad.returncode == 2
    assert bad.stderr.strip().count("\n") == 0 and "cluster.cluster_representation: 'words' is not one of terms" in bad.stderr
    with Store(db) as store:
        assert store.counts()["unclustered"] == 0, "a refused rebuild forgets nothing"

"""Clustering at archive scale: no analysis needed, English only, quiet stories closed, candidates
from the index giving the stories of the exhaustive scan, and each representation by name."""

from __future__ import annotations

from datetime import timedelta

import pytest

from storylens.cluster import ClusterStats, join_threshold
from storylens.cluster.representation import UnknownRepresentation
from storylens.config import Settings
from storylens.model import Article
from storylens.pipeline import analyze_pending, cluster_pending, story_report
from storylens.store import Store
from tests.conftest import make_article
from tests.test_cluster import BUDGET, DAY, QUAKE_A, QUAKE_B

EVENTS = [
    ("Lisbon", "tram strike", "drivers walked out over pay"),
    ("Osaka", "warehouse fire", "firefighters battled flames overnight"),
    ("Nairobi", "marathon record", "runners broke the course time"),
    ("Quito", "volcano alert", "geologists measured rising ash"),
    ("Cardiff", "stadium vote", "councillors approved a new roof"),
    ("Hanoi", "metro opening", "commuters crowded the first trains"),
    ("Perth", "shark sighting", "lifeguards closed two beaches"),
    ("Montreal", "ice storm", "linemen restored cut power"),
    ("Gdansk", "shipyard contract", "welders won a ferry order"),
    ("Cusco", "museum theft", "detectives traced stolen gold"),
]


def three_articles(later: timedelta = timedelta()) -> list[Article]:
    """A quake told by two outlets and a rate decision by a third, on `DAY` (or `later` than it)."""
    return [
        make_article("Outlet A", "Earthquake kills 12 in southern Peru", QUAKE_A, DAY + later),
        make_article("Outlet B", "Deadly quake hits Arequipa", QUAKE_B, DAY + later + timedelta(hours=3)),
        make_article("Outlet C", "ECB holds rates as inflation eases", BUDGET, DAY + later + timedelta(hours=5)),
    ]


def event_articles(days: int, outlets: int = 2) -> list[Article]:
    """One event a day, its own place and words (cycling through `EVENTS`), told by `outlets` outlets."""
    articles = []
    for day in range(days):
        place, happening, detail = EVENTS[day % len(EVENTS)]
        for outlet in range(outlets):
            body = [f"In {place}, {detail}.", f"The {happening} in {place} was over by {day + 1}."]
            articles.append(make_article(f"Outlet {outlet}", f"{place} {happening}", body, DAY + timedelta(days=day, hours=outlet)))
    return articles


def partition(store: Store) -> set[frozenset[str]]:
    return {frozenset(story.article_ids) for story in store.stories()}


def test_clustering_needs_no_analysis_and_the_first_report_analyses_its_story(tmp_path):
    with Store(tmp_path / "s.db") as store:
        store.add_articles(three_articles())
        cluster_pending(store, Settings())
        assert store.counts()["analysed"] == 0
        (quake,) = [s for s in store.stories() if len(s.article_ids) == 2]
        report = story_report(store, quake.id, Settings())
        assert store.counts()["analysed"] == 2
    assert any(len(fact.outlets) == 2 for fact in report.facts)


def test_a_read_only_report_analyses_in_memory_and_keeps_nothing(tmp_path):
    with Store(tmp_path / "s.db") as store:
        store.add_articles(three_articles())
        cluster_pending(store, Settings())
        (quake,) = [s for s in store.stories() if len(s.article_ids) == 2]
        report = story_report(store, quake.id, Settings(), keep=False)
        assert store.counts()["analysed"] == 0
    assert report.facts and {a.outlet for a in report.articles} == {"Outlet A", "Outlet B"}


def test_articles_in_another_language_stay_stored_but_are_neither_clustered_nor_analysed(tmp_path):
    german = make_article("Zeitung", "Erdbeben in Peru", ["Ein Erdbeben der Stärke 6,8 erschütterte Arequipa."], DAY)
    german = german.model_copy(update={"language": "de"})
    with Store(tmp_path / "s.db") as store:
        store.add_articles([*three_articles(), german])
        cluster_pending(store, Settings())
        analyze_pending(store, Settings())
        counts = store.counts()
        assert store.article(german.id) == german
    assert counts["articles"] == 4 and counts["analysed"] == 3
    assert counts["unclustered"] == 0 and counts["not English"] == 1
    assert counts["stories"] == 2


def test_stories_that_go_quiet_are_closed_and_leave_memory(tmp_path):
    stats = ClusterStats()
    with Store(tmp_path / "s.db") as store:
        store.add_articles(event_articles(days=30))
        cluster_pending(store, Settings(), stats=stats)
        assert len(store.stories()) == 30
    assert stats.articles == 60
    assert stats.peak_open <= 5, "a 3-day window of one story a day holds four or five stories, not thirty"
    assert stats.peak_signatures <= 10


def test_the_candidate_index_gives_the_stories_of_the_exhaustive_scan_and_scores_fewer(tmp_path):
    results = {}
    for candidates in ("index", "all"):
        stats = ClusterStats()
        with Store(tmp_path / f"{candidates}.db") as store:
            store.add_articles(event_articles(days=10, outlets=3) + three_articles())
            cluster_pending(store, Settings().updated(story_window_days=30, cluster_candidates=candidates), stats=stats)
            results[candidates] = (partition(store), stats.scored)
    assert results["index"][0] == results["all"][0]
    assert len(results["index"][0]) == 12
    assert results["index"][1] < results["all"][1] / 2


def test_the_index_agrees_with_the_exhaustive_scan_on_basil(tmp_path):
    basil = pytest.importorskip("eval.basil")
    try:
        articles = [item.article for item in basil.load_basil()]
    except SystemExit:
        pytest.skip("BASIL is not in ../shared/data")
    results = {}
    for candidates in ("index", "all"):
        stats = ClusterStats()
        with Store(tmp_path / f"{candidates}.db") as store:
            store.add_articles(articles)
            cluster_pending(store, Settings().updated(cluster_candidates=candidates), stats=stats)
            results[candidates] = (partition(store), stats.scored / stats.articles)
    assert results["index"][0] == results["all"][0]
    assert results["index"][1] <= results["all"][1]


@pytest.mark.parametrize(("name", "threshold"), [("embedding", 0.5), ("terms+embedding", 0.3)])
def test_each_representation_groups_the_same_event_and_parts_another(tmp_path, name, threshold):
    with Store(tmp_path / "s.db") as store:
        store.add_articles(three_articles())
        cluster_pending(store, Settings().updated(cluster_representation=name, story_threshold=threshold))
        stories = sorted(store.stories(), key=lambda s: -len(s.article_ids))
    assert [s.outlets for s in stories] == [["Outlet A", "Outlet B"], ["Outlet C"]]


def test_stories_clustered_by_terms_take_their_next_article_under_the_default(tmp_path):
    """A store clustered before the default changed holds stories without vectors; they must
    still take the articles of their event, and each is given its vector once (written back),
    not again at every run, even a story that takes nothing."""
    quake_a, quake_b, budget = three_articles()
    with Store(tmp_path / "s.db") as store:
        store.add_articles([quake_a, budget])
        cluster_pending(store, Settings().updated(cluster_representation="terms"))
        store.add_articles([quake_b])
        cluster_pending(store, Settings())
        profiles = {tuple(sorted(story.article_ids)): profile for story, profile in store.open_stories(None)}
    assert sorted(profiles) == sorted([tuple(sorted([quake_a.id, quake_b.id])), (budget.id,)])
    assert all(len(profile["vector"]) == 384 for profile in profiles.values())


def test_an_unknown_representation_is_refused_with_the_choices(tmp_path):
    with Store(tmp_path / "s.db") as store:
        store.add_articles(three_articles())
        with pytest.raises(UnknownRepresentation, match="terms\\+embedding"):
            cluster_pending(store, Settings().updated(cluster_representation="bag-of-words"))
        assert store.counts()["stories"] == 0


def test_the_more_stories_are_open_the_more_alike_an_article_must_be_to_join_one():
    settings = Settings()
    assert join_threshold(settings, 1) == settings.cluster.story_threshold
    dense = settings.cluster.dense_open_stories
    assert join_threshold(settings, 2) < join_threshold(settings, dense // 2) < join_threshold(settings, dense)
    assert join_threshold(settings, dense) == join_threshold(settings, 5000) == settings.cluster.dense_story_threshold


def test_a_crowded_stream_holds_its_articles_to_the_dense_threshold(tmp_path):
    """The quake pair joins when it is all there is; with other stories open at the same time (as
    in a day of archive news, or undated input) the same pair must clear a higher threshold."""
    crowded = Settings().updated(dense_story_threshold=0.99, dense_open_stories=3)
    with Store(tmp_path / "sparse.db") as store:
        store.add_articles(three_articles())
        cluster_pending(store, crowded)
        assert sorted(len(s.article_ids) for s in store.stories()) == [1, 2]
    with Store(tmp_path / "crowded.db") as store:
        store.add_articles(event_articles(days=8, outlets=1) + three_articles(later=timedelta(days=2)))
        cluster_pending(store, crowded)
        quake = {a.id for a in three_articles()[:2]}
        assert not any(quake <= set(s.article_ids) for s in store.stories())

"""Story detection: same event together, other events and stale stories apart, new articles join."""

from datetime import UTC, datetime, timedelta

from storylens.store import Store
from tests.conftest import make_article, run_pipeline

DAY = datetime(2024, 3, 4, 9, tzinfo=UTC)

QUAKE_A = [
    "A magnitude 6.8 earthquake struck southern Peru on Monday, killing at least 12 people in Arequipa.",
    "Peru's civil defence institute said more than 300 homes collapsed in the villages around Arequipa.",
    "President Dina Boluarte flew to Arequipa and declared a state of emergency for 60 days.",
    "Rescue teams searched the rubble through the night as aftershocks shook the region.",
]
QUAKE_B = [
    "At least 12 people died when a powerful earthquake of magnitude 6.8 hit Arequipa in southern Peru.",
    "Dina Boluarte, Peru's president, declared a 60-day emergency after visiting Arequipa.",
    "Hundreds of homes were destroyed, the civil defence institute said, and aftershocks continued.",
]
BUDGET = [
    "The European Central Bank kept interest rates unchanged on Thursday in Frankfurt.",
    "Christine Lagarde said inflation in the euro area was falling faster than expected.",
    "Markets had expected the bank to signal cuts for June, and bond yields fell after her remarks.",
    "The bank's staff lowered their growth forecast for 2024 to 0.6 percent.",
]


def test_same_event_from_two_outlets_is_one_story_and_another_event_is_another(tmp_path):
    with Store(tmp_path / "s.db") as store:
        run_pipeline(store, [
            make_article("Outlet A", "Earthquake kills 12 in southern Peru", QUAKE_A, DAY),
            make_article("Outlet B", "Deadly quake hits Arequipa", QUAKE_B, DAY + timedelta(hours=3)),
            make_article("Outlet C", "ECB holds rates as inflation eases", BUDGET, DAY + timedelta(hours=5)),
        ])
        stories = store.stories()
    by_size = sorted(stories, key=lambda s: -len(s.article_ids))
    assert len(stories) == 2
    assert by_size[0].outlets == ["Outlet A", "Outlet B"]
    assert by_size[1].outlets == ["Outlet C"]


def test_an_article_long_after_the_window_opens_a_new_story(tmp_path):
    with Store(tmp_path / "s.db") as store:
        run_pipeline(store, [make_article("Outlet A", "Earthquake kills 12 in southern Peru", QUAKE_A, DAY)])
        run_pipeline(store, [make_article("Outlet B", "Deadly quake hits Arequipa", QUAKE_B, DAY + timedelta(days=30))])
        assert len(store.stories()) == 2


def test_a_new_article_joins_its_story_without_changing_the_story_id(tmp_path):
    with Store(tmp_path / "s.db") as store:
        (first,) = run_pipeline(store, [make_article("Outlet A", "Earthquake kills 12 in southern Peru", QUAKE_A, DAY)])
        changed = run_pipeline(store, [make_article("Outlet B", "Deadly quake hits Arequipa", QUAKE_B, DAY + timedelta(hours=6))])
        assert changed == [first]
        story = store.story(first)
    assert len(story.article_ids) == 2
    assert story.first_seen == DAY and story.last_seen == DAY + timedelta(hours=6)

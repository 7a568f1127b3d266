"""The clustering scores of eval/cluster_metrics.py on small cases worked out by hand, and the
text helpers the clustering eval reads its data with."""

from __future__ import annotations

import re

import pytest

from eval.cluster_metrics import cluster_score, hard_negatives_joined
from eval.clustering_data import detokenise, rejoined
from eval.clustering_peers import split_sentences

GOLD = {"a": "X", "b": "X", "c": "X", "d": "Y", "e": "Y"}


def test_split_and_merge_scored_as_worked_out_by_hand() -> None:
    # {a,b} and {c,d,e}: per item precision 1, 1, 1/3, 2/3, 2/3 and recall 2/3, 2/3, 1/3, 1, 1;
    # pairs: 4 gold, 4 predicted, 2 of them shared.
    score = cluster_score(GOLD, {"a": 1, "b": 1, "c": 2, "d": 2, "e": 2})
    assert score.precision == pytest.approx(11 / 15)
    assert score.recall == pytest.approx(11 / 15)
    assert score.f1 == pytest.approx(11 / 15)
    assert score.pair_f1 == pytest.approx(0.5)
    assert (score.predicted, score.gold) == (2, 2)


def test_one_big_cluster_has_full_recall_and_low_precision() -> None:
    score = cluster_score(GOLD, {item: 0 for item in GOLD})
    assert score.recall == pytest.approx(1.0)
    assert score.precision == pytest.approx((3 * 3 / 5 + 2 * 2 / 5) / 5)
    assert score.pair_f1 == pytest.approx(2 * 0.4 * 1.0 / 1.4)


def test_perfect_clustering_scores_one_whatever_the_cluster_names() -> None:
    score = cluster_score(GOLD, {"a": 7, "b": 7, "c": 7, "d": "z", "e": "z"})
    assert (score.precision, score.recall, score.f1, score.pair_f1) == (1.0, 1.0, 1.0, 1.0)


def test_item_missing_from_prediction_counts_as_its_own_cluster() -> None:
    # c left out: it may not join {a, b}, so recall drops and precision stays perfect.
    score = cluster_score(GOLD, {"a": 1, "b": 1, "d": 2, "e": 2})
    assert score.precision == pytest.approx(1.0)
    assert score.recall == pytest.approx((2 / 3 + 2 / 3 + 1 / 3 + 1 + 1) / 5)
    assert score.predicted == 3


def test_singletons_have_no_predicted_pairs_and_pair_f1_zero() -> None:
    score = cluster_score(GOLD, {item: item for item in GOLD})
    assert score.precision == pytest.approx(1.0)
    assert score.recall == pytest.approx((3 * (1 / 3) + 2 * (1 / 2)) / 5)
    assert score.pair_f1 == 0.0


def test_no_gold_items_is_an_error() -> None:
    with pytest.raises(ValueError, match="no gold items"):
        cluster_score({}, {"a": 1})


def test_hard_negative_pairs_counted_only_within_a_topic() -> None:
    # Topic 1 holds events X (a, b) and Y (c); topic 2 holds Z (d) and W (e).
    # Cross-event pairs in a topic: a-c, b-c, d-e. Predicted together: a, b, c and d, e.
    topics = {"a": 1, "b": 1, "c": 1, "d": 2, "e": 2}
    gold = {"a": "X", "b": "X", "c": "Y", "d": "Z", "e": "W"}
    assert hard_negatives_joined(topics, gold, {"a": 0, "b": 0, "c": 0, "d": 1, "e": 1}) == (3, 3)
    assert hard_negatives_joined(topics, gold, {"a": 0, "b": 0, "c": 1, "d": 1, "e": 2}) == (0, 3)
    assert hard_negatives_joined(topics, gold, {"a": 0, "b": 1, "c": 1, "d": 2, "e": 3}) == (1, 3)


def test_ecb_tokens_read_as_running_text() -> None:
    tokens = "`` The community has spoken , '' Fulton County 's D.A. said ( at 08 : 06 ) .".split()
    assert detokenise(tokens) == '"The community has spoken," Fulton County\'s D.A. said (at 08:06).'
    tokens = "A 13 - 3 lead , 4 , 183 single - season yards at 8 . 40am , 12:52 p . m . on May 2 , 2013 , 300 fans".split()
    assert rejoined(detokenise(tokens)) == "A 13-3 lead, 4,183 single-season yards at 8.40am, 12:52 p.m. on May 2, 2013, 300 fans"


def test_peer_sentences_not_split_after_titles_or_initials() -> None:
    text = "Rep. Bruce Braley met Sen. Tom Harkin in the U.S. Capitol. He left. Kerry said \"No.\" Then it rained."
    assert split_sentences(text) == [
        "Rep. Bruce Braley met Sen. Tom Harkin in the U.S. Capitol.",
        "He left.",
        'Kerry said "No."',
        "Then it rained.",
    ]


def test_judged_conflicts_name_each_conflict_without_its_text_and_say_why() -> None:
    from eval.conflicts import judgements

    judged = judgements()
    assert judged, "the key judges the conflicts flagged on the unmodified events"
    for (event, conflict), (verdict, why) in judged.items():
        assert (len(event) == 36 or re.fullmatch(r"ecb\+ \d+-ecb(?:plus)?", event)) and conflict.startswith("sha256:") and len(conflict) == 23
        assert verdict in {"real", "false"} and why

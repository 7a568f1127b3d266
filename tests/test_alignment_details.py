"""One outlet tells in one sentence what another tells in several: the Guardian's "he watched
performances featuring beluga whales, bottlenose dolphins, fur seals and Misha the walrus" is the
Daily Mail's walrus sentence and its "white dolphins" sentence together. The part told in other
words is aligned with it only when its match is distinct and the two share a word of their own."""

from __future__ import annotations

import numpy as np
from scipy import sparse

from storylens.compare.alignment import Group, Similarity, Unit, outlet_codes, part_facts
from storylens.model import Role, Sentence
from tests.conftest import DAILY_MAIL, GUARDIAN


def facts_with(report, outlet: str, words: str) -> set[int]:
    """Ids of the facts holding a sentence of the outlet that contains the words."""
    return {f.id for f in report.facts if any(e.outlet == outlet and words in e.text for e in f.evidence)}


def test_seed_pair_puts_the_white_dolphins_and_the_beluga_whales_in_one_fact(seed_report) -> None:
    assert facts_with(seed_report, GUARDIAN, "beluga whales") & facts_with(seed_report, DAILY_MAIL, "white dolphins")


def test_seed_pair_walrus_fact_is_told_in_what_both_state_and_the_daily_mails_sentence_adds_to_it(seed_report) -> None:
    """The loose dolphin part is a fact of its own, so the walrus sentences stay one fact, worded by
    what both outlets state: the aquarium. The Guardian says he watched the walrus, not that he sat
    in the stands among his officials, so the Daily Mail's sentence is a fact that adds to it, on
    which the Guardian states part, and it is never cited for it."""
    (walrus,) = facts_with(seed_report, GUARDIAN, "beluga whales") & facts_with(seed_report, DAILY_MAIL, "Kim sat in the stands")
    fact = next(f for f in seed_report.facts if f.id == walrus)
    assert "Primorsky Aquarium" in fact.text and fact.stated_by == sorted([DAILY_MAIL, GUARDIAN])
    (stands,) = [f for f in seed_report.facts if f.part_of == walrus and "Kim sat in the stands" in f.text]
    stance = {s.outlet: s for s in stands.support}
    assert stands.stated_by == [DAILY_MAIL]
    assert stance[GUARDIAN].status == "partly" and 0 < stance[GUARDIAN].claims_stated < stance[GUARDIAN].claims


def test_seed_pair_keeps_a_sentence_on_another_visit_out_of_the_fact_of_its_best_match(seed_report) -> None:
    """Its best match in the Guardian, on who went along on Saturday, is not distinct and shares no
    word with it alone."""
    inspected = facts_with(seed_report, DAILY_MAIL, "inspected everything")
    assert not inspected & facts_with(seed_report, GUARDIAN, "was accompanied on Saturday")


WALRUS = ("Kim watched a walrus perform at the aquarium.", ["kim", "watch", "walrus", "perform", "aquarium"])
DOLPHINS = ("He also watched white dolphins.", ["watch", "white", "dolphin"])
SUMMING = ("Kim watched belugas, bottlenose dolphins and a walrus.", ["kim", "watch", "dolphin", "walrus"])
ARRIVAL = ("He arrived by train on Tuesday.", ["arrive", "train", "tuesday"])
DEPARTURE = ("Kim left by train.", ["kim", "leave", "train"])


def parts(third: tuple[str, list[str]], runner_up: float = 0.2) -> list[list[int]]:
    """Outlet A, article a: 0 walrus, 1 dolphins, 2 `third`; outlet B, article b: 3 summing,
    grouped with the walrus sentence, and 4 departure. The dolphin sentence is 0.44 alike to the
    summing sentence, under every alignment threshold, and `runner_up` to the departure. Returns
    the units of the part facts found."""
    texts = [WALRUS, DOLPHINS, third, SUMMING, DEPARTURE]
    articles, outlets = ["a", "a", "a", "b", "b"], ["A", "A", "A", "B", "B"]
    sentences = [
        Sentence(article_id=article, position=i, text=text, start=0, end=len(text), role=Role.BODY)
        for i, (article, (text, _)) in enumerate(zip(articles, texts))
    ]
    units = [Unit(i, text, features, True, text, frozenset(), frozenset()) for i, (text, features) in enumerate(texts)]
    matrix = np.zeros((5, 5))
    for i, j, value in ((0, 3, 0.6), (1, 3, 0.44), (1, 4, runner_up), (2, 3, 0.2)):
        matrix[i, j] = matrix[j, i] = value
    groups = [Group([0, 3], {0: "a", 3: "b"}), *(Group([u], {u: articles[u]}) for u in (1, 2, 4))]
    alike = Similarity(np.zeros((5, 1)), sparse.csr_matrix((5, 1)), outlet_codes(outlets), 1.0, held=matrix.astype(np.float32))
    return [sorted(g.units) for g in part_facts(groups, units, sentences, alike)]


def test_a_part_named_by_it_and_the_summing_sentence_alone_is_aligned_with_it() -> None:
    assert parts(ARRIVAL) == [[1, 3]]


def test_a_word_other_sentences_of_the_outlet_use_is_no_evidence() -> None:
    assert parts(("Dolphins are common there.", ["dolphin", "common"])) == []


def test_a_match_that_is_not_distinct_is_no_evidence() -> None:
    """The dolphin sentence is nearly as close to the departure (0.40) as to the summing sentence."""
    assert parts(ARRIVAL, runner_up=0.40) == []

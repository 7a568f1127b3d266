"""The article sketch clustering compares: lemmas without a tagger, names without NER."""

from __future__ import annotations

import tracemalloc

from storylens.analyze.sketch import get_sketcher
from storylens.config import Settings
from tests.conftest import make_article

SKETCHER = get_sketcher(Settings().models.spacy_model)


def sketch_of(title: str, body: list[str]) -> dict[str, dict[str, float]]:
    return SKETCHER.sketch(make_article("Outlet", title, body))


def test_words_are_reduced_to_the_lemmas_the_web_search_looks_up():
    terms = sketch_of("Walruses perform", ["The officials said the walruses were performing."])["terms"]
    assert {"walrus", "perform", "official", "say"} <= set(terms)
    assert not {"the", "were", "walruses", "said"} & set(terms)


def test_one_person_written_three_ways_is_one_entity():
    entities = sketch_of(
        "Kim heads home",
        [
            "North Korea's leader Kim Jong-un left Vladivostok on Sunday.",
            "Mr. Kim toured a university. Kim's train then crossed the border.",
        ],
    )["entities"]
    assert "kim jong un" in entities
    assert "kim" not in entities
    assert {"north korea", "vladivostok"} <= set(entities)
    assert "sunday" not in entities


def test_punctuation_ends_a_name_and_a_sentence_opening_word_is_not_one():
    entities = sketch_of(
        "Senate race tightens",
        [
            "In Connecticut, Linda McMahon spent heavily. Rescue of the campaign came late.",
            "The rescue was planned by advisers.",
        ],
    )["entities"]
    assert {"connecticut", "linda mcmahon"} <= set(entities)
    assert "connecticut linda mcmahon" not in entities
    assert "rescue" not in entities


def test_a_title_case_headline_gives_terms_but_no_names():
    sketch = sketch_of("White House Asked Bill Clinton To Talk To Joe Sestak", ["Joe Sestak declined an offer."])
    assert set(sketch["entities"]) == {"joe sestak"}
    assert {"white", "house", "clinton", "talk"} <= set(sketch["terms"])


def test_the_headline_weighs_more_than_a_body_sentence():
    terms = sketch_of("Flood closes bridge", ["A storm hit the coast."])["terms"]
    assert terms["flood"] > terms["storm"]


def test_a_megabytes_long_body_is_sketched_without_holding_its_words():
    """Each word of a 5 MB line was once kept as a tuple: over 100 MB for this 3 MB body."""
    names = ["Ana Kovacs", "Lars Lindqvist", "Mei Tanaka"]
    body = [" ".join(f"officials told {names[i % 3]} about the policy after protests" for i in range(60_000))]
    article = make_article("Outlet", "A long one", body)
    tracemalloc.start()
    try:
        sketch = SKETCHER.sketch(article)
        peak = tracemalloc.get_traced_memory()[1] / 1e6
    finally:
        tracemalloc.stop()
    assert {"ana kovacs", "lars lindqvist", "mei tanaka"} == set(sketch["entities"])
    assert {"official", "policy", "protest"} <= set(sketch["terms"])
    assert peak < 20


def test_a_word_capitalised_only_where_it_opens_a_sentence_is_no_name():
    """The story list's entity chips once read "forget", "instead" and "nearly"."""
    entities = sketch_of(
        "Budget vote nears",
        [
            "Forget the polls. Instead, watch the committee, where Merkel holds sway.",
            "Nearly half the deputies are undecided. Merkel said she would wait.",
            '"Nobody expected this," an aide said.',
        ],
    )["entities"]
    assert not {"forget", "instead", "nearly", "nobody"} & set(entities)
    assert "merkel" in entities


def test_an_adjective_of_a_nation_or_region_before_a_noun_is_no_name():
    """The story list's chips once read "russian", "north korean" and "western"."""
    entities = sketch_of(
        "Kim heads home",
        [
            "Russian media said the North Korean leader left, and Western officials fear an arms deal.",
            "Kim Jong-un left North Korea's embassy after Gordon Brown spoke.",
        ],
    )["entities"]
    assert not {"russian", "north korean", "western"} & set(entities)
    assert {"kim jong un", "north korea", "gordon brown"} <= set(entities)

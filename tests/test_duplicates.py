"""Wire copy carried by many outlets is one voice: linked to its original, one story, and never
counted as corroboration. Real models, built articles (tests/duplicates_fixtures.py)."""

from __future__ import annotations

import tracemalloc
from collections.abc import Iterator

import pytest

from storylens.cluster.duplicates import SCHEME, DuplicateIndex, from_blob, signature, to_blob
from storylens.config import Settings
from storylens.model import FactStatus, StoryReport
from storylens.pipeline import story_report
from storylens.report.html import to_html
from storylens.report.markdown import to_markdown
from storylens.store import Store
from tests.conftest import make_article, run_pipeline
from tests.duplicates_fixtures import agency, copies, independent

AGENCY = "Wire Agency"
COPY_OUTLETS = ["Coast Daily", "Metro Times", "Valley Herald"]


@pytest.fixture(scope="module")
def stored(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Store, list[int]]]:
    """The agency story, two copies and the independent report in one run, the last copy in a
    second run, so that its link comes from the index rebuilt from stored signatures."""
    store = Store(tmp_path_factory.mktemp("duplicates") / "store.db")
    first, second, third = copies()
    touched = run_pipeline(store, [agency(), first, second, independent()])
    touched += run_pipeline(store, [third])
    yield store, touched
    store.close()


@pytest.fixture(scope="module")
def report(stored: tuple[Store, list[int]]) -> StoryReport:
    store, touched = stored
    return story_report(store, touched[0], Settings())


def facts_saying(report: StoryReport, words: str):
    return [f for f in report.facts if any(words in ref.text for ref in f.evidence) and AGENCY in f.outlets]


def fact_saying(report: StoryReport, words: str):
    """The fact, not one that adds to it what one outlet alone says (`Fact.part_of`)."""
    (fact,) = [f for f in facts_saying(report, words) if f.part_of is None]
    return fact


def test_the_threshold_separates_edited_copies_from_an_independent_report_of_the_event():
    original = signature(agency())
    assert all(original.jaccard(signature(c)) >= Settings().cluster.copy_threshold for c in copies())
    assert original.jaccard(signature(independent())) < 0.2


def test_a_signature_survives_the_store_round_trip():
    minhash = signature(agency())
    assert from_blob(to_blob(minhash)).jaccard(minhash) == 1.0


def test_a_copy_of_a_copy_links_to_the_earliest_original():
    index = DuplicateIndex(Settings().cluster.copy_threshold)
    first, second, _ = copies()
    index.add("agency", signature(agency()), agency().published, None)
    index.add("copy", signature(first), first.published, "agency")
    assert index.original_of(signature(second))[0] == "agency"
    assert index.original_of(signature(independent())) is None


def test_the_copies_and_the_independent_report_are_one_story_with_three_links(stored):
    store, touched = stored
    assert set(touched) == {touched[0]}
    story = store.story(touched[0])
    assert sorted(story.outlets) == sorted([AGENCY, "Lake Gazette", *COPY_OUTLETS])
    assert [store.original_of(c.id) for c in copies()] == [agency().id] * 3
    assert store.original_of(agency().id) is None
    assert len(store.signatures(SCHEME, None)) == 5


def test_an_independent_report_sharing_names_figures_and_a_quote_is_not_linked(stored):
    store, _ = stored
    assert store.original_of(independent().id) is None


def test_a_fact_of_the_agency_and_the_independent_outlet_is_corroborated_by_two_voices(report):
    fact = fact_saying(report, "12,000 acres")
    assert fact.status == FactStatus.CORROBORATED
    assert fact.outlets == ["Lake Gazette", AGENCY]
    assert fact.voices == 2
    assert fact.copies == {AGENCY: COPY_OUTLETS}


def test_a_fact_only_in_the_wire_copy_is_single_source_though_four_outlets_carry_it(report):
    fact = fact_saying(report, "Red Cross")
    assert fact.status == FactStatus.SINGLE_SOURCE
    assert (fact.outlets, fact.voices) == ([AGENCY], 1)
    assert fact.copies == {AGENCY: COPY_OUTLETS}
    assert all(ref.outlet == AGENCY for ref in fact.evidence)
    (agency_coverage,) = [c for c in report.coverage if c.outlet == AGENCY]
    assert fact.id in agency_coverage.only_here


def test_a_copy_that_cut_the_last_paragraph_does_not_carry_its_fact(report):
    facts = facts_saying(report, "strengthen their lines")
    assert facts
    assert all("Coast Daily" not in fact.copies.get(AGENCY, []) for fact in facts)


def test_coverage_and_omissions_are_per_voice(report):
    assert sorted(c.outlet for c in report.coverage) == ["Lake Gazette", AGENCY]


def test_the_summary_cites_voices_and_marks_copies(report):
    cited = [s for s in report.summary if AGENCY in s.citations]
    assert cited
    for sentence in cited:
        assert not set(COPY_OUTLETS) & set(sentence.citations)
        assert sentence.single_source == (sentence.voices == 1)
        assert set(sentence.copies.get(AGENCY, [])) <= set(COPY_OUTLETS)


def test_the_report_marks_copies_and_shows_voices(report):
    markdown = to_markdown(report)
    assert markdown.count("copy of Wire Agency's article") == 3
    assert "also carried by: Coast Daily, Metro Times, Valley Herald" in markdown
    assert "2 voices" in markdown
    page = to_html(report)
    assert page.count("copy of Wire Agency&#39;s article") == 3
    assert "also carried by: Coast Daily, Metro Times, Valley Herald" in page


def _peak_megabytes(work) -> float:
    """Peak memory Python and numpy allocate while `work` runs (tracemalloc sees numpy's buffers)."""
    tracemalloc.start()
    try:
        work()
        return tracemalloc.get_traced_memory()[1] / 1e6
    finally:
        tracemalloc.stop()


def test_a_megabytes_long_body_is_signed_in_bounded_memory():
    """A 5 MB line once took a gigabyte here: datasketch permuted every shingle at once."""
    words = "the minister said on tuesday that officials would review the policy after protests drew thousands".split()
    body = [" ".join(words[i % len(words)] + str(i) for i in range(300_000))]
    long_article = make_article("Wire", "A long one", body)
    assert signature(long_article) is not None
    assert _peak_megabytes(lambda: signature(long_article)) < 40


def test_a_body_of_one_repeated_phrase_is_too_short_to_sign_whatever_its_length():
    assert signature(make_article("Wire", "Spam", ["buy now " * 5_000])) is None

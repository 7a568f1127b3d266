"""Settings in one tree: defaults that are the fitted values, overrides from the environment and
`--setting`, and a one-line error for a setting that does not exist or a value it cannot take."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from storylens.cli import main
from storylens.config import Settings, SettingsError, described
from storylens.pipeline import ingest_and_cluster
from storylens.store import Store
from tests.conftest import SEED


def test_the_defaults_are_the_fitted_thresholds() -> None:
    settings = Settings()
    assert settings.cluster.cluster_representation == "terms+embedding"
    assert (settings.cluster.story_threshold, settings.cluster.dense_story_threshold, settings.cluster.dense_open_stories) == (0.27, 0.45, 10)
    assert (settings.facts.align_threshold, settings.facts.mutual_threshold, settings.facts.group_threshold) == (0.5, 0.45, 0.38)
    assert (settings.conflicts.slot_similarity, settings.conflicts.place_similarity) == (0.55, 0.6)
    assert settings.summary.min_agreement == 0.5
    assert settings.models.framing_model == "lexicon+tagger"


def test_choosing_a_cluster_representation_brings_its_own_thresholds_unless_they_are_given() -> None:
    """Term cosines and their mean with embedding cosines have different scales (fitted thresholds
    0.2 / 0.3 against 0.27 / 0.45): "terms" at the default's thresholds would split most stories."""
    terms = Settings.resolve([("cluster_representation", "terms")], environ={})
    assert (terms.cluster.story_threshold, terms.cluster.dense_story_threshold, terms.cluster.dense_open_stories) == (0.2, 0.3, 100)
    given = Settings.resolve([("cluster_representation", "terms")], environ={"STORYLENS_STORY_THRESHOLD": "0.25"})
    assert (given.cluster.story_threshold, given.cluster.dense_story_threshold) == (0.25, 0.3)
    assert Settings().updated(story_threshold=0.5).cluster.dense_story_threshold == 0.45


def test_every_setting_has_a_unique_name_and_a_reason() -> None:
    names = [name for _, name, _ in described()]
    assert len(names) == len(set(names)) > 25
    assert all(len(leaf.metadata["help"]) > 20 for _, _, leaf in described())


def test_environment_then_setting_pairs_override_the_defaults() -> None:
    environ = {"STORYLENS_STORY_THRESHOLD": "0.25", "STORYLENS_FACTS__ALIGN_THRESHOLD": "0.6", "STORYLENS_SPACY_MODEL": "x"}
    settings = Settings.resolve([("cluster.story_threshold", "0.4"), ("min_agreement", "0.7")], environ=environ)
    assert settings.cluster.story_threshold == 0.4
    assert settings.facts.align_threshold == 0.6
    assert settings.summary.min_agreement == 0.7
    assert settings.models.spacy_model == "x"
    assert Settings.resolve(environ={}) == Settings()


@pytest.mark.parametrize(
    ("pair", "message"),
    [
        (("story_threshold", "abc"), "setting cluster.story_threshold: 'abc' is not a number"),
        (("story_threshold", "-5"), "setting cluster.story_threshold: -5 is outside [0.0, 1.0]"),
        (("max_per_article", "1.5"), "setting facts.max_per_article: '1.5' is not a whole number"),
        (("cluster_representation", "words"), "is not one of terms, embedding, terms+embedding"),
        (("story_treshold", "0.3"), "no setting 'story_treshold'; did you mean cluster.story_threshold"),
    ],
)
def test_a_bad_setting_is_one_line_naming_it(pair: tuple[str, str], message: str) -> None:
    with pytest.raises(SettingsError) as raised:
        Settings.resolve([pair], environ={})
    assert message in str(raised.value) and "\n" not in str(raised.value)


def test_a_bad_variable_stops_a_command_in_one_line(tmp_path: Path) -> None:
    done = CliRunner().invoke(main, ["show", "1", "--db", str(tmp_path / "s.db")], env={"STORYLENS_STORY_THRESHOLD": "abc"})
    assert done.exit_code == 2
    assert done.output.strip() == "storylens: setting cluster.story_threshold: 'abc' is not a number"


def test_a_changed_threshold_changes_the_stories(tmp_path: Path) -> None:
    """At a join threshold no two outlets reach, the seed pair's two articles are two stories."""
    with Store(tmp_path / "default.db") as store:
        assert len(ingest_and_cluster(store, [SEED], Settings()).stories) == 1
    strict = Settings.resolve([("story_threshold", "0.99")], environ={})
    with Store(tmp_path / "strict.db") as store:
        assert len(ingest_and_cluster(store, [SEED], strict).stories) == 2


def test_the_settings_command_lists_every_setting_with_its_value(tmp_path: Path) -> None:
    done = CliRunner().invoke(main, ["settings", "--setting", "story_threshold", "0.35"], env={"COLUMNS": "250"})
    assert done.exit_code == 0, done.output
    assert "cluster.story_threshold" in done.output and "0.35" in done.output
    assert all(f"{section}.{name}" in done.output for section, name, _ in described())


def test_the_moved_event_and_copy_thresholds_keep_their_values() -> None:
    facts = Settings().facts
    assert (facts.shared_participants, facts.copy_sentence_match) == (2, 0.7)
    assert (facts.embedding_weight, facts.max_per_article, facts.clause_threshold, facts.distinct_ratio) == (0.7, 2, 0.6, 0.8)
    assert Settings().cluster.copy_threshold == 0.7


@pytest.mark.parametrize(
    ("pair", "message"),
    [
        (("story_window_days", "inf"), "setting cluster.story_window_days: 'inf' is not a finite number"),
        (("story_window_days", "-1"), "setting cluster.story_window_days: -1 is not at least 0.0"),
        (("story_decay_days", "0"), "setting cluster.story_decay_days: 0 is not above 0.0"),
        (("summary.max_sentences", "0"), "setting summary.max_sentences: 0 is not at least 1"),
        (("cluster.min_agreement", "0.5"), "no setting 'cluster.min_agreement'; did you mean summary.min_agreement"),
    ],
)
def test_a_value_that_would_fail_later_is_refused_now(pair: tuple[str, str], message: str) -> None:
    with pytest.raises(SettingsError) as raised:
        Settings.resolve([pair], environ={})
    assert str(raised.value).startswith(message) and "\n" not in str(raised.value)


def test_a_misspelt_sectioned_variable_is_an_error_and_other_variables_are_not() -> None:
    with pytest.raises(SettingsError, match=r"no setting 'STORYLENS_CLUSTER__STORY_TRESHOLD'; did you mean cluster.story_threshold"):
        Settings.resolve(environ={"STORYLENS_CLUSTER__STORY_TRESHOLD": "0.3"})
    assert Settings.resolve(environ={"STORYLENS_CACHE_DIR": "/tmp/x", "STORYLENS_FUZZ_SECONDS": "3"}) == Settings()
    assert Settings.resolve([("story_threshold", "0.3")], environ={"STORYLENS_CLUSTER__STORY_THRESHOLD": "0.25"}).cluster.story_threshold == 0.3


def test_the_event_and_copy_settings_reach_where_they_are_used() -> None:
    from storylens.compare.events import same_event
    from storylens.config import FactSettings

    marks = [frozenset({"meeting@weekday:weekday:2"})] * 2
    participants = [frozenset({"putin", "kim", "vostochny"}), frozenset({"putin", "kim"})]
    assert same_event(marks, participants).tolist() == [[0, 1]]
    assert same_event(marks, participants, FactSettings(shared_participants=3)).tolist() == []

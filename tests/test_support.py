"""Support: a fact is cited only to the outlets whose articles state every claim of its wording."""

from __future__ import annotations

from pathlib import Path

import pytest

from storylens.analyze import analyze
from storylens.analyze.embeddings import get_encoder
from storylens.compare.alignment import align
from storylens.compare.chronology import NewsDays
from storylens.compare.conflicts import find_conflicts, slots
from storylens.compare.named_slots import StoryNames
from storylens.compare.support import StoryPeopleNames, Support, claim_words, source_word
from storylens.config import Settings
from storylens.model import (
    Article,
    Claim,
    ConflictSlot,
    Entity,
    Quantity,
    QuantityKind,
    Role,
    Sentence,
    SentenceRef,
    StoryReport,
    SupportStatus,
)
from storylens.pipeline import load_models
from storylens.report.html import to_html
from storylens.report.markdown import to_markdown
from tests.conftest import DAILY_MAIL, GUARDIAN, ingested_story_report, make_article, one_story_report

QUAKE = [
    make_article(
        "Andes Daily",
        "Earthquake kills 15 in southern Peru",
        [
            "An earthquake killed 15 people in southern Peru on Tuesday, exposing the country's shocking neglect of rural housing.",
            "Rescue teams were searching the rubble of a collapsed church in Chivay.",
            "The quake had a magnitude of 6.1, the national seismology institute said.",
        ],
    ),
    make_article(
        "Lima Wire",
        "Quake kills 14 in Peru's south",
        [
            "An earthquake killed 14 people in southern Peru on Tuesday as rescuers searched the ruins of a collapsed church in the Andean town of Chivay.",
            "The national seismology institute put the magnitude at 6.1.",
            "The president will visit the region on Thursday.",
        ],
    ),
]


@pytest.fixture(scope="module")
def quake(tmp_path_factory: pytest.TempPathFactory) -> StoryReport:
    return one_story_report(tmp_path_factory.mktemp("quake") / "q.db", QUAKE)


BUDGET = Path(__file__).resolve().parents[1] / "eval" / "keys" / "claims" / "synthetic" / "defence-budget"
"""The project's own three-outlet story of a defence budget: two outlets give $5.7 billion and a
defence minister, the third $5.9 billion and a foreign minister, each in a lead of its own."""


@pytest.fixture(scope="module")
def budget(tmp_path_factory: pytest.TempPathFactory) -> StoryReport:
    return ingested_story_report(tmp_path_factory.mktemp("budget") / "budget.db", [BUDGET])


def test_an_outlet_giving_another_figure_differs_on_the_others_fact_and_has_not_left_it_out(budget: StoryReport) -> None:
    """The third outlet's "$5.9 billion military budget" is read as about the others' "$5.7 billion
    for defence", but not the other way round: their fact called it silent and listed it as
    leaving the budget out. A dispute holds both ways."""
    (theirs,) = [f for f in budget.facts if "$5.7 billion" in f.text and len(f.stated_by) == 2]
    stance = next(s for s in theirs.support if s.outlet == "Peru Post")
    assert stance.status == SupportStatus.DIFFERS and stance.value is not None and "$5.9 billion" in stance.value
    assert stance.evidence is not None and "$5.9 billion" in stance.evidence.text
    assert theirs.id not in next(c for c in budget.coverage if c.outlet == "Peru Post").omitted
    rows = {row.split("</th>")[0]: row for row in to_html(budget).split("<tr>") if '<th class="status-' in row}
    (row,) = [row for head, row in rows.items() if "requested $5.7 billion for defence" in head]
    assert "differs: $5.9 billion" in row and "Foreign Minister Carla Mendoza presented" in row


def test_an_outlet_that_tells_less_of_a_fact_says_something_close_and_has_not_left_it_out(budget: StoryReport) -> None:
    """"buying new patrol ships" tells less of "wants to buy four coastal patrol ships from a South
    Korean shipyard" and nothing else: the outlet has not left the ships out, and the reader sees
    its sentence beside the fact."""
    (ships,) = [f for f in budget.facts if f.text.startswith("The ministry also wants to buy four coastal patrol ships")]
    stance = next(s for s in ships.support if s.outlet == "Peru Post")
    assert stance.status == SupportStatus.CLOSE and stance.evidence is not None and "buying new patrol ships" in stance.evidence.text
    assert ships.id not in next(c for c in budget.coverage if c.outlet == "Peru Post").omitted


def support_of(articles: list[Article]) -> tuple[Support, list[Sentence]]:
    """Which outlet states which claim among the articles' body sentences, and those sentences."""
    models = load_models(Settings())
    items = list(analyze(articles, models.nlp, models.framing))
    sentences = [s for item in items for s in item.sentences if s.role == Role.BODY]
    outlet_of = {a.id: a.outlet.name for a in articles}
    return Support.of(sentences, outlet_of, get_encoder(), Settings().support, names=StoryNames(items)), sentences


def stating(articles: list[Article], text: str) -> list[str]:
    """The outlets whose articles state every claim of the body sentence `text`."""
    support, sentences = support_of(articles)
    return support.states_all(next(s for s in sentences if s.text == text))


def test_the_invitation_and_the_space_offer_are_cited_to_the_tabloid_alone(seed_report: StoryReport) -> None:
    (fact,) = [f for f in seed_report.facts if "accepted an invitation" in f.text]
    assert fact.stated_by == [DAILY_MAIL]
    guardian = next(s for s in fact.support if s.outlet == GUARDIAN)
    assert guardian.status != SupportStatus.STATES
    for sentence in seed_report.summary:
        if "accepted an invitation" in sentence.text:
            assert sentence.citations == [DAILY_MAIL] and sentence.single_source


def test_a_reader_sees_which_part_of_the_invitation_sentence_the_agency_states(seed_report: StoryReport) -> None:
    """"States 1 of 3 claims" leaves the reader to guess which: the report names the meeting the
    agency reports, and the invitation and the space offer it does not."""
    (fact,) = [f for f in seed_report.facts if "accepted an invitation" in f.text]
    guardian = next(s for s in fact.support if s.outlet == GUARDIAN)
    assert guardian.status == SupportStatus.PARTLY
    assert guardian.stated_parts == ["While meeting Kim"]
    assert guardian.missing_parts[0] == "Putin accepted an invitation to visit North Korea"
    assert any(part.startswith("offered to send one of its nationals to space") for part in guardian.missing_parts)
    note = f"{GUARDIAN}: states “While meeting Kim”, not “Putin accepted an invitation to visit North Korea”"
    assert note in to_markdown(seed_report).replace("\\_", "_")
    assert note.split(": ", 1)[1] in to_html(seed_report)


def test_every_summary_citation_is_an_outlet_that_states_the_fact(seed_report: StoryReport) -> None:
    facts = {f.id: f for f in seed_report.facts}
    for sentence in seed_report.summary:
        stances = {s.outlet: s.status for s in facts[sentence.fact_id].support}
        backing = {SupportStatus.STATES, SupportStatus.DIFFERS} if sentence.disputed else {SupportStatus.STATES}
        assert sentence.citations and all(stances[o] in backing for o in sentence.citations)


def test_a_death_toll_given_differently_is_disputed_not_corroborated(quake: StoryReport) -> None:
    (fact,) = [f for f in quake.facts if "killed" in f.text]
    differs = [s for s in fact.support if s.status == SupportStatus.DIFFERS]
    assert len(differs) == 1 and differs[0].value is not None
    assert fact.status == "conflicting" and len(fact.stated_by) == 1
    (conflict,) = [c for c in quake.conflicts if c.fact_id == fact.id]
    assert conflict.slot == ConflictSlot.COUNT
    assert {v.outlet for v in conflict.values} == {"Andes Daily", "Lima Wire"}
    assert conflict.disputed == "14–15 people"


def test_the_summary_tells_a_disputed_toll_as_the_range_and_who_gives_which(quake: StoryReport) -> None:
    (fact,) = [f for f in quake.facts if "killed" in f.text and f.status == "conflicting"]
    (told,) = [s for s in quake.summary if s.fact_id == fact.id]
    assert told.disputed and told.citations == ["Andes Daily", "Lima Wire"]
    assert "14–15 people (" in told.text
    assert "Andes Daily: 15 people" in told.text and "Lima Wire: 14 people" in told.text


def test_the_dead_and_the_injured_are_never_compared() -> None:
    def sentence(text: str, figure: str) -> Sentence:
        start = text.index(figure)
        count = Quantity(kind=QuantityKind.COUNT, value=float(figure.split()[0]), subject="person", text=figure, start=start, end=start + len(figure))
        claim = Claim(start=0, end=len(text), action="", lemmas=[])
        return Sentence(article_id="a", position=0, text=text, start=0, end=len(text), role=Role.BODY, quantities=[count], claims=[claim])

    dead = sentence("15 people died when the church fell.", "15 people")
    hurt = sentence("More than 40 people were injured in the quake.", "40 people")
    assert set(slots(dead.quantities, dead)).isdisjoint(slots(hurt.quantities, hurt))


def test_a_figure_both_give_alike_is_corroborated(quake: StoryReport) -> None:
    (fact,) = [f for f in quake.facts if "magnitude" in f.text]
    assert fact.stated_by == ["Andes Daily", "Lima Wire"] and fact.status == "corroborated"


def test_an_outlet_that_says_it_in_other_words_in_its_lead_has_not_omitted_it(quake: StoryReport) -> None:
    (rubble,) = [f for f in quake.facts if f.text.startswith("Rescue teams")]
    for coverage in quake.coverage:
        assert rubble.id not in coverage.omitted


def test_an_outlet_saying_something_close_in_other_words_is_shown_beside_the_fact_not_as_omitting_it(seed_report: StoryReport) -> None:
    """The Guardian's "triggered global concerns about weapons transfer deals" shares too few words
    with the Daily Mail's "has fanned Western fears that ... Pyongyang could provide Moscow with
    weapons" for the Daily Mail to be cited for it, yet the Daily Mail has not left it out: its
    stance says so, the fact's row in the HTML report shows its sentence, and nothing is cited."""
    (concerns,) = [f for f in seed_report.facts if "global concerns about weapons transfer" in f.text]
    stance = next(s for s in concerns.support if s.outlet == DAILY_MAIL)
    assert stance.status == SupportStatus.CLOSE and stance.evidence is not None and "fanned Western fears" in stance.evidence.text
    assert DAILY_MAIL not in concerns.stated_by
    assert concerns.id not in next(c for c in seed_report.coverage if c.outlet == DAILY_MAIL).omitted
    page = to_html(seed_report)
    assert "says something close" in page and "fanned Western fears" in page


def test_a_text_report_quotes_the_sentence_an_outlet_says_something_close_in(seed_report: StoryReport) -> None:
    """A Markdown note (as a terminal one: both are `fact_notes`) has no cell for the sentence:
    without it, "says something close" gives the reader nothing to judge."""
    lines = [line for line in to_markdown(seed_report).splitlines() if "global concerns about weapons transfer" in line]
    assert any("says something close" in line and "fanned Western fears" in line for line in lines)


def test_every_format_shows_what_the_outlets_report_on_a_disputed_toll(quake: StoryReport) -> None:
    assert "Reported: **14–15 people**" in to_markdown(quake)
    assert "count: 14–15 people" in to_html(quake)


def test_an_outlet_that_gives_no_figure_does_not_state_a_claim_with_one() -> None:
    """'suspended for 60 days' is not what an outlet says that writes only 'has been suspended':
    citing it would put the figure in its mouth. Both still state the suspension itself."""
    articles = [
        make_article("Potomac Times", "FBI agent suspended", ["A senior FBI agent has been suspended for 60 days over the leak of a classified memo."]),
        make_article("Federal Wire", "FBI suspends agent", ["A senior FBI agent has been suspended over the leak of a classified memo."]),
    ]
    support, sentences = support_of(articles)
    with_figure, without = sentences
    assert support.states_all(with_figure) == ["Potomac Times"]
    assert support.states_all(without) == ["Federal Wire", "Potomac Times"]


def test_an_outlet_that_dates_nothing_does_not_state_a_decade() -> None:
    """'many of them built in the 1980s' says more than 'about 300 armoured vehicles would be replaced'."""
    articles = [
        make_article("Lima Wire", "Peru to replace armoured vehicles", ["The ministry plans to replace 312 armoured vehicles, many of them built in the 1980s."]),
        make_article("Andes Daily", "Peru to replace armoured vehicles", ["The ministry plans to replace about 300 armoured vehicles under the plan."]),
    ]
    support, (dated, _) = support_of(articles)
    assert support.states_all(dated) == ["Lima Wire"]


def test_an_outlet_that_dates_nothing_does_not_state_a_month() -> None:
    """A NeuS summary cited both outlets for "Sen. Mazie Hirono (D-Hawaii) introduced the Covid-19
    Hate Crimes Act in March": one says only that she introduced it."""
    articles = [
        make_article("Federal Wire", "House passes bill to combat hate crimes against Asian Americans", [
            "The House on Tuesday passed legislation to investigate hate crimes against Asian Americans.",
            "Sen. Mazie Hirono (D-Hawaii) introduced the Covid-19 Hate Crimes Act in March after attacks against Asian Americans increased after the coronavirus emerged in China.",
        ]),
        make_article("Capitol Ledger", "House passes COVID-19 Hate Crimes Act", [
            "The House of Representatives passed the COVID-19 Hate Crimes Act Tuesday, clearing Congress with bipartisan support.",
            "The bill, which was introduced by New York Democratic Rep. Grace Meng and Hawaii Democratic Sen. Mazie Hirono, passed 364 to 62, above the two-thirds majority required.",
        ]),
    ]  # fmt: skip
    support, (_, dated, _, _) = support_of(articles)
    (introduced,) = [k for k, claim in enumerate(dated.claims) if "in March" in claim_words(dated, claim)]
    assert support.stating(dated)["Capitol Ledger"][introduced] is False
    assert support.stating(dated)["Federal Wire"][introduced] is True


def test_an_outlet_that_tells_the_same_person_doing_something_else_does_not_state_it() -> None:
    """The same governor, the same assembly, a close meaning: but one outlet says she vetoed the
    water bill and the other that she praised the farmers. Neither states the other's claim; an
    outlet that reports the veto in its own words does."""
    vetoed = "Governor Alma Reyes, the head of the regional assembly, vetoed the water bill."
    articles = [
        make_article("Andes Daily", "Reyes vetoes water bill", [vetoed]),
        make_article("Lima Wire", "Reyes praises farmers", ["Governor Alma Reyes, the head of the regional assembly, praised the farmers of the valley."]),
        make_article("Peru Post", "Water bill blocked", ["The water bill was vetoed by Governor Alma Reyes."]),
    ]
    assert stating(articles, vetoed) == ["Andes Daily", "Peru Post"]


def test_an_outlet_states_a_quotation_only_when_it_gives_the_speakers_words() -> None:
    """Sharing the speaker's subject ("Governor Perry", "Texas") is not quoting him: an outlet that
    reports the endorsement does not say that the sheriff said he had been "watching Governor Perry
    and Texas closely". One that reports the same words without the quotation marks does."""
    quote = '"I have been watching Governor Perry and Texas closely for years," Sheriff Joe Arpaio said on Tuesday.'
    articles = [
        make_article("HuffPost", "Arpaio endorses Perry", [quote]),
        make_article("Capitol Ledger", "Perry wins Arpaio's backing", ["Sheriff Joe Arpaio endorsed Texas Governor Rick Perry on Tuesday."]),
        make_article("Federal Wire", "Arpaio backs Perry", ["Sheriff Joe Arpaio said on Tuesday he had been watching Governor Perry and Texas closely for years."]),
    ]
    stated = stating(articles, quote)
    assert "Capitol Ledger" not in stated
    assert "Federal Wire" in stated


def test_a_quotation_is_stated_only_by_outlets_that_tell_it_as_its_speakers_words() -> None:
    """The middle sentence of a councillor's quotation praises the leader as a negotiator; an
    outlet that calls her a tough negotiator in its own voice does not say that he praised her.
    One that names him telling it does."""
    praise = "No one is a sharper negotiator than Lena Ortiz."
    articles = [
        make_article(
            "Harbour Gazette",
            "Ortiz keeps her post",
            [f"“Everything we built is at stake,” councillor Tomas Duarte told the room. “We need the best to lead us. {praise} No one comes close.”"],
        ),
        make_article(
            "Coast Wire",
            "Ortiz re-elected",
            ["Lena Ortiz, re-elected as the harbour council's leader on Tuesday, is known as a tough negotiator in talks with the port."],
        ),
        make_article("Bay Herald", "Duarte backs Ortiz", ["Councillor Tomas Duarte told the room that no one was a sharper negotiator than Lena Ortiz."]),
    ]
    support, sentences = support_of(articles)
    quoted = next(s for s in sentences if s.text == praise)
    assert quoted.speaker is not None and "Duarte" in quoted.speaker
    assert support.states_all(quoted) == ["Bay Herald", "Harbour Gazette"]


def test_words_quoted_after_he_said_are_the_speakers_whom_another_outlet_names() -> None:
    """One outlet gives a whip's words after "he said", another names him for the same words. A
    third, writing in its own voice that the White House wants a path to citizenship, shares two
    of his words and states nothing he said (BASIL 2014: "Reported by every outlet", three voices)."""
    quote = "“But if you want to become a citizen, you’ll have to go through the path,” he said."
    articles = [
        make_article("Fox News", "Whip backs legal status", ["Majority Whip Kevin McCarthy spoke to a local station on Tuesday.", quote]),
        make_article("HuffPost", "Whip hints at plan", ['"But if you want to become a citizen, you\'ll have to go through the path," McCarthy told the station.']),
        make_article("The New York Times", "Republicans weigh plan", ["The White House has said it wants a path to citizenship for both children and adults."]),
    ]
    assert stating(articles, quote) == ["Fox News", "HuffPost"]


def test_a_part_an_outlet_states_is_shown_with_the_bracket_it_opens_closed() -> None:
    text = '"What have you guys been doing, John?" Obama continued, calling out Speaker John Boehner (R-Ohio).'
    sentence = Sentence(article_id="a", position=0, text=text, start=0, end=len(text), role=Role.BODY)
    claim = Claim(start=text.index("calling"), end=text.index(")"), action="call")
    assert claim_words(sentence, claim) == "calling out Speaker John Boehner (R-Ohio)"


def test_a_quotation_from_a_source_only_described_is_stated_in_the_outlets_own_words() -> None:
    """"A Republican adviser to the group" names no one: "Republican" is not a name another
    outlet must give to state what the adviser said."""
    quote = "“The ad will run on local television for two weeks before the vote,” a Republican adviser to the group said."
    articles = [
        make_article("Harbour Gazette", "Group buys airtime", [quote]),
        make_article("Coast Wire", "Ad to air in Florida", ["The ad will run on local television for two weeks before the vote, the group said."]),
    ]
    assert stating(articles, quote) == ["Coast Wire", "Harbour Gazette"]


@pytest.mark.parametrize(
    ("source", "word"),
    [
        ("Brendan Buck, a spokesman for Speaker John A. Boehner", "buck"),
        ("Representative Cedric L. Richmond of Louisiana", "richmond"),
        ("Russia's state news agency RIA", "ria"),
        ("the Georgetown University letter", None),
        ("A Republican involved with the project", None),
        ("officials", None),
    ],
)
def test_a_speaker_is_known_by_the_name_of_who_spoke_not_by_the_words_around_it(source: str, word: str | None) -> None:
    """The first person a source names, else a body it names; a source only described has no name
    another outlet must give."""
    names = StoryPeopleNames(
        ["John A. Boehner", "Cedric L. Richmond", "Brendan Buck"],
        frozenset({"john", "boehner", "cedric", "richmond", "brendan", "buck", "ria", "georgetown", "university"}),
    )
    assert names.word(source) == word


def test_a_claim_that_only_says_who_spoke_is_stated_only_in_near_paraphrase() -> None:
    """"Absolutely not," closing the councillor's quotation, names only her and the saying; an
    outlet's "Ortiz said she had not read the report" has both and states nothing of it."""
    articles = [
        make_article("Harbour Gazette", "Ortiz rejects port plan", ["“She is no friend of the port. Absolutely not,” Ortiz said."]),
        make_article("Coast Wire", "Council to vote on port", ["Ortiz said she had not read the report."]),
    ]
    support, sentences = support_of(articles)
    (closing,) = [s for s in sentences if s.text.startswith("Absolutely not")]
    assert support.states_all(closing) == ["Harbour Gazette"]


def test_a_claim_of_one_word_is_stated_only_in_near_paraphrase() -> None:
    """"This is her council, clearly" says one content word; any sentence naming the council in a
    story about it has that word, and states nothing of the kind."""
    short = "This is her council, clearly."
    articles = [
        make_article("Harbour Gazette", "Ortiz keeps her post", [f"She has a lot of friends. {short}"]),
        make_article("Coast Wire", "Ortiz re-elected", ["But it shows that dozens in her council voted against her in a secret ballot."]),
    ]
    assert stating(articles, short) == ["Harbour Gazette"]


def test_an_outlet_that_puts_the_claim_in_another_place_differs_on_the_place() -> None:
    """Two sentences that disagree on the place may not align as one fact, but each tells the
    same claim: one outlet's rally in Denver is the other's rally in Omaha. A place named in both
    articles is no dispute: an outlet that names both knows both."""

    def rallies(first: str, second: str) -> tuple[Support, list[Sentence]]:
        return support_of(
            [make_article("Potomac Times", "Senator rallies supporters", [first]), make_article("Federal Wire", "Senator holds rally", [second])]
        )

    support, (denver, omaha) = rallies(
        "Senator Ruth Calder held a rally in Denver on Saturday to launch her campaign for governor.",
        "Senator Ruth Calder held a rally in Omaha on Saturday to launch her campaign for governor.",
    )
    found = support.other_place(denver, "Federal Wire")
    assert found is not None
    mine, theirs, where = found
    assert (mine.text, theirs.text, where) == ("Denver", "Omaha", omaha)
    support, (denver, _) = rallies(
        "Senator Ruth Calder held a rally in Denver on Saturday to launch her campaign for governor.",
        "Senator Ruth Calder, who flew in from Denver, held a rally in Omaha on Saturday to launch her campaign for governor.",
    )
    assert support.other_place(denver, "Federal Wire") is None


def test_sentences_told_in_other_words_that_differ_on_the_place_differ_on_it() -> None:
    """The same closure told in other words, one outlet putting it in Denver, the other in Omaha:
    as they stand the sentences read too far apart for their places to conflict, but with one
    place in both they are paraphrases."""
    support, (denver, omaha) = support_of(
        [
            make_article("Potomac Times", "Bridge lanes closed", [
                "The traffic lanes were closed for four days in September, creating traffic gridlock in Denver, the town at the base of the bridge."
            ]),
            make_article("Federal Wire", "Lane closures", [
                "The administration closed two of the three bridge access lanes in Omaha in September, in what appeared to be political retribution."
            ]),
        ]
    )  # fmt: skip
    found = support.other_place(denver, "Federal Wire")
    assert found is not None
    assert (found[0].text, found[1].text, found[2]) == ("Denver", "Omaha", omaha)


def test_two_loosely_aligned_sentences_of_a_fact_that_differ_on_the_place_conflict() -> None:
    """Two outlets tell one confrontation in other words, one putting it in the Capitol, the other
    in Denver: the different place alone pulls the pair under the similarity two places need to
    conflict, and with one place in both it reads as the paraphrase it is."""
    articles = [
        make_article("Potomac Times", "Grimm charged", [
            "Grimm made headlines in January after confronting a New York City cable news station reporter who tried to question him about "
            "a long-running FBI investigation into campaign finance on a balcony in the Capitol."
        ]),
        make_article("Federal Wire", "Grimm indicted", [
            "More recently, Grimm was in the news in January after he physically threatened a reporter in Denver."
        ]),
    ]  # fmt: skip
    support, (capitol, denver) = support_of(articles)
    outlet_of = {a.id: a.outlet.name for a in articles}
    alignment = align([capitol, denver], outlet_of, get_encoder(), Settings().facts)
    settings = Settings().conflicts
    assert alignment.similarity(capitol, denver) < settings.place_similarity
    evidence = [(s, SentenceRef.of(s, outlet_of[s.article_id])) for s in (capitol, denver)]
    found = find_conflicts(1, evidence, alignment.similarity, support.names, NewsDays([]), settings, support.one_place_similarity)
    assert [(c.slot, sorted(v.value for v in c.values)) for c in found] == [(ConflictSlot.PLACE, ["Capitol", "Denver"])]


@pytest.mark.parametrize(
    ("text", "attribution", "origins", "word"),
    [
        ("Kim left on Sunday, Russia's state news agency RIA said.", "Russia's state news agency RIA", [("Russia", "GPE")], "ria"),
        ("US and South Korean officials have said Pyongyang could supply shells.", "US and South Korean officials", [("US", "GPE"), ("South Korean", "NORP")], "officials"),
        ("Twelve were held, senior officials familiar with the talks said.", "senior officials familiar with the talks", [], "officials"),
    ],
)
def test_a_source_is_named_by_who_it_is_not_where_it_is_from(text: str, attribution: str, origins: list[tuple[str, str]], word: str) -> None:
    entities = [Entity(text=name, label=label, key=name.lower(), start=text.index(name), end=text.index(name) + len(name)) for name, label in origins]
    sentence = Sentence(article_id="a", position=0, text=text, start=0, end=len(text), role=Role.BODY, attribution=attribution, entities=entities)
    assert source_word(sentence) == word


def test_the_new_of_new_jersey_is_no_new_stage() -> None:
    """A place's leading word is no adjective: the governor of New Jersey running for president
    does not state that running is a new and bigger stage for him (BASIL 2015, where HuffPost had
    been cited for the Times's sentence); an outlet that says it in its own words does."""
    stage = "Running for president is a new and bigger stage, though."
    articles = [
        make_article("The New York Times", "Christie joins the race", [stage]),
        make_article("HuffPost", "Christie is running", ["New Jersey Gov. Chris Christie (R) announced he's running for president in 2016."]),
        make_article("Fox News", "Christie's new stage", ["For Christie, running for president is a new and far bigger stage."]),
    ]
    assert stating(articles, stage) == ["Fox News", "The New York Times"]

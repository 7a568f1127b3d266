"""The comparison a reader cannot do by eye: shared facts, single-source facts, conflicts, framing, summary."""

from datetime import UTC, datetime

import pytest

from storylens.analyze.quantities import extract_quantities
from storylens.compare.conflicts import disagreeing_pair, lone_count
from storylens.compare.summary import write_summary
from storylens.model import Fact, FactStatus, QuantityKind, Role, Sentence, SentenceRef, SupportStatus
from tests.conftest import DAILY_MAIL, GUARDIAN, make_article
from tests.conftest import one_story_report as story_of_articles


def facts_with(report, *words, outlets=None):
    """Facts whose evidence, taken together, contains every word."""
    found = []
    for fact in report.facts:
        text = " ".join(e.text for e in fact.evidence).lower()
        if all(w.lower() in text for w in words) and (outlets is None or set(outlets) <= set(fact.outlets)):
            found.append(fact)
    return found


def one_story_report(tmp_path, *articles):
    """The report of the one story the articles make, through the whole pipeline."""
    return story_of_articles(tmp_path / "s.db", list(articles))


def test_seed_pair_is_one_story_with_two_outlets(seed_report):
    assert seed_report.story.outlets == [DAILY_MAIL, GUARDIAN]
    assert all(p.outlet_guessed for p in seed_report.framing)


def test_facts_both_outlets_report(seed_report):
    both = [DAILY_MAIL, GUARDIAN]
    assert facts_with(seed_report, "bulletproof train", "armoured train", outlets=both)
    assert facts_with(seed_report, "walrus", "Primorsky Aquarium", outlets=both)
    assert facts_with(seed_report, "Far Eastern Federal University", outlets=both)
    assert facts_with(seed_report, "Western fears", "war on Ukraine", outlets=both)
    assert facts_with(seed_report, "way home", "nearly a week", "six-day", outlets=both)
    assert facts_with(seed_report, "met President Vladimir Putin", outlets=both)


def test_single_source_facts_and_details(seed_report):
    only = {c.outlet: c for c in seed_report.coverage}
    by_id = {f.id: f for f in seed_report.facts}
    daily_mail_only = " ".join(by_id[i].text for i in only[DAILY_MAIL].only_here)
    guardian_only = " ".join(by_id[i].text for i in only[GUARDIAN].only_here)
    assert "five explosive drones" in daily_mail_only and "bulletproof vest" in daily_mail_only
    assert "defence minister had discussed" in guardian_only
    assert "Misha" in [d.text for d in only[GUARDIAN].details_only_here]
    assert "five explosive drones" in [d.text for d in only[DAILY_MAIL].details_only_here]
    details = [d for c in seed_report.coverage for d in c.details_only_here]
    assert "Western" not in [d.text for d in details], "a region adjective is no name an outlet adds (issue #16.11)"
    assert "Pacific" not in [d.text for d in details], "nor a region that qualifies a noun: 'the Pacific port city'"
    assert "Vladivostok" in [d.text for d in only[DAILY_MAIL].details_only_here]
    assert not [d for d in details if d.kind == "weekday" or not d.text[:1].isupper() and d.kind == "entity"]
    assert all(by_id[i].status == FactStatus.SINGLE_SOURCE for i in only[GUARDIAN].only_here)


def test_a_name_another_outlet_gives_in_another_form_is_not_one_outlets_alone(tmp_path):
    """"Susan E. Rice" and "Susan Rice", "U.S." and "the United States", "the U.S. Senate" and "the
    Senate", "214-207" however each reads it, "Barack Obama" and
    "Obama", "Chuck Schumer" and "Charles Schumer" name one person or place, "Loretta Sanchez" and
    "Linda Sánchez" two; a dateline's city and agency say where and by whom the article was filed; "at one point" counts
    nothing."""
    a = make_article("Outlet A", "Rice defends Benghazi account", [
        "WASHINGTON (AP) -- Susan E. Rice defended her account of the Benghazi attack before the Senate on Tuesday.",
        "The U.S. ambassador said Barack Obama had asked her to brief the committee.",
        "Senator Kelly Ayotte said she was not satisfied, and at one point left the room.",
        "Ambassador J. Christopher Stevens died in the attack.",
        "Chuck Schumer and Representative Loretta Sanchez asked for a hearing.",
        "The U.S. Senate will vote on the embassy budget next month.",
        "The measure passed by a 214-207 vote.",
    ])  # fmt: skip
    b = make_article("Outlet B", "Rice answers senators on Benghazi", [
        "Susan Rice defended her account of the Benghazi attack before the Senate on Tuesday.",
        "The ambassador of the United States said Obama had asked her to brief the committee.",
        "Senator Lindsey Graham said he had more questions.",
        "Ambassador Chris Stevens died in the attack.",
        "Charles Schumer and Representative Linda Sánchez asked for a hearing.",
        "The Senate will vote on the embassy budget.",
        "The House passed the relief bill 214-207 on Thursday.",
    ])  # fmt: skip
    only = {c.outlet: [d.text for d in c.details_only_here] for c in one_story_report(tmp_path, a, b).coverage}
    assert "Kelly Ayotte" in only["Outlet A"] and "Lindsey Graham" in only["Outlet B"], only
    assert "Loretta Sanchez" in only["Outlet A"] and "Linda Sánchez" in only["Outlet B"], "sisters, not one person"
    for text in ("Susan E. Rice", "Susan Rice", "U.S.", "United States", "Barack Obama", "Obama", "WASHINGTON", "one point",
                 "J. Christopher Stevens", "Chris Stevens", "Chuck Schumer", "Charles Schumer", "The U.S. Senate",
                 "214", "207", "AP"):
        assert text not in only["Outlet A"] + only["Outlet B"], only


def test_captions_back_facts_but_never_state_them_alone(seed_report):
    for fact in seed_report.facts:
        assert any(e.role in (Role.BODY, Role.STANDFIRST) for e in fact.evidence)
    university = facts_with(seed_report, "Far Eastern Federal University")[0]
    roles = {(e.outlet, e.role) for e in university.evidence}
    assert (DAILY_MAIL, Role.CAPTION) in roles and (GUARDIAN, Role.BODY) in roles


def test_no_boilerplate_and_no_question_stated_as_fact(seed_report):
    text = seed_report.model_dump_json()
    for boilerplate in ("Read Full Article", "READ MORE", "Photograph:", "Agencies"):
        assert boilerplate not in text
    assert not facts_with(seed_report, "sit-ups")


def test_loaded_language_is_found_in_the_daily_mail_and_much_less_in_the_guardian(seed_report):
    spans = " | ".join(s.text.lower() for s in seed_report.spans if s.outlet == DAILY_MAIL)
    for phrase in ("tubby dictator", "brutal dictator", "fellow despot", "impoverished north korea"):
        assert phrase in spans
    rate = {p.outlet: p.loaded_per_1000_words for p in seed_report.framing}
    assert rate[DAILY_MAIL] >= 3 * rate[GUARDIAN] and rate[DAILY_MAIL] > 5


def test_rounding_and_paraphrase_are_not_conflicts(seed_report):
    assert seed_report.conflicts == []


def test_summary_cites_every_sentence_and_prefers_neutral_wording(seed_report):
    summary = seed_report.summary
    assert 5 <= len(summary) <= 10
    for sentence in summary:
        assert sentence.citations
        assert sentence.single_source == (len(sentence.citations) == 1)
    assert len({s.text for s in summary}) == len(summary)
    text = " ".join(s.text for s in summary).lower()
    for loaded in ("dictator", "despot", "tubby", "impoverished"):
        assert loaded not in text


def test_outlets_disagreeing_on_a_count_are_a_conflict(tmp_path):
    a = make_article("Outlet A", "Kim given drones", [
        "Before leaving Vladivostok, Kim Jong Un was given five explosive drones by the governor of Primorye.",
        "He then boarded his armoured train for Pyongyang.",
    ])
    b = make_article("Outlet B", "Kim leaves with drones", [
        "Kim Jong Un was given three explosive drones by the governor of Primorye before leaving Vladivostok.",
        "He then left for Pyongyang on his armoured train.",
    ])
    report = one_story_report(tmp_path, a, b)
    (conflict,) = report.conflicts
    assert conflict.slot == QuantityKind.COUNT
    assert sorted(v.value for v in conflict.values) == ["five explosive drones", "three explosive drones"]
    assert {v.outlet for v in conflict.values} == {"Outlet A", "Outlet B"}
    conflicting = next(f for f in report.facts if f.id == conflict.fact_id)
    assert conflicting.status == FactStatus.CONFLICTING
    (told,) = [s for s in report.summary if s.fact_id == conflict.fact_id]
    assert told.disputed and "3–5 explosive drones (" in told.text, "the summary gives the range and who gives which"


@pytest.mark.parametrize(
    "recalled",
    [
        "In January, five undersea cables in the Mediterranean were cut, causing outages in the region.",
        "Earlier this year, five undersea cables in the Mediterranean were cut, causing outages in the region.",
    ],
)
def test_a_count_of_an_earlier_event_is_no_conflict(tmp_path, recalled):
    """An outlet recalling January's cuts gives another count of another event (ECB+: "three undersea
    cables were damaged Friday" had conflicted with "In January, five cables ... were cut")."""
    a = make_article("Outlet A", "Cables cut", [
        "Internet traffic was disrupted on Friday after three undersea cables in the Mediterranean were cut.",
        "Engineers said repairs would take two weeks.",
    ])
    b = make_article("Outlet B", "Internet cables damaged", [
        "Internet traffic across the region was disrupted on Friday after undersea cables in the Mediterranean were damaged.",
        recalled,
    ])
    assert not one_story_report(tmp_path, a, b).conflicts


@pytest.mark.parametrize(
    ("ours", "theirs"),
    [
        (
            "Cheeks spent seven seasons as an assistant coach for the Sixers before leaving for Portland.",
            "Cheeks played for the Sixers for 11 seasons and served as an assistant coach for seven before leaving for Portland.",
        ),
        (
            "Cheeks played for the Sixers from 1978 and won a championship with the team.",
            "Cheeks played for the Sixers from 1978-89 and won a championship with the team in 1983.",
        ),
    ],
)
def test_a_number_the_other_sentence_also_writes_is_no_conflict(tmp_path, ours, theirs):
    """"... and served as an assistant coach for seven" gives the seven seasons as well, its noun
    left out, and "from 1978-89 ... in 1983" the year 1978 (ECB+ had set 11 seasons against
    seven, and 1983 against 1978)."""
    a = make_article("Outlet A", "Cheeks named coach", ["The Sixers named Maurice Cheeks head coach on Monday.", ours])
    b = make_article("Outlet B", "Sixers hire Cheeks", ["The Sixers named Maurice Cheeks their head coach on Monday.", theirs])
    assert not one_story_report(tmp_path, a, b).conflicts


def test_disputes_on_two_counted_things_of_one_fact_are_two_conflicts(tmp_path):
    """The dead and the villages are two disputes: an ECB+ report had listed one outlet's "seven
    villages" among the others' counts of the dead."""
    a = make_article("Outlet A", "Quake hits southern Iran", [
        "The earthquake destroyed four villages and killed three people on Sunday, the governor said.",
        "Rescue teams were sent from Bandar Abbas.",
    ])
    b = make_article("Outlet B", "Deadly quake in Iran", [
        "The earthquake destroyed seven villages and killed 10 people on Sunday, the governor said.",
        "Rescue teams were sent from the port of Bandar Abbas.",
    ])
    counted = sorted(sorted(v.value for v in c.values) for c in one_story_report(tmp_path, a, b).conflicts)
    assert counted == [["10 people", "three people"], ["four villages", "seven villages"]]


def test_counts_of_two_peoples_doings_are_no_conflict(tmp_path):
    """Sports reports align sentences that give two players' yards: "Jamaal Charles rushed for 226
    yards" and "Peyton Hillis rushed for 101 yards" are not two accounts of one count (ECB+)."""
    a = make_article("Outlet A", "Colts beat Chiefs", [
        "The Colts beat the Chiefs 20-13 on Sunday to clinch a playoff berth.",
        "Jamaal Charles rushed for 226 yards in the loss.",
    ])
    b = make_article("Outlet B", "Colts clinch playoff berth", [
        "The Colts clinched a playoff berth with a 20-13 win over the Chiefs on Sunday.",
        "Peyton Hillis rushed for 101 yards in the loss.",
    ])
    assert not one_story_report(tmp_path, a, b).conflicts


def test_outlets_giving_another_tally_of_one_vote_are_a_conflict_on_that_side(tmp_path):
    """'134 to 196' is the loser's count changed, not a range from 134 to 196 that '134 to 63' would sit in."""
    tally = "Nancy Pelosi defeated her challenger, Representative Tim Ryan of Ohio, by a vote of 134 to {}."
    articles = [
        make_article(outlet, f"Pelosi keeps her post ({outlet})", [tally.format(loser), "House Democrats met behind closed doors to choose their leader."])
        for outlet, loser in (("Outlet A", 63), ("Outlet B", 196))
    ]
    (conflict,) = one_story_report(tmp_path, *articles).conflicts
    assert sorted(v.value for v in conflict.values) == ["196", "63"]


def test_an_outlet_giving_another_length_in_its_next_sentence_differs_and_is_not_cited_for_ours(tmp_path):
    """The agency's lead says the agent was suspended, its next sentence for how long: 90 days, not 60."""
    ours = make_article("Potomac Times", "Agent suspended for 60 days over memo leak", [
        "A senior FBI agent has been suspended for 60 days over the leak of a classified memo, the bureau said on Monday.",
        "The memo described surveillance of a visiting foreign trade delegation.",
    ])  # fmt: skip
    theirs = make_article("Federal Wire", "Veteran FBI agent disciplined after classified memo surfaces", [
        "An FBI agent with two decades at the bureau has been suspended after a classified memo he was responsible for "
        "was published online, the bureau confirmed on Monday.",
        "Agent Daniel Harlow was suspended for 90 days, according to two people familiar with the decision.",
        "The document concerned the surveillance of a foreign trade delegation.",
    ])  # fmt: skip
    report = one_story_report(tmp_path, ours, theirs)
    (fact,) = [f for f in report.facts if "60 days" in f.text]
    wire = next(s for s in fact.support if s.outlet == "Federal Wire")
    assert wire.status == SupportStatus.DIFFERS and wire.value == "90 days"
    assert "Federal Wire" not in fact.stated_by
    assert any(c.slot == QuantityKind.DURATION for c in report.conflicts)


@pytest.mark.parametrize(
    ("first", "second", "conflicts"),
    [
        (("Sunday", 17), ("Thursday", 17), 1),  # one day: Sunday the 16th against Thursday the 13th
        (("Sunday", 17), ("Thursday", 20), 0),  # Thursday the 20th came after the first article
        (("Tuesday", 19), ("Wednesday", 20), 1),  # the 18th against the 19th: both out by then
    ],
)
def test_weekdays_conflict_only_where_each_article_was_out_by_the_others_day(tmp_path, first, second, conflicts):
    """An article of Monday that says the leaders met on Sunday and one of Thursday that says they
    met on Thursday tell of two meetings; two that each could have known of the other's day disagree."""
    articles = [
        make_article(outlet, f"Obama and Boehner meet ({outlet})", [
            f"President Obama and Speaker John Boehner met privately at the White House on {weekday} to discuss the fiscal cliff.",
            "Neither side gave details of the talks.",
        ], published=datetime(2012, 12, day, tzinfo=UTC))
        for outlet, (weekday, day) in (("Outlet A", first), ("Outlet B", second))
    ]
    report = one_story_report(tmp_path, *articles)
    assert [c.slot for c in report.conflicts] == [QuantityKind.WEEKDAY] * conflicts


@pytest.mark.parametrize(("taxes", "conflicts"), [("$43 million in federal taxes", 0), ("$120 million in adjusted gross income", 1)])
def test_sums_of_money_conflict_only_when_they_are_of_one_thing(tmp_path, taxes, conflicts):
    """Income and taxes are two sums, not two values of one: the words after a sum say what it is of."""
    a = make_article("Outlet A", "Clinton releases tax returns", [
        "Hillary Clinton on Friday released eight years of tax returns, showing the couple earned $139 million in adjusted gross income since 2007.",
        "The returns were posted on her campaign website.",
    ])
    b = make_article("Outlet B", "Clinton tax returns released", [
        f"Hillary Clinton on Friday released eight years of tax returns, showing the couple paid {taxes} since 2007.",
        "The returns were posted on her campaign website.",
    ])
    report = one_story_report(tmp_path, a, b)
    assert [c.slot for c in report.conflicts] == [QuantityKind.MONEY] * conflicts


LISTED = "From 2007 through 2014 the couple paid {} in federal taxes and $13,625,777 in state and local taxes, and made $14,959,450 in charitable contributions."
FEDERAL = "From 2007 through 2014 the couple paid $43,885,310 in federal taxes, for an effective tax rate of 31.55 percent."
STATE = "From 2007 through 2014 the couple paid $13.6 million in state taxes, for an effective tax rate of 31.55 percent."


@pytest.mark.parametrize(
    ("listed", "single", "conflicts"),
    [
        (LISTED.format("$131,655,937"), FEDERAL, ["$131,655,937", "$43,885,310"]),
        (LISTED.format("$43,885,310"), FEDERAL, []),
        (LISTED.format("$43,885,310"), STATE, []),
    ],
)
def test_sums_of_one_thing_are_compared_whatever_else_a_sentence_adds_up(tmp_path, listed, single, conflicts):
    """One outlet lists federal taxes, state taxes and gifts; the other, federal taxes alone: the
    words after each sum pair the federal taxes of both, and only they are compared. State taxes
    are not federal ones, though both are taxes."""
    a = make_article("Outlet A", "Clinton releases tax returns", [listed, "The returns were posted on her campaign website."])
    b = make_article("Outlet B", "Clinton tax returns released", [single, "The returns were posted on her campaign website."])
    report = one_story_report(tmp_path, a, b)
    assert [sorted(v.value for v in c.values) for c in report.conflicts] == ([conflicts] if conflicts else [])


PROTEST_A = [
    "Police arrested more than 90 people in central Lima on Thursday as they broke up a protest against the government's pension reform.",
    "Riot police fired tear gas at demonstrators who tried to march from Plaza San Martín towards Congress.",
    "Organisers said about 20,000 people had joined the march, while police put the number at 8,000.",
    "The reform would raise the retirement age from 65 to 67 over the next decade.",
    "Labour Minister Jorge Salas said the change was needed to keep the pension fund solvent.",
    "Several shops on Jirón de la Unión were looted after nightfall, the city council said.",
    "The country's largest union, the CGTP, called a national strike for next Tuesday.",
    "Eleven police officers were treated for minor injuries, the interior ministry said.",
]
PROTEST_B = [
    "Soldiers fired tear gas at thousands of people marching against pension changes in central Lima on Thursday.",
    "Some 40 people were detained, the interior ministry said.",
    "The protesters had gathered in Plaza San Martín and were trying to reach the Congress building.",
    "The reform raises the retirement age to 67 from 65.",
    "The CGTP union federation called a nationwide strike for Tuesday.",
    "Eleven officers were lightly injured in the clashes, according to the ministry.",
    "Labour Minister Jorge Salas defended the reform, saying the pension system would run out of money by 2035 without it.",
    "Human rights groups criticised the use of force against largely peaceful marchers.",
]


@pytest.mark.parametrize("later", [[], ["Police detained 300 people in Cusco last month."]])
def test_an_outlet_giving_another_count_of_the_arrested_differs_rather_than_leaves_it_out(tmp_path, later):
    """"Some 40 people were detained, the interior ministry said." tells nothing else of "Police
    arrested more than 90 people in central Lima on Thursday as they broke up a protest", yet
    gives the same count otherwise: that outlet differs on it, it does not leave it out. With a
    second count of the detained (elsewhere, earlier) the 90 alone cannot say which count is its
    rival, but the 40's fact finds the 90 its only rival, and the dispute holds both ways: the
    arrests' fact shows the 40, never the 300."""
    a = make_article("Andes Daily", "Police arrest 90 at Lima pension protest", PROTEST_A)
    b = make_article("Lima Wire", "Tear gas at Lima pension march", [*PROTEST_B[:2], *later, *PROTEST_B[2:]])
    report = one_story_report(tmp_path, a, b)
    (arrests,) = [f for f in report.facts if "more than 90 people" in f.text]
    stance = next(s for s in arrests.support if s.outlet == "Lima Wire")
    assert stance.status == SupportStatus.DIFFERS and stance.value == "Some 40 people"
    assert [sorted(v.value for v in c.values) for c in report.conflicts if c.slot == "count"] == [["Some 40 people", "more than 90 people"]]


def test_a_story_whose_outlets_only_loosely_agree_still_gets_a_summary():
    ref = SentenceRef(article_id="a", position=0, outlet="A", role=Role.BODY, text="Rain fell.", start=0, end=10)
    loose = Fact(
        id=1,
        text="Rain fell.",
        evidence=[ref, ref.model_copy(update={"article_id": "b", "outlet": "B"})],
        outlets=["A", "B"],
        stated_by=["A", "B"],
        agreement=0.4,
        status=FactStatus.CORROBORATED,
    )
    (sentence,) = write_summary([loose, loose.model_copy(update={"id": 2})])
    assert sentence.citations == ["A", "B"] and sentence.text == "Rain fell."


def test_a_list_of_figures_conflicts_only_where_the_rest_agrees():
    def percents(text):
        return [q for q in extract_quantities(text) if q.kind == QuantityKind.PERCENT]

    poll = percents("Romney leads with 21 percent, followed by Trump with 17 percent.")
    changed = percents("Trump had 17 percent and Romney 70 percent.")
    other_poll = percents("Among Tea Party supporters Trump had 20 percent and Huckabee 14 percent.")
    mine, theirs = disagreeing_pair(poll, changed)
    assert (mine.text, theirs.text) == ("21 percent", "70 percent")
    assert disagreeing_pair(poll, other_poll) is None, "no agreeing figure: the lists may be about different things"
    assert disagreeing_pair(poll, poll) is None
    assert disagreeing_pair(poll, changed[:1]) is None
    rates = percents("His rate was 36 percent, against their 2014 rate of 30 percent.")
    other_rates = percents("Their federal rate was 35.7 percent, and 45.8 percent with state taxes.")
    assert disagreeing_pair(rates, other_rates) is None, "36 and 35.7 agree only within rounding: no anchor"


def test_a_count_whose_noun_is_hidden_is_compared_only_when_each_sentence_gives_one_count():
    def sentence(text):
        return Sentence(
            article_id="a", position=0, text=text, start=0, end=len(text), role=Role.BODY, quantities=extract_quantities(text)
        )

    hidden = sentence("Fifteen of the 19 Sept. 11 hijackers were Saudi nationals.")
    named = sentence("Fifteen of the 64 hijackers on 9/11 were Saudi citizens.")
    busy = sentence("Fifteen of the 64 hijackers, who trained for 2 years, came in 3 groups.")
    slot = (QuantityKind.COUNT, "", "hijacker")
    assert [q.value for q in lone_count(named, hidden, slot)] == [19]
    assert lone_count(busy, hidden, slot) == [], "several counts: which one is the hijackers is not known"


UNREST_A = [
    "Protesters clashed with police in Ferguson for a second night after a grand jury declined to charge an officer.",
    "Police made {} arrests overnight, the county police chief said.",
    "Several businesses were set on fire along West Florissant Avenue.",
]
UNREST_B = [
    "Ferguson saw a second night of clashes between protesters and police after a grand jury decided not to charge the officer.",
    "The county police chief said there were six arrests on Wednesday, compared with 47 the night before.",
    "Shops along West Florissant Avenue were burned.",
]


@pytest.mark.parametrize(("arrests", "differs"), [(148, True), (47, False)])
def test_an_outlet_giving_several_counts_none_of_them_ours_differs_on_the_count(tmp_path, arrests, differs):
    """One outlet counts 148 arrests overnight; the other's sentence gives six on one night and 47
    on the night before. It never says 148, so it is not cited for the count: it differs, with the
    closest of its counts. Where one of its counts is ours, it states the fact."""
    a = make_article("Gateway Herald", "Second night of unrest in Ferguson", [UNREST_A[0], UNREST_A[1].format(arrests), UNREST_A[2]])
    b = make_article("River Wire", "Ferguson clashes continue", UNREST_B)
    report = one_story_report(tmp_path, a, b)
    (fact,) = [f for f in report.facts if f"{arrests} arrests" in f.text]
    stance = next(s for s in fact.support if s.outlet == "River Wire")
    assert stance.status == (SupportStatus.DIFFERS if differs else SupportStatus.STATES)
    assert (stance.value == "47") is differs

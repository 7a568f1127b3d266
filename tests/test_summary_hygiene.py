"""The neutral summary reads as an editor would: no wire datelines, no fragments, no sentence that
leans on one the summary does not carry, and what will happen told after what has happened."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from storylens.compare.summary_hygiene import (
    is_fragment,
    leans_on_before,
    strip_dateline,
    unfinished,
    with_its_opening_mark,
    without_connective,
)
from storylens.config import Settings
from storylens.model import Article, StoryReport
from storylens.pipeline import story_report
from storylens.store import Store
from tests.conftest import make_article, run_pipeline


def report_of(tmp_path: Path, *articles: Article) -> StoryReport:
    with Store(tmp_path / "s.db") as store:
        (story_id,) = run_pipeline(store, list(articles))
        return story_report(store, story_id, Settings())


def summary_of(tmp_path: Path, *articles: Article) -> list[str]:
    return [s.text for s in report_of(tmp_path, *articles).summary]


def index(texts: list[str], words: str) -> int:
    (found,) = [i for i, text in enumerate(texts) if words in text]
    return found


@pytest.mark.parametrize(
    ("line", "sentence"),
    [
        ("OSLO (Reuters) - Norway's parliament approved the quota.", "Norway's parliament approved the quota."),
        ("WASHINGTON (AP) — the Senate voted on Tuesday.", "The Senate voted on Tuesday."),
        ("LONDON, June 3 (Reuters) - Prices rose.", "Prices rose."),
        ("KYIV, Ukraine (AP) – Drones hit the city.", "Drones hit the city."),
        ("NEW YORK (Reuters) -- Stocks fell.", "Stocks fell."),
        ("Oslo (Reuters) is where it was filed.", "Oslo (Reuters) is where it was filed."),
        ("WASHINGTON — The Supreme Court heard the case on Tuesday.", "The Supreme Court heard the case on Tuesday."),
        ("DES MOINES – Ana Ruiz urged the council to act.", "Ana Ruiz urged the council to act."),
        ("WASHINGTON—Joining a chorus of critics, 90 professors wrote.", "Joining a chorus of critics, 90 professors wrote."),
        ("NATO -- which has 32 members -- met on Tuesday.", "NATO -- which has 32 members -- met on Tuesday."),
        ("Obama — The president spoke.", "Obama — The president spoke."),
    ],
)
def test_wire_datelines_are_cut_from_the_start(line: str, sentence: str) -> None:
    assert strip_dateline(line) == sentence


def test_a_wire_dateline_is_neither_part_of_a_summary_sentence_nor_one_of_its_own(tmp_path: Path) -> None:
    a = make_article("Outlet A", "Norway sets Barents cod quota", [
        "OSLO (Reuters) - Norway's parliament approved a lower cod quota for the Barents Sea on Tuesday.",
        "Fishing groups had asked for a higher catch limit.",
    ])  # fmt: skip
    b = make_article("Outlet B", "Barents cod quota cut", [
        "WASHINGTON (AP) —",
        "Norway's parliament on Tuesday approved a lower Barents Sea cod quota.",
        "Russia shares the management of the cod stock with Norway.",
    ])  # fmt: skip
    texts = summary_of(tmp_path, a, b)
    assert not [t for t in texts if "(Reuters)" in t or "(AP)" in t or t.isupper()], texts
    assert any(t.startswith("Norway's parliament") and "cod quota" in t for t in texts), texts


def test_a_line_that_only_labels_what_follows_is_no_fact(tmp_path: Path) -> None:
    """"WASHINGTON --" and "UPDATE:" stood in the report as facts that one outlet alone gives."""
    a = make_article("Outlet A", "Norway sets Barents cod quota", [
        "WASHINGTON --",
        "Norway's parliament approved a lower cod quota for the Barents Sea on Tuesday.",
        "UPDATE:",
        "Fishing groups had asked for a higher catch limit.",
    ])  # fmt: skip
    b = make_article("Outlet B", "Barents cod quota cut", [
        "Norway's parliament on Tuesday approved a lower Barents Sea cod quota.",
        "Russia shares the management of the cod stock with Norway.",
    ])  # fmt: skip
    texts = [f.text for f in report_of(tmp_path, a, b).facts]
    assert not [t for t in texts if t.rstrip(" -:").isupper()], texts
    assert any("higher catch limit" in t for t in texts), texts


def test_a_sentence_leaning_on_one_the_summary_does_not_carry_is_left_out(tmp_path: Path) -> None:
    a = make_article("Outlet A", "Kim leaves Russia", [
        "Kim Jong Un left Russia by armoured train on Sunday.",
        "Russian officials waved him off at the station in Artyom.",
        "It was his first trip abroad since the pandemic.",
    ])  # fmt: skip
    b = make_article("Outlet B", "Kim heads home", [
        "Kim Jong Un left Russia on his armoured train on Sunday.",
        "The walrus show at the Primorsky Aquarium drew a large crowd.",
        "They said the visit had gone well.",
        "But the Kremlin said no arms deal was signed.",
    ])  # fmt: skip
    texts = summary_of(tmp_path, a, b)
    assert not [t for t in texts if t.startswith(("They", "But"))], texts
    assert index(texts, "first trip abroad") == index(texts, "waved him off") + 1, "its article's sentence before it is there"
    assert "The Kremlin said no arms deal was signed." in texts, "the connective goes; the rest stands alone"


def test_a_quotation_that_names_no_speaker_is_not_a_summary_sentence(tmp_path: Path) -> None:
    """Both outlets quote her, sentence by sentence: the sentence that closes the quotation is
    her words, and standing alone in the summary it would read as the outlets' own."""
    a = make_article("Outlet A", "Duarte warns on visit", [
        "Ana Duarte said the minister's visit to the assembly would damage relations.",
        "Lawmakers from both parties had invited the minister in March.",
        '"It has always been a shared cause," Duarte said.',
        'We must keep it so."',
    ])  # fmt: skip
    b = make_article("Outlet B", "Duarte criticises visit", [
        "Ana Duarte said the minister's visit to the assembly would damage relations.",
        "The palace was not consulted about the invitation, officials said.",
        "“It has always been a shared cause,” she told an interviewer.",
        "“We must keep it so.”",
    ])  # fmt: skip
    texts = summary_of(tmp_path, a, b)
    assert not [t for t in texts if t.lstrip("\"“").startswith("We must")], texts
    assert any("damage relations" in t for t in texts), texts


def test_the_middle_of_a_quotation_is_not_a_summary_sentence_of_its_own(tmp_path: Path) -> None:
    """The parser cuts a quotation into sentences, and the middle one has no quotation mark: told
    alone, the councillor's praise would read as the outlets' own."""
    a = make_article("Outlet A", "Lopez keeps her post", [
        "“We need a steady hand now. Nobody negotiates better than Maria Lopez. She wins,” Ortiz said.",
        "Council members re-elected Maria Lopez as their leader on Wednesday by 34 votes to 13.",
        "Members from the north had backed a younger rival after the party lost seats.",
    ])  # fmt: skip
    b = make_article("Outlet B", "Lopez re-elected", [
        "“Everything is at stake. Nobody negotiates better than Maria Lopez. She counts every vote,” Ortiz told the hall.",
        "Council members re-elected Maria Lopez as their leader on Wednesday, 34 to 13.",
        "Her supporters spoke for her before the secret ballot.",
    ])  # fmt: skip
    report = report_of(tmp_path, a, b)
    texts = [s.text for s in report.summary]
    assert not any("Nobody negotiates" in t for t in texts), texts
    assert any("re-elected Maria Lopez" in t for t in texts), texts
    praise = [f for f in report.facts if "Nobody negotiates better" in f.text]
    assert praise and all(f.attributed_to == "Ortiz" for f in praise), [(f.text, f.attributed_to) for f in praise]
    assert all(f.text == "“Nobody negotiates better than Maria Lopez.”" for f in praise), [f.text for f in praise]


def test_the_wording_of_a_fact_is_one_that_names_who_it_is_about(tmp_path: Path) -> None:
    a = make_article("Outlet A", "Kim tours Vladivostok", [
        "Kim Jong Un watched a walrus show at the Primorsky Aquarium on Sunday.",
        "He met Vladimir Putin at the Vostochny cosmodrome on Wednesday.",
    ])  # fmt: skip
    b = make_article("Outlet B", "Kim in Vladivostok", [
        "Kim Jong Un met Vladimir Putin at the Vostochny cosmodrome on Wednesday.",
        "A walrus performed for the North Korean leader at the aquarium on Sunday.",
    ])  # fmt: skip
    texts = summary_of(tmp_path, a, b)
    assert texts[0] == "Kim Jong Un met Vladimir Putin at the Vostochny cosmodrome on Wednesday.", texts


@pytest.mark.parametrize(
    ("sentence", "leans", "rewritten"),
    [
        ("But the ministry said it would act.", True, "The ministry said it would act."),
        ("However, Kim left for Pyongyang.", True, "Kim left for Pyongyang."),
        ("But it said no.", True, None),
        ("Also on Sunday, Kim toured a university.", True, None),
        ("They said the visit went well.", True, None),
        ("He’ll make the announcement today.", True, None),
        ("That's not putting people back to work.", True, None),
        ("Kim's train left on Sunday.", False, None),
        ("This week the talks ended.", False, None),
        ("So far, ten people have died.", False, None),
        ("Although the talks failed, both sides said they would return.", False, None),
        ('We must keep it so."', True, None),
        ("“The region wants it that way.", True, None),
        ("I think the region wants it that way.", True, None),
        ("“His refusal to meet is a blow to those of us who stood by him.”", True, None),
        ('"The region wants it that way," Duarte said.', False, None),
        ("“We offered the minister a meeting,” Mr. Grant said in a statement.", False, None),
        ('Officials called the plan "a stunt" on Monday.', False, None),
        ("US officials said North Korea could provide munitions.", False, None),
        ("“We know how to win votes,” she added.", True, None),
        ("“We know how to win votes,” Lopez added.", False, None),
        ("“But the plan is a disaster,” Lopez said.", True, "“The plan is a disaster,” Lopez said."),
        ("Running for president is a new and bigger stage, though.", True, "Running for president is a new and bigger stage."),
        ("The council, however, voted for it.", False, None),
        ("The talks resumed on Monday, however.", True, "The talks resumed on Monday."),
        ("As a result, travelers may want to cancel their plans.", True, None),
        ("At the same time, the ministry said it would act.", True, "The ministry said it would act."),
        ("As a resultant storm moved in, ferries stopped.", False, None),
        ("Her agent, Mark Roesler, said Page died yesterday at a Los Angeles hospital.", False, None),
        ("Her lawyer, John Smith, said she would appeal.", True, None),
        ("His spokesman said He would not run.", True, None),
    ],
)
def test_what_leans_on_an_earlier_sentence_and_what_stands_once_its_connective_goes(
    sentence: str, leans: bool, rewritten: str | None
) -> None:
    assert leans_on_before(sentence) == leans
    assert without_connective(sentence) == rewritten


@pytest.mark.parametrize(
    ("sentence", "fragment"),
    [
        ("Rain fell.", False),
        ("Talks resume on Monday.", False),
        ("Officials say the deal is close.", False),
        ("The train crosses the border.", False),
        ("Kim Jong Un and Vladimir Putin at the cosmodrome on Wednesday.", True),
        ("Kim pictured at the station.", True),
        ("By Jane Smith and Tom Jones", True),
        ("Reporting by Gwladys Fouche; Editing by Jan Harvey", True),
        ("Photo: Reuters", True),
        ("A rare meeting.", True),
        ("By Monday, Ms. Lauten had resigned as communications director.", False),
        ("By contrast, his aides said he won on substance.", False),
        ("He's a good man.", False),
        ("I’m a citizen.", False),
        ("The lawyer eventually sued the company in federal court.", False),
        ("Jane Smith | Updated 3:15 pm", True),
        ("Here’s what you need to know.", True),
        ("Here is how the vote went.", True),
        ("Here, the river floods every spring.", False),
        ("Below are some of the photos shared Wednesday on Twitter from restaurants around the country.", True),
        ("Watch the video below.", True),
        ("Below the dam, the river floods every spring.", False),
        ("Critics see the plan as a giveaway, below the standard set last year.", False),
        ("Douglas Letter, the House general counsel, reportedly said.", True),
        ("— former Vice President Joseph R. Biden Jr. settled behind his lectern on Wednesday night.", True),
        ("Russia's state news agency RIA said on Tuesday.", True),
        ("The ministry told reporters.", True),
        ("The talks failed, the official said.", False),
        ("Sestak said no.", False),
        ("“We will pass it,” Rep. Ana Ruiz said.", False),
    ],
)
def test_a_fragment_is_a_sentence_without_a_finite_verb(sentence: str, fragment: bool) -> None:
    assert is_fragment(sentence) == fragment


@pytest.mark.parametrize(
    ("sentence", "cut_off"),
    [
        ("New Zealand is banning all assault rifles in response to the massacre, the country's prime", True),
        ("The minister said the ban would start on Friday and …", True),
        ("The minister said the ban would start on Friday [...]", True),
        ('Steele issued a statement saying: "There is no question that America must win the war on terror. ...', False),
        ("Trump says he will run again", True),
        ("“Who are you?” the congressman demands.", False),
        ("The minister said: “We will win.”", False),
        ("Officials said the vote was “a disgrace” (and worse).", False),
    ],
)
def test_a_sentence_a_feed_cut_off_is_unfinished(sentence: str, cut_off: bool) -> None:
    assert unfinished(sentence) == cut_off


def test_captions_bylines_and_verbless_fragments_stay_out(tmp_path: Path) -> None:
    a = make_article("Outlet A", "Kim meets Putin", [
        "Kim Jong Un met Vladimir Putin at the Vostochny cosmodrome on Wednesday.",
        "Kim Jong Un and Vladimir Putin at the Vostochny cosmodrome.",
        "By Jane Smith and Tom Jones",
        "The two leaders toured a rocket assembly hall.",
    ])  # fmt: skip
    b = make_article("Outlet B", "Putin hosts Kim", [
        "Vladimir Putin met Kim Jong Un at the Vostochny cosmodrome on Wednesday.",
        "A rare meeting.",
        "Putin said Russia would help North Korea build satellites.",
    ])  # fmt: skip
    texts = summary_of(tmp_path, a, b)
    assert texts and any("met" in t and "cosmodrome" in t for t in texts), texts
    assert not [t for t in texts if t.startswith(("Kim Jong Un and", "By ", "A rare"))], texts


def test_what_will_happen_on_a_weekday_comes_after_what_happened(tmp_path: Path) -> None:
    a = make_article("Outlet A", "Ceasefire holds", [
        "The foreign ministers of Armenia and Azerbaijan will meet in Oslo on Wednesday.",
        "A ceasefire along the border was signed by both governments on Friday.",
        "Negotiators first gathered in Geneva on Tuesday, according to diplomats.",
    ])  # fmt: skip
    b = make_article("Outlet B", "Ceasefire signed", [
        "Armenia and Azerbaijan signed a border ceasefire on Friday.",
        "Negotiators had first gathered in Geneva on Tuesday.",
        "The foreign ministers of both countries are to meet in Oslo on Wednesday.",
    ])  # fmt: skip
    texts = summary_of(tmp_path, a, b)
    assert index(texts, "Geneva") < index(texts, "ceasefire") < index(texts, "Oslo"), texts


WEDNESDAY = datetime(2021, 1, 20, 12, 0, tzinfo=UTC)


def test_a_fact_one_outlet_dates_ahead_comes_after_what_happened_whatever_its_wording(tmp_path: Path) -> None:
    """Only one outlet says when the bill will be signed, and the fact is worded by the other's
    sentence, which names no day: the summary had led with "The legislation heads to President
    Biden for his signature." before the vote it follows (NeuS)."""
    a = make_article("Outlet A", "House passes hate crimes bill", [
        "The House passed the COVID-19 Hate Crimes Act on Tuesday by 364 votes to 62.",
        "The bill now goes to President Biden, who is expected to sign it into law as soon as Thursday.",
    ], WEDNESDAY)  # fmt: skip
    b = make_article("Outlet B", "House passes bill on hate crimes", [
        "The House on Tuesday passed the COVID-19 Hate Crimes Act, 364 to 62.",
        "The legislation heads to President Biden for his signature.",
    ], WEDNESDAY)  # fmt: skip
    texts = summary_of(tmp_path, a, b)
    assert index(texts, "passed") < index(texts, "President Biden"), texts


def test_a_quotation_one_outlet_gives_after_she_said_is_attributed_to_whom_the_other_names(tmp_path: Path) -> None:
    """Both outlets report the words as someone's; "she" names no one, and the name the other
    outlet gives stands for both, written once."""
    a = make_article("Outlet A", "Lopez keeps her post", [
        "Council members re-elected Maria Lopez as their leader on Wednesday by 34 votes to 13.",
        "“We have won before and we will win again,” Maria Lopez said after the vote.",
    ])  # fmt: skip
    b = make_article("Outlet B", "Lopez re-elected", [
        "Council members re-elected Maria Lopez as their leader on Wednesday, 34 to 13.",
        "“We have won before and we will win again,” she said on Wednesday.",
    ])  # fmt: skip
    report = report_of(tmp_path, a, b)
    (quoted,) = [f for f in report.facts if "we will win again" in f.text]
    assert quoted.stated_by == ["Outlet A", "Outlet B"]
    assert quoted.attributed_to == "Maria Lopez"


@pytest.mark.parametrize(
    ("sentence", "told"),
    [
        ('God help us," said Bloomberg.', '"God help us," said Bloomberg.'),
        ("I didn’t start it with a check from my father,” Bloomberg said.", "“I didn’t start it with a check from my father,” Bloomberg said."),
        ("“We will win,” she said.", "“We will win,” she said."),
        ('He called it "a con."', 'He called it "a con."'),
        ("The plan passed.", "The plan passed."),
    ],
)
def test_a_sentence_told_alone_from_inside_a_quotation_opens_it(sentence: str, told: str) -> None:
    assert with_its_opening_mark(sentence) == told


def test_the_summary_never_leaves_a_quotation_mark_unmatched(tmp_path: Path) -> None:
    """The second sentence of a quotation, told without the first, is still someone's words: the
    summary opens the quotation rather than show a closing mark alone."""
    a = make_article("Outlet A", "Bloomberg backs Clinton", [
        "Michael Bloomberg endorsed Hillary Clinton at the convention in Philadelphia on Wednesday.",
        "“I understand the appeal of a businessman president. "
        "But Trump’s business plan is a disaster in the making,” Bloomberg said.",
    ])  # fmt: skip
    b = make_article("Outlet B", "Bloomberg endorses Clinton", [
        "Michael Bloomberg endorsed Hillary Clinton at the Democratic convention in Philadelphia on Wednesday.",
        "“Truth be told, I understand the appeal of a businessman president. "
        "But Trump’s business plan is a disaster in the making,” Bloomberg said.",
    ])  # fmt: skip
    texts = summary_of(tmp_path, a, b)
    (plan,) = [t for t in texts if "disaster in the making" in t]
    assert plan.startswith(("“But", "“Trump")), texts
    assert all(t.count("“") == t.count("”") for t in texts), texts



def test_the_summary_leaves_out_a_sentence_a_feed_cut_off(tmp_path: Path) -> None:
    """NeuS sources are excerpts, and "..., the country's prime" had been a summary's sentence."""
    a = make_article("Outlet A", "New Zealand bans assault rifles", [
        "New Zealand is banning all assault rifles, high-capacity magazines and military-style semi-automatic rifles "
        "in response to the nation's deadliest massacre in history, the country's prime",
    ])  # fmt: skip
    b = make_article("Outlet B", "New Zealand bans military-style weapons", [
        "New Zealand Prime Minister Jacinda Ardern on Thursday announced the country was immediately banning "
        "military-style semi-automatic weapons after last week's attack that killed 50 people.",
        "Police will run a buyback scheme for weapons already owned.",
    ])  # fmt: skip
    texts = summary_of(tmp_path, a, b)
    assert texts and not any(text.endswith("prime") for text in texts)

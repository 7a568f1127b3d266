"""The records are the contract between stages: they must survive JSON both ways."""

from datetime import UTC, datetime

from storylens.model import (
    REPORT_SCHEMA_VERSION,
    Article,
    Entity,
    Outlet,
    Quantity,
    QuantityKind,
    Role,
    Sentence,
    Story,
    StoryReport,
    article_id,
)


def make_article() -> Article:
    body = ["Kim left Russia on Sunday.", "He travelled by train."]
    return Article(
        id=article_id("The Outlet", "Kim heads home", body),
        outlet=Outlet(name="The Outlet", domain="outlet.example"),
        title="Kim heads home",
        standfirst="A six-day trip ends.",
        body=body,
        captions=["Kim waves. Photograph: AP"],
        published=datetime(2023, 9, 17, 12, 0, tzinfo=UTC),
        source="a.txt",
    )


def test_article_round_trips_through_json():
    article = make_article()
    assert Article.model_validate_json(article.model_dump_json()) == article


def test_article_text_holds_every_section_at_stable_offsets():
    article = make_article()
    text = article.text
    for role, block in article.sections():
        assert block in text
    assert text.index("He travelled by train.") > text.index("Kim left Russia")
    assert article.sections()[-1] == (Role.CAPTION, "Kim waves. Photograph: AP")


def test_article_id_ignores_case_and_spacing_but_not_outlet():
    body = ["Kim left  Russia."]
    assert article_id("Outlet", "Title", body) == article_id("outlet", "title ", ["kim left russia."])
    assert article_id("Outlet", "Title", body) != article_id("Other", "Title", body)


def test_sentence_with_entities_and_quantities_round_trips():
    sentence = Sentence(
        article_id="x",
        position=0,
        text="Kim was given five drones.",
        start=0,
        end=26,
        role=Role.BODY,
        entities=[Entity(text="Kim", label="PERSON", key="kim jong un", start=0, end=3)],
        quantities=[Quantity(kind=QuantityKind.COUNT, value=5, subject="drone", text="five drones", start=14, end=25)],
        attribution="KCNA",
    )
    assert Sentence.model_validate_json(sentence.model_dump_json()) == sentence


def test_empty_story_report_round_trips_and_carries_its_schema_version():
    story = Story(id=1, label="Kim heads home", article_ids=["a"], outlets=["The Outlet"])
    report = StoryReport(story=story, articles=[], facts=[], coverage=[], conflicts=[], framing=[], spans=[], summary=[])
    again = StoryReport.model_validate_json(report.model_dump_json())
    assert again == report
    assert again.schema_version == REPORT_SCHEMA_VERSION == 6

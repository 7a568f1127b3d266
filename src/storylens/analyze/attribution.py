"""Who a sentence says said it: "KCNA said", "according to Russian media", "officials have said".

A fact that every outlet reports only as someone's claim is a claim, not a fact, and the
summary must keep the attribution.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

REPORTING_VERBS = frozenset(
    "say tell report announce claim state add continue insist warn deny confirm allege write "
    "quote tweet post accuse argue suggest believe estimate".split()
)
MAX_SOURCE_WORDS = 8
PRONOUNS = frozenset("he she they it we i you this that who which".split())


def attribution_of(sentence: Span) -> str | None:
    """The named source of the sentence, or None when the outlet states it in its own voice."""
    for token in sentence:
        if token.lower_ == "according" and token.i + 1 < len(token.doc) and token.nbor().lower_ == "to":
            objects = [c for c in token.nbor().children if c.dep_ == "pobj"]
            if objects:
                return _source_phrase(objects[0])
        if token.pos_ == "VERB" and token.lemma_.lower() in REPORTING_VERBS:
            subjects = [c for c in token.children if c.dep_ in ("nsubj", "nsubjpass")]
            if subjects and subjects[0].lower_ not in PRONOUNS:
                return _source_phrase(subjects[0])
    return None


def _source_phrase(head: Token) -> str | None:
    words = [t for t in head.subtree if not t.is_punct and t.dep_ != "det" or t.dep_ == "poss"]
    if not words or len(words) > MAX_SOURCE_WORDS:
        return None
    return head.doc[words[0].i : words[-1].i + 1].text

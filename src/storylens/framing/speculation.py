"""Speculation presented as fact: the outlet reads a mind or vouches for what it cannot know.

Two shapes, both in the outlet's own voice (no source named, no reporting verb) and without a
hedge, since a hedged guess ("Kim may want...") is speculation presented as speculation: the
lexicon marks the hedging phrases themselves ("may well", "remains to be seen", "perhaps") as kind
HEDGE, which is not loaded language; this module finds only `FramingKind.SPECULATION`:

- mind-reading: a named person or group, or he/she/they, said to crave or covet something, or
  to be desperate or determined to do it ("Kim is desperate to show Moscow he is a partner");
- a certainty adverb before the claim it vouches for ("Putin clearly needs the shells").

The span is the words that make the guess a fact: the subject and the verb or adjective of
mind-reading ("Kim is desperate"), the certainty adverb alone ("clearly"), so that it does not hide the
loaded words of the same clause in a highlighted report. The words are short lists written for
this project.
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Span, Token

from storylens.analyze.attribution import REPORTING_VERBS

MIND_VERBS = frozenset("crave yearn covet relish".split())
"""Verbs of a hidden wish. "want", "hope" and "intend" are left out: in political news they mostly
report a stated position ("Republicans want the cuts extended"), not a guessed motive; "plot" and
"scheme" are mostly nouns, which would send many sentences to the parse for nothing."""
MIND_ADJECTIVES = frozenset("desperate determined eager keen hellbent".split())
BOOSTERS = frozenset("clearly obviously undoubtedly surely inevitably unquestionably undeniably evidently".split())
HEDGES = frozenset(
    "may might could would perhaps possibly probably likely unlikely apparently reportedly allegedly "
    "seem appear suggest speculate if whether presumably maybe arguably conceivably seemingly unclear".split()
)
"""Words that mark a claim as a guess or as someone else's, lemmas or as written."""
SUBJECT_ENTITIES = frozenset({"PERSON", "NORP", "ORG", "GPE"})
THIRD_PERSON = frozenset({"he", "she", "they"})
SUBJECTS = frozenset({"nsubj", "nsubjpass"})
MIND_SCORE = 0.5
BOOSTER_SCORE = 0.45


def speculation(sentence: Span) -> Iterator[tuple[Span, float]]:
    """The words of a sentence that state a guess as fact, each with its score; none when it is hedged or sourced."""
    if _hedged_or_sourced(sentence):
        return
    for token in sentence:
        words = _mind_reading(token) if token.lemma_.lower() in MIND_VERBS | MIND_ADJECTIVES else None
        if words is not None:
            yield words, MIND_SCORE
        elif token.lower_ in BOOSTERS and token.dep_ == "advmod" and token.i < token.head.i:
            yield token.doc[token.i : token.i + 1], BOOSTER_SCORE


def _hedged_or_sourced(sentence: Span) -> bool:
    if sentence.text.rstrip().endswith("?"):
        return True
    for token in sentence:
        lemma = token.lemma_.lower()
        if lemma in HEDGES or token.lower_ in HEDGES or (token.pos_ == "VERB" and lemma in REPORTING_VERBS):
            return True
        if token.lower_ == "according" and token.i + 1 < len(token.doc) and token.nbor().lower_ == "to":
            return True
    return False


def _mind_reading(token: Token) -> Span | None:
    """Subject to token when the token says what a third party wants or is bent on; None otherwise."""
    if token.pos_ == "VERB":
        holder = token
    elif token.pos_ == "ADJ" and token.dep_ == "acomp":
        holder = token.head
    else:
        return None
    subjects = [c for c in holder.children if c.dep_ in SUBJECTS and c.i < token.i]
    named = [s for s in subjects if s.ent_type_ in SUBJECT_ENTITIES or s.lower_ in THIRD_PERSON]
    if not named:
        return None
    entity = next((e for e in token.doc.ents if e.start <= named[0].i < e.end), None)
    return token.doc[entity.start if entity is not None else named[0].i : token.i + 1]

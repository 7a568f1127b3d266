"""When a word the lexicon lists is not loaded where it stands: names, standard terms, literal senses.

The lexicon lists words in their loaded sense. Three things make a match in running text the
wrong sense, each checked on the parse:

- a name: a listed word that is a person's surname (Senator Arlen Specter, Representative Louise
  Slaughter) or part of the title of a work or a law (the Foreign Corrupt Practices Act);
- a standard term: the accepted name of a thing that holds a listed word ("the nuclear option",
  "tax regimes", `data/standard_terms.txt`), and "so-called" right before one, which only marks
  jargon;
- a literal sense, for the few listed words whose everyday sense is common in news: "fake" before
  a physical object (a prop, a forged document: "a fake bloody Donald Trump head"), and "punish"
  unless what is punished is a group that did nothing to earn it ("the hike punishes savers", not
  "courts punish offenders"); and "possibly" or "perhaps" that is emphasis or an estimate, not a
  hedge ("how could he possibly know", "perhaps 300,000").

The lists are short and written for this project; each rule is one function of the parse.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from spacy.tokens import Doc, Token

STANDARD_TERMS_FILE = Path(__file__).parent / "data" / "standard_terms.txt"
TITLE_ENTITIES = frozenset({"WORK_OF_ART", "LAW"})
"""Titles of works and laws: a listed word in one is the title's ("the Foreign Corrupt Practices Act")."""
HONORIFICS = frozenset("mr mrs ms miss dr sen senator rep representative gov governor president judge justice".split())
"""Words before a surname that show it is one ("Mr. Specter")."""
TERM_MARKERS = frozenset({("so", "-", "called")})
"""Entries that, right before a standard term, only mark it as jargon."""
PHYSICAL_OBJECTS = frozenset(
    "head mask gun pistol rifle weapon bomb explosive grenade blood tan moustache mustache beard hair wig eyelash "
    "nail tooth teeth fur leather diamond jewel jewellery jewelry gem pearl gold flower plant tree grass snow "
    "money cash banknote note bill coin currency passport id card licence license document invoice receipt "
    "cheque check ticket badge uniform plate sign signature stamp painting watch handbag bag body corpse coffin "
    "prop set wall door window car vehicle limb leg arm hand foot eye nose ear".split()
)
"""Things that a "fake" one is a copy of, not a lie about: a prop, a forgery, a replica."""
BYSTANDERS = frozenset(
    "saver taxpayer family worker consumer pensioner retiree motorist driver homeowner renter tenant borrower "
    "patient student parent farmer business success investor customer shopper commuter household employer "
    "employee voter citizen resident".split()
)
"""Groups that a policy or a price "punishes" only in a figurative sense."""


def not_loaded_here(
    words: tuple[str, ...], doc: Doc, start: int, end: int, terms: Iterable[tuple[str, ...]], forms: Callable[[Token], set[str]]
) -> bool:
    """True when the entry `words`, matched at tokens [start, end), is in a name, a standard term, or its literal sense."""
    if any(_in_name(doc[i], start) for i in range(start, end)):
        return True
    spans = list(_term_spans(doc, start, end, terms, forms))
    if any(a < end and start < b for a, b in spans):
        return True
    if words in TERM_MARKERS and any(a == end for a, _ in spans):
        return True
    literal = LITERAL_SENSES.get(words)
    return literal is not None and literal(doc[start])


def _in_name(token: Token, start: int) -> bool:
    """A proper noun that ends a person's name begun before the match at `start` ("Senator Arlen Specter",
    "Mr. Specter"), or part of a title.

    A nickname before a name stays loaded ("Crooked Hillary"), and so do title-case words a parse
    took for a name by themselves ("Deep State officials") or for an organisation's.
    """
    if token.pos_ != "PROPN":
        return False
    if token.ent_type_ in TITLE_ENTITIES:
        return True
    doc = token.doc
    if token.ent_type_ != "PERSON" or (token.i + 1 < len(doc) and doc[token.i + 1].ent_iob_ == "I"):
        return False
    first = token.i
    while doc[first].ent_iob_ == "I":
        first -= 1
    return first < start or (first > 0 and doc[first - 1].lower_.rstrip(".") in HONORIFICS)


def _term_spans(
    doc: Doc, start: int, end: int, terms: Iterable[tuple[str, ...]], forms: Callable[[Token], set[str]]
) -> Iterable[tuple[int, int]]:
    """Token ranges of the standard terms that overlap [start, end] (one past the end, for a marker before a term)."""
    for term in terms:
        for first in range(max(0, start - len(term) + 1), min(end + 1, len(doc))):
            last = first + len(term)
            if last <= len(doc) and all(word in forms(doc[first + k]) for k, word in enumerate(term)):
                yield first, last


def _fake_copy(token: Token) -> bool:
    """ "fake" before a physical object: a prop or a forgery ("a fake bloody Donald Trump head", "fake passports")."""
    noun = token
    while noun.dep_ in ("amod", "conj", "compound") and noun.head is not noun and noun.pos_ != "NOUN":
        noun = noun.head
    return noun.pos_ == "NOUN" and noun.lemma_.lower() in PHYSICAL_OBJECTS


def _punished_for_cause(token: Token) -> bool:
    """ "punish" in its literal sense: unless what is punished is a group of bystanders ("punishes savers")."""
    if token.pos_ != "VERB":
        return True
    objects = [c for c in token.children if c.dep_ in ("dobj", "nsubjpass")]
    return not any(o.lemma_.lower() in BYSTANDERS for o in objects)


def _emphasis_or_estimate(token: Token) -> bool:
    """ "possibly" or "perhaps" that is no hedge: emphasis after "can" or "could" ("how could he possibly
    know"), or an estimate before a number ("perhaps 300,000 immigrants")."""
    doc = token.doc
    after_modal = any(t.lower_ in ("can", "could", "ca", "cannot") for t in doc[max(0, token.i - 3) : token.i])
    return after_modal or (token.i + 1 < len(doc) and doc[token.i + 1].like_num)


LITERAL_SENSES: dict[tuple[str, ...], Callable[[Token], bool]] = {
    ("fake",): _fake_copy,
    ("punish",): _punished_for_cause,
    ("possibly",): _emphasis_or_estimate,
    ("perhaps",): _emphasis_or_estimate,
}
"""Entries with a common literal sense, and the test on the matched token that finds it."""

"""Places and people's titles as conflict slots: "held talks in Vladivostok" against "in
Khabarovsk", "Defence Minister Sergei Shoigu" against "Foreign Minister Sergei Shoigu".

Names disagree for innocent reasons far more often than figures do: a place may be named by its
city, region or building, and one person holds several titles at once ("Texas Senator Ted Cruz",
"Republican candidate Ted Cruz"). So both slots are read narrowly:

- a sentence's place is the one place it puts something *in* or *at*; two outlets' places
  conflict only in close paraphrases, and only when neither outlet's article names the other's
  place anywhere (an outlet that also names it knows both, and chose a granularity);
- a person's title is the words before the name or in the apposition after it that end in a
  title noun ("minister", "leader"); two titles conflict only when they share that noun and
  differ in the words that tell one post from another: a rank ("vice", "deputy") that
  one side has and the other lacks, or a portfolio on both sides that differs ("defense" /
  "foreign", "majority" / "minority"). Nationality, party and state words are left out: they
  add to a title, never contradict it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from typing import NamedTuple

from storylens.config import ConflictSettings
from storylens.model import AnalyzedArticle, Claim, ConflictSlot, Entity, Sentence

PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
_LOCATIVE = re.compile(r"\b(?:in|at|near|outside|inside)\s+(?:the\s+)?$", re.IGNORECASE)
_HYPHENED_ON = re.compile(r"-\w")
_CONJOINED = re.compile(r"\s*(?:,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+)(?:the\s+)?")
"""What joins a place to the next in a list: "in the Mideast and India", "in Iraq, Syria or Lebanon"."""
FEATURE_NOUNS = frozenset(
    "sea ocean river lake bay gulf strait straits channel canal mountains desert island islands peninsula valley".split()
)
"""Words that close the name of a natural feature and that writers leave out: "the Mediterranean Sea"
is "the Mediterranean"."""
TITLE_NOUNS = frozenset(
    """president minister secretary leader senator governor mayor speaker chancellor premier
    director chief chairman chairwoman chair commander general admiral ambassador spokesman
    spokeswoman spokesperson attorney judge justice king queen prince princess envoy""".split()
)
RANKS = frozenset("vice deputy assistant associate under".split())
"""Words that make another post of the same title: a vice president is not the president."""
TENURE = frozenset("former acting interim".split())
"""Kept in a title's text, never compared: an outlet that leaves out "former" omits, it does not
contradict, and outlets date a post differently ("recently resigned director")."""
PORTFOLIOS = frozenset(
    """defense foreign finance interior home justice health education economy trade energy
    agriculture labor treasury transport transportation commerce environment culture security
    intelligence majority minority prime first""".split()
)
"""Words that tell one minister, secretary or leader from another."""
TITLE_MODIFIERS = RANKS | TENURE | PORTFOLIOS
SPELLINGS = {"defence": "defense", "labour": "labor", "ex": "former"}
TITLE_REACH = 90
"""Characters before a name that may hold its title: six long words."""
_WORDS_BEFORE = re.compile(r"((?:[^\s,;:()]+\s+){1,6})$")
"""Six words reach back over "former Michigan Republican Party Chairman"."""
_WORD = re.compile(r"[^\s\-]+")
"""Words, with prefixes split off: "ex-Vice President" is "ex", "Vice", "President"."""
_APPOSITION = re.compile(r"^,\s+((?:[^\s,;:()]+\s+){0,6}[^\s,;:().]+)\s*[,.;]")


STATES = {
    "alabama": ("Ala.", "AL"),
    "alaska": ("Alaska", "AK"),
    "arizona": ("Ariz.", "AZ"),
    "arkansas": ("Ark.", "AR"),
    "california": ("Calif.", "CA"),
    "colorado": ("Colo.", "CO"),
    "connecticut": ("Conn.", "CT"),
    "delaware": ("Del.", "DE"),
    "florida": ("Fla.", "FL"),
    "georgia": ("Ga.", "GA"),
    "hawaii": ("Hawaii", "HI"),
    "idaho": ("Idaho", "ID"),
    "illinois": ("Ill.", "IL"),
    "indiana": ("Ind.", "IN"),
    "iowa": ("Iowa", "IA"),
    "kansas": ("Kan.", "KS"),
    "kentucky": ("Ky.", "KY"),
    "louisiana": ("La.", "LA"),
    "maine": ("Maine", "ME"),
    "maryland": ("Md.", "MD"),
    "massachusetts": ("Mass.", "MA"),
    "michigan": ("Mich.", "MI"),
    "minnesota": ("Minn.", "MN"),
    "mississippi": ("Miss.", "MS"),
    "missouri": ("Mo.", "MO"),
    "montana": ("Mont.", "MT"),
    "nebraska": ("Neb.", "NE"),
    "nevada": ("Nev.", "NV"),
    "new hampshire": ("N.H.", "NH"),
    "new jersey": ("N.J.", "NJ"),
    "new mexico": ("N.M.", "NM"),
    "new york": ("N.Y.", "NY"),
    "north carolina": ("N.C.", "NC"),
    "north dakota": ("N.D.", "ND"),
    "ohio": ("Ohio", "OH"),
    "oklahoma": ("Okla.", "OK"),
    "oregon": ("Ore.", "OR"),
    "pennsylvania": ("Pa.", "PA"),
    "rhode island": ("R.I.", "RI"),
    "south carolina": ("S.C.", "SC"),
    "south dakota": ("S.D.", "SD"),
    "tennessee": ("Tenn.", "TN"),
    "texas": ("Texas", "TX"),
    "utah": ("Utah", "UT"),
    "vermont": ("Vt.", "VT"),
    "virginia": ("Va.", "VA"),
    "washington": ("Wash.", "WA"),
    "west virginia": ("W.Va.", "WV"),
    "wisconsin": ("Wis.", "WI"),
    "wyoming": ("Wyo.", "WY"),
}
"""US states by key, with the abbreviation news style writes after a town ("Manchester, N.H.") and
the postal code: an outlet that writes "Manchester, N.H." names New Hampshire, so its Manchester
and another outlet's New Hampshire are two granularities of one place, not a disagreement."""
_STATE_AFTER_TOWN = {
    key: re.compile(rf",\s+(?:{re.escape(style)}|{postal})(?![\w.])" if style.endswith(".") else rf",\s+{postal}\b")
    for key, (style, postal) in STATES.items()
}
"""A state's abbreviation where it follows a town and a comma, case as written: elsewhere "Pa."
or "IN" is as likely another word."""


class Value(NamedTuple):
    written: str
    compared: str


class Disagreement(NamedTuple):
    slot: ConflictSlot
    mine: Value
    theirs: Value
    about: str = ""
    """What the values are of, within the slot ("people|dead", "village"): a fact's disputes on two
    counted things are two conflicts, not one listing the dead beside the villages."""


class StoryNames:
    """A story's places and titles, each sentence read once however many pairs it is in, and
    whether an article names a place anywhere (by entity, or in its text: the entity recogniser
    does not find every mention of a name)."""

    def __init__(self, items: list[AnalyzedArticle]) -> None:
        self._keys = {i.article.id: {e.key for s in i.sentences for e in s.entities} for i in items}
        self._written = {i.article.id: " ".join(s.text for s in i.sentences) for i in items}
        self._texts = {key: text.lower() for key, text in self._written.items()}
        self._places: dict[tuple[str, int], Entity | None] = {}
        self._titles: dict[tuple[str, int], dict[str, Title]] = {}
        self._sentences = {i.article.id: i.sentences for i in items}
        self._people = {e.key for i in items for s in i.sentences for e in s.entities if e.label == "PERSON" and " " in e.key}
        self._article_titles: dict[str, set[tuple[str, str]]] = {}

    def one_person(self, person: str) -> bool:
        """Whether the name stands for one person throughout the story: a full name ("harry
        reid"), or a surname that ends exactly one full name the story gives ("obama", with
        "barack obama" and no other Obama). A surname alone may be two people ("bush": George
        W. and Jeb), or one the story never names in full."""
        return self.full_name(person) is not None

    def full_name(self, person: str) -> str | None:
        """The person's key as the story names them in full (see `one_person`); None when a
        surname alone may be two people or none the story names in full."""
        if " " in person:
            return person
        found = [full for full in self._people if full.endswith(" " + person)]
        return found[0] if len(found) == 1 else None

    def gives_title(self, article_id: str, title: Title) -> bool:
        """Whether the article gives the person this title somewhere (as compared: "Senate
        Majority Leader" and "majority leader" alike): an outlet that writes both titles of one
        person knows both, as one that names both places does."""
        if article_id not in self._article_titles:
            self._article_titles[article_id] = {
                (person, found.value().compared)
                for sentence in self._sentences.get(article_id, [])
                for person, found in self.titles(sentence).items()
            }
        return (title.person, title.value().compared) in self._article_titles[article_id]

    def mentions(self, article_id: str, place: Entity) -> bool:
        """Whether the article names the place: as an entity, in its text, or, for a US state, by
        the abbreviation written after a town."""
        if place.key in self._keys.get(article_id, set()) or place.key in self._texts.get(article_id, ""):
            return True
        words = place.key.split()
        if len(words) > 1 and words[-1] in FEATURE_NOUNS and re.search(rf"\b{re.escape(' '.join(words[:-1]))}\b", self._texts.get(article_id, "")):
            return True
        after_town = _STATE_AFTER_TOWN.get(place.key)
        return after_town is not None and after_town.search(self._written.get(article_id, "")) is not None

    def differing_places(self, mine: Sentence, theirs: Sentence) -> tuple[Entity, Entity] | None:
        """The places two outlets' sentences put something in, when they differ and neither
        article names the other's place anywhere."""
        here, there = self.place(mine), self.place(theirs)
        if here is None or there is None or here.key == there.key:
            return None
        if self.mentions(theirs.article_id, here) or self.mentions(mine.article_id, there):
            return None
        return here, there

    def place(self, sentence: Sentence) -> Entity | None:
        key = (sentence.article_id, sentence.position)
        if key not in self._places:
            self._places[key] = event_place(sentence)
        return self._places[key]

    def titles(self, sentence: Sentence) -> dict[str, Title]:
        """The sentence's titles by person, a surname that stands for one person of the story put
        under their full name: "Vice President Obama" and "President Barack Obama" title one man."""
        key = (sentence.article_id, sentence.position)
        if key not in self._titles:
            found = {}
            for person, title in titles(sentence).items():
                who = self.full_name(person) or person
                found[who] = replace(title, person=who)
            self._titles[key] = found
        return self._titles[key]


def claim_holding(found: Iterable[Claim], place: Entity) -> Claim | None:
    """The claim of `found` that holds the place, if one does."""
    return next((claim for claim in found if claim.holds(place)), None)


def words_besides(claim: Claim, place: Entity) -> set[str]:
    """The claim's content words, the place's own aside."""
    return set(claim.lemmas) - set(place.key.split())


TELLING_WORDS = 2
"""Words a claim must share with another to tell it: "Mike Pompeo held talks" and "Mike Pompeo met
King Salman" share three; "drug dealers arrested in Maine" and "those arrested" one, and the
place of "for dealing heroin in Maine" is still the arrests' (BASIL 2016, `eval.conflicts`)."""


def placed_elsewhere(mine: Sentence, here: Entity, theirs: Sentence, there: Entity) -> bool:
    """Whether the other sentence tells the claim that holds this place in a claim that names no
    place, and names its own place in a claim of another event, which shares no word with this
    one: "Pompeo met King Salman in Riyadh" against "Pompeo held talks with top Saudi leaders
    Tuesday as sources told CNN that ... Khashoggi died at the Saudi consulate in Istanbul" (a
    NeuS summary had shown Pompeo meeting the king "in Riyadh or Istanbul"). Where the other
    sentence has no such claim (`TELLING_WORDS`), its place may be this claim's own, told
    otherwise ("confronting a reporter ... on a balcony in the Capitol" against "threatened a
    reporter in Denver")."""
    own, other = claim_holding(mine.claims, here), claim_holding(theirs.claims, there)
    if own is None or other is None:
        return False
    words = words_besides(own, here)
    if words & words_besides(other, there):
        return False
    places = [e for e in theirs.entities if e.label in PLACE_LABELS]
    return any(
        claim is not other and len(words & set(claim.lemmas)) >= TELLING_WORDS and not any(claim.holds(e) for e in places)
        for claim in theirs.claims
    )


OnePlace = Callable[[Sentence, Sentence, Entity, Entity], float]
"""How close two sentences read with the first's place in both (`Support.one_place_similarity`)."""


def named_disagreements(
    mine: Sentence,
    theirs: Sentence,
    similarity: Callable[[], float],
    names: StoryNames,
    settings: ConflictSettings,
    one_place: OnePlace | None = None,
) -> Iterator[Disagreement]:
    """The place and the titles on which two outlets' sentences of one fact disagree;
    ``similarity`` is asked only when there is something to disagree on. Two places conflict in
    a pair that reads as a close paraphrase as it stands or, with ``one_place``, given one place:
    a sentence that moves the event elsewhere reads further from its twin for that alone."""
    places = names.differing_places(mine, theirs)
    if places is not None and not placed_elsewhere(mine, places[0], theirs, places[1]):
        here, there = places
        if similarity() >= settings.place_similarity or (
            one_place is not None and one_place(mine, theirs, here, there) >= settings.place_similarity
        ):
            yield Disagreement(ConflictSlot.PLACE, Value(here.text, here.key), Value(there.text, there.key))
    their_titles = names.titles(theirs)
    for person, title in names.titles(mine).items():
        other = their_titles.get(person)
        if (
            other is not None
            and title.contradicts(other)
            and not names.gives_title(theirs.article_id, title)
            and not names.gives_title(mine.article_id, other)
            and (names.one_person(person) or similarity() >= settings.title_similarity)
        ):
            yield Disagreement(ConflictSlot.ROLE, title.value(), other.value(), person)


def event_place(sentence: Sentence) -> Entity | None:
    """The one place the sentence puts something in or at; None if it names none or several, a
    list of places among them ("causing outages in the Mideast and India": where the outages were
    is both, and neither is one outlet's place against another's). A name hyphened onto more
    words is a piece of another name, not a place ("a meal at a Chick-fil-A", where the
    recogniser reads "Chick" as a place)."""
    named = [e for e in sentence.entities if e.label in PLACE_LABELS]
    places = [
        e
        for e in named
        if _LOCATIVE.search(sentence.text[max(0, e.start - 24) : e.start])
        and not _HYPHENED_ON.match(sentence.text, e.end)
    ]
    if len({e.key for e in places}) != 1 or any(_listed_with(sentence.text, e, named) for e in places):
        return None
    return places[0]


def _listed_with(text: str, place: Entity, named: list[Entity]) -> bool:
    """Whether the place opens a list of places ("the Mideast and India", "Iraq, Syria or
    Jordan"). A place after a comma alone says where the first is ("Bellingham, Wash.", "Paris,
    France"), so a chain of places is a list only where "and" or "or" joins one of them."""
    starts = {e.start: e for e in named}
    end = place.end
    while (joint := _CONJOINED.match(text, end)) is not None and joint.end() in starts:
        if re.search(r"\b(?:and|or)\b", joint.group()):
            return True
        end = starts[joint.end()].end
    return False


@dataclass(frozen=True)
class Title:
    """A person's title as written ("defence minister"), its noun, and the words that tell posts apart."""

    person: str
    text: str
    noun: str
    modifiers: frozenset[str]

    def value(self) -> Value:
        return Value(self.text, f"{' '.join(sorted(self.modifiers) + [self.noun])} ({self.person})")

    def contradicts(self, other: Title) -> bool:
        if self.person != other.person or self.noun != other.noun:
            return False
        mine, theirs = self.modifiers - other.modifiers - TENURE, other.modifiers - self.modifiers - TENURE
        return bool((mine | theirs) & RANKS) or bool(mine and theirs)


def titles(sentence: Sentence) -> dict[str, Title]:
    """Each named person's title in the sentence, by entity key; people with none are left out."""
    found: dict[str, Title] = {}
    for person in (e for e in sentence.entities if e.label == "PERSON"):
        before = _WORDS_BEFORE.search(sentence.text[max(0, person.start - TITLE_REACH) : person.start])
        after = _APPOSITION.match(sentence.text[person.end :])
        title = (_title(person.key, before.group(1).rstrip()) if before else None) or (
            _title(person.key, after.group(1)) if after else None
        )
        if title is not None:
            found.setdefault(person.key, title)
    return found


def _title(person: str, text: str) -> Title | None:
    """The title the text ends in, if it ends in a title noun: that noun and the rank and
    portfolio words just before it, back to the first possessive ("Russia's")."""
    words = [(m.start(), m.group()) for m in _WORD.finditer(text)]
    if not words or title_word(words[-1][1]) not in TITLE_NOUNS:
        return None
    first = len(words) - 1
    for k in range(len(words) - 2, -1, -1):
        if words[k][1].endswith(("’s", "'s")):
            break
        if title_word(words[k][1]) in TITLE_MODIFIERS:
            first = k
    modifiers = frozenset(title_word(w) for _, w in words[first:-1]) & TITLE_MODIFIERS
    return Title(person=person, text=text[words[first][0] :], noun=title_word(words[-1][1]), modifiers=modifiers)


def title_word(word: str) -> str:
    """A word of a title as compared: lower case, one spelling ("defence" is "defense")."""
    lowered = word.lower().strip(".’'")
    return SPELLINGS.get(lowered, lowered)

"""Loaded language: the words an outlet chose where a neutral one was at hand.

A first, transparent detector. A curated lexicon (`data/loaded.tsv`) is matched on the lemmas
of the parsed text, and each hit is grown along the dependency parse into the phrase a reader
sees ("Tubby dictator", "impoverished North Korea"), so that the report can show the whole phrase
and, where it names a person, place or group, a drop-in neutral wording. Quoted speech is flagged
rather than dropped: it is the speaker's wording, not the outlet's, and the profile stage decides
what to count. It reads the analyze stage's parse of each line, so framing costs no parse of its
own.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from spacy.tokens import Doc, Span, Token

from storylens.framing.placement import ParsedLine, Unit
from storylens.framing.speculation import speculation
from storylens.model import Article, FramingKind, FramingSpan, Role

LEXICON_FILE = Path(__file__).parent / "data" / "loaded.tsv"
LEXICON_COLUMNS = ["lemma", "kind", "score", "neutral"]

NOUNS = frozenset({"NOUN", "PROPN"})
INFLECTED = frozenset({"NOUN", "PROPN", "VERB"})
"""Parts of speech matched on their lemma (plurals, tenses); other words match as written."""

MODIFIERS = frozenset({"amod", "compound", "nmod"})
NAMED = frozenset({"PERSON", "NORP", "ORG", "GPE", "LOC", "FAC"})
"""Entity labels of persons, groups and places: spans headed by one get a neutral wording."""

SARCASM_ROLES = frozenset({Role.HEADLINE, Role.STANDFIRST})
SARCASM_SCORE = 0.6
MODALS = frozenset({"should", "ought"})
SUBJECTS = frozenset({"nsubj", "nsubjpass"})

TRIMMED = " ,;:–—"
THE_NAMES = frozenset("kingdom republic union states emirates islands isles netherlands philippines bahamas gambia".split())
"""Last words of place names that keep their "the" ("the United Kingdom")."""
VOWELS = frozenset("aeiou")
CONSONANT_SOUNDING = ("uni", "use", "usu", "eu", "one", "once")
IRREGULAR_PLURALS = {"person": "people", "man": "men", "woman": "women"}


@dataclass(frozen=True)
class LexiconEntry:
    words: tuple[str, ...]
    kind: FramingKind
    score: float
    neutral: str | None


class Lexicon:
    """Entries indexed by their first word; a phrase beats its own first word ("hermit kingdom")."""

    def __init__(self, entries: Iterable[LexiconEntry]) -> None:
        self.entries = tuple(entries)
        self._by_first: dict[str, list[LexiconEntry]] = defaultdict(list)
        for entry in self.entries:
            self._by_first[entry.words[0]].append(entry)

    @classmethod
    def parse(cls, text: str, source: str = "lexicon") -> Lexicon:
        """Read the TSV; a bad row fails loudly with its line, since a typo would silently miss words."""
        lines = text.splitlines()
        if not lines or lines[0].split("\t") != LEXICON_COLUMNS:
            raise ValueError(f"{source}: the header must be {' '.join(LEXICON_COLUMNS)} separated by tabs")
        entries: dict[tuple[str, ...], LexiconEntry] = {}
        for number, line in enumerate(lines[1:], start=2):
            if not line.strip():
                continue
            entry = _entry(line, f"{source}:{number}")
            if entry.words in entries:
                raise ValueError(f"{source}:{number}: {' '.join(entry.words)!r} is listed twice")
            entries[entry.words] = entry
        return cls(entries.values())

    def match(self, doc: Doc, i: int) -> LexiconEntry | None:
        """The longest entry that starts at token i."""
        found = [e for e in self.starting_with(_forms(doc[i])) if _matches(e, doc, i)]
        return max(found, key=lambda e: len(e.words), default=None)

    def starting_with(self, forms: Iterable[str]) -> list[LexiconEntry]:
        """Entries whose first word is one of the forms."""
        return [entry for form in forms for entry in self._by_first.get(form, ())]


def _entry(line: str, where: str) -> LexiconEntry:
    cells = line.split("\t")
    if len(cells) not in (3, 4) or not cells[0].strip():
        raise ValueError(f"{where}: expected {len(LEXICON_COLUMNS)} tab-separated columns")
    try:
        kind = FramingKind(cells[1].strip())
        score = float(cells[2])
    except ValueError as error:
        raise ValueError(f"{where}: {error}") from None
    if not 0.0 <= score <= 1.0:
        raise ValueError(f"{where}: score {score} is outside [0, 1]")
    neutral = cells[3].strip() if len(cells) == 4 else ""
    return LexiconEntry(words=lexicon_words(cells[0]), kind=kind, score=score, neutral=neutral or None)


def lexicon_words(phrase: str) -> tuple[str, ...]:
    """A lexicon phrase cut as spaCy cuts text: on spaces, and around hyphens ("so-called")."""
    return tuple(re.findall(r"[^\s-]+|-", phrase.lower()))


def _forms(token: Token) -> set[str]:
    forms = {token.lower_}
    if token.pos_ in INFLECTED:
        forms.add(token.lemma_.lower())
    return forms


def _matches(entry: LexiconEntry, doc: Doc, i: int) -> bool:
    end = i + len(entry.words)
    if end > len(doc) or any(word not in _forms(doc[j]) for j, word in zip(range(i, end), entry.words)):
        return False
    is_label = entry.kind is FramingKind.NAME_CALLING and len(entry.words) == 1
    return not is_label or doc[i].pos_ in NOUNS


@lru_cache(maxsize=1)
def default_lexicon() -> Lexicon:
    """The shipped lexicon, read once per process."""
    return load_lexicon(LEXICON_FILE)


def load_lexicon(path: Path) -> Lexicon:
    return Lexicon.parse(path.read_text(encoding="utf-8"), str(path))


@dataclass(frozen=True)
class Hit:
    """One lexicon entry found at tokens [start, end) of a block's doc."""

    start: int
    end: int
    entry: LexiconEntry


@dataclass
class Group:
    """Hits whose grown phrases overlap: reported as one span."""

    start: int
    end: int
    hits: list[Hit]


def find_hits(doc: Doc, lexicon: Lexicon) -> list[Hit]:
    """Left to right, longest entry first; a token belongs to at most one hit."""
    hits, i = [], 0
    while i < len(doc):
        entry = lexicon.match(doc, i)
        if entry is None:
            i += 1
            continue
        hits.append(Hit(i, i + len(entry.words), entry))
        i += len(entry.words)
    return hits


def phrase_extent(doc: Doc, hit: Hit) -> tuple[int, int]:
    """The loaded phrase around a hit: a noun takes its modifiers, a modifier takes its noun.

    A noun used as a person's title ("dictator Kim Jong Un") stops before the name, which
    `apposed_name` then attaches with the name as the neutral wording.
    """
    root = doc[hit.start : hit.end].root
    start, end = hit.start, hit.end
    if root.pos_ in NOUNS:
        start = min([start] + [c.left_edge.i for c in root.lefts if c.dep_ in MODIFIERS])
    head = root.head
    is_title = root.pos_ in NOUNS and head.ent_type_ == "PERSON"
    if root.dep_ in MODIFIERS and head.i >= end and head.pos_ in NOUNS and not is_title:
        end = _name_end(head)
    elif root.dep_ == "advmod" and head.i >= end and head.pos_ in ("ADJ", "ADV"):
        end = head.i + 1
    return start, end


def _name_end(token: Token) -> int:
    """Past the token and, when it starts or sits in an entity, past the rest of that entity."""
    end = token.i + 1
    while end < len(token.doc) and token.doc[end].ent_iob_ == "I":
        end += 1
    return end


def group_hits(doc: Doc, hits: list[Hit]) -> list[Group]:
    """Overlapping phrases merge: "brutal" and "dictator" are one "brutal dictator"."""
    groups: list[Group] = []
    for (start, end), hit in sorted(((phrase_extent(doc, h), h) for h in hits), key=lambda pair: pair[0]):
        if groups and start < groups[-1].end:
            groups[-1].end = max(groups[-1].end, end)
            groups[-1].hits.append(hit)
        else:
            groups.append(Group(start, end, [hit]))
    return groups


def _hit_at(hits: list[Hit], i: int) -> Hit | None:
    return next((h for h in hits if h.start <= i < h.end), None)


def group_kind(group: Group, root: Token) -> FramingKind:
    """The word nearest the phrase's head names it: "brutal" in "shockingly brutal crackdown"."""
    return min(group.hits, key=lambda hit: _distance(hit, root.i)).entry.kind


def _distance(hit: Hit, i: int) -> int:
    """Tokens between a hit and token i; 0 when the hit covers it."""
    return max(hit.start - i, i - (hit.end - 1), 0)


def apposed_name(doc: Doc, group: Group, root: Token) -> Span | None:
    """A person named right after a loaded label ("fellow despot Vladimir Putin") or in apposition after a comma.

    Only a following name joins the span, so that the name alone is a drop-in neutral wording.
    """
    if root.pos_ not in NOUNS or _hit_at(group.hits, root.i) is None:
        return None
    end = group.end
    after_comma = end < len(doc) and doc[end].text == ","
    for ent in doc.ents:
        if ent.label_ != "PERSON":
            continue
        in_apposition = ent.root.dep_ == "appos" and ent.root.head == root
        if ent.start == end or (after_comma and ent.start == end + 1 and in_apposition):
            return ent
    return None


def reworded(doc: Doc, group: Group, root: Token) -> str | None:
    """The phrase with its loaded words dropped and a loaded head replaced by the lexicon's neutral.

    Only for phrases that name a person, place or group: a loaded head with a neutral in the
    lexicon, or a named entity ("impoverished North Korea" becomes "North Korea").
    """
    head_hit = _hit_at(group.hits, root.i)
    if head_hit is None and root.ent_type_ not in NAMED:
        return None
    if head_hit is not None and head_hit.entry.neutral is None:
        return None
    parts = []
    for token in doc[group.start : group.end]:
        hit = _hit_at(group.hits, token.i)
        if hit is None:
            parts.append(token.text_with_ws)
        elif hit is head_hit and hit.entry.neutral is not None and token.i == hit.end - 1:
            parts.append(f"{_inflected(hit.entry.neutral, token)}{token.whitespace_}")
    text = " ".join("".join(parts).split()).strip(TRIMMED)
    if text and doc[group.start].is_sent_start:
        text = text[0].upper() + text[1:]
    return text or None


def _bare_name(doc: Doc, group: Group, root: Token, apposed: Span | None) -> bool:
    """The neutral wording is a name that reads without "the": a person, or a country not named like "the United States"."""
    head_hit = _hit_at(group.hits, root.i)
    if apposed is not None:
        return True
    if head_hit is not None:
        neutral = head_hit.entry.neutral or ""
        return neutral[:1].isupper() and neutral.split()[-1].lower() not in THE_NAMES
    entity = next((e for e in doc.ents if e.start <= root.i < e.end), None)
    if entity is None:
        return False
    return entity.label_ == "PERSON" or (entity.label_ == "GPE" and entity[-1].lower_ not in THE_NAMES and entity[-1].tag_ != "NNPS")


def after_determiner(doc: Doc, start: int, neutral: str | None, bare_name: bool) -> tuple[int, str | None]:
    """The span and its neutral wording fitted to the determiner before the span, so that the swap reads right.

    "the impoverished North Korea" becomes "North Korea" (the span takes the "the"), and "an evil
    regime" becomes "a government" (the span takes the "an"); otherwise nothing changes.
    """
    if neutral is None or start == 0:
        return start, neutral
    before = doc[start - 1]
    if before.lower_ == "the" and bare_name:
        fitted = neutral
    elif before.lower_ in ("a", "an") and indefinite_article(neutral) != before.lower_:
        fitted = f"{indefinite_article(neutral)} {neutral}"
    else:
        return start, neutral
    if before.is_sent_start:
        fitted = fitted[0].upper() + fitted[1:]
    return start - 1, fitted


def indefinite_article(phrase: str) -> str:
    """ "an" before a vowel sound as spelt ("an official"), "a" otherwise ("a leader", "a union")."""
    lower = phrase.lower()
    return "an" if lower[:1] in VOWELS and not lower.startswith(CONSONANT_SOUNDING) else "a"


def _inflected(neutral: str, head: Token) -> str:
    """The neutral wording in the number of the word it replaces: "despots" becomes "leaders"."""
    if head.tag_ not in ("NNS", "NNPS"):
        return neutral
    *first, last = neutral.split(" ")
    return " ".join([*first, plural(last)])


def plural(noun: str) -> str:
    if noun in IRREGULAR_PLURALS:
        return IRREGULAR_PLURALS[noun]
    if noun.endswith("y") and noun[-2:-1] not in ("a", "e", "o", "u"):
        return noun[:-1] + "ies"
    if noun.endswith(("s", "sh", "ch", "x")):
        return noun + "es"
    return noun + "s"


def sarcastic_questions(doc: Doc) -> Iterator[Span]:
    """Questions telling a named person what they "should" do: "Maybe Kim Jong Un should try sit-ups?".

    The subject must come before the modal: "Should Biden run again?" is a real question.
    """
    for sent in doc.sents:
        if sent.text.rstrip().endswith("?") and any(_person_should(t) for t in sent):
            yield sent


def _person_should(token: Token) -> bool:
    if token.lower_ not in MODALS:
        return False
    subjects = [c for c in token.head.children if c.dep_ in SUBJECTS and c.i < token.i]
    return any(s.ent_type_ == "PERSON" for s in subjects)


class LexiconFraming:
    """Loaded words from the curated lexicon, grown into phrases along the dependency parse."""

    name = "lexicon"

    def __init__(self, lexicon: Lexicon | None = None) -> None:
        self.lexicon = lexicon if lexicon is not None else default_lexicon()

    def spans(self, article: Article, lines: Sequence[ParsedLine]) -> list[FramingSpan]:
        """All spans of the article, offsets into `article.text`, from the parse of each of its lines."""
        found = []
        for line in lines:
            unit, doc = line.unit, line.doc
            found += self._loaded_phrases(unit, doc)
            if unit.placement.role in SARCASM_ROLES:
                found += [_sarcasm(unit, sent) for sent in sarcastic_questions(doc)]
            found += [
                unit.span(words.start_char, words.end_char, FramingKind.SPECULATION, score, None)
                for sent in doc.sents
                for words, score in speculation(sent)
            ]
        return sorted(found, key=lambda s: (s.start, s.end))

    def _loaded_phrases(self, unit: Unit, doc: Doc) -> list[FramingSpan]:
        return [shown_phrase(unit, doc, group) for group in group_hits(doc, find_hits(doc, self.lexicon))]


def shown_phrase(unit: Unit, doc: Doc, group: Group) -> FramingSpan:
    """The span a reader sees for a group of loaded words, with its neutral wording where one reads
    right: any model that finds loaded words (the lexicon, the tagger) shows them this way."""
    root = doc[group.start : group.end].root
    end, neutral = group.end, reworded(doc, group, root)
    name = apposed_name(doc, group, root)
    if name is not None:
        end, neutral = name.end, name.text
    start, neutral = after_determiner(doc, group.start, neutral, _bare_name(doc, group, root, name))
    score = max(h.entry.score for h in group.hits)
    chars = doc[start:end]
    named_by = min(group.hits, key=lambda hit: _distance(hit, root.i))
    core = doc[named_by.start : named_by.end]
    return unit.span(chars.start_char, chars.end_char, group_kind(group, root), score, neutral, (core.start_char, core.end_char))


def _sarcasm(unit: Unit, sentence: Span) -> FramingSpan:
    return unit.span(sentence.start_char, sentence.end_char, FramingKind.SARCASM, SARCASM_SCORE, None)

"""Loaded language: the words an outlet chose where a neutral one was at hand.

A first, transparent detector. A curated lexicon (`data/loaded.tsv`) is matched on the lemmas
of the parsed text, except where a listed word stands in a name, a standard term or its literal
sense (`senses`), and each hit is grown along the dependency parse into the phrase a reader sees
("Tubby dictator", "impoverished North Korea"), so that the report can show the whole phrase and,
where one keeps the meaning, a neutral wording (`neutral`). Quoted speech is flagged rather than
dropped: it is the speaker's wording, not the outlet's, and the profile stage decides what to
count. It reads the analyze stage's parse of each line, so framing costs no parse of its own.

Each row of the lexicon gives a word or phrase, its kind (`model.FramingKind`), a score, a neutral
wording where one keeps the meaning (a noun for a label, a verb for a loaded verb), and optionally
the part of speech it is loaded in (noun, verb, adj, adv: "woke" the adjective, not the past of
"wake").
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from spacy.tokens import Doc, Span, Token

from storylens.framing.neutral import shown_extent
from storylens.framing.placement import ParsedLine, Unit
from storylens.framing.senses import STANDARD_TERMS_FILE, not_loaded_here
from storylens.framing.speculation import speculation
from storylens.model import Article, FramingKind, FramingSpan, Role

LEXICON_FILE = Path(__file__).parent / "data" / "loaded.tsv"
LEXICON_COLUMNS = ["lemma", "kind", "score", "neutral", "pos"]
"""The header; files without the last column (`pos`) are read too."""
PARTS_OF_SPEECH = frozenset({"noun", "verb", "adj", "adv"})

NOUNS = frozenset({"NOUN", "PROPN"})
INFLECTED = frozenset({"NOUN", "PROPN", "VERB"})
"""Parts of speech matched on their lemma (plurals, tenses); other words match as written."""

MODIFIERS = frozenset({"amod", "compound", "nmod"})

SARCASM_ROLES = frozenset({Role.HEADLINE, Role.STANDFIRST})
SARCASM_SCORE = 0.6
MODALS = frozenset({"should", "ought"})
SUBJECTS = frozenset({"nsubj", "nsubjpass"})


@dataclass(frozen=True)
class LexiconEntry:
    words: tuple[str, ...]
    kind: FramingKind
    score: float
    neutral: str | None
    pos: str | None = None
    """The part of speech the entry is loaded in (noun, verb, adj, adv); None for any."""


class Lexicon:
    """Entries indexed by their first word; a phrase beats its own first word ("hermit kingdom").

    `terms` are standard terms (`senses`): a listed word inside one is not matched.
    """

    def __init__(self, entries: Iterable[LexiconEntry], terms: Iterable[tuple[str, ...]] = ()) -> None:
        self.entries = tuple(entries)
        self.terms = tuple(terms)
        self._by_first: dict[str, list[LexiconEntry]] = defaultdict(list)
        for entry in self.entries:
            self._by_first[entry.words[0]].append(entry)

    @classmethod
    def parse(cls, text: str, source: str = "lexicon", terms: Iterable[tuple[str, ...]] = ()) -> Lexicon:
        """Read the TSV; a bad row fails loudly with its line, since a typo would silently miss words."""
        lines = text.splitlines()
        if not lines or lines[0].split("\t") not in (LEXICON_COLUMNS, LEXICON_COLUMNS[:-1]):
            raise ValueError(f"{source}: the header must be {' '.join(LEXICON_COLUMNS)} separated by tabs")
        entries: dict[tuple[str, ...], LexiconEntry] = {}
        for number, line in enumerate(lines[1:], start=2):
            if not line.strip():
                continue
            entry = _entry(line, f"{source}:{number}")
            if entry.words in entries:
                raise ValueError(f"{source}:{number}: {' '.join(entry.words)!r} is listed twice")
            entries[entry.words] = entry
        return cls(entries.values(), terms)

    def match(self, doc: Doc, i: int) -> LexiconEntry | None:
        """The longest entry that starts at token i and is loaded there (not in a name, a standard term or its literal sense)."""
        found = [e for e in self.starting_with(_forms(doc[i])) if _matches(e, doc, i) and not self._not_loaded(e, doc, i)]
        return max(found, key=lambda e: len(e.words), default=None)

    def starting_with(self, forms: Iterable[str]) -> list[LexiconEntry]:
        """Entries whose first word is one of the forms."""
        return [entry for form in forms for entry in self._by_first.get(form, ())]

    def _not_loaded(self, entry: LexiconEntry, doc: Doc, i: int) -> bool:
        return not_loaded_here(entry.words, doc, i, i + len(entry.words), self.terms, _forms)


def _entry(line: str, where: str) -> LexiconEntry:
    cells = line.split("\t")
    if len(cells) not in (3, 4, 5) or not cells[0].strip():
        raise ValueError(f"{where}: expected {len(LEXICON_COLUMNS) - 2} to {len(LEXICON_COLUMNS)} tab-separated columns")
    try:
        kind = FramingKind(cells[1].strip())
        score = float(cells[2])
    except ValueError as error:
        raise ValueError(f"{where}: {error}") from None
    if not 0.0 <= score <= 1.0:
        raise ValueError(f"{where}: score {score} is outside [0, 1]")
    neutral = cells[3].strip() if len(cells) >= 4 else ""
    pos = cells[4].strip() if len(cells) == 5 else ""
    if pos and pos not in PARTS_OF_SPEECH:
        raise ValueError(f"{where}: part of speech {pos!r} is not one of {', '.join(sorted(PARTS_OF_SPEECH))}")
    return LexiconEntry(words=lexicon_words(cells[0]), kind=kind, score=score, neutral=neutral or None, pos=pos or None)


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
    is_label = entry.kind is FramingKind.NAME_CALLING and len(entry.words) == 1 and entry.pos is None
    return (not is_label or doc[i].pos_ in NOUNS) and (entry.pos is None or _is_part_of_speech(doc[i], entry.pos))


def _is_part_of_speech(token: Token, pos: str) -> bool:
    """A participle used as an adjective ("the disgraced politician", "crushing defeat") counts as one, and so
    does an adjective the parse took for a name in a title-case headline ("Fake News Story")."""
    if pos == "adj":
        participle = token.tag_ in ("VBN", "VBG") and token.dep_ in ("amod", "acomp", "oprd")
        return token.pos_ == "ADJ" or participle or (token.pos_ == "PROPN" and token.is_title)
    return token.pos_ == {"noun": "NOUN", "verb": "VERB", "adv": "ADV"}[pos] or (pos == "noun" and token.pos_ == "PROPN")


@lru_cache(maxsize=1)
def default_lexicon() -> Lexicon:
    """The shipped lexicon and standard terms, read once per process."""
    return load_lexicon(LEXICON_FILE, STANDARD_TERMS_FILE)


def load_lexicon(path: Path, terms: Path | None = None) -> Lexicon:
    """A lexicon file, and the standard terms of another (one a line, # for comments) where given."""
    return Lexicon.parse(path.read_text(encoding="utf-8"), str(path), load_terms(terms) if terms is not None else ())


def load_terms(path: Path) -> tuple[tuple[str, ...], ...]:
    """Standard terms, one a line, each cut into words as the lexicon's phrases are."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return tuple(lexicon_words(line) for line in lines if line.strip() and not line.lstrip().startswith("#"))


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


def group_kind(group: Group, root: Token) -> FramingKind:
    """The word nearest the phrase's head names it: "brutal" in "shockingly brutal crackdown"."""
    return min(group.hits, key=lambda hit: _distance(hit, root.i)).entry.kind


def _distance(hit: Hit, i: int) -> int:
    """Tokens between a hit and token i; 0 when the hit covers it."""
    return max(hit.start - i, i - (hit.end - 1), 0)


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
    start, end, neutral = shown_extent(unit, doc, group, root)
    score = max(h.entry.score for h in group.hits)
    chars = doc[start:end]
    named_by = min(group.hits, key=lambda hit: _distance(hit, root.i))
    core = doc[named_by.start : named_by.end]
    return unit.span(chars.start_char, chars.end_char, group_kind(group, root), score, neutral, (core.start_char, core.end_char))


def _sarcasm(unit: Unit, sentence: Span) -> FramingSpan:
    return unit.span(sentence.start_char, sentence.end_char, FramingKind.SARCASM, SARCASM_SCORE, None)

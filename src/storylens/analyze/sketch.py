"""An article's sketch: the cheap features that clustering compares, made without parsing.

Clustering sees every article the moment it is ingested, so it cannot wait for the full spaCy
pipeline (about 10 articles a second on one core); the deep analysis runs later, per story, when
a story is compared. The sketch needs only a word pattern and the lemma tables of the configured
spaCy model (a regular expression, because spaCy's tokenizer alone would cost as much as all the
rest of the sketch, and clustering needs words, not exact token boundaries):

- terms: lower-case lemmas of the words that are not stop words, found in the rule lemmatizer's
  exception lists and indexes without a part-of-speech tag ("walruses" → "walrus", "said" →
  "say"), so that the web search, which looks a word up as written and as its lemma, finds them;
- entities: runs of capitalised words ("Kim Jong-un", "European Central Bank"), keyed as the full
  analysis keys them (`entity_key`), with a lone surname resolved to the article's full name; a
  capitalised word that opens a sentence counts only when the article never writes it in lower
  case, and a headline in title case gives terms but no names;
- every occurrence weighted by where it sits (the headline says what the event is most clearly),
  then log-scaled so that a word repeated ten times does not outweigh ten different ones.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from functools import lru_cache
from typing import cast

import spacy
from spacy.lang.en.stop_words import STOP_WORDS
from spacy.language import Language
from spacy.pipeline import Lemmatizer

from storylens.analyze.entities import entity_key
from storylens.analyze.nlp import ModelNotInstalled
from storylens.model import Article, Role

Weights = dict[str, float]
Sketch = dict[str, Weights]
"""{"terms": lemma → weight, "entities": entity key → weight}: the layout of a story's profile,
which is the running sum of its articles' sketches."""

ROLE_WEIGHT = {Role.HEADLINE: 3.0, Role.STANDFIRST: 2.0, Role.BODY: 1.0, Role.CAPTION: 0.5}
"""The headline says what the event is more clearly than any body sentence."""
LEMMA_POS = ("noun", "verb", "adj")
"""Parts of speech whose lemma tables are tried, in this order, for a word with no tag."""
IGNORED = frozenset(STOP_WORDS | {"mr", "mrs", "ms", "dr"})
"""Stop words, and honorifics that some outlets write and others do not."""
CALENDAR = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday january february march april may june "
    "july august september october november december".split()
)
"""Capitalised, but a date is not a named participant of the event."""
WORD = re.compile(r"\w+(?:[-'’]\w+)*")
"""A word, keeping "Jong-un" and "O'Brien" whole; a possessive "'s" is cut off afterwards."""
OPENERS = frozenset(".!?:;“\"‘'(—–-")
"""After these a word may be capitalised only because it opens a sentence or a quote."""
ABBREVIATIONS = frozenset("mr mrs ms dr gen sen rep gov lt col sgt st prof capt maj adm jr".split())
"""Titles written with a full stop that does not end the sentence."""
TITLE_CASE_SHARE = 0.6
"""A headline whose longer words are mostly capitalised is written in title case."""
PIPES_NOT_NEEDED = ["tok2vec", "tagger", "parser", "ner", "attribute_ruler", "senter"]
"""Excluded when loading the model for sketches: only its lemma tables are used."""


class Sketcher:
    """Sketches articles with the tokenizer and lemma tables of one spaCy model."""

    def __init__(self, nlp: Language) -> None:
        self.tokenizer = nlp.tokenizer
        lookups = cast(Lemmatizer, nlp.get_pipe("lemmatizer")).lookups
        self.rules = lookups.get_table("lemma_rules")
        self.exceptions = lookups.get_table("lemma_exc")
        index = lookups.get_table("lemma_index")
        self.index = {pos: frozenset(index.get(pos, [])) for pos in LEMMA_POS}
        self.known = frozenset().union(*self.index.values())
        self._lemmas: dict[str, str] = {}

    def lemma(self, word: str) -> str:
        """The lemma of a lower-case word without its tag: an exception, the word itself when it is a
        known lemma, else the first suffix rule (noun, then verb, then adjective) giving a known lemma."""
        found = self._lemmas.get(word)
        if found is None:
            found = self._lemma(word)
            self._lemmas[word] = found
        return found

    def _lemma(self, word: str) -> str:
        for pos in LEMMA_POS:
            if forms := self.exceptions.get(pos, {}).get(word):
                return forms[0]
        if word in self.known:
            return word
        for pos in LEMMA_POS:
            for old, new in self.rules.get(pos, []):
                if word.endswith(old) and (stem := word[: len(word) - len(old)] + new) in self.index[pos]:
                    return stem
        return word

    def sketch(self, article: Article) -> Sketch:
        """Words are read from each block twice rather than kept: a block may be megabytes long."""
        blocks = [(role, block, role is Role.HEADLINE and _title_case(block)) for role, block in article.sections()]
        terms: defaultdict[str, float] = defaultdict(float)
        lower_case: set[str] = set()
        named_inside: set[str] = set()
        for role, block, title_case in blocks:
            previous: Word | None = None
            for word in _words(block):
                lower = word[2].lower()
                if len(lower) > 1 and lower not in IGNORED:
                    lemma = lower if lower[0].isdigit() else self.lemma(lower)
                    terms[lemma] += ROLE_WEIGHT[role]
                    if word[2][0].islower():
                        lower_case.add(lemma)
                if not title_case and _capitalised(word[2]) and not _gap(block, word, previous)[1]:
                    named_inside.add(lower)
                previous = word
        entities: defaultdict[str, float] = defaultdict(float)
        for role, block, title_case in blocks:
            if not title_case:
                for key in self._names(block, lower_case, named_inside):
                    entities[key] += ROLE_WEIGHT[role]
        return {"terms": _log_scaled(terms), "entities": _log_scaled(_resolve_surnames(entities))}

    def sketches(self, articles: Iterable[Article]) -> Iterator[Sketch]:
        return (self.sketch(article) for article in articles)

    def _names(self, block: str, lower_case: set[str], named_inside: set[str]) -> Iterator[str]:
        """Entity keys of the runs of capitalised words in a block. Punctuation ends a run, so
        "Connecticut, Linda McMahon" is two names, except the full stop of "Mr. Steele". A word
        capitalised only because it opens a sentence or a quote is an ordinary word when the
        article also writes it in lower case, or when it stands alone there and the article never
        capitalises it inside a sentence ("Forget", "Instead", "Nearly"): a name alone at the
        start of a sentence is written inside one elsewhere. Adjectives of a nation or region
        before a noun ("Russian media", "North Korean leader", "Western officials") describe, they
        do not name (`_modifies`). A headline in title case names nothing: its names are told
        apart from its other words only by the body, where they are found anyway."""
        run: list[Word] = []
        opened = False
        previous: Word | None = None
        for word in _words(block):
            if not _capitalised(word[2]):
                if not self._modifies(block, run, word):
                    yield from self._name(run, opened, named_inside)
                run = []
                previous = word
                continue
            separated, opens = _gap(block, word, previous)
            if opens and self.lemma(word[2].lower()) in lower_case:
                yield from self._name(run, opened, named_inside)
                run = []
            elif not run or separated:
                yield from self._name(run, opened, named_inside)
                run, opened = [word], opens
            else:
                run.append(word)
            previous = word
        yield from self._name(run, opened, named_inside)

    def _modifies(self, block: str, run: list[Word], following: Word) -> bool:
        """Whether the run is adjectives only, written straight before a lower-case word: "North
        Korean leader", not "North Korea" (a noun), "Gordon Brown" (a name) or "Russian," alone."""
        if not run or block[run[-1][1] : following[0]].strip() or not following[2][0].islower():
            return False
        return all(self.lemma(word.lower()) in self.index["adj"] for _, _, word in run)

    def _name(self, run: list[Word], opened: bool, named_inside: set[str]) -> Iterator[str]:
        if len(run) == 1 and opened and run[0][2].lower() not in named_inside:
            return
        words = [word for _, _, word in run if word.lower() not in CALENDAR]
        while words and words[0].lower() in IGNORED:
            words = words[1:]
        if not words or (len(words) == 1 and words[0].lower() in IGNORED):
            return
        if key := entity_key(" ".join(words)):
            yield key


Word = tuple[int, int, str]
"""A word's start and end in its block, and its text without a possessive."""


def _words(block: str) -> Iterator[Word]:
    return ((m.start(), m.end(), _without_possessive(m.group())) for m in WORD.finditer(block))


def _title_case(block: str) -> bool:
    """Whether most of a headline's longer words are capitalised."""
    long_words = [_capitalised(word) for _, _, word in _words(block) if len(word) > 3]
    return len(long_words) >= 3 and sum(long_words) >= TITLE_CASE_SHARE * len(long_words)


def _gap(block: str, word: Word, previous: Word | None) -> tuple[bool, bool]:
    """Whether punctuation separates the word from the previous one (ending a name), and whether
    the word opens a sentence or quote (and may be capitalised for that alone). The full stop
    after a title ("Mr. Steele") does neither."""
    if previous is None:
        return True, True
    gap = block[previous[1] : word[0]].strip()
    if not gap or (gap == "." and previous[2].lower() in ABBREVIATIONS):
        return False, False
    return True, gap[-1] in OPENERS


def _capitalised(word: str) -> bool:
    """A word written with a capital (or all in capitals, as "NATO"), not a lone letter nor a number."""
    return len(word) > 1 and word[0].isupper() and not any(c.isdigit() for c in word)


def _without_possessive(word: str) -> str:
    return word[:-2] if word[-2:] in ("'s", "’s") and len(word) > 2 else word


def _resolve_surnames(entities: Mapping[str, float]) -> dict[str, float]:
    """A one-word key ("kim") counted under the article's one full name containing it ("kim jong
    un"), as the full analysis resolves "Mr Kim"; left alone when ambiguous or absent."""
    full = [key for key in entities if " " in key]
    resolved: defaultdict[str, float] = defaultdict(float)
    for key, weight in entities.items():
        matches = [name for name in full if key in name.split()] if " " not in key else []
        resolved[matches[0] if len(matches) == 1 else key] += weight
    return resolved


def _log_scaled(weights: Mapping[str, float]) -> Weights:
    return {key: 1.0 + math.log(w) if w >= 1 else w for key, w in weights.items()}


@lru_cache(maxsize=2)
def get_sketcher(spacy_model: str) -> Sketcher:
    """The sketcher of an installed spaCy model, loaded once per process without its neural pipes."""
    try:
        return Sketcher(spacy.load(spacy_model, exclude=PIPES_NOT_NEEDED))
    except OSError:
        raise ModelNotInstalled(
            f"spaCy model {spacy_model!r} is not installed; install the pinned package from requirements.lock"
        ) from None

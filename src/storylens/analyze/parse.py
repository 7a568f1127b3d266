"""The analyze stage's parse: the pipeline's components in order, its attribute ruler matched through an index.

The parse is most of what analysing an article costs, and within it spaCy's attribute ruler
(fine tags to parts of speech, and a few exceptions such as "'s" after "let") takes about a
tenth: its `Matcher` tries each of its ~180 patterns at every token. Nearly every pattern names its token's exact tag, lower-case form or dependency label, so
`IndexedRules` files each pattern under that value and tries at a token only the few filed
under the token's own values, then hands the matches to the ruler, which applies them as it
always does. The matches are the same, in the same order; a ruler with a pattern outside the
shapes indexed here keeps its own matcher.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import cast

from spacy.attrs import DEP, IS_SPACE, LOWER, TAG
from spacy.language import Language
from spacy.pipeline import AttributeRuler
from spacy.strings import get_string_id
from spacy.tokens import Doc

COLUMNS = {"TAG": TAG, "LOWER": LOWER, "DEP": DEP, "IS_SPACE": IS_SPACE}
"""Token attributes a pattern may test to be indexed, in the order of the rows `Doc.to_array` gives."""
INDEX_BY = ("TAG", "LOWER", "DEP")
"""Where a pattern is filed: under the first of these that its first token tests for given values."""
ROWS_KEPT = 20_000
"""Rows whose matches are kept (a story of 50 articles has about 3,000, each about 230 bytes); past this many they are forgotten and kept afresh."""

Match = tuple[int, int, int, int]
"""As `AttributeRuler.match` gives it: pattern number, match key, first token, end token."""


@dataclass(frozen=True)
class Condition:
    """One attribute test of a token pattern: equal to one of `values` (or to none, when negated), or a regex search."""

    column: int
    values: frozenset[int] = frozenset()
    negated: bool = False
    regex: re.Pattern[str] | None = None

    def holds(self, row: Sequence[int], strings: StringCache) -> bool:
        if self.regex is not None:
            return self.regex.search(strings[row[self.column]]) is not None
        return (row[self.column] in self.values) != self.negated


@dataclass(frozen=True)
class Rule:
    """One pattern of the ruler: its number (the order in which its attributes are set), match key and token tests."""

    number: int
    key: int
    tokens: tuple[tuple[Condition, ...], ...]

    def holds(self, rows: list[tuple[int, ...]], i: int, strings: StringCache, skip: int = 0) -> bool:
        """The pattern matches the tokens from i on; the first `skip` of its tokens are known to."""
        if i + len(self.tokens) > len(rows):
            return False
        return all(c.holds(rows[i + k], strings) for k in range(skip, len(self.tokens)) for c in self.tokens[k])


_Starting = tuple[tuple[tuple[int, int], ...], tuple[Rule, ...]]
"""What a row starts: the (number, key) of each one-token pattern it matches, and the longer patterns whose first token it matches."""


class StringCache(dict[int, str]):
    """Strings of hashes, looked up in the vocabulary once each: regex patterns read the text of an attribute."""

    def __init__(self, doc: Doc) -> None:
        super().__init__()
        self.strings = doc.vocab.strings

    def __missing__(self, key: int) -> str:
        text = self[key] = self.strings[key]
        return text


class IndexedRules:
    """The patterns of an attribute ruler, filed by the value their first token must have.

    What the one-token patterns say of a token depends only on its row of attributes, and news
    repeats rows ("the" as a determiner, a comma), so their matches are kept by row.
    """

    def __init__(self, ruler: AttributeRuler, rules: list[Rule]) -> None:
        self.ruler = ruler
        self.patterns = len(ruler.attrs)
        """How many pattern groups the ruler had when indexed: a ruler given more since must be indexed again."""
        self.columns = [COLUMNS[name] for name in COLUMNS]
        self.filed = _Filed(rules)
        self._by_row: dict[tuple[int, ...], _Starting] = {}
        """Per row: the one-token patterns it matches, and the longer ones whose first token it matches."""
        self._shared: dict[_Starting, _Starting] = {}
        """Each distinct answer once: most rows share theirs with many others."""

    @classmethod
    def of(cls, ruler: AttributeRuler) -> IndexedRules | None:
        """None when a pattern uses an attribute, operator or value this index does not read."""
        rules = []
        for number, group in enumerate(ruler.patterns):
            key = ruler.vocab.strings.add(str(number))
            for pattern in cast(list[list[dict[str, object]]], group["patterns"]):
                tokens = [_conditions(token) for token in pattern]
                readable = [t for t in tokens if t is not None]
                if not tokens or len(readable) < len(tokens):
                    return None
                rules.append(Rule(number, key, tuple(readable)))
        return cls(ruler, rules)

    def match(self, doc: Doc) -> list[Match]:
        """What `AttributeRuler.match` gives: every (pattern number, key, start, end), once, sorted."""
        rows = [tuple(row) for row in doc.to_array(self.columns).tolist()] if len(doc) else []
        strings = StringCache(doc)
        if len(self._by_row) > ROWS_KEPT:
            self._by_row.clear()
            self._shared.clear()
        found: set[Match] = set()
        for i, row in enumerate(rows):
            known = self._by_row.get(row)
            if known is None:
                known = self._by_row[row] = self._starting(rows, i, strings)
            single, longer = known
            found.update((number, key, i, i + 1) for number, key in single)
            found.update((r.number, r.key, i, i + len(r.tokens)) for r in longer if r.holds(rows, i, strings, skip=1))
        return sorted(found)

    def _starting(self, rows: list[tuple[int, ...]], i: int, strings: StringCache) -> _Starting:
        starting = [rule for rule in self.filed.candidates(rows[i]) if all(c.holds(rows[i], strings) for c in rule.tokens[0])]
        answer = (tuple((r.number, r.key) for r in starting if len(r.tokens) == 1), tuple(r for r in starting if len(r.tokens) > 1))
        return self._shared.setdefault(answer, answer)

    def __call__(self, doc: Doc) -> Doc:
        self.ruler.set_annotations(doc, self.match(doc))
        return doc


class _Filed:
    """Rules filed under the values their first token must have; the rest are tried at every token."""

    def __init__(self, rules: list[Rule]) -> None:
        self.filed: list[dict[int, list[Rule]]] = [{} for _ in COLUMNS]
        self.everywhere: list[Rule] = []
        for rule in rules:
            column, values = _filing(rule.tokens[0])
            if column is None:
                self.everywhere.append(rule)
                continue
            for value in values:
                self.filed[column].setdefault(value, []).append(rule)

    def candidates(self, row: tuple[int, ...]) -> list[Rule]:
        found = [rule for column, filed in enumerate(self.filed) for rule in filed.get(row[column], ())]
        return found + self.everywhere if self.everywhere else found


def _conditions(token: dict[str, object]) -> tuple[Condition, ...] | None:
    found = []
    for name, value in token.items():
        if name not in COLUMNS:
            return None
        condition = _condition(list(COLUMNS).index(name), value, flag=name == "IS_SPACE")
        if condition is None:
            return None
        found.append(condition)
    return tuple(found)


def _condition(column: int, value: object, flag: bool) -> Condition | None:
    """The test of one attribute, a flag (true or false) or a string; None for what the index does not read (other operators, fuzzy matching)."""
    if flag:
        return Condition(column, frozenset({int(value)})) if isinstance(value, bool) else None
    if isinstance(value, str):
        return Condition(column, frozenset({get_string_id(value)}))
    if not isinstance(value, dict) or len(value) != 1:
        return None
    ((operator, argument),) = value.items()
    if operator == "REGEX" and isinstance(argument, str):
        return Condition(column, regex=re.compile(argument))
    if operator in ("IN", "NOT_IN") and isinstance(argument, list) and all(isinstance(v, str) for v in argument):
        return Condition(column, frozenset(get_string_id(v) for v in argument), negated=operator == "NOT_IN")
    return None


def _filing(conditions: Iterable[Condition]) -> tuple[int | None, frozenset[int]]:
    """The column and values to file a pattern under: a test for given values of an indexed attribute."""
    exact = {c.column: c.values for c in conditions if c.regex is None and not c.negated}
    for name in INDEX_BY:
        column = list(COLUMNS).index(name)
        if column in exact:
            return column, exact[column]
    return None, frozenset()


class Parser:
    """The pipeline's components, with the attribute ruler's matching indexed where it can be."""

    def __init__(self, nlp: Language) -> None:
        self.nlp = nlp
        self._index()

    def _index(self) -> None:
        names = self.nlp.pipe_names
        ruler = next((n for n in names if isinstance(self.nlp.get_pipe(n), AttributeRuler)), None)
        indexed = IndexedRules.of(cast(AttributeRuler, self.nlp.get_pipe(ruler))) if ruler is not None else None
        self.after: list[str] = names[names.index(ruler) :] if indexed is not None and ruler is not None else []
        """The ruler and the components after it, run here rather than in `nlp.pipe`."""
        self.indexed = indexed

    def parse(self, texts: Iterable[str], batch_size: int = 64) -> Iterator[Doc]:
        """The texts parsed, as `nlp.pipe` would parse them."""
        if self.indexed is not None and len(self.indexed.ruler.attrs) != self.indexed.patterns:
            self._index()
        docs: Iterator[Doc] = self.nlp.pipe(texts, batch_size=batch_size, disable=self.after)
        if self.indexed is not None:
            docs = map(self.indexed, docs)
            for name in self.after[1:]:
                docs = _piped(self.nlp, name, docs, batch_size)
        return docs


def _piped(nlp: Language, name: str, docs: Iterator[Doc], batch_size: int) -> Iterator[Doc]:
    """The docs through one component, batched as `nlp.pipe` batches them."""
    component = nlp.get_pipe(name)
    if hasattr(component, "pipe"):
        return iter(component.pipe(docs, batch_size=batch_size))
    return map(component, docs)

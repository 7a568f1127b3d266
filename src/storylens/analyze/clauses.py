"""Clauses: the parts of a long sentence that each state something.

"Mr Kim's trip, highlighted by a summit with Mr Putin on Wednesday, has underscored how their
interests are aligning" states two facts; another outlet may report only the summit. The
compare stage aligns clauses as well as whole sentences, so such a sentence can support both.
"""

from __future__ import annotations

from collections.abc import Callable

from spacy.tokens import Span, Token

from storylens.model import Clause

CLAUSE_DEPS = frozenset({"advcl", "conj", "ccomp", "relcl", "acl"})
"""Dependencies whose verb heads a clause of its own."""
PREPOSITION_CLAUSE_DEPS = frozenset({"pcomp"})
"""'Before departing from Vladivostok': the clause starts at the preposition."""
MIN_WORDS = 4
"""A shorter clause ("while meeting Kim") says too little to be aligned alone."""


def clauses_of(sentence: Span, lemmas: Callable[[Span], list[str]]) -> list[Clause]:
    """Top-level clauses of at least MIN_WORDS words, in order; none when the sentence is one clause."""
    found: list[tuple[int, int]] = []
    for token in sentence:
        head = _clause_head(token)
        if head is None:
            continue
        start, end = head.left_edge.i, head.right_edge.i + 1
        if end - start == len(sentence) or any(a <= start and end <= b for a, b in found):
            continue
        found = [(a, b) for a, b in found if not (start <= a and b <= end)] + [(start, end)]
    spans = [_trimmed(sentence.doc[a:b]) for a, b in sorted(found)]
    spans = [s for s in spans if sum(1 for t in s if not t.is_punct) >= MIN_WORDS]
    offset = sentence.start_char
    return [Clause(start=s.start_char - offset, end=s.end_char - offset, lemmas=lemmas(s)) for s in spans]


def _clause_head(token: Token) -> Token | None:
    if token.dep_ in CLAUSE_DEPS and token.pos_ in ("VERB", "AUX"):
        return token
    if token.dep_ in PREPOSITION_CLAUSE_DEPS and token.head.dep_ == "prep":
        return token.head
    return None


def _trimmed(span: Span) -> Span:
    """Without the punctuation and the joining 'and'/'but' at its edges."""
    start, end = span.start, span.end
    while start < end and (span.doc[start].is_punct or span.doc[start].dep_ == "cc"):
        start += 1
    while end > start and span.doc[end - 1].is_punct:
        end -= 1
    return span.doc[start:end]

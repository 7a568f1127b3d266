"""Claims: the statements of a sentence, each a predicate with its own arguments.

"While meeting Kim, Putin accepted an invitation to visit North Korea and offered to send one of
its nationals to space" makes three statements; an outlet that reports only the meeting states
the first and neither of the others. The compare stage asks of each claim whether each outlet
states it (`compare.support`), so a sentence is cited to an outlet only for what that outlet says.

A claim is headed by the sentence's main verb or by a verb that heads a clause of its own
(coordinated, adverbial, complement, relative, or after a preposition: "since entering Russia"),
by the noun of a trade's other side ("in exchange for weapons technology"), or by a participle
set off by commas ("Mr Kim's trip, highlighted by a summit with Mr Putin on
Wednesday, has underscored ...").
Its own words are the head's subtree less the claims inside it; its subject (who or what it is
about) is kept apart from what it says of it, which another outlet must say too
(`compare.support`). A verb of saying ("officials have said", "KCNA saying") is no claim of its
own: what was said is the claim. Who said it is the
sentence's attribution, and an outlet that reports the same thing on another's word still states it. Nor is a clause with fewer than two content words ("which would
be a first"): it joins the claim around it. What was said joins its verb of saying that way
("They say it's not her fault when Democrats lose"), and the two are then one claim: dropping
the verb's claim would leave the sentence only its "when" clause, which every outlet that
mentions a lost election states.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from spacy.tokens import Span, Token

from storylens.model import Claim, ClauseKind

CLAUSES: dict[str, ClauseKind] = {
    "ROOT": "main",
    "conj": "coordinated",
    "advcl": "adverbial",
    "ccomp": "complement",
    "relcl": "relative",
    "parataxis": "parataxis",
    "pcomp": "prepositional",
    "acl": "participial",
}
"""Dependencies under which a verb states something of its own, and what kind of clause it heads."""
CLAIM_DEPS = frozenset(CLAUSES) - {"pcomp", "acl"}
"""Dependencies under which a verb heads a claim wherever it stands."""
PREPOSITION_DEPS = frozenset({"pcomp"})
"""'Since entering Russia': the verb under a preposition heads a claim that starts at the preposition."""
EXCHANGE_NOUNS = frozenset({"exchange", "return"})
"""'In exchange for weapons technology', 'in return for aid': what is given back is a statement of
its own, which an outlet that reports the deal's one side does not make."""
SAYING = frozenset({"say", "tell", "add", "report", "write", "note", "state", "claim", "quote", "accord", "tweet"})
"""Verbs that only attribute what follows them."""
SAYING_THAT = frozenset({"argue", "announce", "respond", "reply", "explain", "contend", "assert", "insist", "maintain", "declare"})
"""Verbs that attribute the clause they take: "Republican lawmakers have argued that the White
House altered the talking points" tells what was argued, and "have argued", kept as a claim, would
be one that an outlet writing "Republicans charged that ..." never states. Without a clause they
are acts ("argued the case", "announced a new phone"), and verbs that take a side on the clause
("denied", "disputed", "conceded") are not among them."""
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj", "csubjpass"})
"""Dependencies of a claim's subject: who or what the claim is about."""
PERCEIVING = frozenset({"watch", "see", "hear", "feel", "notice", "observe", "witness", "spot"})
"""Verbs whose bare complement ("watch a walrus perform") is what they perceive, not a statement of its own."""
MIN_LEMMAS = 2
VERBS = frozenset({"VERB", "AUX"})
"""Parts of speech that head a statement; a sentence headed by anything else, with no other verb
in its head's claim ("Thousands of gun-rights activists, banned from carrying their weapons ...,
crammed into the Virginia Capitol", read with "Thousands" as its head), is verbless
(`_verbless`), and no cut of it keeps its head's claim alone."""


def claims_of(sentence: Span, lemmas: Callable[[Iterable[Token]], list[str]]) -> list[Claim]:
    """The sentence's claims in order; a sentence of one statement is one claim."""
    root = sentence.root.i
    heads = sorted({t.i for t in sentence if _heads_claim(t)} | {root})
    doc = sentence.doc
    own = _own_words(sentence, heads)
    told: set[int] = set()
    # A claim too small to stand alone gives its words to the nearest claim above it.
    for head in sorted(heads, key=lambda i: -_depth(doc[i])):
        if head == root or (len(lemmas(doc[i] for i in own[head])) >= MIN_LEMMAS and not _attributes(doc[head])):
            continue
        parent = _claim_above(doc[head], own)
        own[parent] = sorted(own[parent] + own.pop(head))
        if doc[head].dep_ == "ccomp" and doc[head].head.i == parent:
            told.add(parent)
    offset = sentence.start_char
    found = []
    for head, indices in sorted(own.items(), key=lambda item: item[1][0] if item[1] else item[0]):
        words = _trimmed([doc[i] for i in indices])
        if words and not (_attributes(doc[head]) and len(own) > 1 and head not in told):
            subject = _subject(doc[head], set(indices))
            found.append(
                Claim(
                    start=words[0].idx - offset,
                    end=words[-1].idx + len(words[-1]) - offset,
                    action=_action(doc[head]),
                    lemmas=lemmas(words),
                    clause=_clause(doc[head]) if head != root else "verbless" if _verbless(doc[root], indices) else "main",
                    subject=(subject[0].idx - offset, subject[-1].idx + len(subject[-1]) - offset) if subject else None,
                    predicate_lemmas=lemmas(_predicate(words, subject)),
                )
            )
    return found


def _verbless(root: Token, indices: list[int]) -> bool:
    """Whether the sentence's head claim, of these words, has no verb that can make it a
    statement: its head is no verb, nor is any of its words but a participle set off by a comma
    ("Thousands of gun-rights activists, banned"). A parse that reads the head as a noun and the
    verb as a phrase hanging off it ("A group associated with left-wing activists converged on
    the home of ...", in a text cut off at its end) still has its statement."""
    doc = root.doc
    return root.pos_ not in VERBS and all(doc[i].pos_ not in VERBS or (i > 0 and doc[i - 1].text == ",") for i in indices)


def _attributes(head: Token) -> bool:
    """A verb that says who said what its claim's neighbours say, which is no claim of its own."""
    lemma = head.lemma_.lower()
    return lemma in SAYING or (lemma in SAYING_THAT and any(child.dep_ == "ccomp" for child in head.children))


def _subject(head: Token, own: set[int]) -> list[Token]:
    """The words of the claim's own subject ("Senator Ruth Calder, the judiciary committee's
    chair"), in order; none where the claim shares its subject with another ("and offered ...")."""
    found = sorted((t for child in head.children if child.dep_ in SUBJECT_DEPS for t in child.subtree if t.i in own), key=lambda t: t.i)
    return _trimmed(found)


def _predicate(words: list[Token], subject: list[Token]) -> list[Token]:
    """What the claim says of its subject: its words less the subject. A day ("on Friday") stays:
    the claim keys hold claims that are the day itself ("reported on Saturday")."""
    left_out = {t.i for t in subject}
    return [t for t in words if t.i not in left_out]


def _heads_claim(token: Token) -> bool:
    if _open_question(token):
        return False
    if token.dep_ in PREPOSITION_DEPS and token.pos_ in VERBS and token.head.dep_ == "prep":
        return True
    if _exchange(token):
        return True
    if token.dep_ == "acl":
        return _set_off_participle(token)
    if _for_to_clause(token) or _perceived(token):
        return False
    return token.dep_ in CLAIM_DEPS and token.pos_ in VERBS and (token.dep_ != "conj" or token.head.pos_ in VERBS)


def _clause(head: Token) -> ClauseKind:
    return "prepositional" if _exchange(head) else CLAUSES.get(head.dep_, "main")


def _set_off_participle(token: Token) -> bool:
    """A participle phrase between commas after a noun ("Mr Kim's trip, highlighted by a summit
    with Mr Putin on Wednesday, has underscored ..."): it tells a fact of its own, which an outlet
    may state without the rest. One without the comma ("an invitation to visit", "the man
    leaving") only says which thing the noun is, and stays in its claim."""
    first = token.left_edge.i
    return token.tag_ in ("VBN", "VBG") and first > token.sent.start and token.doc[first - 1].text == "," and first == token.i


def _open_question(token: Token) -> bool:
    """A clause under "if" or "whether" ("to see if Sestak would drop out of the primary", "asked
    if he supported the Obama agenda", "doubts about whether Mr. Obama was born in this country",
    "would drop out if given an advisory post"): a question or a condition, which asserts nothing
    alone. Split off, it would be a claim that an outlet reporting the question or the condition
    in other words never states, and its verb would be left asking nothing ("used Clinton as an
    intermediary to see")."""
    return any(child.dep_ == "mark" and child.lower_ in ("if", "whether") for child in token.children)


def _for_to_clause(token: Token) -> bool:
    """'for government to step in' after 'calls', 'asked for the court to rule': what the verb
    calls or asks for, with a subject of its own. The parse hangs it on the verb as an adverbial
    clause, but the verb says nothing without it: split off, it would leave "Catholic teaching
    calls" as a claim, and a fact worded without it would end there."""
    children = {(child.dep_, child.lower_) for child in token.children}
    return token.dep_ == "advcl" and ("mark", "for") in children and ("aux", "to") in children


def _perceived(token: Token) -> bool:
    """'watches a walrus perform', 'heard him shouting': what was seen or heard, with a subject
    of its own. The parse makes it a complement clause, but split off it would leave "Kim Jong Un
    watches" as a claim that no outlet's "watched a walrus show" carries, and the walrus perform
    as one that the watching outlet never states. A complement with "that" or an auxiliary ("saw
    that prices had risen") states something of its own and stays a claim."""
    children = {child.dep_ for child in token.children}
    return (
        token.dep_ == "ccomp"
        and token.head.lemma_.lower() in PERCEIVING
        and token.tag_ in ("VB", "VBG", "VBD")
        and not children & {"mark", "aux", "auxpass"}
    )


def _exchange(token: Token) -> bool:
    """The noun of 'in exchange for ...' or 'in return for ...'."""
    return (
        token.lower_ in EXCHANGE_NOUNS
        and token.dep_ == "pobj"
        and token.head.lower_ == "in"
        and any(child.lower_ == "for" and child.dep_ == "prep" for child in token.children)
    )


def _top(head: Token) -> int:
    """Where the claim's words start in the tree: the preposition of 'since entering' or of 'in exchange for'."""
    return head.head.i if head.dep_ in PREPOSITION_DEPS or _exchange(head) else head.i


def _own_words(sentence: Span, heads: list[int]) -> dict[int, list[int]]:
    """Each head's words (token indices): those of its subtree that no claim inside it holds, less
    "according to Russian media", which says who said it, not what happened."""
    doc = sentence.doc
    tops = {_top(doc[h]): h for h in heads}
    own: dict[int, list[int]] = {h: [] for h in heads}
    sourcing = {t.i for token in sentence if _according(token) for t in token.subtree}
    for token in sentence:
        if token.i in sourcing:
            continue
        node = token
        while node.i not in tops and node.head.i != node.i:
            node = node.head
        own[tops.get(node.i, sentence.root.i)].append(token.i)
    return own


def _according(token: Token) -> bool:
    return token.lower_ == "according" and token.i + 1 < len(token.doc) and token.nbor().lower_ == "to"


def _claim_above(head: Token, own: dict[int, list[int]]) -> int:
    doc = head.doc
    node = doc[_top(head)].head
    while node.i not in own and node.head.i != node.i:
        node = node.head
    return node.i if node.i in own else next(iter(own))


def _depth(token: Token) -> int:
    depth = 0
    while token.head.i != token.i:
        token, depth = token.head, depth + 1
    return depth


def _trimmed(words: list[Token]) -> list[Token]:
    """Without punctuation and joining words at the edges ("and offered ..." starts at "offered")."""
    start, end = 0, len(words)
    while start < end and (words[start].is_punct or words[start].dep_ in ("cc", "mark") and words[start].pos_ == "CCONJ"):
        start += 1
    while end > start and (words[end - 1].is_punct or words[end - 1].dep_ == "cc"):
        end -= 1
    return words[start:end]


def _action(head: Token) -> str:
    return head.lemma_.lower() if head.pos_ in VERBS else head.lower_

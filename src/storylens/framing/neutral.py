"""Neutral wording for a loaded phrase: the words a reader could put in its place without changing what is reported.

Four shapes, each read off the parse:

- a loaded label with a neutral in the lexicon: "brutal dictator" becomes "leader", "fellow despot
  Vladimir Putin" becomes "Vladimir Putin";
- loaded adjectives dropped from a noun phrase: "the impoverished North Korea" becomes "North
  Korea", "disgraced politician Anthony D. Weiner" becomes "politician Anthony D. Weiner",
  "reckless tenth hike" becomes "tenth hike";
- a loaded verb replaced by the lexicon's neutral verb, in the same tense: "slams" becomes
  "criticises", "lashed out at" becomes "criticised";
- none where a rewording would change what is reported: words inside a reported claim (a clause
  under "claimed", "said", "alleged", "called ... a", "accused ... of"; quoted speech), and names
  and titles (a case such as "Bush v. Gore", a law, a book).

Other kinds (intensifiers, exaggeration, fear or doubt) get a neutral only when they modify a
name, whose dropping keeps the name: "the self-proclaimed Islamic State" becomes "Islamic State".
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from spacy.tokens import Doc, Span, Token

from storylens.analyze.attribution import REPORTING_VERBS
from storylens.framing.placement import Unit, quoted_regions
from storylens.model import SECTION_SEPARATOR, FramingKind

if TYPE_CHECKING:
    from storylens.framing.lexicon import Group, Hit

NOUNS = frozenset({"NOUN", "PROPN"})
NAMED = frozenset({"PERSON", "NORP", "ORG", "GPE", "LOC", "FAC"})
"""Entity labels of persons, groups and places: phrases headed by one keep the name as their neutral wording."""
TITLES = frozenset({"WORK_OF_ART", "LAW"})
CASE_MARKS = frozenset({"v.", "v", "vs.", "vs"})
"""What stands between the parties of a court case ("Bush v. Gore"): a title, not a name to reword."""
DROPPABLE = frozenset({"amod", "advmod", "npadvmod", "conj"})
"""Dependencies of a loaded modifier that can leave its noun phrase and leave it whole."""
DEGREE = frozenset({"advmod", "npadvmod"})
GRADES = frozenset({"most", "least", "more", "less"})
GENERIC = frozenset("man woman person people guy one thing individual figure character type sort kind way manner fashion element".split())
"""Nouns that say nothing without their adjective ("he was a corrupt man", "asked me in a deceitful way")."""
CONTENT = frozenset({"amod", "compound", "nmod", "nummod", "poss", "prep", "acl", "relcl"})
"""Words on a noun that still say something when its loaded adjective is dropped."""
QUANTIFIERS = frozenset({"any", "every", "each", "all", "no", "only"})
CONDITIONS = frozenset({"if", "when", "whenever", "unless"})
DEFINITE = frozenset({"the", "this", "that", "these", "those"})
PRIVATIVE = frozenset("fake phony phoney sham bogus".split())
"""Adjectives that say a thing is not what it is called: "fake news" is not news, so they are never dropped."""
QUANTITIES = frozenset("amount number level scale degree rate extent proportion percentage majority share total sum margin".split())
"""Nouns that a loaded adjective only sizes ("a shocking amount of evidence"): dropping it changes the quantity."""
PREDICATES = frozenset({"attr", "oprd", "acomp"})
"""Where a label is what the sentence asserts ("Trump is a thug"): a neutral noun there would assert something else."""

SAY_VERBS = (REPORTING_VERBS - {"continue"}) | frozenset(
    "assert contend declare maintain think complain charge predict promise find conclude".split()
)
"""Verbs whose complement clause is someone's claim ("continue" reports speech only without a complement: "he continued")."""
LABEL_VERBS = frozenset("call label brand dub describe term characterize characterise portray depict denounce decry".split())
"""Verbs that report someone's label for a thing ("called it a brutal regime", "described him as a thug")."""
REGARD_VERBS = LABEL_VERBS | frozenset(
    "see view regard treat dismiss dispute reject deride mock ridicule paint cast condemn criticize criticise attack hail praise tout".split()
)
"""Verbs whose "as" phrase is someone's view of a thing ("dismissed his politics as based in phony theology")."""
ACCUSE_VERBS = frozenset("accuse charge suspect".split())
"""Verbs whose "of" phrase is the accusation ("accused Trump of enlisting his henchmen")."""
CLAIM_NOUNS = frozenset(
    "claim allegation accusation assertion insistence suggestion charge comment remark statement description depiction portrayal "
    "characterization characterisation".split()
)
CLAIM_DEPS = frozenset({"ccomp", "xcomp", "parataxis", "oprd"})
"""How a claim hangs from the verb that reports it."""

DOUBLE_QUOTES = frozenset('"“”')
TRANSCRIPT = re.compile(r"[A-Z][A-Z .'-]{2,30}: ")
"""A transcript's speaker label at the start of a paragraph ("HANNITY: ...")."""
TWEET_SIGNATURE = re.compile(r"[—–] [^—–]{0,80}?\(@\w{1,15}\)")
"""How an embedded tweet ends in scraped text: "— Donald J. Trump (@realDonaldTrump) December 1, 2017"."""
TWEET_CHARS = 280
TWEET_PARAGRAPHS = 3
TRIMMED = " ,;:–—"
THE_NAMES = frozenset("kingdom republic union states emirates islands isles netherlands philippines bahamas gambia".split())
"""Last words of place names that keep their "the" ("the United Kingdom")."""
VOWELS = frozenset("aeiou")
CONSONANT_SOUNDING = ("uni", "use", "usu", "eu", "one", "once")
IRREGULAR_PLURALS = {"person": "people", "man": "men"}
"""Plurals of a neutral noun's last part ("businessman", "spokesperson", "woman")."""
NOT_MAN = frozenset({"human", "german", "roman", "shaman"})
IRREGULAR_VERBS = {"say": ("said", "said"), "spend": ("spent", "spent"), "hurt": ("hurt", "hurt"), "give": ("gave", "given")}
"""Past tense and past participle of the neutral verbs that do not add "-ed"."""


def shown_extent(unit: Unit, doc: Doc, group: Group, root: Token) -> tuple[int, int, str | None]:
    """The tokens [start, end) a reader sees for a group of loaded words, and their neutral wording or None.

    The span takes a person named right after a label ("fellow despot Vladimir Putin"); where there
    is a neutral wording, it also takes the degree words of the loaded ones ("very brutal dictator":
    "leader") and the determiner before it where the neutral needs another one ("an evil regime": "a
    government").
    """
    name = apposed_name(doc, group, root)
    end = name.end if name is not None else group.end
    if reported(doc, root) or in_title(doc, group.start, end) or _quoted(unit, doc, group.start, end):
        return group.start, end, None
    start = group.start
    if name is not None and _hit_at(group.hits, root.i) is not None:
        neutral: str | None = name.text
    else:
        with_degree = min([start] + [i for hit in group.hits for i in _degree_words(doc, hit)])
        neutral = reworded(doc, group, root, with_degree, end)
        start = with_degree if neutral is not None else start
    start, neutral = after_determiner(doc, start, neutral, _bare_name(doc, group, root, name))
    return start, end, neutral


def apposed_name(doc: Doc, group: Group, root: Token) -> Span | None:
    """A person named right after the phrase's noun ("fellow despot Vladimir Putin", "disgraced politician
    Anthony D. Weiner") or in apposition after a comma.

    Only a following name that the parse links to the noun joins the span ("the nonsense Fastiggi and
    Goldstein expect" has none): after a loaded label the name alone is a drop-in neutral wording;
    after a plain noun the name stays in the wording with the noun.
    """
    if root.pos_ not in NOUNS or root.ent_type_:
        return None
    end = group.end
    after_comma = end < len(doc) and doc[end].text == ","
    for ent in doc.ents:
        if ent.label_ != "PERSON":
            continue
        linked = ent.root.head.i == root.i or root.head.i == ent.root.i
        in_apposition = ent.root.dep_ == "appos" and ent.root.head.i == root.i
        if (ent.start == end and linked) or (after_comma and ent.start == end + 1 and in_apposition):
            return ent
    return None


def reworded(doc: Doc, group: Group, root: Token, start: int, end: int) -> str | None:
    """Tokens [start, end) with the loaded words dropped and a loaded head replaced by the lexicon's neutral.

    A loaded head without a neutral, in the predicate ("is a thug"), where a broader word changes the
    claim (`_restricted`: "a threat to any tyrant" is about tyrants) or capitalised as a name or title ("Jihadist
    Psychopath", a book), a loaded word that is not a
    droppable modifier ("mob scene", "was hypocritical"), a phrase of another kind without a name,
    or a hedge or speculation (never dropped: "possibly Islamic" is not "Islamic") leaves no neutral
    wording.
    """
    head_hit = _hit_at(group.hits, root.i)
    replaced: dict[int, str] = {}
    dropped: set[int] = set()
    if head_hit is not None:
        if (
            head_hit.entry.neutral is None
            or not _replaceable(head_hit, root)
            or _predicate(root)
            or root.pos_ == "PROPN"
            or _restricted(root)
        ):
            return None
        replaced[head_hit.end - 1] = _fitted(head_hit.entry.neutral, doc[head_hit.start : head_hit.end], root)
        dropped |= set(range(head_hit.start, head_hit.end - 1))
    elif not _droppable_phrase(group, root):
        return None
    for hit in group.hits:
        if hit is not head_hit:
            dropped |= _dropped_with(doc, hit)
    return _joined(doc, start, end, dropped, replaced, root)


def _kept(hit: Hit, doc: Doc) -> bool:
    """A loaded modifier that is part of what the phrase says, not a word to drop (see `_droppable_phrase`)."""
    token = hit_root(hit, doc)
    degree = [c for c in token.children if c.dep_ in DEGREE]
    return (
        hit.entry.kind in (FramingKind.HEDGE, FramingKind.SPECULATION)
        or hit.entry.words[-1] in PRIVATIVE
        or token.tag_ in ("JJS", "RBS")
        or any(c.lower_ in GRADES | QUANTIFIERS or c.tag_ == "WRB" for c in degree)
        or (hit.start > 0 and doc[hit.start - 1].lower_ in GRADES)
        or (hit.end < len(doc) and doc[hit.end].text == "-")
    )


def _restricted(root: Token) -> bool:
    """The noun phrase sits where a narrower phrase is a different claim: under "only", "any", "every",
    "no", "how many", a negation, or in an "if" or "when" clause, unless it, or a phrase it lies in on the
    way there, names one known thing ("the regime", "Pope Francis' cabal": what surrounds it does not
    narrow it)."""
    doc = root.doc
    if root.left_edge.i > 0 and doc[root.left_edge.i - 1].lower_ == "only":
        return True
    token = root
    while True:
        if any(c.lower_ in QUANTIFIERS and c.dep_ in ("det", "predet") for c in token.children):
            return True
        if any(c.lower_ in ("many", "much") and any(g.lower_ == "how" for g in c.children) for c in token.children):
            return True
        if token.pos_ in ("VERB", "AUX"):
            return any(c.dep_ == "neg" or (c.dep_ in ("mark", "advmod") and c.lower_ in CONDITIONS) for c in token.children)
        if token.head.i == token.i or (token.pos_ in NOUNS and _definite(token)):
            return False
        token = token.head


def _definite(token: Token) -> bool:
    """A noun phrase that names one known thing ("the regime", "Iran's regime"), whatever is said of it."""
    return any(c.dep_ == "poss" or (c.dep_ == "det" and c.lower_ in DEFINITE) for c in token.children)


def _predicate(token: Token) -> bool:
    """The noun is what its clause says of something: "is a thug", "called him a thug", "sees it as a witch
    hunt", or a verbless sentence that names what someone is ("A crook and an economic leftist, who ...")."""
    return (
        token.dep_ in PREDICATES or (token.dep_ == "pobj" and token.head.lower_ == "as") or (token.dep_ == "ROOT" and token.pos_ in NOUNS)
    )


def _replaceable(hit: Hit, root: Token) -> bool:
    """A label's neutral replaces a noun; a verb's neutral replaces a verb."""
    is_label = hit.entry.kind is FramingKind.NAME_CALLING
    return root.pos_ in NOUNS if is_label else root.pos_ == "VERB"


def _droppable_phrase(group: Group, root: Token) -> bool:
    """A noun phrase whose loaded words are all modifiers it can lose without changing what it names: at
    least one of them a loaded adjective, or the phrase a name ("the self-proclaimed Islamic State").

    None where the adjective is what is said: with a noun that says nothing alone ("corrupt men in
    high places", "in a deceitful way"), in a predicate with no other word on its noun ("That is
    irresponsible journalism"; "is another brutal reminder of..." keeps "reminder of..."), or where
    the adjective picks out whom a claim is about ("only shameless Zionists", "not on any
    recommendation from a corrupt bishop", "when predatory priests run seminaries"). Kept: a hedge
    or speculation ("possibly Islamic" is not "Islamic"), a word that says the thing is not what it
    is called ("fake news" is not news), a superlative, comparative or exclamation ("Chile's most
    notorious pedophile", "more evil", "how evil"), a word that only sizes a quantity ("a shocking
    amount"), and half of a hyphenated word ("evil-doers").
    """
    lemma = root.lemma_.lower()
    if root.pos_ not in NOUNS or lemma in QUANTITIES or lemma in GENERIC or _restricted(root):
        return False
    if _predicate(root) and not any(c.dep_ in CONTENT and _hit_at(group.hits, c.i) is None for c in root.children):
        return False
    adjectives = [h for h in group.hits if h.entry.kind is FramingKind.LOADED_ADJECTIVE]
    if not adjectives and root.ent_type_ not in NAMED:
        return False
    return all(_modifier(h, root) and not _kept(h, root.doc) for h in group.hits)


def _modifier(hit: Hit, root: Token) -> bool:
    """The hit is an adjective or adverb before the phrase's head that modifies it, directly or through another modifier."""
    token = hit_root(hit, root.doc)
    while token.i != root.i:
        if token.dep_ not in DROPPABLE or token.i > root.i or token.head.i == token.i:
            return False
        if token.pos_ not in ("ADJ", "ADV") and token.tag_ not in ("VBN", "VBG"):
            return False
        token = token.head
    return True


def hit_root(hit: Hit, doc: Doc) -> Token:
    return doc[hit.start : hit.end].root


def _degree_words(doc: Doc, hit: Hit) -> set[int]:
    """The adverbs and hyphen that grade a loaded adjective ("very brutal", "half-crazy"): they go with it."""
    token = hit_root(hit, doc)
    if token.pos_ not in ("ADJ", "ADV") and token.dep_ != "amod":
        return set()
    found = set()
    for child in token.lefts:
        if (child.dep_ in DEGREE and child.pos_ in ("ADV", "ADJ")) or (child.dep_ == "punct" and child.text == "-"):
            found |= {t.i for t in child.subtree}
    return found


def _dropped_with(doc: Doc, hit: Hit) -> set[int]:
    """The hit's tokens and the words that only serve it: its degree adverbs and hyphens ("half-crazy"),
    the "and" or comma that joined it to another modifier."""
    token = hit_root(hit, doc)
    dropped = set(range(hit.start, hit.end)) | _degree_words(doc, hit)
    conjoined = [c for c in token.children if c.dep_ == "conj"]
    if conjoined:
        dropped |= {c.i for c in token.children if c.dep_ in ("cc", "punct") and c.i < conjoined[0].i}
    if token.dep_ == "conj":
        dropped |= {c.i for c in token.head.children if c.dep_ in ("cc", "punct") and token.head.i < c.i < token.i}
    return dropped


def _joined(doc: Doc, start: int, end: int, dropped: set[int], replaced: dict[int, str], root: Token) -> str | None:
    """The kept tokens as text; a comma or "and" left with nothing to join is dropped too."""
    kept = [t for t in doc[start:end] if t.i not in dropped or t.i in replaced]
    tidy: list[Token] = []
    for n, token in enumerate(kept):
        joins = token.pos_ == "CCONJ" or token.text == ","
        before = tidy[-1] if tidy else None
        after = kept[n + 1] if n + 1 < len(kept) else None
        if joins and (before is None or before.pos_ in ("DET", "CCONJ") or before.text == "," or after is None or after.i == root.i):
            continue
        tidy.append(token)
    parts = [replaced.get(t.i, t.text) + t.whitespace_ for t in tidy]
    text = " ".join("".join(parts).split()).strip(TRIMMED)
    if text and doc[start].is_sent_start:
        text = text[0].upper() + text[1:]
    return text or None


def _fitted(neutral: str, words: Span, root: Token) -> str:
    """The lexicon's neutral in the form of the words it replaces: "despots" become "leaders", "slammed" becomes "criticised"."""
    if root.pos_ == "VERB":
        verb = next((t for t in words if t.pos_ == "VERB"), root)
        return verb_form(neutral, verb.tag_)
    if root.tag_ not in ("NNS", "NNPS"):
        return neutral
    *first, last = neutral.split(" ")
    return " ".join([*first, plural(last)])


def verb_form(verb: str, tag: str) -> str:
    """A verb (its first word, "give in") in the form of a Penn tag: VBD past, VBN participle, VBZ third person, VBG "-ing"."""
    first, *rest = verb.split(" ")
    past, participle = IRREGULAR_VERBS.get(first, (None, None))
    if tag == "VBD":
        first = past or _regular_past(first)
    elif tag == "VBN":
        first = participle or _regular_past(first)
    elif tag == "VBZ":
        first = first[:-1] + "ies" if _consonant_y(first) else first + ("es" if first.endswith(("s", "sh", "ch", "x", "z")) else "s")
    elif tag == "VBG":
        first = (first[:-1] if first.endswith("e") and not first.endswith("ee") else first) + "ing"
    return " ".join([first, *rest])


def _regular_past(verb: str) -> str:
    if verb.endswith("e"):
        return verb + "d"
    return verb[:-1] + "ied" if _consonant_y(verb) else verb + "ed"


def _consonant_y(word: str) -> bool:
    return word.endswith("y") and word[-2:-1] not in VOWELS


def plural(noun: str) -> str:
    """A neutral noun's plural: "leaders", "bodies", "spokespeople", "businessmen"."""
    for singular, plural_form in IRREGULAR_PLURALS.items():
        if noun.endswith(singular) and noun not in NOT_MAN:
            return noun[: len(noun) - len(singular)] + plural_form
    if _consonant_y(noun):
        return noun[:-1] + "ies"
    if noun.endswith(("s", "sh", "ch", "x")):
        return noun + "es"
    return noun + "s"


def reported(doc: Doc, token: Token) -> bool:
    """The token lies in someone's claim that the outlet reports: a clause under a reporting verb
    ("claimed the caravan is stocked with ... terrorists", "found that", "made clear that"), a clause
    attributed "according to" someone, a label under "call" or "describe as",
    an accusation under "accused ... of", or a sentence a "he said" is hung from."""
    child = token
    while child.head.i != child.i:
        head = child.head
        lemma = head.lemma_.lower()
        made_clear = lemma == "make" and any(c.lower_ == "clear" for c in head.children)
        if head.pos_ in ("VERB", "AUX") and (
            (child.dep_ in CLAIM_DEPS and (lemma in SAY_VERBS | LABEL_VERBS or made_clear))
            or (child.dep_ == "prep" and child.lower_ == "of" and lemma in ACCUSE_VERBS)
            or (child.dep_ == "prep" and child.lower_ == "as" and lemma in REGARD_VERBS)
        ):
            return True
        if (
            head.pos_ == "NOUN"
            and lemma in CLAIM_NOUNS
            and (child.dep_ in ("ccomp", "acl") or (child.dep_ == "prep" and child.lower_ == "as"))
        ):
            return True
        if _said_after(head, child) or _according_to(head, child):
            return True
        child = head
    return _said_after(child, None)


def _according_to(head: Token, below: Token) -> bool:
    """The clause is attributed by "according to ..." hung from `head`, and the token is not in that phrase."""
    return any(c.lower_ == "according" and c.i != below.i and c.i + 1 < len(c.doc) and c.nbor().lower_ == "to" for c in head.children)


def _said_after(head: Token, below: Token | None) -> bool:
    """A reporting verb hung from `head` after a comma or quote mark ("..., officials said"), not on the path from the token."""
    return any(_parenthetical_say(c) and (below is None or c.i != below.i) and c.i > head.i for c in head.children)


def _parenthetical_say(token: Token) -> bool:
    if token.pos_ != "VERB" or token.lemma_.lower() not in SAY_VERBS:
        return False
    before = token.left_edge.i - 1
    return token.dep_ == "parataxis" or (token.dep_ == "ccomp" and before >= 0 and token.doc[before].is_punct)


def in_title(doc: Doc, start: int, end: int) -> bool:
    """The phrase holds or names a title: a work or a law, or a party of a court case ("infamous Bush v. Gore")."""
    if any(t.ent_type_ in TITLES for t in doc[start:end]):
        return True
    before, after = doc[start - 1] if start > 0 else None, doc[end] if end < len(doc) else None
    return (after is not None and after.lower_ in CASE_MARKS) or (before is not None and before.lower_ in CASE_MARKS)


def _quoted(unit: Unit, doc: Doc, start: int, end: int) -> bool:
    """The phrase crosses a quote mark (part speaker's words, part outlet's) or lies in quoted speech."""
    return (
        any(t.is_quote for t in doc[start:end]) or spoken_quote(unit, doc, start, end) or closed_later(unit, doc, end) or block_quote(unit)
    )


def block_quote(unit: Unit) -> bool:
    """The paragraph is quoted material set apart without quote marks: introduced by a paragraph that
    ends in a colon ("Trump lashed out on Twitter, saying:"), a short paragraph that an embedded
    tweet's signature ("— Name (@handle) date") soon follows, or a transcript line ("HANNITY: ...")."""
    if TRANSCRIPT.match(unit.placement.text):
        return True
    sections, offset, index = unit.placement.article.sections(), 0, None
    for n, (_, text) in enumerate(sections):
        if offset == unit.placement.offset:
            index = n
            break
        offset += len(text) + len(SECTION_SEPARATOR)
    if index is None:
        return False
    if index > 0 and sections[index - 1][1].rstrip().endswith(":"):
        return True
    following = []
    for _, text in sections[index : index + TWEET_PARAGRAPHS + 1]:
        if len(text) > TWEET_CHARS:
            return False
        following.append(text)
        if TWEET_SIGNATURE.search(" ".join(following[1:])):
            return True
    return False


def closed_later(unit: Unit, doc: Doc, end: int) -> bool:
    """The next double quote mark after the phrase, in its article, closes a quote that opened before
    its paragraph (a quotation running over several paragraphs, one sentence a line): the phrase is in it."""
    if any(a <= unit.start + doc[end - 1].idx <= b for a, b in quoted_regions(unit.placement.text)):
        return False
    text = unit.placement.article.text
    after = unit.offset + doc[end - 1].idx + len(doc[end - 1])
    mark = next((i for i in range(after, len(text)) if text[i] in DOUBLE_QUOTES), None)
    return mark is not None and (text[mark] == "”" or (text[mark] == '"' and not text[mark - 1].isspace()))


def spoken_quote(unit: Unit, doc: Doc, start: int, end: int) -> bool:
    """The phrase lies in quoted words: a quote of more than one word ("a “phony theology”", someone's
    phrase), one that holds a verb, or one that runs past this line.

    A single quoted word ("“despots” was the word one official used") is the outlet showing a word:
    its neutral is the word it could have used.
    """
    if start >= end:
        return False
    first = unit.start + doc[start].idx
    last = unit.start + doc[end - 1].idx + len(doc[end - 1])
    for a, b in quoted_regions(unit.placement.text):
        if a <= first and last <= b:
            if a < unit.start or b > unit.end:
                return True
            inside = [t for t in doc if a <= unit.start + t.idx < b]
            words = [t for t in inside if t.is_alpha]
            return len(words) > 1 or any(t.pos_ in ("VERB", "AUX") and not start <= t.i < end for t in inside)
    return False


def _bare_name(doc: Doc, group: Group, root: Token, apposed: Span | None) -> bool:
    """The neutral wording is a name that reads without "the": a person, or a country not named like "the United States"."""
    head_hit = _hit_at(group.hits, root.i)
    if apposed is not None:
        return head_hit is not None
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


def _hit_at(hits: list[Hit], i: int) -> Hit | None:
    return next((h for h in hits if h.start <= i < h.end), None)

"""What keeps a sentence from standing alone in the summary, read from its text alone.

The compare stage does not parse, and the stored sentences carry no part-of-speech tags, so these
checks are on the words: a wire dateline at the start ("OSLO (Reuters) -") is cut off; a sentence
that opens on a connective ("But", "However,") or a pronoun ("It", "They") leans on a sentence the
summary may not carry, as does one that gives someone's words without naming whose (the sentence
'We need to keep it that way."' after '"It's always been bipartisan," Rice added.'); a sentence
with no finite verb (a caption, a byline, a credit) is no statement; a sentence that says what
will happen on a weekday looks ahead, while the weekday alone reads as the latest such day
already past.
"""

from __future__ import annotations

import re

from storylens.analyze.quantities import WEEKDAYS

_DASH = r"(?:-{1,2}|–|—)"
_CITY = r"[A-Z][A-Za-z.'’]*(?:[ -][A-Z][A-Za-z.'’]*){0,3}"
_MONTH_DAY = r"[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:,\s*\d{4})?"
_PLACE_AND_DATE = rf"{_CITY}(?:,\s*{_CITY})?(?:,\s*{_MONTH_DAY})?"
_AGENCY = r"\((?:[A-Z][A-Za-z&.]*(?:\s+[A-Z][A-Za-z&.]*){0,3})\)"
_PLACE_IN_CAPITALS = r"[A-Z][A-Z.'’]+(?:[ -][A-Z][A-Z.'’]+){0,3}"
DATELINE = re.compile(
    rf"^\s*(?:{_PLACE_AND_DATE}\s*{_AGENCY}|{_PLACE_IN_CAPITALS}(?:,\s*{_CITY})?(?:,\s*{_MONTH_DAY})?(?=\s*{_DASH}\s*[A-Z“\"‘']))\s*{_DASH}\s*"
)
"""'OSLO (Reuters) -', 'WASHINGTON (AP) —', 'LONDON, June 3 (Reuters) -', 'KYIV, Ukraine (AP) –', and a
place in capitals with no agency where a sentence follows: 'WASHINGTON — The Supreme Court ...',
'DES MOINES – Hillary Clinton ...' (not 'NATO -- which has 30 members -- said')."""
_LABELS = r"(?i:update|updated|correction|clarification|editor[’']?s\s+note)"
LABEL = re.compile(
    rf"^\s*(?:{_PLACE_AND_DATE}\s*(?:{_AGENCY})?\s*{_DASH}|{_LABELS}\s*:?\s*(?:{_MONTH_DAY})?\s*:?)\s*$"
)
"""A line that only labels what follows: a dateline standing alone ('WASHINGTON --'), 'UPDATE:',
'Correction: December 1, 2010'."""

CONNECTIVES = frozenset(
    {
        "but", "and", "or", "so", "however", "yet", "still", "meanwhile", "also", "moreover", "furthermore",
        "nevertheless", "nonetheless", "besides", "instead", "otherwise", "then", "thus", "therefore", "hence",
        "likewise", "similarly", "additionally", "consequently", "indeed",
    }
)  # fmt: skip
"""Words that open a sentence by tying it to the one before."""
PRONOUNS = frozenset(
    {"it", "its", "they", "their", "them", "he", "his", "him", "she", "her", "this", "these", "that", "those", "such", "both"}
)
"""Words that open a sentence on a referent named in an earlier one."""
FIRST_PERSON = frozenset({"i", "we", "you", "my", "our", "your", "me", "us"})
"""Words that open a speaker's own words: with no quotation mark, the rest of a quoted paragraph
(in capitals, "US" is the country)."""
QUOTE_MARKS = "\"“”"
"""Double quotation marks: a single one is as often an apostrophe."""
_TIME_NOUNS = r"(?:week|weekend|month|year|morning|afternoon|evening|summer|winter|spring|autumn|fall|time|season)"
_DEMONSTRATIVE_TIME = re.compile(rf"^(?:this|that|these|those)\s+(?:\w+\s+)?{_TIME_NOUNS}s?\b", re.IGNORECASE)
"""'This week', 'That year', 'These past months': a time, not a referent."""
_NAMED_AFTER = re.compile(
    r"^(?i:her|his|their|its)\s+[^,]{1,40}?(?:,\s+[^,]{1,60},)?\s+(?i:said|says|told reporters|announced|confirmed)\s+"
    r"(?:that\s+)?(?!(?:He|She|It|They|The|This|That|These|Those|We|I)\b)[A-Z][\w’'-]+"
)
"""'Her agent, Mark Roesler, said Page died ...': the possessive's owner is named in what is said,
so the sentence stands alone (an ECB+ summary had left out the fact ten outlets gave, her death)."""
CONNECTIVE_PHRASE = re.compile(
    r"^([\"“]?)(?:as\s+a\s+(?:result|consequence)|in\s+addition|at\s+the\s+same\s+time|on\s+the\s+other\s+hand|in\s+turn"
    r"|for\s+(?:example|instance)|even\s+so|(?:in|by)\s+contrast|after\s+all|that\s+said)\b\s*,?\s*(.*)$",
    re.IGNORECASE | re.DOTALL,
)
"""Phrases that open a sentence by tying it to the one before, as a connective does: "As a
result, travelers ... may want to cancel upcoming vacation plans" (a NeuS summary's sentence,
after one that gave no cause)."""
_NOT_CONNECTIVE = re.compile(r"^(?:so\s+far|still\s+(?:more|other)|then-)", re.IGNORECASE)
"""Openings on a connective's word that tie the sentence to nothing: 'So far, ...'."""
_TRAILING_CONTRAST = re.compile(r",\s*(?:though|however|nonetheless|nevertheless|instead)(?=\s*[.!?]?[”\"]?\s*$)", re.IGNORECASE)
"""A contrast with the sentence before, put at the end: 'Running for president is a bigger stage, though.'"""
_CONNECTIVE_OPENING = re.compile(r"^\s*([\"“]?)[A-Za-z]+\s*,?\s*(.*)$", re.DOTALL)
"""A sentence's opening word, after the double mark of a quotation it opens, and the rest."""
_STANDS_ALONE = re.compile(r"^(?:(?:the|a|an)\s+\w|[A-Z](?!\w*'s\b))")
"""What a sentence stripped of its connective may open on: a noun phrase or a name."""

_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
_CONTRACTION = re.compile(r"['’](?:s|ll|re|ve|d|m)$")
AUXILIARIES = frozenset(
    {
        "is", "are", "was", "were", "am", "has", "have", "had", "do", "does", "did", "will", "would", "can",
        "could", "may", "might", "must", "shall", "should", "ought",
    }
)  # fmt: skip
IRREGULAR_PAST = frozenset(
    {
        "said", "told", "left", "met", "went", "came", "took", "made", "gave", "got", "saw", "became", "began",
        "held", "kept", "led", "brought", "bought", "built", "fought", "sent", "spent", "won", "lost", "paid",
        "put", "set", "cut", "hit", "let", "ran", "rose", "fell", "flew", "drove", "wrote", "spoke", "broke",
        "chose", "stood", "sat", "thought", "found", "felt", "heard", "knew", "grew", "drew", "threw", "shot",
        "struck", "sold", "taught", "caught", "meant", "fled", "hung", "rode", "woke", "wore", "swore", "sought",
        "slid", "split", "spread", "shut", "quit", "bore", "beat", "bit", "hid", "lay", "laid", "lit", "dealt",
        "forgot", "forgave", "froze", "overtook", "undertook", "withdrew", "upheld", "underwent", "arose",
    }
)  # fmt: skip
_FINITE_SUFFIX = re.compile(r"^\w+(?:n't|’t|'s|’s|'re|’re|'ve|’ve|'ll|’ll|'d|’d|'m|’m)$", re.IGNORECASE)
_CAPTION_PARTICIPLES = frozenset({"pictured", "photographed", "seen", "shown", "depicted", "inset", "above", "below"})
_BEFORE_NOUN = frozenset(
    {
        "the", "a", "an", "of", "in", "on", "at", "for", "with", "from", "to", "by", "and", "or", "its", "his", "her",
        "their", "our", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "many", "some",
        "several", "all", "more", "most", "few", "these", "those", "such", "other", "new", "both",
    }
)  # fmt: skip
"""Words after which a word ending in -s or -ed is a noun or an adjective, not a verb."""
BASE_VERBS = frozenset(
    {
        "say", "warn", "fear", "expect", "believe", "claim", "argue", "insist", "deny", "want", "need", "plan",
        "hope", "remain", "continue", "seem", "appear", "face", "meet", "resume", "rise", "fall", "agree",
        "accuse", "call", "urge", "oppose", "support", "reject", "vote", "hold", "stand", "show", "suggest",
    }
)  # fmt: skip
"""Verbs common in news in their plural present form ('Officials say', 'Talks resume')."""
_SUBJECTS = frozenset({"i", "we", "you", "they", "people", "who", "which", "that"})
"""Words after which a bare word is a present-tense verb ('they say', 'officials who attend')."""
_BYLINE = re.compile(
    r"^(?:(?:reporting|writing|editing|additional reporting)\s+by\b|(?:photo|picture|image|credit|source|video)s?\s*:"
    r"|getty images|ap photo|reuters/|afp/)",
    re.IGNORECASE,
)
"""Credits that may hold a verb-like word. A byline ("By Jane Smith and Tom Jones") has no finite
verb; matching "By" and any word here made "By Monday, Ms. Lauten had resigned" and "By
contrast, Romney's aides said …" fragments."""
_SIGNPOST = re.compile(
    r"^(?:here[’']s|here\s+(?:is|are))\s+(?:what|how|why|who|where|when|everything|all|the\s+latest|a\s+look)\b"
    r"|^(?:below|above)\s+(?:is|are)\b|^(?:see|watch|view|click|scroll)\b[^.]*\b(?:below|above)\b",
    re.IGNORECASE,
)
"""A line that points the reader to what follows ("Here's what you need to know.") or to the page
around it ("Below are some of the photos shared Wednesday on Twitter", a BASIL summary's first
sentence, cited to two outlets): no fact."""
DAY_NAMES = "|".join(WEEKDAYS)
"""The weekdays as a regex alternation."""
_SPEECH_TAG = re.compile(
    r"^(?P<speaker>.+?),?\s+(?:[a-z]+ly\s+)?(?:said|says|added|adds|wrote|writes|stated|states|tweeted|noted|notes|explained"
    r"|continued|told\s+(?:reporters|[A-Z][\w.]*(?:\s+[A-Z][\w.]*){0,3}))"
    rf"(?:\s+(?:on\s+)?(?:{DAY_NAMES}|today|yesterday)|\s+in\s+a\s+statement)?\s*[.!]?$"
)
"""A speaker and a verb of saying with nothing said: "Douglas Letter, the House general counsel,
reportedly said." (a NeuS summary's sentence, its question left in the sentence before)."""
_FINISHED = re.compile(r"[.!?][\"'”’»)\]]*$")
_ELLIPSIS = re.compile(r"(?:…|\.\.\.|\[(?:…|\.\.\.)\])[\"'”’»)\]]*$")
_PRONOUN_IS = frozenset({"he", "she", "it", "that", "there", "here", "what", "who", "this", "where"})
"""Words whose "'s" is "is" or "has": "He's a good man.", "It's wrong."."""

FUTURE = re.compile(
    r"\b(?:will|won't|shall|(?:is|are|was|were)\s+(?:due|set|scheduled|expected|going)\s+to|(?:is|are)\s+to"
    r"|plans?\s+to|planning\s+to|intends?\s+to)\b",
    re.IGNORECASE,
)
WEEKDAY = re.compile(rf"\b(?:(last|next)\s+)?({DAY_NAMES})\b", re.IGNORECASE)


def is_label(text: str) -> bool:
    """Whether the sentence only labels what follows (`LABEL`): it states nothing, not even in part."""
    return LABEL.match(text) is not None


def strip_dateline(text: str) -> str:
    """The sentence without a wire dateline at its start, capitalised again."""
    rest = DATELINE.sub("", text, count=1)
    return rest[:1].upper() + rest[1:] if rest != text else text


def _opening_word(text: str) -> str:
    """The sentence's first word as written, after any opening quotation mark or bracket."""
    match = _WORD.match(text.lstrip("\"'“‘( "))
    return match.group(0) if match else ""


def first_word(text: str) -> str:
    """The sentence's first word in lower case, without a contraction's ending: "He’ll make the
    announcement" opens on "he", as "That's not" opens on "that"."""
    return _CONTRACTION.sub("", _opening_word(text).lower())


def leans_on_before(text: str) -> bool:
    """Whether the sentence opens on a connective or a pronoun whose referent is in an earlier
    sentence, ends on a contrast with one ("..., though."), or gives someone's words without
    naming whose (`unattributed_speech`)."""
    if unattributed_speech(text) or _TRAILING_CONTRAST.search(text):
        return True
    first = first_word(text)
    if first in PRONOUNS:
        return not (_DEMONSTRATIVE_TIME.match(text.lstrip()) or _NAMED_AFTER.match(text.lstrip()))
    if CONNECTIVE_PHRASE.match(text.lstrip()):
        return True
    return first in CONNECTIVES and not _NOT_CONNECTIVE.match(text.lstrip())


def unattributed_speech(text: str) -> bool:
    """Whether the sentence is someone's words and names no speaker: a quotation with no words
    outside it (one that closes a quotation opened a sentence earlier, 'We need to keep it that
    way."', or opens one that a later sentence closes), one whose speaker is a pronoun ('"We know
    how to win elections," she added.'), or a sentence in the first person with no quotation mark
    (the rest of a quoted paragraph). Its speaker is named in another sentence."""
    if any(mark in text for mark in QUOTE_MARKS):
        outside = _WORD.findall(outside_quotes(text))
        return len(outside) < 2 or outside[0].lower() in PRONOUNS and text.lstrip()[:1] in QUOTE_MARKS
    opening = _opening_word(text)
    acronym = len(opening) > 1 and opening.isupper()
    return first_word(text) in FIRST_PERSON and not acronym


def opened_before(text: str) -> str | None:
    """The mark that opens the quotation a sentence begins inside, opened a sentence before it
    ('God help us," said Bloomberg'): its first double mark closes one (a curly closing mark, or a
    straight one, not at the start, of an odd number). None for a sentence that begins outside."""
    text = text.strip()
    marks = [i for i, c in enumerate(text) if c in QUOTE_MARKS]
    if not marks:
        return None
    if text[marks[0]] == "”":
        return "“"
    return '"' if text[marks[0]] == '"' and marks[0] > 0 and text.count('"') % 2 == 1 else None


def with_its_opening_mark(text: str) -> str:
    """A sentence that begins inside a quotation, as an editor quoting it alone writes it: with
    the mark that opens it ('"God help us," said Bloomberg'), not a closing mark left unmatched."""
    mark = opened_before(text)
    return text if mark is None else mark + text.lstrip()


def outside_quotes(text: str) -> str:
    """The text outside its double quotation marks; a sentence that begins inside a quotation
    (`opened_before`) is inside one from its start."""
    text = text.strip()
    inside = opened_before(text) is not None
    kept = []
    for char in text:
        if char == "“":
            inside = True
        elif char == "”":
            inside = False
        elif char == '"':
            inside = not inside
        elif not inside:
            kept.append(char)
    return "".join(kept)


def without_connective(text: str) -> str | None:
    """'But the ministry said ...' -> 'The ministry said ...': the sentence with its opening
    connective dropped, when what follows opens on a name or a noun phrase, or its closing one
    ('Running for president is a bigger stage, though.' -> '... a bigger stage.'); None otherwise. A
    quotation that opens on one keeps its mark: '“But Trump’s plan is a disaster,” Bloomberg
    said' -> '“Trump’s plan is a disaster,” Bloomberg said', as a quotation is trimmed at its start."""
    if (contrast := _TRAILING_CONTRAST.search(text)) is not None:
        rest = text[: contrast.start()] + text[contrast.end() :]
        return None if leans_on_before(rest) or is_fragment(rest) else rest
    opening = CONNECTIVE_PHRASE.match(text.lstrip()) or _CONNECTIVE_OPENING.match(text)
    if opening is None or (opening.re is _CONNECTIVE_OPENING and first_word(text) not in CONNECTIVES):
        return None
    mark, rest = opening.groups()
    if not _STANDS_ALONE.match(rest) or leans_on_before(mark + rest) or is_fragment(rest):
        return None
    return mark + rest[0].upper() + rest[1:]


def has_finite_verb(text: str) -> bool:
    """A check on the words for a verb that makes the sentence a statement: an auxiliary, a
    common irregular past, a pronoun's "'s", a word in -ed ("sued", not "need") or -s where a verb
    can stand, a bare verb after a subject."""
    words = _WORD.findall(text)
    lower = [w.lower() for w in words]
    for i, word in enumerate(lower):
        before = lower[i - 1] if i else ""
        if word in AUXILIARIES or word in IRREGULAR_PAST and word not in _CAPTION_PARTICIPLES:
            return True
        if word.endswith(("'s", "’s")):
            if before in _SUBJECTS or word[:-2] in _PRONOUN_IS:
                return True
        elif _FINITE_SUFFIX.match(word):
            return True
        if i == 0 or before in _BEFORE_NOUN or before.endswith(("'s", "’s")):
            continue
        if word.endswith("ed") and len(word) > 3 and not word.endswith("eed") and words[i][0].islower() and word not in _CAPTION_PARTICIPLES:
            return True
        if word.endswith("s") and not word.endswith(("ss", "us", "is", "ics", "news")) and len(word) > 3 and words[i][0].islower():
            return True
        if before in _SUBJECTS and words[i][0].islower() and word not in _BEFORE_NOUN or word in BASE_VERBS:
            return True
    return False


def is_fragment(text: str) -> bool:
    """A caption, a byline, a credit, a signpost to what follows, a speaker with nothing said, the
    rest of a sentence after a dash ("— former Vice President Joseph R. Biden Jr. settled behind
    his lectern ...", after a question inside an interruption) or a phrase: no statement a summary
    can carry."""
    stripped = text.strip()
    return (
        len(_WORD.findall(stripped)) < 2
        or stripped.startswith(("—", "–", "--"))
        or bool(_BYLINE.match(stripped) or _SIGNPOST.match(stripped))
        or not has_finite_verb(stripped)
        or speaks_without_words(stripped)
    )


def unfinished(text: str) -> bool:
    """Whether the sentence stops short: no full stop, question or exclamation mark closes it, or
    an ellipsis does. Feeds and excerpts cut a text off mid-sentence ("... in response to the
    nation's deadliest massacre in history, the country's prime", a NeuS source's last words, had
    been a summary's sentence); a line of the body with no mark at all is a heading or a list's
    item. (A caption has none either, and may still word a fact.)"""
    text = text.strip()
    if (ellipsis := _ELLIPSIS.search(text)) is not None:
        # After a full stop an ellipsis leaves out what a quotation goes on with ('... win the war
        # on terror. ...', BASIL 2010): the sentence was finished.
        return _FINISHED.search(text[: ellipsis.start()].rstrip()) is None
    return _FINISHED.search(text) is None


def speaks_without_words(text: str) -> bool:
    """Whether the sentence only says who spoke (`_SPEECH_TAG`): no quotation in it, and no verb
    before the verb of saying ("Biden agreed, the official said." says something)."""
    tag = _SPEECH_TAG.match(text.strip())
    return tag is not None and not any(mark in text for mark in QUOTE_MARKS) and not has_finite_verb(tag["speaker"])


def looks_ahead_to_weekday(text: str) -> bool:
    """Whether the sentence says something will happen on a weekday named without 'last' or
    'next' (which the chronology reads as the latest such day on or before publication)."""
    weekdays = WEEKDAY.findall(text)
    return len(weekdays) == 1 and not weekdays[0][0] and bool(FUTURE.search(text))

"""Loading the spaCy pipeline once, by name, from an installed package (never from a hub)."""

from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.symbols import ORTH
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc

from storylens.framing.placement import OPENING_QUOTES, QUOTE_FAMILY

QUOTE_ENDS = frozenset({"!", "?", "."})
CLOSING_QUOTES = frozenset(QUOTE_FAMILY) - OPENING_QUOTES
"""Marks that may close a quotation: the curly closing ones and the straight ones (`framing.placement`)."""
CLOSING_MARKS = CLOSING_QUOTES | {")", "]"}
OPENING_MARKS = OPENING_QUOTES | {"(", "[", "—", "–", "―"}
"""What may stand between a lower-case word and the end of the sentence before it: "(R-Wisc.) to",
"Holder [coming]", "pearls!” — whose"."""
PARSED_DASHES = str.maketrans(
    {"\u2010": "-", "\u2011": "-", "\u2012": "–", "\u2015": "—", "\u2500": "—", "\u2e3a": "—", "\ufe58": "—"}
)
"""Hyphens and dashes the parser has not learnt, read as the ones it has: it tags HuffPost's
horizontal bar ("running the caucus for years ― Pelosi, Hoyer and Clyburn ― and they're all in
their 70s") as a noun and makes it the head of the sentence's claims, and a free-standing
U+2010 hyphen a verb; a box-drawing line stands for a dash too ("RICHMOND, Va. ─ Thousands of
..."). One character for one, so every offset into the text holds."""
DASHES = frozenset({"—", "–", "--"})
"""Dashes after which no sentence starts: a dateline's ("RICHMOND, Va. (AP) — Tens of thousands
...", which the parser made a sentence, and a fact, of its own) or an interruption's."""
SENTENCE_CONTINUATIONS = "storylens_sentence_continuations"
ABBREVIATIONS = (
    "Reps.", "Sens.", "Govs.", "Lt.", "Col.", "Sgt.", "Capt.", "Maj.", "Cmdr.", "Atty.", "Supt.", "Dist.",
    "Wisc.", "Tex.", "Wyo.", "Vt.",
)  # fmt: skip
"""Titles and US states that news abbreviates and `en_core_web_sm`'s tokenizer does not know: it
splits "Reps." into "Reps" and a full stop, and the parser ended a sentence there ("Reps." stood
as a fact of its own). Its own list has "Rep.", "Sen.", "Gov.", "Gen.", "Calif." and the like."""
STATES = frozenset(
    "Ala. Ariz. Ark. Calif. Colo. Conn. Del. Fla. Ga. Ill. Ind. Kan. Ky. La. Md. Mass. Mich. Minn. Miss. Mo. "
    "Mont. Neb. Nev. N.H. N.J. N.M. N.Y. N.C. N.D. Okla. Ore. Pa. R.I. S.C. S.D. Tenn. Tex. Vt. Va. Wash. "
    "W.Va. Wis. Wisc. Wyo. D.C.".split()
)
"""US states as news abbreviates them."""
TITLES = frozenset("Gov. Govs. Sen. Sens. Rep. Reps. Lt. Atty. Gen. Mayor Governor Senator Representative".split())
"""Titles that follow a state's abbreviation in one name: "Ariz. Gov. Jan Brewer". After a city
("in Albany, N.Y. Gov. Andrew Cuomo said …") the state may end the sentence, and the parser decides."""
SPEAKING = frozenset(
    "said says asked asks added adds continued continues told tells wrote writes replied replies declared declares "
    "demanded demands shouted shouts exclaimed insisted insists noted notes explained explains recalled recalls "
    "responded responds countered counters quipped joked tweeted warned warns argued argues concluded wondered "
    "pressed interjected acknowledged admitted".split()
)
"""Verbs that, after a name, say who spoke the quotation before them: "… ?” Akin continued."."""
SPEAKER_WORDS = 5
"""Words of a speaker's name and title at most: "Senate Majority Leader Harry Reid said"."""
AFTER_SPEAKING = 4
"""Words after the verb at most, none of them a verb: "Obama said in a statement.", "said on Tuesday."."""
APPOSITIVE_WORDS = 8
"""Words at most of an aside between commas that says who a speaker is: ", the House general counsel,"."""


class ModelNotInstalled(Exception):
    """The configured spaCy package is not installed in this environment."""


@Language.component(SENTENCE_CONTINUATIONS)
def sentence_continuations(doc: Doc) -> Doc:
    """Keep a lower-case word in the sentence before it; the parser keeps a boundary set before it runs.

    The parser ends sentences where edited news never does: after a quotation that closes on "!",
    "?" or "." ("“I have a problem!” he declared." leaves "he declared." a fact of two words, and
    the quotation without its speaker), after a state's abbreviation before a title ("calling for
    Ariz. Gov. Jan Brewer to veto" left "Gov. Jan Brewer to veto" a fact that no longer says who
    called), after a dateline's dash ("RICHMOND, Va. (AP) —" stood as a fact of its own), after
    an abbreviated state in brackets ("Representative
    Paul Ryan (R-Wisc.) to task for his misuse …" left "to task for his misuse …" a fact that no
    longer says who did what), after "Calif." or an ellipsis, and inside a quotation cut by a
    dash or a bracket. A sentence that starts on a lower-case word is such a piece. Only where a
    full stop, "!" or "?" closes a lower-case word, outside a quotation, is the boundary the
    parser's to choose: text written all in lower case still has sentences. A quotation's speaker
    named after it stays with it too ("“Why can't Mitt Romney run his race?” Akin continued.").
    """
    for i in range(1, len(doc)):
        if doc[i].text in TITLES and doc[i - 1].text in STATES and (i < 2 or doc[i - 2].text != ",") or doc[i - 1].text in DASHES:
            doc[i].is_sent_start = False
    for i in range(2, len(doc)):
        if doc[i - 1].text in CLOSING_QUOTES and doc[i - 2].text in QUOTE_ENDS and _names_its_speaker(doc, i, doc[i - 2].text != "."):
            doc[i].is_sent_start = False
    for i in range(1, len(doc)):
        if not (doc[i].is_alpha and doc[i].is_lower):
            continue
        start = i
        while start > 1 and doc[start - 1].text in OPENING_MARKS:
            start -= 1
        before, quoted = start - 1, False
        while before > 0 and doc[before].text in CLOSING_MARKS:
            quoted = quoted or doc[before].text in CLOSING_QUOTES
            before -= 1
        ends_a_word = doc[before].text in QUOTE_ENDS and before > 0 and doc[before - 1].is_lower
        if quoted or not ends_a_word:
            for token in doc[start : i + 1]:
                token.is_sent_start = False
    return doc


def _names_its_speaker(doc: Doc, start: int, asked: bool = False) -> bool:
    """Whether the words from `start` are a capitalised name and a verb of speaking that end the
    sentence ("Akin continued.", "Mr. Obama said in a statement."): who spoke the quotation before
    them, not a sentence of their own. "Obama said the bill failed." is one of its own. After a
    question or an exclamation (`asked`) the name and the verb are enough: "“Have you gone
    today?” Bachmann asked her followers on what became an unofficial “Chick-fil-A Appreciation
    Day.”" asks the quotation, and cut from it was a summary's "Bachmann asked her followers on
    what became ...", which says nothing she asked."""
    if not doc[start].text[:1].isupper():
        return False
    verb = _speaking_verb(doc, start)
    if verb is None:
        return False
    if asked:
        return True
    for after in range(verb + 1, min(verb + AFTER_SPEAKING + 2, len(doc) + 1)):
        if after == len(doc) or doc[after].text in QUOTE_ENDS or doc[after].text == ",":
            return True
        if doc[after].tag_.startswith(("VB", "MD")):
            return False
    return False


def _speaking_verb(doc: Doc, start: int) -> int | None:
    """Where the verb of speaking is after a name in capitals at `start` (its title included,
    `SPEAKER_WORDS` at most), an aside set off by commas with no verb in it that says who the
    speaker is (`APPOSITIVE_WORDS` at most) and an adverb: "Douglas Letter, the House general
    counsel, reportedly said." (a NeuS source, whose question had been left a speaker of its own
    and a summary's sentence); None when the words are no such speaker."""
    limit = min(start + SPEAKER_WORDS + 1, len(doc))
    at = start + 1
    while at < limit and doc[at].lower_ not in SPEAKING and (doc[at].text[:1].isupper() or doc[at].text in {".", "-"}):
        at += 1
    if at < len(doc) and doc[at].text == ",":
        closing = next((i for i in range(at + 1, min(at + APPOSITIVE_WORDS + 2, len(doc))) if doc[i].text == ","), None)
        if closing is None or any(doc[i].tag_.startswith(("VB", "MD")) for i in range(at + 1, closing)):
            return None
        at = closing + 1
    if at < len(doc) and doc[at].tag_ == "RB" and doc[at].lower_.endswith("ly"):
        at += 1
    return at if at < len(doc) and doc[at].lower_ in SPEAKING else None


@lru_cache(maxsize=4)
def load_pipeline(name: str, sentence_rules: bool = True) -> Language:
    """The pipeline with the parser (sentences, attributions) and NER; loaded once per process.
    `sentence_rules`: with the product's reading of where sentences end (`ABBREVIATIONS`,
    `SENTENCE_CONTINUATIONS`); the tagger's training reads the parser's own, as it was trained on."""
    try:
        nlp = spacy.load(name)
    except OSError:
        raise ModelNotInstalled(
            f"spaCy model {name!r} is not installed; install the pinned package from requirements.lock"
        ) from None
    if sentence_rules:
        tokenizer = nlp.tokenizer
        assert isinstance(tokenizer, Tokenizer), "a spaCy pipeline's own tokenizer"
        for abbreviation in ABBREVIATIONS:
            tokenizer.add_special_case(abbreviation, [{ORTH: abbreviation}])
        if "parser" in nlp.pipe_names:
            nlp.add_pipe(SENTENCE_CONTINUATIONS, before="parser")
    return nlp

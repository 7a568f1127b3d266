"""Who a sentence says said it: "KCNA said", "according to Russian media", "officials have said".

A fact that every outlet reports only as someone's claim is a claim, not a fact, and the
summary must keep the attribution.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from storylens.framing.placement import QUOTE_FAMILY, quote_marks, speech_regions

REPORTING_VERBS = frozenset(
    "say tell report announce claim state add insist warn deny confirm allege write "
    "quote tweet accuse argue suggest believe estimate".split()
)
SPEECH_ONLY_VERBS = frozenset("declare demand shout exclaim reply explain acknowledge admit continue post".split())
"""Verbs that report speech only with what was said beside them: a quotation ("“Who are you?” the
congressman demands", "“… run mine?” Akin continued") or a clause ("declared that the talks had
failed"). Without it they are acts: "the governor declared a state of emergency" is no one's
claim but the outlet's, "Prices continued to rise in March, the agency said" is the agency's, not
the prices', and "The group posted a video" names no source. Not "ask": "asked Clinton to talk
to Sestak" is a request, and a question states nothing."""
SUBORDINATE = frozenset({"advcl", "relcl", "acl"})
"""Dependencies of a clause that hangs off another: when, as, after ... and relative clauses."""
MAX_SOURCE_WORDS = 8
FINITE_TAGS = frozenset({"VBD", "VBZ", "VBP"})
"""Penn tags of a finite verb: "said", "says", "say"."""
PRONOUNS = frozenset("he she they it we i you this that who which".split())


def attribution_of(sentence: Span) -> str | None:
    """The named source of the sentence, or None when the outlet states it in its own voice. A
    verb of saying inside a quotation is part of what was said: in "“Trump says he wants to run
    the nation like his business,” Mr. Bloomberg said" the source is Bloomberg, and in a
    quotation that runs on into the next sentence ("“Trump says ...? God help us,” said
    Bloomberg") it is none of the sentence's words. Nor is a speaker ever inside the quotation,
    where the parser may find a second subject for the verb ("“... record of bankruptcies,
    thousands of lawsuits ...,” Bloomberg said")."""
    regions = speech_regions(sentence.text)

    def quoted(token: Token) -> bool:
        return any(start <= token.idx - sentence.start_char < end for start, end in regions)

    for token in sentence:
        if quoted(token):
            continue
        if token.lower_ == "according" and token.i + 1 < len(token.doc) and token.nbor().lower_ == "to":
            objects = [c for c in token.nbor().children if c.dep_ == "pobj"]
            if objects:
                return _source_phrase(objects[0])
        if token.pos_ == "VERB" and not _its_own_clause(token) and (token.lemma_.lower() in REPORTING_VERBS or _reports_speech(token, sentence)):
            subjects = _inverted_subject(token, sentence) or [c for c in _speakers(token) if not quoted(c)]
            if subjects and subjects[0].lower_ not in PRONOUNS:
                return _source_phrase(subjects[0])
    return None


def _its_own_clause(verb: Token) -> bool:
    """Whether the verb is in a clause that hangs off another and says what it reports itself:
    "President Obama and Speaker Boehner met at the White House as a top Republican senator
    suggested that his party should accede" is the outlet's report of the meeting, not the
    senator's ("Attributed to: top Republican senator" stood beside the meeting), and so is "The
    talks collapsed when the minister said that no deal was possible". Without a clause of its
    own, "…, as Reuters reported on Monday" reports the sentence it hangs off."""
    return verb.dep_ in SUBORDINATE and any(child.dep_ == "ccomp" for child in verb.children)


def _speakers(verb: Token) -> list[Token]:
    """Who the verb of saying says spoke: its subject, or, where the verb is passive, the agent
    ("was confirmed by two officials"). A passive's subject is who was told or accused, or what
    was reported: "Some people were told that they would meet an official" names no source, and
    "The suspect was accused of fraud" is no claim of the suspect's. Only one who "was quoted as
    saying" spoke."""
    if not any(child.dep_ in ("nsubjpass", "auxpass") for child in verb.children):
        return [child for child in verb.children if child.dep_ == "nsubj"]
    if verb.lemma_.lower() == "quote":
        return [child for child in verb.children if child.dep_ == "nsubjpass"]
    return [word for child in verb.children if child.dep_ == "agent" for word in child.children if word.dep_ == "pobj"]


def _inverted_subject(verb: Token, sentence: Span) -> list[Token]:
    """The speaker of a verb of saying set off between commas after what was said began, "Her
    comments, said Josh Earnest, the White House press secretary, are ...": the name right after
    the verb, which the parser may have taken for the subject of the clause ("Earnest ... are"),
    leaving "comments" as the subject of "said". Empty where the verb is not set off so, or is
    no finite verb: ", saying such a session could ..." tells what the subject said."""
    doc = verb.doc
    after = verb.i + 1
    if verb.i == sentence.start or doc[verb.i - 1].text != "," or verb.tag_ not in FINITE_TAGS:
        return []
    if after >= sentence.end or doc[after].pos_ not in ("PROPN", "DET", "NOUN"):
        return []
    chunk = next((c for c in sentence.noun_chunks if c.start == after), None)
    return [chunk.root] if chunk is not None else []


def _source_phrase(head: Token) -> str | None:
    """The source's words, less a leading article and a relative clause that says what the source
    did besides ("said Senator Jane Ruiz, who chairs the committee", "said Bloomberg, who added
    that ..."); a bracket opened inside them is closed ("Rep. Hank Johnson (D-Ga.)"). A source
    described at more length than `MAX_SOURCE_WORDS` is named by the words up to its head ("Brendan
    Buck" of "Brendan Buck, spokesman for House Speaker John Boehner (R-Ohio)"): the sentence is
    still someone's claim, not the outlet's."""
    besides = {t.i for clause in head.subtree if clause.dep_ == "relcl" for t in clause.subtree}
    words = [t for t in head.subtree if t.i not in besides and (not t.is_punct and t.dep_ != "det" or t.dep_ == "poss")]
    if len(words) > MAX_SOURCE_WORDS:
        words = [t for t in words if t.i <= head.i]
    if not words or len(words) > MAX_SOURCE_WORDS:
        return None
    doc, end = head.doc, words[-1].i + 1
    phrase = doc[words[0].i : end].text
    if phrase.count("(") > phrase.count(")") and end < len(doc) and doc[end].text == ")":
        phrase = doc[words[0].i : end + 1].text
    return phrase


def _reports_speech(verb: Token, sentence: Span) -> bool:
    """An active verb of `SPEECH_ONLY_VERBS` with what was said: a clause, or a quotation beside
    it while the verb has no object ("demanded the release of the “Cuban Five”" is a demand, not a
    report). A passive names who was acted on, not who spoke: "he was declared the winner".
    Quotations are those in double marks, as `framing.placement` reads them."""
    if verb.lemma_.lower() not in SPEECH_ONLY_VERBS or any(child.dep_ in ("nsubjpass", "auxpass") for child in verb.children):
        return False
    if any(child.dep_ == "ccomp" for child in verb.children):
        return True
    text = sentence.text
    quoted = any(QUOTE_FAMILY[text[i]] == '"' for i in quote_marks(text))
    return quoted and not any(child.dep_ in ("dobj", "obj", "xcomp") for child in verb.children)

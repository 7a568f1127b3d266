"""Wordings of a fact: a member sentence, whole or cut to the claims that several outlets state.

A fact is cited only to the outlets that state every claim of its wording (`compare.support`).
Two outlets often tell the same thing in sentences that each add something of their own: "Kim is
heading back to North Korea by bulletproof train, with KCNA saying the leader 'starts his way
home after bringing about a new radical turn in the history of the development of the
DPRK-Russia relations'" and "Mr Kim began his journey back to North Korea aboard his armoured
train from the Primorye region". Neither whole sentence is stated by both, so a whole-sentence
fact is single-source, and the reader never learns that both outlets report the train. Cut after
"starts his way home", the first states what both say.

A sentence is cut only before a claim that heads a clause of its own, coordinated, adverbial,
relative or after a preposition ("and offered to send", "after bringing about", "that would
advance"): what is kept then reads as a sentence, and no claim left out sits inside it. A
complement ("Kim said his country would make ties with Russia its priority") completes its verb,
and a sentence cut before it says less than it seems to, so it is never cut off; nor is a
relative clause that restricts a noun the kept words need it for ("not to disclose information
[that might interfere with the investigation]"). A leading
adverbial clause ("While meeting Kim, ...") may be left out the same way, and so may an aside
inside the sentence, a participle phrase set off by commas ("Arizona Sheriff Joe Arpaio, known for
his tough stances on illegal immigration, endorsed Rick Perry"). Captions are
wordings too: "Kim Jong Un visits the Far Eastern Federal University" may be the only sentence
of a fact that both outlets state in full; the position notes of a photo, "(left)", are dropped.

A sentence that names its source at its end ("..., Russia's state news agency RIA said") or in a
trailing clause ("..., with KCNA saying the leader 'starts his way home'") may also be cut before
it: an outlet that names another source, or none, states the rest but not that this source said
it (`support.names_source`), and is cited only for the wording without it. Where every outlet
names the source, the wording that keeps it wins.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from storylens.analyze.quantities import WEEKDAYS, same_value
from storylens.compare.summary_hygiene import (
    DAY_NAMES,
    first_word,
    is_fragment,
    leans_on_before,
    strip_dateline,
    unattributed_speech,
    unfinished,
    with_its_opening_mark,
)
from storylens.compare.support import claims, source_word
from storylens.framing.placement import open_quotation, quote_marks
from storylens.model import Claim, ClauseKind, FramingSpan, Role, Sentence, SentenceRef

JOINING_WORDS = frozenset({"and", "but", "or", "as", "while", "whereas", "with", "which", "who", "where", "not"})
"""Words a cut text may end on, left over from the clause cut off: dropped with it."""
CUTTABLE: frozenset[ClauseKind] = frozenset({"coordinated", "adverbial", "relative", "parataxis", "prepositional", "participial"})
"""Clauses a sentence reads whole without."""
STANDING: frozenset[ClauseKind] = frozenset({"main", "coordinated", "complement", "parataxis"})
"""Clauses that can stand as a sentence: a cut keeps one. Where the parse found none ("The report,
commissioned in the wake of the shooting, recommended ..." read as two participles), a cut would
be a fragment: "The report, commissioned in the wake of the shooting."; so where it read no verb
as the sentence's head ('verbless'): "Thousands of gun-rights activists, banned." had been a NeuS
summary's sentence, cited to two outlets."""
COMPLETING = frozenset({"of", "for", "about", "than"})
"""Prepositions that open what the word before them needs ("accused of lying", "called for
lifting", "talked about running"), unlike those of a phrase that only adds when, where, how or why
("after meeting", "since entering", "by talking", "to see if": "to", "on", "at", "with" open both
kinds, and are left to the parse); and "than", which ends a comparison: "will start paying out
more in benefits" is no claim of "... more in benefits than it absorbs in taxes" (a BASIL 2011
summary's, cited to all three outlets)."""
AIMING_NOUNS = frozenset(
    {
        "push", "drive", "bid", "effort", "efforts", "attempt", "attempts", "plan", "plans", "move", "campaign", "call",
        "calls", "decision", "pledge", "promise", "threat", "proposal", "request", "offer", "demand", "right", "ability",
        "chance", "need", "way",
    }
)  # fmt: skip
"""Nouns of an aim whose "to" clause says what the aim is: "launched their push [to bring a vote
on restoring net neutrality protections to the Senate floor]" (a NeuS summary had told "Senate
Democrats on Wednesday formally launched their push."), "a bid [to block the merger]". A thing
made for an aim is a thing still: "passed legislation [to investigate hate crimes]" may be cut,
and two outlets that report the vote on it both state "The House on Tuesday passed legislation."."""
DAY_WORDS = frozenset(day.lower() for day in WEEKDAYS) | {"today", "yesterday", "tonight"}
"""Words of when that may stand between a noun and what completes it: "launched a drive Wednesday [to force a vote]"."""
RELATIVE_PRONOUNS = frozenset({"who", "whom", "whose", "which", "that"})
"""Words that open a relative clause. One that follows its noun with no comma restricts it, and a
cut before it tells of more than the restricted noun: harmless where what holds of some holds
("taking food to communities [that could not be reached by road]"), not under the words below."""
RESTRICTED_UNDER = frozenset({"not", "n't", "no", "never", "only", "all", "every", "any", "without", "nor", "same"})
"""Words under which a noun's restriction carries the meaning: "warning them not to disclose
information [that might interfere with the inquiry]", "applies only to acts of terrorism [that
occur on U.S. soil]", "receive the same tax benefits [that married couples do]"."""
LIGHT_NOUNS = frozenset({"time", "way", "people", "thing", "things", "one", "ones", "those", "something", "someone", "anyone", "state", "place", "kind", "sort", "point"})
"""Nouns that say little until a relative clause says which: "at a time [that ...]", "extended
jobless benefits for people [who have been unemployed for long stretches]"."""
MIN_CUT_LEMMAS = 4
"""Content words a cut must keep to be worth telling: not "Kim is heading home"."""
_CLAUSE_BREAK = re.compile(r"[,;:–—(]|\s--?\s")
_BARE_APPOSITIVE = re.compile(r"(?:,|\s*[—–]|\s--)\s+an?\s+[a-z]+$")
"""A cut's last words when they are a noun the clause cut off described: "revealed her position on
same-sex marriage, a topic" (she has kept quiet about), "without consulting the White House — a
move" (that ...); alone it says nothing."""
_DASH = re.compile(r"\s*(--|—|–)")
_NEXT_WORD = re.compile(r"\s*[“‘\"']?(\w+)")
_SET_OFF_NAME = re.compile(r"\b[a-z][\w'’-]*(?:,|\s+and)\s+[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){0,2}$")
"""A name after a common word and a comma or "and": "made appeals to the middle class, Biden",
"... to protect programs in the federal budget and Ryan"."""
_LEADING_BREAK = re.compile(r"[\s,;:–—-]*")
"""What closes a leading clause before the sentence goes on: its comma and the spaces."""
_TRAILING = re.compile(r"[\s,;:–—(-]+$")
_PHOTO_NOTE = re.compile(
    r"\s*\((?:left|right|centre|center|front|back|top|bottom|[LRC]|\d+(?:st|nd|rd|th|d)?-[LRC]|pictured[^)]*|seen[^)]*)\)",
    re.IGNORECASE,
)
"""'(left)', '(R)', '(2nd-L)', '(pictured in the stands centre right)': where a person stands in a photo."""
_ENDED = re.compile(r"[.!?][’”\"']?$")
_SAYS = r"(?:has |have |had |also )?(?:said|says|reported|reports|added|adds|announced|stated|wrote|confirmed)(?: on \w+)?"
_SAID = re.compile(_SAYS + r"[.!]?[’”\"']?", re.IGNORECASE)
"""What follows a source that closes its sentence: ", RIA said.", ", the ministry announced on Monday."."""
_THAT = re.compile(r"that\s+", re.IGNORECASE)
_WEEKDAY = rf"(?:on\s+)?(?:{DAY_NAMES})"


@dataclass(frozen=True)
class Wording:
    """A sentence, or the part of it from `start` to `end` that states the claims `kept`, less the
    characters of `gap` (a participle phrase set off by commas inside it, with its first comma)."""

    sentence: Sentence
    kept: tuple[int, ...]
    """Indices of the sentence's claims (`support.claims`) that the wording states."""
    start: int
    end: int
    gap: tuple[int, int] | None = None

    @property
    def whole(self) -> bool:
        return len(self.kept) == len(claims(self.sentence)) and self.start == 0 and self.end == len(self.sentence.text)

    @property
    def part(self) -> str:
        """The sentence's own characters that the wording keeps."""
        text = self.sentence.text
        if self.gap is None:
            return text[self.start : self.end]
        return text[self.start : self.gap[0]] + text[self.gap[1] : self.end]

    @property
    def text(self) -> str:
        return closed(self.part, self.whole, self.sentence.quoted)

    def keeps(self, start: int, end: int) -> bool:
        """Whether the wording keeps the sentence's characters from `start` to `end`."""
        return self.start <= start and end <= self.end and (self.gap is None or end <= self.gap[0] or self.gap[1] <= start)

    def offset(self, position: int) -> int:
        """Where the sentence's character at `position`, which the wording keeps, stands in `part`."""
        skipped = self.gap[1] - self.gap[0] if self.gap is not None and position >= self.gap[1] else 0
        return position - self.start - skipped

    @property
    def source(self) -> str | None:
        """The word naming the sentence's source (`support.source_word`), when the wording keeps the attribution."""
        attribution = self.sentence.attribution
        at = self.sentence.text.rfind(attribution) if attribution else -1
        return source_word(self.sentence) if at >= 0 and self.keeps(at, at + 1) else None

    @property
    def drops_source(self) -> bool:
        """The sentence names its source and the wording leaves it out."""
        return source_word(self.sentence) is not None and self.source is None


def whole_wording(sentence: Sentence) -> Wording:
    """The sentence as it stands, every claim of it kept."""
    return Wording(sentence, tuple(range(len(claims(sentence)))), 0, len(sentence.text))


def wordings(sentence: Sentence) -> list[Wording]:
    """The whole sentence, then every cut of it that reads as a sentence (see the module's docstring)."""
    found = claims(sentence)
    whole = whole_wording(sentence)
    if len(found) < 2:
        return [whole, *_without_source(sentence, found)]
    firsts = [0] + ([1] if _opens_leading_clause(sentence.text, found[0]) else [])
    cuts = []
    for first in firsts:
        for last in range(first + 1, len(found) + 1):
            if (first, last) == (0, len(found)):
                continue
            kept = range(first, last)
            start = _after_leading_clause(sentence.text, found[0]) if first else 0
            end = len(sentence.text) if last == len(found) else max(found[k].end for k in kept)
            if sum(len(found[k].lemmas) for k in kept) >= MIN_CUT_LEMMAS and _cut_cleanly(found, kept, start, end, sentence.text):
                cuts.append(Wording(sentence, tuple(kept), start, end))
    made = [*(w for wording in [whole, *cuts] for w in (wording, *_without_asides(wording, found))), *_without_source(sentence, found)]
    # Someone's words without who said them read as the outlet's, or as no one's: "“Republicans and
    # Democrats have come together, along with the White House”." had been a NeuS summary's
    # sentence, cut from the quotation that Sen. Mitt Romney "told reporters".
    return [w for w in made if not (w.drops_source and unattributed_speech(w.text))]


def _without_asides(wording: Wording, found: list[Claim]) -> list[Wording]:
    """The wording less each participle phrase set off by commas inside it ("Arizona Sheriff Joe
    Arpaio, known for his tough stances on illegal immigration, endorsed Rick Perry"): the rest
    reads as a sentence, and an outlet that endorses the same news without the aside states it."""
    text = wording.sentence.text
    found_asides = []
    for k in wording.kept:
        claim = found[k]
        comma = text.rfind(",", 0, claim.start)
        gap = (comma, claim.end + 1)
        if (
            claim.clause == "participial"
            and comma > wording.start
            and not text[comma + 1 : claim.start].strip()
            and text[claim.end : claim.end + 1] == ","
            and claim.end + 1 < wording.end
            and not any(other.start < gap[1] and gap[0] < other.end for j, other in enumerate(found) if j != k and other.start > comma)
        ):
            kept = tuple(j for j in wording.kept if j != k)
            if sum(len(found[j].lemmas) for j in kept) >= MIN_CUT_LEMMAS:
                found_asides.append(Wording(wording.sentence, kept, wording.start, wording.end, gap))
    return found_asides


def _without_source(sentence: Sentence, found: list[Claim]) -> list[Wording]:
    """The sentence without the source it names: after "According to AFP," or "AFP reported
    that" opening it, with every claim; or up to ", RIA said." closing it, or up to the trailing
    clause the source speaks in ("with KCNA saying ..."), with the claims before that point.
    Nothing when the cut would leave a claim in half or drop words other than the source's."""
    attribution = sentence.attribution
    at = sentence.text.rfind(attribution) if attribution and source_word(sentence) else -1
    if at < 0 or not found:
        return []
    if (start := _after_leading_source(sentence.text, attribution or "", found[0].start)) is not None:
        # What describes the source ("U.S. Senator Cory Booker, who gained national prominence ...,
        # announced ...") goes with it: "Who gained national prominence ..." had been a NeuS
        # summary's sentence.
        if first_word(sentence.text[start:]) in RELATIVE_PRONOUNS:
            return []
        return [Wording(sentence, tuple(range(len(found))), start, len(sentence.text))]
    if at == 0:
        return []
    before = sentence.text[:at].rstrip()
    if before.endswith(",") and _SAID.fullmatch(sentence.text[at + len(attribution or "") :].strip()):
        end = len(before) - 1
    else:
        clause = next((c for c in sentence.clauses if 0 < c.start <= at < c.end), None)
        # The clause must be set off from what comes before it and open with the source (", with
        # KCNA saying ..."). A source deep inside it is someone the clause tells of ("disputed that
        # Democrats feel betrayed, saying that “the more who look at it, the more will say ...”"),
        # and a clause that follows its verb directly is what the verb says ("The board noted the
        # code of conduct says ..."): either cut would leave a verb without its object.
        if clause is None or len(sentence.text[clause.start : at].split()) > 1 or not _set_off(sentence.text, clause.start):
            return []
        end = clause.start
    kept = tuple(k for k, claim in enumerate(found) if claim.start < end)
    left_out = [claim for k, claim in enumerate(found) if k not in kept]
    if not kept or any(claim.start < end for claim in left_out) or sum(len(found[k].lemmas) for k in kept) < MIN_CUT_LEMMAS:
        return []
    return [Wording(sentence, kept, 0, end)]


def _set_off(text: str, start: int) -> bool:
    """Whether the words from `start` are set off from those before them: by a comma, a semicolon or
    a dash, with at most a joining word after it (", with", "-- as")."""
    before = text[:start].rstrip()
    words = before.split()
    if words and words[-1].lower() in JOINING_WORDS:
        before = before[: len(before) - len(words[-1])].rstrip()
    return before.endswith((",", ";", "—", "–", "--", " -"))


def _after_leading_source(text: str, attribution: str, first_claim: int) -> int | None:
    """Where the sentence's claims begin after a source that opens it and is all that comes
    before them ("According to AFP, police ...", "The Guardian reported on Monday that police
    ..."); None when the source does not open the sentence."""
    leading = re.compile(rf"(?:according to\s+)?(?:the\s+)?{re.escape(attribution)}(?:\s+{_SAYS})?(?:\s+{_WEEKDAY})?[\s,]*", re.IGNORECASE)
    if not leading.fullmatch(text[:first_claim]):
        return None
    # The day of the saying, which the parse may read into the first claim ("said Tuesday
    # Ginsburg's comments were ..."), goes with the source.
    day = re.compile(rf"{_WEEKDAY}\s+(?=\w)").match(text, first_claim)
    start = day.end() if day else first_claim
    that = _THAT.match(text, start)
    return that.end() if that else start


def _after_leading_clause(text: str, claim: Claim) -> int:
    """Where the sentence goes on after its leading clause and the comma that closes it: the
    words there are the sentence's own even when no claim holds them ("Posting on Facebook on
    Friday, Mary Cheney, who married her partner last year, wrote: ..." goes on at "Mary Cheney",
    whose verb of saying is no claim), so the cut keeps them rather than starting at the next claim."""
    closing = _LEADING_BREAK.match(text, claim.end)
    return closing.end() if closing else claim.end


def _opens_leading_clause(text: str, claim: Claim) -> bool:
    return claim.start == 0 and claim.clause in ("adverbial", "prepositional") and bool(_CLAUSE_BREAK.search(text[claim.end : claim.end + 3]))


def _cut_cleanly(found: list[Claim], kept: range, start: int, end: int, text: str) -> bool:
    """Every claim left out is a clause the sentence reads whole without, outside the kept text,
    and only such claims are left out after the kept words; the kept words hold a clause that
    stands (`STANDING`); no claim that follows the kept words directly completes them
    (`_completes`): "he called [for lifting the embargo]", "who is noted [for winning a
    dismissal]", "in hopes [of creating a team]" say nothing without it, "at a time [that ...]"
    neither; and the cut ends neither inside an interruption whose clause goes on after it
    (`_breaks_interruption`) nor on the subject of a clause the parse did not see."""
    left_out = [claim for index, claim in enumerate(found) if index not in kept]
    after = [claim for claim in left_out if claim.start >= end]
    if after:
        # Words that go straight on from the cut (no comma or dash between) up to the next claim
        # left out belong to the kept words' last claim, which the parse ended too soon: "gave Mr.
        # Obama [“this amazing opportunity”]". After a comma they may be a speaker (", he said,").
        between = text[end : min(claim.start for claim in after)]
        goes_on = re.match(r"\s*[\w“‘\"]", between) is not None
        if goes_on and any(word.lower() not in JOINING_WORDS for word in re.findall(r"\w+", between)):
            return False
        # A name after a common word, with the words left out going straight on, is the subject
        # of a clause the parse did not see: "appeals to the middle class, Biden [by pledging to
        # protect programs ...] and Ryan [by pledging ...]".
        if not between.strip() and _SET_OFF_NAME.search(text, start, end):
            return False
    return (
        any(found[k].clause in STANDING for k in kept)
        and not _breaks_interruption(text, start, end)
        and all(
            claim.clause in CUTTABLE
            and not (claim.start < end and claim.end > start)
            and not (claim.start >= end and not text[end : claim.start].strip() and _completes(claim, text, start, end))
            for claim in left_out
        )
    )


def _completes(claim: Claim, text: str, start: int, end: int) -> bool:
    """Whether a claim that follows the kept words (`start`, `end`) directly completes them: a
    preposition the word before needs (`COMPLETING`), a "to" clause saying what the noun before
    it is for (`AIMING_NOUNS`), or a relative clause whose restriction the kept words' last clause
    needs (`RESTRICTED_UNDER`, `LIGHT_NOUNS`)."""
    first = first_word(text[claim.start : claim.end])
    if first in COMPLETING:
        return True
    kept = re.findall(r"\w+", text[start:end].lower())
    while kept and kept[-1] in DAY_WORDS:
        kept.pop()
    if first == "to" and kept and kept[-1] in AIMING_NOUNS:
        return True
    if claim.clause != "relative" or first not in RELATIVE_PRONOUNS:
        return False
    # Only the last clause of the kept words governs the noun: "Frank said he would not run, and
    # he endorsed Markey, though the two fought over the redistricting process [that ...]".
    words = re.findall(r"\w+|n't", _CLAUSE_BREAK.split(text[start:end])[-1].lower())
    return bool(words) and (words[-1] in LIGHT_NOUNS or not RESTRICTED_UNDER.isdisjoint(words))


def _breaks_interruption(text: str, start: int, end: int) -> bool:
    """Whether the cut ends at a dash of an interruption whose clause goes on after it: the words
    after the closing dash are the kept clause's own unless a joining word opens a new one. Cut
    before "-- and beginning to explain -- yet another surveillance effort", "The administration
    found itself defending" loses its object; cut before "— and later found to be undocumented —
    to be expelled", "calling for all people arrested or detained" says something else."""
    opening = _DASH.match(text, end)
    if opening is None:
        return False
    dash = opening.group(1)
    # A dateline's dash ("DES MOINES – ...") opens no interruption.
    opened = len(text) - len(strip_dateline(text))
    if text.count(dash, max(start, opened), end) % 2:
        after = opening.end()
    elif (closing := text.find(dash, opening.end())) >= 0:
        after = closing + len(dash)
    else:
        return False
    word = _NEXT_WORD.match(text, after)
    return word is not None and word.group(1).lower() not in JOINING_WORDS


def closed(text: str, whole: bool, quoted: bool = False) -> str:
    """The text as a sentence: photo position notes dropped; a cut one without the joining word or
    comma it ended on, its open quotation closed and a full stop added; the first letter upper case.
    A whole sentence that opens a quotation the next one goes on with ("“We’ve done it in the past
    and we’ll do it again.") has it closed too: alone, as a fact or in the summary, its speaker's
    words must not run on into the outlet's. Likewise one that begins inside a quotation opened a
    sentence before has it opened ('"God help us," said Bloomberg', `with_its_opening_mark`), and
    one wholly inside a quotation (`quoted`: "I couldn’t agree more.", the middle of a speaker's
    paragraph) is put between marks, or it would read as the outlet's own words. (Single marks
    are left as they are: "’" is as often an apostrophe.)"""
    text = _PHOTO_NOTE.sub("", text).strip()
    if whole:
        text += open_quotation(text) or ""
    else:
        text = _BARE_APPOSITIVE.sub("", _TRAILING.sub("", text))
        words = text.split()
        while len(words) > 1 and words[-1].lower() in JOINING_WORDS:
            words.pop()
        text = _TRAILING.sub("", " ".join(words))
        if text.count("‘") > text.count("’"):
            text += "’"
        text += open_quotation(text) or ""
        if not _ENDED.search(text):
            text += "."
    text = with_its_opening_mark(text)
    if quoted and not quote_marks(text):
        text = f"“{text[:1].upper()}{text[1:]}”"
    return text[:1].upper() + text[1:]


def own_voice_spans(ref: SentenceRef, spans: list[FramingSpan], wording: Wording | None = None) -> list[FramingSpan]:
    """Loaded spans inside the sentence (inside the wording's part, when given) that are the
    outlet's words, not a quoted speaker's (hedges are not loaded)."""
    return [
        s
        for s in spans
        if s.article_id == ref.article_id
        and ref.start <= s.start
        and s.end <= ref.end
        and (wording is None or wording.keeps(s.start - ref.start, s.end - ref.start))
        and not s.quoted
        and s.kind.loaded
    ]


def unshared_details(wording: Wording, others: list[Sentence]) -> int:
    """Names and figures in the wording that the other outlets' sentences of the fact do not give."""
    keys = {e.key for o in others for e in o.entities}
    quantities = [q for o in others for q in o.quantities]
    missing = sum(1 for e in wording.sentence.entities if wording.keeps(e.start, e.end) and e.key not in keys)
    return missing + sum(
        1 for q in wording.sentence.quantities if wording.keeps(q.start, q.end) and not any(same_value(q, o) for o in quantities)
    )


def neutral_wording(
    candidates: list[tuple[Wording, SentenceRef]],
    spans: list[FramingSpan],
    loaded_rate: dict[str, float],
    backers: Callable[[Wording], int] = lambda _: 0,
) -> tuple[Wording, str]:
    """The wording that the most outlets stand behind, in the least loaded words, and its text.

    Preference, in order: a statement over a fragment (a verbless caption, a byline); a sentence
    of the body the way its outlet finished it over one a feed cut off, when a cut of it ends
    before the break ("... converged on the home of Tucker Carlson on Wednesday night while
    chanting “Racist scumbag, leave town!” and", a NeuS source's last words); the wording
    whose every claim the most outlets state (`backers`: a fact is cited only to them); the fewest
    claims left out; the one that keeps who said it; a body sentence over a caption; a sentence that stands alone over one
    that opens on 'But' or 'He' or lies inside a quotation; fewest loaded spans; fewest names and figures the other outlets
    do not give (a summary sentence must not smuggle one outlet's detail under another's
    citation); the outlet with less loaded language overall; the shorter wording. Spans left in
    the chosen wording are replaced by their neutral alternatives, unless the sentence reports
    what someone said: a reported statement keeps its speaker's words.
    """

    def cost(item: tuple[Wording, SentenceRef]) -> tuple[bool, bool, int, int, bool, bool, bool, int, int, float, int]:
        wording, ref = item
        others = [w.sentence for w, r in candidates if r.outlet != ref.outlet]
        text = strip_dateline(wording.text)
        return (
            is_fragment(text),
            wording.sentence.role != Role.CAPTION and unfinished(text),
            -backers(wording),
            len(claims(wording.sentence)) - len(wording.kept),
            wording.drops_source,
            wording.sentence.role == Role.CAPTION,
            leans_on_before(text) or wording.sentence.quoted,
            len(own_voice_spans(ref, spans, wording)),
            unshared_details(wording, others),
            loaded_rate[ref.outlet],
            len(text),
        )

    chosen, ref = min(candidates, key=cost)
    part = chosen.part
    rewritable = [] if chosen.sentence.attribution else own_voice_spans(ref, spans, chosen)
    for span in sorted(rewritable, key=lambda s: -s.start):
        if span.neutral:
            offset = chosen.offset(span.start - ref.start)
            part = part[:offset] + span.neutral + part[offset + len(span.text) :]
    return chosen, closed(part, chosen.whole, chosen.sentence.quoted)

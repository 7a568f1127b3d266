"""The typed records every pipeline stage reads and writes.

Stages talk only through these records, and the store persists them, so a run can stop and
resume and a new article joins its story without recomputing the rest. They are pydantic models
because the report's JSON is the `StoryReport` record itself: one definition gives the Python
types, the JSON round trip and the published JSON Schema.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from datetime import datetime
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

REPORT_SCHEMA_VERSION = 6
"""Version of the JSON report layout; bump it when a field changes meaning or disappears."""


class Record(BaseModel):
    """Base of all records: no unknown fields, so a typo in a producer fails loudly."""

    model_config = ConfigDict(extra="forbid")


class Role(StrEnum):
    """Where a piece of text sits in its article; captions never count as body facts."""

    HEADLINE = "headline"
    STANDFIRST = "standfirst"
    BODY = "body"
    CAPTION = "caption"


class Outlet(Record):
    name: str
    domain: str | None = None
    guessed: bool = Field(
        default=False,
        description="True when no outlet was given or found and the name was made from the file name.",
    )
    country: str | None = Field(default=None, description="Home country (ISO 3166-1 alpha-2), where the outlet table knows it.")
    kind: str | None = Field(
        default=None,
        description="'wire', 'broadsheet', 'tabloid', 'public broadcaster', 'state broadcaster', 'broadcaster', 'magazine' "
        "or 'digital', where the outlet table knows it.",
    )

    @property
    def wire(self) -> bool:
        """A news agency whose copy other outlets carry (AP, Reuters, AFP, ...)."""
        return self.kind == "wire"


class OutletInfo(Record):
    """What a user tells storylens about an outlet (`storylens outlets import`): storylens ships no
    ratings, so a lean is whatever scale the user chose."""

    name: str
    domains: list[str] = Field(default_factory=list, description="Registered domains whose pages are this outlet's.")
    lean: str | None = Field(default=None, description="The user's lean label: 'left', 'centre', 'right', or their own scale.")
    country: str | None = None
    owner: str | None = None
    kind: str | None = Field(default=None, description="'wire', 'tabloid', 'broadsheet', 'public broadcaster', ...: the user's word.")


class Article(Record):
    """One outlet's article, as read from its source, before any analysis."""

    id: str = Field(description="Stable id: a hash of the outlet and the normalised text.")
    outlet: Outlet
    title: str
    standfirst: str = ""
    byline: str | None = None
    body: list[str] = Field(description="Body paragraphs, boilerplate removed.")
    captions: list[str] = Field(default_factory=list, description="Image captions, kept apart from the body.")
    url: str | None = None
    published: datetime | None = None
    language: str = "en"
    source: str = Field(description="Where it came from: a file path, with a record locator for multi-record files.")

    def sections(self) -> list[tuple[Role, str]]:
        """The article's blocks in the order of `text`, each with its role."""
        blocks: list[tuple[Role, str]] = [(Role.HEADLINE, self.title)]
        if self.standfirst:
            blocks.append((Role.STANDFIRST, self.standfirst))
        blocks += [(Role.BODY, p) for p in self.body]
        blocks += [(Role.CAPTION, c) for c in self.captions]
        return blocks

    @property
    def text(self) -> str:
        """The canonical text all character offsets (sentences, framing spans) point into."""
        return SECTION_SEPARATOR.join(block for _, block in self.sections())

    @property
    def body_words(self) -> int:
        return sum(len(p.split()) for p in self.body)


SECTION_SEPARATOR = "\n\n"


def normalise_text(text: str) -> str:
    """Text reduced to what identifies an article: NFKC, lower case, single spaces."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text)).strip().lower()


def article_id(outlet_name: str, title: str, body: list[str]) -> str:
    """Same outlet and same text give the same id, which makes ingest idempotent."""
    key = normalise_text(outlet_name) + "\x00" + normalise_text(title + " " + " ".join(body))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:20]


def text_key(title: str, body: list[str]) -> str:
    """A hash of the text alone, without the outlet: the order in which undated articles are
    clustered, so that their stories never depend on the outlet or file names they came with."""
    return hashlib.sha256(normalise_text(title + " " + " ".join(body)).encode("utf-8")).hexdigest()[:20]


class Problem(Record):
    """An input that could not be read; ingest reports it and goes on with the rest."""

    source: str = Field(description="The file, with a record locator where the file holds many.")
    reason: str


class Entity(Record):
    text: str
    label: str = Field(description="spaCy label: PERSON, ORG, GPE, LOC, NORP, FAC, EVENT, ...")
    key: str = Field(description="Normalised form used to match the entity across outlets.")
    start: int = Field(description="Character offset in the sentence.")
    end: int


class QuantityKind(StrEnum):
    COUNT = "count"
    DURATION = "duration"
    DISTANCE = "distance"
    MONEY = "money"
    PERCENT = "percent"
    DATE = "date"
    WEEKDAY = "weekday"


class Quantity(Record):
    """A number, duration, distance, date or weekday, reduced to a comparable value."""

    kind: QuantityKind
    value: float = Field(description="In the unit below: days, km, the currency, a count, ...; weekdays 0=Monday.")
    unit: str = ""
    approximate: bool = Field(default=False, description="'nearly a week', 'about 300', 'roughly 5,000 miles'.")
    subject: str | None = Field(
        default=None, description="What is counted or measured, as a lemma: 'drone'; for a duration, what lasts it, as a stem: 'suspend'."
    )
    text: str
    start: int = Field(description="Character offset in the sentence.")
    end: int


class Clause(Record):
    """A part of a sentence that states something of its own ("highlighted by a summit with Putin on
    Wednesday"), so that one long sentence can support two facts."""

    start: int = Field(description="Character offset in the sentence.")
    end: int
    lemmas: list[str] = Field(default_factory=list)


ClauseKind = Literal[
    "main", "verbless", "coordinated", "adverbial", "complement", "relative", "parataxis", "prepositional", "participial"
]


class Claim(Record):
    """One statement a sentence makes: a predicate with its own arguments ("Putin accepted an
    invitation to visit North Korea"), apart from the other statements of the sentence ("offered to
    send one of its nationals to space"). Another outlet states the sentence only if it states each
    of its claims; a similar sentence is not enough."""

    start: int = Field(description="Character offset in the sentence of the claim's first word.")
    end: int = Field(description="Character offset in the sentence just past its last word.")
    action: str = Field(description="Lemma of the predicate: 'accept', 'offer'; the head noun of a verbless line.")
    lemmas: list[str] = Field(
        default_factory=list, description="Content-word lemmas of the claim's own words, not of the claims inside it."
    )
    clause: ClauseKind = Field(
        default="main",
        description="How its predicate joins the sentence: 'main', 'verbless' (the sentence's head is no verb: a "
        "headline, a caption, or a parse that found none, 'Thousands of activists, banned ...'), 'coordinated', "
        "'adverbial', 'complement', 'relative', 'parataxis', 'prepositional' ('since entering Russia') or "
        "'participial' (', highlighted by a summit on Wednesday,'). A complement completes its verb and is never cut "
        "off it.",
    )

    subject: tuple[int, int] | None = Field(
        default=None, description="Character offsets in the sentence of the claim's own subject: who or what it is about."
    )
    predicate_lemmas: list[str] = Field(
        default_factory=list,
        description="Content-word lemmas of what it says of its subject: its own words less the subject's.",
    )

    def holds(self, part: Entity | Quantity) -> bool:
        """Whether the name or figure lies within the claim's words (both in sentence offsets)."""
        return self.start <= part.start and part.end <= self.end


class Sentence(Record):
    article_id: str
    position: int = Field(description="Index of the sentence in its article, from 0.")
    text: str
    start: int = Field(description="Character offset in the article's canonical text.")
    end: int
    role: Role
    entities: list[Entity] = Field(default_factory=list)
    quantities: list[Quantity] = Field(default_factory=list)
    attribution: str | None = Field(default=None, description="Who the sentence says said it: 'KCNA', 'Russian media'.")
    quoted: bool = Field(
        default=False,
        description="The whole sentence lies inside a quotation: someone's words, whose speaker another sentence names.",
    )
    speaker: str | None = Field(
        default=None,
        description="Of a quoted sentence: the speaker named where its quotation closes or opens, or in the sentence right "
        "after or before it.",
    )
    lemmas: list[str] = Field(default_factory=list, description="Content-word lemmas, lower case, for matching.")
    clauses: list[Clause] = Field(default_factory=list, description="Subordinate and coordinated clauses, when it has any.")
    claims: list[Claim] = Field(default_factory=list, description="The statements it makes, each to be matched on its own.")
    tone: float | None = Field(
        default=None, description="VADER compound score: -1 negative, 0 neutral, 1 positive; None when not analysed."
    )
    subjectivity: float | None = Field(
        default=None, description="TextBlob (Pattern lexicon) subjectivity: 0 factual to 1 opinion; None when not analysed."
    )


ANALYSIS_VERSION = 14
"""The version of what the analyze stage makes of an article (its sentences, figures, claims and
spans). Raised whenever a change makes it differ for some text (version 2: "$600 a year" is a
rate, no longer a duration; version 3: a participle phrase set off by commas is a claim; version 4:
a vote's tally is two counts, never a range, a bare count set against a counted one counts the
same thing, "calls for government to step in" is one claim, and "he declared" after a quotation
closing on "!", "?" or "." stays in its sentence; version 5: a duration says what lasts it where
the sentence does, "a 60-day suspension", "suspended for 90 days", "the 1980s" is a date, and
"“Who are you?” the congressman demands" is attributed to the congressman; version 6: no
sentence starts on a lower-case word, so "Ryan (R-Wisc.) to task for his misuse …" is one, and a
quotation keeps the speaker named after it, "“… run mine?” Akin continued.", and "Reps.", "Sgt."
and other abbreviated titles end no sentence, nor open a name's key: "Representative Bruce
Braley" and "Bruce Braley" are one name; version 7: what a verb of perceiving perceives is
in its claim, "watches walrus perform" is one, and a claim keeps its subject apart from what it
says of it; version 8: "have argued that ...", "announced that ..." and other verbs that
attribute the clause they take are no claims of their own, as "said" was not, and a clause
under "if" or "whether" stays in its claim; version 9: a horizontal bar (―) and other dashes and
hyphens the parser has not learnt are read as the ones it has, and a sentence wholly inside a
quotation is marked `quoted`, with the `speaker` its quotation names; version 10: what "they say"
says is a claim even when it is short, "They say it's not her fault when ...", not only the
"when" clause after it, "continued" and "posted" name a source only with what was said beside
them ("Prices continued to rise, the agency said" is the agency's), a source's bracket is
closed, "Rep. Hank Johnson (D-Ga.)", and "Her comments, said Josh Earnest, ..., are ..." is
Earnest's; version 11: a verb of saying inside a quotation names no source, so "“Trump says he
wants to run the nation like his business,” Mr. Bloomberg said" is Bloomberg's, not Trump's, and
a source is named without a relative clause after it, "said Bloomberg, who added that ...", and
by the words up to its head where its description is long, "Brendan Buck, spokesman for House
Speaker John Boehner (R-Ohio), said"; version 12: a passive verb of saying names its agent, not
its subject, "Some people were told that ..." no source, nor is one whose verb of saying says
what it reports in a clause of its own hanging off the sentence's, "met at the White House as a
top Republican senator suggested that ...", a state's abbreviation before a title ends
no sentence, "calling for Ariz. Gov. Jan Brewer to veto", nor does a question before who asked it,
"“Have you gone today?” Bachmann asked her followers on what became ...", and a paragraph that a line ending on a
colon introduces as someone's words, without marks of its own, is a quotation: "Read the full rant
via Gawker:"; version 13: a speaker described between commas stays with the question before
them, "“... truthful?” Douglas Letter, the House general counsel, reportedly said.", and a
sentence whose head is no verb makes a 'verbless' claim, which no cut of the sentence keeps
alone, a month without a day is a date, "in March", "since last April", "September 2019", and
no sentence starts after a dash, so a dateline, "RICHMOND, Va. (AP) —", is no sentence of its own;
version 14: a number after a name and a comma that ends the sentence is an age, "and Kathryn
Jenkin, 20."), so that a stored analysis made
before is made again (`framing.stored_name` keys stored analyses by it) instead of comparing
stale records."""


class AnalyzedArticle(Record):
    """An article with the output of the analyze stage: everything the compare stage reads of it."""

    article: Article
    sentences: list[Sentence]
    spans: list[FramingSpan] = Field(default_factory=list, description="Loaded-language spans, as `framing_model` found them.")
    framing_model: str | None = Field(default=None, description="The framing model that found `spans`; None when none ran.")
    copy_of: str | None = Field(
        default=None,
        description="Id of the article this one is a near-duplicate of (wire copy carried again), set once clustered.",
    )


class Story(Record):
    id: int
    label: str
    article_ids: list[str]
    outlets: list[str]
    first_seen: datetime | None = None
    last_seen: datetime | None = None


class FactStatus(StrEnum):
    CORROBORATED = "corroborated"
    SINGLE_SOURCE = "single_source"
    CONFLICTING = "conflicting"
    UPDATED = "updated"
    """Its figure changed over time and the latest reports agree (a toll rising as reports came in):
    no outlet disagrees with another; `StoryTimeline.figure_changes` holds the values in time order."""


class SentenceRef(Record):
    """Points at one sentence of one article, with enough to show it without a lookup."""

    article_id: str
    position: int
    outlet: str
    role: Role
    text: str
    start: int
    end: int

    @classmethod
    def of(cls, sentence: Sentence, outlet: str) -> SentenceRef:
        return cls(
            article_id=sentence.article_id,
            position=sentence.position,
            outlet=outlet,
            role=sentence.role,
            text=sentence.text,
            start=sentence.start,
            end=sentence.end,
        )


class SupportStatus(StrEnum):
    """What one outlet's article does with a fact's claims."""

    STATES = "states"
    """Every claim of the fact's wording is in the article (anywhere: headline, body, captions)."""
    DIFFERS = "differs"
    """The article states it with another value: another figure, day, place or title."""
    PARTLY = "partly"
    """Some of its claims and not others: the outlet cannot be cited for the sentence."""
    SILENT = "silent"
    """None of its claims, no sentence close to one in meaning, and none that tells less of one."""
    CLOSE = "close"
    """None of its claims, but a sentence close to one in meaning (`evidence`): it may tell it in other
    words ("has fanned Western fears that Pyongyang could provide Moscow with weapons" beside
    "triggered global concerns about weapons transfer deals"), or tell less of it and nothing else
    ("buying new patrol ships" beside "wants to buy four coastal patrol ships from a South Korean
    shipyard"). Not cited for the fact, nor said to leave it out."""
    OTHER_SOURCE = "other_source"
    """Every claim, but where the fact's wording names who said it ("..., AFP said") the article never
    names that source: it tells it as another source's ("according to Reuters", in `value`) or in
    its own voice. It cannot be cited for a sentence that says the first source said it."""


class OutletSupport(Record):
    """One outlet's stance on one fact."""

    outlet: str
    status: SupportStatus
    claims_stated: int = Field(description="How many of the fact's claims the outlet's article states.")
    claims: int = Field(description="How many claims the fact's wording makes.")
    value: str | None = Field(default=None, description="The outlet's own value, when it differs: '12 people'.")
    evidence: SentenceRef | None = Field(default=None, description="The outlet's sentence that comes closest to stating it.")
    stated_parts: list[str] = Field(
        default_factory=list,
        description="When it states some of the claims and not all ('partly'): the words of each claim it states, as the "
        "fact's sentence writes them, a claim inside another shown as '…': 'While meeting Kim'.",
    )
    missing_parts: list[str] = Field(
        default_factory=list,
        description="When it states some of the claims and not all: the words of each claim it does not state: "
        "'Putin accepted an invitation to visit North Korea'.",
    )


class Fact(Record):
    """Sentences from one or more outlets that state the same thing."""

    id: int
    text: str = Field(
        description="The wording the most outlets state in full: a member sentence, or the part of one that several "
        "outlets state, in its least loaded words."
    )
    evidence: list[SentenceRef]
    outlets: list[str]
    stated_by: list[str] = Field(
        description="Outlets whose articles state every claim of `text`, with the same values: the outlets it may be cited to."
    )
    agreement: float | None = Field(
        default=None, description="Mean similarity of the outlets' sentences stating it, 0-1; None when one outlet states it."
    )
    status: FactStatus
    attributed_to: str | None = Field(
        default=None, description="The named sources ('RIA; KCNA') when every outlet reports it only as someone's claim."
    )
    voices: int = Field(
        default=0,
        description="Independent voices stating it: the outlets of `stated_by`, each in an article of its own. "
        "An outlet carrying a copy of another's article (wire copy) is no voice; corroborated needs two. "
        "0 when not counted.",
    )
    copies: dict[str, list[str]] = Field(
        default_factory=dict,
        description="Outlet whose article states it → other outlets that carry it only in a near-duplicate of that article.",
    )
    support: list[OutletSupport] = Field(
        default_factory=list, description="Every independent outlet of the story: states, differs, partly or silent."
    )
    part_of: int | None = Field(
        default=None,
        description="The fact this one adds to: that fact is worded by a part of this one's sentence, or by a shorter "
        "sentence that more outlets state in full; this one keeps what its outlet says beyond it.",
    )


class ConflictSlot(StrEnum):
    """What two outlets disagree on: any kind of quantity, where something happened, or a
    person's title."""

    COUNT = "count"
    DURATION = "duration"
    DISTANCE = "distance"
    MONEY = "money"
    PERCENT = "percent"
    DATE = "date"
    WEEKDAY = "weekday"
    PLACE = "place"
    ROLE = "role"


class ConflictValue(Record):
    outlet: str
    value: str = Field(description="The value as written.")
    normalised: str = Field(
        description="The value as compared: '6 days', '5 drone', 'Sunday', 'vladivostok', 'defense minister (sergei shoigu)'."
    )
    evidence: SentenceRef


class Conflict(Record):
    fact_id: int
    slot: ConflictSlot
    values: list[ConflictValue]
    disputed: str | None = Field(
        default=None, description="What the outlets report, as a range or alternatives: '12–15 people', 'Tuesday or Wednesday'."
    )


class FramingKind(StrEnum):
    """What a framing span does to the reader: one taxonomy for every framing model, the report and the profiles.

    The values are stored and published in the JSON report, so they never change; a member's name
    may say more than its value (LOADED_ADJECTIVE covers loaded verbs too). Every kind but HEDGE is
    loaded language and counts in an outlet's loaded spans (`loaded`).
    """

    NAME_CALLING = "name_calling"
    """A label that disparages a person, a group, or what they do or say: "dictator", "thugs",
    "regime", "propaganda", "smear", "witch hunt". Not a neutral title ("leader", "official"), a
    standard term that holds a listed word ("regime change", "tax regime"), or a name ("Senator
    Arlen Specter")."""
    LOADED_ADJECTIVE = "loaded_adjective"
    """A loaded adjective or verb: a word that judges where a neutral one was at hand ("brutal
    crackdown", "reckless hike", "the disgraced politician"; "Ryan slams the overhaul", "punishes
    savers", "bragged"). Not the literal sense of a word ("a fake bloody Donald Trump head", a prop),
    nor a word that only heightens (INTENSIFIER) or overstates (EXAGGERATION)."""
    INTENSIFIER = "intensifier"
    """A word that heightens without adding a fact: "utterly", "staggering", "massive",
    "shockingly". Not a measured size ("a 55 percent majority") or a standard term ("massive
    heart attack")."""
    FEAR_OR_DOUBT = "fear_or_doubt"
    """An appeal to fear or a word that casts doubt on a person or a claim: "looming", "chilling",
    "shadowy", "raises questions", "so-called experts". Not "so-called" before a standard term
    ("the so-called nuclear option"), where it only marks jargon."""
    EXAGGERATION = "exaggeration"
    """An overstatement: "bloodbath", "unprecedented", "crushing defeat", "devastates", "firestorm".
    Not a loaded verb of criticism ("slams": LOADED_ADJECTIVE)."""
    SARCASM = "sarcasm"
    """Mockery through irony: a headline's question telling a named person what they should do
    ("Maybe Kim Jong Un should try doing some sit-ups?"), "comically", "laughably". Not a verb that
    belittles ("brag", "whine": LOADED_ADJECTIVE)."""
    SPECULATION = "speculation"
    """Speculation presented as fact, in the outlet's own voice: mind-reading ("Kim is desperate to
    show Moscow..."), a certainty adverb vouching for what the outlet cannot know ("clearly"), a
    hidden motive stated as known ("secret plan", "the real reason"). Not a hedged guess (HEDGE), nor
    one the outlet attributes to a source."""
    HEDGE = "hedge"
    """A guess marked as a guess, in words that show the outlet does not know: "may well", "could
    well", "remains to be seen", "perhaps", "possibly", "it is unclear whether". The opposite of
    SPECULATION, and not loaded language: shown, never counted in an outlet's loaded spans. Bare
    modals ("may", "might", "could") are the ordinary grammar of a possibility and are not marked,
    though they keep a guess from counting as SPECULATION."""

    @property
    def loaded(self) -> bool:
        """Whether a span of this kind is loaded language, counted in an outlet's loaded spans (all kinds but HEDGE)."""
        return self is not FramingKind.HEDGE


class FramingSpan(Record):
    article_id: str
    outlet: str
    start: int = Field(description="Character offset in the article's canonical text.")
    end: int
    text: str
    kind: FramingKind
    score: float = Field(ge=0.0, le=1.0)
    neutral: str | None = Field(
        default=None,
        description="A drop-in neutral wording for the span, where one keeps what is reported; none inside quotes, reported claims and titles.",
    )
    quoted: bool = Field(default=False, description="Inside quoted speech: the speaker's words, not the outlet's.")
    speaker: str | None = Field(default=None, description="The quoted speaker, where the sentence names one.")


class OutletProfile(Record):
    outlet: str
    outlet_guessed: bool
    article_ids: list[str]
    body_words: int
    loaded_spans: int = Field(description="Spans in the outlet's own words (quotes excluded).")
    quoted_loaded_spans: int | None = Field(
        default=None, description="Spans inside quotes: the quoted speakers' words, counted apart from the outlet's own."
    )
    loaded_per_1000_words: float
    tone: float | None = Field(
        default=None, description="Mean VADER compound score of the body sentences: -1 negative, 0 neutral, 1 positive."
    )
    subjectivity: float | None = Field(
        default=None, description="Mean TextBlob (Pattern lexicon) subjectivity of the body sentences: 0 factual to 1 opinion."
    )
    attributed_share: float | None = Field(
        default=None, description="Share of body sentences attributed to a named source ('KCNA said'), 0-1."
    )
    quoted_share: float | None = Field(default=None, description="Share of body characters inside quotation marks, 0-1.")
    headline_loaded_spans: int | None = Field(
        default=None, description="Loaded spans in the headlines and standfirsts, quotes excluded (also counted in loaded_spans)."
    )
    headline_tone: float | None = Field(
        default=None, description="Mean VADER compound score of the sentences of the headlines and standfirsts, -1 to 1."
    )


class Detail(Record):
    """A name or figure one outlet gives and no other outlet of the story mentions anywhere."""

    text: str = Field(description="As written: 'Misha', 'five explosive drones'.")
    kind: str = Field(description="'entity' or a quantity kind.")
    evidence: SentenceRef


class Coverage(Record):
    """What one outlet shares with others, reports alone, and leaves out."""

    outlet: str
    shared: list[int] = Field(description="Fact ids this outlet reports with at least one other outlet.")
    only_here: list[int] = Field(description="Fact ids only this outlet reports.")
    omitted: list[int] = Field(description="Fact ids most other outlets report and this one does not.")
    details_only_here: list[Detail] = Field(
        default_factory=list,
        description="Names and figures in this outlet's facts that no other outlet mentions, even inside shared facts.",
    )


class SummarySentence(Record):
    text: str
    fact_id: int
    citations: list[str] = Field(description="Outlets that state the fact in their own voice.")
    single_source: bool = Field(description="One voice states it, however many outlets carry copies of it.")
    voices: int = Field(default=0, description="The fact's independent voices; 0 when not counted.")
    copies: dict[str, list[str]] = Field(
        default_factory=dict, description="Cited outlet → outlets that carry the fact only in a copy of its article."
    )
    disputed: bool = Field(
        default=False,
        description="The outlets give the fact's figure differently: the text gives their range and who gives which "
        "value, and cites every outlet that states the fact with either.",
    )
    updated: bool = Field(
        default=False,
        description="The fact's figure changed over time and the latest reports agree: the text gives the latest "
        "figure and the first one reported, and cites every outlet that states the fact with one of them.",
    )


class ArticleInfo(Record):
    id: str
    outlet: str
    outlet_guessed: bool
    title: str
    url: str | None
    published: datetime | None
    source: str
    body_words: int
    copy_of: str | None = Field(default=None, description="Id of the story's article this one is a near-duplicate of.")
    outlet_kind: str | None = Field(
        default=None, description="The outlet's kind ('wire', 'broadsheet', ...), where the outlet table knows it."
    )
    outlet_country: str | None = Field(default=None, description="The outlet's home country (ISO 3166-1 alpha-2), where known.")

    @classmethod
    def of(cls, article: Article, copy_of: str | None = None) -> ArticleInfo:
        return cls(
            copy_of=copy_of,
            id=article.id,
            outlet=article.outlet.name,
            outlet_guessed=article.outlet.guessed,
            outlet_kind=article.outlet.kind,
            outlet_country=article.outlet.country,
            title=article.title,
            url=article.url,
            published=article.published,
            source=article.source,
            body_words=article.body_words,
        )


BLINDSPOT_SHARE = 0.8
"""Share of a story's outlets with a lean that one lean must hold for the story to be its blindspot."""


class LeanCoverage(Record):
    """A story's outlets of one lean, by the leans the user gave (`storylens outlets import`)."""

    lean: str | None = Field(description="The user's lean label; null for the outlets given none.")
    outlets: list[str]


class TimelineArticle(Record):
    """One article in the story's time order, with the facts no article reported before it."""

    article_id: str
    outlet: str
    title: str
    published: datetime | None = Field(description="None: undated, listed after every dated article.")
    first_reports: list[int] = Field(
        default_factory=list,
        description="Ids of the facts this article is the first to report (with any article published at the same moment).",
    )


class FactFirstSeen(Record):
    """When a fact first appeared, who reported it first, and who carried it afterwards."""

    fact_id: int
    first_published: datetime | None = Field(description="Publication time of the earliest dated article reporting it; None when only undated ones do.")
    first_outlets: list[str] = Field(description="Outlets that reported it at that time, all of them when tied; empty when only undated ones do.")
    later_outlets: list[str] = Field(default_factory=list, description="Dated outlets that reported it after the first, in time order.")
    undated_outlets: list[str] = Field(default_factory=list, description="Outlets that report it only in undated articles.")


class FigureValue(Record):
    """One outlet's value of a figure, with the publication time of the article that gives it."""

    outlet: str
    article_id: str
    published: datetime | None
    value: str = Field(description="The value as written.")
    normalised: str = Field(description="The value as compared: '12 person|dead'.")
    evidence: SentenceRef


class FigureChange(Record):
    """A figure (a slot of a fact) that articles give differently, its values in time order."""

    fact_id: int
    slot: ConflictSlot
    values: list[FigureValue] = Field(description="In publication order, undated ones last; ties by outlet.")
    update: bool = Field(
        description="True when it changed over time and every article from the latest change on agrees: an update, "
        "not a conflict, and absent from `conflicts`. False when outlets publishing at about the same time "
        "(`timeline.same_time_minutes`) disagree, an older figure comes back after a newer one, an undated article "
        "gives one, or it is no number: then it stays in `conflicts`."
    )
    latest: str | None = Field(default=None, description="The figure as last reported, when an update: '15 people'.")
    reason: str = Field(
        default="",
        description="Why it is or is not an update, for a reader: 'it changed over time and the latest reports agree', "
        "'outlets publishing at about the same time disagree', ...",
    )


class StoryTimeline(Record):
    """The story in time order: its articles, when each fact first appeared, how its figures changed."""

    articles: list[TimelineArticle] = Field(default_factory=list)
    facts: list[FactFirstSeen] = Field(default_factory=list, description="One per fact, by first appearance, undated last.")
    figure_changes: list[FigureChange] = Field(default_factory=list)


class StoryReport(Record):
    """The comparison of one story's outlets; the JSON report is exactly this record."""

    schema_version: int = REPORT_SCHEMA_VERSION
    story: Story
    articles: list[ArticleInfo]
    facts: list[Fact]
    coverage: list[Coverage]
    conflicts: list[Conflict]
    framing: list[OutletProfile]
    spans: list[FramingSpan]
    summary: list[SummarySentence]
    coverage_by_lean: list[LeanCoverage] = Field(
        default_factory=list,
        description="The story's outlets grouped by the lean the user gave each, largest group first, outlets "
        "without one last; empty when no outlet of the story has a lean.",
    )
    timeline: StoryTimeline = Field(
        default_factory=StoryTimeline,
        description="Articles in publication order, when each fact first appeared and who reported it first, and how "
        "figures changed over time; empty in a report made before schema 5.",
    )


class OutletListing(Record):
    """One outlet of the store as `storylens outlets` lists it: its counts and what the user or the outlet table says of it."""

    name: str
    articles: int = Field(description="Its current articles (earlier versions of a revised article not counted).")
    stories: int
    lean: str | None = Field(default=None, description="The user's lean label; storylens ships none.")
    country: str | None = None
    kind: str | None = None
    owner: str | None = None
    domains: list[str] = Field(default_factory=list)


class KindRate(Record):
    """An outlet's loaded spans of one kind, in its own voice and in the voices it quotes."""

    kind: FramingKind
    own: int
    quoted: int
    own_per_1000_words: float = Field(description="Own-voice spans of this kind per 1,000 body words.")


class LoadedExample(Record):
    """One of an outlet's most loaded spans in its own voice, with the neutral wording the report offers."""

    story_id: int
    article_id: str
    text: str
    kind: FramingKind
    score: float
    neutral: str | None = None


class OutletStory(Record):
    """What one story shows of an outlet, a row of its profile."""

    story_id: int
    label: str
    outlets: int = Field(description="The story's outlets, this one included.")
    articles: int = Field(description="This outlet's articles in the story.")
    loaded_spans: int = Field(description="Its loaded spans in its own voice.")
    facts: int = Field(description="Facts it states (shared and its own).")
    single_source: int = Field(description="Facts only it states.")
    omitted: int = Field(description="Facts most other outlets state and it does not.")
    differs: int = Field(description="Facts it states with another figure, date, place or actor (not a figure updated over time).")
    first_reports: int = Field(description="Facts another outlet states too that it reported first, alone or at the same moment.")


class OutletRecord(Record):
    """How one outlet writes across all its stories: the per-outlet profile.

    Every figure is summed or weighted over the stories' reports, so it says exactly what those
    reports say. Fact measures count only stories another outlet covers too: in a story of one
    outlet every fact is single-source and none can be omitted.
    """

    outlet: OutletListing
    body_words: int = Field(description="Body words of its articles, copies of its own articles counted once.")
    loaded_per_1000_words: float = Field(description="Loaded spans in its own voice per 1,000 body words.")
    quoted_loaded_per_1000_words: float = Field(description="Loaded spans inside the quotes it carries, per 1,000 body words.")
    by_kind: list[KindRate] = Field(description="Loaded kinds it uses, most frequent in its own voice first.")
    headline_loaded_spans: int = Field(description="Own-voice loaded spans in its headlines and standfirsts.")
    tone: float | None = Field(default=None, description="Mean tone of its body sentences, -1 to 1, weighted by words.")
    subjectivity: float | None = Field(default=None, description="Mean subjectivity of its body sentences, 0-1, weighted by words.")
    attributed_share: float | None = Field(default=None, description="Share of its body sentences attributed to a source, weighted by words.")
    quoted_share: float | None = Field(default=None, description="Share of its body text inside quotation marks, weighted by words.")
    compared_stories: int = Field(description="Its stories with at least one other outlet: the base of the fact measures.")
    facts: int = Field(description="Facts it states in those stories.")
    single_source_share: float | None = Field(default=None, description="Share of those facts no other outlet states.")
    majority_facts: int = Field(description="Facts in those stories that most of the other outlets state.")
    omitted_share: float | None = Field(default=None, description="Share of those majority facts it does not state anywhere.")
    differs_share: float | None = Field(
        default=None, description="Share of the facts it states or differs on where it gives another figure, date, place or actor."
    )
    dated_shared_facts: int = Field(description="Facts in those stories it states with another outlet whose first report has a time.")
    first_share: float | None = Field(
        default=None, description="Share of those dated shared facts it reported first, alone or at the same moment as others."
    )
    most_loaded: list[LoadedExample] = Field(description="Its most loaded own-voice spans, strongest first, one per wording.")
    stories: list[OutletStory] = Field(description="Its stories, most recent first.")

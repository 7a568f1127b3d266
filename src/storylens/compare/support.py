"""Support: which outlets state each claim of a sentence, read against their whole articles.

Alignment puts similar sentences in one fact; similar is not the same. "Mr Kim has met President
Vladimir Putin and visited key military and technology sites" is close to "While meeting Kim,
Putin accepted an invitation to visit North Korea and offered to send one of its nationals to
space", yet states neither the invitation nor the space offer. A report that cites both outlets
for the second sentence says something false of one of them. So each claim of a sentence
(`analyze.claims`) is looked for in each outlet's article, every sentence of it (headline,
standfirst, body and captions): the outlet states the claim when one of its sentences carries
its content.

A sentence carries a claim when both signals agree it does:
- meaning: the claim's vector, pooled from its sentence's pass of the encoder, is close to the
  sentence's vector or to one of its claims' ("began his journey back aboard his armoured train"
  and "heading back by bulletproof train");
- content: the sentence has enough of the claim's words and names, each weighted by how rare it
  is in the story (the square of its IDF), so that "Kim", "Russia" and "visit", which every
  sentence of the story has, do not make "accepted an invitation" stated, and a claim's rarest
  words ("the largest request in a decade") weigh most.
A near paraphrase (meaning alone at `paraphrase` or above) carries the claim whatever its words,
with one exception that holds for both signals: the sentence must have a word of what the claim
says of its subject (`predicate_terms`). "Senator Ruth Calder, the ranking member of the judiciary committee,
criticised a culture of carelessness" shares the senator, the committee and much of the meaning
with "Senator Ruth Calder, the judiciary committee's chair, demanded a briefing", and states
nothing of the briefing. On the claim keys this took 7 of 18 wrong citations away and no BASIL
shared claim, against 3 of 107 shared synthetic ones whose predicate another outlet words
otherwise ("hurt" for "injured"; `eval.claims`).

A wording that names who said it ("with KCNA saying the leader 'starts his way home'") is stated
only by outlets whose articles name that source: one that reports the same departure from
"Russia's state news agency RIA", or in its own voice, does not say that KCNA said it
(`names_source`); `compare.wording` offers the sentence without its source for those outlets.
Someone's quoted words are carried only by a sentence that names the speaker or is speech itself
(`Speakers`): "No one is a better tactician than Nancy Pelosi", said by a congressman, is not
what an outlet states by naming her in a sentence of its own.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import takewhile

import numpy as np
from scipy import sparse
from spacy.lang.en.stop_words import STOP_WORDS

from storylens.analyze.claims import SAYING
from storylens.analyze.embeddings import SentenceEncoder, part_text
from storylens.analyze.quantities import same_value
from storylens.compare.blocks import row_blocks
from storylens.compare.chronology import NewsDays
from storylens.compare.conflicts import TIME_SLOTS, among_others, disagreeing_pair, normalised, one_account, one_value_apart, slots
from storylens.compare.named_slots import StoryNames, claim_holding, placed_elsewhere, words_besides
from storylens.compare.summary_hygiene import is_label
from storylens.config import ConflictSettings, SupportSettings
from storylens.framing.placement import quote_marks, quoted_regions
from storylens.model import (
    Claim,
    Conflict,
    ConflictSlot,
    ConflictValue,
    Entity,
    OutletSupport,
    Quantity,
    QuantityKind,
    Sentence,
    SentenceRef,
    SupportStatus,
)


def claims(sentence: Sentence) -> list[Claim]:
    """The sentence's claims; a sentence analysed before claims were made is one claim."""
    return sentence.claims or [Claim(start=0, end=len(sentence.text), action="", lemmas=sentence.lemmas, predicate_lemmas=sentence.lemmas)]


def claim_terms(sentence: Sentence, claim: Claim) -> list[str]:
    """What a claim names: its lemmas and the keys of the entities inside it. A name's words count
    as lemmas too, so a name written another way ("Kim Jong-un", "Kim Jong Un") still counts in
    part; counting each name once, by its key only, scored lower on the claim keys. The leading
    words of a place's name count as such (`place_words`)."""
    return _in_places(claim.lemmas, sentence) + ["entity:" + e.key for e in sentence.entities if claim.holds(e)]


def predicate_terms(sentence: Sentence, claim: Claim) -> list[str]:
    """What the claim says of its subject ("demanded a briefing" of "Senator Ruth Calder, the
    judiciary committee's chair, demanded a briefing"): its predicate's lemmas and the names in
    it outside the subject."""
    start, end = claim.subject or (0, 0)
    names = [e.key for e in sentence.entities if claim.holds(e) and not (start <= e.start and e.end <= end)]
    return _in_places(claim.predicate_lemmas, sentence) + ["entity:" + key for key in names]


PLACE_LABELS = frozenset({"GPE", "LOC"})
PLACE_WORD = "place:"


def place_words(sentence: Sentence) -> set[str]:
    """The leading words of the sentence's place names of two words or more that it writes nowhere
    else, casefolded: the "new" of "New York" and "New Jersey", the "north" of "North Korea". They
    are no adjectives, and a claim's "a new and bigger stage" or "Rubio's alleged ‘new’ foreign
    policy" is not carried by "NEW YORK -- Sen. Marco Rubio set forth a foreign policy vision"
    (BASIL 2015). On the claim keys this took one wrong pair of 121 from the synthetic stories
    and none right (`eval.claim_support`)."""
    text = sentence.text
    places = [words for e in sentence.entities if e.label in PLACE_LABELS and len(words := re.findall(r"\w+", e.text)) > 1]
    leading = Counter(w.casefold() for words in places for w in words[:-1])
    return {w for w, inside in leading.items() if len(re.findall(rf"\b{re.escape(w)}\b", text, re.IGNORECASE)) <= inside}


def _in_places(lemmas: list[str], sentence: Sentence) -> list[str]:
    """The lemmas, those of `place_words` marked so that only a place's leading word matches them."""
    leading = place_words(sentence)
    return [PLACE_WORD + lemma if lemma in leading else lemma for lemma in lemmas]


def claim_figures(sentence: Sentence, claim: Claim) -> list[Quantity]:
    """The figures the claim itself gives, not those of the rest of its sentence."""
    return [q for q in sentence.quantities if claim.holds(q)]


def substance_terms(sentence: Sentence, claim: Claim, quoted: list[str]) -> set[str]:
    """The claim's terms less its verbs of saying (outside quotation marks: "“Tell me who you
    are,” Mr. Etheridge said." keeps "tell") and the words and names of who said it: "Absolutely
    not,” Fox said." names "Fox" and "say", and nothing that another outlet's "Fox said, as a
    taxpayer, he's not willing to fund it" states. `quoted`: the claim's `quoted_words`."""
    source = sentence.attribution or ""
    said_by = {w.casefold() for w in re.findall(r"\w+", source)} | {"entity:" + e.key for e in sentence.entities if source and e.text in source}
    saying = SAYING - set(quoted)
    return {term for term in claim_terms(sentence, claim) if term not in saying and term not in said_by}


def sentence_terms(sentence: Sentence) -> list[str]:
    return _in_places(sentence.lemmas, sentence) + ["entity:" + e.key for e in sentence.entities]


CONTENT_TERMS = 2
"""Terms a claim needs for shared words to say that a sentence carries it. "This is her caucus,
clearly" names one, "caucus", which any sentence of a story about a party's leader may have: such
a claim is carried only by a near paraphrase, as is one that names nothing besides its verb of
saying and who said it (`substance_terms`). Counting only those other terms for the two-term
rule took "“Tell me who you are,” Mr. Etheridge said." (one: "tell") from the two outlets that
report the demand, BASIL shared recall 213 of 273 against 214."""
PLACE_SHIFT = 0.2
"""How far a place of its own moves a sentence from the other outlet's paraphrase: the BASIL
sentences whose place `eval.conflicts` changed read 0.40-0.64 from their partner as they stand,
0.6-1.0 with one place in both. Sentences further apart than that are not read again."""
PLACE_READINGS = 2
"""The outlet's sentences closest as they stand that are read again with one place: each reading
runs the encoder on a text no article holds, which the stored vectors cannot spare."""


@dataclass
class Support:
    """For every claim of every sentence of a story, which outlets state it."""

    sentences: list[Sentence]
    outlet_of: dict[str, str]
    """Article id → outlet."""
    outlets: list[str]
    """Outlet names, in the order of the columns of `stated`."""
    rows: dict[tuple[str, int], list[int]]
    """(article id, sentence position) → the rows of its claims in `stated`."""
    stated: np.ndarray
    """stated[claim row, outlet column]: the outlet's article carries the claim."""
    evidence: np.ndarray
    """evidence[claim row, outlet column]: index in `sentences` of the outlet's sentence that carries it best."""
    related: sparse.csr_matrix
    """related[claim row, sentence]: how close the sentence is in meaning to the claim, where it is
    about the claim (half the content needed to state it), else 0: close enough, past the conflict
    settings' similarities, for a different figure in it to be another value of the claim's."""
    near: np.ndarray = field(default_factory=lambda: np.zeros((0, 0), dtype=np.float32))
    """near[claim row, outlet column]: how close in meaning the outlet's sentence closest to the claim is."""
    near_at: np.ndarray = field(default_factory=lambda: np.zeros((0, 0), dtype=np.int64))
    """near_at[claim row, outlet column]: index in `sentences` of that sentence."""
    close_meaning: float = 1.0
    """Closeness at which an outlet that states none of a fact's claims tells something close (`close_to`)."""
    carries: sparse.csr_matrix = field(default_factory=lambda: sparse.csr_matrix((0, 0), dtype=bool))
    """carries[claim row, sentence]: the sentence carries the claim (`carrying` at `shared_content`),
    whoever wrote it, the claim's own article included."""
    days: NewsDays | None = None
    """The articles' publication days, which tell whether two weekdays can disagree."""
    names: StoryNames | None = None
    """The story's places and which article names which, which tell whether two places disagree."""
    encoder: SentenceEncoder | None = None
    """Reads a sentence with another outlet's place put in (`other_place`)."""
    less_at: np.ndarray = field(default_factory=lambda: np.zeros((0, 0), dtype=np.int64))
    """less_at[claim row, outlet column]: index in `sentences` of the outlet's sentence with a claim
    that tells less of it and nothing else (`ClaimScores.told_less`), -1 where none does."""
    _words: dict[str, set[str]] | None = field(default=None, repr=False)
    """Outlet → the words of its article, casefolded, made on first use by `names_source`."""
    _counts: dict[tuple[str, tuple[str, str, str]], list[Sentence]] | None = field(default=None, repr=False)
    """(outlet, count slot) → the outlet's sentences giving such a count, made on first use by `_only_count`."""
    _index: dict[tuple[str, int], int] | None = field(default=None, repr=False)
    """(article id, position) → index in `sentences`, made on first use by `tells`."""

    @classmethod
    def of(
        cls,
        sentences: list[Sentence],
        outlet_of: dict[str, str],
        encoder: SentenceEncoder,
        settings: SupportSettings,
        days: NewsDays | None = None,
        names: StoryNames | None = None,
    ) -> Support:
        """Every claim scored against every sentence, a block of claims at a time (`compare.blocks`):
        what is kept of the scores is sparse (which sentences carry or are about each claim), so a
        story of thousands of sentences never holds a dense claims-by-sentences matrix."""
        outlets = sorted(set(outlet_of.values()))
        column = {o: i for i, o in enumerate(outlets)}
        owner = np.array([column[outlet_of[s.article_id]] for s in sentences], dtype=np.int64)
        rows: dict[tuple[str, int], list[int]] = {}
        made: list[tuple[int, Claim]] = []
        for i, sentence in enumerate(sentences):
            for claim in claims(sentence):
                rows.setdefault((sentence.article_id, sentence.position), []).append(len(made))
                made.append((i, claim))
        stated = np.zeros((len(made), len(outlets)), dtype=bool)
        where = np.zeros((len(made), len(outlets)), dtype=np.int64)
        near = np.zeros((len(made), len(outlets)), dtype=np.float32)
        near_at = np.zeros((len(made), len(outlets)), dtype=np.int64)
        less_at = np.full((len(made), len(outlets)), -1, dtype=np.int64)
        carries, related = [], []
        claim_sentence = np.array([i for i, _ in made], dtype=np.int64)
        # A line that only labels or introduces what follows ("UPDATE:", "Mary Cheney:") tells nothing, less or more.
        labels = np.array([is_label(s.text) or s.text.rstrip().endswith(":") for s in sentences], dtype=bool)
        telling = ~labels[claim_sentence]
        claim_owner = owner[claim_sentence]
        quoted = [quoted_words(sentences[i], claim) for i, claim in made]
        scores = ClaimScores.of(sentences, made, encoder, settings.rarity_power, quoted)
        speakers = Speakers.of(sentences, made, quoted)
        for block in scores.blocks():
            whole = scores.to_sentences(block)
            pairs = scores.to_claims(block)
            meaning, content = scores.meaning(block, whole, pairs), scores.content(block)
            plain = carrying(meaning, content, settings)
            # A sentence without a word of the claim's predicate may still give another value of it.
            score = np.where(scores.on_predicate(block) & speakers.telling(block), plain, 0.0)
            carries.append(sparse.csr_matrix(score >= settings.shared_content))
            own = claim_owner[block, None] == owner[None, :]
            score[own] = plain[own] = -1.0
            for c in range(len(outlets)):
                mine = np.flatnonzero(owner == c)
                if len(mine):
                    part = score[:, mine]
                    where[block, c] = mine[part.argmax(axis=1)]
                    stated[block, c] = part.max(axis=1) >= settings.shared_content
                    theirs = whole[:, mine]
                    closest = theirs.argmax(axis=1)
                    near_at[block, c] = mine[closest]
                    near[block, c] = theirs[np.arange(len(closest)), closest]
            less = scores.told_less(block, pairs >= settings.meaning_floor) & telling[None, :]
            for line, other in zip(*np.nonzero(less)):
                row, c = block.start + int(line), int(claim_owner[other])
                if c != claim_owner[row] and less_at[row, c] < 0:
                    less_at[row, c] = claim_sentence[other]
            related.append(sparse.csr_matrix(np.where(plain >= settings.shared_content / 2, meaning, 0.0).astype(np.float32)))
            _without_its_quote(stated, block, meaning, sentences, made, quoted, owner, settings)
        about = sparse.vstack(related, format="csr") if related else sparse.csr_matrix((0, len(sentences)), dtype=np.float32)
        _without_its_figures(stated, about, sentences, made, owner)
        stated[np.arange(len(made)), claim_owner] = True
        where[np.arange(len(made)), claim_owner] = claim_sentence
        carried = sparse.vstack(carries, format="csr") if carries else sparse.csr_matrix((0, len(sentences)), dtype=bool)
        return cls(
            sentences, outlet_of, outlets, rows, stated, where, about, near, near_at, settings.close_meaning, carried, days, names, encoder, less_at
        )

    def about(self, row: int) -> dict[int, float]:
        """Sentence index → how close in meaning, for the sentences about the claim of `row` (`related`)."""
        start, end = self.related.indptr[row], self.related.indptr[row + 1]
        return dict(zip(self.related.indices[start:end].tolist(), self.related.data[start:end].tolist()))

    def names_source(self, outlet: str, source: str | None) -> bool:
        """Whether the outlet's article names `source` (a word of `source_word`, in the singular or
        plural: "official", "officials") anywhere; any does when there is none."""
        if source is None:
            return True
        if self._words is None:
            self._words = {}
            for sentence in self.sentences:
                self._words.setdefault(self.outlet_of[sentence.article_id], set()).update(re.findall(r"\w+", sentence.text.casefold()))
        return _names(self._words.get(outlet, set()), source)

    def source_of(self, sentence: Sentence, outlet: str, kept: tuple[int, ...] | None = None) -> Sentence | None:
        """The outlet's sentence about the claims (`kept`) that names a source, the closest in meaning; None when none does."""
        best: tuple[float, int] | None = None
        for row, _ in self._rows(sentence, kept):
            for i, similarity in self.about(row).items():
                other = self.sentences[i]
                if self.outlet_of[other.article_id] == outlet and other.attribution and (best is None or similarity > best[0]):
                    best = (similarity, i)
        return self.sentences[best[1]] if best else None

    def _rows(self, sentence: Sentence, kept: tuple[int, ...] | None) -> list[tuple[int, Claim]]:
        """The rows in `stated` of the sentence's claims, and the claims; only those `kept`, when given."""
        pairs = list(zip(self.rows.get((sentence.article_id, sentence.position), []), claims(sentence)))
        return pairs if kept is None else [pairs[k] for k in kept]

    def stating(self, sentence: Sentence, kept: tuple[int, ...] | None = None) -> dict[str, list[bool]]:
        """Outlet → for each claim of the sentence (those `kept`), whether the outlet states it."""
        found = self.stated[[row for row, _ in self._rows(sentence, kept)]]
        return {outlet: found[:, c].tolist() for c, outlet in enumerate(self.outlets)}

    def tells(self, sentence: Sentence, by: Sentence, kept: tuple[int, ...] | None = None) -> bool:
        """Whether `by` carries every claim of the sentence (those `kept`): a fact worded by `by`
        says what the sentence says, and the sentence adds nothing to it."""
        if self._index is None:
            self._index = {(s.article_id, s.position): i for i, s in enumerate(self.sentences)}
        column = self._index[(by.article_id, by.position)]
        return all(self.carries[row, column] for row, _ in self._rows(sentence, kept))

    def repeats(self, sentence: Sentence, by: Sentence, kept: tuple[int, ...] | None = None) -> bool:
        """Whether `by` says all that the sentence's claims (those `kept`) say, figures included:
        it carries each claim (`tells`, which reads words and meaning, not values) and gives each
        of their figures with the same value. "proposed a $4.7 trillion budget" is no repeat of
        "proposed a fiscal year 2020 budget plan", however alike the words."""
        figures = [q for _, claim in self._rows(sentence, kept) for q in claim_figures(sentence, claim)]
        return self.tells(sentence, by, kept) and all(any(same_value(q, theirs) for theirs in by.quantities) for q in figures)

    def states_all(self, sentence: Sentence, kept: tuple[int, ...] | None = None) -> list[str]:
        """The outlets that state every claim of the sentence (those `kept`)."""
        return [outlet for outlet, found in self.stating(sentence, kept).items() if found and all(found)]

    def other_values(
        self, sentence: Sentence, outlet: str, kept: tuple[int, ...] | None = None, settings: ConflictSettings = ConflictSettings()
    ) -> dict[tuple[str, str, str], tuple[Quantity, Quantity, Sentence]]:
        """For each slot (kind, unit, what is counted) of the figures of the sentence's claims (those
        `kept`), the figure and the different one the outlet gives for it in its sentence about that
        claim: "at least 15 people" against "14 people", "on Tuesday" against "on Wednesday".
        Bounds and estimates differ only when they cannot overlap. The other figure must be in the
        sentence that states the claim for the outlet, as close to it as two sentences must be for
        their figures to conflict (`find_conflicts`): on the 70 BASIL events, taking it from any
        sentence about the claim flagged 64 conflicts on the unmodified texts, most of them a
        weekday that dates the saying, not the event. Where that sentence gives no figure of a slot
        that says what it counts or what lasts ("suspended for 60 days"), the outlet's one sentence
        about the claim, as close, that gives one is read instead: a lead that says only "has been
        suspended" and a next sentence "suspended for 90 days" differ from 60 days. A slot that
        says neither (a sum, a bare length) is not: "nearly $10 million in speaking fees in 2013"
        and "approximately $30 million from book sales and speeches in 2014" are two sums. A figure
        the outlet gives alike in any sentence about the claim is no dispute."""
        found: dict[tuple[str, str, str], tuple[Quantity, Quantity, Sentence]] = {}
        if not sentence.quantities:
            return found
        column = self.outlets.index(outlet)
        for row, claim in self._rows(sentence, kept):
            mine = slots(claim_figures(sentence, claim), sentence)
            if not mine:
                continue
            similar = self.about(row)
            about = {
                i: slots(self.sentences[i].quantities, self.sentences[i])
                for i in similar
                if self.outlet_of[self.sentences[i].article_id] == outlet
            }
            best = int(self.evidence[row, column])
            for slot, quantities in mine.items():
                if slot in found or any(_same_figures(quantities, given.get(slot, [])) for given in about.values()):
                    continue
                least = settings.time_similarity if slot[0] in TIME_SLOTS else settings.slot_similarity
                giving = [i for i, given in about.items() if similar[i] >= least and slot in given]
                if slot[2] and len(giving) == 1 and giving[0] != best:
                    theirs = self.sentences[giving[0]]
                elif self.stated[row, column] and similar.get(best, 0.0) >= least:
                    theirs = self.sentences[best]
                elif (only := self._only_count(outlet, slot)) is not None:
                    theirs = only
                else:
                    continue
                given = slots(theirs.quantities, theirs).get(slot, [])
                pair = disagreeing_pair(quantities, given) or among_others(quantities, given)
                if pair is None or not one_account(sentence, pair[0], theirs, pair[1]):
                    continue
                if one_value_apart(self.days, sentence, pair[0], theirs, pair[1]):
                    found[slot] = (pair[0], pair[1], theirs)
        return found

    def other_place(
        self, sentence: Sentence, outlet: str, kept: tuple[int, ...] | None = None, settings: ConflictSettings = ConflictSettings()
    ) -> tuple[Entity, Entity, Sentence] | None:
        """The place the sentence puts a claim of it (those `kept`) in, and the other place the
        outlet puts it in: the outlet's sentence that puts something in another place and, with
        the sentence's place put in for its own, reads as close to the sentence as two sentences
        of one fact must for their places to conflict, where neither article names the other's
        place anywhere (`named_slots`). Two sentences that disagree on the place seldom align as
        one fact, nor read alike as they stand ("held a rally in Denver" against "in Kansas
        City"); given one place, they read as the paraphrases they are (`eval.conflicts`: of 20
        places changed in one BASIL article, 9 were found with the sentences compared as they
        stand, 16 given one place, with no more conflicts on the real texts; 15 once the script
        changed whole words only). Where the rest of the two sentences tells other things, their
        claims that hold the places are read instead (`_claims_placed`). A place the outlet
        names for another event beside a placeless telling of this claim is none of its
        (`named_slots.placed_elsewhere`)."""
        if self.names is None or self.encoder is None or (here := self.names.place(sentence)) is None:
            return None
        mine = claim_holding((claim for _, claim in self._rows(sentence, kept)), here)
        if mine is None:
            return None
        found = [
            (other, places[1])
            for other in self.sentences
            if self.outlet_of[other.article_id] == outlet
            and (places := self.names.differing_places(sentence, other)) is not None
            and not placed_elsewhere(sentence, places[0], other, places[1])
        ]
        if not found:
            return None
        vectors = self.encoder.encode([sentence.text, *(other.text for other, _ in found)])
        closeness = vectors[1:] @ vectors[0]
        likely = [found[i] for i in np.argsort(-closeness)[:PLACE_READINGS] if closeness[i] >= settings.place_similarity - PLACE_SHIFT]
        if likely:
            closeness = self.encoder.encode([placed(other, there, here) for other, there in likely]) @ vectors[0]
            best = int(np.argmax(closeness))
            if closeness[best] >= settings.place_similarity:
                other, there = likely[best]
                return here, there, other
        return self._claims_placed(sentence, mine, here, found, settings)

    def _claims_placed(
        self, sentence: Sentence, mine: Claim, here: Entity, found: list[tuple[Sentence, Entity]], settings: ConflictSettings
    ) -> tuple[Entity, Entity, Sentence] | None:
        """The other place as the outlet's claim that holds it tells it: the claim, with the
        sentence's place put in, read against the sentence's own claim holding its place, where
        the two claims share a word besides their places. Whole sentences that tell the same
        claim beside others read far apart ("Born the son of a single mother in Puerto Rico, he
        has seen himself as an ambassador…" against "Born to a single mother in Puerto Rico, Raúl
        Labrador moved with his mother to the mainland…"; `eval.conflicts`: 4 more of the 22
        changed places found, one more conflict on the real texts, a discrepancy the outlets
        have: a student "in Seattle" and "at Whatcom Community College in Bellingham, Wash.")."""
        assert self.encoder is not None, "read by other_place, which has one"
        words = words_besides(mine, here)
        theirs = [
            (other, there, claim) for other, there in found if (claim := claim_holding(claims(other), there)) is not None and words & words_besides(claim, there)
        ]
        if not theirs:
            return None
        texts = [sentence.text[mine.start : mine.end], *(placed(other, there, here, claim) for other, there, claim in theirs)]
        vectors = self.encoder.encode(texts)
        closeness = vectors[1:] @ vectors[0]
        best = int(np.argmax(closeness))
        if closeness[best] < settings.place_similarity:
            return None
        other, there, _ = theirs[best]
        return here, there, other

    def one_place_similarity(self, mine: Sentence, theirs: Sentence, here: Entity, there: Entity) -> float:
        """How close two sentences of one fact read with the first's place put in the second's for
        its own: the conflict check's reading of a pair that aligned loosely, since the differing
        place itself pulls it apart (the reporter threatened "in the Capitol" against "in Denver")."""
        if self.encoder is None:
            return 0.0
        vectors = self.encoder.encode([mine.text, placed(theirs, there, here)])
        return float(vectors[0] @ vectors[1])

    def _only_count(self, outlet: str, slot: tuple[str, str, str]) -> Sentence | None:
        """The outlet's one sentence counting what the slot counts, with the same outcome ("people"
        who were "held": "Some 40 people were detained"), when exactly one of its sentences does:
        a count of the arrested, the dead or the injured is the same count however differently
        the two sentences tell the rest, so an outlet that gives another one differs rather than
        leaves the claim out. Two such sentences may count two things (the arrests of one day and
        of a month), so then none is taken."""
        kind, _, counted = slot
        noun, _, outcome = counted.partition("|")
        if kind != QuantityKind.COUNT or not noun or not outcome:
            return None
        if self._counts is None:
            self._counts = {}
            for sentence in self.sentences:
                for key in slots(sentence.quantities, sentence):
                    if key[0] == QuantityKind.COUNT:
                        self._counts.setdefault((self.outlet_of[sentence.article_id], key), []).append(sentence)
        found = self._counts.get((outlet, slot), [])
        return found[0] if len(found) == 1 else None

    def close_to(self, sentence: Sentence, outlet: str, kept: tuple[int, ...] | None = None) -> Sentence | None:
        """The outlet's sentence closest in meaning to a claim of the sentence (those `kept`), read
        whole (`ClaimScores.to_sentences`: a claim's closest claim in a sentence may share only a
        turn of phrase), where it is as close as `close_meaning`: of the facts the report called
        silent on the keyed stories (`eval/claims.py`), most of those with such a sentence were
        told in other words, with too few words alike to be stated ("has fanned Western fears that Pyongyang could provide Moscow
        with weapons" beside "triggered global concerns about weapons transfer deals")."""
        rows = [row for row, _ in self._rows(sentence, kept)]
        if not rows:
            return None
        column = self.outlets.index(outlet)
        best = max(rows, key=lambda r: float(self.near[r, column]))
        if self.near[best, column] >= self.close_meaning:
            return self.sentences[int(self.near_at[best, column])]
        less = [int(self.less_at[r, column]) for r in rows if self.less_at.size and self.less_at[r, column] >= 0]
        return self.sentences[less[0]] if less else None

    def closest(self, sentence: Sentence, outlet: str, kept: tuple[int, ...] | None = None) -> Sentence | None:
        """The outlet's sentence that carries most of the sentence's claims (those `kept`), the first claim's on a tie."""
        rows = [row for row, _ in self._rows(sentence, kept)]
        if not rows:
            return None
        column = self.outlets.index(outlet)
        chosen = max(rows, key=lambda r: bool(self.stated[r, column]))  # the first on a tie
        return self.sentences[int(self.evidence[chosen, column])]


DESCRIBED_ENDS = frozenset("with of familiar in at who from close to for on about".split())
"""Words after the noun of a described source: "officials familiar with the talks", "a spokesman for the ministry"."""


LESS_TERMS = 3
"""Terms a claim needs to tell less of another: "asked in the interview" tells too little to stand
for "was asked about it during an interview a month ago"."""
LESS_SHARE = 0.75
"""Share of a claim's words (weighted by rarity) that another claim must hold for the first to tell less of it."""
QUOTE_SHARE = 0.6
"""Share of a quotation's own words (less names) that an outlet's sentence must give to state it:
two of three ("that decimates food programs" against "cuts in food programs"), not one of two
("I want him to do well" against "I want to invite him to Arizona"). Over the 987 keyed (claim,
outlet) pairs, at 0.75 the check took back 12 pairs that the outlet does state to save 1 that it
does not; at 0.6, 6 for that 1 (`eval/claim_support.py`, each check switched off in turn), and it
still removes the misquotations it was made for."""
SPEECH_WORDS = 3
"""Words in quotation marks that make speech; fewer are a title ("Today" show) or a term held at a distance ("real doubts")."""


def quoted_words(sentence: Sentence, claim: Claim) -> list[str]:
    """The claim's lemmas that it gives inside quotation marks, less the words of the names in it:
    what the speaker said, in their words. A sentence that closes a quotation opened before it
    ('Governor Perry has a superior border security record."') is quoted up to that mark."""
    text = sentence.text
    regions = quoted_regions(text)
    marks = quote_marks(text)
    if marks and not any(a <= marks[0] < b for a, b in regions):
        regions.append((0, marks[0]))
    inside = [(max(a, claim.start), min(b, claim.end)) for a, b in regions if a < claim.end and claim.start < b]
    words = {w.casefold() for a, b in inside if len(found := re.findall(r"\w+", text[a:b])) >= SPEECH_WORDS for w in found}
    names = {w.casefold() for e in sentence.entities if claim.holds(e) for w in re.findall(r"\w+", e.text)}
    return [lemma for lemma in claim.lemmas if lemma not in names and any(w.startswith(lemma[:4]) for w in words)]


def _without_its_quote(
    stated: np.ndarray,
    block: slice,
    meaning: np.ndarray,
    sentences: list[Sentence],
    made: list[tuple[int, Claim]],
    quoted: list[list[str]],
    owner: np.ndarray,
    settings: SupportSettings,
) -> None:
    """An outlet does not state a claim that quotes someone ("I have been watching Governor Perry
    and Texas closely") unless a sentence of it about the claim (at `meaning_floor`) gives most of
    the quoted words (`QUOTE_SHARE`), quoted or reported ("Trump said he wants Obama to do well" for "I want
    him to do well"), or is a near paraphrase of it: sharing the speaker's name and a word or two
    is no quotation, and citing the outlet for one would put words in the speaker's mouth.
    `meaning` holds the rows of the claims of `block`; `quoted`, each claim's `quoted_words`."""
    lemma_sets: list[set[str]] | None = None
    for line, row in enumerate(range(block.start, block.stop)):
        i = made[row][0]
        words = quoted[row]
        if len(words) < 2:
            continue
        if lemma_sets is None:
            lemma_sets = [set(sentence.lemmas) for sentence in sentences]
        for column in np.flatnonzero(stated[row]):
            if column == owner[i]:
                continue
            carriers = np.flatnonzero((owner == column) & (meaning[line] >= settings.meaning_floor))
            if not any(
                meaning[line, j] >= settings.paraphrase or sum(w in lemma_sets[j] for w in words) >= QUOTE_SHARE * len(words) for j in carriers
            ):
                stated[row, column] = False


def _without_its_figures(stated: np.ndarray, related: sparse.csr_matrix, sentences: list[Sentence], made: list[tuple[int, Claim]], owner: np.ndarray) -> None:
    """An outlet does not state a claim with a figure ("endorsed Romney in 2008", "suspended for 60
    days") when none of its sentences about the claim gives a figure of that kind, alike or not: it
    says less than the claim, and citing it for the figure would put words in its mouth. Weekdays
    are left out: outlets date one event by different days of telling ("said on Sunday")."""
    kinds = [
        {q.kind for q in claim_figures(sentences[i], claim) if q.kind != QuantityKind.WEEKDAY}
        for i, claim in made
    ]
    given = [{q.kind for q in sentence.quantities} for sentence in sentences]
    for row, wanted in enumerate(kinds):
        if not wanted:
            continue
        for column in np.flatnonzero(stated[row]):
            if column == owner[made[row][0]]:
                continue
            start, end = related.indptr[row], related.indptr[row + 1]
            sentences_about, similarity = related.indices[start:end], related.data[start:end]
            about = sentences_about[(similarity > 0) & (owner[sentences_about] == column)]
            if not all(any(kind in given[i] for i in about) for kind in wanted):
                stated[row, column] = False


@dataclass(frozen=True)
class Speakers:
    """Who said each claim that is someone's words, and which sentences could be telling them.

    "No one is a better tactician than Nancy Pelosi", in the middle of a congressman's quotation,
    shares the name and half its weighted words with any sentence of the story that names her; an
    outlet whose sentence neither names the congressman nor quotes anyone does not report that he
    said it. So a claim in quotation marks, or of a sentence wholly inside a quotation, whose speaker
    is named (`speaker_of`, `StoryPeopleNames.word`) is carried only by sentences that name the
    speaker or are speech themselves whose speaker they leave unnamed ("he said", a quotation's
    middle sentence)."""

    word: list[str | None]
    """Each claim's speaker word, None where the claim is no one's quoted words."""
    telling_word: dict[str, np.ndarray]
    """Speaker word → which sentences may tell that speaker's words."""
    sentences: int
    """How many sentences the story has: the width of `telling`."""

    @classmethod
    def of(cls, sentences: list[Sentence], made: list[tuple[int, Claim]], quoted: list[list[str]]) -> Speakers:
        """`quoted`: each claim's `quoted_words`.

        Words quoted without a name ("“But if you want to become a citizen, you’ll have to go
        through the path,” he said.") are the speaker's whom another outlet names for the same
        words (`same_words`): McCarthy's, not something the New York Times states by writing "The
        White House has said it wants a path to citizenship"."""
        people = StoryPeopleNames.of(sentences)
        word = [people.word(speaker_of(sentences[i], claim, words)) for (i, claim), words in zip(made, quoted)]
        known = [(set(quoted[row]), w) for row, w in enumerate(word) if w is not None and len(quoted[row]) >= SAME_WORDS]
        for row, ((i, claim), words) in enumerate(zip(made, quoted)):
            if word[row] is None and len(words) >= SAME_WORDS and _speech(sentences[i], claim, words):
                mine = set(words)
                word[row] = next((w for theirs, w in known if same_words(mine, theirs)), None)
        said = np.array([unnamed_speech(sentence) for sentence in sentences], dtype=bool)
        named = [set(re.findall(r"\w+", f"{sentence.text} {sentence.speaker or ''}".casefold())) for sentence in sentences]
        telling = {w: said | np.array([_names(words, w) for words in named], dtype=bool) for w in set(word) if w is not None}
        return cls(word, telling, len(sentences))

    def telling(self, block: slice) -> np.ndarray:
        """telling[claim of the block, sentence]: the sentence may tell the claim's speaker's words."""
        rows = self.word[block]
        found = np.ones((len(rows), self.sentences), dtype=bool)
        for line, word in enumerate(rows):
            if word is not None:
                found[line] = self.telling_word[word]
        return found


SAME_WORDS = 3
"""Quoted words two claims have at least to be the same quotation: two ("the path") are a phrase."""
SAME_SHARE = 0.8
"""Share of their quoted words two quotations have in common to be one: a quotation is given word for word."""


def same_words(mine: set[str], theirs: set[str]) -> bool:
    """Whether two claims quote the same words (`SAME_SHARE` of all they quote between them)."""
    return len(mine & theirs) >= SAME_SHARE * len(mine | theirs)


def _speech(sentence: Sentence, claim: Claim, quoted: list[str]) -> bool:
    """Whether the claim is someone's quoted words (see `speaker_of`)."""
    return sentence.quoted or len(quoted) * 2 > len(claim.lemmas)


def speaker_of(sentence: Sentence, claim: Claim, quoted: list[str]) -> str | None:
    """Who said the claim, where it is someone's quoted words: a quoted sentence's speaker, or the
    source of a sentence whose claim gives most of its words in quotation marks (`quoted_words`;
    a phrase held at a distance, "the letters didn't represent “all the bishops,”", is the
    outlet's words, and its sentence's source may be someone else); None for the outlet's own
    words. `quoted`: the claim's `quoted_words`."""
    if sentence.quoted:
        return sentence.speaker
    return sentence.attribution if _speech(sentence, claim, quoted) else None


NAME_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})
SPEAKER_LABELS = frozenset({"PERSON", "ORG"})


@dataclass(frozen=True)
class StoryPeopleNames:
    """The people and bodies the story names (its PERSON and ORG entities), which tell a source's
    name from its description."""

    people: list[str]
    """Names of people, as written, longest first: of two found at one place in a source
    ("Brendan Buck", "Brendan"), the full one is read."""
    words: frozenset[str]
    """Every word, casefolded, of a person's or a body's name."""

    @classmethod
    def of(cls, sentences: list[Sentence]) -> StoryPeopleNames:
        entities = [e for s in sentences for e in s.entities if e.label in SPEAKER_LABELS]
        people = sorted({e.text for e in entities if e.label == "PERSON"}, key=len, reverse=True)
        return cls(people, frozenset(w.casefold() for e in entities for w in re.findall(r"\w+", e.text)))

    def word(self, source: str | None) -> str | None:
        """The word by which an outlet names the source, casefolded: the last word of the first
        person named in it ("Buck" of "Brendan Buck, a spokesman for Speaker John A. Boehner",
        "Richmond" of "Representative Cedric L. Richmond of Louisiana"), else of a body it names
        ("RIA" of "Russia's state news agency RIA"); None for a source only described ("The
        letter", "officials", "the Georgetown University letter", "A Republican involved with the
        project"), which outlets describe in other words."""
        if not source:
            return None
        at = {person: source.find(person) for person in self.people if person in source}
        if at:
            return name_word(min(at, key=lambda person: at[person]))
        words = re.findall(r"\w+", source)
        if not words or words[-1][:1].islower():
            return None
        found = name_word(source)
        return found if found in self.words else None


def name_word(source: str) -> str | None:
    """The last capitalised word of a name, casefolded, leaving out titles' small words and
    suffixes ("Jr."): what a sentence naming the same person or body gives."""
    words = [w for w in re.findall(r"\w+", source) if w[:1].isupper()]
    names = [w for w in words if w.casefold() not in STOP_WORDS | NAME_SUFFIXES]
    return names[-1].casefold() if names else None


def _names(words: set[str], word: str) -> bool:
    """Whether `words` hold `word`, in the singular or plural ("letter", "letters")."""
    return word in words or word.removesuffix("s") in words or f"{word}s" in words


def unnamed_speech(sentence: Sentence) -> bool:
    """Someone's words whose speaker the sentence leaves unnamed: the middle of a quotation, or a
    sentence mostly in quotation marks that names no source ("“We know how to win elections,”
    she added.", "He said, “...”"); a phrase in quotation marks inside the outlet's own sentence
    ("the so-called “nuclear option”") is no speech."""
    if sentence.quoted:
        return not sentence.speaker
    inside = sum(end - start for start, end in quoted_regions(sentence.text))
    return not sentence.attribution and inside * 2 > len(sentence.text)


PLACE_OR_PEOPLE = frozenset({"GPE", "NORP", "LOC"})
"""Entity labels of words that say where a source is from ("US and South Korean officials"), not who it is."""


def source_word(sentence: Sentence) -> str | None:
    """The word that names the sentence's source, casefolded: the last capitalised word of its
    attribution ("RIA" in "Russia's state news agency RIA", "KCNA") that is not a country or a
    nationality; for a source only described, its noun ("officials" in "US and South Korean
    officials" and in "senior officials familiar with the talks", "police"); None for none."""
    at = sentence.text.rfind(sentence.attribution) if sentence.attribution else -1
    origin = [(e.start, e.end) for e in sentence.entities if e.label in PLACE_OR_PEOPLE]
    attribution, words = [], []
    for match in re.finditer(r"\S+", sentence.attribution or ""):
        word = match.group()
        attribution.append(word)
        start = at + match.start()
        if word[:1].isupper() and not (at >= 0 and any(a <= start < b for a, b in origin)):
            words.append(word.removesuffix("'s").removesuffix("’s"))
    if not words:
        words = list(takewhile(lambda word: word.casefold() not in DESCRIBED_ENDS, attribution))
    parts = re.findall(r"\w+", words[-1]) if words else []
    return parts[-1].casefold() if parts else None


def _same_figures(mine: list[Quantity], theirs: list[Quantity]) -> bool:
    """The outlet gives this slot the same values somewhere: then another value elsewhere is no dispute."""
    return bool(theirs) and all(any(same_value(a, b) for b in theirs) for a in mine)


def fact_support(
    fact_id: int,
    sentence: Sentence,
    kept: tuple[int, ...],
    support: Support,
    conflicts: list[Conflict],
    ref: Callable[[Sentence], SentenceRef],
    settings: ConflictSettings = ConflictSettings(),
    source: str | None = None,
) -> tuple[list[OutletSupport], list[Conflict]]:
    """Each outlet's stance on the claims `kept` of the sentence (the fact's wording): states every
    one, gives another value (in a conflict found on the fact, or for a figure of one of them, or
    another source where the wording names `source` and its article does not), states some, none
    but tells something close (`Support.close_to`), or none; and the conflicts on claims' figures
    and places that the fact's conflicts did not hold."""
    own = support.outlet_of[sentence.article_id]
    theirs: dict[str, list[ConflictValue]] = {}
    for conflict in conflicts:
        mine = next((v.normalised for v in conflict.values if v.outlet == own), None)
        for value in conflict.values:
            if mine is not None and value.normalised != mine:
                theirs.setdefault(value.outlet, []).append(value)
    added: dict[tuple[str, str, str], Conflict] = {}

    def dispute(key: tuple[str, str, str], slot: ConflictSlot, outlet: str, ours: tuple[str, str], other: tuple[str, str], where: Sentence) -> None:
        """The outlet's other value (written, compared) of the slot, and the conflict it makes with ours."""
        value = ConflictValue(outlet=outlet, value=other[0], normalised=other[1], evidence=ref(where))
        theirs.setdefault(outlet, []).append(value)
        mine_value = ConflictValue(outlet=own, value=ours[0], normalised=ours[1], evidence=ref(sentence))
        added.setdefault(key, Conflict(fact_id=fact_id, slot=slot, values=[mine_value])).values.append(value)

    stances = []
    for outlet, found in support.stating(sentence, kept).items():
        parts: tuple[list[str], list[str]] = ([], [])
        if outlet != own:
            known = {c.slot for c in conflicts if any(v.outlet == outlet for v in c.values)}
            for key, (here, there, where) in support.other_values(sentence, outlet, kept, settings).items():
                if ConflictSlot(here.kind) not in known:
                    dispute(key, ConflictSlot(here.kind), outlet, (here.text, normalised(here)), (there.text, normalised(there)), where)
            place = support.other_place(sentence, outlet, kept, settings) if ConflictSlot.PLACE not in known else None
            if place is not None:
                here_place, there_place, where = place
                key = (ConflictSlot.PLACE, here_place.key, "")
                dispute(key, ConflictSlot.PLACE, outlet, (here_place.text, here_place.key), (there_place.text, there_place.key), where)
        stated = sum(found)
        closest = support.closest(sentence, outlet, kept) if stated else None
        evidence: SentenceRef | None
        value_text: str | None
        if outlet in theirs:
            status, value_text, evidence = SupportStatus.DIFFERS, ", ".join(v.value for v in theirs[outlet]), theirs[outlet][0].evidence
        elif found and stated == len(found) and closest is not None and not support.names_source(outlet, source):
            theirs_from = support.source_of(sentence, outlet, kept)
            told = theirs_from.attribution if theirs_from is not None else None
            status, value_text, evidence = SupportStatus.OTHER_SOURCE, told, ref(theirs_from or closest)
        elif stated:
            status = SupportStatus.STATES if stated == len(found) else SupportStatus.PARTLY
            value_text, evidence = None, ref(closest) if closest is not None else None
            if status == SupportStatus.PARTLY:
                made = claims(sentence)
                words = [claim_words(sentence, made[k]) for k in kept]
                parts = ([w for w, ok in zip(words, found) if ok], [w for w, ok in zip(words, found) if not ok])
        else:
            near = support.close_to(sentence, outlet, kept)
            status = SupportStatus.SILENT if near is None else SupportStatus.CLOSE
            value_text, evidence = None, ref(near) if near is not None else None
        stances.append(
            OutletSupport(
                outlet=outlet,
                status=status,
                claims_stated=stated,
                claims=len(found),
                value=value_text,
                evidence=evidence,
                stated_parts=parts[0],
                missing_parts=parts[1],
            )
        )
    return stances, list(added.values())


def claim_words(sentence: Sentence, claim: Claim) -> str:
    """The claim's words as its sentence writes them, each claim inside it shown as "…": a reader
    told that an outlet states a fact in part sees which part, and a claim's span may hold another
    claim the outlet does not state ("Even some justices [who seemed sympathetic to the
    plaintiffs] expressed qualms"). A bracket the claim opens is shown closed where the sentence
    closes it right after: "calling out Speaker of the House John Boehner (R-Ohio)", not "(R-Ohio"."""
    text = sentence.text
    inner = sorted((c.start, c.end) for c in claims(sentence) if claim.start <= c.start and c.end <= claim.end and (c.start, c.end) != (claim.start, claim.end))
    pieces, at = [], claim.start
    for start, end in inner:
        if start >= at:
            pieces += [text[at:start], "…"]
            at = end
    pieces.append(text[at : claim.end])
    words = " ".join(piece for piece in (p.strip(" ,;:–—-") for p in pieces) if piece)
    if words.count("(") > words.count(")") and text[claim.end : claim.end + 1] == ")":
        words += ")"
    return re.sub(r"…(?: …)+", "…", re.sub(r"\s+", " ", words))


def placed(sentence: Sentence, there: Entity, here: Entity, claim: Claim | None = None) -> str:
    """The sentence's text (or the claim's, of it) with the place `here` written where it names `there`."""
    start, end = (claim.start, claim.end) if claim is not None else (0, len(sentence.text))
    return sentence.text[start : there.start] + here.text + sentence.text[there.end : end]


@dataclass(frozen=True)
class ClaimScores:
    """What scoring claims against sentences needs, made once: every claim's and sentence's vector
    from one encoder call, and the rarity-weighted terms. Scores are then made for a block of
    claims at a time; a block's vector products may round their last bits otherwise than one
    product over every claim (on a 100-article story, two near-equal sentences traded places as an
    outlet's closest to a fact)."""

    claim_vectors: np.ndarray
    sentence_vectors: np.ndarray
    starts: np.ndarray
    """Where each sentence's run of claims starts in the claim rows (they are listed in sentence order)."""
    present: np.ndarray
    """The sentences with claims, in the order of `starts`."""
    weights: sparse.csr_matrix
    """weights[claim, term]: the term's rarity weight where the claim names it."""
    has: sparse.csr_matrix
    """has[sentence, term]: 1 where the sentence names the term."""
    total: np.ndarray
    """Each claim's summed weights: the content a sentence must have all of to carry it whole."""
    predicates: sparse.csr_matrix
    """predicates[claim, term]: 1 where the claim names the term outside its subject (`predicate_terms`)."""
    actions: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    """Each claim's action (`Claim.action`) as a term, -1 where its terms lack it."""
    substance: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    """How many terms each claim names besides verbs of saying and who said it (`substance_terms`):
    none, and the claim only says who spoke."""

    @classmethod
    def of(
        cls, sentences: list[Sentence], made: list[tuple[int, Claim]], encoder: SentenceEncoder, rarity_power: float, quoted: list[list[str]]
    ) -> ClaimScores:
        """`quoted`: each claim's `quoted_words`."""
        requests = [part_text(sentences[i].text, c.start, c.end) for i, c in made] + [s.text for s in sentences]
        vectors = encoder.encode(requests) if made else np.zeros((len(sentences), 1), dtype=np.float32)
        present, starts = np.unique(np.array([i for i, _ in made], dtype=np.int64), return_index=True)
        weights, predicates, has, actions = claim_terms_matrix(sentences, made, rarity_power)
        total = np.asarray(weights.sum(axis=1)).ravel()
        substance = np.array([len(substance_terms(sentences[i], claim, words)) for (i, claim), words in zip(made, quoted)], dtype=np.int64)
        return cls(vectors[: len(made)], vectors[len(made) :], starts, present, weights, has, total, predicates, actions, substance)

    def blocks(self) -> list[slice]:
        """The claim rows a block at a time (`compare.blocks`): a block's scores span every
        sentence, and its closest claims every claim."""
        return row_blocks(len(self.claim_vectors), max(len(self.sentence_vectors), len(self.claim_vectors)))

    def to_sentences(self, block: slice) -> np.ndarray:
        """Cosine of each claim of the block to each whole sentence."""
        return self.claim_vectors[block] @ self.sentence_vectors.T

    def to_claims(self, block: slice) -> np.ndarray:
        """Cosine of each claim of the block to each claim."""
        return self.claim_vectors[block] @ self.claim_vectors.T

    def meaning(self, block: slice, whole: np.ndarray, pairs: np.ndarray) -> np.ndarray:
        """Cosine of each claim of the block to each sentence: to the sentence itself (`whole`, the
        block's `to_sentences`, left as it is) or to its closest claim (`pairs`, the block's `to_claims`)."""
        closest = np.maximum.reduceat(pairs, self.starts, axis=1)
        meaning = whole.copy()
        meaning[:, self.present] = np.maximum(meaning[:, self.present], closest)
        return meaning

    def content(self, block: slice) -> np.ndarray:
        """Share of each claim's terms of the block, weighted by their rarity in the story, that each sentence has."""
        found = (self.weights[block] @ self.has.T).toarray()
        share = found / np.maximum(self.total[block], 1e-9)[:, None]
        share[(self.weights[block].getnnz(axis=1) < CONTENT_TERMS) | (self.substance[block] == 0)] = 0.0
        return share

    def told_less(self, block: slice, close: np.ndarray) -> np.ndarray:
        """told_less[claim of the block, claim]: the second claim says less of the same thing than
        the first, and nothing else: its action is among the first's words, most of its words
        (`LESS_SHARE`, weighted by rarity) are, and the two are close in meaning. "buying new
        patrol ships" tells less of "wants to buy four coastal patrol ships from a South Korean
        shipyard": the outlet that writes it has not left the ships out. `close`: which pairs are
        close enough in meaning for shared words to count (`SupportSettings.meaning_floor`)."""
        mine = self.weights[block]
        inside = (mine.sign() @ self.weights.T).toarray().astype(np.float32) >= LESS_SHARE * self.total[None, :]
        acted = self.actions >= 0
        named = np.zeros(inside.shape, dtype=bool)
        named[:, acted] = mine[:, self.actions[acted]].toarray() > 0
        return inside & named & close & (self.weights.getnnz(axis=1) >= LESS_TERMS)[None, :]

    def on_predicate(self, block: slice) -> np.ndarray:
        """Whether each sentence has a term of what each claim of the block says of its subject
        (`predicate_terms`); true for a claim whose every term is in its subject."""
        mine = self.predicates[block]
        found = (mine @ self.has.T).toarray() > 0
        return found | (mine.getnnz(axis=1) == 0)[:, None]


def carrying(meaning: np.ndarray, content: np.ndarray, settings: SupportSettings) -> np.ndarray:
    """How far each sentence carries each claim: 1 for a near paraphrase, its share of the claim's
    content when the meaning is close enough for shared words to count, else 0. A sentence with a
    word of what the claim says of its subject (`ClaimScores.on_predicate`) states the claim at
    `shared_content`."""
    return np.where(meaning >= settings.paraphrase, 1.0, np.where(meaning >= settings.meaning_floor, content, 0.0))


def claim_terms_matrix(
    sentences: list[Sentence], made: list[tuple[int, Claim]], rarity_power: float
) -> tuple[sparse.csr_matrix, sparse.csr_matrix, sparse.csr_matrix, np.ndarray]:
    """Each claim's terms weighted by their rarity in the story (IDF to `rarity_power`), which of
    them it says of its subject, which terms each sentence names, and each claim's action as a
    term (-1 where its terms lack it)."""
    vocabulary: dict[str, int] = {}
    rows, columns = [], []
    for i, sentence in enumerate(sentences):
        for term in set(sentence_terms(sentence)):
            rows.append(i)
            columns.append(vocabulary.setdefault(term, len(vocabulary)))
    has = sparse.csr_matrix((np.ones(len(rows), dtype=np.float32), (rows, columns)), shape=(len(sentences), len(vocabulary)))
    frequency = np.asarray(has.sum(axis=0)).ravel()
    idf = np.log((1 + len(sentences)) / (1 + frequency)) + 1.0
    weights = sparse.lil_matrix((len(made), len(vocabulary)), dtype=np.float32)
    predicates = sparse.lil_matrix((len(made), len(vocabulary)), dtype=np.float32)
    for row, (i, claim) in enumerate(made):
        # A claim's terms are among its sentence's, so each is in the vocabulary.
        for term in set(claim_terms(sentences[i], claim)):
            weights[row, vocabulary[term]] = idf[vocabulary[term]] ** rarity_power
        for term in set(predicate_terms(sentences[i], claim)):
            predicates[row, vocabulary[term]] = 1.0
    actions = np.array([vocabulary.get(claim.action, -1) if claim.action in claim.lemmas else -1 for _, claim in made], dtype=np.int64)
    return weights.tocsr(), predicates.tocsr(), has, actions

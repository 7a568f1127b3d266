"""Aligning sentences across outlets into facts: which sentences state the same thing.

Two sentences are compared by meaning (sentence embeddings, which see that "armoured train" and
"bulletproof train" or "white dolphins" and "beluga whales" are close) and by what they name
(TF-IDF of content lemmas, entity keys and normalised quantities, with the IDF taken over the
story, so that what every sentence shares, "Kim", "Russia", counts for little and the specific
"walrus", "train", "Wednesday" carry the match). Within one story every sentence is on the same
topic, so embeddings alone rate unrelated sentences of the story as fairly close; a pair is kept
when it is clearly similar, or when the two are each other's best match.

What is compared are units: every sentence, and the clauses of a long sentence on their own, so
that "Mr Kim's trip, highlighted by a summit with Mr Putin on Wednesday, has underscored how
their interests are aligning" can support the summit fact another outlet reports and still
stand as a fact of its own.

Meaning and shared words miss one case that matters: the same event told around different
details ("held talks at the cosmodrome on Wednesday" / "a summit with Mr Putin on Wednesday").
Units that name an event of one kind on one day between the same people (`compare.events`) are
grouped as one fact when they are at least loosely alike.

And one outlet may tell in one sentence what another tells in several. The summing sentence is
aligned with the closest of them; each other one that shares with it a word no other sentence of
either outlet uses is aligned with it as a fact of its own (`part_facts`).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer

from storylens.analyze.embeddings import SentenceEncoder, part_text
from storylens.compare.blocks import row_blocks
from storylens.compare.events import event_marks, same_event
from storylens.compare.summary_hygiene import is_label
from storylens.config import FactSettings
from storylens.model import Clause, Role, Sentence

FACT_ROLES = frozenset({Role.STANDFIRST, Role.BODY})
"""Roles that can state a fact; captions may only back a fact some body sentence states."""
def states_fact(sentence: Sentence) -> bool:
    """Body and standfirst sentences state facts; a question ("Maybe Kim should try sit-ups?") does
    not, nor a line that only labels what follows ("WASHINGTON --", "UPDATE:"), which would stand in
    the report as a fact that one outlet alone gives."""
    return sentence.role in FACT_ROLES and not sentence.text.rstrip("'\"’” ").endswith("?") and not is_label(sentence.text)


@dataclass(frozen=True)
class Unit:
    """A sentence, or one clause of it, as compared."""

    sentence: int
    text: str
    features: list[str]
    whole: bool
    request: str
    """What the encoder is asked for: the sentence, or the clause read within its sentence."""
    marks: frozenset[str]
    """Kinds of event on days the unit names (`events.event_marks`)."""
    participants: frozenset[str]
    """Entity keys the unit names."""


def _features(lemmas: list[str], sentence: Sentence, start: int, end: int) -> list[str]:
    """What two units must share to state the same thing: lemmas, entities, and what their figures
    measure. Not the figures' values: two outlets that give different numbers for the same thing
    state the same fact in conflict, and must still be aligned for the conflict to be seen."""
    features = [lemma for lemma in lemmas if not any(c.isdigit() for c in lemma)]
    features += ["entity:" + e.key for e in sentence.entities if start <= e.start and e.end <= end]
    features += [f"{q.kind}:{q.subject or q.unit}" for q in sentence.quantities if start <= q.start and q.end <= end]
    return features


def _unit(index: int, sentence: Sentence, lemmas: list[str], start: int, end: int) -> Unit:
    whole = (start, end) == (0, len(sentence.text))
    return Unit(
        sentence=index,
        text=sentence.text[start:end],
        features=_features(lemmas, sentence, start, end),
        whole=whole,
        request=sentence.text if whole else part_text(sentence.text, start, end),
        marks=event_marks(sentence, start, end),
        participants=frozenset(e.key for e in sentence.entities if start <= e.start and e.end <= end),
    )


def units_of(index: int, sentence: Sentence, settings: FactSettings = FactSettings()) -> list[Unit]:
    units = [_unit(index, sentence, sentence.lemmas, 0, len(sentence.text))]
    for clause in sentence.clauses:
        if _is_part(clause, sentence, settings.whole_clause_share):
            units.append(_unit(index, sentence, clause.lemmas, clause.start, clause.end))
    return units


def _is_part(clause: Clause, sentence: Sentence, whole_share: float) -> bool:
    return clause.end - clause.start < whole_share * len(sentence.text)


@dataclass
class Alignment:
    """The facts, and how similar any two of the story's sentences are (for the conflict check)."""

    facts: list[list[Sentence]]
    sentences: list[Sentence]
    units: list[Unit]
    alike: Similarity | None
    """Unit similarities, held or made when asked; None for a story without units."""
    closeness: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.float32))
    """Each unit's summed similarity to every other unit: what `centrality` reads."""
    index: dict[tuple[str, int], list[int]] = field(init=False)

    def __post_init__(self) -> None:
        self.index = {}
        for u, unit in enumerate(self.units):
            sentence = self.sentences[unit.sentence]
            self.index.setdefault((sentence.article_id, sentence.position), []).append(u)

    def similarity(self, a: Sentence, b: Sentence) -> float:
        """The similarity of the closest units of the two sentences."""
        assert self.alike is not None, "an alignment without units holds no sentences to compare"
        rows = self.index[(a.article_id, a.position)]
        columns = self.index[(b.article_id, b.position)]
        return float(self.alike.block(rows, columns).max())

    def centrality(self, sentence: Sentence) -> float:
        """How close the sentence is, on average, to every other sentence of the story (its closest
        unit's mean similarity to the other units): what many sentences of the story circle
        around, as LexRank reads it, scores high. A unit's similarity to itself is zero (one
        outlet), so its sum is over the others."""
        rows = self.index[(sentence.article_id, sentence.position)]
        if len(self.units) < 2:
            return 0.0
        return float(self.closeness[rows].max() / (len(self.units) - 1))


@dataclass
class Group:
    units: list[int]
    sentences: dict[int, str] = field(default_factory=dict)
    """Sentence index → article id, for the per-article cap."""

    def per_article(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for article in self.sentences.values():
            counts[article] = counts.get(article, 0) + 1
        return counts


def lexical_vectors(units: list[Unit]) -> sparse.csr_matrix:
    """Each unit's TF-IDF vector of its features, the IDF taken over the story's units."""
    vectorizer = TfidfVectorizer(analyzer=lambda unit: unit.features, sublinear_tf=True, norm="l2", dtype=np.float64)
    return vectorizer.fit_transform(units)


Index = slice | list[int] | np.ndarray
"""Units by a slice of their numbers or by a list of them."""


HELD_CELLS = 1 << 26
"""Pairs of units whose similarities are held at once, 256 MB of float32: a story of up to some 8,000
units (about 120 articles) keeps the whole matrix, which the grouping and the conflict check read
many times; a longer one has its similarities made when asked, slower, in memory that follows its
size rather than its size squared."""


@dataclass
class Similarity:
    """How alike any two units of a story are, `weight` of it by meaning (sentence vectors) and the
    rest by shared words (TF-IDF over the story); zero within an outlet, since alignment is across
    outlets. A story of a few hundred articles has tens of thousands of units, and a matrix of
    every pair of them takes gigabytes where their vectors take megabytes: the matrix is held only
    while it stays within `HELD_CELLS`, and otherwise each block is made when asked. Products are
    taken in double precision and rounded to float32, so that a pair comes out the same in
    whatever block it is made, held or not."""

    meaning: np.ndarray
    words: sparse.csr_matrix
    code: np.ndarray
    """Each unit's outlet as a small integer (`outlet_codes`)."""
    weight: float
    held: np.ndarray | None = None

    @classmethod
    def of(cls, units: list[Unit], encoder: SentenceEncoder, outlets: list[str], weight: float) -> Similarity:
        """Each distinct sentence is encoded once, its clauses pooled from the same pass."""
        distinct = list(dict.fromkeys(u.request for u in units))
        position = {text: i for i, text in enumerate(distinct)}
        meaning = encoder.encode(distinct)[[position[u.request] for u in units]].astype(np.float64)
        alike = cls(meaning, lexical_vectors(units), outlet_codes(outlets), weight)
        if len(units) ** 2 <= HELD_CELLS:
            held = np.empty((len(units), len(units)), dtype=np.float32)
            for rows in row_blocks(len(units), len(units)):
                held[rows] = alike.block(rows)
            alike.held = held
        return alike

    def __len__(self) -> int:
        return len(self.code)

    def block(self, rows: Index, columns: Index = slice(None)) -> np.ndarray:
        """similarity[rows, columns], float32, a new array."""
        if self.held is not None:
            if isinstance(rows, slice) or isinstance(columns, slice):
                return self.held[rows][:, columns].copy()
            return self.held[np.ix_(np.asarray(rows), np.asarray(columns))]
        found = self.weight * (self.meaning[rows] @ self.meaning[columns].T)
        found += (1 - self.weight) * (self.words[rows] @ self.words[columns].T).toarray()
        alike = found.astype(np.float32)
        alike[self.code[rows][:, None] == self.code[columns][None, :]] = 0.0
        return alike

    def pairs(self, first: np.ndarray, second: np.ndarray) -> np.ndarray:
        """similarity[first[k], second[k]] for each k, float32."""
        if self.held is not None:
            return self.held[first, second]
        meaning = np.einsum("ij,ij->i", self.meaning[first], self.meaning[second])
        words = np.asarray(self.words[first].multiply(self.words[second]).sum(axis=1)).ravel()
        alike = (self.weight * meaning + (1 - self.weight) * words).astype(np.float32)
        alike[self.code[first] == self.code[second]] = 0.0
        return alike


def outlet_codes(outlets: list[str]) -> np.ndarray:
    """Each unit's outlet as a small integer, numbered in name order; integers compare fast in bulk."""
    return np.unique(np.array(outlets), return_inverse=True)[1]


@dataclass(frozen=True)
class Links:
    """The similarity that grouping uses: raised to the clause threshold (enough to align, whole
    sentences or clauses) for pairs that report the same event (`events.same_event`) and are at
    least `event_floor` alike. The conflict check and the facts' agreement keep the plain
    similarity, so such a pair never speaks for both outlets in the summary, nor has its figures
    compared, on the strength of the event alone."""

    alike: Similarity
    first: np.ndarray
    second: np.ndarray
    """The raised pairs, each in both orders."""
    floor: float

    @classmethod
    def of(cls, units: list[Unit], alike: Similarity, settings: FactSettings = FactSettings()) -> Links:
        pairs = same_event([u.marks for u in units], [u.participants for u in units], settings)
        pairs = pairs[alike.pairs(pairs[:, 0], pairs[:, 1]) >= settings.event_floor] if len(pairs) else pairs.reshape(0, 2)
        first = np.concatenate([pairs[:, 0], pairs[:, 1]])
        second = np.concatenate([pairs[:, 1], pairs[:, 0]])
        return cls(alike, first, second, settings.clause_threshold)

    def block(self, rows: Index, columns: Index = slice(None)) -> np.ndarray:
        return self.raised(self.alike.block(rows, columns), rows, columns)

    def raised(self, found: np.ndarray, rows: Index, columns: Index = slice(None)) -> np.ndarray:
        """The block `found` (similarity[rows, columns]) with the same-event pairs in it raised, in place."""
        if len(self.first):
            row_at, column_at = self._positions(rows), self._positions(columns)
            r, c = row_at[self.first], column_at[self.second]
            inside = (r >= 0) & (c >= 0)
            r, c = r[inside], c[inside]
            found[r, c] = np.maximum(found[r, c], self.floor)
        return found

    def _positions(self, index: Index) -> np.ndarray:
        """Where each unit is in a block's rows or columns taken by `index`; -1 for those not in it."""
        at = np.full(len(self.alike), -1, dtype=np.int64)
        taken = np.arange(len(self.alike))[index]
        at[taken] = np.arange(len(taken))
        return at


def best_per_outlet(alike: Similarity, whole: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """best[k, c]: the highest similarity of unit rows[k] to a whole sentence of outlet number c.
    The whole sentences' columns are sorted by outlet and each outlet's block reduced to its maximum
    at once, a block of rows at a time."""
    columns, present, starts = outlet_columns(alike.code, whole)
    best = np.zeros((len(rows), int(alike.code.max()) + 1), dtype=np.float32)
    if len(columns):
        for part in row_blocks(len(rows), len(columns)):
            best[part, present] = np.maximum.reduceat(alike.block(rows[part], columns), starts, axis=1)
    return best


def outlet_columns(code: np.ndarray, whole: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The whole sentences' columns sorted by outlet, the outlets present and where each one's run
    of columns starts: what `np.maximum.reduceat` needs to take each outlet's best at once."""
    columns = np.flatnonzero(whole)
    columns = columns[np.argsort(code[columns], kind="stable")]
    present, starts = np.unique(code[columns], return_index=True)
    return columns, present, starts


@dataclass
class Scan:
    """What one pass over every pair of units finds: the candidate pairs for grouping (each
    pair's raised similarity at or above the lowest threshold, `mutual_threshold`), each unit's best
    match per outlet among whole sentences (raised), and each unit's summed plain similarity."""

    rows: np.ndarray
    columns: np.ndarray
    values: np.ndarray
    best: np.ndarray
    closeness: np.ndarray

    @classmethod
    def of(cls, links: Links, whole: np.ndarray, settings: FactSettings = FactSettings()) -> Scan:
        count = len(links.alike)
        columns, present, starts = outlet_columns(links.alike.code, whole)
        best = np.zeros((count, int(links.alike.code.max()) + 1), dtype=np.float32)
        closeness = np.zeros(count, dtype=np.float32)
        found_rows, found_columns, found_values = [], [], []
        for part in row_blocks(count, count):
            block = links.alike.block(part)
            closeness[part] = block.sum(axis=1)
            links.raised(block, part)
            if len(columns):
                best[part, present] = np.maximum.reduceat(block[:, columns], starts, axis=1)
            r, c = np.nonzero(block >= settings.mutual_threshold)
            upper = c > r + part.start
            found_rows.append(r[upper] + part.start)
            found_columns.append(c[upper])
            found_values.append(block[r[upper], c[upper]])
        return cls(np.concatenate(found_rows), np.concatenate(found_columns), np.concatenate(found_values), best, closeness)

    def candidate_pairs(self, whole: np.ndarray, code: np.ndarray, settings: FactSettings = FactSettings()) -> list[tuple[int, int]]:
        """Pairs above the threshold, or two whole sentences above the lower one that are each other's
        best match in the other's outlet; strongest first. Clauses are short, and short texts are
        often each other's best match by chance, so they must clear the full threshold."""
        rows, columns, values = self.rows, self.columns, self.values
        wholes = whole[rows] & whole[columns]
        mutual = wholes & (values >= self.best[rows, code[columns]]) & (values >= self.best[columns, code[rows]])
        keep = (values >= np.where(wholes, settings.align_threshold, settings.clause_threshold)) | mutual
        strongest = np.argsort(-values[keep], kind="stable")
        return list(zip(rows[keep][strongest].tolist(), columns[keep][strongest].tolist()))


def align(
    sentences: list[Sentence], outlet_of: dict[str, str], encoder: SentenceEncoder, settings: FactSettings = FactSettings()
) -> Alignment:
    """Group sentences into facts.

    A fact is a group of units from two or more outlets; a fact-stating sentence that no such
    group holds as a whole is also a single-source fact of its own.
    """
    sentences = [s for s in sentences if s.role in FACT_ROLES or s.role == Role.CAPTION]
    units = [unit for i, s in enumerate(sentences) for unit in units_of(i, s, settings)]
    if not units:
        return Alignment([], [], [], None)
    outlets = [outlet_of[sentences[u.sentence].article_id] for u in units]
    alike = Similarity.of(units, encoder, outlets, settings.embedding_weight)
    links = Links.of(units, alike, settings)
    whole = np.array([unit.whole for unit in units])
    scan = Scan.of(links, whole, settings)
    groups = _grouped(units, sentences, links, scan.candidate_pairs(whole, alike.code, settings), settings)
    groups += part_facts(groups, units, sentences, alike, settings)
    facts: list[list[Sentence]] = []
    shared: set[int] = set()
    for group in groups:
        members = [sentences[i] for i in sorted(group.sentences)]
        if len({outlet_of[s.article_id] for s in members}) > 1 and any(states_fact(s) for s in members):
            facts.append(members)
            shared |= {units[u].sentence for u in group.units if units[u].whole}
    facts += [[s] for i, s in enumerate(sentences) if states_fact(s) and i not in shared]
    return Alignment(facts, sentences, units, alike, scan.closeness)


def _grouped(
    units: list[Unit], sentences: list[Sentence], links: Links, candidates: list[tuple[int, int]], settings: FactSettings
) -> list[Group]:
    """Greedy merging of the strongest pairs first, within the per-article cap and group cohesion."""
    groups = [Group([u], {unit.sentence: sentences[unit.sentence].article_id}) for u, unit in enumerate(units)]
    owner = list(range(len(units)))
    for i, j in candidates:
        a, b = owner[i], owner[j]
        if a == b or not _may_merge(groups[a], groups[b], links, settings):
            continue
        groups[a].units += groups[b].units
        groups[a].sentences.update(groups[b].sentences)
        for member in groups[b].units:
            owner[member] = a
        groups[b] = Group([])
    return [g for g in groups if g.units]


def _may_merge(a: Group, b: Group, links: Links, settings: FactSettings) -> bool:
    merged = Group(a.units + b.units, {**a.sentences, **b.sentences})
    if any(count > settings.max_per_article for count in merged.per_article().values()):
        return False
    cross = links.block(a.units, b.units)
    linked = cross[cross > 0]
    return bool(linked.size) and float(linked.mean()) >= settings.group_threshold


def part_facts(
    groups: list[Group],
    units: list[Unit],
    sentences: list[Sentence],
    alike: Similarity,
    settings: FactSettings = FactSettings(),
) -> list[Group]:
    """Facts pairing a sentence that sums up several of another article with each of them past the
    closest, with which it is already grouped.

    "He watched performances featuring beluga whales, bottlenose dolphins, fur seals and Misha
    the walrus" is one outlet's sentence for two of another's: one on the walrus, one on "white
    dolphins and other sea animals". The summing sentence is grouped with the walrus sentence, its
    closest; the dolphin sentence, the other part told in other words, stays under every threshold
    (0.43) and is nobody's mutual match. Nor does it join the walrus fact: there the outlets agree
    closely, and a loose part would lower their agreement and drop the fact from the summary.

    A sentence in no fact is paired with its best match in another outlet when that match is
    grouped with a sentence of the same article (it sums up what the article tells) and the two
    are at least loosely alike (`group_threshold`), provided that
    - the match is distinct (`distinct_ratio`): a background sentence ("The second-term
      congressman represents New York's 11th District") is about as close to several sentences;
    - the two name something, a word, a name or what a figure counts, that no other sentence of
      either outlet names ("dolphin"): closeness alone cannot tell another part of the same
      scene from another scene that is as close.
    Each test alone lets such sentences through: on the keyed BASIL events, three to five more
    pairs, at most one of them right; together, none."""
    whole = np.array([unit.whole for unit in units])
    code = alike.code
    group_of = {u: group for group in groups for u in group.units}
    details = [
        u
        for u in np.flatnonzero(whole).tolist()
        if _outlet_count(group_of[u], code) == 1 and states_fact(sentences[units[u].sentence])
    ]
    if not details:
        return []
    best = best_per_outlet(alike, whole, np.array(details))
    columns_of = [np.flatnonzero(whole & (code == c)) for c in range(best.shape[1])]
    named = _naming_counts(units, code)
    article_of = [sentences[unit.sentence].article_id for unit in units]
    parts = []
    for detail, best_of_outlet in zip(details, best):
        sentence = sentences[units[detail].sentence]
        for other in np.flatnonzero(best_of_outlet >= settings.group_threshold):
            match = _distinct_match(alike.block([detail], columns_of[other])[0], columns_of[other], settings.distinct_ratio)
            if match is None:
                continue
            summing = group_of[match]
            if (
                _outlet_count(summing, code) > 1
                and sentence.article_id in summing.sentences.values()
                and _share_own_name(units[detail], units[match], named[int(code[detail])], named[int(other)])
            ):
                members = {units[detail].sentence: sentence.article_id, units[match].sentence: article_of[match]}
                parts.append(Group([int(detail), match], members))
                break
    return parts


def _distinct_match(values: np.ndarray, columns: np.ndarray, ratio: float) -> int | None:
    """The column of the best match (`values` of `columns`), if the runner-up is at most `ratio` as similar."""
    best = int(np.argmax(values))
    runner_up = np.delete(values, best).max(initial=0.0)
    return int(columns[best]) if runner_up <= ratio * values[best] else None


def _naming_counts(units: list[Unit], code: np.ndarray) -> dict[int, Counter[str]]:
    """For each outlet, how many of its sentences name each term (lemma, entity, what a figure counts)."""
    counts: dict[int, Counter[str]] = {}
    for u, unit in enumerate(units):
        if unit.whole:
            counts.setdefault(int(code[u]), Counter()).update(set(unit.features))
    return counts


def _share_own_name(a: Unit, b: Unit, named_a: Counter[str], named_b: Counter[str]) -> bool:
    """Whether a and b name a term that no other sentence of their outlets names."""
    return any(named_a[term] == 1 and named_b[term] == 1 for term in set(a.features) & set(b.features))


def _outlet_count(group: Group, code: np.ndarray) -> int:
    return len({int(code[u]) for u in group.units})

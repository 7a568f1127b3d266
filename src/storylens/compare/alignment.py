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
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer

from storylens.analyze.embeddings import SentenceEncoder, part_text
from storylens.compare.blocks import row_blocks
from storylens.compare.events import event_marks, same_event
from storylens.config import FactSettings
from storylens.model import Clause, Role, Sentence

FACT_ROLES = frozenset({Role.STANDFIRST, Role.BODY})
"""Roles that can state a fact; captions may only back a fact some body sentence states."""
def states_fact(sentence: Sentence) -> bool:
    """Body and standfirst sentences state facts; a question ("Maybe Kim should try sit-ups?") does not."""
    return sentence.role in FACT_ROLES and not sentence.text.rstrip("'\"’” ").endswith("?")


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
    matrix: np.ndarray
    index: dict[tuple[str, int], list[int]] = field(init=False)

    def __post_init__(self) -> None:
        self.index = {}
        for u, unit in enumerate(self.units):
            sentence = self.sentences[unit.sentence]
            self.index.setdefault((sentence.article_id, sentence.position), []).append(u)

    def similarity(self, a: Sentence, b: Sentence) -> float:
        """The similarity of the closest units of the two sentences."""
        rows = self.index[(a.article_id, a.position)]
        columns = self.index[(b.article_id, b.position)]
        return float(self.matrix[np.ix_(rows, columns)].max())

    def centrality(self, sentence: Sentence) -> float:
        """How close the sentence is, on average, to every other sentence of the story (its closest
        unit's mean similarity to the other units): what many sentences of the story circle
        around, as LexRank reads it, scores high."""
        rows = self.index[(sentence.article_id, sentence.position)]
        if len(self.units) < 2:
            return 0.0
        others = self.matrix[rows].sum(axis=1) - self.matrix[rows, rows]
        return float(others.max() / (len(self.units) - 1))


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
    vectorizer = TfidfVectorizer(analyzer=lambda unit: unit.features, sublinear_tf=True, norm="l2", dtype=np.float32)
    return vectorizer.fit_transform(units)


def similarity_matrix(units: list[Unit], encoder: SentenceEncoder, outlets: list[str], weight: float) -> np.ndarray:
    """Similarity of every pair of units, `weight` of it by meaning and the rest by shared words;
    zero within an outlet, since alignment is across outlets. Each distinct sentence is encoded
    once, its clauses pooled from the same pass. The shared words are added a block of rows at a
    time (`compare.blocks`), so that the story's one float32 matrix is all it holds at once."""
    distinct = list(dict.fromkeys(u.request for u in units))
    position = {text: i for i, text in enumerate(distinct)}
    embeddings = encoder.encode(distinct)[[position[u.request] for u in units]]
    lexical = lexical_vectors(units)
    code = outlet_codes(outlets)
    matrix = embeddings @ embeddings.T
    matrix *= weight
    for rows in row_blocks(len(units), len(units)):
        matrix[rows] += (1 - weight) * (lexical[rows] @ lexical.T).toarray()
        matrix[rows][code[rows, None] == code[None, :]] = 0.0
    return matrix


def outlet_codes(outlets: list[str]) -> np.ndarray:
    """Each unit's outlet as a small integer, numbered in name order; integers compare fast in bulk."""
    return np.unique(np.array(outlets), return_inverse=True)[1]


@contextmanager
def event_links(units: list[Unit], matrix: np.ndarray, settings: FactSettings = FactSettings()) -> Iterator[np.ndarray]:
    """The similarity that grouping uses: raised to the clause threshold (enough to align, whole
    sentences or clauses) for pairs that report the same event (`events.same_event`) and are at
    least `event_floor` alike. The conflict check and the facts' agreement keep the plain
    similarity, so such a pair never speaks for both outlets in the summary, nor has its figures
    compared, on the strength of the event alone: the matrix is raised in place while grouping
    runs and given back its values after, since a copy of it would double what a story holds."""
    pairs = same_event([u.marks for u in units], [u.participants for u in units], settings)
    pairs = pairs[matrix[pairs[:, 0], pairs[:, 1]] >= settings.event_floor]
    first, second = pairs[:, 0], pairs[:, 1]
    before, after = matrix[first, second], matrix[second, first]
    for i, j in pairs:
        matrix[i, j] = matrix[j, i] = max(matrix[i, j], settings.clause_threshold)
    try:
        yield matrix
    finally:
        matrix[second, first] = after
        matrix[first, second] = before


def best_per_outlet(matrix: np.ndarray, code: np.ndarray, whole: np.ndarray, rows: np.ndarray | None = None) -> np.ndarray:
    """best[k, c]: the highest similarity of unit rows[k] (every unit by default) to a whole sentence
    of outlet number c. The whole sentences' columns are sorted by outlet and each outlet's block
    reduced to its maximum at once, a block of rows at a time."""
    rows = np.arange(len(matrix)) if rows is None else rows
    columns = np.flatnonzero(whole)
    columns = columns[np.argsort(code[columns], kind="stable")]
    best = np.zeros((len(rows), int(code.max()) + 1), dtype=matrix.dtype)
    if len(columns):
        present, starts = np.unique(code[columns], return_index=True)
        for part in row_blocks(len(rows), len(columns)):
            best[part, present] = np.maximum.reduceat(matrix[np.ix_(rows[part], columns)], starts, axis=1)
    return best


def candidate_pairs(
    matrix: np.ndarray, outlets: list[str], whole: np.ndarray, settings: FactSettings = FactSettings()
) -> list[tuple[int, int]]:
    """Pairs above the threshold, or two whole sentences above the lower one that are each other's
    best match in the other's outlet; strongest first. Clauses are short, and short texts are
    often each other's best match by chance, so they must clear the full threshold. Only the few
    pairs above the lowest threshold are examined, never the whole matrix."""
    found_rows, found_columns = [], []
    for part in row_blocks(len(matrix), len(matrix)):
        rows, columns = np.nonzero(matrix[part] >= settings.mutual_threshold)
        rows += part.start
        upper = columns > rows
        found_rows.append(rows[upper])
        found_columns.append(columns[upper])
    rows = np.concatenate(found_rows) if found_rows else np.zeros(0, dtype=np.int64)
    columns = np.concatenate(found_columns) if found_columns else np.zeros(0, dtype=np.int64)
    values = matrix[rows, columns]
    wholes = whole[rows] & whole[columns]
    code = outlet_codes(outlets)
    best = best_per_outlet(matrix, code, whole)
    mutual = wholes & (values >= best[rows, code[columns]]) & (values >= best[columns, code[rows]])
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
        return Alignment([], [], [], np.zeros((0, 0)))
    outlets = [outlet_of[sentences[u.sentence].article_id] for u in units]
    matrix = similarity_matrix(units, encoder, outlets, settings.embedding_weight)
    with event_links(units, matrix, settings) as links:
        groups = _grouped(units, sentences, links, outlets, settings)
    groups += part_facts(groups, units, sentences, matrix, outlets, settings)
    facts: list[list[Sentence]] = []
    shared: set[int] = set()
    for group in groups:
        members = [sentences[i] for i in sorted(group.sentences)]
        if len({outlet_of[s.article_id] for s in members}) > 1 and any(states_fact(s) for s in members):
            facts.append(members)
            shared |= {units[u].sentence for u in group.units if units[u].whole}
    facts += [[s] for i, s in enumerate(sentences) if states_fact(s) and i not in shared]
    return Alignment(facts, sentences, units, matrix)


def _grouped(units: list[Unit], sentences: list[Sentence], matrix: np.ndarray, outlets: list[str], settings: FactSettings) -> list[Group]:
    """Greedy merging of the strongest pairs first, within the per-article cap and group cohesion."""
    groups = [Group([u], {unit.sentence: sentences[unit.sentence].article_id}) for u, unit in enumerate(units)]
    owner = list(range(len(units)))
    whole = np.array([unit.whole for unit in units])
    for i, j in candidate_pairs(matrix, outlets, whole, settings):
        a, b = owner[i], owner[j]
        if a == b or not _may_merge(groups[a], groups[b], matrix, settings):
            continue
        groups[a].units += groups[b].units
        groups[a].sentences.update(groups[b].sentences)
        for member in groups[b].units:
            owner[member] = a
        groups[b] = Group([])
    return [g for g in groups if g.units]


def _may_merge(a: Group, b: Group, matrix: np.ndarray, settings: FactSettings) -> bool:
    merged = Group(a.units + b.units, {**a.sentences, **b.sentences})
    if any(count > settings.max_per_article for count in merged.per_article().values()):
        return False
    cross = matrix[np.ix_(a.units, b.units)]
    linked = cross[cross > 0]
    return bool(linked.size) and float(linked.mean()) >= settings.group_threshold


def part_facts(
    groups: list[Group],
    units: list[Unit],
    sentences: list[Sentence],
    matrix: np.ndarray,
    outlets: list[str],
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
    code = outlet_codes(outlets)
    group_of = {u: group for group in groups for u in group.units}
    details = [
        u
        for u in np.flatnonzero(whole).tolist()
        if _outlet_count(group_of[u], code) == 1 and states_fact(sentences[units[u].sentence])
    ]
    if not details:
        return []
    best = best_per_outlet(matrix, code, whole, np.array(details))
    columns_of = [np.flatnonzero(whole & (code == c)) for c in range(best.shape[1])]
    named = _naming_counts(units, code)
    article_of = [sentences[unit.sentence].article_id for unit in units]
    parts = []
    for detail, best_of_outlet in zip(details, best):
        sentence = sentences[units[detail].sentence]
        for other in np.flatnonzero(best_of_outlet >= settings.group_threshold):
            match = _distinct_match(matrix[detail], columns_of[other], settings.distinct_ratio)
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


def _distinct_match(row: np.ndarray, columns: np.ndarray, ratio: float) -> int | None:
    """The column of the row's best match, if the runner-up is at most `ratio` as similar."""
    values = row[columns]
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

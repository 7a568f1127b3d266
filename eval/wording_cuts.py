"""Facts worded by a cut of a sentence on the 70 BASIL events, with what each cut left out: read them.

A fact is worded by the part of a sentence that the outlets citing it state (`compare.wording`),
and a cut that leaves out what its verb needs ("he called [for lifting the embargo]") or keeps no
clause that stands ("The report, commissioned in the wake of the shooting.") tells the reader
nothing, or something the outlet did not say. No labelled set says which cuts read well, so this
prints every fact whose text is not one of its sentences whole, beside the words the cut left out
(a difference of the two texts; a neutral rewording of a loaded word shows as such a difference
too), and counts those that end on a verb (by the parser's tag of the text's last word), where
such misreadings gather.

Run: .venv/bin/python -m eval.wording_cuts [--limit N]
"""

from __future__ import annotations

import argparse
import difflib

from rich.console import Console
from rich.table import Table

from eval.basil import load_basil
from eval.conflicts import compare, events
from eval.setup import setup_line
from storylens.config import Settings
from storylens.pipeline import load_models


def left_out(source: str, cut: str) -> str:
    """The words of `source` that `cut` does not keep, runs joined by " | "."""
    matcher = difflib.SequenceMatcher(None, source, cut, autojunk=False)
    runs = [source[a1:a2].strip() for tag, a1, a2, _, _ in matcher.get_opcodes() if tag in ("delete", "replace")]
    return " | ".join(run for run in runs if run)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--limit", type=int, default=None, help="only the first N events")
    args = parser.parse_args()
    models = load_models(Settings())
    table = Table(title="Facts worded by a cut, BASIL events")
    for column in ("event", "fact", "left out"):
        table.add_column(column)
    cuts = on_verb = facts = 0
    for event, articles in list(events(load_basil()).items())[: args.limit]:
        _, report = compare(articles, models)
        facts += len(report.facts)
        for fact in report.facts:
            texts = [e.text for e in fact.evidence]
            if fact.text in texts:
                continue
            source = max(texts, key=lambda text: difflib.SequenceMatcher(None, text, fact.text, autojunk=False).ratio())
            dropped = left_out(source, fact.text)
            if not dropped:
                continue
            cuts += 1
            words = [t for t in models.nlp(fact.text.rstrip(".”\"’")) if not t.is_punct]
            verb = bool(words) and words[-1].pos_ == "VERB"
            on_verb += verb
            table.add_row(event[:8], ("(ends on a verb) " if verb else "") + fact.text, dropped)
    Console().print(table)
    print(f"{facts} facts, {cuts} worded by a cut, {on_verb} of them ending on a verb")


if __name__ == "__main__":
    main()
    print(setup_line())

"""Tone and subjectivity: TextBlob's subjectivity scorer, made without importing the textblob package, scores as TextBlob does."""

from __future__ import annotations

import json
import subprocess
import sys

from storylens.framing.tone import subjectivity, tone
from tests.conftest import SEED
from tests.test_ingest_encoding import BASIL


def test_subjectivity_is_textblobs_on_every_seed_and_basil_sentence() -> None:
    """BASIL's 5,243 body sentences too, where ../shared/data is present (a few seconds)."""
    from textblob.en import sentiment

    lines = [line for path in sorted(SEED.glob("*.txt")) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    lines += ["It was not a very good deal.", "The truly terrible, shocking decision was never explained."]
    for path in sorted(BASIL.glob("*/*.json")):
        lines += [sentence for paragraph in json.loads(path.read_text(encoding="utf-8"))["body-paragraphs"] for sentence in paragraph]
    assert [subjectivity(line) for line in lines] == [sentiment(line)[1] for line in lines]
    assert any(subjectivity(line) > 0 for line in lines)


def test_scoring_a_sentence_leaves_nltk_and_scikit_learn_unloaded() -> None:
    """An analysing process holds none of them: they are large, and it uses nothing of them."""
    code = (
        "import sys; from storylens.framing.tone import subjectivity, tone; "
        "subjectivity('A terrible, shocking decision.'); tone('A terrible, shocking decision.'); "
        "print(sorted(m for m in ('nltk', 'sklearn', 'textblob') if m in sys.modules))"
    )
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert loaded == "[]"
    assert tone("A terrible, shocking decision.") < 0

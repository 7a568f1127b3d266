"""Entity keys: one form per person, place or group, so that outlets' spellings meet.

"Kim Jong-un", "Kim Jong Un", "Mr Kim" and "Kim’s" must all be the same key, or the cluster and
compare stages would see different people where readers see one.
"""

from __future__ import annotations

import re
import unicodedata

from spacy.tokens import Span

from storylens.model import Entity

KEPT_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "PRODUCT", "LAW", "WORK_OF_ART"})
"""Named things; numbers and dates are handled as quantities instead."""

HONORIFICS = frozenset(
    "mr mrs ms miss dr sir president prime minister leader king queen general gen sen senator rep "
    "governor gov chancellor the representative congressman congresswoman reps sens govs lt col sgt "
    "capt maj cmdr".split()
)
"""Words a name may open on that say what the person is, not who: "Representative Bruce Braley" and
"Bruce Braley", "Reps. Steny Hoyer" and "Steny Hoyer" are one key."""


def entity_key(text: str) -> str:
    """Lower case, accents and punctuation off, possessive and leading honorifics dropped."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = re.sub(r"[’']s\b", "", text.lower())
    words = re.sub(r"[^\w]+", " ", text).split()
    while len(words) > 1 and words[0] in HONORIFICS:
        words = words[1:]
    return " ".join(words)


def entities_of(span: Span, offset: int) -> list[Entity]:
    """The named entities of a sentence, offsets relative to the sentence text."""
    found = []
    for ent in span.ents:
        if ent.label_ not in KEPT_LABELS:
            continue
        key = entity_key(ent.text)
        if key:
            found.append(
                Entity(
                    text=ent.text,
                    label=ent.label_,
                    key=key,
                    start=ent.start_char - offset,
                    end=ent.end_char - offset,
                )
            )
    return found


def resolve_short_names(entities: list[Entity]) -> list[Entity]:
    """Map a one-word person key ("kim") to the article's full name ("kim jong un") when unambiguous."""
    full_names = {e.key for e in entities if e.label == "PERSON" and " " in e.key}
    resolved = []
    for entity in entities:
        if " " not in entity.key:
            matches = {name for name in full_names if entity.key in name.split()}
            if len(matches) == 1:
                entity = entity.model_copy(update={"key": matches.pop(), "label": "PERSON"})
        resolved.append(entity)
    return resolved

"""eval.claims matching on a hand-made report dict: no pipeline, no models, well under a second."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from eval.claims import Claim, StoryKey, carried, clashes_of, load_key, score_report

A, B, C = "Andes Daily", "Lima Wire", "Peru Post"

KEY = {
    "story": "quake",
    "source": "synthetic",
    "articles": {A: "a.jsonl", B: "b.jsonl", C: "c.jsonl"},
    "note": "test",
    "claims": [
        {
            "id": "dead",
            "about": "people killed",
            "stated": {A: "At least 15 people died", B: "killed 14 people", C: "Twelve people were killed"},
            "values": {A: "at least 15", B: "14", C: "12"},
            "differs": [B, C],
            "silent": [],
        },
        {
            "id": "chivay",
            "about": "the church in Chivay",
            "stated": {A: "rubble of a collapsed church in Chivay", B: ["ruins of a collapsed church", "in Chivay"]},
            "silent": [C],
        },
        {"id": "aftershocks", "about": "30 aftershocks", "stated": {B: "30 aftershocks"}, "silent": [A, C]},
    ],
}


def _ref(outlet: str, text: str) -> dict[str, Any]:
    return {"article_id": outlet[:1], "position": 0, "outlet": outlet, "role": "body", "text": text, "start": 0, "end": 1}


A_DEAD = "At least 15 people died when the church fell, exposing the country's shocking neglect of rural housing."
B_DEAD = "An earthquake killed 14 people as rescuers searched the ruins of a collapsed church in Chivay."
C_DEAD = "Twelve people were killed, police said."
A_CHIVAY = "Rescue teams searching the rubble of a collapsed\u00a0church in Chivay found six survivors."


def _key(tmp_path: Path) -> StoryKey:
    path = tmp_path / "quake.json"
    path.write_text(json.dumps(KEY), encoding="utf-8")
    return load_key(path)


def _report(support: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    dead: dict[str, Any] = {
        "id": 1,
        "text": A_DEAD,
        "evidence": [_ref(A, A_DEAD), _ref(B, B_DEAD), _ref(C, C_DEAD)],
        "outlets": [A, B, C],
        "stated_by": [A, B, C],
        "status": "conflicting",
    }
    if support is not None:
        dead["support"] = support
    return {
        "facts": [
            dead,
            {
                "id": 2,
                "text": A_CHIVAY,
                "evidence": [_ref(A, A_CHIVAY), _ref(B, B_DEAD)],
                "outlets": [A, B],
                "stated_by": [A, B],
                "status": "corroborated",
            },
            {
                "id": 3,
                "text": "Residents slept outdoors.",
                "evidence": [_ref(C, "Residents slept outdoors.")],
                "outlets": [C],
                "stated_by": [C],
                "status": "single_source",
            },
        ],
        "summary": [
            {"text": B_DEAD, "fact_id": 1, "citations": [A, B], "single_source": False},
            {"text": "Residents slept outdoors.", "fact_id": 3, "citations": [C], "single_source": True},
        ],
        "coverage": [
            {"outlet": C, "shared": [], "only_here": [3], "omitted": [2]},
            {"outlet": B, "shared": [1, 2], "only_here": [], "omitted": [1, 3]},
        ],
        "conflicts": [
            {
                "fact_id": 1,
                "slot": "count",
                "values": [
                    {"outlet": A, "value": "at least 15", "normalised": ">=15 people"},
                    {"outlet": B, "value": "14", "normalised": "14 people"},
                    {"outlet": C, "value": "12", "normalised": "12 people"},
                ],
            }
        ],
    }


def test_only_the_writers_anchors_decide_what_a_fact_carries(tmp_path: Path) -> None:
    key = _key(tmp_path)
    # B's sentence holds B's anchors of dead and chivay; as A's text it would carry nothing of A's.
    assert [c.id for c in carried(B_DEAD, B, key)[1]] == ["dead", "chivay"]
    assert carried(B_DEAD, A, key)[1] == []
    # Without a known writer every outlet's anchors are tried; a non-breaking space does not stop a match.
    writer, claims = carried(A_CHIVAY, None, key)
    assert (writer, [c.id for c in claims]) == (A, ["chivay"])


def test_citations_shared_recall_differs_and_omissions(tmp_path: Path) -> None:
    s = score_report(_report(), _key(tmp_path))
    assert (s.judged, s.unjudged, s.claims) == (2, 1, 3)
    # Fact 1 (A's "at least 15"): A right, B and C state other counts. Fact 2: A and B both state Chivay.
    assert (s.cite_facts.right, s.cite_facts.total) == (3, 5)
    assert {(o, c) for where, _, o, c in s.wrong_citations if where == "fact"} == {(B, "dead"), (C, "dead")}
    # Summary sentence is B's text (14): citing A for it is wrong on "dead", B itself is right;
    # the unkeyed summary sentence is not judged.
    assert (s.cite_summary.right, s.cite_summary.total) == (1, 2)
    # Only chivay has two outlets stating it alike (dead: only A is not in differs).
    assert (s.shared.right, s.shared.total) == (2, 2)
    # No support field: the conflict's three values clash pairwise, as the key's differs/values imply.
    assert (s.differs_p.right, s.differs_p.total, s.differs_r.right, s.differs_r.total) == (3, 3, 3, 3)
    # C omits fact 2 (chivay: C silent, right); B "omits" fact 1 which it states (wrong); fact 3 is unjudged.
    assert (s.omissions.right, s.omissions.total) == (1, 2)
    assert s.wrong_omissions[0][1:] == (B, "dead")


def test_support_field_replaces_conflicts_when_present(tmp_path: Path) -> None:
    support = [
        {"outlet": A, "status": "states", "value": "at least 15"},
        {"outlet": B, "status": "states", "value": "14"},
        {"outlet": C, "status": "differs", "value": "12"},
    ]
    s = score_report(_report(support), _key(tmp_path))
    assert (s.differs_p.right, s.differs_p.total) == (1, 1)
    assert (s.differs_r.right, s.differs_r.total) == (1, 3)
    assert s.missed_differs == [("dead", A, B), ("dead", B, C)]


def test_an_outlet_said_to_say_something_close_is_right_only_where_it_states_a_claim(tmp_path: Path) -> None:
    report = _report()
    report["facts"][1]["support"] = [
        {"outlet": A, "status": "states"},
        {"outlet": B, "status": "close"},
        {"outlet": C, "status": "close"},
    ]
    s = score_report(report, _key(tmp_path))
    # B states Chivay (right to say it tells something close); C states nothing of it.
    assert (s.close.right, s.close.total) == (1, 2)
    assert (s.silent.right, s.silent.total) == (0, 0)


def test_a_clash_goes_to_the_claim_whose_values_it_names() -> None:
    day = Claim(id="day", stated={A: ("on Tuesday",), C: ("on Wednesday",)}, silent=frozenset({B}),
                differs=frozenset({C}), values={A: "Tuesday", C: "Wednesday"})  # fmt: skip
    dead = Claim(id="dead", stated={A: ("15",), C: ("12",)}, silent=frozenset({B}),
                 differs=frozenset({C}), values={A: "at least 15", C: "12"})  # fmt: skip
    assert clashes_of([dead, day], (C, A, "12", "at least 15")) == {("dead", A, C)}
    assert clashes_of([dead, day], (A, C, "Tuesday", "Wednesday")) == {("day", A, C)}
    # A clash naming another claim's values goes to that claim, not to what the text carries.
    assert clashes_of([day], (A, C, "at least 15", ""), [dead, day]) == {("dead", A, C)}
    # Values that match no keyed value (a report's own wording) go to every slotted claim.
    assert clashes_of([dead, day], (A, C, "", "")) == {("dead", A, C), ("day", A, C)}


def test_a_part_an_outlet_is_said_to_state_is_judged_by_the_anchors_it_holds(tmp_path: Path) -> None:
    """B is cited for Chivay only through the part of A's sentence it states; C is said to state a
    part that holds the anchor of a claim it is silent on; "found six survivors" holds no anchor."""
    report = _report()
    chivay = report["facts"][1]
    chivay["stated_by"] = [A]
    chivay["support"] = [
        {"outlet": A, "status": "states"},
        {"outlet": B, "status": "partly", "stated_parts": ["Rescue teams searching the rubble of a collapsed … church in Chivay"]},
        {"outlet": C, "status": "partly", "stated_parts": ["searching the rubble of a collapsed church in Chivay", "found six survivors"]},
    ]
    s = score_report(report, _key(tmp_path))
    assert (s.parts.right, s.parts.total) == (1, 2)
    assert s.wrong_parts == [("searching the rubble of a collapsed church in Chivay", C, "chivay")]
    assert (s.shared.right, s.shared.total) == (1, 2)
    assert (s.shared_parts.right, s.shared_parts.total) == (2, 2)

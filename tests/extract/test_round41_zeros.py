"""Round 41 (early41): a worded zero said of the arms its words name right after it ("in either the MSC or the MNC
group", "in Arm I or Arm III", "in Groups A and B") is a zero in each of them, exported together; an outcome event
after an arm's mention ("group B underwent toe amputation") is no description of the arm.

Pure functions, no spaCy: invented sentences."""
from __future__ import annotations

import pytest

from stemfoot.extract.arms import ArmTagger
from stemfoot.extract.export_gate import every_arm_together
from stemfoot.extract.stages import named_arm_zeros, zero_arm_group

LABELS = {"MSC group", "MNC group", "control group", "Arm I", "Arm II", "Arm III", "Group A", "Group B", "Group C"}


def _zero(text: str, printed: str) -> dict:
    a = text.index(printed)
    return {"kind": "events", "events": 0, "flags": ["event_count_zero"],
            "evidence": {"start": a, "end": a + len(printed), "text": printed}}


def _named(text: str, names: list[tuple[str, str]]) -> list[tuple[int, int, str]]:
    out, at = [], 0
    for word, arm in names:
        a = text.index(word, at)
        out.append((a, a + len(word), arm))
        at = a + len(word)
    return out


@pytest.mark.parametrize("text,printed,names,group", [
    ("No serious adverse events occurred in either the MSC or the MNC group.", "No serious adverse events",
     [("MSC", "MSC group"), ("MNC group", "MNC group")], ["MSC group", "MNC group"]),
    ("Bleeding occurred in one Arm II patient, and no bleeding was seen in Arm I or Arm III.", "no bleeding",
     [("Arm II", "Arm II"), ("Arm I", "Arm I"), ("Arm III", "Arm III")], ["Arm I", "Arm III"]),
    ("There was no death in the MSC group and one in the control group.", "no death",
     [("MSC group", "MSC group"), ("control group", "control group")], ["MSC group"]),
    ("Amputation was needed in none of the patients in Groups A and B and in 2 patients in Group C.",
     "in none of the patients", [("Group C", "Group C")], ["Group A", "Group B"]),
    # An arm named before the zero is another count's; a number before the arms, or no joining words: none.
    ("In the MSC group and the MNC group, no death occurred.", "no death",
     [("MSC group", "MSC group"), ("MNC group", "MNC group")], None),
    ("No death occurred within 2 weeks in the MSC group.", "No death", [("MSC group", "MSC group")], None),
    ("No death occurred, whereas the MSC group had 2.", "No death", [("MSC group", "MSC group")], None),
])
def test_zero_arm_group(text, printed, names, group):
    assert zero_arm_group(text, _zero(text, printed), len(text), _named(text, names), LABELS) == group


def test_named_arm_zeros_copies_one_zero_per_arm():
    text = "No deaths occurred in either the MSC or the MNC group."
    st = _zero(text, "No deaths")
    copies = named_arm_zeros(st, ["MSC group", "MNC group"], {"MSC group": "intervention", "MNC group": None})
    assert st["arm"] == "MSC group" and [c["arm"] for c in copies] == ["MNC group"]
    assert all("arm_by_zero_group" in c["flags"] for c in [st] + copies)
    assert copies[0]["flags"] is not st["flags"]


def test_copies_of_a_zero_group_are_exported_together():
    kept = {"kind": "events", "events": 0, "target": "arm", "arm": "MSC group", "flags": ["arm_by_zero_group"],
            "evidence": {"start": 0, "end": 9}, "outcome": "mortality"}
    held = {"kind": "events", "events": 0, "target": "unattributed", "arm": None,
            "flags": ["arm_by_zero_group", "review_attribution", "export_gate"], "evidence": {"start": 0, "end": 9},
            "outcome": "mortality", "gate": {"held": {"target": "arm", "arm": "MNC group", "arm_role": None}}}
    every_arm_together([kept, held])
    assert held["target"] == "arm" and held["arm"] == "MNC group" and "every_arm_together" in held["flags"]


@pytest.mark.parametrize("after,description", [
    (" received autologous MSC injections.", "autologous MSC injections"),
    (" underwent marrow aspiration and MNC injection.", "marrow aspiration and MNC injection"),
    # An outcome event is no description.
    (" underwent a below-knee amputation, versus none in group C.", None),
    (" underwent a major amputation.", None),
])
def test_description_is_not_an_outcome_event(after, description):
    text = "Two patients in group B" + after
    ms = [{"end": text.index(" group B") + len(" group B"), "how": None, "label": "group B"}]
    assert ArmTagger._description(text, ms) == description


@pytest.mark.parametrize("events,flag,released", [
    # Round 44: a count said of every arm ("one myocardial infarction in each group") is one statement too.
    (1, "every_arm", True),
    (0, "every_arm", True),
    # a count of the arms a zero's words name is no such statement: only its zero is
    (1, "arm_by_zero_group", False),
])
def test_copies_of_an_every_arm_count_are_exported_together(events, flag, released):
    kept = {"kind": "events", "events": events, "target": "arm", "arm": "MSC group", "flags": [flag],
            "evidence": {"start": 0, "end": 9}, "outcome": None}
    held = {"kind": "events", "events": events, "target": "unattributed", "arm": None,
            "flags": [flag, "review_attribution", "export_gate"], "evidence": {"start": 0, "end": 9},
            "outcome": None, "gate": {"held": {"target": "arm", "arm": "placebo group", "arm_role": "control"}}}
    every_arm_together([kept, held])
    assert (held["target"] == "arm" and held["arm"] == "placebo group") is released

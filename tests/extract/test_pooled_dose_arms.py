"""Round 45 (early): a pooled value of dose or route arms ("When both doses were combined, closure occurred in 34 of
63 patients") goes to the pool of those arms, also where one of them was read as the active comparator.

Pure functions on invented sentences and dicts; no spaCy.
"""
from __future__ import annotations

import pytest

from stemfoot.extract.pooled_sides import pool_of, pooled_side_stage, treated_arms


def _arm(label, role, cell_type=None):
    return {"label": label, "role": role, "description": None, "cell_type": cell_type, "members": None,
            "n_patients": 30}


def _st(text, frag, events=3):
    s = text.index(frag)
    return {"kind": "events", "events": events, "target": "unattributed", "arm": None, "arm_role": None, "flags": [],
            "timepoint": None,
            "evidence": {"start": s, "end": s + len(frag), "text": frag, "sentence_start": 0, "sentence_end": len(text)}}


DOSES = [_arm("low-dose arm", "intervention"), _arm("high-dose arm", "active_comparator"), _arm("placebo arm", "control")]


def test_a_dose_level_comparator_is_a_treated_arm():
    assert treated_arms(DOSES) == ["low-dose arm", "high-dose arm"]


def test_a_comparator_of_the_interventions_cells_is_treated_and_one_of_other_cells_or_a_drug_is_not():
    arms = [_arm("G1", "intervention", "PB-MNC"), _arm("G2", "active_comparator", "PB-MNC"),
            _arm("G3", "active_comparator", "BM-MNC"), _arm("G4", "active_comparator"), _arm("G5", "control")]
    assert treated_arms(arms) == ["G1", "G2"]


def test_a_comparator_with_cells_beside_an_intervention_whose_cells_went_unread_is_treated():
    arms = [_arm("G1", "active_comparator", "PB-MNC"), _arm("G2", "intervention"), _arm("G3", "control")]
    assert treated_arms(arms) == ["G1", "G2"]


@pytest.mark.parametrize("text, frag", [
    ("When both doses were combined, closure occurred in 34 of 63 patients.", "34 of 63"),
    ("With the two cell groups taken together, 25 of 40 patients healed.", "25 of 40"),
    ("Pooling both cell doses, 31 of 61 patients healed.", "31 of 61"),
])
def test_a_pool_of_both_doses_goes_to_the_pool_of_the_dose_arms(text, frag):
    st = _st(text, frag)
    arms = [dict(a) for a in DOSES]
    pooled_side_stage(text, arms, [st])
    assert st["arm"] == "low-dose arm + high-dose arm (pooled)"
    assert next(a for a in arms if a["label"] == st["arm"])["members"] == ["low-dose arm", "high-dose arm"]


def test_a_value_of_one_dose_arm_stays_there():
    text = "Closure occurred in 16 of 30 patients in the high-dose arm."
    assert pool_of(text, _st(text, "16 of 30"), [], [a["label"] for a in DOSES], treated_arms(DOSES), DOSES) is None


def test_doses_combined_with_placebo_too_is_no_treated_pool_of_two():
    # "all three arms combined" counts the placebo arm too: no pool of the dose arms.
    text = "With all three arms combined, 40 of 90 patients healed."
    st = _st(text, "40 of 90")
    arms = [dict(a) for a in DOSES]
    pooled_side_stage(text, arms, [st])
    assert "(pooled)" not in (st["arm"] or "")


def test_a_dose_level_comparator_of_another_drug_is_not_treated():
    # mendlead45a: "high-dose atorvastatin" is a dose level of a drug, not another dose of the cells.
    arms = [_arm("low-dose MSC group", "intervention", "MSC"), _arm("high-dose atorvastatin arm", "active_comparator"),
            _arm("placebo arm", "control")]
    assert treated_arms(arms) == ["low-dose MSC group"]
    arms[1] = _arm("high-dose MSC group", "active_comparator")
    assert treated_arms(arms) == ["low-dose MSC group", "high-dose MSC group"]

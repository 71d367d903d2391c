"""benchmarks/attribution_errors.py: who left a gold result's value unattributed (the gate or placement)."""
from __future__ import annotations

from stemfoot.benchmarks.attribution_errors import _withheld_by
from stemfoot.tools import evaluate as ev

GOLD = {"arms": [{"name": "MSC group", "role": "intervention"}, {"name": "control group", "role": "control"}],
        "statistics": [{"outcome": "HbA1c (%)", "scope": "arm", "timepoint": "baseline",
                        "values": {"MSC group": {"mean": 8.3, "sd": 1.5}, "control group": {"mean": 8.5, "sd": 1.6}}}]}
OUT = {"arms": [{"label": "MSC group", "role": "intervention"}, {"label": "control group", "role": "control"}],
       "statistics": []}


def _held(arm: str, flag: str = "export_gate") -> dict:
    return {"kind": "mean_sd", "mean": 8.3, "sd": 1.5, "outcome": "hba1c", "target": "unattributed", "arm": None,
            "flags": ["review_attribution", flag], "_target": "unattributed",
            "gate": {"p": 0.5, "held": {"target": "arm", "arm": arm, "arm_role": None}}}


def test_withheld_placements_are_told_right_from_wrong():
    mapping = ev.arm_mapping(GOLD, OUT)
    atom = next(a for a in ev.result_atoms(GOLD) if a.get("mean") == 8.3)
    st = _held("MSC group")
    st["outcome"] = atom["outcome"]
    assert _withheld_by(atom, st, mapping) == "gate_right"
    assert _withheld_by(atom, {**st, "gate": {"p": 0.5, "held": {**st["gate"]["held"], "arm": "control group"}}},
                        mapping) == "gate_wrong"
    assert _withheld_by(atom, {**st, "flags": ["review_attribution", "same_fact_withheld"]}, mapping) \
        == "same_fact_right"
    assert _withheld_by(atom, {**st, "flags": ["review_attribution"], "gate": {"p": 0.3}}, mapping) == "placement"

"""benchmarks/attribution_errors.py: who left a gold result's value unattributed (the gate or placement)."""
from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

from stemfoot.tools import evaluate as ev

# The script puts its package folder first on `sys.path` when imported; load it from its file and put the path
# back, so the rest of the session imports what it would without this test.
_PATH = Path(__file__).resolve().parents[2] / "benchmarks" / "attribution_errors.py"
_saved_path = list(sys.path)
_spec = importlib.util.spec_from_file_location("attribution_errors_under_test", _PATH)
attribution_errors = importlib.util.module_from_spec(_spec)
try:
    _spec.loader.exec_module(attribution_errors)
finally:
    sys.path[:] = _saved_path
_withheld_by = attribution_errors._withheld_by

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


def test_import_leaves_sys_path_as_it_was():
    # pytest edits `sys.path` itself between collection and the run: check only the entry the script adds.
    pkg = str(_PATH.parents[1] / ".pkg")
    assert sys.path.count(pkg) == _saved_path.count(pkg)


BETWEEN_GOLD = {**GOLD, "statistics": GOLD["statistics"] + [
    {"outcome": "HbA1c (%)", "scope": "between", "timepoint": "12 weeks",
     "effect": {"measure": "MD", "value": -0.9, "ci_low": -1.4, "ci_high": -0.4}}]}
TEXT = "HbA1c fell more with MSC (MD -0.9, 95% CI -1.4 to -0.4)."


def _unattributed(kind_values: dict, held: dict, flag: str = "export_gate") -> dict:
    return {**kind_values, "target": "unattributed", "arm": None, "flags": ["review_attribution", flag],
            "evidence": {"text": "x", "start": 0, "sentence_start": 0, "sentence_end": len(TEXT)},
            "attribution": {"rule_arm": None, "model_arm": None}, "gate": {"p": 0.4, "held": held}}


def test_classify_counts_and_lists_withheld_results_by_who_withheld_them():
    atoms = ev.result_atoms(BETWEEN_GOLD)
    outcome = atoms[0]["outcome"]
    # The between-arm effect is held with the stage's own target name "between_arms" and no ``arm_role`` key: the
    # evaluator's mapping makes it "between", and it is right. The arm mean is held on the wrong arm.
    effect = _unattributed({"kind": "effect", "effect_measure": "MD", "value": -0.9, "ci_lower": -1.4, "ci_upper": -0.4,
                            "outcome": outcome}, {"target": "between_arms", "arm": None})
    mean = _unattributed({"kind": "mean_sd", "mean": 8.3, "sd": 1.5, "outcome": outcome},
                         {"target": "arm", "arm": "control group", "arm_role": "control"})
    # The other arm's mean is exported right, so no gold result is left for the grammar's never-read check.
    right = {"kind": "mean_sd", "mean": 8.5, "sd": 1.6, "outcome": outcome, "target": "arm", "arm": "control group",
             "arm_role": "control", "flags": [], "timepoint": "baseline",
             "evidence": {"text": "8.5", "start": 0, "sentence_start": 0, "sentence_end": len(TEXT)}}
    out = {**OUT, "statistics": [effect, mean, right]}
    _, rec, examples = attribution_errors.classify([{"id": "r1", "gold": BETWEEN_GOLD, "abstract": TEXT}], [out])
    assert rec["unattributed_by:gate_right"] == 1
    assert rec["unattributed_by:gate_wrong"] == 1
    assert rec["unattributed:no_rule_arm"] == 2
    assert len(examples["unattributed_by:gate_right"]) == 1 and "effect" in examples["unattributed_by:gate_right"][0]
    assert len(examples["unattributed_by:gate_wrong"]) == 1

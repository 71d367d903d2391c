"""Gold normalisation and the statistic matching rule of `evaluate`."""
from pathlib import Path

import pytest

from stemfoot.tools.evaluate import evaluate, gold_atoms, gold_cell_codes, gold_design, load_gold, matches

DEV = Path(__file__).parent / "data" / "domain_dev.jsonl"


def stat(kind, **numbers):
    base = {"kind": kind, "events": None, "total": None, "percent": None, "mean": None, "sd": None,
            "p": None, "p_operator": None, "arm_role": None, "outcome": None}
    return {**base, **numbers}


@pytest.mark.parametrize(
    "text, design",
    [("RCT (pilot/exploratory)", "rct"), ("RCT (double-blind, per title)", "rct"),
     ("controlled clinical study (pilot); randomisation NOT stated in abstract", "non_randomized_controlled"),
     ("non-randomised controlled study (no randomisation stated); Sun 2022 codes CCT", "non_randomized_controlled"),
     ("single-arm phase I", "single_arm"), ("case report", "other")],
)
def test_gold_design(text, design):
    assert gold_design(text) == design


def test_gold_cell_codes_from_free_text():
    assert gold_cell_codes("UC-MSC (human umbilical cord MSC, HUCMSC)") == {"UC-MSC"}
    assert gold_cell_codes("BM-MSC (and BM-MNC as second active arm)") == {"BM-MSC", "BM-MNC"}
    assert gold_cell_codes("adipose tissue product (micronized adipose tissue niche autograft)") == {"MFAT"}


def test_gold_atoms_split_free_form_statistics():
    gold = {"statistics": [
        {"outcome": "ankle-brachial pressure index", "arm": "transplant group", "baseline": "0.50 ± 0.21",
         "followup": "0.63 ± 0.25", "p": "P < 0.001"},
        {"outcome": "complete wound healing", "intervention": {"events": 8, "total": 10, "pct": 80},
         "control": {"pct": 62, "total": 26, "events_derived": 16}, "p": "p = 0.299"},
        {"outcome": "healing time", "type": "qualitative (no numbers)"}]}
    assert [(a["kind"], a.get("mean"), a.get("events"), a.get("percent"), a.get("p"), a.get("role"), a["outcome"])
            for a in gold_atoms(gold)] == [
        ("mean_sd", 0.5, None, None, None, "active", "abi"),
        ("mean_sd", 0.63, None, None, None, "active", "abi"),
        ("p_value", None, None, None, 0.001, None, "abi"),
        ("events", None, 8, 80, None, "active", "ulcer_healing"),
        ("percent", None, None, 62, None, "control", "ulcer_healing"),
        ("p_value", None, None, None, 0.299, None, "ulcer_healing")]


def test_matching_needs_kind_numbers_role_and_outcome():
    atom = {"kind": "events", "events": 8, "total": 10, "percent": 80, "role": "active", "outcome": "ulcer_healing"}
    good = stat("events", events=8, total=10, percent=80.0, arm_role="intervention", outcome="ulcer_healing")
    assert matches(atom, good)
    assert not matches(atom, {**good, "total": 12})
    assert not matches(atom, {**good, "arm_role": "control"})
    assert not matches(atom, {**good, "outcome": "amputation"})
    assert not matches(atom, {**good, "kind": "percent"})
    p = {"kind": "p_value", "p": 0.016, "p_operator": "=", "outcome": None}
    assert matches(p, stat("p_value", p=0.016, p_operator="="))
    assert not matches(p, stat("p_value", p=0.016, p_operator="<"))
    pct = {"kind": "percent", "percent": 62, "role": None, "outcome": None}
    assert matches(pct, stat("events", events=16, total=26, percent=61.99))


def test_dev_targets_are_met():
    scores = evaluate(load_gold(DEV))
    assert scores["design"].matched == 6
    assert scores["n_patients"].recall >= 0.9
    assert scores["arm_n"].recall >= 0.85
    assert scores["cell_type"].recall >= 0.9
    assert scores["statistics"].recall >= 0.9 and scores["statistics"].precision >= 0.9


def test_effects_and_medians_are_gold_atoms_and_ci_is_not_a_percent():
    gold = {"statistics": [
        {"outcome": "major amputation", "effect": {"measure": "RR", "value": 0.55, "ci_low": 0.31, "ci_high": 0.97},
         "value": "RR 0.55 (95% CI 0.31-0.97)"},
        {"outcome": "time to healing", "intervention": {"median": 42, "iqr_low": 30, "iqr_high": 61},
         "control": {"median": 70, "iqr_low": 55, "iqr_high": 90}},
        {"outcome": "rest pain score", "arm": "treated group", "baseline": "median 7 (IQR 6–8)", "followup": "median 3 (IQR 2–4)"}]}
    atoms = gold_atoms(gold)
    assert [(a["kind"], a.get("value") or a.get("median"), a.get("role")) for a in atoms] == [
        ("effect", 0.55, None), ("median", 42, "active"), ("median", 70, "control"),
        ("median", 7, "active"), ("median", 3, "active")]
    effect = stat("effect", value=0.55, ci_lower=0.31, ci_upper=0.97, effect_measure="RR", outcome="amputation")
    assert matches(atoms[0], effect)
    assert not matches(atoms[0], {**effect, "effect_measure": "OR"})
    assert not matches(atoms[0], {**effect, "ci_upper": 0.99})
    median = stat("median", median=42, q1=30, q3=61, arm_role="intervention", outcome="time_to_healing")
    assert matches(atoms[1], median)
    assert not matches(atoms[1], {**median, "q3": 60})
    assert not matches(atoms[1], {**median, "arm_role": "control"})


def test_gold_without_an_arm_asks_no_role():
    gold = {"statistics": [
        {"outcome": "procedure-related death", "events_any_arm": {"events": 0}},
        {"outcome": "bone pain", "arm": None, "intervention": {"events": 3, "total": None}}]}
    assert [(a["kind"], a["events"], a["role"]) for a in gold_atoms(gold)] == [("events", 0, None), ("events", 3, None)]

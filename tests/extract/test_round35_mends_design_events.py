"""Round 35 mends (mendA35): a condition "present in" counts after treatment, a limb word inside a care name, a
Background design cue without Methods, and control cues about other studies' groups or "followed concurrently".

Pure functions, no spaCy: invented sentences."""
from __future__ import annotations

import pytest

from stemfoot.extract import event_subjects, stages
from stemfoot.extract.design import classify


def _value(text: str, words: str, **fields) -> dict:
    start = text.index(words)
    s0 = text.rfind(". ", 0, start)
    s0 = s0 + 2 if s0 >= 0 else 0
    s1 = text.find(". ", start + len(words) - 1)
    return {"kind": "events", "total": None, "flags": [], "outcome": None, **fields,
            "evidence": {"start": start, "end": start + len(words), "sentence_start": s0,
                         "sentence_end": (s1 + 1) if s1 >= 0 else len(text)}}


# --- 1. "was present in" followed by a follow-up wording: no entry count ------------------------------------------

@pytest.mark.parametrize("tail", [
    "after the injections.", "at the end of follow-up.", "by the end of the trial.", "during the first year.",
    "following cell therapy.", "post-treatment.", "on follow-up visits.",
    "(12.5%) after the injections.",
])
def test_present_in_followed_by_a_follow_up_wording_is_no_baseline_count(tail):
    text = f"Results: Gangrene was present in 4 cell-treated patients and 7 control patients {tail}"
    a = _value(text, "4 cell-treated patients", events=4)
    b = _value(text, "7 control patients", events=7)
    assert event_subjects.subject_stage(text, [a, b]) == []
    assert a.get("timepoint") is None and b.get("timepoint") is None


def test_present_in_at_entry_still_a_baseline_count():
    text = "Results: Gangrene was present in 4 cell-treated patients (12.5%) and 7 control patients at inclusion."
    a = _value(text, "4 cell-treated patients", events=4)
    b = _value(text, "7 control patients", events=7)
    assert event_subjects.subject_stage(text, [a, b]) == [a, b]
    assert a["timepoint"] == b["timepoint"] == "baseline"


# --- 2. a limb word inside a care name is no limb arm --------------------------------------------------------------

def test_limb_word_inside_a_care_name_is_no_within_patient_design():
    text = "Marrow was harvested once per patient from the posterior iliac crest."
    care = [{"label": "autologous cells", "role": "intervention"},
            {"label": "usual foot care", "role": "control"}]
    assert stages.within_patient_design(text, care) is False
    for label in ("untreated leg", "contralateral limbs", "treated foot (cells)", "control feet"):
        limb = [{"label": "autologous cells", "role": "intervention"}, {"label": label, "role": "control"}]
        assert stages.within_patient_design(text, limb) is True, label


# --- 3. a Background design cue counts when no Methods section describes the study -------------------------------

@pytest.mark.parametrize("text,expected", [
    ("Background: Critical limb ischaemia has few options. Sixty patients were randomly allocated to cells or "
     "placebo. Results: Ulcers healed in 14 of 30 cell patients and 7 of 30 placebo patients.", "rct"),
    ("Introduction: Cell therapy is promising. A randomised design was used. Results: Pain fell in 10 of 15 "
     "patients.", "rct"),
])
def test_background_design_cue_without_methods_counts(text, expected):
    assert classify(text)[0] == expected


def test_background_design_cue_beside_methods_still_skipped():
    text = ("Background: Randomised evidence for cell therapy is scarce. Methods: Thirty patients received cells and "
            "were compared with concurrent controls. Results: Ulcers healed in 12.")
    assert classify(text)[0] == "non_randomized_controlled"


# --- 4. control cues about other studies' groups, and "followed concurrently" ------------------------------------

@pytest.mark.parametrize("text", [
    "Methods: Fifteen patients received cell injections. Results: Limb salvage was higher than in conventional "
    "treatment cohorts published earlier.",
    "Methods: Fifteen patients received cell injections. Results: Patients in the standard care arm of a prior "
    "study walked less far.",
    "Methods: Fifteen patients received cell injections and were followed concurrently with their usual podiatry.",
    "Methods: Fifteen patients received cell injections. Results: Amputation was rarer than in standard therapy "
    "groups reported in the literature.",
])
def test_other_studies_groups_and_followed_concurrently_are_no_control_cue(text):
    assert classify(text)[0] == "single_arm"


@pytest.mark.parametrize("text", [
    "Methods: Fifteen patients received cell injections; the standard care group received dressings.",
    "Methods: Fifteen patients received cells and were compared with historical controls treated previously.",
    "Methods: Fifteen patients received cells and were compared with concurrently treated patients.",
])
def test_own_control_groups_still_cue(text):
    assert classify(text)[0] == "non_randomized_controlled"

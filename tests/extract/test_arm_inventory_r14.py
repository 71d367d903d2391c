"""Arm inventory causes of round 14 (design cues, defining brackets, numbered series, analysis sets): pure
functions on new sentences, no spaCy."""
from __future__ import annotations

from stemfoot.extract import arm_model as am
from stemfoot.extract.arm_roles import controls_by_definition, definitions
from stemfoot.extract.design import classify
from stemfoot.extract.pattern_data import load_patterns
from stemfoot.extract.numbers import COUNT
from stemfoot.schemas import control_words


def test_a_series_or_an_early_phase_study_is_single_arm():
    assert classify("Methods: Prospective multicentre series; 22 pts with no-option ischaemia. Results: 14 "
                    "healed.")[0] == "single_arm"
    assert classify("Autologous CD34+ cells for foot ischaemia: a phase I/II open-label study")[0] == "single_arm"
    assert classify("Placental cells in limb ischaemia: a first-in-human dose-escalation study")[0] == "single_arm"
    assert classify("Thirty patients (18 men; mean age 61 years) with rest pain were enrolled and followed for "
                    "a year.")[0] == "single_arm"
    # A study that calls itself non-randomised compares groups: no single arm.
    assert classify("In this prospective non-randomised study, 60 patients chose cells or "
                    "angioplasty.")[0] != "single_arm"


def test_a_trial_still_to_come_is_not_the_studys_design():
    text = ("Methods: 12 patients were treated in three dose cohorts. Conclusions: the best dose will be carried "
            "into a randomized phase II trial.")
    assert classify(text)[0] == "single_arm"


def test_matched_historical_or_alone_comparators_make_a_controlled_study():
    assert classify("Forty patients who received cell sheets were compared with 80 propensity score-matched "
                    "patients.")[0] == "non_randomized_controlled"
    assert classify("We reviewed 70 patients: 30 received marrow cells with medical therapy and 40 received "
                    "standard therapy alone.")[0] == "non_randomized_controlled"
    assert classify("Results were set against a historical cohort of 50 patients "
                    "treated earlier.")[0] == "non_randomized_controlled"


CROSS = ("Patients were randomised to keratinocyte grafts from day 0 (early arm, n = 15) or to usual care for "
         "8 weeks then grafts (late arm, n = 15).")
LETTERED = ("Patients were randomly assigned to intramuscular marrow cells (Group M) or to conservative "
            "treatment including prostanoids (Group K). Results: Group M, 12; Group K, 11.")


def test_a_defining_bracket_gives_a_lettered_or_delayed_arms_words():
    assert definitions(LETTERED, "Group K") == "conservative treatment including prostanoids"
    # The later period after "then" is not what the arm was compared as.
    assert definitions(CROSS, "late arm") == "usual care for 8 weeks"


def test_an_arm_defined_by_control_words_is_the_control():
    arms = [{"label": "Group M", "role": "intervention", "cell_type": "BM-MNC"},
            {"label": "Group K", "role": "intervention", "cell_type": "BM-MNC"}]
    assert controls_by_definition(LETTERED, arms) == ["arm_role_from_definition"]
    assert [(a["role"], a["cell_type"]) for a in arms] == [("intervention", "BM-MNC"), ("control", None)]
    arms = [{"label": "early arm", "role": "intervention"}, {"label": "late arm", "role": "intervention"}]
    controls_by_definition(CROSS, arms)
    assert [a["role"] for a in arms] == ["intervention", "control"]


def test_cells_or_a_control_already_found_keep_the_roles():
    text = "Patients received standard care plus marrow cells (Group A) or standard care (Group B)."
    arms = [{"label": "Group A", "role": "intervention"}, {"label": "Group B", "role": "active_comparator"}]
    controls_by_definition(text, arms)
    assert [a["role"] for a in arms] == ["intervention", "control"]
    arms = [{"label": "Group A", "role": "intervention"}, {"label": "Group B", "role": "intervention"},
            {"label": "Group C", "role": "control"}]
    assert controls_by_definition(text, arms) == [] and arms[1]["role"] == "intervention"


def _cand(label: str, source: str, role: str = "intervention") -> am.ArmCandidate:
    return am.ArmCandidate(label, am.norm_key(label), source, spans=[(0, 1)], role=role)


def test_a_numbered_series_is_taken_whole_and_replaces_the_single_arm():
    model = {"weights": {"p": 1.0}, "intercept": 0.0, "drop": 0.3, "add": 0.9}
    cands = [_cand("treated patients", "rules", "single"), _cand("cohort 1", "lettered"),
             _cand("cohort 2", "lettered"), _cand("cohort 3", "lettered")]
    rows = [{"p": 3.0}, {"p": 3.0}, {"p": 0.5}, {"p": 3.0}]  # P = 0.95, 0.95, 0.62, 0.95
    drop, add = am.decide(model, cands, rows)
    assert add == [1, 2, 3] and drop == [0]
    # A series whose best member is below the threshold: none of it, but the single arm stands for the groups.
    drop, add = am.decide(model, cands, [{"p": 3.0}, {"p": 0.5}, {"p": 0.5}, {"p": 1.0}])
    assert add == [] and drop == [0]
    # No series at all: the single arm stays.
    drop, add = am.decide(model, cands[:2], [{"p": 3.0}, {"p": -3.0}])
    assert add == [] and drop == []


def test_series_feature_counts_a_labels_numbered_siblings():
    text = "Patients entered cohort 1 (n = 3), cohort 2 (n = 3) or cohort 3 (n = 6)."
    sents = [(0, len(text))]
    cands = am.candidates(text, [], sents)
    row = am.features(text, next(c for c in cands if c.label == "cohort 2"), cands, sents, [])
    assert row["series"] == 1.0
    assert am.series_head("Group B") == "group" and am.series_head("BM-MNC group") is None


def test_an_analysis_set_is_no_arm_label():
    rx = load_patterns("arms", COUNT=COUNT, CONTROL_WORDS=control_words("arm_cue"),
                       INACTIVE_WORDS=control_words("inactive_arm"))
    for label in ("matched cohort", "the whole group", "propensity score-matched cohort", "overall population"):
        assert rx.ANALYSIS_LABEL.match(label)
    for label in ("combined group", "PRP group", "cohort 2"):
        assert not rx.ANALYSIS_LABEL.match(label)


def test_will_be_about_this_studys_own_follow_up_keeps_its_design():
    # "will be" calls for a trial only when a trial or randomisation follows it, not any future tense in the sentence.
    assert classify("Sixty patients were randomized to cell therapy or placebo and will be followed for 2 years. "
                    "Pain fell by 3 points in the cell group.")[0] == "rct"
    assert classify("Patients were randomly assigned to A or B, and the long-term results will be reported "
                    "separately.")[0] == "rct"
    assert classify("Forty patients were compared with a control group; they will be followed for 5 years.")[0] \
        == "non_randomized_controlled"


def test_an_early_phase_or_prospective_study_of_several_arms_is_no_single_arm():
    assert classify("A prospective parallel-group study compared marrow cells and PRP in 40 patients.")[0] \
        != "single_arm"
    assert classify("This phase I/II two-arm trial assigned patients to cells or PRP.")[0] != "single_arm"
    assert classify("A prospective single-centre study of marrow cells in 12 patients.")[0] == "single_arm"

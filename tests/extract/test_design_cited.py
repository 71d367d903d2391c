"""Design cues that cite other work (pure function, no spaCy pipeline)."""
from stemfoot.extract.design import classify


def test_a_cited_meta_analysis_does_not_make_the_study_a_review():
    text = ("Background: According to earlier meta-analyses, chronic ulcers heal in 30% of cases. Methods: We "
            "retrospectively analysed 37 patients (41 ulcers) treated with BMAC. Results: 24 ulcers healed.")
    assert classify(text)[0] == "single_arm"
    # A review that says what it is up front stays a review.
    assert classify("This systematic review and meta-analysis pooled 12 trials of cell therapy.")[0] == "other"


def test_a_trial_the_study_merits_is_not_the_study():
    text = ("Methods: We analysed 37 patients treated with BMAC. Results: 24 ulcers healed. Conclusions: The "
            "approach merits evaluation in a randomised trial.")
    assert classify(text)[0] == "single_arm"


def test_a_conclusion_supporting_a_randomised_trial_is_not_this_studys_design():
    from stemfoot.extract.design import classify
    text = ("Methods: In this open-label, single-arm study, 20 patients received cells. Conclusions: The results "
            "support a randomised controlled trial.")
    assert classify(text)[0] == "single_arm"


def test_a_control_group_the_study_denies_is_no_control():
    # "There was no control group": an uncontrolled series, not a controlled study.
    text = ("Methods: Twenty-six consecutive patients received a single perilesional injection of SVF. There was no "
            "control group, and patients were followed for 6 months.")
    assert classify(text)[0] == "single_arm"
    text = ("Methods: Twenty-six patients underwent lipoaspiration. No control group was included. Conclusions: "
            "The high healing rate is warranting a randomised trial.")
    assert classify(text)[0] == "single_arm"
    # A control group the study had stays one.
    assert classify("Methods: 40 patients received cells and 40 formed the control group.")[0] == \
        "non_randomized_controlled"


def test_a_comparison_still_to_come_is_not_this_study():
    text = ("Methods: We prospectively treated 41 consecutive patients with PB-MNC. Conclusions: a randomised "
            "comparison is now justified.")
    assert classify(text)[0] == "single_arm"


def test_a_reported_series_of_patients_treated_with_cells_is_single_arm():
    text = ("We report 26 consecutive patients with diabetes and critical limb ischaemia (31 limbs) treated with "
            "intramuscular autologous bone marrow mononuclear cells at a single institution.")
    assert classify(text)[0] == "single_arm"

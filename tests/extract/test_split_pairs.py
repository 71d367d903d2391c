"""Both query arms' values from two adjacent parallel sentences, one arm each (no spaCy)."""
from __future__ import annotations

from stemfoot.extract.split_pairs import SAID, one_arm_value, outcome_said, split_pairs


def _texts(text: str, q_int: str, q_cmp: str) -> list[tuple[str, str]]:
    return [(p.intervention.text, p.comparator.text) for p in split_pairs(text, q_int, q_cmp)]


def test_each_arm_in_a_sentence_of_its_own():
    text = ("The LM was successfully inserted during the first attempt in 34/36 (94.4 %) newborns. In the ETI group, "
            "the device was successfully inserted during the first attempt in 29/32 (90.6 %) newborns.")
    assert _texts(text, "laryngeal mask (LM) ventilation", "endotracheal intubation (ETI)") == [
        ("34/36 (94.4 %)", "29/32 (90.6 %)")]
    pair, = split_pairs(text, "laryngeal mask (LM) ventilation", "endotracheal intubation (ETI)", offset=100)
    assert pair.sentence == text and pair.sentence_start == 100
    assert text[pair.comparator.start:pair.comparator.end] == "29/32 (90.6 %)"


def test_arms_named_by_dose_and_the_comparator_first():
    text = ("In the eight-pulse arm, 59 out of 250 FVT episodes (22%) required one or more shocks (total shocks 72). "
            "In the 15-pulse arm, 45 out of 209 FVT episodes (21%) required one or more shocks (total shocks 50).")
    pair, = split_pairs(text, "15-pulse anti-tachycardia pacing (ATP)", "eight-pulse anti-tachycardia pacing (ATP)")
    assert (pair.intervention.events, pair.intervention.total) == (45, 209)
    assert (pair.comparator.events, pair.comparator.total) == (59, 250)


def test_a_sentence_without_a_value_may_stand_between():
    text = ("The LM was successfully inserted during the first attempt in 34/36 (94.4 %) newborns. Two attempts were "
            "required in one newborn. In the ETI group, the device was successfully inserted during the first "
            "attempt in 29/32 (90.6 %) newborns.")
    assert _texts(text, "laryngeal mask (LM) ventilation", "endotracheal intubation (ETI)") == [
        ("34/36 (94.4 %)", "29/32 (90.6 %)")]
    between = text.replace("in one newborn", "in 2/36 newborns")
    assert _texts(between, "laryngeal mask (LM) ventilation", "endotracheal intubation (ETI)") == []


def test_means_with_sd():
    text = ("In the intravitreal injection group, the mean visual acuity at 1 month was 0.571 ± 0.393 mm. "
            "In the posterior subtenon injection group, the mean visual acuity at 1 month was 0.650 ± 0.281 mm.")
    pair, = split_pairs(text, "Intravitreal triamcinolone", "Posterior subtenon triamcinolone")
    assert (pair.intervention.mean, pair.intervention.sd, pair.comparator.mean) == (0.571, 0.393, 0.65)


def test_sentences_that_are_not_parallel_pair_nothing():
    text = ("The LM was successfully inserted during the first attempt in 34/36 (94.4 %) newborns. In the ETI group, "
            "vomiting occurred in 4/32 (12.5 %) newborns after extubation.")
    assert split_pairs(text, "laryngeal mask (LM) ventilation", "endotracheal intubation (ETI)") == []


def test_another_paragraph_values_of_other_forms_or_two_values_pair_nothing():
    q = ("laryngeal mask (LM) ventilation", "endotracheal intubation (ETI)")
    first = "The LM was successfully inserted during the first attempt in 34/36 (94.4 %) newborns."
    assert split_pairs(first + "\nIn the ETI group, the device was successfully inserted during the first attempt "
                                "in 29/32 (90.6 %) newborns.", *q) == []
    assert split_pairs(first + " In the ETI group, the device was successfully inserted during the first attempt "
                               "in 29 newborns (90.6 %).", *q) == []
    assert split_pairs(first + " In the ETI group, the device was successfully inserted during the first attempt "
                               "in 29/32 (90.6 %) newborns and at the second in 3/32.", *q) == []


def test_a_sentence_naming_both_arms_a_control_or_a_baseline_value_gives_no_arm():
    q = ("Exenatide", "Glimepiride")
    assert one_arm_value("In the exenatide group, HbA1c fell to 7.1 ± 0.9 versus glimepiride.", *q) is None
    assert one_arm_value("In the exenatide group, HbA1c fell to 7.1 ± 0.9, as in the control group.", *q) is None
    assert one_arm_value("In both groups, HbA1c fell to 7.1 ± 0.9.", *q) is None
    assert one_arm_value("In the exenatide group, the mean baseline HbA1c was 8.1 ± 0.9.", *q) is None
    role, value, _ = one_arm_value("In the exenatide group, HbA1c fell to 7.1 ± 0.9 mmol/l.", *q)
    assert (role, value.mean, value.sd) == ("intervention", 7.1, 0.9)


def test_a_word_both_arms_share_counts_inside_one_arms_name():
    role, value, _ = one_arm_value("Staff surgeons performed 17% (13/75) of all procedures through a midline "
                                   "incision.", "Transverse incision", "Midline incision")
    assert (role, value.events, value.total) == ("comparator", 13, 75)
    assert one_arm_value("Staff surgeons performed 17% (13/75) of all procedures through an incision.",
                         "Transverse incision", "Midline incision") is None


def test_outcome_said_counts_the_query_outcomes_words_in_the_sentences():
    text = "In the eight-pulse arm, 59 out of 250 FVT episodes (22%) required one or more shocks."
    assert outcome_said("number of shocks", text) == 1.0
    assert outcome_said("FVT acceleration episodes", text) < SAID
    assert outcome_said("first attempt at successful insertion time",
                        "The LM was successfully inserted during the first attempt in 34/36 (94.4 %) newborns.") >= SAID
    assert outcome_said("overall response rate (ORR)", "The TE group presented an ORR of 73.0% (46/63).") == 1.0


def test_outcome_said_matches_words_not_prefixes():
    """A word counts through its root ("insertion" / "inserted"), not through a shared prefix."""
    assert outcome_said("complications", "The programme was completed by 40 of 42 patients.") == 0.0
    assert outcome_said("blood pressure", "Blood pressures fell in both groups.") == 1.0
    assert outcome_said("successful insertion", "The mask was inserted successfully in 30 patients.") == 1.0


def test_sentences_reporting_at_different_times_are_no_pair():
    text = ("At 1 month, the pain score was 3.2 ± 1.1 in the ketamine group. "
            "At 6 months, the pain score was 2.9 ± 1.0 in the saline group.")
    assert split_pairs(text, "ketamine", "saline") == []
    same = text.replace("At 6 months", "At 1 month")
    assert len(split_pairs(same, "ketamine", "saline")) == 1


def test_outcome_said_takes_a_longer_form_of_a_word_of_five_letters_or_more():
    assert outcome_said("amputation", "Two limbs were amputated in the control group.") == 1.0
    assert outcome_said("hospital stay", "Hospitalization lasted longer.") == 0.5
    assert outcome_said("complications", "All patients completed the study.") == 0.0

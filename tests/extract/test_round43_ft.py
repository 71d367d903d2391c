"""Round 43: a table row naming another instrument's code than the query's is not its place
(``outcome_query.other_instrument_row``). Invented labels; no spaCy."""
from stemfoot.extract.outcome_query import instrument_codes, other_instrument_row


def test_codes_are_read_without_case_or_hyphen_and_need_a_hyphen():
    assert instrument_codes("Anxiety (GAD-7) and SF-36, EQ-5D") == {"GAD7", "SF36", "EQ5D"}
    # no hyphen (HbA1c, CD34+, FEV1), one letter (G1), a time ("Day-5"): no code
    assert instrument_codes("HbA1c, CD34+ cells, FEV1, G1, Day-5") == set()


def test_a_row_of_another_code_is_another_instrument():
    assert other_instrument_row("Anxiety (GAD-7) at week 8", "PHQ-9, week 8, mean (SD)")
    assert other_instrument_row("IL-6 on day 3", "IL-10 / Day 3")


def test_the_query_code_or_no_code_on_either_side_keeps_the_row():
    assert not other_instrument_row("Anxiety (GAD-7) at week 8", "GAD-7, week 8, mean (SD)")
    assert not other_instrument_row("Anxiety (GAD-7) at week 8", "Anxiety score")
    assert not other_instrument_row("Anxiety score", "PHQ-9, week 8")
    assert not other_instrument_row("SF-36 physical functioning", "SF-36 / PCS / IL-6")


def test_a_code_of_the_query_arms_is_not_an_instrument():
    # arms as rows: the row names the product code of the query's arm
    assert not other_instrument_row("Ulcer area (EQ-5D)", "UCM-417 high dose", "High-dose UC-MSC (UCM-417) Placebo")
    assert other_instrument_row("Ulcer area (EQ-5D)", "UCM-417 high dose")


def test_dose_levels_are_read_alike():
    from stemfoot.extract.outcome_query import dose_levels
    assert dose_levels("High-dose UC-MSC (UCM-417)") == {"high"}
    assert dose_levels("Low dose (n = 41)") == {"low"}
    assert dose_levels("moderate-intensity training, higher dose") == {"medium", "high"}
    assert dose_levels("Highly purified cells, low molecular weight heparin") == set()


def test_the_other_dose_column_is_not_the_query_arm():
    from stemfoot.extract.outcome_query import arm_similarity, names_own_arm, other_dose_level
    assert other_dose_level("High-dose UC-MSC", "Low dose (n = 41)")
    assert not other_dose_level("High-dose UC-MSC", "High dose (n = 40)")
    assert not other_dose_level("UC-MSC", "Low dose")  # the query names no level: nothing to contradict
    q = "High-dose UC-MSC (UCM-417)"
    high, low = (arm_similarity(q, f"{level} dose UC-MSC", "intervention") for level in ("High", "Low"))
    assert high > 0.5 and low < 0.5 * high
    assert not names_own_arm("High-dose UC-MSC", "Low dose UC-MSC", {"high"}, set())


def test_a_version_letter_is_the_same_instrument():
    # mendft43: "SCL-90r: / −ANX" is the row of "Anxiety Index of the SCL-90-r" (PMC3314673), not another scale.
    from stemfoot.extract.outcome_query import same_instrument
    assert instrument_codes("SCL-90-r and SCL-90r") == {"SCL90R"}
    assert not other_instrument_row("Anxiety Index of the SCL-90-r", "SCL-90r: / −ANX")
    assert not other_instrument_row("Anxiety Index of the SCL-90", "SCL-90-R / anxiety")
    assert same_instrument("SCL90", "SCL90R") and not same_instrument("IL28A", "IL28B")
    assert other_instrument_row("IL-28A on day 14", "IL-28B (pg/ml)")
    # a word after a hyphen is no version letter
    assert instrument_codes("IL-6-treated cells") == {"IL6"}

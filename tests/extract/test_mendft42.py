"""mendft42: ft42's caption sizes, component rows and caption times on shapes its tests did not cover. Invented
examples, no spaCy."""
from __future__ import annotations

from stemfoot.extract.tables import caption_arm_sizes


def test_caption_sizes_read_thousands_and_refuse_ranges_lists_and_percentages():
    cap = "Adverse events (Drug, n = 1,024; Placebo, n = 1,013)"
    assert caption_arm_sizes(cap, ["Drug", "Placebo"]) == {"Drug": 1024, "Placebo": 1013}
    # a thin-space thousands separator is not read as a size of 1
    assert caption_arm_sizes("Adverse events (Drug, n = 1 024; Placebo, n = 1 013)", ["Drug", "Placebo"]) == {}
    # ranges in words or with a slash, lists and percentages: the n varies by row or is no count of people
    assert caption_arm_sizes("Outcomes (A, n = 23 to 25; B, n = 24)", ["A", "B"]) == {}
    assert caption_arm_sizes("Outcomes (A, n = 23/25; B, n = 24/26)", ["A", "B"]) == {}
    assert caption_arm_sizes("Outcomes (A, n = 23, 25; B, n = 24)", ["A", "B"]) == {}
    assert caption_arm_sizes("Outcomes (A, n = 23% female; B, n = 24)", ["A", "B"]) == {}


# --- outcome_query.component_row: the whole class written otherwise ----------------------------------------------

def test_a_row_counting_the_whole_class_or_the_querys_acronym_is_no_part():
    from stemfoot.extract.outcome_query import component_row

    cap = "Adverse events by treatment group"
    assert not component_row("Serious adverse events", "SAEs", cap)
    assert not component_row("Treatment-emergent adverse events", "TEAE", cap)
    assert not component_row("Postoperative complications", "Yes", "Postoperative complications")
    assert not component_row("Postoperative complications", "Patients with ≥1", "Postoperative complications")
    assert not component_row("Side effects", "One or more", "Side effects, n (%)")
    # a kind of the class is still a part, whatever its capitals
    assert component_row("Serious adverse events", "MI", cap)
    assert component_row("Postoperative complications", "Wound infection / Yes", "Postoperative complications")
    assert not component_row("Postoperative complications", "Overall / Yes", "Postoperative complications")


# --- query times unit first; a caption's spans and ages ---------------------------------------------------------

def test_a_unit_first_span_in_a_query_is_no_single_day():
    from stemfoot.extract.outcome_query import said_times

    assert said_times("Pain over days 1-7") == frozenset()
    assert said_times("Pain over weeks 2 to 4") == frozenset()
    assert (12.0, "week") in said_times("HbA1c at week 12")
    assert (5.0, "day") in said_times("Pain on Day-5")
    assert (12.0, "week") in said_times("HbA1c from week 1 to week 12")
    assert (12.0, "week") in said_times("HbA1c over 1-12 weeks")  # number first: its end, as before


def test_a_caption_span_list_or_age_is_no_other_time():
    from stemfoot.extract.outcome_query import caption_other_time

    assert not caption_other_time("Pain at 2 hours", "", "VAS", "Pain scores, 0-24 hours")
    assert not caption_other_time("Pain at 2 hours", "", "VAS", "Pain scores at 30 minutes, 1, 2 and 4 hours")
    assert not caption_other_time("Pain at day 7", "", "VAS", "Outcomes in the week after surgery (days 1-7)")
    assert not caption_other_time("Weight at 1 year", "", "Weight, kg", "Weight change in children aged 6-12 years")
    assert not caption_other_time("Weight at 1 year", "", "Weight, kg", "Outcomes of patients 40 years old or more")
    # the caption's own single other time still marks the row
    assert caption_other_time("Weight at 1 year", "", "Weight, kg", "Outcomes at 6 months in children aged 6-12 years")
    assert caption_other_time("Pain over days 1-7", "", "VAS", "Pain at day 14") is False

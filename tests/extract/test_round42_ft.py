"""Round 42 (ft42): full-text group sizes a table's caption states for its arms. Invented examples, no spaCy."""
from __future__ import annotations

from stemfoot.extract.tables import caption_arm_sizes, read_columns


def test_a_caption_gives_each_arm_its_size():
    cap = "Haemodynamic parameters at baseline and 6 months (G1, n = 23; G2, n = 24)"
    assert caption_arm_sizes(cap, ["G1", "G1", "G2", "G2"]) == {"G1": 23, "G2": 24}
    cap = "Outcomes at 12 weeks in the PRP (n = 37) and saline (n = 36) groups"
    assert caption_arm_sizes(cap, ["PRP", "Saline"]) == {"PRP": 37, "Saline": 36}
    cap = "Scores after treatment. Group A: n = 30; Group B: n = 29"
    assert caption_arm_sizes(cap, ["Group A", "Group B"]) == {"Group A": 30, "Group B": 29}


def test_partial_ranged_or_conflicting_caption_sizes_give_none():
    # one arm only: the other's size is not the caption's to give
    assert caption_arm_sizes("Outcomes (G1, n = 23)", ["G1", "G2"]) == {}
    # a range: the n varies by row
    assert caption_arm_sizes("Outcomes (G1, n = 21-23; G2, n = 24)", ["G1", "G2"]) == {}
    # an arm named twice with two sizes (per visit): which one is the row's is not said
    cap = "Scores (week 4: A, n = 20; B, n = 19; week 8: A, n = 18; B, n = 19)"
    assert caption_arm_sizes(cap, ["A", "B"]) == {}
    # a name inside a longer word is no mention ("G1" in "G10")
    assert caption_arm_sizes("Outcomes (G10, n = 23; G2, n = 24)", ["G1", "G2"]) == {}
    # one arm: nothing to say about a comparison
    assert caption_arm_sizes("Outcomes (G1, n = 23)", ["G1"]) == {}


def test_the_caption_sizes_the_columns_whose_headers_give_none():
    table = {"caption": "Parameters at baseline and 6 months (G1, n = 23; G2, n = 24)",
             "header_joined": ["Parameter", "G1 / Baseline", "G1 / 6 months", "G2 / Baseline", "G2 / 6 months"]}
    assert [(c.arm, c.n) for c in read_columns(table)[1:]] == [("G1", 23), ("G1", 23), ("G2", 24), ("G2", 24)]
    # a header's own size stays
    table = {"caption": "Outcomes (G1, n = 23; G2, n = 24)", "header_joined": ["Outcome", "G1 (n = 25)", "G2 (n = 25)"]}
    assert [c.n for c in read_columns(table)[1:]] == [25, 25]


# --- outcome_query.component_row: a part of the caption's outcome ----------------------------------------------

def test_a_row_naming_a_kind_of_the_captions_outcome_is_a_part():
    from stemfoot.extract.outcome_query import component_row

    assert component_row("Postoperative complications", "Local / Wound infection", "Postoperative complications")
    assert component_row("Adverse events", "Hypoglycaemia", "Adverse events by treatment arm")


def test_a_row_sharing_the_querys_words_a_sum_row_or_a_time_row_is_the_whole():
    from stemfoot.extract.outcome_query import component_row

    assert not component_row("Postoperative complications", "Any complication", "Postoperative complications")
    assert not component_row("Postoperative complications", "Total", "Postoperative complications")
    assert not component_row("HbA1c at 12 weeks", "Week 12", "HbA1c during follow-up")
    # the caption does not name the query's outcome: the row is matched on its own
    assert not component_row("Postoperative complications", "Wound infection", "Secondary outcomes")
    # a query naming no class of events: a row that words it otherwise (an acronym, a hyphen, another ending) is it
    assert not component_row("Systolic blood pressure", "SBP (mmHg)", "Blood pressure at 12 months")
    assert not component_row("self-esteem scores", "Self Esteem / Overall", "Self-esteem and self-efficacy scores")
    assert not component_row("Mean heart rate", "AHR (bpm)", "Heart rate before and after training")
    # the query lists another outcome beside the class, and the row names that one
    assert not component_row("Complications and mortality", "Death events", "Complications and mortality")
    assert component_row("Complications and mortality", "Gastrointestinal bleeding", "Complications and mortality")


# --- outcome_query.caption_other_time: a table of another time ----------------------------------------------

def test_a_caption_naming_another_time_marks_rows_that_name_none():
    from stemfoot.extract.outcome_query import caption_other_time

    q = "Berg Balance Scale at 12 weeks"
    assert caption_other_time(q, "", "Berg Balance Scale (0–56)", "Outcomes at the end of the 4-week intervention")
    assert caption_other_time("HbA1c at week 12", "", "HbA1c, %", "Secondary outcomes at week 4")
    assert not caption_other_time(q, "", "Berg Balance Scale (0–56)", "Outcomes at 12-week follow-up")
    # the column or row names its own time: that one decides
    assert not caption_other_time(q, "Week 12", "Berg Balance Scale", "Outcomes at the 4-week visit")
    assert not caption_other_time(q, "", "Berg Balance Scale / 12 weeks", "Outcomes at the 4-week visit")
    # a query naming no time, a caption naming none, or only another kind of time (hours for weeks)
    assert not caption_other_time("Berg Balance Scale", "", "Berg Balance Scale", "Outcomes at 4 weeks")
    assert not caption_other_time(q, "", "Berg Balance Scale", "Secondary outcomes")
    assert not caption_other_time(q, "", "Berg Balance Scale", "Outcomes within 24 hours of each session")

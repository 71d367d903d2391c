"""Round 33's full-text stages, each with its input (no spaCy): a "Yes" row under a value-less outcome row (T2), a
time part's "after treatment" words taking no arm (T1), ordinal time columns (R1) and one analysed number in every
group (S1)."""
from __future__ import annotations

import pytest
from extract_support import table_by_label

from stemfoot.corpus.jats import build_table
from stemfoot.extract import group_sizes, tables
from stemfoot.extract.outcome_query import ordinal_time


def _table(header: list[str], rows: list[list[str]]) -> dict:
    return build_table("Table 2", "Adverse events", [], [header], rows)


def test_a_yes_row_holds_the_events_of_the_outcome_row_above_it_and_a_no_row_is_not_read():
    t = _table(["Variables", "Group D", "Group P", "P Value"], [
        ["Hypotension", "", "", "0.533^a"],
        ["Yes", "6 (12.8%)", "8 (17.4%)", ""],
        ["No", "41 (87.2%)", "38 (82.6%)", ""],
        ["Bleeding volume, mL", "359.3 ± 266.2", "406.3 ± 341.6", "0.208"],
    ])
    got = table_by_label(t)
    assert sorted((s["arm"], s["events"]) for s in got["Hypotension / Yes"]) == [("Group D", 6), ("Group P", 8)]
    assert not any(label.endswith("No") for label in got)
    assert [s["mean"] for s in got["Bleeding volume, mL"]] == [359.3, 406.3]


def test_a_yes_row_under_an_outcome_row_with_values_of_its_own_is_left_as_it_is():
    t = _table(["Variables", "Group D", "Group P"], [
        ["Smokers", "10 (20%)", "12 (24%)"],
        ["Yes", "6 (12.8%)", "8 (17.4%)"],
    ])
    assert tables.answer_rows_read(t) is t


def test_a_no_row_the_header_already_labelled_under_its_yes_row_is_not_read():
    t = _table(["", "CRT group", "RT group"], [
        ["Failure ≤2 years", "Failure ≤2 years", "Failure ≤2 years"],
        ["Yes", "4/90", "7/91"],
        ["No", "86/90", "84/91"],
    ])
    got = table_by_label(t)
    assert sorted((s["arm"], s["events"]) for s in got["Failure ≤2 years / Yes"]) == [("CRT group", 4), ("RT group", 7)]
    assert "Failure ≤2 years / No" not in got


@pytest.mark.parametrize("header, arm, time", [
    ("Usual ACT / 30 min after treatment / Mean (SD)", "Usual ACT", "30 min"),
    ("Intervention group / Before treatment", "Intervention group", "Before"),
    ("Experimental group / 1 month after the intervention", "Experimental group", "1 month"),
    ("Placebo (n = 20) / Week 12", "Placebo", "Week 12"),
])
def test_the_words_a_time_counts_from_name_no_arm(header, arm, time):
    col = tables.read_column(1, header)
    assert (col.arm, col.timepoint) == (arm, time)


def test_an_arm_group_over_an_arm_stays_a_subgroup_with_a_time_below_them():
    col = tables.read_column(1, "Single treatment session / Usual ACT / 30 min after treatment")
    assert (col.subgroup, col.arm, col.timepoint) == ("Single treatment session", "Usual ACT", "30 min")


@pytest.mark.parametrize("tp, k", [("T1", 1), ("T4", 4), ("t2", 2), ("Visit 3", 3), ("Session 6", 6),
                                   ("Evaluation 2", 2), ("T0", None), ("Period 2", None), ("Week 12", None),
                                   ("Treatment", None), ("T1 vs T2", None)])
def test_ordinal_time_points(tp, k):
    assert ordinal_time(tp) == k


@pytest.mark.parametrize("text, n", [
    ("Sixty patients were randomized (I group, n = 30; H group, n = 30). Finally, 28 in each group were available "
     "for final analysis.", 28),
    ("Of them, 41 completed the study in each group and underwent analysis.", 41),
    ("Thirty patients in each group were included in the analysis.", 30),
    ("Three patients in each group were lost to follow-up, leaving 27.", None),
    ("Eight patients in each group had an ischemic cardiomyopathy.", None),
    ("We planned 40 patients in each group to be analysed (power 80%).", None),
    ("28 in each group were analysed at 6 months and 25 in each group were analysed at 12 months.", None),
])
def test_one_number_analysed_in_every_group(text, n):
    assert group_sizes.each_analysed_size(text) == n


def test_the_analysed_number_in_each_group_replaces_the_allocated_sizes_never_a_larger_one():
    text = "Finally, 28 in each group were available for final analysis."
    got = group_sizes.refine_sizes("pain", "I group", "H group", text, None, (30, 0.8), (31, 0.8))
    assert got == ((28, 0.85), (28, 0.85))
    got = group_sizes.refine_sizes("pain", "I group", "H group", text, None, (20, 0.8), (21, 0.8))
    assert got[0][0] != 28

"""Round 33's full-text mends, each with an invented input (no spaCy): a count that "completed" an outcome or was
measured for one named analysis is no group's analysed size (bug 5), a header part that names an arm and a time
keeps its arm unless the time is counted from an event (bug 6), and answer rows read in a table whose flags are
fewer than its rows (bug 7)."""
from __future__ import annotations

import pytest

from stemfoot.corpus.jats import build_table
from stemfoot.extract import group_sizes, tables

_ALLOCATION = "Forty adults were randomised to the dressing (n = 20) or to saline gauze (n = 20). "


@pytest.mark.parametrize("sentence", [
    "Six adults had completed epithelialisation in each group by day 28.",
    "Seven adults completed graft take in both groups.",
    "After 8 weeks, 6 adults in each group were available for histology analysis.",
])
def test_a_count_of_an_outcome_or_of_a_subset_analysis_is_no_analysed_size_of_every_group(sentence):
    text = _ALLOCATION + sentence
    assert group_sizes.each_analysed_size(text) is None
    got = group_sizes.refine_sizes("wound closure", "dressing", "saline gauze", text, None, (20, 0.8), (20, 0.8))
    assert (got[0][0], got[1][0]) == (20, 20)


@pytest.mark.parametrize("sentence, n", [
    ("In the end, 18 completed the trial in each group.", 18),
    ("Finally, 17 adults in each group were available for final analysis.", 17),
])
def test_a_completed_study_or_final_analysis_in_every_group_is_still_the_analysed_size(sentence, n):
    text = _ALLOCATION + sentence
    assert group_sizes.each_analysed_size(text) == n
    got = group_sizes.refine_sizes("wound closure", "dressing", "saline gauze", text, None, (20, 0.8), (20, 0.8))
    assert (got[0][0], got[1][0]) == (n, n)


def test_an_every_group_size_under_half_of_an_arm_is_not_the_analysed_size():
    text = "Forty adults were randomised to the dressing (n = 20) or to saline gauze (n = 20). " \
           "In the end, 6 completed the trial in each group."
    got = group_sizes.refine_sizes("wound closure", "dressing", "saline gauze", text, None, (20, 0.8), (20, 0.8))
    assert (got[0][0], got[1][0]) == (20, 20)


@pytest.mark.parametrize("header, arm", [
    ("Dressing 8 weeks", "Dressing"),
    ("Treatment (week 8)", "Treatment"),
    ("Training 3 months", "Training"),
    ("Treatment (n=15) 8 weeks", "Treatment"),
])
def test_an_arm_named_with_its_time_in_one_part_keeps_its_arm(header, arm):
    assert tables.read_column(1, header).arm == arm


def test_both_arms_of_a_time_header_are_read():
    t = build_table("Table 3", "Outcomes", [], [["Outcome", "Treatment 8 weeks", "Gauze 8 weeks"]],
                    [["Pain score", "3.1 ± 0.4", "4.2 ± 0.5"]])
    got = [st for st in tables.table_statistics(tables.normalise_layout(t), []) if st["kind"] != "p_value"]
    assert sorted(st["mean"] for st in got) == [3.1, 4.2]


@pytest.mark.parametrize("header, arm", [
    ("Dressing / 60 min after treatment", "Dressing"),
    ("Gauze group / Before treatment", "Gauze group"),
    ("Gauze (mean ± SD) / Pre-training", "Gauze"),
    ("Dressing (mean ± SD) / Post-training", "Dressing"),
])
def test_a_time_counted_from_an_event_still_takes_no_arm(header, arm):
    assert tables.read_column(1, header).arm == arm


def test_answer_rows_read_with_fewer_flags_than_rows():
    t = build_table("Table 2", "Adverse events", [], [["Variables", "Dressing", "Gauze"]], [
        ["Itching", "", ""],
        ["Yes", "3 (15%)", "5 (25%)"],
        ["No", "17 (85%)", "15 (75%)"],
    ])
    t = {**t, "label_only": [False]}
    got = tables.answer_rows_read(t)
    assert got["label_only"][2] is True
    assert got["row_prefixed"][1] == "Itching / Yes"

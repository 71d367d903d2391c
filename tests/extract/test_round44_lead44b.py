"""Round 44 (early, branch lead44b): the arms of a dose-escalation series, so that its whole-sample values are told
apart from its cohorts' values.

- "three dose cohorts (cohort 1, 25 million cells, n = 5; cohort 2, ...)", "three in cohort 1 (...), three in cohort
  2 (...) and six in cohort 3": a numbered cohort series the text confirms (a stated count, "cohorts of six", or
  sizes adding up to the total) is the study's arms where the inventory is left without any.
- "at month 3, and one patient in cohort 2 died": a time unit before a number makes it no count of a list.
- "in 2 patients of cohort 3": the arm the count was counted in, written right after it.

Invented sentences; pure functions (compiled patterns), no pipeline.
"""
from __future__ import annotations

import pytest

from stemfoot.extract.arm_sizes import add_cohort_series_arms, cohort_series
from stemfoot.extract.number_grammar import bare_event_counts
from stemfoot.extract.stages import _RX as STAGES_RX


def _one_sentence(text: str) -> list[tuple[int, int]]:
    return [(0, len(text))]


@pytest.mark.parametrize("text, labels, sizes", [
    ("Twenty patients were enrolled into four dose cohorts (cohort 1, 10 million cells, n = 5; cohort 2, 30 million "
     "cells, n = 5; cohort 3, 90 million cells, n = 5; cohort 4, 270 million cells, n = 5).",
     ["cohort 1", "cohort 2", "cohort 3", "cohort 4"], [5, 5, 5, 5]),
    ("Ten patients were treated: two in cohort A (low dose), four in cohort B (mid dose) and four in cohort C.",
     ["cohort A", "cohort B", "cohort C"], [2, 4, 4]),
    ("Patients received cells in three sequential dose cohorts of eight: cohort 1 (1 × 10^6 cells/kg), cohort 2 "
     "(2 × 10^6 cells/kg) and cohort 3 (4 × 10^6 cells/kg).", ["cohort 1", "cohort 2", "cohort 3"], [None, None, None]),
])
def test_a_numbered_cohort_series_and_the_sizes_its_members_state(text: str, labels: list, sizes: list) -> None:
    series = cohort_series(text, 0, len(text))
    assert [label for label, _, _, _ in series] == labels
    assert [n for _, _, _, n in series] == sizes
    assert all(text[a:b] == label for label, a, b, _ in series)


@pytest.mark.parametrize("text", [
    "Adverse events occurred in cohort 1 and cohort 3.",             # not numbered in order
    "Cohort 2 had more events than cohort 1.",                       # out of order
    "One amputation occurred in cohort 1.",                          # one member is no series
])
def test_no_series(text: str) -> None:
    assert cohort_series(text, 0, len(text)) == []


def test_a_confirmed_series_becomes_the_arms() -> None:
    text = ("Fifteen patients were enrolled sequentially into three dose cohorts (cohort 1, 25 million cells, n = 5; "
            "cohort 2, 75 million cells, n = 5; cohort 3, 150 million cells, n = 5).")
    arms: list[dict] = []
    assert add_cohort_series_arms(text, _one_sentence(text), arms, "single_arm", 15) == ["arms_from_cohort_series"]
    assert [(a["label"], a["role"], a["n_patients"]) for a in arms] == [
        ("cohort 1", "intervention", 5), ("cohort 2", "intervention", 5), ("cohort 3", "intervention", 5)]


def test_sizes_adding_up_to_the_total_confirm_the_series() -> None:
    text = "Twelve patients were treated: three in cohort 1 (low dose), three in cohort 2 and six in cohort 3."
    arms: list[dict] = []
    assert add_cohort_series_arms(text, _one_sentence(text), arms, "single_arm", 12)
    assert [a["n_patients"] for a in arms] == [3, 3, 6]
    # The same sizes against another total, and no count said: not confirmed.
    arms = []
    assert add_cohort_series_arms(text, _one_sentence(text), arms, "single_arm", 20) == [] and arms == []


@pytest.mark.parametrize("design, arms", [
    ("rct", []),                                                       # a controlled design
    ("single_arm", [{"label": "placebo", "role": "control"}]),         # an arm is left: the inventory stands
])
def test_only_where_no_arm_is_left_in_an_uncontrolled_study(design: str, arms: list[dict]) -> None:
    text = "Patients were enrolled into three dose cohorts: cohort 1 (n = 4), cohort 2 (n = 4) and cohort 3 (n = 4)."
    before = [dict(a) for a in arms]
    assert add_cohort_series_arms(text, _one_sentence(text), arms, design, 12) == []
    assert arms == before


def test_a_time_before_a_number_is_no_count_of_a_list() -> None:
    text = "One patient in cohort 1 underwent major amputation at month 3, and one patient in cohort 2 died."
    assert bare_event_counts(text) == []
    # A list of counts is still read.
    assert [v for _, _, v, _ in bare_event_counts("Amputation occurred in 3, 4 and 5 patients, respectively.")] \
        == [3, 4, 5]


@pytest.mark.parametrize("after, arm_follows", [
    (" patients of cohort 3 without clinical consequences", True),
    (" patients of the MSC group", True),
    (" of cohort 3", False),                                         # "2 of cohort 3": no people noun
])
def test_the_arm_right_after_patients_of(after: str, arm_follows: bool) -> None:
    m = STAGES_RX.IN_ARM_AFTER.match(after)
    assert (m is not None and after[m.end():].lower().startswith(("cohort", "msc"))) == arm_follows


def test_a_stated_number_of_cohorts_confirms_a_series_without_sizes() -> None:
    text = ("Eighteen patients received cells in three sequential dose cohorts of six: cohort 1 (1 × 10^6 cells/kg), "
            "cohort 2 (2 × 10^6 cells/kg) and cohort 3 (4 × 10^6 cells/kg).")
    arms: list[dict] = []
    assert add_cohort_series_arms(text, _one_sentence(text), arms, "single_arm", 18)
    assert [(a["label"], a["n_patients"]) for a in arms] == [("cohort 1", None), ("cohort 2", None), ("cohort 3", None)]

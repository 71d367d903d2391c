"""Round 44, second read of lead44b (branch mendlead44b): where its rules over-reached on invented text.

- A numbered cohort series is the arms only where the cohorts are dose levels: the text says so ("dose cohorts",
  "dose-escalation") or the series' sentence gives each its dose; not periods of a registry nor a derivation and a
  validation sample, even where the text names a dose elsewhere.
- A cohort's size is never a time ("healed by week 4 in cohort 1") nor a count of an event sentence ("healing
  occurred in two in cohort 1").
- A duration before a count list ("After 12 weeks 14 and 6 patients", "Over 2 years 4 and 3 patients") keeps the
  list; only a time point ("at month 3, and one patient") starts none.

Invented sentences; pure functions (compiled patterns), no pipeline.
"""
from __future__ import annotations

import pytest

from stemfoot.extract.arm_sizes import add_cohort_series_arms, cohort_series
from stemfoot.extract.number_grammar import bare_event_counts


def _one_sentence(text: str) -> list[tuple[int, int]]:
    return [(0, len(text))]


@pytest.mark.parametrize("text, total", [
    ("Patients were grouped by treatment period: cohort 1 (2010-2013, n = 120), cohort 2 (2014-2016, n = 100) and "
     "cohort 3 (2017-2019, n = 80).", 300),
    ("The model was developed in cohort 1 (n = 450) and validated in cohort 2 (n = 250).", 700),
    ("All received a single dose of 10^8 cells and were analysed as cohort 1 (2012-2015, n = 110) and cohort 2 "
     "(2016-2019, n = 90).", 200),
])
def test_a_series_that_is_no_set_of_dose_levels_gives_no_arms(text: str, total: int) -> None:
    arms: list[dict] = []
    assert add_cohort_series_arms(text, _one_sentence(text), arms, "other", total) == [] and arms == []


@pytest.mark.parametrize("text", [
    # the doses given in the series' own sentence, no dose-escalation words
    "Twelve patients received cells in three sequential cohorts of four patients: 1 × 10^6 cells/kg (cohort 1), "
    "3 × 10^6 cells/kg (cohort 2) and 9 × 10^6 cells/kg (cohort 3).",
    # dose-escalation words, no dose in the sentence
    "In this dose-escalation study, twelve patients were treated: three in cohort 1, three in cohort 2 and six in "
    "cohort 3.",
])
def test_dose_levels_said_or_given_keep_the_series(text: str) -> None:
    arms: list[dict] = []
    assert add_cohort_series_arms(text, _one_sentence(text), arms, "single_arm", 12) == ["arms_from_cohort_series"]
    assert [a["label"] for a in arms] == ["cohort 1", "cohort 2", "cohort 3"]


def test_a_time_is_no_cohort_size() -> None:
    text = "Ulcers healed by week 4 in cohort 1, week 8 in cohort 2 and week 12 in cohort 3."
    assert [n for _, _, _, n in cohort_series(text, 0, len(text))] == [None, None, None]
    assert [n for _, _, _, n in cohort_series("three in cohort 1 and six in cohort 2", 0, 37)] == [3, 6]


def test_the_counts_of_an_event_sentence_are_no_cohort_sizes() -> None:
    text = "Complete ulcer healing occurred in two in cohort 1, three in cohort 2 and four in cohort 3."
    assert [n for _, _, _, n in cohort_series(text, 0, len(text))] == [None, None, None]
    # With "three dose cohorts" said the series is still the arms, without those sizes.
    full = "Fifteen patients were enrolled in three dose cohorts. " + text
    sentences = [(0, 53), (54, len(full))]
    arms: list[dict] = []
    assert add_cohort_series_arms(full, sentences, arms, "single_arm", 15)
    assert [(a["label"], a["n_patients"]) for a in arms] == [("cohort 1", None), ("cohort 2", None), ("cohort 3", None)]


@pytest.mark.parametrize("text, values", [
    ("After 12 weeks 14 and 6 patients had complete healing in the MSC and control groups, respectively.", [14, 6]),
    ("Over 2 years 4 and 3 patients had recurrence and amputation, respectively.", [4, 3]),
])
def test_a_duration_before_a_count_list_keeps_the_list(text: str, values: list[int]) -> None:
    assert [v for _, _, v, _ in bare_event_counts(text)] == values


def test_a_time_point_before_a_number_still_starts_no_list() -> None:
    assert bare_event_counts("One patient in cohort 1 underwent major amputation at month 3, and one patient in "
                             "cohort 2 died.") == []

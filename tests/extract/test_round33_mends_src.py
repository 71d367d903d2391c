"""Round 33 mends: the grammar change's regressions, each narrowed (invented sentences; pure functions, no spaCy)."""
from __future__ import annotations

import pytest

from stemfoot.extract.baseline import state_at_entry
from stemfoot.extract.number_grammar import SentenceClaims, scan
from stemfoot.extract.subset_events import subset_events
from stemfoot.extract.zero_clauses import spared_arms


def _read(text: str) -> list[tuple[str, dict]]:
    sent = SentenceClaims(text, 0)
    scan(sent, [])
    return [(text[a:b], st) for a, b, st in sorted(sent.found, key=lambda f: f[0])]


# 3. A spared statement's arm is never a bare count nor an exception.

@pytest.mark.parametrize("text,arms", [
    ("Below-knee amputation was needed in no participant of the PBSC arm and in 5 of the usual-care arm.",
     ["PBSC arm"]),
    ("Toe amputation was required in no patient of the PBSC arm and in 70% of controls.", ["PBSC arm"]),
    ("Amputation was avoided in all 14 patients.", []),
    ("Amputation was avoided in all except 3 patients.", []),
    ("Amputation was avoided in all patients in Arms I and II.", ["Arms I", "II"]),
    ("Amputation was avoided in all patients of groups 1 and 2.", ["groups 1", "2"]),
])
def test_src_spared_arm_is_no_bare_count_nor_exception(text, arms):
    assert [text[c.start:c.end] for c in spared_arms(text)] == arms


# 4. Subset sizes must name arms, not demographic subgroups.

@pytest.mark.parametrize("text", [
    "Of the 11 men and 7 women with gangrene, 8 and 5 healed.",
    "Of the 10 male and 9 female patients with ulcers, 7 and 4 healed.",
    "Of the 10 diabetic and 9 non-diabetic limbs with ulcers, 7 and 4 healed.",
])
def test_src_subset_sizes_of_demographic_subgroups_are_not_arms(text):
    assert subset_events(text) == []


def test_src_subset_sizes_of_arms_still_pair():
    got = subset_events("Of the 13 treated and 9 control limbs with ulcers, 10 and 3 healed, respectively.")
    assert [(e, n) for _, _, e, n in got] == [(10, 13), (3, 9)]


# 7. "Compared with baseline / a week" is a change within one arm.

@pytest.mark.parametrize("text", [
    "Compared with baseline, the ABI in the PBSC group was higher by 0.09 (95% CI 0.03 to 0.15) at 6 months.",
    "Compared with pre-treatment values, the ABI in the PBSC group was higher by 0.09 (95% CI 0.03 to 0.15).",
    "Compared with week 2, the ABI in the PBSC group was higher by 0.09 (95% CI 0.03 to 0.15).",
])
def test_src_compared_with_baseline_is_no_between_arm_effect(text):
    assert not [st for _, st in _read(text) if st["kind"] == "effect"]


# 8. An outcome count is not a state at entry.

@pytest.mark.parametrize("text,value,want", [
    ("In the PBSC group, 7 of 15 patients had a TcPO2 higher than at entry, versus 2 of 15 in controls.",
     "7 of 15", False),
    ("In the PBSC group, 7 of 15 patients had a previous ulcer recur, versus 2 of 15 in controls.", "7 of 15", False),
    ("In the PBSC group, 7 of 15 patients had the wound present at entry closed by week 12.", "7 of 15", False),
    ("In the PBSC group, 7 of 15 patients had a foot ulcer at entry, versus 9 of 15 in controls.", "7 of 15", True),
    ("Overall, 21 of 60 patients (35.0%) had a previous minor amputation.", "21 of 60 patients (35.0%)", True),
    ("Overall, 21 of 60 patients had a history of stroke and 9 had a prior bypass.", "21 of 60", True),
    ("Overall, 21 of 60 patients had a history of stroke or angina.", "21 of 60", True),
    ("Overall, 21 of 60 patients had a prior minor amputation (Table 1).", "21 of 60", True),
])
def test_src_outcome_counts_are_not_states_at_entry(text, value, want):
    a = text.index(value)
    assert state_at_entry(text, (0, a), (a + len(value), len(text))) is want


# 9. "median ... (range)" and "larger-than-average" are no means.

@pytest.mark.parametrize("text", [
    "The median of the mean weekly rest-pain scores was 4 (range 2–8) in the PBSC group.",
    "Patients with larger-than-average wounds closed in 9 weeks (range 5–18) in the PBSC group.",
])
def test_src_ranged_value_is_no_mean_after_median_or_comparative_average(text):
    assert not [st for _, st in _read(text) if st["kind"] == "mean"]

"""Round 30's reread of the merged diff: three precision bugs in the new full-text stages, each with its input (no
spaCy)."""
from __future__ import annotations

import pytest

from stemfoot.extract import group_sizes, tables


def test_a_respectively_pair_is_never_the_last_two_counts_of_a_longer_list():
    s = ("58, 57 and 60 patients in the ivermectin, albendazole and placebo groups, respectively, completed the "
         "study.")
    assert group_sizes.respective_pair(s, "ivermectin", "placebo") is None


@pytest.mark.parametrize("sentence", [
    "All 120 patients completed the study, and adverse events occurred in 12 and 15 patients in the ivermectin and "
    "placebo groups, respectively.",
    "All 120 patients completed the study; 30 and 25 patients in the ivermectin and placebo groups, respectively, "
    "were women.",
])
def test_a_respectively_pair_needs_the_flow_cue_in_its_own_clause(sentence):
    assert group_sizes.respective_pair(sentence, "ivermectin", "placebo") is None
    assert group_sizes.flow_pair(sentence, "ivermectin", "placebo") is None


@pytest.mark.parametrize("sentence,want", [
    ("Of the 120 randomised, 58 and 57 patients in the ivermectin and placebo groups, respectively, completed the "
     "study.", (58, 57)),
    ("Three patients in the ivermectin group and four in the placebo group withdrew, leaving 58 and 57, "
     "respectively.", (58, 57)),
])
def test_flow_pairs_in_their_own_clause_are_still_read(sentence, want):
    assert group_sizes.respective_pair(sentence, "ivermectin", "placebo") == want


@pytest.mark.parametrize("notes,counts", [
    ("Data are number of events.", True),
    ("Data are number of patients unless otherwise indicated.", False),
    ("Data are n/N (%).", False),
    ("Data are number of events per 100 patient-years.", False),
])
def test_count_notes_with_an_exception_or_a_rate_declare_no_counts(notes, counts):
    assert tables.count_notes(notes) is counts


@pytest.mark.parametrize("label", ["Length of hospital stay, days", "Age (years)", "Hb, g/dL", "Number of visits"])
def test_a_row_that_names_a_unit_keeps_its_bare_numbers_as_values_under_count_notes(label):
    assert tables.bare_count(12.0, 60, label, False, True) == {"value": 12.0}


def test_a_row_without_a_unit_under_count_notes_still_counts_events():
    assert tables.bare_count(12.0, 60, "Stroke", False, True) == {"events": 12.0}

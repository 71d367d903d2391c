"""Round 49 (lead49a): a bracket of arm labels with their size list after a semicolon, "(Dose 1, Dose 2 and Dose 3
groups; n = 25, 26 and 24)", gives each label its size in order, only where the sizes are as many as the labels
(and, as every allocation list, add up to the total); a numbered label's number states no count of arms.
Invented sentences; pure functions, no spaCy."""
from __future__ import annotations

import pytest
from extract_support import allocation_list_items

from stemfoot.extract.alloc_lists import bracket_items, bracket_sizes, stated_count

DOSES = ("Ninety patients were randomised to KX-9 at 1, 3 or 9 million cells/kg (Dose 1, Dose 2 and Dose 3 groups; "
         "n = 20, 21 and 24) or to saline (saline group; n = 25).")


def test_a_size_list_after_the_labels_sizes_each_label_in_order():
    assert [(label, n) for label, _, n in allocation_list_items(DOSES, 90)] == [
        ("Dose 1 group", 20), ("Dose 2 group", 21), ("Dose 3 group", 24), ("saline group", 25)]


@pytest.mark.parametrize("text", [
    "Patients were randomised to cells (low-dose and high-dose groups; n = 20, 21 and 24) or to saline.",
    "Patients were randomised to cells at 1, 3 or 9 million cells/kg (A, B and C groups; n = 20 and 21).",
])
def test_sizes_that_are_not_one_per_label_give_no_items(text):
    assert bracket_items(text, 0, len(text)) == []


def test_sizes_that_miss_the_total_give_no_items():
    assert allocation_list_items(DOSES, 100) == []


def test_bracket_sizes():
    assert bracket_sizes("25, 26 and 24") == [25, 26, 24]
    assert bracket_sizes(None) == []


@pytest.mark.parametrize("sentence, k", [
    ("(Dose 1, Dose 2 and Dose 3 groups; n = 25, 26 and 24)", None),
    ("patients in Cohort 2 groups were seen weekly", None),
    ("were randomised into 3 groups", 3),
    ("were randomised into three groups of dose 2", 3),
    # A number at the end of a list of labels is a label too (reviewer, round 49) ...
    ("(levels 2 and 4 groups; n = 20 and 21)", None),
    ("the doses 1 and 3 groups", None),
    ("the doses 1, 2 or 3 groups", None),
    # ... not a count after a label that closes no list.
    ("In phase 2, three groups were compared", 3),
    ("In phase 2 and in three groups", 3),
])
def test_a_numbered_labels_number_states_no_count(sentence, k):
    assert stated_count(sentence) == k

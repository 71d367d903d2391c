"""Round 60 (issue 11): arms named by number under one head, from blind64's report (no spaCy; invented sentences).

- "Groups A, B and C" names each coded arm whatever the head word's case, as "groups A, B and C" did;
- "(cohorts 1, 2 and 3; n = 25 each)" in an allocation sentence is three arms of 25, not one arm of 75."""
from __future__ import annotations

import pytest

from stemfoot.extract.alloc_lists import allocation_items
from stemfoot.extract.arm_inventory import Arm, find_mentions

ARMS = [Arm("a", "Group A", "intervention", ["Group A"]), Arm("b", "Group B", "intervention", ["Group B"]),
        Arm("c", "Group C", "control", ["Group C"])]


@pytest.mark.parametrize("head", ["Groups", "groups", "GROUPS"])
def test_a_shared_plural_head_names_each_coded_arm_whatever_its_case(head):
    text = f"Healing occurred in 12, 9 and 4 patients in {head} A, B and C."
    found = sorted((m.arm, text[m.start:m.end]) for m in find_mentions(text, ARMS))
    assert found == [("a", "A"), ("b", "B"), ("c", "C")]


def test_pooled_coded_arms_stay_no_list_of_their_own():
    text = "Healing occurred in 21 patients in Groups A and B combined."
    assert [m.arm for m in find_mentions(text, ARMS)] == []


def test_numbered_arms_in_one_bracket_are_as_many_arms_each_of_the_size_said():
    text = ("One hundred patients were randomised to ABC-7 at 0.5, 1.0 or 2.0 × 10^6 cells/kg (cohorts 1, 2 and 3; "
            "n = 25 each) or to vehicle (cohort 4; n = 25).")
    items = allocation_items(text, 0, len(text), 100)
    assert [(i.label, i.n) for i in items] == [("cohort 1", 25), ("cohort 2", 25), ("cohort 3", 25), ("cohort 4", 25)]
    assert [i.dose for i in items[:3]] == ["0.5 × 10^6 cells/kg", "1.0 × 10^6 cells/kg", "2.0 × 10^6 cells/kg"]
    assert items[3].description == "vehicle"


@pytest.mark.parametrize("bracket,total", [
    # Sizes that do not add up to the total: no reading (null beats a guess).
    ("(cohorts 1, 2 and 3; n = 25 each) or to vehicle (cohort 4; n = 25)", 90),
    # One size for several arms without "each" is the arms' total, not each one's: no reading.
    ("(cohorts 1, 2 and 3; n = 75) or to vehicle (cohort 4; n = 25)", 100),
])
def test_numbered_arm_brackets_that_do_not_add_up_give_no_arms(bracket, total):
    text = f"One hundred patients were randomised to ABC-7 at 0.5, 1.0 or 2.0 × 10^6 cells/kg {bracket}."
    assert allocation_items(text, 0, len(text), total) == []

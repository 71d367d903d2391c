"""Round 37 (early): the general allocation-list reader (extract/alloc_lists.py) and the arms it makes
(arm_sizes.add_allocation_arms). Invented sentences, not gold ones; pure functions, no spaCy."""
from __future__ import annotations

import pytest
from extract_support import allocation_list_items, listed_arm

from stemfoot.extract.alloc_lists import bracket_items, coded_items, stated_count
from stemfoot.extract.arm_sizes import add_allocation_arms
from stemfoot.extract.candidates import split_sentences


# ---- code-first lists: "G1, <desc> (n = k);", "Arm I: <desc>", "Group A (n = k): <desc>", a bracket of codes

@pytest.mark.parametrize("text, total, want", [
    ("Forty-five patients were randomised into three groups: G1, adipose stromal cells with fibrin gel (n = 15); "
     "G2, fibrin gel alone (n = 15); and G3, saline dressings (n = 15).", 45,
     [("G1", "adipose stromal cells with fibrin gel", 15), ("G2", "fibrin gel alone", 15),
      ("G3", "saline dressings", 15)]),
    ("Patients were allocated to three arms: Arm I: intramuscular PB-MNC (n = 12); Arm II: intra-arterial PB-MNC "
     "(n = 11); Arm III: best medical care (n = 13).", 36,
     [("Arm I", "intramuscular PB-MNC", 12), ("Arm II", "intra-arterial PB-MNC", 11),
      ("Arm III", "best medical care", 13)]),
    ("Patients were divided into three groups: Group A (n = 20): PB-MNC plus standard care, Group B (n = 20): "
     "G-CSF alone, and Group C (n = 20): standard care.", 60,
     [("Group A", "PB-MNC plus standard care", 20), ("Group B", "G-CSF alone", 20), ("Group C", "standard care", 20)]),
    ("Ninety patients were randomly assigned to three arms (Arm I, intramuscular MNC; Arm II, intra-arterial "
     "MNC; Arm III, best medical therapy), 30 per arm.", 90,
     [("Arm I", "intramuscular MNC", 30), ("Arm II", "intra-arterial MNC", 30), ("Arm III", "best medical therapy", 30)]),
])
def test_a_code_first_list_gives_one_item_per_code(text, total, want):
    assert allocation_list_items(text, total) == want


# ---- a parallel bracket list of labels matched in order to the descriptions before it

def test_a_bracket_of_dose_labels_is_matched_in_order_to_the_doses():
    text = ("This trial randomised 60 patients to perilesional QX-4 (allogeneic cells) at 1, 3 or 9 × 10^6 cells "
            "(low-dose, mid-dose and high-dose arms) or to saline (saline arm), 15 patients per arm.")
    assert allocation_list_items(text, 60) == [
        ("low-dose arm", "perilesional QX-4 1 × 10^6 cells", 15), ("mid-dose arm", "perilesional QX-4 3 × 10^6 cells", 15),
        ("high-dose arm", "perilesional QX-4 9 × 10^6 cells", 15), ("saline arm", "saline", 15)]
    assert [x.dose for x in bracket_items(text, 0, len(text))][:3] == ["1 × 10^6 cells", "3 × 10^6 cells",
                                                                      "9 × 10^6 cells"]


def test_a_dose_with_its_own_scale_keeps_it():
    text = ("We randomised 45 patients to KM-2 at 0.5 × 10^7, 1 × 10^7 or 2 × 10^7 cells (low, middle and high "
            "groups), 15 per group.")
    assert [d for _, d, _ in allocation_list_items(text, 45)] == ["KM-2 0.5 × 10^7 cells", "KM-2 1 × 10^7 cells",
                                                   "KM-2 2 × 10^7 cells"]


# ---- the count check: nothing where it does not confirm

@pytest.mark.parametrize("text, total", [
    # Sizes that do not add up to the total.
    ("Sixty patients were randomised into three groups: G1, cells (n = 20); G2, gel (n = 20); and G3, "
     "dressings (n = 21).", 60),
    # Two groups said, three codes listed.
    ("Patients were randomised into two groups: G1, cells (n = 21); G2, placebo (n = 21); and G3, dressings "
     "(n = 21).", 63),
    # A per-arm size the total does not divide into the list's arms.
    ("This trial randomised 70 patients to QX-4 at 1, 3 or 9 × 10^6 cells (low-dose, mid-dose and high-dose "
     "arms) or to saline (saline arm), 15 patients per arm.", 70),
    # No count at all: no number of arms, no sizes, no total.
    ("Patients were randomised to QX-4 at 1 or 3 × 10^6 cells (low-dose and high-dose arms) or to saline "
     "(saline arm).", None),
    # Not an allocation sentence.
    ("Healing was faster in three groups: G1, cells (n = 20); G2, gel (n = 20); and G3, dressings (n = 20).", 60),
])
def test_no_items_where_the_count_does_not_confirm(text, total):
    assert allocation_list_items(text, total) == []


def test_a_bracket_of_labels_needs_as_many_descriptions():
    text = "Patients were randomised to cells (low-dose, mid-dose and high-dose arms), 20 per arm."
    assert bracket_items(text, 0, len(text)) == []


def test_a_size_bracket_is_no_label_bracket():
    text = ("We randomised 40 patients (20 per group) to CD34+ cells (CD34+ group) or to standard care (standard care "
            "group).")
    assert [x.label for x in bracket_items(text, 0, len(text))] == ["CD34+ group", "standard care group"]


def test_a_code_list_without_an_allocation_verb_before_it_is_no_list():
    text = "Results: G1, 13 of 18; G2, 9 of 19; G3, 5 of 19."
    assert coded_items(text, 0, len(text)) == []


def test_stated_count():
    assert stated_count("were randomised into three groups") == 3
    assert stated_count("two arms of the four groups") is None
    assert stated_count("were randomised") is None


# ---- the arms made of the items

CODED = ("Methods: Forty-five patients were randomised into three groups: G1, adipose stromal vascular fraction "
         "with fibrin gel (n = 15); G2, fibrin gel alone (n = 15); and G3, saline dressings (n = 15). Results: "
         "Healing occurred in 10 G1, 6 G2 and 4 G3 patients.")


def test_a_collapsed_inventory_becomes_the_lists_arms():
    # The inventory held two description fragments; one value sat on the fragment "fibrin gel alone".
    arms = [listed_arm(CODED, "fibrin gel", "intervention", 15), listed_arm(CODED, "fibrin gel alone", "control", 15)]
    stats = [{"arm": "fibrin gel alone", "arm_role": "control"}, {"arm": "fibrin gel", "arm_role": "intervention"}]
    assert add_allocation_arms(CODED, split_sentences(CODED), arms, stats, "rct", 45) == ["arms_from_allocation_reader"]
    assert [(a["label"], a["role"], a["n_patients"], a["description"]) for a in arms] == [
        ("G1", "intervention", 15, "adipose stromal vascular fraction with fibrin gel"),
        ("G2", "active_comparator", 15, "fibrin gel alone"),
        ("G3", "control", 15, "saline dressings")]
    # "fibrin gel" names two items' descriptions: no item is sure, so its value is held (null beats a guess).
    assert stats == [{"arm": "G2", "arm_role": "active_comparator"}, {"arm": None, "arm_role": None}]


def test_an_inventory_that_is_the_list_already_is_left_alone():
    arms = [listed_arm(CODED, "G1", "intervention", 15), listed_arm(CODED, "G2", "active_comparator", 15),
            listed_arm(CODED, "G3", "control", 15)]
    before = [dict(a) for a in arms]
    assert add_allocation_arms(CODED, split_sentences(CODED), arms, [], "rct", 45) == []
    assert arms == before


def test_an_unconfirmed_list_changes_nothing():
    text = CODED.replace("(n = 15); and G3", "(n = 16); and G3")
    arms = [listed_arm(text, "fibrin gel", "intervention"), listed_arm(text, "fibrin gel alone", "control")]
    before = [dict(a) for a in arms]
    assert add_allocation_arms(text, split_sentences(text), arms, [], "rct", 45) == []
    assert arms == before


def test_a_single_arm_design_is_not_read():
    arms = [listed_arm(CODED, "fibrin gel", "intervention")]
    assert add_allocation_arms(CODED, split_sentences(CODED), arms, [], "single_arm", 45) == []

"""Round 33: the abstract arm inventory's add-on arms, dose-detail brackets, stated group lists (2 × 2 factorials),
"group sizes were a, b and c" and within-patient limb sizes; pure functions over invented text (no spaCy model)."""
from __future__ import annotations

import pytest

from stemfoot.extract import arm_factorial, arm_roles, arm_sizes


def _arm(label: str, role: str | None, **kw) -> dict:
    return {"label": label, "role": role, "n_patients": None, "n_limbs": None, "description": None, **kw}


# --- add-on allocations ---------------------------------------------------------------------------------------

ADDON = ("Patients were randomised to two intravenous doses of KQ-9 plus usual care (KQ-9 arm, n = 40) or to usual "
         "care alone (usual-care arm, n = 41).")


def test_addon_arm_is_the_intervention_and_the_alone_arm_the_control():
    arms = [_arm("KQ-9 arm", "control"), _arm("usual-care arm", "control")]
    assert arm_roles.addon_roles(ADDON, arms) == ["arm_role_addon"]
    assert [a["role"] for a in arms] == ["intervention", "control"]


def test_addon_roles_leave_right_roles_alone():
    arms = [_arm("KQ-9 arm", "intervention"), _arm("usual-care arm", "control")]
    assert arm_roles.addon_roles(ADDON, arms) == []


def test_an_active_alone_arm_is_left_to_the_comparator_stages():
    # "PRP alone" beside cells plus PRP: the golds disagree on its role; the add-on reader does not decide it.
    text = ("Patients were randomised to marrow cells plus topical PRP (cells+PRP group, n = 20) or topical PRP "
            "alone (PRP group, n = 20).")
    arms = [_arm("cells+PRP group", "intervention"), _arm("PRP group", "control")]
    assert arm_roles.addon_roles(text, arms) == []
    assert arms[1]["role"] == "control"


def test_addon_needs_the_same_care_on_both_sides():
    text = ("Patients were randomised to KQ-9 plus usual care (KQ-9 arm) or to hyperbaric oxygen alone "
            "(HBO arm).")
    arms = [_arm("KQ-9 arm", "control"), _arm("HBO arm", "active_comparator")]
    assert arm_roles.addon_roles(text, arms) == []


# --- dose-detail brackets -------------------------------------------------------------------------------------

@pytest.mark.parametrize("inner,want", [
    ("3 × 10^6 cells/kg; QR-5 group, n = 30", ["QR-5 group", "n = 30"]),
    ("1 million cells per cm2; cell arm, n = 12", ["cell arm", "n = 12"]),
])
def test_a_dose_detail_bracket_names_its_arm_last(inner, want):
    assert arm_sizes.detail_named_parts(inner) == want


@pytest.mark.parametrize("inner", [
    "PB group, n = 21; BM group, n = 21",     # two arms in one bracket
    "hUC-MSCs; hUC-MSC group, n = 28",        # an abbreviation, read as before
    "3 × 10^6 cells/kg; QR-5 group",           # no size
    "n = 30",
])
def test_other_brackets_are_not_dose_details(inner):
    assert arm_sizes.detail_named_parts(inner) is None


# --- "group sizes were" ---------------------------------------------------------------------------------------

def test_group_sizes_follow_the_order_the_arms_were_named():
    text = ("Patients were randomised into three groups: C2 received stem cells, C1 received cells with PRP and C3 "
            "received standard care. Group sizes were 20, 22 and 21, respectively.")
    claims = arm_sizes.size_list_claims(text, ["C1", "C2", "C3"])
    assert [(c.arm, c.n) for c in claims] == [("C2", 20), ("C1", 22), ("C3", 21)]


def test_group_sizes_need_one_count_per_arm():
    text = "A received cells and B received placebo. Group sizes were 20, 22 and 21."
    assert arm_sizes.size_list_claims(text, ["A", "B"]) == []


def test_group_sizes_are_not_percentages():
    text = "G1 received cells and G2 placebo. Group sizes were 40 and 60% of the planned number."
    assert arm_sizes.size_list_claims(text, ["G1", "G2"]) == []


# --- stated group lists (factorials) --------------------------------------------------------------------------

def test_a_stated_list_of_four_groups_gives_four_arms_with_their_size():
    text = ("In a 2 × 2 factorial trial 80 patients were randomised. The four groups, each of 20 patients, were "
            "ADSC + ESWT, ADSC + sham, saline + ESWT and saline + sham, and follow-up lasted 12 weeks.")
    groups = arm_factorial.stated_groups(text)
    assert [(g.label, g.role, g.n_patients) for g in groups] == [
        ("ADSC + ESWT", "intervention", 20), ("ADSC + sham", "intervention", 20),
        ("saline + ESWT", "active_comparator", 20), ("saline + sham", "control", 20)]


def test_a_listed_group_code_names_the_arm():
    # (The list refers back to an allocation stated before it: round 33 mend, no allocation cue no list.)
    text = ("Patients were randomised to PRP or saline and to a cell sheet or a dressing. "
            "This gave four groups: PRP plus cell sheet (PC), PRP plus dressing (PD), saline plus cell sheet (SC) "
            "and saline plus dressing (SD).")
    assert [(g.label, g.role) for g in arm_factorial.stated_groups(text)] == [
        ("PC", "intervention"), ("PD", "active_comparator"), ("SC", "intervention"), ("SD", "control")]


@pytest.mark.parametrize("text", [
    "The two groups were similar in age, sex and ulcer size.",
    "The three groups were balanced at baseline, and the cell groups were treated twice.",
    "The four groups were A + B, C and D.",   # three names for four groups
])
def test_no_stated_list_without_k_group_names(text):
    assert arm_factorial.stated_groups(text) == []


def test_stated_groups_replace_a_short_inventory():
    text = ("Patients were randomised (double-blind) to cells or vehicle and to NPWT or dressings. The four groups, "
            "each of 25 patients, were MSC + NPWT, MSC + dressing, vehicle + NPWT and vehicle + dressing.")
    arms = [_arm("MSC", "intervention"), _arm("double-blind", "control")]
    stats = [{"arm": "double-blind", "arm_role": "control"}]
    sentences = [(0, text.index("The four")), (text.index("The four"), len(text))]
    assert arm_factorial.add_stated_groups(text, sentences, arms, stats, "rct") == ["arms_from_stated_groups"]
    assert [(a["label"], a["role"], a["n_patients"]) for a in arms] == [
        ("MSC + NPWT", "intervention", 25), ("MSC + dressing", "intervention", 25),
        ("vehicle + NPWT", "active_comparator", 25), ("vehicle + dressing", "control", 25)]
    assert stats[0]["arm"] is None


def test_stated_groups_leave_a_full_inventory():
    text = "The two groups were cells and placebo."
    arms = [_arm("cells", "intervention"), _arm("placebo", "control")]
    assert arm_factorial.add_stated_groups(text, [(0, len(text))], arms, [], "rct") == []


# --- within-patient limbs -------------------------------------------------------------------------------------

def test_a_subset_sentence_is_no_limb_arm_size():
    text = ("Twenty patients were enrolled; one leg received cells and the other leg served as control. "
            "Of the 9 treated and 5 control limbs with ulcers, 6 and 1 healed.")
    s = text.index("Of the")
    arm = _arm("control limbs", "control", n_patients=9,
               n_evidence={"start": s + 7, "end": s + 8, "sentence_start": s, "sentence_end": len(text)})
    assert arm_sizes.subset_size(text, arm)
    whole = _arm("treated limbs", "intervention", n_patients=20,
                 n_evidence={"start": 0, "end": 20, "sentence_start": 0, "sentence_end": s - 1})
    assert not arm_sizes.subset_size(text, whole)


def test_a_factorials_sized_list_gives_its_four_groups():
    text = ("In a 2 × 2 factorial trial, 80 patients were randomised to cells with or without shock waves: "
            "ADSC + ESWT (n = 20), ADSC alone (n = 20), ESWT alone (n = 20) or usual care (n = 20).")
    groups = arm_factorial.factorial_groups(text, [(0, len(text))])
    assert [(g.label, g.role, g.n_patients) for g in groups] == [
        ("ADSC + ESWT", "intervention", 20), ("ADSC alone", "intervention", 20),
        ("ESWT alone", "active_comparator", 20), ("usual care", "control", 20)]


def test_no_factorial_groups_without_a_factorial_design():
    text = ("Patients were randomised: ADSC + ESWT (n = 20), ADSC alone (n = 20), ESWT alone (n = 20) or usual "
            "care (n = 20).")
    assert arm_factorial.factorial_groups(text, [(0, len(text))]) == []


@pytest.mark.parametrize("phrase,code", [
    ("an allogeneic, bone marrow-derived mesenchymal precursor cell product", "BM-MSC"),
    ("allogeneic adipose-derived mesenchymal precursor cells", "AD-MSC"),
    ("the allogeneic mesenchymal precursor cell product", "MSC"),
])
def test_mesenchymal_precursor_cells_are_mesenchymal_cells(phrase, code):
    from stemfoot.extract import vocabulary

    assert [h.term.id for h in vocabulary.cell_types().find(phrase)] == [code]

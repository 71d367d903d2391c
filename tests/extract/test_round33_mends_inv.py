"""Round 33 mends of the arm inventory's stated group lists and add-on roles (helper mendinv33): a "k groups: ..."
list that is no allocation, a bare "of N" that is the total, Unicode hyphens, placebo added to the care. Pure
functions over invented text (no spaCy model)."""
from __future__ import annotations

from stemfoot.extract import arm_factorial, arm_model, arm_roles
from stemfoot.extract.arm_lists import squash
from stemfoot.extract.candidates import split_sentences as _sentences

ALLOC = ("Methods: In this randomised trial, 50 patients were randomly assigned to marrow cells (cell group, n = 25) "
         "or usual care (usual-care group, n = 25). ")


def _arm(label: str, role: str | None, **kw) -> dict:
    return {"label": label, "role": role, "n_patients": None, "n_limbs": None, "description": None, **kw}


# --- bug 1: a "k groups: a, b and c" list that is no allocation ------------------------------------------------

CLASSIFIED = ALLOC + ("Results: Wound infections were sorted into three groups: cell-related, dressing-related and "
                      "no relation. Healing was faster with cells.")


def test_a_classification_list_is_no_stated_allocation():
    assert arm_factorial.stated_groups(CLASSIFIED) == []


def test_a_classification_list_leaves_the_allocated_arms():
    arms = [_arm("cell group", "intervention", n_patients=25), _arm("usual-care group", "control", n_patients=25)]
    stats = [{"arm": "usual-care group", "arm_role": "control"}]
    assert arm_factorial.add_stated_groups(CLASSIFIED, _sentences(CLASSIFIED), arms, stats, "rct") == []
    assert [a["label"] for a in arms] == ["cell group", "usual-care group"]
    assert stats[0]["arm"] == "usual-care group"


def test_related_and_no_words_are_no_factor_levels():
    assert arm_factorial.group_role("cell-related") != "intervention"
    assert arm_factorial.group_role("no relation") != "control"
    assert arm_factorial.group_role("no treatment") == "control"
    assert arm_factorial.group_role("cell-free vehicle") == "control"


def test_a_list_referring_back_to_the_allocation_is_still_read():
    text = ("Patients were randomly allocated to ADSC or saline and to shock waves or sham. The four groups were "
            "ADSC + ESWT, ADSC + sham, saline + ESWT and saline + sham.")
    assert [g.role for g in arm_factorial.stated_groups(text)] == [
        "intervention", "intervention", "active_comparator", "control"]


# --- bug 2: "The two groups, of 70 patients, were ..." gives the total, not each group's size ----------------------

def test_a_bare_of_count_is_no_group_size():
    text = ("Seventy patients were enrolled and randomly allocated. The two groups, of 70 patients, were: ADSC and "
            "placebo.")
    groups = arm_factorial.stated_groups(text)
    assert [(g.label, g.n_patients) for g in groups] == [("ADSC", None), ("placebo", None)]


def test_each_of_count_is_still_each_groups_size():
    text = ("Seventy patients were enrolled and randomly allocated. The two groups, each of 35 patients, were: ADSC "
            "and placebo.")
    assert [g.n_patients for g in arm_factorial.stated_groups(text)] == [35, 35]


# --- bug 3: the arm model's counted names use the same guarded reader -----------------------------------------

def test_counted_names_take_no_classification_list():
    # Two named kinds (no control among them): add_stated_groups would not take them, the counted names did.
    text = ALLOC + "Results: Adverse events were sorted into two groups: cell-related and dressing-related."
    names = arm_model._counted_names(text, tuple(_sentences(text)))
    assert not {squash("cell-related"), squash("dressing-related")} & names


# --- bug 4: Unicode hyphens -----------------------------------------------------------------------------------

def test_unicode_hyphens_in_a_stated_list():
    text = ("In a 2 × 2 factorial trial 100 patients were randomised. The four groups, each of 25 patients, were "
            "UC\u2010MSC + NPWT, UC\u2010MSC + dressing, vehicle + NPWT and vehicle + dressing.")
    groups = arm_factorial.stated_groups(text)
    assert [(g.label, g.role, g.n_patients) for g in groups] == [
        ("UC\u2010MSC + NPWT", "intervention", 25), ("UC\u2010MSC + dressing", "intervention", 25),
        ("vehicle + NPWT", "active_comparator", 25), ("vehicle + dressing", "control", 25)]
    assert all(text[g.start:g.start + len(g.label)] == g.label for g in groups)


# --- bug 5: placebo added to the care is no add-on intervention -------------------------------------------------

def test_placebo_plus_care_is_no_addon_intervention():
    text = ("Patients were randomly assigned to KQ-9 cells plus usual care (cell arm, n = 30), placebo plus usual "
            "care (placebo arm, n = 30) or usual care alone (usual arm, n = 30).")
    arms = [_arm("cell arm", "intervention"), _arm("placebo arm", "control"), _arm("usual arm", "control")]
    assert arm_roles.addon_roles(text, arms) == []
    assert [a["role"] for a in arms] == ["intervention", "control", "control"]


def test_cells_plus_care_is_still_an_addon_intervention():
    text = ("Patients were randomly assigned to KQ-9 cells plus usual care (cell arm, n = 30) or usual care alone "
            "(usual arm, n = 30).")
    arms = [_arm("cell arm", "control"), _arm("usual arm", "control")]
    assert arm_roles.addon_roles(text, arms) == ["arm_role_addon"]
    assert [a["role"] for a in arms] == ["intervention", "control"]


def test_a_post_hoc_division_is_no_stated_allocation():
    text = ALLOC + "Patients were then divided into two groups: cell responders and saline."
    assert arm_factorial.stated_groups(text) == []

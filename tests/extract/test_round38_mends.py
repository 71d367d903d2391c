"""Round 38 mends: defects of the early branch's `procedure_pool`, each shown on an invented sentence.
Pure functions on hand-built values and arms (``extract_support.ev`` for the evidence); no spaCy."""
from __future__ import annotations

import pytest

from stemfoot.extract.stages import procedure_pool, procedure_pool_stage
from tests.extract_support import ev, rules_arm


def _arms(*spec: tuple[str, str, int | None]) -> list[dict]:
    return [rules_arm(label, role, n_patients=n) for label, role, n in spec]


THREE = _arms(("SVF plus PRP", "intervention", 18), ("SVF alone", "intervention", 18),
              ("standard dressing", "control", 18))


def _count(text: str, printed: str, events: int, nth: int = 0) -> dict:
    return {"kind": "events", "events": events, "timepoint": None, "flags": [], "evidence": ev(text, printed, nth)}


# 1. A count's own words stop at the clause's other counts. The tie words before another count of the clause are
#    that count's, not the next one's: "Liposuction-site
#    bruising occurred in 5 patients and fever in 3" does not tie the fever to liposuction, and "... haematoma
#    occurred in 6 patients and required drainage in 2" counts a subgroup of the 6, not another pooled record.

@pytest.mark.parametrize("text,first,second", [
    ("Liposuction-site bruising occurred in 5 patients and fever in 3.", ("5 patients", 5), ("3", 3)),
    ("Liposuction-site haematoma occurred in 6 patients and required drainage in 2.", ("6 patients", 6), ("2", 2)),
    ("5 patients had donor-site haematoma and 2 had fever.", ("5 patients", 5), ("2", 2)),
])
def test_a_tie_before_an_earlier_count_of_the_clause_is_not_the_later_counts(text, first, second):
    a, b = _count(text, *first), _count(text, *second)
    values = [a, b]
    assert procedure_pool(text, a, THREE, [], False, values) == ["SVF plus PRP", "SVF alone"]
    assert procedure_pool(text, b, THREE, [], False, values) is None


def test_a_tie_after_an_earlier_count_is_the_later_counts_alone():
    # "... in 3 patients and liposuction-site bruising in 5": the fever count ran on to the clause end and read the
    # bruising's tie as its own.
    text = "Fever occurred in 3 patients and liposuction-site bruising in 5."
    a, b = _count(text, "3 patients", 3), _count(text, "5", 5)
    values = [a, b]
    assert procedure_pool(text, a, THREE, [], False, values) is None
    assert procedure_pool(text, b, THREE, [], False, values) == ["SVF plus PRP", "SVF alone"]


def test_a_head_before_a_bracket_of_counts_ties_each_of_them():
    text = "Harvest-related complications (bruising, n = 3; thigh pain, n = 5) occurred."
    a, b = _count(text, "bruising, n = 3", 3), _count(text, "pain, n = 5", 5)
    assert procedure_pool(text, b, THREE, [], False, [a, b]) == ["SVF plus PRP", "SVF alone"]


# 2. A list of counts printed in words, or with the event's words inside a count's evidence, is one count per arm:
#    "in five and three patients, respectively" is no pool (only counts printed from a digit were read as a list).

@pytest.mark.parametrize("text,first,second", [
    ("Liposuction-site bruising occurred in five and three patients, respectively.", ("five", 5), ("three", 3)),
    ("G-CSF-related bone pain occurred in 9 and 7 patients, respectively.", ("pain occurred in 9", 9),
     ("7 patients", 7)),
])
def test_a_list_of_worded_or_wide_counts_is_no_pool(text, first, second):
    a, b = _count(text, *first), _count(text, *second)
    assert procedure_pool(text, a, THREE, [], False, [a, b]) is None
    assert procedure_pool(text, b, THREE, [], False, [a, b]) is None


# 3. A procedure an untreated arm had too (its label names it: "G-CSF alone") is no tie to the treated arms:
#    "G-CSF-related bone pain occurred in 9 patients" may be any arm's.

def test_a_procedure_an_untreated_arm_is_named_for_is_no_tie():
    text = "G-CSF-related bone pain occurred in 9 patients."
    arms = _arms(("high-dose PBMNC", "intervention", 15), ("low-dose PBMNC", "intervention", 15),
                 ("G-CSF alone", "control", 15))
    assert procedure_pool(text, _count(text, "9 patients", 9), arms, [], False) is None
    arms = _arms(("SVF plus PRP", "intervention", 18), ("SVF alone", "intervention", 18),
                 ("sham liposuction", "control", 18))
    text = "Liposuction-site bruising occurred in 5 patients."
    assert procedure_pool(text, _count(text, "5 patients", 5), arms, [], False) is None
    # A cell tie stays the treated arms' beside it.
    text = "Cell-related fever occurred in 3 patients."
    arms = _arms(("high-dose PBMNC", "intervention", 15), ("low-dose PBMNC", "intervention", 15),
                 ("G-CSF alone", "control", 15))
    assert procedure_pool(text, _count(text, "3 patients", 3), arms, [], False) == ["high-dose PBMNC",
                                                                                    "low-dose PBMNC"]


# 4. A tie its own words deny ("unrelated to liposuction", "not related to the cells") ties nothing.

@pytest.mark.parametrize("text,printed,events", [
    ("Pneumonia unrelated to liposuction occurred in 4 patients.", "4 patients", 4),
    ("Serious adverse events not related to the cells occurred in 4 patients.", "4 patients", 4),
    ("Falls, not considered related to G-CSF, occurred in 2 patients.", "2 patients", 2),
])
def test_a_denied_tie_is_no_tie(text, printed, events):
    assert procedure_pool(text, _count(text, printed, events), THREE, [], False) is None


# 5. An arm the inventory holds twice, both sized, is no pair of arms to pool ("MSC + MSC (pooled)").

def test_a_repeated_treated_label_is_no_pool():
    text = "Donor-site haematoma occurred in 4 patients."
    arms = _arms(("MSC", "intervention", 10), ("MSC", "intervention", 10), ("control", "control", 10))
    assert procedure_pool(text, _count(text, "4 patients", 4), arms, [], False) is None


# 6. A count whose denominator one arm could hold, or more than the treated arms hold ("3 of 16" where one arm has 20,
#    "3 patients (19%)": 3 of 16; "3 of 54"), is one arm's or the sample's, not the pool's.

UNEVEN = _arms(("SVF plus PRP", "intervention", 20), ("SVF alone", "intervention", 16),
               ("standard dressing", "control", 18))


@pytest.mark.parametrize("text,printed,total,percent,pooled", [
    ("Liposuction-site bruising occurred in 3 of 16 patients.", "3 of 16", 16, None, False),
    ("Liposuction-site bruising occurred in 3 of 54 patients.", "3 of 54", 54, None, False),
    ("Liposuction-site bruising occurred in 3 patients (19%).", "3 patients (19%)", None, 19.0, False),
    ("Liposuction-site bruising occurred in 3 of 36 patients.", "3 of 36", 36, None, True),
    ("Liposuction-site bruising occurred in 3 patients (8.3%).", "3 patients (8.3%)", None, 8.3, True),
    ("Liposuction-site bruising occurred in 3 of the 33 analysed patients.", "3 of the 33", 33, None, True),
])
def test_a_count_of_another_denominator_is_no_pool(text, printed, total, percent, pooled):
    st = {**_count(text, printed, 3), "total": total, "percent": percent}
    assert procedure_pool(text, st, UNEVEN, [], False) == (["SVF plus PRP", "SVF alone"] if pooled else None)


# 7. A count of the people a word points back to ("Of these patients", "in this group") is theirs: the previous
#    sentence may name one arm ("In the SVF alone group, ... Of these patients, liposuction-site bruising occurred in
#    3"), so no pool.

@pytest.mark.parametrize("text,printed", [
    ("Of these patients, liposuction-site bruising occurred in 3.", "3"),
    ("Liposuction-site bruising occurred in 3 patients of this group.", "3 patients"),
    ("Among them, harvest-site pain was reported by 4 patients.", "4 patients"),
])
def test_a_count_of_people_pointed_back_to_is_no_pool(text, printed):
    st = _count(text, printed, int(printed[0]))
    assert procedure_pool(text, st, THREE, [], False) is None


# 8. A count said of every arm ("2 patients per arm", flag every_arm, one copy per arm) is each arm's: pooled, its
#    copies became one record of 2 on the treated arms (the control's copy dropped).

def test_a_count_of_every_arm_is_no_pool():
    text = "Liposuction-site bruising occurred in 2 patients per arm."
    st = _count(text, "2 patients", 2)
    st["flags"].append("every_arm")
    assert procedure_pool(text, st, THREE, [], False) is None


def test_the_stage_keeps_every_copy_of_an_every_arm_count():
    text = "Liposuction-site bruising occurred in 2 patients per arm."
    arms = [dict(a) for a in THREE]
    copies = []
    for a in arms:
        st = _count(text, "2 patients", 2)
        st.update(target="arm", arm=a["label"], arm_role=a["role"], flags=["every_arm"])
        copies.append(st)
    statistics = list(copies)
    assert procedure_pool_stage(text, arms, statistics, False) == []
    assert [st["arm"] for st in statistics] == [a["label"] for a in THREE]


# 9. A clause that names one group the inventory does not know ("3 patients of the combination group") speaks of
#    that group, not of the treated arms together.

@pytest.mark.parametrize("text,printed", [
    ("Liposuction-site bruising occurred in 3 patients of the combination group.", "3 patients"),
    ("In the double-cell arm, harvest-site pain occurred in 4 patients.", "4 patients"),
])
def test_a_group_the_inventory_lacks_is_no_pool(text, printed):
    assert procedure_pool(text, _count(text, printed, int(printed[0])), THREE, [], False) is None


def test_the_treated_groups_together_still_pool():
    text = "Liposuction-site bruising occurred in 3 patients of the two SVF groups."
    assert procedure_pool(text, _count(text, "3 patients", 3), THREE, [], False) == ["SVF plus PRP", "SVF alone"]


# 10. Words that every patient had the procedure, in forms ``EVERY_ARM_PROCEDURE`` does not read ("bone marrow was
#     harvested from all 54 patients", "All participants were mobilised with G-CSF", "All patients were given
#     G-CSF"), make its events any arm's.

@pytest.mark.parametrize("first", [
    "To preserve blinding, bone marrow was harvested from all 54 patients.",
    "All participants were mobilised with G-CSF before randomisation.",
    "All patients were given G-CSF.",
    "Bone marrow was aspirated in every patient.",
])
def test_a_procedure_every_patient_had_in_other_words_is_no_tie(first):
    text = first + " Harvest-site pain after G-CSF occurred in 5 patients."
    assert procedure_pool(text, _count(text, "5 patients", 5), THREE, [], False) is None


@pytest.mark.parametrize("first", [
    "Bone marrow was harvested from all patients allocated to the cell arms.",
    "All patients in the cell groups were mobilised with G-CSF.",
])
def test_a_procedure_of_the_cell_arms_patients_still_ties(first):
    text = first + " Harvest-site pain after G-CSF occurred in 5 patients."
    assert procedure_pool(text, _count(text, "5 patients", 5), THREE, [], False) == ["SVF plus PRP", "SVF alone"]


# 11. A copy `every_arm_together` gives back to its arm is exported: its gate no longer says "held" (which
#     corpus.withheld.held_placements, the review card and outcome_query read as withheld); what it held is kept
#     as "released".

def test_a_released_copy_is_no_longer_held():
    from stemfoot.extract.export_gate import every_arm_together
    kept = {"kind": "events", "events": 0, "outcome": None, "evidence": {"start": 10, "end": 40},
            "flags": ["every_arm"], "target": "arm", "arm": "cell arm", "arm_role": None, "gate": {"p": 0.9}}
    held = {"kind": "events", "events": 0, "outcome": None, "evidence": {"start": 10, "end": 40},
            "flags": ["every_arm", "review_attribution", "export_gate"], "target": "unattributed", "arm": None,
            "arm_role": None,
            "gate": {"p": 0.7, "held": {"target": "arm", "arm": "control arm", "arm_role": "control"}}}
    every_arm_together([kept, held])
    assert (held["target"], held["arm"]) == ("arm", "control arm")
    assert "held" not in held["gate"]
    assert held["gate"]["released"] == {"target": "arm", "arm": "control arm", "arm_role": "control"}


# 12. A clause that counts the groups it speaks of, other than the treated arms' number ("5 patients of the two
#     higher-dose groups" beside three dose arms), speaks of some of them: no pool over all.

FOUR = _arms(("low-dose SVF", "intervention", 20), ("mid-dose SVF", "intervention", 20),
             ("high-dose SVF", "intervention", 20), ("standard care", "control", 20))


def test_a_count_of_fewer_groups_than_the_treated_arms_is_no_pool():
    text = "Liposuction-site bruising occurred in 5 patients of the two higher-dose groups."
    assert procedure_pool(text, _count(text, "5 patients", 5), FOUR, [], False) is None
    text = "Liposuction-site bruising occurred in 5 patients of the three SVF groups."
    assert procedure_pool(text, _count(text, "5 patients", 5), FOUR, [], False) == [
        "low-dose SVF", "mid-dose SVF", "high-dose SVF"]

"""Round 40 (early), second read (branch mend40): defects of early40's rules, each shown by an invented sentence.

- "allogenic", the other spelling of allogeneic, is a mixed-source abstract too: a harvest is not every treated arm's.
- A qualified product before "recipients" ("autologous cell recipients", "intra-arterial BM-MNC recipients") is the
  recipients of one arm's kind of cells, not of every treated arm's product.
- The product coordinated with another treatment ("patients receiving BM-MNC or standard care", "… BM-MNC and
  standard care, respectively") names no recipients of the product alone.
- "<procedure> resulted in no lower rate of <event>" is a comparison, not a zero.

Pure functions on invented sentences and dicts; no spaCy.
"""
from __future__ import annotations

import pytest

from stemfoot.extract.event_counts import zero_events
from stemfoot.extract.pooled_sides import pooled_side_stage, recipient_arm_stage, recipient_pool
from stemfoot.extract.stages import procedure_pool


def _arm(label, role, description=None, cell_type=None):
    return {"label": label, "role": role, "description": description, "cell_type": cell_type, "members": None,
            "n_patients": 20}


def _st(text, frag, events=3):
    s = text.index(frag)
    return {"kind": "events", "events": events, "target": "unattributed", "arm": None, "arm_role": None, "flags": [],
            "timepoint": None,
            "evidence": {"start": s, "end": s + len(frag), "text": frag, "sentence_start": 0, "sentence_end": len(text)}}


# --- mixed sources: "allogenic" --------------------------------------------------------------------------------------

def test_allogenic_spelling_is_a_mixed_source_abstract():
    arms = [{"label": a, "role": r, "n_patients": 20} for a, r in
            (("Arm I", "intervention"), ("Arm II", "intervention"), ("Arm III", "control"))]
    for auto, allo in (("autologous", "allogenic"), ("autologous", "allogeneic"), ("autogenous", "allogeneic")):
        text = (f"Patients received {auto} BM-MNCs (Group A), {allo} UC-MSCs (Group B) or standard care (Group C). "
                "Marrow aspiration caused no complications.")
        assert procedure_pool(text, _st(text, "no complications", 0), arms, [], False) is None


# --- a qualified product before "recipients" ------------------------------------------------------------------------

MIXED = [_arm("Group A", "intervention", "autologous BM-MNC"), _arm("Group B", "intervention", "allogeneic UC-MSC"),
         _arm("Group C", "control", "standard care")]
ROUTES = [_arm("Arm I", "intervention", "intramuscular BM-MNC"), _arm("Arm II", "intervention", "intra-arterial BM-MNC"),
          _arm("Arm III", "control", "standard care")]


@pytest.mark.parametrize("words, arms", [
    ("Transient fever occurred in 3 autologous cell recipients.", MIXED),
    ("Transient fever occurred in 3 bone marrow cell recipients.", MIXED),
    ("Transient fever occurred in 3 intra-arterial cell recipients.", ROUTES),
    ("Transient fever occurred in 3 intra-arterial BM-MNC recipients.", ROUTES),
])
def test_a_qualified_product_names_no_pool_of_the_treated_arms(words, arms):
    assert not recipient_pool(words, arms, [a["label"] for a in arms if a["role"] == "intervention"])
    sts = [_st(words, "3")]
    pooled_side_stage(words, [dict(a) for a in arms], sts)
    assert "(pooled)" not in (sts[0]["arm"] or "")


@pytest.mark.parametrize("words", [
    "Transient fever occurred in 3 cell recipients.",
    "Transient fever occurred in 3 of the 40 BM-MNC recipients.",
    "Transient fever occurred in 3 of the 60 cell recipients.",
    "Transient fever was observed in cell recipients.",
])
def test_an_unqualified_product_still_pools(words):
    assert recipient_pool(words, ROUTES, ["Arm I", "Arm II"])


# --- the product coordinated with another treatment -----------------------------------------------------------------

TWO = [_arm("Group A", "intervention", "BM-MNC"), _arm("Group B", "control", "standard care")]


@pytest.mark.parametrize("text, frag", [
    ("Adverse events occurred in 12 of 40 patients receiving BM-MNC or standard care.", "12 of 40"),
    ("Adverse events occurred in 12 of 40 patients receiving cells or standard care.", "12 of 40"),
    ("Among 40 patients given BM-MNC or standard care, 11 had died.", "11"),
    ("Healing occurred in 8 and 3 patients receiving BM-MNC and standard care, respectively.", "3"),
])
def test_a_product_coordinated_with_another_treatment_names_no_recipients(text, frag):
    sts = [_st(text, frag)]
    recipient_arm_stage(text, [dict(a) for a in TWO], sts)
    assert sts[0]["arm"] is None


def test_a_coordinated_product_is_no_pool_of_the_treated_arms():
    arms = [_arm("Group A", "intervention", "HUC-17 low dose"), _arm("Group B", "intervention", "HUC-17 high dose"),
            _arm("Group C", "control", "standard care")]
    text = "Healing occurred in 8 and 3 patients receiving HUC-17 and standard care, respectively."
    sts = [_st(text, "3")]
    pooled_side_stage(text, [dict(a) for a in arms], sts)
    assert "(pooled)" not in (sts[0]["arm"] or "")


@pytest.mark.parametrize("words", [
    "Injection-site pain occurred in 8 patients receiving HUC-17 and in ",
    "Injection-site pain occurred in 8 patients receiving HUC-17 and ",
    "Injection-site pain occurred in 8 patients receiving HUC-17, and 2 of them",
    "No infusion reaction occurred in patients given HUC-17 and none was serious.",
])
def test_a_second_count_after_and_is_no_coordinated_treatment(words):
    arms = [_arm("Group A", "intervention", "HUC-17 low dose"), _arm("Group B", "intervention", "HUC-17 high dose"),
            _arm("Group C", "control", "placebo")]
    assert recipient_pool(words, arms, ["Group A", "Group B"])


# --- "resulted in no lower rate of": a comparison ------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "BM-MNC implantation resulted in no lower rate of major amputation than standard care (4/20 vs 5/20).",
    "Cell therapy resulted in no fewer amputations than standard care.",
    "Cell therapy led to no less frequent amputation.",
])
def test_a_comparative_after_caused_no_is_no_zero(text):
    assert [z for z in zero_events(text) if z.events == 0] == []


def test_a_procedure_that_caused_no_event_is_still_a_zero():
    text = "Marrow aspiration caused no lower-limb haematoma."
    assert [text[z.start:z.end] for z in zero_events(text) if z.events == 0] == ["no lower-limb haematoma"]


# --- a cohort value with words that pool the sample ----------------------------------------------------------------

DOSES = [_arm("Group A", "intervention", "MSC 1 × 10^6/kg"), _arm("Group B", "intervention", "MSC 3 × 10^6/kg"),
         _arm("Group C", "control", "placebo")]


@pytest.mark.parametrize("text, frag", [
    ("Pooled across all arms, 12 of 60 patients died.", "12 of 60"),
    ("With groups combined, 12 of 60 patients died.", "12 of 60"),
    ("In all 60 patients (pooled), 12 died.", "12"),
    ("Across all dose groups and placebo, 12 of 60 patients died.", "12 of 60"),
])
def test_a_cohort_value_said_of_the_pooled_sample_stays_the_cohorts(text, frag):
    st = dict(_st(text, frag), target="cohort")
    sts = [st]
    pooled_side_stage(text, [dict(a) for a in DOSES], sts)
    assert st["target"] == "cohort" and st["arm"] is None


def test_a_cohort_value_of_the_cell_recipients_still_goes_to_the_pool():
    text = "No allergic reaction was observed in cell recipients."
    st = dict(_st(text, "No allergic reaction", 0), target="cohort")
    sts = [st]
    pooled_side_stage(text, [dict(a) for a in DOSES], sts)
    assert st["arm"] == "Group A + Group B (pooled)"


# --- "cells" / "the product" where an untreated arm got cells too --------------------------------------------------

@pytest.mark.parametrize("text, frag", [
    ("Fever occurred in 4 of 60 patients given cells.", "4 of 60"),
    ("Fever occurred in 4 of 60 cell recipients.", "4 of 60"),
])
def test_cells_name_no_treated_arm_where_the_comparator_got_cells_too(text, frag):
    arms = [_arm("Group A", "intervention", "BM-MNC", "bm_mnc"), _arm("Group B", "active_comparator", "PB-MNC", "pb_mnc")]
    sts = [_st(text, frag)]
    recipient_arm_stage(text, [dict(a) for a in arms], sts)
    assert sts[0]["arm"] is None


@pytest.mark.parametrize("text", [
    "Fever occurred in 4 of 80 cell recipients.",
    "Fever occurred in 4 of 80 patients who received the product.",
])
def test_cells_are_no_pool_of_the_treated_arms_where_the_comparator_got_cells_too(text):
    arms = [_arm("Group A", "intervention", "MSC low", "msc"), _arm("Group B", "intervention", "MSC high", "msc"),
            _arm("Group C", "active_comparator", "BM-MNC", "bm_mnc"), _arm("Group D", "control", "standard care")]
    assert not recipient_pool(text, arms, ["Group A", "Group B"])
    sts = [_st(text, "4 of 80")]
    pooled_side_stage(text, [dict(a) for a in arms], sts)
    assert "(pooled)" not in (sts[0]["arm"] or "")


# --- a cell-free product made from the cells ------------------------------------------------------------------------

@pytest.mark.parametrize("arms", [
    [_arm("MSC", "intervention"), _arm("MSC-CM", "intervention", "MSC-conditioned medium"), _arm("Vehicle", "control")],
    [_arm("Group A", "intervention", "MSC"), _arm("Group B", "intervention", "MSC-exosomes"),
     _arm("Group C", "control", "saline")],
    [_arm("Group A", "intervention", "MSC"), _arm("Group B", "intervention", "MSC-derived extracellular vesicles"),
     _arm("Group C", "control", "saline")],
])
def test_the_cells_recipients_are_no_pool_with_an_arm_given_a_cell_free_product(arms):
    treated = [a["label"] for a in arms if a["role"] == "intervention"]
    assert not recipient_pool("Fever occurred in 3 patients receiving MSC.", arms, treated)
    assert not recipient_pool("Fever occurred in 3 MSC recipients.", arms, treated)


def test_a_dose_suffix_still_holds_the_code():
    arms = [_arm("MSC-150", "intervention"), _arm("MSC-300", "intervention", "bone marrow-derived MSC"),
            _arm("Placebo", "control")]
    assert recipient_pool("Fever occurred in 3 MSC recipients.", arms, ["MSC-150", "MSC-300"])


def test_a_cm_control_is_no_cell_free_product():
    # "CM" here is conventional medical treatment, the control: the cell-treated patients are still the pool.
    arms = [_arm("SI group", "intervention", "single AD-MSC injection"),
            _arm("RI group", "intervention", "repeated AD-MSC injections"), _arm("CM group", "control")]
    assert recipient_pool("pain affected 29 of the 42 cell-treated patients (69.0%).", arms, ["SI group", "RI group"])


def test_an_arm_labelled_by_the_cells_conditioned_medium_is_its_own_product():
    arms = [_arm("MSC", "intervention"), _arm("MSC-CM", "intervention"), _arm("Vehicle", "control")]
    assert not recipient_pool("Fever occurred in 3 MSC recipients.", arms, ["MSC", "MSC-CM"])

"""Round 40 (early): zero event counts (branch zero40).

- Immune and tumour events that safety sentences name with no event noun ("No anti-HLA sensitisation was detected",
  "no cell-related anaphylaxis occurred", "No tumorigenesis was found", "No anti-donor antibody responses were
  detected") are zero forms (`event_counts` ZHEAD, `_ZERO_EXTRA`).
- A zero's population written after its verb ("… was detected in any of the 23 UMC-44 recipients", "… occurred
  among the 72 patients given UCM-50") or of the product's recipients ("among the 40 patients who received hAMSC")
  is its total (gold convention 25: a zero's total only where written); a subgroup's size still is not.

Pure functions on invented sentences; no spaCy.
"""
from __future__ import annotations

import pytest

from stemfoot.extract.event_counts import zero_events


def _zeros(text):
    return [(text[z.start:z.end], z.total) for z in zero_events(text) if z.events == 0]


@pytest.mark.parametrize("text, zero", [
    ("No anti-HLA sensitisation was detected.", "No anti-HLA sensitisation"),
    ("No anti-HLA sensitization was observed.", "No anti-HLA sensitization"),
    ("No cell-related anaphylaxis occurred.", "No cell-related anaphylaxis"),
    ("No tumorigenesis was found at 12 months.", "No tumorigenesis"),
    ("No tumourigenesis was noted.", "No tumourigenesis"),
    ("No anti-donor antibody responses were detected.", "No anti-donor antibody responses"),
    ("No anti-HLA antibody development was detected.", "No anti-HLA antibody development"),
])
def test_immune_and_tumour_events_are_zero_forms(text, zero):
    assert _zeros(text) == [(zero, None)]


@pytest.mark.parametrize("text", [
    "Antibody titres rose in 4 patients.",
    "There was no sensitivity analysis.",
    "No significant difference in anaphylaxis was seen.",
])
def test_no_zero_where_nothing_is_said_to_be_absent(text):
    assert _zeros(text) == []


@pytest.mark.parametrize("text, total", [
    ("No anti-HLA sensitisation was detected in any of the 23 KTX-9 recipients.", 23),
    ("No anaphylaxis occurred among the 72 patients given the product.", 72),
    ("No serious adverse events were observed among the 40 patients who received the cells.", 40),
    ("No serious adverse events were observed among the 40 patients who were given the cells.", 40),
])
def test_a_zero_has_the_population_written_after_its_verb(text, total):
    assert [t for _, t in _zeros(text)] == [total]


@pytest.mark.parametrize("text", [
    "No amputations occurred among the 12 patients who had osteomyelitis.",
    "No amputations occurred among the 12 patients with ischaemic rest pain.",
    "No infection was observed in the 8 patients who underwent debridement.",
    "No infection was observed at 12 weeks in 30 patients.",
])
def test_a_subgroup_or_a_loose_number_is_no_total(text):
    assert [t for _, t in _zeros(text)] == [None]


# --- patients named by what they were given ----------------------------------------------------------------------

from stemfoot.extract.zero_clauses import arm_zeros, no_one_did  # noqa: E402


def _clause(reader, text):
    return [(text[z.start:z.end], text[z.head[0]:z.head[1]]) for z in reader(text) if z.events == 0]


@pytest.mark.parametrize("text, zero, head", [
    ("No patient treated with KTX-7 developed anti-donor HLA antibodies.",
     "No patient treated with KTX-7 developed anti-donor HLA antibodies", "anti-donor HLA antibodies"),
    ("No patient given placebo had a serious adverse event.",
     "No patient given placebo had a serious adverse event", "serious adverse event"),
    ("No patients receiving the cells developed ectopic tissue formation.",
     "No patients receiving the cells developed ectopic tissue formation", "ectopic tissue formation"),
])
def test_no_patient_named_by_what_they_were_given(text, zero, head):
    assert _clause(no_one_did, text) == [(zero, head)]


@pytest.mark.parametrize("text", [
    "No patient treated with KTX-7 improved by more than 2 points.",
    "No patient given placebo was lost to follow-up.",
])
def test_no_patient_given_something_with_no_event_is_no_zero(text):
    assert _clause(no_one_did, text) == []


@pytest.mark.parametrize("text, zero, head", [
    ("Serious adverse events occurred in 5 patients, and no KTX-7 recipient developed donor-specific anti-HLA "
     "antibodies.", "no KTX-7 recipient", "donor-specific anti-HLA antibodies"),
    ("No KTX-7 recipient developed anti-donor HLA antibodies during follow-up.", "No KTX-7 recipient",
     "anti-donor HLA antibodies"),
    ("No KTX-7 patient had complications of bone marrow harvest.", "No KTX-7 patient", "complications"),
])
def test_one_arms_zero_of_an_event_no_event_head_names(text, zero, head):
    assert _clause(arm_zeros, text) == [(zero, head)]


@pytest.mark.parametrize("text", [
    "No KTX-7 recipient had a fall in haemoglobin.",
    "No KTX-7 recipient developed a higher score than at baseline.",
])
def test_one_arms_zero_needs_an_event_object(text):
    assert _clause(arm_zeros, text) == []


# --- reread (branch mendzero40) ----------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "No anaphylaxis was seen among the 23 patients who received a second infusion.",
    "No anti-HLA sensitisation was detected in the 9 patients who received an additional dose.",
    "No tumorigenesis was found in the 6 patients who were treated with rescue therapy.",
    "No anaphylaxis occurred among the 15 patients who received at least two injections.",
])
def test_recipients_of_a_subgroups_treatment_are_no_total(text):
    # "who received a second infusion" names a subgroup, not the arm: its size is not the zero's total.
    assert [t for _, t in _zeros(text)] == [None]


@pytest.mark.parametrize("text, reader", [
    ("No KTX-7 recipient developed anti-donor HLA antibodies, except one.", arm_zeros),
    ("No patient treated with KTX-7 developed anti-donor HLA antibodies except one.", no_one_did),
])
def test_one_arms_zero_with_an_exception_is_no_zero(text, reader):
    assert _clause(reader, text) == []


@pytest.mark.parametrize("text", [
    "Rash occurred in 3 patients, none receiving steroids.",
    "Fever occurred in 4 patients, none given antipyretics.",
])
def test_none_in_apposition_to_a_count_is_no_arms_zero(text):
    # "3 patients, none receiving steroids" says what the 3 were not given: no zero of an arm named by it.
    assert _clause(arm_zeros, text) == []


@pytest.mark.parametrize("text, zero", [
    ("Fever occurred in 3 patients given cells and in none given placebo.", "in none given placebo"),
    ("Fever occurred in 3 patients given cells and none given placebo.", "none given placebo"),
])
def test_none_given_an_arms_treatment_still_reads(text, zero):
    assert _clause(arm_zeros, text) == [(zero, "Fever")]


@pytest.mark.parametrize("text", [
    "No patient given the second infusion developed anaphylaxis.",
    "No patients receiving both infusions developed anaphylaxis.",
    "No patient treated with an additional dose developed anti-donor HLA antibodies.",
])
def test_no_patient_given_a_subgroups_treatment_is_no_zero(text):
    # The patients are a subgroup, not an arm: the arm's other patients may have had the event.
    assert _clause(no_one_did, text) == []


@pytest.mark.parametrize("text", [
    "No tumorigenesis was seen in all 40 patients, except one.",
    "No anti-HLA sensitisation was detected among the 23 KTX-7 recipients except in one.",
])
def test_a_zero_of_a_population_with_an_exception_is_no_zero(text):
    assert _zeros(text) == []


@pytest.mark.parametrize("text", [
    "Infections occurred in 3, 2 and none in G1, G2 and G3, respectively.",
    "Fever occurred in 2 and none in G1 and G2, respectively.",
])
def test_none_before_a_respectively_list_of_codes_is_no_zero_of_the_first(text):
    # The zero is the last code's; "none in G1" would put it on G1.
    assert _clause(arm_zeros, text) == []


def test_none_in_one_code_still_reads():
    text = "Infections occurred in 3 patients in G1, 2 in G2 and in none in G3."
    assert _clause(arm_zeros, text) == [("in none in G3", "Infections")]

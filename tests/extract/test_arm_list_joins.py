"""Reviewer's round-12 cases for the abstract arm readers: list items joined by a connector alone, allocation
context for a number of groups, ranges read together, and what a treatment-related event is related to. Pure
functions; no spaCy pipeline is loaded."""
import pytest

from stemfoot.extract import vocabulary
from stemfoot.extract.arm_inventory import _range_mentions, make_arm
from stemfoot.extract.arm_model import groups_said, stated_arms
from stemfoot.extract.arm_sizes import add_plural_list_arms, named_counts, paren_arms, per_group
from stemfoot.extract.candidates import split_sentences
from stemfoot.extract.event_counts import none_related_events


def listed(text):
    return [(p.label, p.n_patients) for p in paren_arms(text, split_sentences(text))]


@pytest.mark.parametrize("text,want", [
    # An outcome's abbreviation after the list, joined by a clause ("and followed for"): no arm.
    ("Methods: Patients were randomised to 1 million cells/kg (LD) or 2 million cells/kg (HD), and followed for "
     "amputation-free survival (AFS).", [("LD", None), ("HD", None)]),
    # "in addition to standard care (SOC)" is no list item: it and everything after it are no arms.
    ("Methods: Patients were randomized to receive bone marrow cells (BMC) or peripheral blood cells (PBC) in "
     "addition to standard care (SOC).", []),
    # A bare-sized item followed by a verb is a subgroup, not a third arm.
    ("Methods: Patients were randomised to cells (CG; n = 40) or placebo (PG; n = 40), and diabetics (n = 30) were "
     "analysed separately.", [("CG", 40), ("PG", 40)]),
    # A clause after the last code is no uncoded arm.
    ("Methods: Patients were randomised to 1 million cells/kg (LD) or 2 million cells/kg (HD) and followed for 12 "
     "months.", [("LD", None), ("HD", None)]),
    # A list item that is a noun phrase is (so the codes name only part of the list).
    ("Methods: Patients were randomised to 150 cells (LD), 300 cells (HD) or placebo.", []),
])
def test_coded_items_join_the_list_by_a_connector_alone(text, want):
    assert listed(text) == want


def test_a_count_list_of_patients_with_a_condition_is_the_arms_sizes():
    arms = {"KC": ["KC"], "control": ["control"], "SVF": ["SVF"]}
    text = "Of 59 KC and 59 control patients with diabetes, 53 and 51 completed the study."
    assert [(c.arm, c.n) for c in named_counts(text, split_sentences(text), arms)] == [("KC", 59), ("control", 59)]
    text = "Among the 12 SVF and 9 control patients who healed, none recurred."
    assert named_counts(text, split_sentences(text), arms) == []


def test_a_comparison_between_groups_says_no_number_of_groups():
    text = ("Methods: Sixty patients were randomized, with 20 patients in each group; baseline data did not differ "
            "between any two groups.")
    assert groups_said(text) == set() and stated_arms(text) is None
    assert [n for n, *_ in per_group(text, split_sentences(text), 3)] == [20]
    assert groups_said("Patients were divided into three equally sized groups.") == {3}
    assert stated_arms("Patients were randomized to three-groups.") == 3


def test_a_range_read_together_mentions_no_arm():
    text = "Healing was 40% in cohorts 1-3 combined and 60% in cohort 4."
    arms = [make_arm(text, f"c{i}", f"cohort {i}", "intervention") for i in range(1, 5)]
    assert _range_mentions(text, arms) == []


def test_a_plural_group_list_needs_a_known_arm():
    text = ("Methods: Sixty patients were randomised 1:1:1 to cells at a low or a high dose or to saline. Results: "
            "Healing was seen in 9, 11 and 4 patients in the elderly, diabetic and smoking groups.")
    arms = []
    assert add_plural_list_arms(text, split_sentences(text), arms, "rct") == [] and arms == []


@pytest.mark.parametrize("text", [
    "non-related adverse events", "adverse events due to disease progression",
    "adverse events related to the underlying disease", "age-related adverse events",
])
def test_events_related_to_no_treatment_are_not_treatment_related(text):
    term = vocabulary.outcomes().lookup(text)
    assert term is None or term.id != "treatment_related_adverse_events"


def test_none_related_to_progression_is_no_treatment_related_zero():
    (c,) = none_related_events("Twelve adverse events occurred in 8 patients, none related to disease progression.")
    assert vocabulary.outcomes().lookup(c.label).id == "adverse_events"


def test_a_second_allocation_word_opens_a_new_list():
    text = ("Methods: Thirty patients first received a run-in diet (RD, n = 30) for 2 weeks and thereafter were "
            "randomized to cells (n = 15) or saline (n = 15).")
    assert [a for a in listed(text) if a[0] in ("cells", "saline")] == [("cells", 15), ("saline", 15)]

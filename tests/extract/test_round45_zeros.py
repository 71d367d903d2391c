"""Round 45 (lead45b): zeros said as negations — a zero of the events just counted kept on the whole sample, the
zero of a bracket's own event noun, every-arm words a few words after the zero's verb."""
from __future__ import annotations

import pytest

from stemfoot.extract.event_counts import EVERY_GROUP_LATER, every_arm_later, none_related_events
from stemfoot.extract.export_gate import counted_zero_together


# counted_zero_together: a zero of the events just counted, placed on the cohort and withheld by the gate.

def _held_zero(outcome: str | None = "treatment_related_adverse_events", placement: str = "counted_arms",
               held_target: str = "cohort", flags: tuple[str, ...] = ("event_count_zero", "zero_of_counted"),
               events: int = 0, label: str = "serious adverse events related to the study procedure") -> dict:
    return {"kind": "events", "events": events, "outcome": outcome, "outcome_label": label,
            "target": "unattributed", "arm": None,
            "arm_role": None, "flags": list(flags) + ["review_attribution", "export_gate"],
            "detail": {"event_placement": placement},
            "gate": {"p": 0.65, "held": {"target": held_target, "arm": None, "arm_role": None}}}


@pytest.mark.parametrize("placement, label", [
    ("counted_arms", "serious adverse events related to the study procedure"),
    ("counted_no_arm", "adverse events related to study product"),
    ("counted_arms", "treatment-related deaths"),
])
def test_a_withheld_zero_of_counted_events_goes_back_to_the_cohort(placement, label):
    st = _held_zero(placement=placement, label=label)
    counted_zero_together([st])
    assert (st["target"], st["arm"]) == ("cohort", None)
    assert "export_gate" not in st["flags"] and "review_attribution" not in st["flags"]
    assert "counted_zero_together" in st["flags"]
    assert st["gate"]["released"]["target"] == "cohort" and "held" not in st["gate"]


@pytest.mark.parametrize("st", [
    _held_zero(outcome=None),  # "Five deaths occurred (...), none related to treatment": no known outcome
    _held_zero(placement="counted_treated"),  # the rules put it on an arm, not the whole sample
    _held_zero(held_target="arm"),
    _held_zero(flags=("event_count_zero",)),  # a zero of no counted events
    _held_zero(events=2),
    # tied to what only the treated arms had: the gold puts it on them (rules 24, 40)
    _held_zero(label="adverse events attributed to the cell product"),
    _held_zero(label="serious adverse events related to the cells"),
    _held_zero(label="adverse events related to the investigational product"),
])
def test_other_withheld_values_stay_withheld(st):
    counted_zero_together([st])
    assert st["target"] == "unattributed" and "export_gate" in st["flags"]


# none_related_events: a zero inside a bracket is of the event noun its bracket names.

def test_a_bracketed_zero_is_of_its_brackets_event():
    text = ("Overall, 58 adverse events were reported, and 6 serious adverse events (including 3 deaths, none "
            "related to the study product) occurred.")
    (c,) = none_related_events(text)
    assert text[c.head[0]:c.head[1]] == "deaths"
    assert c.label == "deaths related to the study product"


def test_a_bracketed_aside_before_the_zero_is_no_antecedent():
    text = ("Serious adverse events occurred in 11 patients (including 2 deaths); none was judged related to the "
            "study product.")
    (c,) = none_related_events(text)
    assert text[c.head[0]:c.head[1]] == "adverse events"


def test_an_unbracketed_zero_keeps_the_last_counted_event():
    text = "Five deaths occurred (3 cell, 2 placebo), none related to treatment."
    (c,) = none_related_events(text)
    assert text[c.head[0]:c.head[1]] == "deaths"


# EVERY_GROUP_LATER: every-arm words a few words after the zero's verb.

@pytest.mark.parametrize("after", [
    " among healed patients in either group by week 24.",
    " during follow-up in both groups.",
])
def test_every_arm_words_a_few_words_on(after):
    assert EVERY_GROUP_LATER.match(after)


@pytest.mark.parametrize("after", [
    " in either group.",  # right after the verb: the readers' own words test it
    " among healed patients in any group.",  # "any group" only right after (the golds disagree)
    " and healing was similar in both groups.",  # a joined clause
    " among healed patients in either group except one in the control group.",
    " in 12 patients in both groups receiving cells.",
])
def test_no_every_arm_words_a_few_words_on(after):
    assert EVERY_GROUP_LATER.match(after) is None


# every_arm_later (mendlead45b): the every-arm words a few words on are not the zero's when a second zero comes between.

def test_every_arm_words_a_few_words_on_are_the_zeros():
    text = "No recurrence was observed among healed patients in either group."
    assert every_arm_later(text, text.index(" among"))


@pytest.mark.parametrize("text, verb_end", [
    ("No amputation was performed, no deaths occurred in either group.", "performed"),
    ("No amputation was performed and none of the patients died in either group.", "performed"),
    ("No recurrence was observed, nor any death in either group.", "observed"),
])
def test_every_arm_words_after_a_second_zero_are_not_the_firsts(text, verb_end):
    assert not every_arm_later(text, text.index(verb_end) + len(verb_end))

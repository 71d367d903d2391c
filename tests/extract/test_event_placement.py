"""Placement of worded zeros and "(n = k)" event counts (stages.event_placement; issue 11, round 9).

Pure functions, no spaCy: invented sentences, arm mentions given by offsets."""
from __future__ import annotations

import re

import pytest

from stemfoot.extract import stages

ARMS = [{"label": "cell group", "role": "intervention", "n_patients": 20},
        {"label": "control group", "role": "control", "n_patients": 20}]


def _place(text: str, count: str, events: int, form: str = "event_count_n_equals", arms: list[dict] | None = None):
    start = text.index(count)
    st = {"kind": "events", "events": events, "total": None, "flags": ["event_count_bare", form],
          "evidence": {"start": start, "end": start + len(count), "sentence_start": 0, "sentence_end": len(text)}}
    named = [(m.start(), m.end(), f"{m.group(1)} group") for m in re.finditer(r"\b(cell|control) (?:group|arm)", text)]
    return stages.event_placement(text, st, (0, len(text)), named, arms or ARMS)


@pytest.mark.parametrize("text,count,events,form,expected", [
    # The clause names one arm.
    ("Adverse events occurred in 9 and 11 patients; bruising (n = 3) was seen in the cell group.",
     "bruising (n = 3", 3, "event_count_n_equals", ("arm", "cell group")),
    # Words tie the event to the cells: only the cell arm received them.
    ("No serious adverse events related to cell therapy were observed.", "No serious adverse events", 0,
     "event_count_zero", ("arm", "cell group")),
    ("Donor-site discomfort (n = 6) resolved, and two patients in the control group needed amputation.",
     "discomfort (n = 6", 6, "event_count_n_equals", ("arm", "cell group")),
    # A zero in a clause that names no arm speaks of every arm.
    ("No serious adverse reactions occurred; local swelling was seen in 4 patients in the cell group.",
     "No serious adverse reactions", 0, "event_count_zero", ("cohort", None)),
    ("There were no deaths.", "There were no deaths", 0, "event_count_zero", ("cohort", None)),
    # Between-arm words, a bracket that splits it over the arms.
    ("Adverse events related to G-CSF (bone pain, n = 14; fever, n = 5) were evenly distributed between groups.",
     "pain, n = 14", 14, "event_count_n_equals", ("cohort", None)),
    ("Cellulitis (n = 3; one cell, two control) was treated with antibiotics.", "Cellulitis (n = 3", 3,
     "event_count_n_equals", ("cohort", None)),
    # "The study treatment" says neither whose nor everyone's.
    ("No adverse events related to the study treatment occurred.", "No adverse events", 0, "event_count_zero",
     ("unattributed", None)),
    ("Adverse events related to the study treatment (n = 4) were mild.", "treatment (n = 4", 4,
     "event_count_n_equals", ("unattributed", None)),
    # Both arms named in the clause: no one arm.
    ("Bruising (n = 3) occurred in the cell group and the control group.", "Bruising (n = 3", 3,
     "event_count_n_equals", ("unattributed", None)),
    # More events than the arm has patients.
    ("Injection-site pain (n = 25) was frequent in the cell group.", "pain (n = 25", 25, "event_count_n_equals",
     ("unattributed", None)),
])
def test_event_placement(text, count, events, form, expected):
    target, arm, _ = _place(text, count, events, form)
    assert (target, arm) == expected


def test_procedure_events_with_a_sham_control_are_the_cohorts():
    # A placebo arm undergoes the aspiration and injections too; the cells it does not receive.
    arms = [ARMS[0], {"label": "control group", "role": "control", "n_patients": 20}]
    text = "Patients received cells or placebo. There were no serious adverse events attributable to aspiration."
    assert _place(text, "There were no serious adverse events", 0, "event_count_zero", arms)[:2] == ("cohort", None)
    text = "Patients received cells or placebo. No serious adverse events related to the cells occurred."
    assert _place(text, "No serious adverse events", 0, "event_count_zero", arms)[:2] == ("arm", "cell group")


def test_treatment_tied_events_of_several_cell_arms_beside_a_control_are_no_cohorts():
    # Round 26: the dose arms' (rule 40 pools them, rule 24 splits them), not the control's too: left unplaced.
    arms = [{"label": "low-dose group", "role": "intervention"}, {"label": "high-dose group", "role": "intervention"},
            {"label": "control group", "role": "control"}]
    text = "No serious adverse events related to the cells occurred."
    assert _place(text, "No serious adverse events", 0, "event_count_zero", arms)[:2] == ("unattributed", None)


def test_named_arm_and_treated_arm_that_disagree_leave_it_for_review():
    text = "Liposuction-site bruising (n = 5) and one wound infection occurred in the control group."
    assert _place(text, "bruising (n = 5", 5)[:2] == ("unattributed", None)


def test_clause_bounds_skip_breaks_inside_brackets_and_stop_at_except():
    text = "Events (pain, n = 4; fever, n = 1) were similar between groups, and one died."
    c0, c1 = stages.clause_bounds(text, (0, len(text)), text.index("pain"), text.index("pain") + 4)
    assert text[c0:c1].startswith("Events (pain") and "similar between groups" in text[c0:c1]
    text = "No serious adverse effect was observed except fever in two patients of the cell group."
    c0, c1 = stages.clause_bounds(text, (0, len(text)), 0, 10)
    assert "cell group" not in text[c0:c1]


def test_every_arm_zero_reaches_arms_the_inventory_added():
    st = {"kind": "events", "events": 0, "arm": "cell group", "arm_role": "intervention",
          "flags": ["event_count_zero", "every_arm"], "evidence": {"start": 5, "end": 30}}
    stats = [st]
    stages.every_arm_copies("No serious adverse events occurred in either group.", stats, ARMS)
    assert sorted(s["arm"] for s in stats) == ["cell group", "control group"]
    assert all(s["events"] == 0 for s in stats)


def test_a_zero_told_twice_on_one_arm_is_one_fact():
    def zero(start: int, arm: str | None, flags: list[str]) -> dict:
        return {"kind": "events", "events": 0, "total": None, "arm": arm, "target": "arm" if arm else "cohort",
                "outcome": "adverse_events", "timepoint": None, "measure": None, "flags": flags,
                "evidence": {"start": start, "end": start + 5}}
    first = zero(0, "cell group", [])
    second = zero(40, "cell group", ["event_count_zero"])
    other_arm = zero(80, "control group", ["event_count_zero"])
    stages.one_fact_per_arm([second, other_arm], [first])
    assert second["target"] == "unattributed" and "same_fact" in second["flags"]
    assert other_arm["target"] == "arm"


@pytest.mark.parametrize("text,expected", [
    # Counted over both arms (or with no arm named): the zero is everyone's when it was related to the study
    # treatment or product, or counted overall ...
    ("Serious adverse events occurred in 9 patients in the cell group and 11 in the control group; none was "
     "judged related to the study treatment.", ("cohort", None)),
    ("Serious adverse events occurred in 9 and 11 patients; none was related to the cell product.", ("cohort", None)),
    ("Serious adverse events occurred in 20 patients overall; none was related to the cells.", ("cohort", None)),
    # ... and the one treated arm's when related to the cells themselves (round 20: as six golds of five sets list it).
    ("Serious adverse events occurred in 9 and 11 patients; none was related to the cells.", ("arm", "cell group")),
    ("Adverse events occurred in 9 and 11 patients, none of which was related to the ADSC sheet.",
     ("arm", "cell group")),
    # Counted in one arm: that arm's.
    ("Serious adverse events occurred in 9 patients in the cell group; none was related to the procedure.",
     ("arm", "cell group")),
])
def test_zero_of_counted_events_goes_where_they_were_counted(text, expected):
    start = text.index("none")
    st = {"kind": "events", "events": 0, "total": None,
          "flags": ["event_count_bare", "event_count_zero", "zero_of_counted"],
          "evidence": {"start": start, "end": len(text) - 1, "sentence_start": 0, "sentence_end": len(text)}}
    named = [(m.start(), m.end(), f"{m.group(1)} group") for m in re.finditer(r"\b(cell|control) group", text)]
    assert stages.event_placement(text, st, (0, len(text)), named, ARMS)[:2] == expected


def _every_zero(text: str) -> dict:
    return {"kind": "events", "events": 0, "arm": None, "arm_role": None, "flags": ["event_count_zero", "every_arm"],
            "evidence": {"start": 0, "end": 10, "sentence_start": 0, "sentence_end": len(text)}}


def test_every_arm_zero_with_its_arms_counted_needs_the_inventorys_count():
    # "in any of the three arms" beside three arms: each arm's zero (rule 24); beside two, the count says the
    # inventory is not the arms meant, and the zero is dropped rather than put on them.
    three = [*ARMS, {"label": "dose group", "role": "intervention", "n_patients": 20}]
    text = "No infusion reactions occurred in any of the three arms."
    stats = [_every_zero(text)]
    stages.every_arm_copies(text, stats, three)
    assert sorted(s["arm"] for s in stats) == ["cell group", "control group", "dose group"]
    stats = [_every_zero(text)]
    stages.every_arm_copies(text, stats, ARMS)
    assert stats == []


def test_every_arm_count_agrees_reads_the_written_number():
    from stemfoot.extract.event_counts import every_arm_count_agrees
    assert every_arm_count_agrees("no malignancy occurred in any of the four arms", 4)
    assert not every_arm_count_agrees("none of the four groups had an amputation", 3)
    assert every_arm_count_agrees("No deaths occurred in either group.", 3)


def test_a_procedure_event_of_some_treated_arms_is_no_cohorts():
    # Two of three arms harvested: theirs (each or pooled), not the whole sample's; with a sham control everyone
    # had the procedure, and with every arm treated no control sets the harvested arms apart.
    three = [*ARMS, {"label": "dose group", "role": "intervention", "n_patients": 20}]
    text = "No donor-site complications were observed."
    assert _place(text, "No donor-site complications", 0, "event_count_zero", three)[:2] == ("unattributed", None)
    sham = "Patients received cells or a sham procedure. No donor-site complications were observed."
    assert _place(sham, "No donor-site complications", 0, "event_count_zero", three)[:2] == ("cohort", None)
    generic = "There were no procedure-related deaths."
    assert _place(generic, "no procedure-related deaths", 0, "event_count_zero", three)[:2] == ("cohort", None)
    treated = [{**a, "role": "intervention"} for a in three]
    assert _place(text, "No donor-site complications", 0, "event_count_zero", treated)[:2] == ("cohort", None)


def test_a_zero_of_some_treated_arms_is_each_treated_arms():
    three = [*ARMS, {"label": "dose group", "role": "intervention", "n_patients": 20}]
    st = {"kind": "events", "events": 0, "target": None, "arm": None, "arm_role": None,
          "flags": ["event_count_zero"], "evidence": {"start": 0, "end": 10}}
    copies = stages.treated_arm_zeros(st, three, {a["label"]: a["role"] for a in three})
    assert [(c["arm"], c["events"]) for c in [st, *copies]] == [("cell group", 0), ("dose group", 0)]
    assert all(c["flags"].count("arm_by_event_words") == 1 for c in [st, *copies])


@pytest.mark.parametrize("text,zero", [
    ("No immune reactions to the allogeneic cells were observed.", "No immune reactions"),
    ("Wound infection occurred in 3 patients; no allergic or immune reactions to the cell product were seen.",
     "no allergic or immune reactions"),
    ("No adverse reactions to the cell-seeded scaffold were recorded.", "No adverse reactions"),
    ("No systemic hypersensitivity to the cells occurred.", "No systemic hypersensitivity"),
])
def test_a_reaction_to_the_cells_is_the_cell_arms(text, zero):
    # Round 49: only the arm given the cells can react to them (the golds file these zeros as the cell arm's).
    assert _place(text, zero, 0, "event_count_zero")[:2] == ("arm", "cell group")


@pytest.mark.parametrize("text,zero", [
    ("No allergic reaction to the gel occurred.", "No allergic reaction"),
    ("No skin reactions to the dressing were seen.", "No skin reactions"),
])
def test_a_reaction_to_what_every_arm_had_is_no_cell_tie(text, zero):
    # The vehicle or dressing both arms had: no tie to the cells, so the zero of a clause naming no arm is everyone's.
    assert _place(text, zero, 0, "event_count_zero")[:2] == ("cohort", None)


@pytest.mark.parametrize("text,zero,expected", [
    # mendlead49b: a reaction tie names what the event was a reaction to, not who had it: a named arm decides.
    ("No reaction to cell injection was seen in the control group.", "No reaction to cell injection",
     ("arm", "control group")),
    # Not what a control arm was given: a cell-free vehicle, a skin graft.
    ("No reactions to the cell-free vehicle were observed.", "No reactions to the cell-free vehicle", ("cohort", None)),
    ("No reaction to the skin graft was observed.", "No reaction to the skin graft", ("cohort", None)),
    # Nor "cell" as a modifier of what the placebo arm gets too (reviewer, round 49) ...
    ("No allergic reaction to the cell culture medium occurred.", "No allergic reaction", ("cohort", None)),
    ("No hypersensitivity to the cell vehicle was observed.", "No hypersensitivity", ("cohort", None)),
    ("No adverse event related to the cell suspension fluid occurred.", "No adverse event", ("cohort", None)),
    # ... while the cells' own suspension is the cells.
    ("No hypersensitivity to the cell suspension was observed.", "No hypersensitivity", ("arm", "cell group")),
])
def test_a_reaction_tie_yields_to_a_named_arm_and_spares_the_controls_things(text, zero, expected):
    assert _place(text, zero, 0, "event_count_zero")[:2] == expected

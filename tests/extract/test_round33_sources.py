"""Round 33: what the abstract grammar dropped or misread — a mean printed with a range, counts of a state at entry,
a closure verb after a count's bracket, events joined to the subset sizes before them, and zeros worded as an event
the arms were spared. Pure functions on sentence text (no spaCy)."""
from __future__ import annotations

import pytest

from stemfoot.extract import vocabulary
from stemfoot.extract.baseline import state_at_entry
from stemfoot.extract.number_grammar import SentenceClaims, scan
from stemfoot.extract.subset_events import subset_events
from stemfoot.extract.zero_clauses import clause_zeros, spared_arms


def _read(text: str) -> list[tuple[str, dict]]:
    sent = SentenceClaims(text, 0)
    scan(sent, [])
    return [(text[a:b], st) for a, b, st in sorted(sent.found, key=lambda f: f[0])]


# 1. A mean with a range (gold_conventions 51).

def test_a_mean_with_a_range_is_a_mean_for_each_member_of_its_list():
    got = _read("The mean pain-free walking distance was 95 m (range 30–210) with cells and 101 m (range 25–190) "
                "with placebo.")
    assert [(st["kind"], st["mean"], st["range_low"], st["range_high"]) for _, st in got] == [
        ("mean", 95.0, 30.0, 210.0), ("mean", 101.0, 25.0, 190.0)]
    assert all(st["median"] is None for _, st in got)


@pytest.mark.parametrize("text", [
    "Average ulcer duration was 9.5 months (range, 2–31).",
    "The patients had a mean age of 71 years (range 55–88).",
])
def test_a_mean_or_average_word_before_a_ranged_value_makes_it_a_mean(text):
    (_, st), = _read(text)
    assert st["kind"] == "mean" and st["range_low"] is not None


@pytest.mark.parametrize("text", [
    "Mean HbA1c was 8.1 ± 1.2% and median diabetes duration was 14 years (range 3–30).",
    "Mean age 66 ± 9 years and ulcer duration 6 months (range 2–24).",
    "The median claudication distance was 80 m (range 20–300).",
])
def test_a_ranged_value_stays_a_median_where_mean_is_not_its_word(text):
    ranged = [st for _, st in _read(text) if st.get("range_low") is not None]
    assert ranged and all(st["kind"] == "median" for st in ranged)


# 2. Counts of a state at entry.

@pytest.mark.parametrize("text,value,want", [
    ("Overall, 21 of 60 patients (35.0%) had a previous minor amputation.", "21 of 60 patients (35.0%)", True),
    ("and 18 (40.0%) had undergone a prior revascularisation.", "18 (40.0%)", True),
    ("Of the 50 patients, 33 (66.0%) had gangrene at enrolment.", "33 (66.0%)", True),
    ("The arms were balanced for the proportion with prior minor amputation (30.0% vs 26.7%).", "30.0%", True),
    ("Healing occurred in 9 of 14 patients with prior amputation.", "9 of 14", False),
    ("Healing was lower in those with prior amputation (45% vs 70%).", "45%", False),
    ("12 (60%) had a major amputation by 12 months.", "12 (60%)", False),
])
def test_a_count_of_a_state_before_the_trial(text, value, want):
    a = text.index(value)
    assert state_at_entry(text, (0, a), (a + len(value), len(text))) is want


# 3. A closure verb right after a count's bracket.

def test_a_closure_verb_after_a_counts_bracket_names_ulcer_healing():
    hits = vocabulary.outcomes().find("By week 16, 9 of 15 wounds (60.0%) closed in the cell arm.")
    assert [h.term.id for h in hits] == ["ulcer_healing"]
    assert vocabulary.outcomes().find("The registry closed (in 2019) early.") == []


# 4. Events joined to the subset sizes before them.

@pytest.mark.parametrize("text,want", [
    ("Of the 13 treated and 9 control limbs with ulcers, 10 and 3 healed, respectively.", [(10, 13), (3, 9)]),
    ("Of the 13 treated and 9 control limbs with ulcers, 10 and 3 had healed by week 12.", [(10, 13), (3, 9)]),
    ("Among the 16 MSC and 15 placebo patients with gangrene at baseline, wounds healed in 9 and 4, respectively.",
     [(9, 16), (4, 15)]),
    ("Of the 30 patients with ulcers (8, 7, 8 and 7 per group, respectively), healing by week 24 occurred in 6, 5, 3 "
     "and 1.", [(6, 8), (5, 7), (3, 8), (1, 7)]),
])
def test_events_among_subsets_take_their_sizes_in_order(text, want):
    assert [(e, n) for _, _, e, n in subset_events(text)] == want


@pytest.mark.parametrize("text", [
    "Of the 6 treated and 9 control limbs with ulcers, 8 and 3 healed.",  # 8 > 6: not these sizes' counts
    "Of the 13 treated and 9 control limbs with ulcers, 10 and 3, respectively, were neuro-ischaemic.",  # no event
    "Of the 30 patients with ulcers (8, 7, 8 and 7 per group, respectively), healing occurred in 6, 5 and 3.",
    "Of the 35 patients and 48 ulcers, 20 and 31 healed by week 12.",  # two units of one sample, no arms
    "Of the 14 patients and 10 limbs with gangrene, 9 and 4 healed.",
])
def test_no_events_are_joined_where_the_counts_do_not_fit(text):
    assert subset_events(text) == []


def test_subset_events_are_claimed_with_their_totals():
    got = _read("Of the 30 patients with ulcers (8, 7, 8 and 7 per group, respectively), healing by week 24 "
                "occurred in 6, 5, 3 and 1.")
    events = [(st["events"], st["total"]) for _, st in got if st["kind"] == "events" and st.get("events") is not None]
    assert (6, 8) in events and (1, 7) in events
    assert all(total is not None for ev, total in events if ev in {6, 5, 3, 1})


# 5. Zeros worded as an event the arms were spared.

@pytest.mark.parametrize("text,arms", [
    ("Major amputation was avoided in all patients of G2 and G3, whereas 4 patients in G1 underwent it.",
     ["G2", "G3"]),
    ("Minor amputation was avoided in all ADSC patients, whereas 3 controls needed it.", ["ADSC patients"]),
    ("Amputation was needed in no patient in Groups A and B and in 3 patients in Group C.", ["Groups A", "B"]),
])
def test_each_spared_arm_gets_its_own_zero(text, arms):
    got = spared_arms(text)
    assert [text[c.start:c.end] for c in got] == arms
    assert all(c.events == 0 and c.arm_inside and "amputation" in text[c.head[0]:c.head[1]].lower() for c in got)
    assert len([c for c in clause_zeros(text) if c.arm_inside]) >= len(arms)


@pytest.mark.parametrize("text", [
    "Infection was prevented in all patients by prophylactic antibiotics.",
    "Amputation was avoided in all patients.",
    "In all patients of G1 and G2, amputation was avoided.",
])
def test_no_spared_zero_without_a_named_arm_or_an_event_before_it(text):
    assert spared_arms(text) == []


# 6. A worded difference against a named reference; an arm's mean with its own CI after "with <arm>".

def test_a_worded_difference_after_a_named_reference_is_a_between_arm_effect():
    (_, st), = _read("Compared with Group B, the ABI gain in Group D was greater by 0.08 (95% CI 0.02 to 0.14).")
    assert (st["kind"], st["value"], st["ci_lower"], st["ci_upper"]) == ("effect", 0.08, 0.02, 0.14)


@pytest.mark.parametrize("text", [
    "The ABI gain in Group D was greater by 0.08 (95% CI 0.02 to 0.14).",  # no reference named: which minus which
    "Compared with the cell arm, the ABI gain in the control arm was lower by 0.08 (95% CI 0.02 to 0.14).",
])
def test_no_worded_difference_without_a_reference_or_about_the_comparator(text):
    assert not [st for _, st in _read(text) if st["kind"] == "effect"]


def test_an_estimate_with_its_ci_after_with_arm_is_that_arms_mean():
    got = _read("Pain-free walking at 6 months was 210 m (95% CI 180–240) with PBMNC cells and 150 m (95% CI 120–180) "
                "with placebo.")
    assert [(st["kind"], st["mean"]) for _, st in got] == [("mean", 210.0), ("mean", 150.0)]

"""Counts whose arm is named inside the count (extract/arm_counts.py, round 25): invented sentences, no spaCy."""
from __future__ import annotations

import pytest

from stemfoot.extract.arm_counts import arm_counts, named_counts
from stemfoot.extract.arm_inventory import build_inventory, find_mentions
from stemfoot.extract.stages import counts_naming_arm, own_arm_count

THREE = [("Group A", "intervention"), ("Group B", "active_comparator"), ("Group C", "control")]
TWO = [("cell group", "intervention"), ("standard-care group", "control")]


def _read(text: str, arms: list[tuple[str, str]]) -> list[tuple[str, int, int | None, str]]:
    inventory = build_inventory(text, [{"label": label, "role": role} for label, role in arms])
    marks = [(m.start, m.end, m.arm) for m in find_mentions(text, inventory)]
    return [(text[c.start:c.end], c.events, c.total, c.arm) for c in arm_counts(text, marks)]


def test_list_whose_noun_closes_the_last_item():
    text = "By month 3, the ulcer had healed completely in 14 Group A, 11 Group B and 5 Group C patients."
    assert _read(text, THREE) == [("14 Group A", 14, None, "Group A"), ("11 Group B", 11, None, "Group B"),
                                  ("5 Group C patients", 5, None, "Group C")]


@pytest.mark.parametrize("text,arms,want", [
    ("Two Group C patients and one Group B patient underwent major amputation.", THREE,
     [("Two Group C patients", 2, None, "Group C"), ("one Group B patient", 1, None, "Group B")]),
    ("Minor amputations were performed in 1 cell-group patient and 5 standard-care patients.", TWO,
     [("1 cell-group patient", 1, None, "cell group"), ("5 standard-care patients", 5, None, "standard-care group")]),
    ("Anti-HLA antibodies developed in 2 UCM-204 recipients, without clinical consequence.",
     [("UCM-204 group", "intervention"), ("sham group", "control")], [("2 UCM-204 recipients", 2, None, "UCM-204 group")]),
    ("Rest pain resolved in 18 of 24 BMAC and 9 of 22 SOC patients with rest pain at baseline.",
     [("BMAC", "intervention"), ("SOC", "control")],
     [("18 of 24 BMAC", 18, 24, "BMAC"), ("9 of 22 SOC patients", 9, 22, "SOC")]),
])
def test_single_counts_and_pairs(text, arms, want):
    assert _read(text, arms) == want


@pytest.mark.parametrize("text,arms", [
    # Words that name no one arm: "cell-treated" beside two cell arms, an alias the two arms share.
    ("Injection-site pain occurred in 2 cell-treated patients.",
     [("low-dose BM-MNC", "intervention"), ("high-dose BM-MNC", "intervention"), ("control group", "control")]),
    ("Injection-site pain occurred in 7 MSC recipients.",
     [("low-dose MSC", "intervention"), ("high-dose MSC", "intervention"), ("placebo", "control")]),
    # Group sizes, not events: a denominator, a subgroup, a "respectively" list's groups, a bracket, a disposition.
    ("Ulcer healing among the 21 CD34 patients and 18 SMT patients with tissue loss was 13/21 and 6/18.",
     [("CD34 group", "intervention"), ("SMT group", "control")]),
    ("Ulcers present in 12 treated limbs and 7 contralateral limbs healed in 9 and 3, respectively.",
     [("treated limb", "intervention"), ("contralateral limb", "control")]),
    ("Among the 21 patients with ulcers at baseline (14 UCM-204, 7 sham), complete healing occurred in 9 and 2.",
     [("UCM-204 group", "intervention"), ("sham group", "control")]),
    ("Twenty-eight patients were randomised to each group; 3 cell-group and 2 standard-care patients were lost to "
     "follow-up.", TWO),
    # One arm twice in one list: times or subgroups of that arm, no count per arm.
    ("Ulcers healed in 4 Group A and 9 Group A patients at weeks 4 and 12.", THREE),
])
def test_no_count_without_one_arm_of_events(text, arms):
    assert _read(text, arms) == []


@pytest.mark.parametrize("text,arms,want", [
    ("Among the 21 patients with ulcers at baseline (14 UCM-204, 7 sham), complete healing occurred in 9 and 2, "
     "respectively.", [("UCM-204 group", "intervention"), ("sham group", "control")],
     [("9", 9, 14, "UCM-204 group"), ("2", 2, 7, "sham group")]),
    ("Of the 19 limbs with foot ulcers at baseline (10 MSC, 9 saline), complete healing by 24 weeks occurred in 9 and "
     "4 limbs, respectively.", [("MSC limbs", "intervention"), ("saline limbs", "control")],
     [("9", 9, 10, "MSC limbs"), ("4", 4, 9, "saline limbs")]),
])
def test_bracket_of_sized_arms_gives_the_denominators(text, arms, want):
    assert _read(text, arms) == want


@pytest.mark.parametrize("text", [
    # A disposition, no events; no "respectively"; a count above its arm's size; no group the sentence opens with.
    "Of the 60 patients (30 BMAC, 30 sham), 28 and 27, respectively, completed follow-up.",
    "Of the 60 patients (30 BMAC, 30 sham), ulcers healed in 18 and 9 by week 12.",
    "Of the 60 patients (30 BMAC, 8 sham), ulcers healed in 18 and 9, respectively.",
    "Sixty patients were treated (30 BMAC, 30 sham); ulcers healed in 18 and 9, respectively.",
])
def test_bracket_totals_need_a_group_lead_and_a_respectively_list_of_events(text):
    assert _read(text, [("BMAC", "intervention"), ("sham group", "control")]) == []


def test_stage_places_the_count_that_starts_there_only():
    text = "Results. Two Group C patients and one Group B patient underwent major amputation."
    inventory = build_inventory(text, [{"label": label, "role": role} for label, role in THREE])
    counted = counts_naming_arm(text, [(0, 8), (9, len(text))], find_mentions(text, inventory),
                                {"Group A", "Group B", "Group C"})
    start = text.index("one Group B")
    st = {"kind": "events", "events": 1, "total": None, "evidence": {"start": start}}
    assert own_arm_count(st, counted) == "Group B"
    assert own_arm_count({**st, "events": 2}, counted) is None
    assert own_arm_count({**st, "kind": "percent"}, counted) is None
    # A count read bare takes the denominator its words give.
    text2 = "Among the 21 patients with ulcers (14 UCM-204, 7 sham), healing occurred in 9 and 2, respectively."
    inv2 = build_inventory(text2, [{"label": "UCM-204 group", "role": "intervention"}, {"label": "sham group", "role": "control"}])
    counted2 = counts_naming_arm(text2, [(0, len(text2))], find_mentions(text2, inv2), {"UCM-204 group", "sham group"})
    bare = {"kind": "events", "events": 2, "total": None, "flags": [], "evidence": {"start": text2.rindex("2,")}}
    assert own_arm_count(bare, counted2) == "sham group" and bare["total"] == 7
    assert bare["flags"] == ["total_from_arm_count"]
    # An arm outside the labels given (a grouping of arms) names no count.
    assert counts_naming_arm(text, [(9, len(text))], find_mentions(text, inventory), {"Group A"}) == {}


BMAC = [("BMAC group", "intervention"), ("control group", "control")]


@pytest.mark.parametrize("text", [
    # A number that labels a time or a class, not a count: it would put 12 (or 5, 28) events on the arm.
    "At week 12 BMAC patients had fewer amputations than control patients (2 vs 7).",
    "Rutherford category 5 BMAC patients underwent major amputation less often.",
    "By day 28 control patients had more ulcer recurrence than BMAC patients.",
    # The denominator of a rate, not its events.
    "The amputation rate was 10% in 20 BMAC patients versus 35% in 20 control patients.",
])
def test_no_count_from_a_label_or_a_rate_denominator(text):
    assert _read(text, BMAC) == []


@pytest.mark.parametrize("text", [
    # Events, ulcers or points: an arm's size in patients divides none of them.
    "Of the 30 patients with ulcers (15 BMAC, 15 control), 9 and 4 adverse events were recorded, respectively.",
    "Among the 21 patients with ulcers at baseline (14 BMAC, 7 control), 12 and 6 ulcers healed, respectively.",
    "Among the 30 patients with ulcers (16 BMAC, 14 control), pain scores fell by 4 and 2 points, respectively.",
])
def test_bracket_totals_divide_counts_of_people_only(text):
    assert _read(text, BMAC) == []


def test_bracket_totals_keep_a_list_of_people_with_its_verb():
    text = "Of the 40 patients (20 BMAC, 20 control), 4 and 9 underwent amputation, respectively."
    assert _read(text, BMAC) == [("4", 4, 20, "BMAC group"), ("9", 9, 20, "control group")]


@pytest.mark.parametrize("text", [
    # The words before a list's first count size every count of the list.
    "Among the 14 BMAC and 12 control patients, ulcers healed in 9 and 5.",
    "Of 20 BMAC and 20 control patients, 12 and 6 healed completely.",
    # Patients an outcome was measured in, or a rate's denominators.
    "Ulcer healing was assessed in 18 BMAC and 17 control patients at 12 weeks.",
    "Healing rates in 18 BMAC and 17 control patients were 61% and 29%.",
])
def test_no_count_from_a_list_of_group_sizes(text):
    assert _read(text, BMAC) == []


def _named(text: str, arms: list[tuple[str, str]], lists_only: bool) -> list[tuple[str, int]]:
    inventory = build_inventory(text, [{"label": label, "role": role} for label, role in arms])
    marks = [(m.start, m.end, m.arm) for m in find_mentions(text, inventory)]
    return [(text[c.start:c.end], c.events) for c in named_counts(text, marks, lists_only=lists_only)]


def test_lists_only_keeps_a_count_per_named_arm_and_drops_a_lone_count():
    listed = "Granulation tissue covered the wound bed in 14 Group A, 11 Group B and 5 Group C patients."
    assert _named(listed, THREE, lists_only=True) == [("14 Group A", 14), ("11 Group B", 11),
                                                       ("5 Group C patients", 5)]
    lone = "Granulation tissue covered the wound bed in 12 Group A patients by week 4."
    assert _named(lone, THREE, lists_only=False) == [("12 Group A patients", 12)]
    assert _named(lone, THREE, lists_only=True) == []


def test_lists_only_needs_in_before_the_list():
    subject = "By protocol, 14 Group A, 11 Group B and 5 Group C patients were treated per protocol."
    assert _named(subject, THREE, lists_only=True) == []
    assert _named(subject, THREE, lists_only=False) != []


@pytest.mark.parametrize("text, want", [
    # Second read (mendlead50b): in a sentence with no event word, a form of "be" before the list says the groups
    # something was done to or measured in (sizes, flow), not who reached an outcome.
    ("Granulation tissue covered the wound bed at week 2 in 11 Group A and 4 Group B patients.", [11, 4]),
    ("Follow-up at 12 months was available in 27 Group A and 25 Group B patients.", []),
    ("Mean age was 64.2 years in 30 Group A and 30 Group B patients.", []),
    ("Wound cultures were obtained in 22 Group A and 21 Group B patients at inclusion.", []),
    ("Treatment was given on an outpatient basis in 25 Group A and 28 Group B patients.", []),
    # A passive outcome is lost with them ("was covered by granulation tissue in ..."): the price of the narrowing.
    ("The wound bed was covered by granulation tissue in 11 Group A and 4 Group B patients.", []),
    # The clause that leads the list starts after a semicolon: a "was" before it is another clause's.
    ("Healing was slow; granulation covered the wound bed in 11 Group A and 4 Group B patients.", [11, 4]),
])
def test_a_quiet_list_after_in_is_read_only_without_be_before_it(text, want):
    assert [n for _, n in _named(text, THREE, lists_only=True)] == want

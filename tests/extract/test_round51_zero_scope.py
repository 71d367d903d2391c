"""Round 51 (branch lead51b): a worded zero's every-arm words stay its own across a time phrase ("No amputation
occurred during the 12-week follow-up in either group"): a number that says when is no count between the zero and
its scope. Invented sentences, no spaCy."""
from __future__ import annotations

import pytest

from stemfoot.extract.event_counts import per_group_events
from stemfoot.extract.stages import other_arms_zero, pair_word_arm
from tests.extract.test_round50_zeros import _said


@pytest.mark.parametrize("text, zero", [
    ("No major amputation occurred during the 12-week follow-up in either group.", "No major amputation"),
    ("No death was recorded during 6 months of follow-up in both arms.", "No death"),
    ("No ulcer recurrence was seen at 12 months in either group.", "No ulcer recurrence"),
    ("No wound infection occurred within 30 days in either arm.", "No wound infection"),
    ("No amputation was needed up to week 24 in either group.", "No amputation"),
    ("No tumour was found over a one-year follow-up in both groups.", "No tumour"),
    ("No sepsis was seen in the first 2 weeks after injection in either group.", "No sepsis"),
])
def test_a_time_phrase_between_leaves_the_every_arm_words_the_zeros(text: str, zero: str) -> None:
    assert _said(text, zero)


@pytest.mark.parametrize("text, zero", [
    # A count between, beside a time: the every-arm words may be the count's.
    ("No death occurred, but 2 patients were amputated at 6 months in either group.", "No death"),
    ("No amputation at 6 months; three by 12 months in both groups.", "No amputation"),
    # A count of people with a time word after it is still a count ("2 patients in 12 weeks").
    ("No infection occurred, 4 patients in 12 weeks in both groups had fever.", "No infection"),
    # A number that is no time ("grade 3") stays a number between.
    ("No grade 3 toxicity occurred in either group.", "No grade"),
    # A range of times is read as numbers: null beats a guess.
    ("No death occurred between 6 and 12 months in either group.", "No death"),
    # A subset between still narrows the zero, time or not.
    ("No amputation occurred at 12 months in patients with gangrene in either group.", "No amputation"),
])
def test_counts_and_subsets_between_still_refuse(text: str, zero: str) -> None:
    assert not _said(text, zero)


# "the other group(s)": every arm but those the sentence names before the zero (stages.other_arms_zero).
_LABELS = ["BMMNC group", "PBMNC group", "control group"]


def _other(text: str, zero: str, arms: dict[str, str], labels: list[str] = _LABELS) -> list[str] | None:
    at = text.index(zero)
    st = {"kind": "events", "events": 0, "total": None, "flags": ["zero_arm_inside"],
          "evidence": {"start": at, "end": at + len(zero), "text": zero}}
    named = [(text.index(w), text.index(w) + len(w), arm) for w, arm in arms.items()]
    return other_arms_zero(text, st, named, labels)


@pytest.mark.parametrize("text, zero, arms, labels, expect", [
    ("Two patients in the BMMNC group required amputation; none did in the other groups.",
     "none did in the other groups", {"BMMNC group": "BMMNC group"}, _LABELS, ["PBMNC group", "control group"]),
    ("Amputation was needed in 3 controls and none in the other two groups.", "none in the other two groups",
     {"controls": "control group"}, _LABELS, ["BMMNC group", "PBMNC group"]),
    ("Fever occurred in 2 patients of the cell group and none in the other group.", "none in the other group",
     {"cell group": "cell group"}, ["cell group", "control group"], ["control group"]),
])
def test_the_other_groups_are_every_arm_but_the_one_named_before(text, zero, arms, labels, expect) -> None:
    assert _other(text, zero, arms, labels) == expect


@pytest.mark.parametrize("text, zero, arms, labels", [
    # No arm named before: "the other groups" of what?
    ("None did in the other groups.", "None did in the other groups", {}, _LABELS),
    # Number disagrees: a singular "other group" where two arms are left, "two" where one is.
    ("Two BMMNC patients died and none in the other group.", "none in the other group",
     {"BMMNC patients": "BMMNC group"}, _LABELS),
    ("Two patients in the cell group died and none in the other two groups.", "none in the other two groups",
     {"cell group": "cell group"}, ["cell group", "control group"]),
    # An arm named inside the zero's own words: its reader places it.
    ("None in the other group, the control group, died.", "None in the other group, the control group",
     {"control group": "control group"}, ["cell group", "control group"]),
    # No "other" words at all.
    ("Two patients in the cell group died and none in the control group.", "none in the control group",
     {"cell group": "cell group"}, ["cell group", "control group"]),
])
def test_no_other_arms_where_the_scope_is_unsure(text, zero, arms, labels) -> None:
    assert _other(text, zero, arms, labels) is None


# Second read (mendlead51b): where the first reading over-reached on invented text.
@pytest.mark.parametrize("text, zero", [
    # A clause break between: the every-arm words (and the time) may be the other clause's.
    ("No amputation occurred, although ulcers had healed by 12 weeks in both groups.", "No amputation"),
    ("No death occurred; at 6 months, wound area had halved in either group.", "No death"),
    ("No infection was seen while healing took 6 weeks longer in both groups.", "No infection"),
    # A subset of those followed that long, not every arm.
    ("No amputation occurred in patients followed for 24 months in either group.", "No amputation"),
    ("No death occurred in patients completing 12 weeks in either group.", "No death"),
    # An age band is a subset too: its "70 years" is no time (found by the round's final read).
    ("No death occurred in patients aged over 70 years in either group.", "No death"),
    ("No amputation occurred among those older than 65 years in both arms.", "No amputation"),
])
def test_a_time_number_across_a_clause_break_or_of_a_subset_still_refuses(text: str, zero: str) -> None:
    assert not _said(text, zero)


@pytest.mark.parametrize("text, zero", [
    # "and" joining times or "treatment and follow-up" is no clause break.
    ("No amputation was performed between week 4 and week 12 in either group.", "No amputation"),
    ("No death occurred during 6 months of treatment and follow-up in either group.", "No death"),
])
def test_and_joining_times_is_no_clause_break(text: str, zero: str) -> None:
    assert _said(text, zero)


def test_the_other_group_of_some_patients_is_no_arm() -> None:
    # The noun's "of" lies past the zero's own words: the words after it still count.
    text = ("Two ischemic patients in the control group underwent amputation, and none in the other group of "
            "neuropathic patients.")
    assert _other(text, "none in the other group", {"control group": "control group"},
                  ["cell group", "control group"]) is None
    assert _other(text.replace(" of neuropathic patients", ""), "none in the other group",
                  {"control group": "control group"}, ["cell group", "control group"]) == ["cell group"]




def test_a_chained_count_of_the_other_groups_is_left_to_the_arm_zero_readers() -> None:
    # The chain's reading put "none of the other two groups" on the control group named before it.
    text = "Major amputation was required in 3 patients in the control group and in none of the other two groups."
    assert [c.events for c in per_group_events(text)] == [3]
    text2 = "Major amputation was required in 3 patients in the control group and in none of the BMMNC group."
    assert [c.events for c in per_group_events(text2)] == [3, 0]


# A pair zero's first word with no group noun ("in the cell or placebo arms"): the one arm whose label holds it.
@pytest.mark.parametrize("words, labels, expect", [
    ("cell", ["cell arm", "placebo arm"], "cell arm"),
    ("cells", ["cell group", "control group"], "cell group"),
    ("low", ["low-dose group", "high-dose group", "placebo group"], "low-dose group"),
    ("BMMNC", ["BMMNC group", "PBMNC group", "control group"], "BMMNC group"),
])
def test_a_pair_word_is_the_one_arm_whose_label_holds_it(words: str, labels: list[str], expect: str) -> None:
    assert pair_word_arm(words, labels) == expect


@pytest.mark.parametrize("words, labels", [
    ("cell", ["BMMNC group", "PBMNC group", "control group"]),  # in no label
    ("dose", ["low-dose group", "high-dose group", "placebo group"]),  # in two labels
    ("cell", ["cell group", "cell + PRP group", "control group"]),  # in two labels
    ("diabetic", ["cell group", "control group"]),  # no arm word
    ("the", ["cell group", "control group"]),  # nothing but filler
])
def test_a_pair_word_in_no_label_or_in_several_is_no_arm(words: str, labels: list[str]) -> None:
    assert pair_word_arm(words, labels) is None

"""Lists whose arm words the inventory does not name (round 25): suspended hyphens ("in the low-, mid-, high-dose
and placebo arms"), a counted bracket of arm names ("four groups of 30 (A, B, C and D)"), "in the order listed
above" spreading a list like "respectively", and "each group comprised N patients".

Every sentence here is written for the test; none comes from a gold.
"""
from stemfoot.extract.arm_inventory import find_mentions, make_arm, suspended_names
from stemfoot.extract.arm_lists import allocation_list
from stemfoot.extract.arm_sizes import per_group
from stemfoot.extract.candidates import split_sentences
from stemfoot.extract.record import build_record


def test_suspended_stems_take_the_last_members_second_half():
    assert suspended_names("in the low-, mid-, high-dose and placebo groups") == [
        (7, 11, "low-dose"), (13, 17, "mid-dose")]
    text = "between the short- and long-course arms"
    assert suspended_names(text) == [(12, 18, "short-course")]
    assert text[12:18] == "short-"
    # A written-out hyphen word, a range and a hyphen inside a name are no suspended coordination.
    assert suspended_names("the low-dose and high-dose groups") == []
    assert suspended_names("a 10- to 16-Gy boost") == []
    assert suspended_names("anti-VEGF and placebo arms") == []


def test_a_suspended_stem_mentions_the_arm_its_full_name_is():
    text = "Healing was 30%, 45%, 50% and 20% in the low-, mid-, high-dose and placebo groups."
    arms = [make_arm(text, k, k, None) for k in ("low-dose group", "mid-dose group", "high-dose group", "placebo group")]
    near = [(m.arm, text[m.start:m.end]) for m in find_mentions(text, arms) if m.start >= text.index("low-")]
    assert near == [("low-dose group", "low-"), ("mid-dose group", "mid-"), ("high-dose group", "high-dose"),
                    ("placebo group", "placebo")]
    # No arm by the full name: the stem mentions nothing.
    arms = [make_arm(text, k, k, None) for k in ("cell group", "placebo group")]
    assert not [m for m in find_mentions(text, arms) if text[m.start:m.end] in {"low-", "mid-"}]
    # The written last member names no arm ("high-dose" missing from the inventory): the list is not the arms'.
    arms = [make_arm(text, k, k, None) for k in ("low-dose group", "mid-dose group", "placebo group")]
    assert not [m for m in find_mentions(text, arms) if text[m.start:m.end] in {"low-", "mid-"}]
    # Two stems naming one arm: no mention either.
    text = "Healing was 30% and 45% in the low- and high-dose groups."
    arms = [make_arm(text, "cell group", "cell group", None), make_arm(text, "placebo group", "placebo group", None)]
    arms[0].aliases.extend(["low-dose", "high-dose"])
    assert not [m for m in find_mentions(text, arms) if text[m.start:m.end] == "low-"]


def test_a_counted_bracket_lists_the_arms():
    text = ("Patients were randomised to cells or none and to compression or none, giving four groups of 25 "
            "(cells+compression, cells alone, compression alone and control). Results: all were followed.")
    s1 = text.index("Results")
    assert [x.label for x in allocation_list(text, 0, s1)] == [
        "cells+compression group", "cells alone group", "compression alone group", "control group"]
    # The count must be the number of names in the bracket.
    wrong = text.replace("four groups", "three groups")
    assert allocation_list(wrong, 0, s1) == []
    # A counted bracket no allocation makes names subgroups ("analysed in three cohorts (...)"), not arms.
    text = ("Sixty patients were randomized to cells or standard care and analysed in three cohorts (mild, moderate "
            "and severe ischaemia). Results: all were followed.")
    assert allocation_list(text, 0, text.index("Results")) == []


def test_each_group_comprised_sizes_every_arm():
    text = ("Sixty patients were randomly assigned to G1 (cells), G2 (gel) or G3 (dressing); each group comprised "
            "20 patients.")
    assert [n for n, *_ in per_group(text, split_sentences(text), 3)] == [20]
    text = "Each group comprised three centres."
    assert per_group(text, split_sentences(text), 3) == []
    # A count qualified by who the patients are is a subgroup's, not the arm's size.
    text = "Sixty patients were randomised to cells or standard care. Each group included 12 patients with ischaemic ulcers."
    assert per_group(text, split_sentences(text), 2) == []
    text = "Sixty patients were randomised to cells or standard care. Each group contained 8 patients who had HbA1c above 9%."
    assert per_group(text, split_sentences(text), 2) == []
    text = "Sixty patients were randomised to cells or standard care; each group comprised 30 patients, and none withdrew."
    assert [n for n, *_ in per_group(text, split_sentences(text), 2)] == [30]
    text = "Each group comprised three centres."
    assert per_group(text, split_sentences(text), 3) == []


def test_in_the_order_listed_above_spreads_a_list_like_respectively(nlp):
    text = ("Methods: One hundred patients were randomised to cells or none and, independently, to compression or "
            "none, giving four groups of 25 (cells+compression, cells alone, compression alone and control). "
            "Results: Closure at 12 weeks was 60% for cells+compression, 50% for cells alone, 40% for compression "
            "alone and 30% for control. Patients given cells healed more often than those who were not (RR 1.5, "
            "95% CI 1.1–2.0). Mean granulation coverage at week 4 was 80 ± 10%, 70 ± 12%, 60 ± 11% and 50 ± 15% in "
            "the four groups, in the order listed above.")
    record = build_record(nlp(text))
    assert [(a["label"], a["n_patients"]) for a in record["arms"] if not a.get("members")] == [
        ("cells+compression group", 25), ("cells alone group", 25), ("compression alone group", 25), ("control group", 25)]
    means = {s["mean"]: s.get("arm") for s in record["statistics"] if s["kind"] == "mean_sd"}
    assert means == {80.0: "cells+compression group", 70.0: "cells alone group", 60.0: "compression alone group",
                     50.0: "control group"}
    # Round 37: "in the four groups" after four values in a four-arm study says one value per group, as
    # "respectively" does (the golds read such lists in the allocation's order: bl20_12, blind23-10, bl38_15,
    # bl41_15), so the list is spread without "in the order listed above" too.
    record = build_record(nlp(text.replace(", in the order listed above", "")))
    assert {s["mean"]: s.get("arm") for s in record["statistics"] if s["kind"] == "mean_sd"} == means
    # Without words that give the list an order it has none to follow: held for review.
    record = build_record(nlp(text.replace("in the four groups, in the order listed above", "at last")))
    assert {s.get("arm") for s in record["statistics"] if s["kind"] == "mean_sd"} == {None}

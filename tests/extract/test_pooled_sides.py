"""Pooled sides (extract/pooled_sides.py): a value said of several treated arms together is no one arm's.
Plain text and dicts, no spaCy pipeline."""
import pytest

from stemfoot.extract.pooled_sides import (comparison_side, members_by_total, named_arms, named_pool_stage, pool_of,
                                          pooled_side_stage, pooled_totals)


def _arm(label, role, members=None):
    return {"label": label, "role": role, "members": members, "n_patients": None}


def _st(text, frag, arm=None, kind="percent"):
    s = text.index(frag)
    return {"kind": kind, "target": "arm" if arm else "unattributed", "arm": arm, "arm_role": None, "flags": [],
            "evidence": {"start": s, "end": s + len(frag), "sentence_start": 0, "sentence_end": len(text)}}


DOSES = [_arm("low-dose group", "intervention"), _arm("high-dose group", "intervention"),
         _arm("placebo group", "control")]
POOLED = "Pooled across doses, 48.6% of cell-treated patients healed compared with 25.7% of placebo recipients."
BOTH = "Both cell-containing groups together achieved 54.2% closure, versus 29.2% in the two cell-free groups."


@pytest.mark.parametrize("text, frag, others, expect", [
    (POOLED, "48.6%", ["25.7%"], "treated"),
    # The comparison's other side names its own arm: not the pool's.
    (POOLED, "25.7%", ["48.6%"], None),
    (BOTH, "54.2%", ["29.2%"], "treated"),
    (BOTH, "29.2%", ["54.2%"], "untreated"),
    # Words of a pool in another clause of the sentence do not reach the value.
    ("Results were pooled for the safety analysis; healing was 60% in the low-dose group.", "60%", [], None),
])
def test_pool_of_reads_the_values_own_side(text, frag, others, expect):
    spans = [(text.index(o), text.index(o) + len(o)) for o in others]
    assert pool_of(text, _st(text, frag), spans) == expect


def test_an_arm_named_between_the_pool_and_the_value_keeps_it():
    text = "Injection-site pain was reported by 11 patients across the two cell groups and by 9 placebo patients."
    labels = ["low-dose group", "high-dose group", "placebo group"]
    spans = [(text.index("11 patients"), text.index("11 patients") + 11), (text.index("9 placebo"), text.index("9 placebo") + 18)]
    assert pool_of(text, _st(text, "11 patients"), spans[1:], labels) == "treated"
    assert pool_of(text, _st(text, "9 placebo patients"), spans[:1], labels) is None


def test_a_pooled_value_goes_to_a_new_grouping_of_the_treated_arms_and_the_named_arm_stays():
    arms = [dict(a) for a in DOSES]
    stats = [_st(POOLED, "48.6%", "low-dose group"), _st(POOLED, "25.7%", "placebo group")]
    flags = pooled_side_stage(POOLED, arms, stats)
    assert flags == ["pooled_side_values"]
    assert len(arms) == 4 and arms[3]["members"] == ["low-dose group", "high-dose group"]
    assert arms[3]["source"] == "pooled_words" and arms[3]["role"] == "intervention" and arms[3]["n_patients"] is None
    assert (stats[0]["target"], stats[0]["arm"]) == ("arm", arms[3]["label"])
    assert "arm_by_pooled_words" in stats[0]["flags"]
    assert (stats[1]["target"], stats[1]["arm"]) == ("arm", "placebo group")


def test_an_untreated_pool_leaves_its_arm():
    arms = [dict(a) for a in DOSES]
    stats = [_st(BOTH, "29.2%", "placebo group")]
    pooled_side_stage(BOTH, arms, stats)
    assert (stats[0]["target"], stats[0]["arm"]) == ("unattributed", None) and "pooled_side" in stats[0]["flags"]
    assert len(arms) == 3


def test_two_pooled_values_share_one_new_grouping():
    arms = [dict(a) for a in DOSES]
    text = "Pooled across doses, 48.6% of cell-treated patients healed. Rest pain resolved in 70% of pooled patients."
    stats = [_st(text, "48.6%", "low-dose group"), _st(text, "70%", "high-dose group")]
    pooled_side_stage(text, arms, stats)
    assert len(arms) == 4 and stats[0]["arm"] == stats[1]["arm"] == arms[3]["label"]


def test_a_pooled_value_goes_to_the_grouping_of_exactly_the_treated_arms():
    arms = [dict(a) for a in DOSES] + [_arm("both doses", "intervention", ["low-dose group", "high-dose group"])]
    stats = [_st(POOLED, "48.6%", "low-dose group")]
    pooled_side_stage(POOLED, arms, stats)
    assert (stats[0]["target"], stats[0]["arm"]) == ("arm", "both doses")
    assert "arm_by_pooled_words" in stats[0]["flags"]


def test_one_treated_arm_or_no_untreated_arm_is_left_alone():
    # Two arms: "cell-treated patients" is the cell arm. All arms treated: a pool of all is the cohort's reader's.
    two = [_arm("cell group", "intervention"), _arm("control group", "control")]
    text = "Healing occurred in 60% of cell-treated patients."
    stats = [_st(text, "60%", "cell group")]
    assert pooled_side_stage(text, two, stats) == [] and stats[0]["arm"] == "cell group"
    routes = [_arm("IM", "intervention"), _arm("IA", "intervention")]
    stats = [_st(POOLED, "48.6%", "IM")]
    assert pooled_side_stage(POOLED, routes, stats) == [] and stats[0]["arm"] == "IM"


@pytest.mark.parametrize("text, frag", [
    # Pool words about visits, centres or a subgroup, the arm named after the value: the arm's value.
    ("Pain scores pooled over weeks 4 and 8 were 3.1 in the high-dose group.", "3.1"),
    ("Pooled data from both centres showed healing in 57% of the low-dose group.", "57%"),
    ("Among cell-treated patients, healing was 67% in the high-dose group.", "67%"),
])
def test_an_arm_named_after_the_value_keeps_it_whatever_pool_words_precede(text, frag):
    labels = ["low-dose group", "high-dose group", "placebo group"]
    assert pool_of(text, _st(text, frag), [], labels) is None


def _sized(label, role, n):
    return {"label": label, "role": role, "members": None, "n_patients": n}


ROUTES = [_sized("Group A", "intervention", 18), _sized("Group B", "active_comparator", 18),
          _sized("Group C", "active_comparator", 19)]


@pytest.mark.parametrize("sizes, total, expect", [
    ((18, 18, 19), 36, ["Group A", "Group B"]),
    ((18, 18, 19), 37, None),  # A + C and B + C: two sets, no reading
    ((18, 18, 19), 18, None),  # one arm's size
    ((18, 18, 19), 55, None),  # every arm: the cohort's
    ((18, None, 19), 37, None),  # an unsized arm could be in the set
    ((30, 30), 60, None),  # two arms: a pool of both is the cohort
])
def test_members_by_total_needs_exactly_one_set(sizes, total, expect):
    base = [_sized(f"Group {c}", "intervention", n) for c, n in zip("ABC", sizes)]
    assert members_by_total(total, base) == expect


def test_a_count_whose_total_is_two_arms_sizes_goes_to_their_grouping():
    text = "Group C healed more often than Groups A and B combined (14/19 vs 17/36; odds ratio 3.13)."
    arms = [dict(a) for a in ROUTES]
    st = dict(_st(text, "17/36", kind="events"), events=17, total=36)
    assert pooled_totals(text, arms, [st]) == ["pooled_total_values"]
    assert arms[3]["members"] == ["Group A", "Group B"] and st["arm"] == arms[3]["label"]
    assert "arm_by_pooled_total" in st["flags"]


def test_a_summed_total_without_words_of_a_pool_stays():
    text = "Healing occurred in 17/36 patients with neuropathic ulcers."
    arms = [dict(a) for a in ROUTES]
    st = dict(_st(text, "17/36", kind="events"), events=17, total=36)
    assert pooled_totals(text, arms, [st]) == [] and st["target"] == "unattributed" and len(arms) == 3


def test_a_pool_of_another_number_of_arms_than_the_treated_ones_leaves_its_arm():
    arms = [_arm(label, "intervention") for label in ("low-dose group", "mid-dose group", "high-dose group")]
    arms.append(_arm("placebo group", "control"))
    text = "Amputation-free survival was 90% in the two higher-dose arms combined versus 70% with placebo."
    stats = [_st(text, "90%", "high-dose group")]
    pooled_side_stage(text, arms, stats)
    assert (stats[0]["target"], stats[0]["arm"]) == ("unattributed", None) and len(arms) == 4
    # The same words over two treated arms name them both.
    stats = [_st(text, "90%", "high-dose group")]
    two = [dict(a) for a in arms[1:]]
    pooled_side_stage(text, two, stats)
    assert stats[0]["arm"] == two[-1]["label"] and two[-1]["members"] == ["mid-dose group", "high-dose group"]


@pytest.mark.parametrize("text, frag, others, expect", [
    # The bracket's first value is the comparison's subject, its second the object.
    ("Pooled ORB-22 recipients healed more often than placebo recipients (19/39 vs 3/17; OR 4.4).", "19/39", ["3/17"],
     "treated"),
    ("Pooled ORB-22 recipients healed more often than placebo recipients (19/39 vs 3/17; OR 4.4).", "3/17", ["19/39"],
     None),
    ("For the two ADSC groups combined, amputation was rarer than with control (3 of 57 vs 6 of 27).", "3 of 57",
     ["6 of 27"], "treated"),
    # No comparison word before the bracket: the value's own words as before (the arm named keeps it).
    ("Pooled healing in the low-dose group (12/20 vs 8/20) was reported.", "12/20", ["8/20"], None),
])
def test_a_bracketed_pair_after_a_comparison_reads_each_side(text, frag, others, expect):
    spans = [(text.index(o), text.index(o) + len(o)) for o in others]
    labels = ["low-dose group", "high-dose group", "placebo group", "control group"]
    assert pool_of(text, _st(text, frag), spans, labels) == expect


@pytest.mark.parametrize("text", [
    # An endpoint, data of centres, or "together with": words of no pool of arms, whatever the total sums to.
    "The combined endpoint of major amputation or death occurred in 17/36 patients analysed.",
    "Healing occurred in 17/36 ulcers when data from the two centres were pooled.",
    "Together with offloading, healing occurred in 17/36 patients who completed follow-up.",
])
def test_a_summed_total_with_pool_words_of_no_arms_stays(text):
    arms = [dict(a) for a in ROUTES]
    st = dict(_st(text, "17/36", kind="events"), events=17, total=36)
    assert pooled_totals(text, arms, [st]) == [] and st["target"] == "unattributed" and len(arms) == 3


@pytest.mark.parametrize("text, frag", [
    # Data of both centres pooled: the whole sample's or unknown, no grouping of the treated arms.
    ("In a pooled analysis of both centres, complete wound closure was achieved in 73% of patients.", "73%"),
    # Dose levels of some arms: not all treated arms.
    ("Among pooled higher-dose recipients, complete healing was 62%.", "62%"),
])
def test_a_pool_that_need_not_be_the_treated_arms_makes_no_grouping(text, frag):
    arms = [dict(a) for a in DOSES]
    stats = [_st(text, frag, "low-dose group")]
    pooled_side_stage(text, arms, stats)
    assert (stats[0]["target"], stats[0]["arm"]) == ("unattributed", None) and len(arms) == 3


def test_two_comparisons_before_a_bracket_of_three_give_no_sides():
    text = ("Healing was more frequent in high-dose than in low-dose recipients, and in both cell groups than in "
            "placebo recipients (14/20 vs 9/20 vs 4/20).")
    spans = [(text.index(v), text.index(v) + len(v)) for v in ("14/20", "9/20", "4/20")]
    assert comparison_side(text, _st(text, "14/20"), spans) is None
    one = "Pooled cell recipients healed more often than placebo recipients (19/39 vs 3/17)."
    spans = [(one.index(v), one.index(v) + len(v)) for v in ("19/39", "3/17")]
    assert comparison_side(one, _st(one, "19/39"), spans).strip() == "Pooled cell recipients healed more often"


G3 = [_arm("G1", "intervention"), _arm("G2", "intervention"), _arm("G3", "control")]


@pytest.mark.parametrize("words, labels, named", [
    (" in G1 and G2, ", ["G1", "G2", "G3"], ["G1", "G2"]),
    ("no patient in G1 or G2 had", ["G1", "G2", "G3"], ["G1", "G2"]),
    (" in G1", ["G1", "G2", "G3"], []),
    ("caused no complications in Arms I and II", ["Arm I", "Arm II", "Arm III"], ["Arm I", "Arm II"]),
    ("in Groups A and B combined", ["Group A", "Group B", "Group C"], ["Group A", "Group B"]),
    ("in Groups A, B and C", ["Group A", "Group B", "Group C"], ["Group A", "Group B", "Group C"]),
    ("a and b", ["Group A", "Group B", "Group C"], []),  # a short label counts in its own case only
    ("in the ALDHbr and placebo groups", ["ALDHbr group", "placebo group"], ["ALDHbr group", "placebo group"]),
    ("in G1 and G2 and in G2 and G3", ["G1", "G2", "G3"], []),  # two lists: neither is the value's
])
def test_named_arms_reads_one_list_of_arms(words, labels, named) -> None:
    assert named_arms(words, [_arm(label, "intervention") for label in labels]) == named


def test_a_value_said_of_listed_arms_is_their_pool_not_the_first() -> None:
    text = "Bone pain was reported by 11 patients in G1 and G2, and healing was 60% in G1."
    arms = [dict(a) for a in G3]
    sts = [_st(text, "11 patients", "G1", "events"), _st(text, "60%", "G1")]
    assert named_pool_stage(text, arms, sts) == ["named_pool_values"]
    pool = arms[-1]
    assert pool["members"] == ["G1", "G2"] and sts[0]["arm"] == pool["label"] and "arm_by_named_pool" in sts[0]["flags"]
    assert sts[1]["arm"] == "G1"  # its own arm only: no list
    # Every arm listed: the whole sample's, which is no one arm's.
    text = "Minor amputation was required in 7 patients in G1, G2 and G3 combined."
    sts = [_st(text, "7 patients", "G1", "events")]
    named_pool_stage(text, [dict(a) for a in G3], sts)
    assert sts[0]["target"] == "unattributed" and sts[0]["arm"] is None


def test_a_zero_said_of_every_arm_is_each_arms() -> None:
    """mendlead46b: "Mortality was 0% in the cell and control groups" is each arm's zero (rule 24: per arm when the
    sentence names arms), not a whole-sample value to withhold: it stays on its arm with a copy for every other."""
    text = "Mortality was 0% in the cell and control groups."
    arms = [_arm("cell group", "intervention"), _arm("control group", "control")]
    sts = [_st(text, "0%", "control group")]
    sts[0].update(percent=0.0, events=None)
    assert named_pool_stage(text, arms, sts) == ["named_pool_values"]
    assert sorted(s["arm"] for s in sts) == ["cell group", "control group"] and {s["target"] for s in sts} == {"arm"}
    assert "arm_by_zero_group" in next(s for s in sts if s["arm"] == "cell group")["flags"]
    text = "No complications occurred in 0 patients in G1, G2 or G3."
    sts = [_st(text, "0 patients", "G1", "events")]
    sts[0]["events"] = 0
    named_pool_stage(text, [dict(a) for a in G3], sts)
    assert sorted(s["arm"] for s in sts) == ["G1", "G2", "G3"]


@pytest.mark.parametrize("words", [
    "Two deaths occurred in each of G1 and G2",
    "no deaths occurred in either G1 or G2",
    "patients in G1 and G2 each",
    "in G1 and G2, respectively",
])
def test_a_list_read_arm_by_arm_is_no_pool(words) -> None:
    """mendlead46b: "each of", "either", "each" or "respectively" around the list give each listed arm the value."""
    assert named_arms(words, G3) == []


def test_a_value_whose_words_also_name_its_arm_alone_keeps_it() -> None:
    """mendlead46b: the list is the sentence's subject, the value its own arm's ("in G1 and G2, reaching a healing
    rate of 70% in G1")."""
    text = "Ulcer size decreased significantly in G1 and G2, reaching a healing rate of 70% in G1."
    sts = [_st(text, "70%", "G1")]
    assert named_pool_stage(text, [dict(a) for a in G3], sts) == [] and sts[0]["arm"] == "G1"


def test_the_last_value_of_a_series_keeps_its_arm() -> None:
    text = "Rest pain disappeared in 15 (75%), 14 (67%) and 5 (26%) patients in G1, G2 and G3."
    sts = [_st(text, "15 (75%)", "G1", "events"), _st(text, "14 (67%)", "G2", "events"),
           _st(text, "5 (26%)", "G3", "events")]
    assert named_pool_stage(text, [dict(a) for a in G3], sts) == []
    assert [s["arm"] for s in sts] == ["G1", "G2", "G3"]


@pytest.mark.parametrize("text, frag", [
    ("Mortality was 1.3% and 0.2% for control and G1 group, respectively.", "0.2%"),
    ("Outcomes did not differ in the G1 and G2 groups (3/47 vs. 1/52, p=0.34).", "3/47"),
    ("Adherence was similar for G1 and G2 (78.7% vs 79.4%; p=0.93).", "78.7%"),
    ("The response rate of G1 and G2 were 61.8% and 61.2% respectively.", "61.8%"),
])
def test_a_pair_or_series_over_a_list_keeps_one_value_an_arm(text, frag) -> None:
    sts = [_st(text, m, "G1") for m in ("0.2%", "3/47", "78.7%", "61.8%") if m in text]
    sts += [_st(text, m, "G2") for m in ("1.3%", "1/52", "79.4%", "61.2%") if m in text]
    assert named_pool_stage(text, [dict(a) for a in G3], sts) == []
    assert next(s for s in sts if text[s["evidence"]["start"]:s["evidence"]["end"]] == frag)["arm"] == "G1"

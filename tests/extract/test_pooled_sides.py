"""Pooled sides (extract/pooled_sides.py): a value said of several treated arms together is no one arm's.
Plain text and dicts, no spaCy pipeline."""
import pytest

from stemfoot.extract.pooled_sides import pool_of, pooled_side_stage


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


def test_a_pooled_value_leaves_the_member_arm_and_the_named_arm_stays():
    stats = [_st(POOLED, "48.6%", "low-dose group"), _st(POOLED, "25.7%", "placebo group")]
    flags = pooled_side_stage(POOLED, [dict(a) for a in DOSES], stats)
    assert flags == ["pooled_side_values"]
    assert (stats[0]["target"], stats[0]["arm"]) == ("unattributed", None) and "pooled_side" in stats[0]["flags"]
    assert (stats[1]["target"], stats[1]["arm"]) == ("arm", "placebo group")


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

"""Round 49 (lead49a): pooled groups. "Combining both doses" is a pool's words, as "Pooling both doses" is
(pooled_sides): the value goes to the grouping of the treated arms, never one member. Invented sentences."""
from __future__ import annotations

import pytest

from stemfoot.extract.pooled_sides import named_by_total, pool_of, pooled_totals

DOSE_LABELS = ["high-dose group", "low-dose group", "placebo group"]


def _pct(text: str, frag: str) -> dict:
    s = text.index(frag)
    return {"kind": "percent", "target": "arm", "arm": None, "arm_role": None, "total": None, "flags": [],
            "evidence": {"start": s, "end": s + len(frag), "sentence_start": 0, "sentence_end": len(text)}}


@pytest.mark.parametrize("text, frag, other, expect", [
    ("Combining both doses, amputation-free survival was 88% versus 63% with placebo.", "88%", "63%", "treated"),
    ("Combining the two ABX-7 groups, closure was 50% compared with 25%.", "50%", "25%", "treated"),
    # The placebo side of the pooled comparison keeps its arm.
    ("Combining both doses, amputation-free survival was 88% versus 63% with placebo.", "63%", "88%", None),
    # Combining treatments is no pool of arms.
    ("Combining cells with offloading, healing was 70% versus 40%.", "70%", "40%", None),
    # "All groups" is every arm, the whole sample: no treated pool (mendlead49a).
    ("Combining all groups, healing was 50% at week 24 versus 20% at baseline.", "50%", "20%", None),
    ("Pooling all the groups, healing was 50% at week 24 versus 20% at baseline.", "50%", "20%", None),
])
def test_combining_the_doses_is_a_pool(text: str, frag: str, other: str, expect: str | None) -> None:
    spans = [(text.index(other), text.index(other) + len(other))]
    assert pool_of(text, _pct(text, frag), spans, DOSE_LABELS) == expect


# ---- a count over the summed size of the arms its words list: that list's grouping (pooled_totals)

G3 = [{"label": "G1", "role": "intervention", "n_patients": 22, "members": None},
      {"label": "G2", "role": "active_comparator", "n_patients": 22, "members": None},
      {"label": "G3", "role": "control", "n_patients": 22, "members": None}]


def _count(text: str, frag: str, total: int) -> dict:
    s = text.index(frag)
    return {"kind": "events", "events": 9, "total": total, "target": "unattributed", "arm": None, "arm_role": None,
            "flags": [], "evidence": {"start": s, "end": s + len(frag), "sentence_start": 0,
                                      "sentence_end": len(text)}}


def test_a_count_over_the_listed_arms_sizes_goes_to_their_grouping() -> None:
    text = "Bone pain during mobilisation affected 9 of the 44 patients in G1 and G2."
    arms = [dict(a) for a in G3]
    sts = [_count(text, "9 of the 44", 44)]
    assert pooled_totals(text, arms, sts) == ["pooled_total_values"]
    grouping = next(a for a in arms if a.get("members"))
    assert sts[0]["arm"] == grouping["label"] and grouping["members"] == ["G1", "G2"]


@pytest.mark.parametrize("text, total", [
    # The listed arms' sizes do not sum to the total.
    ("Bone pain affected 9 of the 40 patients in G1 and G2.", 40),
    # No list of arms: 44 is G1 + G2, G1 + G3 or G2 + G3.
    ("Bone pain affected 9 of the 44 patients.", 44),
])
def test_no_grouping_where_the_words_and_the_total_do_not_agree(text: str, total: int) -> None:
    arms = [dict(a) for a in G3]
    sts = [_count(text, f"9 of the {total}", total)]
    assert pooled_totals(text, arms, sts) == []
    assert sts[0]["target"] == "unattributed" and len(arms) == 3


@pytest.mark.parametrize("text, frag, target, arm, moved", [
    # The words give the count to one listed arm (reviewer, round 49) ...
    ("Of the 44 patients in G1 and G2, 9 of 44 in G1 had bone pain.", "9 of 44", "arm", "G1", False),
    ("Of the 44 patients in G1 and G2, 9 of 44 in G1 had bone pain.", "9 of 44", "unattributed", None, False),
    # ... or list the arms the count is compared with, across "than".
    ("Bone pain (9 of 44) was more frequent than in G1 and G2.", "9 of 44", "unattributed", None, False),
    # Near misses: the list on the count's own side is still its grouping.
    ("Bone pain (9 of 44) in G1 and G2 was more frequent than in G3.", "9 of 44", "unattributed", None, True),
    ("Bone pain was more frequent than in G3 in 9 of 44 patients in G1 and G2.", "9 of 44", "arm", "G1", True),
])
def test_a_count_given_to_one_arm_or_compared_with_the_list_stays(text: str, frag: str, target: str,
                                                                   arm: str | None, moved: bool) -> None:
    arms = [dict(a) for a in G3]
    st = {**_count(text, frag, 44), "target": target, "arm": arm}
    assert pooled_totals(text, arms, [st]) == (["pooled_total_values"] if moved else [])
    assert (st["arm"] == "G1 + G2 (pooled)") is moved


def test_named_by_total() -> None:
    assert named_by_total(44, ["G1", "G2"], G3) == ["G1", "G2"]
    assert named_by_total(66, ["G1", "G2", "G3"], G3) is None   # every arm: the whole sample's
    assert named_by_total(44, ["G1"], G3) is None
    assert named_by_total(43, ["G1", "G2"], G3) is None


def test_no_grouping_of_a_control_with_a_treated_arm() -> None:
    # G2 + G3 is 44 too, but it joins the standard-care control to a cell arm: no pooled side, left unplaced.
    assert named_by_total(44, ["G2", "G3"], G3) is None
    text = "Amputation occurred in 9 of the 44 patients in G2 and G3."
    arms = [dict(a) for a in G3]
    sts = [_count(text, "9 of the 44", 44)]
    assert pooled_totals(text, arms, sts) == []
    assert sts[0]["target"] == "unattributed" and len(arms) == 3

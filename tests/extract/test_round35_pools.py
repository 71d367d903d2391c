"""Round 35 (blind39 causes D, H, I, K): pooled groups written as recipients, elided second pairs, "and in no <arm>
recipient" and "no X or Y" zeros. Plain text and dicts, no spaCy pipeline."""
import pytest

from stemfoot.extract.elided_pairs import FLAG, elided_counts, elided_pair_stage, elided_pairs
from stemfoot.extract.event_counts import or_member_spans, zero_events
from stemfoot.extract.pooled_sides import drop_pooled_copies, pool_of, pooled_side_stage
from stemfoot.extract.zero_clauses import arm_zeros


def _arm(label, role, members=None):
    return {"label": label, "role": role, "members": members, "n_patients": None}


def _st(text, frag, arm=None, kind="events", events=0, **kw):
    s = text.index(frag)
    return {"kind": kind, "events": events, "target": "arm" if arm else "unattributed", "arm": arm, "arm_role": None,
            "flags": [], "evidence": {"start": s, "end": s + len(frag), "sentence_start": 0, "sentence_end": len(text)},
            **kw}


# --- D: pooled groups written as recipients or "the two X groups" ------------------------------------------------

THREE = [_arm("CD133+ arm", "intervention"), _arm("BM-MNC arm", "intervention"), _arm("placebo arm", "control")]


@pytest.mark.parametrize("text, frag", [
    ("No donor-specific anti-HLA antibodies developed in any HXC-21 recipient.", "No donor-specific anti-HLA antibodies"),
    ("No cell-related serious adverse events occurred in patients given cells.", "No cell-related serious adverse events"),
    ("Pain at the liposuction site was reported by 9 patients in the two SVF groups.", "9 patients"),
    ("Liposuction-site seroma occurred in 3 patients in both ADSC arms.", "3 patients"),
])
def test_recipient_and_acronym_pools_are_the_treated_pool(text, frag):
    assert pool_of(text, _st(text, frag), [], ["CD133+ arm", "BM-MNC arm", "placebo arm"]) == "treated"


@pytest.mark.parametrize("text, frag", [
    # One arm's recipients, a count of one arm, and an arm named beside the pool words stay where they are.
    ("Fever occurred in 2 placebo recipients.", "2 placebo"),
    ("Seroma occurred in 3 patients in the SVF group.", "3 patients"),
    ("Pain was reported by 4 patients in the CD133+ arm, both given cells.", "4 patients"),
])
def test_words_of_one_arm_are_no_pool(text, frag):
    assert pool_of(text, _st(text, frag), [], ["CD133+ arm", "BM-MNC arm", "placebo arm", "SVF group"]) is None


def test_a_zero_copied_to_each_cell_arm_goes_to_the_pool_once():
    text = "No cell-related serious adverse events occurred in patients given cells."
    arms = [dict(a) for a in THREE]
    frag = "No cell-related serious adverse events"
    stats = [_st(text, frag, "CD133+ arm"), _st(text, frag, "BM-MNC arm")]
    assert pooled_side_stage(text, arms, stats) == ["pooled_side_values"]
    assert len(stats) == 1
    assert stats[0]["arm"] == "CD133+ arm + BM-MNC arm (pooled)"
    assert arms[-1]["members"] == ["CD133+ arm", "BM-MNC arm"]


def test_with_one_cell_arm_the_pool_words_change_nothing():
    text = "No cell-related serious adverse events occurred in patients given cells."
    arms = [_arm("BM-MNC arm", "intervention"), _arm("placebo arm", "control")]
    stats = [_st(text, "No cell-related serious adverse events", "BM-MNC arm")]
    assert pooled_side_stage(text, arms, stats) == []
    assert stats[0]["arm"] == "BM-MNC arm"


def test_drop_pooled_copies_keeps_distinct_values():
    a = {"kind": "events", "events": 0, "arm": "P", "flags": ["arm_by_pooled_words"], "evidence": {"start": 0, "end": 5}}
    b = dict(a, events=1)
    assert drop_pooled_copies([a, dict(a), b]) == [a, b]
    plain = dict(a, flags=[])
    assert drop_pooled_copies([plain, dict(plain)]) == [plain, plain]


# --- H: an elided second pair ------------------------------------------------------------------------------------

ELIDED = ("Complete ulcer healing occurred in 20 of 30 EPC patients and 11 of 30 BMT patients at 6 months and in 24 "
          "and 14, respectively, at 12 months.")


def test_elided_pair_is_read_with_its_time():
    (p,) = elided_pairs(ELIDED)
    assert p.values == (24, 14) and p.time == "12 months"
    assert [ELIDED[a:b] for a, b in p.first] == ["20", "11"]
    assert [(c.events, c.total, c.form) for c in elided_counts(ELIDED)] == [(24, None, "elided_pair"),
                                                                              (14, None, "elided_pair")]


@pytest.mark.parametrize("text", [
    # No "respectively": the second pair's order is not stated.
    "Healing occurred in 20 of 30 EPC patients and 11 of 30 BMT patients at 6 months and in 24 and 14 at 12 months.",
    # No time for the second pair.
    "Healing occurred in 20 of 30 EPC patients and 11 of 30 BMT patients at 6 months and in 24 and 14, respectively.",
])
def test_no_elided_pair_without_its_words(text):
    assert elided_pairs(text) == []


def test_elided_pair_stage_takes_the_first_pairs_arms():
    first = [_st(ELIDED, "20 of 30", "EPC group", events=20, total=30, outcome="ulcer_healing", timepoint="6 months"),
             _st(ELIDED, "11 of 30", "BMT group", events=11, total=30, outcome="ulcer_healing", timepoint="6 months")]
    second = [_st(ELIDED, "24 and", events=24), _st(ELIDED, "14,", events=14)]
    for st, frag in zip(second, ("24", "14")):
        st["evidence"]["end"] = st["evidence"]["start"] + len(frag)
        st["flags"] = ["event_count_bare", FLAG, "review_attribution"]
    assert elided_pair_stage(ELIDED, first + second) == ["elided_pair_values"]
    assert [(s["arm"], s["timepoint"], s["outcome"]) for s in second] == [("EPC group", "12 months", "ulcer_healing"),
                                                                          ("BMT group", "12 months", "ulcer_healing")]
    # One arm for both first counts: no order to reuse, the second pair stays for review.
    first[1]["arm"] = "EPC group"
    second = [dict(s, arm=None, target="unattributed") for s in second]
    elided_pair_stage(ELIDED, first + second)
    assert [s["target"] for s in second] == ["unattributed", "unattributed"]


# --- I: "and in no <arm> recipient" after an arm's count ---------------------------------------------------------

def test_zero_after_a_count_in_no_arm_recipient():
    text = "Anti-HLA antibodies were detected in 4 OST-402 recipients (7.0%) and in no vehicle recipient."
    (z,) = arm_zeros(text)
    assert text[z.start:z.end] == "no vehicle recipient" and z.arm_inside
    assert text[z.head[0]:z.head[1]] == "antibodies"


@pytest.mark.parametrize("text", [
    "Fever occurred in no other patient.",
    "Wound infection developed in no treated patients.",
])
def test_no_arm_zero_without_a_count_before(text):
    assert arm_zeros(text) == []


# --- K: "no X or Y" gives a zero per outcome ---------------------------------------------------------------------

@pytest.mark.parametrize("text, labels", [
    ("One patient underwent minor amputation; there were no major amputations or deaths.",
     ["major amputations", "deaths"]),
    ("No major amputation or death occurred.", ["major amputation", "death"]),
])
def test_no_x_or_y_gives_two_zeros(text, labels):
    zs = zero_events(text)
    assert [z.label for z in zs] == labels and all(z.events == 0 for z in zs)


@pytest.mark.parametrize("text", [
    # A tie after the pair: whether it ties one member or both, the words do not say.
    "No deaths or serious adverse events related to cell transplantation occurred.",
    # One outcome's words, not two.
    "No local or systemic reactions were observed.",
])
def test_no_split_without_two_outcomes(text):
    assert all(z.label is None for z in zero_events(text))


def test_or_member_spans():
    text = "major amputation or death"
    assert [text[a:b] for a, b in or_member_spans(text, 0, len(text))] == ["major amputation", "death"]
    assert or_member_spans("amputation", 0, 10) == []


def test_or_zero_of_some_arms_stays_one_statement():
    # "in the cell-treated groups": a place of the zero the placement reads as one statement; "in either group": every arm.
    text = "No amputations or deaths occurred in the cell-treated groups, whereas 2 patients in the saline group did."
    assert [z.label for z in zero_events(text)] == [None]
    assert [(z.label, z.every_arm) for z in zero_events("There were no deaths or amputations in either group.")] == [
        ("deaths", True), ("amputations", True)]

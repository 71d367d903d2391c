"""Round 34, pools on demand (extract/factor_sides.py, extract/pooled_sides.py patterns): a factorial's pooled sides
of one factor, and pools the text asks for by pooling words or a product's recipients. Plain text and dicts, no spaCy
pipeline. Sentences are made up in the dev golds' shapes, not copied from them."""
import pytest

from stemfoot.extract.factor_sides import (factor_side_stage, factor_sets, label_words, named_factor, segments,
                                           sides, total_fits)
from stemfoot.extract.pooled_sides import pool_of, pooled_side_stage


def _arm(label, role, n=None, members=None):
    return {"label": label, "role": role, "members": members, "n_patients": n}


def _st(text, frag, kind="events", total=None, flags=("pooled_side",), arm=None):
    s = text.index(frag)
    return {"kind": kind, "target": "arm" if arm else "unattributed", "arm": arm, "arm_role": None,
            "total": total, "flags": list(flags),
            "evidence": {"start": s, "end": s + len(frag), "sentence_start": 0, "sentence_end": len(text)}}


CELLS = [_arm("MSC+HBOT", "intervention", 25), _arm("MSC alone", "intervention", 25),
         _arm("HBOT alone", "active_comparator", 25), _arm("usual care", "control", 25)]


def test_label_words_skip_stop_words_and_what_the_arm_lacks():
    assert label_words("BM-MNC without HBOT") == {"bmmnc", "bm", "mnc"}
    assert label_words("HBOT-alone arm") == {"hbotalone", "hbot"}
    assert label_words("usual care") == {"usual"} - {"usual"}


def test_factor_sets_are_words_of_exactly_half_of_the_arms():
    got = factor_sets([a["label"] for a in CELLS])
    assert got["msc"] == {"MSC+HBOT", "MSC alone"}
    assert got["hbot"] == {"MSC+HBOT", "HBOT alone"}
    # Three arms: no factorial halves.
    assert factor_sets(["A dose", "B dose", "placebo"]) == {}


def test_named_factor_by_word_or_by_the_cells_word():
    factors = factor_sets([a["label"] for a in CELLS])
    roles = {a["label"]: a["role"] for a in CELLS}
    assert named_factor("The main effect of HBOT was not significant", factors, roles) == {"MSC+HBOT", "HBOT alone"}
    assert named_factor("For the main effect of cell therapy, healing was", factors, roles) == {"MSC+HBOT", "MSC alone"}
    # Both factors named: no one comparison.
    assert named_factor("MSC and HBOT both improved healing", factors, roles) is None


def test_segments_cut_at_whereas_but_not_inside_brackets():
    text = "SVF helped (60% vs 40%; P = 0.01), whereas the main effect of PRP was not significant (55% vs 45%; P = 0.4)."
    parts = [text[a:b] for a, b in segments(text, 0, len(text))]
    assert len(parts) == 2 and "P = 0.01)" in parts[0] and parts[1].strip().startswith("the main effect of PRP")


@pytest.mark.parametrize("words, expect", [
    ([" ", " "], (True, False)),
    ([" without SVF to ", " with SVF "], (False, True)),
    ([" patients given BM-MNC and ", " patients not given BM-MNC "], (True, False)),
    ([" with ", " without PRP"], (True, False)),
    ([" without ", " without "], None),
])
def test_sides_by_own_words_else_written_order(words, expect):
    assert sides(words) == expect


def test_total_fits_a_pool_not_one_arm():
    sizes = {a["label"]: a["n_patients"] for a in CELLS}
    pool = ["MSC+HBOT", "MSC alone"]
    assert total_fits({"kind": "events", "total": 48}, pool, sizes)
    assert not total_fits({"kind": "events", "total": 24}, pool, sizes)   # one arm's analysed size
    assert not total_fits({"kind": "events", "total": 60}, pool, sizes)   # more than the pool
    assert total_fits({"kind": "percent", "total": None}, pool, sizes)


def _stage(text, frags, arms=CELLS, factorial=True, totals=None):
    arms = [dict(a) for a in arms]
    sts = [_st(text, f, total=(totals or {}).get(f)) for f in frags]
    flags = factor_side_stage(text, arms, sts, factorial)
    return arms, sts, flags


def test_main_effect_pair_goes_to_the_with_and_without_groupings():
    text = "For the MSC main effect, healing was 30/48 (62.5%) versus 18/48 (37.5%) (OR 2.8, 95% CI 1.2-6.4)."
    arms, sts, flags = _stage(text, ["30/48 (62.5%)", "18/48 (37.5%)"], totals={"30/48 (62.5%)": 48,
                                                                               "18/48 (37.5%)": 48})
    assert flags == ["factor_side_values"]
    by = {a["label"]: a for a in arms}
    first, second = by[sts[0]["arm"]], by[sts[1]["arm"]]
    assert first["members"] == ["MSC+HBOT", "MSC alone"] and first["members_n"] == 50
    assert second["members"] == ["HBOT alone", "usual care"] and second["role"] == "control"
    assert all("arm_by_factor_side" in st["flags"] for st in sts)
    # No pooled value lands on a member arm, and members carry no pooled size.
    assert all(st["arm"] not in {a["label"] for a in CELLS} for st in sts)
    assert all(by[m]["n_patients"] == 25 for m in ("MSC+HBOT", "usual care"))


def test_without_side_written_first():
    text = "Healing rose from 40% without HBOT to 58% with HBOT (P = 0.04)."
    arms, sts, _ = _stage(text, ["40%", "58%"])
    by = {a["label"]: a for a in arms}
    assert by[sts[0]["arm"]]["members"] == ["MSC alone", "usual care"]
    assert by[sts[1]["arm"]]["members"] == ["MSC+HBOT", "HBOT alone"]


@pytest.mark.parametrize("text, frags, factorial, totals", [
    # Not a factorial trial.
    ("For the MSC main effect, healing was 62% versus 38%.", ["62%", "38%"], False, None),
    # No factor named.
    ("Overall, healing was 62% versus 38% (P = 0.01).", ["62%", "38%"], True, None),
    # A total no bigger than one arm: a cell's count, not a side's.
    ("For the MSC main effect, healing was 20/25 versus 11/25.", ["20/25", "11/25"], True,
     {"20/25": 25, "11/25": 25}),
    # Three values in the comparison: no pair.
    ("For the MSC main effect, healing was 62% versus 38% versus 20%.", ["62%", "38%", "20%"], True, None),
])
def test_no_side_placement_without_its_shape(text, frags, factorial, totals):
    arms, sts, flags = _stage(text, frags, factorial=factorial, totals=totals)
    assert flags == [] and all(st["target"] == "unattributed" for st in sts) and len(arms) == len(CELLS)


def test_unflagged_values_stay():
    text = "For the MSC main effect, healing was 62% versus 38%."
    arms = [dict(a) for a in CELLS]
    sts = [_st(text, f, kind="percent", flags=()) for f in ("62%", "38%")]
    assert factor_side_stage(text, arms, sts, True) == [] and len(arms) == 4


DOSES = [_arm("low-dose group", "intervention", 20), _arm("high-dose group", "intervention", 20),
         _arm("placebo group", "control", 20)]
LABELS = sorted(a["label"] for a in DOSES)


@pytest.mark.parametrize("text, frag, others, expect", [
    ("Pooling both ABX-7 doses, healing was 48.0% versus 21.0% with placebo.", "48.0%", ["21.0%"], "treated"),
    ("Pooling the two cell groups, closure was 50% compared with 25%.", "50%", ["25%"], "treated"),
    ("Across all ABX-7 doses, closure was 44.4% compared with 22.2%.", "44.4%", ["22.2%"], "treated"),
    ("Injection-site reactions occurred in 4 ABX-7 recipients and none of the placebo patients.", "4", [], "treated"),
    # The placebo side of the pooled comparison keeps its arm.
    ("Pooling both ABX-7 doses, healing was 48.0% versus 21.0% with placebo.", "21.0%", ["48.0%"], None),
    # A lower-case word with a number is no product code.
    ("Pain fell in 4 week-2 recipients.", "4", [], None),
])
def test_pool_words_of_round_34(text, frag, others, expect):
    spans = [(text.index(o), text.index(o) + len(o)) for o in others]
    assert pool_of(text, _st(text, frag, kind="percent", flags=()), spans, LABELS) == expect


def test_pooled_value_goes_to_the_grouping_never_a_member():
    text = "Pooling both ABX-7 doses, healing was 48.0% versus 21.0% with placebo."
    arms = [dict(a) for a in DOSES]
    sts = [_st(text, "48.0%", kind="percent", flags=(), arm="high-dose group"),
           _st(text, "21.0%", kind="percent", flags=(), arm="placebo group")]
    pooled_side_stage(text, arms, sts)
    grouping = next(a for a in arms if a.get("members"))
    assert sts[0]["arm"] == grouping["label"] and set(grouping["members"]) == {"low-dose group", "high-dose group"}
    assert sts[1]["arm"] == "placebo group"


# Arm-pair means without "mean" (extract/bare_means.py).
from stemfoot.extract.bare_means import pair_means  # noqa: E402


def _free(a, b):
    return True


@pytest.mark.parametrize("text, expect", [
    ("The groups were similar in age (61.2 vs 63.0 years) and diabetes duration (12.4 vs 11.9 years).",
     ["61.2", "63.0", "12.4", "11.9"]),
    ("ABI at 12 weeks was 0.64 in the cell group vs 0.59 in the control group (NS).", ["0.64", "0.59"]),
    ("Age (58 vs 61 years; P = 0.30) did not differ.", ["58", "61"]),
    # Another summary word, a spread, a count or a percentage: not this reader's.
    ("Median age (58 vs 61 years).", []),
    ("Mean ABI was 0.64 in the cell group vs 0.59 in the control group.", []),
    ("Ulcers healed in 12 vs 8 patients.", []),
    ("HbA1c (7.9 vs 8.1%).", []),
    # A bare integer pair with no unit may be counts.
    ("TcPO2 (34 vs 30).", []),
    # No continuous measure's noun.
    ("Healing time (41.3 vs 55.8 days).", []),
])
def test_pair_means(text, expect):
    assert [raw for _, _, raw in pair_means(text, _free)] == expect


def test_pair_means_both_or_neither():
    text = "ABI at 12 weeks was 0.64 in the cell group vs 0.59 in the control group."
    taken = text.index("0.59")
    assert pair_means(text, lambda a, b: not a <= taken < b) == []

"""Round 34 mends of the pools and bare-means change (extract/factor_sides.py, extract/bare_means.py,
extract/patterns/pooled_sides.json): a factorial's sides read from "non-X" words, a factor side's total that fits
its pool no longer withheld alone, bare pairs of changes, gaps and outcome subgroups refused, and a product code's
"-treated patients" read as a pool. Plain text and dicts, no spaCy pipeline; sentences are invented."""
import pytest

from stemfoot.extract.bare_means import pair_means
from stemfoot.extract.factor_sides import factor_side_stage, sides
from stemfoot.extract.pooled_sides import pool_of


def _arm(label, role, n=None):
    return {"label": label, "role": role, "members": None, "n_patients": n}


def _st(text, frag, kind="events", total=None, flags=("pooled_side",)):
    s = text.index(frag)
    return {"kind": kind, "target": "unattributed", "arm": None, "arm_role": None, "total": total,
            "flags": list(flags),
            "evidence": {"start": s, "end": s + len(frag), "sentence_start": 0, "sentence_end": len(text)}}


FACTORIAL = [_arm("PRX plus laser", "intervention", 15), _arm("PRX alone", "intervention", 15),
             _arm("laser alone", "active_comparator", 15), _arm("sham", "control", 15)]
WITH_PRX = ["PRX plus laser", "PRX alone"]
WITHOUT_PRX = ["laser alone", "sham"]


def _stage(text, frags, totals, flags=("pooled_side",)):
    arms = [dict(a) for a in FACTORIAL]
    sts = [_st(text, f, total=totals.get(f), flags=flags) for f in frags]
    out = factor_side_stage(text, arms, sts, True)
    by = {a["label"]: a for a in arms}
    return out, sts, by


# Bug 3: "non-X" / "no-X" say the without-side; a side naming the factor with no direction is no written order.
@pytest.mark.parametrize("words, factor_words, expect", [
    ([" in the non-PRX arms versus ", " in the PRX arms."], frozenset({"prx"}), (False, True)),
    ([" in no-PRX patients and ", " otherwise "], frozenset({"prx"}), (False, True)),
    # "non-significant" is no side.
    ([" ", " (non-significant)"], frozenset({"prx"}), (True, False)),
    # The factor named without a direction: either side could be it.
    ([" in PRX-containing arms ", " elsewhere "], frozenset({"prx"}), None),
    # Neither side says nor names the factor: written order, as before.
    ([" (40.0%) ", " (23.3%)."], frozenset({"prx"}), (True, False)),
])
def test_sides_read_non_words_and_refuse_a_named_factor_without_direction(words, factor_words, expect):
    assert sides(words, factor_words) == expect


def test_non_factor_side_written_first_goes_to_the_without_grouping():
    text = ("For the PRX main effect, closure was 7/30 (23.3%) in the non-PRX arms versus 12/30 (40.0%) in the "
            "PRX arms.")
    out, sts, by = _stage(text, ["7/30 (23.3%)", "12/30 (40.0%)"], {"7/30 (23.3%)": 30, "12/30 (40.0%)": 30})
    assert out == ["factor_side_values"]
    assert by[sts[0]["arm"]]["members"] == WITHOUT_PRX
    assert by[sts[1]["arm"]]["members"] == WITH_PRX


# Bug 4: a side whose total fits its pool loses "total_exceeds_arm_size" (the gate would withhold it alone).
def test_side_whose_total_fits_its_pool_drops_the_arm_size_flag():
    text = "For the PRX main effect, closure was 12/30 (40.0%) versus 7/30 (23.3%)."
    frags = ["12/30 (40.0%)", "7/30 (23.3%)"]
    out, sts, by = _stage(text, frags, {f: 30 for f in frags},
                          flags=("arm_by_order", "total_exceeds_arm_size", "pooled_side"))
    assert out == ["factor_side_values"]
    assert all("total_exceeds_arm_size" not in st["flags"] for st in sts)
    assert by[sts[0]["arm"]]["members"] == WITH_PRX and by[sts[1]["arm"]]["members"] == WITHOUT_PRX


def test_side_whose_total_does_not_fit_keeps_its_flag():
    text = "For the PRX main effect, closure was 12/40 (30.0%) versus 7/30 (23.3%)."
    frags = ["12/40 (30.0%)", "7/30 (23.3%)"]
    out, sts, _ = _stage(text, frags, {"12/40 (30.0%)": 40, "7/30 (23.3%)": 30},
                         flags=("total_exceeds_arm_size", "pooled_side"))
    assert out == [] and all("total_exceeds_arm_size" in st["flags"] for st in sts)


# Bug 5: bare pairs of changes, gaps and differences, and of outcome subgroups, are no arm means.
def _free(a, b):
    return True


@pytest.mark.parametrize("text, expect", [
    ("The TcPO2 improvement (8.4 vs 2.1 mmHg) and the wound area reduction (3.3 vs 0.9 cm2) favoured PRX.", []),
    ("The BMI difference between groups (1.4 vs 0.2) was small.", []),
    ("The age gap across arms (3.1 vs 0.7 years) was trivial.", []),
    ("The reduction in HbA1c (0.9 vs 0.2) favoured PRX.", []),
    ("Ulcers that healed came from patients who healed faster and had higher TcPO2 (41.5 vs 29.8 mmHg).", []),
    ("Amputated limbs had lower TBI (0.22 vs 0.41).", []),
    ("Responders had a longer diabetes duration (14.2 vs 9.8 years).", []),
    ("Healers had a lower age (58.3 vs 66.1 years) than those who did not heal.", []),
    # Arm pairs stay.
    ("The arms were similar in age (64.2 vs 65.8 years) and BMI (27.1 vs 26.4).", ["64.2", "65.8", "27.1", "26.4"]),
])
def test_pair_means_refuse_changes_gaps_and_subgroups(text, expect):
    assert [raw for _, _, raw in pair_means(text, _free)] == expect


# Minor: a product code's "-treated patients" is the treated pool.
DOSES = [_arm("low-dose group", "intervention", 20), _arm("high-dose group", "intervention", 20),
         _arm("placebo group", "control", 20)]


def test_product_code_treated_patients_is_the_treated_pool():
    text = "Transient fever occurred in 5 QRX-4-treated patients."
    st = _st(text, "5", kind="events", flags=())
    assert pool_of(text, st, [], sorted(a["label"] for a in DOSES)) == "treated"

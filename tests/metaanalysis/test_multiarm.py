"""Multi-arm trials (metaanalysis/multiarm.py), Cochrane Handbook 23.3.4 and Table 6.5.a."""
from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from stemfoot.metaanalysis.errors import MetaAnalysisError
from stemfoot.metaanalysis.generic_iv import mixed_effects
from stemfoot.metaanalysis.multiarm import (
    BinaryArm, ContinuousArm, arms_to_rows, combine_binary, combine_continuous, combine_two, comparisons,
    plot_note, split_arm, split_count,
)


def test_table_6_5_a_worked_example():
    # N1 = 10, M1 = 5, SD1 = 2; N2 = 20, M2 = 8, SD2 = 3 (by hand):
    # N = 30; M = (50 + 160) / 30 = 7;
    # SD^2 = (9*4 + 19*9 + 10*20/30 * (25 + 64 - 80)) / 29 = (36 + 171 + 60) / 29 = 267 / 29 = 9.206897
    n, m, sd = combine_two(10, 5.0, 2.0, 20, 8.0, 3.0)
    assert n == 30
    assert m == pytest.approx(7.0, abs=1e-12)
    assert sd == pytest.approx(math.sqrt(267 / 29), abs=1e-12)
    assert sd == pytest.approx(3.034287, abs=1e-6)


def test_combining_equals_pooling_the_participants():
    """Table 6.5.a is exact: the mean/SD of the merged raw data, for 2 and 3 groups."""
    rng = np.random.default_rng(7)
    groups = [rng.normal(mu, s, n) for mu, s, n in ((10, 2, 13), (12, 3.5, 21), (7, 1, 8))]
    arms = [ContinuousArm(g.mean(), g.std(ddof=1), len(g), f"g{i}") for i, g in enumerate(groups)]
    for sub in (arms[:2], arms):
        merged = np.concatenate(groups[: len(sub)])
        c = combine_continuous(sub)
        assert c.n == len(merged)
        assert c.mean == pytest.approx(merged.mean(), rel=1e-12)
        assert c.sd == pytest.approx(merged.std(ddof=1), rel=1e-12)
    assert combine_continuous(arms).label == "g0 + g1 + g2"


def test_combine_binary_sums():
    c = combine_binary([BinaryArm(3, 20, "low dose"), BinaryArm(5, 22, "high dose")])
    assert (c.events, c.total, c.label) == (8, 42, "low dose + high dose")
    with pytest.raises(MetaAnalysisError, match="arm x: 5 events out of 4"):
        combine_binary([BinaryArm(5, 4, "x")])


@pytest.mark.parametrize("count, parts, want", [
    (51, 2, [26, 25]), (50, 2, [25, 25]), (7, 3, [3, 2, 2]), (0, 2, [0, 0]), (10, 4, [3, 3, 2, 2]),
])
def test_split_count_integer(count, parts, want):
    got = split_count(count, parts)
    assert got == want and sum(got) == count


def test_split_never_gives_more_events_than_total():
    for total in range(1, 40):
        for events in range(total + 1):
            for k in (2, 3, 4):
                if total < k:
                    continue
                for part in split_arm(BinaryArm(events, total), k):
                    assert 0 <= part.events <= part.total


def test_split_exact_and_continuous_keeps_mean_sd():
    assert split_count(51, 2, rounding="none") == [25.5, 25.5]
    parts = split_arm(ContinuousArm(4.0, 1.5, 31, "ctl"), 2)
    assert [(p.mean, p.sd, p.n) for p in parts] == [(4.0, 1.5, 16), (4.0, 1.5, 15)]
    with pytest.raises(MetaAnalysisError, match="cannot be split"):
        split_arm(BinaryArm(0, 1), 2)


def test_comparisons_combine_and_split():
    exp = [BinaryArm(10, 30, "BM-MNC"), BinaryArm(12, 29, "PB-MNC")]
    ctl = [BinaryArm(7, 31, "standard care")]
    (one,) = comparisons("Lu 2011", exp, ctl, "combine")
    assert (one.label, one.experimental.events, one.experimental.total) == ("Lu 2011", 22, 59)
    assert one.control == ctl[0] and one.how == "2 experimental arms combined"
    a, b = comparisons("Lu 2011", exp, ctl, "split")
    assert a.label == "Lu 2011 (BM-MNC)" and b.label == "Lu 2011 (PB-MNC)"
    assert (a.control.events, a.control.total, b.control.events, b.control.total) == (4, 16, 3, 15)
    assert a.experimental == exp[0] and a.how == "shared control split 1/2"
    with pytest.raises(MetaAnalysisError, match="needs at least one experimental and one control"):
        comparisons("X", exp, [], "combine")
    with pytest.raises(MetaAnalysisError, match="mode"):
        comparisons("X", exp, ctl, "merge")


def test_arms_table_round_trip_into_mixed_effects():
    arms = pd.DataFrame({
        "study": ["Lu 2011", "Lu 2011", "Lu 2011", "Kim 2015", "Kim 2015", "Kim 2015"],
        "arm": ["BM-MNC", "PB-MNC", "standard care", "ADSC", "placebo", "open-label extension"],
        "role": ["intervention", "intervention", "control", "intervention", "control", "single"],
        "events": [10, 12, 7, 8, 3, 2], "total": [30, 29, 31, 15, 15, 5],
    })
    comb = arms_to_rows(arms, "combine")
    assert list(comb["study"]) == ["Lu 2011", "Kim 2015"]
    assert list(comb["events_t"]) == [22, 8] and list(comb["total_t"]) == [59, 15]
    assert list(comb["arms_ignored"]) == ["", "open-label extension"]
    split = arms_to_rows(arms, "split")
    assert list(split["study"]) == ["Lu 2011 (BM-MNC)", "Lu 2011 (PB-MNC)", "Kim 2015"]
    assert int(split["total_c"].sum()) == 31 + 15  # the shared control counted once
    res = mixed_effects(split[["study", "events_t", "total_t", "events_c", "total_c"]], "RR")
    assert res.source == ["arm_binary"] * 3
    # the split comparison's RR uses half the control: 10/30 vs 4/16
    assert res.yi[0] == pytest.approx(math.log((10 / 30) / (4 / 16)))


def test_continuous_arms_table():
    arms = pd.DataFrame({"study": ["A"] * 3, "arm": ["e1", "e2", "c"], "role": ["intervention"] * 2 + ["control"],
                         "mean": [5.0, 8.0, 3.0], "sd": [2.0, 3.0, 2.5], "n": [10, 20, 25]})
    row = arms_to_rows(arms).iloc[0]
    assert (row["n_t"], row["mean_t"]) == (30, pytest.approx(7.0))
    assert row["sd_t"] == pytest.approx(math.sqrt(267 / 29))
    assert (row["mean_c"], row["sd_c"], row["n_c"]) == (3.0, 2.5, 25)
    with pytest.raises(MetaAnalysisError, match="study, arm, role"):
        arms_to_rows(arms.drop(columns="role"))


def test_plot_note_names_the_mode():
    assert "combined" in plot_note("combine") and "split" in plot_note("split")

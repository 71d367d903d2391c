"""Generic inverse variance (metaanalysis/generic_iv.py).

Hand computations follow the Cochrane Handbook 6.3 formulas (the literals
were worked out with a calculator to 5-6 significant digits, independently of
the code). The metafor check uses the reference data: ``rma(yi, sei=)`` is an
rma on yi and vi = sei^2, so dat.bcg / dat.normand1999 converted to
effect + 95% CI (or yi + sei) and back must pool to the reference values
within the tolerances of tests/test_meta_reference.py (closed-form rel 1e-10,
iterative rel 1e-6 against metafor's *_tight fits).
"""
from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from stemfoot.metaanalysis import rma_uni
from stemfoot.metaanalysis.effects import binary_effects, continuous_effects
from stemfoot.metaanalysis.errors import MetaAnalysisError
from stemfoot.metaanalysis.generic_iv import (
    exact_p, from_ci, from_p, from_se, from_var, handbook_df, mixed_effects, row_sources, to_ci,
)

REF = json.loads((Path(__file__).parent.parent / "data" / "metafor_reference.json").read_text())
CLOSED = ("DL", "HE", "SJ", "HS", "FE")
TIGHT = ("REML", "ML", "EB")


# ---- hand computations (Handbook 6.3) ------------------------------------------------------

def test_ratio_ci_to_log_se():
    # RR 0.75 (95% CI 0.70 to 0.80): SE = (ln 0.80 - ln 0.70) / 3.92 = 0.13353 / 3.91993 = 0.034065
    ge = from_ci("RR", 0.75, 0.70, 0.80)
    assert ge.yi == pytest.approx(-0.287682, abs=1e-6)
    assert ge.sei == pytest.approx(0.034065, abs=1e-6)
    assert from_ci("OR", 0.75, 0.70, 0.80).sei == ge.sei
    assert from_ci("HR", 0.75, 0.70, 0.80).sei == ge.sei


def test_other_levels_use_the_handbook_multipliers():
    # Handbook 6.3.1: 3.29 for 90% CIs, 5.15 for 99% CIs (instead of 3.92); the Handbook rounds them to
    # 3 significant digits, i.e. to within half a unit of the last digit (rel 1e-3 at most)
    assert from_ci("SMD", 0.5, 0.1, 0.9, level=90).sei == pytest.approx(0.8 / 3.29, rel=1e-3)
    assert from_ci("SMD", 0.5, 0.1, 0.9, level=99).sei == pytest.approx(0.8 / 5.15, rel=1e-3)
    assert from_ci("RD", -0.1, -0.2, 0.0).sei == pytest.approx(0.2 / 3.92, rel=1e-3)
    # the exact quantiles: 2 x 1.644854 and 2 x 2.575829
    assert from_ci("SMD", 0.5, 0.1, 0.9, level=90).sei == pytest.approx(0.8 / 3.289707, rel=1e-6)
    assert from_ci("SMD", 0.5, 0.1, 0.9, level=99).sei == pytest.approx(0.8 / 5.151659, rel=1e-6)


def test_mean_difference_small_trial_uses_t():
    # MD 3.8 (95% CI 1.2 to 6.4), 25 per group: t(0.975, 48) = 2.01063, SE = 5.2 / 4.02127 = 1.29312
    df = handbook_df("MD", 25, 25)
    assert df == 48
    assert from_ci("MD", 3.8, 1.2, 6.4, df=df).sei == pytest.approx(1.29312, abs=1e-5)
    # without group sizes, or with >= 60 per group, z: 5.2 / 3.91993 = 1.32655
    assert from_ci("MD", 3.8, 1.2, 6.4).sei == pytest.approx(1.32655, abs=1e-5)
    assert handbook_df("MD", 60, 80) is None
    assert handbook_df("MD", None, 30) is None
    assert handbook_df("SMD", 10, 10) is None  # the Handbook gives 3.92 for SMDs


def test_se_from_exact_p():
    # p = 0.008: z = 2.65207; MD 3.8 -> SE = 3.8 / 2.65207 = 1.43284
    assert from_p("MD", 3.8, 0.008).sei == pytest.approx(1.43284, abs=1e-5)
    assert from_p("MD", -3.8, "p = 0.008").sei == pytest.approx(1.43284, abs=1e-5)
    # ratio: on the log scale, |ln 0.5| / z(0.04) = 0.693147 / 2.05375 = 0.337500
    ge = from_p("OR", 0.5, "0.04")
    assert ge.yi == pytest.approx(math.log(0.5))
    assert ge.sei == pytest.approx(0.337500, abs=1e-5)


@pytest.mark.parametrize("bad", ["<0.05", "< .001", "NS", "p<0.05", ">0.1", "0", "1", 1.5, "0.05*"])
def test_inexact_p_refused(bad):
    with pytest.raises(MetaAnalysisError):
        exact_p(bad)


def test_null_effect_has_no_se_from_p():
    with pytest.raises(MetaAnalysisError, match="null effect"):
        from_p("RR", 1.0, 0.5)


@pytest.mark.parametrize("args, msg", [
    (("RR", 0.8, 0.0, 1.2), "> 0"),
    (("RR", -0.2, -0.5, 0.1), "> 0"),
    (("MD", 1.0, 2.0, 0.5), "exceed"),
    (("MD", 3.0, 0.5, 2.0), "outside"),
    (("XX", 1.0, 0.5, 2.0), "effect measure"),
])
def test_bad_ci_refused(args, msg):
    with pytest.raises(MetaAnalysisError, match=msg):
        from_ci(*args)


def test_passthrough_is_exact():
    assert from_var(0.3, 0.04).vi == 0.04
    assert from_se(0.3, 0.2).vi == 0.2**2
    with pytest.raises(MetaAnalysisError):
        from_var(0.3, 0.0)
    with pytest.raises(MetaAnalysisError):
        from_se(float("nan"), 0.1)


# ---- against metafor (reference data) -----------------------------------------------------

def bcg():
    d = REF["bcg"]["data"]
    a, b, c, dd = (np.array(d[k], float) for k in ("ai_tpos", "bi_tneg", "ci_cpos", "di_cneg"))
    return d, a, b, c, dd


def check_fit(res, ref: dict, rel: float) -> None:
    for ours, key in ((res.beta[0], "estimate"), (res.se[0], "se"), (res.ci_lb[0], "ci.lb"),
                      (res.ci_ub[0], "ci.ub"), (res.zval[0], "zval"), (res.QE, "QE"), (res.I2, "I2"),
                      (res.H2, "H2")):
        assert ours == pytest.approx(ref[key], rel=rel, abs=1e-12), key
    assert res.tau2 == pytest.approx(ref["tau2"], rel=rel, abs=1e-12)
    assert np.asarray(res.weights) == pytest.approx(np.asarray(ref["weights_pct"]), rel=rel)


@pytest.mark.parametrize("measure", ["RR", "OR"])
def test_bcg_through_reported_ci_matches_metafor(measure):
    d, a, b, c, dd = bcg()
    yi, vi = binary_effects(measure, a, b, c, dd)
    eff = [to_ci(measure, y, math.sqrt(v)) for y, v in zip(yi, vi)]
    df = pd.DataFrame({"study": d["author"], "effect": [e[0] for e in eff],
                       "ci_lower": [e[1] for e in eff], "ci_upper": [e[2] for e in eff]})
    mixed = mixed_effects(df, measure)
    assert mixed.source == ["reported_effect"] * len(yi)
    assert mixed.yi == pytest.approx(yi, rel=1e-12)
    assert mixed.vi == pytest.approx(vi, rel=1e-12)
    ref = REF["bcg"][measure]["rma"]
    for m in CLOSED:
        check_fit(rma_uni(mixed.yi, mixed.vi, method=m, measure=measure), ref[m], 1e-10)
    for m in TIGHT:
        check_fit(rma_uni(mixed.yi, mixed.vi, method=m, measure=measure), ref[f"{m}_tight"], 1e-6)


def test_bcg_mixed_rows_match_metafor():
    """Four rows each of arm counts, effect + CI, yi + sei, yi + vi: the RR analysis of metafor."""
    d, a, b, c, dd = bcg()
    yi, vi = binary_effects("RR", a, b, c, dd)
    rows = []
    for i in range(len(yi)):
        row = {"study": d["author"][i]}
        kind = i % 4
        if kind == 0:
            row.update(events_t=a[i], total_t=a[i] + b[i], events_c=c[i], total_c=c[i] + dd[i])
        elif kind == 1:
            row.update(zip(("effect", "ci_lower", "ci_upper"), to_ci("RR", yi[i], math.sqrt(vi[i]))))
        elif kind == 2:
            row.update(yi=yi[i], sei=math.sqrt(vi[i]))
        else:
            row.update(yi=yi[i], vi=vi[i])
        rows.append(row)
    mixed = mixed_effects(pd.DataFrame(rows), "RR")
    assert mixed.source[:4] == ["arm_binary", "reported_effect", "yi_vi", "yi_vi"]
    assert mixed.yi[::4] == pytest.approx(yi[::4], rel=1e-15)  # arm rows: escalc itself
    ref = REF["bcg"]["RR"]
    assert mixed.yi == pytest.approx(np.array(ref["escalc"]["yi"]), rel=1e-10)
    assert mixed.vi == pytest.approx(np.array(ref["escalc"]["vi"]), rel=1e-10)
    check_fit(rma_uni(mixed.yi, mixed.vi, method="DL", measure="RR"), ref["rma"]["DL"], 1e-10)
    check_fit(rma_uni(mixed.yi, mixed.vi, method="REML", measure="RR"), ref["rma"]["REML_tight"], 1e-6)
    knha = rma_uni(mixed.yi, mixed.vi, method="DL", test="knha", measure="RR")
    assert knha.se[0] == pytest.approx(ref["rma_knha"]["DL"]["se"], rel=1e-10)


def test_normand_md_through_ci_and_arms_match_metafor():
    d = REF["normand1999"]["data"]
    args = [np.array(d[k], float) for k in ("m1i", "sd1i", "n1i", "m2i", "sd2i", "n2i")]
    yi, vi = continuous_effects("MD", *args)
    rows = []
    for i in range(len(yi)):
        if i % 2:
            e, lo, hi = to_ci("MD", yi[i], math.sqrt(vi[i]))
            rows.append({"study": d["study"][i], "effect": e, "ci_lower": lo, "ci_upper": hi})
        else:
            rows.append({"study": d["study"][i], **dict(zip(("mean_t", "sd_t", "n_t", "mean_c", "sd_c", "n_c"),
                                                            (x[i] for x in args)))})
    mixed = mixed_effects(pd.DataFrame(rows), "MD")
    ref = REF["normand1999"]["MD"]
    assert mixed.vi == pytest.approx(np.array(ref["escalc"]["vi"]), rel=1e-10)
    check_fit(rma_uni(mixed.yi, mixed.vi, method="DL", measure="MD"), ref["rma"]["DL"], 1e-10)
    check_fit(rma_uni(mixed.yi, mixed.vi, method="REML", measure="MD"), ref["rma"]["REML_tight"], 1e-6)


def test_zero_cell_rows_get_escalc_correction():
    d = REF["zero_cells"]["data"]
    a, b, c, dd = (np.array(d[k], float) for k in ("ai", "bi", "ci", "di"))
    df = pd.DataFrame({"events_t": a, "total_t": a + b, "events_c": c, "total_c": c + dd})
    df.loc[len(df)] = {"events_t": None, "total_t": None, "events_c": None, "total_c": None}
    df["yi"], df["vi"] = None, None
    df.loc[len(df) - 1, ["yi", "vi"]] = [0.1, 0.2]
    mixed = mixed_effects(df, "OR")
    y, v = binary_effects("OR", a, b, c, dd)
    ok = np.isfinite(y)
    assert mixed.yi[:-1][ok] == pytest.approx(y[ok], rel=1e-15)
    assert mixed.vi[:-1][ok] == pytest.approx(v[ok], rel=1e-15)


# ---- refusals in mixed tables --------------------------------------------------------------

def test_row_filling_no_set_is_refused_by_name():
    df = pd.DataFrame({"study": ["A", "B"], "yi": [0.1, 0.2], "vi": [0.01, None]})
    with pytest.raises(MetaAnalysisError, match=r"^row 2 \(B\): fills no complete column set"):
        mixed_effects(df, "GEN")


def test_row_filling_two_sets_is_refused_by_name():
    df = pd.DataFrame({"study": ["A"], "yi": [0.1], "vi": [0.01], "effect": [1.2], "ci_lower": [1.0],
                       "ci_upper": [1.5]})
    with pytest.raises(MetaAnalysisError, match=r"row 1 \(A\): fills several column sets"):
        row_sources(df)
    df = pd.DataFrame({"study": ["A"], "yi": [0.1], "vi": [0.01], "sei": [0.1]})
    with pytest.raises(MetaAnalysisError, match="yi_vi twice"):
        row_sources(df)


def test_stray_value_from_another_set_is_refused():
    df = pd.DataFrame({"study": ["A"], "yi": [0.1], "vi": [0.01], "events_t": [3]})
    with pytest.raises(MetaAnalysisError, match=r"row 1 \(A\): is yi_vi but also fills events_t"):
        row_sources(df)
    # group sizes may accompany a reported MD: they switch to the t quantile
    df = pd.DataFrame({"study": ["A"], "effect": [3.8], "ci_lower": [1.2], "ci_upper": [6.4],
                       "n_t": [25], "n_c": [25]})
    assert mixed_effects(df, "MD").sei[0] == pytest.approx(1.29312, abs=1e-5)


def test_incompatible_measure_is_refused_by_name():
    df = pd.DataFrame({"study": ["A", "B"], "effect": [0.8, 0.7], "ci_lower": [0.6, 0.5],
                       "ci_upper": [1.1, 0.9], "effect_measure": ["RR", "HR"]})
    with pytest.raises(MetaAnalysisError, match=r"^row 2 \(B\): a reported HR cannot be pooled as RR$"):
        mixed_effects(df, "RR")
    with pytest.raises(MetaAnalysisError, match=r"row 2 \(B\): reported HR mixed with RR under measure GEN"):
        mixed_effects(df, "GEN")
    df["effect_measure"] = "HR"
    assert mixed_effects(df, "HR").yi == pytest.approx(np.log([0.8, 0.7]))
    arms = pd.DataFrame({"study": ["C"], "events_t": [1], "total_t": [10], "events_c": [2], "total_c": [10]})
    with pytest.raises(MetaAnalysisError, match=r"row 1 \(C\): arm binary data need measure RR, OR or RD, not MD"):
        mixed_effects(arms, "MD")


def test_gen_needs_effect_measure_and_p_values_must_be_exact():
    df = pd.DataFrame({"study": ["A"], "effect": [0.8], "ci_lower": [0.6], "ci_upper": [1.1]})
    with pytest.raises(MetaAnalysisError, match="needs an effect_measure"):
        mixed_effects(df, "GEN")
    df = pd.DataFrame({"study": ["A", "B"], "effect": [0.8, 0.6], "p_value": ["0.03", "<0.05"]})
    with pytest.raises(MetaAnalysisError, match=r"^row 2 \(B\): p-value '<0.05' is not exact"):
        mixed_effects(df, "RR")
    one = mixed_effects(df.iloc[:1], "RR")
    assert one.source == ["reported_effect"]
    assert one.sei[0] == pytest.approx(abs(math.log(0.8)) / 2.17009, rel=1e-5)  # z(0.03) = 2.17009


def test_estimate_column_name_of_frame_is_accepted():
    df = pd.DataFrame({"study": ["A"], "estimate": [0.8], "ci_lower": [0.6], "ci_upper": [1.1]})
    assert mixed_effects(df, "OR").yi[0] == pytest.approx(math.log(0.8))

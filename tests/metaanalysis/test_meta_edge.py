"""Edge cases: a documented result or a clear error, never a silent NaN."""
from __future__ import annotations

import json
import math
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from stemfoot.metaanalysis import (
    ConvergenceError, MetaAnalysisError, funnel_data, mantel_haenszel, meta_analysis, rma_uni,
)
from stemfoot.metaanalysis.effects import from_ci, hedges_j

YI = [-0.89, -1.59, -1.35, -1.44, -0.22, -0.79, -1.62, 0.01, -0.47, -1.37, -0.34, 0.45, -0.02]
VI = [0.33, 0.19, 0.42, 0.02, 0.05, 0.007, 0.22, 0.004, 0.056, 0.073, 0.012, 0.53, 0.071]


def no_nan(obj) -> bool:
    json.dumps(obj, allow_nan=False)  # raises on NaN/inf
    return True


def test_single_study_has_tau2_zero_and_no_heterogeneity():
    with pytest.warns(UserWarning, match="k=1: tau\\^2 cannot be estimated"):
        res = rma_uni([0.5], [0.04], method="REML")
    assert (res.tau2, res.QE, res.QEp, res.I2, res.H2) == (0.0, 0.0, 1.0, 0.0, 1.0)
    assert res.ci_lb[0] == pytest.approx(0.5 - stats.norm.isf(0.025) * 0.2, rel=1e-12)
    out = res.to_dict()
    assert out["tau2_ci_lower"] is None and no_nan(out)


def test_single_study_knha_is_an_error():
    with pytest.raises(MetaAnalysisError, match="knha needs k > p"):
        rma_uni([0.5], [0.04], test="knha")


def test_two_studies_knha_uses_t_with_one_df():
    res = rma_uni([0.1, 0.6], [0.04, 0.05], method="DL", test="knha")
    assert res.df_test == 1
    half = res.ci_ub[0] - res.estimate
    assert half == pytest.approx(stats.t.isf(0.025, 1) * res.se[0], rel=1e-12)
    assert no_nan(res.to_dict())


def test_non_positive_variance_names_the_study():
    with pytest.raises(MetaAnalysisError, match="zero or negative for: b, c"):
        rma_uni([0.1, 0.2, 0.3], [0.1, 0.0, -1.0], labels=["a", "b", "c"])


def test_zero_sd_in_both_arms():
    df = pd.DataFrame({"study": ["s1", "s2"], "mean_t": [5, 6], "sd_t": [0, 1], "n_t": [10, 10],
                       "mean_c": [4, 5], "sd_c": [0, 1], "n_c": [10, 10]})
    with pytest.raises(MetaAnalysisError, match="SD = 0 in both arms for: s1"):
        meta_analysis(df, "SMD")
    with pytest.raises(MetaAnalysisError, match="zero or negative for: s1"):
        meta_analysis(df, "MD")


def test_missing_values_are_skipped_with_a_warning_naming_them():
    df = pd.DataFrame({"study": ["a", "b", "c", "d"], "yi": [0.1, None, 0.3, 0.2],
                       "vi": [0.01, 0.02, 0.03, None]})
    with pytest.warns(UserWarning, match="skipped 2 row\\(s\\) with missing values: b, d"):
        res = meta_analysis(df, "GEN", "DL")
    assert res.k == 2 and res.labels == ["a", "c"]


def test_all_zero_events_keep_studies_with_correction_but_mh_refuses():
    df = pd.DataFrame({"study": ["a", "b", "c"], "events_t": [0, 0, 0], "total_t": [10, 20, 15],
                       "events_c": [0, 0, 0], "total_c": [12, 18, 15]})
    res = meta_analysis(df, "OR", "DL")
    # +1/2 in every cell: OR = (0.5 (n_c + 0.5)) / ((n_t + 0.5) 0.5)
    assert res.k == 3
    assert np.allclose(res.yi, np.log((df.total_c + 0.5) / (df.total_t + 0.5)), rtol=1e-14)
    with pytest.raises(MetaAnalysisError, match="MH odds ratio undefined"):
        meta_analysis(df, "OR", "MH")
    with pytest.warns(UserWarning, match="double-zero table dropped"), pytest.raises(MetaAnalysisError):
        meta_analysis(df, "OR", "DL", drop00=True)


def test_non_convergence_raises_unless_fallback_requested():
    with pytest.raises(ConvergenceError, match="did not converge in 1 iterations"):
        rma_uni(YI, VI, method="EB", maxiter=1)
    with pytest.warns(UserWarning, match="falling back to DL"):
        res = rma_uni(YI, VI, method="EB", maxiter=1, fallback="DL")
    assert res.method == "DL"
    assert res.tau2 == pytest.approx(rma_uni(YI, VI, method="DL").tau2, rel=1e-14)


def test_pm_with_exact_root_equals_eb():
    # PM and EB solve the same estimating equation Q(tau2) = k - p.
    pm = rma_uni(YI, VI, method="PM", pm_tol=1e-14)
    eb = rma_uni(YI, VI, method="EB")
    assert pm.tau2 == pytest.approx(eb.tau2, rel=1e-10)


def test_reml_boundary_is_exactly_zero():
    res = rma_uni([0.1, 0.12, 0.11, 0.09], [0.05, 0.04, 0.06, 0.05], method="REML")
    assert res.tau2 == 0.0
    assert res.confint().tau2 == (0.0, 0.0)


def test_fixed_effect_json_has_nulls_not_nans():
    out = rma_uni(YI, VI, method="FE", measure="RR").to_dict()
    assert out["tau2"] is None and out["pi_lower"] is None and out["exp"]["pi_upper"] is None
    assert out["exp"]["estimate"] == pytest.approx(math.exp(out["estimate"]))
    assert no_nan(out)


def test_from_ci_on_ratio_scale():
    yi, vi = from_ci(0.5, 0.25, 1.0, log=True)
    assert yi == pytest.approx(math.log(0.5))
    assert vi == pytest.approx((math.log(4) / (2 * stats.norm.isf(0.025))) ** 2)
    with pytest.raises(MetaAnalysisError):
        from_ci(0.5, 0.6, 0.4)


def test_ci_columns_become_yi_vi():
    df = pd.DataFrame({"study": ["a", "b", "c"], "estimate": [0.5, 0.8, 0.7],
                       "ci_lower": [0.25, 0.5, 0.4], "ci_upper": [1.0, 1.28, 1.225]})
    res = meta_analysis(df, "RR", "DL")
    yi, vi = from_ci(df["estimate"], df["ci_lower"], df["ci_upper"], log=True)
    assert np.allclose(res.yi, yi, rtol=1e-14) and np.allclose(res.vi, vi, rtol=1e-14)


def test_hedges_j_matches_the_gamma_definition():
    m = 18.0
    exact = math.gamma(m / 2) / (math.sqrt(m / 2) * math.gamma((m - 1) / 2))
    assert hedges_j(m) == pytest.approx(exact, rel=1e-13)


def test_binary_frame_matches_direct_escalc_path():
    df = pd.DataFrame({"study": ["a", "b", "c"], "events_t": [4, 6, 3], "total_t": [123, 306, 231],
                       "events_c": [11, 29, 11], "total_c": [139, 303, 220]})
    res = meta_analysis(df, "RR", "REML")
    a, n1, c, n2 = (df[k].to_numpy() for k in ("events_t", "total_t", "events_c", "total_c"))
    assert np.allclose(res.yi, np.log(a / n1) - np.log(c / n2), rtol=1e-14)


def test_mh_requires_counts():
    df = pd.DataFrame({"yi": YI, "vi": VI})
    with pytest.raises(MetaAnalysisError, match="MH needs the columns"):
        meta_analysis(df, "OR", "MH")
    with pytest.raises(MetaAnalysisError, match="Mantel-Haenszel pools"):
        mantel_haenszel([1], [10], [2], [10], measure="MD")


def test_funnel_data_pseudo_ci_and_contours():
    from stemfoot.metaanalysis import trimfill

    res = rma_uni(YI, VI, method="REML")
    fd = funnel_data(res)
    assert list(fd["points"]["sei"]) == pytest.approx(np.sqrt(VI))
    se_max = max(np.sqrt(VI))
    z95 = stats.norm.isf(0.025)
    assert fd["pseudo_ci"]["upper"][1] == pytest.approx((se_max, res.estimate + z95 * se_max))
    c99 = next(c for c in fd["contours"] if c["level"] == 99.0)
    assert c99["lower"][1] == pytest.approx((se_max, -stats.norm.isf(0.005) * se_max))
    bcg = json.loads((Path(__file__).parent.parent / "data" / "metafor_reference.json").read_text())["bcg"]["RR"]
    tf = trimfill(rma_uni(bcg["escalc"]["yi"], bcg["escalc"]["vi"], method="REML"))  # metafor: k0 = 1
    filled = funnel_data(tf)["points"]
    assert tf.k0 >= 1
    assert filled["filled"].sum() == tf.k0 and len(filled) == 13 + tf.k0


def test_unknown_options_are_errors():
    with pytest.raises(MetaAnalysisError, match="unknown method"):
        rma_uni(YI, VI, method="XYZ")
    with pytest.raises(MetaAnalysisError, match="unknown test"):
        rma_uni(YI, VI, test="t")


def test_large_k_reml_converges_without_warnings():
    rng = np.random.default_rng(7)
    k = 5000
    vi = rng.uniform(0.01, 0.2, k)
    yi = rng.normal(0.3, np.sqrt(vi + 0.05))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        res = rma_uni(yi, vi, method="REML")
    assert 0.03 < res.tau2 < 0.07


# Simulated data (benchmarks/bench_meta.py) on which metafor's Fisher scoring
# oscillates with growing amplitude around the REML optimum.
OSC_Y = [-0.2359, -0.592, -0.8571, 0.1319, 0.0547, -0.514, -0.3003, -0.0932, -0.0596, 0.1874, -0.2304,
         -0.3391, -0.4393, 0.1124, -0.3267, -0.2843, -1.0762, -0.1271, -0.6488, 0.1059, -0.34]
OSC_V = [0.0895, 0.0121, 0.1973, 0.2188, 0.2523, 0.0917, 0.0724, 0.1954, 0.2435, 0.2895, 0.0537,
         0.1498, 0.2695, 0.1326, 0.0171, 0.2053, 0.2765, 0.2498, 0.2668, 0.2015, 0.0812]


def test_reml_where_fisher_scoring_diverges():
    from scipy.optimize import minimize_scalar

    y, v = np.array(OSC_Y), np.array(OSC_V)

    def neg_reml(t):  # restricted log-likelihood, intercept-only, written out independently
        w = 1 / (v + t)
        mu = np.sum(w * y) / np.sum(w)
        return 0.5 * (np.sum(np.log(v + t)) + np.log(np.sum(w)) + np.sum(w * (y - mu) ** 2))

    best = minimize_scalar(neg_reml, bounds=(0, 1), method="bounded", options={"xatol": 1e-12}).x
    assert rma_uni(y, v, method="REML").tau2 == pytest.approx(best, rel=1e-6)
    with pytest.raises(ConvergenceError, match="Fisher scoring did not converge"):
        rma_uni(y, v, method="REML", threshold=1e-5, tau2_start="HE")


def test_leave1out_warm_start_matches_independent_fits():
    from stemfoot.metaanalysis import leave1out

    res = rma_uni(YI, VI, method="REML")
    loo = leave1out(res)
    for i in (0, 5, 12):
        keep = [j for j in range(len(YI)) if j != i]
        alone = rma_uni(np.array(YI)[keep], np.array(VI)[keep], method="REML")
        assert loo["tau2"].iloc[i] == pytest.approx(alone.tau2, rel=1e-9)
        assert loo["estimate"].iloc[i] == pytest.approx(alone.estimate, rel=1e-9)


def test_cumul_knha_first_step_is_flagged():
    from stemfoot.metaanalysis import cumul

    res = rma_uni(YI, VI, method="DL", test="knha")
    with pytest.warns(UserWarning, match="knha is undefined for one study; step 1 \\(1\\)"):
        table = cumul(res)
    assert table["estimate"].iloc[0] == YI[0] and np.isnan(table["se"].iloc[0])
    second = rma_uni(YI[:2], VI[:2], method="DL", test="knha")
    assert table["ci_ub"].iloc[1] == pytest.approx(second.ci_ub[0], rel=1e-12)

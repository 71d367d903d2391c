"""Mantel-Haenszel (OR, RR, RD) and Peto fixed-effect pooling (metafor's
``rma.mh`` and ``rma.peto``), implemented here; PyMARE has neither.

As metafor: the pooled estimate uses the raw counts (no continuity
correction; a double-zero table adds nothing to the OR/RR sums but does count
in the RD weights); Q, I^2 and H^2 use per-study yi/vi from ``escalc`` with
``add=0.5, to="only0", drop00=True`` (Peto: no correction), with df = (number of such yi) - 1.
MH OR variance: Robins-Breslow-Greenland; MH RR: Greenland-Robins; MH RD:
Sato, Greenland & Robins (1989). The Cochran-Mantel-Haenszel test has the 1/2
continuity correction (metafor's ``correct=TRUE``) and Tarone's test is Breslow-Day with Tarone's
correction, over the tables with informative counts.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from stemfoot.metaanalysis.distributions import chi2_sf, norm_crit, norm_pval
from stemfoot.metaanalysis.effects import binary_effects
from stemfoot.metaanalysis.errors import MetaAnalysisError
from stemfoot.metaanalysis.results import RATIO_MEASURES, format_pval, none_if_nan


@dataclass
class FixedCountsResult:
    """A Mantel-Haenszel or Peto fit (log scale for OR/RR/PETO)."""

    measure: str
    method: str
    k: int
    estimate: float
    se: float
    zval: float
    pval: float
    ci_lb: float
    ci_ub: float
    QE: float
    QE_df: int
    QEp: float
    I2: float
    H2: float
    yi: np.ndarray
    vi: np.ndarray
    weights: np.ndarray
    labels: list[str]
    CMH: float | None = None
    CMHp: float | None = None
    Tarone: float | None = None
    TAp: float | None = None
    level: float = 95.0
    test: str = "z"

    def to_df(self) -> pd.DataFrame:
        """One-row table (estimate, se, zval, pval, CI), exp() columns for OR/RR."""
        df = pd.DataFrame({"estimate": [self.estimate], "se": [self.se], "zval": [self.zval],
                           "pval": [self.pval], "ci_lb": [self.ci_lb], "ci_ub": [self.ci_ub]},
                          index=pd.Index([self.method], name="method"))
        if self.measure in RATIO_MEASURES:
            for col in ("estimate", "ci_lb", "ci_ub"):
                df[f"exp_{col}"] = np.exp(df[col])
        return df

    def to_dict(self) -> dict:
        """Same keys as :meth:`RmaResult.to_dict`; tau^2 and the PI are undefined (None)."""
        out = {
            "k": self.k, "measure": self.measure, "method": self.method, "test": "z",
            "estimate": self.estimate, "se": self.se, "ci_lower": self.ci_lb, "ci_upper": self.ci_ub,
            "pval": self.pval, "zval": self.zval, "df": None,
            "tau2": None, "tau": None, "se_tau2": None, "tau2_ci_lower": None, "tau2_ci_upper": None,
            "i2": none_if_nan(self.I2), "i2_ci_lower": None, "i2_ci_upper": None,
            "h2": none_if_nan(self.H2), "h2_ci_lower": None, "h2_ci_upper": None,
            "i2_q": none_if_nan(self.I2), "q": none_if_nan(self.QE), "q_df": self.QE_df,
            "q_pval": none_if_nan(self.QEp), "pi_lower": None, "pi_upper": None,
            "studies": [{"study": s, "yi": none_if_nan(y), "vi": none_if_nan(v), "weight": float(w)}
                        for s, y, v, w in zip(self.labels, self.yi, self.vi, self.weights)],
        }
        if self.measure in RATIO_MEASURES:
            out["exp"] = {"estimate": math.exp(self.estimate), "ci_lower": math.exp(self.ci_lb),
                          "ci_upper": math.exp(self.ci_ub), "pi_lower": None, "pi_upper": None}
        if self.CMH is not None:
            out.update(cmh=self.CMH, cmh_pval=self.CMHp, tarone=self.Tarone, tarone_pval=self.TAp)
        return out

    def summary(self) -> str:
        """Readable report in the layout of metafor's ``print.rma.mh``."""
        name = "Mantel-Haenszel" if self.method == "MH" else "Peto"
        lines = [f"Fixed-Effects Model (k = {self.k}); {name} method, measure {self.measure}", "",
                 f"I^2 (total heterogeneity / total variability):  {self.I2:.2f}%",
                 f"H^2 (total variability / sampling variability): {self.H2:.2f}", "",
                 f"Test for Heterogeneity:\nQ(df = {self.QE_df}) = {self.QE:.4f}, p-val = {format_pval(self.QEp)}", "",
                 "Model Results (log scale):" if self.measure in RATIO_MEASURES else "Model Results:", "",
                 f"estimate = {self.estimate:.4f}, se = {self.se:.4f}, zval = {self.zval:.4f}, "
                 f"pval = {self.pval:.4g}, ci = [{self.ci_lb:.4f}, {self.ci_ub:.4f}]"]
        if self.measure in RATIO_MEASURES:
            lines.append(f"exp: {math.exp(self.estimate):.4f} [{math.exp(self.ci_lb):.4f}, {math.exp(self.ci_ub):.4f}]")
        if self.CMH is not None:
            lines.append(f"Cochran-Mantel-Haenszel Test: CMH = {self.CMH:.4f}, df = 1, p-val = {self.CMHp:.4g}")
            if self.Tarone is not None:
                lines.append(f"Tarone's Test for Heterogeneity: X^2 = {self.Tarone:.4f}, "
                             f"df = {self.QE_df}, p-val = {self.TAp:.4g}")
        return "\n".join(lines) + "\n"


def _heterogeneity(measure, ai, bi, ci, di, estimate):
    # Peto's per-study log OR needs no correction (metafor applies none to it).
    to = "none" if measure == "PETO" else "only0"
    yi, vi = binary_effects(measure, ai, bi, ci, di, add=0.5, to=to, drop00=True)
    ok = np.isfinite(yi)
    df = int(ok.sum()) - 1
    qe = float(np.sum((yi[ok] - estimate) ** 2 / vi[ok])) if df > 0 else 0.0
    qep = float(chi2_sf(qe, df)) if df > 0 else 1.0
    i2 = max(0.0, 100.0 * (qe - df) / qe) if df > 0 and qe > 0 else 0.0
    h2 = qe / df if df > 0 else 1.0
    return yi, vi, qe, df, qep, i2, h2


def _tarone(ai, n1, n2, xt, n, psi, df):
    """Breslow-Day statistic with Tarone's correction at the MH odds ratio psi."""
    if psi == 1:
        e11 = n1 * xt / n
    else:
        A = psi * (n1 + xt) + (n2 - xt)
        B = np.sqrt(A**2 - 4 * n1 * xt * psi * (psi - 1))
        e11 = (A - B) / (2 * (psi - 1))
    e12, e21 = n1 - e11, xt - e11
    e22 = n2 - xt + e11
    with np.errstate(divide="ignore", invalid="ignore"):
        var = 1 / (1 / e11 + 1 / e12 + 1 / e21 + 1 / e22)
    ok = (xt > 0) & (xt < n) & np.isfinite(var) & (var > 0)
    ta = np.sum((ai[ok] - e11[ok]) ** 2 / var[ok]) - np.sum(ai[ok] - e11[ok]) ** 2 / np.sum(var[ok])
    return float(ta), float(chi2_sf(ta, df)) if df > 0 else None


def _counts(ai, n1, ci, n2):
    ai, n1, ci, n2 = (np.asarray(x, dtype=float) for x in (ai, n1, ci, n2))
    if np.any((ai < 0) | (ci < 0) | (ai > n1) | (ci > n2)):
        raise MetaAnalysisError("events must lie between 0 and the arm total")
    return ai, n1 - ai, ci, n2 - ci


def _finish(measure, method, est, se, yi, vi, qe, df, qep, i2, h2, weights, labels, level, **tests):
    z = est / se
    crit = norm_crit(level)
    w = np.asarray(weights, dtype=float)
    return FixedCountsResult(
        measure=measure, method=method, k=len(yi), estimate=float(est), se=float(se), zval=float(z),
        pval=float(norm_pval(z)), ci_lb=float(est - crit * se), ci_ub=float(est + crit * se),
        QE=qe, QE_df=df, QEp=qep, I2=i2, H2=h2, yi=yi, vi=vi, weights=100 * w / w.sum(),
        labels=labels, level=level, **tests,
    )


def mantel_haenszel(
    events_t, total_t, events_c, total_c, *, measure: str = "OR", level: float = 95.0,
    labels: list[str] | None = None,
) -> FixedCountsResult:
    """Mantel-Haenszel pooled OR, RR or RD from raw counts (``metafor::rma.mh``)."""
    measure = measure.upper()
    if measure not in ("OR", "RR", "RD"):
        raise MetaAnalysisError("Mantel-Haenszel pools OR, RR or RD")
    a, b, c, d = _counts(events_t, total_t, events_c, total_c)
    n1, n2 = a + b, c + d
    n = n1 + n2
    labels = labels or [str(i + 1) for i in range(len(a))]
    tests: dict = {}
    if measure == "OR":
        r_i, s_i = a * d / n, b * c / n
        R, S = r_i.sum(), s_i.sum()
        if R == 0 or S == 0:
            raise MetaAnalysisError("MH odds ratio undefined: no discordant information (sum ad/n or bc/n is 0)")
        psi = R / S
        est = math.log(psi)
        p_i, q_i = (a + d) / n, (b + c) / n
        var = (np.sum(p_i * r_i) / (2 * R**2) + np.sum(p_i * s_i + q_i * r_i) / (2 * R * S)
               + np.sum(q_i * s_i) / (2 * S**2))
        xt, yt = a + c, b + d
        cmh = float((abs(np.sum(a - n1 * xt / n)) - 0.5) ** 2 / np.sum(n1 * n2 * xt * yt / (n**2 * (n - 1))))
        tests = {"CMH": cmh, "CMHp": float(chi2_sf(cmh, 1))}
        weights = s_i
    elif measure == "RR":
        r_i, s_i = a * n2 / n, c * n1 / n
        R, S = r_i.sum(), s_i.sum()
        if R == 0 or S == 0:
            raise MetaAnalysisError("MH risk ratio undefined: no events in one arm of every study")
        est = math.log(R / S)
        var = np.sum(n1 * n2 * (a + c) / n**2 - a * c / n) / (R * S)
        weights = s_i
    else:
        W = np.sum(n1 * n2 / n)
        est = float(np.sum(a * n2 / n - c * n1 / n) / W)
        P = np.sum((n1**2 * c - n2**2 * a + n1 * n2 * (n2 - n1) / 2) / n**2)
        Q = np.sum((a * (n2 - c) + c * (n1 - a)) / (2 * n))
        var = (est * P + Q) / W**2
        weights = n1 * n2 / n
    yi, vi, qe, df, qep, i2, h2 = _heterogeneity(measure, a, b, c, d, est)
    if measure == "OR":
        tests["Tarone"], tests["TAp"] = _tarone(a, n1, n2, a + c, n, psi, df)
    return _finish(measure, "MH", est, math.sqrt(var), yi, vi, qe, df, qep, i2, h2, weights, labels, level, **tests)


def peto(
    events_t, total_t, events_c, total_c, *, level: float = 95.0, labels: list[str] | None = None
) -> FixedCountsResult:
    """Peto's one-step pooled log odds ratio (``metafor::rma.peto``)."""
    a, b, c, d = _counts(events_t, total_t, events_c, total_c)
    n1, n2 = a + b, c + d
    n = n1 + n2
    xt, yt = a + c, b + d
    with np.errstate(divide="ignore", invalid="ignore"):
        var_i = np.where(n > 1, xt * yt * (n1 / n) * (n2 / n) / (n - 1), 0.0)
    if var_i.sum() <= 0:
        raise MetaAnalysisError("Peto odds ratio undefined: no study has events and non-events")
    est = float(np.sum(a - xt * n1 / n) / var_i.sum())
    se = math.sqrt(1 / var_i.sum())
    yi, vi, qe, df, qep, i2, h2 = _heterogeneity("PETO", a, b, c, d, est)
    labels = labels or [str(i + 1) for i in range(len(a))]
    return _finish("OR", "PETO", est, se, yi, vi, qe, df, qep, i2, h2, var_i, labels, level)

"""Small-study / publication-bias tools (metafor's ``regtest``, ``trimfill`` and
the data behind ``funnel``), implemented here on top of :func:`rma_uni`.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from stemfoot.metaanalysis.distributions import norm_crit
from stemfoot.metaanalysis.errors import ConvergenceError, MetaAnalysisError
from stemfoot.metaanalysis.model import rma_uni
from stemfoot.metaanalysis.results import RmaResult


@dataclass(frozen=True)
class RegTestResult:
    """Egger-type regression test: z (or t) of the standard-error slope."""

    model: str
    zval: float
    pval: float
    dfs: int | None
    limit_estimate: float
    limit_ci_lb: float
    limit_ci_ub: float
    fit: RmaResult


def regtest(res: RmaResult, model: str = "rma") -> RegTestResult:
    """Egger's test as metafor's default ``regtest(res)`` (predictor: standard error).

    ``model="rma"``: the same model as ``res`` (method, test) with sqrt(vi) as a
    moderator. ``model="lm"``: classical Egger, a weighted regression of yi on
    sqrt(vi) with weights 1/vi and multiplicative dispersion, i.e. a fixed-effect
    fit with the Knapp-Hartung scale and t_{k-2}. ``limit_estimate`` is the
    intercept: the estimate as the standard error goes to 0.
    """
    if res.p != 1:
        raise MetaAnalysisError("regtest here is for models without moderators")
    if res.k < 3:
        raise MetaAnalysisError("Egger's test needs at least 3 studies")
    X = np.column_stack([np.ones(res.k), np.sqrt(res.vi)])
    if model == "rma":
        fit = rma_uni(res.yi, res.vi, X, method=res.method, test=res.test, level=res.level,
                      measure=res.measure, labels=res.labels, coef_names=["intrcpt", "sei"], **res.control)
    elif model == "lm":
        fit = rma_uni(res.yi, res.vi, X, method="FE", test="knha", level=res.level,
                      measure=res.measure, labels=res.labels, coef_names=["intrcpt", "sei"])
    else:
        raise MetaAnalysisError("model must be 'rma' or 'lm'")
    return RegTestResult(model, float(fit.zval[1]), float(fit.pval[1]), fit.df_test,
                         float(fit.beta[0]), float(fit.ci_lb[0]), float(fit.ci_ub[0]), fit)


@dataclass
class TrimFillResult:
    """Trim-and-fill: number and side of the imputed studies, and the refit."""

    k0: int
    side: str
    se_k0: float
    fit: RmaResult
    fill: np.ndarray  # True for imputed studies (appended after the observed ones)


def trimfill(res: RmaResult, side: str | None = None, estimator: str = "L0", maxiter: int = 100) -> TrimFillResult:
    """Duval & Tweedie's trim and fill, as metafor's ``trimfill`` (default L0).

    ``side=None`` picks the side like metafor: the missing studies are on the
    right if the slope of the standard error in an Egger-type fit (same method)
    is negative, else on the left.
    """
    if res.p != 1:
        raise MetaAnalysisError("trim-and-fill is for models without moderators")
    if estimator not in ("L0", "R0"):
        raise MetaAnalysisError("estimator must be 'L0' or 'R0'")
    if side is None:
        X = np.column_stack([np.ones(res.k), np.sqrt(res.vi)])
        slope = rma_uni(res.yi, res.vi, X, method=res.method, **res.control).beta[1]
        side = "right" if slope < 0 else "left"
    if side not in ("left", "right"):
        raise MetaAnalysisError("side must be 'left' or 'right'")
    sign = -1.0 if side == "right" else 1.0
    order = np.argsort(sign * res.yi, kind="stable")
    yi, vi = sign * res.yi[order], res.vi[order]
    k = res.k
    k0, k0_prev, se_k0, beta, iterations = 0, -1, 0.0, 0.0, 0
    while k0 != k0_prev:
        iterations += 1
        if iterations > maxiter:
            raise ConvergenceError(f"trim-and-fill did not converge in {maxiter} iterations")
        k0_prev = k0
        beta = rma_uni(yi[: k - k0], vi[: k - k0], method=res.method, **res.control).estimate
        centred = yi - beta
        ranks = stats.rankdata(np.abs(centred), method="ordinal")
        signed = np.sign(centred) * ranks
        if estimator == "L0":
            sr = signed[signed > 0].sum()
            k0_raw = (4 * sr - k * (k + 1)) / (2 * k - 1)
            var_sr = (k * (k + 1) * (2 * k + 1) + 10 * k0_raw**3 + 27 * k0_raw**2 + 17 * k0_raw
                      - 18 * k * k0_raw**2 - 18 * k * k0_raw + 6 * k**2 * k0_raw) / 24
            se_k0 = 4 * np.sqrt(var_sr) / (2 * k - 1) if var_sr > 0 else 0.0
        else:
            neg = -signed[signed < 0]
            k0_raw = (k - (neg.max() if neg.size else 0)) - 1
            se_k0 = np.sqrt(2 * max(0, k0_raw) + 2)
        k0 = max(0, int(np.round(k0_raw)))
        se_k0 = max(0.0, float(se_k0))
    if k0 == 0:
        return TrimFillResult(0, side, se_k0, res, np.zeros(res.k, dtype=bool))
    filled_y = sign * (2 * beta - yi[k - k0:])
    y_all = np.concatenate([res.yi, filled_y])
    v_all = np.concatenate([res.vi, vi[k - k0:]])
    labels = res.labels + [f"filled {j + 1}" for j in range(k0)]
    fit = rma_uni(y_all, v_all, method=res.method, test=res.test, level=res.level,
                  measure=res.measure, labels=labels, **res.control)
    return TrimFillResult(k0, side, se_k0, fit, np.r_[np.zeros(res.k, bool), np.ones(k0, bool)])


def _lines(centre: float, z: float, se_max: float) -> dict:
    return {"lower": [(0.0, centre), (se_max, centre - z * se_max)],
            "upper": [(0.0, centre), (se_max, centre + z * se_max)]}


def funnel_data(res: RmaResult | TrimFillResult, level: float = 95.0,
                contour_levels: tuple[float, ...] = (90.0, 95.0, 99.0)) -> dict:
    """What a funnel plot needs (metafor's ``funnel`` defaults: effect on x,
    standard error on y, reversed).

    - ``points``: study, yi, sei, vi, weight, filled (True for trim-and-fill
      imputations when given a :class:`TrimFillResult`);
    - ``estimate``: the reference line;
    - ``pseudo_ci``: estimate +/- z_level * se (straight lines from se = 0 to
      ``se_max``), metafor's pseudo-confidence region;
    - ``contours``: per level in ``contour_levels``, lines 0 +/- z * se, the
      significance contours of a contour-enhanced funnel plot (Peters et al. 2008).
    """
    fill = None
    if isinstance(res, TrimFillResult):
        res, fill = res.fit, res.fill
    if res.p != 1:
        raise MetaAnalysisError("funnel data are for models without moderators")
    sei = np.sqrt(res.vi)
    se_max = float(sei.max())
    points = pd.DataFrame({"study": res.labels, "yi": res.yi, "sei": sei, "vi": res.vi, "weight": res.weights,
                           "filled": fill if fill is not None else np.zeros(res.k, dtype=bool)})
    z = norm_crit(level)
    return {
        "points": points, "estimate": res.estimate, "se_max": se_max, "measure": res.measure,
        "pseudo_ci": {"level": level, "z": z, **_lines(res.estimate, z, se_max)},
        "contours": [{"level": lv, "z": norm_crit(lv), **_lines(0.0, norm_crit(lv), se_max)}
                     for lv in contour_levels],
    }

"""Effect sizes and sampling variances (metafor's ``escalc``), implemented here.

Binary arms: log risk ratio (RR), log odds ratio (OR), risk difference (RD),
Peto's log odds ratio (PETO). Continuous arms: mean difference (MD, vtype
"LS": heteroscedastic) and Hedges' g (SMD) with metafor's exact bias
correction J = exp(lgamma(m/2) - log(m/2)/2 - lgamma((m-1)/2)), m = n1+n2-2.
Reported estimate + CI: :func:`from_ci`.

Continuity correction, as metafor's defaults: ``add=0.5`` to every cell of a
study with a zero cell (``to="only0"``; also "all", "if0all", "none");
double-zero studies (no events, or all events, in both arms) are kept unless
``drop00=True`` (their yi/vi become NaN).
"""
from __future__ import annotations

import numpy as np
from scipy.special import gammaln

from stemfoot.metaanalysis.distributions import norm_crit
from stemfoot.metaanalysis.errors import MetaAnalysisError

BINARY_MEASURES = ("RR", "OR", "RD", "PETO")
CONTINUOUS_MEASURES = ("MD", "SMD")
TO_OPTIONS = ("only0", "all", "if0all", "none")


def _arr(x) -> np.ndarray:
    return np.asarray(x, dtype=float)


def double_zero(ai, bi, ci, di) -> np.ndarray:
    """Studies with no events, or only events, in both arms (metafor's ``drop00``)."""
    ai, bi, ci, di = map(_arr, (ai, bi, ci, di))
    return ((ai == 0) & (ci == 0)) | ((bi == 0) & (di == 0))


def continuity_corrected(ai, bi, ci, di, add: float = 0.5, to: str = "only0"):
    """The 2x2 cells after metafor's continuity correction."""
    if to not in TO_OPTIONS:
        raise MetaAnalysisError(f"to must be one of {', '.join(TO_OPTIONS)}")
    cells = [_arr(c).copy() for c in (ai, bi, ci, di)]
    zero = np.any([c == 0 for c in cells], axis=0)
    if to == "all":
        mask = np.ones_like(zero)
    elif to == "only0":
        mask = zero
    elif to == "if0all":
        mask = np.full_like(zero, zero.any())
    else:
        mask = np.zeros_like(zero)
    return tuple(c + add * mask for c in cells)


def binary_effects(
    measure: str, ai, bi, ci, di, *, add: float = 0.5, to: str = "only0", drop00: bool = False
) -> tuple[np.ndarray, np.ndarray]:
    """yi, vi for 2x2 tables: ai/bi events/non-events in treatment, ci/di in control."""
    measure = measure.upper()
    if measure not in BINARY_MEASURES:
        raise MetaAnalysisError(f"binary measure must be one of {', '.join(BINARY_MEASURES)}")
    cells = [_arr(c) for c in (ai, bi, ci, di)]
    if any(np.any(c < 0) for c in cells):
        raise MetaAnalysisError("cell counts must be non-negative (events <= total)")
    a, b, c, d = continuity_corrected(*cells, add=add, to=to)
    n1, n2 = a + b, c + d
    with np.errstate(divide="ignore", invalid="ignore"):
        if measure == "RR":
            yi = np.log(a / n1) - np.log(c / n2)
            vi = 1 / a - 1 / n1 + 1 / c - 1 / n2
        elif measure == "OR":
            yi = np.log(a * d / (b * c))
            vi = 1 / a + 1 / b + 1 / c + 1 / d
        elif measure == "RD":
            p1, p2 = a / n1, c / n2
            yi = p1 - p2
            vi = p1 * (1 - p1) / n1 + p2 * (1 - p2) / n2
        else:
            n = n1 + n2
            xt, yt = a + c, b + d
            e = xt * n1 / n
            var = xt * yt * (n1 / n) * (n2 / n) / (n - 1)
            yi = (a - e) / var
            vi = 1 / var
    if drop00:
        dz = double_zero(*cells)
        yi, vi = np.where(dz, np.nan, yi), np.where(dz, np.nan, vi)
    bad = ~np.isfinite(yi) | ~np.isfinite(vi)
    return np.where(bad, np.nan, yi), np.where(bad, np.nan, vi)


def hedges_j(m) -> np.ndarray:
    """metafor's exact small-sample correction J(m)."""
    m = _arr(m)
    return np.exp(gammaln(m / 2) - np.log(m / 2) / 2 - gammaln((m - 1) / 2))


def continuous_effects(
    measure: str, m1, sd1, n1, m2, sd2, n2, *, vtype: str = "LS"
) -> tuple[np.ndarray, np.ndarray]:
    """yi, vi for two arms given means, SDs and sizes (MD or SMD as Hedges' g)."""
    measure = measure.upper()
    m1, sd1, n1, m2, sd2, n2 = map(_arr, (m1, sd1, n1, m2, sd2, n2))
    if np.any(sd1 < 0) or np.any(sd2 < 0):
        raise MetaAnalysisError("standard deviations must be non-negative")
    if measure == "MD":
        return m1 - m2, sd1**2 / n1 + sd2**2 / n2
    if measure != "SMD":
        raise MetaAnalysisError(f"continuous measure must be one of {', '.join(CONTINUOUS_MEASURES)}")
    m = n1 + n2 - 2
    sdp = np.sqrt(((n1 - 1) * sd1**2 + (n2 - 1) * sd2**2) / m)
    with np.errstate(divide="ignore", invalid="ignore"):
        j = hedges_j(m)
        g = j * (m1 - m2) / sdp
        if vtype == "LS":
            vi = 1 / n1 + 1 / n2 + g**2 / (2 * (n1 + n2))
        elif vtype == "UB":
            vi = 1 / n1 + 1 / n2 + (1 - (m - 2) / (m * j**2)) * g**2
        else:
            raise MetaAnalysisError("vtype must be 'LS' or 'UB'")
    bad = ~np.isfinite(g) | ~np.isfinite(vi)
    return np.where(bad, np.nan, g), np.where(bad, np.nan, vi)


def from_ci(estimate, lower, upper, *, log: bool = False, level: float = 95.0) -> tuple[np.ndarray, np.ndarray]:
    """yi, vi from a reported estimate and its (symmetric, Wald) CI.

    ``log=True`` for ratio measures reported on the natural scale (RR 0.6
    [0.4, 0.9]): all three are log-transformed first. vi = (width / (2 z))^2.
    """
    est, lo, hi = map(_arr, (estimate, lower, upper))
    if log:
        if np.any((est <= 0) | (lo <= 0) | (hi <= 0)):
            raise MetaAnalysisError("ratio estimates and CI bounds must be > 0")
        est, lo, hi = np.log(est), np.log(lo), np.log(hi)
    if np.any(hi <= lo):
        raise MetaAnalysisError("CI upper bound must exceed the lower bound")
    z = norm_crit(level)
    return est, ((hi - lo) / (2 * z)) ** 2

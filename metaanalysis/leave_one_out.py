"""Vectorised intercept-only fits of many equal-size datasets at once (columns
of a (k, D) array, PyMARE's "parallel datasets" layout).

Used by leave-one-out: the k subsets of k-1 studies are the columns, so one
call replaces k refits. Columns are processed in blocks so memory stays
O(k * block), not O(k^2). Covers the estimators whose value does not depend on
the algorithm (closed forms; REML/ML/EB solved to the same 1e-12 as
:func:`estimate_tau2`); PM and metafor's verbatim iteration go through the
one-at-a-time path.
"""
from __future__ import annotations

import numpy as np

from stemfoot.metaanalysis.distributions import chi2_sf, norm_crit, norm_pval, t_crit, t_pval
from stemfoot.metaanalysis.errors import ConvergenceError
from stemfoot.metaanalysis.tau2 import SCAN_POINTS, SCAN_REACH, estimate_tau2

VECTORISED_METHODS = ("DL", "HE", "HS", "SJ", "FE", "REML", "ML", "EB")
_BLOCK_CELLS = 2_000_000  # float64 cells per (k, block) array: ~16 MB


def _hedges(Y: np.ndarray, V: np.ndarray) -> np.ndarray:
    """Hedges' estimate per column: (sum of squared deviations - tr(P V)) / (k - 1)."""
    k = Y.shape[0]
    return (((Y - Y.mean(axis=0)) ** 2).sum(axis=0) - V.sum(axis=0) * (k - 1) / k) / (k - 1)


def _score_step(method: str, Y: np.ndarray, V: np.ndarray, t: np.ndarray) -> np.ndarray:
    """Fisher-scoring step per column (sign of the score), intercept-only."""
    k = Y.shape[0]
    W = 1.0 / (V + t)
    sw = W.sum(axis=0)
    R = Y - (W * Y).sum(axis=0) / sw
    if method == "EB":
        return ((W * R**2).sum(axis=0) * k / (k - 1) - k) / sw
    sw2 = (W**2).sum(axis=0)
    wr2 = ((W * R) ** 2).sum(axis=0)
    if method == "ML":
        return (wr2 - sw) / sw2
    tr_p = sw - sw2 / sw
    tr_pp = sw2 - 2 * (W**3).sum(axis=0) / sw + (sw2 / sw) ** 2
    return (wr2 - tr_p) / tr_pp


def _score_roots(method, Y, V, start, threshold: float, maxiter: int) -> np.ndarray:
    """Root of the score per column by the Illinois (modified false position) method.

    The bracket [lo, hi] (score > 0 at lo, < 0 at hi) is grown from ``start``;
    iteration stops when it is narrower than ``threshold`` (as ``brentq``'s
    xtol in :func:`estimate_tau2`). Fisher scoring would be simpler but can
    crawl (contraction ~0.7 seen in the benchmark) or diverge.
    """
    t = np.maximum(start, 0.0)
    f = _score_step(method, Y, V, t)
    f_zero = _score_step(method, Y, V, np.zeros_like(t))
    at_zero = (f < 0) & ((t <= 0) | (f_zero <= 0))
    lo, f_lo = np.where(f < 0, 0.0, t), np.where(f < 0, f_zero, f)
    hi, f_hi = np.where(f < 0, t, np.inf), np.where(f < 0, f, -1.0)
    grow = np.maximum(2 * t, V.mean(axis=0))
    for _ in range(200):  # find a finite upper end where the score is negative
        open_ = np.isinf(hi) & ~at_zero
        if not open_.any():
            break
        idx = np.flatnonzero(open_)
        fg = _score_step(method, Y[:, idx], V[:, idx], grow[idx])
        neg, pos = idx[fg < 0], idx[fg >= 0]
        hi[neg], f_hi[neg] = grow[neg], fg[fg < 0]
        lo[pos], f_lo[pos] = grow[pos], fg[fg >= 0]
        grow[idx] *= 2
    else:
        raise ConvergenceError(f"{method}: the likelihood keeps increasing in tau^2 (no finite maximum)")
    root = np.where(at_zero, 0.0, np.where(f == 0, t, np.nan))
    side = np.zeros(len(t))  # +1: lo moved last, -1: hi moved last
    for _ in range(maxiter):
        act = np.flatnonzero(np.isnan(root))
        if act.size == 0:
            return root
        a, b, fa, fb = lo[act], hi[act], f_lo[act], f_hi[act]
        c = a - fa * (b - a) / (fb - fa)
        fc = _score_step(method, Y[:, act], V[:, act], c)
        up = fc > 0
        # Illinois: halve the stale end's value when the same end moves twice.
        f_hi[act] = np.where(up & (side[act] == 1), fb / 2, f_hi[act])
        f_lo[act] = np.where(~up & (side[act] == -1), fa / 2, f_lo[act])
        lo[act], f_lo[act] = np.where(up, c, a), np.where(up, fc, f_lo[act])
        hi[act], f_hi[act] = np.where(up, b, c), np.where(up, f_hi[act], fc)
        side[act] = np.where(up, 1, -1)
        finished = (fc == 0) | (hi[act] - lo[act] <= threshold + 4 * np.finfo(float).eps * hi[act])
        root[act[finished]] = c[finished]
    raise ConvergenceError(f"{method} did not converge in {maxiter} iterations")


def _likeliest(method: str, Y: np.ndarray, V: np.ndarray, tau2: np.ndarray, threshold: float,
               maxiter: int) -> np.ndarray:
    """Where a column's likelihood has more than one local maximum (the score changes sign + to - more
    than once on :func:`estimate_tau2`'s scan grid, the boundary counting as one), its root found from
    the start may not be the highest: such columns are refitted by that scan, one at a time."""
    grid = np.concatenate([[0.0], np.geomspace(V.min() / SCAN_REACH, V.max() * SCAN_REACH, SCAN_POINTS)])
    signs = np.stack([_score_step(method, Y, V, np.full(Y.shape[1], t)) > 0 for t in grid])
    maxima = (~signs[0]).astype(int) + (signs[:-1] & ~signs[1:]).sum(axis=0)
    X = np.ones((Y.shape[0], 1))
    for j in np.flatnonzero(maxima > 1):
        tau2[j] = estimate_tau2(Y[:, j], V[:, j], X, method, threshold=threshold, maxiter=maxiter).tau2
    return tau2


def _tau2(method, Y, V, start, threshold, maxiter) -> np.ndarray:
    k = Y.shape[0]
    if method == "FE":
        return np.zeros(Y.shape[1])
    if method == "DL":
        W = 1.0 / V
        sw = W.sum(axis=0)
        q = (W * (Y - (W * Y).sum(axis=0) / sw) ** 2).sum(axis=0)
        tau2 = (q - (k - 1)) / (sw - (W**2).sum(axis=0) / sw)
    elif method == "HE":
        tau2 = _hedges(Y, V)
    elif method == "HS":
        W = 1.0 / V
        R = Y - (W * Y).sum(axis=0) / W.sum(axis=0)
        tau2 = ((W * R**2).sum(axis=0) - k) / W.sum(axis=0)
    elif method == "SJ":
        tau0 = Y.var(axis=0)
        W = 1.0 / (V + tau0)
        R = Y - (W * Y).sum(axis=0) / W.sum(axis=0)
        tau2 = tau0 * (W * R**2).sum(axis=0) / (k - 1)
    else:
        if start is None:
            start = np.maximum(_hedges(Y, V), 0.0)
        tau2 = _score_roots(method, Y, V, np.broadcast_to(start, Y.shape[1]).astype(float), threshold, maxiter)
        if method != "EB":
            tau2 = _likeliest(method, Y, V, tau2, threshold, maxiter)
    return np.maximum(tau2, 0.0)


def fit_columns(
    Y: np.ndarray, V: np.ndarray, method: str, test: str = "z", level: float = 95.0, *,
    start: float | None = None, threshold: float = 1e-12, maxiter: int = 1000,
) -> dict[str, np.ndarray]:
    """Intercept-only ``rma_uni`` of every column: estimate, se, zval, pval, ci_lb,
    ci_ub, Q, Qp, tau2, I2, H2 (arrays of length D). Needs k >= 2 rows.

    ``start``: starting tau^2 for REML/ML/EB (default: Hedges' estimates, as :func:`estimate_tau2`).
    """
    k = Y.shape[0]
    tau2 = _tau2(method, Y, V, start, threshold, maxiter)
    W = 1.0 / (V + tau2)
    sw = W.sum(axis=0)
    est = (W * Y).sum(axis=0) / sw
    se = 1.0 / np.sqrt(sw)
    if test == "knha":
        se = se * np.sqrt((W * (Y - est) ** 2).sum(axis=0) / (k - 1))
        crit, pval = t_crit(level, k - 1), t_pval(est / se, k - 1)
    else:
        crit, pval = norm_crit(level), norm_pval(est / se)
    W0 = 1.0 / V
    sw0 = W0.sum(axis=0)
    q = (W0 * (Y - (W0 * Y).sum(axis=0) / sw0) ** 2).sum(axis=0)
    if method == "FE":
        i2 = np.where(q > 0, np.maximum(0.0, 100 * (q - (k - 1)) / np.where(q > 0, q, 1)), 0.0)
        h2 = q / (k - 1)
    else:
        s2 = (k - 1) * sw0 / (sw0**2 - (W0**2).sum(axis=0))
        i2, h2 = 100 * tau2 / (tau2 + s2), (tau2 + s2) / s2
    return {"estimate": est, "se": se, "zval": est / se, "pval": pval, "ci_lb": est - crit * se,
            "ci_ub": est + crit * se, "Q": q, "Qp": chi2_sf(q, k - 1),
            "tau2": tau2, "I2": i2, "H2": h2}


def leave_one_out(y: np.ndarray, v: np.ndarray, method: str, **options) -> dict[str, np.ndarray]:
    """:func:`fit_columns` of the k leave-one-out subsets, built and fitted in
    blocks of columns (memory O(k * block), not O(k^2))."""
    k = len(y)
    block = max(1, _BLOCK_CELLS // k)
    parts = []
    for first in range(0, k, block):
        omit = np.arange(first, min(k, first + block))
        rows = np.arange(k - 1)[:, None]
        idx = rows + (rows >= omit[None, :])  # row r of column i: study r, skipping study i
        parts.append(fit_columns(y[idx], v[idx], method, **options))
    return {key: np.concatenate([p[key] for p in parts]) for key in parts[0]}

"""Between-study variance (tau^2) estimators, as metafor's ``rma.uni`` defines them.

Where each estimator comes from:

- DL, HE: closed form, metafor's formulas (checked against PyMARE's
  ``DerSimonianLaird`` and ``Hedges`` in the tests).
- REML, ML: by default (``start="scan"``) the maximum of the (restricted)
  likelihood over tau^2 >= 0: the score is scanned on a grid, every local
  maximum (a + to - sign change) is solved exactly by Brent's method
  (|error| <= 1e-12 + 4 eps tau^2), and the highest likelihood is kept, the
  boundary tau^2 = 0 included. The likelihood can have more than one local
  maximum (15 of 6,000 simulated fits); a search from one starting value then
  finds whichever is nearest: from the Hedges estimate (metafor's start) or
  from PyMARE's estimate (``start="pymare"``, our former default, which also
  imports PyMARE and through it scipy.stats and sympy, ~1.6 s), each missed
  the higher maximum in some of them. EB (an estimating equation, not a
  likelihood) is solved from the Hedges estimate. PyMARE alone is not precise enough: it stops its bounded
  scalar search at ``xtol=1e-6`` of the scan bracket or when the profile
  likelihood is flat to ``ftol=1e-12``, leaving 5e-8 (REML) and 3e-7 (ML)
  from metafor's converged tau^2 on dat.bcg.
  Why not metafor's Fisher scoring for the root: its fixed point can be
  unstable -- on simulated data (benchmarks/bench_meta.py) the iteration
  oscillates with growing amplitude around the REML optimum and never
  converges (metafor stops with an error there); the score root is still
  well defined. ``start="HE"`` runs metafor's Fisher scoring verbatim instead.
- PM, SJ, HS, EB: implemented here (PyMARE has none of them). PM reproduces
  metafor's root search step for step (R's uniroot, tol ~1.2e-4; metafor's
  ``threshold`` does not reach it), so it matches metafor's printed PM value,
  which is up to ~1e-4 from the exact root; ``pm_tol`` gives the exact root.

Each estimator also returns metafor's standard error of tau^2 (``se.tau2``).
"""
from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
from scipy.optimize import brentq

from stemfoot.metaanalysis.errors import ConvergenceError, MetaAnalysisError
from stemfoot.metaanalysis.likelihood import log_likelihood
from stemfoot.metaanalysis.wls import WLSFit, wls
from stemfoot.metaanalysis.zeroin import R_UNIROOT_TOL, uniroot


@dataclass(frozen=True)
class Tau2Estimate:
    """A tau^2 estimate with metafor's standard error and iteration count."""

    tau2: float
    se: float
    iterations: int = 0


#: Starting points of the REML/ML/EB root search (besides a number).
STARTS = ("scan", "HE", "pymare")
#: The scan's grid: 0, then geometric from min(v) / 1e3 to max(v) * 1e3 (extended while the score is positive).
SCAN_POINTS, SCAN_REACH = 100, 1e3


def _pymare_likelihood(method: str, y: np.ndarray, v: np.ndarray, X: np.ndarray) -> float:
    from pymare.estimators import VarianceBasedLikelihoodEstimator  # slow import: only when asked for

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        est = VarianceBasedLikelihoodEstimator(method, small_sample_correction="wald").fit(y[:, None], v[:, None], X)
    return float(np.ravel(est.params_["tau2"])[0])


def _moment_se(fit: WLSFit, v: np.ndarray, tau2: float, scale: float) -> float:
    """SE of a quadratic-form estimator tau2 = (y'Py - c)/scale.

    Var(y'Py) = 2 tr(P S P S) with S = V + tau2 I, the formula metafor uses for
    DL, HE, HS and SJ (with tau2 truncated at 0 inside it).
    """
    t = max(tau2, 0.0)
    var = 2.0 * fit.tr_PDPE(v, v) + 4.0 * t * fit.tr_PDPE(v, 1.0) + 2.0 * t * t * fit.tr_PDPE()
    return float(np.sqrt(var) / scale)


def _dl(y, v, X) -> Tau2Estimate:
    """DerSimonian-Laird: (Q - (k - p)) / tr(P), P with weights 1/v."""
    k, p = X.shape
    fit = wls(y, 1.0 / v, X)
    tau2 = (fit.rss - (k - p)) / fit.tr_PD()
    return Tau2Estimate(tau2, _moment_se(fit, v, tau2, fit.tr_PD()))


def _he(y, v, X) -> Tau2Estimate:
    """Hedges (unweighted moments): (RSS - tr(P V)) / (k - p), P of ordinary least squares."""
    k, p = X.shape
    fit = wls(y, np.ones(k), X)
    tau2 = (fit.rss - fit.tr_PD(v)) / (k - p)
    return Tau2Estimate(tau2, _moment_se(fit, v, tau2, k - p))


def _hs(y, v, X) -> Tau2Estimate:
    fit = wls(y, 1.0 / v, X)
    k = len(y)
    sw = float(np.sum(fit.w))
    tau2 = (fit.rss - k) / sw
    return Tau2Estimate(tau2, _moment_se(fit, v, tau2, sw))


def _sj(y, v, X) -> Tau2Estimate:
    k, p = X.shape
    # Sidik & Jonkman (2005) start from the crude variance of the effects (divisor k).
    tau0 = float(np.var(y))
    if tau0 <= 0:
        raise MetaAnalysisError("SJ estimator is undefined when all effect sizes are equal.")
    fit = wls(y, 1.0 / (v + tau0), X)
    tau2 = tau0 * fit.rss / (k - p)
    return Tau2Estimate(tau2, _moment_se(fit, v, tau2, (k - p) / tau0))


def _generalised_q(y, v, X, tau2: float) -> float:
    return wls(y, 1.0 / (v + tau2), X).rss


def _upper_bracket(f, start: float) -> float:
    """Smallest tau2 = start * 10^j with f(tau2) < 0 (f decreasing)."""
    hi = start
    for _ in range(60):
        if f(hi) <= 0:
            return hi
        hi *= 10.0
    raise ConvergenceError("could not bracket the root for tau^2 (estimate beyond 1e60?)")


def _pm(y, v, X, tol: float) -> Tau2Estimate:
    """Paule-Mandel: the tau2 at which the generalised Q equals k - p.

    Solved like metafor: R's uniroot on [0, 100] with tolerance ``tol``. Where
    metafor stops ("tau2.max too low") we widen the bracket tenfold instead.
    """
    k, p = X.shape
    f = lambda t: _generalised_q(y, v, X, t) - (k - p)  # noqa: E731
    if f(0.0) < 0:
        tau2 = 0.0
    else:
        tau2 = uniroot(f, 0.0, _upper_bracket(f, 100.0), tol=tol)
    return Tau2Estimate(tau2, _pm_se(y, v, X, tau2))


def _pm_se(y, v, X, tau2: float) -> float:
    # metafor's se.tau2 for PM/EB: inverse of the expected information of the
    # estimating equation Q(tau2) = k - p, i.e. sqrt(2 k^2/(k-p)) / sum(w).
    k, p = X.shape
    w = 1.0 / (v + tau2)
    return float(np.sqrt(2.0 * k * k / (k - p)) / np.sum(w))


def _fisher_step(method: str, y, v, X, tau2: float) -> tuple[float, WLSFit]:
    k, p = X.shape
    fit = wls(y, 1.0 / (v + tau2), X)
    wr2 = float(np.sum((fit.w * fit.resid) ** 2))  # y'PPy
    if method == "ML":
        adj = (wr2 - np.sum(fit.w)) / np.sum(fit.w**2)
    elif method == "REML":
        adj = (wr2 - fit.tr_PD()) / fit.tr_PDPE()
    else:  # EB
        adj = (fit.rss * k / (k - p) - k) / np.sum(fit.w)
    return float(adj), fit


def _fisher_scoring(method: str, y, v, X, start: float, threshold: float, maxiter: int) -> tuple[float, int]:
    """metafor's Fisher-scoring iteration, verbatim (step halving at the tau2 >= 0 bound)."""
    tau2 = max(start, 0.0)
    for it in range(1, maxiter + 1):
        adj, _ = _fisher_step(method, y, v, X, tau2)
        while tau2 + adj < 0:
            adj /= 2.0
        tau2 += adj
        if abs(adj) <= threshold:
            return tau2, it
    raise ConvergenceError(
        f"{method} Fisher scoring did not converge in {maxiter} iterations "
        f"(last tau^2 = {tau2:.6g}); pass fallback='DL' to fall back explicitly"
    )


def _score_root(method: str, y, v, X, start: float, threshold: float, maxiter: int) -> tuple[float, int]:
    """Solve the estimating equation (score = 0) by Brent's method, bracketed from ``start``.

    The Fisher-scoring step has the sign of the score (the information is
    positive), so it serves as the root function. At the boundary the
    Kuhn-Tucker condition applies: if the step at 0 is not positive, tau2 = 0.
    """
    def step(t: float) -> float:
        return _fisher_step(method, y, v, X, t)[0]

    f0 = step(start)
    if f0 == 0:
        return start, 1
    if f0 < 0:
        if start <= 0 or step(0.0) <= 0:
            return 0.0, 2
        lo, hi = 0.0, start
    else:
        lo, hi = start, max(2.0 * start, float(np.mean(v)))
        for _ in range(200):
            if step(hi) < 0:
                break
            lo, hi = hi, 2.0 * hi
        else:
            raise ConvergenceError(f"{method}: the likelihood keeps increasing in tau^2 (no finite maximum)")
    return _brent(step, lo, hi, method, threshold, maxiter)


def _brent(step, lo: float, hi: float, method: str, threshold: float, maxiter: int) -> tuple[float, int]:
    try:
        root, info = brentq(step, lo, hi, xtol=threshold, rtol=4 * np.finfo(float).eps,
                            maxiter=maxiter, full_output=True, disp=True)
    except RuntimeError as err:
        raise ConvergenceError(
            f"{method} did not converge in {maxiter} iterations ({err}); "
            "pass fallback='DL' to fall back explicitly"
        ) from err
    return float(root), int(info.iterations)


def _likeliest_root(method: str, y, v, X, threshold: float, maxiter: int) -> tuple[float, int]:
    """The tau^2 >= 0 of highest (restricted) likelihood among the score's local maxima and the boundary."""
    def step(t: float) -> float:
        return _fisher_step(method, y, v, X, t)[0]

    grid = [0.0, *np.geomspace(float(np.min(v)) / SCAN_REACH, float(np.max(v)) * SCAN_REACH, SCAN_POINTS)]
    f = [step(t) for t in grid]
    for _ in range(200):
        if f[-1] <= 0:
            break
        grid.append(2.0 * grid[-1])
        f.append(step(grid[-1]))
    else:
        raise ConvergenceError(f"{method}: the likelihood keeps increasing in tau^2 (no finite maximum)")
    found = [(0.0, 0)] if f[0] <= 0 else []
    for lo, hi, f_lo, f_hi in zip(grid, grid[1:], f, f[1:]):
        if f_lo > 0 >= f_hi:
            found.append((hi, 0) if f_hi == 0 else _brent(step, lo, hi, method, threshold, maxiter))
    reml = method == "REML"
    return max(found, key=lambda r: log_likelihood(wls(y, 1.0 / (v + r[0]), X), v, r[0], reml))


def _likelihood(method: str, y, v, X, threshold: float, maxiter: int, start: str | float) -> Tau2Estimate:
    if start not in STARTS and (isinstance(start, bool) or not isinstance(start, (int, float))):
        raise MetaAnalysisError("start must be 'scan', 'HE', 'pymare' or a starting value")
    if start == "scan" and method != "EB":
        tau2, iters = _likeliest_root(method, y, v, X, threshold, maxiter)
    elif start == "HE":
        tau2, iters = _fisher_scoring(method, y, v, X, _he(y, v, X).tau2, threshold, maxiter)
    else:
        if isinstance(start, (int, float)):
            init = float(start)
        elif start == "pymare" and method != "EB":
            init = _pymare_likelihood(method, y, v, X)
        else:
            init = _he(y, v, X).tau2
        tau2, iters = _score_root(method, y, v, X, max(0.0, init), threshold, maxiter)
    fit = wls(y, 1.0 / (v + tau2), X)
    if method == "ML":
        se = np.sqrt(2.0 / np.sum(fit.w**2))
    elif method == "REML":
        se = np.sqrt(2.0 / fit.tr_PDPE())
    else:
        se = _pm_se(y, v, X, tau2)
    return Tau2Estimate(tau2, float(se), iters)


def estimate_tau2(
    y: np.ndarray,
    v: np.ndarray,
    X: np.ndarray,
    method: str,
    *,
    pm_tol: float = R_UNIROOT_TOL,
    threshold: float = 1e-12,
    maxiter: int = 1000,
    start: str | float = "scan",
) -> Tau2Estimate:
    """Estimate tau^2 by ``method`` (one of options.RANDOM_METHODS), truncated at 0 as metafor does.

    REML, ML: by default (``start="scan"``) the highest of the likelihood's
    local maxima over tau2 >= 0 (see the module notes), each solved to
    ``threshold`` (absolute, on tau^2) in at most ``maxiter`` Brent steps, with
    tau2 = 0 returned exactly at the boundary. EB, a number as ``start``, or
    ``"pymare"``: the score root bracketed from the Hedges estimate, that
    number, or PyMARE's likelihood estimate.
    ``start="HE"`` is metafor's Fisher scoring verbatim
    (Hedges start, plain step halving, stop when |step| <= threshold), which
    with ``threshold=1e-5`` reproduces metafor's default output.
    ``pm_tol``: Paule-Mandel root tolerance (default metafor's uniroot default).
    Non-convergence raises :class:`ConvergenceError`.
    """
    k, p = X.shape
    if k - p < 1:
        raise MetaAnalysisError(f"cannot estimate tau^2 with k={k} studies and {p} coefficient(s)")
    if method in ("REML", "ML", "EB"):
        est = _likelihood(method, y, v, X, threshold, maxiter, start)
    elif method == "PM":
        est = _pm(y, v, X, pm_tol)
    else:
        est = {"DL": _dl, "HE": _he, "HS": _hs, "SJ": _sj}[method](y, v, X)
    return Tau2Estimate(max(0.0, est.tau2), est.se, est.iterations)

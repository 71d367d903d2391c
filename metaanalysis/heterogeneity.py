"""Confidence intervals for tau^2, I^2 and H^2 (metafor's ``confint.rma.uni``).

Implemented here (PyMARE has neither):

- Q-profile (metafor's default, ``type="QP"``): the tau^2 values at which the
  generalised Q statistic equals the chi^2_{k-p} quantiles. By default the roots
  are solved to 1e-12 and the bracket is widened until it holds the root, so an
  upper bound is never truncated. ``tol=R_UNIROOT_TOL`` with
  ``tau2_max=max(100, 10 * tau2)`` reproduces metafor's printed defaults
  (R's uniroot at tol ~1.2e-4, bound truncated at tau2.max) step for step.
- Profile likelihood (``type="PL"``) for ML and REML fits.

I^2 and H^2 bounds are the tau^2 bounds mapped through metafor's definitions
I^2 = 100 tau^2/(tau^2 + s^2), H^2 = (tau^2 + s^2)/s^2.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from stemfoot.metaanalysis.distributions import chi2_isf
from stemfoot.metaanalysis.errors import MetaAnalysisError
from stemfoot.metaanalysis.likelihood import log_likelihood
from stemfoot.metaanalysis.wls import wls
from stemfoot.metaanalysis.zeroin import uniroot

TIGHT_TOL = 1e-12


@dataclass(frozen=True)
class HeterogeneityCI:
    """Bounds for tau^2 and the quantities derived from it."""

    tau2: tuple[float, float]
    s2: float
    ub_truncated: bool = False

    @property
    def tau(self) -> tuple[float, float]:
        return (float(np.sqrt(self.tau2[0])), float(np.sqrt(self.tau2[1])))

    @property
    def I2(self) -> tuple[float, float]:
        return tuple(100.0 * t / (t + self.s2) for t in self.tau2)

    @property
    def H2(self) -> tuple[float, float]:
        return tuple((t + self.s2) / self.s2 for t in self.tau2)


def _root_above(f, lo: float, hi: float, tol: float, expand: bool) -> tuple[float, bool]:
    """Root of decreasing-then-negative f on [lo, hi]; widen hi if asked, else truncate."""
    if f(hi) > 0:
        if not expand:
            return hi, True
        for _ in range(60):
            hi *= 10.0
            if f(hi) <= 0:
                break
        else:
            raise MetaAnalysisError("confidence bound for tau^2 beyond 1e60: data carry no information")
    return uniroot(f, lo, hi, tol=tol), False


def qprofile_ci(
    yi: np.ndarray,
    vi: np.ndarray,
    X: np.ndarray,
    tau2_hat: float,
    level: float = 95.0,
    *,
    tol: float = TIGHT_TOL,
    tau2_max: float | None = None,
) -> HeterogeneityCI:
    """Q-profile CI for tau^2 (Viechtbauer 2007); ``tau2_max=None`` widens as needed."""
    y, v = np.asarray(yi, float), np.asarray(vi, float)
    k, p = X.shape
    if k - p < 1:
        raise MetaAnalysisError(f"Q-profile CI needs k > p (k={k}, p={p})")
    alpha = 1 - level / 100
    crit_u = chi2_isf(alpha / 2, k - p)
    crit_l = chi2_isf(1 - alpha / 2, k - p)

    def q_minus(t: float, crit: float) -> float:
        return wls(y, 1.0 / (v + t), X).rss - crit

    hi = max(100.0, 10.0 * tau2_hat) if tau2_max is None else tau2_max
    expand = tau2_max is None
    q0 = q_minus(0.0, 0.0)
    if q0 < crit_u:
        lb = 0.0
    else:
        lb, _ = _root_above(lambda t: q_minus(t, crit_u), 0.0, hi, tol, expand)
    truncated = False
    if q0 < crit_l:
        ub = 0.0
    else:
        ub, truncated = _root_above(lambda t: q_minus(t, crit_l), 0.0, hi, tol, expand)
    s2 = (k - p) / wls(y, 1.0 / v, X).tr_PD()
    return HeterogeneityCI((float(lb), float(ub)), float(s2), truncated)


def profile_likelihood_ci(
    yi: np.ndarray,
    vi: np.ndarray,
    X: np.ndarray,
    tau2_hat: float,
    method: str,
    level: float = 95.0,
    *,
    tol: float = TIGHT_TOL,
) -> HeterogeneityCI:
    """Profile (restricted) likelihood CI for tau^2 of an ML or REML fit."""
    if method not in ("ML", "REML"):
        raise MetaAnalysisError("profile-likelihood CIs need an ML or REML fit")
    y, v = np.asarray(yi, float), np.asarray(vi, float)
    k, p = X.shape
    reml = method == "REML"

    def ll(t: float) -> float:
        return log_likelihood(wls(y, 1.0 / (v + t), X), v, t, reml)

    crit = chi2_isf(1 - level / 100, 1)
    ll_max = ll(tau2_hat)

    def f(t: float) -> float:
        return 2.0 * (ll_max - ll(t)) - crit

    lb = 0.0 if tau2_hat <= 0 or f(0.0) <= 0 else uniroot(f, 0.0, tau2_hat, tol=tol)
    ub, _ = _root_above(lambda t: -f(t), tau2_hat, max(100.0, 10.0 * tau2_hat), tol, True)
    s2 = (k - p) / wls(y, 1.0 / v, X).tr_PD()
    return HeterogeneityCI((float(lb), float(ub)), float(s2))

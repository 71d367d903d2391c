"""R's ``uniroot`` (Brent's zeroin, R_zeroin2 in src/library/stats/src/zeroin.c).

metafor's Paule-Mandel estimator and its Q-profile confidence intervals call
``uniroot`` with the loose default tolerance ``.Machine$double.eps^0.25``
(about 1.2e-4), so their printed values sit up to that far from the exact
root. Reproducing them requires the same iteration, step for step; with a
small ``tol`` the same routine gives the exact root.
"""
from __future__ import annotations

from typing import Callable

import numpy as np

from stemfoot.metaanalysis.errors import ConvergenceError

R_UNIROOT_TOL = float(np.finfo(float).eps ** 0.25)
_EPS = float(np.finfo(float).eps)


def uniroot(
    f: Callable[[float], float],
    lower: float,
    upper: float,
    tol: float = R_UNIROOT_TOL,
    maxiter: int = 1000,
) -> float:
    """Root of f in [lower, upper] exactly as R's uniroot(f, c(lower, upper), tol=tol)."""
    a, b = lower, upper
    fa, fb = f(a), f(b)
    if fa * fb > 0:
        raise ConvergenceError(f"f() values at the end points [{a:g}, {b:g}] are not of opposite sign")
    c, fc = a, fa
    if fa == 0.0:
        return a
    if fb == 0.0:
        return b
    for _ in range(maxiter + 1):
        prev_step = b - a
        if abs(fc) < abs(fb):
            a, b, c = b, c, b
            fa, fb, fc = fb, fc, fb
        tol_act = 2 * _EPS * abs(b) + tol / 2
        new_step = (c - b) / 2
        if abs(new_step) <= tol_act or fb == 0.0:
            return b
        if abs(prev_step) >= tol_act and abs(fa) > abs(fb):
            cb = c - b
            if a == c:
                t1 = fb / fa
                p = cb * t1
                q = 1.0 - t1
            else:
                q = fa / fc
                t1 = fb / fc
                t2 = fb / fa
                p = t2 * (cb * q * (q - t1) - (b - a) * (t1 - 1.0))
                q = (q - 1.0) * (t1 - 1.0) * (t2 - 1.0)
            if p > 0:
                q = -q
            else:
                p = -p
            if p < (0.75 * cb * q - abs(tol_act * q) / 2) and p < abs(prev_step * q / 2):
                new_step = p / q
        if abs(new_step) < tol_act:
            new_step = tol_act if new_step > 0 else -tol_act
        a, fa = b, fb
        b += new_step
        fb = f(b)
        if (fb > 0 and fc > 0) or (fb < 0 and fc < 0):
            c, fc = a, fa
    raise ConvergenceError(f"root finding did not converge in {maxiter} iterations")

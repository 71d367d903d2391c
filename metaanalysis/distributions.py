"""Tail probabilities and critical values via scipy.special.

The same routines scipy.stats calls internally (identical values), without
its per-call argument handling, which dominated the cost of a small fit.
"""
from __future__ import annotations

import numpy as np
from scipy import special


def norm_crit(level: float) -> float:
    """Two-sided critical value of N(0, 1) for a ``level`` percent interval."""
    return float(-special.ndtri((1 - level / 100) / 2))


def t_crit(level: float, df: float) -> float:
    """Two-sided critical value of Student's t with ``df`` degrees of freedom."""
    return float(special.stdtrit(df, 1 - (1 - level / 100) / 2))


def norm_pval(z):
    """Two-sided p-value of a z statistic."""
    return 2 * special.ndtr(-np.abs(z))


def t_pval(t, df: float):
    """Two-sided p-value of a t statistic."""
    return 2 * special.stdtr(df, -np.abs(t))


def chi2_sf(x, df: float):
    """Upper tail of chi^2_df at x (scalar or array)."""
    return special.chdtrc(df, x)


def chi2_isf(q: float, df: float) -> float:
    """Quantile with upper-tail probability q of chi^2_df."""
    return float(special.chdtri(df, q))


def f_sf(x: float, df1: float, df2: float) -> float:
    """Upper tail of F(df1, df2) at x."""
    return float(special.fdtrc(df1, df2, x))

"""Log-likelihood of the normal random-effects model (metafor's definitions)."""
from __future__ import annotations

import numpy as np

from stemfoot.metaanalysis.wls import WLSFit


def log_likelihood(fit: WLSFit, v: np.ndarray, tau2: float, reml: bool) -> float:
    """(Restricted) log-likelihood of a fit at tau2, as metafor computes it."""
    k, p = fit.X.shape
    ll = -0.5 * np.sum(np.log(v + tau2)) - 0.5 * fit.rss
    if not reml:
        return float(ll - 0.5 * k * np.log(2 * np.pi))
    # metafor's REML log-likelihood includes +1/2 log|X'X| (control REMLf=TRUE).
    return float(
        ll
        - 0.5 * (k - p) * np.log(2 * np.pi)
        + 0.5 * np.linalg.slogdet(fit.X.T @ fit.X)[1]
        + 0.5 * np.linalg.slogdet(fit.vb)[1]
    )

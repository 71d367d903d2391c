"""Inverse-variance fixed- and random-effects models (metafor's ``rma.uni``).

The tau^2 estimate comes from :mod:`stemfoot.metaanalysis.tau2`; the
coefficients are the weighted least squares fit at that tau^2. Inference (z or Knapp-Hartung),
Q, metafor's I^2/H^2, R^2, the omnibus moderator test and the fit
statistics are computed here, following metafor 3.8's definitions.
"""
from __future__ import annotations

import warnings

import numpy as np

from stemfoot.metaanalysis.distributions import chi2_sf, f_sf, norm_crit, norm_pval, t_crit, t_pval
from stemfoot.metaanalysis.errors import ConvergenceError, MetaAnalysisError
from stemfoot.metaanalysis.likelihood import log_likelihood
from stemfoot.metaanalysis.options import METHODS, TESTS
from stemfoot.metaanalysis.results import RmaResult
from stemfoot.metaanalysis.tau2 import Tau2Estimate, estimate_tau2
from stemfoot.metaanalysis.wls import WLSFit, wls
from stemfoot.metaanalysis.zeroin import R_UNIROOT_TOL


def _as_design(X: np.ndarray | None, k: int) -> np.ndarray:
    if X is None:
        return np.ones((k, 1))
    X = np.asarray(X, dtype=float)
    if X.ndim == 1:
        X = X[:, None]
    if X.shape[0] != k:
        raise MetaAnalysisError(f"design matrix has {X.shape[0]} rows for {k} studies")
    if np.linalg.matrix_rank(X) < X.shape[1]:
        raise MetaAnalysisError("design matrix is rank deficient (redundant moderators)")
    return X


def check_inputs(yi: np.ndarray, vi: np.ndarray, labels: list[str]) -> None:
    """Refuse non-finite effects and non-positive variances, naming the studies."""
    bad = [labels[i] for i in np.flatnonzero(~np.isfinite(yi) | ~np.isfinite(vi))]
    if bad:
        raise MetaAnalysisError(f"non-finite yi/vi for: {', '.join(bad)}")
    bad = [labels[i] for i in np.flatnonzero(vi <= 0)]
    if bad:
        raise MetaAnalysisError(
            f"sampling variance must be > 0; zero or negative for: {', '.join(bad)}"
        )


def _final_fit(y: np.ndarray, v: np.ndarray, X: np.ndarray, tau2: float) -> WLSFit:
    return wls(y, 1.0 / (v + tau2), X)


def fit_statistics(fit: WLSFit, v: np.ndarray, tau2: float, method: str) -> dict[str, float]:
    """logLik, deviance, AIC, BIC, AICc as metafor's ``fitstats``."""
    k, p = fit.X.shape
    reml = method == "REML"
    ll = log_likelihood(fit, v, tau2, reml)
    if reml:
        deviance = -2.0 * ll
    else:
        ll_saturated = -0.5 * k * np.log(2 * np.pi) - 0.5 * np.sum(np.log(v))
        deviance = -2.0 * (ll - ll_saturated)
    n = k - p if reml else k
    parms = p + (0 if method == "FE" else 1)
    m = max(n, parms + 2)
    return {
        "logLik": ll,
        "deviance": float(deviance),
        "AIC": -2.0 * ll + 2.0 * parms,
        "BIC": -2.0 * ll + parms * np.log(n) if n > 0 else float("nan"),
        "AICc": -2.0 * ll + 2.0 * parms * m / (m - parms - 1),
    }


def _estimate(y, v, X, method, fallback, control) -> tuple[str, Tau2Estimate]:
    try:
        return method, estimate_tau2(y, v, X, method, **control)
    except ConvergenceError as err:
        if fallback is None:
            raise
        warnings.warn(f"{err}; falling back to {fallback} as requested", stacklevel=3)
        return fallback, estimate_tau2(y, v, X, fallback, **control)


def rma_uni(
    yi,
    vi,
    X: np.ndarray | None = None,
    *,
    method: str = "REML",
    test: str = "z",
    level: float = 95.0,
    measure: str = "GEN",
    labels: list[str] | None = None,
    coef_names: list[str] | None = None,
    fallback: str | None = None,
    pm_tol: float = R_UNIROOT_TOL,
    threshold: float = 1e-12,
    maxiter: int = 1000,
    tau2_start: str | float = "scan",
) -> RmaResult:
    """Fit a fixed- (``method="FE"``) or random-effects model like ``metafor::rma.uni``.

    ``X`` is an optional design matrix (include the intercept column yourself).
    ``fallback`` names an estimator to use, with a warning, if an iterative one
    fails to converge; by default non-convergence raises ConvergenceError.
    ``pm_tol`` is the root-finding tolerance of Paule-Mandel: the default is
    metafor's (R's uniroot default, ~1.2e-4), which metafor uses whatever
    ``threshold`` says; pass e.g. 1e-12 for the exact root.
    ``threshold``, ``maxiter`` and ``tau2_start`` control the REML/ML/EB
    iterations (see :func:`estimate_tau2`); ``threshold=1e-5, tau2_start="HE"``
    is metafor's default Fisher scoring, reproducing its printed values exactly.
    """
    method = method.upper()
    if method not in METHODS:
        raise MetaAnalysisError(f"unknown method {method!r}; choose from {', '.join(METHODS)}")
    if test not in TESTS:
        raise MetaAnalysisError(f"unknown test {test!r}; choose z or knha")
    y = np.asarray(yi, dtype=float)
    v = np.asarray(vi, dtype=float)
    k = len(y)
    if k == 0:
        raise MetaAnalysisError("no studies to pool")
    labels = labels if labels is not None else [str(i + 1) for i in range(k)]
    check_inputs(y, v, labels)
    X = _as_design(X, k)
    p = X.shape[1]
    control = {"pm_tol": pm_tol, "threshold": threshold, "maxiter": maxiter, "start": tau2_start}
    if k < p:
        raise MetaAnalysisError(f"{k} studies cannot identify {p} coefficients")
    if test == "knha" and k - p < 1:
        raise MetaAnalysisError(f"knha needs k > p (k={k}, p={p}): the t test has {k - p} df")

    tau2, se_tau2, iterations = 0.0, None, 0
    if method != "FE":
        if k - p < 1:
            # metafor's convention for a saturated model: tau^2 cannot be estimated and is 0.
            warnings.warn(f"k={k}: tau^2 cannot be estimated and is set to 0", stacklevel=2)
        else:
            method, est = _estimate(y, v, X, method, fallback, control)
            tau2, se_tau2, iterations = est.tau2, est.se, est.iterations

    fit = _final_fit(y, v, X, tau2)
    vb = fit.vb
    df_test = None
    s2w = 1.0
    if test == "knha":
        s2w = fit.rss / (k - p)
        vb = vb * s2w
        df_test = k - p
    se = np.sqrt(np.diag(vb))
    zval = fit.beta / se
    if df_test is None:
        crit = norm_crit(level)
        pval = norm_pval(zval)
    else:
        crit = t_crit(level, df_test)
        pval = t_pval(zval, df_test)

    fe_fit = wls(y, 1.0 / v, X)
    qe = fe_fit.rss if k > p else 0.0
    qe_df = k - p
    qe_p = float(chi2_sf(qe, qe_df)) if qe_df > 0 else 1.0
    i2_q = max(0.0, 100.0 * (qe - qe_df) / qe) if qe > 0 else 0.0
    if qe_df > 0:
        s2 = qe_df / fe_fit.tr_PD()  # metafor's "typical" within-study variance
    else:
        s2 = float("nan")
    if method == "FE":
        i2, h2 = i2_q, (qe / qe_df if qe_df > 0 else 1.0)
    elif qe_df > 0:
        i2, h2 = 100.0 * tau2 / (tau2 + s2), (tau2 + s2) / s2
    else:
        i2, h2 = 0.0, 1.0

    qm = qm_p = qm_df = r2 = None
    if p > 1:
        idx = np.arange(1, p) if np.allclose(X[:, 0], 1.0) else np.arange(p)
        b = fit.beta[idx]
        qm = float(b @ np.linalg.solve(vb[np.ix_(idx, idx)], b))
        qm_df = len(idx)
        if df_test is None:
            qm_p = float(chi2_sf(qm, qm_df))
        else:
            qm /= qm_df
            qm_p = f_sf(qm, qm_df, df_test)
        if method != "FE" and len(idx) == p - 1:
            tau2_null = estimate_tau2(y, v, np.ones((k, 1)), method, **control).tau2
            r2 = max(0.0, 100.0 * (tau2_null - tau2) / tau2_null) if tau2_null > 0 else None

    return RmaResult(
        measure=measure,
        method=method,
        test=test,
        level=level,
        k=k,
        p=p,
        coef_names=coef_names or (["intrcpt"] if p == 1 else [f"X{j}" for j in range(p)]),
        beta=fit.beta,
        se=se,
        zval=zval,
        pval=pval,
        ci_lb=fit.beta - crit * se,
        ci_ub=fit.beta + crit * se,
        vb=vb,
        df_test=df_test,
        crit=float(crit),
        s2w=float(s2w),
        tau2=float(tau2),
        se_tau2=se_tau2,
        iterations=iterations,
        QE=float(qe),
        QE_df=qe_df,
        QEp=qe_p,
        I2=float(i2),
        H2=float(h2),
        I2_Q=float(i2_q),
        s2=float(s2),
        QM=qm,
        QM_df=qm_df,
        QMp=qm_p,
        R2=r2,
        weights=100.0 * fit.w / np.sum(fit.w),
        yi=y,
        vi=v,
        X=X,
        labels=list(labels),
        fitstats=fit_statistics(fit, v, tau2, method),
        control={"pm_tol": pm_tol, "threshold": threshold, "maxiter": maxiter, "tau2_start": tau2_start},
    )

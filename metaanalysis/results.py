"""Result object of an inverse-variance model: tables, JSON-ready dict, printed summary."""
from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from stemfoot.metaanalysis.distributions import t_crit
from stemfoot.metaanalysis.heterogeneity import HeterogeneityCI, profile_likelihood_ci, qprofile_ci

RATIO_MEASURES = ("RR", "OR", "PETO")


def none_if_nan(x) -> float | None:
    """JSON-safe float: None for missing or non-finite values."""
    if x is None:
        return None
    x = float(x)
    return x if math.isfinite(x) else None


@dataclass
class RmaResult:
    """A fitted ``rma.uni``-style model. Values are on the analysis (log for ratios) scale."""

    measure: str
    method: str
    test: str
    level: float
    k: int
    p: int
    coef_names: list[str]
    beta: np.ndarray
    se: np.ndarray
    zval: np.ndarray
    pval: np.ndarray
    ci_lb: np.ndarray
    ci_ub: np.ndarray
    vb: np.ndarray
    df_test: int | None
    crit: float
    s2w: float
    tau2: float
    se_tau2: float | None
    iterations: int
    QE: float
    QE_df: int
    QEp: float
    I2: float
    H2: float
    I2_Q: float
    s2: float
    QM: float | None
    QM_df: int | None
    QMp: float | None
    R2: float | None
    weights: np.ndarray
    yi: np.ndarray
    vi: np.ndarray
    X: np.ndarray
    labels: list[str]
    fitstats: dict[str, float]
    control: dict = field(default_factory=dict)  # fit options, reused by refits (leave1out, ...)
    _ci_cache: dict = field(default_factory=dict, repr=False)

    @property
    def is_random(self) -> bool:
        return self.method != "FE"

    @property
    def tau(self) -> float:
        return math.sqrt(self.tau2)

    @property
    def estimate(self) -> float:
        """The pooled estimate (intercept-only models)."""
        return float(self.beta[0])

    def predict(self, hts: bool = False) -> dict[str, float | None]:
        """Pooled estimate with CI and metafor's default prediction interval.

        metafor 3.8: pred -/+ crit * sqrt(se^2 + tau^2), crit from N(0,1) for
        test="z" and t_{k-p} for "knha"; no PI for a fixed-effect model.
        ``hts=True``: Higgins, Thompson & Spiegelhalter (2009), crit from t_{k-2}
        (not metafor's default; needs k >= 3).
        """
        if self.p != 1:
            raise ValueError("predict() is for models without moderators")
        pred, se = float(self.beta[0]), float(self.se[0])
        out = {"pred": pred, "se": se, "ci_lb": float(self.ci_lb[0]), "ci_ub": float(self.ci_ub[0]),
               "pi_lb": None, "pi_ub": None}
        if hts and self.k < 3:
            raise ValueError("the t_{k-2} prediction interval needs k >= 3")
        if self.is_random or hts:
            crit = t_crit(self.level, self.k - 2) if hts else self.crit
            half = crit * math.sqrt(se**2 + self.tau2)
            out["pi_lb"], out["pi_ub"] = pred - half, pred + half
        return out

    def confint(self, type: str = "QP", **kwargs) -> HeterogeneityCI | None:
        """CI for tau^2/I^2/H^2: Q-profile (default) or profile likelihood ("PL").

        None for a fixed-effect model or when k - p < 1. ``kwargs`` go to
        :func:`qprofile_ci` (e.g. ``tol``, ``tau2_max`` for metafor's defaults).
        """
        if not self.is_random or self.k - self.p < 1:
            return None
        key = (type, tuple(sorted(kwargs.items())))
        if key not in self._ci_cache:
            if type == "QP":
                ci = qprofile_ci(self.yi, self.vi, self.X, self.tau2, self.level, **kwargs)
            elif type == "PL":
                ci = profile_likelihood_ci(self.yi, self.vi, self.X, self.tau2, self.method, self.level, **kwargs)
            else:
                raise ValueError("type must be 'QP' or 'PL'")
            self._ci_cache[key] = ci
        return self._ci_cache[key]

    def to_df(self) -> pd.DataFrame:
        """Coefficient table (one row per coefficient), exp() columns for ratio measures."""
        stat = "zval" if self.df_test is None else "tval"
        df = pd.DataFrame(
            {"estimate": self.beta, "se": self.se, stat: self.zval, "pval": self.pval,
             "ci_lb": self.ci_lb, "ci_ub": self.ci_ub},
            index=pd.Index(self.coef_names, name="coef"),
        )
        if self.measure in RATIO_MEASURES and self.p == 1:
            for col in ("estimate", "ci_lb", "ci_ub"):
                df[f"exp_{col}"] = np.exp(df[col])
        return df

    def studies_df(self) -> pd.DataFrame:
        """Per-study yi, vi and weight (percent) as used in the fit."""
        return pd.DataFrame({"study": self.labels, "yi": self.yi, "vi": self.vi, "weight": self.weights})

    def to_dict(self) -> dict:
        """Flat, JSON-ready summary (the ``cli.py meta --json`` contract); None for undefined."""
        out: dict = {"k": self.k, "measure": self.measure, "method": self.method, "test": self.test}
        pr = self.predict() if self.p == 1 else None
        out.update(
            estimate=float(self.beta[0]), se=float(self.se[0]),
            ci_lower=float(self.ci_lb[0]), ci_upper=float(self.ci_ub[0]),
            pval=none_if_nan(self.pval[0]),
            zval=none_if_nan(self.zval[0]), df=self.df_test,
        )
        ci = self.confint()
        out.update(
            tau2=self.tau2 if self.is_random else None,
            tau=self.tau if self.is_random else None,
            se_tau2=none_if_nan(self.se_tau2),
            tau2_ci_lower=ci.tau2[0] if ci else None,
            tau2_ci_upper=ci.tau2[1] if ci else None,
            i2=none_if_nan(self.I2), i2_ci_lower=ci.I2[0] if ci else None, i2_ci_upper=ci.I2[1] if ci else None,
            h2=none_if_nan(self.H2), h2_ci_lower=ci.H2[0] if ci else None, h2_ci_upper=ci.H2[1] if ci else None,
            i2_q=none_if_nan(self.I2_Q),
            q=self.QE, q_df=self.QE_df, q_pval=self.QEp,
            pi_lower=pr["pi_lb"] if pr else None, pi_upper=pr["pi_ub"] if pr else None,
            studies=[{"study": s, "yi": float(y), "vi": float(v), "weight": float(w)}
                     for s, y, v, w in zip(self.labels, self.yi, self.vi, self.weights)],
        )
        if self.measure in RATIO_MEASURES and pr:
            out["exp"] = {name: (math.exp(out[src]) if out[src] is not None else None)
                          for name, src in (("estimate", "estimate"), ("ci_lower", "ci_lower"), ("ci_upper", "ci_upper"),
                                            ("pi_lower", "pi_lower"), ("pi_upper", "pi_upper"))}
        return out

    def summary(self) -> str:
        """Readable report in the layout of metafor's ``print.rma``."""
        kind = "Fixed-Effects" if not self.is_random else "Random-Effects"
        head = f"{kind} Model (k = {self.k}; tau^2 estimator: {self.method})" if self.is_random \
            else f"{kind} Model (k = {self.k})"
        if self.p > 1:
            head = head.replace("Model", "Model with Moderators", 1)
        lines = [head, ""]
        if self.is_random:
            ci = self.confint()
            tau2_ci = f" [{ci.tau2[0]:.4f}, {ci.tau2[1]:.4f}]" if ci else ""
            i2_ci = f" [{ci.I2[0]:.2f}, {ci.I2[1]:.2f}]" if ci else ""
            se_tau2 = f" (SE = {self.se_tau2:.4f})" if self.se_tau2 is not None else ""
            lines += [
                f"tau^2 (estimated amount of total heterogeneity): {self.tau2:.4f}{se_tau2}{tau2_ci}",
                f"tau (square root of estimated tau^2 value):      {self.tau:.4f}",
                f"I^2 (total heterogeneity / total variability):   {self.I2:.2f}%{i2_ci}",
                f"H^2 (total variability / sampling variability):  {self.H2:.2f}",
                f"I^2 from Q ((Q - df)/Q):                         {self.I2_Q:.2f}%",
                "",
            ]
        else:
            lines += [f"I^2 (total heterogeneity / total variability):  {self.I2:.2f}%",
                      f"H^2 (total variability / sampling variability): {self.H2:.2f}", ""]
        lines += [f"Test for Heterogeneity:\nQ(df = {self.QE_df}) = {self.QE:.4f}, p-val = {format_pval(self.QEp)}", ""]
        if self.QM is not None:
            stat = f"QM(df = {self.QM_df})" if self.df_test is None else f"F(df1 = {self.QM_df}, df2 = {self.df_test})"
            lines += [f"Test of Moderators:\n{stat} = {self.QM:.4f}, p-val = {format_pval(self.QMp)}", ""]
        lines += ["Model Results:", "", self.to_df().to_string(float_format=lambda x: f"{x:.4f}"), ""]
        if self.p == 1:
            pr = self.predict()
            if pr["pi_lb"] is not None:
                lines.append(f"Prediction interval: [{pr['pi_lb']:.4f}, {pr['pi_ub']:.4f}]")
            if self.measure in RATIO_MEASURES:
                ex = self.to_dict()["exp"]
                pi = f", PI [{ex['pi_lower']:.4f}, {ex['pi_upper']:.4f}]" if ex["pi_lower"] is not None else ""
                lines.append(f"exp: {ex['estimate']:.4f} [{ex['ci_lower']:.4f}, {ex['ci_upper']:.4f}]{pi}")
        if self.test == "knha":
            lines.append(f"Test: Knapp-Hartung (t with {self.df_test} df)")
        return "\n".join(lines).rstrip() + "\n"


def format_pval(p: float) -> str:
    """p-value as metafor prints it."""
    return "<.0001" if p < 1e-4 else f"{p:.4f}"

"""Leave-one-out, cumulative and subgroup analyses (metafor's ``leave1out``,
``cumul`` and subgroup fits + the test for subgroup differences), implemented
here on top of :func:`rma_uni`.
"""
from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd

from stemfoot.metaanalysis.leave_one_out import VECTORISED_METHODS, leave_one_out
from stemfoot.metaanalysis.distributions import chi2_sf
from stemfoot.metaanalysis.errors import MetaAnalysisError
from stemfoot.metaanalysis.model import rma_uni
from stemfoot.metaanalysis.results import RmaResult

_COLUMNS = ("estimate", "se", "zval", "pval", "ci_lb", "ci_ub", "Q", "Qp", "tau2", "I2", "H2")


def _row(res: RmaResult) -> dict[str, float]:
    return {"estimate": res.estimate, "se": float(res.se[0]), "zval": float(res.zval[0]),
            "pval": float(res.pval[0]), "ci_lb": float(res.ci_lb[0]), "ci_ub": float(res.ci_ub[0]),
            "Q": res.QE, "Qp": res.QEp, "tau2": res.tau2, "I2": res.I2, "H2": res.H2}


def _refit(res: RmaResult, idx: np.ndarray) -> RmaResult:
    control = dict(res.control)
    with warnings.catch_warnings():
        # k = 1 subsets: tau^2 = 0 by convention, as in metafor's output.
        warnings.filterwarnings("ignore", message=r"k=1: tau\^2 cannot be estimated")
        return rma_uni(res.yi[idx], res.vi[idx], method=res.method, test=res.test, level=res.level,
                       measure=res.measure, labels=[res.labels[i] for i in idx], **control)


def leave1out(res: RmaResult, vectorised: bool = True) -> pd.DataFrame:
    """Refit with each study left out in turn (row = the study omitted).

    By default the k subsets are fitted together (:mod:`batch`) where the
    method allows; ``vectorised=False`` refits them one at a time (same
    numbers; always used for PM, metafor's verbatim iteration and k < 3).
    """
    if res.p != 1:
        raise MetaAnalysisError("leave-one-out is for models without moderators")
    if res.k < 2:
        raise MetaAnalysisError("leave-one-out needs at least 2 studies")
    index = pd.Index(res.labels, name="omitted")
    start = res.control.get("tau2_start", "scan")
    if vectorised and res.k >= 3 and res.method in VECTORISED_METHODS and start != "HE":
        cols = leave_one_out(res.yi, res.vi, res.method, test=res.test, level=res.level,
                             start=res.tau2, threshold=res.control.get("threshold", 1e-12),
                             maxiter=res.control.get("maxiter", 1000))
        return pd.DataFrame(cols, index=index, columns=_COLUMNS)
    everyone = np.arange(res.k)
    rows = [_row(_refit(res, everyone[everyone != i])) for i in everyone]
    return pd.DataFrame(rows, index=index, columns=_COLUMNS)


def cumul(res: RmaResult, order=None) -> pd.DataFrame:
    """Cumulative meta-analysis: add studies one at a time in ``order`` (a sort key,
    e.g. publication year; ties keep input order) or in input order.

    With one study tau^2 = 0 (metafor's convention); under ``test="knha"`` the
    first step's se, test and CI are NaN (t with 0 df), with a warning.
    """
    if res.p != 1:
        raise MetaAnalysisError("cumulative meta-analysis is for models without moderators")
    idx = np.arange(res.k) if order is None else np.argsort(np.asarray(order), kind="stable")
    rows = [_row(_refit(res, idx[: j + 1])) for j in range(1 if res.test == "knha" else 0, res.k)]
    if res.test == "knha":
        # A t test with k - 1 = 0 df does not exist: the first step has only its estimate.
        first = idx[0]
        warnings.warn(f"cumul: knha is undefined for one study; step 1 ({res.labels[first]}) "
                      "has NaN se, test and CI", stacklevel=2)
        rows.insert(0, {"estimate": float(res.yi[first]), "se": np.nan, "zval": np.nan, "pval": np.nan,
                        "ci_lb": np.nan, "ci_ub": np.nan, "Q": 0.0, "Qp": 1.0, "tau2": 0.0, "I2": 0.0, "H2": 1.0})
    return pd.DataFrame(rows, index=pd.Index([res.labels[i] for i in idx], name="added"), columns=_COLUMNS)


@dataclass
class SubgroupResult:
    """Per-subgroup fits and the test for subgroup differences."""

    groups: dict[str, RmaResult]
    Q_between: float
    df: int
    pval: float
    metareg: RmaResult | None

    def to_df(self) -> pd.DataFrame:
        """One row per subgroup: k, estimate, se, CI, tau2, I2, Q."""
        rows = {g: {"k": r.k, "estimate": r.estimate, "se": float(r.se[0]), "ci_lb": float(r.ci_lb[0]),
                    "ci_ub": float(r.ci_ub[0]), "pval": float(r.pval[0]), "tau2": r.tau2, "I2": r.I2,
                    "Q": r.QE} for g, r in self.groups.items()}
        return pd.DataFrame.from_dict(rows, orient="index").rename_axis("subgroup")


def subgroup(res: RmaResult, groups, name: str = "group") -> SubgroupResult:
    """Fit ``res``'s model within each level of ``groups`` and test for differences.

    The test (``Q_between``, as RevMan and R's ``meta``) is a fixed-effect Q across
    the subgroup estimates, each with its own tau^2. ``metareg`` is the
    alternative with one common tau^2: the meta-regression on the factor
    (metafor's ``rma(yi, vi, mods = ~ factor(g))``), whose QM tests the same
    hypothesis.
    """
    g = np.asarray(groups, dtype=object)
    if len(g) != res.k:
        raise MetaAnalysisError(f"{len(g)} subgroup labels for {res.k} studies")
    if pd.isna(g).any():
        raise MetaAnalysisError("subgroup labels are missing for some studies")
    levels = sorted({str(x) for x in g})
    if len(levels) < 2:
        raise MetaAnalysisError("subgroup analysis needs at least two subgroups")
    labels = np.array([str(x) for x in g])
    fits = {lv: _refit(res, np.flatnonzero(labels == lv)) for lv in levels}
    est = np.array([f.estimate for f in fits.values()])
    w = 1.0 / np.array([float(f.se[0]) ** 2 for f in fits.values()])
    qb = float(np.sum(w * (est - np.sum(w * est) / np.sum(w)) ** 2))
    df = len(levels) - 1
    X = np.column_stack([np.ones(res.k)] + [(labels == lv).astype(float) for lv in levels[1:]])
    metareg = None
    if res.k > X.shape[1]:
        metareg = rma_uni(res.yi, res.vi, X, method=res.method, test=res.test, level=res.level,
                          measure=res.measure, labels=res.labels, **res.control,
                          coef_names=["intrcpt"] + [f"{name}{lv}" for lv in levels[1:]])
    return SubgroupResult(fits, qb, df, float(chi2_sf(qb, df)), metareg)

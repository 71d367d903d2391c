"""DataFrame entry point: one table of studies in, one pooled result out.

The table has an optional ``study`` (labels) column plus one column set:

- binary arms: ``events_t, total_t, events_c, total_c``
- continuous arms: ``mean_t, sd_t, n_t, mean_c, sd_c, n_c``
- precomputed effects: ``yi, vi``
- a reported effect with its CI: ``estimate, ci_lower, ci_upper`` (ratio
  measures on their natural scale, i.e. RR 0.6 [0.4, 0.9]; level ``ci_level``)

Other columns (``year``, subgroup columns, ...) are carried along for
:func:`stemfoot.metaanalysis.sensitivity.cumul` and ``subgroup``. Rows with a
missing value in the needed columns are skipped with a warning naming them.
"""
from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd

from stemfoot.metaanalysis.effects import binary_effects, continuous_effects, from_ci
from stemfoot.metaanalysis.errors import MetaAnalysisError
from stemfoot.metaanalysis.mh_peto import FixedCountsResult, mantel_haenszel, peto
from stemfoot.metaanalysis.model import rma_uni
from stemfoot.metaanalysis.options import ALL_METHODS, MEASURES
from stemfoot.metaanalysis.results import RmaResult

BINARY_COLUMNS = ("events_t", "total_t", "events_c", "total_c")
CONTINUOUS_COLUMNS = ("mean_t", "sd_t", "n_t", "mean_c", "sd_c", "n_c")
EFFECT_COLUMNS = ("yi", "vi")
CI_COLUMNS = ("estimate", "ci_lower", "ci_upper")
COLUMN_SETS = {"binary": BINARY_COLUMNS, "continuous": CONTINUOUS_COLUMNS,
               "effects": EFFECT_COLUMNS, "ci": CI_COLUMNS}


@dataclass(frozen=True)
class StudyData:
    """Validated effect sizes ready to pool (rows that could not be used removed)."""

    yi: np.ndarray
    vi: np.ndarray
    labels: list[str]
    table: pd.DataFrame  # the rows kept, original columns


def detect_columns(df: pd.DataFrame) -> str:
    """Name the column set present (precomputed ``yi, vi`` win over raw arms)."""
    for kind in ("effects", "binary", "continuous", "ci"):
        if all(c in df.columns for c in COLUMN_SETS[kind]):
            return kind
    wanted = " | ".join(",".join(cols) for cols in COLUMN_SETS.values())
    raise MetaAnalysisError(f"missing columns: need one of {wanted}; got {','.join(map(str, df.columns))}")


def study_labels(df: pd.DataFrame) -> list[str]:
    """The ``study`` column as strings, or 1-based row numbers."""
    if "study" in df.columns:
        return [str(s) if not pd.isna(s) else f"row {i + 1}" for i, s in enumerate(df["study"])]
    return [str(i + 1) for i in range(len(df))]


def _numeric(df: pd.DataFrame, cols) -> pd.DataFrame:
    out = df.loc[:, list(cols)].apply(pd.to_numeric, errors="coerce")
    bad = out.isna() & df.loc[:, list(cols)].notna()
    if bad.any().any():
        row, col = np.argwhere(bad.to_numpy())[0]
        raise MetaAnalysisError(
            f"row {row + 1} ({study_labels(df)[row]}): column {cols[col]!r} is not numeric: "
            f"{df.iloc[row][cols[col]]!r}"
        )
    return out


def _skip(mask: np.ndarray, labels: list[str], why: str) -> None:
    if mask.any():
        names = ", ".join(lab for lab, m in zip(labels, mask) if m)
        warnings.warn(f"skipped {int(mask.sum())} row(s) with {why}: {names}", stacklevel=3)


#: Sampling variances outside this range are refused: the estimators square and cube the weights 1/vi,
#: which then leave floating point's range (1e±308) and turn into 0 or inf.
VI_RANGE = (1e-100, 1e100)


def _check_variance_range(vi: np.ndarray, labels: list[str]) -> None:
    positive = vi > 0
    out = positive & ((vi < VI_RANGE[0]) | (vi > VI_RANGE[1]))
    if out.any():
        i = int(np.flatnonzero(out)[0])
        raise MetaAnalysisError(
            f"{labels[i]}: sampling variance {vi[i]:.3g} lies outside {VI_RANGE[0]:g} to {VI_RANGE[1]:g}, where the "
            "weights (1/vi, squared and cubed by the estimators) leave floating-point range; check or rescale the data")


def prepare(
    df: pd.DataFrame, measure: str, *, add: float = 0.5, to: str = "only0", drop00: bool = False,
    vtype: str = "LS", ci_level: float = 95.0,
) -> StudyData:
    """Effect sizes per study from whichever column set ``df`` has (metafor's escalc rules)."""
    measure = measure.upper()
    if measure not in MEASURES:
        raise MetaAnalysisError(f"unknown measure {measure!r}; choose from {', '.join(MEASURES)}")
    if len(df) == 0:
        raise MetaAnalysisError("no studies to pool (the table has a header only)")
    kind = detect_columns(df)
    labels = study_labels(df)
    cols = COLUMN_SETS[kind]
    num = _numeric(df, cols)
    missing = num.isna().any(axis=1).to_numpy()
    _skip(missing, labels, "missing values")
    keep = ~missing
    num, labels_k = num[keep], [lab for lab, k in zip(labels, keep) if k]
    if kind == "binary":
        if measure not in ("RR", "OR", "RD"):
            raise MetaAnalysisError(f"arm-level event counts need measure RR, OR or RD, not {measure}")
        e_t, n_t, e_c, n_c = (num[c].to_numpy() for c in BINARY_COLUMNS)
        bad = (e_t < 0) | (e_c < 0) | (e_t > n_t) | (e_c > n_c)
        if bad.any():
            raise MetaAnalysisError("events must lie between 0 and the total for: "
                                    + ", ".join(lab for lab, b in zip(labels_k, bad) if b))
        # An arm of 0 patients carries no information; the continuity correction would invent some.
        empty = (n_t == 0) | (n_c == 0)
        _skip(empty, labels_k, "an arm of 0 patients")
        if empty.any():
            num, labels_k = num[~empty], [lab for lab, e in zip(labels_k, empty) if not e]
            keep[np.flatnonzero(keep)[empty]] = False
            e_t, n_t, e_c, n_c = (num[c].to_numpy() for c in BINARY_COLUMNS)
        yi, vi = binary_effects(measure, e_t, n_t - e_t, e_c, n_c - e_c, add=add, to=to, drop00=drop00)
        why = "a double-zero table dropped (drop00)" if drop00 else "an undefined effect (zero cell, no correction)"
    elif kind == "continuous":
        if measure not in ("MD", "SMD"):
            raise MetaAnalysisError(f"arm-level means need measure MD or SMD, not {measure}")
        args = [num[c].to_numpy() for c in CONTINUOUS_COLUMNS]
        m1, sd1, n1, m2, sd2, n2 = args
        small = (n1 < 1) | (n2 < 1) | ((n1 + n2) < 3)
        if small.any():
            raise MetaAnalysisError("arm sizes too small for: " + ", ".join(lab for lab, b in zip(labels_k, small) if b))
        if measure == "SMD":
            zero_sd = (sd1 == 0) & (sd2 == 0)
            if zero_sd.any():
                raise MetaAnalysisError("SMD undefined with SD = 0 in both arms for: "
                                        + ", ".join(lab for lab, b in zip(labels_k, zero_sd) if b))
        yi, vi = continuous_effects(measure, m1, sd1, n1, m2, sd2, n2, vtype=vtype)
        why = "an undefined effect"
    elif kind == "ci":
        yi, vi = from_ci(num["estimate"], num["ci_lower"], num["ci_upper"],
                         log=measure in ("RR", "OR"), level=ci_level)
        why = "an undefined effect"
    else:
        yi, vi = num["yi"].to_numpy(), num["vi"].to_numpy()
        why = "an undefined effect"
    undefined = ~np.isfinite(yi) | ~np.isfinite(vi)
    _skip(undefined, labels_k, why)
    ok = ~undefined
    _check_variance_range(np.asarray(vi, dtype=float)[ok], [lab for lab, k in zip(labels_k, ok) if k])
    table = df[keep][ok]
    return StudyData(np.asarray(yi)[ok], np.asarray(vi)[ok], [lab for lab, k in zip(labels_k, ok) if k], table)


#: Source names (generic_iv.SOURCES) of the single-set layouts above.
SOURCE_OF_KIND = {"binary": "arm_binary", "continuous": "arm_continuous", "effects": "yi_vi", "ci": "reported_effect"}


def mixed_sources(df: pd.DataFrame) -> list[str] | None:
    """Per-row column sets when ``df`` must be pooled as a mixed table, else None (one set: the classic path).

    Mixed: the rows fill different column sets (one each), or the layout is
    one only generic inverse variance reads (``effect``, ``yi,sei``, ``p_value``).
    A table the classic path reads (one set, rows with gaps skipped) stays on it,
    so its results do not change.
    """
    from stemfoot.metaanalysis.generic_iv import row_sources

    try:
        kind = detect_columns(df)
    except MetaAnalysisError:
        kind = None
    try:
        sources = row_sources(df)
    except MetaAnalysisError:
        # a file with generic-only columns is a mixed table: its row errors stand (the classic path
        # would silently skip the row); a classic file keeps the classic handling
        if set(df.columns) & GENERIC_ONLY or (kind is None and _generic_layout(df)):
            raise
        if kind is None:
            detect_columns(df)  # the classic message for a file that is not a mixed table either
        return None
    if kind is not None and len(set(sources)) == 1 and SOURCE_OF_KIND[kind] == sources[0]:
        return None
    return sources


GENERIC_ONLY = {"effect", "sei", "p_value", "effect_measure"}


def _generic_layout(df: pd.DataFrame) -> bool:
    """Columns only a mixed table has: generic-inverse-variance-only columns, or parts of two column sets."""
    if set(df.columns) & GENERIC_ONLY:
        return True
    touched = [name for name, cols in COLUMN_SETS.items() if set(cols) & set(df.columns) - {"ci_lower", "ci_upper"}]
    return len(touched) > 1


def pool(
    df: pd.DataFrame, measure: str = "GEN", method: str = "REML", test: str = "z", **options,
) -> tuple[RmaResult | FixedCountsResult, list[str]]:
    """:func:`meta_analysis` and the column set each pooled study came from (aligned with the result's labels).

    Tables whose rows fill different column sets (arm data next to reported
    effects) are pooled by generic inverse variance (:func:`generic_iv.mixed_effects`).
    """
    from stemfoot.metaanalysis.generic_iv import mixed_effects

    sources = mixed_sources(df) if len(df) else None
    if sources is None:
        res = meta_analysis(df, measure, method, test, **options)
        if method.upper() in ("MH", "PETO"):
            return res, ["arm_binary"] * res.k
        return res, [SOURCE_OF_KIND[detect_columns(df)]] * res.k
    method = method.upper()
    if method not in ALL_METHODS:
        raise MetaAnalysisError(f"unknown method {method!r}; choose from {', '.join(ALL_METHODS)}")
    if method in ("MH", "PETO"):
        raise MetaAnalysisError(f"{method} needs event counts in every row; reported effects and yi/vi rows "
                                "need an inverse-variance method (FE or a tau^2 estimator)")
    fit = {k: v for k, v in options.items() if k not in ("add", "to", "drop00", "vtype", "ci_level", "level")}
    eff = mixed_effects(df, measure, **{k: v for k, v in options.items() if k in ("add", "to", "drop00", "vtype", "ci_level")})
    res = rma_uni(eff.yi, eff.vi, method=method, test=test, level=options.get("level", 95.0), measure=measure.upper(),
                  labels=eff.labels, **fit)
    return res, list(eff.source)


def meta_analysis(
    df: pd.DataFrame,
    measure: str = "GEN",
    method: str = "REML",
    test: str = "z",
    *,
    level: float = 95.0,
    add: float = 0.5,
    to: str = "only0",
    drop00: bool = False,
    vtype: str = "LS",
    ci_level: float = 95.0,
    **fit_options,
) -> RmaResult | FixedCountsResult:
    """Pool the studies in ``df`` (columns as in the module docstring).

    ``method`` is a tau^2 estimator (DL, REML, ML, PM, HE, SJ, HS, EB), FE
    (inverse variance), MH (Mantel-Haenszel; OR/RR/RD) or PETO (Peto OR); MH
    and PETO need the binary arm columns and use the raw counts. ``add``,
    ``to``, ``drop00`` are escalc's continuity-correction options; further
    ``fit_options`` go to :func:`rma_uni` (e.g. ``fallback="DL"``).
    """
    method = method.upper()
    if method not in ALL_METHODS:
        raise MetaAnalysisError(f"unknown method {method!r}; choose from {', '.join(ALL_METHODS)}")
    measure = measure.upper()
    if method in ("MH", "PETO"):
        if detect_columns(df) != "binary" or not all(c in df.columns for c in BINARY_COLUMNS):
            raise MetaAnalysisError(f"{method} needs the columns {','.join(BINARY_COLUMNS)}")
        if test != "z":
            raise MetaAnalysisError(f"{method} supports only the z test")
        if method == "PETO" and measure != "OR":
            raise MetaAnalysisError("the Peto method pools odds ratios: use --measure OR")
        if method == "MH" and measure not in ("OR", "RR", "RD"):
            raise MetaAnalysisError("Mantel-Haenszel pools OR, RR or RD")
        labels = study_labels(df)
        num = _numeric(df, BINARY_COLUMNS)
        missing = num.isna().any(axis=1).to_numpy()
        _skip(missing, labels, "missing values")
        num = num[~missing]
        labels = [lab for lab, m in zip(labels, missing) if not m]
        if num.empty:
            raise MetaAnalysisError("no studies to pool")
        counts = [num[c].to_numpy() for c in BINARY_COLUMNS]
        if method == "MH":
            return mantel_haenszel(*counts, measure=measure, level=level, labels=labels)
        return peto(*counts, level=level, labels=labels)
    data = prepare(df, measure, add=add, to=to, drop00=drop00, vtype=vtype, ci_level=ci_level)
    try:
        result = rma_uni(data.yi, data.vi, method=method, test=test, level=level, measure=measure,
                         labels=data.labels, **fit_options)
    except (ZeroDivisionError, FloatingPointError, np.linalg.LinAlgError) as exc:
        raise MetaAnalysisError(f"{method}: the model cannot be fitted to these data ({exc})") from None
    except ValueError as exc:
        if isinstance(exc, MetaAnalysisError):
            raise
        raise MetaAnalysisError(f"{method}: the model cannot be fitted to these data ({exc})") from None
    if test == "knha" and result.s2w == 0:
        warnings.warn("Knapp-Hartung: the studies' estimates agree exactly (residual heterogeneity 0), so the "
                      "Knapp-Hartung variance is 0: the CI has zero width and p = 0, which is an artefact, not "
                      "evidence; report the z test (--test z) instead", UserWarning, stacklevel=2)
    return result

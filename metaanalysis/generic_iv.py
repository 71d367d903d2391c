"""Generic inverse variance: reported effects -> (yi, sei/vi) (Cochrane Handbook 6.3).

Conversions (Handbook v6.4, section 6.3; 6.5.2.3 for mean differences):

- ratio measures (RR, OR, HR) with a CI on the natural scale: everything is
  log-transformed; SE = (ln U - ln L) / (2 z), z the two-sided normal quantile
  of the CI level (3.92 = 2 x 1.959964 for 95%).
- difference measures (MD, SMD, RD) with a CI: SE = (U - L) / (2 z).
  Small samples, mean differences only: the Handbook (6.5.2.3) says a CI of a
  mean difference from groups of fewer than ~60 participants each should have
  been computed with t on n_t + n_c - 2 df, so 2 z is replaced by 2 t. We do
  that only when the caller gives both group sizes and one is < 60
  (:func:`handbook_df`); without group sizes the normal quantile is used (the
  SE is then slightly too small for small trials: 1.96 vs 2.01 at 25 per arm).
  SMD and RD always use z (Handbook 6.3.1 gives 3.92 for them).
- exact two-sided p-value: z = Phi^-1(1 - p/2), SE = |yi| / z (Handbook
  6.3.1; for a ratio measure yi is the log estimate). Only an exact p-value
  is usable: "<0.05", "NS", "p<.001" are refused (the SE would be a bound).
  MD with small groups: t quantile on n_t + n_c - 2 df, as for CIs.
- yi with sei (vi = sei^2) or yi with vi: passed through.

:func:`mixed_effects` takes a table whose rows each fill exactly one column
set and computes yi, vi per row, reusing :mod:`effects` (escalc) for arm data
so arm rows get exactly the continuity corrections of a pure-arm analysis.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from stemfoot.metaanalysis.distributions import norm_crit, t_crit
from stemfoot.metaanalysis.effects import binary_effects, continuous_effects
from stemfoot.metaanalysis.errors import MetaAnalysisError

RATIO_MEASURES = ("RR", "OR", "HR")
DIFFERENCE_MEASURES = ("MD", "SMD", "RD")
EFFECT_MEASURES = RATIO_MEASURES + DIFFERENCE_MEASURES
SMALL_GROUP = 60  # Handbook 6.5.2.3: "fewer than 60 participants in each group"

ARM_BINARY = ("events_t", "total_t", "events_c", "total_c")
ARM_CONTINUOUS = ("mean_t", "sd_t", "n_t", "mean_c", "sd_c", "n_c")
REPORTED_CI = ("effect", "ci_lower", "ci_upper")
REPORTED_P = ("effect", "p_value")
YI_VI = ("yi", "vi")
YI_SEI = ("yi", "sei")
# source name -> the column sets that count as that source
SOURCES = {
    "arm_binary": (ARM_BINARY,),
    "arm_continuous": (ARM_CONTINUOUS,),
    "reported_effect": (REPORTED_CI, REPORTED_P),
    "yi_vi": (YI_VI, YI_SEI),
}
# which reported effect measures may be pooled under each --measure
COMPATIBLE = {"RR": ("RR",), "OR": ("OR",), "RD": ("RD",), "MD": ("MD",), "SMD": ("SMD",), "HR": ("HR",),
              "GEN": EFFECT_MEASURES}
ARM_MEASURES = {"arm_binary": ("RR", "OR", "RD"), "arm_continuous": ("MD", "SMD")}

_EXACT_P = re.compile(r"^\s*(?:p\s*=\s*)?(\d*\.?\d+(?:[eE][-+]?\d+)?)\s*$", re.I)


@dataclass(frozen=True)
class GenericEffect:
    """One study's effect on the analysis scale (log for ratios) and its standard error."""

    yi: float
    vi: float  # stored, not derived, so a yi/vi passthrough stays bit-exact

    @property
    def sei(self) -> float:
        return math.sqrt(self.vi)


def is_ratio(measure: str) -> bool:
    """True for measures pooled on the log scale."""
    return measure.upper() in RATIO_MEASURES


def handbook_df(measure: str, n_t: float | None, n_c: float | None) -> float | None:
    """Degrees of freedom of the t quantile the Handbook uses for a small-trial MD CI, else None.

    Only for MD, only when both group sizes are known and one is < 60.
    """
    if measure.upper() != "MD" or n_t is None or n_c is None:
        return None
    if any(isinstance(n, float) and math.isnan(n) for n in (n_t, n_c)):
        return None
    if n_t < 1 or n_c < 1 or n_t + n_c < 3:
        raise MetaAnalysisError(f"group sizes {n_t:g} and {n_c:g} are too small")
    return float(n_t + n_c - 2) if min(n_t, n_c) < SMALL_GROUP else None


def _crit(level: float, df: float | None) -> float:
    if not 0 < level < 100:
        raise MetaAnalysisError(f"CI level must lie between 0 and 100, not {level:g}")
    return norm_crit(level) if df is None else t_crit(level, df)


def from_ci(measure: str, effect: float, lower: float, upper: float, *, level: float = 95.0,
            df: float | None = None) -> GenericEffect:
    """yi, SE from an effect and its CI on the measure's natural scale (Handbook 6.3.1/6.3.2).

    ``df``: use t with these degrees of freedom instead of z (see :func:`handbook_df`).
    """
    measure = measure.upper()
    if measure not in EFFECT_MEASURES:
        raise MetaAnalysisError(f"effect measure must be one of {', '.join(EFFECT_MEASURES)}, not {measure!r}")
    vals = (effect, lower, upper)
    if any(not math.isfinite(v) for v in vals):
        raise MetaAnalysisError("effect and CI bounds must be finite numbers")
    if is_ratio(measure):
        if min(vals) <= 0:
            raise MetaAnalysisError(f"{measure} and its CI bounds must be > 0 (natural scale, not log)")
        effect, lower, upper = (math.log(v) for v in vals)
    if upper <= lower:
        raise MetaAnalysisError(f"CI upper bound must exceed the lower bound ({vals[1]:g} to {vals[2]:g})")
    if not lower <= effect <= upper:
        raise MetaAnalysisError(f"effect {vals[0]:g} lies outside its CI {vals[1]:g} to {vals[2]:g}")
    return GenericEffect(effect, ((upper - lower) / (2 * _crit(level, df))) ** 2)


def exact_p(p: float | str) -> float:
    """An exact p-value as a float; refuses bounds ('<0.05', '> 0.1', 'NS') and values outside (0, 1)."""
    if isinstance(p, str):
        m = _EXACT_P.match(p)
        if not m:
            raise MetaAnalysisError(f"p-value {p!r} is not exact (a bound or text gives no standard error)")
        p = float(m.group(1))
    p = float(p)
    if not 0 < p < 1:
        raise MetaAnalysisError(f"an exact two-sided p-value must lie strictly between 0 and 1, not {p:g}")
    return p


def from_p(measure: str, effect: float, p: float | str, *, df: float | None = None) -> GenericEffect:
    """yi, SE from an effect and its exact two-sided p-value: SE = |yi| / z (Handbook 6.3.1)."""
    measure = measure.upper()
    if measure not in EFFECT_MEASURES:
        raise MetaAnalysisError(f"effect measure must be one of {', '.join(EFFECT_MEASURES)}, not {measure!r}")
    p = exact_p(p)
    if not math.isfinite(effect):
        raise MetaAnalysisError("effect must be a finite number")
    if is_ratio(measure):
        if effect <= 0:
            raise MetaAnalysisError(f"{measure} must be > 0 (natural scale, not log)")
        effect = math.log(effect)
    if effect == 0:
        raise MetaAnalysisError("a null effect (0, or ratio 1) gives no standard error from its p-value")
    stat = _crit(100 * (1 - p), df)  # the quantile with two-sided tail p
    return GenericEffect(effect, (abs(effect) / stat) ** 2)


def from_se(yi: float, sei: float) -> GenericEffect:
    """Passthrough of an analysis-scale estimate with its standard error."""
    if not (math.isfinite(yi) and math.isfinite(sei)) or sei <= 0:
        raise MetaAnalysisError("yi must be finite and sei > 0")
    return GenericEffect(yi, sei**2)


def from_var(yi: float, vi: float) -> GenericEffect:
    """Passthrough of an analysis-scale estimate with its sampling variance."""
    if not (math.isfinite(yi) and math.isfinite(vi)) or vi <= 0:
        raise MetaAnalysisError("yi must be finite and vi > 0")
    return GenericEffect(yi, vi)


def to_ci(measure: str, yi: float, sei: float, level: float = 95.0) -> tuple[float, float, float]:
    """The inverse of :func:`from_ci` (z-based): effect, lower, upper on the natural scale."""
    z = _crit(level, None)
    lo, hi = yi - z * sei, yi + z * sei
    if is_ratio(measure):
        return math.exp(yi), math.exp(lo), math.exp(hi)
    return yi, lo, hi


# ---- mixed tables -------------------------------------------------------------------------

@dataclass(frozen=True)
class MixedEffects:
    """Per-row effects of a mixed table (all rows kept, in input order)."""

    yi: np.ndarray
    vi: np.ndarray
    source: list[str]  # "arm_binary" | "arm_continuous" | "reported_effect" | "yi_vi"
    labels: list[str]
    table: pd.DataFrame

    @property
    def sei(self) -> np.ndarray:
        return np.sqrt(self.vi)


def _labels(df: pd.DataFrame) -> list[str]:
    if "study" in df.columns:
        return [str(s) if not pd.isna(s) else f"row {i + 1}" for i, s in enumerate(df["study"])]
    return [str(i + 1) for i in range(len(df))]


def _filled(df: pd.DataFrame, cols: tuple[str, ...]) -> np.ndarray:
    if not all(c in df.columns for c in cols):
        return np.zeros(len(df), dtype=bool)
    return df.loc[:, list(cols)].notna().all(axis=1).to_numpy()


def _effect_column(df: pd.DataFrame) -> pd.DataFrame:
    """``estimate`` (the name frame.py uses) is accepted for ``effect``."""
    if "effect" not in df.columns and "estimate" in df.columns:
        return df.rename(columns={"estimate": "effect"})
    if "effect" in df.columns and "estimate" in df.columns:
        raise MetaAnalysisError("give the reported effect in 'effect' or 'estimate', not both")
    return df


def _num(row: pd.Series, col: str, where: str) -> float:
    v = row[col]
    try:
        return float(v)
    except (TypeError, ValueError):
        raise MetaAnalysisError(f"{where}: column {col!r} is not numeric: {v!r}") from None


def row_sources(df: pd.DataFrame) -> list[str]:
    """Which column set each row fills; one-line error naming the first row filling zero or several."""
    df = _effect_column(df)
    labels = _labels(df)
    masks = {}
    for source, sets in SOURCES.items():
        masks[source] = np.any([_filled(df, s) for s in sets], axis=0)
    # a complete yi,vi AND yi,sei, or effect+CI AND effect+p, is one source filled twice: refuse too
    doubles = {"reported_effect": _filled(df, REPORTED_CI) & _filled(df, REPORTED_P),
               "yi_vi": _filled(df, YI_VI) & _filled(df, YI_SEI)}
    data_cols = [c for c in dict.fromkeys(c for sets in SOURCES.values() for s in sets for c in s)
                 if c in df.columns]
    present = df.loc[:, data_cols].notna().to_numpy()
    out = []
    for i, lab in enumerate(labels):
        hits = [s for s in SOURCES if masks[s][i]]
        dbl = [s for s, m in doubles.items() if m[i]]
        if not hits:
            wanted = " | ".join(",".join(c) for sets in SOURCES.values() for c in sets)
            raise MetaAnalysisError(f"row {i + 1} ({lab}): fills no complete column set; need one of {wanted}")
        if len(hits) > 1 or dbl:
            what = ", ".join(hits) if len(hits) > 1 else f"{dbl[0]} twice"
            raise MetaAnalysisError(f"row {i + 1} ({lab}): fills several column sets ({what}); keep one")
        # a stray value from another set (half an arm table next to a yi) is a data-entry error, not noise;
        # group sizes may accompany a reported effect (they select the t quantile for a small-trial MD)
        allowed = {c for s in SOURCES[hits[0]] for c in s}
        if hits[0] == "reported_effect":
            allowed |= {"n_t", "n_c"}
        stray = [c for c, p in zip(data_cols, present[i]) if p and c not in allowed]
        if stray:
            raise MetaAnalysisError(f"row {i + 1} ({lab}): is {hits[0]} but also fills {', '.join(stray)}; "
                                    "fill one column set per row")
        out.append(hits[0])
    return out


def mixed_effects(
    df: pd.DataFrame, measure: str, *, add: float = 0.5, to: str = "only0", drop00: bool = False,
    vtype: str = "LS", ci_level: float = 95.0,
) -> MixedEffects:
    """yi, vi for a table whose rows each fill ONE column set (see module docstring).

    Columns: ``study`` (labels); ``events_t,total_t,events_c,total_c`` |
    ``mean_t,sd_t,n_t,mean_c,sd_c,n_c`` | ``effect,ci_lower,ci_upper`` (natural
    scale; or ``effect,p_value``) | ``yi,vi`` | ``yi,sei``. Optional per row:
    ``effect_measure`` (RR, OR, HR, MD, SMD, RD; must be compatible with
    ``measure``, default ``measure`` itself), ``ci_level`` (default
    ``ci_level``), and for reported MDs the group sizes ``n_t, n_c`` (t-based
    SE for small trials). ``measure`` is RR, OR, RD, MD, SMD, HR or GEN (GEN:
    only reported effects and yi rows; every reported effect names its
    ``effect_measure``, and all name the same one).

    Arm rows are computed together by :func:`effects.binary_effects` /
    :func:`effects.continuous_effects` (``add``, ``to``, ``drop00``, ``vtype``
    as in escalc; ``to="if0all"`` then means "any zero among the arm rows").
    A row whose effect is undefined (a double-zero table with ``drop00``, a
    zero cell with ``to="none"``) is an error naming the row, not a skip.
    """
    measure = measure.upper()
    if measure not in COMPATIBLE:
        raise MetaAnalysisError(f"unknown measure {measure!r}; choose from {', '.join(COMPATIBLE)}")
    df = _effect_column(df).reset_index(drop=True)
    labels = _labels(df)
    sources = row_sources(df)
    k = len(df)
    yi, vi = np.full(k, np.nan), np.full(k, np.nan)
    where = [f"row {i + 1} ({lab})" for i, lab in enumerate(labels)]
    src = np.array(sources)

    for kind, cols in (("arm_binary", ARM_BINARY), ("arm_continuous", ARM_CONTINUOUS)):
        idx = np.flatnonzero(src == kind)
        if not idx.size:
            continue
        if measure not in ARM_MEASURES[kind]:
            i = idx[0]
            need = "RR, OR or RD" if kind == "arm_binary" else "MD or SMD"
            raise MetaAnalysisError(f"{where[i]}: {kind.replace('_', ' ')} data need measure {need}, not {measure}")
        vals = {c: np.array([_num(df.loc[i], c, where[i]) for i in idx]) for c in cols}
        if kind == "arm_binary":
            e_t, n_t, e_c, n_c = (vals[c] for c in cols)
            bad = (e_t < 0) | (e_c < 0) | (e_t > n_t) | (e_c > n_c)
            if bad.any():
                raise MetaAnalysisError(f"{where[idx[bad][0]]}: events must lie between 0 and the total")
            y, v = binary_effects(measure, e_t, n_t - e_t, e_c, n_c - e_c, add=add, to=to, drop00=drop00)
        else:
            m1, sd1, n1, m2, sd2, n2 = (vals[c] for c in cols)
            small = (n1 < 1) | (n2 < 1) | ((n1 + n2) < 3)
            if small.any():
                raise MetaAnalysisError(f"{where[idx[small][0]]}: arm sizes too small")
            if measure == "SMD" and ((sd1 == 0) & (sd2 == 0)).any():
                raise MetaAnalysisError(f"{where[idx[(sd1 == 0) & (sd2 == 0)][0]]}: SMD undefined with SD = 0 in both arms")
            y, v = continuous_effects(measure, m1, sd1, n1, m2, sd2, n2, vtype=vtype)
        undefined = ~np.isfinite(y) | ~np.isfinite(v)
        if undefined.any():
            raise MetaAnalysisError(f"{where[idx[undefined][0]]}: effect undefined "
                                    f"({'double-zero table dropped (drop00)' if drop00 else 'zero cell without correction'})")
        yi[idx], vi[idx] = y, v

    gen_measure: str | None = None
    for i in np.flatnonzero(src == "reported_effect"):
        row = df.loc[i]
        em = row.get("effect_measure")
        em = str(em).strip().upper() if em is not None and not pd.isna(em) and str(em).strip() else None
        if em is None:
            if measure == "GEN":
                raise MetaAnalysisError(f"{where[i]}: a reported effect under measure GEN needs an effect_measure")
            em = measure
        if em not in EFFECT_MEASURES:
            raise MetaAnalysisError(f"{where[i]}: unknown effect_measure {em!r}; use one of {', '.join(EFFECT_MEASURES)}")
        if em not in COMPATIBLE[measure]:
            raise MetaAnalysisError(f"{where[i]}: a reported {em} cannot be pooled as {measure}")
        if measure == "GEN":
            gen_measure = gen_measure or em
            if em != gen_measure:
                raise MetaAnalysisError(f"{where[i]}: reported {em} mixed with {gen_measure} under measure GEN")
        n_t = row.get("n_t") if "n_t" in df.columns else None
        n_c = row.get("n_c") if "n_c" in df.columns else None
        try:
            df_t = handbook_df(em, None if n_t is None or pd.isna(n_t) else float(n_t),
                               None if n_c is None or pd.isna(n_c) else float(n_c))
            if _filled(df.loc[[i]], REPORTED_CI)[0]:
                lev = row.get("ci_level") if "ci_level" in df.columns else None
                lev = ci_level if lev is None or pd.isna(lev) else _num(row, "ci_level", where[i])
                ge = from_ci(em, _num(row, "effect", where[i]), _num(row, "ci_lower", where[i]),
                             _num(row, "ci_upper", where[i]), level=lev, df=df_t)
            else:
                pv = row["p_value"]
                ge = from_p(em, _num(row, "effect", where[i]), pv if isinstance(pv, str) else float(pv), df=df_t)
        except MetaAnalysisError as err:
            raise MetaAnalysisError(f"{where[i]}: {err}") from None
        yi[i], vi[i] = ge.yi, ge.vi

    for i in np.flatnonzero(src == "yi_vi"):
        row = df.loc[i]
        try:
            if _filled(df.loc[[i]], YI_VI)[0]:
                ge = from_var(_num(row, "yi", where[i]), _num(row, "vi", where[i]))
            else:
                ge = from_se(_num(row, "yi", where[i]), _num(row, "sei", where[i]))
        except MetaAnalysisError as err:
            raise MetaAnalysisError(f"{where[i]}: {err}") from None
        yi[i], vi[i] = ge.yi, ge.vi
    return MixedEffects(yi, vi, sources, labels, df)

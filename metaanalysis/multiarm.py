"""Multi-arm trials (Cochrane Handbook v6.4, section 23.3.4).

A trial with several experimental arms and one shared control must not enter
a meta-analysis as several comparisons that each use the full control group
(the control participants would be counted twice: a unit-of-analysis error).
Two remedies, both from the Handbook:

- ``combine`` (the Handbook's recommendation, our default): merge the
  experimental arms (and, likewise, several control arms) into one group.
  Binary: events and totals summed. Continuous: the combine-groups formula of
  Table 6.5.a, applied pairwise for more than two groups:
  N = N1 + N2, M = (N1 M1 + N2 M2) / N,
  SD = sqrt(((N1-1) SD1^2 + (N2-1) SD2^2 + N1 N2 / N (M1^2 + M2^2 - 2 M1 M2)) / (N - 1)).
  This is the mean and SD of the pooled participants, exactly.
- ``split``: keep one comparison per experimental arm and divide the shared
  control group's participants (and, for binary outcomes, its events) evenly
  among those comparisons; a continuous control keeps its mean and SD. The
  comparisons stay correlated, so this only partly removes the error (23.3.4).
  Several control arms are combined first, then split.

Rounding of split counts (``rounding="integer"``, the default, because RevMan
and integer-count methods need whole numbers): ``c`` split into ``k`` parts
gives ``c // k`` each and one more to the first ``c % k`` comparisons (in arm
order), so the parts sum to the original, and a part's events never exceed
its total (the first comparisons get the extra event only if they also get the
extra participant). ``rounding="none"`` divides exactly (fractional counts,
which escalc accepts).
"""
from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace

import pandas as pd

from stemfoot.metaanalysis.errors import MetaAnalysisError

MODES = ("combine", "split")
ROUNDING = ("integer", "none")


@dataclass(frozen=True)
class BinaryArm:
    """Events and participants of one arm (or of merged arms)."""

    events: float
    total: float
    label: str = ""


@dataclass(frozen=True)
class ContinuousArm:
    """Mean, SD and size of one arm (or of merged arms)."""

    mean: float
    sd: float
    n: float
    label: str = ""


Arm = BinaryArm | ContinuousArm


@dataclass(frozen=True)
class Comparison:
    """One pairwise comparison to pool; ``how`` says what was done ('', 'combined', 'split 1/2', ...)."""

    label: str
    experimental: Arm
    control: Arm
    how: str


def _join(arms: Sequence[Arm]) -> str:
    return " + ".join(a.label for a in arms if a.label)


def combine_binary(arms: Sequence[BinaryArm]) -> BinaryArm:
    """One group from several: events and totals summed."""
    if not arms:
        raise MetaAnalysisError("nothing to combine")
    for a in arms:
        if not 0 <= a.events <= a.total:
            raise MetaAnalysisError(f"arm {a.label or '?'}: {a.events:g} events out of {a.total:g}")
    return BinaryArm(sum(a.events for a in arms), sum(a.total for a in arms), _join(arms))


def combine_two(n1: float, m1: float, sd1: float, n2: float, m2: float, sd2: float) -> tuple[float, float, float]:
    """Handbook Table 6.5.a: (N, M, SD) of two groups combined."""
    n = n1 + n2
    if n < 2:
        raise MetaAnalysisError("combined groups need at least 2 participants for an SD")
    mean = (n1 * m1 + n2 * m2) / n
    var = ((n1 - 1) * sd1**2 + (n2 - 1) * sd2**2 + n1 * n2 / n * (m1**2 + m2**2 - 2 * m1 * m2)) / (n - 1)
    return n, mean, math.sqrt(var)


def combine_continuous(arms: Sequence[ContinuousArm]) -> ContinuousArm:
    """One group from several by Table 6.5.a, applied to the first two, then the result and the third, ..."""
    if not arms:
        raise MetaAnalysisError("nothing to combine")
    for a in arms:
        if a.n < 1 or a.sd < 0:
            raise MetaAnalysisError(f"arm {a.label or '?'}: needs n >= 1 and SD >= 0")
    n, m, s = arms[0].n, arms[0].mean, arms[0].sd
    for a in arms[1:]:
        n, m, s = combine_two(n, m, s, a.n, a.mean, a.sd)
    return ContinuousArm(m, s, n, _join(arms))


def combine(arms: Sequence[Arm]) -> Arm:
    """Combine arms of one kind (binary or continuous)."""
    if all(isinstance(a, BinaryArm) for a in arms):
        return combine_binary(arms)  # type: ignore[arg-type]
    if all(isinstance(a, ContinuousArm) for a in arms):
        return combine_continuous(arms)  # type: ignore[arg-type]
    raise MetaAnalysisError("cannot combine binary and continuous arms")


def split_count(count: float, parts: int, rounding: str = "integer") -> list[float]:
    """``count`` divided into ``parts`` (see the module docstring for the rounding)."""
    if parts < 1:
        raise MetaAnalysisError("parts must be >= 1")
    if rounding == "none":
        return [count / parts] * parts
    if rounding != "integer":
        raise MetaAnalysisError(f"rounding must be one of {', '.join(ROUNDING)}")
    if count != int(count) or count < 0:
        raise MetaAnalysisError(f"integer splitting needs a whole count, not {count:g}")
    base, extra = divmod(int(count), parts)
    return [base + (1 if i < extra else 0) for i in range(parts)]


def split_arm(control: Arm, parts: int, rounding: str = "integer") -> list[Arm]:
    """A shared control divided among ``parts`` comparisons (binary: events and total; continuous: n)."""
    if isinstance(control, BinaryArm):
        ev, tot = split_count(control.events, parts, rounding), split_count(control.total, parts, rounding)
        if rounding == "integer" and control.total < parts:
            raise MetaAnalysisError(f"a control of {control.total:g} cannot be split into {parts} comparisons")
        return [replace(control, events=e, total=t) for e, t in zip(ev, tot)]
    ns = split_count(control.n, parts, rounding)
    if min(ns) < 1:
        raise MetaAnalysisError(f"a control of {control.n:g} cannot be split into {parts} comparisons")
    return [replace(control, n=n) for n in ns]


def comparisons(study: str, experimental: Sequence[Arm], control: Sequence[Arm], mode: str = "combine",
                rounding: str = "integer") -> list[Comparison]:
    """The comparisons one study contributes under ``mode`` ('combine' or 'split')."""
    if mode not in MODES:
        raise MetaAnalysisError(f"multi-arm mode must be one of {', '.join(MODES)}, not {mode!r}")
    if not experimental or not control:
        raise MetaAnalysisError(f"{study}: needs at least one experimental and one control arm")
    ctrl = combine(control) if len(control) > 1 else control[0]
    if len(experimental) == 1:
        how = "controls combined" if len(control) > 1 else ""
        return [Comparison(study, experimental[0], ctrl, how)]
    if mode == "combine":
        return [Comparison(study, combine(experimental), ctrl, f"{len(experimental)} experimental arms combined")]
    parts = split_arm(ctrl, len(experimental), rounding)
    k = len(experimental)
    return [Comparison(f"{study} ({arm.label or i + 1})", arm, part, f"shared control split {i + 1}/{k}")
            for i, (arm, part) in enumerate(zip(experimental, parts))]


# ---- tables: one row per arm in, one row per comparison out -------------------------------

BINARY_ARM_COLUMNS = ("events", "total")
CONTINUOUS_ARM_COLUMNS = ("mean", "sd", "n")


def _arm(row: pd.Series, kind: str, where: str) -> Arm:
    try:
        if kind == "binary":
            return BinaryArm(float(row["events"]), float(row["total"]), str(row["arm"]))
        return ContinuousArm(float(row["mean"]), float(row["sd"]), float(row["n"]), str(row["arm"]))
    except (TypeError, ValueError):
        raise MetaAnalysisError(f"{where}: arm values must be numeric") from None


def arms_to_rows(
    arms: pd.DataFrame, mode: str = "combine", *, experimental_roles: Sequence[str] = ("intervention",),
    control_roles: Sequence[str] = ("control",), rounding: str = "integer",
) -> pd.DataFrame:
    """Per-arm table -> per-comparison table in frame.py's column layout.

    ``arms`` columns: ``study``, ``arm``, ``role`` and ``events, total``
    (binary) or ``mean, sd, n`` (continuous). Arms whose role is in neither
    list are left out (named in ``arms_ignored``). Out: ``study`` (the
    comparison label), ``source_study``, ``arms_t``, ``arms_c``,
    ``multiarm`` (what was done), ``arms_ignored`` and ``events_t, total_t,
    events_c, total_c`` or ``mean_t, sd_t, n_t, mean_c, sd_c, n_c``.
    Studies without an arm on both sides are an error naming the study.
    """
    need = {"study", "arm", "role"}
    if need - set(arms.columns):
        raise MetaAnalysisError(f"arm table needs columns study, arm, role; missing {', '.join(sorted(need - set(arms.columns)))}")
    if all(c in arms.columns for c in BINARY_ARM_COLUMNS):
        kind = "binary"
    elif all(c in arms.columns for c in CONTINUOUS_ARM_COLUMNS):
        kind = "continuous"
    else:
        raise MetaAnalysisError("arm table needs events,total or mean,sd,n")
    if set(experimental_roles) & set(control_roles):
        raise MetaAnalysisError("a role cannot be both experimental and control")
    arms = arms.reset_index(drop=True)
    rows = []
    for study, group in arms.groupby("study", sort=False):
        exp, ctl, ignored = [], [], []
        for i, row in group.iterrows():
            where = f"row {int(i) + 1} ({study}, arm {row['arm']})"
            if row["role"] in experimental_roles:
                exp.append(_arm(row, kind, where))
            elif row["role"] in control_roles:
                ctl.append(_arm(row, kind, where))
            else:
                ignored.append(str(row["arm"]))
        for comp in comparisons(str(study), exp, ctl, mode, rounding):
            out = {"study": comp.label, "source_study": study, "arms_t": comp.experimental.label,
                   "arms_c": comp.control.label, "multiarm": comp.how, "arms_ignored": "; ".join(ignored)}
            for side, arm in (("t", comp.experimental), ("c", comp.control)):
                if kind == "binary":
                    out.update({f"events_{side}": arm.events, f"total_{side}": arm.total})
                else:
                    out.update({f"mean_{side}": arm.mean, f"sd_{side}": arm.sd, f"n_{side}": arm.n})
            rows.append(out)
    return pd.DataFrame(rows)


def plot_note(mode: str) -> str:
    """The line to print under a forest plot saying how multi-arm trials were handled."""
    if mode == "combine":
        return ("Multi-arm trials: experimental arms combined into one group "
                "(Cochrane Handbook 23.3.4; means/SDs by Table 6.5.a).")
    if mode == "split":
        return ("Multi-arm trials: one comparison per experimental arm, shared control split evenly "
                "(Cochrane Handbook 23.3.4).")
    raise MetaAnalysisError(f"multi-arm mode must be one of {', '.join(MODES)}, not {mode!r}")

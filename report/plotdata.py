"""What a forest or funnel plot draws: plain dataclasses filled from the engine's results.

The renderers compute no statistics: every number drawn comes from these
objects. Effects are on the analysis scale (log scale for ratio measures);
``exp_scale`` tells the renderer to draw them back-transformed on a log axis.
The ``format_*`` helpers write numbers the way the plots show them, so a
caller (or a test) can produce the exact strings a figure holds.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

RATIO_MEASURES = ("RR", "OR", "PETO")
DIFFERENCE_MEASURES = ("RD", "MD", "SMD")
MEASURES = RATIO_MEASURES + DIFFERENCE_MEASURES + ("GEN",)

MEASURE_NAMES = {
    "RR": "Risk ratio",
    "OR": "Odds ratio",
    "PETO": "Peto odds ratio",
    "RD": "Risk difference",
    "MD": "Mean difference",
    "SMD": "Std. mean difference",
    "GEN": "Effect",
}

MINUS = "\u2212"  # typographic minus, as matplotlib's tick labels use


def _check_scale(measure: str, exp_scale: bool) -> None:
    """Ratio measures come on the log scale with exp_scale=True; differences without it."""
    if measure not in MEASURES:
        raise ValueError(f"measure must be one of {', '.join(MEASURES)}, not {measure!r}")
    if measure in RATIO_MEASURES and not exp_scale:
        raise ValueError(f"{measure} is a ratio measure: pass log values with exp_scale=True")
    if measure in DIFFERENCE_MEASURES and exp_scale:
        raise ValueError(f"{measure} is a difference measure: exp_scale must be False")


@dataclass(frozen=True)
class ForestStudy:
    """One study row. ``yi``/``ci_*`` on the analysis scale; NaN ``yi`` = not estimable."""

    label: str
    yi: float
    ci_lower: float
    ci_upper: float
    weight: float  # percent of the overall analysis
    data_t: str | None = None  # per-arm data already formatted, e.g. "14/18" or "0.57 (0.14) 14"
    data_c: str | None = None
    timepoint: str | None = None  # shown in a Timepoint column when any study has one


@dataclass(frozen=True)
class PooledEffect:
    """A pooled estimate (overall or subgroup) with its heterogeneity and test statistics.

    ``i2`` is in percent. ``test`` is "z" or "knha" (t test; ``test_df``
    defaults to ``df``, which is k - 1 for an intercept-only model).
    ``weight`` (percent) defaults to the sum of the drawn studies' weights.
    """

    estimate: float
    ci_lower: float
    ci_upper: float
    q: float
    df: int
    q_pval: float
    stat: float
    pval: float
    label: str = ""
    pi_lower: float | None = None
    pi_upper: float | None = None
    tau2: float | None = None
    i2: float | None = None
    test: str = "z"
    test_df: int | None = None
    method: str = "REML"
    weight: float | None = None
    data_t: str | None = None  # arm totals, e.g. "113" or "41/113"
    data_c: str | None = None

    def __post_init__(self) -> None:
        if self.test not in ("z", "knha"):
            raise ValueError(f"test must be 'z' or 'knha', not {self.test!r}")
        if (self.pi_lower is None) != (self.pi_upper is None):
            raise ValueError("give both prediction-interval bounds or neither")


@dataclass(frozen=True)
class ForestGroup:
    """A subgroup; ``pooled`` is None when it has too few studies for a subtotal."""

    name: str
    studies: list[ForestStudy]
    pooled: PooledEffect | None = None


@dataclass(frozen=True)
class ForestData:
    """Everything a forest plot shows.

    With one group the plot has no subgroup headings or subtotals (that
    group's ``name`` and ``pooled`` are not drawn). ``xlim`` (analysis scale)
    overrides the automatic axis range.
    """

    measure: str
    groups: list[ForestGroup]
    overall: PooledEffect
    outcome_label: str = ""
    subgroup_test: tuple[float, int, float] | None = None  # (Q, df, p)
    label_t: str = "Cell therapy"
    label_c: str = "Control"
    favours_left: str = "Favours cell therapy"
    favours_right: str = "Favours control"
    footnotes: list[str] = field(default_factory=list)
    exp_scale: bool = False
    level: float = 95.0
    digits: int = 2
    xlim: tuple[float, float] | None = None
    effect_label: str | None = None  # header of the effect column; default from the measure

    @property
    def effect_name(self) -> str:
        return self.effect_label or MEASURE_NAMES[self.measure]

    def __post_init__(self) -> None:
        _check_scale(self.measure, self.exp_scale)
        if not self.groups or not any(g.studies for g in self.groups):
            raise ValueError("a forest plot needs at least one study")
        if self.xlim is not None and not self.xlim[0] < self.xlim[1]:
            raise ValueError("xlim must be (lower, upper) with lower < upper")

    @property
    def subgrouped(self) -> bool:
        return len(self.groups) > 1

    @property
    def studies(self) -> list[ForestStudy]:
        return [s for g in self.groups for s in g.studies]


@dataclass(frozen=True)
class FunnelData:
    """A funnel plot: study effects (analysis scale) against their standard errors.

    ``filled`` holds trim-and-fill imputed (yi, sei) points and
    ``filled_estimate`` the adjusted pooled estimate, both optional.
    ``egger`` is (z or t value, p) of Egger's regression test.
    """

    yi: list[float]
    sei: list[float]
    estimate: float
    measure: str
    exp_scale: bool = False
    egger: tuple[float, float] | None = None
    egger_stat: str = "z"  # "z" or "t"
    filled: list[tuple[float, float]] = field(default_factory=list)
    filled_estimate: float | None = None
    level: float = 95.0
    title: str = ""
    effect_label: str | None = None  # x-axis name; default from the measure

    @property
    def effect_name(self) -> str:
        return self.effect_label or MEASURE_NAMES[self.measure]

    def __post_init__(self) -> None:
        _check_scale(self.measure, self.exp_scale)
        if len(self.yi) != len(self.sei) or not self.yi:
            raise ValueError("yi and sei must be non-empty and of equal length")
        if any(not (s > 0 and math.isfinite(s)) for s in self.sei):
            raise ValueError("standard errors must be positive and finite")
        if self.egger_stat not in ("z", "t"):
            raise ValueError("egger_stat must be 'z' or 't'")


def format_number(x: float, digits: int = 2) -> str:
    """Fixed decimals with a typographic minus."""
    s = f"{x:.{digits}f}"
    if s.startswith("-"):
        s = MINUS + s[1:] if float(s) != 0 else s[1:]
    return s


def format_effect(yi: float, lo: float, hi: float, exp_scale: bool, digits: int = 2) -> str:
    """'0.45 [0.21, 0.96]' on the display scale; 'Not estimable' for NaN."""
    if not all(math.isfinite(v) for v in (yi, lo, hi)):
        return "Not estimable"
    f = math.exp if exp_scale else float
    return f"{format_number(f(yi), digits)} [{format_number(f(lo), digits)}, {format_number(f(hi), digits)}]"


def format_interval(lo: float, hi: float, exp_scale: bool, digits: int = 2) -> str:
    """'[0.21, 0.96]' on the display scale."""
    f = math.exp if exp_scale else float
    return f"[{format_number(f(lo), digits)}, {format_number(f(hi), digits)}]"


def format_weight(w: float) -> str:
    return f"{w:.1f}%"


def format_p(p: float, symbol: str = "P") -> str:
    """'P = 0.27', 'P = 0.004', 'P < 0.001', 'P > 0.99'."""
    if p < 0.001:
        return f"{symbol} < 0.001"
    if p < 0.01:
        return f"{symbol} = {p:.3f}"
    if p > 0.99:
        return f"{symbol} > 0.99"
    return f"{symbol} = {p:.2f}"


def format_tau2(t: float) -> str:
    """Two decimals, or two significant digits below 0.01 so a small τ² does not read as 0."""
    if t == 0 or abs(t) >= 0.01:
        return f"{t:.2f}"
    return f"{t:.2g}"


def heterogeneity_text(p: PooledEffect) -> str:
    """'Heterogeneity: τ² = 0.12; χ² = 14.30, df = 5 (P = 0.01); I² = 65%'."""
    parts = []
    if p.tau2 is not None:
        parts.append(f"τ² = {format_tau2(p.tau2)}")
    parts.append(f"χ² = {p.q:.2f}, df = {p.df} ({format_p(p.q_pval)})")
    if p.i2 is not None:
        parts.append(f"I² = {p.i2:.0f}%")
    return "Heterogeneity: " + "; ".join(parts)


def overall_test_text(p: PooledEffect) -> str:
    """'Test for overall effect: Z = 2.34 (P = 0.02)', or 't = 2.34, df = 5 (...)' for Knapp–Hartung."""
    if p.test == "knha":
        df = p.df if p.test_df is None else p.test_df
        return f"Test for overall effect: t = {format_number(p.stat)}, df = {df} ({format_p(p.pval)})"
    return f"Test for overall effect: Z = {format_number(p.stat)} ({format_p(p.pval)})"


def subgroup_test_text(q: float, df: int, p: float) -> str:
    """'Test for subgroup differences: χ² = 1.23, df = 1 (P = 0.27)'."""
    return f"Test for subgroup differences: χ² = {q:.2f}, df = {df} ({format_p(p)})"

"""Forest plots in the RevMan/metafor style, drawn from :class:`ForestData`.

Layout: a table (study, per-arm data, weight, effect [CI]) left of the plot
panel, one row per study, pooled diamonds with their prediction interval on
a row beneath, heterogeneity and effect tests under each (sub)total. Column
widths come from the rendered widths of their texts, and the figure height
from the number of rows, so nothing overlaps from 2 to 60+ studies.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import matplotlib
from matplotlib.backends.backend_agg import FigureCanvasAgg, RendererAgg
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.lines import Line2D
from matplotlib.patches import Polygon, Rectangle
from matplotlib.ticker import FixedLocator, FuncFormatter, MaxNLocator, NullLocator
from matplotlib.transforms import blended_transform_factory, offset_copy

from stemfoot.report.plotdata import (
    MINUS,
    ForestData,
    ForestStudy,
    PooledEffect,
    format_effect,
    format_interval,
    format_weight,
    heterogeneity_text,
    overall_test_text,
    subgroup_test_text,
)

FONT = "DejaVu Sans"
FONT_SIZE = 8.0
SMALL_FONT_SIZE = 7.0
ROW = 0.2  # inches per table row
HEADER_LINE = 0.16
MARGIN = 0.15
COL_GAP = 0.16
PLOT_GAP = 0.3  # table to plot panel; leaves room for half of the first tick label
PLOT_WIDTH = 2.6
RIGHT_GAP = 0.2  # room for half of the last tick label
MAX_LABEL_WIDTH = 2.8  # longer study labels are shortened with an ellipsis
AXIS_BAND = 0.5  # ticks, tick labels and the favours labels under the plot
SQUARE_MAX = 9.0  # points; the side of the heaviest study's square
SQUARE_MIN = 2.5  # points; keeps very light studies visible
DIAMOND_HALF = 0.32  # rows
PI_HALF = 0.07  # rows
STUDY_COLOR = "#1f4e79"
PI_COLOR = "#6e6e6e"
PNG_DPI = 300

# Half-widths of the ratio axis (on the ratio scale) and their tick marks.
RATIO_AXES = (
    (2.0, (0.5, 0.7, 1, 1.5, 2)),
    (5.0, (0.2, 0.5, 1, 2, 5)),
    (10.0, (0.1, 0.2, 0.5, 1, 2, 5, 10)),
    (20.0, (0.05, 0.2, 1, 5, 20)),
    (50.0, (0.02, 0.1, 1, 10, 50)),
    (100.0, (0.01, 0.1, 1, 10, 100)),
    (1000.0, (0.001, 0.01, 0.1, 1, 10, 100, 1000)),
)
RATIO_AXIS_CAP = math.log(100.0)  # study CIs wider than 0.01-100 run off the axis (arrows)
DIFF_AXIS_FACTOR = 3.0  # difference axes reach at most 3x the widest estimate or pooled CI


@dataclass
class _Row:
    label: str = ""
    t: str = ""
    c: str = ""
    tp: str = ""
    weight: str = ""
    effect: str = ""
    bold: bool = False
    span: bool = False  # a heading or statistics line: may run across the data columns
    study: ForestStudy | None = None
    diamond: PooledEffect | None = None
    pi: PooledEffect | None = None


@dataclass
class _Column:
    key: str
    header: tuple[str, str]
    align: str  # of the cells
    header_align: str
    x: float = 0.0  # left edge, inches
    width: float = 0.0

    def anchor(self, align: str) -> float:
        return {"left": self.x, "center": self.x + self.width / 2, "right": self.x + self.width}[align]


def _fontprops(size: float = FONT_SIZE, bold: bool = False) -> FontProperties:
    return FontProperties(family=FONT, size=size, weight="bold" if bold else "normal")


class _Measure:
    """Rendered text widths in inches (the Agg renderer's metrics, as drawn)."""

    def __init__(self, renderer: RendererAgg) -> None:
        self.renderer = renderer

    def width(self, text: str, size: float = FONT_SIZE, bold: bool = False) -> float:
        if not text:
            return 0.0
        w, _, _ = self.renderer.get_text_width_height_descent(text, _fontprops(size, bold), ismath=False)
        return w / self.renderer.dpi

    def shorten(self, text: str, limit: float, bold: bool = False) -> str:
        if self.width(text, bold=bold) <= limit:
            return text
        while text and self.width(text + "…", bold=bold) > limit:
            text = text[:-1]
        return text.rstrip() + "…"

    def wrap(self, text: str, limit: float, size: float) -> list[str]:
        lines: list[str] = []
        line = ""
        for word in text.split():
            trial = f"{line} {word}" if line else word
            if line and self.width(trial, size) > limit:
                lines.append(line)
                line = word
            else:
                line = trial
        return lines + [line] if line else lines


def _is_finite(*xs: float | None) -> bool:
    return all(x is not None and math.isfinite(x) for x in xs)


def _pooled_rows(d: ForestData, p: PooledEffect, default: str, studies: list[ForestStudy]) -> list[_Row]:
    weight = p.weight if p.weight is not None else sum(s.weight for s in studies if math.isfinite(s.weight))
    rows = [
        _Row(
            label=p.label or f"{default} ({d.level:g}% CI)",
            t=p.data_t or "",
            c=p.data_c or "",
            weight=format_weight(weight),
            effect=format_effect(p.estimate, p.ci_lower, p.ci_upper, d.exp_scale, d.digits),
            bold=True,
            diamond=p,
        )
    ]
    if p.pi_lower is not None and p.pi_upper is not None:
        rows.append(
            _Row(
                label=f"{d.level:g}% prediction interval",
                effect=format_interval(p.pi_lower, p.pi_upper, d.exp_scale, d.digits),
                pi=p,
            )
        )
    return rows


def _body_rows(d: ForestData) -> list[_Row]:
    rows: list[_Row] = []
    for g in d.groups:
        if d.subgrouped:
            rows.append(_Row(label=g.name, bold=True, span=True))
        for s in g.studies:
            rows.append(
                _Row(
                    label=s.label,
                    t=s.data_t or "",
                    c=s.data_c or "",
                    tp=s.timepoint or "",
                    weight=format_weight(s.weight) if math.isfinite(s.weight) else "",
                    effect=format_effect(s.yi, s.ci_lower, s.ci_upper, d.exp_scale, d.digits),
                    study=s,
                )
            )
        if d.subgrouped and g.pooled is not None:
            rows += _pooled_rows(d, g.pooled, "Subtotal", g.studies)
            rows.append(_Row(label=heterogeneity_text(g.pooled), span=True))
            rows.append(_Row(label=overall_test_text(g.pooled), span=True))
        if d.subgrouped:
            rows.append(_Row())
    rows += _pooled_rows(d, d.overall, "Total", d.studies)
    return rows


def _footer_lines(d: ForestData) -> list[str]:
    lines = [heterogeneity_text(d.overall), overall_test_text(d.overall)]
    if d.subgroup_test is not None:
        lines.append(subgroup_test_text(*d.subgroup_test))
    return lines


def _columns(d: ForestData) -> list[_Column]:
    arm_sub = {"RR": "Events/Total", "OR": "Events/Total", "PETO": "Events/Total", "RD": "Events/Total",
               "MD": "Mean (SD) Total", "SMD": "Mean (SD) Total"}.get(d.measure, "")
    cols = [_Column("label", ("", "Study or subgroup" if d.subgrouped else "Study"), "left", "left")]
    if any(s.data_t for s in d.studies):
        cols.append(_Column("t", (d.label_t, arm_sub), "center", "center"))
    if any(s.data_c for s in d.studies):
        cols.append(_Column("c", (d.label_c, arm_sub), "center", "center"))
    if any(s.timepoint for s in d.studies):
        cols.append(_Column("tp", ("", "Timepoint"), "left", "left"))
    cols.append(_Column("weight", ("", "Weight"), "right", "right"))
    cols.append(_Column("effect", (d.effect_name, f"{d.overall.method}, {d.level:g}% CI"), "right",
                        "center"))
    for col in cols:  # a one-line header sits on the lower line, next to the others' last lines
        if not col.header[1]:
            col.header = ("", col.header[0])
    return cols


def _axis(d: ForestData) -> tuple[float, float, list[float]]:
    """Axis limits and ticks on the analysis scale.

    Symmetric about the null; wide enough for every estimate, pooled CI and
    prediction interval, and for study CIs up to a cap beyond which they get
    arrows.
    """
    core: list[float] = []
    full: list[float] = []
    for s in d.studies:
        if _is_finite(s.yi, s.ci_lower, s.ci_upper):
            core.append(abs(s.yi))
            full += [abs(s.ci_lower), abs(s.ci_upper)]
    pooled = [d.overall] + [g.pooled for g in d.groups if g.pooled is not None and d.subgrouped]
    for p in pooled:
        core += [abs(v) for v in (p.estimate, p.ci_lower, p.ci_upper, p.pi_lower, p.pi_upper) if _is_finite(v)]
    r_core = max(core, default=0.0)
    r_full = max(full + core, default=0.0)
    if d.xlim is not None:
        lo, hi = d.xlim
        if d.exp_scale:
            return lo, hi, [math.log(t) for t in log_ticks(math.exp(lo), math.exp(hi))]
        ticks = MaxNLocator(nbins=6, steps=[1, 2, 2.5, 5, 10]).tick_values(lo, hi)
        return lo, hi, [t for t in ticks if lo - 1e-12 <= t <= hi + 1e-12]
    if d.exp_scale:
        r = max(r_core, min(r_full, RATIO_AXIS_CAP))
        for half, ticks in RATIO_AXES:
            if math.log(half) >= r - 1e-12:
                break
        return -math.log(half), math.log(half), [math.log(t) for t in ticks]
    r = max(r_core, min(r_full, DIFF_AXIS_FACTOR * r_core)) or 1.0
    ticks = MaxNLocator(nbins=4, steps=[1, 2, 2.5, 5, 10], symmetric=True).tick_values(-r, r)
    half = min(abs(t) for t in ticks if abs(t) >= r - 1e-12)
    return -half, half, [float(t) for t in ticks if abs(t) <= half + 1e-12]


def log_ticks(lo: float, hi: float) -> list[float]:
    """Round ticks between ``lo`` and ``hi`` (ratio scale) for a log axis: 3 to 7 where possible."""

    def inside(mantissas: tuple[float, ...]) -> list[float]:
        ticks = sorted(m * 10.0**e for e in range(-12, 13) for m in mantissas)
        return [float(f"{t:.6g}") for t in ticks if lo * (1 - 1e-9) <= t <= hi * (1 + 1e-9)]

    decades = inside((1,))
    if len(decades) >= 3:
        one_two_five = inside((1, 2, 5))
        if len(one_two_five) <= 7:
            return one_two_five
        step = math.ceil(len(decades) / 7)
        return [t for t in decades if round(math.log10(t)) % step == 0]
    ticks = decades
    for mantissas in ((1, 2, 5), (1, 1.5, 2, 3, 5, 7), (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 7, 8, 9)):
        ticks = inside(mantissas)
        if len(ticks) >= 3:
            break
    return ticks


def tick_label(v: float, _pos: float | None = None) -> str:
    """'0.5', '10', '−2': shortest form, typographic minus."""
    return f"{v:g}".replace("-", MINUS)


def _place_columns(cols: list[_Column], rows: list[_Row], footer: list[str], m: _Measure) -> float:
    """Size each column to its widest text and lay them out; return the table width.

    Headings and statistics lines span the columns: when one is wider than
    the table, the study column takes up the difference.
    """
    for col in cols:
        texts = [(h, True) for h in col.header] + [(getattr(r, col.key), r.bold) for r in rows if not r.span]
        col.width = max(m.width(t, bold=b) for t, b in texts)
    table_w = sum(c.width for c in cols) + COL_GAP * (len(cols) - 1)
    span_w = max([m.width(r.label, bold=r.bold) for r in rows if r.span] + [m.width(t) for t in footer])
    if span_w > table_w:
        cols[0].width += span_w - table_w
        table_w = span_w
    x = MARGIN
    for col in cols:
        col.x = x
        x += col.width + COL_GAP
    return table_w


def forest_figure(d: ForestData) -> Figure:
    """Build the forest plot as a matplotlib Figure (no pyplot state)."""
    fig = Figure(figsize=(8, 4), dpi=100)
    canvas = FigureCanvasAgg(fig)
    m = _Measure(canvas.get_renderer())
    rows = _body_rows(d)
    for r in rows:
        if r.study is not None:
            r.label = m.shorten(r.label, MAX_LABEL_WIDTH)
    footer = _footer_lines(d)

    cols = _columns(d)
    table_w = _place_columns(cols, rows, footer, m)

    xmin, xmax, ticks = _axis(d)
    null = 0.0
    frac = min(max((null - xmin) / (xmax - xmin), 0.2), 0.8)
    gap = 4 / 72
    fav_l, fav_r = m.width(d.favours_left), m.width(d.favours_right)
    plot_w = max(PLOT_WIDTH, (fav_l + 2 * gap) / frac, (fav_r + 2 * gap) / (1 - frac))
    plot_x = MARGIN + table_w + PLOT_GAP
    fig_w = plot_x + plot_w + RIGHT_GAP + MARGIN

    title_h = ROW if d.outcome_label else 0.0
    header_top = MARGIN + title_h
    body_top = header_top + 2 * HEADER_LINE + 0.08
    body_h = len(rows) * ROW
    band_h = max(AXIS_BAND, len(footer) * ROW + 0.05)
    note_w = fig_w - 2 * MARGIN
    notes = [line for note in d.footnotes for line in m.wrap(note, note_w, SMALL_FONT_SIZE)]
    notes_h = len(notes) * 0.15 + (0.08 if notes else 0.0)
    fig_h = body_top + body_h + band_h + notes_h + MARGIN
    fig.set_size_inches(fig_w, fig_h)

    def fy(top: float) -> float:  # inches from the top -> inches from the bottom
        return fig_h - top

    ax = fig.add_axes((plot_x / fig_w, fy(body_top + body_h) / fig_h, plot_w / fig_w, body_h / fig_h))
    inch = fig.dpi_scale_trans
    row_trans = blended_transform_factory(inch, ax.transData)
    base = {"fontfamily": FONT, "fontsize": FONT_SIZE, "parse_math": False}

    if d.outcome_label:
        fig.text(MARGIN, fy(MARGIN + ROW / 2), d.outcome_label, transform=inch, va="center", ha="left",
                 fontweight="bold", **{**base, "fontsize": FONT_SIZE + 1})
    for col in cols:
        for i, h in enumerate(col.header):
            if h:
                fig.text(col.anchor(col.header_align), fy(header_top + (i + 0.5) * HEADER_LINE), h, transform=inch,
                         ha=col.header_align, va="center", fontweight="bold", **base)
    rule_y = fy(body_top - 0.04)
    fig.add_artist(Line2D([MARGIN, fig_w - MARGIN], [rule_y, rule_y], transform=inch, color="black", lw=0.6))

    for i, r in enumerate(rows):
        for col in cols:
            text = getattr(r, col.key)
            if not text:
                continue
            align = "left" if r.span else col.align
            fig.text(col.anchor(align), i, text, transform=row_trans, ha=align, va="center",
                     fontweight="bold" if r.bold else "normal", **base)

    _draw_plot(ax, d, rows, xmin, xmax, ticks)

    axis_bottom = body_top + body_h
    fav_y = fy(axis_bottom + 0.36)
    fav_trans = blended_transform_factory(ax.transData, inch)
    nx = _to_axis(min(max(null, xmin), xmax), d.exp_scale)
    fig.text(nx, fav_y, d.favours_left, transform=offset_copy(fav_trans, fig, x=-4, units="points"),
             ha="right", va="center", **base)
    fig.text(nx, fav_y, d.favours_right, transform=offset_copy(fav_trans, fig, x=4, units="points"),
             ha="left", va="center", **base)
    for i, line in enumerate(footer):
        fig.text(MARGIN, fy(axis_bottom + (i + 0.5) * ROW + 0.03), line, transform=inch, ha="left", va="center",
                 **base)
    for i, line in enumerate(notes):
        fig.text(MARGIN, fy(axis_bottom + band_h + 0.08 + (i + 0.5) * 0.15), line, transform=inch, ha="left",
                 va="center", **{**base, "fontsize": SMALL_FONT_SIZE})
    return fig


def _to_axis(v: float, exp_scale: bool) -> float:
    return math.exp(v) if exp_scale else v


def _draw_plot(ax, d: ForestData, rows: list[_Row], xmin: float, xmax: float, ticks: list[float]) -> None:
    ex = d.exp_scale
    ax.set_ylim(len(rows) - 0.5, -0.5)
    if ex:
        ax.set_xscale("log")
    ax.set_xlim(_to_axis(xmin, ex), _to_axis(xmax, ex))
    ax.xaxis.set_major_locator(FixedLocator([_to_axis(t, ex) for t in ticks]))
    ax.xaxis.set_major_formatter(FuncFormatter(tick_label))
    ax.xaxis.set_minor_locator(NullLocator())
    ax.yaxis.set_visible(False)
    for side in ("left", "right", "top"):
        ax.spines[side].set_visible(False)
    ax.spines["bottom"].set_linewidth(0.6)
    ax.tick_params(axis="x", labelsize=FONT_SIZE, width=0.6, length=3, pad=2, labelfontfamily=FONT)
    ax.patch.set_visible(False)
    ax.axvline(_to_axis(0.0, ex), color="black", lw=0.6, zorder=1)

    weights = [r.study.weight for r in rows if r.study is not None and math.isfinite(r.study.weight)]
    w_max = max(weights, default=0.0)
    for y, r in enumerate(rows):
        if r.study is not None and _is_finite(r.study.yi, r.study.ci_lower, r.study.ci_upper):
            s = r.study
            _interval(ax, s.ci_lower, s.ci_upper, y, xmin, xmax, ex, color=STUDY_COLOR, lw=0.8, gid="ci")
            if w_max > 0 and s.weight > 0:
                side = max(SQUARE_MAX * math.sqrt(s.weight / w_max), SQUARE_MIN)
                ax.add_line(Line2D([_to_axis(s.yi, ex)], [y], marker="s", markersize=side, linestyle="none",
                                   markerfacecolor=STUDY_COLOR, markeredgewidth=0, zorder=3, gid="study"))
            elif not math.isfinite(s.weight):  # a refit (leave-one-out, cumulative): no weight, a point
                ax.add_line(Line2D([_to_axis(s.yi, ex)], [y], marker="D", markersize=4, linestyle="none",
                                   markerfacecolor=STUDY_COLOR, markeredgewidth=0, zorder=3, gid="refit"))
        if r.diamond is not None:
            p = r.diamond
            xs = [_to_axis(v, ex) for v in (p.ci_lower, p.estimate, p.ci_upper, p.estimate)]
            ys = [y, y - DIAMOND_HALF, y, y + DIAMOND_HALF]
            ax.add_patch(Polygon(list(zip(xs, ys)), closed=True, facecolor="black", edgecolor="black", lw=0.5,
                                 zorder=3, gid="diamond"))
        if r.pi is not None:
            lo, hi = max(r.pi.pi_lower, xmin), min(r.pi.pi_upper, xmax)
            ax.add_patch(Rectangle((_to_axis(lo, ex), y - PI_HALF), _to_axis(hi, ex) - _to_axis(lo, ex),
                                   2 * PI_HALF, facecolor=PI_COLOR, edgecolor="none", zorder=3, gid="pi"))
            _arrows(ax, r.pi.pi_lower, r.pi.pi_upper, y, xmin, xmax, ex, PI_COLOR)


def _interval(ax, lo: float, hi: float, y: float, xmin: float, xmax: float, ex: bool, color: str, lw: float,
              gid: str) -> None:
    """A CI line clipped to the axis, with an arrowhead where it runs off."""
    a, b = max(lo, xmin), min(hi, xmax)
    if a < b:
        ax.add_line(Line2D([_to_axis(a, ex), _to_axis(b, ex)], [y, y], color=color, lw=lw, zorder=2, gid=gid,
                           solid_capstyle="butt"))
    _arrows(ax, lo, hi, y, xmin, xmax, ex, color)


def _arrows(ax, lo: float, hi: float, y: float, xmin: float, xmax: float, ex: bool, color: str) -> None:
    for off, edge, marker in ((lo < xmin, xmin, "<"), (hi > xmax, xmax, ">")):
        if off:
            ax.add_line(Line2D([_to_axis(edge, ex)], [y], marker=marker, markersize=4, linestyle="none",
                               color=color, markeredgewidth=0, clip_on=False, zorder=3, gid="arrow"))


def draw_forest(data: ForestData, out: Path | str) -> Path:
    """Write the forest plot to ``out``: PNG (300 dpi), SVG or PDF by extension."""
    return save_figure(forest_figure(data), out)


def save_figure(fig: Figure, out: Path | str) -> Path:
    """Save by extension; PDF embeds TrueType fonts (editable text, as journals ask)."""
    out = Path(out)
    fmt = out.suffix.lower().lstrip(".")
    if fmt not in ("png", "svg", "pdf"):
        raise ValueError(f"unsupported figure format {out.suffix!r}: use .png, .svg or .pdf")
    out.parent.mkdir(parents=True, exist_ok=True)
    from stemfoot.corpus.safe_io import atomic_open

    # Rendered into a temporary file beside ``out`` and renamed: a failure keeps the previous figure.
    with matplotlib.rc_context({"pdf.fonttype": 42, "svg.hashsalt": "stemfoot"}), atomic_open(out, "wb") as fh:
        fig.savefig(fh, format=fmt, dpi=PNG_DPI if fmt == "png" else None, facecolor="white",
                    metadata={"svg": {"Date": None}, "pdf": {"CreationDate": None}}.get(fmt))
    return out

"""Contour-enhanced funnel plots (metafor ``funnel(level=c(90, 95, 99), shade=...)``) from :class:`FunnelData`.

The shaded contours are p-value regions of a two-sided test of no effect,
centred on the null (0 on the analysis scale, 1 on the ratio scale): a study
in a shaded band has p between that band's levels whatever the pooled
estimate. The dashed funnel is the 95% pseudo-confidence region around the
pooled estimate.
"""
from __future__ import annotations

import math
from pathlib import Path

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import FixedLocator, FuncFormatter, NullLocator
from scipy.stats import norm

from stemfoot.report.forest_plot import FONT, FONT_SIZE, log_ticks, save_figure, tick_label
from stemfoot.report.plotdata import FunnelData, format_number, format_p

FIG_SIZE = (6.8, 4.4)  # inches
AXES_BOX = (0.8, 0.9, 3.9, 3.25)  # left, bottom, width, height in inches
# (two-sided p band, fill colour) from the widest region inwards, as metafor's
# funnel(level = c(90, 95, 99), shade = c("white", "gray55", "gray75"), back = "lightgray").
CONTOURS = ((0.01, "#bfbfbf"), (0.05, "#8c8c8c"), (0.10, "white"))
OUTSIDE = "#d4d4d4"


def funnel_figure(d: FunnelData) -> Figure:
    """Build the funnel plot as a matplotlib Figure (no pyplot state)."""
    fig = Figure(figsize=FIG_SIZE, dpi=100)
    FigureCanvasAgg(fig)
    w, h = FIG_SIZE
    left, bottom, aw, ah = AXES_BOX
    ax = fig.add_axes((left / w, bottom / h, aw / w, ah / h))
    ex = d.exp_scale

    def tx(v: float) -> float:
        return math.exp(v) if ex else v

    se_all = list(d.sei) + [s for _, s in d.filled]
    y_all = list(d.yi) + [y for y, _ in d.filled]
    se_top = max(se_all) * 1.05
    z_pi = norm.isf((1 - d.level / 100) / 2)
    z_out = norm.isf(CONTOURS[0][0] / 2)
    span = [min(y_all), max(y_all), -z_out * se_top, z_out * se_top,
            d.estimate - z_pi * se_top, d.estimate + z_pi * se_top]
    lo, hi = min(span), max(span)
    pad = 0.04 * (hi - lo)
    lo, hi = lo - pad, hi + pad

    ax.set_facecolor(OUTSIDE)
    for p, colour in CONTOURS:
        z = norm.isf(p / 2)
        ax.fill_betweenx([0, se_top], [tx(0.0), tx(-z * se_top)], [tx(0.0), tx(z * se_top)],
                         facecolor=colour, edgecolor="none", zorder=1)
    est = tx(d.estimate)
    ax.plot([est, est], [0, se_top], color="black", lw=0.8, zorder=2, gid="estimate")
    for sign in (-1, 1):
        ax.plot([est, tx(d.estimate + sign * z_pi * se_top)], [0, se_top], color="black", lw=0.7, ls="--",
                zorder=2, gid="pseudo_ci")
    if d.filled_estimate is not None:
        fe = tx(d.filled_estimate)
        ax.plot([fe, fe], [0, se_top], color="black", lw=0.8, ls=":", zorder=2, gid="filled_estimate")
    ax.plot([tx(y) for y in d.yi], list(d.sei), ls="none", marker="o", markersize=5, markerfacecolor="black",
            markeredgecolor="black", markeredgewidth=0.6, zorder=4, gid="studies")
    if d.filled:
        ax.plot([tx(y) for y, _ in d.filled], [s for _, s in d.filled], ls="none", marker="o", markersize=5,
                markerfacecolor="white", markeredgecolor="black", markeredgewidth=0.8, zorder=4, gid="filled")

    if ex:
        ax.set_xscale("log")
        ax.xaxis.set_major_locator(FixedLocator(log_ticks(tx(lo), tx(hi))))
        ax.xaxis.set_minor_locator(NullLocator())
    ax.xaxis.set_major_formatter(FuncFormatter(tick_label))
    ax.yaxis.set_major_formatter(FuncFormatter(tick_label))
    ax.set_xlim(tx(lo), tx(hi))
    ax.set_ylim(se_top, 0)
    ax.tick_params(labelsize=FONT_SIZE, width=0.6, length=3, labelfontfamily=FONT)
    for spine in ax.spines.values():
        spine.set_linewidth(0.6)
    name = d.effect_name
    font = {"fontfamily": FONT, "fontsize": FONT_SIZE + 1}
    ax.set_xlabel(f"{name} (log scale)" if ex else name, **font)
    ax.set_ylabel(f"Standard error of log {name.lower()}" if ex else "Standard error", **font)
    if d.title:
        ax.set_title(d.title, loc="left", fontweight="bold", **font)

    handles = [
        Patch(facecolor=CONTOURS[2][1], edgecolor="0.5", lw=0.5, label="0.10 < p ≤ 1.00"),
        Patch(facecolor=CONTOURS[1][1], edgecolor="0.5", lw=0.5, label="0.05 < p ≤ 0.10"),
        Patch(facecolor=CONTOURS[0][1], edgecolor="0.5", lw=0.5, label="0.01 < p ≤ 0.05"),
        Patch(facecolor=OUTSIDE, edgecolor="0.5", lw=0.5, label="p ≤ 0.01"),
        Line2D([], [], ls="none", marker="o", markersize=5, color="black", label="Study"),
    ]
    if d.filled:
        handles.append(Line2D([], [], ls="none", marker="o", markersize=5, markerfacecolor="white",
                              markeredgecolor="black", label="Imputed (trim and fill)"))
    handles += [
        Line2D([], [], color="black", lw=0.8, label="Pooled estimate"),
        Line2D([], [], color="black", lw=0.7, ls="--", label=f"{d.level:g}% pseudo-CI"),
    ]
    if d.filled_estimate is not None:
        handles.append(Line2D([], [], color="black", lw=0.8, ls=":", label="Trim-and-fill estimate"))
    legend = ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.03, 1.0), frameon=False,
                       prop={"family": FONT, "size": FONT_SIZE}, title="Two-sided p vs. no effect",
                       title_fontproperties={"family": FONT, "size": FONT_SIZE, "weight": "bold"},
                       alignment="left")
    legend.set_gid("legend")
    if d.egger is not None:
        stat, p = d.egger
        fig.text(left / w, 0.22 / h, f"Egger's test: {d.egger_stat} = {format_number(stat)}, {format_p(p, 'p')}",
                 ha="left", va="center", parse_math=False, fontfamily=FONT, fontsize=FONT_SIZE)
    return fig


def draw_funnel(data: FunnelData, out: Path | str) -> Path:
    """Write the funnel plot to ``out``: PNG (300 dpi), SVG or PDF by extension."""
    return save_figure(funnel_figure(data), out)

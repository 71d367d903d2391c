"""robvis-style risk-of-bias figures: traffic-light plot and (weighted) summary bar plot.

Colours and symbols follow robvis (McGuinness & Higgins, Res Synth Methods 2021):
low green "+", some concerns / moderate yellow "-", high / serious red "x",
critical dark red "!", no information blue "?". Works for RoB 2 (D1-D5) and
ROBINS-I (D1-D7). Files are written atomically (svg keeps text as text).
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from stemfoot.report.prisma import write_figure_atomic

STYLE: dict[str, tuple[str, str, str]] = {  # judgement -> (colour, symbol, label)
    "low": ("#02C100", "+", "Low"),
    "some_concerns": ("#E2DF07", "−", "Some concerns"),
    "moderate": ("#E2DF07", "−", "Moderate"),
    "high": ("#BF0000", "×", "High"),
    "serious": ("#BF0000", "×", "Serious"),
    "critical": ("#820000", "!", "Critical"),
    "no_information": ("#4EA1F7", "?", "No information"),
}
ORDER = ("low", "some_concerns", "moderate", "high", "serious", "critical", "no_information")


class RobPlotError(ValueError):
    """Bad input to the risk-of-bias plots (one line)."""


@dataclass(frozen=True)
class RobRow:
    """One study's judgements by domain id (D1..), overall, optional analysis weight."""

    study: str
    judgements: dict[str, str]
    overall: str
    weight: float | None = None


def rows_from_assessments(assessments, weights: dict[str, float] | None = None) -> list[RobRow]:
    """RobRow list from ``review.rob.RobAssessment`` objects (or their ``to_dict()``)."""
    rows = []
    for a in assessments:
        d = a.to_dict() if hasattr(a, "to_dict") else a
        rows.append(RobRow(d["study_id"], {k: v["judgement"] for k, v in d["domains"].items()}, d["overall"],
                           (weights or {}).get(d["study_id"])))
    return rows


def _check(rows: list[RobRow]) -> list[str]:
    if not rows:
        raise RobPlotError("risk-of-bias plot: no studies")
    domains = list(rows[0].judgements)
    for r in rows:
        if list(r.judgements) != domains:
            raise RobPlotError(f"risk-of-bias plot: {r.study} has domains {list(r.judgements)}, expected {domains}")
        for j in list(r.judgements.values()) + [r.overall]:
            if j not in STYLE:
                raise RobPlotError(f"risk-of-bias plot: {r.study}: unknown judgement {j!r}")
    return domains


def traffic_light(rows: list[RobRow], domain_names: dict[str, str] | None = None, title: str | None = None):
    """Studies x domains grid of coloured circles with symbols, an Overall column and a legend."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D

    domains = _check(rows)
    cols = domains + ["Overall"]
    used = [j for j in ORDER if any(j in (*r.judgements.values(), r.overall) for r in rows)]
    label_w = max(1.6, 0.075 * max(len(r.study) for r in rows))
    n_legend = max(len(domain_names or {}), len(used))
    width = label_w + 0.55 * len(cols) + 0.6
    width = max(width, 6.4)  # room for the judgement legend
    height = 0.9 + 0.42 * len(rows) + 0.22 * n_legend + 0.5 + (0.3 if title else 0)
    fig = Figure(figsize=(width, height))
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_xlim(0, width)
    ax.set_ylim(height, 0)
    ax.axis("off")
    top = 0.35 + (0.3 if title else 0)
    if title:
        ax.text(width / 2, 0.25, title, ha="center", va="center", fontsize=11, fontweight="bold")
    x0 = label_w + 0.35
    grid_h = 0.42 * len(rows)
    ax.add_patch(matplotlib.patches.Rectangle((0.1, top), x0 - 0.1 + 0.55 * len(cols), 0.4, fc="#d9d9d9", ec="none"))
    ax.text(0.2, top + 0.2, "Study", ha="left", va="center", fontsize=9, fontweight="bold")
    for j, c in enumerate(cols):
        ax.text(x0 + 0.55 * j + 0.275, top + 0.2, c, ha="center", va="center", fontsize=9, fontweight="bold")
    y = top + 0.4
    for i, r in enumerate(rows):
        yc = y + 0.42 * i + 0.21
        if i % 2 == 0:
            ax.add_patch(matplotlib.patches.Rectangle((0.1, yc - 0.21), x0 - 0.1 + 0.55 * len(cols), 0.42,
                                                      fc="#f4f4f4", ec="none"))
        ax.text(0.2, yc, r.study, ha="left", va="center", fontsize=9)
        for j, judg in enumerate(list(r.judgements.values()) + [r.overall]):
            colour, sym, _ = STYLE[judg]
            xc = x0 + 0.55 * j + 0.275
            ax.add_patch(matplotlib.patches.Ellipse((xc, yc), 0.34, 0.34, fc=colour, ec="#333333", lw=0.6))
            ax.text(xc, yc, sym, ha="center", va="center", fontsize=11, fontweight="bold",
                    color="white" if judg in ("high", "serious", "critical") else "black")
    ax.plot([x0 + 0.55 * len(domains)] * 2, [top, y + grid_h], color="#777777", lw=0.8)
    ly = y + grid_h + 0.3
    names = domain_names or {}
    for k, d in enumerate(domains):
        if d in names:
            ax.text(0.2, ly + 0.22 * k, f"{d}: {names[d]}", ha="left", va="center", fontsize=8)
    handles = [Line2D([], [], marker="o", ls="", markersize=9, markerfacecolor=STYLE[j][0], markeredgecolor="#333",
                      label=f"{STYLE[j][1]}  {STYLE[j][2]}") for j in used]
    fig.legend(handles=handles, title="Judgement", loc="lower right", fontsize=8, title_fontsize=8,
               frameon=False, bbox_to_anchor=(0.97, 0.01))
    return fig


def summary_shares(rows: list[RobRow], weighted: bool = True) -> dict[str, dict[str, float]]:
    """Share (0-1) of studies, or of analysis weight, at each judgement, per domain and "Overall"."""
    domains = _check(rows)
    if weighted and any(r.weight is None or r.weight < 0 for r in rows):
        raise RobPlotError("weighted summary plot: every study needs a non-negative weight")
    w = [float(r.weight) if weighted else 1.0 for r in rows]  # type: ignore[arg-type]
    total = sum(w)
    if total <= 0:
        raise RobPlotError("summary plot: weights sum to zero")
    out: dict[str, dict[str, float]] = {}
    for c in domains + ["Overall"]:
        shares: dict[str, float] = {}
        for r, wi in zip(rows, w):
            j = r.overall if c == "Overall" else r.judgements[c]
            shares[j] = shares.get(j, 0.0) + wi / total
        out[c] = {j: shares[j] for j in ORDER if j in shares}
    return out


def summary_bars(rows: list[RobRow], domain_names: dict[str, str] | None = None, weighted: bool = True,
                 title: str | None = None):
    """Per domain (and overall) the share of studies - or of analysis weight - at each judgement."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    domains = _check(rows)
    table = summary_shares(rows, weighted)
    names = domain_names or {}
    cats = domains + ["Overall"]
    labels = [f"{d}: {names[d]}" if d in names else d for d in domains] + ["Overall risk of bias"]
    used = [j for j in ORDER if any(j in (*r.judgements.values(), r.overall) for r in rows)]
    fig = Figure(figsize=(8.5, 0.45 * len(cats) + 1.5))
    ax = fig.add_axes((0.36, 0.24, 0.6, 0.7 if not title else 0.62))
    for i, c in enumerate(reversed(cats)):
        left = 0.0
        for j in used:
            share = table[c].get(j, 0.0)
            if share > 0:
                ax.barh(i, share * 100, left=left, color=STYLE[j][0], edgecolor="#333333", lw=0.5, height=0.7)
                if share >= 0.06:
                    ax.text(left + share * 50, i, f"{share:.0%}", ha="center", va="center", fontsize=7,
                            color="white" if j in ("high", "serious", "critical") else "black")
                left += share * 100
    ax.set_yticks(range(len(cats)), list(reversed(labels)), fontsize=8)
    ax.set_xlim(0, 100)
    ax.set_xlabel("% of studies" + (" (weighted by analysis weight)" if weighted else ""), fontsize=8)
    ax.tick_params(axis="x", labelsize=8)
    for s in ("top", "right"):
        ax.spines[s].set_visible(False)
    from matplotlib.patches import Patch

    fig.legend(handles=[Patch(fc=STYLE[j][0], ec="#333", label=STYLE[j][2]) for j in used], loc="lower center",
               ncol=len(used), fontsize=8, frameon=False, bbox_to_anchor=(0.6, 0.0))
    if title:
        fig.suptitle(title, fontsize=10, fontweight="bold")
    return fig


def write_traffic_light(rows: list[RobRow], path: str | Path, domain_names: dict[str, str] | None = None,
                        title: str | None = None, dpi: int = 200) -> Path:
    return write_figure_atomic(traffic_light(rows, domain_names, title), path, dpi)


def write_summary(rows: list[RobRow], path: str | Path, domain_names: dict[str, str] | None = None,
                  weighted: bool = True, title: str | None = None, dpi: int = 200) -> Path:
    return write_figure_atomic(summary_bars(rows, domain_names, weighted, title), path, dpi)


def plot_rows(studies: list, tool: str) -> list[RobRow]:
    """Traffic-light rows of the stored assessments (`review.rob_store.StudyRob`) made with ``tool``."""
    return [RobRow(a.label, a.judgements(), a.overall) for a in studies if a.tool == tool]

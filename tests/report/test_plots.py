"""Forest and funnel plots: file formats, the numbers drawn, positions, layout without overlaps."""
from __future__ import annotations

import math

import pytest
from matplotlib.figure import Figure
from matplotlib.patches import Polygon, Rectangle
from matplotlib.text import Text

from stemfoot.report.forest_plot import draw_forest, forest_figure
from stemfoot.report.funnel_plot import draw_funnel, funnel_figure
from stemfoot.report.plotdata import (
    ForestData,
    ForestGroup,
    ForestStudy,
    FunnelData,
    PooledEffect,
    format_p,
)

L = math.log
MAGIC = {".png": b"\x89PNG\r\n\x1a\n", ".pdf": b"%PDF-", ".svg": b"<?xml"}


def rr_study(label: str, rr: float, lo: float, hi: float, w: float, t: str = "5/20", c: str = "9/21") -> ForestStudy:
    return ForestStudy(label, L(rr), L(lo), L(hi), w, t, c)


def pooled(est: float, lo: float, hi: float, log: bool = True, **kw) -> PooledEffect:
    f = L if log else float
    base = dict(q=4.26, df=2, q_pval=0.119, stat=-2.61, pval=0.0091, tau2=0.12, i2=53.0,
                pi_lower=f(0.25), pi_upper=f(1.44))
    return PooledEffect(estimate=f(est), ci_lower=f(lo), ci_upper=f(hi), **{**base, **kw})


THREE = [
    rr_study("Qin 2016", 0.45, 0.21, 0.96, 40.0, "6/28", "13/27"),
    rr_study("Huang 2005", 0.80, 0.55, 1.16, 47.7, "11/14", "14/14"),
    rr_study("Lu 2011", 1.20, 0.40, 3.60, 12.3, "3/21", "2/20"),
]


def three_rr(**kw) -> ForestData:
    args = dict(measure="RR", groups=[ForestGroup("", THREE)], overall=pooled(0.60, 0.41, 0.88),
                exp_scale=True, footnotes=["Left out: Han 2010 (no control arm)."])
    return ForestData(**{**args, **kw})


def many(k: int, groups: int = 1, measure: str = "RR") -> ForestData:
    ex = measure in ("RR", "OR")
    studies = []
    for i in range(k):
        se = 0.15 + 0.09 * (i % 7)
        yi = 0.4 * math.sin(i) - 0.2
        studies.append(ForestStudy(f"Author{i:02d} et al. {1995 + i % 30}", yi, yi - 1.96 * se, yi + 1.96 * se,
                                   100 / k, f"{i % 17 + 1}/{i % 23 + 20}", f"{i % 13 + 2}/{i % 19 + 21}"))
    per = math.ceil(k / groups)
    chunks = [studies[g * per:(g + 1) * per] for g in range(groups)]
    gs = [ForestGroup(f"Cell type {g + 1}", ch, pooled(0.8, 0.6, 1.1, log=ex) if len(ch) > 1 else None)
          for g, ch in enumerate(chunks)]
    return ForestData(measure=measure, groups=gs, overall=pooled(0.82, 0.7, 0.96, log=ex),
                      subgroup_test=(3.21, groups - 1, 0.2) if groups > 1 else None, exp_scale=ex,
                      outcome_label="Complete healing", footnotes=["Left out: Smith 2019 (medians only); " * 4])


def texts(fig: Figure) -> list[Text]:
    """The texts a reader sees: non-empty, visible, tick labels only at ticks inside the view."""
    fig.canvas.draw()
    tick_labels = set()
    for ax in fig.axes:
        for axis, (lo, hi) in ((ax.xaxis, sorted(ax.get_xlim())), (ax.yaxis, sorted(ax.get_ylim()))):
            ticks = axis.get_major_ticks()
            for tick, loc in zip(ticks, axis.get_majorticklocs()):
                if axis.get_visible() and lo - 1e-9 <= loc <= hi + 1e-9:
                    tick_labels.add(id(tick.label1))
    out = []
    for t in fig.findobj(Text):
        if not (t.get_visible() and t.get_text().strip()):
            continue
        is_tick = any(t is tk.label1 or t is tk.label2 for ax in fig.axes
                      for axis in (ax.xaxis, ax.yaxis) for tk in axis.get_major_ticks())
        if is_tick and id(t) not in tick_labels:
            continue
        out.append(t)
    return out


def strings(fig: Figure) -> list[str]:
    return [t.get_text() for t in texts(fig)]


def assert_no_overlaps(fig: Figure) -> None:
    r = fig.canvas.get_renderer()
    boxes = [(t.get_text(), t.get_window_extent(r)) for t in texts(fig)]
    fb = fig.bbox
    for s, b in boxes:
        assert fb.x0 <= b.x0 and b.x1 <= fb.x1 and fb.y0 <= b.y0 and b.y1 <= fb.y1, f"{s!r} runs off the figure"
    for i, (s1, a) in enumerate(boxes):
        for s2, b in boxes[i + 1:]:
            overlap = a.x0 < b.x1 - 0.5 and b.x0 < a.x1 - 0.5 and a.y0 < b.y1 - 0.5 and b.y0 < a.y1 - 0.5
            assert not overlap, f"{s1!r} overlaps {s2!r}"


def by_gid(fig: Figure, gid: str) -> list:
    return [a for a in fig.findobj() if a.get_gid() == gid]


@pytest.mark.parametrize("suffix", [".png", ".svg", ".pdf"])
def test_forest_and_funnel_write_each_format(tmp_path, suffix):
    forest = draw_forest(three_rr(), tmp_path / f"forest{suffix}")
    funnel = draw_funnel(FunnelData([L(0.5), L(1.1)], [0.2, 0.4], L(0.7), "OR", exp_scale=True),
                         tmp_path / f"sub/funnel{suffix}")
    for path in (forest, funnel):
        data = path.read_bytes()
        assert len(data) > 1000 and data.startswith(MAGIC[suffix])
    if suffix == ".png":  # 300 dpi: the width in pixels is 300 x the width in inches
        width_px = int.from_bytes(forest.read_bytes()[16:20], "big")
        assert width_px == round(forest_figure(three_rr()).get_figwidth() * 300)


def test_unknown_extension_is_refused(tmp_path):
    with pytest.raises(ValueError, match="unsupported figure format"):
        draw_forest(three_rr(), tmp_path / "forest.jpg")


def test_forest_texts_are_the_input_numbers():
    s = strings(forest_figure(three_rr()))
    effects = sorted(x for x in s if "[" in x)
    assert effects == sorted(["0.45 [0.21, 0.96]", "0.80 [0.55, 1.16]", "1.20 [0.40, 3.60]",
                              "0.60 [0.41, 0.88]", "[0.25, 1.44]"])
    assert sorted(x for x in s if x.endswith("%") and "=" not in x) == ["100.0%", "12.3%", "40.0%", "47.7%"]
    for expected in ["Qin 2016", "6/28", "13/27", "14/14", "Total (95% CI)", "95% prediction interval",
                     "Heterogeneity: τ² = 0.12; χ² = 4.26, df = 2 (P = 0.12); I² = 53%",
                     "Test for overall effect: Z = −2.61 (P = 0.009)",
                     "Favours cell therapy", "Favours control", "Left out: Han 2010 (no control arm).",
                     "Risk ratio", "REML, 95% CI", "Cell therapy", "Control", "Events/Total"]:
        assert expected in s


def test_forest_marks_sit_at_the_input_values_on_a_log_axis():
    d = three_rr()
    fig = forest_figure(d)
    ax = fig.axes[0]
    assert ax.get_xscale() == "log"
    squares = by_gid(fig, "study")
    assert [sq.get_xdata()[0] for sq in squares] == pytest.approx([0.45, 0.80, 1.20])
    # area proportional to weight
    areas = [sq.get_markersize() ** 2 for sq in squares]
    assert [a / areas[1] for a in areas] == pytest.approx([40.0 / 47.7, 1.0, 12.3 / 47.7])
    cis = by_gid(fig, "ci")
    assert [x for c in cis for x in c.get_xdata()] == pytest.approx([0.21, 0.96, 0.55, 1.16, 0.40, 3.60])
    (diamond,) = [p for p in by_gid(fig, "diamond") if isinstance(p, Polygon)]
    assert sorted(set(diamond.get_xy()[:, 0])) == pytest.approx([0.41, 0.60, 0.88])
    (pi,) = [p for p in by_gid(fig, "pi") if isinstance(p, Rectangle)]
    assert (pi.get_x(), pi.get_x() + pi.get_width()) == pytest.approx((0.25, 1.44))
    refs = [ln for ln in ax.get_lines() if ln.get_gid() is None and len(set(ln.get_xdata())) == 1]
    assert [ln.get_xdata()[0] for ln in refs] == [1.0]
    assert "1" in [t.get_text() for t in ax.get_xticklabels()]


def test_odds_ratio_is_drawn_on_a_log_axis_and_differences_on_a_linear_one():
    assert forest_figure(three_rr(measure="OR")).axes[0].get_xscale() == "log"
    fig = forest_figure(many(6, measure="MD"))
    ax = fig.axes[0]
    assert ax.get_xscale() == "linear"
    lo, hi = ax.get_xlim()
    assert lo == -hi and lo < 0
    refs = [ln for ln in ax.get_lines() if ln.get_gid() is None and len(set(ln.get_xdata())) == 1]
    assert [ln.get_xdata()[0] for ln in refs] == [0.0]
    d = many(6, measure="MD")
    assert [sq.get_xdata()[0] for sq in by_gid(fig, "study")] == pytest.approx([s.yi for s in d.studies])


def test_ratio_measure_needs_the_log_scale():
    with pytest.raises(ValueError, match="exp_scale=True"):
        three_rr(exp_scale=False)
    with pytest.raises(ValueError, match="exp_scale must be False"):
        ForestData(measure="MD", groups=[ForestGroup("", THREE)], overall=pooled(1, 0.5, 2), exp_scale=True)


def test_ci_running_off_the_axis_is_clipped_with_an_arrow():
    wide = rr_study("Wide 2001", 3.0, 0.002, 4000.0, 5.0)
    d = three_rr(groups=[ForestGroup("", THREE + [wide])])
    fig = forest_figure(d)
    lo, hi = fig.axes[0].get_xlim()
    assert (lo, hi) == pytest.approx((0.01, 100))
    assert list(by_gid(fig, "ci")[-1].get_xdata()) == pytest.approx([lo, hi])
    arrows = by_gid(fig, "arrow")
    assert sorted((a.get_marker(), a.get_xdata()[0]) for a in arrows) == [("<", pytest.approx(lo)),
                                                                         (">", pytest.approx(hi))]
    assert "3.00 [0.00, 4000.00]" in strings(fig)


def test_not_estimable_study_has_text_and_no_square():
    nan = float("nan")
    d = three_rr(groups=[ForestGroup("", THREE + [ForestStudy("Zero 2009", nan, nan, nan, 0.0, "0/10", "0/12")])])
    fig = forest_figure(d)
    assert "Not estimable" in strings(fig)
    assert len(by_gid(fig, "study")) == 3


def test_subgroups_have_headings_subtotals_and_the_difference_test():
    d = many(13, groups=3)
    fig = forest_figure(d)
    s = strings(fig)
    assert [x for x in s if x.startswith("Cell type")] == ["Cell type 1", "Cell type 2", "Cell type 3"]
    assert s.count("Subtotal (95% CI)") == 3
    assert s.count("Heterogeneity: τ² = 0.12; χ² = 4.26, df = 2 (P = 0.12); I² = 53%") == 4
    assert "Test for subgroup differences: χ² = 3.21, df = 2 (P = 0.20)" in s
    assert "Study or subgroup" in s
    assert len([p for p in by_gid(fig, "diamond") if isinstance(p, Polygon)]) == 4
    # subtotal weight: the sum of the group's study weights
    assert s.count(f"{5 * 100 / 13:.1f}%") == 2


def test_knapp_hartung_test_line_and_fixed_effect_without_tau2():
    p = pooled(0.6, 0.41, 0.88, test="knha", stat=2.5, pval=0.067, test_df=2, tau2=None, pi_lower=None,
               pi_upper=None, method="FE")
    s = strings(forest_figure(three_rr(overall=p)))
    assert "Test for overall effect: t = 2.50, df = 2 (P = 0.07)" in s
    assert "Heterogeneity: χ² = 4.26, df = 2 (P = 0.12); I² = 53%" in s
    assert "95% prediction interval" not in s
    assert "FE, 95% CI" in s


@pytest.mark.parametrize("k,groups,measure", [(2, 1, "RR"), (10, 1, "OR"), (60, 1, "RR"), (13, 3, "RR"),
                                              (8, 2, "MD")])
def test_no_text_overlaps_and_the_table_stays_clear_of_the_plot(k, groups, measure):
    fig = forest_figure(many(k, groups, measure))
    assert_no_overlaps(fig)
    r = fig.canvas.get_renderer()
    panel = fig.axes[0].get_window_extent(r)
    tick_labels = set(fig.axes[0].get_xticklabels())
    for t in texts(fig):
        b = t.get_window_extent(r)
        if t not in tick_labels:
            assert b.x1 <= panel.x0 or b.y1 <= panel.y0 or b.y0 >= panel.y1, f"{t.get_text()!r} is in the plot"


def test_figure_height_grows_with_the_rows():
    h = [forest_figure(many(k)).get_figheight() for k in (2, 10, 60)]
    assert h[0] < h[1] < h[2]
    assert h[2] - h[1] == pytest.approx(50 * 0.2)


def test_long_labels_are_shortened():
    long = rr_study("A very long title of a trial of autologous bone marrow cells in diabetic foot 2012",
                    0.5, 0.2, 1.1, 10)
    fig = forest_figure(three_rr(groups=[ForestGroup("", THREE + [long])]))
    (label,) = [x for x in strings(fig) if x.startswith("A very long")]
    assert label.endswith("…") and len(label) < 80
    assert_no_overlaps(fig)


def funnel_data(**kw) -> FunnelData:
    args = dict(yi=[L(0.5), L(0.7), L(1.3), L(0.9)], sei=[0.3, 0.1, 0.5, 0.2], estimate=L(0.8), measure="RR",
                exp_scale=True, egger=(1.23, 0.22), filled=[(L(1.6), 0.45)], filled_estimate=L(0.85))
    return FunnelData(**{**args, **kw})


def test_funnel_points_lines_and_caption():
    fig = funnel_figure(funnel_data())
    ax = fig.axes[0]
    assert ax.get_xscale() == "log"
    top, bottom = ax.get_ylim()
    assert bottom == 0 and top > 0.5  # standard error inverted, 0 at the top
    (pts,) = by_gid(fig, "studies")
    assert list(pts.get_xdata()) == pytest.approx([0.5, 0.7, 1.3, 0.9])
    assert list(pts.get_ydata()) == [0.3, 0.1, 0.5, 0.2]
    (filled,) = by_gid(fig, "filled")
    assert filled.get_markerfacecolor() == "white" and list(filled.get_xdata()) == pytest.approx([1.6])
    (est,) = by_gid(fig, "estimate")
    assert list(est.get_xdata()) == pytest.approx([0.8, 0.8])
    left, right = by_gid(fig, "pseudo_ci")
    assert left.get_xdata()[1] == pytest.approx(0.8 * math.exp(-1.959964 * top))
    assert right.get_xdata()[1] == pytest.approx(0.8 * math.exp(1.959964 * top))
    s = strings(fig)
    assert "Egger's test: z = 1.23, p = 0.22" in s
    assert {"Imputed (trim and fill)", "Trim-and-fill estimate", "95% pseudo-CI", "p ≤ 0.01"} <= set(s)
    assert_no_overlaps(fig)


def test_funnel_contours_are_centred_on_the_null():
    fig = funnel_figure(funnel_data(estimate=L(0.5)))
    ax = fig.axes[0]
    top = ax.get_ylim()[0]
    regions = [c for c in ax.collections]
    assert len(regions) == 3
    for region, z in zip(regions, (2.575829, 1.959964, 1.644854)):
        xs = region.get_paths()[0].vertices[:, 0]
        assert min(xs) == pytest.approx(math.exp(-z * top)) and max(xs) == pytest.approx(math.exp(z * top))


def test_funnel_for_differences_has_a_linear_axis_and_a_t_caption():
    fig = funnel_figure(FunnelData([-1.0, 0.5, 2.0], [0.8, 0.5, 1.1], 0.3, "MD", egger=(-2.5, 0.031),
                                   egger_stat="t"))
    assert fig.axes[0].get_xscale() == "linear"
    assert "Egger's test: t = −2.50, p = 0.03" in strings(fig)
    assert "Imputed (trim and fill)" not in strings(fig)
    assert_no_overlaps(fig)


def test_funnel_refuses_bad_standard_errors():
    with pytest.raises(ValueError, match="positive"):
        FunnelData([0.1], [0.0], 0.1, "MD")


@pytest.mark.parametrize("p,text", [(0.27, "P = 0.27"), (0.0041, "P = 0.004"), (0.0004, "P < 0.001"),
                                    (0.996, "P > 0.99")])
def test_p_values_are_written_journal_style(p, text):
    assert format_p(p) == text


def test_generic_measure_without_arm_data_has_no_arm_columns():
    studies = [ForestStudy(s.label, s.yi, s.ci_lower, s.ci_upper, s.weight) for s in THREE]
    d = ForestData("GEN", [ForestGroup("", studies)], pooled(0.6, 0.41, 0.88), exp_scale=True,
                   effect_label="Hazard ratio", favours_right="Favours standard care")
    fig = forest_figure(d)
    s = strings(fig)
    assert "Hazard ratio" in s and "Favours standard care" in s
    assert not {"Cell therapy", "Control", "Events/Total"} & set(s)
    assert fig.axes[0].get_xscale() == "log"
    heads = {t.get_text(): t.get_position()[1] for t in texts(fig) if t.get_text() in ("Study", "Weight")}
    assert heads["Study"] == heads["Weight"]
    assert_no_overlaps(fig)


def test_xlim_override_sets_the_axis_and_round_ticks():
    fig = forest_figure(three_rr(xlim=(L(0.1), L(10))))
    ax = fig.axes[0]
    assert ax.get_xlim() == pytest.approx((0.1, 10))
    assert [t.get_text() for t in ax.get_xticklabels()] == ["0.1", "0.2", "0.5", "1", "2", "5", "10"]


@pytest.mark.parametrize("spread", [0.05, 1.0, 4.0])
def test_funnel_log_axis_keeps_few_readable_ticks(spread):
    yi = [spread * math.sin(i) for i in range(12)]
    sei = [0.05 + spread * 0.1 * (i % 5) for i in range(12)]
    fig = funnel_figure(FunnelData(yi, sei, 0.0, "OR", exp_scale=True))
    lo, hi = fig.axes[0].get_xlim()
    shown = [t for t in fig.axes[0].get_xticks() if lo <= t <= hi]
    assert 3 <= len(shown) <= 7
    assert_no_overlaps(fig)


def test_pdf_and_svg_are_reproducible_with_embedded_truetype_fonts(tmp_path):
    pdf = draw_forest(three_rr(), tmp_path / "f.pdf").read_bytes()
    svg = draw_forest(three_rr(), tmp_path / "f.svg").read_bytes()
    assert b"/FontFile2" in pdf and b"CreationDate" not in pdf
    assert b"dc:date" not in svg
    assert draw_forest(three_rr(), tmp_path / "g.svg").read_bytes() == svg

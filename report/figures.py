"""Forest and funnel plot data filled from an :class:`Analysis` (every number is the engine's)."""
from __future__ import annotations

import math
import warnings
from collections import defaultdict
from pathlib import Path

import numpy as np
from matplotlib.figure import Figure

from stemfoot.review.study_table import outcome_title
from stemfoot.metaanalysis.distributions import norm_crit
from stemfoot.metaanalysis.errors import MetaAnalysisError
from stemfoot.report.plotdata import (
    RATIO_MEASURES,
    ForestData,
    ForestGroup,
    ForestStudy,
    FunnelData,
    PooledEffect,
    format_number,
    format_p,
)
from stemfoot.chain import Analysis

SUBGROUPS = ("cell_type", "route", "design")
SUBGROUP_NAMES = {"cell_type": "Cell type", "route": "Route", "design": "Design"}
DESIGN_NAMES = {"rct": "Randomised controlled trials", "non_randomized_controlled": "Non-randomised controlled studies",
                "single_arm": "Single-arm studies", "other": "Other designs", "unknown": "Design not reported"}
MIN_K_EGGER = 3


# +1: more is better (healing, perfusion); -1: less is better (amputation,
# death, pain). Outcomes not listed get neutral "higher with ..." labels.
OUTCOME_DIRECTION: dict[str, int] = {
    "ulcer_healing": 1, "limb_salvage": 1, "amputation_free_survival": 1, "overall_survival": 1,
    "abi": 1, "tbi": 1, "tcpo2": 1, "laser_doppler_perfusion": 1, "limb_perfusion": 1, "neovessels": 1,
    "skin_temperature": 1, "pain_free_walking_distance": 1, "pain_free_walking_time": 1,
    "claudication_distance": 1, "walking_distance": 1, "quality_of_life": 1,
    "amputation": -1, "mortality": -1, "ulcer_recurrence": -1, "adverse_events": -1,
    "treatment_related_adverse_events": -1, "rest_pain": -1,
    "pain_score": -1, "time_to_healing": -1, "rutherford_class": -1, "hba1c": -1,
}



def favours(outcome: str) -> tuple[str, str]:
    """(left, right) labels under a forest plot whose right side means more of the outcome with cell therapy."""
    direction = OUTCOME_DIRECTION.get(outcome)
    if direction == 1:
        return "Favours control", "Favours cell therapy"
    if direction == -1:
        return "Favours cell therapy", "Favours control"
    return "Higher with control", "Higher with cell therapy"


def method_label(a: Analysis) -> str:
    """Column header text: 'IV, Random (REML)', '... (REML, HK)', 'IV, Fixed', 'M-H, Fixed', 'Peto, Fixed'."""
    hk = ", HK" if a.test == "knha" else ""
    fixed = {"FE": "IV, Fixed", "MH": "M-H, Fixed", "PETO": "Peto, Fixed"}
    return f"{fixed[a.method]}{' (HK)' if hk else ''}" if a.method in fixed else f"IV, Random ({a.method}{hk})"


def pooled_effect(res, label: str = "", method: str = "", data_t: str | None = None,
                  data_c: str | None = None, weight: float | None = None) -> PooledEffect:
    """A PooledEffect from an RmaResult or FixedCountsResult."""
    if hasattr(res, "predict"):
        pr = res.predict()
        return PooledEffect(
            estimate=float(res.beta[0]), ci_lower=float(res.ci_lb[0]), ci_upper=float(res.ci_ub[0]),
            q=float(res.QE), df=int(res.QE_df), q_pval=float(res.QEp), stat=float(res.zval[0]),
            pval=float(res.pval[0]), label=label, pi_lower=pr["pi_lb"], pi_upper=pr["pi_ub"],
            tau2=float(res.tau2) if res.is_random else None, i2=float(res.I2), test=res.test,
            test_df=res.df_test, method=method, weight=weight, data_t=data_t, data_c=data_c)
    return PooledEffect(
        estimate=float(res.estimate), ci_lower=float(res.ci_lb), ci_upper=float(res.ci_ub), q=float(res.QE),
        df=int(res.QE_df), q_pval=float(res.QEp), stat=float(res.zval), pval=float(res.pval), label=label,
        i2=float(res.I2), method=method, weight=weight, data_t=data_t, data_c=data_c)


REPORTED_TEXT = "reported effect"


def _int(x) -> str:
    return str(int(x))


def _arm_texts(a: Analysis) -> dict[str, tuple[str, str]]:
    out = {}
    for row in a.data.table.itertuples():
        if getattr(row, "source", None) == "reported_effect":
            out[row.study] = (REPORTED_TEXT, "")
        elif a.data.kind == "binary":
            out[row.study] = (f"{_int(row.events_t)}/{_int(row.total_t)}", f"{_int(row.events_c)}/{_int(row.total_c)}")
        else:
            out[row.study] = (f"{format_number(row.mean_t)} ({format_number(row.sd_t)}) {_int(row.n_t)}",
                              f"{format_number(row.mean_c)} ({format_number(row.sd_c)}) {_int(row.n_c)}")
    return out


def _totals(a: Analysis, labels: list[str]) -> tuple[str, str]:
    t = a.data.table.set_index("study").loc[labels]
    if "source" in t.columns:
        t = t[t["source"] != "reported_effect"]  # the arm totals of the studies that gave arm data
    if a.data.kind == "binary":
        return (f"{_int(t.events_t.sum())}/{_int(t.total_t.sum())}",
                f"{_int(t.events_c.sum())}/{_int(t.total_c.sum())}")
    return _int(t.n_t.sum()), _int(t.n_c.sum())


def _timepoints(a: Analysis) -> dict[str, str]:
    """Study -> timepoint shown in the forest plot (with a protocol only: without one the plots stay as they were)."""
    if a.protocol is None or "timepoint" not in a.data.table.columns:
        return {}
    return {r.study: (r.timepoint or "not stated") for r in a.data.table.itertuples()}


def pooling_notes(a: Analysis) -> list[str]:
    """Footnotes on what was pooled: reported effects, multi-arm trials, mixed definitions, the protocol."""
    t = a.data.table
    notes = []
    if "source" in t.columns and (t["source"] == "reported_effect").any():
        names = ", ".join(t.loc[t["source"] == "reported_effect", "study"])
        notes.append(f"Reported effect ({names}): the study's own {a.data.measure} and CI, no arm data; pooled with "
                     "the arm data by generic inverse variance on one scale (Cochrane Handbook 6.3).")
    if "multiarm" in t.columns and t["multiarm"].fillna("").astype(bool).any():
        from stemfoot.metaanalysis.multiarm import plot_note

        done = "; ".join(f"{r.study}: {r.multiarm}" for r in t.itertuples() if r.multiarm)
        notes.append(f"{plot_note(a.multiarm)} {'Default; ' if a.multiarm == 'combine' else ''}{done}.")
    if "definition" in t.columns and t["definition"].nunique() > 1:
        by = defaultdict(list)
        for r in t.itertuples():
            by[r.definition].append(r.study)
        notes.append("Definitions mixed: " + "; ".join(f"{d} ({', '.join(s)})" for d, s in sorted(by.items())) + ".")
    if a.protocol is not None:
        notes.append(f"Protocol: {a.protocol.title} ({Path(a.protocol.path).name}); timepoint rule: "
                     f"{_rule_text(a.protocol.rule_for(a.data.outcome))}.")
    return notes


def _rule_text(rule) -> str:
    if rule.rule == "latest":
        return "latest"
    near = f", within {rule.max_distance_months:g} months" if rule.max_distance_months is not None else ""
    return f"closest to {rule.months:g} months{near}"


def _studies(a: Analysis, idx: list[int]) -> list[ForestStudy]:
    res = a.result
    z = norm_crit(res.level)
    arms = _arm_texts(a)
    timepoints = _timepoints(a)
    out = []
    for i in idx:
        yi, vi = float(res.yi[i]), float(res.vi[i])
        half = z * math.sqrt(vi) if math.isfinite(vi) else math.nan
        t, c = arms.get(res.labels[i], (None, None))
        out.append(ForestStudy(res.labels[i], yi, yi - half, yi + half, float(res.weights[i]), t, c,
                               timepoints.get(res.labels[i])))
    return out


def group_name(column: str, value: str) -> str:
    return DESIGN_NAMES.get(value, value) if column == "design" else value


def forest_data(a: Analysis, subgroup: str | None = None) -> ForestData:
    """The forest plot of an analysis, optionally split by a study-table column."""
    res = a.result
    label = method_label(a)
    k = len(res.labels)
    overall = pooled_effect(res, method=label, data_t=_totals(a, res.labels)[0], data_c=_totals(a, res.labels)[1])
    groups = [ForestGroup("", _studies(a, list(range(k))))]
    test = None
    if subgroup is not None:
        groups, test = _subgroups(a, subgroup, label)
    left, right = favours(a.data.outcome)
    notes = [n for n in (a.data.left_out_text(),) if n]
    notes += [f"Skipped by the meta-analysis: {w}." for w in a.warnings if w.startswith("skipped")]
    if a.data.only_verified:
        notes.append("Verified values only (accepted, corrected or added by a reviewer).")
    notes += pooling_notes(a)
    title = f"{outcome_title(a.data.outcome)}: cell therapy vs. control"
    return ForestData(measure=a.data.measure, groups=groups, overall=overall, outcome_label=title,
                      subgroup_test=test, favours_left=left, favours_right=right, footnotes=notes,
                      exp_scale=a.data.measure in RATIO_MEASURES, level=res.level)


def _subgroups(a: Analysis, column: str, label: str) -> tuple[list[ForestGroup], tuple[float, int, float]]:
    from stemfoot.metaanalysis.sensitivity import subgroup

    if not a.inverse_variance:
        raise MetaAnalysisError("subgroup analysis needs an inverse-variance method (FE or a tau^2 estimator), "
                                f"not {a.method}")
    res = a.result
    values = a.data.table.set_index("study").loc[res.labels, column].astype(str).tolist()
    single = sorted(v for v in set(values) if values.count(v) == 1)
    if a.test == "knha" and single:
        raise MetaAnalysisError(f"subgroups with the Knapp-Hartung test need at least 2 studies each; "
                                f"{column} {', '.join(single)}: 1 study")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        sub = subgroup(res, values, name=column)
    groups = []
    for level, fit in sub.groups.items():
        idx = [i for i, v in enumerate(values) if v == level]
        studies = _studies(a, idx)
        weight = float(np.sum(res.weights[idx]))
        t, c = _totals(a, [res.labels[i] for i in idx])
        pooled = pooled_effect(fit, method=label, data_t=t, data_c=c, weight=weight) if fit.k > 1 else None
        groups.append(ForestGroup(group_name(column, level), studies, pooled))
    return groups, (float(sub.Q_between), int(sub.df), float(sub.pval))


def egger_caption(a: Analysis) -> tuple[tuple[float, float] | None, str, str]:
    """(statistic, p) of Egger's test (None when not computed), 'z' or 't', and the caption text.

    Only with at least 10 studies (Cochrane Handbook 13.3.5.4) unless the
    analysis was asked to force it (``--force``); Egger needs 3 studies in any case.
    """
    from stemfoot.metaanalysis.bias import regtest
    from stemfoot.metaanalysis.small_study import gate_reason

    k = a.result.k
    reason = gate_reason(k, _min_k(a), a.force_small_study)
    if reason is not None:
        return None, "z", f"Egger's test: {reason.replace('force to override', '--force to override')}"
    if k < MIN_K_EGGER:
        return None, "z", f"Egger's test: not computed (needs at least {MIN_K_EGGER} studies; k = {k})"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        eg = regtest(a.result)
    stat = "z" if eg.dfs is None else "t"
    return (eg.zval, eg.pval), stat, f"Egger's test: {stat} = {format_number(eg.zval)}, {format_p(eg.pval, 'p')}"


def _min_k(a: Analysis) -> int:
    from stemfoot.metaanalysis.small_study import MIN_K

    return a.protocol.analysis.min_k_small_study if a.protocol is not None else MIN_K


def trimfill_caption(a: Analysis):
    """(TrimFillResult or None, caption): trim-and-fill under the same k >= 10 gate as Egger's test."""
    from stemfoot.metaanalysis.bias import trimfill
    from stemfoot.metaanalysis.small_study import gate_reason

    reason = gate_reason(a.result.k, _min_k(a), a.force_small_study)
    if reason is not None:
        return None, f"Trim-and-fill: {reason.replace('force to override', '--force to override')}"
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)
            tf = trimfill(a.result)
    except MetaAnalysisError as err:
        return None, f"Trim-and-fill: not computed: {err}"
    ex = a.data.measure in RATIO_MEASURES
    est = math.exp(tf.fit.estimate) if ex else tf.fit.estimate
    return tf, (f"Trim-and-fill: {tf.k0} {'study' if tf.k0 == 1 else 'studies'} imputed"
                + (f" on the {tf.side}" if tf.k0 else "") + f"; adjusted estimate {format_number(est)}")


def funnel_data(a: Analysis) -> tuple[FunnelData, str]:
    """The funnel plot data and its Egger caption."""
    if not a.inverse_variance:
        raise MetaAnalysisError(f"a funnel plot needs an inverse-variance method (FE or a tau^2 estimator), not {a.method}")
    res = a.result
    egger, stat, caption = egger_caption(a)
    tf, tf_caption = trimfill_caption(a)
    filled = []
    if tf is not None and tf.k0:
        filled = [(float(y), math.sqrt(float(v))) for y, v in zip(tf.fit.yi[tf.fill], tf.fit.vi[tf.fill])]
    data = FunnelData(yi=[float(y) for y in res.yi], sei=[math.sqrt(float(v)) for v in res.vi],
                      estimate=res.estimate, measure=a.data.measure, exp_scale=a.data.measure in RATIO_MEASURES,
                      egger=egger, egger_stat=stat, level=res.level, filled=filled,
                      filled_estimate=tf.fit.estimate if filled else None,
                      title=f"{outcome_title(a.data.outcome)} ({a.result.k} studies)")
    return data, caption


def funnel_figure(a: Analysis) -> Figure:
    """The funnel plot; when Egger's test is undefined its caption says so."""
    from stemfoot.report import funnel_plot

    data, caption = funnel_data(a)
    fig = funnel_plot.funnel_figure(data)
    lines = [caption] if data.egger is None else []  # a computed test is drawn by the plot itself
    lines.append(trimfill_caption(a)[1])
    w, h = funnel_plot.FIG_SIZE
    for i, line in enumerate(lines):
        fig.text(funnel_plot.AXES_BOX[0] / w, (0.22 - 0.16 * i) / h, line, ha="left", va="center", parse_math=False,
                 fontfamily=funnel_plot.FONT, fontsize=funnel_plot.FONT_SIZE)
    return fig


def draw_forest(a: Analysis, out: Path | str, subgroup: str | None = None,
                rob: dict[str, tuple[dict[str, str], str]] | None = None) -> Path:
    """Write the forest plot (PNG/SVG/PDF by extension); ``rob`` (study label -> (domain judgements, overall))
    adds a risk-of-bias column as RevMan does."""
    from stemfoot.report.forest_plot import draw_forest as draw, forest_figure, save_figure

    data = forest_data(a, subgroup)
    if rob is None:
        return draw(data, out)
    fig = forest_figure(data)
    add_rob_column(fig, data, rob)
    return save_figure(fig, out)


ROB_DOT = 0.16  # inches between risk-of-bias dots


def add_rob_column(fig: Figure, data, rob: dict[str, tuple[dict[str, str], str]]) -> list[str]:
    """Widen a forest figure and draw one coloured dot per domain and the overall judgement right of each
    study row (robvis colours and symbols; no dot for a study without an assessment). Returns the domains."""
    from matplotlib.transforms import blended_transform_factory

    from stemfoot.report.forest_plot import FONT, MARGIN, _body_rows
    from stemfoot.report.rob_plot import STYLE

    domains: list[str] = []
    for judgements, _ in rob.values():
        domains += [d for d in judgements if d not in domains]
    cols = domains + ["Overall"]
    extra = MARGIN + ROB_DOT * (len(cols) + 1)
    w, h = fig.get_size_inches()
    ax = fig.axes[0]
    x0, y0, aw, ah = ax.get_position().bounds
    fig.set_size_inches(w + extra, h)
    ax.set_position((x0 * w / (w + extra), y0, aw * w / (w + extra), ah))
    inch = fig.dpi_scale_trans
    trans = blended_transform_factory(inch, ax.transData)
    left = w + ROB_DOT / 2
    head_y = -1.2
    fig.text(left + ROB_DOT * (len(cols) - 1) / 2, h - MARGIN - 0.2, "Risk of bias", transform=inch,
             ha="center", va="center", fontsize=7, fontweight="bold", fontfamily=FONT)
    for j, c in enumerate(cols):
        fig.text(left + j * ROB_DOT, head_y, c.replace("D", "") if c != "Overall" else "O", transform=trans,
                 ha="center", va="center", fontsize=6.5, fontweight="bold", fontfamily=FONT)
    for y, row in enumerate(_body_rows(data)):
        if row.study is None or row.study.label not in rob:
            continue
        judgements, overall = rob[row.study.label]
        for j, c in enumerate(cols):
            value = overall if c == "Overall" else judgements.get(c)
            if value is None:
                continue
            colour, symbol, _ = STYLE[value]
            fig.text(left + j * ROB_DOT, y, symbol, transform=trans, ha="center", va="center", fontsize=6,
                     color="white", fontweight="bold", fontfamily=FONT, gid="rob",
                     bbox={"boxstyle": "circle,pad=0.15", "fc": colour, "ec": "none"})
    return cols


def draw_funnel(a: Analysis, out: Path | str) -> Path:
    """Write the funnel plot (PNG/SVG/PDF by extension)."""
    from stemfoot.report.forest_plot import save_figure

    return save_figure(funnel_figure(a), out)


def sensitivity_forest_data(sens) -> ForestData:
    """The forest plot of a sensitivity analysis (:class:`chain.Sensitivity`).

    A re-pooled subset (RCTs only, reviewed only) is drawn like the main
    analysis; leave-one-out and cumulative refits are one row per refit
    (a point and its CI, no weight) above the full analysis' diamond.
    """
    if sens.subset is not None:
        d = forest_data(sens.subset)
        return ForestData(**{**d.__dict__, "outcome_label": f"{d.outcome_label} — {sens.heading().split(': ', 1)[1]}"})
    a = sens.main
    res = a.result
    label = method_label(a)
    prefix = "Omitting " if sens.kind == "leave-one-out" else "+ "
    studies = [ForestStudy(f"{prefix}{name}", float(r["estimate"]), float(r["ci_lb"]), float(r["ci_ub"]), math.nan)
               for name, r in sens.table.iterrows()]
    overall = pooled_effect(res, label=f"All studies ({res.level:g}% CI)", method=label, weight=100.0)
    left, right = favours(a.data.outcome)
    what = ("each row pooled without the study named" if sens.kind == "leave-one-out"
            else "each row pooled from the studies up to and including the one named, by publication year")
    title = f"{outcome_title(a.data.outcome)}: {sens.kind.replace('-', ' ')} ({what})"
    notes = [f"Sensitivity analysis: {what}; the diamond is the analysis of all {res.k} studies."]
    return ForestData(measure=a.data.measure, groups=[ForestGroup("", studies)], overall=overall, outcome_label=title,
                      favours_left=left, favours_right=right, footnotes=notes,
                      exp_scale=a.data.measure in RATIO_MEASURES, level=res.level)


def draw_sensitivity_forest(sens, out: Path | str) -> Path:
    """Write the forest plot of a sensitivity analysis."""
    from stemfoot.report.forest_plot import draw_forest as draw

    return draw(sensitivity_forest_data(sens), out)

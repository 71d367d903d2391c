"""A self-contained HTML evidence report: one file, CSS inline, figures as base64 PNG, no scripts, no URLs.

Sections: corpus summary with PRISMA counts and the PRISMA 2020 diagram; the
studies table; one meta-analysis per outcome with at least two poolable
studies (table, forest and funnel plot, studies left out and why); risk of
bias (traffic-light and summary plots); the GRADE summary of findings (with a
protocol); one evidence card per study with
the source sentence of every number, the number marked. The page is the
Jinja2 template `templates/report.html` with `templates/report.css` inlined;
autoescaping escapes all text. This module only gathers the data.
"""
from __future__ import annotations

import base64
import io
import json
import warnings
from collections import Counter
from datetime import datetime, timezone
from pathlib import Path
from functools import lru_cache
from importlib import resources
from typing import Any

import jinja2
import sqlite_utils
from markupsafe import Markup, escape

from stemfoot.corpus import evidence
from stemfoot.review.screening_store import excluded_reasons
from stemfoot.review.trials import trials
from stemfoot.review.decisions import effective_values
from stemfoot.review.study_table import (
    BINARY_KINDS,
    CONTINUOUS_KINDS,
    outcome_title,
    reported_outcomes,
    study_labels,
)
from stemfoot.report.plotdata import (
    RATIO_MEASURES,
    format_effect,
    format_interval,
    format_number,
    format_p,
    format_tau2,
    format_weight,
)
from stemfoot.schemas import STATISTIC_VALUES
from stemfoot.chain import Analysis, outcome_table, pool_data

DESIGN_LABELS = {"rct": "RCT", "non_randomized_controlled": "Non-randomised controlled",
                 "single_arm": "Single-arm", "other": "Other", None: "not extracted"}
ORIGIN_LABELS = {"corrected": "corrected", "added": "added by reviewer", "accepted": "verified", "machine": "machine"}

@lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.PackageLoader("stemfoot.report", "templates"),
                              autoescape=True, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)


def _css() -> str:
    return resources.files("stemfoot.report").joinpath("templates/report.css").read_text(encoding="utf-8")


def dash(x: Any) -> str:
    """Text of a value; '–' for missing values."""
    return "–" if x is None or x == "" else str(x)


def _num(x: float | int | None) -> str:
    if x is None:
        return "–"
    return str(int(x)) if float(x).is_integer() else f"{x:g}"


def png_data_uri(fig) -> str:
    """A matplotlib Figure as a base64 PNG data URI (150 dpi: sharp on screen, small file)."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=150, facecolor="white")
    return "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode("ascii")


def mark_sentence(sentence: str | None, text: str | None, start: int | None, sentence_start: int | None) -> Markup:
    """The sentence, escaped, with the value's span in <mark> (by offsets, else the first occurrence)."""
    if not sentence:
        return escape(text or "")
    i = -1
    if text and start is not None and sentence_start is not None:
        off = start - sentence_start
        if sentence[off:off + len(text)] == text:
            i = off
    if i < 0 and text:
        i = sentence.find(text)
    if i < 0:
        return escape(sentence)
    return Markup("{}<mark>{}</mark>{}").format(sentence[:i], text, sentence[i + len(text):])


# --- data -------------------------------------------------------------------------------------------------


def _studies(db: sqlite_utils.Database) -> list[dict]:
    """The studies, each later report of a trial right after the trial's primary report (its children)."""
    labels = study_labels(db)
    excluded = excluded_reasons(db)
    by_study = trials(db, labels)
    out = []
    for st in evidence.study_summaries(db):
        st["label"], st["pmid"], _ = labels[st["id"]]
        st["excluded"] = excluded.get(st["id"])
        st["cell_types"] = json.loads(st["cell_types"]) if st["cell_types"] else []
        trial = by_study.get(st["id"])
        st["trial"] = trial if trial is not None and len(trial.reports) > 1 else None
        out.append(st)
    order = {st["id"]: n for n, st in enumerate(out)}
    return sorted(out, key=lambda st: (order.get(st["trial"].id, order[st["id"]]) if st["trial"] else order[st["id"]],
                                       st["trial"] is not None and st["trial"].id != st["id"], order[st["id"]]))


def _effective(db: sqlite_utils.Database, only_verified: bool) -> dict[str, dict]:
    return {v["value_id"]: v for v in effective_values(db, only_verified=only_verified)}


def _overlay(study: dict, eff: dict[str, dict], db: sqlite_utils.Database) -> None:
    """Study-level design, n, cell types and routes as the effective values give them."""
    pub = study["pmid"]
    for field in ("design", "n_patients"):
        v = eff.get(f"{pub}:{field}")
        study[field] = (v["value"] if field == "design" else _num(v["number"])) if v else None
        study[f"{field}_origin"] = v["origin"] if v else None
    study["cell_types"] = sorted(v["value"] for k, v in eff.items()
                                 if v["study_id"] == study["id"] and v["field"] == "cell_type")
    study["routes"] = sorted(v["value"] for k, v in eff.items() if v["study_id"] == study["id"] and v["field"] == "route")


def _arms(db: sqlite_utils.Database, study: dict, eff: dict[str, dict]) -> list[dict]:
    arms = []
    for aid, label, _role, n, cell, route in evidence.arm_rows(db, study["id"], study["extractor_version"]):
        r, nv = eff.get(f"{aid}:role"), eff.get(f"{aid}:n_patients")
        arms.append({"label": label, "role": r["value"] if r else None,
                     "n": _num(nv["number"]) if nv else None, "cell_type": cell, "route": route})
    return arms


def _span(db: sqlite_utils.Database, span_id: str | None, version: str | None) -> dict | None:
    if not span_id:
        return None
    return evidence.span(db, span_id, version)




def _statistics(db: sqlite_utils.Database, study: dict, eff: dict[str, dict]) -> list[dict]:
    """The study's statistics with effective values (statistics with none left are dropped)."""
    cols = ("id", "outcome", "outcome_label", "arm", "timepoint", "kind", "q1", "q3", "range_low", "range_high",
            "effect_measure", "p_operator", "span_id")
    out = []
    for row in evidence.statistic_rows(db, study["id"], study["extractor_version"], cols):
        st = dict(zip(cols, row))
        origins = set()
        for f in STATISTIC_VALUES:
            v = eff.get(f"{st['id']}:{f}")
            st[f] = None
            if v is not None:
                origins.add(v["origin"])
                st[f] = v["number"] if v["number"] is not None else v["value"]
        if not origins:
            continue
        moved = next((eff[f"{st['id']}:{f}"] for f in STATISTIC_VALUES
                      if eff.get(f"{st['id']}:{f}", {}).get("moved")), None)
        if moved is not None:  # a reviewer re-attributed it: show where it counts, the machine's place beside
            st["moved_from"] = " · ".join(x for x in (moved["original_outcome"] and outcome_title(moved["original_outcome"]),
                                                      moved["original_arm"],
                                                      moved["original_timepoint"]) if x)
            st.update({k: moved[k] for k in ("arm", "outcome", "timepoint")})
        if isinstance(st["p"], str):  # a bound kept as text, e.g. '<0.001'
            st["p_operator"], st["p"] = st["p"][0], float(st["p"].lstrip("<>=≤≥"))
        st["origin"] = next((o for o in ("corrected", "added", "accepted") if o in origins), "machine")
        st["evidence"] = _span(db, st["span_id"], study["extractor_version"])
        out.append(st)
    return out


# --- template context ----------------------------------------------------------------------------------


def _flow_counts(db: sqlite_utils.Database) -> dict:
    from stemfoot.review.screening_store import prisma_flow

    return prisma_flow(db)[0]


def _summary(studies: list[dict], flow: dict, pooled: int) -> dict:
    """Summary tiles and the study-flow table, whose numbers are the PRISMA diagram's (`prisma_flow`)."""
    included = [s for s in studies if not s["excluded"]]
    designs = Counter(DESIGN_LABELS.get(s["design"], s["design"]) for s in included)
    patients = sum(int(s["n_patients"]) for s in included if s["n_patients"] not in (None, "–"))
    excluded = flow["records_excluded"] + sum(flow["reports_excluded"].values())
    reasons = "; ".join(f"{r}: {n}" for r, n in flow["reports_excluded"].items())
    identified = sum(d["n"] for d in flow["databases"]) + sum(r["n"] for r in flow["registers"])
    awaiting = identified - flow["duplicates_removed"] - flow["other_removed"] - flow["records_screened"]
    return {
        "tiles": [(len(studies), "studies in the corpus"), (len(included), "not excluded at screening"),
                  (patients, "patients in those studies"), (pooled, "outcomes pooled")],
        "designs": ", ".join(f"{d} {n}" for d, n in designs.most_common()),
        "flow": [["Records identified", identified], ["Duplicates removed", flow["duplicates_removed"]],
                 ["Records screened", flow["records_screened"]],
                 ["Excluded" + (f" ({reasons})" if reasons else ""), excluded],
                 ["Included", flow["studies_included"]], ["Awaiting screening", max(awaiting, 0)]],
    }


def arm_note(a: dict, with_cells: bool = False) -> str:
    """'intervention, n = 26, SVF' (codes in words; missing sizes said so)."""
    parts = [(a["role"] or "role not extracted").replace("_", " "),
             f"n = {a['n']}" if a["n"] not in (None, "–") else "n not reported"]
    if with_cells and a["cell_type"]:
        parts.append(a["cell_type"])
    return ", ".join(parts)


def _trial_note(s: dict) -> tuple[str | None, bool]:
    """What the studies table says of a report of a trial with several reports, and whether it is a child."""
    trial = s["trial"]
    if trial is None:
        return None, False
    if trial.id == s["id"]:
        return f"trial {trial.label}: {len(trial.reports)} reports, analysed as one", False
    return f"later report of {trial.label}", True


def _study_row(s: dict, arms: list[dict]) -> dict:
    trial, child = _trial_note(s)
    return {"id": s["id"], "label": s["label"], "excluded": s["excluded"], "pmid": s["pmid"], "trial": trial,
            "child": child,
            "design": dash(DESIGN_LABELS.get(s["design"], s["design"])), "n": dash(s["n_patients"]),
            "arms": [{"label": a["label"], "note": arm_note(a)} for a in arms],
            "cell_types": ", ".join(s["cell_types"]), "routes": ", ".join(r.replace("_", "-") for r in s["routes"])}


def _analysis(a: Analysis, anchor: str) -> dict:
    from stemfoot.report.figures import (
        egger_caption,
        forest_data,
        funnel_figure,
        method_label,
        pooling_notes,
        trimfill_caption,
    )
    from stemfoot.report.forest_plot import forest_figure

    res, d = a.result, a.data
    ex = d.measure in RATIO_MEASURES
    fd = forest_data(a)
    p = fd.overall
    title = outcome_title(d.outcome)
    stats = [["Test for overall effect", f"{'t' if p.test == 'knha' else 'Z'} = {format_number(p.stat)}"
              + (f", df = {p.test_df}" if p.test == "knha" else "") + f" ({format_p(p.pval)})"],
             ["Heterogeneity", f"χ² = {p.q:.2f}, df = {p.df} ({format_p(p.q_pval)}); I² = {p.i2:.0f}%"]]
    if p.tau2 is not None:
        stats.append(["τ² (between-study variance)", format_tau2(p.tau2)])
    if p.pi_lower is not None:
        stats.append(["95% prediction interval", format_interval(p.pi_lower, p.pi_upper, ex)])
    egger = egger_caption(a)[2]
    stats.append(["Egger's test", egger.removeprefix("Egger's test: ") if a.inverse_variance
                  else "not computed for this method"])
    if a.inverse_variance:
        stats.append(["Trim-and-fill", trimfill_caption(a)[1].removeprefix("Trim-and-fill: ")])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        forest_uri = png_data_uri(forest_figure(fd))
        funnel_uri = png_data_uri(funnel_figure(a)) if a.inverse_variance else None
    return {
        "anchor": anchor, "title": title, "effect_name": fd.effect_name, "k": res.k,
        "arms_header": "Events/Total" if d.kind == "binary" else "Mean (SD) n",
        "rows": [[s.label, dash(s.data_t), dash(s.data_c), dash(format_weight(s.weight)),
                  dash(format_effect(s.yi, s.ci_lower, s.ci_upper, ex))] for s in fd.studies],
        "total": [f"Pooled ({method_label(a)})", dash(p.data_t), dash(p.data_c), "100.0%",
                  dash(format_effect(p.estimate, p.ci_lower, p.ci_upper, ex))],
        "stats": stats, "left_out": d.left_out_text() if d.left_out else None,
        "forest_uri": forest_uri, "funnel_uri": funnel_uri, "egger": egger, "notes": pooling_notes(a),
    }


def _evidence_item(what: str, origin: str | None, ev: dict | None) -> dict:
    label = ORIGIN_LABELS.get(origin, origin) if origin else None
    return {"what": what, "origin": label, "badge": label.split()[0] if label else None, "where": provenance_line(ev),
            "evidence": mark_sentence(ev["sentence"], ev["text"], ev["start"], ev["sentence_start"]) if ev else None}


def _card(study: dict, arms: list[dict], stats: list[dict], db: sqlite_utils.Database) -> dict:
    from stemfoot.report.card import describe

    items = []
    for field, label in (("design", "Design"), ("n_patients", "Patients")):
        ev = _span(db, study.get(f"{field}_span_id"), study["extractor_version"])
        value = DESIGN_LABELS.get(study[field], study[field]) if field == "design" else study[field]
        if value is None:
            continue
        items.append(_evidence_item(f"{label}: {value}", study.get(f"{field}_origin"), ev))
    for st in stats:
        where = " · ".join(x for x in (outcome_title(st["outcome"] or "outcome?"), st["arm"], st["timepoint"]) if x)
        moved = f" (moved by a reviewer; machine: {st['moved_from'] or 'none'})" if "moved_from" in st else ""
        items.append(_evidence_item(f"{where}: {describe(st)}{moved}", st["origin"], st["evidence"]))
    return {"id": study["id"], "label": study["label"], "pmid": study["pmid"], "excluded": study["excluded"],
            "title": study["title"], "journal": study["journal"],
            "arms": [{"label": a["label"], "note": arm_note(a, True)} for a in arms], "entries": items}


def provenance_line(ev: dict | None) -> str | None:
    """Where a full-text value sits: "Table 2 · row: Pain score · column: Placebo / Week 12", or the section."""
    if not ev:
        return None
    if ev.get("table_label") or ev.get("source") == "table":
        parts = [ev.get("table_label") or "table"]
        parts += [f"{k}: {ev[f'{k}_header']}" for k in ("row", "column") if ev.get(f"{k}_header")]
        return " · ".join(parts) + f" · cell “{ev.get('text') or ''}” [{ev.get('start')}–{ev.get('end')}]"
    if ev.get("source") == "full_text":
        return f"full text, {ev.get('section') or 'body'} [{ev.get('start')}–{ev.get('end')}]"
    return None


def _measure_for(kinds: list[str]) -> str | None:
    if set(kinds) & set(BINARY_KINDS):
        return "RR"
    if set(kinds) & set(CONTINUOUS_KINDS):
        return "MD"
    return None


def _flow_figure(db: sqlite_utils.Database) -> dict:
    """The PRISMA 2020 diagram from the corpus's counts, with notes on what is still open."""
    from stemfoot.report.prisma import draw_prisma
    from stemfoot.review.screening_store import prisma_flow

    counts, notes = prisma_flow(db)
    fig, warns = draw_prisma(counts)
    return {"uri": png_data_uri(fig), "counts": counts, "notes": notes + [f"counts do not add up: {w}" for w in warns]}


def _rob_section(db: sqlite_utils.Database) -> dict:
    """Traffic-light and summary plots of the stored (reviewed) risk-of-bias assessments, per tool."""
    from stemfoot.report.rob_plot import summary_bars, traffic_light
    from stemfoot.review.rob import ROB2_DOMAINS, ROBINS_DOMAINS
    from stemfoot.report.rob_plot import plot_rows
    from stemfoot.review.rob_store import assessments

    studies = assessments(db)
    plots = []
    for tool, names in (("RoB 2", ROB2_DOMAINS), ("ROBINS-I", ROBINS_DOMAINS)):
        rows = plot_rows(studies, tool)
        if rows:
            plots.append({"tool": tool, "k": len(rows), "traffic": png_data_uri(traffic_light(rows, names)),
                          "summary": png_data_uri(summary_bars(rows, names, weighted=False))})
    reviewed = sum(d.origin != "machine" for a in studies for d in a.domains)
    return {"plots": plots, "domains": sum(len(a.domains) for a in studies), "reviewed": reviewed}


def _sof_section(db: sqlite_utils.Database, protocol, only_verified: bool) -> dict | None:
    """The GRADE summary-of-findings rows of the protocol's outcomes, footnotes numbered once."""
    if protocol is None:
        return None
    from stemfoot.report.sof import build_sof

    items = build_sof(db, protocol, only_verified)
    notes: list[str] = []
    rows = []
    for it in items:
        if it.row is None:
            continue
        refs = []
        for n in it.row.footnotes:
            if n not in notes:
                notes.append(n)
            refs.append(notes.index(n) + 1)
        c = it.row.cells()
        rows.append({"cells": [c["Outcome"], c["Assumed risk (control)"] or "–", c["Corresponding risk (intervention)"],
                               c["Relative effect (95% CI)"], c["Participants (studies)"]],
                     "certainty": c["Certainty (GRADE)"], "refs": refs})
    return {"title": protocol.title, "rows": rows, "notes": notes,
            "missing": [[it.label, it.note] for it in items if it.row is None]}


def build_report(db: sqlite_utils.Database, only_verified: bool = False, method: str = "REML", test: str = "z",
                 db_name: str = "", *, protocol=None, multiarm: str = "combine", force: bool = False) -> str:
    """The report as one HTML string.

    With a ``protocol`` the protocol's outcomes are pooled (its measure, sides,
    definitions and timepoint rule) and a summary-of-findings table is added;
    without one, every outcome with arm data.
    """
    eff = _effective(db, only_verified)
    studies = _studies(db)
    for s in studies:
        _overlay(s, eff, db)
    arms = {s["id"]: _arms(db, s, eff) for s in studies if s["extractor_version"]}
    analyses, not_pooled = [], []
    if protocol is not None:
        wanted = {o.id: o.measure for o in protocol.outcomes if o.measure != "HR"}
    else:
        wanted = {o: _measure_for(kinds) for o, kinds in reported_outcomes(db, only_verified).items()}
    settings = {"protocol": protocol, "multiarm": multiarm}
    for outcome, measure in wanted.items():
        if measure is None:
            continue
        data = outcome_table(db, outcome, measure, only_verified, **settings)
        if data.k < 2:
            not_pooled.append(data)
            continue
        analyses.append(_analysis(pool_data(data, method, test, force_small_study=force, **settings),
                                  f"outcome-{outcome}"))
    context = {
        "css": Markup(_css()), "db_name": db_name, "method": method, "test": test, "only_verified": only_verified,
        "protocol": protocol.title if protocol is not None else None,
        "generated": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "toc": [("summary", "Corpus summary"), ("studies", "Studies"), ("meta", "Meta-analyses"),
                ("rob", "Risk of bias"), ("sof", "Summary of findings"), ("cards", "Evidence cards")],
        "unmatched": _unmatched(db),
        "flow_figure": _flow_figure(db), "rob": _rob_section(db), "sof": _sof_section(db, protocol, only_verified),
        "summary": _summary(studies, _flow_counts(db), len(analyses)),
        "studies": [_study_row(s, arms.get(s["id"], [])) for s in studies],
        "analyses": analyses,
        "not_pooled": [[outcome_title(d.outcome), d.measure, d.k,
                        "; ".join(f"{x.study} ({x.reason})" for x in d.left_out) or "–"] for d in not_pooled],
        "cards": [_card(s, arms.get(s["id"], []), _statistics(db, s, eff), db) for s in studies
                  if s["extractor_version"]],
    }
    return _environment().get_template("report.html").render(context)


def _unmatched(db: sqlite_utils.Database) -> list[dict]:
    """First thing in the report: reviewed values that re-extraction did not find again (issue 15)."""
    from stemfoot.review.decisions import unresolved_items

    return [{"pmid": i.pmid, "field": i.field,
             "context": ", ".join(str(v) for k, v in i.context().items() if v and k != "statistic_id"),
             "decision": i.decision or "note", "value": i.value or "", "reviewer": i.reviewer or "",
             "decided_at": i.decided_at or "", "was": i.reviewed_machine_value or "", "id": i.value_id}
            for i in unresolved_items(db)]


def write_report(db: sqlite_utils.Database, out: Path | str, only_verified: bool = False, method: str = "REML",
                 test: str = "z", db_name: str = "", **settings) -> Path:
    """Write the report to ``out`` (UTF-8): to a temporary file first, renamed when complete.

    ``settings``: protocol, multiarm, force (see :func:`build_report`).
    """
    from stemfoot.corpus.safe_io import atomic_write

    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    # Built in full first, then written beside ``out`` and renamed: a failure keeps the previous report.
    atomic_write(out, build_report(db, only_verified, method, test, db_name, **settings))
    return out

"""A self-contained HTML evidence report: one file, CSS inline, figures as base64 PNG, no scripts, no URLs.

Sections: corpus summary with PRISMA counts; the studies table; one
meta-analysis per outcome with at least two poolable studies (table, forest
and funnel plot, studies left out and why); one evidence card per study with
the source sentence of every number, the number marked. All text is escaped.
"""
from __future__ import annotations

import base64
import html
import io
import json
import warnings
from collections import Counter
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import sqlite_utils

from stemfoot.corpus import evidence
from stemfoot.corpus.curation import excluded_studies, prisma_counts
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
from stemfoot.chain import Analysis, analyse, outcome_table

DESIGN_LABELS = {"rct": "RCT", "non_randomized_controlled": "Non-randomised controlled",
                 "single_arm": "Single-arm", "other": "Other", None: "not extracted"}
ORIGIN_LABELS = {"corrected": "corrected", "added": "added by reviewer", "accepted": "verified", "machine": "machine"}

CSS = """
:root { --ink: #1b1f24; --muted: #5b6570; --rule: #d5dae0; --accent: #1f4e79; --band: #f4f6f8; }
* { box-sizing: border-box; }
body { margin: 0; color: var(--ink); background: #fff; font: 15px/1.5 -apple-system, "Segoe UI", Roboto,
  "Helvetica Neue", Arial, "DejaVu Sans", sans-serif; }
main { max-width: 1120px; margin: 0 auto; padding: 32px 40px 64px; }
header { border-bottom: 3px solid var(--accent); padding-bottom: 12px; margin-bottom: 8px; }
h1 { font-size: 28px; margin: 0 0 4px; letter-spacing: -0.01em; }
h2 { font-size: 21px; margin: 40px 0 12px; padding-bottom: 6px; border-bottom: 1px solid var(--rule); color: var(--accent); }
h3 { font-size: 17px; margin: 28px 0 8px; }
h4 { font-size: 14px; margin: 16px 0 6px; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); }
p.meta, .muted { color: var(--muted); }
p.meta { margin: 0; font-size: 13px; }
nav ol { columns: 2; margin: 8px 0 0; padding-left: 20px; font-size: 14px; }
nav a, a { color: var(--accent); text-decoration: none; }
table { border-collapse: collapse; width: 100%; margin: 8px 0 16px; font-size: 13.5px; }
th, td { text-align: left; padding: 6px 10px; border-bottom: 1px solid var(--rule); vertical-align: top; }
thead th { border-bottom: 2px solid var(--ink); font-weight: 600; white-space: nowrap; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tbody tr:nth-child(even) { background: var(--band); }
tr.total td { font-weight: 600; border-top: 2px solid var(--ink); background: #fff; }
.cards { display: grid; gap: 14px; }
.stats { display: grid; grid-template-columns: repeat(auto-fit, minmax(150px, 1fr)); gap: 12px; margin: 12px 0; }
.stat { border: 1px solid var(--rule); border-radius: 6px; padding: 10px 14px; }
.stat b { display: block; font-size: 24px; color: var(--accent); }
.stat span { font-size: 13px; color: var(--muted); }
figure { margin: 12px 0 20px; }
figure img { display: block; max-width: 100%; height: auto; border: 1px solid var(--rule); }
figcaption { font-size: 13px; color: var(--muted); margin-top: 6px; }
.figs { display: grid; grid-template-columns: 1fr; gap: 8px; }
.card { border: 1px solid var(--rule); border-radius: 6px; padding: 14px 18px; break-inside: avoid; }
.card h3 { margin: 0 0 4px; }
.card .title { margin: 0 0 10px; font-style: italic; }
blockquote { margin: 4px 0 0; padding: 4px 10px; border-left: 3px solid var(--rule); color: #333; font-size: 13.5px; }
mark { background: #ffe58a; color: inherit; padding: 0 2px; border-radius: 2px; font-weight: 600; }
ul.evidence { list-style: none; margin: 0; padding: 0; }
ul.evidence > li { padding: 8px 0; border-bottom: 1px dashed var(--rule); }
ul.evidence > li:last-child { border-bottom: 0; }
.what { font-weight: 600; }
.badge { display: inline-block; font-size: 11px; padding: 1px 6px; border-radius: 9px; border: 1px solid var(--rule);
  color: var(--muted); margin-left: 6px; vertical-align: 1px; }
.badge.corrected, .badge.added { border-color: #b26b00; color: #b26b00; }
.badge.verified { border-color: #2e7d32; color: #2e7d32; }
.badge.excluded { border-color: #a12622; color: #a12622; }
.note { background: var(--band); border-left: 3px solid var(--accent); padding: 8px 12px; font-size: 13.5px; }
footer { margin-top: 48px; font-size: 12px; color: var(--muted); border-top: 1px solid var(--rule); padding-top: 10px; }
@media print { main { padding: 0; } .card, figure { break-inside: avoid; } }
"""


def esc(x: Any) -> str:
    """Escaped text; '–' for missing values."""
    return "–" if x is None or x == "" else html.escape(str(x), quote=True)


def _num(x: float | int | None) -> str:
    if x is None:
        return "–"
    return str(int(x)) if float(x).is_integer() else f"{x:g}"


def png_data_uri(fig) -> str:
    """A matplotlib Figure as a base64 PNG data URI (150 dpi: sharp on screen, small file)."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=150, facecolor="white")
    return "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode("ascii")


def mark_sentence(sentence: str | None, text: str | None, start: int | None, sentence_start: int | None) -> str:
    """The sentence, escaped, with the value's span in <mark> (by offsets, else the first occurrence)."""
    if not sentence:
        return esc(text) if text else ""
    i = -1
    if text and start is not None and sentence_start is not None:
        off = start - sentence_start
        if sentence[off:off + len(text)] == text:
            i = off
    if i < 0 and text:
        i = sentence.find(text)
    if i < 0:
        return esc(sentence)
    return f"{esc(sentence[:i])}<mark>{esc(text)}</mark>{esc(sentence[i + len(text):])}"


# --- data -------------------------------------------------------------------------------------------------


def _studies(db: sqlite_utils.Database) -> list[dict]:
    labels = study_labels(db)
    excluded = {row["study_id"]: row["reason"] for row in excluded_studies(db)}
    out = []
    for st in evidence.study_summaries(db):
        st["label"], st["pmid"], _ = labels[st["id"]]
        st["excluded"] = excluded.get(st["id"])
        st["cell_types"] = json.loads(st["cell_types"]) if st["cell_types"] else []
        out.append(st)
    return out


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
        if isinstance(st["p"], str):  # a bound kept as text, e.g. '<0.001'
            st["p_operator"], st["p"] = st["p"][0], float(st["p"].lstrip("<>=≤≥"))
        st["origin"] = next((o for o in ("corrected", "added", "accepted") if o in origins), "machine")
        st["evidence"] = _span(db, st["span_id"], study["extractor_version"])
        out.append(st)
    return out


# --- HTML pieces ------------------------------------------------------------------------------------------


def _table(headers: list[tuple[str, str]], rows: list[list[str]], total: list[str] | None = None) -> str:
    """headers: (text, css class); cells are HTML already escaped."""
    head = "".join(f'<th class="{c}">{esc(h)}</th>' if c else f"<th>{esc(h)}</th>" for h, c in headers)
    body = []
    for r in rows:
        body.append("<tr>" + "".join(f'<td class="{c}">{cell}</td>' if c else f"<td>{cell}</td>"
                                     for cell, (_, c) in zip(r, headers)) + "</tr>")
    if total:
        body.append('<tr class="total">' + "".join(f'<td class="{c}">{cell}</td>' if c else f"<td>{cell}</td>"
                                                   for cell, (_, c) in zip(total, headers)) + "</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def _summary(studies: list[dict], prisma: dict, only_verified: bool, pooled: int) -> str:
    included = [s for s in studies if not s["excluded"]]
    designs = Counter(DESIGN_LABELS.get(s["design"], s["design"]) for s in included)
    patients = sum(int(s["n_patients"]) for s in included if s["n_patients"] not in (None, "–"))
    tiles = [(len(studies), "studies in the corpus"), (len(included), "not excluded at screening"),
             (patients, "patients in those studies"), (pooled, "outcomes pooled")]
    html_ = '<div class="stats">' + "".join(f'<div class="stat"><b>{n}</b><span>{esc(t)}</span></div>'
                                            for n, t in tiles) + "</div>"
    html_ += "<p>Designs: " + esc(", ".join(f"{d} {n}" for d, n in designs.most_common())) + ".</p>"
    reasons = "; ".join(f"{r}: {n}" for r, n in prisma["excluded_by_reason"].items())
    rows = [["Records identified", str(prisma["identified"])], ["Records screened", str(prisma["screened"])],
            ["Excluded" + (f" ({esc(reasons)})" if reasons else ""), str(prisma["excluded"])],
            ["Included", str(prisma["included"])], ["Awaiting screening", str(prisma["awaiting_screening"])]]
    html_ += "<h3>Study flow (PRISMA)</h3>" + _table([("Stage", ""), ("Records", "num")], rows)
    values = ("Only values a reviewer accepted, corrected or added are used (<code>--only-verified</code>)."
              if only_verified else "Values: reviewer corrections first, then accepted values, then machine "
              "extraction; rejected values and excluded studies are left out.")
    return html_ + f'<p class="note">{values}</p>'


def arm_note(a: dict, with_cells: bool = False) -> str:
    """'intervention, n = 26, SVF' (codes in words; missing sizes said so)."""
    parts = [(a["role"] or "role not extracted").replace("_", " "),
             f"n = {a['n']}" if a["n"] not in (None, "–") else "n not reported"]
    if with_cells and a["cell_type"]:
        parts.append(a["cell_type"])
    return esc(", ".join(parts))


def _studies_table(studies: list[dict], arms: dict[int, list[dict]]) -> str:
    rows = []
    for s in studies:
        arm_text = "<br>".join(f"{esc(a['label'])} <span class=\"muted\">({arm_note(a)})</span>"
                               for a in arms.get(s["id"], []))
        label = f'<a href="#study-{s["id"]}">{esc(s["label"])}</a>'
        if s["excluded"]:
            label += f'<span class="badge excluded">excluded: {esc(s["excluded"])}</span>'
        rows.append([label, esc(s["pmid"]), esc(DESIGN_LABELS.get(s["design"], s["design"])),
                     esc(s["n_patients"]), arm_text or "–", esc(", ".join(s["cell_types"])),
                     esc(", ".join(r.replace("_", "-") for r in s["routes"]))])
    return _table([("Study", ""), ("PMID / id", ""), ("Design", ""), ("n", "num"), ("Arms (role, n)", ""),
                   ("Cell type", ""), ("Route", "")], rows)


def _analysis_section(a: Analysis, anchor: str) -> str:
    from stemfoot.report.figures import egger_caption, forest_data, funnel_figure, method_label
    from stemfoot.report.forest_plot import forest_figure

    res, d = a.result, a.data
    ex = d.measure in RATIO_MEASURES
    fd = forest_data(a)
    p = fd.overall
    title = outcome_title(d.outcome)
    out = [f'<h3 id="{anchor}">{esc(title)} <span class="muted">({esc(fd.effect_name)}, {res.k} studies)</span></h3>']
    arms = "Events/Total" if d.kind == "binary" else "Mean (SD) n"
    rows = [[esc(s.label), esc(s.data_t), esc(s.data_c), esc(format_weight(s.weight)),
             esc(format_effect(s.yi, s.ci_lower, s.ci_upper, ex))] for s in fd.studies]
    total = [f"Pooled ({esc(method_label(a))})", esc(p.data_t), esc(p.data_c), "100.0%",
             esc(format_effect(p.estimate, p.ci_lower, p.ci_upper, ex))]
    out.append(_table([("Study", ""), (f"Cell therapy: {arms}", "num"), (f"Control: {arms}", "num"),
                       ("Weight", "num"), (f"{fd.effect_name} [95% CI]", "num")], rows, total))
    stats = [["Test for overall effect", esc(f"{'t' if p.test == 'knha' else 'Z'} = {format_number(p.stat)}"
                                             + (f", df = {p.test_df}" if p.test == "knha" else "")
                                             + f" ({format_p(p.pval)})")],
             ["Heterogeneity", esc(f"χ² = {p.q:.2f}, df = {p.df} ({format_p(p.q_pval)}); I² = {p.i2:.0f}%")]]
    if p.tau2 is not None:
        stats.append(["τ² (between-study variance)", esc(format_tau2(p.tau2))])
    if p.pi_lower is not None:
        stats.append(["95% prediction interval", esc(format_interval(p.pi_lower, p.pi_upper, ex))])
    stats.append(["Egger's test", esc(egger_caption(a)[2].removeprefix("Egger's test: ")) if a.inverse_variance
                  else "not computed for this method"])
    out.append(_table([("Statistic", ""), ("Value", "")], stats))
    if d.left_out:
        out.append(f'<p class="note">{esc(d.left_out_text())}</p>')
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        forest_uri = png_data_uri(forest_figure(fd))
        funnel_uri = png_data_uri(funnel_figure(a)) if a.inverse_variance else None
    out.append(f'<figure><img src="{forest_uri}" alt="{esc("Forest plot: " + title)}">'
               f"<figcaption>Forest plot. Squares: study estimates (area proportional to weight) with 95% CIs; "
               f"diamond: pooled estimate; grey bar: 95% prediction interval.</figcaption></figure>")
    if funnel_uri:
        out.append(f'<figure><img src="{funnel_uri}" alt="{esc("Funnel plot: " + title)}" style="max-width:680px">'
                   f"<figcaption>Contour-enhanced funnel plot; {esc(egger_caption(a)[2])}.</figcaption></figure>")
    return "\n".join(out)


def _describe(st: dict) -> str:
    from stemfoot.report.card import describe

    return describe(st)


def _card(study: dict, arms: list[dict], stats: list[dict], db: sqlite_utils.Database) -> str:
    out = [f'<article class="card" id="study-{study["id"]}">',
           f"<h3>{esc(study['label'])} <span class=\"muted\">· {esc(study['pmid'])}</span>"
           + (f'<span class="badge excluded">excluded: {esc(study["excluded"])}</span>' if study["excluded"] else "")
           + "</h3>",
           f'<p class="title">{esc(study["title"])}{" — " + esc(study["journal"]) if study["journal"] else ""}</p>']
    items = []
    for field, label in (("design", "Design"), ("n_patients", "Patients")):
        ev = _span(db, study.get(f"{field}_span_id"), study["extractor_version"])
        value = DESIGN_LABELS.get(study[field], study[field]) if field == "design" else study[field]
        if value is None:
            continue
        items.append(_evidence_item(f"{label}: {value}", study.get(f"{field}_origin"), ev))
    for st in stats:
        where = " · ".join(x for x in (outcome_title(st["outcome"] or "outcome?"), st["arm"], st["timepoint"]) if x)
        items.append(_evidence_item(f"{where}: {_describe(st)}", st["origin"], st["evidence"]))
    if arms:
        out.append("<p>Arms: " + "; ".join(f"{esc(a['label'])} ({arm_note(a, True)})" for a in arms) + "</p>")
    out.append('<ul class="evidence">' + "".join(items) + "</ul>" if items
               else '<p class="muted">No extracted values.</p>')
    out.append("</article>")
    return "\n".join(out)


def _evidence_item(what: str, origin: str | None, ev: dict | None) -> str:
    badge = f'<span class="badge {esc(ORIGIN_LABELS.get(origin, origin).split()[0])}">{esc(ORIGIN_LABELS.get(origin, origin))}</span>' \
        if origin else ""
    quote = (f"<blockquote>{mark_sentence(ev['sentence'], ev['text'], ev['start'], ev['sentence_start'])}</blockquote>"
             if ev else '<blockquote class="muted">no source sentence (added by a reviewer)</blockquote>')
    return f'<li><span class="what">{esc(what)}</span>{badge}{quote}</li>'


def _measure_for(kinds: list[str]) -> str | None:
    if set(kinds) & set(BINARY_KINDS):
        return "RR"
    if set(kinds) & set(CONTINUOUS_KINDS):
        return "MD"
    return None


def build_report(db: sqlite_utils.Database, only_verified: bool = False, method: str = "REML", test: str = "z",
                 db_name: str = "") -> str:
    """The report as one HTML string."""
    eff = _effective(db, only_verified)
    studies = _studies(db)
    for s in studies:
        _overlay(s, eff, db)
    arms = {s["id"]: _arms(db, s, eff) for s in studies if s["extractor_version"]}
    sections, not_pooled = [], []
    for outcome, kinds in reported_outcomes(db, only_verified).items():
        measure = _measure_for(kinds)
        if measure is None:
            continue
        data = outcome_table(db, outcome, measure, only_verified)
        if data.k < 2:
            not_pooled.append(data)
            continue
        sections.append(_analysis_section(analyse(db, outcome, measure, method, test, only_verified),
                                          f"outcome-{outcome}"))
    if not sections:
        sections.append('<p class="note">No outcome has two or more poolable studies.</p>')
    generated = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    toc = "".join(f'<li><a href="#{h}">{esc(t)}</a></li>' for h, t in (
        ("summary", "Corpus summary"), ("studies", "Studies"), ("meta", "Meta-analyses"),
        ("cards", "Evidence cards")))
    body = [
        "<header><h1>Cell therapy for diabetic foot: evidence report</h1>",
        f'<p class="meta">Corpus {esc(db_name)} · generated {esc(generated)} by stemfoot · '
        f'{esc(method)} random-effects unless stated' + (" · Knapp–Hartung tests" if test == "knha" else "")
        + (" · verified values only" if only_verified else "") + "</p></header>",
        f"<nav><ol>{toc}</ol></nav>",
        *_unmatched_block(db),
        '<h2 id="summary">Corpus summary</h2>', _summary(studies, prisma_counts(db), only_verified, len(sections)),
        '<h2 id="studies">Studies</h2>', _studies_table(studies, arms),
        '<h2 id="meta">Meta-analyses</h2>',
        "<p>Cell therapy (all cell-treated arms combined) against control, per outcome with at least two "
        "studies whose arm-level numbers can be pooled. Binary outcomes: risk ratio; continuous: mean difference.</p>",
        *sections,
    ]
    if not_pooled:
        body += ["<h3>Outcomes not pooled (fewer than two poolable studies)</h3>", _table(
            [("Outcome", ""), ("Measure", ""), ("Poolable", "num"), ("Studies left out, and why", "")],
            [[esc(outcome_title(d.outcome)), esc(d.measure), str(d.k),
              esc("; ".join(f"{x.study} ({x.reason})" for x in d.left_out)) or "–"] for d in not_pooled])]
    body += ['<h2 id="cards">Evidence cards</h2>',
             "<p>Every number with the sentence it was read from; the number is highlighted. Badges: "
             "<em>verified</em> (accepted by a reviewer), <em>corrected</em>, <em>machine</em> (not yet reviewed).</p>",
             '<div class="cards">']
    for s in studies:
        if s["extractor_version"]:
            body.append(_card(s, arms.get(s["id"], []), _statistics(db, s, eff), db))
    body += ["</div>", "<footer>Self-contained report: no scripts, no external resources. Numbers in tables and "
             "figures are the meta-analysis engine's (metafor-compatible).</footer>"]
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            "<title>Evidence report: cell therapy for diabetic foot</title>"
            f"<style>{CSS}</style></head><body><main>\n" + "\n".join(body) + "\n</main></body></html>\n")


def _unmatched_block(db: sqlite_utils.Database) -> list[str]:
    """First thing in the report: reviewed values that re-extraction did not find again (issue 15)."""
    from stemfoot.review.decisions import unresolved_items

    items = unresolved_items(db)
    if not items:
        return []
    rows = "".join(
        f"<li>{esc(i.pmid)} {esc(i.field)} ({esc(', '.join(str(v) for k, v in i.context().items() if v and k != 'statistic_id'))}):"
        f" {esc(i.decision or 'note')} {esc(i.value or '')} by {esc(i.reviewer or '')}, {esc(i.decided_at or '')}"
        f" (was {esc(i.reviewed_machine_value or '')!s}); id {esc(i.value_id)}</li>" for i in items)
    return [f'<section class="warning" id="unmatched"><h2>{len(items)} reviewed value(s) not found again '
            "after re-extraction</h2><p>Their studies are left out of the outcomes they belong to until a "
            "reviewer matches them (<code>stemfoot review --match OLD_ID=NEW_ID</code> or "
            f"<code>--dismiss OLD_ID</code>).</p><ul>{rows}</ul></section>"]


def write_report(db: sqlite_utils.Database, out: Path | str, only_verified: bool = False, method: str = "REML",
                 test: str = "z", db_name: str = "") -> Path:
    """Write the report to ``out`` (UTF-8)."""
    from stemfoot.corpus.safe_io import atomic_write

    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    # Built in full first, then written beside ``out`` and renamed: a failure keeps the previous report.
    atomic_write(out, build_report(db, only_verified, method, test, db_name))
    return out

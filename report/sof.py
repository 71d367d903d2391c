"""Summary of findings from the corpus: pool each protocol outcome, rate its certainty with GRADE, make the rows.

Risk of bias per study is the effective RoB assessment (reviewer's judgement,
else the stored machine suggestion; `rob` stores them); GRADE overrides and
indirectness calls are the reviewer's events (`sof --override`).
"""
from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from pathlib import Path

import sqlite_utils

from stemfoot.chain import NotEnoughStudies, analyse
from stemfoot.metaanalysis.errors import MetaAnalysisError
from stemfoot.metaanalysis.protocol import Protocol
from stemfoot.review import grade
from stemfoot.review.grade_store import overrides
from stemfoot.review.rob_store import assessments

#: Pooled from the corpus (HR is not: abstracts rarely give the per-study log hazard ratios).
CORPUS_MEASURES = ("RR", "OR", "RD", "MD", "SMD")


@dataclass
class SofOutcome:
    """One protocol outcome: its SoF row and what went into it, or why it has none."""

    outcome: str
    label: str
    row: grade.SofRow | None = None
    grade: grade.GradeResult | None = None
    pooled: grade.PooledOutcome | None = None
    note: str | None = None
    unassessed: list[str] = field(default_factory=list)  # studies without a risk-of-bias assessment


def _study_info(a, rob: dict[str, str]) -> dict[str, dict]:
    t = a.data.table
    info = {}
    for _, r in t.iterrows():
        if a.data.kind == "binary":
            n = int(r["total_t"]) + int(r["total_c"])
            extra = {"control_events": int(r["events_c"]), "control_total": int(r["total_c"])}
        else:
            n, extra = int(r["n_t"]) + int(r["n_c"]), {}
        info[r["study"]] = {"n_total": n, "rob": rob.get(r["study"]), "randomised": r["design"] == "rct", **extra}
    return info


def build_sof(db: sqlite_utils.Database, protocol: Protocol, only_verified: bool = False) -> list[SofOutcome]:
    """One :class:`SofOutcome` per protocol outcome, in protocol order."""
    from stemfoot.report.figures import egger_caption

    rob = {a.label: a.overall for a in assessments(db)}
    method, test = protocol.analysis.method, protocol.analysis.test
    if method in ("MH", "PETO"):
        method = "REML"  # GRADE reads study weights and I² of an inverse-variance model
    out = []
    for o in protocol.outcomes:
        item = SofOutcome(o.id, o.label)
        out.append(item)
        if o.measure not in CORPUS_MEASURES:
            item.note = f"{o.measure} is not pooled from the corpus"
            continue
        try:
            a = analyse(db, o.id, o.measure, method, test, only_verified)
        except NotEnoughStudies as exc:
            item.note = str(exc)
            continue
        info = _study_info(a, rob)
        item.unassessed = [s for s, v in info.items() if v["rob"] is None]
        funnel_p = None
        if a.result.k >= 10:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", UserWarning)
                eg = egger_caption(a)[0]
            funnel_p = eg[1] if eg else None
        p = grade.pooled_from_rma(a.result, o.label, info, funnel_p)
        over, indirect = overrides(db, o.id)
        try:
            g = grade.grade_outcome(p, indirectness=indirect, overrides=over)
        except grade.GradeError as exc:
            raise MetaAnalysisError(str(exc)) from exc
        item.pooled, item.grade, item.row = p, g, grade.sof_row(p, g)
    return out


def sof_rows(items: list[SofOutcome]) -> list[grade.SofRow]:
    return [i.row for i in items if i.row is not None]


def write_docx(rows: list[grade.SofRow], path: str | Path, title: str) -> Path:
    """Write the SoF table as .docx with python-docx (an optional library; the caller checks it is there)."""
    import docx  # type: ignore[import-not-found]

    from stemfoot.corpus.safe_io import atomic_write

    doc = docx.Document()
    doc.add_heading(title, level=1)
    cells = [r.cells() for r in rows]
    heads = [h for h in (cells[0] if cells else {}) if h != "Footnotes"]
    table = doc.add_table(rows=1, cols=len(heads))
    for cell, h in zip(table.rows[0].cells, heads):
        cell.text = h
    for c in cells:
        for cell, h in zip(table.add_row().cells, heads):
            cell.text = c[h]
    for i, r in enumerate(rows):
        for note in r.footnotes:
            doc.add_paragraph(f"{r.outcome}: {note}")
    return atomic_write(path, lambda fh: doc.save(fh))

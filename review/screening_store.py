"""Two-stage screening stored in the corpus, its status (κ, conflicts, active-learning order) and the PRISMA flow.

Decisions are append-only rows of `screening_stage_events` (migration m007).
Decisions made with the single-stage `screen --include/--exclude` (migration 3)
count as full-text decisions: they were made on the study, with a reason.
The pure logic (agreement, settling, ranking) is in :mod:`stemfoot.review.screening`.
"""
from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Sequence

import sqlite_utils

from stemfoot.corpus import appraisal as store
from stemfoot.corpus import curation
from stemfoot.corpus.db import transaction
from stemfoot.review.decisions import CurationError, now, study_id_for
from stemfoot.review.screening import (
    STAGES,
    Agreement,
    Decision,
    ScreeningError,
    agreement,
    rank_unscreened,
    settled_decisions,
)

STAGE_NAMES = {"title-abstract": "title_abstract", "full-text": "full_text"}


def stage_key(stage: str) -> str:
    """'title-abstract' / 'full-text' (CLI spelling) or the stored key -> the stored key."""
    key = STAGE_NAMES.get(stage, stage)
    if key not in STAGES:
        raise CurationError(f"stage must be title-abstract or full-text, not {stage!r}")
    return key


def record_decisions(
    db: sqlite_utils.Database, public_ids: Sequence[str], stage: str, decision: str, *, reviewer: str,
    reason: str | None = None, reasons: Sequence[str] = (), adjudication: bool = False,
    note: str | None = None, source: str = "library",
) -> list[int]:
    """Append one decision per study at ``stage`` (all or none).

    ``reasons``: the protocol's exclusion reasons; when given, an exclusion
    reason must be one of them. A full-text exclusion always needs a reason.
    """
    key = stage_key(stage)
    reason = (reason or "").strip() or None
    if decision not in ("include", "exclude", "maybe", "not_retrieved"):
        raise CurationError(f"decision must be include, exclude, maybe or not_retrieved, not {decision!r}")
    if decision == "not_retrieved" and key != "full_text":
        raise CurationError("'not retrieved' is a full-text decision (the report could not be obtained)")
    if decision == "exclude":
        if key == "full_text" and not reason:
            raise CurationError("a full-text exclusion needs a reason" + (f" (one of: {'; '.join(reasons)})" if reasons else ""))
        if reason and reasons and reason not in reasons:
            raise CurationError(f"reason {reason!r} is not in the protocol's list ({'; '.join(reasons)})")
    elif decision == "include" and reason:
        raise CurationError("an inclusion takes no exclusion reason")
    with transaction(db) as conn:
        ids = [study_id_for(conn, p) for p in public_ids]
        stamp = now()
        store.insert_stage_events(conn, [
            {"study_id": sid, "stage": key, "decision": decision, "reason": reason,
             "adjudication": int(adjudication), "note": note, "reviewer": reviewer, "recorded_at": stamp,
             "source": source} for sid in ids])
    return ids


def load_decisions(db: sqlite_utils.Database) -> list[Decision]:
    """Stage decisions and (as full-text decisions) single-stage ones, oldest first; record ids are study row ids."""
    rows = [(r["recorded_at"], 1, r["event_id"], Decision(str(r["study_id"]), r["reviewer"], r["stage"], r["decision"],
                                                          r["reason"], bool(r["adjudication"])))
            for r in store.stage_events(db.conn)]
    rows += [(r["recorded_at"], 0, r["event_id"], Decision(str(r["study_id"]), r["reviewer"], "full_text",
                                                           r["decision"], r["reason"]))
             for r in store.legacy_screening_events(db.conn)]
    return [d for *_, d in sorted(rows, key=lambda x: x[:3])]


@dataclass
class StageState:
    """Settled decisions of both stages and the pool of records each stage screens."""

    ta: dict[str, Decision | None]
    ft: dict[str, Decision | None]
    all_ids: list[str]

    def pool(self, stage: str) -> list[str]:
        """Records to screen at ``stage``: all at title-abstract; at full text those included at
        title-abstract, plus any with a full-text decision (a single-stage decision skips the first stage)."""
        if stage == "title_abstract":
            return list(self.all_ids)
        return [r for r in self.all_ids if self.passed_ta(r) or r in self.ft]

    def passed_ta(self, rid: str) -> bool:
        d = self.ta.get(rid)
        return (d is not None and d.decision == "include") or (rid not in self.ta and rid in self.ft)


def stage_state(db: sqlite_utils.Database, decisions: list[Decision] | None = None) -> StageState:
    decisions = load_decisions(db) if decisions is None else decisions
    ids = [str(i) for i in curation.public_ids(db.conn)]
    return StageState(settled_decisions(decisions, "title_abstract"), settled_decisions(decisions, "full_text"),
                      sorted(ids, key=int))


def excluded_reasons(db: sqlite_utils.Database) -> dict[int, str]:
    """Study id -> exclusion reason for studies excluded by a settled decision at either stage (or the
    single-stage `screen --exclude`): what analyses leave out."""
    # The decisions alone: the pool of all record ids (stage_state) is not needed, and it
    # would read every study of a large corpus on each analysis.
    decisions = load_decisions(db)
    out: dict[int, str] = {}
    for settled in (settled_decisions(decisions, "title_abstract"), settled_decisions(decisions, "full_text")):
        for rid, d in settled.items():
            if d is not None and d.decision == "exclude":
                out[int(rid)] = d.reason or "excluded at title-abstract screening"
            elif d is not None and d.decision == "include":
                out.pop(int(rid), None)
    return out


@dataclass
class StageStatus:
    stage: str
    pool: int
    settled: Counter
    unsettled: list[str]  # public ids with decisions but no settled one (conflicts, maybe, adjudication due)
    left: int  # records in the pool without a settled decision
    agreement: Agreement | None
    next_records: list[tuple[str, float | None, str]] = field(default_factory=list)  # public id, probability, title
    expected_relevant_left: float | None = None


def stage_status(db: sqlite_utils.Database, stage: str, show: int = 10, seed: int = 0) -> StageStatus:
    """Counts, κ and conflicts between the two most active reviewers, and the records left in active-learning order."""
    key = stage_key(stage)
    decisions = load_decisions(db)
    state = stage_state(db, decisions)
    settled = state.ta if key == "title_abstract" else state.ft
    pool = state.pool(key)
    public = curation.public_ids(db.conn)
    texts = {str(r["id"]): f"{r['title'] or ''} {r['abstract'] or ''}" for r in store.study_texts(db.conn)}
    counts = Counter(d.decision for r, d in settled.items() if d is not None and r in pool)
    unsettled = [public[int(r)] for r, d in settled.items() if d is None and r in pool]
    try:
        agree = agreement(decisions, key)
    except ScreeningError:  # fewer than two reviewers
        agree = None
    labels = {r: int(d.decision == "include") for r, d in settled.items()
              if d is not None and r in pool and d.decision in ("include", "exclude")}
    todo = [r for r in pool if settled.get(r) is None]
    nxt: list[tuple[str, float | None, str]] = []
    expected: float | None = None
    if todo:
        ranking = rank_unscreened({r: texts[r] for r in pool if r in labels or r in todo}, labels, seed)
        ranked = [r for r in ranking.order if r in todo]
        expected = None if math.isnan(ranking.expected_remaining) else ranking.expected_remaining
        for r in ranked[:show]:
            nxt.append((public[int(r)], ranking.probability.get(r), texts[r].strip()[:90]))
    return StageStatus(key, len(pool), counts, unsettled, len(todo), agree, nxt, expected)


# --- PRISMA 2020 flow from the corpus --------------------------------------------------------------------------

def _source_name(source: str) -> str:
    if source.startswith("pubmed:"):
        return f"PubMed: {source[len('pubmed:'):]}"
    return Path(source).name


def prisma_flow(db: sqlite_utils.Database) -> tuple[dict, list[str]]:
    """The PRISMA 2020 counts (the dict `report.prisma` draws) and notes on what is still open.

    Identified: each ingest run (file or PubMed query, with its date).
    Duplicates removed: records that matched a stored study at ingest;
    records without title and abstract are "removed for other reasons".
    Screened: records with a settled title-abstract decision (or any
    full-text one); sought: those included; not retrieved, assessed and
    excluded by reason: the settled full-text decisions; included: full-text
    inclusions (one report per study in this corpus).
    """
    sources = store.ingest_sources(db)
    state = stage_state(db)
    ta_done = [r for r in state.all_ids if state.ta.get(r) is not None or (r not in state.ta and r in state.ft)]
    ta_excluded = [r for r in ta_done if state.ta.get(r) is not None and state.ta[r].decision == "exclude"]
    sought = [r for r in state.all_ids if state.passed_ta(r)]
    ft = {r: state.ft.get(r) for r in sought}
    not_retrieved = [r for r, d in ft.items() if d is not None and d.decision == "not_retrieved"]
    assessed = [r for r, d in ft.items() if d is not None and d.decision in ("include", "exclude")]
    ft_excluded = Counter(ft[r].reason or "no reason given" for r in assessed if ft[r].decision == "exclude")
    included = [r for r in assessed if ft[r].decision == "include"]
    counts = {
        "databases": [{"name": _source_name(s["source"]), "n": s["records"], "date": (s["started"] or "")[:10] or None}
                      for s in sources],
        "registers": [],
        "duplicates_removed": sum(s["duplicates"] for s in sources),
        "other_removed": sum(s["skipped"] or 0 for s in sources),
        "records_screened": len(ta_done),
        "records_excluded": len(ta_excluded),
        "reports_sought": len(sought),
        "reports_not_retrieved": len(not_retrieved),
        "reports_assessed": len(assessed),
        "reports_excluded": dict(sorted(ft_excluded.items(), key=lambda kv: (-kv[1], kv[0]))),
        "studies_included": len(included),
        "reports_included": len(included),
    }
    notes = []
    awaiting_ta = len(state.all_ids) - len(ta_done)
    if awaiting_ta:
        notes.append(f"{awaiting_ta} record(s) awaiting title-abstract screening (or with unresolved decisions)")
    awaiting_ft = len(sought) - len(not_retrieved) - len(assessed)
    if awaiting_ft:
        notes.append(f"{awaiting_ft} report(s) awaiting full-text assessment (or with unresolved decisions)")
    if any(s["derived"] for s in sources):
        notes.append("duplicates of ingest runs before schema m007 are derived from their updated + unchanged counts")
    return counts, notes

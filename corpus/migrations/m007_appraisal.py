"""Migration m007: appraisal events — risk of bias, GRADE, two-stage screening — and ingest provenance.

All new tables are append-only (the triggers of migration 3): a suggestion,
a reviewer's judgement or a screening decision is a new row, never an edit.

- `rob_suggestions`: the machine's RoB 2 / ROBINS-I judgement per study and
  domain (with its signalling reasons and evidence signals as JSON); every
  `rob` run appends, the latest row per (study, domain) is current.
- `rob_events`: a reviewer confirms or overrides a domain (an override needs
  a reason); the machine judgement seen is kept, so a later change of the
  suggestion never silently replaces the reviewer's call.
- `grade_events`: a reviewer sets a GRADE domain of an outcome (levels rated
  down, with a reason) — indirectness is only ever set this way — or clears
  an earlier override (levels NULL, reason still required).
- `screening_stage_events`: title-abstract / full-text decisions per reviewer
  (include, exclude with a reason, maybe, not_retrieved at full text), with
  adjudications flagged.
- `ingest_runs` gains `records` (records read from the source) and
  `duplicates` (records that matched a study already stored), counted at
  ingest; rows written before this migration have NULL there.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # annotations only: sqlite-utils imports pandas, which light commands do without
    import sqlite_utils

from stemfoot.corpus.migrations.m003_curation import _append_only

_ROB_SUGGESTIONS = """
CREATE TABLE rob_suggestions (
    event_id INTEGER PRIMARY KEY,
    study_id INTEGER NOT NULL REFERENCES studies(id),
    tool TEXT NOT NULL CHECK (tool IN ('RoB 2', 'ROBINS-I')),
    domain TEXT NOT NULL,
    judgement TEXT NOT NULL,
    reasons TEXT NOT NULL,              -- JSON list of signalling answers
    evidence TEXT NOT NULL,             -- JSON list of signals {signal, value, text, start, end, sentence, ...}
    text_source TEXT NOT NULL,          -- 'abstract' or 'fulltext'
    assessor_version TEXT NOT NULL,
    recorded_at TEXT NOT NULL
)
"""

_ROB_EVENTS = """
CREATE TABLE rob_events (
    event_id INTEGER PRIMARY KEY,
    study_id INTEGER NOT NULL REFERENCES studies(id),
    tool TEXT NOT NULL CHECK (tool IN ('RoB 2', 'ROBINS-I')),
    domain TEXT NOT NULL,
    decision TEXT NOT NULL CHECK (decision IN ('confirm', 'override')),
    judgement TEXT NOT NULL,
    machine_judgement TEXT,             -- the suggestion the reviewer saw (NULL: none)
    reason TEXT,
    reviewer TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    source TEXT NOT NULL,               -- 'interactive', 'sheet:<file>', 'cli' or 'library'
    CHECK (decision = 'confirm' OR coalesce(trim(reason), '') != '')
)
"""

_GRADE_EVENTS = """
CREATE TABLE grade_events (
    event_id INTEGER PRIMARY KEY,
    outcome TEXT NOT NULL,
    domain TEXT NOT NULL CHECK (domain IN
        ('risk_of_bias', 'inconsistency', 'indirectness', 'imprecision', 'publication_bias')),
    levels INTEGER CHECK (levels IS NULL OR levels BETWEEN 0 AND 2),  -- NULL: back to the computed rating
    reason TEXT NOT NULL CHECK (trim(reason) != ''),
    reviewer TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    source TEXT NOT NULL
)
"""

_SCREENING_STAGE_EVENTS = """
CREATE TABLE screening_stage_events (
    event_id INTEGER PRIMARY KEY,
    study_id INTEGER NOT NULL REFERENCES studies(id),
    stage TEXT NOT NULL CHECK (stage IN ('title_abstract', 'full_text')),
    decision TEXT NOT NULL CHECK (decision IN ('include', 'exclude', 'maybe', 'not_retrieved')),
    reason TEXT,
    adjudication INTEGER NOT NULL DEFAULT 0 CHECK (adjudication IN (0, 1)),
    note TEXT,
    reviewer TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    source TEXT NOT NULL,
    CHECK (decision != 'exclude' OR stage = 'title_abstract' OR coalesce(trim(reason), '') != ''),
    CHECK (decision != 'include' OR reason IS NULL),
    CHECK (decision != 'not_retrieved' OR stage = 'full_text')
)
"""


def apply(db: sqlite_utils.Database) -> None:
    """Appraisal event tables and the ingest provenance columns."""
    statements = [
        _ROB_SUGGESTIONS,
        "CREATE INDEX rob_suggestions_study ON rob_suggestions (study_id, domain, event_id)",
        _ROB_EVENTS,
        "CREATE INDEX rob_events_study ON rob_events (study_id, domain, event_id)",
        _GRADE_EVENTS,
        "CREATE INDEX grade_events_outcome ON grade_events (outcome, domain, event_id)",
        _SCREENING_STAGE_EVENTS,
        "CREATE INDEX screening_stage_events_study ON screening_stage_events (study_id, stage, event_id)",
        "ALTER TABLE ingest_runs ADD COLUMN records INTEGER",
        "ALTER TABLE ingest_runs ADD COLUMN duplicates INTEGER",
        *_append_only("rob_suggestions"),
        *_append_only("rob_events"),
        *_append_only("grade_events"),
        *_append_only("screening_stage_events"),
    ]
    for sql in statements:
        db.execute(sql)

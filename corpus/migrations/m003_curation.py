"""Migration 3: append-only reviewer event tables and their current-state views."""
from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # annotations only: sqlite-utils imports pandas, which light commands do without
    import sqlite_utils

_VALUE_EVENTS = """
CREATE TABLE curation_events (
    event_id INTEGER PRIMARY KEY,
    value_id TEXT NOT NULL,             -- machine value_id, or 'added:<hex>' for a reviewer-added value
    study_id INTEGER NOT NULL REFERENCES studies(id),
    pmid TEXT NOT NULL,                 -- public id when decided (display only; study_id is the key)
    field TEXT NOT NULL,
    decision TEXT NOT NULL CHECK (decision IN ('accept', 'correct', 'reject', 'add', 'note')),
    machine_value TEXT,                 -- the machine value the reviewer saw (NULL for added values)
    value TEXT,                         -- the corrected or added value
    value_type TEXT NOT NULL,
    note TEXT,                          -- NULL: note unchanged; '' clears it
    source_sentence TEXT,
    start INTEGER,
    "end" INTEGER,
    statistic_id TEXT,
    arm TEXT,
    outcome TEXT,
    timepoint TEXT,
    kind TEXT,
    extractor_version TEXT,
    reviewer TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    source TEXT NOT NULL,               -- 'interactive', 'sheet:<file>' or 'library'
    CHECK (decision NOT IN ('correct', 'add') OR value IS NOT NULL)
)
"""

_STUDY_EVENTS = """
CREATE TABLE screening_events (
    event_id INTEGER PRIMARY KEY,
    study_id INTEGER NOT NULL REFERENCES studies(id),
    decision TEXT NOT NULL CHECK (decision IN ('include', 'exclude')),
    reason TEXT,
    note TEXT,
    reviewer TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    source TEXT NOT NULL,
    CHECK (decision = 'include' OR coalesce(trim(reason), '') != '')
)
"""

# The latest decision, the latest note and the latest context of each value,
# each from its own event, so that a note never hides a decision.
_VALUE_STATE = """
CREATE VIEW curation_state AS
SELECT last.value_id, last.study_id, last.pmid, last.field, last.value_type,
       last.source_sentence, last.start, last."end", last.statistic_id, last.arm,
       last.outcome, last.timepoint, last.kind, last.extractor_version,
       d.decision, d.value, d.machine_value AS reviewed_machine_value,
       d.reviewer, d.recorded_at AS decided_at, n.note, last.event_id AS revision
FROM curation_events AS last
LEFT JOIN curation_events AS d ON d.event_id = (
    SELECT max(event_id) FROM curation_events WHERE value_id = last.value_id AND decision != 'note')
LEFT JOIN curation_events AS n ON n.event_id = (
    SELECT max(event_id) FROM curation_events WHERE value_id = last.value_id AND note IS NOT NULL)
WHERE last.event_id = (SELECT max(event_id) FROM curation_events WHERE value_id = last.value_id)
"""

_STUDY_STATE = """
CREATE VIEW screening_state AS
SELECT e.study_id, e.decision, e.reason, e.note, e.reviewer, e.recorded_at AS decided_at
FROM screening_events AS e
WHERE e.event_id = (SELECT max(event_id) FROM screening_events WHERE study_id = e.study_id)
"""


def _append_only(table: str) -> list[str]:
    abort = f"BEGIN SELECT RAISE(ABORT, '{table} is append-only: record a new event instead'); END"
    return [
        f"CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table} {abort}",
        f"CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table} {abort}",
        # INSERT OR REPLACE deletes the old row without firing delete triggers
        f"CREATE TRIGGER {table}_no_replace BEFORE INSERT ON {table} "
        f"WHEN NEW.event_id IN (SELECT event_id FROM {table}) {abort}",
    ]


def apply(db: sqlite_utils.Database) -> None:
    """Reviewer decisions on values and studies, as events that are never updated or deleted."""
    statements = [
        _VALUE_EVENTS,
        "CREATE INDEX curation_events_value ON curation_events (value_id, event_id)",
        "CREATE INDEX curation_events_study ON curation_events (study_id)",
        _STUDY_EVENTS,
        "CREATE INDEX screening_events_study ON screening_events (study_id, event_id)",
        _VALUE_STATE,
        _STUDY_STATE,
        *_append_only("curation_events"),
        *_append_only("screening_events"),
    ]
    for sql in statements:
        db.execute(sql)

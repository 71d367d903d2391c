"""Migration 6: trials with several reports, and re-attribution of values in review.

- `registrations`: trial registration ids per study, from the title and
  abstract ('abstract') or PubMed's DataBankList ('databank'); filled at
  ingest, and here from the studies already stored.
- `trial_link_events`: a reviewer's links between two reports of one trial,
  or unlinks (which also override a shared registration id); append-only.
- `attribution_events`: a reviewer moving a value (a statistic, or an arm
  value) to another arm, outcome or timepoint; append-only, each event the
  full new attribution with the machine's beside it, so provenance is kept.
- `curation_events.cause`: for a decision recorded because of another value
  (a p-value rejected with its statistic), that value's id.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # annotations only: sqlite-utils imports pandas, which light commands do without
    import sqlite_utils

from stemfoot.corpus.migrations.m003_curation import _append_only
from stemfoot.corpus.registrations import find_registrations

_REGISTRATIONS = """
CREATE TABLE registrations (
    study_id INTEGER NOT NULL REFERENCES studies(id),
    registry TEXT NOT NULL,
    registration_id TEXT NOT NULL,      -- normalised: NCT00123456, ChiCTR-TRC-10001234, ...
    source TEXT NOT NULL CHECK (source IN ('abstract', 'databank', 'fulltext')),
    PRIMARY KEY (study_id, registration_id, source)
)
"""

_LINKS = """
CREATE TABLE trial_link_events (
    event_id INTEGER PRIMARY KEY,
    study_id INTEGER NOT NULL REFERENCES studies(id),
    other_study_id INTEGER NOT NULL REFERENCES studies(id),  -- study_id < other_study_id
    action TEXT NOT NULL CHECK (action IN ('link', 'unlink')),
    note TEXT,
    reviewer TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    source TEXT NOT NULL,
    CHECK (study_id < other_study_id)
)
"""

_ATTRIBUTION = """
CREATE TABLE attribution_events (
    event_id INTEGER PRIMARY KEY,
    target TEXT NOT NULL,               -- a statistic id (all its values move), or a value id
    study_id INTEGER NOT NULL REFERENCES studies(id),
    field TEXT NOT NULL,                -- 'statistic' or the arm field (arm.n_patients, ...) moved
    arm TEXT,                           -- the new attribution (NULL: none)
    outcome TEXT,
    timepoint TEXT,
    machine_arm TEXT,                   -- the machine's attribution, kept as provenance
    machine_outcome TEXT,
    machine_timepoint TEXT,
    note TEXT,
    reviewer TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    source TEXT NOT NULL
)
"""


def apply(db: sqlite_utils.Database) -> None:
    """Registrations (filled from the stored abstracts), link and attribution events, curation cause."""
    for sql in (
        _REGISTRATIONS,
        "CREATE INDEX registrations_id ON registrations (registration_id)",
        _LINKS,
        "CREATE INDEX trial_link_events_pair ON trial_link_events (study_id, other_study_id, event_id)",
        _ATTRIBUTION,
        "CREATE INDEX attribution_events_target ON attribution_events (target, event_id)",
        "ALTER TABLE curation_events ADD COLUMN cause TEXT",
        *_append_only("trial_link_events"),
        *_append_only("attribution_events"),
    ):
        db.execute(sql)
    rows = [
        (sid, reg.registry, reg.registration_id)
        for sid, title, abstract in db.execute("SELECT id, title, abstract FROM studies")
        for reg in find_registrations(title, abstract)
    ]
    db.conn.executemany(
        "INSERT OR IGNORE INTO registrations (study_id, registry, registration_id, source) VALUES (?, ?, ?, 'abstract')",
        rows)

"""Migration 8: `value_aliases`, where a reviewed value went after re-extraction.

A value id is derived from text offsets (`corpus.evidence.value_id`), so an
edited abstract or a new sentence splitter gives the same value a new id.
After each study's extraction its reviewed values are found again by content
(`corpus.value_identity.rematch`): one row per reviewed id that is not among
the new ids, saying where it went (``exact``/``moved``: ``new_id``), that the
reviewer must choose (``uncertain``: ``candidates``), that nothing is left
(``lost``), or how the reviewer resolved it (``confirmed``: ``new_id``;
``dismissed``: the decision no longer applies).
"""
from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # annotations only: sqlite-utils imports pandas, which light commands do without
    import sqlite_utils

_ALIASES = """
CREATE TABLE value_aliases (
    old_id TEXT PRIMARY KEY,            -- the id the reviewer's decisions are recorded under
    study_id INTEGER NOT NULL REFERENCES studies(id),
    new_id TEXT,                        -- the current id of the same value (exact, moved, confirmed)
    status TEXT NOT NULL CHECK (status IN ('exact', 'moved', 'uncertain', 'lost', 'confirmed', 'dismissed')),
    candidates TEXT,                    -- JSON list of current ids that could be it (uncertain)
    score REAL,                         -- sentence similarity of the match (0-1)
    reason TEXT,
    matched_at TEXT NOT NULL,
    resolved_by TEXT,                   -- the reviewer who confirmed or dismissed it
    CHECK (status NOT IN ('exact', 'moved', 'confirmed') OR new_id IS NOT NULL)
)
"""


def apply(db: sqlite_utils.Database) -> None:
    db.execute(_ALIASES)
    db.execute("CREATE INDEX value_aliases_study ON value_aliases (study_id)")

"""Migration 9: indexes for reads that select one outcome or one year of a large corpus.

`meta --db` reads only the studies that report its outcome (statistics and
curation events by outcome) and the studies that could share their labels
(studies by year); without these indexes each of those reads scans a table.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # annotations only: sqlite-utils imports pandas, which light commands do without
    import sqlite_utils


def apply(db: sqlite_utils.Database) -> None:
    """Indexes on statistics(outcome), curation_events(outcome), studies(year) and studies(source_format)."""
    db.execute("CREATE INDEX IF NOT EXISTS statistics_outcome ON statistics (outcome, study_id)")
    db.execute("CREATE INDEX IF NOT EXISTS curation_events_outcome ON curation_events (outcome, study_id)")
    db.execute("CREATE INDEX IF NOT EXISTS studies_year ON studies (year)")
    # `stats` counts by source format and abstract presence from this index instead of the table.
    db.execute("CREATE INDEX IF NOT EXISTS studies_format ON studies (source_format, has_abstract)")

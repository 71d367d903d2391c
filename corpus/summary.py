"""Counts that describe a corpus."""
from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # annotations only: sqlite-utils imports pandas, which light commands do without
    import sqlite_utils

from stemfoot.corpus.db import schema_version
from stemfoot.corpus.withheld import withheld_counts


def corpus_stats(db: sqlite_utils.Database) -> dict:
    """Study counts, overall and by year and source format; once extracted, the results the export gate
    withheld for review (``withheld``: statistics, placed by a reviewer since)."""
    one = lambda sql: db.execute(sql).fetchone()[0]  # noqa: E731
    withheld = withheld_counts(getattr(db, "conn", db))
    return {
        "studies": one("SELECT count(*) FROM studies"),
        "with_abstract": one("SELECT count(*) FROM studies WHERE has_abstract = 1"),
        "without_pmid": one("SELECT count(*) FROM studies WHERE pmid IS NULL"),
        "by_year": {str(y): n for y, n in db.execute(
            "SELECT year, count(*) FROM studies GROUP BY year ORDER BY year")},
        "by_format": dict(db.execute(
            "SELECT source_format, count(*) FROM studies GROUP BY source_format ORDER BY source_format").fetchall()),
        "ingest_runs": one("SELECT count(*) FROM ingest_runs"),
        "schema_version": schema_version(db),
        **({"withheld": withheld} if withheld is not None else {}),
    }

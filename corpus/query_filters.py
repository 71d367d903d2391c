"""Filtered reads of `extracted_statistics` (one row per statistic, with its study and arm).

The SQL is built from fixed fragments with named parameters only; the FTS
query is quoted with sqlite-utils' ``quote_fts`` so user text cannot break
out of the MATCH expression. Everything runs on a read-only connection.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlite_utils

from stemfoot.corpus.query import run_sql

#: Statistic values a reviewer can verify (columns of `extracted_statistics`).
#: The columns the default table shows (CSV and JSON carry all of them).
TABLE_COLUMNS = ("study", "year", "design", "outcome", "arm", "arm_role", "timepoint", "kind",
                 "events", "total", "percent", "mean", "sd", "median", "p_operator", "p")


#: Columns of `extracted_statistics` after the study's own (study, title, year, design).
STATISTIC_COLUMNS = ("statistic_id", "outcome", "outcome_label", "arm", "arm_role", "arm_n_patients", "arm_cell_type",
                     "timepoint", "kind", "measure", "events", "total", "percent", "mean", "sd", "median", "q1", "q3",
                     "range_low", "range_high", "value", "ci_lower", "ci_upper", "effect_measure", "p", "p_operator",
                     "flags", "confidence", "start", "end", "text", "sentence", "extractor_version")


@dataclass(frozen=True)
class Filters:
    outcome: str | None = None
    cell_type: str | None = None
    design: str | None = None
    year_from: int | None = None
    year_to: int | None = None
    search: str | None = None


def statistics_sql(f: Filters) -> tuple[str, dict[str, Any]]:
    """SELECT over `extracted_statistics` with the filters, and its parameters."""
    where, params = [], {}
    if f.outcome:
        where.append("outcome = :outcome")
        params["outcome"] = f.outcome
    if f.design:
        where.append("design = :design")
        params["design"] = f.design
    if f.year_from is not None:
        where.append("year >= :year_from")
        params["year_from"] = f.year_from
    if f.year_to is not None:
        where.append("year <= :year_to")
        params["year_to"] = f.year_to
    if f.cell_type:
        # The study's cell types (any arm), so a control arm's rows come along.
        where.append(
            "study IN (SELECT coalesce(s.pmid, s.local_id) FROM studies s JOIN current_extractions ce "
            "ON ce.study_id = s.id, json_each(ce.cell_types) j WHERE j.value = :cell_type COLLATE NOCASE)")
        params["cell_type"] = f.cell_type
    if f.search:
        return _search_sql(f, where, params)
    sql = "SELECT * FROM extracted_statistics"
    if where:
        sql += " WHERE " + " AND ".join(where)
    # Reading order within a study: what a reviewer checks against the abstract.
    return sql + " ORDER BY year, study, start, statistic_id", params


#: Where the search reads each statistic column: the `extracted_statistics` view's own expressions
#: (migration m002), over base tables (see `_search_sql`; a test checks both give the same rows).
_SEARCH_COLUMNS = {"statistic_id": "st.id", "arm_n_patients": "a.n_patients", "arm_cell_type": "a.cell_type",
                   "start": "sp.start", "end": 'sp."end"', "text": "sp.text", "sentence": "sp.sentence"}


def _search_sql(f: Filters, where: list[str], params: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """Every study matching the search, best bm25 rank first, with its statistics (one empty row if none).

    The FTS hits drive the query: each hit's current extraction is found once,
    then its statistics by the indexed (study_id, extractor_version), with
    their arm and span. Reading the view row by row instead re-checks the
    current extraction per statistic (a third of the time at 100,000
    studies), and a LEFT JOIN onto the view makes SQLite build all of it.
    Studies without extracted statistics are listed too, unless a
    statistic-level filter (``outcome``) asks for statistics.
    """
    params["search"] = sqlite_utils.Database(memory=True).quote_fts(f.search)
    columns = ", ".join(f"{_SEARCH_COLUMNS.get(c, f'st.{c}')} AS [{c}]" for c in STATISTIC_COLUMNS)
    join = "JOIN" if f.outcome else "LEFT JOIN"
    # The study-level filters apply to the rows' own study columns.
    study_where = [w for w in where if not w.startswith("outcome")]
    sql = f"""
        WITH hit AS MATERIALIZED (
            SELECT s.id, coalesce(s.pmid, s.local_id) AS study, s.title, s.year, bm25(studies_fts) AS rank,
                   ce.design, ce.extractor_version AS version
            FROM studies_fts JOIN studies s ON s.id = studies_fts.rowid
            LEFT JOIN current_extractions ce ON ce.study_id = s.id
            WHERE studies_fts MATCH :search)
        SELECT * FROM (
            SELECT hit.study AS study, hit.title AS title, hit.year AS year, hit.design AS design, {columns},
                   hit.rank AS rank
            FROM hit {join} statistics st ON st.study_id = hit.id AND st.extractor_version = hit.version
                {'AND st.outcome = :outcome' if f.outcome else ''}
            LEFT JOIN arms a ON a.id = st.arm_id AND a.extractor_version = st.extractor_version
            LEFT JOIN spans sp ON sp.id = st.span_id AND sp.extractor_version = st.extractor_version)
        {'WHERE ' + ' AND '.join(study_where) if study_where else ''}
        ORDER BY rank, year, study, start, statistic_id"""
    return sql, params


def filtered_statistics(path: str | Path, f: Filters) -> tuple[list[str], list[dict]]:
    """Columns and rows of `extracted_statistics` matching ``f``."""
    columns, rows = run_sql(path, *statistics_sql(f), max_rows=10**9)
    return columns, [dict(zip(columns, row)) for row in rows]

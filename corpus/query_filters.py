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


def _search_sql(f: Filters, where: list[str], params: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """Every study matching the search, best bm25 rank first, with its statistics (one empty row if none).

    FTS hits first, then the join: a study without extracted data is listed
    too, unless a statistic-level filter (``outcome``) asks for statistics.
    The join reads only the hits' statistics (by the indexed study_id), not the whole view.
    """
    params["search"] = sqlite_utils.Database(memory=True).quote_fts(f.search)
    # The study-level filters, on the hit's own columns (the statistics are joined after).
    study_where = [{"design = :design": "ce.design = :design", "year >= :year_from": "hit.year >= :year_from",
                    "year <= :year_to": "hit.year <= :year_to"}.get(w, w.replace("study IN", "hit.study IN", 1))
                   for w in where if not w.startswith("outcome")]
    columns = ", ".join(f"es.[{c}]" for c in STATISTIC_COLUMNS)
    join = "JOIN" if f.outcome else "LEFT JOIN"
    sql = f"""
        WITH hit AS (
            SELECT s.id, coalesce(s.pmid, s.local_id) AS study, s.title, s.year, bm25(studies_fts) AS rank
            FROM studies_fts JOIN studies s ON s.id = studies_fts.rowid
            WHERE studies_fts MATCH :search)
        SELECT hit.study AS study, hit.title AS title, hit.year AS year, ce.design AS design, {columns},
               hit.rank AS rank
        FROM hit LEFT JOIN current_extractions ce ON ce.study_id = hit.id
        {join} extracted_statistics es ON es.study = hit.study{' AND es.outcome = :outcome' if f.outcome else ''}
            AND es.statistic_id IN (SELECT st.id FROM statistics st WHERE st.study_id IN (SELECT id FROM hit))
        {'WHERE ' + ' AND '.join(study_where) if study_where else ''}
        ORDER BY hit.rank, hit.year, hit.study, es.start, es.statistic_id"""
    return sql, params


def filtered_statistics(path: str | Path, f: Filters) -> tuple[list[str], list[dict]]:
    """Columns and rows of `extracted_statistics` matching ``f``."""
    columns, rows = run_sql(path, *statistics_sql(f), max_rows=10**9)
    return columns, [dict(zip(columns, row)) for row in rows]

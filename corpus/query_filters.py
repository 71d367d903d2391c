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
        where.append(
            "study IN (SELECT coalesce(pmid, local_id) FROM studies WHERE id IN "
            "(SELECT rowid FROM studies_fts WHERE studies_fts MATCH :search))")
        params["search"] = sqlite_utils.Database(memory=True).quote_fts(f.search)
    sql = "SELECT * FROM extracted_statistics"
    if where:
        sql += " WHERE " + " AND ".join(where)
    # Reading order within a study: what a reviewer checks against the abstract.
    return sql + " ORDER BY year, study, start, statistic_id", params


def filtered_statistics(path: str | Path, f: Filters) -> tuple[list[str], list[dict]]:
    """Columns and rows of `extracted_statistics` matching ``f``."""
    columns, rows = run_sql(path, *statistics_sql(f), max_rows=10**9)
    return columns, [dict(zip(columns, row)) for row in rows]

"""SQL of the appraisal tables (migration m007): RoB suggestions and reviewer judgements, GRADE overrides,
two-stage screening decisions, and the ingest provenance the PRISMA flow counts.

`review/` decides what the rows mean; this module only reads and appends them.
"""
from __future__ import annotations

import sqlite3
from typing import Any, Iterable

import sqlite_utils

from stemfoot.corpus.db import dict_rows


def _rows(conn: sqlite3.Connection, sql: str, params: Iterable[Any] = ()) -> list[dict[str, Any]]:
    return list(dict_rows(conn.execute(sql, list(params))))


def _insert(conn: sqlite3.Connection, table: str, rows: list[dict[str, Any]]) -> None:
    if not rows:
        return
    names = list(rows[0])
    conn.executemany(
        f"INSERT INTO {table} ({', '.join(f'[{n}]' for n in names)}) VALUES ({', '.join(':' + n for n in names)})",
        rows)


# --- studies and texts ----------------------------------------------------------------------------------------

def study_texts(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    """Every study: row id, public id, title, abstract, and full text when a `fulltexts` table holds one."""
    rows = _rows(conn, "SELECT id, coalesce(pmid, local_id) AS public_id, title, abstract FROM studies ORDER BY id")
    full = fulltexts(conn)
    for row in rows:
        row["fulltext"] = full.get(row["id"])
    return rows


_FULLTEXT_COLUMNS = ("text", "body", "full_text", "fulltext", "content")


def fulltexts(conn: sqlite3.Connection) -> dict[int, str]:
    """Study id -> full text, read only when a `fulltexts` table (another migration) exists; else empty.

    The table's layout is not ours: a `study_id` column and the first text
    column among text/body/full_text/fulltext/content are used; the newest row
    (largest rowid) per study wins.
    """
    if not conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'fulltexts' AND type IN ('table', 'view')").fetchone():
        return {}
    columns = [row[1] for row in conn.execute("PRAGMA table_info(fulltexts)")]
    text_col = next((c for c in _FULLTEXT_COLUMNS if c in columns), None)
    if "study_id" not in columns or text_col is None:
        return {}
    out: dict[int, str] = {}
    for sid, text in conn.execute(f"SELECT study_id, [{text_col}] FROM fulltexts ORDER BY rowid"):
        if text and str(text).strip():
            out[sid] = str(text)
    return out


# --- risk of bias ---------------------------------------------------------------------------------------------

def insert_rob_suggestions(conn: sqlite3.Connection, rows: list[dict[str, Any]]) -> None:
    """Append machine suggestions. Call inside ``transaction()``."""
    _insert(conn, "rob_suggestions", rows)


def current_rob_suggestions(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    """The latest suggestion per (study, domain) of each study's latest tool, in study/domain order."""
    return _rows(conn, """
        SELECT r.* FROM rob_suggestions r
        WHERE r.event_id = (SELECT max(event_id) FROM rob_suggestions x
                            WHERE x.study_id = r.study_id AND x.domain = r.domain AND x.tool = r.tool)
          AND r.tool = (SELECT tool FROM rob_suggestions y WHERE y.study_id = r.study_id
                        ORDER BY event_id DESC LIMIT 1)
        ORDER BY r.study_id, r.domain""")


def insert_rob_event(conn: sqlite3.Connection, row: dict[str, Any]) -> int:
    """Append one reviewer judgement; returns its event id. Call inside ``transaction()``."""
    _insert(conn, "rob_events", [row])
    return conn.execute("SELECT last_insert_rowid()").fetchone()[0]


def current_rob_events(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    """The latest reviewer judgement per (study, tool, domain)."""
    return _rows(conn, """
        SELECT e.* FROM rob_events e
        WHERE e.event_id = (SELECT max(event_id) FROM rob_events x
                            WHERE x.study_id = e.study_id AND x.tool = e.tool AND x.domain = e.domain)
        ORDER BY e.study_id, e.domain""")


# --- GRADE ----------------------------------------------------------------------------------------------------

def insert_grade_event(conn: sqlite3.Connection, row: dict[str, Any]) -> None:
    """Append one GRADE domain override (or a clear: levels NULL). Call inside ``transaction()``."""
    _insert(conn, "grade_events", [row])


def current_grade_events(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    """The latest event per (outcome, domain), clears included (levels NULL)."""
    return _rows(conn, """
        SELECT g.* FROM grade_events g
        WHERE g.event_id = (SELECT max(event_id) FROM grade_events x
                            WHERE x.outcome = g.outcome AND x.domain = g.domain)
        ORDER BY g.outcome, g.domain""")


# --- screening ------------------------------------------------------------------------------------------------

def insert_stage_events(conn: sqlite3.Connection, rows: list[dict[str, Any]]) -> None:
    """Append two-stage screening decisions. Call inside ``transaction()``."""
    _insert(conn, "screening_stage_events", rows)


def stage_events(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    """Every stage decision in the order recorded."""
    return _rows(conn, "SELECT * FROM screening_stage_events ORDER BY event_id")


def legacy_screening_events(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    """Single-stage decisions of `screen --include/--exclude` (migration 3), in the order recorded."""
    return _rows(conn, "SELECT * FROM screening_events ORDER BY event_id")


# --- PRISMA identification --------------------------------------------------------------------------------------

def ingest_sources(db: sqlite_utils.Database) -> list[dict[str, Any]]:
    """Each ingest run (file or PubMed query) with its date and counts.

    `records`/`duplicates` are counted at ingest from migration m007 on; for
    older runs they are derived (records = new + updated + unchanged +
    skipped; duplicates = updated + unchanged: every record that matched a
    stored study), and `derived` says so.
    """
    rows = _rows(db.conn, """
        SELECT id, source, started, new, updated, unchanged, skipped, records, duplicates FROM ingest_runs
        ORDER BY id""")
    for row in rows:
        row["derived"] = row["records"] is None
        if row["records"] is None:
            row["records"] = (row["new"] or 0) + (row["updated"] or 0) + (row["unchanged"] or 0) + (row["skipped"] or 0)
        if row["duplicates"] is None:
            row["duplicates"] = (row["updated"] or 0) + (row["unchanged"] or 0)
    return rows


def study_count(db: sqlite_utils.Database) -> int:
    return db.execute("SELECT count(*) FROM studies").fetchone()[0]

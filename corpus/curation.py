"""SQL of the curation tables: reviewer events, their current state, screening and the PRISMA counts.

`review/` decides what a reviewer's action means; this module only reads and
appends rows (events are append-only, enforced by triggers in migration 3).
"""
from __future__ import annotations

import sqlite3
from contextlib import contextmanager
from typing import Any, Iterator, Sequence

import sqlite_utils

from stemfoot.corpus.db import dict_rows, insert_row


@contextmanager
def snapshot(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """Reads in one read transaction, so a writer committing meanwhile cannot mix old and new rows."""
    if conn.in_transaction:
        yield conn
        return
    conn.execute("BEGIN")
    try:
        yield conn
    finally:
        conn.rollback()


def has_machine_values(conn: sqlite3.Connection) -> bool:
    """Whether anything was extracted or curated yet (the view exists from migration 4 on)."""
    exists = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE name = 'machine_values' AND type IN ('table', 'view')"
    ).fetchone()
    return bool(exists) and bool(
        conn.execute("SELECT 1 FROM machine_values LIMIT 1").fetchone()
        or conn.execute("SELECT 1 FROM curation_events LIMIT 1").fetchone()
    )


def has_reviews(conn: sqlite3.Connection) -> bool:
    """Whether any value was decided, noted, added or moved (else effective values are the machine's)."""
    if conn.execute("SELECT 1 FROM curation_events LIMIT 1").fetchone():
        return True
    moves = conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'attribution_events'").fetchone()
    return bool(moves) and bool(conn.execute("SELECT 1 FROM attribution_events LIMIT 1").fetchone())



#: Most ids bound in one ``IN (...)`` list (SQLite's default limit is 32,766 variables; old builds 999).
_CHUNK = 900


def chunks(ids: Sequence[int]) -> Iterator[list[int]]:
    """``ids`` in slices small enough to bind as one ``IN (?, ...)`` list."""
    ids = sorted(set(ids))
    for i in range(0, len(ids), _CHUNK):
        yield ids[i:i + _CHUNK]


def _in(ids: Sequence[int]) -> str:
    # Bound values, not a subquery: SQLite pushes a constant IN list down into each arm of the
    # machine_values UNION ALL (indexed per study); a subquery would make it read the whole view.
    return f"({', '.join('?' for _ in ids)})"


def public_ids(conn: sqlite3.Connection, study_ids: Sequence[int] | None = None) -> dict[int, str]:
    """Study row id -> PMID (or local id); of ``study_ids`` only, when given."""
    sql = "SELECT id, coalesce(pmid, local_id) FROM studies"
    if study_ids is None:
        return {sid: pub for sid, pub in conn.execute(sql)}
    return {sid: pub for part in chunks(study_ids) for sid, pub in conn.execute(f"{sql} WHERE id IN {_in(part)}", part)}


def outcome_study_ids(conn: sqlite3.Connection, outcome: str) -> list[int]:
    """Ids of studies with any machine value, curation event or move of ``outcome`` (a superset of the
    studies whose effective values include that outcome: a value moved into it counts)."""
    sql = "SELECT study_id FROM machine_values WHERE outcome = ? UNION SELECT study_id FROM curation_events WHERE outcome = ?"
    params = [outcome, outcome]
    if conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'attribution_events'").fetchone():
        # The latest move of a value may take it into the outcome; any move naming it is a (cheap) superset.
        sql += " UNION SELECT study_id FROM attribution_events WHERE outcome = ?"
        params.append(outcome)
    return [sid for (sid,) in conn.execute(sql, params)]


def study_id(conn: sqlite3.Connection, public_id: str) -> int | None:
    """The row id of the study with this PMID or local id."""
    row = conn.execute("SELECT id FROM studies WHERE pmid = ? OR local_id = ?", (public_id, public_id)).fetchone()
    return None if row is None else row[0]


def machine_values(conn: sqlite3.Connection, columns: Sequence[str],
                   study_ids: Sequence[int] | None = None) -> Iterator[dict[str, Any]]:
    """Rows of the `machine_values` view, restricted to ``columns`` (and to ``study_ids``, when given)."""
    names = ", ".join(f'"{c}"' for c in columns)
    if study_ids is None:
        parts: list[tuple[str, list[int]]] = [(f"SELECT {names} FROM machine_values", [])]
    else:
        parts = [(f"SELECT {names} FROM machine_values WHERE study_id IN {_in(p)}", p) for p in chunks(study_ids)]
    for sql, params in parts:
        for row in conn.execute(sql, params):
            yield dict(zip(columns, row))


def curation_state(conn: sqlite3.Connection, study_ids: Sequence[int] | None = None) -> Iterator[dict[str, Any]]:
    """Rows of the `curation_state` view (each value's latest decision); of ``study_ids`` only, when given."""
    if study_ids is None:
        parts: list[tuple[str, list[int]]] = [("SELECT * FROM curation_state", [])]
    else:
        parts = [(f"SELECT * FROM curation_state WHERE study_id IN {_in(p)}", p) for p in chunks(study_ids)]
    for sql, params in parts:
        yield from dict_rows(conn.execute(sql, params))


def event_state(conn: sqlite3.Connection, value_ids: Sequence[str], revision: int) -> str | None:
    """'' or the decided_at a sheet shows for a value at ``revision``; None if no event of it has that id.

    decided_at is the time of the latest decision at or before ``revision``
    ('' when there was only a note).
    """
    marks = ", ".join("?" for _ in value_ids)
    if conn.execute(f"SELECT 1 FROM curation_events WHERE event_id = ? AND value_id IN ({marks})",
                    (revision, *value_ids)).fetchone() is None:
        return None
    row = conn.execute(
        f"SELECT recorded_at FROM curation_events WHERE value_id IN ({marks}) AND event_id <= ? AND decision != 'note' "
        "ORDER BY event_id DESC LIMIT 1", (*value_ids, revision)).fetchone()
    return row[0] if row else ""


def insert_curation_event(conn: sqlite3.Connection, event: dict[str, Any]) -> int:
    """Append one curation event; returns its revision (row id). Call inside ``transaction()``."""
    return insert_row(conn, "curation_events", event)


def insert_screening_events(conn: sqlite3.Connection, events: list[dict[str, Any]]) -> None:
    """Append screening events (one per study). Call inside ``transaction()``."""
    conn.executemany(
        "INSERT INTO screening_events (study_id, decision, reason, note, reviewer, recorded_at, source) "
        "VALUES (:study_id, :decision, :reason, :note, :reviewer, :recorded_at, :source)", events)


def excluded_studies(db: sqlite_utils.Database, study_ids: Sequence[int] | None = None) -> list[dict[str, Any]]:
    """Studies whose latest screening decision is 'exclude', with the reason (of ``study_ids`` only, when given)."""
    sql = """SELECT s.study_id, coalesce(st.pmid, st.local_id), s.reason, s.note, s.reviewer, s.decided_at
           FROM screening_state s JOIN studies st ON st.id = s.study_id
           WHERE s.decision = 'exclude'"""
    if study_ids is None:
        rows = db.execute(sql + " ORDER BY s.study_id").fetchall()
    else:
        rows = sorted(row for part in chunks(study_ids)
                      for row in db.execute(f"{sql} AND s.study_id IN {_in(part)}", part).fetchall())
    keys = ("study_id", "pmid", "reason", "note", "reviewer", "decided_at")
    return [dict(zip(keys, row)) for row in rows]


def prisma_counts(db: sqlite_utils.Database) -> dict[str, Any]:
    """PRISMA-style flow: identified, screened, excluded (by reason), included, awaiting."""
    one = lambda sql: db.execute(sql).fetchone()[0]  # noqa: E731
    reasons = dict(db.execute(
        "SELECT reason, count(*) FROM screening_state WHERE decision = 'exclude' GROUP BY reason ORDER BY count(*) DESC, reason"
    ).fetchall())
    identified = one("SELECT count(*) FROM studies")
    screened = one("SELECT count(*) FROM screening_state")
    return {
        "identified": identified,
        "screened": screened,
        "excluded": sum(reasons.values()),
        "excluded_by_reason": reasons,
        "included": one("SELECT count(*) FROM screening_state WHERE decision = 'include'"),
        "awaiting_screening": identified - screened,
    }


def abstracts(db: sqlite_utils.Database) -> dict[int, str | None]:
    """Study row id -> abstract."""
    return dict(db.execute("SELECT id, abstract FROM studies").fetchall())

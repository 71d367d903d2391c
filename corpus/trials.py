"""SQL of trials with several reports (registrations, reviewers' links) and of re-attribution events.

`review/` decides what the rows mean (which reports form one trial, what a
value's attribution is); this module only reads and appends rows.
"""
from __future__ import annotations

import sqlite3
from typing import Any, Iterable, Iterator

from stemfoot.corpus.db import dict_rows, insert_row
from stemfoot.corpus.registrations import Registration, find_registrations


def _has_table(conn: sqlite3.Connection, name: str) -> bool:
    return conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (name,)).fetchone() is not None


def registration_rows(title: str | None, abstract: str | None,
                      databank: Iterable[Registration]) -> list[tuple[str, str, str]]:
    """(registry, id, source) of a record's registration ids: from its text, and from the DataBankList."""
    rows = [(r.registry, r.registration_id, "abstract") for r in find_registrations(title, abstract)]
    return rows + [(r.registry, r.registration_id, "databank") for r in databank]


def store_registration_rows(conn: sqlite3.Connection, study_id: int, rows: Iterable[tuple[str, str, str]],
                            replace: bool) -> None:
    """Store (registry, id, source) rows for a study; ``replace`` drops the text and DataBankList ones stored before."""
    if replace:
        conn.execute("DELETE FROM registrations WHERE study_id = ? AND source IN ('abstract', 'databank')", (study_id,))
    conn.executemany("INSERT OR IGNORE INTO registrations (study_id, registry, registration_id, source) "
                     "VALUES (?, ?, ?, ?)", [(study_id, *row) for row in rows])


def registrations(conn: sqlite3.Connection) -> list[tuple[int, str, str, str]]:
    """(study_id, registry, registration_id, source) of every study, by study then id."""
    if not _has_table(conn, "registrations"):
        return []
    return conn.execute("SELECT study_id, registry, registration_id, source FROM registrations "
                        "ORDER BY study_id, registration_id, source").fetchall()


def study_reports(conn: sqlite3.Connection) -> list[tuple[int, str, int | None, str | None, str | None]]:
    """(id, PMID or local id, year, authors JSON, title) of every study."""
    return conn.execute("SELECT id, coalesce(pmid, local_id), year, authors, title FROM studies ORDER BY id").fetchall()


def link_states(conn: sqlite3.Connection) -> list[tuple[int, int, str]]:
    """The latest link/unlink of each pair of studies: (study_id, other_study_id, action)."""
    if not _has_table(conn, "trial_link_events"):
        return []
    return conn.execute(
        """SELECT e.study_id, e.other_study_id, e.action FROM trial_link_events e
           WHERE e.event_id = (SELECT max(event_id) FROM trial_link_events
                               WHERE study_id = e.study_id AND other_study_id = e.other_study_id)
           ORDER BY e.event_id""").fetchall()


def insert_link_events(conn: sqlite3.Connection, events: list[dict[str, Any]]) -> None:
    """Append link/unlink events (study_id < other_study_id). Call inside ``transaction()``."""
    conn.executemany(
        "INSERT INTO trial_link_events (study_id, other_study_id, action, note, reviewer, recorded_at, source) "
        "VALUES (:study_id, :other_study_id, :action, :note, :reviewer, :recorded_at, :source)", events)


def attribution_state(conn: sqlite3.Connection) -> Iterator[dict[str, Any]]:
    """The latest attribution event of each target (statistic id or value id)."""
    if not _has_table(conn, "attribution_events"):
        return
    cursor = conn.execute(
        """SELECT e.* FROM attribution_events e
           WHERE e.event_id = (SELECT max(event_id) FROM attribution_events WHERE target = e.target)""")
    yield from dict_rows(cursor)


def insert_attribution_event(conn: sqlite3.Connection, event: dict[str, Any]) -> int:
    """Append one attribution event; returns its id. Call inside ``transaction()``."""
    return insert_row(conn, "attribution_events", event)


def decision_causes(conn: sqlite3.Connection) -> dict[str, str]:
    """value_id -> the value whose decision caused its current decision (only values that have one)."""
    columns = {row[1] for row in conn.execute("PRAGMA table_info(curation_events)")}
    if "cause" not in columns:
        return {}
    return dict(conn.execute(
        """SELECT e.value_id, e.cause FROM curation_events e
           WHERE e.cause IS NOT NULL AND e.event_id = (
               SELECT max(event_id) FROM curation_events WHERE value_id = e.value_id AND decision != 'note')"""
    ).fetchall())

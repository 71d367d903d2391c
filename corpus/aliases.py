"""SQL of `value_aliases` (migration 8): find reviewed values again after a study is re-extracted.

`rematch_study` runs inside the transaction that stores a study's new
extraction: every value a reviewer decided on (or noted) whose id is not
among the new machine values is looked for by content
(`stemfoot.corpus.value_identity.rematch`) and its alias row written. The
reviewer's events are never touched; `stemfoot.review.decisions` reads the
aliases to carry each decision over to the value's new id.
"""
from __future__ import annotations

import json
import sqlite3
from datetime import datetime, timezone
from typing import Any

from stemfoot.corpus.errors import CorpusError
from stemfoot.corpus.value_identity import EXACT, LOST, MOVED, UNCERTAIN, ValueRef, rematch

CARRIED = (EXACT, MOVED, "confirmed")  # statuses whose new_id holds the reviewer's decision
UNRESOLVED = (UNCERTAIN, LOST)
_COLUMNS = ("old_id", "study_id", "new_id", "status", "candidates", "score", "reason", "matched_at", "resolved_by")


def has_aliases(conn: sqlite3.Connection) -> bool:
    return conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'value_aliases'").fetchone() is not None


def _ref(row: tuple) -> ValueRef:
    value_id, study_id, field, value, sentence, kind, arm, outcome, timepoint = row
    return ValueRef(value_id, str(study_id), field, value, sentence, kind, arm, outcome, timepoint)


def _reviewed(conn: sqlite3.Connection, study_id: int) -> list[ValueRef]:
    """The study's reviewed values (latest event of each), as the reviewer saw them; added values excluded.

    A value a reviewer moved (or accepted as read) is looked for where the machine had put it (the
    move event keeps that beside the new place): its curation event may hold the moved place, which
    the next extraction does not produce.
    """
    moved = conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'attribution_events'").fetchone() is not None
    context = ("CASE WHEN m.event_id IS NULL THEN e.{0} ELSE m.machine_{0} END" if moved else "e.{0}")
    join = ("LEFT JOIN attribution_events m ON m.event_id = (SELECT max(event_id) FROM attribution_events "
            "WHERE target = coalesce(e.statistic_id, e.value_id) AND study_id = e.study_id)" if moved else "")
    rows = conn.execute(
        f"""SELECT e.value_id, e.study_id, e.field, e.machine_value, e.source_sentence, e.kind,
                  {context.format('arm')}, {context.format('outcome')}, {context.format('timepoint')}
           FROM curation_events e {join}
           WHERE e.study_id = ? AND e.value_id NOT LIKE 'added:%'
             AND e.event_id = (SELECT max(event_id) FROM curation_events WHERE value_id = e.value_id)
           ORDER BY e.start, e.event_id""", (study_id,)).fetchall()
    return [_ref(r) for r in rows]


def _machine(conn: sqlite3.Connection, study_id: int) -> list[ValueRef]:
    rows = conn.execute(
        """SELECT value_id, study_id, field, machine_value, source_sentence, kind, arm, outcome, timepoint
           FROM machine_values WHERE study_id = ? ORDER BY start""", (study_id,)).fetchall()
    return [_ref(r) for r in rows]


def aliases(conn: sqlite3.Connection, study_id: int | None = None) -> list[dict[str, Any]]:
    """Alias rows (all, or one study's), candidates decoded."""
    if not has_aliases(conn):
        return []
    sql = f"SELECT {', '.join(_COLUMNS)} FROM value_aliases" + (" WHERE study_id = ?" if study_id is not None else "")
    out = []
    for row in conn.execute(sql + " ORDER BY study_id, old_id", () if study_id is None else (study_id,)):
        data = dict(zip(_COLUMNS, row))
        data["candidates"] = json.loads(data["candidates"]) if data["candidates"] else []
        out.append(data)
    return out


def rematch_study(conn: sqlite3.Connection, study_id: int) -> dict[str, str]:
    """Write the aliases of one study's reviewed values after its extraction; old id -> status.

    Call inside the transaction that stored the extraction. A reviewer's
    confirmed choice is kept while its value exists; a dismissed one stays
    dismissed.
    """
    if not has_aliases(conn):
        return {}
    current = {r.value_id: r for r in _machine(conn, study_id)}
    kept = {a["old_id"]: a for a in aliases(conn, study_id)}
    old, claimed = [], set()
    for ref in _reviewed(conn, study_id):
        alias = kept.get(ref.value_id)
        if ref.value_id in current:
            claimed.add(ref.value_id)
            if alias and alias["status"] not in ("confirmed", "dismissed"):
                conn.execute("DELETE FROM value_aliases WHERE old_id = ?", (ref.value_id,))
            continue
        if alias and (alias["status"] == "dismissed" or (alias["status"] == "confirmed" and alias["new_id"] in current)):
            claimed.add(alias["new_id"] or "")
            continue
        old.append(ref)
    if not old:
        return {}
    new = [r for r in current.values() if r.value_id not in claimed]
    now = datetime.now(timezone.utc).isoformat(timespec="seconds")
    result = rematch(old, new)
    for old_id, match in result.items():
        conn.execute(
            f"INSERT OR REPLACE INTO value_aliases ({', '.join(_COLUMNS)}) VALUES ({', '.join('?' for _ in _COLUMNS)})",
            (old_id, study_id, match.new_id, match.status, json.dumps(list(match.candidates)) if match.candidates else None,
             match.score, match.reason or None, now, None))
    return {old_id: m.status for old_id, m in result.items()}


def resolve(conn: sqlite3.Connection, old_id: str, new_id: str | None, reviewer: str) -> None:
    """Record the reviewer's answer for an alias: ``new_id`` is the value (confirmed), or None (dismissed)."""
    row = conn.execute("SELECT study_id, candidates FROM value_aliases WHERE old_id = ?", (old_id,)).fetchone()
    if row is None:
        raise CorpusError(f"{old_id}: no value waiting to be matched with this id")
    if new_id is not None:
        found = conn.execute("SELECT study_id FROM machine_values WHERE value_id = ?", (new_id,)).fetchone()
        if found is None or found[0] != row[0]:
            raise CorpusError(f"{new_id}: not a current value of the same study")
    now = datetime.now(timezone.utc).isoformat(timespec="seconds")
    conn.execute("UPDATE value_aliases SET new_id = ?, status = ?, matched_at = ?, resolved_by = ? WHERE old_id = ?",
                 (new_id, "confirmed" if new_id else "dismissed", now, reviewer, old_id))

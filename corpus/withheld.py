"""SQL of results the export gate withheld for review: their placement as read, and how many a reviewer placed.

The gate (``extract/export_gate.py``) keeps a withheld result's placement in
``statistics.detail`` (``gate.held``: target, arm, arm_role). Plain sqlite3
only, so `stats` reads the counts without sqlite-utils.
"""
from __future__ import annotations

import json
import sqlite3
from typing import Any, Iterator, Sequence

from stemfoot.corpus.aliases import CARRIED

_CHUNK = 900  # ids bound in one IN (...) list
_CURRENT = ("JOIN current_extractions ce ON ce.study_id = st.study_id "
            "AND ce.extractor_version = st.extractor_version")


def _chunks(ids: Sequence[Any]) -> Iterator[list[Any]]:
    ids = sorted(set(ids), key=str)
    for i in range(0, len(ids), _CHUNK):
        yield ids[i:i + _CHUNK]


def _marks(ids: Sequence[Any]) -> str:
    return f"({', '.join('?' for _ in ids)})"


def _has_table(conn: sqlite3.Connection, name: str) -> bool:
    return conn.execute("SELECT 1 FROM sqlite_master WHERE name = ?", (name,)).fetchone() is not None


def held_placements(conn: sqlite3.Connection, study_ids: Sequence[int] | None = None) -> dict[str, dict[str, Any]]:
    """Statistic id -> {target, arm, arm_role, p}: where a withheld result was read, and the gate's score.

    Only statistics of the current extractions (of ``study_ids``, when given) that the gate withheld.
    """
    if not _has_table(conn, "current_extractions") or not any(
            row[1] == "detail" for row in conn.execute("PRAGMA table_info(statistics)")):
        return {}
    sql = f"SELECT st.id, st.detail FROM statistics st {_CURRENT} WHERE st.detail LIKE '%\"held\"%'"
    if study_ids is None:
        parts: list[tuple[str, list[Any]]] = [(sql, [])]
    else:
        parts = [(f"{sql} AND st.study_id IN {_marks(p)}", p) for p in _chunks(study_ids)]
    out: dict[str, dict[str, Any]] = {}
    for query, params in parts:
        for statistic_id, detail in conn.execute(query, params):
            gate = json.loads(detail or "{}").get("gate") or {}
            if gate.get("held"):
                out[statistic_id] = {**gate["held"], "p": gate.get("p")}
    return out


def withheld_counts(conn: sqlite3.Connection) -> dict[str, int] | None:
    """{statistics, placed}: results withheld in the current extractions, and those a reviewer has
    placed since (an attribution event on the statistic); None when nothing was extracted."""
    if not _has_table(conn, "extractions") or not conn.execute("SELECT 1 FROM extractions LIMIT 1").fetchone():
        return None
    held = held_placements(conn)
    placed: set[str] = set()
    if held and _has_table(conn, "attribution_events"):
        for part in _chunks(list(held)):
            placed.update(t for (t,) in conn.execute(
                f"SELECT DISTINCT target FROM attribution_events WHERE target IN {_marks(part)}", part))
        if _has_table(conn, "value_aliases"):
            # Placed under the id the statistic had before a re-extraction moved its offsets: its values'
            # aliases ('<statistic id>:<field>') lead from the new id to the old one the move names.
            placed.update(held_id for (held_id,) in conn.execute(
                """SELECT DISTINCT substr(va.new_id, 1, instr(va.new_id, ':') - 1) FROM value_aliases va
                   JOIN attribution_events ae ON ae.target = substr(va.old_id, 1, instr(va.old_id, ':') - 1)
                   WHERE va.status IN {} AND va.new_id IS NOT NULL""".format(_marks(CARRIED)), CARRIED)
                if held_id in held)
    return {"statistics": len(held), "placed": len(placed)}

"""The evidence tables (migration 2): write extraction records idempotently, and read them back."""
from __future__ import annotations

import hashlib
import json
import re
from typing import Any, Iterator

import sqlite_utils

from stemfoot.corpus.errors import CorpusError
from stemfoot.schemas import STATISTIC_FIELDS

_MACHINE_TABLES = ("statistics", "arms", "outcomes", "facets", "spans")


def value_id(study: str, field: str, evidence: dict) -> str:
    """Stable id of an extracted value: study + field + normalised source span.

    Independent of the extractor version and of the run, so the same value found
    again gets the same id and reviewer decisions stay attached to it.
    """
    text = re.sub(r"\s+", " ", (evidence.get("text") or "").strip().lower())
    span = f"{evidence.get('source', 'abstract')}|{evidence['start']}|{evidence['end']}|{text}"
    return hashlib.sha1(f"{study}|{field}|{span}".encode("utf-8")).hexdigest()[:16]


def clear(db: sqlite_utils.Database, study_id: int, version: str) -> None:
    """Drop this extractor version's machine output for a study (nothing a reviewer wrote)."""
    for table in (*_MACHINE_TABLES, "extractions"):
        db.execute(f"DELETE FROM [{table}] WHERE study_id = ? AND extractor_version = ?", [study_id, version])


def store_record(db: sqlite_utils.Database, study_id: int, study: str, abstract: str,
                 record: dict, run_id: int, extracted_at: str) -> None:
    """Replace a study's machine output of this extractor version with ``record``."""
    version = record["extractor_version"]
    clear(db, study_id, version)
    spans: dict[str, dict] = {}

    def span(field: str, ev: dict | None, value: object) -> str | None:
        if ev is None:
            return None
        sid = value_id(study, field, ev)
        text_source = abstract if ev.get("source", "abstract") == "abstract" else None
        sentence = text_source[ev["sentence_start"]:ev["sentence_end"]] if text_source is not None else ev.get("sentence")
        where = {k: ev.get(k) for k in ("section", "table_label", "row_header", "column_header", "table_position")
                 if ev.get(k) is not None}  # full-text provenance (migration 5)
        spans[sid] = {**where,
            "id": sid, "extractor_version": version, "study_id": study_id, "field": field,
            "source": ev.get("source", "abstract"), "start": ev["start"], "end": ev["end"], "text": ev.get("text"),
            "sentence_start": ev["sentence_start"], "sentence_end": ev["sentence_end"], "sentence": sentence,
            "component": ev["component"], "confidence": ev["confidence"], "value": json.dumps(value),
        }
        return sid

    design = record["design"]
    design_span = span("design", design["evidence"], design["value"])
    totals = {}
    for key in ("n_patients", "n_limbs", "n_ulcers"):
        item = record.get(key)
        totals[key] = item["value"] if item else None
        totals[f"{key}_span_id"] = span(key, item["evidence"], item["value"]) if item else None
    arms = []
    arm_ids: dict[str, str] = {}
    for pos, arm in enumerate(record["arms"]):
        aid = value_id(study, "arm", arm["evidence"])
        arm_ids[arm["label"]] = aid
        arms.append({
            "id": aid, "extractor_version": version, "study_id": study_id, "position": pos,
            "label": arm["label"], "role": arm["role"], "n_patients": arm["n_patients"], "n_limbs": arm["n_limbs"],
            "description": arm["description"], "cell_type": arm["cell_type"],
            "route": "; ".join(arm["routes"]) or None,
            "span_id": span("arm", arm["evidence"], arm["label"]),
            "n_span_id": span("arm_n", arm.get("n_evidence"), arm["n_patients"]),
        })
    outcomes = []
    for o in record["outcomes"]:
        sid = span("outcome", o["evidence"], o["outcome"])
        outcomes.append({"id": sid, "extractor_version": version, "study_id": study_id,
                         "outcome": o["outcome"], "label": o["label"], "span_id": sid})
    facets = []
    for facet, items in record["facets"].items():
        for item in items:
            sid = span(facet, item["evidence"], item["value"])
            fid = value_id(study, f"facet:{facet}", item["evidence"])
            detail = {k: v for k, v in item.items() if k not in {"value", "evidence"}}
            facets.append({"id": fid, "extractor_version": version, "study_id": study_id, "facet": facet,
                           "value": item["value"], "detail": json.dumps(detail) if detail else None, "span_id": sid})
    stats = []
    taken: set[str] = set()
    for pos, st in enumerate(record["statistics"]):
        field = f"statistic:{st['kind']}"
        if value_id(study, field, st["evidence"]) in taken:
            # Two values read from one span ("10.8±2.0 (4.9±1.88)": both arms in one table cell).
            field = f"statistic:{st['kind']}|{st['arm']}|{st['timepoint']}"
        taken.add(value_id(study, field, st["evidence"]))
        sid = span(field, st["evidence"], {k: st[k] for k in STATISTIC_FIELDS if st.get(k) is not None})
        stats.append({
            "id": sid, "extractor_version": version, "study_id": study_id, "position": pos,
            "outcome": st["outcome"], "outcome_label": st["outcome_label"], "arm_id": arm_ids.get(st["arm"]),
            "arm": st["arm"], "arm_role": st["arm_role"], "timepoint": st["timepoint"], "kind": st["kind"],
            "measure": st["measure"], **{k: st[k] for k in STATISTIC_FIELDS},
            "flags": json.dumps(st["flags"]), "confidence": st["evidence"]["confidence"], "span_id": sid,
            **({"derived": json.dumps(st["derived"])} if st.get("derived") else {}),
            **({"detail": json.dumps(st["detail"])} if st.get("detail") else {}),
        })
    for item in record["pico"]:
        span(f"pico:{item['facet']}", item["evidence"], item["evidence"]["text"])
    # Raw statements, not sqlite-utils' insert_all (which commits): the caller's one transaction per study.
    _insert(db, "spans", list(spans.values()))
    _insert(db, "arms", arms)
    _insert(db, "outcomes", outcomes)
    _insert(db, "facets", facets)
    _insert(db, "statistics", stats)
    _insert(db, "extractions", [{
        "study_id": study_id, "extractor_version": version, "run_id": run_id, "extracted_at": extracted_at,
        "design": design["value"], "design_span_id": design_span,
        **totals, "n_patients_derived": (record.get("n_patients") or {}).get("derived"),
        "cell_types": json.dumps(record["cell_types"]), "flags": json.dumps(record["flags"]),
        "errors": json.dumps(record["errors"]),
    }])


def _insert(db: sqlite_utils.Database, table: str, rows: list[dict]) -> None:
    """INSERT OR REPLACE ``rows`` without committing; a key missing from a row is NULL (as in insert_all)."""
    if not rows:
        return
    names = list(dict.fromkeys(n for row in rows for n in row))  # rows differ: table cells only on table values
    db.conn.executemany(
        f"INSERT OR REPLACE INTO [{table}] ({', '.join(f'[{n}]' for n in names)}) VALUES ({', '.join('?' for _ in names)})",
        [[_cell(row.get(n)) for n in names] for row in rows])


def _cell(value: Any) -> Any:
    """As sqlite-utils stores it: lists and dicts as JSON."""
    return json.dumps(value) if isinstance(value, (list, dict, tuple)) else value


# Readers of the evidence tables (the current extraction of each study).

_CURRENT = "JOIN current_extractions ce ON ce.study_id = {t}.study_id AND ce.extractor_version = {t}.extractor_version"


def study_citations(db: sqlite_utils.Database) -> list[tuple]:
    """(id, PMID or local id, title, year, authors JSON) of every study, in id order."""
    return db.execute("SELECT id, coalesce(pmid, local_id), title, year, authors FROM studies ORDER BY id").fetchall()


def statistic_roles(db: sqlite_utils.Database) -> list[tuple]:
    """(statistic id, machine arm role, flags JSON) of the current extractions."""
    return db.execute(f"SELECT st.id, st.arm_role, st.flags FROM statistics st {_CURRENT.format(t='st')}").fetchall()


def statistic_details(db: sqlite_utils.Database) -> list[tuple]:
    """(statistic id, outcome label, effect measure, p operator) of the current extractions."""
    return db.execute(f"SELECT st.id, st.outcome_label, st.effect_measure, st.p_operator FROM statistics st "
                      f"{_CURRENT.format(t='st')}").fetchall()


def arm_cell_types(db: sqlite_utils.Database) -> list[tuple]:
    """(study id, arm label, cell type) of the current extractions' arms."""
    return db.execute(f"SELECT a.study_id, a.label, a.cell_type FROM arms a {_CURRENT.format(t='a')}").fetchall()


def outcome_label_counts(db: sqlite_utils.Database) -> list[tuple]:
    """(outcome id, label, count) of extracted statistics, most frequent first."""
    return db.execute("SELECT outcome, outcome_label, count(*) FROM statistics WHERE outcome IS NOT NULL "
                      "GROUP BY outcome, outcome_label ORDER BY 3 DESC").fetchall()


def studies_reporting(db: sqlite_utils.Database, outcome: str, *, current_only: bool) -> list[int]:
    """Ids of studies with statistics of ``outcome`` (in their current extraction, if ``current_only``)."""
    join = _CURRENT.format(t="st") if current_only else ""
    return [sid for (sid,) in db.execute(
        f"SELECT DISTINCT st.study_id FROM statistics st {join} WHERE st.outcome = ?", [outcome]).fetchall()]


def study_summaries(db: sqlite_utils.Database) -> list[dict]:
    """Every study with its current extraction's study-level values, by year."""
    rows = db.execute(
        """SELECT s.id, s.title, s.year, s.journal, ce.design, ce.design_span_id, ce.n_patients,
                  ce.n_patients_span_id, ce.cell_types, ce.extractor_version
           FROM studies s LEFT JOIN current_extractions ce ON ce.study_id = s.id
           ORDER BY s.year, s.id""").fetchall()
    keys = ("id", "title", "year", "journal", "design", "design_span_id", "n_patients", "n_patients_span_id",
            "cell_types", "extractor_version")
    return [dict(zip(keys, row)) for row in rows]


def arm_rows(db: sqlite_utils.Database, study_id: int, version: str) -> list[tuple]:
    """(id, label, role, n_patients, cell_type, route) of a study's arms, in text order."""
    return db.execute(
        "SELECT id, label, role, n_patients, cell_type, route FROM arms WHERE study_id = ? AND extractor_version = ? "
        "ORDER BY position", [study_id, version]).fetchall()


def span(db: sqlite_utils.Database, span_id: str | None, version: str | None) -> dict | None:
    """A provenance span: text, offsets, sentence."""
    if not span_id:
        return None
    row = next(iter(db.query("SELECT * FROM spans WHERE id = ? AND extractor_version = ?", [span_id, version])), None)
    keys = ("text", "start", "end", "sentence", "sentence_start", "source", "section", "table_label", "row_header",
            "column_header")  # the last four: full-text provenance (migration 5)
    return {k: row.get(k) for k in keys} if row else None


def statistic_rows(db: sqlite_utils.Database, study_id: int, version: str, columns: tuple[str, ...]) -> list[tuple]:
    """The ``columns`` of a study's statistics, in text order."""
    return db.execute(f"SELECT {', '.join(columns)} FROM statistics WHERE study_id = ? AND extractor_version = ? "
                      "ORDER BY position", [study_id, version]).fetchall()


def rows_of(db: sqlite_utils.Database, table: str, study_id: int, version: str, order: str = "rowid") -> list[dict]:
    """All rows of one evidence table for a study's extraction."""
    return list(db.query(f"SELECT * FROM [{table}] WHERE study_id = ? AND extractor_version = ? ORDER BY {order}",
                         [study_id, version]))


def current_extractions(db: sqlite_utils.Database) -> Iterator[dict]:
    """The newest extraction of each study, with its PMID, local id, title and year."""
    yield from db.query("SELECT e.*, s.pmid, s.local_id, s.title, s.year FROM current_extractions e "
                        "JOIN studies s ON s.id = e.study_id ORDER BY s.id")


def studies_to_extract(db: sqlite_utils.Database, ids: list[str] | None = None) -> list[dict]:
    """Studies to extract: all, or those whose PMID or local id is in ``ids``."""
    rows = list(db.query("SELECT id, pmid, local_id, title, abstract FROM studies ORDER BY id"))
    if not ids:
        return rows
    by_key = {r["pmid"]: r for r in rows if r["pmid"]} | {r["local_id"]: r for r in rows if r["local_id"]}
    missing = [i for i in ids if i not in by_key]
    if missing:
        raise CorpusError(f"no study with id {', '.join(missing)}")
    return [by_key[i] for i in dict.fromkeys(ids)]


def start_run(db: sqlite_utils.Database, version: str, started: str) -> int:
    """A new row of `extraction_runs`; its id."""
    with db.conn:
        return db["extraction_runs"].insert({"extractor_version": version, "started": started}).last_pk


def finish_run(db: sqlite_utils.Database, run_id: int, counts: dict) -> None:
    """Close a run with its finish time and counts."""
    with db.conn:
        db["extraction_runs"].update(run_id, counts)

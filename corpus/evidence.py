"""The evidence tables (migration 2): write extraction records idempotently, and read them back."""
from __future__ import annotations

import hashlib
import json
import re
import sqlite3
from contextlib import contextmanager
from typing import Any, Callable, Iterable, Iterator

import sqlite_utils

from stemfoot.corpus.db import transaction
from stemfoot.corpus.errors import CorpusError
from stemfoot.corpus.migrations.m010_span_offsets import compact_sql
from stemfoot.schemas import STATISTIC_FIELDS

#: `span_store` holds the span rows; readers read the `spans` view, which gives each sentence back (migration 10).
_MACHINE_TABLES = ("statistics", "arms", "outcomes", "facets", "span_store")
#: Drops the sentence copies of one study's spans that equal the slice of the stored text they point into.
_COMPACT_STUDY = compact_sql("study_id = ? AND extractor_version = ?")


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


def _insert(conn: sqlite3.Connection, table: str, rows: Iterable[dict]) -> None:
    """INSERT OR REPLACE ``rows`` (what sqlite-utils' ``insert_all(replace=True)`` does, minus its commit)."""
    rows = list(rows)
    if not rows:
        return
    columns = list(dict.fromkeys(c for row in rows for c in row))
    conn.executemany(
        f"INSERT OR REPLACE INTO [{table}] ({', '.join(f'[{c}]' for c in columns)}) "
        f"VALUES ({', '.join('?' for _ in columns)})", [[_cell(row.get(c)) for c in columns] for row in rows])


def _cell(value: Any) -> Any:
    """As sqlite-utils stores it: lists and dicts as JSON."""
    return json.dumps(value) if isinstance(value, (list, dict, tuple)) else value


def store_record(db: sqlite_utils.Database, study_id: int, study: str, abstract: str,
                 record: dict, run_id: int, extracted_at: str,
                 then: Callable[[sqlite3.Connection, int], Any] | None = None) -> Any:
    """Replace a study's machine output of this extractor version with ``record``, atomically.

    The write is one savepoint: inside a caller's transaction (a batch of
    studies, see :func:`write_batch`) a failure undoes this study's rows only;
    on its own it is one transaction. ``then(conn, study_id)`` runs inside the
    same savepoint (re-finding reviewed values); its result is returned.
    """
    conn = db.conn
    conn.execute("SAVEPOINT store_record")
    try:
        _store_record(db, study_id, study, abstract, record, run_id, extracted_at)
        result = then(conn, study_id) if then is not None else None
    except BaseException:
        conn.execute("ROLLBACK TO store_record")
        conn.execute("RELEASE store_record")
        raise
    conn.execute("RELEASE store_record")
    return result


@contextmanager
def write_batch(db: sqlite_utils.Database) -> Iterator[None]:
    """One write transaction for a batch of studies' records (one commit instead of several per study)."""
    with transaction(db):
        yield


def _store_record(db: sqlite_utils.Database, study_id: int, study: str, abstract: str,
                  record: dict, run_id: int, extracted_at: str) -> None:
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
        gate = st.get("gate") or {}
        # The export gate's calibrated P(right arm and outcome) is the value's confidence where it scored one;
        # its score and a withheld value's placement are kept in the detail for review.
        detail = {**(st.get("detail") or {}), **({"gate": gate} if gate else {})}
        stats.append({
            "id": sid, "extractor_version": version, "study_id": study_id, "position": pos,
            "outcome": st["outcome"], "outcome_label": st["outcome_label"], "arm_id": arm_ids.get(st["arm"]),
            "arm": st["arm"], "arm_role": st["arm_role"], "timepoint": st["timepoint"], "kind": st["kind"],
            "measure": st["measure"], **{k: st[k] for k in STATISTIC_FIELDS},
            "flags": json.dumps(st["flags"]), "confidence": gate.get("p", st["evidence"]["confidence"]), "span_id": sid,
            **({"derived": json.dumps(st["derived"])} if st.get("derived") else {}),
            **({"detail": json.dumps(detail)} if detail else {}),
        })
    for item in record["pico"]:
        span(f"pico:{item['facet']}", item["evidence"], item["evidence"]["text"])
    conn = db.conn
    _insert(conn, "span_store", spans.values())
    # Offsets, not copies: a sentence equal to its slice of the stored text is read back through `spans`.
    conn.execute(_COMPACT_STUDY, [study_id, version])
    _insert(conn, "arms", arms)
    _insert(conn, "outcomes", outcomes)
    _insert(conn, "facets", facets)
    _insert(conn, "statistics", stats)
    _insert(conn, "extractions", [{
        "study_id": study_id, "extractor_version": version, "run_id": run_id, "extracted_at": extracted_at,
        "design": design["value"], "design_span_id": design_span,
        **totals, "n_patients_derived": (record.get("n_patients") or {}).get("derived"),
        "cell_types": json.dumps(record["cell_types"]), "flags": json.dumps(record["flags"]),
        "errors": json.dumps(record["errors"]),
    }])


# Readers of the evidence tables (the current extraction of each study).

_CURRENT = "JOIN current_extractions ce ON ce.study_id = {t}.study_id AND ce.extractor_version = {t}.extractor_version"


def _where_in(column: str, ids: list) -> tuple[str, list]:
    # Bound values, not a subquery, so SQLite can push the filter into views.
    return f"{column} IN ({', '.join('?' for _ in ids)})", list(ids)


def _chunked(ids: Iterable, size: int = 900) -> Iterator[list]:
    ids = sorted(set(ids), key=str)
    for i in range(0, len(ids), size):
        yield ids[i:i + size]


def statistic_details(db: sqlite_utils.Database, study_ids: Iterable[int] | None = None) -> list[tuple]:
    """(statistic id, outcome label, effect measure, p operator) of the current extractions (of ``study_ids``)."""
    sql = (f"SELECT st.id, st.outcome_label, st.effect_measure, st.p_operator FROM statistics st "
           f"{_CURRENT.format(t='st')}")
    if study_ids is None:
        return db.execute(sql).fetchall()
    return [row for part in _chunked(study_ids)
            for row in db.execute(sql + " WHERE " + _where_in("st.study_id", part)[0], part).fetchall()]


def study_citations(db: sqlite_utils.Database, ids: Iterable[int] | None = None) -> list[tuple]:
    """(id, PMID or local id, title, year, authors JSON) of every study (of ``ids``, when given), in id order."""
    sql = "SELECT id, coalesce(pmid, local_id), title, year, authors FROM studies"
    if ids is None:
        return db.execute(sql + " ORDER BY id").fetchall()
    rows = []
    for part in _chunked(ids):
        where, params = _where_in("id", part)
        rows += db.execute(f"{sql} WHERE {where}", params).fetchall()
    return sorted(rows)


def label_candidates(db: sqlite_utils.Database, years: Iterable[str], authors: Iterable[tuple[str, str]]) -> list[tuple]:
    """:func:`study_citations` rows of the studies without a year, of ``years``, and of each (year,
    surname) in ``authors`` whose first author contains the surname; in id order (through the year index)."""
    sql = "SELECT id, coalesce(pmid, local_id), title, year, authors FROM studies"
    rows: set[tuple] = set()
    for without_year in ("year IS NULL", "year = 0", "year = ''"):  # one by one: an OR would scan the table
        rows.update(db.execute(f"{sql} WHERE {without_year}").fetchall())
    for part in _chunked(years):
        where, params = _where_in("year", part)
        rows.update(db.execute(f"{sql} WHERE {where}", params).fetchall())
    for year, surname in authors:
        rows.update(db.execute(
            f"{sql} WHERE year = ? AND json_valid(authors) AND instr(json_extract(authors, '$[0]'), ?) > 0",
            [year, surname]).fetchall())
    return sorted(rows)


def statistic_roles(db: sqlite_utils.Database, study_ids: Iterable[int] | None = None) -> list[tuple]:
    """(statistic id, machine arm role, flags JSON) of the current extractions (of ``study_ids``, when given)."""
    return _current_rows(db, "SELECT st.id, st.arm_role, st.flags FROM statistics st", "st", study_ids)


def arm_cell_types(db: sqlite_utils.Database, study_ids: Iterable[int] | None = None) -> list[tuple]:
    """(study id, arm label, cell type) of the current extractions' arms (of ``study_ids``, when given)."""
    return _current_rows(db, "SELECT a.study_id, a.label, a.cell_type FROM arms a", "a", study_ids)


def _current_rows(db: sqlite_utils.Database, select: str, table: str, study_ids: Iterable[int] | None) -> list[tuple]:
    """Rows of ``select`` (over one table aliased ``table``) in the current extractions, of ``study_ids`` if given."""
    sql = f"{select} {_CURRENT.format(t=table)}"
    if study_ids is None:
        return db.execute(sql).fetchall()
    return [row for part in _chunked(study_ids)
            for row in db.execute(sql + " WHERE " + _where_in(f"{table}.study_id", part)[0], part).fetchall()]


def outcome_label_counts(db: sqlite_utils.Database, outcome: str | None = None) -> list[tuple]:
    """(outcome id, label, count) of extracted statistics (of ``outcome``, when given), most frequent first."""
    where = "outcome = ?" if outcome is not None else "outcome IS NOT NULL"
    return db.execute(f"SELECT outcome, outcome_label, count(*) FROM statistics WHERE {where} "
                      "GROUP BY outcome, outcome_label ORDER BY 3 DESC", [outcome] if outcome is not None else []
                      ).fetchall()


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
    return list(iter_studies(db, resolve_ids(db, ids)))


def resolve_ids(db: sqlite_utils.Database, ids: list[str] | None) -> list[int] | None:
    """Row ids of the studies with these PMIDs or local ids, in the order given (None: all studies).

    Raises CorpusError naming the ids that match no study.
    """
    if not ids:
        return None
    keys = list(dict.fromkeys(ids))
    by_key: dict[str, int] = {}
    for part in _chunked(keys, 400):
        marks = ", ".join("?" for _ in part)
        for sid, pmid, local_id in db.execute(
                f"SELECT id, pmid, local_id FROM studies WHERE pmid IN ({marks}) OR local_id IN ({marks})", part + part):
            if pmid in part:
                by_key[pmid] = sid
            if local_id in part:
                by_key[local_id] = sid
    missing = [i for i in ids if i not in by_key]
    if missing:
        raise CorpusError(f"no study with id {', '.join(missing)}")
    return [by_key[k] for k in keys]


def count_studies(db: sqlite_utils.Database, study_ids: list[int] | None) -> int:
    """How many studies :func:`iter_studies` yields."""
    return db.execute("SELECT count(*) FROM studies").fetchone()[0] if study_ids is None else len(study_ids)


def iter_studies(db: sqlite_utils.Database, study_ids: list[int] | None = None, page: int = 256) -> Iterator[dict]:
    """(id, pmid, local_id, title, abstract) of the studies, all in id order or ``study_ids`` in their order.

    Read a page at a time, so extraction holds a bounded number of abstracts whatever the corpus size.
    """
    sql = "SELECT id, pmid, local_id, title, abstract FROM studies"
    keys = ("id", "pmid", "local_id", "title", "abstract")
    if study_ids is None:
        last = None
        while True:
            rows = db.execute(f"{sql} {'WHERE id > ?' if last is not None else ''} ORDER BY id LIMIT {int(page)}",
                              [] if last is None else [last]).fetchall()
            if not rows:
                return
            yield from (dict(zip(keys, row)) for row in rows)
            last = rows[-1][0]
    for i in range(0, len(study_ids), page):
        part = study_ids[i:i + page]
        found = {row[0]: dict(zip(keys, row)) for row in db.execute(
            f"{sql} WHERE id IN ({', '.join('?' for _ in set(part))})", sorted(set(part))).fetchall()}
        yield from (found[sid] for sid in part)


def start_run(db: sqlite_utils.Database, version: str, started: str) -> int:
    """A new row of `extraction_runs`; its id."""
    with db.conn:
        return db["extraction_runs"].insert({"extractor_version": version, "started": started}).last_pk


def finish_run(db: sqlite_utils.Database, run_id: int, counts: dict) -> None:
    """Close a run with its finish time and counts."""
    with db.conn:
        db["extraction_runs"].update(run_id, counts)

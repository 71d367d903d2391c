"""Full texts in the corpus (migration 5): store a parsed JATS article for a study, read it back.

The only SQL on ``fulltexts``, ``fulltext_sections`` and ``fulltext_tables``,
plus the readers `outcome-data` needs (study look-up by PMID / PMC id / DOI,
the current extraction's statistics with their provenance).
"""
from __future__ import annotations

import hashlib
import json
import sqlite3
import zlib
from datetime import datetime, timezone

import sqlite_utils

_TABLE_JSON = ("footnotes", "header", "header_joined", "rows", "row_labels", "row_prefixed", "label_only",
               "header_offsets", "cell_offsets")


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def known_pmcids(conn: sqlite3.Connection) -> dict[str, int]:
    """PMC id -> study id of every stored full text."""
    return {p: sid for sid, p in conn.execute("SELECT study_id, pmcid FROM fulltexts WHERE pmcid IS NOT NULL")}


def store_article(conn: sqlite3.Connection, study_id: int, article: dict, source: str) -> str:
    """Store (or replace) a study's full text; 'new', 'updated' or 'unchanged'. Call inside a transaction.

    The original XML is kept zlib-compressed; an article whose XML is byte-identical
    to the stored one changes nothing.
    """
    xml = article.get("xml") or b""
    digest = hashlib.sha256(xml).hexdigest()
    row = conn.execute("SELECT xml_sha256, first_seen FROM fulltexts WHERE study_id = ?", (study_id,)).fetchone()
    if row and row[0] == digest:
        return "unchanged"
    if article.get("pmcid"):
        # The same PMC article stored under another study (ingested before the link was known): move it here.
        conn.execute("DELETE FROM fulltexts WHERE pmcid = ? AND study_id != ?", (article["pmcid"], study_id))
    now = _now()
    conn.execute(
        "INSERT OR REPLACE INTO fulltexts (study_id, pmcid, pmid, doi, full_text, has_body, flags, source, xml_gz,"
        " xml_sha256, first_seen, last_updated) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (study_id, article.get("pmcid"), article.get("pmid"), article.get("doi"), article.get("full_text") or "",
         int(bool(article.get("has_body"))), json.dumps(article.get("flags") or []), source,
         zlib.compress(xml, 6), digest, row[1] if row else now, now))
    conn.execute("DELETE FROM fulltext_sections WHERE study_id = ?", (study_id,))
    conn.execute("DELETE FROM fulltext_tables WHERE study_id = ?", (study_id,))
    conn.executemany(
        'INSERT INTO fulltext_sections (study_id, position, title, type, start, "end", depth) VALUES (?, ?, ?, ?, ?, ?, ?)',
        [(study_id, i, s.get("title"), s["type"], s["start"], s["end"], s.get("depth", 0))
         for i, s in enumerate(article.get("sections") or [])])
    conn.executemany(
        "INSERT INTO fulltext_tables (study_id, position, table_id, label, caption, text, "
        + ", ".join(_TABLE_JSON) + ") VALUES (" + ", ".join("?" * (6 + len(_TABLE_JSON))) + ")",
        [(study_id, i, t.get("id"), t.get("label"), t.get("caption"), t.get("text"),
          *(json.dumps(t.get(k), ensure_ascii=False) for k in _TABLE_JSON))
         for i, t in enumerate(article.get("tables") or [])])
    return "updated" if row else "new"


def load_article(db: sqlite_utils.Database, study_id: int) -> dict | None:
    """A study's stored full text as a ``corpus.jats``-shaped record (abstract from the study), or None."""
    row = db.execute("SELECT f.pmcid, f.full_text, f.has_body, f.flags, s.abstract, s.title FROM fulltexts f "
                     "JOIN studies s ON s.id = f.study_id WHERE f.study_id = ?", [study_id]).fetchone()
    if row is None:
        return None
    sections = [dict(zip(("title", "type", "start", "end", "depth"), r)) for r in db.execute(
        'SELECT title, type, start, "end", depth FROM fulltext_sections WHERE study_id = ? ORDER BY position',
        [study_id]).fetchall()]
    tables = []
    for r in db.query("SELECT * FROM fulltext_tables WHERE study_id = ? ORDER BY position", [study_id]):
        t = {"id": r["table_id"], "label": r["label"], "caption": r["caption"], "text": r["text"],
             "position": r["position"]}
        t.update({k: json.loads(r[k]) if r[k] else [] for k in _TABLE_JSON})
        tables.append(t)
    return {"pmcid": row[0], "full_text": row[1] or "", "has_body": bool(row[2]), "flags": json.loads(row[3] or "[]"),
            "abstract": row[4] or "", "title": row[5], "sections": sections, "tables": tables}


def full_text_ids(db: sqlite_utils.Database) -> set[int]:
    """Study ids that have a stored full text (with a body)."""
    if "fulltexts" not in db.table_names():
        return set()
    return {sid for (sid,) in db.execute("SELECT study_id FROM fulltexts WHERE has_body = 1").fetchall()}


def original_xml(db: sqlite_utils.Database, study_id: int) -> bytes | None:
    """The stored original XML of a study's full text."""
    row = db.execute("SELECT xml_gz FROM fulltexts WHERE study_id = ?", [study_id]).fetchone()
    return zlib.decompress(row[0]) if row and row[0] is not None else None


def find_study(db: sqlite_utils.Database, study: str) -> int | None:
    """The study id for a PMID, ``PMC<id>``, DOI or local id (None when there is none)."""
    key = (study or "").strip()
    if not key:
        return None
    if key.upper().startswith("PMC"):
        pmc = "PMC" + key[3:]
        row = db.execute("SELECT study_id FROM fulltexts WHERE pmcid = ?", [pmc]).fetchone() or db.execute(
            "SELECT id FROM studies WHERE local_id = ?", [pmc]).fetchone()
        return row[0] if row else None
    if key.isdigit():
        row = db.execute("SELECT id FROM studies WHERE pmid = ?", [key]).fetchone()
        return row[0] if row else None
    doi = key.lower().removeprefix("https://doi.org/").removeprefix("doi:").strip()
    row = db.execute("SELECT id FROM studies WHERE doi = ? ORDER BY id", [doi]).fetchone() or db.execute(
        "SELECT id FROM studies WHERE local_id = ?", [key]).fetchone()
    return row[0] if row else None


_STAT_COLUMNS = ("kind", "outcome", "outcome_label", "arm", "arm_role", "timepoint", "events", "total", "percent",
                 "mean", "sd", "median", "q1", "q3", "value", "ci_lower", "ci_upper", "p", "p_operator",
                 "confidence", "flags", "derived", "detail")
_SPAN_COLUMNS = ("source", "start", "end", "text", "sentence", "sentence_start", "section", "table_label", "row_header",
                 "column_header", "table_position")


def extracted_statistics(db: sqlite_utils.Database, study_id: int) -> tuple[list[dict], list[dict]]:
    """(statistics with provenance, arms) of a study's current extraction; empty when not extracted."""
    cur = db.execute("SELECT extractor_version FROM current_extractions WHERE study_id = ?", [study_id]).fetchone()
    if cur is None:
        return [], []
    cols = ", ".join(f"st.[{c}]" for c in _STAT_COLUMNS) + ", " + ", ".join(f"sp.[{c}]" for c in _SPAN_COLUMNS)
    stats = []
    for row in db.execute(f"SELECT {cols} FROM statistics st LEFT JOIN spans sp ON sp.id = st.span_id AND "
                          "sp.extractor_version = st.extractor_version WHERE st.study_id = ? AND "
                          "st.extractor_version = ? ORDER BY st.position", [study_id, cur[0]]).fetchall():
        st = dict(zip(_STAT_COLUMNS, row[:len(_STAT_COLUMNS)]))
        sp = dict(zip(_SPAN_COLUMNS, row[len(_STAT_COLUMNS):]))
        st["flags"] = json.loads(st["flags"] or "[]")
        st["derived"] = json.loads(st["derived"] or "{}")
        detail = json.loads(st.pop("detail") or "{}")
        st.update({k: v for k, v in detail.items() if k not in st})
        ev = {"source": sp["source"], "start": sp["start"], "end": sp["end"], "text": sp["text"],
              "sentence": sp["sentence"], "sentence_start": sp["sentence_start"], "section": sp["section"]}
        if sp["source"] == "table":
            ev.update(table=sp["table_label"] or f"table {sp['table_position']}", row_header=sp["row_header"],
                      column_header=sp["column_header"], cell=sp["text"], caption=detail.get("caption"))
        st["evidence"] = ev
        stats.append(st)
    arms = [dict(zip(("label", "role", "n_patients"), r)) for r in db.execute(
        "SELECT label, role, n_patients FROM arms WHERE study_id = ? AND extractor_version = ? ORDER BY position",
        [study_id, cur[0]]).fetchall()]
    return stats, arms


def study_abstract(db: sqlite_utils.Database, study_id: int) -> str:
    """A study's abstract ('' when it has none)."""
    row = db.execute("SELECT abstract FROM studies WHERE id = ?", [study_id]).fetchone()
    return (row[0] or "") if row else ""

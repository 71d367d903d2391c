"""Curation storage: append-only events, effective values, re-extraction, re-ingest, screening, concurrency."""
from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import sqlite_utils

from stemfoot.review.decisions import (
    CHANGED,
    ORPHANED,
    REVIEWED,
    CurationError,
    effective_values,
    load_items,
    new_added_item,
    record_event,
    screen_studies,
)
from stemfoot.review.sheet import export_sheet, read_sheet
from stemfoot.corpus import db as corpus_db
from stemfoot.corpus.curation import excluded_studies, prisma_counts
from stemfoot.corpus.db import open_db, transaction
from stemfoot.corpus.ingest.loader import ingest_file
from test_curation_support import BUNDLED, QIN, events, huang_id, machine_rows, make_db, vid, write_machine_values


@pytest.fixture
def db(tmp_path):
    db = make_db(tmp_path / "c.db")
    write_machine_values(db, machine_rows(db))
    return db


def _decide(db, value_id, decision, value=None, note=None, reviewer="ana"):
    item = next(i for i in load_items(db.conn) if i.value_id == value_id)
    with transaction(db) as conn:
        record_event(conn, item, decision, reviewer=reviewer, source="test", value=value, note=note)


def _by_id(rows):
    return {row["value_id"]: row for row in rows}


def test_events_are_append_only(db):
    _decide(db, vid(QIN, "n_patients"), "accept")
    screen_studies(db, [QIN], "include", reviewer="ana")
    for table in ("curation_events", "screening_events"):
        with pytest.raises(sqlite3.DatabaseError, match=f"{table} is append-only"):
            with transaction(db) as conn:
                conn.execute(f"UPDATE {table} SET reviewer = 'mallory'")
        with pytest.raises(sqlite3.DatabaseError, match=f"{table} is append-only"):
            with transaction(db) as conn:
                conn.execute(f"DELETE FROM {table}")
    with pytest.raises(sqlite3.DatabaseError, match="curation_events is append-only"):
        with transaction(db) as conn:
            conn.execute("INSERT OR REPLACE INTO curation_events SELECT * FROM curation_events")
    assert db.execute("SELECT reviewer FROM curation_events").fetchall() == [("ana",)]
    assert db.execute("SELECT count(*) FROM screening_events").fetchone()[0] == 1


def test_an_older_database_gains_the_curation_tables(tmp_path):
    path = tmp_path / "old.db"
    old = sqlite_utils.Database(path)
    corpus_db.MIGRATIONS[0](old)
    old.execute("PRAGMA user_version = 1")
    old.conn.commit()
    old.close()
    db = open_db(path)
    assert {"curation_events", "screening_events"} <= set(db.table_names())
    assert {"curation_state", "screening_state"} <= set(db.view_names())
    triggers = {name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")}
    assert {f"{t}_no_{v}" for t in ("curation_events", "screening_events") for v in ("update", "delete", "replace")} <= triggers


def test_state_is_the_latest_decision_and_a_note_does_not_hide_it(db):
    value_id = vid(QIN, "n_patients")
    _decide(db, value_id, "reject", reviewer="ana")
    _decide(db, value_id, "correct", value="52", reviewer="ben")
    _decide(db, value_id, "note", note="52 after one withdrawal", reviewer="cy")
    item = next(i for i in load_items(db.conn) if i.value_id == value_id)
    assert (item.decision, item.value, item.reviewer, item.note) == ("correct", "52", "ben", "52 after one withdrawal")
    assert item.reviewed_machine_value == "53" and item.status == REVIEWED
    assert events(db) == 3  # the history is kept


def test_without_machine_values_a_clear_error(tmp_path):
    db = open_db(tmp_path / "bare.db")
    with pytest.raises(CurationError, match="run extract first"):
        load_items(db.conn)


def test_corrections_are_validated(db):
    with pytest.raises(CurationError, match=r"'2 8' is not a whole number \(n_patients is int\)"):
        _decide(db, vid(QIN, "n_patients"), "correct", value="2 8")
    with pytest.raises(CurationError, match="is not one of rct, non_randomized_controlled, single_arm, other"):
        _decide(db, vid(QIN, "design"), "correct", value="cohort")
    _decide(db, vid(QIN, "design"), "correct", value="Non-randomized controlled")
    assert _by_id(effective_values(db))[vid(QIN, "design")]["value"] == "non_randomized_controlled"
    assert events(db) == 1


def test_effective_values_precedence(db):
    huang = huang_id(db)
    _decide(db, vid(QIN, "n_patients"), "accept")
    _decide(db, vid(QIN, "n_limbs"), "correct", value="70")
    _decide(db, vid(QIN, "cell_type"), "reject")
    added = new_added_item(db.conn, huang, "statistic.events", {"arm": "control group", "outcome": "ulcer healing"})
    with transaction(db) as conn:
        record_event(conn, added, "add", reviewer="ana", source="test", value="7")
    values = _by_id(effective_values(db))
    assert values[vid(QIN, "n_patients")]["origin"] == "accepted"
    assert (values[vid(QIN, "n_limbs")]["value"], values[vid(QIN, "n_limbs")]["origin"]) == ("70", "corrected")
    assert values[vid(QIN, "n_limbs")]["number"] == 70.0
    assert vid(QIN, "cell_type") not in values
    assert values[added.value_id]["origin"] == "added" and values[added.value_id]["arm"] == "control group"
    assert values[vid(QIN, "design")]["origin"] == "machine"
    assert len(values) == len(machine_rows(db)) - 1 + 1
    verified = _by_id(effective_values(db, only_verified=True))
    assert set(verified) == {vid(QIN, "n_patients"), vid(QIN, "n_limbs"), added.value_id}


def test_reextraction_keeps_curation_and_flags_changed_values(db):
    exp, ctl = vid(QIN, "arm.n_patients", "experimental group"), vid(QIN, "arm.n_patients", "control group")
    limbs, cell = vid(QIN, "n_limbs"), vid(QIN, "cell_type")
    _decide(db, exp, "accept")
    _decide(db, ctl, "correct", value="24")
    _decide(db, limbs, "accept")
    _decide(db, cell, "correct", value="UC-MSC")
    before = events(db)
    write_machine_values(db, machine_rows(db, "v1"))  # the same extraction again
    assert {i.value_id: i.status for i in load_items(db.conn)}[exp] == REVIEWED
    # a new extractor: one arm's n changes, the corrected arm's too, the cell type is gone
    write_machine_values(db, machine_rows(db, "v2", changes={exp: "27", ctl: "26"}, drop=(cell,)))
    items = {i.value_id: i for i in load_items(db.conn)}
    assert events(db) == before
    assert (items[exp].status, items[exp].machine_value, items[exp].reviewed_machine_value) == (CHANGED, "27", "28")
    assert items[ctl].status == CHANGED and items[limbs].status == REVIEWED
    assert (items[cell].status, items[cell].value, items[cell].pmid) == (ORPHANED, "UC-MSC", QIN)
    values = _by_id(effective_values(db))
    # never silently replaced: the accepted and corrected values stand, flagged
    assert (values[exp]["value"], values[exp]["origin"], values[exp]["status"]) == ("28", "accepted", CHANGED)
    assert (values[ctl]["value"], values[ctl]["origin"]) == ("24", "corrected")
    assert (values[cell]["value"], values[cell]["origin"], values[cell]["status"]) == ("UC-MSC", "corrected", ORPHANED)
    # a second look at the new value clears the flag
    _decide(db, exp, "accept")
    assert {i.value_id: i.status for i in load_items(db.conn)}[exp] == REVIEWED
    assert _by_id(effective_values(db))[exp]["value"] == "27"


def test_reingesting_a_changed_record_keeps_its_curation(db, tmp_path):
    _decide(db, vid(QIN, "n_patients"), "correct", value="52", note="one withdrew")
    screen_studies(db, [QIN], "include", reviewer="ana")
    study_id = db.execute("SELECT id FROM studies WHERE pmid = ?", (QIN,)).fetchone()[0]
    changed = tmp_path / "updated.xml"
    changed.write_text(BUNDLED.read_text().replace("Fontaine II-IV", "Fontaine II to IV"))
    summary = ingest_file(db, changed)
    assert summary.updated == 1
    assert db.execute("SELECT id FROM studies WHERE pmid = ?", (QIN,)).fetchone()[0] == study_id
    assert "Fontaine II to IV" in db.execute("SELECT abstract FROM studies WHERE id = ?", (study_id,)).fetchone()[0]
    item = next(i for i in load_items(db.conn) if i.value_id == vid(QIN, "n_patients"))
    assert (item.study_id, item.decision, item.value, item.note) == (study_id, "correct", "52", "one withdrew")
    export_sheet(db, tmp_path / "s.csv")
    _, rows = read_sheet(tmp_path / "s.csv")
    row = next(r for _, r in rows if r["id"] == vid(QIN, "n_patients"))
    assert (row["decision"], row["corrected_value"], row["note"]) == ("correct", "52", "one withdrew")
    assert prisma_counts(db)["included"] == 1


def test_screening_prisma_counts_and_excluded_studies(db):
    huang = huang_id(db)
    screen_studies(db, [QIN, "21216483"], "include", reviewer="ana")
    screen_studies(db, ["20492632", "36233755"], "exclude", reason="no eligible control", reviewer="ana")
    screen_studies(db, [huang], "exclude", reason="duplicate cohort", reviewer="ben")
    screen_studies(db, ["21216483"], "exclude", reason="no eligible control", reviewer="ben")  # changed mind
    assert prisma_counts(db) == {
        "identified": 6, "screened": 5, "excluded": 4,
        "excluded_by_reason": {"no eligible control": 3, "duplicate cohort": 1},
        "included": 1, "awaiting_screening": 1,
    }
    assert [(s["pmid"], s["reason"]) for s in excluded_studies(db)] == [
        (huang, "duplicate cohort"), ("21216483", "no eligible control"),
        ("20492632", "no eligible control"), ("36233755", "no eligible control"),
    ]
    values = effective_values(db)
    assert values and {v["pmid"] for v in values} == {QIN}  # Huang's values are left out
    assert {v["pmid"] for v in effective_values(db, drop_excluded_studies=False)} == {QIN, huang}


def test_screening_is_all_or_nothing_and_needs_a_reason(db):
    with pytest.raises(CurationError, match="no study with PMID or local id '999'"):
        screen_studies(db, [QIN, "999"], "include", reviewer="ana")
    with pytest.raises(CurationError, match="an exclusion needs a reason"):
        screen_studies(db, [QIN], "exclude", reason="  ", reviewer="ana")
    assert db.execute("SELECT count(*) FROM screening_events").fetchone()[0] == 0


# Both processes report ready, then start on the same signal, so their writes interleave.
_START = """
import os, sys, time
print("ready", flush=True)
while not os.path.exists(sys.argv[1] + ".go"):
    time.sleep(0.005)
"""

_INGESTER = """
import json, sys
from stemfoot.corpus.db import open_db
from stemfoot.corpus.ingest.loader import ingest_file
db = open_db(sys.argv[1])
""" + _START + """
for i in range(int(sys.argv[3])):
    path = f"{sys.argv[2]}/rec{i}.jsonl"
    with open(path, "w") as fh:
        fh.write(json.dumps({"title": f"Concurrent trial {i}", "abstract": "Cells were given.", "year": 2020}) + "\\n")
    ingest_file(db, path)
"""

_REVIEWER = """
import csv, sys
from stemfoot.review.sheet import export_sheet, import_sheet, read_sheet
from stemfoot.corpus.db import open_db
db = open_db(sys.argv[1])
""" + _START + """
for i in range(int(sys.argv[3])):
    export_sheet(db, sys.argv[2], overwrite=True)  # a fresh sheet each pass: the last one is stale now
    header, rows = read_sheet(sys.argv[2])
    path = f"{sys.argv[2]}.{i}.csv"
    with open(path, "w", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=header, extrasaction="ignore")
        writer.writeheader()
        for _, row in rows:
            writer.writerow(dict(row, note=f"pass {i}"))
    import_sheet(db, path, reviewer="proc")
"""


def test_concurrent_ingest_and_review_import_lose_nothing(db, tmp_path):
    rounds = 25
    sheet = tmp_path / "sheet.csv"
    export_sheet(db, sheet)
    db.close()
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(p for p in sys.path if p))
    dbpath = str(tmp_path / "c.db")
    workdir = tmp_path / "records"
    workdir.mkdir()
    procs = [subprocess.Popen([sys.executable, "-c", textwrap.dedent(script), dbpath, arg, str(rounds)], env=env,
                              text=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
             for script, arg in ((_INGESTER, str(workdir)), (_REVIEWER, str(sheet)))]
    for proc in procs:
        assert proc.stdout.readline() == "ready\n", proc.communicate()[1]
    Path(dbpath + ".go").touch()
    for proc in procs:
        _, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
    db = open_db(dbpath)
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    titles = {t for (t,) in db.execute("SELECT title FROM studies WHERE title LIKE 'Concurrent trial %'")}
    assert titles == {f"Concurrent trial {i}" for i in range(rounds)}
    n_values = len(machine_rows(db))
    assert db.execute("SELECT count(*) FROM curation_events WHERE decision = 'note'").fetchone()[0] == rounds * n_values
    notes = {i.note for i in load_items(db.conn)}
    assert notes == {f"pass {rounds - 1}"}
    assert prisma_counts(db)["identified"] == 6 + rounds

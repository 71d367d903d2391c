"""`query`: filters over extracted_statistics, safe FTS, read-only --sql, table/CSV/JSON output."""
from __future__ import annotations

import hashlib
import json
import sqlite3
from pathlib import Path

import pytest
from test_report_support import HAN, NAMGOONG, extracted_copy, invoke, review


@pytest.fixture()
def db(tmp_path):
    return extracted_copy(tmp_path)


def direct(db: str, sql: str, params=()) -> list[tuple]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def test_outcome_json_is_a_list_of_row_objects(db):
    result = invoke("query", "--db", db, "--outcome", "ulcer_healing", "--json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert isinstance(rows, list) and all(isinstance(r, dict) for r in rows)
    want = direct(db, "SELECT statistic_id FROM extracted_statistics WHERE outcome = 'ulcer_healing'")
    assert sorted(r["statistic_id"] for r in rows) == sorted(w[0] for w in want)
    assert {r["outcome"] for r in rows} == {"ulcer_healing"}
    huang = [r for r in rows if r["arm"] == "transplant group"][0]
    assert (huang["events"], huang["total"], huang["sentence"][:18]) == (14, 18, "A total of 14 of 1")


def test_filters_and_exact_table(db):
    result = invoke("query", "--db", db, "--outcome", "wound_area", "--cell-type", "mfat", "--design", "rct")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[2:] == [
        "36233755  2022    rct       wound_area  treatment group  intervention               mean_sd"
        "                                4.3     1.0             =             0.043",
        "36233755  2022    rct       wound_area  control group    control                    mean_sd"
        "                                2.0     1.1             =             0.043",
        "36233755  2022    rct       wound_area                                              p_value"
        "                                                        =             0.043",
        "(3 rows)",
    ]
    years = invoke("query", "--db", db, "--year-from", "2010", "--year-to", "2011", "--json")
    assert {r["year"] for r in json.loads(years.stdout)} == {2010, 2011}
    assert invoke("query", "--db", db, "--design", "single_arm", "--json").stdout.strip() == "[]"


def test_search_is_quoted_safely(db):
    # Operators, brackets and quotes are searched as words, never parsed as FTS syntax.
    odd = invoke("query", "--db", db, "--search", 'mononuclear NOT (', "--json")
    assert odd.exit_code == 0, odd.output
    assert {r["study"] for r in json.loads(odd.stdout)} == {
        r[0] for r in direct(db, "SELECT coalesce(pmid, local_id) FROM studies WHERE abstract LIKE '%mononuclear%' "
                                 "AND (' ' || lower(title || ' ' || abstract) || ' ') LIKE '% not %'")} & {
        r[0] for r in direct(db, "SELECT DISTINCT study FROM extracted_statistics")}
    result = invoke("query", "--db", db, "--search", 'mononuclear "cells', "--json")
    assert result.exit_code == 0, result.output
    studies = {r["study"] for r in json.loads(result.stdout)}
    with_term = {r[0] for r in direct(db, "SELECT coalesce(pmid, local_id) FROM studies WHERE abstract LIKE '%mononuclear%' "
                                          "AND abstract LIKE '%cells%'")}
    with_stats = {r[0] for r in direct(db, "SELECT DISTINCT study FROM extracted_statistics")}
    assert studies == with_term & with_stats and studies


def test_sql_csv_and_writes_refused(db):
    result = invoke("query", "--db", db, "--sql", "SELECT id, year FROM studies WHERE year < 2011 ORDER BY year", "--csv")
    assert result.exit_code == 0
    assert result.stdout == "id,year\n2,2005\n4,2010\n"
    before = hashlib.sha256(Path(db).read_bytes()).hexdigest()
    result = invoke("query", "--db", db, "--sql", "DELETE FROM studies")
    assert result.exit_code == 1
    assert result.stderr == ("Error: refused: the database is opened read-only and this statement writes, "
                             "attaches or changes a setting (not authorized)\n")
    assert direct(db, "SELECT count(*) FROM studies") == [(6,)]
    assert hashlib.sha256(Path(db).read_bytes()).hexdigest() == before
    assert invoke("query", "--db", db, "--sql", "ATTACH 'x.db' AS x").exit_code == 1
    assert invoke("query", "--db", db, "--sql", "SELECT 1", "--outcome", "abi").exit_code == 2


def test_only_verified_shows_reviewed_values(db, tmp_path):
    def decide(row):
        if row["pmid"] == NAMGOONG and row["outcome"] == "ulcer_healing" and row["field"] == "statistic.events":
            row["decision"] = "correct" if row["machine_value"] == "3" else "accept"
            row["corrected_value"] = "4" if row["machine_value"] == "3" else ""

    review(db, tmp_path, decide)
    result = invoke("query", "--db", db, "--outcome", "ulcer_healing", "--only-verified", "--json")
    rows = json.loads(result.stdout)
    assert [(r["study"], r["arm"], r["events"], r["total"]) for r in rows] == [
        (NAMGOONG, "treatment group", 8, None), (NAMGOONG, "control group", 4, None)]  # totals not verified
    assert HAN not in {r["study"] for r in rows}

"""Fault suite, pooling (issue 15): degenerate inputs give a clear result or one line, never a traceback;
and a kill during re-extraction never leaves a study without its extraction."""
from __future__ import annotations

import signal
import sqlite3

import pytest
from faults_support import assert_one_line_error, count, integrity, invoke, start, wait_for
from test_report_support import extracted_copy


def _meta(tmp_path, text: str, *args: str):
    path = tmp_path / "data.csv"
    path.write_text(text)
    return invoke("meta", path, *args)


@pytest.mark.parametrize("vi", ["1e-320", "1e300"])
def test_variances_outside_floating_point_range_are_one_line(tmp_path, vi):
    for method in ("REML", "DL", "ML"):
        result = _meta(tmp_path, f"study,yi,vi\na,0.1,{vi}\nb,0.2,{vi}\nc,0.3,{vi}\n", "--method", method)
        assert result.exit_code == 1, result.output
        assert_one_line_error(result.stderr, "sampling variance", "floating-point range")


def test_header_only_csv_is_one_line(tmp_path):
    result = _meta(tmp_path, "study,yi,vi\n")
    assert result.exit_code == 1
    assert_one_line_error(result.stderr, "no studies to pool")


def test_arm_with_zero_patients_is_skipped_with_a_warning(tmp_path):
    result = _meta(tmp_path, "study,events_t,total_t,events_c,total_c\na,0,0,3,10\nb,2,10,3,10\nc,4,12,6,12\n")
    assert result.exit_code == 0, result.output
    assert "skipped 1 row(s) with an arm of 0 patients: a" in result.stderr
    assert "k = 2" in result.stdout


def test_identical_studies_under_knapp_hartung_are_warned(tmp_path):
    result = _meta(tmp_path, "study,yi,vi\na,0.5,0.1\nb,0.5,0.1\nc,0.5,0.1\n", "--test", "knha")
    assert result.exit_code == 0
    assert "Knapp-Hartung variance is 0" in result.stderr and "--test z" in result.stderr


def test_kill_during_reextraction_never_leaves_a_study_without_its_extraction(tmp_path):
    db = extracted_copy(tmp_path)
    studies = count(db, "SELECT count(*) FROM current_extractions")
    by_study = "SELECT st.study_id, count(*) FROM statistics st JOIN current_extractions ce ON " \
               "ce.study_id = st.study_id AND ce.extractor_version = st.extractor_version GROUP BY st.study_id"
    before = dict(_rows(db, by_study))
    assert sum(before.values()) == count(db, "SELECT count(*) FROM statistics")
    assert studies == 6
    runs = count(db, "SELECT coalesce(max(id), 0) FROM extraction_runs")
    proc = start("extract", "--db", db)

    def progressed() -> bool:  # killed as soon as the new run has stored its first study
        conn = sqlite3.connect(db, timeout=30)
        try:
            return conn.execute("SELECT count(*) FROM extractions WHERE run_id > ?", (runs,)).fetchone()[0] >= 1
        finally:
            conn.close()
    assert wait_for(lambda: progressed() or proc.poll() is not None, 120, 0.01)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert integrity(db) == "ok"
    assert count(db, "SELECT count(*) FROM current_extractions") == studies
    # every study has its statistics: the old run's or the new run's, never none (a re-extracted study may
    # have a different number of them: the frozen fixture predates the current extractor)
    after = dict(_rows(db, by_study))
    redone = {r[0] for r in _rows(db, f"SELECT study_id FROM extractions WHERE run_id > {runs}")}
    assert set(after) == set(before)
    assert all(after[s] == n for s, n in before.items() if s not in redone)


def _rows(db: str, sql: str) -> list[tuple]:
    conn = sqlite3.connect(db, timeout=30)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()

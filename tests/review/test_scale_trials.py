"""Outcome-filtered study tables equal whole-corpus ones with trials of several reports and moved values."""
from __future__ import annotations

from stemfoot.chain import outcome_table
from stemfoot.corpus.curation import outcome_study_ids
from stemfoot.corpus.db import open_db, transaction
from stemfoot.review import study_table
from stemfoot.review.decisions import load_items, move_value
from test_report_support import invoke
from test_trials import DUBSKY_2013, HUANG, corpus  # noqa: F401 - corpus is a fixture


def _filtered_and_whole(path: str, outcome: str, measure: str, monkeypatch):
    filtered = outcome_table(open_db(path), outcome, measure)
    with monkeypatch.context() as m:
        m.setattr(study_table, "_outcome_studies", lambda db, outcome, options: None)  # read every study
        whole = outcome_table(open_db(path), outcome, measure)
    return filtered, whole


def _same(a, b) -> None:
    assert a.table.to_dict("records") == b.table.to_dict("records")
    assert a.left_out == b.left_out
    assert a.outcome_label == b.outcome_label


def _labels(data) -> list[str]:
    return list(data.table["study"]) + [x.study for x in data.left_out]


def test_a_trial_read_for_one_reports_outcome_brings_its_other_reports(corpus, monkeypatch):  # noqa: F811
    path, followup = corpus
    assert invoke("link-reports", "--db", path, DUBSKY_2013, followup).exit_code == 0
    db = open_db(path)
    sid = {pub: db.execute("SELECT id FROM studies WHERE coalesce(pmid, local_id) = ?", [pub]).fetchone()[0]
           for pub in (DUBSKY_2013, followup)}
    # Dubsky 2013 reports TcPO2, its follow-up does not: the filter alone would miss the follow-up.
    tcpo2 = outcome_study_ids(db.conn, "tcpo2")
    assert sid[DUBSKY_2013] in tcpo2 and sid[followup] not in tcpo2
    filtered, whole = _filtered_and_whole(path, "tcpo2", "MD", monkeypatch)
    _same(filtered, whole)
    assert "Dubsky 2013 (+2014)" in _labels(filtered)
    filtered, whole = _filtered_and_whole(path, "amputation", "RR", monkeypatch)
    _same(filtered, whole)
    assert "Dubsky 2013 (+2014)" in _labels(filtered)


def test_values_moved_into_an_outcome_are_read(corpus, monkeypatch):  # noqa: F811
    path, _ = corpus
    db = open_db(path)
    items = load_items(db.conn)
    moved = [i for i in items if i.pmid == HUANG and i.field == "statistic.events" and i.outcome == "ulcer_healing"]
    assert moved
    with transaction(db) as conn:
        for item in moved:
            move_value(conn, item, {"arm": item.arm, "outcome": "rest_pain", "timepoint": item.timepoint},
                       reviewer="ana", source="library")
    huang = db.execute("SELECT id FROM studies WHERE local_id = ?", [HUANG]).fetchone()[0]
    assert huang not in db.execute("SELECT study_id FROM machine_values WHERE outcome = 'rest_pain'").fetchall()
    filtered, whole = _filtered_and_whole(path, "rest_pain", "RR", monkeypatch)
    _same(filtered, whole)
    assert "Huang 2005" in _labels(filtered)
    filtered, whole = _filtered_and_whole(path, "ulcer_healing", "RR", monkeypatch)
    _same(filtered, whole)

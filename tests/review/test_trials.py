"""Trials with several reports: registration ids at ingest, automatic and reviewer links, one row per trial."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from stemfoot.corpus.db import open_db
from stemfoot.corpus.ingest.loader import ingest_file
from stemfoot.corpus.registrations import Registration, databank_registrations, find_registrations
from stemfoot.review.trials import trial_label, trials
from test_report_support import extracted_copy, invoke, review

REPORTS = Path(__file__).resolve().parent.parent / "data" / "trials" / "reports.xml"
DUBSKY_2013 = "local:41fbcef8bf4f"
HUANG = "local:c761ac6efbed"


def test_registration_ids_are_found_and_normalised():
    text = ("Registered at ClinicalTrials.gov (NCT 01234567; also cited as NCT01234567), ChiCTR-TRC-10001234, "
            "ChiCTR1800012345, ChiCTR-IOR-15006521, ISRCTN12345678, EudraCT number: 2008-001234-56, "
            "CTRI/2017/05/008528. A bare 2009-123456-78 is not an EudraCT id without its name.")
    assert find_registrations("Title without ids", text) == [
        Registration("NCT", "NCT01234567"), Registration("ChiCTR", "ChiCTR-TRC-10001234"),
        Registration("ChiCTR", "ChiCTR1800012345"), Registration("ChiCTR", "ChiCTR-IOR-15006521"),
        Registration("ISRCTN", "ISRCTN12345678"), Registration("EudraCT", "2008-001234-56"),
        Registration("CTRI", "CTRI/2017/05/008528"),
    ]
    assert find_registrations(None, "", "NCT1234567 (seven digits) and ANCT01234567X") == []
    assert databank_registrations([("ClinicalTrials.gov", ["NCT00000001"]), ("GENBANK", ["NCT00000002"]),
                                   ("EudraCT", ["2010-012345-11"]), ("ISRCTN", ["ISRCTN11112222"])]) == [
        Registration("NCT", "NCT00000001"), Registration("EudraCT", "2010-012345-11"),
        Registration("ISRCTN", "ISRCTN11112222")]


def test_ingest_stores_ids_from_abstracts_and_the_databank_list(tmp_path):
    db = open_db(tmp_path / "t.db")
    ingest_file(db, REPORTS)
    rows = db.execute("SELECT s.pmid, r.registration_id, r.source FROM registrations r JOIN studies s "
                      "ON s.id = r.study_id ORDER BY s.pmid, r.source").fetchall()
    assert rows == [("99000001", "NCT01234567", "abstract"), ("99000002", "NCT01234567", "databank"),
                    ("99000003", "ChiCTR-IOR-15006521", "abstract")]
    assert ingest_file(db, REPORTS).line() == "0 new, 0 updated, 4 unchanged, 0 skipped"  # ids are not content
    assert db.execute("SELECT count(*) FROM registrations").fetchone()[0] == 3


def test_reports_sharing_an_id_form_one_trial_until_a_reviewer_unlinks_them(tmp_path):
    db = open_db(tmp_path / "t.db")
    ingest_file(db, REPORTS)
    path = str(tmp_path / "t.db")
    assert trial_label("Alpha 2018", [2020, None]) == "Alpha 2018 (+2020, n.d.)"
    listed = invoke("link-reports", "--db", path)
    assert listed.output == "Alpha 2018 (+2020): 99000001, 99000002 (registration NCT01234567)\n"
    by_pmid = {t.pmids[0]: t for t in trials(db).values()}
    assert by_pmid["99000001"].registrations == ["NCT01234567"]
    gone = invoke("link-reports", "--db", path, "--unlink", "99000002", "--reviewer", "ana")
    assert (gone.exit_code, gone.output) == (0, "99000002: taken out of Alpha 2018 (+2020)\n")
    assert invoke("link-reports", "--db", path).output == "no trial has more than one report\n"
    again = invoke("link-reports", "--db", path, "--unlink", "99000002")
    assert (again.exit_code, again.output) == (1, "Error: 99000002 is not linked to another report\n")
    linked = invoke("link-reports", "--db", path, "99000002", "99000001", "99000003", "--reviewer", "ana")
    assert linked.output == \
        "Alpha 2018 (+2019, 2020): 99000001, 99000003, 99000002 (registration NCT01234567; reviewer)\n"
    unknown = invoke("link-reports", "--db", path, "99000001", "12345")
    assert (unknown.exit_code, unknown.output) == (1, "Error: no study with PMID or local id '12345'\n")
    # the events are append-only and keep who did what
    assert db.execute("SELECT action, reviewer FROM trial_link_events ORDER BY event_id").fetchall() == [
        ("unlink", "ana"), ("link", "ana"), ("link", "ana")]


@pytest.fixture()
def corpus(tmp_path):
    """The extracted bundled corpus plus the synthetic Dubsky follow-up report, arm sizes added by a reviewer."""
    path = extracted_copy(tmp_path)
    assert invoke("ingest", str(REPORTS), "--db", path).exit_code == 0
    followup = open_db(path).execute("SELECT local_id FROM studies WHERE year = 2014").fetchone()[0]
    sizes = [{"pmid": DUBSKY_2013, "field": "arm.n_patients", "arm": "active cell therapy group", "corrected_value": "28"},
             {"pmid": DUBSKY_2013, "field": "arm.n_patients", "arm": "control group", "corrected_value": "22"},
             {"pmid": HUANG, "field": "arm.n_patients", "arm": "transplant group", "corrected_value": "18"},
             {"pmid": HUANG, "field": "arm.n_patients", "arm": "control group", "corrected_value": "18"}]
    # The follow-up is not extracted: a reviewer adds its 6- and 12-month counts.
    counts = []
    for arm, role, month6, month12, n in (("active group", "intervention", "3", "4", "28"),
                                          ("control group", "control", "11", "12", "22")):
        counts.append({"pmid": followup, "field": "arm.role", "arm": arm, "corrected_value": role})
        counts.append({"pmid": followup, "field": "arm.n_patients", "arm": arm, "corrected_value": n})
        for timepoint, value in (("6 months", month6), ("12 months", month12)):
            counts.append({"pmid": followup, "field": "statistic.events", "arm": arm, "outcome": "amputation",
                           "timepoint": timepoint, "kind": "events", "corrected_value": value})
    review(path, tmp_path, added=sizes + counts)
    return path, followup


def _rows(path: str) -> list[dict]:
    result = invoke("meta", "--db", path, "--outcome", "amputation", "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_a_trial_is_pooled_once_from_its_most_complete_report(corpus, tmp_path):
    path, followup = corpus
    from stemfoot.chain import outcome_table

    def table():
        return outcome_table(open_db(path), "amputation", "RR").table[
            ["study", "timepoint", "arms_t", "arms_c", "events_t", "total_t", "events_c", "total_c"]
        ].to_dict("records")

    # Before linking: two studies, the same 50 patients twice.
    assert [r["study"] for r in table()] == ["Huang 2005", "Dubsky 2013", "Dubsky 2014"]
    linked = invoke("link-reports", "--db", path, DUBSKY_2013, followup, "--note", "same cohort")
    assert linked.output == f"Dubsky 2013 (+2014): {DUBSKY_2013}, {followup} (reviewer)\n"
    rows = table()
    assert [r["study"] for r in rows] == ["Huang 2005", "Dubsky 2013 (+2014)"]
    # The latest timepoint both sides report (12 months, only in the follow-up); never 2013 + 2014 added.
    assert rows[1] == {"study": "Dubsky 2013 (+2014)", "timepoint": "12 months",
                       "arms_t": "active group (2014 report)", "arms_c": "control group (2014 report)",
                       "events_t": 4, "total_t": 28, "events_c": 12, "total_c": 22}


def test_per_side_the_report_with_complete_data_wins(corpus, tmp_path):
    path, followup = corpus
    from stemfoot.chain import outcome_table

    invoke("link-reports", "--db", path, DUBSKY_2013, followup)
    # Drop the follow-up's 12-month counts and its control arm size: at 6 months its control counts have no
    # denominator any more, so the 2013 report gives the control side and the follow-up the cell-therapy side.
    def decide(row):
        if row["pmid"] == followup and (row["timepoint"] == "12 months"
                                        or (row["field"] == "arm.n_patients" and row["arm"] == "control group")):
            row["decision"], row["corrected_value"] = "reject", ""
    review(path, tmp_path, decide)
    row = outcome_table(open_db(path), "amputation", "RR").table.set_index("study").loc["Dubsky 2013 (+2014)"]
    assert (row["timepoint"], row["arms_t"], row["events_t"], row["total_t"]) == (
        "6 months", "active cell therapy group", 3, 28)
    assert (row["arms_c"], row["events_c"], row["total_c"]) == ("control group", 11, 22)


def test_show_lists_a_trials_reports_as_its_children(corpus):
    path, followup = corpus
    invoke("link-reports", "--db", path, DUBSKY_2013, followup)
    card = invoke("show", DUBSKY_2013, "--db", path).output.splitlines()
    assert card[4:7] == ["Trial: Dubsky 2013 (+2014) (2 reports)",
                         f"  - {DUBSKY_2013} (2013) [primary, this report]",
                         f"  - {followup} (2014)"]
    record = json.loads(invoke("export", "--db", path, "--pmid", DUBSKY_2013).output)
    assert record["trial"]["label"] == "Dubsky 2013 (+2014)"
    assert [r["pmid"] for r in record["trial"]["reports"]] == [DUBSKY_2013, followup]


def test_the_report_lists_a_trials_later_report_under_its_primary(corpus):
    import re

    from stemfoot.report.html import build_report

    path, followup = corpus
    invoke("link-reports", "--db", path, DUBSKY_2013, followup)
    html = build_report(open_db(path))
    studies = html[html.index('<h2 id="studies">'):html.index('<h2 id="meta">')]
    rows = re.findall(r'<tr( class="child")?><td><a href="#study-\d+">([^<]+)</a>(?:<br><span class="muted">([^<]+))?',
                      studies)
    at = [label for _, label, _ in rows].index("Dubsky 2013")
    assert rows[at][2] == "trial Dubsky 2013 (+2014): 2 reports, analysed as one"
    assert rows[at + 1] == (' class="child"', "Dubsky 2014", "later report of Dubsky 2013 (+2014)")
    # Reports sharing a registration id are a trial too (Alpha 2018 and its 2020 report); nothing else is nested.
    assert [(label, note) for child, label, note in rows if child] == [
        ("Dubsky 2014", "later report of Dubsky 2013 (+2014)"), ("Alpha 2020", "later report of Alpha 2018 (+2020)")]

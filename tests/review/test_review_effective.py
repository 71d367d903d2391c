"""Review moves values, rejecting a statistic settles what depends on it, and what is shown is what is pooled."""
from __future__ import annotations

import csv
import json

import pytest
from click.testing import CliRunner

from stemfoot.chain import outcome_table
from stemfoot.cli import cli
from stemfoot.corpus.db import open_db, transaction
from stemfoot.review.decisions import dependents, load_items, reject_with_dependents
from stemfoot.review.effective import study_records
from test_curation_support import MV_COLUMNS, make_db, write_machine_values
from test_report_support import NAMGOONG, extracted_copy, invoke, review

HUANG = "local:c761ac6efbed"


@pytest.fixture()
def db(tmp_path):
    return extracted_copy(tmp_path)


def _sheet(path, tmp_path):
    sheet = tmp_path / "s.csv"
    assert invoke("review", "--db", path, "--export", str(sheet), "--force").exit_code == 0
    with sheet.open(newline="", encoding="utf-8") as fh:
        return sheet, list(csv.DictReader(fh))


def _write(sheet, rows):
    with sheet.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


def _row(rows, pmid, field, arm, outcome):
    return next(r for r in rows if (r["pmid"], r["field"], r["arm"], r["outcome"]) == (pmid, field, arm, outcome))


def _namgoong(path):
    row = outcome_table(open_db(path), "ulcer_healing", "RR").table.set_index("pmid").loc[NAMGOONG]
    return tuple(row[c] for c in ("arms_t", "events_t", "total_t", "arms_c", "events_c", "total_c"))


def test_a_sheet_moves_a_statistic_and_the_pool_follows(db, tmp_path):
    assert _namgoong(db) == ("treatment group", 8, 10, "control group", 3, 6)
    sheet, rows = _sheet(db, tmp_path)
    treated = _row(rows, NAMGOONG, "statistic.events", "treatment group", "ulcer_healing")
    control = _row(rows, NAMGOONG, "statistic.events", "control group", "ulcer_healing")
    treated.update(decision="move", arm="control group")
    control.update(decision="move", arm="treatment group", note="arms swapped in the abstract's sentence")
    _write(sheet, rows)
    done = invoke("review", "--db", db, "--import", str(sheet), "--reviewer", "ana")
    n = len(rows) - 2
    assert done.output == f"{sheet}: 0 accepted, 0 corrected, 0 rejected, 0 added, 0 noted, 2 moved, {n} unchanged\n"
    # The whole statistic moved (events, total, percent, p), and the pool reads the new arms.
    assert _namgoong(db) == ("treatment group", 3, 6, "control group", 8, 10)
    sheet, again = _sheet(db, tmp_path)
    moved = [r for r in again if r["pmid"] == NAMGOONG and r["original_arm"] == "treatment group"
             and r["outcome"] == "ulcer_healing"]
    assert {(r["field"], r["arm"], r["original_arm"]) for r in moved} == {
        (f, "control group", "treatment group") for f in ("statistic.events", "statistic.total", "statistic.percent",
                                                         "statistic.p")}
    assert all(r["move_revision"] for r in moved)
    unchanged = invoke("review", "--db", db, "--import", str(sheet))
    assert unchanged.output == f"{sheet}: 0 accepted, 0 corrected, 0 rejected, 0 added, 0 noted, {len(again)} unchanged\n"
    # The machine's attribution is kept as provenance in the event.
    events = open_db(db).execute("SELECT arm, machine_arm, note, reviewer FROM attribution_events ORDER BY arm")
    assert events.fetchall() == [("control group", "treatment group", None, "ana"),
                                 ("treatment group", "control group", "arms swapped in the abstract's sentence", "ana")]


def test_a_sheet_refuses_bad_moves(db, tmp_path):
    sheet, rows = _sheet(db, tmp_path)
    events = _row(rows, NAMGOONG, "statistic.events", "treatment group", "ulcer_healing")
    total = _row(rows, NAMGOONG, "statistic.total", "treatment group", "ulcer_healing")
    percent = _row(rows, NAMGOONG, "statistic.percent", "control group", "ulcer_healing")
    design = _row(rows, NAMGOONG, "design", "", "")
    events.update(decision="move", arm="control group")
    total.update(decision="move", arm="placebo group")
    percent.update(timepoint="12 weeks")
    design.update(decision="move")
    _write(sheet, rows)
    result = invoke("review", "--db", db, "--import", str(sheet))
    assert result.exit_code == 1
    number = {id(r): i for i, r in enumerate(rows, start=2)}
    assert result.output.splitlines()[1:] == [
        f"row {number[id(design)]}, column decision: only statistics and arm values can be moved (design cannot)",
        f"row {number[id(total)]}, column arm: 'placebo group' is not an arm of {NAMGOONG} "
        "(arms: control group, treatment group; add the arm first)",
        f"row {number[id(percent)]}, column timepoint: '16 weeks' changed to '12 weeks': "
        "write decision 'move' to re-attribute the value",
    ]
    assert open_db(db).execute("SELECT count(*) FROM attribution_events").fetchone()[0] == 0


def test_interactive_move(db):
    keys = "m" + "treatment group\n\n\n" + "q"
    result = CliRunner().invoke(
        cli, ["review", "--db", db, "--pmid", NAMGOONG, "--outcome", "ulcer_healing", "--reviewer", "ana"], input=keys)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == f"[1/9] {NAMGOONG}  statistic.events  (arm: control group, outcome: ulcer_healing, " \
                       "timepoint: 16 weeks, kind: events)"
    assert "a accept, c correct, r reject, m move, s skip, n note, q quit > move" in lines
    assert "moved: arm: control group -> treatment group (with 3 other value(s) of its statistic)" in lines
    assert lines[-1] == "0 accepted, 0 corrected, 0 rejected, 0 skipped, 0 noted, 1 moved"
    # Both statistics now count for the treated arm: no control numbers are left to pool.
    left = outcome_table(open_db(db), "ulcer_healing", "RR").left_out
    assert [(x.pmid, x.reason) for x in left if x.pmid == NAMGOONG] == [(NAMGOONG, "no control-arm numbers")]
    shown = invoke("review", "--db", db, "--pmid", NAMGOONG, "--outcome", "ulcer_healing", "--all")
    assert "  moved: arm: control group -> treatment group (ana, " in shown.output


def test_rejecting_a_count_rejects_its_p_value_and_percentage(db, tmp_path):
    def accept_p(row):
        if (row["pmid"], row["field"], row["arm"], row["outcome"]) == (HUANG, "statistic.p", "control group",
                                                                        "ulcer_healing"):
            row["decision"] = "accept"
    review(db, tmp_path, accept_p)
    sheet, rows = _sheet(db, tmp_path)
    for arm in ("transplant group", "control group"):
        _row(rows, HUANG, "statistic.events", arm, "ulcer_healing")["decision"] = "reject"
    _write(sheet, rows)
    dry = invoke("review", "--db", db, "--import", str(sheet), "--dry-run")
    assert dry.output.startswith(f"{sheet}: 0 accepted, 0 corrected, 2 rejected (+3 with them), 0 added")
    done = invoke("review", "--db", db, "--import", str(sheet), "--reviewer", "ana")
    assert done.output.startswith(f"{sheet}: 0 accepted, 0 corrected, 2 rejected (+3 with them), 0 added")
    _, after = _sheet(db, tmp_path)
    events = _row(after, HUANG, "statistic.events", "transplant group", "ulcer_healing")
    settled = {(r["field"], r["arm"]): (r["decision"], r["rejected_with"]) for r in after
               if r["pmid"] == HUANG and r["outcome"] == "ulcer_healing" and r["arm"]}
    assert settled == {
        ("statistic.events", "transplant group"): ("reject", ""),
        ("statistic.total", "transplant group"): ("", ""),
        ("statistic.percent", "transplant group"): ("reject", events["id"]),
        ("statistic.p", "transplant group"): ("reject", events["id"]),
        ("statistic.events", "control group"): ("reject", ""),
        ("statistic.total", "control group"): ("", ""),
        ("statistic.percent", "control group"): ("reject", events["id"].replace(events["statistic_id"],
                                                                                 _row(after, HUANG, "statistic.events", "control group", "ulcer_healing")["statistic_id"])),
        ("statistic.p", "control group"): ("accept", ""),  # a reviewer's decision is never overridden
    }
    card = invoke("show", HUANG, "--db", db).output
    assert "ulcer_healing · transplant group: events ?/18 (events rejected, machine 14; percent rejected, " \
           "machine 77.8; p rejected, machine 0.016)" in card


def _fake(study_id, value_id, field, value, statistic_id, arm="arm A", **context):
    row = dict.fromkeys(MV_COLUMNS)
    row.update(value_id=value_id, study_id=study_id, pmid="27219884", field=field, machine_value=value,
               value_type="int" if field in ("statistic.events", "statistic.total") else "float",
               source_sentence="s", statistic_id=statistic_id, arm=arm, outcome="amputation",
               timepoint="6 months", extractor_version="v1", **context)
    return row


def test_a_percentage_twin_falls_with_its_count(tmp_path):
    db = make_db(tmp_path / "c.db")
    sid = db.execute("SELECT id FROM studies WHERE pmid = '27219884'").fetchone()[0]
    write_machine_values(db, [
        _fake(sid, "S1:events", "statistic.events", "7", "S1", kind="events"),
        _fake(sid, "S1:total", "statistic.total", "14", "S1", kind="events"),
        _fake(sid, "S2:percent", "statistic.percent", "50", "S2", kind="percent"),  # restates 7/14
        _fake(sid, "S2:p", "statistic.p", "0.04", "S2", kind="percent"),
        _fake(sid, "S3:percent", "statistic.percent", "60", "S3", kind="percent"),  # another number
        _fake(sid, "S4:percent", "statistic.percent", "50", "S4", arm="arm B", kind="percent"),  # another arm
    ])
    items = load_items(db.conn)
    count = next(i for i in items if i.value_id == "S1:events")
    assert [(d.value_id, why) for d, why in dependents(count, items)] == [
        ("S2:percent", "its percentage twin (50% of 14)"), ("S2:p", "its percentage twin (50% of 14)")]
    with transaction(db) as conn:
        settled, kept = reject_with_dependents(conn, count, items, reviewer="ana", source="test")
    assert [d.value_id for d, _ in settled] == ["S2:percent", "S2:p"] and kept == []
    state = {i.value_id: (i.decision, i.cause) for i in load_items(db.conn)}
    assert state["S2:percent"] == ("reject", "S1:events") and state["S3:percent"] == (None, None)
    # Rejecting the percentage does not take the count with it.
    assert dependents(next(i for i in items if i.value_id == "S2:percent"), items) == [
        (next(i for i in items if i.value_id == "S2:p"), "its p-value")]


def test_show_export_query_and_pool_agree_after_review(db, tmp_path):
    def correct(row):
        if (row["pmid"], row["field"], row["arm"], row["outcome"]) == (HUANG, "statistic.events", "control group",
                                                                        "ulcer_healing"):
            row.update(decision="correct", corrected_value="8")
    added = [{"pmid": HUANG, "field": "arm.n_patients", "arm": "transplant group", "corrected_value": "18"},
             {"pmid": HUANG, "field": "arm.n_patients", "arm": "control group", "corrected_value": "18"}]
    review(db, tmp_path, correct, added)
    card = invoke("show", HUANG, "--db", db).output.splitlines()
    assert "  1. transplant group [intervention] n=18 (n_patients added, machine -); cells: PB-MNC; " \
           "route: intramuscular" in card
    assert "   8. ulcer_healing · control group: events 8/18 (38.9%), p = 0.016 (events corrected, machine 7)  " \
           "(confidence 0.90)" in card
    record = json.loads(invoke("export", "--db", db, "--pmid", HUANG).output)
    control = next(s for s in record["statistics"] if s["arm"] == "control group" and s["outcome"] == "ulcer_healing")
    assert (control["events"], control["machine"], control["origins"]["events"]) == (8, {"events": 7}, "corrected")
    assert [(a["label"], a["n_patients"]) for a in record["arms"]] == [("transplant group", 18), ("control group", 18)]
    # The arm sizes the records give are the ones pooled (amputation: counts without totals use them).
    pooled = outcome_table(open_db(db), "amputation", "RR").table.set_index("pmid").loc[HUANG]
    assert (pooled["total_t"], pooled["total_c"]) == (18, 18)
    assert [r["arms"] for r in study_records(open_db(db), [HUANG])][0] == record["arms"]
    exported = invoke("export", "--db", db, "--pmid", HUANG, "--format", "csv").output
    assert json.loads(next(csv.DictReader(exported.splitlines()))["machine"]) == {}
    rows = json.loads(invoke("query", "--db", db, "--outcome", "ulcer_healing", "--json").output)
    huang = next(r for r in rows if r["study"] == HUANG and r["arm"] == "control group")
    assert (huang["events"], huang["machine"]) == (8, "events 7")
    table = invoke("query", "--db", db, "--outcome", "ulcer_healing").output.splitlines()
    assert table[0].split()[-1] == "machine" and table[-1] == "(10 rows)"


def test_search_lists_studies_without_extracted_data(db):
    rows = json.loads(invoke("query", "--db", db, "--search", "umbilical cord", "--json").output)
    assert [(r["study"], r["statistic_id"]) for r in rows] == [("27219884", None)]
    ranked = json.loads(invoke("query", "--db", db, "--search", "transplantation", "--json").output)
    studies = list(dict.fromkeys(r["study"] for r in ranked))
    assert studies[0] == HUANG and "27219884" in studies  # Qin 2016: no statistics, listed all the same
    assert [r["rank"] for r in ranked] == sorted(r["rank"] for r in ranked)
    by_outcome = json.loads(invoke("query", "--db", db, "--search", "umbilical cord", "--outcome", "abi",
                                   "--json").output)
    assert by_outcome == []

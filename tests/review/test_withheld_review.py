"""Values the export gate withheld for review: accepted as read in one step (key h, sheet decision), `review --held`,
the counts in `review` and `stats`, and the reviewer's placement surviving re-extraction."""
from __future__ import annotations

import csv
import json
import re
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from stemfoot.cli import cli
from stemfoot.corpus import aliases
from stemfoot.corpus.db import open_db
from stemfoot.review.decisions import load_items
from test_report_support import NAMGOONG, extracted_copy, invoke

#: Namgoong 2022, ulcer healing in the treatment group (8/10, 80%, p = 0.299): stored as the gate stores a
#: result it withholds (arm cleared, flags, its score as the confidence, the placement kept in the detail).
STAT = "05af861633f58d70"
SENTENCE = ("Complete wound healing was achieved after 16 weeks in eight out of 10 patients (80%) in the treatment "
            "group and three out of six (50%) in the control group (p = 0.299).")
KEYS = "a accept, h accept as read, c correct, r reject, m move, s skip, n note, q quit > "
CONTEXT = "(outcome: ulcer_healing, timepoint: 16 weeks, kind: events)"
MOVED_CONTEXT = "(arm: treatment group, outcome: ulcer_healing, timepoint: 16 weeks, kind: events)"
STATS_HEAD = ["studies: 6 (6 with abstract, 2 without PMID)",
              "by year: 2005: 1, 2010: 1, 2011: 1, 2013: 1, 2016: 1, 2022: 1", "by format: pubmed-xml: 6"]


def withhold(path: str, statistic: str = STAT, target: str = "arm", arm: str | None = "treatment group",
             role: str | None = "intervention") -> None:
    held = {"gate": {"p": 0.41, "held": {"target": target, "arm": arm, "arm_role": role}}}
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE statistics SET arm = NULL, arm_id = NULL, arm_role = NULL, confidence = 0.41, "
                     "flags = ?, detail = ? WHERE id = ?",
                     (json.dumps(["review_attribution", "export_gate"]), json.dumps(held), statistic))


@pytest.fixture
def db(tmp_path):
    path = extracted_copy(tmp_path)
    withhold(path)
    return path


def _review(db, *args, keys=""):
    return CliRunner().invoke(cli, ["review", "--db", db, *args], input=keys)


def _pooled(db) -> int:
    return json.loads(invoke("meta", "--db", db, "--outcome", "ulcer_healing", "--json").stdout)["k"]


def _stamp(db) -> str:
    return open_db(db).execute("SELECT max(recorded_at) FROM attribution_events").fetchone()[0]


def _sheet(db, path: Path, *args) -> list[dict]:
    result = invoke("review", "--db", db, "--export", str(path), "--force", *args)
    assert result.exit_code == 0, result.output
    with path.open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def _write(path: Path, rows: list[dict]) -> None:
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


def test_interactive_review_accepts_a_withheld_value_as_read(db):
    assert _pooled(db) == 2  # Namgoong has no treated-arm numbers while the count is withheld
    result = _review(db, "--held", "--reviewer", "ana", keys="h" + "h" + "q")
    assert result.exit_code == 0, result.output
    stamp = _stamp(db)
    assert result.output == "\n".join([
        "withheld by the export gate: 1 statistic(s) (4 value(s)), 0 placed by a reviewer",
        f"[1/4] {NAMGOONG}  statistic.events  {CONTEXT}", f"  {SENTENCE}", "  machine value: 8",
        "  withheld for review: read as treatment group (intervention) (export gate confidence 0.41)",
        KEYS + "accepted as read: arm: (none) -> treatment group (with 3 other value(s) of its statistic)",
        f"[2/4] {NAMGOONG}  statistic.total  {MOVED_CONTEXT}", f"  {SENTENCE}", "  machine value: 10",
        "  withheld for review: read as treatment group (intervention) (export gate confidence 0.41)",
        f"  moved: arm: (none) -> treatment group (ana, {stamp})",
        KEYS + "accepted as read: treatment group (intervention)",
        f"[3/4] {NAMGOONG}  statistic.percent  {MOVED_CONTEXT}", f"  {SENTENCE}", "  machine value: 80.0",
        "  withheld for review: read as treatment group (intervention) (export gate confidence 0.41)",
        f"  moved: arm: (none) -> treatment group (ana, {stamp})",
        KEYS + "quit",
        "0 accepted, 0 corrected, 0 rejected, 0 skipped, 0 noted, 2 accepted as read", ""])
    # One move event (as a manual move to that arm writes), one accept per key, each with the reviewer.
    conn = open_db(db).conn
    assert conn.execute("SELECT target, arm, outcome, timepoint, machine_arm, reviewer, source "
                        "FROM attribution_events").fetchall() == [
        (STAT, "treatment group", "ulcer_healing", "16 weeks", None, "ana", "interactive")]
    assert conn.execute("SELECT value_id, decision, machine_value, arm, reviewer FROM curation_events "
                        "ORDER BY event_id").fetchall() == [
        (f"{STAT}:events", "accept", "8", "treatment group", "ana"),
        (f"{STAT}:total", "accept", "10", "treatment group", "ana")]
    # Pooled, exported and shown on its arm; counted as placed.
    assert _pooled(db) == 3
    record = json.loads(invoke("export", "--db", db, "--pmid", NAMGOONG).stdout.splitlines()[0])
    st = next(s for s in record["statistics"] if s["id"] == STAT)
    assert (st["arm"], st["arm_role"], st["origin"], st["machine"]["arm"]) == (
        "treatment group", "intervention", "accepted", None)
    assert st["held"] == {"target": "arm", "arm": "treatment group", "arm_role": "intervention"}
    card = invoke("show", NAMGOONG, "--db", db).output
    assert "ulcer_healing · treatment group · 16 weeks: events 8/10 (80%), p = 0.299 (arm moved, machine -)" in card
    assert "withheld for review" not in card
    assert invoke("stats", "--db", db).output.splitlines() == STATS_HEAD + [
        "withheld by the export gate: 1 statistic(s), 1 placed by a reviewer (`review --held` to review them)"]
    # What is left of it: its percentage and p-value, already on the arm.
    again = _review(db, "--held", keys="q")
    assert again.output.splitlines()[:2] == [
        "withheld by the export gate: 1 statistic(s) (4 value(s)), 1 placed by a reviewer",
        f"[1/2] {NAMGOONG}  statistic.percent  {MOVED_CONTEXT}"]


def test_the_plain_review_offers_h_only_for_withheld_values_and_says_how_many(db):
    result = _review(db, "--pmid", NAMGOONG, "--outcome", "ulcer_healing", keys="s" + "h" + "s" + "q")
    plain = "a accept, c correct, r reject, m move, s skip, n note, q quit > "
    assert result.output == "\n".join([
        "withheld by the export gate: 1 statistic(s) (4 value(s)), 0 placed by a reviewer (--held reviews only these)",
        f"[1/9] {NAMGOONG}  statistic.events  {CONTEXT}", f"  {SENTENCE}", "  machine value: 8",
        "  withheld for review: read as treatment group (intervention) (export gate confidence 0.41)",
        KEYS + "skipped",
        f"[2/9] {NAMGOONG}  statistic.events  (arm: control group, outcome: ulcer_healing, timepoint: 16 weeks, "
        "kind: events)", f"  {SENTENCE}", "  machine value: 3",
        plain + "unknown key 'h'", plain + "skipped",
        f"[3/9] {NAMGOONG}  statistic.total  {CONTEXT}", f"  {SENTENCE}", "  machine value: 10",
        "  withheld for review: read as treatment group (intervention) (export gate confidence 0.41)",
        KEYS + "quit", "0 accepted, 0 corrected, 0 rejected, 2 skipped, 0 noted", ""])
    assert open_db(db).execute("SELECT count(*) FROM attribution_events").fetchone() == (0,)


def test_a_placement_that_cannot_be_made_is_said_and_nothing_is_stored(tmp_path):
    path = extracted_copy(tmp_path)
    withhold(path, arm="cell group")
    result = _review(path, "--held", keys="h" + "q")
    assert result.output.splitlines()[5:] == [
        KEYS + f"{STAT}:events: 'cell group' is not an arm of {NAMGOONG} (arms: control group, treatment group; "
               "add the arm first)",
        KEYS + "quit"]
    conn = open_db(path).conn
    assert conn.execute("SELECT (SELECT count(*) FROM attribution_events) + (SELECT count(*) FROM curation_events)"
                        ).fetchone() == (0,)


def test_a_withheld_cohort_result_accepted_as_read_is_placed_where_it_is(tmp_path):
    path = extracted_copy(tmp_path)
    withhold(path, target="cohort", arm=None, role=None)
    result = _review(path, "--held", "--reviewer", "ana", keys="h" + "q")
    lines = result.output.splitlines()
    assert lines[4:6] == ["  withheld for review: read as cohort (export gate confidence 0.41)",
                          KEYS + "accepted as read: cohort (with 3 other value(s) of its statistic)"]
    # Recorded as the reviewer's placement even though nothing moves: counted as placed, shown as such.
    assert open_db(path).execute("SELECT arm, machine_arm, reviewer FROM attribution_events").fetchall() == [
        (None, None, "ana")]
    shown = _review(path, "--held", keys="q").output.splitlines()
    assert shown[:7] == [
        "withheld by the export gate: 1 statistic(s) (4 value(s)), 1 placed by a reviewer",
        f"[1/3] {NAMGOONG}  statistic.total  {CONTEXT}", f"  {SENTENCE}", "  machine value: 10",
        "  withheld for review: read as cohort (export gate confidence 0.41)",
        f"  placed as read (ana, {_stamp(path)})", KEYS + "quit"]


def test_review_held_shows_a_decided_value_whose_placement_is_still_open(db):
    assert _review(db, "--held", "--reviewer", "ana", keys="a" + "q").exit_code == 0  # accepted, not placed
    lines = _review(db, "--held", keys="q").output.splitlines()
    assert lines[1] == f"[1/4] {NAMGOONG}  statistic.events  {CONTEXT}"
    assert lines[5].startswith("  current decision: accept (ana, ")
    assert _review(db, "--held", "--reviewer", "ana", keys="h" + "q").output.splitlines()[6] == (
        KEYS + "accepted as read: arm: (none) -> treatment group (with 3 other value(s) of its statistic)")
    # Already accepted: the key places it and records no second acceptance.
    assert open_db(db).execute("SELECT count(*) FROM curation_events").fetchone() == (1,)
    assert _review(db, "--held", keys="q").output.splitlines()[1].startswith(f"[1/3] {NAMGOONG}  statistic.total")


def test_the_sheet_accepts_a_withheld_value_as_read(db, tmp_path):
    sheet = tmp_path / "held.csv"
    result = invoke("review", "--db", db, "--export", str(sheet), "--held")
    assert result.output == f"{sheet}: 4 values exported (4 withheld for review)\n"
    with sheet.open(newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert [(r["field"], r["arm"], r["held"], r["move_revision"]) for r in rows] == [
        (f"statistic.{f}", "", "treatment group", "") for f in ("events", "total", "percent", "p")]
    rows[0]["decision"] = "Accept as read"
    rows[1]["decision"] = "accept_as_read"
    rows[1]["note"] = "8 of 10 treated"
    _write(sheet, rows)
    done = invoke("review", "--db", db, "--import", str(sheet), "--reviewer", "ben")
    assert done.output == f"{sheet}: 0 accepted, 0 corrected, 0 rejected, 0 added, 0 noted, 2 accepted as read, " \
                          "2 unchanged\n"
    conn = open_db(db).conn
    assert conn.execute("SELECT target, arm, machine_arm, reviewer, source FROM attribution_events").fetchall() == [
        (STAT, "treatment group", None, "ben", "sheet:held.csv")]
    assert conn.execute("SELECT value_id, decision, note, reviewer FROM curation_events ORDER BY event_id").fetchall() == [
        (f"{STAT}:events", "accept", None, "ben"), (f"{STAT}:total", "accept", "8 of 10 treated", "ben")]
    assert _pooled(db) == 3
    # The same sheet again changes nothing; so does a fresh export.
    assert invoke("review", "--db", db, "--import", str(sheet)).output == (
        f"{sheet}: 0 accepted, 0 corrected, 0 rejected, 0 added, 0 noted, 4 unchanged\n")
    after = _sheet(db, tmp_path / "after.csv", "--held")
    assert [(r["decision"], r["arm"], r["original_arm"], r["held"], r["reviewer"]) for r in after] == [
        ("accept", "treatment group", "", "treatment group", "ben"),
        ("accept", "treatment group", "", "treatment group", "ben"),
        ("", "treatment group", "", "treatment group", ""), ("", "treatment group", "", "treatment group", "")]
    assert invoke("review", "--db", db, "--import", str(tmp_path / "after.csv")).output == (
        f"{tmp_path / 'after.csv'}: 0 accepted, 0 corrected, 0 rejected, 0 added, 0 noted, 4 unchanged\n")


def test_the_sheet_refuses_bad_accept_as_read_rows(db, tmp_path):
    rows = _sheet(db, tmp_path / "all.csv")
    number = {id(r): i for i, r in enumerate(rows, start=2)}
    held = [r for r in rows if r["held"]]
    design = next(r for r in rows if r["pmid"] == NAMGOONG and r["field"] == "design")
    design["decision"] = "accept as read"  # not withheld
    held[0]["decision"] = "accept as read"
    held[1].update(decision="move", arm="control group")  # the same statistic elsewhere
    held[2].update(decision="accept as read", arm="control group")  # an edited cell beside it
    _write(tmp_path / "bad.csv", rows)
    before = open_db(db).execute("SELECT (SELECT count(*) FROM attribution_events) + "
                                 "(SELECT count(*) FROM curation_events)").fetchone()
    result = invoke("review", "--db", db, "--import", str(tmp_path / "bad.csv"))
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        f"Error: {tmp_path / 'bad.csv'}: 3 error(s); nothing was changed",
        f"row {number[id(design)]}, column decision: 'accept as read' is for values the export gate withheld "
        "(their held cell names where they were read); this one was not withheld",
        f"row {number[id(held[1])]}, column decision: moves {STAT} elsewhere than row {number[id(held[0])]} does "
        "(the values of one statistic move together)",
        f"row {number[id(held[2])]}, column arm: '' changed to 'control group': write decision 'move' to "
        "re-attribute the value",
    ]
    assert open_db(db).execute("SELECT (SELECT count(*) FROM attribution_events) + "
                               "(SELECT count(*) FROM curation_events)").fetchone() == before


def test_the_sheet_refuses_a_placement_onto_an_unknown_arm(tmp_path):
    path = extracted_copy(tmp_path)
    withhold(path, arm="cell group")
    rows = _sheet(path, tmp_path / "s.csv", "--held")
    rows[0]["decision"] = "accept as read"
    _write(tmp_path / "s.csv", rows)
    result = invoke("review", "--db", path, "--import", str(tmp_path / "s.csv"))
    assert result.output.splitlines()[1:] == [
        f"row 2, column held: cannot accept as read: 'cell group' is not an arm of {NAMGOONG} "
        "(arms: control group, treatment group; add the arm first)"]


# ------------------------------------------------------------------ re-extraction


def reextract(path: str, version: str, edit=lambda table, row: row) -> None:
    """Store Namgoong's current extraction again as a newer ``version`` (each row through ``edit``), then re-find
    the reviewed values as `extract` does in the same transaction (`corpus.aliases.rematch_study`)."""
    conn = sqlite3.connect(path)
    conn.row_factory = sqlite3.Row
    sid = conn.execute("SELECT id FROM studies WHERE pmid = ?", (NAMGOONG,)).fetchone()[0]
    current = conn.execute("SELECT extractor_version FROM current_extractions WHERE study_id = ?", (sid,)).fetchone()[0]
    with conn:
        for table in ("span_store", "arms", "outcomes", "facets", "statistics", "extractions"):
            for row in [dict(r) for r in conn.execute(
                    f"SELECT * FROM [{table}] WHERE study_id = ? AND extractor_version = ?", (sid, current))]:
                row = edit(table, {**row, "extractor_version": version,
                                   **({"extracted_at": "2999-01-01T00:00:00+00:00"} if table == "extractions" else {})})
                conn.execute(f"INSERT INTO [{table}] ({', '.join(f'[{k}]' for k in row)}) "
                             f"VALUES ({', '.join('?' for _ in row)})", list(row.values()))
        aliases.rematch_study(conn, sid)
    conn.close()


def _accepted_as_read(db) -> None:
    assert _review(db, "--held", "--reviewer", "ana", keys="h" + "q").exit_code == 0


def _state(db) -> dict:
    return {i.field: (i.value_id.split(":")[0], i.arm, i.original_arm, i.decision, i.reviewer, i.placement_open)
            for i in load_items(open_db(db).conn, [NAMGOONG], "ulcer_healing")
            if i.statistic_id and i.statistic_id.endswith(STAT[4:]) and i.field in ("statistic.events",
                                                                                      "statistic.total")}


def test_a_new_extractor_version_keeps_the_placement_and_the_decision(db):
    _accepted_as_read(db)
    reextract(db, "stemfoot-extract 0.2.0")  # withheld again, same ids
    assert _state(db) == {"statistic.events": (STAT, "treatment group", None, "accept", "ana", False),
                          "statistic.total": (STAT, "treatment group", None, None, None, False)}
    assert _pooled(db) == 3
    assert invoke("stats", "--db", db).output.splitlines()[-1] == (
        "withheld by the export gate: 1 statistic(s), 1 placed by a reviewer (`review --held` to review them)")


def test_the_reviewers_placement_wins_over_a_new_machine_placement(db):
    _accepted_as_read(db)

    def on_control(table, row):  # the new version is sure, and wrong: the count goes to the control arm
        if table == "statistics" and row["id"] == STAT:
            return {**row, "arm": "control group", "arm_role": "control", "flags": "[]", "detail": None}
        return row
    reextract(db, "stemfoot-extract 0.2.0", on_control)
    assert _state(db) == {"statistic.events": (STAT, "treatment group", "control group", "accept", "ana", False),
                          "statistic.total": (STAT, "treatment group", "control group", None, None, False)}
    assert _pooled(db) == 3
    record = json.loads(invoke("export", "--db", db, "--pmid", NAMGOONG).stdout.splitlines()[0])
    st = next(s for s in record["statistics"] if s["id"] == STAT)
    assert (st["arm"], st["machine"]["arm"], "held" in st) == ("treatment group", "control group", False)


def test_a_re_extraction_that_changes_the_ids_carries_the_placement_and_the_decision(db):
    _accepted_as_read(db)
    new = "ffff" + STAT[4:]

    def shifted(table, row):  # 9 characters added before the sentence: new span and statistic ids
        if table == "statistics" and row["id"] == STAT:
            return {**row, "id": new, "span_id": new}
        if table == "span_store" and row["id"] == STAT:
            return {**row, "id": new, "start": row["start"] + 9, "end": row["end"] + 9}
        return row
    reextract(db, "stemfoot-extract 0.2.0", shifted)
    assert open_db(db).execute("SELECT old_id, new_id, status FROM value_aliases ORDER BY old_id").fetchall() == [
        (f"{STAT}:events", f"{new}:events", "exact")]  # only reviewed values are looked for
    assert _state(db) == {"statistic.events": (new, "treatment group", None, "accept", "ana", False),
                          "statistic.total": (new, "treatment group", None, None, None, False)}
    assert _pooled(db) == 3
    assert invoke("stats", "--db", db).output.splitlines()[-1] == (
        "withheld by the export gate: 1 statistic(s), 1 placed by a reviewer (`review --held` to review them)")
    assert not re.search("not found again", _review(db, keys="q").output)


def test_counts_in_stats_json_and_usage(db, tmp_path):
    data = json.loads(invoke("stats", "--db", db, "--json").output)
    assert data["withheld"] == {"statistics": 1, "placed": 0}
    result = invoke("review", "--db", db, "--held", "--import", str(tmp_path / "x.csv"))
    assert (result.exit_code, result.output.splitlines()[-1]) == (2, "Error: --held selects values to review or export")


def test_a_withheld_effect_is_pooled_only_once_placed(tmp_path):
    """A between-arms effect the gate withheld has no arm to lose: the study table itself must leave it out."""
    path = extracted_copy(tmp_path)
    lu = "ba32fe554a53bf30"  # Lu 2011's ulcer-healing statistic, made a reported RR with its CI
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE statistics SET kind = 'effect', effect_measure = 'RR', value = 1.45, ci_lower = 1.05, "
                     "ci_upper = 2.0, percent = NULL, arm = NULL, arm_id = NULL, arm_role = NULL WHERE id = ?", (lu,))

    def lu_row():
        got = json.loads(invoke("meta", "--db", path, "--outcome", "ulcer_healing", "--json").stdout)
        return ([s["source"] for s in got["studies"] if s["study"] == "Lu 2011"],
                [o["reason"] for o in got["left_out"] if o["study"] == "Lu 2011"])

    assert lu_row() == (["reported_effect"], [])
    withhold(path, lu, target="between_arms", arm=None, role=None)
    assert lu_row() == ([], ["only p-values; results withheld for review by the export gate (accept them as "
                             "read to pool them)"])
    result = _review(path, "--held", "--reviewer", "ana", keys="h" + "q")
    assert result.exit_code == 0, result.output
    assert lu_row() == (["reported_effect"], [])


def test_the_arm_a_rejected_rules_arm_gave_is_exported(tmp_path) -> None:
    # As arm_model stores a value whose rules arm the learned inventory dropped: arm cleared, the arm in the detail.
    path = extracted_copy(tmp_path)
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE statistics SET arm = NULL, arm_id = NULL, arm_role = NULL, flags = ?, detail = ? "
                     "WHERE id = ?", (json.dumps(["arm_dropped"]), json.dumps({"dropped_arm": "20 per group"}), STAT))
    record = json.loads(invoke("export", "--db", path, "--pmid", NAMGOONG).stdout.splitlines()[0])
    st = next(s for s in record["statistics"] if s["id"] == STAT)
    assert st["arm"] is None and st["dropped_arm"] == "20 per group" and "held" not in st

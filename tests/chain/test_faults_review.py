"""Fault suite, curation (issue 15): a reviewer's decision is never lost or silently overridden.

- re-ingest + re-extraction with 9 characters added at the start of an
  abstract: the correction follows its value, the study stays pooled (k 3);
- a changed number: the reviewer is asked (top of review and of the report),
  the study is left out loudly until then, and pooled with the curated value after;
- review sheets: missing or edited revision/decided_at, impossible values,
  cut-off files and stale rows are refused; --force overrides and says so.
"""
from __future__ import annotations

import csv
import json
import re
import sqlite3
from pathlib import Path

import pytest
from faults_support import BUNDLED, assert_one_line_error, fingerprint, invoke
from test_report_support import NAMGOONG, extracted_copy

CONTROL_EVENTS = dict(pmid=NAMGOONG, field="statistic.events", arm="control group")


def _sheet(db: str, path: Path) -> list[dict]:
    result = invoke("review", "--db", db, "--export", path, "--force")
    assert result.exit_code == 0, result.output
    with path.open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def _write(path: Path, rows: list[dict], columns: list[str] | None = None) -> None:
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=columns or list(rows[0]), extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)


def _find(rows: list[dict], **match: str) -> dict:
    found = [r for r in rows if all(r[k] == v for k, v in match.items())]
    assert len(found) == 1, found
    return found[0]


def _correct_control_events(db: str, tmp_path: Path, value: str = "2") -> None:
    rows = _sheet(db, tmp_path / "sheet.csv")
    _find(rows, **CONTROL_EVENTS).update(decision="correct", corrected_value=value)
    _write(tmp_path / "edited.csv", rows)
    result = invoke("review", "--db", db, "--import", tmp_path / "edited.csv", "--reviewer", "ana")
    assert result.exit_code == 0, result.output


def _meta(db: str) -> dict:
    result = invoke("meta", "--db", db, "--outcome", "ulcer_healing", "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def _reingest(db: str, tmp_path: Path, edit) -> None:
    text = Path(BUNDLED).read_text(encoding="utf-8")
    start = text.index(f'<PMID Version="1">{NAMGOONG}')
    a = text.index("<AbstractText>", start) + len("<AbstractText>")
    b = text.index("</AbstractText>", a)
    changed = tmp_path / "changed.xml"
    changed.write_text(text[:a] + edit(text[a:b]) + text[b:], encoding="utf-8")
    result = invoke("ingest", changed, "--db", db)
    assert result.exit_code == 0 and "1 updated" in result.stdout, result.output
    result = invoke("extract", "--db", db, "--pmid", NAMGOONG)
    assert result.exit_code == 0, result.output


@pytest.fixture
def db(tmp_path):
    return extracted_copy(tmp_path)


def test_correction_survives_a_changed_abstract_and_the_study_stays_pooled(db, tmp_path):
    _correct_control_events(db, tmp_path)
    corrected = _meta(db)
    assert corrected["k"] == 3
    _reingest(db, tmp_path, lambda abstract: "Updated. " + abstract)  # 9 characters: every offset moves
    after = _meta(db)
    assert after["k"] == 3 and after["left_out"] == corrected["left_out"]
    assert after["estimate"] == pytest.approx(corrected["estimate"], abs=1e-12)
    row = _find(_sheet(db, tmp_path / "after.csv"), **CONTROL_EVENTS)
    assert (row["decision"], row["corrected_value"], row["status"]) == ("correct", "2", "reviewed")


def test_uncertain_match_asks_the_reviewer_and_never_pools_silently(db, tmp_path):
    _correct_control_events(db, tmp_path)
    corrected = _meta(db)
    old_id = _find(_sheet(db, tmp_path / "before.csv"), **CONTROL_EVENTS)["id"]
    _reingest(db, tmp_path, lambda abstract: abstract.replace("three out of six (50%)", "four out of six (67%)"))
    # left out, loudly
    result = invoke("meta", "--db", db, "--outcome", "ulcer_healing", "--json")
    data = json.loads(result.stdout)
    assert data["k"] == 2
    assert [s["reason"] for s in data["left_out"] if s["pmid"] == NAMGOONG] == [
        "a reviewer's decision could not be matched to the re-extracted text (statistic.events correct 2); "
        "match it in `stemfoot review`"]
    # first in the interactive review, and at the top of the report
    session = invoke("review", "--db", db, "--reviewer", "ana")
    first = session.stdout.splitlines()[0]
    assert first.startswith("! 1 reviewed value(s) not found again after re-extraction")
    assert old_id in session.stdout and "the number changed in the same sentence" in session.stdout
    report = tmp_path / "report.html"
    assert invoke("report", "--db", db, "--out", report).exit_code == 0
    html = report.read_text(encoding="utf-8")
    assert html.index('id="unmatched"') < html.index('id="summary"')
    # the reviewer matches it: pooled again, with the curated value
    candidate = re.search(rf"{re.escape(old_id)}.*?candidates: (\S+)", session.stdout, re.S).group(1)
    assert invoke("review", "--db", db, "--match", f"{old_id}={candidate}", "--reviewer", "ana").exit_code == 0
    matched = _meta(db)
    assert matched["k"] == 3
    # 2 of 6 as the reviewer said, not the 4 the new text says: the same estimate as before the change
    assert matched["estimate"] == pytest.approx(corrected["estimate"], abs=1e-12)


# ------------------------------------------------------------------ sheets


def _prepared(db: str, tmp_path: Path) -> list[dict]:
    return _sheet(db, tmp_path / "sheet.csv")


def _import(db: str, path: Path, *extra: str):
    return invoke("review", "--db", db, "--import", path, "--reviewer", "ben", *extra)


def test_sheet_without_revision_cannot_override_a_newer_correction(db, tmp_path):
    rows = _prepared(db, tmp_path)
    _correct_control_events(db, tmp_path, "1")  # another reviewer, after the export
    _find(rows, **CONTROL_EVENTS).update(decision="accept")
    columns = [c for c in rows[0] if c != "revision"]
    _write(tmp_path / "norev.csv", rows, columns)
    before = fingerprint(db)
    result = _import(db, tmp_path / "norev.csv")
    assert result.exit_code == 1
    assert_one_line_error(result.stderr, "missing column(s) revision")
    assert fingerprint(db) == before


@pytest.mark.parametrize("column", ["revision", "decided_at", "id"])
def test_edited_identity_columns_are_refused(db, tmp_path, column):
    _correct_control_events(db, tmp_path)
    rows = _prepared(db, tmp_path)
    row = _find(rows, **CONTROL_EVENTS)
    row.update(decision="correct", corrected_value="1")
    row[column] = {"revision": "999", "decided_at": "2020-01-01T00:00:00+00:00", "id": row["id"] + "x"}[column]
    _write(tmp_path / "edited2.csv", rows)
    before = fingerprint(db)
    result = _import(db, tmp_path / "edited2.csv", "--force")  # not even --force accepts an edited id or state
    assert result.exit_code == 1, result.output
    assert f"column {column}" in result.stderr
    assert fingerprint(db) == before


@pytest.mark.parametrize("field, arm, value, message", [
    ("statistic.events", "control group", "-3", "a count cannot be negative"),
    ("statistic.p", "", "7.5", "a p-value lies between 0 and 1"),
    ("statistic.events", "control group", "9", "events cannot exceed the total"),
])
def test_impossible_values_are_refused_by_kind(db, tmp_path, field, arm, value, message):
    rows = _prepared(db, tmp_path)
    match = dict(pmid=NAMGOONG, field=field, arm=arm) if arm else dict(pmid=NAMGOONG, field=field, arm="", kind="p_value")
    next(r for r in rows if all(r[k] == v for k, v in match.items())).update(decision="correct", corrected_value=value)
    _write(tmp_path / "bad.csv", rows)
    before = fingerprint(db)
    result = _import(db, tmp_path / "bad.csv")
    assert result.exit_code == 1
    assert message in result.stderr
    assert fingerprint(db) == before


def test_sd_must_be_positive():
    from stemfoot.review.sheet_checks import value_errors

    assert value_errors("statistic.sd", "0") == "'0': a standard deviation is greater than 0"


def test_sheet_cut_off_mid_row_is_refused(db, tmp_path):
    rows = _prepared(db, tmp_path)
    for row in rows:
        row["decision"] = "reject"
    _write(tmp_path / "full.csv", rows)
    text = (tmp_path / "full.csv").read_text(encoding="utf-8")
    cut = tmp_path / "cut.csv"
    cut.write_text(text[: text.rindex("\n", 0, len(text) - 1) + 40], encoding="utf-8")  # mid-way through the last row
    before = fingerprint(db)
    result = _import(db, cut)
    assert result.exit_code == 1
    assert_one_line_error(result.stderr, "truncated")
    assert fingerprint(db) == before


def test_newer_decision_needs_force_and_the_conflict_is_shown(db, tmp_path):
    rows = _prepared(db, tmp_path)
    _correct_control_events(db, tmp_path, "1")  # decided after the export
    _find(rows, **CONTROL_EVENTS).update(decision="correct", corrected_value="2")
    _write(tmp_path / "stale.csv", rows)
    before = fingerprint(db)
    refused = _import(db, tmp_path / "stale.csv")
    assert refused.exit_code == 1
    assert "was curated again after this sheet was exported (ana" in refused.stderr
    assert "correct 1" in refused.stderr and "--force" in refused.stderr
    assert fingerprint(db) == before
    forced = _import(db, tmp_path / "stale.csv", "--force")
    assert forced.exit_code == 0, forced.output
    assert "now correct 1 (ana" in forced.stderr and "the sheet says correct 2; overridden (--force)" in forced.stderr
    assert "1 later decision(s) overridden (--force)" in forced.stdout
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT value, reviewer FROM curation_events ORDER BY event_id DESC").fetchone() == ("2", "ben")

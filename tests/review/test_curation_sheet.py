"""The review spreadsheet: export, edit as a spreadsheet would, import; errors change nothing."""
from __future__ import annotations

import csv

import pytest

from stemfoot.review.decisions import CHANGED, ORPHANED, CurationError, effective_values, load_items
from stemfoot.review.sheet import EXTRA_COLUMNS, SHEET_COLUMNS, SheetError, export_sheet, import_sheet, read_sheet
from test_curation_support import QIN, events, huang_id, machine_rows, make_db, vid, write_machine_values


@pytest.fixture
def db(tmp_path):
    db = make_db(tmp_path / "c.db")
    write_machine_values(db, machine_rows(db))
    return db


def _export(db, path, **kwargs):
    export_sheet(db, path, **kwargs)
    with open(path, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def _write(path, rows, columns=SHEET_COLUMNS + EXTRA_COLUMNS, delimiter=",", encoding="utf-8", newline="\r\n"):
    with open(path, "w", newline="", encoding=encoding) as fh:
        writer = csv.DictWriter(fh, fieldnames=columns, delimiter=delimiter, lineterminator=newline, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)


def _edit(rows, value_id, **changes):
    row = next(r for r in rows if r["id"] == value_id)
    row.update(changes)


def test_export_columns_and_rows(db, tmp_path):
    path = tmp_path / "sheet.csv"
    rows = _export(db, path)
    header = path.read_text(encoding="utf-8").splitlines()[0]
    assert header.startswith("id,pmid,field,machine_value,source_sentence,decision,corrected_value,note,")
    assert len(rows) == len(machine_rows(db))
    row = next(r for r in rows if r["id"] == vid(QIN, "arm.n_patients", "experimental group"))
    assert {k: row[k] for k in ("pmid", "field", "machine_value", "decision", "corrected_value", "note", "status", "arm")} == {
        "pmid": QIN, "field": "arm.n_patients", "machine_value": "28", "decision": "", "corrected_value": "",
        "note": "", "status": "pending", "arm": "experimental group"}
    assert row["source_sentence"].startswith("The patients were randomly apportioned")
    only = _export(db, tmp_path / "huang.csv", pmids=[huang_id(db)], outcome="ulcer healing")
    assert {r["field"] for r in only} == {"statistic.events", "statistic.total", "statistic.percent", "statistic.p"}


def test_export_never_overwrites_a_sheet(db, tmp_path):
    path = tmp_path / "sheet.csv"
    path.write_text("my edits")
    with pytest.raises(CurationError, match="already exists; it may hold unsaved review work"):
        export_sheet(db, path)
    assert path.read_text() == "my edits"
    export_sheet(db, path, overwrite=True)
    assert path.read_text().startswith("id,pmid")


def test_round_trip(db, tmp_path):
    rows = _export(db, tmp_path / "sheet.csv")
    huang = huang_id(db)
    _edit(rows, vid(QIN, "design"), decision="accept")
    _edit(rows, vid(QIN, "n_patients"), decision="Accept ", note="checked against full text")
    _edit(rows, vid(QIN, "arm.n_patients", "experimental group"), decision="accept")
    _edit(rows, vid(huang, "statistic.mean", "transplant group", "laser Doppler perfusion"),
          decision="correct", corrected_value="0.58")
    _edit(rows, vid(QIN, "cell_type"), decision="reject")
    _edit(rows, vid(QIN, "n_limbs"), note="72 limbs: some patients bilateral")
    rows.append({"id": "", "pmid": huang, "field": "statistic.events", "decision": "add", "corrected_value": "7",
                 "arm": "control group", "outcome": "ulcer healing", "timepoint": "3 months", "kind": "dichotomous",
                 "note": "7 of 18 in controls"})
    edited = tmp_path / "edited.csv"
    _write(edited, rows)
    summary = import_sheet(db, edited, reviewer="ana")
    assert summary.line() == "3 accepted, 1 corrected, 1 rejected, 1 added, 1 noted, 7 unchanged"
    again = _export(db, tmp_path / "again.csv")
    by_id = {r["id"]: r for r in again}
    assert by_id[vid(QIN, "n_patients")]["decision"] == "accept"
    assert by_id[vid(QIN, "n_patients")]["note"] == "checked against full text"
    assert by_id[vid(QIN, "n_patients")]["reviewer"] == "ana"
    mean = by_id[vid(huang, "statistic.mean", "transplant group", "laser Doppler perfusion")]
    assert (mean["decision"], mean["corrected_value"], mean["status"]) == ("correct", "0.58", "reviewed")
    assert by_id[vid(QIN, "cell_type")]["decision"] == "reject"
    added = [r for r in again if r["id"].startswith("added:")]
    assert [(r["pmid"], r["field"], r["decision"], r["corrected_value"], r["arm"], r["note"]) for r in added] == [
        (huang, "statistic.events", "add", "7", "control group", "7 of 18 in controls")]
    # importing the same sheet again, or the fresh export, changes nothing and adds nothing twice
    count = events(db)
    assert import_sheet(db, edited, reviewer="ana").line() == "0 accepted, 0 corrected, 0 rejected, 0 added, 0 noted, 14 unchanged"
    assert import_sheet(db, tmp_path / "again.csv", reviewer="ana").unchanged == 14
    assert events(db) == count
    verified = {v["value_id"]: (v["value"], v["origin"]) for v in effective_values(db, only_verified=True)}
    assert verified == {
        vid(QIN, "design"): ("rct", "accepted"), vid(QIN, "n_patients"): ("53", "accepted"),
        vid(QIN, "arm.n_patients", "experimental group"): ("28", "accepted"),
        vid(huang, "statistic.mean", "transplant group", "laser Doppler perfusion"): ("0.58", "corrected"),
        added[0]["id"]: ("7", "added"),
    }


def test_european_excel_sheet(db, tmp_path):
    """BOM, CRLF, ';' delimiter, decimal commas and trailing blank rows."""
    rows = _export(db, tmp_path / "sheet.csv")
    huang = huang_id(db)
    sd = vid(huang, "statistic.sd", "transplant group", "laser Doppler perfusion")
    mean = vid(huang, "statistic.mean", "transplant group", "laser Doppler perfusion")
    for row in rows:
        if row["id"] in (sd, mean):
            row["machine_value"] = row["machine_value"].replace(".", ",")  # how Excel shows 0.14
    _edit(rows, sd, decision="correct", corrected_value="0,15")
    _edit(rows, mean, decision="accept", note="Überprüft ≥ 2×")
    path = tmp_path / "excel.csv"
    _write(path, rows, delimiter=";", encoding="utf-8-sig")
    with open(path, "a", encoding="utf-8", newline="") as fh:
        fh.write(";;;;;;;;\r\n\r\n;;;\r\n")
    assert path.read_bytes().startswith(b"\xef\xbb\xbfid;pmid;")
    summary = import_sheet(db, path, reviewer="eva")
    assert summary.line() == "1 accepted, 1 corrected, 0 rejected, 0 added, 0 noted, 11 unchanged"
    items = {i.value_id: i for i in load_items(db.conn)}
    assert items[sd].value == "0.15" and items[mean].note == "Überprüft ≥ 2×"


def test_malformed_sheet_lists_every_error_and_changes_nothing(db, tmp_path):
    rows = _export(db, tmp_path / "sheet.csv")
    huang = huang_id(db)
    _edit(rows, vid(QIN, "design"), decision="accept")  # a good row: must not land either
    _edit(rows, vid(QIN, "n_patients"), decision="correct", corrected_value="fifty")
    _edit(rows, vid(QIN, "n_limbs"), machine_value="70", decision="accept")
    _edit(rows, vid(QIN, "cell_type"), decision="approve")
    _edit(rows, vid(QIN, "arm.role", "experimental group"), corrected_value="control")
    _edit(rows, vid(QIN, "arm.n_patients", "control group"), decision="correct")
    _edit(rows, vid(huang, "statistic.p", "", "ulcer healing"), pmid="12345678")
    rows.append(dict(rows[0], id="27219884:n_ulcers::"))
    rows.append({"id": "", "pmid": QIN, "field": "n_patients", "decision": "accept"})
    rows.append({"id": "", "pmid": "99999999", "field": "n_ulcers", "decision": "add", "corrected_value": "3"})
    rows.append({"id": "", "pmid": huang, "field": "statistic.total", "decision": "add", "corrected_value": "18"})
    rows.append({"id": "", "pmid": QIN, "field": "n_ulcers", "decision": "add", "corrected_value": "3,5"})
    rows.append(dict(rows[1]))
    path = tmp_path / "bad.csv"
    _write(path, rows)
    with pytest.raises(SheetError) as info:
        import_sheet(db, path, reviewer="ana")
    assert info.value.errors == [
        "row 3, column corrected_value: 'fifty' is not a whole number (n_patients is int)",
        "row 4, column machine_value: '70' differs from the machine value '72': write changes in corrected_value "
        "with decision 'correct' (or re-export: the values were re-extracted)",
        "row 5, column decision: unknown decision 'approve' (accept, correct, reject, add, or empty)",
        "row 6, column corrected_value: decision 'correct' needs the value in corrected_value",
        "row 8, column corrected_value: 'control' given, but there is no decision; write 'correct' to use it",
        f"row 14, column pmid: '12345678', but value {huang}:statistic.p::ulcer healing belongs to {huang}",
        "row 15, column id: unknown id '27219884:n_ulcers::' (not a current or curated value; re-export the sheet)",
        "row 16, column id: empty; only a row with decision 'add' may have no id",
        "row 17, column pmid: no study with PMID or local id '99999999'",
        "row 18, column outcome: an added statistic.total needs its outcome",
        "row 19, column corrected_value: '3,5' is not a whole number (n_ulcers is int)",
        "row 20, column id: '27219884:n_patients::' appears again (first on row 3)",
    ]
    assert str(info.value).startswith(f"{path}: 12 error(s); nothing was changed\n")
    assert events(db) == 0


def test_stale_sheet_cannot_undo_a_later_decision(db, tmp_path):
    first = _export(db, tmp_path / "ana.csv")
    second = _export(db, tmp_path / "ben.csv")
    value_id = vid(QIN, "n_patients")
    _edit(first, value_id, decision="reject")
    _write(tmp_path / "ana-edited.csv", first)
    import_sheet(db, tmp_path / "ana-edited.csv", reviewer="ana")
    _edit(second, value_id, decision="accept")
    _edit(second, vid(QIN, "design"), decision="accept")
    _write(tmp_path / "ben-edited.csv", second)
    with pytest.raises(SheetError, match=r"row 3, column revision: 27219884:n_patients:: was curated again after this sheet"):
        import_sheet(db, tmp_path / "ben-edited.csv", reviewer="ben")
    assert next(i for i in load_items(db.conn) if i.value_id == value_id).decision == "reject"
    # a sheet that lost its revision column is refused, not trusted (issue 15)
    _write(tmp_path / "plain.csv", second, columns=SHEET_COLUMNS)
    with pytest.raises(CurationError, match="missing column.s. revision, decided_at"):
        import_sheet(db, tmp_path / "plain.csv", reviewer="ben")
    assert next(i for i in load_items(db.conn) if i.value_id == value_id).decision == "reject"
    # --force overrides the later decision, and says which
    summary = import_sheet(db, tmp_path / "ben-edited.csv", reviewer="ben", force=True)
    assert summary.accepted == 2 and len(summary.conflicts) == 1
    assert "was curated again after this sheet was exported: now reject" in summary.conflicts[0]
    assert next(i for i in load_items(db.conn) if i.value_id == value_id).decision == "accept"


def test_reextraction_shows_flags_and_orphans_in_the_sheet(db, tmp_path):
    rows = _export(db, tmp_path / "sheet.csv")
    exp = vid(QIN, "arm.n_patients", "experimental group")
    cell = vid(QIN, "cell_type")
    _edit(rows, exp, decision="accept")
    _edit(rows, cell, decision="correct", corrected_value="UC-MSC")
    _write(tmp_path / "edited.csv", rows)
    import_sheet(db, tmp_path / "edited.csv", reviewer="ana")
    write_machine_values(db, machine_rows(db, "v2", changes={exp: "27"}, drop=(cell,)))
    again = {r["id"]: r for r in _export(db, tmp_path / "after.csv")}
    assert len(again) == len(machine_rows(db))  # the orphan stays in the sheet
    flagged = again[exp]
    assert (flagged["status"], flagged["machine_value"], flagged["reviewed_machine_value"], flagged["decision"]) == (
        CHANGED, "27", "28", "accept")
    orphan = again[cell]
    assert (orphan["status"], orphan["machine_value"], orphan["decision"], orphan["corrected_value"]) == (
        ORPHANED, "HUCMSC", "correct", "UC-MSC")
    summary = import_sheet(db, tmp_path / "after.csv", reviewer="ana")
    assert summary.line().endswith(f"13 unchanged; 1 flagged ({CHANGED})")
    # clearing the status cell confirms the new machine value
    rows = list(again.values())
    _edit(rows, exp, status="")
    _write(tmp_path / "confirmed.csv", rows)
    assert import_sheet(db, tmp_path / "confirmed.csv", reviewer="ana").line() == (
        "1 accepted, 0 corrected, 0 rejected, 0 added, 0 noted, 12 unchanged")
    assert next(i for i in load_items(db.conn) if i.value_id == exp).status == "reviewed"


def test_dry_run_changes_nothing(db, tmp_path):
    rows = _export(db, tmp_path / "sheet.csv")
    _edit(rows, vid(QIN, "design"), decision="accept")
    _write(tmp_path / "edited.csv", rows)
    assert import_sheet(db, tmp_path / "edited.csv", reviewer="ana", dry_run=True).accepted == 1
    assert events(db) == 0


def test_sheets_that_are_not_review_sheets(db, tmp_path):
    latin = tmp_path / "latin1.csv"
    latin.write_bytes(",".join(SHEET_COLUMNS).encode() + b"\r\nx,1,design,rct,,accept,,Gr\xfc\xdfe\r\n")
    with pytest.raises(CurationError, match="line 2 is not UTF-8; save the sheet as 'CSV UTF-8'"):
        import_sheet(db, latin, reviewer="ana")
    other = tmp_path / "other.csv"
    other.write_text("title,abstract\nA,B\n")
    with pytest.raises(SheetError, match="row 1: missing column.s. id, pmid, field, machine_value, source_sentence, "
                                         "decision, corrected_value, note"):
        read_sheet(other)
    empty = tmp_path / "empty.csv"
    empty.write_text("\n\n")
    with pytest.raises(CurationError, match="empty sheet"):
        read_sheet(empty)


def test_a_reviewer_added_value_can_be_corrected_or_rejected_not_accepted(db, tmp_path):
    rows = _export(db, tmp_path / "sheet.csv")
    rows.append({"id": "", "pmid": QIN, "field": "n_ulcers", "decision": "add", "corrected_value": "40"})
    _write(tmp_path / "add.csv", rows)
    assert import_sheet(db, tmp_path / "add.csv", reviewer="ana").added == 1

    def edited(name, **changes):
        rows = _export(db, tmp_path / f"{name}-export.csv", overwrite=True)
        index = next(i for i, r in enumerate(rows) if r["id"].startswith("added:"))
        rows[index].update(changes)
        _write(tmp_path / f"{name}.csv", rows)
        return tmp_path / f"{name}.csv", index + 2

    path, row = edited("accept", decision="accept", corrected_value="")
    with pytest.raises(SheetError, match=rf"row {row}, column decision: there is no machine value to accept"):
        import_sheet(db, path, reviewer="ana")
    path, _ = edited("correct", decision="correct", corrected_value="41")
    assert import_sheet(db, path, reviewer="ana").corrected == 1
    assert [(v["value"], v["origin"]) for v in effective_values(db) if v["field"] == "n_ulcers"] == [("41", "added")]
    path, _ = edited("reject", decision="reject", corrected_value="")
    assert import_sheet(db, path, reviewer="ana").rejected == 1
    assert [v for v in effective_values(db) if v["field"] == "n_ulcers"] == []

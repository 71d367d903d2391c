"""The review and screen commands, as a reviewer runs them."""
from __future__ import annotations

import csv

import pytest
from click.testing import CliRunner

from stemfoot.cli import cli
from stemfoot.review.decisions import Item, load_items
from stemfoot.review.interactive import value_span
from stemfoot.corpus.db import open_db
from test_curation_support import QIN, events, huang_id, machine_rows, make_db, vid, write_machine_values

KEYS = "a accept, c correct, r reject, m move, s skip, n note, q quit > "
RANDOMISED = ("The patients were randomly apportioned to a control group (25 patients; 38 limbs) "
              "or an experimental group (28 patients; 34 limbs).")
INCLUDED = ("Methods: Included in the study were 53 patients (72 limbs) with severe symptoms of Fontaine II-IV "
            "diabetic foot accompanied by varying degrees of lower extremity arterial disease.")


def load_items_at(dbpath):
    return load_items(open_db(dbpath).conn)


@pytest.fixture
def dbpath(tmp_path):
    db = make_db(tmp_path / "c.db")
    write_machine_values(db, machine_rows(db))
    db.close()
    return str(tmp_path / "c.db")


def _review(dbpath, *args, **kwargs):
    return CliRunner().invoke(cli, ["review", "--db", dbpath, *args], **kwargs)


def test_interactive_review_saves_each_key(dbpath):
    keys = "a" + "c" + "fifty\n52\n" + "n" + "bilateral\n" + "s" + "r" + "x" + "q"
    result = _review(dbpath, "--pmid", QIN, "--reviewer", "ana", input=keys)
    assert result.exit_code == 0, result.output
    assert result.output == "\n".join([
        f"[1/7] {QIN}  design", f"  {RANDOMISED}", "  machine value: rct", KEYS + "accepted",
        f"[2/7] {QIN}  n_patients", f"  {INCLUDED}", "  machine value: 53", KEYS + "correct",
        "  corrected value: fifty", "Error: 'fifty' is not a whole number (n_patients is int)",
        "  corrected value: 52", "corrected to 52",
        f"[3/7] {QIN}  n_limbs", f"  {INCLUDED}", "  machine value: 72", KEYS + "note", "  note: bilateral",
        KEYS + "skipped",
        f"[4/7] {QIN}  cell_type",
        "  Patients of both groups received interventional treatment with angioplasty; those in the experimental "
        "group also received HUCMSCs by endovascular infusion and injection around the foot ulcer.",
        "  machine value: HUCMSC", KEYS + "rejected",
        f"[5/7] {QIN}  arm.n_patients  (arm: control group)", f"  {RANDOMISED}", "  machine value: 25",
        KEYS + "unknown key 'x'", KEYS + "quit",
        "1 accepted, 1 corrected, 1 rejected, 1 skipped, 1 noted", "",
    ])
    state = {i.value_id: (i.decision, i.value, i.note, i.reviewer) for i in load_items_at(dbpath)}
    assert state[vid(QIN, "design")] == ("accept", None, None, "ana")
    assert state[vid(QIN, "n_patients")] == ("correct", "52", None, "ana")
    assert state[vid(QIN, "n_limbs")] == (None, None, "bilateral", None)  # a note is not a decision
    assert state[vid(QIN, "cell_type")] == ("reject", None, None, "ana")
    assert open_db(dbpath).execute("SELECT reviewer FROM curation_events WHERE decision = 'note'").fetchall() == [("ana",)]
    # the next session starts with what is still to do
    again = _review(dbpath, "--pmid", QIN, input="q")
    assert again.output.startswith(f"[1/4] {QIN}  n_limbs\n")
    assert _review(dbpath, "--pmid", "20492632").output == "nothing to review\n"


def test_interactive_review_highlights_the_value(dbpath):
    result = _review(dbpath, "--pmid", QIN, input="sssss", color=True)
    bold = "\x1b[1m\x1b[4m{}\x1b[0m"
    assert f"experimental group ({bold.format('28')} patients; 34 limbs)" in result.output
    assert f"a control group ({bold.format('25')} patients; 38 limbs)" in result.output
    assert f"were {bold.format('randomly apportioned')} to" in result.output


def test_value_span_from_offsets_else_from_the_text():
    abstract = "Twenty patients. Of 20 patients, 20 healed."
    sentence = "Of 20 patients, 20 healed."
    item = Item(value_id="v", study_id=1, pmid="1", field="statistic.events", value_type="int",
                machine_value="20", source_sentence=sentence, start=33, end=35)
    assert value_span(item, abstract) == (16, 18)  # the second 20, as the offsets say
    item.start = item.end = None
    assert value_span(item, abstract) == (3, 5)  # first whole-word occurrence
    item.machine_value = "0"
    assert value_span(item, abstract) is None  # never inside another number


def test_review_shows_a_changed_machine_value(dbpath):
    exp = vid(QIN, "arm.n_patients", "experimental group")
    assert _review(dbpath, "--pmid", QIN, "--reviewer", "ana", input="sssssa").exit_code == 0
    db = open_db(dbpath)
    write_machine_values(db, machine_rows(db, "v2", changes={exp: "27"}))
    decided_at = next(i for i in load_items(db.conn) if i.value_id == exp).decided_at
    result = _review(dbpath, "--pmid", QIN, input="q")
    assert result.output.startswith("\n".join([
        f"[1/7] {QIN}  design", f"  {RANDOMISED}", "  machine value: rct", KEYS + "quit"]))
    result = _review(dbpath, "--pmid", QIN, "--reviewer", "ben", input="sssssa")
    assert "\n".join([
        f"[6/7] {QIN}  arm.n_patients  (arm: experimental group)", f"  {RANDOMISED}", "  machine value: 27",
        "  ! machine value changed since review: you reviewed '28'",
        f"  current decision: accept (ana, {decided_at})", KEYS + "accepted"]) in result.output
    assert next(i for i in load_items(db.conn) if i.value_id == exp).status == "reviewed"


def test_export_import_commands(dbpath, tmp_path, monkeypatch):
    sheet = tmp_path / "sheet.csv"
    result = _review(dbpath, "--export", str(sheet))
    assert (result.exit_code, result.output) == (0, f"{sheet}: 13 values exported\n")
    again = _review(dbpath, "--export", str(sheet))
    assert again.exit_code == 1
    assert again.output == f"Error: {sheet}: already exists; it may hold unsaved review work (choose another name or --force)\n"
    with open(sheet, newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    for row in rows:
        row["decision"] = "accept"
    rows[1]["decision"] = "acept"
    rows[2]["corrected_value"] = "70"
    with open(sheet, "w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    bad = _review(dbpath, "--import", str(sheet))
    assert bad.exit_code == 1
    assert bad.output == "\n".join([
        f"Error: {sheet}: 2 error(s); nothing was changed",
        "row 3, column decision: unknown decision 'acept' (accept, correct, reject, add, or empty)",
        "row 4, column corrected_value: '70' given, but the decision is 'accept'; write 'correct' to use it", ""])
    rows[1]["decision"], rows[2]["corrected_value"] = "accept", ""
    with open(sheet, "w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    dry = _review(dbpath, "--import", str(sheet), "--dry-run")
    assert dry.output == f"{sheet}: 13 accepted, 0 corrected, 0 rejected, 0 added, 0 noted, 0 unchanged (dry run: nothing changed)\n"
    monkeypatch.setenv("STEMFOOT_REVIEWER", "dr. ana")
    done = _review(dbpath, "--import", str(sheet))
    assert (done.exit_code, done.output) == (0, f"{sheet}: 13 accepted, 0 corrected, 0 rejected, 0 added, 0 noted, 0 unchanged\n")
    assert {i.reviewer for i in load_items_at(dbpath)} == {"dr. ana"}


@pytest.mark.parametrize("args, message", [
    (["--export", "a.csv", "--import", "b.csv"], "--export and --import cannot be combined"),
    (["--import", "b.csv", "--pmid", QIN], "--pmid and --outcome select what to export or review"),
    (["--force"], "--force goes with --export or --import"),
    (["--dry-run"], "--dry-run goes with --import"),
])
def test_review_usage_errors(dbpath, args, message):
    result = _review(dbpath, *args)
    assert result.exit_code == 2 and message in result.output


def test_review_of_a_database_without_extraction(tmp_path):
    db = make_db(tmp_path / "c.db")
    db.execute("DROP TABLE machine_values")
    result = _review(str(tmp_path / "c.db"), input="q")
    assert result.exit_code == 1
    assert result.output == "Error: no extracted values in this database: run extract first\n"


def test_screen_command(dbpath):
    runner = CliRunner()
    huang = huang_id(open_db(dbpath))
    ok = runner.invoke(cli, ["screen", QIN, "--include", "--db", dbpath, "--reviewer", "ana"])
    assert ok.output == f"{QIN}: included\nidentified: 6\nscreened: 1\nexcluded: 0\nincluded: 1\nawaiting screening: 5\n"
    out = runner.invoke(cli, ["screen", huang, "20492632", "--exclude", "--reason", "no control group", "--db", dbpath])
    assert out.output == (f"{huang}, 20492632: excluded (no control group)\nidentified: 6\nscreened: 3\n"
                          "excluded: 2 (no control group: 2)\nincluded: 1\nawaiting screening: 3\n")
    assert runner.invoke(cli, ["screen", QIN, "--exclude", "--db", dbpath]).exit_code == 2
    assert runner.invoke(cli, ["screen", QIN, "--db", dbpath]).exit_code == 2
    unknown = runner.invoke(cli, ["screen", "123", "--include", "--db", dbpath])
    assert (unknown.exit_code, unknown.output) == (1, "Error: no study with PMID or local id '123'\n")
    counts = runner.invoke(cli, ["screen", "--db", dbpath, "--json"])
    assert '"excluded_by_reason": {\n    "no control group": 2\n  }' in counts.output
    assert events(open_db(dbpath)) == 0  # screening is not value curation

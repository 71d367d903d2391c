"""Fault suite, outputs (issue 15): no output names the database or an input; a full disk keeps the previous
file; every CSV neutralises formulas; query --sql and Datasette are bounded; serve takes its child with it."""
from __future__ import annotations

import csv
import io
import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests
from faults_support import (
    ENV,
    assert_one_line_error,
    can_mount,
    fill,
    fingerprint,
    integrity,
    invoke,
    run,
    small_fs,
    wait_for,
)
from test_report_support import extracted_copy

from stemfoot.report.datasette import datasette_available


@pytest.fixture
def db(tmp_path):
    return extracted_copy(tmp_path)


# ------------------------------------------------------------------ outputs never destroy inputs


@pytest.mark.parametrize("command", [
    ("report", "--out", "{db}"),
    ("export", "--out", "{db}"),
    ("export", "--out", "{db}-wal"),
    ("forest", "--outcome", "ulcer_healing", "--out", "{db}.png"),
    ("review", "--export", "{db}", "--force"),
    ("backup", "{db}"),
])
def test_output_may_not_be_the_database(db, command):
    if command[0] == "forest":  # a figure path cannot end in .db; a symlink to the database can
        os.symlink(db, db + ".png")
    before = fingerprint(db)
    size = os.path.getsize(db)
    args = [a.format(db=db) for a in command]
    result = invoke(args[0], "--db", db, *args[1:])
    assert result.exit_code == 1, result.output
    assert_one_line_error(result.stderr, "refusing to overwrite it")
    assert os.path.getsize(db) == size and fingerprint(db) == before and integrity(db) == "ok"


def test_tag_pico_output_may_not_be_its_input(tmp_path):
    conll = tmp_path / "in.conll"
    conll.write_text("-DOCSTART- 1\n\nCells NN _ O\n")
    os.link(conll, tmp_path / "alias.conll")  # a hard link is the same file
    result = invoke("tag-pico", "--conll", conll, "--out", tmp_path / "alias.conll")
    assert result.exit_code == 1
    assert_one_line_error(result.stderr, "is an input")
    assert conll.read_text() == "-DOCSTART- 1\n\nCells NN _ O\n"


@pytest.mark.skipif(not can_mount(), reason="needs root on Linux to mount a 2 MB tmpfs")
def test_full_disk_keeps_every_previous_output(db, tmp_path):
    try:
        with small_fs(tmp_path / "small", "2m") as disk:
            outputs = {
                "report": (disk / "report.html", ("report", "--db", db, "--out", disk / "report.html")),
                "export": (disk / "out.jsonl", ("export", "--db", db, "--out", disk / "out.jsonl")),
                "forest": (disk / "forest.svg", ("forest", "--db", db, "--outcome", "ulcer_healing",
                                                 "--out", disk / "forest.svg")),
                "sheet": (disk / "sheet.csv", ("review", "--db", db, "--export", disk / "sheet.csv", "--force")),
            }
            for name, (path, args) in outputs.items():
                path.write_text(f"previous good {name}")
            fill(disk, leave=4096)
            for name, (path, args) in outputs.items():
                result = invoke(*args)
                assert result.exit_code == 1, (name, result.output)
                assert_one_line_error(result.stderr, "disk full")
                assert path.read_text() == f"previous good {name}"
                assert not [p for p in disk.iterdir() if p.name.endswith(".tmp")]
            backup = invoke("backup", "--db", db, disk / "copy.db")
            assert backup.exit_code == 1
            assert_one_line_error(backup.stderr, "disk full")
            assert not (disk / "copy.db").exists()
    except OSError as exc:
        pytest.skip(f"cannot mount a tmpfs here: {exc}")


@pytest.mark.skipif(not can_mount(), reason="needs root on Linux to mount a 2 MB tmpfs")
def test_full_disk_under_the_database_is_one_line_and_loses_nothing(tmp_path):
    from faults_support import BUNDLED

    try:
        with small_fs(tmp_path / "small", "2m") as disk:
            db = disk / "c.db"
            assert invoke("ingest", BUNDLED, "--db", db, "-q").exit_code == 0
            before = fingerprint(db)
            big = tmp_path / "big.jsonl"
            with open(big, "w") as fh:
                for i in range(3000):
                    fh.write(json.dumps({"title": f"Trial {i}", "abstract": "Cells. " * 100}) + "\n")
            fill(disk, leave=64 << 10)
            failed = 0
            for args in (("ingest", big, "--db", db), ("screen", "27219884", "--include", "--db", db)):
                before = fingerprint(db)
                done = run(*args)
                if done.returncode != 0:
                    failed += 1
                    assert_one_line_error(done.stderr, "full")
                    assert fingerprint(db) == before  # the failed command left nothing behind
                assert integrity(db) == "ok"
            assert failed >= 1  # the 3,000-record file cannot fit in 64 KiB
            (disk / "filler").unlink()
            assert run("screen", "27219884", "--include", "--db", db).returncode == 0
    except OSError as exc:
        pytest.skip(f"cannot mount a tmpfs here: {exc}")


def test_query_and_export_to_a_full_device_are_one_line(db):
    for args in (("export", "--db", db), ("query", "--db", db, "--csv")):
        with open("/dev/full", "w") as full:
            done = subprocess.run([sys.executable, str(Path(__file__).resolve().parents[2] / "cli.py"), *args],
                                  env=ENV, stdout=full, stderr=subprocess.PIPE, text=True, timeout=60)
        assert done.returncode == 1
        assert_one_line_error(done.stderr, "disk full")


# ------------------------------------------------------------------ CSV formula injection


def _poison(db: str) -> None:
    conn = sqlite3.connect(db)
    with conn:
        conn.execute("UPDATE studies SET title = '=HYPERLINK(\"http://evil\",\"x\")' WHERE pmid = '27219884'")
        conn.execute("UPDATE arms SET label = '@SUM(1+1)' WHERE rowid = (SELECT min(rowid) FROM arms)")
    conn.close()


def test_every_csv_neutralises_formula_cells(db, tmp_path):
    _poison(db)
    exported = invoke("export", "--db", db, "--format", "csv")
    assert exported.exit_code == 0, exported.output
    queried = invoke("query", "--db", db, "--sql", "SELECT title, '-2+3' AS f, -3.5 AS n FROM studies", "--csv")
    sheet = tmp_path / "sheet.csv"
    assert invoke("review", "--db", db, "--export", sheet).exit_code == 0
    for text in (exported.stdout, queried.stdout, sheet.read_text(encoding="utf-8")):
        for row in csv.reader(io.StringIO(text)):
            for cell in row:
                assert not cell.startswith(("=", "+", "@", "\t", "\r")), cell
                assert not cell.startswith("-") or cell.lstrip("-").replace(".", "", 1).isdigit(), cell
    assert "'=HYPERLINK" in exported.stdout and "'-2+3" in queried.stdout and ",-3.5" in queried.stdout


def test_review_import_restores_neutralised_cells(db, tmp_path):
    sheet = tmp_path / "sheet.csv"
    assert invoke("review", "--db", db, "--export", sheet).exit_code == 0
    rows = list(csv.DictReader(sheet.open(encoding="utf-8")))
    rows[0]["decision"], rows[0]["note"] = "accept", "=1+1 is not a formula here"
    with sheet.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    assert invoke("review", "--db", db, "--import", sheet, "--reviewer", "ana").exit_code == 0
    again = tmp_path / "again.csv"
    assert invoke("review", "--db", db, "--export", again).exit_code == 0
    first = next(csv.DictReader(again.open(encoding="utf-8")))
    assert first["note"] == "'=1+1 is not a formula here"  # neutralised in the file ...
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT note FROM curation_events").fetchone()[0] == "=1+1 is not a formula here"  # ... not stored
    # importing the re-exported sheet changes nothing: the quote is read back off
    assert "0 noted" in invoke("review", "--db", db, "--import", again, "--reviewer", "ana").stdout


# ------------------------------------------------------------------ export: one bad record does not sink the rest


def test_export_reports_an_invalid_record_by_id_and_exports_the_rest(db, tmp_path):
    conn = sqlite3.connect(db)
    with conn:
        # A stored value the schema refuses (extraction now normalises p operators such as '<or=', and the
        # export reads values after review, so the bad value here is the study's design).
        conn.execute("UPDATE extractions SET design = 'bogus design' WHERE study_id = "
                     "(SELECT id FROM studies WHERE pmid = '36233755')")
    conn.close()
    out = tmp_path / "out.jsonl"
    result = invoke("export", "--db", db, "--out", out)
    assert result.exit_code == 0, result.output
    assert "warning: not exported: 36233755: export record does not match the schema" in result.stderr
    exported = [json.loads(line)["pmid"] for line in out.read_text().splitlines()]
    assert len(exported) == 5 and "36233755" not in exported


def test_p_value_operators_are_normalised_at_extraction():
    from stemfoot.extract.number_grammar import normalise_p_operator

    assert {normalise_p_operator(op) for op in ("<or=", "< or =", "≤", "=<", "<=", "⩽")} == {"<="}
    assert {normalise_p_operator(op) for op in (">or=", "≥", "=>")} == {">="}


# ------------------------------------------------------------------ query --sql limits


def test_sql_never_ending_cte_is_stopped_at_the_time_limit(db):
    started = time.monotonic()
    result = invoke("query", "--db", db, "--sql-timeout", "0.5", "--sql",
                    "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT max(x) FROM c")
    assert time.monotonic() - started < 10
    assert result.exit_code == 1
    assert_one_line_error(result.stderr, "longer than 0.5 s", "--sql-timeout")


def test_sql_memory_limit(db):
    from stemfoot.corpus.sql_limits import heap_limit_available

    if not heap_limit_available():
        pytest.skip("this SQLite has no sqlite3_hard_heap_limit64")
    result = invoke("query", "--db", db, "--sql-memory", "8M", "--sql",
                    "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 20000) "
                    "SELECT length(group_concat(hex(randomblob(1000)))) FROM c")
    assert result.exit_code == 1
    assert_one_line_error(result.stderr, "--sql-memory")


# ------------------------------------------------------------------ serve


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.skipif(not datasette_available(), reason="datasette (the `serve` extra) is not installed")
def test_serve_checks_the_host_header_and_dies_with_its_parent(db):
    port = _free_port()
    proc = subprocess.Popen([sys.executable, str(Path(__file__).resolve().parents[2] / "cli.py"), "serve",
                             "--db", db, "--port", str(port)], env=ENV, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    child = None
    try:
        def up() -> bool:
            try:
                return requests.get(f"{base}/-/versions.json", timeout=1).status_code == 200
            except requests.ConnectionError:
                return False
        assert wait_for(up, 60, 0.2), "datasette did not start"
        assert requests.get(f"{base}/-/versions.json", headers={"Host": f"localhost:{port}"}, timeout=5).ok
        rebound = requests.get(f"{base}/-/versions.json", headers={"Host": f"evil.example:{port}"}, timeout=5)
        assert rebound.status_code == 421
        children = subprocess.run(["pgrep", "-P", str(proc.pid)], capture_output=True, text=True).stdout.split()
        assert len(children) == 1
        child = int(children[0])
        proc.send_signal(signal.SIGKILL)  # cannot be caught: the child must notice by itself
        proc.wait()

        def gone() -> bool:
            try:
                os.kill(child, 0)
            except ProcessLookupError:
                return True
            try:  # a zombie re-parented to init counts as gone once reaped; check its state
                return Path(f"/proc/{child}/stat").read_text().split()[2] == "Z"
            except OSError:
                return True
        assert wait_for(gone, 15), "the Datasette child outlived serve"
    finally:
        for pid in (proc.pid, child):
            if pid:
                try:
                    os.kill(pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass

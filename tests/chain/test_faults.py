"""Fault suite, inputs (issue 15): hostile files, limits, special files, kills and locks during ingest.

Every rejected input must leave the database unchanged and give one
`Error:` line with a non-zero exit; nothing may grow without a bound.
Real processes, real `kill -9`, a real FIFO.
"""
from __future__ import annotations

import gzip
import json
import os
import signal
import sqlite3
import sys
import time
import zlib
from pathlib import Path

import pytest
from faults_support import (
    BUNDLED,
    assert_one_line_error,
    count,
    fingerprint,
    integrity,
    invoke,
    run,
    start,
    wait_for,
)


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "c.db"
    result = invoke("ingest", BUNDLED, "--db", path, "-q")
    assert result.exit_code == 0, result.output
    return path


def _gzip_bomb(path: Path, decompressed: int) -> None:
    """A gzip file of ``decompressed`` zero bytes (about 1/1000 of that on disk)."""
    z = zlib.compressobj(9, zlib.DEFLATED, 31)
    chunk = b"\0" * (1 << 20)
    with open(path, "wb") as fh:
        fh.write(z.compress(b"title,abstract\n"))
        for _ in range(decompressed >> 20):
            fh.write(z.compress(chunk))
        fh.write(z.flush())


# ------------------------------------------------------------------ hostile files

HOSTILE = {
    "binary.xml": b"\x00\x01\x02\xff\xfe" * 200,
    "nul_in_csv.csv": b"title,abstract\nA\x00B,text\n",
    "truncated.xml": b"<PubmedArticleSet><PubmedArticle><MedlineCitation><PMID>1</PMID>",
    "not_pubmed.xml": b"<html><body>hello</body></html>",
    "entity_bomb.xml": (b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
                        b"<PubmedArticleSet>&b;</PubmedArticleSet>"),
    "external_entity.xml": (b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
                            b"<PubmedArticleSet>&e;</PubmedArticleSet>"),
    "deep.xml": b"<PubmedArticleSet>" + b"<a>" * 100_000 + b"</a>" * 100_000 + b"</PubmedArticleSet>",
    "latin1.txt": "PMID- 1\nTI  - Caf\xe9 study\nAB  - Abstract\n".encode("latin-1"),
    "utf16.csv": "title,abstract\nA,B\n".encode("utf-16"),
    "bom_only.csv": b"\xef\xbb\xbf",
    "empty.ris": b"",
    "blank.jsonl": b"\n\n   \n",
    "array.jsonl": b"[1, 2, 3]\n",
    "number.jsonl": b"42\n",
    "bad_json.jsonl": b'{"title": "A", \n',
    "no_title.csv": b"foo,bar\n1,2\n",
    "bad_pmid.csv": b"title,abstract,pmid\nA,B,12x\n",
    "bad_year.csv": b"title,abstract,year\nA,B,someday\n",
    "ragged_quotes.csv": b'title,abstract\n"A,"B\n"C",D"\n',
    "ris_tag_first.ris": b"AU  - Smith\nTY  - JOUR\nER  - \n",
    "ris_no_end.ris": b"TY  - JOUR\nTI  - A\n",
    "fake.gz": b"title,abstract\nA,B\n",
    "corrupt.csv.gz": b"\x1f\x8b\x08\x00" + b"\xff" * 64,
    "truncated.csv.gz": gzip.compress(b"title,abstract\n" + b"A,B\n" * 5000)[:200],
    "unknown.bin": b"\x89PNG\r\n\x1a\n" + b"\0" * 32,
    "huge_year.jsonl": b'{"title": "A", "abstract": "B", "year": 99999999999999999999}\n',
    "nested_title.jsonl": b'{"title": {"a": [1, 2]}, "abstract": "B"}\n',
    "deep_json.jsonl": b'{"title": "A", "abstract": ' + b"[" * 100_000 + b"]" * 100_000 + b"}\n",  # RecursionError
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_file_is_one_line_error_or_ingested_and_never_a_traceback(db, tmp_path, name):
    path = tmp_path / name
    path.write_bytes(HOSTILE[name])
    before = fingerprint(db)
    result = invoke("ingest", path, "--db", db)
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    if result.exit_code != 0:
        assert_one_line_error(result.stderr, str(path))
        assert fingerprint(db) == before
    assert integrity(db) == "ok"


def test_fifo_is_refused_at_once(db, tmp_path):
    fifo = tmp_path / "records.xml"
    os.mkfifo(fifo)
    for args in (("ingest", fifo, "--db", db), ("meta", fifo)):  # real processes: a hang is a timeout
        done = run(*args, timeout=30)
        assert done.returncode == 1
        assert_one_line_error(done.stderr, "named pipe")
    for args in (("tag-pico", "--conll", fifo, "--out", tmp_path / "o"), ("review", "--db", db, "--import", fifo)):
        result = invoke(*args)  # refused before anything opens the pipe
        assert result.exit_code == 1
        assert_one_line_error(result.stderr, "named pipe")


def test_empty_pmid_lines_are_missing_pmids(db, tmp_path):
    medline = "PMID- \nTI  - First study without id\nAB  - One.\n\nPMID-\nTI  - Second study without id\nAB  - Two.\n"
    (tmp_path / "a.nbib").write_text(medline)
    (tmp_path / "b.nbib").write_text(medline.replace("study", "trial"))
    for name in ("a.nbib", "b.nbib"):
        result = invoke("ingest", tmp_path / name, "--db", db, "--format", "medline")
        assert result.exit_code == 0, result.output
        assert result.stdout.endswith(": 2 new, 0 updated, 0 unchanged, 0 skipped\n")
    assert count(db, "SELECT count(*) FROM studies WHERE pmid = ''") == 0
    assert count(db, "SELECT count(*) FROM studies WHERE pmid IS NULL AND local_id LIKE 'local:%'") == 6


def test_ris_record_cut_by_a_new_ty_is_kept_with_a_warning(db, tmp_path):
    ris = tmp_path / "cut.ris"
    ris.write_text("TY  - JOUR\nTI  - Cut short\nAB  - No end tag.\nTY  - JOUR\nTI  - Whole\nAB  - Fine.\nER  - \n")
    result = invoke("ingest", ris, "--db", db)
    assert result.exit_code == 0, result.output
    assert "2 new" in result.stdout
    assert "no 'ER  - ' end tag before the next 'TY  - ' on line 4; kept" in result.stderr
    assert count(db, "SELECT count(*) FROM studies WHERE title = 'Cut short'") == 1


# ------------------------------------------------------------------ limits


def test_gzip_bomb_stops_at_the_ratio_in_bounded_memory(db, tmp_path):
    bomb = tmp_path / "bomb.csv.gz"
    _gzip_bomb(bomb, 128 << 20)
    assert bomb.stat().st_size < 1 << 20
    before = fingerprint(db)
    # 1 GiB of address space: bounded, the reader stops after a few MiB.
    limit = "import resource, runpy, sys; resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30)); "
    done = __import__("subprocess").run(
        [sys.executable, "-c", limit + f"sys.argv = ['stemfoot', 'ingest', {str(bomb)!r}, '--db', {str(db)!r}]; "
         f"runpy.run_path({str(Path(__file__).resolve().parents[2] / 'cli.py')!r}, run_name='__main__')"],
        env=__import__("faults_support").ENV, capture_output=True, text=True, timeout=60)
    assert done.returncode == 1
    assert_one_line_error(done.stderr, str(bomb), "a gzip bomb?", "--max-gzip-ratio")
    assert fingerprint(db) == before
    # the decompressed-size limit, named too
    small = tmp_path / "big.csv.gz"
    small.write_bytes(gzip.compress(b"title,abstract\n" + b"A study,An abstract\n" * 200_000))
    result = invoke("ingest", small, "--db", db, "--max-input-size", "1M")
    assert result.exit_code == 1
    assert_one_line_error(result.stderr, "after decompression", "--max-input-size")


def test_record_size_limit_names_the_record_and_the_option(db, tmp_path):
    path = tmp_path / "long.jsonl"
    path.write_text(json.dumps({"title": "Long", "abstract": "x" * (2 << 20)}) + "\n")
    result = invoke("ingest", path, "--db", db, "--max-record-size", "1M")
    assert result.exit_code == 1
    assert_one_line_error(result.stderr, f"{path}: line 1", "--max-record-size")
    assert invoke("ingest", path, "--db", db).exit_code == 0  # the default (16 MiB) takes it


def test_long_csv_field_is_ingested_up_to_a_stated_maximum(db, tmp_path):
    abstract = "Cells healed ulcers. " * 10_000  # 210,000 characters: over the csv module's 131,072
    path = tmp_path / "long.csv"
    path.write_text(f'title,abstract\nLong abstract study,"{abstract}"\n')
    result = invoke("ingest", path, "--db", db)
    assert result.exit_code == 0, result.output
    assert count(db, "SELECT length(abstract) FROM studies WHERE title = 'Long abstract study'") == len(abstract.strip())
    path2 = tmp_path / "long2.csv"
    path2.write_text(f'title,abstract\nOther long study,"{abstract}"\n')
    result = invoke("ingest", path2, "--db", db, "--max-csv-field", "100K")
    assert result.exit_code == 1
    assert_one_line_error(result.stderr, "line", "limit 102,400", "--max-csv-field")


# ------------------------------------------------------------------ kills, staging, locks


def _records_jsonl(path: Path, n: int, tag: str = "") -> None:
    with open(path, "w") as fh:
        for i in range(n):
            fh.write(json.dumps({"title": f"Synthetic trial {tag}{i} of cells for foot ulcers",
                                 "abstract": f"In {i} patients stem cells were given. " * 8, "year": 2000 + i % 20}) + "\n")


def test_kill_during_ingest_leaves_the_database_as_it_was(db, tmp_path):
    big = tmp_path / "big.jsonl"
    _records_jsonl(big, 20_000)
    before = fingerprint(db)
    for delay in (0.8, 2.0):
        proc = start("ingest", big, "--db", db)
        time.sleep(delay)
        # On an idle fast machine the ingest can commit before the kill lands (the staged file swapped in, the
        # process not yet gone): then the whole file is in, never a part of it.
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        assert integrity(db) == "ok"
        if fingerprint(db) != before:
            assert count(db, "SELECT count(*) FROM studies WHERE title LIKE 'Synthetic trial %'") == 20_000
            break


def test_ingest_holds_the_write_lock_only_for_the_swap(db, tmp_path):
    big = tmp_path / "big.jsonl"
    _records_jsonl(big, 20_000)
    ingest = start("ingest", big, "--db", db, "-q")
    try:
        assert wait_for(lambda: any(Path("/tmp").glob("stemfoot-ingest-*.stage")) or ingest.poll() is not None, 20)
        # While the file is read and staged, another writer gets the lock at once.
        screen = run("--lock-timeout", "2", "screen", "27219884", "--include", "--db", db, timeout=60)
        assert screen.returncode == 0, screen.stderr
        assert ingest.poll() is None, "the ingest ended before the concurrent write; make the file larger"
    finally:
        out, err = ingest.communicate(timeout=120)
    assert ingest.returncode == 0, err
    assert out.endswith(": 20000 new, 0 updated, 0 unchanged, 0 skipped\n")
    assert count(db, "SELECT count(*) FROM screening_events") == 1


def test_a_file_failing_at_its_last_record_stores_nothing(db, tmp_path):
    path = tmp_path / "bad_tail.jsonl"
    _records_jsonl(path, 2_500)
    with open(path, "a") as fh:
        fh.write("{not json\n")
    before = fingerprint(db)
    result = invoke("ingest", path, "--db", db)
    assert result.exit_code == 1
    assert_one_line_error(result.stderr, "line 2501", "nothing from this file or batch was stored")
    assert fingerprint(db) == before


def test_lock_wait_is_configurable_and_ends_in_one_line(db):
    holder = __import__("subprocess").Popen(
        [sys.executable, "-c", "import sqlite3, sys, time; c = sqlite3.connect(sys.argv[1]); "
         "c.execute('BEGIN IMMEDIATE'); print('locked', flush=True); time.sleep(30)", str(db)],
        stdout=__import__("subprocess").PIPE, text=True)
    try:
        assert holder.stdout.readline() == "locked\n"
        started = time.monotonic()
        done = run("--lock-timeout", "0.5", "screen", "27219884", "--include", "--db", db)
        assert time.monotonic() - started < 15
        assert done.returncode == 1
        assert_one_line_error(done.stderr, "locked by another stemfoot process", "waited 0.5 s", "--lock-timeout")
        env_done = run("ingest", BUNDLED, "--db", db, env={**__import__("faults_support").ENV,
                                                           "STEMFOOT_LOCK_TIMEOUT": "0.5"})
        assert env_done.returncode == 1
        assert_one_line_error(env_done.stderr, "locked")
    finally:
        holder.kill()
        holder.wait()


def test_read_only_database_opens_for_reading_commands(db, tmp_path):
    from faults_support import can_mount, small_fs

    if not can_mount():
        pytest.skip("needs root on Linux to mount a read-only filesystem")
    try:
        with small_fs(tmp_path / "ro", "8m") as mount:
            target = mount / "weird #1?.db"  # '#' and '?' broke the old file: URI
            from test_report_support import extracted_copy

            src, dst = sqlite3.connect(extracted_copy(tmp_path)), sqlite3.connect(target)
            src.backup(dst)
            src.close()
            dst.close()
            __import__("subprocess").run(["mount", "-o", "remount,ro", str(mount)], check=True)
            for args in (("stats", "--db", target), ("show", "27219884", "--db", target), ("export", "--db", target),
                         ("query", "--db", target, "--sql", "SELECT count(*) AS n FROM studies", "--csv"),
                         ("query", "--db", target, "--csv"),
                         ("report", "--db", target, "--out", tmp_path / "r.html")):
                result = invoke(*args)
                assert result.exit_code == 0, (args, result.output)
            assert invoke("query", "--db", target, "--sql", "SELECT count(*) AS n FROM studies",
                          "--csv").stdout == "n\n6\n"
            write = invoke("screen", "27219884", "--include", "--db", target)
            assert write.exit_code == 1 and "read-only" in write.stderr
    except OSError as exc:
        pytest.skip(f"cannot mount a tmpfs here: {exc}")

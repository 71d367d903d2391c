"""Read-only opening and query --sql limits: time, SQLite heap, rows, result size, refused writes."""
from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from stemfoot.corpus.errors import CorpusError
from stemfoot.corpus.sql_limits import (
    SqlLimitError,
    SqlRefused,
    _heap_api,
    heap_limit_available,
    open_readonly,
    readonly_uri,
    run_limited,
)

ENDLESS = "WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r) SELECT max(i) FROM r"


def _make_db(path: Path, rows: int = 5000, wal: bool = True) -> Path:
    conn = sqlite3.connect(path)
    if wal:
        conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("CREATE TABLE studies (id INTEGER PRIMARY KEY, title TEXT)")
    conn.executemany("INSERT INTO studies (title) VALUES (?)", [(f"study {i}",) for i in range(rows)])
    conn.commit()
    conn.close()
    return path


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def db(tmp_path):
    return _make_db(tmp_path / "corpus.db")


def test_select_and_introspection(db):
    result = run_limited(db, "SELECT id, title FROM studies WHERE id <= 3 ORDER BY id", heap_bytes=None)
    assert result.columns == ["id", "title"] and result.rows == [(1, "study 0"), (2, "study 1"), (3, "study 2")]
    assert run_limited(db, "PRAGMA table_info(studies)", heap_bytes=None).rows[1][1] == "title"
    assert run_limited(db, "SELECT name FROM pragma_table_info('studies')", heap_bytes=None).rows == [("id",), ("title",)]
    assert run_limited(db, "PRAGMA user_version", heap_bytes=None).rows == [(0,)]


@pytest.mark.parametrize("sql", [
    "INSERT INTO studies (title) VALUES ('x')",
    "DELETE FROM studies",
    "UPDATE studies SET title = 'x'",
    "DROP TABLE studies",
    "CREATE TEMP TABLE t (x)",
    "ATTACH DATABASE 'other.db' AS o",
    "PRAGMA user_version = 7",
    "PRAGMA hard_heap_limit = 0",
    "PRAGMA query_only = OFF",
    "PRAGMA writable_schema = ON",
    "SELECT load_extension('x')",
])
def test_writes_attach_and_settings_are_refused(db, sql):
    before = _digest(db)
    with pytest.raises(CorpusError) as caught:
        run_limited(db, sql, heap_bytes=None)
    assert isinstance(caught.value, SqlRefused) or "not authorized" in str(caught.value)
    assert "\n" not in str(caught.value)
    assert _digest(db) == before
    assert not (db.parent / "other.db").exists()


def test_two_statements_are_one_line_error(db):
    with pytest.raises(CorpusError, match="SQL error"):
        run_limited(db, "SELECT 1; SELECT 2", heap_bytes=None)


def test_time_limit_stops_a_runaway_query(db):
    start = time.monotonic()
    with pytest.raises(SqlLimitError) as caught:
        run_limited(db, ENDLESS, max_seconds=0.3, heap_bytes=None)
    assert time.monotonic() - start < 2.0
    assert str(caught.value).endswith("(limit 0.3 s; raise it with --sql-timeout)")


def test_row_cap_and_result_size_cap(db):
    with pytest.raises(SqlLimitError, match=r"more than 1,000 rows .*--max-rows"):
        run_limited(db, "SELECT * FROM studies", max_rows=1000, heap_bytes=None)
    assert len(run_limited(db, "SELECT * FROM studies", max_rows=5000, heap_bytes=None).rows) == 5000
    with pytest.raises(SqlLimitError, match="--max-result-size"):
        run_limited(db, "SELECT zeroblob(1000000) FROM studies", max_result_bytes=4 << 20, heap_bytes=None)


@pytest.mark.skipif(not heap_limit_available(), reason="this SQLite has no sqlite3_hard_heap_limit64")
def test_heap_limit_stops_a_memory_hog_and_is_restored(db):
    api = _heap_api()
    before = api(-1)
    hog = ("WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r LIMIT 600000) "
           "SELECT length(group_concat(printf('%020d', i), '')) FROM r")
    with pytest.raises(SqlLimitError) as caught:
        run_limited(db, hog, heap_bytes=8 << 20, max_seconds=10)
    assert "(limit 8 MiB; raise it with --sql-memory)" in str(caught.value)
    assert api(-1) == before  # the process-wide limit is back as it was
    assert run_limited(db, hog, heap_bytes=None, max_seconds=10).rows == [(12_000_000,)]


def test_uri_quotes_awkward_paths(tmp_path):
    odd = tmp_path / "a?b#c%20 d"
    odd.mkdir()
    db = _make_db(odd / "corpus?.db", rows=3)
    assert "?" not in readonly_uri(db).split("?mode=ro")[0]
    assert run_limited(db, "SELECT count(*) FROM studies", heap_bytes=None).rows == [(3,)]


def test_refuses_missing_and_non_sqlite(tmp_path):
    with pytest.raises(CorpusError, match="no such database"):
        open_readonly(tmp_path / "none.db")
    junk = tmp_path / "junk.db"
    junk.write_text("not sqlite at all, just text")
    with pytest.raises(CorpusError, match="not a SQLite database"):
        open_readonly(junk)


def test_newer_schema_is_refused(tmp_path):
    db = _make_db(tmp_path / "new.db", rows=1)
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA user_version = 999")
    conn.commit()
    conn.close()
    with pytest.raises(CorpusError, match="newer than this stemfoot"):
        open_readonly(db)


def _mount(where: Path) -> bool:
    if sys.platform != "linux" or os.geteuid() != 0:
        return False
    return subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(where)],
                          capture_output=True).returncode == 0


def test_read_only_mount_falls_back_to_immutable_but_not_over_a_wal(tmp_path):
    mnt = tmp_path / "ro"
    mnt.mkdir()
    if not _mount(mnt):
        pytest.skip("cannot mount a tmpfs here (needs root and mount privileges)")
    try:
        _make_db(mnt / "clean.db", rows=10)  # WAL mode, closed cleanly: no -wal left
        src = tmp_path / "dirty.db"
        writer = sqlite3.connect(src)
        writer.execute("PRAGMA journal_mode = WAL")
        writer.execute("PRAGMA wal_autocheckpoint = 0")
        writer.execute("CREATE TABLE studies (id INTEGER PRIMARY KEY, title TEXT)")
        writer.commit()
        writer.execute("INSERT INTO studies (title) VALUES ('only in the wal')")
        writer.commit()
        shutil.copy(src, mnt / "dirty.db")
        shutil.copy(f"{src}-wal", mnt / "dirty.db-wal")
        writer.close()
        subprocess.run(["mount", "-o", "remount,ro", str(mnt)], check=True)
        plain = sqlite3.connect(readonly_uri(mnt / "clean.db"), uri=True)
        try:
            with pytest.raises(sqlite3.OperationalError):  # what a plain mode=ro open does there
                plain.execute("SELECT 1 FROM studies").fetchall()
        finally:
            plain.close()
        assert run_limited(mnt / "clean.db", "SELECT count(*) FROM studies", heap_bytes=None).rows == [(10,)]
        with pytest.raises(CorpusError, match="-wal file holds changes"):
            open_readonly(mnt / "dirty.db")
    finally:
        subprocess.run(["umount", str(mnt)], check=False)
